#!/usr/bin/env bash
# The README's main command: the whole story on the bundled example, offline.
#  1. verify the bundled seed records;
#  2. compile the example paper with \usepackage{pith} (pith latex + pdflatex) and verify the PDF;
#  3. compile the same paper without the package, stamp that PDF with pith stamp, and verify it;
#  4. extract the record from the stamped PDF and check it on its own;
#  5. seal the LaTeX-made PDF with a stamper key of the example's own, and verify it with that key trusted;
#  6. print a summary. Outputs go to build/example/ (or $PITH_EXAMPLE_OUT).
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/build.sh --target pith >/dev/null
build_dir="${PITH_BUILD_DIR:-build}"
pith="$(pwd)/$build_dir/tool/cli/pith"
out="${PITH_EXAMPLE_OUT:-$build_dir/example}"
record=examples/records/seed-XWMJ4DGY.json   # signed by the registry
rm -rf "$out"
mkdir -p "$out"
summary=()
step() { printf '\n== %s\n' "$1"; }
note() { summary+=("$1"); }

step "1. The bundled seed records, verified offline"
# A record without the registry's receipt is only a hash anyone can write: UNVERIFIABLE (exit 6).
for r in examples/records/*.json; do
  rc=0; "$pith" record verify "$r" || rc=$?
  case $rc in
    0) note "record  $(basename "$r"): VERIFIED" ;;
    6) note "record  $(basename "$r"): UNVERIFIABLE (no registry receipt), as expected" ;;
    *) note "record  $(basename "$r"): NOT VERIFIED" ;;
  esac
done

step "2. The example paper compiled with \\usepackage{pith}"
mkdir -p "$out/latex"
cp examples/paper/paper.tex "$out/latex/"
"$pith" latex "$record" -o "$out/latex"
(cd "$out/latex" && for run in 1 2; do
   pdflatex -interaction=batchmode -no-shell-escape paper.tex >/dev/null || { tail -n 20 paper.log; exit 1; }
 done)
echo "page 1 begins:"; pdftotext -l 1 "$out/latex/paper.pdf" - | sed -n '1,4p'
"$pith" verify "$out/latex/paper.pdf" && note "latex   paper.pdf: VERIFIED" || note "latex   paper.pdf: NOT VERIFIED"

step "3. The same paper compiled without the package, then stamped"
mkdir -p "$out/stamp"
sed -e '/\\usepackage\(\[[^]]*\]\)\?{pith}/d' -e '/\\pithnumber{/d' examples/paper/paper.tex > "$out/stamp/paper.tex"
(cd "$out/stamp" && for run in 1 2; do
   pdflatex -interaction=batchmode -no-shell-escape paper.tex >/dev/null || { tail -n 20 paper.log; exit 1; }
 done)
"$pith" stamp "$out/stamp/paper.pdf" --record "$record" -o "$out/stamp/paper-stamped.pdf"
cmp -n "$(stat -c %s "$out/stamp/paper.pdf")" "$out/stamp/paper.pdf" "$out/stamp/paper-stamped.pdf" \
  && echo "the stamped PDF begins with every byte of the original ($(stat -c %s "$out/stamp/paper.pdf") bytes)"
"$pith" verify "$out/stamp/paper-stamped.pdf" && note "stamp   paper-stamped.pdf: VERIFIED" || note "stamp   paper-stamped.pdf: NOT VERIFIED"

step "4. The record extracted from the stamped PDF, checked on its own"
"$pith" extract "$out/stamp/paper-stamped.pdf" -o "$out/extracted-record.json"
"$pith" record verify "$out/extracted-record.json" --number XWMJ4DGYPGPNYY3GAECCTV6HU5 \
  && note "extract extracted-record.json: VERIFIED" || note "extract extracted-record.json: NOT VERIFIED"

step "5. The LaTeX-made PDF sealed by a stamper (binding and signature, no second badge)"
"$pith" key generate --key-id example-stamper -o "$out/stamper.key" > "$out/stamper.keyring"
sed -i 's/$/ stamper/' "$out/stamper.keyring"    # trusted to sign stamps, not records
"$pith" stamp "$out/latex/paper.pdf" --seal --record "$record" --key "$out/stamper.key" -o "$out/latex/paper-sealed.pdf"
"$pith" verify "$out/latex/paper-sealed.pdf" --keyring "$out/stamper.keyring" --require-stamper example-stamper \
  && note "seal    paper-sealed.pdf: VERIFIED, stamped by example-stamper" || note "seal    paper-sealed.pdf: NOT VERIFIED"

step "Summary (outputs in $out)"
status=0
for line in "${summary[@]}"; do
  echo "  $line"
  case "$line" in *"NOT VERIFIED"*) status=1 ;; esac
done
exit $status
