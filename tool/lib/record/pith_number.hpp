#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "crypto/digest.hpp"
#include "pith_constants.hpp"

namespace pith::record {

struct PithNumber {
    int year = 0;
    std::string suffix;  // 26 characters of base32

    std::string full() const;                        // pith:2026:XWMJ4DGYPGPNYY3GAECCTV6HU5
    std::string shortForm(size_t length = 8) const;  // pith:XWMJ4DGY
    std::string prefix(size_t length) const { return suffix.substr(0, length); }
    std::string recordUrl() const;  // https://pith.science/pith/<suffix>
    bool operator==(const PithNumber&) const = default;
};

PithNumber numberFromDigest(const crypto::Sha256Digest& digest, int year);

// A Pith Number as a person writes it: `pith:YYYY:SUFFIX26`, `SUFFIX26`, `pith:SHORT8`, or a bare
// prefix of 8, 12 or 16 characters (case-insensitive input, normalised to upper case).
struct NumberQuery {
    std::optional<int> year;
    std::string prefix;  // 8, 12, 16 or 26 characters
    bool matches(const PithNumber& number) const;
    std::string text() const;  // as written back: pith:YYYY:SUFFIX or pith:PREFIX
};

// nullopt with a reason when the text is no Pith Number form.
std::optional<NumberQuery> parseNumber(std::string_view text, std::string* whyNot = nullptr);

}  // namespace pith::record
