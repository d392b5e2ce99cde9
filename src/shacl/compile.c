// SPDX-License-Identifier: EUPL-1.2
/*
 * Compiling a shapes graph into a plan: every shape becomes a struct with its
 * targets, its path and its constraints, every parameter resolved once
 * (counts parsed, patterns compiled, lists collected, referenced shapes
 * linked by pointer), so that validation never looks at the shapes graph
 * again. Malformed shapes are refused here, with a message naming the shape.
 */
#include "shacl_internal.h"

#include <stdlib.h>
#include <string.h>

/* Paths and shape references nest; a shapes graph deeper than this is
 * hostile or broken, and recursion must stay bounded. */
#define HDC_SHACL_MAX_DEPTH 64

typedef struct compiler
{
  hdc_shacl_plan               *plan;
  const hdc_graph              *g;
  const hdc_shacl_compile_opts *opts;
  hdc_error                    *err;
  hdc_world                    *w;
} compiler;

/* ------------------------------------------------------------------------ */
/* Vocabulary                                                               */

hdc_status
hdc_shacl_vocab_init(hdc_shacl_vocab *v, hdc_world *w)
{
#define HDC_SHACL_VOCAB_INIT(name, iri)                                        \
  v->name = hdc_world_iri(w, HDC_STR(iri));                                    \
  if (!v->name)                                                                \
    return HDC_ERR_NOMEM;
  HDC_SHACL_VOCAB(HDC_SHACL_VOCAB_INIT)
#undef HDC_SHACL_VOCAB_INIT
  return HDC_OK;
}

/* ------------------------------------------------------------------------ */
/* Small helpers                                                            */

/* A short printable name for a term in messages (truncated). */
static const char *
term_label(const hdc_term *t)
{
  if (!t)
    return "(none)";
  return hdc_term_text(t).ptr;
}

static void *
arena_array(hdc_arena *a, size_t n, size_t size)
{
  if (n == 0)
    return NULL;
  if (n > SIZE_MAX / size)
    return NULL;
  return hdc_arena_alloc(a, n * size);
}

hdc_status
hdc_shacl_list_collect(const hdc_graph       *g,
                       const hdc_shacl_vocab *v,
                       const hdc_term        *head,
                       hdc_arena             *arena,
                       const hdc_term      ***out,
                       size_t                *n)
{
  hdc_status      st = HDC_OK;
  hdc_nodeset     seen, items;
  const hdc_term *cur = head;

  hdc_nodeset_init(&seen);
  hdc_nodeset_init(&items);
  *out = NULL;
  *n   = 0;
  while (cur != v->rdf_nil) {
    const hdc_term *first, *rest;
    if (!cur || hdc_term_is_literal(cur)) {
      st = HDC_ERR_SYNTAX;
      goto done;
    }
    /* A cyclic list would never reach rdf:nil. */
    if (!hdc_nodeset_add(&seen, cur)) {
      st = seen.oom ? HDC_ERR_NOMEM : HDC_ERR_SYNTAX;
      goto done;
    }
    if (hdc_graph_count(g, cur, v->rdf_first, NULL) != 1 ||
        hdc_graph_count(g, cur, v->rdf_rest, NULL) != 1) {
      st = HDC_ERR_SYNTAX;
      goto done;
    }
    first = hdc_graph_object(g, cur, v->rdf_first);
    rest  = hdc_graph_object(g, cur, v->rdf_rest);
    hdc_nodeset_push(&items, first);
    if (items.oom) {
      st = HDC_ERR_NOMEM;
      goto done;
    }
    cur = rest;
  }
  if (items.n) {
    const hdc_term **arr = arena_array(arena, items.n, sizeof *arr);
    if (!arr) {
      st = HDC_ERR_NOMEM;
      goto done;
    }
    memcpy(arr, items.items, items.n * sizeof *arr);
    *out = arr;
    *n   = items.n;
  }
done:
  hdc_nodeset_clear(&seen);
  hdc_nodeset_clear(&items);
  return st;
}

/* Name a shape for people: its IRI, or for a blank node the shape that
 * refers to it (blank labels mean nothing to whoever wrote the file). */
static hdc_status
syntax(compiler *c, const hdc_term *shape, const char *what)
{
  if (hdc_term_is_blank(shape)) {
    const hdc_term   *path = hdc_graph_object(c->g, shape, c->plan->v.sh_path);
    const hdc_term   *parent = NULL;
    hdc_iter          it;
    const hdc_triple *t;
    /* The shapes graph is small: a scan for the referring triple is fine. */
    hdc_graph_match(c->g, NULL, NULL, shape, &it);
    while ((t = hdc_iter_next(&it)) && !parent)
      if (!hdc_term_is_blank(t->s))
        parent = t->s;
    return hdc_error_set(c->err,
                         HDC_ERR_SYNTAX,
                         NULL,
                         0,
                         0,
                         "malformed shape: the %s%s%s%s%s: %s",
                         path && hdc_term_is_iri(path) ? "property shape for <"
                                                       : "anonymous shape",
                         path && hdc_term_is_iri(path) ? term_label(path) : "",
                         path && hdc_term_is_iri(path) ? ">" : "",
                         parent ? " in " : "",
                         parent ? term_label(parent) : "",
                         what);
  }
  return hdc_error_set(c->err,
                       HDC_ERR_SYNTAX,
                       NULL,
                       0,
                       0,
                       "malformed shape %s: %s",
                       term_label(shape),
                       what);
}

/* Parse a non-negative xsd:integer literal. */
static bool
parse_count(const hdc_term *t, size_t *out)
{
  hdc_str s;
  size_t  i = 0, v = 0;

  if (!hdc_term_is_literal(t))
    return false;
  s = hdc_term_text(t);
  if (s.len == 0)
    return false;
  if (s.ptr[0] == '+')
    i = 1;
  if (i == s.len)
    return false;
  for (; i < s.len; i++) {
    if (s.ptr[i] < '0' || s.ptr[i] > '9')
      return false;
    if (v > (SIZE_MAX - 9) / 10)
      return false;
    v = v * 10 + (size_t)(s.ptr[i] - '0');
  }
  *out = v;
  return true;
}

/* SHACL switches components on with the literal true: "1"^^xsd:boolean
 * is the same value, but the W3C suite (uniqueLang-002) holds that only
 * true itself counts. */
static bool
is_true(const hdc_term *t)
{
  const hdc_term *dt;
  if (!hdc_term_is_literal(t))
    return false;
  dt = hdc_term_datatype(t);
  return hdc_str_eq_z(hdc_term_text(t), "true") && dt &&
         hdc_str_eq_z(hdc_term_text(dt), HDC_NS_XSD "boolean");
}

/* ------------------------------------------------------------------------ */
/* Shape table                                                              */

static size_t
ptr_hash(const void *p)
{
  uintptr_t x = (uintptr_t)p;
  x ^= x >> 17;
  x *= (uintptr_t)0x9E3779B97F4A7C15ull;
  x ^= x >> 29;
  return (size_t)x;
}

static hdc_shacl_shape *
shape_lookup(const hdc_shacl_plan *plan, const hdc_term *node)
{
  size_t i;
  if (!plan->n_index)
    return NULL;
  i = ptr_hash(node) & (plan->n_index - 1);
  while (plan->index[i]) {
    if (plan->index[i]->node == node)
      return plan->index[i];
    i = (i + 1) & (plan->n_index - 1);
  }
  return NULL;
}

static void
index_insert(hdc_shacl_shape **index, size_t n_index, hdc_shacl_shape *s)
{
  size_t i = ptr_hash(s->node) & (n_index - 1);
  while (index[i])
    i = (i + 1) & (n_index - 1);
  index[i] = s;
}

/* The shape for node, created (uncompiled) if new. NULL on OOM. */
static hdc_shacl_shape *
shape_get(hdc_shacl_plan *plan, const hdc_term *node)
{
  hdc_shacl_shape *s = shape_lookup(plan, node);
  if (s)
    return s;
  if ((plan->n_shapes + 1) * 2 > plan->n_index) {
    size_t            n   = plan->n_index ? plan->n_index * 2 : 64;
    hdc_shacl_shape **idx = hdc_calloc(n, sizeof *idx);
    if (!idx)
      return NULL;
    for (size_t i = 0; i < plan->n_shapes; i++)
      index_insert(idx, n, plan->shapes[i]);
    hdc_free(plan->index);
    plan->index   = idx;
    plan->n_index = n;
  }
  if (plan->n_shapes == plan->cap_shapes) {
    size_t            n   = plan->cap_shapes ? plan->cap_shapes * 2 : 32;
    hdc_shacl_shape **arr = hdc_realloc(plan->shapes, n * sizeof *arr);
    if (!arr)
      return NULL;
    plan->shapes     = arr;
    plan->cap_shapes = n;
  }
  s = hdc_arena_alloc(plan->arena, sizeof *s);
  if (!s)
    return NULL;
  memset(s, 0, sizeof *s);
  s->node                        = node;
  s->id                          = (uint32_t)plan->n_shapes;
  s->severity                    = plan->v.sh_violation;
  s->level                       = HDC_SHACL_VIOLATION;
  plan->shapes[plan->n_shapes++] = s;
  index_insert(plan->index, plan->n_index, s);
  return s;
}

/* ------------------------------------------------------------------------ */
/* Paths                                                                    */

static hdc_status compile_path(compiler        *c,
                               const hdc_term  *shape,
                               const hdc_term  *node,
                               int              depth,
                               hdc_shacl_path **out);

static hdc_status
path_new(compiler           *c,
         hdc_shacl_path_kind kind,
         const hdc_term     *node,
         size_t              n_sub,
         hdc_shacl_path    **out)
{
  hdc_shacl_path *p = hdc_arena_alloc(c->plan->arena, sizeof *p);
  if (!p)
    return HDC_ERR_NOMEM;
  memset(p, 0, sizeof *p);
  p->kind = kind;
  p->node = node;
  if (n_sub) {
    p->sub = arena_array(c->plan->arena, n_sub, sizeof *p->sub);
    if (!p->sub)
      return HDC_ERR_NOMEM;
    p->n_sub = n_sub;
  }
  *out = p;
  return HDC_OK;
}

static hdc_status
compile_path_list(compiler           *c,
                  const hdc_term     *shape,
                  const hdc_term     *node,
                  const hdc_term     *list,
                  hdc_shacl_path_kind kind,
                  int                 depth,
                  hdc_shacl_path    **out)
{
  const hdc_term **items;
  size_t           n;
  hdc_status       st;

  st =
    hdc_shacl_list_collect(c->g, &c->plan->v, list, c->plan->arena, &items, &n);
  if (st == HDC_ERR_SYNTAX)
    return syntax(c, shape, "a path list is not a well-formed RDF list");
  if (st)
    return st;
  /* SHACL asks for two or more members; one member is accepted as the
   * path itself would be, since nothing is ambiguous about it. */
  if (n == 0)
    return syntax(c, shape, "a path list is empty");
  st = path_new(c, kind, node, n, out);
  if (st)
    return st;
  for (size_t i = 0; i < n; i++) {
    st = compile_path(c, shape, items[i], depth + 1, &(*out)->sub[i]);
    if (st)
      return st;
  }
  return HDC_OK;
}

static hdc_status
compile_path(compiler        *c,
             const hdc_term  *shape,
             const hdc_term  *node,
             int              depth,
             hdc_shacl_path **out)
{
  const hdc_shacl_vocab *v = &c->plan->v;
  const hdc_term        *o;
  hdc_shacl_path_kind    kind;
  static const struct
  {
    size_t              off;
    hdc_shacl_path_kind kind;
  } unary[] = {
    { offsetof(hdc_shacl_vocab, sh_inverse_path), HDC_PATH_INVERSE },
    { offsetof(hdc_shacl_vocab, sh_zero_or_more_path), HDC_PATH_ZERO_OR_MORE },
    { offsetof(hdc_shacl_vocab, sh_one_or_more_path), HDC_PATH_ONE_OR_MORE },
    { offsetof(hdc_shacl_vocab, sh_zero_or_one_path), HDC_PATH_ZERO_OR_ONE },
  };

  if (depth > HDC_SHACL_MAX_DEPTH)
    return syntax(c, shape, "the path is nested too deeply or cyclic");
  if (hdc_term_is_iri(node)) {
    hdc_status st = path_new(c, HDC_PATH_PREDICATE, node, 0, out);
    if (st)
      return st;
    (*out)->pred = node;
    return HDC_OK;
  }
  if (!hdc_term_is_blank(node))
    return syntax(c, shape, "a path is a literal");
  /* A list is a sequence path. A node that is also something else is
   * ill-formed; the list reading wins, which is what the W3C suite's
   * "strange path" tests expect. */
  if (hdc_graph_object(c->g, node, v->rdf_first))
    return compile_path_list(
      c, shape, node, node, HDC_PATH_SEQUENCE, depth, out);
  o = hdc_graph_object(c->g, node, v->sh_alternative_path);
  if (o)
    return compile_path_list(
      c, shape, node, o, HDC_PATH_ALTERNATIVE, depth, out);
  for (size_t i = 0; i < sizeof unary / sizeof unary[0]; i++) {
    const hdc_term *pred =
      *(const hdc_term *const *)((const char *)v + unary[i].off);
    o = hdc_graph_object(c->g, node, pred);
    if (o) {
      hdc_status st;
      kind = unary[i].kind;
      st   = path_new(c, kind, node, 1, out);
      if (st)
        return st;
      return compile_path(c, shape, o, depth + 1, &(*out)->sub[0]);
    }
  }
  return syntax(c,
                shape,
                "a path node is not a predicate, a list or a "
                "SHACL path form");
}

/* ------------------------------------------------------------------------ */
/* Constraints                                                              */

/* Growable arrays used while a shape is read, copied into the arena after. */
typedef struct shape_builder
{
  hdc_shacl_constraint *cons;
  size_t                n_cons, cap_cons;
  hdc_shacl_shape     **props; /* a set already: the graph holds each
                                  (shape, sh:property, o) triple once */
  size_t      n_props, cap_props;
  hdc_nodeset messages, t_nodes, t_classes, t_subj, t_obj;
} shape_builder;

static hdc_shacl_constraint *
add_constraint(shape_builder      *b,
               hdc_shacl_component comp,
               const hdc_term     *param)
{
  hdc_shacl_constraint *c;
  if (b->n_cons == b->cap_cons) {
    size_t                n   = b->cap_cons ? b->cap_cons * 2 : 8;
    hdc_shacl_constraint *arr = hdc_realloc(b->cons, n * sizeof *arr);
    if (!arr)
      return NULL;
    b->cons     = arr;
    b->cap_cons = n;
  }
  c = &b->cons[b->n_cons++];
  memset(c, 0, sizeof *c);
  c->comp  = comp;
  c->param = param;
  c->term  = param;
  return c;
}

static hdc_status compile_shape(compiler *c, hdc_shacl_shape *s, int depth);

/* The shape for node, compiled. */
static hdc_status
ref_shape(compiler *c, const hdc_term *node, int depth, hdc_shacl_shape **out)
{
  hdc_shacl_shape *s;
  if (hdc_term_is_literal(node))
    return hdc_error_set(c->err,
                         HDC_ERR_SYNTAX,
                         NULL,
                         0,
                         0,
                         "malformed shapes: a literal (\"%s\") is used "
                         "where a shape is expected",
                         term_label(node));
  s = shape_get(c->plan, node);
  if (!s)
    return HDC_ERR_NOMEM;
  *out = s;
  return compile_shape(c, s, depth + 1);
}

static hdc_status
ref_shape_list(compiler             *c,
               const hdc_term       *shape,
               const hdc_term       *list,
               int                   depth,
               hdc_shacl_constraint *k)
{
  const hdc_term **items;
  size_t           n;
  hdc_status       st;

  st =
    hdc_shacl_list_collect(c->g, &c->plan->v, list, c->plan->arena, &items, &n);
  if (st == HDC_ERR_SYNTAX)
    return syntax(c, shape, "sh:and/sh:or/sh:xone needs an RDF list");
  if (st)
    return st;
  k->n_shapes = n;
  if (n) {
    k->shapes = arena_array(c->plan->arena, n, sizeof *k->shapes);
    if (!k->shapes)
      return HDC_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) {
      st = ref_shape(c, items[i], depth, &k->shapes[i]);
      if (st)
        return st;
    }
  }
  return HDC_OK;
}

/* XPath regular expressions (XML Schema Part 2, appendix F) are close to
 * POSIX extended ones; the class escapes are not, so they are rewritten.
 * Inside a bracket expression a backslash is literal in POSIX, so escapes
 * there become their bare characters. */
static hdc_status
translate_regex(hdc_str in, hdc_buf *out)
{
  bool in_bracket = false;
  for (size_t i = 0; i < in.len; i++) {
    char ch = in.ptr[i];
    if (ch == '\\' && i + 1 < in.len) {
      char        e   = in.ptr[++i];
      const char *cls = NULL, *neg = NULL;
      switch (e) {
        case 'd':
          cls = "0-9";
          neg = "^0-9";
          break;
        case 's':
          cls = "[:space:]";
          neg = "^[:space:]";
          break;
        case 'w':
          cls = "[:alnum:]_";
          neg = "^[:alnum:]_";
          break;
        case 'D': neg = "^0-9"; break;
        case 'S': neg = "^[:space:]"; break;
        case 'W': neg = "^[:alnum:]_"; break;
        default: break;
      }
      if (e == 'd' || e == 's' || e == 'w') {
        if (in_bracket) {
          hdc_buf_puts(out, cls);
        } else {
          hdc_buf_putc(out, '[');
          hdc_buf_puts(out, cls);
          hdc_buf_putc(out, ']');
        }
        (void)neg;
      } else if (e == 'D' || e == 'S' || e == 'W') {
        /* A negated class inside brackets cannot be expressed; outside
         * it is a bracket of its own. */
        if (in_bracket)
          return HDC_ERR_SYNTAX;
        hdc_buf_putc(out, '[');
        hdc_buf_puts(out, neg);
        hdc_buf_putc(out, ']');
      } else if (e == 'n' || e == 'r' || e == 't') {
        hdc_buf_putc(out, e == 'n' ? '\n' : e == 'r' ? '\r' : '\t');
      } else if (in_bracket) {
        if (e == '\\')
          hdc_buf_puts(out, "\\");
        else
          hdc_buf_putc(out, e);
      } else {
        hdc_buf_putc(out, '\\');
        hdc_buf_putc(out, e);
      }
      continue;
    }
    if (!in_bracket && ch == '[') {
      in_bracket = true;
      hdc_buf_putc(out, ch);
      /* A leading ^ or ] belongs to the bracket's start. */
      if (i + 1 < in.len && in.ptr[i + 1] == '^')
        hdc_buf_putc(out, in.ptr[++i]);
      if (i + 1 < in.len && in.ptr[i + 1] == ']')
        hdc_buf_putc(out, in.ptr[++i]);
      continue;
    }
    if (in_bracket && ch == ']')
      in_bracket = false;
    hdc_buf_putc(out, ch);
  }
  if (in_bracket)
    return HDC_ERR_SYNTAX;
  return hdc_buf_status(out);
}

static hdc_status
compile_pattern(compiler       *c,
                const hdc_term *shape,
                const hdc_term *pattern,
                const hdc_term *flags,
                regex_t       **out)
{
  hdc_buf         re = HDC_BUF_INIT;
  hdc_status      st;
  int             cflags = REG_EXTENDED | REG_NOSUB;
  regex_t        *rx     = NULL;
  hdc_shacl_plan *plan   = c->plan;

  if (!hdc_term_is_literal(pattern)) {
    st = syntax(c, shape, "sh:pattern is not a literal");
    goto done;
  }
  if (flags) {
    hdc_str f = hdc_term_text(flags);
    for (size_t i = 0; i < f.len; i++)
      if (f.ptr[i] == 'i')
        cflags |= REG_ICASE;
  }
  st = translate_regex(hdc_term_text(pattern), &re);
  if (st == HDC_ERR_SYNTAX) {
    st = syntax(c, shape, "sh:pattern is not a supported regular expression");
    goto done;
  }
  if (st)
    goto done;
  if (plan->n_regexes == plan->cap_regexes) {
    size_t    n   = plan->cap_regexes ? plan->cap_regexes * 2 : 8;
    regex_t **arr = hdc_realloc(plan->regexes, n * sizeof *arr);
    if (!arr) {
      st = HDC_ERR_NOMEM;
      goto done;
    }
    plan->regexes     = arr;
    plan->cap_regexes = n;
  }
  rx = hdc_malloc(sizeof *rx);
  if (!rx) {
    st = HDC_ERR_NOMEM;
    goto done;
  }
  if (regcomp(rx, re.ptr ? re.ptr : "", cflags) != 0) {
    hdc_free(rx);
    rx = NULL;
    st = hdc_error_set(c->err,
                       HDC_ERR_SYNTAX,
                       NULL,
                       0,
                       0,
                       "malformed shape %s: sh:pattern \"%s\" does not "
                       "compile",
                       term_label(shape),
                       hdc_term_text(pattern).ptr);
    goto done;
  }
  plan->regexes[plan->n_regexes++] = rx;
  *out                             = rx;
  st                               = HDC_OK;
done:
  hdc_buf_clear(&re);
  return st;
}

static hdc_status
set_terms(compiler             *c,
          hdc_shacl_constraint *k,
          const hdc_term      **items,
          size_t                n)
{
  (void)c;
  k->terms   = items;
  k->n_terms = n;
  return HDC_OK;
}

/* The allowed predicates of sh:closed: the predicate paths of the shape's
 * property shapes and the sh:ignoredProperties list. */
static hdc_status
closed_predicates(compiler *c, const hdc_term *node, hdc_shacl_constraint *k)
{
  const hdc_shacl_vocab *v = &c->plan->v;
  hdc_nodeset            preds;
  hdc_iter               it;
  const hdc_triple      *t;
  const hdc_term        *ign;
  hdc_status             st = HDC_OK;

  hdc_nodeset_init(&preds);
  hdc_graph_match(c->g, node, v->sh_property, NULL, &it);
  while ((t = hdc_iter_next(&it))) {
    const hdc_term *path = hdc_graph_object(c->g, t->o, v->sh_path);
    if (hdc_term_is_iri(path))
      hdc_nodeset_add(&preds, path);
  }
  ign = hdc_graph_object(c->g, node, v->sh_ignored_properties);
  if (ign) {
    const hdc_term **items;
    size_t           n;
    st = hdc_shacl_list_collect(c->g, v, ign, c->plan->arena, &items, &n);
    if (st == HDC_ERR_SYNTAX) {
      st = syntax(c, node, "sh:ignoredProperties is not an RDF list");
      goto done;
    }
    if (st)
      goto done;
    for (size_t i = 0; i < n; i++)
      hdc_nodeset_add(&preds, items[i]);
  }
  if (preds.oom) {
    st = HDC_ERR_NOMEM;
    goto done;
  }
  if (preds.n) {
    const hdc_term **arr = arena_array(c->plan->arena, preds.n, sizeof *arr);
    if (!arr) {
      st = HDC_ERR_NOMEM;
      goto done;
    }
    memcpy(arr, preds.items, preds.n * sizeof *arr);
    set_terms(c, k, arr, preds.n);
  }
done:
  hdc_nodeset_clear(&preds);
  return st;
}

/* sh:qualifiedValueShapesDisjoint: the qualified value shapes of the
 * property shapes that share a parent with this one. */
static hdc_status
qualified_siblings(compiler             *c,
                   const hdc_term       *node,
                   const hdc_term       *qvs,
                   int                   depth,
                   hdc_shacl_constraint *k)
{
  const hdc_shacl_vocab *v = &c->plan->v;
  hdc_nodeset            sib;
  hdc_iter               parents;
  const hdc_triple      *pt;
  hdc_status             st = HDC_OK;

  hdc_nodeset_init(&sib);
  hdc_graph_match(c->g, NULL, v->sh_property, node, &parents);
  while ((pt = hdc_iter_next(&parents))) {
    hdc_iter          props;
    const hdc_triple *t;
    hdc_graph_match(c->g, pt->s, v->sh_property, NULL, &props);
    while ((t = hdc_iter_next(&props))) {
      hdc_iter          q;
      const hdc_triple *qt;
      hdc_graph_match(c->g, t->o, v->sh_qualified_value_shape, NULL, &q);
      while ((qt = hdc_iter_next(&q)))
        if (qt->o != qvs)
          hdc_nodeset_add(&sib, qt->o);
    }
  }
  if (sib.oom) {
    st = HDC_ERR_NOMEM;
    goto done;
  }
  k->n_siblings = sib.n;
  if (sib.n) {
    k->siblings = arena_array(c->plan->arena, sib.n, sizeof *k->siblings);
    if (!k->siblings) {
      st = HDC_ERR_NOMEM;
      goto done;
    }
    for (size_t i = 0; i < sib.n; i++) {
      st = ref_shape(c, sib.items[i], depth, &k->siblings[i]);
      if (st)
        goto done;
    }
  }
done:
  hdc_nodeset_clear(&sib);
  return st;
}

/* Recognise the HealthDCAT-AP graph guard's query. */
static bool
is_guard_query(const hdc_term *select)
{
  hdc_str s;
  bool    not_exists = false, dataset = false;
  if (!hdc_term_is_literal(select))
    return false;
  s = hdc_term_text(select);
  for (size_t i = 0; i < s.len; i++) {
    hdc_str rest = { s.ptr + i, s.len - i };
    if (hdc_str_has_prefix(rest, HDC_STR("NOT EXISTS")))
      not_exists = true;
    if (hdc_str_has_prefix(rest, HDC_STR("dcat:Dataset")) ||
        hdc_str_has_prefix(rest,
                           HDC_STR("<http://www.w3.org/ns/dcat#Dataset>")))
      dataset = true;
  }
  return not_exists && dataset;
}

static hdc_status
compile_guard(compiler *c, hdc_shacl_shape *s, const hdc_term *sparql)
{
  const hdc_shacl_vocab *v      = &c->plan->v;
  const hdc_term        *select = hdc_graph_object(c->g, sparql, v->sh_select);
  const hdc_term        *sev;
  hdc_nodeset            msgs;
  hdc_iter               it;
  const hdc_triple      *t;

  if (!c->opts || !c->opts->graph_guard || !is_guard_query(select))
    return hdc_error_set(c->err,
                         HDC_ERR_UNSUPPORTED,
                         NULL,
                         0,
                         0,
                         "shape %s uses sh:sparql: SHACL-SPARQL constraints "
                         "are not supported",
                         term_label(s->node));
  s->guard          = true;
  s->guard_node     = sparql;
  sev               = hdc_graph_object(c->g, sparql, v->sh_severity);
  s->guard_severity = sev ? sev : s->severity;
  s->guard_level    = !sev                   ? s->level
                      : sev == v->sh_warning ? HDC_SHACL_WARNING
                      : sev == v->sh_info    ? HDC_SHACL_INFO
                                             : HDC_SHACL_VIOLATION;
  hdc_nodeset_init(&msgs);
  hdc_graph_match(c->g, sparql, v->sh_message, NULL, &it);
  while ((t = hdc_iter_next(&it)))
    hdc_nodeset_add(&msgs, t->o);
  if (msgs.oom) {
    hdc_nodeset_clear(&msgs);
    return HDC_ERR_NOMEM;
  }
  if (msgs.n) {
    s->guard_messages = arena_array(c->plan->arena, msgs.n, sizeof(void *));
    if (!s->guard_messages) {
      hdc_nodeset_clear(&msgs);
      return HDC_ERR_NOMEM;
    }
    memcpy(s->guard_messages, msgs.items, msgs.n * sizeof(void *));
    s->n_guard_messages = msgs.n;
  }
  hdc_nodeset_clear(&msgs);
  return HDC_OK;
}

static hdc_status
copy_set(compiler *c, const hdc_nodeset *set, const hdc_term ***out, size_t *n)
{
  *n   = set->n;
  *out = NULL;
  if (!set->n)
    return HDC_OK;
  *out = arena_array(c->plan->arena, set->n, sizeof **out);
  if (!*out)
    return HDC_ERR_NOMEM;
  memcpy(*out, set->items, set->n * sizeof **out);
  return HDC_OK;
}

/* One triple (s->node, p, o) of the shape: a target, a parameter or
 * nothing SHACL Core knows (kept silent: shapes carry labels and more). */
static hdc_status
compile_triple(compiler        *c,
               hdc_shacl_shape *s,
               shape_builder   *b,
               const hdc_term  *p,
               const hdc_term  *o,
               int              depth)
{
  const hdc_shacl_vocab *v  = &c->plan->v;
  const hdc_graph       *g  = c->g;
  hdc_shacl_constraint  *k  = NULL;
  hdc_status             st = HDC_OK;

#define NEW(comp)                                                              \
  do {                                                                         \
    k = add_constraint(b, (comp), o);                                          \
    if (!k)                                                                    \
      return HDC_ERR_NOMEM;                                                    \
  } while (0)

  if (p == v->sh_target_node) {
    hdc_nodeset_add(&b->t_nodes, o);
  } else if (p == v->sh_target_class) {
    hdc_nodeset_add(&b->t_classes, o);
  } else if (p == v->sh_target_subjects_of) {
    hdc_nodeset_add(&b->t_subj, o);
  } else if (p == v->sh_target_objects_of) {
    hdc_nodeset_add(&b->t_obj, o);
  } else if (p == v->rdf_type) {
    if (o == v->rdfs_class)
      hdc_nodeset_add(&b->t_classes, s->node);
  } else if (p == v->sh_message) {
    hdc_nodeset_add(&b->messages, o);
  } else if (p == v->sh_severity) {
    if (!hdc_term_is_iri(o))
      return syntax(c, s->node, "sh:severity is not an IRI");
    s->severity = o;
    s->level    = o == v->sh_warning ? HDC_SHACL_WARNING
                  : o == v->sh_info  ? HDC_SHACL_INFO
                                     : HDC_SHACL_VIOLATION;
  } else if (p == v->sh_deactivated) {
    s->deactivated = is_true(o);
  } else if (p == v->sh_property) {
    hdc_shacl_shape *ps;
    st = ref_shape(c, o, depth, &ps);
    if (st)
      return st;
    if (b->n_props == b->cap_props) {
      size_t            n   = b->cap_props ? b->cap_props * 2 : 8;
      hdc_shacl_shape **arr = hdc_realloc(b->props, n * sizeof *arr);
      if (!arr)
        return HDC_ERR_NOMEM;
      b->props     = arr;
      b->cap_props = n;
    }
    b->props[b->n_props++] = ps;
  } else if (p == v->sh_class) {
    if (hdc_term_is_literal(o))
      return syntax(c, s->node, "sh:class is a literal");
    NEW(HDC_SHACL_CLASS);
  } else if (p == v->sh_datatype) {
    if (!hdc_term_is_iri(o))
      return syntax(c, s->node, "sh:datatype is not an IRI");
    NEW(HDC_SHACL_DATATYPE);
  } else if (p == v->sh_node_kind) {
    if (o != v->sh_iri && o != v->sh_blank_node && o != v->sh_literal &&
        o != v->sh_blank_node_or_iri && o != v->sh_blank_node_or_literal &&
        o != v->sh_iri_or_literal)
      return syntax(c, s->node, "sh:nodeKind is not one of the six node kinds");
    NEW(HDC_SHACL_NODE_KIND);
  } else if (p == v->sh_min_count || p == v->sh_max_count ||
             p == v->sh_min_length || p == v->sh_max_length) {
    size_t n;
    if (!parse_count(o, &n))
      return syntax(
        c, s->node, "a count or length is not a non-negative integer");
    NEW(p == v->sh_min_count    ? HDC_SHACL_MIN_COUNT
        : p == v->sh_max_count  ? HDC_SHACL_MAX_COUNT
        : p == v->sh_min_length ? HDC_SHACL_MIN_LENGTH
                                : HDC_SHACL_MAX_LENGTH);
    k->count = n;
  } else if (p == v->sh_min_exclusive || p == v->sh_min_inclusive ||
             p == v->sh_max_exclusive || p == v->sh_max_inclusive) {
    if (!hdc_term_is_literal(o))
      return syntax(c, s->node, "a value range bound is not a literal");
    NEW(p == v->sh_min_exclusive   ? HDC_SHACL_MIN_EXCLUSIVE
        : p == v->sh_min_inclusive ? HDC_SHACL_MIN_INCLUSIVE
        : p == v->sh_max_exclusive ? HDC_SHACL_MAX_EXCLUSIVE
                                   : HDC_SHACL_MAX_INCLUSIVE);
  } else if (p == v->sh_pattern) {
    const hdc_term *flags = hdc_graph_object(g, s->node, v->sh_flags);
    NEW(HDC_SHACL_PATTERN);
    st = compile_pattern(c, s->node, o, flags, &k->regex);
  } else if (p == v->sh_language_in || p == v->sh_in) {
    const hdc_term **items;
    size_t           n;
    st = hdc_shacl_list_collect(g, v, o, c->plan->arena, &items, &n);
    if (st == HDC_ERR_SYNTAX)
      return syntax(c, s->node, "sh:in / sh:languageIn is not an RDF list");
    if (st)
      return st;
    if (p == v->sh_language_in)
      for (size_t i = 0; i < n; i++)
        if (!hdc_term_is_literal(items[i]))
          return syntax(c, s->node, "sh:languageIn holds a non-literal");
    NEW(p == v->sh_in ? HDC_SHACL_IN : HDC_SHACL_LANGUAGE_IN);
    set_terms(c, k, items, n);
  } else if (p == v->sh_unique_lang) {
    if (is_true(o)) {
      NEW(HDC_SHACL_UNIQUE_LANG);
      k->flag = true;
    }
  } else if (p == v->sh_equals || p == v->sh_disjoint || p == v->sh_less_than ||
             p == v->sh_less_than_or_equals) {
    if (!hdc_term_is_iri(o))
      return syntax(
        c, s->node, "sh:equals/disjoint/lessThan needs a property IRI");
    NEW(p == v->sh_equals      ? HDC_SHACL_EQUALS
        : p == v->sh_disjoint  ? HDC_SHACL_DISJOINT
        : p == v->sh_less_than ? HDC_SHACL_LESS_THAN
                               : HDC_SHACL_LESS_THAN_OR_EQUALS);
  } else if (p == v->sh_not || p == v->sh_node) {
    NEW(p == v->sh_not ? HDC_SHACL_NOT : HDC_SHACL_NODE);
    k->shapes = hdc_arena_alloc(c->plan->arena, sizeof *k->shapes);
    if (!k->shapes)
      return HDC_ERR_NOMEM;
    k->n_shapes = 1;
    st          = ref_shape(c, o, depth, &k->shapes[0]);
  } else if (p == v->sh_and || p == v->sh_or || p == v->sh_xone) {
    NEW(p == v->sh_and  ? HDC_SHACL_AND
        : p == v->sh_or ? HDC_SHACL_OR
                        : HDC_SHACL_XONE);
    st = ref_shape_list(c, s->node, o, depth, k);
  } else if (p == v->sh_qualified_value_shape) {
    const hdc_term *qmin =
      hdc_graph_object(g, s->node, v->sh_qualified_min_count);
    const hdc_term *qmax =
      hdc_graph_object(g, s->node, v->sh_qualified_max_count);
    const hdc_term *dis =
      hdc_graph_object(g, s->node, v->sh_qualified_disjoint);
    hdc_shacl_shape *qs;
    st = ref_shape(c, o, depth, &qs);
    if (st)
      return st;
    for (int i = 0; i < 2; i++) {
      const hdc_term *bound = i == 0 ? qmin : qmax;
      size_t          n;
      if (!bound)
        continue;
      if (!parse_count(bound, &n))
        return syntax(
          c, s->node, "a qualified count is not a non-negative integer");
      k = add_constraint(b,
                         i == 0 ? HDC_SHACL_QUALIFIED_MIN_COUNT
                                : HDC_SHACL_QUALIFIED_MAX_COUNT,
                         bound);
      if (!k)
        return HDC_ERR_NOMEM;
      k->count  = n;
      k->shapes = hdc_arena_alloc(c->plan->arena, sizeof *k->shapes);
      if (!k->shapes)
        return HDC_ERR_NOMEM;
      k->shapes[0] = qs;
      k->n_shapes  = 1;
      k->disjoint  = is_true(dis);
      if (k->disjoint) {
        st = qualified_siblings(c, s->node, o, depth, k);
        if (st)
          return st;
      }
    }
  } else if (p == v->sh_closed) {
    if (is_true(o)) {
      NEW(HDC_SHACL_CLOSED);
      k->flag = true;
      st      = closed_predicates(c, s->node, k);
    }
  } else if (p == v->sh_has_value) {
    NEW(HDC_SHACL_HAS_VALUE);
  } else if (p == v->sh_sparql) {
    st = compile_guard(c, s, o);
  }
#undef NEW
  return st;
}

static hdc_status
compile_shape(compiler *c, hdc_shacl_shape *s, int depth)
{
  const hdc_shacl_vocab *v = &c->plan->v;
  shape_builder          b;
  hdc_iter               it;
  const hdc_triple      *t;
  hdc_status             st = HDC_OK;
  size_t                 n_paths;

  if (s->compiled)
    return HDC_OK;
  /* Mark first: shapes may refer to themselves through sh:node & co. */
  s->compiled = true;
  if (depth > HDC_SHACL_MAX_DEPTH)
    return syntax(c, s->node, "shape references are nested too deeply");

  memset(&b, 0, sizeof b);
  hdc_nodeset_init(&b.messages);
  hdc_nodeset_init(&b.t_nodes);
  hdc_nodeset_init(&b.t_classes);
  hdc_nodeset_init(&b.t_subj);
  hdc_nodeset_init(&b.t_obj);

  n_paths = hdc_graph_count(c->g, s->node, v->sh_path, NULL);
  if (n_paths > 1) {
    st = syntax(c, s->node, "a property shape has several sh:path values");
    goto done;
  }
  if (n_paths == 1) {
    s->is_property = true;
    st             = compile_path(
      c, s->node, hdc_graph_object(c->g, s->node, v->sh_path), 0, &s->path);
    if (st)
      goto done;
  }

  hdc_graph_match(c->g, s->node, NULL, NULL, &it);
  while ((t = hdc_iter_next(&it))) {
    st = compile_triple(c, s, &b, t->p, t->o, depth);
    if (st)
      goto done;
  }
  if (b.messages.oom || b.t_nodes.oom || b.t_classes.oom || b.t_subj.oom ||
      b.t_obj.oom) {
    st = HDC_ERR_NOMEM;
    goto done;
  }

  if (b.n_cons) {
    s->cons = arena_array(c->plan->arena, b.n_cons, sizeof *s->cons);
    if (!s->cons) {
      st = HDC_ERR_NOMEM;
      goto done;
    }
    memcpy(s->cons, b.cons, b.n_cons * sizeof *s->cons);
    s->n_cons = b.n_cons;
  }
  if (b.n_props) {
    s->props = arena_array(c->plan->arena, b.n_props, sizeof *s->props);
    if (!s->props) {
      st = HDC_ERR_NOMEM;
      goto done;
    }
    memcpy(s->props, b.props, b.n_props * sizeof *s->props);
    s->n_props = b.n_props;
  }
  if ((st = copy_set(c, &b.messages, &s->messages, &s->n_messages)) ||
      (st = copy_set(c, &b.t_nodes, &s->t_nodes, &s->n_t_nodes)) ||
      (st = copy_set(c, &b.t_classes, &s->t_classes, &s->n_t_classes)) ||
      (st = copy_set(c, &b.t_subj, &s->t_subjects_of, &s->n_t_subjects_of)) ||
      (st = copy_set(c, &b.t_obj, &s->t_objects_of, &s->n_t_objects_of)))
    goto done;
  /* An rdfs:Class is an implicit class target only if it is a shape. */
  if (s->n_t_classes &&
      !hdc_graph_count(c->g, s->node, v->sh_target_class, NULL)) {
    bool shape_typed =
      hdc_graph_contains(c->g, s->node, v->rdf_type, v->sh_node_shape) ||
      hdc_graph_contains(c->g, s->node, v->rdf_type, v->sh_property_shape);
    if (!shape_typed)
      s->n_t_classes = 0;
  }
done:
  hdc_free(b.cons);
  hdc_free(b.props);
  hdc_nodeset_clear(&b.messages);
  hdc_nodeset_clear(&b.t_nodes);
  hdc_nodeset_clear(&b.t_classes);
  hdc_nodeset_clear(&b.t_subj);
  hdc_nodeset_clear(&b.t_obj);
  return st;
}

/* A property shape is referenced through sh:property but has no path. */
static hdc_status
check_property_paths(compiler *c)
{
  hdc_shacl_plan *plan = c->plan;
  for (size_t i = 0; i < plan->n_shapes; i++) {
    hdc_shacl_shape *s = plan->shapes[i];
    for (size_t j = 0; j < s->n_props; j++) {
      hdc_shacl_shape *ps = s->props[j];
      if (ps->is_property)
        continue;
      if (c->opts && c->opts->pathless_property_as_node)
        continue;
      return hdc_error_set(c->err,
                           HDC_ERR_SYNTAX,
                           NULL,
                           0,
                           0,
                           "malformed shape %s: one of its sh:property values "
                           "has no sh:path (a property shape needs exactly "
                           "one)",
                           term_label(s->node));
    }
  }
  return HDC_OK;
}

/* Shapes that start validation: the subjects of targets and every node
 * typed as a shape (which may be an implicit class target). */
static hdc_status
collect_roots(compiler *c)
{
  const hdc_shacl_vocab *v              = &c->plan->v;
  const hdc_term        *target_preds[] = { v->sh_target_class,
                                            v->sh_target_node,
                                            v->sh_target_subjects_of,
                                            v->sh_target_objects_of,
                                            v->sh_sparql };
  hdc_status             st;

  for (size_t i = 0; i < sizeof target_preds / sizeof target_preds[0]; i++) {
    hdc_iter          it;
    const hdc_triple *t;
    hdc_graph_match(c->g, NULL, target_preds[i], NULL, &it);
    while ((t = hdc_iter_next(&it))) {
      hdc_shacl_shape *s;
      st = ref_shape(c, t->s, 0, &s);
      if (st)
        return st;
    }
  }
  for (int k = 0; k < 2; k++) {
    hdc_iter          it;
    const hdc_triple *t;
    hdc_graph_match(c->g,
                    NULL,
                    v->rdf_type,
                    k ? v->sh_property_shape : v->sh_node_shape,
                    &it);
    while ((t = hdc_iter_next(&it))) {
      hdc_shacl_shape *s;
      if (hdc_term_is_literal(t->s))
        continue;
      st = ref_shape(c, t->s, 0, &s);
      if (st)
        return st;
    }
  }
  return HDC_OK;
}

/* Fill s->pred_props (see shacl_internal.h) once every shape is compiled.
 * Only worth it from two such property shapes up. */
static hdc_status
index_pred_props(hdc_shacl_plan *plan, hdc_shacl_shape *s)
{
  size_t n = 0;
  for (size_t j = 0; j < s->n_props; j++) {
    const hdc_shacl_shape *ps = s->props[j];
    if (ps->is_property && ps->path && ps->path->kind == HDC_PATH_PREDICATE)
      n++;
  }
  if (n < 2 || s->n_props > UINT32_MAX)
    return HDC_OK;
  s->pred_props = arena_array(plan->arena, n, sizeof *s->pred_props);
  if (!s->pred_props)
    return HDC_ERR_NOMEM;
  for (size_t j = 0; j < s->n_props; j++) {
    const hdc_shacl_shape *ps = s->props[j];
    uint32_t               x  = (uint32_t)j;
    size_t                 k  = s->n_pred_props;
    if (!ps->is_property || !ps->path || ps->path->kind != HDC_PATH_PREDICATE)
      continue;
    /* Insertion sort: a shape has a few dozen properties at most. */
    while (k && (uintptr_t)s->props[s->pred_props[k - 1]]->path->pred >
                  (uintptr_t)ps->path->pred) {
      s->pred_props[k] = s->pred_props[k - 1];
      k--;
    }
    s->pred_props[k] = x;
    s->n_pred_props++;
  }
  return HDC_OK;
}

hdc_status
hdc_shacl_plan_compile(const hdc_graph              *shapes,
                       const hdc_shacl_compile_opts *opts,
                       hdc_shacl_plan              **out,
                       hdc_error                    *err)
{
  hdc_shacl_plan *plan = NULL;
  compiler        c;
  hdc_status      st;
  size_t          n_targeted = 0;

  if (!out)
    return hdc_error_set(
      err, HDC_ERR_INVALID_ARG, NULL, 0, 0, "no place for the plan");
  *out = NULL;
  if (!shapes)
    return hdc_error_set(
      err, HDC_ERR_INVALID_ARG, NULL, 0, 0, "no shapes graph");
  plan = hdc_calloc(1, sizeof *plan);
  if (!plan) {
    st = HDC_ERR_NOMEM;
    goto done;
  }
  plan->world = hdc_graph_world(shapes);
  plan->arena = hdc_arena_new(0);
  if (!plan->arena) {
    st = HDC_ERR_NOMEM;
    goto done;
  }
  st = hdc_shacl_vocab_init(&plan->v, plan->world);
  if (st)
    goto done;
  st = hdc_graph_index((hdc_graph *)(uintptr_t)shapes);
  if (st)
    goto done;

  c.plan = plan;
  c.g    = shapes;
  c.opts = opts;
  c.err  = err;
  c.w    = plan->world;
  st     = collect_roots(&c);
  if (st)
    goto done;
  st = check_property_paths(&c);
  if (st)
    goto done;

  for (size_t i = 0; i < plan->n_shapes && !st; i++)
    st = index_pred_props(plan, plan->shapes[i]);
  if (st)
    goto done;
  for (size_t i = 0; i < plan->n_shapes; i++) {
    hdc_shacl_shape *s = plan->shapes[i];
    if (!s->deactivated && (s->n_t_nodes || s->n_t_classes ||
                            s->n_t_subjects_of || s->n_t_objects_of))
      n_targeted++;
  }
  if (n_targeted) {
    plan->targeted = arena_array(plan->arena, n_targeted, sizeof(void *));
    if (!plan->targeted) {
      st = HDC_ERR_NOMEM;
      goto done;
    }
    for (size_t i = 0; i < plan->n_shapes; i++) {
      hdc_shacl_shape *s = plan->shapes[i];
      if (!s->deactivated && (s->n_t_nodes || s->n_t_classes ||
                              s->n_t_subjects_of || s->n_t_objects_of))
        plan->targeted[plan->n_targeted++] = s;
    }
  }
  *out = plan;
  plan = NULL;
done:
  if (st == HDC_ERR_NOMEM)
    hdc_error_set(err, st, NULL, 0, 0, "out of memory compiling shapes");
  hdc_shacl_plan_free(plan);
  return st;
}

void
hdc_shacl_plan_free(hdc_shacl_plan *plan)
{
  if (!plan)
    return;
  for (size_t i = 0; i < plan->n_regexes; i++) {
    regfree(plan->regexes[i]);
    hdc_free(plan->regexes[i]);
  }
  hdc_free(plan->regexes);
  hdc_free(plan->shapes);
  hdc_free(plan->index);
  hdc_arena_free(plan->arena);
  hdc_free(plan);
}

size_t
hdc_shacl_plan_shape_count(const hdc_shacl_plan *plan)
{
  return plan ? plan->n_shapes : 0;
}

hdc_world *
hdc_shacl_plan_world(const hdc_shacl_plan *plan)
{
  return plan ? plan->world : NULL;
}
