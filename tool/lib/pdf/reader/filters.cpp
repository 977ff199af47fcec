#include "pdf/reader/filters.hpp"

#include <vector>

#include <zlib.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace pith::pdf {

namespace {

[[noreturn]] void tooLarge(std::uint64_t maxOut) {
    throw DecodedTooLarge("decoded stream larger than the limit of " + std::to_string(maxOut) + " bytes");
}

std::int64_t intParam(const Object& params, const char* key, std::int64_t fallback) {
    const Object* v = params.get(key);
    return v && v->isInt() ? v->asInt() : fallback;
}

std::string unpredict(std::string data, const Object& params) {
    std::int64_t predictor = intParam(params, "Predictor", 1);
    if (predictor <= 1) return data;
    std::int64_t colors = intParam(params, "Colors", 1);
    std::int64_t bpc = intParam(params, "BitsPerComponent", 8);
    std::int64_t columns = intParam(params, "Columns", 1);
    if (colors < 1 || colors > 32 || columns < 1 || columns > (1 << 24) ||
        (bpc != 1 && bpc != 2 && bpc != 4 && bpc != 8 && bpc != 16))
        throw PdfError("unsupported predictor parameters", PdfErrorKind::Stream);
    size_t bpp = static_cast<size_t>((colors * bpc + 7) / 8);
    size_t rowLen = static_cast<size_t>((colors * bpc * columns + 7) / 8);
    if (predictor == 2) {
        if (bpc != 8) throw PdfError("TIFF predictor supported only for 8 bits per component", PdfErrorKind::Stream);
        for (size_t row = 0; row + rowLen <= data.size(); row += rowLen)
            for (size_t i = bpp; i < rowLen; ++i) data[row + i] = static_cast<char>(data[row + i] + data[row + i - bpp]);
        return data;
    }
    if (predictor < 10) throw PdfError("unknown predictor " + std::to_string(predictor), PdfErrorKind::Stream);
    // PNG rows: the output is never longer than the input: a row longer than the data is one partial row,
    // whose bytes past the data would be dropped; the buffers are sized to what the data holds
    // (2^24 columns of 32 16-bit colours ask for 1 GiB rows for a few bytes of data).
    rowLen = std::min(rowLen, std::max<size_t>(data.size(), 1));
    std::string out;
    out.reserve(data.size());
    std::string prev(rowLen, '\0');
    std::string cur(rowLen, '\0');
    size_t p = 0;
    while (p < data.size()) {
        unsigned type = static_cast<unsigned char>(data[p++]);
        size_t n = std::min(rowLen, data.size() - p);
        std::memcpy(cur.data(), data.data() + p, n);
        std::memset(cur.data() + n, 0, rowLen - n);
        p += n;
        for (size_t i = 0; i < rowLen; ++i) {
            unsigned a = i >= bpp ? static_cast<unsigned char>(cur[i - bpp]) : 0;
            unsigned b = static_cast<unsigned char>(prev[i]);
            unsigned c = i >= bpp ? static_cast<unsigned char>(prev[i - bpp]) : 0;
            unsigned x = static_cast<unsigned char>(cur[i]);
            switch (type) {
            case 0: break;
            case 1: x += a; break;
            case 2: x += b; break;
            case 3: x += (a + b) / 2; break;
            case 4: {
                int pa = std::abs(static_cast<int>(b) - static_cast<int>(c));
                int pb = std::abs(static_cast<int>(a) - static_cast<int>(c));
                int pc = std::abs(static_cast<int>(a + b) - 2 * static_cast<int>(c));
                x += (pa <= pb && pa <= pc) ? a : (pb <= pc ? b : c);
                break;
            }
            default: throw PdfError("bad PNG predictor row type " + std::to_string(type), PdfErrorKind::Stream);
            }
            cur[i] = static_cast<char>(x & 0xff);
        }
        out.append(cur.data(), n);
        std::swap(prev, cur);
    }
    return out;
}

std::string asciiHex(std::string_view data, std::uint64_t maxOut) {
    std::string out;
    int high = -1;
    for (char c : data) {
        if (c == '>') break;
        int v;
        if (c >= '0' && c <= '9')
            v = c - '0';
        else if (c >= 'a' && c <= 'f')
            v = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            v = c - 'A' + 10;
        else if (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0')
            continue;
        else
            throw PdfError("bad character in ASCIIHexDecode data", PdfErrorKind::Stream);
        if (high < 0)
            high = v;
        else {
            out += static_cast<char>(high * 16 + v);
            high = -1;
            if (out.size() > maxOut) tooLarge(maxOut);
        }
    }
    if (high >= 0) out += static_cast<char>(high * 16);
    return out;
}

std::string ascii85(std::string_view data, std::uint64_t maxOut) {
    std::string out;
    std::uint32_t group[5];
    int n = 0;
    auto flush = [&](int count) {
        std::uint64_t v = 0;
        for (int i = 0; i < 5; ++i) v = v * 85 + (i < count ? group[i] : 84);
        if (v > 0xffffffffull) throw PdfError("bad ASCII85Decode group", PdfErrorKind::Stream);
        for (int i = 0; i < count - 1; ++i) out += static_cast<char>((v >> (24 - 8 * i)) & 0xff);
    };
    for (size_t i = 0; i < data.size(); ++i) {
        char c = data[i];
        if (c == '~') break;
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0') continue;
        if (c == 'z' && n == 0) {
            out.append(4, '\0');
        } else {
            if (c < '!' || c > 'u') throw PdfError("bad character in ASCII85Decode data", PdfErrorKind::Stream);
            group[n++] = static_cast<std::uint32_t>(c - '!');
            if (n == 5) {
                flush(5);
                n = 0;
            }
        }
        if (out.size() > maxOut) tooLarge(maxOut);
    }
    if (n == 1) throw PdfError("truncated ASCII85Decode data", PdfErrorKind::Stream);
    if (n > 1) flush(n);
    return out;
}

// LZW as PDF uses it (ISO 32000-1 §7.4.4): 9- to 12-bit codes, 256 clears, 257 ends, code width
// grows one code early unless /EarlyChange 0. The table is rebuilt from prefixes, never copied.
std::string lzw(std::string_view data, const Object& params, std::uint64_t maxOut) {
    int early = 1;
    if (const Object* e = params.get("EarlyChange"); e && e->isInt()) early = e->asInt() == 0 ? 0 : 1;
    struct Entry {
        int prefix;
        unsigned char last;
        size_t length;
    };
    std::vector<Entry> table;
    auto reset = [&] {
        table.clear();
        for (int i = 0; i < 256; ++i) table.push_back({-1, static_cast<unsigned char>(i), 1});
        table.push_back({-1, 0, 0});  // 256: clear
        table.push_back({-1, 0, 0});  // 257: end
    };
    reset();
    std::string out;
    auto decode = [&](int code) {
        std::string w(table[static_cast<size_t>(code)].length, '\0');
        for (int c = code, i = static_cast<int>(w.size()) - 1; c >= 0 && i >= 0; c = table[static_cast<size_t>(c)].prefix, --i)
            w[static_cast<size_t>(i)] = static_cast<char>(table[static_cast<size_t>(c)].last);
        return w;
    };
    int width = 9, previous = -1;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (size_t i = 0; i < data.size() || bits >= width;) {
        while (bits < width && i < data.size()) {
            buffer = (buffer << 8) | static_cast<unsigned char>(data[i++]);
            bits += 8;
        }
        if (bits < width) break;
        const int code = static_cast<int>((buffer >> (bits - width)) & ((1u << width) - 1));
        bits -= width;
        if (code == 256) {
            reset();
            width = 9;
            previous = -1;
            continue;
        }
        if (code == 257) break;
        const size_t next = table.size();
        std::string word;
        if (previous < 0) {
            if (code > 255) throw PdfError("LZWDecode: a first code that is not a byte", PdfErrorKind::Stream);
            word = decode(code);
        } else if (static_cast<size_t>(code) < next) {
            word = decode(code);
            if (next < 4096)
                table.push_back({previous, static_cast<unsigned char>(word[0]), table[static_cast<size_t>(previous)].length + 1});
        } else if (static_cast<size_t>(code) == next && next < 4096) {
            // The code being defined: the previous word and its own first byte.
            word = decode(previous);
            word += word[0];
            table.push_back({previous, static_cast<unsigned char>(word[0]), table[static_cast<size_t>(previous)].length + 1});
        } else {
            throw PdfError("LZWDecode: a code beyond the table", PdfErrorKind::Stream);
        }
        if (out.size() + word.size() > maxOut) tooLarge(maxOut);
        out += word;
        previous = code;
        const size_t size = table.size() + static_cast<size_t>(early);
        width = size >= 2048 ? 12 : size >= 1024 ? 11 : size >= 512 ? 10 : 9;
    }
    return out;
}

}  // namespace

namespace {

// zlib inflation up to maxOut bytes; `ended` says whether the zlib stream's end was reached, `unused`
// how many input bytes follow it. A truncated or corrupt tail after good data keeps what came out, as
// other readers do; corrupt data with nothing decoded is an error.
std::string inflateCounting(std::string_view data, std::uint64_t maxOut, size_t& unused, bool& ended) {
    z_stream zs{};
    if (inflateInit(&zs) != Z_OK) throw PdfError("zlib initialisation failed", PdfErrorKind::Stream);
    std::string out;
    char buffer[65536];
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        zs.next_out = reinterpret_cast<Bytef*>(buffer);
        zs.avail_out = sizeof buffer;
        rc = ::inflate(&zs, Z_NO_FLUSH);
        size_t produced = sizeof buffer - zs.avail_out;
        if (out.size() + produced > maxOut) {
            inflateEnd(&zs);
            tooLarge(maxOut);
        }
        out.append(buffer, produced);
        if (rc == Z_BUF_ERROR || (rc == Z_OK && zs.avail_in == 0 && produced == 0)) break;
        if (rc != Z_OK && rc != Z_STREAM_END) {
            if (!out.empty()) break;
            inflateEnd(&zs);
            throw PdfError("corrupt FlateDecode data", PdfErrorKind::Stream);
        }
    }
    ended = rc == Z_STREAM_END;
    unused = zs.avail_in;
    inflateEnd(&zs);
    return out;
}

}  // namespace

std::string inflate(std::string_view data, std::uint64_t maxOut) {
    size_t unused = 0;
    bool ended = false;
    return inflateCounting(data, maxOut, unused, ended);
}

std::string inflateExact(std::string_view data, std::uint64_t maxOut) {
    size_t unused = 0;
    bool ended = false;
    std::string out = inflateCounting(data, maxOut, unused, ended);
    if (!ended || unused != 0)
        throw PdfError(ended ? "bytes after the end of the FlateDecode data" : "incomplete or corrupt FlateDecode data",
                       PdfErrorKind::Stream);
    return out;
}

std::string deflate(std::string_view data) {
    uLongf bound = compressBound(static_cast<uLong>(data.size()));
    std::string out(bound, '\0');
    if (compress2(reinterpret_cast<Bytef*>(out.data()), &bound, reinterpret_cast<const Bytef*>(data.data()),
                  static_cast<uLong>(data.size()), 9) != Z_OK)
        throw PdfError("zlib compression failed", PdfErrorKind::Stream);
    out.resize(bound);
    return out;
}

std::string applyFilter(const std::string& filter, std::string_view data, const Object& params, std::uint64_t maxOut) {
    if (filter == "FlateDecode" || filter == "Fl") {
        std::string out = unpredict(inflate(data, maxOut), params);
        if (out.size() > maxOut) tooLarge(maxOut);
        return out;
    }
    if (filter == "LZWDecode" || filter == "LZW") {
        std::string out = unpredict(lzw(data, params, maxOut), params);
        if (out.size() > maxOut) tooLarge(maxOut);
        return out;
    }
    if (filter == "ASCIIHexDecode" || filter == "AHx") return asciiHex(data, maxOut);
    if (filter == "ASCII85Decode" || filter == "A85") return ascii85(data, maxOut);
    throw PdfError("unsupported stream filter /" + filter, PdfErrorKind::Stream);
}

std::uint64_t DecodeBudget::remaining() const {
    const std::uint64_t used = used_.load();
    return used >= limit_ ? 0 : limit_ - used;
}

void DecodeBudget::charge(std::uint64_t n) {
    if (used_.fetch_add(n) + n > limit_)
        throw DecodedTooLarge("the document's streams decode to more than the limit of " + std::to_string(limit_ >> 20) +
                              " MiB in all (a stream named many times, or many Flate bombs)");
}

std::string decodeFilters(std::string_view data, const Object& filterEntry, const Object& parmsEntry, std::uint64_t maxOut,
                          DecodeBudget* budget, const std::function<Object(const Object&)>& resolve) {
    Object filter = resolve(filterEntry);
    Object parms = resolve(parmsEntry);
    Array filters = filter.isArray() ? filter.asArray() : (filter.isNull() ? Array{} : Array{filter});
    std::string out(data);
    for (size_t i = 0; i < filters.size(); ++i) {
        Object f = resolve(filters[i]);
        if (!f.isName()) throw PdfError("stream /Filter is not a name", PdfErrorKind::Stream);
        Object param;
        if (parms.isArray() && i < parms.asArray().size())
            param = resolve(parms.asArray()[i]);
        else if (parms.isDict())
            param = parms;
        const std::uint64_t left = budget ? budget->remaining() : maxOut;
        if (left < maxOut) {
            try {
                out = applyFilter(f.asName(), out, param, left);
            } catch (const DecodedTooLarge&) {
                budget->charge(left + 1);  // throws the budget's own message
                throw;
            }
        } else {
            out = applyFilter(f.asName(), out, param, maxOut);
        }
        if (budget) budget->charge(out.size());
    }
    return out;
}

}  // namespace pith::pdf
