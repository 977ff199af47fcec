"""Builds small PDFs byte by byte for tests: a correct classic xref, any objects the test wants.

Used to craft hostile files (Flate bombs, cycles, deep nesting, entity bombs in XMP) and to append
incremental updates to existing files, independently of pith's own writer.
"""
import re
import zlib


def build_pdf(objects, root=1, info=None, trailer_extra=b"", header=b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"):
    """objects: {num: bytes body (without 'N 0 obj'/'endobj')}. Returns the whole file."""
    out = bytearray(header)
    offsets = {}
    for num in sorted(objects):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + objects[num] + b"\nendobj\n"
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for num in range(1, size):
        if num in offsets:
            out += b"%010d 00000 n \n" % offsets[num]
        else:
            out += b"0000000000 65535 f \n"
    trailer = b"/Size %d /Root %d 0 R" % (size, root)
    if info:
        trailer += b" /Info %d 0 R" % info
    out += b"trailer\n<<" + trailer + trailer_extra + b">>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def stream(dict_body, data, compress=False):
    if compress:
        data = zlib.compress(data)
        dict_body += b" /Filter /FlateDecode"
    return b"<<" + dict_body + b" /Length %d>>\nstream\n" % len(data) + data + b"\nendstream"


def minimal_page_objects(extra_catalog=b""):
    return {
        1: b"<</Type /Catalog /Pages 2 0 R" + extra_catalog + b">>",
        2: b"<</Type /Pages /Kids [3 0 R] /Count 1>>",
        3: b"<</Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources <<>>>>",
        4: stream(b"", b"BT /F1 12 Tf 72 720 Td (hello) Tj ET"),
    }


def last_startxref(data):
    m = list(re.finditer(rb"startxref\s+(\d+)", data))
    return int(m[-1].group(1))


def trailer_value(data, key):
    """The last /Key N 0 R in the file's trailers or xref stream dictionaries (good enough for tests)."""
    m = list(re.finditer(rb"/" + key.encode() + rb"\s+(\d+)\s+0\s+R", data))
    return int(m[-1].group(1)) if m else None


def append_update(data, objects, size, root, info=None, extra=b""):
    """Appends a classic-xref incremental update redefining/adding `objects` ({num: body})."""
    out = bytearray(data)
    if not out.endswith(b"\n"):
        out += b"\n"
    offsets = {}
    for num in sorted(objects):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + objects[num] + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n"
    for num in sorted(objects):
        out += b"%d 1\n%010d 00000 n \n" % (num, offsets[num])
    trailer = b"/Size %d /Root %d 0 R /Prev %d" % (size, root, last_startxref(data))
    if info:
        trailer += b" /Info %d 0 R" % info
    out += b"trailer\n<<" + trailer + extra + b">>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def append_many_updates(data, count, num, size, root, info=None):
    """Appends `count` tiny classic-xref updates, each redefining object `num` (fast: no re-scan)."""
    out = bytearray(data)
    prev = last_startxref(data)
    info_part = b" /Info %d 0 R" % info if info else b""
    for _ in range(count):
        if not out.endswith(b"\n"):
            out += b"\n"
        offset = len(out)
        out += b"%d 0 obj\n" % num + stream(b"", b"% x") + b"\nendobj\n"
        xref = len(out)
        out += (b"xref\n%d 1\n%010d 00000 n \ntrailer\n<</Size %d /Root %d 0 R%s /Prev %d>>\nstartxref\n%d\n%%%%EOF\n"
                % (num, offset, size, root, info_part, prev, xref))
        prev = xref
    return bytes(out)
