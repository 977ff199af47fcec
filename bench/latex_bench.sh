#!/usr/bin/env bash
# Compile-time cost of \usepackage{pith}: a 10-page article with pdflatex, without and with pith,
# without and with hyperref, next to what hyperxmp (the other XMP writer) adds.
# The fastest CPU time (user + system) of N runs (default 15) each. Target: pith adds < 10 ms with hyperref loaded, and less
# than half of what hyperxmp adds.
# Usage: bench/latex_bench.sh [PITH] [RUNS]
set -euo pipefail
pith="${1:-${PITH:-pith}}"
runs="${2:-15}"
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$pith" latex "$root/examples/records/seed-XWMJ4DGY.json" -o "$work" >/dev/null

body=""
for i in $(seq 1 10); do
  body+="\\section{Part $i}"$'\n'
  for j in 1 2 3 4 5 6; do
    body+="This paragraph of filler text stands for the prose of a real paper, long enough to fill lines and pages so that the typesetting work resembles a short article. "
    body+="It has math such as \$a^2+b^2=c^2\$ and \$\\sum_{k=1}^n k = n(n+1)/2\$ in it."$'\n\n'
  done
  body+="\\newpage"$'\n'
done

variant() {  # name, preamble lines
  printf '\\documentclass{article}\n%s\n\\title{On the Expressive Power of Weight Quantization in Large Language Models}\\author{A. Author}\n\\begin{document}\\maketitle\n%s\\end{document}\n' "$2" "$body" > "$work/$1.tex"
}
variant plain ""
variant pith '\usepackage{pith}\pithnumber{XWMJ4DGY}'
variant hyperref '\usepackage{hyperref}'
variant hyperref_pith '\usepackage{hyperref}\usepackage{pith}\pithnumber{XWMJ4DGY}'
variant hyperref_hyperxmp '\usepackage{hyperref}\usepackage{hyperxmp}'

fastest_ms() {  # file → fastest CPU time (user + system) of $runs pdflatex runs, in ms.
  # CPU time, not wall time: the figures stay comparable on a machine that is busy elsewhere.
  local t=()
  (cd "$work" && pdflatex -interaction=batchmode -no-shell-escape "$1.tex" >/dev/null)  # warm caches
  for _ in $(seq 1 "$runs"); do
    t+=($(cd "$work" && python3 -c '
import resource, subprocess, sys
subprocess.run(["pdflatex", "-interaction=batchmode", "-no-shell-escape", sys.argv[1]], stdout=subprocess.DEVNULL)
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(round((r.ru_utime + r.ru_stime) * 1000))' "$1.tex"))
  done
  # The fastest run: interference from other work on the machine only ever adds time.
  printf '%s\n' "${t[@]}" | sort -n | sed -n 1p
}

declare -A ms
for v in plain pith hyperref hyperref_pith hyperref_hyperxmp; do ms[$v]=$(fastest_ms $v); done
pages=$(pdfinfo "$work/plain.pdf" | awk '/^Pages:/{print $2}')
echo "pdflatex, $pages-page article, fastest CPU time of $runs runs (ms):"
printf '  %-28s %6d\n' "article" "${ms[plain]}" "article + pith" "${ms[pith]}" \
  "article + hyperref" "${ms[hyperref]}" "  + pith" "${ms[hyperref_pith]}" "  + hyperxmp" "${ms[hyperref_hyperxmp]}"
pith_alone=$(( ms[pith] - ms[plain] ))
pith_cost=$(( ms[hyperref_pith] - ms[hyperref] ))
hyperxmp_cost=$(( ms[hyperref_hyperxmp] - ms[hyperref] ))
echo "pith adds ${pith_alone} ms without hyperref, ${pith_cost} ms with hyperref; hyperxmp adds ${hyperxmp_cost} ms"
if (( hyperxmp_cost > 0 )); then
  awk -v p="$pith_cost" -v h="$hyperxmp_cost" 'BEGIN{printf "ratio pith/hyperxmp (with hyperref): %.2f\n", p/h}'
fi
verdict="met"
(( pith_cost < 10 )) || verdict="missed"
(( 2 * pith_cost < hyperxmp_cost )) || verdict="missed"
echo "target (< 10 ms and < half of hyperxmp with hyperref): $verdict"
