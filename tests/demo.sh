#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# Build hdcat (release), import the bundled demo catalogue (58 descriptions of
# French health databases, fixtures/demo) into build/demo/hdcat.db, and show
# a validation report and a few searches. The web front-end comes next; until
# then this is the catalogue on the command line.
set -euo pipefail
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
