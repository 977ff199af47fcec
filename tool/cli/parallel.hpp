#pragma once
// Runs one job per input on up to `workers` threads and hands each result to `emit` in input
// order, as soon as it and all before it are done: batch output streams and stays deterministic.
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace pith::cli {

template <typename Result>
void runInOrder(size_t count, unsigned workers, const std::function<Result(size_t)>& job,
                const std::function<void(size_t, Result&)>& emit) {
    std::vector<std::optional<Result>> results(count);
    std::mutex mutex;
    std::condition_variable ready;
    std::atomic<size_t> next{0};
    auto work = [&] {
        for (size_t i = next++; i < count; i = next++) {
            Result r = job(i);
            std::lock_guard<std::mutex> lock(mutex);
            results[i] = std::move(r);
            ready.notify_all();
        }
    };
    workers = std::max(1u, std::min<unsigned>(workers, static_cast<unsigned>(std::max<size_t>(count, 1))));
    std::vector<std::thread> threads;
    for (unsigned w = 0; w < workers; ++w) threads.emplace_back(work);
    for (size_t i = 0; i < count; ++i) {
        std::unique_lock<std::mutex> lock(mutex);
        ready.wait(lock, [&] { return results[i].has_value(); });
        Result r = std::move(*results[i]);
        results[i].reset();
        lock.unlock();
        emit(i, r);
    }
    for (std::thread& t : threads) t.join();
}

}  // namespace pith::cli
