#!/bin/bash
# Cost of automatic badge placement: pith stamp with --position auto (page 1 rendered at 36 dpi
# through poppler, its text boxes and annotations read) against --position top-right (no look at
# the page), next to pdftoppm rendering page 1 at 36 dpi on its own. Best of 5 runs each.
# usage: bench/placement_bench.sh [PITH] [PDF...]   (default: a pdfTeX article made here, and a few
# TeX Live documentation files when installed)
set -eu
pith=${1:-${PITH:-pith}}
shift || true
src=$(cd "$(dirname "$0")/.." && pwd)
. "$src/bench/timing.sh"
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
printf '%-28s %10s %10s %10s %10s\n' "input (page 1)" "top-right" "auto" "auto cost" "pdftoppm36"
for f in "${inputs[@]}"; do
    given=$(best_of 5 "$pith" stamp "$f" --record "$rec" --force --position top-right -o "$work/out.pdf")
    auto=$(best_of 5 "$pith" stamp "$f" --record "$rec" --force --position auto -o "$work/out.pdf")
    ppm=$(best_of 5 pdftoppm -r 36 -f 1 -l 1 "$f" "$work/page")
    cost=$(python3 -c "print(f'{$auto - $given:.4f}')")
    printf '%-28s %9ss %9ss %9ss %9ss\n' "$(basename "$f") ($(stat -c%s "$f" | numfmt --to=iec))" "$given" "$auto" "$cost" "$ppm"
done
