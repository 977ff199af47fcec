#include "io/atomic_write.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace pith::io {

namespace {

void writeAll(int fd, std::string_view data, const std::string& name) {
    while (!data.empty()) {
        ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            throw OutputError(name + ": cannot write: " + std::strerror(errno));
        }
        data.remove_prefix(static_cast<size_t>(n));
    }
}

}  // namespace

void writeFileAtomically(const std::filesystem::path& target, std::string_view data, bool privateMode) {
    writeFileAtomically(target, {data}, privateMode);
}

void writeFileAtomically(const std::filesystem::path& target, std::initializer_list<std::string_view> parts,
                         bool privateMode) {
    std::filesystem::path dir = target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
    std::string tmpl = (dir / ("." + target.filename().string() + ".pith-XXXXXX")).string();
    int fd = ::mkstemp(tmpl.data());
    if (fd < 0) throw OutputError(target.string() + ": cannot create a temporary file: " + std::strerror(errno));
    try {
        // mkstemp creates 0600; an ordinary output is world-readable like any file cp would write.
        if (!privateMode) ::fchmod(fd, 0644);
        for (std::string_view part : parts) writeAll(fd, part, target.string());
        if (::fsync(fd) != 0) throw OutputError(target.string() + ": cannot flush: " + std::strerror(errno));
        if (::close(fd) != 0) {
            fd = -1;
            throw OutputError(target.string() + ": cannot close: " + std::strerror(errno));
        }
        fd = -1;
        if (::rename(tmpl.c_str(), target.c_str()) != 0)
            throw OutputError(target.string() + ": cannot rename into place: " + std::strerror(errno));
    } catch (...) {
        if (fd >= 0) ::close(fd);
        ::unlink(tmpl.c_str());
        throw;
    }
}

void writeStdout(std::string_view data) { writeAll(STDOUT_FILENO, data, "<stdout>"); }

void writeStdout(std::initializer_list<std::string_view> parts) {
    for (std::string_view part : parts) writeAll(STDOUT_FILENO, part, "<stdout>");
}

}  // namespace pith::io
