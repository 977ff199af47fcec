#include "view/qr_scan.hpp"

#include <zbar.h>

#include <algorithm>
#include <memory>

namespace pith::view {

namespace {

// Each pixel the darkest of itself and its neighbours to the right and below (separably: along
// rows, then columns). A code drawn as one rule per row of modules (the LaTeX package's) leaves
// light hairlines, under a pixel wide, between the rows where a renderer anti-aliases each rule's
// edges (pdf.js, any browser canvas): no camera sees them, but they split a decoder's modules. Dark
// modules grow by one pixel, which a decoder takes in its stride.
std::vector<unsigned char> closeHairlines(const std::vector<unsigned char>& in, size_t width, size_t height) {
    std::vector<unsigned char> rows(in.size()), out(in.size());
    for (size_t y = 0; y < height; ++y)
        for (size_t x = 0; x < width; ++x) {
            const size_t i = y * width + x;
            rows[i] = x + 1 < width ? std::min(in[i], in[i + 1]) : in[i];
        }
    for (size_t y = 0; y < height; ++y)
        for (size_t x = 0; x < width; ++x) {
            const size_t i = y * width + x;
            out[i] = y + 1 < height ? std::min(rows[i], rows[i + width]) : rows[i];
        }
    return out;
}

// Every QR code zbar finds in one image.
std::vector<ScannedCode> scanned(const std::vector<unsigned char>& grey, int width, int height) {
    using namespace zbar;  // zbar.h declares its C API in this namespace when compiled as C++
    std::vector<ScannedCode> out;
    std::unique_ptr<zbar_image_scanner_t, decltype(&zbar_image_scanner_destroy)> scanner(zbar_image_scanner_create(),
                                                                                         zbar_image_scanner_destroy);
    std::unique_ptr<zbar_image_t, decltype(&zbar_image_destroy)> image(zbar_image_create(), zbar_image_destroy);
    if (!scanner || !image) return out;
    // QR codes only: a badge holds no other symbology, and each one enabled is work on every row.
    zbar_image_scanner_set_config(scanner.get(), ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
    zbar_image_scanner_set_config(scanner.get(), ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
    // The data as encoded, not converted between character sets by guesswork.
    zbar_image_scanner_set_config(scanner.get(), ZBAR_QRCODE, ZBAR_CFG_BINARY, 1);
    // Light modules on dark too: phones' readers read inverted codes.
    zbar_image_scanner_set_config(scanner.get(), ZBAR_NONE, ZBAR_CFG_TEST_INVERTED, 1);
    zbar_image_set_format(image.get(), zbar_fourcc('Y', '8', '0', '0'));
    zbar_image_set_size(image.get(), static_cast<unsigned>(width), static_cast<unsigned>(height));
    zbar_image_set_data(image.get(), grey.data(), static_cast<unsigned long>(width) * static_cast<unsigned long>(height),
                        nullptr);
    if (zbar_scan_image(scanner.get(), image.get()) <= 0) return out;
    for (const zbar_symbol_t* s = zbar_image_first_symbol(image.get()); s && out.size() < 64; s = zbar_symbol_next(s)) {
        if (zbar_symbol_get_type(s) != ZBAR_QRCODE) continue;
        ScannedCode code;
        code.text.assign(zbar_symbol_get_data(s), zbar_symbol_get_data_length(s));
        const unsigned corners = zbar_symbol_get_loc_size(s);
        for (unsigned i = 0; i < corners; ++i) {
            const double x = zbar_symbol_get_loc_x(s, i), y = zbar_symbol_get_loc_y(s, i);
            code.left = i ? std::min(code.left, x) : x;
            code.right = i ? std::max(code.right, x) : x;
            code.top = i ? std::min(code.top, y) : y;
            code.bottom = i ? std::max(code.bottom, y) : y;
        }
        out.push_back(std::move(code));
    }
    return out;
}

}  // namespace

std::vector<ScannedCode> scanQrCodes(const std::vector<unsigned char>& grey, int width, int height, bool hairlines) {
    if (width <= 0 || height <= 0 || grey.size() < static_cast<size_t>(width) * static_cast<size_t>(height)) return {};
    std::vector<ScannedCode> out = scanned(grey, width, height);
    if (hairlines)
        for (ScannedCode& c :
             scanned(closeHairlines(grey, static_cast<size_t>(width), static_cast<size_t>(height)), width, height))
            out.push_back(std::move(c));
    return out;
}

}  // namespace pith::view
