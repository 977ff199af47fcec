#include "pdf/content/marked_content.hpp"

#include <string>

#include "pdf/reader/object_parser.hpp"

namespace pith::pdf {

// A tokenizer just good enough to find operators: strings, names, arrays, dictionaries and inline
// images are skipped, comments too.
int openMarkedContent(std::string_view s) {
    int depth = 0;
    size_t i = 0;
    auto regular = [](char c) { return !isPdfWhitespace(c) && !isPdfDelimiter(c); };
    while (i < s.size()) {
        char c = s[i];
        if (isPdfWhitespace(c)) {
            ++i;
        } else if (c == '%') {
            while (i < s.size() && s[i] != '\n' && s[i] != '\r') ++i;
        } else if (c == '(') {
            int nest = 0;
            for (; i < s.size(); ++i) {
                if (s[i] == '\\')
                    ++i;
                else if (s[i] == '(')
                    ++nest;
                else if (s[i] == ')' && --nest == 0)
                    break;
            }
            ++i;
        } else if (c == '<' && i + 1 < s.size() && s[i + 1] != '<') {
            while (i < s.size() && s[i] != '>') ++i;
            ++i;
        } else if (c == '/') {
            ++i;
            while (i < s.size() && regular(s[i])) ++i;
        } else if (!regular(c)) {
            ++i;  // [ ] < > { } and << >>
        } else {
            size_t start = i;
            while (i < s.size() && regular(s[i])) ++i;
            std::string_view word = s.substr(start, i - start);
            if (word == "BMC" || word == "BDC")
                ++depth;
            else if (word == "EMC" && depth > 0)
                --depth;
            else if (word == "ID") {
                // Inline image data runs to EI preceded by white space.
                for (++i; i + 2 < s.size(); ++i)
                    if (isPdfWhitespace(s[i]) && s[i + 1] == 'E' && s[i + 2] == 'I' && (i + 3 >= s.size() || !regular(s[i + 3])))
                        break;
                i += 3;
            }
        }
    }
    return depth;
}

int pageOpenMarkedContent(const PdfReader& reader, size_t pageIndex) {
    PageInfo page = reader.page(pageIndex);
    const Object* contents = page.dict.find("Contents");
    if (!contents) return 0;
    Object resolved = reader.resolve(*contents);
    Array parts = resolved.isArray() ? resolved.asArray() : Array{*contents};
    std::string all;
    for (const Object& part : parts) {
        Object stream = reader.resolve(part);
        if (!stream.isStream()) continue;
        all += reader.decodeStream(stream);
        all += '\n';  // content streams are joined at token boundaries
        if (all.size() > reader.limits().maxDecodedSize) throw PdfError("page content larger than the limit");
    }
    return openMarkedContent(all);
}

}  // namespace pith::pdf
