#!/bin/bash
# pith stamp on real-world PDFs (TeX Live documentation: pdfTeX, LuaTeX, xdvipdfmx, Ghostscript,
# cairo, Quartz producers, plus xref-stream and linearized variants made with qpdf), and the
# guarantees: reproducible bytes, refusals, in-place, stdin/stdout, batch, encrypted input, no
# partial output under RLIMIT_FSIZE or SIGKILL, size bounds, a signature that stays valid.
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
    if ! "$PITH" stamp "$f" --record "$rec" -o "$work/out/$name" 2>"$work/err"; then
        fail "$name: stamp failed: $(cat "$work/err")"; continue
    fi
    python3 "$here/check_stamped.py" "$f" "$work/out/$name" "$short" "$url" || fails=$((fails + 1))
    [ "$(last_xref_kind "$f")" = "$(last_xref_kind "$work/out/$name")" ] || fail "$name: xref section kind differs from the input's"
    # Reproducible: a second run gives the same bytes.
    "$PITH" stamp "$f" --record "$rec" -o "$work/again.pdf" && cmp -s "$work/again.pdf" "$work/out/$name" || fail "$name: not reproducible"
    # Size: the update adds at most 48 KB with QR, 32 KB without.
    added=$(( $(stat -c%s "$work/out/$name") - $(stat -c%s "$f") ))
    [ "$added" -le 49152 ] || fail "$name: update with QR is $added bytes"
    "$PITH" stamp "$f" --record "$rec" --no-qr -o "$work/noqr.pdf" || fail "$name: --no-qr failed"
    added=$(( $(stat -c%s "$work/noqr.pdf") - $(stat -c%s "$f") ))
    [ "$added" -le 32768 ] || fail "$name: update without QR is $added bytes"
    echo "ok $name (+$added bytes without QR)"
done
python3 "$here/check_xmp_binding.py" "$work/in" "$work/out" || fails=$((fails + 1))

s="$work/out/$(basename "$base")"
# The QR code decodes to the record URL (zbarimg on a 200 dpi rendering of page 1).
if command -v zbarimg > /dev/null; then
    pdftoppm -r 200 -f 1 -l 1 -png "$s" "$work/page"
    zbarimg -q --raw "$work"/page*.png 2>/dev/null | grep -qx "$url" || fail "QR code does not decode to $url"
fi
# No dates unless asked; with SOURCE_DATE_EPOCH, the dates are that time.
moddate() { pdfinfo -isodates "$1" | sed -n 's/^ModDate: *//p'; }
[ "$(moddate "$s")" = "$(moddate "$base")" ] || fail "the modification date changed without --date/SOURCE_DATE_EPOCH"
SOURCE_DATE_EPOCH=1700000000 "$PITH" stamp "$base" --record "$rec" -o "$work/dated.pdf" || fail "SOURCE_DATE_EPOCH stamp failed"
[ "$(moddate "$work/dated.pdf")" = "2023-11-14T22:13:20Z" ] || fail "SOURCE_DATE_EPOCH date: $(moddate "$work/dated.pdf")"

# Refusals: same number again (exit 1, unless --force), another number (exit 1, unless --allow-renumber).
"$PITH" stamp "$s" --record "$rec" -o "$work/twice.pdf" 2>/dev/null; rc=$?
[ "$rc" -eq 1 ] && [ ! -e "$work/twice.pdf" ] || fail "restamping with the same number gave exit $rc"
"$PITH" stamp "$s" --record "$rec" --force -o "$work/twice.pdf" || fail "--force restamp failed"
"$PITH" stamp "$s" --record "$other" -o "$work/renum.pdf" 2>/dev/null; rc=$?
[ "$rc" -eq 1 ] || fail "stamping another number gave exit $rc"
"$PITH" stamp "$s" --record "$other" --allow-renumber -o "$work/renum.pdf" || fail "--allow-renumber failed"
exiftool -s3 -XMP-pith:Number "$work/renum.pdf" | grep -q 'pith:2026:' || fail "renumbered XMP unreadable"

# In place, stdin → stdout, batch.
cp "$base" "$work/inplace.pdf"
"$PITH" stamp "$work/inplace.pdf" --record "$rec" --in-place && cmp -s "$work/inplace.pdf" "$s" || fail "--in-place differs from -o"
"$PITH" stamp - --record "$rec" -o - < "$base" > "$work/piped.pdf" && cmp -s "$work/piped.pdf" "$s" || fail "stdin/stdout differs from -o"
mkdir "$work/batch"
"$PITH" stamp "$work"/in/*.pdf --record "$rec" --output-dir "$work/batch" -j 2 > "$work/batch.jsonl" || fail "batch failed"
[ "$(grep -c '"ok":true' "$work/batch.jsonl")" -eq "$(ls "$work/in" | wc -l)" ] || fail "batch: not one ok JSON line per file"

# Encrypted input: exit 3, one line, no output.
enc="$PITH_TEST_DATA_DIR/corpus/qpdf/V4.pdf"
"$PITH" stamp "$enc" --record "$rec" -o "$work/enc.pdf" 2>"$work/err"; rc=$?
[ "$rc" -eq 3 ] && [ ! -e "$work/enc.pdf" ] && grep -q encrypted "$work/err" || fail "encrypted: exit $rc, $(cat "$work/err")"

# Full disk: RLIMIT_FSIZE below the output size → exit 5, no output, no temporary file left.
big="$work/in/$(ls -S "$work/in" | head -1)"
mkdir -p "$work/full"
(ulimit -f 64; "$PITH" stamp "$big" --record "$rec" -o "$work/full/out.pdf" 2>"$work/err"); rc=$?
[ "$rc" -eq 5 ] && [ -z "$(ls -A "$work/full")" ] || fail "RLIMIT_FSIZE: exit $rc, left: $(ls -A "$work/full")"

# SIGKILL at various moments: the output is absent or complete, never partial.
"$PITH" stamp "$big" --record "$rec" -o "$work/ref.pdf"
for delay in 0.005 0.01 0.02 0.04 0.08; do
    rm -f "$work/killed.pdf"
    "$PITH" stamp "$big" --record "$rec" -o "$work/killed.pdf" & pid=$!
    sleep "$delay"; kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
    [ ! -e "$work/killed.pdf" ] || cmp -s "$work/killed.pdf" "$work/ref.pdf" || fail "SIGKILL after ${delay}s left a partial output"
done

# A signed PDF keeps a valid signature (pdfsig with a throw-away NSS database).
if command -v certutil > /dev/null && pdfsig -h 2>&1 | grep -q -- '-add-signature'; then
    db="$work/nss"; mkdir "$db"
    certutil -N -d "sql:$db" --empty-password
    certutil -S -d "sql:$db" -n pith-test -s "CN=pith test" -x -t "CT,C,C" -k rsa -g 2048 -Z SHA256 -v 12 \
        -z "$base" > /dev/null 2>&1
    if pdfsig -add-signature -nssdir "sql:$db" -nick pith-test "$base" "$work/signed.pdf" > /dev/null 2>&1; then
        "$PITH" stamp "$work/signed.pdf" --record "$rec" -o "$work/signed-stamped.pdf" || fail "stamping a signed PDF failed"
        pdfsig -nssdir "sql:$db" "$work/signed-stamped.pdf" > "$work/sig.txt" 2>&1
        grep -q 'Signature is Valid' "$work/sig.txt" || fail "signature not valid after stamping: $(cat "$work/sig.txt")"
    else
        fail "pdfsig could not sign the test PDF"
    fi
else
    echo "note: certutil or pdfsig -add-signature missing: signature test skipped"
fi

echo "$n real-world PDFs + variants, $fails failures"
[ "$fails" -eq 0 ]
