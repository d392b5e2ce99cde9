// SPDX-License-Identifier: EUPL-1.2
/*
 * Graph isomorphism (RDF 1.1 Concepts §3.6) and canonical blank-node labels.
 *
 * Both rest on colour refinement of the blank nodes. Every blank starts with
 * one colour; a blank's "neighbourhood signature" is the sum of mixed hashes
 * of its triples seen from it (role, predicate, and the other end: a ground
 * term's content hash or a blank's colour), so it is a multiset hash that
 * needs no sorting and can be updated in O(1) when one neighbour changes.
 * A colour class whose members' signatures differ is split. Colours depend
 * only on structure and term content, never on labels or addresses, so
 * isomorphic graphs get the same colours.
 *
 * Refinement is incremental (after Hopcroft): only blanks next to a blank
 * that changed colour are looked at again, and when a class splits, its
 * largest part keeps the old colour, so a blank changes colour O(log n)
 * times. A chain of n blank nodes (an RDF list) costs O(n log n), not the
 * O(n^2) of recomputing every colour every round. Classes are contiguous
 * ranges of one array, laid out by a structural rule (kept part first, then
 * the others by signature), so "the class at position p" means the same in
 * two isomorphic graphs.
 *
 * When every blank has its own colour, the colours name a single candidate
 * bijection, which is checked triple by triple: a "true" is always proven.
 * When ties remain (symmetric or regular structures), the search gives one
 * blank of the first tied class its own colour, tries each blank of the
 * matching class of the other graph, refines and goes deeper, undoing the
 * refinement from a trail on failure. The work is bounded (ISO_BUDGET);
 * past it the answer is "not isomorphic", which only adversarial inputs
 * reach.
 *
 * Canonical labels split ties deterministically instead (the last blank of
 * the first tied class) and name each blank "c" + hex of its final colour.
 * When the tied blanks are interchangeable (automorphic), as in real data,
 * the choice does not change the result.
 */
#include "graph_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NONE ((uint32_t)UINT32_MAX)

/* Units of work (signature updates, moved or sorted blanks) one
 * isomorphism test may spend. */
#define ISO_BUDGET ((uint64_t)50 * 1000 * 1000)

#define COLOUR_INIT  UINT64_C(0x6a09e667f3bcc908)
#define SALT_BLANK   UINT64_C(0xbb67ae8584caa73b)
#define SALT_INDIV   UINT64_C(0x3c6ef372fe94f82b)
#define SALT_SPLIT   UINT64_C(0xa54ff53a5f1d36f1)
#define ROLE_SUBJECT UINT64_C(0x510e527fade682d1)
#define ROLE_OBJECT  UINT64_C(0x9b05688c2b3e6c1f)
#define ROLE_SELF    UINT64_C(0x1f83d9abfb41bd6b)

/* One triple as seen from one of its blank nodes. */
typedef struct iso_inc {
  uint64_t key;     /* role, predicate and the ground other end */
  uint64_t rev_key; /* the same triple's key as seen from `other` */
  uint32_t other;   /* blank index of the other end, or NONE */
} iso_inc;

/* A refinement step that can be undone. */
typedef struct iso_trail {
  uint32_t cls;    /* class created (split) or whose stable value changed */
  bool     split;
  uint64_t old;    /* previous stable value (when !split) */
} iso_trail;

typedef struct iso_sortkey {
  uint32_t cls;
  uint32_t node;
  uint64_t sig;
} iso_sortkey;

typedef struct iso_group {
  uint64_t value;
  size_t   count;
  size_t   a, b;   /* its touched members: sortkeys [a, b) */
  bool     stable; /* holds the untouched members too */
} iso_group;

typedef struct iso_change {
  uint32_t node;
  uint64_t old;
} iso_change;

/* One graph under refinement. */
typedef struct iso_side {
  const hdc_graph *g;
  size_t           nb;       /* blank nodes */
  const hdc_term **blank;    /* in hdc_term_compare() order */
  hdc_graph_ptrmap index;    /* blank term -> position in blank[] */
  size_t           ground;   /* triples without blank nodes */
  uint32_t        *first;    /* nb + 1 offsets into inc[] */
  iso_inc         *inc;

  /* Partition: classes are ranges [start, end) of elems. */
  uint32_t *elems;
  uint32_t *pos;    /* node -> index in elems */
  uint32_t *cls;    /* node -> class */
  uint64_t *sig;    /* node -> neighbourhood signature */
  uint32_t *start;  /* class -> range */
  uint32_t *end;
  uint32_t *parent; /* class -> class it was split from */
  uint64_t *colour; /* class -> colour */
  uint64_t *stable; /* class -> the signature its untouched members share */
  size_t    nclasses;
  uint64_t  total;  /* sum of mixed colours over nodes: a multiset hash */

  /* Blanks whose signature changed since the last round. */
  uint32_t *touched;
  size_t    ntouched;
  uint8_t  *flag;   /* touched flag, and scratch marks while splitting */

  iso_trail  *trail;
  size_t      ntrail, trail_cap;
  iso_sortkey *keys;
  iso_group   *groups;
  iso_change  *changes;
  uint32_t    *buf;
  size_t      *ord;
} iso_side;

typedef struct iso_ctx {
  uint64_t budget;
  bool     exhausted;
  bool     nomem;
} iso_ctx;

enum { FLAG_TOUCHED = 1, FLAG_MOVE = 2, FLAG_RUN = 4 };

static uint64_t
mix2(uint64_t a, uint64_t b)
{
  return hdc_graph_mix64(a ^ hdc_graph_mix64(b + UINT64_C(0x9e3779b97f4a7c15)));
}

static uint64_t
contribution(uint64_t key, bool blank_other, uint64_t colour)
{
  return hdc_graph_mix64(blank_other ? mix2(key, colour ^ SALT_BLANK) : key);
}

static int
term_ptr_cmp(const void *x, const void *y)
{
  return hdc_term_compare(*(const hdc_term *const *)x,
                          *(const hdc_term *const *)y);
}

static int
sortkey_cmp(const void *x, const void *y)
{
  const iso_sortkey *a = x;
  const iso_sortkey *b = y;
  if (a->cls != b->cls) {
    return a->cls < b->cls ? -1 : 1;
  }
  if (a->sig != b->sig) {
    return a->sig < b->sig ? -1 : 1;
  }
  return a->node < b->node ? -1 : (a->node > b->node);
}

static void
side_free(iso_side *s)
{
  hdc_free((void *)s->blank);
  hdc_graph_ptrmap_free(&s->index);
  hdc_free(s->first);
  hdc_free(s->inc);
  hdc_free(s->elems);
  hdc_free(s->pos);
  hdc_free(s->cls);
  hdc_free(s->sig);
  hdc_free(s->start);
  hdc_free(s->end);
  hdc_free(s->parent);
  hdc_free(s->colour);
  hdc_free(s->stable);
  hdc_free(s->touched);
  hdc_free(s->flag);
  hdc_free(s->trail);
  hdc_free(s->keys);
  hdc_free(s->groups);
  hdc_free(s->changes);
  hdc_free(s->buf);
  hdc_free(s->ord);
  memset(s, 0, sizeof *s);
}

static uint32_t
blank_index(const iso_side *s, const hdc_term *t)
{
  uint32_t i = NONE;
  if (t->kind == HDC_TERM_BLANK) {
    hdc_graph_ptrmap_get(&s->index, t, &i);
  }
  return i;
}

/* Collect the blank nodes of g, in label order. */
static hdc_status
side_collect(iso_side *s)
{
  hdc_status st   = HDC_OK;
  hdc_graph_ptrmap seen = {0};
  size_t     cap  = 0;
  for (size_t i = 0; i < s->g->n; i++) {
    const hdc_term *ends[2] = {s->g->triples[i].s, s->g->triples[i].o};
    bool            any     = false;
    for (int j = 0; j < 2; j++) {
      if (ends[j]->kind != HDC_TERM_BLANK) {
        continue;
      }
      any          = true;
      hdc_status r = hdc_graph_ptrmap_put(&seen, ends[j], 0);
      if (r == HDC_FAILURE) {
        continue;
      }
      if (r != HDC_OK) {
        st = r;
        goto done;
      }
      if (s->nb == cap) {
        size_t           nc  = cap ? cap * 2 : 16;
        const hdc_term **nbk = hdc_realloc((void *)s->blank, nc * sizeof *nbk);
        if (!nbk) {
          st = HDC_ERR_NOMEM;
          goto done;
        }
        s->blank = nbk;
        cap      = nc;
      }
      s->blank[s->nb++] = ends[j];
    }
    s->ground += !any;
  }
  if (s->nb) {
    qsort((void *)s->blank, s->nb, sizeof *s->blank, term_ptr_cmp);
  }
  for (size_t i = 0; i < s->nb; i++) {
    st = hdc_graph_ptrmap_put(&s->index, s->blank[i], (uint32_t)i);
    if (st != HDC_OK) {
      goto done;
    }
  }
done:
  hdc_graph_ptrmap_free(&seen);
  return st;
}

/* List each blank's triples (incidences, CSR layout). */
static hdc_status
side_incidences(iso_side *s)
{
  const hdc_graph *g = s->g;
  size_t           m = 0;
  s->first           = hdc_calloc(s->nb + 1, sizeof *s->first);
  if (!s->first) {
    return HDC_ERR_NOMEM;
  }
  for (size_t i = 0; i < g->n; i++) {
    uint32_t si = blank_index(s, g->triples[i].s);
    uint32_t oi = blank_index(s, g->triples[i].o);
    if (si != NONE) {
      s->first[si + 1]++;
      m++;
    }
    if (oi != NONE && oi != si) {
      s->first[oi + 1]++;
      m++;
    }
  }
  for (size_t i = 1; i <= s->nb; i++) {
    s->first[i] += s->first[i - 1];
  }
  s->inc = hdc_malloc((m ? m : 1) * sizeof *s->inc);
  if (!s->inc) {
    return HDC_ERR_NOMEM;
  }
  /* pos[] serves as the per-blank fill cursor here. */
  memset(s->pos, 0, s->nb * sizeof *s->pos);
  for (size_t i = 0; i < g->n; i++) {
    const hdc_triple *t  = &g->triples[i];
    uint32_t          si = blank_index(s, t->s);
    uint32_t          oi = blank_index(s, t->o);
    uint64_t          ph = t->p->hash;
    if (si != NONE && oi == si) {
      iso_inc *e = &s->inc[s->first[si] + s->pos[si]++];
      e->key     = mix2(ROLE_SELF, ph);
      e->rev_key = 0;
      e->other   = NONE;
      continue;
    }
    uint64_t ks = mix2(ROLE_SUBJECT ^ ph, oi == NONE ? t->o->hash : 0);
    uint64_t ko = mix2(ROLE_OBJECT ^ ph, si == NONE ? t->s->hash : 0);
    if (si != NONE) {
      iso_inc *e = &s->inc[s->first[si] + s->pos[si]++];
      e->key     = ks;
      e->rev_key = ko;
      e->other   = oi;
    }
    if (oi != NONE) {
      iso_inc *e = &s->inc[s->first[oi] + s->pos[oi]++];
      e->key     = ko;
      e->rev_key = ks;
      e->other   = si;
    }
  }
  return HDC_OK;
}

/* Everything for g, with all blanks in one class, all marked touched. */
static hdc_status
side_init(iso_side *s, const hdc_graph *g)
{
  hdc_status st = HDC_OK;
  memset(s, 0, sizeof *s);
  s->g = g;
  if ((st = side_collect(s)) != HDC_OK || s->nb == 0) {
    goto done;
  }
  size_t nb  = s->nb;
  s->elems   = hdc_malloc(nb * sizeof *s->elems);
  s->pos     = hdc_malloc(nb * sizeof *s->pos);
  s->cls     = hdc_calloc(nb, sizeof *s->cls);
  s->sig     = hdc_calloc(nb, sizeof *s->sig);
  s->start   = hdc_malloc(nb * sizeof *s->start);
  s->end     = hdc_malloc(nb * sizeof *s->end);
  s->parent  = hdc_malloc(nb * sizeof *s->parent);
  s->colour  = hdc_malloc(nb * sizeof *s->colour);
  s->stable  = hdc_malloc(nb * sizeof *s->stable);
  s->touched = hdc_malloc(nb * sizeof *s->touched);
  s->flag    = hdc_calloc(nb, sizeof *s->flag);
  s->keys    = hdc_malloc(nb * sizeof *s->keys);
  s->groups  = hdc_malloc((nb + 1) * sizeof *s->groups);
  s->changes = hdc_malloc(nb * sizeof *s->changes);
  s->buf     = hdc_malloc(nb * sizeof *s->buf);
  s->ord     = hdc_malloc((nb + 1) * sizeof *s->ord);
  if (!s->elems || !s->pos || !s->cls || !s->sig || !s->start || !s->end ||
      !s->parent || !s->colour || !s->stable || !s->touched || !s->flag ||
      !s->keys || !s->groups || !s->changes || !s->buf || !s->ord) {
    st = HDC_ERR_NOMEM;
    goto done;
  }
  if ((st = side_incidences(s)) != HDC_OK) {
    goto done;
  }
  for (size_t i = 0; i < nb; i++) {
    s->elems[i]   = (uint32_t)i;
    s->pos[i]     = (uint32_t)i;
    s->touched[i] = (uint32_t)i;
    s->flag[i]    = FLAG_TOUCHED;
    for (uint32_t k = s->first[i]; k < s->first[i + 1]; k++) {
      const iso_inc *e = &s->inc[k];
      s->sig[i] += contribution(e->key, e->other != NONE, COLOUR_INIT);
    }
  }
  s->ntouched  = nb;
  s->nclasses  = 1;
  s->start[0]  = 0;
  s->end[0]    = (uint32_t)nb;
  s->parent[0] = NONE;
  s->colour[0] = COLOUR_INIT;
  s->stable[0] = 0;
  s->total     = (uint64_t)nb * hdc_graph_mix64(COLOUR_INIT);
done:
  return st;
}

static bool
trail_push(iso_side *s, uint32_t cls, bool split, uint64_t old, iso_ctx *ctx)
{
  if (s->ntrail == s->trail_cap) {
    size_t     nc = s->trail_cap ? s->trail_cap * 2 : 64;
    iso_trail *nt = hdc_realloc(s->trail, nc * sizeof *nt);
    if (!nt) {
      ctx->nomem = true;
      return false;
    }
    s->trail     = nt;
    s->trail_cap = nc;
  }
  s->trail[s->ntrail].cls   = cls;
  s->trail[s->ntrail].split = split;
  s->trail[s->ntrail].old   = old;
  s->ntrail++;
  return true;
}

/* Node x changes colour from `from` to `to`: update the multiset hash and
 * the signatures of its neighbours (marking them touched if asked). */
static void
recolour(iso_side *s, uint32_t x, uint64_t from, uint64_t to, bool touch,
         iso_ctx *ctx)
{
  s->total += hdc_graph_mix64(to) - hdc_graph_mix64(from);
  for (uint32_t k = s->first[x]; k < s->first[x + 1]; k++) {
    const iso_inc *e = &s->inc[k];
    if (e->other == NONE) {
      continue;
    }
    uint32_t v = e->other;
    s->sig[v] += contribution(e->rev_key, true, to) -
                 contribution(e->rev_key, true, from);
    if (touch && !(s->flag[v] & FLAG_TOUCHED)) {
      s->flag[v] |= FLAG_TOUCHED;
      s->touched[s->ntouched++] = v;
    }
  }
  uint64_t work = (uint64_t)(s->first[x + 1] - s->first[x]) + 1;
  ctx->budget   = ctx->budget > work ? ctx->budget - work : 0;
}

static void
move_to(iso_side *s, uint32_t x, uint32_t p)
{
  uint32_t y   = s->elems[p];
  uint32_t px  = s->pos[x];
  s->elems[p]  = x;
  s->pos[x]    = p;
  s->elems[px] = y;
  s->pos[y]    = px;
}

/*
 * Split class c by the signatures of its touched members keys[a, b)
 * (sorted by signature). New classes go to s->changes (*nchanges).
 */
static bool
split_class(iso_side *s, uint32_t c, size_t a, size_t b, size_t *nchanges,
            iso_ctx *ctx)
{
  size_t size = s->end[c] - s->start[c];
  size_t ng   = 0;
  /* Group 0: the members whose signature is still the class's stable one
   * (all untouched members, plus touched ones that came back to it). */
  iso_group *gr = s->groups;
  gr[ng++]      = (iso_group){s->stable[c], size - (b - a), 0, 0, true};
  for (size_t i = a; i < b;) {
    size_t j = i + 1;
    while (j < b && s->keys[j].sig == s->keys[i].sig) {
      j++;
    }
    if (s->keys[i].sig == s->stable[c]) {
      gr[0].count += j - i;
      gr[0].a = i;
      gr[0].b = j;
    } else {
      gr[ng++] = (iso_group){s->keys[i].sig, j - i, i, j, false};
    }
    i = j;
  }
  if (gr[0].count == 0) {
    memmove(gr, gr + 1, (ng - 1) * sizeof *gr);
    ng--;
  }
  if (ng == 1) {
    if (!gr[0].stable) {
      /* Every member moved to the same new signature: no split. */
      if (!trail_push(s, c, false, s->stable[c], ctx)) {
        return false;
      }
      s->stable[c] = gr[0].value;
    }
    return true;
  }
  /* The largest part keeps the colour (ties: the smallest signature). */
  size_t kept = 0;
  for (size_t i = 1; i < ng; i++) {
    if (gr[i].count > gr[kept].count ||
        (gr[i].count == gr[kept].count && gr[i].value < gr[kept].value)) {
      kept = i;
    }
  }
  /* The others, in signature order, fill the tail of the range. Groups
   * other than group 0 are already in signature order (keys are sorted);
   * group 0 goes where its value falls. ord[] lists the moving groups. */
  size_t *ord   = s->ord;
  size_t  nord  = 0;
  bool    g0    = gr[0].stable;
  bool    g0_in = !g0 || kept == 0; /* group 0 placed, or not moving */
  for (size_t i = g0 ? 1 : 0; i < ng; i++) {
    if (!g0_in && gr[0].value < gr[i].value) {
      ord[nord++] = 0;
      g0_in       = true;
    }
    if (i != kept) {
      ord[nord++] = i;
    }
  }
  if (!g0_in) {
    ord[nord++] = 0;
  }
  size_t nmove = 0;
  if (g0 && kept != 0) {
    for (size_t i = a; i < b; i++) {
      s->flag[s->keys[i].node] |= FLAG_RUN;
    }
  }
  for (size_t o = 0; o < nord; o++) {
    iso_group *G    = &gr[ord[o]];
    size_t     from = nmove;
    if (G->stable) {
      /* The untouched members are found by elimination. */
      for (uint32_t p = s->start[c]; p < s->end[c]; p++) {
        uint32_t x = s->elems[p];
        if (!(s->flag[x] & FLAG_RUN)) {
          s->buf[nmove++] = x;
        }
      }
    }
    for (size_t i = G->a; i < G->b; i++) {
      s->buf[nmove++] = s->keys[i].node;
    }
    G->a = from; /* from here on: its members are buf[a, b) */
    G->b = nmove;
  }
  if (g0 && kept != 0) {
    for (size_t i = a; i < b; i++) {
      s->flag[s->keys[i].node] &= (uint8_t)~FLAG_RUN;
    }
  }
  /* Move the leaving members into the tail [e - nmove, e): swap each one
   * that sits in front with a staying member from the tail. */
  uint32_t e    = s->end[c];
  uint32_t tail = e - (uint32_t)nmove;
  for (size_t i = 0; i < nmove; i++) {
    s->flag[s->buf[i]] |= FLAG_MOVE;
  }
  uint32_t j = tail;
  for (size_t i = 0; i < nmove; i++) {
    uint32_t x = s->buf[i];
    if (s->pos[x] < tail) {
      while (s->flag[s->elems[j]] & FLAG_MOVE) {
        j++;
      }
      move_to(s, x, j);
    }
  }
  for (size_t i = 0; i < nmove; i++) {
    s->elems[tail + i] = s->buf[i];
    s->pos[s->buf[i]]  = tail + (uint32_t)i;
    s->flag[s->buf[i]] &= (uint8_t)~FLAG_MOVE;
  }
  /* New classes, created from the last range backwards so that undoing in
   * reverse creation order always gives back the range next to c's end. */
  uint64_t old_colour = s->colour[c];
  for (size_t o = nord; o-- > 0;) {
    const iso_group *G = &gr[ord[o]];
    uint32_t         k = (uint32_t)s->nclasses++;
    s->start[k]        = tail + (uint32_t)G->a;
    s->end[k]          = tail + (uint32_t)G->b;
    s->parent[k]       = c;
    /* The class id is part of the colour: a class can shed parts with
     * the same signature at different times, and ids are assigned in an
     * order that depends only on structure. */
    s->colour[k]       = mix2(mix2(old_colour ^ SALT_SPLIT, G->value), k);
    s->stable[k]       = G->value;
    if (!trail_push(s, k, true, 0, ctx)) {
      return false;
    }
    for (uint32_t p = s->start[k]; p < s->end[k]; p++) {
      s->cls[s->elems[p]]         = k;
      s->changes[*nchanges].node  = s->elems[p];
      s->changes[*nchanges].old   = old_colour;
      (*nchanges)++;
    }
  }
  s->end[c] = tail;
  if (!gr[kept].stable) {
    if (!trail_push(s, c, false, s->stable[c], ctx)) {
      return false;
    }
    s->stable[c] = gr[kept].value;
  }
  uint64_t work = size - gr[kept].count + (b - a);
  ctx->budget   = ctx->budget > work ? ctx->budget - work : 0;
  return true;
}

/* One synchronous round: split every class with touched members by the
 * signatures as they were at the start of the round, then recolour. */
static bool
side_round(iso_side *s, iso_ctx *ctx)
{
  size_t n = s->ntouched;
  for (size_t i = 0; i < n; i++) {
    uint32_t x   = s->touched[i];
    s->keys[i]   = (iso_sortkey){s->cls[x], x, s->sig[x]};
    s->flag[x]  &= (uint8_t)~FLAG_TOUCHED;
  }
  s->ntouched = 0;
  qsort(s->keys, n, sizeof *s->keys, sortkey_cmp);
  ctx->budget = ctx->budget > n ? ctx->budget - n : 0;
  size_t nchanges = 0;
  for (size_t i = 0; i < n;) {
    size_t   j = i + 1;
    uint32_t c = s->keys[i].cls;
    while (j < n && s->keys[j].cls == c) {
      j++;
    }
    if (s->end[c] - s->start[c] > 1 &&
        !split_class(s, c, i, j, &nchanges, ctx)) {
      return false;
    }
    i = j;
  }
  for (size_t i = 0; i < nchanges; i++) {
    uint32_t x = s->changes[i].node;
    recolour(s, x, s->changes[i].old, s->colour[s->cls[x]], true, ctx);
  }
  return true;
}

/* Refine until no class splits. False when out of budget or memory. */
static bool
refine(iso_side *s, iso_ctx *ctx)
{
  while (s->ntouched > 0) {
    if (ctx->budget == 0) {
      ctx->exhausted = true;
    }
    if (ctx->exhausted || ctx->nomem || !side_round(s, ctx)) {
      return false;
    }
  }
  return true;
}

/* Give x a class (and colour) of its own. */
static bool
individualise(iso_side *s, uint32_t x, iso_ctx *ctx)
{
  uint32_t c = s->cls[x];
  uint32_t k = (uint32_t)s->nclasses++;
  move_to(s, x, s->end[c] - 1);
  s->end[c]--;
  s->start[k]  = s->end[c];
  s->end[k]    = s->end[c] + 1;
  s->parent[k] = c;
  s->colour[k] = mix2(s->colour[c] ^ SALT_INDIV, k);
  s->stable[k] = s->sig[x];
  s->cls[x]    = k;
  if (!trail_push(s, k, true, 0, ctx)) {
    return false;
  }
  recolour(s, x, s->colour[c], s->colour[k], true, ctx);
  return true;
}

/* Undo refinement back to a trail length taken earlier. */
static void
undo(iso_side *s, size_t mark, iso_ctx *ctx)
{
  for (size_t i = 0; i < s->ntouched; i++) {
    s->flag[s->touched[i]] &= (uint8_t)~FLAG_TOUCHED;
  }
  s->ntouched = 0;
  while (s->ntrail > mark) {
    const iso_trail *t = &s->trail[--s->ntrail];
    if (!t->split) {
      s->stable[t->cls] = t->old;
      continue;
    }
    uint32_t k = t->cls;
    uint32_t c = s->parent[k];
    for (uint32_t p = s->start[k]; p < s->end[k]; p++) {
      uint32_t x = s->elems[p];
      s->cls[x]  = c;
      recolour(s, x, s->colour[k], s->colour[c], false, ctx);
    }
    s->end[c] = s->end[k];
    s->nclasses--;
  }
}

/* The first class, by position from *cursor, with two or more members;
 * NONE when every blank has its own colour. */
static uint32_t
first_tied(const iso_side *s, size_t *cursor)
{
  while (*cursor < s->nb) {
    uint32_t c = s->cls[s->elems[*cursor]];
    if (s->end[c] - s->start[c] > 1) {
      return c;
    }
    (*cursor)++;
  }
  return NONE;
}

static bool
sides_match(const iso_side *a, const iso_side *b)
{
  return a->nclasses == b->nclasses && a->total == b->total;
}

/* With a discrete partition on both sides, check the one bijection the
 * layouts name. */
static hdc_status
verify(const iso_side *a, const iso_side *b, bool *same)
{
  uint32_t *map = hdc_malloc(a->nb * sizeof *map);
  *same         = false;
  if (!map) {
    return HDC_ERR_NOMEM;
  }
  for (size_t p = 0; p < a->nb; p++) {
    uint32_t x = a->elems[p];
    uint32_t y = b->elems[p];
    if (a->colour[a->cls[x]] != b->colour[b->cls[y]]) {
      goto done;
    }
    map[x] = y;
  }
  for (size_t i = 0; i < a->g->n; i++) {
    const hdc_triple *t  = &a->g->triples[i];
    uint32_t          si = blank_index(a, t->s);
    uint32_t          oi = blank_index(a, t->o);
    if (si == NONE && oi == NONE) {
      continue; /* ground triples were compared already */
    }
    const hdc_term *s = si == NONE ? t->s : b->blank[map[si]];
    const hdc_term *o = oi == NONE ? t->o : b->blank[map[oi]];
    if (!hdc_graph_contains(b->g, s, t->p, o)) {
      goto done;
    }
  }
  *same = true;
done:
  hdc_free(map);
  return HDC_OK;
}

/* One level of the search: a tied class, the blank of `a` singled out and
 * the candidates of `b` tried so far (marked with `token`). */
typedef struct iso_frame {
  uint32_t ca, cb;
  uint32_t x;
  size_t   mark_a, mark_b;
  size_t   cursor;
  uint32_t token;
} iso_frame;

static hdc_status
search(iso_side *a, iso_side *b, iso_ctx *ctx, bool *same)
{
  hdc_status st     = HDC_OK;
  iso_frame *stack  = NULL;
  uint32_t  *tried  = NULL;
  size_t     depth  = 0, cap = 0;
  size_t     cursor = 0;
  uint32_t   token  = 0;
  *same             = false;
  tried             = hdc_calloc(b->nb, sizeof *tried);
  if (!tried) {
    st = HDC_ERR_NOMEM;
    goto done;
  }
  for (;;) {
    /* A new level: the state is refined and a and b match so far. */
    uint32_t ca = first_tied(a, &cursor);
    if (ca == NONE) {
      if ((st = verify(a, b, same)) != HDC_OK || *same) {
        goto done;
      }
    } else {
      uint32_t cb = b->cls[b->elems[a->start[ca]]];
      if (b->start[cb] == a->start[ca] && b->end[cb] == a->end[ca] &&
          b->colour[cb] == a->colour[ca]) {
        if (depth == cap) {
          size_t     nc = cap ? cap * 2 : 16;
          iso_frame *ns = hdc_realloc(stack, nc * sizeof *ns);
          if (!ns) {
            st = HDC_ERR_NOMEM;
            goto done;
          }
          stack = ns;
          cap   = nc;
        }
        stack[depth++] = (iso_frame){ca, cb, a->elems[a->end[ca] - 1],
                                     a->ntrail, b->ntrail, cursor, ++token};
      }
    }
    /* Try the next candidate of the deepest level, backtracking as
     * levels run out of candidates. */
    for (;;) {
      if (depth == 0) {
        goto done;
      }
      iso_frame *f = &stack[depth - 1];
      undo(a, f->mark_a, ctx);
      undo(b, f->mark_b, ctx);
      cursor     = f->cursor;
      uint32_t y = NONE;
      for (uint32_t p = b->start[f->cb]; p < b->end[f->cb]; p++) {
        if (tried[b->elems[p]] != f->token) {
          y = b->elems[p];
          break;
        }
      }
      if (y == NONE) {
        depth--;
        continue;
      }
      tried[y] = f->token;
      if (!individualise(a, f->x, ctx) || !individualise(b, y, ctx)) {
        st = HDC_ERR_NOMEM;
        goto done;
      }
      bool ok_a = refine(a, ctx);
      bool ok_b = ok_a && refine(b, ctx);
      if (ctx->nomem) {
        st = HDC_ERR_NOMEM;
        goto done;
      }
      if (ctx->exhausted) {
        goto done;
      }
      if (ok_b && sides_match(a, b)) {
        break; /* go one level deeper */
      }
    }
  }
done:
  hdc_free(stack);
  hdc_free(tried);
  return st;
}

bool
hdc_graph_isomorphic(const hdc_graph *a, const hdc_graph *b)
{
  bool     same = false;
  iso_side sa, sb;
  iso_ctx  ctx = {ISO_BUDGET, false, false};
  memset(&sa, 0, sizeof sa);
  memset(&sb, 0, sizeof sb);
  if (!a || !b || a->world != b->world || a->n != b->n) {
    return false;
  }
  if (a == b) {
    return true;
  }
  if (side_init(&sa, a) != HDC_OK || side_init(&sb, b) != HDC_OK ||
      sa.nb != sb.nb || sa.ground != sb.ground) {
    goto done;
  }
  /* Ground triples must match exactly; blanks cannot stand for them. */
  for (size_t i = 0; i < a->n; i++) {
    const hdc_triple *t = &a->triples[i];
    if (t->s->kind != HDC_TERM_BLANK && t->o->kind != HDC_TERM_BLANK &&
        !hdc_graph_contains(b, t->s, t->p, t->o)) {
      goto done;
    }
  }
  if (sa.nb == 0) {
    same = true;
    goto done;
  }
  if (refine(&sa, &ctx) && refine(&sb, &ctx) && sides_match(&sa, &sb)) {
    (void)search(&sa, &sb, &ctx, &same);
  }
done:
  side_free(&sa);
  side_free(&sb);
  return same;
}

hdc_status
hdc_graph_canonicalize(const hdc_graph *g, hdc_graph *out)
{
  hdc_status       st  = HDC_OK;
  const hdc_term **lab = NULL;
  iso_side         s;
  iso_ctx          ctx = {UINT64_MAX, false, false};
  size_t           start;
  memset(&s, 0, sizeof s);
  if (!g || !out || g == out || g->world != out->world) {
    return HDC_ERR_INVALID_ARG;
  }
  start = out->n;
  if ((st = side_init(&s, g)) != HDC_OK) {
    goto done;
  }
  if (s.nb) {
    /* Split ties one blank at a time until every blank has its own
     * colour. Singletons never merge here, so the cursor only advances. */
    size_t   cursor = 0;
    uint32_t c;
    if (!refine(&s, &ctx)) {
      st = HDC_ERR_NOMEM;
      goto done;
    }
    while ((c = first_tied(&s, &cursor)) != NONE) {
      if (!individualise(&s, s.elems[s.end[c] - 1], &ctx) ||
          !refine(&s, &ctx)) {
        st = HDC_ERR_NOMEM;
        goto done;
      }
    }
    lab = hdc_malloc(s.nb * sizeof *lab);
    if (!lab) {
      st = HDC_ERR_NOMEM;
      goto done;
    }
    for (size_t i = 0; i < s.nb; i++) {
      char label[24];
      snprintf(label, sizeof label, "c%016llx",
               (unsigned long long)s.colour[s.cls[i]]);
      lab[i] = hdc_world_blank(g->world, hdc_str_from(label));
      if (!lab[i]) {
        st = HDC_ERR_NOMEM;
        goto done;
      }
    }
  }
  for (size_t i = 0; i < g->n; i++) {
    const hdc_triple *t  = &g->triples[i];
    uint32_t          si = blank_index(&s, t->s);
    uint32_t          oi = blank_index(&s, t->o);
    hdc_status        r  = hdc_graph_add(out, si == NONE ? t->s : lab[si], t->p,
                                         oi == NONE ? t->o : lab[oi]);
    if (r != HDC_OK && r != HDC_FAILURE) {
      st = r;
      goto done;
    }
  }
done:
  if (st != HDC_OK) {
    hdc_graph_truncate(out, start);
  }
  hdc_free((void *)lab);
  side_free(&s);
  return st;
}
