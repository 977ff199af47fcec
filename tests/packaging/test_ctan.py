#!/usr/bin/env python3
"""The CTAN bundle: built by packaging/ctan/build_ctan.py, its layout checked with zipfile, the
documentation PDF with pdfinfo, pdftotext and pith verify."""
import os
import shutil
import subprocess
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
            self.assertEqual(files, ["pith/README.md", "pith/pith-doc.pdf", "pith/pith-doc.tex", "pith/pith.sty",
                                     "pith/pith.sty.ltxml"])
            for n in names:
                self.assertFalse(os.path.basename(n.rstrip("/")).startswith("."), n)
            for name in ("pith.sty", "pith.sty.ltxml"):
                with open(os.path.join(SRC, "latex", name), "rb") as f:
                    self.assertEqual(z.read("pith/" + name), f.read(), name)
            readme = z.read("pith/README.md").decode("utf-8")
            self.assertIn("\\usepackage{pith}", readme)
            self.assertIn("Licence", readme)
            for info in z.infolist():
                mode = info.external_attr >> 16
                self.assertEqual(mode & 0o777, 0o755 if info.is_dir() else 0o644, info.filename)
            z.extractall(self.dir)

    def test_documentation_pdf(self):
        pdf = os.path.join(self.dir, "doc.pdf")
        with zipfile.ZipFile(self.zip) as z, open(pdf, "wb") as f:
            f.write(z.read("pith/pith-doc.pdf"))
        info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
        pages = int([l for l in info.splitlines() if l.startswith("Pages:")][0].split()[1])
        self.assertGreaterEqual(pages, 3)
        text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True, check=True).stdout
        self.assertIn("pith:XWMJ4DGY", text)  # the badge, drawn by the package documented
        self.assertIn("pith latex", text)
        self.assertIn("pith-data.tex", text)
        # The documentation carries its example record: the package's own output verifies.
        self.assertEqual(subprocess.run([PITH, "verify", pdf], capture_output=True).returncode, 0)

    def test_reproducible(self):
        again = os.path.join(self.dir, "again.zip")
        subprocess.run(["python3", BUILD, "--pith", PITH, "--out", again], check=True, capture_output=True)
        with open(self.zip, "rb") as a, open(again, "rb") as b:
            self.assertEqual(a.read(), b.read())


if __name__ == "__main__":
    unittest.main(verbosity=2)
