#include "io/mapped_file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>

namespace pith::io {

namespace {

std::size_t pageSize() {
    static const std::size_t size = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    return size;
}

std::size_t roundUp(std::uint64_t n) { return static_cast<std::size_t>((n + pageSize() - 1) / pageSize() * pageSize()); }

}  // namespace

std::shared_ptr<MappedFile> MappedFile::open(const std::filesystem::path& path, std::uint64_t maxSize, std::size_t room) {
    std::shared_ptr<MappedFile> f(new MappedFile);
    f->fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (f->fd_ < 0) return nullptr;
    struct stat st {};
    if (::fstat(f->fd_, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 0 || static_cast<std::uint64_t>(st.st_size) > maxSize)
        return nullptr;
    f->size_ = static_cast<std::uint64_t>(st.st_size);
    // One reservation for the file and the room after it, so that nothing else is mapped between.
    f->reserved_ = roundUp(f->size_) + roundUp(room);
    if (f->reserved_ == 0) return f;
    void* base = ::mmap(nullptr, f->reserved_, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (base == MAP_FAILED) {
        f->reserved_ = 0;
        return nullptr;
    }
    f->base_ = static_cast<char*>(base);
    if (f->size_ > 0 &&
        ::mmap(f->base_, static_cast<std::size_t>(f->size_), PROT_READ, MAP_PRIVATE | MAP_FIXED, f->fd_, 0) == MAP_FAILED)
        return nullptr;
    return f;
}

MappedFile::~MappedFile() {
    if (base_) ::munmap(base_, reserved_);
    if (fd_ >= 0) ::close(fd_);
}

std::string_view MappedFile::bytes() const { return {base_, static_cast<std::size_t>(size_)}; }

std::optional<std::string_view> MappedFile::append(std::string_view tail) {
    const std::uint64_t end = size_ + tail.size();
    if (appended_ || !base_ || end > reserved_) return std::nullopt;
    // From the page holding the file's last byte (a private copy of it is made when written: the
    // file is not changed) to the end of the tail.
    const std::size_t from = static_cast<std::size_t>(size_ / pageSize() * pageSize());
    const std::size_t length = roundUp(end) - from;
    if (length > 0) {
        if (::mprotect(base_ + from, length, PROT_READ | PROT_WRITE) != 0) return std::nullopt;
        std::memcpy(base_ + size_, tail.data(), tail.size());
        if (::mprotect(base_ + from, length, PROT_READ) != 0) return std::nullopt;
    }
    appended_ = true;
    return std::string_view(base_, static_cast<std::size_t>(end));
}

}  // namespace pith::io
