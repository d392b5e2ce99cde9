#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# Hostile queries through `hdcat search`: FTS5 operators, quotes, SQL,
# control bytes and over-long queries give a clear error (exit 2) or a sane
# answer (exit 0), never a crash, an FTS5 syntax error or a DB failure.
#   hostile.sh HDCAT
set -eu
HDCAT=$1
here=$(cd "$(dirname "$0")" && pwd)
. "$here/gen.sh"
work=$(mktemp -d "${TMPDIR:-/tmp}/hdcat-hostile.XXXXXX")
trap 'rm -rf "$work"' EXIT
db="$work/cat.db"
fail() { echo "FAIL: $*" >&2; exit 1; }
gen_catalogue 50 hostile > "$work/c.ttl"
"$HDCAT" import --no-validate --db "$db" "$work/c.ttl" >/dev/null

run() {
  set +e
  "$HDCAT" search --db "$db" --json -- "$@" > "$work/out" 2> "$work/err"
  rc=$?
  set -e
  case $rc in
    0) grep -q '"total"' "$work/out" || fail "query [$*]: no JSON" ;;
    2) [ -s "$work/err" ] || fail "query [$*]: exit 2 without a message" ;;
    *) fail "query [$*]: exit $rc: $(cat "$work/err")" ;;
  esac
}
for q in '"' '"""' '-' 'OR' 'AND' 'NOT' 'NEAR(' 'NEAR(a b, 2)' '^registre' \
         'registre*' '*' 'title:registre' '{title}: x' '(((' ')))' \
         "'; DROP TABLE record; --" '\' '-"' 'a OR OR b' '+x' 'col:"x' \
         "$(printf 'regi\001fr\001stre')" "$(printf '\377\376')"; do
  run "$q"
done
# 10 kB of operators: over the default query limit, a clear error.
big=$(awk 'BEGIN { for (i = 0; i < 1280; i++) printf "\"a* OR("; }')
set +e
"$HDCAT" search --db "$db" -- "$big" >/dev/null 2>"$work/err"
rc=$?
set -e
[ $rc = 2 ] || fail "10 kB query: exit $rc, expected 2"
grep -q query_bytes "$work/err" || fail "10 kB query: the error does not name the limit"
# Raised limit: a sane answer.
HDCAT_LIMIT_QUERY_BYTES=65536 "$HDCAT" search --db "$db" --json -- "$big" \
  | grep -q '"total"' || fail "10 kB query under a raised limit"
# The catalogue is intact.
n=$("$HDCAT" search --db "$db" --json | sed -n 's/^  "total": \([0-9]*\),*$/\1/p')
[ "$n" = 50 ] || fail "catalogue changed: $n records"
echo "ok: hostile queries"
