#!/usr/bin/env python3
"""The CTAN bundle: built by packaging/ctan/build_ctan.py, its layout checked with zipfile (the
licence travels with it, the README names the maintainer and where bugs go), the documentation PDF
with pdfinfo, pdftotext and pith verify (it shows an example badge and claims none), texdoc finding
it once the bundle is laid out in a TDS tree, and the bundle's own pith.ins and pith.dtx
regenerating pith.sty byte for byte and typesetting the documentation without a warning."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
import zipfile


PITH = os.environ["PITH"]
SRC = os.environ["PITH_SOURCE_DIR"]
BUILD = os.path.join(SRC, "packaging", "ctan", "build_ctan.py")


class CtanTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="pith-ctan-")
        cls.zip = os.path.join(cls.dir, "pith.zip")
        subprocess.run(["python3", BUILD, "--pith", PITH, "--out", cls.zip], check=True, capture_output=True)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir)

    def test_layout(self):
        with zipfile.ZipFile(self.zip) as z:
            self.assertIsNone(z.testzip())
            names = z.namelist()
            # One top directory named after the package; nothing hidden, nothing generated but the PDF.
            self.assertTrue(all(n.startswith("pith/") for n in names), names)
            files = sorted(n for n in names if not n.endswith("/"))
            # A literate package as CTAN expects it: the source (.dtx, .ins), the generated pith.sty
            # (what arXiv authors copy), the typeset documentation and the manual it reads.
            self.assertEqual(files, ["pith/LICENSE", "pith/README.md", "pith/pith-badge-example.pdf", "pith/pith-manual.tex",
                                     "pith/pith.dtx", "pith/pith.ins", "pith/pith.pdf", "pith/pith.sty",
                                     "pith/pith.sty.ltxml"])
            for n in names:
                self.assertFalse(os.path.basename(n.rstrip("/")).startswith("."), n)
            for name in ("pith.dtx", "pith.ins", "pith.sty.ltxml"):
                with open(os.path.join(SRC, "latex", name), "rb") as f:
                    self.assertEqual(z.read("pith/" + name), f.read(), name)
            # pith.sty is the build's (docstrip in CMake), byte for byte, and plain LaTeX code.
            with open(os.environ["PITH_STY"], "rb") as f:
                self.assertEqual(z.read("pith/pith.sty"), f.read())
            sty = z.read("pith/pith.sty").decode("utf-8")
            self.assertIn("generated with the docstrip utility", sty)
            self.assertIn("\\ProvidesExplPackage{pith}", sty)
            self.assertNotIn("\\begin{macrocode}", sty)
            with open(os.path.join(SRC, "LICENSE"), "rb") as f:
                self.assertEqual(z.read("pith/LICENSE"), f.read())
            readme = z.read("pith/README.md").decode("utf-8")
            self.assertIn("\\usepackage{pith}", readme)
            self.assertIn("Licence", readme)
            self.assertIn("Maintainer: pith maintainers <pith@pith.science>", readme)
            self.assertIn("Bug reports", readme)
            self.assertIn("https://pith.science/", readme)
            for info in z.infolist():
                mode = info.external_attr >> 16
                self.assertEqual(mode & 0o777, 0o755 if info.is_dir() else 0o644, info.filename)
            z.extractall(self.dir)

    def test_documentation_pdf(self):
        pdf = os.path.join(self.dir, "doc.pdf")
        with zipfile.ZipFile(self.zip) as z, open(pdf, "wb") as f:
            f.write(z.read("pith/pith.pdf"))
        info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
        pages = int([l for l in info.splitlines() if l.startswith("Pages:")][0].split()[1])
        self.assertGreaterEqual(pages, 3)
        text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True, check=True).stdout
        self.assertIn("pith:XWMJ4DGY", text)  # the example badge, drawn by pith badge
        self.assertIn("pith latex", text)
        self.assertIn("pith-data.tex", text)
        # For authors: the project's own test and measurement sections are left out.
        with open(os.path.join(SRC, "docs", "LATEX.md"), encoding="utf-8") as f:
            latex_md = f.read()
        self.assertIn("\n## Measurements", latex_md)
        self.assertNotIn("Measurements", text)
        # The documentation is not the example record's paper: it carries no Pith data, and says so.
        p = subprocess.run([PITH, "verify", "--json", pdf], capture_output=True)
        report = json.loads(p.stdout)
        self.assertEqual((p.returncode, report["verdict"]), (4, "NO-PITH-DATA"), report)
        self.assertIn("carries no Pith data", re.sub(r"\s+", " ", text))

    def test_texdoc_finds_it(self):
        # The bundle laid out as TeX Live lays out a CTAN package (TDS), in a TEXMFHOME of its own.
        home = os.path.join(self.dir, "texmf")
        with zipfile.ZipFile(self.zip) as z:
            for name in z.namelist():
                if name.endswith("/"):
                    continue
                base = os.path.basename(name)
                area = "tex" if base.startswith("pith.sty") else "source" if base.endswith((".dtx", ".ins")) else "doc"
                target = os.path.join(home, area, "latex", "pith", base)
                os.makedirs(os.path.dirname(target), exist_ok=True)
                with open(target, "wb") as f:
                    f.write(z.read(name))
        env = dict(os.environ, TEXMFHOME=home)
        p = subprocess.run(["texdoc", "-l", "-M", "pith"], capture_output=True, text=True, env=env, timeout=120)
        first = p.stdout.splitlines()[0].split("\t")
        self.assertEqual(os.path.realpath(first[2]), os.path.realpath(os.path.join(home, "doc", "latex", "pith", "pith.pdf")),
                         p.stdout)

    def test_source_compiles_from_the_bundle(self):
        work = os.path.join(self.dir, "compile")
        os.makedirs(work)
        with zipfile.ZipFile(self.zip) as z:
            for name in ("pith.dtx", "pith.ins", "pith-manual.tex", "pith-badge-example.pdf"):
                with open(os.path.join(work, name), "wb") as f:
                    f.write(z.read("pith/" + name))
            shipped = z.read("pith/pith.sty")
        # docstrip from the bundle alone writes the shipped pith.sty, and the same bytes again.
        for _ in range(2):
            if os.path.exists(os.path.join(work, "pith.sty")):
                os.remove(os.path.join(work, "pith.sty"))
            p = subprocess.run(["tex", "-interaction=batchmode", "pith.ins"], cwd=work, capture_output=True, timeout=120)
            self.assertEqual(p.returncode, 0)
            with open(os.path.join(work, "pith.sty"), "rb") as f:
                self.assertEqual(f.read(), shipped)
        for _ in range(2):
            p = subprocess.run(["pdflatex", "-interaction=batchmode", "-halt-on-error", "pith.dtx"], cwd=work,
                               capture_output=True, timeout=300)
            self.assertEqual(p.returncode, 0)
        with open(os.path.join(work, "pith.log"), encoding="latin-1") as f:
            log = f.read()
        self.assertNotRegex(log, r"(?i)(package \w+ warning|no file|undefined references)")
        # The typeset source holds the manual and the commented code.
        text = subprocess.run(["pdftotext", os.path.join(work, "pith.pdf"), "-"], capture_output=True, text=True).stdout
        self.assertIn("pith implementation", text)
        self.assertIn("\\ProvidesExplPackage", text)
        self.assertIn("pith-data.tex", text)

    def test_reproducible(self):
        again = os.path.join(self.dir, "again.zip")
        subprocess.run(["python3", BUILD, "--pith", PITH, "--out", again], check=True, capture_output=True)
        with open(self.zip, "rb") as a, open(again, "rb") as b:
            self.assertEqual(a.read(), b.read())


if __name__ == "__main__":
    unittest.main(verbosity=2)
