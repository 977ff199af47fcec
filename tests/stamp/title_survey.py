#!/usr/bin/env python3
"""False-alarm survey of the title rule (docs/FORMAT.md, "Title placement") on real-world PDFs.

Each PDF of the list (title_survey.tsv: a path under /usr/share/doc/texlive-doc, a tab, the title
as page 1 shows it) gets a record with that title (`pith record new`) stamped onto it (`pith
stamp`, which refuses when page 1 does not show the record's title as its title). The list was made
from the files whose Info /Title (the author's own statement, not a file name, at least 8 letters
and digits) pdftotext finds on page 1 (--from-info prints those), then corrected by hand where page
1's title differs from the metadata's (a version on the title line, a logo, a banner). Prints one
line per file and the counts; exit 0 when none is refused, 1 otherwise, 77 when no listed file is
installed.

  /usr/bin/python3 tests/stamp/title_survey.py PITH WORKDIR [LIST]
  /usr/bin/python3 tests/stamp/title_survey.py --from-info DIR
"""
import json
import os
import re
import subprocess
import sys
import unicodedata


def key(s):
    s = unicodedata.normalize("NFKC", s).casefold()
    s = "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")
    return "".join(c for c in s if c.isalnum())


def run(args, timeout=120):
    p = subprocess.run(args, capture_output=True, timeout=timeout)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def info_title(path):
    rc, out, _ = run(["pdfinfo", path])
    if rc != 0:
        return None
    m = re.search(r"^Title:\s*(.*)$", out, re.M)
    return m.group(1).strip() if m else None


def pdfs(args):
    for a in args:
        if os.path.isdir(a):
            for root, _, files in sorted(os.walk(a)):
                for f in sorted(files):
                    if f.endswith(".pdf"):
                        yield os.path.join(root, f)
        else:
            yield a


DOCS = "/usr/share/doc/texlive-doc"
BADGE_PLACES = ((), ("--position", "bottom-left"), ("--position", "top-left"))


def from_info(root):
    for path in pdfs([root]):
        title = info_title(path)
        if not title or " " not in title or len(key(title)) < 8 or re.search(r"\.(tex|dvi|pdf|docx?)$", title):
            continue
        rc, page, _ = run(["pdftotext", "-l", "1", path, "-"])
        if rc == 0 and key(title) in key(page):
            print("%s\t%s" % (os.path.relpath(path, root), title))


def main():
    if sys.argv[1] == "--from-info":
        from_info(sys.argv[2])
        return 0
    pith, work = sys.argv[1], sys.argv[2]
    listed = sys.argv[3] if len(sys.argv) > 3 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "data",
                                                                 "title_survey.tsv")
    os.makedirs(work, exist_ok=True)
    stamped = refused = missing = 0
    for n, line in enumerate(open(listed, encoding="utf-8")):
        if not line.strip() or line.startswith("#"):
            continue
        rel, title = line.rstrip("\n").split("\t")
        path = os.path.join(DOCS, rel)
        if not os.path.exists(path):
            missing += 1
            continue
        record = os.path.join(work, "record-%d.json" % n)
        rc, _, err = run([pith, "record", "new", "--title", title, "--arxiv-id", "2605.%05d" % n, "--version", "1",
                          "--submitted-at", "2026-05-09T11:19:51Z", "--license",
                          "http://creativecommons.org/licenses/by/4.0/", "--primary-cat", "cs.CL", "--abstract", "x",
                          "-o", record])
        if rc != 0:
            print("error  %s: pith record new: %s" % (rel, err.strip()))
            refused += 1
            continue
        out = os.path.join(work, "stamped-%d.pdf" % n)
        # A page with no free corner for the badge is refused for its placement: placed by hand.
        for place in BADGE_PLACES:
            rc, _, err = run([pith, "stamp", path, "--record", record, "--force-unverified", *place, "-o", out])
            if rc == 0 or "free place" not in err:
                break
        last = err.strip().splitlines()[-1] if err.strip() else ""
        if rc == 0:
            stamped += 1
            print("stamped %s  [%s]" % (rel, title))
        elif "(Title in metadata:" in last:
            # The metadata's title differs from page 1's (the stamp keeps it): the title rule is
            # read from the forced stamp's report.
            run([pith, "stamp", path, "--record", record, "--force-unverified", "--force", *place, "-o", out])
            _, report, _ = run([pith, "verify", out, "--json"])
            shown = [c for c in json.loads(report)["checks"] if c["id"] == "pith.title.shown"]
            if shown and shown[0]["status"] == "pass":
                stamped += 1
                print("stamped %s  [%s] (--force: only its Info /Title differs)" % (rel, title))
            else:
                refused += 1
                print("REFUSED %s  [%s]: %s" % (rel, title, shown[0]["reason"] if shown else report[:200]))
        else:
            refused += 1
            print("REFUSED %s  [%s]: exit %d %s" % (rel, title, rc, last))
        for f in (record, out):
            if os.path.exists(f):
                os.remove(f)
    print("%d stamped, %d refused, %d listed files not installed" % (stamped, refused, missing))
    if stamped + refused == 0:
        return 77
    return 1 if refused else 0


if __name__ == "__main__":
    sys.exit(main())
