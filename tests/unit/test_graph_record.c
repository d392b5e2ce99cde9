// SPDX-License-Identifier: EUPL-1.2
/*
 * Unit tests of per-dataset records: listing datasets, the walk that
 * collects a record (shared publishers, links to other datasets and to
 * catalogues kept but not followed, cycles), the triple limit, rollback on
 * failure and out-of-memory behaviour.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "test_graph_util.h"

static const char *CATALOGUE = "ex:cat a dcat:Catalog .\n"
                               "ex:cat dcat:dataset ex:d1 .\n"
                               "ex:cat dcat:dataset _:d2 .\n"
                               "ex:cat dct:title \"Catalogue\" .\n"
                               "ex:cat dct:publisher ex:org .\n"
                               "ex:d1 a dcat:Dataset .\n"
                               "ex:d1 dct:title \"One\"@en .\n"
                               "ex:d1 dct:publisher ex:org .\n"
                               "ex:d1 dcat:contactPoint _:c .\n"
                               "ex:d1 dcat:distribution _:dist1 .\n"
                               "ex:d1 dct:relation _:d2 .\n"
                               "ex:d1 dct:isPartOf ex:cat .\n"
                               "ex:d1 dcat:theme ex:theme-health .\n"
                               "_:dist1 a dcat:Distribution .\n"
                               "_:dist1 dcat:accessURL ex:file1 .\n"
                               "_:c foaf:name \"Desk\" .\n"
                               "_:c ex:back ex:d1 .\n"
                               "ex:org a foaf:Agent .\n"
                               "ex:org foaf:name \"Org\" .\n"
                               "ex:org ex:address _:addr .\n"
                               "_:addr ex:city \"Paris\" .\n"
                               "_:d2 a dcat:Dataset .\n"
                               "_:d2 dct:title \"Two\" .\n"
                               "_:d2 dct:publisher ex:org .\n"
                               "_:d2 dcat:distribution _:dist2 .\n"
                               "_:dist2 dcat:accessURL ex:file2 .\n"
                               "ex:series a dcat:DatasetSeries .\n"
                               "ex:series dct:title \"Series\" .\n"
                               "ex:rec a dcat:CatalogRecord .\n"
                               "ex:rec foaf:primaryTopic ex:d1 .\n"
                               "_:d2 dcat:inSeries ex:series .\n"
                               "_:d2 ex:record ex:rec .\n";

static void
test_datasets_listed_in_order(void **state)
{
  (void)state;
  hdc_world       *w  = hdc_world_new();
  hdc_graph       *g  = tg_graph(w, CATALOGUE);
  const hdc_term **ds = NULL;
  size_t           n  = 0;
  assert_non_null(g);
  assert_int_equal(hdc_graph_datasets(g, &ds, &n), HDC_OK);
  assert_int_equal(n, 2);
  assert_ptr_equal(ds[0], tg_iri(w, "ex:d1")); /* IRIs before blanks */
  assert_ptr_equal(ds[1], hdc_world_blank(w, HDC_STR("d2")));
  hdc_free((void *)ds);

  hdc_graph *empty = tg_graph(w, "ex:x ex:p ex:y .\n");
  assert_int_equal(hdc_graph_datasets(empty, &ds, &n), HDC_OK);
  assert_int_equal(n, 0);
  assert_null(ds);
  assert_int_equal(hdc_graph_datasets(NULL, &ds, &n), HDC_ERR_INVALID_ARG);
  assert_int_equal(hdc_graph_datasets(g, NULL, &n), HDC_ERR_INVALID_ARG);
  assert_int_equal(hdc_graph_datasets(g, &ds, NULL), HDC_ERR_INVALID_ARG);
  hdc_graph_free(empty);

  /* A world where the vocabulary was never seen. */
  hdc_world *w2 = hdc_world_new();
  hdc_graph *g2 = hdc_graph_new(w2);
  assert_int_equal(hdc_graph_datasets(g2, &ds, &n), HDC_OK);
  assert_int_equal(n, 0);
  hdc_graph_free(g2);
  hdc_world_free(w2);
  hdc_graph_free(g);
  hdc_world_free(w);
}

static void
test_extract_record_walks_described_nodes(void **state)
{
  (void)state;
  hdc_world *w   = hdc_world_new();
  hdc_graph *g   = tg_graph(w, CATALOGUE);
  hdc_graph *out = hdc_graph_new(w);
  assert_int_equal(hdc_graph_extract_record(g, tg_iri(w, "ex:d1"), 0, out),
                   HDC_OK);
  /* d1's 8 triples, the distribution (2), the contact point (2), the
   * publisher (3) and its address (1). Not the catalogue, not d2. */
  hdc_graph *expect = tg_graph(w,
                               "ex:d1 a dcat:Dataset .\n"
                               "ex:d1 dct:title \"One\"@en .\n"
                               "ex:d1 dct:publisher ex:org .\n"
                               "ex:d1 dcat:contactPoint _:c .\n"
                               "ex:d1 dcat:distribution _:dist1 .\n"
                               "ex:d1 dct:relation _:d2 .\n"
                               "ex:d1 dct:isPartOf ex:cat .\n"
                               "ex:d1 dcat:theme ex:theme-health .\n"
                               "_:dist1 a dcat:Distribution .\n"
                               "_:dist1 dcat:accessURL ex:file1 .\n"
                               "_:c foaf:name \"Desk\" .\n"
                               "_:c ex:back ex:d1 .\n"
                               "ex:org a foaf:Agent .\n"
                               "ex:org foaf:name \"Org\" .\n"
                               "ex:org ex:address _:addr .\n"
                               "_:addr ex:city \"Paris\" .\n");
  assert_int_equal(hdc_graph_size(out), hdc_graph_size(expect));
  const hdc_triple *t = hdc_graph_triples(expect);
  for (size_t i = 0; i < hdc_graph_size(expect); i++) {
    assert_true(hdc_graph_contains(out, t[i].s, t[i].p, t[i].o));
  }
  hdc_graph_free(expect);
  hdc_graph_free(out);
  hdc_graph_free(g);
  hdc_world_free(w);
}

static void
test_extract_record_shared_publisher_in_both(void **state)
{
  (void)state;
  hdc_world      *w    = hdc_world_new();
  hdc_graph      *g    = tg_graph(w, CATALOGUE);
  hdc_graph      *r1   = hdc_graph_new(w);
  hdc_graph      *r2   = hdc_graph_new(w);
  const hdc_term *org  = tg_iri(w, "ex:org");
  const hdc_term *name = tg_iri(w, "foaf:name");
  const hdc_term *city = tg_iri(w, "ex:city");
  const hdc_term *d2   = hdc_world_blank(w, HDC_STR("d2"));
  assert_int_equal(hdc_graph_extract_record(g, tg_iri(w, "ex:d1"), 0, r1),
                   HDC_OK);
  assert_int_equal(hdc_graph_extract_record(g, d2, 0, r2), HDC_OK);
  assert_int_equal(hdc_graph_count(r1, org, name, NULL), 1);
  assert_int_equal(hdc_graph_count(r2, org, name, NULL), 1);
  assert_int_equal(hdc_graph_count(r1, NULL, city, NULL), 1);
  assert_int_equal(hdc_graph_count(r2, NULL, city, NULL), 1);
  /* d2's record: its own 6 triples, dist2 (1), org (3), address (1); the
   * series and the catalogue record are linked, not entered. */
  assert_int_equal(hdc_graph_size(r2), 11);
  assert_int_equal(hdc_graph_count(r2, tg_iri(w, "ex:series"), NULL, NULL), 0);
  assert_int_equal(hdc_graph_count(r2, tg_iri(w, "ex:rec"), NULL, NULL), 0);
  assert_true(hdc_graph_contains(
    r2, d2, tg_iri(w, "dcat:inSeries"), tg_iri(w, "ex:series")));
  /* d1 links to d2: the link is kept, d2's description is not pulled in. */
  assert_true(
    hdc_graph_contains(r1, tg_iri(w, "ex:d1"), tg_iri(w, "dct:relation"), d2));
  assert_int_equal(hdc_graph_count(r1, d2, NULL, NULL), 0);
  assert_int_equal(hdc_graph_count(r1, tg_iri(w, "ex:cat"), NULL, NULL), 0);
  hdc_graph_free(r1);
  hdc_graph_free(r2);
  hdc_graph_free(g);
  hdc_world_free(w);
}

static void
test_extract_record_shared_blank_publisher(void **state)
{
  (void)state;
  hdc_world *w  = hdc_world_new();
  hdc_graph *g  = tg_graph(w,
                          "ex:a a dcat:Dataset .\n"
                           "ex:b a dcat:Dataset .\n"
                           "ex:a dct:publisher _:pub .\n"
                           "ex:b dct:publisher _:pub .\n"
                           "_:pub foaf:name \"P\" .\n"
                           "_:pub ex:member _:pub .\n");
  hdc_graph *ra = hdc_graph_new(w);
  hdc_graph *rb = hdc_graph_new(w);
  assert_int_equal(hdc_graph_extract_record(g, tg_iri(w, "ex:a"), 0, ra),
                   HDC_OK);
  assert_int_equal(hdc_graph_extract_record(g, tg_iri(w, "ex:b"), 0, rb),
                   HDC_OK);
  assert_int_equal(hdc_graph_size(ra), 4);
  assert_int_equal(hdc_graph_size(rb), 4);
  /* Same publisher description in both records. */
  const hdc_term *pub = hdc_world_blank(w, HDC_STR("pub"));
  assert_int_equal(hdc_graph_count(ra, pub, NULL, NULL), 2);
  assert_int_equal(hdc_graph_count(rb, pub, NULL, NULL), 2);
  hdc_graph_free(ra);
  hdc_graph_free(rb);
  hdc_graph_free(g);
  hdc_world_free(w);
}

static void
test_extract_record_dataset_links_dataset(void **state)
{
  (void)state;
  /* A dataset whose distribution points at another dataset (through a
   * blank node): the walk stops at the other dataset. */
  hdc_world *w = hdc_world_new();
  hdc_graph *g = tg_graph(w,
                          "ex:a a dcat:Dataset .\n"
                          "ex:a ex:rel _:r .\n"
                          "_:r ex:target ex:b .\n"
                          "ex:b a dcat:Dataset .\n"
                          "ex:b ex:secret \"x\" .\n"
                          "ex:b ex:rel ex:a .\n");
  hdc_graph *r = hdc_graph_new(w);
  assert_int_equal(hdc_graph_extract_record(g, tg_iri(w, "ex:a"), 0, r),
                   HDC_OK);
  assert_int_equal(hdc_graph_size(r), 3);
  assert_true(hdc_graph_contains(r,
                                 hdc_world_blank(w, HDC_STR("r")),
                                 tg_iri(w, "ex:target"),
                                 tg_iri(w, "ex:b")));
  assert_int_equal(hdc_graph_count(r, tg_iri(w, "ex:b"), NULL, NULL), 0);
  /* Extracting the other way round starts from b, which is allowed even
   * though it is a dataset, and stops at a. */
  hdc_graph_clear(r);
  assert_int_equal(hdc_graph_extract_record(g, tg_iri(w, "ex:b"), 0, r),
                   HDC_OK);
  assert_int_equal(hdc_graph_size(r), 3);
  /* A dataset with no description gives an empty record. */
  hdc_graph_clear(r);
  assert_int_equal(hdc_graph_extract_record(g, tg_iri(w, "ex:none"), 0, r),
                   HDC_OK);
  assert_int_equal(hdc_graph_size(r), 0);
  hdc_graph_free(r);
  hdc_graph_free(g);
  hdc_world_free(w);
}

static void
test_extract_record_limit_exceeded(void **state)
{
  (void)state;
  hdc_world *w = hdc_world_new();
  hdc_graph *g = tg_graph(w, CATALOGUE);
  hdc_graph *r = hdc_graph_new(w);
  /* The record of d1 has 16 triples. */
  assert_int_equal(hdc_graph_extract_record(g, tg_iri(w, "ex:d1"), 16, r),
                   HDC_OK);
  assert_int_equal(hdc_graph_size(r), 16);
  hdc_graph *r2 = hdc_graph_new(w);
  assert_int_equal(tg_load(r2, "ex:keep ex:p ex:me .\n"), 0);
  assert_int_equal(hdc_graph_extract_record(g, tg_iri(w, "ex:d1"), 15, r2),
                   HDC_ERR_LIMIT);
  /* Nothing of the refused record remains; what was there stays. */
  assert_int_equal(hdc_graph_size(r2), 1);
  assert_true(hdc_graph_contains(
    r2, tg_iri(w, "ex:keep"), tg_iri(w, "ex:p"), tg_iri(w, "ex:me")));
  hdc_graph_free(r);
  hdc_graph_free(r2);
  hdc_graph_free(g);
  hdc_world_free(w);
}

static void
test_extract_record_invalid_arguments(void **state)
{
  (void)state;
  hdc_world      *w   = hdc_world_new();
  hdc_world      *w2  = hdc_world_new();
  hdc_graph      *g   = tg_graph(w, CATALOGUE);
  hdc_graph      *o   = hdc_graph_new(w);
  hdc_graph      *o2  = hdc_graph_new(w2);
  const hdc_term *d1  = tg_iri(w, "ex:d1");
  const hdc_term *lit = hdc_world_literal(w, HDC_STR("x"), NULL, HDC_STR_NULL);
  assert_int_equal(hdc_graph_extract_record(NULL, d1, 0, o),
                   HDC_ERR_INVALID_ARG);
  assert_int_equal(hdc_graph_extract_record(g, NULL, 0, o),
                   HDC_ERR_INVALID_ARG);
  assert_int_equal(hdc_graph_extract_record(g, d1, 0, NULL),
                   HDC_ERR_INVALID_ARG);
  assert_int_equal(hdc_graph_extract_record(g, d1, 0, g), HDC_ERR_INVALID_ARG);
  assert_int_equal(hdc_graph_extract_record(g, d1, 0, o2), HDC_ERR_INVALID_ARG);
  assert_int_equal(hdc_graph_extract_record(g, lit, 0, o), HDC_ERR_INVALID_ARG);
  hdc_graph_free(g);
  hdc_graph_free(o);
  hdc_graph_free(o2);
  hdc_world_free(w);
  hdc_world_free(w2);
}

static void
test_extract_record_oom_all_or_nothing(void **state)
{
  (void)state;
  hdc_world *w = hdc_world_new();
  hdc_graph *g = tg_graph(w, CATALOGUE);
  assert_int_equal(hdc_graph_index(g), HDC_OK);
  bool done = false;
  for (long fail = 0; fail < 100 && !done; fail++) {
    hdc_graph *r = hdc_graph_new(w);
    assert_non_null(r);
    const hdc_term **ds = NULL;
    size_t           n  = 0;
    hdc_alloc_fail_after(fail);
    hdc_status st1 = hdc_graph_datasets(g, &ds, &n);
    hdc_status st2 = hdc_graph_extract_record(g, tg_iri(w, "ex:d1"), 0, r);
    hdc_alloc_fail_after(-1);
    if (st1 == HDC_OK) {
      assert_int_equal(n, 2);
      hdc_free((void *)ds);
    } else {
      assert_int_equal(st1, HDC_ERR_NOMEM);
      assert_null(ds);
    }
    if (st2 == HDC_OK) {
      assert_int_equal(hdc_graph_size(r), 16);
      done = st1 == HDC_OK;
    } else {
      assert_int_equal(st2, HDC_ERR_NOMEM);
      assert_int_equal(hdc_graph_size(r), 0);
    }
    hdc_graph_free(r);
  }
  assert_true(done);
  hdc_graph_free(g);
  hdc_world_free(w);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_datasets_listed_in_order),
    cmocka_unit_test(test_extract_record_walks_described_nodes),
    cmocka_unit_test(test_extract_record_shared_publisher_in_both),
    cmocka_unit_test(test_extract_record_shared_blank_publisher),
    cmocka_unit_test(test_extract_record_dataset_links_dataset),
    cmocka_unit_test(test_extract_record_limit_exceeded),
    cmocka_unit_test(test_extract_record_invalid_arguments),
    cmocka_unit_test(test_extract_record_oom_all_or_nothing),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
