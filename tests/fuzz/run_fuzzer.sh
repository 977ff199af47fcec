#!/bin/sh
# Runs the fuzz target for a bounded time on a fresh working corpus seeded from the registry's
# seeds (tests/data/seeds) and the committed JSON vectors. Usage: run_fuzzer.sh FUZZER SECONDS WORKDIR SEED_DIR...
set -eu
fuzzer=$1 seconds=$2 work=$3
shift 3
rm -rf "$work"
mkdir -p "$work/corpus" "$work/artifacts"
# -max_len covers the largest seed record; -rss_limit_mb bounds memory; findings land in artifacts/.
exec "$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
  -dict="$(dirname "$0")/json.dict" -artifact_prefix="$work/artifacts/" -print_final_stats=1 \
  "$work/corpus" "$@"
