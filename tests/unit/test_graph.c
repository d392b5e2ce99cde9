// SPDX-License-Identifier: EUPL-1.2
/*
 * Unit tests of graphs: adding (and refusing) triples, duplicates, rollback
 * with truncate, clear, pattern matching for every shape of pattern (checked
 * against a brute-force scan on small and large graphs, so both index
 * builders are covered), count and object, memory accounting, and OOM.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "hdcat/graph.h"

#include <stdio.h>
#include <string.h>

static hdc_str
S(const char *z)
{
  return hdc_str_from(z);
}

static const hdc_term *
iri(hdc_world *w, const char *local)
{
  char buf[256];
  snprintf(buf, sizeof buf, "http://example.org/%s", local);
  return hdc_world_iri(w, S(buf));
}

static const hdc_term *
iri_n(hdc_world *w, const char *prefix, unsigned n)
{
  char buf[256];
  snprintf(buf, sizeof buf, "http://example.org/%s%u", prefix, n);
  return hdc_world_iri(w, S(buf));
}

/* Number of triples of g matching the pattern, by scanning everything. */
static size_t
brute_count(const hdc_graph *g,
            const hdc_term  *s,
            const hdc_term  *p,
            const hdc_term  *o)
{
  size_t            n = 0;
  const hdc_triple *t = hdc_graph_triples(g);
  for (size_t i = 0; i < hdc_graph_size(g); i++) {
    if ((!s || t[i].s == s) && (!p || t[i].p == p) && (!o || t[i].o == o)) {
      n++;
    }
  }
  return n;
}

/* Check match() against the brute force: same number of results, every
 * result matches and none repeats. */
static void
check_pattern(const hdc_graph *g,
              const hdc_term  *s,
              const hdc_term  *p,
              const hdc_term  *o)
{
  size_t   expect = brute_count(g, s, p, o);
  hdc_iter it;
  hdc_graph_match(g, s, p, o, &it);
  size_t               got  = 0;
  const hdc_triple    *prev = NULL;
  const hdc_triple    *t;
  const hdc_triple    *base = hdc_graph_triples(g);
  static unsigned char seen[1 << 16];
  memset(seen, 0, sizeof seen);
  while ((t = hdc_iter_next(&it)) != NULL) {
    assert_true(!s || t->s == s);
    assert_true(!p || t->p == p);
    assert_true(!o || t->o == o);
    size_t idx = (size_t)(t - base);
    assert_true(idx < hdc_graph_size(g));
    if (idx < sizeof seen) {
      assert_int_equal(seen[idx], 0);
      seen[idx] = 1;
    }
    prev = t;
    got++;
  }
  (void)prev;
  assert_int_equal(got, expect);
  assert_null(hdc_iter_next(&it));
  assert_int_equal(hdc_graph_count(g, s, p, o), expect);
}

static void
test_graph_add_and_duplicate(void **state)
{
  (void)state;
  hdc_world      *w = hdc_world_new();
  hdc_graph      *g = hdc_graph_new(w);
  const hdc_term *s = iri(w, "s");
  const hdc_term *p = iri(w, "p");
  const hdc_term *o = hdc_world_literal(w, S("v"), NULL, HDC_STR_NULL);
  assert_non_null(g);
  assert_ptr_equal(hdc_graph_world(g), w);
  assert_int_equal(hdc_graph_size(g), 0);
  assert_false(hdc_graph_contains(g, s, p, o));
  assert_int_equal(hdc_graph_add(g, s, p, o), HDC_OK);
  assert_int_equal(hdc_graph_add(g, s, p, o), HDC_FAILURE);
  assert_int_equal(hdc_graph_size(g), 1);
  assert_true(hdc_graph_contains(g, s, p, o));
  assert_false(hdc_graph_contains(g, s, p, s));
  const hdc_triple *t = hdc_graph_triples(g);
  assert_ptr_equal(t[0].s, s);
  assert_ptr_equal(t[0].p, p);
  assert_ptr_equal(t[0].o, o);
  hdc_graph_free(g);
  hdc_world_free(w);
}

static void
test_graph_add_invalid_arguments(void **state)
{
  (void)state;
  hdc_world      *w   = hdc_world_new();
  hdc_graph      *g   = hdc_graph_new(w);
  const hdc_term *s   = iri(w, "s");
  const hdc_term *p   = iri(w, "p");
  const hdc_term *b   = hdc_world_blank(w, S("b"));
  const hdc_term *lit = hdc_world_literal(w, S("v"), NULL, HDC_STR_NULL);
  assert_int_equal(hdc_graph_add(g, lit, p, s), HDC_ERR_INVALID_ARG);
  assert_int_equal(hdc_graph_add(g, s, b, s), HDC_ERR_INVALID_ARG);
  assert_int_equal(hdc_graph_add(g, s, lit, s), HDC_ERR_INVALID_ARG);
  assert_int_equal(hdc_graph_add(g, NULL, p, s), HDC_ERR_INVALID_ARG);
  assert_int_equal(hdc_graph_add(g, s, NULL, s), HDC_ERR_INVALID_ARG);
  assert_int_equal(hdc_graph_add(g, s, p, NULL), HDC_ERR_INVALID_ARG);
  assert_int_equal(hdc_graph_add(NULL, s, p, s), HDC_ERR_INVALID_ARG);
  assert_int_equal(hdc_graph_size(g), 0);
  /* Blank subjects and blank or literal objects are fine. */
  assert_int_equal(hdc_graph_add(g, b, p, lit), HDC_OK);
  assert_int_equal(hdc_graph_add(g, s, p, b), HDC_OK);
  assert_null(hdc_graph_new(NULL));
  hdc_graph_free(g);
  hdc_world_free(w);
}

static void
test_graph_free_null_noop(void **state)
{
  (void)state;
  hdc_graph_free(NULL);
  hdc_graph_clear(NULL);
  hdc_graph_truncate(NULL, 0);
  assert_int_equal(hdc_graph_size(NULL), 0);
  assert_null(hdc_graph_triples(NULL));
  assert_null(hdc_graph_world(NULL));
  assert_int_equal(hdc_graph_bytes(NULL), 0);
  assert_int_equal(hdc_graph_index(NULL), HDC_ERR_INVALID_ARG);
  assert_false(hdc_graph_contains(NULL, NULL, NULL, NULL));
  assert_int_equal(hdc_graph_count(NULL, NULL, NULL, NULL), 0);
  assert_null(hdc_graph_object(NULL, NULL, NULL));
  hdc_iter it;
  hdc_graph_match(NULL, NULL, NULL, NULL, &it);
  assert_null(hdc_iter_next(&it));
  assert_null(hdc_iter_next(NULL));
}

static void
test_graph_truncate_rolls_back(void **state)
{
  (void)state;
  hdc_world      *w = hdc_world_new();
  hdc_graph      *g = hdc_graph_new(w);
  const hdc_term *p = iri(w, "p");
  for (unsigned i = 0; i < 100; i++) {
    assert_int_equal(hdc_graph_add(g, iri_n(w, "s", i), p, iri_n(w, "o", i)),
                     HDC_OK);
  }
  /* A lookup first, so truncate must also invalidate the index. */
  assert_int_equal(hdc_graph_count(g, NULL, p, NULL), 100);
  hdc_graph_truncate(g, 60);
  assert_int_equal(hdc_graph_size(g), 60);
  assert_int_equal(hdc_graph_count(g, NULL, p, NULL), 60);
  for (unsigned i = 0; i < 100; i++) {
    bool in = hdc_graph_contains(g, iri_n(w, "s", i), p, iri_n(w, "o", i));
    assert_int_equal(in, i < 60);
    assert_int_equal(hdc_graph_count(g, iri_n(w, "s", i), NULL, NULL),
                     i < 60 ? 1 : 0);
  }
  /* Removed triples can be added again; kept ones are still duplicates. */
  assert_int_equal(hdc_graph_add(g, iri_n(w, "s", 70), p, iri_n(w, "o", 70)),
                   HDC_OK);
  assert_int_equal(hdc_graph_add(g, iri_n(w, "s", 10), p, iri_n(w, "o", 10)),
                   HDC_FAILURE);
  /* Dropping most of the graph takes the rebuild path. */
  hdc_graph_truncate(g, 5);
  assert_int_equal(hdc_graph_size(g), 5);
  for (unsigned i = 0; i < 100; i++) {
    bool in = hdc_graph_contains(g, iri_n(w, "s", i), p, iri_n(w, "o", i));
    assert_int_equal(in, i < 5);
  }
  hdc_graph_truncate(g, 50); /* larger than the size: nothing happens */
  assert_int_equal(hdc_graph_size(g), 5);
  hdc_graph_truncate(g, 0);
  assert_int_equal(hdc_graph_size(g), 0);
  assert_false(hdc_graph_contains(g, iri_n(w, "s", 0), p, iri_n(w, "o", 0)));
  assert_int_equal(hdc_graph_add(g, iri_n(w, "s", 0), p, iri_n(w, "o", 0)),
                   HDC_OK);
  hdc_graph_free(g);
  hdc_world_free(w);
}

static void
test_graph_truncate_keeps_probe_chains(void **state)
{
  (void)state;
  /* Many triples, removed a few at a time from the end: each removal
   * shifts entries of the open-addressing set, and everything that stays
   * must still be found. */
  hdc_world      *w = hdc_world_new();
  hdc_graph      *g = hdc_graph_new(w);
  const hdc_term *p = iri(w, "p");
  const unsigned  N = 3000;
  for (unsigned i = 0; i < N; i++) {
    assert_int_equal(
      hdc_graph_add(g, iri_n(w, "s", i % 97), p, iri_n(w, "o", i)), HDC_OK);
  }
  for (unsigned keep = N; keep > 1500; keep -= 37) {
    hdc_graph_truncate(g, keep);
    for (unsigned i = 0; i < N; i += 11) {
      bool in =
        hdc_graph_contains(g, iri_n(w, "s", i % 97), p, iri_n(w, "o", i));
      assert_int_equal(in, i < keep);
    }
  }
  hdc_graph_free(g);
  hdc_world_free(w);
}

static void
test_graph_fresh_triples_deduplicated_later(void **state)
{
  (void)state;
  /* Triples with a brand-new term skip the duplicate check when added and
   * join the duplicate set later; every path must still see them. */
  hdc_world      *w = hdc_world_new();
  hdc_graph      *g = hdc_graph_new(w);
  const hdc_term *p = iri(w, "p");
  for (unsigned i = 0; i < 40; i++) {
    /* new subject and object: never checked on the way in */
    assert_int_equal(hdc_graph_add(g, iri_n(w, "s", i), p, iri_n(w, "o", i)),
                     HDC_OK);
  }
  /* Re-adding uses only old terms, so it is checked against all of them. */
  assert_int_equal(hdc_graph_add(g, iri_n(w, "s", 39), p, iri_n(w, "o", 39)),
                   HDC_FAILURE);
  assert_int_equal(hdc_graph_add(g, iri_n(w, "s", 3), p, iri_n(w, "o", 3)),
                   HDC_FAILURE);
  for (unsigned i = 40; i < 60; i++) {
    assert_int_equal(hdc_graph_add(g, iri_n(w, "s", i), p, iri_n(w, "o", i)),
                     HDC_OK);
  }
  /* Truncate partly within the waiting triples, then below them. */
  hdc_graph_truncate(g, 50);
  assert_false(hdc_graph_contains(g, iri_n(w, "s", 55), p, iri_n(w, "o", 55)));
  assert_true(hdc_graph_contains(g, iri_n(w, "s", 45), p, iri_n(w, "o", 45)));
  for (unsigned i = 60; i < 70; i++) {
    assert_int_equal(hdc_graph_add(g, iri_n(w, "s", i), p, iri_n(w, "o", i)),
                     HDC_OK);
  }
  hdc_graph_truncate(g, 20);
  assert_int_equal(hdc_graph_size(g), 20);
  for (unsigned i = 0; i < 70; i++) {
    bool in = hdc_graph_contains(g, iri_n(w, "s", i), p, iri_n(w, "o", i));
    assert_int_equal(in, i < 20);
    hdc_iter it;
    hdc_graph_match(g, iri_n(w, "s", i), p, iri_n(w, "o", i), &it);
    assert_int_equal(hdc_iter_next(&it) != NULL, i < 20);
  }
  /* Removed ones come back; kept ones are still duplicates. */
  assert_int_equal(hdc_graph_add(g, iri_n(w, "s", 30), p, iri_n(w, "o", 30)),
                   HDC_OK);
  assert_int_equal(hdc_graph_add(g, iri_n(w, "s", 10), p, iri_n(w, "o", 10)),
                   HDC_FAILURE);
  /* New waiting triples, then a lookup with no memory: found by scanning. */
  for (unsigned i = 100; i < 110; i++) {
    assert_int_equal(hdc_graph_add(g, iri_n(w, "s", i), p, iri_n(w, "o", i)),
                     HDC_OK);
  }
  const hdc_term *s105 = iri_n(w, "s", 105), *o105 = iri_n(w, "o", 105);
  const hdc_term *s999 = iri_n(w, "s", 999);
  hdc_alloc_fail_after(0);
  bool       in  = hdc_graph_contains(g, s105, p, o105);
  bool       out = hdc_graph_contains(g, s999, p, o105);
  hdc_status dup = hdc_graph_add(g, s105, p, o105);
  hdc_alloc_fail_after(-1);
  assert_true(in);
  assert_false(out);
  /* The check needs the set, which needed memory: refused cleanly. */
  assert_true(dup == HDC_FAILURE || dup == HDC_ERR_NOMEM);
  assert_int_equal(hdc_graph_add(g, s105, p, o105), HDC_FAILURE);
  assert_int_equal(hdc_graph_size(g), 31);
  hdc_graph_free(g);
  hdc_world_free(w);
}

static void
test_graph_clear_empties(void **state)
{
  (void)state;
  hdc_world      *w = hdc_world_new();
  hdc_graph      *g = hdc_graph_new(w);
  const hdc_term *s = iri(w, "s");
  const hdc_term *p = iri(w, "p");
  assert_int_equal(hdc_graph_add(g, s, p, s), HDC_OK);
  assert_int_equal(hdc_graph_count(g, s, NULL, NULL), 1);
  size_t terms = hdc_world_size(w);
  hdc_graph_clear(g);
  assert_int_equal(hdc_graph_size(g), 0);
  assert_int_equal(hdc_graph_count(g, s, NULL, NULL), 0);
  assert_false(hdc_graph_contains(g, s, p, s));
  assert_int_equal(hdc_world_size(w), terms);
  assert_int_equal(hdc_graph_add(g, s, p, s), HDC_OK);
  assert_int_equal(hdc_graph_count(g, s, NULL, NULL), 1);
  hdc_graph_free(g);
  hdc_world_free(w);
}

static void
test_graph_match_every_pattern_small(void **state)
{
  (void)state;
  hdc_world      *w    = hdc_world_new();
  hdc_graph      *g    = hdc_graph_new(w);
  const hdc_term *a    = iri(w, "a");
  const hdc_term *b    = iri(w, "b");
  const hdc_term *c    = hdc_world_blank(w, S("c"));
  const hdc_term *p    = iri(w, "p");
  const hdc_term *q    = iri(w, "q");
  const hdc_term *l    = hdc_world_literal(w, S("l"), NULL, HDC_STR_NULL);
  const hdc_term *nx   = iri(w, "not-in-graph");
  const hdc_term *ts[] = {a, b, c};
  const hdc_term *ps[] = {p, q};
  const hdc_term *os[] = {a, b, c, l};
  /* A deterministic subset of all combinations. */
  unsigned k = 0;
  for (size_t i = 0; i < 3; i++) {
    for (size_t j = 0; j < 2; j++) {
      for (size_t m = 0; m < 4; m++) {
        if ((k++ * 7) % 3 != 0) {
          assert_int_equal(hdc_graph_add(g, ts[i], ps[j], os[m]), HDC_OK);
        }
      }
    }
  }
  const hdc_term *sv[] = {NULL, a, b, c, nx};
  const hdc_term *pv[] = {NULL, p, q, nx};
  const hdc_term *ov[] = {NULL, a, b, c, l, nx};
  for (size_t i = 0; i < 5; i++) {
    for (size_t j = 0; j < 4; j++) {
      for (size_t m = 0; m < 6; m++) {
        check_pattern(g, sv[i], pv[j], ov[m]);
      }
    }
  }
  assert_int_equal(hdc_graph_count(g, NULL, NULL, NULL), hdc_graph_size(g));
  assert_int_equal(hdc_graph_count(g, nx, NULL, NULL), 0);
  hdc_graph_free(g);
  hdc_world_free(w);
}

/* A pseudo-random generator with a fixed seed: the test is repeatable. */
static uint32_t
next_rand(uint32_t *x)
{
  *x ^= *x << 13;
  *x ^= *x >> 17;
  *x ^= *x << 5;
  return *x;
}

static void
match_large(size_t n_triples, bool big_world)
{
  hdc_world *w = hdc_world_new();
  hdc_graph *g = hdc_graph_new(w);
  if (big_world) {
    /* Many more terms than triples: the comparison sort is used. */
    for (unsigned i = 0; i < 8 * n_triples + 5000; i++) {
      assert_non_null(iri_n(w, "filler", i));
    }
  }
  uint32_t        x = 2463534242u;
  const hdc_term *subj[300], *pred[12], *obj[500];
  for (unsigned i = 0; i < 300; i++) {
    subj[i] = (i % 5 == 0) ? hdc_world_blank_fresh(w) : iri_n(w, "s", i);
  }
  for (unsigned i = 0; i < 12; i++) {
    pred[i] = iri_n(w, "p", i);
  }
  for (unsigned i = 0; i < 500; i++) {
    char lex[32];
    snprintf(lex, sizeof lex, "%u", i);
    obj[i] =
      (i < 300) ? subj[i] : hdc_world_literal(w, S(lex), NULL, HDC_STR_NULL);
  }
  size_t added = 0;
  while (added < n_triples) {
    /* Skewed predicates, as real data: rdf:type-like p0 is frequent. */
    unsigned   r  = next_rand(&x);
    unsigned   pi = (r % 4 == 0) ? 0 : next_rand(&x) % 12;
    hdc_status st = hdc_graph_add(
      g, subj[next_rand(&x) % 300], pred[pi], obj[next_rand(&x) % 500]);
    assert_true(st == HDC_OK || st == HDC_FAILURE);
    added += st == HDC_OK;
  }
  assert_int_equal(hdc_graph_index(g), HDC_OK);
  for (unsigned round = 0; round < 150; round++) {
    const hdc_term *s     = subj[next_rand(&x) % 300];
    const hdc_term *p     = pred[next_rand(&x) % 12];
    const hdc_term *o     = obj[next_rand(&x) % 500];
    unsigned        shape = round % 8;
    check_pattern(g,
                  (shape & 1) ? s : NULL,
                  (shape & 2) ? p : NULL,
                  (shape & 4) ? o : NULL);
  }
  /* The first (s, p, *) object is the first one added. */
  for (unsigned i = 0; i < 300; i++) {
    const hdc_triple *t     = hdc_graph_triples(g);
    const hdc_term   *first = NULL;
    for (size_t k = 0; k < hdc_graph_size(g) && !first; k++) {
      if (t[k].s == subj[i] && t[k].p == pred[0]) {
        first = t[k].o;
      }
    }
    assert_ptr_equal(hdc_graph_object(g, subj[i], pred[0]), first);
  }
  hdc_graph_free(g);
  hdc_world_free(w);
}

static void
test_graph_match_large_counting_sort(void **state)
{
  (void)state;
  match_large(20000, false);
}

static void
test_graph_match_large_comparison_sort(void **state)
{
  (void)state;
  match_large(3000, true);
}

static void
test_graph_index_refreshed_after_change(void **state)
{
  (void)state;
  hdc_world      *w = hdc_world_new();
  hdc_graph      *g = hdc_graph_new(w);
  const hdc_term *s = iri(w, "s");
  const hdc_term *p = iri(w, "p");
  assert_int_equal(hdc_graph_count(g, s, p, NULL), 0);
  assert_null(hdc_graph_object(g, s, p));
  for (unsigned i = 0; i < 10; i++) {
    assert_int_equal(hdc_graph_add(g, s, p, iri_n(w, "o", i)), HDC_OK);
    assert_int_equal(hdc_graph_count(g, s, p, NULL), i + 1);
    assert_int_equal(hdc_graph_count(g, NULL, p, iri_n(w, "o", i)), 1);
  }
  assert_ptr_equal(hdc_graph_object(g, s, p), iri_n(w, "o", 0));
  assert_int_equal(hdc_graph_index(g), HDC_OK);
  assert_int_equal(hdc_graph_count(g, s, NULL, NULL), 10);
  hdc_graph_free(g);
  hdc_world_free(w);
}

static void
test_graph_add_graph_merges(void **state)
{
  (void)state;
  hdc_world      *w  = hdc_world_new();
  hdc_world      *w2 = hdc_world_new();
  hdc_graph      *a  = hdc_graph_new(w);
  hdc_graph      *b  = hdc_graph_new(w);
  hdc_graph      *c  = hdc_graph_new(w2);
  const hdc_term *p  = iri(w, "p");
  for (unsigned i = 0; i < 10; i++) {
    assert_int_equal(hdc_graph_add(a, iri_n(w, "s", i), p, p), HDC_OK);
  }
  for (unsigned i = 5; i < 15; i++) {
    assert_int_equal(hdc_graph_add(b, iri_n(w, "s", i), p, p), HDC_OK);
  }
  assert_int_equal(hdc_graph_add_graph(a, b), HDC_OK);
  assert_int_equal(hdc_graph_size(a), 15);
  assert_int_equal(hdc_graph_add_graph(a, a), HDC_OK);
  assert_int_equal(hdc_graph_size(a), 15);
  assert_int_equal(hdc_graph_add_graph(c, a), HDC_ERR_INVALID_ARG);
  assert_int_equal(hdc_graph_add_graph(NULL, a), HDC_ERR_INVALID_ARG);
  assert_int_equal(hdc_graph_add_graph(a, NULL), HDC_ERR_INVALID_ARG);
  hdc_graph_free(a);
  hdc_graph_free(b);
  hdc_graph_free(c);
  hdc_world_free(w);
  hdc_world_free(w2);
}

static void
test_graph_bytes_within_budget(void **state)
{
  (void)state;
  hdc_world      *w     = hdc_world_new();
  hdc_graph      *g     = hdc_graph_new(w);
  const hdc_term *p     = iri(w, "p");
  size_t          empty = hdc_graph_bytes(g);
  assert_true(empty > 0);
  const unsigned N = 50000;
  for (unsigned i = 0; i < N; i++) {
    assert_int_equal(
      hdc_graph_add(g, iri_n(w, "s", i / 10), p, iri_n(w, "o", i)), HDC_OK);
  }
  size_t before = hdc_graph_bytes(g);
  assert_int_equal(hdc_graph_index(g), HDC_OK);
  size_t after = hdc_graph_bytes(g);
  /* The indexes are counted: two uint32 per triple. */
  assert_true(after >= before + 8 * (size_t)N);
  /* The budget: at most 64 bytes per triple with its indexes. */
  assert_true(after <= 64 * (size_t)N);
  assert_true(after >= 24 * (size_t)N + 8 * (size_t)N);
  hdc_graph_free(g);
  hdc_world_free(w);
}

static void
test_graph_oom_add_leaves_graph_unchanged(void **state)
{
  (void)state;
  hdc_world      *w = hdc_world_new();
  const hdc_term *p = iri(w, "p");
  const unsigned  N = 500;
  /* Pre-intern every term so only graph allocations can fail. */
  for (unsigned i = 0; i < N; i++) {
    assert_non_null(iri_n(w, "s", i));
  }
  bool completed = false;
  for (long fail = 0; fail < 100 && !completed; fail++) {
    hdc_graph *g = NULL;
    hdc_alloc_fail_after(fail);
    g = hdc_graph_new(w);
    if (!g) {
      hdc_alloc_fail_after(-1);
      continue;
    }
    bool ok = true;
    for (unsigned i = 0; i < N && ok; i++) {
      const hdc_term *s    = iri_n(w, "s", i);
      size_t          size = hdc_graph_size(g);
      hdc_status      st   = hdc_graph_add(g, s, p, s);
      if (st != HDC_OK) {
        assert_int_equal(st, HDC_ERR_NOMEM);
        assert_int_equal(hdc_graph_size(g), size);
        hdc_alloc_fail_after(-1);
        assert_false(hdc_graph_contains(g, s, p, s));
        assert_int_equal(hdc_graph_add(g, s, p, s), HDC_OK);
        ok = false;
      }
    }
    if (ok) {
      /* Index building fails cleanly too; lookups then scan. */
      size_t n = hdc_graph_count(g, NULL, p, NULL);
      assert_int_equal(n, N);
      hdc_graph_clear(g);
      for (unsigned i = 0; i < N; i++) {
        hdc_alloc_fail_after(-1);
        assert_int_equal(
          hdc_graph_add(g, iri_n(w, "s", i), p, iri_n(w, "s", i)), HDC_OK);
      }
      hdc_alloc_fail_after(fail % 3);
      hdc_status st = hdc_graph_index(g);
      assert_true(st == HDC_OK || st == HDC_ERR_NOMEM);
      assert_int_equal(hdc_graph_count(g, NULL, p, NULL), N);
      assert_int_equal(hdc_graph_count(g, iri_n(w, "s", 7), NULL, NULL), 1);
      assert_ptr_equal(hdc_graph_object(g, iri_n(w, "s", 7), p),
                       iri_n(w, "s", 7));
    }
    hdc_alloc_fail_after(-1);
    completed = ok;
    hdc_graph_free(g);
  }
  assert_true(completed);
  hdc_world_free(w);
}

static void
test_graph_index_oom_falls_back_to_scan(void **state)
{
  (void)state;
  /* Large enough for the counting-sort builder; each of its allocations
   * fails in turn, and every lookup must still answer right. */
  hdc_world      *w = hdc_world_new();
  hdc_graph      *g = hdc_graph_new(w);
  const hdc_term *p = iri(w, "p");
  const hdc_term *q = iri(w, "q");
  const unsigned  N = 3000;
  for (unsigned i = 0; i < N; i++) {
    assert_int_equal(hdc_graph_add(g, iri_n(w, "s", i % 100),
                                   (i % 3) ? p : q, iri_n(w, "o", i)),
                     HDC_OK);
  }
  const hdc_term *s7 = iri_n(w, "s", 7);
  const hdc_term *o7 = iri_n(w, "o", 7);
  for (long fail = 0; fail < 8; fail++) {
    /* A change makes the next lookup rebuild. */
    assert_int_equal(hdc_graph_add(g, s7, p, p), HDC_OK);
    hdc_graph_truncate(g, N);
    hdc_alloc_fail_after(fail);
    size_t n_p  = hdc_graph_count(g, NULL, p, NULL);
    size_t n_s  = hdc_graph_count(g, s7, NULL, NULL);
    size_t n_sp = hdc_graph_count(g, s7, q, NULL);
    size_t n_o  = hdc_graph_count(g, NULL, NULL, o7);
    bool   sub  = hdc_graph_is_subclass(g, p, q);
    hdc_alloc_fail_after(-1);
    assert_int_equal(n_p, brute_count(g, NULL, p, NULL));
    assert_int_equal(n_s, N / 100);
    assert_int_equal(n_sp, brute_count(g, s7, q, NULL));
    assert_int_equal(n_o, 1);
    assert_false(sub);
  }
  hdc_graph_free(g);
  hdc_world_free(w);
}

static void
test_graph_add_graph_oom_all_or_nothing(void **state)
{
  (void)state;
  hdc_world      *w   = hdc_world_new();
  hdc_graph      *src = hdc_graph_new(w);
  const hdc_term *p   = iri(w, "p");
  for (unsigned i = 0; i < 200; i++) {
    assert_int_equal(hdc_graph_add(src, iri_n(w, "s", i), p, p), HDC_OK);
  }
  bool completed = false;
  for (long fail = 0; fail < 50 && !completed; fail++) {
    hdc_graph *dst = hdc_graph_new(w);
    assert_non_null(dst);
    assert_int_equal(hdc_graph_add(dst, iri_n(w, "s", 0), p, p), HDC_OK);
    hdc_alloc_fail_after(fail);
    hdc_status st = hdc_graph_add_graph(dst, src);
    hdc_alloc_fail_after(-1);
    if (st == HDC_OK) {
      assert_int_equal(hdc_graph_size(dst), 200);
      completed = true;
    } else {
      assert_int_equal(st, HDC_ERR_NOMEM);
      assert_int_equal(hdc_graph_size(dst), 1);
      assert_false(hdc_graph_contains(dst, iri_n(w, "s", 1), p, p));
    }
    hdc_graph_free(dst);
  }
  assert_true(completed);
  hdc_graph_free(src);
  hdc_world_free(w);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_graph_add_and_duplicate),
    cmocka_unit_test(test_graph_add_invalid_arguments),
    cmocka_unit_test(test_graph_free_null_noop),
    cmocka_unit_test(test_graph_truncate_rolls_back),
    cmocka_unit_test(test_graph_truncate_keeps_probe_chains),
    cmocka_unit_test(test_graph_fresh_triples_deduplicated_later),
    cmocka_unit_test(test_graph_clear_empties),
    cmocka_unit_test(test_graph_match_every_pattern_small),
    cmocka_unit_test(test_graph_match_large_counting_sort),
    cmocka_unit_test(test_graph_match_large_comparison_sort),
    cmocka_unit_test(test_graph_index_refreshed_after_change),
    cmocka_unit_test(test_graph_add_graph_merges),
    cmocka_unit_test(test_graph_bytes_within_budget),
    cmocka_unit_test(test_graph_oom_add_leaves_graph_unchanged),
    cmocka_unit_test(test_graph_index_oom_falls_back_to_scan),
    cmocka_unit_test(test_graph_add_graph_oom_all_or_nothing),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
