#!/usr/bin/env python3
"""Registry side: keys made by `pith key generate` sign records with `pith record sign`; Python
checks every receipt field and the signature with its own Ed25519; `pith record verify` trusts
them only through a keyring. A keyring line can override the registry's key, which must then
make the registry's own receipts fail. Receipts made by Python verify through pith too. A keyring
line's optional 4th field names what the key may sign (registry, stamper, or registry,stamper;
registry when absent): only a registry key makes a record's receipt pass."""
import base64
import json
import os
import re
import stat
import tempfile

import ed25519_ref
from recordlib import (REGISTRY_KEY_ID, Failures, canonical_bytes, check_status, fingerprint, parts, run, seed,
                       seed004_canonical_text, seed_path, sha256_hex, suffix_of, summary, verify)

fail = Failures()
EXIT_FOR = {"VERIFIED": 0, "FAILED": 1, "UNVERIFIABLE": 6}
KEYRING_LINE = re.compile(r"^([A-Za-z0-9._-]+) ed25519 ([0-9a-f]{64})\n$")


def generate(tmp, key_id, name):
    secret = os.path.join(tmp, name)
    result = run(["key", "generate", "--key-id", key_id, "-o", secret])
    line = result.stdout.decode()
    m = KEYRING_LINE.match(line)
    if result.returncode != 0 or not m or m.group(1) != key_id:
        fail("key generate %s: exit %d, stdout %r, stderr %r" % (key_id, result.returncode, line, result.stderr))
        return secret, None, line
    mode = stat.S_IMODE(os.stat(secret).st_mode)
    if mode != 0o600:
        fail("key generate: secret key file mode %o, expected 600" % mode)
    public = bytes.fromhex(m.group(2))
    before = open(secret, "rb").read()
    again = run(["key", "generate", "--key-id", key_id, "-o", secret])
    if again.returncode != 2 or open(secret, "rb").read() != before:
        fail("key generate over an existing key file: exit %d, file %s" % (
            again.returncode, "kept" if open(secret, "rb").read() == before else "overwritten"))
    for target in (secret, write(tmp, name + ".keyring", "# test keyring\n\n" + line)):
        result = run(["key", "fingerprint", target])
        if result.returncode != 0 or result.stdout.decode().strip() != fingerprint(public):
            fail("key fingerprint %s: %r (exit %d), Python says %s" % (
                os.path.basename(target), result.stdout, result.returncode, fingerprint(public)))
    return secret, public, line


def write(tmp, name, data):
    path = os.path.join(tmp, name)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())
    return path


def sign(tmp, record_path, secret, out_name):
    out = os.path.join(tmp, out_name)
    result = run(["record", "sign", record_path, "--key", secret, "-o", out])
    if result.returncode != 0:
        fail("record sign %s: exit %d %r" % (os.path.basename(record_path), result.returncode, result.stderr))
        return None, out
    with open(out, "rb") as f:
        return json.loads(f.read()), out


def check_receipt(label, signed, record, key_id, public):
    """Every receipt field, re-derived in Python."""
    digest = sha256_hex(canonical_bytes(record))
    suffix = suffix_of(digest)
    want_top = {"record_type": "pith_number_record", "canonical_sha256": digest,
                "pith_number": "pith:%s:%s" % (record["metadata"]["submitted_at"][:4], suffix),
                "short_pith_number": "pith:" + suffix[:8]}
    for key, want in want_top.items():
        if signed.get(key) != want:
            fail("%s: %s is %r, Python says %r" % (label, key, signed.get(key), want))
    if signed.get("canonical_record") != record:
        fail("%s: the canonical record changed while signing" % label)
    receipt = signed.get("receipt", {})
    want_receipt = {"key_id": key_id, "algorithm": "ed25519", "signed_message": "canonical_sha256_bytes",
                    "public_key_fingerprint": fingerprint(public), "canonical_sha256": digest}
    for key, want in want_receipt.items():
        if receipt.get(key) != want:
            fail("%s: receipt.%s is %r, Python says %r" % (label, key, receipt.get(key), want))
    try:
        signature = base64.b64decode(receipt.get("signature_b64", ""), validate=True)
    except ValueError:
        signature = b""
    if not ed25519_ref.verify(public, bytes.fromhex(digest), signature):
        fail("%s: the signature does not verify over the 32 digest bytes with Python's Ed25519" % label)


def expect(label, target, check_id, status, verdict, extra=()):
    code, report, err = verify(target, extra)
    want_code = EXIT_FOR[verdict]
    if code != want_code or check_status(report, check_id) != status or (report or {}).get("verdict") != verdict:
        fail("%s: expected %s=%s, %s, exit %d; got exit %d: %s %s" % (
            label, check_id, status, verdict, want_code, code, summary(report), err.strip()))


def main():
    with tempfile.TemporaryDirectory() as tmp:
        secret, public, line = generate(tmp, "test-signer-2026", "signer.key")
        _, public2, line2 = generate(tmp, "test-signer-2026", "signer2.key")  # same id, another key
        if public is None or public2 is None:
            fail.exit("keys and signing")
        if public == public2:
            fail("two generated keys are equal")
        keyring = write(tmp, "keyring.txt", "# keys this test trusts\n\nother-signer ed25519 %s\n%s" % (
            public2.hex(), line))

        # A bare canonical record (seed 004), signed and verified.
        bare = write(tmp, "004.json", seed004_canonical_text())
        record = json.loads(seed004_canonical_text())
        signed, signed_path = sign(tmp, bare, secret, "004.signed.json")
        if signed:
            check_receipt("seed 004 signed", signed, record, "test-signer-2026", public)
            expect("seed 004 signed, with keyring", signed_path, "pith.receipt.signature", "pass", "VERIFIED",
                   ["--keyring", keyring])
            expect("seed 004 signed, no keyring", signed_path, "pith.receipt.signature", "unverifiable", "UNVERIFIABLE")
            again, _ = sign(tmp, bare, secret, "004.signed-again.json")
            if again != signed:
                fail("signing the same record twice gave different output")
            # A keyring naming another key under the signer's id: the fingerprint or the signature fails.
            only2 = write(tmp, "only2.txt", line2)
            expect("seed 004 signed, keyring with another key of that id", signed_path, "pith.receipt.signature",
                   "fail", "FAILED", ["--keyring", only2])

        # Re-signing a registry record replaces its receipt.
        for prefix in ("000", "002"):
            original = seed(prefix)
            signed, signed_path = sign(tmp, seed_path(prefix), secret, prefix + ".signed.json")
            if signed:
                check_receipt("seed %s re-signed" % prefix, signed, parts(original)[0], "test-signer-2026", public)
                expect("seed %s re-signed, with keyring" % prefix, signed_path, "pith.receipt.signature", "pass",
                       "VERIFIED", ["--keyring", keyring])
                expect("seed %s re-signed, no keyring" % prefix, signed_path, "pith.receipt.signature",
                       "unverifiable", "UNVERIFIABLE")

        # A key generated under the registry's id is not the registry's key.
        impostor, impostor_public, impostor_line = generate(tmp, REGISTRY_KEY_ID, "impostor.key")
        signed, signed_path = sign(tmp, bare, impostor, "004.impostor.json")
        if signed:
            expect("signed by an impostor of the registry id", signed_path, "pith.receipt.signature", "fail", "FAILED")
            override = write(tmp, "override.txt", impostor_line)
            expect("impostor's record, keyring overriding the registry key", signed_path, "pith.receipt.signature",
                   "pass", "VERIFIED", ["--keyring", override])
            for prefix in ("000", "002", "003"):
                expect("seed %s, keyring overriding the registry key" % prefix, seed_path(prefix),
                       "pith.receipt.signature", "fail", "FAILED", ["--keyring", override])

        # A receipt made by Python alone verifies through a keyring Python wrote.
        py_secret = bytes(range(100, 132))
        py_public = ed25519_ref.public_key(py_secret)
        digest = sha256_hex(canonical_bytes(record))
        py_doc = {"record_type": "pith_number_record", "canonical_record": record, "canonical_sha256": digest,
                  "pith_number": "pith:2026:" + suffix_of(digest), "short_pith_number": "pith:" + suffix_of(digest)[:8],
                  "receipt": {"key_id": "python-ref-1", "algorithm": "ed25519",
                              "signed_message": "canonical_sha256_bytes", "canonical_sha256": digest,
                              "public_key_fingerprint": fingerprint(py_public),
                              "signature_b64": base64.b64encode(ed25519_ref.sign(py_secret, bytes.fromhex(digest))).decode()}}
        py_path = write(tmp, "python-signed.json", json.dumps(py_doc))
        py_keyring = write(tmp, "python.keyring", "python-ref-1 ed25519 %s\n" % py_public.hex().upper())
        expect("Python-signed record, Python's keyring", py_path, "pith.receipt.signature", "pass", "VERIFIED",
               ["--keyring", py_keyring])
        expect("Python-signed record, no keyring", py_path, "pith.receipt.signature", "unverifiable", "UNVERIFIABLE")

        # The role field: absent or "registry" (in either spelling of the pair) trusts the key for
        # records; "stamper" alone does not, so the receipt is signed by no registry key pith trusts.
        py_hex = py_public.hex()
        for role in ("registry", "registry,stamper", "stamper,registry"):
            path = write(tmp, "role.keyring", "python-ref-1 ed25519 %s %s  # role %s\n" % (py_hex, role, role))
            expect("Python-signed record, keyring role %s" % role, py_path, "pith.receipt.signature", "pass",
                   "VERIFIED", ["--keyring", path])
        stamper_only = write(tmp, "stamper.keyring", "python-ref-1 ed25519 %s stamper\n" % py_hex)
        expect("Python-signed record, key trusted as a stamper only", py_path, "pith.receipt.signature",
               "unverifiable", "UNVERIFIABLE", ["--keyring", stamper_only])
        # A stamper-only line under the registry's id replaces the built-in key: the registry's own
        # seeds are then signed by no registry key pith trusts.
        if impostor_public is not None:
            stamper_registry_id = write(tmp, "stamper-registry-id.keyring", "%s ed25519 %s stamper\n" % (
                REGISTRY_KEY_ID, impostor_public.hex()))
            expect("seed 000, registry id overridden by a stamper-only key", seed_path("000"),
                   "pith.receipt.signature", "unverifiable", "UNVERIFIABLE", ["--keyring", stamper_registry_id])

        # Keyring files with mistakes: exit 3, naming file and line.
        good = "python-ref-1 ed25519 " + py_public.hex()
        for label, text, bad_line in [
            ("unknown algorithm", "# c\n%s\nk2 rsa %s\n" % (good, "ab" * 32), 3),
            ("short key", "\n\nk2 ed25519 %s\n" % ("ab" * 31), 3),
            ("non-hex key", "k2 ed25519 %s\n" % ("zz" * 32), 1),
            ("missing key", "%s\nk2 ed25519\n" % good, 2),
            ("an unknown role", "%s\n# c\nk2 ed25519 %s trailing\n" % (good, "ab" * 32), 3),
            ("an empty role in the list", "%s\nk2 ed25519 %s ,stamper\n" % (good, "ab" * 32), 2),
            ("a field after the role", "%s\n# c\nk2 ed25519 %s registry extra\n" % (good, "ab" * 32), 3),
        ]:
            path = write(tmp, "bad-keyring.txt", text)
            code, _, err = verify(py_path, ["--keyring", path])
            if code != 3 or "%s:%d" % (path, bad_line) not in err or err.count("\n") != 1:
                fail("keyring with %s: expected exit 3 naming %s:%d, got %d %r" % (label, path, bad_line, code, err))
        code, _, err = verify(py_path, ["--keyring", os.path.join(tmp, "absent.txt")])
        if code != 3 or "absent.txt" not in err:
            fail("missing keyring file: exit %d %r" % (code, err))

        # Signing errors leave nothing behind.
        garbage_key = write(tmp, "garbage.key", "not a key\n")
        for label, args, want in [
            ("missing key file", ["record", "sign", bare, "--key", os.path.join(tmp, "absent.key")], 3),
            ("garbage key file", ["record", "sign", bare, "--key", garbage_key], 3),
            ("a keyring instead of a secret key", ["record", "sign", bare, "--key", keyring], 3),
            ("invalid record", ["record", "sign", write(tmp, "bad.json", '{"a":'), "--key", secret], 3),
            ("output directory missing", ["record", "sign", bare, "--key", secret], 5),
        ]:
            out = os.path.join(tmp, "no-such-dir" if want == 5 else "", "out.json")
            result = run(args + ["-o", out])
            if result.returncode != want or os.path.exists(out):
                fail("record sign, %s: expected exit %d and no output, got %d (%s) %r" % (
                    label, want, result.returncode, "output written" if os.path.exists(out) else "no output",
                    result.stderr))
        result = run(["key", "generate", "-o", os.path.join(tmp, "noid.key")])
        if result.returncode != 2:
            fail("key generate without --key-id: exit %d, expected 2" % result.returncode)

    fail.exit("keys and signing")


if __name__ == "__main__":
    main()
