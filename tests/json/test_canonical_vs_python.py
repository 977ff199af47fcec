#!/usr/bin/env python3
"""`pith canonical` against Python's json.dumps(sort_keys=True, separators=(',',':'),
ensure_ascii=False).encode() on seeded generated documents.

Documents are sent in batches (one JSON array per call: the array's canonical form is the
elements' canonical forms joined by commas), a sample one by one (file, stdin, --sha256).
Usage: test_canonical_vs_python.py [COUNT] [SEED]
"""
import hashlib
import os
import random
import sys
import tempfile

from jsongen import generate
from pith_cli import python_canonical, run_pith

COUNT = int(sys.argv[1]) if len(sys.argv) > 1 else 12000
SEED = int(sys.argv[2]) if len(sys.argv) > 2 else 20260509
BATCH = 400
SAMPLE = 250

failures = []


def fail(message):
    failures.append(message)
    print("FAIL:", message, file=sys.stderr)


def show(data, limit=300):
    text = data.decode("utf-8", "backslashreplace") if isinstance(data, bytes) else data
    return repr(text[:limit]) + ("..." if len(text) > limit else "")


def check_one(text, expected, how, tmpdir):
    data = text.encode()
    if how == "stdin":
        result = run_pith(["canonical", "-"], data)
    else:
        path = os.path.join(tmpdir, "doc.json")
        with open(path, "wb") as f:
            f.write(data)
        result = run_pith(["canonical", path] + (["--sha256"] if how == "sha256" else []))
        if how == "sha256":
            expected = (hashlib.sha256(expected).hexdigest() + "\n").encode()
    if result.returncode != 0 or result.stdout != expected:
        fail("%s: input %s\n  expected %s\n  got (exit %d) %s %s" % (
            how, show(text), show(expected), result.returncode, show(result.stdout), show(result.stderr)))
        return False
    return True


def batch_matches(chunk, tmpdir):
    path = os.path.join(tmpdir, "part.json")
    with open(path, "wb") as f:
        f.write(("[" + ",".join(d for d, _ in chunk) + "]").encode())
    result = run_pith(["canonical", path])
    return result.returncode == 0 and result.stdout == b"[" + b",".join(e for _, e in chunk) + b"]"


def find_differing(chunk, tmpdir, limit):
    """Documents of a failing batch that fail on their own, found with O(log n) calls each."""
    if len(chunk) == 1:
        return chunk
    half = len(chunk) // 2
    found = []
    for part in (chunk[:half], chunk[half:]):
        if len(found) < limit and not batch_matches(part, tmpdir):
            found += find_differing(part, tmpdir, limit - len(found))
    return found


def main():
    docs = generate(SEED, COUNT)
    expected = [python_canonical(d) for d in docs]
    usable = [(d, e) for d, e in zip(docs, expected) if e is not None]
    # The generator avoids what Python rejects; if many are lost the test would prove little.
    if len(usable) < 10000:
        fail("only %d of %d generated documents are valid for Python" % (len(usable), COUNT))

    with tempfile.TemporaryDirectory() as tmpdir:
        compared = failed_batches = 0
        for start in range(0, len(usable), BATCH):
            chunk = usable[start:start + BATCH]
            batch_text = "[" + ",".join(d for d, _ in chunk) + "]"
            batch_expected = b"[" + b",".join(e for _, e in chunk) + b"]"
            assert python_canonical(batch_text) == batch_expected  # the batching premise
            path = os.path.join(tmpdir, "batch.json")
            with open(path, "wb") as f:
                f.write(batch_text.encode())
            result = run_pith(["canonical", path])
            if result.returncode == 0 and result.stdout == batch_expected:
                compared += len(chunk)
                continue
            failed_batches += 1
            if len(failures) >= 20:
                continue  # enough examples: count the rest only, keeping a failing run short
            # Narrow down to the documents that differ by halving the batch.
            bad = find_differing(chunk, tmpdir, limit=5)
            if not bad:
                fail("batch at %d differs although every element matches: exit %d, %s" % (
                    start, result.returncode, show(result.stderr)))
            for d, e in bad:
                check_one(d, e, "file", tmpdir)

        rng = random.Random(SEED)
        sample = rng.sample(usable, min(SAMPLE, len(usable)))
        for i, (d, e) in enumerate(sample):
            check_one(d, e, ["file", "stdin", "sha256"][i % 3], tmpdir)

        # Everything in one document (a few MB), as a whole-file hash.
        whole_text = "[" + ",".join(d for d, _ in usable) + "]"
        whole_expected = python_canonical(whole_text)
        path = os.path.join(tmpdir, "all.json")
        with open(path, "wb") as f:
            f.write(whole_text.encode())
        result = run_pith(["canonical", path, "--sha256"])
        want = hashlib.sha256(whole_expected).hexdigest() + "\n"
        if result.returncode != 0 or result.stdout.decode() != want:
            fail("whole document (%d bytes): expected %s, got exit %d %s %s" % (
                len(whole_text.encode()), want.strip(), result.returncode, show(result.stdout), show(result.stderr)))

    print("%d generated documents matched Python in batches (%d batches of %d failed), %d compared singly, "
          "%d failures" % (compared, failed_batches, BATCH, len(sample), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
