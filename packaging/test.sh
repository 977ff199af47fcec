#!/usr/bin/env bash
# The README's test command: installs what is missing, checks that every tool a test runs is
# there (naming any that is not), builds everything and runs every test through CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/install-deps.sh
bash packaging/check-tools.sh
PITH_CMAKE_ARGS="-DPITH_BUILD_FUZZERS=ON ${PITH_CMAKE_ARGS:-}" bash packaging/build.sh
build_dir="${PITH_BUILD_DIR:-build}"
# Temporary files of the tests (and of the programs they run) go to a directory of the run's own,
# emptied first, so no other process's /tmp can disturb a test and no test leaves files behind.
export TMPDIR="$(cd "$build_dir" && pwd)/test-tmp"
rm -rf "$TMPDIR" && mkdir -p "$TMPDIR"
ctest --test-dir "$build_dir" --output-on-failure -j "$(nproc)" --timeout 1500
