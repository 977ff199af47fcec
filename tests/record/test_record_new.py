#!/usr/bin/env python3
"""`pith record new` builds the canonical record Python would build from the same facts (seed
004's paper, whose title hash the registry published), deterministically, says how it treated
the abstract, and its output is consistent but UNVERIFIABLE (exit 6: no receipt, so nobody vouches
for it) until it is signed, when it verifies through a keyring."""
import json
import os
import tempfile

from recordlib import (Failures, canonical_bytes, check_status, run, seed004_canonical_text, sha256_hex, suffix_of,
                       summary, title_hash, verify)

fail = Failures()
TITLE = "Fitting Is Not Enough: Smoothness in Extremely Quantized LLMs"  # seed 004's page, first lines
ARGS = ["--title", TITLE, "--arxiv-id", "2605.08894", "--version", "2", "--submitted-at", "2026-05-09T11:19:51Z",
        "--license", "http://creativecommons.org/licenses/by/4.0/", "--primary-cat", "cs.CL", "--cross-cat", "cs.AI"]


def new(tmp, name, args):
    out = os.path.join(tmp, name)
    result = run(["record", "new"] + args + ["-o", out])
    doc = None
    if result.returncode == 0:
        with open(out, "rb") as f:
            raw = f.read()
        doc = json.loads(raw)
        return doc, out, result.stderr.decode("utf-8", "replace"), raw
    fail("record new %s: exit %d %r" % (name, result.returncode, result.stderr))
    return None, out, result.stderr.decode("utf-8", "replace"), None


def check_consistent(label, doc, path):
    record = doc["canonical_record"]
    digest = sha256_hex(canonical_bytes(record))
    suffix = suffix_of(digest)
    want = {"record_type": "pith_number_record", "canonical_sha256": digest,
            "pith_number": "pith:%s:%s" % (record["metadata"]["submitted_at"][:4], suffix),
            "short_pith_number": "pith:" + suffix[:8]}
    for key, value in want.items():
        if doc.get(key) != value:
            fail("%s: %s is %r, Python says %r" % (label, key, doc.get(key), value))
    if "receipt" in doc:
        fail("%s: a new record carries a receipt" % label)
    # Every value it states checks out; only the missing receipt keeps it from VERIFIED.
    code, report, err = verify(path)
    signature = next((c for c in (report or {}).get("checks", []) if c.get("id") == "pith.receipt.signature"), {})
    if (code != 6 or (report or {}).get("verdict") != "UNVERIFIABLE" or signature.get("status") != "unverifiable"
            or not str(signature.get("reason", "")).startswith("no receipt: ")):
        fail("%s: verify: expected UNVERIFIABLE (no receipt), exit 6; got exit %d %s %s" % (
            label, code, summary(report), err))
    for check_id in ("pith.record.canonical", "pith.recordHash.match", "pith.number.match", "pith.number.year",
                     "pith.shortNumber.match", "pith.title.match"):
        if check_status(report, check_id) != "pass":
            fail("%s: %s is %r, expected pass: %s" % (label, check_id, check_status(report, check_id), summary(report)))
    for check in (report or {}).get("checks", []):
        if check.get("status") not in ("pass", "n/a") and check.get("id") != "pith.receipt.signature":
            fail("%s: %s is %r: %s" % (label, check.get("id"), check.get("status"), summary(report)))


def main():
    seed_record = json.loads(seed004_canonical_text())
    with tempfile.TemporaryDirectory() as tmp:
        abstract = "Extremely quantized LLMs lose generation quality."
        doc, path, err, raw = new(tmp, "new.json", ARGS + ["--abstract", abstract])
        if doc:
            record = doc["canonical_record"]
            # Everything but the abstract hash (the page does not print the abstract) is seed 004's.
            expected = json.loads(json.dumps(seed_record))
            expected["metadata"]["abstract_canon_sha256"] = record["metadata"].get("abstract_canon_sha256")
            if record != expected:
                fail("record new: canonical record %s, expected (seed 004 but the abstract) %s" % (
                    json.dumps(record, sort_keys=True), json.dumps(expected, sort_keys=True)))
            if title_hash(TITLE) != seed_record["metadata"]["title_canon_sha256"]:
                fail("Python's title hash disagrees with seed 004: the test's premise is wrong")
            if len(record["metadata"].get("abstract_canon_sha256", "")) != 64:
                fail("record new: abstract_canon_sha256 %r" % record["metadata"].get("abstract_canon_sha256"))
            if doc.get("paper", {}).get("title") != TITLE:
                fail("record new: paper.title %r" % doc.get("paper", {}).get("title"))
            if "abstract" not in err.lower():
                fail("record new: stderr does not say how the abstract was canonicalised: %r" % err)
            check_consistent("record new", doc, path)
            again = new(tmp, "again.json", ARGS + ["--abstract", abstract])[3]
            if again != raw:
                fail("record new is not reproducible: two runs gave different bytes")
            from_file = os.path.join(tmp, "abstract.txt")
            with open(from_file, "w") as f:
                f.write(abstract)
            doc2 = new(tmp, "from-file.json", ARGS + ["--abstract-file", from_file])[0]
            if doc2 and doc2["canonical_record"] != record:
                fail("--abstract-file gave another record than --abstract with the same text")
            other = new(tmp, "other.json", ARGS + ["--abstract", abstract + " More."])[0]
            if other and other["canonical_record"]["metadata"]["abstract_canon_sha256"] == \
                    record["metadata"]["abstract_canon_sha256"]:
                fail("a different abstract gave the same abstract_canon_sha256")

            # Signed with a fresh key, it verifies through the keyring.
            key = os.path.join(tmp, "k.key")
            line = run(["key", "generate", "--key-id", "new-test", "-o", key]).stdout.decode()
            keyring = os.path.join(tmp, "k.keyring")
            with open(keyring, "w") as f:
                f.write(line)
            signed = os.path.join(tmp, "signed.json")
            result = run(["record", "sign", path, "--key", key, "-o", signed])
            code, report, err = verify(signed, ["--keyring", keyring])
            if result.returncode != 0 or code != 0 or (report or {}).get("verdict") != "VERIFIED":
                fail("record new + sign + verify: sign exit %d, verify exit %d %s %s" % (
                    result.returncode, code, summary(report), err))

        # Categories are sorted, years come from submitted_at, non-ASCII titles stay consistent.
        doc, path, _, _ = new(tmp, "cats.json", [
            "--title", "Über die Größe der Mengen", "--arxiv-id", "hep-th/9601001", "--version", "1",
            "--submitted-at", "1996-01-02T03:04:05Z", "--license", "http://arxiv.org/licenses/nonexclusive-distrib/1.0/",
            "--primary-cat", "hep-th", "--cross-cat", "math.QA", "--cross-cat", "gr-qc", "--cross-cat", "cond-mat",
            "--abstract", "Ein Abstract mit Umlauten: äöü."])
        if doc:
            cats = doc["canonical_record"]["metadata"]["cross_cats_sorted"]
            if cats != sorted(["math.QA", "gr-qc", "cond-mat"]):
                fail("cross_cats_sorted %r" % cats)
            if not doc["pith_number"].startswith("pith:1996:"):
                fail("1996 submission numbered %r" % doc["pith_number"])
            if doc["canonical_record"]["source"] != {"id": "hep-th/9601001", "kind": "arxiv", "version": 1}:
                fail("source %r" % doc["canonical_record"]["source"])
            check_consistent("record new, 1996, non-ASCII title", doc, path)
        doc, path, _, _ = new(tmp, "nocats.json", ARGS[:-2] + ["--abstract", "x"])
        if doc and doc["canonical_record"]["metadata"]["cross_cats_sorted"] != []:
            fail("no --cross-cat: cross_cats_sorted %r" % doc["canonical_record"]["metadata"]["cross_cats_sorted"])

        # Bad options: usage errors, nothing written.
        def without(flag):
            i = ARGS.index(flag)
            return ARGS[:i] + ARGS[i + 2:]

        def replaced(flag, value):
            i = ARGS.index(flag)
            return ARGS[:i + 1] + [value] + ARGS[i + 2:]

        for label, args, codes in [
            ("no title", without("--title") + ["--abstract", "x"], (2,)),
            ("no abstract", ARGS, (2,)),
            ("both abstracts", ARGS + ["--abstract", "x", "--abstract-file", "/etc/hostname"], (2,)),
            ("version not a number", replaced("--version", "two") + ["--abstract", "x"], (2,)),
            ("submitted-at not a time", replaced("--submitted-at", "yesterday") + ["--abstract", "x"], (2, 3)),
            ("submitted-at a date only", replaced("--submitted-at", "2026-05-09") + ["--abstract", "x"], (2, 3)),
            ("submitted-at out of range", replaced("--submitted-at", "2026-13-45T25:61:61Z") + ["--abstract", "x"], (2, 3)),
            ("submitted-at with an offset", replaced("--submitted-at", "2026-05-09T11:19:51+02:00") + ["--abstract", "x"], (2, 3)),
            ("abstract file missing", ARGS + ["--abstract-file", os.path.join(tmp, "absent.txt")], (3,)),
        ]:
            out = os.path.join(tmp, "bad.json")
            if os.path.exists(out):
                os.remove(out)
            result = run(["record", "new"] + args + ["-o", out])
            if result.returncode not in codes or os.path.exists(out):
                fail("record new, %s: expected exit %s and no file, got %d %r" % (label, codes, result.returncode, result.stderr))
        out = os.path.join(tmp, "missing-dir", "x.json")
        result = run(["record", "new"] + ARGS + ["--abstract", "x", "-o", out])
        if result.returncode != 5:
            fail("record new into a missing directory: exit %d, expected 5" % result.returncode)

    fail.exit("record new")


if __name__ == "__main__":
    main()
