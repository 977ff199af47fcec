#include "pdf/xmp/language_alternatives.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "pdf/xmp/pith_xmp.hpp"

namespace pith::pdf::xmp {

namespace {

// A private-use language tag (BCP 47 "x-" prefix); Exempi stores language tags in lower case.
constexpr std::string_view kPlaceholderLanguage = "x-pith-placeholder";
constexpr std::string_view kRdfNamespace = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
// Exempi looks properties up by a linear search, so a packet of many thousands of them takes it
// seconds to minutes; a document's metadata holds a handful of alternatives.
constexpr std::size_t kMaxAlternatives = 1000;

bool isNameChar(char c) {
    const unsigned char u = static_cast<unsigned char>(c);
    return std::isalnum(u) || c == '_' || c == '-' || c == '.' || u >= 0x80;
}

// True if `xmlns:prefix` is declared with the RDF namespace anywhere in the packet.
bool boundToRdf(std::string_view packet, std::string_view prefix) {
    const std::string declaration = "xmlns:" + std::string(prefix);
    for (std::size_t at = packet.find(declaration); at != std::string_view::npos; at = packet.find(declaration, at + 1)) {
        std::size_t i = at + declaration.size();
        if (i < packet.size() && isNameChar(packet[i])) continue;  // a longer prefix
        while (i < packet.size() && std::isspace(static_cast<unsigned char>(packet[i]))) ++i;
        if (i >= packet.size() || packet[i] != '=') continue;
        ++i;
        while (i < packet.size() && std::isspace(static_cast<unsigned char>(packet[i]))) ++i;
        if (i >= packet.size() || (packet[i] != '"' && packet[i] != '\'')) continue;
        const char quote = packet[i];
        const std::size_t end = packet.find(quote, i + 1);
        if (end != std::string_view::npos && packet.substr(i + 1, end - i - 1) == kRdfNamespace) return true;
    }
    return false;
}

// True if only white space stands between the end tag at `endTag` and the start tag of `name`
// before it: an empty array keeps no item (a placeholder would make it a non-empty alternative).
bool emptyElement(std::string_view packet, std::size_t endTag, const std::string& name) {
    std::size_t b = endTag;
    while (b > 0 && std::isspace(static_cast<unsigned char>(packet[b - 1]))) --b;
    if (b == 0 || packet[b - 1] != '>') return false;
    const std::size_t start = packet.rfind('<', b - 1);
    if (start == std::string_view::npos || packet.substr(start + 1, name.size()) != name) return false;
    const std::size_t after = start + 1 + name.size();
    return after < packet.size() && (packet[after] == '>' || std::isspace(static_cast<unsigned char>(packet[after])));
}

}  // namespace

std::string withPlaceholderItems(std::string_view packet, std::size_t& added) {
    added = 0;
    std::string out;
    out.reserve(packet.size() + 256);
    std::size_t copied = 0;
    std::map<std::string, bool, std::less<>> rdfPrefix;  // looked up once per prefix: the scan is linear
    auto bound = [&](std::string_view prefix) {
        auto it = rdfPrefix.find(prefix);
        if (it == rdfPrefix.end()) it = rdfPrefix.emplace(std::string(prefix), boundToRdf(packet, prefix)).first;
        return it->second;
    };
    auto skipTo = [&](std::size_t from, std::string_view terminator) {
        const std::size_t end = packet.find(terminator, from);
        return end == std::string_view::npos ? packet.size() : end + terminator.size();
    };
    for (std::size_t i = packet.find('<'); i != std::string_view::npos && i < packet.size(); i = packet.find('<', i)) {
        const std::string_view rest = packet.substr(i);
        if (rest.substr(0, 4) == "<!--") {
            i = skipTo(i + 4, "-->");
        } else if (rest.substr(0, 9) == "<![CDATA[") {
            i = skipTo(i + 9, "]]>");
        } else if (rest.substr(0, 2) == "<?") {
            i = skipTo(i + 2, "?>");
        } else if (rest.substr(0, 2) == "</") {
            std::size_t j = i + 2;
            while (j < packet.size() && isNameChar(packet[j])) ++j;
            const std::string_view prefix = packet.substr(i + 2, j - i - 2);
            std::size_t k = j + 4;
            while (k < packet.size() && std::isspace(static_cast<unsigned char>(packet[k]))) ++k;
            if (!prefix.empty() && packet.substr(j, 4) == ":Alt" && k < packet.size() && packet[k] == '>' &&
                !emptyElement(packet, i, std::string(prefix) + ":Alt") && bound(prefix)) {
                out.append(packet.substr(copied, i - copied));
                out += "<" + std::string(prefix) + ":li xml:lang=\"" + std::string(kPlaceholderLanguage) + "\">-</" +
                       std::string(prefix) + ":li>";
                copied = i;
                if (++added > kMaxAlternatives)
                    throw XmpError("XMP packet has more than " + std::to_string(kMaxAlternatives) + " rdf:Alt arrays");
            }
            i = j;
        } else {
            ++i;
        }
    }
    out.append(packet.substr(std::min(copied, packet.size())));
    return out;
}

std::set<std::string> placeholderItems(XmpPtr doc, std::size_t added) {
    // Every array item in the placeholder's language, found through its xml:lang qualifier.
    std::set<std::string> items;
    XmpIteratorPtr it = xmp_iterator_new(doc, nullptr, nullptr, XMP_ITER_JUSTLEAFNODES);
    if (!it) throw XmpError("cannot iterate over the XMP packet");
    XmpStringPtr schema = xmp_string_new(), path = xmp_string_new(), value = xmp_string_new();
    uint32_t options = 0;
    constexpr std::string_view kQualifier = "/?xml:lang";
    while (xmp_iterator_next(it, schema, path, value, &options)) {
        const std::string_view p = xmp_string_cstr(path);
        if (p.size() > kQualifier.size() && p.substr(p.size() - kQualifier.size()) == kQualifier &&
            xmp_string_cstr(value) == kPlaceholderLanguage && p[p.size() - kQualifier.size() - 1] == ']')
            items.insert(std::string(xmp_string_cstr(schema)) + '\t' + std::string(p.substr(0, p.size() - kQualifier.size())));
    }
    xmp_iterator_free(it);
    xmp_string_free(schema);
    xmp_string_free(path);
    xmp_string_free(value);
    if (items.size() > added)
        throw XmpError("XMP packet has an item in the reserved language \"" + std::string(kPlaceholderLanguage) + "\"");
    return items;
}

bool inPlaceholderItem(const std::set<std::string>& placeholders, const std::string& schemaAndPath) {
    // An item path ends with ']': each such end in the leaf's path, followed by '/' or the end, is
    // looked up (linear in the path, not in the number of placeholders).
    for (std::size_t at = schemaAndPath.find(']'); at != std::string::npos; at = schemaAndPath.find(']', at + 1))
        if ((at + 1 == schemaAndPath.size() || schemaAndPath[at + 1] == '/') &&
            placeholders.count(schemaAndPath.substr(0, at + 1)))
            return true;
    return false;
}

std::string withoutPlaceholderItems(std::string serialised, std::size_t count) {
    // Exempi writes every array item on a line of its own, with the rdf prefix and double quotes,
    // and escapes '<' in values. A placeholder added to a one-item alternative made it a two-item
    // one, so it may hold the x-default value rather than its own, and where that value is empty
    // (Ghostscript writes an empty dc:description) Exempi writes the item as an empty element.
    const std::string start = "<rdf:li xml:lang=\"" + std::string(kPlaceholderLanguage) + "\"";
    std::string out;
    out.reserve(serialised.size());
    std::size_t removed = 0, copied = 0;
    for (std::size_t at = serialised.find(start); at != std::string::npos; at = serialised.find(start, at)) {
        const std::size_t tagEnd = at + start.size();
        const bool empty = serialised.compare(tagEnd, 2, "/>") == 0;
        if (!empty && serialised.compare(tagEnd, 1, ">") != 0) {
            at = tagEnd;
            continue;
        }
        const std::string end = empty ? "/>" : "</rdf:li>";
        const std::size_t close = empty ? tagEnd : serialised.find(end, tagEnd + 1);
        if (close == std::string::npos) break;
        std::size_t lineStart = at;
        while (lineStart > copied && (serialised[lineStart - 1] == ' ' || serialised[lineStart - 1] == '\t')) --lineStart;
        if (lineStart > copied && serialised[lineStart - 1] == '\n') --lineStart;
        out.append(serialised, copied, lineStart - copied);
        copied = at = close + end.size();
        ++removed;
    }
    out.append(serialised, copied, std::string::npos);
    if (removed != count)
        throw XmpError("the serialised XMP packet holds " + std::to_string(removed) + " placeholder items, not " +
                       std::to_string(count));
    return out;
}

}  // namespace pith::pdf::xmp
