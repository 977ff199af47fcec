#!/usr/bin/env python3
"""The committed vectors: accept/NAME.json must canonicalise to NAME.expected (itself re-checked
against Python here, so a stale file cannot pass), reject/NAME.json must fail with exit 3 and one
line on stderr naming the problem and where (`at byte N` or `at $.path`), plus NAME.where if given."""
import hashlib
import os
import re
import sys

from pith_cli import python_canonical, run_pith

HERE = os.path.dirname(os.path.abspath(__file__))
failures = []


def fail(message):
    failures.append(message)
    print("FAIL:", message, file=sys.stderr)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def names(directory):
    return sorted(n[:-5] for n in os.listdir(directory) if n.endswith(".json"))


def check_accept(directory):
    count = 0
    for name in names(directory):
        data = read(os.path.join(directory, name + ".json"))
        expected = read(os.path.join(directory, name + ".expected"))
        if python_canonical(data) != expected:
            fail("accept/%s: the committed .expected is not what Python prints (re-run make_vectors.py)" % name)
            continue
        result = run_pith(["canonical", os.path.join(directory, name + ".json")])
        if result.returncode != 0 or result.stdout != expected:
            fail("accept/%s: exit %d, stderr %r\n  expected %r\n  got      %r" % (
                name, result.returncode, result.stderr[:300], expected[:300], result.stdout[:300]))
        result = run_pith(["canonical", "-", "--sha256"], data)
        if result.stdout != (hashlib.sha256(expected).hexdigest() + "\n").encode():
            fail("accept/%s --sha256 from stdin: exit %d, got %r" % (name, result.returncode, result.stdout))
        count += 1
    # Without a file argument, the document comes from stdin.
    data = read(os.path.join(directory, "nested_unsorted.json"))
    result = run_pith(["canonical"], data)
    if result.returncode != 0 or result.stdout != python_canonical(data):
        fail("canonical without FILE reading stdin: exit %d, %r %r" % (result.returncode, result.stdout, result.stderr))
    return count


ERROR_LINE = re.compile(r"^pith: .+ at (byte \d+|\$[^\n]*)\n$")


def check_reject(directory):
    count = 0
    for name in names(directory):
        path = os.path.join(directory, name + ".json")
        data = read(path)
        where_path = os.path.join(directory, name + ".where")
        where = read(where_path).decode() if os.path.exists(where_path) else None
        # Python refuses all of these, except duplicate keys, which it resolves silently (last wins).
        if python_canonical(data) is not None and not name.startswith("duplicate_key"):
            fail("reject/%s: Python accepts this vector; it does not belong here" % name)
        result = run_pith(["canonical", path])
        err = result.stderr.decode("utf-8", "replace")
        if result.returncode != 3:
            fail("reject/%s: expected exit 3, got %d (stdout %r, stderr %r)" % (
                name, result.returncode, result.stdout[:200], err[:300]))
            continue
        if result.stdout:
            fail("reject/%s: printed %r on stdout despite the error" % (name, result.stdout[:200]))
        if not ERROR_LINE.match(err):
            fail("reject/%s: stderr is not one line 'pith: <problem> at byte N|$.path': %r" % (name, err[:300]))
            continue
        m = re.search(r" at byte (\d+)\n$", err)
        if m and int(m.group(1)) > len(data):
            fail("reject/%s: byte offset %s beyond the input's %d bytes" % (name, m.group(1), len(data)))
        if where and where not in err:
            fail("reject/%s: error %r does not name %r" % (name, err.strip(), where))
        count += 1
    return count


def main():
    accepted = check_accept(os.path.join(HERE, "vectors", "accept"))
    rejected = check_reject(os.path.join(HERE, "vectors", "reject"))
    print("%d accept vectors, %d reject vectors checked, %d failures" % (accepted, rejected, len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
