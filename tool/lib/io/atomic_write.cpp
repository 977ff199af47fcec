#include "io/atomic_write.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <optional>
#include <string>
#include <vector>

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

// Copies the first `length` bytes of `source` to fd inside the kernel where the file systems allow
// it (copy_file_range: the bytes never enter the process), else through a small buffer.
void copyFrom(int source, std::uint64_t length, int fd, const std::string& name) {
    loff_t in = 0;
    while (static_cast<std::uint64_t>(in) < length) {
        const ssize_t n =
            ::copy_file_range(source, &in, fd, nullptr, static_cast<size_t>(length - static_cast<std::uint64_t>(in)), 0);
        if (n > 0) continue;
        if (n < 0 && errno == EINTR) continue;
        if (n == 0) throw OutputError(name + ": the input became shorter while it was copied");
        if (errno != EXDEV && errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP && errno != EBADF)
            throw OutputError(name + ": cannot copy the input: " + std::strerror(errno));
        std::vector<char> buffer(128 * 1024);
        while (static_cast<std::uint64_t>(in) < length) {
            const ssize_t r =
                ::pread(source, buffer.data(),
                        static_cast<size_t>(std::min<std::uint64_t>(buffer.size(), length - static_cast<std::uint64_t>(in))), in);
            if (r < 0 && errno == EINTR) continue;
            if (r < 0) throw OutputError(name + ": cannot read the input: " + std::strerror(errno));
            if (r == 0) throw OutputError(name + ": the input became shorter while it was copied");
            writeAll(fd, std::string_view(buffer.data(), static_cast<size_t>(r)), name);
            in += r;
        }
    }
}

// The owner and group the new file takes over from the one it replaces.
struct Keep {
    uid_t uid;
    gid_t gid;
};

// Writes the content (body writes it to the descriptor) to a temporary file in dir (so that the
// rename stays on one file system), flushes it, gives it its mode (and owner), and renames it over
// target. `name` is how errors name the file.
void writeAndRename(const std::filesystem::path& target, const std::string& name, const std::function<void(int)>& body,
                    mode_t mode, const std::optional<Keep>& keep) {
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
                throw OutputError(name + ": cannot keep the file's owner and group (uid " + std::to_string(keep->uid) + ", gid " +
                                  std::to_string(keep->gid) + "): " + std::strerror(errno) + "; the file is unchanged");
        }
        // mkstemp creates 0600; an ordinary output is world-readable like any file cp would write.
        if (::fchmod(fd, mode) != 0) throw OutputError(name + ": cannot set the file mode: " + std::strerror(errno));
        body(fd);
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

std::function<void(int)> partsWriter(std::initializer_list<std::string_view> parts, const std::string& name) {
    std::vector<std::string_view> list(parts);
    return [list, name](int fd) {
        for (std::string_view part : list) writeAll(fd, part, name);
    };
}

std::function<void(int)> copyWriter(int source, std::uint64_t length, std::string_view tail, const std::string& name) {
    return [=](int fd) {
        copyFrom(source, length, fd, name);
        writeAll(fd, tail, name);
    };
}

// The regular file behind `file` (symlinks followed), checked to be one the caller may replace.
std::filesystem::path replaceable(const std::filesystem::path& file, struct stat& st) {
    const std::string name = file.string();
    // A symlink (or a chain of them, or a linked directory on the way) is followed: the file it
    // points to is replaced and the link stays a link.
    char* resolved = ::realpath(file.c_str(), nullptr);
    if (!resolved) throw OutputError(name + ": cannot resolve: " + std::strerror(errno));
    const std::filesystem::path target(resolved);
    std::free(resolved);
    if (::stat(target.c_str(), &st) != 0) throw OutputError(name + ": cannot stat: " + std::strerror(errno));
    if (!S_ISREG(st.st_mode)) throw OutputError(name + ": not a regular file");
    // Renaming over a file needs only a writable directory; replacing a file one may not write
    // would bypass its permissions.
    if (::access(target.c_str(), W_OK) != 0) throw OutputError(name + ": cannot replace: " + std::strerror(errno));
    return target;
}

}  // namespace

void writeFileAtomically(const std::filesystem::path& target, std::string_view data, bool privateMode) {
    writeFileAtomically(target, {data}, privateMode);
}

void writeFileAtomically(const std::filesystem::path& target, std::initializer_list<std::string_view> parts, bool privateMode) {
    writeAndRename(target, target.string(), partsWriter(parts, target.string()), privateMode ? 0600 : 0644, std::nullopt);
}

void writeFileAtomically(const std::filesystem::path& target, int source, std::uint64_t length, std::string_view tail) {
    writeAndRename(target, target.string(), copyWriter(source, length, tail, target.string()), 0644, std::nullopt);
}

void replaceFileAtomically(const std::filesystem::path& file, std::initializer_list<std::string_view> parts) {
    struct stat st {};
    const std::filesystem::path target = replaceable(file, st);
    writeAndRename(target, file.string(), partsWriter(parts, file.string()), st.st_mode & 07777, Keep{st.st_uid, st.st_gid});
}

void replaceFileAtomically(const std::filesystem::path& file, int source, std::uint64_t length, std::string_view tail) {
    struct stat st {};
    const std::filesystem::path target = replaceable(file, st);
    writeAndRename(target, file.string(), copyWriter(source, length, tail, file.string()), st.st_mode & 07777,
                   Keep{st.st_uid, st.st_gid});
}

void writeStdout(std::string_view data) { writeAll(STDOUT_FILENO, data, "<stdout>"); }

void writeStdout(std::initializer_list<std::string_view> parts) {
    for (std::string_view part : parts) writeAll(STDOUT_FILENO, part, "<stdout>");
}

}  // namespace pith::io
