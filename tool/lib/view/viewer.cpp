#include "view/viewer.hpp"

#include "view/qr_scan.hpp"
#include "view/text_recognition.hpp"
#include "view/time_limit.hpp"

// poppler's core API (PDFDoc, TextOutputDev, SplashOutputDev), set up exactly as its C++ API's
// page::text_list, page::text and page_renderer::render_page set it up. Through the C++ API a
// word's font size is only to be had with text_list_include_font, which builds the page's whole
// font list once more (every font and ToUnicode CMap parsed again): 6-12 ms of a verify.
#include <poppler/GfxFont.h>
#include <poppler/GfxState.h>
#include <poppler/GlobalParams.h>
#include <poppler/PDFDoc.h>
#include <poppler/Page.h>
#include <poppler/SplashOutputDev.h>
#include <poppler/Stream.h>
#include <poppler/TextOutputDev.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/splash/SplashBitmap.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdlib>

namespace pith::view {

namespace {

// poppler reports recovered damage on stderr; pith reports its own findings.
void silence(ErrorCategory, Goffset, const char*) {}

// Words pass through poppler's UTF-16 string as with its C++ API, which keeps text it cannot
// convert out of the word list in the same way.
std::string utf8(const GooString& s) {
    poppler::byte_array bytes = poppler::ustring::from_utf8(s.c_str()).to_utf8();
    return std::string(bytes.begin(), bytes.end());
}

void appendText(void* out, const char* text, int len) { static_cast<std::string*>(out)->append(text, static_cast<size_t>(len)); }

// poppler's word list, noting the Type3 fonts the page draws text in (TextOutputDev does not run
// their glyph procedures, and a word keeps only which font it was set in).
class FontNotingTextDev : public TextOutputDev {
public:
    FontNotingTextDev() : TextOutputDev(nullptr, false, 0, false, false) {}
    void updateFont(GfxState* state) override {
        TextOutputDev::updateFont(state);
        const std::shared_ptr<GfxFont>& font = state->getFont();
        if (!font || font->getType() != fontType3) return;
        const Ref id = *font->getID();
        for (const auto& [ref, name] : type3)
            if (ref == id) return;
        std::string name = font->getTag();
        if (font->getName()) name += (name.empty() ? "" : " ") + ("/" + *font->getName());
        if (id.num > 0 && id.gen < 65536) name += " (object " + std::to_string(id.num) + ")";
        type3.emplace_back(id, name.empty() ? "an unnamed Type3 font" : name);
    }
    std::string type3FontOf(const TextWord& word) const {
        for (int i = 0; i < word.getLength(); ++i)
            for (const auto& [ref, name] : type3)
                if (word.getFontInfo(i)->matches(&ref)) return name;
        return {};
    }
    std::vector<std::pair<Ref, std::string>> type3;
};

}  // namespace

struct ViewerDocument::Impl {
    // First member, destroyed last: poppler's global state lives while any document does.
    GlobalParamsIniter params{silence};
    // poppler reads the bytes in place; they are owned here (or by `owner`), as poppler may outlive the caller.
    std::shared_ptr<const void> owner;
    std::string copy;
    std::string_view bytes;
    std::unique_ptr<PDFDoc> doc;
    std::chrono::steady_clock::time_point deadline;
    bool timedOut = false;  // poppler's work may still run on this document: never touch it again
    // One renderer for every region rendered (the ink under words, the QR codes by the badge): its
    // font engine loads each of the page's fonts once, where a renderer per region loads them again.
    std::unique_ptr<SplashOutputDev> splash;
    SplashOutputDev& renderer() {
        if (!splash) {
            // As page_renderer renders with only text anti-aliasing on: white paper, 4-byte pixels B G R x.
            SplashColor paper = {0xff, 0xff, 0xff, 0xff};
            splash = std::make_unique<SplashOutputDev>(splashModeXBGR8, 4, false, paper, true, splashThinLineDefault);
            splash->setFontAntialias(true);
            splash->setFreeTypeHinting(false, false);
            splash->setVectorAntialias(false);
            splash->startDoc(doc.get());
        }
        return *splash;
    }
    // A slice (x, y, w, h pixels) of the page as displayed, rendered at `scale` pixels a point:
    // nullptr when nothing was rendered.
    SplashBitmap* rendered(int pageIndex, double scale, int x, int y, int w, int h) {
        SplashOutputDev& dev = renderer();
        doc->displayPageSlice(&dev, pageIndex + 1, 72.0 * scale, 72.0 * scale, 0, false, true, false, x, y, w, h, nullptr,
                              nullptr, nullptr, nullptr, false);
        SplashBitmap* img = dev.getBitmap();
        return img && img->getWidth() > 0 && img->getHeight() > 0 ? img : nullptr;
    }
    Page* page(int pageIndex) const {
        if (pageIndex < 0 || pageIndex >= doc->getNumPages()) return nullptr;
        return doc->getPage(pageIndex + 1);
    }
};

namespace {

// fn(Impl&) under the document's time limit (view/time_limit.hpp): fn runs on a thread of its own
// that owns the document with it, so a late poppler never touches what the caller has freed.
template <class F>
auto limited(const std::shared_ptr<ViewerDocument::Impl>& impl, F fn) -> decltype(fn(*impl)) {
    using R = decltype(fn(*impl));
    if (impl->timedOut) throw ViewerTimeLimit();
    try {
        return runUntil<R>(impl->deadline, [impl, fn] { return fn(*impl); });
    } catch (const ViewerTimeLimit&) {
        impl->timedOut = true;
        throw;
    }
}

}  // namespace

ViewerDocument::ViewerDocument(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}
ViewerDocument::~ViewerDocument() = default;
ViewerDocument::ViewerDocument(ViewerDocument&&) noexcept = default;
ViewerDocument& ViewerDocument::operator=(ViewerDocument&&) noexcept = default;

std::optional<ViewerDocument> ViewerDocument::open(std::string_view bytes, std::string* why) { return open(bytes, nullptr, why); }

std::optional<ViewerDocument> ViewerDocument::open(std::string_view bytes, std::shared_ptr<const void> owner, std::string* why,
                                                   const std::string& password) {
    if (bytes.size() > static_cast<size_t>(INT_MAX)) {
        if (why) *why = "the file is larger than poppler reads";
        return std::nullopt;
    }
    auto impl = std::make_shared<Impl>();
    if (owner) {
        impl->owner = std::move(owner);
        impl->bytes = bytes;
    } else {
        impl->copy.assign(bytes);
        impl->bytes = impl->copy;
    }
    impl->deadline = viewerDeadline();
    limited(impl, [password](Impl& d) {  // by value: the work may outlive this call (time limit)
        const std::optional<GooString> given = GooString(password);
        d.doc = std::make_unique<PDFDoc>(new MemStream(d.bytes.data(), 0, static_cast<Goffset>(d.bytes.size()), Object(objNull)),
                                         given, given);
        if (d.doc->isOk()) d.doc->getNumPages();  // the page tree is read here, under the limit
        return true;
    });
    if (!impl->doc->isOk()) {
        if (why)
            *why = impl->doc->getErrorCode() == errEncrypted ? "poppler cannot open the file without its password (--password)"
                                                             : "poppler cannot open the file";
        return std::nullopt;
    }
    return ViewerDocument(std::move(impl));
}

int ViewerDocument::pageCount() const {
    if (impl_->timedOut) throw ViewerTimeLimit();
    return impl_->doc->getNumPages();  // counted by open, under the limit
}

std::string ViewerDocument::text(int pageIndex) const {
    if (pageIndex < 0 || pageIndex >= pageCount()) return {};
    return limited(impl_, [pageIndex](Impl& d) -> std::string {
        if (!d.page(pageIndex)) return {};
        std::string out;
        TextOutputDev td(&appendText, &out, true, 0, false, false);  // physical layout, as page::text()
        d.doc->displayPage(&td, pageIndex + 1, 72, 72, 0, false, true, false);
        return utf8(GooString(out));
    });
}

namespace {
std::vector<Word> wordsOf(ViewerDocument::Impl& d, int pageIndex);
std::vector<double> inkOf(ViewerDocument::Impl& d, int pageIndex, const std::vector<Word>& words);
}  // namespace

std::vector<Word> ViewerDocument::words(int pageIndex) const {
    if (pageIndex < 0 || pageIndex >= pageCount()) return {};
    return limited(impl_, [pageIndex](Impl& d) { return wordsOf(d, pageIndex); });
}

std::vector<double> ViewerDocument::ink(int pageIndex, const std::vector<const Word*>& words) const {
    if (words.empty() || pageIndex < 0 || pageIndex >= pageCount()) return std::vector<double>(words.size(), 0.0);
    std::vector<Word> copies;  // the caller's words may be gone when poppler finishes late
    for (const Word* w : words) copies.push_back(*w);
    return limited(impl_, [pageIndex, copies](Impl& d) { return inkOf(d, pageIndex, copies); });
}

namespace {

// poppler lays the page out as displayed (turned by /Rotate), origin top left; a box there, back in user space.
struct UserBox {
    double x0, y0, x1, y1;
};
UserBox userBox(Page& page, double l, double t, double r, double b) {
    const PDFRectangle* cb = page.getCropBox();
    const double x0 = cb->x1, y0 = cb->y1, x1 = cb->x2, y1 = cb->y2;
    const int turn = page.getRotate();
    double ux[2], uy[2];
    const double us[2] = {l, r}, vs[2] = {t, b};
    for (int k = 0; k < 2; ++k) {
        const double u = us[k], v = vs[k];
        switch (turn) {
        case 90:
            ux[k] = x0 + v;
            uy[k] = y0 + u;
            break;
        case 180:
            ux[k] = x1 - u;
            uy[k] = y0 + v;
            break;
        case 270:
            ux[k] = x1 - v;
            uy[k] = y1 - u;
            break;
        default:
            ux[k] = x0 + u;
            uy[k] = y1 - v;
            break;
        }
    }
    return {std::min(ux[0], ux[1]), std::min(uy[0], uy[1]), std::max(ux[0], ux[1]), std::max(uy[0], uy[1])};
}

// A box in user space, as displayed (userBox's inverse).
UserBox displayBox(Page& page, double x0u, double y0u, double x1u, double y1u) {
    const PDFRectangle* cb = page.getCropBox();
    const double x0 = cb->x1, y0 = cb->y1, x1 = cb->x2, y1 = cb->y2;
    const int turn = page.getRotate();
    double us[2], vs[2];
    const double xs[2] = {x0u, x1u}, ys[2] = {y0u, y1u};
    for (int k = 0; k < 2; ++k) {
        const double X = xs[k], Y = ys[k];
        switch (turn) {
        case 90:
            us[k] = Y - y0;
            vs[k] = X - x0;
            break;
        case 180:
            us[k] = x1 - X;
            vs[k] = Y - y0;
            break;
        case 270:
            us[k] = y1 - Y;
            vs[k] = x1 - X;
            break;
        default:
            us[k] = X - x0;
            vs[k] = y1 - Y;
            break;
        }
    }
    return {std::min(us[0], us[1]), std::min(vs[0], vs[1]), std::max(us[0], us[1]), std::max(vs[0], vs[1])};
}

// The region rendered as page_renderer renders (white paper, text anti-aliasing only), in grey.
// The region's pixels as grey (poppler renders B G R x), the weights of the QR reader's.
std::vector<unsigned char> greyOf(const SplashBitmap& img) {
    const int iw = img.getWidth(), ih = img.getHeight(), stride = img.getRowSize();
    std::vector<unsigned char> grey(static_cast<size_t>(iw) * static_cast<size_t>(ih));
    const unsigned char* data = const_cast<SplashBitmap&>(img).getDataPtr();
    for (int yy = 0; yy < ih; ++yy)
        for (int xx = 0; xx < iw; ++xx) {
            const unsigned char* px = data + static_cast<long long>(yy) * stride + 4 * xx;
            grey[static_cast<size_t>(yy) * static_cast<size_t>(iw) + static_cast<size_t>(xx)] =
                static_cast<unsigned char>((114 * px[0] + 587 * px[1] + 299 * px[2]) / 1000);
        }
    return grey;
}

// A region of the page as displayed (points from its top left), cut to the page (at most 14400 pt
// a side), and the pixels that cover it at `scale`.
struct DisplayedRegion {
    double left = 0, top = 0, right = 0, bottom = 0;
    double area() const { return (right - left) * (bottom - top); }
};
std::optional<DisplayedRegion> cutToPage(Page& page, double left, double top, double right, double bottom) {
    const bool turned = page.getRotate() == 90 || page.getRotate() == 270;
    const double width = std::min(turned ? page.getCropHeight() : page.getCropWidth(), 14400.0),
                 height = std::min(turned ? page.getCropWidth() : page.getCropHeight(), 14400.0);
    DisplayedRegion r{std::clamp(left, 0.0, width), std::clamp(top, 0.0, height), std::clamp(right, 0.0, width),
                      std::clamp(bottom, 0.0, height)};
    if (!(r.right > r.left && r.bottom > r.top)) return std::nullopt;
    return r;
}
struct PixelRegion {
    int x = 0, y = 0, w = 0, h = 0;
};
PixelRegion pixelsOf(const DisplayedRegion& r, double scale) {
    PixelRegion p;
    p.x = static_cast<int>(std::floor(r.left * scale)), p.y = static_cast<int>(std::floor(r.top * scale));
    p.w = static_cast<int>(std::ceil(r.right * scale)) - p.x, p.h = static_cast<int>(std::ceil(r.bottom * scale)) - p.y;
    return p;
}

std::optional<std::vector<ViewerDocument::QrCode>> qrCodesOf(ViewerDocument::Impl& d, int pageIndex, double x0, double y0,
                                                             double x1, double y1, double pixelsPerPoint,
                                                             double leastPixelsPerPoint, bool hairlines) {
    std::vector<ViewerDocument::QrCode> out;
    if (!d.page(pageIndex)) return out;
    Page& page = *d.page(pageIndex);
    const UserBox shown = displayBox(page, x0, y0, x1, y1);
    const std::optional<DisplayedRegion> region = cutToPage(page, shown.x0, shown.y0, shown.x1, shown.y1);
    if (!region) return out;
    // pixelsPerPoint, or less over a region larger than kQrMaxPixels (a large badge has large modules).
    const double scale = std::min(pixelsPerPoint, std::sqrt(ViewerDocument::kQrMaxPixels / region->area()));
    if (scale < leastPixelsPerPoint) return std::nullopt;
    const auto [x, y, w, h] = pixelsOf(*region, scale);
    if (w <= 0 || h <= 0) return out;
    SplashBitmap* img = d.rendered(pageIndex, scale, x, y, w, h);
    if (!img) return out;
    const int iw = img->getWidth(), ih = img->getHeight();
    for (ScannedCode& c : scanQrCodes(greyOf(*img), iw, ih, hairlines)) {
        ViewerDocument::QrCode q;
        q.text = std::move(c.text);
        q.left = (x + c.left) / scale;
        q.top = (y + c.top) / scale;
        q.right = (x + c.right) / scale;
        q.bottom = (y + c.bottom) / scale;
        const UserBox u = userBox(page, q.left, q.top, q.right, q.bottom);
        q.x0 = u.x0, q.y0 = u.y0, q.x1 = u.x1, q.y1 = u.y1;
        out.push_back(std::move(q));
    }
    return out;
}

std::optional<std::string> recognizedTextOf(ViewerDocument::Impl& d, int pageIndex, double left, double top, double right,
                                            double bottom, double textHeight, int rotation,
                                            const std::vector<std::array<double, 4>>& blank,
                                            const std::vector<std::array<double, 4>>& keep, std::string* why) {
    Page* page = d.page(pageIndex);
    if (!page) return std::string();
    const std::optional<DisplayedRegion> region = cutToPage(*page, left, top, right, bottom);
    if (!region) return std::string();
    double scale = textHeight > 0 ? std::clamp(40.0 / textHeight, 1.0, 8.0) : 1.0;
    scale = std::min(scale, std::sqrt(ViewerDocument::kRecognitionMaxPixels / region->area()));
    const auto [x, y, w, h] = pixelsOf(*region, scale);
    if (w <= 0 || h <= 0) return std::string();
    SplashBitmap* img = d.rendered(pageIndex, scale, x, y, w, h);
    if (!img) return std::string();
    int iw = img->getWidth(), ih = img->getHeight();
    std::vector<unsigned char> grey = greyOf(*img);
    for (const auto& [x0, y0, x1, y1] : blank) {
        const UserBox shown = displayBox(*page, x0, y0, x1, y1);
        const int bx0 = std::clamp(static_cast<int>(std::floor(shown.x0 * scale)) - x, 0, iw),
                  by0 = std::clamp(static_cast<int>(std::floor(shown.y0 * scale)) - y, 0, ih),
                  bx1 = std::clamp(static_cast<int>(std::ceil(shown.x1 * scale)) - x, 0, iw),
                  by1 = std::clamp(static_cast<int>(std::ceil(shown.y1 * scale)) - y, 0, ih);
        for (int yy = by0; yy < by1; ++yy)
            std::fill_n(grey.begin() + static_cast<long>(yy) * iw + bx0, std::max(0, bx1 - bx0), static_cast<unsigned char>(255));
    }
    if (!keep.empty()) {
        std::vector<bool> kept(grey.size(), false);
        for (const auto& [l, t, r, b] : keep) {
            const int kx0 = std::clamp(static_cast<int>(std::floor(l * scale)) - x, 0, iw),
                      ky0 = std::clamp(static_cast<int>(std::floor(t * scale)) - y, 0, ih),
                      kx1 = std::clamp(static_cast<int>(std::ceil(r * scale)) - x, 0, iw),
                      ky1 = std::clamp(static_cast<int>(std::ceil(b * scale)) - y, 0, ih);
            for (int yy = ky0; yy < ky1; ++yy)
                std::fill_n(kept.begin() + static_cast<long>(yy) * iw + kx0, std::max(0, kx1 - kx0), true);
        }
        for (size_t i = 0; i < grey.size(); ++i)
            if (!kept[i]) grey[i] = 255;
    }
    const std::vector<unsigned char> upright = uprightImage(grey, iw, ih, rotation);
    return recognizeText(upright, iw, ih, static_cast<int>(std::lround(72 * scale)), why);
}

std::vector<Word> wordsOf(ViewerDocument::Impl& d, int pageIndex) {
    std::vector<Word> out;
    Page* page = d.page(pageIndex);
    if (!page) return out;
    // poppler lays the page out as displayed (turned by /Rotate), origin top left; back to user space.
    FontNotingTextDev dev;
    d.doc->displayPageSlice(&dev, pageIndex + 1, 72, 72, 0, false, false, false, -1, -1, -1, -1, nullptr, nullptr, nullptr,
                            nullptr, false);
    std::unique_ptr<TextWordList> list = dev.makeWordList();
    if (!list) return out;
    out.reserve(static_cast<size_t>(list->getLength()));
    for (int i = 0; i < list->getLength(); ++i) {
        const TextWord* word = list->get(i);
        double l, t, r, b;
        word->getBBox(&l, &t, &r, &b);
        const UserBox u = userBox(*page, l, t, r, b);
        Word w;
        std::unique_ptr<GooString> text(word->getText());
        w.text = utf8(*text);
        w.left = l;
        w.top = t;
        w.right = r;
        w.bottom = b;
        w.size = word->getFontSize();
        w.rotation = word->getRotation();
        if (!dev.type3.empty()) w.type3Font = dev.type3FontOf(*word);
        w.x0 = u.x0;
        w.x1 = u.x1;
        w.y0 = u.y0;
        w.y1 = u.y1;
        out.push_back(std::move(w));
    }
    return out;
}

std::vector<double> inkOf(ViewerDocument::Impl& d, int pageIndex, const std::vector<Word>& words) {
    std::vector<double> out(words.size(), 0.0);
    if (!d.page(pageIndex)) return out;
    // Render only the region the words span, at 1.5 pixels a point.
    constexpr double kScale = 1.5;
    constexpr int kContrast = 64;  // a quarter of the range: 0.75 grey on white stands out, yellow on white does not
    double l = words[0].left, t = words[0].top, r = words[0].right, b = words[0].bottom;
    for (const Word& w : words) {
        l = std::min(l, w.left);
        t = std::min(t, w.top);
        r = std::max(r, w.right);
        b = std::max(b, w.bottom);
    }
    const int x = static_cast<int>(std::floor(l * kScale)), y = static_cast<int>(std::floor(t * kScale));
    const int w = static_cast<int>(std::ceil(r * kScale)) - x + 1, h = static_cast<int>(std::ceil(b * kScale)) - y + 1;
    if (w <= 0 || h <= 0 || static_cast<long long>(w) * h > 40'000'000) return out;
    SplashBitmap* img = d.rendered(pageIndex, kScale, x, y, w, h);
    if (!img) return out;
    const char* data = reinterpret_cast<const char*>(img->getDataPtr());
    const int stride = img->getRowSize();
    // A word is painted where its box is not one flat colour: glyph pixels stand out from the box's
    // own background (its median luminance). Measuring darkness instead would pass text under a
    // black bar, or under any dark fill, as ink.
    std::vector<int> levels;
    for (size_t i = 0; i < words.size(); ++i) {
        const int x0 = std::max(0, static_cast<int>(words[i].left * kScale) - x),
                  x1 = std::min(img->getWidth(), static_cast<int>(words[i].right * kScale) - x);
        const int y0 = std::max(0, static_cast<int>(words[i].top * kScale) - y),
                  y1 = std::min(img->getHeight(), static_cast<int>(words[i].bottom * kScale) - y);
        levels.clear();
        for (int yy = y0; yy < y1; ++yy) {
            const unsigned char* row = reinterpret_cast<const unsigned char*>(data + static_cast<long long>(yy) * stride);
            for (int xx = x0; xx < x1; ++xx) {
                const unsigned char* px = row + 4 * xx;                              // B G R A
                levels.push_back((114 * px[0] + 587 * px[1] + 299 * px[2]) / 1000);  // luminance, 0..255
            }
        }
        if (levels.empty()) continue;
        std::vector<int> sorted = levels;
        std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(sorted.size() / 2), sorted.end());
        const int background = sorted[sorted.size() / 2];
        long long standing = 0;
        for (int v : levels)
            if (std::abs(v - background) >= kContrast) ++standing;
        out[i] = static_cast<double>(standing) / static_cast<double>(levels.size());
    }
    return out;
}

}  // namespace

std::optional<std::vector<ViewerDocument::QrCode>> ViewerDocument::qrCodes(int pageIndex, double x0, double y0, double x1,
                                                                           double y1, double pixelsPerPoint,
                                                                           double leastPixelsPerPoint, bool hairlines) const {
    if (pageIndex < 0 || pageIndex >= pageCount() || !(pixelsPerPoint > 0)) return std::vector<QrCode>{};
    return limited(
        impl_, [=](Impl& d) { return qrCodesOf(d, pageIndex, x0, y0, x1, y1, pixelsPerPoint, leastPixelsPerPoint, hairlines); });
}

std::optional<std::string> ViewerDocument::recognizedText(int pageIndex, double left, double top, double right, double bottom,
                                                          double textHeight, int rotation,
                                                          const std::vector<std::array<double, 4>>& blank,
                                                          const std::vector<std::array<double, 4>>& keep,
                                                          std::string* why) const {
    if (pageIndex < 0 || pageIndex >= pageCount()) return std::string();
    // Shared: past the time limit the work goes on without this caller.
    auto reason = std::make_shared<std::string>();
    std::optional<std::string> text = limited(impl_, [=](Impl& d) {
        return recognizedTextOf(d, pageIndex, left, top, right, bottom, textHeight, rotation, blank, keep, reason.get());
    });
    if (!text && why) *why = *reason;
    return text;
}

}  // namespace pith::view
