#!/usr/bin/env python3
"""No false alarm, and one precise answer, when honest files are re-saved by other programs.

A stamped, a sealed and a LaTeX-made paper (the bundled example) are re-saved by qpdf (with and
without object streams), pikepdf, mutool clean, exiftool (an incremental edit of the title) and pdfsig
(a signature, itself an incremental update). Expected (docs/FORMAT.md, "Trust model"):
- stamped or sealed, rewritten whole: MODIFIED, pith.binding.match failing as "the stamped bytes are
  gone", the record and signature still pass — the same answer whichever program rewrote it;
- LaTeX-made, rewritten whole: VERIFIED (a rewrite of a LaTeX PDF cannot be detected: said in
  does_not_prove);
- any of them with an incremental update appended (exiftool, pdfsig): MODIFIED, pith.revisions.none
  failing.
Each re-saved file must still show the title and badge in poppler (pdftotext), so the verdicts are
about the same visible paper."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

PITH = os.environ["PITH"]
SRC = os.environ["PITH_SOURCE_DIR"]
RECORD = os.path.join(SRC, "examples", "records", "seed-XWMJ4DGY.json")
TITLE = "On the Expressive Power of Weight Quantization in Large Language Models"
results = []


def run(*args, cwd=None, check=True):
    p = subprocess.run(args, capture_output=True, cwd=cwd, timeout=300)
    if check and p.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, args))}: exit {p.returncode}: {p.stderr.decode(errors='replace')[:400]}")
    return p


def verify(path):
    p = run(PITH, "verify", "--json", path, check=False)
    return p.returncode, json.loads(p.stdout)


def status(report, check_id):
    return next((c["status"] for c in report["checks"] if c["id"] == check_id), None)


def reason(report, check_id):
    return next((c["reason"] for c in report["checks"] if c["id"] == check_id), "")


def compile_paper(tmp):
    d = os.path.join(tmp, "latex")
    os.makedirs(d)
    shutil.copy(os.path.join(SRC, "examples", "paper", "paper.tex"), d)
    run(PITH, "latex", RECORD, "-o", d)
    for _ in range(2):
        run("pdflatex", "-interaction=batchmode", "-no-shell-escape", "paper.tex", cwd=d)
    plain = os.path.join(tmp, "plain")
    os.makedirs(plain)
    tex = open(os.path.join(SRC, "examples", "paper", "paper.tex")).read()
    tex = "\n".join(l for l in tex.splitlines() if "{pith}" not in l and "\\pithnumber" not in l)
    open(os.path.join(plain, "paper.tex"), "w").write(tex)
    for _ in range(2):
        run("pdflatex", "-interaction=batchmode", "-no-shell-escape", "paper.tex", cwd=plain)
    return os.path.join(d, "paper.pdf"), os.path.join(plain, "paper.pdf")


def nss_db(tmp, base):
    db = os.path.join(tmp, "nss")
    os.makedirs(db)
    run("certutil", "-N", "-d", "sql:" + db, "--empty-password")
    noise = os.path.join(tmp, "noise")
    open(noise, "wb").write(os.urandom(64))
    run("certutil", "-S", "-d", "sql:" + db, "-n", "pith-test", "-s", "CN=pith test", "-x", "-t", "CT,C,C",
        "-k", "rsa", "-g", "2048", "-Z", "SHA256", "-v", "12", "-z", noise)
    return db


def resavers(tmp):
    db = nss_db(tmp, None)
    pike = "import pikepdf,sys; pdf=pikepdf.open(sys.argv[1]); pdf.save(sys.argv[2])"
    return {
        "qpdf": (lambda i, o: run("qpdf", i, o, check=False), "rewrite"),
        "qpdf-objstm": (lambda i, o: run("qpdf", "--object-streams=generate", i, o, check=False), "rewrite"),
        "pikepdf": (lambda i, o: run("/usr/bin/python3", "-c", pike, i, o), "rewrite"),
        "mutool-clean": (lambda i, o: run("mutool", "clean", i, o), "rewrite"),
        "exiftool": (lambda i, o: run("exiftool", "-q", "-Subject=re-saved", "-o", o, i), "increment"),
        "pdfsig": (lambda i, o: run("pdfsig", "-add-signature", "-nssdir", "sql:" + db, "-nick", "pith-test", i, o), "increment"),
    }


def expect(name, path, route, kind):
    code, rep = verify(path)
    shown = run("pdftotext", "-l", "1", path, "-").stdout.decode(errors="replace")
    visible = TITLE.split()[-1] in shown and "pith:XWMJ4DGY" in shown.replace(" ", "")
    problems = []
    if not visible:
        problems.append("poppler no longer shows the title and badge")
    if kind == "honest":
        want = ("VERIFIED", 0)
    elif kind == "rewrite" and route == "latex":
        want = ("VERIFIED", 0)
    else:
        want = ("MODIFIED", 1)
    if (rep["verdict"], code) != want:
        problems.append(f"got {rep['verdict']}/{code}, expected {want[0]}/{want[1]}")
    if status(rep, "pith.receipt.signature") != "pass":
        problems.append("the record's signature no longer passes")
    if kind == "rewrite" and route != "latex":
        if status(rep, "pith.binding.match") != "fail" or not reason(rep, "pith.binding.match").startswith("the stamped bytes are gone"):
            problems.append("binding: " + str(status(rep, "pith.binding.match")) + " " + reason(rep, "pith.binding.match")[:80])
    if kind == "increment" and status(rep, "pith.revisions.none") != "fail":
        problems.append("pith.revisions.none is " + str(status(rep, "pith.revisions.none")))
    if kind == "rewrite" and route == "latex" and "rewrite" not in rep.get("does_not_prove", ""):
        problems.append("does_not_prove does not say a rewrite cannot be detected")
    results.append((name, not problems, "; ".join(problems)))


def main():
    tmp = tempfile.mkdtemp(prefix="pith-resave-")
    try:
        latex, plain = compile_paper(tmp)
        stamped = os.path.join(tmp, "stamped.pdf")
        run(PITH, "stamp", plain, "--record", RECORD, "-o", stamped)
        sealed = os.path.join(tmp, "sealed.pdf")
        run(PITH, "stamp", latex, "--seal", "--record", RECORD, "-o", sealed)
        originals = {"stamp": stamped, "seal": sealed, "latex": latex}
        for route, path in originals.items():
            expect(f"{route} as made", path, route, "honest")
        for tool, (resave, kind) in resavers(tmp).items():
            for route, path in originals.items():
                out = os.path.join(tmp, f"{route}-{tool}.pdf")
                resave(path, out)
                if not os.path.exists(out):
                    results.append((f"{route} re-saved by {tool}", False, "the program wrote nothing"))
                    continue
                expect(f"{route} re-saved by {tool}", out, route, kind)
    finally:
        if not os.environ.get("PITH_KEEP"):
            shutil.rmtree(tmp, ignore_errors=True)
    failed = [r for r in results if not r[1]]
    for name, ok, detail in results:
        print(f"{'ok  ' if ok else 'FAIL'} {name}{'' if ok else ': ' + detail}")
    print(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
