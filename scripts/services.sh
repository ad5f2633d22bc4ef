#!/usr/bin/env bash
# Starts what the tests need, installing it first when missing:
# a throwaway PostgreSQL server, a mailpit SMTP server, Debian's Chromium, and
# Debian's networkx and igraph for the system Python.
# Source it: it exports KINDRED_TEST_POSTGRES, KINDRED_TEST_SMTP,
# KINDRED_TEST_MAILPIT and KINDRED_TEST_CHROMIUM, and defines stop_services.
# Works as root (PostgreSQL runs as the postgres user) and as a normal user
# who already has the packages.

KINDRED_TOOLS=${KINDRED_TOOLS:-$(pwd)/.tools}
mkdir -p "$KINDRED_TOOLS"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=
apt_install() {
  [ -n "$apt_updated" ] || { as_root apt-get update -qq >/dev/null; apt_updated=1; }
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo $((20000 + RANDOM % 20000)); }

start_postgres() {
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    echo "installing PostgreSQL (Debian package)…"
    apt_install postgresql
  fi
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  PGROOT=$(mktemp -d /tmp/kindred-pg-XXXXXX)
  PGPORT=$(free_port)
  local run=()
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$PGROOT"; run=(runuser -u postgres --); fi
  "${run[@]}" "$PGBIN/initdb" -N -D "$PGROOT/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  "${run[@]}" "$PGBIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGROOT -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" start >/dev/null
  export KINDRED_TEST_POSTGRES="postgres://postgres@127.0.0.1:$PGPORT/postgres?sslmode=disable"
  PG_RUN=("${run[@]}")
}

start_mailpit() {
  local bin
  bin=$(command -v mailpit || true)
  [ -n "$bin" ] || bin="$(go env GOPATH)/bin/mailpit"
  if [ ! -x "$bin" ]; then
    echo "installing mailpit (go install)…"
    go install github.com/axllent/mailpit@v1.33.1
  fi
  MAILPIT_SMTP=$(free_port); MAILPIT_HTTP=$(free_port)
  "$bin" --smtp "127.0.0.1:$MAILPIT_SMTP" --listen "127.0.0.1:$MAILPIT_HTTP" --disable-version-check \
    --smtp-auth-accept-any --smtp-auth-allow-insecure --max 100000 >"$KINDRED_TOOLS/mailpit.log" 2>&1 &
  MAILPIT_PID=$!
  export KINDRED_TEST_SMTP="smtp://127.0.0.1:$MAILPIT_SMTP?tls=none"
  export KINDRED_TEST_MAILPIT="http://127.0.0.1:$MAILPIT_HTTP"
  for _ in $(seq 50); do curl -fsS "$KINDRED_TEST_MAILPIT/api/v1/info" >/dev/null 2>&1 && break; sleep 0.1; done
}

ensure_chromium() {
  if ! command -v chromium >/dev/null; then
    echo "installing Chromium (Debian package)…"
    apt_install chromium
  fi
  export KINDRED_TEST_CHROMIUM=$(command -v chromium)
}

# ensure_python_yardsticks installs Debian's networkx, igraph and icalendar
# for the system Python: independent readers the network export and
# calendar tests check Kindred's files with.
ensure_python_yardsticks() {
  if ! /usr/bin/python3 -c 'import networkx, igraph, icalendar' >/dev/null 2>&1; then
    echo "installing python3-networkx, python3-igraph and python3-icalendar (Debian packages)…"
    apt_install python3-networkx python3-igraph python3-icalendar
  fi
}

stop_services() {
  [ -n "${MAILPIT_PID:-}" ] && kill "$MAILPIT_PID" 2>/dev/null
  if [ -n "${PGROOT:-}" ]; then
    "${PG_RUN[@]}" "$PGBIN/pg_ctl" -D "$PGROOT/data" -m immediate -w stop >/dev/null 2>&1
    rm -rf "$PGROOT"
  fi
}

start_postgres
start_mailpit
ensure_chromium
ensure_python_yardsticks
