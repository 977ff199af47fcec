#!/usr/bin/env python3
"""Reads pith:stampedLength/stampedSha256 of stamped PDFs with exiftool (one run for all files) and
compares them with the length and SHA-256 of each input.

usage: check_xmp_binding.py INPUT_DIR OUTPUT_DIR   (outputs named like their inputs)
Only inputs that qpdf --check accepts are required to be readable by exiftool.
"""
import glob, hashlib, json, os, subprocess, sys

src_dir, out_dir = sys.argv[1:3]
outs = sorted(glob.glob(os.path.join(out_dir, '*.pdf')))
if not outs:
    print("FAIL: no stamped outputs to check")
    sys.exit(1)
ex = subprocess.run(['exiftool', '-j', '-XMP-pith:StampedSha256', '-XMP-pith:StampedLength'] + outs,
                    capture_output=True, timeout=600)
meta = {os.path.basename(m['SourceFile']): m for m in json.loads(ex.stdout or b'[]')}
failed = 0
for out in outs:
    name = os.path.basename(out)
    src = os.path.join(src_dir, name)
    data = open(src, 'rb').read()
    m = meta.get(name, {})
    if m.get('StampedSha256') == hashlib.sha256(data).hexdigest() and str(m.get('StampedLength')) == str(len(data)):
        continue
    if subprocess.run(['qpdf', '--check', src], capture_output=True).returncode != 0:
        continue  # a damaged input that exiftool may not parse either
    warn = subprocess.run(['exiftool', '-j', '-Warning', src], capture_output=True).stdout
    if b'xref' in warn:
        continue  # exiftool cannot walk the input's own xref (qpdf repairs it silently)
    print(f"FAIL {name}: exiftool reads {m.get('StampedSha256')!r}/{m.get('StampedLength')!r}")
    failed += 1
print(f"xmp binding checked on {len(outs)} files, {failed} failed")
sys.exit(1 if failed else 0)
