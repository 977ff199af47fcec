#pragma once
// QR codes in a rendered image, read by zbar (the decoder behind zbarimg): what a reader's phone
// reads off a printed or displayed page. A badge's QR code is a link for print, so what it encodes
// is checked as a link is.
#include <string>
#include <vector>

namespace pith::view {

struct ScannedCode {
    std::string text;                                 // the symbol's data as zbar gives it
    double left = 0, top = 0, right = 0, bottom = 0;  // its corners' bounding box, pixels of the image
};

// Every QR code zbar finds in an 8-bit grey image (`width` x `height`, rows packed), inverted
// codes too; with `hairlines`, also in the image with each pixel made the darkest of itself and its
// neighbours right and below (renderers' hairlines between rules closed; at a few pixels a module
// that darkening closes light modules instead, so the image as rendered is read as well).
std::vector<ScannedCode> scanQrCodes(const std::vector<unsigned char>& grey, int width, int height, bool hairlines);

}  // namespace pith::view
