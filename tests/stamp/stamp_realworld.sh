#!/bin/bash
# pith stamp on real-world PDFs (TeX Live documentation: pdfTeX, LuaTeX, xdvipdfmx, Ghostscript,
# cairo, Quartz producers, plus xref-stream and linearized variants made with qpdf), and the
# guarantees: reproducible bytes, refusals, in-place, stdin/stdout, batch, encrypted input, no
# partial output under RLIMIT_FSIZE or SIGKILL, size bounds, a signature that stays valid.
# The TeX Live documents do not show the record's title on page 1: pith stamp refuses them (exit 1)
# unless --force, and pith verify must then find every structural check passing (check_stamped.py).
# A small paper whose page 1 shows the title (tests/verify/pdfgen.py) is stamped without --force
# and must be VERIFIED.
set -u
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
here="$PITH_SOURCE_DIR/tests/stamp"
rec="$here/data/record.json"
other="$here/data/other-record.json"
short=pith:XWMJ4DGY
url=https://pith.science/pith/XWMJ4DGYPGPNYY3GAECCTV6HU5
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
title=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["paper"]["title"])' "$rec")
[ -n "$title" ] || { echo "FAIL: no paper.title in $rec"; exit 1; }
docs=/usr/share/doc/texlive-doc
mkdir "$work/in" "$work/out"
for f in generic/lt3luabridge/lt3luabridge.pdf lualatex/lua-ul/lua-ul.pdf xelatex/fixlatvian/fixlatvian.pdf \
         luatex/luakeys/luakeys.pdf support/mkgrkindex/mkgrkindex.pdf fonts/cbfonts/cbgreek.pdf \
         support/makeindex/makeindex.pdf etex/base/etex_man.pdf; do
    [ -f "$docs/$f" ] && cp "$docs/$f" "$work/in/"
done
n=$(ls "$work/in" | wc -l)
[ "$n" -ge 4 ] || { echo "SKIP: TeX Live documentation not installed"; exit 77; }
base="$work/in/$(ls "$work/in" | head -1)"
qpdf --object-streams=generate "$base" "$work/in/variant-xref-stream.pdf"
qpdf --linearize "$base" "$work/in/variant-linearized.pdf"
head -c -1 "$base" > "$work/in/variant-no-final-eol.pdf"   # source not ending in an end-of-line

last_xref_kind() {  # "table" or "stream": the kind of the section the last startxref points at
    python3 - "$1" <<'PY'
import re, sys
d = open(sys.argv[1], 'rb').read()
off = int(re.findall(rb'startxref\s+(\d+)', d)[-1])
print('table' if d[off:off + 4] == b'xref' else 'stream')
PY
}

for f in "$work"/in/*.pdf; do
    name=$(basename "$f")
    if ! "$PITH" stamp "$f" --record "$rec" --force -o "$work/out/$name" 2>"$work/err"; then
        fail "$name: stamp --force failed: $(cat "$work/err")"; continue
    fi
    python3 "$here/check_stamped.py" "$f" "$work/out/$name" "$short" "$url" || fails=$((fails + 1))
    [ "$(last_xref_kind "$f")" = "$(last_xref_kind "$work/out/$name")" ] || fail "$name: xref section kind differs from the input's"
    # Reproducible: a second run gives the same bytes.
    "$PITH" stamp "$f" --record "$rec" --force -o "$work/again.pdf" && cmp -s "$work/again.pdf" "$work/out/$name" || fail "$name: not reproducible"
    # Size: the update adds at most 48 KB with QR, 32 KB without.
    added=$(( $(stat -c%s "$work/out/$name") - $(stat -c%s "$f") ))
    [ "$added" -le 49152 ] || fail "$name: update with QR is $added bytes"
    "$PITH" stamp "$f" --record "$rec" --no-qr --force -o "$work/noqr.pdf" || fail "$name: --no-qr failed"
    added=$(( $(stat -c%s "$work/noqr.pdf") - $(stat -c%s "$f") ))
    [ "$added" -le 32768 ] || fail "$name: update without QR is $added bytes"
    echo "ok $name (+$added bytes without QR)"
done
python3 "$here/check_xmp_binding.py" "$work/in" "$work/out" || fails=$((fails + 1))

s="$work/out/$(basename "$base")"
# Without --force a document whose page 1 does not show the title is refused: exit 1, the reason
# named (pith.title.shown), nothing written.
"$PITH" stamp "$base" --record "$rec" -o "$work/refused.pdf" 2>"$work/err"; rc=$?
[ "$rc" -eq 1 ] && [ ! -e "$work/refused.pdf" ] && grep -q "the stamped PDF would not verify (Title shown: " "$work/err" \
    && grep -q -- "use --force" "$work/err" || fail "unforced stamp of a page without the title: exit $rc, $(cat "$work/err")"
# --keep-title is accepted (it is the default): the same bytes.
"$PITH" stamp "$base" --record "$rec" --force --keep-title -o "$work/keep.pdf" && cmp -s "$work/keep.pdf" "$s" \
    || fail "--keep-title is not the default"
# The stamp never changes the document's own title (Info and XMP as pdfinfo and exiftool read them).
for t in "$work"/in/*.pdf; do
    [ "$(pdfinfo "$t" 2>/dev/null | sed -n 's/^Title: *//p')" = "$(pdfinfo "$work/out/$(basename "$t")" 2>/dev/null | sed -n 's/^Title: *//p')" ] \
        || fail "$(basename "$t"): the stamp changed the Info title"
    [ "$(exiftool -s3 -XMP-dc:Title "$t")" = "$(exiftool -s3 -XMP-dc:Title "$work/out/$(basename "$t")")" ] \
        || fail "$(basename "$t"): the stamp changed the XMP dc:title"
done

# A paper whose page 1 shows the record's title: stamped without --force, VERIFIED.
paper="$work/paper.pdf"
python3 "$PITH_SOURCE_DIR/tests/verify/pdfgen.py" paper "$paper" "$title" 3
ps="$work/paper-stamped.pdf"
if "$PITH" stamp "$paper" --record "$rec" -o "$ps" 2>"$work/err"; then
    python3 "$here/check_stamped.py" "$paper" "$ps" "$short" "$url" --verified || fails=$((fails + 1))
else
    fail "stamping a paper that shows the title: $(cat "$work/err")"
fi
# The QR code decodes to the record URL (zbarimg on a 200 dpi rendering of page 1).
if command -v zbarimg > /dev/null; then
    pdftoppm -r 200 -f 1 -l 1 -png "$s" "$work/page"
    zbarimg -q --raw "$work"/page*.png 2>/dev/null | grep -qx "$url" || fail "QR code does not decode to $url"
fi
# No dates unless asked; with SOURCE_DATE_EPOCH, the dates are that time.
moddate() { pdfinfo -isodates "$1" | sed -n 's/^ModDate: *//p'; }
[ "$(moddate "$s")" = "$(moddate "$base")" ] || fail "the modification date changed without --date/SOURCE_DATE_EPOCH"
SOURCE_DATE_EPOCH=1700000000 "$PITH" stamp "$base" --record "$rec" --force -o "$work/dated.pdf" || fail "SOURCE_DATE_EPOCH stamp failed"
[ "$(moddate "$work/dated.pdf")" = "2023-11-14T22:13:20Z" ] || fail "SOURCE_DATE_EPOCH date: $(moddate "$work/dated.pdf")"

# Refusals, on the stamped paper (which verifies, so the number is the only reason): the same
# number again (exit 1, unless --force), another number (exit 1, unless --allow-renumber).
"$PITH" stamp "$ps" --record "$rec" -o "$work/twice.pdf" 2>"$work/err"; rc=$?
[ "$rc" -eq 1 ] && [ ! -e "$work/twice.pdf" ] && grep -q "already carries pith:2026:XWMJ4DGY" "$work/err" \
    || fail "restamping with the same number: exit $rc, $(cat "$work/err")"
"$PITH" stamp "$ps" --record "$rec" --force -o "$work/twice.pdf" || fail "--force restamp failed"
"$PITH" verify "$work/twice.pdf" > /dev/null || fail "the paper stamped twice (--force) does not verify"
"$PITH" stamp "$ps" --record "$other" -o "$work/renum.pdf" 2>"$work/err"; rc=$?
[ "$rc" -eq 1 ] && [ ! -e "$work/renum.pdf" ] && grep -q "already carries another number" "$work/err" \
    || fail "stamping another number: exit $rc, $(cat "$work/err")"
# Renumbered, the page still shows the first badge and its link to the first record: the result
# would not verify, so --allow-renumber alone is refused, and with --force verify says FAILED.
"$PITH" stamp "$ps" --record "$other" --allow-renumber -o "$work/renum.pdf" 2>"$work/err"; rc=$?
[ "$rc" -eq 1 ] && [ ! -e "$work/renum.pdf" ] && grep -q "the stamped PDF would not verify" "$work/err" \
    || fail "--allow-renumber over a badge: exit $rc, $(cat "$work/err")"
"$PITH" stamp "$ps" --record "$other" --allow-renumber --force -o "$work/renum.pdf" || fail "--allow-renumber --force failed"
exiftool -s3 -XMP-pith:Number "$work/renum.pdf" | grep -qx 'pith:2026:UU3ZMT4KGAAIATHWRRPFCJZTVP' || fail "renumbered XMP unreadable"
"$PITH" verify --json "$work/renum.pdf" > "$work/renum.json"; rc=$?
python3 - "$work/renum.json" "$rc" <<'PY' || fail "renumbered paper: $(cat "$work/renum.json")"
import json, sys
r = json.load(open(sys.argv[1]))
status = {c["id"]: c["status"] for c in r["checks"]}
assert sys.argv[2] == "1" and r["verdict"] == "FAILED", r["verdict"]
assert status["pith.binding.match"] == "pass" and status["pith.stamp.update"] == "pass", status
assert status["pith.link.match"] == "fail" and status["pith.title.shown"] == "fail", status
PY

# In place, stdin → stdout, batch.
cp "$base" "$work/inplace.pdf"
"$PITH" stamp "$work/inplace.pdf" --record "$rec" --in-place 2>/dev/null; rc=$?
[ "$rc" -eq 1 ] && cmp -s "$work/inplace.pdf" "$base" || fail "refused --in-place: exit $rc, input changed"
"$PITH" stamp "$work/inplace.pdf" --record "$rec" --force --in-place && cmp -s "$work/inplace.pdf" "$s" || fail "--in-place differs from -o"
"$PITH" stamp - --record "$rec" --force -o - < "$base" > "$work/piped.pdf" && cmp -s "$work/piped.pdf" "$s" || fail "stdin/stdout differs from -o"
mkdir "$work/batch" "$work/batch-refused"
"$PITH" stamp "$work"/in/*.pdf --record "$rec" --force --output-dir "$work/batch" -j 2 > "$work/batch.jsonl" || fail "batch failed"
[ "$(grep -c '"ok":true' "$work/batch.jsonl")" -eq "$(ls "$work/in" | wc -l)" ] || fail "batch: not one ok JSON line per file"
# Each line carries pith verify's verdict on its output: forced stamps of pages without the title
# are FAILED or UNVERIFIABLE, never VERIFIED.
[ "$(grep -c '"verdict":"\(FAILED\|UNVERIFIABLE\)"' "$work/batch.jsonl")" -eq "$(ls "$work/in" | wc -l)" ] \
    || fail "batch: verdicts $(grep -o '"verdict":"[A-Z-]*"' "$work/batch.jsonl" | sort | uniq -c | tr '\n' ' ')"
for f in "$work"/in/*.pdf; do
    cmp -s "$work/batch/$(basename "$f")" "$work/out/$(basename "$f")" || fail "batch: $(basename "$f") differs from -o"
done
# Without --force: the paper is stamped (VERIFIED), every other file refused (exit 1), nothing
# written for them; the batch exits 1.
"$PITH" stamp "$paper" "$work"/in/*.pdf --record "$rec" --output-dir "$work/batch-refused" -j 2 > "$work/batch2.jsonl"; rc=$?
[ "$rc" -eq 1 ] || fail "batch with refusals: exit $rc"
[ "$(grep -c '"ok":false,.*' "$work/batch2.jsonl")" -eq "$(ls "$work/in" | wc -l)" ] \
    && [ "$(grep -c '"exit":1,' "$work/batch2.jsonl")" -eq "$(ls "$work/in" | wc -l)" ] \
    && grep -q '"ok":true,.*"verdict":"VERIFIED"' "$work/batch2.jsonl" \
    && [ "$(ls "$work/batch-refused")" = "paper.pdf" ] || fail "batch with refusals: $(cat "$work/batch2.jsonl")"

# Encrypted input: exit 3, one line, no output.
enc="$PITH_TEST_DATA_DIR/corpus/qpdf/V4.pdf"
"$PITH" stamp "$enc" --record "$rec" -o "$work/enc.pdf" 2>"$work/err"; rc=$?
[ "$rc" -eq 3 ] && [ ! -e "$work/enc.pdf" ] && grep -q encrypted "$work/err" || fail "encrypted: exit $rc, $(cat "$work/err")"

# Full disk: RLIMIT_FSIZE below the output size → exit 5, no output, no temporary file left.
big="$work/in/$(ls -S "$work/in" | head -1)"
mkdir -p "$work/full"
(ulimit -f 64; "$PITH" stamp "$big" --record "$rec" --force -o "$work/full/out.pdf" 2>"$work/err"); rc=$?
[ "$rc" -eq 5 ] && [ -z "$(ls -A "$work/full")" ] || fail "RLIMIT_FSIZE: exit $rc, left: $(ls -A "$work/full")"

# SIGKILL at various moments: the output is absent or complete, never partial.
"$PITH" stamp "$big" --record "$rec" --force -o "$work/ref.pdf"
for delay in 0.005 0.01 0.02 0.04 0.08; do
    rm -f "$work/killed.pdf"
    "$PITH" stamp "$big" --record "$rec" --force -o "$work/killed.pdf" & pid=$!
    sleep "$delay"; kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
    [ ! -e "$work/killed.pdf" ] || cmp -s "$work/killed.pdf" "$work/ref.pdf" || fail "SIGKILL after ${delay}s left a partial output"
done

# A signed PDF keeps a valid signature (pdfsig with a throw-away NSS database): a real-world one
# (stamped with --force) and the paper, whose stamped copy also verifies.
if command -v certutil > /dev/null && pdfsig -h 2>&1 | grep -q -- '-add-signature'; then
    db="$work/nss"; mkdir "$db"
    certutil -N -d "sql:$db" --empty-password
    certutil -S -d "sql:$db" -n pith-test -s "CN=pith test" -x -t "CT,C,C" -k rsa -g 2048 -Z SHA256 -v 12 \
        -z "$base" > /dev/null 2>&1
    if pdfsig -add-signature -nssdir "sql:$db" -nick pith-test "$base" "$work/signed.pdf" > /dev/null 2>&1 &&
       pdfsig -add-signature -nssdir "sql:$db" -nick pith-test "$paper" "$work/signed-paper.pdf" > /dev/null 2>&1; then
        "$PITH" stamp "$work/signed.pdf" --record "$rec" --force -o "$work/signed-stamped.pdf" || fail "stamping a signed PDF failed"
        pdfsig -nssdir "sql:$db" "$work/signed-stamped.pdf" > "$work/sig.txt" 2>&1
        grep -q 'Signature is Valid' "$work/sig.txt" || fail "signature not valid after stamping: $(cat "$work/sig.txt")"
        "$PITH" stamp "$work/signed-paper.pdf" --record "$rec" -o "$work/signed-paper-stamped.pdf" \
            || fail "stamping a signed paper failed"
        pdfsig -nssdir "sql:$db" "$work/signed-paper-stamped.pdf" > "$work/sig.txt" 2>&1
        grep -q 'Signature is Valid' "$work/sig.txt" || fail "paper: signature not valid after stamping: $(cat "$work/sig.txt")"
        "$PITH" verify "$work/signed-paper-stamped.pdf" > "$work/v.txt"; rc=$?
        [ "$rc" -eq 0 ] || fail "signed paper, stamped: pith verify exit $rc: $(head -c 600 "$work/v.txt")"
    else
        fail "pdfsig could not sign the test PDF"
    fi
else
    echo "note: certutil or pdfsig -add-signature missing: signature test skipped"
fi

echo "$n real-world PDFs + variants, $fails failures"
[ "$fails" -eq 0 ]
