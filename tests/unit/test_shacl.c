// SPDX-License-Identifier: EUPL-1.2
/*
 * Unit tests of the SHACL engine (compile, validate, reports), on graphs
 * built triple by triple so they depend on the graph module only. The W3C
 * suite (tests/conformance) covers the components in depth; these tests pin
 * the API contract, the error paths, recursion, limits and allocation
 * failures.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "hdcat/core.h"
#include "hdcat/graph.h"
#include "hdcat/shacl.h"

#include "../../src/shacl/shacl_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EX "http://example.org/"

/* A term from a compact notation: "ex:x" (example IRI), "sh:x", "rdf:x",
 * "rdfs:x", "xsd:x", "<iri>", "_:label", "'lexical'" (xsd:string),
 * "'lexical'@lang", "'lexical'^^xsd:type", or a bare integer. */
static const hdc_term *
T(hdc_world *w, const char *z)
{
  char buf[512];
  if (z[0] == '_' && z[1] == ':')
    return hdc_world_blank(w, hdc_str_from(z + 2));
  if (z[0] == '<') {
    size_t n = strlen(z);
    return hdc_world_iri(w, (hdc_str){ z + 1, n - 2 });
  }
  if (z[0] == '\'') {
    const char *end = strchr(z + 1, '\'');
    hdc_str     lex = { z + 1, (size_t)(end - z - 1) };
    if (end[1] == '@')
      return hdc_world_literal(w, lex, NULL, hdc_str_from(end + 2));
    if (end[1] == '^')
      return hdc_world_literal(w, lex, T(w, end + 3), HDC_STR_NULL);
    return hdc_world_literal(w, lex, NULL, HDC_STR_NULL);
  }
  if ((z[0] >= '0' && z[0] <= '9') || z[0] == '-') {
    return hdc_world_literal(w,
                             hdc_str_from(z),
                             hdc_world_iri(w, HDC_STR(HDC_NS_XSD "integer")),
                             HDC_STR_NULL);
  }
  {
    static const struct
    {
      const char *pre, *ns;
    } ns[] = { { "ex:", EX },          { "sh:", HDC_NS_SH },
               { "rdf:", HDC_NS_RDF }, { "rdfs:", HDC_NS_RDFS },
               { "xsd:", HDC_NS_XSD }, { "dcat:", HDC_NS_DCAT } };
    for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++) {
      size_t n = strlen(ns[i].pre);
      if (strncmp(z, ns[i].pre, n) == 0) {
        snprintf(buf, sizeof buf, "%s%s", ns[i].ns, z + n);
        return hdc_world_iri(w, hdc_str_from(buf));
      }
    }
  }
  fail_msg("bad term notation %s", z);
  return NULL;
}

static void
add(hdc_graph *g, const char *s, const char *p, const char *o)
{
  hdc_world *w  = hdc_graph_world(g);
  hdc_status st = hdc_graph_add(g, T(w, s), T(w, p), T(w, o));
  assert_true(st == HDC_OK || st == HDC_FAILURE);
}

/* Add the RDF list (items...) with head label `head`. */
static void
add_list(hdc_graph *g, const char *head, int n, ...)
{
  va_list ap;
  char    cur[64], next[64];
  snprintf(cur, sizeof cur, "%s", head);
  va_start(ap, n);
  for (int i = 0; i < n; i++) {
    const char *item = va_arg(ap, const char *);
    add(g, cur, "rdf:first", item);
    if (i + 1 < n) {
      snprintf(next, sizeof next, "%s_%d", head, i + 1);
      add(g, cur, "rdf:rest", next);
      snprintf(cur, sizeof cur, "%s", next);
    } else {
      add(g, cur, "rdf:rest", "rdf:nil");
    }
  }
  va_end(ap);
}

typedef struct fixture
{
  hdc_world *w;
  hdc_graph *shapes;
  hdc_graph *data;
} fixture;

static int
setup(void **state)
{
  fixture *f = calloc(1, sizeof *f);
  if (!f)
    return -1;
  f->w      = hdc_world_new();
  f->shapes = hdc_graph_new(f->w);
  f->data   = hdc_graph_new(f->w);
  if (!f->w || !f->shapes || !f->data)
    return -1;
  *state = f;
  return 0;
}

static int
teardown(void **state)
{
  fixture *f = *state;
  hdc_graph_free(f->shapes);
  hdc_graph_free(f->data);
  hdc_world_free(f->w);
  free(f);
  return 0;
}

/* Compile f->shapes, validate f->data; the report is returned. */
static hdc_shacl_report *
run(fixture *f)
{
  hdc_shacl_plan   *plan = NULL;
  hdc_shacl_report *rep  = NULL;
  hdc_error         err;
  hdc_error_clear(&err);
  assert_int_equal(hdc_shacl_plan_compile(f->shapes, NULL, &plan, &err),
                   HDC_OK);
  assert_int_equal(hdc_shacl_validate(plan, f->data, NULL, &rep, &err), HDC_OK);
  hdc_shacl_plan_free(plan);
  return rep;
}

static size_t
count_component(const hdc_shacl_report *r, hdc_shacl_component c)
{
  size_t n = 0;
  for (size_t i = 0; i < hdc_shacl_report_count(r); i++)
    if (hdc_shacl_report_get(r, i)->component == c)
      n++;
  return n;
}

/* ------------------------------------------------------------------------ */

static void
test_free_null_is_noop(void **state)
{
  (void)state;
  hdc_shacl_plan_free(NULL);
  hdc_shacl_report_free(NULL);
  hdc_shacl_profile_free(NULL);
  assert_true(hdc_shacl_report_conforms(NULL));
  assert_int_equal(hdc_shacl_report_count(NULL), 0);
  assert_null(hdc_shacl_report_get(NULL, 0));
  assert_int_equal(hdc_shacl_plan_shape_count(NULL), 0);
}

static void
test_min_count_result_has_every_field(void **state)
{
  fixture                *f = *state;
  hdc_shacl_report       *r;
  const hdc_shacl_result *res;

  add(f->shapes, "ex:S", "rdf:type", "sh:NodeShape");
  add(f->shapes, "ex:S", "sh:targetClass", "ex:C");
  add(f->shapes, "ex:S", "sh:property", "_:p");
  add(f->shapes, "_:p", "sh:path", "ex:name");
  add(f->shapes, "_:p", "sh:minCount", "1");
  add(f->shapes, "_:p", "sh:severity", "sh:Warning");
  add(f->shapes, "_:p", "sh:message", "'needs a name'@en");
  add(f->data, "ex:a", "rdf:type", "ex:C");
  add(f->data, "ex:b", "rdf:type", "ex:C");
  add(f->data, "ex:b", "ex:name", "'B'");

  r = run(f);
  assert_false(hdc_shacl_report_conforms(r));
  assert_int_equal(hdc_shacl_report_count(r), 1);
  assert_int_equal(hdc_shacl_report_count_level(r, HDC_SHACL_WARNING), 1);
  assert_int_equal(hdc_shacl_report_count_level(r, HDC_SHACL_VIOLATION), 0);
  res = hdc_shacl_report_get(r, 0);
  assert_ptr_equal(res->focus, T(f->w, "ex:a"));
  assert_ptr_equal(res->path, T(f->w, "ex:name"));
  assert_null(res->value);
  assert_ptr_equal(res->shape, T(f->w, "_:p"));
  assert_int_equal(res->component, HDC_SHACL_MIN_COUNT);
  assert_ptr_equal(res->severity, T(f->w, "sh:Warning"));
  assert_int_equal(res->n_messages, 1);
  assert_ptr_equal(res->messages[0], T(f->w, "'needs a name'@en"));
  assert_null(hdc_shacl_report_get(r, 1));
  hdc_shacl_report_free(r);
}

static void
test_class_follows_subclass_in_data(void **state)
{
  fixture          *f = *state;
  hdc_shacl_report *r;

  add(f->shapes, "ex:S", "sh:targetNode", "ex:a");
  add(f->shapes, "ex:S", "sh:property", "_:p");
  add(f->shapes, "_:p", "sh:path", "ex:knows");
  add(f->shapes, "_:p", "sh:class", "ex:Person");
  add(f->data, "ex:a", "ex:knows", "ex:b");
  add(f->data, "ex:a", "ex:knows", "ex:c");
  add(f->data, "ex:a", "ex:knows", "'lit'");
  add(f->data, "ex:b", "rdf:type", "ex:Student");
  add(f->data, "ex:Student", "rdfs:subClassOf", "ex:Person");
  add(f->data, "ex:c", "rdf:type", "ex:Robot");

  r = run(f);
  assert_int_equal(hdc_shacl_report_count(r), 2);
  hdc_shacl_report_sort(r);
  assert_ptr_equal(hdc_shacl_report_get(r, 0)->value, T(f->w, "ex:c"));
  assert_ptr_equal(hdc_shacl_report_get(r, 1)->value, T(f->w, "'lit'"));
  hdc_shacl_report_free(r);
}

static void
test_datatype_rejects_ill_formed_lexical(void **state)
{
  fixture          *f = *state;
  hdc_shacl_report *r;

  add(f->shapes, "ex:S", "sh:targetSubjectsOf", "ex:age");
  add(f->shapes, "ex:S", "sh:property", "_:p");
  add(f->shapes, "_:p", "sh:path", "ex:age");
  add(f->shapes, "_:p", "sh:datatype", "xsd:byte");
  add(f->data, "ex:a", "ex:age", "'12'^^xsd:byte");
  add(f->data, "ex:b", "ex:age", "'300'^^xsd:byte");
  add(f->data, "ex:c", "ex:age", "'12'^^xsd:int");

  r = run(f);
  assert_int_equal(hdc_shacl_report_count(r), 2);
  assert_int_equal(count_component(r, HDC_SHACL_DATATYPE), 2);
  hdc_shacl_report_sort(r);
  assert_ptr_equal(hdc_shacl_report_get(r, 0)->focus, T(f->w, "ex:b"));
  assert_ptr_equal(hdc_shacl_report_get(r, 1)->focus, T(f->w, "ex:c"));
  hdc_shacl_report_free(r);
}

static void
test_lexical_forms_follow_xsd(void **state)
{
  static const struct
  {
    const char *dt, *lex;
    bool        ok;
  } cases[] = {
    { "boolean", "true", true },
    { "boolean", "none", false },
    { "integer", "-0012", true },
    { "integer", "1.0", false },
    { "byte", "-128", true },
    { "byte", "128", false },
    { "unsignedByte", "-1", false },
    { "nonNegativeInteger", "0", true },
    { "positiveInteger", "0", false },
    { "negativeInteger", "-1", true },
    { "decimal", "3.", true },
    { "decimal", ".5", true },
    { "decimal", "1e3", false },
    { "double", "1e3", true },
    { "double", "INF", true },
    { "double", "e3", false },
    { "date", "2024-02-29", true },
    { "date", "2023-02-29", false },
    { "date", "2024-13-01", false },
    { "date", "2024-01-01Z", true },
    { "dateTime", "2024-01-01T24:00:00", true },
    { "dateTime", "2024-01-01T10:00", false },
    { "dateTime", "2024-01-01T10:00:00.5+02:00", true },
    { "gYear", "2024", true },
    { "gYear", "24", false },
    { "gYearMonth", "2024-07", true },
    { "duration", "P1Y2MT3H", true },
    { "duration", "P", false },
    { "duration", "PT", false },
    { "duration", "P1H", false },
    { "hexBinary", "0aFF", true },
    { "hexBinary", "0aF", false },
    { "string", "anything", true },
  };
  (void)state;
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char iri[128];
    snprintf(iri, sizeof iri, HDC_NS_XSD "%s", cases[i].dt);
    if (hdc_shacl_lexical_valid(hdc_str_from(iri),
                                hdc_str_from(cases[i].lex)) != cases[i].ok)
      fail_msg("%s \"%s\" should be %s",
               cases[i].dt,
               cases[i].lex,
               cases[i].ok ? "valid" : "invalid");
  }
}

static void
test_value_range_compares_numbers_and_dates(void **state)
{
  fixture          *f = *state;
  hdc_shacl_report *r;

  add(f->shapes, "ex:S", "sh:targetSubjectsOf", "ex:n");
  add(f->shapes, "ex:S", "sh:property", "_:p");
  add(f->shapes, "_:p", "sh:path", "ex:n");
  add(f->shapes, "_:p", "sh:minInclusive", "'1.5'^^xsd:decimal");
  add(f->shapes, "ex:S", "sh:property", "_:q");
  add(f->shapes, "_:q", "sh:path", "ex:d");
  add(f->shapes, "_:q", "sh:maxExclusive", "'2020-01-01'^^xsd:date");
  add(f->data, "ex:a", "ex:n", "2");
  add(f->data, "ex:b", "ex:n", "1");
  add(f->data, "ex:c", "ex:n", "'x'");
  add(f->data, "ex:a", "ex:d", "'2019-12-31'^^xsd:date");
  add(f->data, "ex:b", "ex:d", "'2020-01-01'^^xsd:date");

  r = run(f);
  assert_int_equal(count_component(r, HDC_SHACL_MIN_INCLUSIVE), 2);
  assert_int_equal(count_component(r, HDC_SHACL_MAX_EXCLUSIVE), 1);
  hdc_shacl_report_free(r);
}

static void
test_logical_components_evaluate_members(void **state)
{
  fixture          *f = *state;
  hdc_shacl_report *r;

  /* S: values of ex:v must be (an IRI or an integer) and not ex:bad, and
   * exactly one of [in (1 2)] [in (2 3)]. */
  add(f->shapes, "ex:S", "sh:targetSubjectsOf", "ex:v");
  add(f->shapes, "ex:S", "sh:property", "_:p");
  add(f->shapes, "_:p", "sh:path", "ex:v");
  add(f->shapes, "_:p", "sh:or", "_:l");
  add_list(f->shapes, "_:l", 2, "_:iri", "_:int");
  add(f->shapes, "_:iri", "sh:nodeKind", "sh:IRI");
  add(f->shapes, "_:int", "sh:datatype", "xsd:integer");
  add(f->shapes, "_:p", "sh:not", "_:bad");
  add(f->shapes, "_:bad", "sh:hasValue", "ex:bad");
  add(f->shapes, "ex:X", "sh:targetSubjectsOf", "ex:n");
  add(f->shapes, "ex:X", "sh:property", "_:xp");
  add(f->shapes, "_:xp", "sh:path", "ex:n");
  add(f->shapes, "_:xp", "sh:xone", "_:xl");
  add_list(f->shapes, "_:xl", 2, "_:a", "_:b");
  add(f->shapes, "_:a", "sh:in", "_:al");
  add_list(f->shapes, "_:al", 2, "1", "2");
  add(f->shapes, "_:b", "sh:in", "_:bl");
  add_list(f->shapes, "_:bl", 2, "2", "3");

  add(f->data, "ex:s", "ex:v", "ex:ok");
  add(f->data, "ex:s", "ex:v", "7");
  add(f->data, "ex:s", "ex:v", "'text'");
  add(f->data, "ex:s", "ex:v", "ex:bad");
  add(f->data, "ex:s", "ex:n", "1");
  add(f->data, "ex:s", "ex:n", "2");
  add(f->data, "ex:s", "ex:n", "4");

  r = run(f);
  assert_int_equal(count_component(r, HDC_SHACL_OR), 1);
  assert_int_equal(count_component(r, HDC_SHACL_NOT), 1);
  assert_int_equal(count_component(r, HDC_SHACL_XONE), 2); /* 2 and 4 */
  assert_int_equal(hdc_shacl_report_count(r), 4);
  hdc_shacl_report_free(r);
}

static void
test_recursive_shape_terminates(void **state)
{
  fixture          *f = *state;
  hdc_shacl_report *r;

  /* A person's friends are persons, through a cycle in the data. */
  add(f->shapes, "ex:Person", "sh:targetNode", "ex:a");
  add(f->shapes, "ex:Person", "sh:property", "_:p");
  add(f->shapes, "_:p", "sh:path", "ex:friend");
  add(f->shapes, "_:p", "sh:node", "ex:Person");
  add(f->shapes, "ex:Person", "sh:property", "_:q");
  add(f->shapes, "_:q", "sh:path", "ex:name");
  add(f->shapes, "_:q", "sh:minCount", "1");
  add(f->data, "ex:a", "ex:friend", "ex:b");
  add(f->data, "ex:b", "ex:friend", "ex:a");
  add(f->data, "ex:a", "ex:name", "'A'");
  add(f->data, "ex:b", "ex:friend", "ex:c");

  r = run(f);
  /* ex:c has no name, so ex:b is not a Person, so ex:a fails sh:node. */
  assert_int_equal(hdc_shacl_report_count(r), 1);
  assert_int_equal(hdc_shacl_report_get(r, 0)->component, HDC_SHACL_NODE);
  assert_ptr_equal(hdc_shacl_report_get(r, 0)->value, T(f->w, "ex:b"));
  hdc_shacl_report_free(r);
}

static void
test_complex_paths_reach_nodes(void **state)
{
  fixture          *f = *state;
  hdc_shacl_report *r;

  /* ^ex:parent / ex:child* : count the nodes reached. */
  add(f->shapes, "ex:S", "sh:targetNode", "ex:root");
  add(f->shapes, "ex:S", "sh:property", "_:p");
  add(f->shapes, "_:p", "sh:path", "_:seq");
  add_list(f->shapes, "_:seq", 2, "_:inv", "_:star");
  add(f->shapes, "_:inv", "sh:inversePath", "ex:parent");
  add(f->shapes, "_:star", "sh:zeroOrMorePath", "ex:child");
  add(f->shapes, "_:p", "sh:maxCount", "2");
  add(f->data, "ex:k1", "ex:parent", "ex:root");
  add(f->data, "ex:k1", "ex:child", "ex:k2");
  add(f->data, "ex:k2", "ex:child", "ex:k3");
  add(f->data, "ex:k3", "ex:child", "ex:k1"); /* a cycle */

  r = run(f);
  assert_int_equal(hdc_shacl_report_count(r), 1); /* k1 k2 k3 > 2 */
  assert_int_equal(hdc_shacl_report_get(r, 0)->component, HDC_SHACL_MAX_COUNT);
  assert_ptr_equal(hdc_shacl_report_get(r, 0)->path, T(f->w, "_:seq"));
  hdc_shacl_report_free(r);
}

static void
test_closed_reports_each_extra_triple(void **state)
{
  fixture          *f = *state;
  hdc_shacl_report *r;

  add(f->shapes, "ex:S", "sh:targetNode", "ex:a");
  add(f->shapes, "ex:S", "sh:closed", "'true'^^xsd:boolean");
  add(f->shapes, "ex:S", "sh:ignoredProperties", "_:ig");
  add_list(f->shapes, "_:ig", 1, "rdf:type");
  add(f->shapes, "ex:S", "sh:property", "_:p");
  add(f->shapes, "_:p", "sh:path", "ex:ok");
  add(f->data, "ex:a", "rdf:type", "ex:C");
  add(f->data, "ex:a", "ex:ok", "1");
  add(f->data, "ex:a", "ex:extra", "2");

  r = run(f);
  assert_int_equal(hdc_shacl_report_count(r), 1);
  assert_ptr_equal(hdc_shacl_report_get(r, 0)->path, T(f->w, "ex:extra"));
  assert_ptr_equal(hdc_shacl_report_get(r, 0)->value, T(f->w, "2"));
  hdc_shacl_report_free(r);
}

static void
test_deactivated_shape_is_skipped(void **state)
{
  fixture          *f = *state;
  hdc_shacl_report *r;
  add(f->shapes, "ex:S", "sh:targetNode", "ex:a");
  add(f->shapes, "ex:S", "sh:class", "ex:Never");
  add(f->shapes, "ex:S", "sh:deactivated", "'true'^^xsd:boolean");
  r = run(f);
  assert_true(hdc_shacl_report_conforms(r));
  hdc_shacl_report_free(r);
}

static void
test_malformed_shapes_are_refused(void **state)
{
  static const char *const bad[][3] = {
    { "_:p", "sh:path", "'literal'" }, { "_:p", "sh:minCount", "'many'" },
    { "_:p", "sh:pattern", "'(['" },   { "_:p", "sh:nodeKind", "ex:Whatever" },
    { "_:p", "sh:in", "ex:notAList" }, { "_:p", "sh:class", "'C'" },
  };
  fixture *f = *state;
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    hdc_graph      *g    = hdc_graph_new(f->w);
    hdc_shacl_plan *plan = (hdc_shacl_plan *)1;
    hdc_error       err;
    hdc_error_clear(&err);
    add(g, "ex:S", "sh:targetNode", "ex:a");
    add(g, "ex:S", "sh:property", "_:p");
    if (strcmp(bad[i][1], "sh:path") != 0)
      add(g, "_:p", "sh:path", "ex:q");
    add(g, bad[i][0], bad[i][1], bad[i][2]);
    assert_int_equal(hdc_shacl_plan_compile(g, NULL, &plan, &err),
                     HDC_ERR_SYNTAX);
    assert_null(plan);
    assert_true(strlen(err.message) > 0);
    hdc_graph_free(g);
  }
}

static void
test_path_list_cycle_is_refused(void **state)
{
  fixture        *f    = *state;
  hdc_shacl_plan *plan = NULL;
  hdc_error       err;
  hdc_error_clear(&err);
  add(f->shapes, "ex:S", "sh:targetNode", "ex:a");
  add(f->shapes, "ex:S", "sh:property", "_:p");
  add(f->shapes, "_:p", "sh:path", "_:l");
  add(f->shapes, "_:l", "rdf:first", "ex:q");
  add(f->shapes, "_:l", "rdf:rest", "_:l");
  assert_int_equal(hdc_shacl_plan_compile(f->shapes, NULL, &plan, &err),
                   HDC_ERR_SYNTAX);
  assert_null(plan);
}

static void
test_pathless_property_needs_option(void **state)
{
  fixture               *f    = *state;
  hdc_shacl_plan        *plan = NULL;
  hdc_shacl_report      *r    = NULL;
  hdc_shacl_compile_opts o    = { .pathless_property_as_node = true };
  hdc_error              err;

  hdc_error_clear(&err);
  add(f->shapes, "ex:S", "sh:targetNode", "ex:a");
  add(f->shapes, "ex:S", "sh:property", "_:p");
  add(f->shapes, "_:p", "sh:class", "ex:C");
  assert_int_equal(hdc_shacl_plan_compile(f->shapes, NULL, &plan, &err),
                   HDC_ERR_SYNTAX);
  assert_non_null(strstr(err.message, "no sh:path"));
  assert_int_equal(hdc_shacl_plan_compile(f->shapes, &o, &plan, &err), HDC_OK);
  assert_int_equal(hdc_shacl_validate(plan, f->data, NULL, &r, &err), HDC_OK);
  /* Applied to the focus node itself. */
  assert_int_equal(hdc_shacl_report_count(r), 1);
  assert_ptr_equal(hdc_shacl_report_get(r, 0)->value, T(f->w, "ex:a"));
  assert_null(hdc_shacl_report_get(r, 0)->path);
  hdc_shacl_report_free(r);
  hdc_shacl_plan_free(plan);
}

static void
test_sparql_is_unsupported_but_guard_is_native(void **state)
{
  fixture               *f    = *state;
  hdc_shacl_plan        *plan = NULL;
  hdc_shacl_report      *r    = NULL;
  hdc_shacl_compile_opts o    = { .graph_guard = true };
  hdc_error              err;

  hdc_error_clear(&err);
  add(f->shapes, "ex:G", "sh:targetNode", "<urn:x-shacl:guard>");
  add(f->shapes, "ex:G", "sh:sparql", "_:q");
  add(
    f->shapes,
    "_:q",
    "sh:select",
    "'SELECT $this WHERE { FILTER NOT EXISTS { ?s rdf:type dcat:Dataset } }'");
  add(f->shapes, "_:q", "sh:message", "'no dataset'");
  assert_int_equal(hdc_shacl_plan_compile(f->shapes, NULL, &plan, &err),
                   HDC_ERR_UNSUPPORTED);
  assert_int_equal(hdc_shacl_plan_compile(f->shapes, &o, &plan, &err), HDC_OK);
  add(f->data, "ex:x", "rdf:type", "ex:Other");
  assert_int_equal(hdc_shacl_validate(plan, f->data, NULL, &r, &err), HDC_OK);
  assert_int_equal(hdc_shacl_report_count(r), 1);
  assert_int_equal(hdc_shacl_report_get(r, 0)->component, HDC_SHACL_SPARQL);
  hdc_shacl_report_free(r);
  r = NULL;
  add(f->data, "ex:d", "rdf:type", "dcat:Dataset");
  assert_int_equal(hdc_shacl_validate(plan, f->data, NULL, &r, &err), HDC_OK);
  assert_true(hdc_shacl_report_conforms(r));
  hdc_shacl_report_free(r);
  hdc_shacl_plan_free(plan);
}

static void
test_worlds_must_match(void **state)
{
  fixture          *f    = *state;
  hdc_world        *w2   = hdc_world_new();
  hdc_graph        *g2   = hdc_graph_new(w2);
  hdc_shacl_plan   *plan = NULL;
  hdc_shacl_report *r    = NULL;
  hdc_error         err;

  hdc_error_clear(&err);
  add(f->shapes, "ex:S", "sh:targetNode", "ex:a");
  assert_int_equal(hdc_shacl_plan_compile(f->shapes, NULL, &plan, &err),
                   HDC_OK);
  assert_int_equal(hdc_shacl_validate(plan, g2, NULL, &r, &err),
                   HDC_ERR_INVALID_ARG);
  assert_null(r);
  assert_int_equal(hdc_shacl_validate(NULL, f->data, NULL, &r, &err),
                   HDC_ERR_INVALID_ARG);
  hdc_shacl_plan_free(plan);
  hdc_graph_free(g2);
  hdc_world_free(w2);
}

static bool
only_a(void *ctx, const hdc_term *t)
{
  return t == ctx;
}

static void
test_focus_filter_and_result_limit(void **state)
{
  fixture                *f    = *state;
  hdc_shacl_plan         *plan = NULL;
  hdc_shacl_report       *r    = NULL;
  hdc_shacl_validate_opts o;
  hdc_error               err;

  hdc_error_clear(&err);
  add(f->shapes, "ex:S", "sh:targetClass", "ex:C");
  add(f->shapes, "ex:S", "sh:class", "ex:D");
  for (int i = 0; i < 5; i++) {
    char node[32];
    snprintf(node, sizeof node, "ex:n%d", i);
    add(f->data, node, "rdf:type", "ex:C");
  }
  assert_int_equal(hdc_shacl_plan_compile(f->shapes, NULL, &plan, &err),
                   HDC_OK);
  memset(&o, 0, sizeof o);
  o.focus_filter = only_a;
  o.focus_ctx    = (void *)(uintptr_t)T(f->w, "ex:n3");
  assert_int_equal(hdc_shacl_validate(plan, f->data, &o, &r, &err), HDC_OK);
  assert_int_equal(hdc_shacl_report_count(r), 1);
  assert_ptr_equal(hdc_shacl_report_get(r, 0)->focus, T(f->w, "ex:n3"));
  /* Appending to the same report, with a limit. */
  memset(&o, 0, sizeof o);
  o.max_results = 3;
  assert_int_equal(hdc_shacl_validate(plan, f->data, &o, &r, &err), HDC_OK);
  assert_int_equal(hdc_shacl_report_count(r), 3);
  assert_true(hdc_shacl_report_truncated(r));
  hdc_shacl_report_free(r);
  hdc_shacl_plan_free(plan);
}

static void
test_report_graph_and_json(void **state)
{
  fixture          *f = *state;
  hdc_shacl_report *r;
  hdc_graph        *g = hdc_graph_new(f->w);
  hdc_buf           b = HDC_BUF_INIT;
  hdc_error         err;

  hdc_error_clear(&err);
  add(f->shapes, "ex:S", "sh:targetNode", "ex:a");
  add(f->shapes, "ex:S", "sh:property", "_:p");
  add(f->shapes, "_:p", "sh:path", "_:inv");
  add(f->shapes, "_:inv", "sh:inversePath", "ex:q");
  add(f->shapes, "_:p", "sh:minCount", "1");
  r = run(f);
  assert_int_equal(hdc_shacl_report_to_graph(r, f->shapes, g, &err), HDC_OK);
  /* report: type, conforms, result; result: type, focus, path, shape,
   * component, severity; path copy: inversePath. */
  assert_int_equal(hdc_graph_size(g), 10);
  assert_int_equal(
    hdc_graph_count(g, NULL, T(f->w, "sh:inversePath"), T(f->w, "ex:q")), 1);
  assert_int_equal(
    hdc_shacl_report_write_json(r, f->shapes, hdc_sink_buf, &b, &err), HDC_OK);
  assert_non_null(strstr(b.ptr, "\"conforms\": false"));
  assert_non_null(strstr(b.ptr, "\"resultPath\": \"^<" EX "q>\""));
  assert_non_null(strstr(b.ptr, "MinCountConstraintComponent"));
  hdc_buf_clear(&b);
  hdc_graph_free(g);
  hdc_shacl_report_free(r);
}

static void
test_out_of_memory_fails_cleanly(void **state)
{
  fixture *f    = *state;
  bool     done = false;

  add(f->shapes, "ex:S", "sh:targetClass", "ex:C");
  add(f->shapes, "ex:S", "sh:property", "_:p");
  add(f->shapes, "_:p", "sh:path", "ex:v");
  add(f->shapes, "_:p", "sh:or", "_:l");
  add_list(f->shapes, "_:l", 2, "_:a", "_:b");
  add(f->shapes, "_:a", "sh:datatype", "xsd:integer");
  add(f->shapes, "_:b", "sh:pattern", "'^x'");
  add(f->data, "ex:n", "rdf:type", "ex:C");
  add(f->data, "ex:n", "ex:v", "'y'");
  assert_int_equal(hdc_graph_index(f->shapes), HDC_OK);
  assert_int_equal(hdc_graph_index(f->data), HDC_OK);
  for (long n = 0; n < 10000 && !done; n++) {
    hdc_shacl_plan   *plan = NULL;
    hdc_shacl_report *r    = NULL;
    hdc_graph        *g    = hdc_graph_new(f->w);
    hdc_status        st;
    hdc_alloc_fail_after(n);
    st = hdc_shacl_plan_compile(f->shapes, NULL, &plan, NULL);
    if (!st)
      st = hdc_shacl_validate(plan, f->data, NULL, &r, NULL);
    if (!st && g)
      st = hdc_shacl_report_to_graph(r, f->shapes, g, NULL);
    hdc_alloc_fail_after(-1);
    if (st == HDC_OK && g) {
      assert_int_equal(hdc_shacl_report_count(r), 1);
      done = true;
    } else if (g) {
      assert_int_equal(st, HDC_ERR_NOMEM);
    }
    hdc_graph_free(g);
    hdc_shacl_report_free(r);
    hdc_shacl_plan_free(plan);
  }
  assert_true(done);
}

/* The reference order of hdc_shacl_report_sort(): focus, violations
 * first, path, component, value, shape, by term content (NULL first). */
static int
ref_cmp(const hdc_shacl_result *a, const hdc_shacl_result *b)
{
  int c;
  if ((c = hdc_term_compare(a->focus, b->focus)))
    return c;
  if (a->level != b->level)
    return a->level > b->level ? -1 : 1;
  if ((c = hdc_term_compare(a->path, b->path)))
    return c;
  if (a->component != b->component)
    return a->component < b->component ? -1 : 1;
  if ((c = hdc_term_compare(a->value, b->value)))
    return c;
  return hdc_term_compare(a->shape, b->shape);
}

/* A report of n results drawn from a few terms of every kind, so that
 * many results tie; each note holds the result's position when added. */
static hdc_shacl_report *
random_report(hdc_world *w, size_t n, unsigned seed)
{
  static const char *const pool[] = {
    "ex:b",
    "ex:a",
    "ex:ab",
    "_:x",
    "_:a",
    "'a'",
    "'a'@en",
    "'a'@fr",
    "'a'^^xsd:int",
    "'10'",
    "'9'^^xsd:integer",
    "<urn:z>",
    "sh:Violation",
    "sh:Warning",
  };
  const size_t      np = sizeof pool / sizeof pool[0];
  hdc_shacl_report *r  = hdc_shacl_report_new();
  uint64_t          x  = seed * 2654435761u + 1;
  assert_non_null(r);
  for (size_t i = 0; i < n; i++) {
    hdc_shacl_result res;
    char             note[32];
    memset(&res, 0, sizeof res);
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    res.focus     = T(w, pool[x % 4]); /* IRIs and blank nodes */
    res.level     = (hdc_shacl_level)(x >> 8 & 3) % 3;
    res.path      = (x >> 10 & 3) ? T(w, pool[(x >> 12) % 4]) : NULL;
    res.component = (hdc_shacl_component)((x >> 16) % 3);
    res.value     = (x >> 20 & 3) ? T(w, pool[(x >> 24) % np]) : NULL;
    res.shape     = T(w, pool[(x >> 32) % 5]);
    res.severity  = T(w, "sh:Violation");
    snprintf(note, sizeof note, "%zu", i);
    res.note = note;
    assert_int_equal(hdc_shacl_report_add(r, &res), HDC_OK);
  }
  return r;
}

/* In the reference order, and results that tie keep the order they were
 * added in. */
static void
assert_sorted_stable(const hdc_shacl_report *r, size_t n)
{
  assert_int_equal(hdc_shacl_report_count(r), n);
  for (size_t i = 1; i < n; i++) {
    const hdc_shacl_result *a = hdc_shacl_report_get(r, i - 1);
    const hdc_shacl_result *b = hdc_shacl_report_get(r, i);
    int                     c = ref_cmp(a, b);
    assert_true(c <= 0);
    if (c == 0)
      assert_true(strtoul(a->note, NULL, 10) < strtoul(b->note, NULL, 10));
  }
}

static void
test_report_sort_by_content_stable(void **state)
{
  fixture *f = *state;
  for (unsigned seed = 1; seed <= 20; seed++) {
    size_t            n = seed * 97;
    hdc_shacl_report *r = random_report(f->w, n, seed);
    hdc_shacl_report_sort(r);
    assert_sorted_stable(r, n);
    /* Sorting again changes nothing. */
    hdc_shacl_report_sort(r);
    assert_sorted_stable(r, n);
    hdc_shacl_report_free(r);
  }
  /* Nothing to sort. */
  hdc_shacl_report_sort(NULL);
  hdc_shacl_report *r = hdc_shacl_report_new();
  assert_non_null(r);
  hdc_shacl_report_sort(r);
  assert_int_equal(hdc_shacl_report_count(r), 0);
  hdc_shacl_report_free(r);
}

/* Short of memory at any point, the sort still sorts (by comparing the
 * terms themselves). */
static void
test_report_sort_out_of_memory_still_sorts(void **state)
{
  fixture *f = *state;
  size_t   n = 3000;
  for (long k = 0; k < 8; k++) {
    hdc_shacl_report *r = random_report(f->w, n, 7);
    hdc_alloc_fail_after(k);
    hdc_shacl_report_sort(r);
    hdc_alloc_fail_after(-1);
    assert_sorted_stable(r, n);
    hdc_shacl_report_free(r);
  }
}

/* A node shape whose property shapes mostly have predicate paths (two on
 * the same predicate, one inverse path among them) finds every shape's
 * values in one walk over the focus node's triples; each shape must still
 * see exactly its own values, in report and in check mode. */
static void
test_predicate_properties_see_own_values(void **state)
{
  fixture          *f = *state;
  hdc_shacl_report *r;

  add(f->shapes, "ex:S", "rdf:type", "sh:NodeShape");
  add(f->shapes, "ex:S", "sh:targetClass", "ex:C");
  add(f->shapes, "ex:S", "sh:property", "_:p1");
  add(f->shapes, "_:p1", "sh:path", "ex:a");
  add(f->shapes, "_:p1", "sh:maxCount", "1");
  add(f->shapes, "ex:S", "sh:property", "_:p2");
  add(f->shapes, "_:p2", "sh:path", "ex:a");
  add(f->shapes, "_:p2", "sh:datatype", "xsd:integer");
  add(f->shapes, "ex:S", "sh:property", "_:p3");
  add(f->shapes, "_:p3", "sh:path", "ex:b");
  add(f->shapes, "_:p3", "sh:minCount", "1");
  add(f->shapes, "ex:S", "sh:property", "_:p4");
  add(f->shapes, "_:p4", "sh:path", "_:inv");
  add(f->shapes, "_:inv", "sh:inversePath", "ex:r");
  add(f->shapes, "_:p4", "sh:minCount", "1");
  add(f->shapes, "ex:S", "sh:property", "_:p5");
  add(f->shapes, "_:p5", "sh:path", "ex:z");
  add(f->shapes, "_:p5", "sh:class", "ex:K");
  /* The same shape in check mode, through sh:node. */
  add(f->shapes, "ex:T", "rdf:type", "sh:NodeShape");
  add(f->shapes, "ex:T", "sh:targetNode", "ex:holder");
  add(f->shapes, "ex:T", "sh:property", "_:t1");
  add(f->shapes, "_:t1", "sh:path", "ex:link");
  add(f->shapes, "_:t1", "sh:node", "ex:S");
  add(f->shapes, "ex:T", "sh:property", "_:t2");
  add(f->shapes, "_:t2", "sh:path", "ex:other");
  add(f->shapes, "_:t2", "sh:maxCount", "0");

  add(f->data, "ex:x1", "rdf:type", "ex:C");
  add(f->data, "ex:x1", "ex:a", "'foo'");
  add(f->data, "ex:x1", "ex:a", "7");
  add(f->data, "ex:x1", "ex:z", "ex:v");
  add(f->data, "ex:x2", "rdf:type", "ex:C");
  add(f->data, "ex:x2", "ex:a", "5");
  add(f->data, "ex:x2", "ex:b", "'b'");
  add(f->data, "ex:x2", "ex:z", "ex:k");
  add(f->data, "ex:k", "rdf:type", "ex:K");
  add(f->data, "ex:q", "ex:r", "ex:x2");
  add(f->data, "ex:holder", "ex:link", "ex:x1");
  add(f->data, "ex:holder", "ex:link", "ex:x2");

  r = run(f);
  assert_int_equal(count_component(r, HDC_SHACL_MAX_COUNT), 1);
  assert_int_equal(count_component(r, HDC_SHACL_DATATYPE), 1);
  assert_int_equal(count_component(r, HDC_SHACL_MIN_COUNT), 2);
  assert_int_equal(count_component(r, HDC_SHACL_CLASS), 1);
  assert_int_equal(count_component(r, HDC_SHACL_NODE), 1);
  assert_int_equal(hdc_shacl_report_count(r), 6);
  for (size_t i = 0; i < hdc_shacl_report_count(r); i++) {
    const hdc_shacl_result *res = hdc_shacl_report_get(r, i);
    if (res->component == HDC_SHACL_NODE) {
      assert_ptr_equal(res->focus, T(f->w, "ex:holder"));
      assert_ptr_equal(res->value, T(f->w, "ex:x1"));
    } else {
      assert_ptr_equal(res->focus, T(f->w, "ex:x1"));
    }
    if (res->component == HDC_SHACL_DATATYPE)
      assert_ptr_equal(res->value, T(f->w, "'foo'"));
    if (res->component == HDC_SHACL_CLASS)
      assert_ptr_equal(res->value, T(f->w, "ex:v"));
  }
  hdc_shacl_report_free(r);
}

/* Most components hold for an empty set of value nodes and are skipped
 * then; those that do not (hasValue, equals, qualifiedMinCount, minCount)
 * must still fail. */
static void
test_empty_values_fail_only_where_required(void **state)
{
  fixture          *f = *state;
  hdc_shacl_report *r;

  add(f->shapes, "ex:S", "rdf:type", "sh:NodeShape");
  add(f->shapes, "ex:S", "sh:targetNode", "ex:x");
  add(f->shapes, "ex:S", "sh:property", "_:p");
  add(f->shapes, "_:p", "sh:path", "ex:none");
  add(f->shapes, "_:p", "sh:hasValue", "ex:v");
  add(f->shapes, "_:p", "sh:equals", "ex:other");
  add(f->shapes, "_:p", "sh:qualifiedValueShape", "_:q");
  add(f->shapes, "_:q", "sh:class", "ex:K");
  add(f->shapes, "_:p", "sh:qualifiedMinCount", "1");
  add(f->shapes, "_:p", "sh:minCount", "2");
  add(f->shapes, "_:p", "sh:maxCount", "0");
  add(f->shapes, "_:p", "sh:class", "ex:K");
  add(f->shapes, "_:p", "sh:datatype", "xsd:string");
  add(f->shapes, "_:p", "sh:disjoint", "ex:other");
  add_list(f->shapes, "_:in", 1, "ex:v");
  add(f->shapes, "_:p", "sh:in", "_:in");
  add(f->data, "ex:x", "ex:other", "ex:w");

  r = run(f);
  assert_int_equal(count_component(r, HDC_SHACL_HAS_VALUE), 1);
  assert_int_equal(count_component(r, HDC_SHACL_EQUALS), 1);
  assert_int_equal(count_component(r, HDC_SHACL_QUALIFIED_MIN_COUNT), 1);
  assert_int_equal(count_component(r, HDC_SHACL_MIN_COUNT), 1);
  assert_int_equal(hdc_shacl_report_count(r), 4);
  hdc_shacl_report_free(r);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_free_null_is_noop),
    cmocka_unit_test_setup_teardown(
      test_min_count_result_has_every_field, setup, teardown),
    cmocka_unit_test_setup_teardown(
      test_class_follows_subclass_in_data, setup, teardown),
    cmocka_unit_test_setup_teardown(
      test_datatype_rejects_ill_formed_lexical, setup, teardown),
    cmocka_unit_test(test_lexical_forms_follow_xsd),
    cmocka_unit_test_setup_teardown(
      test_value_range_compares_numbers_and_dates, setup, teardown),
    cmocka_unit_test_setup_teardown(
      test_logical_components_evaluate_members, setup, teardown),
    cmocka_unit_test_setup_teardown(
      test_recursive_shape_terminates, setup, teardown),
    cmocka_unit_test_setup_teardown(
      test_complex_paths_reach_nodes, setup, teardown),
    cmocka_unit_test_setup_teardown(
      test_closed_reports_each_extra_triple, setup, teardown),
    cmocka_unit_test_setup_teardown(
      test_deactivated_shape_is_skipped, setup, teardown),
    cmocka_unit_test_setup_teardown(
      test_malformed_shapes_are_refused, setup, teardown),
    cmocka_unit_test_setup_teardown(
      test_path_list_cycle_is_refused, setup, teardown),
    cmocka_unit_test_setup_teardown(
      test_pathless_property_needs_option, setup, teardown),
    cmocka_unit_test_setup_teardown(
      test_sparql_is_unsupported_but_guard_is_native, setup, teardown),
    cmocka_unit_test_setup_teardown(test_worlds_must_match, setup, teardown),
    cmocka_unit_test_setup_teardown(
      test_focus_filter_and_result_limit, setup, teardown),
    cmocka_unit_test_setup_teardown(
      test_report_graph_and_json, setup, teardown),
    cmocka_unit_test_setup_teardown(
      test_out_of_memory_fails_cleanly, setup, teardown),
    cmocka_unit_test_setup_teardown(
      test_report_sort_by_content_stable, setup, teardown),
    cmocka_unit_test_setup_teardown(
      test_report_sort_out_of_memory_still_sorts, setup, teardown),
    cmocka_unit_test_setup_teardown(
      test_predicate_properties_see_own_values, setup, teardown),
    cmocka_unit_test_setup_teardown(
      test_empty_values_fail_only_where_required, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
