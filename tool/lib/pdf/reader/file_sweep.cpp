#include "pdf/reader/file_sweep.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace pith::pdf {

FileSweep::FileSweep(std::string_view bytes, int descriptor, std::uint64_t onDisk)
    : bytes_(bytes), descriptor_(descriptor), onDisk_(descriptor >= 0 ? std::min<std::uint64_t>(onDisk, bytes.size()) : 0) {}

std::string_view FileSweep::read(std::uint64_t offset, std::size_t length, std::string& buffer) const {
    if (offset >= bytes_.size()) return {};
    length = static_cast<std::size_t>(std::min<std::uint64_t>(length, bytes_.size() - offset));
    if (descriptor_ < 0 || offset >= onDisk_) return bytes_.substr(static_cast<std::size_t>(offset), length);
    // From the descriptor up to onDisk_, the rest from the bytes.
    buffer.resize(length);
    const std::size_t fromDisk = static_cast<std::size_t>(std::min<std::uint64_t>(length, onDisk_ - offset));
    std::size_t done = 0;
    while (done < fromDisk) {
        const ssize_t n = ::pread(descriptor_, buffer.data() + done, fromDisk - done, static_cast<off_t>(offset + done));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return bytes_.substr(static_cast<std::size_t>(offset), length);
        done += static_cast<std::size_t>(n);
    }
    std::copy_n(bytes_.data() + offset + fromDisk, length - fromDisk, buffer.data() + fromDisk);
    return buffer;
}

void FileSweep::forEachPiece(std::size_t pieceSize, std::size_t overlap,
                             const std::function<bool(std::uint64_t, std::string_view)>& fn) const {
    std::string buffer;
    const std::size_t step = pieceSize > overlap ? pieceSize - overlap : 1;
    for (std::uint64_t at = 0; at < bytes_.size(); at += step) {
        if (!fn(at, read(at, pieceSize, buffer))) return;
        if (at + pieceSize >= bytes_.size()) return;
    }
}

}  // namespace pith::pdf
