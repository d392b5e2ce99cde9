// SPDX-License-Identifier: EUPL-1.2
/*
 * Private layout of the graph module's objects, shared by its files:
 * world.c (terms and the term table), graph.c (triples, the duplicate set,
 * the indexes, iteration), classes.c (rdfs:subClassOf closure), iso.c
 * (isomorphism and canonical labels) and record.c (per-dataset extraction).
 *
 * Memory budget, which shapes these structs: a graph costs at most 64 bytes
 * per triple besides its terms. A triple is 24 bytes (36 with the array's
 * slack), the duplicate set 4 to 11 bytes (uint32 slots at load 3/8..3/4),
 * each of the two indexes 4 bytes.
 */
#ifndef HDC_GRAPH_INTERNAL_H
#define HDC_GRAPH_INTERNAL_H

#include "hdcat/core.h"
#include "hdcat/graph.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * One interned term: a single arena allocation holding this header, the text
 * (NUL-terminated) and, for language-tagged literals, the lower-cased tag
 * (NUL-terminated) right after the text.
 */
struct hdc_term {
  uint64_t        hash;     /* content hash, see hdc_term_hash() */
  const hdc_term *datatype; /* literals only */
  uint32_t        len;      /* bytes of text, without the NUL */
  uint32_t        id;       /* dense, 0-based, in interning order */
  uint32_t        lang_len; /* 0 unless rdf:langString */
  uint8_t         kind;     /* hdc_term_kind */
  char            text[];
};

/* Text of the language tag (valid only when lang_len > 0). */
static inline const char *
hdc_term_lang_ptr(const hdc_term *t)
{
  return t->text + t->len + 1;
}

/* A slot of the term table: the hash sits beside the pointer so a probe
 * reads one cache line and growing never touches the terms. */
typedef struct hdc_world_slot {
  const hdc_term *term; /* NULL: empty */
  uint64_t        hash;
} hdc_world_slot;

struct hdc_world {
  hdc_arena       *arena;   /* every term */
  hdc_world_slot  *slots;   /* open addressing, linear probing */
  size_t           cap;     /* power of two */
  size_t           n;       /* terms; also the next id */
  const hdc_term  *xsd_string;
  const hdc_term  *rdf_lang_string;
  unsigned long    fresh;   /* next candidate for hdc_world_blank_fresh */
};

/* Sorted superclass pairs, built with the indexes (classes.c). */
typedef struct hdc_class_pair {
  const hdc_term *sub;
  const hdc_term *super;
} hdc_class_pair;

struct hdc_graph {
  hdc_world  *world;
  hdc_triple *triples;   /* insertion order */
  size_t      n;
  size_t      cap;

  /*
   * Duplicate set: slot = (fingerprint << bits) | (triple index + 1), 0 is
   * empty; `bits` = log2(set_cap). The fingerprint (upper hash bits) avoids
   * touching the triple array on most probes.
   */
  uint32_t   *set;
  size_t      set_cap;
  unsigned    set_bits;
  /*
   * Triples [0, set_n) are in the set; [set_n, n) wait to be added (a batch
   * of independent inserts runs several cache misses in parallel). A
   * triple may wait only if it cannot be a duplicate: it has a term newer
   * than every triple before it, i.e. an id >= fresh_from, the world's
   * size at the previous add. Parsing mostly adds such triples (each new
   * literal or node is a new term), so most adds touch no table at all.
   */
  size_t      set_n;
  size_t      fresh_from;

  /*
   * Indexes: triple indexes sorted by (s, p) and by (p, o), comparing term
   * ids. Valid when !dirty; built lazily by lookups (see graph.c).
   */
  uint32_t   *spo;
  uint32_t   *pos;
  size_t      index_cap;
  bool        dirty;

  /*
   * rdfs:subClassOf closure (pairs sub != super, sorted by address for
   * bsearch), built with the indexes; when it would be too large or memory
   * ran out, `closure_ok` is false and queries walk the graph instead.
   */
  hdc_class_pair *closure;
  size_t          closure_n;
  bool            closure_ok;
  /*
   * rdf:type as interned when the closure was built, or NULL if it was not
   * interned then (and so no triple could use it). Valid with closure_ok;
   * saves hashing its IRI on every class query.
   */
  const hdc_term *type_term;
};

/* Hashing shared by the module (stable across runs and platforms). */
uint64_t hdc_graph_hash_bytes(const void *ptr, size_t len, uint64_t seed);
static inline uint64_t
hdc_graph_mix64(uint64_t x)
{
  x ^= x >> 33;
  x *= UINT64_C(0xff51afd7ed558ccd);
  x ^= x >> 33;
  x *= UINT64_C(0xc4ceb9fe1a85ec53);
  x ^= x >> 33;
  return x;
}

/*
 * Make sure the indexes (and the class closure) match the triples. Called
 * from const lookups through a cast: the indexes are a cache that does not
 * change the graph's value (see graph.h on concurrency). HDC_ERR_NOMEM leaves
 * the graph dirty; callers then fall back to scanning.
 */
hdc_status hdc_graph_ensure_index(hdc_graph *g);

/* Range of SPO entries with subject s (and predicate p when non-NULL). */
void hdc_graph_spo_range(const hdc_graph *g, const hdc_term *s,
                         const hdc_term *p, const uint32_t **begin,
                         const uint32_t **end);
/* Range of POS entries with predicate p (and object o when non-NULL). */
void hdc_graph_pos_range(const hdc_graph *g, const hdc_term *p,
                         const hdc_term *o, const uint32_t **begin,
                         const uint32_t **end);

/*
 * A small map from pointers (terms) to uint32 values, for visited sets and
 * dense numbering during walks (ptrmap.c). Zero-initialise to start empty.
 */
typedef struct hdc_graph_ptrmap {
  const void **keys; /* NULL is an empty slot */
  uint32_t    *vals;
  size_t       cap;  /* power of two, or 0 */
  size_t       n;
} hdc_graph_ptrmap;

/* HDC_OK if added, HDC_FAILURE if already there (value unchanged),
 * HDC_ERR_NOMEM. */
hdc_status hdc_graph_ptrmap_put(hdc_graph_ptrmap *m, const void *key,
                                uint32_t val);
/* True if present; *val (may be NULL) gets the value. */
bool       hdc_graph_ptrmap_get(const hdc_graph_ptrmap *m, const void *key,
                                uint32_t *val);
void       hdc_graph_ptrmap_free(hdc_graph_ptrmap *m);

/* Build g->closure from the fresh indexes (classes.c). */
hdc_status hdc_graph_closure_build(hdc_graph *g);
void       hdc_graph_closure_free(hdc_graph *g);

#endif /* HDC_GRAPH_INTERNAL_H */
