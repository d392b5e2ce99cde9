#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# Crash safety: an import killed with SIGKILL in the middle of its
# transaction must leave the previous catalogue intact and usable.
#   crash.sh HDCAT
set -eu
HDCAT=$1
here=$(cd "$(dirname "$0")" && pwd)
. "$here/gen.sh"
work=$(mktemp -d "${TMPDIR:-/tmp}/hdcat-crash.XXXXXX")
trap 'rm -rf "$work"' EXIT
db="$work/cat.db"
fail() { echo "FAIL: $*" >&2; exit 1; }
total() { "$HDCAT" search --db "$db" --json "$@" | sed -n 's/^  "total": \([0-9]*\),*$/\1/p'; }

gen_catalogue 3 before > "$work/before.ttl"
gen_catalogue 20000 during > "$work/during.ttl"
"$HDCAT" import --no-validate --db "$db" --source s "$work/before.ttl" >/dev/null
[ "$(total)" = 3 ] || fail "first import: expected 3 records"

killed=0
for attempt in 1 2 3; do
  "$HDCAT" import --no-validate --db "$db" --source s "$work/during.ttl" \
    >/dev/null 2>&1 &
  pid=$!
  # Wait until the run has written pages to the WAL (mid-transaction).
  i=0
  while kill -0 "$pid" 2>/dev/null; do
    size=$(wc -c < "$db-wal" 2>/dev/null || echo 0)
    [ "$size" -gt 2000000 ] && break
    i=$((i + 1)); [ $i -gt 3000 ] && break
    sleep 0.01
  done
  if kill -9 "$pid" 2>/dev/null; then
    wait "$pid" 2>/dev/null || true
    killed=1
    break
  fi
  wait "$pid" 2>/dev/null || true
  fail "the import finished before it could be killed; make it bigger"
done
[ $killed = 1 ] || fail "could not kill the import"

# The previous content, exactly.
[ "$(total)" = 3 ] || fail "after kill -9: expected the 3 previous records, got $(total)"
[ "$(total during)" = 0 ] || fail "after kill -9: records of the killed run are visible"
[ "$(total before)" = 3 ] || fail "after kill -9: search no longer finds the records"
if command -v sqlite3 >/dev/null 2>&1; then
  ok=$(sqlite3 "$db" 'PRAGMA integrity_check' 2>&1 | head -1)
  [ "$ok" = ok ] || fail "integrity_check: $ok"
  runs=$(sqlite3 "$db" 'SELECT count(*) FROM run')
  [ "$runs" = 1 ] || fail "a run row of the killed run survived ($runs runs)"
fi

# Still writable: the same import now completes.
"$HDCAT" import --no-validate --db "$db" --source s "$work/during.ttl" >/dev/null
[ "$(total)" = 20003 ] || fail "after recovery: expected 20003 records, got $(total)"
echo "ok: killed mid-import, previous catalogue intact, recovered"

# The first load of an empty catalogue runs in rollback-journal mode (each
# page written once): killed, it must leave the catalogue empty, readable
# by a read-only search (which rolls the journal back itself), in WAL mode.
db="$work/first.db"
echo '@prefix dcat: <http://www.w3.org/ns/dcat#> .' > "$work/empty.ttl"
"$HDCAT" import --no-validate --db "$db" --source s "$work/empty.ttl" >/dev/null
if command -v sqlite3 >/dev/null 2>&1; then
  [ "$(total)" = 0 ] || fail "the catalogue is not empty"
  killed=0
  "$HDCAT" import --no-validate --db "$db" --source s "$work/during.ttl" \
    >/dev/null 2>&1 &
  pid=$!
  i=0
  while kill -0 "$pid" 2>/dev/null; do
    [ -e "$db-journal" ] && [ "$(wc -c < "$db")" -gt 8000000 ] && break
    i=$((i + 1)); [ $i -gt 3000 ] && break
    sleep 0.01
  done
  [ -e "$db-journal" ] || fail "the first load did not run with a journal"
  kill -9 "$pid" 2>/dev/null && killed=1
  wait "$pid" 2>/dev/null || true
  [ $killed = 1 ] || fail "the first load finished before it could be killed"
  [ "$(total)" = 0 ] || fail "after kill -9 of a first load: expected 0 records, got $(total)"
  [ ! -e "$db-journal" ] || fail "the hot journal was not rolled back"
  ok=$(sqlite3 "$db" 'PRAGMA integrity_check' 2>&1 | head -1)
  [ "$ok" = ok ] || fail "first load, integrity_check: $ok"
  mode=$(sqlite3 "$db" 'PRAGMA journal_mode')
  [ "$mode" = wal ] || fail "first load: journal mode $mode after recovery"
  "$HDCAT" import --no-validate --db "$db" --source s "$work/during.ttl" >/dev/null
  [ "$(total)" = 20000 ] || fail "first load again: expected 20000 records, got $(total)"
  [ "$(sqlite3 "$db" 'PRAGMA journal_mode')" = wal ] || fail "not WAL after a first load"
  echo "ok: killed first load, catalogue empty and readable, loaded again"
fi
