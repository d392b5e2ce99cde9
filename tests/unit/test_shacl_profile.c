// SPDX-License-Identifier: EUPL-1.2
/*
 * Unit tests of the HealthDCAT-AP / DCAT-AP profiles and of the reports for
 * people: loading the shipped shapes (imports resolved locally, shapes
 * merged), the per-access-level choice, the graph guard, the filtering of
 * vocabulary defects, codelist notes, and the French and English text.
 * The shipped schemas are found beside the project's fixtures folder; the
 * official examples come from the shared reference material when present.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "hdcat/core.h"
#include "hdcat/graph.h"
#include "hdcat/rdf.h"
#include "hdcat/shacl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The project's schemas/ folder: fixtures/ and schemas/ are siblings. */
#define SCHEMAS HDC_FIXTURES "/../schemas"
#define ARCA HDC_SHARED_DIR "/fixtures/examples/healthdcat-ap-r8/ARCA.ttl"
#define ACCESS "http://publications.europa.eu/resource/authority/access-right/"

typedef struct fixture
{
  hdc_world         *w;
  hdc_shacl_profile *full, *core;
} fixture;

static int
setup(void **state)
{
  fixture  *f = calloc(1, sizeof *f);
  hdc_error err;
  hdc_error_clear(&err);
  if (!f)
    return -1;
  f->w = hdc_world_new();
  if (!f->w)
    return -1;
  if (hdc_shacl_profile_load(
        f->w, SCHEMAS, HDC_SHACL_PROFILE_HEALTHDCAT_AP, &f->full, &err) ||
      hdc_shacl_profile_load(
        f->w, SCHEMAS, HDC_SHACL_PROFILE_HEALTHDCAT_AP_CORE, &f->core, &err)) {
    fprintf(stderr, "profile: %s\n", err.message);
    return -1;
  }
  *state = f;
  return 0;
}

static int
teardown(void **state)
{
  fixture *f = *state;
  hdc_shacl_profile_free(f->full);
  hdc_shacl_profile_free(f->core);
  hdc_world_free(f->w);
  free(f);
  return 0;
}

static const hdc_term *
iri(hdc_world *w, const char *z)
{
  return hdc_world_iri(w, hdc_str_from(z));
}

static hdc_graph *
parse_turtle(hdc_world *w, const char *text)
{
  hdc_graph     *g = hdc_graph_new(w);
  hdc_parse_opts o;
  hdc_error      err;
  memset(&o, 0, sizeof o);
  o.format = HDC_FORMAT_TURTLE;
  o.source = "test";
  hdc_error_clear(&err);
  assert_non_null(g);
  if (hdc_rdf_parse(text, strlen(text), &o, g, &err))
    fail_msg("parse: %s", err.message);
  return g;
}

static size_t
count_results(const hdc_shacl_report *r,
              const hdc_term         *focus,
              const hdc_term         *path,
              hdc_shacl_component     comp)
{
  size_t n = 0;
  for (size_t i = 0; i < hdc_shacl_report_count(r); i++) {
    const hdc_shacl_result *res = hdc_shacl_report_get(r, i);
    if ((!focus || res->focus == focus) && (!path || res->path == path) &&
        res->component == comp)
      n++;
  }
  return n;
}

#define PREFIXES                                                               \
  "@prefix dcat: <http://www.w3.org/ns/dcat#> .\n"                             \
  "@prefix dct: <http://purl.org/dc/terms/> .\n"                               \
  "@prefix ex: <http://example.org/> .\n"

static const char minimal[] =
  PREFIXES "ex:d a dcat:Dataset ; dct:title \"T\"@en ;\n"
           "  dct:accessRights <" ACCESS "NON_PUBLIC> .\n"
           "ex:e a dcat:Dataset ; dct:title \"U\"@en .\n"
           "ex:f a dcat:Dataset ; dct:accessRights <" ACCESS "SECRET> .\n";

/* ------------------------------------------------------------------------ */

static void
test_profile_names_round_trip(void **state)
{
  hdc_shacl_profile_kind k;
  hdc_error              err;
  (void)state;
  hdc_error_clear(&err);
  for (int i = 0; i <= HDC_SHACL_PROFILE_DCAT_AP_3; i++) {
    assert_int_equal(
      hdc_shacl_profile_from_name(
        hdc_shacl_profile_name((hdc_shacl_profile_kind)i), &k, &err),
      HDC_OK);
    assert_int_equal(k, i);
  }
  assert_int_equal(hdc_shacl_profile_from_name("healthdcat", &k, &err),
                   HDC_ERR_NOT_FOUND);
  assert_non_null(strstr(err.message, "healthdcat-ap-core"));
}

static void
test_profile_missing_dir_is_an_error(void **state)
{
  hdc_world         *w = hdc_world_new();
  hdc_shacl_profile *p = (hdc_shacl_profile *)1;
  hdc_error          err;
  (void)state;
  hdc_error_clear(&err);
  assert_int_not_equal(
    hdc_shacl_profile_load(
      w, SCHEMAS "/nowhere", HDC_SHACL_PROFILE_DCAT_AP_3, &p, &err),
    HDC_OK);
  assert_null(p);
  assert_true(strlen(err.message) > 0);
  hdc_world_free(w);
}

static void
test_profile_levels_merge_imported_shapes(void **state)
{
  fixture         *f    = *state;
  const hdc_graph *pub  = hdc_shacl_profile_shapes(f->full, "PUBLIC");
  const hdc_term  *ds   = iri(f->w,
                           "https://semiceu.github.io/DCAT-AP/releases/3.0.0/"
                              "html/shacl/shapes.ttl#Dataset_Shape");
  const hdc_term  *prop = iri(f->w, "http://www.w3.org/ns/shacl#property");

  assert_non_null(hdc_shacl_profile_plan(f->full, "PUBLIC"));
  assert_non_null(hdc_shacl_profile_plan(f->full, "RESTRICTED"));
  assert_non_null(hdc_shacl_profile_plan(f->full, "NON_PUBLIC"));
  assert_null(hdc_shacl_profile_plan(f->full, "SECRET"));
  /* HealthDCAT-AP's and DCAT-AP's Dataset_Shape are one node: the imported
   * DCAT-AP file contributes its properties to the same shape. */
  assert_true(hdc_graph_count(pub, ds, prop, NULL) > 40);
  assert_true(hdc_graph_size(hdc_shacl_profile_vocabularies(f->full)) > 20000);
  assert_true(
    hdc_shacl_plan_shape_count(hdc_shacl_profile_plan(f->full, "NON_PUBLIC")) >
    hdc_shacl_plan_shape_count(hdc_shacl_profile_plan(f->core, "NON_PUBLIC")));
}

static void
test_profile_checks_each_dataset_at_its_level(void **state)
{
  fixture          *f = *state;
  hdc_graph        *g = parse_turtle(f->w, minimal);
  hdc_shacl_report *r = NULL;
  hdc_error         err;
  size_t            before = hdc_graph_size(g);
  const hdc_term   *ar     = iri(f->w, "http://purl.org/dc/terms/accessRights");
  const hdc_term   *kw     = iri(f->w, "http://www.w3.org/ns/dcat#keyword");

  hdc_error_clear(&err);
  assert_int_equal(hdc_shacl_profile_validate(f->core, g, &r, &err), HDC_OK);
  /* The data is left with exactly its own triples. */
  assert_int_equal(hdc_graph_size(g), before);
  /* ex:e has no access rights, ex:f an unknown one. */
  assert_int_equal(
    count_results(
      r, iri(f->w, "http://example.org/e"), ar, HDC_SHACL_MIN_COUNT),
    2); /* ours + the shapes' */
  assert_int_equal(
    count_results(r, iri(f->w, "http://example.org/f"), ar, HDC_SHACL_IN), 1);
  /* dcat:keyword is mandatory (a Violation) at NON_PUBLIC only: ex:d is
   * NON_PUBLIC, ex:e is checked at PUBLIC where it is only recommended
   * (a Warning, which DCAT-AP's recommendations add at every level). */
  {
    size_t d_violation = 0, e_violation = 0, e_warning = 0;
    for (size_t i = 0; i < hdc_shacl_report_count(r); i++) {
      const hdc_shacl_result *res = hdc_shacl_report_get(r, i);
      if (res->path != kw || res->component != HDC_SHACL_MIN_COUNT)
        continue;
      if (res->focus == iri(f->w, "http://example.org/d"))
        d_violation += res->level == HDC_SHACL_VIOLATION;
      if (res->focus == iri(f->w, "http://example.org/e")) {
        e_violation += res->level == HDC_SHACL_VIOLATION;
        e_warning += res->level == HDC_SHACL_WARNING;
      }
    }
    assert_int_equal(d_violation, 1);
    assert_int_equal(e_violation, 0);
    assert_true(e_warning >= 1);
  }
  assert_true(hdc_shacl_report_count_level(r, HDC_SHACL_VIOLATION) > 10);
  /* No result is about a vocabulary concept (not submitted data). */
  for (size_t i = 0; i < hdc_shacl_report_count(r); i++)
    assert_true(
      hdc_graph_count(g, hdc_shacl_report_get(r, i)->focus, NULL, NULL) > 0);
  hdc_shacl_report_free(r);
  hdc_graph_free(g);
}

static void
test_profile_graph_guard_needs_a_dataset(void **state)
{
  fixture          *f = *state;
  hdc_graph        *g = parse_turtle(f->w, PREFIXES "ex:c a dcat:Catalog .\n");
  hdc_shacl_report *r = NULL;
  hdc_error         err;

  hdc_error_clear(&err);
  assert_int_equal(hdc_shacl_profile_validate(f->full, g, &r, &err), HDC_OK);
  assert_int_equal(count_results(r, NULL, NULL, HDC_SHACL_SPARQL), 1);
  /* The catalogue is held to the Catalog rules, not the Dataset ones. */
  assert_true(count_results(r,
                            iri(f->w, "http://example.org/c"),
                            iri(f->w, "http://purl.org/dc/terms/title"),
                            HDC_SHACL_MIN_COUNT) == 1);
  assert_int_equal(
    count_results(r,
                  iri(f->w, "http://example.org/c"),
                  iri(f->w, "http://healthdataportal.eu/ns/health#hdab"),
                  HDC_SHACL_MIN_COUNT),
    0);
  hdc_shacl_report_free(r);
  hdc_graph_free(g);
}

static void
test_profile_text_report_in_both_languages(void **state)
{
  fixture          *f  = *state;
  hdc_graph        *g  = parse_turtle(f->w, minimal);
  hdc_shacl_report *r  = NULL;
  hdc_buf           en = HDC_BUF_INIT, fr = HDC_BUF_INIT, js = HDC_BUF_INIT;
  hdc_error         err;
  const hdc_graph  *shapes = hdc_shacl_profile_shapes(f->core, NULL);

  hdc_error_clear(&err);
  assert_int_equal(hdc_shacl_profile_validate(f->core, g, &r, &err), HDC_OK);
  assert_int_equal(
    hdc_shacl_report_write_text(r, g, shapes, "en", hdc_sink_buf, &en, &err),
    HDC_OK);
  assert_int_equal(
    hdc_shacl_report_write_text(r, g, shapes, "fr", hdc_sink_buf, &fr, &err),
    HDC_OK);
  assert_non_null(strstr(en.ptr, "Dataset ex:d")
                    ? en.ptr
                    : strstr(en.ptr, "Dataset <http://example.org/d>"));
  assert_non_null(strstr(en.ptr, "Violations ("));
  assert_non_null(strstr(en.ptr, "fix: add dcat:keyword"));
  assert_non_null(strstr(en.ptr, "Does not conform:"));
  assert_non_null(strstr(fr.ptr, "Jeu de données"));
  assert_non_null(strstr(fr.ptr, "correction : ajoutez dcat:keyword"));
  assert_non_null(strstr(fr.ptr, "Non conforme"));
  assert_int_equal(
    hdc_shacl_report_write_json(r, shapes, hdc_sink_buf, &js, &err), HDC_OK);
  assert_non_null(strstr(js.ptr, "\"conforms\": false"));
  hdc_buf_clear(&en);
  hdc_buf_clear(&fr);
  hdc_buf_clear(&js);
  hdc_shacl_report_free(r);
  hdc_graph_free(g);
}

static void
test_profile_arca_conforms_except_unshipped_codelists(void **state)
{
  fixture          *f = *state;
  hdc_graph        *g = hdc_graph_new(f->w);
  hdc_shacl_report *r = NULL;
  hdc_error         err;
  FILE             *probe = fopen(ARCA, "r");

  if (!probe) {
    hdc_graph_free(g);
    skip();
  }
  fclose(probe);
  hdc_error_clear(&err);
  assert_int_equal(hdc_rdf_parse_file(ARCA, NULL, g, &err), HDC_OK);
  /* Without codelists: warnings only. */
  assert_int_equal(hdc_shacl_profile_validate(f->core, g, &r, &err), HDC_OK);
  assert_int_equal(hdc_shacl_report_count_level(r, HDC_SHACL_VIOLATION), 0);
  assert_true(hdc_shacl_report_count_level(r, HDC_SHACL_WARNING) > 0);
  hdc_shacl_report_free(r);
  r = NULL;
  /* With codelists: every violation is a codelist check whose note names
   * a vocabulary hdcat does not ship. */
  assert_int_equal(hdc_shacl_profile_validate(f->full, g, &r, &err), HDC_OK);
  assert_true(hdc_shacl_report_count_level(r, HDC_SHACL_VIOLATION) > 0);
  for (size_t i = 0; i < hdc_shacl_report_count(r); i++) {
    const hdc_shacl_result *res = hdc_shacl_report_get(r, i);
    if (res->level != HDC_SHACL_VIOLATION)
      continue;
    assert_int_equal(res->component, HDC_SHACL_NODE);
    assert_non_null(res->note);
    assert_non_null(strstr(res->note, "does not ship"));
  }
  hdc_shacl_report_free(r);
  hdc_graph_free(g);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_profile_names_round_trip),
    cmocka_unit_test(test_profile_missing_dir_is_an_error),
    cmocka_unit_test(test_profile_levels_merge_imported_shapes),
    cmocka_unit_test(test_profile_checks_each_dataset_at_its_level),
    cmocka_unit_test(test_profile_graph_guard_needs_a_dataset),
    cmocka_unit_test(test_profile_text_report_in_both_languages),
    cmocka_unit_test(test_profile_arca_conforms_except_unshipped_codelists),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
