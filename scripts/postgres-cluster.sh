#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: initdb with data checksums in a temporary directory, listening on
# loopback only, trust authentication for its one role, room for 300 connections (the tests run side by side, each
# with a database and a pool of its own). Debian's server package must be installed.
#   scripts/postgres-cluster.sh start DIR   starts it and prints the URL of an empty database, atalaya_test
#   scripts/postgres-cluster.sh stop DIR    stops it and removes DIR
set -euo pipefail
action="$1"
dir="$2"
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
[ -n "$bin" ] || { echo "no PostgreSQL server (apt install postgresql)" >&2; exit 1; }
as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "$action" in
start)
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    port=$((30000 + RANDOM % 20000))
    as_owner "$bin/initdb" -D "$dir/data" --data-checksums --auth=trust --username=atalaya -E UTF8 \
        --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=300" start >/dev/null \
        || { cat "$dir/server.log" >&2; exit 1; }
    as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U atalaya atalaya_test
    echo "postgres://atalaya@127.0.0.1:$port/atalaya_test?sslmode=disable"
    ;;
stop)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
*)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
