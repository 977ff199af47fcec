#pragma once
// Objects read through libqpdf, for the two kinds of file pith's own reader does not read itself:
// - encrypted files (Mode::Decrypt): libqpdf implements the PDF security handlers (RC4 and AES,
//   revisions 2 to 6); strings come back decrypted, streams decrypted but still encoded with
//   their /Filter. The cross-reference chain stays pith's own (xref.cpp); libqpdf only turns an
//   object number into a decrypted object, with repair off.
// - damaged files (Mode::Repair), whose cross-reference data pith's reader refuses: libqpdf
//   rebuilds the table by scanning the file, as viewers do when they repair a file, and the
//   trailer and every object then come from it (decrypted too, when the file is encrypted).
// In both, streams keep their /Filter, so pith's own size-capped filters (filters.hpp) and the
// document's decode budget still apply to what they hold.
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pdf/reader/pdf_reader.hpp"

namespace pith::pdf {

class QpdfObjects {
public:
    enum class Mode { Decrypt, Repair };
    // Opens `view` (the bytes of one revision, or the whole damaged file; not copied: they must
    // outlive this object) with `password`, tried as user and as owner password. Throws
    // PdfEncryptedError naming --password when the password does not open the file, PdfError for
    // other problems (in Repair mode: libqpdf could not rebuild the file either).
    QpdfObjects(std::string_view view, const std::string& password, const Limits& limits, Mode mode);
    ~QpdfObjects();
    QpdfObjects(const QpdfObjects&) = delete;
    QpdfObjects& operator=(const QpdfObjects&) = delete;

    // The object `ref` as stored, decrypted; nested indirect objects stay references.
    Object object(Ref ref) const;
    // Repair mode: the trailer libqpdf found or rebuilt, and its cross-reference entries (in use
    // only, by object number; at most Limits::maxObjectNumber, else PdfError of kind Limit).
    Dictionary trailer() const;
    std::vector<std::pair<std::uint32_t, XrefEntry>> entries() const;
    // Damage libqpdf recovered from since the last call.
    std::vector<PdfWarning> takeWarnings() const;

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace pith::pdf
