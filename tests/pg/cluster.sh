#!/usr/bin/env bash
# A private PostgreSQL + PostGIS server for the tests: no system service, nothing
# outside DIR. Started and stopped by CTest (a fixture in tests/CMakeLists.txt), so the
# README test command runs it like every other test.
#
#   cluster.sh start DIR   initdb in DIR, start on a free loopback port, create the
#                          database renewmap_test with PostGIS; writes DIR/connection
#                          (a GDAL "PG:" string) for the tests to read
#   cluster.sh stop DIR    stop the server and remove DIR
#   cluster.sh standby PRIMARY DIR
#                          a streaming-replication standby of the server in PRIMARY
#                          (pg_basebackup -R), started on a free port; DIR/connection
#                          names it alone
#   cluster.sh halt DIR    stop the server, keeping DIR (resume starts it again on
#   cluster.sh resume DIR  the same port)
#
# PostgreSQL refuses to run as root: as root the server runs as the 'postgres' user
# that Debian's postgresql-common package creates.
set -euo pipefail
cmd=${1:?usage: cluster.sh start|stop|standby|halt|resume DIR}
dir=${2:?usage: cluster.sh start|stop DIR}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "cluster.sh: PostgreSQL server binaries not found (apt install postgresql-15)" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case $cmd in
  start)
    if [ -f "$dir/connection" ] && as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      exit 0  # already running
    fi
    rm -rf "$dir" && mkdir -p "$dir"
    if [ "$(id -u)" -eq 0 ]; then
      chown postgres: "$dir"
      runuser -u postgres -- test -w "$dir" ||
        { echo "cluster.sh: user postgres cannot reach $dir (a parent directory is private)" >&2; exit 1; }
    fi
    as_owner "$bin/initdb" -D "$dir/data" -U renewmap --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
      >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    # A free port: ask the kernel for one, then hand it to the server.
    port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$dir -c fsync=off -c full_page_writes=off" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U renewmap renewmap_test
    as_owner "$bin/psql" -q -h 127.0.0.1 -p "$port" -U renewmap -d renewmap_test \
      -c "CREATE EXTENSION postgis" >/dev/null
    echo "PG:host=127.0.0.1 port=$port dbname=renewmap_test user=renewmap" >"$dir/connection"
    echo "$port" >"$dir/port"
    chmod a+r "$dir/connection" "$dir/port"
    ;;
  standby)
    primary=$dir
    dir=${3:?usage: cluster.sh standby PRIMARY DIR}
    primary_port=$(cat "$primary/port")
    rm -rf "$dir" && mkdir -p "$dir"
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir"; fi
    # The primary's initdb allows replication from loopback (trust), and wal_level is
    # replica by default: a base backup with -R writes standby.signal and the
    # primary's conninfo, so the copy starts as a streaming standby.
    as_owner "$bin/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U renewmap -D "$dir/data" -R -X stream -c fast \
      >"$dir/basebackup.log" 2>&1 || { cat "$dir/basebackup.log" >&2; exit 1; }
    port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    echo "$port" >"$dir/port"
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$dir -c fsync=off -c full_page_writes=off" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "PG:host=127.0.0.1 port=$port dbname=renewmap_test user=renewmap" >"$dir/connection"
    chmod a+r "$dir/connection" "$dir/port"
    ;;
  halt)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    ;;
  resume)
    port=$(cat "$dir/port")
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$dir -c fsync=off -c full_page_writes=off" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    ;;
  stop)
    if [ -d "$dir/data" ]; then as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true; fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: cluster.sh start|stop|halt|resume DIR, or cluster.sh standby PRIMARY DIR" >&2
    exit 2
    ;;
esac
