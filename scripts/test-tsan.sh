#!/usr/bin/env bash
# Builds the program and its tests with ThreadSanitizer (clang-14) into build-tsan/ and
# runs the tests where threads meet: the screenshot and rendering runs (loading on
# workers while the window and shaders are set up), the reader process, live reload,
# the JSON files that once crashed at start, the PostGIS loader (fetches, refreshes
# and retries on workers), and the film (frames drawn on the main thread, encoded on
# their own). Any data race reported by the program or the tests fails.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${RENEWMAP_TSAN_BUILT:-}" ]; then
  scripts/setup.sh
  OPT=-O1 CC=clang-14 CXX=clang++-14 BUILD_DIR=build-tsan scripts/build.sh -DRENEWMAP_TSAN=ON -DRENEWMAP_BUILD_BENCH=OFF
  export RENEWMAP_TSAN_BUILT=1
  # Window tests need a display: the rest of this script runs again under Xvfb.
  [ -n "${DISPLAY:-}" ] || exec xvfb-run -a -s "-screen 0 1600x900x24" "$0" "$@"
fi
# exitcode=66: a race makes the run fail (and a renewmap run under test exit 66, which
# its test sees); the suppressions name only code outside this project.
export TSAN_OPTIONS="halt_on_error=0:exitcode=66:second_deadlock_stack=1:suppressions=$PWD/tests/sanitizer/tsan.supp"
cd build-tsan
# Ten screenshots of each JSON flavour, not fifty: ThreadSanitizer reports the startup
# race the test guards against whenever the two threads meet, not only when it aborts.
RENEWMAP_JSON_RUNS=10 tests/renewmap_tests "[render],[errors],[hostile],[reload],[autosave],[cli],[video]" --order lex
# The PostGIS tests through CTest, which starts and stops their private server.
ctest --output-on-failure -j1 -R "PostGIS table|streamed|live PostGIS layer|a refresh merges|server's tiles|counts come from the server|twenty viewers|fetched whole by its key|by COPY|stopped halfway|cancelled while its rows|margin cancelled|margin still coming|unseen area|first read takes|one job cancelled|the view's buckets|many rows held|first pieces|counts its rows"
