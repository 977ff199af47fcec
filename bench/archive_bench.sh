#!/usr/bin/env bash
# Batch throughput at archive scale: papers per second, and per core, for pith verify and pith stamp
# over a corpus of typical papers (the 0.5-2 MB PDFs of /usr/share/doc/texlive-doc, ~0.9 MB on
# average), with -j 1, -j N (N = cores) and GNU parallel spreading the same batch over N processes.
# Prints the estimate for a 2.6-million-paper archive from the measured per-core rate.
# The papers do not show a record's title, so they are stamped with --force and verify says FAILED
# (pith.title.shown): every check still runs, which is what is timed.
# Usage: bench/archive_bench.sh   (PITH=<binary>, BENCH_DIR=<work dir>, RUNS=<best of>)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/timing.sh"
pith="${PITH:-$here/../build/tool/cli/pith}"
record="${PITH_RECORD:-$here/../examples/records/seed-XWMJ4DGY.json}"
work="${BENCH_DIR:-/tmp/pith-archive-bench}"
runs="${RUNS:-3}"
cores=$(nproc)
archive=2600000

rm -rf "$work" && mkdir -p "$work/plain" "$work/stamped"
n=0
while IFS= read -r pdf; do
  n=$((n + 1))
  cp "$pdf" "$work/plain/$(printf '%02d' "$n")-$(basename "$pdf")"
done < <(find /usr/share/doc/texlive-doc -name '*.pdf' -size +500k -size -2000k | LC_ALL=C sort)
[ "$n" -gt 0 ] || { echo "no PDFs of 0.5-2 MB under /usr/share/doc/texlive-doc (texlive-doc packages)" >&2; exit 1; }
# A paper pith cannot read is reported and left out (it would be timed doing nothing).
"$pith" stamp "$work"/plain/*.pdf --record "$record" --force --output-dir "$work/stamped" -j "$cores" >/dev/null 2>&1 || true
for pdf in "$work"/plain/*.pdf; do
  [ -f "$work/stamped/$(basename "$pdf")" ] || { echo "left out, pith cannot stamp it: $(basename "$pdf")"; rm "$pdf"; n=$((n - 1)); }
done
bytes=$(cat "$work"/plain/*.pdf | wc -c)

rate() {  # papers/s for N papers in T seconds
  python3 -c "import sys; print('%.1f' % (int(sys.argv[1]) / float(sys.argv[2])))" "$1" "$2"
}
estimate() {  # core-hours, and hours on one 32-core machine, from papers/s per core
  python3 -c "import sys; r=float(sys.argv[1]); a=int(sys.argv[2]); print('%.0f core-hours, %.1f h on one 32-core machine' % (a/r/3600, a/r/32/3600))" "$1" "$archive"
}

echo "corpus: $n papers, $((bytes / n / 1024)) KiB on average, $cores cores, load $(cut -d' ' -f1 /proc/loadavg) before the runs"
t1=$(best_of "$runs" "$pith" verify --json -j 1 "$work"/stamped/*.pdf)
tn=$(best_of "$runs" "$pith" verify --json -j "$cores" "$work"/stamped/*.pdf)
tp=$(best_of "$runs" parallel --will-cite -j "$cores" -X "$pith" verify --json ::: "$work"/stamped/*.pdf)
ts=$(best_of "$runs" "$pith" stamp "$work"/plain/*.pdf --record "$record" --force --output-dir "$work/restamped" -j "$cores")
r1=$(rate "$n" "$t1"); rn=$(rate "$n" "$tn"); rp=$(rate "$n" "$tp"); rs=$(rate "$n" "$ts")
per_core=$(python3 -c "import sys; print('%.1f' % (float(sys.argv[1]) / int(sys.argv[2])))" "$rn" "$cores")
stamp_core=$(python3 -c "import sys; print('%.1f' % (float(sys.argv[1]) / int(sys.argv[2])))" "$rs" "$cores")
echo "pith verify -j 1             ${t1}s  $r1 papers/s"
echo "pith verify -j $cores             ${tn}s  $rn papers/s  ($per_core per core)"
echo "parallel -j $cores -X pith verify ${tp}s  $rp papers/s"
echo "pith stamp -j $cores              ${ts}s  $rs papers/s  ($stamp_core per core)"
echo "2.6 million papers, verify: $(estimate "$per_core")"
echo "2.6 million papers, stamp:  $(estimate "$stamp_core")"
