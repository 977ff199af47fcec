#include "latex/data_file.hpp"

#include <utility>
#include <vector>

#include "latex/tex_escape.hpp"
#include "record/verify_record.hpp"

namespace pith::latex {

std::string qrRunLengths(const qr::QrMatrix& matrix) {
    std::string out;
    for (int y = 0; y < matrix.size; ++y) {
        if (y > 0) out += ',';
        bool dark = false;
        int run = 0;
        std::string row;
        for (int x = 0; x < matrix.size; ++x) {
            if (matrix.at(x, y) == dark) {
                ++run;
                continue;
            }
            row += std::to_string(run) + '.';
            dark = !dark;
            run = 1;
        }
        row += std::to_string(run);  // the last run; a trailing light run is harmless
        out += row;
    }
    return out;
}

namespace {

void item(std::string& out, const char* key, const std::string& value) {
    out += "\\PithDataItem{";
    out += key;
    out += "}{" + xmlText(value) + "}{" + pdfHexText(value) + "}\n";
}

}  // namespace

std::string dataFileText(const record::Record& record, const record::RecordFacts& facts, std::string_view toolVersion) {
    if (!facts.number) throw record::RecordError("the canonical record has no year in metadata.submitted_at, so no Pith Number");
    const record::PithNumber& number = *facts.number;
    std::string out;
    out += "% pith-data.tex: the Pith record of " + number.full() + " for pith.sty,\n";
    out += "% written by `pith latex` " + std::string(toolVersion) + ". Do not edit: run `pith latex RECORD -o DIR` again.\n";
    out += "% Values: XML text with numeric character references, then a PDF hex string (docs/LATEX.md).\n";
    out += "\\PithDataFormat{" + std::to_string(kDataFormat) + "}{" + std::string(toolVersion) + "}\n";
    item(out, "number", number.full());
    item(out, "year", std::to_string(number.year));
    item(out, "suffix", number.suffix);
    item(out, "sha256", facts.sha256Hex);
    item(out, "recordUrl", number.recordUrl());
    item(out, "record", facts.canonicalBytes);
    // The paper's title, only where title_canon_sha256 vouches for it: pith verify then checks that
    // page 1 shows it (docs/FORMAT.md, pith:title).
    const json::Value* titleHash = record.canonicalRecord.findPath("metadata.title_canon_sha256");
    if (record.title && titleHash && titleHash->isString() && record::titleCanonSha256(*record.title) == titleHash->asString())
        item(out, "title", *record.title);
    if (record.receipt) {
        const record::Receipt& r = *record.receipt;
        item(out, "receiptKeyId", r.keyId);
        item(out, "receiptSignature", r.signatureB64);
        item(out, "receiptKeyFingerprint", r.publicKeyFingerprint);
        if (r.signedAt) item(out, "receiptSignedAt", *r.signedAt);
    }
    const qr::QrMatrix qr = qr::encode(number.recordUrl());
    out += "\\PithDataQr{" + std::to_string(qr.size) + "}{" + qrRunLengths(qr) + "}\n";
    return out;
}

}  // namespace pith::latex
