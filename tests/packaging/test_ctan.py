#!/usr/bin/env python3
"""The CTAN bundle: built by packaging/ctan/build_ctan.py, its layout checked with zipfile, the
documentation PDF with pdfinfo, pdftotext and pith verify."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
import zipfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "verify"))
from pdfgen import append_update, stream, trailer_value  # noqa: E402

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
        # The documentation carries an example record, whose paper it is not. Everything the package
        # made checks out (record, one revision as compiled, badge, link); whether page 1 shows the
        # record's title decides the verdict, and pdftotext says independently whether it does.
        p = subprocess.run([PITH, "verify", "--json", pdf], capture_output=True)
        report = json.loads(p.stdout)
        status = {c["id"]: c["status"] for c in report["checks"]}
        for check_id in ("pith.data.found", "pith.record.valid", "pith.data.consistent", "pith.recordHash.match",
                         "pith.number.match", "pith.receipt.signature", "pith.revisions.none", "pith.badge.shown",
                         "pith.link.match"):
            self.assertEqual(status.get(check_id), "pass", (check_id, report))
        self.assertEqual(status.get("pith.binding.match"), "n/a", report)  # made by the package: no binding
        for check_id, st in status.items():
            if check_id not in ("pith.title.shown", "pith.title.metadata"):
                self.assertIn(st, ("pass", "n/a"), (check_id, report))
        with open(os.path.join(SRC, "examples", "records", "seed-XWMJ4DGY.json"), encoding="utf-8") as f:
            title = json.load(f)["paper"]["title"]
        page1 = subprocess.run(["pdftotext", "-f", "1", "-l", "1", pdf, "-"], capture_output=True, text=True).stdout
        key = lambda t: re.sub(r"[^0-9a-z]", "", t.lower())  # noqa: E731
        if key(title) in key(page1):
            self.assertEqual(status.get("pith.title.shown"), "pass", report)
        else:
            self.assertEqual(status.get("pith.title.shown"), "fail", report)
        want = "FAILED" if "fail" in status.values() else "VERIFIED"
        self.assertEqual(report["verdict"], want, report)
        self.assertEqual(p.returncode, 0 if want == "VERIFIED" else 1)

        # A LaTeX-made PDF is one revision as its engine wrote it: anything appended fails
        # pith.revisions.none (MODIFIED, or FAILED where a check failed already).
        after = "MODIFIED" if want == "VERIFIED" else "FAILED"
        data = open(pdf, "rb").read()
        size = int(re.findall(rb"/Size (\d+)", data)[-1])
        root = trailer_value(data, "Root")
        for name, changed in (("revision", append_update(data, {size: stream(b"", b"% later")}, size + 1, root=root,
                                                         info=trailer_value(data, "Info"))),
                              ("bytes", data + b"% appended\n")):
            later = os.path.join(self.dir, "doc-%s.pdf" % name)
            with open(later, "wb") as f:
                f.write(changed)
            p = subprocess.run([PITH, "verify", "--json", later], capture_output=True)
            report = json.loads(p.stdout)
            status = {c["id"]: c["status"] for c in report["checks"]}
            self.assertEqual((p.returncode, report["verdict"], status.get("pith.revisions.none")), (1, after, "fail"),
                             (name, report))

    def test_reproducible(self):
        again = os.path.join(self.dir, "again.zip")
        subprocess.run(["python3", BUILD, "--pith", PITH, "--out", again], check=True, capture_output=True)
        with open(self.zip, "rb") as a, open(again, "rb") as b:
            self.assertEqual(a.read(), b.read())


if __name__ == "__main__":
    unittest.main(verbosity=2)
