#!/usr/bin/env bash
# Runs every Kindred test: formatting, vet, and the whole suite with the race
# detector, against SQLite and a throwaway PostgreSQL, with Chromium for the
# pages and mailpit for the mail. Installs what is missing (as root: Debian
# packages for PostgreSQL and Chromium; mailpit with go install).
set -euo pipefail
cd "$(dirname "$0")"
export GOFLAGS="${GOFLAGS:--buildvcs=false}"
export GOTOOLCHAIN=local

start=$(date +%s)
source scripts/services.sh
trap stop_services EXIT
echo "services ready in $(( $(date +%s) - start ))s: PostgreSQL, mailpit, Chromium"

echo "== gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './.tools/*'))
if [ -n "$unformatted" ]; then echo "gofmt would change:"; echo "$unformatted"; exit 1; fi

# SQLite is modernc.org/sqlite, C transpiled to Go full of pointer
# arithmetic: -race also turns on checkptr, which checked every step of it
# and was a large part of the suite's CPU (an idle test server's job polling:
# 4.1 s of CPU in 20 s, 2.5 s without). checkptr is off for modernc.org/...
# only; the race detector stays on everywhere. (Leaving modernc's code
# uninstrumented as well saved more, but hid the happens-before of SQLite's
# own locks and made the race detector report races that are not there.)
race=(-race -gcflags='modernc.org/...=-d=checkptr=0')

# The page tests (internal/web) take longest: they start first, while vet
# and staticcheck run and beside the other packages, four at a time (most of
# a page test's time is spent waiting for Chromium or the server).
echo "== go test -race ./internal/web/ (in the background)"
go test "${race[@]}" -vet=off -count=1 -timeout 25m -parallel 4 "$@" ./internal/web/ &
web=$!
status=0

# go vet runs every analyzer go test would run before its tests (and more),
# so the tests run with -vet=off rather than analyze every package twice.
echo "== go vet"
go vet ./... || status=$?

echo "== staticcheck"
staticcheck=$(command -v staticcheck || echo "$(go env GOPATH)/bin/staticcheck")
[ -x "$staticcheck" ] || go install honnef.co/go/tools/cmd/staticcheck@v0.8.2
"$staticcheck" ./... || status=$?

echo "== go test -race (the other packages)"
go test "${race[@]}" -vet=off -count=1 -timeout 25m "$@" $(go list ./... | grep -v '/internal/web$') || status=$?
wait "$web" || status=$?
[ "$status" -eq 0 ] || { echo "tests failed"; exit "$status"; }

echo "tests finished in $(( $(date +%s) - start ))s"
