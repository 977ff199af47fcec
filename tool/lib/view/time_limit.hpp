#pragma once
// A wall-clock limit on poppler's work. poppler processes every image row and pattern tile a page
// asks for and has no limit of its own (its C++ API has no abort callback), so a few kilobytes can
// keep it busy for minutes. The work runs on a thread of its own; when it does not finish in time,
// the caller gets ViewerTimeLimit and goes on, and the thread is left to run until the process exits
// (it cannot be stopped from outside; the CLI ends with _Exit, which does not wait for it). The work
// must therefore own everything it touches (shared_ptr captures, copies), never borrow the caller's.
#include <chrono>
#include <condition_variable>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

namespace pith::view {

// "poppler did not finish reading the page within 10 s (PITH_VIEWER_TIME_LIMIT)".
class ViewerTimeLimit : public std::runtime_error {
public:
    ViewerTimeLimit();
};

// The limit: PITH_VIEWER_TIME_LIMIT seconds (a decimal number > 0) when set and valid, else
// kDefaultViewerSeconds. Genuine papers need well under a second.
inline constexpr double kDefaultViewerSeconds = 10;
std::chrono::steady_clock::duration viewerTimeLimit();

// One budget for all of poppler's work in one command: while a ViewerBudget lives on a thread,
// every poppler call made from that thread ends by the same deadline (the budget's start plus
// viewerTimeLimit()), so a file that keeps poppler busy costs a command (verify of one file, stamp
// of one file, which reads the page for placement and then verifies its output) one limit in all,
// not one limit per call. Budgets nest: an inner one never extends the outer one's deadline.
class ViewerBudget {
public:
    ViewerBudget();
    ~ViewerBudget();
    ViewerBudget(const ViewerBudget&) = delete;
    ViewerBudget& operator=(const ViewerBudget&) = delete;

private:
    std::optional<std::chrono::steady_clock::time_point> outer_;
};

// When poppler's work started now must end: now + viewerTimeLimit(), or the thread's budget's
// deadline when that comes first.
std::chrono::steady_clock::time_point viewerDeadline();

// Runs work on its own thread and returns its result, or throws ViewerTimeLimit when it has not
// finished by deadline (work's own exceptions are rethrown). A thread that finished in time is
// joined, so everything work captured (the last reference to a poppler document, and with it
// poppler's global parameters) is destroyed before this returns: a detached thread still releasing
// it would race the process's exit handlers, which tear down poppler's and GnuTLS's globals.
template <class R>
R runUntil(std::chrono::steady_clock::time_point deadline, std::function<R()> work) {
    struct Shared {
        std::mutex m;
        std::condition_variable cv;
        bool done = false;
        std::optional<R> value;
        std::exception_ptr error;
    };
    auto shared = std::make_shared<Shared>();
    std::thread worker([shared, work = std::move(work)]() mutable {
        std::optional<R> value;
        std::exception_ptr error;
        try {
            value.emplace(work());
        } catch (...) {
            error = std::current_exception();
        }
        work = nullptr;  // release what work holds before the caller may go on
        std::lock_guard<std::mutex> lock(shared->m);
        shared->value = std::move(value);
        shared->error = error;
        shared->done = true;
        shared->cv.notify_all();
    });
    bool finished;
    {
        std::unique_lock<std::mutex> lock(shared->m);
        finished = shared->cv.wait_until(lock, deadline, [&] { return shared->done; });
    }
    if (!finished) {
        worker.detach();
        throw ViewerTimeLimit();
    }
    worker.join();
    if (shared->error) std::rethrow_exception(shared->error);
    return std::move(*shared->value);
}

}  // namespace pith::view
