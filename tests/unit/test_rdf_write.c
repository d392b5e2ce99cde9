// SPDX-License-Identifier: EUPL-1.2
/*
 * Unit tests for the writers: exact N-Triples escaping, hdc_rdf_write_term_nt,
 * canonical (sorted) order, Turtle prefixes, grouping and inline blank
 * nodes, RDF/XML namespaces, typed nodes and its refusals, the sinks, and
 * the round trip of every syntax (write, parse back, compare up to blank
 * node renaming) on tricky literals, blank-node shapes and the official
 * HealthDCAT-AP / DCAT-AP examples of the shared corpus.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hdcat/rdf.h"
/* The shared prefix table is private to the rdf module. */
#include "../../src/rdf/rdf_internal.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EX "http://example.org/"

typedef struct fixture
{
  hdc_world *w;
  hdc_graph *g;
  hdc_buf    out;
  hdc_error  err;
} fixture;

static int
setup(void **state)
{
  fixture *f = calloc(1, sizeof *f);
  assert_non_null(f);
  f->w = hdc_world_new();
  f->g = hdc_graph_new(f->w);
  assert_non_null(f->g);
  hdc_buf_init(&f->out);
  hdc_error_clear(&f->err);
  *state = f;
  return 0;
}

static int
teardown(void **state)
{
  fixture *f = *state;
  hdc_buf_clear(&f->out);
  hdc_graph_free(f->g);
  hdc_world_free(f->w);
  free(f);
  return 0;
}

static const hdc_term *
I(fixture *f, const char *z)
{
  const hdc_term *t = hdc_world_iri(f->w, hdc_str_from(z));
  assert_non_null(t);
  return t;
}

static const hdc_term *
B(fixture *f, const char *label)
{
  const hdc_term *t = hdc_world_blank(f->w, hdc_str_from(label));
  assert_non_null(t);
  return t;
}

static const hdc_term *
L(fixture *f, const char *lex, size_t len, const char *dt, const char *lang)
{
  const hdc_term *t = hdc_world_literal(
    f->w, (hdc_str){ lex, len }, dt ? I(f, dt) : NULL, hdc_str_from(lang));
  assert_non_null(t);
  return t;
}

static const hdc_term *
S(fixture *f, const char *lex)
{
  return L(f, lex, strlen(lex), NULL, NULL);
}

static void
add(fixture *f, const hdc_term *s, const hdc_term *p, const hdc_term *o)
{
  hdc_status st = hdc_graph_add(f->g, s, p, o);
  assert_true(st == HDC_OK || st == HDC_FAILURE);
}

static hdc_status
write_fmt(fixture *f, hdc_format fmt, bool sorted)
{
  hdc_write_opts o = { sorted, NULL };
  hdc_buf_clear(&f->out);
  hdc_error_clear(&f->err);
  return hdc_rdf_write(f->g, fmt, &o, hdc_sink_buf, &f->out, &f->err);
}

static const char *
text(fixture *f)
{
  return f->out.ptr ? f->out.ptr : "";
}

/* Write g in fmt, parse the output into a fresh graph of the same world and
 * check that it is isomorphic to g. */
static void
check_round_trip(fixture *f, hdc_format fmt)
{
  assert_int_equal(write_fmt(f, fmt, false), HDC_OK);
  hdc_graph     *back = hdc_graph_new(f->w);
  hdc_parse_opts po   = { fmt, NULL, "written", NULL };
  hdc_error      err;
  hdc_error_clear(&err);
  hdc_status st =
    hdc_rdf_parse(f->out.ptr ? f->out.ptr : "", f->out.len, &po, back, &err);
  if (st != HDC_OK || !hdc_graph_isomorphic(back, f->g)) {
    char msg[2048];
    print_error("%s round trip: %s (%zu vs %zu triples)\n%.3000s\n",
                hdc_format_name(fmt),
                hdc_error_format(&err, msg, sizeof msg),
                hdc_graph_size(back),
                hdc_graph_size(f->g),
                text(f));
  }
  assert_int_equal(st, HDC_OK);
  assert_int_equal(hdc_graph_size(back), hdc_graph_size(f->g));
  assert_true(hdc_graph_isomorphic(back, f->g));
  hdc_graph_free(back);
}

static const hdc_format round_trip_formats[] = {
  HDC_FORMAT_TURTLE, HDC_FORMAT_NTRIPLES, HDC_FORMAT_RDFXML,
  HDC_FORMAT_NQUADS, HDC_FORMAT_TRIG,
};

static void
check_all_round_trips(fixture *f)
{
  for (size_t i = 0;
       i < sizeof round_trip_formats / sizeof round_trip_formats[0];
       i++) {
    check_round_trip(f, round_trip_formats[i]);
  }
}

/* ------------------------------------------------------------------------ */
/* N-Triples                                                                */

static void
test_write_term_nt_each_kind(void **state)
{
  fixture *f = *state;
  hdc_buf  b = HDC_BUF_INIT;
  assert_int_equal(hdc_rdf_write_term_nt(I(f, EX "a"), &b), HDC_OK);
  assert_int_equal(hdc_rdf_write_term_nt(B(f, "b1"), &b), HDC_OK);
  assert_int_equal(hdc_rdf_write_term_nt(S(f, "plain"), &b), HDC_OK);
  assert_int_equal(
    hdc_rdf_write_term_nt(L(f, "x", 1, HDC_NS_XSD "string", NULL), &b), HDC_OK);
  assert_int_equal(hdc_rdf_write_term_nt(L(f, "chat", 4, NULL, "fr-CA"), &b),
                   HDC_OK);
  assert_int_equal(
    hdc_rdf_write_term_nt(L(f, "5", 1, HDC_NS_XSD "integer", NULL), &b),
    HDC_OK);
  assert_string_equal(b.ptr,
                      "<" EX "a>_:b1\"plain\"\"x\"\"chat\"@fr-ca"
                      "\"5\"^^<" HDC_NS_XSD "integer>");
  hdc_buf_clear(&b);
  assert_int_equal(hdc_rdf_write_term_nt(NULL, &b), HDC_ERR_INVALID_ARG);
  assert_int_equal(hdc_rdf_write_term_nt(I(f, EX "a"), NULL),
                   HDC_ERR_INVALID_ARG);
  /* A tag no RDF syntax can carry (JSON-LD lets anything through). */
  assert_int_equal(hdc_rdf_write_term_nt(L(f, "x", 1, NULL, "en_US"), &b),
                   HDC_ERR_UNSUPPORTED);
  hdc_buf_clear(&b);
}

static void
test_write_nt_escapes_exact(void **state)
{
  fixture   *f     = *state;
  const char lex[] = "q\" b\\ n\n r\r t\t bs\b ff\f nul\0 x\x01 del\x7F "
                     "\xC3\xA9\xF0\x9F\x98\x80";
  add(f, I(f, EX "s"), I(f, EX "p"), L(f, lex, sizeof lex - 1, NULL, NULL));
  assert_int_equal(write_fmt(f, HDC_FORMAT_NTRIPLES, false), HDC_OK);
  assert_string_equal(text(f),
                      "<" EX "s> <" EX "p> \"q\\\" b\\\\ n\\n r\\r t\\t "
                      "bs\\b ff\\f nul\\u0000 x\\u0001 del\\u007F "
                      "\xC3\xA9\xF0\x9F\x98\x80\" .\n");
  /* The readers refuse NUL (raptor would cut the string there); without
   * it every syntax round-trips. */
  hdc_graph_clear(f->g);
  const char *nul = memchr(lex, '\0', sizeof lex - 1);
  assert_non_null(nul);
  add(
    f, I(f, EX "s"), I(f, EX "p"), L(f, lex, (size_t)(nul - lex), NULL, NULL));
  add(f,
      I(f, EX "s"),
      I(f, EX "p"),
      L(f, nul + 1, (size_t)(lex + sizeof lex - 2 - nul), NULL, NULL));
  check_round_trip(f, HDC_FORMAT_TURTLE);
  check_round_trip(f, HDC_FORMAT_NTRIPLES);
  check_round_trip(f, HDC_FORMAT_NQUADS);
  check_round_trip(f, HDC_FORMAT_TRIG);
  /* XML 1.0 has no way to write \x01 or \b. */
  assert_int_equal(write_fmt(f, HDC_FORMAT_RDFXML, false), HDC_ERR_UNSUPPORTED);
}

static void
test_write_iris_and_labels_made_parseable(void **state)
{
  fixture *f = *state;
  /* Terms that no parser of ours makes, but other code may: they are
   * written so the output still parses. */
  add(f, B(f, "with space"), I(f, EX "p"), I(f, EX "a b<c>\"d\"{|}^`\\"));
  add(f, B(f, "_x41"), I(f, EX "p"), B(f, ""));
  add(f, B(f, "ok-label_1"), I(f, EX "p"), B(f, "-dash"));
  assert_int_equal(write_fmt(f, HDC_FORMAT_NTRIPLES, false), HDC_OK);
  assert_non_null(
    strstr(text(f), "<" EX "a%20b%3Cc%3E%22d%22%7B%7C%7D%5E%60%5C>"));
  assert_non_null(strstr(text(f), "_:_x77697468207370616365 "));
  assert_non_null(strstr(text(f), "_:_x5F783431 "));
  assert_non_null(strstr(text(f), "_:ok-label_1 "));
  assert_non_null(strstr(text(f), "_:_x2D64617368 ."));
  /* The IRI changed (percent-encoded), so compare after the same change. */
  hdc_graph     *back = hdc_graph_new(f->w);
  hdc_parse_opts po   = { HDC_FORMAT_NTRIPLES, NULL, NULL, NULL };
  assert_int_equal(hdc_rdf_parse(f->out.ptr, f->out.len, &po, back, NULL),
                   HDC_OK);
  assert_int_equal(hdc_graph_size(back), 3);
  assert_non_null(hdc_world_find_iri(
    f->w, HDC_STR(EX "a%20b%3Cc%3E%22d%22%7B%7C%7D%5E%60%5C")));
  /* Every syntax writes the same IRIs. */
  static const hdc_format others[] = { HDC_FORMAT_TURTLE, HDC_FORMAT_RDFXML };
  for (size_t i = 0; i < 2; i++) {
    assert_int_equal(write_fmt(f, others[i], false), HDC_OK);
    hdc_graph *again = hdc_graph_new(f->w);
    po.format        = others[i];
    assert_int_equal(hdc_rdf_parse(f->out.ptr, f->out.len, &po, again, NULL),
                     HDC_OK);
    assert_true(hdc_graph_isomorphic(again, back));
    hdc_graph_free(again);
  }
  hdc_graph_free(back);
}

static void
test_write_nt_sorted_is_canonical(void **state)
{
  fixture *f = *state;
  /* The same triples inserted in two orders give the same sorted text. */
  const hdc_term *ts[][3] = {
    { I(f, EX "b"), I(f, EX "p"), S(f, "2") },
    { I(f, EX "a"), I(f, EX "q"), I(f, EX "z") },
    { I(f, EX "a"), I(f, EX "p"), S(f, "1") },
    { B(f, "x"), I(f, EX "p"), I(f, EX "a") },
    { I(f, EX "a"), I(f, EX "p"), I(f, EX "a") },
  };
  for (size_t i = 0; i < 5; i++) {
    add(f, ts[i][0], ts[i][1], ts[i][2]);
  }
  assert_int_equal(write_fmt(f, HDC_FORMAT_NTRIPLES, true), HDC_OK);
  char *first = strdup(text(f));
  assert_string_equal(first,
                      "<" EX "a> <" EX "p> <" EX "a> .\n"
                      "<" EX "a> <" EX "p> \"1\" .\n"
                      "<" EX "a> <" EX "q> <" EX "z> .\n"
                      "<" EX "b> <" EX "p> \"2\" .\n"
                      "_:x <" EX "p> <" EX "a> .\n");
  hdc_graph_clear(f->g);
  for (size_t i = 5; i-- > 0;) {
    add(f, ts[i][0], ts[i][1], ts[i][2]);
  }
  assert_int_equal(write_fmt(f, HDC_FORMAT_NTRIPLES, true), HDC_OK);
  assert_string_equal(text(f), first);
  /* Unsorted keeps the graph's order. */
  assert_int_equal(write_fmt(f, HDC_FORMAT_NTRIPLES, false), HDC_OK);
  assert_true(strncmp(text(f), "<" EX "a> <" EX "p> <" EX "a>", 30) == 0);
  free(first);
}

/* ------------------------------------------------------------------------ */
/* Turtle                                                                   */

static void
test_write_turtle_prefixes_and_grouping(void **state)
{
  fixture *f = *state;
  add(f, I(f, EX "d"), I(f, HDC_NS_RDF "type"), I(f, HDC_NS_DCAT "Dataset"));
  add(f, I(f, EX "d"), I(f, HDC_NS_DCT "title"), L(f, "T", 1, NULL, "en"));
  add(f, I(f, EX "d"), I(f, HDC_NS_DCT "title"), L(f, "U", 1, NULL, "fr"));
  add(f, I(f, EX "d"), I(f, HDC_NS_DCAT "keyword"), S(f, "k"));
  add(f, I(f, EX "d"), I(f, EX "n"), L(f, "42", 2, HDC_NS_XSD "integer", NULL));
  add(
    f, I(f, EX "d"), I(f, EX "m"), L(f, "4 2", 3, HDC_NS_XSD "integer", NULL));
  add(f,
      I(f, EX "d"),
      I(f, EX "ok"),
      L(f, "true", 4, HDC_NS_XSD "boolean", NULL));
  add(
    f, I(f, EX "d"), I(f, EX "x"), L(f, "-1.5", 4, HDC_NS_XSD "decimal", NULL));
  /* Local names Turtle cannot write unescaped stay in <>. */
  add(f, I(f, EX "d"), I(f, HDC_NS_DCT "a/b"), I(f, HDC_NS_DCAT "x."));
  add(f, I(f, EX "d"), I(f, HDC_NS_DCT "1st"), I(f, HDC_NS_DCAT ""));
  assert_int_equal(write_fmt(f, HDC_FORMAT_TURTLE, true), HDC_OK);
  const char *t = text(f);
  assert_non_null(strstr(t, "@prefix dcat: <" HDC_NS_DCAT "> .\n"));
  assert_non_null(strstr(t, "@prefix dct: <" HDC_NS_DCT "> .\n"));
  assert_non_null(strstr(t, "@prefix xsd: <" HDC_NS_XSD "> .\n"));
  assert_null(strstr(t, "@prefix rdf:")); /* rdf:type is written `a` */
  assert_null(strstr(t, "@prefix foaf:"));
  assert_non_null(strstr(t, "<" EX "d> a dcat:Dataset ;\n"));
  assert_non_null(strstr(t, "dct:title \"T\"@en, \"U\"@fr ;"));
  assert_non_null(strstr(t, " 42 ;"));
  assert_non_null(strstr(t, "\"4 2\"^^xsd:integer"));
  assert_non_null(strstr(t, " true ;"));
  assert_non_null(strstr(t, " -1.5 ;"));
  assert_non_null(strstr(t, "<" HDC_NS_DCT "a/b> <" HDC_NS_DCAT "x.>"));
  assert_non_null(strstr(t, "dct:1st dcat: ;"));
  check_all_round_trips(f);
}

static void
test_write_turtle_long_strings(void **state)
{
  fixture   *f     = *state;
  const char lex[] = "line 1\nline \"2\"\n\"\"\"\nend\\\"";
  add(f, I(f, EX "s"), I(f, EX "p"), S(f, lex));
  add(f, I(f, EX "s"), I(f, EX "p"), S(f, "\"quoted at the end\""));
  add(f, I(f, EX "s"), I(f, EX "p"), S(f, "ends with newline\n"));
  add(f, I(f, EX "s"), I(f, EX "p"), S(f, ""));
  assert_int_equal(write_fmt(f, HDC_FORMAT_TURTLE, true), HDC_OK);
  assert_non_null(strstr(text(f), "\"\"\"line 1\nline \\\"2\\\"\n"));
  check_all_round_trips(f);
}

static void
test_write_turtle_inline_blank_nodes(void **state)
{
  fixture        *f = *state;
  const hdc_term *p = I(f, EX "p"), *q = I(f, EX "q");
  /* Used once: inline. */
  add(f, I(f, EX "d"), p, B(f, "once"));
  add(f, B(f, "once"), q, S(f, "v"));
  add(f, B(f, "once"), p, B(f, "inner"));
  add(f, B(f, "inner"), q, S(f, "w"));
  /* Used twice: labelled. */
  add(f, I(f, EX "d"), p, B(f, "twice"));
  add(f, I(f, EX "e"), p, B(f, "twice"));
  add(f, B(f, "twice"), q, S(f, "x"));
  /* Used once and describing nothing: []. */
  add(f, I(f, EX "d"), q, B(f, "empty"));
  /* A cycle of blank nodes each used once: nothing may be lost. */
  add(f, B(f, "c1"), p, B(f, "c2"));
  add(f, B(f, "c2"), p, B(f, "c1"));
  /* Itself as object. */
  add(f, B(f, "self"), p, B(f, "self"));
  assert_int_equal(write_fmt(f, HDC_FORMAT_TURTLE, true), HDC_OK);
  const char *t = text(f);
  assert_non_null(strstr(t, "[\n"));
  assert_non_null(strstr(t, "<" EX "q> []"));
  assert_non_null(strstr(t, "_:twice"));
  assert_null(strstr(t, "_:once"));
  assert_null(strstr(t, "_:inner"));
  check_all_round_trips(f);
}

static void
test_write_turtle_deep_blank_chain(void **state)
{
  fixture        *f    = *state;
  const hdc_term *p    = I(f, EX "p");
  const hdc_term *prev = I(f, EX "root");
  /* Deeper than the inline limit: the rest is written by label. */
  for (int i = 0; i < 40; i++) {
    char label[16];
    snprintf(label, sizeof label, "n%d", i);
    add(f, prev, p, B(f, label));
    prev = B(f, label);
  }
  add(f, prev, p, S(f, "leaf"));
  check_all_round_trips(f);
  assert_int_equal(write_fmt(f, HDC_FORMAT_TURTLE, false), HDC_OK);
  assert_non_null(strstr(text(f), "_:n"));
}

static void
test_write_turtle_base_written(void **state)
{
  fixture       *f = *state;
  hdc_write_opts o = { false, "http://example.org/base/" };
  add(f, I(f, EX "a"), I(f, EX "p"), I(f, EX "b"));
  assert_int_equal(
    hdc_rdf_write(f->g, HDC_FORMAT_TURTLE, &o, hdc_sink_buf, &f->out, NULL),
    HDC_OK);
  assert_true(strncmp(text(f), "@base <http://example.org/base/> .\n", 35) ==
              0);
  /* IRIs stay absolute. */
  assert_non_null(strstr(text(f), "<" EX "a> <" EX "p> <" EX "b> ."));
  hdc_buf_clear(&f->out);
  assert_int_equal(
    hdc_rdf_write(f->g, HDC_FORMAT_RDFXML, &o, hdc_sink_buf, &f->out, NULL),
    HDC_OK);
  assert_non_null(strstr(text(f), "xml:base=\"http://example.org/base/\""));
}

/* ------------------------------------------------------------------------ */
/* RDF/XML                                                                  */

static void
test_write_rdfxml_typed_nodes_and_namespaces(void **state)
{
  fixture *f = *state;
  add(f, I(f, EX "d"), I(f, HDC_NS_RDF "type"), I(f, HDC_NS_DCAT "Dataset"));
  add(f, I(f, EX "d"), I(f, HDC_NS_RDF "type"), I(f, EX "Other"));
  add(f,
      I(f, EX "d"),
      I(f, HDC_NS_DCT "title"),
      L(f, "a<b&c>\"d\"", 9, NULL, "en"));
  add(f, I(f, EX "d"), I(f, "http://other.org/v1/prop-9"), S(f, "x\r\ny\tz"));
  add(f, I(f, EX "only"), I(f, HDC_NS_RDF "type"), I(f, HDC_NS_FOAF "Agent"));
  add(f,
      B(f, "b"),
      I(f, HDC_NS_RDF "value"),
      L(f, "7", 1, HDC_NS_XSD "integer", NULL));
  add(
    f, I(f, EX "d?x=1&y=2"), I(f, HDC_NS_RDF "type"), I(f, "http://ex.org/#"));
  assert_int_equal(write_fmt(f, HDC_FORMAT_RDFXML, true), HDC_OK);
  const char *t = text(f);
  /* Sorted: the first type in term order names the element. */
  assert_non_null(strstr(t, ":Other rdf:about=\"" EX "d\">"));
  assert_non_null(
    strstr(t, "<rdf:type rdf:resource=\"" HDC_NS_DCAT "Dataset\"/>"));
  assert_non_null(strstr(t, "<foaf:Agent rdf:about=\"" EX "only\"/>"));
  assert_non_null(strstr(t, "xmlns:ns"));
  assert_non_null(strstr(t, "=\"http://other.org/v1/\""));
  assert_non_null(strstr(t, ":prop-9>x&#13;\ny\tz</"));
  assert_non_null(strstr(t, ">a&lt;b&amp;c&gt;\"d\"</dct:title>"));
  assert_non_null(strstr(t, "rdf:about=\"" EX "d?x=1&amp;y=2\""));
  assert_non_null(strstr(t, "<rdf:Description rdf:nodeID=\"b\">"));
  check_all_round_trips(f);
}

static void
test_write_rdfxml_unsplittable_predicate_unsupported(void **state)
{
  fixture *f = *state;
  add(f, I(f, EX "s"), I(f, EX "p"), S(f, "ok"));
  add(f, I(f, EX "s"), I(f, "http://example.org/ends/with/"), S(f, "v"));
  assert_int_equal(write_fmt(f, HDC_FORMAT_RDFXML, false), HDC_ERR_UNSUPPORTED);
  assert_int_equal(f->err.status, HDC_ERR_UNSUPPORTED);
  assert_non_null(strstr(f->err.message, "ends/with/"));
  assert_int_equal(f->out.len, 0); /* refused before any byte */
  /* Other syntaxes write it. */
  check_round_trip(f, HDC_FORMAT_TURTLE);
  check_round_trip(f, HDC_FORMAT_NTRIPLES);

  hdc_graph_clear(f->g);
  add(f, I(f, EX "s"), I(f, "urn:x:123"), S(f, "v"));
  assert_int_equal(write_fmt(f, HDC_FORMAT_RDFXML, false), HDC_ERR_UNSUPPORTED);
  hdc_graph_clear(f->g);
  add(f, I(f, EX "s"), I(f, HDC_NS_RDF "li"), S(f, "v"));
  assert_int_equal(write_fmt(f, HDC_FORMAT_RDFXML, false), HDC_ERR_UNSUPPORTED);
  assert_non_null(strstr(f->err.message, "rdf:li"));
  hdc_graph_clear(f->g);
  add(f, I(f, EX "s"), I(f, EX "p"), S(f, "bell\x07"));
  assert_int_equal(write_fmt(f, HDC_FORMAT_RDFXML, false), HDC_ERR_UNSUPPORTED);
  assert_non_null(strstr(f->err.message, "XML"));
  check_round_trip(f, HDC_FORMAT_TURTLE);
}

/* ------------------------------------------------------------------------ */
/* Round trips                                                              */

static void
test_write_round_trip_tricky_literals(void **state)
{
  fixture                 *f = *state;
  const hdc_term          *s = I(f, EX "s"), *p = I(f, EX "p");
  static const char *const lexes[] = {
    "",
    "plain",
    "with \"quotes\"",
    "back\\slash\\",
    "new\nline",
    "\r\n",
    "tab\tbed",
    "unicode \xC3\xA9t\xC3\xA9 "
    "\xE2\x82\xAC \xF0\x9F\x98\x80",
    "'single'",
    "<xml>&amp;",
    "  spaces  ",
    "\"\"\"",
    "ends with \\",
    "#hash",
    "@at",
    "a;b,c.d",
    "]",
    "%20",
  };
  for (size_t i = 0; i < sizeof lexes / sizeof lexes[0]; i++) {
    size_t n = strlen(lexes[i]);
    add(f, s, p, L(f, lexes[i], n, NULL, NULL));
    add(f, s, p, L(f, lexes[i], n, NULL, "en"));
    add(f, s, p, L(f, lexes[i], n, NULL, "zh-Hant-TW"));
    add(f, s, p, L(f, lexes[i], n, HDC_NS_XSD "token", NULL));
    add(f, s, p, L(f, lexes[i], n, EX "dt#x", NULL));
  }
  add(f, s, p, L(f, "5", 1, HDC_NS_XSD "integer", NULL));
  add(f, s, p, L(f, "+05", 3, HDC_NS_XSD "integer", NULL));
  add(f, s, p, L(f, "1e3", 3, HDC_NS_XSD "double", NULL));
  add(f, s, p, L(f, ".5", 2, HDC_NS_XSD "decimal", NULL));
  add(f, s, p, L(f, "1.", 2, HDC_NS_XSD "decimal", NULL));
  add(f, s, p, L(f, "TRUE", 4, HDC_NS_XSD "boolean", NULL));
  add(f, s, p, L(f, "<b>x</b>", 8, HDC_NS_RDF "XMLLiteral", NULL));
  check_all_round_trips(f);
}

static void
test_write_round_trip_iris(void **state)
{
  fixture                 *f      = *state;
  const hdc_term          *p      = I(f, HDC_NS_DCT "relation");
  static const char *const iris[] = {
    "http://example.org/",
    "http://example.org/a#b",
    "urn:uuid:1234",
    "mailto:someone@example.org",
    "http://example.org/caf\xC3\xA9",
    "http://example.org/q?x=1&y=2",
    "http://purl.org/dc/terms/x.y",
    "http://purl.org/dc/terms/_x",
    "http://purl.org/dc/terms/-x",
    "http://www.w3.org/ns/dcat#\xC3\xA9t\xC3\xA9",
    "http://www.w3.org/ns/dcat#a:b",
  };
  for (size_t i = 0; i < sizeof iris / sizeof iris[0]; i++) {
    add(f, I(f, iris[i]), p, I(f, iris[(i + 1) % 11]));
  }
  check_all_round_trips(f);
}

static void
test_write_empty_graph(void **state)
{
  fixture *f = *state;
  assert_int_equal(write_fmt(f, HDC_FORMAT_NTRIPLES, true), HDC_OK);
  assert_int_equal(f->out.len, 0);
  check_all_round_trips(f);
}

static void
test_write_round_trip_official_examples(void **state)
{
  fixture                 *f = *state;
  char                     dir[1024];
  static const char *const subdirs[] = { "healthdcat-ap-r8",
                                         "dcat-ap-3.0.1",
                                         "dcat-ap-3.0.0-hvd" };
  snprintf(dir, sizeof dir, "%s/fixtures/examples", HDC_SHARED_DIR);
  if (access(dir, R_OK) != 0) {
    skip();
  }
  size_t n_files = 0, n_bad = 0;
  for (size_t d = 0; d < sizeof subdirs / sizeof subdirs[0]; d++) {
    snprintf(
      dir, sizeof dir, "%s/fixtures/examples/%s", HDC_SHARED_DIR, subdirs[d]);
    DIR *dp = opendir(dir);
    if (!dp) {
      continue;
    }
    struct dirent *de;
    while ((de = readdir(dp)) != NULL) {
      if (hdc_format_from_path(de->d_name) != HDC_FORMAT_TURTLE) {
        continue;
      }
      char path[2048];
      snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
      hdc_graph_clear(f->g);
      hdc_error err;
      hdc_error_clear(&err);
      hdc_status st = hdc_rdf_parse_file(path, NULL, f->g, &err);
      if (st != HDC_OK) {
        /* Some official examples are not valid Turtle: refused with a
         * position, nothing to round-trip. */
        assert_int_equal(st, HDC_ERR_SYNTAX);
        assert_true(err.line > 0);
        n_bad++;
        continue;
      }
      assert_true(hdc_graph_size(f->g) > 0);
      check_all_round_trips(f);
      n_files++;
    }
    closedir(dp);
  }
  /* 32 files, 3 of them invalid Turtle (a missing '.', a '/' in a
   * prefixed name). */
  assert_true(n_files >= 25);
  assert_true(n_bad <= 3);
}

static void
test_write_round_trip_real_corpus(void **state)
{
  fixture                 *f       = *state;
  static const char *const names[] = {
    "eu-healthdcat-ap-example-ckanext.ttl",
    "be-datagovbe-ldes-page-healthdata-109.trig",
    "it-asst-ovest-milanese-catalog.rdf",
    "fr-opendatasoft-public-catalog-2015.ttl",
    "no-brreg-api-catalog-bom.ttl",
  };
  char path[1024];
  snprintf(path, sizeof path, "%s/fixtures/real/MANIFEST.md", HDC_SHARED_DIR);
  if (access(path, R_OK) != 0) {
    skip();
  }
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    snprintf(
      path, sizeof path, "%s/fixtures/real/%s", HDC_SHARED_DIR, names[i]);
    hdc_graph_clear(f->g);
    assert_int_equal(hdc_rdf_parse_file(path, NULL, f->g, NULL), HDC_OK);
    check_round_trip(f, HDC_FORMAT_TURTLE);
    check_round_trip(f, HDC_FORMAT_NTRIPLES);
    hdc_status st = write_fmt(f, HDC_FORMAT_RDFXML, false);
    if (st == HDC_OK) {
      check_round_trip(f, HDC_FORMAT_RDFXML);
    } else {
      assert_int_equal(st, HDC_ERR_UNSUPPORTED);
    }
  }
}

/* ------------------------------------------------------------------------ */
/* Sinks and errors                                                         */

static void
test_write_sink_file_failed_stream_io(void **state)
{
  fixture *f = *state;
  add(f, I(f, EX "s"), I(f, EX "p"), S(f, "v"));
  /* A stream open for reading only: every write fails. */
  FILE *ro = fopen(".", "r");
  if (!ro) {
    char name[64];
    snprintf(name, sizeof name, "hdc-test-rdf-write-%ld", (long)getpid());
    FILE *w = fopen(name, "w");
    assert_non_null(w);
    fclose(w);
    ro = fopen(name, "r");
    remove(name);
  }
  assert_non_null(ro);
  assert_int_equal(hdc_sink_file(ro, "x", 1), HDC_ERR_IO);
  assert_int_equal(
    hdc_rdf_write(f->g, HDC_FORMAT_NTRIPLES, NULL, hdc_sink_file, ro, &f->err),
    HDC_ERR_IO);
  assert_int_equal(f->err.status, HDC_ERR_IO);
  fclose(ro);
  assert_int_equal(hdc_sink_file(NULL, "x", 1), HDC_ERR_INVALID_ARG);
  assert_int_equal(hdc_sink_buf(NULL, "x", 1), HDC_ERR_INVALID_ARG);

  /* A working stream receives exactly the bytes. */
  FILE *tmp = tmpfile();
  assert_non_null(tmp);
  assert_int_equal(
    hdc_rdf_write(f->g, HDC_FORMAT_NTRIPLES, NULL, hdc_sink_file, tmp, NULL),
    HDC_OK);
  rewind(tmp);
  char line[256] = "";
  assert_non_null(fgets(line, sizeof line, tmp));
  assert_string_equal(line, "<" EX "s> <" EX "p> \"v\" .\n");
  fclose(tmp);
}

typedef struct counting_sink
{
  size_t calls;
  size_t bytes;
  size_t fail_at; /* fail on this call (1-based), 0: never */
} counting_sink;

static hdc_status
count_sink(void *ctx, const char *ptr, size_t len)
{
  counting_sink *c = ctx;
  (void)ptr;
  c->calls++;
  if (c->calls == c->fail_at) {
    return HDC_ERR_HTTP;
  }
  c->bytes += len;
  return HDC_OK;
}

static void
test_write_streams_and_stops_on_sink_error(void **state)
{
  fixture        *f = *state;
  const hdc_term *p = I(f, EX "p");
  for (int i = 0; i < 20000; i++) {
    char iri[64];
    snprintf(iri, sizeof iri, EX "subject/%d", i);
    add(f, I(f, iri), p, S(f, "some text to make the output longer"));
  }
  static const hdc_format fmts[] = { HDC_FORMAT_NTRIPLES,
                                     HDC_FORMAT_TURTLE,
                                     HDC_FORMAT_RDFXML };
  for (size_t i = 0; i < 3; i++) {
    counting_sink c = { 0, 0, 0 };
    assert_int_equal(hdc_rdf_write(f->g, fmts[i], NULL, count_sink, &c, NULL),
                     HDC_OK);
    assert_true(c.calls > 10); /* streamed in chunks, not one block */
    assert_true(c.bytes > 1000000);
    counting_sink stop = { 0, 0, 3 };
    hdc_error_clear(&f->err);
    assert_int_equal(
      hdc_rdf_write(f->g, fmts[i], NULL, count_sink, &stop, &f->err),
      HDC_ERR_HTTP);
    assert_int_equal(stop.calls, 3);
    assert_int_equal(f->err.status, HDC_ERR_HTTP);
  }
}

static void
test_write_bad_arguments(void **state)
{
  fixture *f = *state;
  assert_int_equal(
    hdc_rdf_write(
      NULL, HDC_FORMAT_TURTLE, NULL, hdc_sink_buf, &f->out, &f->err),
    HDC_ERR_INVALID_ARG);
  assert_int_equal(
    hdc_rdf_write(f->g, HDC_FORMAT_TURTLE, NULL, NULL, &f->out, NULL),
    HDC_ERR_INVALID_ARG);
  assert_int_equal(
    hdc_rdf_write(f->g, HDC_FORMAT_UNKNOWN, NULL, hdc_sink_buf, &f->out, NULL),
    HDC_ERR_INVALID_ARG);
  assert_int_equal(
    hdc_rdf_write(f->g, (hdc_format)42, NULL, hdc_sink_buf, &f->out, NULL),
    HDC_ERR_INVALID_ARG);
  add(f, I(f, EX "s"), I(f, EX "p"), L(f, "x", 1, NULL, "bad tag!"));
  for (size_t i = 0;
       i < sizeof round_trip_formats / sizeof round_trip_formats[0];
       i++) {
    assert_int_equal(write_fmt(f, round_trip_formats[i], false),
                     HDC_ERR_UNSUPPORTED);
    assert_int_equal(f->out.len, 0);
  }
}

static void
test_write_nomem_every_allocation(void **state)
{
  fixture *f = *state;
  add(f, I(f, EX "d"), I(f, HDC_NS_RDF "type"), I(f, HDC_NS_DCAT "Dataset"));
  add(f, I(f, EX "d"), I(f, EX "p"), B(f, "x"));
  add(f, B(f, "x"), I(f, EX "q"), S(f, "v"));
  add(f, I(f, EX "e"), I(f, "http://other.org/p"), S(f, "w"));
  for (size_t i = 0;
       i < sizeof round_trip_formats / sizeof round_trip_formats[0];
       i++) {
    for (int sorted = 0; sorted < 2; sorted++) {
      for (long n = 0;; n++) {
        hdc_buf_clear(&f->out);
        hdc_write_opts o = { sorted != 0, NULL };
        hdc_alloc_fail_after(n);
        hdc_status st = hdc_rdf_write(
          f->g, round_trip_formats[i], &o, hdc_sink_buf, &f->out, NULL);
        unsigned long injected = hdc_alloc_injected_failures();
        hdc_alloc_fail_after(-1);
        if (injected == 0) {
          assert_int_equal(st, HDC_OK);
          break;
        }
        assert_int_equal(st, HDC_ERR_NOMEM);
        assert_true(n < 1000);
      }
    }
  }
}

static void
test_write_prefix_table_sorted_and_sound(void **state)
{
  (void)state;
  assert_true(hdc_rdf_n_prefixes >= 20);
  for (size_t i = 0; i < hdc_rdf_n_prefixes; i++) {
    const hdc_rdf_prefix *p  = &hdc_rdf_prefixes[i];
    size_t                nl = strlen(p->ns);
    assert_true(nl > 0);
    /* A namespace ends where local names start. */
    assert_true(p->ns[nl - 1] == '/' || p->ns[nl - 1] == '#');
    if (i > 0) {
      assert_true(strcmp(hdc_rdf_prefixes[i - 1].prefix, p->prefix) < 0);
    }
    for (size_t j = 0; j < i; j++) {
      assert_string_not_equal(hdc_rdf_prefixes[j].ns, p->ns);
    }
  }
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    T(test_write_term_nt_each_kind),
    T(test_write_nt_escapes_exact),
    T(test_write_iris_and_labels_made_parseable),
    T(test_write_nt_sorted_is_canonical),
    T(test_write_turtle_prefixes_and_grouping),
    T(test_write_turtle_long_strings),
    T(test_write_turtle_inline_blank_nodes),
    T(test_write_turtle_deep_blank_chain),
    T(test_write_turtle_base_written),
    T(test_write_rdfxml_typed_nodes_and_namespaces),
    T(test_write_rdfxml_unsplittable_predicate_unsupported),
    T(test_write_round_trip_tricky_literals),
    T(test_write_round_trip_iris),
    T(test_write_empty_graph),
    T(test_write_round_trip_official_examples),
    T(test_write_round_trip_real_corpus),
    T(test_write_sink_file_failed_stream_io),
    T(test_write_streams_and_stops_on_sink_error),
    T(test_write_bad_arguments),
    T(test_write_nomem_every_allocation),
    T(test_write_prefix_table_sorted_and_sound),
#undef T
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
