#!/usr/bin/env python3
"""docs/ARCHIVE.md's recipes, run as written (the code blocks are read from the document): GNU
parallel over a small archive gives one JSON line per paper in the order of the sorted file list,
with the verdict each paper was built to have; the verdict count is Python's; the Kubernetes shard
command, run for every JOB_COMPLETION_INDEX by hand, gives the same lines once merged."""
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

PITH = os.environ["PITH"]
SRC = os.environ["PITH_SOURCE_DIR"]
RECORD = os.path.join(SRC, "examples", "records", "seed-XWMJ4DGY.json")
TITLE = "On the Expressive Power of Weight Quantization in Large Language Models"
sys.path.insert(0, os.path.join(SRC, "tests", "verify"))
from pdfgen import paper_pdf  # noqa: E402


def recipe(name):
    with open(os.path.join(SRC, "docs", "ARCHIVE.md")) as f:
        text = f.read()
    m = re.search(r"<!-- recipe: %s -->\n```sh\n(.*?)```" % name, text, re.S)
    assert m, "docs/ARCHIVE.md has no recipe %s" % name
    return m.group(1)


class ArchiveRecipeTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="pith-archive-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        bin_dir = os.path.join(self.tmp, "bin")
        os.makedirs(bin_dir)
        os.symlink(PITH, os.path.join(bin_dir, "pith"))
        self.env = dict(os.environ, PATH=bin_dir + os.pathsep + os.environ["PATH"], LC_ALL="C")
        # A small archive: papers built to be VERIFIED, NO-PITH-DATA, MODIFIED and UNREADABLE.
        self.expected = {}
        plain = paper_pdf(TITLE, pages=2)
        for i in range(7):
            rel = os.path.join("archive", "2605" if i % 2 else "2606", "%02d" % i, "paper.pdf")
            path = os.path.join(self.tmp, rel)
            os.makedirs(os.path.dirname(path))
            kind = ("stamped", "stamped", "plain", "modified", "stamped", "broken", "stamped")[i]
            if kind == "broken":
                with open(path, "wb") as f:
                    f.write(b"%PDF-1.7\nnot really\n")
                self.expected[rel] = "UNREADABLE"
                continue
            with open(path, "wb") as f:
                f.write(plain)
            if kind == "plain":
                self.expected[rel] = "NO-PITH-DATA"
                continue
            subprocess.run([PITH, "stamp", path, "--record", RECORD, "--in-place"], check=True, capture_output=True)
            if kind == "modified":
                with open(path, "ab") as f:
                    f.write(b"% appended by another program\n" * 40)
            self.expected[rel] = "MODIFIED" if kind == "modified" else "VERIFIED"
        self.order = sorted(self.expected)

    def sh(self, script):
        return subprocess.run(["bash", "-c", "set -o pipefail; " + script], cwd=self.tmp, env=self.env,
                              capture_output=True, text=True, timeout=300)

    def lines(self, name):
        with open(os.path.join(self.tmp, name)) as f:
            return f.read().splitlines()

    def test_parallel_recipe_and_count(self):
        p = self.sh(recipe("parallel"))
        # parallel's status counts pith runs that did not exit 0: here some batch holds MODIFIED.
        self.assertNotEqual(p.returncode, 0)
        self.assertNotIn("Traceback", p.stderr)
        lines = self.lines("reports.jsonl")
        reports = [json.loads(line) for line in lines]
        self.assertEqual([r["subject"] for r in reports], self.order)
        self.assertEqual({r["subject"]: r["verdict"] for r in reports}, self.expected)
        self.assertTrue(os.path.getsize(os.path.join(self.tmp, "verify.joblog")) > 0)
        p = self.sh(recipe("count"))
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(eval(p.stdout), dict(collections.Counter(self.expected.values())))  # a dict literal

        # The shards of the Indexed Job, merged, are the same lines.
        with open(os.path.join(self.tmp, "list.txt"), "w") as f:
            f.write("".join(rel + "\n" for rel in self.order))
        os.makedirs(os.path.join(self.tmp, "out"))
        shards = 3
        for index in range(shards):
            self.env.update(SHARDS=str(shards), JOB_COMPLETION_INDEX=str(index))
            p = self.sh(recipe("shard"))
            self.assertEqual(p.returncode, 0, p.stderr)
        merged = []
        for index in range(shards):
            shard = self.lines(os.path.join("out", "shard-%d.jsonl" % index))
            # awk's NR counts from 1: shard i holds lines i, i+n, ... of the list.
            self.assertEqual([json.loads(l)["subject"] for l in shard],
                             [rel for n, rel in enumerate(self.order, 1) if n % shards == index])
            merged += shard
        self.assertEqual(sorted(merged), sorted(lines))


if __name__ == "__main__":
    unittest.main(verbosity=2)
