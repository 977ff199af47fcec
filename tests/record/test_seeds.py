#!/usr/bin/env python3
"""The registry's own records verify offline: seeds 000 and 003 (pith_number_record), 002
(pith_open_graph_state), a pith_open_graph_bundle assembled from 002, and seed 004's bare
canonical record (which carries no receipt, so it is UNVERIFIABLE, exit 6, never VERIFIED).
Every expected value is re-derived here with Python's hashlib/base64 and an
independent Ed25519, never copied from pith's output."""
import base64
import json
import os
import re
import tempfile

import ed25519_ref
from recordlib import (REGISTRY_KEY_ID, REGISTRY_PUBLIC_KEY, Failures, canonical_bytes, check_status, clone,
                       fingerprint, parts, run, seed, seed004_canonical_text, seed004_stated_hash, seed_path,
                       sha256_hex, suffix_of, summary, title_hash, verify)

fail = Failures()
ALWAYS = ["pith.record.canonical", "pith.recordHash.match", "pith.number.match", "pith.number.year",
          "pith.receiptHash.match", "pith.receipt.signature"]


def expected_facts(doc):
    record, holder, receipt_holder = parts(doc)
    digest = sha256_hex(canonical_bytes(record))
    number = "pith:%s:%s" % (record["metadata"]["submitted_at"][:4], suffix_of(digest))
    # Python confirms what the registry states before pith is asked.
    assert holder["canonical_sha256"] == digest
    assert doc["pith_number"] == number
    receipt = receipt_holder["receipt"]
    assert receipt["key_id"] == REGISTRY_KEY_ID
    assert receipt["public_key_fingerprint"] == fingerprint(REGISTRY_PUBLIC_KEY)
    assert ed25519_ref.verify(REGISTRY_PUBLIC_KEY, bytes.fromhex(digest), base64.b64decode(receipt["signature_b64"]))
    if "paper" in doc:
        assert title_hash(doc["paper"]["title"]) == record["metadata"]["title_canon_sha256"]
    return digest, number


# The verdicts a record can reach here and their documented exit codes.
EXIT_FOR = {"VERIFIED": 0, "UNVERIFIABLE": 6}


def check_verified(label, target, digest, number, want_checks, extra=(), verdict="VERIFIED"):
    """The record verifies to `verdict` (VERIFIED, or UNVERIFIABLE for a record without a receipt):
    every named check passes, no other check fails, and the facts agree with Python."""
    code, report, err = verify(target, extra)
    if code != EXIT_FOR[verdict] or not report or report.get("verdict") != verdict:
        fail("%s: expected %s and exit %d, got exit %d: %s %s" % (label, verdict, EXIT_FOR[verdict], code,
                                                                summary(report), err))
        return report
    if report.get("schema") != "pith.report/1":
        fail("%s: schema %r" % (label, report.get("schema")))
    for check_id in want_checks:
        if check_status(report, check_id) != "pass":
            fail("%s: %s is %r, expected pass: %s" % (label, check_id, check_status(report, check_id), summary(report)))
    # Only the receipt signature may hold a record back from VERIFIED; nothing may fail.
    allowed = ("pass", "n/a") if verdict == "VERIFIED" else ("pass", "n/a", "unverifiable")
    for check in report["checks"]:
        if check.get("status") not in allowed or not check.get("title") or "reason" not in check:
            fail("%s: check %r incomplete or not passing" % (label, check))
        if (check.get("status") == "unverifiable") != (check.get("id") == "pith.receipt.signature"
                                                         and verdict == "UNVERIFIABLE"):
            fail("%s: check %r: only pith.receipt.signature may be unverifiable here" % (label, check))
    facts = report.get("facts", {})
    if facts.get("canonical_sha256") != digest:
        fail("%s: facts.canonical_sha256 %r, Python says %s" % (label, facts.get("canonical_sha256"), digest))
    if facts.get("number") != number:
        fail("%s: facts.number %r, Python says %s" % (label, facts.get("number"), number))
    return report


def check_numbers(label, target, number, other_number, verdict="VERIFIED"):
    """--number: a matching number passes and leaves the verdict as it was (`verdict`); any other
    number fails the record (FAILED, exit 1) whatever its receipt."""
    suffix = number.split(":")[2]
    good = [number, suffix, suffix.lower(), "pith:" + suffix[:8], suffix[:8], suffix[:12], suffix[:16]]
    for query in good:
        code, report, err = verify(target, ["--number", query])
        if (code != EXIT_FOR[verdict] or check_status(report, "pith.number.expected") != "pass"
                or (report or {}).get("verdict") != verdict):
            fail("%s --number %s: expected pass, %s/exit %d, got exit %d: %s %s" % (
                label, query, verdict, EXIT_FOR[verdict], code, summary(report), err))
    other_suffix = other_number.split(":")[2]
    wrong_year = "pith:%d:%s" % (int(number.split(":")[1]) - 1, suffix)
    for query in [other_number, other_suffix[:8], "pith:" + other_suffix[:8], wrong_year, suffix[:12] + "AAAA"]:
        code, report, err = verify(target, ["--number", query])
        if code != 1 or check_status(report, "pith.number.expected") != "fail" or report.get("verdict") != "FAILED":
            fail("%s --number %s: expected pith.number.expected fail/exit 1, got exit %d: %s %s" % (
                label, query, code, summary(report), err))
    for query in ["hello", "pith:", "XWMJ4DG", "pith:2026:XWMJ4DGY0", "0" * 26]:
        code, _, err = verify(target, ["--number", query])
        if code != 2:
            fail("%s --number %r (no Pith Number form): expected usage exit 2, got %d %s" % (label, query, code, err))


def check_text_and_show(label, path, number, verdict="VERIFIED"):
    result = run(["record", "verify", path])
    out = result.stdout.decode("utf-8", "replace")
    first_line = out.split("\n", 1)[0]
    if (result.returncode != EXIT_FOR[verdict] or not first_line.endswith(": " + verdict)
            or number not in out):
        fail("%s: text report: exit %d (expected %d, %s), output %r" % (
            label, result.returncode, EXIT_FOR[verdict], verdict, out[:500]))
    result = run(["record", "show", path])
    if result.returncode != 0 or number.split(":")[2] not in result.stdout.decode("utf-8", "replace"):
        fail("%s: record show: exit %d %r %r" % (label, result.returncode, result.stdout[:300], result.stderr[:300]))
    result = run(["record", "show", path, "--json"])
    try:
        json.loads(result.stdout)
    except ValueError:
        fail("%s: record show --json is not JSON: %r" % (label, result.stdout[:300]))
    if result.returncode != 0:
        fail("%s: record show --json exit %d" % (label, result.returncode))


def main():
    numbers = {}
    with tempfile.TemporaryDirectory() as tmp:
        for prefix in ["000", "003", "002"]:
            doc = seed(prefix)
            digest, number = expected_facts(doc)
            numbers[prefix] = number
            path = seed_path(prefix)
            want = ALWAYS + (["pith.title.match", "pith.shortNumber.match", "pith.aliases.match"]
                             if prefix != "002" else ["pith.aliases.match"])
            report = check_verified("seed " + prefix, path, digest, number, want)
            if report and report.get("facts", {}).get("key_id") != REGISTRY_KEY_ID:
                fail("seed %s: facts.key_id %r" % (prefix, report.get("facts", {}).get("key_id")))
            check_verified("seed %s on stdin" % prefix, doc, digest, number, want)
            check_text_and_show("seed " + prefix, path, number)

            # The canonical record alone, in the file's own key order, and the whole document.
            record_text = json.dumps(parts(doc)[0], ensure_ascii=False)
            result = run(["canonical", "-"], record_text.encode())
            if result.returncode != 0 or result.stdout != canonical_bytes(parts(doc)[0]):
                fail("seed %s: canonical of its canonical record: exit %d %r" % (prefix, result.returncode, result.stdout[:200]))
            # --sha256 of a record file is its canonical record's hash; --whole hashes the file's JSON.
            result = run(["canonical", path, "--sha256"])
            if result.stdout.decode() != digest + "\n":
                fail("seed %s: canonical --sha256 %r, Python's canonical record hash %s" % (prefix, result.stdout, digest))
            result = run(["canonical", path, "--sha256", "--whole"])
            with open(path, "rb") as f:
                whole = sha256_hex(canonical_bytes(json.loads(f.read())))
            if result.stdout.decode() != whole + "\n":
                fail("seed %s: canonical --sha256 --whole %r, Python %s" % (prefix, result.stdout, whole))

        check_numbers("seed 000", seed_path("000"), numbers["000"], numbers["003"])
        check_numbers("seed 002", seed_path("002"), numbers["002"], numbers["000"])

        # The registry's bundle.json shape, assembled from seed 002's parts.
        state = seed("002")
        payload = state["current"]["record_created"]["payload"]
        bundle = {
            "bundle_type": "pith_open_graph_bundle",
            "pith_number": state["pith_number"],
            "canonical_record": clone(payload["canonical_record"]),
            "canonical_sha256": payload["canonical_sha256"],
            "events": [
                {"event_type": "graph_snapshot", "payload": {}},
                {"event_type": "record_created", "event_id": state["current"]["record_created"]["event_id"],
                 "payload": clone(payload)},
            ],
        }
        digest, number = expected_facts(bundle)
        bundle_path = os.path.join(tmp, "bundle.json")
        with open(bundle_path, "w") as f:
            json.dump(bundle, f)
        report = check_verified("bundle from seed 002", bundle_path, digest, number, ALWAYS)
        if report and "bundle" not in str(report.get("facts", {}).get("shape", "")).lower():
            fail("bundle: facts.shape %r" % report.get("facts", {}).get("shape"))

        # Seed 004: the canonical record as its web page prints it.
        text = seed004_canonical_text()
        record = json.loads(text)
        digest = sha256_hex(canonical_bytes(record))
        if digest != seed004_stated_hash():
            fail("seed 004: Python's hash %s differs from the page's %s" % (digest, seed004_stated_hash()))
        bare = os.path.join(tmp, "004.json")
        with open(bare, "w") as f:
            f.write(text)
        for args in (["canonical", bare, "--sha256"], ["canonical", "-", "--sha256"]):
            result = run(args, text.encode())
            if result.returncode != 0 or result.stdout.decode() != digest + "\n":
                fail("seed 004: %s printed %r (exit %d), Python %s" % (" ".join(args), result.stdout, result.returncode, digest))
        result = run(["canonical", bare])
        if result.stdout != canonical_bytes(record):
            fail("seed 004: canonical bytes %r" % result.stdout[:300])
        number = "pith:2026:" + suffix_of(digest)
        # No receipt: everything that can be derived agrees, but nobody signed it -> UNVERIFIABLE
        # (exit 6), never VERIFIED; the signature check says why.
        report = check_verified("seed 004 bare", bare, digest, number,
                                ["pith.record.canonical"], verdict="UNVERIFIABLE")
        signature = next((c for c in (report or {}).get("checks", []) if c.get("id") == "pith.receipt.signature"), {})
        if signature.get("status") != "unverifiable" or not str(signature.get("reason", "")).startswith("no receipt: "):
            fail("seed 004 bare: signature check %r, expected unverifiable 'no receipt: ...'" % signature)
        check_numbers("seed 004 bare", bare, number, numbers["000"], verdict="UNVERIFIABLE")
        check_text_and_show("seed 004 bare", bare, number, verdict="UNVERIFIABLE")
        # The copy shipped in examples/ is the same record and reads the same.
        example = os.path.join(os.environ["PITH_SOURCE_DIR"], "examples", "records", "seed-46ATTTLZ-canonical.json")
        with open(example, "rb") as f:
            if sha256_hex(canonical_bytes(json.loads(f.read()))) != digest:
                fail("examples/records/seed-46ATTTLZ-canonical.json is not seed 004's record")
        check_verified("examples seed-46ATTTLZ-canonical", example, digest, number,
                       ["pith.record.canonical"], verdict="UNVERIFIABLE")

        # The web page itself is no record.
        code, _, err = verify(seed_path("001"))
        if code != 3 or not err.startswith("pith: ") or err.count("\n") != 1:
            fail("seed 001 (a web page): expected exit 3 with one error line, got %d %r" % (code, err))

    # Reports are reproducible and name their subject.
    for target, subject in ((seed_path("000"), seed_path("000")), ("-", "-")):
        data = open(seed_path("000"), "rb").read() if target == "-" else None
        first = run(["record", "verify", target, "--json"], data).stdout
        second = run(["record", "verify", target, "--json"], data).stdout
        if first != second:
            fail("record verify --json %s: two runs gave different bytes" % target)
        try:
            got = json.loads(first).get("subject")
        except ValueError:
            got = None
        if got not in (subject, os.path.basename(subject), "<stdin>"):
            fail("record verify --json %s: subject %r" % (target, got))

    # The command line itself: usage errors are exit 2, help and version exit 0.
    for args in (["record", "verify"], ["record", "verify", seed_path("000"), "--bogus"], ["canonical", "a", "b"],
                 ["record", "verify", seed_path("000"), "--number"], ["no-such-command"]):
        result = run(args)
        if result.returncode != 2:
            fail("pith %s: exit %d, expected usage error 2" % (" ".join(args), result.returncode))
    for args in (["--version"], ["--help"], ["record", "verify", "--help"], ["canonical", "--help"]):
        result = run(args)
        if result.returncode != 0 or not result.stdout:
            fail("pith %s: exit %d, stdout %r" % (" ".join(args), result.returncode, result.stdout[:100]))
    help_text = run(["record", "verify", "--help"]).stdout.decode() + run(["--help"]).stdout.decode()
    # Every documented exit code has its own line in the help's "Exit codes:" table, 6 included.
    listed = set(re.findall(r"^  ([0-9])  \S", help_text, re.M))
    if "exit codes" not in help_text.lower() or not {"0", "1", "2", "3", "4", "5", "6"} <= listed:
        fail("--help does not document every exit code 0-6 (lists %s)" % sorted(listed))

    fail.exit("seed records")


if __name__ == "__main__":
    main()
