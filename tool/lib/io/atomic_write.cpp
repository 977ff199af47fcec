#include "io/atomic_write.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <optional>
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

// The owner and group the new file takes over from the one it replaces.
struct Keep {
    uid_t uid;
    gid_t gid;
};

// Writes parts to a temporary file in dir (so that the rename stays on one file system), flushes
// it, gives it its mode (and owner), and renames it over target. `name` is how errors name the file.
void writeAndRename(const std::filesystem::path& target, const std::string& name,
                    std::initializer_list<std::string_view> parts, mode_t mode, const std::optional<Keep>& keep) {
    std::filesystem::path dir = target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
    std::string tmpl = (dir / ("." + target.filename().string() + ".pith-XXXXXX")).string();
    int fd = ::mkstemp(tmpl.data());
    if (fd < 0) throw OutputError(name + ": cannot create a temporary file in " + dir.string() + ": " + std::strerror(errno));
    try {
        if (keep) {
            struct stat own {};
            if (::fstat(fd, &own) != 0) throw OutputError(name + ": cannot stat the temporary file: " + std::strerror(errno));
            // chown before chmod: changing the owner clears set-user-ID and set-group-ID bits.
            if ((own.st_uid != keep->uid || own.st_gid != keep->gid) && ::fchown(fd, keep->uid, keep->gid) != 0)
                throw OutputError(name + ": cannot keep the file's owner and group (uid " + std::to_string(keep->uid) +
                                  ", gid " + std::to_string(keep->gid) + "): " + std::strerror(errno) +
                                  "; the file is unchanged");
        }
        // mkstemp creates 0600; an ordinary output is world-readable like any file cp would write.
        if (::fchmod(fd, mode) != 0) throw OutputError(name + ": cannot set the file mode: " + std::strerror(errno));
        for (std::string_view part : parts) writeAll(fd, part, name);
        if (::fsync(fd) != 0) throw OutputError(name + ": cannot flush: " + std::strerror(errno));
        if (::close(fd) != 0) {
            fd = -1;
            throw OutputError(name + ": cannot close: " + std::strerror(errno));
        }
        fd = -1;
        if (::rename(tmpl.c_str(), target.c_str()) != 0)
            throw OutputError(name + ": cannot rename into place: " + std::strerror(errno));
    } catch (...) {
        if (fd >= 0) ::close(fd);
        ::unlink(tmpl.c_str());
        throw;
    }
}

}  // namespace

void writeFileAtomically(const std::filesystem::path& target, std::string_view data, bool privateMode) {
    writeFileAtomically(target, {data}, privateMode);
}

void writeFileAtomically(const std::filesystem::path& target, std::initializer_list<std::string_view> parts,
                         bool privateMode) {
    writeAndRename(target, target.string(), parts, privateMode ? 0600 : 0644, std::nullopt);
}

void replaceFileAtomically(const std::filesystem::path& file, std::initializer_list<std::string_view> parts) {
    const std::string name = file.string();
    // A symlink (or a chain of them, or a linked directory on the way) is followed: the file it
    // points to is replaced and the link stays a link.
    char* resolved = ::realpath(file.c_str(), nullptr);
    if (!resolved) throw OutputError(name + ": cannot resolve: " + std::strerror(errno));
    const std::filesystem::path target(resolved);
    std::free(resolved);
    struct stat st {};
    if (::stat(target.c_str(), &st) != 0) throw OutputError(name + ": cannot stat: " + std::strerror(errno));
    if (!S_ISREG(st.st_mode)) throw OutputError(name + ": not a regular file");
    // Renaming over a file needs only a writable directory; replacing a file one may not write
    // would bypass its permissions.
    if (::access(target.c_str(), W_OK) != 0) throw OutputError(name + ": cannot replace: " + std::strerror(errno));
    writeAndRename(target, name, parts, st.st_mode & 07777, Keep{st.st_uid, st.st_gid});
}

void writeStdout(std::string_view data) { writeAll(STDOUT_FILENO, data, "<stdout>"); }

void writeStdout(std::initializer_list<std::string_view> parts) {
    for (std::string_view part : parts) writeAll(STDOUT_FILENO, part, "<stdout>");
}

}  // namespace pith::io
