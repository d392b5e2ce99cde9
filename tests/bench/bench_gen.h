// SPDX-License-Identifier: EUPL-1.2
/*
 * The synthetic catalogue behind hdc-bench: a deterministic generator of a
 * HealthDCAT-AP catalogue in Turtle (one dcat:Catalog, N dcat:Dataset with
 * their agents, contact points, periods and distributions), written in
 * French and English health vocabulary so that search benchmarks have
 * realistic text to chew on. The same size and seed give the same bytes on
 * every machine: the generator uses its own PRNG and integer arithmetic only.
 */
#ifndef HDC_BENCH_GEN_H
#define HDC_BENCH_GEN_H

#include "hdcat/core.h"

#include <stdint.h>

/* The seed every benchmark run uses unless told otherwise. */
#define HDC_BENCH_SEED UINT64_C(0x6864636174313131)

/* ------------------------------------------------------------------------ */
/* PRNG: splitmix64. Small, fast, and identical on every platform, unlike
 * rand(); good enough to vary synthetic records. */

typedef struct hdc_bench_rng
{
  uint64_t state;
} hdc_bench_rng;

static inline void
hdc_bench_rng_init(hdc_bench_rng* r, uint64_t seed)
{
  r->state = seed;
}

static inline uint64_t
hdc_bench_rng_next(hdc_bench_rng* r)
{
  uint64_t z = (r->state += UINT64_C(0x9e3779b97f4a7c15));
  z          = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
  z          = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
  return z ^ (z >> 31);
}

/* A number in [0, n) for 0 < n < 2^32 (multiply-shift: no division, and the
 * tiny bias does not matter for synthetic data). 0 when n is 0. */
static inline uint32_t
hdc_bench_rng_below(hdc_bench_rng* r, uint32_t n)
{
  return (uint32_t)(((hdc_bench_rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* True with probability pct/100. */
static inline int
hdc_bench_rng_pct(hdc_bench_rng* r, uint32_t pct)
{
  return hdc_bench_rng_below(r, 100) < pct;
}

/* ------------------------------------------------------------------------ */
/* Catalogue generator                                                      */

/* What a generation produced. `hash` digests every byte written (in fixed
 * blocks, so it depends on the content only) and the length. */
typedef struct hdc_bench_gen_stats
{
  uint64_t datasets;
  uint64_t triples; /* exact count of distinct triples in the document */
  /* Sum over datasets of the triples hdc_graph_extract_record() must give:
   * the dataset's own, its distribution, contact point and period, and its
   * publisher and HDAB agents with their contact points. */
  uint64_t record_triples;
  uint64_t bytes;
  uint64_t hash;
  /* Datasets written with a violation on purpose (a number of records in
   * words): every other dataset conforms to HealthDCAT-AP (core). */
  uint64_t invalid;
} hdc_bench_gen_stats;

/*
 * Write a catalogue of @p n_datasets datasets as Turtle to the file @p path
 * (created or truncated). @p stats (may be NULL) receives the figures.
 * HDC_ERR_IO (err names the file) if it cannot be written, HDC_ERR_NOMEM,
 * HDC_ERR_INVALID_ARG for a NULL path. A failed run may leave a partial file.
 */
hdc_status hdc_bench_gen_write(const char*          path,
                               uint64_t             n_datasets,
                               uint64_t             seed,
                               hdc_bench_gen_stats* stats,
                               hdc_error*           err);

/* The IRI of dataset number @p i (1-based) as the generator writes it,
 * NUL-terminated in @p out (at least 64 bytes). Returns its length. */
size_t hdc_bench_gen_dataset_iri(uint64_t i, char* out, size_t cap);

/* 64-bit digest of [ptr, ptr+len) continuing from @p h (start with
 * HDC_BENCH_HASH_INIT): word-at-a-time, byte order fixed, so it is fast
 * enough to run over hundreds of megabytes and the same on every machine. */
#define HDC_BENCH_HASH_INIT UINT64_C(0x84222325cbf29ce4)
uint64_t hdc_bench_hash(uint64_t h, const void* ptr, size_t len);

#endif /* HDC_BENCH_GEN_H */
