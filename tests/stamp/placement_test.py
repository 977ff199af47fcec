#!/usr/bin/env python3
"""pith stamp's badge placement on real PDFs: it never covers what page 1 shows.

Inputs are made here by several producers: a pdfTeX article (title, abstract, sections), a
cairo-made page with a running header at the top edge (pdftocairo), a Ghostscript page with
content in all four corners and a free right margin, a Ghostscript page filled edge to edge, a
page turned by /Rotate 90 (qpdf), and a pdfTeX page whose CropBox is smaller than its MediaBox;
and the arXiv-like side stamp (--style margin), turned to read upwards in the left margin.

For each accepted stamp, with independent tools only:
  - qpdf --json gives the link's /Rect; pdfinfo -box gives the crop box and rotation;
  - page 1 of the input, rendered by pdftoppm, mutool draw and Ghostscript, has no ink inside the
    link rectangle (nothing was covered), and after stamping the renders change inside it and
    nowhere else (the badge is where the link is);
  - pdftotext finds the short number inside the rectangle;
  - the JSON report names the expected candidate and no warning; a second run gives the same bytes.
Refusals and warnings: a page poppler cannot be given (a form field tree that would stall it) is
refused with a reason, a full page is refused (exit 1, one line naming the page and what is
there) and an explicit position that covers content warns on stderr and in the JSON report.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

PITH = os.environ["PITH"]
SRC = os.environ["PITH_SOURCE_DIR"]
RECORD = os.path.join(SRC, "tests/stamp/data/record.json")
SHORT = "pith:XWMJ4DGY"
TITLE = json.load(open(RECORD))["paper"]["title"]
DPI = 72  # one pixel a point: rectangles map to pixels without scaling
INK = 230  # a grey level below this is ink (anti-aliased edges of real content are darker)

failures = []


def fail(message):
    failures.append(message)
    print("FAIL:", message)


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, **kw)


def check(args, cwd):
    r = run(args, cwd=cwd)
    if r.returncode != 0:
        raise RuntimeError(f"{args[0]} failed: {r.stderr.strip()}")
    return r


# ---- inputs ---------------------------------------------------------------------------------

BODY = " ".join(["Quantized weights keep most of the expressive power of the full model, and the"
                 " bound below says how much."] * 6)


def pdftex(work, name, preamble, body):
    tex = os.path.join(work, name + ".tex")
    with open(tex, "w") as f:
        f.write("\\documentclass{article}\n" + preamble + "\n\\begin{document}\n" + body + "\n\\end{document}\n")
    check(["pdflatex", "-interaction=batchmode", "-halt-on-error", name + ".tex"], work)
    return os.path.join(work, name + ".pdf")


def ghostscript(work, name, postscript):
    ps = os.path.join(work, name + ".ps")
    with open(ps, "w") as f:
        f.write("%!PS\n<< /PageSize [612 792] >> setpagedevice\n" + postscript + "\nshowpage\n")
    pdf = os.path.join(work, name + ".pdf")
    check(["ps2pdf", "-dSAFER", ps, pdf], work)
    return pdf


def write_stalling_form(path, levels=24):
    """A one-page PDF whose AcroForm field tree is a chain of nodes each listing the next twice in
    /Kids: 24 objects that unfold to 2^24 fields, enough to stall poppler while it opens the file."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R] >> >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
               b"<< /Length 0 >>\nstream\n\nendstream"]
    for i in range(levels):
        num = 5 + i
        objects.append(b"<< /T (f%d) /Kids [%d 0 R %d 0 R] >>" % (i, num + 1, num + 1) if i < levels - 1 else b"<< /T (leaf) >>")
    out, offsets = bytearray(b"%PDF-1.7\n"), []
    for i, body in enumerate(objects):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % (i + 1) + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    open(path, "wb").write(bytes(out))


def make_inputs(work):
    article = pdftex(work, "article", "", "\\title{%s}\\author{A. Author}\\date{}\\maketitle\n"
                     "\\begin{abstract}%s\\end{abstract}\n\\section{Introduction}%s\n\n%s\n\\section{Method}%s"
                     % (TITLE, BODY, BODY, BODY, BODY))
    # A running header at the very top, across the text block (left: the journal, right: the page).
    header_tex = pdftex(work, "header-tex", "\\setlength{\\topmargin}{-62pt}\\pagestyle{myheadings}"
                        "\\markright{Journal of Quantized Models, Volume 12, Issue 3, pages 1--20}",
                        "{\\Large %s\\par}\\bigskip\n%s\n\n%s" % (TITLE, BODY, BODY))
    header = os.path.join(work, "header.pdf")
    check(["pdftocairo", "-pdf", header_tex, header], work)
    corners = ghostscript(work, "corners", """
/Helvetica findfont 11 scalefont setfont
[ /Title (%s) /DOCINFO pdfmark
0 0 0 setrgbcolor
0 712 200 80 rectfill 412 712 200 80 rectfill 0 0 200 80 rectfill 412 0 200 80 rectfill
60 680 moveto (%s) show
0 1 30 { 60 exch 18 mul 120 add moveto (%s) show } for
""" % (TITLE, TITLE, "Body text of the paper, set in a narrow column."))
    full = ghostscript(work, "full", """
0.85 setgray 0 0 612 792 rectfill 0 setgray
/Helvetica findfont 11 scalefont setfont 60 700 moveto (%s) show
""" % TITLE)
    rotated = os.path.join(work, "rotated.pdf")
    check(["qpdf", header, "--rotate=+90:1", rotated], work)
    # CropBox inside the MediaBox; a mark in the MediaBox's top-right corner lies outside the crop.
    cropped = pdftex(work, "cropped", "\\pdfpageattr{/CropBox [36 36 559 806]}",
                     "\\pdfliteral page{0 g 563 810 32 32 re f}\\title{%s}\\author{A. Author}\\date{}\\maketitle\n%s"
                     % (TITLE, BODY))
    stalling = os.path.join(work, "stalling.pdf")
    write_stalling_form(stalling)
    return {"stalling": stalling, "article": article, "header": header, "corners": corners, "full": full, "rotated": rotated,
            "cropped": cropped}


# ---- independent readers --------------------------------------------------------------------

def read_pgm(path):
    data = open(path, "rb").read()
    fields, pos = [], 0
    while len(fields) < 4:  # P5 width height maxval, separated by white space and # comments
        while data[pos:pos + 1].isspace() or data[pos:pos + 1] == b"#":
            if data[pos:pos + 1] == b"#":
                pos = data.index(b"\n", pos)
            pos += 1
        start = pos
        while not data[pos:pos + 1].isspace():
            pos += 1
        fields.append(data[start:pos])
    assert fields[0] == b"P5" and fields[3] == b"255", path
    return int(fields[1]), int(fields[2]), data[pos + 1:]


def render(pdf, tool, work):
    out = os.path.join(work, "render-%s.pgm" % tool)
    if tool == "pdftoppm":
        check(["pdftoppm", "-cropbox", "-gray", "-r", str(DPI), "-f", "1", "-l", "1", "-singlefile", pdf, out[:-4]], work)
    elif tool == "mutool":
        check(["mutool", "draw", "-q", "-r", str(DPI), "-c", "gray", "-o", out, pdf, "1"], work)
    else:
        check(["gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-dUseCropBox", "-sDEVICE=pgmraw", "-r%d" % DPI,
               "-dFirstPage=1", "-dLastPage=1", "-sOutputFile=" + out, pdf], work)
    return read_pgm(out)


def page_box(pdf, which="CropBox:"):
    """(crop or media box, rotation) of page 1 as pdfinfo reads them."""
    out = check(["pdfinfo", "-box", "-f", "1", "-l", "1", pdf], None).stdout
    crop, rot = None, 0
    for line in out.splitlines():
        parts = line.split()
        if which in parts:
            crop = [float(v) for v in parts[parts.index(which) + 1:]]
        if "rot:" in parts:
            rot = int(parts[parts.index("rot:") + 1]) % 360
    return crop, rot


def link_rect(pdf):
    """The /Rect of page 1's link to the record, from qpdf's JSON."""
    doc = json.loads(check(["qpdf", "--json=2", "--json-key=pages", "--json-key=qpdf", pdf], None).stdout)
    objects = doc["qpdf"][1]
    page = objects["obj:" + doc["pages"][0]["object"]]["value"]
    for ref in page.get("/Annots", []):
        annot = objects["obj:" + ref]["value"]
        action = annot.get("/A", {})
        if isinstance(action, str):
            action = objects["obj:" + action]["value"]
        if "pith" in action.get("/URI", ""):
            return annot["/Rect"]
    return None


def display_box(rect, crop, rot):
    """User-space rectangle → (left, top, right, bottom) on the page as displayed, in points from its
    top-left corner (the viewer turns the page clockwise by /Rotate)."""
    x0, y0, x1, y1 = rect
    cx0, cy0, cx1, cy1 = crop
    if rot == 90:
        return (y0 - cy0, x0 - cx0, y1 - cy0, x1 - cx0)
    if rot == 180:
        return (cx1 - x1, y0 - cy0, cx1 - x0, y1 - cy0)
    if rot == 270:
        return (cy1 - y1, cx1 - x1, cy1 - y0, cx1 - x0)
    return (x0 - cx0, cy1 - y1, x1 - cx0, cy1 - y0)


def dark_in(image, box):
    w, h, pixels = image
    l, t, r, b = (max(0, int(box[0])), max(0, int(box[1])), min(w, int(box[2]) + 1), min(h, int(box[3]) + 1))
    return sum(1 for y in range(t, b) for x in range(l, r) if pixels[y * w + x] < INK)


def changed_bbox(before, after):
    w, h, p0 = before
    w1, h1, p1 = after
    if (w, h) != (w1, h1):
        return "size"
    xs, ys = [], []
    for y in range(h):
        row0, row1 = p0[y * w:(y + 1) * w], p1[y * w:(y + 1) * w]
        if row0 != row1:
            for x in range(w):
                if abs(row0[x] - row1[x]) > 16:
                    xs.append(x)
                    ys.append(y)
    return (min(xs), min(ys), max(xs), max(ys)) if xs else None


# ---- the cases ------------------------------------------------------------------------------

def stamp(pdf, out, *extra):
    return run([PITH, "stamp", pdf, "--record", RECORD, "--json", "-o", out] + list(extra))


def accepted(name, pdf, expected, work, *extra):
    out = os.path.join(work, name + "-stamped.pdf")
    r = stamp(pdf, out, *extra)
    if r.returncode != 0:
        return fail(f"{name}: stamp exit {r.returncode}: {r.stdout.strip()} {r.stderr.strip()}")
    report = json.loads(r.stdout)
    if report.get("placement") != expected:
        fail(f"{name}: placement {report.get('placement')}, expected {expected}")
    if report.get("warnings") != [] or r.stderr.strip():
        fail(f"{name}: unexpected warnings {report.get('warnings')} {r.stderr.strip()}")
    again = os.path.join(work, name + "-again.pdf")
    stamp(pdf, again, *extra)
    if open(out, "rb").read() != open(again, "rb").read():
        fail(f"{name}: two runs gave different bytes")
    rect = link_rect(out)
    if rect is None:
        return fail(f"{name}: no link to the record on page 1")
    crop, rot = page_box(out)
    box = display_box(rect, crop, rot)
    if [round(v, 3) for v in rect] != [round(v, 3) for v in report["rect"]]:
        fail(f"{name}: the report's rect {report['rect']} is not the link's {rect}")
    for tool in ("pdftoppm", "mutool", "gs"):
        before, after = render(pdf, tool, work), render(out, tool, work)
        dark = dark_in(before, box)
        if dark:
            fail(f"{name}/{tool}: the input has {dark} ink pixels where the badge went ({box})")
        changed = changed_bbox(before, after)
        if changed is None or changed == "size":
            fail(f"{name}/{tool}: stamping changed {'the page size' if changed else 'nothing'}")
            continue
        # Everything the stamp drew lies inside the link rectangle (a pixel of rounding), and the
        # badge fills most of it.
        l, t, r_, b = changed
        if l < box[0] - 1.5 or t < box[1] - 1.5 or r_ > box[2] + 1.5 or b > box[3] + 1.5:
            fail(f"{name}/{tool}: the stamp drew at {changed}, outside the link {box}")
        if (r_ - l) < 0.8 * (box[2] - box[0]) or (b - t) < 0.8 * (box[3] - box[1]):
            fail(f"{name}/{tool}: the stamp drew at {changed}, much smaller than the link {box}")
        # The side stamp stands upright on the page as displayed; the corner badge lies flat.
        if expected.endswith("-vertical") != ((b - t) > (r_ - l)):
            fail(f"{name}/{tool}: the badge drawn at {changed} is not {'upright' if expected.endswith('-vertical') else 'flat'}")
    # pdftotext lays words out on the MediaBox (its -cropbox shifts y but not x): map the link there.
    media, _ = page_box(out, "MediaBox:")
    link = display_box(rect, media, rot)
    words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
                       check(["pdftotext", "-bbox", "-f", "1", "-l", "1", out, "-"], work).stdout)
    inside = [w[4] for w in words if link[0] <= (float(w[0]) + float(w[2])) / 2 <= link[2]
              and link[1] <= (float(w[1]) + float(w[3])) / 2 <= link[3]]
    if not any(SHORT in w for w in inside):
        fail(f"{name}: pdftotext finds no {SHORT} inside the badge (words there: {inside})")
    print(f"ok {name}: {report['placement']} at {[round(v) for v in rect]} (page turned {rot}, crop {crop})")


def refused(name, pdf, work):
    out = os.path.join(work, name + "-refused.pdf")
    r = stamp(pdf, out)
    lines = r.stderr.strip().splitlines()
    report = json.loads(r.stdout) if r.stdout.strip() else {}
    if r.returncode != 1 or os.path.exists(out):
        return fail(f"{name}: auto placement on a full page: exit {r.returncode}, output written: {os.path.exists(out)}")
    if not (report.get("error", "").count("page 1 has no free place") == 1 and "ink" in report["error"]):
        fail(f"{name}: the refusal does not name the page and what was found: {report}")
    # Without --json: one line on stderr.
    r = run([PITH, "stamp", pdf, "--record", RECORD, "-o", out])
    lines = r.stderr.strip().splitlines()
    if r.returncode != 1 or len(lines) != 1 or not lines[0].startswith("pith: ") or "page 1" not in lines[0]:
        fail(f"{name}: text-mode refusal is not one 'pith:' line naming page 1: {r.stderr!r}")
    print(f"ok {name}: refused: {lines[0] if lines else ''}")
    # An explicit position and --force stamp it, with a warning on stderr and in the report.
    for extra, how in ((["--position", "top-right", "--force"], "given"), (["--force"], "auto-forced:top-right"),
                       (["--force", "--style", "margin"], "auto-forced:left-margin-vertical")):
        r = stamp(pdf, out, *extra)
        report = json.loads(r.stdout) if r.stdout.strip() else {}
        warnings = report.get("warnings", [])
        if r.returncode != 0 or report.get("placement") != how or len(warnings) != 1 or "covers" not in warnings[0]:
            fail(f"{name} {' '.join(extra)}: exit {r.returncode}, report {report}")
        elif "warning: " not in r.stderr or warnings[0] not in r.stderr:
            fail(f"{name} {' '.join(extra)}: the warning is not on stderr: {r.stderr!r}")
        else:
            print(f"ok {name} {' '.join(extra)}: {how}, warned: {warnings[0]}")


def cannot_tell(name, pdf, work):
    """A page poppler must not be given (it would stall): auto placement says so and refuses; --force
    stamps top-right with a warning. Neither may hang."""
    out = os.path.join(work, name + "-out.pdf")
    r = run([PITH, "stamp", pdf, "--record", RECORD, "-o", out], timeout=60)
    if r.returncode != 1 or os.path.exists(out) or len(r.stderr.strip().splitlines()) != 1 or "cannot be told" not in r.stderr:
        return fail(f"{name}: expected exit 1 and one line saying where the page is empty cannot be told: {r.returncode} {r.stderr!r}")
    r = run([PITH, "stamp", pdf, "--record", RECORD, "--force", "--json", "-o", out], timeout=60)
    report = json.loads(r.stdout) if r.stdout.strip() else {}
    if r.returncode != 0 or report.get("placement") != "auto-forced:top-right" or len(report.get("warnings", [])) != 1:
        return fail(f"{name} --force: {r.returncode} {report} {r.stderr!r}")
    print(f"ok {name}: refused, and with --force: {report['warnings'][0]}")


def warned(name, pdf, position, what, work, *extra):
    out = os.path.join(work, name + "-" + position + ".pdf")
    r = stamp(pdf, out, "--position", position, *extra)
    report = json.loads(r.stdout) if r.stdout.strip() else {}
    warnings = report.get("warnings", [])
    if r.returncode != 0 or len(warnings) != 1 or what not in warnings[0] or warnings[0] not in r.stderr:
        return fail(f"{name} --position {position}: expected a warning naming {what!r}: {report} {r.stderr!r}")
    # The warning is true: renders of the input show ink inside the rectangle the report gives.
    crop, rot = page_box(pdf)
    if not dark_in(render(pdf, "pdftoppm", work), display_box(report["rect"], crop, rot)):
        fail(f"{name} --position {position}: warned, but the input shows no ink there")
    print(f"ok {name} --position {position}: warned: {warnings[0]}")


def main():
    with tempfile.TemporaryDirectory() as work:
        pdfs = make_inputs(work)
        accepted("article", pdfs["article"], "auto:top-right", work)
        accepted("header", pdfs["header"], "auto:bottom-right", work)
        accepted("corners", pdfs["corners"], "auto:right-margin", work)
        accepted("rotated", pdfs["rotated"], "auto:top-right", work)
        accepted("cropped", pdfs["cropped"], "auto:top-right", work)
        # The arXiv-like side stamp: turned to read upwards, in the left margin.
        accepted("article-margin", pdfs["article"], "auto:left-margin-vertical", work, "--style", "margin")
        accepted("rotated-margin", pdfs["rotated"], "auto:left-margin-vertical", work, "--style", "margin")
        accepted("corners-any", pdfs["corners"], "auto:right-margin", work, "--style", "any")
        refused("full", pdfs["full"], work)
        cannot_tell("stalling", pdfs["stalling"], work)
        warned("article", pdfs["article"], "left", "text", work)
        # Without the QR code the badge is one line high: it covers the running header, not the title.
        warned("header", pdfs["header"], "top-right", "text", work, "--no-qr")
    if failures:
        print(f"{len(failures)} failure(s)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
