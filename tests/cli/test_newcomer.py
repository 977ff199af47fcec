#!/usr/bin/env python3
"""The commands as a newcomer pastes them: pith stamp --output-dir creates the directory, --in-place
keeps the file's mode, owner and group and follows symlinks, and usage errors are one 'pith:' line
with exit 2 (typos get a suggestion, option values are checked before any file is read), while
unreadable inputs are one line naming the path once, with the reason, and exit 3."""
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import unittest

PITH = os.environ["PITH"]
DATA = os.environ["PITH_TEST_DATA_DIR"]
SEED = os.path.join(DATA, "seeds", "000_ad86baa9ca31c0d5.txt")
sys.path.insert(0, os.path.join(os.environ["PITH_SOURCE_DIR"], "tests", "verify"))
from pdfgen import paper_pdf  # noqa: E402

# Papers whose page 1 shows the seed's title, so that their stamps verify.
TITLE = "On the Expressive Power of Weight Quantization in Large Language Models"
PAPERS = tempfile.mkdtemp(prefix="pith-newcomer-papers-")
MINIMAL = os.path.join(PAPERS, "minimal.pdf")
ELEVEN = os.path.join(PAPERS, "11-pages.pdf")
for _path, _pages in ((MINIMAL, 1), (ELEVEN, 11)):
    with open(_path, "wb") as _f:
        _f.write(paper_pdf(TITLE, pages=_pages))
SETPRIV = shutil.which("setpriv")
NOBODY = 65534


def pith(*args, env=None, prefix=()):
    return subprocess.run([*prefix, PITH, *args], capture_output=True, text=True, timeout=120,
                          env=env if env is not None else os.environ)


def read(path):
    with open(path, "rb") as f:
        return f.read()


class Base(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="pith-newcomer-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        # The reference: the same input stamped with -o.
        self.expected = os.path.join(self.tmp, "expected.pdf")
        p = pith("stamp", MINIMAL, "--record", SEED, "-o", self.expected)
        self.assertEqual(p.returncode, 0, p.stderr)

    def path(self, *parts):
        return os.path.join(self.tmp, *parts)

    def copy(self, name, source=MINIMAL, mode=0o644):
        dst = self.path(name)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.copyfile(source, dst)
        os.chmod(dst, mode)
        return dst

    def assertOneErrorLine(self, p, code, *fragments):
        self.assertEqual(p.returncode, code, "exit %d, stderr %r" % (p.returncode, p.stderr))
        lines = p.stderr.splitlines()
        self.assertEqual(len(lines), 1, p.stderr)
        self.assertTrue(lines[0].startswith("pith: "), lines[0])
        for fragment in fragments:
            self.assertIn(fragment, lines[0])
        return lines[0]

    def assertNoTemporaryFiles(self, directory):
        left = [f for f in os.listdir(directory) if ".pith-" in f]
        self.assertEqual(left, [], "temporary files left in " + directory)


class OutputDirTest(Base):
    def test_creates_the_directory_and_its_parents(self):
        out = self.path("stamped", "2026", "05")
        p = pith("stamp", MINIMAL, ELEVEN, "--record", SEED, "--output-dir", out, "-j", "2")
        self.assertEqual(p.returncode, 0, p.stderr)
        lines = [json.loads(line) for line in p.stdout.splitlines()]
        self.assertEqual([line["ok"] for line in lines], [True, True])
        self.assertEqual(sorted(os.listdir(out)), ["11-pages.pdf", "minimal.pdf"])
        self.assertEqual(read(os.path.join(out, "minimal.pdf")), read(self.expected))

    def test_an_existing_directory_is_used_as_it_is(self):
        out = self.path("existing")
        os.mkdir(out)
        p = pith("stamp", MINIMAL, "--record", SEED, "--output-dir", out)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(read(os.path.join(out, "minimal.pdf")), read(self.expected))

    def test_a_directory_that_cannot_be_created_is_exit_5(self):
        blocker = self.path("a-file")
        open(blocker, "w").close()
        p = pith("stamp", MINIMAL, "--record", SEED, "--output-dir", os.path.join(blocker, "sub"))
        self.assertOneErrorLine(p, 5, os.path.join(blocker, "sub"), "cannot create the output directory")


class InPlaceTest(Base):
    def test_keeps_a_private_mode(self):
        for mode in (0o600, 0o640, 0o755, 0o444 if os.geteuid() == 0 else 0o664):
            with self.subTest(mode=oct(mode)):
                f = self.copy("mode-%o.pdf" % mode, mode=mode)
                p = pith("stamp", f, "--record", SEED, "--in-place")
                self.assertEqual(p.returncode, 0, p.stderr)
                self.assertEqual(stat.S_IMODE(os.stat(f).st_mode), mode)
                self.assertEqual(read(f), read(self.expected))
        self.assertNoTemporaryFiles(self.tmp)

    def test_keeps_owner_and_group(self):
        if os.geteuid() != 0:
            self.skipTest("giving a file to another owner needs root")
        f = self.copy("owned.pdf", mode=0o640)
        os.chown(f, NOBODY, NOBODY)
        p = pith("stamp", f, "--record", SEED, "--in-place")
        self.assertEqual(p.returncode, 0, p.stderr)
        st = os.stat(f)
        self.assertEqual((st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)), (NOBODY, NOBODY, 0o640))
        self.assertEqual(read(f), read(self.expected))

    def test_follows_a_symlink_and_keeps_it(self):
        target = self.copy(os.path.join("real", "paper.pdf"), mode=0o600)
        os.makedirs(self.path("links"))
        link = self.path("links", "paper.pdf")
        os.symlink(os.path.join("..", "real", "paper.pdf"), link)
        chain = self.path("links", "chain.pdf")
        os.symlink("paper.pdf", chain)
        p = pith("stamp", chain, "--record", SEED, "--in-place")
        self.assertEqual(p.returncode, 0, p.stderr)
        # Both links are still links to the same places; the file they point to is stamped.
        self.assertTrue(stat.S_ISLNK(os.lstat(chain).st_mode))
        self.assertTrue(stat.S_ISLNK(os.lstat(link).st_mode))
        self.assertEqual(os.readlink(chain), "paper.pdf")
        self.assertEqual(os.readlink(link), os.path.join("..", "real", "paper.pdf"))
        self.assertEqual(read(target), read(self.expected))
        self.assertEqual(stat.S_IMODE(os.stat(target).st_mode), 0o600)
        self.assertEqual(pith("verify", link).returncode, 0)
        # The temporary file was made beside the target, and none is left anywhere.
        self.assertNoTemporaryFiles(self.path("real"))
        self.assertNoTemporaryFiles(self.path("links"))

    def test_a_dangling_symlink_is_an_unreadable_input(self):
        link = self.path("dangling.pdf")
        os.symlink("nowhere.pdf", link)
        p = pith("stamp", link, "--record", SEED, "--in-place")
        self.assertOneErrorLine(p, 3, link, "No such file or directory")
        self.assertTrue(os.path.islink(link))

    def _as_nobody(self):
        if os.geteuid() != 0 or not SETPRIV:
            self.skipTest("needs root and setpriv to run as another user")
        os.chmod(self.tmp, 0o777)
        record = self.copy("record.json", source=SEED)
        return record, (SETPRIV, "--reuid=%d" % NOBODY, "--regid=%d" % NOBODY, "--clear-groups")

    def test_refuses_what_would_change_the_owner(self):
        # A group-writable file of root's: nobody could rename a new file over it, but the new
        # file would be nobody's. The stamp is refused and the file left as it was.
        record, as_nobody = self._as_nobody()
        f = self.copy("shared.pdf", mode=0o666)
        before = read(f)
        p = pith("stamp", f, "--record", record, "--in-place", prefix=as_nobody)
        self.assertOneErrorLine(p, 5, f, "cannot keep the file's owner and group")
        self.assertEqual(read(f), before)
        self.assertEqual(os.stat(f).st_uid, 0)
        self.assertNoTemporaryFiles(self.tmp)

    def test_refuses_a_file_the_user_may_not_write(self):
        record, as_nobody = self._as_nobody()
        f = self.copy("readonly.pdf", mode=0o644)
        before = read(f)
        p = pith("stamp", f, "--record", record, "--in-place", prefix=as_nobody)
        self.assertOneErrorLine(p, 5, f, "Permission denied")
        self.assertEqual(read(f), before)


class UsageTest(Base):
    def test_a_mistyped_command_gets_a_suggestion(self):
        p = pith("verfy", "paper.pdf")
        self.assertEqual(p.returncode, 2)
        self.assertEqual(p.stderr, "pith: unknown command 'verfy' (did you mean 'verify'?)\n")
        p = pith("record", "verfy", SEED)
        self.assertEqual(p.stderr, "pith: unknown command 'record verfy' (did you mean 'record verify'?)\n")
        p = pith("zzzzzz")
        self.assertOneErrorLine(p, 2, "unknown command 'zzzzzz'", "pith --help")
        p = pith("stamp", MINIMAL, "--record", SEED, "-o", self.path("x.pdf"), "--positon", "top")
        self.assertOneErrorLine(p, 2, "unknown option '--positon'", "did you mean '--position'?")
        self.assertFalse(os.path.exists(self.path("x.pdf")))

    def test_help_and_version(self):
        p = pith("help")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("Usage: pith [OPTIONS] SUBCOMMAND", p.stdout)
        self.assertIn("stamp", p.stdout)
        self.assertEqual(p.stdout, pith("--help").stdout)
        p = pith("help", "stamp")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("Usage: pith stamp", p.stdout)
        self.assertEqual(p.stdout, pith("stamp", "--help").stdout)
        p = pith("help", "record", "verify")
        self.assertIn("Usage: pith record verify", p.stdout)
        p = pith("help", "stmp")
        self.assertOneErrorLine(p, 2, "unknown command 'stmp'", "did you mean 'stamp'?")
        with open(os.path.join(os.environ["PITH_SOURCE_DIR"], "CMakeLists.txt")) as f:
            version = f.read().split("project(pith VERSION ", 1)[1].split()[0]
        for flag in ("-V", "--version"):
            p = pith(flag)
            self.assertEqual((p.returncode, p.stdout), (0, "pith %s\n" % version), flag)

    def test_no_command(self):
        self.assertOneErrorLine(pith(), 2, "no command given", "pith --help")
        self.assertOneErrorLine(pith("record"), 2, "'pith record' needs a command")

    def test_every_cli11_error_is_one_prefixed_line_and_exit_2(self):
        out = self.path("x.pdf")
        cases = [
            (["stamp", MINIMAL, "-o", out], "--record is required"),
            (["canonical", "a.json", "b.json"], "unexpected argument 'b.json'"),
            (["verify"], "verify: "),
            (["verify", "--jobs", "0", MINIMAL], "--jobs"),
            (["badge", SEED, "-o", self.path("b.svg"), "--size", "0"], "--size"),
            (["badge", SEED, "-o", self.path("b.gif"), "--format", "gif"], "--format"),
            (["verify", "--record", SEED, "--number", "pith:XWMJ4DGY", MINIMAL], "excludes"),
            (["--bogus"], "unknown option '--bogus'"),
            (["record", "verify", SEED, "--bogus"], "unknown option '--bogus'"),
        ]
        for args, fragment in cases:
            with self.subTest(args=args):
                self.assertOneErrorLine(pith(*args), 2, fragment)

    def test_stamp_option_values_are_usage_errors(self):
        out = self.path("x.pdf")
        cases = [
            (["--position", "middle"], "--position"),
            (["--position", "-5,10"], "--position"),
            (["--page", "0"], "--page"),
            (["--page", "-1"], "--page"),
            (["--page", "two"], "--page"),
            (["--date", "yesterday"], "--date"),
            (["--date", "2026-13-01"], "--date"),
            (["--date", "@-5"], "--date"),
            (["--size", "0"], "--size"),
            (["--size", "-24"], "--size"),
            (["--size", "1e9"], "--size"),
            (["--size", "8"], "--size"),
            (["--margin", "-5"], "--margin"),
            (["--margin", "12,-1"], "--margin"),
            (["--margin", "nan"], "--margin"),
            (["-j", "0"], "--jobs"),
        ]
        for extra, option in cases:
            with self.subTest(extra=extra):
                p = pith("stamp", MINIMAL, "--record", SEED, "-o", out, *extra)
                self.assertOneErrorLine(p, 2, option, "'%s'" % extra[1])
                self.assertFalse(os.path.exists(out))
        env = dict(os.environ, SOURCE_DATE_EPOCH="yesterday")
        p = pith("stamp", MINIMAL, "--record", SEED, "-o", out, env=env)
        self.assertOneErrorLine(p, 2, "SOURCE_DATE_EPOCH")
        # The values that are fine still stamp.
        p = pith("stamp", MINIMAL, "--record", SEED, "-o", out, "--position", "bottom-left", "--margin", "0,30",
                 "--size", "10", "--no-qr", "--page", "1", "--date", "2026-05-09T10:00:00Z")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(pith("verify", out).returncode, 0)


class UnreadableInputTest(Base):
    def test_a_directory_says_so(self):
        for args in (["verify", self.tmp], ["extract", self.tmp], ["record", "verify", self.tmp],
                     ["stamp", self.tmp, "--record", SEED, "-o", self.path("x.pdf")]):
            with self.subTest(args=args):
                line = self.assertOneErrorLine(pith(*args), 3, "is a directory")
                self.assertEqual(line.count(self.tmp), 1, line)
                self.assertNotIn("larger than", line)

    def test_cannot_open_names_the_path_once_with_the_reason(self):
        missing = self.path("missing.pdf")
        for args in (["verify", missing], ["extract", missing], ["record", "verify", missing],
                     ["stamp", missing, "--record", SEED, "-o", self.path("x.pdf")],
                     ["stamp", MINIMAL, "--record", missing, "-o", self.path("x.pdf")],
                     ["verify", "--keyring", missing, MINIMAL]):
            with self.subTest(args=args):
                line = self.assertOneErrorLine(pith(*args), 3, "No such file or directory")
                self.assertEqual(line.count(missing), 1, line)
        # verify --json keeps its one UNREADABLE object per file.
        p = pith("verify", "--json", missing)
        self.assertEqual(json.loads(p.stdout)["verdict"], "UNREADABLE")
        if os.geteuid() != 0:
            unreadable = self.copy("unreadable.pdf", mode=0o000)
            line = self.assertOneErrorLine(pith("verify", unreadable), 3, "Permission denied")
            self.assertEqual(line.count(unreadable), 1, line)


if __name__ == "__main__":
    import atexit
    atexit.register(shutil.rmtree, PAPERS, True)
    unittest.main(verbosity=2)
