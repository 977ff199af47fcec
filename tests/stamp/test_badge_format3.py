#!/usr/bin/env python3
"""The stamp's badge (stamp format 3) read by independent tools, and format-2 stamps still verified.

- pdffonts: the badge's two fonts are embedded subsets (Type 1C), no reader error;
- pdftotext: the badge's text is extractable ("Pith Number pith:SHORT8");
- pdftoppm, mutool draw and Ghostscript render page 1 at 96 dpi, and zbarimg decodes the QR code;
- qpdf: the file checks, the badge form's content is one /Artifact, the link keeps its alt text;
- pith verify: format 3 verifies, and an edited font dictionary fails the stamp-update check;
- exiftool: the XMP's new xmpMM:InstanceID is the one docs/FORMAT.md derives (hashlib here), the
  dates follow --date;
- a linearized input (qpdf --linearize) is reported as no longer linearized;
- tests/data/stamp-format2: stamps written by pith 0.1 (format 2) still verify.
"""
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

PITH = os.environ["PITH"]
DATA = os.environ["PITH_TEST_DATA_DIR"]
SEED = os.path.join(DATA, "seeds", "000_ad86baa9ca31c0d5.txt")
FORMAT2 = os.path.join(DATA, "stamp-format2")
sys.path.insert(0, os.path.join(os.environ["PITH_SOURCE_DIR"], "tests", "verify"))
from pdfgen import paper_pdf  # noqa: E402

TITLE = "On the Expressive Power of Weight Quantization in Large Language Models"
URL = "https://pith.science/pith/XWMJ4DGYPGPNYY3GAECCTV6HU5"
LABEL = "pith:XWMJ4DGY"


def run(*args, check=True):
    p = subprocess.run(list(args), capture_output=True, timeout=300)
    if check and p.returncode != 0:
        raise AssertionError("%s -> %d: %s" % (" ".join(args), p.returncode, p.stderr.decode(errors="replace")[:500]))
    return p


def stamp_parameters(path):
    """pith:stampParameters read from the XMP with exiftool (a reader pith does not share)."""
    out = json.loads(run("exiftool", "-j", "-XMP-pith:all", path).stdout)[0]
    return json.loads(out["StampParameters"])


class Format3(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="pith-format3-")
        cls.paper = os.path.join(cls.dir, "paper.pdf")
        with open(cls.paper, "wb") as f:
            f.write(paper_pdf(TITLE, pages=1))
        cls.qr = os.path.join(cls.dir, "qr.pdf")
        cls.plain = os.path.join(cls.dir, "no-qr.pdf")
        run(PITH, "stamp", cls.paper, "--record", SEED, "-o", cls.qr)
        run(PITH, "stamp", cls.paper, "--record", SEED, "--no-qr", "-o", cls.plain)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir)

    def test_fonts_embedded_and_readable(self):
        for path in (self.qr, self.plain):
            p = run("pdffonts", path)
            self.assertEqual(p.stderr.decode(), "", "pdffonts reports an error")
            rows = [l.split() for l in p.stdout.decode().splitlines()[2:]]
            badge = {r[0]: r for r in rows if "NimbusSans" in r[0]}
            self.assertEqual(sorted(badge), ["PITHBD+NimbusSans-Bold", "PITHRG+NimbusSans-Regular"])
            for name, r in badge.items():
                # name, type "Type 1C", encoding, emb, sub, uni, object, id
                self.assertEqual(r[1:3], ["Type", "1C"], name)
                self.assertEqual(r[4:6], ["yes", "yes"], name + ": embedded subset")

    def test_text_extractable(self):
        for path in (self.qr, self.plain):
            text = run("pdftotext", "-l", "1", path, "-").stdout.decode()
            self.assertIn("Pith Number " + LABEL, " ".join(text.split()))

    def test_qr_decodes_at_96_dpi_in_three_renderers(self):
        out = os.path.join(self.dir, "r")
        renders = {
            "pdftoppm": ["pdftoppm", "-r", "96", "-f", "1", "-l", "1", "-png", "-singlefile", self.qr, out + "-poppler"],
            "mutool": ["mutool", "draw", "-q", "-r", "96", "-o", out + "-mupdf.png", self.qr, "1"],
            "gs": ["gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=png16m", "-r96", "-dFirstPage=1", "-dLastPage=1",
                   "-dTextAlphaBits=4", "-dGraphicsAlphaBits=4", "-sOutputFile=" + out + "-gs.png", self.qr],
        }
        for name, cmd in renders.items():
            run(*cmd)
            png = {"pdftoppm": out + "-poppler.png", "mutool": out + "-mupdf.png", "gs": out + "-gs.png"}[name]
            z = run("zbarimg", "-q", "--raw", png, check=False)
            self.assertEqual(z.stdout.decode().strip(), URL, name + " at 96 dpi: the QR code does not decode")

    def test_artifact_and_alt_text(self):
        qdf = os.path.join(self.dir, "qdf.pdf")
        run("qpdf", "--check", self.qr)
        run("qpdf", "--qdf", "--object-streams=disable", self.qr, qdf)
        with open(qdf, "rb") as f:
            data = f.read()
        forms = [m for m in re.finditer(rb"/Subtype /Form", data)]
        self.assertTrue(forms)
        content = data[data.index(b"stream", forms[-1].start()):]
        content = content[:content.index(b"endstream")]
        self.assertTrue(content.split(b"\n", 1)[1].startswith(b"/Artifact BMC"), content[:80])
        self.assertTrue(content.rstrip().endswith(b"EMC"))
        self.assertIn(b"/Contents (Pith Number " + LABEL.encode() + b")", data)

    def test_verifies_and_records_format_3(self):
        for path in (self.qr, self.plain):
            p = run(PITH, "verify", "--json", path, check=False)
            self.assertEqual(p.returncode, 0, p.stdout.decode()[:800])
            self.assertEqual(stamp_parameters(path)["format"], 4)  # format 4 draws the format-3 badge

    def test_edited_font_fails_the_update_check(self):
        with open(self.qr, "rb") as f:
            data = f.read()
        edited = data.replace(b"/Widths[278", b"/Widths[279", 1)
        self.assertNotEqual(edited, data)
        path = os.path.join(self.dir, "edited.pdf")
        with open(path, "wb") as f:
            f.write(edited)
        p = run(PITH, "verify", "--json", path, check=False)
        self.assertNotEqual(p.returncode, 0)
        checks = {c["id"]: c for c in json.loads(p.stdout)["checks"]}
        self.assertEqual(checks["pith.stamp.update"]["status"], "fail", p.stdout.decode()[:800])


    def test_instance_id_and_dates(self):
        dated = os.path.join(self.dir, "dated.pdf")
        run(PITH, "stamp", self.paper, "--record", SEED, "--date", "2026-05-01T10:20:30Z", "-o", dated)
        xmp = json.loads(run("exiftool", "-j", "-XMP:all", "-d", "%Y-%m-%dT%H:%M:%SZ", dated).stdout)[0]
        pith = json.loads(run("exiftool", "-j", "-XMP-pith:all", dated).stdout)[0]
        seed = "pith-instance" + pith["StampedSha256"] + pith["CanonicalSha256"] + pith["StampParameters"]
        h = hashlib.sha256(seed.encode()).hexdigest()
        self.assertEqual(xmp["InstanceID"], "uuid:%s-%s-%s-%s-%s" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:32]))
        self.assertEqual(xmp["MetadataDate"], "2026-05-01T10:20:30Z")
        self.assertEqual(xmp["ModifyDate"], "2026-05-01T10:20:30Z")
        undated = json.loads(run("exiftool", "-j", "-XMP:all", self.qr).stdout)[0]
        self.assertNotIn("MetadataDate", undated)
        self.assertNotEqual(undated["InstanceID"], xmp["InstanceID"])  # another revision: other parameters

    def test_linearized_input_is_reported(self):
        lin = os.path.join(self.dir, "lin.pdf")
        run("qpdf", "--linearize", self.paper, lin)
        self.assertIn("Optimized:       yes", run("pdfinfo", lin).stdout.decode())  # poppler: linearized
        p = run(PITH, "stamp", lin, "--record", SEED, "-o", os.path.join(self.dir, "lin-stamped.pdf"))
        self.assertIn("no longer linearized", p.stderr.decode())
        self.assertIn("Optimized:       no", run("pdfinfo", os.path.join(self.dir, "lin-stamped.pdf")).stdout.decode())
        line = json.loads(run(PITH, "stamp", lin, "--record", SEED, "--json", "-o", os.path.join(self.dir, "l2.pdf")).stdout)
        self.assertIs(line["linearized_input"], True)
        line = json.loads(run(PITH, "stamp", self.paper, "--record", SEED, "--json", "-o", os.path.join(self.dir, "l3.pdf")).stdout)
        self.assertIs(line["linearized_input"], False)
        self.assertEqual(run(PITH, "verify", os.path.join(self.dir, "lin-stamped.pdf"), check=False).returncode, 0)


class Format2(unittest.TestCase):
    def test_format2_fixtures_still_verify(self):
        names = sorted(n for n in os.listdir(FORMAT2) if n.endswith(".pdf"))
        self.assertGreaterEqual(len(names), 2)
        for name in names:
            path = os.path.join(FORMAT2, name)
            self.assertEqual(stamp_parameters(path)["format"], 2, name)
            p = run(PITH, "verify", path, check=False)
            self.assertEqual(p.returncode, 0, name + ": " + p.stdout.decode()[:800])
            self.assertRegex(p.stdout.decode(), r"pass\s+Stamp update", name)


if __name__ == "__main__":
    unittest.main()
