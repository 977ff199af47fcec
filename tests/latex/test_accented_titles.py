#!/usr/bin/env python3
"""Titles with accents typed as TeX, as pdfTeX draws them in its default OT1 fonts (an accent glyph
over the letter, a dotless i under \\"i), verified as authors and servers make them: with
\\usepackage{pith} and with pith stamp, with no ToUnicode, with the cmap package's, and with pdfTeX's
glyphtounicode. pdftotext, the independent reader, must show the title's letters; pith verify must
say VERIFIED (a record signed by a key of the test's own, trusted through --keyring)."""
import os, shutil, subprocess, sys, tempfile, unicodedata

PITH = os.environ["PITH"]
TITLE_TEX = "Na\\\"ive C\\^ote \\v{C}ech Garc\\'ia and the F\\^ete of Schr\\\"odinger in Wroc{\\l}aw"
TITLE = "Naïve Côte Čech García and the Fête of Schrödinger in Wrocław"
failures = []


def check(name, ok, detail=""):
    print("%s %s%s" % ("ok  " if ok else "FAIL", name, (": " + detail) if not ok and detail else ""))
    if not ok:
        failures.append(name)


def run(args, cwd, **kw):
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, **kw)


def letters(s):
    """The letters of a text as a reader compares them: accents, dots and strokes off, case folded."""
    s = unicodedata.normalize("NFKD", s).replace("\u0131", "i").replace("\u0142", "l").casefold()
    return "".join(c for c in s if c.isalnum())


def paper(d, name, preamble, with_pith):
    package = "\\usepackage{pith}\n\\pithnumber{%s}\n" % NUMBER if with_pith else ""
    with open(os.path.join(d, name + ".tex"), "w") as f:
        f.write("%s\n\\documentclass{article}\n%s\\title{%s}\\author{A. Author}\\date{}\n"
                "\\begin{document}\\maketitle\nText of the paper.\n\\end{document}\n" % (preamble, package, TITLE_TEX))
    for _ in range(2):
        p = run(["pdflatex", "-interaction=nonstopmode", "-no-shell-escape", name + ".tex"], d)
    return os.path.join(d, name + ".pdf") if p.returncode == 0 else None


work = tempfile.mkdtemp(prefix="pith-accents-")
key, ring = os.path.join(work, "k.key"), os.path.join(work, "ring.txt")
with open(ring, "w") as f:
    f.write(run([PITH, "key", "generate", "--key-id", "accents-test", "-o", key], work).stdout)
rec, signed = os.path.join(work, "rec.json"), os.path.join(work, "signed.json")
run([PITH, "record", "new", "--title", TITLE, "--arxiv-id", "2605.00001", "--version", "1", "--submitted-at",
     "2026-05-09T11:19:51Z", "--license", "http://creativecommons.org/licenses/by/4.0/", "--primary-cat", "cs.CL",
     "--abstract", "An abstract.", "-o", rec], work)
check("record signed", run([PITH, "record", "sign", rec, "--key", key, "-o", signed], work).returncode == 0)
NUMBER = run([PITH, "record", "show", signed], work).stdout
NUMBER = next((w for w in NUMBER.split() if w.startswith("pith:2026:")), "pith:2026:?").split(":")[-1]
check("latex data written", run([PITH, "latex", signed, "--keyring", ring, "-o", work], work).returncode == 0)

for variant, preamble in [("no-tounicode", ""), ("cmap", "\\RequirePackage{cmap}"),
                          ("glyphtounicode", "\\input{glyphtounicode}\\pdfgentounicode=1")]:
    for with_pith in (True, False):
        name = "%s-%s" % (variant, "package" if with_pith else "stamped")
        pdf = paper(work, name, preamble, with_pith)
        if not pdf:
            check(name + " compiles", False)
            continue
        if not with_pith:
            out = os.path.join(work, name + "-out.pdf")
            p = run([PITH, "stamp", pdf, "--record", signed, "--keyring", ring, "-o", out], work)
            check(name + ": pith stamp takes it", p.returncode == 0, p.stderr.strip())
            pdf = out
        text = run(["pdftotext", "-l", "1", pdf, "-"], work).stdout
        check(name + ": pdftotext shows the title's letters", letters(TITLE) in letters(text), text[:120])
        p = run([PITH, "verify", "--keyring", ring, pdf], work)
        check(name + ": VERIFIED", p.returncode == 0 and ": VERIFIED" in p.stdout.splitlines()[0], p.stdout[:600])

shutil.rmtree(work)
sys.exit(1 if failures else 0)
