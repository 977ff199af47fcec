#!/usr/bin/env python3
"""The Debian package: built with CPack from this build tree, inspected with dpkg-deb and lintian
(no error), laid out as policy wants (machine-readable copyright, changelog.Debian.gz, compressed
documentation and man pages, nothing from the repository's own files), installed with dpkg -i, used
(pith --version, the man pages, kpsewhich pith.sty, bash completion, the example paper compiled
against the installed pith.sty and pith, the hooks, the example paper converted by LaTeXML with the
installed binding), and purged again, leaving nothing behind (no __pycache__ from the hooks).

Installing needs root (exit 77 = skipped otherwise); a lock keeps two builds from installing at once.
"""
import fcntl
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

SRC = os.environ["PITH_SOURCE_DIR"]
BUILD = os.environ["PITH_BUILD_DIR"]
sys.path.insert(0, os.path.join(SRC, "packaging", "hooks"))
from pith_texmain import find_main  # noqa: E402

STY = "/usr/share/texmf/tex/latex/pith/pith.sty"
LTXML = "/usr/share/texmf/tex/latex/pith/pith.sty.ltxml"
RECORD = os.path.join(SRC, "examples", "records", "seed-XWMJ4DGY.json")
# The installed tools only: no build directory on PATH, no $PITH.
ENV = {k: v for k, v in os.environ.items() if k != "PITH"}
ENV["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin"


def sh(*args, cwd=None, check=False):
    p = subprocess.run(list(args), capture_output=True, text=True, cwd=cwd, env=ENV, timeout=300)
    if check and p.returncode != 0:
        raise AssertionError("%s -> %d\n%s%s" % (" ".join(args), p.returncode, p.stdout, p.stderr))
    return p


def example_papers():
    """Every directory under examples/ holding a LaTeX paper, with its main file."""
    out = []
    for d in sorted(os.listdir(os.path.join(SRC, "examples"))):
        path = os.path.join(SRC, "examples", d)
        if os.path.isdir(path) and any(f.endswith(".tex") for _, _, fs in os.walk(path) for f in fs):
            main, why = find_main(path)
            out.append((path, main, why))
    return out


def record_for(main_tex):
    """The example record whose number the paper names in \\pithnumber (any form pith accepts)."""
    with open(main_tex, encoding="utf-8") as f:
        m = re.search(r"^\\pithnumber\{([^}]*)\}", f.read(), re.M)
    assert m, main_tex + ": no \\pithnumber"
    wanted = m.group(1).strip().upper().split(":")[-1]
    found = []
    records = os.path.join(SRC, "examples", "records")
    for name in sorted(os.listdir(records)):
        shown = sh("pith", "record", "show", "--json", os.path.join(records, name))
        if shown.returncode == 0 and json.loads(shown.stdout)["number"].split(":")[-1].startswith(wanted):
            found.append(os.path.join(records, name))
    assert len(found) == 1, (main_tex, wanted, found)
    return found[0]


class DebTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="pith-deb-")
        sh("cpack", "-G", "DEB", "-B", cls.dir, "--config", os.path.join(BUILD, "CPackConfig.cmake"), check=True)
        debs = [f for f in os.listdir(cls.dir) if f.endswith(".deb")]
        assert len(debs) == 1, debs
        cls.deb = os.path.join(cls.dir, debs[0])
        cls.lock = open("/tmp/pith-deb-test.lock", "w")
        fcntl.flock(cls.lock, fcntl.LOCK_EX)
        cls.was_installed = sh("dpkg-query", "-W", "-f=${Status}", "pith").stdout.startswith("install ok installed")

    @classmethod
    def tearDownClass(cls):
        if not cls.was_installed:
            sh("dpkg", "--purge", "pith")
        fcntl.flock(cls.lock, fcntl.LOCK_UN)
        cls.lock.close()
        shutil.rmtree(cls.dir)

    def test_1_package_contents_and_fields(self):
        listing = sh("dpkg-deb", "-c", self.deb, check=True).stdout
        paths = {line.split()[5].lstrip(".") for line in listing.splitlines()}
        doc = "/usr/share/doc/pith/"
        for p in ("/usr/bin/pith", "/usr/share/man/man1/pith.1.gz", "/usr/share/man/man1/pith-verify.1.gz",
                  "/usr/share/man/man1/pith-stamp.1.gz", "/usr/share/man/man1/pith-postbuild-hook.1.gz",
                  "/usr/share/bash-completion/completions/pith",
                  STY, LTXML, "/usr/bin/pith-precompile-hook", "/usr/bin/pith-postbuild-hook",
                  "/usr/share/pith/hooks/pith_texmain.py", doc + "README.md.gz", doc + "FORMAT.md.gz",
                  doc + "copyright", doc + "changelog.Debian.gz", "/usr/share/pith/web/index.html"):
            self.assertIn(p, paths)
        for p in paths:
            self.assertNotRegex(p, r"(/\.git|__pycache__|\.pyc$)", "a repository or Python cache file shipped")
            if p.startswith(doc) and p.endswith(".md"):
                self.fail(p + ": documentation not compressed")
        # Machine-readable copyright (DEP-5) with the licence text; the changelog names this version.
        extract_ctl = os.path.join(self.dir, "c")
        sh("dpkg-deb", "-x", self.deb, extract_ctl, check=True)
        with open(os.path.join(extract_ctl, doc.lstrip("/"), "copyright"), encoding="utf-8") as f:
            copyright_text = f.read()
        self.assertTrue(copyright_text.startswith("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"))
        self.assertIn("License: Expat", copyright_text)
        self.assertIn("THE SOFTWARE IS PROVIDED \"AS IS\"", copyright_text)
        changelog = subprocess.run(["zcat", os.path.join(extract_ctl, doc.lstrip("/"), "changelog.Debian.gz")],
                                   capture_output=True, text=True, check=True).stdout
        version = sh("dpkg-deb", "-f", self.deb, "Version", check=True).stdout.strip()
        self.assertTrue(changelog.startswith("pith (%s) " % version), (changelog[:80], version))
        for line in listing.splitlines():
            if " ./usr/share/doc/" in line:
                self.assertFalse(line.startswith("-rwx"), line)

    def test_1_lintian(self):
        p = sh("lintian", "--tag-display-limit", "0", self.deb)
        errors = [line for line in p.stdout.splitlines() if line.startswith("E:")]
        self.assertEqual(errors, [], p.stdout)
        # The one warning left is about Debian's archive, not the package: a first upload closes an ITP bug.
        warnings = {line.split()[2] for line in p.stdout.splitlines() if line.startswith("W:")}
        self.assertLessEqual(warnings, {"initial-upload-closes-no-bugs"}, p.stdout)

        fields = sh("dpkg-deb", "-f", self.deb, "Package", "Version", "Depends", check=True).stdout
        self.assertIn("Package: pith", fields)
        for dep in ("python3", "fonts-urw-base35", "libcurl4", "libpng16-16", "libqrencode4"):
            self.assertIn(dep, fields)
        self.assertEqual(sh("dpkg-deb", "--ctrl-tarfile", self.deb).returncode, 0)
        # The packaged pith.sty is the one the build generated from latex/pith.dtx; the binding the source tree's.
        extract = os.path.join(self.dir, "x")
        sh("dpkg-deb", "-x", self.deb, extract, check=True)
        for installed, source in ((STY, os.environ["PITH_STY"]), (LTXML, os.path.join(SRC, "latex", "pith.sty.ltxml"))):
            with open(os.path.join(extract, installed.lstrip("/")), "rb") as a, open(source, "rb") as b:
                self.assertEqual(a.read(), b.read(), installed)

    def test_2_install_use_remove(self):
        if os.geteuid() != 0:
            self.skipTest("dpkg -i needs root")
        self.assertFalse(self.was_installed, "pith is already installed on this machine: not touching it")
        sh("dpkg", "-i", self.deb, check=True)
        with open(os.path.join(SRC, "CMakeLists.txt")) as f:
            version = re.search(r"project\(pith VERSION ([\d.]+)", f.read()).group(1)
        self.assertEqual(sh("pith", "--version", check=True).stdout.strip(), "pith " + version)
        self.assertEqual(sh("which", "pith").stdout.strip(), "/usr/bin/pith")
        self.assertEqual(sh("kpsewhich", "pith.sty").stdout.strip(), STY)
        self.assertEqual(sh("kpsewhich", "pith.sty.ltxml").stdout.strip(), LTXML)

        page = sh("man", "-P", "cat", "pith", check=True).stdout
        for cmd in ("pith-badge", "pith-fetch", "pith-verify", "pith-stamp", "pith-latex", "pith-record",
                    "pith-precompile-hook", "pith-postbuild-hook"):
            self.assertIn(cmd, page)
            self.assertIn("NAME", sh("man", "-P", "cat", cmd, check=True).stdout)

        script = ('source /usr/share/bash-completion/completions/pith; '
                  'COMP_WORDS=(pith ba); COMP_CWORD=1; _pith; echo "${COMPREPLY[*]}"; '
                  'COMP_WORDS=(pith badge --q); COMP_CWORD=2; _pith; echo "${COMPREPLY[*]}"')
        self.assertEqual(sh("bash", "-c", script, check=True).stdout.split("\n")[:2], ["badge", "--qr"])

        papers = example_papers()
        self.assertTrue(papers, "examples/ holds no LaTeX paper")
        # And a submission whose main file is not obvious (tests/packaging/submissions).
        papers.append((os.path.join(os.path.dirname(os.path.abspath(__file__)), "submissions", "nonobvious"), "paper-v3.tex", None))
        for path, main, why in papers:
            self.assertTrue(main, "%s: %s" % (path, why))
            work = os.path.join(self.dir, os.path.basename(path))
            shutil.copytree(path, work)
            record = record_for(os.path.join(path, main)) if path.startswith(os.path.join(SRC, "examples")) else RECORD
            for leftover in ("pith.sty", "pith-data.tex", "pith.sty.ltxml"):
                if os.path.exists(os.path.join(work, leftover)):
                    os.unlink(os.path.join(work, leftover))
            sh("pith-precompile-hook", work, record, check=True)
            # Compile against the installed package: drop the copy the hook wrote beside the paper.
            main_dir = os.path.join(work, os.path.dirname(main))
            os.unlink(os.path.join(main_dir, "pith.sty"))
            name = os.path.basename(main)
            for _ in range(2):
                sh("pdflatex", "-interaction=batchmode", "-halt-on-error", "-recorder", name, cwd=main_dir, check=True)
            with open(os.path.join(main_dir, name[:-4] + ".fls")) as f:
                self.assertIn("INPUT " + STY, f.read())
            pdf = os.path.join(main_dir, name[:-4] + ".pdf")
            p = sh("pith-postbuild-hook", pdf, record, os.path.join(self.dir, "final.pdf"), check=True)
            self.assertIn("VERIFIED", p.stdout)
            text = sh("pdftotext", os.path.join(self.dir, "final.pdf"), "-", check=True).stdout
            self.assertRegex(text, r"pith:[A-Z2-7]{8}")
            # LaTeXML (the HTML version) with the installed binding: none beside the paper.
            if shutil.which("latexmlc") and path.startswith(os.path.join(SRC, "examples")):
                os.unlink(os.path.join(main_dir, "pith.sty.ltxml"))
                p = sh("latexmlc", "--dest=paper.html", "--nodefaultresources", name, cwd=main_dir, check=True)
                self.assertIn("(Loading " + LTXML, p.stdout + p.stderr)
                with open(os.path.join(main_dir, "paper.html"), encoding="utf-8") as f:
                    page = f.read()
                self.assertIn('class="ltx_ref pith_badge', page)
                self.assertRegex(page, r'pith_badge_label"[^>]*>pith:[A-Z2-7]{8}</span>')

        sh("dpkg", "--purge", "pith", check=True)
        self.assertEqual(sh("kpsewhich", "pith.sty").stdout.strip(), "")
        self.assertEqual(sh("kpsewhich", "pith.sty.ltxml").stdout.strip(), "")
        self.assertFalse(os.path.exists("/usr/bin/pith"))
        self.assertFalse(os.path.exists("/usr/bin/pith-precompile-hook"))
        # The hooks ran from /usr/share/pith/hooks and wrote no bytecode there: purge leaves nothing.
        self.assertFalse(os.path.exists("/usr/share/pith"), os.listdir("/usr/share/pith") if os.path.exists("/usr/share/pith") else "")
        self.assertFalse(os.path.exists("/usr/share/doc/pith"))


if __name__ == "__main__":
    unittest.main(verbosity=2)
