// SPDX-License-Identifier: EUPL-1.2
/*
 * Unit tests for hdc_rdf_parse() and hdc_rdf_parse_file() on the raptor
 * syntaxes: each syntax, base IRIs, byte-order marks, bad encodings, syntax
 * errors with their position and source, every limit, truncated documents,
 * all-or-nothing rollback, blank-node scoping, named graphs, hostile XML
 * (entity expansion, external entities, deep nesting), allocation failures,
 * files (read at once when regular, chunk by chunk from a pipe) and
 * standard input, the nesting pre-scan on hostile runs, and the real
 * catalogue files of the shared corpus (skipped when it is absent).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hdcat/rdf.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define EX "http://example.org/"

typedef struct fixture
{
  hdc_world *w;
  hdc_graph *g;
  hdc_error  err;
} fixture;

static int
setup(void **state)
{
  fixture *f = calloc(1, sizeof *f);
  assert_non_null(f);
  f->w = hdc_world_new();
  f->g = hdc_graph_new(f->w);
  assert_non_null(f->w);
  assert_non_null(f->g);
  hdc_error_clear(&f->err);
  *state = f;
  return 0;
}

static int
teardown(void **state)
{
  fixture *f = *state;
  hdc_graph_free(f->g);
  hdc_world_free(f->w);
  free(f);
  return 0;
}

static hdc_status
parse_with(fixture          *f,
           const char       *doc,
           size_t            len,
           hdc_format        fmt,
           const char       *base,
           const hdc_limits *limits)
{
  hdc_parse_opts o = { fmt, base, "doc", limits };
  hdc_error_clear(&f->err);
  return hdc_rdf_parse(doc, len, &o, f->g, &f->err);
}

static hdc_status
parse(fixture *f, const char *doc, hdc_format fmt)
{
  return parse_with(f, doc, strlen(doc), fmt, NULL, NULL);
}

static const hdc_term *
iri(fixture *f, const char *z)
{
  return hdc_world_find_iri(f->w, hdc_str_from(z));
}

static bool
has(fixture *f, const char *s, const char *p, const char *o)
{
  const hdc_term *ts = iri(f, s), *tp = iri(f, p), *to = iri(f, o);
  return ts && tp && to && hdc_graph_contains(f->g, ts, tp, to);
}

/* The object of the only triple with predicate p. */
static const hdc_term *
object_of(fixture *f, const char *p)
{
  const hdc_term *tp = iri(f, p);
  assert_non_null(tp);
  hdc_iter it;
  hdc_graph_match(f->g, NULL, tp, NULL, &it);
  const hdc_triple *t = hdc_iter_next(&it);
  assert_non_null(t);
  return t->o;
}

/* ------------------------------------------------------------------------ */
/* Each syntax                                                              */

static const char turtle_doc[] =
  "@prefix ex: <" EX "> .\n"
  "@prefix dcat: <http://www.w3.org/ns/dcat#> .\n"
  "ex:d a dcat:Dataset ;\n"
  "  ex:title \"Titre\"@FR, \"Title\"@en ;\n"
  "  ex:count 42 ;\n"
  "  ex:list ( ex:x ex:y ) ;\n"
  "  ex:contact [ ex:name \"N\" ] .\n";

/* The same graph in the other syntaxes. */
static const char ntriples_doc[] =
  "<" EX "d> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
  "<http://www.w3.org/ns/dcat#Dataset> .\n"
  "<" EX "d> <" EX "title> \"Titre\"@fr .\n"
  "<" EX "d> <" EX "title> \"Title\"@en .\n"
  "<" EX "d> <" EX "count> "
  "\"42\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n"
  "<" EX "d> <" EX "list> _:l1 .\n"
  "_:l1 <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> <" EX "x> .\n"
  "_:l1 <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> _:l2 .\n"
  "_:l2 <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> <" EX "y> .\n"
  "_:l2 <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> "
  "<http://www.w3.org/1999/02/22-rdf-syntax-ns#nil> .\n"
  "<" EX "d> <" EX "contact> _:c .\n"
  "_:c <" EX "name> \"N\" .\n";

static const char rdfxml_doc[] =
  "<?xml version=\"1.0\"?>\n"
  "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"\n"
  "         xmlns:ex=\"" EX "\" xmlns:dcat=\"http://www.w3.org/ns/dcat#\">\n"
  "  <dcat:Dataset rdf:about=\"" EX "d\">\n"
  "    <ex:title xml:lang=\"fr\">Titre</ex:title>\n"
  "    <ex:title xml:lang=\"en\">Title</ex:title>\n"
  "    <ex:count rdf:datatype=\"http://www.w3.org/2001/XMLSchema#integer\">"
  "42</ex:count>\n"
  "    <ex:list rdf:parseType=\"Collection\">\n"
  "      <rdf:Description rdf:about=\"" EX "x\"/>\n"
  "      <rdf:Description rdf:about=\"" EX "y\"/>\n"
  "    </ex:list>\n"
  "    <ex:contact rdf:parseType=\"Resource\"><ex:name>N</ex:name>"
  "</ex:contact>\n"
  "  </dcat:Dataset>\n"
  "</rdf:RDF>\n";

static const char trig_doc[] =
  "@prefix ex: <" EX "> .\n"
  "ex:g1 { ex:d a <http://www.w3.org/ns/dcat#Dataset> ;\n"
  "  ex:title \"Titre\"@fr, \"Title\"@en ; ex:count 42 }\n"
  "{ ex:d ex:list ( ex:x ex:y ) }\n"
  "ex:g2 { ex:d ex:contact [ ex:name \"N\" ] ; ex:title \"Title\"@en }\n";

static void
test_parse_turtle_builds_graph(void **state)
{
  fixture *f = *state;
  assert_int_equal(parse(f, turtle_doc, HDC_FORMAT_TURTLE), HDC_OK);
  assert_int_equal(hdc_graph_size(f->g), 11);
  assert_true(has(f, EX "d", HDC_NS_RDF "type", HDC_NS_DCAT "Dataset"));
  const hdc_term *n = object_of(f, EX "count");
  assert_true(hdc_term_is_literal(n));
  assert_true(hdc_str_eq_z(hdc_term_text(n), "42"));
  assert_true(
    hdc_str_eq_z(hdc_term_text(hdc_term_datatype(n)), HDC_NS_XSD "integer"));
  /* Language tags are compared lower-cased. */
  const hdc_term *fr =
    hdc_world_literal(f->w, HDC_STR("Titre"), NULL, HDC_STR("fr"));
  assert_true(hdc_graph_contains(f->g, iri(f, EX "d"), iri(f, EX "title"), fr));
  const hdc_term *name = object_of(f, EX "name");
  assert_true(hdc_str_eq_z(hdc_term_text(name), "N"));
  assert_true(
    hdc_str_eq_z(hdc_term_text(hdc_term_datatype(name)), HDC_NS_XSD "string"));
}

static void
check_same_as_turtle(fixture *f, const char *doc, hdc_format fmt)
{
  hdc_graph     *ref = hdc_graph_new(f->w);
  hdc_error      err;
  hdc_parse_opts o = { HDC_FORMAT_TURTLE, NULL, "ref", NULL };
  assert_int_equal(hdc_rdf_parse(turtle_doc, strlen(turtle_doc), &o, ref, &err),
                   HDC_OK);
  hdc_graph_clear(f->g);
  assert_int_equal(parse(f, doc, fmt), HDC_OK);
  assert_int_equal(hdc_graph_size(f->g), hdc_graph_size(ref));
  assert_true(hdc_graph_isomorphic(f->g, ref));
  hdc_graph_free(ref);
}

static void
test_parse_each_syntax_same_graph(void **state)
{
  fixture *f = *state;
  check_same_as_turtle(f, ntriples_doc, HDC_FORMAT_NTRIPLES);
  check_same_as_turtle(f, ntriples_doc, HDC_FORMAT_NQUADS);
  check_same_as_turtle(f, rdfxml_doc, HDC_FORMAT_RDFXML);
  check_same_as_turtle(f, trig_doc, HDC_FORMAT_TRIG);
  /* Found by sniffing when no format is given. */
  check_same_as_turtle(f, rdfxml_doc, HDC_FORMAT_UNKNOWN);
  check_same_as_turtle(f, ntriples_doc, HDC_FORMAT_UNKNOWN);
  check_same_as_turtle(f, turtle_doc, HDC_FORMAT_UNKNOWN);
}

static void
test_parse_nquads_graphs_merged(void **state)
{
  fixture   *f     = *state;
  const char doc[] = "<" EX "a> <" EX "p> <" EX "b> <" EX "g1> .\n"
                     "<" EX "a> <" EX "p> <" EX "b> <" EX "g2> .\n"
                     "<" EX "a> <" EX "p> <" EX "c> .\n"
                     "_:x <" EX "p> \"v\" _:g .\n";
  assert_int_equal(parse(f, doc, HDC_FORMAT_NQUADS), HDC_OK);
  assert_int_equal(hdc_graph_size(f->g), 3);
  assert_true(has(f, EX "a", EX "p", EX "b"));
  assert_null(iri(f, EX "g1")); /* graph names are dropped, not interned */
}

static void
test_parse_format_from_source_extension(void **state)
{
  fixture *f = *state;
  /* Valid as both N-Triples and Turtle; the ".nq" name must win. */
  const char     doc[] = "<" EX "a> <" EX "p> <" EX "b> <" EX "g> .\n";
  hdc_parse_opts o     = { HDC_FORMAT_UNKNOWN, NULL, "data.nq", NULL };
  assert_int_equal(hdc_rdf_parse(doc, strlen(doc), &o, f->g, &f->err), HDC_OK);
  assert_int_equal(hdc_graph_size(f->g), 1);
  o.source = "data.ttl";
  assert_int_equal(hdc_rdf_parse(doc, strlen(doc), &o, f->g, &f->err),
                   HDC_ERR_SYNTAX);
}

static void
test_parse_unknown_format_invalid_arg(void **state)
{
  fixture *f = *state;
  assert_int_equal(parse(f, "hello world", HDC_FORMAT_UNKNOWN),
                   HDC_ERR_INVALID_ARG);
  assert_int_equal(f->err.status, HDC_ERR_INVALID_ARG);
  assert_string_equal(f->err.source, "doc");
  assert_non_null(strstr(f->err.message, "syntax"));
}

static void
test_parse_null_arguments_invalid_arg(void **state)
{
  fixture *f = *state;
  hdc_error_clear(&f->err);
  assert_int_equal(hdc_rdf_parse("x", 1, NULL, NULL, &f->err),
                   HDC_ERR_INVALID_ARG);
  assert_int_equal(hdc_rdf_parse(NULL, 5, NULL, f->g, NULL),
                   HDC_ERR_INVALID_ARG);
  assert_int_equal(hdc_rdf_parse_file(NULL, NULL, f->g, NULL),
                   HDC_ERR_INVALID_ARG);
  assert_int_equal(hdc_rdf_parse_file("x.ttl", NULL, NULL, NULL),
                   HDC_ERR_INVALID_ARG);
  /* An empty Turtle document is a valid, empty graph. */
  assert_int_equal(parse_with(f, NULL, 0, HDC_FORMAT_TURTLE, NULL, NULL),
                   HDC_OK);
  assert_int_equal(hdc_graph_size(f->g), 0);
}

static void
test_parse_jsonld_dispatched_and_scoped(void **state)
{
  fixture   *f     = *state;
  const char doc[] = "\xEF\xBB\xBF{\"@id\": \"_:x\", \"" EX "p\": "
                     "{\"@id\": \"rel\"}}";
  /* Found by sniffing, BOM dropped, blank nodes scoped, default base. */
  assert_int_equal(parse(f, doc, HDC_FORMAT_UNKNOWN), HDC_OK);
  assert_int_equal(parse(f, doc, HDC_FORMAT_JSONLD), HDC_OK);
  assert_int_equal(hdc_graph_size(f->g), 2);
  const hdc_triple *ts = hdc_graph_triples(f->g);
  assert_ptr_not_equal(ts[0].s, ts[1].s);
  assert_ptr_equal(ts[0].o, iri(f, "urn:hdcat:doc/rel"));
  /* Errors leave the graph as it was. */
  assert_int_not_equal(parse(f, "{\"@id\": ", HDC_FORMAT_JSONLD), HDC_OK);
  assert_int_equal(hdc_graph_size(f->g), 2);
  /* The limits reach the JSON-LD reader. */
  hdc_limits l;
  hdc_limits_init(&l);
  assert_int_equal(hdc_limits_set(&l, "triples", 1, NULL), HDC_OK);
  const char two[] = "{\"@id\": \"" EX "a\", \"" EX "p\": [\"1\", \"2\"]}";
  assert_int_equal(parse_with(f, two, strlen(two), HDC_FORMAT_JSONLD, NULL, &l),
                   HDC_ERR_LIMIT);
  assert_int_equal(hdc_graph_size(f->g), 2);
}

/* ------------------------------------------------------------------------ */
/* N-Triples and N-Quads details                                            */

static void
test_parse_ntriples_escapes_decoded(void **state)
{
  fixture   *f = *state;
  const char doc[] =
    "# comment line\r\n"
    "\n"
    "<" EX "s> <" EX "p> \"t\\tb\\bn\\nr\\rf\\f q\\\" a\\' s\\\\ \\u00E9 "
    "\\U0001F600\" .  # trailing comment\r\n"
    "<" EX "\\u0073> <" EX "p> \"a\\nb\"^^<" EX "dt\\u0031> .\n"
    "_:a.b <" EX "p> _:c.\n"
    "<" EX "s> <" EX "p> \"\"@en-GB .\n"
    "<" EX "s> <" EX "p> \"x\"^^<" HDC_NS_XSD "string> .";
  assert_int_equal(parse(f, doc, HDC_FORMAT_NTRIPLES), HDC_OK);
  assert_int_equal(hdc_graph_size(f->g), 5);
  const hdc_triple *ts = hdc_graph_triples(f->g);
  assert_true(hdc_str_eq_z(hdc_term_text(ts[0].o),
                           "t\tb\bn\nr\rf\f q\" a' s\\ \xC3\xA9 "
                           "\xF0\x9F\x98\x80"));
  assert_ptr_equal(ts[1].s, iri(f, EX "s"));
  assert_true(hdc_str_eq_z(hdc_term_text(ts[1].o), "a\nb"));
  assert_ptr_equal(hdc_term_datatype(ts[1].o), iri(f, EX "dt1"));
  assert_true(hdc_term_is_blank(ts[2].s));
  assert_true(hdc_term_is_blank(ts[2].o));
  assert_true(hdc_str_eq_z(hdc_term_lang(ts[3].o), "en-gb"));
  assert_int_equal(hdc_term_text(ts[3].o).len, 0);
  assert_true(hdc_str_eq_z(hdc_term_text(hdc_term_datatype(ts[4].o)),
                           HDC_NS_XSD "string"));
}

typedef struct nt_bad
{
  const char   *doc;
  unsigned long column;
  const char   *message;
} nt_bad;

static void
test_parse_ntriples_errors_with_columns(void **state)
{
  fixture            *f       = *state;
  static const nt_bad cases[] = {
    { "<a> <" EX "p> <" EX "o> .", 1, "relative" },
    { "<" EX "s> <" EX "p> \"x\\q\" .", 49, "escape" },
    { "<" EX "s> <" EX "p> \"open .", 47, "not closed" },
    { "<" EX "s> <" EX "p> <" EX "o>", 69, "'.'" },
    { "<" EX "s> <" EX "p> <" EX "o> . x", 72, "end of line" },
    { "<" EX "s> <" EX "p> \"x\"@-en .", 50, "language" },
    { "\"x\" <" EX "p> <" EX "o> .", 1, "subject" },
    { "<" EX "s> _:p <" EX "o> .", 24, "predicate" },
    { "<" EX "s> <" EX "p> \"\\uD800\" .", 48, "scalar" },
    { "<" EX "s> <" EX "p> <" EX "a b> .", 68, "not allowed" },
    { "<" EX "s> <" EX "p> <" EX "o> <" EX "g> .", 70, "'.'" },
    { "_:. <" EX "p> <" EX "o> .", 1, "empty" },
    { "<" EX "s> <" EX "p> \"a\\u0000\" .", 49, "NUL" },
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char doc[256];
    snprintf(
      doc, sizeof doc, "<" EX "ok> <" EX "p> \"1\" .\n%s\n", cases[i].doc);
    hdc_status st = parse(f, doc, HDC_FORMAT_NTRIPLES);
    if (st != HDC_ERR_SYNTAX || f->err.column != cases[i].column ||
        !strstr(f->err.message, cases[i].message)) {
      print_error(
        "case %zu: st %d col %lu: %s\n", i, st, f->err.column, f->err.message);
    }
    assert_int_equal(st, HDC_ERR_SYNTAX);
    assert_int_equal(f->err.line, 2);
    assert_int_equal(f->err.column, cases[i].column);
    assert_non_null(strstr(f->err.message, cases[i].message));
    assert_int_equal(hdc_graph_size(f->g), 0);
  }
}

static void
test_parse_nquads_labels_checked(void **state)
{
  fixture *f = *state;
  assert_int_equal(parse(f,
                         "<" EX "s> <" EX "p> <" EX "o> _:g .\n"
                         "<" EX "s> <" EX "p> \"v\"@fr <" EX "g> .\n",
                         HDC_FORMAT_NQUADS),
                   HDC_OK);
  assert_int_equal(hdc_graph_size(f->g), 2);
  assert_int_equal(
    parse(f, "<" EX "s> <" EX "p> <" EX "o> <g> .", HDC_FORMAT_NQUADS),
    HDC_ERR_SYNTAX);
  assert_non_null(strstr(f->err.message, "relative"));
  assert_int_equal(parse(f,
                         "<" EX "s> <" EX "p> <" EX "o> <" EX "g> <" EX "h> .",
                         HDC_FORMAT_NQUADS),
                   HDC_ERR_SYNTAX);
  assert_int_equal(
    parse(f, "<" EX "s> <" EX "p> <" EX "o> \"g\" .", HDC_FORMAT_NQUADS),
    HDC_ERR_SYNTAX);
  assert_int_equal(hdc_graph_size(f->g), 2);
}

/* ------------------------------------------------------------------------ */
/* Base IRI, BOM, encoding                                                  */

static void
test_parse_relative_iris_default_base(void **state)
{
  fixture *f = *state;
  assert_int_equal(
    parse(f, "<a> <#p> <b?q=1> .\n<> <#p> <c/d> .", HDC_FORMAT_TURTLE), HDC_OK);
  assert_true(
    has(f, "urn:hdcat:doc/a", "urn:hdcat:doc/#p", "urn:hdcat:doc/b?q=1"));
  assert_true(
    has(f, "urn:hdcat:doc/", "urn:hdcat:doc/#p", "urn:hdcat:doc/c/d"));
  /* Absolute IRIs are left alone. */
  assert_int_equal(parse(f,
                         "<http://x.org/a> <urn:x:p> <urn:hdcat:doc/z> .",
                         HDC_FORMAT_TURTLE),
                   HDC_OK);
  assert_true(has(f, "http://x.org/a", "urn:x:p", "urn:hdcat:doc/z"));
  /* Any base without an authority resolves the same way. */
  assert_int_equal(
    parse_with(
      f, "<a> <#p> <> .", 13, HDC_FORMAT_TURTLE, "urn:example:base/", NULL),
    HDC_OK);
  assert_true(
    has(f, "urn:example:base/a", "urn:example:base/#p", "urn:example:base/"));
  assert_int_equal(
    parse_with(
      f, "<a> <b> <c> .", 13, HDC_FORMAT_TURTLE, "relative/base", NULL),
    HDC_ERR_INVALID_ARG);
}

static void
test_parse_relative_iris_given_base(void **state)
{
  fixture   *f      = *state;
  const char base[] = "https://data.example.org/cat/page.ttl?x=1";
  assert_int_equal(
    parse_with(f, "<a> <#p> <../b> .", 17, HDC_FORMAT_TURTLE, base, NULL),
    HDC_OK);
  assert_true(has(f,
                  "https://data.example.org/cat/a",
                  "https://data.example.org/cat/page.ttl?x=1#p",
                  "https://data.example.org/b"));
  /* RDF/XML relative IRIs as Italian catalogues write them. */
  const char xml[] =
    "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\""
    " xmlns:dct=\"http://purl.org/dc/terms/\">"
    "<rdf:Description rdf:about=\"a4_te\">"
    "<dct:format rdf:resource=\"CSV\"/></rdf:Description></rdf:RDF>";
  assert_int_equal(
    parse_with(f, xml, strlen(xml), HDC_FORMAT_RDFXML, base, NULL), HDC_OK);
  assert_true(has(f,
                  "https://data.example.org/cat/a4_te",
                  HDC_NS_DCT "format",
                  "https://data.example.org/cat/CSV"));
}

static void
test_parse_bom_stripped(void **state)
{
  fixture *f = *state;
  assert_int_equal(
    parse(f, "\xEF\xBB\xBF<" EX "a> <" EX "p> <" EX "b> .", HDC_FORMAT_TURTLE),
    HDC_OK);
  assert_int_equal(parse(f,
                         "\xEF\xBB\xBF<?xml version=\"1.0\"?>\n"
                         "<rdf:RDF xmlns:rdf=\"" HDC_NS_RDF "\"/>",
                         HDC_FORMAT_UNKNOWN),
                   HDC_OK);
  assert_int_equal(hdc_graph_size(f->g), 1);
}

static void
test_parse_non_utf8_encoding_error_with_position(void **state)
{
  fixture   *f     = *state;
  const char doc[] = "<" EX "a> <" EX "p> \"ok\" .\n"
                     "<" EX "a> <" EX "p> \"caf\xE9\" .\n";
  assert_int_equal(parse(f, doc, HDC_FORMAT_TURTLE), HDC_ERR_ENCODING);
  assert_int_equal(f->err.status, HDC_ERR_ENCODING);
  assert_int_equal(f->err.line, 2);
  /* The bad byte is the 46th of line 2 (1-based). */
  const char *line2 = strchr(doc, '\n') + 1;
  assert_int_equal(f->err.column,
                   (unsigned long)(strchr(line2, '\xE9') - line2) + 1);
  assert_string_equal(f->err.source, "doc");
  assert_non_null(strstr(f->err.message, "UTF-8"));
  assert_int_equal(hdc_graph_size(f->g), 0);
  /* Overlong encodings and lone continuation bytes too. */
  assert_int_equal(parse(f, "<a> <b> \"\xC0\xAF\" .", HDC_FORMAT_TURTLE),
                   HDC_ERR_ENCODING);
  assert_int_equal(parse(f, "<a> <b> \"\x80\" .", HDC_FORMAT_NTRIPLES),
                   HDC_ERR_ENCODING);
  /* JSON-LD goes through the same gate. */
  assert_int_equal(parse(f, "{\"@id\": \"\xFF\"}", HDC_FORMAT_JSONLD),
                   HDC_ERR_ENCODING);
}

/* ------------------------------------------------------------------------ */
/* Errors                                                                   */

static void
test_parse_syntax_error_line_and_source(void **state)
{
  fixture       *f     = *state;
  const char     doc[] = "@prefix ex: <" EX "> .\n"
                         "ex:a ex:p ex:b .\n"
                         "ex:a ex:p nope:b .\n";
  hdc_parse_opts o     = { HDC_FORMAT_TURTLE, NULL, "catalog.ttl", NULL };
  assert_int_equal(hdc_rdf_parse(doc, strlen(doc), &o, f->g, &f->err),
                   HDC_ERR_SYNTAX);
  assert_int_equal(f->err.status, HDC_ERR_SYNTAX);
  assert_string_equal(f->err.source, "catalog.ttl");
  assert_int_equal(f->err.line, 3);
  assert_non_null(strstr(f->err.message, "nope"));
  assert_int_equal(hdc_graph_size(f->g), 0);

  /* N-Triples errors carry a column too. */
  assert_int_equal(parse(f,
                         "<" EX "a> <" EX "p> <" EX "b> .\n"
                         "<" EX "a> <" EX "p> bad .\n",
                         HDC_FORMAT_NTRIPLES),
                   HDC_ERR_SYNTAX);
  assert_int_equal(f->err.line, 2);
  assert_true(f->err.column > 0);

  char msg[2048];
  hdc_error_format(&f->err, msg, sizeof msg);
  assert_non_null(strstr(msg, "doc:2:"));
}

static void
test_parse_rdfxml_errors_fail_the_parse(void **state)
{
  fixture *f = *state;
  /* Raptor reports these and returns success with a partial graph. */
  const char bad_node_id[] =
    "<rdf:RDF xmlns:rdf=\"" HDC_NS_RDF "\" xmlns:ex=\"" EX "\">\n"
    "<rdf:Description rdf:about=\"" EX "a\"><ex:p>1</ex:p></rdf:Description>\n"
    "<rdf:Description rdf:nodeID=\"8bad\"><ex:p>2</ex:p></rdf:Description>\n"
    "<rdf:Description rdf:about=\"" EX "c\"><ex:p>3</ex:p></rdf:Description>\n"
    "</rdf:RDF>\n";
  assert_int_equal(parse(f, bad_node_id, HDC_FORMAT_RDFXML), HDC_ERR_SYNTAX);
  assert_int_equal(f->err.line, 3);
  assert_non_null(strstr(f->err.message, "nodeID"));
  assert_int_equal(hdc_graph_size(f->g), 0);

  const char no_ns[] =
    "<rdf:RDF xmlns:rdf=\"" HDC_NS_RDF "\" xmlns:ex=\"" EX "\">\n"
    "<rdf:Description rdf:about=\"" EX "a\"><ex:p>1</ex:p></rdf:Description>\n"
    "<Agent rdf:about=\"" EX "b\"/>\n</rdf:RDF>\n";
  assert_int_equal(parse(f, no_ns, HDC_FORMAT_RDFXML), HDC_ERR_SYNTAX);
  assert_int_equal(hdc_graph_size(f->g), 0);

  /* White space before the XML declaration: raptor yields 0 triples. */
  assert_int_equal(
    parse(f,
          "\n <?xml version=\"1.0\"?><rdf:RDF xmlns:rdf=\"" HDC_NS_RDF "\"/>",
          HDC_FORMAT_RDFXML),
    HDC_ERR_SYNTAX);
  assert_non_null(strstr(f->err.message, "XML"));
}

static void
test_parse_truncated_is_error(void **state)
{
  fixture           *f      = *state;
  static const char *cuts[] = {
    "<" EX "a> <" EX "p> <" EX "b>",
    "<" EX "a> <" EX "p> \"abc",
    "<" EX "a> <" EX "p> \"\"\"abc",
    "<" EX "a> <" EX "p> [ <" EX "q> <" EX "r>",
    "<" EX "a> <" EX "p> ( <" EX "b>",
    "<" EX "a> <" EX "p> <" EX "b> ;",
    "<" EX "a> <" EX "p> <" EX "b> ,",
    "@prefix ex: <" EX ">",
    "<" EX "a> <" EX "p> <" EX,
  };
  for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
    assert_int_equal(parse(f, cuts[i], HDC_FORMAT_TURTLE), HDC_ERR_SYNTAX);
    assert_int_equal(hdc_graph_size(f->g), 0);
  }
  /* Cut RDF/XML: the elements are not closed. */
  char xml[sizeof rdfxml_doc];
  memcpy(xml, rdfxml_doc, sizeof xml);
  xml[strlen(xml) / 2] = '\0';
  assert_int_equal(parse(f, xml, HDC_FORMAT_RDFXML), HDC_ERR_SYNTAX);
  assert_int_equal(hdc_graph_size(f->g), 0);
  /* N-Triples without the final dot. */
  assert_int_equal(
    parse(f, "<" EX "a> <" EX "p> <" EX "b>", HDC_FORMAT_NTRIPLES),
    HDC_ERR_SYNTAX);
}

static void
test_parse_every_cut_fails_or_is_complete(void **state)
{
  fixture *f   = *state;
  size_t   len = strlen(turtle_doc);
  /* Cut the document at every byte: a parse may succeed only where the cut
   * falls after a complete statement, never with a partial graph. */
  for (size_t cut = 1; cut < len; cut++) {
    hdc_status st =
      parse_with(f, turtle_doc, cut, HDC_FORMAT_TURTLE, NULL, NULL);
    if (st == HDC_OK) {
      size_t k = cut;
      while (k > 0 && (turtle_doc[k - 1] == ' ' || turtle_doc[k - 1] == '\n')) {
        k--;
      }
      assert_true(k > 0 && turtle_doc[k - 1] == '.');
    } else {
      assert_int_equal(st, HDC_ERR_SYNTAX);
    }
    assert_true(hdc_graph_size(f->g) == 0 || st == HDC_OK);
    hdc_graph_clear(f->g);
  }
}

static void
test_parse_error_leaves_graph_unchanged(void **state)
{
  fixture *f = *state;
  assert_int_equal(parse(f, turtle_doc, HDC_FORMAT_TURTLE), HDC_OK);
  size_t     before = hdc_graph_size(f->g);
  hdc_graph *copy   = hdc_graph_new(f->w);
  assert_int_equal(hdc_graph_add_graph(copy, f->g), HDC_OK);

  /* Many good statements (some already present, some new), then an error
   * at the very end. */
  const char doc[] = "@prefix ex: <" EX "> .\n"
                     "ex:d ex:count 42 .\n"
                     "ex:n1 ex:p ex:o1 .\n"
                     "ex:n2 ex:p [ ex:q \"x\" ] .\n"
                     "ex:n3 ex:p ex:o3 .\n"
                     "ex:n4 ex:p ex:o4 ; ex:q .\n";
  assert_int_equal(parse(f, doc, HDC_FORMAT_TURTLE), HDC_ERR_SYNTAX);
  assert_int_equal(f->err.line, 6);
  assert_int_equal(hdc_graph_size(f->g), before);
  assert_true(hdc_graph_isomorphic(f->g, copy));
  assert_false(has(f, EX "n1", EX "p", EX "o1"));
  assert_true(has(f, EX "d", HDC_NS_RDF "type", HDC_NS_DCAT "Dataset"));

  /* The same for RDF/XML, where raptor does not stop by itself. */
  const char xml[] =
    "<rdf:RDF xmlns:rdf=\"" HDC_NS_RDF "\" xmlns:ex=\"" EX "\">\n"
    "<rdf:Description rdf:about=\"" EX "n1\"><ex:p>1</ex:p>"
    "</rdf:Description>\n"
    "<rdf:Description rdf:nodeID=\"1\"><ex:p>2</ex:p></rdf:Description>\n"
    "<rdf:Description rdf:about=\"" EX "x2\"><ex:p>3</ex:p>"
    "</rdf:Description>\n</rdf:RDF>";
  assert_int_equal(parse(f, xml, HDC_FORMAT_RDFXML), HDC_ERR_SYNTAX);
  assert_true(hdc_graph_isomorphic(f->g, copy));
  assert_null(iri(f, EX "x2")); /* nothing after the error was taken */
  hdc_graph_free(copy);
}

/* ------------------------------------------------------------------------ */
/* Blank nodes                                                              */

static void
test_parse_blank_nodes_scoped_per_document(void **state)
{
  fixture   *f     = *state;
  const char doc[] = "_:a <" EX "p> \"v\" .\n";
  assert_int_equal(parse(f, doc, HDC_FORMAT_TURTLE), HDC_OK);
  assert_int_equal(parse(f, doc, HDC_FORMAT_TURTLE), HDC_OK);
  assert_int_equal(hdc_graph_size(f->g), 2);
  assert_int_equal(parse(f, doc, HDC_FORMAT_NTRIPLES), HDC_OK);
  assert_int_equal(parse(f, "_:a <" EX "p> \"v\" _:a .\n", HDC_FORMAT_NQUADS),
                   HDC_OK);
  assert_int_equal(parse(f, "{ _:a <" EX "p> \"v\" }", HDC_FORMAT_TRIG),
                   HDC_OK);
  const char xml[] = "<rdf:RDF xmlns:rdf=\"" HDC_NS_RDF "\" xmlns:ex=\"" EX
                     "\"><rdf:Description rdf:nodeID=\"a\"><ex:p>v</ex:p>"
                     "</rdf:Description></rdf:RDF>";
  assert_int_equal(parse(f, xml, HDC_FORMAT_RDFXML), HDC_OK);
  assert_int_equal(parse(f, xml, HDC_FORMAT_RDFXML), HDC_OK);
  assert_int_equal(hdc_graph_size(f->g), 7);
  /* Within one document, one label is one node. */
  assert_int_equal(
    parse(f, "_:a <" EX "p> _:a . _:a <" EX "q> _:b .", HDC_FORMAT_TURTLE),
    HDC_OK);
  const hdc_triple *ts = hdc_graph_triples(f->g);
  size_t            n  = hdc_graph_size(f->g);
  assert_ptr_equal(ts[n - 2].s, ts[n - 2].o);
  assert_ptr_equal(ts[n - 1].s, ts[n - 2].s);
  assert_ptr_not_equal(ts[n - 1].o, ts[n - 2].o);
}

static void
test_parse_generated_blank_ids_distinct_from_labels(void **state)
{
  fixture *f = *state;
  /* raptor names anonymous nodes genid1, genid2...: a document's own
   * _:genid1 must stay a different node. */
  assert_int_equal(parse(f,
                         "_:genid1 <" EX "p> [ <" EX "q> \"x\" ] .\n"
                         "_:genid2 <" EX "p> [] .\n",
                         HDC_FORMAT_TURTLE),
                   HDC_OK);
  assert_int_equal(hdc_graph_size(f->g), 3);
  const hdc_triple *ts = hdc_graph_triples(f->g);
  for (size_t i = 0; i < 3; i++) {
    assert_true(hdc_term_is_blank(ts[i].s));
  }
  assert_ptr_not_equal(ts[0].s, ts[1].s);
  assert_ptr_not_equal(ts[0].s, ts[0].o);
  assert_ptr_not_equal(ts[2].s, ts[2].o);
  assert_ptr_not_equal(ts[0].o, ts[2].o);
}

/* ------------------------------------------------------------------------ */
/* Limits                                                                   */

static void
set_limit(hdc_limits *l, const char *name, uint64_t v)
{
  hdc_limits_init(l);
  assert_int_equal(hdc_limits_set(l, name, v, NULL), HDC_OK);
}

static void
test_parse_limit_document_bytes(void **state)
{
  fixture   *f = *state;
  hdc_limits l;
  set_limit(&l, "document_bytes", 40);
  const char doc[] = "<" EX "a> <" EX "p> <" EX "b> .";
  assert_int_equal(parse_with(f, doc, strlen(doc), HDC_FORMAT_TURTLE, NULL, &l),
                   HDC_ERR_LIMIT);
  assert_non_null(strstr(f->err.message, "document_bytes"));
  set_limit(&l, "document_bytes", strlen(doc));
  assert_int_equal(parse_with(f, doc, strlen(doc), HDC_FORMAT_TURTLE, NULL, &l),
                   HDC_OK);
}

static void
test_parse_limit_triples(void **state)
{
  fixture   *f = *state;
  hdc_limits l;
  set_limit(&l, "triples", 3);
  const char doc[] = "<" EX "a> <" EX "p> 1, 2, 3 .\n"
                     "<" EX "a> <" EX "p> 4 .\n";
  assert_int_equal(parse_with(f, doc, strlen(doc), HDC_FORMAT_TURTLE, NULL, &l),
                   HDC_ERR_LIMIT);
  assert_int_equal(f->err.status, HDC_ERR_LIMIT);
  assert_non_null(strstr(f->err.message, "triples"));
  assert_int_equal(hdc_graph_size(f->g), 0);
  assert_int_equal(parse_with(f, doc, 30, HDC_FORMAT_TURTLE, NULL, &l),
                   HDC_ERR_SYNTAX); /* "a> <...p> 1, 2," cut */
  set_limit(&l, "triples", 4);
  assert_int_equal(parse_with(f, doc, strlen(doc), HDC_FORMAT_TURTLE, NULL, &l),
                   HDC_OK);
  assert_int_equal(hdc_graph_size(f->g), 4);
}

static void
test_parse_limit_literal_bytes(void **state)
{
  fixture   *f = *state;
  hdc_limits l;
  set_limit(&l, "literal_bytes", 5);
  assert_int_equal(
    parse_with(f, "<a> <p> \"12345\" .", 17, HDC_FORMAT_TURTLE, NULL, &l),
    HDC_OK);
  const char doc[] = "<a> <p> \"1\" .\n<a> <p> \"123456\"@en .";
  assert_int_equal(parse_with(f, doc, strlen(doc), HDC_FORMAT_TURTLE, NULL, &l),
                   HDC_ERR_LIMIT);
  assert_non_null(strstr(f->err.message, "literal_bytes"));
  assert_int_equal(f->err.line, 2);
  assert_int_equal(hdc_graph_size(f->g), 1);
  const char xml[] = "<rdf:RDF xmlns:rdf=\"" HDC_NS_RDF "\" xmlns:ex=\"" EX
                     "\"><rdf:Description><ex:p>too long</ex:p>"
                     "</rdf:Description></rdf:RDF>";
  assert_int_equal(parse_with(f, xml, strlen(xml), HDC_FORMAT_RDFXML, NULL, &l),
                   HDC_ERR_LIMIT);
}

static void
test_parse_limit_iri_bytes(void **state)
{
  fixture   *f = *state;
  hdc_limits l;
  set_limit(&l, "iri_bytes", 20);
  assert_int_equal(parse_with(f,
                              "<http://e.org/a> <http://e.org/p> \"\" .",
                              38,
                              HDC_FORMAT_TURTLE,
                              NULL,
                              &l),
                   HDC_OK);
  assert_int_equal(parse_with(f,
                              "<http://e.org/a>\n<http://e.org/p1234567> "
                              "\"\" .",
                              45,
                              HDC_FORMAT_TURTLE,
                              NULL,
                              &l),
                   HDC_ERR_LIMIT);
  assert_int_equal(f->err.line, 2);
  assert_int_equal(f->err.column, 2);
  assert_non_null(strstr(f->err.message, "iri_bytes"));
  /* Datatype IRIs count, and relative IRIs count once resolved. */
  assert_int_equal(parse_with(f,
                              "<http://e.org/a> <http://e.org/p> "
                              "\"1\"^^<http://e.org/type1234> .",
                              63,
                              HDC_FORMAT_TURTLE,
                              NULL,
                              &l),
                   HDC_ERR_LIMIT);
  assert_int_equal(parse_with(f,
                              "<a> <b> <c> .",
                              13,
                              HDC_FORMAT_TURTLE,
                              "http://example.org/long/base/",
                              &l),
                   HDC_ERR_LIMIT);
  assert_int_equal(hdc_graph_size(f->g), 1);
}

static char *
repeat3(const char *head,
        const char *open,
        size_t      n,
        const char *mid,
        const char *close,
        const char *tail)
{
  hdc_buf b = HDC_BUF_INIT;
  hdc_buf_puts(&b, head);
  for (size_t i = 0; i < n; i++) {
    hdc_buf_puts(&b, open);
  }
  hdc_buf_puts(&b, mid);
  for (size_t i = 0; i < n; i++) {
    hdc_buf_puts(&b, close);
  }
  hdc_buf_puts(&b, tail);
  assert_int_equal(hdc_buf_status(&b), HDC_OK);
  return hdc_buf_detach(&b, NULL);
}

static void
test_parse_limit_nesting_turtle(void **state)
{
  fixture   *f = *state;
  hdc_limits l;
  set_limit(&l, "nesting_depth", 10);
  char *ok   = repeat3("<a> <b> ", "[ <p> ", 10, "1", " ]", " .");
  char *deep = repeat3("<a> <b> ", "[ <p> ", 11, "1", " ]", " .");
  char *coll = repeat3("<a> <b> ", "( ", 11, "", " )", " .");
  assert_int_equal(parse_with(f, ok, strlen(ok), HDC_FORMAT_TURTLE, NULL, &l),
                   HDC_OK);
  assert_int_equal(
    parse_with(f, deep, strlen(deep), HDC_FORMAT_TURTLE, NULL, &l),
    HDC_ERR_LIMIT);
  assert_non_null(strstr(f->err.message, "nesting_depth"));
  assert_int_equal(f->err.line, 1);
  assert_int_equal(f->err.column, 9 + 10 * 6);
  assert_int_equal(parse_with(f, coll, strlen(coll), HDC_FORMAT_TRIG, NULL, &l),
                   HDC_ERR_LIMIT);
  /* Brackets in strings, IRIs and comments do not count. */
  const char quiet[] = "# [[[[[[[[[[[[\n<a> <b> \"[[[[[[[[[[[[\", "
                       "'''((((((((((((''', <[[[[[[[[[[[[[> .";
  assert_int_equal(
    parse_with(f, quiet, strlen(quiet), HDC_FORMAT_TURTLE, NULL, &l), HDC_OK);
  hdc_free(ok);
  hdc_free(deep);
  hdc_free(coll);
}

static void
test_parse_deep_turtle_default_limit_fast(void **state)
{
  fixture *f = *state;
  /* Far past raptor's own parser stack: refused by the pre-scan. */
  char   *deep = repeat3("<a> <b> ", "[ <p> ", 200000, "1", " ]", " .");
  clock_t t0   = clock();
  assert_int_equal(parse(f, deep, HDC_FORMAT_TURTLE), HDC_ERR_LIMIT);
  assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 2.0);
  /* With a huge limit raptor's stack bound answers, still without a crash. */
  hdc_limits l;
  set_limit(&l, "nesting_depth", 100000);
  assert_int_not_equal(
    parse_with(f, deep, strlen(deep), HDC_FORMAT_TURTLE, NULL, &l), HDC_OK);
  assert_int_equal(hdc_graph_size(f->g), 0);
  hdc_free(deep);
}

/* Where the depth scan stops: the 11th '[' after a prefix that hides
 * brackets, with a nesting limit of 10. */
static void
assert_deep_after(fixture      *f,
                  const char   *head,
                  unsigned long line,
                  unsigned long column)
{
  hdc_limits l;
  set_limit(&l, "nesting_depth", 10);
  char *doc = repeat3(head, "[ <p> ", 11, "1", " ]", " .");
  assert_int_equal(parse_with(f, doc, strlen(doc), HDC_FORMAT_TURTLE, NULL, &l),
                   HDC_ERR_LIMIT);
  assert_non_null(strstr(f->err.message, "nesting_depth"));
  assert_int_equal(f->err.line, line);
  assert_int_equal(f->err.column, column);
  hdc_free(doc);
}

static void
test_parse_nesting_scan_skips_strings_iris_comments(void **state)
{
  fixture *f = *state;
  /* Escaped quotes and backslashes stay inside the string. */
  assert_deep_after(f, "<a> <b> \"[[\\\"[[\\\\\" ; <b> ", 1, 26 + 10 * 6);
  assert_deep_after(f, "<a> <b> '[\\'(' ; <b> ", 1, 22 + 10 * 6);
  /* Long strings hold newlines and lone quotes; """a"""" ends with the
   * last three quotes. */
  assert_deep_after(
    f, "<a> <b> \"\"\"[\n\"[\"\"(\n\"\"\"\" ; <b> ", 3, 12 + 10 * 6);
  assert_deep_after(f, "<a> <b> '''x[\\'''' ; <b> ", 1, 26 + 10 * 6);
  /* An unterminated short string ends at the newline, an IRI too, and a
   * comment runs to the end of its line. */
  assert_deep_after(f, "\"((((\n<((((\n# [[[[[[\n<a> <b> ", 4, 9 + 10 * 6);
  /* A short string's escape takes the byte after it, a newline too. */
  assert_deep_after(f, "\"\\\n[[[[\"\n<a> <b> ", 3, 9 + 10 * 6);
  /* A '>' far ahead is shared by every '<' before it. */
  assert_deep_after(f, "<a <b\n<c <d ((( > <a> <b> ", 2, 21 + 10 * 6);
}

/* Strings full of escapes, and many IRIs cut short by newlines, are
 * scanned in linear time: a scan that looked for the closing quote or the
 * next '>' afresh after each escape or each '<' would take minutes here. */
static void
test_parse_nesting_scan_linear_on_hostile_runs(void **state)
{
  fixture *f    = *state;
  size_t   n    = 400000;
  hdc_buf  head = HDC_BUF_INIT;
  hdc_buf_puts(&head, "<a> <b> \"");
  for (size_t i = 0; i < n; i++) {
    hdc_buf_puts(&head, "\\t");
  }
  hdc_buf_puts(&head, "\" ; <b> ");
  for (size_t i = 0; i < n; i++) {
    hdc_buf_puts(&head, "<\n");
  }
  hdc_buf_puts(&head, "<a> <b> ");
  assert_int_equal(hdc_buf_status(&head), HDC_OK);
  clock_t t0 = clock();
  assert_deep_after(f, head.ptr, n + 1, 9 + 10 * 6);
  assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 2.0);
  hdc_buf_clear(&head);
}

static void
test_parse_limit_nesting_rdfxml(void **state)
{
  fixture   *f = *state;
  hdc_limits l;
  set_limit(&l, "nesting_depth", 20);
  const char *head = "<?xml version=\"1.0\"?>\n<!-- <a><b><c> -->\n"
                     "<rdf:RDF xmlns:rdf=\"" HDC_NS_RDF "\" xmlns:e=\"" EX
                     "\"><rdf:Description rdf:about=\"" EX "a\" e:x=\"a>b\">";
  const char *tail = "</rdf:Description></rdf:RDF>";
  /* rdf:RDF + Description + 2 per level. */
  char *ok   = repeat3(head,
                     "<e:p><rdf:Description>",
                     9,
                     "<e:q/>",
                     "</rdf:Description></e:p>",
                     tail);
  char *deep = repeat3(
    head, "<e:p><rdf:Description>", 10, "", "</rdf:Description></e:p>", tail);
  assert_int_equal(parse_with(f, ok, strlen(ok), HDC_FORMAT_RDFXML, NULL, &l),
                   HDC_OK);
  assert_int_equal(
    parse_with(f, deep, strlen(deep), HDC_FORMAT_RDFXML, NULL, &l),
    HDC_ERR_LIMIT);
  assert_int_equal(f->err.line, 3);
  hdc_free(ok);
  hdc_free(deep);
  /* A DOCTYPE whose internal subset ends in "] >" does not hide the
   * elements after it. */
  char *dt = repeat3("<?xml version=\"1.0\"?>\n<!DOCTYPE rdf:RDF [\n"
                     "  <!ENTITY e \"" EX "\">\n] >\n"
                     "<rdf:RDF xmlns:rdf=\"" HDC_NS_RDF "\" xmlns:e=\"&e;\">"
                     "<rdf:Description>",
                     "<e:p><rdf:Description>",
                     10,
                     "",
                     "</rdf:Description></e:p>",
                     tail);
  assert_int_equal(parse_with(f, dt, strlen(dt), HDC_FORMAT_RDFXML, NULL, &l),
                   HDC_ERR_LIMIT);
  hdc_free(dt);
  /* Deep enough to take raptor minutes: refused at once. */
  char   *huge = repeat3(head,
                       "<e:p><rdf:Description>",
                       100000,
                       "",
                       "</rdf:Description></e:p>",
                       tail);
  clock_t t0   = clock();
  assert_int_equal(parse(f, huge, HDC_FORMAT_RDFXML), HDC_ERR_LIMIT);
  assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 2.0);
  hdc_free(huge);
}

/* ------------------------------------------------------------------------ */
/* Hostile XML                                                              */

static void
test_parse_billion_laughs_refused_quickly(void **state)
{
  fixture   *f = *state;
  const char doc[] =
    "<?xml version=\"1.0\"?>\n<!DOCTYPE rdf:RDF [\n"
    " <!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n"
    " <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
    " <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
    " <!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
    " <!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n"
    " <!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">\n"
    " <!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">\n"
    " <!ENTITY h \"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\">\n"
    " <!ENTITY i \"&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;\">\n"
    " <!ENTITY j \"&i;&i;&i;&i;&i;&i;&i;&i;&i;&i;\">\n"
    "]>\n<rdf:RDF xmlns:rdf=\"" HDC_NS_RDF "\" xmlns:e=\"" EX "\">\n"
    "<rdf:Description rdf:about=\"" EX "a\"><e:p>&j;</e:p>"
    "</rdf:Description></rdf:RDF>\n";
  clock_t    t0 = clock();
  hdc_status st = parse(f, doc, HDC_FORMAT_RDFXML);
  assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 2.0);
  /* The pre-scan sizes the entities and refuses the expansion. */
  assert_int_equal(st, HDC_ERR_LIMIT);
  assert_non_null(strstr(f->err.message, "entity expansion"));
  assert_int_equal(hdc_graph_size(f->g), 0);
}

static void
test_parse_external_entity_unsupported(void **state)
{
  fixture   *f     = *state;
  const char doc[] = "<?xml version=\"1.0\"?>\n<!DOCTYPE rdf:RDF [\n"
                     " <!ENTITY ns \"" EX "\">\n"
                     " <!ENTITY x SYSTEM \"file:///etc/passwd\">\n]>\n"
                     "<rdf:RDF xmlns:rdf=\"" HDC_NS_RDF "\" xmlns:e=\"&ns;\">\n"
                     "<rdf:Description rdf:about=\"&ns;a\"><e:p>&x;</e:p>"
                     "</rdf:Description></rdf:RDF>\n";
  assert_int_equal(parse(f, doc, HDC_FORMAT_RDFXML), HDC_ERR_UNSUPPORTED);
  assert_int_equal(f->err.line, 4);
  assert_non_null(strstr(f->err.message, "'x'"));
  assert_int_equal(hdc_graph_size(f->g), 0);
  /* Internal entities for namespaces, as ontologies use them, are fine. */
  const char ok[] = "<?xml version=\"1.0\"?>\n<!DOCTYPE rdf:RDF [\n"
                    " <!ENTITY ns \"" EX "\">\n]>\n"
                    "<rdf:RDF xmlns:rdf=\"" HDC_NS_RDF "\" xmlns:e=\"&ns;\">\n"
                    "<rdf:Description rdf:about=\"&ns;a\"><e:p>v</e:p>"
                    "</rdf:Description></rdf:RDF>\n";
  assert_int_equal(parse(f, ok, HDC_FORMAT_RDFXML), HDC_OK);
  assert_true(hdc_graph_size(f->g) == 1);
  /* Markup hidden in an entity could nest past the depth scan. */
  const char markup[] =
    "<?xml version=\"1.0\"?>\n<!DOCTYPE rdf:RDF [\n"
    " <!ENTITY deep '<e:p><rdf:Description/></e:p>'>\n]>\n"
    "<rdf:RDF xmlns:rdf=\"" HDC_NS_RDF "\" xmlns:e=\"" EX "\">\n"
    "<rdf:Description>&deep;</rdf:Description></rdf:RDF>\n";
  assert_int_equal(parse(f, markup, HDC_FORMAT_RDFXML), HDC_ERR_UNSUPPORTED);
}

static void
test_parse_entity_expansion_spread_refused(void **state)
{
  fixture *f = *state;
  /* One 10 kB entity, referenced in 300 literals: each literal is under
   * the literal limit, but the whole expands 200 times. */
  hdc_buf doc = HDC_BUF_INIT;
  hdc_buf_puts(&doc, "<?xml version=\"1.0\"?>\n<!DOCTYPE rdf:RDF [\n");
  hdc_buf_puts(&doc, "  <!ENTITY ns \"" EX "\">\n  <!ENTITY k \"");
  for (int i = 0; i < 10000; i++) {
    hdc_buf_putc(&doc, 'x');
  }
  hdc_buf_puts(&doc,
               "\">\n]>\n<rdf:RDF xmlns:rdf=\"" HDC_NS_RDF
               "\" xmlns:e=\"&ns;\">\n<rdf:Description rdf:about=\"&ns;a\">\n");
  for (int i = 0; i < 300; i++) {
    hdc_buf_printf(&doc, "<e:p>%d &k;</e:p>\n", i);
  }
  hdc_buf_puts(&doc, "</rdf:Description></rdf:RDF>\n");
  assert_int_equal(hdc_buf_status(&doc), HDC_OK);
  assert_int_equal(
    parse_with(f, doc.ptr, doc.len, HDC_FORMAT_RDFXML, NULL, NULL),
    HDC_ERR_LIMIT);
  assert_non_null(strstr(f->err.message, "entity expansion"));
  assert_int_equal(hdc_graph_size(f->g), 0);
  /* A few references stay well within the budget. */
  hdc_buf_reset(&doc);
  hdc_buf_puts(
    &doc,
    "<!DOCTYPE rdf:RDF [<!ENTITY k \"0123456789\">\n"
    "<!ENTITY kk \"&k;&k;&amp;\">]>\n<rdf:RDF xmlns:rdf=\"" HDC_NS_RDF
    "\" xmlns:e=\"" EX "\"><rdf:Description><e:p>&kk;</e:p>"
    "</rdf:Description></rdf:RDF>");
  assert_int_equal(
    parse_with(f, doc.ptr, doc.len, HDC_FORMAT_RDFXML, NULL, NULL), HDC_OK);
  assert_true(
    hdc_str_eq_z(hdc_term_text(object_of(f, EX "p")), "01234567890123456789&"));
  /* An entity using one declared after it cannot be sized: refused. */
  hdc_buf_reset(&doc);
  hdc_buf_puts(&doc,
               "<!DOCTYPE rdf:RDF [<!ENTITY a \"&b;\">\n"
               "<!ENTITY b \"x\">]>\n<rdf:RDF xmlns:rdf=\"" HDC_NS_RDF "\"/>");
  assert_int_equal(
    parse_with(f, doc.ptr, doc.len, HDC_FORMAT_RDFXML, NULL, NULL),
    HDC_ERR_UNSUPPORTED);
  assert_non_null(strstr(f->err.message, "'b'"));
  hdc_buf_clear(&doc);
}

static void
test_parse_nul_byte_refused(void **state)
{
  fixture                *f      = *state;
  const char              doc[]  = "<" EX "a> <" EX "p> \"before\0after\" .";
  static const hdc_format fmts[] = { HDC_FORMAT_TURTLE,
                                     HDC_FORMAT_TRIG,
                                     HDC_FORMAT_NTRIPLES,
                                     HDC_FORMAT_RDFXML,
                                     HDC_FORMAT_JSONLD };
  for (size_t i = 0; i < sizeof fmts / sizeof fmts[0]; i++) {
    assert_int_equal(parse_with(f, doc, sizeof doc - 1, fmts[i], NULL, NULL),
                     HDC_ERR_SYNTAX);
    assert_int_equal(f->err.line, 1);
    assert_int_equal(f->err.column, 54);
    assert_non_null(strstr(f->err.message, "NUL"));
  }
  assert_int_equal(hdc_graph_size(f->g), 0);
}

/* ------------------------------------------------------------------------ */
/* Warnings go to the log                                                   */

typedef struct log_capture
{
  int  n_warn;
  char last[512];
} log_capture;

static void
capture_log(void *ctx, hdc_log_level level, const char *msg)
{
  log_capture *c = ctx;
  if (level == HDC_LOG_WARN) {
    c->n_warn++;
    snprintf(c->last, sizeof c->last, "%s", msg);
  }
}

static void
test_parse_warnings_logged_not_fatal(void **state)
{
  fixture    *f = *state;
  log_capture c = { 0, "" };
  hdc_log_set_sink(capture_log, &c);
  const char xml[] =
    "<rdf:RDF xmlns:rdf=\"" HDC_NS_RDF "\" xmlns:e=\"" EX "\">\n"
    "<rdf:Description rdf:about=\"" EX "a\">\n"
    "<e:p rdf:parseType=\"Weird\">x</e:p></rdf:Description></rdf:RDF>";
  hdc_status st = parse(f, xml, HDC_FORMAT_RDFXML);
  /* IRIs that cannot be IRIs are kept, percent-encoded, with a warning. */
  const char sp[] =
    "<rdf:RDF xmlns:rdf=\"" HDC_NS_RDF "\" xmlns:e=\"" EX "\">\n"
    "<rdf:Description rdf:about=\"" EX "a b\"><e:p rdf:resource=\"" EX
    "x|y\"/></rdf:Description></rdf:RDF>";
  hdc_status st2 = parse(f, sp, HDC_FORMAT_RDFXML);
  hdc_log_set_sink(NULL, NULL);
  assert_int_equal(st, HDC_OK);
  assert_int_equal(st2, HDC_OK);
  assert_true(c.n_warn >= 2);
  assert_non_null(strstr(c.last, "percent-encoded"));
  assert_true(has(f, EX "a%20b", EX "p", EX "x%7Cy"));
}

/* ------------------------------------------------------------------------ */
/* Allocation failures                                                      */

static void
test_parse_nomem_every_allocation(void **state)
{
  fixture          *f = *state;
  static const char escaped_nt[] =
    "<" EX "s\\u0041> <" EX "p> \"a\\tb\\u00E9\"^^<" EX "d\\u0054> .\n"
    "_:x <" EX "p> \"c\"@en <" EX "g> .\n";
  const struct
  {
    const char *doc;
    hdc_format  format;
    size_t      n;
  } cases[] = {
    { turtle_doc, HDC_FORMAT_TURTLE, 11 },
    { rdfxml_doc, HDC_FORMAT_RDFXML, 11 },
    { trig_doc, HDC_FORMAT_TRIG, 11 },
    { escaped_nt, HDC_FORMAT_NQUADS, 2 },
  };
  /* Fail the n-th allocation for every n until the parse goes through:
   * each failure is HDC_ERR_NOMEM, leaves the graph as it was and leaks
   * nothing (checked by the sanitizer build). */
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    for (long n = 0;; n++) {
      hdc_world *w = hdc_world_new();
      hdc_graph *g = hdc_graph_new(w);
      assert_non_null(g);
      assert_int_equal(hdc_graph_add(g,
                                     hdc_world_iri(w, HDC_STR(EX "old")),
                                     hdc_world_iri(w, HDC_STR(EX "p")),
                                     hdc_world_iri(w, HDC_STR(EX "o"))),
                       HDC_OK);
      hdc_parse_opts o = { cases[c].format, NULL, "doc", NULL };
      hdc_error      err;
      hdc_error_clear(&err);
      hdc_alloc_fail_after(n);
      hdc_status st =
        hdc_rdf_parse(cases[c].doc, strlen(cases[c].doc), &o, g, &err);
      unsigned long injected = hdc_alloc_injected_failures();
      hdc_alloc_fail_after(-1);
      if (injected == 0) {
        assert_int_equal(st, HDC_OK);
        assert_int_equal(hdc_graph_size(g), cases[c].n + 1);
        hdc_graph_free(g);
        hdc_world_free(w);
        break;
      }
      if (st != HDC_ERR_NOMEM) {
        print_error("case %zu, allocation %ld: status %d\n", c, n, st);
      }
      assert_int_equal(st, HDC_ERR_NOMEM);
      assert_int_equal(err.status, HDC_ERR_NOMEM);
      assert_int_equal(hdc_graph_size(g), 1);
      hdc_graph_free(g);
      hdc_world_free(w);
      assert_true(n < 10000);
    }
  }
  (void)f;
}

/* ------------------------------------------------------------------------ */
/* Threads                                                                  */

static void *
parse_many(void *arg)
{
  long *failures = arg;
  for (int i = 0; i < 40; i++) {
    hdc_world     *w   = hdc_world_new();
    hdc_graph     *g   = hdc_graph_new(w);
    const char    *doc = (i % 3 == 0)   ? rdfxml_doc
                         : (i % 3 == 1) ? turtle_doc
                                        : trig_doc;
    hdc_parse_opts o   = { HDC_FORMAT_UNKNOWN, NULL, NULL, NULL };
    o.format           = (i % 3 == 0)   ? HDC_FORMAT_RDFXML
                         : (i % 3 == 1) ? HDC_FORMAT_TURTLE
                                        : HDC_FORMAT_TRIG;
    if (hdc_rdf_parse(doc, strlen(doc), &o, g, NULL) != HDC_OK ||
        hdc_graph_size(g) != 11) {
      (*failures)++;
    }
    /* An error path too, with raptor's log handler in use. */
    if (hdc_rdf_parse("<a> <b> ", 8, &o, g, NULL) == HDC_OK) {
      (*failures)++;
    }
    hdc_graph_free(g);
    hdc_world_free(w);
  }
  return NULL;
}

static void
test_parse_threads_concurrent(void **state)
{
  (void)state;
  enum
  {
    N_THREADS = 4
  };
  pthread_t threads[N_THREADS];
  long      failures[N_THREADS] = { 0 };
  for (int i = 0; i < N_THREADS; i++) {
    assert_int_equal(
      pthread_create(&threads[i], NULL, parse_many, &failures[i]), 0);
  }
  for (int i = 0; i < N_THREADS; i++) {
    assert_int_equal(pthread_join(threads[i], NULL), 0);
    assert_int_equal(failures[i], 0);
  }
}

static void
test_parse_large_rdfxml_chunked(void **state)
{
  fixture *f = *state;
  /* More than libxml2 takes in one push (10 MB). */
  hdc_buf doc = HDC_BUF_INIT;
  hdc_buf_puts(&doc,
               "<rdf:RDF xmlns:rdf=\"" HDC_NS_RDF "\" xmlns:ex=\"" EX "\">\n");
  size_t n = 0;
  while (doc.len < 11 * 1024 * 1024) {
    hdc_buf_printf(&doc,
                   "<rdf:Description rdf:about=\"" EX "s%zu\"><ex:p>value "
                   "number %zu, padded to make the document "
                   "longer</ex:p></rdf:Description>\n",
                   n,
                   n);
    n++;
  }
  hdc_buf_puts(&doc, "</rdf:RDF>\n");
  assert_int_equal(hdc_buf_status(&doc), HDC_OK);
  assert_int_equal(
    parse_with(f, doc.ptr, doc.len, HDC_FORMAT_RDFXML, NULL, NULL), HDC_OK);
  assert_int_equal(hdc_graph_size(f->g), n);
  hdc_buf_clear(&doc);
}

/* ------------------------------------------------------------------------ */
/* Files                                                                    */

static void
temp_name(char *out, size_t cap, const char *ext)
{
  snprintf(out, cap, "hdc-test-rdf-parse-%ld.%s", (long)getpid(), ext);
}

static void
write_file(const char *path, const char *data, size_t len)
{
  FILE *fp = fopen(path, "wb");
  assert_non_null(fp);
  assert_int_equal(fwrite(data, 1, len, fp), len);
  assert_int_equal(fclose(fp), 0);
}

static void
test_parse_file_reads_and_names_file(void **state)
{
  fixture *f = *state;
  char     path[128];
  temp_name(path, sizeof path, "nt");
  write_file(path, ntriples_doc, strlen(ntriples_doc));
  assert_int_equal(hdc_rdf_parse_file(path, NULL, f->g, &f->err), HDC_OK);
  assert_int_equal(hdc_graph_size(f->g), 11);

  /* An error names the file. */
  const char bad[] = "<" EX "a> <" EX "p> .\n";
  write_file(path, bad, strlen(bad));
  hdc_error_clear(&f->err);
  assert_int_equal(hdc_rdf_parse_file(path, NULL, f->g, &f->err),
                   HDC_ERR_SYNTAX);
  assert_string_equal(f->err.source, path);
  assert_int_equal(f->err.line, 1);

  /* The size limit is checked while reading. */
  hdc_limits l;
  set_limit(&l, "document_bytes", 100);
  hdc_parse_opts o = { HDC_FORMAT_UNKNOWN, NULL, NULL, &l };
  write_file(path, ntriples_doc, strlen(ntriples_doc));
  hdc_error_clear(&f->err);
  assert_int_equal(hdc_rdf_parse_file(path, &o, f->g, &f->err), HDC_ERR_LIMIT);
  assert_string_equal(f->err.source, path);
  assert_int_equal(hdc_graph_size(f->g), 11);
  assert_int_equal(remove(path), 0);
}

static void
test_parse_file_missing_not_found(void **state)
{
  fixture *f = *state;
  assert_int_equal(
    hdc_rdf_parse_file("no-such-dir/missing.ttl", NULL, f->g, &f->err),
    HDC_ERR_NOT_FOUND);
  assert_string_equal(f->err.source, "no-such-dir/missing.ttl");
  assert_non_null(strstr(f->err.message, "open"));
  /* A directory is not an RDF file. */
  hdc_error_clear(&f->err);
  assert_int_equal(hdc_rdf_parse_file(".", NULL, f->g, &f->err),
                   HDC_ERR_INVALID_ARG);
  assert_string_equal(f->err.source, ".");
  assert_non_null(strstr(f->err.message, "directory"));
}

static void
test_parse_file_stdin(void **state)
{
  fixture *f = *state;
  char     path[128];
  temp_name(path, sizeof path, "ttl");
  write_file(path, turtle_doc, strlen(turtle_doc));
  assert_non_null(freopen(path, "rb", stdin));
  hdc_parse_opts o = { HDC_FORMAT_UNKNOWN, "urn:x:", NULL, NULL };
  assert_int_equal(hdc_rdf_parse_file("-", &o, f->g, &f->err), HDC_OK);
  assert_int_equal(hdc_graph_size(f->g), 11);
  assert_int_equal(remove(path), 0);
}

static void
test_parse_file_size_limit_exact(void **state)
{
  fixture *f = *state;
  char     path[128];
  temp_name(path, sizeof path, "nt");
  size_t len = strlen(ntriples_doc);
  write_file(path, ntriples_doc, len);
  hdc_limits     l;
  hdc_parse_opts o = { HDC_FORMAT_UNKNOWN, NULL, NULL, &l };
  /* A file of exactly the limit is read whole... */
  set_limit(&l, "document_bytes", len);
  assert_int_equal(hdc_rdf_parse_file(path, &o, f->g, &f->err), HDC_OK);
  assert_int_equal(hdc_graph_size(f->g), 11);
  /* ...one byte more is refused before anything is read. */
  hdc_graph_clear(f->g);
  set_limit(&l, "document_bytes", len - 1);
  hdc_error_clear(&f->err);
  assert_int_equal(hdc_rdf_parse_file(path, &o, f->g, &f->err), HDC_ERR_LIMIT);
  assert_non_null(strstr(f->err.message, "document_bytes"));
  assert_string_equal(f->err.source, path);
  assert_int_equal(hdc_graph_size(f->g), 0);
  assert_int_equal(remove(path), 0);
}

static void
test_parse_file_empty_is_empty_graph(void **state)
{
  fixture *f = *state;
  char     path[128];
  temp_name(path, sizeof path, "ttl");
  write_file(path, "", 0);
  assert_int_equal(hdc_rdf_parse_file(path, NULL, f->g, &f->err), HDC_OK);
  assert_int_equal(hdc_graph_size(f->g), 0);
  assert_int_equal(remove(path), 0);
}

/* A file far larger than one read chunk, with a byte-order mark, gives the
 * graph its bytes give from memory. */
static void
test_parse_file_large_same_as_memory(void **state)
{
  fixture *f = *state;
  char     path[128];
  temp_name(path, sizeof path, "ttl");
  hdc_buf b = HDC_BUF_INIT;
  hdc_buf_puts(&b, "\xEF\xBB\xBF@prefix ex: <" EX "> .\n");
  for (int i = 0; i < 20000; i++) {
    hdc_buf_printf(
      &b, "ex:s%d ex:p \"value %d, with [ and ( in it\" .\n", i, i);
  }
  assert_int_equal(hdc_buf_status(&b), HDC_OK);
  write_file(path, b.ptr, b.len);
  assert_int_equal(hdc_rdf_parse_file(path, NULL, f->g, &f->err), HDC_OK);
  assert_int_equal(hdc_graph_size(f->g), 20000);

  hdc_graph *mem = hdc_graph_new(f->w);
  assert_non_null(mem);
  hdc_parse_opts o = { HDC_FORMAT_TURTLE, NULL, path, NULL };
  assert_int_equal(hdc_rdf_parse(b.ptr, b.len, &o, mem, &f->err), HDC_OK);
  assert_true(hdc_graph_isomorphic(f->g, mem));
  hdc_graph_free(mem);
  hdc_buf_clear(&b);
  assert_int_equal(remove(path), 0);
}

typedef struct fifo_writer
{
  const char *path;
  const char *data;
  size_t      len;
  size_t      repeat;
} fifo_writer;

static void *
fifo_write(void *arg)
{
  fifo_writer *w  = arg;
  FILE        *fp = fopen(w->path, "wb");
  if (fp) {
    /* Stops at the first failed write: the reader may close early. */
    for (size_t i = 0; i < w->repeat; i++) {
      if (fwrite(w->data, 1, w->len, fp) != w->len) {
        break;
      }
    }
    fclose(fp);
  }
  return NULL;
}

/* A pipe has no size to read at once: it is read chunk by chunk, the
 * limit checked as the bytes come. */
static void
test_parse_file_fifo_read_as_stream(void **state)
{
  fixture *f = *state;
  char     path[128];
  temp_name(path, sizeof path, "nt");
  assert_int_equal(mkfifo(path, 0600), 0);
  /* The reader may close while the writer still writes. */
  signal(SIGPIPE, SIG_IGN);

  fifo_writer w = { path, ntriples_doc, strlen(ntriples_doc), 1000 };
  pthread_t   t;
  assert_int_equal(pthread_create(&t, NULL, fifo_write, &w), 0);
  assert_int_equal(hdc_rdf_parse_file(path, NULL, f->g, &f->err), HDC_OK);
  assert_int_equal(pthread_join(t, NULL), 0);
  /* The same 11 triples a thousand times over. */
  assert_int_equal(hdc_graph_size(f->g), 11);

  hdc_limits l;
  set_limit(&l, "document_bytes", w.len * 10);
  hdc_parse_opts o = { HDC_FORMAT_UNKNOWN, NULL, NULL, &l };
  hdc_graph_clear(f->g);
  hdc_error_clear(&f->err);
  assert_int_equal(pthread_create(&t, NULL, fifo_write, &w), 0);
  assert_int_equal(hdc_rdf_parse_file(path, &o, f->g, &f->err), HDC_ERR_LIMIT);
  assert_int_equal(pthread_join(t, NULL), 0);
  assert_non_null(strstr(f->err.message, "document_bytes"));
  assert_int_equal(hdc_graph_size(f->g), 0);
  assert_int_equal(remove(path), 0);
}

/* ------------------------------------------------------------------------ */
/* The shared corpus of real files                                          */

typedef struct real_case
{
  const char *name;
  hdc_status  status;
  size_t      triples; /* distinct triples (rapper, duplicates removed) */
} real_case;

static const real_case real_cases[] = {
  { "eu-healthdcat-ap-example-ckanext.ttl", HDC_OK, 220 },
  { "de-fdz-gesundheit-healthdcat.ttl", HDC_OK, 82 },
  { "no-statens-vegvesen-catalog.ttl", HDC_OK, 1151 },
  { "no-brreg-api-catalog-bom.ttl", HDC_OK, 8 },
  { "eu-epos-ingv-equipment-facility.ttl", HDC_OK, 71166 },
  { "be-datagovbe-cat.nt", HDC_OK, 17 },
  { "cz-lpdav-test.trig", HDC_OK, 1678 },
  { "be-datagovbe-ldes-page-healthdata-109.trig", HDC_OK, 18783 },
  { "it-asst-ovest-milanese-catalog.rdf", HDC_OK, 812 },
  { "it-aorn-cardarelli-catalog.rdf", HDC_OK, 359 },
  { "de-govdata-catalog-endpoint.rdf", HDC_OK, 391 },
  { "de-rki-sars-cov-2-infektionen-healthdcat.ttl", HDC_ERR_SYNTAX, 0 },
  { "it-unical-dati-epidemiologici-bad-nodeid.rdf", HDC_ERR_SYNTAX, 0 },
  { "it-comune-molinella-catalog-xmldecl.rdf", HDC_ERR_SYNTAX, 0 },
  { "it-dati-epidemiologici-catalog-undeclared-ns.rdf", HDC_ERR_SYNTAX, 0 },
  { "eu-semic-dcat-ap-1.2-draft-schema-nonutf8.rdf", HDC_ERR_ENCODING, 0 },
  { "fr-geonetwork-csw-dcat-page-1.xml", HDC_ERR_SYNTAX, 0 },
};

static void
test_parse_real_corpus(void **state)
{
  fixture *f = *state;
  char     path[1024];
  snprintf(path, sizeof path, "%s/fixtures/real/MANIFEST.md", HDC_SHARED_DIR);
  if (access(path, R_OK) != 0) {
    skip();
  }
  for (size_t i = 0; i < sizeof real_cases / sizeof real_cases[0]; i++) {
    const real_case *c = &real_cases[i];
    snprintf(path, sizeof path, "%s/fixtures/real/%s", HDC_SHARED_DIR, c->name);
    hdc_graph_clear(f->g);
    hdc_error_clear(&f->err);
    hdc_status st = hdc_rdf_parse_file(path, NULL, f->g, &f->err);
    if (st != c->status) {
      char msg[2048];
      print_error(
        "%s: %s\n", c->name, hdc_error_format(&f->err, msg, sizeof msg));
    }
    assert_int_equal(st, c->status);
    assert_int_equal(hdc_graph_size(f->g), c->triples);
    if (st != HDC_OK) {
      assert_string_equal(f->err.source, path);
      assert_true(f->err.line > 0 || st == HDC_ERR_SYNTAX);
    }
  }
}

static void
test_parse_real_errors_have_lines(void **state)
{
  fixture *f = *state;
  char     path[1024];
  snprintf(path,
           sizeof path,
           "%s/fixtures/real/de-rki-sars-cov-2-infektionen-healthdcat.ttl",
           HDC_SHARED_DIR);
  if (access(path, R_OK) != 0) {
    skip();
  }
  assert_int_equal(hdc_rdf_parse_file(path, NULL, f->g, &f->err),
                   HDC_ERR_SYNTAX);
  assert_int_equal(f->err.line, 11);
  assert_non_null(strstr(f->err.message, "geodcatap"));
  snprintf(path,
           sizeof path,
           "%s/fixtures/real/eu-semic-dcat-ap-1.2-draft-schema-nonutf8.rdf",
           HDC_SHARED_DIR);
  hdc_error_clear(&f->err);
  assert_int_equal(hdc_rdf_parse_file(path, NULL, f->g, &f->err),
                   HDC_ERR_ENCODING);
  assert_true(f->err.line > 1);
  assert_true(f->err.column > 0);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    T(test_parse_turtle_builds_graph),
    T(test_parse_each_syntax_same_graph),
    T(test_parse_nquads_graphs_merged),
    T(test_parse_jsonld_dispatched_and_scoped),
    T(test_parse_format_from_source_extension),
    T(test_parse_unknown_format_invalid_arg),
    T(test_parse_ntriples_escapes_decoded),
    T(test_parse_ntriples_errors_with_columns),
    T(test_parse_nquads_labels_checked),
    T(test_parse_null_arguments_invalid_arg),
    T(test_parse_relative_iris_default_base),
    T(test_parse_relative_iris_given_base),
    T(test_parse_bom_stripped),
    T(test_parse_non_utf8_encoding_error_with_position),
    T(test_parse_syntax_error_line_and_source),
    T(test_parse_rdfxml_errors_fail_the_parse),
    T(test_parse_truncated_is_error),
    T(test_parse_every_cut_fails_or_is_complete),
    T(test_parse_error_leaves_graph_unchanged),
    T(test_parse_blank_nodes_scoped_per_document),
    T(test_parse_generated_blank_ids_distinct_from_labels),
    T(test_parse_limit_document_bytes),
    T(test_parse_limit_triples),
    T(test_parse_limit_literal_bytes),
    T(test_parse_limit_iri_bytes),
    T(test_parse_limit_nesting_turtle),
    T(test_parse_deep_turtle_default_limit_fast),
    T(test_parse_nesting_scan_skips_strings_iris_comments),
    T(test_parse_nesting_scan_linear_on_hostile_runs),
    T(test_parse_limit_nesting_rdfxml),
    T(test_parse_billion_laughs_refused_quickly),
    T(test_parse_external_entity_unsupported),
    T(test_parse_entity_expansion_spread_refused),
    T(test_parse_nul_byte_refused),
    T(test_parse_warnings_logged_not_fatal),
    T(test_parse_nomem_every_allocation),
    T(test_parse_threads_concurrent),
    T(test_parse_large_rdfxml_chunked),
    T(test_parse_file_reads_and_names_file),
    T(test_parse_file_missing_not_found),
    T(test_parse_file_stdin),
    T(test_parse_file_size_limit_exact),
    T(test_parse_file_empty_is_empty_graph),
    T(test_parse_file_large_same_as_memory),
    T(test_parse_file_fifo_read_as_stream),
    T(test_parse_real_corpus),
    T(test_parse_real_errors_have_lines),
#undef T
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
