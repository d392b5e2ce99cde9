#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# The `hdcat source` and `hdcat harvest` commands against a local server
# (hdc-harvest-serve serving fixtures/harvest/): what they print and their
# exit codes (DESIGN.md: 0 done, 1 records that do not validate, 2 usage or
# unusable input, 3 fetch or I/O failure).
#
#   cli.sh --hdcat BIN --serve BIN --fixtures DIR
set -u
HDCAT="" SERVE="" FIX=""
while [ $# -gt 0 ]; do
  case $1 in
    --hdcat) HDCAT=$2; shift 2 ;;
    --serve) SERVE=$2; shift 2 ;;
    --fixtures) FIX=$2; shift 2 ;;
    *) echo "cli.sh: unknown argument $1"; exit 1 ;;
  esac
done
work=$(mktemp -d "${TMPDIR:-/tmp}/hdcat-harvest-cli.XXXXXX")
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
unset http_proxy HTTP_PROXY all_proxy ALL_PROXY
export HDCAT_DB="$work/cat.db"
"$SERVE" "$FIX/harvest" > "$work/port" 2>"$work/serve.err" &
server=$!
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.05; done
port=$(head -n 1 "$work/port")
[ -n "$port" ] || fail "the test server did not start"
base="http://127.0.0.1:$port"

# expect RC CMD...: run, check the exit code, keep stdout/stderr.
expect() {
  local want=$1
  shift
  "$HDCAT" "$@" > "$work/out" 2> "$work/err"
  local rc=$?
  [ $rc -eq "$want" ] || {
    cat "$work/out" "$work/err"
    fail "hdcat $* exited $rc, expected $want"
  }
}
has() { grep -qF -- "$1" "$work/${2:-out}" || { cat "$work/out" "$work/err"; fail "missing '$1' in $2"; }; }

expect 0 source add one "$base/single.ttl" --schedule daily
expect 2 source add one "$base/single.ttl"
has "already exists" err
expect 2 source add two "ftp://example.org/x.ttl"
expect 2 source add two "$base/x.ttl" --schedule hourly
expect 2 source add "two words" "$base/x.ttl"
expect 2 source add two "$base/x.ttl" --no-such-option
expect 0 source add broken "$base/truncated.ttl"
expect 0 source add missing "$base/no-such-file.ttl"
expect 0 source list
has "one"
has "never"
expect 2 source show nobody
expect 2 harvest nobody
expect 2 harvest
expect 2 harvest one --all

# Validated: the fixtures lack mandatory HealthDCAT-AP properties.
expect 1 harvest --delay 0 one
has "3 added, 0 updated, 0 unchanged, 3 invalid, 0 withdrawn; 1 pages (0 unchanged)"
has "do not conform" err
expect 0 source show one
has "3 active, 0 withdrawn"
has "invalid records by rule"
has "dct:accessRights"
# Unchanged: a 304, nothing rewritten, exit 0.
expect 0 harvest --delay 0 one
has "0 added, 0 updated, 3 unchanged, 0 invalid, 0 withdrawn; 1 pages (1 unchanged)"
# Not due any more (daily, just harvested); manual sources never are.
expect 0 harvest --due
has "no source to harvest is due"

expect 2 harvest --delay 0 --no-validate broken
has "truncated.ttl" err
has "nothing was changed" err
expect 0 source show broken
has "failed"
has "truncated.ttl"
expect 3 harvest --delay 0 --no-validate missing
has "HTTP 404" err
# Several sources: the worst exit code, the good ones still harvested.
expect 3 harvest --delay 0 --no-validate broken missing one
has "source one, run"

expect 0 source remove one
has "3 records withdrawn"
expect 0 source list
has "REMOVED"
expect 0 source show one
has "0 active, 3 withdrawn"
expect 2 harvest --delay 0 one
echo "ok: source and harvest commands, output and exit codes"
