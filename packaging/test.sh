#!/usr/bin/env bash
# The README's test command: builds everything and runs every test through CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
PITH_CMAKE_ARGS="-DPITH_BUILD_FUZZERS=ON ${PITH_CMAKE_ARGS:-}" bash packaging/build.sh
build_dir="${PITH_BUILD_DIR:-build}"
ctest --test-dir "$build_dir" --output-on-failure -j "$(nproc)" --timeout 1500
