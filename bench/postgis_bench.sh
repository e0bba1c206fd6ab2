#!/usr/bin/env bash
# PostGIS beside GeoPackage: the same parcels (bench_render's dataset), time from
# process start to the first complete PNG, full extent and 4x zoom, each source.
# The table is loaded into a private server (tests/pg/cluster.sh) with ogr2ogr.
#
#   xvfb-run -a -s "-screen 0 1600x900x24" bench/postgis_bench.sh [SIZE]   (SIZE: 1m default)
#
# Prints a Markdown table; figures are wall-clock seconds and peak RSS of the viewer.
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-1m}
build=${BUILD_DIR:-build}
gpkg=$("$build/bench/bench_render" --sizes "$size" --datasets-only | tail -1)
dir=$(mktemp -d /tmp/renewmap-pgbench-XXXXXX)
chmod 755 "$dir"  # the server runs as postgres when we are root
trap 'tests/pg/cluster.sh stop "$dir/cluster"; rm -rf "$dir"' EXIT
tests/pg/cluster.sh start "$dir/cluster"
pg=$(cat "$dir/cluster/connection")
start=$(date +%s.%N)
PG_USE_COPY=YES ogr2ogr -f PostgreSQL "$pg" "$gpkg" -nln parcels -lco GEOMETRY_NAME=geom -lco FID=fid \
  -lco SPATIAL_INDEX=GIST -gt 100000
load=$(echo "$(date +%s.%N) - $start" | bc)
rows=$(ogrinfo -ro -so "$pg" parcels | sed -n 's/^Feature Count: //p')
# The data's extent and its central quarter (a 4x zoom).
read -r x0 x1 y0 y1 < <(ogrinfo -ro -so -al "$gpkg" | sed -n 's/^Extent: (\([-0-9.]*\), \([-0-9.]*\)) - (\([-0-9.]*\), \([-0-9.]*\))/\1 \3 \2 \4/p' | head -1)
zoom=$(echo "$x0 $x1 $y0 $y1" | awk '{w=($2-$1)/8; h=($4-$3)/8; cx=($1+$2)/2; cy=($3+$4)/2; printf "%.3f,%.3f,%.3f,%.3f", cx-w, cy-h, cx+w, cy+h}')

run() {  # label, then the viewer's arguments; prints seconds and peak RSS (MiB)
  local label=$1
  shift
  /usr/bin/time -f "%e %M" -o "$dir/time" "$build/app/renewmap" --screenshot "$dir/shot.png" --hide-ui \
    --size 1600x900 "$@" >"$dir/log" 2>&1 || { cat "$dir/log" >&2; exit 1; }
  read -r secs kb <"$dir/time"
  printf "| %s | %s s | %d MiB | %s |\n" "$label" "$secs" $((kb / 1024)) \
    "$(grep -o 'fetched [0-9]* features.*' "$dir/log" | tail -1 | sed 's/ in view [-0-9.,]*//; s/;.*//')"
}
"$build/app/renewmap" --screenshot "$dir/warm.png" --hide-ui --size 320x180 "$gpkg" >/dev/null 2>&1  # page cache
echo "PostGIS: $rows rows loaded with ogr2ogr in ${load} s"
echo
echo "| source, view | process start → PNG | peak RSS | fetched |"
echo "| --- | --- | --- | --- |"
run "GeoPackage, full extent" "$gpkg"
run "PostGIS, full extent (streamed)" --allow-network "$pg::parcels"
cp "$dir/shot.png" /tmp/renewmap-pgbench-full.png
run "GeoPackage, 4× zoom" --extent "$zoom" "$gpkg"
run "PostGIS, 4× zoom (streamed)" --allow-network --extent "$zoom" "$pg::parcels"
cp "$dir/shot.png" /tmp/renewmap-pgbench-zoom.png
