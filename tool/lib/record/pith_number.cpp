#include "record/pith_number.hpp"

#include <cctype>

#include "crypto/encoding.hpp"

namespace pith::record {

std::string PithNumber::full() const { return "pith:" + std::to_string(year) + ":" + suffix; }
std::string PithNumber::shortForm(size_t length) const { return "pith:" + suffix.substr(0, length); }
std::string PithNumber::recordUrl() const { return std::string(kRecordPageBase) + suffix; }

PithNumber numberFromDigest(const crypto::Sha256Digest& digest, int year) {
    // The first 130 bits of the digest: base32 of all 32 bytes, cut to 26 characters.
    // (base32 of the first 16 bytes would pad the last character differently.)
    return PithNumber{year, crypto::base32(digest.data(), digest.size()).substr(0, 26)};
}

bool NumberQuery::matches(const PithNumber& number) const {
    if (year && *year != number.year) return false;
    return number.suffix.compare(0, prefix.size(), prefix) == 0;
}

std::string NumberQuery::text() const { return year ? "pith:" + std::to_string(*year) + ":" + prefix : "pith:" + prefix; }

namespace {

bool isBase32(char c) { return (c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7'); }

std::optional<NumberQuery> fail(std::string* whyNot, std::string reason) {
    if (whyNot) *whyNot = std::move(reason);
    return std::nullopt;
}

}  // namespace

std::optional<NumberQuery> parseNumber(std::string_view text, std::string* whyNot) {
    std::string s;
    for (char c : text) s += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    NumberQuery q;
    if (s.rfind("PITH:", 0) == 0) {
        s.erase(0, 5);
        size_t colon = s.find(':');
        if (colon != std::string::npos) {
            std::string year = s.substr(0, colon);
            if (year.size() != 4 || year.find_first_not_of("0123456789") != std::string::npos)
                return fail(whyNot, "the year in \"" + std::string(text) + "\" is not four digits");
            q.year = std::stoi(year);
            s.erase(0, colon + 1);
            if (s.size() != 26)
                return fail(whyNot, "pith:YYYY: must be followed by the 26-character suffix in \"" + std::string(text) + "\"");
        }
    }
    if (s.size() != 8 && s.size() != 12 && s.size() != 16 && s.size() != 26)
        return fail(whyNot, "\"" + std::string(text) + "\" is no Pith Number: expected 8, 12, 16 or 26 base32 characters");
    for (char c : s)
        if (!isBase32(c)) return fail(whyNot, "\"" + std::string(text) + "\" has a character outside base32 (A-Z, 2-7)");
    q.prefix = s;
    return q;
}

}  // namespace pith::record
