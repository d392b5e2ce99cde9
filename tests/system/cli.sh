#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# The `hdcat` command-line contract (DESIGN.md): --help and --version, usage
# errors (exit 2 with a usage message), missing and unreadable inputs
# (exit 2 naming them), standard input, every output format, --base and
# --input-format, the error format `hdcat: SOURCE:LINE:COL: error: MESSAGE`,
# limits from HDCAT_LIMIT_* and I/O failure on output (exit 3).
#
#   cli.sh CASE --hdcat BIN --rdfcheck BIN      (cli.sh list: the cases)
set -u
. "$(dirname "$0")/lib.sh"

CASES=(
  help version no-arguments unknown-command unknown-global-option
  convert-help convert-unknown-option convert-missing-input
  convert-missing-option-value convert-bad-to convert-bad-input-format
  convert-extra-argument missing-file directory-input unreadable-file
  stdin-input stdin-sniffs-format to-turtle to-rdfxml to-ntriples
  to-jsonld default-is-turtle output-is-deterministic empty-input
  base-resolves-relative base-in-rdfxml base-directive-wins
  base-default-is-stable input-format-overrides error-format-names-line
  limit-env-applies limit-env-invalid stdout-full
)

if [ "${1:-}" = list ]; then
  printf '%s\n' "${CASES[@]}"
  exit $T_PASS
fi
case_name=${1:-}
shift || { echo "usage: cli.sh CASE --hdcat BIN --rdfcheck BIN"; exit $T_FAIL; }
HDCAT=""
RDFCHECK=""
while [ $# -gt 0 ]; do
  case $1 in
    --hdcat) HDCAT=$2; shift 2 ;;
    --rdfcheck) RDFCHECK=$2; shift 2 ;;
    *) echo "cli.sh: unknown argument $1"; exit $T_FAIL ;;
  esac
done
if [ -z "$HDCAT" ] || [ -z "$RDFCHECK" ]; then
  echo "cli.sh: --hdcat and --rdfcheck are required"
  exit $T_FAIL
fi
t_workdir

# A small document with the things writers get wrong: escapes, language
# tags, datatypes, non-ASCII text, an empty literal, blank nodes, a list,
# and an IRI with characters that need care.
SAMPLE="$T_WORK/sample.ttl"
cat >"$SAMPLE" <<'EOF'
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/ns#> .

<http://example.org/dataset/1> a dcat:Dataset ;
  dct:title "Registre des cancers"@fr, "Cancer registry"@en ;
  dct:description "Line one\nline \"two\"\twith a tab and a backslash \\ ." ;
  dct:issued "2024-01-31"^^xsd:date ;
  ex:count 42 ;
  ex:ratio "0.5"^^xsd:decimal ;
  ex:flag true ;
  ex:empty "" ;
  ex:unicode "Zürich – Ελληνικά – 日本語 – 😀" ;
  ex:sequence ( "a" "b" _:shared ) ;
  dct:publisher [ a <http://xmlns.com/foaf/0.1/Agent> ;
                  <http://xmlns.com/foaf/0.1/name> "Agence" ] ;
  ex:link <http://example.org/path/with%20space?q=1&r=2#frag> ;
  ex:other _:shared .
_:shared ex:label "shared node" .
EOF

# A usage message: the synopsis, or at least where to find it.
usage_on_stderr() { # WHAT
  if ! grep -qiE 'usage|--help' "$T_ERR"; then
    t_fail "$1: no usage message on stderr"
    t_show_err
    return 1
  fi
  return 0
}

mentions() { # WHAT FILE TEXT
  if ! grep -qF -- "$3" "$2"; then
    t_fail "$1: '$3' not mentioned"
    head -n 10 "$2" | sed 's/^/  /'
    return 1
  fi
  return 0
}

# The last output, read back, is the same graph as the sample.
same_as_sample() { # WHAT FORMAT
  local out
  out="$T_WORK/$2.out.$(t_ext_of "$2")"
  cp "$T_OUT" "$out"
  t_run iso -- "$RDFCHECK" iso "$SAMPLE" "$out" --format-b "$2"
  if [ "$T_RC" -ne 0 ]; then
    t_fail "$1: output is not the sample's graph ($(t_explain_rc "$T_RC"))"
    head -n 20 "$T_OUT" | sed 's/^/  /'
    t_show_err
    return 1
  fi
  return 0
}

to_format() { # FORMAT
  local f=$1
  t_run out -- "$HDCAT" convert --to "$f" "$SAMPLE"
  t_expect_rc "convert --to $f" 0 || return
  local out=$T_OUT
  # Shape checks by format, with an independent tool when available.
  case $f in
    turtle)
      grep -q '^@prefix dcat: <http://www.w3.org/ns/dcat#>' "$out" ||
        t_fail "turtle: no @prefix line for dcat"
      ;;
    rdfxml)
      head -c 200 "$out" | grep -qE '^<\?xml|<rdf:RDF' ||
        t_fail "rdfxml: does not start like an RDF/XML document"
      if command -v xmllint >/dev/null; then
        timeout 30 xmllint --noout --nonet "$out" 2>"$T_WORK/xmllint.err" ||
          { t_fail "rdfxml: not well-formed XML"; cat "$T_WORK/xmllint.err"; }
      fi
      ;;
    ntriples)
      if grep -vE '^(<[^>]*>|_:[^ ]+) <[^>]*> .* \.$' "$out" | grep -q .; then
        t_fail "ntriples: lines that are not triples:"
        grep -vE '^(<[^>]*>|_:[^ ]+) <[^>]*> .* \.$' "$out" | head -n 5
      fi
      if LC_ALL=C grep -q $'\r' "$out"; then
        t_fail "ntriples: carriage return in the output"
      fi
      ;;
    jsonld)
      if command -v jq >/dev/null; then
        timeout 30 jq -e '.["@context"] and .["@graph"]' "$out" >/dev/null ||
          t_fail "jsonld: not JSON with @context and @graph"
      fi
      ;;
  esac
  T_OUT=$out
  same_as_sample "convert --to $f" "$f" && t_ok "--to $f: well formed, same graph"
}

case $case_name in
  help)
    t_run run -- "$HDCAT" --help
    t_expect_rc "--help" 0 && mentions "--help" "$T_OUT" convert &&
      mentions "--help" "$T_OUT" validate && t_ok "--help lists the commands"
    ;;
  version)
    t_run run -- "$HDCAT" --version
    if t_expect_rc "--version" 0; then
      if grep -qE '[0-9]+\.[0-9]+\.[0-9]+' "$T_OUT"; then
        t_ok "--version: $(head -n 1 "$T_OUT")"
      else
        t_fail "--version prints no version number"
      fi
    fi
    ;;
  no-arguments)
    t_run run -- "$HDCAT"
    t_expect_rc "no arguments" 2 && usage_on_stderr "no arguments" &&
      t_ok "no arguments: usage, exit 2"
    ;;
  unknown-command)
    t_run run -- "$HDCAT" frobnicate x.ttl
    t_expect_rc "unknown command" 2 && usage_on_stderr "unknown command" &&
      mentions "unknown command" "$T_ERR" frobnicate &&
      t_ok "unknown command named, exit 2"
    ;;
  unknown-global-option)
    t_run run -- "$HDCAT" --frobnicate
    t_expect_rc "unknown option" 2 && mentions "unknown option" "$T_ERR" \
      --frobnicate && t_ok "unknown global option named, exit 2"
    ;;
  convert-help)
    t_run run -- "$HDCAT" convert --help
    t_expect_rc "convert --help" 0 && mentions "convert --help" "$T_OUT" \
      --to && mentions "convert --help" "$T_OUT" --base &&
      t_ok "convert --help documents its options"
    ;;
  convert-unknown-option)
    t_run run -- "$HDCAT" convert --frobnicate "$SAMPLE"
    t_expect_rc "convert --frobnicate" 2 && usage_on_stderr "convert" &&
      mentions "convert" "$T_ERR" --frobnicate &&
      t_ok "unknown convert option named, exit 2"
    ;;
  convert-missing-input)
    t_run run -- "$HDCAT" convert
    t_expect_rc "convert without input" 2 && usage_on_stderr "convert" &&
      t_ok "missing input: usage, exit 2"
    ;;
  convert-missing-option-value)
    for opt in --to --base --input-format; do
      t_run "run$opt" -- "$HDCAT" convert "$SAMPLE" "$opt"
      t_expect_rc "convert $opt without value" 2 &&
        mentions "convert $opt" "$T_ERR" "$opt" &&
        t_ok "$opt without a value: exit 2"
    done
    ;;
  convert-bad-to)
    t_run run -- "$HDCAT" convert --to yaml "$SAMPLE"
    t_expect_rc "--to yaml" 2 && mentions "--to yaml" "$T_ERR" yaml &&
      t_ok "unknown output format named, exit 2"
    # Parsable but not writable formats are refused the same way.
    t_run trig -- "$HDCAT" convert --to trig "$SAMPLE"
    t_expect_rc "--to trig" 2 && t_ok "--to trig refused, exit 2"
    ;;
  convert-bad-input-format)
    t_run run -- "$HDCAT" convert --input-format yaml "$SAMPLE"
    t_expect_rc "--input-format yaml" 2 && mentions "--input-format" \
      "$T_ERR" yaml && t_ok "unknown input format named, exit 2"
    ;;
  convert-extra-argument)
    cp "$SAMPLE" "$T_WORK/second-input.ttl"
    t_run run -- "$HDCAT" convert "$SAMPLE" "$T_WORK/second-input.ttl"
    t_expect_rc "two inputs" 2 && mentions "two inputs" "$T_ERR" \
      second-input.ttl && t_ok "a second input refused, exit 2"
    ;;
  missing-file)
    missing="$T_WORK/no-such-dir/missing-file.ttl"
    t_run run -- "$HDCAT" convert "$missing"
    t_expect_rc "missing file" 2 && t_expect_error_names "missing file" \
      "$missing" && t_ok "missing file named: $(head -n 1 "$T_ERR")"
    ;;
  directory-input)
    mkdir -p "$T_WORK/a-directory.ttl"
    t_run run -- "$HDCAT" convert "$T_WORK/a-directory.ttl"
    t_expect_rc "directory as input" 2 && t_expect_error_names \
      "directory" "a-directory.ttl" && t_ok "directory refused: $(head -n 1 "$T_ERR")"
    ;;
  unreadable-file)
    f="$T_WORK/unreadable.ttl"
    cp "$SAMPLE" "$f"
    chmod 000 "$f"
    if [ -r "$f" ]; then
      chmod 600 "$f"
      t_say "skip: running with privileges that read any file"
      exit $T_SKIP
    fi
    t_run run -- "$HDCAT" convert "$f"
    chmod 600 "$f"
    t_expect_rc "unreadable file" 2 && t_expect_error_names "unreadable" \
      "unreadable.ttl" && t_ok "unreadable file named: $(head -n 1 "$T_ERR")"
    ;;
  stdin-input)
    t_run_stdin run "$SAMPLE" -- "$HDCAT" convert --input-format turtle \
      --to ntriples -
    t_expect_rc "stdin" 0 && same_as_sample "stdin" ntriples &&
      t_ok "'-' reads standard input"
    # An error on standard input still says where.
    printf '<http://example.org/a> <http://example.org/b>\n  "unterminated .\n' \
      >"$T_WORK/broken.ttl"
    t_run_stdin broken "$T_WORK/broken.ttl" -- "$HDCAT" convert \
      --input-format turtle -
    t_expect_rc "broken stdin" 2 &&
      if grep -qE '^hdcat: .*:[0-9]+(:[0-9]+)?: error: ' "$T_ERR"; then
        t_ok "stdin error located: $(head -n 1 "$T_ERR")"
      else
        t_fail "stdin error without a line: $(head -n 1 "$T_ERR")"
      fi
    ;;
  stdin-sniffs-format)
    # No extension on standard input: the format is sniffed.
    t_run_stdin run "$SAMPLE" -- "$HDCAT" convert --to ntriples -
    t_expect_rc "stdin Turtle, no --input-format" 0 &&
      same_as_sample "sniffed Turtle" ntriples && t_ok "Turtle sniffed on stdin"
    t_run rdfxml -- "$HDCAT" convert --to rdfxml "$SAMPLE"
    cp "$T_OUT" "$T_WORK/sample.rdf"
    t_run_stdin run2 "$T_WORK/sample.rdf" -- "$HDCAT" convert --to ntriples -
    t_expect_rc "stdin RDF/XML, no --input-format" 0 &&
      same_as_sample "sniffed RDF/XML" ntriples && t_ok "RDF/XML sniffed on stdin"
    printf 'this is not RDF in any syntax\n' >"$T_WORK/prose.txt"
    t_run_stdin run3 "$T_WORK/prose.txt" -- "$HDCAT" convert -
    t_expect_rc "stdin prose" 2 && t_ok "prose on stdin refused: $(head -n 1 "$T_ERR")"
    ;;
  to-turtle) to_format turtle ;;
  to-rdfxml) to_format rdfxml ;;
  to-ntriples) to_format ntriples ;;
  to-jsonld) to_format jsonld ;;
  default-is-turtle)
    t_run default -- "$HDCAT" convert "$SAMPLE"
    t_expect_rc "convert without --to" 0 || t_finish
    cp "$T_OUT" "$T_WORK/default.out"
    t_run turtle -- "$HDCAT" convert --to turtle "$SAMPLE"
    if cmp -s "$T_OUT" "$T_WORK/default.out"; then
      t_ok "default output is Turtle"
    else
      t_fail "output without --to differs from --to turtle"
    fi
    ;;
  output-is-deterministic)
    for f in turtle rdfxml ntriples jsonld; do
      t_run "$f-1" -- "$HDCAT" convert --to "$f" "$SAMPLE"
      cp "$T_OUT" "$T_WORK/$f.first"
      t_run "$f-2" -- "$HDCAT" convert --to "$f" "$SAMPLE"
      if cmp -s "$T_OUT" "$T_WORK/$f.first"; then
        t_ok "$f: two runs give the same bytes"
      else
        t_fail "$f: two runs give different output"
      fi
    done
    ;;
  empty-input)
    : >"$T_WORK/empty.ttl"
    t_run run -- "$HDCAT" convert --to ntriples "$T_WORK/empty.ttl"
    t_expect_rc "empty Turtle file" 0 && expect_none=$(grep -c . "$T_OUT")
    if [ "${expect_none:-1}" -eq 0 ]; then
      t_ok "an empty document is an empty graph"
    else
      t_fail "empty input gave output: $(head -c 200 "$T_OUT")"
    fi
    ;;
  base-resolves-relative)
    printf '<rel> <#p> <../up> .\n<sub/x> <#p> <?q=1> .\n' >"$T_WORK/rel.ttl"
    t_run run -- "$HDCAT" convert --to ntriples --base \
      "http://example.org/a/b/doc" "$T_WORK/rel.ttl"
    if t_expect_rc "--base" 0; then
      for iri in http://example.org/a/b/rel http://example.org/a/b/doc#p \
        http://example.org/a/up http://example.org/a/b/sub/x \
        'http://example.org/a/b/doc?q=1'; do
        mentions "--base" "$T_OUT" "<$iri>" || continue
      done
      grep -q '<rel>' "$T_OUT" && t_fail "an IRI was left relative"
      t_ok "relative IRIs resolved against --base (RFC 3986)"
    fi
    ;;
  base-in-rdfxml)
    cat >"$T_WORK/rel.rdf" <<'EOF'
<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns:dct="http://purl.org/dc/terms/">
  <rdf:Description rdf:about="a4_te">
    <dct:format rdf:resource="CSV"/>
  </rdf:Description>
  <rdf:Description rdf:ID="local"><dct:title>x</dct:title></rdf:Description>
</rdf:RDF>
EOF
    t_run run -- "$HDCAT" convert --to ntriples --base \
      "http://example.org/cat/catalog.rdf" "$T_WORK/rel.rdf"
    t_expect_rc "--base (RDF/XML)" 0 &&
      mentions "--base" "$T_OUT" "<http://example.org/cat/a4_te>" &&
      mentions "--base" "$T_OUT" "<http://example.org/cat/CSV>" &&
      mentions "--base" "$T_OUT" "<http://example.org/cat/catalog.rdf#local>" &&
      t_ok "RDF/XML relative IRIs and rdf:ID resolved against --base"
    ;;
  base-directive-wins)
    printf '@base <http://other.example/x/> .\n<rel> <http://example.org/p> "v" .\n' \
      >"$T_WORK/based.ttl"
    t_run run -- "$HDCAT" convert --to ntriples --base \
      "http://example.org/given/" "$T_WORK/based.ttl"
    t_expect_rc "@base in document" 0 &&
      mentions "@base" "$T_OUT" "<http://other.example/x/rel>" &&
      t_ok "the document's @base overrides --base"
    ;;
  base-default-is-stable)
    # Without --base the output must not depend on where the file is.
    mkdir -p "$T_WORK/one" "$T_WORK/two/deeper"
    printf '<rel> <http://example.org/p> "v" .\n' >"$T_WORK/one/doc.ttl"
    cp "$T_WORK/one/doc.ttl" "$T_WORK/two/deeper/doc.ttl"
    t_run one -- "$HDCAT" convert --to ntriples "$T_WORK/one/doc.ttl"
    t_expect_rc "no --base" 0 || t_finish
    cp "$T_OUT" "$T_WORK/one.nt"
    t_run two -- "$HDCAT" convert --to ntriples "$T_WORK/two/deeper/doc.ttl"
    t_expect_rc "no --base" 0 || t_finish
    if ! cmp -s "$T_OUT" "$T_WORK/one.nt"; then
      t_fail "output depends on the file's location"
      cat "$T_WORK/one.nt" "$T_OUT"
    elif grep -qF "$T_WORK" "$T_OUT"; then
      t_fail "the file's path leaked into IRIs"
    else
      mentions "default base" "$T_OUT" "<urn:hdcat:doc/rel>" &&
        t_ok "default base urn:hdcat:doc/, independent of location"
    fi
    ;;
  input-format-overrides)
    cp "$SAMPLE" "$T_WORK/turtle-named.rdf"
    t_run run -- "$HDCAT" convert --to ntriples "$T_WORK/turtle-named.rdf"
    t_expect_rc "Turtle named .rdf" 2 &&
      t_ok "extension wins without --input-format (refused as RDF/XML)"
    t_run forced -- "$HDCAT" convert --to ntriples --input-format turtle \
      "$T_WORK/turtle-named.rdf"
    t_expect_rc "--input-format turtle" 0 &&
      same_as_sample "--input-format" ntriples &&
      t_ok "--input-format overrides the extension"
    ;;
  error-format-names-line)
    printf '@prefix ex: <http://example.org/> .\nex:a ex:b "ok" .\nex:c ex:d "broken .\n' \
      >"$T_WORK/line3.ttl"
    t_run run -- "$HDCAT" convert "$T_WORK/line3.ttl"
    if t_expect_rc "syntax error" 2; then
      if grep -qE "^hdcat: $T_WORK/line3.ttl:3(:[0-9]+)?: error: .+" "$T_ERR"; then
        t_ok "error format: $(head -n 1 "$T_ERR")"
      else
        t_fail "expected 'hdcat: $T_WORK/line3.ttl:3:COL: error: MESSAGE'"
        t_show_err
      fi
      if [ -s "$T_OUT" ]; then
        t_fail "output written for a document that does not parse"
      fi
    fi
    ;;
  limit-env-applies)
    printf '<http://e.org/s> <http://e.org/p> "%s" .\n' 1 2 3 >"$T_WORK/three.nt"
    t_run run HDCAT_LIMIT_TRIPLES=2 -- "$HDCAT" convert "$T_WORK/three.nt"
    t_expect_rc "HDCAT_LIMIT_TRIPLES=2" 2 &&
      t_expect_error_names "limit" "three.nt" &&
      mentions "limit" "$T_ERR" "triples" && t_ok "limit applied: $(head -n 1 "$T_ERR")"
    t_run ok HDCAT_LIMIT_TRIPLES=3 -- "$HDCAT" convert "$T_WORK/three.nt"
    t_expect_rc "HDCAT_LIMIT_TRIPLES=3" 0 && t_ok "within the limit: accepted"
    ;;
  limit-env-invalid)
    for setting in HDCAT_LIMIT_TRIPLES=lots HDCAT_LIMIT_NESTING_DEPTH=0 \
      HDCAT_LIMIT_TRIPLES=-5 HDCAT_LIMIT_LITERAL_BYTES=99999999999999999999999; do
      t_run "${setting%%=*}" "$setting" -- "$HDCAT" convert "$SAMPLE"
      t_expect_rc "$setting" 2 && mentions "$setting" "$T_ERR" "${setting%%=*}" &&
        t_ok "$setting refused: $(head -n 1 "$T_ERR")"
    done
    ;;
  stdout-full)
    if [ ! -w /dev/full ]; then
      t_say "skip: no /dev/full"
      exit $T_SKIP
    fi
    T_ERR="$T_WORK/full.err"
    timeout -k 5 "$HDC_TEST_TIMEOUT" "$HDCAT" convert "$SAMPLE" >/dev/full 2>"$T_ERR"
    T_RC=$?
    t_expect_rc "writing to a full device" 3 &&
      if grep -q '^hdcat: .*error' "$T_ERR"; then
        t_ok "write failure reported, exit 3: $(head -n 1 "$T_ERR")"
      else
        t_fail "write failure without a message"
      fi
    ;;
  *)
    t_fail "unknown case '$case_name'"
    ;;
esac
t_finish
