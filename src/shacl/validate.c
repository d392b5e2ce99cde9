// SPDX-License-Identifier: EUPL-1.2
/*
 * The SHACL Core validation engine: focus nodes from the targets, value
 * nodes from the paths, every constraint component of SHACL §4 evaluated
 * over interned terms, results appended to a report.
 *
 * A shape is evaluated in one of two modes. In report mode (shapes reached
 * from targets and through sh:property) every failure becomes a result. In
 * check mode (shapes reached through sh:node, sh:not, sh:and, sh:or,
 * sh:xone and sh:qualifiedValueShape) only "does the node conform?"
 * matters, so evaluation stops at the first failure and the answer is
 * memoised per (shape, node): a code list shape checked for the same
 * concept by 100,000 datasets is evaluated once. The memo also makes
 * recursive shapes terminate: a (shape, node) pair met again while it is
 * being checked is taken as conforming.
 */
#include "shacl_internal.h"

#include <stdlib.h>
#include <string.h>

/* Deeper nesting than this (shape within shape, through data) is refused
 * rather than allowed to exhaust the C stack. */
#define HDC_SHACL_MAX_EVAL_DEPTH 512

enum
{
  MEMO_EMPTY = 0,
  MEMO_BUSY,
  MEMO_YES,
  MEMO_NO
};

/* Keyed by (what, node): `what` is a shape (conformance) or a class term
 * (sh:class: "is node an instance of what?"), distinct pointers either
 * way. */
typedef struct memo_slot
{
  const void     *what;
  const hdc_term *node;
  uint32_t        state;
} memo_slot;

/* The outgoing triples of a recently seen focus node. A node shape's
 * property shapes mostly have predicate paths on the same focus: reading
 * the focus's triples once and picking each predicate out of that short
 * list replaces one index search per property shape. */
#define FOCUS_CACHE 8
typedef struct focus_pair
{
  const hdc_term *p, *o;
} focus_pair;

typedef struct focus_entry
{
  const hdc_term *focus;
  focus_pair     *t; /* copied out of the graph: scanned once per shape */
  size_t          n, cap;
} focus_entry;

/* A copy of a focus node's objects, grouped by predicate as in its cache
 * entry, and one (start, count) range into it per property shape. Copied
 * because nested evaluations may evict the cache entry meanwhile. */
typedef struct prop_scratch
{
  const hdc_term **objs;
  size_t           cap_objs;
  uint32_t        *start, *count;
  size_t           cap_props;
} prop_scratch;

typedef struct active_pair
{
  const hdc_shacl_shape *shape;
  const hdc_term        *node;
} active_pair;

typedef struct vctx
{
  const hdc_shacl_plan  *plan;
  const hdc_shacl_vocab *v;
  const hdc_graph       *data;
  hdc_shacl_report      *report;
  size_t                 max_results;
  bool                   stop;
  hdc_error             *err;
  /* Memo of check-mode answers (open addressing). */
  memo_slot *memo;
  size_t     n_memo, cap_memo;
  /* One scratch value set per evaluation depth, reused across calls;
   * separately allocated so their addresses stay put as the array grows. */
  hdc_nodeset **sets;
  size_t        n_sets;
  size_t        depth;
  focus_entry   cache[FOCUS_CACHE];
  /* Instances per target class: many shapes of a profile target the same
   * class (the Dataset rules come from four files). */
  struct
  {
    const hdc_term  *cls;
    const hdc_term **items;
    size_t           n;
  } inst[32];
  size_t   n_inst;
  unsigned cache_next;
  /* Report-mode (shape, node) pairs being evaluated, to stop cycles
   * through sh:property. */
  active_pair *active;
  size_t       n_active, cap_active;
  /* Per depth, the objects of a focus node and where each property
   * shape's values lie among them (see eval_pred_props). */
  prop_scratch *pscr;
  size_t        n_pscr;
} vctx;

static hdc_status eval_shape_with(vctx                  *c,
                                  const hdc_shacl_shape *s,
                                  const hdc_term        *focus,
                                  const hdc_term *const *pre,
                                  size_t                 n_pre,
                                  bool                   report,
                                  bool                  *ok);

/* Evaluate s on focus, finding the value nodes from s's path. */
static hdc_status
eval_shape(vctx                  *c,
           const hdc_shacl_shape *s,
           const hdc_term        *focus,
           bool                   report,
           bool                  *ok)
{
  return eval_shape_with(c, s, focus, NULL, 0, report, ok);
}

/* ------------------------------------------------------------------------ */
/* Memo                                                                     */

static size_t
memo_hash(const void *what, const hdc_term *node)
{
  uint64_t x = (uint64_t)(uintptr_t)node ^
               ((uint64_t)(uintptr_t)what * 0xFF51AFD7ED558CCDull);
  x ^= x >> 31;
  x *= 0x9E3779B97F4A7C15ull;
  x ^= x >> 29;
  return (size_t)x;
}

static memo_slot *
memo_find(vctx *c, const void *what, const hdc_term *node)
{
  size_t i;
  if (!c->cap_memo)
    return NULL;
  i = memo_hash(what, node) & (c->cap_memo - 1);
  while (c->memo[i].state != MEMO_EMPTY) {
    if (c->memo[i].node == node && c->memo[i].what == what)
      return &c->memo[i];
    i = (i + 1) & (c->cap_memo - 1);
  }
  return NULL;
}

static hdc_status
memo_put(vctx *c, const void *what, const hdc_term *node, uint32_t state)
{
  memo_slot *m = memo_find(c, what, node);
  size_t     i;
  if (m) {
    m->state = state;
    return HDC_OK;
  }
  if ((c->n_memo + 1) * 2 > c->cap_memo) {
    size_t     n   = c->cap_memo ? c->cap_memo * 2 : 1024;
    memo_slot *arr = hdc_calloc(n, sizeof *arr);
    if (!arr)
      return HDC_ERR_NOMEM;
    for (size_t k = 0; k < c->cap_memo; k++) {
      if (c->memo[k].state == MEMO_EMPTY)
        continue;
      i = memo_hash(c->memo[k].what, c->memo[k].node) & (n - 1);
      while (arr[i].state != MEMO_EMPTY)
        i = (i + 1) & (n - 1);
      arr[i] = c->memo[k];
    }
    hdc_free(c->memo);
    c->memo     = arr;
    c->cap_memo = n;
  }
  i = memo_hash(what, node) & (c->cap_memo - 1);
  while (c->memo[i].state != MEMO_EMPTY)
    i = (i + 1) & (c->cap_memo - 1);
  c->memo[i].node  = node;
  c->memo[i].what  = what;
  c->memo[i].state = state;
  c->n_memo++;
  return HDC_OK;
}

/* Does node conform to s? (check mode, memoised) */
static hdc_status
conforms(vctx *c, const hdc_shacl_shape *s, const hdc_term *node, bool *yes)
{
  memo_slot *m = memo_find(c, s, node);
  hdc_status st;
  bool       ok = true;

  *yes = true;
  if (m) {
    /* BUSY: this pair is being checked further up; assume it conforms so
     * that recursion ends (SHACL leaves recursion undefined). */
    *yes = m->state != MEMO_NO;
    return HDC_OK;
  }
  st = memo_put(c, s, node, MEMO_BUSY);
  if (st)
    return st;
  st = eval_shape(c, s, node, false, &ok);
  if (st)
    return st;
  *yes = ok;
  return memo_put(c, s, node, ok ? MEMO_YES : MEMO_NO);
}

/* sh:class, memoised: code list concepts and agents are the values of
 * many focus nodes. */
static hdc_status
instance_of(vctx *c, const hdc_term *node, const hdc_term *cls, bool *yes)
{
  memo_slot *m;
  if (hdc_term_is_literal(node)) {
    *yes = false;
    return HDC_OK;
  }
  m = memo_find(c, cls, node);
  if (m) {
    *yes = m->state == MEMO_YES;
    return HDC_OK;
  }
  *yes = hdc_graph_is_instance(c->data, node, cls);
  return memo_put(c, cls, node, *yes ? MEMO_YES : MEMO_NO);
}

/* The outgoing triples of focus, from the cache or read now. */
static hdc_status
outgoing(vctx *c, const hdc_term *focus, const focus_entry **out)
{
  focus_entry      *e;
  hdc_iter          it;
  const hdc_triple *t;
  for (unsigned i = 0; i < FOCUS_CACHE; i++) {
    if (c->cache[i].focus == focus) {
      *out = &c->cache[i];
      return HDC_OK;
    }
  }
  e             = &c->cache[c->cache_next];
  c->cache_next = (c->cache_next + 1) % FOCUS_CACHE;
  e->focus      = NULL;
  e->n          = 0;
  hdc_graph_match(c->data, focus, NULL, NULL, &it);
  while ((t = hdc_iter_next(&it))) {
    if (e->n == e->cap) {
      size_t      n   = e->cap ? e->cap * 2 : 32;
      focus_pair *arr = hdc_realloc(e->t, n * sizeof *arr);
      if (!arr)
        return HDC_ERR_NOMEM;
      e->t   = arr;
      e->cap = n;
    }
    e->t[e->n].p = t->p;
    e->t[e->n].o = t->o;
    e->n++;
  }
  /* Sorted by predicate address (insertion sort: a node has few triples;
   * the graph's order is kept within one predicate), so each property
   * shape finds its values by binary search. */
  for (size_t i = 1; i < e->n; i++) {
    focus_pair x = e->t[i];
    size_t     j = i;
    while (j && (uintptr_t)e->t[j - 1].p > (uintptr_t)x.p) {
      e->t[j] = e->t[j - 1];
      j--;
    }
    e->t[j] = x;
  }
  e->focus = focus;
  *out     = e;
  return HDC_OK;
}

/* ------------------------------------------------------------------------ */
/* Results                                                                  */

static hdc_status
emit_full(vctx                  *c,
          const hdc_shacl_shape *s,
          const hdc_term        *focus,
          const hdc_term        *path,
          const hdc_term        *value,
          hdc_shacl_component    comp,
          const hdc_term        *param,
          bool                   report,
          bool                  *ok)
{
  hdc_shacl_result r;
  *ok = false;
  if (!report || c->stop)
    return HDC_OK;
  if (c->max_results && c->report->n >= c->max_results) {
    c->report->truncated = true;
    c->stop              = true;
    return HDC_OK;
  }
  memset(&r, 0, sizeof r);
  r.focus      = focus;
  r.path       = path;
  r.value      = value;
  r.shape      = s->node;
  r.component  = comp;
  r.param      = param;
  r.severity   = s->severity;
  r.level      = s->level;
  r.messages   = s->messages;
  r.n_messages = s->n_messages;
  return hdc_shacl_report_add_stable(c->report, &r);
}

static hdc_status
emit(vctx                       *c,
     const hdc_shacl_shape      *s,
     const hdc_shacl_constraint *k,
     const hdc_term             *focus,
     const hdc_term             *value,
     bool                        report,
     bool                       *ok)
{
  return emit_full(c,
                   s,
                   focus,
                   s->is_property ? s->path->node : NULL,
                   value,
                   k->comp,
                   k->param,
                   report,
                   ok);
}

/* ------------------------------------------------------------------------ */
/* Constraint components                                                    */

static bool
node_kind_ok(const hdc_shacl_vocab *v, const hdc_term *kind, const hdc_term *t)
{
  hdc_term_kind k = hdc_term_kind_of(t);
  if (kind == v->sh_iri)
    return k == HDC_TERM_IRI;
  if (kind == v->sh_blank_node)
    return k == HDC_TERM_BLANK;
  if (kind == v->sh_literal)
    return k == HDC_TERM_LITERAL;
  if (kind == v->sh_blank_node_or_iri)
    return k != HDC_TERM_LITERAL;
  if (kind == v->sh_blank_node_or_literal)
    return k != HDC_TERM_IRI;
  if (kind == v->sh_iri_or_literal)
    return k != HDC_TERM_BLANK;
  return false;
}

static bool
datatype_ok(const hdc_shacl_vocab *v, const hdc_term *dt, const hdc_term *t)
{
  if (!hdc_term_is_literal(t))
    return false;
  if (hdc_term_datatype(t) != dt)
    return false;
  if (dt == v->rdf_lang_string)
    return hdc_term_lang(t).len > 0;
  return hdc_shacl_lexical_valid(hdc_term_text(dt), hdc_term_text(t));
}

/* A value-range or lessThan comparison: a < b (strict) or a <= b. */
static bool
ordered(const hdc_term *a, const hdc_term *b, bool strict)
{
  int cmp;
  if (!hdc_shacl_literal_compare(a, b, &cmp))
    return false;
  return strict ? cmp < 0 : cmp <= 0;
}

static bool
range_ok(hdc_shacl_component comp, const hdc_term *bound, const hdc_term *t)
{
  switch (comp) {
    case HDC_SHACL_MIN_EXCLUSIVE: return ordered(bound, t, true);
    case HDC_SHACL_MIN_INCLUSIVE: return ordered(bound, t, false);
    case HDC_SHACL_MAX_EXCLUSIVE: return ordered(t, bound, true);
    case HDC_SHACL_MAX_INCLUSIVE: return ordered(t, bound, false);
    default: return false;
  }
}

static bool
in_list(const hdc_shacl_constraint *k, const hdc_term *t)
{
  for (size_t i = 0; i < k->n_terms; i++)
    if (k->terms[i] == t)
      return true;
  return false;
}

/* Make the scratch sets reach depth; see scratch(). */
static hdc_nodeset *
scratch_grow(vctx *c, size_t depth)
{
  while (depth >= c->n_sets) {
    hdc_nodeset **arr = hdc_realloc(c->sets, (c->n_sets + 1) * sizeof *arr);
    if (!arr)
      return NULL;
    c->sets            = arr;
    c->sets[c->n_sets] = hdc_malloc(sizeof **arr);
    if (!c->sets[c->n_sets])
      return NULL;
    hdc_nodeset_init(c->sets[c->n_sets]);
    c->n_sets++;
  }
  hdc_nodeset_reset(c->sets[depth]);
  return c->sets[depth];
}

/* The scratch set of a depth, emptied (NULL on OOM). Split from
 * scratch_grow so that this part inlines: it runs for every (shape, node)
 * evaluated. */
static inline hdc_nodeset *
scratch(vctx *c, size_t depth)
{
  if (depth < c->n_sets) {
    hdc_nodeset_reset(c->sets[depth]);
    return c->sets[depth];
  }
  return scratch_grow(c, depth);
}

/* The objects of (focus, p) as a set, in the scratch set of this depth + 1
 * (the constraint's own depth holds the value nodes). */
static hdc_status
property_values(vctx           *c,
                const hdc_term *focus,
                const hdc_term *p,
                hdc_nodeset   **out)
{
  hdc_nodeset      *set;
  hdc_iter          it;
  const hdc_triple *t;
  /* depth + 1 is free: nested shapes are evaluated only after this
   * constraint is done with the set. */
  set = scratch(c, c->depth + 1);
  if (!set)
    return HDC_ERR_NOMEM;
  if (!hdc_term_is_literal(focus)) {
    hdc_graph_match(c->data, focus, p, NULL, &it);
    while ((t = hdc_iter_next(&it)))
      hdc_nodeset_push(set, t->o);
  }
  if (set->oom)
    return HDC_ERR_NOMEM;
  *out = set;
  return HDC_OK;
}

static hdc_status
eval_constraint(vctx                       *c,
                const hdc_shacl_shape      *s,
                const hdc_shacl_constraint *k,
                const hdc_term             *focus,
                const hdc_nodeset          *vals,
                bool                        report,
                bool                       *ok)
{
  const hdc_shacl_vocab *v  = c->v;
  hdc_status             st = HDC_OK;
  bool                   yes;

#define EACH(var)                                                              \
  for (size_t i_ = 0; i_ < vals->n && !st && (report || *ok); i_++)            \
    for (const hdc_term *var = vals->items[i_]; var; var = NULL)
#define FAIL(value) st = emit(c, s, k, focus, (value), report, ok)

  switch (k->comp) {
    case HDC_SHACL_CLASS:
      EACH(t)
      {
        st = instance_of(c, t, k->term, &yes);
        if (!st && !yes)
          FAIL(t);
      }
      break;
    case HDC_SHACL_DATATYPE:
      EACH(t)
      {
        if (!datatype_ok(v, k->term, t))
          FAIL(t);
      }
      break;
    case HDC_SHACL_NODE_KIND:
      EACH(t)
      {
        if (!node_kind_ok(v, k->term, t))
          FAIL(t);
      }
      break;
    case HDC_SHACL_MIN_COUNT:
      if (vals->n < k->count)
        FAIL(NULL);
      break;
    case HDC_SHACL_MAX_COUNT:
      if (vals->n > k->count)
        FAIL(NULL);
      break;
    case HDC_SHACL_MIN_EXCLUSIVE:
    case HDC_SHACL_MIN_INCLUSIVE:
    case HDC_SHACL_MAX_EXCLUSIVE:
    case HDC_SHACL_MAX_INCLUSIVE:
      EACH(t)
      {
        if (!range_ok(k->comp, k->term, t))
          FAIL(t);
      }
      break;
    case HDC_SHACL_MIN_LENGTH:
    case HDC_SHACL_MAX_LENGTH:
      EACH(t)
      {
        size_t len;
        if (hdc_term_is_blank(t)) {
          FAIL(t);
          continue;
        }
        len = hdc_shacl_utf8_length(hdc_term_text(t));
        if (k->comp == HDC_SHACL_MIN_LENGTH ? len < k->count : len > k->count)
          FAIL(t);
      }
      break;
    case HDC_SHACL_PATTERN:
      EACH(t)
      {
        if (hdc_term_is_blank(t) ||
            regexec(k->regex, hdc_term_text(t).ptr, 0, NULL, 0) != 0)
          FAIL(t);
      }
      break;
    case HDC_SHACL_LANGUAGE_IN:
      EACH(t)
      {
        bool    match = false;
        hdc_str lang  = hdc_term_lang(t);
        if (hdc_term_is_literal(t) && lang.len)
          for (size_t j = 0; j < k->n_terms && !match; j++)
            match = hdc_shacl_lang_matches(lang, hdc_term_text(k->terms[j]));
        if (!match)
          FAIL(t);
      }
      break;
    case HDC_SHACL_UNIQUE_LANG:
      /* One result per language used twice or more (without a value). */
      for (size_t i = 0; i < vals->n && !st; i++) {
        hdc_str li    = hdc_term_lang(vals->items[i]);
        bool    first = true, dup = false;
        if (!li.len)
          continue;
        for (size_t j = 0; j < vals->n; j++) {
          if (j == i)
            continue;
          if (!hdc_str_eq(li, hdc_term_lang(vals->items[j])))
            continue;
          if (j < i)
            first = false;
          dup = true;
        }
        if (dup && first)
          FAIL(NULL);
        if (!report && !*ok)
          break;
      }
      break;
    case HDC_SHACL_EQUALS:
    case HDC_SHACL_DISJOINT:
    case HDC_SHACL_LESS_THAN:
    case HDC_SHACL_LESS_THAN_OR_EQUALS: {
      hdc_nodeset *other;
      st = property_values(c, focus, k->term, &other);
      if (st)
        break;
      if (k->comp == HDC_SHACL_EQUALS) {
        EACH(t)
        {
          if (!hdc_nodeset_has(other, t))
            FAIL(t);
        }
        for (size_t i = 0; i < other->n && !st && (report || *ok); i++)
          if (!hdc_nodeset_has(vals, other->items[i]))
            FAIL(other->items[i]);
      } else if (k->comp == HDC_SHACL_DISJOINT) {
        EACH(t)
        {
          if (hdc_nodeset_has(other, t))
            FAIL(t);
        }
      } else {
        bool strict = k->comp == HDC_SHACL_LESS_THAN;
        EACH(t)
        {
          for (size_t j = 0; j < other->n && !st && (report || *ok); j++)
            if (!ordered(t, other->items[j], strict))
              FAIL(t);
        }
      }
      break;
    }
    case HDC_SHACL_NOT:
    case HDC_SHACL_NODE:
      EACH(t)
      {
        st = conforms(c, k->shapes[0], t, &yes);
        if (st)
          break;
        if (yes == (k->comp == HDC_SHACL_NOT))
          FAIL(t);
      }
      break;
    case HDC_SHACL_AND:
    case HDC_SHACL_OR:
    case HDC_SHACL_XONE:
      EACH(t)
      {
        size_t n_yes = 0;
        bool   pass;
        for (size_t j = 0; j < k->n_shapes && !st; j++) {
          st = conforms(c, k->shapes[j], t, &yes);
          if (yes)
            n_yes++;
          /* sh:or is settled by the first conforming member. */
          if (k->comp == HDC_SHACL_OR && yes)
            break;
          if (k->comp == HDC_SHACL_AND && !yes)
            break;
        }
        if (st)
          break;
        pass = k->comp == HDC_SHACL_AND  ? n_yes == k->n_shapes
               : k->comp == HDC_SHACL_OR ? n_yes > 0
                                         : n_yes == 1;
        if (!pass)
          FAIL(t);
      }
      break;
    case HDC_SHACL_QUALIFIED_MIN_COUNT:
    case HDC_SHACL_QUALIFIED_MAX_COUNT: {
      size_t n = 0;
      for (size_t i = 0; i < vals->n && !st; i++) {
        st = conforms(c, k->shapes[0], vals->items[i], &yes);
        for (size_t j = 0; j < k->n_siblings && yes && !st; j++) {
          bool sib;
          st = conforms(c, k->siblings[j], vals->items[i], &sib);
          if (sib)
            yes = false;
        }
        if (yes)
          n++;
      }
      if (st)
        break;
      if (k->comp == HDC_SHACL_QUALIFIED_MIN_COUNT ? n < k->count
                                                   : n > k->count)
        FAIL(NULL);
      break;
    }
    case HDC_SHACL_CLOSED:
      EACH(t)
      {
        hdc_iter          it;
        const hdc_triple *tr;
        if (hdc_term_is_literal(t))
          continue;
        hdc_graph_match(c->data, t, NULL, NULL, &it);
        while ((tr = hdc_iter_next(&it)) && !st && (report || *ok)) {
          if (in_list(k, tr->p))
            continue;
          st = emit_full(c, s, t, tr->p, tr->o, k->comp, k->param, report, ok);
        }
      }
      break;
    case HDC_SHACL_HAS_VALUE:
      if (!hdc_nodeset_has(vals, k->term))
        FAIL(NULL);
      break;
    case HDC_SHACL_IN:
      EACH(t)
      {
        if (!in_list(k, t))
          FAIL(t);
      }
      break;
    case HDC_SHACL_PROPERTY:
    case HDC_SHACL_SPARQL:
    case HDC_SHACL_COMPONENT__COUNT: break;
  }
#undef EACH
#undef FAIL
  return st;
}

/* ------------------------------------------------------------------------ */
/* Shapes                                                                   */

static bool
is_active(const vctx *c, const hdc_shacl_shape *s, const hdc_term *node)
{
  for (size_t i = 0; i < c->n_active; i++)
    if (c->active[i].shape == s && c->active[i].node == node)
      return true;
  return false;
}

static hdc_status
push_active(vctx *c, const hdc_shacl_shape *s, const hdc_term *node)
{
  if (c->n_active == c->cap_active) {
    size_t       n   = c->cap_active ? c->cap_active * 2 : 32;
    active_pair *arr = hdc_realloc(c->active, n * sizeof *arr);
    if (!arr)
      return HDC_ERR_NOMEM;
    c->active     = arr;
    c->cap_active = n;
  }
  c->active[c->n_active].shape = s;
  c->active[c->n_active].node  = node;
  c->n_active++;
  return HDC_OK;
}

static hdc_status
eval_guard(vctx                  *c,
           const hdc_shacl_shape *s,
           const hdc_term        *focus,
           bool                   report,
           bool                  *ok)
{
  hdc_shacl_result r;
  if (hdc_graph_count(c->data, NULL, c->v->rdf_type, c->v->dcat_dataset) > 0)
    return HDC_OK;
  *ok = false;
  if (!report || c->stop)
    return HDC_OK;
  memset(&r, 0, sizeof r);
  r.focus = focus;
  /* SHACL-SPARQL: sh:value is ?value when the query binds it, else $this;
   * the guard's query binds nothing. */
  r.value      = focus;
  r.shape      = s->node;
  r.component  = HDC_SHACL_SPARQL;
  r.param      = s->guard_node;
  r.severity   = s->guard_severity;
  r.level      = s->guard_level;
  r.messages   = s->guard_messages;
  r.n_messages = s->n_guard_messages;
  return hdc_shacl_report_add_stable(c->report, &r);
}

/* Components that every empty set of value nodes satisfies: they only
 * test each value node (or pairs of them, or bound their number from
 * above). Optional properties are mostly absent, so most constraints of a
 * profile meet an empty set. */
#define BIT(comp) ((uint64_t)1 << (comp))
static const uint64_t empty_ok =
  BIT(HDC_SHACL_CLASS) | BIT(HDC_SHACL_DATATYPE) | BIT(HDC_SHACL_NODE_KIND) |
  BIT(HDC_SHACL_MAX_COUNT) | BIT(HDC_SHACL_MIN_EXCLUSIVE) |
  BIT(HDC_SHACL_MIN_INCLUSIVE) | BIT(HDC_SHACL_MAX_EXCLUSIVE) |
  BIT(HDC_SHACL_MAX_INCLUSIVE) | BIT(HDC_SHACL_MIN_LENGTH) |
  BIT(HDC_SHACL_MAX_LENGTH) | BIT(HDC_SHACL_PATTERN) |
  BIT(HDC_SHACL_LANGUAGE_IN) | BIT(HDC_SHACL_UNIQUE_LANG) |
  BIT(HDC_SHACL_DISJOINT) | BIT(HDC_SHACL_LESS_THAN) |
  BIT(HDC_SHACL_LESS_THAN_OR_EQUALS) | BIT(HDC_SHACL_NOT) | BIT(HDC_SHACL_AND) |
  BIT(HDC_SHACL_OR) | BIT(HDC_SHACL_XONE) | BIT(HDC_SHACL_NODE) |
  BIT(HDC_SHACL_QUALIFIED_MAX_COUNT) | BIT(HDC_SHACL_CLOSED) |
  BIT(HDC_SHACL_IN);
#undef BIT

/* True when k certainly holds for n value nodes without looking at them:
 * the cheap common cases decided here, before the call to
 * eval_constraint(). */
static inline bool
settled(const hdc_shacl_constraint *k, size_t n)
{
  if (k->comp == HDC_SHACL_MIN_COUNT)
    return n >= k->count;
  if (k->comp == HDC_SHACL_MAX_COUNT)
    return n <= k->count;
  return n == 0 && (unsigned)k->comp < 64 && (empty_ok >> k->comp & 1);
}

/* The scratch of this depth with room for n objects and n_props ranges. */
static prop_scratch *
prop_scratch_at(vctx *c, size_t depth, size_t n, size_t n_props)
{
  prop_scratch *p;
  if (depth >= c->n_pscr) {
    size_t        cap = depth + 8;
    prop_scratch *arr = hdc_realloc(c->pscr, cap * sizeof *arr);
    if (!arr)
      return NULL;
    memset(arr + c->n_pscr, 0, (cap - c->n_pscr) * sizeof *arr);
    c->pscr   = arr;
    c->n_pscr = cap;
  }
  p = &c->pscr[depth];
  if (n > p->cap_objs) {
    size_t           cap = n < 32 ? 32 : n * 2;
    const hdc_term **arr = hdc_realloc((void *)p->objs, cap * sizeof *arr);
    if (!arr)
      return NULL;
    p->objs     = arr;
    p->cap_objs = cap;
  }
  if (n_props > p->cap_props) {
    uint32_t *st = hdc_realloc(p->start, n_props * sizeof *st);
    if (!st)
      return NULL;
    p->start      = st;
    uint32_t *cnt = hdc_realloc(p->count, n_props * sizeof *cnt);
    if (!cnt)
      return NULL;
    p->count     = cnt;
    p->cap_props = n_props;
  }
  return p;
}

/* sh:property of s on one node whose property shapes mostly have predicate
 * paths: their values come out of one merge walk over the node's triples
 * (sorted by predicate) and s->pred_props (sorted the same way); the other
 * property shapes find theirs as usual. Shapes run in s->props order. */
static hdc_status
eval_pred_props(vctx                  *c,
                const hdc_shacl_shape *s,
                const hdc_term        *node,
                bool                   report,
                bool                  *ok)
{
  const focus_entry *e;
  prop_scratch      *p;
  hdc_status         st = outgoing(c, node, &e);
  size_t             t  = 0;
  if (st)
    return st;
  p = prop_scratch_at(c, c->depth, e->n, s->n_props);
  if (!p || e->n > UINT32_MAX)
    return HDC_ERR_NOMEM;
  for (size_t i = 0; i < e->n; i++)
    p->objs[i] = e->t[i].o;
  for (size_t j = 0; j < s->n_props; j++)
    p->count[j] = UINT32_MAX; /* not a predicate path */
  for (size_t k = 0; k < s->n_pred_props; k++) {
    uint32_t        j    = s->pred_props[k];
    const hdc_term *pred = s->props[j]->path->pred;
    size_t          end;
    while (t < e->n && (uintptr_t)e->t[t].p < (uintptr_t)pred)
      t++;
    /* t stays at the range's start: the next shape may share pred. */
    for (end = t; end < e->n && e->t[end].p == pred; end++) {
    }
    p->start[j] = (uint32_t)t;
    p->count[j] = (uint32_t)(end - t);
  }
  for (size_t j = 0; j < s->n_props && !st; j++) {
    /* Re-read: a nested evaluation at a deeper depth may have moved the
     * scratch array, never this depth's contents. */
    const prop_scratch *q = &c->pscr[c->depth];
    if (q->count[j] == UINT32_MAX)
      st = eval_shape(c, s->props[j], node, report, ok);
    else
      st = eval_shape_with(
        c, s->props[j], node, q->objs + q->start[j], q->count[j], report, ok);
    if (!report && !*ok)
      break;
  }
  return st;
}

/* Evaluate s on focus. pre (n_pre of them) are the value nodes of a
 * property shape with a predicate path when the caller has them already;
 * NULL to find them here. */
static hdc_status
eval_shape_with(vctx                  *c,
                const hdc_shacl_shape *s,
                const hdc_term        *focus,
                const hdc_term *const *pre,
                size_t                 n_pre,
                bool                   report,
                bool                  *ok)
{
  hdc_nodeset *vals;
  hdc_status   st     = HDC_OK;
  bool         pushed = false;

  if (s->deactivated)
    return HDC_OK;
  /* Only a shape with sh:property can lead back to itself in report
   * mode (report mode nests through sh:property alone), so shapes without
   * any need no cycle check. */
  if (report && s->n_props) {
    if (is_active(c, s, focus))
      return HDC_OK;
    st = push_active(c, s, focus);
    if (st)
      return st;
    pushed = true;
  }
  if (c->depth + 2 >= HDC_SHACL_MAX_EVAL_DEPTH) {
    st = hdc_error_set(c->err,
                       HDC_ERR_LIMIT,
                       NULL,
                       0,
                       0,
                       "shapes nest more than %d levels deep through the "
                       "data (at shape %s)",
                       HDC_SHACL_MAX_EVAL_DEPTH,
                       hdc_term_text(s->node).ptr);
    goto done;
  }
  c->depth++;
  vals = scratch(c, c->depth);
  if (!vals) {
    st = HDC_ERR_NOMEM;
    goto out;
  }
  if (pre) {
    for (size_t i = 0; i < n_pre; i++)
      hdc_nodeset_push(vals, pre[i]);
    if (vals->oom) {
      st = HDC_ERR_NOMEM;
      goto out;
    }
  } else if (s->is_property && s->path->kind == HDC_PATH_PREDICATE &&
             !hdc_term_is_literal(focus)) {
    const focus_entry *e;
    st = outgoing(c, focus, &e);
    if (st)
      goto out;
    size_t lo = 0, hi = e->n;
    while (lo < hi) {
      size_t mid = lo + (hi - lo) / 2;
      if ((uintptr_t)e->t[mid].p < (uintptr_t)s->path->pred)
        lo = mid + 1;
      else
        hi = mid;
    }
    for (; lo < e->n && e->t[lo].p == s->path->pred; lo++)
      hdc_nodeset_push(vals, e->t[lo].o);
    if (vals->oom) {
      st = HDC_ERR_NOMEM;
      goto out;
    }
  } else if (s->is_property) {
    st = hdc_shacl_path_eval(c->data, s->path, focus, vals);
    if (st)
      goto out;
  } else {
    hdc_nodeset_push(vals, focus);
    if (vals->oom) {
      st = HDC_ERR_NOMEM;
      goto out;
    }
  }

  for (size_t i = 0; i < s->n_cons && !st; i++) {
    if (settled(&s->cons[i], vals->n))
      continue;
    st = eval_constraint(c, s, &s->cons[i], focus, vals, report, ok);
    if (!report && !*ok)
      goto out;
  }
  if (!st && s->guard)
    st = eval_guard(c, s, focus, report, ok);
  if (st || !s->n_props)
    goto out;
  /* sh:property: each value node is a focus node of the property shape.
   * The nested evaluation reuses deeper scratch sets, never this one. With
   * one value node (a node shape's focus), going node by node or shape by
   * shape is the same order, and the values of all predicate paths are
   * found at once. */
  if (vals->n == 1 && s->n_pred_props && !hdc_term_is_literal(vals->items[0])) {
    st = eval_pred_props(c, s, vals->items[0], report, ok);
    goto out;
  }
  for (size_t j = 0; j < s->n_props && !st; j++) {
    for (size_t i = 0; i < vals->n && !st; i++) {
      st = eval_shape(c, s->props[j], vals->items[i], report, ok);
      if (!report && !*ok)
        goto out;
    }
  }
out:
  c->depth--;
done:
  if (pushed)
    c->n_active--;
  return st;
}

/* ------------------------------------------------------------------------ */
/* Targets                                                                  */

static hdc_status
focus_nodes(vctx *c, const hdc_shacl_shape *s, hdc_nodeset *out)
{
  hdc_status st = HDC_OK;
  for (size_t i = 0; i < s->n_t_nodes; i++)
    hdc_nodeset_add(out, s->t_nodes[i]);
  for (size_t i = 0; i < s->n_t_classes; i++) {
    const hdc_term **inst = NULL;
    size_t           n    = 0, k;
    for (k = 0; k < c->n_inst && c->inst[k].cls != s->t_classes[i]; k++) {
    }
    if (k < c->n_inst) {
      inst = c->inst[k].items;
      n    = c->inst[k].n;
    } else {
      st = hdc_graph_instances(c->data, s->t_classes[i], &inst, &n);
      if (st)
        return st;
      if (c->n_inst < sizeof c->inst / sizeof c->inst[0]) {
        c->inst[c->n_inst].cls   = s->t_classes[i];
        c->inst[c->n_inst].items = inst;
        c->inst[c->n_inst].n     = n;
        c->n_inst++;
        k = SIZE_MAX; /* kept: freed with the cache */
      }
    }
    /* One target list needs no duplicate check: push directly. */
    if (s->n_t_classes == 1 && !s->n_t_nodes && !s->n_t_subjects_of &&
        !s->n_t_objects_of) {
      for (size_t j = 0; j < n; j++)
        hdc_nodeset_push(out, inst[j]);
    } else {
      for (size_t j = 0; j < n; j++)
        hdc_nodeset_add(out, inst[j]);
    }
    if (k != SIZE_MAX && k >= c->n_inst)
      hdc_free(inst);
  }
  for (size_t i = 0; i < s->n_t_subjects_of; i++) {
    hdc_iter          it;
    const hdc_triple *t;
    hdc_graph_match(c->data, NULL, s->t_subjects_of[i], NULL, &it);
    while ((t = hdc_iter_next(&it)))
      hdc_nodeset_add(out, t->s);
  }
  for (size_t i = 0; i < s->n_t_objects_of; i++) {
    hdc_iter          it;
    const hdc_triple *t;
    hdc_graph_match(c->data, NULL, s->t_objects_of[i], NULL, &it);
    while ((t = hdc_iter_next(&it)))
      hdc_nodeset_add(out, t->o);
  }
  return out->oom ? HDC_ERR_NOMEM : st;
}

typedef struct focus_task
{
  const hdc_term        *focus;
  const hdc_shacl_shape *shape;
} focus_task;

/* The tasks of one focus node: a chain through focus_groups.next, in the
 * order they were collected (shape by shape, so in plan order). */
typedef struct focus_group
{
  const hdc_term *focus;
  uint32_t        first, last;
} focus_group;

#define GROUP_END UINT32_MAX

typedef struct focus_groups
{
  focus_group *groups; /* in order of first appearance */
  size_t       n, cap;
  uint32_t    *slots; /* open addressing: group index + 1, 0 = empty */
  size_t       n_slots;
  uint32_t    *next; /* per task: the next task of its group, or END */
} focus_groups;

static size_t
group_hash(const hdc_term *t)
{
  uint64_t x = (uint64_t)(uintptr_t)t;
  x ^= x >> 31;
  x *= 0x9E3779B97F4A7C15ull;
  x ^= x >> 29;
  return (size_t)x;
}

/* Group tasks[0..n) by focus node. Replaces a sort of the tasks: grouping
 * is all the evaluation needs (each focus node's triples are then read
 * once, from the focus cache), and the report's order is settled by
 * hdc_shacl_report_sort, not by evaluation order. */
static hdc_status
group_tasks(focus_groups *g, const focus_task *tasks, size_t n)
{
  if (n > UINT32_MAX - 1)
    return HDC_ERR_LIMIT;
  g->next = hdc_malloc((n ? n : 1) * sizeof *g->next);
  if (!g->next)
    return HDC_ERR_NOMEM;
  for (size_t i = 0; i < n; i++) {
    size_t k;
    if ((g->n + 1) * 2 > g->n_slots) {
      size_t    cap   = g->n_slots ? g->n_slots * 2 : 1024;
      uint32_t *slots = hdc_calloc(cap, sizeof *slots);
      if (!slots)
        return HDC_ERR_NOMEM;
      for (size_t x = 0; x < g->n; x++) {
        k = group_hash(g->groups[x].focus) & (cap - 1);
        while (slots[k])
          k = (k + 1) & (cap - 1);
        slots[k] = (uint32_t)(x + 1);
      }
      hdc_free(g->slots);
      g->slots   = slots;
      g->n_slots = cap;
    }
    k = group_hash(tasks[i].focus) & (g->n_slots - 1);
    while (g->slots[k] && g->groups[g->slots[k] - 1].focus != tasks[i].focus)
      k = (k + 1) & (g->n_slots - 1);
    g->next[i] = GROUP_END;
    if (g->slots[k]) {
      focus_group *fg   = &g->groups[g->slots[k] - 1];
      g->next[fg->last] = (uint32_t)i;
      fg->last          = (uint32_t)i;
      continue;
    }
    if (g->n == g->cap) {
      size_t       cap = g->cap ? g->cap * 2 : 1024;
      focus_group *arr = hdc_realloc(g->groups, cap * sizeof *arr);
      if (!arr)
        return HDC_ERR_NOMEM;
      g->groups = arr;
      g->cap    = cap;
    }
    g->groups[g->n].focus = tasks[i].focus;
    g->groups[g->n].first = (uint32_t)i;
    g->groups[g->n].last  = (uint32_t)i;
    g->slots[k]           = (uint32_t)(++g->n);
  }
  return HDC_OK;
}

static void
groups_clear(focus_groups *g)
{
  hdc_free(g->groups);
  hdc_free(g->slots);
  hdc_free(g->next);
  memset(g, 0, sizeof *g);
}

hdc_status
hdc_shacl_validate(const hdc_shacl_plan          *plan,
                   const hdc_graph               *data,
                   const hdc_shacl_validate_opts *opts,
                   hdc_shacl_report             **report,
                   hdc_error                     *err)
{
  vctx              c;
  hdc_nodeset       focus;
  focus_task       *pairs   = NULL;
  size_t            n_pairs = 0, cap_pairs = 0;
  hdc_status        st      = HDC_OK;
  hdc_shacl_report *created = NULL;
  focus_groups      groups;

  memset(&groups, 0, sizeof groups);
  if (!plan || !data || !report)
    return hdc_error_set(err,
                         HDC_ERR_INVALID_ARG,
                         NULL,
                         0,
                         0,
                         "validation needs a plan, a data graph and a report");
  if (hdc_graph_world(data) != plan->world)
    return hdc_error_set(err,
                         HDC_ERR_INVALID_ARG,
                         NULL,
                         0,
                         0,
                         "the data graph and the shapes do not share a world");
  memset(&c, 0, sizeof c);
  hdc_nodeset_init(&focus);
  if (!*report) {
    created = hdc_shacl_report_new();
    if (!created) {
      st = HDC_ERR_NOMEM;
      goto done;
    }
  }
  c.plan        = plan;
  c.v           = &plan->v;
  c.data        = data;
  c.report      = created ? created : *report;
  c.max_results = opts ? opts->max_results : 0;
  c.err         = err;
  /* Build the indexes once, before the first lookup: the graph does it
   * lazily otherwise, but then an allocation failure could not be told. */
  st = hdc_graph_index((hdc_graph *)(uintptr_t)data);
  if (st)
    goto done;

  /* Collect every (focus, shape) pair first, then evaluate them focus by
   * focus: the shapes that target one node (a profile has half a dozen for
   * a dataset) then read its triples once, from the focus cache. */
  for (size_t i = 0; i < plan->n_targeted && !st; i++) {
    const hdc_shacl_shape *s = plan->targeted[i];
    hdc_nodeset_reset(&focus);
    st = focus_nodes(&c, s, &focus);
    for (size_t j = 0; j < focus.n && !st; j++) {
      /* The graph guard's target is a sentinel absent from the data: no
       * filter on submitted nodes applies to it. */
      if (opts && opts->focus_filter && !s->guard &&
          !opts->focus_filter(opts->focus_ctx, focus.items[j]))
        continue;
      if (n_pairs == cap_pairs) {
        size_t      n   = cap_pairs ? cap_pairs * 2 : 1024;
        focus_task *arr = hdc_realloc(pairs, n * sizeof *arr);
        if (!arr) {
          st = HDC_ERR_NOMEM;
          break;
        }
        pairs     = arr;
        cap_pairs = n;
      }
      pairs[n_pairs].focus = focus.items[j];
      pairs[n_pairs].shape = s;
      n_pairs++;
    }
  }
  if (!st) {
    st = group_tasks(&groups, pairs, n_pairs);
    if (st == HDC_ERR_LIMIT)
      hdc_error_set(err, st, NULL, 0, 0, "too many focus nodes to validate");
  }
  for (size_t g = 0; g < groups.n && !st && !c.stop; g++) {
    for (uint32_t i = groups.groups[g].first; i != GROUP_END && !st && !c.stop;
         i          = groups.next[i]) {
      bool ok = true;
      st      = eval_shape(&c, pairs[i].shape, pairs[i].focus, true, &ok);
    }
  }
  if (!st && created)
    *report = created, created = NULL;
done:
  if (st == HDC_ERR_NOMEM)
    hdc_error_set(err, st, NULL, 0, 0, "out of memory during validation");
  hdc_shacl_report_free(created);
  hdc_nodeset_clear(&focus);
  hdc_free(pairs);
  groups_clear(&groups);
  for (size_t i = 0; i < c.n_sets; i++) {
    hdc_nodeset_clear(c.sets[i]);
    hdc_free(c.sets[i]);
  }
  hdc_free(c.sets);
  hdc_free(c.memo);
  hdc_free(c.active);
  for (unsigned i = 0; i < FOCUS_CACHE; i++)
    hdc_free(c.cache[i].t);
  for (size_t i = 0; i < c.n_inst; i++)
    hdc_free(c.inst[i].items);
  for (size_t i = 0; i < c.n_pscr; i++) {
    hdc_free((void *)c.pscr[i].objs);
    hdc_free(c.pscr[i].start);
    hdc_free(c.pscr[i].count);
  }
  hdc_free(c.pscr);
  return st;
}
