#!/usr/bin/env python3
"""pith latex's data file against Python's own recomputation (reference_data.py), for every
bundled record: same items, same XML text, same PDF hex strings; pith.sty identical to the
source; the same record gives the same bytes twice. A record without a registry receipt (the bare
canonical record) is UNVERIFIABLE: pith latex refuses it (exit 1, nothing written) unless
--force-unverified."""
import os, re, subprocess, sys, tempfile, filecmp

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reference_data import has_receipt  # noqa: E402

PITH = os.environ["PITH"]
SRC = os.environ["PITH_SOURCE_DIR"]
HERE = os.path.dirname(os.path.abspath(__file__))
records = sorted(os.path.join(SRC, "examples", "records", f) for f in os.listdir(os.path.join(SRC, "examples", "records")))
bad = 0
for record in records:
    extra = []
    if not has_receipt(record):
        with tempfile.TemporaryDirectory() as out:
            p = subprocess.run([PITH, "latex", record, "-o", out], capture_output=True, text=True)
            if p.returncode != 1 or os.listdir(out) or "UNVERIFIABLE" not in p.stderr \
                    or "--force-unverified" not in p.stderr:
                print("FAIL %s: a record without a receipt: pith latex exited %d, wrote %s: %s" % (
                    record, p.returncode, os.listdir(out), p.stderr.strip()[-300:]))
                bad += 1
        extra = ["--force-unverified"]
    with tempfile.TemporaryDirectory() as out:
        p = subprocess.run([PITH, "latex", record, "-o", out] + extra, capture_output=True, text=True)
        if p.returncode != 0:
            print("FAIL %s: pith latex exited %d: %s" % (record, p.returncode, p.stderr.strip()))
            bad += 1
            continue
        text = open(os.path.join(out, "pith-data.tex"), "rb").read()
        if any(b > 126 or (b < 32 and b != 10) for b in text):
            print("FAIL %s: data file is not plain ASCII" % record)
            bad += 1
        items = re.findall(r"^\\PithDataItem\{([^}]*)\}\{([^}]*)\}\{([^}]*)\}$", text.decode(), re.M)
        got = "\n".join(" ".join(i) for i in items)
        want = subprocess.run([sys.executable, os.path.join(HERE, "reference_data.py"), record],
                              capture_output=True, text=True, check=True).stdout.strip()
        if got != want:
            print("FAIL %s: data items differ from the reference\n--- pith\n%s\n--- python\n%s" % (record, got, want))
            bad += 1
        if not re.search(r"^\\PithDataQr\{\d+\}\{[0-9.,]+\}$", text.decode(), re.M):
            print("FAIL %s: no QR matrix line" % record)
            bad += 1
        if not filecmp.cmp(os.path.join(out, "pith.sty"), os.environ["PITH_STY"], shallow=False):
            print("FAIL %s: written pith.sty differs from the one docstrip generated from latex/pith.dtx" % record)
            bad += 1
        with tempfile.TemporaryDirectory() as out2:
            subprocess.run([PITH, "latex", record, "-o", out2] + extra, capture_output=True, check=True)
            if open(os.path.join(out2, "pith-data.tex"), "rb").read() != text:
                print("FAIL %s: not reproducible" % record)
                bad += 1
    print("ok   %s" % os.path.basename(record))
sys.exit(1 if bad else 0)
