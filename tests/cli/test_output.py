#!/usr/bin/env python3
"""What the commands print, against independent references: `pith canonical --sha256` of a record
is Python's hash of its canonical record (docs/FORMAT.md) and says which part it hashed; every
--json object follows docs/JSON.md (schema, subject, canonical bytes, an object for unreadable
input too); text reports of several files are separated and summed up; --quiet and --verbose;
revision numbers in the text are those of the JSON and of the file's own xref sections; the LaTeX
route's "Copies agree" names only the copies pdfdetach and exiftool find."""
import base64
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
SRC = os.environ["PITH_SOURCE_DIR"]
DATA = os.environ["PITH_TEST_DATA_DIR"]
SEEDS = {name[:3]: os.path.join(DATA, "seeds", name) for name in os.listdir(os.path.join(DATA, "seeds"))}
RECORD = os.path.join(SRC, "examples", "records", "seed-XWMJ4DGY.json")
BARE = os.path.join(SRC, "examples", "records", "seed-46ATTTLZ-canonical.json")
TITLE = "On the Expressive Power of Weight Quantization in Large Language Models"
sys.path.insert(0, os.path.join(SRC, "tests", "verify"))
from pdfgen import append_update, paper_pdf, stream, trailer_value  # noqa: E402


def canonical(value):
    """docs/FORMAT.md: the canonical bytes of a JSON value."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def pith(*args, stdin=None):
    return subprocess.run([PITH, *args], capture_output=True, text=True, timeout=120, input=stdin)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def canonical_part(doc):
    """Where each registry shape keeps its canonical record (docs/FORMAT.md, "Record shapes")."""
    if "canonical_record" in doc:
        return doc["canonical_record"], "$.canonical_record"
    if "current" in doc:
        return doc["current"]["record_created"]["payload"]["canonical_record"], "$.current.record_created.payload.canonical_record"
    return doc, "$"


class Base(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="pith-output-")
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def path(self, name):
        return os.path.join(self.tmp, name)

    def write(self, name, data):
        with open(self.path(name), "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode())
        return self.path(name)

    def assertCanonicalLine(self, line):
        obj = json.loads(line)
        self.assertEqual(line.encode(), canonical(obj), "a JSON line is pith's canonical JSON")
        return obj


class CanonicalTest(Base):
    def test_sha256_of_a_record_is_its_canonical_sha256(self):
        for prefix in ("000", "002", "003"):
            with self.subTest(seed=prefix):
                doc = json.loads(read(SEEDS[prefix]))
                part, where = canonical_part(doc)
                digest = hashlib.sha256(canonical(part)).hexdigest()
                stated = doc.get("canonical_sha256") or doc["current"]["record_created"]["payload"]["canonical_sha256"]
                self.assertEqual(digest, stated, "Python agrees with the registry")
                p = pith("canonical", SEEDS[prefix], "--sha256")
                self.assertEqual((p.returncode, p.stdout), (0, digest + "\n"), p.stderr)
                self.assertEqual(len(p.stderr.splitlines()), 1, p.stderr)
                self.assertIn("hashed the canonical record of %s (%s of a %s)" % (
                    SEEDS[prefix], where, doc.get("record_type") or doc.get("state_type")), p.stderr)
                self.assertIn("--whole", p.stderr)
                # The bytes, on stdin too; --quiet drops the note; --whole is the document as written.
                p = pith("canonical", "-", stdin=read(SEEDS[prefix]).decode())
                self.assertEqual(p.stdout.encode(), canonical(part))
                p = pith("canonical", SEEDS[prefix], "--sha256", "--quiet")
                self.assertEqual((p.stdout, p.stderr), (digest + "\n", ""))
                p = pith("canonical", SEEDS[prefix], "--sha256", "--whole")
                self.assertEqual((p.stdout, p.stderr), (hashlib.sha256(canonical(doc)).hexdigest() + "\n", ""))

    def test_a_bare_record_and_other_json(self):
        record = canonical_part(json.loads(read(SEEDS["000"])))[0]
        bare = self.write("bare.json", json.dumps(record, indent=1))
        p = pith("canonical", bare, "--sha256")
        self.assertEqual(p.stdout, hashlib.sha256(canonical(record)).hexdigest() + "\n")
        self.assertIn("hashed %s, a bare canonical record" % bare, p.stderr)
        # Shaped like a canonical record but not a valid one: JSON like any other, hashed whole, no note.
        record_like = dict(record, schema_version="0.9")
        like = self.write("like.json", json.dumps(record_like))
        p = pith("canonical", like, "--sha256")
        self.assertEqual((p.returncode, p.stdout, p.stderr), (0, hashlib.sha256(canonical(record_like)).hexdigest() + "\n", ""))
        other = self.write("other.json", '{"b": [1, 2.50, "\u00e9"], "a": null}')
        p = pith("canonical", other, "--sha256")
        self.assertEqual((p.returncode, p.stdout, p.stderr),
                         (0, hashlib.sha256(canonical(json.loads(read(other)))).hexdigest() + "\n", ""))

    def test_a_broken_record_says_so_and_whole_still_hashes_it(self):
        doc = json.loads(read(SEEDS["000"]))
        del doc["canonical_record"]
        broken = self.write("broken.json", json.dumps(doc))
        p = pith("canonical", broken, "--sha256")
        self.assertEqual(p.returncode, 3)
        self.assertEqual(p.stdout, "")
        self.assertEqual(len(p.stderr.splitlines()), 1)
        self.assertIn("not a valid pith_number_record", p.stderr)
        self.assertIn('missing field "canonical_record"', p.stderr)
        p = pith("canonical", broken, "--sha256", "--whole")
        self.assertEqual((p.returncode, p.stdout), (0, hashlib.sha256(canonical(doc)).hexdigest() + "\n"))


class JsonConventionTest(Base):
    def unreadable(self, p, subject, schema="pith.report/1"):
        self.assertEqual(p.returncode, 3, p.stderr)
        lines = p.stdout.splitlines()
        self.assertEqual(len(lines), 1, p.stdout)
        obj = self.assertCanonicalLine(lines[0])
        self.assertEqual((obj["schema"], obj["subject"]), (schema, subject))
        err = p.stderr.splitlines()
        self.assertEqual(len(err), 1, p.stderr)
        self.assertEqual("pith: " + obj["error"], err[0], "the object's error is the stderr line")
        return obj

    def test_unreadable_records(self):
        for name, data in (("missing.json", None), ("bad.json", "{not json"), ("odd.json", "[1,2]"),
                           ("dir", "directory")):
            with self.subTest(name=name):
                path = self.path(name)
                if data == "directory":
                    os.mkdir(path)
                elif data is not None:
                    self.write(name, data)
                obj = self.unreadable(pith("record", "verify", "--json", path), path)
                self.assertEqual(obj["verdict"], "UNREADABLE")
                self.assertEqual(sorted(obj), ["error", "schema", "subject", "verdict"])
                obj = self.unreadable(pith("record", "show", "--json", path), path, "pith.record/1")
                self.assertEqual(sorted(obj), ["error", "schema", "subject"])
        obj = self.unreadable(pith("record", "verify", "--json", "-", stdin="{"), "<stdin>")
        self.assertEqual(obj["verdict"], "UNREADABLE")

    def test_unreadable_pdf_is_the_same_object(self):
        notpdf = self.write("scan.pdf", "not a pdf")
        obj = self.unreadable(pith("verify", "--json", notpdf), notpdf)
        self.assertEqual(sorted(obj), ["error", "schema", "subject", "verdict"])
        self.assertEqual(obj["verdict"], "UNREADABLE")

    def test_every_json_line_has_schema_and_subject(self):
        pdf = self.write("paper.pdf", paper_pdf(TITLE))
        outdir = self.path("out")
        p = pith("stamp", pdf, self.write("bad.pdf", "x"), "--record", RECORD, "--output-dir", outdir)
        self.assertEqual(p.returncode, 3)
        stamped, bad = [self.assertCanonicalLine(line) for line in p.stdout.splitlines()]
        self.assertEqual((stamped["schema"], stamped["subject"], stamped["ok"], stamped["exit"], stamped["verdict"]),
                         ("pith.stamp/1", pdf, True, 0, "VERIFIED"))
        self.assertEqual(stamped["added_bytes"], os.path.getsize(os.path.join(outdir, "paper.pdf")) - os.path.getsize(pdf))
        self.assertEqual((bad["schema"], bad["subject"], bad["ok"], bad["exit"]), ("pith.stamp/1", self.path("bad.pdf"), False, 3))
        self.assertIn("error", bad)
        out = os.path.join(outdir, "paper.pdf")
        for args, schema in ((["verify", "--json", out], "pith.report/1"),
                             (["record", "verify", "--json", RECORD], "pith.report/1"),
                             (["record", "show", "--json", RECORD], "pith.record/1")):
            p = pith(*args)
            self.assertEqual(p.returncode, 0, p.stderr)
            obj = self.assertCanonicalLine(p.stdout.strip())
            self.assertEqual((obj["schema"], obj["subject"]), (schema, args[-1]))


class TextOutputTest(Base):
    def papers(self):
        plain = self.write("plain.pdf", paper_pdf(TITLE))
        stamped = self.path("stamped.pdf")
        self.assertEqual(pith("stamp", plain, "--record", RECORD, "-o", stamped).returncode, 0)
        data = read(stamped)
        size = int(re.findall(rb"/Size (\d+)", data)[-1])
        later = self.write("later.pdf", append_update(data, {size: stream(b"", b"% later")}, size + 1,
                                                      root=trailer_value(data, "Root"), info=trailer_value(data, "Info")))
        broken = self.write("broken.pdf", "not a pdf")
        return [stamped, plain, later, broken]

    def test_several_files_are_separated_and_summed_up(self):
        files = self.papers()
        verdicts = []
        for f in files:
            p = pith("verify", "--json", f)
            verdicts.append(json.loads(p.stdout)["verdict"])
        self.assertEqual(verdicts, ["VERIFIED", "NO-PITH-DATA", "MODIFIED", "UNREADABLE"])
        p = pith("verify", *files)
        self.assertEqual(p.returncode, 3)
        blocks = p.stdout.split("\n\n")
        # One block per file (the unreadable one is its verdict line, its error on stderr), then the summary.
        self.assertEqual(len(blocks), 5, p.stdout)
        for block, f, verdict in zip(blocks, files, verdicts):
            self.assertEqual(block.splitlines()[0], "%s: %s" % (f, verdict))
        self.assertEqual(blocks[-1], "4 files: 1 UNREADABLE, 1 MODIFIED, 1 NO-PITH-DATA, 1 VERIFIED\n")
        self.assertEqual(blocks[3], "%s: UNREADABLE" % files[3])
        self.assertEqual(len(p.stderr.splitlines()), 1)
        self.assertIn(files[-1], p.stderr)
        # --quiet: the verdict lines alone, the unreadable one too.
        p = pith("verify", "--quiet", *files)
        self.assertEqual(p.stdout.splitlines(), ["%s: %s" % (f, v) for f, v in zip(files, verdicts)])
        p = pith("verify", "-q", files[0])
        self.assertEqual((p.returncode, p.stdout), (0, "%s: VERIFIED\n" % files[0]))

    def test_verbose_adds_the_facts(self):
        stamped = self.papers()[0]
        facts = json.loads(pith("verify", "--json", stamped).stdout)["facts"]
        p = pith("verify", "--verbose", stamped)
        self.assertEqual(p.returncode, 0)
        self.assertIn("  facts:\n", p.stdout)
        for name in ("number", "canonical_sha256", "route", "stamped_length"):
            self.assertIn("    %s: %s\n" % (name, facts[name]), p.stdout)
        p = pith("record", "verify", "-v", RECORD)
        self.assertIn("    number: pith:2026:XWMJ4DGYPGPNYY3GAECCTV6HU5\n", p.stdout)
        self.assertEqual(pith("record", "verify", "-q", RECORD).stdout, "%s: VERIFIED\n" % RECORD)
        p = pith("verify", "-q", "-v", stamped)
        self.assertEqual(p.returncode, 2)

    def test_revision_numbers_agree(self):
        later = self.papers()[2]
        sections = read(later).count(b"startxref")  # the file's own count: compiled, stamp, later
        self.assertEqual(sections, 3)
        rep = json.loads(pith("verify", "--json", later).stdout)
        self.assertEqual(rep["facts"]["revisions"], sections)
        self.assertEqual([r["revision"] for r in rep["facts"]["later_revisions"]], [sections])
        text = pith("verify", later).stdout
        self.assertIn("revision %d changes" % sections, text)
        self.assertNotIn("revision %d " % (sections + 1), text)

    def test_stamp_quiet_and_verbose(self):
        pdf = self.write("paper.pdf", paper_pdf(TITLE))
        out = self.path("v.pdf")
        p = pith("stamp", pdf, "--record", RECORD, "-o", out, "--verbose")
        self.assertEqual(p.returncode, 0, p.stderr)
        added = os.path.getsize(out) - os.path.getsize(pdf)
        self.assertEqual(p.stderr, "pith: %s: stamped pith:2026:XWMJ4DGYPGPNYY3GAECCTV6HU5, %d bytes appended, written to %s, "
                                   "which pith verify finds VERIFIED\n" % (pdf, added, out))
        p = pith("stamp", pdf, "--record", BARE, "-o", self.path("f.pdf"), "--force-unverified", "--force")
        self.assertIn("warning", p.stderr)
        p = pith("stamp", pdf, "--record", BARE, "-o", self.path("q.pdf"), "--force-unverified", "--force", "--quiet")
        self.assertEqual((p.returncode, p.stderr), (0, ""))

    def test_latex_quiet(self):
        p = pith("latex", RECORD, "-o", self.path("loud"))
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("\\pithnumber{pith:2026:XWMJ4DGYPGPNYY3GAECCTV6HU5}", p.stdout)
        p = pith("latex", RECORD, "-o", self.path("quiet"), "--quiet")
        self.assertEqual((p.returncode, p.stdout, p.stderr), (0, "", ""))
        for name in ("pith.sty", "pith.sty.ltxml", "pith-data.tex"):
            self.assertEqual(read(os.path.join(self.path("quiet"), name)), read(os.path.join(self.path("loud"), name)))
        p = pith("latex", BARE, "-o", self.path("forced"), "--force-unverified", "-q")
        self.assertEqual((p.returncode, p.stdout, p.stderr), (0, "", ""))


class LatexRouteTest(Base):
    def test_copies_agree_names_only_the_copies_there(self):
        d = self.path("latex")
        os.makedirs(d)
        shutil.copy(os.path.join(SRC, "examples", "paper", "paper.tex"), d)
        self.assertEqual(pith("latex", RECORD, "-o", d).returncode, 0)
        for _ in range(2):
            subprocess.run(["pdflatex", "-interaction=batchmode", "-no-shell-escape", "paper.tex"], cwd=d,
                           capture_output=True, check=True, timeout=300)
        pdf = os.path.join(d, "paper.pdf")
        attachments = subprocess.run(["pdfdetach", "-list", pdf], capture_output=True, text=True, check=True).stdout
        self.assertTrue(attachments.startswith("0 embedded files"), attachments)
        # exiftool finds the XMP and the Info copies: those, and only those, are the copies that agree.
        info = json.loads(subprocess.run(["exiftool", "-j", "-G1", "-PDF:all", "-XMP-pith:all", pdf],
                                         capture_output=True, text=True, check=True).stdout)[0]
        self.assertIn("XMP-pith:Number", info)
        self.assertIn("PDF:PithNumber", info)
        rep = json.loads(pith("verify", "--json", pdf).stdout)
        reason = next(c["reason"] for c in rep["checks"] if c["id"] == "pith.data.consistent")
        self.assertEqual(reason, "XMP and Info agree")
        text = pith("verify", pdf).stdout
        line = next(l for l in text.splitlines() if "Copies agree" in l)
        self.assertNotIn("attachment", line)


if __name__ == "__main__":
    unittest.main(verbosity=2)
