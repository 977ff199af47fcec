#!/usr/bin/env bash
# The reviewer's page in headless Chromium: time from the drop to the verdict for the ~56 MB
# benchmark file (bench/make_large_pdf.sh, stamped with --force: its page 1 does not show the
# record's title, so the verdict is FAILED, but every check runs) and for a texlive-doc PDF of
# about 1 MB, besides the suite's own measurement (web/tests/browser.mjs, typical-1mb.pdf).
# Opt-in (needs texlive-doc and a build with the page): bash bench/web_bench.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
src="$here/.."
build="${PITH_BUILD_DIR:-$src/build}"
pith="${PITH:-$build/tool/cli/pith}"
record="$src/examples/records/seed-XWMJ4DGY.json"
work="${BENCH_DIR:-/tmp/pith-bench}"
mkdir -p "$work"
bash "$here/make_large_pdf.sh" "$work/large.pdf"
"$pith" stamp "$work/large.pdf" --record "$record" --force -o "$work/large-stamped.pdf" >/dev/null
corpus="$work/web-corpus"
[ -f "$corpus/manifest.json" ] || /usr/bin/python3 "$src/web/tests/make_corpus.py" "$pith" "$src" "$corpus" >/dev/null
PITH_WEB_DIST="$build/web" node "$src/web/tests/browser.mjs" "$corpus" "$work/web-screenshot.png" --large "$work/large-stamped.pdf" \
  | grep -E "from the drop|passed|problem"
