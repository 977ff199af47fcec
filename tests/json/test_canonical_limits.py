#!/usr/bin/env python3
"""Hostile sizes: nesting at and beyond the documented depth limit (512), a million-deep
document, the 16 MiB size limit, and a 100 MB file on disk and on stdin. Each must end quickly
with exit 3 and one line on stderr, and the 100 MB cases must not read the whole input into memory
(max RSS measured for the pith process alone)."""
import os
import subprocess
import sys
import tempfile
import time

from pith_cli import PITH, python_canonical, run_pith

failures = []
MIB = 1 << 20


def fail(message):
    failures.append(message)
    print("FAIL:", message, file=sys.stderr)


def expect_rejected(label, args, data=None, seconds=10):
    start = time.monotonic()
    result = run_pith(args, data, timeout=120)
    took = time.monotonic() - start
    err = result.stderr.decode("utf-8", "replace")
    if result.returncode != 3:
        fail("%s: expected exit 3, got %d (stderr %r)" % (label, result.returncode, err[:300]))
    elif not (err.startswith("pith: ") and err.endswith("\n") and err.count("\n") == 1):
        fail("%s: stderr is not one 'pith: ...' line: %r" % (label, err[:300]))
    if took > seconds:
        fail("%s: took %.1f s (limit %d s)" % (label, took, seconds))
    if result.stdout:
        fail("%s: wrote %d bytes to stdout despite the error" % (label, len(result.stdout)))
    return err


def expect_python_equal(label, text):
    expected = python_canonical(text)
    assert expected is not None, label
    result = run_pith(["canonical", "-"], text.encode(), timeout=120)
    if result.returncode != 0 or result.stdout != expected:
        fail("%s: expected Python's %d bytes, got exit %d, %d bytes, stderr %r" % (
            label, len(expected), result.returncode, len(result.stdout), result.stderr[:300]))


def max_rss_kib(args, stdin_path=None):
    """Runs pith in a fresh Python process so that RUSAGE_CHILDREN covers that one child alone."""
    probe = (
        "import resource, subprocess, sys\n"
        "stdin = open(sys.argv[1], 'rb') if sys.argv[1] else subprocess.DEVNULL\n"
        "r = subprocess.run(sys.argv[2:], stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
        "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "sys.stderr.write(r.stderr.decode('utf-8', 'replace'))\n")
    out = subprocess.run([sys.executable, "-c", probe, stdin_path or ""] + [PITH] + args,
                         capture_output=True, text=True, timeout=120)
    code, rss = out.stdout.split()
    return int(code), int(rss), out.stderr


def main():
    # Depth: 512 levels are a document, 513 are not (ParseLimits::maxDepth).
    expect_python_equal("512 nested arrays", "[" * 512 + "]" * 512)
    expect_python_equal("512 nested objects", '{"a":' * 511 + "{}" + "}" * 511)
    err = expect_rejected("513 nested arrays", ["canonical", "-"], ("[" * 513 + "]" * 513).encode())
    if "$" not in err and "byte" not in err:
        fail("513 nested arrays: error does not say where: %r" % err)
    expect_rejected("513 nested objects", ["canonical", "-"], ('{"a":' * 513 + "1" + "}" * 513).encode())

    million = 10 ** 6
    expect_rejected("10^6 open brackets", ["canonical", "-"], b"[" * million, seconds=5)
    expect_rejected("10^6 nested arrays", ["canonical", "-"], b"[" * million + b"]" * million, seconds=5)
    expect_rejected("10^6 nested objects", ["canonical", "-"], b'{"a":' * million + b"0" + b"}" * million, seconds=5)
    expect_rejected("10^6 nested, record verify", ["record", "verify", "-"], b"[" * million, seconds=5)

    with tempfile.TemporaryDirectory() as tmp:
        # The size limit: exactly 16 MiB is read, one byte more is refused.
        at_limit = '"' + "a" * (16 * MIB - 2) + '"'
        expect_python_equal("16 MiB document", at_limit)
        over = os.path.join(tmp, "over.json")
        with open(over, "wb") as f:
            f.write(b'"' + b"a" * (16 * MIB - 1) + b'"')
        expect_rejected("16 MiB + 1 byte", ["canonical", over])
        del at_limit

        # 100 MB of valid JSON: refused for its size without holding it in memory.
        big = os.path.join(tmp, "big.json")
        with open(big, "wb") as f:
            f.write(b"[")
            chunk = b"1234567890," * 100000
            while f.tell() < 100 * 1000 * 1000:
                f.write(chunk)
            f.write(b"0]")
        for label, args, stdin_path in [
            ("100 MB file", ["canonical", big], None),
            ("100 MB on stdin", ["canonical", "-"], big),
            ("100 MB file, --sha256", ["canonical", big, "--sha256"], None),
            ("100 MB file, record verify", ["record", "verify", big], None),
            ("100 MB on stdin, record verify", ["record", "verify", "-"], big),
        ]:
            start = time.monotonic()
            code, rss_kib, err = max_rss_kib(args, stdin_path)
            took = time.monotonic() - start
            print("%s: exit %d, max RSS %.1f MB, %.2f s" % (label, code, rss_kib / 1024, took))
            if code != 3:
                fail("%s: expected exit 3, got %d (%r)" % (label, code, err[:300]))
            if rss_kib >= 100 * 1024:
                fail("%s: max RSS %.1f MB, limit 100 MB" % (label, rss_kib / 1024))
            if took > 10:
                fail("%s: took %.1f s" % (label, took))

    print("%d failures" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
