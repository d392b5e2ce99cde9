#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# Build hdcat (release) and run it on the bundled HealthDCAT-AP examples.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
bash "$top/tests/setup.sh"
build="$top/build/release"
cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=Release -DHDC_TESTS=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" --target hdcat
hdcat="$build/src/hdcat"
out="$top/build/demo"
mkdir -p "$out"
for f in "$top"/fixtures/examples/healthdcat-ap-r8/*.ttl; do
  name=$(basename "$f" .ttl)
  echo "== $name"
  for fmt in ntriples jsonld rdfxml; do
    "$hdcat" convert --to "$fmt" "$f" > "$out/$name.$fmt"
  done
  echo "   $(wc -l < "$out/$name.ntriples") triples; written as N-Triples, JSON-LD and RDF/XML to build/demo/"
  if "$hdcat" validate --help >/dev/null 2>&1; then
    "$hdcat" validate --profile healthdcat-ap-core "$f" || true
  fi
done
