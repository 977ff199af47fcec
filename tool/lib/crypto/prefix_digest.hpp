#pragma once
// SHA-256 of a prefix of an open file whose length is not known yet. pith verify learns the stamped
// length only after the file's structure, XMP and record are read; hashing from that moment left
// the hash (the floor of a large file's verify) to start late. Here one thread reads the whole file
// with pread from the start, keeping the hash state at every kSnapshot bytes; the hash of the first
// L bytes is then the state at the last snapshot at or before L, carried on to L.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace pith::crypto {

class PrefixDigest {
public:
    // Starts hashing `fd` (kept open by the caller for this object's lifetime) from byte 0 to `size`.
    PrefixDigest(int fd, std::uint64_t size);
    ~PrefixDigest();  // stops the thread
    PrefixDigest(const PrefixDigest&) = delete;
    PrefixDigest& operator=(const PrefixDigest&) = delete;

    // Lower-case hex SHA-256 of the file's first `length` bytes (at most size). Waits for the
    // thread to pass the snapshot it needs. Throws std::runtime_error when the file cannot be read
    // again or became shorter.
    std::string hexOf(std::uint64_t length);
    // The hash is not needed (the file claims no stamp): the thread stops reading.
    void cancel();

    static constexpr std::uint64_t kSnapshot = 1 << 20;

private:
    struct State;
    void run();
    int fd_;
    std::uint64_t size_;
    std::mutex mutex_;
    std::condition_variable advanced_;
    std::vector<std::shared_ptr<State>> snapshots_;  // snapshots_[i]: the state after i * kSnapshot bytes
    std::string error_;                              // why the thread stopped early
    bool done_ = false;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

}  // namespace pith::crypto
