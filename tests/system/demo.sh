#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# The demo catalogue (fixtures/demo/) stays what the README promises: at
# least 40 self-contained HealthDCAT-AP descriptions, one dataset per file,
# each titled in French and English, all valid against the HealthDCAT-AP
# shapes without the codelist checks (profile healthdcat-ap-core: zero
# violations; warnings are allowed).
#
#   demo.sh DEMO_DIR --hdcat BIN
set -u
. "$(dirname "$0")/lib.sh"

MIN_DATASETS=40
DCAT_DATASET='<http://www.w3.org/ns/dcat#Dataset>'
RDF_TYPE='<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>'
DCT_TITLE='<http://purl.org/dc/terms/title>'

demo_dir=${1:-}
shift || { echo "usage: demo.sh DEMO_DIR --hdcat BIN"; exit $T_FAIL; }
HDCAT=""
while [ $# -gt 0 ]; do
  case $1 in
    --hdcat) HDCAT=$2; shift 2 ;;
    *) echo "demo.sh: unknown argument $1"; exit $T_FAIL ;;
  esac
done
if [ -z "$HDCAT" ]; then
  echo "usage: demo.sh DEMO_DIR --hdcat BIN"
  exit $T_FAIL
fi
t_workdir

shopt -s nullglob
files=("$demo_dir"/datasets/*.ttl)
if [ ${#files[@]} -eq 0 ]; then
  t_fail "no demo descriptions in $demo_dir/datasets"
  exit $T_FAIL
fi

# Each file is one record: exactly one dcat:Dataset, with a title in both
# languages. The import splits files into records, so a second dataset in a
# file would become a record of its own, and a file without one none.
datasets=0
declare -A seen=()
for f in "${files[@]}"; do
  name=$(basename "$f")
  t_run "convert-$name" -- "$HDCAT" convert --to ntriples "$f"
  t_expect_rc "convert $name" 0 || continue
  iris=$(grep -F -- " $RDF_TYPE $DCAT_DATASET ." "$T_OUT" | cut -d' ' -f1)
  n=$(printf '%s' "$iris" | grep -c . || true)
  if [ "$n" -ne 1 ]; then
    t_fail "$name: $n dcat:Dataset nodes, expected exactly 1"
    continue
  fi
  if [ -n "${seen[$iris]:-}" ]; then
    t_fail "$name: dataset $iris already described in ${seen[$iris]}"
    continue
  fi
  seen[$iris]=$name
  for lang in fr en; do
    if ! grep -F -- "$iris $DCT_TITLE " "$T_OUT" | grep -q "\"@$lang \\.\$"; then
      t_fail "$name: no dct:title in language '$lang'"
    fi
  done
  datasets=$((datasets + 1))
done
if [ "$datasets" -lt "$MIN_DATASETS" ]; then
  t_fail "only $datasets well-formed demo datasets, expected at least $MIN_DATASETS"
else
  t_ok "$datasets demo datasets, one per file"
fi

# All of them in one run: the exit code says whether any violation was found
# (0: none; warnings do not count), the summary line says how many.
t_run validate -- "$HDCAT" validate --profile healthdcat-ap-core "${files[@]}"
if t_expect_rc "validate --profile healthdcat-ap-core" 0; then
  summary=$(tail -n 1 "$T_OUT")
  case $summary in
    *" 0 violation(s)"*) t_ok "healthdcat-ap-core: $summary" ;;
    *) t_fail "healthdcat-ap-core: unexpected summary '$summary'" ;;
  esac
else
  grep -B2 -A6 'Violations (' "$T_OUT" | head -n 40
fi

[ "$t_failures" -eq 0 ] && exit $T_PASS
exit $T_FAIL
