#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

namespace pith::qr {

// A QR code as a square of modules, row 0 at the top, without the quiet zone.
struct QrMatrix {
    int size = 0;
    std::vector<std::uint8_t> dark;  // size*size entries, 1 = dark
    bool at(int x, int y) const { return dark[static_cast<size_t>(y) * size + x] != 0; }
};

// Encodes text (byte mode, case kept, error correction level M) with libqrencode.
// Throws std::runtime_error if the text cannot be encoded.
QrMatrix encode(std::string_view text);

}  // namespace pith::qr
