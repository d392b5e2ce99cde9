// SPDX-License-Identifier: EUPL-1.2
/*
 * Unit tests of how the profile validator brings the vocabularies into a
 * data graph: a graph smaller than the vocabularies gets only the
 * vocabulary triples its terms reach, a bigger one gets them all, and both
 * must give the same report. Each description of the demo catalogue, the
 * official examples and a few hand-written records (class and codelist
 * checks that need the vocabularies, a wrong concept, a concept of the
 * wrong scheme) is validated alone, then again with enough unrelated
 * triples added to take the whole-vocabulary path; the sorted JSON reports
 * must be identical.
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

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCHEMAS HDC_FIXTURES "/../schemas"
#define DEMO HDC_FIXTURES "/demo/datasets"
#define EXAMPLES HDC_FIXTURES "/examples/healthdcat-ap-r8"
/* More triples than the shipped vocabularies hold (about 23,000). */
#define FILLER 40000

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
  if (!f || !(f->w = hdc_world_new()))
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

/* The sorted JSON report of @p g against @p p, into @p out. */
static void
report_json(const hdc_shacl_profile *p, hdc_graph *g, hdc_buf *out)
{
  hdc_shacl_report *rep = NULL;
  hdc_error         err;
  hdc_error_clear(&err);
  assert_int_equal(hdc_shacl_profile_validate(p, g, &rep, &err), HDC_OK);
  hdc_shacl_report_sort(rep);
  assert_int_equal(
    hdc_shacl_report_write_json(
      rep, hdc_shacl_profile_shapes(p, NULL), hdc_sink_buf, out, &err),
    HDC_OK);
  hdc_shacl_report_free(rep);
}

/* Add @p n triples about untyped nodes no shape targets. */
static void
add_filler(hdc_world *w, hdc_graph *g, size_t n)
{
  const hdc_term *p = hdc_world_iri(w, HDC_STR("urn:x-filler:p"));
  for (size_t i = 0; i < n; i++) {
    char s[64], o[32];
    snprintf(s, sizeof s, "urn:x-filler:%zu", i);
    snprintf(o, sizeof o, "%zu", i);
    const hdc_term *st = hdc_world_iri(w, hdc_str_from(s));
    const hdc_term *ot =
      hdc_world_literal(w, hdc_str_from(o), NULL, HDC_STR_NULL);
    assert_non_null(st);
    assert_non_null(ot);
    assert_int_equal(hdc_graph_add(g, st, p, ot), HDC_OK);
  }
}

/* Check that @p g (parsed, small) gets the same report from @p p alone and
 * grown past the vocabularies' size. */
static void
check_same(fixture                 *f,
           const hdc_shacl_profile *p,
           hdc_graph               *g,
           const char              *what)
{
  hdc_buf small = HDC_BUF_INIT, big = HDC_BUF_INIT;
  assert_true(hdc_graph_size(g) < FILLER / 2);
  report_json(p, g, &small);
  add_filler(f->w, g, FILLER);
  report_json(p, g, &big);
  if (small.len != big.len || memcmp(small.ptr, big.ptr, small.len))
    fail_msg("%s: the report differs with the whole vocabulary merged\n"
             "alone:\n%.*s\nwhole:\n%.*s",
             what,
             (int)small.len,
             small.ptr,
             (int)big.len,
             big.ptr);
  hdc_buf_clear(&small);
  hdc_buf_clear(&big);
}

static hdc_graph *
parse_file(hdc_world *w, const char *path)
{
  hdc_graph     *g = hdc_graph_new(w);
  hdc_parse_opts o;
  hdc_error      err;
  memset(&o, 0, sizeof o);
  o.format = HDC_FORMAT_UNKNOWN;
  o.source = path;
  hdc_error_clear(&err);
  assert_non_null(g);
  if (hdc_rdf_parse_file(path, &o, g, &err))
    fail_msg("parse %s: %s", path, err.message);
  return g;
}

/* Every .ttl file of @p dir; returns how many were checked. */
static size_t
check_dir(fixture *f, const hdc_shacl_profile *p, const char *dir)
{
  DIR   *d = opendir(dir);
  size_t n = 0;
  if (!d)
    return 0;
  for (struct dirent *e; (e = readdir(d));) {
    size_t len = strlen(e->d_name);
    if (len < 5 || strcmp(e->d_name + len - 4, ".ttl"))
      continue;
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    hdc_graph *g = parse_file(f->w, path);
    check_same(f, p, g, path);
    hdc_graph_free(g);
    n++;
  }
  closedir(d);
  return n;
}

/* ------------------------------------------------------------------------ */

static void
test_vocab_merge_demo_catalogue_same_reports(void **state)
{
  fixture *f = *state;
  assert_true(check_dir(f, f->full, DEMO) >= 40);
}

static void
test_vocab_merge_examples_same_reports(void **state)
{
  fixture *f = *state;
  /* Skipped, not failed, where the examples are not checked out. */
  size_t n = check_dir(f, f->full, EXAMPLES);
  n += check_dir(f, f->core, EXAMPLES);
  if (!n)
    skip();
}

#define PREFIXES                                                               \
  "@prefix dcat: <http://www.w3.org/ns/dcat#> .\n"                             \
  "@prefix dct: <http://purl.org/dc/terms/> .\n"                               \
  "@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n"                             \
  "@prefix h: <http://healthdataportal.eu/ns/health#> .\n"                     \
  "@prefix ar: <http://publications.europa.eu/resource/authority/"             \
  "access-right/> .\n"                                                         \
  "@prefix ft: <http://publications.europa.eu/resource/authority/"             \
  "file-type/> .\n"                                                            \
  "@prefix th: <http://publications.europa.eu/resource/authority/"             \
  "data-theme/> .\n"                                                           \
  "@prefix hc: <https://hdeu-dcat.data.health.europa.eu/resource/"             \
  "authority/healthcategories/> .\n"                                           \
  "@prefix ex: <http://example.org/> .\n"

/* Concepts the vocabularies know, one they do not, and concepts used
 * where another scheme's are expected. */
static const char records[] = PREFIXES
  "ex:a a dcat:Dataset ; dct:title \"A\"@en ; dct:description \"A\"@en ;\n"
  "  dct:accessRights ar:PUBLIC ; dcat:theme th:HEAL ;\n"
  "  h:healthCategory hc:EHRS ; dct:publisher ex:org ;\n"
  "  dcat:distribution [ a dcat:Distribution ; dct:format ft:CSV ;\n"
  "    dcat:accessURL <http://example.org/a.csv> ] .\n"
  "ex:b a dcat:Dataset ; dct:title \"B\"@en ; dct:description \"B\"@en ;\n"
  "  dct:accessRights ar:NON_PUBLIC ; dcat:theme th:NO_SUCH_THEME ;\n"
  "  h:healthCategory ft:CSV ; dct:publisher ex:org ;\n"
  "  dcat:distribution [ a dcat:Distribution ; dct:format th:HEAL ;\n"
  "    dcat:accessURL <http://example.org/b.csv> ] .\n"
  "ex:c a dcat:Dataset ; dct:title \"C\"@en ;\n"
  "  dct:accessRights ar:RESTRICTED ; dct:accessRights ar:PUBLIC .\n"
  "ex:org a foaf:Agent ; foaf:name \"Org\" ; dct:type ar:PUBLIC .\n";

static void
test_vocab_merge_codelist_and_class_checks_same_reports(void **state)
{
  fixture                 *f           = *state;
  const hdc_shacl_profile *profiles[2] = { f->full, f->core };
  for (size_t i = 0; i < 2; i++) {
    hdc_graph     *g = hdc_graph_new(f->w);
    hdc_parse_opts o;
    hdc_error      err;
    memset(&o, 0, sizeof o);
    o.format = HDC_FORMAT_TURTLE;
    o.source = "records";
    hdc_error_clear(&err);
    assert_non_null(g);
    assert_int_equal(hdc_rdf_parse(records, strlen(records), &o, g, &err),
                     HDC_OK);
    check_same(f, profiles[i], g, "records");
    hdc_graph_free(g);
  }
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_vocab_merge_demo_catalogue_same_reports),
    cmocka_unit_test(test_vocab_merge_examples_same_reports),
    cmocka_unit_test(test_vocab_merge_codelist_and_class_checks_same_reports),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
