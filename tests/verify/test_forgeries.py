#!/usr/bin/env python3
"""Forged and altered PDFs: pith verify must name the check each forgery breaks, and must not
raise a false alarm on the honest stamped file.

Most forgeries edit the stamp's update section in place with same-length replacements (offsets
and stream lengths stay valid, so only the forged meaning changes); revisions appended later are
written with pdfgen.append_update, independently of pith's own writer."""
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from results import summarise  # noqa: E402
from pdfgen import append_update, stream  # noqa: E402

PITH = os.environ["PITH"]
DATA = os.environ["PITH_TEST_DATA_DIR"]
SEED = os.path.join(DATA, "seeds", "000_ad86baa9ca31c0d5.txt")
OTHER_SEED = os.path.join(DATA, "seeds", "003_99253a4027a7f9d1.txt")
BASE_A = os.path.join(DATA, "corpus", "qpdf", "11-pages.pdf")
BASE_B = os.path.join(DATA, "corpus", "qpdf", "20-pages.pdf")

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


def expect(name, path, verdict, check_id=None, check_status="fail", exit_code=1, extra=()):
    code, report = verify(path, *extra)
    got_verdict = report["verdict"] if report else None
    ok = code == exit_code and got_verdict == verdict
    if check_id:
        ok = ok and status(report, check_id) == check_status
    detail = "" if ok else f" (exit {code}, verdict {got_verdict}, {check_id}={status(report, check_id) if report else None})"
    results.append((name, ok, detail))


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


def main():
    with tempfile.TemporaryDirectory() as tmp:
        stamped_path = os.path.join(tmp, "stamped.pdf")
        pith("stamp", BASE_A, "--record", SEED, "-o", stamped_path)
        original_len = os.path.getsize(BASE_A)
        data = open(stamped_path, "rb").read()
        assert data[:original_len] == open(BASE_A, "rb").read()
        expect("honest stamp verifies", stamped_path, "VERIFIED", "pith.binding.match", "pass", exit_code=0)

        sha = b"bd989e0cd8799edc6366010429d7c7a758545564158fe39c550c86614cda20f9"
        number = b"pith:2026:XWMJ4DGYPGPNYY3GAECCTV6HU5"
        suffix_url = b"https://pith.science/pith/XWMJ4DGYPGPNYY3GAECCTV6HU5"
        seed = json.load(open(SEED))
        other = json.load(open(OTHER_SEED))
        sig = seed["receipt"]["signature_b64"].encode()
        other_sig = other["receipt"]["signature_b64"].encode()

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

        forged = replace_in_update(data, original_len, b"(pith-record.json) 33 0 R", b"(pith-recorX.json) 33 0 R")
        expect("record attachment removed", write(tmp, "noattach", forged), "FAILED", "pith.data.consistent")

        forged = replace_in_update(data, original_len, b'"kind":"arxiv"', b'"id":"arxiv12"')
        expect("record with a duplicate key", write(tmp, "dupkey", forged), "FAILED", "pith.record.valid")

        # Later revisions: page content appended, metadata replaced, attachment removed.
        size = int(re.findall(rb"/Size (\d+)", data)[-1])
        page = object_body(data, 4, original_len)
        new_page = page.replace(b"29 0 R]", b"29 0 R %d 0 R]" % size)
        later = append_update(data, {size: stream(b"", b"BT /F1 24 Tf 72 72 Td (APPROVED) Tj ET"), 4: new_page},
                              size + 1, root=1, info=2)
        path = write(tmp, "content", later)
        expect("page content appended later", path, "MODIFIED", "pith.revisions.none")
        code, report = verify(path)
        changes = [c for r in report["facts"].get("later_revisions", []) for c in r["changes"]]
        results.append(("later revision described as page content", "page content" in changes, f" {changes}"))

        xmp = object_body(data, 31, original_len)
        new_xmp = xmp.replace(b"pith-stamp", b"pith-stamX")
        later = append_update(data, {31: new_xmp}, size, root=1, info=2)
        path = write(tmp, "metadata", later)
        expect("metadata replaced later", path, "MODIFIED", "pith.revisions.none")
        code, report = verify(path)
        changes = [c for r in report["facts"].get("later_revisions", []) for c in r["changes"]]
        results.append(("later revision described as metadata", "metadata" in changes, f" {changes}"))

        catalog = object_body(data, 1, original_len)
        new_catalog = re.sub(rb"/Names<</EmbeddedFiles \d+ 0 R>>|/AF\[\d+ 0 R\]", b"", catalog)
        later = append_update(data, {1: new_catalog}, size, root=1, info=2)
        expect("attachment removed in a later revision", write(tmp, "noattach-later", later), "FAILED",
               "pith.data.consistent")

        # The stamp update of one PDF appended to another.
        graft = open(BASE_B, "rb").read() + data[original_len:]
        code, report = verify(write(tmp, "graft", graft))
        ok = code == 3 or (code == 1 and status(report, "pith.binding.match") == "fail")
        results.append(("stamp update grafted onto another PDF", ok, f" (exit {code})"))

        # A receipt signed by a key nobody trusts: unverifiable, and verified once trusted.
        key = os.path.join(tmp, "test.key")
        keyring_line = pith("key", "generate", "--key-id", "test-untrusted", "-o", key).stdout
        keyring = os.path.join(tmp, "test.keyring")
        open(keyring, "wb").write(keyring_line)
        signed = os.path.join(tmp, "signed.json")
        pith("record", "sign", SEED, "--key", key, "-o", signed)
        untrusted = os.path.join(tmp, "untrusted.pdf")
        pith("stamp", BASE_A, "--record", signed, "-o", untrusted, "--force-unverified")
        expect("receipt signed by an untrusted key", untrusted, "UNVERIFIABLE", "pith.receipt.signature", "unverifiable")
        expect("same receipt with the key trusted", untrusted, "VERIFIED", "pith.receipt.signature", "pass",
               exit_code=0, extra=("--keyring", keyring))

        # --number and --record.
        expect("--number of the stamped record", stamped_path, "VERIFIED", "pith.number.expected", "pass", exit_code=0,
               extra=("--number", "XWMJ4DGY"))
        expect("--number of another record", stamped_path, "FAILED", "pith.number.expected", extra=("--number", "UU3ZMT4K"))
        expect("--record of another record", stamped_path, "FAILED", "pith.record.expected", extra=("--record", OTHER_SEED))

    return summarise(results)


if __name__ == "__main__":
    sys.exit(main())
