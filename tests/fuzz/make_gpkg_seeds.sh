#!/usr/bin/env bash
# Makes the GeoPackage seeds (seeds/gpkg/*.gpkg) from the GeoJSON seeds: ogr2ogr
# writes each, then SQLite rewrites it with 512-byte pages (VACUUM), which keeps a
# seed near 20 KiB instead of 100 so the fuzzer's mutations land on real content.
# Run again only to change the seeds; the output is committed.
set -euo pipefail
cd "$(dirname "$0")"
out=seeds/gpkg
rm -f "$out"/*.gpkg
for src in seeds/geojson/compounds-4549.geojson seeds/geojson/roads-lonlat.geojson; do
  name=$(basename "$src" .geojson)
  ogr2ogr -q -f GPKG "$out/$name.gpkg" "$src" -nln "$name" -nlt PROMOTE_TO_MULTI
  sqlite3 "$out/$name.gpkg" "PRAGMA page_size=512; VACUUM;"
done
# Two layers in one file, one of them without a spatial index.
ogr2ogr -q -f GPKG "$out/two-layers.gpkg" seeds/geojson/odd-values.geojson -nln odd -lco SPATIAL_INDEX=NO
ogr2ogr -q -update "$out/two-layers.gpkg" seeds/geojson/roads-lonlat.geojson -nln roads
sqlite3 "$out/two-layers.gpkg" "PRAGMA page_size=512; VACUUM;"
ls -l "$out"
