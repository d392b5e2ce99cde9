#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# `hdcat serve --harvest`: the server runs the sources whose schedule is due
# in a background thread. A daily source that was never harvested is due at
# once: its datasets must become searchable through the running server's
# JSON API, the run must be recorded, a manual source must be left alone,
# and SIGTERM must still stop the server cleanly (exit 0).
#
#   serve_due.sh --hdcat BIN --serve BIN --fixtures DIR
set -u
HDCAT="" SERVE="" FIX=""
while [ $# -gt 0 ]; do
  case $1 in
    --hdcat) HDCAT=$2; shift 2 ;;
    --serve) SERVE=$2; shift 2 ;;
    --fixtures) FIX=$2; shift 2 ;;
    *) echo "serve_due.sh: unknown argument $1"; exit 1 ;;
  esac
done
command -v curl >/dev/null 2>&1 || { echo "SKIPPED: no curl"; exit 77; }
work=$(mktemp -d "${TMPDIR:-/tmp}/hdcat-serve-due.XXXXXX")
server="" web=""
cleanup() {
  [ -n "$web" ] && kill "$web" 2>/dev/null && wait "$web" 2>/dev/null
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; cat "$work/web.out" "$work/web.err" 2>/dev/null; exit 1; }
unset http_proxy HTTP_PROXY all_proxy ALL_PROXY
export HDCAT_DB="$work/cat.db"

"$SERVE" "$FIX/harvest" > "$work/port" 2>"$work/serve.err" &
server=$!
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.05; done
port=$(head -n 1 "$work/port")
[ -n "$port" ] || fail "the test server did not start"
base="http://127.0.0.1:$port"

"$HDCAT" source add daily "$base/single.ttl" --schedule daily >/dev/null ||
  fail "source add daily"
"$HDCAT" source add manual "$base/single-v2.ttl" --schedule manual >/dev/null ||
  fail "source add manual"

"$HDCAT" serve --listen 127.0.0.1:0 --harvest --quiet \
  > "$work/web.out" 2> "$work/web.err" &
web=$!
wport=""
for _ in $(seq 200); do
  wport=$(sed -n 's/.* on port \([0-9]*\) .*/\1/p' "$work/web.out")
  [ -n "$wport" ] && break
  sleep 0.05
done
[ -n "$wport" ] || fail "hdcat serve did not start"

# The due source is harvested in the background: wait for its records.
# The fixture's datasets do not conform to the profile: they are stored,
# flagged, and only listed when asked for.
total=0
for _ in $(seq 300); do
  total=$(curl -s "http://127.0.0.1:$wport/api/v1/search?limit=1&include_invalid=true" |
    sed -n 's/^{"total": *\([0-9]*\).*/\1/p')
  [ "${total:-0}" -gt 0 ] && break
  sleep 0.1
done
[ "${total:-0}" -eq 3 ] || fail "expected the 3 datasets of the due source, got '${total}'"
valid=$(curl -s "http://127.0.0.1:$wport/api/v1/search?limit=1" |
  sed -n 's/^{"total": *\([0-9]*\).*/\1/p')
[ "${valid}" = 0 ] || fail "records that do not conform were listed by default ($valid)"

kill -TERM "$web"
wait "$web"
rc=$?
web=""
[ $rc -eq 0 ] || fail "hdcat serve exited $rc after SIGTERM"

"$HDCAT" source show daily > "$work/show" 2>&1 || fail "source show daily"
grep -q "added 3" "$work/show" || grep -q "3 added" "$work/show" ||
  { cat "$work/show"; fail "the daily run is not recorded with 3 records added"; }
"$HDCAT" source show manual > "$work/show2" 2>&1 || fail "source show manual"
grep -q "no runs yet" "$work/show2" ||
  { cat "$work/show2"; fail "the manual source was harvested"; }
echo "ok: serve --harvest ran the due source only"
