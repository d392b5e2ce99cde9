// SPDX-License-Identifier: EUPL-1.2
/*
 * hdc-store-bench: search latency over the benchmarks' fixed query mix
 * (tests/bench/bench_search.c, also hdc-bench case 10), on a catalogue
 * already imported (for instance the bench's synthetic catalogue:
 * `hdc-bench --size 100000 --case 9 --keep`, or `hdcat import`).
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
 */
#include "bench_search.h"
#include "hdcat/core.h"
#include "hdcat/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
  "usage: hdc-store-bench DB [--rounds N] [--seed N] [--no-facets]\n";

int
main(int argc, char **argv)
{
  const char      *db        = NULL;
  int              rounds    = 20;
  uint64_t         seed      = 42;
  bool             no_facets = false;
  int              rc        = 1;
  hdc_store       *s         = NULL;
  hdc_bench_search r;
  hdc_error        err;
  memset(&r, 0, sizeof r);
  hdc_error_clear(&err);
  for (int i = 1; i < argc; ++i) {
    if (!strcmp(argv[i], "--rounds") && i + 1 < argc)
      rounds = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
      seed = strtoull(argv[++i], NULL, 10);
    else if (!strcmp(argv[i], "--no-facets"))
      no_facets = true;
    else if (argv[i][0] != '-' && !db)
      db = argv[i];
    else {
      fputs(usage, stderr);
      return 2;
    }
  }
  if (!db || rounds < 1) {
    fputs(usage, stderr);
    return 2;
  }
  hdc_store_open_opts oo = { .read_only = true, .limits = NULL };
  if (hdc_store_open(db, &oo, &s, &err) ||
      hdc_bench_search_run(s, rounds, seed, no_facets, &r, &err)) {
    fprintf(stderr, "hdc-store-bench: %s\n", err.message);
    goto done;
  }
  printf("catalogue: %zu active records; first empty query with facets"
         " (cold) %.1f ms\n",
         r.records,
         r.cold_ms);
  printf("first run of each query (ms):\n");
  for (int c = 0; c < HDC_BENCH_SEARCH_CLASSES; ++c) {
    printf("  %-8s", hdc_bench_search_class(c));
    for (size_t i = 0; i < r.n_queries; ++i)
      if (r.classes[i] == c)
        printf(" %.1f", r.first_ms[i]);
    printf("\n");
  }
  printf(
    "%-8s %7s %9s %9s %9s\n", "class", "runs", "p50 ms", "p95 ms", "max ms");
  for (int c = 0; c < HDC_BENCH_SEARCH_CLASSES; ++c)
    printf("%-8s %7zu %9.2f %9.2f %9.2f\n",
           hdc_bench_search_class(c),
           r.cls[c].runs,
           r.cls[c].p50,
           r.cls[c].p95,
           r.cls[c].max);
  printf("%-8s %7zu %9.2f %9.2f %9.2f\n",
         "all",
         r.all.runs,
         r.all.p50,
         r.all.p95,
         r.all.max);
  printf("totals:");
  for (size_t i = 0; i < r.n_queries; ++i)
    printf(" %zu", r.totals[i]);
  printf("\nresult hash %016llx%s\n",
         (unsigned long long)r.hash,
         no_facets ? " (no facets)" : "");
  rc = 0;
done:
  hdc_bench_search_clear(&r);
  hdc_store_close(s);
  return rc;
}
