#!/bin/sh
# Runs a PDF fuzz target for a bounded time on a fresh working corpus seeded from the given
# directories (the vendored qpdf corpus, the committed regression inputs) and, when $PITH is set,
# from a few of those files as `pith stamp --force` writes them (stamped files reach the checks a
# plain PDF never reaches). Usage: run_pdf_fuzzer.sh FUZZER SECONDS WORKDIR SEED_DIR...
set -eu
fuzzer=$1 seconds=$2 work=$3
shift 3
# fontconfig (under poppler) keeps its cache for the life of the process: not a leak of pith's.
LSAN_OPTIONS="suppressions=$(dirname "$0")/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export LSAN_OPTIONS
rm -rf "$work"
mkdir -p "$work/corpus" "$work/artifacts" "$work/stamped"
if [ -n "${PITH:-}" ] && [ -x "${PITH}" ]; then
  record="$(dirname "$0")/../stamp/data/record.json"
  for f in "$1"/*.pdf; do
    [ "$(wc -c < "$f")" -le 65536 ] || continue
    "$PITH" stamp "$f" --record "$record" --force -o "$work/stamped/$(basename "$f")" >/dev/null 2>&1 || true
  done
fi
# Regression inputs are run first, on their own: a finding that comes back fails at once.
for dir in "$@"; do
  case "$dir" in *regressions)
    if ls "$dir"/*.pdf >/dev/null 2>&1; then "$fuzzer" -timeout=30 -rss_limit_mb=2048 "$dir"/*.pdf; fi ;;
  esac
done
# -max_len covers the small seeds; -rss_limit_mb bounds memory (ASan's shadow included); -timeout
# is a run three times the 10 s bound (the sanitizers slow pith down); findings land in artifacts/.
exec "$fuzzer" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 -max_len=131072 \
  -dict="$(dirname "$0")/pdf.dict" -artifact_prefix="$work/artifacts/" -print_final_stats=1 \
  "$work/corpus" "$work/stamped" "$@"
