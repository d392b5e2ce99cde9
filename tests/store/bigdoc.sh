#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# A document over 2 GiB is refused with a limit error, never handed to the
# RDF parser (whose int-sized buffers crashed on one), and leaves the
# catalogue as it was; the document limit itself cannot be raised to
# 2 GiB or more. The big file is sparse: it costs no disk space and is
# never read, the size check comes first.
#   bigdoc.sh HDCAT
set -eu
HDCAT=$1
here=$(cd "$(dirname "$0")" && pwd)
schemas="$here/../../schemas"
demo="$here/../../fixtures/demo/datasets"
work=$(mktemp -d "${TMPDIR:-/tmp}/hdcat-bigdoc.XXXXXX")
trap 'rm -rf "$work"' EXIT
db="$work/cat.db"
fail() { echo "FAIL: $*" >&2; exit 1; }
total() { sed -n 's/^  "total": \([0-9]*\),*$/\1/p' "$1"; }

"$HDCAT" import --db "$db" --schemas "$schemas" "$demo/bndmr.ttl" > /dev/null
"$HDCAT" search --db "$db" --json "" > "$work/before.json"

# 2,300 MiB, like the 1,000,000-dataset bench file (2.37 GB).
dd if=/dev/null of="$work/big.ttl" bs=1048576 seek=2300 2> /dev/null
[ "$(wc -c < "$work/big.ttl")" -gt 2147483648 ] || fail "no sparse file"

# The largest limit allowed: still below the file's size.
set +e
HDCAT_LIMIT_DOCUMENT_BYTES=2146435072 "$HDCAT" import --db "$db" \
  --schemas "$schemas" "$work/big.ttl" > "$work/big.out" 2> "$work/big.err"
rc=$?
set -e
[ $rc -ne 0 ] || fail "a 2.3 GB document was accepted"
[ $rc -lt 128 ] || fail "import died (exit $rc): $(cat "$work/big.err")"
grep -q "limit document_bytes" "$work/big.err" ||
  fail "no limit error: $(cat "$work/big.err")"
"$HDCAT" search --db "$db" --json "" > "$work/after.json"
[ "$(total "$work/after.json")" = "$(total "$work/before.json")" ] ||
  fail "the catalogue changed"

# A limit of 2 GiB or more is refused before anything is read.
set +e
HDCAT_LIMIT_DOCUMENT_BYTES=2300000000 "$HDCAT" import --db "$db" \
  --schemas "$schemas" "$work/big.ttl" > "$work/env.out" 2> "$work/env.err"
rc=$?
set -e
[ $rc -ne 0 ] && [ $rc -lt 128 ] || fail "limit of 2.3 GB: exit $rc"
grep "document_bytes" "$work/env.err" | grep -q "between" ||
  fail "a limit of 2.3 GB was not refused: $(cat "$work/env.err")"
echo "ok: a document over 2 GiB is refused with a limit error"
