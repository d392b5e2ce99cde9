#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# Records that do not conform are stored and flagged, left out of searches
# by default and listed with `hdcat search --include-invalid`, marked as
# not conforming.
#   invalid.sh HDCAT
set -eu
HDCAT=$1
here=$(cd "$(dirname "$0")" && pwd)
schemas="$here/../../schemas"
demo="$here/../../fixtures/demo/datasets"
work=$(mktemp -d "${TMPDIR:-/tmp}/hdcat-invalid.XXXXXX")
trap 'rm -rf "$work"' EXIT
db="$work/cat.db"
fail() { echo "FAIL: $*" >&2; exit 1; }
total() { sed -n 's/^  "total": \([0-9]*\),*$/\1/p' "$1"; }

# One valid demo description, and a dataset with only a title.
cat > "$work/bad.ttl" <<'TTL'
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
<https://catalogue.example/dataset/incomplet> a dcat:Dataset ;
  dct:title "Registre incomplet des maladies rares"@fr .
TTL
set +e
"$HDCAT" import --db "$db" --schemas "$schemas" "$demo/bndmr.ttl" \
  "$work/bad.ttl" > "$work/import.out" 2> "$work/import.err"
rc=$?
set -e
[ $rc = 1 ] || fail "import: exit $rc, expected 1 (a record does not conform): $(cat "$work/import.err")"
grep -q "2 added.*1 invalid" "$work/import.out" || fail "import: $(cat "$work/import.out")"

"$HDCAT" search --db "$db" --json "registre" > "$work/default.json"
"$HDCAT" search --db "$db" --json --include-invalid "registre" > "$work/all.json"
n=$(total "$work/default.json")
a=$(total "$work/all.json")
[ "$a" = $((n + 1)) ] || fail "--include-invalid: $a results, expected $n + 1"
grep -q 'incomplet' "$work/default.json" && fail "an invalid record is listed by default"
grep -q 'incomplet' "$work/all.json" || fail "--include-invalid does not list the invalid record"
grep -q '"valid": false' "$work/all.json" || fail "the invalid record is not marked"
"$HDCAT" search --db "$db" --include-invalid "incomplet" | grep -q "does not conform" \
  || fail "text output does not mark the invalid record"
echo "ok: invalid records"
