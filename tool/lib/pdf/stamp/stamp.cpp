#include "pdf/stamp/stamp.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <ctime>
#include <functional>
#include <future>
#include <set>

#include "crypto/digest.hpp"
#include "json/canonical.hpp"
#include "badge/badge_layout.hpp"
#include "pdf/badge/badge_drawing.hpp"
#include "pdf/content/marked_content.hpp"
#include "pdf/reader/filters.hpp"
#include "pdf/stamp/pdfa.hpp"
#include "pdf/stamp/placement.hpp"
#include "pdf/stamp/structure.hpp"
#include "pdf/writer/incremental_update.hpp"
#include "pdf/writer/serialize.hpp"
#include "crypto/ed25519.hpp"
#include "crypto/encoding.hpp"
#include "pdf/xmp/pith_xmp.hpp"
#include "pith_version.hpp"
#include "record/verify_record.hpp"

namespace pith::pdf::stamp {

namespace {

std::string md5(const std::string& data) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (!EVP_Digest(data.data(), data.size(), out, &len, EVP_md5(), nullptr)) throw PdfError("MD5 failed");
    return std::string(reinterpret_cast<char*>(out), len);
}

// Info values: PDFDocEncoding covers ASCII; a title in another script needs UTF-16BE.
Object text(const std::string& utf8) { return Object::string(encodeTextString(utf8)); }

std::string freeName(const Dictionary& dict, const std::string& base) {
    if (!dict.has(base)) return base;
    for (int i = 1;; ++i)
        if (!dict.has(base + std::to_string(i))) return base + std::to_string(i);
}

Dictionary resolvedDict(const PdfReader& r, const Object* o) {
    if (!o) return {};
    Object d = r.resolve(*o);
    return d.isDict() ? d.asDict() : Dictionary{};
}

Array resolvedArray(const PdfReader& r, const Object* o) {
    if (!o) return {};
    Object a = r.resolve(*o);
    return a.isArray() ? a.asArray() : Array{};
}

}  // namespace

std::string producerFor(StampKind kind) { return std::string(kind == StampKind::Seal ? "pith-seal " : "pith-stamp ") + kVersion; }

StampRecord stampRecordFrom(const record::Record& record, const record::RecordFacts& facts) {
    if (!facts.number) throw record::RecordError("the record has no year in metadata.submitted_at: no Pith Number");
    StampRecord s;
    s.number = *facts.number;
    s.sha256Hex = facts.sha256Hex;
    s.canonicalBytes = facts.canonicalBytes;
    s.receipt = record.receipt;
    s.recordJson = json::canonical(record.document);
    // Only a title the signed record vouches for (through title_canon_sha256) is written as pith:title.
    const json::Value* hash = record.canonicalRecord.findPath("metadata.title_canon_sha256");
    if (record.title && hash && hash->isString() && record::titleCanonSha256(*record.title) == hash->asString())
        s.title = record.title;
    return s;
}

namespace {

// Where the badge goes, decided once and recorded: the values are those the PDF will hold.
StampParameters decide(const PdfReader& in, const StampRecord& rec, const StampOptions& opt,
                       const std::optional<xmp::PdfaId>& pdfa, StampResult& result) {
    std::vector<std::string>& warnings = result.warnings;
    StampParameters p;
    p.kind = opt.kind;
    p.epoch = opt.epoch;
    p.forced = opt.force;
    if (pdfa) {
        if (std::optional<std::string> label = pdfaLabel(*pdfa)) {
            p.pdfa = *label;
            if (p.kind == StampKind::Badge && pdfaAllowsRecordAttachment(p.pdfa) && !p.epoch)
                warnings.push_back(pdfaName(p.pdfa) +
                                   ": without a date (--date, SOURCE_DATE_EPOCH) the attached record has no "
                                   "/Params /ModDate, which ISO 19005-3 recommends for an associated file");
        } else {
            result.unknownPdfa = pdfaName(*pdfa);
            warnings.push_back("the XMP claims " + pdfaName(*pdfa) +
                               ", a PDF/A conformance pith does not know: stamped as a PDF that claims none, so the output may "
                               "not conform to it");
        }
    }
    if (opt.kind == StampKind::Seal) {
        p.qr = false;
        return p;
    }
    p.pageIndex = opt.pageIndex;
    p.qr = opt.qr;
    const std::string url = rec.number.recordUrl();
    p.height = asWritten(opt.height.value_or(pith::badge::defaultHeight(p.qr, url)));
    PageInfo page = in.page(p.pageIndex);
    const pith::badge::BadgeLayout layout = pith::badge::layoutBadge(rec.number.shortForm(8), url, p.qr, p.height);
    PlacementDecision decision =
        decidePlacement(in, page, layout.width, layout.height, opt.placement, opt.autoPlacement, opt.style, opt.force);
    if (decision.warning) warnings.push_back(*decision.warning);
    p.placement = decision.how;
    const badge::PlacedBadge& placed = decision.placed;
    for (size_t i = 0; i < 6; ++i) p.matrix[i] = asWritten(placed.matrix[i]);
    std::string untagged;
    p.tagged = planStructure(in, p.pageIndex, untagged).has_value();
    if (!untagged.empty()) warnings.push_back(untagged);
    p.rect = Rect{asWritten(placed.rect.x0), asWritten(placed.rect.y0), asWritten(placed.rect.x1), asWritten(placed.rect.y1)};
    return p;
}

// The badge form XObject and its alt text, as the stamp format draws them. Format 2: base-14
// Helvetica, grey frame (pdf/badge/badge.hpp, kept as it was for verifying such stamps); format 3:
// the one badge with its two fonts embedded, added first (docs/FORMAT.md, "The badge form").
struct FormAndAlt {
    Object form;
    std::string alt;
};

FormAndAlt badgeForm(IncrementalUpdate& upd, const StampRecord& rec, const StampParameters& p) {
    const std::string url = rec.number.recordUrl();
    if (p.format == 2) {
        badge::BadgeForm form =
            badge::makeBadge(rec.number.shortForm(8), p.qr ? std::optional<std::string>(url) : std::nullopt, p.height);
        return {std::move(form.xobject), "Pith Number " + rec.number.full()};
    }
    const pith::badge::BadgeLayout layout = pith::badge::layoutBadge(rec.number.shortForm(8), url, p.qr, p.height);
    Ref fonts[2];
    for (pith::badge::Weight w : {pith::badge::Weight::Regular, pith::badge::Weight::Bold}) {
        // Numbers known before the objects are made: program, descriptor, font, in this order.
        const Ref program = upd.add(Object());
        const Ref descriptor = upd.add(Object());
        const Ref font = upd.add(Object());
        badge::FontObjects objects = badge::fontObjects(w, program, descriptor);
        upd.replace(program, std::move(objects.program));
        upd.replace(descriptor, std::move(objects.descriptor));
        upd.replace(font, std::move(objects.font));
        fonts[w == pith::badge::Weight::Bold ? 1 : 0] = font;
    }
    Dictionary form;
    form.set("Type", Object::name("XObject"));
    form.set("Subtype", Object::name("Form"));
    form.set("BBox",
             Object::array({Object::integer(0), Object::integer(0), Object::real(layout.width), Object::real(layout.height)}));
    form.set("Resources", Object::dictionary(badge::drawingResources(fonts[0], fonts[1])));
    return {Object::stream(std::move(form), badge::drawingContent(layout)), layout.altText};
}

struct AddedLink {
    Ref link;
    Ref page;
    std::string alt;
};

// Badge form, the page's content wrapped in q/Q, and the link over the badge.
AddedLink addBadge(const PdfReader& in, IncrementalUpdate& upd, const StampRecord& rec, const StampParameters& p,
                   std::optional<std::int64_t> structParent) {
    PageInfo page = in.page(p.pageIndex);
    FormAndAlt form = badgeForm(upd, rec, p);
    const Ref formRef = upd.add(std::move(form.form));

    Dictionary resources = page.resources;  // the page gets its own copy, never a shared parent's
    Dictionary xobjects = resolvedDict(in, resources.find("XObject"));
    const std::string formName = freeName(xobjects, "PithBadge");
    xobjects.set(formName, Object::reference(formRef));
    resources.set("XObject", Object::dictionary(std::move(xobjects)));

    // Q closes our q around the original content, so its leftover state cannot reach the badge.
    std::string draw = "Q q ";
    for (double v : p.matrix) draw += formatReal(v) + " ";
    draw += "cm " + serialize(Object::name(formName)) + " Do Q\n";
    const Ref openRef = upd.add(Object::stream(Dictionary{}, "q\n"));
    const Ref badgeRef = upd.add(Object::stream(Dictionary{}, draw));
    Array contents{Object::reference(openRef)};
    if (const Object* c = page.dict.find("Contents")) {
        Object resolved = in.resolve(*c);
        // Only streams: a broken entry (null, a dictionary) is ignored by viewers and flagged by checkers.
        if (resolved.isArray()) {
            for (const Object& part : resolved.asArray())
                if (part.isRef() && in.resolve(part).isStream()) contents.push_back(part);
        } else if (c->isRef() && resolved.isStream()) {
            contents.push_back(*c);
        }
    }
    contents.push_back(Object::reference(badgeRef));

    // Link annotation over the badge: no border, printable (flag 4).
    Dictionary action;
    action.set("Type", Object::name("Action"));
    action.set("S", Object::name("URI"));
    action.set("URI", text(rec.number.recordUrl()));
    Dictionary link;
    link.set("Type", Object::name("Annot"));
    link.set("Subtype", Object::name("Link"));
    link.set("Rect",
             Object::array({Object::real(p.rect.x0), Object::real(p.rect.y0), Object::real(p.rect.x1), Object::real(p.rect.y1)}));
    link.set("Border", Object::array({Object::integer(0), Object::integer(0), Object::integer(0)}));
    link.set("F", Object::integer(4));
    link.set("P", Object::reference(page.ref));
    link.set("A", Object::dictionary(std::move(action)));
    link.set("Contents", text(form.alt));
    if (structParent) link.set("StructParent", Object::integer(*structParent));
    const Ref linkRef = upd.add(Object::dictionary(std::move(link)));
    Array annots = resolvedArray(in, page.dict.find("Annots"));
    annots.push_back(Object::reference(linkRef));

    Dictionary pageDict = page.dict;
    pageDict.set("Contents", Object::array(std::move(contents)));
    pageDict.set("Resources", Object::dictionary(std::move(resources)));
    pageDict.set("Annots", Object::array(std::move(annots)));
    upd.replace(page.ref, Object::dictionary(std::move(pageDict)));
    return {linkRef, page.ref, form.alt};
}

std::map<std::string, std::string> pithProperties(const StampRecord& rec, const StampResult& r, const std::string& producer) {
    std::map<std::string, std::string> props{
        {"number", rec.number.full()},
        {"canonicalSha256", rec.sha256Hex},
        {"canonicalRecord", rec.canonicalBytes},
        {"recordUrl", rec.number.recordUrl()},
        {"producer", producer},
        {"stampedLength", std::to_string(r.stampedLength)},
        {"stampedSha256", r.stampedSha256},
        {"stampParameters", toCanonicalJson(r.parameters)},
    };
    if (rec.title) props["title"] = *rec.title;
    if (rec.receipt) {
        props["receiptKeyId"] = rec.receipt->keyId;
        props["receiptSignature"] = rec.receipt->signatureB64;
        props["receiptKeyFingerprint"] = rec.receipt->publicKeyFingerprint;
        if (rec.receipt->signedAt) props["receiptSignedAt"] = *rec.receipt->signedAt;
    }
    if (r.signature) {
        props["stamperKeyId"] = r.signature->keyId;
        props["stamperSignature"] = r.signature->signatureB64;
    }
    return props;
}

// "uuid:" and the first 16 bytes of SHA-256("pith-instance" + stampedSha256 + canonicalSha256 +
// the parameters' canonical JSON) as 8-4-4-4-12 lower-case hex digits.
std::string instanceId(const std::map<std::string, std::string>& props) {
    const std::string hex = crypto::toHex(
        crypto::sha256("pith-instance" + props.at("stampedSha256") + props.at("canonicalSha256") + props.at("stampParameters")));
    return "uuid:" + hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
           hex.substr(20, 12);
}

// XMP: merged into the existing packet, uncompressed; the document's own title is kept.
void writeXmp(const PdfReader& in, IncrementalUpdate& upd, Dictionary& catalog, const std::optional<std::string>& existing,
              const std::map<std::string, std::string>& props, const StampParameters& p) {
    std::vector<xmp::ExtraProperty> extra;
    // Format 3: the stamped file is a new revision of the document, so it gets a new instance ID,
    // derived from what the revision is made of (docs/FORMAT.md, "XMP"); the DocumentID is kept.
    if (p.format >= 3) extra.push_back({"http://ns.adobe.com/xap/1.0/mm/", "InstanceID", instanceId(props)});
    if (p.epoch) {
        extra.push_back({"http://ns.adobe.com/xap/1.0/", "MetadataDate", isoDate(*p.epoch)});
        extra.push_back({"http://ns.adobe.com/xap/1.0/", "ModifyDate", isoDate(*p.epoch)});
    }
    // PDF/A: every property of a schema PDF/A does not predefine is declared in the packet itself.
    // Format 4 keeps every item of the document's language alternatives (format 3 and older lost
    // the second item of a two-item one to Exempi's normalisation: docs/FORMAT.md, "XMP").
    std::string packet = xmp::mergePithXmp(existing, props, extra, !p.pdfa.empty(), p.format >= 4);
    Dictionary xmpDict;
    xmpDict.set("Type", Object::name("Metadata"));
    xmpDict.set("Subtype", Object::name("XML"));
    Object xmpStream = Object::stream(std::move(xmpDict), std::move(packet));
    const Object* oldMeta = catalog.find("Metadata");
    Ref xmpRef;
    if (oldMeta && oldMeta->isRef() && in.resolve(*oldMeta).isStream()) {
        xmpRef = oldMeta->asRef();
        upd.replace(xmpRef, std::move(xmpStream));
    } else {
        xmpRef = upd.add(std::move(xmpStream));
    }
    catalog.set("Metadata", Object::reference(xmpRef));
}

// Info dictionary: the main fields mirrored; the document's own title is kept.
void writeInfo(const PdfReader& in, IncrementalUpdate& upd, const StampRecord& rec, const StampParameters& p) {
    Dictionary info = in.info();
    const std::string number = rec.number.full();
    info.set("PithNumber", text(number));
    info.set("PithCanonicalSHA256", text(rec.sha256Hex));
    info.set("PithRecordURL", text(rec.number.recordUrl()));
    if (rec.receipt) {
        info.set("PithReceiptKeyID", text(rec.receipt->keyId));
        info.set("PithReceiptSignature", text(rec.receipt->signatureB64));
    } else {
        info.erase("PithReceiptKeyID");
        info.erase("PithReceiptSignature");
    }
    if (p.epoch) info.set("ModDate", text(pdfDate(*p.epoch)));
    if (auto ir = in.infoRef(); ir && in.object(*ir).isDict()) {
        upd.replace(*ir, Object::dictionary(std::move(info)));
    } else {
        upd.setInfo(upd.add(Object::dictionary(std::move(info))));
    }
}

// The record as an associated file, in the EmbeddedFiles name tree (flattened to one node) and /AF.
// In a PDF/A-3 document its relationship is /Data: the badge, the one thing the stamp shows, is
// drawn from the record (its number and the QR code of its page), and /Data names the file a
// visual presentation is derived from; /Source would claim the document's content came from it.
// Other stamps keep /Supplement, as written before PDF/A was handled.
void attachRecord(const PdfReader& in, IncrementalUpdate& upd, Dictionary& catalog, const StampRecord& rec,
                  const StampParameters& p) {
    const std::string number = rec.number.full();
    Dictionary params;
    params.set("Size", Object::integer(static_cast<std::int64_t>(rec.recordJson.size())));
    params.set("CheckSum", Object::string(md5(rec.recordJson), true));
    if (p.epoch) params.set("ModDate", text(pdfDate(*p.epoch)));
    Dictionary efDict;
    efDict.set("Type", Object::name("EmbeddedFile"));
    efDict.set("Subtype", Object::name("application/json"));
    efDict.set("Params", Object::dictionary(std::move(params)));
    efDict.set("Filter", Object::name("FlateDecode"));
    const Ref fileRef = upd.add(Object::stream(std::move(efDict), deflate(rec.recordJson)));
    Dictionary ef;
    ef.set("F", Object::reference(fileRef));
    ef.set("UF", Object::reference(fileRef));
    Dictionary spec;
    spec.set("Type", Object::name("Filespec"));
    spec.set("F", text(kAttachmentName));
    spec.set("UF", text(kAttachmentName));
    spec.set("EF", Object::dictionary(std::move(ef)));
    spec.set("AFRelationship", Object::name(p.pdfa.empty() ? "Supplement" : "Data"));
    spec.set("Desc", text("Pith Number record " + number));
    const Ref specRef = upd.add(Object::dictionary(std::move(spec)));

    Dictionary names = resolvedDict(in, catalog.find("Names"));
    std::vector<std::pair<std::string, Object>> entries;
    std::set<std::uint32_t> oldPithSpecs;
    if (const Object* tree = names.find("EmbeddedFiles")) {
        for (auto& [key, value] : nameTreeEntries(in, *tree)) {
            if (decodeTextString(key) == kAttachmentName) {
                if (value.isRef()) oldPithSpecs.insert(value.asRef().num);
                continue;  // replaced by the new record
            }
            entries.emplace_back(key, value);
        }
    }
    entries.emplace_back(kAttachmentName, Object::reference(specRef));
    std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    Array flat;
    for (auto& [key, value] : entries) {
        flat.push_back(Object::string(key));
        flat.push_back(value);
    }
    Dictionary treeRoot;
    treeRoot.set("Names", Object::array(std::move(flat)));
    names.set("EmbeddedFiles", Object::reference(upd.add(Object::dictionary(std::move(treeRoot)))));
    catalog.set("Names", Object::dictionary(std::move(names)));

    Array af;
    for (const Object& o : resolvedArray(in, catalog.find("AF")))
        if (!(o.isRef() && oldPithSpecs.count(o.asRef().num))) af.push_back(o);
    af.push_back(Object::reference(specRef));
    catalog.set("AF", Object::array(std::move(af)));
}

std::optional<std::string> existingNumber(const PdfReader& in, const std::optional<xmp::PithXmp>& existingXmp) {
    if (existingXmp)
        if (const std::string* n = existingXmp->get("number")) return *n;
    auto info = in.infoStrings();
    if (auto it = info.find("PithNumber"); it != info.end()) return it->second;
    return std::nullopt;
}

}  // namespace

StampResult stamp(const PdfReader& in, const StampRecord& rec, const StampOptions& opt) {
    if (in.encrypted())
        throw PdfEncryptedError("the PDF is encrypted (/Encrypt in the trailer); pith cannot stamp encrypted files");
    const std::string number = rec.number.full();
    StampResult result;
    const std::optional<std::string> existingXmp = in.xmp();
    std::optional<xmp::PithXmp> existingPith;
    if (existingXmp) existingPith = xmp::readPithXmp(*existingXmp);
    result.previousNumber = existingNumber(in, existingPith);
    if (result.previousNumber && !opt.recorded && opt.kind == StampKind::Badge) {
        if (*result.previousNumber == number && !opt.force)
            throw StampRefused("the PDF already carries " + number + " (use --force to stamp it again)");
        if (*result.previousNumber != number && !opt.allowRenumber)
            throw StampRefused("the PDF already carries another number, " + *result.previousNumber +
                               " (use --allow-renumber to stamp " + number + " over it)");
    }

    const std::string_view bytes = in.bytes();
    result.stampedLength = bytes.size();
    // Hashed on a second thread while the placement is decided (poppler renders the page).
    std::future<std::string> digest;
    if (!opt.prefixSha256)
        digest = std::async(std::launch::async, [bytes, fd = opt.fileDescriptor] {
            return crypto::toHex(fd >= 0 ? crypto::sha256OfFile(fd, bytes.size()) : crypto::sha256(bytes));
        });
    const std::optional<Ref> rootRef = in.rootRef();
    if (!rootRef) throw PdfError("the trailer's /Root is not a reference");

    result.parameters =
        opt.recorded ? *opt.recorded : decide(in, rec, opt, existingPith ? existingPith->pdfa : std::nullopt, result);
    if (!opt.recorded && !opt.force && result.parameters.kind == StampKind::Badge) {
        const std::string page = "page " + std::to_string(result.parameters.pageIndex + 1);
        int open = 0;
        try {
            open = pageOpenMarkedContent(in, result.parameters.pageIndex);
        } catch (const PdfError& e) {
            throw StampRefused(
                page + "'s content cannot be read to its end (" + std::string(e.what()) +
                "): whether optional content could hide the badge cannot be told; use --force to stamp it all the same");
        }
        if (open > 0)
            throw StampRefused(page + " leaves " + std::to_string(open) +
                               " marked-content section(s) open (BDC/BMC without EMC): optional content there could hide the "
                               "badge; use --force to stamp it all the same");
    }
    result.stampedSha256 = opt.prefixSha256 ? *opt.prefixSha256 : digest.get();
    const StampParameters& p = result.parameters;
    if (opt.recordedSignature) {
        result.signature = opt.recordedSignature;
    } else if (opt.stamperKey) {
        const std::string statement =
            stampStatement(p, rec.sha256Hex, result.stampedLength, result.stampedSha256, opt.stamperKey->keyId);
        crypto::Ed25519Signature sig =
            crypto::ed25519Sign(opt.stamperKey->seed, reinterpret_cast<const std::uint8_t*>(statement.data()), statement.size());
        result.signature = StamperSignature{opt.stamperKey->keyId, crypto::base64(sig.data(), sig.size())};
    }

    IncrementalUpdate upd(in);
    std::optional<StructurePlan> structure;
    if (p.kind == StampKind::Badge && p.tagged) {
        std::string why;
        structure = planStructure(in, p.pageIndex, why);
        if (!structure)
            throw PdfError("the stamp records its link in the structure tree, but " +
                           (why.empty() ? "the PDF is not tagged" : why));
    }
    std::optional<AddedLink> link;
    if (p.kind == StampKind::Badge)
        link = addBadge(in, upd, rec, p, structure ? std::optional<std::int64_t>(structure->key) : std::nullopt);
    Dictionary catalog = in.catalog();
    const std::string producer = opt.recordedProducer ? *opt.recordedProducer : producerFor(p.kind);
    writeXmp(in, upd, catalog, existingXmp, pithProperties(rec, result, producer), p);
    writeInfo(in, upd, rec, p);
    if (p.kind == StampKind::Badge && pdfaAllowsRecordAttachment(p.pdfa)) attachRecord(in, upd, catalog, rec, p);
    upd.replace(*rootRef, Object::dictionary(std::move(catalog)));
    // Last, so that every other new object keeps the number it has in an untagged stamp.
    if (link && structure) tagLink(in, upd, *structure, link->link, link->page, link->alt);

    // The second /ID element is derived from what the stamp decided, not from compressed bytes
    // (zlib builds differ), so a verifier writes the same /ID.
    result.update = upd.build(result.stampedSha256, rec.sha256Hex + toCanonicalJson(p));
    return result;
}

}  // namespace pith::pdf::stamp
