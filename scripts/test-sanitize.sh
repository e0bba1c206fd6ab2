#!/usr/bin/env bash
# Builds everything with AddressSanitizer + UndefinedBehaviorSanitizer into
# build-asan/ and runs the whole test suite under it (window tests under Xvfb).
# The OpenGL driver's own one-time allocations are suppressed by name
# (tests/sanitizer/lsan.supp); any leak or error of ours fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
OPT=-O1 BUILD_DIR=build-asan scripts/build.sh -DRENEWMAP_SANITIZE=ON -DRENEWMAP_BUILD_BENCH=OFF
# intercept_tls_get_addr=0: GCC 12's sanitizer runtime (Debian 12) guesses a pre-2.25
# glibc header in front of dynamic TLS blocks when one happens to start 16 bytes into
# a page, reads two words before it, and LeakSanitizer's tracer then dies at exit with
# "Tracer caught signal 11" although nothing leaked (google/sanitizers#1322; fixed
# in GCC 14 / LLVM 17). It struck one app run in CI at random.
export ASAN_OPTIONS="intercept_tls_get_addr=0"
export LSAN_OPTIONS="suppressions=$PWD/tests/sanitizer/lsan.supp:intercept_tls_get_addr=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
cd build-asan
# Two long runs of the same code paths are left to the plain suite (./scripts/test.sh):
# the outside-format corpus (60 formats, minutes under ASan) and the fifty-in-a-row
# JSON screenshots (a race, which the ThreadSanitizer run looks for).
skip="formats: the Laoshan layers|fifty screenshots in a row"
if [ -n "${DISPLAY:-}" ]; then
  ctest --output-on-failure -j2 -E "$skip"
else
  xvfb-run -a -s "-screen 0 1600x900x24" ctest --output-on-failure -j2 -E "$skip"
fi
