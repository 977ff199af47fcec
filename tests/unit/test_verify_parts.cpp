// The verifier's small judges: where a link goes, when two titles are the same text, what stamp
// parameters are accepted, and how strictly an update section is read.
#include <gtest/gtest.h>

#include "pdf/content/marked_content.hpp"
#include "pdf/reader/filters.hpp"
#include "pdf/revisions/update_section.hpp"
#include "pdf/stamp/stamp_parameters.hpp"
#include "text/match_key.hpp"
#include "text/recognized_title.hpp"
#include "verify/registry_link.hpp"

using pith::verify::classifyLink;
using pith::verify::LinkTarget;

namespace {
const std::string kRecord = "https://pith.science/pith/XWMJ4DGYPGPNYY3GAECCTV6HU5";
}

TEST(RegistryLink, OnlyTheExactRecordPage) {
    EXPECT_EQ(classifyLink(kRecord, kRecord), LinkTarget::RecordPage);
    EXPECT_EQ(classifyLink("https://pith.science/pith/UU3ZMT4KGAAIATHWRRPFCJZTVP", kRecord), LinkTarget::Registry);
    EXPECT_EQ(classifyLink("https://PITH.SCIENCE/pith/UU3ZMT4KGAAIATHWRRPFCJZTVP", kRecord), LinkTarget::Registry);
    EXPECT_EQ(classifyLink("https://PITH.SCIENCE/pith/XWMJ4DGYPGPNYY3GAECCTV6HU5", kRecord), LinkTarget::Registry);
    EXPECT_EQ(classifyLink("http://pith.science/pith/XWMJ4DGYPGPNYY3GAECCTV6HU5", kRecord), LinkTarget::Registry);
    EXPECT_EQ(classifyLink("https://pith.science:8443/pith/XWMJ4DGYPGPNYY3GAECCTV6HU5", kRecord), LinkTarget::Registry);
    EXPECT_EQ(classifyLink("https://evil@pith.science/pith/XWMJ4DGYPGPNYY3GAECCTV6HU5", kRecord), LinkTarget::Registry);
    EXPECT_EQ(classifyLink("https://pith.science./pith/XWMJ4DGYPGPNYY3GAECCTV6HU5", kRecord), LinkTarget::Registry);
    EXPECT_EQ(classifyLink(kRecord + "?x=1", kRecord), LinkTarget::Registry);
}

TEST(RegistryLink, LookalikeHosts) {
    for (const char* host : {"pith.sclence", "pith.science.example.org", "pith-science.com", "plth.science",
                             "xn--pth-jhd.science", "xn--ith-zed.science", "pith.scienc", "p1th.science"})
        EXPECT_EQ(classifyLink(std::string("https://") + host + "/pith/XWMJ4DGYPGPNYY3GAECCTV6HU5", kRecord),
                  LinkTarget::Lookalike)
            << host;
    EXPECT_EQ(classifyLink("https://arxiv.org/abs/2606.22249", kRecord), LinkTarget::Other);
    EXPECT_EQ(classifyLink("mailto:someone@example.org", kRecord), LinkTarget::Other);
}

TEST(MatchKey, TitlesAsReadersCompareThem) {
    using pith::text::matchKey;
    EXPECT_EQ(matchKey("Schr\\\"odinger's $n$-bit \\emph{filters}", true), matchKey("SCHRÖDINGER’S n-bit ﬁlters"));
    EXPECT_EQ(matchKey("$\\alpha$-Stable Laws", true), matchKey("α-stable laws"));
    // pdfTeX's OT1 fonts draw \"i and \'i as a dotless i under the accent; pdftotext reads "naı̈ve".
    EXPECT_EQ(matchKey("Na\xC4\xB1\xCC\x88ve Garc\xC4\xB1\xCC\x81"
                       "a"),
              matchKey("naïve García"));
    EXPECT_EQ(matchKey("\xC8\xB7"), "j");
    // OT1 draws \L as L and a stroke (read "L"), T1 draws \DJ as Ð.
    EXPECT_EQ(matchKey("Wroclaw Lukasz \xC3\x90or\xC4\x91"
                       "evi\xC4\x87"),
              matchKey("Wrocław Łukasz Đorđević"));
    // pdf.js reads pdfTeX's OT1 accents as the spacing letters drawn before the letter: "Cˆote ˇCech".
    EXPECT_EQ(matchKey("C\xCB\x86ote \xCB\x87"
                       "Cech"),
              matchKey("Côte Čech"));
    auto shows = [](const char* page, const char* title) { return !pith::text::titleSpans(matchKey(page), title, 1).empty(); };
    EXPECT_TRUE(shows("On the Expres-\nsive Power of Weight\nQuantization in Large Language Models",
                      "On the Expressive Power of Weight Quantization in Large Language Models"));
    EXPECT_FALSE(shows("Qift: Shift-Friendly No-Zero W2 Post-Training Quantization",
                       "On the Expressive Power of Weight Quantization in Large Language Models"));
    // Math is read in the viewer's order, its scripts on lines of their own (poppler's words for
    // this title, set by pdfLaTeX with txfonts): the text around it must still be there, in order.
    const char* sum = "$\\sum_{i=1}^n x_i^2 \\leq \\epsilon$ Bounds for Stochastic Gradient Descent";
    EXPECT_TRUE(shows("2 i=1 xi \xE2\x89\xA4 \xCF\xB5 Bounds for Stochastic Gradient Pn Descent", sum));
    EXPECT_FALSE(shows("2 i=1 xi Bounds for Deterministic Gradient Pn Descent", sum));
    // The bytes among the title's letters must be its math's, but for two characters a formula:
    // "Not" is no script of $\ell_1$.
    EXPECT_TRUE(shows("Regularization Is All You Need", "$\\ell_1$ Regularization Is All You Need"));
    EXPECT_FALSE(shows("Regularization Is Not All You Need", "$\\ell_1$ Regularization Is All You Need"));
    EXPECT_TRUE(shows("Regularization Is 1 All You Need", "$\\ell_1$ Regularization Is All You Need"));
    // Without math, exactly.
    EXPECT_FALSE(shows("Bounds for Stochastic Gradient Pn Descent", "Bounds for Stochastic Gradient Descent"));
    // A title with math begins at its own first letter, not at the same letter ending the word
    // before (IEEEtran's running head "JOURNAL" above "Learning ..."), which the bytes allowed among
    // its letters would reach.
    const std::string header = matchKey("JOURNAL Learning Sparse Representations with \xCE\xB1-Stable Noise");
    const std::vector<pith::text::TitleSpan> spans =
        pith::text::titleSpans(header, "Learning Sparse Representations with $\\alpha$-Stable Noise", 1);
    ASSERT_EQ(spans.size(), 1u);
    EXPECT_EQ(header.substr(spans[0].begin, 8), "learning");
    // Log-like operators typeset their names: "O(n log n)" on the page.
    EXPECT_EQ(matchKey("$\\mathcal{O}(n\\log n)$ Sorting", true), matchKey("O(n log n) sorting"));
}

// The metadata titles are what hyperref (pdfusetitle) and acmart write for these titles, read with
// pdfinfo (tests/latex/test_cli.py compiles them).
TEST(MatchKey, MetadataTitlesAsHyperrefWritesThem) {
    using pith::text::namesTexTitle;
    const char* title = "$\\alpha$-Divergence and $\\mathcal{O}(n\\log n)$ Bounds for \\emph{Nice} $\\epsilon$-Nets";
    EXPECT_TRUE(namesTexTitle("-Divergence and O(nlogn) Bounds for Nice -Nets", title));  // hyperref
    EXPECT_TRUE(namesTexTitle("-Divergence and O(nn) Bounds for Nice -Nets", title));     // acmart
    EXPECT_TRUE(namesTexTitle("α-Divergence and O(n log n) Bounds for Nice ε-Nets", title));
    EXPECT_TRUE(namesTexTitle("Bounds sinx maxi i and -Norms", "Bounds $\\sin x \\le \\max_i \\ell_i$ and $\\infty$-Norms"));
    // Only what a PDF string cannot hold may be missing: not a word, not the operator of one place only.
    EXPECT_FALSE(namesTexTitle("-Divergence and O(nlogn) Bounds for -Nets", title));
    EXPECT_FALSE(namesTexTitle("Divergence and O(nlogn) Bounds for Nice Nets in R", title));
    EXPECT_FALSE(namesTexTitle("Nets", "$\\alpha$-Nets $\\log$ Nets"));
}

TEST(MatchKey, AMainTitleIsWhatPrecedesTheFirstColonOutsideMath) {
    using pith::text::texMainTitle;
    EXPECT_EQ(texMainTitle("LoRA: Low-Rank Adaptation of Large Language Models"), std::optional<std::string>("LoRA"));
    EXPECT_EQ(texMainTitle("Maps $f: X \\to Y$ and Their Limits: A Survey"),
              std::optional<std::string>("Maps $f: X \\to Y$ and Their Limits"));
    EXPECT_EQ(texMainTitle("Colons $$a:b$$ only in math"), std::nullopt);
    EXPECT_EQ(texMainTitle("No colon"), std::nullopt);
    EXPECT_EQ(texMainTitle("Trailing:"), std::nullopt);
    EXPECT_EQ(texMainTitle(": leading"), std::nullopt);
}

TEST(MatchKey, TheTeXLogosAreTheirLetters) {
    using pith::text::matchKey;
    using pith::text::namesTexTitle;
    // pdfTeX sets \LaTeX as L, a raised A, T, a lowered E and X, which poppler reads "LATEX".
    EXPECT_EQ(matchKey("A \\TeX{} Primer", true), matchKey("A TEX Primer"));
    EXPECT_EQ(matchKey("Typesetting with \\LaTeX", true), matchKey("Typesetting with LA TEX"));
    EXPECT_TRUE(namesTexTitle("Typesetting with TeX and LaTeX", "Typesetting with \\TeX{} and \\LaTeX"));
    EXPECT_TRUE(namesTexTitle("BibTeX, XeLaTeX and LuaTeX", "\\BibTeX, \\XeLaTeX{} and \\LuaTeX"));
}

// What Tesseract (Debian's English model) read off honest titles rendered by poppler, and off a
// title drawn as another's (tests/forgery: c13-type0-lie-glyphs-draw-another-title).
TEST(RecognitionMatch, ToleratesRecognitionErrorsNotAnotherTitle) {
    using pith::text::recognitionMatch;
    auto passes = [](const char* read, const char* title) {
        const auto m = recognitionMatch(read, title);
        return m && m->reads();
    };
    EXPECT_TRUE(passes("On the Expressive Power of Weight\nQuantization in Large Language Models\n",
                       "On the Expressive Power of Weight Quantization in Large Language Models"));
    // Sub- and superscripts in math are not counted; 0/o, 1/l/i, 5/s and 2/z are taken for one another.
    EXPECT_TRUE(passes("Nematicity in FeSe;_,S, and Ba(Fe,_,,Co,)2As9",
                       "Nematicity in FeSe$_{1-x}$S$_x$ and Ba(Fe$_{1-x}$Co$_x$)$_2$As$_2$"));
    EXPECT_TRUE(passes("LY 2NIp.143MNop.54C 09.1302 CATHODES FOR\nL1-ION BATTERIES",
                       "Li$_{1.2}$Ni$_{0.13}$Mn$_{0.54}$Co$_{0.13}$O$_2$ Cathodes for Li-Ion Batteries"));
    EXPECT_TRUE(passes("ACDM Constraints on 2,,, 03, n, and Ho",
                       "$\\Lambda$CDM Constraints on $\\Omega_m$, $\\sigma_8$, $n_s$ and $H_0$"));
    // More text around the title is free; the title's own letters are not.
    EXPECT_TRUE(
        passes("Journal of Things 12 (2026)\nOn the Expressive Power of Weight\nQuantization in Large Language Models\nA. Author",
               "On the Expressive Power of Weight Quantization in Large Language Models"));
    EXPECT_FALSE(passes("On the Surprising Failure of Weight |\nQuantization in Small Language Model\n",
                        "On the Expressive Power of Weight Quantization in Large Language Models"));
    EXPECT_FALSE(passes("Or Qt", "On the Expressive Power of Weight Quantization in Large Language Models"));
    const auto m = recognitionMatch("anything", "On the Expressive Power of Weight Quantization in Large Language Models");
    ASSERT_TRUE(m);
    EXPECT_EQ(m->allowed, 2u + 61u / 10u);  // 61 letters
    // A short title is allowed one error in four letters.
    EXPECT_TRUE(passes("LoRA\n", "LoRA"));
    EXPECT_TRUE(passes("LoRa\n", "LoRA"));
    EXPECT_FALSE(passes("Data\n", "LoRA"));
    // A word added, another read in a title word's place, or a word missing, is another title, even
    // where the letters that differ are fewer than those allowed.
    const char* sparse = "Sparse Attention Kernels for Long Context Inference";
    EXPECT_TRUE(passes("Sparse Attention Kernels for\nLong Context Inference\n", sparse));
    EXPECT_TRUE(passes("Sparse Attentlon Kemels for\nLong Contexl Inference\n", sparse));  // misread letters, rn as m
    EXPECT_TRUE(passes("SparseAttention Kernels for Long Con text Inference\n", sparse));  // words merged and split
    EXPECT_FALSE(passes("Sparse Attention Kernels: Not\nfor Long Context Inference\n", sparse));
    EXPECT_FALSE(passes("Not Sparse Attention Kernels for\nLong Context Inference\n", sparse));
    EXPECT_FALSE(passes("Dense Attention Kernels for\nLong Context Inference\n", sparse));
    EXPECT_FALSE(passes("Sparse Attention Kernels for\nContext Inference\n", sparse));
    EXPECT_FALSE(passes("Sparse Attention Kernelss for\nLong Context Inferencing\n", sparse));
    EXPECT_EQ(*recognitionMatch("Sparse Attention Kernels: Not\nfor Long Context Inference\n", sparse)->wordDiffers,
              "the word \"not\", which the title does not have");
    EXPECT_EQ(*recognitionMatch("Dense Attention Kernels for\nLong Context Inference\n", sparse)->wordDiffers,
              "the word \"dense\" where the title has \"sparse\"");
    EXPECT_EQ(*recognitionMatch("Sparse Attention Kernels for\nContext Inference\n", sparse)->wordDiffers,
              "nothing where the title has \"long\"");
    // Letters of one thin stroke, missing, are no word missing (Tesseract's readings of Latin Modern).
    EXPECT_TRUE(passes("Regularization of l-Posed Inverse Problems", "Regularization of Ill-Posed Inverse Problems"));
    EXPECT_TRUE(passes("On [l-Conditioned Linear Systems", "On Ill-Conditioned Linear Systems"));
    EXPECT_TRUE(passes("Illusory []]-Posedness of 11-Minimization in IoT: 11 Lessons",
                       "Illusory Ill-Posedness of l1-Minimization in IIoT: 11 Lessons"));
    EXPECT_FALSE(passes("Regularization of Posed Inverse Problems", "Regularization of Well-Posed Inverse Problems"));
    // A word next to math may read as anything (Tesseract's readings of pdfTeX's, XeTeX's and
    // dvips' renderings of this title).
    const char* norms = "Bounds on $\\|A\\|_{2\\to\\infty}$ and $\\sigma_{\\min}(A^\\top A)$";
    for (const char* read : {"Bounds on ||Al}a-s50 and Opin(A' A)", "Bounds on || Allo... and Omin(A' A)",
                             "Bounds on || All2-s00 and Omin(A'A)", "Bounds on ||A|]2-s00 and Omin(A' A)"})
        EXPECT_TRUE(passes(read, norms)) << read;
    // A word with letters beyond ASCII, or made by TeX's accents, is not judged word by word: its key
    // holds ASCII letters (Größe: grosse) English recognition reads as others.
    EXPECT_TRUE(passes("Uber die GréBe der Mengen — ein Beispiel", "Über die Größe der Mengen — ein Beispiel"));
    EXPECT_TRUE(passes("Uber die GréBe der Mengen — ein Beispiel", "\\\"Uber die Gr\\\"o\\ss{}e der Mengen --- ein Beispiel"));
    EXPECT_FALSE(passes("Uber die GréBe der Nicht Mengen — ein Beispiel", "Über die Größe der Mengen — ein Beispiel"));
    // Each such letter is allowed two errors more (Tesseract's readings of pdfTeX's T1 and OT1 umlauts
    // and ß): seven errors where five would be allowed without.
    const char* streets = "\\\"Uber die Gr\\\"o\\ss e der Stra\\ss en in M\\\"unchen";
    EXPECT_TRUE(passes("Uber die Gréke der Strafen in Miinchen", streets));
    EXPECT_EQ(recognitionMatch("Uber die Gréke der Strafen in Miinchen", streets)->allowed, 2u + 33u / 10u + 2u * 5u);
    EXPECT_TRUE(passes("Groke", "Gr\\\"o\\ss e"));
    EXPECT_TRUE(passes("Miller, Schréder und Kohler tiber Fufball", "Müller, Schröder und Köhler über Fußball"));
    // Text on lines of its own around the title is free (the line above, the authors below).
    EXPECT_TRUE(
        passes("Jo urnal ot Thmgs\nSparse Attention Kernels for\nLong Context Inference\nA. Author and B. Author\n", sparse));
    // Mostly beyond ASCII, or too short: English recognition cannot tell.
    EXPECT_FALSE(recognitionMatch("anything", "Θεωρία γράφων και βελτιστοποίηση"));
    EXPECT_FALSE(recognitionMatch("anything", "Go"));
}

TEST(StampParameters, RoundTripAndStrictness) {
    using namespace pith::pdf::stamp;
    StampParameters p;
    p.pageIndex = 2;
    p.height = 40;
    p.matrix = {1, 0, 0, 1, 483.5, 740};
    p.rect = {483.5, 740, 592, 780};
    p.epoch = 1780000000;
    const std::string text = toCanonicalJson(p);
    EXPECT_EQ(toCanonicalJson(parseStampParameters(text)), text);
    EXPECT_NE(text.find("\"page\":3"), std::string::npos);
    auto rejects = [](const std::string& t) { EXPECT_THROW(parseStampParameters(t), StampFormatError) << t; };
    std::string extra = text;
    extra.insert(1, "\"zz\":1,");
    rejects(extra);
    std::string spaced = text;
    spaced.insert(1, " ");
    rejects(spaced);  // not canonical
    std::string exponent = text;
    exponent.replace(exponent.find("\"483.5\""), 7, "\"4.835e2\"");
    rejects(exponent);  // not as the PDF writer writes numbers
    // Formats 2 to 4 are read (a verifier validates every format written); 1 recorded none, 5 is unknown.
    for (const char* f : {"1", "5", "04", "4.0"}) {
        std::string format = text;
        format.replace(format.find("\"format\":4"), 10, std::string("\"format\":") + f);
        rejects(format);
    }
    for (int f : {2, 3}) {
        std::string older = text;
        older.replace(older.find("\"format\":4"), 10, "\"format\":" + std::to_string(f));
        EXPECT_EQ(parseStampParameters(older).format, f);
        EXPECT_EQ(toCanonicalJson(parseStampParameters(older)), older);
    }
    StampParameters seal;
    seal.kind = StampKind::Seal;
    seal.qr = false;
    EXPECT_NO_THROW(parseStampParameters(toCanonicalJson(seal)));
    seal.height = 10;
    rejects(toCanonicalJson(seal));  // a seal draws nothing
    // placement: optional; when present, one of the values a stamp records, between page and qr.
    p.placement = "auto:right-margin";
    const std::string placed = toCanonicalJson(p);
    EXPECT_NE(placed.find("\"page\":3,\"placement\":\"auto:right-margin\",\"qr\""), std::string::npos) << placed;
    EXPECT_EQ(parseStampParameters(placed).placement, "auto:right-margin");
    EXPECT_EQ(parseStampParameters(text).placement, "");  // stamps that did not record it stay valid
    std::string unknown = placed;
    unknown.replace(unknown.find("auto:right-margin"), 17, "auto:middle");
    rejects(unknown);
    std::string notString = placed;
    notString.replace(notString.find("\"auto:right-margin\""), 19, "7");
    rejects(notString);
    seal.height = 0;
    seal.placement = "given";
    rejects(toCanonicalJson(seal));  // a seal places nothing
    // tagged: optional, only true, last in key order; absent in stamps that leave the tree alone.
    p.tagged = true;
    const std::string tagged = toCanonicalJson(p);
    EXPECT_NE(tagged.find("],\"tagged\":true}"), std::string::npos) << tagged;
    EXPECT_TRUE(parseStampParameters(tagged).tagged);
    EXPECT_FALSE(parseStampParameters(placed).tagged);
    std::string taggedFalse = tagged;
    taggedFalse.replace(taggedFalse.find("\"tagged\":true"), 13, "\"tagged\":false");
    rejects(taggedFalse);  // not canonical: false is not written
    seal.placement.clear();
    seal.tagged = true;
    rejects(toCanonicalJson(seal));  // a seal adds no link
}

TEST(UpdateSection, EveryByteAccountedFor) {
    using pith::pdf::readUpdateSection;
    const std::string good =
        "1 0 obj\n<</A 1>>\nendobj\nxref\n1 1\n0000000100 00000 n\r\ntrailer\n<</Size 2>>\nstartxref\n124\n%%EOF\n";
    // The object sits at file offset 100: the section starts there.
    pith::pdf::UpdateSection s = readUpdateSection(good, 100, {});
    EXPECT_EQ(s.objects.size(), 1u);
    EXPECT_EQ(s.end, 100 + good.size());
    auto rejects = [](const std::string& bytes) {
        EXPECT_THROW(readUpdateSection(bytes, 100, {}), pith::pdf::SectionError) << bytes;
    };
    rejects("% hi\n" + good);  // a comment
    rejects(
        "1 0 obj\n<</A 1>>\nendobj\n2 0 obj 5 endobj\nxref\n1 1\n0000000100 00000 n\r\ntrailer\n<</Size 2>>\nstartxref\n140\n%%EOF\n");
    std::string zeros = good;
    zeros.replace(zeros.find("\n124\n"), 5, "\n0124\n");
    rejects(zeros);  // startxref with leading zeros
    std::string elsewhere = good;
    elsewhere.replace(elsewhere.find("0000000100"), 10, "0000000050");
    rejects(elsewhere);                        // an entry pointing outside
    rejects(good.substr(0, good.size() - 6));  // no %%EOF
}

// The example of ISO 32000-1 §7.4.4.2: 80 0B 60 50 22 0C 0C 85 01 decodes to "-----A---B".
TEST(Filters, LzwOfTheStandardsExample) {
    const std::string encoded("\x80\x0B\x60\x50\x22\x0C\x0C\x85\x01", 9);
    EXPECT_EQ(pith::pdf::applyFilter("LZWDecode", encoded, pith::pdf::Object(), 1 << 20), "-----A---B");
}

TEST(MarkedContent, DepthLeftOpen) {
    EXPECT_EQ(pith::pdf::openMarkedContent("/OC /oc1 BDC 0 0 m (EMC) Tj"), 1);  // EMC inside a string
    EXPECT_EQ(pith::pdf::openMarkedContent("/Span <</ActualText (x)>> BDC q Q EMC"), 0);
    EXPECT_EQ(pith::pdf::openMarkedContent("EMC EMC /P BMC"), 1);                      // stray EMCs close nothing
    EXPECT_EQ(pith::pdf::openMarkedContent("BI /W 1 /H 1 ID \x01 BDC EI /X BMC"), 1);  // inline image data skipped
}
