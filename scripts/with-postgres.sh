#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL cluster, for the tests:
#
#     scripts/with-postgres.sh swift test -c release
#
# The cluster lives in a new temporary directory, listens on 127.0.0.1 at a
# free port (and a Unix socket in that directory), trusts local
# connections, and runs without fsync (it holds nothing worth keeping). The
# command sees ROLLUP_TEST_POSTGRES=postgres://rollup@127.0.0.1:PORT/postgres
# and ROLLUP_REQUIRE_POSTGRES=1. The cluster is stopped and removed when the
# command ends, however it ends. Needs Debian's postgresql package (`make
# deps` installs it); as root, the server runs as the postgres user.
set -euo pipefail

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "with-postgres: PostgreSQL's server is not installed (apt-get install postgresql)" >&2
  exit 1
fi

as_server() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

dir=$(mktemp -d "${TMPDIR:-/tmp}/rollup-postgres.XXXXXX")
chmod 755 "$dir"
if [ "$(id -u)" = 0 ]; then chown postgres: "$dir"; fi

stop() {
  as_server "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT

as_server "$bin/initdb" -D "$dir/data" -U rollup -A trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 || {
  cat "$dir/initdb.log" >&2; exit 1; }

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_server "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=400" start >/dev/null || {
  cat "$dir/server.log" >&2; exit 1; }

export ROLLUP_TEST_POSTGRES="postgres://rollup@127.0.0.1:$port/postgres"
export ROLLUP_REQUIRE_POSTGRES=1
echo "with-postgres: a throwaway cluster at $ROLLUP_TEST_POSTGRES" >&2
"$@"
