// SPDX-License-Identifier: EUPL-1.2
/*
 * Graphs: a set of triples over interned terms, with the indexes lookups
 * need.
 *
 * Storage (the budget is 64 bytes per triple besides term text):
 *  - the triples, 24 bytes each, in insertion order (hdc_graph_triples());
 *  - a duplicate set of uint32 slots holding a triple index and as many
 *    upper hash bits as fit, so a probe rarely reads a triple (set_* below).
 *    A triple that has a term newer than the whole graph cannot be a
 *    duplicate; it joins the set later, in a batch whose cache misses
 *    overlap (see hdc_graph.set_n), which is most triples when parsing;
 *  - two sorted arrays of triple indexes, by (subject, predicate) and by
 *    (predicate, object), comparing term ids. They are rebuilt from scratch
 *    on the first lookup after a change: parsing appends many triples and
 *    then reads, so one O(n) counting sort beats keeping them sorted.
 *
 * The indexes and the batched set inserts are caches: lookups take a const
 * graph and fill them through a cast (hdc_graph_ensure_index, find_triple).
 * That is why a graph is safe for concurrent reads only once
 * hdc_graph_index() has run after the last change. If filling them fails
 * for lack of memory, lookups fall back to scanning, so reads never fail.
 */
#include "graph_internal.h"

#include <stdlib.h>
#include <string.h>

/* Triple indexes are uint32 and the set keeps one value free for "empty". */
#define GRAPH_MAX_TRIPLES ((size_t)INT32_MAX)
#define SET_MIN_BITS      4u
#define TRIPLES_MIN_CAP   ((size_t)16)
/* Below this many triples a comparison sort beats the counting passes. */
#define SMALL_SORT        ((size_t)2048)

enum iter_mode {
  ITER_DONE = 0,
  ITER_SCAN, /* every triple, in insertion order, filtered */
  ITER_LIST, /* the index entries [pos, end), filtered */
  ITER_ONE   /* the one triple at `scan` */
};

/* Hash of a triple by term addresses: the set never leaves the process, so
 * it need not be stable, and this reads no term. */
static uint64_t
triple_hash(const hdc_term *s, const hdc_term *p, const hdc_term *o)
{
  uint64_t h = (uint64_t)(uintptr_t)s * UINT64_C(0x9e3779b97f4a7c15);
  h ^= (uint64_t)(uintptr_t)p * UINT64_C(0xbf58476d1ce4e5b9);
  h = (h << 23 | h >> 41) ^ (uint64_t)(uintptr_t)o *
                              UINT64_C(0x94d049bb133111eb);
  return hdc_graph_mix64(h);
}

/* ------------------------------------------------------------------------ */
/* Duplicate set                                                            */

static uint32_t
set_index_mask(unsigned bits)
{
  return (uint32_t)((UINT64_C(1) << bits) - 1);
}

/* The fingerprint: the hash bits above those the slot index needs. */
static uint32_t
set_fingerprint(unsigned bits, uint64_t h)
{
  unsigned fb = 32 - bits;
  return fb ? (uint32_t)(h >> (64 - fb)) : 0;
}

static uint32_t
set_slot_value(unsigned bits, uint64_t h, size_t index)
{
  return (uint32_t)(((uint64_t)set_fingerprint(bits, h) << bits) |
                    (uint64_t)(index + 1));
}

/*
 * Probe for (s, p, o). Returns the slot holding it (*found = true) or the
 * first empty slot of its run (*found = false). The set must not be full,
 * which the load bound guarantees.
 */
static size_t
set_probe(const hdc_graph *g, const hdc_term *s, const hdc_term *p,
          const hdc_term *o, uint64_t h, bool *found)
{
  size_t   mask  = g->set_cap - 1;
  uint32_t imask = set_index_mask(g->set_bits);
  uint32_t fp    = set_fingerprint(g->set_bits, h);
  size_t   i     = (size_t)h & mask;
  for (;;) {
    uint32_t v = g->set[i];
    if (v == 0) {
      *found = false;
      return i;
    }
    uint32_t vfp = g->set_bits < 32 ? v >> g->set_bits : 0;
    if (vfp == fp) {
      const hdc_triple *t = &g->triples[(v & imask) - 1];
      if (t->s == s && t->p == p && t->o == o) {
        *found = true;
        return i;
      }
    }
    i = (i + 1) & mask;
  }
}

static void
set_insert_new(uint32_t *set, size_t cap, unsigned bits, uint64_t h,
               size_t index)
{
  size_t i = (size_t)h & (cap - 1);
  while (set[i]) {
    i = (i + 1) & (cap - 1);
  }
  set[i] = set_slot_value(bits, h, index);
}

/*
 * Insert triples [from, to) (none present yet) into a set. Hashes and
 * prefetches go a batch ahead of the inserts, so the cache misses of a
 * batch overlap instead of being paid one after the other.
 */
static void
set_insert_range(uint32_t *set, size_t cap, unsigned bits,
                 const hdc_triple *triples, size_t from, size_t to)
{
  enum { BATCH = 16 };
  uint64_t h[BATCH];
  for (size_t i = from; i < to; i += BATCH) {
    size_t k = to - i < BATCH ? to - i : BATCH;
    for (size_t j = 0; j < k; j++) {
      const hdc_triple *t = &triples[i + j];
      h[j]                = triple_hash(t->s, t->p, t->o);
#if defined(__GNUC__) || defined(__clang__)
      __builtin_prefetch(&set[(size_t)h[j] & (cap - 1)], 1);
#endif
    }
    for (size_t j = 0; j < k; j++) {
      set_insert_new(set, cap, bits, h[j], i + j);
    }
  }
}

/* Rebuild the set with 2^bits slots from triples [0, set_n). */
static hdc_status
set_rebuild(hdc_graph *g, unsigned bits)
{
  size_t    cap = (size_t)1 << bits;
  uint32_t *set = hdc_calloc(cap, sizeof *set);
  if (!set) {
    return HDC_ERR_NOMEM;
  }
  set_insert_range(set, cap, bits, g->triples, 0, g->set_n);
  hdc_free(g->set);
  g->set      = set;
  g->set_cap  = cap;
  g->set_bits = bits;
  return HDC_OK;
}

/* Make room for `count` entries at load 3/4 or less: with fingerprints,
 * probes rarely read a triple even at that load. */
static hdc_status
set_reserve(hdc_graph *g, size_t count)
{
  if (count * 4 <= g->set_cap * 3) {
    return HDC_OK;
  }
  unsigned bits = g->set_cap ? g->set_bits + 1 : SET_MIN_BITS;
  while (((size_t)1 << bits) * 3 < count * 4) {
    bits++;
  }
  return set_rebuild(g, bits);
}

/* Add the waiting triples to the set. */
static hdc_status
set_flush(hdc_graph *g)
{
  if (g->set_n == g->n) {
    return HDC_OK;
  }
  hdc_status st = set_reserve(g, g->n);
  if (st == HDC_OK) {
    set_insert_range(g->set, g->set_cap, g->set_bits, g->triples, g->set_n,
                     g->n);
    g->set_n = g->n;
  }
  return st;
}

/*
 * Find (s, p, o); *index gets its position. Used by const lookups, which
 * flush waiting triples through a cast (a cache fill, like the indexes; see
 * graph.h on concurrency). If flushing fails for lack of memory, the
 * waiting triples are scanned instead.
 */
static bool
find_triple(const hdc_graph *g, const hdc_term *s, const hdc_term *p,
            const hdc_term *o, size_t *index)
{
  (void)set_flush((hdc_graph *)g);
  if (g->set_cap) {
    bool   found = false;
    size_t slot  = set_probe(g, s, p, o, triple_hash(s, p, o), &found);
    if (found) {
      *index = (g->set[slot] & set_index_mask(g->set_bits)) - 1;
      return true;
    }
  }
  for (size_t i = g->set_n; i < g->n; i++) {
    const hdc_triple *t = &g->triples[i];
    if (t->s == s && t->p == p && t->o == o) {
      *index = i;
      return true;
    }
  }
  return false;
}

/* Remove triple `index` from the set (backward-shift deletion, so no
 * tombstones: probe runs stay as short as if it had never been added). */
static void
set_remove(hdc_graph *g, size_t index)
{
  const hdc_triple *t     = &g->triples[index];
  size_t            mask  = g->set_cap - 1;
  uint32_t          imask = set_index_mask(g->set_bits);
  bool              found = false;
  size_t j = set_probe(g, t->s, t->p, t->o, triple_hash(t->s, t->p, t->o),
                       &found);
  if (!found) {
    return;
  }
  size_t k = j;
  for (;;) {
    k = (k + 1) & mask;
    uint32_t v = g->set[k];
    if (v == 0) {
      break;
    }
    const hdc_triple *u    = &g->triples[(v & imask) - 1];
    size_t            home = (size_t)triple_hash(u->s, u->p, u->o) & mask;
    /* Move v back into the hole unless its home lies in (j, k]. */
    if (((k - home) & mask) >= ((k - j) & mask)) {
      g->set[j] = v;
      j         = k;
    }
  }
  g->set[j] = 0;
}

/* ------------------------------------------------------------------------ */
/* Life cycle                                                               */

hdc_graph *
hdc_graph_new(hdc_world *w)
{
  if (!w) {
    return NULL;
  }
  hdc_graph *g = hdc_calloc(1, sizeof *g);
  if (g) {
    g->world = w;
    g->dirty = true;
  }
  return g;
}

static void
index_free(hdc_graph *g)
{
  hdc_free(g->spo);
  hdc_free(g->pos);
  g->spo       = NULL;
  g->pos       = NULL;
  g->index_cap = 0;
  hdc_graph_closure_free(g);
  g->dirty = true;
}

void
hdc_graph_free(hdc_graph *g)
{
  if (!g) {
    return;
  }
  index_free(g);
  hdc_free(g->triples);
  hdc_free(g->set);
  hdc_free(g);
}

hdc_world *
hdc_graph_world(const hdc_graph *g)
{
  return g ? g->world : NULL;
}

/* ------------------------------------------------------------------------ */
/* Changes                                                                  */

hdc_status
hdc_graph_add(hdc_graph *g, const hdc_term *s, const hdc_term *p,
              const hdc_term *o)
{
  if (!g || !s || !p || !o || s->kind == HDC_TERM_LITERAL ||
      p->kind != HDC_TERM_IRI) {
    return HDC_ERR_INVALID_ARG;
  }
  /* A triple with a term newer than every triple in the graph cannot be
   * in it: append it and leave it for the next flush. Otherwise check. */
  uint32_t newest = s->id > p->id ? s->id : p->id;
  newest          = newest > o->id ? newest : o->id;
  bool     check  = newest < g->fresh_from;
  uint64_t h      = 0;
  bool     found  = false;
  if (check) {
    if (set_flush(g) != HDC_OK) {
      return HDC_ERR_NOMEM;
    }
    h = triple_hash(s, p, o);
    if (g->set_cap) {
      set_probe(g, s, p, o, h, &found);
      if (found) {
        return HDC_FAILURE;
      }
    }
  }
  if (g->n >= GRAPH_MAX_TRIPLES) {
    return HDC_ERR_LIMIT;
  }
  if (g->n == g->cap) {
    /* Grow by half: doubling would leave up to 24 idle bytes per triple. */
    size_t      cap = g->cap ? g->cap + g->cap / 2 : TRIPLES_MIN_CAP;
    hdc_triple *t   = hdc_realloc(g->triples, cap * sizeof *t);
    if (!t) {
      return HDC_ERR_NOMEM;
    }
    g->triples = t;
    g->cap     = cap;
  }
  if (check) {
    if (set_reserve(g, g->n + 1) != HDC_OK) {
      return HDC_ERR_NOMEM;
    }
    size_t slot  = set_probe(g, s, p, o, h, &found);
    g->set[slot] = set_slot_value(g->set_bits, h, g->n);
    g->set_n     = g->n + 1;
  }
  g->triples[g->n].s = s;
  g->triples[g->n].p = p;
  g->triples[g->n].o = o;
  g->n++;
  g->fresh_from = g->world->n;
  g->dirty      = true;
  return HDC_OK;
}

hdc_status
hdc_graph_add_graph(hdc_graph *dst, const hdc_graph *src)
{
  if (!dst || !src || dst->world != src->world) {
    return HDC_ERR_INVALID_ARG;
  }
  if (dst == src) {
    return HDC_OK;
  }
  hdc_status st    = HDC_OK;
  size_t     start = dst->n;
  for (size_t i = 0; i < src->n; i++) {
    const hdc_triple *t = &src->triples[i];
    hdc_status        r = hdc_graph_add(dst, t->s, t->p, t->o);
    if (r != HDC_OK && r != HDC_FAILURE) {
      st = r;
      goto done;
    }
  }
done:
  if (st != HDC_OK) {
    /* All or nothing: a caller merging documents never sees half of one. */
    hdc_graph_truncate(dst, start);
  }
  return st;
}

void
hdc_graph_clear(hdc_graph *g)
{
  if (!g) {
    return;
  }
  index_free(g);
  hdc_free(g->triples);
  hdc_free(g->set);
  g->triples    = NULL;
  g->n          = 0;
  g->cap        = 0;
  g->set        = NULL;
  g->set_cap    = 0;
  g->set_bits   = 0;
  g->set_n      = 0;
  g->fresh_from = 0;
}

void
hdc_graph_truncate(hdc_graph *g, size_t n)
{
  if (!g || n >= g->n) {
    return;
  }
  /* Only triples already in the set need taking out of it. */
  if (n < g->set_n) {
    if (g->set_n - n > n) {
      /* Dropping most of the set: refilling it is cheaper than deleting
       * one by one (and needs no memory). */
      memset(g->set, 0, g->set_cap * sizeof *g->set);
      set_insert_range(g->set, g->set_cap, g->set_bits, g->triples, 0, n);
    } else {
      for (size_t i = g->set_n; i-- > n;) {
        set_remove(g, i);
      }
    }
    g->set_n = n;
  }
  g->n     = n;
  g->dirty = true;
}

/* ------------------------------------------------------------------------ */
/* Reading                                                                  */

size_t
hdc_graph_size(const hdc_graph *g)
{
  return g ? g->n : 0;
}

const hdc_triple *
hdc_graph_triples(const hdc_graph *g)
{
  return g ? g->triples : NULL;
}

bool
hdc_graph_contains(const hdc_graph *g, const hdc_term *s, const hdc_term *p,
                   const hdc_term *o)
{
  size_t index = 0;
  if (!g || !s || !p || !o || g->n == 0) {
    return false;
  }
  return find_triple(g, s, p, o, &index);
}

size_t
hdc_graph_bytes(const hdc_graph *g)
{
  if (!g) {
    return 0;
  }
  return sizeof *g + g->cap * sizeof *g->triples +
         g->set_cap * sizeof *g->set +
         g->index_cap * (sizeof *g->spo + sizeof *g->pos) +
         g->closure_n * sizeof *g->closure;
}

/* ------------------------------------------------------------------------ */
/* Indexes                                                                  */

typedef struct sort_key {
  uint32_t a;
  uint32_t b;
  uint32_t index;
} sort_key;

static int
sort_key_cmp(const void *x, const void *y)
{
  const sort_key *l = x;
  const sort_key *r = y;
  if (l->a != r->a) {
    return l->a < r->a ? -1 : 1;
  }
  if (l->b != r->b) {
    return l->b < r->b ? -1 : 1;
  }
  return l->index < r->index ? -1 : (l->index > r->index);
}

static uint32_t
component_id(const hdc_triple *t, int which)
{
  return which == 0 ? t->s->id : (which == 1 ? t->p->id : t->o->id);
}

/* out = triple indexes sorted by (component a, component b, index). */
static hdc_status
sort_by_compare(const hdc_graph *g, int a, int b, uint32_t *out)
{
  sort_key *keys = hdc_malloc(g->n * sizeof *keys);
  if (!keys) {
    return HDC_ERR_NOMEM;
  }
  for (size_t i = 0; i < g->n; i++) {
    keys[i].a     = component_id(&g->triples[i], a);
    keys[i].b     = component_id(&g->triples[i], b);
    keys[i].index = (uint32_t)i;
  }
  qsort(keys, g->n, sizeof *keys, sort_key_cmp);
  for (size_t i = 0; i < g->n; i++) {
    out[i] = keys[i].index;
  }
  hdc_free(keys);
  return HDC_OK;
}

/*
 * One stable counting-sort pass: out = in ordered by key[in[i]]. `in` NULL
 * stands for 0, 1, ..., n-1. `bins` has nbins + 1 entries.
 */
static void
counting_pass(const uint32_t *in, uint32_t *out, size_t n,
              const uint32_t *key, uint32_t *bins, size_t nbins)
{
  memset(bins, 0, (nbins + 1) * sizeof *bins);
  for (size_t i = 0; i < n; i++) {
    bins[key[in ? in[i] : i] + 1]++;
  }
  for (size_t k = 1; k <= nbins; k++) {
    bins[k] += bins[k - 1];
  }
  for (size_t i = 0; i < n; i++) {
    uint32_t idx = in ? in[i] : (uint32_t)i;
    out[bins[key[idx]]++] = idx;
  }
}

/* Both indexes by two stable counting passes each (least significant key
 * first); O(n + terms) time, 8n + 4 * terms bytes of scratch. */
static hdc_status
sort_by_counting(const hdc_graph *g, uint32_t *spo, uint32_t *pos)
{
  hdc_status st    = HDC_ERR_NOMEM;
  size_t     nbins = g->world->n;
  uint32_t  *key   = hdc_malloc(g->n * sizeof *key);
  uint32_t  *tmp   = hdc_malloc(g->n * sizeof *tmp);
  uint32_t  *bins  = hdc_malloc((nbins + 1) * sizeof *bins);
  if (!key || !tmp || !bins) {
    goto done;
  }
  for (size_t i = 0; i < g->n; i++) {
    key[i] = g->triples[i].o->id;
  }
  counting_pass(NULL, tmp, g->n, key, bins, nbins);
  for (size_t i = 0; i < g->n; i++) {
    key[i] = g->triples[i].p->id;
  }
  counting_pass(tmp, pos, g->n, key, bins, nbins);
  counting_pass(NULL, tmp, g->n, key, bins, nbins);
  for (size_t i = 0; i < g->n; i++) {
    key[i] = g->triples[i].s->id;
  }
  counting_pass(tmp, spo, g->n, key, bins, nbins);
  st = HDC_OK;
done:
  hdc_free(key);
  hdc_free(tmp);
  hdc_free(bins);
  return st;
}

/* Counting passes index an array by term id: a term of another world
 * (a caller's mistake) could lie outside it, so check first. */
static bool
ids_in_world(const hdc_graph *g)
{
  size_t n = g->world->n;
  for (size_t i = 0; i < g->n; i++) {
    const hdc_triple *t = &g->triples[i];
    if (t->s->id >= n || t->p->id >= n || t->o->id >= n) {
      return false;
    }
  }
  return true;
}

hdc_status
hdc_graph_ensure_index(hdc_graph *g)
{
  hdc_status st = HDC_OK;
  /* After this, lookups change nothing: concurrent readers are safe. */
  if ((st = set_flush(g)) != HDC_OK || !g->dirty) {
    goto done;
  }
  hdc_graph_closure_free(g);
  if (g->n > g->index_cap) {
    uint32_t *spo = hdc_realloc(g->spo, g->n * sizeof *spo);
    if (!spo) {
      st = HDC_ERR_NOMEM;
      goto done;
    }
    g->spo = spo;
    uint32_t *pos = hdc_realloc(g->pos, g->n * sizeof *pos);
    if (!pos) {
      st = HDC_ERR_NOMEM;
      goto done;
    }
    g->pos       = pos;
    g->index_cap = g->n;
  }
  if (g->n > 0) {
    /* Counting passes cost O(terms): worth it only when the world is not
     * much larger than the graph (a record graph in a big world is not). */
    if (g->n >= SMALL_SORT && g->world->n <= 4 * g->n && ids_in_world(g)) {
      st = sort_by_counting(g, g->spo, g->pos);
    } else {
      st = sort_by_compare(g, 0, 1, g->spo);
      if (st == HDC_OK) {
        st = sort_by_compare(g, 1, 2, g->pos);
      }
    }
    if (st != HDC_OK) {
      goto done;
    }
  }
  g->dirty = false;
  /* A missing closure only makes class queries walk the graph. */
  (void)hdc_graph_closure_build(g);
done:
  return st;
}

hdc_status
hdc_graph_index(hdc_graph *g)
{
  if (!g) {
    return HDC_ERR_INVALID_ARG;
  }
  return hdc_graph_ensure_index(g);
}

/* First entry of idx whose (a, b) key is >= key. */
static const uint32_t *
lower_bound(const hdc_graph *g, const uint32_t *idx, int a, int b,
            uint64_t key)
{
  size_t lo = 0;
  size_t hi = g->n;
  while (lo < hi) {
    size_t            mid = lo + (hi - lo) / 2;
    const hdc_triple *t   = &g->triples[idx[mid]];
    uint64_t k = (uint64_t)component_id(t, a) << 32 | component_id(t, b);
    if (k < key) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return idx + lo;
}

static void
index_range(const hdc_graph *g, const uint32_t *idx, int a, int b,
            const hdc_term *x, const hdc_term *y, const uint32_t **begin,
            const uint32_t **end)
{
  uint64_t lo = (uint64_t)x->id << 32;
  uint64_t hi;
  if (y) {
    lo |= y->id;
    hi = lo + 1;
  } else {
    hi = lo + (UINT64_C(1) << 32);
  }
  *begin = lower_bound(g, idx, a, b, lo);
  *end   = lower_bound(g, idx, a, b, hi);
}

void
hdc_graph_spo_range(const hdc_graph *g, const hdc_term *s, const hdc_term *p,
                    const uint32_t **begin, const uint32_t **end)
{
  index_range(g, g->spo, 0, 1, s, p, begin, end);
}

void
hdc_graph_pos_range(const hdc_graph *g, const hdc_term *p, const hdc_term *o,
                    const uint32_t **begin, const uint32_t **end)
{
  index_range(g, g->pos, 1, 2, p, o, begin, end);
}

/* Lookups on a const graph build the index through this cast; see the top
 * of this file and graph.h on concurrency. */
static bool
index_ready(const hdc_graph *g)
{
  return hdc_graph_ensure_index((hdc_graph *)g) == HDC_OK;
}

static bool
triple_matches(const hdc_triple *t, const hdc_iter *it)
{
  return (!it->s || t->s == it->s) && (!it->p || t->p == it->p) &&
         (!it->o || t->o == it->o);
}

void
hdc_graph_match(const hdc_graph *g, const hdc_term *s, const hdc_term *p,
                const hdc_term *o, hdc_iter *it)
{
  if (!it) {
    return;
  }
  memset(it, 0, sizeof *it);
  it->graph = g;
  it->s     = s;
  it->p     = p;
  it->o     = o;
  it->mode  = ITER_DONE;
  if (!g || g->n == 0) {
    return;
  }
  if (s && p && o) {
    /* Fully bound: one probe of the duplicate set, no index needed. */
    size_t index = 0;
    if (find_triple(g, s, p, o, &index)) {
      it->scan = index;
      it->mode = ITER_ONE;
    }
    return;
  }
  if ((s || p) && index_ready(g)) {
    if (s) {
      /* (s,p,*), (s,*,*) and also (s,*,o): a subject's triples are few, so
       * filtering them beats scanning the graph. */
      hdc_graph_spo_range(g, s, p, &it->pos, &it->end);
    } else {
      hdc_graph_pos_range(g, p, o, &it->pos, &it->end);
    }
    it->mode = ITER_LIST;
    return;
  }
  it->mode = ITER_SCAN;
}

const hdc_triple *
hdc_iter_next(hdc_iter *it)
{
  if (!it || !it->graph) {
    return NULL;
  }
  const hdc_graph *g = it->graph;
  switch (it->mode) {
  case ITER_SCAN:
    while (it->scan < g->n) {
      const hdc_triple *t = &g->triples[it->scan++];
      if (triple_matches(t, it)) {
        return t;
      }
    }
    break;
  case ITER_LIST:
    while (it->pos < it->end) {
      const hdc_triple *t = &g->triples[*it->pos++];
      if (triple_matches(t, it)) {
        return t;
      }
    }
    break;
  case ITER_ONE:
    it->mode = ITER_DONE;
    return &g->triples[it->scan];
  default:
    break;
  }
  it->mode = ITER_DONE;
  return NULL;
}

size_t
hdc_graph_count(const hdc_graph *g, const hdc_term *s, const hdc_term *p,
                const hdc_term *o)
{
  hdc_iter it;
  hdc_graph_match(g, s, p, o, &it);
  /* An index range that needs no filtering is counted without reading. */
  if (it.mode == ITER_LIST && !(s && o)) {
    /* Ids are per world: a term of another world may land on a range of
     * different terms, which the first entry reveals. */
    if (it.pos == it.end || !triple_matches(&g->triples[*it.pos], &it)) {
      return 0;
    }
    return (size_t)(it.end - it.pos);
  }
  size_t n = 0;
  while (hdc_iter_next(&it)) {
    n++;
  }
  return n;
}

const hdc_term *
hdc_graph_object(const hdc_graph *g, const hdc_term *s, const hdc_term *p)
{
  hdc_iter it;
  hdc_graph_match(g, s, p, NULL, &it);
  const hdc_triple *t = hdc_iter_next(&it);
  return t ? t->o : NULL;
}
