// Writes the glyph-name table poppler reads glyph names into text with (its NameToUnicodeTable.h:
// the Adobe Glyph List and poppler's additions, the table behind pith verify's glyph_reading.cpp) as
// JSON, for the page's own reading of glyph names: {"<name>": <code point>, ...}.
//   pith_glyph_names_table OUT.json
#include <poppler/NameToUnicodeTable.h>

#include <cstdio>
#include <string>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: pith_glyph_names_table OUT.json\n");
        return 2;
    }
    std::string json = "{";
    for (const NameToUnicodeTab* e = nameToUnicodeTextTab; e->name; ++e) {
        std::string name;
        for (const char* c = e->name; *c; ++c) {  // glyph names are printable ASCII; escape as JSON needs
            if (*c == '"' || *c == '\\') name += '\\';
            name += *c;
        }
        json += (json.size() > 1 ? ",\n\"" : "\n\"") + name + "\":" + std::to_string(e->u);
    }
    json += "\n}\n";
    std::FILE* out = std::fopen(argv[1], "wb");
    if (!out || std::fwrite(json.data(), 1, json.size(), out) != json.size() || std::fclose(out) != 0) {
        std::fprintf(stderr, "pith_glyph_names_table: cannot write %s\n", argv[1]);
        return 1;
    }
    return 0;
}
