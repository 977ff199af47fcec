// The pith XMP schema through Exempi. Exempi's global state is not documented as thread-safe, so
// every use goes through one mutex (batch stamping runs several files in parallel).
#include "pdf/xmp/pith_xmp.hpp"

#include "pdf/xmp/language_alternatives.hpp"

#include <exempi/xmp.h>
#include <exempi/xmpconsts.h>

#include <algorithm>
#include <cctype>
#include <iostream>
#include <mutex>
#include <regex>
#include <set>
#include <sstream>

namespace pith::pdf::xmp {

namespace {

// Every pith property, with the description its PDF/A extension schema entry gives (docs/FORMAT.md, "XMP").
struct PropertyDeclaration {
    const char* name;
    const char* description;
};
const PropertyDeclaration kDeclarations[] = {
    {"number", "The Pith Number, pith:YYYY:SUFFIX"},
    {"canonicalSha256", "SHA-256 (hex) of the canonical record"},
    {"canonicalRecord", "The canonical record, as canonical JSON"},
    {"recordUrl", "The record page"},
    {"receiptKeyId", "Key id of the registry's receipt"},
    {"receiptSignature", "The receipt's Ed25519 signature (base64)"},
    {"receiptKeyFingerprint", "Fingerprint of the receipt's public key"},
    {"receiptSignedAt", "When the receipt was signed"},
    {"producer", "The pith component that wrote these properties"},
    {"stampedLength", "Byte length of the document before the stamp update"},
    {"stampedSha256", "SHA-256 (hex) of those bytes"},
    {"title", "The paper's title, as the record states it"},
    {"stampParameters", "What the stamp decided, as canonical JSON"},
    {"stamperKeyId", "Key id of the stamper's signature"},
    {"stamperSignature", "The stamper's Ed25519 signature (base64)"},
};

constexpr const char* kPdfaIdNamespace = "http://www.aiim.org/pdfa/ns/id/";
constexpr const char* kPdfaExtensionNamespace = "http://www.aiim.org/pdfa/ns/extension/";
constexpr const char* kPdfaSchemaNamespace = "http://www.aiim.org/pdfa/ns/schema#";
constexpr const char* kPdfaPropertyNamespace = "http://www.aiim.org/pdfa/ns/property#";

std::mutex& exempiMutex() {
    static std::mutex m;
    return m;
}

void initExempi() {
    static bool done = [] {
        xmp_init();
        XmpStringPtr registered = xmp_string_new();
        xmp_register_namespace(kPithNamespace, kPithPrefix, registered);
        // The prefixes PDF/A-1 requires of an extension schema's containers (ISO 19005-1 6.7.8).
        xmp_register_namespace(kPdfaExtensionNamespace, "pdfaExtension", registered);
        xmp_register_namespace(kPdfaSchemaNamespace, "pdfaSchema", registered);
        xmp_register_namespace(kPdfaPropertyNamespace, "pdfaProperty", registered);
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
    std::set<std::string> placeholders;  // "schema<TAB>path" of each placeholder item (language_alternatives.hpp)
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

std::optional<std::string> misboundDublinCorePrefix(std::string_view packet) {
    static const std::regex declaration(R"(xmlns:([dD][cC])\s*=\s*(["'])([^"']*)\2)");
    for (std::cregex_iterator it(packet.data(), packet.data() + packet.size(), declaration), end; it != end; ++it)
        if ((*it)[3].str() != NS_DC) return (*it)[1].str() + " bound to " + (*it)[3].str();
    return std::nullopt;
}

namespace {
// Parses `packet`; with `keepLanguageAlternatives`, every item of a language alternative keeps
// its value (language_alternatives.hpp); without, a two-item alternative reads as Exempi 2.6.3
// reads it, both items the x-default value (what a stamp of format 3 or older wrote).
void parseInto(XmpDoc& doc, std::string_view packet, bool keepLanguageAlternatives = true) {
    if (hasDtd(packet)) throw XmpError("XMP packet declares a DOCTYPE or ENTITY: refused (no entity expansion)");
    if (packet.size() > (64u << 20)) throw XmpError("XMP packet larger than 64 MiB");
    std::size_t placeholders = 0;
    std::string withPlaceholders;
    if (keepLanguageAlternatives) {
        withPlaceholders = withPlaceholderItems(packet, placeholders);
        packet = withPlaceholders;
    }
    doc.p = xmp_new_empty();
    // Exempi writes its parse errors to std::cerr; the caller reports them as one line of its own.
    // (pith's CLI prints through stdio, so swapping cerr's buffer under the Exempi mutex is safe.)
    std::ostringstream silenced;
    std::streambuf* previous = std::cerr.rdbuf(silenced.rdbuf());
    bool parsed = xmp_parse(doc.p, packet.data(), packet.size());
    std::cerr.rdbuf(previous);
    if (!parsed) throw XmpError("XMP packet is not well-formed RDF/XML (Exempi error " + std::to_string(xmp_get_error()) + ")");
    if (keepLanguageAlternatives) doc.placeholders = placeholderItems(doc.p, placeholders);
}
}  // namespace

PithXmp readPithXmp(std::string_view packet) {
    std::lock_guard<std::mutex> lock(exempiMutex());
    initExempi();
    XmpDoc doc;
    parseInto(doc, packet);
    PithXmp out;
    for (const PropertyDeclaration& d : kDeclarations) {
        XmpString value;
        uint32_t bits = 0;
        if (xmp_get_property(doc.p, kPithNamespace, d.name, value.p, &bits)) out.properties[d.name] = value.str();
    }
    XmpString part, conformance;
    uint32_t partBits = 0, conformanceBits = 0;
    if (xmp_get_property(doc.p, kPdfaIdNamespace, "part", part.p, &partBits)) {
        PdfaId id{part.str(), ""};
        if (xmp_get_property(doc.p, kPdfaIdNamespace, "conformance", conformance.p, &conformanceBits))
            id.conformance = conformance.str();
        out.pdfa = std::move(id);
    }
    XmpString title, lang;
    uint32_t bits = 0;
    if (xmp_get_localized_text(doc.p, NS_DC, "title", nullptr, "x-default", lang.p, title.p, &bits)) out.title = title.str();
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
        const std::string leaf = schema.str() + '\t' + path.str();
        if (!doc.placeholders.empty() && inPlaceholderItem(doc.placeholders, leaf)) continue;
        out.push_back(leaf + '\t' + value.str() + '\t' + std::to_string(options));
        if (out.size() > 100000) {
            xmp_iterator_free(it);
            throw XmpError("XMP packet has more than 100000 properties");
        }
    }
    xmp_iterator_free(it);
    std::sort(out.begin(), out.end());
    return out;
}

namespace {

void setOrThrow(XmpPtr x, const char* ns, const std::string& path, const char* value) {
    if (!xmp_set_property(x, ns, path.c_str(), value, 0)) throw XmpError("cannot set XMP property " + path);
}

// One pdfaExtension:schemas item describing the pith namespace: its URI, prefix and every property
// as Text of category external (values that come from the record and the stamp, not from the
// document's content). An earlier item for the same URI is dropped first, so a stamp over a
// stamp declares it once.
void declarePith(XmpPtr x) {
    for (int i = 1; xmp_has_property(x, kPdfaExtensionNamespace, ("schemas[" + std::to_string(i) + "]").c_str());) {
        const std::string item = "schemas[" + std::to_string(i) + "]";
        XmpString uri;
        uint32_t bits = 0;
        if (xmp_get_property(x, kPdfaExtensionNamespace, (item + "/pdfaSchema:namespaceURI").c_str(), uri.p, &bits) &&
            uri.str() == kPithNamespace)
            xmp_delete_property(x, kPdfaExtensionNamespace, item.c_str());
        else
            ++i;
    }
    if (!xmp_append_array_item(x, kPdfaExtensionNamespace, "schemas", XMP_PROP_VALUE_IS_ARRAY, nullptr, XMP_PROP_VALUE_IS_STRUCT))
        throw XmpError("cannot add to pdfaExtension:schemas");
    const std::string schema = "schemas[last()]";
    setOrThrow(x, kPdfaExtensionNamespace, schema + "/pdfaSchema:schema", "Pith Number");
    setOrThrow(x, kPdfaExtensionNamespace, schema + "/pdfaSchema:namespaceURI", kPithNamespace);
    setOrThrow(x, kPdfaExtensionNamespace, schema + "/pdfaSchema:prefix", kPithPrefix);
    const std::string list = schema + "/pdfaSchema:property";
    for (const PropertyDeclaration& d : kDeclarations) {
        if (!xmp_append_array_item(x, kPdfaExtensionNamespace, list.c_str(), XMP_PROP_VALUE_IS_ARRAY | XMP_PROP_ARRAY_IS_ORDERED,
                                   nullptr, XMP_PROP_VALUE_IS_STRUCT))
            throw XmpError("cannot add to pdfaSchema:property");
        const std::string item = list + "[last()]";
        setOrThrow(x, kPdfaExtensionNamespace, item + "/pdfaProperty:name", d.name);
        setOrThrow(x, kPdfaExtensionNamespace, item + "/pdfaProperty:valueType", "Text");
        setOrThrow(x, kPdfaExtensionNamespace, item + "/pdfaProperty:category", "external");
        setOrThrow(x, kPdfaExtensionNamespace, item + "/pdfaProperty:description", d.description);
    }
}

}  // namespace

std::string mergePithXmp(std::optional<std::string_view> existing, const std::map<std::string, std::string>& pithProperties,
                         const std::vector<ExtraProperty>& extra, bool declarePithSchema, bool keepLanguageAlternatives) {
    std::lock_guard<std::mutex> lock(exempiMutex());
    initExempi();
    XmpDoc doc;
    if (existing && !existing->empty())
        parseInto(doc, *existing, keepLanguageAlternatives);
    else
        doc.p = xmp_new_empty();
    for (const PropertyDeclaration& d : kDeclarations) xmp_delete_property(doc.p, kPithNamespace, d.name);
    for (const auto& [name, value] : pithProperties)
        if (!xmp_set_property(doc.p, kPithNamespace, name.c_str(), value.c_str(), 0))
            throw XmpError("cannot set XMP property pith:" + name);
    for (const auto& e : extra)
        if (!xmp_set_property(doc.p, e.ns.c_str(), e.name.c_str(), e.value.c_str(), 0))
            throw XmpError("cannot set XMP property " + e.name);
    if (declarePithSchema) declarePith(doc.p);
    XmpString out;
    // 2 KB padding: the usual room left for in-place edits by other tools.
    if (!xmp_serialize(doc.p, out.p, 0, 2048)) throw XmpError("cannot serialise the XMP packet");
    return doc.placeholders.empty() ? out.str() : withoutPlaceholderItems(out.str(), doc.placeholders.size());
}

}  // namespace pith::pdf::xmp
