// SPDX-License-Identifier: EUPL-1.2
/*
 * Unit tests of class membership through rdfs:subClassOf: transitivity,
 * cycles, instances in content order, the closure being refreshed after a
 * change, deep hierarchies, and running out of memory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "test_graph_util.h"

static const char *HIERARCHY = "ex:B rdfs:subClassOf ex:A .\n"
                               "ex:C rdfs:subClassOf ex:B .\n"
                               "ex:D rdfs:subClassOf ex:C .\n"
                               "ex:E rdfs:subClassOf ex:A .\n"
                               "ex:X rdfs:subClassOf ex:Y .\n"
                               /* a cycle: P -> Q -> R -> P, and R -> A */
                               "ex:P rdfs:subClassOf ex:Q .\n"
                               "ex:Q rdfs:subClassOf ex:R .\n"
                               "ex:R rdfs:subClassOf ex:P .\n"
                               "ex:R rdfs:subClassOf ex:A .\n"
                               "ex:self rdfs:subClassOf ex:self .\n"
                               "ex:d1 a ex:D .\n"
                               "ex:e1 a ex:E .\n"
                               "ex:a1 a ex:A .\n"
                               "ex:p1 a ex:P .\n"
                               "ex:x1 a ex:X .\n"
                               "_:b1 a ex:C .\n"
                               "ex:two a ex:D .\n"
                               "ex:two a ex:E .\n"
                               "ex:untyped ex:p ex:A .\n";

static void
test_subclass_transitive_and_reflexive(void **state)
{
  (void)state;
  hdc_world *w = hdc_world_new();
  hdc_graph *g = tg_graph(w, HIERARCHY);
  assert_non_null(g);
  const hdc_term *A = tg_iri(w, "ex:A"), *B = tg_iri(w, "ex:B"),
                 *C = tg_iri(w, "ex:C"), *D = tg_iri(w, "ex:D"),
                 *E = tg_iri(w, "ex:E"), *X = tg_iri(w, "ex:X"),
                 *Y = tg_iri(w, "ex:Y"), *Z = tg_iri(w, "ex:Z");
  assert_true(hdc_graph_is_subclass(g, D, A));
  assert_true(hdc_graph_is_subclass(g, D, B));
  assert_true(hdc_graph_is_subclass(g, C, A));
  assert_true(hdc_graph_is_subclass(g, B, A));
  assert_true(hdc_graph_is_subclass(g, A, A));
  assert_true(hdc_graph_is_subclass(g, Z, Z)); /* not even in the graph */
  assert_false(hdc_graph_is_subclass(g, A, B));
  assert_false(hdc_graph_is_subclass(g, E, B));
  assert_false(hdc_graph_is_subclass(g, D, E));
  assert_false(hdc_graph_is_subclass(g, X, A));
  assert_true(hdc_graph_is_subclass(g, X, Y));
  assert_false(hdc_graph_is_subclass(g, Y, X));
  assert_false(hdc_graph_is_subclass(g, Z, A));
  assert_false(hdc_graph_is_subclass(g, NULL, A));
  assert_false(hdc_graph_is_subclass(g, A, NULL));
  assert_false(hdc_graph_is_subclass(NULL, A, A));
  hdc_graph_free(g);
  hdc_world_free(w);
}

static void
test_subclass_cycle_terminates(void **state)
{
  (void)state;
  hdc_world      *w = hdc_world_new();
  hdc_graph      *g = tg_graph(w, HIERARCHY);
  const hdc_term *P = tg_iri(w, "ex:P"), *Q = tg_iri(w, "ex:Q"),
                 *R = tg_iri(w, "ex:R"), *A = tg_iri(w, "ex:A"),
                 *B = tg_iri(w, "ex:B"), *self = tg_iri(w, "ex:self");
  assert_true(hdc_graph_is_subclass(g, P, Q));
  assert_true(hdc_graph_is_subclass(g, Q, P));
  assert_true(hdc_graph_is_subclass(g, R, Q));
  assert_true(hdc_graph_is_subclass(g, P, A));
  assert_false(hdc_graph_is_subclass(g, P, B));
  assert_false(hdc_graph_is_subclass(g, A, P));
  assert_true(hdc_graph_is_subclass(g, self, self));
  assert_false(hdc_graph_is_subclass(g, self, A));
  hdc_graph_free(g);
  hdc_world_free(w);
}

static void
test_is_instance_through_subclasses(void **state)
{
  (void)state;
  hdc_world      *w = hdc_world_new();
  hdc_graph      *g = tg_graph(w, HIERARCHY);
  const hdc_term *A = tg_iri(w, "ex:A"), *B = tg_iri(w, "ex:B"),
                 *E = tg_iri(w, "ex:E"), *D = tg_iri(w, "ex:D"),
                 *Q = tg_iri(w, "ex:Q");
  assert_true(hdc_graph_is_instance(g, tg_iri(w, "ex:d1"), A));
  assert_true(hdc_graph_is_instance(g, tg_iri(w, "ex:d1"), B));
  assert_true(hdc_graph_is_instance(g, tg_iri(w, "ex:d1"), D));
  assert_false(hdc_graph_is_instance(g, tg_iri(w, "ex:d1"), E));
  assert_true(hdc_graph_is_instance(g, tg_iri(w, "ex:two"), E));
  assert_true(hdc_graph_is_instance(g, tg_iri(w, "ex:p1"), Q));
  assert_true(hdc_graph_is_instance(g, tg_iri(w, "ex:p1"), A));
  assert_true(hdc_graph_is_instance(g, hdc_world_blank(w, HDC_STR("b1")), A));
  assert_false(hdc_graph_is_instance(g, tg_iri(w, "ex:a1"), B));
  assert_false(hdc_graph_is_instance(g, tg_iri(w, "ex:untyped"), A));
  assert_false(hdc_graph_is_instance(g, A, A)); /* a class is not typed */
  assert_false(hdc_graph_is_instance(g, NULL, A));
  assert_false(hdc_graph_is_instance(g, A, NULL));
  assert_false(hdc_graph_is_instance(NULL, A, A));
  /* A world without rdf:type at all. */
  hdc_world      *w2 = hdc_world_new();
  hdc_graph      *g2 = hdc_graph_new(w2);
  const hdc_term *x  = hdc_world_iri(w2, HDC_STR("http://x"));
  assert_false(hdc_graph_is_instance(g2, x, x));
  hdc_graph_free(g2);
  hdc_world_free(w2);
  hdc_graph_free(g);
  hdc_world_free(w);
}

static void
test_instances_sorted_unique(void **state)
{
  (void)state;
  hdc_world       *w   = hdc_world_new();
  hdc_graph       *g   = tg_graph(w, HIERARCHY);
  const hdc_term **out = NULL;
  size_t           n   = 0;
  assert_int_equal(hdc_graph_instances(g, tg_iri(w, "ex:A"), &out, &n), HDC_OK);
  /* a1, d1, e1, p1, two (IRIs in text order), then the blank node. */
  const char *expect[] = {"http://example.org/a1",
                          "http://example.org/d1",
                          "http://example.org/e1",
                          "http://example.org/p1",
                          "http://example.org/two"};
  assert_int_equal(n, 6);
  for (size_t i = 0; i < 5; i++) {
    assert_true(hdc_str_eq_z(hdc_term_text(out[i]), expect[i]));
  }
  assert_true(hdc_term_is_blank(out[5]));
  hdc_free((void *)out);

  assert_int_equal(hdc_graph_instances(g, tg_iri(w, "ex:E"), &out, &n), HDC_OK);
  assert_int_equal(n, 2);
  assert_ptr_equal(out[0], tg_iri(w, "ex:e1"));
  assert_ptr_equal(out[1], tg_iri(w, "ex:two"));
  hdc_free((void *)out);

  /* The cycle: every member class's instances, once. */
  assert_int_equal(hdc_graph_instances(g, tg_iri(w, "ex:Q"), &out, &n), HDC_OK);
  assert_int_equal(n, 1);
  assert_ptr_equal(out[0], tg_iri(w, "ex:p1"));
  hdc_free((void *)out);

  assert_int_equal(hdc_graph_instances(g, tg_iri(w, "ex:Nothing"), &out, &n),
                   HDC_OK);
  assert_int_equal(n, 0);
  assert_null(out);

  assert_int_equal(hdc_graph_instances(NULL, tg_iri(w, "ex:A"), &out, &n),
                   HDC_ERR_INVALID_ARG);
  assert_int_equal(hdc_graph_instances(g, NULL, &out, &n), HDC_ERR_INVALID_ARG);
  assert_int_equal(hdc_graph_instances(g, tg_iri(w, "ex:A"), NULL, &n),
                   HDC_ERR_INVALID_ARG);
  assert_int_equal(hdc_graph_instances(g, tg_iri(w, "ex:A"), &out, NULL),
                   HDC_ERR_INVALID_ARG);
  hdc_graph_free(g);
  hdc_world_free(w);
}

static void
test_subclass_refreshed_after_change(void **state)
{
  (void)state;
  hdc_world      *w = hdc_world_new();
  hdc_graph      *g = tg_graph(w, HIERARCHY);
  const hdc_term *A = tg_iri(w, "ex:A"), *Y = tg_iri(w, "ex:Y"),
                 *X = tg_iri(w, "ex:X");
  assert_false(hdc_graph_is_subclass(g, X, A));
  assert_int_equal(tg_load(g, "ex:Y rdfs:subClassOf ex:E .\n"), 0);
  assert_true(hdc_graph_is_subclass(g, X, A));
  assert_true(hdc_graph_is_instance(g, tg_iri(w, "ex:x1"), A));
  size_t n = hdc_graph_size(g);
  hdc_graph_truncate(g, n - 1);
  assert_false(hdc_graph_is_subclass(g, X, A));
  assert_true(hdc_graph_is_subclass(g, X, Y));
  hdc_graph_clear(g);
  assert_false(hdc_graph_is_subclass(g, X, Y));
  hdc_graph_free(g);
  hdc_world_free(w);
}

static void
test_subclass_long_chain(void **state)
{
  (void)state;
  /* A chain of 3000 classes: the closure would hold 4.5 million pairs, more
   * than is kept, so the queries walk; both must agree. */
  hdc_world      *w  = hdc_world_new();
  hdc_graph      *g  = hdc_graph_new(w);
  const hdc_term *sc = hdc_world_iri(w, HDC_STR(HDC_NS_RDFS "subClassOf"));
  enum
  {
    N = 3000
  };
  static const hdc_term *cls[N];
  for (int i = 0; i < N; i++) {
    char buf[64];
    snprintf(buf, sizeof buf, "http://example.org/C%d", i);
    cls[i] = hdc_world_iri(w, hdc_str_from(buf));
  }
  for (int i = 0; i + 1 < N; i++) {
    assert_int_equal(hdc_graph_add(g, cls[i], sc, cls[i + 1]), HDC_OK);
  }
  assert_int_equal(hdc_graph_index(g), HDC_OK);
  assert_true(hdc_graph_is_subclass(g, cls[0], cls[N - 1]));
  assert_true(hdc_graph_is_subclass(g, cls[1234], cls[2345]));
  assert_false(hdc_graph_is_subclass(g, cls[N - 1], cls[0]));
  /* The closure is not kept, so bytes stay near the budget. */
  assert_true(hdc_graph_bytes(g) <= 64 * (size_t)N + 1024);

  /* A shorter chain keeps its closure and answers the same. */
  hdc_graph_truncate(g, 200);
  assert_true(hdc_graph_is_subclass(g, cls[0], cls[200]));
  assert_false(hdc_graph_is_subclass(g, cls[0], cls[202]));
  assert_false(hdc_graph_is_subclass(g, cls[150], cls[100]));
  hdc_graph_free(g);
  hdc_world_free(w);
}

static void
test_classes_oom_no_leak_and_no_crash(void **state)
{
  (void)state;
  hdc_world      *w         = hdc_world_new();
  hdc_graph      *g         = tg_graph(w, HIERARCHY);
  const hdc_term *A         = tg_iri(w, "ex:A");
  bool            completed = false;
  for (long fail = 0; fail < 100 && !completed; fail++) {
    /* Force the index and closure to be rebuilt under the failure. */
    assert_int_equal(tg_load(g, "ex:tmp a ex:A .\n"), 0);
    hdc_graph_truncate(g, hdc_graph_size(g) - 1);
    const hdc_term **out = NULL;
    size_t           n   = 99;
    hdc_alloc_fail_after(fail);
    bool       sub = hdc_graph_is_subclass(g, tg_iri(w, "ex:D"), A);
    bool       ins = hdc_graph_is_instance(g, tg_iri(w, "ex:p1"), A);
    hdc_status st  = hdc_graph_instances(g, A, &out, &n);
    hdc_alloc_fail_after(-1);
    if (st == HDC_OK) {
      assert_int_equal(n, 6);
      hdc_free((void *)out);
      completed = sub && ins;
    } else {
      assert_int_equal(st, HDC_ERR_NOMEM);
      assert_null(out);
      assert_int_equal(n, 0);
    }
  }
  assert_true(completed);
  hdc_graph_free(g);
  hdc_world_free(w);
}

/* Class queries remember rdf:type when the indexes are built; a type
 * triple added afterwards (rdf:type possibly interned only then) must
 * still be seen. */
static void
test_is_instance_sees_type_added_after_index(void **state)
{
  (void)state;
  hdc_world *w = hdc_world_new();
  hdc_graph *g = tg_graph(w, "ex:x ex:p ex:y .\n");
  assert_non_null(g);
  const hdc_term *x = tg_iri(w, "ex:x"), *C = tg_iri(w, "ex:C");
  assert_int_equal(hdc_graph_index(g), HDC_OK);
  assert_false(hdc_graph_is_instance(g, x, C));
  const hdc_term *type = hdc_world_iri(w, HDC_STR(HDC_NS_RDF "type"));
  assert_non_null(type);
  /* Interned, but no triple uses it yet. */
  assert_false(hdc_graph_is_instance(g, x, C));
  assert_int_equal(hdc_graph_add(g, x, type, C), HDC_OK);
  assert_true(hdc_graph_is_instance(g, x, C));
  assert_false(hdc_graph_is_instance(g, tg_iri(w, "ex:y"), C));
  hdc_graph_free(g);
  hdc_world_free(w);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_subclass_transitive_and_reflexive),
    cmocka_unit_test(test_subclass_cycle_terminates),
    cmocka_unit_test(test_is_instance_through_subclasses),
    cmocka_unit_test(test_instances_sorted_unique),
    cmocka_unit_test(test_subclass_refreshed_after_change),
    cmocka_unit_test(test_subclass_long_chain),
    cmocka_unit_test(test_is_instance_sees_type_added_after_index),
    cmocka_unit_test(test_classes_oom_no_leak_and_no_crash),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
