// Writes the confusable skeleton table of the ICU this build links (UTS #39 confusables, the data
// behind uspoof_getSkeleton that pith verify's link check uses) as JSON, for the page's own link
// check: {"<character>": "<its skeleton>", ...} for every character in NFD whose skeleton differs
// from it. skeleton(X) is then NFD(the characters of NFD(X), each replaced by its entry), as in ICU.
//   pith_confusables_table OUT.json
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uspoof.h>

#include <cstdio>
#include <memory>
#include <string>

namespace {

// JSON string of UTF-16 text, all ASCII (\uXXXX for the rest), so the file's encoding never matters.
std::string jsonString(const icu::UnicodeString& s) {
    std::string out = "\"";
    char buf[8];
    for (int32_t i = 0; i < s.length(); ++i) {
        const char16_t u = s.charAt(i);
        if (u == '"' || u == '\\') {
            out += '\\';
            out += static_cast<char>(u);
        } else if (u >= 0x20 && u < 0x7f) {
            out += static_cast<char>(u);
        } else {
            std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(u));
            out += buf;
        }
    }
    return out + "\"";
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: pith_confusables_table OUT.json\n");
        return 2;
    }
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<USpoofChecker, decltype(&uspoof_close)> checker(uspoof_open(&status), uspoof_close);
    const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
    if (U_FAILURE(status)) {
        std::fprintf(stderr, "pith_confusables_table: ICU: %s\n", u_errorName(status));
        return 1;
    }
    std::string json = "{";
    size_t entries = 0;
    for (UChar32 cp = 0; cp <= 0x10FFFF; ++cp) {
        if (U_IS_SURROGATE(cp) || !u_isdefined(cp)) continue;
        const icu::UnicodeString ch(cp);
        UErrorCode st = U_ZERO_ERROR;
        if (!nfd->isNormalized(ch, st) || U_FAILURE(st)) continue;  // never left after NFD
        icu::UnicodeString skeleton;
        uspoof_getSkeletonUnicodeString(checker.get(), 0, ch, skeleton, &st);
        if (U_FAILURE(st)) {
            std::fprintf(stderr, "pith_confusables_table: no skeleton for U+%04X: %s\n", static_cast<unsigned>(cp),
                         u_errorName(st));
            return 1;
        }
        if (skeleton == ch) continue;
        json += (entries++ ? ",\n" : "\n") + jsonString(ch) + ":" + jsonString(skeleton);
    }
    json += "\n}\n";
    const std::string tmp = std::string(argv[1]) + ".tmp";
    FILE* f = std::fopen(tmp.c_str(), "wb");
    bool ok = f != nullptr;
    if (f) {
        ok = std::fwrite(json.data(), 1, json.size(), f) == json.size();
        ok = std::fclose(f) == 0 && ok;
    }
    if (!ok || std::rename(tmp.c_str(), argv[1]) != 0) {
        std::remove(tmp.c_str());
        std::fprintf(stderr, "pith_confusables_table: cannot write %s\n", argv[1]);
        return 1;
    }
    return 0;
}
