#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# Hostile inputs through `hdcat convert`: each must be refused (exit 2) with
# an error naming the input, quickly, without a crash or a sanitizer report
# -- or, for the few inputs that are legitimate within the limits, accepted
# with the right triples.
#
#   hostile.sh fixture FILE --hdcat BIN
#     A committed file from fixtures/bad/ (see its README.md). All must be
#     refused; truncated, non-UTF-8 and NUL-byte files with a line number.
#   hostile.sh generate CASE --hdcat BIN
#     A large or machine-dependent input generated into the build tree at
#     test time (deep nesting, 100 MB literals, external entities pointing
#     at a file of this machine), one of GENERATED_CASES below.
set -u
. "$(dirname "$0")/lib.sh"

# The generated cases (CMake asks `hostile.sh list` for one ctest each).
GENERATED_CASES=(
  turtle-blank-nesting-100k turtle-collection-nesting-100k
  turtle-mixed-nesting-100k trig-blank-nesting-100k
  rdfxml-element-nesting-10k rdfxml-parsetype-nesting-10k
  jsonld-array-nesting-100k jsonld-object-nesting-100k
  jsonld-list-nesting-100k stdin-deep-nesting
  turtle-nesting-moderate-accepted turtle-collection-moderate-accepted
  turtle-nesting-over-limit turtle-nesting-limit-raised
  rdfxml-nesting-moderate-accepted jsonld-nesting-moderate-accepted
  turtle-literal-100mb ntriples-literal-100mb
  turtle-literal-over-document-limit turtle-literal-limit-raised
  rdfxml-literal-over-limit jsonld-literal-over-limit
  turtle-iri-over-limit rdfxml-iri-over-limit jsonld-iri-over-limit
  turtle-triples-over-limit rdfxml-quadratic-entity-blowup
  rdfxml-billion-laughs-spread-over-literals
  rdfxml-quadratic-blowup-spread-over-literals rdfxml-internal-entities-accepted
  rdfxml-xxe-absolute-file rdfxml-xxe-relative-file
  rdfxml-xxe-parameter-entity rdfxml-xxe-external-dtd
  rdfxml-xxe-in-attribute rdfxml-xxe-network-dtd
)

mode=${1:-}
if [ "$mode" = list ]; then
  printf '%s\n' "${GENERATED_CASES[@]}"
  exit $T_PASS
fi
arg=${2:-}
shift 2 || {
  echo "usage: hostile.sh fixture FILE|generate CASE --hdcat BIN"
  exit $T_FAIL
}
HDCAT=""
while [ $# -gt 0 ]; do
  case $1 in
    --hdcat) HDCAT=$2; shift 2 ;;
    *) echo "hostile.sh: unknown argument $1"; exit $T_FAIL ;;
  esac
done
[ -n "$HDCAT" ] || { echo "hostile.sh: --hdcat is required"; exit $T_FAIL; }
t_workdir

# ------------------------------------------------------------ checks -----

# convert_file TAG FILE [ENV=VALUE...] : hdcat convert to N-Triples.
convert_file() {
  local tag=$1 input=$2
  shift 2
  t_run "$tag" "$@" -- "$HDCAT" convert --to ntriples "$input"
  # A hostile input that is wrongly accepted can produce hundreds of
  # megabytes: say so, and keep only the head for inspection.
  local bytes
  bytes=$(wc -c <"$T_OUT")
  if [ "$bytes" -gt 10000000 ]; then
    t_say "note: $bytes bytes of output (exit $T_RC); keeping the first 64 kB"
    head -c 65536 "$T_OUT" >"$T_OUT.head"
    mv "$T_OUT.head" "$T_OUT"
  fi
}

# The last command refused its input FILE: exit 2, a message naming it.
expect_refused() {
  local what=$1 input=$2
  t_expect_rc "$what" 2 || return 1
  t_expect_error_names "$what" "$(basename "$input")" || return 1
  # All or nothing: a refused document yields no triples at all.
  if [ -s "$T_OUT" ]; then
    t_fail "$what: refused, but $(wc -c <"$T_OUT") bytes of output were written"
    return 1
  fi
  return 0
}

# expect_message WHAT REGEX : the error says why (case-insensitive ERE).
expect_message() {
  if ! grep -qiE -- "$2" "$T_ERR"; then
    t_fail "$1: the error does not say why (expected /$2/)"
    t_show_err
    return 1
  fi
  return 0
}

# expect_triples WHAT N : the last N-Triples output has N triples.
expect_triples() {
  local n
  n=$(grep -c '^[<_]' "$T_OUT")
  if [ "$n" -ne "$2" ]; then
    t_fail "$1: expected $2 triples, got $n"
    return 1
  fi
  return 0
}

report_refusal() {
  t_ok "$1: refused in ${T_SECS}s: $(grep -m 1 'error' "$T_ERR" | cut -c1-200)"
}

# ----------------------------------------------------------- fixtures ----

run_fixture() {
  local f=$1 name
  name=$(basename "$f")
  [ -f "$f" ] || { t_fail "$f is missing"; return; }
  convert_file run "$f"
  # A raw NUL byte inside a string is allowed by the Turtle and N-Triples
  # grammars (not by XML or JSON, nor in an IRI), and raptor silently cuts
  # the literal at it: hdcat may refuse the document or keep the literal
  # whole, never truncate it.
  case $name in
    turtle-nul-byte-in-literal.* | ntriples-nul-byte-in-literal.*)
      if [ "$T_RC" -eq 0 ] && ! t_sanitizer_report; then
        if grep -q 'after-nul' "$T_OUT"; then
          t_ok "$name: accepted with the NUL byte kept (escaped)"
        else
          t_fail "$name: accepted but the text after the NUL byte is lost"
          head -c 600 "$T_OUT"
        fi
        return
      fi
      ;;
  esac
  expect_refused "$name" "$f" || return
  case $name in
    *truncated* | *non-utf8* | *nul-byte*)
      t_expect_error_line "$name" "$name" || return
      ;;
  esac
  case $name in
    *remote-context*) expect_message "$name" 'context' || return ;;
    *non-utf8*) expect_message "$name" 'utf-?8|encoding' || return ;;
  esac
  report_refusal "$name"
}

# --------------------------------------------------------- generators ----

# repeat N STRING : STRING written N times, quickly, without a newline.
repeat() {
  local n=$1 s=$2
  yes -- "$s" | head -n "$n" | tr -d '\n'
}

gen_turtle_nested() { # FILE DEPTH OPEN CLOSE
  local f=$1 depth=$2 open=$3 close=$4
  {
    printf '<http://example.org/s> <http://example.org/p> '
    repeat "$depth" "$open"
    printf '"leaf"'
    repeat "$depth" "$close"
    printf ' .\n'
  } >"$f"
}

gen_rdfxml_nested() { # FILE DEPTH : striped syntax, two elements per level
  local f=$1 depth=$2
  {
    printf '<?xml version="1.0"?>\n'
    printf '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">\n'
    printf '<rdf:Description rdf:about="http://example.org/s">'
    repeat "$depth" '<ex:p><rdf:Description>'
    printf '<ex:leaf>leaf</ex:leaf>'
    repeat "$depth" '</rdf:Description></ex:p>'
    printf '</rdf:Description>\n</rdf:RDF>\n'
  } >"$f"
}

gen_rdfxml_parsetype_nested() { # FILE DEPTH : one element per level
  local f=$1 depth=$2
  {
    printf '<?xml version="1.0"?>\n'
    printf '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">\n'
    printf '<rdf:Description rdf:about="http://example.org/s">'
    repeat "$depth" '<ex:p rdf:parseType="Resource">'
    printf '<ex:leaf>leaf</ex:leaf>'
    repeat "$depth" '</ex:p>'
    printf '</rdf:Description>\n</rdf:RDF>\n'
  } >"$f"
}

gen_jsonld_objects() { # FILE DEPTH
  local f=$1 depth=$2
  {
    printf '{"@id": "http://example.org/s", '
    repeat "$depth" '"http://example.org/p": {'
    printf '"http://example.org/leaf": "leaf"'
    repeat "$depth" '}'
    printf '}\n'
  } >"$f"
}

gen_jsonld_arrays() { # FILE DEPTH
  local f=$1 depth=$2
  {
    printf '{"@id": "http://example.org/s", "http://example.org/p": '
    repeat "$depth" '['
    printf '"leaf"'
    repeat "$depth" ']'
    printf '}\n'
  } >"$f"
}

gen_jsonld_lists() { # FILE DEPTH
  local f=$1 depth=$2
  {
    printf '{"@id": "http://example.org/s", "http://example.org/p": '
    repeat "$depth" '{"@list": ['
    printf '"leaf"'
    repeat "$depth" ']}'
    printf '}\n'
  } >"$f"
}

# A literal of N bytes of 'a' in Turtle or N-Triples.
gen_literal() { # FILE BYTES
  {
    printf '<http://example.org/s> <http://example.org/p> "'
    head -c "$2" /dev/zero | tr '\0' 'a'
    printf '" .\n'
  } >"$1"
}

long_iri() { # BYTES
  printf 'http://example.org/'
  head -c "$1" /dev/zero | tr '\0' 'i'
}

# The secret an external entity must never read: a file of this machine
# with a marker that must not appear anywhere in hdcat's output.
make_secret() {
  SECRET="$T_WORK/secret.txt"
  MARKER="hdcat-secret-$$-$RANDOM$RANDOM"
  printf '%s\n' "$MARKER" >"$SECRET"
}

rdfxml_head() {
  printf '<?xml version="1.0"?>\n'
}
rdfxml_body() { # PROPERTY_CONTENT
  printf '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dct="http://purl.org/dc/terms/">\n'
  printf '  <rdf:Description rdf:about="http://example.org/d1">\n'
  printf '    <dct:title>%s</dct:title>\n' "$1"
  printf '  </rdf:Description>\n</rdf:RDF>\n'
}

# XXE: exit 0 (entity left unexpanded or dropped) or 2 (refused) are both
# acceptable; the secret must not leak into the output or the messages.
check_no_leak() { # WHAT
  t_expect_rc "$1" 0 2 || return 1
  if grep -qF -- "$MARKER" "$T_OUT" "$T_ERR"; then
    t_fail "$1: the content of $SECRET was read and written out"
    return 1
  fi
  t_ok "$1: secret not read (exit $T_RC in ${T_SECS}s)$(
    [ "$T_RC" -eq 2 ] && printf ': %s' "$(grep -m 1 error "$T_ERR" | cut -c1-160)")"
}

# deep CASE FILE : a deeply nested input must be refused quickly.
refuse_deep() {
  convert_file run "$2"
  expect_refused "$1" "$2" || return
  report_refusal "$1"
}

run_generated() {
  local c=$1 f
  case $c in
    turtle-blank-nesting-100k)
      f="$T_WORK/$c.ttl"
      gen_turtle_nested "$f" 100000 '[ <http://example.org/p> ' ' ]'
      refuse_deep "$c" "$f"
      ;;
    turtle-collection-nesting-100k)
      f="$T_WORK/$c.ttl"
      gen_turtle_nested "$f" 100000 '( ' ' )'
      refuse_deep "$c" "$f"
      ;;
    turtle-mixed-nesting-100k)
      f="$T_WORK/$c.ttl"
      gen_turtle_nested "$f" 50000 '[ <http://example.org/p> ( ' ' ) ]'
      refuse_deep "$c" "$f"
      ;;
    trig-blank-nesting-100k)
      f="$T_WORK/$c.trig"
      {
        printf '<http://example.org/g> {\n'
        gen_turtle_nested /dev/stdout 100000 '[ <http://example.org/p> ' ' ]'
        printf '}\n'
      } >"$f"
      refuse_deep "$c" "$f"
      ;;
    rdfxml-element-nesting-10k)
      f="$T_WORK/$c.rdf"
      gen_rdfxml_nested "$f" 10000
      refuse_deep "$c" "$f"
      ;;
    rdfxml-parsetype-nesting-10k)
      f="$T_WORK/$c.rdf"
      gen_rdfxml_parsetype_nested "$f" 10000
      refuse_deep "$c" "$f"
      ;;
    jsonld-array-nesting-100k)
      f="$T_WORK/$c.jsonld"
      gen_jsonld_arrays "$f" 100000
      refuse_deep "$c" "$f"
      ;;
    jsonld-object-nesting-100k)
      f="$T_WORK/$c.jsonld"
      gen_jsonld_objects "$f" 100000
      refuse_deep "$c" "$f"
      ;;
    jsonld-list-nesting-100k)
      f="$T_WORK/$c.jsonld"
      gen_jsonld_lists "$f" 100000
      refuse_deep "$c" "$f"
      ;;
    turtle-nesting-moderate-accepted)
      # 100 nested blank nodes: real data never nests this deep, but it
      # is within the default nesting limit and must parse: 101 triples.
      f="$T_WORK/$c.ttl"
      gen_turtle_nested "$f" 100 '[ <http://example.org/p> ' ' ]'
      convert_file run "$f"
      t_expect_rc "$c" 0 && expect_triples "$c" 101 &&
        t_ok "$c: accepted, 101 triples"
      ;;
    turtle-collection-moderate-accepted)
      # 50 nested one-element lists: 2 triples per list plus the outer one.
      f="$T_WORK/$c.ttl"
      gen_turtle_nested "$f" 50 '( ' ' )'
      convert_file run "$f"
      t_expect_rc "$c" 0 && expect_triples "$c" 101 &&
        t_ok "$c: accepted, 101 triples"
      ;;
    turtle-nesting-over-limit | turtle-nesting-limit-raised)
      # 300 levels: over the default nesting limit (256), so refused with
      # a message naming the limit; accepted once the limit is raised.
      f="$T_WORK/$c.ttl"
      gen_turtle_nested "$f" 300 '[ <http://example.org/p> ' ' ]'
      if [ "$c" = turtle-nesting-over-limit ]; then
        convert_file run "$f"
        expect_refused "$c" "$f" && expect_message "$c" 'nest|depth' &&
          report_refusal "$c"
      else
        convert_file run "$f" HDCAT_LIMIT_NESTING_DEPTH=1000
        t_expect_rc "$c" 0 && expect_triples "$c" 301 &&
          t_ok "$c: accepted with HDCAT_LIMIT_NESTING_DEPTH=1000, 301 triples"
      fi
      ;;
    rdfxml-nesting-moderate-accepted)
      f="$T_WORK/$c.rdf"
      gen_rdfxml_nested "$f" 50
      convert_file run "$f"
      t_expect_rc "$c" 0 && expect_triples "$c" 51 &&
        t_ok "$c: accepted, 51 triples"
      ;;
    jsonld-nesting-moderate-accepted)
      f="$T_WORK/$c.jsonld"
      gen_jsonld_objects "$f" 50
      convert_file run "$f"
      t_expect_rc "$c" 0 && expect_triples "$c" 51 &&
        t_ok "$c: accepted, 51 triples"
      ;;
    turtle-literal-100mb | ntriples-literal-100mb)
      # Over the literal limit (default 1 MiB), within the document limit.
      if [ "${c%%-*}" = turtle ]; then f="$T_WORK/$c.ttl"; else f="$T_WORK/$c.nt"; fi
      gen_literal "$f" 100000000
      convert_file run "$f"
      expect_refused "$c" "$f" && expect_message "$c" 'literal' &&
        report_refusal "$c"
      rm -f "$f"
      ;;
    turtle-literal-over-document-limit)
      f="$T_WORK/$c.ttl"
      gen_literal "$f" 100000000
      convert_file run "$f" HDCAT_LIMIT_DOCUMENT_BYTES=10000000 \
        HDCAT_LIMIT_LITERAL_BYTES=1000000000
      expect_refused "$c" "$f" && expect_message "$c" 'document|size|bytes' &&
        report_refusal "$c"
      rm -f "$f"
      ;;
    turtle-literal-limit-raised)
      # 2 MB literal: refused by default, accepted (whole) with the
      # literal limit raised, so the limit and nothing else refused it.
      f="$T_WORK/$c.ttl"
      gen_literal "$f" 2000000
      convert_file default "$f"
      expect_refused "$c (default limit)" "$f" &&
        expect_message "$c" 'literal' && report_refusal "$c (default limit)"
      convert_file raised "$f" HDCAT_LIMIT_LITERAL_BYTES=4000000
      if t_expect_rc "$c (raised limit)" 0; then
        local a
        a=$(tr -cd 'a' <"$T_OUT" | wc -c)
        if [ "$a" -ge 2000000 ]; then
          t_ok "$c: accepted whole with HDCAT_LIMIT_LITERAL_BYTES=4000000"
        else
          t_fail "$c: literal cut to $a bytes"
        fi
      fi
      ;;
    rdfxml-literal-over-limit)
      f="$T_WORK/$c.rdf"
      { rdfxml_head; rdfxml_body "$(head -c 2000000 /dev/zero | tr '\0' 'a')"; } >"$f"
      convert_file run "$f"
      expect_refused "$c" "$f" && expect_message "$c" 'literal' &&
        report_refusal "$c"
      ;;
    jsonld-literal-over-limit)
      f="$T_WORK/$c.jsonld"
      {
        printf '{"@id": "http://example.org/s", "http://example.org/p": "'
        head -c 2000000 /dev/zero | tr '\0' 'a'
        printf '"}\n'
      } >"$f"
      convert_file run "$f"
      expect_refused "$c" "$f" && expect_message "$c" 'literal' &&
        report_refusal "$c"
      ;;
    turtle-iri-over-limit)
      f="$T_WORK/$c.ttl"
      printf '<%s> <http://example.org/p> "x" .\n' "$(long_iri 100000)" >"$f"
      convert_file run "$f"
      expect_refused "$c" "$f" && expect_message "$c" 'iri' &&
        report_refusal "$c"
      ;;
    rdfxml-iri-over-limit)
      f="$T_WORK/$c.rdf"
      {
        rdfxml_head
        printf '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">\n'
        printf '<rdf:Description rdf:about="%s"><ex:p>x</ex:p></rdf:Description>\n' "$(long_iri 100000)"
        printf '</rdf:RDF>\n'
      } >"$f"
      convert_file run "$f"
      expect_refused "$c" "$f" && expect_message "$c" 'iri' &&
        report_refusal "$c"
      ;;
    jsonld-iri-over-limit)
      f="$T_WORK/$c.jsonld"
      printf '{"@id": "%s", "http://example.org/p": "x"}\n' "$(long_iri 100000)" >"$f"
      convert_file run "$f"
      expect_refused "$c" "$f" && expect_message "$c" 'iri' &&
        report_refusal "$c"
      ;;
    turtle-triples-over-limit)
      f="$T_WORK/$c.ttl"
      seq 1 1000 | sed 's|.*|<http://example.org/s> <http://example.org/p> "&" .|' >"$f"
      convert_file run "$f" HDCAT_LIMIT_TRIPLES=100
      expect_refused "$c" "$f" && expect_message "$c" 'triple' &&
        report_refusal "$c"
      convert_file within "$f" HDCAT_LIMIT_TRIPLES=1000
      t_expect_rc "$c (limit 1000)" 0 && expect_triples "$c" 1000 &&
        t_ok "$c: 1000 triples accepted with HDCAT_LIMIT_TRIPLES=1000"
      ;;
    rdfxml-quadratic-entity-blowup)
      # One 10 kB internal entity used 20,000 times: 200 MB once expanded,
      # from a 130 kB file (no nesting, so no entity-loop detector fires).
      f="$T_WORK/$c.rdf"
      {
        rdfxml_head
        printf '<!DOCTYPE rdf:RDF [<!ENTITY big "%s">]>\n' \
          "$(head -c 10000 /dev/zero | tr '\0' 'x')"
        rdfxml_body "$(repeat 20000 '&big;')"
      } >"$f"
      convert_file run "$f"
      expect_refused "$c" "$f" && report_refusal "$c"
      ;;
    rdfxml-billion-laughs-spread-over-literals | rdfxml-quadratic-blowup-spread-over-literals)
      # Entity expansion kept under the literal limit in each literal but
      # repeated over 300 literals: a ~25 kB (nested entities) or ~200 kB
      # (one flat entity) file expands to 300 MB. The literal limit alone
      # does not stop it; the expansion must be bounded as a whole.
      f="$T_WORK/$c.rdf"
      local per_literal
      {
        rdfxml_head
        if [ "$c" = rdfxml-billion-laughs-spread-over-literals ]; then
          printf '<!DOCTYPE rdf:RDF [<!ENTITY k10 "%s">\n<!ENTITY m1 "%s">]>\n' \
            "$(head -c 10000 /dev/zero | tr '\0' 'x')" "$(repeat 100 '&k10;')"
          per_literal='&m1;'
        else
          printf '<!DOCTYPE rdf:RDF [<!ENTITY k10 "%s">]>\n' \
            "$(head -c 10000 /dev/zero | tr '\0' 'x')"
          per_literal=$(repeat 100 '&k10;')
        fi
        printf '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dct="http://purl.org/dc/terms/">\n'
        printf '<rdf:Description rdf:about="http://example.org/d1">\n'
        for i in $(seq 1 300); do
          printf '<dct:title>%d %s</dct:title>\n' "$i" "$per_literal"
        done
        printf '</rdf:Description>\n</rdf:RDF>\n'
      } >"$f"
      t_say "input: $(wc -c <"$f") bytes, 300 MB once expanded"
      convert_file run "$f"
      expect_refused "$c" "$f" && expect_message "$c" 'entit|amplif|expan' &&
        report_refusal "$c"
      ;;
    rdfxml-internal-entities-accepted)
      # The legitimate use of a DTD in real RDF/XML (vocabulary files, the
      # SEMIC schemas): internal entities abbreviating namespaces, and
      # character references. Bounding expansion must not refuse this.
      f="$T_WORK/$c.rdf"
      cat >"$f" <<'EOF_RDF'
<?xml version="1.0"?>
<?xml-stylesheet type="text/xsl" href="style.xsl"?>
<!DOCTYPE rdf:RDF [
  <!ENTITY xsd "http://www.w3.org/2001/XMLSchema#">
  <!ENTITY dct "http://purl.org/dc/terms/">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dct="&dct;">
  <rdf:Description rdf:about="http://example.org/d1">
    <dct:issued rdf:datatype="&xsd;date">2024-01-31</dct:issued>
    <dct:title>Caf&#233; &amp; th&#xE9; &lt;ok&gt;</dct:title>
  </rdf:Description>
</rdf:RDF>
EOF_RDF
      convert_file run "$f"
      t_expect_rc "$c" 0 && expect_triples "$c" 2 || return
      if grep -qF '"2024-01-31"^^<http://www.w3.org/2001/XMLSchema#date>' "$T_OUT" &&
        grep -qF '<http://purl.org/dc/terms/title> "Caf' "$T_OUT" &&
        grep -qF ' & th' "$T_OUT" && grep -qF '<ok>" .' "$T_OUT"; then
        t_ok "$c: entities and character references expanded"
      else
        t_fail "$c: entities not expanded as expected"
        cat "$T_OUT"
      fi
      ;;
    rdfxml-xxe-absolute-file)
      make_secret
      f="$T_WORK/$c.rdf"
      {
        rdfxml_head
        printf '<!DOCTYPE rdf:RDF [<!ENTITY xxe SYSTEM "file://%s">]>\n' "$SECRET"
        rdfxml_body '&xxe;'
      } >"$f"
      convert_file run "$f"
      check_no_leak "$c"
      ;;
    rdfxml-xxe-relative-file)
      make_secret
      f="$T_WORK/$c.rdf"
      {
        rdfxml_head
        printf '<!DOCTYPE rdf:RDF [<!ENTITY xxe SYSTEM "secret.txt">]>\n'
        rdfxml_body '&xxe;'
      } >"$f"
      # Run from the file's folder too, so a relative lookup would succeed.
      (cd "$T_WORK" && convert_file run "$f" && check_no_leak "$c")
      t_failures=$((t_failures + $?))
      ;;
    rdfxml-xxe-parameter-entity)
      make_secret
      f="$T_WORK/$c.rdf"
      printf '<!ENTITY leaked "%s">\n' "$MARKER" >"$T_WORK/secret.dtd"
      MARKER_FILE="$T_WORK/secret.dtd"
      {
        rdfxml_head
        printf '<!DOCTYPE rdf:RDF [<!ENTITY %% ext SYSTEM "file://%s"> %%ext;]>\n' "$MARKER_FILE"
        rdfxml_body '&leaked;'
      } >"$f"
      convert_file run "$f"
      check_no_leak "$c"
      ;;
    rdfxml-xxe-external-dtd)
      make_secret
      f="$T_WORK/$c.rdf"
      printf '<!ENTITY leaked "%s">\n' "$MARKER" >"$T_WORK/secret.dtd"
      {
        rdfxml_head
        printf '<!DOCTYPE rdf:RDF SYSTEM "file://%s">\n' "$T_WORK/secret.dtd"
        rdfxml_body '&leaked;'
      } >"$f"
      convert_file run "$f"
      check_no_leak "$c"
      ;;
    rdfxml-xxe-in-attribute)
      make_secret
      f="$T_WORK/$c.rdf"
      {
        rdfxml_head
        printf '<!DOCTYPE rdf:RDF [<!ENTITY xxe SYSTEM "file://%s">]>\n' "$SECRET"
        printf '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dct="http://purl.org/dc/terms/">\n'
        printf '  <rdf:Description rdf:about="http://example.org/d1" dct:title="&xxe;"/>\n'
        printf '</rdf:RDF>\n'
      } >"$f"
      convert_file run "$f"
      check_no_leak "$c"
      ;;
    rdfxml-xxe-network-dtd)
      # A DTD on a host that never answers: fetching it would hang until
      # the time limit, so finishing quickly shows no fetch was tried.
      MARKER="never-fetched"
      SECRET="http://10.255.255.1/evil.dtd"
      f="$T_WORK/$c.rdf"
      {
        rdfxml_head
        printf '<!DOCTYPE rdf:RDF SYSTEM "%s">\n' "$SECRET"
        rdfxml_body 'title'
      } >"$f"
      HDC_TEST_TIMEOUT=20 convert_file run "$f"
      check_no_leak "$c"
      ;;
    stdin-deep-nesting)
      # Hostile input on standard input: same refusal, named as stdin.
      f="$T_WORK/$c.ttl"
      gen_turtle_nested "$f" 100000 '[ <http://example.org/p> ' ' ]'
      t_run_stdin run "$f" -- "$HDCAT" convert --input-format turtle -
      t_expect_rc "$c" 2 || return
      if ! grep -q '^hdcat: .*error' "$T_ERR"; then
        t_fail "$c: no error message"
        t_show_err
        return
      fi
      report_refusal "$c"
      ;;
    *)
      t_fail "unknown case '$c'"
      ;;
  esac
}

case $mode in
  fixture) run_fixture "$arg" ;;
  generate) run_generated "$arg" ;;
  *)
    t_say "hostile.sh: unknown mode '$mode'"
    exit $T_FAIL
    ;;
esac
t_finish
