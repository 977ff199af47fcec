#!/usr/bin/env python3
"""Tampered records fail, and name the check that caught them.

For seeds 000 (pith_number_record) and 002 (pith_open_graph_state): every leaf of the canonical
record changed in turn, once leaving the stated values alone (the hash check must fail) and once
re-deriving every stated value with Python as a forger would (only the signature can catch it).
Then one stated value at a time: title, aliases, number year and suffix, short number, hashes,
signature (from another seed, bit-flipped, wrong fingerprint, unknown key, another key claiming
the registry's id). Changes that keep the same JSON value (key order, whitespace, escapes) must
still verify; changes Python's canonical form sees (1 -> 1.0) must not.

Exit codes: 0 VERIFIED, 1 FAILED, 3 unreadable/invalid, 6 UNVERIFIABLE (a receipt pith cannot check)."""
import base64
import json

from recordlib import (REGISTRY_KEY_ID, Failures, aliases_of, canonical_bytes, check_status, clone, parts,
                       record_copies, rederive, run, seed, sha256_hex, summary, title_copies, verify)

fail = Failures()
cases = [0]
EXIT_FOR = {"VERIFIED": 0, "FAILED": 1, "MODIFIED": 1, "UNVERIFIABLE": 6}


def leaves(value, path=()):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from leaves(v, path + (k,))
    elif isinstance(value, list):
        if not value:
            yield path, value
        for i, v in enumerate(value):
            yield from leaves(v, path + (i,))
    else:
        yield path, value


HEX = "0123456789abcdef"


def changed(value):
    """Another value of the same kind and form, so that the record stays well-formed."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, str) and len(value) == 64 and all(c in HEX for c in value):
        return value[:-1] + HEX[(HEX.index(value[-1]) + 1) % 16]
    if isinstance(value, str) and value[-1:].isdigit():
        return value[:-1] + str((int(value[-1]) + 1) % 10)
    if isinstance(value, str) and value[-2:-1].isdigit():  # "...:26Z"
        return value[:-2] + str((int(value[-2]) + 1) % 10) + value[-1]
    if isinstance(value, str):
        return value[:-1] + chr(ord(value[-1]) ^ 1) if value else "x"
    if isinstance(value, list):
        return ["cs.XX"]
    return 0


def set_at(container, path, new):
    for key in path[:-1]:
        container = container[key]
    container[path[-1]] = new


def expect(label, doc, check_id, status="fail", verdict="FAILED", extra=()):
    cases[0] += 1
    code, report, err = verify(doc, extra)
    want_code = EXIT_FOR[verdict]
    got = check_status(report, check_id)
    if code != want_code or got != status or not report or report.get("verdict") != verdict:
        fail("%s: expected %s=%s, verdict %s, exit %d; got exit %d: %s %s" % (
            label, check_id, status, verdict, want_code, code, summary(report), err.strip()))
    return report


def expect_not_verified(label, doc_or_bytes, codes=(1, 3, 6), must_name=None):
    """Never VERIFIED: refused (3), FAILED (1) or UNVERIFIABLE (6), with the exit code matching
    the reported verdict."""
    cases[0] += 1
    report = None
    if isinstance(doc_or_bytes, bytes):
        result = run(["record", "verify", "-", "--json"], doc_or_bytes)
        code, err, out = result.returncode, result.stderr.decode("utf-8", "replace"), result.stdout[:300]
        try:
            report = json.loads(result.stdout) if result.stdout else None
        except ValueError:
            report = None
    else:
        code, report, err = verify(doc_or_bytes)
        out = summary(report)
    if code not in codes:
        fail("%s: expected exit %s, got %d: %s %s" % (label, "/".join(map(str, codes)), code, out, err.strip()))
    if code in (1, 6):
        verdict = (report or {}).get("verdict")
        if verdict is None or EXIT_FOR.get(verdict) != code or verdict == "VERIFIED":
            fail("%s: exit %d with verdict %r" % (label, code, verdict))
        if verdict == "UNVERIFIABLE" and check_status(report, "pith.receipt.signature") != "unverifiable":
            fail("%s: UNVERIFIABLE but the signature check is %r: %s" % (
                label, check_status(report, "pith.receipt.signature"), out))
    if code == 3 and (not err.startswith("pith: ") or err.count("\n") != 1):
        fail("%s: exit 3 without one 'pith: ...' line: %r" % (label, err))
    if code == 3 and must_name and must_name not in err:
        fail("%s: the error does not name %r: %r" % (label, must_name, err))


def edit_records(doc, edit):
    for record in record_copies(doc):
        edit(record)
    return doc


def tamper_canonical_record(name, original):
    record = parts(original)[0]
    for path, value in list(leaves(record)):
        where = "canonical_record." + ".".join(map(str, path))
        if path == ("schema_version",):
            continue  # another schema version is refused as unsupported (below)
        doc = edit_records(clone(original), lambda r: set_at(r, path, changed(value)))
        report = expect("seed %s, %s changed" % (name, where), doc, "pith.recordHash.match")
        if report and check_status(report, "pith.number.match") != "fail":
            fail("seed %s, %s changed: pith.number.match %r" % (name, where, check_status(report, "pith.number.match")))
        forged = rederive(doc)
        report = expect("seed %s, %s changed and everything re-derived" % (name, where), forged,
                        "pith.receipt.signature")
        for check_id in ["pith.recordHash.match", "pith.number.match", "pith.receiptHash.match", "pith.aliases.match"]:
            if report and check_status(report, check_id) != "pass":
                fail("seed %s, %s re-derived: %s is %r, expected pass" % (name, where, check_id, check_status(report, check_id)))

    # A member added: still a record, whose hash changes.
    doc = edit_records(clone(original), lambda r: r["metadata"].__setitem__("extra", ""))
    expect("seed %s, member added" % name, doc, "pith.recordHash.match")
    expect("seed %s, member added, re-derived" % name, rederive(doc), "pith.receipt.signature")

    # No longer a schema 1.0 record: refused as invalid (exit 3, naming the place) or failed; never verified.
    for label, edit in [
        ("schema_version changed", lambda r: r.__setitem__("schema_version", "1.1")),
        ("member renamed", lambda r: r["metadata"].__setitem__("licence", r["metadata"].pop("license"))),
        ("member removed", lambda r: r["metadata"].pop("primary_cat")),
        ("integer written as float", lambda r: r["source"].__setitem__("version", float(r["source"]["version"]))),
        ("integer written as string", lambda r: r["source"].__setitem__("version", str(r["source"]["version"]))),
        ("title hash not hex", lambda r: r["metadata"].__setitem__("title_canon_sha256", "z" * 64)),
    ]:
        doc = edit_records(clone(original), edit)
        expect_not_verified("seed %s, %s" % (name, label), doc, must_name="canonical_record")
        expect_not_verified("seed %s, %s, re-derived" % (name, label), rederive(doc), must_name="canonical_record")

    # A state whose two copies of the canonical record disagree is never verified.
    if len(record_copies(original)) > 1:
        doc = clone(original)
        record_copies(doc)[1]["source"]["id"] += "9"
        expect_not_verified("seed %s, only .current.canonical_record changed" % name, doc)
        doc = clone(original)
        parts(doc)[0]["source"]["id"] += "9"
        expect_not_verified("seed %s, only the signed canonical_record changed" % name, rederive(doc))


def same_value_still_verifies(name, original):
    doc = clone(original)
    record, _, _ = parts(doc)
    # Reverse every object's key order, pretty-print, and escape an ASCII letter.
    def reverse(v):
        if isinstance(v, dict):
            return {k: reverse(v[k]) for k in reversed(list(v))}
        if isinstance(v, list):
            return [reverse(x) for x in v]
        return v
    text = json.dumps(reverse(doc), indent=3, ensure_ascii=True)
    cat = record["metadata"]["primary_cat"]
    text = text.replace(json.dumps(cat), json.dumps(cat)[:-2] + "\\u%04x\"" % ord(cat[-1]), 1)
    result = run(["record", "verify", "-", "--json"], text.encode())
    report = json.loads(result.stdout) if result.stdout else None
    if result.returncode != 0 or (report or {}).get("verdict") != "VERIFIED":
        fail("seed %s re-ordered, re-indented, escaped: expected VERIFIED, got exit %d %s %s" % (
            name, result.returncode, summary(report), result.stderr))


def tamper_stated_values(name, original, other):
    record, holder, receipt_holder = parts(original)

    def edited(edit):
        doc = clone(original)
        edit(doc)
        return doc

    suffix = original["pith_number"].split(":")[2]
    year = int(original["pith_number"].split(":")[1])
    flip = "A" if suffix[5] != "A" else "B"
    expect("seed %s, number year" % name,
           edited(lambda d: d.__setitem__("pith_number", "pith:%d:%s" % (year - 1, suffix))), "pith.number.year")
    expect("seed %s, number suffix" % name,
           edited(lambda d: d.__setitem__("pith_number", "pith:%d:%s%s%s" % (year, suffix[:5], flip, suffix[6:]))),
           "pith.number.match")
    expect("seed %s, stated canonical_sha256" % name,
           edited(lambda d: parts(d)[1].__setitem__("canonical_sha256", "0" * 64)), "pith.recordHash.match")
    expect("seed %s, receipt.canonical_sha256" % name,
           edited(lambda d: parts(d)[2]["receipt"].__setitem__("canonical_sha256", sha256_hex(b"other"))),
           "pith.receiptHash.match")

    for size in (8, 12, 16):
        def wrong_alias(d, size=size):
            for alias in aliases_of(d):
                if alias["alias_kind"] == "pith_short_%d" % size:
                    alias["alias_value"] = alias["alias_value"][:-1] + ("A" if alias["alias_value"][-1] != "A" else "B")
        expect("seed %s, alias pith_short_%d" % (name, size), edited(wrong_alias), "pith.aliases.match")

    if "short_pith_number" in original:
        expect("seed %s, short_pith_number" % name,
               edited(lambda d: d.__setitem__("short_pith_number", "pith:" + suffix[:7] + flip)), "pith.shortNumber.match")
    if title_copies(original):
        title = original["paper"]["title"]

        def with_title(new_title):
            return edited(lambda d: [holder.__setitem__("title", new_title) for holder in title_copies(d)])
        expect("seed %s, paper.title" % name, with_title(title + " (v2)"), "pith.title.match")
        expect("seed %s, paper.title with a trailing space" % name, with_title(title + " "), "pith.title.match")
        # The registry hashes the lower-cased title, so case alone changes nothing.
        expect("seed %s, paper.title upper-cased" % name, with_title(title.upper()), "pith.title.match", "pass",
               "VERIFIED")
        expect_not_verified("seed %s, only paper.title changed" % name,
                            edited(lambda d: d["paper"].__setitem__("title", title + " (v2)")))

    # Signatures.
    other_sig = parts(other)[2]["receipt"]["signature_b64"]
    expect("seed %s, signature of another seed" % name,
           edited(lambda d: parts(d)[2]["receipt"].__setitem__("signature_b64", other_sig)), "pith.receipt.signature")
    sig = bytearray(base64.b64decode(receipt_holder["receipt"]["signature_b64"]))
    for byte in (0, 31, 32, 63):
        flipped = bytearray(sig)
        flipped[byte] ^= 0x01
        expect("seed %s, signature byte %d flipped" % (name, byte),
               edited(lambda d: parts(d)[2]["receipt"].__setitem__("signature_b64", base64.b64encode(bytes(flipped)).decode())),
               "pith.receipt.signature")
    expect("seed %s, wrong public_key_fingerprint" % name,
           edited(lambda d: parts(d)[2]["receipt"].__setitem__("public_key_fingerprint", "00" * 16)),
           "pith.receipt.signature")
    expect("seed %s, unknown key id" % name,
           edited(lambda d: parts(d)[2]["receipt"].__setitem__("key_id", "someone-else-2026")),
           "pith.receipt.signature", "unverifiable", "UNVERIFIABLE")
    # Another key claiming the registry's id: a correct signature, but not by the registry.
    impostor = rederive(clone(original), sign_with=bytes(range(32)), key_id=REGISTRY_KEY_ID)
    expect("seed %s, re-signed by another key under the registry's id" % name, impostor, "pith.receipt.signature")
    impostor_same_fp = clone(impostor)
    parts(impostor_same_fp)[2]["receipt"]["public_key_fingerprint"] = receipt_holder["receipt"]["public_key_fingerprint"]
    expect("seed %s, another key's signature, registry fingerprint" % name, impostor_same_fp, "pith.receipt.signature")

    # Malformed receipts are never verified.
    for label, edit in [
        ("signature of 63 bytes", lambda r: r.__setitem__("signature_b64", base64.b64encode(bytes(sig[:63])).decode())),
        ("signature not base64", lambda r: r.__setitem__("signature_b64", "not*base64!")),
        ("signature empty", lambda r: r.__setitem__("signature_b64", "")),
        ("algorithm rsa", lambda r: r.__setitem__("algorithm", "rsa")),
        ("signed_message hex", lambda r: r.__setitem__("signed_message", "canonical_sha256_hex")),
    ]:
        doc = edited(lambda d: edit(parts(d)[2]["receipt"]))
        expect_not_verified("seed %s, %s" % (name, label), doc)


def non_ascii_title(original):
    """The registry's title rule is known for ASCII titles only (lower-case, SHA-256). For a title
    whose hash is what Python's str.lower() gives, pith may pass or call the check unverifiable,
    but must not claim a mismatch it cannot know."""
    doc = clone(original)
    title = "\u00dcber die Gr\u00f6\u00dfe: \u03a3\u0391\u03a3 in LLMs"
    for holder in title_copies(doc):
        holder["title"] = title
    for record in record_copies(doc):
        record["metadata"]["title_canon_sha256"] = sha256_hex(title.lower().encode())
    code, report, err = verify(rederive(doc))
    if check_status(report, "pith.title.match") not in ("pass", "unverifiable", "n/a"):
        fail("non-ASCII title hashed as Python lower-cases it: pith.title.match is %r (exit %d): %s %s" % (
            check_status(report, "pith.title.match"), code, summary(report), err.strip()))


def invalid_documents(original):
    """Wrong types, missing fields, ambiguity, bad bytes: exit 3 with one error line."""
    def edited(edit):
        doc = clone(original)
        edit(doc)
        return doc

    for label, doc in [
        ("canonical_sha256 a number", edited(lambda d: d.__setitem__("canonical_sha256", 12))),
        ("receipt a string", edited(lambda d: d.__setitem__("receipt", "signed"))),
        ("receipt.signature_b64 a number", edited(lambda d: d["receipt"].__setitem__("signature_b64", 7))),
        ("canonical_record an array", edited(lambda d: d.__setitem__("canonical_record", []))),
        ("canonical_record missing", edited(lambda d: d.pop("canonical_record"))),
        ("pith_number a number", edited(lambda d: d.__setitem__("pith_number", 2026))),
        ("a JSON array", [original]),
        ("a JSON string", "pith_number_record"),
    ]:
        expect_not_verified(label, doc, codes=(3,))

    marked = clone(original)
    marked["canonical_record"]["metadata"]["__dup__"] = 0
    text = json.dumps(marked, ensure_ascii=False, separators=(",", ":"))
    dup_inner = text.replace('"__dup__":0', '"primary_cat":"cs.AI"', 1)
    text = json.dumps(original, ensure_ascii=False, separators=(",", ":"))
    dup_outer = text.replace('"pith_number":', '"pith_number":"pith:2026:AAAAAAAAAAAAAAAAAAAAAAAAAA","pith_number":', 1)
    assert dup_inner.count('"primary_cat":"cs.AI"') == 1 and '"title":"' in text
    bad_utf8 = text.encode().replace(b'"title":"', b'"title":"\xc3\x28', 1)
    truncated = text.encode()[: len(text) // 2]
    for label, data in [("duplicate key in the canonical record", dup_inner.encode()),
                        ("duplicate pith_number", dup_outer.encode()),
                        ("invalid UTF-8 in the title", bad_utf8),
                        ("truncated", truncated),
                        ("empty", b""),
                        ("trailing garbage", text.encode() + b" }"),
                        ("a NUL byte, then another document", text.encode() + b'\x00{"pith_number":"x"}')]:
        expect_not_verified(label, data, codes=(3,))
    result = run(["record", "verify", "-"], dup_inner.encode())
    if "primary_cat" not in result.stderr.decode() or "canonical_record" not in result.stderr.decode():
        fail("duplicate key error does not name its place: %r" % result.stderr)
    result = run(["record", "verify", "/nonexistent/record.json"])
    if result.returncode != 3 or b"/nonexistent/record.json" not in result.stderr:
        fail("missing file: exit %d %r" % (result.returncode, result.stderr))


def main():
    seeds = {name: seed(name) for name in ("000", "002", "003")}
    for name in seeds:  # the untouched seeds are the baseline
        expect("seed %s untouched" % name, seeds[name], "pith.recordHash.match", "pass", "VERIFIED")
    tamper_canonical_record("000", seeds["000"])
    tamper_canonical_record("002", seeds["002"])
    for name, other in [("000", "003"), ("003", "000"), ("002", "000")]:
        tamper_stated_values(name, seeds[name], seeds[other])
        same_value_still_verifies(name, seeds[name])
    invalid_documents(seeds["000"])
    non_ascii_title(seeds["000"])
    # Sanity of the tooling: Python's own re-derivation of an untouched seed changes nothing.
    assert rederive(clone(seeds["000"])) == seeds["000"]
    assert canonical_bytes(parts(seeds["000"])[0])
    fail.exit("tampering (%d cases)" % cases[0])


if __name__ == "__main__":
    main()
