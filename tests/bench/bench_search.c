// SPDX-License-Identifier: EUPL-1.2
/*
 * The search query mix of the benchmarks (see bench_search.h): the queries,
 * how filter values are taken from the catalogue, the shuffled rounds and
 * the latency summary.
 */
#include "bench_search.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

enum
{
  CLASS_BROAD,
  CLASS_NARROW,
  CLASS_PHRASE,
  CLASS_FACET,
  CLASS_EMPTY,
  CLASS_PREFIX,
  CLASS_SORTED
};

static const char *const class_names[HDC_BENCH_SEARCH_CLASSES] = {
  "broad", "narrow", "phrase", "facet", "empty", "prefix", "sorted"
};

/* A filter whose value is filled in from the catalogue: the @p rank-th most
 * frequent value of facet @p key (empty query). */
typedef struct mix_filter
{
  const char *key;
  int         rank;
} mix_filter;

typedef struct mix_query
{
  int            cls;
  const char    *text;
  bool           prefix;
  hdc_store_sort sort;
  mix_filter     filters[3];
} mix_query;

/* Broad queries match most of the synthetic catalogue; narrow ones a few
 * hundred records or fewer. */
static const mix_query mix[] = {
  { CLASS_BROAD, "santé", false, HDC_STORE_SORT_RELEVANCE, { { 0 } } },
  { CLASS_BROAD, "données", false, HDC_STORE_SORT_RELEVANCE, { { 0 } } },
  { CLASS_BROAD, "health", false, HDC_STORE_SORT_RELEVANCE, { { 0 } } },
  { CLASS_BROAD, "data", false, HDC_STORE_SORT_RELEVANCE, { { 0 } } },
  { CLASS_BROAD, "patients", false, HDC_STORE_SORT_RELEVANCE, { { 0 } } },
  { CLASS_BROAD,
    "santé OR health",
    false,
    HDC_STORE_SORT_RELEVANCE,
    { { 0 } } },
  { CLASS_BROAD,
    "données -cancer",
    false,
    HDC_STORE_SORT_RELEVANCE,
    { { 0 } } },
  { CLASS_NARROW, "épilepsie", false, HDC_STORE_SORT_RELEVANCE, { { 0 } } },
  { CLASS_NARROW,
    "prostate cancer",
    false,
    HDC_STORE_SORT_RELEVANCE,
    { { 0 } } },
  { CLASS_NARROW, "G40", false, HDC_STORE_SORT_RELEVANCE, { { 0 } } },
  { CLASS_NARROW,
    "registre Réunion enfant",
    false,
    HDC_STORE_SORT_RELEVANCE,
    { { 0 } } },
  { CLASS_NARROW,
    "imagerie épilepsie adulte Provence",
    false,
    HDC_STORE_SORT_RELEVANCE,
    { { 0 } } },
  { CLASS_NARROW, "HDS-0000001", false, HDC_STORE_SORT_RELEVANCE, { { 0 } } },
  { CLASS_PHRASE,
    "\"cancer de la prostate\"",
    false,
    HDC_STORE_SORT_RELEVANCE,
    { { 0 } } },
  { CLASS_PHRASE,
    "\"medical imaging\"",
    false,
    HDC_STORE_SORT_RELEVANCE,
    { { 0 } } },
  { CLASS_PHRASE,
    "\"données de santé\"",
    false,
    HDC_STORE_SORT_RELEVANCE,
    { { 0 } } },
  { CLASS_PHRASE,
    "\"santé mentale\" adolescents",
    false,
    HDC_STORE_SORT_RELEVANCE,
    { { 0 } } },
  { CLASS_FACET,
    "santé",
    false,
    HDC_STORE_SORT_RELEVANCE,
    { { "access_rights", 0 } } },
  { CLASS_FACET,
    "données",
    false,
    HDC_STORE_SORT_RELEVANCE,
    { { "access_rights", 1 }, { "health_category", 0 } } },
  { CLASS_FACET, "", false, HDC_STORE_SORT_RELEVANCE, { { "publisher", 0 } } },
  { CLASS_FACET,
    "",
    false,
    HDC_STORE_SORT_RELEVANCE,
    { { "health_category", 1 }, { "health_category", 2 } } },
  { CLASS_FACET,
    "épilepsie",
    false,
    HDC_STORE_SORT_RELEVANCE,
    { { "access_rights", 0 } } },
  { CLASS_FACET,
    "health",
    false,
    HDC_STORE_SORT_RELEVANCE,
    { { "hdab", 0 }, { "age_range", 0 } } },
  { CLASS_EMPTY, "", false, HDC_STORE_SORT_RELEVANCE, { { 0 } } },
  { CLASS_PREFIX, "épil", true, HDC_STORE_SORT_RELEVANCE, { { 0 } } },
  { CLASS_PREFIX, "can", true, HDC_STORE_SORT_RELEVANCE, { { 0 } } },
  { CLASS_PREFIX, "registre d", true, HDC_STORE_SORT_RELEVANCE, { { 0 } } },
  { CLASS_SORTED, "santé", false, HDC_STORE_SORT_TITLE, { { 0 } } },
  { CLASS_SORTED, "cancer", false, HDC_STORE_SORT_MODIFIED, { { 0 } } },
  { CLASS_SORTED, "", false, HDC_STORE_SORT_TITLE, { { "access_rights", 2 } } },
};
#define N_MIX (sizeof mix / sizeof mix[0])

const char *
hdc_bench_search_class(int c)
{
  return c >= 0 && c < HDC_BENCH_SEARCH_CLASSES ? class_names[c] : "?";
}

static double
now_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of the sorted @p v. */
static double
pct(const double *v, size_t n, double p)
{
  if (!n)
    return 0;
  size_t k = (size_t)(p / 100.0 * (double)n + 0.999999);
  if (k < 1)
    k = 1;
  if (k > n)
    k = n;
  return v[k - 1];
}

static hdc_bench_latency
summarise(double *v, size_t n)
{
  hdc_bench_latency l = { n, 0, 0, 0 };
  qsort(v, n, sizeof *v, cmp_double);
  l.p50 = pct(v, n, 50);
  l.p95 = pct(v, n, 95);
  l.max = n ? v[n - 1] : 0;
  return l;
}

static uint64_t
mix_in(uint64_t h, uint64_t v)
{
  h ^= v + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
  return h;
}

/* Hash of what the search answered: total, hit ids, facet values and
 * counts. */
static uint64_t
results_hash(const hdc_store_results *r)
{
  uint64_t h = mix_in(0, r->total);
  for (size_t i = 0; i < r->n_hits; ++i)
    h = mix_in(h, (uint64_t)r->hits[i].id);
  for (size_t f = 0; f < r->n_facets; ++f) {
    h = mix_in(h, hdc_hash64(r->facets[f].key, strlen(r->facets[f].key), 0));
    for (size_t v = 0; v < r->facets[f].n_values; ++v) {
      const hdc_store_facet_value *fv = &r->facets[f].values[v];
      h = mix_in(h, hdc_hash64(fv->value, strlen(fv->value), 0));
      h = mix_in(h, fv->count);
    }
  }
  return h;
}

typedef struct prepared
{
  hdc_store_query  q;
  hdc_store_filter filters[3];
} prepared;

void
hdc_bench_search_clear(hdc_bench_search *r)
{
  if (!r)
    return;
  hdc_free((void *)r->classes);
  hdc_free((void *)r->texts);
  hdc_free(r->first_ms);
  hdc_free(r->totals);
  memset(r, 0, sizeof *r);
}

hdc_status
hdc_bench_search_run(hdc_store        *s,
                     int               rounds,
                     uint64_t          seed,
                     bool              no_facets,
                     hdc_bench_search *out,
                     hdc_error        *err)
{
  hdc_status         st   = HDC_OK;
  hdc_store_results *base = NULL;
  prepared          *p    = NULL;
  double            *all  = NULL;
  double            *per[HDC_BENCH_SEARCH_CLASSES];
  size_t             n_per[HDC_BENCH_SEARCH_CLASSES];
  size_t            *order   = NULL;
  int               *classes = NULL;
  const char       **texts   = NULL;
  memset(per, 0, sizeof per);
  memset(n_per, 0, sizeof n_per);
  memset(out, 0, sizeof *out);
  if (rounds < 1)
    rounds = 1;
  size_t n_runs = (size_t)rounds * N_MIX;
  p             = hdc_calloc(N_MIX, sizeof *p);
  all           = hdc_calloc(n_runs, sizeof *all);
  order         = hdc_calloc(N_MIX, sizeof *order);
  classes       = hdc_calloc(N_MIX, sizeof *classes);
  texts         = hdc_calloc(N_MIX, sizeof *texts);
  out->first_ms = hdc_calloc(N_MIX, sizeof *out->first_ms);
  out->totals   = hdc_calloc(N_MIX, sizeof *out->totals);
  for (int c = 0; c < HDC_BENCH_SEARCH_CLASSES; ++c)
    if (!(per[c] = hdc_calloc(n_runs, sizeof *per[c])))
      goto oom;
  if (!p || !all || !order || !classes || !texts || !out->first_ms ||
      !out->totals)
    goto oom;
  out->classes   = classes;
  out->texts     = texts;
  out->n_queries = N_MIX;
  classes        = NULL;
  texts          = NULL;

  /* Filter values from the catalogue: the empty query's facet counts. */
  hdc_store_query bq = { .text = HDC_STR(""), .facets = true, .limit = 1 };
  double          t0 = now_ms();
  if ((st = hdc_store_search(s, &bq, &base, err)))
    goto done;
  out->cold_ms = now_ms() - t0;
  out->records = base->total;
  for (size_t i = 0; i < N_MIX; ++i) {
    ((int *)out->classes)[i]       = mix[i].cls;
    ((const char **)out->texts)[i] = mix[i].text;
    p[i].q    = (hdc_store_query){ .text   = hdc_str_from(mix[i].text),
                                   .sort   = mix[i].sort,
                                   .prefix = mix[i].prefix,
                                   .facets = !no_facets,
                                   .limit  = 20,
                                   .lang   = "fr" };
    size_t nf = 0;
    for (int k = 0; k < 3 && mix[i].filters[k].key; ++k) {
      const mix_filter *mf = &mix[i].filters[k];
      const char       *v  = NULL;
      for (size_t f = 0; f < base->n_facets; ++f) {
        if (!strcmp(base->facets[f].key, mf->key) &&
            (size_t)mf->rank < base->facets[f].n_values)
          v = base->facets[f].values[mf->rank].value;
      }
      if (!v)
        continue;
      p[i].filters[nf++] = (hdc_store_filter){ mf->key, v };
    }
    p[i].q.filters   = p[i].filters;
    p[i].q.n_filters = nf;
  }
  /* First round, timed apart; also the result hash and totals. */
  for (size_t i = 0; i < N_MIX; ++i) {
    hdc_store_results *r = NULL;
    double             a = now_ms();
    if ((st = hdc_store_search(s, &p[i].q, &r, err)))
      goto done;
    out->first_ms[i] = now_ms() - a;
    out->totals[i]   = r->total;
    out->hash        = mix_in(out->hash, results_hash(r));
    hdc_store_results_free(r);
  }
  uint64_t rng = seed ? seed : 1;
  size_t   n   = 0;
  for (int round = 0; round < rounds; ++round) {
    for (size_t i = 0; i < N_MIX; ++i)
      order[i] = i;
    for (size_t i = N_MIX - 1; i > 0; --i) {
      rng ^= rng << 13;
      rng ^= rng >> 7;
      rng ^= rng << 17;
      size_t j = (size_t)(rng % (i + 1));
      size_t t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    for (size_t k = 0; k < N_MIX; ++k) {
      size_t             i = order[k];
      hdc_store_results *r = NULL;
      double             a = now_ms();
      if ((st = hdc_store_search(s, &p[i].q, &r, err)))
        goto done;
      double ms = now_ms() - a;
      hdc_store_results_free(r);
      all[n++]                             = ms;
      per[mix[i].cls][n_per[mix[i].cls]++] = ms;
    }
  }
  for (int c = 0; c < HDC_BENCH_SEARCH_CLASSES; ++c)
    out->cls[c] = summarise(per[c], n_per[c]);
  out->all = summarise(all, n);
  goto done;
oom:
  st = hdc_error_set(err, HDC_ERR_NOMEM, NULL, 0, 0, "out of memory");
done:
  for (int c = 0; c < HDC_BENCH_SEARCH_CLASSES; ++c)
    hdc_free(per[c]);
  hdc_free(all);
  hdc_free(order);
  hdc_free(p);
  hdc_free(classes);
  hdc_free((void *)texts);
  hdc_store_results_free(base);
  if (st)
    hdc_bench_search_clear(out);
  return st;
}
