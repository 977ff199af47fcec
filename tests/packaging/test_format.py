#!/usr/bin/env python3
"""Every C++ file of the tree follows .clang-format, as clang-format 14 (Debian 12's) lays it out; and
the check can fail: a file laid out otherwise, in the same tree, is reported."""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

SRC = os.environ["PITH_SOURCE_DIR"]
SKIP_DIRS = {"build", "node_modules", ".git"}


def cpp_files():
    for top in ("tool", "tests", "bench", "web", "latex", "packaging"):
        for root, dirs, files in os.walk(os.path.join(SRC, top)):
            dirs[:] = [d for d in dirs if d not in SKIP_DIRS and not d.startswith("build")]
            for name in files:
                if name.endswith((".cpp", ".hpp", ".h", ".cc")):
                    yield os.path.join(root, name)


def misformatted(paths):
    p = subprocess.run(["clang-format", "--dry-run", "--Werror", "--style=file", *paths], capture_output=True, text=True)
    return p.returncode, sorted({line.split(":", 1)[0] for line in p.stderr.splitlines() if ": error:" in line})


class Format(unittest.TestCase):
    def test_tree_follows_clang_format(self):
        files = sorted(cpp_files())
        self.assertGreater(len(files), 100, "the C++ sources were not found")
        rc, bad = misformatted(files)
        self.assertEqual(bad, [], "not laid out as .clang-format says (run clang-format -i on them)")
        self.assertEqual(rc, 0)

    def test_a_misformatted_file_is_reported(self):
        with tempfile.TemporaryDirectory(dir=os.path.join(SRC, "tool")) as d:
            sample = os.path.join(d, "sample.cpp")
            with open(sample, "w") as f:
                f.write("int  f( int x ){return x+1;}\n")
            rc, bad = misformatted([sample])
            self.assertNotEqual(rc, 0)
            self.assertEqual(bad, [sample])


if __name__ == "__main__":
    if not shutil.which("clang-format"):
        sys.exit("clang-format is missing (Debian package clang-format)")
    unittest.main()
