#!/usr/bin/env python3
"""pith verify over the whole qpdf corpus (../shared's when it is there, else the subset kept in
tests/data), stamped copies of part of it, and mutations of both
(truncations, byte flips, broken startxref offsets): every run must end in a documented exit code
(0, 1, 3, 4, 6) within 10 s and 1 GiB, with exactly one stderr line when it is 3, never a signal.
The corpus files do not show the record's title on page 1, so they are stamped with --force; before
mutation pith verify must find every structural check of those stamps passing (stampcheck.py)."""
import concurrent.futures
import glob
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from stampcheck import (doubts_actions, forced_stamp_problems, open_marked_content, pdfinfo_finds_javascript,  # noqa: E402
                        qpdf_finds_page_tree_loop)

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
    if p.returncode not in (0, 1, 3, 4, 6):
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
        sources = {}
        for src in rng.sample(corpus, STAMPED_SAMPLE):
            dst = os.path.join(tmp, "stamped-" + os.path.basename(src))
            try:
                p = subprocess.run([PITH, "stamp", src, "--record", SEED_RECORD, "--force", "-o", dst],
                                   capture_output=True, timeout=60)
            except subprocess.TimeoutExpired:
                failures.append(f"{os.path.basename(src)}: pith stamp did not finish in 60 s")
                continue
            if p.returncode == 0:
                stamped.append(dst)
                sources[dst] = src
            elif p.returncode != 3:
                failures.append(f"{os.path.basename(src)}: pith stamp --force exit {p.returncode}: {p.stderr[:300]!r}")
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
        # Before mutation, every stamp is structurally sound (no false alarm): binding, stamp update,
        # no later revision, record checks; the badge shown where the page is large and sound enough.
        for path in stamped:
            p = subprocess.run([PITH, "verify", "--json", path], capture_output=True, timeout=LIMIT_SECONDS)
            try:
                report = json.loads(p.stdout)
            except ValueError:
                report = None
            src = sources[path]
            sound = subprocess.run(["qpdf", "--check", src], capture_output=True).returncode == 0
            info = subprocess.run(["pdfinfo", "-f", "1", "-l", "1", path], capture_output=True, timeout=20).stdout
            size = re.search(rb"Page +1 size: +([\d.]+) x ([\d.]+)", info)
            big_enough = size is None or min(float(size.group(1)), float(size.group(2))) >= 72
            try:
                poppler_reads = subprocess.run(["pdftotext", "-f", "1", "-l", "1", path, "-"], capture_output=True,
                                               timeout=20).returncode == 0
            except subprocess.TimeoutExpired:
                poppler_reads = False
            problems = forced_stamp_problems(report, p.returncode, badge_must_show=sound and big_enough and poppler_reads,
                                             open_marked=open_marked_content(src) or 0,
                                             runs_javascript=doubts_actions(report) and pdfinfo_finds_javascript(path),
                                             page_tree_loop=doubts_actions(report) and qpdf_finds_page_tree_loop(path))
            if problems:
                failures.append(f"{os.path.basename(path)}: stamped file: " + "; ".join(problems))
    for f in failures:
        print("FAIL", f)
    print(f"{len(inputs) - len(failures)} passed, {len(failures)} failed (slowest run {slowest:.2f}s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
