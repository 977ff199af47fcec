#include "pdf/xmp/packet_structure.hpp"

#include <map>
#include <set>
#include <vector>

namespace pith::pdf::xmp {

namespace {

constexpr std::string_view kRdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
constexpr std::string_view kXml = "http://www.w3.org/XML/1998/namespace";
constexpr std::string_view kMeta = "adobe:ns:meta/";
constexpr std::string_view kPacketId = "W5M0MpCehiHzreSzNTczkc9d";
constexpr size_t kMaxDepth = 64;

struct Departure {
    std::string what;
    size_t at;
};

struct Attribute {
    std::string qname, value;
    size_t at;
    std::string ns, local;
};

struct Element {
    std::string qname;
    std::vector<Attribute> attributes;
    std::vector<Element> children;
    bool hasText = false;  // character data other than XML whitespace
    size_t at = 0;
    std::string ns, local;
};

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool isNameStart(unsigned char c) { return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c >= 0x80; }
bool isNameChar(unsigned char c) { return isNameStart(c) || c == '-' || c == '.' || (c >= '0' && c <= '9'); }

void appendUtf8(std::string& out, unsigned long cp) {
    if (cp < 0x80)
        out += static_cast<char>(cp);
    else if (cp < 0x800)
        out += {static_cast<char>(0xC0 | (cp >> 6)), static_cast<char>(0x80 | (cp & 0x3F))};
    else if (cp < 0x10000)
        out += {static_cast<char>(0xE0 | (cp >> 12)), static_cast<char>(0x80 | ((cp >> 6) & 0x3F)),
                static_cast<char>(0x80 | (cp & 0x3F))};
    else
        out += {static_cast<char>(0xF0 | (cp >> 18)), static_cast<char>(0x80 | ((cp >> 12) & 0x3F)),
                static_cast<char>(0x80 | ((cp >> 6) & 0x3F)), static_cast<char>(0x80 | (cp & 0x3F))};
}

// Well-formed UTF-8 with no control character but tab, CR and LF (XML 1.0 characters).
void checkCharacters(std::string_view s) {
    for (size_t i = 0; i < s.size();) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            if (c < 0x20 && !isSpace(static_cast<char>(c))) throw Departure{"a control character", i};
            ++i;
            continue;
        }
        const size_t n = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
        if (n == 0 || c > 0xF4 || i + n > s.size()) throw Departure{"a byte that is not UTF-8", i};
        unsigned long cp = c & (0xFF >> (n + 1));
        for (size_t k = 1; k < n; ++k) {
            const unsigned char d = static_cast<unsigned char>(s[i + k]);
            if ((d & 0xC0) != 0x80) throw Departure{"a byte that is not UTF-8", i};
            cp = (cp << 6) | (d & 0x3F);
        }
        if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF) ||
            cp == 0xFFFE || cp == 0xFFFF)
            throw Departure{"a byte that is not UTF-8", i};
        i += n;
    }
}

// The toolkit name an XMP serialiser writes ("Exempi + XMP Core 6.0.0", Adobe's "XMP Core 5.6-c015"):
// the one free text of the form outside the properties, held to a version so that it carries nothing.
bool isToolkitName(std::string_view v) {
    constexpr std::string_view exempi = "Exempi + ", core = "XMP Core ";
    if (v.substr(0, exempi.size()) == exempi) v.remove_prefix(exempi.size());
    if (v.substr(0, core.size()) != core) return false;
    v.remove_prefix(core.size());
    if (v.empty() || v.size() > 16 || !(v[0] >= '0' && v[0] <= '9')) return false;
    for (char c : v)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c == '.' || c == '-')) return false;
    return true;
}

// The syntax: one packet wrapper around one element tree, no markup but elements.
class Reader {
public:
    explicit Reader(std::string_view s) : s_(s) {}

    Element packet() {
        wrapper("begin");
        skipSpace();
        Element root = element(0);
        skipSpace();
        wrapper("end");
        if (pos_ != s_.size()) throw Departure{std::to_string(s_.size() - pos_) + " bytes after the packet's end", pos_};
        return root;
    }

private:
    std::string_view s_;
    size_t pos_ = 0;

    bool at(std::string_view t) const { return s_.substr(pos_, t.size()) == t; }
    void skipSpace() {
        while (pos_ < s_.size() && isSpace(s_[pos_])) ++pos_;
    }

    // Markup that is not an element (what a parser reads and drops) is never part of the form.
    void refuseOtherMarkup() const {
        if (at("<!--")) throw Departure{"an XML comment", pos_};
        if (at("<![CDATA[")) throw Departure{"a CDATA section", pos_};
        if (at("<!")) throw Departure{"a DOCTYPE or other declaration", pos_};
        if (at("<?")) throw Departure{"a processing instruction", pos_};
    }

    std::string name() {
        const size_t start = pos_;
        auto part = [&] {
            if (pos_ >= s_.size() || !isNameStart(static_cast<unsigned char>(s_[pos_])))
                throw Departure{"a malformed name", pos_};
            while (pos_ < s_.size() && isNameChar(static_cast<unsigned char>(s_[pos_]))) ++pos_;
        };
        part();
        if (pos_ < s_.size() && s_[pos_] == ':') {
            ++pos_;
            part();
        }
        return std::string(s_.substr(start, pos_ - start));
    }

    // Character data up to `end`, references decoded: the five predefined entities and numeric ones.
    std::string decode(size_t from, size_t end) const {
        std::string out;
        for (size_t i = from; i < end;) {
            if (s_[i] != '&') {
                out += s_[i++];
                continue;
            }
            const size_t semi = s_.find(';', i);
            if (semi == std::string_view::npos || semi >= end || semi - i > 12) throw Departure{"a bare \"&\"", i};
            const std::string_view ref = s_.substr(i + 1, semi - i - 1);
            static const std::map<std::string_view, char> named = {
                {"lt", '<'}, {"gt", '>'}, {"amp", '&'}, {"quot", '"'}, {"apos", '\''}};
            if (auto it = named.find(ref); it != named.end())
                out += it->second;
            else if (ref.size() > 1 && ref[0] == '#') {
                const bool hex = ref[1] == 'x';
                const std::string_view digits = ref.substr(hex ? 2 : 1);
                unsigned long cp = 0;
                if (digits.empty()) throw Departure{"a malformed character reference", i};
                for (char d : digits) {
                    int v = d >= '0' && d <= '9'          ? d - '0'
                            : hex && d >= 'a' && d <= 'f' ? d - 'a' + 10
                            : hex && d >= 'A' && d <= 'F' ? d - 'A' + 10
                                                          : -1;
                    if (v < 0) throw Departure{"a malformed character reference", i};
                    cp = cp * (hex ? 16 : 10) + static_cast<unsigned long>(v);
                    if (cp > 0x10FFFF) break;
                }
                const bool xmlChar = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
                                     (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
                if (!xmlChar) throw Departure{"a character reference to no XML character", i};
                appendUtf8(out, cp);
            } else {
                throw Departure{"an entity reference &" + std::string(ref) + ";", i};
            }
            i = semi + 1;
        }
        return out;
    }

    std::vector<Attribute> attributes() {
        std::vector<Attribute> out;
        for (;;) {
            const size_t before = pos_;
            skipSpace();
            if (pos_ >= s_.size() || !isNameStart(static_cast<unsigned char>(s_[pos_]))) return out;
            if (pos_ == before) throw Departure{"attributes not separated by white space", pos_};
            Attribute a;
            a.at = pos_;
            a.qname = name();
            skipSpace();
            if (!at("=")) throw Departure{"an attribute without a value", pos_};
            ++pos_;
            skipSpace();
            if (pos_ >= s_.size() || (s_[pos_] != '"' && s_[pos_] != '\'')) throw Departure{"an unquoted attribute value", pos_};
            const char quote = s_[pos_++];
            const size_t end = s_.find(quote, pos_);
            if (end == std::string_view::npos) throw Departure{"an unterminated attribute value", pos_};
            if (s_.substr(pos_, end - pos_).find('<') != std::string_view::npos)
                throw Departure{"\"<\" in an attribute value", pos_};
            a.value = decode(pos_, end);
            pos_ = end + 1;
            for (const Attribute& b : out)
                if (b.qname == a.qname) throw Departure{"the attribute " + a.qname + " twice", a.at};
            out.push_back(std::move(a));
        }
    }

    // <?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?> or <?xpacket end="w"?> (or "r"), nothing more.
    void wrapper(std::string_view which) {
        const size_t start = pos_;
        if (!at("<?xpacket"))
            throw Departure{
                which == "begin" ? "no <?xpacket begin ...?> at the start" : "no <?xpacket end ...?> after the root element",
                pos_};
        pos_ += 9;
        std::vector<Attribute> attrs = attributes();
        skipSpace();
        if (!at("?>")) throw Departure{"a malformed xpacket processing instruction", pos_};
        pos_ += 2;
        std::map<std::string, std::string> values;
        for (const Attribute& a : attrs) values[a.qname] = a.value;
        if (which == "begin") {
            const bool ok = values.size() == 2 && values.count("id") && values["id"] == kPacketId && values.count("begin") &&
                            (values["begin"].empty() || values["begin"] == "\xEF\xBB\xBF");
            if (!ok)
                throw Departure{"the xpacket header is not begin=\"\" (or a BOM) id=\"" + std::string(kPacketId) + "\"", start};
        } else {
            const bool ok = values.size() == 1 && values.count("end") && (values["end"] == "w" || values["end"] == "r");
            if (!ok) throw Departure{"the xpacket trailer is not end=\"w\" or end=\"r\"", start};
        }
    }

    Element element(size_t depth) {
        if (depth > kMaxDepth) throw Departure{"elements nested deeper than " + std::to_string(kMaxDepth), pos_};
        refuseOtherMarkup();
        if (!at("<") || at("</")) throw Departure{"no element where one is expected", pos_};
        Element e;
        e.at = pos_++;
        e.qname = name();
        e.attributes = attributes();
        skipSpace();
        if (at("/>")) {
            pos_ += 2;
            return e;
        }
        if (!at(">")) throw Departure{"a malformed start tag <" + e.qname + ">", pos_};
        ++pos_;
        for (;;) {
            const size_t lt = s_.find('<', pos_);
            if (lt == std::string_view::npos) throw Departure{"<" + e.qname + "> is not closed", e.at};
            for (char c : decode(pos_, lt))
                if (!isSpace(c)) e.hasText = true;
            pos_ = lt;
            if (at("</")) break;
            e.children.push_back(element(depth + 1));
        }
        pos_ += 2;
        const size_t close = pos_;
        if (name() != e.qname) throw Departure{"an end tag that does not close <" + e.qname + ">", close};
        skipSpace();
        if (!at(">")) throw Departure{"a malformed end tag", pos_};
        ++pos_;
        return e;
    }
};

// The vocabulary: x:xmpmeta > rdf:RDF > rdf:Description > properties, every namespace used.
class Checker {
public:
    void check(Element& root) {
        std::map<std::string, std::string> scope = {{"xml", std::string(kXml)}};
        resolve(root, scope);
        for (const auto& [uri, at] : declared_)
            if (!used_.count(uri)) throw Departure{"a namespace declared and not used (" + uri + ")", at};
        if (root.ns != kMeta || root.local != "xmpmeta") throw Departure{"the root element is not x:xmpmeta", root.at};
        for (const Attribute& a : root.attributes) {
            if (a.ns == kMeta && a.local == "xmptk") {
                if (!isToolkitName(a.value)) throw Departure{"x:xmptk is not \"[Exempi + ]XMP Core N.N.N\"", a.at};
            } else if (!a.qname.empty()) {
                throw Departure{"the attribute " + a.qname + " on x:xmpmeta", a.at};
            }
        }
        noText(root);
        if (root.children.size() != 1 || !isRdf(root.children[0], "RDF"))
            throw Departure{"x:xmpmeta does not hold exactly one rdf:RDF", root.at};
        Element& rdf = root.children[0];
        onlyDeclarations(rdf);
        noText(rdf);
        std::set<std::string> topLevel;
        for (const Element& d : rdf.children) {
            if (!isRdf(d, "Description"))
                throw Departure{"<" + d.qname + "> in rdf:RDF (only rdf:Description belongs there)", d.at};
            // A stamp's serialiser writes rdf:about="" (the document itself); any other value is text
            // that no property holds.
            bool about = false;
            for (const Attribute& a : d.attributes)
                if (a.ns == kRdf && a.local == "about") {
                    if (!a.value.empty()) throw Departure{"rdf:about is not empty", a.at};
                    about = true;
                }
            if (!about) throw Departure{"an rdf:Description without rdf:about=\"\"", d.at};
            description(d, topLevel, true);
        }
    }

private:
    std::map<std::string, size_t> declared_;
    std::set<std::string> used_;

    static bool isRdf(const Element& e, std::string_view local) { return e.ns == kRdf && e.local == local; }
    static void noText(const Element& e) {
        if (e.hasText) throw Departure{"character data in <" + e.qname + ">, which holds elements", e.at};
    }
    // Namespace declarations are kept in Attribute::qname only until resolved; afterwards their qname is empty.
    static void onlyDeclarations(const Element& e) {
        for (const Attribute& a : e.attributes)
            if (!a.qname.empty()) throw Departure{"the attribute " + a.qname + " on <" + e.qname + ">", a.at};
    }

    void resolve(Element& e, std::map<std::string, std::string> scope) {
        for (Attribute& a : e.attributes) {
            if (a.qname == "xmlns") throw Departure{"a default namespace declaration", a.at};
            if (a.qname.rfind("xmlns:", 0) == 0) {
                const std::string prefix = a.qname.substr(6);
                if (prefix == "xml" || prefix == "xmlns" || a.value.empty())
                    throw Departure{"a reserved or empty namespace declaration", a.at};
                scope[prefix] = a.value;
                declared_.emplace(a.value, a.at);
                a.qname.clear();
            }
        }
        auto split = [&](const std::string& qname, size_t at, std::string& ns, std::string& local) {
            const size_t colon = qname.find(':');
            if (colon == std::string::npos) throw Departure{"the name " + qname + " has no namespace prefix", at};
            auto it = scope.find(qname.substr(0, colon));
            if (it == scope.end()) throw Departure{"the prefix of " + qname + " is not declared", at};
            ns = it->second;
            local = qname.substr(colon + 1);
            used_.insert(ns);
        };
        split(e.qname, e.at, e.ns, e.local);
        std::set<std::pair<std::string, std::string>> seen;
        for (Attribute& a : e.attributes) {
            if (a.qname.empty()) continue;
            split(a.qname, a.at, a.ns, a.local);
            if (!seen.insert({a.ns, a.local}).second) throw Departure{"the attribute " + a.qname + " twice", a.at};
        }
        for (Element& c : e.children) resolve(c, scope);
    }

    static void property(const std::string& ns, const std::string& local, const std::string& qname, size_t at,
                         std::set<std::string>& names, bool topLevel) {
        if (ns == kXml || ns == kMeta || (ns == kRdf && (topLevel || local != "value")))
            throw Departure{qname + " where a property is expected", at};
        if (!names.insert(ns + '\n' + local).second) throw Departure{"the property " + qname + " twice", at};
    }

    // rdf:Description: property attributes and property elements (at the top, or a struct's fields).
    void description(const Element& d, std::set<std::string>& names, bool topLevel) {
        for (const Attribute& a : d.attributes) {
            if (a.qname.empty() || (topLevel && a.ns == kRdf && a.local == "about")) continue;
            property(a.ns, a.local, a.qname, a.at, names, topLevel);
        }
        noText(d);
        for (const Element& c : d.children) {
            property(c.ns, c.local, c.qname, c.at, names, topLevel);
            value(c);
        }
    }

    // A property element or rdf:li: a text, a resource, a struct (parseType or rdf:Description), or one array.
    void value(const Element& e) {
        std::optional<std::string> parseType;
        bool resource = false;
        for (const Attribute& a : e.attributes) {
            if (a.qname.empty() || (a.ns == kXml && a.local == "lang")) continue;
            if (a.ns == kRdf && a.local == "parseType")
                parseType = a.value;
            else if (a.ns == kRdf && a.local == "resource")
                resource = true;
            else
                throw Departure{"the attribute " + a.qname + " on <" + e.qname + ">", a.at};
        }
        if (parseType && *parseType != "Resource")
            throw Departure{"rdf:parseType=\"" + *parseType + "\" (only Resource is XMP)", e.at};
        if (resource) {
            if (parseType || e.hasText || !e.children.empty()) throw Departure{"an rdf:resource property with content", e.at};
            return;
        }
        if (parseType) {
            noText(e);
            std::set<std::string> fields;
            for (const Element& c : e.children) {
                property(c.ns, c.local, c.qname, c.at, fields, false);
                value(c);
            }
            return;
        }
        if (e.children.empty()) return;  // a text value
        noText(e);
        if (e.children.size() != 1) throw Departure{"<" + e.qname + "> holds more than one value", e.children[1].at};
        const Element& inner = e.children[0];
        if (isRdf(inner, "Description")) {
            std::set<std::string> fields;
            description(inner, fields, false);
        } else if (isRdf(inner, "Bag") || isRdf(inner, "Seq") || isRdf(inner, "Alt")) {
            onlyDeclarations(inner);
            noText(inner);
            std::set<std::string> languages;
            for (const Element& li : inner.children) {
                if (!isRdf(li, "li")) throw Departure{"<" + li.qname + "> in an array (only rdf:li belongs there)", li.at};
                for (const Attribute& a : li.attributes)
                    if (isRdf(inner, "Alt") && a.ns == kXml && a.local == "lang" && !languages.insert(a.value).second)
                        throw Departure{"two items of one language alternative in xml:lang \"" + a.value + "\"", li.at};
                value(li);
            }
        } else {
            throw Departure{"<" + inner.qname + "> where a value is expected", inner.at};
        }
    }
};

}  // namespace

std::optional<std::string> stampPacketProblem(std::string_view packet) {
    try {
        checkCharacters(packet);
        Element root = Reader(packet).packet();
        Checker().check(root);
    } catch (const Departure& d) {
        return d.what + " at byte " + std::to_string(d.at);
    }
    return std::nullopt;
}

}  // namespace pith::pdf::xmp
