#pragma once
// Where a page is empty, as a reader sees it: the page rendered by poppler (text, vector graphics
// and images are all ink), its text boxes (invisible text too: a badge over an OCR layer would hide
// what a search finds), and rectangles the caller adds (annotations, which poppler's C++ API does
// not list). Used to place the stamp's badge where it covers nothing.
//
// Coordinates are those of the page as displayed (crop box, turned by /Rotate), in points from its
// top-left corner, as poppler lays pages out.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pith::view {

struct Box {
    double left = 0, top = 0, right = 0, bottom = 0;
};

// What lies inside a box.
struct Occupied {
    bool ink = false;
    std::vector<std::string> words;  // text boxes met, in page order
    std::vector<std::string> marks;  // labels of the added rectangles met
    bool any() const { return ink || !words.empty() || !marks.empty(); }
    // "ink", "text \"Journal of...\"", "a link annotation", joined by ", ".
    std::string describe() const;
};

class PageOccupancy {
public:
    // One page of the PDF (bytes only read during the call). nullopt, with the reason, when poppler
    // cannot open or render it; ViewerTimeLimit when poppler does not finish within
    // viewerTimeLimit() (time_limit.hpp).
    static std::optional<PageOccupancy> of(std::string_view pdf, int pageIndex, std::string* why);
    // The same without a copy (a large file's bytes are not held twice): `owner` keeps `pdf` alive
    // as long as poppler may read it.
    static std::optional<PageOccupancy> of(std::string_view pdf, std::shared_ptr<const void> owner, int pageIndex,
                                           std::string* why);

    double width() const { return width_; }  // the page as displayed, in points
    double height() const { return height_; }
    void mark(const Box& box, std::string label);
    Occupied inside(const Box& box) const;

    // The render's resolution: one pixel is 72 / kDpi points.
    static constexpr double kDpi = 36;

private:
    static std::optional<PageOccupancy> render(std::string_view pdf, int pageIndex, std::string* why);
    double width_ = 0, height_ = 0;
    int columns_ = 0, rows_ = 0;
    std::vector<long> inkSums_;  // summed-area table of ink pixels, (columns_ + 1) × (rows_ + 1)
    struct Labelled {
        Box box;
        std::string label;
    };
    std::vector<Labelled> words_, marks_;
};

}  // namespace pith::view
