"""Low-level PDF crafting for the forgery suite, independent of pith's own writer.

- values: Name, Ref, Hex, Raw and ser() turn Python values into PDF syntax;
- PdfBuilder writes a whole file with a classic cross-reference table;
- Doc reads the latest revision of a file through pikepdf (reading only: every byte a forgery
  adds is written here, by hand);
- append_revision() appends an incremental update (classic table or cross-reference stream) and
  can end it in any of the malformed ways viewers still accept;
- merge_into_last_revision() puts objects INTO the last revision instead (its startxref/%%EOF
  removed), so that the file keeps the same number of revisions;
- rewrite_last_revision() replaces objects of the last revision where they stand (classic table or
  cross-reference stream rewritten with the new offsets);
- replace_same_length() and edit_xmp_in_place() edit bytes in place, keeping every offset valid.
"""
import hashlib
import io
import re
import zlib
from decimal import Decimal

import pikepdf


# ---------------------------------------------------------------- values

class Name(str):
    """A PDF name, without its slash."""


class Ref(tuple):
    def __new__(cls, num, gen=0):
        return tuple.__new__(cls, (num, gen))


class Hex(bytes):
    """A string written as <hex>."""


class Raw(bytes):
    """Bytes already in PDF syntax."""


_DELIMITERS = set(b"()<>[]{}/%#")


def _name(s):
    out = bytearray(b"/")
    for c in s.encode("utf-8"):
        if c < 33 or c > 126 or c in _DELIMITERS:
            out += b"#%02X" % c
        else:
            out.append(c)
    return bytes(out)


def _literal(b):
    out = bytearray(b"(")
    for c in b:
        if c in b"()\\":
            out += b"\\" + bytes([c])
        elif c < 32 or c > 126:
            out += b"\\%03o" % c
        else:
            out.append(c)
    return bytes(out + b")")


def text_string(s):
    """A PDF text string: PDFDocEncoding for ASCII, else UTF-16BE with the byte order mark."""
    try:
        return s.encode("ascii")
    except UnicodeEncodeError:
        return b"\xfe\xff" + s.encode("utf-16-be")


def ser(v):
    if isinstance(v, Raw):
        return bytes(v)
    if v is None:
        return b"null"
    if v is True:
        return b"true"
    if v is False:
        return b"false"
    if isinstance(v, Name):
        return _name(v)
    if isinstance(v, Ref):
        return b"%d %d R" % v
    if isinstance(v, int):
        return b"%d" % v
    if isinstance(v, (float, Decimal)):
        s = ("%.5f" % float(v)).rstrip("0").rstrip(".")
        return (s if s not in ("", "-", "-0") else "0").encode()
    if isinstance(v, Hex):
        return b"<" + bytes(v).hex().upper().encode() + b">"
    if isinstance(v, str):
        return _literal(text_string(v))
    if isinstance(v, (bytes, bytearray)):
        return _literal(bytes(v))
    if isinstance(v, dict):
        return b"<<" + b"".join(_name(k) + b" " + ser(x) for k, x in v.items()) + b">>"
    if isinstance(v, (list, tuple)):
        return b"[" + b" ".join(ser(x) for x in v) + b"]"
    raise TypeError("cannot write %r" % type(v))


def stream_obj(d, data, compress=False, encoded=False, length=None):
    """The body of a stream object: dictionary (Length/Filter set here) and data.

    encoded: `data` is already encoded with d's /Filter and /DecodeParms (kept); length: what to
    write as /Length instead of len(data) (a Raw token, for malformed lengths)."""
    keep = ("Filter", "DecodeParms") if encoded else ()
    d = {k: v for k, v in (d or {}).items() if k not in ("Length", "Filter", "DecodeParms") or k in keep}
    if compress:
        data = zlib.compress(data)
        d["Filter"] = Name("FlateDecode")
    d["Length"] = len(data) if length is None else length
    return ser(d) + b"\nstream\n" + data + b"\nendstream"


def pdf_text(s):
    """Escapes a Python string for a content-stream literal (WinAnsi/ASCII text)."""
    return _literal(s.encode("cp1252"))


# ---------------------------------------------------------------- whole files

class Stream:
    def __init__(self, d, data, compress=False):
        self.d, self.data, self.compress = d, data, compress


class PdfBuilder:
    """Objects as editable Python values; build() writes the file with a classic xref."""

    def __init__(self):
        self.objs = {}
        self.root = None
        self.info = None

    def reserve(self):
        num = len(self.objs) + 1
        self.objs[num] = None
        return num

    def add(self, value):
        num = self.reserve()
        self.objs[num] = value
        return num

    def add_stream(self, d, data, compress=False):
        return self.add(Stream(d, data, compress))

    def body(self, num):
        v = self.objs[num]
        if isinstance(v, Stream):
            return stream_obj(v.d, v.data, v.compress)
        return ser(v)

    def build(self, file_id=b"forgery-suite-id"):
        out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        offsets = {}
        for num in sorted(self.objs):
            offsets[num] = len(out)
            out += b"%d 0 obj\n" % num + self.body(num) + b"\nendobj\n"
        size = max(self.objs) + 1
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % size
        for num in range(1, size):
            out += b"%010d 00000 n \n" % offsets[num]
        ident = Hex(hashlib.md5(file_id).digest())
        trailer = {"Size": size, "Root": Ref(self.root), "ID": [ident, ident]}
        if self.info:
            trailer["Info"] = Ref(self.info)
        out += b"trailer\n" + ser(trailer) + b"\nstartxref\n%d\n%%%%EOF\n" % xref
        return bytes(out)


# ---------------------------------------------------------------- reading

def from_pike(o, top=True):
    """A pikepdf object as the values above; nested indirect objects stay references."""
    if o is None or isinstance(o, (bool, int, Decimal, float)):
        return o
    if not top and o.is_indirect:
        return Ref(*o.objgen)
    if isinstance(o, pikepdf.Name):
        return Name(str(o)[1:])
    if isinstance(o, pikepdf.String):
        return bytes(o)
    if isinstance(o, pikepdf.Array):
        return [from_pike(x, False) for x in o]
    if isinstance(o, pikepdf.Stream):
        d = o.stream_dict
        return {k[1:]: from_pike(d[k], False) for k in d.keys()}
    if isinstance(o, pikepdf.Dictionary):
        return {k[1:]: from_pike(o[k], False) for k in o.keys()}
    if o._type_code == pikepdf.ObjectType.null:
        return None
    raise TypeError("cannot read %r" % o)


class Doc:
    """The latest revision of a PDF, read through pikepdf."""

    def __init__(self, data):
        self.data = bytes(data)
        self.pdf = pikepdf.open(io.BytesIO(self.data))
        t = self.pdf.trailer
        self.root = t.Root.objgen[0]
        self.info = t.Info.objgen[0] if "/Info" in t else None
        self.id = [bytes(x) for x in t.ID] if "/ID" in t else None
        top = max((o.objgen[0] for o in self.pdf.objects if o is not None and o.objgen[0]), default=0)
        self.size = max(int(t.Size), top + 1)

    def obj(self, num):
        return from_pike(self.pdf.get_object((num, 0)))

    def stream(self, num):
        o = self.pdf.get_object((num, 0))
        return from_pike(o), o.read_bytes()

    def raw_stream(self, num):
        """A stream's data as stored (still encoded)."""
        return self.pdf.get_object((num, 0)).read_raw_bytes()

    def resolve(self, v):
        return self.obj(v[0]) if isinstance(v, Ref) else v

    def page(self, index=0):
        return self.pdf.pages[index].obj.objgen[0]

    def catalog(self):
        return self.obj(self.root)

    def metadata_num(self):
        m = self.catalog().get("Metadata")
        return m[0] if m else None

    def annots(self, page_num):
        a = self.resolve(self.obj(page_num).get("Annots", []))
        return [x[0] for x in a if isinstance(x, Ref)]

    def link_annots(self, page_num):
        return [n for n in self.annots(page_num) if self.obj(n).get("Subtype") == "Link"]

    def badge_xobject(self, page_num, text=b"pith:"):
        """The form XObject of the page that draws the badge (the one whose content shows `text`)."""
        res = self.resolve(self.obj(page_num)["Resources"])
        xo = self.resolve(res.get("XObject", {}))
        if isinstance(xo.get("PithBadge"), Ref):
            return xo["PithBadge"][0]
        for ref in xo.values():
            if isinstance(ref, Ref) and text in self.stream(ref[0])[1]:
                return ref[0]
        raise KeyError("no badge XObject on page object %d" % page_num)

    def attachment(self, name="pith-record.json"):
        """(filespec number, embedded file number) of the named attachment."""
        names = self.resolve(self.resolve(self.catalog()["Names"])["EmbeddedFiles"])
        arr = self.resolve(names["Names"])
        for i in range(0, len(arr), 2):
            if arr[i] == name.encode():
                fs = arr[i + 1][0]
                return fs, self.resolve(self.obj(fs)["EF"])["F"][0]
        raise KeyError(name)

    def new_nums(self, count):
        return list(range(self.size, self.size + count))


# ---------------------------------------------------------------- incremental updates

def last_startxref(data):
    m = list(re.finditer(rb"startxref\s+(\d+)", data[-8192:]))
    return int(m[-1].group(1))


def write_objects(out, objects):
    offsets = {}
    for num in sorted(objects):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + objects[num] + b"\nendobj\n"
    return offsets


def _runs(nums):
    runs, start, prev = [], None, None
    for n in sorted(nums):
        if start is None:
            start = prev = n
        elif n == prev + 1:
            prev = n
        else:
            runs.append((start, prev - start + 1))
            start = prev = n
    if start is not None:
        runs.append((start, prev - start + 1))
    return runs


def xref_table(offsets):
    out = bytearray(b"xref\n")
    for start, count in _runs(offsets):
        out += b"%d %d\n" % (start, count)
        for n in range(start, start + count):
            out += b"%010d 00000 n \n" % offsets[n]
    return bytes(out)


def xref_stream(num, d, offsets, widths=(1, 4, 2), compress=False):
    """Cross-reference stream object `num` listing `offsets` (its own included), d: the trailer
    keys (/W, /Index, /Filter and /Length are written here)."""
    w0, w1, w2 = widths
    rows = b"".join((1).to_bytes(w0, "big") + offsets[n].to_bytes(w1, "big") + bytes(w2) for n in sorted(offsets))
    d = dict(d)
    d["W"] = list(widths)
    d["Index"] = [x for run in _runs(offsets) for x in run]
    return b"%d 0 obj\n" % num + stream_obj(d, rows, compress=compress) + b"\nendobj\n"


GARBAGE = (b"\n<!-- trailing bytes a careless upload script added -->\n" + bytes(range(128, 192)) + b"\n")

ENDINGS = {
    "ok": b"startxref\n%d\n%%%%EOF\n",
    "no-eof": b"startxref\n%d\n",
    "comment": b"startxref\n%d\n%% saved by Foxit-like editor\n%%%%EOF\n",
    "single-percent": b"startxref\n%d\n%%EOF\n",
    "leading-zeros": b"startxref\n%010d\n%%%%EOF\n",
    "garbage": b"startxref\n%d\n%%%%EOF\n",
    "crlf": b"startxref\r\n%d\r\n%%%%EOF\r\n",
}


def append_revision(data, objects, doc=None, *, xref="table", ending="ok", prev=None, trailer=None,
                    startxref_delta=0):
    """Appends one incremental update redefining or adding `objects` ({num: body bytes}).

    xref: "table" (classic), "stream" (cross-reference stream), "stream-notype" (a cross-reference
    stream whose dictionary lacks /Type /XRef). ending: a key of ENDINGS. startxref_delta: write
    the offset that far off (a broken pointer viewers repair by scanning the file)."""
    doc = doc or Doc(data)
    out = bytearray(data)
    if not out.endswith(b"\n"):
        out += b"\n"
    offsets = write_objects(out, objects)
    size = max([doc.size] + [n + 1 for n in objects])
    tr = {"Size": size, "Root": Ref(doc.root)}
    if doc.info:
        tr["Info"] = Ref(doc.info)
    if doc.id:
        tr["ID"] = [Hex(doc.id[0]), Hex(doc.id[1])]
    tr["Prev"] = last_startxref(data) if prev is None else prev
    tr.update(trailer or {})
    xref_at = len(out)
    if xref == "table":
        out += xref_table(offsets) + b"trailer\n" + ser(tr) + b"\n"
    else:
        num = size
        tr["Size"] = size + 1
        offsets[num] = xref_at
        d = {"Type": Name("XRef")} if xref == "stream" else {}
        d.update(tr)
        out += xref_stream(num, d, offsets)
    out += ENDINGS[ending] % (xref_at + startxref_delta)
    if ending == "garbage":
        out += GARBAGE
    return bytes(out)


def parse_xref_table(data, off):
    """Entries {num: offset} and the trailer dictionary text of the classic section at `off`."""
    if data[off:off + 4] != b"xref":
        raise ValueError("the section at %d is not a classic xref table (merging needs one)" % off)
    tpos = data.index(b"trailer", off)
    toks = data[off + 4:tpos].split()
    entries, i = {}, 0
    while i < len(toks):
        start, count = int(toks[i]), int(toks[i + 1])
        i += 2
        for k in range(count):
            offset, _gen, kind = toks[i:i + 3]
            i += 3
            if kind == b"n":
                entries[start + k] = int(offset)
    m = re.match(rb"trailer\s*(<<.*>>)\s*startxref", data[tpos:], re.S)
    return entries, m.group(1)


def merge_into_last_revision(data, objects, doc=None, mode="merge"):
    """Puts `objects` into the file's last revision rather than after it.

    merge: the last section's xref and trailer are rewritten to cover its own objects and the new
    ones (same /Prev), so one startxref/%%EOF ends both. chain: the section's startxref/%%EOF are
    cut off, the objects follow its trailer and a second xref section points back to the first
    with /Prev: two cross-reference sections, one %%EOF."""
    doc = doc or Doc(data)
    sx = last_startxref(data)
    entries, trailer_text = parse_xref_table(data, sx)
    size = max([doc.size] + [n + 1 for n in objects])
    trailer_text = re.sub(rb"/Size\s*\d+", b"/Size %d" % size, trailer_text)
    if mode == "merge":
        out = bytearray(data[:sx])
        entries.update(write_objects(out, objects))
        xref_at = len(out)
        out += xref_table(entries) + b"trailer\n" + trailer_text + b"\n"
    elif mode == "chain":
        out = bytearray(data[:data.rindex(b"startxref")])
        offsets = write_objects(out, objects)
        trailer_text = re.sub(rb"/Prev\s*\d+", b"/Prev %d" % sx, trailer_text)
        xref_at = len(out)
        out += xref_table(offsets) + b"trailer\n" + trailer_text + b"\n"
    else:
        raise ValueError(mode)
    out += b"startxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


def parse_xref_stream(data, off, pdf):
    """Entries {num: offset} (objects at an offset, the stream's own included) and the number of
    the cross-reference stream at `off`, the last section of `pdf` (pikepdf: its trailer is that
    stream's dictionary)."""
    d = pdf.trailer
    m = re.match(rb"(\d+)\s+\d+\s+obj\s*<<", data[off:off + 64])
    start = data.index(b"stream", off + m.end()) + len(b"stream")
    start += 2 if data[start:start + 2] == b"\r\n" else 1
    holder = pikepdf.Stream(pdf, b"")  # a direct stream, to decode the data: never written
    holder.write(data[start:start + int(d.Length)], filter=d.get("/Filter"), decode_parms=d.get("/DecodeParms"))
    rows = holder.read_bytes()
    w = [int(x) for x in d.W]
    index = [int(x) for x in d.get("/Index", [0, int(d.Size)])]
    entries, pos = {}, 0
    for first, count in zip(index[0::2], index[1::2]):
        for num in range(first, first + count):
            f = [int.from_bytes(rows[pos + sum(w[:i]):pos + sum(w[:i + 1])], "big") for i in range(3)]
            pos += sum(w)
            kind = f[0] if w[0] else 1
            if kind == 1:
                entries[num] = f[1]
            elif kind == 2:
                raise ValueError("object %d of the section at %d is in an object stream" % (num, off))
    return entries, int(m.group(1))


def rewrite_last_revision(data, objects, doc=None):
    """Replaces objects of the file's last revision where they stand ({num: new body bytes}): the
    other objects are copied byte for byte, the section's cross-reference table or stream is
    written again with the new offsets and the same trailer keys (/Prev included)."""
    doc = doc or Doc(data)
    sx = last_startxref(data)
    if data[sx:sx + 4] == b"xref":
        entries, trailer_text = parse_xref_table(data, sx)
        xnum = None
    else:
        t = doc.pdf.trailer
        entries, xnum = parse_xref_stream(data, sx, doc.pdf)
        del entries[xnum]
        values = {k[1:]: from_pike(t[k], False) for k in t.keys()}
        if "ID" in values:
            values["ID"] = [Hex(x) for x in values["ID"]]
    missing = set(objects) - set(entries)
    if missing:
        raise ValueError("objects %s are not in the last revision" % sorted(missing))
    order = sorted(entries, key=entries.get)
    out = bytearray(data[:entries[order[0]]])
    offsets = {}
    for i, num in enumerate(order):
        end = entries[order[i + 1]] if i + 1 < len(order) else sx
        offsets[num] = len(out)
        out += (b"%d 0 obj\n" % num + objects[num] + b"\nendobj\n") if num in objects else data[entries[num]:end]
    xref_at = len(out)
    if xnum is None:
        out += xref_table(offsets) + b"trailer\n" + trailer_text + b"\n"
    else:
        offsets[xnum] = xref_at
        w = [int(x) for x in t.W]  # the section's own layout, as far as the new offsets fit
        w[1] = max(w[1], (xref_at.bit_length() + 7) // 8)
        out += xref_stream(xnum, values, offsets, w, compress=t.get("/Filter") == pikepdf.Name.FlateDecode)
    out += ENDINGS["ok"] % xref_at
    return bytes(out)


# ---------------------------------------------------------------- in-place edits

def replace_same_length(data, start, old, new, count=1):
    assert len(old) == len(new), (old, new)
    head, tail = data[:start], data[start:]
    assert tail.count(old) >= count, "%r not found after %d" % (old, start)
    return head + tail.replace(old, new, count)


def edit_xmp_in_place(data, start, fn):
    """Applies fn to the first uncompressed XMP packet after `start`, keeping its byte length by
    resizing the packet's whitespace padding (so the stream /Length and every offset stay valid)."""
    b = data.index(b"<?xpacket begin", start)
    e = data.index(b"<?xpacket end", b)
    packet = data[b:e]
    body = packet.rstrip(b" \r\n")
    pad = len(packet) - len(body)
    new_body = fn(body)
    new_pad = pad - (len(new_body) - len(body))
    assert new_pad >= 2, "not enough XMP padding"
    padding = (b"\n" + (b" " * 99 + b"\n") * (new_pad // 100 + 1))[:new_pad - 1] + b"\n"
    return data[:b] + new_body + padding + data[e:]


def sha256(data):
    return hashlib.sha256(data).hexdigest()
