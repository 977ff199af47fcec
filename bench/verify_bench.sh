#!/usr/bin/env bash
# pith verify against sha256sum of the same file and exiftool reading the XMP, on a large PDF with
# object streams (bench/make_large_pdf.sh) and on a typical 1 MB paper. Prints ratios measured in
# this run. Target: verify <= 3x sha256sum, faster than exiftool, peak memory far below 221 MB.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/timing.sh"
pith="${PITH:-$here/../build/tool/cli/pith}"
record="${PITH_RECORD:-$here/../examples/records/seed-XWMJ4DGY.json}"
work="${BENCH_DIR:-/tmp/pith-bench}"
mkdir -p "$work"
bash "$here/make_large_pdf.sh" "$work/large.pdf"
typical=$(find /usr/share/doc/texlive-doc -name '*.pdf' -size +900k -size -1200k | LC_ALL=C sort | sed -n 1p)

for name in large typical; do
  src="$work/large.pdf"; [ "$name" = typical ] && src="$typical"
  stamped="$work/$name-stamped.pdf"
  "$pith" stamp "$src" --record "$record" -o "$stamped" >/dev/null
  "$pith" verify "$stamped" >/dev/null || echo "  (verdict not VERIFIED: $("$pith" verify --json "$stamped" | python3 -c "import json,sys; print(json.load(sys.stdin)[\"verdict\"])"))"
  runs=5; [ "$name" = typical ] && runs=20
  t_verify=$(best_of $runs "$pith" verify "$stamped")
  t_sha=$(best_of $runs sha256sum "$stamped")
  t_exif=$(best_of 3 exiftool -XMP-pith:all "$stamped")
  m_verify=$(peak_kb "$pith" verify "$stamped")
  m_exif=$(peak_kb exiftool -XMP-pith:all "$stamped")
  echo "verify $name ($(stat -c %s "$stamped") bytes, $(qpdf --show-npages "$stamped") pages):"
  echo "  pith verify    ${t_verify}s  peak ${m_verify} KB"
  echo "  sha256sum      ${t_sha}s   -> verify/sha256sum = $(ratio "$t_verify" "$t_sha") (target <= 3)"
  echo "  exiftool XMP   ${t_exif}s  peak ${m_exif} KB -> verify/exiftool = $(ratio "$t_verify" "$t_exif") (target < 1)"
done
