#!/usr/bin/env python3
"""pith verify over the whole qpdf corpus (../shared's when it is there, else the subset kept in
tests/data), stamped copies of part of it, and mutations of both
(truncations, byte flips, broken startxref offsets): every run must end in a documented exit code
(0, 1, 3, 4) within 10 s and 1 GiB, with exactly one stderr line when it is 3, never a signal."""
import concurrent.futures
import glob
import os
import random
import resource
import subprocess
import sys
import tempfile
import time

PITH = os.environ["PITH"]
DATA = os.environ["PITH_TEST_DATA_DIR"]
SHARED_CORPUS = os.path.join(os.environ.get("PITH_SHARED_DIR", "/nonexistent"), "corpus", "qpdf")
SEED_RECORD = os.path.join(DATA, "seeds", "000_ad86baa9ca31c0d5.txt")
LIMIT_SECONDS = 10
LIMIT_BYTES = 1 << 30
STAMPED_SAMPLE = 40


def limited():
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT_BYTES, LIMIT_BYTES))


def verify(path):
    start = time.monotonic()
    try:
        p = subprocess.run([PITH, "verify", "--json", path], capture_output=True, timeout=LIMIT_SECONDS,
                           preexec_fn=limited)
    except subprocess.TimeoutExpired:
        return path, "timeout", time.monotonic() - start
    elapsed = time.monotonic() - start
    err = [l for l in p.stderr.decode("utf-8", "replace").splitlines() if l.strip()]
    if p.returncode < 0:
        return path, f"killed by signal {-p.returncode}", elapsed
    if p.returncode not in (0, 1, 3, 4):
        return path, f"undocumented exit {p.returncode}", elapsed
    if p.returncode == 3 and (len(err) != 1 or not err[0].startswith("pith: ")):
        return path, f"exit 3 without exactly one error line: {err[:3]}", elapsed
    if p.returncode != 3 and p.stdout.count(b"\n") != 1:
        return path, "expected exactly one JSON line", elapsed
    return path, None, elapsed


def mutations(data, rng):
    out = {}
    if len(data) > 20:
        out["trunc-half"] = data[: len(data) // 2]
        out["trunc-tail"] = data[:-7]
    flipped = bytearray(data)
    for _ in range(3):
        if flipped:
            i = rng.randrange(len(flipped))
            flipped[i] ^= 1 << rng.randrange(8)
    out["flip3"] = bytes(flipped)
    pos = data.rfind(b"startxref")
    if pos >= 0:
        end = pos + 9
        while end < len(data) and data[end:end + 1] in b" \r\n":
            end += 1
        digits_end = end
        while digits_end < len(data) and data[digits_end:digits_end + 1].isdigit():
            digits_end += 1
        if digits_end > end:
            value = int(data[end:digits_end])
            out["xref-offset"] = data[:end] + str(value + 17).encode() + data[digits_end:]
    return out


def main():
    whole = os.path.isdir(SHARED_CORPUS)
    corpus_dir = SHARED_CORPUS if whole else os.path.join(DATA, "corpus", "qpdf")
    corpus = sorted(glob.glob(os.path.join(corpus_dir, "*.pdf")))
    print(f"corpus: {corpus_dir} ({len(corpus)} files, {'the whole qpdf corpus' if whole else 'the subset in tests/data'})")
    assert len(corpus) > (600 if whole else 100), "the qpdf corpus is missing"
    rng = random.Random(20261122)
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        stamped = []
        for src in rng.sample(corpus, STAMPED_SAMPLE):
            dst = os.path.join(tmp, "stamped-" + os.path.basename(src))
            p = subprocess.run([PITH, "stamp", src, "--record", SEED_RECORD, "-o", dst], capture_output=True,
                               timeout=60)
            if p.returncode == 0:
                stamped.append(dst)
        assert len(stamped) >= STAMPED_SAMPLE // 2, f"only {len(stamped)} sample files could be stamped"
        inputs = list(corpus) + stamped
        for path in list(inputs):
            with open(path, "rb") as f:
                data = f.read()
            for name, mutated in mutations(data, rng).items():
                target = os.path.join(tmp, f"{os.path.basename(path)}.{name}.pdf")
                with open(target, "wb") as f:
                    f.write(mutated)
                inputs.append(target)
        slowest = 0.0
        with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            for path, problem, elapsed in pool.map(verify, inputs):
                slowest = max(slowest, elapsed)
                if problem:
                    failures.append(f"{os.path.basename(path)}: {problem}")
        # Stamped files verify cleanly before mutation (no false alarm).
        for path in stamped:
            p = subprocess.run([PITH, "verify", path], capture_output=True, timeout=LIMIT_SECONDS)
            if p.returncode != 0:
                failures.append(f"{os.path.basename(path)}: stamped file does not verify: "
                                f"{p.stdout.decode()[:300]}")
    for f in failures:
        print("FAIL", f)
    print(f"{len(inputs) - len(failures)} passed, {len(failures)} failed (slowest run {slowest:.2f}s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
