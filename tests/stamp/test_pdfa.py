#!/usr/bin/env python3
"""Stamping PDF/A-1b, 2b and 3b files made by Ghostscript keeps what PDF/A asks (docs/FORMAT.md, "PDF/A").

Each claim is read by a tool pith does not share code with:
- pdffonts: every font of the stamped file is embedded;
- exiftool: pdfaid:part and pdfaid:conformance are those of the input;
- the XMP parsed here (xml.etree): a pdfaExtension schema for pith's namespace, prefix pith,
  declaring every pith: property the packet holds (Text, category external);
- qpdf --list-attachments and pikepdf: no embedded file and no /AF in PDF/A-1 and 2; in PDF/A-3 the
  record in /AF and the EmbeddedFiles tree with /AFRelationship /Data, /F and /UF, /Subtype
  application/json and /Params /ModDate from --date;
- hashlib: the XMP's pith:canonicalRecord hashes to the seed's canonical_sha256 (the record travels
  in the XMP when it cannot be attached), and pith extract writes it;
- pikepdf: the link is printable (/F 4) with no other keys than the stamp's, the badge draws
  no transparency (no ExtGState, /Group or SMask), the output intent is the input's object, unchanged;
- pith verify: VERIFIED; the page's verifier (build/web/verify-node.cjs), when built: the stamp
  update validates as in pith;
- the stamp's report (text and --json) names the conformance kept;
- a claim pith does not know (part 9) is stamped as a plain PDF, with a warning; an existing
  extension schema of another namespace is kept; stamping again declares pith once.
veraPDF, the reference PDF/A validator, is not packaged in Debian; no Debian package validates PDF/A.
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
import xml.etree.ElementTree as ET

import pikepdf

PITH = os.environ["PITH"]
DATA = os.environ["PITH_TEST_DATA_DIR"]
SRC = os.environ["PITH_SOURCE_DIR"]
BUILD = os.environ.get("PITH_BUILD_DIR", "")
SEED = os.path.join(DATA, "seeds", "000_ad86baa9ca31c0d5.txt")
sys.path.insert(0, os.path.join(SRC, "tests", "verify"))
sys.path.insert(0, os.path.join(SRC, "tests", "stamp"))
from pdfgen import paper_pdf  # noqa: E402
from pdfa_inputs import make_pdfa  # noqa: E402

TITLE = "On the Expressive Power of Weight Quantization in Large Language Models"
PITH_NS = "https://pith.science/ns/pith/1.0/"
RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
EXT = "{http://www.aiim.org/pdfa/ns/extension/}"
SCHEMA = "{http://www.aiim.org/pdfa/ns/schema#}"
PROP = "{http://www.aiim.org/pdfa/ns/property#}"
LINK_KEYS = {"/Type", "/Subtype", "/Rect", "/Border", "/F", "/P", "/A", "/Contents"}


def run(*args, check=True):
    p = subprocess.run(list(args), capture_output=True, timeout=300)
    if check and p.returncode != 0:
        raise AssertionError("%s -> %d: %s" % (" ".join(args), p.returncode, p.stderr.decode(errors="replace")[:500]))
    return p


def seed_record():
    with open(SEED) as f:
        return json.load(f)


def xmp_of(path):
    with pikepdf.open(path) as pdf:
        return pdf.Root.Metadata.read_bytes()


def pith_properties(packet):
    """The pith: properties of a packet, as elements or attributes of rdf:Description."""
    names = set()
    for d in ET.fromstring(packet.decode("utf-8").split("?>", 1)[1].rsplit("<?xpacket", 1)[0]).iter(RDF + "Description"):
        names |= {k[len(PITH_NS) + 1:] for k in d.attrib if k.startswith("{" + PITH_NS + "}")}
        names |= {c.tag[len(PITH_NS) + 2:] for c in d if c.tag.startswith("{" + PITH_NS + "}")}
    return names


def extension_schemas(packet):
    """Each pdfaExtension:schemas item as (namespaceURI, prefix, [(name, valueType, category, description)])."""
    root = ET.fromstring(packet.decode("utf-8").split("?>", 1)[1].rsplit("<?xpacket", 1)[0])
    out = []
    for schemas in root.iter(EXT + "schemas"):
        for li in schemas.iter(RDF + "li"):
            uri = li.find(SCHEMA + "namespaceURI")
            if uri is None:
                continue  # a property's item, inside pdfaSchema:property
            props = [(p.findtext(PROP + "name"), p.findtext(PROP + "valueType"), p.findtext(PROP + "category"),
                      p.findtext(PROP + "description")) for p in li.find(SCHEMA + "property").iter(RDF + "li")]
            out.append((uri.text, li.findtext(SCHEMA + "prefix"), props))
    return out


class PdfaStamp(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="pith-pdfa-")
        paper = os.path.join(cls.dir, "paper.pdf")
        with open(paper, "wb") as f:
            f.write(paper_pdf(TITLE, pages=1))
        cls.inputs, cls.outputs, cls.reports, cls.stderr = {}, {}, {}, {}
        for part in (1, 2, 3):
            src = make_pdfa(paper, part, os.path.join(cls.dir, "a%d.pdf" % part), TITLE)
            out = os.path.join(cls.dir, "a%d-stamped.pdf" % part)
            p = run(PITH, "stamp", src, "--record", SEED, "--date", "2026-05-01T10:00:00Z", "-o", out, "--json")
            cls.inputs[part], cls.outputs[part] = src, out
            cls.reports[part] = json.loads(p.stdout)
            cls.stderr[part] = run(PITH, "stamp", src, "--record", SEED, "-o", os.path.join(cls.dir, "a%d-text.pdf" % part)).stderr.decode()

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir)

    def test_inputs_are_pdfa(self):
        for part, path in self.inputs.items():
            info = json.loads(run("exiftool", "-j", "-XMP-pdfaid:all", path).stdout)[0]
            self.assertEqual((str(info.get("Part")), info.get("Conformance")), (str(part), "B"), path)

    def test_every_font_embedded(self):
        for part, path in self.outputs.items():
            p = run("pdffonts", path)
            self.assertEqual(p.stderr.decode(), "", "pdffonts reports an error")
            rows = [l.split() for l in p.stdout.decode().splitlines()[2:]]
            self.assertTrue(any("NimbusSans" in r[0] for r in rows), "the badge's fonts are listed")
            for r in rows:
                # name, type (two words for Type 1C), encoding, emb, sub, uni, object, id: emb is 5th from the end
                self.assertEqual(r[-5], "yes", "PDF/A-%d: font %s is not embedded" % (part, r[0]))

    def test_identification_kept(self):
        for part, path in self.outputs.items():
            info = json.loads(run("exiftool", "-j", "-XMP-pdfaid:all", path).stdout)[0]
            self.assertEqual((str(info.get("Part")), info.get("Conformance")), (str(part), "B"), path)

    def test_extension_schema_declares_every_pith_property(self):
        for part, path in self.outputs.items():
            packet = xmp_of(path)
            present = pith_properties(packet)
            self.assertIn("canonicalRecord", present)
            pith = [s for s in extension_schemas(packet) if s[0] == PITH_NS]
            self.assertEqual(len(pith), 1, "PDF/A-%d: one pith schema declared" % part)
            uri, prefix, props = pith[0]
            self.assertEqual(prefix, "pith")
            declared = {p[0] for p in props}
            self.assertLessEqual(present, declared, "PDF/A-%d: undeclared %s" % (part, present - declared))
            for name, value_type, category, description in props:
                self.assertEqual((value_type, category), ("Text", "external"), name)
                self.assertTrue(description, name)
            # exiftool reads the same declaration.
            info = json.loads(run("exiftool", "-j", "-XMP-pdfaExtension:all", path).stdout)[0]
            uris = info.get("SchemasNamespaceURI")
            self.assertIn(PITH_NS, uris if isinstance(uris, list) else [uris])

    def test_attachment_only_where_the_part_allows_it(self):
        for part, path in self.outputs.items():
            listed = run("qpdf", "--list-attachments", path).stdout.decode()
            with pikepdf.open(path) as pdf:
                names = pdf.Root.get("/Names")
                has_tree = names is not None and "/EmbeddedFiles" in names
                if part in (1, 2):
                    self.assertIn("no embedded files", listed)
                    self.assertFalse(has_tree, "PDF/A-%d: an EmbeddedFiles tree" % part)
                    self.assertNotIn("/AF", pdf.Root, "PDF/A-%d: a catalog /AF" % part)
                    continue
                self.assertIn("pith-record.json", listed)
                self.assertTrue(has_tree)
                specs = list(pdf.Root.AF)
                self.assertEqual(len(specs), 1)
                spec = specs[0]
                self.assertEqual(spec.AFRelationship, pikepdf.Name.Data)
                self.assertEqual((str(spec.F), str(spec.UF)), ("pith-record.json", "pith-record.json"))
                ef = spec.EF.F
                self.assertEqual(ef.Subtype, pikepdf.Name("/application/json"))
                self.assertTrue(str(ef.Params.ModDate).startswith("D:20260501100000"))
                self.assertEqual(ef.read_bytes(), json.dumps(seed_record(), sort_keys=True, separators=(",", ":"),
                                                             ensure_ascii=False).encode("utf-8"))

    def test_record_carried_in_the_xmp(self):
        record = seed_record()
        canonical = json.dumps(record["canonical_record"], sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
        for part, path in self.outputs.items():
            info = json.loads(run("exiftool", "-j", "-XMP-pith:all", path).stdout)[0]
            self.assertEqual(hashlib.sha256(info["CanonicalRecord"].encode()).hexdigest(), record["canonical_sha256"])
            extracted = os.path.join(self.dir, "extracted-%d.json" % part)
            run(PITH, "extract", path, "-o", extracted)
            with open(extracted) as f:
                doc = json.load(f)
            self.assertEqual(json.dumps(doc["canonical_record"], sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(), canonical)
            self.assertEqual(doc["pdf"]["attachment"] is None, part in (1, 2))
            run(PITH, "record", "verify", extracted)

    def test_link_badge_and_output_intent(self):
        for part, path in self.outputs.items():
            with pikepdf.open(self.inputs[part]) as before, pikepdf.open(path) as after:
                link = after.pages[0].Annots[-1]
                self.assertEqual(link.Subtype, pikepdf.Name.Link)
                self.assertEqual(int(link.F), 4)
                self.assertLessEqual(set(link.keys()), LINK_KEYS)
                self.assertEqual(link.A.S, pikepdf.Name.URI)
                xobjects = after.pages[0].Resources.XObject
                badge = [xobjects[k] for k in xobjects.keys() if k.startswith("/PithBadge")]
                self.assertEqual(len(badge), 1)
                form = badge[0]
                self.assertNotIn("/Group", form)
                self.assertNotIn("/ExtGState", form.Resources)
                ops = {str(op) for _, op in pikepdf.parse_content_stream(form)}
                self.assertNotIn("gs", ops)
                with open(path, "rb") as f:
                    self.assertNotIn(b"/SMask", f.read()[os.path.getsize(self.inputs[part]):])
                oi_before, oi_after = before.Root.OutputIntents[0], after.Root.OutputIntents[0]
                self.assertEqual(oi_before.objgen, oi_after.objgen)
                self.assertEqual(oi_before.DestOutputProfile.read_bytes(), oi_after.DestOutputProfile.read_bytes())
                self.assertEqual(after.Root.OutputIntents.objgen, before.Root.OutputIntents.objgen)

    def test_verified_by_pith_and_the_page(self):
        node_cli = os.path.join(BUILD, "web", "verify-node.cjs")
        for part, path in self.outputs.items():
            rep = json.loads(run(PITH, "verify", "--json", path).stdout)
            self.assertEqual(rep["verdict"], "VERIFIED", path)
            update = [c for c in rep["checks"] if c["id"] == "pith.stamp.update"][0]
            self.assertIn("PDF/A-%dB kept" % part, update["reason"])
            if BUILD and os.path.exists(node_cli) and shutil.which("node"):
                page = json.loads(run("node", node_cli, path).stdout)
                statuses = {c["id"]: c["status"] for c in page["checks"]}
                self.assertEqual(statuses["pith.stamp.update"], "pass", [c for c in page["checks"] if c["id"] == "pith.stamp.update"])
                for c in rep["checks"]:
                    if c["id"].startswith(("pith.record", "pith.binding", "pith.stamp", "pith.revisions")):
                        self.assertEqual(statuses.get(c["id"]), c["status"], "%s: %s" % (path, c["id"]))

    def test_stamp_report_names_the_conformance(self):
        for part in (1, 2, 3):
            pdfa = self.reports[part]["pdfa"]
            self.assertEqual(pdfa["conformance"], "PDF/A-%dB" % part)
            self.assertTrue(pdfa["kept"])
            self.assertEqual(pdfa["record"], "attachment" if part == 3 else "xmp")
            self.assertIn("PDF/A-%dB kept" % part, self.stderr[part])
        self.assertIn("the record is carried in the XMP", self.stderr[2])
        self.assertIn("/AFRelationship /Data", self.stderr[3])
        self.assertIn("no /Params /ModDate", self.stderr[3])  # stamped without --date

    def test_unknown_claim_is_stamped_as_plain(self):
        src = os.path.join(self.dir, "part9.pdf")
        with pikepdf.open(self.inputs[2]) as pdf:
            packet = pdf.Root.Metadata.read_bytes().replace(b"pdfaid:part='2'", b"pdfaid:part='9'")
            self.assertIn(b"pdfaid:part='9'", packet)
            pdf.Root.Metadata.write(packet)
            pdf.save(src)
        out = os.path.join(self.dir, "part9-stamped.pdf")
        p = run(PITH, "stamp", src, "--record", SEED, "-o", out, "--json")
        line = json.loads(p.stdout)
        self.assertEqual(line["pdfa"], {"conformance": "PDF/A-9B", "kept": False})
        self.assertIn("PDF/A-9B, a PDF/A conformance pith does not know", p.stderr.decode())
        with pikepdf.open(out) as pdf:
            self.assertEqual(pdf.Root.AF[0].AFRelationship, pikepdf.Name.Supplement)
        self.assertEqual(extension_schemas(xmp_of(out)), [])
        self.assertEqual(json.loads(run(PITH, "verify", "--json", out).stdout)["verdict"], "VERIFIED")

    def test_other_schemas_kept_and_pith_declared_once(self):
        foreign = ("<rdf:Description rdf:about='' xmlns:pdfaExtension='http://www.aiim.org/pdfa/ns/extension/' "
                   "xmlns:pdfaSchema='http://www.aiim.org/pdfa/ns/schema#' xmlns:pdfaProperty='http://www.aiim.org/pdfa/ns/property#'>"
                   "<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType='Resource'>"
                   "<pdfaSchema:schema>Example</pdfaSchema:schema><pdfaSchema:namespaceURI>http://example.org/ns/x/</pdfaSchema:namespaceURI>"
                   "<pdfaSchema:prefix>x</pdfaSchema:prefix><pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType='Resource'>"
                   "<pdfaProperty:name>thing</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType>"
                   "<pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>A thing</pdfaProperty:description>"
                   "</rdf:li></rdf:Seq></pdfaSchema:property></rdf:li></rdf:Bag></pdfaExtension:schemas></rdf:Description></rdf:RDF>")
        src = os.path.join(self.dir, "foreign-schema.pdf")
        with pikepdf.open(self.inputs[2]) as pdf:
            packet = pdf.Root.Metadata.read_bytes().replace(b"</rdf:RDF>", foreign.encode())
            pdf.Root.Metadata.write(packet)
            pdf.save(src)
        once = os.path.join(self.dir, "foreign-once.pdf")
        twice = os.path.join(self.dir, "foreign-twice.pdf")
        run(PITH, "stamp", src, "--record", SEED, "-o", once)
        run(PITH, "stamp", once, "--record", SEED, "--force", "-o", twice)
        node_cli = os.path.join(BUILD, "web", "verify-node.cjs")
        for path in (once, twice):
            schemas = extension_schemas(xmp_of(path))
            self.assertEqual([s[0] for s in schemas], ["http://example.org/ns/x/", PITH_NS], path)
            self.assertEqual(schemas[0][2], [("thing", "Text", "external", "A thing")])
            self.assertEqual(json.loads(run(PITH, "verify", "--json", path).stdout)["verdict"], "VERIFIED", path)
            if BUILD and os.path.exists(node_cli) and shutil.which("node"):
                page = json.loads(run("node", node_cli, path).stdout)
                self.assertEqual({c["id"]: c["status"] for c in page["checks"]}["pith.stamp.update"], "pass", path)


if __name__ == "__main__":
    unittest.main(verbosity=2)
