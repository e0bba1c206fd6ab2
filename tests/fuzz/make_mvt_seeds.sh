#!/usr/bin/env bash
# The vector-tile seeds: tiles PostGIS's ST_AsMVT makes, in a private server
# (tests/pg/cluster.sh), as geo/pg_tiles.cpp asks for them: rows whole (polygons with a
# hole, lines, points, text and number tags) and rows as their boxes' corners.
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
ls -l tests/fuzz/seeds/mvt
