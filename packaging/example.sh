#!/usr/bin/env bash
# The README's main command: the whole story on the bundled example (seed record and example paper):
# verify the record, and every further step the build supports, printing each report.
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/build.sh --target pith >/dev/null
build_dir="${PITH_BUILD_DIR:-build}"
pith="$build_dir/tool/cli/pith"
out="${PITH_EXAMPLE_OUT:-$build_dir/example}"
mkdir -p "$out"

echo "== 1. The bundled seed records, verified offline"
status=0
for record in examples/records/*.json; do
  "$pith" record verify "$record" || status=1
done
exit $status
