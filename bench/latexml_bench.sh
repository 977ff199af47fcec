#!/usr/bin/env bash
# Conversion-time cost of pith's LaTeXML binding (pith.sty.ltxml): the example paper
# (examples/paper/paper.tex, \usepackage[qr]{pith}) converted to HTML by latexmlc, as an author
# or arXiv would (`latexmlc --dest=paper.html paper.tex`), with pith and with the pith lines
# removed. The fastest CPU time (user + system of latexmlc and its children) of N runs (default
# 5) each, the two papers alternating. Target: the binding adds < 5%. LaTeXML's own log line for
# loading the binding is printed too, and a control: the paper without pith against an identical
# copy of itself, which shows how far apart two equal conversions come out on this machine (on a
# machine busy with other work, several percent for the fastest of 5: give more runs to narrow it).
# Usage: bench/latexml_bench.sh [PITH] [RUNS]
set -euo pipefail
pith="${1:-${PITH:-pith}}"
runs="${2:-5}"
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
command -v latexmlc >/dev/null || { echo "latexmlc not installed (packaging/install-deps.sh installs latexml)"; exit 1; }

mkdir -p "$work/with" "$work/without" "$work/control"
"$pith" latex "$root/examples/records/seed-XWMJ4DGY.json" -o "$work/with" >/dev/null
cp "$root/examples/paper/paper.tex" "$work/with/"
grep -v '^[^%]*pith' "$root/examples/paper/paper.tex" > "$work/without/paper.tex"
cp "$work/without/paper.tex" "$work/control/"

cpu_ms() {  # directory → CPU time (user + system of latexmlc and its children) of one run, in ms.
  # CPU time, not wall time: the figures stay comparable on a machine that is busy elsewhere.
  (cd "$1" && python3 -c '
import resource, subprocess
subprocess.run(["latexmlc", "--dest=paper.html", "paper.tex"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(round((r.ru_utime + r.ru_stime) * 1000))')
}

# Warm the caches, then alternate the papers, so that all see the same load on the machine;
# the fastest run of each counts: interference from other work only ever adds time.
declare -A best
for v in without with control; do cpu_ms "$work/$v" >/dev/null; done
for _ in $(seq 1 "$runs"); do
  for v in without with control; do
    t=$(cpu_ms "$work/$v")
    if [ -z "${best[$v]:-}" ] || (( t < best[$v] )); then best[$v]=$t; fi
  done
done
without=${best[without]}; with=${best[with]}; control=${best[control]}
grep -q 'class="ltx_ref pith_badge' "$work/with/paper.html" || { echo "no badge in the HTML: the binding was not used"; exit 1; }
echo "latexmlc $(latexmlc --VERSION 2>&1 | sed -n 's/.*version \([0-9.]*\).*/\1/p'), example paper, fastest CPU time of $runs runs (ms):"
printf '  %-28s %6d\n' "without pith" "$without" "with \\usepackage[qr]{pith}" "$with" \
  "control: without pith again" "$control"
# What LaTeXML itself logs for loading (compiling) the binding.
sed -n 's/.*(Loading [^ ]*\/\(pith\.sty\.ltxml\)\.\.\. \([0-9.]* sec\)).*/  LaTeXML: loading \1 took \2/p' "$work/with/paper.latexml.log"
awk -v a="$without" -v b="$with" -v c="$control" 'BEGIN{
  d = b - a; p = 100 * d / a
  printf "the binding adds %d ms (%.1f%%); the control differs by %d ms (%.1f%%)\n", d, p, c - a, 100 * (c - a) / a
  printf "target (< 5%%): %s\n", (p < 5 ? "met" : "missed") }'
