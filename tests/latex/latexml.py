#!/usr/bin/env python3
"""The badge in LaTeXML's HTML (what arXiv shows as the HTML version of a paper): every case
writes a paper with \\usepackage{pith}, the files `pith latex` wrote beside it (pith.sty,
pith-data.tex, pith.sty.ltxml), converts it with `latexmlc --dest=paper.html paper.tex`, and
checks the HTML with Python's html.parser:

  * the binding was loaded (LaTeXML's log names pith.sty.ltxml), and the log has no error or
    warning that the same paper without pith does not have (a baseline conversion), and none
    that names pith;
  * exactly one badge link (auto placement), href = the record page, text pith:XWMJ4DGY, a
    title that says what it is; in document order after the title, the authors and the dates,
    before the abstract; with `manual`, only where \\pithbadge stands;
  * the metadata: RDFa properties pith:number, pith:canonicalSha256, pith:recordUrl with the
    record's values, and the pith prefix declared on <html>;
  * with `qr`: an inline <svg> in the link whose path is exactly the data file's QR matrix, and
    which zbarimg decodes to the record page (rasterised here as a PBM image);
  * without a data file: number only, and no error;
  * when Debian's chromium is installed: the example paper's HTML rendered headless (1200x900)
    shows a QR code that zbarimg reads as the record page (skipped, and said so, without it).

Default: the example paper (examples/paper/paper.tex, with `qr`; also as HTML 4), the option cases on article,
and the classes article, amsart, revtex4-2, IEEEtran, acmart, llncs, elsarticle (the classes of
the PDF matrix, each with a LaTeXML binding), KOMA scrartcl and memoir (no LaTeXML binding:
converted through LaTeXML's generic fallback, which the baseline shares). PITH_LATEXML_MATRIX=full
adds every class in the PDF matrix's variants (hyperref before pith, with `qr`; hyperref after
pith; hyperxmp; \\DocumentMetadata) and in two-column mode. PITH_LATEXML_JOBS sets the
parallelism (default 2), PITH_LATEXML_KEEP=1 keeps the work directory. Exit 77 (CTest: skipped)
only when latexmlc is missing.
"""
import concurrent.futures
import html.parser
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from matrix import ABSTRACT, NUMBER, TITLE, CLASS_DOCS as PDF_CLASS_DOCS  # noqa: E402  (one table of classes)

PITH = os.environ.get("PITH", "pith")
SRC = os.environ.get("PITH_SOURCE_DIR", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
RECORD = os.path.join(SRC, "examples", "records", "seed-XWMJ4DGY.json")
EXAMPLE = os.path.join(SRC, "examples", "paper", "paper.tex")
SHORT = "pith:XWMJ4DGY"
URL = "https://pith.science/pith/XWMJ4DGYPGPNYY3GAECCTV6HU5"
HASH = "bd989e0cd8799edc6366010429d7c7a758545564158fe39c550c86614cda20f9"
NS = "https://pith.science/ns/pith/1.0/"
TIMEOUT = int(os.environ.get("PITH_LATEXML_TIMEOUT", "120"))

BODY = "\\section{Introduction}\n" + ("Text of the paper. " * 25 + "\n\n") * 2

# Each class: (documentclass line, preamble title block, body start): the PDF matrix's classes,
# and two more whose LaTeXML bindings differ.
CLASS_DOCS = {
    **PDF_CLASS_DOCS,
    "scrartcl": ("\\documentclass{scrartcl}",
                 "\\title{@TITLE@}\\author{A. Author}\\date{May 2026}",
                 "\\maketitle\n\\begin{abstract}%s\\end{abstract}" % ABSTRACT),
    "memoir": ("\\documentclass{memoir}",
               "\\title{@TITLE@}\\author{A. Author}\\date{May 2026}",
               "\\maketitle\n\\begin{abstract}%s\\end{abstract}" % ABSTRACT),
}
CLASSES = ["article", "amsart", "revtex", "ieeetran", "acmart", "llncs", "elsarticle", "scrartcl", "memoir"]


def class_document(cls, with_pith, options="", variant="", extra_body=""):
    """variant: "" or the PDF matrix's hyperref-before, hyperref-after, hyperxmp, docmeta, or
    twocolumn."""
    docclass, preamble, start = (part.replace("@TITLE@", TITLE) for part in CLASS_DOCS[cls])
    if variant == "twocolumn":
        docclass = docclass.replace("\\documentclass", "\\documentclass[twocolumn]", 1).replace("][", ",", 1)
    lines = ["\\DocumentMetadata{pdfversion=1.7}"] if variant == "docmeta" else []
    lines.append(docclass)
    pith = ["\\usepackage%s{pith}" % ("[%s]" % options if options else ""), "\\pithnumber{%s}" % NUMBER] \
        if with_pith else []
    if variant == "hyperref-before":
        lines += ["\\usepackage{hyperref}"] + pith
    elif variant == "hyperref-after":
        lines += pith + ["\\usepackage{hyperref}"]
    elif variant == "hyperxmp":
        lines += ["\\usepackage{hyperref}", "\\usepackage{hyperxmp}"] + pith
    else:
        lines += pith
    lines += [preamble, "\\begin{document}", start, extra_body, BODY, "\\end{document}"]
    return "\n".join(l for l in lines if l) + "\n"


def example_document(with_pith):
    with open(EXAMPLE, encoding="utf-8") as f:
        text = f.read()
    if not with_pith:
        text = "".join(l for l in text.splitlines(True) if "pith" not in l or l.startswith("%"))
    return text


# ---------------------------------------------------------------------------------------
# The HTML, as a flat list of start tags in document order (with the text of each <a>).
class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []      # (index, tag, attrs dict)
        self.links = []         # [attrs, text, index, svg element indices]
        self.html_attrs = {}
        self._open_links = []
        self._in_svg = 0
        self.svgs = []          # (index, attrs, [path d...], inside link index or None)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        idx = len(self.elements)
        self.elements.append((idx, tag, a))
        if tag == "html":
            self.html_attrs = a
        elif tag == "a":
            link = [a, "", idx, []]
            self.links.append(link)
            self._open_links.append(link)
        elif tag == "svg":
            self._in_svg += 1
            self.svgs.append([idx, a, [], self._open_links[-1][2] if self._open_links else None])
        elif tag == "path" and self._in_svg and self.svgs:
            self.svgs[-1][2].append(a.get("d", ""))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in ("a", "svg"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag == "a" and self._open_links:
            self._open_links.pop()
        elif tag == "svg" and self._in_svg:
            self._in_svg -= 1

    def handle_data(self, data):
        if self._open_links and not self._in_svg:
            self._open_links[-1][1] += data

    def first(self, pred):
        for idx, tag, a in self.elements:
            if pred(tag, a):
                return idx
        return None

    def last(self, pred):
        found = None
        for idx, tag, a in self.elements:
            if pred(tag, a):
                found = idx
        return found


def has_class(a, name):
    return name in (a.get("class") or "").split()


def parse(path):
    page = Page()
    with open(path, encoding="utf-8") as f:
        page.feed(f.read())
    page.close()
    return page


# ---------------------------------------------------------------------------------------
# LaTeXML's log: messages start with Warning:, Error: or Fatal: at the start of a line.
MESSAGE = re.compile(r"^(Warning|Error|Fatal):(\S+)\s*(.*)$", re.M)


def messages(log):
    found = set()
    for kind, what, text in MESSAGE.findall(log):
        text = re.sub(r"\s+at .*$", "", text)
        text = re.sub(r"/tmp/LaTeXML\w+", "<tmp>", text)  # LaTeXML's scratch directories
        found.add("%s:%s %s" % (kind, what, text.strip()))
    return found


def latexmlc(cwd, args=()):
    start = time.time()
    try:
        p = subprocess.run(["latexmlc", "--dest=paper.html", "--nodefaultresources", "--timeout=%d" % TIMEOUT,
                            *args, "paper.tex"], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=TIMEOUT + 30)
        return p.returncode, p.stdout.decode("utf-8", "replace"), time.time() - start
    except subprocess.TimeoutExpired:
        return -1, "timeout after %ds" % TIMEOUT, time.time() - start


# The QR matrix of the data file (\PithDataQr), and the one the SVG path draws.
def data_qr(work):
    with open(os.path.join(work, "files", "pith-data.tex"), encoding="ascii") as f:
        m = re.search(r"^\\PithDataQr\{(\d+)\}\{([0-9.,]+)\}$", f.read(), re.M)
    size, rows = int(m.group(1)), m.group(2).split(",")
    dark = set()
    for y, row in enumerate(rows):
        x, on = 0, False
        for run in row.split("."):
            run = int(run)
            if on:
                dark.update((x + i, y) for i in range(run))
            x += run
            on = not on
    return size, dark


def svg_qr(paths):
    dark = set()
    for d in paths:
        for x, y, w in re.findall(r"M(-?\d+) (-?\d+)h(\d+)v1h-\d+z", d):
            dark.update((int(x) + i, int(y)) for i in range(int(w)))
    return dark


def zbar_decode(size, dark, work):
    """Rasterises the module set as a PBM (4 px per module, 4 modules of quiet zone) and
    returns what zbarimg reads from it, or None when zbarimg is not installed."""
    if not shutil.which("zbarimg"):
        return None
    scale, quiet = 4, 4
    n = (size + 2 * quiet) * scale
    rows = []
    for py in range(n):
        y = py // scale - quiet
        rows.append(" ".join("1" if ((px // scale - quiet, y) in dark) else "0" for px in range(n)))
    pbm = os.path.join(work, "qr.pbm")
    with open(pbm, "w") as f:
        f.write("P1\n%d %d\n%s\n" % (n, n, "\n".join(rows)))
    p = subprocess.run(["zbarimg", "--raw", "-q", pbm], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    return p.stdout.decode().strip()


def screenshot(html_file, case):
    """Renders the page in headless Chromium and reads the QR code off the picture."""
    chromium = shutil.which("chromium")
    if not chromium:
        case["note"] = "no chromium: page not rendered"
        return []
    png = os.path.join(os.path.dirname(html_file), "screenshot.png")
    profile = tempfile.mkdtemp(prefix="pith-chromium-")
    try:
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        "--user-data-dir=" + profile, "--screenshot=" + png, "--window-size=1200,900",
                        "file://" + os.path.abspath(html_file)],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
    except subprocess.TimeoutExpired:
        return ["chromium timed out"]
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    if not os.path.exists(png):
        return ["chromium wrote no screenshot"]
    if not shutil.which("zbarimg"):
        case["note"] = "rendered; no zbarimg to read it"
        return []
    p = subprocess.run(["zbarimg", "--raw", "-q", png], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    read = p.stdout.decode().split()
    case["note"] = "rendered by chromium, QR code read back"
    return [] if read == [URL] else ["zbarimg reads %r from the rendered page, expected the record page" % read]


# ---------------------------------------------------------------------------------------
def check_html(page, case, work, failures):
    badges = [l for l in page.links if has_class(l[0], "pith_badge")]
    want = case.get("badges", 1)
    if len(badges) != want:
        failures.append("%d badge links, expected %d" % (len(badges), want))
    record_links = [l for l in page.links if l[0].get("href") == case.get("url", URL)]
    if len(record_links) != want:
        failures.append("%d links to %s, expected %d" % (len(record_links), case.get("url", URL), want))
    for attrs, text, idx, _ in badges:
        if attrs.get("href") != case.get("url", URL):
            failures.append("badge href %r" % attrs.get("href"))
        if " ".join(text.split()) != "Pith Number " + SHORT:
            failures.append("badge text %r, expected %r" % (" ".join(text.split()), "Pith Number " + SHORT))
        label = attrs.get("title", "")
        if not (label.startswith("Pith Number ") and case.get("number", NUMBER) in label and "record" in label):
            failures.append("badge title (accessible description) %r" % label)
        if case.get("badges", 1) and case.get("placement", "title") == "title":
            title = page.first(lambda t, a: t == "h1" and has_class(a, "ltx_title_document"))
            authors = page.first(lambda t, a: has_class(a, "ltx_authors"))
            dates = page.first(lambda t, a: has_class(a, "ltx_dates"))
            abstract = page.first(lambda t, a: has_class(a, "ltx_abstract"))
            if title is None or authors is None:
                failures.append("no title or no authors in the HTML (title %s, authors %s)" % (title, authors))
            last_of_title = max(i for i in (title, authors, dates) if i is not None) if title is not None else -1
            # The title block's own elements end before the badge: nothing of it may follow.
            after_block = page.last(lambda t, a: has_class(a, "ltx_authors") or has_class(a, "ltx_dates")
                                    or has_class(a, "ltx_creator") or has_class(a, "ltx_personname"))
            if not (idx > last_of_title and (after_block is None or idx > after_block)):
                failures.append("badge (element %d) not after the title block (title %s, authors %s, dates %s)"
                                % (idx, title, authors, dates))
            if abstract is None:
                failures.append("no abstract in the HTML")
            elif idx > abstract:
                failures.append("badge (element %d) after the abstract (element %d)" % (idx, abstract))
        if case.get("placement") == "manual":
            marker = page.first(lambda t, a: has_class(a, "ltx_section"))
            if marker is None or idx < marker:
                failures.append("manual badge (element %d) not in the section where \\pithbadge is (%s)" % (idx, marker))
        # The mark (docs/BADGE.md): a block-letter P, one rectangle per run of cells, in every badge.
        marks = [s for s in page.svgs if s[3] == idx and has_class(s[1], "pith_badge_mark")]
        if len(marks) != 1 or (marks[0][1].get("viewbox") or marks[0][1].get("viewBox")) != "0 0 5 5":
            failures.append("%d marks (<svg class=pith_badge_mark viewBox='0 0 5 5'>) in the badge, expected 1" % len(marks))
        elif "".join(marks[0][2]) != "M0 0h4v1h-4zM0 1h1v1h-1zM4 1h1v1h-1zM0 2h4v1h-4zM0 3h1v1h-1zM0 4h1v1h-1z":
            failures.append("the mark's cells %r are not the P of docs/BADGE.md" % marks[0][2])
        svgs = [s for s in page.svgs if s[3] == idx and has_class(s[1], "pith_badge_qr")]
        if case.get("qr"):
            if len(svgs) != 1:
                failures.append("%d <svg> in the badge link, expected 1 (qr)" % len(svgs))
            else:
                size, dark = data_qr(work)
                drawn = svg_qr(svgs[0][2])
                if drawn != dark:
                    failures.append("the SVG's QR modules differ from the data file's (%d vs %d dark)" % (len(drawn), len(dark)))
                decoded = zbar_decode(size, drawn, work)
                if decoded is not None and decoded != URL:
                    failures.append("zbarimg reads %r from the SVG's QR code" % decoded)
                vb = svgs[0][1].get("viewbox") or svgs[0][1].get("viewBox")
                if vb != "-2 -2 %d %d" % (size + 4, size + 4):
                    failures.append("QR viewBox %r" % vb)
                # Default: pith.sty's 2pt module (TeX points) in CSS points, quiet zone included.
                want = case.get("qrsize", "%.2fpt" % ((size + 4) * 2 * 72 / 72.27))
                if (svgs[0][1].get("width"), svgs[0][1].get("height")) != (want, want):
                    failures.append("QR size %r x %r, expected %s (qrsize)"
                                    % (svgs[0][1].get("width"), svgs[0][1].get("height"), want))
        elif svgs:
            failures.append("an <svg> in the badge without qr")
    # Metadata.
    props = {}
    for _, tag, a in page.elements:
        if "property" in a:
            props.setdefault(a["property"], []).append(a.get("content"))
    want_props = case.get("metadata", {"pith:number": NUMBER, "pith:canonicalSha256": HASH, "pith:recordUrl": URL})
    got = {k: v for k, v in props.items() if k.startswith("pith:")}
    if got != {k: [v] for k, v in want_props.items()}:
        failures.append("metadata %r, expected %r" % (got, want_props))
    if want_props and ("pith: " + NS) not in (page.html_attrs.get("prefix") or ""):
        failures.append("<html prefix=%r> does not declare pith: %s" % (page.html_attrs.get("prefix"), NS))


def run_case(work, case):
    name = case["name"]
    start = time.time()
    failures = []
    base_dir = os.path.join(work, name + "-base")
    cell_dir = os.path.join(work, name)
    for d, text in ((base_dir, case["baseline"]), (cell_dir, case["document"])):
        os.makedirs(d)
        with open(os.path.join(d, "paper.tex"), "w", encoding="utf-8") as f:
            f.write(text)
    for fname in case.get("files", ["pith.sty", "pith-data.tex", "pith.sty.ltxml"]):
        shutil.copy(os.path.join(work, "files", fname), cell_dir)
    rc_base, base_log, _ = latexmlc(base_dir, case.get("args", ()))
    rc, log, seconds = latexmlc(cell_dir, case.get("args", ()))
    if rc != 0:
        failures.append("latexmlc exited %d (baseline %d): %s" % (rc, rc_base, log.strip().splitlines()[-1:] if log else ""))
    if "pith.sty.ltxml" not in log:
        failures.append("LaTeXML did not load pith.sty.ltxml")
    extra = sorted(messages(log) - messages(base_log))
    failures += ["log: " + m for m in extra]
    failures += ["log names pith: " + m for m in sorted(messages(log)) if "pith" in m.lower() and m not in extra]
    html_file = os.path.join(cell_dir, "paper.html")
    if os.path.exists(html_file):
        page = parse(html_file)
        base_page = parse(os.path.join(base_dir, "paper.html")) if os.path.exists(os.path.join(base_dir, "paper.html")) else None
        errors = sum(1 for _, t, a in page.elements if has_class(a, "ltx_ERROR"))
        base_errors = sum(1 for _, t, a in base_page.elements if has_class(a, "ltx_ERROR")) if base_page else 0
        if errors != base_errors:
            failures.append("%d ltx_ERROR elements in the HTML, %d without pith" % (errors, base_errors))
        check_html(page, case, work, failures)
        if case.get("screenshot"):
            failures += screenshot(html_file, case)
    else:
        failures.append("no paper.html")
    return name, failures, seconds, time.time() - start


def cases(full):
    out = [{"name": "example-paper", "document": example_document(True), "baseline": example_document(False),
            "qr": True, "screenshot": True},
           # HTML 4 has no SVG pictures: LaTeXML renders each ltx:picture through LaTeX, and math as images.
           {"name": "example-paper-html4", "document": example_document(True), "baseline": example_document(False),
            "qr": True, "args": ["--format=html4"]}]
    classes = CLASSES
    for cls in classes:
        out.append({"name": cls, "document": class_document(cls, True), "baseline": class_document(cls, False)})
    if full:
        for cls in classes:
            for variant in ("hyperref-before", "hyperref-after", "hyperxmp", "docmeta", "twocolumn"):
                if variant == "twocolumn" and cls in ("revtex", "ieeetran", "acmart", "elsarticle"):
                    continue  # these set their own columns
                qr = variant == "hyperref-before"
                out.append({"name": "%s-%s%s" % (cls, variant, "-qr" if qr else ""),
                            "document": class_document(cls, True, "qr" if qr else "", variant),
                            "baseline": class_document(cls, False, variant=variant), "qr": qr})
    base = class_document("article", False)
    manual_body = "\\section{Where the badge goes}\nThe record: \\pithbadge.\n"
    out += [
        {"name": "option-manual", "document": class_document("article", True, "manual", extra_body=manual_body),
         "baseline": class_document("article", False, extra_body=manual_body.replace("\\pithbadge", "")),
         "placement": "manual"},
        {"name": "option-manual-unplaced", "document": class_document("article", True, "placement=manual"),
         "baseline": base, "badges": 0, "expect_warning": True},
        {"name": "option-style-filled-qrsize", "document": class_document("article", True, "style=filled,qr,qrsize=40bp"),
         "baseline": base, "qr": True, "qrsize": "40pt"},
        {"name": "option-metadata-false", "document": class_document("article", True, "metadata=false,style=plain"),
         "baseline": base, "metadata": {}},
        {"name": "no-data-file", "document": class_document("article", True, "qr"), "baseline": base,
         "files": ["pith.sty", "pith.sty.ltxml"], "metadata": {"pith:number": NUMBER}},
    ]
    return out


def main():
    if not shutil.which("latexmlc"):
        print("latexmlc not installed (packaging/install-deps.sh installs latexml): skipped")
        return 77
    full = os.environ.get("PITH_LATEXML_MATRIX", "") == "full"
    todo = cases(full)
    if len(sys.argv) > 1:
        todo = [c for c in todo if any(a in c["name"] for a in sys.argv[1:])]
    work = tempfile.mkdtemp(prefix="pith-latexml-")
    files = os.path.join(work, "files")
    p = subprocess.run([PITH, "latex", RECORD, "-o", files], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if p.returncode != 0:
        print("pith latex failed (%d): %s" % (p.returncode, p.stdout.decode()))
        return 1
    for fname in ("pith.sty", "pith-data.tex", "pith.sty.ltxml"):
        if not os.path.exists(os.path.join(files, fname)):
            print("pith latex did not write %s" % fname)
            return 1
    jobs = int(os.environ.get("PITH_LATEXML_JOBS", "2"))
    start = time.time()
    bad = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(run_case, work, c): c for c in todo}
        for fut in concurrent.futures.as_completed(futures):
            case = futures[fut]
            try:
                name, failures, seconds, total = fut.result()
            except Exception as e:  # a check that could not run is a failure, not a crash
                name, failures, seconds, total = case["name"], ["check raised %r" % e], 0.0, 0.0
            if case.get("expect_warning"):
                # manual without \pithbadge: the one warning pith gives, as pith.sty does.
                want = [f for f in failures if "Warning:expected:\\pithbadge" in f]
                failures = [f for f in failures if f not in want]
                if len(want) != 1:
                    failures.append("%d warnings that the badge was not placed, expected 1" % len(want))
            print("%-4s %-32s latexmlc %5.1fs (case %5.1fs)%s" % ("ok" if not failures else "FAIL", name, seconds, total,
                                                                  ("  [%s]" % case["note"]) if case.get("note") else ""),
                  flush=True)
            for f in failures:
                print("       " + f, flush=True)
            bad += bool(failures)
    print("%d cases (%s), %d failed, %.0fs wall" % (len(todo), "full" if full else "default", bad, time.time() - start))
    if os.environ.get("PITH_LATEXML_KEEP") or bad:
        print("work directory: " + work)
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
