// SPDX-License-Identifier: EUPL-1.2
/*
 * Unit tests for the fast Turtle reader (src/rdf/turtle.c) against raptor.
 *
 * The fast reader must give, on every document it accepts, the graph
 * raptor gives (isomorphic, so the same IRIs and literals, blank nodes up
 * to renaming), and must never accept a document raptor refuses; on the
 * documents it declines, hdc_rdf_parse() must answer exactly as raptor
 * alone does (status, message, position). The tests check this on every
 * Turtle file of the project and of the shared corpus (schemas, examples,
 * real catalogues, the SHACL test suite), on one case per grammar
 * construct, on edge cases, and on hostile input.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hdcat/rdf.h"

/* The switch between the readers is internal to the rdf module. */
#include "../../src/rdf/rdf_internal.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Set by the mutation test, which expects many declines. */
static bool quiet;

/* What one reader made of a document. */
typedef struct outcome
{
  hdc_status st;
  hdc_error  err;
  hdc_graph *g;
} outcome;

static void
run(hdc_world       *w,
    hdc_turtle_mode  mode,
    const char      *data,
    size_t           len,
    const char      *base,
    const char      *source,
    const hdc_limits *limits,
    outcome         *out)
{
  hdc_parse_opts o = { .format   = HDC_FORMAT_TURTLE,
                       .base_iri = base,
                       .source   = source,
                       .limits   = limits };
  hdc_error_clear(&out->err);
  out->g = hdc_graph_new(w);
  assert_non_null(out->g);
  hdc_rdf_turtle_mode_set(mode);
  out->st = hdc_rdf_parse(data, len, &o, out->g, &out->err);
  hdc_rdf_turtle_mode_set(HDC_TURTLE_AUTO);
}

static void
print_graph(const char *name, const hdc_graph *g)
{
  const hdc_triple *t = hdc_graph_triples(g);
  size_t            n = hdc_graph_size(g);
  fprintf(stderr, "  %s (%zu triples):\n", name, n);
  for (size_t i = 0; i < n && i < 40; i++) {
    hdc_str s = hdc_term_text(t[i].s);
    hdc_str p = hdc_term_text(t[i].p);
    hdc_str o = hdc_term_text(t[i].o);
    const hdc_term *dt = hdc_term_datatype(t[i].o);
    hdc_str d = dt ? hdc_term_text(dt) : HDC_STR("");
    hdc_str l = hdc_term_lang(t[i].o);
    fprintf(stderr,
            "    %.*s %.*s %.*s ^^%.*s @%.*s\n",
            (int)s.len,
            s.ptr,
            (int)p.len,
            p.ptr,
            (int)o.len,
            o.ptr,
            (int)d.len,
            d.ptr,
            (int)l.len,
            l.ptr);
  }
}

typedef struct tally
{
  size_t files;
  size_t fast; /* accepted by the fast reader */
  size_t both_failed;
  size_t mismatches;
} tally;

/*
 * Compare the readers on one document. Returns true if they agree:
 *  - fast alone accepts => raptor accepts and the graphs are isomorphic;
 *  - the default path (fast, then raptor) answers as raptor alone:
 *    same status, and when both fail the same message and position.
 * *fast_ok says whether the fast reader accepted it.
 */
static bool
compare(const char       *data,
        size_t            len,
        const char       *base,
        const char       *source,
        const hdc_limits *limits,
        bool             *fast_ok)
{
  hdc_world *w = hdc_world_new();
  assert_non_null(w);
  outcome r, f, a;
  run(w, HDC_TURTLE_RAPTOR, data, len, base, source, limits, &r);
  run(w, HDC_TURTLE_FAST, data, len, base, source, limits, &f);
  run(w, HDC_TURTLE_AUTO, data, len, base, source, limits, &a);
  bool ok  = true;
  *fast_ok = f.st == HDC_OK;
  if (f.st != HDC_OK && r.st == HDC_OK && !quiet) {
    /* Not an error: raptor reads it. Shown to see what is declined. */
    fprintf(stderr,
            "note: %s: %lu:%lu: %s\n",
            source,
            f.err.line,
            f.err.column,
            f.err.message);
  }
  if (f.st == HDC_OK &&
      (r.st != HDC_OK || hdc_graph_size(r.g) != hdc_graph_size(f.g) ||
       !hdc_graph_isomorphic(r.g, f.g))) {
    fprintf(stderr,
            "MISMATCH %s: fast reader accepted, raptor %s (%s)\n",
            source,
            r.st == HDC_OK ? "gives another graph" : "refuses",
            r.err.message);
    print_graph("raptor", r.g);
    print_graph("fast", f.g);
    ok = false;
  }
  if (a.st != r.st ||
      (r.st == HDC_OK && !hdc_graph_isomorphic(r.g, a.g)) ||
      (r.st != HDC_OK &&
       (strcmp(a.err.message, r.err.message) != 0 ||
        a.err.line != r.err.line || a.err.column != r.err.column))) {
    fprintf(stderr,
            "MISMATCH %s: default path %d '%s' %lu:%lu, raptor %d '%s' "
            "%lu:%lu\n",
            source,
            (int)a.st,
            a.err.message,
            a.err.line,
            a.err.column,
            (int)r.st,
            r.err.message,
            r.err.line,
            r.err.column);
    ok = false;
  }
  hdc_graph_free(r.g);
  hdc_graph_free(f.g);
  hdc_graph_free(a.g);
  hdc_world_free(w);
  return ok;
}

static char *
read_file(const char *path, size_t *len)
{
  FILE *fp = fopen(path, "rb");
  if (!fp) {
    return NULL;
  }
  char  *buf = NULL;
  size_t cap = 0;
  size_t n   = 0;
  for (;;) {
    if (n + 65536 + 1 > cap) {
      cap       = (n + 65536 + 1) * 2;
      char *big = realloc(buf, cap);
      assert_non_null(big);
      buf = big;
    }
    size_t got = fread(buf + n, 1, 65536, fp);
    n += got;
    if (got == 0) {
      break;
    }
  }
  fclose(fp);
  buf[n] = '\0';
  *len   = n;
  return buf;
}

static bool
has_suffix(const char *s, const char *suffix)
{
  size_t a = strlen(s);
  size_t b = strlen(suffix);
  return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* Every .ttl file under dir, recursively. */
static void
compare_tree(const char *dir, tally *t)
{
  DIR *d = opendir(dir);
  if (!d) {
    return;
  }
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') {
      continue;
    }
    char path[4096];
    int  n = snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    assert_true(n > 0 && (size_t)n < sizeof path);
    struct stat sb;
    if (stat(path, &sb) != 0) {
      continue;
    }
    if (S_ISDIR(sb.st_mode)) {
      compare_tree(path, t);
    } else if (S_ISREG(sb.st_mode) && has_suffix(path, ".ttl")) {
      size_t len;
      char  *data = read_file(path, &len);
      assert_non_null(data);
      bool fast_ok;
      t->files++;
      if (!compare(data, len, NULL, path, NULL, &fast_ok)) {
        t->mismatches++;
      }
      t->fast += fast_ok;
      free(data);
    }
  }
  closedir(d);
}

/* (a) The project's own Turtle files: every one agrees, and the fast
 * reader takes nearly all of them (else it would test nothing). */
static void
test_turtle_project_files_agree(void **state)
{
  (void)state;
  tally t = { 0 };
  compare_tree(HDC_FIXTURES, &t);
  compare_tree(HDC_FIXTURES "/../schemas", &t);
  fprintf(stderr,
          "project: %zu files, %zu read by the fast reader, %zu "
          "mismatches\n",
          t.files,
          t.fast,
          t.mismatches);
  assert_int_equal(t.mismatches, 0);
  assert_true(t.files > 10);
  assert_true(t.fast * 2 > t.files);
}

/* (a) The shared corpus, when it sits beside the checkout. */
static void
test_turtle_shared_files_agree(void **state)
{
  (void)state;
  struct stat sb;
  if (stat(HDC_SHARED_DIR, &sb) != 0) {
    skip();
  }
  static const char *const dirs[] = { "/schemas",
                                      "/fixtures/examples",
                                      "/fixtures/real",
                                      "/conformance/shacl" };
  tally                    t      = { 0 };
  for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
    char path[4096];
    snprintf(path, sizeof path, "%s%s", HDC_SHARED_DIR, dirs[i]);
    compare_tree(path, &t);
  }
  fprintf(stderr,
          "shared: %zu files, %zu read by the fast reader, %zu mismatches\n",
          t.files,
          t.fast,
          t.mismatches);
  assert_int_equal(t.mismatches, 0);
  if (t.files > 0) {
    assert_true(t.fast * 2 > t.files);
  }
}

typedef struct tcase
{
  const char *name;
  const char *doc;
  bool        fast; /* the fast reader is expected to take it */
} tcase;

#define P "@prefix ex: <http://example.org/> .\n"

static void
check_cases(const tcase *cases, size_t n, const char *base)
{
  size_t bad = 0;
  for (size_t i = 0; i < n; i++) {
    bool fast_ok;
    if (!compare(cases[i].doc,
                 strlen(cases[i].doc),
                 base,
                 cases[i].name,
                 NULL,
                 &fast_ok)) {
      bad++;
    } else if (fast_ok != cases[i].fast) {
      fprintf(stderr,
              "%s: the fast reader %s it\n",
              cases[i].name,
              fast_ok ? "took" : "declined");
      bad++;
    }
  }
  assert_int_equal(bad, 0);
}

/* (b) One case per construct of the grammar. */
static void
test_turtle_constructs_match_raptor(void **state)
{
  (void)state;
  static const tcase cases[] = {
    { "prefix", P "ex:s ex:p ex:o .", true },
    { "sparql_prefix", "PREFIX ex: <http://example.org/>\nex:s ex:p ex:o .",
      true },
    { "sparql_prefix_case", "pReFiX ex: <http://example.org/>\nex:s ex:p 1 .",
      true },
    { "empty_prefix", "@prefix : <http://example.org/> . :s :p :o .", true },
    { "prefix_with_dot", "@prefix a.b: <http://x/> . a.b:c a.b:d a.b:e .",
      true },
    { "base", "@base <http://example.org/a/b> . <c> <#d> <?e> .", true },
    { "sparql_base", "BASE <http://example.org/a/>\n<c> <d> <>.", true },
    { "iriref_uchar", "<http://x/\\u00e9> <http://x/p> <http://x/\\U0001F600> .",
      true },
    { "pn_local_escapes", P "ex:s ex:p ex:a\\~b, ex:c\\-d, ex:e\\.f, ex:g\\,h .",
      true },
    { "pn_local_percent", P "ex:s ex:p ex:a%20b, ex:%C3%A9 .", true },
    { "pn_local_colon_dot", P "ex:s ex:p ex:a:b, ex:a.b, ex:a..b:c.d .", true },
    { "pn_local_digit_first", P "ex:s ex:p ex:1x, ex:_y, ex:: .", true },
    { "pn_local_empty", P "ex: ex: ex: .", true },
    { "a_keyword", P "ex:s a ex:C .", true },
    { "semicolons", P "ex:s ex:p 1 ; ex:q 2 ; ex:r 3 .", true },
    { "trailing_semicolon", P "ex:s ex:p 1 ; .", true },
    { "repeated_semicolons", P "ex:s ex:p 1 ;; ; ex:q 2 ;;.", true },
    { "commas", P "ex:s ex:p 1, 2 , 3 .", true },
    { "blank_labels", P "_:a ex:p _:b . _:b ex:p _:a . _:1x ex:p _:a.b .",
      true },
    { "anon", P "[] ex:p [] .", true },
    { "bnode_list_object", P "ex:s ex:p [ ex:q 1 ; ex:r [ ex:t 2 ] ] .", true },
    { "bnode_list_subject", P "[ ex:q 1 ] ex:p 2 .", true },
    { "bnode_list_alone", P "[ ex:q 1 ; ex:r 2 ] .", true },
    { "collection", P "ex:s ex:p (1 2 3) .", true },
    { "collection_empty", P "ex:s ex:p () .", true },
    { "collection_nested", P "ex:s ex:p (1 (2 (3)) () [ ex:q 4 ]) .", true },
    { "collection_subject", P "(1 2) ex:p 3 .", true },
    { "short_strings", P "ex:s ex:p \"a\", 'b', \"\", '' .", true },
    { "long_strings", P "ex:s ex:p \"\"\"a\n\"b\"\"c\"\"\", '''x\n'y''z''', "
                        "\"\"\"\"\"\", '''''' .",
      true },
    { "echar", P "ex:s ex:p \"t\\tb\\bn\\nr\\rf\\fq\\\"a\\'s\\\\\" .", true },
    { "uchar", P "ex:s ex:p \"\\u00E9\\U0001F600\" .", true },
    { "raw_utf8", P "ex:s ex:p \"\xC3\xA9t\xC3\xA9\" .", true },
    { "lang", P "ex:s ex:p \"x\"@en, \"y\"@EN-gb, \"z\"@en-US-1999 .", true },
    { "datatype", P "ex:s ex:p \"x\"^^ex:dt, \"y\"^^<http://x/dt>, "
                    "\"\\u00e9\"^^ex:dt .",
      true },
    { "numbers", P "ex:s ex:p 1, -2, +3, 1.5, -.5, +0.0, 1e3, 1.E-3, -.5e+2, "
                   "1.e3 .",
      true },
    { "number_then_dot", P "ex:s ex:p 1.\nex:s ex:q 1.5.\nex:s ex:r 1e2.",
      true },
    { "booleans", P "ex:s ex:p true, false .\nex:s ex:q false.", true },
    { "comments", P "# c\nex:s # c\n ex:p # c\n ex:o # c\n . # end", true },
    { "cr_lines", P "ex:s ex:p ex:o .\r\nex:s ex:q 'x' .\r\n", true },
    { "no_space", P "ex:s ex:p\"x\",<http://x/o>,ex:o;ex:q[ex:r(1)].", true },
    { "prefix_redefined",
      P "ex:s ex:p ex:o .\n@prefix ex: <http://other.org/> .\nex:s ex:p ex:o .",
      true },
    { "duplicates", P "ex:s ex:p ex:o . ex:s ex:p ex:o .", true },
    { "long_string_crlf",
      P "ex:s ex:p \"\"\"a\r\nb\tc\"\"\", '''\\u00e9\r\n''' .", true },
    { "long_string_quotes_end", P "ex:s ex:p \"\"\"a\"\"\"\" .", false },
    { "names_like_keywords", P "ex:s ex:p ex:true, ex:a, ex:prefix, ex:base .",
      true },
    { "bnode_in_collection_subject", P "([ex:p 1] _:x) ex:q _:x .", true },
    /* Found by the mutation test: raptor's lexer departs from the
     * grammar here, so the fast reader declines. */
    { "lang_prefix", P "ex:s ex:p 'x'@prefix .", false },
    { "lang_base", P "ex:s ex:p 'x'@base .", false },
    { "lang_like_keywords", P "ex:s ex:p 'x'@PREFIX, 'y'@Base, 'z'@base-x .",
      true },
    { "prefix_line_end", "@prefix\nex: <http://example.org/> . ex:s ex:p 1 .",
      false },
    { "sparql_prefix_comment",
      "PREFIX # c\nex: <http://example.org/>\nex:s ex:p 1 .", false },
    { "prefix_iri_next_line",
      "@prefix ex:\n<http://example.org/> . ex:s ex:p 1 .", true },
  };
  check_cases(cases, sizeof cases / sizeof cases[0], NULL);
}

/* (b) Relative IRIs: against the default base (which has no authority and
 * goes through the placeholder), a given base, and bases set mid-way. */
static void
test_turtle_relative_iris_match_raptor(void **state)
{
  (void)state;
  static const tcase cases[] = {
    { "relative_default", "<a> <b#c> <../d>, <./e/../f>, <?q>, <#f>, <> .",
      true },
    { "relative_up", "<../../../x> <p> <//h/p/q>, <../a/./b/../c> .", true },
    { "network_path_dots", "<a> <p> <//h/p/../q> .", false },
    { "relative_prefix", "@prefix r: <sub/> . r:a r:b r:c .", true },
    { "base_changes", "@base <http://a.org/x/y> . <z> <p> <../w> .\n"
                      "@base <http://b.org/> . <z> <p> <w> .\n"
                      "@base <q/r> . <s> <p> <#t> .",
      true },
    { "base_with_query", "@base <http://a.org/x?y#z> . <> <p> <#f>, <?g> .",
      true },
    { "base_no_authority", "@base <urn:x:y/> . <z> <p> <w> .", false },
    { "base_no_path", "@base <http://a.org> . <z> <p> <w>, <> .", false },
    { "base_fragment_host", "@base <http://a#b.org/c/> . <z> <p> <w> .",
      false },
    { "base_fragment_path", "@base <http://a.org/x#y/z> . <z> <p> <../w>, <> .",
      true },
    { "absolute_dot_segments", "<http://a/b/../c> <http://a/p> <http://a/o> .",
      false },
    { "absolute_placeholder", "<http://hdcat.invalid/a> <http://a/p> 1 .",
      true },
  };
  check_cases(cases, sizeof cases / sizeof cases[0], NULL);
  check_cases(cases, sizeof cases / sizeof cases[0], "http://example.org/d/f.ttl");
  check_cases(cases, sizeof cases / sizeof cases[0], "file:///data/x.ttl");
}

/* (b) Hostile and malformed input: raptor's error, unchanged. */
static void
test_turtle_bad_input_keeps_raptor_errors(void **state)
{
  (void)state;
  static const tcase cases[] = {
    { "unterminated_long", P "ex:s ex:p \"\"\"abc .", false },
    { "unterminated_short", P "ex:s ex:p \"abc .\nex:s ex:p 1 .", false },
    { "unterminated_iri", P "ex:s ex:p <http://x .", false },
    { "missing_dot", P "ex:s ex:p ex:o", false },
    { "trailing_comma", P "ex:s ex:p ex:o , .", false },
    { "undeclared_prefix", "nope:s nope:p nope:o .", false },
    { "bad_escape", P "ex:s ex:p \"a\\xb\" .", false },
    { "space_in_iri", P "ex:s ex:p <a b> .", false },
    { "nul_escape", P "ex:s ex:p \"a\\u0000b\" .", false },
    { "invalid_utf8", P "ex:s ex:p \"a\xC3\x28\" .", false },
    { "lone_surrogate", P "ex:s ex:p \"\\uD800\" .", false },
    { "lax_lang", P "ex:s ex:p \"x\"@en- .", false },
    { "bad_local", P "ex:s ex:p ex:-x .", false },
    { "bad_percent", P "ex:s ex:p ex:x%2 .", false },
    { "literal_subject", P "\"x\" ex:p ex:o .", false },
    { "unbalanced", P "ex:s ex:p [ ex:q ( 1 2 .", false },
    { "closing_only", P "ex:s ex:p ) .", false },
    { "unknown_directive", "@prefixx ex: <http://x/> .", false },
    { "empty", "", true },
    { "comment_only", "# nothing\n", true },
  };
  check_cases(cases, sizeof cases / sizeof cases[0], NULL);
}

/* (b) A raw NUL byte, in and out of a string: refused by the gate before
 * either reader, with the same message. */
static void
test_turtle_nul_byte_keeps_raptor_error(void **state)
{
  (void)state;
  static const char doc[] = P "ex:s ex:p \"a\0b\" .\nex:s\0 ex:p 1 .";
  bool              fast_ok;
  assert_true(compare(doc, sizeof doc - 1, NULL, "nul", NULL, &fast_ok));
  assert_false(fast_ok);
}

/* (b) Deep nesting: under the limit it is read (by either reader), over it
 * the pre-scan refuses before any reader runs. */
static void
test_turtle_deep_nesting_matches_raptor(void **state)
{
  (void)state;
  static const size_t depths[] = { 50, 150, 250, 300 };
  for (size_t k = 0; k < sizeof depths / sizeof depths[0]; k++) {
    size_t n   = depths[k];
    size_t cap = strlen(P) + 32 + n * 16;
    char  *doc = malloc(cap);
    assert_non_null(doc);
    size_t len = (size_t)snprintf(doc, cap, "%sex:s ex:p ", P);
    for (size_t i = 0; i < n; i++) {
      len += (size_t)snprintf(doc + len, cap - len, i % 2 ? "(" : "[ex:q ");
    }
    len += (size_t)snprintf(doc + len, cap - len, "1");
    for (size_t i = n; i-- > 0;) {
      len += (size_t)snprintf(doc + len, cap - len, i % 2 ? ")" : "]");
    }
    len += (size_t)snprintf(doc + len, cap - len, " .");
    bool fast_ok;
    char name[32];
    snprintf(name, sizeof name, "depth_%zu", n);
    assert_true(compare(doc, len, NULL, name, NULL, &fast_ok));
    free(doc);
  }
}

/* (b) Limits: the fast reader declines, raptor reports the limit as
 * before. */
static void
test_turtle_limits_keep_raptor_errors(void **state)
{
  (void)state;
  hdc_limits l;
  hdc_limits_init(&l);
  l.value[HDC_LIMIT_TRIPLES]       = 2;
  l.value[HDC_LIMIT_LITERAL_BYTES] = 8;
  bool fast_ok;
  const char *few = P "ex:s ex:p 1, 2 .";
  assert_true(compare(few, strlen(few), NULL, "few", &l, &fast_ok));
  assert_true(fast_ok);
  const char *many = P "ex:s ex:p 1, 2, 3 .";
  assert_true(compare(many, strlen(many), NULL, "many", &l, &fast_ok));
  assert_false(fast_ok);
  const char *lit = P "ex:s ex:p \"123456789\" .";
  assert_true(compare(lit, strlen(lit), NULL, "long_literal", &l, &fast_ok));
  assert_false(fast_ok);
}

/* Blank nodes stay scoped to their document when the fast reader reads
 * two documents into one graph. */
static void
test_turtle_blank_nodes_scoped_per_document(void **state)
{
  (void)state;
  hdc_world *w = hdc_world_new();
  hdc_graph *g = hdc_graph_new(w);
  assert_non_null(g);
  const char    *doc = P "_:a ex:p [] .";
  hdc_parse_opts o   = { .format = HDC_FORMAT_TURTLE };
  hdc_error      err;
  hdc_rdf_turtle_mode_set(HDC_TURTLE_FAST);
  assert_int_equal(hdc_rdf_parse(doc, strlen(doc), &o, g, &err), HDC_OK);
  assert_int_equal(hdc_rdf_parse(doc, strlen(doc), &o, g, &err), HDC_OK);
  hdc_rdf_turtle_mode_set(HDC_TURTLE_AUTO);
  assert_int_equal(hdc_graph_size(g), 2);
  hdc_graph_free(g);
  hdc_world_free(w);
}

/* A document with one of each construct, the seed of the mutations. */
static const char mutation_seed[] =
  "@prefix ex: <http://example.org/> .\n"
  "PREFIX dct: <http://purl.org/dc/terms/>\n"
  "@base <http://example.org/base/> .\n"
  "# a comment\n"
  "ex:s a ex:C ; ex:p ex:o, <rel>, <#frag>, ex:a\\~b, ex:c%20d ;\n"
  "  dct:title \"Titre \\u00e9t\\U0001F600\\t\"@fr, 'short'@en-GB ;\n"
  "  dct:description \"\"\"long\n\"quoted\" text\"\"\"^^ex:dt, '''x''' ;\n"
  "  ex:n 1, -2.5, +.5e3, 1.E-3, true, false ;\n"
  "  ex:b [ ex:q _:x ; ex:r ( 1 ( 2 ) [ ex:t 3 ] ) ] ;\n"
  "  ex:l () ; .\n"
  "_:x ex:p \"v\"^^<http://www.w3.org/2001/XMLSchema#string> .\n"
  "( ex:a ex:b ) ex:p [] .\n"
  "[ ex:q 1 ] .\n";

/* What the mutations insert: the grammar's own punctuation and keywords,
 * so most mutants get past their first bytes. */
static const char *const mutation_tokens[] = {
  "<",  ">",  "\"", "'",       "\"\"\"",    "'''",          "\\",
  "\\u", "\\U0010FFFF", ":",   ".",         ";",            ",",
  "[",  "]",  "(",  ")",       "@",         "^^",           "_:",
  "#",  "\n", "\r", " ",       "a",         "@prefix",      "@base",
  "PREFIX", "BASE", "ex:", "%", "%zz",      "1",            "-",
  "e",  "true", "\xC3\xA9", "\xE2\x80\xAF", "../", "//",
};

static uint64_t
mutation_rand(uint64_t *s)
{
  *s ^= *s << 13;
  *s ^= *s >> 7;
  *s ^= *s << 17;
  return *s;
}

/* Apply one random edit to doc (len bytes, room for cap); the new length. */
static size_t
mutate(char *doc, size_t len, size_t cap, uint64_t *rs)
{
  size_t at = mutation_rand(rs) % (len + 1);
  size_t n;
  switch (mutation_rand(rs) % 5) {
    case 0: /* delete a few bytes */
      n = 1 + mutation_rand(rs) % 8;
      n = at + n > len ? len - at : n;
      memmove(doc + at, doc + at + n, len - at - n);
      return len - n;
    case 1:
    case 2: { /* insert a token */
      const char *t = mutation_tokens[mutation_rand(rs) %
                                      (sizeof mutation_tokens /
                                       sizeof mutation_tokens[0])];
      n = strlen(t);
      if (len + n > cap) {
        return len;
      }
      memmove(doc + at + n, doc + at, len - at);
      memcpy(doc + at, t, n);
      return len + n;
    }
    case 3: /* cut the document short */
      return at;
    default: /* repeat a span */
      n = 1 + mutation_rand(rs) % 40;
      n = at + n > len ? len - at : n;
      if (len + n > cap) {
        return len;
      }
      memmove(doc + at + n, doc + at, len - at);
      return len + n;
  }
}

/* (c) Seeded mutants of a document with every construct and of a demo
 * record: whatever the fast reader accepts, raptor reads to the same graph,
 * and the default path answers as raptor alone (and, under the sanitizers,
 * no mutant makes either read out of bounds). */
static void
test_turtle_mutations_agree(void **state)
{
  (void)state;
  size_t demo_len;
  char  *demo = read_file(HDC_FIXTURES "/demo/datasets/bndmr.ttl", &demo_len);
  assert_non_null(demo);
  const char *seeds[2]     = { mutation_seed, demo };
  size_t      seed_lens[2] = { sizeof mutation_seed - 1, demo_len };
  size_t      cap          = demo_len + 4096;
  char       *doc          = malloc(cap);
  assert_non_null(doc);
  uint64_t rs         = 0x9e3779b97f4a7c15u;
  size_t   mismatches = 0, accepted = 0, runs = 0;
  quiet               = true;
  for (int i = 0; i < 1500; i++) {
    int    k   = i % 5 == 4; /* one in five from the demo record */
    size_t len = seed_lens[k];
    memcpy(doc, seeds[k], len);
    int edits = 1 + (int)(mutation_rand(&rs) % 3);
    for (int e = 0; e < edits; e++) {
      len = mutate(doc, len, cap, &rs);
    }
    char name[64];
    snprintf(name, sizeof name, "mutant %d", i);
    bool fast_ok;
    if (!compare(doc, len, NULL, name, NULL, &fast_ok)) {
      fprintf(stderr, "  the mutant: %.*s\n", (int)(len < 700 ? len : 700),
              doc);
      mismatches++;
    }
    accepted += fast_ok;
    runs++;
  }
  quiet = false;
  fprintf(stderr,
          "mutants: %zu, %zu read by the fast reader, %zu mismatches\n",
          runs,
          accepted,
          mismatches);
  free(doc);
  free(demo);
  assert_int_equal(mismatches, 0);
  assert_true(accepted > runs / 10); /* else it tests only the declines */
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_turtle_constructs_match_raptor),
    cmocka_unit_test(test_turtle_relative_iris_match_raptor),
    cmocka_unit_test(test_turtle_bad_input_keeps_raptor_errors),
    cmocka_unit_test(test_turtle_nul_byte_keeps_raptor_error),
    cmocka_unit_test(test_turtle_deep_nesting_matches_raptor),
    cmocka_unit_test(test_turtle_limits_keep_raptor_errors),
    cmocka_unit_test(test_turtle_blank_nodes_scoped_per_document),
    cmocka_unit_test(test_turtle_project_files_agree),
    cmocka_unit_test(test_turtle_shared_files_agree),
    cmocka_unit_test(test_turtle_mutations_agree),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
