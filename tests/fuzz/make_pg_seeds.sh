#!/usr/bin/env bash
# The seeds of what a server sends, made by PostGIS in a private server
# (tests/pg/cluster.sh) from one table (polygons with a hole, lines, points, text and
# number columns, nulls): vector tiles as geo/pg_tiles.cpp asks for them (rows whole
# and rows as their boxes' corners), and binary copies as geo/pg_rows.cpp asks for
# them (every column; status only), each after the byte fuzz_pgcopy reads its piece
# size from.
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=$(mktemp -d /tmp/renewmap-mvt-seeds-XXXXXX)
chmod 755 "$dir"
trap 'tests/pg/cluster.sh stop "$dir/cluster"; rm -rf "$dir"' EXIT
tests/pg/cluster.sh start "$dir/cluster"
pg=$(cat "$dir/cluster/connection")
q() { psql -X -A -t -q "${pg#PG:}" -c "$1"; }
q "CREATE TABLE t (fid integer PRIMARY KEY, status text, n integer, x float8, geom geometry(Geometry, 4549));
   INSERT INTO t VALUES
   (1, '在建', 7, 1.5, ST_GeomFromText('POLYGON((0 0, 100 0, 100 100, 0 100, 0 0), (20 20, 20 80, 80 80, 80 20, 20 20))', 4549)),
   (2, '竣工', -3, NULL, ST_GeomFromText('LINESTRING(10 10, 50 90, 90 10)', 4549)),
   (3, NULL, NULL, 2e300, ST_GeomFromText('POINT(42 58)', 4549)),
   (4, 'planned', 0, -0.0, ST_GeomFromText('MULTIPOLYGON(((110 0, 120 0, 120 10, 110 0)), ((130 0, 140 0, 140 10, 130 0)))', 4549))"
env="ST_MakeEnvelope(-10, -10, 150, 150, 4549)"
q "SELECT encode(ST_AsMVT(s, 'rows', 4096, 'g', 'fid'), 'hex') FROM (SELECT fid, status, n, x,
   ST_AsMVTGeom(geom, $env, 4096, 0, false) AS g FROM t) s" | xxd -r -p >tests/fuzz/seeds/mvt/rows.mvt
q "SELECT encode(ST_AsMVT(s, 'boxes', 4096, 'g', 'fid'), 'hex') FROM (SELECT fid, status,
   ST_AsMVTGeom(ST_SetSRID(ST_Collect(ST_MakePoint(ST_XMin(geom), ST_YMin(geom)), ST_MakePoint(ST_XMax(geom), ST_YMax(geom))), 4549),
   $env, 4096, 0, false) AS g FROM t) s" | xxd -r -p >tests/fuzz/seeds/mvt/boxes.mvt
mkdir -p tests/fuzz/seeds/pgcopy
copy() {  # file, piece-size byte, columns
  printf "$2" >"tests/fuzz/seeds/pgcopy/$1"
  psql -X -q "${pg#PG:}" -c "\\copy (SELECT fid::bigint, $3, ST_AsBinary(geom, 'NDR') FROM t ORDER BY fid) TO '$dir/copy' (FORMAT binary)"
  cat "$dir/copy" >>"tests/fuzz/seeds/pgcopy/$1"
}
copy rows.copy '\x3f' "status::text, n::text, x::text"
copy rows-in-pieces.copy '\x06' "status::text, n::text, x::text"
copy status-only.copy '\x3f' "status::text"
ls -l tests/fuzz/seeds/mvt tests/fuzz/seeds/pgcopy
