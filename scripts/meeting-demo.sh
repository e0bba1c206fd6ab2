#!/usr/bin/env bash
# A progress meeting, scripted as a presenter runs it, on the embedded Laoshan
# project under a 1920x1080 Xvfb display of its own:
#   open the default project at the desk, F5 into presentation mode, step through
#   every stop with a clicker (Page Down pressed and released within 5 ms), Up four
#   times at the last stop to move its date four months on, past the data's as-of
#   date, and export the slides at that date.
# It checks what a person in the room would: every stop visited once, in order; the
# date past the data marked "projected from planned dates"; and slides.json (its
# projected flags and counts) against `renewmap --info --as-of` on the same data.
# Screenshots of each stop, of the projected date and the slides are left in OUT.
#   usage: scripts/meeting-demo.sh [BUILD_DIR [OUT_DIR]]     exit 0: all held
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
out=${2:-$(mktemp -d /tmp/renewmap-meeting.XXXXXX)}
bin=$build/app/renewmap
mkdir -p "$out"
for tool in Xvfb xdotool import; do
  command -v "$tool" >/dev/null || { echo "meeting-demo: $tool is missing (scripts/setup.sh installs it)"; exit 1; }
done
[ -x "$bin" ] || { echo "meeting-demo: no $bin: build first (scripts/build.sh)"; exit 1; }

fail=0
check() {  # check DESCRIPTION COMMAND...
  if "${@:2}"; then echo "  ok    $1"; else echo "  FAIL  $1"; fail=1; fi
}

# A display of our own, so nothing else takes the keyboard.
rm -f "$out/display"
Xvfb -displayfd 3 -screen 0 1920x1080x24 3>"$out/display" >/dev/null 2>&1 &
xvfb=$!
renewmap_pid=
cleanup() {
  [ -n "$renewmap_pid" ] && kill "$renewmap_pid" 2>/dev/null || true
  kill "$xvfb" 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 100); do [ -s "$out/display" ] && break; sleep 0.1; done
export DISPLAY=":$(tr -d ' \n' <"$out/display")"

# The presenter's machine: a fresh home, so no remembered setting or autosave.
export HOME="$out/home" XDG_STATE_HOME="$out/home/state" XDG_CONFIG_HOME="$out/home/config"
rm -rf "$HOME" "$out/slides"
mkdir -p "$HOME"
RENEWMAP_TRACE=1 "$bin" --size 1920x1080 >"$out/run.log" 2>&1 &
renewmap_pid=$!
for _ in $(seq 600); do grep -q "trace: loaded" "$out/run.log" && break; sleep 0.1; done
grep -q "trace: loaded" "$out/run.log" || { echo "meeting-demo: the viewer did not load the project in 60 s"; exit 1; }
window=$(xdotool search --sync --pid "$renewmap_pid" --name renewmap | head -n1)
xdotool windowfocus --sync "$window" 2>/dev/null || true
sleep 0.5

press() {  # a clicker's press: down and up within 5 ms
  xdotool keydown "$1"
  sleep 0.005
  xdotool keyup "$1"
}

echo "meeting-demo: presenting (F5), $DISPLAY, output in $out"
press F5
sleep 1.5
stops=$(/usr/bin/python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["bookmarks"]))' \
  assets/laoshan/laoshan.project.json)
for k in $(seq "$stops"); do
  press Next
  sleep 3.5  # the flight, then a look
  import -window root "$out/stop-$k.png"
done
for _ in 1 2 3 4; do
  press Up
  sleep 0.3
done
sleep 1
import -window root "$out/projected.png"
kill "$renewmap_pid" 2>/dev/null || true
wait "$renewmap_pid" 2>/dev/null || true
renewmap_pid=

echo "meeting-demo: what happened"
visited=$( (grep -o 'trace: stop [0-9]*/[0-9]*' "$out/run.log" || true) | awk '{print $3}' | tr '\n' ' ')
expected=$(for k in $(seq "$stops"); do printf '%s/%s ' "$k" "$stops"; done)
check "every stop once, in order ($stops presses: $visited)" test "$visited" = "$expected"
# After the last stop (which sets its own date, 2023-09-30): four Up presses, a month
# each, past the data's as-of date (2023-10-31), each marked as projected.
after=$(sed -n "/trace: stop $stops\/$stops/,\$p" "$out/run.log" | (grep 'trace: as of' || true) | tail -n +2)
last_date=$(tail -n1 <<<"$after")
check "four Up presses, four months on (now: ${last_date#renewmap: trace: })" test "$(grep -c . <<<"$after")" -eq 4
check "past the data's date the date is marked projected" grep -q "as of 2024-01-30 (projected from planned dates)" \
  <<<"$last_date"
as_of=$(grep -o '20[0-9-]*' <<<"$last_date" | head -n1)

"$bin" --export-slides "$out/slides" --size 1920x1080 --as-of "$as_of" 2>>"$out/run.log"
/usr/bin/python3 - "$out/slides/slides.json" "$stops" <<'EOF' >"$out/slides-check.txt" || fail=1
import json, sys
sidecar = json.load(open(sys.argv[1]))
slides = sidecar["slides"]
ok = len(slides) == int(sys.argv[2])
print(f"  {'ok  ' if ok else 'FAIL'}  {len(slides)} slides written, one per stop")
for s in slides:
    good = s["projected"] is True and s["as_of"] > sidecar["data_as_of"]
    ok = ok and good
    print(f"  {'ok  ' if good else 'FAIL'}  {s['file']} {s['bookmark']}: as of {s['as_of']}, projected {s['projected']}, counts {s['counts']}")
sys.exit(0 if ok else 1)
EOF
cat "$out/slides-check.txt"
# The first stop shows the whole district with every status layer: its counts are the
# data's, as --info counts them on the same date ("all layers as of D: planned N …").
"$bin" --info --as-of "$as_of" 2>/dev/null | grep "^all layers as of" >"$out/info-total.txt" || true
check "slide 1's counts are --info's totals on that date ($(cat "$out/info-total.txt"))" \
  /usr/bin/python3 -c '
import json, sys
words = open(sys.argv[2]).read().split(":", 1)[1].split()
info = {words[i]: int(words[i + 1]) for i in range(0, len(words) - 1, 2)}
slide = json.load(open(sys.argv[1]))["slides"][0]["counts"]
sys.exit(0 if all(info[k] == slide.get(k, 0) for k in info) else 1)' "$out/slides/slides.json" "$out/info-total.txt"

if [ "$fail" -ne 0 ]; then
  echo "meeting-demo: FAILED (log: $out/run.log)"
  exit 1
fi
echo "meeting-demo: passed; screenshots in $out"
