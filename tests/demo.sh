#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# Build hdcat (release), import the bundled demo catalogue (58 descriptions of
# French health databases, fixtures/demo) into build/demo/hdcat.db, show a
# validation report and a few searches, then serve the catalogue at
# http://localhost:8080 (in the foreground; Ctrl-C stops it).
#
#   --no-serve      stop after the searches (the command-line demo only)
#   --listen A:P    serve on another address and port (default 127.0.0.1:8080)
set -euo pipefail
serve=1
listen="127.0.0.1:8080"
while (($#)); do
  case "$1" in
    --no-serve) serve=0; shift ;;
    --listen) listen="$2"; shift 2 ;;
    *) echo "usage: bash tests/demo.sh [--no-serve] [--listen ADDR:PORT]" >&2; exit 2 ;;
  esac
done
top=$(cd "$(dirname "$0")/.." && pwd)
bash "$top/tests/setup.sh"
build="$top/build/release"
cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=Release -DHDC_TESTS=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" --target hdcat
hdcat="$build/src/hdcat"
out="$top/build/demo"
mkdir -p "$out"
export HDCAT_DB="$out/hdcat.db"
rm -f "$HDCAT_DB" "$HDCAT_DB-wal" "$HDCAT_DB-shm"

echo "== Importing the demo catalogue into build/demo/hdcat.db"
"$hdcat" import --source demo "$top"/fixtures/demo/datasets/*.ttl

echo
echo "== Validating one description (the official HealthDCAT-AP example ARCA)"
"$hdcat" validate --profile healthdcat-ap-core "$top/fixtures/examples/healthdcat-ap-r8/ARCA.ttl" || true

for q in "cancer" "données hospitalières" "mortality" '"causes de décès"'; do
  echo
  echo "== hdcat search $q"
  "$hdcat" search --limit 5 "$q"
done
echo
echo "Try: $hdcat search --db $HDCAT_DB --json 'diabète'"
((serve)) || exit 0

# The pages use the French state design system (DSFR), from npm.
echo
echo "== Building the web assets into build/demo/assets"
if ! bash "$top/web/build-assets.sh" "$out/assets"; then
  echo "(no DSFR assets: the pages will be served unstyled)" >&2
fi
port="${listen##*:}"
echo
echo "== Serving the catalogue: open http://localhost:$port/ (Ctrl-C to stop)"
exec "$hdcat" serve --db "$HDCAT_DB" --listen "$listen" \
  --assets "$out/assets" --schemas "$top/schemas"
