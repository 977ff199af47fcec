#pragma once
// What a stamp decided, recorded in the stamp itself (XMP pith:stampParameters) so that a verifier
// can write the same update again and compare it with the file, object by object (docs/FORMAT.md,
// "Stamp parameters"). Values are what was decided, not what was asked: the page, the badge's
// matrix and rectangle in points as written into the PDF, its height, the QR code, the date.
#include <array>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "json/value.hpp"
#include "pdf/reader/pdf_reader.hpp"

namespace pith::pdf::stamp {

// Bump whenever what a stamp writes changes; verifiers keep validating every version ever written.
// 2: base-14 Helvetica label, grey frame (pith 0.1). 3: the one badge (mark, word, bold number),
// its fonts embedded, drawn as an artifact. 4: as 3, and the XMP keeps every item of the
// document's language alternatives.
inline constexpr int kStampFormat = 4;
inline constexpr int kOldestStampFormat = 2;  // format 1 recorded no parameters

enum class StampKind { Badge, Seal };  // seal: binding and signature only, for a PDF with a LaTeX badge

struct StampParameters {
    int format = kStampFormat;
    StampKind kind = StampKind::Badge;
    size_t pageIndex = 0;  // 0-based here, 1-based in the JSON
    double height = 0;     // the badge's height in points, as drawn
    bool qr = true;
    std::array<double, 6> matrix{};     // cm operands placing the badge form on the page
    Rect rect;                          // the link's /Rect
    std::optional<std::int64_t> epoch;  // dates written, or none
    bool forced = false;                // stamped with --force over a failed stamp-time check
    // How the badge's place was chosen: "auto:<candidate>" (pdf/stamp/placement.hpp), "auto-forced:<candidate>"
    // (no free place, --force) or "given". Empty: not recorded (a seal; stamps written before it was).
    std::string placement;
    // The PDF/A conformance the stamped document claims and the stamp kept ("2B", pdf/stamp/pdfa.hpp):
    // the pith schema declared in the XMP, the record attached only where that part allows it.
    // Empty: the document claims none (or stamps written before it was recorded).
    std::string pdfa;
    // The link was added to the tagged document's structure tree (pdf/stamp/structure.hpp).
    // Recorded only when true; false for stamps written before it was.
    bool tagged = false;
};

class StampFormatError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The JSON object (kind, page, height, qr, matrix, rect, date, forced, format, and placement,
// pdfa and tagged when recorded); numbers as the
// decimal strings the PDF holds, so that they round-trip exactly in any language.
json::Value toJson(const StampParameters& parameters);
std::string toCanonicalJson(const StampParameters& parameters);
// Strict: every member present with its type, nothing else, values in range. Throws StampFormatError.
StampParameters parseStampParameters(std::string_view json);
// The placement values a stamp may record.
bool isRecordablePlacement(const std::string& placement);

// "D:YYYYMMDDHHmmSSZ" and "YYYY-MM-DDTHH:MM:SSZ" for a Unix time; the second read back strictly
// (a date that does not exist, such as 2026-02-30, is none).
std::string pdfDate(std::int64_t epoch);
std::string isoDate(std::int64_t epoch);
std::optional<std::int64_t> parseIsoDate(const std::string& text);

// A value as the PDF writer prints it (4 decimals at most), so the recorded and the written agree.
double asWritten(double value);

// The statement a stamper signs with Ed25519 (canonical JSON bytes, docs/FORMAT.md "Stamper").
std::string stampStatement(const StampParameters& parameters, const std::string& recordSha256, std::uint64_t prefixLength,
                           const std::string& prefixSha256, const std::string& stamperKeyId);

}  // namespace pith::pdf::stamp
