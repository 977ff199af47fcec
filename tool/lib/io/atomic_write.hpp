#pragma once
#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <stdexcept>
#include <string_view>

namespace pith::io {

// The output could not be written; nothing partial was left behind.
class OutputError : public std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Writes data to a temporary file beside target, flushes it to disk and renames it over target,
// so a reader sees the old file or the whole new one, never half of it. On any failure the
// temporary file is removed and OutputError names the target and the cause.
void writeFileAtomically(const std::filesystem::path& target, std::string_view data, bool privateMode = false);
// The same for data given in parts (a PDF and the update appended to it), so that no joined copy
// of a large file is ever held in memory.
void writeFileAtomically(const std::filesystem::path& target, std::initializer_list<std::string_view> parts,
                         bool privateMode = false);

// The same for a file made of the first `length` bytes of the open file `source` and `tail` (pith
// stamp's input and its update): the input is copied inside the kernel where the file systems
// allow it (copy_file_range), never read whole into memory.
void writeFileAtomically(const std::filesystem::path& target, int source, std::uint64_t length, std::string_view tail);

// Replaces an existing file the same way, keeping what it was: a symlink is followed (the file it
// points to is replaced, in that file's directory, and the link stays), and the file's mode, owner
// and group are kept. Refuses, leaving the file unchanged, a file the caller may not write and one
// whose owner and group cannot be given to the new file (only root may give away a file). Other
// hard links to the file keep the old content, as with any editor that saves by renaming.
void replaceFileAtomically(const std::filesystem::path& file, std::initializer_list<std::string_view> parts);
void replaceFileAtomically(const std::filesystem::path& file, int source, std::uint64_t length, std::string_view tail);

// Writes data to stdout in full, or throws OutputError.
void writeStdout(std::string_view data);
void writeStdout(std::initializer_list<std::string_view> parts);

}  // namespace pith::io
