// SPDX-License-Identifier: EUPL-1.2
/*
 * Class membership through rdfs:subClassOf (the only RDFS entailment SHACL
 * asks for: sh:class and sh:targetClass, SHACL §2.1.3.2 and §4.1.1).
 *
 * The SHACL validator asks "is this node an instance of C?" once per value
 * node, so the transitive closure of rdfs:subClassOf is computed with the
 * indexes (one walk per class, cycle-safe) and kept as a sorted array of
 * (sub, super) pairs: a query is then a binary search, with no allocation,
 * and safe for concurrent readers once hdc_graph_index() has run. Should
 * the closure be too big or memory run out, queries walk the graph instead.
 */
#include "graph_internal.h"

#include <stdlib.h>
#include <string.h>

/* Beyond this many pairs (16 bytes each) the closure is not kept. */
#define CLOSURE_MAX_PAIRS ((size_t)1 << 20)

static const hdc_term *
subclass_of(const hdc_graph *g)
{
  return hdc_world_find_iri(g->world, HDC_STR(HDC_NS_RDFS "subClassOf"));
}

static const hdc_term *
rdf_type(const hdc_graph *g)
{
  return hdc_world_find_iri(g->world, HDC_STR(HDC_NS_RDF "type"));
}

static int
pair_cmp(const void *x, const void *y)
{
  const hdc_class_pair *a  = x;
  const hdc_class_pair *b  = y;
  uintptr_t             as = (uintptr_t)a->sub, bs = (uintptr_t)b->sub;
  if (as != bs) {
    return as < bs ? -1 : 1;
  }
  uintptr_t ap = (uintptr_t)a->super, bp = (uintptr_t)b->super;
  return ap < bp ? -1 : (ap > bp);
}

void
hdc_graph_closure_free(hdc_graph *g)
{
  hdc_free(g->closure);
  g->closure    = NULL;
  g->closure_n  = 0;
  g->closure_ok = false;
  g->type_term  = NULL;
}

hdc_status
hdc_graph_closure_build(hdc_graph *g)
{
  hdc_status       st     = HDC_OK;
  hdc_graph_ptrmap local  = {0};
  const hdc_term **terms  = NULL;
  uint32_t        *first  = NULL; /* CSR offsets, k + 1 */
  uint32_t        *edges  = NULL;
  uint32_t        *stamp  = NULL;
  uint32_t        *stack  = NULL;
  hdc_class_pair  *pairs  = NULL;
  size_t           npairs = 0, cap_pairs = 0;

  hdc_graph_closure_free(g);
  g->type_term       = rdf_type(g);
  const hdc_term *sc = subclass_of(g);
  const uint32_t *b = NULL, *e = NULL;
  if (sc && g->n) {
    hdc_graph_pos_range(g, sc, NULL, &b, &e);
  }
  size_t m = (size_t)(e - b);
  if (m == 0) {
    g->closure_ok = true;
    goto done;
  }

  /* Number the classes densely, then walk arrays instead of the graph. */
  terms = hdc_malloc(2 * m * sizeof *terms);
  first = hdc_calloc(2 * m + 1, sizeof *first);
  edges = hdc_malloc(m * sizeof *edges);
  if (!terms || !first || !edges) {
    st = HDC_ERR_NOMEM;
    goto done;
  }
  size_t k = 0;
  for (const uint32_t *it = b; it < e; it++) {
    const hdc_triple *t     = &g->triples[*it];
    const hdc_term   *ends[2] = {t->s, t->o};
    for (int j = 0; j < 2; j++) {
      hdc_status r = hdc_graph_ptrmap_put(&local, ends[j], (uint32_t)k);
      if (r == HDC_OK) {
        terms[k++] = ends[j];
      } else if (r != HDC_FAILURE) {
        st = r;
        goto done;
      }
    }
  }
  for (const uint32_t *it = b; it < e; it++) {
    uint32_t from = 0;
    hdc_graph_ptrmap_get(&local, g->triples[*it].s, &from);
    first[from + 1]++;
  }
  for (size_t i = 1; i <= k; i++) {
    first[i] += first[i - 1];
  }
  stamp = hdc_calloc(k, sizeof *stamp);
  stack = hdc_malloc(k * sizeof *stack);
  if (!stamp || !stack) {
    st = HDC_ERR_NOMEM;
    goto done;
  }
  /* Fill edges using stamp[] as the per-node cursor, then reset it. */
  for (const uint32_t *it = b; it < e; it++) {
    uint32_t from = 0, to = 0;
    hdc_graph_ptrmap_get(&local, g->triples[*it].s, &from);
    hdc_graph_ptrmap_get(&local, g->triples[*it].o, &to);
    edges[first[from] + stamp[from]++] = to;
  }
  memset(stamp, 0, k * sizeof *stamp);

  for (size_t src = 0; src < k; src++) {
    if (first[src] == first[src + 1]) {
      continue;
    }
    /* Depth-first from src; stamp src + 1 marks "seen from src", so the
     * array never needs clearing between sources. */
    uint32_t mark = (uint32_t)src + 1;
    size_t   top  = 0;
    stamp[src]    = mark;
    stack[top++]  = (uint32_t)src;
    while (top) {
      uint32_t v = stack[--top];
      for (uint32_t x = first[v]; x < first[v + 1]; x++) {
        uint32_t w = edges[x];
        if (stamp[w] == mark) {
          continue;
        }
        stamp[w]     = mark;
        stack[top++] = w;
        if (npairs == cap_pairs) {
          if (npairs >= CLOSURE_MAX_PAIRS) {
            st = HDC_ERR_LIMIT;
            goto done;
          }
          size_t          nc = cap_pairs ? cap_pairs * 2 : 64;
          hdc_class_pair *np = hdc_realloc(pairs, nc * sizeof *np);
          if (!np) {
            st = HDC_ERR_NOMEM;
            goto done;
          }
          pairs     = np;
          cap_pairs = nc;
        }
        pairs[npairs].sub   = terms[src];
        pairs[npairs].super = terms[w];
        npairs++;
      }
    }
  }
  if (npairs) {
    qsort(pairs, npairs, sizeof *pairs, pair_cmp);
    /* Return the slack: the closure counts in hdc_graph_bytes(). */
    hdc_class_pair *np = hdc_realloc(pairs, npairs * sizeof *np);
    if (np) {
      pairs = np;
    }
  }
  g->closure    = pairs;
  g->closure_n  = npairs;
  g->closure_ok = true;
  pairs         = NULL;
done:
  hdc_graph_ptrmap_free(&local);
  hdc_free(terms);
  hdc_free(first);
  hdc_free(edges);
  hdc_free(stamp);
  hdc_free(stack);
  hdc_free(pairs);
  return st;
}

/* Walk rdfs:subClassOf upwards from sub looking for super; used when the
 * closure is not available. False if memory runs out. */
static bool
walk_up(const hdc_graph *g, const hdc_term *sub, const hdc_term *super)
{
  bool             hit   = false;
  hdc_graph_ptrmap seen  = {0};
  const hdc_term **queue = NULL;
  size_t           qn = 0, qcap = 0;
  const hdc_term  *sc = subclass_of(g);
  if (!sc || hdc_graph_ptrmap_put(&seen, sub, 0) != HDC_OK) {
    goto done;
  }
  queue = hdc_malloc(16 * sizeof *queue);
  if (!queue) {
    goto done;
  }
  qcap       = 16;
  queue[qn++] = sub;
  for (size_t head = 0; head < qn && !hit; head++) {
    hdc_iter it;
    hdc_graph_match(g, queue[head], sc, NULL, &it);
    const hdc_triple *t;
    while ((t = hdc_iter_next(&it)) != NULL) {
      if (t->o == super) {
        hit = true;
        break;
      }
      hdc_status r = hdc_graph_ptrmap_put(&seen, t->o, 0);
      if (r == HDC_FAILURE) {
        continue;
      }
      if (r != HDC_OK) {
        goto done;
      }
      if (qn == qcap) {
        const hdc_term **nq = hdc_realloc(queue, 2 * qcap * sizeof *nq);
        if (!nq) {
          goto done;
        }
        queue = nq;
        qcap *= 2;
      }
      queue[qn++] = t->o;
    }
  }
done:
  hdc_graph_ptrmap_free(&seen);
  hdc_free(queue);
  return hit;
}

/* Is (sub, super) in the closure? Binary search with the comparison
 * inlined: the validator asks this once per value node. */
static bool
closure_has(const hdc_graph *g, const hdc_term *sub, const hdc_term *super)
{
  uintptr_t s = (uintptr_t)sub, p = (uintptr_t)super;
  size_t    lo = 0, hi = g->closure_n;
  while (lo < hi) {
    size_t                mid = lo + (hi - lo) / 2;
    const hdc_class_pair *x   = &g->closure[mid];
    uintptr_t             xs = (uintptr_t)x->sub, xp = (uintptr_t)x->super;
    if (xs == s && xp == p) {
      return true;
    }
    if (xs < s || (xs == s && xp < p)) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return false;
}

bool
hdc_graph_is_subclass(const hdc_graph *g, const hdc_term *sub,
                      const hdc_term *super)
{
  if (!g || !sub || !super) {
    return false;
  }
  if (sub == super) {
    return true;
  }
  /* The closure is built with the index; see graph.c on the const cast. */
  if (hdc_graph_ensure_index((hdc_graph *)g) == HDC_OK && g->closure_ok) {
    return closure_has(g, sub, super);
  }
  return walk_up(g, sub, super);
}

bool
hdc_graph_is_instance(const hdc_graph *g, const hdc_term *node,
                      const hdc_term *cls)
{
  if (!g || !node || !cls) {
    return false;
  }
  bool fast =
    hdc_graph_ensure_index((hdc_graph *)g) == HDC_OK && g->closure_ok;
  const hdc_term *type = fast ? g->type_term : rdf_type(g);
  if (!type) {
    return false;
  }
  hdc_iter it;
  hdc_graph_match(g, node, type, NULL, &it);
  const hdc_triple *t;
  while ((t = hdc_iter_next(&it)) != NULL) {
    if (t->o == cls || (fast ? closure_has(g, t->o, cls)
                             : hdc_graph_is_subclass(g, t->o, cls))) {
      return true;
    }
  }
  return false;
}

static int
term_ptr_cmp(const void *x, const void *y)
{
  return hdc_term_compare(*(const hdc_term *const *)x,
                          *(const hdc_term *const *)y);
}

/* Append t to the growable array *arr (length *n, capacity *cap). */
static hdc_status
push_term(const hdc_term ***arr, size_t *n, size_t *cap, const hdc_term *t)
{
  if (*n == *cap) {
    size_t           nc = *cap ? *cap * 2 : 16;
    const hdc_term **na = hdc_realloc((void *)*arr, nc * sizeof *na);
    if (!na) {
      return HDC_ERR_NOMEM;
    }
    *arr = na;
    *cap = nc;
  }
  (*arr)[(*n)++] = t;
  return HDC_OK;
}

hdc_status
hdc_graph_instances(const hdc_graph *g, const hdc_term *cls,
                    const hdc_term ***out, size_t *n)
{
  hdc_status       st      = HDC_OK;
  hdc_graph_ptrmap seen    = {0};
  hdc_graph_ptrmap members = {0};
  const hdc_term **classes = NULL;
  size_t           nc = 0, cc = 0;
  const hdc_term **res = NULL;
  size_t           nr = 0, cr = 0;

  if (out) {
    *out = NULL;
  }
  if (n) {
    *n = 0;
  }
  if (!g || !cls || !out || !n) {
    return HDC_ERR_INVALID_ARG;
  }
  const hdc_term *type = rdf_type(g);
  const hdc_term *sc   = subclass_of(g);
  if (!type) {
    goto done;
  }
  /* Every subclass of cls (itself included), walking subClassOf down. */
  if ((st = hdc_graph_ptrmap_put(&seen, cls, 0)) != HDC_OK ||
      (st = push_term(&classes, &nc, &cc, cls)) != HDC_OK) {
    goto done;
  }
  for (size_t head = 0; sc && head < nc; head++) {
    hdc_iter it;
    hdc_graph_match(g, NULL, sc, classes[head], &it);
    const hdc_triple *t;
    while ((t = hdc_iter_next(&it)) != NULL) {
      hdc_status r = hdc_graph_ptrmap_put(&seen, t->s, 0);
      if (r == HDC_FAILURE) {
        continue;
      }
      if (r != HDC_OK || (r = push_term(&classes, &nc, &cc, t->s)) != HDC_OK) {
        st = r;
        goto done;
      }
    }
  }
  for (size_t i = 0; i < nc; i++) {
    hdc_iter it;
    hdc_graph_match(g, NULL, type, classes[i], &it);
    const hdc_triple *t;
    while ((t = hdc_iter_next(&it)) != NULL) {
      hdc_status r = hdc_graph_ptrmap_put(&members, t->s, 0);
      if (r == HDC_FAILURE) {
        continue;
      }
      if (r != HDC_OK || (r = push_term(&res, &nr, &cr, t->s)) != HDC_OK) {
        st = r;
        goto done;
      }
    }
  }
  if (nr) {
    qsort((void *)res, nr, sizeof *res, term_ptr_cmp);
    *out = res;
    *n   = nr;
    res  = NULL;
  }
  st = HDC_OK;
done:
  hdc_graph_ptrmap_free(&seen);
  hdc_graph_ptrmap_free(&members);
  hdc_free((void *)classes);
  hdc_free((void *)res);
  return st;
}
