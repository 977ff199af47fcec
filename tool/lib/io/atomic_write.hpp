#pragma once
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

// Writes data to stdout in full, or throws OutputError.
void writeStdout(std::string_view data);
void writeStdout(std::initializer_list<std::string_view> parts);

}  // namespace pith::io
