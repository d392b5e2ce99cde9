#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# The DCAT feed over real HTTP: `hdcat serve` on a free port over the demo
# catalogue plus one record that does not conform; the feed is walked page
# by page through its hydra:next links (hdcat itself fetches and parses
# each page), and must hold exactly the conforming records, say how many
# were held back, pass the HealthDCAT-AP shapes page by page, give the
# same triples in all four syntaxes, and, harvested with `hdcat harvest`
# into an empty catalogue, give the same records back.
#   feed.sh HDCAT FIXTURES
set -eu
HDCAT=$1
FIXTURES=$2
work=$(mktemp -d -t hdcat-feed.XXXXXX)
pid=
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
db="$work/cat.db"

# A record without access rights, title or publisher: stored, flagged.
cat > "$work/broken.ttl" <<'EOF'
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
<https://example.org/dataset/broken> a dcat:Dataset ;
  dct:description "Ne respecte pas le profil <b>gras</b> & \"guillemets\""@fr .
EOF
set +e
# The demo catalogue, the record full of markup (fixtures/xss) if present,
# and the broken one.
"$HDCAT" import --db "$db" "$FIXTURES"/demo/datasets/* \
  $(ls "$FIXTURES"/xss/*.ttl 2>/dev/null) "$work/broken.ttl" \
  > "$work/import.out" 2>&1
set -e
grep -q "1 invalid" "$work/import.out" || fail "import: $(cat "$work/import.out")"

"$HDCAT" serve --db "$db" --listen 127.0.0.1:0 --quiet > "$work/serve.out" 2>&1 &
pid=$!
port=
for i in $(seq 1 100); do
  port=$(sed -n 's/.* on port \([0-9]*\) .*/\1/p' "$work/serve.out")
  [ -n "$port" ] && break
  kill -0 "$pid" 2>/dev/null || fail "serve exited: $(cat "$work/serve.out")"
  sleep 0.1
done
[ -n "$port" ] || fail "serve did not start"
base="http://127.0.0.1:$port"

# The conforming records, as the search lists them.
"$HDCAT" search --db "$db" --json --limit 1000 > "$work/search.json"
sed -n 's/^ *"iri": "\(.*\)",$/\1/p' "$work/search.json" | sort > "$work/want"
n=$(wc -l < "$work/want")
[ "$n" -ge 58 ] || fail "expected at least 58 conforming records, got $n"

# Walk the feed through hydra:next.
url="$base/catalog.ttl?page_size=20"
pages=0
: > "$work/got"
while [ -n "$url" ]; do
  pages=$((pages + 1))
  [ $pages -le 20 ] || fail "more pages than records"
  "$HDCAT" convert --to ntriples "$url" > "$work/page.nt" \
    || fail "page $pages ($url) does not parse"
  grep "^<$base/catalog> <http://www.w3.org/ns/dcat#dataset> " "$work/page.nt" \
    | sed 's/.* <\(.*\)> \.$/\1/' >> "$work/got"
  grep -q "hydra/core#totalItems> \"$n\"" "$work/page.nt" \
    || fail "page $pages: hydra:totalItems is not $n"
  grep -q "1 held back" "$work/page.nt" \
    || fail "page $pages: the description does not say 1 was held back"
  grep -q "hydra/core#firstPage> \"$base/catalog.ttl?page=1&page_size=20\"" \
    "$work/page.nt" || fail "page $pages: no legacy hydra:firstPage literal"
  # Every page passes the shapes (the catalogue node and each dataset).
  "$HDCAT" validate --profile healthdcat-ap-core "$url" > "$work/report" 2>&1 \
    || fail "page $pages does not conform: $(grep -A3 Violation "$work/report" | head -20)"
  url=$(sed -n 's|^<[^>]*> <http://www.w3.org/ns/hydra/core#next> <\(.*\)> \.$|\1|p' \
    "$work/page.nt")
done
[ $pages -eq 3 ] || fail "expected 3 pages of 20, walked $pages"
sort "$work/got" > "$work/got.sorted"
cmp -s "$work/want" "$work/got.sorted" || {
  diff "$work/want" "$work/got.sorted" | head >&2
  fail "the feed does not hold exactly the conforming records"
}
grep -q "example.org/dataset/broken" "$work/got" \
  && fail "a record that does not conform was exported"

# The same page in the four syntaxes gives the same triples (the page's own
# links name the syntax; blank nodes keep their labels).
for f in ttl rdf jsonld nt; do
  "$HDCAT" convert --to ntriples "$base/catalog.$f?page=2&page_size=20" \
    | sed "s|catalog\.$f?|catalog?|g" | sort > "$work/p2.$f" \
    || fail "catalog.$f does not parse"
done
for f in rdf jsonld nt; do
  cmp -s "$work/p2.ttl" "$work/p2.$f" || fail "catalog.$f differs from Turtle"
done
[ "$(wc -l < "$work/p2.ttl")" -gt 100 ] || fail "page 2 is nearly empty"

# modified_since after every change: an empty, valid feed.
"$HDCAT" convert --to ntriples "$base/catalog?modified_since=2999-01-01" \
  > "$work/empty.nt" || fail "an empty feed does not parse"
grep -q 'totalItems> "0"' "$work/empty.nt" || fail "modified_since ignored"
grep -q 'dcat#dataset>' "$work/empty.nt" && fail "modified_since: datasets listed"

# Harvesting the feed gives the same records back.
db2="$work/copy.db"
"$HDCAT" source add self "$base/catalog?page_size=20" --db "$db2" > /dev/null
set +e
"$HDCAT" harvest --db "$db2" --delay 0 self > "$work/harvest.out" 2>&1
rc=$?
set -e
[ $rc -le 1 ] || fail "harvest of the feed failed: $(cat "$work/harvest.out")"
"$HDCAT" search --db "$db2" --json --limit 1000 --include-invalid \
  > "$work/search2.json" 2>/dev/null \
  || "$HDCAT" search --db "$db2" --json --limit 1000 > "$work/search2.json"
sed -n 's/^ *"iri": "\(.*\)",$/\1/p' "$work/search2.json" | sort > "$work/back"
cmp -s "$work/want" "$work/back" || {
  diff "$work/want" "$work/back" | head >&2
  fail "harvesting the feed does not give the same records back"
}
echo "ok: $pages pages, $(wc -l < "$work/got") records, 1 held back"
