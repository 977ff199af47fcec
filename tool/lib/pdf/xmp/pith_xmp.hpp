#pragma once
// The pith XMP schema (docs/FORMAT.md): writing into a packet and reading back, in one place so
// that `pith stamp` and `pith verify` agree on names and rules.
//
// Reading never expands entities and never fetches anything: a packet containing <!DOCTYPE or
// <!ENTITY is rejected before it reaches Exempi.
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "pith_constants.hpp"

namespace pith::pdf::xmp {

inline constexpr const char* kPithPrefix = "pith";

class XmpError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The PDF/A identification a packet states (pdfaid:part, pdfaid:conformance), as written; read in
// whichever form the packet uses (elements, rdf:Description attributes, any prefix).
struct PdfaId {
    std::string part;
    std::string conformance;  // empty when the packet states none (PDF/A-4)
};

struct PithXmp {
    // pith properties by local name ("number", "canonicalSha256", ...), as text.
    std::map<std::string, std::string> properties;
    std::optional<std::string> title;  // dc:title, x-default (or first) alternative
    std::optional<PdfaId> pdfa;        // absent when the packet has no pdfaid:part
    bool hasPith() const { return !properties.empty(); }
    const std::string* get(const std::string& name) const {
        auto it = properties.find(name);
        return it == properties.end() ? nullptr : &it->second;
    }
};

// Throws XmpError on a DOCTYPE/ENTITY declaration or a packet Exempi cannot parse.
PithXmp readPithXmp(std::string_view packet);

// Returns a packet: `existing` (if any) with every property kept and the given pith properties set
// (replacing earlier pith values; pith properties not given are removed). Also sets the simple
// properties given in `extra` (namespace URI, property name → value: xmp:ModifyDate, ...). With
// `declarePithSchema`, the pith schema is declared in the packet's PDF/A extension schemas
// (pdfaExtension:schemas, ISO 19005-1 6.7.8), replacing an earlier declaration of it and keeping
// every other one. With `keepLanguageAlternatives` (stamp format 4 on), every item of a language
// alternative keeps its value; without, `existing` is read as Exempi 2.6.3 reads it, a two-item
// alternative with the x-default value in both (language_alternatives.hpp). The result is
// deterministic for the same input and has a packet wrapper with padding.
struct ExtraProperty {
    std::string ns;
    std::string name;
    std::string value;
};
std::string mergePithXmp(std::optional<std::string_view> existing, const std::map<std::string, std::string>& pithProperties,
                         const std::vector<ExtraProperty>& extra = {}, bool declarePithSchema = false,
                         bool keepLanguageAlternatives = true);

// Every leaf of the packet (schema, path, value, option bits), one string each: two packets that
// say the same thing give the same set, whatever their serialisation. Every item of a language
// alternative is read with its own value. Throws XmpError.
std::vector<std::string> propertySet(std::string_view packet);

// The namespace a prefix spelled dc (in any case) is bound to, when one is bound to another than
// Dublin Core's: pdf.js reads an element by its prefix, lower-cased, so such a packet's "dc:title"
// is a title to pdf.js (Firefox's tab) and no title to namespace-aware readers.
std::optional<std::string> misboundDublinCorePrefix(std::string_view packet);

// True if the packet declares a DOCTYPE or ENTITY (refused by readPithXmp and mergePithXmp).
bool hasDtd(std::string_view packet);

}  // namespace pith::pdf::xmp
