// SPDX-License-Identifier: EUPL-1.2
/*
 * Unit tests of graph isomorphism and canonical blank-node labels: renamed
 * blanks, near misses, indistinguishable (symmetric) blanks, cycles and
 * regular structures that colour refinement alone cannot split, label
 * stability under renaming and reordering, and out-of-memory behaviour.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "test_graph_util.h"

#include <stdlib.h>

/* Load two texts into fresh graphs of w and compare them. */
static bool
iso_texts(hdc_world *w, const char *a, const char *b)
{
  hdc_graph *ga = tg_graph(w, a);
  hdc_graph *gb = tg_graph(w, b);
  assert_non_null(ga);
  assert_non_null(gb);
  bool same = hdc_graph_isomorphic(ga, gb);
  /* The relation is symmetric. */
  assert_int_equal(same, hdc_graph_isomorphic(gb, ga));
  hdc_graph_free(ga);
  hdc_graph_free(gb);
  return same;
}

static void
test_iso_ground_graphs(void **state)
{
  (void)state;
  hdc_world *w = hdc_world_new();
  assert_true(iso_texts(w, "", ""));
  assert_true(iso_texts(w,
                        "ex:a ex:p ex:b .\nex:a ex:p \"x\" .\n",
                        "ex:a ex:p \"x\" .\nex:a ex:p ex:b .\n"));
  assert_false(iso_texts(w, "ex:a ex:p ex:b .\n", "ex:a ex:p ex:c .\n"));
  assert_false(iso_texts(w, "ex:a ex:p \"x\" .\n", "ex:a ex:p \"x\"@en .\n"));
  assert_false(
    iso_texts(w, "ex:a ex:p ex:b .\n", "ex:a ex:p ex:b .\nex:a ex:p ex:c .\n"));
  /* A blank node never stands for an IRI. */
  assert_false(iso_texts(w, "ex:a ex:p ex:b .\n", "ex:a ex:p _:b .\n"));
  hdc_world_free(w);
}

static void
test_iso_renamed_blanks(void **state)
{
  (void)state;
  hdc_world  *w = hdc_world_new();
  const char *a = "ex:d a dcat:Dataset .\n"
                  "ex:d dcat:distribution _:x .\n"
                  "ex:d dcat:distribution _:y .\n"
                  "_:x dcat:accessURL ex:u1 .\n"
                  "_:y dcat:accessURL ex:u2 .\n"
                  "ex:d dct:publisher _:p .\n"
                  "_:p foaf:name \"Org\"@FR .\n";
  const char *b = "_:pub foaf:name \"Org\"@fr .\n"
                  "_:d2 dcat:accessURL ex:u2 .\n"
                  "ex:d dct:publisher _:pub .\n"
                  "ex:d dcat:distribution _:d2 .\n"
                  "ex:d dcat:distribution _:d1 .\n"
                  "_:d1 dcat:accessURL ex:u1 .\n"
                  "ex:d a dcat:Dataset .\n";
  assert_true(iso_texts(w, a, b));
  /* Swapping which distribution has which URL on one side only changes
   * labels, not structure... */
  const char *c = "ex:d a dcat:Dataset .\n"
                  "ex:d dcat:distribution _:x .\n"
                  "ex:d dcat:distribution _:y .\n"
                  "_:y dcat:accessURL ex:u1 .\n"
                  "_:x dcat:accessURL ex:u2 .\n"
                  "ex:d dct:publisher _:p .\n"
                  "_:p foaf:name \"Org\"@fr .\n";
  assert_true(iso_texts(w, a, c));
  /* ...but giving both URLs to one distribution does. */
  const char *d = "ex:d a dcat:Dataset .\n"
                  "ex:d dcat:distribution _:x .\n"
                  "ex:d dcat:distribution _:y .\n"
                  "_:x dcat:accessURL ex:u1 .\n"
                  "_:x dcat:accessURL ex:u2 .\n"
                  "ex:d dct:publisher _:p .\n"
                  "_:p foaf:name \"Org\"@fr .\n";
  assert_false(iso_texts(w, a, d));
  hdc_world_free(w);
}

static void
test_iso_same_counts_different_shape(void **state)
{
  (void)state;
  hdc_world *w = hdc_world_new();
  /* Same number of blanks, triples, predicates; different wiring. */
  assert_false(iso_texts(w,
                         "_:a ex:p _:b .\n_:b ex:p _:c .\n_:c ex:q \"1\" .\n",
                         "_:a ex:p _:b .\n_:b ex:p _:c .\n_:a ex:q \"1\" .\n"));
  assert_false(iso_texts(w, "_:a ex:p _:a .\n", "_:a ex:p _:b .\n"));
  assert_false(iso_texts(
    w, "_:a ex:p _:b .\n_:b ex:p _:a .\n", "_:a ex:p _:a .\n_:b ex:p _:b .\n"));
  hdc_world_free(w);
}

static void
test_iso_indistinguishable_blanks(void **state)
{
  (void)state;
  hdc_world *w = hdc_world_new();
  /* Two blanks with identical descriptions: colour refinement cannot tell
   * them apart, the search must. */
  const char *a = "ex:s ex:p _:a .\nex:s ex:p _:b .\n"
                  "_:a ex:q \"v\" .\n_:b ex:q \"v\" .\n";
  const char *b = "ex:s ex:p _:y .\nex:s ex:p _:x .\n"
                  "_:x ex:q \"v\" .\n_:y ex:q \"v\" .\n";
  assert_true(iso_texts(w, a, b));
  /* Two isolated blanks vs. one blank with two identical triples is
   * impossible (a set), but two disconnected copies vs. a merged pair: */
  assert_false(iso_texts(w,
                         "_:a ex:p \"v\" .\n_:b ex:p \"v\" .\n",
                         "_:a ex:p \"v\" .\n_:a ex:p \"w\" .\n"));
  assert_true(iso_texts(w,
                        "_:a ex:p \"v\" .\n_:b ex:p \"v\" .\n",
                        "_:m ex:p \"v\" .\n_:n ex:p \"v\" .\n"));
  hdc_world_free(w);
}

static void
test_iso_blank_cycles(void **state)
{
  (void)state;
  hdc_world *w = hdc_world_new();
  /* One 6-cycle vs two 3-cycles: every blank has one p in and one p out,
   * so refinement never separates anything; only the search tells. */
  const char *six         = "_:a ex:p _:b .\n_:b ex:p _:c .\n_:c ex:p _:d .\n"
                            "_:d ex:p _:e .\n_:e ex:p _:f .\n_:f ex:p _:a .\n";
  const char *two3        = "_:a ex:p _:b .\n_:b ex:p _:c .\n_:c ex:p _:a .\n"
                            "_:d ex:p _:e .\n_:e ex:p _:f .\n_:f ex:p _:d .\n";
  const char *six_renamed = "_:u ex:p _:v .\n_:w ex:p _:x .\n_:v ex:p _:w .\n"
                            "_:z ex:p _:u .\n_:x ex:p _:y .\n_:y ex:p _:z .\n";
  assert_false(iso_texts(w, six, two3));
  assert_true(iso_texts(w, six, six_renamed));
  assert_true(iso_texts(w,
                        two3,
                        "_:q ex:p _:r .\n_:s ex:p _:t .\n_:r ex:p _:m .\n"
                        "_:t ex:p _:n .\n_:n ex:p _:s .\n_:m ex:p _:q .\n"));
  /* Direction matters: a cycle vs the same cycle with one edge reversed. */
  assert_false(iso_texts(w,
                         "_:a ex:p _:b .\n_:b ex:p _:c .\n_:c ex:p _:a .\n",
                         "_:a ex:p _:b .\n_:b ex:p _:c .\n_:a ex:p _:c .\n"));
  hdc_world_free(w);
}

static void
test_iso_regular_graphs_need_search(void **state)
{
  (void)state;
  hdc_world *w = hdc_world_new();
  /* Undirected-looking 3-regular graphs on 6 nodes, each edge written both
   * ways: the prism and K3,3 are not isomorphic; colour refinement gives
   * every node the same colour in both. */
  const char *prism =
    "_:1 ex:e _:2 .\n_:2 ex:e _:1 .\n_:2 ex:e _:3 .\n_:3 ex:e _:2 .\n"
    "_:3 ex:e _:1 .\n_:1 ex:e _:3 .\n_:4 ex:e _:5 .\n_:5 ex:e _:4 .\n"
    "_:5 ex:e _:6 .\n_:6 ex:e _:5 .\n_:6 ex:e _:4 .\n_:4 ex:e _:6 .\n"
    "_:1 ex:e _:4 .\n_:4 ex:e _:1 .\n_:2 ex:e _:5 .\n_:5 ex:e _:2 .\n"
    "_:3 ex:e _:6 .\n_:6 ex:e _:3 .\n";
  const char *k33 =
    "_:1 ex:e _:4 .\n_:4 ex:e _:1 .\n_:1 ex:e _:5 .\n_:5 ex:e _:1 .\n"
    "_:1 ex:e _:6 .\n_:6 ex:e _:1 .\n_:2 ex:e _:4 .\n_:4 ex:e _:2 .\n"
    "_:2 ex:e _:5 .\n_:5 ex:e _:2 .\n_:2 ex:e _:6 .\n_:6 ex:e _:2 .\n"
    "_:3 ex:e _:4 .\n_:4 ex:e _:3 .\n_:3 ex:e _:5 .\n_:5 ex:e _:3 .\n"
    "_:3 ex:e _:6 .\n_:6 ex:e _:3 .\n";
  /* The prism with nodes renamed 1..6 -> 6,4,5,3,1,2. */
  const char *prism2 =
    "_:6 ex:e _:4 .\n_:4 ex:e _:6 .\n_:4 ex:e _:5 .\n_:5 ex:e _:4 .\n"
    "_:5 ex:e _:6 .\n_:6 ex:e _:5 .\n_:3 ex:e _:1 .\n_:1 ex:e _:3 .\n"
    "_:1 ex:e _:2 .\n_:2 ex:e _:1 .\n_:2 ex:e _:3 .\n_:3 ex:e _:2 .\n"
    "_:6 ex:e _:3 .\n_:3 ex:e _:6 .\n_:4 ex:e _:1 .\n_:1 ex:e _:4 .\n"
    "_:5 ex:e _:2 .\n_:2 ex:e _:5 .\n";
  assert_false(iso_texts(w, prism, k33));
  /* Two 3-cycles and a 6-cycle, labelled so that the first blank of one
   * side sits in a 3-cycle and the first of the other in the 6-cycle: the
   * first candidate fails and the search must backtrack. */
  const char *mixed_a = "_:a ex:p _:b .\n_:b ex:p _:c .\n_:c ex:p _:a .\n"
                        "_:d ex:p _:e .\n_:e ex:p _:f .\n_:f ex:p _:d .\n"
                        "_:g ex:p _:h .\n_:h ex:p _:i .\n_:i ex:p _:j .\n"
                        "_:j ex:p _:k .\n_:k ex:p _:l .\n_:l ex:p _:g .\n";
  const char *mixed_b = "_:a ex:p _:b .\n_:b ex:p _:c .\n_:c ex:p _:d .\n"
                        "_:d ex:p _:e .\n_:e ex:p _:f .\n_:f ex:p _:a .\n"
                        "_:g ex:p _:h .\n_:h ex:p _:i .\n_:i ex:p _:g .\n"
                        "_:j ex:p _:k .\n_:k ex:p _:l .\n_:l ex:p _:j .\n";
  const char *twelve  = "_:a ex:p _:b .\n_:b ex:p _:c .\n_:c ex:p _:d .\n"
                        "_:d ex:p _:e .\n_:e ex:p _:f .\n_:f ex:p _:g .\n"
                        "_:g ex:p _:h .\n_:h ex:p _:i .\n_:i ex:p _:j .\n"
                        "_:j ex:p _:k .\n_:k ex:p _:l .\n_:l ex:p _:a .\n";
  assert_true(iso_texts(w, mixed_a, mixed_b));
  assert_false(iso_texts(w, mixed_a, twelve));
  assert_false(iso_texts(w, twelve, mixed_b));
  assert_true(iso_texts(w, prism, prism2));
  assert_true(iso_texts(w, k33, k33));
  hdc_world_free(w);
}

static void
test_iso_many_symmetric_blanks(void **state)
{
  (void)state;
  /* 300 blanks with the same description, in different orders: the search
   * individualises one per level and must not blow up. */
  hdc_world      *w  = hdc_world_new();
  hdc_graph      *ga = hdc_graph_new(w);
  hdc_graph      *gb = hdc_graph_new(w);
  const hdc_term *s = tg_iri(w, "ex:s"), *p = tg_iri(w, "ex:p"),
                 *q = tg_iri(w, "ex:q");
  const hdc_term *v = hdc_world_literal(w, HDC_STR("v"), NULL, HDC_STR_NULL);
  for (int i = 0; i < 300; i++) {
    char la[16], lb[16];
    snprintf(la, sizeof la, "a%d", i);
    snprintf(lb, sizeof lb, "b%d", 299 - i);
    const hdc_term *ba = hdc_world_blank(w, hdc_str_from(la));
    const hdc_term *bb = hdc_world_blank(w, hdc_str_from(lb));
    assert_int_equal(hdc_graph_add(ga, s, p, ba), HDC_OK);
    assert_int_equal(hdc_graph_add(ga, ba, q, v), HDC_OK);
    assert_int_equal(hdc_graph_add(gb, bb, q, v), HDC_OK);
    assert_int_equal(hdc_graph_add(gb, s, p, bb), HDC_OK);
  }
  assert_true(hdc_graph_isomorphic(ga, gb));
  /* One description differs: no longer isomorphic. */
  const hdc_term *v2 = hdc_world_literal(w, HDC_STR("v2"), NULL, HDC_STR_NULL);
  hdc_graph_truncate(gb, hdc_graph_size(gb) - 2);
  const hdc_term *last = hdc_world_blank(w, HDC_STR("last"));
  assert_int_equal(hdc_graph_add(gb, last, q, v2), HDC_OK);
  assert_int_equal(hdc_graph_add(gb, s, p, last), HDC_OK);
  assert_false(hdc_graph_isomorphic(ga, gb));
  hdc_graph_free(ga);
  hdc_graph_free(gb);
  hdc_world_free(w);
}

static void
test_iso_arguments(void **state)
{
  (void)state;
  hdc_world *w  = hdc_world_new();
  hdc_world *w2 = hdc_world_new();
  hdc_graph *a  = tg_graph(w, "ex:a ex:p ex:b .\n");
  hdc_graph *b  = tg_graph(w2, "ex:a ex:p ex:b .\n");
  assert_true(hdc_graph_isomorphic(a, a));
  assert_false(hdc_graph_isomorphic(a, b)); /* other world */
  assert_false(hdc_graph_isomorphic(a, NULL));
  assert_false(hdc_graph_isomorphic(NULL, a));
  hdc_graph *c = hdc_graph_new(w);
  assert_int_equal(hdc_graph_canonicalize(NULL, c), HDC_ERR_INVALID_ARG);
  assert_int_equal(hdc_graph_canonicalize(a, NULL), HDC_ERR_INVALID_ARG);
  assert_int_equal(hdc_graph_canonicalize(a, a), HDC_ERR_INVALID_ARG);
  assert_int_equal(hdc_graph_canonicalize(a, b), HDC_ERR_INVALID_ARG);
  hdc_graph_free(a);
  hdc_graph_free(b);
  hdc_graph_free(c);
  hdc_world_free(w);
  hdc_world_free(w2);
}

/* Canonicalise text into a new graph. */
static hdc_graph *
canon(hdc_world *w, const char *text)
{
  hdc_graph *g = tg_graph(w, text);
  hdc_graph *c = hdc_graph_new(w);
  assert_non_null(g);
  assert_int_equal(hdc_graph_canonicalize(g, c), HDC_OK);
  assert_int_equal(hdc_graph_size(c), hdc_graph_size(g));
  assert_true(hdc_graph_isomorphic(g, c));
  hdc_graph_free(g);
  return c;
}

/* True if every triple of a is in b and the sizes agree: equal as sets,
 * blank labels included. */
static bool
same_triples(const hdc_graph *a, const hdc_graph *b)
{
  if (hdc_graph_size(a) != hdc_graph_size(b)) {
    return false;
  }
  const hdc_triple *t = hdc_graph_triples(a);
  for (size_t i = 0; i < hdc_graph_size(a); i++) {
    if (!hdc_graph_contains(b, t[i].s, t[i].p, t[i].o)) {
      return false;
    }
  }
  return true;
}

static void
test_canonicalize_stable_under_renaming(void **state)
{
  (void)state;
  hdc_world *w = hdc_world_new();
  hdc_graph *a = canon(w,
                       "ex:d dcat:distribution _:x .\n"
                       "ex:d dcat:distribution _:y .\n"
                       "_:x dcat:accessURL ex:u1 .\n"
                       "_:y dcat:accessURL ex:u2 .\n"
                       "ex:d dct:publisher _:p .\n"
                       "_:p foaf:name \"Org\" .\n");
  hdc_graph *b = canon(w,
                       "_:zz foaf:name \"Org\" .\n"
                       "ex:d dct:publisher _:zz .\n"
                       "_:m dcat:accessURL ex:u2 .\n"
                       "_:n dcat:accessURL ex:u1 .\n"
                       "ex:d dcat:distribution _:m .\n"
                       "ex:d dcat:distribution _:n .\n");
  assert_true(same_triples(a, b));
  /* Labels are "c" and 16 hex digits. */
  const hdc_triple *t = hdc_graph_triples(a);
  for (size_t i = 0; i < hdc_graph_size(a); i++) {
    if (hdc_term_is_blank(t[i].o)) {
      hdc_str l = hdc_term_text(t[i].o);
      assert_int_equal(l.len, 17);
      assert_int_equal(l.ptr[0], 'c');
    }
  }
  /* Canonicalising a canonical graph changes nothing. */
  hdc_graph *again = hdc_graph_new(w);
  assert_int_equal(hdc_graph_canonicalize(a, again), HDC_OK);
  assert_true(same_triples(a, again));
  /* A different graph gets different labels somewhere. */
  hdc_graph *c = canon(w,
                       "ex:d dcat:distribution _:x .\n"
                       "ex:d dcat:distribution _:y .\n"
                       "_:x dcat:accessURL ex:u1 .\n"
                       "_:y dcat:accessURL ex:u3 .\n"
                       "ex:d dct:publisher _:p .\n"
                       "_:p foaf:name \"Org\" .\n");
  assert_false(same_triples(a, c));
  hdc_graph_free(a);
  hdc_graph_free(b);
  hdc_graph_free(c);
  hdc_graph_free(again);
  hdc_world_free(w);
}

static void
test_canonicalize_symmetric_blanks_agree(void **state)
{
  (void)state;
  hdc_world *w = hdc_world_new();
  /* Interchangeable blanks: whichever is split first, same result. */
  hdc_graph *a = canon(w,
                       "ex:s ex:p _:a .\nex:s ex:p _:b .\n"
                       "_:a ex:q \"v\" .\n_:b ex:q \"v\" .\n"
                       "_:c ex:r _:d .\n_:d ex:r _:c .\n");
  hdc_graph *b = canon(w,
                       "_:k ex:r _:j .\n_:j ex:r _:k .\n"
                       "_:zz ex:q \"v\" .\n_:aa ex:q \"v\" .\n"
                       "ex:s ex:p _:aa .\nex:s ex:p _:zz .\n");
  assert_true(same_triples(a, b));
  /* Every blank got its own label. */
  assert_int_equal(hdc_graph_count(a, NULL, tg_iri(w, "ex:p"), NULL), 2);
  const hdc_term *o1 = NULL, *o2 = NULL;
  hdc_iter        it;
  hdc_graph_match(a, NULL, tg_iri(w, "ex:p"), NULL, &it);
  o1 = hdc_iter_next(&it)->o;
  o2 = hdc_iter_next(&it)->o;
  assert_ptr_not_equal(o1, o2);
  /* The six-cycle, written two ways. */
  hdc_graph *c = canon(w,
                       "_:a ex:p _:b .\n_:b ex:p _:c .\n_:c ex:p _:d .\n"
                       "_:d ex:p _:e .\n_:e ex:p _:f .\n_:f ex:p _:a .\n");
  hdc_graph *d = canon(w,
                       "_:u ex:p _:v .\n_:w ex:p _:x .\n_:v ex:p _:w .\n"
                       "_:z ex:p _:u .\n_:x ex:p _:y .\n_:y ex:p _:z .\n");
  assert_true(same_triples(c, d));
  hdc_graph_free(a);
  hdc_graph_free(b);
  hdc_graph_free(c);
  hdc_graph_free(d);
  hdc_world_free(w);
}

static void
test_canonicalize_regular_graph_keeps_every_blank(void **state)
{
  (void)state;
  /* A prism: every blank looks alike, so labels come from several rounds
   * of splitting ties out of the same class. Each split must still give a
   * colour of its own (a repeated colour would merge blanks and lose
   * triples). */
  hdc_world      *w = hdc_world_new();
  hdc_graph      *g = hdc_graph_new(w);
  const hdc_term *e = tg_iri(w, "ex:e");
  enum
  {
    M = 6
  };
  const hdc_term *u[M], *v[M];
  for (int i = 0; i < M; i++) {
    char lu[8], lv[8];
    snprintf(lu, sizeof lu, "u%d", i);
    snprintf(lv, sizeof lv, "v%d", i);
    u[i] = hdc_world_blank(w, hdc_str_from(lu));
    v[i] = hdc_world_blank(w, hdc_str_from(lv));
  }
  for (int i = 0; i < M; i++) {
    int j = (i + 1) % M;
    assert_int_equal(hdc_graph_add(g, u[i], e, u[j]), HDC_OK);
    assert_int_equal(hdc_graph_add(g, u[j], e, u[i]), HDC_OK);
    assert_int_equal(hdc_graph_add(g, v[i], e, v[j]), HDC_OK);
    assert_int_equal(hdc_graph_add(g, v[j], e, v[i]), HDC_OK);
    assert_int_equal(hdc_graph_add(g, u[i], e, v[i]), HDC_OK);
    assert_int_equal(hdc_graph_add(g, v[i], e, u[i]), HDC_OK);
  }
  hdc_graph *c = hdc_graph_new(w);
  assert_int_equal(hdc_graph_canonicalize(g, c), HDC_OK);
  assert_int_equal(hdc_graph_size(c), hdc_graph_size(g));
  assert_true(hdc_graph_isomorphic(g, c));
  /* 2M distinct labels. */
  size_t n = 0;
  for (size_t i = 0; i < hdc_graph_size(c); i++) {
    const hdc_term *s    = hdc_graph_triples(c)[i].s;
    bool            seen = false;
    for (size_t k = 0; k < i && !seen; k++) {
      seen = hdc_graph_triples(c)[k].s == s;
    }
    n += !seen;
  }
  assert_int_equal(n, 2 * M);
  hdc_graph_free(c);
  hdc_graph_free(g);
  hdc_world_free(w);
}

static void
test_canonicalize_independent_of_world_history(void **state)
{
  (void)state;
  /* Labels come from content hashes, not ids or addresses: two worlds
   * built in different orders agree. */
  const char *text = "ex:d ex:p _:x .\n_:x ex:q _:y .\n_:y ex:r \"1\" .\n";
  hdc_world  *w1   = hdc_world_new();
  hdc_world  *w2   = hdc_world_new();
  for (int i = 0; i < 50; i++) {
    char buf[32];
    snprintf(buf, sizeof buf, "http://noise/%d", i);
    hdc_world_iri(w2, hdc_str_from(buf));
  }
  hdc_graph      *a = canon(w1, text);
  hdc_graph      *b = canon(w2, text);
  const hdc_term *xa =
    hdc_graph_object(a, tg_iri(w1, "ex:d"), tg_iri(w1, "ex:p"));
  const hdc_term *xb =
    hdc_graph_object(b, tg_iri(w2, "ex:d"), tg_iri(w2, "ex:p"));
  assert_non_null(xa);
  assert_non_null(xb);
  assert_true(hdc_str_eq(hdc_term_text(xa), hdc_term_text(xb)));
  hdc_graph_free(a);
  hdc_graph_free(b);
  hdc_world_free(w1);
  hdc_world_free(w2);
}

/* A pseudo-random generator with a fixed seed: the tests are repeatable. */
static uint32_t
next_rand(uint32_t *x)
{
  *x ^= *x << 13;
  *x ^= *x >> 17;
  *x ^= *x << 5;
  return *x;
}

typedef struct rgraph
{
  int nb;                  /* blanks 0..nb-1 */
  int n;                   /* edges */
  int s[40], p[40], o[40]; /* o < 0: the literal -o - 1 */
} rgraph;

static void
rgraph_random(rgraph *r, uint32_t *seed, int nb, int n)
{
  r->nb = nb;
  r->n  = 0;
  for (int tries = 0; r->n < n && tries < 1000; tries++) {
    int  s   = (int)(next_rand(seed) % (unsigned)nb);
    int  p   = (int)(next_rand(seed) % 2);
    int  o   = -(int)(next_rand(seed) % 2) - 1; /* a literal, 1 in 5 */
    if (next_rand(seed) % 5 != 0) {
      o = (int)(next_rand(seed) % (unsigned)nb);
    }
    bool dup = false;
    for (int i = 0; i < r->n; i++) {
      dup = dup || (r->s[i] == s && r->p[i] == p && r->o[i] == o);
    }
    if (!dup) {
      r->s[r->n] = s;
      r->p[r->n] = p;
      r->o[r->n] = o;
      r->n++;
    }
  }
}

/* Build r into a graph with blank i labelled prefix + perm[i]. */
static hdc_graph *
rgraph_build(hdc_world *w, const rgraph *r, const int *perm, const char *prefix)
{
  hdc_graph      *g      = hdc_graph_new(w);
  const hdc_term *pr[2]  = {tg_iri(w, "ex:p"), tg_iri(w, "ex:q")};
  const hdc_term *lit[2] = {
    hdc_world_literal(w, HDC_STR("x"), NULL, HDC_STR_NULL),
    hdc_world_literal(w, HDC_STR("y"), NULL, HDC_STR_NULL)};
  for (int i = 0; i < r->n; i++) {
    char ls[32], lo[32];
    snprintf(ls, sizeof ls, "%s%d", prefix, perm[r->s[i]]);
    const hdc_term *s = hdc_world_blank(w, hdc_str_from(ls));
    const hdc_term *o;
    if (r->o[i] < 0) {
      o = lit[-r->o[i] - 1];
    } else {
      snprintf(lo, sizeof lo, "%s%d", prefix, perm[r->o[i]]);
      o = hdc_world_blank(w, hdc_str_from(lo));
    }
    assert_int_equal(hdc_graph_add(g, s, pr[r->p[i]], o), HDC_OK);
  }
  return g;
}

/* Brute force: some permutation of blanks maps a's edges onto b's. */
static bool
rgraph_iso_brute(const rgraph *a, const rgraph *b)
{
  if (a->nb != b->nb || a->n != b->n) {
    return false;
  }
  int perm[8];
  int nb = a->nb;
  for (int i = 0; i < nb; i++) {
    perm[i] = i;
  }
  for (;;) {
    bool all = true;
    for (int i = 0; i < a->n && all; i++) {
      int  s  = perm[a->s[i]];
      int  o  = a->o[i] < 0 ? a->o[i] : perm[a->o[i]];
      bool in = false;
      for (int j = 0; j < b->n && !in; j++) {
        in = b->s[j] == s && b->p[j] == a->p[i] && b->o[j] == o;
      }
      all = in;
    }
    if (all) {
      return true;
    }
    /* next permutation (lexicographic) */
    int k = nb - 2;
    while (k >= 0 && perm[k] > perm[k + 1]) {
      k--;
    }
    if (k < 0) {
      return false;
    }
    int l = nb - 1;
    while (perm[l] < perm[k]) {
      l--;
    }
    int t   = perm[k];
    perm[k] = perm[l];
    perm[l] = t;
    for (int i = k + 1, m = nb - 1; i < m; i++, m--) {
      t       = perm[i];
      perm[i] = perm[m];
      perm[m] = t;
    }
  }
}

/* Blanks that occur in no edge make the brute force and the graph differ
 * (a graph only has the blanks its triples use): renumber them away. */
static void
rgraph_compact(rgraph *r)
{
  int map[8];
  int used[8] = {0};
  for (int i = 0; i < r->n; i++) {
    used[r->s[i]] = 1;
    if (r->o[i] >= 0) {
      used[r->o[i]] = 1;
    }
  }
  int k = 0;
  for (int i = 0; i < r->nb; i++) {
    map[i] = used[i] ? k++ : -1;
  }
  for (int i = 0; i < r->n; i++) {
    r->s[i] = map[r->s[i]];
    if (r->o[i] >= 0) {
      r->o[i] = map[r->o[i]];
    }
  }
  r->nb = k;
}

static void
test_iso_random_matches_brute_force(void **state)
{
  (void)state;
  hdc_world *w          = hdc_world_new();
  uint32_t   seed       = 88172645u;
  int        agree_true = 0, agree_false = 0;
  for (int round = 0; round < 400; round++) {
    rgraph a, b;
    int    nb = 2 + (int)(next_rand(&seed) % 6);
    int    n  = nb + (int)(next_rand(&seed) % (unsigned)(2 * nb));
    rgraph_random(&a, &seed, nb, n);
    rgraph_compact(&a);
    if (round % 3 == 2) {
      /* b: a with its edges reversed in order (isomorphic; labels differ
       * below), or with two predicates swapped (sometimes isomorphic). */
      b = a;
      for (int i = 0; i < a.n; i++) {
        b.s[i] = a.s[a.n - 1 - i];
        b.p[i] = a.p[a.n - 1 - i];
        b.o[i] = a.o[a.n - 1 - i];
      }
      if (round % 2 == 0 && b.n >= 2 && b.p[0] != b.p[1]) {
        int t    = b.p[0];
        b.p[0]   = b.p[1];
        b.p[1]   = t;
        bool dup = false;
        for (int j = 0; j < b.n; j++) {
          for (int k = j + 1; k < b.n; k++) {
            dup =
              dup || (b.s[j] == b.s[k] && b.p[j] == b.p[k] && b.o[j] == b.o[k]);
          }
        }
        if (dup) {
          continue;
        }
      }
    } else if (round % 3 == 0) {
      /* b: a with one edge changed (often not isomorphic). */
      b        = a;
      int i    = (int)(next_rand(&seed) % (unsigned)b.n);
      b.p[i]   = 1 - b.p[i];
      bool dup = false;
      for (int j = 0; j < b.n; j++) {
        dup = dup || (j != i && b.s[j] == b.s[i] && b.p[j] == b.p[i] &&
                      b.o[j] == b.o[i]);
      }
      if (dup) {
        continue;
      }
    } else {
      /* b: an independent random graph of the same size. */
      rgraph_random(&b, &seed, nb, n);
      rgraph_compact(&b);
    }
    int perm[8], ident[8];
    for (int i = 0; i < 8; i++) {
      perm[i]  = i;
      ident[i] = i;
    }
    for (int i = 7; i > 0; i--) {
      int j   = (int)(next_rand(&seed) % (unsigned)(i + 1));
      int t   = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    hdc_graph *ga  = rgraph_build(w, &a, ident, "a");
    hdc_graph *gap = rgraph_build(w, &a, perm, "z");
    hdc_graph *gb  = rgraph_build(w, &b, perm, "b");
    /* A relabelled, reordered copy is always isomorphic. */
    assert_true(hdc_graph_isomorphic(ga, gap));
    bool expect = rgraph_iso_brute(&a, &b);
    bool got    = hdc_graph_isomorphic(ga, gb);
    assert_int_equal(got, expect);
    agree_true += expect;
    agree_false += !expect;
    /* Canonical forms: isomorphic to the input, and the same for the
     * relabelled copy (ties here are all between interchangeable blanks). */
    hdc_graph *ca  = hdc_graph_new(w);
    hdc_graph *cap = hdc_graph_new(w);
    assert_int_equal(hdc_graph_canonicalize(ga, ca), HDC_OK);
    assert_int_equal(hdc_graph_canonicalize(gap, cap), HDC_OK);
    assert_true(hdc_graph_isomorphic(ga, ca));
    assert_true(hdc_graph_isomorphic(cap, ca));
    assert_true(same_triples(ca, cap));
    hdc_graph_free(ca);
    hdc_graph_free(cap);
    hdc_graph_free(ga);
    hdc_graph_free(gap);
    hdc_graph_free(gb);
  }
  /* Both answers were exercised. */
  assert_true(agree_true > 50);
  assert_true(agree_false > 50);
  hdc_world_free(w);
}

static void
test_iso_long_blank_chain_fast(void **state)
{
  (void)state;
  /* An RDF list of 50,000 blank nodes: refinement separates one node per
   * round, which must not cost a pass over the whole graph each round. */
  hdc_world      *w     = hdc_world_new();
  hdc_graph      *a     = hdc_graph_new(w);
  hdc_graph      *b     = hdc_graph_new(w);
  const hdc_term *first = hdc_world_iri(w, HDC_STR(HDC_NS_RDF "first"));
  const hdc_term *rest  = hdc_world_iri(w, HDC_STR(HDC_NS_RDF "rest"));
  const hdc_term *nil   = hdc_world_iri(w, HDC_STR(HDC_NS_RDF "nil"));
  const hdc_term *head  = tg_iri(w, "ex:s");
  const hdc_term *v = hdc_world_literal(w, HDC_STR("v"), NULL, HDC_STR_NULL);
  enum
  {
    N = 50000
  };
  const hdc_graph *gs[2] = {a, b};
  for (int side = 0; side < 2; side++) {
    hdc_graph      *g    = (hdc_graph *)gs[side];
    const hdc_term *prev = head;
    const hdc_term *link = tg_iri(w, "ex:list");
    for (int i = 0; i < N; i++) {
      char label[32];
      /* Side b numbers its nodes backwards. */
      snprintf(label, sizeof label, "%c%d", 'a' + side, side ? N - i : i);
      const hdc_term *node = hdc_world_blank(w, hdc_str_from(label));
      assert_int_equal(hdc_graph_add(g, prev, link, node), HDC_OK);
      assert_int_equal(hdc_graph_add(g, node, first, v), HDC_OK);
      prev = node;
      link = rest;
    }
    assert_int_equal(hdc_graph_add(g, prev, rest, nil), HDC_OK);
  }
  assert_true(hdc_graph_isomorphic(a, b));
  hdc_graph *ca = hdc_graph_new(w);
  hdc_graph *cb = hdc_graph_new(w);
  assert_int_equal(hdc_graph_canonicalize(a, ca), HDC_OK);
  assert_int_equal(hdc_graph_canonicalize(b, cb), HDC_OK);
  assert_true(same_triples(ca, cb));
  /* Cut the last link on one side: no longer isomorphic. */
  hdc_graph_truncate(b, hdc_graph_size(b) - 1);
  assert_int_equal(
    hdc_graph_add(
      b, hdc_world_blank(w, HDC_STR("b1")), rest, tg_iri(w, "ex:other")),
    HDC_OK);
  assert_false(hdc_graph_isomorphic(a, b));
  hdc_graph_free(ca);
  hdc_graph_free(cb);
  hdc_graph_free(a);
  hdc_graph_free(b);
  hdc_world_free(w);
}

static void
test_iso_oom_false_and_canon_nomem(void **state)
{
  (void)state;
  hdc_world *w = hdc_world_new();
  hdc_graph *a = tg_graph(w,
                          "ex:s ex:p _:a .\nex:s ex:p _:b .\n"
                          "_:a ex:q \"v\" .\n_:b ex:q \"v\" .\n"
                          "_:a ex:r _:b .\n");
  hdc_graph *b = tg_graph(w,
                          "ex:s ex:p _:y .\nex:s ex:p _:x .\n"
                          "_:x ex:q \"v\" .\n_:y ex:q \"v\" .\n"
                          "_:y ex:r _:x .\n");
  assert_true(hdc_graph_isomorphic(a, b));
  bool iso_done = false, canon_done = false;
  for (long fail = 0; fail < 200 && !(iso_done && canon_done); fail++) {
    hdc_alloc_fail_after(fail);
    bool same = hdc_graph_isomorphic(a, b);
    hdc_alloc_fail_after(-1);
    iso_done = iso_done || same;

    hdc_graph *c = hdc_graph_new(w);
    assert_non_null(c);
    hdc_alloc_fail_after(fail);
    hdc_status st = hdc_graph_canonicalize(a, c);
    hdc_alloc_fail_after(-1);
    if (st == HDC_OK) {
      assert_true(hdc_graph_isomorphic(a, c));
      canon_done = true;
    } else {
      assert_int_equal(st, HDC_ERR_NOMEM);
      assert_int_equal(hdc_graph_size(c), 0);
    }
    hdc_graph_free(c);
  }
  assert_true(iso_done);
  assert_true(canon_done);
  hdc_graph_free(a);
  hdc_graph_free(b);
  hdc_world_free(w);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_iso_ground_graphs),
    cmocka_unit_test(test_iso_renamed_blanks),
    cmocka_unit_test(test_iso_same_counts_different_shape),
    cmocka_unit_test(test_iso_indistinguishable_blanks),
    cmocka_unit_test(test_iso_blank_cycles),
    cmocka_unit_test(test_iso_regular_graphs_need_search),
    cmocka_unit_test(test_iso_many_symmetric_blanks),
    cmocka_unit_test(test_iso_arguments),
    cmocka_unit_test(test_canonicalize_stable_under_renaming),
    cmocka_unit_test(test_canonicalize_symmetric_blanks_agree),
    cmocka_unit_test(test_canonicalize_regular_graph_keeps_every_blank),
    cmocka_unit_test(test_canonicalize_independent_of_world_history),
    cmocka_unit_test(test_iso_random_matches_brute_force),
    cmocka_unit_test(test_iso_long_blank_chain_fast),
    cmocka_unit_test(test_iso_oom_false_and_canon_nomem),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
