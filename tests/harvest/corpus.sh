#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# Harvest corpus test: one real catalogue file (the shared fixtures/real),
# served over HTTP by hdc-harvest-serve with the Content-Type of its
# extension, harvested by `hdcat harvest` into a catalogue that already
# holds another source's records.
#
#   corpus.sh FILE --hdcat BIN --serve BIN --fixtures DIR
#
# The reference is `hdcat convert` of the local file, with the URL the file
# is served at as base IRI and the syntax of its extension:
#  - if it parses, the harvest must complete (exit 0, or 1 when records do
#    not validate) and the source must hold exactly one active record per
#    distinct dcat:Dataset node of the file; a second harvest must find
#    every record unchanged (nothing rewritten, nothing withdrawn);
#  - if it parses but its paging link leaves the host, the harvest must
#    fail, saying so, and change nothing;
#  - if it does not parse, the harvest must fail (exit 2 or 3) with an
#    error naming the URL, `hdcat source show` must report the failed run,
#    and the catalogue must be unchanged (the other source's records and no
#    record of this one).
# Exits 0 pass, 1 fail, 77 skip (file absent).
set -u
file=${1:-}
shift || true
HDCAT="" SERVE="" FIX=""
while [ $# -gt 0 ]; do
  case $1 in
    --hdcat) HDCAT=$2; shift 2 ;;
    --serve) SERVE=$2; shift 2 ;;
    --fixtures) FIX=$2; shift 2 ;;
    *) echo "corpus.sh: unknown argument $1"; exit 1 ;;
  esac
done
if [ ! -f "$file" ]; then
  echo "skip: $file is absent (shared fixtures not available)"
  exit 77
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/hdcat-harvest-corpus.XXXXXX")
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }

name=$(basename "$file")
mkdir -p "$work/www"
cp "$file" "$work/www/$name"
cp "$FIX/harvest/single.ttl" "$work/www/other.ttl"
"$SERVE" "$work/www" > "$work/port" 2>"$work/serve.err" &
server=$!
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.05; done
port=$(head -n 1 "$work/port")
[ -n "$port" ] || fail "the test server did not start: $(cat "$work/serve.err")"
url="http://127.0.0.1:$port/$name"
export HDCAT_DB="$work/cat.db"
unset http_proxy HTTP_PROXY all_proxy ALL_PROXY

case $name in
  *.ttl) fmt=turtle ;; *.rdf|*.xml) fmt=rdfxml ;; *.nt) fmt=ntriples ;;
  *.trig) fmt=trig ;; *.jsonld) fmt=jsonld ;; *) fmt="" ;;
esac

# Another source's records, which nothing here may touch.
"$HDCAT" source add other "http://127.0.0.1:$port/other.ttl" >/dev/null ||
  fail "source add other"
"$HDCAT" harvest --delay 0 other >/dev/null 2>&1
[ $? -le 1 ] || fail "harvest of the reference source failed"

"$HDCAT" convert --to ntriples --base "$url" --input-format "$fmt" "$file" \
  > "$work/ref.nt" 2>"$work/ref.err"
ref_rc=$?
"$HDCAT" source add real "$url" >/dev/null || fail "source add real"
"$HDCAT" harvest --delay 0 real > "$work/h.out" 2> "$work/h.err"
rc=$?
echo "file: $name ($fmt), reference convert exit $ref_rc, harvest exit $rc"
"$HDCAT" source show real > "$work/show.txt" 2>&1 || fail "source show"
active_of() {
  "$HDCAT" source list | awk -v n="$1" '$1 == n { print $4 }'
}

# A paging link to another host (real files name their publisher's host):
# never followed; the run fails and changes nothing.
offhost=""
[ $ref_rc -eq 0 ] && offhost=$(grep -E '<http://www.w3.org/ns/hydra/core#next(Page)?>' "$work/ref.nt" |
  grep -v "127\.0\.0\.1:$port" | head -n 1)
if [ -n "$offhost" ]; then
  echo "paging link to another host: $offhost"
  [ $rc -ge 2 ] || fail "the paging link leaves the host, but the harvest exited $rc"
  grep -q "leaves the source's host" "$work/h.err" ||
    fail "the error does not say the link leaves the host: $(cat "$work/h.err")"
  grep -q "failed" "$work/show.txt" || fail "source show does not report the failed run"
  [ "$(active_of real)" = 0 ] || fail "the failed harvest left records"
  echo "ok: refused: $(grep -m 1 error "$work/h.err")"
elif [ $ref_rc -eq 0 ]; then
  [ $rc -le 1 ] || { cat "$work/h.err"; fail "the file parses, but the harvest failed"; }
  want=$(grep -F ' <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/dcat#Dataset> .' "$work/ref.nt" |
    cut -d' ' -f1 | sort -u | wc -l)
  got=$(active_of real)
  [ "$got" = "$want" ] || fail "expected $want datasets, the source holds $got records"
  "$HDCAT" harvest --delay 0 real > "$work/h2.out" 2>&1
  [ $? -le 1 ] || fail "second harvest failed"
  grep -q ": 0 added, 0 updated, $want unchanged, 0 invalid, 0 withdrawn" "$work/h2.out" ||
    fail "second harvest changed something: $(cat "$work/h2.out")"
  echo "ok: $want datasets harvested; a second harvest changed nothing"
else
  [ $rc -ge 2 ] || fail "the file does not parse, but the harvest exited $rc"
  grep -qF "$name" "$work/h.err" || fail "the error does not name the document: $(cat "$work/h.err")"
  grep -q "failed" "$work/show.txt" || fail "source show does not report the failed run"
  [ "$(active_of real)" = 0 ] || fail "the failed harvest left records"
  echo "ok: refused: $(grep -m 1 error "$work/h.err")"
fi
[ "$(active_of other)" = 3 ] || fail "the other source's records changed"
exit 0
