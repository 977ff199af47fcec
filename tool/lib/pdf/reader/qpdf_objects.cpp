#include "pdf/reader/qpdf_objects.hpp"

// No PointerHolder compatibility: std::shared_ptr only.
#define POINTERHOLDER_TRANSITION 4
#include <qpdf/Buffer.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFExc.hh>
#include <qpdf/QPDFObjectHandle.hh>

#include <exception>

namespace pith::pdf {

namespace {

// libqpdf reports damage and wrong passwords as QPDFExc, and some malformed input as
// std::logic_error or std::runtime_error: all of them are facts about the input here, never a bug
// in pith, so they become PdfError (exit 3), not an internal error.
[[noreturn]] void rethrowAsPdfError(const std::string& label, const std::optional<std::uint32_t>& object) {
    try {
        throw;
    } catch (const PdfError&) {
        throw;
    } catch (const QPDFExc& e) {
        if (e.getErrorCode() == qpdf_e_password)
            throw PdfEncryptedError(
                "the PDF is encrypted and the password does not open it: give its user or owner password with --password");
        std::optional<std::uint64_t> offset;
        if (e.getFilePosition() > 0) offset = static_cast<std::uint64_t>(e.getFilePosition());
        throw PdfError(label + ": " + e.getMessageDetail() + (e.getObject().empty() ? "" : " (" + e.getObject() + ")"),
                       PdfErrorKind::Structure, object, offset);
    } catch (const std::bad_alloc&) {
        throw;
    } catch (const std::exception& e) {
        throw PdfError(label + ": " + e.what(), PdfErrorKind::Structure, object);
    }
}

}  // namespace

// A /Crypt filter (first in /Filter, PDF 7.4.10) picks the security handler's crypt filter for that
// stream; libqpdf has applied it when it returns the data, so it is no longer part of the encoding.
void dropCryptFilter(Dictionary& dict) {
    Object* filter = dict.find("Filter");
    if (!filter) return;
    if (filter->isName("Crypt")) {
        dict.erase("Filter");
        dict.erase("DecodeParms");
        return;
    }
    if (!filter->isArray() || filter->asArray().empty() || !filter->asArray().front().isName("Crypt")) return;
    filter->asArray().erase(filter->asArray().begin());
    if (Object* parms = dict.find("DecodeParms"); parms && parms->isArray() && !parms->asArray().empty())
        parms->asArray().erase(parms->asArray().begin());
}

struct QpdfObjects::State {
    std::shared_ptr<QPDF> qpdf = std::make_shared<QPDF>();
    Limits limits;
    std::string label;  // what messages call the file: "encrypted PDF", "damaged PDF"

    Object convert(QPDFObjectHandle h, int depth, bool top) const {
        if (depth > limits.maxDepth)
            throw PdfError("objects nested deeper than " + std::to_string(limits.maxDepth), PdfErrorKind::Limit);
        if (!top && h.isIndirect()) {
            QPDFObjGen og = h.getObjGen();
            return Object::reference({static_cast<std::uint32_t>(og.getObj()), static_cast<std::uint16_t>(og.getGen())});
        }
        switch (h.getTypeCode()) {
        case ::ot_boolean: return Object::boolean(h.getBoolValue());
        case ::ot_integer: return Object::integer(h.getIntValue());
        case ::ot_real: return Object::realText(h.getRealValue());
        case ::ot_string: return Object::string(h.getStringValue());
        case ::ot_name: return Object::name(h.getName().substr(1));
        case ::ot_array: {
            Array items;
            int n = h.getArrayNItems();
            items.reserve(static_cast<size_t>(n));
            for (int i = 0; i < n; ++i) items.push_back(convert(h.getArrayItem(i), depth + 1, false));
            return Object::array(std::move(items));
        }
        case ::ot_dictionary: return Object::dictionary(convertDict(h, depth));
        case ::ot_stream: {
            Dictionary dict = convertDict(h.getDict(), depth);
            const Object* length = dict.find("Length");
            if (length && length->isInt() &&
                static_cast<std::uint64_t>(std::max<std::int64_t>(length->asInt(), 0)) > limits.maxStreamLength)
                throw PdfError("stream longer than the limit of " + std::to_string(limits.maxStreamLength >> 20) + " MiB",
                               PdfErrorKind::Limit);
            std::shared_ptr<Buffer> raw = h.getRawStreamData();  // decrypted, still encoded
            if (raw->getSize() > limits.maxStreamLength)         // an indirect /Length is checked here
                throw PdfError("stream longer than the limit of " + std::to_string(limits.maxStreamLength >> 20) + " MiB",
                               PdfErrorKind::Limit);
            std::string data(reinterpret_cast<const char*>(raw->getBuffer()), raw->getSize());
            dropCryptFilter(dict);
            return Object::stream(std::move(dict), std::move(data));
        }
        default: return Object();  // null, and what libqpdf has no value for
        }
    }

    Dictionary convertDict(QPDFObjectHandle dict, int depth) const {
        std::vector<DictEntry> entries;
        for (auto& [key, value] : dict.getDictAsMap())
            if (!value.isNull()) entries.push_back({key.substr(1), convert(value, depth + 1, false)});
        return Dictionary::fromDistinctEntries(std::move(entries));
    }
};

QpdfObjects::QpdfObjects(std::string_view view, const std::string& password, const Limits& limits, Mode mode)
    : state_(std::make_unique<State>()) {
    state_->limits = limits;
    state_->label = mode == Mode::Repair ? "damaged PDF" : "encrypted PDF";
    try {
        state_->qpdf->setSuppressWarnings(true);
        state_->qpdf->setAttemptRecovery(mode == Mode::Repair);
        state_->qpdf->processMemoryFile("PDF", view.data(), view.size(), password.c_str());
    } catch (...) {
        rethrowAsPdfError(state_->label, std::nullopt);
    }
}

QpdfObjects::~QpdfObjects() = default;

Object QpdfObjects::object(Ref ref) const {
    try {
        QPDFObjectHandle h = state_->qpdf->getObjectByID(static_cast<int>(ref.num), ref.gen);
        return state_->convert(h, 0, true);
    } catch (...) {
        rethrowAsPdfError(state_->label, ref.num);
    }
}

Dictionary QpdfObjects::trailer() const {
    try {
        return state_->convertDict(state_->qpdf->getTrailer(), 0);
    } catch (...) {
        rethrowAsPdfError(state_->label, std::nullopt);
    }
}

std::vector<std::pair<std::uint32_t, XrefEntry>> QpdfObjects::entries() const {
    std::vector<std::pair<std::uint32_t, XrefEntry>> out;
    try {
        for (const auto& [og, x] : state_->qpdf->getXRefTable()) {
            if (og.getObj() <= 0 || og.getGen() < 0 || og.getGen() > 65535) continue;
            if (static_cast<std::uint64_t>(og.getObj()) > state_->limits.maxObjectNumber)
                throw PdfError(state_->label + ": object number " + std::to_string(og.getObj()) + " beyond the limit of " +
                                   std::to_string(state_->limits.maxObjectNumber),
                               PdfErrorKind::Limit);
            XrefEntry e;
            e.gen = static_cast<std::uint16_t>(og.getGen());
            if (x.getType() == 1) {
                e.type = XrefEntry::Type::InFile;
                e.offset = static_cast<std::uint64_t>(std::max<qpdf_offset_t>(x.getOffset(), 0));
            } else if (x.getType() == 2) {
                e.type = XrefEntry::Type::InObjectStream;
                e.streamObject = static_cast<std::uint32_t>(std::max(x.getObjStreamNumber(), 0));
                e.index = static_cast<std::uint32_t>(std::max(x.getObjStreamIndex(), 0));
            } else {
                continue;
            }
            out.emplace_back(static_cast<std::uint32_t>(og.getObj()), e);
        }
    } catch (const PdfError&) {
        throw;
    } catch (...) {
        rethrowAsPdfError(state_->label, std::nullopt);
    }
    return out;
}

std::vector<PdfWarning> QpdfObjects::takeWarnings() const {
    std::vector<PdfWarning> out;
    for (const QPDFExc& w : state_->qpdf->getWarnings()) {
        std::optional<std::uint64_t> offset;
        if (w.getFilePosition() > 0) offset = static_cast<std::uint64_t>(w.getFilePosition());
        out.push_back({state_->label + ": " + w.getMessageDetail(), std::nullopt, offset, false});
    }
    return out;
}

}  // namespace pith::pdf
