// SPDX-License-Identifier: EUPL-1.2
/*
 * Unit tests of the term table (hdc_world): interning identity, literal
 * keys, language tags, fresh blank nodes, the content order and hash of
 * terms, and behaviour when memory runs out.
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

static void
test_world_iri_same_text_same_pointer(void **state)
{
  (void)state;
  hdc_world *w = hdc_world_new();
  assert_non_null(w);
  char buf[64];
  snprintf(buf, sizeof buf, "%s", "http://example.org/a");
  const hdc_term *a = hdc_world_iri(w, S("http://example.org/a"));
  const hdc_term *b = hdc_world_iri(w, S(buf));
  const hdc_term *c = hdc_world_iri(w, S("http://example.org/b"));
  assert_non_null(a);
  assert_ptr_equal(a, b);
  assert_ptr_not_equal(a, c);
  assert_int_equal(hdc_term_kind_of(a), HDC_TERM_IRI);
  assert_true(hdc_term_is_iri(a));
  assert_false(hdc_term_is_blank(a));
  assert_false(hdc_term_is_literal(a));
  assert_true(hdc_str_eq_z(hdc_term_text(a), "http://example.org/a"));
  /* The text is NUL-terminated and not the caller's buffer. */
  assert_ptr_not_equal(hdc_term_text(b).ptr, buf);
  assert_int_equal(hdc_term_text(a).ptr[hdc_term_text(a).len], '\0');
  assert_null(hdc_term_datatype(a));
  assert_int_equal(hdc_term_lang(a).len, 0);
  assert_int_equal(hdc_world_size(w), 2);
  assert_ptr_equal(hdc_world_find_iri(w, S("http://example.org/a")), a);
  assert_null(hdc_world_find_iri(w, S("http://example.org/zzz")));
  assert_int_equal(hdc_world_size(w), 2);
  hdc_world_free(w);
}

static void
test_world_kinds_distinct_with_same_text(void **state)
{
  (void)state;
  hdc_world      *w   = hdc_world_new();
  const hdc_term *iri = hdc_world_iri(w, S("x"));
  const hdc_term *bn  = hdc_world_blank(w, S("x"));
  const hdc_term *lit = hdc_world_literal(w, S("x"), NULL, HDC_STR_NULL);
  assert_non_null(iri);
  assert_non_null(bn);
  assert_non_null(lit);
  assert_ptr_not_equal(iri, bn);
  assert_ptr_not_equal(iri, lit);
  assert_ptr_not_equal(bn, lit);
  assert_true(hdc_term_is_blank(bn));
  assert_true(hdc_term_is_literal(lit));
  assert_ptr_equal(hdc_world_blank(w, S("x")), bn);
  assert_true(hdc_term_hash(iri) != hdc_term_hash(bn));
  /* find_iri does not return a blank node with the same text. */
  assert_ptr_equal(hdc_world_find_iri(w, S("x")), iri);
  hdc_world_free(w);
}

static void
test_world_empty_text_interned(void **state)
{
  (void)state;
  hdc_world      *w = hdc_world_new();
  const hdc_term *e = hdc_world_literal(w, S(""), NULL, HDC_STR_NULL);
  assert_non_null(e);
  assert_int_equal(hdc_term_text(e).len, 0);
  assert_ptr_equal(hdc_world_literal(w, HDC_STR_NULL, NULL, HDC_STR_NULL), e);
  const hdc_term *i = hdc_world_iri(w, S(""));
  assert_non_null(i);
  assert_ptr_not_equal(i, e);
  hdc_world_free(w);
}

static void
test_world_literal_keyed_on_datatype_and_lang(void **state)
{
  (void)state;
  hdc_world      *w       = hdc_world_new();
  const hdc_term *xint    = hdc_world_iri(w, S(HDC_NS_XSD "integer"));
  const hdc_term *xstr    = hdc_world_iri(w, S(HDC_NS_XSD "string"));
  const hdc_term *plain   = hdc_world_literal(w, S("1"), NULL, HDC_STR_NULL);
  const hdc_term *typed   = hdc_world_literal(w, S("1"), xint, HDC_STR_NULL);
  const hdc_term *as_str  = hdc_world_literal(w, S("1"), xstr, HDC_STR_NULL);
  const hdc_term *tagged  = hdc_world_literal(w, S("1"), NULL, S("en"));
  const hdc_term *tagged2 = hdc_world_literal(w, S("1"), NULL, S("fr"));
  assert_non_null(plain);
  assert_non_null(typed);
  assert_non_null(tagged);
  assert_ptr_not_equal(plain, typed);
  /* RDF 1.1: a simple literal is an xsd:string. */
  assert_ptr_equal(plain, as_str);
  assert_ptr_equal(hdc_term_datatype(plain), xstr);
  assert_ptr_equal(hdc_term_datatype(typed), xint);
  assert_ptr_not_equal(tagged, plain);
  assert_ptr_not_equal(tagged, tagged2);
  assert_true(hdc_str_eq_z(hdc_term_text(hdc_term_datatype(tagged)),
                           HDC_NS_RDF "langString"));
  assert_true(hdc_str_eq_z(hdc_term_lang(tagged), "en"));
  assert_int_equal(hdc_term_lang(typed).len, 0);
  assert_ptr_equal(hdc_world_literal(w, S("1"), xint, HDC_STR_NULL), typed);
  hdc_world_free(w);
}

static void
test_world_lang_lower_cased(void **state)
{
  (void)state;
  hdc_world      *w  = hdc_world_new();
  const hdc_term *a  = hdc_world_literal(w, S("chat"), NULL, S("FR-be"));
  const hdc_term *b  = hdc_world_literal(w, S("chat"), NULL, S("fr-BE"));
  const hdc_term *c  = hdc_world_literal(w, S("chat"), NULL, S("fr"));
  const hdc_term *dt = hdc_world_iri(w, S(HDC_NS_XSD "integer"));
  assert_non_null(a);
  assert_ptr_equal(a, b);
  assert_ptr_not_equal(a, c);
  assert_true(hdc_str_eq_z(hdc_term_lang(a), "fr-be"));
  assert_int_equal(hdc_term_lang(a).ptr[5], '\0');
  /* With a tag the datatype argument is ignored: rdf:langString. */
  assert_ptr_equal(hdc_world_literal(w, S("chat"), dt, S("FR-BE")), a);
  assert_int_equal(hdc_term_hash(a), hdc_term_hash(b));
  hdc_world_free(w);
}

static void
test_world_literal_bad_datatype_null(void **state)
{
  (void)state;
  hdc_world      *w  = hdc_world_new();
  const hdc_term *bn = hdc_world_blank(w, S("dt"));
  const hdc_term *l  = hdc_world_literal(w, S("v"), NULL, HDC_STR_NULL);
  assert_null(hdc_world_literal(w, S("x"), bn, HDC_STR_NULL));
  assert_null(hdc_world_literal(w, S("x"), l, HDC_STR_NULL));
  assert_null(hdc_world_literal(NULL, S("x"), NULL, HDC_STR_NULL));
  assert_null(hdc_world_iri(NULL, S("x")));
  assert_null(hdc_world_blank(NULL, S("x")));
  assert_null(hdc_world_blank_fresh(NULL));
  assert_null(hdc_world_find_iri(NULL, S("x")));
  hdc_str bad = {NULL, 3};
  assert_null(hdc_world_iri(w, bad));
  hdc_world_free(w);
}

static void
test_world_blank_fresh_never_collides(void **state)
{
  (void)state;
  hdc_world *w = hdc_world_new();
  /* Take the labels a naive counter would hand out. */
  const hdc_term *taken[8];
  for (int i = 0; i < 8; i++) {
    char label[16];
    snprintf(label, sizeof label, "b%d", i);
    taken[i] = hdc_world_blank(w, S(label));
    assert_non_null(taken[i]);
  }
  const hdc_term *fresh[20];
  for (int i = 0; i < 20; i++) {
    size_t before = hdc_world_size(w);
    fresh[i]      = hdc_world_blank_fresh(w);
    assert_non_null(fresh[i]);
    assert_true(hdc_term_is_blank(fresh[i]));
    assert_int_equal(hdc_world_size(w), before + 1);
    for (int j = 0; j < 8; j++) {
      assert_ptr_not_equal(fresh[i], taken[j]);
    }
    for (int j = 0; j < i; j++) {
      assert_ptr_not_equal(fresh[i], fresh[j]);
    }
  }
  /* The fresh label interns back to the same node. */
  assert_ptr_equal(hdc_world_blank(w, hdc_term_text(fresh[3])), fresh[3]);
  hdc_world_free(w);
}

static void
test_world_many_terms_survive_growth(void **state)
{
  (void)state;
  hdc_world *w = hdc_world_new();
  enum
  {
    N = 20000
  };
  static const hdc_term *t[N];
  for (int i = 0; i < N; i++) {
    char iri[64];
    snprintf(iri, sizeof iri, "http://example.org/item/%d", i);
    t[i] = hdc_world_iri(w, S(iri));
    assert_non_null(t[i]);
  }
  assert_int_equal(hdc_world_size(w), N);
  for (int i = 0; i < N; i += 7) {
    char iri[64];
    snprintf(iri, sizeof iri, "http://example.org/item/%d", i);
    assert_ptr_equal(hdc_world_iri(w, S(iri)), t[i]);
    assert_ptr_equal(hdc_world_find_iri(w, S(iri)), t[i]);
  }
  assert_int_equal(hdc_world_size(w), N);
  assert_true(hdc_world_bytes(w) > (size_t)N * 24);
  hdc_world_free(w);
}

static void
test_term_compare_orders_by_content(void **state)
{
  (void)state;
  hdc_world *w = hdc_world_new();
  /* Create in an order unlike the expected one, so addresses don't help. */
  const hdc_term *lit  = hdc_world_literal(w, S("a"), NULL, HDC_STR_NULL);
  const hdc_term *bn   = hdc_world_blank(w, S("a"));
  const hdc_term *ib   = hdc_world_iri(w, S("http://b"));
  const hdc_term *ia   = hdc_world_iri(w, S("http://a"));
  const hdc_term *iab  = hdc_world_iri(w, S("http://ab"));
  const hdc_term *xint = hdc_world_iri(w, S(HDC_NS_XSD "integer"));
  const hdc_term *lint = hdc_world_literal(w, S("a"), xint, HDC_STR_NULL);
  const hdc_term *len  = hdc_world_literal(w, S("a"), NULL, S("en"));
  const hdc_term *lfr  = hdc_world_literal(w, S("a"), NULL, S("fr"));
  assert_int_equal(hdc_term_compare(ia, ia), 0);
  assert_true(hdc_term_compare(ia, ib) < 0);
  assert_true(hdc_term_compare(ib, ia) > 0);
  assert_true(hdc_term_compare(ia, iab) < 0);
  assert_true(hdc_term_compare(ib, bn) < 0);
  assert_true(hdc_term_compare(bn, lit) < 0);
  assert_true(hdc_term_compare(lit, bn) > 0);
  /* Same text: by datatype IRI (rdf:langString < xsd:integer <
   * xsd:string, as the rdf namespace sorts before the xsd one). */
  assert_true(hdc_term_compare(lint, lit) < 0);
  assert_true(hdc_term_compare(len, lint) < 0);
  assert_true(hdc_term_compare(len, lit) < 0);
  assert_true(hdc_term_compare(len, lfr) < 0);
  assert_true(hdc_term_compare(lfr, len) > 0);
  assert_true(hdc_term_compare(NULL, ia) < 0);
  assert_true(hdc_term_compare(ia, NULL) > 0);
  hdc_world_free(w);
}

static void
test_term_hash_stable_across_worlds(void **state)
{
  (void)state;
  hdc_world *w1 = hdc_world_new();
  hdc_world *w2 = hdc_world_new();
  /* Different creation order, so ids and addresses differ. */
  hdc_world_iri(w2, S("http://filler"));
  const hdc_term *a1 = hdc_world_literal(w1, S("v"), NULL, S("EN"));
  const hdc_term *b1 = hdc_world_iri(w1, S("http://example.org/x"));
  const hdc_term *b2 = hdc_world_iri(w2, S("http://example.org/x"));
  const hdc_term *a2 = hdc_world_literal(w2, S("v"), NULL, S("en"));
  assert_int_equal(hdc_term_hash(a1), hdc_term_hash(a2));
  assert_int_equal(hdc_term_hash(b1), hdc_term_hash(b2));
  assert_true(hdc_term_hash(a1) != hdc_term_hash(b1));
  assert_int_equal(hdc_term_compare(a1, a2), 0);
  assert_int_equal(hdc_term_hash(NULL), 0);
  hdc_world_free(w1);
  hdc_world_free(w2);
}

static void
test_term_accessors_null_safe(void **state)
{
  (void)state;
  assert_int_equal(hdc_term_text(NULL).len, 0);
  assert_int_equal(hdc_term_lang(NULL).len, 0);
  assert_null(hdc_term_datatype(NULL));
  assert_false(hdc_term_is_iri(NULL));
  assert_false(hdc_term_is_blank(NULL));
  assert_false(hdc_term_is_literal(NULL));
  assert_int_equal(hdc_world_size(NULL), 0);
  assert_int_equal(hdc_world_bytes(NULL), 0);
  hdc_world_free(NULL);
}

static void
test_world_oom_returns_null_and_leaks_nothing(void **state)
{
  (void)state;
  /* Make each allocation fail in turn, over a run that grows the table and
   * fills arena blocks; LeakSanitizer checks nothing leaks. */
  bool completed = false;
  for (long fail = 0; fail < 200 && !completed; fail++) {
    hdc_alloc_fail_after(fail);
    hdc_world *w = hdc_world_new();
    if (!w) {
      hdc_alloc_fail_after(-1);
      continue;
    }
    bool ok = true;
    for (int i = 0; i < 300 && ok; i++) {
      char text[2048];
      memset(text, 'a' + i % 26, sizeof text);
      int k                 = snprintf(text, 32, "http://example.org/%d", i);
      text[k]               = '/'; /* long terms fill arena blocks quickly */
      text[sizeof text - 1] = '\0';
      const hdc_term *t     = hdc_world_iri(w, S(text));
      const hdc_term *l     = hdc_world_literal(w, S(text), NULL, S("en"));
      const hdc_term *b     = hdc_world_blank_fresh(w);
      if (!t || !l || !b) {
        ok = false;
        /* After a failure the world is still usable and consistent. */
        size_t n = hdc_world_size(w);
        hdc_alloc_fail_after(-1);
        const hdc_term *again = hdc_world_iri(w, S(text));
        assert_non_null(again);
        assert_ptr_equal(hdc_world_iri(w, S(text)), again);
        assert_true(hdc_world_size(w) <= n + 1);
      }
    }
    hdc_alloc_fail_after(-1);
    completed = ok;
    hdc_world_free(w);
  }
  assert_true(completed);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_world_iri_same_text_same_pointer),
    cmocka_unit_test(test_world_kinds_distinct_with_same_text),
    cmocka_unit_test(test_world_empty_text_interned),
    cmocka_unit_test(test_world_literal_keyed_on_datatype_and_lang),
    cmocka_unit_test(test_world_lang_lower_cased),
    cmocka_unit_test(test_world_literal_bad_datatype_null),
    cmocka_unit_test(test_world_blank_fresh_never_collides),
    cmocka_unit_test(test_world_many_terms_survive_growth),
    cmocka_unit_test(test_term_compare_orders_by_content),
    cmocka_unit_test(test_term_hash_stable_across_worlds),
    cmocka_unit_test(test_term_accessors_null_safe),
    cmocka_unit_test(test_world_oom_returns_null_and_leaks_nothing),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
