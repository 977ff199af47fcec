#!/usr/bin/env python3
"""Checks one stamped PDF against its input with independent readers (qpdf, pdftotext, exiftool),
then what pith verify says about it.

usage: check_stamped.py IN OUT NUMBER_SHORT RECORD_URL [PAGE] [--verified]
Without --verified the file was stamped with --force (page 1 does not show the record's title):
pith verify must pass every structural check (tests/verify/stampcheck.py). With --verified the
input shows the title, was stamped without --force, and must be VERIFIED.
(The XMP binding is checked by check_xmp_binding.py, one exiftool run for many files.)
Prints one line "FAIL <file>: <reason>" and exits 1 on the first failed check.
"""
import json, os, re, subprocess, sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'verify'))
from stampcheck import (doubts_actions, forced_stamp_problems, open_marked_content, pdfinfo_finds_javascript,  # noqa: E402
                        qpdf_finds_page_tree_loop)

expect_verified = '--verified' in sys.argv[1:]
sys.argv = [a for a in sys.argv if a != '--verified']

def run(*args, timeout=60):
    return subprocess.run(args, capture_output=True, timeout=timeout)

def fail(why):
    sys.stdout.write(f"FAIL {sys.argv[1]}: {why}\n")  # one write: parallel jobs share the log
    sys.exit(1)

src, out, short, url = sys.argv[1:5]
page = int(sys.argv[5]) if len(sys.argv) > 5 else 1
a = open(src, 'rb').read()
b = open(out, 'rb').read()
if not b.startswith(a):
    fail("output does not start with the exact input bytes")

qin = run('qpdf', '--check', src).returncode
qout = run('qpdf', '--check', out).returncode
if qin == 0 and qout != 0:
    fail(f"qpdf --check passed on input but gives exit {qout} on output")

n_in = run('qpdf', '--show-npages', src)
n_out = run('qpdf', '--show-npages', out)
if n_in.returncode == 0 and n_in.stdout != n_out.stdout:
    fail(f"page count changed: {n_in.stdout!r} -> {n_out.stdout!r}")

# pdftotext clips to the page: on pages smaller than an inch the (scaled-down) badge may not fit.
big_enough = True
poppler_reads = True  # poppler (pdftotext) opens the stamped file and finds the page
try:
    info = run('pdfinfo', '-f', str(page), '-l', str(page), out, timeout=20).stdout.decode('latin-1')
    size = re.search(r'Page +%d size: +([\d.]+) x ([\d.]+)' % page, info)
    big_enough = size is None or min(float(size.group(1)), float(size.group(2))) >= 72
    txt = run('pdftotext', '-f', str(page), '-l', str(page), out, '-', timeout=20)
    poppler_reads = txt.returncode == 0
    if txt.returncode == 0 and qin == 0 and big_enough and short.encode() not in txt.stdout:
        fail(f"pdftotext does not find {short} on page {page}")
except subprocess.TimeoutExpired:
    pass  # poppler hangs on some inputs of the corpus itself

js = run('qpdf', '--json=2', '--json-key=qpdf', out)
if js.returncode in (0, 3):
    objs = json.loads(js.stdout.decode('utf-8', 'replace'))['qpdf'][1]
    found = False
    def walk(v):
        global found
        if isinstance(v, dict):
            if v.get('/Subtype') == '/Link':
                action = v.get('/A', {})
                if isinstance(action, dict) and action.get('/URI') in (url, 'u:' + url):
                    border = v.get('/Border')
                    if border == [0, 0, 0] and v.get('/F') == 4:
                        found = True
            for x in v.values(): walk(x)
        elif isinstance(v, list):
            for x in v: walk(x)
    walk(objs)
    if not found:
        fail("qpdf finds no borderless printable Link annotation to " + url)
elif qin == 0:
    fail(f"qpdf --json failed with exit {js.returncode}")

# pith verify: every structural check passes (a forced stamp), or the whole file verifies.
try:
    v = run(os.environ['PITH'], 'verify', '--json', out, timeout=30)
except subprocess.TimeoutExpired:
    fail("pith verify did not finish in 30 s")
try:
    report = json.loads(v.stdout)
except ValueError:
    fail(f"pith verify --json gave no report (exit {v.returncode}): {v.stderr[:300]!r}")
if expect_verified:
    bad = [f"{c['id']}={c['status']}" for c in report.get('checks', []) if c.get('status') not in ('pass', 'n/a')]
    if v.returncode != 0 or report.get('verdict') != 'VERIFIED' or bad:
        fail(f"pith verify: exit {v.returncode}, {report.get('verdict')} {bad}")
    if report.get('facts', {}).get('stamp_parameters', {}).get('forced') is not False:
        fail("a stamp made without --force records forced=%r" % report.get('facts', {}).get('stamp_parameters', {}).get('forced'))
else:
    problems = forced_stamp_problems(report, v.returncode, badge_must_show=(qin == 0 and big_enough and poppler_reads),
                                     open_marked=open_marked_content(src, page) or 0,
                                     runs_javascript=doubts_actions(report) and pdfinfo_finds_javascript(out),
                                     page_tree_loop=doubts_actions(report) and qpdf_finds_page_tree_loop(out))
    if problems:
        fail("pith verify: " + "; ".join(problems))

sys.stdout.write(f"ok {src}\n")
