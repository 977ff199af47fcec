#!/usr/bin/env python3
"""The LaTeX matrix: engine x class x variant. Every cell compiles a small paper with
\\usepackage{pith} and the data file `pith latex` wrote, then checks it with independent readers:

  * every run exits 0 with -interaction=batchmode -no-shell-escape (and dvips/ps2pdf/dvipdfmx);
  * no error in the log, and no warning that the same paper without pith does not produce;
  * the badge text pith:XWMJ4DGY on page 1 (pdftotext), after "Pith Number" on its line, in a
    bold face, at 7pt or more (mutool); with `qr', the code decodes at 96 dpi (zbarimg) and
    the paper has as many pages as without pith;
  * a /Link annotation on page 1 whose URI is the record page (qpdf --json), its /Rect covering
    the label's words (pdftotext -bbox);
  * the canonical hash in the XMP (exiftool), in exactly one uncompressed XMP packet that the
    catalog references, also after a full rewrite by qpdf (what arXiv's stamping does);
  * `pith verify` accepts the PDF (exit 0).

Default: a reduced matrix that still covers every engine, every class and every variant, and
every (class, variant) pair. PITH_LATEX_MATRIX=full runs every cell. PITH_LATEX_JOBS sets the
parallelism (default 2). PITH_LATEX_KEEP=1 keeps the work directory.
"""
import concurrent.futures
import functools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zlib

PITH = os.environ.get("PITH", "pith")
DATA = os.environ.get("PITH_TEST_DATA_DIR", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data"))
RECORD = os.path.join(DATA, "seeds", "000_ad86baa9ca31c0d5.txt")
NUMBER = "pith:2026:XWMJ4DGYPGPNYY3GAECCTV6HU5"
SHORT = "pith:XWMJ4DGY"
URL = "https://pith.science/pith/XWMJ4DGYPGPNYY3GAECCTV6HU5"
# The record's paper title: pith verify checks the PDF's title against title_canon_sha256.
TITLE = "On the Expressive Power of Weight Quantization in Large Language Models"
HASH = "bd989e0cd8799edc6366010429d7c7a758545564158fe39c550c86614cda20f9"

ENGINES = ["pdflatex", "dvips", "xelatex", "lualatex", "dvipdfmx"]
CLASSES = ["article", "amsart", "revtex", "ieeetran", "acmart", "llncs", "elsarticle"]
VARIANTS = ["nohyperref", "hyperref-before", "hyperref-after", "hyperxmp", "docmeta"]

ABSTRACT = "We study badges. " * 6
BODY = "\\section{Introduction}\n" + ("Text of the paper. " * 25 + "\n\n") * 2

# Each class: (documentclass line, preamble title block, body start). The title commands
# differ per class; all end in \maketitle.
CLASS_DOCS = {
    "article": ("\\documentclass{article}",
                "\\title{@TITLE@}\\author{A. Author}",
                "\\maketitle\n\\begin{abstract}%s\\end{abstract}" % ABSTRACT),
    "amsart": ("\\documentclass{amsart}",
               "\\title{@TITLE@}\\author{A. Author}",
               "\\begin{abstract}%s\\end{abstract}\n\\maketitle" % ABSTRACT),
    "revtex": ("\\documentclass[aps,twocolumn]{revtex4-2}", "",
               "\\title{@TITLE@}\\author{A. Author}\\affiliation{University}\n"
               "\\begin{abstract}%s\\end{abstract}\n\\maketitle" % ABSTRACT),
    "ieeetran": ("\\documentclass[conference]{IEEEtran}",
                 "\\title{@TITLE@}\\author{\\IEEEauthorblockN{A. Author}\\IEEEauthorblockA{University}}",
                 "\\maketitle\n\\begin{abstract}%s\\end{abstract}" % ABSTRACT),
    "acmart": ("\\documentclass[sigconf]{acmart}",
               "\\title{@TITLE@}\\author{A. Author}"
               "\\affiliation{\\institution{University}\\city{City}\\country{Country}}",
               "\\begin{abstract}%s\\end{abstract}\n\\maketitle" % ABSTRACT),
    "llncs": ("\\documentclass{llncs}",
              "\\title{@TITLE@}\\author{A. Author}\\institute{University}",
              "\\maketitle\n\\begin{abstract}%s\\end{abstract}" % ABSTRACT),
    "elsarticle": ("\\documentclass{elsarticle}", "",
                   "\\begin{frontmatter}\\title{@TITLE@}\\author{A. Author}\\address{University}\n"
                   "\\begin{abstract}%s\\end{abstract}\\end{frontmatter}" % ABSTRACT),
}


# Layouts beyond the matrix's classes, one cell each by default: two-column layouts whose
# title is set full width, title pages, KOMA-Script's \maketitle[-1], beamer. Each: (class
# line, preamble title block, body start, body). `@BODY@` is the common body.
REPORT_BODY = "\\chapter{Introduction}\n" + ("Text of the paper. " * 25 + "\n\n") * 2
LAYOUT_DOCS = {
    "article-twocolumn": ("\\documentclass[twocolumn]{article}", CLASS_DOCS["article"][1], CLASS_DOCS["article"][2], BODY),
    "elsarticle-5p": ("\\documentclass[5p]{elsarticle}", "", CLASS_DOCS["elsarticle"][2], BODY),
    "elsarticle-3p-twocolumn": ("\\documentclass[3p,twocolumn]{elsarticle}", "", CLASS_DOCS["elsarticle"][2], BODY),
    "mnras": ("\\documentclass{mnras}", "\\title{@TITLE@}\\author{A. Author\\\\University}\\date{}",
              "\\maketitle\n\\begin{abstract}%s\\end{abstract}\n\\begin{keywords}badges -- numbers\\end{keywords}" % ABSTRACT, BODY),
    "report": ("\\documentclass{report}", CLASS_DOCS["article"][1], CLASS_DOCS["article"][2], REPORT_BODY),
    "scrreprt": ("\\documentclass{scrreprt}", CLASS_DOCS["article"][1], CLASS_DOCS["article"][2], REPORT_BODY),
    "article-titlepage": ("\\documentclass[titlepage]{article}", CLASS_DOCS["article"][1], CLASS_DOCS["article"][2], BODY),
    "scrartcl-titlepage": ("\\documentclass[titlepage=true]{scrartcl}", CLASS_DOCS["article"][1], CLASS_DOCS["article"][2], BODY),
    "book": ("\\documentclass{book}", CLASS_DOCS["article"][1], "\\maketitle", REPORT_BODY),
    "amsbook": ("\\documentclass{amsbook}", CLASS_DOCS["article"][1], "\\begin{abstract}%s\\end{abstract}\n\\maketitle" % ABSTRACT, REPORT_BODY),
    # \maketitle[-1]: KOMA-Script's optional argument (the page number of the title page).
    "scrartcl-maketitle-opt": ("\\documentclass{scrartcl}", CLASS_DOCS["article"][1],
                               "\\maketitle[-1]\n\\begin{abstract}%s\\end{abstract}" % ABSTRACT, BODY),
    # The chapters in files of their own, through \include (each starts a page of its own).
    "report-include": ("\\documentclass{report}", CLASS_DOCS["article"][1], CLASS_DOCS["article"][2], "\\include{chapter1}\n"),
    "beamer": ("\\documentclass{beamer}", CLASS_DOCS["article"][1], "\\maketitle",
               "\\begin{frame}{Introduction}Text of the slides.\\end{frame}\n"),
}
# Where the badge must be, besides page 1 and the page count: below the title and authors,
# above the abstract when the abstract is on page 1, and centred on the page (full width) in
# two-column layouts.
TWO_COLUMN = {"revtex", "ieeetran", "acmart", "article-twocolumn", "elsarticle-5p", "elsarticle-3p-twocolumn", "mnras"}
FLUSH_LEFT = {"mnras"}
LAYOUTS = list(LAYOUT_DOCS)

# Variants of the article beyond the matrix's: PDF/A with pdfx (it includes its XMP template
# through xmpincl), xmpincl itself, hyperref's draft mode, Greek as the main language under
# pdfLaTeX (LGR), and \DocumentMetadata with PDF/A-2b and no hyperref; xmpincl's \includexmp in
# the document body rather than the preamble (pdfTeX: xmpincl has no LuaTeX code). And the kernel's dvisvgm backend, for which pith
# has no link code: the badge is drawn unlinked and a warning names the backend (a DVI-only
# cell: no PDF to check). (engine, variant).
ARTICLE_VARIANTS = [("pdflatex", "pdfx-a1b"), ("pdflatex", "pdfx-a2b"), ("pdflatex", "xmpincl"), ("pdflatex", "xmpincl-body"),
                    ("pdflatex", "hyperref-draft"), ("pdflatex", "greek"), ("pdflatex", "docmeta-a2b"),
                    ("dvisvgm", "nohyperref")]
XMPDATA = "\\Title{@TITLE@}\n\\Author{A. Author}\n"
XMP_FILE = """<?xpacket begin='' id='W5M0MpCehiHzreSzNTczkc9d'?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">CC BY 4.0</rdf:li></rdf:Alt></dc:rights>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end='w'?>
"""
# What a variant adds to the expected result: a warning pith must give, no link on page 1,
# another packet's property that the one XMP packet must still hold (exiftool tag: value).
EXPECT = {
    "dvisvgm": {"warning": "Package pith Warning: The badge is not linked: no link support for backend `dvisvgm'.",
                "link": False},
    "hyperref-draft": {"warning": "Package pith Warning: The badge is not linked: hyperref's `draft' option turns links off.",
                       "link": False},
    "pdfx-a1b": {"xmp": {"Part": 1, "Conformance": "B"}},
    "pdfx-a2b": {"xmp": {"Part": 2, "Conformance": "B"}},
    "xmpincl": {"xmp": {"Rights": "CC BY 4.0"}},
    "xmpincl-body": {"xmp": {"Rights": "CC BY 4.0"}},
    "docmeta-a2b": {"xmp": {"Part": 2, "Conformance": "B"}, "link_flags": 4},
    "qr": {"qr": True},
}
# The `qr' badge in each class of the matrix: as many pages as without pith (the title block
# keeps to its page), and the code decodes on a screen (zbarimg, page 1 rendered at 96 dpi).
QR_CELLS = [(ENGINES[i % len(ENGINES)], cls, "qr") for i, cls in enumerate(CLASSES)]


def supported(engine, cls, variant):
    """Cells that cannot work without pith either are left out (the baseline shows why)."""
    # acmart loads hyperxmp itself, which TeX Live 2022's PDF management does not support
    # (the paper fails without pith); TeX Live 2025's does, and the cell runs there.
    if variant == "docmeta" and cls == "acmart" and texlive_year() < 2025:
        return False
    # hyperxmp 5.9 cannot parse elsarticle's \author (errors without pith too).
    if variant == "hyperxmp" and cls == "elsarticle":
        return False
    # hyperxmp + IEEEtran exhausts TeX's parameter stack on every engine (without pith too:
    # hyperxmp cannot digest \IEEEauthorblockN).
    if variant == "hyperxmp" and cls == "ieeetran":
        return False
    return True


def document(engine, cls, variant, with_pith):
    if cls in LAYOUT_DOCS:
        docclass, preamble, start, body = (part.replace("@TITLE@", TITLE) for part in LAYOUT_DOCS[cls])
    else:
        docclass, preamble, start = (part.replace("@TITLE@", TITLE) for part in CLASS_DOCS[cls])
        body = BODY
    lines = []
    if variant == "docmeta":
        backend = {"dvips": ",backend=dvips", "dvipdfmx": ",backend=dvipdfmx"}.get(engine, "")
        lines.append("\\DocumentMetadata{pdfversion=1.7%s}" % backend)
    if variant == "docmeta-a2b":
        lines.append("\\DocumentMetadata{pdfstandard=A-2b}")
    if engine in ("dvipdfmx", "dvisvgm") and variant != "docmeta":
        # How a DVI paper for dvipdfmx tells the kernel and hyperref which driver to use.
        docclass = docclass.replace("\\documentclass", "\\documentclass[%s]" % engine, 1).replace("][", ",", 1)
    lines.append(docclass)
    pith = "\\usepackage{pith}\n\\pithnumber{%s}" % NUMBER if with_pith else ""
    if variant == "hyperref-before":
        lines += ["\\usepackage{hyperref}", pith]
    elif variant == "hyperref-after":
        lines += [pith, "\\usepackage{hyperref}"]
    elif variant == "hyperxmp":
        lines += ["\\usepackage{hyperref}", "\\usepackage{hyperxmp}", pith]
    elif variant == "hyperref-draft":
        lines += ["\\usepackage[draft]{hyperref}", pith]
    elif variant in ("pdfx-a1b", "pdfx-a2b"):
        # pith before pdfx: pdfx writes its XMP packet while it is loaded.
        lines += [pith, "\\usepackage[%s]{pdfx}" % variant[5:].replace("a", "a-", 1)]
    elif variant == "xmpincl":
        lines += ["\\usepackage{xmpincl}", pith, "\\includexmp{rights}"]
    elif variant == "xmpincl-body":
        lines += ["\\usepackage{xmpincl}", pith]
        start = "\\includexmp{rights}\n" + start
    elif variant == "qr":
        lines.append(pith.replace("\\usepackage{pith}", "\\usepackage[qr]{pith}"))
    elif variant == "greek":
        lines += ["\\usepackage[LGR,T1]{fontenc}", "\\usepackage[english,greek]{babel}", pith]
        preamble = preamble.replace(TITLE, "\\textlatin{%s}" % TITLE).replace("{A. Author}", "{\\textlatin{A. Author}}")
        body = body.replace("Text of the paper.", "Κείμενο του άρθρου.").replace("Introduction", "Εισαγωγή")
        start = start.replace("We study badges.", "\\textlatin{We study badges.}")
    else:
        lines.append(pith)
    lines += [preamble, "\\begin{document}", start, body, "\\end{document}"]
    return "\n".join(l for l in lines if l) + "\n"


def write_support_files(d, cls, variant):
    if variant.startswith("pdfx"):
        with open(os.path.join(d, "paper.xmpdata"), "w") as f:
            f.write(XMPDATA.replace("@TITLE@", TITLE))
    if cls == "report-include":
        with open(os.path.join(d, "chapter1.tex"), "w") as f:
            f.write(REPORT_BODY)
    if variant.startswith("xmpincl"):
        with open(os.path.join(d, "rights.xmp"), "w") as f:
            f.write(XMP_FILE)


# PITH_TEX_ROOT: a root directory (tests/latex/texlive2025-root.sh builds one with TeX Live
# 2025) in which the TeX engines, dvips, ps2pdf and dvipdfmx run; the work directory then lies
# in that root's /tmp, and every check still runs on the host.
TEX_ROOT = os.environ.get("PITH_TEX_ROOT", "")


def run(cmd, cwd, timeout=240):
    p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout)
    return p.returncode, p.stdout.decode("utf-8", "replace")


def run_tex(cmd, cwd, timeout=240):
    """A TeX-side command: on the host, or inside PITH_TEX_ROOT (cwd is a path in that root)."""
    if TEX_ROOT:
        inner = "/" + os.path.relpath(cwd, TEX_ROOT)
        # The root's own environment, not the host's: a host TMPDIR (the test suite's
        # build/test-tmp) does not exist in the root, and Ghostscript (ps2pdf) cannot start there.
        cmd = ["chroot", TEX_ROOT, "env", "-i", "-C", inner, "HOME=/tmp", "PATH=/usr/bin:/bin", "TMPDIR=/tmp"] + cmd
        cwd = None
    return run(cmd, cwd, timeout)


@functools.lru_cache(maxsize=None)
def texlive_year():
    """The TeX Live release of the engines that compile the cells (`pdftex --version':
    "pdfTeX ... (TeX Live 2025/dev/Debian)"), 0 when it does not say."""
    rc, out = run_tex(["pdftex", "--version"], TEX_ROOT or os.getcwd())
    m = re.search(r"\(TeX Live (\d{4})", out)
    return int(m.group(1)) if rc == 0 and m else 0


def compile_pdf(engine, cwd, runs):
    """Compiles paper.tex to paper.pdf; returns a list of failures."""
    tex = {"pdflatex": "pdflatex", "xelatex": "xelatex", "lualatex": "lualatex",
           "dvips": "latex", "dvipdfmx": "latex", "dvisvgm": "latex"}[engine]
    for i in range(runs):
        rc, _ = run_tex([tex, "-interaction=batchmode", "-no-shell-escape", "paper.tex"], cwd)
        if rc != 0:
            return ["%s run %d exited %d" % (tex, i + 1, rc)]
    if engine == "dvips":
        for cmd in (["dvips", "-R2", "-q", "paper.dvi", "-o", "paper.ps"], ["ps2pdf", "paper.ps", "paper.pdf"]):
            rc, out = run_tex(cmd, cwd)
            if rc != 0:
                return ["%s exited %d: %s" % (cmd[0], rc, out.strip()[:200])]
    elif engine == "dvipdfmx":
        rc, out = run_tex(["dvipdfmx", "-q", "paper.dvi"], cwd)
        if rc != 0:
            return ["dvipdfmx exited %d: %s" % (rc, out.strip()[:200])]
    return []


WARNING = re.compile(r"^(?:(?:LaTeX|Package|Class) .*Warning|Overfull|Underfull|Missing character).*$", re.M)


def warnings(log_text):
    found = set()
    for w in WARNING.findall(log_text):
        w = re.sub(r"\s*(on input line|at lines?) [\d-]+\.?", "", w)
        found.add(w.strip())
    return found


def errors(log_text):
    return [l for l in log_text.splitlines() if l.startswith("!")]


def qpdf_objects(pdf):
    """qpdf's JSON (v2): the page list and every object, keyed "N 0 R"; streams as their dict."""
    p = subprocess.run(["qpdf", "--json=2", "--json-key=qpdf", "--json-key=pages", pdf],
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=120)
    data = json.loads(p.stdout)
    objs = {}
    for key, v in data["qpdf"][1].items():
        if key.startswith("obj:"):
            objs[key[4:]] = v["stream"]["dict"] if "stream" in v else v.get("value")
    return data, objs


def catalog_metadata_keys(raw):
    """How many /Metadata keys the catalog dictionary holds, read from the bytes (readers
    that parse the file keep one of duplicate keys, so they cannot tell): the catalog is
    found in the file or in a decompressed object stream."""
    texts = [raw]
    for m in re.finditer(rb"/FlateDecode.{0,200}?stream\r?\n", raw, re.S):
        try:
            texts.append(zlib.decompressobj().decompress(raw[m.end():m.end() + 2000000]))
        except zlib.error:
            pass
    counts = []
    for text in texts:
        for m in re.finditer(rb"/Type\s*/Catalog\b", text):
            # The dictionary around /Type/Catalog: back to the `<<' no `>>' closes.
            i, depth, start = m.start(), 0, 0
            while i > 1:
                pair = text[i - 2:i]
                if pair == b">>":
                    depth += 1
                    i -= 2
                elif pair == b"<<":
                    if depth == 0:
                        start = i - 2
                        break
                    depth -= 1
                    i -= 2
                else:
                    i -= 1
            depth, i, keys = 0, start, 0
            while i < len(text):
                if text.startswith(b"<<", i):
                    depth += 1
                    i += 2
                elif text.startswith(b">>", i):
                    depth -= 1
                    i += 2
                    if depth == 0:
                        break
                else:
                    if depth == 1 and text.startswith(b"/Metadata", i) and not text[i + 9:i + 10].isalnum():
                        keys += 1
                    i += 1
            counts.append(keys)
    return max(counts) if counts else 0


def page1_links(data, objs):
    page1 = objs[data["pages"][0]["object"]]
    annots = page1.get("/Annots", [])
    if isinstance(annots, str):
        annots = objs.get(annots, [])
    links = []
    for ref in annots:
        a = objs.get(ref) if isinstance(ref, str) else ref
        if isinstance(a, dict) and a.get("/Subtype") == "/Link":
            action = a.get("/A")
            if isinstance(action, str):
                action = objs.get(action)
            if isinstance(action, dict):
                links.append((str(action.get("/URI", "")).replace("u:", "", 1), a.get("/F")))
    return links


def check_pdf(pdf, cwd, failures, after_rewrite=False, compressed_ok=False, expect=None):
    expect = expect or {}
    tag = " (after qpdf rewrite)" if after_rewrite else ""
    raw = open(pdf, "rb").read()
    data, objs = qpdf_objects(pdf)
    # Exactly one XMP packet: one /Type/Metadata stream, the one the catalog references,
    # and one /Metadata key in the catalog.
    meta = [k for k, v in objs.items() if isinstance(v, dict) and v.get("/Type") == "/Metadata"]
    if len(meta) != 1:
        failures.append("%d XMP metadata streams%s" % (len(meta), tag))
    keys = catalog_metadata_keys(raw)
    if keys != 1:
        failures.append("%d /Metadata keys in the catalog%s" % (keys, tag))
    # Ghostscript (ps2pdf) compresses every stream it writes, the XMP too: docs/LATEX.md.
    if not compressed_ok and b"canonicalSha256>" + HASH.encode() not in raw:
        failures.append("pith properties not in an uncompressed XMP stream%s" % tag)
    rc, out = run(["exiftool", "-j", "-XMP-pith:all", "-XMP-pdfaid:all", "-XMP-dc:Rights", pdf], cwd)
    try:
        info = json.loads(out)[0]
    except Exception:
        info = {}
    if info.get("CanonicalSha256") != HASH:
        failures.append("exiftool XMP-pith:CanonicalSha256 = %r%s" % (info.get("CanonicalSha256"), tag))
    # The other packet's properties are still there: pith joined it, did not replace it.
    for k, v in expect.get("xmp", {}).items():
        if info.get(k) != v:
            failures.append("exiftool XMP %s = %r, expected %r%s" % (k, info.get(k), v, tag))
    if after_rewrite:
        return
    links = page1_links(data, objs)
    uris = [u for u, _ in links]
    if expect.get("link", True):
        if URL not in uris:
            failures.append("no link to the record page on page 1 (links: %s)" % uris)
        flags = expect.get("link_flags")
        if flags is not None and any(f != flags for u, f in links if u == URL):
            failures.append("the badge's link has /F %s, expected %d" % ([f for u, f in links if u == URL], flags))
    elif URL in uris:
        failures.append("a link to the record page although links are off")
    rc, text = run(["pdftotext", "-f", "1", "-l", "1", pdf, "-"], cwd)
    if SHORT not in text:
        failures.append("badge text %s not on page 1" % SHORT)


def page_words(pdf, page):
    """Words of one page with their boxes (pdftotext -bbox), and the page's width."""
    p = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), pdf, "-"],
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=60)
    html = p.stdout.decode("utf-8", "replace")
    m = re.search(r'<page width="([\d.]+)" height="([\d.]+)"', html)
    words = [(w.group(5), float(w.group(1)), float(w.group(2)), float(w.group(3)), float(w.group(4)))
             for w in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', html)]
    return words, (float(m.group(1)) if m else 0.0)


def pages(pdf):
    p = subprocess.run(["pdfinfo", pdf], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=60)
    m = re.search(rb"^Pages:\s+(\d+)", p.stdout, re.M)
    return int(m.group(1)) if m else -1


def page1_pixels(pdf, dpi):
    """Page 1 rendered by pdftoppm at dpi: (width, height, RGB bytes), or None."""
    p = subprocess.run(["pdftoppm", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", pdf], stdout=subprocess.PIPE,
                       stderr=subprocess.DEVNULL, timeout=60)
    head = p.stdout.split(b"\n", 3)
    if len(head) < 4 or head[0] != b"P6":
        return None
    w, h = map(int, head[1].split())
    return w, h, head[3]


def is_accent(r, g, b):
    return g > r + 30 and b > r + 30  # teal: #005C6E, blended at the edges


def accent_left(pdf, y0, y1):
    """The leftmost pixel in the badge's accent colour (its frame) on the rows y0..y1 of page 1,
    rendered at 72 dpi (pdftoppm): pixels are points, as pdftotext's coordinates are."""
    page = page1_pixels(pdf, 72)
    if page is None:
        return None
    w, h, px = page
    found = None
    for y in range(max(0, int(y0)), min(h, int(y1) + 1)):
        row = px[y * w * 3:(y + 1) * w * 3]
        for x in range(w if found is None else found):
            if is_accent(*row[3 * x:3 * x + 3]):
                found = x
                break
    return found


def ink_gap(pdf, badge, heading, dpi=144):
    """The blank space, in pt, from the badge's lowest accent pixel (its frame) below its label
    to the first dark pixel of the heading: what a reader sees. Word boxes cannot tell it: their
    height is the font's ascender and descender as the PDF declares them, which for LuaTeX's
    OpenType fonts reaches some 6pt above the glyphs. None when either is not found."""
    page = page1_pixels(pdf, dpi)
    if page is None:
        return None
    w, h, px = page
    k = dpi / 72.0

    def rows(x0, x1, y0, y1, want):
        for y in range(max(0, int(y0 * k)), min(h, int(y1 * k) + 1)):
            row = px[y * w * 3:(y + 1) * w * 3]
            if any(want(*row[3 * x:3 * x + 3]) for x in range(max(0, int(x0 * k)), min(w, int(x1 * k) + 1))):
                yield y

    _, bx0, by0, bx1, by1 = badge
    _, hx0, hy0, hx1, hy1 = heading
    bottom = max(rows(bx0, bx1, (by0 + by1) / 2, hy1, is_accent), default=None)
    if bottom is None:
        return None
    top = next(rows(hx0, hx1, max(hy0, (bottom + 1) / k), hy1,
                    lambda r, g, b: max(r, g, b) < 128 and not is_accent(r, g, b)), None)
    return None if top is None else (top - bottom - 1) / k


def check_place(pdf, base_pdf, cls, failures):
    """The badge on page 1 in the title block: below the title and the authors, above the
    abstract (with room before its heading), centred on the page in two-column layouts;
    and the paper has as many pages as without pith."""
    # (A baseline that does not compile without pith, acmart under dvipdfmx with TeX Live
    # 2022's hyperxmp, has no page count to compare.)
    n, n_base = pages(pdf), pages(base_pdf) if os.path.exists(base_pdf) else None
    if n_base is not None and n != n_base:
        failures.append("%d pages, %d without pith" % (n, n_base))
    words, width = page_words(pdf, 1)
    badge = [w for w in words if w[0] == SHORT]
    if len(badge) != 1:
        failures.append("%d badges on page 1" % len(badge))
        return
    _, bx0, by0, bx1, by1 = badge[0]
    if cls == "scrartcl-maketitle-opt" and any("[-1]" in w[0] for w in words):
        failures.append("\\maketitle's optional argument [-1] printed on page 1")
    title = [w for w in words if w[0] in ("Expressive", "EXPRESSIVE")]
    author = [w for w in words if w[0] in ("Author", "AUTHOR", "Author1")]
    if not title or not author:
        failures.append("title or author not found on page 1")
        return
    above = max(title[0][4], author[0][4])
    if by0 < above:
        failures.append("badge (y %.0f) not below the title and authors (y %.0f)" % (by0, above))
    heading = [w for w in words if w[0].strip(".:").lower() in ("abstract", "badges")]
    below = [w for w in heading if w[2] > by0]
    above_badge = [w for w in heading if w[2] <= by0]
    if above_badge:
        failures.append("abstract above the badge (y %.0f < %.0f)" % (above_badge[0][2], by0))
    if below:
        # Measured on the rendered page, as a reader sees it: 6pt of blank space at least.
        gap = ink_gap(pdf, badge[0], below[0])
        if gap is None:
            failures.append("the badge's frame or the abstract heading not found on page 1 rendered")
        elif gap < 6:
            failures.append("badge %.1fpt from the abstract heading (under 6pt)" % gap)
    if cls in FLUSH_LEFT:
        # Under a title set flush left, the badge starts where the title starts.
        left = min(w[1] for w in words if abs(w[2] - title[0][2]) < 2)
        edge = accent_left(pdf, by0, by1)
        if edge is None or abs(edge - left) > 8:
            failures.append("badge at x %s, the flush-left title at x %.0f" % (edge, left))
    elif cls in TWO_COLUMN and abs((bx0 + bx1) / 2 - width / 2) > 0.1 * width:
        failures.append("badge not full width: centred at x %.0f on a %.0fpt page" % ((bx0 + bx1) / 2, width))


def check_label(pdf, cwd, failures):
    """The badge's label as docs/BADGE.md draws it, read by mutool: on one line the word
    "Pith Number", then the number in a bold face; both at 7pt or more."""
    rc, out = run(["mutool", "draw", "-F", "stext", "-o", "-", pdf, "1"], cwd)
    for line in re.split(r"<line ", out)[1:]:
        chars = []  # (character, font name, size)
        font, size = "", 0.0
        for m in re.finditer(r'<font name="([^"]*)" size="([\d.]+)"|<char [^>]*c="([^"]*)"', line):
            if m.group(1) is not None:
                font, size = m.group(1), float(m.group(2))
            else:
                chars.append((m.group(3).replace("&quot;", '"').replace("&amp;", "&"), font, size))
        text = "".join(c for c, _, _ in chars)
        at = text.find(SHORT)
        if at < 0:
            continue
        word = text.find("Pith Number")
        if word < 0 or word > at:
            failures.append("no \"Pith Number\" before %s on its line (%r)" % (SHORT, text))
        number = chars[at:at + len(SHORT)]
        # A bitmap (Type 3) font has only TeX's font number for a name (F50): then the number's
        # face must at least differ from the word's.
        word_font = chars[word][1] if word >= 0 else ""
        bitmap = re.match(r"^F\d+$", number[0][1]) and number[0][1] != word_font
        if not (re.search(r"(?i)bold|bx|sx|black|heavy", number[0][1]) or bitmap):
            failures.append("the number is set in %s, not a bold face" % number[0][1])
        small = min(size for _, _, size in chars[min(word, at) if word >= 0 else at:at + len(SHORT)])
        if small < 7:
            failures.append("the label is %.2fpt, under 7pt" % small)
        return
    failures.append("mutool found no line with %s on page 1" % SHORT)


def check_link_covers(pdf, failures, qr_side=0.0):
    """The record page's link covers the whole label (pdftotext's word boxes of "Pith", "Number"
    and the number inside the /Link's /Rect, read by qpdf; 1pt of tolerance), and with a QR code
    at least the code's height (qr_side, in bp): the whole badge, not the text alone."""
    data, objs = qpdf_objects(pdf)
    page1 = objs[data["pages"][0]["object"]]
    annots = page1.get("/Annots", [])
    if isinstance(annots, str):
        annots = objs.get(annots, [])
    rects = []
    for ref in annots:
        a = objs.get(ref) if isinstance(ref, str) else ref
        action = a.get("/A") if isinstance(a, dict) else None
        if isinstance(action, str):
            action = objs.get(action)
        if isinstance(action, dict) and str(action.get("/URI", "")).replace("u:", "", 1) == URL:
            rects.append([float(v) for v in a.get("/Rect", [])])
    words, _ = page_words(pdf, 1)
    number = [w for w in words if w[0] == SHORT]
    # The word left of the number on its line ("Number"), and the one left of that ("Pith").
    label = number[:1]
    for want in ("Number", "Pith"):
        left = [w for w in words if w[0] == want and label and abs(w[2] - label[0][2]) < 3 and w[3] <= label[-1][1]]
        label += sorted(left, key=lambda w: -w[3])[:1]
    # pdftotext's y runs down from the top of the page (the crop box): its height maps it to PDF's.
    p = subprocess.run(["pdfinfo", "-f", "1", "-l", "1", "-box", pdf], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=60)
    m = re.search(rb"^Page\s+1 CropBox:\s+([\d.-]+)\s+([\d.-]+)\s+([\d.-]+)\s+([\d.-]+)", p.stdout, re.M)
    if not rects or len(label) != 3 or not m:
        failures.append("no link or no label to compare (links %s, label %s)" % (rects, label))
        return
    top = float(m.group(4))
    x0, x1 = min(w[1] for w in label), max(w[3] for w in label)
    y0, y1 = top - max(w[4] for w in label), top - min(w[2] for w in label)  # PDF y, upwards
    # Vertically the line's middle: pdftotext's boxes of bitmap (Type 3) glyphs are taller
    # than the glyphs.
    ym = (y0 + y1) / 2
    for r in rects:
        rx0, rx1, ry0, ry1 = min(r[0], r[2]), max(r[0], r[2]), min(r[1], r[3]), max(r[1], r[3])
        if rx0 - 1 <= x0 and x1 <= rx1 + 1 and ry0 < ym < ry1 and ry1 - ry0 >= qr_side - 1:
            return
    failures.append("the link %s does not cover the label (%.1f %.1f %.1f %.1f) and %.1fbp of height (the QR code)"
                    % (rects, x0, y0, x1, y1, qr_side))


def check_qr(pdf, cwd, failures):
    """The QR code on page 1 decodes, at 96 dpi (a screen), to the record page."""
    png = os.path.join(cwd, "page1-96dpi")
    rc, out = run(["pdftoppm", "-r", "96", "-f", "1", "-l", "1", "-singlefile", "-png", pdf, png], cwd)
    p = subprocess.run(["zbarimg", "-q", "--raw", png + ".png"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=60)
    codes = p.stdout.decode("utf-8", "replace").split()
    if codes != [URL]:
        failures.append("QR codes decoded at 96 dpi: %s, expected [%s]" % (codes, URL))


def cell(work, engine, cls, variant):
    name = "%s-%s-%s" % (engine, cls, variant)
    start = time.time()
    failures = []
    expect = EXPECT.get(engine if engine == "dvisvgm" else variant, {})
    base_dir = os.path.join(work, name + "-base")
    cell_dir = os.path.join(work, name)
    for d, with_pith in ((base_dir, False), (cell_dir, True)):
        os.makedirs(d)
        with open(os.path.join(d, "paper.tex"), "w") as f:
            f.write(document(engine, cls, variant, with_pith))
        write_support_files(d, cls, variant)
    shutil.copy(os.path.join(work, "pith.sty"), cell_dir)
    shutil.copy(os.path.join(work, "pith-data.tex"), cell_dir)
    # The baseline, without pith, tells which warnings the class and variant produce anyway.
    compile_pdf(engine, base_dir, 2)
    base_log = open(os.path.join(base_dir, "paper.log"), errors="replace").read() \
        if os.path.exists(os.path.join(base_dir, "paper.log")) else ""
    failures += compile_pdf(engine, cell_dir, 2)
    log = open(os.path.join(cell_dir, "paper.log"), errors="replace").read() \
        if os.path.exists(os.path.join(cell_dir, "paper.log")) else ""
    failures += ["log: " + e for e in errors(log)]
    new = warnings(log) - warnings(base_log)
    wanted = expect.get("warning")
    if wanted:
        if wanted not in " ".join(log.replace("(pith)", "").split()):
            failures.append("no warning %r" % wanted)
        new = {w for w in new if not w.startswith("Package pith Warning: The badge is not linked")}
    failures += ["unexpected warning: " + w for w in sorted(new)]
    pdf = os.path.join(cell_dir, "paper.pdf")
    if engine == "dvisvgm":
        # A DVI for dvisvgm: the log's warning is what can be checked, and that the badge is
        # in the DVI (its words as character codes; kerns split "Number").
        dvi = open(os.path.join(cell_dir, "paper.dvi"), "rb").read() if os.path.exists(os.path.join(cell_dir, "paper.dvi")) else b""
        if b"Pith" not in dvi or b"pith:" not in dvi or b"XWMJ4DGY" not in dvi:
            failures.append("no badge text in the DVI")
    elif not failures and os.path.exists(pdf):
        check_pdf(pdf, cell_dir, failures, compressed_ok=engine == "dvips", expect=expect)
        check_place(pdf, os.path.join(base_dir, "paper.pdf"), cls, failures)
        check_label(pdf, cell_dir, failures)
        qr_side = 0.0
        if expect.get("qr"):
            check_qr(pdf, cell_dir, failures)
            # The code's side: its modules (the data file's matrix) and 2 of quiet zone on each
            # side, at pith.sty's 2pt (TeX points) per module, in bp.
            m = re.search(r"\\PithDataQr\{(\d+)\}", open(os.path.join(cell_dir, "pith-data.tex")).read())
            qr_side = (int(m.group(1)) + 4) * 2 * 72 / 72.27 if m else 0.0
        if expect.get("link", True):
            check_link_covers(pdf, failures, qr_side)
        rewritten = os.path.join(cell_dir, "rewritten.pdf")
        rc, out = run(["qpdf", pdf, rewritten], cell_dir)
        if rc not in (0, 3):
            failures.append("qpdf rewrite exited %d" % rc)
        else:
            check_pdf(rewritten, cell_dir, failures, after_rewrite=True, compressed_ok=engine == "dvips", expect=expect)
        rc, out = run([PITH, "verify", "--json", pdf], cell_dir)
        try:
            report = json.loads(out)
        except ValueError:
            report = {}
        if rc != 0:
            failures.append("pith verify exited %d: %s" % (rc, out.strip().splitlines()[-1:] if out else ""))
        if not expect.get("link", True):
            link = [c for c in report.get("checks", []) if c.get("id") == "pith.link.match"]
            if not link or link[0].get("status") != "n/a" or "draft" not in link[0].get("reason", ""):
                failures.append("pith verify's link check: %s" % link)
    elif not os.path.exists(pdf):
        failures.append("no PDF")
    return name, failures, time.time() - start


def reduced_cells():
    """Every (class, variant) pair once, the engine rotating: every engine, class and variant
    appear, and each engine meets most classes and variants."""
    cells = []
    for i, cls in enumerate(CLASSES):
        for j, variant in enumerate(VARIANTS):
            engine = ENGINES[(i + j) % len(ENGINES)]
            if supported(engine, cls, variant):
                cells.append((engine, cls, variant))
    return cells + layout_cells(False)


def layout_cells(full):
    """The layouts, each once (engines rotating, hyperref in every other one), or under
    every engine with and without hyperref; and the article's further variants."""
    cells = []
    for i, cls in enumerate(LAYOUTS):
        if full:
            cells += [(e, cls, v) for e in ENGINES for v in ("nohyperref", "hyperref-before")]
        else:
            cells.append((ENGINES[i % len(ENGINES)], cls, ("nohyperref", "hyperref-before")[i % 2]))
    return cells + [(e, "article", v) for e, v in ARTICLE_VARIANTS] + QR_CELLS


def main():
    full = os.environ.get("PITH_LATEX_MATRIX", "") == "full"
    cells = [(e, c, v) for e in ENGINES for c in CLASSES for v in VARIANTS if supported(e, c, v)] + layout_cells(True) \
        if full else reduced_cells()
    if len(sys.argv) > 1:  # a filter, e.g. "xelatex-acmart"
        cells = [c for c in cells if all(part in "-".join(c) for part in sys.argv[1:])]
    for axis, values in (("engine", ENGINES), ("class", CLASSES), ("variant", VARIANTS)):
        covered = {c[("engine", "class", "variant").index(axis)] for c in cells}
        if len(sys.argv) == 1 and not set(values) <= covered:
            print("matrix does not cover every %s: %s" % (axis, sorted(set(values) - covered)))
            return 1
    work = tempfile.mkdtemp(prefix="pith-latex-matrix-", dir=os.path.join(TEX_ROOT, "tmp") if TEX_ROOT else None)
    rc, out = run([PITH, "latex", RECORD, "-o", work], work)
    if rc != 0:
        print("pith latex failed (%d): %s" % (rc, out))
        return 1
    jobs = int(os.environ.get("PITH_LATEX_JOBS", "2"))
    start = time.time()
    bad = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(cell, work, *c) for c in cells]
        for fut in concurrent.futures.as_completed(futures):
            name, failures, seconds = fut.result()
            print("%-4s %-40s %5.1fs" % ("ok" if not failures else "FAIL", name, seconds), flush=True)
            for f in failures:
                print("       " + f, flush=True)
            bad += bool(failures)
    print("%d cells (%s), %d failed, %.0fs wall" % (len(cells), "full" if full else "reduced", bad, time.time() - start))
    if os.environ.get("PITH_LATEX_KEEP") or bad:
        print("work directory: " + work)
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
