#!/usr/bin/env python3
"""A stamp keeps every item of the document's XMP language alternatives, and a verifier sees each item.

The XMP toolkit pith writes with (Exempi 2.6.3) normalises a two-item language alternative to the
x-default value in both items when it reads one (docs/FORMAT.md, "Language alternatives"). Checked
with readers pith does not share code with:
- exiftool: every dc:title, dc:rights and dc:description item of the stamped file is the input's
  (two-item alternatives with x-default first and second, and a three-item one with x-default last);
- pith verify and the page's verifier (build/web/verify-node.cjs, when built): VERIFIED / the
  stamp update passes;
- tests/data/stamp-format3/language-alternatives.pdf, this input stamped in format 3 (which lost the
  two-item alternatives' second items): still VERIFIED by pith and the page;
- an item of a two-item alternative changed in the stamp's packet (same length, so every offset
  holds): pith verify FAILED on the stamp update, and the page fails it too.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import pikepdf

PITH = os.environ["PITH"]
DATA = os.environ["PITH_TEST_DATA_DIR"]
SRC = os.environ["PITH_SOURCE_DIR"]
BUILD = os.environ.get("PITH_BUILD_DIR", "")
SEED = os.path.join(DATA, "seeds", "000_ad86baa9ca31c0d5.txt")
sys.path.insert(0, os.path.join(SRC, "tests", "verify"))
from pdfgen import paper_pdf  # noqa: E402

TITLE = "On the Expressive Power of Weight Quantization in Large Language Models"
GERMAN_TITLE = "Zur Ausdruckskraft der Gewichtsquantisierung"
PACKET = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">%s</rdf:li><rdf:li xml:lang="de">%s</rdf:li></rdf:Alt></dc:title>
<dc:rights><rdf:Alt><rdf:li xml:lang="de">Alle Rechte vorbehalten</rdf:li><rdf:li xml:lang="x-default">All rights reserved</rdf:li></rdf:Alt></dc:rights>
<dc:description><rdf:Alt><rdf:li xml:lang="fr">Un resume</rdf:li><rdf:li xml:lang="de">Eine Zusammenfassung</rdf:li><rdf:li xml:lang="x-default">An abstract</rdf:li></rdf:Alt></dc:description>
</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>""" % (TITLE, GERMAN_TITLE)
EXPECTED = {
    "Title": TITLE, "Title-de": GERMAN_TITLE,
    "Rights": "All rights reserved", "Rights-de": "Alle Rechte vorbehalten",
    "Description": "An abstract", "Description-fr": "Un resume", "Description-de": "Eine Zusammenfassung",
}


def run(*args, check=True):
    p = subprocess.run(list(args), capture_output=True, timeout=300)
    if check and p.returncode != 0:
        raise AssertionError("%s -> %d: %s" % (" ".join(args), p.returncode, p.stderr.decode(errors="replace")[:500]))
    return p


def dublin_core(path):
    info = json.loads(run("exiftool", "-j", "-XMP-dc:all", path).stdout)[0]
    return {k: v for k, v in info.items() if k != "SourceFile"}


def page_checks(path):
    node_cli = os.path.join(BUILD, "web", "verify-node.cjs")
    if not (BUILD and os.path.exists(node_cli) and shutil.which("node")):
        return None
    page = json.loads(run("node", node_cli, path, check=False).stdout)
    return {c["id"]: c for c in page["checks"]}


class LanguageAlternatives(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="pith-lang-alt-")
        plain = os.path.join(cls.dir, "plain.pdf")
        with open(plain, "wb") as f:
            f.write(paper_pdf(TITLE, pages=1, info_title=TITLE))
        cls.input = os.path.join(cls.dir, "paper.pdf")
        with pikepdf.open(plain) as pdf:
            pdf.Root.Metadata = pdf.make_stream(PACKET.encode("utf-8"), Type=pikepdf.Name.Metadata, Subtype=pikepdf.Name.XML)
            pdf.save(cls.input, static_id=True)
        cls.output = os.path.join(cls.dir, "stamped.pdf")
        run(PITH, "stamp", cls.input, "--record", SEED, "-o", cls.output)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir)

    def test_input_holds_the_alternatives(self):
        self.assertEqual(dublin_core(self.input), EXPECTED)

    def test_stamp_keeps_every_item(self):
        self.assertEqual(dublin_core(self.output), EXPECTED)

    def test_verified_by_pith_and_the_page(self):
        rep = json.loads(run(PITH, "verify", "--json", self.output).stdout)
        self.assertEqual(rep["verdict"], "VERIFIED", [c for c in rep["checks"] if c["status"] != "pass"])
        checks = page_checks(self.output)
        if checks is not None:
            self.assertEqual(checks["pith.stamp.update"]["status"], "pass", checks["pith.stamp.update"])
            self.assertEqual(checks["pith.binding.match"]["status"], "pass", checks["pith.binding.match"])

    def test_a_format_3_stamp_still_verifies(self):
        legacy = os.path.join(DATA, "stamp-format3", "language-alternatives.pdf")
        lost = dict(EXPECTED, **{"Title-de": TITLE, "Rights-de": "All rights reserved"})
        self.assertEqual(dublin_core(legacy), lost, "format 3 wrote the two-item alternatives as Exempi read them")
        p = run(PITH, "verify", "--json", legacy, check=False)
        rep = json.loads(p.stdout)
        self.assertEqual(rep["verdict"], "VERIFIED", [c for c in rep["checks"] if c["status"] != "pass"])
        self.assertEqual(rep["facts"]["stamp_parameters"]["format"], 3)
        checks = page_checks(legacy)
        if checks is not None:
            self.assertEqual(checks["pith.stamp.update"]["status"], "pass", checks["pith.stamp.update"])

    def test_a_changed_item_fails(self):
        with open(self.output, "rb") as f:
            data = f.read()
        prefix = os.path.getsize(self.input)
        forged_title = "Eine ganz andere Arbeit ueber Quantisierung!"
        self.assertEqual(len(forged_title), len(GERMAN_TITLE))
        update = data[prefix:]
        self.assertEqual(update.count(GERMAN_TITLE.encode()), 1, "the stamp's packet holds the German title once")
        forged = os.path.join(self.dir, "forged.pdf")
        with open(forged, "wb") as f:
            f.write(data[:prefix] + update.replace(GERMAN_TITLE.encode(), forged_title.encode()))
        self.assertEqual(dublin_core(forged)["Title-de"], forged_title, "exiftool reads the forged item")
        p = run(PITH, "verify", "--json", forged, check=False)
        rep = json.loads(p.stdout)
        self.assertEqual(rep["verdict"], "FAILED")
        self.assertNotEqual(p.returncode, 0)
        update_check = [c for c in rep["checks"] if c["id"] == "pith.stamp.update"][0]
        self.assertEqual(update_check["status"], "fail")
        self.assertIn("XMP", update_check["reason"])
        checks = page_checks(forged)
        if checks is not None:
            self.assertEqual(checks["pith.stamp.update"]["status"], "fail", checks["pith.stamp.update"])


if __name__ == "__main__":
    unittest.main()
