// SPDX-License-Identifier: EUPL-1.2
/*
 * The DCAT feed the EU catalogue harvests: GET /catalog (and /catalog.ttl,
 * .rdf, .jsonld, .nt, or content negotiation), one dcat:Catalog per page.
 *
 * Each page holds the catalogue's own description (titles, publisher agent,
 * contact point, and how many records were held back because they do not
 * conform), the Hydra paging terms twice over (hydra:PartialCollectionView
 * with first/next/previous/last IRIs and hydra:totalItems, and the legacy
 * hydra:PagedCollection with firstPage/nextPage/... as literals, which
 * older DCAT harvesters read), then the page's conforming records, each
 * with every node it reaches (agents, contacts, distributions...).
 *
 * Pages are streamed: records are read a few at a time in id order
 * (hdc_store_list) and written straight from their stored canonical
 * N-Triples, tokenised here, without building a graph, so memory stays at
 * one batch whatever the size of the catalogue. Blank-node labels are
 * prefixed with the record id, so two records of one page never share a
 * node; a dataset that is itself a blank node gets a stable IRI under the
 * base URL (/dataset/{id}).
 *
 * Conditional requests: the ETag is the catalogue's change version (every
 * insert, content, status or validity change bumps it, migration 6) with
 * the page's parameters; Last-Modified is the time of that last change.
 * A harvester that sends either back gets 304 while nothing changed.
 */
#include "web_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RDF_NS "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define RDF_TYPE RDF_NS "type"
#define XSD_NS "http://www.w3.org/2001/XMLSchema#"
#define DCAT_NS "http://www.w3.org/ns/dcat#"
#define DCT_NS "http://purl.org/dc/terms/"
#define FOAF_NS "http://xmlns.com/foaf/0.1/"
#define VCARD_NS "http://www.w3.org/2006/vcard/ns#"
#define HYDRA_NS "http://www.w3.org/ns/hydra/core#"
#define DCATAP_NS "http://data.europa.eu/r5r/"
#define EU_AUTH "http://publications.europa.eu/resource/authority/"
#define EHDS_ELI "http://data.europa.eu/eli/reg/2025/327/oj"

#define PAGE_SIZE_DEFAULT 100
#define PAGE_SIZE_MAX 1000
#define BATCH 16

typedef enum feed_format
{
  FEED_TURTLE = 0,
  FEED_RDFXML,
  FEED_JSONLD,
  FEED_NTRIPLES
} feed_format;

static const struct
{
  const char *suffix;
  const char *media;
  const char *content_type;
} feed_forms[] = {
  { ".ttl", "text/turtle", "text/turtle; charset=utf-8" },
  { ".rdf", "application/rdf+xml", "application/rdf+xml; charset=utf-8" },
  { ".jsonld", "application/ld+json", "application/ld+json; charset=utf-8" },
  { ".nt", "application/n-triples", "application/n-triples; charset=utf-8" },
};

/* ------------------------------------------------------------------------ */
/* Terms and the N-Triples tokenizer                                        */

/* One RDF term; text not NUL-terminated. */
typedef struct term
{
  char        kind; /* 'I' IRI, 'B' blank node, 'L' literal */
  const char *v;
  size_t      n;
  const char *lang; /* literal language tag, or NULL */
  size_t      lang_n;
  const char *dt; /* literal datatype IRI, or NULL (xsd:string) */
  size_t      dt_n;
} term;

static term
iri(const char *z)
{
  term t = { 'I', z, strlen(z), NULL, 0, NULL, 0 };
  return t;
}

static term
lit(const char *z, const char *lang)
{
  term t = { 'L', z, strlen(z), lang, lang ? strlen(lang) : 0, NULL, 0 };
  return t;
}

static term
typed(const char *z, const char *dt)
{
  term t = { 'L', z, strlen(z), NULL, 0, dt, strlen(dt) };
  return t;
}

static void
put_utf8(hdc_buf *b, unsigned long c)
{
  if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
    c = 0xFFFD;
  hdc_buf_put_utf8(b, (uint32_t)c);
}

/* Unescape N-Triples text [p, end) (ECHAR and UCHAR) into @p out. */
static void
nt_unescape(hdc_buf *out, const char *p, const char *end)
{
  while (p < end) {
    if (*p != '\\' || p + 1 >= end) {
      const char *q = p;
      while (q < end && *q != '\\')
        ++q;
      if (q == p)
        ++q;
      hdc_buf_append(out, p, (size_t)(q - p));
      p = q;
      continue;
    }
    char c = p[1];
    p += 2;
    switch (c) {
      case 't': hdc_buf_putc(out, '\t'); break;
      case 'b': hdc_buf_putc(out, '\b'); break;
      case 'n': hdc_buf_putc(out, '\n'); break;
      case 'r': hdc_buf_putc(out, '\r'); break;
      case 'f': hdc_buf_putc(out, '\f'); break;
      case 'u':
      case 'U': {
        int           digits = c == 'u' ? 4 : 8;
        unsigned long v      = 0;
        for (int i = 0; i < digits && p < end; ++i, ++p) {
          char h = *p;
          v      = v * 16 + (unsigned long)(h >= 'a'
                                              ? h - 'a' + 10
                                              : (h >= 'A' ? h - 'A' + 10 : h - '0'));
        }
        put_utf8(out, v);
        break;
      }
      default: hdc_buf_putc(out, c); break;
    }
  }
}

/*
 * Tokenise one line of canonical N-Triples ("<s> <p> o ."). Unescaped
 * text goes to @p scratch (reset by the caller per line); the terms point
 * into it or into the line. False if the line is not a triple.
 */
static bool
nt_term(const char **pp,
        const char  *end,
        term        *t,
        hdc_buf     *scratch,
        size_t      *offsets,
        int          slot)
{
  const char *p = *pp;
  while (p < end && (*p == ' ' || *p == '\t'))
    ++p;
  if (p >= end)
    return false;
  memset(t, 0, sizeof *t);
  if (*p == '<') {
    const char *q = memchr(p, '>', (size_t)(end - p));
    if (!q)
      return false;
    t->kind = 'I';
    if (memchr(p + 1, '\\', (size_t)(q - p - 1))) {
      offsets[slot * 2] = scratch->len;
      nt_unescape(scratch, p + 1, q);
      offsets[slot * 2 + 1] = scratch->len;
      t->v                  = NULL; /* fixed up from scratch */
    } else {
      t->v = p + 1;
      t->n = (size_t)(q - p - 1);
    }
    *pp = q + 1;
    return true;
  }
  if (p[0] == '_' && p + 1 < end && p[1] == ':') {
    const char *q = p + 2;
    while (q < end && *q != ' ' && *q != '\t')
      ++q;
    t->kind = 'B';
    t->v    = p + 2;
    t->n    = (size_t)(q - p - 2);
    *pp     = q;
    return true;
  }
  if (*p == '"') {
    const char *q = p + 1;
    while (q < end && *q != '"') {
      if (*q == '\\')
        ++q;
      ++q;
    }
    if (q >= end)
      return false;
    t->kind           = 'L';
    offsets[slot * 2] = scratch->len;
    nt_unescape(scratch, p + 1, q);
    offsets[slot * 2 + 1] = scratch->len;
    t->v                  = NULL;
    p                     = q + 1;
    if (p < end && *p == '@') {
      const char *l = ++p;
      while (p < end && *p != ' ' && *p != '\t')
        ++p;
      t->lang   = l;
      t->lang_n = (size_t)(p - l);
    } else if (p + 2 < end && p[0] == '^' && p[1] == '^' && p[2] == '<') {
      const char *q2 = memchr(p + 3, '>', (size_t)(end - p - 3));
      if (!q2)
        return false;
      t->dt   = p + 3;
      t->dt_n = (size_t)(q2 - p - 3);
      p       = q2 + 1;
      if (t->dt_n == sizeof XSD_NS "string" - 1 &&
          !memcmp(t->dt, XSD_NS "string", t->dt_n))
        t->dt = NULL;
    }
    *pp = p;
    return true;
  }
  return false;
}

static bool
nt_line(const char *line,
        size_t      len,
        term       *s,
        term       *p,
        term       *o,
        hdc_buf    *scratch)
{
  const char *cur = line, *end = line + len;
  size_t      off[6];
  memset(off, 0, sizeof off);
  hdc_buf_reset(scratch);
  if (!nt_term(&cur, end, s, scratch, off, 0) ||
      !nt_term(&cur, end, p, scratch, off, 1) ||
      !nt_term(&cur, end, o, scratch, off, 2))
    return false;
  if (hdc_buf_status(scratch))
    return false;
  /* Scratch may have moved while growing: point into it only now. */
  term *ts[3] = { s, p, o };
  for (int i = 0; i < 3; ++i) {
    if (!ts[i]->v) {
      ts[i]->v = scratch->ptr ? scratch->ptr + off[i * 2] : "";
      ts[i]->n = off[i * 2 + 1] - off[i * 2];
    }
  }
  return s->kind != 'L' && p->kind == 'I';
}

/* ------------------------------------------------------------------------ */
/* Writers                                                                  */

typedef struct writer
{
  feed_format fmt;
  hdc_buf    *out;
  hdc_buf     subj, pred; /* current subject ("I"/"B" + text), predicate */
  bool        open;       /* a subject group is open */
  bool        first;      /* nothing written yet (JSON-LD commas) */
  /* Blank-node labels of the current record get this prefix. */
  char bprefix[32];
} writer;

static void
nt_escape(hdc_buf *b, const char *v, size_t n, bool is_iri)
{
  static const char hex[] = "0123456789ABCDEF";
  size_t            start = 0;
  for (size_t i = 0; i < n; ++i) {
    unsigned char c   = (unsigned char)v[i];
    const char   *rep = NULL;
    char          u[10];
    if (!is_iri) {
      if (c == '"')
        rep = "\\\"";
      else if (c == '\\')
        rep = "\\\\";
      else if (c == '\n')
        rep = "\\n";
      else if (c == '\r')
        rep = "\\r";
    }
    if (!rep &&
        (c < 0x20 || c == 0x7f || (is_iri && strchr("<>\"{}|^`\\ ", c)))) {
      u[0] = '\\';
      u[1] = 'u';
      u[2] = '0';
      u[3] = '0';
      u[4] = hex[c >> 4];
      u[5] = hex[c & 15];
      u[6] = '\0';
      rep  = u;
    }
    if (rep) {
      hdc_buf_append(b, v + start, i - start);
      hdc_buf_puts(b, rep);
      start = i + 1;
    }
  }
  hdc_buf_append(b, v + start, n - start);
}

/* A blank label safe in every syntax: prefix + letters, digits, and '_'
 * followed by two hex digits for anything else. */
static void
blank_label(writer *w, hdc_buf *b, const term *t)
{
  static const char hex[] = "0123456789ABCDEF";
  hdc_buf_puts(b, w->bprefix);
  for (size_t i = 0; i < t->n; ++i) {
    unsigned char c = (unsigned char)t->v[i];
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
        (c >= '0' && c <= '9')) {
      hdc_buf_putc(b, (char)c);
    } else {
      hdc_buf_putc(b, '_');
      hdc_buf_putc(b, hex[c >> 4]);
      hdc_buf_putc(b, hex[c & 15]);
    }
  }
}

static void
put_nt_term(writer *w, const term *t)
{
  hdc_buf *b = w->out;
  if (t->kind == 'I') {
    hdc_buf_putc(b, '<');
    nt_escape(b, t->v, t->n, true);
    hdc_buf_putc(b, '>');
  } else if (t->kind == 'B') {
    hdc_buf_puts(b, "_:");
    blank_label(w, b, t);
  } else {
    hdc_buf_putc(b, '"');
    nt_escape(b, t->v, t->n, false);
    hdc_buf_putc(b, '"');
    if (t->lang) {
      hdc_buf_putc(b, '@');
      hdc_buf_append(b, t->lang, t->lang_n);
    } else if (t->dt) {
      hdc_buf_puts(b, "^^<");
      nt_escape(b, t->dt, t->dt_n, true);
      hdc_buf_putc(b, '>');
    }
  }
}

static void
json_strn(hdc_buf *b, const char *v, size_t n)
{
  static const char hex[] = "0123456789abcdef";
  hdc_buf_putc(b, '"');
  size_t start = 0;
  for (size_t i = 0; i < n; ++i) {
    unsigned char c = (unsigned char)v[i];
    if (c == '"' || c == '\\' || c < 0x20 || c == '<' || c == '>' || c == '&' ||
        c == 0x7f) {
      hdc_buf_append(b, v + start, i - start);
      if (c == '"' || c == '\\') {
        hdc_buf_putc(b, '\\');
        hdc_buf_putc(b, (char)c);
      } else if (c == '\n') {
        hdc_buf_puts(b, "\\n");
      } else {
        char u[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
        hdc_buf_append(b, u, 6);
      }
      start = i + 1;
    }
  }
  hdc_buf_append(b, v + start, n - start);
  hdc_buf_putc(b, '"');
}

/* XML text: escaped, and characters XML 1.0 cannot carry replaced. */
static void
xml_text(hdc_buf *b, const char *v, size_t n)
{
  size_t start = 0;
  for (size_t i = 0; i < n; ++i) {
    unsigned char c = (unsigned char)v[i];
    if (c < 0x20 && c != '\t' && c != '\n') {
      hdc_web_xml_text(b, v + start, i - start);
      hdc_buf_puts(b, c == '\r' ? "&#13;" : "\xEF\xBF\xBD");
      start = i + 1;
    }
  }
  hdc_web_xml_text(b, v + start, n - start);
}

static void
put_json_id(writer *w, const term *t)
{
  if (t->kind == 'I') {
    json_strn(w->out, t->v, t->n);
  } else {
    hdc_buf tmp = HDC_BUF_INIT;
    hdc_buf_puts(&tmp, "_:");
    blank_label(w, &tmp, t);
    json_strn(w->out, tmp.ptr ? tmp.ptr : "", tmp.len);
    hdc_buf_clear(&tmp);
  }
}

static bool
ncname_start(unsigned char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool
ncname_char(unsigned char c)
{
  return ncname_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

/* Where the XML local name of predicate IRI @p t begins; 0 if none. */
static size_t
xml_split(const term *t)
{
  size_t i = t->n;
  while (i > 0 && ncname_char((unsigned char)t->v[i - 1]))
    --i;
  while (i < t->n && !ncname_start((unsigned char)t->v[i]))
    ++i;
  return i < t->n ? i : 0;
}

static bool
same(const hdc_buf *b, char kind, const writer *w, const term *t)
{
  (void)w;
  return b->len == t->n + 1 && b->ptr[0] == kind &&
         !memcmp(b->ptr + 1, t->v, t->n);
}

static void
remember(hdc_buf *b, char kind, const term *t)
{
  hdc_buf_reset(b);
  hdc_buf_putc(b, kind);
  hdc_buf_append(b, t->v, t->n);
}

static void
writer_close_group(writer *w)
{
  if (!w->open)
    return;
  switch (w->fmt) {
    case FEED_TURTLE: hdc_buf_puts(w->out, " .\n"); break;
    case FEED_JSONLD: hdc_buf_puts(w->out, "]}"); break;
    case FEED_RDFXML: hdc_buf_puts(w->out, "  </rdf:Description>\n"); break;
    case FEED_NTRIPLES: break;
  }
  w->open = false;
  hdc_buf_reset(&w->subj);
  hdc_buf_reset(&w->pred);
}

/* Write one triple; blank subjects and objects use the current prefix. */
static void
writer_triple(writer *w, const term *s, const term *p, const term *o)
{
  hdc_buf *b = w->out;
  /* Subjects are compared with their kind and the blank prefix. */
  hdc_buf key = HDC_BUF_INIT;
  if (s->kind == 'B') {
    hdc_buf_puts(&key, w->bprefix);
    hdc_buf_append(&key, s->v, s->n);
  } else {
    hdc_buf_append(&key, s->v, s->n);
  }
  term skey = { s->kind, key.ptr ? key.ptr : "", key.len, NULL, 0, NULL, 0 };
  bool new_subject = !w->open || !same(&w->subj, s->kind, w, &skey);
  bool new_pred    = new_subject || !same(&w->pred, 'I', w, p);
  switch (w->fmt) {
    case FEED_NTRIPLES:
      put_nt_term(w, s);
      hdc_buf_putc(b, ' ');
      put_nt_term(w, p);
      hdc_buf_putc(b, ' ');
      put_nt_term(w, o);
      hdc_buf_puts(b, " .\n");
      break;
    case FEED_TURTLE:
      if (new_subject) {
        writer_close_group(w);
        hdc_buf_putc(b, '\n');
        put_nt_term(w, s);
        hdc_buf_putc(b, ' ');
        put_nt_term(w, p);
        hdc_buf_putc(b, ' ');
      } else if (new_pred) {
        hdc_buf_puts(b, " ;\n    ");
        put_nt_term(w, p);
        hdc_buf_putc(b, ' ');
      } else {
        hdc_buf_puts(b, ", ");
      }
      put_nt_term(w, o);
      break;
    case FEED_JSONLD: {
      bool type_key = p->n == sizeof RDF_TYPE - 1 &&
                      !memcmp(p->v, RDF_TYPE, p->n) && o->kind == 'I';
      if (new_subject) {
        writer_close_group(w);
        hdc_buf_puts(b, w->first ? "\n  {\"@id\": " : ",\n  {\"@id\": ");
        put_json_id(w, s);
      }
      if (new_pred) {
        if (!new_subject)
          hdc_buf_puts(b, "]");
        hdc_buf_puts(b, ",\n   ");
        if (type_key)
          hdc_buf_puts(b, "\"@type\"");
        else
          json_strn(b, p->v, p->n);
        hdc_buf_puts(b, ": [");
      } else {
        hdc_buf_puts(b, ", ");
      }
      if (type_key) {
        json_strn(b, o->v, o->n);
      } else if (o->kind != 'L') {
        hdc_buf_puts(b, "{\"@id\": ");
        put_json_id(w, o);
        hdc_buf_puts(b, "}");
      } else {
        hdc_buf_puts(b, "{\"@value\": ");
        json_strn(b, o->v, o->n);
        if (o->lang) {
          hdc_buf_puts(b, ", \"@language\": ");
          json_strn(b, o->lang, o->lang_n);
        } else if (o->dt) {
          hdc_buf_puts(b, ", \"@type\": ");
          json_strn(b, o->dt, o->dt_n);
        }
        hdc_buf_puts(b, "}");
      }
      break;
    }
    case FEED_RDFXML: {
      size_t split = xml_split(p);
      if (!split) {
        /* Not expressible in RDF/XML (no XML name at the end of the
         * predicate): rare, and said in the log. */
        hdc_log(HDC_LOG_WARN,
                "feed: predicate %.*s has no XML name; skipped",
                (int)p->n,
                p->v);
        break;
      }
      if (new_subject) {
        writer_close_group(w);
        if (s->kind == 'I') {
          hdc_buf_puts(b, "  <rdf:Description rdf:about=\"");
          xml_text(b, s->v, s->n);
        } else {
          hdc_buf_puts(b, "  <rdf:Description rdf:nodeID=\"");
          blank_label(w, b, s);
        }
        hdc_buf_puts(b, "\">\n");
      }
      hdc_buf_puts(b, "    <p:");
      hdc_buf_append(b, p->v + split, p->n - split);
      hdc_buf_puts(b, " xmlns:p=\"");
      xml_text(b, p->v, split);
      hdc_buf_putc(b, '"');
      if (o->kind == 'I') {
        hdc_buf_puts(b, " rdf:resource=\"");
        xml_text(b, o->v, o->n);
        hdc_buf_puts(b, "\"/>\n");
      } else if (o->kind == 'B') {
        hdc_buf_puts(b, " rdf:nodeID=\"");
        blank_label(w, b, o);
        hdc_buf_puts(b, "\"/>\n");
      } else {
        if (o->lang) {
          hdc_buf_puts(b, " xml:lang=\"");
          xml_text(b, o->lang, o->lang_n);
          hdc_buf_putc(b, '"');
        } else if (o->dt) {
          hdc_buf_puts(b, " rdf:datatype=\"");
          xml_text(b, o->dt, o->dt_n);
          hdc_buf_putc(b, '"');
        }
        hdc_buf_putc(b, '>');
        xml_text(b, o->v, o->n);
        hdc_buf_puts(b, "</p:");
        hdc_buf_append(b, p->v + split, p->n - split);
        hdc_buf_puts(b, ">\n");
      }
      break;
    }
  }
  if (w->fmt != FEED_NTRIPLES) {
    w->open = true;
    if (new_subject)
      remember(&w->subj, s->kind, &skey);
    if (new_pred)
      remember(&w->pred, 'I', p);
  }
  w->first = false;
  hdc_buf_clear(&key);
}

static void
writer_begin(writer *w, const char *comment)
{
  switch (w->fmt) {
    case FEED_TURTLE:
    case FEED_NTRIPLES: hdc_buf_printf(w->out, "# %s\n", comment); break;
    case FEED_JSONLD: hdc_buf_puts(w->out, "["); break;
    case FEED_RDFXML:
      hdc_buf_puts(w->out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!-- ");
      hdc_web_xml_text(w->out, comment, strlen(comment));
      hdc_buf_puts(w->out, " -->\n<rdf:RDF xmlns:rdf=\"" RDF_NS "\">\n");
      break;
  }
  w->first = true;
}

static void
writer_end(writer *w)
{
  writer_close_group(w);
  switch (w->fmt) {
    case FEED_JSONLD: hdc_buf_puts(w->out, "\n]\n"); break;
    case FEED_RDFXML: hdc_buf_puts(w->out, "</rdf:RDF>\n"); break;
    default: break;
  }
}

static void
writer_clear(writer *w)
{
  hdc_buf_clear(&w->subj);
  hdc_buf_clear(&w->pred);
}

/* ------------------------------------------------------------------------ */
/* Times                                                                    */

static long long
days_from_civil(long long y, unsigned m, unsigned d)
{
  y -= m <= 2;
  long long era = (y >= 0 ? y : y - 399) / 400;
  unsigned  yoe = (unsigned)(y - era * 400);
  unsigned  doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  unsigned  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (long long)doe - 719468;
}

/* "YYYY-MM-DDThh:mm:ssZ" to Unix time; -1 if malformed. */
static long long
iso_to_time(const char *s)
{
  int y, mo, d, h, mi, se;
  if (!s ||
      sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &se) != 6)
    return -1;
  return days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 +
         mi * 60 + se;
}

/* An HTTP date (RFC 7231 IMF-fixdate) to Unix time; -1 if malformed. */
static long long
http_date_to_time(const char *s)
{
  static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
  char              mon[4];
  int               d, y, h, mi, se;
  if (!s ||
      sscanf(
        s, "%*3s, %2d %3s %4d %2d:%2d:%2d GMT", &d, mon, &y, &h, &mi, &se) != 6)
    return -1;
  const char *m = strstr(months, mon);
  if (!m || (m - months) % 3)
    return -1;
  return days_from_civil(y, (unsigned)((m - months) / 3 + 1), (unsigned)d) *
           86400 +
         h * 3600 + mi * 60 + se;
}

/* ------------------------------------------------------------------------ */
/* The feed                                                                 */

typedef struct feed
{
  hdc_store   *store;
  hdc_web_req *req;
  writer       w;
  hdc_buf      scratch, line;
  const char  *base, *catalog, *view;
  const char  *first, *last, *next, *prev;
  char         since[32];
  bool         has_since;
  size_t       page, size, last_page, total, held;
  char         last_change[32];
  int          phase; /* 0 header, 1 records, 2 finished */
  size_t       remaining;
  int64_t      after_id;
  size_t       offset;
  size_t       listed;
  hdc_status   failed;
  bool         paged; /* false: the whole catalogue (export), no Hydra */
  char         pub[600], kon[600], home[600], minted[600];
} feed;

static void
feed_free(void *p)
{
  feed *f = p;
  if (!f)
    return;
  writer_clear(&f->w);
  hdc_buf_clear(&f->scratch);
  hdc_buf_clear(&f->line);
  hdc_free(f);
}

static void
t3(feed *f, term s, const char *p, term o)
{
  term pt = iri(p);
  writer_triple(&f->w, &s, &pt, &o);
}

static void feed_hydra(feed *f, term v, const char *total, const char *itemsz);
static void feed_agents(feed *f);

static void
feed_header(feed *f)
{
  char  n[32], total[32], itemsz[32], held_fr[512], held_en[512];
  term  c    = iri(f->catalog);
  term  v    = iri(f->view ? f->view : f->catalog);
  char *pub  = f->pub;
  char *kon  = f->kon;
  char *home = f->home;
  snprintf(pub, sizeof f->pub, "%s/#publisher", f->base);
  snprintf(kon, sizeof f->kon, "%s/#contact", f->base);
  snprintf(home, sizeof f->home, "%s/", f->base);
  snprintf(total, sizeof total, "%zu", f->total);
  snprintf(itemsz, sizeof itemsz, "%zu", f->size);
  snprintf(n, sizeof n, "%zu", f->page);
  snprintf(held_fr,
           sizeof held_fr,
           "Catalogue national des jeux de données de santé, décrits selon "
           "HealthDCAT-AP. %zu jeu(x) de données conforme(s) exporté(s) ; "
           "%zu retenu(s) parce qu'ils ne sont pas conformes à leur profil.",
           f->total,
           f->held);
  snprintf(held_en,
           sizeof held_en,
           "National catalogue of health datasets, described with "
           "HealthDCAT-AP. %zu conforming dataset(s) exported; %zu held back "
           "because they do not conform to their profile.",
           f->total,
           f->held);
  char comment[160];
  if (f->paged)
    snprintf(comment,
             sizeof comment,
             "hdcat DCAT feed, page %zu of %zu, %zu records, %zu held back",
             f->page,
             f->last_page,
             f->total,
             f->held);
  else
    snprintf(comment,
             sizeof comment,
             "hdcat catalogue export, %zu records, %zu held back",
             f->total,
             f->held);
  writer_begin(&f->w, comment);
  /* The catalogue. */
  t3(f, c, RDF_TYPE, iri(DCAT_NS "Catalog"));
  if (f->paged)
    t3(f, c, RDF_TYPE, iri(HYDRA_NS "Collection"));
  t3(
    f, c, DCT_NS "title", lit("Catalogue national des données de santé", "fr"));
  t3(f, c, DCT_NS "title", lit("National catalogue of health data", "en"));
  t3(f, c, DCT_NS "description", lit(held_fr, "fr"));
  t3(f, c, DCT_NS "description", lit(held_en, "en"));
  t3(f, c, DCT_NS "publisher", iri(pub));
  t3(f, c, DCAT_NS "contactPoint", iri(kon));
  t3(f, c, FOAF_NS "homepage", iri(home));
  t3(f,
     c,
     DCT_NS "language",
     iri("http://publications.europa.eu/resource/authority/language/FRA"));
  t3(f,
     c,
     DCT_NS "language",
     iri("http://publications.europa.eu/resource/authority/language/ENG"));
  if (*f->last_change)
    t3(f, c, DCT_NS "modified", typed(f->last_change, XSD_NS "dateTime"));
  /* What DCAT-AP 3 asks of a catalogue: the legislation it serves (the
   * European Health Data Space regulation), its licence, coverage and
   * theme taxonomy. */
  t3(f, c, DCATAP_NS "applicableLegislation", iri(EHDS_ELI));
  t3(f, c, DCT_NS "license", iri(EU_AUTH "licence/CC0"));
  t3(f, c, DCT_NS "spatial", iri(EU_AUTH "country/FRA"));
  t3(f, c, DCAT_NS "themeTaxonomy", iri(EU_AUTH "data-theme"));
  if (f->paged) {
    t3(f, c, HYDRA_NS "totalItems", typed(total, XSD_NS "integer"));
    t3(f, c, HYDRA_NS "view", iri(f->view));
  }
  if (f->paged)
    feed_hydra(f, v, total, itemsz);
  feed_agents(f);
}

/* This page: the current Hydra terms (IRIs) and the legacy ones. */
static void
feed_hydra(feed *f, term v, const char *total, const char *itemsz)
{
  t3(f, v, RDF_TYPE, iri(HYDRA_NS "PartialCollectionView"));
  t3(f, v, RDF_TYPE, iri(HYDRA_NS "PagedCollection"));
  t3(f, v, HYDRA_NS "first", iri(f->first));
  t3(f, v, HYDRA_NS "last", iri(f->last));
  if (f->next)
    t3(f, v, HYDRA_NS "next", iri(f->next));
  if (f->prev)
    t3(f, v, HYDRA_NS "previous", iri(f->prev));
  /* ...and the legacy PagedCollection ones (literals). */
  t3(f, v, HYDRA_NS "firstPage", lit(f->first, NULL));
  t3(f, v, HYDRA_NS "itemsPerPage", typed(itemsz, XSD_NS "integer"));
  t3(f, v, HYDRA_NS "lastPage", lit(f->last, NULL));
  if (f->next)
    t3(f, v, HYDRA_NS "nextPage", lit(f->next, NULL));
  if (f->prev)
    t3(f, v, HYDRA_NS "previousPage", lit(f->prev, NULL));
  t3(f, v, HYDRA_NS "totalItems", typed(total, XSD_NS "integer"));
}

/* The nodes the catalogue's description names, on every page. */
static void
feed_agents(feed *f)
{
  const char *pub = f->pub, *kon = f->kon, *home = f->home;
  t3(f,
     iri(EHDS_ELI),
     RDF_TYPE,
     iri("http://data.europa.eu/eli/ontology#LegalResource"));
  t3(f, iri(EU_AUTH "licence/CC0"), RDF_TYPE, iri(DCT_NS "LicenseDocument"));
  t3(f, iri(EU_AUTH "country/FRA"), RDF_TYPE, iri(DCT_NS "Location"));
  t3(f,
     iri(EU_AUTH "data-theme"),
     RDF_TYPE,
     iri("http://www.w3.org/2004/02/skos/core#ConceptScheme"));
  t3(f, iri(EU_AUTH "data-theme"), DCT_NS "title", lit("Data theme", "en"));
  t3(f, iri(home), RDF_TYPE, iri(FOAF_NS "Document"));
  /* The agent and the contact point, on every page. */
  t3(f, iri(pub), RDF_TYPE, iri(FOAF_NS "Agent"));
  t3(f,
     iri(pub),
     DCT_NS "type",
     iri("http://purl.org/adms/publishertype/NationalAuthority"));
  t3(f,
     iri(pub),
     FOAF_NS "name",
     lit("Catalogue national des données de santé", "fr"));
  t3(f,
     iri(pub),
     FOAF_NS "name",
     lit("National catalogue of health data", "en"));
  t3(f, iri(kon), RDF_TYPE, iri(VCARD_NS "Kind"));
  t3(f,
     iri(kon),
     VCARD_NS "fn",
     lit("Catalogue national des données de santé", NULL));
  t3(f, iri(kon), VCARD_NS "hasURL", iri(home));
}

/* The dataset node of a record whose dataset is a blank node: the blank
 * subject typed dcat:Dataset. */
static bool
blank_dataset(feed *f, const char *nt, term *out)
{
  const char *p = nt;
  while (*p) {
    const char *e = strchr(p, '\n');
    size_t      n = e ? (size_t)(e - p) : strlen(p);
    term        s, pr, o;
    if (nt_line(p, n, &s, &pr, &o, &f->scratch) && s.kind == 'B' &&
        o.kind == 'I' && pr.n == sizeof RDF_TYPE - 1 &&
        !memcmp(pr.v, RDF_TYPE, pr.n) && o.n == sizeof DCAT_NS "Dataset" - 1 &&
        !memcmp(o.v, DCAT_NS "Dataset", o.n)) {
      /* s points into the line, which stays valid. */
      *out = s;
      return true;
    }
    p += n + (e ? 1 : 0);
  }
  return false;
}

static hdc_status
emit_record(void *ctx, const hdc_store_listed *r)
{
  feed   *f = ctx;
  writer *w = &f->w;
  term    ds;
  char   *minted    = NULL;
  term    blank_ds  = { 0, NULL, 0, NULL, 0, NULL, 0 };
  bool    has_blank = false;
  f->after_id       = r->id;
  f->listed++;
  snprintf(w->bprefix, sizeof w->bprefix, "r%lldx", (long long)r->id);
  if (r->iri[0] == '_' && r->iri[1] == ':') {
    /* A blank-node dataset gets a stable IRI of this catalogue. */
    minted = f->minted;
    snprintf(
      minted, sizeof f->minted, "%s/dataset/%lld", f->base, (long long)r->id);
    ds        = iri(minted);
    has_blank = blank_dataset(f, r->ntriples, &blank_ds);
    if (has_blank) {
      /* Keep the label: scratch is reused line by line. */
      hdc_buf_reset(&f->line);
      hdc_buf_append(&f->line, blank_ds.v, blank_ds.n);
      if (hdc_buf_status(&f->line))
        return HDC_ERR_NOMEM;
      blank_ds.v = f->line.ptr;
    }
  } else {
    ds = iri(r->iri);
  }
  if (f->catalog) {
    term cat = iri(f->catalog);
    t3(f, cat, DCAT_NS "dataset", ds);
  }
  const char *p = r->ntriples;
  while (*p) {
    const char *e = strchr(p, '\n');
    size_t      n = e ? (size_t)(e - p) : strlen(p);
    term        s, pr, o;
    if (n && nt_line(p, n, &s, &pr, &o, &f->scratch)) {
      if (has_blank && s.kind == 'B' && s.n == blank_ds.n &&
          !memcmp(s.v, blank_ds.v, s.n))
        s = ds;
      if (has_blank && o.kind == 'B' && o.n == blank_ds.n &&
          !memcmp(o.v, blank_ds.v, o.n))
        o = ds;
      writer_triple(w, &s, &pr, &o);
    }
    p += n + (e ? 1 : 0);
  }
  return hdc_buf_status(w->out);
}

static hdc_status
feed_stream(void *state, hdc_buf *out, bool *done)
{
  feed     *f = state;
  hdc_error err;
  hdc_error_clear(&err);
  f->w.out = out;
  *done    = false;
  if (f->phase == 0) {
    feed_header(f);
    f->phase = 1;
    if (f->failed)
      return f->failed;
    return hdc_buf_status(out);
  }
  if (f->phase == 1 && f->remaining > 0) {
    hdc_store_list_query q;
    memset(&q, 0, sizeof q);
    q.since       = f->has_since ? f->since : NULL;
    q.after_id    = f->after_id;
    q.offset      = f->offset;
    q.limit       = f->remaining < BATCH ? f->remaining : BATCH;
    size_t     n  = 0;
    hdc_status st = hdc_store_list(f->store, &q, emit_record, f, &n, &err);
    if (st) {
      hdc_log(HDC_LOG_ERROR, "feed: %s", err.message);
      return st;
    }
    f->offset = 0;
    f->remaining -= n < f->remaining ? n : f->remaining;
    if (n < q.limit)
      f->remaining = 0; /* the catalogue shrank meanwhile */
    return hdc_buf_status(out);
  }
  writer_end(&f->w);
  f->phase = 2;
  *done    = true;
  return hdc_buf_status(out);
}

/* The counts of the last window asked for, per thread: counting 100,000
 * index entries on every page of a walk would cost more than the page. */
typedef struct counts_cache
{
  int64_t               version;
  char                  since[32];
  bool                  valid;
  hdc_store_list_counts counts;
} counts_cache;

void
hdc_web_feed_cache_free(void *cache)
{
  hdc_free(cache);
}

static hdc_status
cached_counts(hdc_web_ctx                *ctx,
              const hdc_store_list_query *q,
              hdc_store_list_counts      *c,
              hdc_error                  *err)
{
  counts_cache *cc = ctx->feed_cache;
  int64_t       v  = 0;
  hdc_status    st;
  if (!cc) {
    cc = ctx->feed_cache = hdc_calloc(1, sizeof *cc);
    if (!cc)
      return HDC_ERR_NOMEM;
  }
  if ((st = hdc_store_list_version(ctx->store, &v, err)))
    return st;
  if (cc->valid && cc->version == v &&
      !strcmp(cc->since, q->since ? q->since : "")) {
    *c = cc->counts;
    return HDC_OK;
  }
  cc->valid = false;
  if ((st = hdc_store_list_count(ctx->store, q, c, err)))
    return st;
  cc->counts  = *c;
  cc->version = c->version;
  snprintf(cc->since, sizeof cc->since, "%s", q->since ? q->since : "");
  cc->valid = true;
  return HDC_OK;
}

/* "@p path?page=N[&page_size=S][&modified_since=D][&after=ID]" under the
 * base URL. */
static const char *
page_link(hdc_web_req *req,
          const char  *base,
          size_t       page,
          size_t       size,
          bool         size_given,
          const char  *since_raw,
          int64_t      after)
{
  hdc_buf b = HDC_BUF_INIT;
  hdc_buf_printf(&b, "%s%s?page=%zu", base, req->path, page);
  if (size_given)
    hdc_buf_printf(&b, "&page_size=%zu", size);
  if (since_raw) {
    hdc_buf_puts(&b, "&modified_since=");
    for (const unsigned char *p = (const unsigned char *)since_raw; *p; ++p) {
      if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
          (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' || *p == '_' ||
          *p == '~')
        hdc_buf_putc(&b, (char)*p);
      else
        hdc_buf_printf(&b, "%%%02X", *p);
    }
  }
  if (after > 0)
    hdc_buf_printf(&b, "&after=%lld", (long long)after);
  char *s =
    hdc_buf_status(&b) ? NULL : hdc_arena_strndup(req->arena, b.ptr, b.len);
  hdc_buf_clear(&b);
  return s;
}

hdc_status
hdc_web_handle_catalog(hdc_web_req *req, hdc_web_resp *resp)
{
  feed_format fmt      = FEED_TURTLE;
  bool        suffixed = false;
  for (size_t i = 0; i < sizeof feed_forms / sizeof feed_forms[0]; ++i) {
    size_t pl = strlen(req->path), sl = strlen(feed_forms[i].suffix);
    if (pl > sl && !strcmp(req->path + pl - sl, feed_forms[i].suffix)) {
      fmt      = (feed_format)i;
      suffixed = true;
    }
  }
  if (!suffixed) {
    static const char *const offered[] = { "text/turtle",
                                           "application/rdf+xml",
                                           "application/ld+json",
                                           "application/n-triples",
                                           NULL };
    const char              *best      = hdc_web_req_negotiate(req, offered);
    if (!best)
      return hdc_web_resp_json_error(
        resp,
        406,
        "not_acceptable",
        "the catalogue is available as text/turtle, application/rdf+xml, "
        "application/ld+json and application/n-triples");
    for (size_t i = 0; i < 4; ++i)
      if (!strcmp(best, feed_forms[i].media))
        fmt = (feed_format)i;
    hdc_web_resp_header(req, resp, "Vary", "Accept");
  }
  /* Parameters. */
  size_t             page = 1, size = PAGE_SIZE_DEFAULT;
  const char        *pv    = hdc_web_req_param(req, "page");
  const char        *sv    = hdc_web_req_param(req, "page_size");
  const char        *mv    = hdc_web_req_param(req, "modified_since");
  const char        *av    = hdc_web_req_param(req, "after");
  unsigned long long after = 0;
  char              *end;
  if (av) {
    after = strtoull(av, &end, 10);
    if (!*av || *end || *av == '-' || *av == '+' || after > INT64_MAX)
      return hdc_web_resp_json_error(
        resp, 400, "bad_request", "after is a record id");
  }
  if (pv) {
    unsigned long long n = strtoull(pv, &end, 10);
    if (!*pv || *end || *pv == '-' || *pv == '+' || n == 0 || n > 100000000)
      return hdc_web_resp_json_error(
        resp, 400, "bad_request", "page is a number from 1");
    page = (size_t)n;
  }
  if (sv) {
    unsigned long long n = strtoull(sv, &end, 10);
    if (!*sv || *end || *sv == '-' || *sv == '+' || n == 0 || n > PAGE_SIZE_MAX)
      return hdc_web_resp_json_error(resp,
                                     400,
                                     "bad_request",
                                     "page_size is a number from 1 to %d",
                                     PAGE_SIZE_MAX);
    size = (size_t)n;
  }
  feed *f = hdc_calloc(1, sizeof *f);
  if (!f)
    return HDC_ERR_NOMEM;
  f->req   = req;
  f->paged = true;
  f->store = req->ctx->store;
  f->w.fmt = fmt;
  if (mv) {
    if (!hdc_web_iso_parse(mv, false, f->since)) {
      feed_free(f);
      return hdc_web_resp_json_error(
        resp,
        400,
        "bad_request",
        "modified_since is an ISO 8601 UTC date or date-time, e.g. "
        "2025-01-31 or 2025-01-31T12:00:00Z");
    }
    f->has_since = true;
  }
  hdc_store_list_query  q;
  hdc_store_list_counts c;
  hdc_error             err;
  hdc_error_clear(&err);
  memset(&q, 0, sizeof q);
  q.since       = f->has_since ? f->since : NULL;
  hdc_status st = cached_counts(req->ctx, &q, &c, &err);
  if (st) {
    feed_free(f);
    hdc_log(HDC_LOG_ERROR, "feed: %s", err.message);
    return hdc_web_resp_json_error(
      resp, 503, "unavailable", "the catalogue cannot be read");
  }
  f->total     = c.exported;
  f->held      = c.held_back;
  f->page      = page;
  f->size      = size;
  f->last_page = f->total ? (f->total + size - 1) / size : 1;
  memcpy(f->last_change, c.last_change, sizeof f->last_change);
  if (page > f->last_page) {
    size_t last = f->last_page;
    feed_free(f);
    return hdc_web_resp_json_error(resp,
                                   404,
                                   "not_found",
                                   "page %zu is past the last page (%zu)",
                                   page,
                                   last);
  }
  /* Conditional request: same version, same parameters, same answer. */
  char etag[128];
  snprintf(etag,
           sizeof etag,
           "W/\"%lld-%zu-%zu-%016llx-%d\"",
           (long long)c.version,
           f->total,
           f->held,
           (unsigned long long)hdc_hash64(req->query, strlen(req->query), 0),
           (int)fmt);
  hdc_web_resp_header(req, resp, "ETag", etag);
  long long lm = iso_to_time(c.last_change);
  if (lm >= 0) {
    char date[40];
    hdc_web_http_date(lm, date);
    hdc_web_resp_header(req, resp, "Last-Modified", date);
  }
  hdc_web_resp_header(req, resp, "Cache-Control", "no-cache");
  const char *inm   = hdc_web_req_header(req, "If-None-Match");
  const char *ims   = hdc_web_req_header(req, "If-Modified-Since");
  bool        fresh = false;
  if (inm)
    fresh = strstr(inm, etag + 2) != NULL || !strcmp(inm, "*");
  else if (ims && lm >= 0) {
    long long t = http_date_to_time(ims);
    fresh       = t >= 0 && lm <= t;
  }
  if (fresh) {
    feed_free(f);
    resp->status = 304;
    return HDC_OK;
  }
  const char *base = hdc_web_app_base_url(req->ctx->app);
  size_t      blen = strlen(base) + sizeof "/catalog";
  char       *cat  = hdc_arena_alloc(req->arena, blen);
  if (!cat) {
    feed_free(f);
    return HDC_ERR_NOMEM;
  }
  snprintf(cat, blen, "%s/catalog", base);
  f->base    = base;
  f->catalog = cat;
  /* Where the page starts: after the record an `after` cursor names (the
   * next links carry one, so a walk never counts its way through the
   * records before its page), else at its position, found in the index. */
  hdc_store_list_query nq;
  memset(&nq, 0, sizeof nq);
  nq.since = f->has_since ? f->since : NULL;
  if (av) {
    f->after_id = (int64_t)after;
  } else if (page > 1) {
    nq.offset = (page - 1) * size - 1;
    st        = hdc_store_list_nth(f->store, &nq, &f->after_id, &err);
    if (st && st != HDC_ERR_NOT_FOUND) {
      feed_free(f);
      return st;
    }
  }
  /* The last record of this page, for the next page's cursor. */
  int64_t last_id = 0;
  if (page < f->last_page) {
    nq.after_id = f->after_id;
    nq.offset   = size - 1;
    st          = hdc_store_list_nth(f->store, &nq, &last_id, &err);
    if (st && st != HDC_ERR_NOT_FOUND) {
      feed_free(f);
      return st;
    }
  }
  f->view  = page_link(req, base, page, size, sv != NULL, mv, 0);
  f->first = page_link(req, base, 1, size, sv != NULL, mv, 0);
  f->last  = page_link(req, base, f->last_page, size, sv != NULL, mv, 0);
  f->next  = page < f->last_page
               ? page_link(req, base, page + 1, size, sv != NULL, mv, last_id)
               : NULL;
  f->prev =
    page > 1 ? page_link(req, base, page - 1, size, sv != NULL, mv, 0) : NULL;
  if (!f->view || !f->first || !f->last || (page < f->last_page && !f->next) ||
      (page > 1 && !f->prev)) {
    feed_free(f);
    return HDC_ERR_NOMEM;
  }
  f->offset    = 0;
  f->remaining = page == f->last_page ? f->total - (page - 1) * size : size;
  if (f->total == 0)
    f->remaining = 0;
  resp->content_type = feed_forms[fmt].content_type;
  resp->stream       = feed_stream;
  resp->stream_state = f;
  resp->stream_free  = feed_free;
  return HDC_OK;
}

/* ------------------------------------------------------------------------ */
/* Export                                                                   */

hdc_status
hdc_web_export(const char      *db_path,
               const char      *base_url,
               const char      *format,
               hdc_web_write_fn write,
               void            *ctx,
               size_t          *n_records,
               size_t          *n_held_back,
               hdc_error       *err)
{
  static const char *const names[] = {
    "turtle", "rdfxml", "jsonld", "ntriples"
  };
  hdc_store            *s   = NULL;
  feed                 *f   = NULL;
  hdc_buf               out = HDC_BUF_INIT;
  hdc_status            st  = HDC_OK;
  hdc_store_list_counts c;
  int                   fmt = -1;
  for (int i = 0; i < 4; ++i)
    if (format && !strcmp(format, names[i]))
      fmt = i;
  if (fmt < 0 || !write)
    return hdc_error_set(err,
                         HDC_ERR_INVALID_ARG,
                         NULL,
                         0,
                         0,
                         "export formats: turtle, rdfxml, jsonld, ntriples");
  hdc_store_open_opts oo = { .read_only = true };
  if ((st = hdc_store_open(db_path, &oo, &s, err)) ||
      (st = hdc_store_list_count(s, NULL, &c, err)))
    goto done;
  f = hdc_calloc(1, sizeof *f);
  if (!f) {
    st = hdc_error_set(err, HDC_ERR_NOMEM, NULL, 0, 0, "out of memory");
    goto done;
  }
  char cat[600];
  f->store = s;
  f->w.fmt = (feed_format)fmt;
  f->base  = base_url && *base_url ? base_url : "http://localhost:8080";
  snprintf(cat, sizeof cat, "%s/catalog", f->base);
  f->catalog   = cat;
  f->total     = c.exported;
  f->held      = c.held_back;
  f->remaining = c.exported;
  f->page      = 1;
  f->last_page = 1;
  memcpy(f->last_change, c.last_change, sizeof f->last_change);
  bool fin = false;
  while (!fin) {
    hdc_buf_reset(&out);
    if ((st = feed_stream(f, &out, &fin))) {
      hdc_error_set(
        err, st, db_path, 0, 0, "export failed: %s", hdc_strerror(st));
      goto done;
    }
    /* The export has no page size: the listing ends the document. */
    if (f->phase == 1 && f->remaining == 0 && f->listed < f->total)
      f->total = f->listed;
    if (out.len && (st = write(ctx, out.ptr, out.len)))
      goto done;
  }
  if (n_records)
    *n_records = f->listed;
  if (n_held_back)
    *n_held_back = f->held;
done:
  feed_free(f);
  hdc_buf_clear(&out);
  hdc_store_close(s);
  return st;
}

/* ------------------------------------------------------------------------ */
/* One record, for OAI-PMH                                                  */

hdc_status
hdc_web_record_rdfxml(hdc_buf                *out,
                      const hdc_store_listed *r,
                      const char             *base_url)
{
  feed *f = hdc_calloc(1, sizeof *f);
  if (!f)
    return HDC_ERR_NOMEM;
  f->w.fmt = FEED_RDFXML;
  f->w.out = out;
  f->base  = base_url;
  hdc_buf_puts(out, "<rdf:RDF xmlns:rdf=\"" RDF_NS "\">\n");
  hdc_status st = emit_record(f, r);
  writer_close_group(&f->w);
  hdc_buf_puts(out, "</rdf:RDF>\n");
  feed_free(f);
  return st ? st : hdc_buf_status(out);
}

/* Dublin Core elements for the dataset's own properties. */
static const struct
{
  const char *pred;
  const char *dc;
} dc_map[] = {
  { DCT_NS "title", "title" },
  { DCT_NS "description", "description" },
  { DCAT_NS "keyword", "subject" },
  { DCAT_NS "theme", "subject" },
  { DCT_NS "publisher", "publisher" },
  { DCT_NS "creator", "creator" },
  { DCT_NS "issued", "date" },
  { DCT_NS "modified", "date" },
  { DCT_NS "identifier", "identifier" },
  { DCT_NS "language", "language" },
  { DCT_NS "accessRights", "rights" },
  { DCT_NS "spatial", "coverage" },
  { DCT_NS "temporal", "coverage" },
};

hdc_status
hdc_web_record_dc(hdc_buf *out, const hdc_store_listed *r)
{
  hdc_buf scratch = HDC_BUF_INIT;
  bool    blank   = r->iri[0] == '_' && r->iri[1] == ':';
  hdc_buf_puts(out,
               "<oai_dc:dc xmlns:oai_dc=\"http://www.openarchives.org/OAI/"
               "2.0/oai_dc/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
               "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
               "xsi:schemaLocation=\"http://www.openarchives.org/OAI/2.0/"
               "oai_dc/ http://www.openarchives.org/OAI/2.0/oai_dc.xsd\">\n");
  hdc_buf_puts(out, "  <dc:type>Dataset</dc:type>\n");
  if (!blank) {
    hdc_buf_puts(out, "  <dc:identifier>");
    xml_text(out, r->iri, strlen(r->iri));
    hdc_buf_puts(out, "</dc:identifier>\n");
  }
  const char *p = r->ntriples;
  while (*p) {
    const char *e = strchr(p, '\n');
    size_t      n = e ? (size_t)(e - p) : strlen(p);
    term        s, pr, o;
    if (n && nt_line(p, n, &s, &pr, &o, &scratch) && s.kind == 'I' && !blank &&
        s.n == strlen(r->iri) && !memcmp(s.v, r->iri, s.n) && o.kind != 'B') {
      for (size_t i = 0; i < sizeof dc_map / sizeof dc_map[0]; ++i) {
        if (pr.n == strlen(dc_map[i].pred) &&
            !memcmp(pr.v, dc_map[i].pred, pr.n)) {
          hdc_buf_printf(out, "  <dc:%s", dc_map[i].dc);
          if (o.lang) {
            hdc_buf_puts(out, " xml:lang=\"");
            xml_text(out, o.lang, o.lang_n);
            hdc_buf_putc(out, '"');
          }
          hdc_buf_putc(out, '>');
          xml_text(out, o.v, o.n);
          hdc_buf_printf(out, "</dc:%s>\n", dc_map[i].dc);
          break;
        }
      }
    }
    p += n + (e ? 1 : 0);
  }
  hdc_buf_puts(out, "</oai_dc:dc>\n");
  hdc_buf_clear(&scratch);
  return hdc_buf_status(out);
}
