#!/usr/bin/env python3
"""pith latex's refusals and exit codes, and what pith.sty does with good and bad input,
checked with real pdflatex runs, pdftotext and exiftool."""
import json, os, shutil, subprocess, sys, tempfile

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
    for name in ("pith.sty", "pith.sty.ltxml"):
        with open(os.path.join(d, name), "rb") as a, open(os.path.join(SRC, "latex", name), "rb") as b:
            check("pith latex writes %s as in latex/" % name, a.read() == b.read())
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
    shutil.copy(os.path.join(SRC, "latex", "pith.sty"), d)
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
finally:
    if failures:
        print("work directory: " + work)
    else:
        shutil.rmtree(work, ignore_errors=True)
sys.exit(1 if failures else 0)
