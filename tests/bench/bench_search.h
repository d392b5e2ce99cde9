// SPDX-License-Identifier: EUPL-1.2
/*
 * The search query mix of the benchmarks (hdc-bench case 10 and
 * hdc-store-bench): broad queries matching most of the synthetic catalogue,
 * narrow ones, phrases, facet filters, the empty query, type-ahead prefixes
 * and other sort orders, each asking for facet counts and a first page of
 * 20, as the search page does. Timings are summarised per class and over
 * the mix; a hash of every total, hit id and facet count says whether two
 * builds answered the same, not only how fast.
 */
#ifndef HDC_BENCH_SEARCH_H
#define HDC_BENCH_SEARCH_H

#include "hdcat/core.h"
#include "hdcat/store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HDC_BENCH_SEARCH_CLASSES 7

/* Latency summary of a set of runs, in milliseconds. */
typedef struct hdc_bench_latency
{
  size_t runs;
  double p50, p95, max;
} hdc_bench_latency;

typedef struct hdc_bench_search
{
  size_t records; /* active records (the empty query's total) */
  double cold_ms; /* that first query: builds the in-memory index */
  size_t n_queries;
  /* Per query of the mix (n_queries entries): its class, text, first run
   * (no term looked up yet) and total. */
  const int         *classes;
  const char *const *texts;
  double            *first_ms;
  size_t            *totals;
  hdc_bench_latency  cls[HDC_BENCH_SEARCH_CLASSES];
  hdc_bench_latency  all;
  uint64_t           hash;
} hdc_bench_search;

/* Name of class @p c ("broad", "narrow"...). */
const char *hdc_bench_search_class(int c);

/*
 * Run the mix on @p s: every query once (first runs), then @p rounds rounds
 * in an order shuffled from @p seed, with facet counts unless @p no_facets.
 * Facet filter values come from the catalogue (the most frequent values of
 * a few facets), so the mix works on any catalogue. Fills @p out (free
 * with hdc_bench_search_clear()).
 */
hdc_status hdc_bench_search_run(hdc_store        *s,
                                int               rounds,
                                uint64_t          seed,
                                bool              no_facets,
                                hdc_bench_search *out,
                                hdc_error        *err);
void       hdc_bench_search_clear(hdc_bench_search *r);

#endif /* HDC_BENCH_SEARCH_H */
