// SPDX-License-Identifier: EUPL-1.2
/*
 * The store's answer cache (search.c, struct hdc_store_cache): a search
 * answered from the cache gives exactly what a connection that never saw
 * the query computes (every page, sort and filter), a commit from this
 * connection or another one makes the next search see the new catalogue,
 * and connections searching at the same time in several threads all get
 * the right answers (run under ASan/UBSan, this also checks that no
 * cached memory is shared or freed under a reader).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_store_util.h"

#include "hdcat/core.h"
#include "hdcat/graph.h"
#include "hdcat/rdf.h"
#include "hdcat/store.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define N_RECORDS 150
#define N_THREADS 4

typedef struct fixture
{
  char       path[256];
  hdc_world *w;
  hdc_store *s;
} fixture;

/* A catalogue of @p n records numbered from @p first: every title says
 * "cancer" (a broad word), one in seven "rare", publishers and access
 * rights vary so that facets and filters have several values. */
static char *
catalogue(int first, int n, const char *extra_word)
{
  hdc_buf b;
  hdc_buf_init(&b);
  hdc_buf_puts(&b,
               "@prefix dcat: <http://www.w3.org/ns/dcat#> .\n"
               "@prefix dct: <http://purl.org/dc/terms/> .\n"
               "@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n"
               "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
               "@prefix ar: <http://publications.europa.eu/resource/"
               "authority/access-right/> .\n"
               "@prefix ex: <https://catalogue.example/dataset/> .\n"
               "@prefix ag: <https://catalogue.example/agent/> .\n"
               "ag:p0 a foaf:Agent ; foaf:name \"Agence zéro\"@fr .\n"
               "ag:p1 a foaf:Agent ; foaf:name \"Agence un\"@fr .\n"
               "ag:p2 a foaf:Agent ; foaf:name \"Agence deux\"@fr .\n");
  static const char *const rights[] = { "PUBLIC", "RESTRICTED", "NON_PUBLIC" };
  for (int i = first; i < first + n; ++i) {
    char rec[1024];
    snprintf(rec,
             sizeof rec,
             "ex:r%d a dcat:Dataset ;\n"
             "  dct:title \"Registre %d des cancers %s %s\"@fr ;\n"
             "  dct:description \"Données de santé du registre %d, suivi des"
             " patients.\"@fr ;\n"
             "  dcat:keyword \"registre\"@fr ;\n"
             "  dct:publisher ag:p%d ; dct:accessRights ar:%s ;\n"
             "  dct:modified \"20%02d-%02d-01\"^^xsd:date .\n",
             i,
             i,
             i % 7 == 0 ? "rare" : "courant",
             extra_word ? extra_word : "",
             i,
             i % 3,
             rights[(i / 3) % 3],
             10 + i % 15,
             1 + i % 12);
    hdc_buf_puts(&b, rec);
  }
  if (hdc_buf_status(&b)) {
    hdc_buf_clear(&b);
    return NULL;
  }
  return b.ptr;
}

static void
import(hdc_world *w, hdc_store *s, const char *ttl)
{
  hdc_graph     *g = hdc_graph_new(w);
  hdc_store_run *r = NULL;
  hdc_error      err;
  hdc_parse_opts po = { HDC_FORMAT_TURTLE, NULL, "inline", NULL };
  hdc_error_clear(&err);
  assert_non_null(g);
  assert_int_equal(hdc_rdf_parse(ttl, strlen(ttl), &po, g, &err), HDC_OK);
  assert_int_equal(hdc_store_run_begin(s, "bench", NULL, &r, &err), HDC_OK);
  assert_int_equal(hdc_store_run_add_graph(r, g, "inline", &err), HDC_OK);
  assert_int_equal(hdc_store_run_commit(r, NULL, &err), HDC_OK);
  hdc_store_run_free(r);
  hdc_graph_free(g);
}

static int
setup(void **state)
{
  static int n;
  fixture   *f = calloc(1, sizeof *f);
  hdc_error  err;
  if (!f)
    return -1;
  snprintf(f->path,
           sizeof f->path,
           "test_store_search_cache_%ld_%d.db",
           (long)getpid(),
           n++);
  remove_db(f->path);
  f->w = hdc_world_new();
  if (!f->w || hdc_store_open(f->path, NULL, &f->s, &err)) {
    free(f);
    return -1;
  }
  char *ttl = catalogue(1, N_RECORDS, NULL);
  if (!ttl)
    return -1;
  import(f->w, f->s, ttl);
  hdc_free(ttl);
  *state = f;
  return 0;
}

static int
teardown(void **state)
{
  fixture *f = *state;
  hdc_store_close(f->s);
  hdc_world_free(f->w);
  remove_db(f->path);
  free(f);
  return 0;
}

/* The searches compared: words broad and narrow, a phrase, an exclusion,
 * every sort, filters, both languages, several pages. */
typedef struct probe
{
  const char    *text;
  const char    *filter_value; /* access_rights, or NULL */
  hdc_store_sort sort;
  const char    *lang;
  size_t         offset, limit;
} probe;

#define AR "http://publications.europa.eu/resource/authority/access-right/"

static const probe probes[] = {
  { "cancer", NULL, HDC_STORE_SORT_RELEVANCE, "fr", 0, 10 },
  { "cancer", NULL, HDC_STORE_SORT_RELEVANCE, "fr", 10, 10 },
  { "cancer", NULL, HDC_STORE_SORT_RELEVANCE, "fr", 140, 10 },
  { "cancers", NULL, HDC_STORE_SORT_RELEVANCE, "en", 20, 5 },
  { "rare", NULL, HDC_STORE_SORT_RELEVANCE, "fr", 0, 7 },
  { "rare", NULL, HDC_STORE_SORT_RELEVANCE, "fr", 7, 7 },
  { "rare", AR "PUBLIC", HDC_STORE_SORT_RELEVANCE, "fr", 0, 3 },
  { "rare", AR "PUBLIC", HDC_STORE_SORT_RELEVANCE, "fr", 3, 3 },
  { "\"registre 42\"", NULL, HDC_STORE_SORT_RELEVANCE, "fr", 0, 10 },
  { "registre", NULL, HDC_STORE_SORT_TITLE, "fr", 30, 10 },
  { "registre -rare", NULL, HDC_STORE_SORT_TITLE, "fr", 30, 10 },
  { "registre -rare", NULL, HDC_STORE_SORT_TITLE, "en", 30, 10 },
  { "registre -rare", NULL, HDC_STORE_SORT_MODIFIED, "fr", 30, 10 },
  { "", AR "RESTRICTED", HDC_STORE_SORT_TITLE, "fr", 0, 20 },
  { "", AR "RESTRICTED", HDC_STORE_SORT_TITLE, "fr", 20, 20 },
  { "", NULL, HDC_STORE_SORT_MODIFIED, "en", 100, 25 },
  { "zebra", NULL, HDC_STORE_SORT_RELEVANCE, "fr", 0, 10 },
};
#define N_PROBES (sizeof probes / sizeof probes[0])

static hdc_store_results *
run(hdc_store *s, const probe *p)
{
  hdc_store_filter   f = { "access_rights", p->filter_value };
  hdc_store_query    q;
  hdc_store_results *r = NULL;
  hdc_error          err;
  memset(&q, 0, sizeof q);
  hdc_error_clear(&err);
  q.text      = hdc_str_from(p->text);
  q.filters   = p->filter_value ? &f : NULL;
  q.n_filters = p->filter_value ? 1 : 0;
  q.sort      = p->sort;
  q.lang      = p->lang;
  q.offset    = p->offset;
  q.limit     = p->limit;
  q.facets    = true;
  if (hdc_store_search(s, &q, &r, &err) != HDC_OK)
    return NULL;
  return r;
}

/* Whether two answers are the same in every field a caller sees. */
static bool
same(const hdc_store_results *a, const hdc_store_results *b)
{
  if (!a || !b || a->total != b->total || a->n_hits != b->n_hits ||
      a->n_facets != b->n_facets || strcmp(a->fts_query, b->fts_query))
    return false;
  for (size_t i = 0; i < a->n_hits; ++i) {
    const hdc_store_hit *x = &a->hits[i], *y = &b->hits[i];
    if (x->id != y->id || x->score != y->score || strcmp(x->iri, y->iri) ||
        strcmp(x->title, y->title) || strcmp(x->snippet, y->snippet))
      return false;
  }
  for (size_t i = 0; i < a->n_facets; ++i) {
    const hdc_store_facet *x = &a->facets[i], *y = &b->facets[i];
    if (strcmp(x->key, y->key) || x->n_values != y->n_values)
      return false;
    for (size_t j = 0; j < x->n_values; ++j) {
      if (x->values[j].count != y->values[j].count ||
          strcmp(x->values[j].value, y->values[j].value) ||
          strcmp(x->values[j].label, y->values[j].label))
        return false;
    }
  }
  return true;
}

/* Each probe's answer from a connection that never searched before. */
static hdc_store_results **
fresh_answers(const char *path)
{
  hdc_store_results **out = calloc(N_PROBES, sizeof *out);
  assert_non_null(out);
  for (size_t i = 0; i < N_PROBES; ++i) {
    hdc_store *s = NULL;
    hdc_error  err;
    assert_int_equal(hdc_store_open(path, NULL, &s, &err), HDC_OK);
    out[i] = run(s, &probes[i]);
    assert_non_null(out[i]);
    hdc_store_close(s);
  }
  return out;
}

static void
free_answers(hdc_store_results **a)
{
  for (size_t i = 0; a && i < N_PROBES; ++i)
    hdc_store_results_free(a[i]);
  free(a);
}

/* ------------------------------------------------------------------------ */

static void
test_search_cache_repeated_same_as_fresh(void **state)
{
  fixture            *f   = *state;
  hdc_store_results **ref = fresh_answers(f->path);
  /* The broad query is ranked in two tiers, the narrow ones exactly;
   * both must have matches on several pages for the test to mean
   * anything. */
  assert_int_equal(ref[0]->total, N_RECORDS);
  assert_true(ref[4]->total > 14 && ref[4]->total < N_RECORDS);
  assert_int_equal(ref[N_PROBES - 1]->total, 0);
  /* Three rounds on one connection: the first fills the cache (pages of
   * one search share an entry), the next two are answered from it. */
  for (int round = 0; round < 3; ++round) {
    for (size_t i = 0; i < N_PROBES; ++i) {
      hdc_store_results *r = run(f->s, &probes[i]);
      if (!same(r, ref[i]))
        fail_msg("probe %zu ('%s', offset %zu) differs in round %d",
                 i,
                 probes[i].text,
                 probes[i].offset,
                 round);
      hdc_store_results_free(r);
    }
  }
  free_answers(ref);
}

static void
test_search_cache_commit_other_connection_invalidates(void **state)
{
  fixture   *f     = *state;
  probe      zebra = { "zebra", NULL, HDC_STORE_SORT_RELEVANCE, "fr", 0, 10 };
  probe      all   = { "", NULL, HDC_STORE_SORT_TITLE, "fr", 0, 10 };
  hdc_store *other = NULL;
  hdc_error  err;
  hdc_store_results *r = run(f->s, &zebra);
  assert_non_null(r);
  assert_int_equal(r->total, 0);
  hdc_store_results_free(r);
  r = run(f->s, &all);
  assert_non_null(r);
  assert_int_equal(r->total, N_RECORDS);
  hdc_store_results_free(r);
  /* Another connection (another worker thread of the server) commits. */
  assert_int_equal(hdc_store_open(f->path, NULL, &other, &err), HDC_OK);
  char *ttl = catalogue(N_RECORDS + 1, 3, "zebra");
  assert_non_null(ttl);
  /* A run of the same source without withdrawal adds the three. */
  import(f->w, other, ttl);
  hdc_free(ttl);
  hdc_store_close(other);
  r = run(f->s, &zebra);
  assert_non_null(r);
  assert_int_equal(r->total, 3);
  assert_int_equal(r->n_hits, 3);
  hdc_store_results_free(r);
  r = run(f->s, &all);
  assert_non_null(r);
  assert_int_equal(r->total, N_RECORDS + 3);
  hdc_store_results_free(r);
}

static void
test_search_cache_commit_same_connection_invalidates(void **state)
{
  fixture *f     = *state;
  probe    zebra = { "zebra", NULL, HDC_STORE_SORT_RELEVANCE, "fr", 0, 10 };
  hdc_store_results *r = run(f->s, &zebra);
  assert_non_null(r);
  assert_int_equal(r->total, 0);
  hdc_store_results_free(r);
  char *ttl = catalogue(N_RECORDS + 1, 2, "zebra");
  assert_non_null(ttl);
  import(f->w, f->s, ttl);
  hdc_free(ttl);
  r = run(f->s, &zebra);
  assert_non_null(r);
  assert_int_equal(r->total, 2);
  hdc_store_results_free(r);
}

typedef struct worker
{
  const char         *path;
  hdc_store_results **ref;
  int                 seed;
  int                 bad; /* answers that differed from the reference */
  int                 failed;
} worker;

static void *
work(void *arg)
{
  worker    *w = arg;
  hdc_store *s = NULL;
  hdc_error  err;
  if (hdc_store_open(w->path, NULL, &s, &err)) {
    w->failed = 1;
    return NULL;
  }
  /* Each thread walks the probes in its own order, many times, so that
   * entries are filled, hit and evicted while the others do the same. */
  for (int round = 0; round < 20; ++round) {
    for (size_t k = 0; k < N_PROBES; ++k) {
      size_t i = (k * 7 + (size_t)w->seed + (size_t)round) % N_PROBES;
      hdc_store_results *r = run(s, &probes[i]);
      if (!r)
        w->failed = 1;
      else if (!same(r, w->ref[i]))
        w->bad++;
      hdc_store_results_free(r);
    }
  }
  hdc_store_close(s);
  return NULL;
}

static void
test_search_cache_threads_agree(void **state)
{
  fixture            *f   = *state;
  hdc_store_results **ref = fresh_answers(f->path);
  pthread_t           t[N_THREADS];
  worker              w[N_THREADS];
  for (int i = 0; i < N_THREADS; ++i) {
    w[i] = (worker){ f->path, ref, i * 5, 0, 0 };
    assert_int_equal(pthread_create(&t[i], NULL, work, &w[i]), 0);
  }
  for (int i = 0; i < N_THREADS; ++i) {
    pthread_join(t[i], NULL);
    assert_int_equal(w[i].failed, 0);
    assert_int_equal(w[i].bad, 0);
  }
  free_answers(ref);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(
      test_search_cache_repeated_same_as_fresh, setup, teardown),
    cmocka_unit_test_setup_teardown(
      test_search_cache_commit_other_connection_invalidates, setup, teardown),
    cmocka_unit_test_setup_teardown(
      test_search_cache_commit_same_connection_invalidates, setup, teardown),
    cmocka_unit_test_setup_teardown(
      test_search_cache_threads_agree, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
