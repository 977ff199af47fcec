#!/usr/bin/env python3
"""A preprint server's watermark and linearisation steps, and where the stamp goes (docs/HOOKS.md,
"In a pipeline").

The watermark as servers add it: a text stamp ("arXiv:2605.08894v2 [cs.CL] 9 May 2026") drawn
rotated in the left margin of page 1 by a pikepdf overlay, then a full save. Three orders:
- the LaTeX route (pith.sty) watermarked after compiling: VERIFIED, as any whole-file rewrite of a
  LaTeX PDF (nothing binds its bytes; the report's does_not_prove says so);
- stamped after the watermark: VERIFIED, and the watermark is on the page (pdftotext);
- stamped before the watermark: MODIFIED, pith.binding.match failing ("the stamped bytes are
  gone"): the rewrite dropped the stamped bytes, so stamp last.
Linearising (qpdf --linearize, for fast web view) is a whole-file rewrite too, with the same three
answers. Run with Debian's /usr/bin/python3, which has python3-pikepdf."""
import json
import os
import shutil
import subprocess
import tempfile
import unittest

import pikepdf

PITH = os.environ["PITH"]
SRC = os.environ["PITH_SOURCE_DIR"]
RECORD = os.path.join(SRC, "examples", "records", "seed-XWMJ4DGY.json")
WATERMARK = "arXiv:2605.08894v2 [cs.CL] 9 May 2026"


def run(*args, cwd=None):
    p = subprocess.run(args, capture_output=True, text=True, cwd=cwd, timeout=300)
    if p.returncode != 0:
        raise AssertionError("%s: exit %d: %s" % (" ".join(args), p.returncode, p.stderr[-2000:]))
    return p


def watermark(src, dst):
    """Page 1 gets the margin text as a Form XObject overlay; the whole file is saved anew."""
    with pikepdf.open(src) as pdf:
        page = pdf.pages[0]
        box = [float(v) for v in page.mediabox]
        text = ("q BT /WmF 20 Tf 0.5 g 0 1 -1 0 %.1f %.1f Tm (%s) Tj ET Q" % (
            box[0] + 32, box[1] + 220, WATERMARK.replace("(", r"\(").replace(")", r"\)"))).encode()
        font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                    BaseFont=pikepdf.Name("/Times-Roman")))
        form = pikepdf.Stream(pdf, text)
        form.Type, form.Subtype = pikepdf.Name.XObject, pikepdf.Name.Form
        form.BBox = box
        form.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(WmF=font))
        page.add_overlay(pdf.make_indirect(form), pikepdf.Rectangle(*box))
        pdf.save(dst)


def linearize(src, dst):
    run("qpdf", "--linearize", src, dst)


REWRITES = {"watermark": watermark, "linearize": linearize}


def verify(path):
    p = subprocess.run([PITH, "verify", "--json", "--record", RECORD, path], capture_output=True, text=True, timeout=300)
    return p.returncode, json.loads(p.stdout)


def status(report, check_id):
    return next((c["status"], c["reason"]) for c in report["checks"] if c["id"] == check_id)


class WatermarkTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="pith-watermark-")
        latex = os.path.join(cls.tmp, "latex")
        plain = os.path.join(cls.tmp, "plain")
        os.makedirs(latex)
        os.makedirs(plain)
        with open(os.path.join(SRC, "examples", "paper", "paper.tex")) as f:
            tex = f.read()
        with open(os.path.join(latex, "paper.tex"), "w") as f:
            f.write(tex)
        with open(os.path.join(plain, "paper.tex"), "w") as f:
            f.write("\n".join(l for l in tex.splitlines() if "{pith}" not in l and "\\pithnumber" not in l) + "\n")
        run(PITH, "latex", RECORD, "-o", latex)
        for d in (latex, plain):
            for _ in range(2):
                run("pdflatex", "-interaction=batchmode", "-no-shell-escape", "paper.tex", cwd=d)
        cls.latex_pdf = os.path.join(latex, "paper.pdf")
        cls.plain_pdf = os.path.join(plain, "paper.pdf")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def path(self, name):
        return os.path.join(self.tmp, name)

    def assertShown(self, pdf, step):
        page1 = run("pdftotext", "-l", "1", pdf, "-").stdout
        if step == "watermark":
            self.assertIn("arXiv:2605.08894v2", page1.replace("\n", " "), "the watermark is on page 1")
        self.assertIn("pith:XWMJ4DGY", page1.replace(" ", ""), "the badge is still on page 1")
        run("qpdf", "--check", pdf)

    def test_latex_route_then_rewrite(self):
        for step, rewrite in REWRITES.items():
            with self.subTest(step=step):
                out = self.path("latex-%s.pdf" % step)
                rewrite(self.latex_pdf, out)
                self.assertShown(out, step)
                code, rep = verify(out)
                self.assertEqual((code, rep["verdict"]), (0, "VERIFIED"), rep)
                self.assertEqual(rep["facts"]["route"], "latex")
                self.assertEqual(status(rep, "pith.binding.match")[0], "n/a")
                self.assertIn("rewrite", rep["does_not_prove"])

    def test_rewrite_then_stamp(self):
        for step, rewrite in REWRITES.items():
            with self.subTest(step=step):
                marked = self.path("plain-%s.pdf" % step)
                rewrite(self.plain_pdf, marked)
                out = self.path("%s-stamped.pdf" % step)
                run(PITH, "stamp", marked, "--record", RECORD, "-o", out)
                self.assertShown(out, step)
                with open(marked, "rb") as a, open(out, "rb") as b:
                    self.assertTrue(b.read().startswith(a.read()), "the stamp appends to the rewritten bytes")
                code, rep = verify(out)
                self.assertEqual((code, rep["verdict"]), (0, "VERIFIED"), rep)
                self.assertEqual(status(rep, "pith.binding.match")[0], "pass")

    def test_stamp_then_rewrite(self):
        stamped = self.path("plain-stamped.pdf")
        run(PITH, "stamp", self.plain_pdf, "--record", RECORD, "-o", stamped)
        self.assertEqual(verify(stamped)[0], 0)
        for step, rewrite in REWRITES.items():
            with self.subTest(step=step):
                out = self.path("stamped-%s.pdf" % step)
                rewrite(stamped, out)
                self.assertShown(out, step)
                code, rep = verify(out)
                self.assertEqual((code, rep["verdict"]), (1, "MODIFIED"), rep)
                binding = status(rep, "pith.binding.match")
                self.assertEqual(binding[0], "fail")
                self.assertTrue(binding[1].startswith("the stamped bytes are gone"), binding[1])
                self.assertEqual(status(rep, "pith.receipt.signature")[0], "pass", "the record is still the registry's")


if __name__ == "__main__":
    unittest.main(verbosity=2)
