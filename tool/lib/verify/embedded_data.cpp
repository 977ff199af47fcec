#include "verify/embedded_data.hpp"

#include "pdf/xmp/pith_xmp.hpp"

namespace pith::verify {

namespace {

// "object N: " for the catalog's /Metadata, so that a refusal names what it refused.
std::string metadataObject(const pdf::PdfReader& reader) {
    try {
        const pdf::Dictionary catalog = reader.catalog();  // a copy: find() points into it
        const pdf::Object* m = catalog.find("Metadata");
        return m && m->isRef() ? "object " + std::to_string(m->asRef().num) + ": " : std::string();
    } catch (const pdf::PdfError&) {
        return std::string();
    }
}

void readXmp(const pdf::PdfReader& reader, EmbeddedData& data) {
    std::optional<std::string> packet = reader.xmp();
    if (!packet) return;
    data.xmpDcMisbound = pdf::xmp::misboundDublinCorePrefix(*packet);
    try {
        pdf::xmp::PithXmp x = pdf::xmp::readPithXmp(*packet);
        data.xmp = std::move(x.properties);
        data.xmpTitle = x.title;
        if (const std::string* p = x.get("producer")) data.producer = *p;
    } catch (const pdf::xmp::XmpError& e) {
        data.xmpError = metadataObject(reader) + e.what();
    }
}

void readInfo(const pdf::PdfReader& reader, EmbeddedData& data) {
    for (const auto& [key, value] : reader.infoStrings()) {
        if (key.rfind("Pith", 0) == 0) data.info[key] = value;
        if (key == "Title" && !value.empty()) data.infoTitle = value;
    }
}

void readAttachment(const pdf::PdfReader& reader, EmbeddedData& data) {
    if (std::optional<pdf::EmbeddedFile> f = reader.embeddedFile(kAttachmentName)) data.attachment = std::move(f->data);
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

EmbeddedData readEmbeddedData(const pdf::PdfReader& reader) {
    EmbeddedData data;
    readXmp(reader, data);
    readInfo(reader, data);
    readAttachment(reader, data);
    return data;
}

std::optional<record::Receipt> receiptFromXmp(const EmbeddedData& data) {
    const std::string* sig = data.xmpValue("receiptSignature");
    if (!sig) return std::nullopt;
    auto text = [&](const char* name) { return data.xmpValue(name) ? *data.xmpValue(name) : std::string(); };
    record::Receipt r;
    r.algorithm = "ed25519";
    r.signedMessage = "canonical_sha256_bytes";
    r.signatureB64 = *sig;
    r.keyId = text("receiptKeyId");
    r.publicKeyFingerprint = text("receiptKeyFingerprint");
    if (const std::string* at = data.xmpValue("receiptSignedAt")) r.signedAt = *at;
    return r;
}

std::vector<PageAnnotation> pageAnnotations(const pdf::PdfReader& reader, size_t pageIndex) {
    std::vector<PageAnnotation> out;
    for (const pdf::Annotation& a : reader.annotations(reader.page(pageIndex))) {
        PageAnnotation p;
        p.ref = a.ref;
        if (const pdf::Object* subtype = a.dict.find("Subtype"); subtype && subtype->isName()) p.subtype = subtype->asName();
        if (const pdf::Object* rect = a.dict.find("Rect")) {
            pdf::Object r = reader.resolve(*rect);
            if (r.isArray() && r.asArray().size() == 4) {
                double v[4];
                bool numbers = true;
                for (size_t i = 0; i < 4; ++i) {
                    pdf::Object n = reader.resolve(r.asArray()[i]);
                    numbers = numbers && n.isNumber();
                    v[i] = numbers ? n.asNumber() : 0;
                }
                if (numbers) {
                    p.rect = pdf::Rect{std::min(v[0], v[2]), std::min(v[1], v[3]), std::max(v[0], v[2]), std::max(v[1], v[3])};
                    p.hasRect = true;
                }
            }
        }
        if (const pdf::Object* actionRef = a.dict.find("A")) {
            pdf::Object action = reader.resolve(*actionRef);
            if (const pdf::Object* s = action.get("S"); s && s->isName()) p.action = s->asName();
            if (const pdf::Object* uriRef = action.get("URI")) {
                pdf::Object uri = reader.resolve(*uriRef);
                if (uri.isString()) p.uri = uri.asString();
            }
        }
        p.hasAppearance = a.dict.find("AP") != nullptr;
        if (p.hasAppearance) {
            const pdf::Object ap = reader.resolve(*a.dict.find("AP"));
            if (const pdf::Object* n = ap.get("N"); n && reader.resolve(*n).isStream()) p.normalAppearance = *n;
        }
        if (p.subtype == "Popup") {
            const pdf::Object* open = a.dict.find("Open");
            const bool opened = open && reader.resolve(*open).isBool() && reader.resolve(*open).asBool();
            p.closedPopup = !opened && !a.dict.find("AP");
        }
        out.push_back(std::move(p));
        if (out.size() >= 10000) break;
    }
    return out;
}

}  // namespace pith::verify
