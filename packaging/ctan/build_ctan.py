#!/usr/bin/env python3
"""Builds the CTAN upload, pith.zip, as CTAN expects a literate package: pith/ with the source
pith.dtx and its docstrip instructions pith.ins, the pith.sty docstrip generates from them (the
file authors and arXiv use), the LaTeXML binding, README.md, the licence, and the documentation:
pith.pdf, pith.dtx typeset (named after the package so that `texdoc pith` opens it), which reads
the manual for authors, pith-manual.tex, generated from the author sections of docs/LATEX.md, and
then shows the commented code. The documentation shows the badge as an illustration
(pith-badge-example.pdf, drawn by `pith badge`) and carries no Pith data itself: it is not the
example record's paper, so a badge of its own would be a claim that does not verify.

If latex/build.lua configures l3build for a CTAN release (typesetfiles, textfiles or
docfiles), `l3build ctan` builds the bundle instead. The zip is reproducible: sorted entries, fixed times, fixed permissions, and the PDF
compiled with SOURCE_DATE_EPOCH.

usage: build_ctan.py --pith PITH --out pith.zip [--work DIR]
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
from md2latex import convert  # noqa: E402

EPOCH = "1778284800"  # 2026-05-09: the documentation's date, fixed for reproducible bytes
RECORD = os.path.join(SRC, "examples", "records", "seed-XWMJ4DGY.json")

BADGE = "pith-badge-example.pdf"
MANUAL = "pith-manual.tex"  # read by pith.dtx's documentation part
# The sections of docs/LATEX.md for the project's own developers, not for authors.
NOT_FOR_AUTHORS = ("Sources", "Tests", "TeX Live 2025", "Measurements")

def author_sections(markdown):
    """docs/LATEX.md without its sections for the project's developers (tests, measurements)."""
    out, keep = [], True
    for line in markdown.splitlines(keepends=True):
        if line.startswith("## "):
            keep = not line[3:].strip().startswith(NOT_FOR_AUTHORS)
        if keep:
            out.append(line)
    return "".join(out)


def run(args, cwd):
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH, FORCE_SOURCE_DATE="1")
    p = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    if p.returncode != 0:
        sys.stderr.write(p.stdout[-4000:] + p.stderr)
        raise SystemExit("build_ctan: %s failed (exit %d)" % (" ".join(args), p.returncode))


def l3build_bundle(out):
    latex = os.path.join(SRC, "latex")
    build_lua = os.path.join(latex, "build.lua")
    if not os.path.isfile(build_lua):
        return False
    with open(build_lua, encoding="utf-8") as f:
        config = f.read()
    # Only a configuration that names the documentation and README makes a complete CTAN bundle;
    # one set up for regression tests alone would zip the package by itself.
    if not any(key in config for key in ("typesetfiles", "textfiles", "docfiles")):
        return False
    with tempfile.TemporaryDirectory() as tmp:
        work = os.path.join(tmp, "latex")
        shutil.copytree(latex, work)
        run(["l3build", "ctan"], work)
        zips = [f for f in os.listdir(work) if f.endswith("-ctan.zip")]
        if len(zips) != 1:
            raise SystemExit("build_ctan: l3build ctan made no single *-ctan.zip")
        shutil.copyfile(os.path.join(work, zips[0]), out)
    return True


def own_bundle(pith, out, work):
    pkg = os.path.join(work, "pith")
    os.makedirs(pkg)
    for name in ("pith.dtx", "pith.ins", "pith.sty.ltxml"):
        shutil.copyfile(os.path.join(SRC, "latex", name), os.path.join(pkg, name))
    shutil.copyfile(os.path.join(HERE, "README.md"), os.path.join(pkg, "README.md"))
    shutil.copyfile(os.path.join(SRC, "LICENSE"), os.path.join(pkg, "LICENSE"))  # MIT: it travels with copies
    run([pith, "badge", RECORD, "--qr", "-o", os.path.join(pkg, BADGE)], work)
    with open(os.path.join(SRC, "docs", "LATEX.md"), encoding="utf-8") as f:
        body = convert(author_sections(f.read()))
    with open(os.path.join(pkg, MANUAL), "w", encoding="utf-8") as f:
        f.write(body)
    # docstrip and the typesetting in a scratch copy: only pith.sty and pith.pdf come back.
    doc = os.path.join(work, "doc")
    os.makedirs(doc)
    for name in ("pith.dtx", "pith.ins", MANUAL, BADGE):
        shutil.copyfile(os.path.join(pkg, name), os.path.join(doc, name))
    run(["tex", "-interaction=batchmode", "pith.ins"], doc)
    shutil.copyfile(os.path.join(doc, "pith.sty"), os.path.join(pkg, "pith.sty"))
    for _ in range(2):
        run(["pdflatex", "-interaction=batchmode", "-halt-on-error", "pith.dtx"], doc)
    shutil.copyfile(os.path.join(doc, "pith.pdf"), os.path.join(pkg, "pith.pdf"))

    tmp = out + ".tmp"
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        names = ["pith/"] + ["pith/" + n for n in sorted(os.listdir(pkg))]
        for name in names:
            info = zipfile.ZipInfo(name, date_time=(2026, 5, 9, 0, 0, 0))
            info.create_system = 3  # Unix, so the permissions below mean what they say
            if name.endswith("/"):
                info.external_attr = (0o40755 << 16) | 0x10
                z.writestr(info, b"")
            else:
                info.external_attr = 0o100644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                with open(os.path.join(work, name), "rb") as f:
                    z.writestr(info, f.read())
    os.replace(tmp, out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pith", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--work")
    args = ap.parse_args()
    out = os.path.abspath(args.out)
    if l3build_bundle(out):
        print("wrote %s (l3build ctan)" % out)
        return
    work = args.work or tempfile.mkdtemp(prefix="pith-ctan-")
    try:
        own_bundle(os.path.abspath(args.pith), out, work)
    finally:
        if not args.work:
            shutil.rmtree(work)
    print("wrote %s" % out)


if __name__ == "__main__":
    main()
