// Language alternatives through Exempi (pdf/xmp/language_alternatives.hpp): every item read and
// written with its own value, where Exempi 2.6.3 alone gives a two-item alternative the x-default
// value in both; the placeholder that prevents it never shows and cannot be used to hide an item.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "pdf/xmp/pith_xmp.hpp"

using pith::pdf::xmp::mergePithXmp;
using pith::pdf::xmp::propertySet;
using pith::pdf::xmp::XmpError;

namespace {

std::string packet(const std::string& body, const std::string& rdfPrefix = "rdf") {
    return "<x:xmpmeta xmlns:x='adobe:ns:meta/'><" + rdfPrefix + ":RDF xmlns:" + rdfPrefix +
           "='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><" + rdfPrefix + ":Description " + rdfPrefix +
           ":about='' xmlns:dc='http://purl.org/dc/elements/1.1/' xmlns:la='urn:pith-test:language-alternatives'>" + body + "</" +
           rdfPrefix + ":Description></" + rdfPrefix + ":RDF></x:xmpmeta>";
}

// The values of the set's leaves under `property` (array items and their qualifiers), in order.
std::vector<std::string> valuesOf(const std::vector<std::string>& set, const std::string& property) {
    std::vector<std::string> out;
    for (const std::string& leaf : set) {
        const size_t tab = leaf.find('\t');
        const std::string rest = leaf.substr(tab + 1);
        if (rest.compare(0, property.size(), property) == 0) out.push_back(rest.substr(0, rest.rfind('\t')));
    }
    return out;
}

bool contains(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

}  // namespace

TEST(LanguageAlternatives, TwoItemsKeepTheirValues) {
    const std::string p = packet(
        "<dc:title><rdf:Alt><rdf:li xml:lang='x-default'>English</rdf:li><rdf:li xml:lang='de'>Deutsch</rdf:li></rdf:Alt></dc:title>");
    const std::vector<std::string> values = valuesOf(propertySet(p), "dc:title[2]");
    EXPECT_EQ(values, (std::vector<std::string>{"dc:title[2]\tDeutsch", "dc:title[2]/?xml:lang\tde"}));
    const std::string merged = mergePithXmp(std::string_view(p), {{"number", "pith:2026:X"}});
    EXPECT_TRUE(contains(merged, ">Deutsch<")) << merged;
    EXPECT_FALSE(contains(merged, "placeholder")) << merged;
    // Format 3 and older: the document's packet read as Exempi alone reads it.
    const std::string old = mergePithXmp(std::string_view(p), {{"number", "pith:2026:X"}}, {}, false, false);
    EXPECT_FALSE(contains(old, ">Deutsch<")) << old;
}

TEST(LanguageAlternatives, XDefaultMovesToTheFrontAsExempiMovesIt) {
    const std::string p = packet(
        "<la:t><rdf:Alt><rdf:li xml:lang='de'>D</rdf:li><rdf:li xml:lang='x-default'>X</rdf:li></rdf:Alt></la:t>"
        "<la:u><rdf:Alt><rdf:li xml:lang='x-default'>only</rdf:li></rdf:Alt></la:u>");
    const std::vector<std::string> set = propertySet(p);
    EXPECT_EQ(valuesOf(set, "la:t"),
              (std::vector<std::string>{"la:t[1]\tX", "la:t[1]/?xml:lang\tx-default", "la:t[2]\tD", "la:t[2]/?xml:lang\tde"}));
    EXPECT_EQ(valuesOf(set, "la:u"), (std::vector<std::string>{"la:u[1]\tonly", "la:u[1]/?xml:lang\tx-default"}));
}

TEST(LanguageAlternatives, AnyPrefixOfTheRdfNamespace) {
    const std::string p = packet(
        "<dc:rights><R:Alt><R:li xml:lang='x-default'>All</R:li><R:li xml:lang='fr'>Tous</R:li></R:Alt  ></dc:rights>", "R");
    EXPECT_EQ(valuesOf(propertySet(p), "dc:rights[2]")[0], "dc:rights[2]\tTous");
}

TEST(LanguageAlternatives, MarkupInCommentsAndCdataIsText) {
    const std::string p = packet(
        "<!-- </rdf:Alt> --><la:c><![CDATA[a </rdf:Alt> b]]></la:c>"
        "<la:t><rdf:Alt><rdf:li xml:lang='x-default'>X</rdf:li><rdf:li xml:lang='de'>D</rdf:li></rdf:Alt></la:t>");
    const std::vector<std::string> set = propertySet(p);
    EXPECT_EQ(valuesOf(set, "la:c")[0], "la:c\ta </rdf:Alt> b");
    EXPECT_EQ(valuesOf(set, "la:t[2]")[0], "la:t[2]\tD");
}

TEST(LanguageAlternatives, AnEmptyArrayStaysAProperty) {
    const std::vector<std::string> withEmpty = propertySet(packet("<la:t><rdf:Alt> </rdf:Alt></la:t><la:v>1</la:v>"));
    const std::vector<std::string> without = propertySet(packet("<la:v>1</la:v>"));
    EXPECT_NE(withEmpty, without);
}

TEST(LanguageAlternatives, TheReservedLanguageCannotHideAnItem) {
    const std::string p = packet(
        "<la:t><rdf:Alt><rdf:li xml:lang='x-default'>X</rdf:li><rdf:li xml:lang='x-pith-placeholder'>hidden</rdf:li>"
        "</rdf:Alt></la:t>");
    EXPECT_THROW(propertySet(p), XmpError);
    EXPECT_THROW(mergePithXmp(std::string_view(p), {}), XmpError);
}

TEST(LanguageAlternatives, AThousandAlternativesAtMost) {
    // Exempi's linear lookups take minutes over tens of thousands of properties.
    auto many = [](int n) {
        std::string body;
        for (int i = 0; i < n; ++i)
            body += "<la:t" + std::to_string(i) + "><rdf:Alt><rdf:li xml:lang='x-default'>a</rdf:li></rdf:Alt></la:t" +
                    std::to_string(i) + ">";
        return packet(body);
    };
    EXPECT_NO_THROW(propertySet(many(1000)));
    EXPECT_THROW(propertySet(many(1001)), XmpError);
}

TEST(LanguageAlternatives, AnEmptyItemAloneIsMergedAndKeptEmpty) {
    // Ghostscript writes an empty dc:description; its placeholder then holds the empty x-default
    // value, which Exempi serialises as an empty element.
    const std::string p = packet(
        "<dc:title><rdf:Alt><rdf:li xml:lang='x-default'>A Title</rdf:li></rdf:Alt></dc:title>"
        "<dc:description><rdf:Alt><rdf:li xml:lang='x-default'></rdf:li></rdf:Alt></dc:description>");
    const std::string merged = mergePithXmp(std::string_view(p), {{"number", "pith:2026:X"}});
    EXPECT_FALSE(contains(merged, "placeholder")) << merged;
    EXPECT_TRUE(contains(merged, ">A Title<")) << merged;
    EXPECT_EQ(valuesOf(propertySet(merged), "dc:description"),
              (std::vector<std::string>{"dc:description[1]\t", "dc:description[1]/?xml:lang\tx-default"}));
}
