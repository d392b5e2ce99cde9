#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# Crash safety of a harvest: `hdcat harvest` killed with SIGKILL while it
# walks a paged catalogue (a slow source: every response waits), then
# harvested again.
#
#   kill9.sh --hdcat BIN --serve BIN
#
# After the kill: PRAGMA integrity_check is ok, the catalogue holds exactly
# what the previous run left (nothing of the killed run, no run row of it).
# After the second harvest: every dataset of the source exactly once,
# nothing withdrawn that is still published, no record doubled, and a third
# harvest finds everything unchanged.
set -u
HDCAT="" SERVE=""
while [ $# -gt 0 ]; do
  case $1 in
    --hdcat) HDCAT=$2; shift 2 ;;
    --serve) SERVE=$2; shift 2 ;;
    *) echo "kill9.sh: unknown argument $1"; exit 1 ;;
  esac
done
command -v sqlite3 >/dev/null || { echo "skip: sqlite3 is not installed"; exit 77; }
work=$(mktemp -d "${TMPDIR:-/tmp}/hdcat-harvest-kill.XXXXXX")
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
unset http_proxy HTTP_PROXY all_proxy ALL_PROXY
export HDCAT_DB="$work/cat.db"

# PAGES Hydra pages of PER datasets each; page P links to P+1.
PAGES=12 PER=25
gen() { # gen DIR TAG: the catalogue, titles marked with TAG
  mkdir -p "$1"
  for p in $(seq $PAGES); do
    {
      echo '@prefix dcat: <http://www.w3.org/ns/dcat#> .'
      echo '@prefix dct: <http://purl.org/dc/terms/> .'
      echo '@prefix hydra: <http://www.w3.org/ns/hydra/core#> .'
      [ "$p" -lt $PAGES ] &&
        echo "<page-$p.ttl> a hydra:PartialCollectionView ; hydra:next <page-$((p + 1)).ttl> ."
      for i in $(seq $PER); do
        n=$(((p - 1) * PER + i))
        echo "<ds/$n> a dcat:Dataset ; dct:title \"Jeu $n $2\"@fr ;"
        echo "  dcat:distribution [ a dcat:Distribution ; dcat:accessURL <ds/$n/data> ] ."
      done
    } > "$1/page-$p.ttl"
  done
}
gen "$work/www" v1
"$SERVE" "$work/www" --delay-ms 150 > "$work/port" 2>"$work/serve.err" &
server=$!
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.05; done
port=$(head -n 1 "$work/port")
[ -n "$port" ] || fail "the test server did not start"
"$HDCAT" source add paged "http://127.0.0.1:$port/page-1.ttl" >/dev/null || fail "source add"

total=$((PAGES * PER))
count() { sqlite3 "$HDCAT_DB" "$1"; }

# A first complete run, then the publisher changes every title (v2): the
# killed run would update every record.
"$HDCAT" harvest --delay 0 --no-validate paged > /dev/null || fail "first harvest"
[ "$(count "SELECT count(*) FROM record WHERE status = 'active'")" = $total ] ||
  fail "first harvest: expected $total records"
before=$(count "SELECT group_concat(hash) FROM (SELECT hash FROM record ORDER BY id)")
gen "$work/www" v2

"$HDCAT" harvest --delay 0 --no-validate paged > /dev/null 2>&1 &
pid=$!
# Kill it in the middle of the walk: after a few pages, before the last.
sleep 1
kill -0 "$pid" 2>/dev/null || fail "the harvest ended before it could be killed"
kill -9 "$pid"
wait "$pid" 2>/dev/null

ok=$(sqlite3 "$HDCAT_DB" 'PRAGMA integrity_check' 2>&1 | head -n 1)
[ "$ok" = ok ] || fail "integrity_check after kill -9: $ok"
[ "$(count "SELECT count(*) FROM run")" = 1 ] ||
  fail "a run row of the killed harvest survived"
after=$(count "SELECT group_concat(hash) FROM (SELECT hash FROM record ORDER BY id)")
[ "$after" = "$before" ] || fail "records changed by the killed harvest"
echo "ok: killed mid-walk; integrity ok; catalogue as before"

"$HDCAT" harvest --delay 0 --no-validate paged > "$work/h2.out" 2>&1 ||
  fail "harvest after the kill: $(cat "$work/h2.out")"
[ "$(count "SELECT count(*) FROM record")" = $total ] ||
  fail "records doubled or lost: $(count "SELECT count(*) FROM record") for $total"
# The display title as readers pick it: French, else English, else the
# any-language column (stored only when it differs from both).
[ "$(count "SELECT count(*) FROM record WHERE status = 'active' AND coalesce(nullif(title_fr, ''), nullif(title_en, ''), title) LIKE '%v2'")" = $total ] ||
  fail "not every record was updated to v2"
[ "$(count "SELECT count(*) FROM (SELECT iri FROM record GROUP BY source_id, iri HAVING count(*) > 1)")" = 0 ] ||
  fail "an IRI is stored twice"
ok=$(sqlite3 "$HDCAT_DB" 'PRAGMA integrity_check' 2>&1 | head -n 1)
[ "$ok" = ok ] || fail "integrity_check after recovery: $ok"
"$HDCAT" harvest --delay 0 --no-validate paged > "$work/h3.out" 2>&1 || fail "third harvest"
grep -q ": 0 added, 0 updated, $total unchanged, 0 invalid, 0 withdrawn; $PAGES pages ($PAGES unchanged)" "$work/h3.out" ||
  fail "third harvest changed something: $(cat "$work/h3.out")"
echo "ok: harvested again: $total records, none doubled or lost; then all unchanged"
