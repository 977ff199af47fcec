#pragma once
// Tokenizer and object parser for PDF syntax (ISO 32000-1 §7.2-7.3), over bytes in memory.
// Recursion is bounded by maxDepth; errors name the byte offset.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "pdf/reader/pdf_object.hpp"

namespace pith::pdf {

bool isPdfWhitespace(char c);
bool isPdfDelimiter(char c);

class ObjectParser {
public:
    // data: the bytes to parse; baseOffset: where data starts in the file (for messages).
    ObjectParser(std::string_view data, int maxDepth, std::uint64_t baseOffset = 0)
        : data_(data), maxDepth_(maxDepth), base_(baseOffset) {}

    // A key given twice in one dictionary becomes an error. Readers differ on which value counts
    // (pith and MuPDF take the last, poppler the first of a large dictionary), so what must be
    // read alike by every viewer (a stamp update) may not hold one.
    void refuseDuplicateKeys() { refuseDuplicateKeys_ = true; }

    // The first key met twice in one dictionary so far (when they are not refused), and where.
    struct DuplicateKey {
        std::string key;
        std::uint64_t offset;
    };
    const std::optional<DuplicateKey>& duplicateKey() const { return duplicateKey_; }

    size_t pos() const { return pos_; }
    void seek(size_t pos) { pos_ = pos; }
    bool atEnd() {
        skipWhitespace();
        return pos_ >= data_.size();
    }
    std::uint64_t fileOffset() const { return base_ + pos_; }

    void skipWhitespace();  // also comments
    // Parses one object; "N G R" becomes a reference.
    Object parseObject() { return parse(0); }
    // Consumes the keyword if it is the next token (followed by a delimiter or whitespace).
    bool acceptKeyword(std::string_view keyword);
    // Reads an unsigned integer token if it is next; otherwise leaves the position unchanged.
    std::optional<std::uint64_t> acceptUnsigned();
    [[noreturn]] void fail(const std::string& what) const;

private:
    Object parse(int depth);
    Object parseNumberOrRef();
    std::string parseName();
    std::string parseLiteralString();
    std::string parseHexString();

    std::string_view data_;
    int maxDepth_;
    std::uint64_t base_;
    size_t pos_ = 0;
    bool refuseDuplicateKeys_ = false;
    std::optional<DuplicateKey> duplicateKey_;
};

}  // namespace pith::pdf
