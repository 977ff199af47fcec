"""Builds small PDFs byte by byte for tests: a correct classic xref, any objects the test wants.

Used to craft hostile files (Flate bombs, cycles, deep nesting, entity bombs in XMP), to append
incremental updates to existing files, independently of pith's own writer, and to make a small
"paper" whose page 1 shows a given title (what `pith stamp` needs to stamp a file that verifies).
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


def pdf_string(text):
    """A literal string for a WinAnsi-encoded simple font (Latin-1 text; escapes \\, ( and ))."""
    data = text.encode("cp1252")
    return b"(" + data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def wrap(text, width):
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = (line + " " + word).strip()
    return lines + ([line] if line else [])


def text_string(text):
    """A PDF text string (Info values): literal when ASCII, else UTF-16BE with a byte order mark."""
    if all(32 <= ord(c) < 127 for c in text):
        return pdf_string(text)
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


def paper_pdf(title, pages=1, info_title=None, page_size=(612, 792), catalog_extra=b"", page1_extra=b""):
    """A small paper: page 1 shows `title` (Helvetica-Bold 16 pt, wrapped, below the top-right
    corner where pith stamp puts its badge) and a line of body text; pages 2.. show "Page N".
    info_title: also state a title in the Info dictionary (the PDF's own metadata).
    catalog_extra: more catalog entries (e.g. b" /PageLabels <<...>>"); page1_extra: more entries of
    page 1's dictionary (e.g. b" /Annots [...]").
    Written byte by byte with build_pdf, so it shares no code with pith; poppler extracts the title."""
    width, height = page_size
    font_regular, font_bold = 3, 4
    first_page = 6 if info_title is not None else 5
    objects = {
        font_regular: b"<</Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding>>",
        font_bold: b"<</Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding>>",
    }
    if info_title is not None:
        objects[5] = b"<</Title " + text_string(info_title) + b" /Producer (pdfgen.py)>>"
    kids = []
    for index in range(pages):
        page_num, content_num = first_page + 2 * index, first_page + 2 * index + 1
        kids.append(b"%d 0 R" % page_num)
        if index == 0:
            y = height - 160
            ops = [b"BT /F2 16 Tf 72 %d Td 20 TL" % y]
            for line in wrap(title, 48):
                ops.append(pdf_string(line) + b" Tj T*")
            ops.append(b"ET BT /F1 11 Tf 72 %d Td (A. Author, B. Author) Tj ET" % (y - 30 - 20 * len(wrap(title, 48))))
            ops.append(b"BT /F1 10 Tf 72 120 Td (Abstract. This test paper has a title and a few words.) Tj ET")
            content = b"\n".join(ops)
        else:
            content = b"BT /F1 10 Tf 72 72 Td (Page %d) Tj ET" % (index + 1)
        objects[page_num] = (b"<</Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
                             b"/Resources <</Font <</F1 %d 0 R /F2 %d 0 R>>>>%s>>"
                             % (width, height, content_num, font_regular, font_bold, page1_extra if index == 0 else b""))
        objects[content_num] = stream(b"", content)
    objects[1] = b"<</Type /Catalog /Pages 2 0 R" + catalog_extra + b">>"
    objects[2] = b"<</Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d>>" % pages
    return build_pdf(objects, root=1, info=5 if info_title is not None else None)


if __name__ == "__main__":
    # For shell tests: python3 pdfgen.py paper OUT.pdf "TITLE" [PAGES]
    import sys
    if len(sys.argv) not in (4, 5) or sys.argv[1] != "paper":
        sys.exit("usage: pdfgen.py paper OUT.pdf TITLE [PAGES]")
    with open(sys.argv[2], "wb") as f:
        f.write(paper_pdf(sys.argv[3], pages=int(sys.argv[4]) if len(sys.argv) == 5 else 1))
