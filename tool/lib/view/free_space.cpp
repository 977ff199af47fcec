#include "view/free_space.hpp"

#include "view/time_limit.hpp"

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-image.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <mutex>

namespace pith::view {

namespace {

void silence(const std::string&, void*) {}

std::string utf8(const poppler::ustring& s) {
    poppler::byte_array bytes = s.to_utf8();
    return std::string(bytes.begin(), bytes.end());
}

bool overlaps(const Box& a, const Box& b) { return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom; }

// Anti-aliased edges of thin rules and small text are light grey: anything visibly darker than
// the white paper is ink. A faint tint (above 240 in every channel) is not.
constexpr int kPaperLevel = 240;

}  // namespace

std::string Occupied::describe() const {
    std::vector<std::string> parts;
    if (!words.empty()) {
        std::string sample;
        size_t used = 0;
        for (const std::string& w : words) {
            if (used > 0 && sample.size() + 1 + w.size() > 40) break;
            sample += (used++ ? " " : "") + w;
        }
        parts.push_back("text \"" + sample + (used < words.size() ? " ...\"" : "\""));
    }
    if (ink) parts.push_back(words.empty() ? "drawn content (ink)" : "ink");
    for (const std::string& m : marks)
        if (std::find(parts.begin(), parts.end(), m) == parts.end()) parts.push_back(m);
    std::string out;
    for (const std::string& p : parts) out += (out.empty() ? "" : ", ") + p;
    return out;
}

std::optional<PageOccupancy> PageOccupancy::of(std::string_view pdf, int pageIndex, std::string* why) {
    auto bytes = std::make_shared<const std::string>(pdf);
    return of(*bytes, bytes, pageIndex, why);
}

std::optional<PageOccupancy> PageOccupancy::of(std::string_view pdf, std::shared_ptr<const void> owner, int pageIndex,
                                               std::string* why) {
    // poppler's work holds the bytes' owner: it may outlive this call (time_limit.hpp).
    using Outcome = std::pair<std::optional<PageOccupancy>, std::string>;
    Outcome outcome = runUntil<Outcome>(viewerDeadline(), [owner, pdf, pageIndex] {
        Outcome o;
        o.first = render(pdf, pageIndex, &o.second);
        return o;
    });
    if (!outcome.first && why) *why = outcome.second;
    return std::move(outcome.first);
}

std::optional<PageOccupancy> PageOccupancy::render(std::string_view pdf, int pageIndex, std::string* why) {
    static std::once_flag once;
    std::call_once(once, [] { poppler::set_debug_error_function(silence, nullptr); });
    auto fail = [&](const std::string& reason) -> std::optional<PageOccupancy> {
        if (why) *why = reason;
        return std::nullopt;
    };
    if (pdf.size() > static_cast<size_t>(INT_MAX)) return fail("the file is larger than poppler reads");
    std::unique_ptr<poppler::document> doc(poppler::document::load_from_raw_data(pdf.data(), static_cast<int>(pdf.size())));
    if (!doc || doc->is_locked()) return fail("poppler cannot open the file");
    if (pageIndex < 0 || pageIndex >= doc->pages()) return fail("poppler finds no page " + std::to_string(pageIndex + 1));
    std::unique_ptr<poppler::page> page(doc->create_page(pageIndex));
    if (!page) return fail("poppler cannot read page " + std::to_string(pageIndex + 1));

    PageOccupancy o;
    const poppler::rectf cb = page->page_rect(poppler::crop_box);
    const bool quarter = page->orientation() == poppler::page::landscape || page->orientation() == poppler::page::seascape;
    o.width_ = quarter ? cb.height() : cb.width();
    o.height_ = quarter ? cb.width() : cb.height();
    if (!(o.width_ > 0 && o.height_ > 0) || o.width_ > 14400 || o.height_ > 14400)
        return fail("page " + std::to_string(pageIndex + 1) + " has no size poppler renders");

    poppler::page_renderer renderer;
    renderer.set_render_hint(poppler::page_renderer::antialiasing, true);
    renderer.set_render_hint(poppler::page_renderer::text_antialiasing, true);
    renderer.set_image_format(poppler::image::format_argb32);
    poppler::image img = renderer.render_page(page.get(), kDpi, kDpi);
    if (!img.is_valid() || img.format() != poppler::image::format_argb32)
        return fail("poppler cannot render page " + std::to_string(pageIndex + 1));
    o.columns_ = img.width();
    o.rows_ = img.height();
    const size_t stride = static_cast<size_t>(o.columns_) + 1;
    o.inkSums_.assign(stride * (static_cast<size_t>(o.rows_) + 1), 0);
    const char* data = img.const_data();
    for (int y = 0; y < o.rows_; ++y) {
        const unsigned char* row = reinterpret_cast<const unsigned char*>(data + static_cast<long long>(y) * img.bytes_per_row());
        long rowSum = 0;
        for (int x = 0; x < o.columns_; ++x) {
            const unsigned char* px = row + 4 * x;  // B G R A
            rowSum += std::min({px[0], px[1], px[2]}) < kPaperLevel;
            o.inkSums_[(static_cast<size_t>(y) + 1) * stride + static_cast<size_t>(x) + 1] =
                o.inkSums_[static_cast<size_t>(y) * stride + static_cast<size_t>(x) + 1] + rowSum;
        }
    }
    for (const poppler::text_box& box : page->text_list()) {
        const poppler::rectf b = box.bbox();
        o.words_.push_back({Box{b.left(), b.top(), b.right(), b.bottom()}, utf8(box.text())});
    }
    return o;
}

void PageOccupancy::mark(const Box& box, std::string label) { marks_.push_back({box, std::move(label)}); }

Occupied PageOccupancy::inside(const Box& box) const {
    Occupied out;
    // Every pixel the box touches, rounded outwards: a box is never found emptier than it is.
    const double s = kDpi / 72.0;
    const int x0 = std::clamp(static_cast<int>(std::floor(box.left * s)), 0, columns_);
    const int x1 = std::clamp(static_cast<int>(std::ceil(box.right * s)), 0, columns_);
    const int y0 = std::clamp(static_cast<int>(std::floor(box.top * s)), 0, rows_);
    const int y1 = std::clamp(static_cast<int>(std::ceil(box.bottom * s)), 0, rows_);
    if (x0 < x1 && y0 < y1) {
        const size_t stride = static_cast<size_t>(columns_) + 1;
        auto at = [&](int x, int y) { return inkSums_[static_cast<size_t>(y) * stride + static_cast<size_t>(x)]; };
        out.ink = at(x1, y1) - at(x0, y1) - at(x1, y0) + at(x0, y0) > 0;
    }
    for (const Labelled& w : words_)
        if (overlaps(w.box, box)) out.words.push_back(w.label);
    for (const Labelled& m : marks_)
        if (overlaps(m.box, box)) out.marks.push_back(m.label);
    return out;
}

}  // namespace pith::view
