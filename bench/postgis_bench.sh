#!/usr/bin/env bash
# PostGIS beside GeoPackage: the same parcels (bench_render's dataset) loaded into a
# private server (tests/pg/cluster.sh) with ogr2ogr, then:
#  1. time from process start to the first complete PNG, full extent and 4× zoom, from
#     the GeoPackage, from PostGIS by binary COPY (the default), as PostGIS's vector
#     tiles (RENEWMAP_PG_TILES=mvt), and through GDAL's driver as before
#     (RENEWMAP_PG_TILES=off: a key-hash sample when zoomed out);
#  2. how many rows the full extent represents, and the legend's counts (slides.json)
#     beside the GeoPackage's and SELECT count(*);
#  3. a pan to unseen areas: from the view moved to its new rows drawn (first on their own,
#     then merged into the rows held), and the fetch job's part;
#  4. the full extent from PostGIS (both ways) pixel-compared with the GeoPackage's, and
#     in a window as a planner opens it (first rows drawn, all loaded);
#  5. the tile decoder beside GDAL's MVT driver (bench_mvt).
#
#   xvfb-run -a -s "-screen 0 1600x900x24" bench/postgis_bench.sh [SIZE]   (SIZE: 1m default)
#
# Prints Markdown; times are wall-clock seconds on this machine.
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
psql_c() { psql -X -A -t -q "$(echo "${pg#PG:}")" -c "$1"; }
start=$(date +%s.%N)
PG_USE_COPY=YES ogr2ogr -f PostgreSQL "$pg" "$gpkg" -nln parcels -lco GEOMETRY_NAME=geom -lco FID=fid \
  -lco SPATIAL_INDEX=GIST -gt 100000
psql_c "ANALYZE parcels"
load=$(echo "$(date +%s.%N) - $start" | bc)
rows=$(psql_c "SELECT count(*) FROM parcels")
# The data's extent, its central quarter (4× zoom) and a sixteenth (16× zoom).
read -r x0 x1 y0 y1 < <(ogrinfo -ro -so -al "$gpkg" | sed -n 's/^Extent: (\([-0-9.]*\), \([-0-9.]*\)) - (\([-0-9.]*\), \([-0-9.]*\))/\1 \3 \2 \4/p' | head -1)
box() {  # centre fractions fx fy, zoom: "x0,y0,x1,y1" at 1600×900
  echo "$x0 $x1 $y0 $y1 $1 $2 $3" | awk '{h=($4-$3)/$7/2; w=h*16/9; cx=$1+($2-$1)*$5; cy=$3+($4-$3)*$6;
    printf "%.3f,%.3f,%.3f,%.3f", cx-w, cy-h, cx+w, cy+h}'
}
full=$(box 0.5 0.5 1)
zoom=$(box 0.5 0.5 4)
printf '{"version": 1, "layers": [{"source": "%s", "layer": "parcels"}]}\n' "$pg" >"$dir/pg.json"

run() {  # label, an environment setting (or -), then the viewer's arguments; prints a table row
  local label=$1 setting=$2
  shift 2
  [ "$setting" = - ] && setting=RENEWMAP_TRACE=1
  env "$setting" /usr/bin/time -f "%e %M" -o "$dir/time" "$build/app/renewmap" --hide-ui --size 1600x900 "$@" \
    >"$dir/log" 2>&1 || { cat "$dir/log" >&2; exit 1; }
  read -r secs kb <"$dir/time"
  printf "| %s | %s s | %d MiB | %s |\n" "$label" "$secs" $((kb / 1024)) \
    "$(grep -o 'fetched [0-9]* features.*' "$dir/log" | tail -1 | sed 's/ in view [-0-9.,]*//; s/; [0-9]* held//')"
}
"$build/app/renewmap" --screenshot "$dir/warm.png" --hide-ui --size 320x180 "$gpkg" >/dev/null 2>&1  # page cache
echo "PostGIS: $rows rows loaded with ogr2ogr in ${load} s ($size parcels, $(nproc) cores)"
echo
echo "| source, view | process start → PNG | peak RSS | fetched |"
echo "| --- | --- | --- | --- |"
run "GeoPackage, full extent" - --screenshot "$dir/gpkg-full.png" --extent "$full" "$gpkg"
run "PostGIS by COPY, full extent" - --allow-network --screenshot "$dir/pg-full.png" --extent "$full" "$dir/pg.json"
run "PostGIS vector tiles, full extent" RENEWMAP_PG_TILES=mvt --allow-network --screenshot "$dir/mvt-full.png" --extent "$full" "$dir/pg.json"
run "PostGIS through GDAL (before), full extent" RENEWMAP_PG_TILES=off --allow-network --screenshot "$dir/old-full.png" --extent "$full" "$dir/pg.json"
run "GeoPackage, 4× zoom" - --screenshot "$dir/gpkg-zoom.png" --extent "$zoom" "$gpkg"
run "PostGIS by COPY, 4× zoom" - --allow-network --screenshot "$dir/pg-zoom.png" --extent "$zoom" "$dir/pg.json"
run "PostGIS vector tiles, 4× zoom" RENEWMAP_PG_TILES=mvt --allow-network --screenshot "$dir/mvt-zoom.png" --extent "$zoom" "$dir/pg.json"
run "PostGIS through GDAL (before), 4× zoom" RENEWMAP_PG_TILES=off --allow-network --screenshot "$dir/old-zoom.png" --extent "$zoom" "$dir/pg.json"
cp "$dir/pg-full.png" /tmp/renewmap-pgbench-full.png
cp "$dir/gpkg-full.png" /tmp/renewmap-pgbench-full-gpkg.png

echo
echo "Full extent from PostGIS against the GeoPackage (same --extent):"
for f in pg-full mvt-full; do
  differ=$(compare -metric AE -fuzz 19% "$dir/$f.png" "$dir/gpkg-full.png" "$dir/diff.png" 2>&1 || true)
  echo "- $f: pixels differing by more than 19%: $differ of $((1600 * 900))"
done
echo "- pixels of each colour (GeoPackage, COPY, vector tiles):"
for f in gpkg-full pg-full mvt-full; do
  convert "$dir/$f.png" -format %c histogram:info:- | sort -rn | head -6 | awk '{gsub(":", "", $1); printf "%s %s; ", $3, $1}'
  echo
done | paste -sd'\n' | sed 's/^/  /'

# In a window, as a planner opens the table (no extent: the view fits it): its first rows
# drawn (a first read's pieces, for 2M rows or more expected) and all of it loaded, from
# process start. Batch images above wait for every row, so they have no pieces.
printf '{"version": 1, "layers": [{"source": "%s", "layer": "parcels"}]}\n' "$pg" >"$dir/window.json"
echo
echo "In a window (1600×900), the whole table as it opens, from process start:"
mkdir -p "$dir/home"  # the window's recent files and autosave stay out of the user's
for k in 1 2; do
  HOME="$dir/home" RENEWMAP_TRACE=1 "$build/app/renewmap" --allow-network --size 1600x900 "$dir/window.json" \
    >"$dir/window.log" 2>&1 &
  viewer=$!
  for _ in $(seq 1 1200); do grep -q 'trace: loaded' "$dir/window.log" && break; sleep 0.1; done
  kill "$viewer" 2>/dev/null || true
  wait "$viewer" 2>/dev/null || true
  first=$(sed -n 's/.*first rows drawn at \([0-9]*\) ms.*/\1/p' "$dir/window.log")
  loaded=$(sed -n 's/.*loaded [0-9]* layer(s) at \([0-9]*\) ms.*/\1/p' "$dir/window.log")
  if [ -n "$first" ]; then
    echo "- run $k: first rows drawn at $first ms (its first pieces); all loaded at ${loaded:-?} ms"
  else
    echo "- run $k: all loaded at ${loaded:-?} ms (no pieces: under 2M rows expected)"
  fi
done

# Counts: a slide of the full extent (its counts are the legend's) from each source.
bookmark='"bookmarks": [{"name": "all", "extent": ['"$full"']}]'
printf '{"version": 1, "layers": [{"source": "%s"}], %s}\n' "$gpkg" "$bookmark" >"$dir/gpkg-slides.json"
printf '{"version": 1, "layers": [{"source": "%s", "layer": "parcels"}], %s}\n' "$pg" "$bookmark" >"$dir/pg-slides.json"
"$build/app/renewmap" --export-slides "$dir/s-gpkg" --hide-ui --size 1600x900 "$dir/gpkg-slides.json" >/dev/null 2>&1
"$build/app/renewmap" --allow-network --export-slides "$dir/s-pg" --hide-ui --size 1600x900 "$dir/pg-slides.json" >/dev/null 2>&1
counts() { /usr/bin/python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["slides"][0]["counts"]; print(" ".join(f"{k} {v}" for k, v in sorted(c.items())), "· total", sum(c.values()))' "$1"; }
echo
echo "Legend counts at full extent (slides.json):"
echo "- GeoPackage (every row read): $(counts "$dir/s-gpkg/slides.json")"
echo "- PostGIS (the server's grouped counts): $(counts "$dir/s-pg/slides.json")"
echo "- SELECT count(*): $rows"

# Pans: three unseen areas at 4× and at 16× zoom, one slide each after the opening view's
# own (drawn first, as the window has drawn it before anyone pans).
echo
echo "Pan to an unseen area: from the view moved to its new rows drawn (the image's read-back and PNG left"
echo "out), and the fetch job's part of it (its phases, from the read to the mesh and the view's geometry):"
for z in 4 16; do
  marks="{\"name\": \"opening view\", \"extent\": [$(box 0.5 0.5 $z)]}"
  for c in "0.2 0.25" "0.8 0.75" "0.25 0.8"; do
    marks="$marks, {\"name\": \"$c\", \"extent\": [$(box $c $z)]}"
  done
  printf '{"version": 1, "extent": [%s], "layers": [{"source": "%s", "layer": "parcels"}], "bookmarks": [%s]}\n' \
    "$(box 0.5 0.5 $z)" "$pg" "$marks" >"$dir/pan.json"
  RENEWMAP_TRACE=1 "$build/app/renewmap" --allow-network --export-slides "$dir/s-pan$z" --hide-ui --size 1600x900 \
    "$dir/pan.json" >"$dir/pan.log" 2>&1 || { cat "$dir/pan.log" >&2; exit 1; }
  drawn=$(grep -o 'slide drawn [0-9.]*' "$dir/pan.log" | tail -3 | awk '{printf "%s%.0f", (NR > 1 ? ", " : ""), $3}')
  # Over more rows held than Fetch::preview_held, a view's rows are drawn before their
  # merge (a preview), as a window's next frame draws them.
  first=$({ grep -o 'rows first drawn [0-9.]*' "$dir/pan.log" || true; } | tail -3 | awk '{printf "%s%.0f", (NR > 1 ? ", " : ""), $4}')
  # A job's phases run from "read" to "mesh"; the last three jobs are the pans'.
  jobs=$(awk '/trace:   read/ {if (n++) print sum; sum=0} /trace:   (read|reproject|preview|merge|classify|timeline|mesh|geometry) / {sum+=$(NF-1)}
    END {print sum}' "$dir/pan.log" | tail -3 | awk '{printf "%s%.0f", (NR > 1 ? ", " : ""), $1}')
  echo "- ${z}× zoom: ${first:+first drawn (before the merge) $first ms; }drawn $drawn ms after the view moved; the fetch job $jobs ms" \
    "($(grep -o 'fetched [0-9]* features' "$dir/pan.log" | tail -3 | grep -o '[0-9]*' | paste -sd/ -) rows)"
done

echo
"$build/bench/bench_mvt" "$pg" parcels
