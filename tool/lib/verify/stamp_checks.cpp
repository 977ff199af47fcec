// A stamped PDF is exactly: the bound prefix + the stamp update + nothing but white space. The
// prefix is proven by its length and SHA-256; the update by writing it again from the prefix and
// the recorded parameters and comparing, object by object; what follows must be white space.
#include <future>

#include "crypto/digest.hpp"
#include "pdf/content/marked_content.hpp"
#include "crypto/ed25519.hpp"
#include "crypto/encoding.hpp"
#include "pdf/revisions/update_section.hpp"
#include "pdf/stamp/pdfa.hpp"
#include "pdf/stamp/stamp.hpp"
#include "pdf/xmp/pith_xmp.hpp"
#include "record/verify_record.hpp"
#include "pdf/reader/object_parser.hpp"
#include "verify/context.hpp"
#include "verify/revisions.hpp"
#include "verify/update_compare.hpp"

namespace pith::verify {

using report::CheckStatus;

namespace {

constexpr size_t kTolerableTail = 32;

std::optional<std::uint64_t> parseLength(const std::string* text) {
    if (!text || text->empty() || text->size() > 19 || text->find_first_not_of("0123456789") != std::string::npos ||
        ((*text)[0] == '0' && text->size() > 1))
        return std::nullopt;
    return std::stoull(*text);
}

void rewritten(Context& c, const std::string& why) {
    c.rewritten = true;
    c.rep.add(
        kBindingCheck, "Stamped bytes", CheckStatus::Fail,
        "the stamped bytes are gone: " + why +
            ". The file was rewritten after stamping (qpdf, pikepdf, mutool, Ghostscript and others write a whole new "
            "file), so its pages cannot be shown to be the ones stamped; the record and its signature are checked on their own");
    c.rep.add(kStampUpdateCheck, "Stamp update", CheckStatus::NotApplicable,
              "no stamp update to validate: the file was rewritten");
}

// The record as XMP properties state it: the canonical record, the receipt, the title.
pdf::stamp::StampRecord recordFromXmp(const EmbeddedData& data, const char* missing) {
    const std::string* canonical = data.xmpValue("canonicalRecord");
    if (!canonical) throw record::RecordError(missing);
    record::Record r = record::loadRecord(*canonical);
    r.receipt = receiptFromXmp(data);
    if (const std::string* t = data.xmpValue("title")) r.title = *t;
    return pdf::stamp::stampRecordFrom(r, record::computeFacts(r));
}

// The record a stamp of this kind was made from: the attachment for a badge (its XMP where the
// document's PDF/A part allows no attachment), the prefix's own LaTeX data for a seal.
pdf::stamp::StampRecord recordFor(const pdf::stamp::StampParameters& p, const EmbeddedData& stampData,
                                  const pdf::PdfReader& prefix) {
    if (p.kind == pdf::stamp::StampKind::Badge) {
        if (!pdf::stamp::pdfaAllowsRecordAttachment(p.pdfa))
            return recordFromXmp(stampData,
                                 "the stamp's XMP carries no pith:canonicalRecord, and its PDF/A part allows no attachment");
        if (!stampData.attachment)
            throw record::RecordError(std::string("the stamp's attachment ") + kAttachmentName + " is missing");
        record::Record r = record::loadRecord(*stampData.attachment);
        return pdf::stamp::stampRecordFrom(r, record::computeFacts(r));
    }
    return recordFromXmp(readEmbeddedData(prefix), "a seal needs the record in the sealed document's XMP, and it has none");
}

// A stamp records the PDF/A conformance of the document it was appended to; the document must
// claim exactly that. (A stamp that records none is one of a plain PDF, or was written before
// PDF/A was recorded, and is validated as such.)
void checkPdfaClaim(const pdf::stamp::StampParameters& p, const pdf::PdfReader& prefix) {
    if (p.pdfa.empty()) return;
    std::optional<pdf::xmp::PdfaId> claim;
    if (std::optional<std::string> packet = prefix.xmp()) claim = pdf::xmp::readPithXmp(*packet).pdfa;
    const std::optional<std::string> label = claim ? pdf::stamp::pdfaLabel(*claim) : std::nullopt;
    if (label != p.pdfa)
        throw pdf::stamp::StampFormatError("pith:stampParameters records " + pdf::stamp::pdfaName(p.pdfa) +
                                           ", but the stamped document claims " +
                                           (claim ? pdf::stamp::pdfaName(*claim) : std::string("no PDF/A conformance")));
}

void checkStamper(Context& c, const pdf::stamp::StampParameters& p, const std::string& recordSha, std::uint64_t prefixLength,
                  const std::string& prefixSha, const std::optional<pdf::stamp::StamperSignature>& sig) {
    const char* title = "Stamper";
    if (!sig) {
        c.stamperSummary = "The stamper is unknown: the stamp is not signed, and anyone can stamp";
        c.rep.add(kStamperCheck, title, CheckStatus::NotApplicable,
                  "the stamp is not signed: anyone can stamp a PDF with a genuine record");
    } else {
        const crypto::TrustedKey* key = c.keyring.find(sig->keyId, crypto::KeyRole::Stamper);
        auto raw = crypto::fromBase64(sig->signatureB64);
        if (!raw || raw->size() != 64) {
            c.rep.add(kStamperCheck, title, CheckStatus::Fail, "the stamper's signature is not 64 bytes of standard base64");
            return;
        }
        if (!key) {
            c.stamperSummary =
                "The stamper is unknown: signed by \"" + sig->keyId + "\", a key your keyring does not trust as a stamper";
            c.rep.add(
                kStamperCheck, title, CheckStatus::NotApplicable,
                "signed by \"" + sig->keyId + "\", which the keyring does not trust as a stamper: the stamper is not known");
        } else {
            const std::string statement = pdf::stamp::stampStatement(p, recordSha, prefixLength, prefixSha, sig->keyId);
            if (crypto::ed25519Verify(key->publicKey, reinterpret_cast<const std::uint8_t*>(statement.data()), statement.size(),
                                      *raw) != crypto::SignatureCheck::Valid) {
                c.rep.add(kStamperCheck, title, CheckStatus::Fail,
                          "the stamper's Ed25519 signature does not verify with key \"" + sig->keyId + "\"");
                return;
            }
            c.stamperTrusted = true;
            c.stamperSummary = "Stamped by \"" + sig->keyId + "\" (trusted, " + key->origin + ")";
            c.rep.add(kStamperCheck, title, CheckStatus::Pass,
                      "stamped by \"" + sig->keyId + "\" (trusted, " + key->origin + ")");
        }
    }
    if (c.options.requiredStamper && !(c.stamperTrusted && sig && sig->keyId == *c.options.requiredStamper)) {
        c.rep.checks.back().status = CheckStatus::Fail;
        c.rep.checks.back().reason = "--require-stamper " + *c.options.requiredStamper + ": " + c.rep.checks.back().reason;
    }
}

// The update at the end of the bound prefix must be the one pith writes for these parameters.
// The /L of a linearization dictionary that is the file's first object (within its first KiB,
// where poppler and pdf.js look for one), when it is a number.
std::optional<double> linearizedLength(std::string_view file) {
    const std::string_view head = file.substr(0, 1024);
    const size_t obj = head.find(" obj");
    if (obj == std::string_view::npos || head.find("/Linearized", obj) == std::string_view::npos) return std::nullopt;
    try {
        pdf::ObjectParser parser(file.substr(obj + 4, 4096), 8);
        pdf::Object dict = parser.parseObject();
        const pdf::Object* length = dict.isDict() && dict.get("Linearized") ? dict.get("L") : nullptr;
        if (length && length->isNumber()) return length->asNumber();
    } catch (const pdf::PdfError&) {}
    return std::nullopt;
}

void checkUpdate(Context& c, const pdf::UpdateSection& section, std::uint64_t prefixLength, const std::string& prefixSha) {
    const char* title = "Stamp update";
    // A file whose first object says it is linearized, with /L its whole length, is read by
    // poppler and pdf.js from its first-page cross-reference section, whose entries win: they show
    // the page as the original had it and never read the stamp update.
    if (std::optional<double> length = linearizedLength(c.reader.bytes());
        length && *length == static_cast<double>(c.reader.bytes().size())) {
        c.rep.add(kStampUpdateCheck, title, CheckStatus::Fail,
                  "the original's linearization dictionary gives /L " + std::to_string(c.reader.bytes().size()) +
                      ", the length of the stamped file: viewers (poppler, pdf.js) then read its first-page cross-reference "
                      "section first and do not see the stamp update");
        return;
    }
    try {
        // The file as the stamp left it: when nothing but white space follows the update, that is
        // the file itself, whose data verify has read already.
        const bool updateIsLast = pdf::onlyWhitespace(c.reader.bytes().substr(section.end));
        const EmbeddedData stampData = updateIsLast ? c.data : readEmbeddedData(c.reader.prefix(section.end));
        const std::string* paramsText = stampData.xmpValue("stampParameters");
        if (!paramsText) {
            c.rep.add(kStampUpdateCheck, title, CheckStatus::Unverifiable,
                      "the stamp records no parameters (stamp format 1, written by pith before 0.2): what it wrote cannot be "
                      "validated; stamp the original again");
            return;
        }
        pdf::stamp::StampParameters p = pdf::stamp::parseStampParameters(*paramsText);
        if (p.kind == pdf::stamp::StampKind::Badge) {
            c.badgePage = p.pageIndex;  // where the report looks, even if what follows fails
            c.claimedBadge = p.rect, c.claimedBadgePage = p.pageIndex;
        }
        const std::string* producer = stampData.xmpValue("producer");
        const std::string word = p.kind == pdf::stamp::StampKind::Seal ? "pith-seal " : "pith-stamp ";
        if (!producer || producer->rfind(word, 0) != 0 || producer->size() > 64 ||
            producer->find_first_of("<>&\"\n") != std::string::npos)
            throw pdf::stamp::StampFormatError("pith:producer is not \"" + word + "<version>\"");
        std::optional<pdf::stamp::StamperSignature> sig;
        const std::string* keyId = stampData.xmpValue("stamperKeyId");
        const std::string* signature = stampData.xmpValue("stamperSignature");
        if ((keyId == nullptr) != (signature == nullptr))
            throw pdf::stamp::StampFormatError("pith:stamperKeyId and pith:stamperSignature come together");
        if (keyId) sig = pdf::stamp::StamperSignature{*keyId, *signature};

        pdf::PdfReader prefix = c.reader.prefix(prefixLength);
        // pith stamp refuses a damaged file: stamped bytes that only libqpdf's repair reads were not its input.
        if (const std::optional<std::string>& damage = prefix.repaired())
            throw pdf::stamp::StampFormatError("the stamped bytes are a damaged PDF (" + *damage +
                                               "), which pith stamp does not stamp");
        // A seal vouches for a PDF as its TeX engine wrote it: one revision, nothing after it.
        if (p.kind == pdf::stamp::StampKind::Seal &&
            (prefix.revisions().size() != 1 || prefix.revisions().front().trailer.has("Prev") ||
             !pdf::onlyWhitespace(prefix.bytes().substr(prefix.revisions().front().endOffset))))
            throw pdf::stamp::StampFormatError("a seal covers one revision as compiled, and the sealed bytes hold more");
        checkPdfaClaim(p, prefix);
        pdf::stamp::StampRecord rec = recordFor(p, stampData, prefix);
        pdf::stamp::StampOptions opt;
        opt.recorded = p;
        opt.recordedSignature = sig;
        opt.recordedProducer = *producer;
        opt.prefixSha256 = prefixSha;
        pdf::stamp::StampResult again = pdf::stamp::stamp(prefix, rec, opt);
        pdf::UpdateSection expected = pdf::readUpdateSection(again.update, prefixLength, c.reader.limits());
        if (auto difference = compareUpdates(section, expected, c.reader.limits())) {
            c.rep.add(kStampUpdateCheck, title, CheckStatus::Fail, "the update is not what pith stamp writes: " + *difference);
            return;
        }
        c.stamp = p;
        if (p.kind == pdf::stamp::StampKind::Badge) {
            c.badgePage = p.pageIndex;
            try {
                if (int open = pdf::pageOpenMarkedContent(prefix, p.pageIndex); open > 0)
                    c.badgeHidden =
                        "the stamped page leaves " + std::to_string(open) +
                        " marked-content section(s) open, so the badge is drawn inside them: optional content there can hide it";
            } catch (const pdf::PdfError& e) {
                c.badgeDoubt = std::string("the stamped page's content cannot be read to its end (") + e.what() +
                               "): whether optional content hides the badge from some viewers cannot be told";
            }
        }
        std::string what = p.kind == pdf::stamp::StampKind::Seal
                               ? "a seal (binding and metadata, no badge)"
                               : "the badge on page " + std::to_string(p.pageIndex + 1) + ", its link, the metadata" +
                                     (pdf::stamp::pdfaAllowsRecordAttachment(p.pdfa) ? " and the record" : " (with the record)");
        if (!p.pdfa.empty()) what += "; " + pdf::stamp::pdfaKeptSummary(p.pdfa);
        c.rep.add(kStampUpdateCheck, title, CheckStatus::Pass,
                  "the " + std::to_string(section.objects.size()) +
                      " objects of the update are exactly what pith stamp writes: " + what +
                      (p.forced ? " (stamped with --force)" : ""));
        checkStamper(c, p, rec.sha256Hex, prefixLength, prefixSha, sig);
    } catch (const std::exception& e) {
        c.rep.add(
            kStampUpdateCheck, title, CheckStatus::Fail,
            std::string("the update cannot be a stamp of the first ") + std::to_string(prefixLength) + " bytes: " + e.what());
    }
}

std::string revisionList(const std::vector<RevisionChange>& later) {
    std::string what;
    for (const RevisionChange& r : later) {
        std::string changes;
        for (const std::string& s : r.changes) changes += (changes.empty() ? "" : ", ") + s;
        what += (what.empty() ? "" : "; ") + std::string("revision ") + std::to_string(r.index + 1) + " changes " +
                (changes.empty() ? "nothing visible" : changes);
    }
    return what;
}

}  // namespace

// What follows `end` (the end of the stamp update or of the compiled file) must be white space only.
void checkNothingAfter(Context& c, std::uint64_t end, const std::string& what) {
    const std::string_view file = c.reader.bytes();
    const std::string_view tail = file.substr(std::min<std::uint64_t>(end, file.size()));
    // A few end-of-lines, as file transfers add; more white space pushes startxref out of the window
    // where viewers look for it (mupdf: the last 1 KiB), and they then rebuild the file their own way.
    if (pdf::onlyWhitespace(tail) && tail.size() <= kTolerableTail) {
        c.rep.add(kLaterRevisionsCheck, "No later changes", CheckStatus::Pass, "nothing follows " + what);
        return;
    }
    const auto& revs = c.reader.revisions();
    std::optional<size_t> base;
    for (size_t i = 0; i < revs.size(); ++i)
        if (revs[i].endOffset <= end) base = i;
    std::vector<RevisionChange> later;
    size_t laterCount = 0;
    if (base) {
        laterCount = revs.size() - *base - 1;
        later = describeLaterRevisions(c.reader, *base);
    }
    json::Array list;
    for (const RevisionChange& r : later) {
        json::Array changes;
        for (const std::string& s : r.changes) changes.push_back(json::Value::string(s));
        json::Value item;
        item.set("revision", json::Value::integer(static_cast<long long>(r.index + 1)));
        item.set("end_offset", json::Value::integer(static_cast<long long>(r.endOffset)));
        item.set("objects", json::Value::integer(static_cast<long long>(r.objectCount)));
        item.set("changes", json::Value::array(std::move(changes)));
        list.push_back(std::move(item));
    }
    c.rep.facts.set("later_revisions", json::Value::array(std::move(list)));
    c.rep.facts.set("later_revision_count", json::Value::integer(static_cast<long long>(laterCount)));
    const std::uint64_t wellFormedEnd = laterCount ? revs.back().endOffset : end;
    const std::string_view rest = file.substr(std::min<std::uint64_t>(wellFormedEnd, file.size()));
    const std::uint64_t stray = pdf::onlyWhitespace(rest) && rest.size() <= kTolerableTail ? 0 : rest.size();
    std::string reason;
    if (laterCount)
        reason = std::to_string(laterCount) + " revision(s) appended after " + what + ": " + revisionList(later) +
                 (laterCount > later.size() ? "; and " + std::to_string(laterCount - later.size()) + " more" : "");
    if (stray)
        reason += (reason.empty() ? "" : "; and ") + std::to_string(stray) + " bytes appended after " +
                  (laterCount ? std::string("them") : what) +
                  " that are not a well-formed update (viewers read them all the same" +
                  (pdf::onlyWhitespace(rest)
                       ? std::string(": white space that hides the last startxref from viewers, which then rebuild the file")
                       : std::string()) +
                  ")";
    c.rep.add(kLaterRevisionsCheck, "No later changes", CheckStatus::Fail, reason);
}

void checkStamp(Context& c) {
    for (const char* id : {kBindingCheck, kStampUpdateCheck, kLaterRevisionsCheck}) c.required.insert(id);
    // The badge the file's metadata claims, for a file whose stamp update cannot be found
    // (Context::claimedBadge); the update's own parameters replace it.
    if (const std::string* params = c.xmp("stampParameters")) try {
            const pdf::stamp::StampParameters p = pdf::stamp::parseStampParameters(*params);
            if (p.kind == pdf::stamp::StampKind::Badge) c.claimedBadge = p.rect, c.claimedBadgePage = p.pageIndex;
        } catch (const std::exception&) {
            // malformed: the stamp update check says so
        }
    const std::optional<std::uint64_t> length = parseLength(c.xmp("stampedLength"));
    const std::string* sha = c.xmp("stampedSha256");
    auto noRevisionsCheck = [&](const char* why) {
        c.rep.add(kStampUpdateCheck, "Stamp update", CheckStatus::NotApplicable, why);
        c.rep.add(kLaterRevisionsCheck, "No later changes", CheckStatus::NotApplicable, why);
    };
    if (!length || !sha || sha->size() != 64) {
        c.rep.add(
            kBindingCheck, "Stamped bytes", CheckStatus::Fail,
            std::string("the PDF says it was stamped (") +
                (c.data.attachment ? std::string("it carries ") + kAttachmentName : std::string("pith:producer or stamp data")) +
                ") but its binding (pith:stampedLength, pith:stampedSha256) is " +
                (c.xmp("stampedLength") || sha ? "malformed" : "missing"));
        noRevisionsCheck("without a binding there is no stamp update to find");
        return;
    }
    const std::string_view file = c.reader.bytes();
    if (*length < 16 || file.substr(0, std::min<size_t>(*length, 1024)).find("%PDF-") == std::string_view::npos) {
        c.rep.add(kBindingCheck, "Stamped bytes", CheckStatus::Fail,
                  "the binding covers " + std::to_string(*length) +
                      " bytes, which hold no PDF document: a stamp binds the whole document it was appended to");
        noRevisionsCheck("the binding covers no document");
        return;
    }
    if (*length > file.size()) {
        rewritten(
            c, "the file has " + std::to_string(file.size()) + " bytes, fewer than the " + std::to_string(*length) + " stamped");
        c.rep.add(kLaterRevisionsCheck, "No later changes", CheckStatus::NotApplicable, "the file was rewritten");
        return;
    }
    c.found.stampedLength = *length;
    std::optional<pdf::UpdateSection> section;
    std::string sectionError;
    try {
        section = pdf::readUpdateSection(file.substr(*length), *length, c.reader.limits());
    } catch (const pdf::PdfError& e) {
        sectionError = e.what();
    }
    if (section) {
        // The usual case: the prefix is hashed on a second thread while the update is validated
        // (against the stated hash) and the viewer checks run; finishStamp() judges the binding.
        const std::string_view prefix = file.substr(0, *length);
        const int fd = c.options.fileDescriptor;
        if (const auto& known = c.options.knownPrefixSha256; known && known->first == prefix.size()) {
            std::promise<std::string> hashed;
            hashed.set_value(known->second);
            c.prefixHash = hashed.get_future();
        } else if (const std::shared_ptr<crypto::PrefixDigest>& digest = c.options.prefixDigest) {
            c.prefixHash = std::async(std::launch::deferred, [digest, length = prefix.size()] { return digest->hexOf(length); });
        } else {
            c.prefixHash = std::async(std::launch::async, [prefix, fd] {
                return crypto::toHex(fd >= 0 ? crypto::sha256OfFile(fd, prefix.size()) : crypto::sha256(prefix));
            });
        }
        c.bindingSlot = c.rep.checks.size();
        c.boundLength = *length;
        c.found.pithRevisionEnd = section->end;
        checkUpdate(c, *section, *length, *sha);
        checkNothingAfter(c, section->end, "the stamp update");
        return;
    }
    const std::string actualSha = crypto::toHex(crypto::sha256(file.substr(0, *length)));
    if (actualSha != *sha) {
        // A whole-file rewrite leaves one revision; an incremental file whose binding does not match
        // was edited in place.
        if (!section && c.reader.revisions().size() == 1) {
            rewritten(
                c, "the first " + std::to_string(*length) + " bytes are not the stamped ones, and no stamp update follows them");
            c.rep.add(kLaterRevisionsCheck, "No later changes", CheckStatus::NotApplicable, "the file was rewritten");
            return;
        }
        c.rep.add(kBindingCheck, "Stamped bytes", CheckStatus::Fail,
                  "the first " + std::to_string(*length) + " bytes hash to " + actualSha + ", not to the stamped " + *sha +
                      ": the stamped document was altered");
        noRevisionsCheck("the stamped bytes were altered");
        return;
    }
    c.rep.add(kBindingCheck, "Stamped bytes", CheckStatus::Pass,
              "the first " + std::to_string(*length) + " bytes are the document that was stamped");
    c.rep.add(kStampUpdateCheck, "Stamp update", CheckStatus::Fail,
              "the stamped bytes are not followed by one stamp update: " + sectionError);
    c.rep.add(kLaterRevisionsCheck, "No later changes", CheckStatus::NotApplicable, "no stamp update to start from");
}

void finishStamp(Context& c) {
    if (!c.prefixHash.valid()) return;
    const std::string actual = c.prefixHash.get();
    const std::string& stated = *c.xmp("stampedSha256");
    const std::string length = std::to_string(c.boundLength);
    report::CheckResult r{kBindingCheck, "Stamped bytes", CheckStatus::Pass,
                          "the first " + length + " bytes are the document that was stamped"};
    if (actual != stated) {
        r.status = CheckStatus::Fail;
        r.reason = "the first " + length + " bytes hash to " + actual + ", not to the stamped " + stated +
                   ": the stamped document was altered";
    }
    c.rep.checks.insert(c.rep.checks.begin() + static_cast<std::ptrdiff_t>(c.bindingSlot), std::move(r));
}

}  // namespace pith::verify
