#pragma once
// What a viewer shows: the pages' text and the words' places, through poppler's C++ API (the
// library behind pdftotext, Evince and Okular). pith's own reader proves what the bytes are; this
// proves what a reader of the PDF sees, read by a mainstream library that shares no code with it.
#include <memory>
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pith::view {

struct Word {
    std::string text;                                 // UTF-8
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;            // PDF user space of the page, in points
    double left = 0, top = 0, right = 0, bottom = 0;  // the page as displayed, points from its top left
    double size = 0;                                  // the font size as displayed (text matrix and CTM applied), in points
    // Its direction on the page as displayed, poppler's: 0 left to right, 1 top to bottom, 2 right to
    // left (upside down), 3 bottom to top.
    int rotation = 0;
    // The Type3 font a letter of the word is drawn in ("T3a (object 12)"), empty when none is. A
    // Type3 glyph is a content stream that may draw any shape: its letters come only from its
    // glyph name or ToUnicode entry, so the word's text is no evidence of what is shown.
    std::string type3Font;
};

class ViewerDocument {
public:
    // The bytes are copied (poppler may still be reading them after a time limit, see
    // time_limit.hpp). nullopt, with the reason, when poppler cannot open the file. open, text,
    // words and ink throw ViewerTimeLimit once poppler has worked on this document longer than
    // viewerTimeLimit() in all; every later call then throws it at once.
    static std::optional<ViewerDocument> open(std::string_view bytes, std::string* why);
    // The same without a copy: `owner` keeps `bytes` alive as long as poppler may read them.
    // `password` opens an encrypted file (as owner and as user password; empty: the usual user password).
    static std::optional<ViewerDocument> open(std::string_view bytes, std::shared_ptr<const void> owner, std::string* why,
                                              const std::string& password = {});
    ~ViewerDocument();
    ViewerDocument(ViewerDocument&&) noexcept;
    ViewerDocument& operator=(ViewerDocument&&) noexcept;

    int pageCount() const;
    // The page's text in reading order, as pdftotext prints it (UTF-8); empty for a page out of range.
    std::string text(int pageIndex) const;
    std::vector<Word> words(int pageIndex) const;
    // For each word, the share of its box (0..1) whose rendered pixels stand out (by a quarter of the
    // luminance range) from the box's median: text that is clipped away, invisible (render mode 3),
    // white on white, or covered by a fill of any colour has none. The words must
    // come from words(pageIndex).
    std::vector<double> ink(int pageIndex, const std::vector<const Word*>& words) const;
    // The QR codes a reader's phone finds in a region of the page (PDF user space, cut to the page):
    // the region as displayed rendered at pixelsPerPoint (less where that would exceed
    // kQrMaxPixels) and read by zbar (view/qr_scan.hpp).
    struct QrCode {
        std::string text;
        double left = 0, top = 0, right = 0, bottom = 0;  // the page as displayed
        double x0 = 0, y0 = 0, x1 = 0, y1 = 0;            // PDF user space
    };
    static constexpr double kQrMaxPixels = 24'000'000;
    // hairlines: also read with renderers' hairlines between rules closed (qr_scan.hpp). nullopt when
    // the region is too large to render at leastPixelsPerPoint.
    std::optional<std::vector<QrCode>> qrCodes(int pageIndex, double x0, double y0, double x1, double y1, double pixelsPerPoint,
                                               double leastPixelsPerPoint, bool hairlines) const;

    // The text character recognition reads in a region of the page as displayed (points from its top
    // left), holding text `textHeight` points high running in direction `rotation` (Word::rotation):
    // the region rendered at 40 pixels to textHeight (1 to 8 pixels a point, less where that would
    // exceed kRecognitionMaxPixels), turned upright and read by Tesseract (text_recognition.hpp).
    // `blank`: rectangles in PDF user space (x0, y0, x1, y1) painted white before it is read (what is
    // known not to be the text read: a stamp's badge). `keep`: boxes in the region, in its
    // coordinates (left, top, right, bottom), outside which it is painted white too (the lines of
    // the text read: not what is beside a short line); none, the whole region. nullopt, with the
    // reason, when the engine cannot start.
    static constexpr double kRecognitionMaxPixels = 16'000'000;
    std::optional<std::string> recognizedText(int pageIndex, double left, double top, double right, double bottom,
                                              double textHeight, int rotation, const std::vector<std::array<double, 4>>& blank,
                                              const std::vector<std::array<double, 4>>& keep, std::string* why) const;

    struct Impl;  // poppler's document (viewer.cpp)

private:
    explicit ViewerDocument(std::shared_ptr<Impl> impl);
    std::shared_ptr<Impl> impl_;  // shared with poppler's work, which may outlive this object
};

}  // namespace pith::view
