// SPDX-License-Identifier: EUPL-1.2
/*
 * hdc-store-bench: search latency over a fixed query mix, on a catalogue
 * already imported (for instance the bench's synthetic catalogue:
 * `hdc-bench --size 100000 --case 1 --keep`, then `hdcat import`).
 *
 *   hdc-store-bench DB [--rounds N] [--seed N] [--no-facets]
 *
 * Every query of the mix runs once first (timed apart: the search index
 * is built, but no term of the query has been looked up yet), then N rounds in
 * an order shuffled by a fixed-seed generator, each with facet counts (unless
 * --no-facets) and a first page of 20. It prints p50, p95 and max per query
 * class and over the whole mix, and a hash of every total, facet count and hit
 * id, so that two builds can be checked to return the same results, not only to
 * be fast.
 *
 * Facet filter values are taken from the catalogue itself (the most
 * frequent value of a few facets for the empty query), so the mix works on
 * any catalogue.
 */
#include "hdcat/core.h"
#include "hdcat/store.h"

#include <stdio.h>
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
  CLASS_SORTED,
  CLASS__COUNT
};

static const char *const class_names[CLASS__COUNT] = {
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

static uint64_t
mix64(uint64_t h, uint64_t v)
{
  h ^= v + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
  return h;
}

/* Hash of what the search answered: total, hit ids, facet values and
 * counts. */
static uint64_t
results_hash(const hdc_store_results *r)
{
  uint64_t h = mix64(0, r->total);
  for (size_t i = 0; i < r->n_hits; ++i)
    h = mix64(h, (uint64_t)r->hits[i].id);
  for (size_t f = 0; f < r->n_facets; ++f) {
    h = mix64(h, hdc_hash64(r->facets[f].key, strlen(r->facets[f].key), 0));
    for (size_t v = 0; v < r->facets[f].n_values; ++v) {
      const hdc_store_facet_value *fv = &r->facets[f].values[v];
      h = mix64(h, hdc_hash64(fv->value, strlen(fv->value), 0));
      h = mix64(h, fv->count);
    }
  }
  return h;
}

typedef struct prepared
{
  hdc_store_query  q;
  hdc_store_filter filters[3];
  size_t           total;
} prepared;

int
main(int argc, char **argv)
{
  const char        *db     = NULL;
  int                rounds = 20;
  uint64_t           seed   = 42;
  bool               facets = true;
  int                rc     = 1;
  hdc_store         *s      = NULL;
  hdc_store_results *base   = NULL;
  prepared          *p      = NULL;
  double            *all    = NULL;
  double            *per[CLASS__COUNT];
  size_t             n_per[CLASS__COUNT];
  hdc_error          err;
  memset(per, 0, sizeof per);
  memset(n_per, 0, sizeof n_per);
  hdc_error_clear(&err);
  for (int i = 1; i < argc; ++i) {
    if (!strcmp(argv[i], "--rounds") && i + 1 < argc)
      rounds = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
      seed = strtoull(argv[++i], NULL, 10);
    else if (!strcmp(argv[i], "--no-facets"))
      facets = false;
    else if (argv[i][0] != '-' && !db)
      db = argv[i];
    else {
      fprintf(stderr,
              "usage: hdc-store-bench DB [--rounds N] [--seed N]"
              " [--no-facets]\n");
      return 2;
    }
  }
  if (!db || rounds < 1) {
    fprintf(stderr,
            "usage: hdc-store-bench DB [--rounds N] [--seed N]"
            " [--no-facets]\n");
    return 2;
  }
  hdc_store_open_opts oo = { .read_only = true, .limits = NULL };
  if (hdc_store_open(db, &oo, &s, &err)) {
    fprintf(stderr, "hdc-store-bench: %s\n", err.message);
    goto done;
  }
  /* Filter values from the catalogue: the empty query's facet counts. */
  hdc_store_query bq = { .text = HDC_STR(""), .facets = true, .limit = 1 };
  double          t0 = now_ms();
  if (hdc_store_search(s, &bq, &base, &err)) {
    fprintf(stderr, "hdc-store-bench: %s\n", err.message);
    goto done;
  }
  printf("catalogue: %zu active records; first empty query with facets"
         " (cold) %.1f ms\n",
         base->total,
         now_ms() - t0);
  p = calloc(N_MIX, sizeof *p);
  if (!p)
    goto done;
  for (size_t i = 0; i < N_MIX; ++i) {
    p[i].q    = (hdc_store_query){ .text   = hdc_str_from(mix[i].text),
                                   .sort   = mix[i].sort,
                                   .prefix = mix[i].prefix,
                                   .facets = facets,
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
  uint64_t hash = 0;
  double   first[N_MIX];
  for (size_t i = 0; i < N_MIX; ++i) {
    hdc_store_results *r = NULL;
    double             a = now_ms();
    int                e = hdc_store_search(s, &p[i].q, &r, &err);
    first[i]             = now_ms() - a;
    if (e) {
      fprintf(
        stderr, "hdc-store-bench: query '%s': %s\n", mix[i].text, err.message);
      goto done;
    }
    p[i].total = r->total;
    hash       = mix64(hash, results_hash(r));
    hdc_store_results_free(r);
  }
  size_t n_runs = (size_t)rounds * N_MIX;
  all           = calloc(n_runs, sizeof *all);
  for (int c = 0; c < CLASS__COUNT; ++c)
    per[c] = calloc(n_runs, sizeof *per[c]);
  size_t *order = calloc(N_MIX, sizeof *order);
  if (!all || !order)
    goto done;
  for (int c = 0; c < CLASS__COUNT; ++c)
    if (!per[c])
      goto done;
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
      if (hdc_store_search(s, &p[i].q, &r, &err)) {
        fprintf(stderr, "hdc-store-bench: %s\n", err.message);
        free(order);
        goto done;
      }
      double ms = now_ms() - a;
      hdc_store_results_free(r);
      all[n++]                             = ms;
      per[mix[i].cls][n_per[mix[i].cls]++] = ms;
    }
  }
  free(order);
  printf("first run of each query (ms):\n");
  for (int c = 0; c < CLASS__COUNT; ++c) {
    printf("  %-8s", class_names[c]);
    for (size_t i = 0; i < N_MIX; ++i)
      if (mix[i].cls == c)
        printf(" %.1f", first[i]);
    printf("\n");
  }
  printf(
    "%-8s %7s %9s %9s %9s\n", "class", "runs", "p50 ms", "p95 ms", "max ms");
  for (int c = 0; c < CLASS__COUNT; ++c) {
    qsort(per[c], n_per[c], sizeof *per[c], cmp_double);
    printf("%-8s %7zu %9.2f %9.2f %9.2f\n",
           class_names[c],
           n_per[c],
           pct(per[c], n_per[c], 50),
           pct(per[c], n_per[c], 95),
           n_per[c] ? per[c][n_per[c] - 1] : 0.0);
  }
  qsort(all, n, sizeof *all, cmp_double);
  printf("%-8s %7zu %9.2f %9.2f %9.2f\n",
         "all",
         n,
         pct(all, n, 50),
         pct(all, n, 95),
         n ? all[n - 1] : 0.0);
  printf("totals:");
  for (size_t i = 0; i < N_MIX; ++i)
    printf(" %zu", p[i].total);
  printf("\nresult hash %016llx%s\n",
         (unsigned long long)hash,
         facets ? "" : " (no facets)");
  rc = 0;
done:
  for (int c = 0; c < CLASS__COUNT; ++c)
    free(per[c]);
  free(all);
  free(p);
  hdc_store_results_free(base);
  hdc_store_close(s);
  return rc;
}
