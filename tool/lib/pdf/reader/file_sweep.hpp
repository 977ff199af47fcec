#pragma once
// Reading a whole file in bounded pieces, for the passes that look at every part of it (the search
// for "startxref", the check of every cross-reference offset). When the bytes are mapped from an
// open file (io::MappedFile), the pieces are read through its descriptor with pread: touching
// every page of the mapping would make all of a large file resident in the process, where only
// the objects actually parsed need to be.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace pith::pdf {

class FileSweep {
public:
    // `bytes` is what is swept; with a descriptor, its first `onDisk` bytes are that file's first
    // bytes (the rest, such as a stamp's update appended in memory, is read from `bytes`).
    explicit FileSweep(std::string_view bytes, int descriptor = -1, std::uint64_t onDisk = 0);

    std::uint64_t size() const { return bytes_.size(); }
    // bytes[offset, offset + length), clamped to the end: the bytes themselves, or a copy in
    // `buffer`. Where pread fails the bytes themselves are read (the same file, through the mapping).
    std::string_view read(std::uint64_t offset, std::size_t length, std::string& buffer) const;
    // fn(offset, piece) over consecutive pieces of at most `pieceSize` bytes from the start, each
    // beginning `overlap` bytes before the previous one ended, so that any run of up to overlap + 1
    // bytes lies whole in some piece; stops when fn returns false.
    void forEachPiece(std::size_t pieceSize, std::size_t overlap,
                      const std::function<bool(std::uint64_t, std::string_view)>& fn) const;

private:
    std::string_view bytes_;
    int descriptor_;
    std::uint64_t onDisk_;
};

}  // namespace pith::pdf
