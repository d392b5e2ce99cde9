// SPDX-License-Identifier: EUPL-1.2
/*
 * JSON-LD writer: serialises a graph as
 *
 *   {"@context": {prefix: namespace, ...}, "@graph": [node, node, ...]}
 *
 * with one node object per subject ("@id", "@type", then one key per
 * predicate, each holding an array of {"@id"} / {"@value"} objects).
 * Only the well-known prefixes the graph uses go into the context;
 * property keys, types and datatypes are written as compact IRIs where a
 * prefix applies, everything else as absolute IRIs. Literals are always
 * strings with their datatype, so lexical forms survive a round trip.
 *
 * Output is streamed: a first pass over the triples picks the subjects
 * and the prefixes, then each node object is built in a small buffer and
 * handed to the sink, so memory stays proportional to the largest node,
 * not to the document.
 */
#include "rdf_internal.h"

#include <stdlib.h>
#include <string.h>

/* Output is handed to the sink in chunks of about this size. */
#define JW_CHUNK 65536

/* ------------------------------------------------------------------------ */
/* A pointer-keyed map (terms are interned: equal terms, equal pointers).   */

typedef struct jw_slot
{
  const void *key;
  int         val;
} jw_slot;

typedef struct jw_map
{
  jw_slot *slots;
  size_t   cap; /* power of two, or 0 */
  size_t   n;
} jw_map;

static size_t
jw_ptr_hash(const void *p)
{
  uint64_t x = (uint64_t)(uintptr_t)p;
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  return (size_t)x;
}

static jw_slot *
jw_map_find(const jw_map *m, const void *key)
{
  if (m->cap == 0)
    return NULL;
  for (size_t i = jw_ptr_hash(key) & (m->cap - 1);;
       i        = (i + 1) & (m->cap - 1)) {
    if (!m->slots[i].key)
      return NULL;
    if (m->slots[i].key == key)
      return &m->slots[i];
  }
}

/* Insert key (absent) with val. */
static hdc_status
jw_map_add(jw_map *m, const void *key, int val)
{
  if ((m->n + 1) * 4 > m->cap * 3) {
    size_t   ncap = m->cap ? m->cap * 2 : 64;
    jw_slot *ns   = hdc_calloc(ncap, sizeof *ns);
    if (!ns)
      return HDC_ERR_NOMEM;
    for (size_t i = 0; i < m->cap; i++) {
      if (!m->slots[i].key)
        continue;
      size_t j = jw_ptr_hash(m->slots[i].key) & (ncap - 1);
      while (ns[j].key)
        j = (j + 1) & (ncap - 1);
      ns[j] = m->slots[i];
    }
    hdc_free(m->slots);
    m->slots = ns;
    m->cap   = ncap;
  }
  size_t j = jw_ptr_hash(key) & (m->cap - 1);
  while (m->slots[j].key)
    j = (j + 1) & (m->cap - 1);
  m->slots[j] = (jw_slot){ key, val };
  m->n++;
  return HDC_OK;
}

static void
jw_map_clear(jw_map *m)
{
  hdc_free(m->slots);
  m->slots = NULL;
  m->cap = m->n = 0;
}

/* ------------------------------------------------------------------------ */
/* Writer state                                                             */

typedef struct jw_writer
{
  const hdc_graph *g;
  hdc_sink_fn      sink;
  void            *sink_ctx;
  hdc_error       *err;
  hdc_buf          out;
  jw_map           prefix_of; /* IRI term -> prefix index, or -1 */
  unsigned char   *used;      /* per prefix: 1 used, 2 unusable */
  const hdc_term  *rdf_type, *xsd_string, *rdf_lang;
} jw_writer;

static hdc_status
jw_flush(jw_writer *w, bool all)
{
  if (hdc_buf_status(&w->out) != HDC_OK)
    return HDC_ERR_NOMEM;
  if (w->out.len == 0 || (!all && w->out.len < JW_CHUNK))
    return HDC_OK;
  hdc_status st = w->sink(w->sink_ctx, w->out.ptr, w->out.len);
  hdc_buf_reset(&w->out);
  if (st != HDC_OK)
    return hdc_error_set(w->err,
                         st,
                         NULL,
                         0,
                         0,
                         "writing JSON-LD output failed: %s",
                         hdc_strerror(st));
  return HDC_OK;
}

/* A namespace can abbreviate IRIs only if the reader will expand it back:
 * JSON-LD 1.1 treats a simple term as a prefix when its IRI ends with a
 * URI gen-delim character. */
static bool
jw_prefix_usable(const hdc_rdf_prefix *pf)
{
  size_t n = strlen(pf->ns);
  return n > 0 && strchr(":/?#[]@", pf->ns[n - 1]) != NULL &&
         strchr(pf->prefix, ':') == NULL && pf->prefix[0] != '\0' &&
         pf->prefix[0] != '@' && pf->prefix[0] != '_';
}

/* The prefix that abbreviates iri (longest namespace), or -1. */
static int
jw_prefix_find(hdc_str iri)
{
  int    best     = -1;
  size_t best_len = 0;
  for (size_t i = 0; i < hdc_rdf_n_prefixes; i++) {
    const hdc_rdf_prefix *pf = &hdc_rdf_prefixes[i];
    size_t                nl = strlen(pf->ns);
    if (nl <= best_len || nl > iri.len || memcmp(iri.ptr, pf->ns, nl) != 0)
      continue;
    /* "p://x" would read back as an absolute IRI, not a compact one. */
    if (iri.len - nl >= 2 && iri.ptr[nl] == '/' && iri.ptr[nl + 1] == '/')
      continue;
    if (!jw_prefix_usable(pf))
      continue;
    best     = (int)i;
    best_len = nl;
  }
  return best;
}

/* An IRI whose scheme is a prefix name ("dcat:x" as a real IRI) would be
 * expanded by that prefix when read back: such a prefix must stay out of
 * the context. */
static void
jw_ban_scheme(jw_writer *w, hdc_str iri)
{
  const char *colon = memchr(iri.ptr, ':', iri.len);
  if (!colon)
    return;
  size_t sl = (size_t)(colon - iri.ptr);
  for (size_t i = 0; i < hdc_rdf_n_prefixes; i++) {
    const char *pf = hdc_rdf_prefixes[i].prefix;
    if (strlen(pf) == sl && memcmp(pf, iri.ptr, sl) == 0)
      w->used[i] = 2;
  }
}

/* Note an IRI that may be abbreviated (key, type, datatype). */
static hdc_status
jw_note_compact(jw_writer *w, const hdc_term *t)
{
  if (jw_map_find(&w->prefix_of, t))
    return HDC_OK;
  int pi = jw_prefix_find(hdc_term_text(t));
  if (jw_map_add(&w->prefix_of, t, pi) != HDC_OK)
    return HDC_ERR_NOMEM;
  if (pi >= 0 && w->used[pi] == 0)
    w->used[pi] = 1;
  return HDC_OK;
}

static bool
jw_is_type_object(const jw_writer *w, const hdc_triple *t)
{
  return t->p == w->rdf_type && hdc_term_is_iri(t->o);
}

/* ------------------------------------------------------------------------ */
/* Output pieces                                                            */

/* A JSON string. The text must be UTF-8 (it comes from a parsed graph);
 * anything else is refused rather than written as invalid JSON. */
static hdc_status
jw_string(jw_writer *w, hdc_str s)
{
  static const char hex[] = "0123456789abcdef";
  size_t            bad;
  if (!hdc_utf8_valid(s.ptr, s.len, &bad))
    return hdc_error_set(w->err,
                         HDC_ERR_ENCODING,
                         NULL,
                         0,
                         0,
                         "cannot write JSON-LD: a term is not valid UTF-8 "
                         "(byte %zu of \"%.40s\")",
                         bad,
                         s.ptr);
  hdc_buf_putc(&w->out, '"');
  size_t run = 0;
  for (size_t i = 0; i < s.len; i++) {
    unsigned char c = (unsigned char)s.ptr[i];
    if (c >= 0x20 && c != '"' && c != '\\')
      continue;
    hdc_buf_append(&w->out, s.ptr + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': hdc_buf_puts(&w->out, "\\\""); break;
      case '\\': hdc_buf_puts(&w->out, "\\\\"); break;
      case '\n': hdc_buf_puts(&w->out, "\\n"); break;
      case '\r': hdc_buf_puts(&w->out, "\\r"); break;
      case '\t': hdc_buf_puts(&w->out, "\\t"); break;
      case '\b': hdc_buf_puts(&w->out, "\\b"); break;
      case '\f': hdc_buf_puts(&w->out, "\\f"); break;
      default: {
        char u[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
        hdc_buf_append(&w->out, u, sizeof u);
        break;
      }
    }
  }
  hdc_buf_append(&w->out, s.ptr + run, s.len - run);
  hdc_buf_putc(&w->out, '"');
  return hdc_buf_status(&w->out);
}

/* An IRI as a compact IRI when its prefix is in the context. */
static hdc_status
jw_compact(jw_writer *w, const hdc_term *t)
{
  hdc_str  iri = hdc_term_text(t);
  jw_slot *s   = jw_map_find(&w->prefix_of, t);
  int      pi  = s ? s->val : -1;
  if (pi >= 0 && w->used[pi] == 1) {
    const hdc_rdf_prefix *pf  = &hdc_rdf_prefixes[pi];
    size_t                nl  = strlen(pf->ns);
    hdc_buf               tmp = HDC_BUF_INIT;
    hdc_buf_puts(&tmp, pf->prefix);
    hdc_buf_putc(&tmp, ':');
    hdc_buf_append(&tmp, iri.ptr + nl, iri.len - nl);
    hdc_status st = hdc_buf_status(&tmp);
    if (st == HDC_OK)
      st = jw_string(w, hdc_buf_view(&tmp));
    hdc_buf_clear(&tmp);
    return st;
  }
  return jw_string(w, iri);
}

/* "@id" value of a node: the IRI, or "_:label". */
static hdc_status
jw_node_id(jw_writer *w, const hdc_term *t)
{
  if (!hdc_term_is_blank(t))
    return jw_string(w, hdc_term_text(t));
  hdc_buf tmp = HDC_BUF_INIT;
  hdc_buf_puts(&tmp, "_:");
  hdc_buf_put_str(&tmp, hdc_term_text(t));
  hdc_status st = hdc_buf_status(&tmp);
  if (st == HDC_OK)
    st = jw_string(w, hdc_buf_view(&tmp));
  hdc_buf_clear(&tmp);
  return st;
}

static hdc_status
jw_object_value(jw_writer *w, const hdc_term *o)
{
  hdc_status st;
  if (!hdc_term_is_literal(o)) {
    hdc_buf_puts(&w->out, "{\"@id\": ");
    st = jw_node_id(w, o);
  } else {
    const hdc_term *dt   = hdc_term_datatype(o);
    hdc_str         lang = hdc_term_lang(o);
    hdc_buf_puts(&w->out, "{\"@value\": ");
    st = jw_string(w, hdc_term_text(o));
    if (st == HDC_OK && lang.len > 0) {
      hdc_buf_puts(&w->out, ", \"@language\": ");
      st = jw_string(w, lang);
    } else if (st == HDC_OK && dt && dt != w->xsd_string && dt != w->rdf_lang) {
      hdc_buf_puts(&w->out, ", \"@type\": ");
      st = jw_compact(w, dt);
    }
  }
  hdc_buf_putc(&w->out, '}');
  return st == HDC_OK ? hdc_buf_status(&w->out) : st;
}

static int
jw_cmp_term(const void *a, const void *b)
{
  return hdc_term_compare(*(const hdc_term *const *)a,
                          *(const hdc_term *const *)b);
}

static int
jw_cmp_po(const void *a, const void *b)
{
  const hdc_triple *x = a, *y = b;
  int               c = hdc_term_compare(x->p, y->p);
  return c ? c : hdc_term_compare(x->o, y->o);
}

/* One node object: the subject's triples, sorted by predicate then object
 * so each predicate becomes one key. */
static hdc_status
jw_node(jw_writer      *w,
        const hdc_term *s,
        hdc_triple    **tv,
        size_t         *tcap,
        bool            first)
{
  hdc_status        st = HDC_OK;
  hdc_iter          it;
  const hdc_triple *t;
  size_t            n = 0;

  hdc_graph_match(w->g, s, NULL, NULL, &it);
  while ((t = hdc_iter_next(&it)) != NULL) {
    if (n == *tcap) {
      size_t      ncap = *tcap ? *tcap * 2 : 32;
      hdc_triple *nt   = hdc_realloc(*tv, ncap * sizeof *nt);
      if (!nt)
        return HDC_ERR_NOMEM;
      *tv   = nt;
      *tcap = ncap;
    }
    (*tv)[n++] = *t;
  }
  hdc_triple *ts = *tv;
  if (n > 1)
    qsort(ts, n, sizeof *ts, jw_cmp_po);

  hdc_buf_puts(
    &w->out, first ? "\n    {\n      \"@id\": " : ",\n    {\n      \"@id\": ");
  st            = jw_node_id(w, s);
  bool any_type = false;
  for (size_t i = 0; i < n && st == HDC_OK; i++) {
    if (!jw_is_type_object(w, &ts[i]))
      continue;
    hdc_buf_puts(&w->out, any_type ? ", " : ",\n      \"@type\": [");
    any_type = true;
    st       = jw_compact(w, ts[i].o);
  }
  if (any_type)
    hdc_buf_putc(&w->out, ']');
  const hdc_term *cur = NULL;
  for (size_t i = 0; i < n && st == HDC_OK; i++) {
    if (jw_is_type_object(w, &ts[i]))
      continue;
    if (ts[i].p != cur) {
      if (cur)
        hdc_buf_puts(&w->out, "\n      ]");
      hdc_buf_puts(&w->out, ",\n      ");
      st = jw_compact(w, ts[i].p);
      hdc_buf_puts(&w->out, ": [\n        ");
      cur = ts[i].p;
    } else {
      hdc_buf_puts(&w->out, ",\n        ");
    }
    if (st == HDC_OK)
      st = jw_object_value(w, ts[i].o);
  }
  if (cur)
    hdc_buf_puts(&w->out, "\n      ]");
  hdc_buf_puts(&w->out, "\n    }");
  if (st == HDC_OK)
    st = hdc_buf_status(&w->out);
  return st;
}

hdc_status
hdc_jsonld_write(const hdc_graph      *g,
                 const hdc_write_opts *opts,
                 hdc_sink_fn           sink,
                 void                 *ctx,
                 hdc_error            *err)
{
  hdc_status       st = HDC_OK;
  jw_writer        w;
  jw_map           seen     = { NULL, 0, 0 };
  const hdc_term **subjects = NULL;
  hdc_triple      *tv       = NULL;
  size_t           tcap = 0, ns = 0;

  memset(&w, 0, sizeof w);
  if (!g || !sink)
    return hdc_error_set(err,
                         HDC_ERR_INVALID_ARG,
                         NULL,
                         0,
                         0,
                         "JSON-LD write needs a graph and a sink");
  w.g        = g;
  w.sink     = sink;
  w.sink_ctx = ctx;
  w.err      = err;
  hdc_buf_init(&w.out);

  hdc_world *world = hdc_graph_world(g);
  /* Find, not create: a graph without rdf:type has no such term. */
  w.rdf_type   = hdc_world_find_iri(world, HDC_STR(HDC_NS_RDF "type"));
  w.xsd_string = hdc_world_find_iri(world, HDC_STR(HDC_NS_XSD "string"));
  w.rdf_lang   = hdc_world_find_iri(world, HDC_STR(HDC_NS_RDF "langString"));

  size_t            n   = hdc_graph_size(g);
  const hdc_triple *all = hdc_graph_triples(g);
  w.used   = hdc_calloc(hdc_rdf_n_prefixes ? hdc_rdf_n_prefixes : 1, 1);
  subjects = n ? hdc_malloc(n * sizeof *subjects) : NULL;
  if (!w.used || (n && !subjects)) {
    st = HDC_ERR_NOMEM;
    goto done;
  }

  /* Pass 1: subjects in order of first appearance, prefixes in use. */
  for (size_t i = 0; i < n; i++) {
    const hdc_triple *t = &all[i];
    if (!jw_map_find(&seen, t->s)) {
      if (jw_map_add(&seen, t->s, 0) != HDC_OK) {
        st = HDC_ERR_NOMEM;
        goto done;
      }
      subjects[ns++] = t->s;
      if (hdc_term_is_iri(t->s))
        jw_ban_scheme(&w, hdc_term_text(t->s));
    }
    /* rdf:type with an IRI object is written as @type: its predicate
     * needs no prefix, its object may use one. */
    if (!jw_is_type_object(&w, t) && jw_note_compact(&w, t->p) != HDC_OK) {
      st = HDC_ERR_NOMEM;
      goto done;
    }
    jw_ban_scheme(&w, hdc_term_text(t->p));
    if (hdc_term_is_iri(t->o)) {
      jw_ban_scheme(&w, hdc_term_text(t->o));
      if (jw_is_type_object(&w, t) && jw_note_compact(&w, t->o) != HDC_OK) {
        st = HDC_ERR_NOMEM;
        goto done;
      }
    } else if (hdc_term_is_literal(t->o)) {
      const hdc_term *dt = hdc_term_datatype(t->o);
      if (dt && dt != w.xsd_string && dt != w.rdf_lang &&
          hdc_term_lang(t->o).len == 0) {
        jw_ban_scheme(&w, hdc_term_text(dt));
        if (jw_note_compact(&w, dt) != HDC_OK) {
          st = HDC_ERR_NOMEM;
          goto done;
        }
      }
    }
  }
  if (opts && opts->sorted && ns > 1)
    qsort(subjects, ns, sizeof *subjects, jw_cmp_term);

  /* The context: the prefixes used, in table order. */
  hdc_buf_puts(&w.out, "{\n  \"@context\": {");
  bool first = true;
  if (opts && opts->base_iri) {
    hdc_buf_puts(&w.out, "\n    \"@base\": ");
    st    = jw_string(&w, hdc_str_from(opts->base_iri));
    first = false;
  }
  for (size_t i = 0; i < hdc_rdf_n_prefixes && st == HDC_OK; i++) {
    if (w.used[i] != 1)
      continue;
    hdc_buf_puts(&w.out, first ? "\n    " : ",\n    ");
    first = false;
    st    = jw_string(&w, hdc_str_from(hdc_rdf_prefixes[i].prefix));
    hdc_buf_puts(&w.out, ": ");
    if (st == HDC_OK)
      st = jw_string(&w, hdc_str_from(hdc_rdf_prefixes[i].ns));
  }
  hdc_buf_puts(&w.out,
               first ? "},\n  \"@graph\": [" : "\n  },\n  \"@graph\": [");
  if (st != HDC_OK)
    goto done;

  /* Pass 2: one node object per subject, flushed as the buffer fills. */
  for (size_t i = 0; i < ns; i++) {
    st = jw_node(&w, subjects[i], &tv, &tcap, i == 0);
    if (st == HDC_OK)
      st = jw_flush(&w, false);
    if (st != HDC_OK)
      goto done;
  }
  hdc_buf_puts(&w.out, ns ? "\n  ]\n}\n" : "]\n}\n");
  st = jw_flush(&w, true);
done:
  if (st == HDC_ERR_NOMEM)
    hdc_error_set(err, st, NULL, 0, 0, "out of memory while writing JSON-LD");
  hdc_buf_clear(&w.out);
  jw_map_clear(&w.prefix_of);
  jw_map_clear(&seen);
  hdc_free(w.used);
  hdc_free(subjects);
  hdc_free(tv);
  return st;
}
