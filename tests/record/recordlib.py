"""Shared helpers for the record tests: the seeds, Python's own derivation of every value a
record states (hash, Pith Number, aliases, title hash, fingerprint, signature), and pith calls."""
import base64
import copy
import glob
import hashlib
import json
import os
import subprocess
import sys

import ed25519_ref

PITH = os.environ.get("PITH")
DATA = os.environ.get("PITH_TEST_DATA_DIR")
if not PITH or not DATA:
    sys.exit("PITH and PITH_TEST_DATA_DIR must be set: run these tests through CTest")

REGISTRY_KEY_ID = "pith-v1-2026-05"
# Published by the registry (notes/pith-format.md); the tests derive everything else from it.
REGISTRY_PUBLIC_KEY = bytes.fromhex("b2d552b68890857171a78b36a5dccf368a953413288c353f7c9d9d6f94b709b3")


# --- Python's derivations ------------------------------------------------------------------
def canonical_bytes(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sha256_hex(data):
    return hashlib.sha256(data).hexdigest()


def suffix_of(digest_hex):
    return base64.b32encode(bytes.fromhex(digest_hex)).decode()[:26]


def fingerprint(public_key):
    return hashlib.sha256(public_key).digest()[:16].hex()


def title_hash(title):
    return sha256_hex(title.lower().encode())


def reject_duplicates(pairs):
    keys = [k for k, _ in pairs]
    assert len(keys) == len(set(keys)), "duplicate key in a seed"
    return dict(pairs)


def load_json(path):
    with open(path, "rb") as f:
        return json.loads(f.read().decode(), object_pairs_hook=reject_duplicates)


# --- the seeds ----------------------------------------------------------------------------
def seed_path(prefix):
    (path,) = glob.glob(os.path.join(DATA, "seeds", prefix + "_*.txt"))
    return path


def seed(prefix):
    return load_json(seed_path(prefix))


def seed004_canonical_text():
    """The JSON block under "Canonical record JSON" on seed 004's web page, as printed there."""
    with open(seed_path("004"), encoding="utf-8") as f:
        lines = f.read().split("\n")
    start = lines.index("Canonical record JSON") + 1
    return "\n".join(lines[start:]).strip() + "\n"


def seed004_stated_hash():
    """The page's own `# expect:` line, so the test does not restate the number."""
    with open(seed_path("004"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("# expect:"):
                return line.split(":", 1)[1].strip()
    raise AssertionError("seed 004 has no '# expect:' line")


# Where each shape keeps its parts (notes/pith-format.md).
def parts(doc):
    """(canonical_record, declared sha256 holder, receipt holder) as mutable references."""
    if doc.get("state_type") == "pith_open_graph_state":
        payload = doc["current"]["record_created"]["payload"]
        return payload["canonical_record"], payload, payload
    if doc.get("bundle_type") == "pith_open_graph_bundle":
        event = next(e for e in doc["events"] if e["event_type"] == "record_created")
        return doc["canonical_record"], doc, event["payload"]
    return doc["canonical_record"], doc, doc


def record_copies(doc):
    """Every copy of the canonical record a shape carries (a state repeats it under .current)."""
    copies = [parts(doc)[0]]
    if doc.get("state_type") == "pith_open_graph_state" and "canonical_record" in doc.get("current", {}):
        copies.append(doc["current"]["canonical_record"])
    return copies


def title_copies(doc):
    """paper.title and its repetition in graph_snapshot.paper.title, where present."""
    return [holder for holder in (doc.get("paper"), doc.get("graph_snapshot", {}).get("paper"))
            if isinstance(holder, dict) and "title" in holder]


def aliases_of(doc):
    if doc.get("state_type") == "pith_open_graph_state":
        return doc["current"].get("source_aliases", [])
    return doc.get("aliases", [])


def rederive(doc, sign_with=None, key_id=None):
    """Makes every stated value agree with the canonical record again (what a forger would do);
    re-signs only if given a secret key."""
    record, holder, receipt_holder = parts(doc)
    digest = sha256_hex(canonical_bytes(record))
    suffix = suffix_of(digest)
    year = record["metadata"]["submitted_at"][:4]
    holder["canonical_sha256"] = digest
    doc["pith_number"] = "pith:%s:%s" % (year, suffix)
    if "short_pith_number" in doc:
        doc["short_pith_number"] = "pith:" + suffix[:8]
    for alias in aliases_of(doc):
        if alias["alias_kind"].startswith("pith_short_"):
            alias["alias_value"] = suffix[:int(alias["alias_kind"][len("pith_short_"):])]
    receipt = receipt_holder.get("receipt")
    if receipt is not None:
        receipt["canonical_sha256"] = digest
        if sign_with is not None:
            public = ed25519_ref.public_key(sign_with)
            receipt["signature_b64"] = base64.b64encode(ed25519_ref.sign(sign_with, bytes.fromhex(digest))).decode()
            receipt["public_key_fingerprint"] = fingerprint(public)
            receipt["key_id"] = key_id or receipt["key_id"]
    return doc


def clone(doc):
    return copy.deepcopy(doc)


# --- calling pith -------------------------------------------------------------------------
def run(args, data=None, timeout=60):
    return subprocess.run([PITH] + args, input=data, capture_output=True, timeout=timeout)


def verify(path_or_doc, extra=(), tmpdir=None):
    """Runs `pith record verify --json`; returns (exit code, report or None, stderr)."""
    if isinstance(path_or_doc, (dict, list)):
        data = json.dumps(path_or_doc, ensure_ascii=False).encode()
        result = run(["record", "verify", "-", "--json"] + list(extra), data)
    else:
        result = run(["record", "verify", path_or_doc, "--json"] + list(extra))
    report = None
    if result.stdout:
        try:
            report = json.loads(result.stdout)
        except ValueError:
            report = {"unparseable": result.stdout.decode("utf-8", "replace")}
    return result.returncode, report, result.stderr.decode("utf-8", "replace")


def check_status(report, check_id):
    for check in (report or {}).get("checks", []):
        if check.get("id") == check_id:
            return check.get("status")
    return None


def summary(report):
    if not report or "checks" not in report:
        return repr(report)
    return "%s [%s]" % (report.get("verdict"), ", ".join(
        "%s=%s" % (c.get("id"), c.get("status")) for c in report["checks"]))


class Failures:
    def __init__(self):
        self.items = []

    def __call__(self, message):
        self.items.append(message)
        print("FAIL:", message, file=sys.stderr)

    def exit(self, what):
        print("%s: %d failures" % (what, len(self.items)))
        sys.exit(1 if self.items else 0)
