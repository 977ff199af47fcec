// The strict form of the stamp's XMP packet (docs/FORMAT.md, "The stamp's XMP packet"): every
// packet Exempi serialises for a stamp is in it, and each addition an XMP parser drops is refused,
// the additions proven invisible to a comparison of properties (Exempi reads the same set).
#include <gtest/gtest.h>

#include "pdf/xmp/packet_structure.hpp"
#include "pdf/xmp/pith_xmp.hpp"

using pith::pdf::xmp::mergePithXmp;
using pith::pdf::xmp::propertySet;
using pith::pdf::xmp::stampPacketProblem;

namespace {

// An input in the forms the stamp's own packet may not use: comments, processing instructions,
// CDATA, single quotes, attribute properties, two descriptions, a qualifier, a struct.
const char* kUnusualInput =
    "<?xpacket begin='' id='W5M0MpCehiHzreSzNTczkc9d'?><!-- c --><?pi x?>"
    "<x:xmpmeta xmlns:x='adobe:ns:meta/' x:xmptk='Image::ExifTool 12.57'><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>"
    "<rdf:Description rdf:about='' xmlns:dc='http://purl.org/dc/elements/1.1/' dc:format='application/pdf'>"
    "<dc:title><rdf:Alt><rdf:li xml:lang='x-default'>T</rdf:li><rdf:li xml:lang='de'>T2</rdf:li></rdf:Alt></dc:title>"
    "<dc:subject><rdf:Bag><rdf:li><![CDATA[a <b>]]></rdf:li></rdf:Bag></dc:subject><dc:source xml:lang='en'>s</dc:source>"
    "</rdf:Description><rdf:Description rdf:about='' xmlns:e='https://example.org/e/'>"
    "<e:s rdf:parseType='Resource'><e:f>1</e:f></e:s><e:q><rdf:Description><rdf:value>v</rdf:value><e:k>k</e:k></rdf:Description></e:q>"
    "<e:r rdf:resource='https://example.org/'/><e:empty><rdf:Seq/></e:empty>"
    "</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end='w'?>";

std::string stampPacket(const char* input = kUnusualInput) {
    return mergePithXmp(std::string_view(input), {{"number", "pith:2026:X"}, {"title", "a & b <c>"}},
                        {{"http://ns.adobe.com/xap/1.0/", "ModifyDate", "2026-01-02T03:04:05Z"}}, true);
}

std::string insertBefore(std::string s, const std::string& marker, const std::string& extra) {
    const size_t at = s.find(marker);
    EXPECT_NE(at, std::string::npos) << marker;
    return s.insert(at, extra);
}

}  // namespace

TEST(StampPacket, WhatExempiWritesIsInTheForm) {
    for (const char* input : {kUnusualInput, ""}) {
        const std::string packet = stampPacket(input);
        const auto problem = stampPacketProblem(packet);
        EXPECT_FALSE(problem) << *problem << "\n" << packet;
    }
}

TEST(StampPacket, WhatAParserDropsIsRefused) {
    const std::string clean = stampPacket();
    const struct {
        const char* what;
        std::string forged;
        bool exempiReadsTheSame;  // invisible to the property set: the gap this form closes
    } cases[] = {
        {"comment", insertBefore(clean, "</rdf:RDF>", "<!-- FORGED -->"), true},
        {"processing instruction", insertBefore(clean, "</rdf:RDF>", "<?note FORGED?>"), true},
        {"element outside rdf:RDF", insertBefore(clean, "</x:xmpmeta>", "<e:n xmlns:e='urn:e'>FORGED</e:n>"), true},
        {"text in x:xmpmeta", insertBefore(clean, "</x:xmpmeta>", "FORGED"), true},
        {"unused namespace", insertBefore(clean, "xmlns:rdf=", "xmlns:f=\"urn:FORGED\" "), true},
        {"CDATA", insertBefore(clean, "</pith:number>", "<![CDATA[]]>"), true},
        {"rdf:ID", std::string(clean).replace(clean.find("<pith:number>"), 13, "<pith:number rdf:ID=\"FORGED\">"), true},
        {"x:xmptk text", insertBefore(clean, "\">\n <rdf:RDF", " FORGED"), true},
        {"bytes after the end", clean + "\nFORGED", false},
        {"a second packet", clean + clean, false},
        {"DOCTYPE", insertBefore(clean, "<x:xmpmeta", "<!DOCTYPE x [<!ENTITY f \"FORGED\">]>"), false},
        {"rdf:about", std::string(clean).replace(clean.find("rdf:about=\"\""), 12, "rdf:about=\"FORGED\""), true},
        {"duplicate property", insertBefore(clean, "</rdf:Description>", "<pith:number>FORGED</pith:number>"), false},
    };
    const std::vector<std::string> cleanSet = propertySet(clean);
    for (const auto& c : cases) {
        ASSERT_NE(c.forged, clean) << c.what;
        EXPECT_TRUE(stampPacketProblem(c.forged)) << c.what;
        if (c.exempiReadsTheSame) {
            std::vector<std::string> forgedSet;
            EXPECT_NO_THROW(forgedSet = propertySet(c.forged)) << c.what;
            EXPECT_EQ(forgedSet, cleanSet) << c.what;
        }
    }
}

TEST(StampPacket, TheProblemSaysWhereItIs) {
    const std::string clean = stampPacket();
    const std::string forged = insertBefore(clean, "</rdf:RDF>", "<!-- FORGED -->");
    const auto problem = stampPacketProblem(forged);
    ASSERT_TRUE(problem);
    EXPECT_EQ(*problem, "an XML comment at byte " + std::to_string(clean.find("</rdf:RDF>")));
}
