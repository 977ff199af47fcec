#include "view/viewer.hpp"

#include "view/time_limit.hpp"

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-image.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <mutex>

namespace pith::view {

namespace {

// poppler reports recovered damage on stderr; pith reports its own findings.
void silence(const std::string&, void*) {}

void initPoppler() {
    static std::once_flag once;
    std::call_once(once, [] { poppler::set_debug_error_function(silence, nullptr); });
}

std::string utf8(const poppler::ustring& s) {
    poppler::byte_array bytes = s.to_utf8();
    return std::string(bytes.begin(), bytes.end());
}

}  // namespace

struct ViewerDocument::Impl {
    std::string bytes;  // poppler reads them in place
    std::unique_ptr<poppler::document> doc;
    std::chrono::steady_clock::time_point deadline;
    bool timedOut = false;  // poppler's work may still run on this document: never touch it again
};

namespace {

// fn(Impl&) under the document's time limit.
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

std::vector<Word> wordsOf(ViewerDocument::Impl& d, int pageIndex);
std::vector<double> inkOf(ViewerDocument::Impl& d, int pageIndex, const std::vector<Word>& words);

}  // namespace

ViewerDocument::ViewerDocument(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}
ViewerDocument::~ViewerDocument() = default;
ViewerDocument::ViewerDocument(ViewerDocument&&) noexcept = default;
ViewerDocument& ViewerDocument::operator=(ViewerDocument&&) noexcept = default;

std::optional<ViewerDocument> ViewerDocument::open(std::string_view bytes, std::string* why) {
    initPoppler();
    if (bytes.size() > static_cast<size_t>(INT_MAX)) {
        if (why) *why = "the file is larger than poppler reads";
        return std::nullopt;
    }
    auto impl = std::make_shared<Impl>();
    impl->bytes.assign(bytes);
    impl->deadline = std::chrono::steady_clock::now() + viewerTimeLimit();
    limited(impl, [](Impl& d) {
        d.doc.reset(poppler::document::load_from_raw_data(d.bytes.data(), static_cast<int>(d.bytes.size())));
        if (d.doc && !d.doc->is_locked()) d.doc->pages();
        return true;
    });
    if (!impl->doc) {
        if (why) *why = "poppler cannot open the file";
        return std::nullopt;
    }
    if (impl->doc->is_locked()) {
        if (why) *why = "poppler cannot open the file without a password";
        return std::nullopt;
    }
    return ViewerDocument(std::move(impl));
}

int ViewerDocument::pageCount() const {
    if (impl_->timedOut) throw ViewerTimeLimit();
    return impl_->doc->pages();  // counted by open, under the limit
}

std::string ViewerDocument::text(int pageIndex) const {
    if (pageIndex < 0 || pageIndex >= pageCount()) return {};
    return limited(impl_, [pageIndex](Impl& d) -> std::string {
        std::unique_ptr<poppler::page> page(d.doc->create_page(pageIndex));
        if (!page) return {};
        return utf8(page->text());
    });
}

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

std::vector<Word> wordsOf(ViewerDocument::Impl& d, int pageIndex) {
    std::vector<Word> out;
    std::unique_ptr<poppler::page> page(d.doc->create_page(pageIndex));
    if (!page) return out;
    // poppler lays the page out as displayed (turned by /Rotate), origin top left; back to user space.
    const poppler::rectf cb = page->page_rect(poppler::crop_box);
    const double x0 = cb.left(), y0 = cb.top(), x1 = cb.right(), y1 = cb.bottom();
    const poppler::page::orientation_enum turn = page->orientation();
    for (const poppler::text_box& box : page->text_list(poppler::page::text_list_include_font)) {
        const poppler::rectf b = box.bbox();
        double ux[2], uy[2];
        const double us[2] = {b.left(), b.right()}, vs[2] = {b.top(), b.bottom()};
        for (int i = 0; i < 2; ++i) {
            const double u = us[i], v = vs[i];
            switch (turn) {
            case poppler::page::landscape: ux[i] = x0 + v; uy[i] = y0 + u; break;     // /Rotate 90
            case poppler::page::upside_down: ux[i] = x1 - u; uy[i] = y0 + v; break;   // 180
            case poppler::page::seascape: ux[i] = x1 - v; uy[i] = y1 - u; break;      // 270
            default: ux[i] = x0 + u; uy[i] = y1 - v; break;
            }
        }
        Word w;
        w.text = utf8(box.text());
        w.left = b.left();
        w.top = b.top();
        w.right = b.right();
        w.bottom = b.bottom();
        w.size = box.get_font_size();
        w.x0 = std::min(ux[0], ux[1]);
        w.x1 = std::max(ux[0], ux[1]);
        w.y0 = std::min(uy[0], uy[1]);
        w.y1 = std::max(uy[0], uy[1]);
        out.push_back(std::move(w));
    }
    return out;
}

std::vector<double> inkOf(ViewerDocument::Impl& d, int pageIndex, const std::vector<Word>& words) {
    std::vector<double> out(words.size(), 0.0);
    std::unique_ptr<poppler::page> page(d.doc->create_page(pageIndex));
    if (!page) return out;
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
    poppler::page_renderer renderer;
    renderer.set_render_hint(poppler::page_renderer::text_antialiasing, true);
    renderer.set_image_format(poppler::image::format_argb32);
    poppler::image img = renderer.render_page(page.get(), 72.0 * kScale, 72.0 * kScale, x, y, w, h);
    if (!img.is_valid() || img.format() != poppler::image::format_argb32) return out;
    const char* data = img.const_data();
    const int stride = img.bytes_per_row();
    // A word is painted where its box is not one flat colour: glyph pixels stand out from the box's
    // own background (its median luminance). Measuring darkness instead would pass text under a
    // black bar, or under any dark fill, as ink.
    std::vector<int> levels;
    for (size_t i = 0; i < words.size(); ++i) {
        const int x0 = std::max(0, static_cast<int>(words[i].left * kScale) - x), x1 = std::min(img.width(), static_cast<int>(words[i].right * kScale) - x);
        const int y0 = std::max(0, static_cast<int>(words[i].top * kScale) - y), y1 = std::min(img.height(), static_cast<int>(words[i].bottom * kScale) - y);
        levels.clear();
        for (int yy = y0; yy < y1; ++yy) {
            const unsigned char* row = reinterpret_cast<const unsigned char*>(data + static_cast<long long>(yy) * stride);
            for (int xx = x0; xx < x1; ++xx) {
                const unsigned char* px = row + 4 * xx;  // B G R A
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

}  // namespace pith::view
