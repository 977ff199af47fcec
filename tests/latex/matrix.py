#!/usr/bin/env python3
"""The LaTeX matrix: engine x class x variant. Every cell compiles a small paper with
\\usepackage{pith} and the data file `pith latex` wrote, then checks it with independent readers:

  * every run exits 0 with -interaction=batchmode -no-shell-escape (and dvips/ps2pdf/dvipdfmx);
  * no error in the log, and no warning that the same paper without pith does not produce;
  * the badge text pith:XWMJ4DGY on page 1 (pdftotext);
  * a /Link annotation on page 1 whose URI is the record page (qpdf --json);
  * the canonical hash in the XMP (exiftool), in exactly one uncompressed XMP packet that the
    catalog references, also after a full rewrite by qpdf (what arXiv's stamping does);
  * `pith verify` accepts the PDF (exit 0).

Default: a reduced matrix that still covers every engine, every class and every variant, and
every (class, variant) pair. PITH_LATEX_MATRIX=full runs every cell. PITH_LATEX_JOBS sets the
parallelism (default 2). PITH_LATEX_KEEP=1 keeps the work directory.
"""
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

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


def supported(engine, cls, variant):
    """Cells that cannot work without pith either are left out (the baseline shows why)."""
    # acmart loads hyperxmp itself, which TeX Live 2022's PDF management does not support.
    if variant == "docmeta" and cls == "acmart":
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
    docclass, preamble, start = (part.replace("@TITLE@", TITLE) for part in CLASS_DOCS[cls])
    lines = []
    if variant == "docmeta":
        backend = {"dvips": ",backend=dvips", "dvipdfmx": ",backend=dvipdfmx"}.get(engine, "")
        lines.append("\\DocumentMetadata{pdfversion=1.7%s}" % backend)
    if engine == "dvipdfmx" and variant != "docmeta":
        # How a DVI paper for dvipdfmx tells the kernel and hyperref which driver to use.
        docclass = docclass.replace("\\documentclass", "\\documentclass[dvipdfmx]", 1).replace("][", ",", 1)
    lines.append(docclass)
    pith = "\\usepackage{pith}\n\\pithnumber{%s}" % NUMBER if with_pith else ""
    if variant == "hyperref-before":
        lines += ["\\usepackage{hyperref}", pith]
    elif variant == "hyperref-after":
        lines += [pith, "\\usepackage{hyperref}"]
    elif variant == "hyperxmp":
        lines += ["\\usepackage{hyperref}", "\\usepackage{hyperxmp}", pith]
    else:
        lines.append(pith)
    lines += [preamble, "\\begin{document}", start, BODY, "\\end{document}"]
    return "\n".join(l for l in lines if l) + "\n"


def run(cmd, cwd, timeout=240):
    p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout)
    return p.returncode, p.stdout.decode("utf-8", "replace")


def compile_pdf(engine, cwd, runs):
    """Compiles paper.tex to paper.pdf; returns a list of failures."""
    tex = {"pdflatex": "pdflatex", "xelatex": "xelatex", "lualatex": "lualatex",
           "dvips": "latex", "dvipdfmx": "latex"}[engine]
    for i in range(runs):
        rc, _ = run([tex, "-interaction=batchmode", "-no-shell-escape", "paper.tex"], cwd)
        if rc != 0:
            return ["%s run %d exited %d" % (tex, i + 1, rc)]
    if engine == "dvips":
        for cmd in (["dvips", "-R2", "-q", "paper.dvi", "-o", "paper.ps"], ["ps2pdf", "paper.ps", "paper.pdf"]):
            rc, out = run(cmd, cwd)
            if rc != 0:
                return ["%s exited %d: %s" % (cmd[0], rc, out.strip()[:200])]
    elif engine == "dvipdfmx":
        rc, out = run(["dvipdfmx", "-q", "paper.dvi"], cwd)
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


def check_pdf(pdf, cwd, failures, after_rewrite=False, compressed_ok=False):
    tag = " (after qpdf rewrite)" if after_rewrite else ""
    raw = open(pdf, "rb").read()
    data, objs = qpdf_objects(pdf)
    # Exactly one XMP packet: one /Type/Metadata stream, the one the catalog references.
    meta = [k for k, v in objs.items() if isinstance(v, dict) and v.get("/Type") == "/Metadata"]
    if len(meta) != 1:
        failures.append("%d XMP metadata streams%s" % (len(meta), tag))
    # Ghostscript (ps2pdf) compresses every stream it writes, the XMP too: docs/LATEX.md.
    if not compressed_ok and b"canonicalSha256>" + HASH.encode() not in raw:
        failures.append("pith properties not in an uncompressed XMP stream%s" % tag)
    rc, out = run(["exiftool", "-j", "-XMP-pith:all", pdf], cwd)
    try:
        info = json.loads(out)[0]
    except Exception:
        info = {}
    if info.get("CanonicalSha256") != HASH:
        failures.append("exiftool XMP-pith:CanonicalSha256 = %r%s" % (info.get("CanonicalSha256"), tag))
    if after_rewrite:
        return
    # A link annotation to the record page on page 1.
    page1 = objs[data["pages"][0]["object"]]
    annots = page1.get("/Annots", [])
    if isinstance(annots, str):
        annots = objs.get(annots, [])
    uris = []
    for ref in annots:
        a = objs.get(ref) if isinstance(ref, str) else ref
        if isinstance(a, dict) and a.get("/Subtype") == "/Link":
            action = a.get("/A")
            if isinstance(action, str):
                action = objs.get(action)
            if isinstance(action, dict):
                uris.append(str(action.get("/URI", "")).replace("u:", "", 1))
    if URL not in uris:
        failures.append("no link to the record page on page 1 (links: %s)" % uris)
    rc, text = run(["pdftotext", "-f", "1", "-l", "1", pdf, "-"], cwd)
    if SHORT not in text:
        failures.append("badge text %s not on page 1" % SHORT)


def cell(work, engine, cls, variant):
    name = "%s-%s-%s" % (engine, cls, variant)
    start = time.time()
    failures = []
    base_dir = os.path.join(work, name + "-base")
    cell_dir = os.path.join(work, name)
    for d, with_pith in ((base_dir, False), (cell_dir, True)):
        os.makedirs(d)
        with open(os.path.join(d, "paper.tex"), "w") as f:
            f.write(document(engine, cls, variant, with_pith))
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
    failures += ["unexpected warning: " + w for w in sorted(warnings(log) - warnings(base_log))]
    pdf = os.path.join(cell_dir, "paper.pdf")
    if not failures and os.path.exists(pdf):
        check_pdf(pdf, cell_dir, failures, compressed_ok=engine == "dvips")
        rewritten = os.path.join(cell_dir, "rewritten.pdf")
        rc, out = run(["qpdf", pdf, rewritten], cell_dir)
        if rc not in (0, 3):
            failures.append("qpdf rewrite exited %d" % rc)
        else:
            check_pdf(rewritten, cell_dir, failures, after_rewrite=True, compressed_ok=engine == "dvips")
        rc, out = run([PITH, "verify", pdf], cell_dir)
        if rc != 0:
            failures.append("pith verify exited %d: %s" % (rc, out.strip().splitlines()[-1:] if out else ""))
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
    return cells


def main():
    full = os.environ.get("PITH_LATEX_MATRIX", "") == "full"
    cells = [(e, c, v) for e in ENGINES for c in CLASSES for v in VARIANTS if supported(e, c, v)] \
        if full else reduced_cells()
    if len(sys.argv) > 1:  # a filter, e.g. "xelatex-acmart"
        cells = [c for c in cells if all(part in "-".join(c) for part in sys.argv[1:])]
    for axis, values in (("engine", ENGINES), ("class", CLASSES), ("variant", VARIANTS)):
        covered = {c[("engine", "class", "variant").index(axis)] for c in cells}
        if len(sys.argv) == 1 and covered != set(values):
            print("matrix does not cover every %s: %s" % (axis, sorted(set(values) - covered)))
            return 1
    work = tempfile.mkdtemp(prefix="pith-latex-matrix-")
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
