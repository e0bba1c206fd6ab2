#!/usr/bin/env bash
# Sets up, builds and runs the whole test suite through CTest, window tests included
# (under Xvfb when there is no display).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
cd build
if [ -n "${DISPLAY:-}" ]; then
  ctest --output-on-failure -j2
else
  xvfb-run -a -s "-screen 0 1600x900x24" ctest --output-on-failure -j2
fi
