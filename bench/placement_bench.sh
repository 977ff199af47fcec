#!/bin/bash
# Cost of automatic badge placement: pith stamp with --position auto (page 1 rendered at 36 dpi
# through poppler, its text boxes and annotations read) and with --position top-right (the page is
# looked at too, for the warning), against a pith that does not look at the page (BASELINE_PITH,
# e.g. a build from before placement, when given) and pdftoppm rendering page 1 at 36 dpi on its
# own. CPU seconds (user + system, best of 7), which a loaded machine disturbs less than wall time.
# usage: [BASELINE_PITH=...] bench/placement_bench.sh [PITH] [PDF...]   (default: a pdfTeX article
# made here, and a few TeX Live documentation files when installed)
set -eu
pith=${1:-${PITH:-pith}}
shift || true
src=$(cd "$(dirname "$0")/.." && pwd)
cpu_best() {  # best user+system CPU seconds of the command over 7 runs
    python3 - "$@" <<'PY'
import resource, subprocess, sys
best = None
for _ in range(7):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    best = t if best is None else min(best, t)
print(f"{best:.4f}")
PY
}
rec="$src/tests/stamp/data/record.json"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
inputs=("$@")
if [ ${#inputs[@]} -eq 0 ]; then
    cat > "$work/article.tex" <<'TEX'
\documentclass{article}
\begin{document}
\title{A paper}\author{A. Author}\date{}\maketitle
\begin{abstract}Words of the abstract, over a few lines of text set in the column. Words of the abstract, over a few lines of text set in the column.\end{abstract}
\section{Introduction}Body text. Body text. Body text. Body text. Body text. Body text. Body text. Body text.
\end{document}
TEX
    (cd "$work" && pdflatex -interaction=batchmode article.tex > /dev/null)
    inputs=("$work/article.pdf")
    for f in /usr/share/doc/texlive-doc/luatex/base/luatex.pdf /usr/share/doc/texlive-doc/latex/koma-script/scrguide-en.pdf \
             /usr/share/doc/texlive-doc/generic/lt3luabridge/lt3luabridge.pdf; do
        [ -f "$f" ] && inputs+=("$f")
    done
fi
baseline=${BASELINE_PITH:-}
printf '%-28s %10s %10s %10s %10s\n' "input (page 1)" "baseline" "top-right" "auto" "pdftoppm36"
for f in "${inputs[@]}"; do
    base="-"
    [ -n "$baseline" ] && base=$(cpu_best "$baseline" stamp "$f" --record "$rec" --force -o "$work/out.pdf")s
    given=$(cpu_best "$pith" stamp "$f" --record "$rec" --force --position top-right -o "$work/out.pdf")
    auto=$(cpu_best "$pith" stamp "$f" --record "$rec" --force --position auto -o "$work/out.pdf")
    ppm=$(cpu_best pdftoppm -r 36 -f 1 -l 1 "$f" "$work/page")
    printf '%-28s %10s %9ss %9ss %9ss\n' "$(basename "$f") ($(stat -c%s "$f" | numfmt --to=iec))" "$base" "$given" "$auto" "$ppm"
done
