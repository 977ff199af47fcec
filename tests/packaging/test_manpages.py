#!/usr/bin/env python3
"""The man pages (docs/man/*.1.in, built into <build>/packaging/man): one per command and per hook
plus pith(1); groff finds no warning in any, lexgrog reads each NAME, man renders them within 80
columns; pith(1) has EXIT STATUS, ENVIRONMENT, FILES, EXAMPLES and SEE ALSO and is the only page
with the whole exit table; every option each command's --help lists is on its page; every
environment variable the source reads is in pith(1); every page SEE ALSO names exists."""
import glob
import os
import re
import subprocess
import unittest

PITH = os.environ["PITH"]
SRC = os.environ["PITH_SOURCE_DIR"]
BUILD = os.environ["PITH_BUILD_DIR"]
MAN = os.path.join(BUILD, "packaging", "man")
HOOKS = {"pith-precompile-hook", "pith-postbuild-hook"}


def run(*args, env=None):
    return subprocess.run(list(args), capture_output=True, text=True, timeout=120, env=env)


def commands(help_text):
    """CLI11's "Subcommands:" list."""
    m = re.search(r"^Subcommands:\n((?:  \S.*\n|\s{20,}.*\n)+)", help_text, re.M)
    return [line.split()[0] for line in m.group(1).splitlines() if line.startswith("  ") and not line.startswith("   ")] if m else []


def rendered(page):
    env = dict(os.environ, MANWIDTH="80", MAN_KEEP_FORMATTING="0")
    p = run("man", "-l", "-P", "cat", page, env=env)
    assert p.returncode == 0, p.stderr
    return re.sub(r".\x08", "", p.stdout)


def long_options(help_text):
    """The options a --help lists (CLI11's and argparse's option lines), not those named in prose."""
    found = set()
    for line in help_text.splitlines():
        m = re.match(r"^\s{2,}((?:-\w[ ,]+)?(?:--[a-z][a-z0-9-]*(?:,!?--[a-z][a-z0-9-]*)*))", line)
        if m:
            found |= set(re.findall(r"--[a-z][a-z0-9-]*", m.group(1)))
    return sorted(found - {"--help"})


class ManPagesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.pages = {os.path.basename(p)[:-2]: p for p in glob.glob(os.path.join(MAN, "*.1"))}
        cls.top = run(PITH, "--help").stdout

    def test_one_page_per_command_and_hook(self):
        expected = {"pith"} | HOOKS | {"pith-" + c for c in commands(self.top) if c != "help"}
        self.assertEqual(set(self.pages), expected)
        for name in self.pages:
            self.assertTrue(os.path.isfile(os.path.join(MAN, name + ".1.gz")), name)

    def test_groff_lexgrog_and_width(self):
        for name, page in sorted(self.pages.items()):
            with self.subTest(page=name):
                p = run("groff", "-ww", "-z", "-man", page)
                self.assertEqual((p.returncode, p.stderr), (0, ""))
                p = run("lexgrog", page)
                self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
                self.assertRegex(p.stdout, r': "%s - \S' % re.escape(name))
                text = rendered(page)
                for section in ("NAME", "SYNOPSIS", "DESCRIPTION", "EXIT STATUS", "SEE ALSO"):
                    self.assertRegex(text, r"(?m)^%s$" % section)
                wide = [line for line in text.splitlines() if len(line) > 80]
                self.assertEqual(wide, [])

    def test_pith_1(self):
        text = rendered(self.pages["pith"])
        for section in ("OPTIONS", "ENVIRONMENT", "FILES", "EXAMPLES"):
            self.assertRegex(text, r"(?m)^%s$" % section)
        status = text.split("\nEXIT STATUS\n")[1].split("\nENVIRONMENT\n")[0]
        self.assertEqual(re.findall(r"(?m)^       ([0-9])   ", status), list("0123456"))
        # The table of `pith --help` is there once, and on no other page.
        line = "UNVERIFIABLE: nothing failed"
        self.assertIn(line, self.top)
        self.assertEqual(text.count("UNVERIFIABLE: nothing failed"), 1)
        for name, page in self.pages.items():
            if name != "pith":
                self.assertNotIn(line, rendered(page), name)
        # Every variable the source reads, and the hooks' PITH.
        names = set()
        for d, _, files in os.walk(os.path.join(SRC, "tool")):
            for f in files:
                if f.endswith((".cpp", ".hpp")):
                    with open(os.path.join(d, f)) as fh:
                        names |= set(re.findall(r'getenv\("([A-Z_]+)"\)', fh.read()))
        self.assertIn("SOURCE_DATE_EPOCH", names)
        env = text.split("\nENVIRONMENT\n")[1].split("\nFILES\n")[0]
        for name in sorted(names | {"PITH"}):
            self.assertRegex(env, r"(?m)^       %s(\s|$)" % name)

    def test_every_option_is_on_its_page(self):
        for cmd in commands(self.top):
            if cmd == "help":
                continue
            text = rendered(self.pages["pith-" + cmd])
            helps = [run(PITH, cmd, "--help").stdout]
            helps += [run(PITH, cmd, sub, "--help").stdout for sub in commands(helps[0])]
            for help_text in helps:
                for option in long_options(help_text.split("\nExit codes")[0]):
                    self.assertIn(option, text, "pith-%s(1) lacks %s" % (cmd, option))
        for hook in HOOKS:
            help_text = run(os.path.join(SRC, "packaging", "hooks", hook), "--help").stdout
            text = rendered(self.pages[hook])
            for option in long_options(help_text):
                self.assertIn(option, text, "%s(1) lacks %s" % (hook, option))

    def test_see_also_resolves(self):
        for name, page in self.pages.items():
            see = rendered(page).split("\nSEE ALSO\n")[1]
            for ref in re.findall(r"\b(pith[a-z-]*)\(1\)", see.replace("\u2010", "-").replace("-\n", "-")):
                self.assertIn(ref, self.pages, "%s names %s(1)" % (name, ref))


if __name__ == "__main__":
    unittest.main(verbosity=2)
