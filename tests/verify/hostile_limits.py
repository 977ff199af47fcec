"""Crafted files that test limits per document rather than per stream (each a few hundred bytes to
a few MB): huge PNG predictor rows, a chain of xref streams, a trailer with 100k keys, one big
stream named many times in the EmbeddedFiles tree, xref subsections whose bounds overflow 64 bits,
and Flate bombs in the XMP, in a page's content stream and in an object stream.

Written byte by byte (pdfgen.py, zlib), sharing no code with pith."""
import struct
import zlib

from pdfgen import build_pdf, minimal_page_objects, stream

# Predictor parameters asking for 2^24 pixels of 32 16-bit components a row: 1 GiB rows.
HUGE_PREDICTOR = b"<</Predictor 12 /Colors 32 /BitsPerComponent 16 /Columns 16777216>>"


def zeros_deflated(size, head=b""):
    """`head` then `size` zero bytes, zlib-compressed (about size / 1000 bytes)."""
    z = zlib.compressobj(9)
    parts = [z.compress(head)]
    chunk = b"\0" * (1 << 20)
    parts += [z.compress(chunk) for _ in range(size >> 20)]
    parts.append(z.compress(b"\0" * (size & ((1 << 20) - 1))))
    return b"".join(parts) + z.flush()


def flate_stream(dict_body, data):
    return b"<<" + dict_body + b" /Filter /FlateDecode /Length %d>>\nstream\n" % len(data) + data + b"\nendstream"


def xref_stream_pdf(objects, compressed=None, xref_extra=b"", prev_chain=0, predictor=None, index=None):
    """A PDF whose cross-reference data is an xref stream (W [1 4 2]). objects: {num: body} written
    in the file; compressed: {num: (stream object number, index)} entries of type 2. prev_chain: that
    many more xref streams before the last one, each linked by /Prev (all of them complete).
    predictor: DecodeParms of every xref stream (its data is then one PNG row of filter type 0).
    index: the /Index array (bytes) of the last xref stream, in place of the default."""
    compressed = compressed or {}
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(objects):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + objects[num] + b"\nendobj\n"
    size = max(list(objects) + list(compressed)) + 1
    prev = None
    for link in range(prev_chain + 1):
        xref_num = size + link
        xref_offset = len(out)
        offsets[xref_num] = xref_offset
        rows = []
        for num in range(xref_num + 1):
            if num in offsets:
                rows.append(struct.pack(">BIH", 1, offsets[num], 0))
            elif num in compressed:
                rows.append(struct.pack(">BIH", 2, compressed[num][0], compressed[num][1]))
            else:
                rows.append(struct.pack(">BIH", 0, 0, 65535 if num == 0 else 0))
        if predictor:
            # One PNG row (type 0, no prediction) for all the data: the row the parameters describe
            # is longer than the data, which is then its first part.
            raw = b"\0" + b"".join(rows)
            parms = b" /DecodeParms " + predictor
        else:
            raw = b"".join(rows)
            parms = b""
        data = zlib.compress(raw)
        last = link == prev_chain
        extra = b" /Prev %d" % prev if prev is not None else b""
        if last and index is not None:
            extra += b" /Index " + index
        out += (b"%d 0 obj\n<</Type /XRef /Size %d /W [1 4 2] /Root 1 0 R%s%s%s /Filter /FlateDecode /Length %d>>\nstream\n"
                % (xref_num, xref_num + 1, extra, parms, xref_extra if last else b"", len(data)) + data + b"\nendstream\nendobj\n")
        prev = xref_offset
    out += b"startxref\n%d\n%%%%EOF\n" % prev
    return bytes(out)


def cases():
    c = {}
    # 1. PNG predictor rows of 1 GiB for a few bytes of XMP data.
    objs = dict(minimal_page_objects(b" /Metadata 5 0 R"))
    objs[5] = flate_stream(b"/Type /Metadata /Subtype /XML /DecodeParms " + HUGE_PREDICTOR, zlib.compress(b"\0" + b"x" * 64))
    c["png-predictor-huge-row"] = build_pdf(objs)
    # 2. A chain of six xref streams, each with those predictor parameters.
    c["xref-stream-chain-huge-predictor"] = xref_stream_pdf(minimal_page_objects(), prev_chain=5, predictor=HUGE_PREDICTOR)
    # 3. A trailer with 100,000 keys (dictionary insertion must not be linear in the size).
    base = build_pdf(minimal_page_objects())
    keys = b"".join(b"/K%d %d " % (i, i) for i in range(100000))
    c["trailer-100k-keys"] = base.replace(b"trailer\n<<", b"trailer\n<<" + keys)
    # 4. One 250 MB Flate stream named 64 times in the EmbeddedFiles name tree.
    objs = dict(minimal_page_objects(b" /Names <</EmbeddedFiles 6 0 R>>"))
    objs[5] = flate_stream(b"/Type /EmbeddedFile", zeros_deflated(250_000_000))
    names = b"".join(b"(file%02d.bin) <</Type /Filespec /F (file%02d.bin) /EF <</F 5 0 R>>>> " % (i, i) for i in range(64))
    objs[6] = b"<</Names [" + names + b"]>>"
    c["one-stream-named-64-times"] = build_pdf(objs)
    # 4b. The same, every name being the record attachment's.
    names = b"(pith-record.json) <</Type /Filespec /F (pith-record.json) /EF <</F 5 0 R>>>> " * 64
    objs[6] = b"<</Names [" + names + b"]>>"
    c["record-attachment-named-64-times"] = build_pdf(objs)
    # 5. An xref subsection whose first object number wraps 64 bits when its count is added.
    base = build_pdf(minimal_page_objects())
    trailer = base.rindex(b"trailer\n")
    extra = b"18446744073709551609 7\n" + b"0000000009 00000 n \n" * 7
    c["xref-subsection-overflow"] = base[:trailer] + extra + base[trailer:]
    # 6. An xref stream /Index whose first number is the largest 64-bit integer.
    c["xref-index-overflow"] = xref_stream_pdf(minimal_page_objects(), index=b"[0 6 9223372036854775807 1]")
    # 7. A Flate bomb (1 GB of zeros) in the XMP: see test_hostile_pdfs.py "flate-bomb-xmp".
    # 8. A Flate bomb in page 1's content stream.
    objs = dict(minimal_page_objects())
    objs[4] = flate_stream(b"", zeros_deflated(1 << 30))
    c["flate-bomb-page-content"] = build_pdf(objs)
    # 9. A Flate bomb in the object stream that holds the catalog.
    page_objs = minimal_page_objects()
    bomb = zeros_deflated(1 << 30, head=b"1 0 <</Type /Catalog /Pages 2 0 R>>")
    objs = {n: page_objs[n] for n in (2, 3, 4)}
    objs[5] = b"<</Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d>>\nstream\n" % len(bomb) + bomb + b"\nendstream"
    c["flate-bomb-object-stream"] = xref_stream_pdf(objs, compressed={1: (5, 0)})
    return c
