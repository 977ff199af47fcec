#pragma once
// Character recognition of rendered text, by Tesseract (libtesseract, with Debian's English LSTM
// model, the data the page carries too). A font's glyphs can draw other letters than the text a
// viewer extracts reads (a Type0 font selects glyphs by number, an embedded program names its own
// glyphs): what a reader sees there is read from the pixels.
#include <optional>
#include <string>
#include <vector>

namespace pith::view {

// The text Tesseract reads in a greyscale image (one byte a pixel, rows of `width` bytes) rendered at
// `dpi`, read as one block of text (page segmentation mode 6). nullopt, with the reason, when the
// engine cannot start (its language data missing).
std::optional<std::string> recognizeText(const std::vector<unsigned char>& grey, int width, int height, int dpi,
                                         std::string* why);

// Starts loading the engine (a tenth of a second: most of a recognition's cost) on a thread of its
// own, once, so that it loads while the caller reads other things; recognizeText waits for it.
void prepareTextRecognition();

// The image turned so that text in direction `rotation` (poppler's: 0 left to right, 1 top to
// bottom, 2 right to left, 3 bottom to top) reads left to right; width and height follow it.
std::vector<unsigned char> uprightImage(const std::vector<unsigned char>& grey, int& width, int& height, int rotation);

}  // namespace pith::view
