// The title placement rule (docs/FORMAT.md, "Title placement") on pages laid out by hand: the words
// and their boxes as poppler gives them (points from the top left of the page).
#include <gtest/gtest.h>

#include "verify/title_placement.hpp"

using pith::verify::titleOccurrences;
using pith::verify::titlePlacement;
using pith::view::Word;

namespace {

// A line of words at (x, top), `size` points, one word-space apart (0.25 of the size), each word
// 0.5 of the size wide per character.
void line(std::vector<Word>& page, const std::string& text, double x, double top, double size) {
    size_t at = 0;
    while (at < text.size()) {
        size_t end = text.find(' ', at);
        if (end == std::string::npos) end = text.size();
        Word w;
        w.text = text.substr(at, end - at);
        w.size = size;
        w.left = x, w.right = x + 0.5 * size * static_cast<double>(w.text.size());
        w.top = top, w.bottom = top + 1.2 * size;
        x = w.right + 0.25 * size;
        page.push_back(w);
        at = end + 1;
    }
}

const std::string kTitle = "On the Expressive Power of Weight Quantization";
const std::string kBody = "Large language models are expensive to store and to run and quantization helps";

// Why the first occurrence of the title is not set as a title ("" when it is).
std::string judge(const std::vector<Word>& page) {
    std::vector<const Word*> painted;
    for (const Word& w : page) painted.push_back(&w);
    std::vector<pith::verify::TitleOccurrence> found = titleOccurrences(page, kTitle);
    if (found.empty()) return "not found";
    return titlePlacement(found.front(), painted, {}).notAsTitle.value_or("");
}

std::vector<Word> paperWith(const std::vector<std::pair<std::string, double>>& titleLines) {
    std::vector<Word> page;
    double top = 100;
    for (const auto& [text, size] : titleLines) {
        line(page, text, 72, top, size);
        top += 1.25 * size;
    }
    line(page, "A. Author", 72, top + 20, 12);
    for (int i = 0; i < 12; ++i) line(page, kBody, 72, top + 60 + 13 * i, 10);
    return page;
}

}  // namespace

TEST(TitlePlacement, WholeLinesInTheLargestType) {
    EXPECT_EQ(judge(paperWith({{"On the Expressive Power", 18}, {"of Weight Quantization", 18}})), "");
}

TEST(TitlePlacement, FootnoteMarksBesideTheTitle) {
    std::vector<Word> page = paperWith({{"On the Expressive Power of Weight Quantization", 18}});
    const double end = page[6].right;   // "Quantization"
    line(page, "1,2", end + 1, 98, 9);  // a superscript after the last word
    line(page, "*", end + 18, 98, 18);
    EXPECT_EQ(judge(page), "");
    line(page, "and", end + 30, 100, 9);  // a word of three letters, smaller: still a mark
    EXPECT_EQ(judge(page), "");
    page.resize(7);                       // the title alone
    line(page, "more", end + 4, 100, 9);  // four letters are text
    EXPECT_EQ(judge(page), "it shares a line with other text (\"more\"), as a quotation does");
}

TEST(TitlePlacement, MarksInsideTheLastWord) {
    EXPECT_EQ(judge(paperWith({{"On the Expressive Power of Weight Quantization12", 18}})), "");
    EXPECT_NE(judge(paperWith({{"On the Expressive Power of Weight Quantizations1234", 18}})).find("ends inside the word"),
              std::string::npos);
    EXPECT_NE(judge(paperWith({{"Re:On the Expressive Power of Weight Quantization", 18}})).find("begins inside the word"),
              std::string::npos);
}

TEST(TitlePlacement, ASubtitleOrURLBelowInTheSameSize) {
    EXPECT_EQ(judge(paperWith({{"On the Expressive Power of Weight Quantization", 18}, {"https://example.org/paper", 18}})), "");
}

TEST(TitlePlacement, SameSizeTextAboveMakesItPartOfALongerTitle) {
    const std::string why = judge(paperWith({{"A rebuttal of:", 18}, {"On the Expressive Power of Weight Quantization", 18}}));
    EXPECT_NE(why.find("continues the text of the same size just above it (\"A\")"), std::string::npos) << why;
    // Smaller text above (a conference's name, a running head) does not.
    EXPECT_EQ(judge(paperWith({{"Proceedings of the Workshop", 12}, {"On the Expressive Power of Weight Quantization", 18}})),
              "");
}

TEST(TitlePlacement, QuotedInAParagraph) {
    std::vector<Word> page = paperWith({{"A Different Paper Altogether", 18}});
    line(page, "as argued in On the Expressive Power of Weight Quantization we find", 72, 500, 10);
    const std::string why = judge(page);
    EXPECT_EQ(why, "it shares a line with other text (\"in\"), as a quotation does");  // the nearest word before it
}

TEST(TitlePlacement, SmallPrintUnderALargerTitle) {
    std::vector<Word> page = paperWith({{"A Different Paper Altogether", 18}});
    line(page, "On the Expressive Power of Weight Quantization", 72, 40, 9);  // a running head
    EXPECT_EQ(
        judge(page),
        "its largest line is set in 9.0 pt where page 1's largest text is 18.0 pt: a reader takes the larger text for the title");
    // Turned text (an arXiv identifier up the margin) is not the page's largest type.
    Word side;
    side.text = "arXiv:2605.00001v1";
    side.size = 40, side.rotation = 3, side.left = 10, side.right = 30, side.top = 200, side.bottom = 600;
    std::vector<Word> withSide = paperWith({{"On the Expressive Power of Weight Quantization", 18}});
    withSide.push_back(side);
    EXPECT_EQ(judge(withSide), "");
}

TEST(TitlePlacement, ALoneLargeWordIsNoTitle) {
    // A watermark or stamp (APPROVED, DRAFT) in a larger type than the title: one word, no phrase.
    std::vector<Word> page = paperWith({{"On the Expressive Power of Weight Quantization", 18}});
    line(page, "APPROVED", 72, 700, 40);
    EXPECT_EQ(judge(page), "");
    line(page, "NOW", 72 + 0.5 * 40 * 8 + 10, 700, 40);  // two words are a phrase, and larger
    EXPECT_EQ(
        judge(page),
        "its largest line is set in 18.0 pt where page 1's largest text is 40.0 pt: a reader takes the larger text for the title");
}

TEST(TitlePlacement, ReadInTheTextsOwnDirection) {
    // A page turned by /Rotate 90: every line runs top to bottom on the display, the next line to
    // its left. The title's two lines and the authors' are apart as on the upright page.
    auto turned = [](const std::vector<Word>& upright) {
        std::vector<Word> out;
        for (Word w : upright) {
            const Word u = w;
            w.left = 792 - u.bottom, w.right = 792 - u.top, w.top = u.left, w.bottom = u.right, w.rotation = 1;
            out.push_back(w);
        }
        return out;
    };
    EXPECT_EQ(judge(turned(paperWith({{"On the Expressive Power", 18}, {"of Weight Quantization", 18}}))), "");
    const std::string why =
        judge(turned(paperWith({{"A rebuttal of:", 18}, {"On the Expressive Power of Weight Quantization", 18}})));
    EXPECT_EQ(why.rfind("it continues the text of the same size just above it (\"A\")", 0), 0u) << why;
}
