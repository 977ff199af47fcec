#!/usr/bin/env python3
"""pith stamp reads what pith verify reads: on papers with one oddity each (stamp_gate_cases.py),
forced or not, it either refuses (exit 3, one line naming the object) and writes nothing, or writes
a file that pith verify accepts (VERIFIED) and whose page 1, as poppler's pdftotext shows it,
carries the badge. And a page tree broken after the stamp makes verify report, never give up."""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
import stamp_gate_cases  # noqa: E402
from pdfgen import append_update, last_startxref  # noqa: E402

PITH = os.environ["PITH"]
RECORD = os.path.join(os.path.dirname(__file__), "..", "stamp", "data", "record.json")
SHORT = "pith:XWMJ4DGY"

# Case → (stamp's exit code, a phrase its error must contain).
EXPECTED = {
    "key-not-a-name": (3, "dictionary key is not a name"),
    "annotation-key-not-a-name": (3, "page 1's annotations cannot be read"),
    "inner-count-wrong": (0, None),
    "xref-generation-nul": (0, None),
    "filter-name-case": (3, "page 1's content stream (object 6) cannot be decoded: unsupported stream filter /Flatedecode"),
}


def run(args):
    return subprocess.run(args, capture_output=True, text=True, timeout=120)


def page_text(path, page):
    return run(["pdftotext", "-f", str(page), "-l", str(page), "-layout", path, "-"]).stdout


def main():
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        cases = stamp_gate_cases.cases()
        assert set(cases) == set(EXPECTED), sorted(cases)
        for name, data in cases.items():
            path = os.path.join(tmp, name + ".pdf")
            with open(path, "wb") as f:
                f.write(data)
            for force in ([], ["--force"]):
                out = os.path.join(tmp, name + ".out.pdf")
                p = run([PITH, "stamp", path, "--record", RECORD, "-o", out] + force)
                want, phrase = EXPECTED[name]
                problems = []
                if p.returncode != want:
                    problems.append(f"exit {p.returncode}, expected {want}: {p.stderr.strip()}")
                if p.returncode == 0:
                    v = run([PITH, "verify", out])
                    if v.returncode != 0:
                        problems.append(f"the stamped file does not verify (exit {v.returncode}): {v.stdout.strip()[-300:]}")
                    if SHORT not in page_text(out, 1):
                        problems.append("pdftotext does not show the badge on page 1")
                    if SHORT in page_text(out, 2):
                        problems.append("pdftotext shows the badge on page 2")
                else:
                    lines = [l for l in p.stderr.splitlines() if l.strip()]
                    if len(lines) != 1 or not lines[0].startswith("pith: "):
                        problems.append("no one-line 'pith:' error: " + p.stderr)
                    if phrase and phrase not in p.stderr:
                        problems.append(f"the error does not say {phrase!r}: {p.stderr.strip()}")
                    if os.path.exists(out):
                        problems.append("a refused stamp left an output")
                label = f"{name}{' --force' if force else ''}"
                print(f"{'FAIL' if problems else 'ok  '} {label}: exit {p.returncode}" + (": " + "; ".join(problems) if problems else ""))
                if problems:
                    failures.append(label)
                if os.path.exists(out):
                    os.unlink(out)

        # A stamped paper whose page tree a later update turns into a loop (the root its own kid):
        # verify still reports (a modified file), it does not end in "unreadable".
        base = os.path.join(tmp, "paper.pdf")
        with open(base, "wb") as f:
            f.write(cases["inner-count-wrong"])
        stamped = os.path.join(tmp, "stamped.pdf")
        p = run([PITH, "stamp", base, "--record", RECORD, "-o", stamped])
        if p.returncode != 0:
            failures.append("page-tree-loop-after-stamp: stamping failed: " + p.stderr)
        else:
            with open(stamped, "rb") as f:
                data = f.read()
            size = int(run(["qpdf", "--show-xref", stamped]).stdout.strip().splitlines()[-1].split("/")[0]) + 1
            looped = append_update(data, {2: b"<</Type /Pages /Kids [2 0 R] /Count 1>>"}, size=size,
                                   root=int(run(["qpdf", "--show-object=trailer", stamped]).stdout.split("/Root ")[1].split()[0]))
            assert last_startxref(looped) > last_startxref(data)
            broken = os.path.join(tmp, "looped.pdf")
            with open(broken, "wb") as f:
                f.write(looped)
            v = run([PITH, "verify", broken])
            ok = v.returncode == 1 and ("MODIFIED" in v.stdout or "FAILED" in v.stdout)
            print(f"{'ok  ' if ok else 'FAIL'} page-tree-loop-after-stamp: verify exit {v.returncode}: "
                  f"{(v.stderr or v.stdout).strip().splitlines()[0][:200]}")
            if not ok:
                failures.append("page-tree-loop-after-stamp")
    print(f"{len(failures)} failed" + (": " + ", ".join(failures) if failures else ""))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
