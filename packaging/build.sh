#!/usr/bin/env bash
# Installs what is missing, then configures and builds pith in ./build (or $PITH_BUILD_DIR).
# Extra arguments go to `cmake --build` (e.g. --target pith).
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/install-deps.sh
build_dir="${PITH_BUILD_DIR:-build}"
# PITH_CMAKE_ARGS: extra configure options (the test command turns the fuzz targets on).
# shellcheck disable=SC2086
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo ${PITH_CMAKE_ARGS:-} >/dev/null
cmake --build "$build_dir" -j "$(nproc)" "$@"
