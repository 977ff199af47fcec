#!/usr/bin/env python3
"""pith verify and pith extract as a build hook or a reader uses them: several files with -j and
--json (one line each, in input order), exit codes per verdict (0 VERIFIED, 1 FAILED/MODIFIED,
3 unreadable, 4 NO-PITH-DATA, 6 UNVERIFIABLE; a batch exits with the worst: 3 > 1 > 6 > 4 > 0),
extract's record checked by pith record verify, and --revision writing the stamped revision back
out byte for byte. The stamped files are small papers whose page 1 shows the record's title
(pdfgen.paper_pdf), so that they verify."""
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
from pdfgen import append_many_updates, append_update, build_pdf, paper_pdf, pdf_string, stream, trailer_value  # noqa: E402

PITH = os.environ["PITH"]
DATA = os.environ["PITH_TEST_DATA_DIR"]
SEED = os.path.join(DATA, "seeds", "000_ad86baa9ca31c0d5.txt")
CORPUS = os.path.join(DATA, "corpus", "qpdf")

results = []


def check(name, ok, detail=""):
    results.append((name, bool(ok), detail))


def pith(*args):
    return subprocess.run([PITH, *args], capture_output=True, timeout=120)


def write(tmp, name, data):
    path = os.path.join(tmp, name)
    with open(path, "wb") as f:
        f.write(data)
    return path


def main():
    title = json.load(open(SEED))["paper"]["title"]
    with tempfile.TemporaryDirectory() as tmp:
        # Three papers showing the record's title: 11 pages, 11 pages with page labels, one page.
        bases = {"paper-11.pdf": paper_pdf(title, pages=11),
                 "paper-11-labels.pdf": paper_pdf(title, pages=11,
                                                  catalog_extra=b" /PageLabels <</Nums [0 <</S /r>> 2 <</S /D>>]>>"),
                 "paper-1.pdf": paper_pdf(title)}
        stamped = []
        for base, base_data in bases.items():
            src = write(tmp, base, base_data)
            out = os.path.join(tmp, "stamped-" + base)
            p = pith("stamp", src, "--record", SEED, "-o", out)
            check(f"stamp {base}", p.returncode == 0, p.stderr.decode())
            stamped.append(out)
        paper_one = os.path.join(tmp, "paper-1.pdf")
        plain = os.path.join(CORPUS, "11-pages.pdf")
        encrypted = os.path.join(CORPUS, "20-pages.pdf")  # needs its user password (test_encrypted.py)

        # Modified: a revision appended after the stamp.
        data = open(stamped[0], "rb").read()
        size = int(data.rsplit(b"/Size ", 1)[1].split(b"/")[0].split(b">")[0])
        info = trailer_value(data, "Info")
        modified = os.path.join(tmp, "modified.pdf")
        open(modified, "wb").write(append_update(data, {size: stream(b"", b"% later")}, size + 1, root=1, info=info))

        # Unverifiable: a corpus file without the title on page 1 or any text (stamped with --force),
        # and a stamp of a record signed by a key nobody trusts.
        key = os.path.join(tmp, "k.key")
        pith("key", "generate", "--key-id", "cli-test-untrusted", "-o", key)
        signed = os.path.join(tmp, "signed.json")
        pith("record", "sign", SEED, "--key", key, "-o", signed)
        unverifiable = os.path.join(tmp, "untrusted.pdf")
        p = pith("stamp", paper_one, "--record", signed, "--force-unverified", "-o", unverifiable)
        check("stamp a record signed by an untrusted key (--force-unverified)", p.returncode == 0, p.stderr.decode())

        inputs = stamped + [plain, encrypted, modified, unverifiable]
        p = pith("verify", "--json", "-j", "3", *inputs)
        lines = p.stdout.decode().splitlines()
        check("one JSON line per file", len(lines) == len(inputs), f"{len(lines)} lines")
        reports = [json.loads(l) for l in lines]
        check("lines in input order", [r["subject"] for r in reports] == inputs)
        verdicts = [r["verdict"] for r in reports]
        check("verdicts", verdicts == ["VERIFIED"] * 3 + ["NO-PITH-DATA", "UNREADABLE", "MODIFIED", "UNVERIFIABLE"],
              str(verdicts))
        check("every report says what it proves and what not",
              all(r.get("proves") and r.get("does_not_prove") for r in reports if r["verdict"] != "UNREADABLE"),
              str([(r["verdict"], r.get("proves")) for r in reports]))
        check("batch exit code is the most serious (3)", p.returncode == 3, str(p.returncode))
        check("one error line for the unreadable file", len(p.stderr.decode().strip().splitlines()) == 1, p.stderr.decode())
        # One file: its verdict's code. Several: the worst, in the order 3 > 1 > 6 > 4 > 0.
        for args, expected in ((stamped[:1], 0), ([plain], 4), ([encrypted], 3), ([modified], 1), ([unverifiable], 6),
                               ([plain, modified], 1), ([plain, unverifiable], 6), ([unverifiable, plain], 6),
                               ([unverifiable, modified], 1), ([modified, unverifiable], 1), ([stamped[0], plain], 4),
                               ([unverifiable, encrypted], 3), ([encrypted, modified], 3), (stamped, 0)):
            code = pith("verify", *args).returncode
            check(f"exit {expected} for {[os.path.basename(a) for a in args]}", code == expected, f"got {code}")
            code = pith("verify", "-j", "2", *args).returncode
            check(f"exit {expected} for {[os.path.basename(a) for a in args]} with -j 2", code == expected, f"got {code}")
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
        # Where the stamp's revision ends (pdf.pith_revision_end; the old pith_revision is gone), and
        # the binding: for a file changed later, the end of the stamped file, not of the whole file.
        p = pith("extract", modified)
        pdf_facts = json.loads(p.stdout).get("pdf", {}) if p.returncode == 0 else {}
        check("extract: pdf.pith_revision_end is where the stamped file ended",
              pdf_facts.get("pith_revision_end") == len(data) and "pith_revision" not in pdf_facts,
              f"{pdf_facts.get('pith_revision_end')} vs {len(data)}; keys {sorted(pdf_facts)}")
        check("extract: pdf.stamped_length is the paper's length",
              pdf_facts.get("stamped_length") == len(bases["paper-11.pdf"]), str(pdf_facts.get("stamped_length")))

        # extract --revision: the stamped revision of a file changed later, byte for byte.
        rev = os.path.join(tmp, "revision.pdf")
        p = pith("extract", "--revision", modified, "-o", rev)
        check("extract --revision", p.returncode == 0, p.stderr.decode())
        check("--revision gives the stamped file back", open(rev, "rb").read() == data)
        p = pith("verify", rev)
        check("the stamped revision verifies", p.returncode == 0, p.stdout.decode()[:300])

        # A record with a non-ASCII title, on a page that shows it: poppler's text matches the record's
        # title, and the record's title is written to XMP pith:title as text any reader decodes. New
        # records are unsigned: refused, or with --force-unverified stamped and UNVERIFIABLE (exit 6).
        utitle = "Über die Größe der Mengen — ein Beispiel"
        record = os.path.join(tmp, "unicode.json")
        pith("record", "new", "--title", utitle, "--arxiv-id", "2601.00001", "--version", "1",
             "--submitted-at", "2026-01-02T03:04:05Z", "--license", "http://creativecommons.org/licenses/by/4.0/",
             "--primary-cat", "cs.CL", "--abstract", "x", "-o", record)
        upaper = write(tmp, "unicode-paper.pdf", paper_pdf(utitle))
        unicode_pdf = os.path.join(tmp, "unicode.pdf")
        p = pith("stamp", upaper, "--record", record, "-o", unicode_pdf)
        check("stamp of an unsigned record is refused", p.returncode == 1 and not os.path.exists(unicode_pdf),
              p.stderr.decode())
        p = pith("stamp", upaper, "--record", record, "--force-unverified", "-o", unicode_pdf)
        check("stamp with a non-ASCII title (--force-unverified)", p.returncode == 0, p.stderr.decode())
        xmp_title = subprocess.run(["exiftool", "-s3", "-XMP-pith:Title", unicode_pdf], capture_output=True,
                                   text=True).stdout.strip()
        check("exiftool reads the record's title in XMP", xmp_title == utitle, repr(xmp_title))
        shown = subprocess.run(["pdfinfo", unicode_pdf], capture_output=True, text=True).stdout
        check("the stamp writes no document title", "\nTitle:" not in "\n" + shown, shown[:300])
        p = pith("verify", "--json", unicode_pdf)
        report = json.loads(p.stdout)
        statuses = {c["id"]: c["status"] for c in report["checks"]}
        check("non-ASCII title shown on page 1", statuses.get("pith.title.shown") == "pass", str(statuses))
        check("unsigned record: UNVERIFIABLE, exit 6", p.returncode == 6 and report["verdict"] == "UNVERIFIABLE"
              and statuses.get("pith.receipt.signature") == "unverifiable", f"exit {p.returncode} {statuses}")
        # Signed by a key the keyring trusts, on a paper whose own (Info) title is the record's: the
        # stamp keeps that title, and the file verifies through the keyring (exit 6 without it).
        ukey = os.path.join(tmp, "u.key")
        ukeyring = write(tmp, "u.keyring", pith("key", "generate", "--key-id", "cli-test-trusted", "-o", ukey).stdout)
        usigned = os.path.join(tmp, "unicode-signed.json")
        pith("record", "sign", record, "--key", ukey, "-o", usigned)
        upaper2 = write(tmp, "unicode-paper2.pdf", paper_pdf(utitle, info_title=utitle))
        unicode2 = os.path.join(tmp, "unicode2.pdf")
        p = pith("stamp", upaper2, "--record", usigned, "--keyring", ukeyring, "-o", unicode2)
        check("stamp a signed non-ASCII record, keyring given", p.returncode == 0, p.stderr.decode())
        shown = subprocess.run(["pdfinfo", unicode2], capture_output=True, text=True).stdout
        check("pdfinfo reads the document's own title, kept", ("Title:           " + utitle + "\n") in shown, shown[:300])
        p = pith("verify", unicode2, "--keyring", ukeyring)
        out = p.stdout.decode()
        check("non-ASCII title verifies", p.returncode == 0 and "pass         Title shown" in out
              and "pass         Title in metadata" in out, out)
        p = pith("verify", unicode2)
        check("... and is UNVERIFIABLE (exit 6) without the keyring", p.returncode == 6, p.stdout.decode()[:300])
        # A paper whose own title is another: pith.title.metadata would fail, so the stamp refuses.
        upaper3 = write(tmp, "unicode-paper3.pdf", paper_pdf(utitle, info_title="Draft 3"))
        unicode3 = os.path.join(tmp, "unicode3.pdf")
        p = pith("stamp", upaper3, "--record", usigned, "--keyring", ukeyring, "-o", unicode3)
        check("stamp refused when the Info title is another", p.returncode == 1 and not os.path.exists(unicode3)
              and "would not verify (Title in metadata" in p.stderr.decode(), p.stderr.decode())

        # A PDF that does not end in an end-of-line: the update adds one, and the stamp still verifies.
        no_eol = os.path.join(tmp, "no-eol.pdf")
        open(no_eol, "wb").write(open(paper_one, "rb").read().rstrip(b"\r\n"))
        no_eol_stamped = os.path.join(tmp, "no-eol-stamped.pdf")
        p = pith("stamp", no_eol, "--record", SEED, "-o", no_eol_stamped)
        check("stamp a PDF without a final end-of-line", p.returncode == 0, p.stderr.decode())
        p = pith("verify", no_eol_stamped)
        check("it verifies (no false MODIFIED)", p.returncode == 0, p.stdout.decode()[:600])

        # Thousands of revisions after the stamp: described up to a bound, counted in full, quickly.
        crowded = os.path.join(tmp, "crowded.pdf")
        open(crowded, "wb").write(append_many_updates(data, 9000, num=size, size=size + 1, root=1, info=info))
        start = time.monotonic()
        p = pith("verify", "--json", crowded)
        elapsed = time.monotonic() - start
        report = json.loads(p.stdout)
        check("9000 later revisions: MODIFIED in under 10 s", p.returncode == 1 and report["verdict"] == "MODIFIED"
              and elapsed < 10, f"exit {p.returncode}, {elapsed:.1f}s")
        check("all of them counted", report["facts"].get("later_revision_count") == 9000, str(report["facts"].get("later_revision_count")))

        # A flat page tree of 20,000 pages (all showing the title), stamped, then changed: the changes
        # are described in one walk.
        objects = {1: b"<</Type /Catalog /Pages 2 0 R>>",
                   3: stream(b"", b"BT /F1 14 Tf 72 600 Td " + pdf_string(title) + b" Tj ET"),
                   4: b"<</Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding>>"}
        objects[2] = b"<</Type /Pages /Kids [" + b" ".join(b"%d 0 R" % (10 + i) for i in range(20000)) + b"] /Count 20000>>"
        for i in range(20000):
            objects[10 + i] = (b"<</Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R "
                               b"/Resources <</Font <</F1 4 0 R>>>>>>")
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
        paper_eleven = os.path.join(tmp, "paper-11.pdf")
        p = pith("stamp", paper_eleven, "--page", "11", "--record", SEED, "-o", late_page)
        check("stamp page 11", p.returncode == 0, p.stderr.decode())
        p = pith("verify", "--json", late_page)
        report = json.loads(p.stdout)
        check("a badge on page 11 verifies", p.returncode == 0 and report["facts"].get("badge_page") == 11,
              p.stdout.decode()[:500])
        late = open(late_page, "rb").read()
        url = b"/URI(https://pith.science/pith/XWMJ4DGYPGPNYY3GAECCTV6HU5)"
        base_len = os.path.getsize(paper_eleven)
        forged = late[:base_len] + late[base_len:].replace(url, url[:-2] + b"4)")
        forged_path = os.path.join(tmp, "page11-forged.pdf")
        open(forged_path, "wb").write(forged)
        p = pith("verify", "--json", forged_path)
        report = json.loads(p.stdout)
        # The update is no longer what pith stamp writes, and says where: the link's /URI.
        checks = {c["id"]: c for c in report["checks"]}
        update = checks.get("pith.stamp.update", {})
        check("its link changed in place: FAILED, pith.stamp.update names the /URI",
              p.returncode == 1 and report["verdict"] == "FAILED" and update.get("status") == "fail"
              and "/URI" in update.get("reason", "") and "XWMJ4DGYPGPNYY3GAECCTV6HU4" in update.get("reason", ""),
              p.stdout.decode()[:500])
        check("its link changed in place: the link is not passed",
              checks.get("pith.link.match", {}).get("status") != "pass", str(checks.get("pith.link.match")))

        # A stamp signed with --key: a keyring line's role field (4th field) decides whether the key is
        # trusted as a stamper (pith.stamp.signer pass) or not (n/a: the stamper is not known); the
        # default role is registry. A stamper key of the same id but another key fails.
        skey = os.path.join(tmp, "stamper.key")
        sline = pith("key", "generate", "--key-id", "cli-test-stamper", "-o", skey).stdout.decode().strip()
        other_key = os.path.join(tmp, "other-stamper.key")
        other_line = pith("key", "generate", "--key-id", "cli-test-stamper", "-o", other_key).stdout.decode().strip()
        signed_stamp = os.path.join(tmp, "signed-stamp.pdf")
        p = pith("stamp", paper_one, "--record", SEED, "--key", skey, "-o", signed_stamp)
        check("stamp signed with --key", p.returncode == 0, p.stderr.decode())
        for role, want in (("", "n/a"), (" registry", "n/a"), (" stamper", "pass"), (" registry,stamper", "pass")):
            ring = write(tmp, "stamper.keyring", (sline + role + "\n").encode())
            p = pith("verify", "--json", "--keyring", ring, signed_stamp)
            report = json.loads(p.stdout)
            signer = {c["id"]: c["status"] for c in report["checks"]}.get("pith.stamp.signer")
            check(f"stamper key with role field {role.strip() or '(none)'}: pith.stamp.signer {want}",
                  signer == want and p.returncode == 0 and report["verdict"] == "VERIFIED", f"{signer}, exit {p.returncode}")
        ring = write(tmp, "stamper.keyring", (sline + " stamper\n").encode())
        code = pith("verify", "--keyring", ring, "--require-stamper", "cli-test-stamper", signed_stamp).returncode
        check("--require-stamper with the stamper trusted: exit 0", code == 0, f"got {code}")
        code = pith("verify", "--keyring", ring, "--require-stamper", "cli-test-stamper", stamped[0]).returncode
        check("--require-stamper on an unsigned stamp: exit 1", code == 1, f"got {code}")
        ring = write(tmp, "stamper.keyring", (other_line + " stamper\n").encode())
        p = pith("verify", "--json", "--keyring", ring, signed_stamp)
        report = json.loads(p.stdout)
        signer = {c["id"]: c["status"] for c in report["checks"]}.get("pith.stamp.signer")
        check("another key under the stamper's id: pith.stamp.signer fails", signer == "fail" and p.returncode == 1,
              f"{signer}, exit {p.returncode}")

        # The text form names the verdict, then what it proves and does not, then every check.
        p = pith("verify", modified)
        text = p.stdout.decode()
        lines = text.splitlines()
        check("text report: verdict line", lines[0].endswith(": MODIFIED"), text[:200])
        check("text report: proves / does not prove after the verdict", len(lines) > 2
              and lines[1].startswith("  proves: ") and lines[2].startswith("  does not prove: "), text[:400])
        check("text report: every check", len(lines) == 3 + len(json.loads(pith("verify", "--json", modified).stdout)["checks"]),
              text)
        # The paper is revision 1 and the stamp revision 2: the appended revision is number 3 (1-based).
        check("text report: later revision described", "revision 3 changes" in text, text)
        later = json.loads(pith("verify", "--json", modified).stdout)["facts"].get("later_revisions", [])
        check("later_revisions numbered from 1 (revision, not index)",
              [r.get("revision") for r in later] == [3] and all("index" not in r for r in later), str(later))

    return summarise(results)


if __name__ == "__main__":
    sys.exit(main())
