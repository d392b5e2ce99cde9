#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# `hdcat convert` and `hdcat validate` on http URLs (DESIGN.md: INPUT may be
# an http(s) URL), against a local web server (python3 -m http.server on
# 127.0.0.1, a port the system picks) serving copies of fixtures: the same
# triples and the same report as from the file with --base set to the URL,
# relative IRIs resolved against the URL, --input-format over the
# extension, and exit 2 with an error naming the URL for a 404, an
# unreachable port, a document over the size limit and one that is not
# RDF. The server is stopped on exit, whatever happens.
#
#   url.sh --hdcat BIN        (exit 77: skipped, no python3)
set -u
. "$(dirname "$0")/lib.sh"

HDCAT=""
while [ $# -gt 0 ]; do
  case $1 in
    --hdcat) HDCAT=$2; shift 2 ;;
    *) echo "url.sh: unknown argument $1"; exit $T_FAIL ;;
  esac
done
if [ -z "$HDCAT" ]; then
  echo "url.sh: --hdcat is required"
  exit $T_FAIL
fi
if ! command -v python3 >/dev/null 2>&1; then
  echo "url.sh: python3 not found: skipped"
  exit $T_SKIP
fi
# A proxy from the environment would take loopback requests away.
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
t_workdir

FIXTURES="$(cd "$(dirname "$0")/../../fixtures" && pwd)"
WWW="$T_WORK/www"
mkdir -p "$WWW/sub"
cp "$FIXTURES/examples/healthdcat-ap-r8/ARCA.ttl" "$WWW/ARCA.ttl"
cat >"$WWW/sub/relative.ttl" <<'EOF'
@prefix dcat: <http://www.w3.org/ns/dcat#> .
<d> a dcat:Dataset ; dcat:keyword "relative" ; dcat:theme <../theme#t> .
EOF
# Turtle under a name that says N-Triples: only --input-format saves it.
cp "$WWW/sub/relative.ttl" "$WWW/sub/misnamed.nt"
printf '<!DOCTYPE html>\n<html><body>Not RDF</body></html>\n' \
  >"$WWW/page.html"

SERVER_PID=""
stop_server() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null
    wait "$SERVER_PID" 2>/dev/null
    SERVER_PID=""
  fi
}
cleanup() {
  stop_server
  if [ -z "${HDC_TEST_WORK:-}" ]; then
    rm -rf "$T_WORK"
  fi
}
trap cleanup EXIT
trap 'exit $T_FAIL' INT TERM

# Port 0: the system picks a free port, which the server prints.
python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$WWW" \
  >"$T_WORK/server.log" 2>&1 &
SERVER_PID=$!
PORT=""
for _ in $(seq 1 100); do
  PORT=$(sed -n 's/.* port \([0-9][0-9]*\).*/\1/p' "$T_WORK/server.log" |
    head -n 1)
  [ -n "$PORT" ] && break
  sleep 0.1
done
if [ -z "$PORT" ]; then
  t_fail "the test web server did not start"
  cat "$T_WORK/server.log"
  t_finish
fi
BASE="http://127.0.0.1:$PORT"
t_say "server: $BASE (pid $SERVER_PID)"

# A port nobody listens on: one the server is not using, just closed.
FREE_PORT=$(python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

# --help says URLs are accepted.
for cmd in convert validate; do
  t_run "$cmd-help" -- "$HDCAT" "$cmd" --help
  if t_expect_rc "$cmd --help" 0; then
    if grep -q "URL" "$T_OUT"; then
      t_ok "$cmd --help mentions URLs"
    else
      t_fail "$cmd --help does not mention URLs"
    fi
  fi
done

# convert: the same triples as from the file, with the URL as base.
t_run convert-url -- "$HDCAT" convert --to ntriples "$BASE/ARCA.ttl"
if t_expect_rc "convert URL" 0; then
  sort "$T_OUT" >"$T_WORK/from-url.nt"
  t_run convert-file -- "$HDCAT" convert --to ntriples \
    --base "$BASE/ARCA.ttl" "$WWW/ARCA.ttl"
  sort "$T_OUT" >"$T_WORK/from-file.nt"
  if [ ! -s "$T_WORK/from-url.nt" ]; then
    t_fail "convert URL: empty output"
  elif cmp -s "$T_WORK/from-url.nt" "$T_WORK/from-file.nt"; then
    t_ok "convert URL: same $(wc -l <"$T_WORK/from-url.nt") triples as the file"
  else
    t_fail "convert URL: triples differ from the file's"
    diff "$T_WORK/from-url.nt" "$T_WORK/from-file.nt" | head -n 10
  fi
fi

# Relative IRIs resolve against the URL of the document.
t_run relative -- "$HDCAT" convert --to ntriples "$BASE/sub/relative.ttl"
if t_expect_rc "relative IRIs" 0; then
  if grep -qF "<$BASE/sub/d>" "$T_OUT" &&
    grep -qF "<$BASE/theme#t>" "$T_OUT"; then
    t_ok "relative IRIs resolved against the URL"
  else
    t_fail "relative IRIs not resolved against $BASE/sub/relative.ttl"
    head -n 5 "$T_OUT"
  fi
fi

# --base still wins over the URL.
t_run base -- "$HDCAT" convert --to ntriples --base http://other.example/x/ \
  "$BASE/sub/relative.ttl"
if t_expect_rc "--base with a URL" 0; then
  if grep -qF "<http://other.example/x/d>" "$T_OUT"; then
    t_ok "--base overrides the URL as base"
  else
    t_fail "--base ignored for a URL input"
  fi
fi

# --input-format over a misleading extension.
t_run misnamed -- "$HDCAT" convert --to ntriples "$BASE/sub/misnamed.nt"
t_expect_rc "misnamed without --input-format" 2 &&
  t_expect_error_names "misnamed" "$BASE/sub/misnamed.nt" &&
  t_ok "Turtle named .nt is refused as N-Triples, naming the URL"
t_run misnamed-fmt -- "$HDCAT" convert --to ntriples --input-format turtle \
  "$BASE/sub/misnamed.nt"
t_expect_rc "misnamed with --input-format" 0 &&
  grep -qF "<$BASE/sub/d>" "$T_OUT" &&
  t_ok "--input-format overrides the URL's extension"

# Unusable URLs: exit 2, an error naming the URL and saying why.
expect_refused() { # NAME URL WHY [ENV=VALUE...]
  local name=$1 url=$2 why=$3
  shift 3
  for cmd in convert validate; do
    t_run "$name-$cmd" "$@" -- "$HDCAT" "$cmd" "$url"
    if t_expect_rc "$cmd $name" 2 && t_expect_error_names "$cmd $name" "$url"; then
      if grep -qiF -- "$why" "$T_ERR"; then
        t_ok "$cmd $name: exit 2, error names the URL and says '$why'"
      else
        t_fail "$cmd $name: error does not say '$why'"
        t_show_err
      fi
    fi
  done
}
expect_refused not-found "$BASE/absent.ttl" "404"
expect_refused unreachable "http://127.0.0.1:$FREE_PORT/x.ttl" "connect"
expect_refused too-large "$BASE/ARCA.ttl" "document_bytes" \
  HDCAT_LIMIT_DOCUMENT_BYTES=100
expect_refused not-rdf "$BASE/page.html" "text/html"

# validate: the same report as for the file with the URL as base.
t_run validate-url -- "$HDCAT" validate --format ntriples "$BASE/ARCA.ttl"
url_rc=$T_RC
t_expect_rc "validate URL" 0 1 && cp "$T_OUT" "$T_WORK/report-url.nt"
t_run validate-file -- "$HDCAT" validate --format ntriples \
  --base "$BASE/ARCA.ttl" "$WWW/ARCA.ttl"
file_rc=$T_RC
if t_expect_rc "validate file" 0 1; then
  if [ "$url_rc" -ne "$file_rc" ]; then
    t_fail "validate: exit $url_rc for the URL, $file_rc for the file"
  elif ! cmp -s "$T_WORK/report-url.nt" "$T_OUT"; then
    t_fail "validate: the report for the URL differs from the file's"
  elif ! grep -q 'ValidationReport' "$T_OUT"; then
    t_fail "validate: no sh:ValidationReport in the report"
  else
    t_ok "validate URL: exit $url_rc and the same report as the file"
  fi
fi

# The server must have answered every request above.
if ! kill -0 "$SERVER_PID" 2>/dev/null; then
  t_fail "the test web server died during the test"
fi
stop_server
t_finish
