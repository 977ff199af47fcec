#include "view/text_recognition.hpp"

#include <dlfcn.h>
#include <tesseract/baseapi.h>

#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace pith::view {

namespace {

// One engine for the process: loading the model is most of a recognition's cost. Tesseract's API
// object is not for two threads at once, hence the lock.
struct Engine {
    std::once_flag loaded;
    std::mutex lock;
    std::unique_ptr<tesseract::TessBaseAPI> api;
    std::string failure;
};

// The engine's storage, apart from its loading: prepareTextRecognition constructs it before the
// thread that loads it, so that at exit the thread is joined before the engine is destroyed.
Engine& storage() {
    static Engine e;
    return e;
}

void load(Engine& e) {
    auto api = std::make_unique<tesseract::TessBaseAPI>();
    // Debian's data directory (package tesseract-ocr-eng), LSTM only: the model the page runs.
    // The plain C++ dot product: Debian's Tesseract 5.3.0 reads nonsense with its SSE and AVX
    // ones (chosen on a processor without AVX2), and the page's WebAssembly build has no other.
    std::vector<std::string> names{"dotproduct"}, values{"generic"};
    if (api->Init(nullptr, "eng", tesseract::OEM_LSTM_ONLY, nullptr, 0, &names, &values, false) != 0) {
        e.failure = "Tesseract's English data (Debian package tesseract-ocr-eng) cannot be loaded";
        return;
    }
    api->SetVariable("debug_file", "/dev/null");  // no "Estimating resolution" lines on stderr
    api->SetPageSegMode(tesseract::PSM_SINGLE_BLOCK);
    e.api = std::move(api);
}

Engine& engine() {
    Engine& e = storage();
    std::call_once(e.loaded, [&e] { load(e); });
    return e;
}

// Debian builds Tesseract with OpenMP, and its LSTM starts a thread for each gate of each step: for
// the line or two of a title, waking those threads costs five times the recognition itself (0.35 s
// against 0.055 s on the example paper's title, on two cores). A recognition runs with OpenMP's
// parallel regions inactive, on the calling thread; the results are the same, since the parallel
// loops split independent gates. The setter is found at run time, in the OpenMP runtime Tesseract
// brought in, because pith is not itself built with OpenMP (clang's fuzzing builds would need
// another runtime).
void runOnThisThreadOnly() {
    using SetMaxActiveLevels = void (*)(int);
    static const auto set = reinterpret_cast<SetMaxActiveLevels>(dlsym(RTLD_DEFAULT, "omp_set_max_active_levels"));
    if (set) set(0);
}

}  // namespace

std::optional<std::string> recognizeText(const std::vector<unsigned char>& grey, int width, int height, int dpi,
                                         std::string* why) {
    Engine& e = engine();
    if (!e.api) {
        if (why) *why = e.failure;
        return std::nullopt;
    }
    if (width <= 0 || height <= 0 || grey.size() < static_cast<size_t>(width) * static_cast<size_t>(height)) return std::string();
    std::lock_guard<std::mutex> held(e.lock);
    runOnThisThreadOnly();
    e.api->SetImage(grey.data(), width, height, 1, width);
    e.api->SetSourceResolution(dpi);
    std::unique_ptr<char[]> text(e.api->GetUTF8Text());
    e.api->Clear();
    return text ? std::string(text.get()) : std::string();
}

void prepareTextRecognition() {
    Engine& e = storage();
    struct Joined {
        std::thread thread;
        ~Joined() { thread.join(); }
    };
    static Joined preload{std::thread([&e] { std::call_once(e.loaded, [&e] { load(e); }); })};
}

std::vector<unsigned char> uprightImage(const std::vector<unsigned char>& grey, int& width, int& height, int rotation) {
    const int w = width, h = height;
    if (rotation != 1 && rotation != 2 && rotation != 3) return grey;
    std::vector<unsigned char> out(grey.size());
    auto at = [&](int x, int y) { return grey[static_cast<size_t>(y) * static_cast<size_t>(w) + static_cast<size_t>(x)]; };
    if (rotation == 2) {
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x) out[static_cast<size_t>(h - 1 - y) * w + (w - 1 - x)] = at(x, y);
        return out;
    }
    // A quarter turn: the new image is h wide and w high.
    width = h;
    height = w;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            // Text running down (1) reads left to right after a quarter turn counterclockwise: the
            // pixel (x, y) goes to (y, w - 1 - x); text running up (3), clockwise: to (h - 1 - y, x).
            const int nx = rotation == 1 ? y : h - 1 - y, ny = rotation == 1 ? w - 1 - x : x;
            out[static_cast<size_t>(ny) * static_cast<size_t>(h) + static_cast<size_t>(nx)] = at(x, y);
        }
    return out;
}

}  // namespace pith::view
