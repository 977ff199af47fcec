#pragma once
// Where the record's title stands on page 1 (docs/FORMAT.md, "Title placement"): its words must be
// set as a title, not quoted in an abstract, a footnote, a running head or a longer title.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "view/viewer.hpp"

namespace pith::verify {

// The median of sizes (the upper one of an even count); 0 for none.
double medianSize(std::vector<double> sizes);

// A size to 0.1 pt ("17.3 pt").
std::string points(double size);

// A run of the page's words whose match keys together hold the title's key.
struct TitleOccurrence {
    std::vector<const view::Word*> words;  // in the page's order
    size_t before = 0;                     // key characters of the first word ahead of the title's
    size_t after = 0;                      // key characters of the last word past the title's
    // The key of the title's math: a viewer may read its sub- and superscripts as words of their own
    // beside the title's (text/match_key.hpp, titleSpans).
    std::string mathKey;
};

// Each occurrence in the page's order (the first few: a running head may repeat the title above
// the title itself).
std::vector<TitleOccurrence> titleOccurrences(const std::vector<view::Word>& words, const std::string& title);

struct Placement {
    double size = 0;     // the size of its largest line (a line's size: the median of its words')
    double largest = 0;  // the largest type of page 1 a reader can take for a title (docs/FORMAT.md), at least `size`
    std::optional<std::string> notAsTitle;  // why a reader does not take it for the title, when not
};

// `painted`: the page's words a viewer paints; `ignored`: words that are not the paper's (the
// badge's label), neither neighbours nor the largest text.
Placement titlePlacement(const TitleOccurrence& occurrence, const std::vector<const view::Word*>& painted,
                         const std::set<const view::Word*>& ignored);

}  // namespace pith::verify
