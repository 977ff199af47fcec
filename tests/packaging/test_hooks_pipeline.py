#!/usr/bin/env python3
"""The build hooks as a preprint server wires them: argument order, options passed through, file
modes, dry runs that refuse what the real run refuses, a wrong pith binary, arXiv's own
conventions in the source tree (\\pdfoutput=1 in the first five lines, 00README.yaml, anc/, CRLF),
the reason the main file was chosen, --json, and no __pycache__ left beside the hook's modules.
References: Python's own umask arithmetic, `pith stamp` run directly, and the bytes of the tree."""
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import unittest

PITH = os.environ["PITH"]
SRC = os.environ["PITH_SOURCE_DIR"]
HOOKS = os.path.join(SRC, "packaging", "hooks")
RECORD = os.path.join(SRC, "examples", "records", "seed-XWMJ4DGY.json")
BARE = os.path.join(SRC, "examples", "records", "seed-46ATTTLZ-canonical.json")
NUMBER = "pith:2026:XWMJ4DGYPGPNYY3GAECCTV6HU5"
TITLE = "On the Expressive Power of Weight Quantization in Large Language Models"
sys.path.insert(0, os.path.join(SRC, "tests", "verify"))
from pdfgen import paper_pdf  # noqa: E402

PAPER = "\\documentclass{article}\n\\title{%s}\n\\begin{document}\n\\maketitle\nText.\n\\end{document}\n" % TITLE


def read(path):
    with open(path, "rb") as f:
        return f.read()


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def snapshot(root):
    out = {}
    for d, _, files in os.walk(root):
        for f in files:
            out[os.path.relpath(os.path.join(d, f), root)] = read(os.path.join(d, f))
    return out


class Base(unittest.TestCase):
    hooks = HOOKS

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="pith-hookpipe-")
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def path(self, *parts):
        return os.path.join(self.tmp, *parts)

    def hook(self, name, *args, umask=None):
        def preexec():
            if umask is not None:
                os.umask(umask)
        return subprocess.run([os.path.join(self.hooks, name), *args], capture_output=True, text=True, timeout=300,
                              env=dict(os.environ, PITH=PITH), preexec_fn=preexec)

    def pre(self, *args):
        return self.hook("pith-precompile-hook", *args)

    def post(self, *args, umask=None):
        return self.hook("pith-postbuild-hook", *args, umask=umask)

    def plain_pdf(self, name="paper.pdf"):
        path = self.path(name)
        write(path, paper_pdf(TITLE, pages=2))
        return path


class PostBuildTest(Base):
    def test_out_after_the_options(self):
        pdf = self.plain_pdf()
        out, report = self.path("out.pdf"), self.path("r.json")
        p = self.post(pdf, RECORD, "--report", report, out)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertEqual(json.loads(read(report))["verdict"], "VERIFIED")
        direct = self.path("direct.pdf")
        subprocess.run([PITH, "stamp", pdf, "--record", RECORD, "-o", direct], check=True)
        self.assertEqual(read(out), read(direct), "the hook's stamp is pith stamp's")

    def test_stamp_option_without_equals(self):
        pdf = self.plain_pdf()
        for n, args in enumerate((["--stamp-option", "--no-qr"], ["--stamp-option=--no-qr"],
                                  ["--stamp-option", "--position", "--stamp-option", "bottom-left"])):
            out = self.path("out%d.pdf" % n)
            p = self.post(pdf, RECORD, out, *args)
            self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
            direct = self.path("direct%d.pdf" % n)
            options = [a for a in args if a != "--stamp-option"]
            options = [a.split("=", 1)[1] if a.startswith("--stamp-option=") else a for a in options]
            subprocess.run([PITH, "stamp", pdf, "--record", RECORD, "-o", direct, *options], check=True)
            self.assertEqual(read(out), read(direct), args)

    def test_report_mode_follows_the_umask(self):
        pdf = self.plain_pdf()
        for umask in (0o022, 0o027, 0o002):
            report = self.path("report-%o.json" % umask)
            p = self.post(pdf, RECORD, self.path("o-%o.pdf" % umask), "--report", report, umask=umask)
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertEqual(stat.S_IMODE(os.stat(report).st_mode), 0o666 & ~umask, "umask %o" % umask)
        # An existing report keeps its mode.
        os.chmod(report, 0o600)
        self.assertEqual(self.post(pdf, RECORD, self.path("again.pdf"), "--report", report).returncode, 0)
        self.assertEqual(stat.S_IMODE(os.stat(report).st_mode), 0o600)

    def test_dry_run_refuses_what_the_real_run_refuses(self):
        pdf = self.plain_pdf()
        before = snapshot(self.tmp)
        dry = self.post(pdf, BARE, "--dry-run")
        real_copy = self.plain_pdf("copy.pdf")
        real = self.post(real_copy, BARE)
        self.assertEqual(real.returncode, 1, real.stderr)
        self.assertEqual(dry.returncode, real.returncode, dry.stdout + dry.stderr)
        # And what it accepts it accepts, writing nothing.
        dry = self.post(pdf, RECORD, self.path("never.pdf"), "--dry-run", "--report", self.path("never.json"))
        self.assertEqual(dry.returncode, 0, dry.stderr)
        self.assertIn("would stamp", dry.stdout)
        after = snapshot(self.tmp)
        after.pop("copy.pdf")
        self.assertEqual(after, before, "a dry run writes nothing")

    def test_a_binary_that_is_not_pith(self):
        pdf = self.plain_pdf()
        for hook, args in (("pith-postbuild-hook", [pdf, RECORD]), ("pith-precompile-hook", [self.tmp, RECORD])):
            for wrong in ("/bin/false", "/bin/true", self.path("missing")):
                p = self.hook(hook, *args, "--pith", wrong)
                self.assertEqual(p.returncode, 2, (hook, wrong, p.stderr))
                self.assertEqual(len(p.stderr.splitlines()), 1, p.stderr)
                self.assertIn(wrong, p.stderr)


class PreCompileTest(Base):
    def tree(self, files):
        root = self.path("src")
        for name, text in files.items():
            write(os.path.join(root, name), text)
        return root

    def test_pdfoutput_stays_in_the_first_five_lines(self):
        for head in ("\\documentclass{article}\n\\pdfoutput=1\n", "\\pdfoutput=1\n\\documentclass{article}\n",
                     "\\documentclass[11pt]{article}\n%% comment\n\\pdfoutput = 1\n"):
            root = self.tree({"ms.tex": head + PAPER.split("\n", 1)[1]})
            p = self.pre(root, RECORD)
            self.assertEqual(p.returncode, 0, p.stderr)
            lines = read(os.path.join(root, "ms.tex")).decode().splitlines()
            at = next(i for i, l in enumerate(lines) if "\\pdfoutput" in l)
            self.assertLess(at, 5)
            self.assertEqual(lines[:len(head.splitlines())], head.splitlines(), "nothing inserted in the head")
            self.assertIn("\\usepackage{pith}", lines)
            shutil.rmtree(root)

    def test_crlf_is_kept(self):
        root = self.tree({"ms.tex": PAPER.replace("\n", "\r\n")})
        self.assertEqual(self.pre(root, RECORD).returncode, 0)
        data = read(os.path.join(root, "ms.tex"))
        self.assertEqual(data.count(b"\n"), data.count(b"\r\n"), "every line ends in CRLF")
        self.assertIn(b"\\usepackage{pith}\r\n\\pithnumber{%s}\r\n" % NUMBER.encode(), data)

    def test_yaml_readme_in_either_order_and_anc(self):
        other = PAPER.replace(TITLE, "Response to the referees")
        for readme in ("sources:\n  - usage: toplevel\n    filename: paper.tex\n  - usage: ignore\n    filename: reply.tex\n",
                       "sources:\n  - filename: 'paper.tex'\n    usage: toplevel\n"):
            root = self.tree({"paper.tex": PAPER, "reply.tex": other, "00README.yaml": readme,
                              "anc/demo.tex": other})
            p = self.pre(root, RECORD)
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertIn("main file: paper.tex (named as toplevel by 00README.yaml)", p.stdout)
            shutil.rmtree(root)
        # anc/ is never a candidate: the paper is the only main file.
        root = self.tree({"paper.tex": PAPER, "anc/standalone-demo.tex": other})
        p = self.pre(root, RECORD)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("main file: paper.tex (the only .tex file with", p.stdout)
        self.assertEqual(read(os.path.join(root, "anc", "standalone-demo.tex")), other.encode())

    def test_says_why(self):
        root = self.tree({"paper.tex": PAPER})
        p = self.pre(root, RECORD, "--main", "paper.tex")
        self.assertIn("main file: paper.tex (given with --main)", p.stdout)

    def test_json(self):
        root = self.tree({"paper.tex": PAPER})
        p = self.pre(root, RECORD, "--json", "--dry-run")
        self.assertEqual(p.returncode, 0, p.stderr)
        lines = p.stdout.splitlines()
        self.assertEqual(len(lines), 1, p.stdout)
        out = json.loads(lines[0])
        self.assertEqual(out["schema"], "pith.hook.precompile/1")
        self.assertEqual((out["main"], out["number"], out["dry_run"], out["wrote"], out["exit"]),
                         ("paper.tex", NUMBER, True, [], 0))
        self.assertEqual(out["changes"], ["added \\usepackage{pith}", "added \\pithnumber{%s}" % NUMBER])
        self.assertEqual(lines[0], json.dumps(out, sort_keys=True, separators=(",", ":"), ensure_ascii=False))
        p = self.pre(root, RECORD, "--json")
        out = json.loads(p.stdout)
        self.assertEqual(sorted(out["wrote"]), ["pith-data.tex", "pith.sty", "pith.sty.ltxml"])
        for name in out["wrote"]:
            self.assertTrue(os.path.isfile(os.path.join(root, name)))
        # Errors: the same object shape with error and exit, and the one line on stderr.
        p = self.pre(root, BARE, "--json")
        self.assertEqual(p.returncode, 1)
        out = json.loads(p.stdout)
        self.assertEqual((out["schema"], out["exit"]), ("pith.hook.precompile/1", 1))
        self.assertIn("UNVERIFIABLE", out["error"])
        self.assertEqual(len(p.stderr.splitlines()), 1, p.stderr)

    def test_dry_run_refuses_what_the_real_run_refuses(self):
        root = self.tree({"paper.tex": PAPER})
        before = snapshot(root)
        dry, real = self.pre(root, BARE, "--dry-run"), self.pre(root, BARE)
        self.assertEqual(real.returncode, 1, real.stderr)
        self.assertEqual(dry.returncode, 1, dry.stdout + dry.stderr)
        self.assertEqual(snapshot(root), before)

    def test_options_after_positionals(self):
        root = self.tree({"a.tex": PAPER, "b.tex": PAPER})
        p = self.pre("--dry-run", root, "--main", "b.tex", RECORD)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("main file: b.tex", p.stdout)


class NoBytecodeTest(Base):
    def test_no_pycache_beside_the_modules(self):
        # An installed copy, as the .deb lays it out: running the hooks must not write into it.
        self.hooks = self.path("hooks")
        shutil.copytree(HOOKS, self.hooks)
        root = self.path("src")
        write(os.path.join(root, "paper.tex"), PAPER)
        self.assertEqual(self.pre(root, RECORD).returncode, 0)
        self.assertEqual(self.post(self.plain_pdf(), RECORD).returncode, 0)
        self.assertEqual(sorted(os.listdir(self.hooks)), sorted(os.listdir(HOOKS)))


if __name__ == "__main__":
    unittest.main(verbosity=2)
