"""Papers with one oddity each that pith verify reads differently from a naive reader: pith stamp
must read them as verify does (stamp them so that they verify, or refuse them as verify refuses
them), never write a file its own verifier rejects. Built byte by byte (pdfgen.py)."""
import re

from pdfgen import paper_pdf

TITLE = "On the Expressive Power of Weight Quantization in Large Language Models"


def cases(title=TITLE):
    c = {}
    base = paper_pdf(title, pages=2)
    # 1. A dictionary key that is not a name (a string), in the Info dictionary of a second paper.
    with_info = paper_pdf(title, pages=2, info_title=title)
    c["key-not-a-name"] = with_info.replace(b"/Producer (pdfgen.py)", b"(Producer) (pdfgen.py)")
    # 1b. The same in an annotation of page 1: an object the stamp copies by reference, never reads.
    annotated = paper_pdf(title, pages=2, page1_extra=b" /Annots [50 0 R]")
    c["annotation-key-not-a-name"] = append_object(
        annotated, 50, b"50 0 obj\n<</Type /Annot /Subtype /Text (Rect) [72 72 90 90] /Contents (note)>>\nendobj\n")
    # 2. An inner page-tree node whose /Count lies: page 1 is under a node that says it has none.
    #    Viewers walk the kids; a reader trusting /Count puts "page 1" on what viewers show as page 2.
    pages = paper_pdf(title, pages=2)
    kids = re.search(rb"2 0 obj\n<</Type /Pages /Kids \[(\d+) 0 R (\d+) 0 R\] /Count 2>>", pages)
    first, second = kids.group(1), kids.group(2)
    # Object 2 becomes the root over an inner node 99 holding page 1 with /Count 0.
    inner = b"99 0 obj\n<</Type /Pages /Parent 2 0 R /Kids [" + first + b" 0 R] /Count 0>>\nendobj\n"
    pages = pages.replace(kids.group(0), b"2 0 obj\n<</Type /Pages /Kids [99 0 R " + second + b" 0 R] /Count 2>>")
    pages = pages.replace(b"/Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents " + b"%d" % (int(first) + 1),
                          b"/Type /Page /Parent 99 0 R /MediaBox [0 0 612 792] /Contents " + b"%d" % (int(first) + 1), 1)
    c["inner-count-wrong"] = append_object(pages, 99, inner)
    # 3. NUL bytes in the generation field of an xref entry.
    m = re.search(rb"(\d{10}) 00000 n \n", base[base.rindex(b"\nxref\n"):])
    entry = m.group(0)
    c["xref-generation-nul"] = base.replace(entry, m.group(1) + b" 00\0\0\0 n \n", 1)
    # 4. A filter name in the wrong case (/Flatedecode) on page 1's content stream.
    import zlib
    content = re.search(rb"<< /Length (\d+)>>\nstream\n", base)
    length = int(content.group(1))
    start = content.end()
    data = base[start:start + length]
    packed = zlib.compress(data)
    body = b"<</Filter /Flatedecode /Length %d>>\nstream\n" % len(packed) + packed
    c["filter-name-case"] = rebuild_with(base, content.start(), start + length, body)
    return c


def append_object(pdf, num, obj):
    """Adds object `num` (its whole "N 0 obj ... endobj" text) before the xref and rewrites the table."""
    xref = pdf.rindex(b"\nxref\n") + 1
    return renumber(pdf[:xref] + obj + pdf[xref:])


def rebuild_with(pdf, start, end, replacement):
    return renumber(pdf[:start] + replacement + pdf[end:])


def renumber(pdf):
    """Rewrites the classic xref table (one section, objects 0..N) from where each "N 0 obj" is."""
    xref = pdf.rindex(b"\nxref\n") + 1
    body = pdf[:xref]
    offsets = {int(m.group(1)): m.start() + (1 if m.group(0)[0:1] == b"\n" else 0)
               for m in re.finditer(rb"(?:^|\n)(\d+) 0 obj\n", body)}
    size = max(offsets) + 1
    table = bytearray(b"xref\n0 %d\n0000000000 65535 f \n" % size)
    for n in range(1, size):
        table += b"%010d 00000 n \n" % offsets[n] if n in offsets else b"0000000000 65535 f \n"
    trailer = pdf[pdf.index(b"trailer\n", xref):]
    trailer = re.sub(rb"/Size \d+", b"/Size %d" % size, trailer[:trailer.index(b"startxref")])
    return bytes(body + table + trailer + b"startxref\n%d\n%%%%EOF\n" % len(body))
