#!/usr/bin/env bash
# Sets up, builds and starts the viewer on the embedded Laoshan project (or on the
# arguments given). Without a display it renders the default view to a PNG instead.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
TARGET=renewmap scripts/build.sh
if [ -n "${DISPLAY:-}" ]; then
  exec build/app/renewmap "$@"
fi
out=${RENEWMAP_PNG:-$PWD/renewmap-view.png}
# A --screenshot among the arguments names the PNG itself (the last one given wins).
args=("$@")
for ((i = 0; i + 1 < ${#args[@]}; ++i)); do
  [ "${args[i]}" = --screenshot ] && out=${args[i + 1]}
done
rc=0
xvfb-run -a -s "-screen 0 1600x900x24" build/app/renewmap --screenshot "$out" "$@" || rc=$?
# 2: the PNG was written but some layer failed (said above); 1: no PNG.
if [ "$rc" -ne 1 ]; then
  echo "No display (\$DISPLAY is not set): rendered the view to $out"
fi
exit "$rc"
