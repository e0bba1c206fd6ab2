#!/bin/sh
# Rebuilds the Laoshan demo data (assets/laoshan/generate.py) into a temporary folder
# and compares every file with the committed one, byte for byte: the committed data
# cannot drift from its generator. The generator is deterministic (fixed seed, pinned
# GeoPackage timestamps), so with the same GDAL the bytes are identical.
#   usage: laoshan_drift.sh SOURCE_DIR      exit 0 same, 1 differs, 77 cannot run
set -eu
src="$1/assets/laoshan"
python=/usr/bin/python3
if ! "$python" -c 'from osgeo import ogr' 2>/dev/null; then
  echo "skipped: $python has no GDAL bindings (apt-get install python3-gdal)"
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$python" "$src/generate.py" --out "$tmp" >/dev/null
status=0
for built in "$tmp"/*; do
  name=$(basename "$built")
  if [ ! -f "$src/$name" ]; then
    echo "$name: generated but not committed in assets/laoshan/"
    status=1
  elif ! cmp -s "$built" "$src/$name"; then
    echo "$name: the committed file differs from what generate.py builds."
    echo "  Rerun '$python assets/laoshan/generate.py' and commit the result. First differences:"
    case "$name" in
      *.gpkg|*.geojson)
        ogrinfo -ro -al "$src/$name" >"$tmp/.committed.txt" 2>&1 || true
        ogrinfo -ro -al "$built" >"$tmp/.built.txt" 2>&1 || true
        diff "$tmp/.committed.txt" "$tmp/.built.txt" | head -20 || true ;;
      *) diff "$src/$name" "$built" | head -20 || true ;;
    esac
    status=1
  fi
done
[ $status -eq 0 ] && echo "assets/laoshan: $(ls "$tmp" | wc -l) files identical to generate.py's output"
exit $status
