// The pith XMP schema through Exempi. Exempi's global state is not documented as thread-safe, so
// every use goes through one mutex (batch stamping runs several files in parallel).
#include "pdf/xmp/pith_xmp.hpp"

#include <exempi/xmp.h>
#include <exempi/xmpconsts.h>

#include <algorithm>
#include <cctype>
#include <iostream>
#include <mutex>
#include <sstream>

namespace pith::pdf::xmp {

namespace {

const char* const kProperties[] = {"number", "canonicalSha256", "canonicalRecord", "recordUrl",
                                    "receiptKeyId", "receiptSignature", "receiptKeyFingerprint",
                                    "receiptSignedAt", "producer", "stampedLength", "stampedSha256",
                                    "title", "stampParameters", "stamperKeyId", "stamperSignature"};

std::mutex& exempiMutex() {
    static std::mutex m;
    return m;
}

void initExempi() {
    static bool done = [] {
        xmp_init();
        XmpStringPtr registered = xmp_string_new();
        xmp_register_namespace(kPithNamespace, kPithPrefix, registered);
        xmp_string_free(registered);
        return true;
    }();
    (void)done;
}

struct XmpString {
    XmpStringPtr p = xmp_string_new();
    ~XmpString() { xmp_string_free(p); }
    std::string str() const { return std::string(xmp_string_cstr(p), xmp_string_len(p)); }
};

struct XmpDoc {
    XmpPtr p = nullptr;
    ~XmpDoc() {
        if (p) xmp_free(p);
    }
};

}  // namespace

bool hasDtd(std::string_view packet) {
    std::string lower(packet.size(), '\0');
    std::transform(packet.begin(), packet.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return lower.find("<!doctype") != std::string::npos || lower.find("<!entity") != std::string::npos;
}

namespace {
void parseInto(XmpDoc& doc, std::string_view packet) {
    if (hasDtd(packet)) throw XmpError("XMP packet declares a DOCTYPE or ENTITY: refused (no entity expansion)");
    if (packet.size() > (64u << 20)) throw XmpError("XMP packet larger than 64 MiB");
    doc.p = xmp_new_empty();
    // Exempi writes its parse errors to std::cerr; the caller reports them as one line of its own.
    // (pith's CLI prints through stdio, so swapping cerr's buffer under the Exempi mutex is safe.)
    std::ostringstream silenced;
    std::streambuf* previous = std::cerr.rdbuf(silenced.rdbuf());
    bool parsed = xmp_parse(doc.p, packet.data(), packet.size());
    std::cerr.rdbuf(previous);
    if (!parsed)
        throw XmpError("XMP packet is not well-formed RDF/XML (Exempi error " + std::to_string(xmp_get_error()) + ")");
}
}  // namespace

PithXmp readPithXmp(std::string_view packet) {
    std::lock_guard<std::mutex> lock(exempiMutex());
    initExempi();
    XmpDoc doc;
    parseInto(doc, packet);
    PithXmp out;
    for (const char* name : kProperties) {
        XmpString value;
        uint32_t bits = 0;
        if (xmp_get_property(doc.p, kPithNamespace, name, value.p, &bits)) out.properties[name] = value.str();
    }
    XmpString title, lang;
    uint32_t bits = 0;
    if (xmp_get_localized_text(doc.p, NS_DC, "title", nullptr, "x-default", lang.p, title.p, &bits))
        out.title = title.str();
    return out;
}

std::vector<std::string> propertySet(std::string_view packet) {
    std::lock_guard<std::mutex> lock(exempiMutex());
    initExempi();
    XmpDoc doc;
    parseInto(doc, packet);
    std::vector<std::string> out;
    XmpIteratorPtr it = xmp_iterator_new(doc.p, nullptr, nullptr, XMP_ITER_JUSTLEAFNODES);
    if (!it) throw XmpError("cannot iterate over the XMP packet");
    XmpString schema, path, value;
    uint32_t options = 0;
    while (xmp_iterator_next(it, schema.p, path.p, value.p, &options)) {
        out.push_back(schema.str() + '\t' + path.str() + '\t' + value.str() + '\t' + std::to_string(options));
        if (out.size() > 100000) {
            xmp_iterator_free(it);
            throw XmpError("XMP packet has more than 100000 properties");
        }
    }
    xmp_iterator_free(it);
    std::sort(out.begin(), out.end());
    return out;
}

std::string mergePithXmp(std::optional<std::string_view> existing,
                         const std::map<std::string, std::string>& pithProperties,
                         const std::vector<ExtraProperty>& extra) {
    std::lock_guard<std::mutex> lock(exempiMutex());
    initExempi();
    XmpDoc doc;
    if (existing && !existing->empty()) parseInto(doc, *existing);
    else doc.p = xmp_new_empty();
    for (const char* name : kProperties) xmp_delete_property(doc.p, kPithNamespace, name);
    for (const auto& [name, value] : pithProperties)
        if (!xmp_set_property(doc.p, kPithNamespace, name.c_str(), value.c_str(), 0))
            throw XmpError("cannot set XMP property pith:" + name);
    for (const auto& e : extra) {
        bool ok = e.languageAlternative
                      ? xmp_set_localized_text(doc.p, e.ns.c_str(), e.name.c_str(), "", "x-default", e.value.c_str(), 0)
                      : xmp_set_property(doc.p, e.ns.c_str(), e.name.c_str(), e.value.c_str(), 0);
        if (!ok) throw XmpError("cannot set XMP property " + e.name);
    }
    XmpString out;
    // 2 KB padding: the usual room left for in-place edits by other tools.
    if (!xmp_serialize(doc.p, out.p, 0, 2048)) throw XmpError("cannot serialise the XMP packet");
    return out.str();
}

}  // namespace pith::pdf::xmp
