#!/usr/bin/env python3
"""The build hooks end to end: a real submission tree, the pre-compile hook, pdflatex, the
post-build hook, and pith verify, with pdftotext and qpdf as independent readers."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "verify"))
from pdfgen import append_update, stream, trailer_value  # noqa: E402

PITH = os.environ["PITH"]
SRC = os.environ["PITH_SOURCE_DIR"]
HOOKS = os.path.join(SRC, "packaging", "hooks")
PRE = os.path.join(HOOKS, "pith-precompile-hook")
POST = os.path.join(HOOKS, "pith-postbuild-hook")
SUBMISSIONS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "submissions")
RECORD = os.path.join(SRC, "examples", "records", "seed-XWMJ4DGY.json")
OTHER_RECORD = os.path.join(SRC, "examples", "records", "seed-UU3ZMT4K.json")
NUMBER = "pith:2026:XWMJ4DGYPGPNYY3GAECCTV6HU5"


def sh(*args, cwd=None):
    return subprocess.run(list(args), capture_output=True, text=True, cwd=cwd, env=dict(os.environ, PITH=PITH))


def pdflatex(directory, main):
    for _ in range(2):
        p = subprocess.run(["pdflatex", "-interaction=batchmode", "-halt-on-error", main], cwd=directory,
                           capture_output=True, text=True, timeout=120)
        if p.returncode != 0:
            log = os.path.join(directory, main[:-4] + ".log")
            raise AssertionError("pdflatex failed:\n" + (read_bytes(log)[-3000:].decode("latin-1") if os.path.exists(log) else p.stdout))
    return os.path.join(directory, main[:-4] + ".pdf")


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


def text_of(pdf):
    return subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True, check=True).stdout


def tree_snapshot(root):
    out = {}
    for d, _, files in os.walk(root):
        for f in files:
            with open(os.path.join(d, f), "rb") as fh:
                out[os.path.relpath(os.path.join(d, f), root)] = fh.read()
    return out


class HooksTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="pith-hooks-")

    def tearDown(self):
        shutil.rmtree(self.dir)

    def submission(self, name):
        dst = os.path.join(self.dir, name)
        shutil.copytree(os.path.join(SUBMISSIONS, name), dst)
        return dst

    def test_main_file_not_obvious_full_pipeline(self):
        src = self.submission("nonobvious")
        p = sh(PRE, src, RECORD)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("main file: paper-v3.tex", p.stdout)
        for name in ("pith.sty", "pith-data.tex", "pith.sty.ltxml"):
            self.assertTrue(os.path.isfile(os.path.join(src, name)), name)
        # The LaTeXML binding beside the main file is the source tree's, so arXiv's HTML has the badge.
        with open(os.path.join(src, "pith.sty.ltxml"), "rb") as a, open(os.path.join(SRC, "latex", "pith.sty.ltxml"), "rb") as b:
            self.assertEqual(a.read(), b.read())
        with open(os.path.join(src, "paper-v3.tex")) as f:
            lines = f.read().splitlines()
        i = next(n for n, l in enumerate(lines) if l.startswith("\\documentclass"))
        self.assertEqual(lines[i + 1:i + 3], ["\\usepackage{pith}", "\\pithnumber{%s}" % NUMBER])
        # The decoys are untouched.
        for decoy in ("main.tex", "appendix.tex", "sections/intro.tex"):
            with open(os.path.join(src, decoy), "rb") as a, open(os.path.join(SUBMISSIONS, "nonobvious", decoy), "rb") as b:
                self.assertEqual(a.read(), b.read(), decoy)
        # Idempotent: a second run leaves every byte as it was.
        before = tree_snapshot(src)
        p = sh(PRE, src, RECORD)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("already had both lines", p.stdout)
        self.assertEqual(tree_snapshot(src), before)

        pdf = pdflatex(src, "paper-v3.tex")
        self.assertIn("pith:XWMJ4DGY", text_of(pdf))
        out = os.path.join(self.dir, "final.pdf")
        report = os.path.join(self.dir, "report.json")
        p = sh(POST, pdf, RECORD, out, "--report", report)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn("not stamped again", p.stdout)
        with open(report) as f:
            rep = json.load(f)
        self.assertEqual(rep["verdict"], "VERIFIED")
        self.assertEqual(rep["facts"]["number"], NUMBER)
        self.assertEqual(sh(PITH, "verify", out).returncode, 0)

    def test_postbuild_stamps_a_plain_pdf(self):
        # (The submission's \\title is the record's: pith stamp refuses a page 1 that does not show it.)
        src = self.submission("nonobvious")
        pdf = pdflatex(src, "paper-v3.tex")  # compiled without the pre-compile hook: no Pith data
        self.assertEqual(sh(PITH, "verify", pdf).returncode, 4)
        original = read_bytes(pdf)
        p = sh(POST, pdf, RECORD)  # no OUT: in place
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn("stamped", p.stdout)
        self.assertIn("VERIFIED", p.stdout)
        stamped = read_bytes(pdf)
        self.assertTrue(stamped.startswith(original), "an incremental update keeps the compiled bytes")
        self.assertIn("pith:XWMJ4DGY", text_of(pdf))
        self.assertEqual(subprocess.run(["qpdf", "--check", pdf], capture_output=True).returncode, 0)
        # Run again: the PDF already carries the record, nothing is appended.
        p = sh(POST, pdf, RECORD)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(read_bytes(pdf), stamped)
        # Another record on this PDF: refused, exit 1, the file unchanged.
        p = sh(POST, pdf, OTHER_RECORD)
        self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
        self.assertEqual(read_bytes(pdf), stamped)

    def test_ambiguous_tree_is_refused_until_named(self):
        src = self.submission("ambiguous")
        before = tree_snapshot(src)
        p = sh(PRE, src, RECORD)
        self.assertEqual(p.returncode, 3)
        self.assertIn("paper.tex", p.stderr)
        self.assertIn("response-to-referees.tex", p.stderr)
        self.assertEqual(tree_snapshot(src), before, "nothing written")
        with open(os.path.join(src, "00README.json"), "w") as f:
            json.dump({"sources": [{"filename": "paper.tex", "usage": "toplevel"}]}, f)
        p = sh(PRE, src, RECORD)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("main file: paper.tex", p.stdout)
        self.assertIn("pith:XWMJ4DGY", text_of(pdflatex(src, "paper.tex")))
        src2 = os.path.join(self.dir, "ambiguous2")
        shutil.copytree(os.path.join(SUBMISSIONS, "ambiguous"), src2)
        p = sh(PRE, src2, RECORD, "--main", "response-to-referees.tex")
        self.assertEqual(p.returncode, 0, p.stderr)
        with open(os.path.join(src2, "paper.tex"), "rb") as a, open(os.path.join(SUBMISSIONS, "ambiguous", "paper.tex"), "rb") as b:
            self.assertEqual(a.read(), b.read())

    def test_renumbering_and_commented_lines(self):
        src = os.path.join(self.dir, "renum")
        os.makedirs(src)
        with open(os.path.join(src, "ms.tex"), "w") as f:
            f.write("\\documentclass{article}\n% \\usepackage{pith}\n\\usepackage{pith}\n"
                    "\\pithnumber{pith:UU3ZMT4K}\n\\title{T}\\author{A}\n\\begin{document}\n\\maketitle\nText.\n\\end{document}\n")
        p = sh(PRE, src, RECORD)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("replaced", p.stdout)
        with open(os.path.join(src, "ms.tex")) as f:
            text = f.read()
        self.assertEqual(text.count("\\usepackage{pith}"), 2)  # the comment and the one line
        self.assertIn("\\pithnumber{%s}" % NUMBER, text)
        self.assertNotIn("UU3ZMT4K", text)
        self.assertIn("pith:XWMJ4DGY", text_of(pdflatex(src, "ms.tex")))

    def test_bundled_example_paper(self):
        # examples/paper already has both lines (its number, XWMJ4DGY's, as a bare suffix) and the
        # record's title: nothing to change, and the compiled PDF verifies.
        src = os.path.join(self.dir, "paper")
        shutil.copytree(os.path.join(SRC, "examples", "paper"), src)
        before = read_bytes(os.path.join(src, "paper.tex"))
        p = sh(PRE, src, RECORD)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("main file: paper.tex", p.stdout)
        self.assertEqual(read_bytes(os.path.join(src, "paper.tex")), before)
        pdf = pdflatex(src, "paper.tex")
        self.assertIn("pith:XWMJ4DGY", text_of(pdf))
        p = sh(POST, pdf, RECORD, os.path.join(self.dir, "out.pdf"))
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn("not stamped again", p.stdout)
        self.assertIn("VERIFIED", p.stdout)
        # Made by the LaTeX package, the PDF is one revision as pdflatex wrote it: a revision or any
        # bytes appended make it MODIFIED (pith.revisions.none), and the post-build hook refuses it.
        data = read_bytes(pdf)
        size = int(re.findall(rb"/Size (\d+)", data)[-1])
        for name, changed in (("revision", append_update(data, {size: stream(b"", b"% later")}, size + 1,
                                                         root=trailer_value(data, "Root"), info=trailer_value(data, "Info"))),
                              ("bytes", data + b"% appended\n")):
            later = os.path.join(self.dir, "later-%s.pdf" % name)
            with open(later, "wb") as f:
                f.write(changed)
            p = sh(PITH, "verify", "--json", later)
            rep = json.loads(p.stdout)
            status = {c["id"]: c["status"] for c in rep["checks"]}
            self.assertEqual((p.returncode, rep["verdict"], status.get("pith.revisions.none")), (1, "MODIFIED", "fail"),
                             (name, rep))
            p = sh(POST, later, RECORD, os.path.join(self.dir, "later-out.pdf"))
            self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
        # The same paper under another record: the number is replaced, and the paper compiles to it.
        p = sh(PRE, src, OTHER_RECORD)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("replaced \\pithnumber{XWMJ4DGYPGPNYY3GAECCTV6HU5}", p.stdout)
        self.assertIn("pith:UU3ZMT4K", text_of(pdflatex(src, "paper.tex")))

    def test_unverifiable_record_is_refused(self):
        # A record without a registry receipt (the bare canonical record) is UNVERIFIABLE: the
        # pre-compile hook refuses it (pith latex exit 1) and writes nothing.
        src = os.path.join(self.dir, "paper")
        shutil.copytree(os.path.join(SRC, "examples", "paper"), src)
        bare = os.path.join(SRC, "examples", "records", "seed-46ATTTLZ-canonical.json")
        before = tree_snapshot(src)
        p = sh(PRE, src, bare)
        self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
        self.assertIn("UNVERIFIABLE", p.stderr)
        self.assertEqual(tree_snapshot(src), before, "a refused record writes nothing")
        # Nor does the post-build hook stamp with it.
        plain = self.submission("nonobvious")
        pdf = pdflatex(plain, "paper-v3.tex")
        compiled = read_bytes(pdf)
        p = sh(POST, pdf, bare)
        self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
        self.assertEqual(read_bytes(pdf), compiled)

    def test_bad_inputs(self):
        self.assertEqual(sh(PRE, os.path.join(self.dir, "missing"), RECORD).returncode, 2)
        self.assertEqual(sh(PRE).returncode, 2)
        src = self.submission("nonobvious")
        before = tree_snapshot(src)
        doc = json.loads(read_bytes(RECORD))
        doc["canonical_record"]["metadata"]["license"] = "forged"
        forged = os.path.join(self.dir, "forged.json")
        with open(forged, "w") as f:
            json.dump(doc, f)
        p = sh(PRE, src, forged)
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertEqual(tree_snapshot(src), before, "a refused record writes nothing")
        empty = os.path.join(self.dir, "empty")
        os.makedirs(empty)
        self.assertEqual(sh(PRE, empty, RECORD).returncode, 3)
        self.assertEqual(sh(POST, os.path.join(self.dir, "none.pdf"), RECORD).returncode, 3)
        notpdf = os.path.join(self.dir, "x.pdf")
        with open(notpdf, "w") as f:
            f.write("not a pdf")
        self.assertEqual(sh(POST, notpdf, RECORD).returncode, 3)


if __name__ == "__main__":
    unittest.main(verbosity=2)
