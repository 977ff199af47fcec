#!/usr/bin/env bash
# pith verify against references measured in the same run, on a large PDF with object streams
# (bench/make_large_pdf.sh) and on a typical 1 MB paper: openssl dgst -sha256 of the same file (the
# floor: every byte hashed once), pdftotext -l 1 (what the viewer check costs at least), exiftool
# reading the XMP. Targets: large <= 1.5x openssl; typical <= 2x pdftotext -l 1.
# The large and typical inputs do not show the record's title, so they are stamped with --force and
# verify says FAILED (pith.title.shown): every check runs but the reading of the title's pixels,
# which runs only where page 1's text shows the title. The third input, the example paper compiled
# with \usepackage{pith} (the README's example), is VERIFIED: it times that reading too.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/timing.sh"
pith="${PITH:-$here/../build/tool/cli/pith}"
record="${PITH_RECORD:-$here/../examples/records/seed-XWMJ4DGY.json}"
work="${BENCH_DIR:-/tmp/pith-bench}"
mkdir -p "$work"
bash "$here/make_large_pdf.sh" "$work/large.pdf"
typical=$(typical_paper)
mkdir -p "$work/honest"
cp "$here/../examples/paper/paper.tex" "$work/honest/"
"$pith" latex "$record" -o "$work/honest" >/dev/null
(cd "$work/honest" && for run in 1 2; do pdflatex -interaction=batchmode -no-shell-escape paper.tex >/dev/null; done)

for name in large typical honest; do
  src="$work/large.pdf"; [ "$name" = typical ] && src="$typical"
  stamped="$work/$name-stamped.pdf"
  if [ "$name" = honest ]; then stamped="$work/honest/paper.pdf"
  else "$pith" stamp "$src" --record "$record" --force -o "$stamped" >/dev/null; fi
  "$pith" verify "$stamped" >/dev/null || echo "  (verdict not VERIFIED: $("$pith" verify --json "$stamped" | python3 -c "import json,sys; print(json.load(sys.stdin)[\"verdict\"])"))"
  runs=5; [ "$name" = typical ] && runs=20
  t_verify=$(best_of $runs "$pith" verify "$stamped")
  t_sha=$(best_of $runs openssl dgst -sha256 "$stamped")
  t_text=$(best_of $runs pdftotext -l 1 "$stamped" /dev/null)
  t_exif=$(best_of 3 exiftool -XMP-pith:all "$stamped")
  m_verify=$(peak_kb "$pith" verify "$stamped")
  m_exif=$(peak_kb exiftool -XMP-pith:all "$stamped")
  echo "verify $name ($(stat -c %s "$stamped") bytes, $(qpdf --show-npages "$stamped") pages):"
  echo "  pith verify    ${t_verify}s  peak ${m_verify} KB"
  echo "  openssl sha256 ${t_sha}s   -> verify/openssl = $(ratio "$t_verify" "$t_sha")$([ "$name" = large ] && echo ' (target <= 1.5)')"
  echo "  pdftotext -l 1 ${t_text}s   -> verify/pdftotext = $(ratio "$t_verify" "$t_text")$([ "$name" != large ] && echo ' (target <= 2)')"
  echo "  exiftool XMP   ${t_exif}s  peak ${m_exif} KB -> verify/exiftool = $(ratio "$t_verify" "$t_exif") (target < 1)"
done
