#!/usr/bin/env python3
"""In a tagged PDF the stamp's link joins the structure tree (docs/FORMAT.md, "Tagged PDF").

Inputs are made here with pikepdf (a StructTreeRoot with one /Document element and a /ParentTree,
flat or with /Kids and /Limits, with or without /ParentTreeNextKey) and, when TeX Live's LaTeX
tagging code is there, with lualatex and \\DocumentMetadata{testphase=phase-III} (phase-II where
phase-III writes no tree, as on TeX Live 2022). Read back with
pikepdf, which shares no code with pith:
- the link's /StructParent maps through the /ParentTree to a /Link element whose /K holds an /OBJR
  to the link and its page, whose /Alt is the link's /Contents, and whose /P chain reaches the
  StructTreeRoot; /ParentTreeNextKey is one past it; the original kids and keys are kept;
- qpdf --check: the file is valid; pith verify: VERIFIED; the page's verifier, when built: the
  stamp update passes;
- a tree of a shape the stamp does not edit (an indirect /Nums array) and an untagged PDF get no
  /StructParent, the first with a warning naming the tree.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import pikepdf

PITH = os.environ["PITH"]
DATA = os.environ["PITH_TEST_DATA_DIR"]
SRC = os.environ["PITH_SOURCE_DIR"]
BUILD = os.environ.get("PITH_BUILD_DIR", "")
SEED = os.path.join(DATA, "seeds", "000_ad86baa9ca31c0d5.txt")
sys.path.insert(0, os.path.join(SRC, "tests", "verify"))
from pdfgen import paper_pdf  # noqa: E402
sys.path.insert(0, os.path.join(SRC, "tests", "stamp"))
from tagged_inputs import tagged_input  # noqa: E402

TITLE = "On the Expressive Power of Weight Quantization in Large Language Models"


def run(*args, check=True, cwd=None):
    p = subprocess.run(list(args), capture_output=True, timeout=300, cwd=cwd)
    if check and p.returncode != 0:
        raise AssertionError("%s -> %d: %s" % (" ".join(args), p.returncode, p.stderr.decode(errors="replace")[:500]))
    return p


def parent_tree_value(node, key, depth=0):
    """The value of `key` in a number tree, read by its /Kids and /Nums."""
    assert depth < 32
    if "/Nums" in node:
        nums = node.Nums
        for i in range(0, len(nums), 2):
            if int(nums[i]) == key:
                return nums[i + 1]
    for kid in node.get("/Kids", []):
        v = parent_tree_value(kid, key, depth + 1)
        if v is not None:
            return v
    return None


class TaggedStamp(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="pith-tagged-")
        cls.paper = os.path.join(cls.dir, "paper.pdf")
        with open(cls.paper, "wb") as f:
            f.write(paper_pdf(TITLE, pages=1))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir)

    def stamp(self, src, name):
        out = os.path.join(self.dir, name + "-stamped.pdf")
        p = run(PITH, "stamp", src, "--record", SEED, "--date", "2026-05-01T10:00:00Z", "-o", out)
        return out, p.stderr.decode()

    def assert_verified(self, path):
        qpdf = run("qpdf", "--check", path, check=False)
        self.assertEqual(qpdf.returncode, 0, qpdf.stdout.decode()[-500:] + qpdf.stderr.decode()[-500:])
        self.assertEqual(json.loads(run(PITH, "verify", "--json", path).stdout)["verdict"], "VERIFIED", path)
        node_cli = os.path.join(BUILD, "web", "verify-node.cjs")
        if BUILD and os.path.exists(node_cli) and shutil.which("node"):
            page = json.loads(run("node", node_cli, path).stdout)
            update = [c for c in page["checks"] if c["id"] == "pith.stamp.update"]
            self.assertEqual(update[0]["status"], "pass", update)

    def assert_link_tagged(self, path, original_keys):
        with pikepdf.open(path) as pdf:
            page = pdf.pages[0].obj
            link = page.Annots[len(page.Annots) - 1]
            self.assertEqual(link.Subtype, pikepdf.Name.Link)
            key = int(link.StructParent)
            root = pdf.Root.StructTreeRoot
            self.assertEqual(int(root.ParentTreeNextKey), key + 1)
            for k in original_keys:
                self.assertIsNotNone(parent_tree_value(root.ParentTree, k), "key %d of the original tree is kept" % k)
            elem = parent_tree_value(root.ParentTree, key)
            self.assertIsNotNone(elem, "the /ParentTree maps %d" % key)
            self.assertEqual(elem.S, pikepdf.Name.Link)
            self.assertEqual(str(elem.Alt), str(link.Contents))
            objrs = [k for k in elem.K if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == pikepdf.Name.OBJR]
            self.assertEqual(len(objrs), 1)
            self.assertEqual(objrs[0].Obj.objgen, link.objgen)
            self.assertEqual(objrs[0].Pg.objgen, page.objgen)
            node, chain = elem, 0
            while node.objgen != root.objgen:
                node, chain = node.P, chain + 1
                self.assertLess(chain, 64, "the /P chain reaches the StructTreeRoot")
            self.assertIn(elem.objgen, [k.objgen for k in elem.P.K], "the element is a kid of its parent")
            return len(elem.P.K)

    def test_flat_tree(self):
        out, _ = self.stamp(tagged_input(self.paper, os.path.join(self.dir, "flat.pdf"), "flat"), "flat")
        self.assertEqual(self.assert_link_tagged(out, [0]), 2, "the single kid became a 2-element array")
        self.assert_verified(out)

    def test_tree_with_kids(self):
        out, _ = self.stamp(tagged_input(self.paper, os.path.join(self.dir, "kids.pdf"), "kids"), "kids")
        self.assert_link_tagged(out, [0])
        with pikepdf.open(out) as pdf:
            leaf = pdf.Root.StructTreeRoot.ParentTree.Kids[0]
            self.assertEqual([int(x) for x in leaf.Limits], [0, 1])
        self.assert_verified(out)

    def test_without_next_key(self):
        out, _ = self.stamp(tagged_input(self.paper, os.path.join(self.dir, "nokey.pdf"), "nokey"), "nokey")
        self.assert_link_tagged(out, [0])
        with pikepdf.open(out) as pdf:
            self.assertEqual(int(pdf.pages[0].obj.Annots[0].StructParent), 1)
        self.assert_verified(out)

    def test_shape_not_edited_warns(self):
        out, err = self.stamp(tagged_input(self.paper, os.path.join(self.dir, "ind.pdf"), "indirect-nums"), "ind")
        self.assertIn("structure tree", err)
        with pikepdf.open(out) as pdf:
            self.assertNotIn("/StructParent", pdf.pages[0].obj.Annots[0])
            self.assertEqual(int(pdf.Root.StructTreeRoot.ParentTreeNextKey), 1)
        self.assert_verified(out)

    def test_untagged_unchanged(self):
        out, err = self.stamp(self.paper, "plain")
        self.assertNotIn("structure tree", err)
        with pikepdf.open(out) as pdf:
            self.assertNotIn("/StructParent", pdf.pages[0].obj.Annots[0])
            self.assertNotIn("/StructTreeRoot", pdf.Root)
        self.assert_verified(out)

    def test_lualatex_tagged(self):
        if not shutil.which("lualatex"):
            self.skipTest("lualatex is not installed")
        # TeX Live 2022 accepts phase-III but writes no structure tree with it; phase-II tags.
        for phase in ("phase-III", "phase-II"):
            with open(os.path.join(self.dir, "t.tex"), "w") as f:
                f.write("\\DocumentMetadata{testphase=%s}\n\\documentclass{article}\n\\begin{document}\n"
                        "\\title{%s}\\author{A. Author}\\date{}\\maketitle\nSome text of the paper.\n\\end{document}\n" % (phase, TITLE))
            p = run("lualatex", "-interaction=nonstopmode", "-halt-on-error", "t.tex", check=False, cwd=self.dir)
            pdf_path = os.path.join(self.dir, "t.pdf")
            if p.returncode == 0 and os.path.exists(pdf_path):
                with pikepdf.open(pdf_path) as pdf:
                    if "/StructTreeRoot" in pdf.Root:
                        break
        else:
            self.skipTest("this TeX Live's lualatex writes no structure tree with \\DocumentMetadata")
        with pikepdf.open(pdf_path) as pdf:
            keys = []
            def collect(node, depth=0):
                if "/Nums" in node:
                    keys.extend(int(node.Nums[i]) for i in range(0, len(node.Nums), 2))
                for kid in node.get("/Kids", []):
                    collect(kid, depth + 1)
            collect(pdf.Root.StructTreeRoot.ParentTree)
        out = os.path.join(self.dir, "t-stamped.pdf")
        p = run(PITH, "stamp", pdf_path, "--record", SEED, "-o", out, check=False)
        self.assertEqual(p.returncode, 0, p.stderr.decode())
        self.assertNotIn("structure tree", p.stderr.decode())
        self.assert_link_tagged(out, keys)
        self.assert_verified(out)


if __name__ == "__main__":
    unittest.main()
