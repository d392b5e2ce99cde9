// SPDX-License-Identifier: EUPL-1.2
/*
 * Serialising graphs: N-Triples, Turtle and RDF/XML (JSON-LD is
 * jsonld_write.c), the two standard sinks, and the table of well-known
 * prefixes the Turtle and JSON-LD writers abbreviate with.
 *
 * Every writer streams: output goes through a 64 KiB buffer to the sink (or,
 * for hdc_sink_buf, straight into the caller's buffer), and
 * the only memory that grows with the graph is one ordering record per
 * triple (and, for Turtle and RDF/XML, a map over subjects). Whatever a
 * writer emits parses back, through hdc_rdf_parse(), to an isomorphic graph:
 *  - IRIs holding characters an IRI cannot contain (space, controls,
 *    <>"{}|^`\) are written percent-encoded (the parser stores IRIs read
 *    from RDF/XML that way, so graphs it built round-trip exactly);
 *  - blank-node labels are written as they are when they are plain ASCII
 *    names, otherwise as "_x" followed by the hex of their bytes (plain
 *    labels never start with '_', so two labels never collide);
 *  - what a syntax cannot express (a predicate IRI with no XML name at its
 *    end, a character XML 1.0 forbids, a malformed language tag) is an
 *    HDC_ERR_UNSUPPORTED error found before any byte is written, never
 *    broken output.
 */
#include "rdf_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Ordered by prefix name. Namespaces of the DCAT-AP / HealthDCAT-AP world
 * and the W3C vocabularies they build on. */
const hdc_rdf_prefix hdc_rdf_prefixes[] = {
  { "adms", "http://www.w3.org/ns/adms#" },
  { "cnt", "http://www.w3.org/2011/content#" },
  { "csvw", "http://www.w3.org/ns/csvw#" },
  { "cv", "http://data.europa.eu/m8g/" },
  { "dc", "http://purl.org/dc/elements/1.1/" },
  { "dcat", HDC_NS_DCAT },
  { "dcatap", HDC_NS_DCATAP },
  { "dct", HDC_NS_DCT },
  { "dpv", "https://w3id.org/dpv#" },
  { "dqv", "http://www.w3.org/ns/dqv#" },
  { "eli", "http://data.europa.eu/eli/ontology#" },
  { "foaf", HDC_NS_FOAF },
  { "geodcatap", "http://data.europa.eu/930/" },
  { "healthdcatap", HDC_NS_HEALTH },
  { "hydra", HDC_NS_HYDRA },
  { "ldp", "http://www.w3.org/ns/ldp#" },
  { "locn", "http://www.w3.org/ns/locn#" },
  { "oa", "http://www.w3.org/ns/oa#" },
  { "odrl", "http://www.w3.org/ns/odrl/2/" },
  { "owl", HDC_NS_OWL },
  { "prov", "http://www.w3.org/ns/prov#" },
  { "rdf", HDC_NS_RDF },
  { "rdfs", HDC_NS_RDFS },
  { "schema", "http://schema.org/" },
  { "sh", HDC_NS_SH },
  { "skos", HDC_NS_SKOS },
  { "spdx", "http://spdx.org/rdf/terms#" },
  { "time", "http://www.w3.org/2006/time#" },
  { "vcard", HDC_NS_VCARD },
  { "xsd", HDC_NS_XSD },
};
const size_t hdc_rdf_n_prefixes =
  sizeof(hdc_rdf_prefixes) / sizeof(hdc_rdf_prefixes[0]);

const char *
hdc_rdf_prefix_of(hdc_str iri, hdc_str *local)
{
  const char *best    = NULL;
  size_t      best_ns = 0;
  for (size_t i = 0; i < hdc_rdf_n_prefixes; i++) {
    hdc_str ns = hdc_str_from(hdc_rdf_prefixes[i].ns);
    if (ns.len > best_ns && iri.len > ns.len && hdc_str_has_prefix(iri, ns)) {
      best    = hdc_rdf_prefixes[i].prefix;
      best_ns = ns.len;
    }
  }
  if (best && local) {
    local->ptr = iri.ptr + best_ns;
    local->len = iri.len - best_ns;
  }
  return best;
}

#define OUT_CHUNK ((size_t)65536)

/* Blank nodes nested deeper than this in Turtle are written by label
 * instead (bounds the recursion, keeps lines readable). */
#define MAX_INLINE_DEPTH 8

static const char hex_digits[] = "0123456789ABCDEF";

/* ------------------------------------------------------------------------ */
/* Sinks                                                                    */

hdc_status
hdc_sink_buf(void *ctx, const char *ptr, size_t len)
{
  if (!ctx) {
    return HDC_ERR_INVALID_ARG;
  }
  return hdc_buf_append(ctx, ptr, len);
}

hdc_status
hdc_sink_file(void *ctx, const char *ptr, size_t len)
{
  if (!ctx) {
    return HDC_ERR_INVALID_ARG;
  }
  if (len == 0) {
    return HDC_OK;
  }
  FILE *fp = ctx;
  if (fwrite(ptr, 1, len, fp) != len || ferror(fp)) {
    return HDC_ERR_IO;
  }
  return HDC_OK;
}

/* ------------------------------------------------------------------------ */
/* Buffered output                                                          */

typedef struct out
{
  hdc_buf     b;
  hdc_sink_fn sink;
  void       *ctx;
  hdc_status  st; /* sticky: the first failure stops all output */
  /* Where bytes go: &b, or the caller's own buffer when the sink is
   * hdc_sink_buf (the output then lands there at once, without a second
   * copy; records are written this way on every import). */
  hdc_buf *dst;
} out;

static void
out_init(out *o, hdc_sink_fn sink, void *ctx)
{
  hdc_buf_init(&o->b);
  o->sink = sink;
  o->ctx  = ctx;
  o->st   = HDC_OK;
  o->dst  = sink == hdc_sink_buf ? (hdc_buf *)ctx : &o->b;
}

static void
out_flush(out *o)
{
  if (o->st == HDC_OK && hdc_buf_status(o->dst) != HDC_OK) {
    o->st = HDC_ERR_NOMEM;
  }
  if (o->dst != &o->b) {
    return;
  }
  if (o->st == HDC_OK && o->b.len > 0) {
    o->st = o->sink(o->ctx, o->b.ptr, o->b.len);
  }
  hdc_buf_reset(&o->b);
}

/* The hottest function of the writers: bytes that fit are copied in place,
 * only growing goes through hdc_buf_append. */
static inline void
out_put(out *o, const char *p, size_t n)
{
  hdc_buf *b = o->dst;
  if (o->st != HDC_OK) {
    return;
  }
  if (n < b->cap - b->len) { /* room for the bytes and the NUL */
    if (n) {
      memcpy(b->ptr + b->len, p, n);
    }
    b->len += n;
    b->ptr[b->len] = '\0';
  } else if (hdc_buf_append(b, p, n) != HDC_OK) {
    o->st = HDC_ERR_NOMEM;
    return;
  }
  if (b == &o->b && b->len >= OUT_CHUNK) {
    out_flush(o);
  }
}

static void
out_z(out *o, const char *z)
{
  out_put(o, z, strlen(z));
}

static void
out_c(out *o, char c)
{
  out_put(o, &c, 1);
}

static void
out_str(out *o, hdc_str s)
{
  out_put(o, s.ptr, s.len);
}

/* ------------------------------------------------------------------------ */
/* Pointer map (term -> size_t), open addressing                            */

typedef struct pmap
{
  const void **keys;
  size_t      *vals;
  size_t       cap; /* power of two */
  size_t       n;
} pmap;

static size_t
pmap_home(const void *key, size_t cap)
{
  uint64_t x = (uint64_t)(uintptr_t)key;
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  return (size_t)x & (cap - 1);
}

static size_t
pmap_slot(const pmap *m, const void *key)
{
  size_t i = pmap_home(key, m->cap);
  while (m->keys[i] && m->keys[i] != key) {
    i = (i + 1) & (m->cap - 1);
  }
  return i;
}

static hdc_status
pmap_grow(pmap *m)
{
  size_t       cap  = m->cap ? m->cap * 2 : 64;
  const void **keys = hdc_calloc(cap, sizeof *keys);
  size_t      *vals = hdc_calloc(cap, sizeof *vals);
  if (!keys || !vals) {
    hdc_free(keys);
    hdc_free(vals);
    return HDC_ERR_NOMEM;
  }
  pmap bigger = { keys, vals, cap, m->n };
  for (size_t j = 0; j < m->cap; j++) {
    if (m->keys[j]) {
      size_t i = pmap_slot(&bigger, m->keys[j]);
      keys[i]  = m->keys[j];
      vals[i]  = m->vals[j];
    }
  }
  hdc_free(m->keys);
  hdc_free(m->vals);
  *m = bigger;
  return HDC_OK;
}

/* Pointer to the value of key, inserted with value `init` if absent;
 * NULL on OOM. */
static size_t *
pmap_at(pmap *m, const void *key, size_t init)
{
  if ((m->n + 1) * 2 > m->cap && pmap_grow(m) != HDC_OK) {
    return NULL;
  }
  size_t i = pmap_slot(m, key);
  if (!m->keys[i]) {
    m->keys[i] = key;
    m->vals[i] = init;
    m->n++;
  }
  return &m->vals[i];
}

static bool
pmap_get(const pmap *m, const void *key, size_t *val)
{
  if (!m->cap) {
    return false;
  }
  size_t i = pmap_slot(m, key);
  if (!m->keys[i]) {
    return false;
  }
  *val = m->vals[i];
  return true;
}

static void
pmap_clear(pmap *m)
{
  hdc_free(m->keys);
  hdc_free(m->vals);
  memset(m, 0, sizeof *m);
}

/* ------------------------------------------------------------------------ */
/* Character classes                                                        */

/* Decode one UTF-8 sequence at s[*i] (input is valid UTF-8: terms come from
 * checked documents; a stray byte decodes as itself). */
static uint32_t
utf8_next(const char *s, size_t len, size_t *i)
{
  const unsigned char *u = (const unsigned char *)s;
  uint32_t             c = u[*i];
  size_t               n = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
  if (c >= 0x80 && *i + n < len) {
    c &= 0x3F >> n;
    for (size_t k = 1; k <= n; k++) {
      c = (c << 6) | (u[*i + k] & 0x3F);
    }
    *i += n + 1;
    return c;
  }
  (*i)++;
  return c;
}

/* PN_CHARS_BASE of Turtle, which is also XML 1.0 (5th ed.) NameStartChar
 * minus ':' and '_'. */
static bool
name_start_base(uint32_t c)
{
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
         (c >= 0xC0 && c <= 0xD6) || (c >= 0xD8 && c <= 0xF6) ||
         (c >= 0xF8 && c <= 0x2FF) || (c >= 0x370 && c <= 0x37D) ||
         (c >= 0x37F && c <= 0x1FFF) || (c >= 0x200C && c <= 0x200D) ||
         (c >= 0x2070 && c <= 0x218F) || (c >= 0x2C00 && c <= 0x2FEF) ||
         (c >= 0x3001 && c <= 0xD7FF) || (c >= 0xF900 && c <= 0xFDCF) ||
         (c >= 0xFDF0 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0xEFFFF);
}

/* PN_CHARS of Turtle (= XML NameChar minus ':' and '.'). */
static bool
name_char(uint32_t c)
{
  return name_start_base(c) || c == '_' || c == '-' || (c >= '0' && c <= '9') ||
         c == 0xB7 || (c >= 0x300 && c <= 0x36F) ||
         (c >= 0x203F && c <= 0x2040);
}

/* Is [s, s+len) a local name Turtle writes after "prefix:" unescaped?
 * (PN_LOCAL without the escapes and %-sequences; the empty name is fine.) */
static bool
turtle_local_ok(const char *s, size_t len)
{
  size_t i     = 0;
  bool   first = true;
  bool   dot   = false;
  while (i < len) {
    uint32_t c = utf8_next(s, len, &i);
    if (first) {
      if (!(name_start_base(c) || c == '_' || (c >= '0' && c <= '9'))) {
        return false;
      }
      first = false;
      continue;
    }
    dot = c == '.';
    if (!dot && !name_char(c)) {
      return false;
    }
  }
  return !dot; /* a final '.' would end the statement */
}

/* Is a language tag writable: [a-zA-Z]+ ('-' [a-zA-Z0-9]+)* */
static bool
lang_ok(hdc_str lang)
{
  bool   first = true;
  size_t run   = 0;
  for (size_t i = 0; i < lang.len; i++) {
    char c     = lang.ptr[i];
    bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    bool digit = c >= '0' && c <= '9';
    if (c == '-') {
      if (run == 0) {
        return false;
      }
      first = false;
      run   = 0;
    } else if (alpha || (digit && !first)) {
      run++;
    } else {
      return false;
    }
  }
  return run > 0;
}

/* Plain blank-node labels are written as they are (see the top). */
static bool
label_plain(hdc_str l, bool xml)
{
  if (l.len == 0) {
    return false;
  }
  for (size_t i = 0; i < l.len; i++) {
    char c     = l.ptr[i];
    bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    bool digit = c >= '0' && c <= '9';
    if (i == 0 ? !(alpha || (digit && !xml))
               : !(alpha || digit || c == '_' || c == '-')) {
      return false;
    }
  }
  return true;
}

static void
out_label(out *o, hdc_str l, bool xml)
{
  if (label_plain(l, xml)) {
    out_str(o, l);
    return;
  }
  out_z(o, "_x");
  for (size_t i = 0; i < l.len; i++) {
    unsigned char c    = (unsigned char)l.ptr[i];
    char          h[2] = { hex_digits[c >> 4], hex_digits[c & 15] };
    out_put(o, h, 2);
  }
}

/* ------------------------------------------------------------------------ */
/* N-Triples terms (also used by Turtle)                                    */

/* IRI text inside <>: bytes an IRIREF cannot hold are percent-encoded. */
static void
out_iri_body(out *o, hdc_str iri)
{
  size_t run = 0;
  for (size_t i = 0; i < iri.len; i++) {
    unsigned char c = (unsigned char)iri.ptr[i];
    if (!hdc_rdf_iri_char_bad(c)) {
      continue;
    }
    out_put(o, iri.ptr + run, i - run);
    char pct[3] = { '%', hex_digits[c >> 4], hex_digits[c & 15] };
    out_put(o, pct, 3);
    run = i + 1;
  }
  out_put(o, iri.ptr + run, iri.len - run);
}

static void
out_iri_nt(out *o, hdc_str iri)
{
  out_c(o, '<');
  out_iri_body(o, iri);
  out_c(o, '>');
}

/* String body with the escapes of canonical N-Triples (RDF 1.2): ECHAR for
 * \b \t \n \f \r " \, UCHAR for the other C0 controls and DEL. */
static void
out_string_body(out *o, hdc_str s, bool long_form)
{
  size_t run = 0;
  for (size_t i = 0; i < s.len; i++) {
    unsigned char c = (unsigned char)s.ptr[i];
    const char   *esc;
    char          u[6];
    if (!(hdc_byte_class[c] & HDC_BYTE_NT_ESC)) {
      continue;
    }
    switch (c) {
      case '"': esc = "\\\""; break;
      case '\\': esc = "\\\\"; break;
      case '\n':
        if (long_form) {
          continue;
        }
        esc = "\\n";
        break;
      case '\r': esc = "\\r"; break;
      case '\t': esc = "\\t"; break;
      case '\b': esc = "\\b"; break;
      case '\f': esc = "\\f"; break;
      default:
        if (c >= 0x20 && c != 0x7F) {
          continue;
        }
        u[0] = '\\';
        u[1] = 'u';
        u[2] = '0';
        u[3] = '0';
        u[4] = hex_digits[c >> 4];
        u[5] = hex_digits[c & 15];
        out_put(o, s.ptr + run, i - run);
        out_put(o, u, 6);
        run = i + 1;
        continue;
    }
    out_put(o, s.ptr + run, i - run);
    out_z(o, esc);
    run = i + 1;
  }
  out_put(o, s.ptr + run, s.len - run);
}

static bool
is_xsd_string(const hdc_term *dt)
{
  return !dt || hdc_str_eq_z(hdc_term_text(dt), HDC_NS_XSD "string");
}

static hdc_status
check_lang(const hdc_term *t, hdc_error *err)
{
  hdc_str lang = hdc_term_lang(t);
  if (lang.len && !lang_ok(lang)) {
    return hdc_error_set(err,
                         HDC_ERR_UNSUPPORTED,
                         NULL,
                         0,
                         0,
                         "language tag '%.*s' cannot be written in RDF "
                         "syntax",
                         (int)(lang.len > 64 ? 64 : lang.len),
                         lang.ptr);
  }
  return HDC_OK;
}

static void
out_term_nt(out *o, const hdc_term *t)
{
  switch (hdc_term_kind_of(t)) {
    case HDC_TERM_IRI: out_iri_nt(o, hdc_term_text(t)); return;
    case HDC_TERM_BLANK:
      out_z(o, "_:");
      out_label(o, hdc_term_text(t), false);
      return;
    case HDC_TERM_LITERAL: {
      out_c(o, '"');
      out_string_body(o, hdc_term_text(t), false);
      out_c(o, '"');
      hdc_str         lang = hdc_term_lang(t);
      const hdc_term *dt   = hdc_term_datatype(t);
      if (lang.len) {
        out_c(o, '@');
        out_str(o, lang);
      } else if (!is_xsd_string(dt)) {
        out_z(o, "^^");
        out_iri_nt(o, hdc_term_text(dt));
      }
      return;
    }
    default: break;
  }
}

hdc_status
hdc_rdf_write_term_nt(const hdc_term *t, hdc_buf *out_buf)
{
  if (!t || !out_buf) {
    return HDC_ERR_INVALID_ARG;
  }
  hdc_status st = check_lang(t, NULL);
  if (st != HDC_OK) {
    return st;
  }
  out o;
  out_init(&o, hdc_sink_buf, out_buf);
  out_term_nt(&o, t);
  out_flush(&o);
  hdc_buf_clear(&o.b);
  return o.st;
}

/* ------------------------------------------------------------------------ */
/* Triple order                                                             */

typedef struct trec
{
  const hdc_triple *t;
  size_t            group; /* subject's rank (unsorted: first appearance) */
  size_t            index; /* position in the graph */
  int               is_type;
} trec;

static int
cmp_spo(const void *a, const void *b)
{
  const hdc_triple *x = ((const trec *)a)->t;
  const hdc_triple *y = ((const trec *)b)->t;
  int               c = hdc_term_compare(x->s, y->s);
  if (c == 0) {
    c = hdc_term_compare(x->p, y->p);
  }
  if (c == 0) {
    c = hdc_term_compare(x->o, y->o);
  }
  return c;
}

/* Sorted Turtle / RDF/XML: subjects in term order, rdf:type first. */
static int
cmp_sorted_grouped(const void *a, const void *b)
{
  const trec *x = a;
  const trec *y = b;
  int         c = hdc_term_compare(x->t->s, y->t->s);
  if (c == 0 && x->is_type != y->is_type) {
    c = x->is_type ? -1 : 1;
  }
  if (c == 0) {
    c = hdc_term_compare(x->t->p, y->t->p);
  }
  if (c == 0) {
    c = hdc_term_compare(x->t->o, y->t->o);
  }
  return c;
}

/* Unsorted Turtle / RDF/XML: subjects by first appearance, rdf:type first,
 * predicates in term order (so a predicate's objects are adjacent), objects
 * in graph order. */
static int
cmp_grouped(const void *a, const void *b)
{
  const trec *x = a;
  const trec *y = b;
  if (x->group != y->group) {
    return x->group < y->group ? -1 : 1;
  }
  if (x->is_type != y->is_type) {
    return x->is_type ? -1 : 1;
  }
  int c = hdc_term_compare(x->t->p, y->t->p);
  if (c == 0 && x->index != y->index) {
    c = x->index < y->index ? -1 : 1;
  }
  return c;
}

/*
 * The graph's triples as an array of records in output order: sorted by
 * (s, p, o), grouped by subject, or (N-Triples, unsorted) as they are.
 * *out is freed by the caller with hdc_free.
 */
static hdc_status
order_triples(const hdc_graph *g,
              bool             sorted,
              bool             grouped,
              trec           **out_recs,
              size_t          *n_out)
{
  hdc_status        st    = HDC_OK;
  size_t            n     = hdc_graph_size(g);
  const hdc_triple *ts    = hdc_graph_triples(g);
  trec             *recs  = NULL;
  pmap              first = { 0 };
  const hdc_term   *type =
    hdc_world_find_iri(hdc_graph_world(g), HDC_STR(HDC_NS_RDF "type"));

  *out_recs = NULL;
  *n_out    = n;
  if (n == 0) {
    goto done;
  }
  if (n > SIZE_MAX / sizeof *recs) {
    st = HDC_ERR_NOMEM;
    goto done;
  }
  recs = hdc_malloc(n * sizeof *recs);
  if (!recs) {
    st = HDC_ERR_NOMEM;
    goto done;
  }
  for (size_t i = 0; i < n; i++) {
    recs[i].t       = &ts[i];
    recs[i].index   = i;
    recs[i].group   = 0;
    recs[i].is_type = type && ts[i].p == type;
    if (grouped && !sorted) {
      size_t *g0 = pmap_at(&first, ts[i].s, first.n);
      if (!g0) {
        st = HDC_ERR_NOMEM;
        goto done;
      }
      recs[i].group = *g0;
    }
  }
  if (sorted) {
    qsort(recs, n, sizeof *recs, grouped ? cmp_sorted_grouped : cmp_spo);
  } else if (grouped) {
    qsort(recs, n, sizeof *recs, cmp_grouped);
  }

done:
  pmap_clear(&first);
  if (st != HDC_OK) {
    hdc_free(recs);
    recs = NULL;
  }
  *out_recs = recs;
  return st;
}

/* ------------------------------------------------------------------------ */
/* N-Triples                                                                */

static hdc_status
check_langs(const hdc_graph *g, hdc_error *err)
{
  size_t            n  = hdc_graph_size(g);
  const hdc_triple *ts = hdc_graph_triples(g);
  for (size_t i = 0; i < n; i++) {
    if (hdc_term_is_literal(ts[i].o)) {
      hdc_status st = check_lang(ts[i].o, err);
      if (st != HDC_OK) {
        return st;
      }
    }
  }
  return HDC_OK;
}

/* (s, p, o) order of cmp_spo; the subjects of a record's triples are
 * mostly one term, so the pointer test saves most calls. */
static inline int
triple_cmp(const hdc_triple *x, const hdc_triple *y)
{
  int c = x->s == y->s ? 0 : hdc_term_compare(x->s, y->s);
  if (c == 0) {
    c = x->p == y->p ? 0 : hdc_term_compare(x->p, y->p);
  }
  if (c == 0) {
    c = x->o == y->o ? 0 : hdc_term_compare(x->o, y->o);
  }
  return c;
}

/* (s, p, o) order; triples of a graph are distinct, so every correct sort
 * gives the same order. */
HDC_DEFINE_PTR_SORT(sort_triples, hdc_triple, triple_cmp)

static hdc_status
write_ntriples(const hdc_graph *g, bool sorted, out *o, hdc_error *err)
{
  enum { SMALL = 256 };
  const hdc_triple  *small[2 * SMALL];
  const hdc_triple **ptrs  = NULL;
  const hdc_triple **order = NULL;
  size_t             n     = hdc_graph_size(g);
  const hdc_triple  *ts    = hdc_graph_triples(g);
  hdc_status         st    = check_langs(g, err);
  if (st != HDC_OK) {
    goto done;
  }
  if (sorted && n > 1) {
    if (n <= SMALL) {
      order = small;
    } else if (n > SIZE_MAX / (2 * sizeof *ptrs) ||
               !(ptrs = hdc_malloc(2 * n * sizeof *ptrs))) {
      st = HDC_ERR_NOMEM;
      goto done;
    } else {
      order = ptrs;
    }
    for (size_t i = 0; i < n; i++) {
      order[i] = &ts[i];
    }
    order = sort_triples(order, order + n, n);
  }
  if (o->dst != &o->b) {
    /* About 100 bytes a triple in a record: one growth instead of ten. */
    size_t guess = n < 40000 ? n * 112 : 40000 * 112;
    if (hdc_buf_reserve(o->dst, guess) != HDC_OK) {
      o->st = HDC_ERR_NOMEM;
    }
  }
  for (size_t i = 0; i < n && o->st == HDC_OK; i++) {
    const hdc_triple *t = order ? order[i] : &ts[i];
    out_term_nt(o, t->s);
    out_c(o, ' ');
    out_term_nt(o, t->p);
    out_c(o, ' ');
    out_term_nt(o, t->o);
    out_put(o, " .\n", 3);
  }
  out_flush(o);
  st = o->st;

done:
  hdc_free(ptrs);
  return st;
}

/* ------------------------------------------------------------------------ */
/* Turtle                                                                   */

/* Index in hdc_rdf_prefixes of the longest namespace that abbreviates iri
 * (what follows it is a valid local name), or -1. */
static int
prefix_for(hdc_str iri)
{
  int    best     = -1;
  size_t best_len = 0;
  for (size_t i = 0; i < hdc_rdf_n_prefixes; i++) {
    hdc_str ns = hdc_str_from(hdc_rdf_prefixes[i].ns);
    if (ns.len > best_len && hdc_str_has_prefix(iri, ns) &&
        turtle_local_ok(iri.ptr + ns.len, iri.len - ns.len)) {
      best     = (int)i;
      best_len = ns.len;
    }
  }
  return best;
}

typedef struct ttl_block
{
  size_t start, end; /* records [start, end) share the subject */
  bool   emitted;
} ttl_block;

typedef struct ttl_writer
{
  out            *o;
  trec           *recs;
  size_t          n;
  ttl_block      *blocks;
  size_t          n_blocks;
  pmap            block_of;  /* subject -> block index */
  pmap            obj_count; /* blank object -> times used as object */
  const hdc_term *rdf_type;
  int            *prefix_of; /* per hdc_rdf_prefixes entry: used? */
  pmap            pfx_cache; /* IRI term -> its prefix index + 1, or 0 */
} ttl_writer;

/* prefix_for() of an IRI term, remembered: the same IRIs (predicates,
 * classes) recur on most lines. A failed cache insert only costs time. */
static int
ttl_prefix_of(ttl_writer *w, const hdc_term *t)
{
  size_t v;
  if (pmap_get(&w->pfx_cache, t, &v)) {
    return (int)v - 1;
  }
  int k = prefix_for(hdc_term_text(t));
  (void)pmap_at(&w->pfx_cache, t, (size_t)(k + 1));
  return k;
}

static void
ttl_iri(ttl_writer *w, const hdc_term *t)
{
  hdc_str iri = hdc_term_text(t);
  int     k   = ttl_prefix_of(w, t);
  if (k < 0) {
    out_iri_nt(w->o, iri);
    return;
  }
  size_t ns_len = strlen(hdc_rdf_prefixes[k].ns);
  out_z(w->o, hdc_rdf_prefixes[k].prefix);
  out_c(w->o, ':');
  out_put(w->o, iri.ptr + ns_len, iri.len - ns_len);
}

/* Lexical forms Turtle may write bare (and raptor reads back unchanged). */
static bool
bare_number(hdc_str lex, bool decimal)
{
  size_t i = 0;
  if (i < lex.len && (lex.ptr[i] == '+' || lex.ptr[i] == '-')) {
    i++;
  }
  size_t digits = 0, frac = 0;
  bool   dot = false;
  for (; i < lex.len; i++) {
    char c = lex.ptr[i];
    if (c >= '0' && c <= '9') {
      if (dot) {
        frac++;
      } else {
        digits++;
      }
    } else if (c == '.' && decimal && !dot) {
      dot = true;
    } else {
      return false;
    }
  }
  return decimal ? (dot && frac > 0) : (digits > 0 && !dot);
}

static void
ttl_literal(ttl_writer *w, const hdc_term *t)
{
  hdc_str         lex  = hdc_term_text(t);
  hdc_str         lang = hdc_term_lang(t);
  const hdc_term *dt   = hdc_term_datatype(t);
  if (!lang.len && dt) {
    hdc_str dts = hdc_term_text(dt);
    if ((hdc_str_eq_z(dts, HDC_NS_XSD "integer") && bare_number(lex, false)) ||
        (hdc_str_eq_z(dts, HDC_NS_XSD "decimal") && bare_number(lex, true)) ||
        (hdc_str_eq_z(dts, HDC_NS_XSD "boolean") &&
         (hdc_str_eq_z(lex, "true") || hdc_str_eq_z(lex, "false")))) {
      out_str(w->o, lex);
      return;
    }
  }
  /* Multi-line text reads better as a long string. */
  bool long_form = memchr(lex.ptr, '\n', lex.len) != NULL;
  out_z(w->o, long_form ? "\"\"\"" : "\"");
  out_string_body(w->o, lex, long_form);
  out_z(w->o, long_form ? "\"\"\"" : "\"");
  if (lang.len) {
    out_c(w->o, '@');
    out_str(w->o, lang);
  } else if (!is_xsd_string(dt)) {
    out_z(w->o, "^^");
    ttl_iri(w, dt);
  }
}

static void ttl_object(ttl_writer *w, const hdc_term *t, int depth);

static void
ttl_indent(ttl_writer *w, int depth)
{
  for (int i = 0; i <= depth; i++) {
    out_z(w->o, "    ");
  }
}

/* The predicate-object list of block b, at nesting depth `depth`. */
static void
ttl_predicates(ttl_writer *w, const ttl_block *b, int depth, bool first_inline)
{
  const hdc_term *prev = NULL;
  for (size_t i = b->start; i < b->end && w->o->st == HDC_OK; i++) {
    const hdc_triple *t = w->recs[i].t;
    if (t->p == prev) {
      out_z(w->o, ", ");
    } else {
      if (prev) {
        out_z(w->o, " ;\n");
        ttl_indent(w, depth);
      } else if (!first_inline) {
        out_c(w->o, ' ');
      }
      if (t->p == w->rdf_type) {
        out_c(w->o, 'a');
      } else {
        ttl_iri(w, t->p);
      }
      out_c(w->o, ' ');
      prev = t->p;
    }
    ttl_object(w, t->o, depth);
  }
}

/* May blank node t be written inline as [ ... ] here? */
static bool
ttl_inline_ok(ttl_writer *w, const hdc_term *t, size_t *block)
{
  size_t uses = 0;
  if (!pmap_get(&w->obj_count, t, &uses) || uses != 1) {
    return false;
  }
  if (!pmap_get(&w->block_of, t, block)) {
    *block = SIZE_MAX; /* used once, describes nothing: [] */
    return true;
  }
  return !w->blocks[*block].emitted;
}

static void
ttl_object(ttl_writer *w, const hdc_term *t, int depth)
{
  switch (hdc_term_kind_of(t)) {
    case HDC_TERM_IRI: ttl_iri(w, t); return;
    case HDC_TERM_LITERAL: ttl_literal(w, t); return;
    case HDC_TERM_BLANK: {
      size_t block;
      if (depth < MAX_INLINE_DEPTH && ttl_inline_ok(w, t, &block)) {
        if (block == SIZE_MAX) {
          out_z(w->o, "[]");
          return;
        }
        ttl_block *b = &w->blocks[block];
        b->emitted   = true;
        out_z(w->o, "[\n");
        ttl_indent(w, depth + 1);
        ttl_predicates(w, b, depth + 1, true);
        out_c(w->o, '\n');
        ttl_indent(w, depth);
        out_c(w->o, ']');
        return;
      }
      out_z(w->o, "_:");
      out_label(w->o, hdc_term_text(t), false);
      return;
    }
    default: return;
  }
}

static void
ttl_subject_block(ttl_writer *w, ttl_block *b)
{
  const hdc_term *s = w->recs[b->start].t->s;
  b->emitted        = true;
  if (hdc_term_is_blank(s)) {
    out_z(w->o, "_:");
    out_label(w->o, hdc_term_text(s), false);
  } else {
    ttl_iri(w, s);
  }
  ttl_predicates(w, b, 0, false);
  out_z(w->o, " .\n\n");
}

/* Mark the prefixes the output will use; check language tags. */
static hdc_status
ttl_scan(ttl_writer *w, hdc_error *err)
{
  for (size_t i = 0; i < w->n; i++) {
    const hdc_triple *t     = w->recs[i].t;
    const hdc_term   *ts[4] = { t->s, t->p, t->o, NULL };
    if (hdc_term_is_literal(t->o)) {
      hdc_status st = check_lang(t->o, err);
      if (st != HDC_OK) {
        return st;
      }
      ts[3] = hdc_term_datatype(t->o);
      if (hdc_term_lang(t->o).len || is_xsd_string(ts[3])) {
        ts[3] = NULL;
      }
    }
    for (int k = 0; k < 4; k++) {
      if (hdc_term_is_iri(ts[k]) && !(k == 1 && t->p == w->rdf_type)) {
        int pfx = ttl_prefix_of(w, ts[k]);
        if (pfx >= 0) {
          w->prefix_of[pfx] = 1;
        }
      }
    }
    if (hdc_term_is_blank(t->o)) {
      size_t *c = pmap_at(&w->obj_count, t->o, 0);
      if (!c) {
        return HDC_ERR_NOMEM;
      }
      (*c)++;
    }
  }
  return HDC_OK;
}

static hdc_status
ttl_make_blocks(ttl_writer *w)
{
  w->blocks = hdc_calloc(w->n ? w->n : 1, sizeof *w->blocks);
  if (!w->blocks) {
    return HDC_ERR_NOMEM;
  }
  for (size_t i = 0; i < w->n; i++) {
    if (i == 0 || w->recs[i].t->s != w->recs[i - 1].t->s) {
      size_t *b = pmap_at(&w->block_of, w->recs[i].t->s, w->n_blocks);
      if (!b) {
        return HDC_ERR_NOMEM;
      }
      w->blocks[w->n_blocks].start = i;
      w->n_blocks++;
    }
    w->blocks[w->n_blocks - 1].end = i + 1;
  }
  return HDC_OK;
}

static hdc_status
write_turtle(const hdc_graph      *g,
             const hdc_write_opts *opts,
             out                  *o,
             hdc_error            *err)
{
  hdc_status st = HDC_OK;
  ttl_writer w;
  memset(&w, 0, sizeof w);
  w.o = o;
  w.rdf_type =
    hdc_world_find_iri(hdc_graph_world(g), HDC_STR(HDC_NS_RDF "type"));
  w.prefix_of = hdc_calloc(hdc_rdf_n_prefixes, sizeof *w.prefix_of);
  if (!w.prefix_of) {
    st = HDC_ERR_NOMEM;
    goto done;
  }
  st = order_triples(g, opts->sorted, true, &w.recs, &w.n);
  if (st == HDC_OK) {
    st = ttl_scan(&w, err);
  }
  if (st == HDC_OK) {
    st = ttl_make_blocks(&w);
  }
  if (st != HDC_OK) {
    goto done;
  }

  if (opts->base_iri) {
    out_z(o, "@base ");
    out_iri_nt(o, hdc_str_from(opts->base_iri));
    out_z(o, " .\n");
  }
  bool any_prefix = false;
  for (size_t i = 0; i < hdc_rdf_n_prefixes; i++) {
    if (w.prefix_of[i]) {
      out_z(o, "@prefix ");
      out_z(o, hdc_rdf_prefixes[i].prefix);
      out_z(o, ": <");
      out_z(o, hdc_rdf_prefixes[i].ns);
      out_z(o, "> .\n");
      any_prefix = true;
    }
  }
  if (any_prefix || opts->base_iri) {
    out_c(o, '\n');
  }
  /* Subjects that are not inline candidates first, then whatever is left
   * (blank nodes in cycles, or beyond the inline depth). */
  for (size_t pass = 0; pass < 2; pass++) {
    for (size_t i = 0; i < w.n_blocks && o->st == HDC_OK; i++) {
      ttl_block      *b = &w.blocks[i];
      const hdc_term *s = w.recs[b->start].t->s;
      size_t          uses;
      if (b->emitted) {
        continue;
      }
      if (pass == 0 && hdc_term_is_blank(s) &&
          pmap_get(&w.obj_count, s, &uses) && uses == 1) {
        continue;
      }
      ttl_subject_block(&w, b);
    }
  }
  out_flush(o);
  st = o->st;

done:
  hdc_free(w.prefix_of);
  hdc_free(w.recs);
  hdc_free(w.blocks);
  pmap_clear(&w.block_of);
  pmap_clear(&w.obj_count);
  pmap_clear(&w.pfx_cache);
  return st;
}

/* ------------------------------------------------------------------------ */
/* RDF/XML                                                                  */

typedef struct xml_ns
{
  hdc_str ns;       /* borrowed from a predicate's text */
  char    name[24]; /* prefix */
} xml_ns;

typedef struct xml_writer
{
  out            *o;
  trec           *recs;
  size_t          n;
  pmap            pred_ns;  /* predicate -> index into ns */
  pmap            class_ns; /* class written as element name -> ns index */
  const hdc_term *rdf_type;
  xml_ns         *ns;
  size_t          n_ns;
  size_t          cap_ns;
  size_t         *ns_table; /* open-addressing table of ns indexes + 1 */
  size_t          ns_table_cap;
} xml_writer;

/* Where the XML name at the end of iri starts (its length is iri.len minus
 * that), or iri.len if the IRI does not end in a name. */
static size_t
xml_local_start(hdc_str iri)
{
  /* Walk forward keeping the start of the longest name-char run that
   * reaches the end; then move the start to the first NameStartChar. */
  size_t run_start = 0;
  size_t i         = 0;
  bool   in_run    = false;
  while (i < iri.len) {
    size_t   at = i;
    uint32_t c  = utf8_next(iri.ptr, iri.len, &i);
    bool     nc = name_char(c) || c == '.';
    if (nc && !in_run) {
      run_start = at;
    }
    in_run = nc;
  }
  if (!in_run) {
    return iri.len;
  }
  i = run_start;
  while (i < iri.len) {
    size_t   at = i;
    uint32_t c  = utf8_next(iri.ptr, iri.len, &i);
    if (name_start_base(c) || c == '_') {
      return at;
    }
  }
  return iri.len;
}

/* rdf: names that RDF/XML reserves and never reads as a property. */
static bool
xml_reserved_property(hdc_str local)
{
  static const char *const names[] = {
    "RDF",    "Description", "ID", "about", "parseType", "resource",
    "nodeID", "datatype",    "li", "bagID", "aboutEach", "aboutEachPrefix"
  };
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    if (hdc_str_eq_z(local, names[i])) {
      return true;
    }
  }
  return false;
}

/* Is every character of s allowed in XML 1.0? */
static bool
xml_chars_ok(hdc_str s)
{
  size_t i = 0;
  while (i < s.len) {
    uint32_t c = utf8_next(s.ptr, s.len, &i);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xFFFE ||
        c == 0xFFFF) {
      return false;
    }
  }
  return true;
}

static hdc_status
xml_ns_index(xml_writer *w, hdc_str ns, size_t *out_idx)
{
  if ((w->n_ns + 1) * 2 > w->ns_table_cap) {
    size_t  cap   = w->ns_table_cap ? w->ns_table_cap * 2 : 64;
    size_t *table = hdc_calloc(cap, sizeof *table);
    if (!table) {
      return HDC_ERR_NOMEM;
    }
    for (size_t k = 0; k < w->n_ns; k++) {
      size_t h = hdc_hash64(w->ns[k].ns.ptr, w->ns[k].ns.len, 0) & (cap - 1);
      while (table[h]) {
        h = (h + 1) & (cap - 1);
      }
      table[h] = k + 1;
    }
    hdc_free(w->ns_table);
    w->ns_table     = table;
    w->ns_table_cap = cap;
  }
  size_t h = hdc_hash64(ns.ptr, ns.len, 0) & (w->ns_table_cap - 1);
  while (w->ns_table[h]) {
    size_t k = w->ns_table[h] - 1;
    if (hdc_str_eq(w->ns[k].ns, ns)) {
      *out_idx = k;
      return HDC_OK;
    }
    h = (h + 1) & (w->ns_table_cap - 1);
  }
  if (w->n_ns == w->cap_ns) {
    size_t  cap   = w->cap_ns ? w->cap_ns * 2 : 16;
    xml_ns *grown = hdc_realloc(w->ns, cap * sizeof *grown);
    if (!grown) {
      return HDC_ERR_NOMEM;
    }
    w->ns     = grown;
    w->cap_ns = cap;
  }
  xml_ns *e = &w->ns[w->n_ns];
  e->ns     = ns;
  snprintf(e->name, sizeof e->name, "ns%zu", w->n_ns);
  for (size_t i = 0; i < hdc_rdf_n_prefixes; i++) {
    if (hdc_str_eq_z(ns, hdc_rdf_prefixes[i].ns)) {
      snprintf(e->name, sizeof e->name, "%s", hdc_rdf_prefixes[i].prefix);
      break;
    }
  }
  w->ns_table[h] = w->n_ns + 1;
  *out_idx       = w->n_ns++;
  return HDC_OK;
}

/* Is iri writable as an element name (namespace + NCName, not one of the
 * names RDF/XML reserves)? *start receives where the name begins. */
static bool
xml_splittable(hdc_str iri, size_t *start)
{
  *start = xml_local_start(iri);
  if (*start == iri.len || !xml_chars_ok(iri)) {
    return false;
  }
  hdc_str ns    = { iri.ptr, *start };
  hdc_str local = { iri.ptr + *start, iri.len - *start };
  return !(hdc_str_eq_z(ns, HDC_NS_RDF) && xml_reserved_property(local));
}

/* A subject whose first triple is (s rdf:type C) is written as a typed
 * node element <C rdf:about="s">, as RDF/XML writers usually do and simple
 * XML tools expect (<dcat:Dataset>), when C can be an element name. */
static hdc_status
xml_scan_class(xml_writer *w, size_t i)
{
  const hdc_triple *t = w->recs[i].t;
  size_t            start, k;
  if (!w->rdf_type || t->p != w->rdf_type || !hdc_term_is_iri(t->o) ||
      (i > 0 && w->recs[i - 1].t->s == t->s) ||
      pmap_get(&w->class_ns, t->o, &k)) {
    return HDC_OK;
  }
  hdc_str iri = hdc_term_text(t->o);
  if (!xml_splittable(iri, &start)) {
    return HDC_OK;
  }
  hdc_status st = xml_ns_index(w, (hdc_str){ iri.ptr, start }, &k);
  if (st != HDC_OK) {
    return st;
  }
  return pmap_at(&w->class_ns, t->o, k) ? HDC_OK : HDC_ERR_NOMEM;
}

/* Split every predicate and check every text before writing anything. */
static hdc_status
xml_scan(xml_writer *w, hdc_error *err)
{
  size_t     rdf_idx;
  hdc_status st = xml_ns_index(w, HDC_STR(HDC_NS_RDF), &rdf_idx);
  if (st != HDC_OK) {
    return st;
  }
  for (size_t i = 0; i < w->n; i++) {
    const hdc_triple *t = w->recs[i].t;
    size_t            k;
    if (!pmap_get(&w->pred_ns, t->p, &k)) {
      hdc_str iri   = hdc_term_text(t->p);
      size_t  start = xml_local_start(iri);
      hdc_str ns    = { iri.ptr, start };
      hdc_str local = { iri.ptr + start, iri.len - start };
      if (start == iri.len) {
        return hdc_error_set(
          err,
          HDC_ERR_UNSUPPORTED,
          NULL,
          0,
          0,
          "predicate <%.*s> cannot be written in "
          "RDF/XML: it does not end in an XML name; write Turtle, "
          "N-Triples or JSON-LD instead",
          (int)(iri.len > 300 ? 300 : iri.len),
          iri.ptr);
      }
      if (hdc_str_eq_z(ns, HDC_NS_RDF) && xml_reserved_property(local)) {
        return hdc_error_set(err,
                             HDC_ERR_UNSUPPORTED,
                             NULL,
                             0,
                             0,
                             "predicate rdf:%.*s cannot be written in "
                             "RDF/XML",
                             (int)local.len,
                             local.ptr);
      }
      if (!xml_chars_ok(iri)) {
        goto bad_chars;
      }
      st = xml_ns_index(w, ns, &k);
      if (st != HDC_OK) {
        return st;
      }
      size_t *slot = pmap_at(&w->pred_ns, t->p, k);
      if (!slot) {
        return HDC_ERR_NOMEM;
      }
    }
    st = xml_scan_class(w, i);
    if (st != HDC_OK) {
      return st;
    }
    const hdc_term *terms[3] = { t->s, t->o, hdc_term_datatype(t->o) };
    for (int j = 0; j < 3; j++) {
      if (terms[j] && !xml_chars_ok(hdc_term_text(terms[j]))) {
        goto bad_chars;
      }
    }
    if (hdc_term_is_literal(t->o)) {
      hdc_str lang = hdc_term_lang(t->o);
      if (lang.len && !lang_ok(lang)) {
        return check_lang(t->o, err);
      }
    }
  }
  return HDC_OK;

bad_chars:
  return hdc_error_set(err,
                       HDC_ERR_UNSUPPORTED,
                       NULL,
                       0,
                       0,
                       "the graph holds a control character that XML 1.0 "
                       "cannot represent; write it as Turtle or N-Triples");
}

/* Escape for XML text (attr: also for a double-quoted attribute value). */
static void
xml_escape(out *o, hdc_str s, bool attr)
{
  size_t run = 0;
  for (size_t i = 0; i < s.len; i++) {
    const char *esc;
    switch (s.ptr[i]) {
      case '&': esc = "&amp;"; break;
      case '<': esc = "&lt;"; break;
      case '>': esc = "&gt;"; break;
      case '\r': esc = "&#13;"; break; /* else read back as '\n' */
      case '"':
        if (!attr) {
          continue;
        }
        esc = "&quot;";
        break;
      case '\n':
      case '\t':
        /* Attribute values are normalised to spaces unless escaped. */
        if (!attr) {
          continue;
        }
        esc = s.ptr[i] == '\n' ? "&#10;" : "&#9;";
        break;
      default: continue;
    }
    out_put(o, s.ptr + run, i - run);
    out_z(o, esc);
    run = i + 1;
  }
  out_put(o, s.ptr + run, s.len - run);
}

/* An IRI in a double-quoted attribute: percent-encoded like in the other
 * syntaxes (so all writers give the same IRIs), then XML-escaped. */
static void
xml_iri(out *o, hdc_str iri)
{
  size_t run = 0;
  for (size_t i = 0; i < iri.len; i++) {
    unsigned char c = (unsigned char)iri.ptr[i];
    if (!hdc_rdf_iri_char_bad(c)) {
      continue;
    }
    xml_escape(o, (hdc_str){ iri.ptr + run, i - run }, true);
    char pct[3] = { '%', hex_digits[c >> 4], hex_digits[c & 15] };
    out_put(o, pct, 3);
    run = i + 1;
  }
  xml_escape(o, (hdc_str){ iri.ptr + run, iri.len - run }, true);
}

static void
xml_node_attr(out *o, const hdc_term *t, const char *iri_attr)
{
  if (hdc_term_is_blank(t)) {
    out_z(o, " rdf:nodeID=\"");
    out_label(o, hdc_term_text(t), true);
  } else {
    out_c(o, ' ');
    out_z(o, iri_attr);
    out_z(o, "=\"");
    xml_iri(o, hdc_term_text(t));
  }
  out_c(o, '"');
}

static void
xml_property(xml_writer *w, const hdc_triple *t)
{
  out   *o = w->o;
  size_t k = 0;
  pmap_get(&w->pred_ns, t->p, &k);
  hdc_str iri   = hdc_term_text(t->p);
  size_t  start = w->ns[k].ns.len;
  out_z(o, "    <");
  out_z(o, w->ns[k].name);
  out_c(o, ':');
  out_put(o, iri.ptr + start, iri.len - start);
  if (!hdc_term_is_literal(t->o)) {
    xml_node_attr(o, t->o, "rdf:resource");
    out_z(o, "/>\n");
    return;
  }
  hdc_str         lang = hdc_term_lang(t->o);
  const hdc_term *dt   = hdc_term_datatype(t->o);
  if (lang.len) {
    out_z(o, " xml:lang=\"");
    xml_escape(o, lang, true);
    out_c(o, '"');
  } else if (!is_xsd_string(dt)) {
    out_z(o, " rdf:datatype=\"");
    xml_iri(o, hdc_term_text(dt));
    out_c(o, '"');
  }
  out_c(o, '>');
  xml_escape(o, hdc_term_text(t->o), false);
  out_z(o, "</");
  out_z(o, w->ns[k].name);
  out_c(o, ':');
  out_put(o, iri.ptr + start, iri.len - start);
  out_z(o, ">\n");
}

static hdc_status
write_rdfxml(const hdc_graph      *g,
             const hdc_write_opts *opts,
             out                  *o,
             hdc_error            *err)
{
  hdc_status st = HDC_OK;
  xml_writer w;
  memset(&w, 0, sizeof w);
  w.o = o;
  w.rdf_type =
    hdc_world_find_iri(hdc_graph_world(g), HDC_STR(HDC_NS_RDF "type"));
  st = order_triples(g, opts->sorted, true, &w.recs, &w.n);
  if (st == HDC_OK) {
    st = xml_scan(&w, err);
  }
  if (st != HDC_OK) {
    goto done;
  }
  out_z(o, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rdf:RDF");
  for (size_t i = 0; i < w.n_ns; i++) {
    out_z(o, "\n    xmlns:");
    out_z(o, w.ns[i].name);
    out_z(o, "=\"");
    xml_iri(o, w.ns[i].ns);
    out_c(o, '"');
  }
  if (opts->base_iri) {
    out_z(o, "\n    xml:base=\"");
    xml_iri(o, hdc_str_from(opts->base_iri));
    out_c(o, '"');
  }
  out_z(o, ">\n");
  const char *elem_ns = "rdf";
  hdc_str     elem    = HDC_STR("Description");
  for (size_t i = 0; i < w.n && o->st == HDC_OK; i++) {
    const hdc_triple *t     = w.recs[i].t;
    bool              first = i == 0 || t->s != w.recs[i - 1].t->s;
    bool              last  = i + 1 == w.n || w.recs[i + 1].t->s != t->s;
    bool              typed = false;
    if (first) {
      size_t k;
      typed = t->p == w.rdf_type && pmap_get(&w.class_ns, t->o, &k);
      if (typed) {
        hdc_str iri = hdc_term_text(t->o);
        elem_ns     = w.ns[k].name;
        elem = (hdc_str){ iri.ptr + w.ns[k].ns.len, iri.len - w.ns[k].ns.len };
      } else {
        elem_ns = "rdf";
        elem    = HDC_STR("Description");
      }
      out_z(o, "  <");
      out_z(o, elem_ns);
      out_c(o, ':');
      out_str(o, elem);
      xml_node_attr(o, t->s, "rdf:about");
      if (typed && last) {
        out_z(o, "/>\n"); /* the type was its only triple */
        continue;
      }
      out_z(o, ">\n");
    }
    if (!typed) {
      xml_property(&w, t);
    }
    if (last) {
      out_z(o, "  </");
      out_z(o, elem_ns);
      out_c(o, ':');
      out_str(o, elem);
      out_z(o, ">\n");
    }
  }
  out_z(o, "</rdf:RDF>\n");
  out_flush(o);
  st = o->st;

done:
  hdc_free(w.recs);
  hdc_free(w.ns);
  hdc_free(w.ns_table);
  pmap_clear(&w.pred_ns);
  pmap_clear(&w.class_ns);
  return st;
}

/* ------------------------------------------------------------------------ */
/* Dispatch                                                                 */

hdc_status
hdc_rdf_write(const hdc_graph      *g,
              hdc_format            f,
              const hdc_write_opts *opts,
              hdc_sink_fn           sink,
              void                 *ctx,
              hdc_error            *err)
{
  static const hdc_write_opts defaults = { false, NULL };
  if (!g || !sink) {
    return hdc_error_set(
      err, HDC_ERR_INVALID_ARG, NULL, 0, 0, "no graph or no sink to write to");
  }
  if (!opts) {
    opts = &defaults;
  }
  if (f == HDC_FORMAT_JSONLD) {
    return hdc_jsonld_write(g, opts, sink, ctx, err);
  }
  out o;
  out_init(&o, sink, ctx);
  hdc_status st = HDC_OK;
  switch (f) {
    case HDC_FORMAT_TURTLE:
    case HDC_FORMAT_TRIG: st = write_turtle(g, opts, &o, err); break;
    case HDC_FORMAT_NTRIPLES:
    case HDC_FORMAT_NQUADS:
      st = write_ntriples(g, opts->sorted, &o, err);
      break;
    case HDC_FORMAT_RDFXML: st = write_rdfxml(g, opts, &o, err); break;
    case HDC_FORMAT_UNKNOWN:
    case HDC_FORMAT_JSONLD:
    default:
      st = hdc_error_set(err,
                         HDC_ERR_INVALID_ARG,
                         NULL,
                         0,
                         0,
                         "cannot write RDF in format '%s'",
                         hdc_format_name(f));
      break;
  }
  hdc_buf_clear(&o.b);
  if (st == HDC_ERR_NOMEM) {
    hdc_error_set(
      err, st, NULL, 0, 0, "out of memory writing %s", hdc_format_name(f));
  } else if (st == HDC_ERR_IO) {
    hdc_error_set(
      err, st, NULL, 0, 0, "cannot write the %s output", hdc_format_name(f));
  } else if (st != HDC_OK) {
    hdc_error_set(err,
                  st,
                  NULL,
                  0,
                  0,
                  "writing %s failed: %s",
                  hdc_format_name(f),
                  hdc_strerror(st));
  }
  return st;
}
