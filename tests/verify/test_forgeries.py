#!/usr/bin/env python3
"""Forged and altered PDFs: pith verify must name the check each forgery breaks, and must not
raise a false alarm on the honest stamped file.

The honest file is a small paper whose page 1 shows the record's title (pdfgen.paper_pdf), stamped
without --force: VERIFIED. Most forgeries edit the stamp's update section in place with
same-length replacements (offsets and stream lengths stay valid, so only the forged meaning
changes); revisions appended later are written with pdfgen.append_update, independently of pith's
own writer. A whole-file rewrite (qpdf, pikepdf) keeps the record but loses the stamped bytes:
MODIFIED; bytes appended after the stamp update: MODIFIED; a byte of the stamped prefix changed:
FAILED; a record attachment without a binding: FAILED."""
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from results import summarise  # noqa: E402
from pdfgen import append_update, build_pdf, paper_pdf, stream, trailer_value  # noqa: E402

PITH = os.environ["PITH"]
DATA = os.environ["PITH_TEST_DATA_DIR"]
SEED = os.path.join(DATA, "seeds", "000_ad86baa9ca31c0d5.txt")
OTHER_SEED = os.path.join(DATA, "seeds", "003_99253a4027a7f9d1.txt")

results = []


def pith(*args, check=True):
    p = subprocess.run([PITH, *args], capture_output=True, timeout=60)
    if check and p.returncode != 0:
        raise SystemExit(f"pith {' '.join(args)} failed: {p.stderr.decode()}")
    return p


def verify(path, *extra):
    p = pith("verify", "--json", *extra, path, check=False)
    report = json.loads(p.stdout) if p.stdout.strip() else None
    return p.returncode, report


def status(report, check_id):
    for c in report["checks"]:
        if c["id"] == check_id:
            return c["status"]
    return None


def reason(report, check_id):
    for c in report["checks"]:
        if c["id"] == check_id:
            return c["reason"]
    return None


EXIT_FOR = {"VERIFIED": 0, "FAILED": 1, "MODIFIED": 1, "UNVERIFIABLE": 6, "NO-PITH-DATA": 4}


def expect(name, path, verdict, check_id=None, check_status="fail", exit_code=None, extra=()):
    """The verdict (and its documented exit code), and the check that must say so."""
    exit_code = EXIT_FOR[verdict] if exit_code is None else exit_code
    code, report = verify(path, *extra)
    got_verdict = report["verdict"] if report else None
    ok = code == exit_code and got_verdict == verdict
    if check_id:
        ok = ok and status(report, check_id) == check_status
    detail = "" if ok else f" (exit {code}, verdict {got_verdict}, {check_id}={status(report, check_id) if report else None})"
    results.append((name, ok, detail))
    return report


def replace_in_update(data, start, old, new, count=None):
    """Same-length replacement of `old` by `new` after byte `start` (the stamp's update section)."""
    assert len(old) == len(new), (old, new)
    head, tail = data[:start], data[start:]
    n = tail.count(old)
    assert n > 0, f"{old!r} not found"
    tail = tail.replace(old, new, count if count else n)
    return head + tail


def write(tmp, name, data):
    path = os.path.join(tmp, name + ".pdf")
    with open(path, "wb") as f:
        f.write(data)
    return path


def object_body(data, num, start):
    m = list(re.finditer(rb"\n%d 0 obj\n(.*?)\nendobj" % num, data[start - 1:], re.S))
    assert m, f"object {num} not in the update"
    return m[-1].group(1)


def object_number(data, start, dict_start):
    """The number of the object in the update (after `start`) whose dictionary begins `dict_start`."""
    m = list(re.finditer(rb"\n(\d+) 0 obj\n" + re.escape(dict_start), data[start - 1:]))
    assert m, f"no object starting {dict_start!r} in the update"
    return int(m[-1].group(1))


def main():
    seed = json.load(open(SEED))
    other = json.load(open(OTHER_SEED))
    title = seed["paper"]["title"]
    with tempfile.TemporaryDirectory() as tmp:
        base_a = write(tmp, "base-a", paper_pdf(title, pages=11))
        base_b = write(tmp, "base-b", paper_pdf(title, pages=20))
        stamped_path = os.path.join(tmp, "stamped.pdf")
        pith("stamp", base_a, "--record", SEED, "-o", stamped_path)
        original_len = os.path.getsize(base_a)
        data = open(stamped_path, "rb").read()
        assert data[:original_len] == open(base_a, "rb").read()
        report = expect("honest stamp verifies", stamped_path, "VERIFIED", "pith.binding.match", "pass")
        if report:
            bad = [f"{c['id']}={c['status']}" for c in report["checks"] if c["status"] not in ("pass", "n/a")]
            results.append(("honest stamp: no check short of pass", not bad, f" {bad}"))
            for check_id in ("pith.stamp.update", "pith.revisions.none", "pith.badge.shown", "pith.link.match",
                             "pith.title.shown"):
                results.append((f"honest stamp: {check_id} passes", status(report, check_id) == "pass",
                                f" {status(report, check_id)}"))
            results.append(("honest stamp: no pith.title.match (pith verify checks pith.title.shown/.metadata)",
                            status(report, "pith.title.match") is None, ""))
            results.append(("honest stamp: says what it proves and what not",
                            bool(report.get("proves")) and bool(report.get("does_not_prove")), f" {report.get('proves')!r}"))

        sha = b"bd989e0cd8799edc6366010429d7c7a758545564158fe39c550c86614cda20f9"
        number = b"pith:2026:XWMJ4DGYPGPNYY3GAECCTV6HU5"
        suffix_url = b"https://pith.science/pith/XWMJ4DGYPGPNYY3GAECCTV6HU5"
        sig = seed["receipt"]["signature_b64"].encode()
        other_sig = other["receipt"]["signature_b64"].encode()
        # Where the stamp put things (read from its update, not assumed).
        page_num = object_number(data, original_len, b"<</Type/Page/")
        xmp_num = object_number(data, original_len, b"<</Type/Metadata/")
        info_num = trailer_value(data, "Info")
        attachment_num = int(re.findall(rb"\(pith-record\.json\) (\d+) 0 R", data[original_len:])[-1])

        forged = replace_in_update(data, original_len, b'"id":"2606.22249"', b'"id":"2606.22248"')
        expect("changed field of the embedded record", write(tmp, "field", forged), "FAILED", "pith.recordHash.match")

        forged = replace_in_update(data, original_len, sha, b"a" + sha[1:])
        expect("changed hash", write(tmp, "hash", forged), "FAILED", "pith.recordHash.match")

        forged = replace_in_update(data, original_len, number, number[:-1] + b"4")
        expect("changed number", write(tmp, "number", forged), "FAILED", "pith.number.match")

        forged = replace_in_update(data, original_len, sig, other_sig)
        expect("signature from another record", write(tmp, "othersig", forged), "FAILED", "pith.receipt.signature")

        forged = replace_in_update(data, original_len, b"/PithNumber(" + number, b"/PithNumber(" + number[:-1] + b"4")
        expect("XMP and Info disagree", write(tmp, "infodiff", forged), "FAILED", "pith.data.consistent")

        forged = replace_in_update(data, original_len, b"/URI(" + suffix_url, b"/URI(" + suffix_url[:-1] + b"4")
        expect("link pointing elsewhere", write(tmp, "link", forged), "FAILED", "pith.link.match")

        second_line = data.index(b"\n") + 1
        flipped = bytearray(data)
        flipped[second_line + 1] ^= 0x01  # inside the binary comment: the file still parses
        expect("byte of the original changed", write(tmp, "flip", bytes(flipped)), "FAILED", "pith.binding.match")

        forged = replace_in_update(data, original_len, b"(pith-record.json) %d 0 R" % attachment_num,
                                   b"(pith-recorX.json) %d 0 R" % attachment_num)
        # Renamed inside the stamp's own update: the update is no longer what pith stamp writes.
        expect("record attachment removed", write(tmp, "noattach", forged), "FAILED", "pith.stamp.update")

        forged = replace_in_update(data, original_len, b'"kind":"arxiv"', b'"id":"arxiv12"')
        expect("record with a duplicate key", write(tmp, "dupkey", forged), "FAILED", "pith.record.valid")

        # Later revisions: page content appended, metadata replaced, attachment removed.
        size = int(re.findall(rb"/Size (\d+)", data)[-1])
        page = object_body(data, page_num, original_len)
        new_page = re.sub(rb"(/Contents\[[^\]]*)\]", lambda m: m.group(1) + b" %d 0 R]" % size, page, count=1)
        assert new_page != page, page
        later = append_update(data, {size: stream(b"", b"BT /F1 24 Tf 72 72 Td (APPROVED) Tj ET"), page_num: new_page},
                              size + 1, root=1, info=info_num)
        path = write(tmp, "content", later)
        expect("page content appended later", path, "MODIFIED", "pith.revisions.none")
        code, report = verify(path)
        revisions = report["facts"].get("later_revisions", [])
        changes = [c for r in revisions for c in r["changes"]]
        results.append(("later revision described as page content", "page content" in changes, f" {changes}"))
        # The paper is revision 1, the stamp revision 2: the appended one is revision 3 (1-based).
        results.append(("later revision numbered 3", [r.get("revision") for r in revisions] == [3]
                        and all("index" not in r for r in revisions), f" {revisions}"))
        results.append(("no pith_revision fact", "pith_revision" not in report["facts"], f" {sorted(report['facts'])}"))

        xmp = object_body(data, xmp_num, original_len)
        new_xmp = xmp.replace(b"pith-stamp", b"pith-stamX")
        later = append_update(data, {xmp_num: new_xmp}, size, root=1, info=info_num)
        path = write(tmp, "metadata", later)
        expect("metadata replaced later", path, "MODIFIED", "pith.revisions.none")
        code, report = verify(path)
        changes = [c for r in report["facts"].get("later_revisions", []) for c in r["changes"]]
        results.append(("later revision described as metadata", "metadata" in changes, f" {changes}"))

        catalog = object_body(data, 1, original_len)
        new_catalog = re.sub(rb"/Names<</EmbeddedFiles \d+ 0 R>>|/AF\[\d+ 0 R\]", b"", catalog)
        assert new_catalog != catalog, catalog
        later = append_update(data, {1: new_catalog}, size, root=1, info=info_num)
        path = write(tmp, "noattach-later", later)
        expect("attachment removed in a later revision", path, "MODIFIED", "pith.revisions.none")
        code, report = verify(path)
        changes = [c for r in report["facts"].get("later_revisions", []) for c in r["changes"]]
        results.append(("later revision described as a catalog change", "document catalog" in changes, f" {changes}"))

        # Bytes appended after the stamp update (no revision, just bytes a viewer reads): MODIFIED.
        for label, tail in (("a comment", b"% appended\n"), ("garbage", b"x"),
                            ("an object without xref", b"\n%d 0 obj\n(hidden)\nendobj\n" % size)):
            report = expect(f"{label} appended after the stamp", write(tmp, "tail-" + label.split()[-1], data + tail),
                            "MODIFIED", "pith.revisions.none")

        # Rewritten as a whole (one revision, the record kept, the stamped bytes gone): MODIFIED.
        rewrites = [("qpdf", ["qpdf", stamped_path]), ("qpdf --object-streams=generate",
                                                        ["qpdf", "--object-streams=generate", stamped_path])]
        if os.path.exists("/usr/bin/python3") and subprocess.run(
                ["/usr/bin/python3", "-c", "import pikepdf"], capture_output=True).returncode == 0:
            rewrites.append(("pikepdf", ["/usr/bin/python3", "-c",
                                         "import pikepdf, sys; pikepdf.open(sys.argv[1]).save(sys.argv[2])", stamped_path]))
        else:
            print("note: pikepdf (Debian python3-pikepdf) missing: the pikepdf rewrite is not tested")
        for label, command in rewrites:
            out = os.path.join(tmp, "rewritten-%d.pdf" % len(results))
            subprocess.run(command + [out], check=True, capture_output=True)
            report = expect(f"rewritten by {label}", out, "MODIFIED", "pith.binding.match")
            why = reason(report, "pith.binding.match") if report else None
            results.append((f"rewritten by {label}: the stamped bytes are gone",
                            bool(why) and why.startswith("the stamped bytes are gone"), f" {why!r}"))
            results.append((f"rewritten by {label}: the record still checks out", report is not None and all(
                status(report, c) == "pass" for c in ("pith.recordHash.match", "pith.number.match",
                                                      "pith.receipt.signature")), ""))

        # A record attachment alone, without a binding: FAILED (the file claims a stamp it lacks).
        record_json = json.dumps(seed, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
        plain = paper_pdf(title)
        size_plain = int(re.findall(rb"/Size (\d+)", plain)[-1])
        f, spec, tree = size_plain, size_plain + 1, size_plain + 2
        attach_only = append_update(plain, {
            f: stream(b"/Type /EmbeddedFile /Subtype /application#2Fjson", record_json),
            spec: b"<</Type /Filespec /F (pith-record.json) /UF (pith-record.json) /EF <</F %d 0 R /UF %d 0 R>> "
                  b"/AFRelationship /Supplement>>" % (f, f),
            tree: b"<</Names [(pith-record.json) %d 0 R]>>" % spec,
            1: b"<</Type /Catalog /Pages 2 0 R /Names <</EmbeddedFiles %d 0 R>> /AF [%d 0 R]>>" % (tree, spec),
        }, tree + 1, root=1)
        expect("record attachment without a binding", write(tmp, "attach-only", attach_only), "FAILED",
               "pith.binding.match")

        # A page whose own annotation lies where the badge is put (--position top-right): the stamp
        # would not verify, so it is refused (exit 1, nothing written); with --force, verify says
        # FAILED and names the annotation (pith.link.match). Where the stamp is put elsewhere, it
        # verifies; automatic placement (the default) goes around the annotation by itself.
        covered = write(tmp, "covered", paper_pdf(title, page1_extra=(
            b" /Annots [<</Type /Annot /Subtype /Square /Rect [430 735 605 785] /F 4 /C [1 0 0]>>]")))
        out = os.path.join(tmp, "covered-stamped.pdf")
        p = pith("stamp", covered, "--record", SEED, "--position", "top-right", "-o", out, check=False)
        results.append(("stamp refused where an annotation covers the badge", p.returncode == 1
                        and not os.path.exists(out) and b"would not verify" in p.stderr, f" (exit {p.returncode}) {p.stderr[:200]!r}"))
        pith("stamp", covered, "--record", SEED, "--position", "top-right", "--force", "-o", out)
        report = expect("an annotation covers the badge (--force)", out, "FAILED", "pith.link.match")
        why = reason(report, "pith.link.match") if report else ""
        results.append(("the covering annotation is named", "covers the badge" in (why or ""), f" {why!r}"))
        pith("stamp", covered, "--record", SEED, "--position", "bottom-left", "-o", out)
        expect("the same page stamped away from the annotation verifies", out, "VERIFIED")
        p = pith("stamp", covered, "--record", SEED, "--json", "-o", out)
        placed = json.loads(p.stdout)
        results.append(("automatic placement avoids the annotation", placed.get("placement") == "auto:top-left"
                        and placed.get("warnings") == [], f" {placed}"))
        expect("the page stamped where automatic placement put it verifies", out, "VERIFIED")

        # The stamp update of one PDF appended to another: its offsets point into the wrong file, but
        # viewers rebuild the cross-reference table and show the badge. Refused (3), or FAILED or
        # MODIFIED; never VERIFIED, and not NO-PITH-DATA for a file that shows a Pith badge.
        graft = open(base_b, "rb").read() + data[original_len:]
        code, report = verify(write(tmp, "graft", graft))
        ok = code == 3 or (code == 1 and report["verdict"] in ("FAILED", "MODIFIED"))
        results.append(("stamp update grafted onto another PDF", ok,
                        f" (exit {code}, {report['verdict'] if report else None})"))

        # A receipt signed by a key nobody trusts: unverifiable, and verified once trusted.
        key = os.path.join(tmp, "test.key")
        keyring_line = pith("key", "generate", "--key-id", "test-untrusted", "-o", key).stdout
        keyring = os.path.join(tmp, "test.keyring")
        open(keyring, "wb").write(keyring_line)
        signed = os.path.join(tmp, "signed.json")
        pith("record", "sign", SEED, "--key", key, "-o", signed)
        untrusted = os.path.join(tmp, "untrusted.pdf")
        p = pith("stamp", base_a, "--record", signed, "-o", untrusted, check=False)
        results.append(("stamping a record signed by an untrusted key is refused", p.returncode == 1
                        and not os.path.exists(untrusted), f" (exit {p.returncode})"))
        pith("stamp", base_a, "--record", signed, "-o", untrusted, "--force-unverified")
        expect("receipt signed by an untrusted key", untrusted, "UNVERIFIABLE", "pith.receipt.signature", "unverifiable")
        expect("same receipt with the key trusted", untrusted, "VERIFIED", "pith.receipt.signature", "pass",
               extra=("--keyring", keyring))

        # --number and --record.
        expect("--number of the stamped record", stamped_path, "VERIFIED", "pith.number.expected", "pass",
               extra=("--number", "XWMJ4DGY"))
        expect("--number of another record", stamped_path, "FAILED", "pith.number.expected", extra=("--number", "UU3ZMT4K"))
        expect("--record of another record", stamped_path, "FAILED", "pith.record.expected", extra=("--record", OTHER_SEED))

    return summarise(results)


if __name__ == "__main__":
    sys.exit(main())
