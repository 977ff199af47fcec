#!/usr/bin/env bash
# pith verify by CPU time and peak memory, against references measured in the same run (on a
# loaded machine CPU time varies less than wall time): the best of N runs of user + system time of
# pith verify, pdftotext -l 1 and openssl dgst -sha256 of the same file, and the peak resident
# memory of pith verify (GNU time). Files: a typical 1 MB paper, the ~56 MB benchmark file
# (bench/make_large_pdf.sh) and a ~160 MB one (three copies of it joined by qpdf), each stamped with
# --force as in verify_bench.sh. Targets: typical <= 2x pdftotext -l 1; large <= 1.5x openssl;
# peak <= 40 MB (56 MB file), <= 50 MB (160 MB file).
# usage: PITH=... BENCH_DIR=... bench/verify_cpu_bench.sh [RUNS]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/timing.sh"
pith="${PITH:-$here/../build/tool/cli/pith}"
record="${PITH_RECORD:-$here/../examples/records/seed-XWMJ4DGY.json}"
work="${BENCH_DIR:-/tmp/pith-bench}"
runs="${1:-10}"
mkdir -p "$work"
bash "$here/make_large_pdf.sh" "$work/large.pdf"
if [ ! -s "$work/huge.pdf" ]; then
  # qpdf joins the pages of one file named twice only once: the copies have names of their own.
  cp "$work/large.pdf" "$work/large-copy1.pdf"; cp "$work/large.pdf" "$work/large-copy2.pdf"
  qpdf --empty --pages "$work/large.pdf" "$work/large-copy1.pdf" "$work/large-copy2.pdf" -- \
    --object-streams=generate --deterministic-id "$work/huge.pdf.tmp"
  mv "$work/huge.pdf.tmp" "$work/huge.pdf"; rm -f "$work/large-copy1.pdf" "$work/large-copy2.pdf"
fi
typical=$(typical_paper)

for name in typical large huge; do
  case "$name" in
    typical) src="$typical" ;;
    *) src="$work/$name.pdf" ;;
  esac
  stamped="$work/$name-stamped.pdf"
  [ -s "$stamped" ] && [ "$stamped" -nt "$src" ] || "$pith" stamp "$src" --record "$record" --force -o "$stamped" >/dev/null
  c_verify=$(best_cpu "$runs" "$pith" verify "$stamped")
  c_text=$(best_cpu "$runs" pdftotext -l 1 "$stamped" /dev/null)
  c_sha=$(best_cpu "$runs" openssl dgst -sha256 "$stamped")
  m_verify=$(peak_kb "$pith" verify "$stamped")
  echo "verify $name ($(stat -c %s "$stamped") bytes), CPU time, best of $runs:"
  echo "  pith verify    ${c_verify}s  peak $((m_verify / 1024)) MB$([ "$name" = large ] && echo ' (target <= 40)')$([ "$name" = huge ] && echo ' (target <= 50)')"
  echo "  pdftotext -l 1 ${c_text}s  -> verify/pdftotext = $(ratio "$c_verify" "$c_text")$([ "$name" = typical ] && echo ' (target <= 2)')"
  echo "  openssl sha256 ${c_sha}s  -> verify/openssl = $(ratio "$c_verify" "$c_sha")$([ "$name" != typical ] && echo ' (target <= 1.5)')"
done
