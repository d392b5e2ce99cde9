// SPDX-License-Identifier: EUPL-1.2
/*
 * A fast reader of RDF 1.1 Turtle (W3C Recommendation, 25 February 2014),
 * tried by hdc_rdf_parse() before raptor for every Turtle document.
 *
 * Raptor's Turtle reader (a flex lexer, a bison parser, a raptor_term and
 * raptor_uri for every token, then our conversion of each term) was the
 * largest single cost of a catalogue import. This reader goes straight from
 * the bytes to interned terms: it copies nothing unless a token has
 * escapes, keeps a cache from prefixed-name text to term, and emits the
 * triples into the graph as it reads them.
 *
 * It is a front, not a replacement: it accepts a subset of what raptor
 * accepts and, on those documents, builds the same graph (same IRIs,
 * literals, datatypes and language tags, the same document-scoped
 * blank-node labels up to renaming). On anything else (a syntax error, a
 * limit reached, a construct where raptor departs from the Recommendation
 * or where this reader could not be sure to match it) it declines, the
 * caller rolls the graph back and raptor reads the document as before. So
 * every accept/reject decision and every error message stays raptor's, and
 * this file only has to be right on what it accepts. When in doubt, it
 * declines; the cost is one wasted pass on a rare document.
 *
 * Where raptor's behaviour was checked rather than read from the
 * Recommendation, the test test_rdf_turtle.c compares both readers on
 * every Turtle file of the project and on targeted cases.
 */
#include "rdf_internal.h"

#include <stdatomic.h>
#include <string.h>

#define RDF_NS "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define XSD_NS "http://www.w3.org/2001/XMLSchema#"

/* Deeper documents are left to raptor, so the recursion here stays small
 * whatever nesting limit the configuration allows. */
#define MAX_DEPTH 200

/* Direct-mapped cache from prefixed-name text (as written, without
 * escapes) to its term: the same few hundred names recur on every record. */
#define PNAME_CACHE_BITS 12

static _Atomic int turtle_mode = HDC_TURTLE_AUTO;

void
hdc_rdf_turtle_mode_set(hdc_turtle_mode mode)
{
  atomic_store(&turtle_mode, (int)mode);
}

hdc_turtle_mode
hdc_rdf_turtle_mode_get(void)
{
  return (hdc_turtle_mode)atomic_load(&turtle_mode);
}

typedef struct ttl_prefix
{
  char  *name; /* without ':' */
  size_t name_len;
  char  *ns; /* resolved, in the base's space (see hdc_turtle_in) */
  size_t ns_len;
} ttl_prefix;

typedef struct pname_slot
{
  const char     *text; /* into the document */
  size_t          len;
  const hdc_term *term;
} pname_slot;

typedef struct ttl
{
  const hdc_turtle_in *in;
  hdc_world           *w;
  const char          *p; /* cursor */
  const char          *end;
  const char          *why; /* why the reader declined */
  const char          *why_at;
  hdc_buf              base;      /* current base IRI */
  bool                 base_auth; /* base is "scheme://...": resolvable */
  ttl_prefix          *pfx;
  size_t               n_pfx;
  size_t               cap_pfx;
  pname_slot          *cache;
  bool                 cache_used;
  hdc_buf              tok;   /* unescaped token text */
  hdc_buf              iri;   /* resolved IRI */
  hdc_buf              iri2;  /* mapped IRI */
  hdc_buf              label; /* blank-node label */
  unsigned long        n_gen;
  uint64_t             n_triples;
  unsigned             depth;
  const hdc_term      *rdf_first, *rdf_rest, *rdf_nil, *rdf_type;
  const hdc_term      *xsd_integer, *xsd_decimal, *xsd_double, *xsd_boolean;
} ttl;

/* Give up on the document (first reason kept); always returns NULL so that
 * term readers can `return decline(...)`. */
static const hdc_term *
decline(ttl *t, const char *why)
{
  if (!t->why) {
    t->why    = why;
    t->why_at = t->p;
  }
  return NULL;
}

static bool
failed(const ttl *t)
{
  return t->why != NULL;
}

/* ------------------------------------------------------------------------ */
/* Characters                                                               */

static bool
is_alpha(unsigned char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
is_digit(unsigned char c)
{
  return c >= '0' && c <= '9';
}

/* PN_CHARS restricted to ASCII: names with other characters are left to
 * raptor (the Recommendation's ranges and raptor's may differ). */
static bool
pn_chars(unsigned char c)
{
  return is_alpha(c) || is_digit(c) || c == '_' || c == '-';
}

/* UCHAR at t->p ("\u" + 4 hex or "\U" + 8 hex) appended to out. NUL and
 * non-scalar values are raptor's to judge. */
static bool
read_uchar(ttl *t, hdc_buf *out)
{
  size_t   n = t->p[1] == 'u' ? 4 : 8;
  uint32_t c = 0;
  if ((size_t)(t->end - t->p) < n + 2) {
    decline(t, "truncated \\u escape");
    return false;
  }
  for (size_t i = 0; i < n; i++) {
    int h = hdc_hex_value(t->p[2 + i]);
    if (h < 0) {
      decline(t, "bad \\u escape");
      return false;
    }
    c = (c << 4) | (uint32_t)h;
  }
  if (c == 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
    decline(t, "\\u escape out of range");
    return false;
  }
  hdc_buf_put_utf8(out, c);
  t->p += n + 2;
  return true;
}

/* Bytes at which a string's body needs a closer look. */
static const unsigned char string_stop[256] = {
  ['"'] = 1, ['\''] = 1, ['\\'] = 1, ['\n'] = 1, ['\r'] = 1,
};

/* Bytes that end or interrupt an IRIREF: '>', '\\', and those the grammar
 * refuses. */
static const unsigned char iri_stop[256] = {
  [0x00] = 1, [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1, [0x05] = 1,
  [0x06] = 1, [0x07] = 1, [0x08] = 1, [0x09] = 1, [0x0A] = 1, [0x0B] = 1,
  [0x0C] = 1, [0x0D] = 1, [0x0E] = 1, [0x0F] = 1, [0x10] = 1, [0x11] = 1,
  [0x12] = 1, [0x13] = 1, [0x14] = 1, [0x15] = 1, [0x16] = 1, [0x17] = 1,
  [0x18] = 1, [0x19] = 1, [0x1A] = 1, [0x1B] = 1, [0x1C] = 1, [0x1D] = 1,
  [0x1E] = 1, [0x1F] = 1, [' '] = 1,  ['<'] = 1,  ['>'] = 1,  ['"'] = 1,
  ['{'] = 1,  ['}'] = 1,  ['|'] = 1,  ['^'] = 1,  ['`'] = 1,  ['\\'] = 1,
};

/* White space and comments. */
static void
skip_ws(ttl *t)
{
  while (t->p < t->end) {
    char c = *t->p;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      t->p++;
    } else if (c == '#') {
      /* A comment ends at CR or LF, as in raptor's lexer. */
      while (t->p < t->end && *t->p != '\n' && *t->p != '\r') {
        t->p++;
      }
    } else {
      return;
    }
  }
}

static bool
at(const ttl *t, char c)
{
  return t->p < t->end && *t->p == c;
}

/* ------------------------------------------------------------------------ */
/* IRIs                                                                     */

/* Length of the scheme of s ("http" in "http://..."), 0 if s is a
 * relative reference. */
static size_t
scheme_len(hdc_str s)
{
  size_t i = 0;
  while (i < s.len &&
         (is_alpha((unsigned char)s.ptr[i]) ||
          (i > 0 && (is_digit((unsigned char)s.ptr[i]) || s.ptr[i] == '+' ||
                     s.ptr[i] == '-' || s.ptr[i] == '.')))) {
    i++;
  }
  return (i > 0 && i < s.len && s.ptr[i] == ':') ? i : 0;
}

/* Does the path part of s (before '?' or '#') hold a "." or ".." segment?
 * Raptor removes them from absolute IRIs too; such IRIs are left to it. */
static bool
has_dot_segment(hdc_str s, size_t from)
{
  for (size_t i = from; i < s.len; i++) {
    char c = s.ptr[i];
    if (c == '?' || c == '#') {
      return false;
    }
    if (c == '.' && (i == from || s.ptr[i - 1] == '/')) {
      size_t k = i + 1;
      if (k < s.len && s.ptr[k] == '.') {
        k++;
      }
      if (k == s.len || s.ptr[k] == '/' || s.ptr[k] == '?' || s.ptr[k] == '#') {
        return true;
      }
    }
  }
  return false;
}

/* RFC 3986 §5.2.4 on [path, path+n), appended to out. */
static void
remove_dots(hdc_buf *out, const char *path, size_t n)
{
  size_t      start = out->len;
  const char *in    = path;
  const char *end   = path + n;
  while (in < end) {
    size_t left = (size_t)(end - in);
    if (left >= 3 && memcmp(in, "../", 3) == 0) {
      in += 3;
    } else if (left >= 2 && memcmp(in, "./", 2) == 0) {
      in += 2;
    } else if (left >= 3 && memcmp(in, "/./", 3) == 0) {
      in += 2;
    } else if (left == 2 && memcmp(in, "/.", 2) == 0) {
      in += 1;
      /* "/." at the end reads as "/" */
      hdc_buf_putc(out, '/');
      in = end;
    } else if ((left >= 4 && memcmp(in, "/../", 4) == 0) ||
               (left == 3 && memcmp(in, "/..", 3) == 0)) {
      in += 3;
      /* Drop the last segment of the output and its '/'. */
      while (out->len > start && out->ptr && out->ptr[out->len - 1] != '/') {
        out->len--;
      }
      if (out->len > start) {
        out->len--;
      }
      if (left == 3) {
        hdc_buf_putc(out, '/');
      }
    } else if ((left == 1 && in[0] == '.') ||
               (left == 2 && memcmp(in, "..", 2) == 0)) {
      in = end;
    } else {
      const char *seg = in;
      if (*in == '/') {
        in++;
      }
      while (in < end && *in != '/') {
        in++;
      }
      hdc_buf_append(out, seg, (size_t)(in - seg));
    }
  }
  if (out->ptr) {
    out->ptr[out->len] = '\0';
  }
}

/* Whether relative references are resolved here against base b: it must
 * have an authority and a path after it ("scheme://host/..."). Against
 * "http://host" or "http://host#x", raptor glues the reference to the
 * host ("http://hostrel"); those are left to it. */
static bool
base_resolvable(hdc_str b)
{
  size_t sl = scheme_len(b);
  if (sl == 0 || b.len < sl + 3 || memcmp(b.ptr + sl, "://", 3) != 0) {
    return false;
  }
  size_t i = sl + 3;
  while (i < b.len && b.ptr[i] != '/' && b.ptr[i] != '?' && b.ptr[i] != '#') {
    i++;
  }
  return i < b.len && b.ptr[i] == '/';
}

/*
 * Resolve reference r against the base (RFC 3986 §5.2.2), into t->iri.
 * Only bases with an authority are resolved: raptor gets bases without one
 * wrong, and its answers are not copied here.
 */
static bool
resolve(ttl *t, hdc_str r)
{
  hdc_buf_reset(&t->iri);
  if (!t->base_auth) {
    decline(t, "relative IRI against a base without authority");
    return false;
  }
  hdc_str b   = hdc_buf_view(&t->base);
  size_t  bsl = scheme_len(b);
  size_t  bf  = 0; /* the base without its fragment: [0, bf) */
  while (bf < b.len && b.ptr[bf] != '#') {
    bf++;
  }
  /* Base parts: scheme ':' '//' authority path ['?' query]. */
  size_t auth = bsl + 3;
  size_t path = auth;
  while (path < bf && b.ptr[path] != '/' && b.ptr[path] != '?') {
    path++;
  }
  size_t query = path;
  while (query < bf && b.ptr[query] != '?') {
    query++;
  }
  /* Reference parts. */
  size_t rq = 0;
  while (rq < r.len && r.ptr[rq] != '?' && r.ptr[rq] != '#') {
    rq++;
  }
  if (r.len == 0) {
    /* Raptor gives the base itself, fragment included (RFC 3986 would
     * drop the fragment). */
    hdc_buf_put_str(&t->iri, b);
  } else if (r.len >= 2 && r.ptr[0] == '/' && r.ptr[1] == '/') {
    /* Network-path reference: base scheme, the rest as written (raptor
     * leaves its dot segments alone: those are left to it). */
    if (has_dot_segment(r, 2)) {
      decline(t, "dot segment in network-path reference");
      return false;
    }
    size_t rp = 2;
    while (rp < rq && r.ptr[rp] != '/') {
      rp++;
    }
    hdc_buf_append(&t->iri, b.ptr, bsl + 1);
    hdc_buf_append(&t->iri, r.ptr, rp);
    remove_dots(&t->iri, r.ptr + rp, rq - rp);
    hdc_buf_append(&t->iri, r.ptr + rq, r.len - rq);
  } else if (rq == 0) {
    /* Empty path: the base's path, its query unless r has one. */
    hdc_buf_append(&t->iri, b.ptr, query);
    if (r.ptr[0] == '#') {
      hdc_buf_append(&t->iri, b.ptr + query, bf - query);
    }
    hdc_buf_append(&t->iri, r.ptr, r.len);
  } else {
    hdc_buf_append(&t->iri, b.ptr, path);
    if (r.ptr[0] == '/') {
      remove_dots(&t->iri, r.ptr, rq);
    } else {
      /* Merge: the base path up to its last '/', then r's path. */
      hdc_buf merged = HDC_BUF_INIT;
      size_t  last   = query;
      while (last > path && b.ptr[last - 1] != '/') {
        last--;
      }
      if (last == path) {
        hdc_buf_putc(&merged, '/');
      } else {
        hdc_buf_append(&merged, b.ptr + path, last - path);
      }
      hdc_buf_append(&merged, r.ptr, rq);
      if (hdc_buf_status(&merged) != HDC_OK) {
        hdc_buf_clear(&merged);
        decline(t, "out of memory");
        return false;
      }
      remove_dots(&t->iri, merged.ptr, merged.len);
      hdc_buf_clear(&merged);
    }
    hdc_buf_append(&t->iri, r.ptr + rq, r.len - rq);
  }
  if (hdc_buf_status(&t->iri) != HDC_OK) {
    decline(t, "out of memory");
    return false;
  }
  return true;
}

/*
 * The term for a resolved IRI s (in the base's space): mapped back from
 * the placeholder base as parse.c does for raptor's IRIs, then checked as
 * iri_term_uncached() checks them. An IRI that parse.c would percent-encode
 * (and warn about) is left to raptor, so the warning stays its.
 */
static const hdc_term *
make_iri(ttl *t, hdc_str s)
{
  const hdc_turtle_in *in = t->in;
  if (in->map_from.len && hdc_str_has_prefix(s, in->map_from)) {
    hdc_buf_reset(&t->iri2);
    hdc_buf_put_str(&t->iri2, in->map_to);
    hdc_buf_append(
      &t->iri2, s.ptr + in->map_from.len, s.len - in->map_from.len);
    if (hdc_buf_status(&t->iri2) != HDC_OK) {
      return decline(t, "out of memory");
    }
    s = hdc_buf_view(&t->iri2);
  }
  for (size_t i = 0; i < s.len; i++) {
    if (hdc_rdf_iri_char_bad((unsigned char)s.ptr[i])) {
      return decline(t, "IRI to percent-encode");
    }
  }
  if (s.len > in->max_iri) {
    return decline(t, "IRI over the limit");
  }
  const hdc_term *term = hdc_world_iri(t->w, s);
  return term ? term : decline(t, "out of memory");
}

/* IRIREF at t->p ('<'), resolved, into *out (a view of the document,
 * t->tok or t->iri, valid until the next IRI is read). */
static bool
read_iriref(ttl *t, hdc_str *out)
{
  const char *start = ++t->p; /* past '<' */
  bool        copy  = false;
  hdc_buf_reset(&t->tok);
  while (t->p < t->end && *t->p != '>') {
    const char *run = t->p;
    while (t->p < t->end && !iri_stop[(unsigned char)*t->p]) {
      t->p++;
    }
    if (copy) {
      hdc_buf_append(&t->tok, run, (size_t)(t->p - run));
    }
    if (t->p >= t->end || *t->p == '>') {
      break;
    }
    unsigned char c = (unsigned char)*t->p;
    if (c == '\\') {
      if (t->p + 1 >= t->end || (t->p[1] != 'u' && t->p[1] != 'U')) {
        decline(t, "bad escape in IRI");
        return false;
      }
      if (!copy) {
        hdc_buf_append(&t->tok, start, (size_t)(t->p - start));
        copy = true;
      }
      if (!read_uchar(t, &t->tok)) {
        return false;
      }
      continue;
    }
    decline(t, "character not allowed in IRI");
    return false;
  }
  if (t->p >= t->end) {
    decline(t, "IRI not closed");
    return false;
  }
  if (hdc_buf_status(&t->tok) != HDC_OK) {
    decline(t, "out of memory");
    return false;
  }
  hdc_str r =
    copy ? hdc_buf_view(&t->tok) : (hdc_str){ start, (size_t)(t->p - start) };
  if (!r.ptr) {
    r = HDC_STR("");
  }
  t->p++; /* past '>' */
  size_t sl = scheme_len(r);
  if (sl > 0) {
    if (has_dot_segment(r, sl + 1)) {
      decline(t, "dot segment in absolute IRI");
      return false;
    }
    *out = r;
    return true;
  }
  if (!resolve(t, r)) {
    return false;
  }
  *out = hdc_buf_view(&t->iri);
  return true;
}

/* ------------------------------------------------------------------------ */
/* Prefixed names                                                           */

static ttl_prefix *
prefix_find(ttl *t, const char *name, size_t len)
{
  for (size_t i = 0; i < t->n_pfx; i++) {
    if (t->pfx[i].name_len == len && memcmp(t->pfx[i].name, name, len) == 0) {
      return &t->pfx[i];
    }
  }
  return NULL;
}

static bool
prefix_set(ttl *t, const char *name, size_t len, hdc_str ns)
{
  char *copy = hdc_malloc(ns.len + 1);
  if (!copy) {
    decline(t, "out of memory");
    return false;
  }
  memcpy(copy, ns.ptr, ns.len);
  copy[ns.len]  = '\0';
  ttl_prefix *p = prefix_find(t, name, len);
  if (!p) {
    if (t->n_pfx == t->cap_pfx) {
      size_t      cap    = t->cap_pfx ? t->cap_pfx * 2 : 16;
      ttl_prefix *bigger = hdc_realloc(t->pfx, cap * sizeof *bigger);
      if (!bigger) {
        hdc_free(copy);
        decline(t, "out of memory");
        return false;
      }
      t->pfx     = bigger;
      t->cap_pfx = cap;
    }
    char *name_copy = hdc_malloc(len + 1);
    if (!name_copy) {
      hdc_free(copy);
      decline(t, "out of memory");
      return false;
    }
    memcpy(name_copy, name, len);
    name_copy[len] = '\0';
    p              = &t->pfx[t->n_pfx++];
    p->name        = name_copy;
    p->name_len    = len;
    p->ns          = NULL;
  }
  hdc_free(p->ns);
  p->ns     = copy;
  p->ns_len = ns.len;
  /* A redefined prefix changes what cached names mean. Prefixes mostly
   * come before the first name, and then there is nothing to clear. */
  if (t->cache_used) {
    memset(t->cache, 0, sizeof(pname_slot) << PNAME_CACHE_BITS);
    t->cache_used = false;
  }
  return true;
}

/* PN_PREFIX at t->p, up to (not including) ':'. Returns its length, or
 * declines. An empty prefix is allowed. */
static bool
read_pn_prefix(ttl *t, size_t *len)
{
  const char *s = t->p;
  const char *q = s;
  if (q < t->end && *q != ':') {
    if (!is_alpha((unsigned char)*q)) {
      decline(t, "not a prefixed name");
      return false;
    }
    q++;
    while (q < t->end && (pn_chars((unsigned char)*q) || *q == '.')) {
      q++;
    }
    if (q[-1] == '.') {
      decline(t, "prefix ends with '.'");
      return false;
    }
  }
  if (q >= t->end || *q != ':') {
    decline(t, "':' expected in prefixed name");
    return false;
  }
  *len = (size_t)(q - s);
  return true;
}

static bool
pn_local_esc(char c)
{
  return c && strchr("_~.-!$&'()*+,;=/?#@%", c) != NULL;
}

/* A prefixed name at t->p. */
static const hdc_term *
read_pname(ttl *t)
{
  const char *start = t->p;
  size_t      plen;
  if (!read_pn_prefix(t, &plen)) {
    return NULL;
  }
  const char *local = start + plen + 1;
  const char *q     = local;
  bool        esc   = false;
  /* PN_LOCAL: greedy, then trailing '.' given back. */
  while (q < t->end) {
    unsigned char c = (unsigned char)*q;
    if (pn_chars(c) || c == ':' || (c == '.' && q > local)) {
      if (q == local && c == '-') {
        break;
      }
      q++;
    } else if (c == '%') {
      if (t->end - q < 3 || hdc_hex_value(q[1]) < 0 ||
          hdc_hex_value(q[2]) < 0) {
        t->p = q;
        return decline(t, "bad %-escape in local name");
      }
      q += 3;
    } else if (c == '\\') {
      if (q + 1 >= t->end || !pn_local_esc(q[1])) {
        t->p = q;
        return decline(t, "bad escape in local name");
      }
      esc = true;
      q += 2;
    } else if (c >= 0x80) {
      t->p = q;
      return decline(t, "non-ASCII local name");
    } else {
      break;
    }
  }
  while (q > local && q[-1] == '.' && !(q - 1 > local && q[-2] == '\\')) {
    q--;
  }
  t->p       = q;
  size_t len = (size_t)(q - start);

  pname_slot *slot = NULL;
  if (!esc) {
    uint64_t h = hdc_hash64(start, len, 0);
    slot       = &t->cache[h >> (64 - PNAME_CACHE_BITS)];
    if (slot->term && slot->len == len && memcmp(slot->text, start, len) == 0) {
      return slot->term;
    }
  }
  ttl_prefix *pf = prefix_find(t, start, plen);
  if (!pf) {
    return decline(t, "undeclared prefix");
  }
  hdc_buf_reset(&t->iri);
  hdc_buf_append(&t->iri, pf->ns, pf->ns_len);
  for (const char *c = local; c < q; c++) {
    if (*c == '\\') {
      c++;
    }
    hdc_buf_putc(&t->iri, *c);
  }
  if (hdc_buf_status(&t->iri) != HDC_OK) {
    return decline(t, "out of memory");
  }
  hdc_str iri = hdc_buf_view(&t->iri);
  if (esc && has_dot_segment(iri, 0)) {
    return decline(t, "escaped dot segment in local name");
  }
  const hdc_term *term = make_iri(t, iri);
  if (term && slot) {
    *slot         = (pname_slot){ start, len, term };
    t->cache_used = true;
  }
  return term;
}

/* An IRI (IRIREF or prefixed name) at t->p. */
static const hdc_term *
read_iri(ttl *t)
{
  if (at(t, '<')) {
    hdc_str s;
    if (!read_iriref(t, &s)) {
      return NULL;
    }
    return make_iri(t, s);
  }
  return read_pname(t);
}

/* ------------------------------------------------------------------------ */
/* Blank nodes                                                              */

static const hdc_term *
blank_made(ttl *t, char kind, const char *tail, size_t n)
{
  hdc_buf_reset(&t->label);
  hdc_buf_append(&t->label, t->in->blank_prefix, t->in->blank_prefix_len);
  hdc_buf_putc(&t->label, kind);
  hdc_buf_append(&t->label, tail, n);
  if (hdc_buf_status(&t->label) != HDC_OK) {
    return decline(t, "out of memory");
  }
  const hdc_term *term = hdc_world_blank(t->w, hdc_buf_view(&t->label));
  return term ? term : decline(t, "out of memory");
}

/* A blank node of our own making: "<doc>g<n>", as parse.c names raptor's. */
static const hdc_term *
blank_fresh(ttl *t)
{
  char   num[24];
  size_t n = 0;
  for (unsigned long v = ++t->n_gen; v; v /= 10) {
    num[sizeof num - 1 - n++] = (char)('0' + v % 10);
  }
  return blank_made(t, 'g', num + sizeof num - n, n);
}

/* BLANK_NODE_LABEL at t->p ("_:"). */
static const hdc_term *
read_blank_label(ttl *t)
{
  const char *s = t->p + 2;
  const char *q = s;
  if (q >= t->end || !(pn_chars((unsigned char)*q) && *q != '-')) {
    return decline(t, "bad blank node label");
  }
  q++;
  while (q < t->end && (pn_chars((unsigned char)*q) || *q == '.')) {
    q++;
  }
  while (q[-1] == '.') {
    q--;
  }
  if (q < t->end &&
      ((unsigned char)*q >= 0x80 || *q == ':' || *q == '\\' || *q == '%')) {
    return decline(t, "unusual blank node label");
  }
  t->p = q;
  return blank_made(t, 'u', s, (size_t)(q - s));
}

/* ------------------------------------------------------------------------ */
/* Literals                                                                 */

static const hdc_term *
literal_of(ttl *t, hdc_str lex, const hdc_term *dt, hdc_str lang)
{
  if (lex.len > t->in->max_literal) {
    return decline(t, "literal over the limit");
  }
  const hdc_term *term = hdc_world_literal(t->w, lex, dt, lang);
  return term ? term : decline(t, "out of memory");
}

/* A string in any of the four quote forms, with its language tag or
 * datatype. */
static const hdc_term *
read_string_literal(ttl *t)
{
  char        q     = *t->p;
  bool        lng   = t->end - t->p >= 3 && t->p[1] == q && t->p[2] == q;
  const char *start = t->p + (lng ? 3 : 1);
  bool        copy  = false;
  hdc_buf_reset(&t->tok);
  t->p = start;
  for (;;) {
    /* Most bytes need no look beyond one table entry. */
    const char *run = t->p;
    while (t->p < t->end && !string_stop[(unsigned char)*t->p]) {
      t->p++;
    }
    if (copy) {
      hdc_buf_append(&t->tok, run, (size_t)(t->p - run));
    }
    if (t->p >= t->end) {
      return decline(t, "string not closed");
    }
    char c = *t->p;
    if (c == q) {
      if (!lng) {
        break;
      }
      if (t->end - t->p >= 3 && t->p[1] == q && t->p[2] == q) {
        break;
      }
    } else if (!lng && (c == '\n' || c == '\r')) {
      return decline(t, "newline in short string");
    } else if (c == '\\') {
      if (!copy) {
        hdc_buf_append(&t->tok, start, (size_t)(t->p - start));
        copy = true;
      }
      char e = t->p + 1 < t->end ? t->p[1] : '\0';
      if (e == 'u' || e == 'U') {
        if (!read_uchar(t, &t->tok)) {
          return NULL;
        }
        continue;
      }
      int v = hdc_rdf_echar(e);
      if (v < 0) {
        return decline(t, "unknown escape in string");
      }
      hdc_buf_putc(&t->tok, (char)v);
      t->p += 2;
      continue;
    }
    if (copy) {
      hdc_buf_putc(&t->tok, c);
    }
    t->p++;
  }
  hdc_str lex =
    copy ? hdc_buf_view(&t->tok) : (hdc_str){ start, (size_t)(t->p - start) };
  if (!lex.ptr) {
    lex = HDC_STR("");
  }
  t->p += lng ? 3 : 1;
  if (hdc_buf_status(&t->tok) != HDC_OK) {
    return decline(t, "out of memory");
  }
  if (at(t, '@')) {
    /* LANGTAG: [a-zA-Z]+ ('-' [a-zA-Z0-9]+)* */
    const char *ls = ++t->p;
    while (t->p < t->end && is_alpha((unsigned char)*t->p)) {
      t->p++;
    }
    if (t->p == ls) {
      return decline(t, "bad language tag");
    }
    while (
      t->end - t->p >= 2 && t->p[0] == '-' &&
      (is_alpha((unsigned char)t->p[1]) || is_digit((unsigned char)t->p[1]))) {
      t->p += 2;
      while (t->p < t->end && (is_alpha((unsigned char)*t->p) ||
                               is_digit((unsigned char)*t->p))) {
        t->p++;
      }
    }
    if (t->p < t->end && (pn_chars((unsigned char)*t->p) || *t->p == '-' ||
                          (unsigned char)*t->p >= 0x80)) {
      return decline(t, "bad language tag");
    }
    hdc_str lang = { ls, (size_t)(t->p - ls) };
    if (hdc_str_eq(lang, HDC_STR("prefix")) ||
        hdc_str_eq(lang, HDC_STR("base"))) {
      /* Raptor's lexer reads "@prefix" and "@base" as directives. */
      return decline(t, "language tag read as a directive");
    }
    return literal_of(t, lex, NULL, lang);
  }
  if (t->end - t->p >= 2 && t->p[0] == '^' && t->p[1] == '^') {
    t->p += 2;
    /* The lexical form may live in t->tok, which reading an IRIREF
     * reuses: it is interned first, as a plain literal, only if needed. */
    if (copy) {
      hdc_buf saved = HDC_BUF_INIT;
      hdc_buf_put_str(&saved, lex);
      if (hdc_buf_status(&saved) != HDC_OK) {
        hdc_buf_clear(&saved);
        return decline(t, "out of memory");
      }
      const hdc_term *dt = read_iri(t);
      const hdc_term *term =
        dt ? literal_of(t, hdc_buf_view(&saved), dt, HDC_STR_NULL) : NULL;
      hdc_buf_clear(&saved);
      return term;
    }
    const hdc_term *dt = read_iri(t);
    return dt ? literal_of(t, lex, dt, HDC_STR_NULL) : NULL;
  }
  return literal_of(t, lex, NULL, HDC_STR_NULL);
}

/* Can c follow a number, true or false? Anything that could continue a
 * name is left to raptor. */
static bool
ends_token(const ttl *t)
{
  if (t->p >= t->end) {
    return true;
  }
  unsigned char c = (unsigned char)*t->p;
  return !(pn_chars(c) || c == ':' || c == '.' || c == '\\' || c == '%' ||
           c >= 0x80);
}

/* Is s a '.' that ends a statement ("1." or "true.")? Only when white
 * space, a comment or the end follows: anything else is left to raptor. */
static bool
dot_ends(const ttl *t, const char *s)
{
  return s < t->end && *s == '.' &&
         (s + 1 == t->end || s[1] == ' ' || s[1] == '\t' || s[1] == '\n' ||
          s[1] == '\r' || s[1] == '#');
}

/* INTEGER, DECIMAL or DOUBLE at t->p, lexical form as written. */
static const hdc_term *
read_number(ttl *t)
{
  const char *s = t->p;
  const char *q = s;
  if (*q == '+' || *q == '-') {
    q++;
  }
  const char *int_start = q;
  while (q < t->end && is_digit((unsigned char)*q)) {
    q++;
  }
  bool            digits = q > int_start;
  const hdc_term *dt     = t->xsd_integer;
  if (q < t->end && *q == '.' && q + 1 < t->end &&
      is_digit((unsigned char)q[1])) {
    q++;
    while (q < t->end && is_digit((unsigned char)*q)) {
      q++;
    }
    dt = t->xsd_decimal;
  } else if (digits && q + 1 < t->end && *q == '.' &&
             (q[1] == 'e' || q[1] == 'E')) {
    q++; /* "1.e3" */
  } else if (!digits) {
    return decline(t, "bad number");
  }
  if (q < t->end && (*q == 'e' || *q == 'E')) {
    q++;
    if (q < t->end && (*q == '+' || *q == '-')) {
      q++;
    }
    const char *e = q;
    while (q < t->end && is_digit((unsigned char)*q)) {
      q++;
    }
    if (q == e) {
      return decline(t, "bad exponent");
    }
    dt = t->xsd_double;
  }
  t->p = q;
  if (!ends_token(t) && !dot_ends(t, t->p)) {
    return decline(t, "number followed by a name character");
  }
  return literal_of(t, (hdc_str){ s, (size_t)(q - s) }, dt, HDC_STR_NULL);
}

/* ------------------------------------------------------------------------ */
/* Triples                                                                  */

static bool
emit(ttl *t, const hdc_term *s, const hdc_term *p, const hdc_term *o)
{
  if (++t->n_triples > t->in->max_triples) {
    decline(t, "triples over the limit");
    return false;
  }
  hdc_status st = hdc_graph_add(t->in->g, s, p, o);
  if (st != HDC_OK && st != HDC_FAILURE) {
    decline(t, "statement refused by the graph");
    return false;
  }
  return true;
}

static const hdc_term *read_object(ttl *t);
static bool            read_po_list(ttl *t, const hdc_term *subject);

static bool
enter(ttl *t)
{
  if (++t->depth > MAX_DEPTH) {
    decline(t, "nesting too deep");
    return false;
  }
  return true;
}

/* '[' at t->p: "[]" or a blank node property list. */
static const hdc_term *
read_bnode_list(ttl *t, bool *had_list)
{
  if (!enter(t)) {
    return NULL;
  }
  t->p++;
  skip_ws(t);
  const hdc_term *node = blank_fresh(t);
  *had_list            = false;
  if (node && !at(t, ']')) {
    *had_list = true;
    if (!read_po_list(t, node)) {
      return NULL;
    }
    skip_ws(t);
    if (!at(t, ']')) {
      return decline(t, "']' expected");
    }
  }
  if (!node) {
    return NULL;
  }
  t->p++;
  t->depth--;
  return node;
}

/* '(' at t->p: a collection, as rdf:first/rdf:rest cells. */
static const hdc_term *
read_collection(ttl *t)
{
  if (!enter(t)) {
    return NULL;
  }
  t->p++;
  const hdc_term *head = NULL;
  const hdc_term *prev = NULL;
  for (;;) {
    skip_ws(t);
    if (t->p >= t->end) {
      return decline(t, "collection not closed");
    }
    if (*t->p == ')') {
      t->p++;
      break;
    }
    const hdc_term *o = read_object(t);
    if (!o) {
      return NULL;
    }
    const hdc_term *cell = blank_fresh(t);
    if (!cell) {
      return NULL;
    }
    if (prev && !emit(t, prev, t->rdf_rest, cell)) {
      return NULL;
    }
    if (!prev) {
      head = cell;
    }
    if (!emit(t, cell, t->rdf_first, o)) {
      return NULL;
    }
    prev = cell;
  }
  if (prev && !emit(t, prev, t->rdf_rest, t->rdf_nil)) {
    return NULL;
  }
  t->depth--;
  return head ? head : t->rdf_nil;
}

/* Is the keyword kw (lower case) at t->p, followed by a byte that ends
 * it? */
static bool
keyword_at(const ttl *t, const char *kw, bool nocase)
{
  size_t n = strlen(kw);
  if ((size_t)(t->end - t->p) < n) {
    return false;
  }
  for (size_t i = 0; i < n; i++) {
    char c = t->p[i];
    if (nocase && c >= 'A' && c <= 'Z') {
      c = (char)(c - 'A' + 'a');
    }
    if (c != kw[i]) {
      return false;
    }
  }
  if ((size_t)(t->end - t->p) == n) {
    return true;
  }
  unsigned char c = (unsigned char)t->p[n];
  return !(pn_chars(c) || c == ':' || c == '.' || c == '\\' || c == '%' ||
           c >= 0x80) ||
         dot_ends(t, t->p + n);
}

static const hdc_term *
read_object(ttl *t)
{
  if (t->p >= t->end) {
    return decline(t, "object expected");
  }
  char c = *t->p;
  switch (c) {
    case '<': return read_iri(t);
    case '"':
    case '\'': return read_string_literal(t);
    case '[': {
      bool had_list;
      return read_bnode_list(t, &had_list);
    }
    case '(': return read_collection(t);
    case '_':
      if (t->end - t->p >= 2 && t->p[1] == ':') {
        return read_blank_label(t);
      }
      return decline(t, "object expected");
    case '+':
    case '-':
    case '.': return read_number(t);
    default: break;
  }
  if (is_digit((unsigned char)c)) {
    return read_number(t);
  }
  if (keyword_at(t, "true", false) || keyword_at(t, "false", false)) {
    const char *s = t->p;
    t->p += *s == 't' ? 4 : 5;
    return literal_of(
      t, (hdc_str){ s, (size_t)(t->p - s) }, t->xsd_boolean, HDC_STR_NULL);
  }
  return read_pname(t);
}

static const hdc_term *
read_verb(ttl *t)
{
  if (at(t, 'a') && t->end - t->p >= 2 &&
      (t->p[1] == ' ' || t->p[1] == '\t' || t->p[1] == '\n' ||
       t->p[1] == '\r' || t->p[1] == '<' || t->p[1] == '"' || t->p[1] == '[' ||
       t->p[1] == '(')) {
    t->p++;
    return t->rdf_type;
  }
  return read_iri(t);
}

/* Can a verb start at t->p? */
static bool
verb_starts(const ttl *t)
{
  if (t->p >= t->end) {
    return false;
  }
  unsigned char c = (unsigned char)*t->p;
  return c == '<' || c == ':' || is_alpha(c);
}

/* predicateObjectList, with repeated and trailing ';'. */
static bool
read_po_list(ttl *t, const hdc_term *subject)
{
  for (;;) {
    const hdc_term *p = read_verb(t);
    if (!p) {
      return false;
    }
    for (;;) {
      skip_ws(t);
      const hdc_term *o = read_object(t);
      if (!o || !emit(t, subject, p, o)) {
        return false;
      }
      skip_ws(t);
      if (!at(t, ',')) {
        break;
      }
      t->p++;
    }
    if (!at(t, ';')) {
      return true;
    }
    while (at(t, ';')) {
      t->p++;
      skip_ws(t);
    }
    if (!verb_starts(t)) {
      return true;
    }
  }
}

/* A directive's IRIREF, resolved, copied into a fresh buffer. */
static bool
directive_iri(ttl *t, hdc_buf *out)
{
  skip_ws(t);
  if (!at(t, '<')) {
    decline(t, "IRI expected in directive");
    return false;
  }
  hdc_str s;
  if (!read_iriref(t, &s)) {
    return false;
  }
  hdc_buf_reset(out);
  hdc_buf_put_str(out, s);
  if (hdc_buf_status(out) != HDC_OK) {
    decline(t, "out of memory");
    return false;
  }
  return true;
}

/* After "@prefix"/"PREFIX": PNAME_NS IRIREF. Raptor's lexer allows only
 * spaces and tabs before the name (a line end or a comment there is its
 * syntax error). */
static bool
read_prefix_directive(ttl *t, hdc_buf *scratch)
{
  while (t->p < t->end && (*t->p == ' ' || *t->p == '\t')) {
    t->p++;
  }
  if (t->p < t->end && (*t->p == '\n' || *t->p == '\r' || *t->p == '#')) {
    decline(t, "line end or comment after PREFIX");
    return false;
  }
  const char *name = t->p;
  size_t      len;
  if (!read_pn_prefix(t, &len)) {
    return false;
  }
  t->p = name + len + 1;
  if (!directive_iri(t, scratch)) {
    return false;
  }
  return prefix_set(t, name, len, hdc_buf_view(scratch));
}

/* After "@base"/"BASE": IRIREF. */
static bool
read_base_directive(ttl *t, hdc_buf *scratch)
{
  if (!directive_iri(t, scratch)) {
    return false;
  }
  hdc_str b = hdc_buf_view(scratch);
  hdc_buf_reset(&t->base);
  hdc_buf_put_str(&t->base, b);
  if (hdc_buf_status(&t->base) != HDC_OK) {
    decline(t, "out of memory");
    return false;
  }
  t->base_auth = base_resolvable(b);
  return true;
}

static bool
read_statement(ttl *t, hdc_buf *scratch)
{
  char c = *t->p;
  if (c == '@') {
    t->p++;
    if (keyword_at(t, "prefix", false)) {
      t->p += 6;
      if (!read_prefix_directive(t, scratch)) {
        return false;
      }
    } else if (keyword_at(t, "base", false)) {
      t->p += 4;
      if (!read_base_directive(t, scratch)) {
        return false;
      }
    } else {
      decline(t, "unknown directive");
      return false;
    }
    skip_ws(t);
    if (!at(t, '.')) {
      decline(t, "'.' expected after directive");
      return false;
    }
    t->p++;
    return true;
  }
  if ((c == 'p' || c == 'P') && keyword_at(t, "prefix", true)) {
    t->p += 6;
    return read_prefix_directive(t, scratch);
  }
  if ((c == 'b' || c == 'B') && keyword_at(t, "base", true)) {
    t->p += 4;
    return read_base_directive(t, scratch);
  }

  const hdc_term *subject  = NULL;
  bool            had_list = false;
  if (c == '[') {
    subject = read_bnode_list(t, &had_list);
  } else if (c == '(') {
    subject = read_collection(t);
  } else if (c == '_' && t->end - t->p >= 2 && t->p[1] == ':') {
    subject = read_blank_label(t);
  } else {
    subject = read_iri(t);
  }
  if (!subject) {
    return false;
  }
  skip_ws(t);
  if (!(had_list && at(t, '.'))) {
    if (!read_po_list(t, subject)) {
      return false;
    }
    skip_ws(t);
  }
  if (!at(t, '.')) {
    decline(t, "'.' expected at the end of the statement");
    return false;
  }
  t->p++;
  return true;
}

static const hdc_term *
fixed_iri(ttl *t, const char *iri)
{
  const hdc_term *term = hdc_world_iri(t->w, hdc_str_from(iri));
  return term ? term : decline(t, "out of memory");
}

hdc_status
hdc_turtle_parse(const hdc_turtle_in *in, hdc_error *err)
{
  ttl     t;
  hdc_buf scratch = HDC_BUF_INIT;
  memset(&t, 0, sizeof t);
  t.in  = in;
  t.w   = hdc_graph_world(in->g);
  t.p   = in->data;
  t.end = in->data + in->len;
  hdc_buf_init(&t.base);
  hdc_buf_init(&t.tok);
  hdc_buf_init(&t.iri);
  hdc_buf_init(&t.iri2);
  hdc_buf_init(&t.label);
  t.cache = hdc_calloc((size_t)1 << PNAME_CACHE_BITS, sizeof(pname_slot));
  if (!t.cache) {
    decline(&t, "out of memory");
    goto done;
  }
  t.rdf_first   = fixed_iri(&t, RDF_NS "first");
  t.rdf_rest    = fixed_iri(&t, RDF_NS "rest");
  t.rdf_nil     = fixed_iri(&t, RDF_NS "nil");
  t.rdf_type    = fixed_iri(&t, RDF_NS "type");
  t.xsd_integer = fixed_iri(&t, XSD_NS "integer");
  t.xsd_decimal = fixed_iri(&t, XSD_NS "decimal");
  t.xsd_double  = fixed_iri(&t, XSD_NS "double");
  t.xsd_boolean = fixed_iri(&t, XSD_NS "boolean");
  if (failed(&t)) {
    goto done;
  }
  /* The initial base, as raptor is given it. */
  hdc_buf_puts(&scratch, in->base_iri);
  if (hdc_buf_status(&scratch) != HDC_OK) {
    decline(&t, "out of memory");
    goto done;
  }
  {
    /* Taken as it is: raptor does not normalise the base it is handed. */
    hdc_str b = hdc_buf_view(&scratch);
    hdc_buf_put_str(&t.base, b);
    t.base_auth = base_resolvable(b);
  }

  skip_ws(&t);
  while (t.p < t.end && !failed(&t)) {
    if (!read_statement(&t, &scratch)) {
      break;
    }
    skip_ws(&t);
  }

done:
  if (!failed(&t) && (hdc_buf_status(&t.label) != HDC_OK ||
                      hdc_buf_status(&t.base) != HDC_OK)) {
    decline(&t, "out of memory");
  }
  hdc_status st = HDC_OK;
  if (failed(&t)) {
    unsigned long line = 1;
    unsigned long col  = 1;
    const char   *w    = t.why_at ? t.why_at : in->data;
    for (const char *c = in->data; c < w && c < t.end; c++) {
      if (*c == '\n') {
        line++;
        col = 1;
      } else {
        col++;
      }
    }
    st = hdc_error_set(err,
                       HDC_ERR_UNSUPPORTED,
                       in->source,
                       line,
                       col,
                       "the fast Turtle reader declined: %s",
                       t.why);
  }
  for (size_t i = 0; i < t.n_pfx; i++) {
    hdc_free(t.pfx[i].name);
    hdc_free(t.pfx[i].ns);
  }
  hdc_free(t.pfx);
  hdc_free(t.cache);
  hdc_buf_clear(&t.base);
  hdc_buf_clear(&t.tok);
  hdc_buf_clear(&t.iri);
  hdc_buf_clear(&t.iri2);
  hdc_buf_clear(&t.label);
  hdc_buf_clear(&scratch);
  return st;
}
