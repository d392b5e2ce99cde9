#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
#
# Start a real `hdcat serve` on a free loopback port over a fresh catalogue
# (the demo records and the hostile record of fixtures/xss/), with the
# DSFR assets built from web/, then run a spec (pages.mjs unless --spec) in
# headless Chromium. --empty serves an empty catalogue instead.
# Exit 77 (skipped) when Chromium, node or playwright-core is missing.
set -uo pipefail

hdcat="" node="" chromium="" web="" fixtures="" schemas="" work="" spec=""
empty=0
while (($#)); do
  case "$1" in
    --hdcat) hdcat="$2"; shift 2 ;;
    --node) node="$2"; shift 2 ;;
    --chromium) chromium="$2"; shift 2 ;;
    --web) web="$2"; shift 2 ;;
    --fixtures) fixtures="$2"; shift 2 ;;
    --schemas) schemas="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --spec) spec="$2"; shift 2 ;;
    --empty) empty=1; shift ;;
    *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[[ -n "$spec" ]] || spec="$here/pages.mjs"

# Under CI (CI set) a missing tool is a failure, not a skip.
skip() { echo "SKIPPED: $*"; [ -z "${CI:-}" ] || exit 1; exit 77; }
[[ -x "$chromium" ]] || skip "no Chromium (apt-get install chromium)"
[[ -x "$node" ]] || skip "no node (apt-get install nodejs npm)"
[[ -f "$web/node_modules/playwright-core/package.json" ]] ||
  skip "no playwright-core: run 'npm ci' in web/ (tests/run.sh does)"
[[ -f "$web/node_modules/@gouvfr/dsfr/dist/dsfr.min.css" ]] ||
  skip "no @gouvfr/dsfr: run 'npm ci' in web/"

rm -rf "$work"
mkdir -p "$work/screenshots"
bash "$web/build-assets.sh" "$work/assets" || exit 1

db="$work/hdcat.db"
if ((!empty)); then
  "$hdcat" import --db "$db" --source demo "$fixtures"/demo/datasets/*.ttl \
    "$fixtures/xss/xss.ttl" >"$work/import.log" 2>&1 || {
    cat "$work/import.log"; echo "import failed" >&2; exit 1; }
fi

"$hdcat" serve --db "$db" --listen 127.0.0.1:0 --assets "$work/assets" \
  --schemas "$schemas" >"$work/serve.out" 2>"$work/serve.log" &
server=$!
stop() {
  if kill -0 "$server" 2>/dev/null; then
    kill -TERM "$server"
    wait "$server"
    local rc=$?
    # 0, or the status of a process ended by SIGTERM; ASan/UBSan fail loudly.
    if ((rc == 86 || rc == 87)); then
      echo "the server failed a sanitizer check (exit $rc):" >&2
      tail -50 "$work/serve.log" >&2
      return 1
    fi
  fi
  return 0
}
trap 'kill -TERM $server 2>/dev/null' EXIT

port=""
for _ in $(seq 1 200); do
  port="$(sed -n 's/.* on port \([0-9]*\).*/\1/p' "$work/serve.out")"
  [[ -n "$port" ]] && break
  kill -0 "$server" 2>/dev/null || break
  sleep 0.1
done
if [[ -z "$port" ]]; then
  echo "the server did not start:" >&2
  cat "$work/serve.out" "$work/serve.log" >&2
  exit 1
fi

HDC_BASE_URL="http://127.0.0.1:$port" HDC_WEB_DIR="$web" \
HDC_CHROMIUM="$chromium" HDC_SHOTS="$work/screenshots" \
HDC_FIXTURES="$fixtures" "$node" "$spec"
rc=$?
stop || rc=1
trap - EXIT
echo "screenshots: $work/screenshots"
exit $rc
