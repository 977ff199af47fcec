#!/usr/bin/env bash
# Builds the example paper: pith latex writes pith.sty and pith-data.tex beside it, two
# pdflatex runs (batchmode, no shell escape, as on arXiv) make paper.pdf, pith verify checks it.
# Usage: examples/paper/build.sh [PITH] [OUTDIR]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
pith="${1:-${PITH:-pith}}"
out="${2:-$here/build}"
mkdir -p "$out"
cp "$here/paper.tex" "$out/"
"$pith" latex "$here/../records/seed-XWMJ4DGY.json" -o "$out"
cd "$out"
for run in 1 2; do
  pdflatex -interaction=batchmode -no-shell-escape paper.tex >/dev/null || { tail -20 paper.log; exit 1; }
done
echo "built $out/paper.pdf"
"$pith" verify paper.pdf
