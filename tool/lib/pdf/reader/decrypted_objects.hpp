#pragma once
// The objects of an encrypted file, read through libqpdf, which implements the PDF security handlers
// (RC4 and AES, revisions 2 to 6): strings come back decrypted, streams decrypted but still encoded
// with their /Filter, so that pith's own size-capped filters (filters.hpp) and the document's decode
// budget still apply. The cross-reference chain stays pith's own (xref.cpp); libqpdf only turns an
// object number into a decrypted object, with repair off (a file pith cannot read unencrypted is not
// read encrypted either).
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "pdf/reader/pdf_reader.hpp"

namespace pith::pdf {

class DecryptedObjects {
public:
    // Opens the security handler of `view` (the bytes of one revision, not copied: they must outlive
    // this object) with `password`, tried as user and as owner password. Throws PdfEncryptedError
    // naming --password when the password does not open the file, PdfError for other problems.
    DecryptedObjects(std::string_view view, const std::string& password, const Limits& limits);
    ~DecryptedObjects();
    DecryptedObjects(const DecryptedObjects&) = delete;
    DecryptedObjects& operator=(const DecryptedObjects&) = delete;

    // The object `ref` as stored, decrypted; nested indirect objects stay references.
    Object object(Ref ref) const;
    // Damage libqpdf recovered from since the last call.
    std::vector<PdfWarning> takeWarnings() const;

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace pith::pdf
