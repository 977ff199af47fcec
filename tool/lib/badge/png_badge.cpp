// The badge as pixels (RGB): rectangles by exact area coverage, the text through FreeType, written by libpng.
#include <ft2build.h>
#include FT_FREETYPE_H
#include <png.h>

#include <algorithm>
#include <cmath>
#include <csetjmp>
#include <stdexcept>
#include <system_error>
#include <vector>

#include "badge/badge_render.hpp"

namespace pith::badge {

namespace {

constexpr long long kMaxPixels = 64LL * 1024 * 1024;

// A coverage layer: 0 = untouched, 1 = fully covered; composited over the image in one go, so that
// abutting rectangles (QR runs) leave no seams.
struct Layer {
    int w, h;
    std::vector<float> a;
    Layer(int w_, int h_) : w(w_), h(h_), a(static_cast<size_t>(w_) * h_, 0.f) {}

    // Rect in pixels (fractional): every pixel gets the area of its overlap.
    void addRect(double x0, double y0, double x1, double y1) {
        int px0 = std::max(0, static_cast<int>(std::floor(x0))), px1 = std::min(w, static_cast<int>(std::ceil(x1)));
        int py0 = std::max(0, static_cast<int>(std::floor(y0))), py1 = std::min(h, static_cast<int>(std::ceil(y1)));
        for (int y = py0; y < py1; ++y) {
            double cy = std::min<double>(y + 1, y1) - std::max<double>(y, y0);
            for (int x = px0; x < px1; ++x) {
                double cx = std::min<double>(x + 1, x1) - std::max<double>(x, x0);
                float& v = a[static_cast<size_t>(y) * w + x];
                v = std::min(1.f, v + static_cast<float>(cx * cy));
            }
        }
    }
};

// image: three channels per pixel, 0..1.
void composite(std::vector<double>& image, const Layer& layer, Rgb c) {
    const double rgb[3] = {c.r / 255.0, c.g / 255.0, c.b / 255.0};
    for (size_t i = 0; i < layer.a.size(); ++i)
        for (size_t k = 0; k < 3; ++k) image[3 * i + k] = image[3 * i + k] * (1 - layer.a[i]) + rgb[k] * layer.a[i];
}

struct FreeType {
    FT_Library lib = nullptr;
    FT_Face face = nullptr;
    ~FreeType() {
        if (face) FT_Done_Face(face);
        if (lib) FT_Done_FreeType(lib);
    }
};

void drawText(Layer& layer, const TextRun& t, double size, double scale, const std::filesystem::path& fontFile) {
    FreeType ft;
    if (FT_Init_FreeType(&ft.lib)) throw std::runtime_error("FreeType could not start");
    if (FT_New_Face(ft.lib, fontFile.c_str(), 0, &ft.face))
        throw std::runtime_error(fontFile.string() + ": not a font FreeType can read");
    const long pixelSize26 = std::lround(size * scale * 64);
    if (FT_Set_Char_Size(ft.face, 0, pixelSize26, 72, 72))
        throw std::runtime_error(fontFile.string() + ": cannot be scaled to the label size");
    double pen = t.x * scale;
    const double baseY = t.baseline * scale;
    for (size_t i = 0; i < t.text.size(); ++i) {
        // The fractional pen position goes into the glyph transform, so that glyphs land where the
        // layout's metrics put them rather than on whole pixels.
        const double fx = std::floor(pen), fy = std::floor(baseY);
        FT_Vector delta{std::lround((pen - fx) * 64), -std::lround((baseY - fy) * 64)};
        FT_Set_Transform(ft.face, nullptr, &delta);
        if (FT_Load_Char(ft.face, static_cast<unsigned char>(t.text[i]), FT_LOAD_RENDER | FT_LOAD_NO_HINTING))
            throw std::runtime_error(fontFile.string() + ": has no glyph for '" + std::string(1, t.text[i]) + "'");
        const FT_GlyphSlot g = ft.face->glyph;
        const FT_Bitmap& bm = g->bitmap;
        if (bm.pixel_mode != FT_PIXEL_MODE_GRAY) throw std::runtime_error(fontFile.string() + ": not an outline font");
        const int left = static_cast<int>(fx) + g->bitmap_left, top = static_cast<int>(fy) - g->bitmap_top;
        for (unsigned r = 0; r < bm.rows; ++r) {
            for (unsigned c = 0; c < bm.width; ++c) {
                int x = left + static_cast<int>(c), y = top + static_cast<int>(r);
                if (x < 0 || y < 0 || x >= layer.w || y >= layer.h) continue;
                float cov = bm.buffer[r * bm.pitch + c] / 255.f;
                float& v = layer.a[static_cast<size_t>(y) * layer.w + x];
                v = std::max(v, cov);
            }
        }
        pen += t.advances[i] * scale;
    }
}

void appendToString(png_structp png, png_bytep data, png_size_t length) {
    static_cast<std::string*>(png_get_io_ptr(png))->append(reinterpret_cast<const char*>(data), length);
}

// libpng reports errors by longjmp: this function holds no object with a destructor between
// setjmp and the calls that may jump, and everything it touches was allocated by the caller.
bool encodePng(std::string& out, std::vector<png_bytep>& rows, int w, int h, int dpi) {
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
    if (!png) return false;
    png_infop info = png_create_info_struct(png);
    if (!info || setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        return false;
    }
    png_set_write_fn(png, &out, appendToString, nullptr);
    png_set_compression_level(png, 9);
    png_set_IHDR(png, info, static_cast<png_uint_32>(w), static_cast<png_uint_32>(h), 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    const auto ppm = static_cast<png_uint_32>(std::lround(dpi / 0.0254));
    png_set_pHYs(png, info, ppm, ppm, PNG_RESOLUTION_METER);
    png_write_info(png, info);
    png_write_image(png, rows.data());
    png_write_end(png, nullptr);
    png_destroy_write_struct(&png, &info);
    return true;
}

}  // namespace

std::string renderPng(const BadgeLayout& b, int dpi, const std::filesystem::path& regularFont,
                      const std::filesystem::path& boldFont) {
    if (dpi < 36 || dpi > 2400) throw std::invalid_argument("--dpi must be 36..2400");
    const double scale = dpi / 72.0;
    // A tiny epsilon keeps 40pt at 72 dpi at 40 pixels rather than 41 from rounding noise.
    const int w = static_cast<int>(std::ceil(b.width * scale - 1e-6));
    const int h = static_cast<int>(std::ceil(b.height * scale - 1e-6));
    if (static_cast<long long>(w) * h > kMaxPixels)
        throw std::runtime_error("badge of " + std::to_string(w) + "x" + std::to_string(h) + " pixels is too large");

    std::vector<double> image(static_cast<size_t>(w) * h * 3, 0.0);
    auto layerOf = [&](const std::vector<Rect>& rects) {
        Layer l(w, h);
        for (const Rect& r : rects) l.addRect(r.x * scale, r.y * scale, (r.x + r.w) * scale, (r.y + r.h) * scale);
        return l;
    };
    composite(image, layerOf({b.background}), BadgeLayout::kWhite);
    std::vector<Rect> accent = b.frame;
    accent.insert(accent.end(), b.mark.begin(), b.mark.end());
    composite(image, layerOf(accent), BadgeLayout::kAccent);
    Layer word(w, h), number(w, h);
    drawText(word, b.word, b.labelSize, scale, regularFont);
    composite(image, word, b.word.colour);
    drawText(number, b.number, b.labelSize, scale, boldFont);
    composite(image, number, b.number.colour);
    composite(image, layerOf(b.qrRuns), BadgeLayout::kModule);

    std::vector<png_byte> pixels(image.size());
    for (size_t i = 0; i < image.size(); ++i)
        pixels[i] = static_cast<png_byte>(std::lround(std::clamp(image[i], 0.0, 1.0) * 255));
    std::vector<png_bytep> rows(static_cast<size_t>(h));
    for (int y = 0; y < h; ++y) rows[static_cast<size_t>(y)] = pixels.data() + static_cast<size_t>(y) * w * 3;
    std::string out;
    if (!encodePng(out, rows, w, h, dpi)) throw std::runtime_error("libpng could not encode the badge");
    return out;
}

}  // namespace pith::badge
