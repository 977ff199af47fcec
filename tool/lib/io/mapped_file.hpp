#pragma once
// A regular file mapped read-only, its descriptor kept open, with address space reserved after it.
// - Bytes appended later (pith stamp's update) lie right after the file's own, so the stamped
//   document is one contiguous view without a second copy of the file in memory.
// - The same file can be read again through the descriptor (pread, copy_file_range): hashing or
//   copying a large file then does not make every page of it resident in the process, and reads
//   the very file that is mapped, never one renamed into its place meanwhile.
// As with any mapping, a file truncated by another process while it is read ends the process:
// pith reads the files it was given, not files being written.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string_view>

namespace pith::io {

class MappedFile {
public:
    // nullptr when `path` is not a regular file that can be opened and mapped, or is larger than
    // maxSize: the caller reads it its usual way, which names the problem. `room` is the address
    // space reserved for append() (no memory is used until it is written).
    static std::shared_ptr<MappedFile> open(const std::filesystem::path& path, std::uint64_t maxSize, std::size_t room = 0);
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    std::string_view bytes() const;  // the file as it was mapped
    int descriptor() const { return fd_; }
    std::uint64_t size() const { return size_; }
    // Writes `tail` right after the file's bytes (the file itself is not changed) and returns the
    // file followed by the tail; nullopt when it does not fit the room, or was appended before.
    std::optional<std::string_view> append(std::string_view tail);

private:
    MappedFile() = default;
    int fd_ = -1;
    std::uint64_t size_ = 0;
    char* base_ = nullptr;  // reservation: the file's pages, then `room`
    std::size_t reserved_ = 0;
    bool appended_ = false;
};

}  // namespace pith::io
