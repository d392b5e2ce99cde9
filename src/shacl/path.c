// SPDX-License-Identifier: EUPL-1.2
/*
 * Node sets and SHACL property path evaluation (SHACL §2.3.1). A path is
 * evaluated forwards from a focus node; inverse paths are evaluated by
 * walking their inner path backwards, so every step is one lookup in the
 * graph's subject or predicate-object index.
 */
#include "shacl_internal.h"

#include <string.h>

/* Below this size a set is searched linearly: most value sets hold one to
 * three nodes and a hash index would cost more than it saves. */
#define HDC_NODESET_LINEAR 16

static size_t
node_hash(const hdc_term *t)
{
  uintptr_t x = (uintptr_t)t;
  x ^= x >> 15;
  x *= (uintptr_t)0xD6E8FEB86659FD93ull;
  x ^= x >> 32;
  return (size_t)x;
}

void
hdc_nodeset_init(hdc_nodeset *s)
{
  memset(s, 0, sizeof *s);
}

void
hdc_nodeset_clear(hdc_nodeset *s)
{
  if (!s)
    return;
  hdc_free(s->items);
  hdc_free(s->slots);
  hdc_nodeset_init(s);
}

static void
slots_insert(const hdc_term **slots, size_t n_slots, const hdc_term *t)
{
  size_t i = node_hash(t) & (n_slots - 1);
  while (slots[i])
    i = (i + 1) & (n_slots - 1);
  slots[i] = t;
}

static bool
grow_items(hdc_nodeset *s)
{
  size_t           n;
  const hdc_term **arr;
  if (s->n < s->cap)
    return true;
  n   = s->cap ? s->cap * 2 : 8;
  arr = hdc_realloc(s->items, n * sizeof *arr);
  if (!arr) {
    s->oom = true;
    return false;
  }
  s->items = arr;
  s->cap   = n;
  return true;
}

/* Rebuild the hash index, at most half full, from the items. */
static bool
rebuild_slots(hdc_nodeset *s)
{
  size_t           n = s->n_slots ? s->n_slots : 64;
  const hdc_term **slots;
  while (s->n * 2 > n)
    n *= 2;
  slots = hdc_calloc(n, sizeof *slots);
  if (!slots) {
    s->oom = true;
    return false;
  }
  for (size_t i = 0; i < s->n; i++)
    slots_insert(slots, n, s->items[i]);
  hdc_free(s->slots);
  s->slots   = slots;
  s->n_slots = n;
  return true;
}

bool
hdc_nodeset_has(const hdc_nodeset *s, const hdc_term *t)
{
  if (s->n <= HDC_NODESET_LINEAR) {
    for (size_t i = 0; i < s->n; i++)
      if (s->items[i] == t)
        return true;
    return false;
  }
  for (size_t i = node_hash(t) & (s->n_slots - 1); s->slots[i];
       i        = (i + 1) & (s->n_slots - 1))
    if (s->slots[i] == t)
      return true;
  return false;
}

void
hdc_nodeset_push(hdc_nodeset *s, const hdc_term *t)
{
  if (!grow_items(s))
    return;
  s->items[s->n++] = t;
  if (s->n <= HDC_NODESET_LINEAR)
    return;
  /* Past the linear size the index must hold every item: rebuild it when
   * it is absent, stale (after a reset it was cleared) or too full. */
  if (s->n == HDC_NODESET_LINEAR + 1 || s->n * 2 > s->n_slots) {
    if (!rebuild_slots(s))
      s->n--;
    return;
  }
  slots_insert(s->slots, s->n_slots, t);
}

bool
hdc_nodeset_add(hdc_nodeset *s, const hdc_term *t)
{
  size_t before = s->n;
  if (hdc_nodeset_has(s, t))
    return false;
  hdc_nodeset_push(s, t);
  return s->n > before;
}

/* ------------------------------------------------------------------------ */
/* Path evaluation                                                          */

static hdc_status eval(const hdc_graph      *g,
                       const hdc_shacl_path *p,
                       const hdc_term       *node,
                       bool                  inverse,
                       hdc_nodeset          *out);

/* Nodes reached in one step of a predicate, forwards or backwards. */
static void
step_predicate(const hdc_graph *g,
               const hdc_term  *pred,
               const hdc_term  *node,
               bool             inverse,
               hdc_nodeset     *out)
{
  hdc_iter          it;
  const hdc_triple *t;
  if (inverse) {
    hdc_graph_match(g, NULL, pred, node, &it);
    while ((t = hdc_iter_next(&it)))
      hdc_nodeset_add(out, t->s);
  } else {
    if (hdc_term_is_literal(node))
      return;
    hdc_graph_match(g, node, pred, NULL, &it);
    while ((t = hdc_iter_next(&it)))
      hdc_nodeset_add(out, t->o);
  }
}

/* The closure of p from node (node included when zero is true). */
static hdc_status
closure(const hdc_graph      *g,
        const hdc_shacl_path *p,
        const hdc_term       *node,
        bool                  inverse,
        bool                  zero,
        hdc_nodeset          *out)
{
  hdc_nodeset seen, step;
  hdc_status  st   = HDC_OK;
  size_t      next = 0;

  hdc_nodeset_init(&seen);
  hdc_nodeset_init(&step);
  /* Breadth-first over the nodes reached; `seen` makes cycles finite. */
  hdc_nodeset_add(&seen, node);
  if (zero)
    hdc_nodeset_add(out, node);
  while (next < seen.n) {
    const hdc_term *cur = seen.items[next++];
    hdc_nodeset_reset(&step);
    st = eval(g, p, cur, inverse, &step);
    if (st)
      goto done;
    for (size_t i = 0; i < step.n; i++) {
      hdc_nodeset_add(out, step.items[i]);
      hdc_nodeset_add(&seen, step.items[i]);
    }
    if (seen.oom || out->oom) {
      st = HDC_ERR_NOMEM;
      goto done;
    }
  }
done:
  hdc_nodeset_clear(&seen);
  hdc_nodeset_clear(&step);
  return st;
}

static hdc_status
eval(const hdc_graph      *g,
     const hdc_shacl_path *p,
     const hdc_term       *node,
     bool                  inverse,
     hdc_nodeset          *out)
{
  hdc_status st = HDC_OK;

  switch (p->kind) {
    case HDC_PATH_PREDICATE:
      step_predicate(g, p->pred, node, inverse, out);
      break;
    case HDC_PATH_INVERSE: st = eval(g, p->sub[0], node, !inverse, out); break;
    case HDC_PATH_ALTERNATIVE:
      for (size_t i = 0; i < p->n_sub && !st; i++)
        st = eval(g, p->sub[i], node, inverse, out);
      break;
    case HDC_PATH_SEQUENCE: {
      hdc_nodeset cur, nxt;
      hdc_nodeset_init(&cur);
      hdc_nodeset_init(&nxt);
      hdc_nodeset_add(&cur, node);
      /* Backwards, a sequence is walked from its last member. */
      for (size_t k = 0; k < p->n_sub && !st; k++) {
        size_t i = inverse ? p->n_sub - 1 - k : k;
        hdc_nodeset_reset(&nxt);
        for (size_t j = 0; j < cur.n && !st; j++)
          st = eval(g, p->sub[i], cur.items[j], inverse, &nxt);
        if (!st && nxt.oom)
          st = HDC_ERR_NOMEM;
        {
          hdc_nodeset tmp = cur;
          cur             = nxt;
          nxt             = tmp;
        }
      }
      for (size_t j = 0; j < cur.n && !st; j++)
        hdc_nodeset_add(out, cur.items[j]);
      hdc_nodeset_clear(&cur);
      hdc_nodeset_clear(&nxt);
      break;
    }
    case HDC_PATH_ZERO_OR_MORE:
      st = closure(g, p->sub[0], node, inverse, true, out);
      break;
    case HDC_PATH_ONE_OR_MORE:
      st = closure(g, p->sub[0], node, inverse, false, out);
      break;
    case HDC_PATH_ZERO_OR_ONE:
      hdc_nodeset_add(out, node);
      st = eval(g, p->sub[0], node, inverse, out);
      break;
  }
  if (!st && out->oom)
    st = HDC_ERR_NOMEM;
  return st;
}

hdc_status
hdc_shacl_path_eval(const hdc_graph      *g,
                    const hdc_shacl_path *p,
                    const hdc_term       *node,
                    hdc_nodeset          *out)
{
  return eval(g, p, node, false, out);
}
