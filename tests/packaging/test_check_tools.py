#!/usr/bin/env python3
"""The fresh-machine guarantees: packaging/check-tools.sh names a missing tool and its Debian package
and fails; every package it names is installed by packaging/install-deps.sh; and every external
command the test scripts run is one check-tools.sh checks (or comes with Debian's essential set)."""
import glob
import os
import re
import shutil
import subprocess
import sys
import unittest

SRC = os.environ["PITH_SOURCE_DIR"]
CHECK = os.path.join(SRC, "packaging", "check-tools.sh")
INSTALL = os.path.join(SRC, "packaging", "install-deps.sh")


def requirements():
    out = subprocess.run(["bash", CHECK, "--list"], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in out.splitlines() if line.strip()]


def install_deps_packages():
    with open(INSTALL, encoding="utf-8") as f:
        text = f.read()
    body = re.search(r"^packages=\((.*?)^\)", text, re.S | re.M).group(1)
    return {w for line in body.splitlines() for w in line.split("#", 1)[0].split()}


def essential(package):
    p = subprocess.run(["dpkg-query", "-W", "-f=${Essential}", package], capture_output=True, text=True)
    return p.returncode == 0 and p.stdout.strip() == "yes"


def package_of(path):
    """The Debian package owning an executable (after symlinks), or None."""
    for candidate in (os.path.realpath(path), path):
        p = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
        if p.returncode == 0:
            return p.stdout.split(":", 1)[0].split(",")[0].strip()
    return None


def commands_in_tests():
    """Commands the test scripts run: the first word of Python argument lists passed to
    subprocess / sh / run, and the words of shell scripts outside comments."""
    words = {}
    for path in glob.glob(os.path.join(SRC, "tests", "**", "*.py"), recursive=True) + \
            glob.glob(os.path.join(SRC, "web", "tests", "*.py")):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for m in re.finditer(r'(?:run|sh|Popen|check_output|call)\(\s*\[?\s*"([a-z][a-z0-9+_.-]*)"', text):
            words.setdefault(m.group(1), path)
    for path in glob.glob(os.path.join(SRC, "tests", "**", "*.sh"), recursive=True):
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
        heredoc = None  # a here-document's body (a Python script, say) is data, not commands
        for line in lines:
            if heredoc is not None:
                if line.strip() == heredoc:
                    heredoc = None
                continue
            opened = re.search(r"<<-?\s*['\"]?([A-Za-z_]+)['\"]?", line)
            if opened:
                heredoc = opened.group(1)
            line = line.split(" #", 1)[0]
            if line.lstrip().startswith("#"):
                continue
            line = re.sub(r"'[^']*'|\"[^\"]*\"", " ", line)  # quoted text is data, not commands
            for w in re.findall(r"(?:^|[\s;|&(!`])([a-z][a-z0-9+_.-]*)(?=\s|$)", line):
                words.setdefault(w, path)
    return words


class CheckToolsTest(unittest.TestCase):
    def test_passes_here(self):
        p = subprocess.run(["bash", CHECK], capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stderr)

    def test_names_the_missing_command_and_its_package(self):
        # No PATH at all: every command is missing; bash itself is started by its full path.
        p = subprocess.run([shutil.which("bash"), CHECK], capture_output=True, text=True, env={"PATH": "/nonexistent"})
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertIn("command mutool: Debian package mupdf-tools", p.stderr)
        self.assertIn("command file: Debian package file", p.stderr)
        self.assertIn("command dpkg-shlibdeps: Debian package dpkg-dev", p.stderr)
        self.assertIn("install-deps.sh", p.stderr)

    def test_every_package_is_installed_by_install_deps(self):
        listed = install_deps_packages()
        for kind, name, package in requirements():
            with self.subTest(name=name):
                self.assertTrue(package in listed or essential(package),
                                "%s %s: package %s is not in install-deps.sh" % (kind, name, package))

    def test_every_command_the_tests_run_is_checked(self):
        checked = {name for kind, name, _ in requirements() if kind == "cmd"}
        unchecked = []
        for word, where in sorted(commands_in_tests().items()):
            if word in checked or word.startswith("pith"):
                continue
            path = shutil.which(word)
            if not path or not path.startswith(("/usr/bin/", "/usr/sbin/", "/bin/", "/sbin/")):
                continue  # not a command on this machine (a word of the script), or not a Debian one
            package = package_of(path)
            if package is None or essential(package):
                continue
            unchecked.append("%s (package %s, used in %s)" % (word, package, os.path.relpath(where, SRC)))
        self.assertEqual(unchecked, [], "commands the tests run that check-tools.sh does not check")


if __name__ == "__main__":
    unittest.main(verbosity=2)
