#include "crypto/prefix_digest.hpp"

#include <openssl/evp.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "crypto/digest.hpp"

namespace pith::crypto {

namespace {

void readFully(int fd, char* into, std::size_t length, std::uint64_t at) {
    for (std::size_t done = 0; done < length;) {
        const ssize_t n = ::pread(fd, into + done, length - done, static_cast<off_t>(at + done));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw std::runtime_error(std::string("cannot read the file again: ") + std::strerror(errno));
        if (n == 0) throw std::runtime_error("the file became shorter while it was read");
        done += static_cast<std::size_t>(n);
    }
}

}  // namespace

struct PrefixDigest::State {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    State() {
        if (!ctx || EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) != 1) throw std::runtime_error("OpenSSL: cannot initialise SHA-256");
    }
    explicit State(const State& from) {
        if (!ctx || EVP_MD_CTX_copy_ex(ctx, from.ctx) != 1) throw std::runtime_error("OpenSSL: cannot copy a SHA-256 state");
    }
    ~State() { EVP_MD_CTX_free(ctx); }
    void update(const char* data, std::size_t n) { EVP_DigestUpdate(ctx, data, n); }
    std::string hex() {
        Sha256Digest d{};
        unsigned int len = 0;
        EVP_DigestFinal_ex(ctx, d.data(), &len);
        return toHex(d);
    }
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
    // 128 KiB pieces: they stay in the L2 cache between the read and the hash.
    std::vector<char> buffer(128 * 1024);
    std::string error;
    try {
        State running(*snapshots_.front());
        for (std::uint64_t at = 0; at < size_ && !stop_;) {
            const std::uint64_t snapshotEnd = std::min(size_, (at / kSnapshot + 1) * kSnapshot);
            const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size(), snapshotEnd - at));
            readFully(fd_, buffer.data(), want, at);
            running.update(buffer.data(), want);
            at += want;
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
    std::vector<char> buffer(128 * 1024);
    for (std::uint64_t at = start; at < length;) {
        const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size(), length - at));
        readFully(fd_, buffer.data(), want, at);
        state.update(buffer.data(), want);
        at += want;
    }
    return state.hex();
}

}  // namespace pith::crypto
