#!/usr/bin/env bash
# Builds everything with AddressSanitizer + UndefinedBehaviorSanitizer into
# build-asan/ and runs the whole test suite under it (window tests under Xvfb).
# The OpenGL driver's own one-time allocations are suppressed by name
# (tests/sanitizer/lsan.supp); any leak or error of ours fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
BUILD_DIR=build-asan scripts/build.sh -DRENEWMAP_SANITIZE=ON -DRENEWMAP_BUILD_BENCH=OFF
export LSAN_OPTIONS="suppressions=$PWD/tests/sanitizer/lsan.supp"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
cd build-asan
if [ -n "${DISPLAY:-}" ]; then
  ctest --output-on-failure -j1
else
  xvfb-run -a -s "-screen 0 1600x900x24" ctest --output-on-failure -j1
fi
