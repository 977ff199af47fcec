#include "view/viewer.hpp"

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page.h>

#include <climits>
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
    std::unique_ptr<poppler::document> doc;
};

ViewerDocument::ViewerDocument(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ViewerDocument::~ViewerDocument() = default;
ViewerDocument::ViewerDocument(ViewerDocument&&) noexcept = default;
ViewerDocument& ViewerDocument::operator=(ViewerDocument&&) noexcept = default;

std::optional<ViewerDocument> ViewerDocument::open(std::string_view bytes, std::string* why) {
    initPoppler();
    if (bytes.size() > static_cast<size_t>(INT_MAX)) {
        if (why) *why = "the file is larger than poppler reads";
        return std::nullopt;
    }
    auto impl = std::make_unique<Impl>();
    impl->doc.reset(poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
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

int ViewerDocument::pageCount() const { return impl_->doc->pages(); }

std::string ViewerDocument::text(int pageIndex) const {
    if (pageIndex < 0 || pageIndex >= pageCount()) return {};
    std::unique_ptr<poppler::page> page(impl_->doc->create_page(pageIndex));
    if (!page) return {};
    return utf8(page->text());
}

std::vector<Word> ViewerDocument::words(int pageIndex) const {
    std::vector<Word> out;
    if (pageIndex < 0 || pageIndex >= pageCount()) return out;
    std::unique_ptr<poppler::page> page(impl_->doc->create_page(pageIndex));
    if (!page) return out;
    // poppler lays the page out as displayed (turned by /Rotate), origin top left; back to user space.
    const poppler::rectf cb = page->page_rect(poppler::crop_box);
    const double x0 = cb.left(), y0 = cb.top(), x1 = cb.right(), y1 = cb.bottom();
    const poppler::page::orientation_enum turn = page->orientation();
    for (const poppler::text_box& box : page->text_list()) {
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
        w.x0 = std::min(ux[0], ux[1]);
        w.x1 = std::max(ux[0], ux[1]);
        w.y0 = std::min(uy[0], uy[1]);
        w.y1 = std::max(uy[0], uy[1]);
        out.push_back(std::move(w));
    }
    return out;
}

}  // namespace pith::view
