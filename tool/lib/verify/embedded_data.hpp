#pragma once
// What a PDF carries of pith (docs/FORMAT.md): XMP properties, Info keys, the record attachment,
// and the links to record pages. Read, never judged: verify_pdf.cpp judges.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "pdf/reader/pdf_reader.hpp"
#include "pith_constants.hpp"
#include "record/record.hpp"

namespace pith::verify {

struct EmbeddedData {
    std::map<std::string, std::string> xmp;    // pith:* properties by local name
    std::optional<std::string> xmpError;       // the packet was present but refused (DTD, unparsable)
    std::map<std::string, std::string> info;   // Info keys starting with "Pith"
    std::optional<std::string> attachment;     // bytes of pith-record.json
    std::optional<std::string> xmpTitle;       // XMP dc:title (x-default)
    std::optional<std::string> xmpDcMisbound;  // a dc prefix bound to another namespace (pith_xmp.hpp)
    std::optional<std::string> infoTitle;      // Info /Title
    std::optional<std::string> producer;       // pith:producer

    bool any() const { return !xmp.empty() || !info.empty() || attachment.has_value(); }
    const std::string* xmpValue(const std::string& name) const;
    const std::string* infoValue(const std::string& key) const;
};

EmbeddedData readEmbeddedData(const pdf::PdfReader& reader);

// The receipt the XMP receipt properties state (docs/FORMAT.md), or none without pith:receiptSignature.
std::optional<record::Receipt> receiptFromXmp(const EmbeddedData& data);

// An annotation of a page as the link check needs it.
struct PageAnnotation {
    std::string subtype;  // "Link", "Widget", ... ("" when missing)
    std::optional<pdf::Ref> ref;
    pdf::Rect rect;
    bool hasRect = false;
    std::optional<std::string> uri;  // a /Link's /URI action
    std::string action;              // the action type (/S), if any
    // A popup that viewers leave closed and that has no appearance of its own draws nothing until
    // a reader opens it; any other annotation is drawn where its /Rect says.
    bool closedPopup = false;
    bool hasAppearance = false;                   // an /AP entry: the annotation draws its own appearance
    std::optional<pdf::Object> normalAppearance;  // its /AP /N when that is one form (not a state dictionary)
};
std::vector<PageAnnotation> pageAnnotations(const pdf::PdfReader& reader, size_t pageIndex);

}  // namespace pith::verify
