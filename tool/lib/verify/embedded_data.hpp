#pragma once
// What a PDF carries of pith (docs/FORMAT.md): XMP properties, Info keys, the record attachment,
// and the links to record pages. Read, never judged: verify_pdf.cpp judges.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "pdf/reader/pdf_reader.hpp"

namespace pith::verify {

inline constexpr const char* kAttachmentName = "pith-record.json";
inline constexpr const char* kRecordPagePrefix = "https://pith.science/pith/";

struct PithLink {
    size_t page = 0;   // 0-based
    std::string uri;
};

struct EmbeddedData {
    std::map<std::string, std::string> xmp;    // pith:* properties by local name
    std::optional<std::string> xmpError;       // the packet was present but refused (DTD, unparsable)
    std::map<std::string, std::string> info;   // Info keys starting with "Pith"
    std::optional<std::string> attachment;     // bytes of pith-record.json
    std::optional<std::string> title;          // XMP dc:title, else Info /Title
    std::vector<PithLink> links;               // /Link annotations whose URI is a pith.science record page

    bool any() const { return !xmp.empty() || !info.empty() || attachment.has_value(); }
    const std::string* xmpValue(const std::string& name) const;
    const std::string* infoValue(const std::string& key) const;
};

// Links are searched on the first `maxLinkPages` pages only: a badge is on page 1 by default and a
// hostile file may have a million pages.
EmbeddedData readEmbeddedData(const pdf::PdfReader& reader, size_t maxLinkPages = 8);

}  // namespace pith::verify
