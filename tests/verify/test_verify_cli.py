#!/usr/bin/env python3
"""pith verify and pith extract as a build hook or a reader uses them: several files with -j and
--json (one line each, in input order), exit codes per verdict, extract's record checked by
pith record verify, and --revision writing the stamped revision back out byte for byte."""
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from results import summarise  # noqa: E402
from pdfgen import append_many_updates, append_update, build_pdf, stream, trailer_value  # noqa: E402

PITH = os.environ["PITH"]
DATA = os.environ["PITH_TEST_DATA_DIR"]
SEED = os.path.join(DATA, "seeds", "000_ad86baa9ca31c0d5.txt")
CORPUS = os.path.join(DATA, "corpus", "qpdf")

results = []


def check(name, ok, detail=""):
    results.append((name, bool(ok), detail))


def pith(*args):
    return subprocess.run([PITH, *args], capture_output=True, timeout=120)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        stamped = []
        for base in ("11-pages.pdf", "11-pages-with-labels.pdf", "minimal.pdf"):
            out = os.path.join(tmp, "stamped-" + base)
            p = pith("stamp", os.path.join(CORPUS, base), "--record", SEED, "-o", out)
            check(f"stamp {base}", p.returncode == 0, p.stderr.decode())
            stamped.append(out)
        plain = os.path.join(CORPUS, "11-pages.pdf")
        encrypted = os.path.join(CORPUS, "V4-aes.pdf")

        # Modified: a revision appended after the stamp.
        data = open(stamped[0], "rb").read()
        size = int(data.rsplit(b"/Size ", 1)[1].split(b"/")[0].split(b">")[0])
        modified = os.path.join(tmp, "modified.pdf")
        open(modified, "wb").write(append_update(data, {size: stream(b"", b"% later")}, size + 1, root=1, info=2))

        inputs = stamped + [plain, encrypted, modified]
        p = pith("verify", "--json", "-j", "3", *inputs)
        lines = p.stdout.decode().splitlines()
        check("one JSON line per file", len(lines) == len(inputs), f"{len(lines)} lines")
        reports = [json.loads(l) for l in lines]
        check("lines in input order", [r["subject"] for r in reports] == inputs)
        verdicts = [r["verdict"] for r in reports]
        check("verdicts", verdicts == ["VERIFIED"] * 3 + ["NO-PITH-DATA", "UNREADABLE", "MODIFIED"], str(verdicts))
        check("batch exit code is the most serious (3)", p.returncode == 3, str(p.returncode))
        check("one error line for the unreadable file", len(p.stderr.decode().strip().splitlines()) == 1, p.stderr.decode())
        for args, expected in ((stamped[:1], 0), ([plain], 4), ([encrypted], 3), ([modified], 1), ([plain, modified], 1)):
            code = pith("verify", *args).returncode
            check(f"exit {expected} for {[os.path.basename(a) for a in args]}", code == expected, f"got {code}")
        code = pith("verify", "--number", "not-a-number", stamped[0]).returncode
        check("malformed --number is a usage error", code == 2, f"got {code}")

        # Same inputs, same report bytes (no timestamps), whatever -j.
        again = pith("verify", "--json", "-j", "1", *inputs).stdout
        check("reports reproducible across -j", again == p.stdout)

        # extract: a record that pith record verify checks on its own.
        record_out = os.path.join(tmp, "extracted.json")
        p = pith("extract", stamped[0], "-o", record_out)
        check("extract writes the record", p.returncode == 0, p.stderr.decode())
        r = pith("record", "verify", "--json", record_out, "--number", "XWMJ4DGYPGPNYY3GAECCTV6HU5")
        report = json.loads(r.stdout)
        check("extracted record verifies", r.returncode == 0 and report["verdict"] == "VERIFIED", r.stdout.decode()[:400])
        extracted = json.load(open(record_out))
        seed = json.load(open(SEED))
        canonical = json.dumps(seed["canonical_record"], sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        check("extracted canonical record is the seed's",
              json.dumps(extracted["canonical_record"], sort_keys=True, separators=(",", ":"), ensure_ascii=False) == canonical)
        check("extracted hash independently right",
              extracted["canonical_sha256"] == hashlib.sha256(canonical.encode()).hexdigest())
        check("extract of a PDF without pith data exits 4", pith("extract", plain).returncode == 4)

        # extract --revision: the stamped revision of a file changed later, byte for byte.
        rev = os.path.join(tmp, "revision.pdf")
        p = pith("extract", "--revision", modified, "-o", rev)
        check("extract --revision", p.returncode == 0, p.stderr.decode())
        check("--revision gives the stamped file back", open(rev, "rb").read() == data)
        p = pith("verify", rev)
        check("the stamped revision verifies", p.returncode == 0, p.stdout.decode()[:300])

        # A record with a non-ASCII title: the stamp writes it as a PDF text string any reader decodes.
        title = "Über die Größe der Mengen — ein Beispiel"
        record = os.path.join(tmp, "unicode.json")
        pith("record", "new", "--title", title, "--arxiv-id", "2601.00001", "--version", "1",
             "--submitted-at", "2026-01-02T03:04:05Z", "--license", "http://creativecommons.org/licenses/by/4.0/",
             "--primary-cat", "cs.CL", "--abstract", "x", "-o", record)
        unicode_pdf = os.path.join(tmp, "unicode.pdf")
        p = pith("stamp", os.path.join(CORPUS, "minimal.pdf"), "--record", record, "-o", unicode_pdf)
        check("stamp with a non-ASCII title", p.returncode == 0, p.stderr.decode())
        info = subprocess.run(["pdfinfo", unicode_pdf], capture_output=True, text=True).stdout
        check("pdfinfo reads the title", ("Title:           " + title) in info, info[:300])
        p = pith("verify", unicode_pdf)
        check("non-ASCII title verifies", p.returncode == 0 and "pass         Title" in p.stdout.decode(), p.stdout.decode())

        # A PDF that does not end in an end-of-line: the update adds one, and the stamp still verifies.
        no_eol = os.path.join(tmp, "no-eol.pdf")
        open(no_eol, "wb").write(open(os.path.join(CORPUS, "minimal.pdf"), "rb").read().rstrip(b"\r\n"))
        no_eol_stamped = os.path.join(tmp, "no-eol-stamped.pdf")
        p = pith("stamp", no_eol, "--record", SEED, "-o", no_eol_stamped)
        check("stamp a PDF without a final end-of-line", p.returncode == 0, p.stderr.decode())
        p = pith("verify", no_eol_stamped)
        check("it verifies (no false MODIFIED)", p.returncode == 0, p.stdout.decode()[:600])

        # Thousands of revisions after the stamp: described up to a bound, counted in full, quickly.
        crowded = os.path.join(tmp, "crowded.pdf")
        open(crowded, "wb").write(append_many_updates(data, 9000, num=size, size=size + 1, root=1, info=2))
        start = time.monotonic()
        p = pith("verify", "--json", crowded)
        elapsed = time.monotonic() - start
        report = json.loads(p.stdout)
        check("9000 later revisions: MODIFIED in under 10 s", p.returncode == 1 and report["verdict"] == "MODIFIED"
              and elapsed < 10, f"exit {p.returncode}, {elapsed:.1f}s")
        check("all of them counted", report["facts"].get("later_revision_count") == 9000, str(report["facts"].get("later_revision_count")))

        # A flat page tree of 20,000 pages, stamped, then changed: the changes are described in one walk.
        objects = {1: b"<</Type /Catalog /Pages 2 0 R>>", 3: stream(b"", b"BT ET")}
        objects[2] = b"<</Type /Pages /Kids [" + b" ".join(b"%d 0 R" % (10 + i) for i in range(20000)) + b"] /Count 20000>>"
        for i in range(20000):
            objects[10 + i] = b"<</Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R /Resources <<>>>>"
        wide = os.path.join(tmp, "wide.pdf")
        open(wide, "wb").write(build_pdf(objects))
        wide_stamped = os.path.join(tmp, "wide-stamped.pdf")
        p = pith("stamp", wide, "--record", SEED, "-o", wide_stamped)
        check("stamp a 20,000-page PDF", p.returncode == 0, p.stderr.decode())
        wide_data = open(wide_stamped, "rb").read()
        wide_size = int(re.findall(rb"/Size (\d+)", wide_data)[-1])
        wide_changed = os.path.join(tmp, "wide-changed.pdf")
        open(wide_changed, "wb").write(append_update(wide_data, {3: stream(b"", b"BT /F1 9 Tf (changed) Tj ET")},
                                                     wide_size, root=1, info=trailer_value(wide_data, "Info")))
        start = time.monotonic()
        p = pith("verify", wide_changed)
        elapsed = time.monotonic() - start
        check("20,000 pages, content changed later: MODIFIED in under 10 s",
              p.returncode == 1 and "page content" in p.stdout.decode() and elapsed < 10,
              f"exit {p.returncode}, {elapsed:.1f}s: {p.stdout.decode()[:300]}")

        # A badge on page 11, beyond the first pages searched for links: found through the stamp update.
        late_page = os.path.join(tmp, "page11.pdf")
        p = pith("stamp", plain, "--page", "11", "--record", SEED, "-o", late_page)
        check("stamp page 11", p.returncode == 0, p.stderr.decode())
        p = pith("verify", late_page)
        check("a badge on page 11 verifies", p.returncode == 0, p.stdout.decode()[:500])
        late = open(late_page, "rb").read()
        url = b"/URI(https://pith.science/pith/XWMJ4DGYPGPNYY3GAECCTV6HU5)"
        forged = late[:len(open(plain, "rb").read())] + late[len(open(plain, "rb").read()):].replace(url, url[:-2] + b"4)")
        forged_path = os.path.join(tmp, "page11-forged.pdf")
        open(forged_path, "wb").write(forged)
        p = pith("verify", "--json", forged_path)
        report = json.loads(p.stdout)
        link = [c for c in report["checks"] if c["id"] == "pith.link.match"]
        check("its link changed in place fails pith.link.match", p.returncode == 1 and link and link[0]["status"] == "fail",
              p.stdout.decode()[:500])

        # The text form names the verdict and every check.
        p = pith("verify", modified)
        text = p.stdout.decode()
        check("text report: verdict line", text.splitlines()[0].endswith(": MODIFIED"), text[:200])
        check("text report: later revision described", "revision 3 changes" in text, text)

    return summarise(results)


if __name__ == "__main__":
    sys.exit(main())
