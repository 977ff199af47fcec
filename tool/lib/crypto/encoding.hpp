#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "crypto/digest.hpp"

namespace pith::crypto {

// RFC 4648 base32, upper case, no padding.
std::string base32(const std::uint8_t* data, size_t size);

// Standard base64 with padding.
std::string base64(const std::uint8_t* data, size_t size);
// Strict standard base64 (padding required, no whitespace); nullopt when malformed.
std::optional<Bytes> fromBase64(std::string_view text);

}  // namespace pith::crypto
