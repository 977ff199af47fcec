#include "qr/qr_matrix.hpp"

#include <qrencode.h>

#include <memory>
#include <stdexcept>
#include <string>

namespace pith::qr {

QrMatrix encode(std::string_view text) {
    std::string s(text);
    // case-sensitive must be 1: otherwise libqrencode upper-cases the payload.
    std::unique_ptr<QRcode, decltype(&QRcode_free)> code(QRcode_encodeString(s.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1),
                                                         &QRcode_free);
    if (!code) throw std::runtime_error("cannot encode a QR code for \"" + s + "\"");
    QrMatrix m;
    m.size = code->width;
    m.dark.resize(static_cast<size_t>(m.size) * m.size);
    for (size_t i = 0; i < m.dark.size(); ++i) m.dark[i] = code->data[i] & 1;
    return m;
}

}  // namespace pith::qr
