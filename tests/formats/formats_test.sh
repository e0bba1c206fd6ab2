#!/usr/bin/env bash
# Our own outside-format corpus: four Laoshan layers (polygons, lines, points) written
# by ogr2ogr to every vector format Debian 12's GDAL (3.6) writes, each in EPSG:4549
# and EPSG:4326 where the format can hold it, then read back by renewmap and compared
# with what GDAL itself reads from the same file:
#   (a) `renewmap --info` exits 0 and prints, per layer, ogrinfo -so -al's Feature Count;
#   (b) the first names it prints are Chinese names of the source (decoded, not mojibake);
#   (c) `renewmap --screenshot` exits 0 and what it draws covers what gdal_rasterize
#       burns from the same file (reprojected to EPSG:4549 by ogr2ogr first);
#   (d) each JSON flavour GDAL writes is rendered 20 times in a row without one crash.
# The other vector formats GDAL writes follow, once each; a combination a format cannot
# hold (a CRS, a geometry kind) is skipped with its reason. Two self-checks prove that
# the map comparison fails a layer drawn 500 m off or not drawn at all.
# Nothing here is committed: every file is generated under WORK_DIR at test time.
# A row's files (inputs, --info output, PNG, reference raster) stay in WORK_DIR/formats.
#
#   usage: formats_test.sh SOURCE_DIR RENEWMAP WORK_DIR
#   exit 0 all rows pass, 1 some row failed (named at the end), 77 a tool is missing
set -uo pipefail

if [ $# -ne 3 ]; then
  echo "usage: $0 SOURCE_DIR RENEWMAP WORK_DIR" >&2
  exit 64
fi
src=$(cd "$1" && pwd) || exit 1
bin=$2
work=$3
py=/usr/bin/python3   # the system interpreter: it has GDAL's osgeo bindings
start=$(date +%s)

# ---------------------------------------------------------------- tools
for tool in ogr2ogr ogrinfo gdal_rasterize gdalsrsinfo zip timeout; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "skipped: $tool is not installed (apt-get install gdal-bin zip coreutils)"
    exit 77
  fi
done
if ! "$py" -c 'from osgeo import gdal, ogr; import numpy' 2>/dev/null; then
  echo "skipped: $py has no GDAL bindings or numpy (apt-get install python3-gdal python3-numpy)"
  exit 77
fi
if [ -z "${DISPLAY:-}" ]; then
  # The screenshots need an X display (GLFW); run the whole script under one Xvfb.
  if command -v xvfb-run >/dev/null 2>&1; then
    exec xvfb-run -a -s "-screen 0 1600x900x24" bash "$0" "$@"
  fi
  echo "skipped: no \$DISPLAY and no xvfb-run (apt-get install xvfb)"
  exit 77
fi
if [ ! -x "$bin" ]; then
  echo "FAIL: $bin is not an executable renewmap"
  exit 1
fi

rm -rf "$work/formats" "$work/staging" "$work/check"   # this script's own folders only
mkdir -p "$work/formats" "$work/staging" "$work/check" || exit 1
work=$(cd "$work" && pwd)
fmt=$work/formats

# ---------------------------------------------------------------- what is drawn
gpkg=$src/assets/laoshan/laoshan.gpkg
parking=$src/assets/laoshan/parking.geojson
layers="old_compounds road_links fushan_greenway parking"   # polygons, lines, lines, points
# The view: every feature of the four layers, EPSG:4549, 16:9 like --size, so the
# extent fills the frame exactly (62.4 m a pixel; 500 m is 8 pixels).
size_w=800 size_h=450
x0=523560 y0=3993320 x1=573480 y1=4021400
extent=$x0,$y0,$x1,$y1
stress_runs=20        # screenshot runs in a row for each JSON flavour
run_timeout=60        # seconds before one renewmap run counts as hung

# Staging: the four layers in each CRS, straight from the committed data.
for crs in 4549 4326; do
  ogr2ogr -t_srs EPSG:$crs "$work/staging/src-$crs.gpkg" "$gpkg" old_compounds road_links fushan_greenway &&
  ogr2ogr -update -t_srs EPSG:$crs "$work/staging/src-$crs.gpkg" "$parking" parking || {
    echo "FAIL: cannot stage the Laoshan layers in EPSG:$crs"; exit 1; }
done
# The source's names, as ogrinfo reads them (what a decoded name must be one of).
for l in old_compounds road_links fushan_greenway; do ogrinfo -ro -al -geom=NO "$gpkg" "$l"; done >"$work/check/source-ogrinfo.txt"
ogrinfo -ro -al -geom=NO "$parking" >>"$work/check/source-ogrinfo.txt"
sed -n 's/^  name (String) = //p' "$work/check/source-ogrinfo.txt" | sort -u >"$work/check/source-names.txt"

# ---------------------------------------------------------------- the checker
# check.py ROWDIR: compares renewmap's --info output and PNG with GDAL's reading of the
# same files (ogrinfo counts, names through OGR, gdal_rasterize raster). Prints one line
# "expected|got|names|coverage|verdict|reasons" for the table.
cat >"$work/check/check.py" <<'EOF'
import os, re, sys
import numpy as np
from osgeo import gdal, ogr
gdal.UseExceptions()
row = sys.argv[1]
def read(name, default=''):
    p = os.path.join(row, name)
    return open(p, encoding='utf-8', errors='replace').read() if os.path.exists(p) else default
conf = dict(l.split('=', 1) for l in read('conf').splitlines() if '=' in l)
args = read('args').splitlines()
ogr_paths = read('ogrpaths').splitlines()
source_names = set(open(sys.argv[2], encoding='utf-8').read().splitlines())
fails, notes = [], []

# (a) counts: ogrinfo -so -al's "Feature Count" per layer against --info's "features:".
expected = {}
for arg, text in zip(args, read('ogrinfo').split('\f')):
    layer = None
    for line in text.splitlines():
        if line.startswith('Layer name: '):
            layer = line[len('Layer name: '):]
        elif line.startswith('Feature Count: ') and layer is not None:
            expected[arg + '::' + layer] = int(line.split(': ')[1])
info = read('info.out')
got, blocks, cur = {}, {}, None
for line in info.splitlines():
    if not line.startswith(' ') and any(line.startswith(a + '::') for a in args):
        cur = line; blocks[cur] = {}
    elif cur and line.startswith('  ') and ': ' in line:
        k, v = line[2:].split(': ', 1)
        blocks[cur][k] = v
    elif cur and line.strip().endswith(':'):
        blocks[cur][line.strip()[:-1]] = ''
for key, b in blocks.items():
    m = re.match(r'(\d+)', b.get('features', ''))
    if m:
        got[key] = int(m.group(1))
if True:
    # A layer without any geometry (a spreadsheet) is refused, with its count.
    for m in re.finditer(r"ERROR '(.*?)' layer '(.*?)': none of its (\d+) features has a geometry", info):
        got[m.group(1) + '::' + m.group(2)] = int(m.group(3))
rc_info = int(read('info.rc', '-1').strip() or -1)
want_rc = int(conf.get('info_rc', '0'))
if rc_info != want_rc:
    fails.append('--info exited %d (expected %d)' % (rc_info, want_rc))
if not expected:
    fails.append('ogrinfo found no layer')
for key in sorted(set(expected) | set(got)):
    if key not in got:
        fails.append('%s: not in --info (ogrinfo: %d)' % (key, expected[key]))
    elif key not in expected:
        fails.append('%s: --info has %d, ogrinfo has no such layer' % (key, got[key]))
    elif got[key] != expected[key]:
        fails.append('%s: --info %d features, ogrinfo %d' % (key, got[key], expected[key]))
def iterated(key):
    # GDAL's own count by reading every feature (what the viewer does).
    for arg, path in zip(args, ogr_paths):
        if key.startswith(arg + '::'):
            ds = ogr.Open(path)   # kept while its layer is read (else a crash)
            lyr = ds.GetLayerByName(key[len(arg) + 2:])
            return sum(1 for _ in lyr) if lyr else None
for key in [k for k in expected if k in got and got[k] != expected[k]]:
    n = iterated(key)
    if n == got[key]:
        # Some drivers' GetFeatureCount is an estimate (MVT: a feature per tile it
        # touches, points in a tile's buffer included); reading the layer gives the
        # viewer's count, so the viewer is right.
        fails.remove('%s: --info %d features, ogrinfo %d' % (key, got[key], expected[key]))
        notes.append('%s: ogrinfo -so says %d, but GDAL reads %d features, as --info' % (key, expected[key], n))
        expected[key] = n
sum_exp, sum_got = sum(expected.values()), sum(got.get(k, 0) for k in expected)

# (b) names: every non-empty first name --info prints is a name of the source (so it
# decoded); a layer in which GDAL reads names must show some; at least one is Chinese.
names_col = 'ok'
if conf.get('names', 'yes') != 'yes':
    names_col = 'n/a'
    notes.append('names: ' + conf['names'])
else:
    gdal_names = {}   # what GDAL reads in each layer's name field
    for arg, path in zip(args, ogr_paths):
        ds = ogr.Open(path)
        for i in range(ds.GetLayerCount()):
            lyr = ds.GetLayer(i)
            d = lyr.GetLayerDefn()
            idx = [j for j in range(d.GetFieldCount()) if d.GetFieldDefn(j).GetName().lower() == 'name']
            vals = set()
            if idx:
                for f in lyr:
                    v = f.GetField(idx[0])
                    if v:
                        vals.add(v)
            gdal_names[arg + '::' + lyr.GetName()] = vals
    shown, cjk, lost, bad = 0, 0, [], []
    for key, b in blocks.items():
        first = [n for n in b.get('first names', '').split(', ') if n.strip()]
        gvals = gdal_names.get(key, set())
        if gvals and not (gvals & source_names):
            lost.append('%s: GDAL itself reads no source name (e.g. %r): the format loses them' % (key, sorted(gvals)[0]))
            continue
        if gvals and not first:
            bad.append('%s: GDAL reads names (e.g. %s) but --info shows none (name field: %s)' % (key, sorted(gvals)[0], b.get('name field', '?')))
        for n in first:
            shown += 1
            if n not in source_names:
                bad.append('%s: first name %r is not a name of the source' % (key, n))
            elif re.search('[\u4e00-\u9fff]', n):
                cjk += 1
    if cjk == 0 and not lost:
        bad.append('no Chinese name decoded among %d first names' % shown)
    fails += bad
    notes += lost
    names_col = 'FAIL' if bad else ('lost by GDAL' if lost else 'ok')

# (c) the map: pixels renewmap drew against the pixels gdal_rasterize burned.
cover = 'n/a'
if conf.get('draw', 'yes') != 'yes':
    notes.append('map: ' + conf['draw'])
else:
    rc_shot = int(read('shot.rc', '-1').strip() or -1)
    want_shot = int(conf.get('shot_rc', '0'))
    png = os.path.join(row, 'shot.png')
    if rc_shot != want_shot:
        fails.append('--screenshot exited %d%s' % (rc_shot, ' (a crash: signal %d)' % (rc_shot - 128) if rc_shot >= 128 else ' (expected %d)' % want_shot))
    if not os.path.exists(png):
        fails.append('--screenshot wrote no PNG')
    elif not os.path.exists(os.path.join(row, 'ref.tif')):
        fails.append('gdal_rasterize wrote no reference raster')
    else:
        img = gdal.Open(png).ReadAsArray()[:3].astype(np.int16)
        # --hide-ui renders draw the map alone on a uniform background: the most frequent
        # colour. A pixel is drawn when a channel differs from it by more than 16 (so the
        # faint anti-aliased fringe of a line does not count, any style colour does).
        bg = np.array([np.bincount(c.ravel(), minlength=256).argmax() for c in img])
        drawn = np.abs(img - bg[:, None, None]).max(axis=0) > 16
        burned = gdal.Open(os.path.join(row, 'ref.tif')).ReadAsArray() > 0
        def dilate(m, r):
            out, p, (h, w) = m.copy(), np.pad(m, r), m.shape
            for dy in range(-r, r + 1):
                for dx in range(-r, r + 1):
                    out |= p[r + dy:r + dy + h, r + dx:r + dx + w]
            return out
        nb, nd = int(burned.sum()), int(drawn.sum())
        # Recall: the share of burned pixels with a drawn pixel within 1 pixel (62 m).
        # gdal_rasterize burns a polygon's pixels whose centre is inside, a line's pixels
        # along it and a point's pixel; renewmap fills the same polygons and draws lines
        # wider and points as markers, so an exact reading gives ~100 %; the 1-pixel
        # slack absorbs half-pixel rounding at edges. A layer drawn 500 m (8 px) off
        # falls to ~30-40 % (compounds are ~250 m across) and one not drawn to 0 %.
        recall = (burned & dilate(drawn, 1)).sum() / nb if nb else 1.0
        # Precision: the share of drawn pixels within 8 px of a burned one; markers
        # (radius ~6 px) and wide lines stay inside that, so it only drops when the viewer
        # draws something GDAL does not have (a stray vertex, a spurious line).
        precision = (drawn & dilate(burned, 8)).sum() / nd if nd else (1.0 if nb == 0 else 0.0)
        cover = '%3.0f%%/%3.0f%%' % (100 * recall, 100 * precision)
        if nb == 0:
            fails.append('gdal_rasterize burned nothing: the reference is empty')
        if recall < 0.90:
            fails.append('map: only %.0f%% of the %d pixels gdal_rasterize burns are drawn (need 90%%)' % (100 * recall, nb))
        if precision < 0.90:
            fails.append('map: only %.0f%% of the %d drawn pixels lie near what GDAL burns (need 90%%)' % (100 * precision, nd))
    runs = read('stress')
    if runs:
        bad = [r for r in runs.split() if r.split(':')[1] != str(want_shot)]
        if bad:
            fails.append('%d of %d repeated screenshot runs failed: %s' % (len(bad), len(runs.split()), ' '.join(bad[:10])))
        cover += ' x%d' % len(runs.split())

verdict = 'FAIL' if fails else 'ok'
print('%d/%d|%s|%s|%s|%s' % (sum_exp, sum_got, names_col, cover, verdict, ' ; '.join(fails + notes)))
EOF

# ---------------------------------------------------------------- writers
# write ID CRS DIR: writes the format into DIR and sets
#   ARGS   the datasets given to renewmap (absolute paths)
#   OGR    the same datasets as ogrinfo/OGR open them (a .zip needs /vsizip/)
#   FLAGS  extra renewmap options (--source-crs for a CRS-less CAD drawing)
#   SSRS   the CRS of files that declare none, for ogr2ogr -s_srs before rasterizing
#   CONF   lines for check.py: names=WHY and draw=WHY (that check does not apply),
#          info_rc=N and shot_rc=N (the documented exit status, when not 0)
# and returns non-zero when ogr2ogr failed.
ogr_write() { ogr2ogr "$@" >>"$dir/ogr2ogr.log" 2>&1; }
each_layer() {  # each_layer DRIVER EXT [ogr2ogr options]: one file per layer
  local drv=$1 ext=$2; shift 2
  for l in $layers; do
    ogr_write -f "$drv" "$@" "$dir/$l.$ext" "$stage" "$l" || return 1
    ARGS+=("$dir/$l.$ext")
  done
}
write() {
  local id=$1 crs=$2
  dir=$3
  stage=$work/staging/src-$crs.gpkg
  ARGS=() OGR=() FLAGS=() SSRS='' CONF=''
  mkdir -p "$dir"
  case $id in
    geojson)    each_layer GeoJSON geojson || return 1 ;;
    geojsonseq) each_layer GeoJSONSeq geojsons || return 1 ;;
    flatgeobuf) each_layer FlatGeobuf fgb || return 1 ;;
    gpkg)       ogr_write -f GPKG "$dir/laoshan.gpkg" "$stage" || return 1; ARGS=("$dir/laoshan.gpkg") ;;
    sqlite)     ogr_write -f SQLite "$dir/laoshan.sqlite" "$stage" || return 1; ARGS=("$dir/laoshan.sqlite") ;;
    spatialite) ogr_write -f SQLite -dsco SPATIALITE=YES "$dir/laoshan.sqlite" "$stage" || return 1
                ARGS=("$dir/laoshan.sqlite") ;;
    # Shapefile: GDAL's default DBF encoding is ISO-8859-1, which cannot hold Chinese;
    # ENCODING=UTF-8 writes UTF-8 and a .cpg that says so.
    shp)        ogr_write -f "ESRI Shapefile" -lco ENCODING=UTF-8 "$dir/laoshan" "$stage" || return 1
                ARGS=("$dir/laoshan") ;;   # the folder: one .shp per layer
    shpzip)     ogr_write -f "ESRI Shapefile" -lco ENCODING=UTF-8 "$dir/shp" "$stage" || return 1
                (cd "$dir/shp" && zip -q "$dir/laoshan.zip" ./*.shp ./*.shx ./*.dbf ./*.prj ./*.cpg) || return 1
                rm -rf "$dir/shp"
                ARGS=("$dir/laoshan.zip") OGR=("/vsizip/$dir/laoshan.zip") ;;
    tab)        ogr_write -f "MapInfo File" "$dir/laoshan" "$stage" || return 1; ARGS=("$dir/laoshan") ;;
    mif)        ogr_write -f "MapInfo File" -dsco FORMAT=MIF "$dir/laoshan" "$stage" || return 1; ARGS=("$dir/laoshan") ;;
    kml)        ogr_write -f LIBKML "$dir/laoshan.kml" "$stage" || return 1; ARGS=("$dir/laoshan.kml") ;;
    kmz)        ogr_write -f LIBKML "$dir/laoshan.kmz" "$stage" || return 1; ARGS=("$dir/laoshan.kmz") ;;
    gml)        ogr_write -f GML "$dir/laoshan.gml" "$stage" || return 1; ARGS=("$dir/laoshan.gml") ;;
    # GPX: points become waypoints, lines routes; the other fields go to <extensions>.
    gpx)        echo "  GPX: old_compounds left out: GPX holds points and lines, not polygons"
                ogr_write -f GPX -dsco GPX_USE_EXTENSIONS=YES "$dir/laoshan.gpx" "$stage" parking road_links fushan_greenway || return 1
                ARGS=("$dir/laoshan.gpx") ;;
    # CSV with WKT declares no CRS: the EPSG:4549 files get a .prj beside them (which the
    # viewer reads, the CSV driver does not), the lon/lat ones none (the viewer assumes
    # EPSG:4326 for lon/lat coordinates, with a warning).
    csv)        each_layer CSV csv -lco GEOMETRY=AS_WKT || return 1
                SSRS=EPSG:$crs
                if [ "$crs" = 4549 ]; then
                  # (on one line, as the Shapefile driver writes it: gdalsrsinfo's output
                  # starts with a blank line, which neither GDAL's .prj reader nor the
                  # viewer's accepts)
                  for l in $layers; do
                    gdalsrsinfo -o wkt_esri EPSG:4549 | sed -e '/^$/d' -e 's/^ *//' | tr -d '\n' >"$dir/$l.prj" || return 1
                  done
                fi ;;
    # DXF holds one layer of entities and no attributes or CRS: one drawing per layer;
    # EPSG:4549 is given with --source-crs, lon/lat drawings are assumed EPSG:4326.
    dxf)        each_layer DXF dxf || return 1
                SSRS=EPSG:$crs
                [ "$crs" = 4549 ] && FLAGS=(--source-crs EPSG:4549)
                CONF+=$'names=DXF keeps no attribute fields (GDAL reads only Layer, Text, ...)\n' ;;
    ods|xlsx)   ogr_write -f "${id^^}" "$dir/laoshan.$id" "$stage" || return 1; ARGS=("$dir/laoshan.$id")
                CONF+=$'info_rc=1\n'   # every layer refused, with its count
                CONF+=$'names=the viewer refuses a layer without geometry, so prints no names\n'
                CONF+=$'draw=GDAL writes spreadsheets without geometry: nothing to draw\n' ;;
    gmt)        each_layer GMT gmt || return 1 ;;
    ofgdb)      ogr_write -f OpenFileGDB "$dir/laoshan.gdb" "$stage" || return 1; ARGS=("$dir/laoshan.gdb") ;;
    # MVT: a folder of z/x/y.pbf tiles (the driver's default). GDAL 3.6 opens a folder
    # of one zoom level, not the top folder, so the viewer is given laoshan/12. A feature
    # that crosses tiles comes back once per tile, clipped; ogrinfo -so's count (the
    # driver's estimate) is higher still: check.py then counts by reading the layer.
    mvt)        ogr_write -f MVT -dsco MINZOOM=12 -dsco MAXZOOM=12 "$dir/laoshan" "$stage" || return 1
                ARGS=("$dir/laoshan/12") ;;
    # Other formats GDAL 3.6 writes, once each (in EPSG:4549 unless the format fixes it).
    jml)        each_layer JML jml || return 1 ;;
    mapml)      ogr_write -f MapML "$dir/laoshan.mapml" "$stage" || return 1; ARGS=("$dir/laoshan.mapml") ;;
    pdf)        ogr_write -f PDF "$dir/laoshan.pdf" "$stage" || return 1; ARGS=("$dir/laoshan.pdf") ;;
    mbtiles)    ogr_write -f MBTiles -dsco MINZOOM=12 -dsco MAXZOOM=12 "$dir/laoshan.mbtiles" "$stage" || return 1
                ARGS=("$dir/laoshan.mbtiles") ;;
    netcdf)     ogr_write -f netCDF "$dir/laoshan.nc" "$stage" || return 1; ARGS=("$dir/laoshan.nc") ;;
    # GeoRSS: one feed; a feature's name is its <title> (GDAL would write "Feature N"
    # there and rename a field called name to ogr_name).
    georss)     ogr_write -f GeoRSS -dsco USE_EXTENSIONS=YES -dialect SQLite -sql \
                  "$(for l in $layers; do printf '%sSELECT name AS title, name_en, status, geom FROM %s' "${u:-}" "$l"; u=' UNION ALL '; done)" \
                  "$dir/laoshan.rss" "$stage" || return 1
                ARGS=("$dir/laoshan.rss") ;;
    # DGN (V7) and Geoconcept keep no CRS (and DGN no attributes): --source-crs.
    dgn)        each_layer DGN dgn || return 1
                SSRS=EPSG:$crs FLAGS=(--source-crs EPSG:$crs)
                CONF+=$'names=DGN keeps no attribute fields\n' ;;
    gxt)        each_layer Geoconcept gxt || return 1
                SSRS=EPSG:$crs FLAGS=(--source-crs EPSG:$crs) ;;
    # PCIDSK: GDAL reads the polygons it wrote back empty (0 points), so the viewer
    # refuses that layer (exit 2 for --info and --screenshot) and draws the others.
    pcidsk)     ogr_write -f PCIDSK "$dir/laoshan.pix" "$stage" || return 1; ARGS=("$dir/laoshan.pix")
                CONF+=$'info_rc=2\nshot_rc=2\n' ;;
    *) echo "unknown format $id" >&2; return 1 ;;
  esac
  [ ${#OGR[@]} -eq 0 ] && OGR=("${ARGS[@]}")
  return 0
}

# ---------------------------------------------------------------- one row
results=()   # "format|crs|expected/got|names|coverage|verdict|reasons"
failed=()
shot() {     # shot PNG: one renewmap screenshot of the row's datasets; prints its exit status
  rm -f "$1"
  timeout "$run_timeout" "$bin" --screenshot "$1" --hide-ui --size ${size_w}x${size_h} \
    --extent "$extent" --crs EPSG:4549 "${FLAGS[@]}" "${ARGS[@]}" >"$rowdir/shot.log" 2>&1
  local rc=$?
  [ $rc -eq 0 ] && [ ! -s "$1" ] && rc=-1   # exit 0 without a PNG is a failure too
  echo $rc
}
row() {      # row ID LABEL CRS [LABEL_CRS]
  local id=$1 label=$2 crs=$3 shown_crs=${4:-EPSG:$3}
  rowdir=$fmt/$id-$crs
  if ! write "$id" "$crs" "$rowdir"; then
    results+=("$label|$shown_crs|-|-|-|FAIL|ogr2ogr could not write it: $(tail -n 2 "$rowdir/ogr2ogr.log" | tr '\n' ' ')")
    failed+=("$label $shown_crs")
    return
  fi
  printf '%s\n' "${ARGS[@]}" >"$rowdir/args"
  printf '%s\n' "${OGR[@]}" >"$rowdir/ogrpaths"
  printf '%s' "$CONF" >"$rowdir/conf"
  local p
  for p in "${OGR[@]}"; do ogrinfo -ro -so -al "$p" 2>&1; printf '\f'; done >"$rowdir/ogrinfo"
  timeout "$run_timeout" "$bin" --info "${FLAGS[@]}" "${ARGS[@]}" >"$rowdir/info.out" 2>&1
  echo $? >"$rowdir/info.rc"
  if ! grep -q '^draw=' "$rowdir/conf"; then
    shot "$rowdir/shot.png" >"$rowdir/shot.rc"
    # The reference: the same datasets reprojected to EPSG:4549 by ogr2ogr, burned
    # (-burn 1, no -at) into a raster of the same extent and size.
    local i=0 ref=$rowdir/ref.tif
    for p in "${OGR[@]}"; do
      ogr2ogr -f GPKG -t_srs EPSG:4549 ${SSRS:+-s_srs "$SSRS"} "$rowdir/ref-$i.gpkg" "$p" >>"$rowdir/ref.log" 2>&1
      local lflags=()
      while read -r l; do lflags+=(-l "$l"); done < <(ogrinfo -ro -so -al "$rowdir/ref-$i.gpkg" | sed -n 's/^Layer name: //p')
      if [ ! -f "$ref" ]; then
        gdal_rasterize -q -burn 1 -ot Byte -init 0 -te $x0 $y0 $x1 $y1 -ts $size_w $size_h "${lflags[@]}" "$rowdir/ref-$i.gpkg" "$ref" >>"$rowdir/ref.log" 2>&1
      else
        gdal_rasterize -q -burn 1 "${lflags[@]}" "$rowdir/ref-$i.gpkg" "$ref" >>"$rowdir/ref.log" 2>&1
      fi
      i=$((i + 1))
    done
    if [ -n "${STRESS:-}" ]; then   # the same screenshot, again and again
      local n runs=""
      for n in $(seq 2 "$stress_runs"); do runs+="$n:$(shot "$rowdir/stress.png") "; done
      echo "1:$(cat "$rowdir/shot.rc") $runs" >"$rowdir/stress"
    fi
  fi
  local line
  line=$("$py" "$work/check/check.py" "$rowdir" "$work/check/source-names.txt" 2>&1 | tail -n 1)
  if [[ $line != *'|'*'|'*'|'*'|'* ]]; then
    line="-|-|-|FAIL|check.py: $line"
  fi
  results+=("$label|$shown_crs|$line")
  [[ $line == *'|FAIL|'* ]] && failed+=("$label $shown_crs")
}
skip() {     # skip LABEL CRS REASON
  echo "  skipped: $1 $2: $3"
  results+=("$1|$2|-|-|-|skip|$3")
}

# ---------------------------------------------------------------- the corpus
json_writable() {  # is GDAL's driver $1 able to create files?
  "$py" -c "from osgeo import gdal; d = gdal.GetDriverByName('$1'); import sys; sys.exit(0 if d and d.GetMetadataItem('DCAP_CREATE') == 'YES' else 1)"
}
echo "formats: writing and reading back $layers in every vector format GDAL writes"
STRESS=1
row geojson GeoJSON 4549
row geojson GeoJSON 4326
row geojsonseq GeoJSONSeq 4326
skip GeoJSONSeq EPSG:4549 "GDAL's GeoJSONSeq writer always reprojects to EPSG:4326 (RFC 8142/7946)"
for drv in ESRIJSON TopoJSON; do
  if json_writable $drv; then
    skip $drv - "GDAL $(gdal-config --version 2>/dev/null) can write $drv: add it to this test"
  else
    skip $drv - "read-only in this GDAL: ogr2ogr cannot write it"
  fi
done
STRESS=
for crs in 4549 4326; do
  row flatgeobuf FlatGeobuf $crs
  row gpkg GPKG $crs
  row sqlite SQLite $crs
  row spatialite "SQLite/SpatiaLite" $crs
  row shp "Shapefile folder" $crs
  row shpzip "Shapefile .zip" $crs
  row tab "MapInfo TAB" $crs
  row mif "MapInfo MIF" $crs
  row gml GML $crs
  row csv "CSV (WKT)" $crs
  row dxf DXF $crs
  row gmt GMT $crs
  row ofgdb OpenFileGDB $crs
done
row kml "KML (LIBKML)" 4326
row kmz "KMZ (LIBKML)" 4326
row gpx GPX 4326
skip "KML/KMZ/GPX" EPSG:4549 "the formats are WGS 84 lon/lat by definition"
row ods ODS 4549 "(none)"
row xlsx XLSX 4549 "(none)"
skip "ODS/XLSX" EPSG:4326 "spreadsheets keep no geometry, so no CRS: one run covers them"
row mvt "MVT folder" 4549 EPSG:3857
skip "MVT folder" EPSG:4549/4326 "MVT tiles are EPSG:3857 by definition (written once, from EPSG:4549)"
# The other vector formats GDAL 3.6 writes, once each.
row mbtiles "MBTiles (MVT)" 4549 EPSG:3857
row jml "JML (OpenJUMP)" 4549
row pdf "PDF (vector)" 4549
row netcdf "netCDF (CF-1.8)" 4549
row dgn "DGN (V7)" 4549
row gxt Geoconcept 4549
row pcidsk PCIDSK 4549
row mapml MapML 4326
row georss GeoRSS 4326
for f in "VDV: writes tables without geometry (as ODS/XLSX)" \
         "S57/Interlis/GMLAS: write only data that fits their schemas or models" \
         "Selafin/WAsP: meshes and elevation contours, not general layers" \
         "PGDUMP/FITS: a SQL script (not data GDAL reads); tables without geometry" \
         "DB servers: PostgreSQL, MySQL, MSSQLSpatial, Elasticsearch, Carto, AmigoCloud, NGW" \
         "KML (old)/GPSBabel: LIBKML writes and reads .kml here; GPSBabel needs gpsbabel"; do
  skip "${f%%:*}" - "${f#*: }"
done

# The comparison must fail a layer drawn 500 m off or not at all: the GeoPackage
# again, read with a CRS whose false easting is 500 m larger (the map moves 500 m
# west), then with the CRS of the next zone west (out of the view).
selfcheck() {  # selfcheck NAME SOURCE_CRS
  local good=$fmt/gpkg-4549 f
  rowdir=$fmt/selfcheck-$1
  mkdir -p "$rowdir"
  for f in conf args ogrpaths ogrinfo info.out info.rc ref.tif; do cp "$good/$f" "$rowdir/" 2>/dev/null; done
  mapfile -t ARGS <"$good/args"
  FLAGS=(--source-crs "$2")
  shot "$rowdir/shot.png" >"$rowdir/shot.rc"
  local line
  line=$("$py" "$work/check/check.py" "$rowdir" "$work/check/source-names.txt" 2>&1 | tail -n 1)
  if [[ $line == *'|FAIL|'*'map: only'* ]]; then
    results+=("self-check: $1|EPSG:4549|${line%%|FAIL|*}|ok|caught: ${line##*|FAIL|}")
  else
    results+=("self-check: $1|EPSG:4549|${line%%|ok|*}|FAIL|the comparison passed a map drawn $1")
    failed+=("self-check: $1")
  fi
}
selfcheck "500 m west" "+proj=tmerc +lat_0=0 +lon_0=120 +k=1 +x_0=500500 +y_0=0 +ellps=GRS80 +units=m +no_defs +type=crs"
selfcheck "not at all" EPSG:4548

# ---------------------------------------------------------------- the table
echo
printf '%-20s %-14s %-9s %-12s %-14s %s\n' format CRS "feat e/g" names "recall/prec" result
printf '%-20s %-14s %-9s %-12s %-14s %s\n' ------ --- -------- ----- ----------- ------
for r in "${results[@]}"; do
  IFS='|' read -r f c counts names cover verdict reasons <<<"$r"
  printf '%-20s %-14s %-9s %-12s %-14s %s\n' "$f" "$c" "$counts" "$names" "$cover" "$verdict"
done
echo
echo "details (failures, notes, skips):"
for r in "${results[@]}"; do
  IFS='|' read -r f c counts names cover verdict reasons <<<"$r"
  [ -n "$reasons" ] && echo "  $f $c [$verdict]: $reasons"
done
echo "(recall: share of gdal_rasterize's pixels renewmap drew, within 1 px; prec: share of"
echo " renewmap's drawn pixels within 8 px of GDAL's; xN: screenshot runs in a row)"
echo "formats: ${#results[@]} rows in $(( $(date +%s) - start )) s; files in $fmt"
if [ ${#failed[@]} -gt 0 ]; then
  echo "FAILED: ${failed[*]}"
  exit 1
fi
echo "all formats agree with GDAL"
exit 0
