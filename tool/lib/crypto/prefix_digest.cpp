#include "crypto/prefix_digest.hpp"

#include <algorithm>
#include <stdexcept>

#include "crypto/digest.hpp"

namespace pith::crypto {

struct PrefixDigest::State {
    Sha256Stream stream;
};

PrefixDigest::PrefixDigest(int fd, std::uint64_t size) : fd_(fd), size_(size) {
    snapshots_.push_back(std::make_shared<State>());
    thread_ = std::thread([this] { run(); });
}

PrefixDigest::~PrefixDigest() {
    cancel();
    thread_.join();
}

void PrefixDigest::cancel() { stop_ = true; }

void PrefixDigest::run() {
    std::string error;
    try {
        State running(*snapshots_.front());
        // One snapshot at a time: a cancel is seen within kSnapshot bytes.
        for (std::uint64_t at = 0; at < size_ && !stop_;) {
            const std::uint64_t snapshotEnd = std::min(size_, (at / kSnapshot + 1) * kSnapshot);
            running.stream.updateFromFile(fd_, at, snapshotEnd);
            at = snapshotEnd;
            if (at % kSnapshot == 0) {
                auto snapshot = std::make_shared<State>(running);
                std::lock_guard<std::mutex> lock(mutex_);
                snapshots_.push_back(std::move(snapshot));
                advanced_.notify_all();
            }
        }
    } catch (const std::exception& e) {
        error = e.what();
    }
    std::lock_guard<std::mutex> lock(mutex_);
    error_ = error;
    done_ = true;
    advanced_.notify_all();
}

std::string PrefixDigest::hexOf(std::uint64_t length) {
    if (length > size_) throw std::runtime_error("the file became shorter while it was read");
    const std::size_t index = static_cast<std::size_t>(length / kSnapshot);
    std::shared_ptr<State> from;
    std::uint64_t start = 0;
    {
        std::unique_lock<std::mutex> lock(mutex_);
        advanced_.wait(lock, [&] { return snapshots_.size() > index || done_; });
        if (snapshots_.size() <= index && !error_.empty()) throw std::runtime_error(error_);
        // Stopped before the snapshot wanted (cancelled): carried on from the last one taken.
        const std::size_t taken = std::min(index, snapshots_.size() - 1);
        from = snapshots_[taken];
        start = taken * kSnapshot;
    }
    State state(*from);
    state.stream.updateFromFile(fd_, start, length);
    return toHex(state.stream.finish());
}

}  // namespace pith::crypto
