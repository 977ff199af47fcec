#include "verify/embedded_data.hpp"

#include "pdf/xmp/pith_xmp.hpp"

namespace pith::verify {

namespace {

void readXmp(const pdf::PdfReader& reader, EmbeddedData& data) {
    std::optional<std::string> packet = reader.xmp();
    if (!packet) return;
    try {
        pdf::xmp::PithXmp x = pdf::xmp::readPithXmp(*packet);
        data.xmp = std::move(x.properties);
        if (x.title) data.title = x.title;
    } catch (const pdf::xmp::XmpError& e) {
        data.xmpError = e.what();
    }
}

void readInfo(const pdf::PdfReader& reader, EmbeddedData& data) {
    for (const auto& [key, value] : reader.infoStrings()) {
        if (key.rfind("Pith", 0) == 0) data.info[key] = value;
        if (key == "Title" && !data.title && !value.empty()) data.title = value;
    }
}

void readAttachment(const pdf::PdfReader& reader, EmbeddedData& data) {
    for (pdf::EmbeddedFile& f : reader.embeddedFiles()) {
        if (f.name == kAttachmentName) {
            data.attachment = std::move(f.data);
            return;
        }
    }
}

void readLinks(const pdf::PdfReader& reader, EmbeddedData& data, size_t maxPages) {
    size_t pages = std::min(reader.pageCount(), maxPages);
    for (size_t i = 0; i < pages; ++i) {
        for (const pdf::Annotation& a : reader.annotations(reader.page(i))) {
            const pdf::Object* subtype = a.dict.find("Subtype");
            if (!subtype || !subtype->isName("Link")) continue;
            const pdf::Object* actionRef = a.dict.find("A");
            if (!actionRef) continue;
            pdf::Object action = reader.resolve(*actionRef);
            const pdf::Object* uriRef = action.get("URI");
            if (!uriRef) continue;
            pdf::Object uri = reader.resolve(*uriRef);
            if (!uri.isString()) continue;
            if (uri.asString().rfind(kRecordPagePrefix, 0) == 0) data.links.push_back(PithLink{i, uri.asString()});
        }
    }
}

}  // namespace

const std::string* EmbeddedData::xmpValue(const std::string& name) const {
    auto it = xmp.find(name);
    return it == xmp.end() ? nullptr : &it->second;
}

const std::string* EmbeddedData::infoValue(const std::string& key) const {
    auto it = info.find(key);
    return it == info.end() ? nullptr : &it->second;
}

EmbeddedData readEmbeddedData(const pdf::PdfReader& reader, size_t maxLinkPages) {
    EmbeddedData data;
    readXmp(reader, data);
    readInfo(reader, data);
    readAttachment(reader, data);
    readLinks(reader, data, maxLinkPages);
    return data;
}

}  // namespace pith::verify
