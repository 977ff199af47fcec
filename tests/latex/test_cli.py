#!/usr/bin/env python3
"""pith latex's refusals and exit codes, and what pith.sty does with good and bad input,
checked with real pdflatex runs, pdftotext and exiftool."""
import json, os, re, shutil, subprocess, sys, tempfile

PITH = os.environ["PITH"]
SRC = os.environ["PITH_SOURCE_DIR"]
RECORD = os.path.join(SRC, "examples", "records", "seed-XWMJ4DGY.json")
failures = []


def check(name, ok, detail=""):
    print("%s %s%s" % ("ok  " if ok else "FAIL", name, (": " + detail) if not ok and detail else ""))
    if not ok:
        failures.append(name)


def pith(*args):
    return subprocess.run([PITH, *args], capture_output=True, text=True)


def pdflatex(d, body_pre, extra_pkg_opts=""):
    tex = ("\\documentclass{article}\n\\usepackage%s{pith}\n%s\n\\title{T}\\author{A}\n"
           "\\begin{document}\\maketitle Text.\\end{document}\n") % (extra_pkg_opts, body_pre)
    open(os.path.join(d, "p.tex"), "w").write(tex)
    p = subprocess.run(["pdflatex", "-interaction=batchmode", "-no-shell-escape", "p.tex"], cwd=d,
                       capture_output=True)
    log = open(os.path.join(d, "p.log"), errors="replace").read()
    return p.returncode, log


work = tempfile.mkdtemp(prefix="pith-latex-cli-")
try:
    # A tampered record: refused with exit 1 and nothing written, unless --force-unverified.
    doc = json.load(open(RECORD))
    doc["canonical_record"]["source"]["version"] = 2
    bad = os.path.join(work, "tampered.json")
    json.dump(doc, open(bad, "w"))
    out = os.path.join(work, "refused")
    p = pith("latex", bad, "-o", out)
    check("tampered record refused with exit 1", p.returncode == 1, p.stderr)
    check("refusal writes nothing", not any(os.path.exists(os.path.join(out, f))
                                            for f in ("pith-data.tex", "pith.sty", "pith.sty.ltxml")))
    p = pith("latex", bad, "-o", out, "--force-unverified")
    check("--force-unverified writes it", p.returncode == 0 and os.path.exists(os.path.join(out, "pith-data.tex")), p.stderr)

    p = pith("latex", os.path.join(work, "missing.json"), "-o", out)
    check("missing record: exit 3", p.returncode == 3, p.stderr)
    open(os.path.join(work, "garbage.json"), "w").write("{not json")
    p = pith("latex", os.path.join(work, "garbage.json"), "-o", out)
    check("invalid JSON: exit 3, one line", p.returncode == 3 and p.stderr.count("\n") == 1, p.stderr)
    p = pith("latex", RECORD)
    check("no -o: usage exit 2", p.returncode == 2)
    blocker = os.path.join(work, "afile")
    open(blocker, "w").write("x")
    p = pith("latex", RECORD, "-o", os.path.join(blocker, "sub"))
    check("unwritable output: exit 5", p.returncode == 5, p.stderr)

    # The good path, the short form and the number checks, in real pdflatex runs.
    d = os.path.join(work, "good")
    check("pith latex ok", pith("latex", RECORD, "-o", d).returncode == 0)
    # pith.sty as docstrip generated it from latex/pith.dtx in the build; the binding as in latex/.
    for name, source in (("pith.sty", os.environ["PITH_STY"]), ("pith.sty.ltxml", os.path.join(SRC, "latex", "pith.sty.ltxml"))):
        with open(os.path.join(d, name), "rb") as a, open(source, "rb") as b:
            check("pith latex writes %s as %s" % (name, source), a.read() == b.read())
    rc, log = pdflatex(d, "\\pithnumber{xwmj4dgy}")
    check("short form, lower case: compiles without warning", rc == 0 and "Warning" not in log.split("(./pith-data.tex)")[-1], log[-400:])
    text = subprocess.run(["pdftotext", os.path.join(d, "p.pdf"), "-"], capture_output=True, text=True).stdout
    check("badge text", "pith:XWMJ4DGY" in text)

    rc, log = pdflatex(d, "\\pithnumber{46ATTTLZ3TGGDKJHWKXFEUBYZ6}")
    check("data file of another number: LaTeX error naming both",
          rc != 0 and "Package pith Error: Data file `pith-data.tex' is for" in log and "46ATTTLZ" in log, log[-600:])
    rc, log = pdflatex(d, "\\pithnumber{pith:2025:XWMJ4DGYPGPNYY3GAECCTV6HU5}")
    check("wrong year: LaTeX error", rc != 0 and "is for" in log)
    for bad_number, why in (("XWMJ4DG", "7~characters"), ("XWMJ4DG1", "only letters"), ("pith:20x6:XWMJ4DGYPGPNYY3GAECCTV6HU5", "year")):
        rc, log = pdflatex(d, "\\pithnumber{%s}" % bad_number)
        check("malformed %s: LaTeX error" % bad_number, rc != 0 and "Package pith Error: Malformed Pith Number" in log, log[-600:])

    # No data file: compiles, warns with the command, metadata holds the number only.
    d = os.path.join(work, "nodata")
    os.makedirs(d)
    shutil.copy(os.environ["PITH_STY"], d)
    rc, log = pdflatex(d, "\\pithnumber{pith:2026:XWMJ4DGYPGPNYY3GAECCTV6HU5}")
    check("no data file: compiles", rc == 0)
    check("no data file: warning names pith latex", "Package pith Warning: No data file" in log and "pith latex RECORD -o DIR" in log.replace("\n(pith)", "").replace("  ", " "), log[-800:])
    xmp = subprocess.run(["exiftool", "-j", "-XMP-pith:all", os.path.join(d, "p.pdf")], capture_output=True, text=True).stdout
    info = json.loads(xmp)[0]
    check("no data file: XMP has the number only",
          info.get("Number") == "pith:2026:XWMJ4DGYPGPNYY3GAECCTV6HU5" and "CanonicalSha256" not in info, str(info))

    # Determinism: two compiles, same XMP packet bytes; nothing written to .aux.
    d = os.path.join(work, "good")
    pdflatex(d, "\\pithnumber{XWMJ4DGY}")
    a = open(os.path.join(d, "p.pdf"), "rb").read()
    aux = open(os.path.join(d, "p.aux")).read()
    pdflatex(d, "\\pithnumber{XWMJ4DGY}")
    b = open(os.path.join(d, "p.pdf"), "rb").read()
    xa = a[a.index(b"<?xpacket begin"):a.index(b"<?xpacket end")]
    xb = b[b.index(b"<?xpacket begin"):b.index(b"<?xpacket end")]
    check("same XMP on every run", xa == xb)
    check("nothing from pith in .aux", "pith" not in aux.lower())
    # \pithnumber after \begin{document}: ignored, with exactly one message saying so (not
    # also "no number" or "not placed").
    d = os.path.join(work, "good")
    tex = ("\\documentclass{article}\n\\usepackage{pith}\n\\title{T}\\author{A}\n"
           "\\begin{document}\\maketitle\n\\pithnumber{XWMJ4DGY}\nText.\\end{document}\n")
    open(os.path.join(d, "late.tex"), "w").write(tex)
    subprocess.run(["pdflatex", "-interaction=batchmode", "-no-shell-escape", "late.tex"], cwd=d, capture_output=True)
    log = open(os.path.join(d, "late.log"), errors="replace").read()
    msgs = [l for l in log.splitlines() if l.startswith("Package pith Warning")]
    flat = " ".join(log.replace("(pith)", "").split())
    check("late \\pithnumber: one warning", len(msgs) == 1 and "\\pithnumber on line 5 comes after \\begin{document} and is ignored" in flat,
          str(msgs))

    # A pdftitle other than the registered title: a warning naming both at compile time; the
    # registered title itself (any case, any punctuation) gives none.
    title = json.load(open(RECORD))["paper"]["title"]
    for pdftitle, warned in (("A Different Title", True), (title.upper() + ".", False)):
        tex = ("\\documentclass{article}\n\\usepackage{hyperref}\n\\hypersetup{pdftitle={%s}}\n\\usepackage{pith}\n"
               "\\pithnumber{XWMJ4DGY}\n\\title{%s}\\author{A}\n\\begin{document}\\maketitle Text.\\end{document}\n") % (pdftitle, title)
        open(os.path.join(d, "ptitle.tex"), "w").write(tex)
        subprocess.run(["pdflatex", "-interaction=batchmode", "-no-shell-escape", "ptitle.tex"], cwd=d, capture_output=True)
        flat = " ".join(open(os.path.join(d, "ptitle.log"), errors="replace").read().replace("(pith)", "").split())
        want = "The PDF title (pdftitle) `%s' is not the registered title `%s'" % (pdftitle, title)
        check("pdftitle %r: %s" % (pdftitle, "warning naming both" if warned else "no warning"),
              (want in flat) if warned else ("is not the registered title" not in flat), flat[-600:])

    # pdfx loaded before pith has already written its XMP packet: no second packet, and a
    # warning that says to load pith first.
    tex = ("\\documentclass{article}\n\\usepackage[a-1b]{pdfx}\n\\usepackage{pith}\n\\pithnumber{XWMJ4DGY}\n"
           "\\title{T}\\author{A}\n\\begin{document}\\maketitle Text.\\end{document}\n")
    open(os.path.join(d, "late-pdfx.tex"), "w").write(tex)
    open(os.path.join(d, "late-pdfx.xmpdata"), "w").write("\\Title{T}\n")
    subprocess.run(["pdflatex", "-interaction=batchmode", "-no-shell-escape", "late-pdfx.tex"], cwd=d, capture_output=True)
    flat = " ".join(open(os.path.join(d, "late-pdfx.log"), errors="replace").read().replace("(pith)", "").split())
    raw = open(os.path.join(d, "late-pdfx.pdf"), "rb").read()
    check("pith after pdfx: warning, one packet",
          "pdfx wrote its XMP packet before pith was loaded" in flat and raw.count(b"/Type /Metadata") + raw.count(b"/Type/Metadata") == 1,
          flat[-400:])

    # Registered titles with TeX math, as hyperref writes them into the metadata: "$n$-bit" as
    # "n-bit" (it drops the math shift); a Greek letter or \epsilon not at all (a PDF string
    # cannot hold it); "\log" as "log", or, in acmart's metadata, not at all. pith verify matches
    # each against the registered title, and the package does not warn at compile time.
    math_cases = (
        ("math", "article", "\\usepackage[pdfusetitle]{hyperref}\n", "Fast $n$-bit Quantization of {Large} Language Models",
         "Fast n-bit Quantization of Large Language Models"),
        ("greek", "article", "\\usepackage[pdfusetitle]{hyperref}\n",
         "$\\alpha$-Divergence and $\\mathcal{O}(n\\log n)$ Bounds for \\emph{Nice} $\\epsilon$-Nets",
         "-Divergence and O(nlogn) Bounds for Nice -Nets"),
        ("acmart", "acmart", "",
         "$\\alpha$-Divergence and $\\mathcal{O}(n\\log n)$ Bounds for \\emph{Nice} $\\epsilon$-Nets",
         "-Divergence and O(nn) Bounds for Nice -Nets"),
        # Math whose scripts poppler reads on lines of their own, between the title's words.
        ("sum", "article", "\\usepackage{txfonts}\n\\usepackage[pdfusetitle]{hyperref}\n",
         "$\\sum_{i=1}^n x_i^2 \\leq \\epsilon$ Bounds for Stochastic Gradient Descent",
         "i=1n xi2  Bounds for Stochastic Gradient Descent"),
        # A short title is found as whole words (not inside "explorations"), and read from its pixels.
        ("short", "article", "\\usepackage[pdfusetitle]{hyperref}\n", "LoRA", "LoRA"),
        # The TeX logos: pdfTeX sets \LaTeX as L, a raised A, T, a lowered E and X, which poppler
        # reads "LATEX" and Tesseract reads as it may; hyperref writes "LaTeX".
        ("logos", "article", "\\usepackage[pdfusetitle]{hyperref}\n", "Typesetting with \\TeX{} and \\LaTeX{} for Beginners",
         "Typesetting with TeX and LaTeX for Beginners"),
        # acmart's \subtitle: the record's title is "Main: Subtitle", the metadata holds the main title.
        ("subtitle", "acmart", "", "LoRA: Low-Rank Adaptation of Large Language Models", "LoRA",
         "LoRA}\\subtitle{Low-Rank Adaptation of Large Language Models"),
        # A running head ending in the title's first letter, above a title with math: the title
        # begins at its own L, not at the L of "Model" (FAILED as "begins inside the word" before).
        ("running-head", "article",
         "\\usepackage{fancyhdr}\\pagestyle{fancy}\\fancyhf{}\\fancyhead[L]{Model}"
         "\\fancypagestyle{plain}{\\fancyhf{}\\fancyhead[L]{Model}}\n\\usepackage[pdfusetitle]{hyperref}\n",
         "Learning with $\\alpha$-Stable Noise", "Learning with -Stable Noise"),
        # The badge placed by hand on the title's line: its caption and label are not other text
        # beside the title (FAILED by the placement rule before), nor words of the title's pixels.
        ("badge-on-title-line", "article", "\\PassOptionsToPackage{manual}{pith}\n\\usepackage[pdfusetitle]{hyperref}\n",
         "Attention Is All You Need", "Attention Is All You Need ", "Attention Is All You Need \\pithbadge"),
        # beamer's pdftitle: the title, " - " and the subtitle, which the record leaves out.
        ("beamer-subtitle", "beamer", "", "Learning Sparse Representations",
         "Learning Sparse Representations - A Tutorial with Examples",
         "Learning Sparse Representations}\\subtitle{A Tutorial with Examples"),
    )
    for name, cls, preamble, math_title, info_title, *typeset in math_cases:
        m = os.path.join(work, name)
        os.makedirs(m)
        rec = os.path.join(m, "record.json")
        p = pith("record", "new", "--title", math_title, "--arxiv-id", "2605.00001", "--version", "1",
                 "--submitted-at", "2026-05-09T11:19:51Z", "--license", "http://creativecommons.org/licenses/by/4.0/",
                 "--primary-cat", "cs.LG", "--abstract", "We quantize.", "-o", rec)
        key, keyring, signed = (os.path.join(m, n) for n in ("k.key", "k.keyring", "signed.json"))
        line = pith("key", "generate", "--key-id", "math-test", "-o", key).stdout
        open(keyring, "w").write(line)
        p2 = pith("record", "sign", rec, "--key", key, "-o", signed)
        p3 = pith("latex", signed, "-o", m, "--keyring", keyring)
        check("%s title: record, signature, data file" % name, p.returncode == 0 and p2.returncode == 0 and p3.returncode == 0,
              p.stderr + p2.stderr + p3.stderr)
        number = json.load(open(signed))["pith_number"]
        tex = ("\\documentclass{%s}\n%s\\usepackage{pith}\n\\pithnumber{%s}\n"
               "\\title{%s}\\author{A}\n\\begin{document}\\maketitle Text of explorations.\\end{document}\n") % (
                   cls, preamble, number, typeset[0] if typeset else math_title)
        open(os.path.join(m, "p.tex"), "w").write(tex)
        for _ in range(2):
            subprocess.run(["pdflatex", "-interaction=batchmode", "-no-shell-escape", "p.tex"], cwd=m, capture_output=True)
        info = subprocess.run(["pdfinfo", os.path.join(m, "p.pdf")], capture_output=True, text=True).stdout
        flat = " ".join(open(os.path.join(m, "p.log"), errors="replace").read().replace("(pith)", "").split())
        check("%s title: hyperref writes it as %r" % (name, info_title),
              re.search(r"^Title:\s+%s$" % re.escape(info_title), info, re.M) is not None, info)
        check("%s title: no pdftitle warning" % name, "is not the registered title" not in flat, flat[-400:])
        p = pith("verify", "--json", "--keyring", keyring, os.path.join(m, "p.pdf"))
        try:
            report = json.loads(p.stdout)
        except ValueError:
            report = {}
        statuses = {c["id"]: c["status"] for c in report.get("checks", [])}
        check("%s title: pith verify VERIFIED, title shown and in the metadata" % name,
              p.returncode == 0 and statuses.get("pith.title.shown") == "pass" and statuses.get("pith.title.metadata") == "pass",
              p.stdout[-800:])
finally:
    if failures:
        print("work directory: " + work)
    else:
        shutil.rmtree(work, ignore_errors=True)
sys.exit(1 if failures else 0)
