#!/usr/bin/env bash
# The README's test command: installs what is missing, checks that every tool a test runs is
# there (naming any that is not), builds everything and runs every test through CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/install-deps.sh
bash packaging/check-tools.sh
PITH_CMAKE_ARGS="-DPITH_BUILD_FUZZERS=ON ${PITH_CMAKE_ARGS:-}" bash packaging/build.sh
build_dir="${PITH_BUILD_DIR:-build}"
ctest --test-dir "$build_dir" --output-on-failure -j "$(nproc)" --timeout 1500
