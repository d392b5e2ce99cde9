// SPDX-License-Identifier: EUPL-1.2
/*
 * JSON-LD 1.1 reader: turns a JSON-LD document into the triples of a graph
 * ("Deserialize JSON-LD to RDF", https://www.w3.org/TR/json-ld11-api/).
 *
 * The spec describes three passes (expansion, node-map generation, triple
 * generation). Here they are fused into one walk over the jansson tree:
 * every expanded item (node object, value object, list object) maps to
 * exactly one RDF term, so each JSON value is expanded in place and handed
 * to a "sink" that knows what to do with the term (make a property triple,
 * a reverse triple, a list cell, or nothing for free-floating values).
 * Named graphs are merged into the one target graph, as rdf.h promises.
 *
 * What is covered: inline contexts (objects, arrays, null), term
 * definitions (strings or objects with @id, @reverse, @type, @language,
 * @container, @index, @context, @nest, @prefix), @vocab, @base, default
 * language, compact IRIs, keyword aliases, property- and type-scoped
 * contexts, @graph, @id, @type, value objects, @list (nested lists too),
 * @set, @reverse, @nest, @included, language / index / id / type maps,
 * @graph containers, @json literals, native numbers and booleans.
 * Remote contexts (and @import) are never fetched: they are refused with
 * HDC_ERR_UNSUPPORTED. @protected is accepted but not enforced, and
 * @direction is ignored, as the spec does when rdfDirection is unset.
 * @json literals are written compact with sorted keys, which is JCS
 * except for the spelling of some numbers.
 *
 * As the spec says, triples whose IRIs or language tags are not
 * well-formed are dropped, as are keys that expand to no absolute IRI.
 *
 * Hostile input: the JSON nesting depth is checked on the raw text before
 * the walk (so every recursion below is bounded by it), the chain of
 * term-definition dependencies has its own bound, processed scoped
 * contexts are cached so that a context cannot be re-expanded per node,
 * and expanded IRIs are built in reusable scratch buffers so that memory
 * grows with the document, not with the IRIs it expands to.
 *
 * Positions: jansson keeps no positions in its tree, so the walk keeps the
 * path (object keys and array indexes) to the value it is working on; when
 * an error is raised, the path is followed through the raw text to find
 * the line and column.
 */
#include "rdf_internal.h"

#include <jansson.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* Keywords                                                                 */

typedef enum jl_kw
{
  KW_NOT = 0, /* not a keyword */
  KW_BASE,
  KW_CONTAINER,
  KW_CONTEXT,
  KW_DIRECTION,
  KW_GRAPH,
  KW_ID,
  KW_IMPORT,
  KW_INCLUDED,
  KW_INDEX,
  KW_JSON,
  KW_LANGUAGE,
  KW_LIST,
  KW_NEST,
  KW_NONE,
  KW_PREFIX,
  KW_PROPAGATE,
  KW_PROTECTED,
  KW_REVERSE,
  KW_SET,
  KW_TYPE,
  KW_VALUE,
  KW_VERSION,
  KW_VOCAB,
  KW__COUNT
} jl_kw;

static const char *const jl_kw_names[KW__COUNT] = {
  "",         "@base",   "@container", "@context", "@direction", "@graph",
  "@id",      "@import", "@included",  "@index",   "@json",      "@language",
  "@list",    "@nest",   "@none",      "@prefix",  "@propagate", "@protected",
  "@reverse", "@set",    "@type",      "@value",   "@version",   "@vocab"
};

static jl_kw
jl_keyword(const char *s, size_t len)
{
  if (len < 2 || s[0] != '@')
    return KW_NOT;
  for (int k = 1; k < KW__COUNT; k++) {
    const char *name = jl_kw_names[k];
    if (strlen(name) == len && memcmp(name, s, len) == 0)
      return (jl_kw)k;
  }
  return KW_NOT;
}

/* "@" followed by letters only: reserved for future keywords, ignored. */
static bool
jl_keyword_form(const char *s, size_t len)
{
  if (len < 2 || s[0] != '@')
    return false;
  for (size_t i = 1; i < len; i++) {
    char c = s[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
      return false;
  }
  return true;
}

/* ------------------------------------------------------------------------ */
/* A small string-keyed hash map whose storage lives in the parse arena.    */

typedef struct jl_slot
{
  const char *key;
  size_t      len;
  uint64_t    hash;
  void       *val;
} jl_slot;

typedef struct jl_map
{
  jl_slot *slots;
  size_t   cap; /* power of two, or 0 */
  size_t   n;
} jl_map;

static uint64_t
jl_hash(const char *key, size_t len)
{
  return hdc_hash64(key, len, 0x6a736f6e6c64ULL);
}

static jl_slot *
jl_map_find(const jl_map *m, const char *key, size_t len)
{
  if (m->cap == 0)
    return NULL;
  uint64_t h    = jl_hash(key, len);
  size_t   mask = m->cap - 1;
  for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
    jl_slot *s = &m->slots[i];
    if (!s->key)
      return NULL;
    if (s->hash == h && s->len == len && memcmp(s->key, key, len) == 0)
      return s;
  }
}

/* Insert or replace. The key is borrowed: it must outlive the map (keys
 * are jansson strings or arena copies, both alive for the whole parse). */
static hdc_status
jl_map_put(hdc_arena *a, jl_map *m, const char *key, size_t len, void *val)
{
  jl_slot *found = jl_map_find(m, key, len);
  if (found) {
    found->val = val;
    return HDC_OK;
  }
  if ((m->n + 1) * 4 > m->cap * 3) {
    size_t   ncap = m->cap ? m->cap * 2 : 8;
    jl_slot *ns   = hdc_arena_alloc(a, ncap * sizeof *ns);
    if (!ns)
      return HDC_ERR_NOMEM;
    memset(ns, 0, ncap * sizeof *ns);
    for (size_t i = 0; i < m->cap; i++) {
      jl_slot *o = &m->slots[i];
      if (!o->key)
        continue;
      size_t j = (size_t)o->hash & (ncap - 1);
      while (ns[j].key)
        j = (j + 1) & (ncap - 1);
      ns[j] = *o;
    }
    m->slots = ns;
    m->cap   = ncap;
  }
  uint64_t h = jl_hash(key, len);
  size_t   j = (size_t)h & (m->cap - 1);
  while (m->slots[j].key)
    j = (j + 1) & (m->cap - 1);
  m->slots[j] = (jl_slot){ key, len, h, val };
  m->n++;
  return HDC_OK;
}

/* ------------------------------------------------------------------------ */
/* Contexts                                                                 */

enum
{
  JL_C_LIST     = 1u << 0,
  JL_C_SET      = 1u << 1,
  JL_C_LANGUAGE = 1u << 2,
  JL_C_INDEX    = 1u << 3,
  JL_C_ID       = 1u << 4,
  JL_C_TYPE     = 1u << 5,
  JL_C_GRAPH    = 1u << 6
};

/* A term definition. iri NULL is a term explicitly mapped to null: it
 * hides any definition of the same term in an outer context. */
typedef struct jl_def
{
  const char *iri; /* absolute IRI, blank node id, or keyword */
  bool        reverse;
  bool        prefix;
  bool        has_lang; /* a language mapping (possibly null) is set */
  const char *lang;     /* lower case; NULL: no language */
  const char *type;     /* "@id", "@vocab", "@json", "@none", IRI, NULL */
  unsigned    container;
  const char *index;  /* property-valued index term, or NULL */
  json_t     *scoped; /* property / type scoped context, or NULL */
  const char *nest;
} jl_def;

/* An active context. Contexts are layered: a layer holds the terms its own
 * local context defined, and lookups fall through to the parent layer.
 * Layers never change once built, which is what makes caching processed
 * contexts (jl_parser.ctx_cache) sound. */
typedef struct jl_ctx jl_ctx;
struct jl_ctx
{
  const jl_ctx *parent;
  jl_map        terms;
  const char   *base;     /* NULL: no base IRI */
  const char   *vocab;    /* NULL: no vocabulary mapping */
  const char   *lang;     /* default language, lower case, or NULL */
  const jl_ctx *previous; /* set by non-propagated (type-scoped) contexts */
  bool any_scoped; /* some term here or in a parent has its own @context */
};

static const jl_def *
jl_lookup(const jl_ctx *c, const char *term, size_t len)
{
  for (; c; c = c->parent) {
    jl_slot *s = jl_map_find(&c->terms, term, len);
    if (s)
      return s->val;
  }
  return NULL;
}

/* ------------------------------------------------------------------------ */
/* The parser                                                               */

/* One step of the path from the document root to the current value. */
typedef struct jl_step
{
  const char *key; /* NULL: an array index */
  size_t      index;
} jl_step;

typedef struct jl_parser
{
  const char *data;
  size_t      len;
  const char *source;
  const char *blank_prefix;
  hdc_graph  *g;
  hdc_world  *w;
  hdc_error  *err;
  hdc_arena  *arena;

  uint64_t max_triples, max_literal, max_iri, max_depth;
  size_t   added;

  unsigned long blank_seq;  /* fresh blank nodes */
  unsigned long label_seq;  /* document labels that need renaming */
  jl_map        odd_labels; /* such labels -> their term */
  jl_map        ctx_cache;  /* (active, local, propagate) -> processed */
  const char   *doc_base;

  jl_step *path;
  size_t   path_len, path_cap;
  bool     path_lost; /* in a scoped context: the path is the use site */

  /* Reused buffers, so the walk does not allocate per value. An
   * expansion result in `scratch` is always consumed (interned) before
   * the next expansion, so one buffer serves every level of the walk;
   * `merge` is jl_resolve's, `label` builds blank-node labels. */
  hdc_buf scratch, merge, label;
  /* Classified keys of the objects being walked, one array per level of
   * nesting, reused by the next object at the same level. */
  struct jl_ebuf *ebufs;
  size_t          n_ebufs, ebuf_level;

  const hdc_term *rdf_type, *rdf_first, *rdf_rest, *rdf_nil, *rdf_json;
  const hdc_term *xsd_string, *xsd_integer, *xsd_double, *xsd_boolean;
} jl_parser;

/* ------------------------------------------------------------------------ */
/* Positions: find the value a path names in the raw text.                  */

static size_t
jl_ws(const char *d, size_t n, size_t i)
{
  while (i < n && (d[i] == ' ' || d[i] == '\t' || d[i] == '\n' || d[i] == '\r'))
    i++;
  return i;
}

/* i is at an opening quote; returns the index after the closing quote. */
static size_t
jl_skip_string(const char *d, size_t n, size_t i)
{
  for (i++; i < n; i++) {
    if (d[i] == '\\')
      i++;
    else if (d[i] == '"')
      return i + 1;
  }
  return n;
}

/* Skip one JSON value starting at i (no recursion: brackets are counted). */
static size_t
jl_skip_value(const char *d, size_t n, size_t i)
{
  size_t depth = 0;
  while (i < n) {
    char c = d[i];
    if (c == '"') {
      i = jl_skip_string(d, n, i);
      if (depth == 0)
        return i;
      continue;
    }
    if (c == '{' || c == '[') {
      depth++;
    } else if (c == '}' || c == ']') {
      if (depth == 0)
        return i;
      if (--depth == 0)
        return i + 1;
    } else if (depth == 0 &&
               (c == ',' || c == ' ' || c == '\t' || c == '\n' || c == '\r')) {
      return i;
    }
    i++;
  }
  return n;
}

static unsigned
jl_hexval(char c)
{
  if (c >= '0' && c <= '9')
    return (unsigned)(c - '0');
  if (c >= 'a' && c <= 'f')
    return (unsigned)(c - 'a' + 10);
  if (c >= 'A' && c <= 'F')
    return (unsigned)(c - 'A' + 10);
  return 16;
}

static bool
jl_hex4(const char *d, size_t n, size_t i, unsigned *out)
{
  if (i + 4 > n)
    return false;
  unsigned v = 0;
  for (size_t k = 0; k < 4; k++) {
    unsigned h = jl_hexval(d[i + k]);
    if (h > 15)
      return false;
    v = v * 16 + h;
  }
  *out = v;
  return true;
}

/* Does the JSON string at i (an opening quote) decode to key? */
static bool
jl_string_is(const char *d, size_t n, size_t i, const char *key, size_t klen)
{
  size_t k = 0;
  for (i++; i < n && d[i] != '"'; i++) {
    unsigned char buf[4];
    size_t        blen = 0;
    if (d[i] != '\\') {
      buf[0] = (unsigned char)d[i];
      blen   = 1;
    } else {
      i++;
      if (i >= n)
        return false;
      char     e  = d[i];
      unsigned cp = 0;
      switch (e) {
        case 'b': cp = '\b'; break;
        case 'f': cp = '\f'; break;
        case 'n': cp = '\n'; break;
        case 'r': cp = '\r'; break;
        case 't': cp = '\t'; break;
        case 'u':
          if (!jl_hex4(d, n, i + 1, &cp))
            return false;
          i += 4;
          if (cp >= 0xD800 && cp <= 0xDBFF && i + 6 < n && d[i + 1] == '\\' &&
              d[i + 2] == 'u') {
            unsigned lo;
            if (jl_hex4(d, n, i + 3, &lo) && lo >= 0xDC00 && lo <= 0xDFFF) {
              cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
              i += 6;
            }
          }
          break;
        default: cp = (unsigned char)e; break;
      }
      if (cp < 0x80) {
        buf[0] = (unsigned char)cp;
        blen   = 1;
      } else if (cp < 0x800) {
        buf[0] = (unsigned char)(0xC0 | (cp >> 6));
        buf[1] = (unsigned char)(0x80 | (cp & 0x3F));
        blen   = 2;
      } else if (cp < 0x10000) {
        buf[0] = (unsigned char)(0xE0 | (cp >> 12));
        buf[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        buf[2] = (unsigned char)(0x80 | (cp & 0x3F));
        blen   = 3;
      } else {
        buf[0] = (unsigned char)(0xF0 | (cp >> 18));
        buf[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
        buf[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        buf[3] = (unsigned char)(0x80 | (cp & 0x3F));
        blen   = 4;
      }
    }
    if (k + blen > klen || memcmp(key + k, buf, blen) != 0)
      return false;
    k += blen;
  }
  return k == klen;
}

/* Offset of the value p->path names, or (size_t)-1 if it cannot be found. */
static size_t
jl_locate(const jl_parser *p)
{
  const char *d = p->data;
  size_t      n = p->len;
  size_t      i = jl_ws(d, n, 0);
  for (size_t s = 0; s < p->path_len; s++) {
    const jl_step *st = &p->path[s];
    if (i >= n)
      return (size_t)-1;
    if (st->key) {
      if (d[i] != '{')
        return (size_t)-1;
      size_t found = (size_t)-1, klen = strlen(st->key);
      i++;
      for (;;) {
        i = jl_ws(d, n, i);
        if (i >= n || d[i] != '"')
          break;
        bool match = jl_string_is(d, n, i, st->key, klen);
        i          = jl_ws(d, n, jl_skip_string(d, n, i));
        if (i >= n || d[i] != ':')
          break;
        i = jl_ws(d, n, i + 1);
        /* jansson keeps the last of duplicate keys, so do we. */
        if (match)
          found = i;
        i = jl_ws(d, n, jl_skip_value(d, n, i));
        if (i >= n || d[i] != ',')
          break;
        i++;
      }
      if (found == (size_t)-1)
        return found;
      i = found;
    } else {
      if (d[i] != '[')
        return (size_t)-1;
      i++;
      for (size_t k = 0; k < st->index; k++) {
        i = jl_ws(d, n, jl_skip_value(d, n, jl_ws(d, n, i)));
        if (i >= n || d[i] != ',')
          return (size_t)-1;
        i++;
      }
      i = jl_ws(d, n, i);
    }
  }
  return i;
}

/* 1-based line and column (in characters, as jansson counts) of offset. */
static void
jl_line_col(const char *d, size_t off, unsigned long *line, unsigned long *col)
{
  unsigned long l = 1, c = 1;
  for (size_t i = 0; i < off; i++) {
    if (d[i] == '\n') {
      l++;
      c = 1;
    } else if (((unsigned char)d[i] & 0xC0) != 0x80) {
      c++;
    }
  }
  *line = l;
  *col  = c;
}

static hdc_status jl_fail(jl_parser *p, hdc_status st, const char *fmt, ...)
  HDC_PRINTF(3, 4);

static hdc_status
jl_fail(jl_parser *p, hdc_status st, const char *fmt, ...)
{
  if (!p->err || p->err->status != HDC_OK)
    return st;
  unsigned long line = 0, col = 0;
  if (st != HDC_ERR_NOMEM) {
    size_t off = jl_locate(p);
    if (off != (size_t)-1 && off <= p->len)
      jl_line_col(p->data, off, &line, &col);
  }
  va_list ap;
  va_start(ap, fmt);
  hdc_error_setv(p->err, st, p->source, line, col, fmt, ap);
  va_end(ap);
  return st;
}

static hdc_status
jl_nomem(jl_parser *p)
{
  return jl_fail(p, HDC_ERR_NOMEM, "out of memory while reading JSON-LD");
}

/* An invalid JSON-LD document (the spec's error codes, in its words). */
#define jl_invalid(p, ...) jl_fail((p), HDC_ERR_SYNTAX, __VA_ARGS__)

static hdc_status
jl_push(jl_parser *p, const char *key, size_t index)
{
  if (p->path_lost)
    return HDC_OK;
  if (p->path_len == p->path_cap) {
    size_t   ncap = p->path_cap ? p->path_cap * 2 : 32;
    jl_step *np   = hdc_realloc(p->path, ncap * sizeof *np);
    if (!np)
      return jl_nomem(p);
    p->path     = np;
    p->path_cap = ncap;
  }
  p->path[p->path_len++] = (jl_step){ key, index };
  return HDC_OK;
}

static void
jl_pop(jl_parser *p)
{
  if (!p->path_lost && p->path_len > 0)
    p->path_len--;
}

/* ------------------------------------------------------------------------ */
/* IRIs                                                                     */

/* RFC 3986 scheme ":" — the form of an absolute IRI. */
static bool
jl_is_absolute(const char *s, size_t len)
{
  if (len == 0 ||
      !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
    return false;
  for (size_t i = 1; i < len; i++) {
    char c = s[i];
    if (c == ':')
      return true;
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
          (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'))
      return false;
  }
  return false;
}

/* Well-formed enough to be written as an IRIREF in any RDF syntax: an
 * absolute IRI without the characters IRIs exclude. The spec drops
 * triples whose IRIs are not well-formed; so do we. */
static bool
jl_iri_well_formed(const char *s, size_t len)
{
  if (!jl_is_absolute(s, len))
    return false;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c <= 0x20 || c == '<' || c == '>' || c == '"' || c == '{' || c == '}' ||
        c == '|' || c == '\\' || c == '^' || c == '`')
      return false;
  }
  return true;
}

/* BCP 47 well-formedness, reduced to its shape: 1*8ALPHA *("-" 1*8alnum). */
static bool
jl_lang_well_formed(const char *s, size_t len)
{
  size_t run   = 0;
  bool   first = true;
  if (len == 0)
    return false;
  for (size_t i = 0; i < len; i++) {
    char c     = s[i];
    bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    bool digit = c >= '0' && c <= '9';
    if (c == '-') {
      if (run == 0)
        return false;
      run   = 0;
      first = false;
    } else if (alpha || (digit && !first)) {
      if (++run > 8)
        return false;
    } else {
      return false;
    }
  }
  return run > 0;
}

/* The parts of an RFC 3986 reference; a part is absent when its pointer is
 * NULL (an empty query "?" is present with length 0). */
typedef struct jl_uri
{
  hdc_str scheme, authority, path, query, fragment;
} jl_uri;

static jl_uri
jl_uri_split(const char *s, size_t len)
{
  jl_uri u = {
    HDC_STR_NULL, HDC_STR_NULL, { s, 0 }, HDC_STR_NULL, HDC_STR_NULL
  };
  size_t i = 0;
  if (jl_is_absolute(s, len)) {
    while (s[i] != ':')
      i++;
    u.scheme = (hdc_str){ s, i };
    i++;
  }
  if (i + 1 < len && s[i] == '/' && s[i + 1] == '/') {
    size_t a = i + 2, e = a;
    while (e < len && s[e] != '/' && s[e] != '?' && s[e] != '#')
      e++;
    u.authority = (hdc_str){ s + a, e - a };
    i           = e;
  }
  size_t e = i;
  while (e < len && s[e] != '?' && s[e] != '#')
    e++;
  u.path = (hdc_str){ s + i, e - i };
  i      = e;
  if (i < len && s[i] == '?') {
    e = i + 1;
    while (e < len && s[e] != '#')
      e++;
    u.query = (hdc_str){ s + i + 1, e - i - 1 };
    i       = e;
  }
  if (i < len && s[i] == '#')
    u.fragment = (hdc_str){ s + i + 1, len - i - 1 };
  return u;
}

/* RFC 3986 §5.2.4: append path "in" to out without "." and ".." segments.
 * in never points into out. */
static void
jl_remove_dots(hdc_buf *out, hdc_str in)
{
  size_t      start = out->len;
  const char *s     = in.ptr;
  size_t      n = in.len, i = 0;
  while (i < n) {
    size_t rest = n - i;
    if (rest >= 3 && memcmp(s + i, "../", 3) == 0) {
      i += 3; /* A */
    } else if (rest >= 2 && memcmp(s + i, "./", 2) == 0) {
      i += 2; /* A */
    } else if (rest >= 3 && memcmp(s + i, "/./", 3) == 0) {
      i += 2; /* B: "/./x" -> "/x" */
    } else if (rest == 2 && memcmp(s + i, "/.", 2) == 0) {
      hdc_buf_putc(out, '/'); /* B: "/." -> "/" */
      i = n;
    } else if ((rest >= 4 && memcmp(s + i, "/../", 4) == 0) ||
               (rest == 3 && memcmp(s + i, "/..", 3) == 0)) {
      /* C: drop the last output segment and its "/" */
      while (out->len > start && out->ptr[out->len - 1] != '/')
        out->len--;
      if (out->len > start)
        out->len--;
      if (rest == 3) {
        hdc_buf_putc(out, '/');
        i = n;
      } else {
        i += 3;
      }
    } else if ((rest == 1 && s[i] == '.') ||
               (rest == 2 && memcmp(s + i, "..", 2) == 0)) {
      i = n; /* D */
    } else {
      size_t e = i + 1; /* E: move one segment */
      while (e < n && s[e] != '/')
        e++;
      hdc_buf_append(out, s + i, e - i);
      i = e;
    }
  }
  if (out->ptr && !out->oom)
    out->ptr[out->len] = '\0';
}

/* RFC 3986 §5.2.2: resolve ref against base into out. A base without a
 * scheme cannot resolve anything: ref is then kept as it is. */
static hdc_status
jl_resolve(hdc_buf *out, hdc_buf *merged, const char *base, hdc_str ref)
{
  size_t  blen = strlen(base);
  jl_uri  b    = jl_uri_split(base, blen);
  jl_uri  r    = jl_uri_split(ref.ptr, ref.len);
  hdc_str scheme, auth, path, query;
  bool    dots = true;

  hdc_buf_reset(out);
  hdc_buf_reset(merged);
  if (!b.scheme.ptr && !r.scheme.ptr) {
    hdc_buf_put_str(out, ref);
    return hdc_buf_status(out);
  }
  if (r.scheme.ptr) {
    scheme = r.scheme;
    auth   = r.authority;
    path   = r.path;
    query  = r.query;
  } else {
    scheme = b.scheme;
    if (r.authority.ptr) {
      auth  = r.authority;
      path  = r.path;
      query = r.query;
    } else {
      auth = b.authority;
      if (r.path.len == 0) {
        path  = b.path;
        dots  = false;
        query = r.query.ptr ? r.query : b.query;
      } else {
        if (r.path.ptr[0] == '/') {
          path = r.path;
        } else {
          /* §5.2.3 merge: the base path up to its last "/", then ref */
          if (b.authority.ptr && b.path.len == 0) {
            hdc_buf_putc(merged, '/');
          } else {
            size_t cut = b.path.len;
            while (cut > 0 && b.path.ptr[cut - 1] != '/')
              cut--;
            hdc_buf_append(merged, b.path.ptr, cut);
          }
          hdc_buf_put_str(merged, r.path);
          if (hdc_buf_status(merged) != HDC_OK) {
            return HDC_ERR_NOMEM;
          }
          path = hdc_buf_view(merged);
        }
        query = r.query;
      }
    }
  }
  hdc_buf_put_str(out, scheme);
  hdc_buf_putc(out, ':');
  if (auth.ptr) {
    hdc_buf_puts(out, "//");
    hdc_buf_put_str(out, auth);
  }
  if (dots)
    jl_remove_dots(out, path);
  else
    hdc_buf_put_str(out, path);
  if (query.ptr) {
    hdc_buf_putc(out, '?');
    hdc_buf_put_str(out, query);
  }
  if (r.fragment.ptr) {
    hdc_buf_putc(out, '#');
    hdc_buf_put_str(out, r.fragment);
  }
  return hdc_buf_status(out);
}

/* ------------------------------------------------------------------------ */
/* Terms and triples                                                        */

static hdc_status
jl_iri_term(jl_parser *p, hdc_str iri, const hdc_term **out)
{
  *out = NULL;
  if (iri.len > p->max_iri)
    return jl_fail(p,
                   HDC_ERR_LIMIT,
                   "IRI of %zu bytes exceeds the iri_bytes limit (%llu)",
                   iri.len,
                   (unsigned long long)p->max_iri);
  if (!jl_iri_well_formed(iri.ptr, iri.len))
    return HDC_OK; /* dropped, as the spec says */
  *out = hdc_world_iri(p->w, iri);
  return *out ? HDC_OK : jl_nomem(p);
}

static bool
jl_label_plain(const char *s, size_t len)
{
  if (len == 0)
    return false;
  for (size_t i = 0; i < len; i++) {
    char c     = s[i];
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                 (c >= '0' && c <= '9');
    if (!alnum && (i == 0 || (c != '_' && c != '-')))
      return false;
  }
  return true;
}

/* The blank node a document label ("_:" removed) names. Labels are
 * prefixed so they are scoped to this document. Plain labels keep their
 * text (useful when reading output); any other label is renamed, because
 * not every syntax can write it, and fresh nodes use "_b<n>"; the leading
 * underscore keeps the three families apart. */
static hdc_status
jl_blank_term(jl_parser *p, hdc_str label, const hdc_term **out)
{
  hdc_buf   *b  = &p->label;
  hdc_status st = HDC_OK;
  *out          = NULL;
  if (label.len > p->max_iri)
    return jl_fail(p,
                   HDC_ERR_LIMIT,
                   "blank node label of %zu bytes exceeds the iri_bytes "
                   "limit (%llu)",
                   label.len,
                   (unsigned long long)p->max_iri);
  hdc_buf_reset(b);
  hdc_buf_puts(b, p->blank_prefix);
  if (jl_label_plain(label.ptr, label.len)) {
    hdc_buf_put_str(b, label);
  } else {
    jl_slot *s = jl_map_find(&p->odd_labels, label.ptr, label.len);
    if (s) {
      *out = s->val;
      goto done;
    }
    hdc_buf_printf(b, "_u%lu", ++p->label_seq);
  }
  if (hdc_buf_status(b) != HDC_OK) {
    st = jl_nomem(p);
    goto done;
  }
  *out = hdc_world_blank(p->w, hdc_buf_view(b));
  if (!*out) {
    st = jl_nomem(p);
    goto done;
  }
  if (!jl_label_plain(label.ptr, label.len)) {
    char *key = hdc_arena_strndup(p->arena, label.ptr, label.len);
    if (!key ||
        jl_map_put(p->arena, &p->odd_labels, key, label.len, (void *)*out) !=
          HDC_OK) {
      st = jl_nomem(p);
      goto done;
    }
  }
done:
  return st;
}

static hdc_status
jl_fresh(jl_parser *p, const hdc_term **out)
{
  char     buf[64];
  int      n = snprintf(buf, sizeof buf, "_b%lu", ++p->blank_seq);
  hdc_buf *b = &p->label;
  hdc_buf_reset(b);
  hdc_buf_puts(b, p->blank_prefix);
  hdc_buf_append(b, buf, (size_t)n);
  *out =
    hdc_buf_status(b) == HDC_OK ? hdc_world_blank(p->w, hdc_buf_view(b)) : NULL;
  return *out ? HDC_OK : jl_nomem(p);
}

/* The term an expanded @id / node reference / type names: a blank node
 * for "_:label", an IRI otherwise (NULL when not well-formed). */
static hdc_status
jl_node_term(jl_parser *p, hdc_str s, const hdc_term **out)
{
  if (s.len >= 2 && s.ptr[0] == '_' && s.ptr[1] == ':')
    return jl_blank_term(p, (hdc_str){ s.ptr + 2, s.len - 2 }, out);
  return jl_iri_term(p, s, out);
}

static hdc_status
jl_literal(jl_parser       *p,
           hdc_str          lex,
           const hdc_term  *dt,
           hdc_str          lang,
           const hdc_term **out)
{
  *out = NULL;
  if (lex.len > p->max_literal)
    return jl_fail(p,
                   HDC_ERR_LIMIT,
                   "literal of %zu bytes exceeds the literal_bytes limit "
                   "(%llu)",
                   lex.len,
                   (unsigned long long)p->max_literal);
  if (lang.len > 0 && !jl_lang_well_formed(lang.ptr, lang.len))
    return HDC_OK; /* not well-formed: dropped, as the spec says */
  *out = hdc_world_literal(p->w, lex, lang.len ? NULL : dt, lang);
  return *out ? HDC_OK : jl_nomem(p);
}

static hdc_status
jl_add(jl_parser *p, const hdc_term *s, const hdc_term *pr, const hdc_term *o)
{
  if (!s || !pr || !o || hdc_term_is_literal(s) || !hdc_term_is_iri(pr))
    return HDC_OK; /* something was not well-formed: no triple */
  hdc_status st = hdc_graph_add(p->g, s, pr, o);
  if (st == HDC_FAILURE)
    return HDC_OK;
  if (st == HDC_ERR_NOMEM)
    return jl_nomem(p);
  if (st != HDC_OK)
    return jl_fail(
      p, HDC_ERR_INTERNAL, "cannot add a triple: %s", hdc_strerror(st));
  if (++p->added > p->max_triples)
    return jl_fail(p,
                   HDC_ERR_LIMIT,
                   "the document has more than %llu triples (triples limit)",
                   (unsigned long long)p->max_triples);
  return HDC_OK;
}

/* ------------------------------------------------------------------------ */
/* IRI expansion                                                            */

/* What IRI expansion gives: nothing (null), a keyword, or a string (an
 * absolute IRI, a blank node identifier "_:x", or a relative reference). */
typedef struct jl_exp
{
  jl_kw   kw;   /* a keyword, or KW_NOT */
  bool    null; /* expands to nothing */
  hdc_str s;    /* valid until the scratch buffer is reused */
} jl_exp;

/* Context processing state passed to IRI expansion so that terms a value
 * depends on get defined first. */
typedef struct jl_local
{
  json_t *obj;     /* the local context being processed */
  jl_map  defined; /* term -> (void*)1 while defining, (void*)2 when done */
  bool    override;
  size_t  path_len; /* path to obj: its terms are one step below */
} jl_local;

static hdc_status jl_define(jl_parser  *p,
                            jl_ctx     *act,
                            jl_local   *loc,
                            const char *term,
                            unsigned    depth);

static hdc_status
jl_expand(jl_parser    *p,
          const jl_ctx *act,
          jl_local     *loc,
          const char   *v,
          size_t        len,
          bool          docrel,
          bool          vocab,
          unsigned      depth,
          hdc_buf      *scratch,
          jl_exp       *out)
{
  hdc_status st;
  *out = (jl_exp){ KW_NOT, false, { v, len } };

  jl_kw kw = jl_keyword(v, len);
  if (kw != KW_NOT) {
    out->kw = kw;
    return HDC_OK;
  }
  if (jl_keyword_form(v, len)) {
    out->null = true;
    return HDC_OK;
  }
  /* During context processing a term may depend on one defined later in
   * the same local context: define it now. Keys are NUL-terminated
   * jansson strings, and v is one when loc is set. */
  if (loc && json_object_get(loc->obj, v)) {
    jl_slot *d = jl_map_find(&loc->defined, v, len);
    if (!d || d->val != (void *)2) {
      st = jl_define(p, (jl_ctx *)act, loc, v, depth + 1);
      if (st != HDC_OK)
        return st;
    }
  }
  const jl_def *def = jl_lookup(act, v, len);
  if (def && def->iri && def->iri[0] == '@') {
    jl_kw k = jl_keyword(def->iri, strlen(def->iri));
    if (k != KW_NOT) {
      out->kw = k;
      return HDC_OK;
    }
  }
  if (vocab && def) {
    if (!def->iri)
      out->null = true;
    else
      out->s = hdc_str_from(def->iri);
    return HDC_OK;
  }
  const char *colon = memchr(v, ':', len);
  if (colon) {
    size_t  plen   = (size_t)(colon - v);
    hdc_str suffix = { colon + 1, len - plen - 1 };
    if ((plen == 1 && v[0] == '_') ||
        (suffix.len >= 2 && suffix.ptr[0] == '/' && suffix.ptr[1] == '/'))
      return HDC_OK;
    if (loc && plen > 0) {
      /* The prefix as a NUL-terminated key for the jansson lookup; in
       * the arena because a definition keeps its term as map key. */
      char *pre = hdc_arena_strndup(p->arena, v, plen);
      if (!pre)
        return jl_nomem(p);
      if (json_object_get(loc->obj, pre)) {
        jl_slot *d = jl_map_find(&loc->defined, pre, plen);
        if (!d || d->val != (void *)2) {
          st = jl_define(p, (jl_ctx *)act, loc, pre, depth + 1);
          if (st != HDC_OK)
            return st;
        }
      }
    }
    const jl_def *pd = plen > 0 ? jl_lookup(act, v, plen) : NULL;
    if (pd && pd->iri && pd->prefix) {
      hdc_buf_reset(scratch);
      hdc_buf_puts(scratch, pd->iri);
      hdc_buf_put_str(scratch, suffix);
      if (hdc_buf_status(scratch) != HDC_OK)
        return jl_nomem(p);
      out->s = hdc_buf_view(scratch);
      return HDC_OK;
    }
    if (jl_is_absolute(v, len))
      return HDC_OK;
  }
  if (vocab && act->vocab) {
    hdc_buf_reset(scratch);
    hdc_buf_puts(scratch, act->vocab);
    hdc_buf_append(scratch, v, len);
    if (hdc_buf_status(scratch) != HDC_OK)
      return jl_nomem(p);
    out->s = hdc_buf_view(scratch);
    return HDC_OK;
  }
  if (docrel && act->base) {
    if (jl_resolve(scratch, &p->merge, act->base, (hdc_str){ v, len }) !=
        HDC_OK)
      return jl_nomem(p);
    out->s = hdc_buf_view(scratch);
  }
  return HDC_OK;
}

/* ------------------------------------------------------------------------ */
/* Context processing                                                       */

static const char *jl_gen_delims = ":/?#[]@";

static hdc_status jl_ctx_process(jl_parser     *p,
                                 const jl_ctx  *active,
                                 json_t        *local,
                                 bool           propagate,
                                 bool           override,
                                 bool           on_path,
                                 const jl_ctx **out);

static bool
jl_is_kw_str(json_t *v, jl_kw kw)
{
  return json_is_string(v) &&
         jl_keyword(json_string_value(v), json_string_length(v)) == kw;
}

static hdc_status
jl_container(jl_parser *p, json_t *v, unsigned *out)
{
  unsigned flags = 0, count = 0;
  json_t  *one = v;
  size_t   n   = json_is_array(v) ? json_array_size(v) : 1;
  for (size_t i = 0; i < n; i++) {
    if (json_is_array(v))
      one = json_array_get(v, i);
    if (!json_is_string(one))
      goto bad;
    switch (jl_keyword(json_string_value(one), json_string_length(one))) {
      case KW_LIST: flags |= JL_C_LIST; break;
      case KW_SET: flags |= JL_C_SET; break;
      case KW_LANGUAGE: flags |= JL_C_LANGUAGE; break;
      case KW_INDEX: flags |= JL_C_INDEX; break;
      case KW_ID: flags |= JL_C_ID; break;
      case KW_TYPE: flags |= JL_C_TYPE; break;
      case KW_GRAPH: flags |= JL_C_GRAPH; break;
      default: goto bad;
    }
    count++;
  }
  if (count == 1)
    goto ok;
  if (flags & JL_C_LIST)
    goto bad;
  if (flags & JL_C_GRAPH) {
    unsigned rest = flags & ~(JL_C_GRAPH | JL_C_SET);
    if (rest == 0 || rest == JL_C_ID || rest == JL_C_INDEX)
      goto ok;
    goto bad;
  }
  if (flags & JL_C_SET)
    goto ok;
  /* A single @set-free combination of several map kinds makes no sense. */
  goto bad;
ok:
  *out = flags;
  return HDC_OK;
bad:
  return jl_invalid(p, "invalid container mapping");
}

/* Create Term Definition (JSON-LD 1.1 API §4.2). */
static hdc_status
jl_define(jl_parser  *p,
          jl_ctx     *act,
          jl_local   *loc,
          const char *term,
          unsigned    depth)
{
  size_t     tlen    = strlen(term);
  hdc_status st      = HDC_OK;
  hdc_buf    scratch = HDC_BUF_INIT;
  jl_exp     e;
  /* Terms are siblings in their context object: a definition that
   * depends on another term points the path at that term, then back. */
  size_t  saved_len = p->path_len;
  jl_step saved     = { NULL, 0 };

  /* Each dependency is one level of recursion: bound it like nesting. */
  if (depth > p->max_depth)
    return jl_fail(p,
                   HDC_ERR_LIMIT,
                   "term definitions depend on each other more than %llu "
                   "levels deep (nesting_depth limit)",
                   (unsigned long long)p->max_depth);
  jl_slot *mark = jl_map_find(&loc->defined, term, tlen);
  if (mark && mark->val == (void *)2)
    return HDC_OK;
  if (!p->path_lost) {
    if (saved_len > loc->path_len)
      saved = p->path[loc->path_len];
    p->path_len = loc->path_len;
  }
  st = jl_push(p, term, 0);
  if (st != HDC_OK)
    goto done;
  if (mark) {
    st =
      jl_invalid(p, "cyclic IRI mapping: term \"%s\" depends on itself", term);
    goto done;
  }
  if (jl_map_put(p->arena, &loc->defined, term, tlen, (void *)1) != HDC_OK) {
    st = jl_nomem(p);
    goto done;
  }
  json_t *value = json_object_get(loc->obj, term);

  jl_kw tkw = jl_keyword(term, tlen);
  if (tkw == KW_TYPE) {
    /* 1.1 allows "@type": {"@container": "@set"} (and @protected). */
    json_t *c =
      json_is_object(value) ? json_object_get(value, "@container") : NULL;
    if (!c || !jl_is_kw_str(c, KW_SET)) {
      st = jl_invalid(p, "keyword redefinition: @type");
      goto done;
    }
    goto defined;
  }
  if (tkw != KW_NOT) {
    st = jl_invalid(p, "keyword redefinition: %s", term);
    goto done;
  }
  if (jl_keyword_form(term, tlen) || tlen == 0)
    goto defined; /* reserved or empty: ignored */

  jl_def *def = hdc_arena_alloc(p->arena, sizeof *def);
  if (!def) {
    st = jl_nomem(p);
    goto done;
  }
  memset(def, 0, sizeof *def);

  bool    simple = false;
  json_t *idv    = NULL;
  if (json_is_null(value)) {
    goto store; /* explicitly undefined */
  } else if (json_is_string(value)) {
    simple = true;
    idv    = value;
  } else if (json_is_object(value)) {
    const char *k;
    json_t     *kv;
    json_object_foreach(value, k, kv)
    {
      jl_kw kk = jl_keyword(k, strlen(k));
      if (kk != KW_ID && kk != KW_REVERSE && kk != KW_CONTAINER &&
          kk != KW_CONTEXT && kk != KW_LANGUAGE && kk != KW_NEST &&
          kk != KW_PREFIX && kk != KW_TYPE && kk != KW_PROTECTED &&
          kk != KW_INDEX && kk != KW_DIRECTION) {
        st = jl_invalid(
          p, "invalid term definition: \"%s\" has entry \"%s\"", term, k);
        goto done;
      }
    }
    idv = json_object_get(value, "@id");
  } else {
    st = jl_invalid(p,
                    "invalid term definition: \"%s\" must be a string, "
                    "an object or null",
                    term);
    goto done;
  }

  if (json_is_object(value)) {
    json_t *tv = json_object_get(value, "@type");
    if (tv) {
      if (!json_is_string(tv)) {
        st = jl_invalid(p, "invalid type mapping for \"%s\"", term);
        goto done;
      }
      st = jl_expand(p,
                     act,
                     loc,
                     json_string_value(tv),
                     json_string_length(tv),
                     false,
                     true,
                     depth,
                     &scratch,
                     &e);
      if (st != HDC_OK)
        goto done;
      if (e.kw == KW_ID || e.kw == KW_VOCAB || e.kw == KW_JSON ||
          e.kw == KW_NONE) {
        def->type = jl_kw_names[e.kw];
      } else if (e.kw == KW_NOT && !e.null &&
                 jl_is_absolute(e.s.ptr, e.s.len) &&
                 !(e.s.ptr[0] == '_' && e.s.len > 1 && e.s.ptr[1] == ':')) {
        def->type = hdc_arena_strndup(p->arena, e.s.ptr, e.s.len);
        if (!def->type) {
          st = jl_nomem(p);
          goto done;
        }
      } else {
        st = jl_invalid(p, "invalid type mapping for \"%s\"", term);
        goto done;
      }
    }

    json_t *rv = json_object_get(value, "@reverse");
    if (rv) {
      if (idv || json_object_get(value, "@nest")) {
        st = jl_invalid(p,
                        "invalid reverse property \"%s\": @reverse with "
                        "@id or @nest",
                        term);
        goto done;
      }
      if (!json_is_string(rv)) {
        st = jl_invalid(p, "invalid IRI mapping for \"%s\"", term);
        goto done;
      }
      if (jl_keyword_form(json_string_value(rv), json_string_length(rv)))
        goto defined;
      st = jl_expand(p,
                     act,
                     loc,
                     json_string_value(rv),
                     json_string_length(rv),
                     false,
                     true,
                     depth,
                     &scratch,
                     &e);
      if (st != HDC_OK)
        goto done;
      if (e.null || e.kw != KW_NOT || !memchr(e.s.ptr, ':', e.s.len)) {
        st = jl_invalid(
          p, "invalid IRI mapping for reverse property \"%s\"", term);
        goto done;
      }
      def->iri = hdc_arena_strndup(p->arena, e.s.ptr, e.s.len);
      if (!def->iri) {
        st = jl_nomem(p);
        goto done;
      }
      json_t *cv = json_object_get(value, "@container");
      if (cv && !json_is_null(cv)) {
        if (!jl_is_kw_str(cv, KW_SET) && !jl_is_kw_str(cv, KW_INDEX)) {
          st = jl_invalid(p,
                          "invalid reverse property \"%s\": container "
                          "must be @set or @index",
                          term);
          goto done;
        }
        def->container = jl_is_kw_str(cv, KW_SET) ? JL_C_SET : JL_C_INDEX;
      }
      def->reverse = true;
      goto store;
    }
  }

  if (idv &&
      !(json_is_string(idv) && strcmp(json_string_value(idv), term) == 0)) {
    if (json_is_null(idv))
      goto store; /* kept only to hide outer definitions */
    if (!json_is_string(idv)) {
      st = jl_invalid(p,
                      "invalid IRI mapping for \"%s\": @id must be a "
                      "string",
                      term);
      goto done;
    }
    const char *iv   = json_string_value(idv);
    size_t      ilen = json_string_length(idv);
    if (jl_keyword(iv, ilen) == KW_NOT && jl_keyword_form(iv, ilen))
      goto defined; /* reserved keyword form: the term is ignored */
    st = jl_expand(p, act, loc, iv, ilen, false, true, depth, &scratch, &e);
    if (st != HDC_OK)
      goto done;
    if (e.kw == KW_CONTEXT) {
      st = jl_invalid(p, "invalid keyword alias: \"%s\" to @context", term);
      goto done;
    }
    if (e.kw != KW_NOT) {
      def->iri = jl_kw_names[e.kw];
    } else if (!e.null && memchr(e.s.ptr, ':', e.s.len)) {
      def->iri = hdc_arena_strndup(p->arena, e.s.ptr, e.s.len);
      if (!def->iri) {
        st = jl_nomem(p);
        goto done;
      }
    } else {
      st = jl_invalid(p,
                      "invalid IRI mapping: \"%s\" does not expand to an "
                      "absolute IRI",
                      term);
      goto done;
    }
    if (simple && !strchr(term, ':') && !strchr(term, '/') && e.kw == KW_NOT) {
      size_t il = strlen(def->iri);
      if ((il > 0 && strchr(jl_gen_delims, def->iri[il - 1])) ||
          (il >= 2 && def->iri[0] == '_' && def->iri[1] == ':'))
        def->prefix = true;
    }
  } else if (strchr(term + 1, ':')) {
    /* A compact IRI or an absolute IRI used as a term. */
    const char *colon = strchr(term + 1, ':');
    size_t      plen  = (size_t)(colon - term);
    char       *pre   = hdc_arena_strndup(p->arena, term, plen);
    if (!pre) {
      st = jl_nomem(p);
      goto done;
    }
    if (json_object_get(loc->obj, pre))
      st = jl_define(p, act, loc, pre, depth + 1);
    const jl_def *pd = st == HDC_OK ? jl_lookup(act, pre, plen) : NULL;
    if (st != HDC_OK)
      goto done;
    if (pd && pd->iri) {
      hdc_buf_reset(&scratch);
      hdc_buf_puts(&scratch, pd->iri);
      hdc_buf_puts(&scratch, colon + 1);
      if (hdc_buf_status(&scratch) != HDC_OK) {
        st = jl_nomem(p);
        goto done;
      }
      def->iri = hdc_arena_strndup(p->arena, scratch.ptr, scratch.len);
    } else {
      def->iri = term;
    }
    if (!def->iri) {
      st = jl_nomem(p);
      goto done;
    }
  } else if (strchr(term, '/')) {
    st = jl_expand(p, act, loc, term, tlen, false, true, depth, &scratch, &e);
    if (st != HDC_OK)
      goto done;
    if (e.null || e.kw != KW_NOT || !jl_is_absolute(e.s.ptr, e.s.len)) {
      st = jl_invalid(p, "invalid IRI mapping: \"%s\" is a relative IRI", term);
      goto done;
    }
    def->iri = hdc_arena_strndup(p->arena, e.s.ptr, e.s.len);
    if (!def->iri) {
      st = jl_nomem(p);
      goto done;
    }
  } else if (act->vocab) {
    hdc_buf_reset(&scratch);
    hdc_buf_puts(&scratch, act->vocab);
    hdc_buf_puts(&scratch, term);
    if (hdc_buf_status(&scratch) != HDC_OK) {
      st = jl_nomem(p);
      goto done;
    }
    def->iri = hdc_arena_strndup(p->arena, scratch.ptr, scratch.len);
    if (!def->iri) {
      st = jl_nomem(p);
      goto done;
    }
  } else {
    st = jl_invalid(p,
                    "invalid IRI mapping: term \"%s\" has no @id and "
                    "there is no @vocab",
                    term);
    goto done;
  }

  if (json_is_object(value)) {
    json_t *cv = json_object_get(value, "@container");
    if (cv && !json_is_null(cv)) {
      st = jl_container(p, cv, &def->container);
      if (st != HDC_OK)
        goto done;
      if (def->container & JL_C_TYPE) {
        if (!def->type)
          def->type = "@id";
        if (strcmp(def->type, "@id") != 0 && strcmp(def->type, "@vocab") != 0) {
          st = jl_invalid(p,
                          "invalid type mapping: a @type container needs "
                          "@id or @vocab");
          goto done;
        }
      }
    }
    json_t *xv = json_object_get(value, "@index");
    if (xv) {
      if (!(def->container & JL_C_INDEX) || !json_is_string(xv)) {
        st = jl_invalid(p, "invalid term definition: @index on \"%s\"", term);
        goto done;
      }
      def->index = json_string_value(xv);
    }
    json_t *sc = json_object_get(value, "@context");
    if (sc) {
      def->scoped     = sc; /* processed when used */
      act->any_scoped = true;
    }
    json_t *lv = json_object_get(value, "@language");
    if (lv && !json_object_get(value, "@type")) {
      if (!json_is_null(lv) && !json_is_string(lv)) {
        st = jl_invalid(p, "invalid language mapping for \"%s\"", term);
        goto done;
      }
      def->has_lang = true;
      if (json_is_string(lv)) {
        char *l = hdc_arena_strndup(
          p->arena, json_string_value(lv), json_string_length(lv));
        if (!l) {
          st = jl_nomem(p);
          goto done;
        }
        for (char *c = l; *c; c++)
          if (*c >= 'A' && *c <= 'Z')
            *c = (char)(*c - 'A' + 'a');
        def->lang = l;
      }
    }
    json_t *nv = json_object_get(value, "@nest");
    if (nv) {
      if (!json_is_string(nv) ||
          (jl_keyword(json_string_value(nv), json_string_length(nv)) !=
             KW_NOT &&
           !jl_is_kw_str(nv, KW_NEST))) {
        st = jl_invalid(p, "invalid @nest value for \"%s\"", term);
        goto done;
      }
      def->nest = json_string_value(nv);
    }
    json_t *pv = json_object_get(value, "@prefix");
    if (pv) {
      if (strchr(term, ':') || strchr(term, '/') || !json_is_boolean(pv)) {
        st = jl_invalid(p, "invalid @prefix value for \"%s\"", term);
        goto done;
      }
      def->prefix = json_is_true(pv);
      if (def->prefix && def->iri && def->iri[0] == '@') {
        st = jl_invalid(p,
                        "invalid term definition: keyword alias \"%s\" "
                        "cannot be a prefix",
                        term);
        goto done;
      }
    }
  }

store:
  if (jl_map_put(p->arena, &act->terms, term, tlen, def) != HDC_OK) {
    st = jl_nomem(p);
    goto done;
  }
defined:
  if (jl_map_put(p->arena, &loc->defined, term, tlen, (void *)2) != HDC_OK)
    st = jl_nomem(p);
done:
  if (!p->path_lost) {
    p->path_len = saved_len;
    if (saved_len > loc->path_len)
      p->path[loc->path_len] = saved;
  }
  hdc_buf_clear(&scratch);
  return st;
}

static jl_ctx *
jl_ctx_new(jl_parser *p, const jl_ctx *parent)
{
  jl_ctx *c = hdc_arena_alloc(p->arena, sizeof *c);
  if (!c)
    return NULL;
  memset(c, 0, sizeof *c);
  c->parent = parent;
  if (parent) {
    c->base       = parent->base;
    c->vocab      = parent->vocab;
    c->lang       = parent->lang;
    c->previous   = parent->previous;
    c->any_scoped = parent->any_scoped;
  }
  return c;
}

static hdc_status
jl_remote(jl_parser *p, json_t *v)
{
  return jl_fail(p,
                 HDC_ERR_UNSUPPORTED,
                 "remote JSON-LD context \"%s\" is not fetched (hdcat never "
                 "fetches remote contexts): expand the document or inline "
                 "the context",
                 json_string_value(v));
}

/* One context definition (an object) applied to the layer being built. */
static hdc_status
jl_ctx_object(jl_parser *p, jl_ctx *res, json_t *obj, bool override)
{
  hdc_status st      = HDC_OK;
  hdc_buf    scratch = HDC_BUF_INIT;
  jl_local   loc     = { obj, { NULL, 0, 0 }, override, p->path_len };
  json_t    *v;
  jl_exp     e;

  if ((v = json_object_get(obj, "@version"))) {
    if (!json_is_number(v) || json_number_value(v) != 1.1) {
      st = jl_invalid(p, "invalid @version value: must be 1.1");
      goto done;
    }
  }
  if ((v = json_object_get(obj, "@import"))) {
    if (!json_is_string(v)) {
      st = jl_invalid(p, "invalid @import value");
      goto done;
    }
    st = jl_remote(p, v);
    goto done;
  }
  if ((v = json_object_get(obj, "@base"))) {
    if (json_is_null(v)) {
      res->base = NULL;
    } else if (!json_is_string(v)) {
      st = jl_invalid(p, "invalid base IRI: @base must be a string or null");
      goto done;
    } else if (jl_is_absolute(json_string_value(v), json_string_length(v))) {
      res->base = json_string_value(v);
    } else if (res->base) {
      if (jl_resolve(&scratch,
                     &p->merge,
                     res->base,
                     (hdc_str){ json_string_value(v),
                                json_string_length(v) }) != HDC_OK) {
        st = jl_nomem(p);
        goto done;
      }
      res->base = hdc_arena_strndup(p->arena, scratch.ptr, scratch.len);
      if (!res->base) {
        st = jl_nomem(p);
        goto done;
      }
    } else {
      st = jl_invalid(p,
                      "invalid base IRI: relative @base \"%s\" without a "
                      "base to resolve it against",
                      json_string_value(v));
      goto done;
    }
  }
  if ((v = json_object_get(obj, "@vocab"))) {
    if (json_is_null(v)) {
      res->vocab = NULL;
    } else if (!json_is_string(v)) {
      st = jl_invalid(p, "invalid vocab mapping: must be a string or null");
      goto done;
    } else {
      st = jl_expand(p,
                     res,
                     NULL,
                     json_string_value(v),
                     json_string_length(v),
                     true,
                     true,
                     0,
                     &scratch,
                     &e);
      if (st != HDC_OK)
        goto done;
      if (e.null || e.kw != KW_NOT ||
          !(jl_is_absolute(e.s.ptr, e.s.len) ||
            (e.s.len >= 2 && e.s.ptr[0] == '_' && e.s.ptr[1] == ':'))) {
        st =
          jl_invalid(p, "invalid vocab mapping \"%s\"", json_string_value(v));
        goto done;
      }
      res->vocab = hdc_arena_strndup(p->arena, e.s.ptr, e.s.len);
      if (!res->vocab) {
        st = jl_nomem(p);
        goto done;
      }
    }
  }
  if ((v = json_object_get(obj, "@language"))) {
    if (json_is_null(v)) {
      res->lang = NULL;
    } else if (!json_is_string(v)) {
      st = jl_invalid(p,
                      "invalid default language: must be a string or "
                      "null");
      goto done;
    } else {
      char *l = hdc_arena_strndup(
        p->arena, json_string_value(v), json_string_length(v));
      if (!l) {
        st = jl_nomem(p);
        goto done;
      }
      for (char *c = l; *c; c++)
        if (*c >= 'A' && *c <= 'Z')
          *c = (char)(*c - 'A' + 'a');
      res->lang = l;
    }
  }
  if ((v = json_object_get(obj, "@propagate")) && !json_is_boolean(v)) {
    st = jl_invalid(p, "invalid @propagate value: must be true or false");
    goto done;
  }
  if ((v = json_object_get(obj, "@direction")) && !json_is_null(v) &&
      !(json_is_string(v) && (strcmp(json_string_value(v), "ltr") == 0 ||
                              strcmp(json_string_value(v), "rtl") == 0))) {
    st = jl_invalid(p,
                    "invalid base direction: must be \"ltr\", \"rtl\" or "
                    "null");
    goto done;
  }

  const char *key;
  json_t     *kv;
  json_object_foreach(obj, key, kv)
  {
    jl_kw kk = jl_keyword(key, strlen(key));
    if (kk == KW_BASE || kk == KW_IMPORT || kk == KW_LANGUAGE ||
        kk == KW_PROPAGATE || kk == KW_PROTECTED || kk == KW_VERSION ||
        kk == KW_VOCAB || kk == KW_DIRECTION)
      continue;
    st = jl_define(p, res, &loc, key, 0);
    if (st != HDC_OK)
      goto done;
  }
done:
  hdc_buf_clear(&scratch);
  return st;
}

typedef struct jl_cache_key
{
  const jl_ctx *active;
  const json_t *local;
  bool          propagate;
} jl_cache_key;

/* Context Processing (JSON-LD 1.1 API §4.1) for an inline local context:
 * an object, null, or an array of those. Strings are remote contexts. */
static hdc_status
jl_ctx_process(jl_parser     *p,
               const jl_ctx  *active,
               json_t        *local,
               bool           propagate,
               bool           override,
               bool           on_path,
               const jl_ctx **out)
{
  hdc_status   st       = HDC_OK;
  bool         was_lost = p->path_lost;
  jl_cache_key ck;
  memset(&ck, 0, sizeof ck);
  ck.active    = active;
  ck.local     = local;
  ck.propagate = propagate;

  jl_slot *hit = jl_map_find(&p->ctx_cache, (const char *)&ck, sizeof ck);
  if (hit) {
    *out = hit->val;
    return HDC_OK;
  }
  if (!on_path)
    p->path_lost = true;

  if (json_is_object(local)) {
    json_t *pv = json_object_get(local, "@propagate");
    if (json_is_boolean(pv))
      propagate = json_is_true(pv);
  }
  jl_ctx *res = jl_ctx_new(p, active);
  if (!res) {
    st = jl_nomem(p);
    goto done;
  }
  if (!propagate && !res->previous)
    res->previous = active;

  size_t n = json_is_array(local) ? json_array_size(local) : 1;
  for (size_t i = 0; i < n; i++) {
    json_t *item = json_is_array(local) ? json_array_get(local, i) : local;
    if (json_is_array(local)) {
      st = jl_push(p, NULL, i);
      if (st != HDC_OK)
        goto done;
    }
    if (json_is_null(item)) {
      /* Reset to the initial context; terms defined before are gone. */
      const jl_ctx *prev = res->previous;
      res                = jl_ctx_new(p, NULL);
      if (!res) {
        st = jl_nomem(p);
      } else {
        res->base     = p->doc_base;
        res->previous = propagate ? NULL : (prev ? prev : active);
      }
    } else if (json_is_string(item)) {
      st = jl_remote(p, item);
    } else if (json_is_object(item)) {
      /* Later items may redefine terms of earlier ones: give each its own
       * layer so definitions never change once made. */
      if (res->terms.n > 0) {
        jl_ctx *next = jl_ctx_new(p, res);
        if (!next)
          st = jl_nomem(p);
        else
          res = next;
      }
      if (st == HDC_OK)
        st = jl_ctx_object(p, res, item, override);
    } else {
      st = jl_invalid(p,
                      "invalid local context: @context must be an object, "
                      "an array, a string or null");
    }
    if (json_is_array(local))
      jl_pop(p);
    if (st != HDC_OK)
      goto done;
  }

  jl_cache_key *kcopy = hdc_arena_alloc(p->arena, sizeof *kcopy);
  if (!kcopy) {
    st = jl_nomem(p);
    goto done;
  }
  /* bytewise: the key is compared with memcmp, padding included */
  memcpy(kcopy, &ck, sizeof ck);
  if (jl_map_put(
        p->arena, &p->ctx_cache, (const char *)kcopy, sizeof *kcopy, res) !=
      HDC_OK) {
    st = jl_nomem(p);
    goto done;
  }
  *out = res;
done:
  p->path_lost = was_lost;
  return st;
}

/* ------------------------------------------------------------------------ */
/* Sinks: what to do with each expanded item                                */

typedef enum jl_kind
{
  JL_NODE = 1,
  JL_VALUE,
  JL_LIST,
  JL_GRAPH
} jl_kind;

typedef enum jl_sink_mode
{
  JL_SINK_DROP = 0, /* free-floating: the items' own triples are enough */
  JL_SINK_PROP,     /* subject, predicate (reverse: swapped) */
  JL_SINK_INCLUDED, /* @included: node objects only */
  JL_SINK_GRAPHC,   /* a @graph container: link to each graph's name */
  JL_SINK_LIST      /* cells of an RDF collection */
} jl_sink_mode;

typedef struct jl_sink
{
  jl_sink_mode    mode;
  const hdc_term *s, *pred;
  bool            reverse;
  const hdc_term *head, *tail; /* list */
  size_t          count;       /* items received */
} jl_sink;

static hdc_status
jl_put(jl_parser *p, jl_sink *sk, jl_kind kind, const hdc_term *t)
{
  hdc_status st = HDC_OK;
  sk->count++;
  switch (sk->mode) {
    case JL_SINK_DROP: break;
    case JL_SINK_INCLUDED:
      if (kind != JL_NODE && kind != JL_GRAPH)
        st = jl_invalid(p,
                        "invalid @included value: only node objects may be "
                        "included");
      break;
    case JL_SINK_PROP:
      if (sk->reverse) {
        if (kind == JL_VALUE || kind == JL_LIST)
          return jl_invalid(p,
                            "invalid reverse property value: a reverse "
                            "property needs node objects");
        st = jl_add(p, t, sk->pred, sk->s);
      } else {
        st = jl_add(p, sk->s, sk->pred, t);
      }
      break;
    case JL_SINK_GRAPHC: {
      const hdc_term *name = t;
      if (kind != JL_GRAPH) {
        st = jl_fresh(p, &name);
        if (st != HDC_OK)
          return st;
      }
      st = jl_add(p, sk->s, sk->pred, name);
      break;
    }
    case JL_SINK_LIST: {
      const hdc_term *cell;
      st = jl_fresh(p, &cell);
      if (st != HDC_OK)
        return st;
      if (sk->tail)
        st = jl_add(p, sk->tail, p->rdf_rest, cell);
      else
        sk->head = cell;
      if (st == HDC_OK)
        st = jl_add(p, cell, p->rdf_first, t);
      sk->tail = cell;
      break;
    }
  }
  return st;
}

/* Close a list: the head term (rdf:nil when empty). */
static hdc_status
jl_list_end(jl_parser *p, jl_sink *l, const hdc_term **head)
{
  if (!l->tail) {
    *head = p->rdf_nil;
    return HDC_OK;
  }
  *head = l->head;
  return jl_add(p, l->tail, p->rdf_rest, p->rdf_nil);
}

/* ------------------------------------------------------------------------ */
/* Expansion to triples                                                     */

/* The active property: a term of the active context, or none (top level,
 * or the contents of @graph: values there are free-floating). */
typedef struct jl_prop
{
  const char *key; /* NULL: top level or @graph */
} jl_prop;

/* What a map container adds to the node objects it holds. */
typedef struct jl_inject
{
  const hdc_term *id;         /* @id map: the node's id when it has none */
  const hdc_term *type;       /* @type map: one more type */
  const hdc_term *index_pred; /* property-valued @index: predicate... */
  const hdc_term *index_val;  /* ...and value */
} jl_inject;

static hdc_status jl_element(jl_parser       *p,
                             const jl_ctx    *ctx,
                             const jl_prop   *prop,
                             json_t          *el,
                             const jl_inject *inj,
                             bool             from_map,
                             jl_sink         *sk);

static hdc_status
jl_inject_node(jl_parser *p, const hdc_term *node, const jl_inject *inj)
{
  hdc_status st = HDC_OK;
  if (!inj)
    return HDC_OK;
  if (inj->type)
    st = jl_add(p, node, p->rdf_type, inj->type);
  if (st == HDC_OK && inj->index_pred)
    st = jl_add(p, node, inj->index_pred, inj->index_val);
  return st;
}

/* Canonical xsd:double form as the spec shows it ("1.1E0", "1.0E21"). */
static void
jl_double_lexical(double d, char *out, size_t cap)
{
  char tmp[64];
  snprintf(tmp, sizeof tmp, "%.15E", d);
  char *e = strchr(tmp, 'E');
  if (!e) {
    snprintf(out, cap, "%s", tmp);
    return;
  }
  *e              = '\0';
  const char *exp = e + 1;
  /* mantissa: drop trailing zeros, keep one digit after the point */
  size_t ml = strlen(tmp);
  while (ml > 0 && tmp[ml - 1] == '0')
    ml--;
  if (ml > 0 && tmp[ml - 1] == '.')
    ml++;
  tmp[ml] = '\0';
  /* exponent: no '+', no leading zeros */
  bool neg = false;
  if (*exp == '+' || *exp == '-') {
    neg = *exp == '-';
    exp++;
  }
  while (exp[0] == '0' && exp[1] != '\0')
    exp++;
  snprintf(out, cap, "%sE%s%s", tmp, neg ? "-" : "", exp);
}

/* Object to RDF for a native or string @value (§8.2 steps 9-12). */
static hdc_status
jl_value_literal(jl_parser       *p,
                 json_t          *v,
                 const hdc_term  *dt,
                 hdc_str          lang,
                 const hdc_term **out)
{
  char buf[128];
  *out = NULL;
  if (json_is_string(v)) {
    return jl_literal(p,
                      (hdc_str){ json_string_value(v), json_string_length(v) },
                      dt ? dt : p->xsd_string,
                      lang,
                      out);
  }
  if (json_is_boolean(v)) {
    return jl_literal(p,
                      json_is_true(v) ? HDC_STR("true") : HDC_STR("false"),
                      dt ? dt : p->xsd_boolean,
                      HDC_STR_NULL,
                      out);
  }
  if (json_is_integer(v) && dt != p->xsd_double) {
    int n =
      snprintf(buf, sizeof buf, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    return jl_literal(p,
                      (hdc_str){ buf, (size_t)n },
                      dt ? dt : p->xsd_integer,
                      HDC_STR_NULL,
                      out);
  }
  double d = json_number_value(v);
  /* Numbers at or above 1e21 are written with an exponent by every
   * JavaScript-based processor: they are doubles here too. */
  if (d != floor(d) || fabs(d) >= 1e21 || dt == p->xsd_double) {
    jl_double_lexical(d, buf, sizeof buf);
    return jl_literal(
      p, hdc_str_from(buf), dt ? dt : p->xsd_double, HDC_STR_NULL, out);
  }
  if (d == 0)
    d = 0; /* no "-0" */
  int n = snprintf(buf, sizeof buf, "%.0f", d);
  return jl_literal(p,
                    (hdc_str){ buf, (size_t)n },
                    dt ? dt : p->xsd_integer,
                    HDC_STR_NULL,
                    out);
}

/* A JSON literal (@type @json): the value serialised canonically enough —
 * no whitespace, keys sorted. */
static hdc_status
jl_json_literal(jl_parser *p, json_t *v, const hdc_term **out)
{
  json_malloc_t jmalloc;
  json_free_t   jfree;
  char *s = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
  if (!s)
    return jl_nomem(p);
  hdc_status st =
    jl_literal(p, hdc_str_from(s), p->rdf_json, HDC_STR_NULL, out);
  /* the string comes from jansson's allocator, whatever it is set to */
  json_get_alloc_funcs(&jmalloc, &jfree);
  jfree(s);
  return st;
}

/* The property-scoped context of prop applied to ctx, if it has one. */
static hdc_status
jl_scoped(jl_parser     *p,
          const jl_ctx  *ctx,
          const jl_prop *prop,
          const jl_ctx **out)
{
  *out = ctx;
  if (!prop->key)
    return HDC_OK;
  const jl_def *d = jl_lookup(ctx, prop->key, strlen(prop->key));
  if (!d || !d->scoped)
    return HDC_OK;
  return jl_ctx_process(p, ctx, d->scoped, true, true, false, out);
}

/* Value Expansion (§5.3.2) of a scalar, straight to a term. */
static hdc_status
jl_scalar(jl_parser       *p,
          const jl_ctx    *ctx,
          const jl_prop   *prop,
          json_t          *el,
          const jl_inject *inj,
          jl_sink         *sk)
{
  hdc_status      st;
  const hdc_term *t = NULL;
  jl_exp          e;

  if (!prop->key)
    return HDC_OK; /* free-floating scalar */
  st = jl_scoped(p, ctx, prop, &ctx);
  if (st != HDC_OK)
    return st;
  const jl_def *d    = jl_lookup(ctx, prop->key, strlen(prop->key));
  const char   *type = d ? d->type : NULL;

  if (type && json_is_string(el) &&
      (strcmp(type, "@id") == 0 || strcmp(type, "@vocab") == 0)) {
    bool vocab = type[1] == 'v';
    st         = jl_expand(p,
                   ctx,
                   NULL,
                   json_string_value(el),
                   json_string_length(el),
                   true,
                   vocab,
                   0,
                   &p->scratch,
                   &e);
    if (st == HDC_OK && !e.null && e.kw == KW_NOT)
      st = jl_node_term(p, e.s, &t);
    if (st == HDC_OK && t)
      st = jl_inject_node(p, t, inj);
    if (st == HDC_OK)
      st = jl_put(p, sk, JL_NODE, t);
    goto done;
  }
  if (inj && inj->index_pred) {
    st = jl_invalid(p,
                    "invalid value object: a property-valued index holds "
                    "a value");
    goto done;
  }
  const hdc_term *dt   = NULL;
  hdc_str         lang = HDC_STR_NULL;
  if (type && type[0] != '@') {
    st = jl_iri_term(p, hdc_str_from(type), &dt);
    if (st != HDC_OK)
      goto done;
    if (!dt) {
      st = jl_put(p, sk, JL_VALUE, NULL);
      goto done;
    }
  } else if (json_is_string(el)) {
    const char *l = d && d->has_lang ? d->lang : ctx->lang;
    lang          = hdc_str_from(l);
  }
  st = jl_value_literal(p, el, dt, lang, &t);
  if (st == HDC_OK)
    st = jl_put(p, sk, JL_VALUE, t);
done:
  return st;
}

/* An object's key, classified once the context is settled. */
typedef struct jl_entry
{
  const char     *key;
  json_t         *val;
  jl_kw           kw;   /* keyword it expands to, or KW_NOT */
  const hdc_term *pred; /* property IRI, NULL if not well-formed */
  bool            drop; /* expands to nothing usable */
} jl_entry;

static int
jl_cmp_str(const void *a, const void *b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A pool of entry arrays, one per level of object nesting: the walk
 * classifies the keys of every object it meets, and allocating an array
 * per object dominated the parse time. */
typedef struct jl_ebuf
{
  jl_entry *v;
  size_t    cap;
} jl_ebuf;

static hdc_status
jl_ebuf_get(jl_parser *p, size_t n, jl_entry **out)
{
  if (p->ebuf_level == p->n_ebufs) {
    jl_ebuf *nb = hdc_realloc(p->ebufs, (p->n_ebufs + 1) * sizeof *nb);
    if (!nb)
      return jl_nomem(p);
    p->ebufs               = nb;
    p->ebufs[p->n_ebufs++] = (jl_ebuf){ NULL, 0 };
  }
  jl_ebuf *eb = &p->ebufs[p->ebuf_level];
  if (eb->cap < n || !eb->v) {
    size_t    ncap = n < 16 ? 16 : n;
    jl_entry *nv   = hdc_realloc(eb->v, ncap * sizeof *nv);
    if (!nv)
      return jl_nomem(p);
    eb->v   = nv;
    eb->cap = ncap;
  }
  memset(eb->v, 0, n * sizeof *eb->v);
  p->ebuf_level++;
  *out = eb->v;
  return HDC_OK;
}

/* Give back the array jl_ebuf_get handed out last. */
static void
jl_ebuf_put(jl_parser *p)
{
  p->ebuf_level--;
}

/* Classify every key of obj under ctx into *out, an array from the pool
 * (release it with jl_ebuf_put once done). */
static hdc_status
jl_classify(jl_parser    *p,
            const jl_ctx *ctx,
            json_t       *obj,
            jl_entry    **out,
            size_t       *n_out)
{
  hdc_status  st = HDC_OK;
  size_t      n  = 0;
  jl_entry   *es = NULL;
  const char *key;
  json_t     *val;
  jl_exp      e;

  *out   = NULL;
  *n_out = 0;
  st     = jl_ebuf_get(p, json_object_size(obj), &es);
  if (st != HDC_OK)
    return st;
  json_object_foreach(obj, key, val)
  {
    jl_entry *en = &es[n++];
    en->key      = key;
    en->val      = val;
    if (strcmp(key, "@context") == 0) {
      en->kw = KW_CONTEXT;
      continue;
    }
    st = jl_expand(
      p, ctx, NULL, key, strlen(key), false, true, 0, &p->scratch, &e);
    if (st != HDC_OK)
      goto done;
    if (e.null) {
      en->drop = true;
    } else if (e.kw != KW_NOT) {
      en->kw = e.kw;
    } else if (!memchr(e.s.ptr, ':', e.s.len)) {
      en->drop = true; /* not an absolute IRI: dropped, as the spec says */
    } else if (e.s.len >= 2 && e.s.ptr[0] == '_' && e.s.ptr[1] == ':') {
      en->pred = NULL; /* blank node property: no triples in RDF */
    } else {
      st = jl_push(p, key, 0);
      if (st == HDC_OK) {
        st = jl_iri_term(p, e.s, &en->pred);
        jl_pop(p);
      }
      if (st != HDC_OK)
        goto done;
    }
  }
  *out   = es;
  *n_out = n;
  es     = NULL;
done:
  if (es)
    jl_ebuf_put(p);
  return st;
}

static hdc_status jl_node_entries(jl_parser      *p,
                                  const jl_ctx   *ctx,
                                  const jl_ctx   *type_ctx,
                                  const jl_prop  *prop,
                                  const hdc_term *s,
                                  json_t         *obj,
                                  jl_entry       *given,
                                  size_t          n_given);

/* Property values, with the term's container (§5.1.2 steps 13.7-13.13). */
static hdc_status
jl_property(jl_parser      *p,
            const jl_ctx   *ctx,
            const hdc_term *s,
            const char     *key,
            const hdc_term *pred,
            json_t         *val)
{
  hdc_status    st   = HDC_OK;
  const jl_def *d    = jl_lookup(ctx, key, strlen(key));
  unsigned      cont = d ? d->container : 0;
  jl_prop       prop = { key };
  jl_sink       sk = { JL_SINK_PROP, s, pred, d && d->reverse, NULL, NULL, 0 };
  jl_exp        e;
  const char   *mk;
  json_t       *mv;

  if (d && d->type && strcmp(d->type, "@json") == 0) {
    const hdc_term *t;
    st = jl_json_literal(p, val, &t);
    if (st == HDC_OK)
      st = jl_put(p, &sk, JL_VALUE, t);
    goto done;
  }
  if ((cont & JL_C_LANGUAGE) && json_is_object(val)) {
    json_object_foreach(val, mk, mv)
    {
      st = jl_expand(
        p, ctx, NULL, mk, strlen(mk), false, true, 0, &p->scratch, &e);
      if (st != HDC_OK)
        goto done;
      hdc_str lang = e.kw == KW_NONE ? HDC_STR_NULL : hdc_str_from(mk);
      st           = jl_push(p, mk, 0);
      if (st != HDC_OK)
        goto done;
      size_t n = json_is_array(mv) ? json_array_size(mv) : 1;
      for (size_t i = 0; i < n && st == HDC_OK; i++) {
        json_t *item = json_is_array(mv) ? json_array_get(mv, i) : mv;
        if (json_is_array(mv) && (st = jl_push(p, NULL, i)) != HDC_OK)
          break;
        if (json_is_string(item)) {
          const hdc_term *t;
          st = jl_literal(
            p,
            (hdc_str){ json_string_value(item), json_string_length(item) },
            p->xsd_string,
            lang,
            &t);
          if (st == HDC_OK)
            st = jl_put(p, &sk, JL_VALUE, t);
        } else if (!json_is_null(item)) {
          st = jl_invalid(p, "invalid language map value: must be a string");
        }
        if (json_is_array(mv))
          jl_pop(p);
      }
      jl_pop(p);
      if (st != HDC_OK)
        goto done;
    }
    goto done;
  }
  if ((cont & (JL_C_INDEX | JL_C_ID | JL_C_TYPE)) && json_is_object(val)) {
    json_object_foreach(val, mk, mv)
    {
      const jl_ctx *mctx = ctx;
      jl_inject     inj  = { NULL, NULL, NULL, NULL };
      bool          none;

      st = jl_push(p, mk, 0);
      if (st != HDC_OK)
        goto done;
      if (cont & JL_C_TYPE) {
        mctx             = ctx->previous ? ctx->previous : ctx;
        const jl_def *td = jl_lookup(mctx, mk, strlen(mk));
        if (td && td->scoped)
          st = jl_ctx_process(p, mctx, td->scoped, true, false, false, &mctx);
      }
      if (st == HDC_OK)
        st = jl_expand(
          p, ctx, NULL, mk, strlen(mk), false, true, 0, &p->scratch, &e);
      if (st != HDC_OK)
        goto map_done;
      none = e.kw == KW_NONE;
      if ((cont & JL_C_INDEX) && d->index && !none) {
        /* Property-valued index: the key is a value of that property,
         * expanded as that property's values are. */
        const jl_def *idd = jl_lookup(ctx, d->index, strlen(d->index));
        st                = jl_expand(p,
                       ctx,
                       NULL,
                       d->index,
                       strlen(d->index),
                       false,
                       true,
                       0,
                       &p->scratch,
                       &e);
        if (st == HDC_OK && !e.null && e.kw == KW_NOT)
          st = jl_iri_term(p, e.s, &inj.index_pred);
        if (st == HDC_OK && idd && idd->type &&
            (strcmp(idd->type, "@id") == 0 ||
             strcmp(idd->type, "@vocab") == 0)) {
          st = jl_expand(p,
                         ctx,
                         NULL,
                         mk,
                         strlen(mk),
                         true,
                         idd->type[1] == 'v',
                         0,
                         &p->scratch,
                         &e);
          if (st == HDC_OK && !e.null && e.kw == KW_NOT)
            st = jl_node_term(p, e.s, &inj.index_val);
        } else if (st == HDC_OK) {
          const hdc_term *dt   = NULL;
          hdc_str         lang = HDC_STR_NULL;
          json_t         *ks   = json_string(mk);
          if (idd && idd->type && idd->type[0] != '@')
            st = jl_iri_term(p, hdc_str_from(idd->type), &dt);
          else
            lang = hdc_str_from(idd && idd->has_lang ? idd->lang : ctx->lang);
          if (!ks)
            st = jl_nomem(p);
          else if (st == HDC_OK)
            st = jl_value_literal(p, ks, dt, lang, &inj.index_val);
          json_decref(ks);
        }
      } else if ((cont & JL_C_ID) && !none) {
        st = jl_expand(
          p, ctx, NULL, mk, strlen(mk), true, false, 0, &p->scratch, &e);
        if (st == HDC_OK && !e.null && e.kw == KW_NOT)
          st = jl_node_term(p, e.s, &inj.id);
      } else if ((cont & JL_C_TYPE) && !none) {
        st = jl_expand(
          p, ctx, NULL, mk, strlen(mk), true, true, 0, &p->scratch, &e);
        if (st == HDC_OK && !e.null && e.kw == KW_NOT)
          st = jl_node_term(p, e.s, &inj.type);
      }
      if (st != HDC_OK)
        goto map_done;
      if (cont & JL_C_GRAPH) {
        /* Each item is the content of a graph named by the key (@id) or
         * by a fresh blank node; the property links to that name. */
        size_t n = json_is_array(mv) ? json_array_size(mv) : 1;
        for (size_t i = 0; i < n && st == HDC_OK; i++) {
          json_t *item = json_is_array(mv) ? json_array_get(mv, i) : mv;
          jl_sink drop = { JL_SINK_DROP, NULL, NULL, false, NULL, NULL, 0 };
          const hdc_term *name = inj.id;
          if (json_is_array(mv) && (st = jl_push(p, NULL, i)) != HDC_OK)
            break;
          st = jl_element(p, mctx, &prop, item, NULL, true, &drop);
          if (st == HDC_OK && !name)
            st = jl_fresh(p, &name);
          if (st == HDC_OK)
            st = jl_put(p, &sk, JL_NODE, name);
          if (json_is_array(mv))
            jl_pop(p);
        }
      } else {
        st = jl_element(p, mctx, &prop, mv, &inj, true, &sk);
      }
    map_done:
      jl_pop(p);
      if (st != HDC_OK)
        goto done;
    }
    goto done;
  }
  if (cont & JL_C_LIST) {
    bool is_list_obj = false;
    if (json_is_object(val)) {
      json_object_foreach(val, mk, mv)
      {
        st = jl_expand(
          p, ctx, NULL, mk, strlen(mk), false, true, 0, &p->scratch, &e);
        if (st != HDC_OK)
          goto done;
        if (e.kw == KW_LIST)
          is_list_obj = true;
      }
    }
    if (!is_list_obj) {
      if (json_is_null(val))
        goto done;
      jl_sink         l = { JL_SINK_LIST, NULL, NULL, false, NULL, NULL, 0 };
      const hdc_term *head;
      st = jl_element(p, ctx, &prop, val, NULL, false, &l);
      if (st != HDC_OK)
        goto done;
      /* A single value that expanded to nothing: the key is ignored. */
      if (!json_is_array(val) && l.count == 0)
        goto done;
      st = jl_list_end(p, &l, &head);
      if (st == HDC_OK)
        st = jl_put(p, &sk, JL_LIST, head);
      goto done;
    }
  }
  if (cont & JL_C_GRAPH)
    sk.mode = JL_SINK_GRAPHC;
  st = jl_element(p, ctx, &prop, val, NULL, false, &sk);
done:
  return st;
}

/* The types a @type entry lists, expanded with type_ctx. */
static hdc_status
jl_types(jl_parser *p, const jl_ctx *type_ctx, const hdc_term *s, json_t *tv)
{
  hdc_status st = HDC_OK;
  jl_exp     e;
  size_t     n = json_is_array(tv) ? json_array_size(tv) : 1;
  for (size_t i = 0; i < n && st == HDC_OK; i++) {
    json_t *t = json_is_array(tv) ? json_array_get(tv, i) : tv;
    if (json_is_array(tv) && (st = jl_push(p, NULL, i)) != HDC_OK)
      break;
    if (!json_is_string(t)) {
      st = jl_invalid(p,
                      "invalid type value: @type must be a string or an "
                      "array of strings");
    } else {
      st                 = jl_expand(p,
                     type_ctx,
                     NULL,
                     json_string_value(t),
                     json_string_length(t),
                     true,
                     true,
                     0,
                     &p->scratch,
                     &e);
      const hdc_term *tt = NULL;
      if (st == HDC_OK && !e.null && e.kw == KW_NOT)
        st = jl_node_term(p, e.s, &tt);
      if (st == HDC_OK)
        st = jl_add(p, s, p->rdf_type, tt);
    }
    if (json_is_array(tv))
      jl_pop(p);
  }
  return st;
}

/* The entries of a @reverse map: each property links its values to s. */
static hdc_status
jl_reverse_map(jl_parser *p, const jl_ctx *ctx, const hdc_term *s, json_t *map)
{
  jl_entry  *es = NULL;
  size_t     n  = 0;
  hdc_status st = jl_classify(p, ctx, map, &es, &n);
  for (size_t i = 0; i < n && st == HDC_OK; i++) {
    jl_entry *en = &es[i];
    if (en->drop)
      continue;
    st = jl_push(p, en->key, 0);
    if (st != HDC_OK)
      break;
    if (en->kw != KW_NOT) {
      st = jl_invalid(
        p, "invalid reverse property map: \"%s\" is a keyword", en->key);
    } else {
      const jl_def *d    = jl_lookup(ctx, en->key, strlen(en->key));
      jl_prop       prop = { en->key };
      /* A reverse term inside @reverse points forward again. */
      jl_sink sk = { JL_SINK_PROP, s,    en->pred, !(d && d->reverse),
                     NULL,         NULL, 0 };
      st         = jl_element(p, ctx, &prop, en->val, NULL, false, &sk);
    }
    jl_pop(p);
  }
  if (es)
    jl_ebuf_put(p);
  return st;
}

/* The keys of a node object (or of a @nest object inside it). */
static hdc_status
jl_node_entries(jl_parser      *p,
                const jl_ctx   *ctx,
                const jl_ctx   *type_ctx,
                const jl_prop  *prop,
                const hdc_term *s,
                json_t         *obj,
                jl_entry       *given,
                size_t          n_given)
{
  /* The node object's keys come classified by jl_object; a @nest object
   * is classified here. */
  jl_entry  *es = given;
  size_t     n  = n_given;
  hdc_status st = given ? HDC_OK : jl_classify(p, ctx, obj, &es, &n);

  for (size_t i = 0; i < n && st == HDC_OK; i++) {
    jl_entry *en = &es[i];
    if (en->drop || en->kw == KW_CONTEXT || en->kw == KW_ID)
      continue;
    st = jl_push(p, en->key, 0);
    if (st != HDC_OK)
      break;
    switch (en->kw) {
      case KW_NOT:
        st = jl_property(p, ctx, s, en->key, en->pred, en->val);
        break;
      case KW_TYPE: st = jl_types(p, type_ctx, s, en->val); break;
      case KW_GRAPH: {
        jl_prop gp   = { NULL };
        jl_sink drop = { JL_SINK_DROP, NULL, NULL, false, NULL, NULL, 0 };
        st           = jl_element(p, ctx, &gp, en->val, NULL, false, &drop);
        break;
      }
      case KW_INCLUDED: {
        jl_sink inc = { JL_SINK_INCLUDED, NULL, NULL, false, NULL, NULL, 0 };
        st          = jl_element(p, ctx, prop, en->val, NULL, false, &inc);
        break;
      }
      case KW_REVERSE:
        if (!json_is_object(en->val))
          st = jl_invalid(p, "invalid @reverse value: must be an object");
        else
          st = jl_reverse_map(p, ctx, s, en->val);
        break;
      case KW_NEST: {
        size_t m = json_is_array(en->val) ? json_array_size(en->val) : 1;
        for (size_t k = 0; k < m && st == HDC_OK; k++) {
          json_t *nv =
            json_is_array(en->val) ? json_array_get(en->val, k) : en->val;
          if (json_is_array(en->val) && (st = jl_push(p, NULL, k)) != HDC_OK)
            break;
          if (!json_is_object(nv))
            st = jl_invalid(p, "invalid @nest value: must be an object");
          else
            st = jl_node_entries(p, ctx, type_ctx, prop, s, nv, NULL, 0);
          if (json_is_array(en->val))
            jl_pop(p);
        }
        break;
      }
      case KW_INDEX:
        if (!json_is_string(en->val))
          st = jl_invalid(p, "invalid @index value: must be a string");
        break;
      case KW_VALUE: /* only a @nest object gets here with @value */
        st = jl_invalid(p,
                        "invalid @nest value: a nested object cannot "
                        "hold @value");
        break;
      default:
        /* Other keywords mean nothing on a node object: expansion drops
         * them, and so do we. */
        break;
    }
    jl_pop(p);
  }
  if (!given && es)
    jl_ebuf_put(p);
  return st;
}

/* A JSON object: a value object, list object, set object or node object
 * (§5.1.2 steps 7-20, fused with node-map and triple generation). */
static hdc_status
jl_object(jl_parser       *p,
          const jl_ctx    *ctx,
          const jl_prop   *prop,
          json_t          *obj,
          const jl_inject *inj,
          bool             from_map,
          jl_sink         *sk)
{
  hdc_status   st = HDC_OK;
  jl_entry    *es = NULL;
  size_t       n  = 0;
  const char  *key;
  json_t      *val;
  jl_exp       e;
  const char **types = NULL;

  const jl_def *pdef =
    prop->key ? jl_lookup(ctx, prop->key, strlen(prop->key)) : NULL;

  /* A type-scoped context does not reach into nested node objects. */
  if (ctx->previous && !from_map) {
    bool has_value = false, only_id = false;
    json_object_foreach(obj, key, val)
    {
      st = jl_expand(
        p, ctx, NULL, key, strlen(key), false, true, 0, &p->scratch, &e);
      if (st != HDC_OK)
        goto done;
      if (e.kw == KW_VALUE)
        has_value = true;
      if (e.kw == KW_ID && json_object_size(obj) == 1)
        only_id = true;
    }
    if (!has_value && !only_id)
      ctx = ctx->previous;
  }
  if (pdef && pdef->scoped) {
    st = jl_ctx_process(p, ctx, pdef->scoped, true, true, false, &ctx);
    if (st != HDC_OK)
      goto done;
  }
  if ((val = json_object_get(obj, "@context"))) {
    st = jl_push(p, "@context", 0);
    if (st != HDC_OK)
      goto done;
    st = jl_ctx_process(p, ctx, val, true, false, true, &ctx);
    jl_pop(p);
    if (st != HDC_OK)
      goto done;
  }

  /* Type-scoped contexts, applied in lexicographic order of the types
   * (only worth looking for when some term carries a context). */
  const jl_ctx *type_ctx = ctx;
  if (ctx->any_scoped) {
    size_t nt = 0, cap = 0;
    json_object_foreach(obj, key, val)
    {
      st = jl_expand(
        p, type_ctx, NULL, key, strlen(key), false, true, 0, &p->scratch, &e);
      if (st != HDC_OK)
        goto done;
      if (e.kw != KW_TYPE)
        continue;
      size_t m = json_is_array(val) ? json_array_size(val) : 1;
      for (size_t i = 0; i < m; i++) {
        json_t *t = json_is_array(val) ? json_array_get(val, i) : val;
        if (!json_is_string(t))
          continue;
        const jl_def *td =
          jl_lookup(type_ctx, json_string_value(t), json_string_length(t));
        if (!td || !td->scoped)
          continue;
        if (nt == cap) {
          size_t       ncap = cap ? cap * 2 : 4;
          const char **nt2  = hdc_realloc(types, ncap * sizeof *nt2);
          if (!nt2) {
            st = jl_nomem(p);
            goto done;
          }
          types = nt2;
          cap   = ncap;
        }
        types[nt++] = json_string_value(t);
      }
    }
    if (nt > 1)
      qsort(types, nt, sizeof *types, jl_cmp_str);
    for (size_t i = 0; i < nt; i++) {
      const jl_def *td = jl_lookup(type_ctx, types[i], strlen(types[i]));
      st = jl_ctx_process(p, ctx, td->scoped, false, false, false, &ctx);
      if (st != HDC_OK)
        goto done;
    }
  }

  st = jl_classify(p, ctx, obj, &es, &n);
  if (st != HDC_OK)
    goto done;

  /* Which keywords are present (and not twice). */
  json_t *kwv[KW__COUNT];
  memset(kwv, 0, sizeof kwv);
  bool only_lang = true, has_node_keys = false;
  for (size_t i = 0; i < n; i++) {
    jl_entry *en = &es[i];
    if (en->kw == KW_CONTEXT)
      continue;
    if (en->kw != KW_LANGUAGE)
      only_lang = false;
    if (en->kw == KW_NOT) {
      if (!en->drop)
        has_node_keys = true;
      continue;
    }
    if (kwv[en->kw] && en->kw != KW_TYPE && en->kw != KW_INCLUDED &&
        en->kw != KW_NEST) {
      st = jl_push(p, en->key, 0);
      if (st == HDC_OK) {
        st = jl_invalid(
          p, "colliding keywords: two keys expand to %s", jl_kw_names[en->kw]);
        jl_pop(p);
      }
      goto done;
    }
    if (!kwv[en->kw])
      kwv[en->kw] = en->val;
  }

  if (kwv[KW_VALUE]) {
    /* A value object. */
    const hdc_term *dt = NULL, *t = NULL;
    json_t         *v       = kwv[KW_VALUE];
    bool            is_json = false;
    for (size_t i = 0; i < n; i++) {
      jl_kw k = es[i].kw;
      if ((k == KW_NOT && !es[i].drop) ||
          (k != KW_NOT && k != KW_VALUE && k != KW_TYPE && k != KW_LANGUAGE &&
           k != KW_DIRECTION && k != KW_INDEX && k != KW_CONTEXT)) {
        st = jl_invalid(
          p, "invalid value object: unexpected key \"%s\"", es[i].key);
        goto done;
      }
    }
    if (kwv[KW_TYPE] && kwv[KW_LANGUAGE]) {
      st = jl_invalid(p, "invalid value object: both @type and @language");
      goto done;
    }
    if (kwv[KW_TYPE]) {
      json_t *tv = kwv[KW_TYPE];
      if (!json_is_string(tv)) {
        st = jl_invalid(p, "invalid typed value: @type must be a string");
        goto done;
      }
      st = jl_expand(p,
                     type_ctx,
                     NULL,
                     json_string_value(tv),
                     json_string_length(tv),
                     true,
                     true,
                     0,
                     &p->scratch,
                     &e);
      if (st != HDC_OK)
        goto done;
      if (e.kw == KW_JSON) {
        is_json = true;
      } else if (e.null || e.kw != KW_NOT ||
                 !jl_is_absolute(e.s.ptr, e.s.len) ||
                 (e.s.ptr[0] == '_' && e.s.len > 1 && e.s.ptr[1] == ':')) {
        st = jl_invalid(p,
                        "invalid typed value: datatype \"%s\" is not an "
                        "absolute IRI",
                        json_string_value(tv));
        goto done;
      } else {
        st = jl_iri_term(p, e.s, &dt);
        if (st != HDC_OK)
          goto done;
        if (!dt) { /* not well-formed: the literal is dropped */
          if (prop->key)
            st = jl_put(p, sk, JL_VALUE, NULL);
          goto done;
        }
      }
    }
    if (kwv[KW_LANGUAGE] && !json_is_string(kwv[KW_LANGUAGE])) {
      st = jl_invalid(p,
                      "invalid language-tagged string: @language must be "
                      "a string");
      goto done;
    }
    if (!is_json) {
      if (json_is_null(v))
        goto done; /* null value: nothing */
      if (json_is_object(v) || json_is_array(v)) {
        st = jl_invalid(p,
                        "invalid value object value: @value must be a "
                        "string, number, boolean or null");
        goto done;
      }
      if (kwv[KW_LANGUAGE] && !json_is_string(v)) {
        st = jl_invalid(p,
                        "invalid language-tagged value: only strings "
                        "take a language");
        goto done;
      }
    }
    if (inj && inj->index_pred) {
      st = jl_invalid(p,
                      "invalid value object: a property-valued index "
                      "holds a value");
      goto done;
    }
    if (!prop->key)
      goto done; /* free-floating value */
    if (is_json) {
      st = jl_json_literal(p, v, &t);
    } else {
      hdc_str lang = kwv[KW_LANGUAGE]
                       ? (hdc_str){ json_string_value(kwv[KW_LANGUAGE]),
                                    json_string_length(kwv[KW_LANGUAGE]) }
                       : HDC_STR_NULL;
      st           = jl_value_literal(p, v, dt, lang, &t);
    }
    if (st == HDC_OK)
      st = jl_put(p, sk, JL_VALUE, t);
    goto done;
  }

  if (kwv[KW_LIST] || kwv[KW_SET]) {
    jl_kw which = kwv[KW_LIST] ? KW_LIST : KW_SET;
    for (size_t i = 0; i < n; i++) {
      jl_kw k = es[i].kw;
      if ((k == KW_NOT && !es[i].drop) ||
          (k != KW_NOT && k != which && k != KW_INDEX && k != KW_CONTEXT)) {
        st = jl_invalid(p,
                        "invalid set or list object: unexpected key "
                        "\"%s\"",
                        es[i].key);
        goto done;
      }
    }
    const char *wkey = NULL;
    for (size_t i = 0; i < n; i++)
      if (es[i].kw == which)
        wkey = es[i].key;
    st = jl_push(p, wkey, 0);
    if (st != HDC_OK)
      goto done;
    if (which == KW_SET) {
      st = jl_element(p, ctx, prop, kwv[KW_SET], inj, from_map, sk);
    } else if (prop->key) { /* lists at top level are free-floating */
      jl_sink         l = { JL_SINK_LIST, NULL, NULL, false, NULL, NULL, 0 };
      const hdc_term *head;
      st = jl_element(p, ctx, prop, kwv[KW_LIST], NULL, false, &l);
      if (st == HDC_OK)
        st = jl_list_end(p, &l, &head);
      if (st == HDC_OK)
        st = jl_put(p, sk, JL_LIST, head);
    }
    jl_pop(p);
    goto done;
  }

  if (only_lang && kwv[KW_LANGUAGE])
    goto done; /* {"@language": ...} alone expands to nothing */

  /* A node object. */
  const hdc_term *s = NULL;
  if (kwv[KW_ID]) {
    json_t     *idv   = kwv[KW_ID];
    const char *idkey = NULL;
    for (size_t i = 0; i < n; i++)
      if (es[i].kw == KW_ID)
        idkey = es[i].key;
    st = jl_push(p, idkey, 0);
    if (st != HDC_OK)
      goto done;
    if (!json_is_string(idv)) {
      st = jl_invalid(p, "invalid @id value: must be a string");
    } else {
      st = jl_expand(p,
                     ctx,
                     NULL,
                     json_string_value(idv),
                     json_string_length(idv),
                     true,
                     false,
                     0,
                     &p->scratch,
                     &e);
      if (st == HDC_OK && !e.null && e.kw == KW_NOT)
        st = jl_node_term(p, e.s, &s);
    }
    jl_pop(p);
    if (st != HDC_OK)
      goto done;
  } else if (inj && inj->id) {
    s = inj->id;
  } else {
    st = jl_fresh(p, &s);
    if (st != HDC_OK)
      goto done;
  }
  st = jl_inject_node(p, s, inj);
  if (st == HDC_OK)
    st = jl_node_entries(p, ctx, type_ctx, prop, s, obj, es, n);
  if (st != HDC_OK)
    goto done;
  bool graph_obj = kwv[KW_GRAPH] && !has_node_keys && !kwv[KW_TYPE] &&
                   !kwv[KW_REVERSE] && !kwv[KW_INCLUDED] && !kwv[KW_NEST];
  st = jl_put(p, sk, graph_obj ? JL_GRAPH : JL_NODE, s);
done:
  hdc_free(types);
  if (es)
    jl_ebuf_put(p);
  return st;
}

/* The Expansion Algorithm's dispatch on the element's JSON type. The
 * caller has pushed the path step that leads to el. */
static hdc_status
jl_element(jl_parser       *p,
           const jl_ctx    *ctx,
           const jl_prop   *prop,
           json_t          *el,
           const jl_inject *inj,
           bool             from_map,
           jl_sink         *sk)
{
  hdc_status st = HDC_OK;
  if (json_is_null(el))
    return HDC_OK;
  if (json_is_array(el)) {
    const jl_def *d =
      prop->key ? jl_lookup(ctx, prop->key, strlen(prop->key)) : NULL;
    bool nested_lists = d && (d->container & JL_C_LIST);
    for (size_t i = 0; i < json_array_size(el) && st == HDC_OK; i++) {
      json_t *item = json_array_get(el, i);
      st           = jl_push(p, NULL, i);
      if (st != HDC_OK)
        break;
      if (nested_lists && json_is_array(item)) {
        /* In a list, an array is a list of its own (JSON-LD 1.1). */
        jl_sink         l = { JL_SINK_LIST, NULL, NULL, false, NULL, NULL, 0 };
        const hdc_term *head;
        st = jl_element(p, ctx, prop, item, NULL, false, &l);
        if (st == HDC_OK)
          st = jl_list_end(p, &l, &head);
        if (st == HDC_OK)
          st = jl_put(p, sk, JL_LIST, head);
      } else {
        st = jl_element(p, ctx, prop, item, inj, from_map, sk);
      }
      jl_pop(p);
    }
    return st;
  }
  if (json_is_object(el))
    return jl_object(p, ctx, prop, el, inj, from_map, sk);
  return jl_scalar(p, ctx, prop, el, inj, sk);
}

/* ------------------------------------------------------------------------ */
/* Entry point                                                              */

/* Find the first place where JSON nesting exceeds max; its offset or
 * (size_t)-1. Strings are skipped so brackets inside them do not count. */
static size_t
jl_depth_scan(const char *d, size_t n, uint64_t max)
{
  uint64_t depth = 0;
  for (size_t i = 0; i < n; i++) {
    char c = d[i];
    if (c == '"') {
      i = jl_skip_string(d, n, i) - 1;
    } else if (c == '{' || c == '[') {
      if (++depth > max)
        return i;
    } else if (c == '}' || c == ']') {
      if (depth > 0)
        depth--;
    }
  }
  return (size_t)-1;
}

static hdc_status
jl_init_terms(jl_parser *p)
{
  struct
  {
    const hdc_term **slot;
    const char      *iri;
  } t[] = {
    { &p->rdf_type, HDC_NS_RDF "type" },
    { &p->rdf_first, HDC_NS_RDF "first" },
    { &p->rdf_rest, HDC_NS_RDF "rest" },
    { &p->rdf_nil, HDC_NS_RDF "nil" },
    { &p->rdf_json, HDC_NS_RDF "JSON" },
    { &p->xsd_string, HDC_NS_XSD "string" },
    { &p->xsd_integer, HDC_NS_XSD "integer" },
    { &p->xsd_double, HDC_NS_XSD "double" },
    { &p->xsd_boolean, HDC_NS_XSD "boolean" },
  };
  for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
    *t[i].slot = hdc_world_iri(p->w, hdc_str_from(t[i].iri));
    if (!*t[i].slot)
      return jl_nomem(p);
  }
  return HDC_OK;
}

hdc_status
hdc_jsonld_parse(const char       *data,
                 size_t            len,
                 const char       *base_iri,
                 const char       *source,
                 const char       *blank_prefix,
                 const hdc_limits *limits,
                 hdc_graph        *g,
                 hdc_error        *err)
{
  hdc_status   st   = HDC_OK;
  json_t      *root = NULL;
  json_error_t jerr;
  jl_parser    p;

  memset(&p, 0, sizeof p);
  p.data         = data;
  p.len          = len;
  p.source       = source;
  p.blank_prefix = blank_prefix ? blank_prefix : "";
  p.g            = g;
  p.err          = err;

  if (!g || (!data && len > 0) || !base_iri)
    return hdc_error_set(err,
                         HDC_ERR_INVALID_ARG,
                         source,
                         0,
                         0,
                         "JSON-LD parse called without a graph, data or "
                         "base IRI");
  p.w           = hdc_graph_world(g);
  p.max_triples = hdc_limits_get(limits, HDC_LIMIT_TRIPLES);
  p.max_literal = hdc_limits_get(limits, HDC_LIMIT_LITERAL_BYTES);
  p.max_iri     = hdc_limits_get(limits, HDC_LIMIT_IRI_BYTES);
  p.max_depth   = hdc_limits_get(limits, HDC_LIMIT_NESTING_DEPTH);

  /* Integers too big for json_int_t are read as doubles, which is how
   * JSON-LD (a JavaScript heritage) sees every number anyway. */
  root = json_loadb(data ? data : "", len, 0, &jerr);
  if (!root && json_error_code(&jerr) == json_error_numeric_overflow)
    root = json_loadb(data ? data : "", len, JSON_DECODE_INT_AS_REAL, &jerr);
  if (!root) {
    enum json_error_code code = json_error_code(&jerr);
    unsigned long        line = jerr.line > 0 ? (unsigned long)jerr.line : 0;
    unsigned long        col = jerr.column > 0 ? (unsigned long)jerr.column : 0;
    /* jansson reports most of its allocation failures as syntax errors;
     * the ones it does recognise say so, or leave the text empty. */
    if (code == json_error_out_of_memory || jerr.text[0] == '\0')
      return hdc_error_set(
        err, HDC_ERR_NOMEM, source, 0, 0, "out of memory while reading JSON");
    if (code == json_error_stack_overflow) {
      /* jansson stops at its own bound; say which limit the user has */
      if (p.max_depth < JSON_PARSER_MAX_DEPTH)
        return hdc_error_set(err,
                             HDC_ERR_LIMIT,
                             source,
                             line,
                             col,
                             "JSON nesting deeper than %llu levels "
                             "(nesting_depth limit)",
                             (unsigned long long)p.max_depth);
      return hdc_error_set(err,
                           HDC_ERR_LIMIT,
                           source,
                           line,
                           col,
                           "JSON nesting deeper than %d levels, the most the "
                           "JSON parser accepts (nesting_depth limit is %llu)",
                           JSON_PARSER_MAX_DEPTH,
                           (unsigned long long)p.max_depth);
    }
    return hdc_error_set(
      err, HDC_ERR_SYNTAX, source, line, col, "invalid JSON: %s", jerr.text);
  }
  size_t deep = jl_depth_scan(data, len, p.max_depth);
  if (deep != (size_t)-1) {
    unsigned long line, col;
    jl_line_col(data, deep, &line, &col);
    st = hdc_error_set(err,
                       HDC_ERR_LIMIT,
                       source,
                       line,
                       col,
                       "JSON nesting deeper than %llu levels (nesting_depth "
                       "limit)",
                       (unsigned long long)p.max_depth);
    goto done;
  }

  p.arena = hdc_arena_new(0);
  if (!p.arena) {
    st = hdc_error_set(
      err, HDC_ERR_NOMEM, source, 0, 0, "out of memory while reading JSON-LD");
    goto done;
  }
  st = jl_init_terms(&p);
  if (st != HDC_OK)
    goto done;
  p.doc_base  = hdc_arena_strndup(p.arena, base_iri, strlen(base_iri));
  jl_ctx *ctx = jl_ctx_new(&p, NULL);
  if (!p.doc_base || !ctx) {
    st = jl_nomem(&p);
    goto done;
  }
  ctx->base = p.doc_base;

  jl_prop top  = { NULL };
  jl_sink drop = { JL_SINK_DROP, NULL, NULL, false, NULL, NULL, 0 };
  st           = jl_element(&p, ctx, &top, root, NULL, false, &drop);
done:
  hdc_buf_clear(&p.scratch);
  hdc_buf_clear(&p.merge);
  hdc_buf_clear(&p.label);
  for (size_t i = 0; i < p.n_ebufs; i++)
    hdc_free(p.ebufs[i].v);
  hdc_free(p.ebufs);
  hdc_free(p.path);
  hdc_arena_free(p.arena);
  json_decref(root);
  return st;
}
