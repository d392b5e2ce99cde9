// SPDX-License-Identifier: EUPL-1.2
/*
 * Parsing RDF documents into a graph: Turtle, RDF/XML, N-Triples, N-Quads
 * and TriG through raptor2, JSON-LD through hdc_jsonld_parse(). Turtle goes
 * first to the fast reader of turtle.c, and to raptor only when that one
 * declines; N-Triples and N-Quads are read here (see nt_reader).
 *
 * Every parse goes through the same gate before any parser sees a byte:
 * the UTF-8 byte-order mark is dropped, the document-size limit is checked,
 * the bytes must be UTF-8, and a linear pre-scan bounds the nesting depth
 * (raptor does not: deep RDF/XML costs it quadratic time, and deep Turtle
 * only stops at the parser's stack limit). The other limits (triples,
 * literal and IRI length) are checked as statements arrive.
 *
 * A parse is all-or-nothing. Raptor keeps going after many errors (the
 * RDF/XML parser reports them and returns success with a partial graph), so
 * any message at error level or above fails the parse, the first one is the
 * one reported, later statements are ignored, and the graph is truncated
 * back to its size before the call.
 *
 * Each call has a raptor_world to itself, taken from a pool (see
 * world_take()), so parses in several threads do not share raptor state.
 *
 * Blank-node labels are scoped to the document: every label raptor hands
 * out is "<doc>u<label>" for a label written in the document or
 * "<doc>g<n>" for one raptor made up, where <doc> is "b<n>_" built from a
 * fresh blank node of the world (fresh labels never contain '_', so the
 * prefixes of two documents never overlap, and the u/g split keeps a
 * document's own "_:genid1" apart from raptor's).
 */
#include "rdf_internal.h"

#include <errno.h>
#include <libxml/globals.h>
#include <libxml/xmlerror.h>
#include <pthread.h>
#include <raptor2.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#define DEFAULT_BASE_IRI "urn:hdcat:doc/"

/* Bytes handed to raptor per call. */
#define PARSE_CHUNK ((size_t)1 << 20)

/* Longest message copied from a raptor log record. */
#define MAX_MESSAGE 400

typedef struct parse_ctx
{
  hdc_graph     *g;
  hdc_world     *w;
  const char    *source;
  hdc_error     *err;
  hdc_status     st; /* first failure; statements are ignored after it */
  raptor_parser *parser;
  uint64_t       max_triples;
  uint64_t       max_literal;
  uint64_t       max_iri;
  uint64_t       n_statements;
  unsigned long  n_generated; /* blank nodes raptor made up */
  char           prefix[40];  /* "b<n>_", this document's blank prefix */
  size_t         prefix_len;
  hdc_buf        label; /* scratch for labels that missed the handler */
  hdc_buf        iri;   /* scratch for IRIs being rewritten */
  hdc_buf        enc;   /* scratch for IRIs being percent-encoded */
  unsigned long  n_fixed_iris;
  hdc_format     format;
  const char    *data; /* the document, for positions raptor cannot give */
  size_t         len;
  /* Raptor resolves relative IRIs wrongly against a base without an
   * authority ("urn:hdcat:doc/" + "a" gives "urn:a"), so such a base is
   * handed to raptor as map_from + its scheme-specific part, and resolved
   * IRIs starting with map_from get map_to back. */
  hdc_str          map_from;
  hdc_str          map_to;
  struct iri_slot *iri_cache; /* raptor_uri -> term, see iri_term() */
  bool             nt;        /* our N-Triples reader is the one reading */
  unsigned long    nt_line;   /* and this is its line */
} parse_ctx;

/* Stands for a base without an authority (".invalid" is reserved, RFC
 * 2606, so no real IRI starts with it). */
#define PLACEHOLDER_BASE "http://hdcat.invalid/"

/* ------------------------------------------------------------------------ */
/* Positions                                                                */

/* 1-based line and column (in bytes) of data[offset]. */
static void
position_of(const char    *data,
            size_t         offset,
            unsigned long *line,
            unsigned long *column)
{
  unsigned long l   = 1;
  size_t        bol = 0;
  for (size_t i = 0; i < offset; i++) {
    if (data[i] == '\n') {
      l++;
      bol = i + 1;
    }
  }
  *line   = l;
  *column = (unsigned long)(offset - bol) + 1;
}

/* Where [needle, needle+n) first occurs in the document, as a line and
 * column; 0, 0 if it does not. Raptor's Turtle reader keeps no position
 * while it emits statements, so a limit error there is placed by finding
 * the offending text (at most its first 64 bytes; an escaped text may not
 * be found, and then the position stays unknown). */
static void
find_position(const char    *data,
              size_t         len,
              const char    *needle,
              size_t         n,
              unsigned long *line,
              unsigned long *col)
{
  *line = 0;
  *col  = 0;
  if (n > 64) {
    n = 64;
  }
  if (n == 0 || n > len) {
    return;
  }
  for (size_t i = 0; i + n <= len;) {
    const char *p = memchr(data + i, needle[0], len - n + 1 - i);
    if (!p) {
      return;
    }
    if (memcmp(p, needle, n) == 0) {
      position_of(data, (size_t)(p - data), line, col);
      return;
    }
    i = (size_t)(p - data) + 1;
  }
}

/* ------------------------------------------------------------------------ */
/* Pre-scans                                                                */

/* Bytes at which the depth scan has something to do; every other byte is
 * passed over without a look at what it is. */
static const unsigned char turtle_stop[256] = {
  ['#'] = 1, ['<'] = 1, ['"'] = 1, ['\''] = 1,
  ['['] = 1, ['('] = 1, [']'] = 1, [')'] = 1,
};

/* First byte of [i, end) equal to c, or end. */
static size_t
find_byte(const char *data, size_t i, size_t end, char c)
{
  const char *p = i < end ? memchr(data + i, c, end - i) : NULL;
  return p ? (size_t)(p - data) : end;
}

/*
 * The body of a short string ('...' or "..."), from just after its opening
 * quote: the index of its closing quote, of the newline that ends it when
 * it is unterminated, or len or beyond. Strings seldom hold escapes or
 * newlines, so the closing quote is found with memchr and the run before
 * it is checked with memchr too; the quote found stays valid after an
 * escape (no quote lies between), so each byte is looked at a bounded
 * number of times.
 */
static size_t
skip_short_string(const char *data, size_t len, size_t i, char q)
{
  size_t quote = 0;
  while (i < len) {
    if (quote < i) {
      quote = find_byte(data, i, len, q);
    }
    size_t esc = find_byte(data, i, quote, '\\');
    size_t nl  = find_byte(data, i, esc, '\n');
    if (nl < esc) {
      return nl;
    }
    if (esc == quote) {
      return quote;
    }
    i = esc + 2; /* an escape takes the byte after it, whatever it is */
  }
  return i;
}

/* The body of a long string ('''...''' or """..."""), from just after its
 * opening quotes: the index of the last of its closing quotes, or len or
 * beyond. */
static size_t
skip_long_string(const char *data, size_t len, size_t i, char q)
{
  size_t quote = 0;
  while (i < len) {
    if (quote < i) {
      quote = find_byte(data, i, len, q);
    }
    size_t esc = find_byte(data, i, quote, '\\');
    if (esc < quote) {
      i = esc + 2;
      continue;
    }
    i = quote;
    if (i < len && len - i >= 3 && data[i + 1] == q && data[i + 2] == q) {
      /* """a"""" ends with the last three quotes. */
      while (len - i > 3 && data[i + 3] == q) {
        i++;
      }
      return i + 2;
    }
    i++;
  }
  return i;
}

/*
 * Depth of '[' and '(' in Turtle and TriG, skipping comments, IRIs and
 * strings (short and long, with escapes). The scan is lexical, not a parse:
 * on malformed input its answer may be off, but then raptor refuses the
 * document anyway; what matters is that every well-formed document deeper
 * than the limit is caught.
 *
 * It reads every document hdcat parses, so it jumps rather than steps:
 * bytes that open or close nothing are passed with one table look-up each,
 * and comments, IRIs and strings are crossed with memchr. Every jump is
 * bounded by the next byte of its kind, so the scan stays linear on any
 * input (the next '>' is remembered, since many '<' may share it).
 */
static hdc_status
scan_turtle_depth(const char *data,
                  size_t      len,
                  uint64_t    max_depth,
                  const char *source,
                  hdc_error  *err)
{
  uint64_t depth = 0;
  size_t   gt    = 0; /* the next '>' at or after i when gt >= i */
  size_t   i     = 0;
  while (i < len) {
    while (i < len && !turtle_stop[(unsigned char)data[i]]) {
      i++;
    }
    if (i >= len) {
      break;
    }
    char ch = data[i];
    switch (ch) {
      case '#': i = find_byte(data, i, len, '\n'); continue;
      case '<':
        /* An IRI never contains '>' or a newline unescaped. */
        i++;
        if (gt < i) {
          gt = find_byte(data, i, len, '>');
        }
        i = find_byte(data, i, gt, '\n');
        break;
      case '"':
      case '\'':
        if (len - i >= 3 && data[i + 1] == ch && data[i + 2] == ch) {
          i = skip_long_string(data, len, i + 3, ch);
        } else {
          i = skip_short_string(data, len, i + 1, ch);
        }
        break;
      case '[':
      case '(':
        if (++depth > max_depth) {
          unsigned long line, col;
          position_of(data, i, &line, &col);
          return hdc_error_set(err,
                               HDC_ERR_LIMIT,
                               source,
                               line,
                               col,
                               "nesting deeper than %llu levels (limit "
                               "nesting_depth)",
                               (unsigned long long)max_depth);
        }
        break;
      case ']':
      case ')':
        if (depth > 0) {
          depth--;
        }
        break;
      default: break;
    }
    i++;
  }
  return HDC_OK;
}

static bool
xml_has(const char *data, size_t len, size_t i, const char *lit)
{
  size_t n = strlen(lit);
  return len - i >= n && memcmp(data + i, lit, n) == 0;
}

/* Index of the first occurrence of lit at or after i, or len. */
static size_t
xml_find(const char *data, size_t len, size_t i, const char *lit)
{
  size_t n = strlen(lit);
  while (i < len) {
    const char *p = memchr(data + i, lit[0], len - i);
    if (!p) {
      return len;
    }
    i = (size_t)(p - data);
    if (len - i >= n && memcmp(p, lit, n) == 0) {
      return i;
    }
    i++;
  }
  return len;
}

static bool
xml_space(char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * Internal entities of a DOCTYPE, with the size each expands to. libxml2
 * stops nested expansion ("billion laughs") but not expansion spread over
 * many references: a 25 kB document can expand to hundreds of megabytes of
 * literals, each under the literal limit. So the pre-scan sizes every
 * entity and adds up the references of the document; see scan_xml().
 */
typedef struct xml_entity
{
  const char *name; /* into the document; NULL: empty slot */
  size_t      name_len;
  uint64_t    size; /* bytes once expanded, saturated at UINT64_MAX / 2 */
} xml_entity;

typedef struct xml_entities
{
  xml_entity *slots;
  size_t      cap; /* power of two */
  size_t      n;
} xml_entities;

#define SIZE_CAP (UINT64_MAX / 2)

static uint64_t
size_add(uint64_t a, uint64_t b)
{
  return (a >= SIZE_CAP || b >= SIZE_CAP - a) ? SIZE_CAP : a + b;
}

static xml_entity *
entity_slot(const xml_entities *t, const char *name, size_t len)
{
  size_t i = (size_t)hdc_hash64(name, len, 0) & (t->cap - 1);
  while (t->slots[i].name && !(t->slots[i].name_len == len &&
                               memcmp(t->slots[i].name, name, len) == 0)) {
    i = (i + 1) & (t->cap - 1);
  }
  return &t->slots[i];
}

static const xml_entity *
entity_find(const xml_entities *t, const char *name, size_t len)
{
  if (!t->cap) {
    return NULL;
  }
  const xml_entity *e = entity_slot(t, name, len);
  return e->name ? e : NULL;
}

/* Declare an entity (the first declaration of a name is the one that
 * counts, as in XML). */
static hdc_status
entity_add(xml_entities *t, const char *name, size_t len, uint64_t size)
{
  if ((t->n + 1) * 2 > t->cap) {
    size_t      cap   = t->cap ? t->cap * 2 : 16;
    xml_entity *slots = hdc_calloc(cap, sizeof *slots);
    if (!slots) {
      return HDC_ERR_NOMEM;
    }
    xml_entities bigger = { slots, cap, t->n };
    for (size_t i = 0; i < t->cap; i++) {
      if (t->slots[i].name) {
        *entity_slot(&bigger, t->slots[i].name, t->slots[i].name_len) =
          t->slots[i];
      }
    }
    hdc_free(t->slots);
    *t = bigger;
  }
  xml_entity *e = entity_slot(t, name, len);
  if (!e->name) {
    *e = (xml_entity){ name, len, size };
    t->n++;
  }
  return HDC_OK;
}

/* The name of the reference at data[i] == '&' ("&name;"); false for a
 * character reference or something that is not a reference. */
static bool
entity_ref(const char  *data,
           size_t       len,
           size_t       i,
           const char **name,
           size_t      *name_len)
{
  size_t k = i + 1;
  if (k >= len || data[k] == '#') {
    return false;
  }
  while (k < len && k - i <= 256 && data[k] != ';' && !xml_space(data[k]) &&
         data[k] != '&' && data[k] != '<') {
    k++;
  }
  if (k >= len || data[k] != ';' || k == i + 1) {
    return false;
  }
  *name     = data + i + 1;
  *name_len = k - i - 1;
  return true;
}

static bool
predefined_entity(const char *name, size_t len)
{
  static const char *const names[] = { "lt", "gt", "amp", "apos", "quot" };
  for (size_t i = 0; i < 5; i++) {
    if (strlen(names[i]) == len && memcmp(names[i], name, len) == 0) {
      return true;
    }
  }
  return false;
}

/*
 * Read the entity declarations of a DOCTYPE internal subset [i, end) into
 * t. libxml2 is told not to load external entities, so a reference to one
 * would silently read as empty text: such a declaration refuses the
 * document. An entity whose value holds markup could nest elements behind
 * the depth pre-scan's back, and one that uses an entity declared after it
 * could not be sized here: both are refused too (real RDF/XML uses
 * entities for namespace IRIs only).
 */
static hdc_status
scan_xml_entities(const char   *data,
                  size_t        i,
                  size_t        end,
                  xml_entities *t,
                  const char   *source,
                  hdc_error    *err)
{
  for (;;) {
    size_t at = xml_find(data, end, i, "<!ENTITY");
    if (at >= end) {
      return HDC_OK;
    }
    size_t p = at + 8;
    while (p < end && xml_space(data[p])) {
      p++;
    }
    bool parameter = p < end && data[p] == '%';
    if (parameter) {
      p++;
      while (p < end && xml_space(data[p])) {
        p++;
      }
    }
    size_t name = p;
    while (p < end && !xml_space(data[p])) {
      p++;
    }
    size_t name_len = p - name;
    int    shown    = (int)(name_len > 64 ? 64 : name_len);
    while (p < end && xml_space(data[p])) {
      p++;
    }
    unsigned long line, col;
    position_of(data, at, &line, &col);
    if (xml_has(data, end, p, "SYSTEM") || xml_has(data, end, p, "PUBLIC")) {
      return hdc_error_set(err,
                           HDC_ERR_UNSUPPORTED,
                           source,
                           line,
                           col,
                           "external entity '%.*s' is never loaded; inline "
                           "its text",
                           shown,
                           data + name);
    }
    if (p < end && (data[p] == '"' || data[p] == '\'')) {
      char     q     = data[p];
      size_t   close = p + 1;
      uint64_t size  = 0;
      while (close < end && data[close] != q) {
        const char *ref;
        size_t      ref_len;
        if (data[close] == '<') {
          return hdc_error_set(err,
                               HDC_ERR_UNSUPPORTED,
                               source,
                               line,
                               col,
                               "entity '%.*s' holds markup, which is not "
                               "supported",
                               shown,
                               data + name);
        }
        if (data[close] == '&' &&
            entity_ref(data, end, close, &ref, &ref_len)) {
          const xml_entity *e = entity_find(t, ref, ref_len);
          if (!e && !predefined_entity(ref, ref_len)) {
            return hdc_error_set(err,
                                 HDC_ERR_UNSUPPORTED,
                                 source,
                                 line,
                                 col,
                                 "entity '%.*s' uses entity '%.*s' declared "
                                 "after it, which is not supported",
                                 shown,
                                 data + name,
                                 (int)(ref_len > 64 ? 64 : ref_len),
                                 ref);
          }
          size = size_add(size, e ? e->size : 1);
          close += ref_len + 2;
          continue;
        }
        size = size_add(size, 1);
        close++;
      }
      if (!parameter) {
        hdc_status st = entity_add(t, data + name, name_len, size);
        if (st != HDC_OK) {
          return hdc_error_set(
            err, st, source, line, col, "out of memory reading entities");
        }
      }
      p = close;
    }
    i = p;
  }
}

/*
 * One lexical pass over an XML document: element depth (skipping
 * comments, CDATA, processing instructions and the DOCTYPE, with quoted
 * attribute values, which may hold '>'), the DOCTYPE's entities, and the
 * bytes their references add once expanded. Lexical like the Turtle scan:
 * libxml2 does the real checking.
 */
static hdc_status
scan_xml(const char *data,
         size_t      len,
         uint64_t    max_depth,
         uint64_t    max_doc,
         const char *source,
         hdc_error  *err)
{
  hdc_status   st    = HDC_OK;
  xml_entities ents  = { NULL, 0, 0 };
  uint64_t     depth = 0;
  size_t       i     = 0;
  size_t       body  = 0; /* where the content after the DOCTYPE starts */
  while (i < len) {
    const char *lt = memchr(data + i, '<', len - i);
    if (!lt) {
      break;
    }
    i = (size_t)(lt - data);
    if (xml_has(data, len, i, "<!--")) {
      i = xml_find(data, len, i + 4, "-->") + 3;
    } else if (xml_has(data, len, i, "<![CDATA[")) {
      i = xml_find(data, len, i + 9, "]]>") + 3;
    } else if (xml_has(data, len, i, "<?")) {
      i = xml_find(data, len, i + 2, "?>") + 2;
    } else if (xml_has(data, len, i, "<!DOCTYPE")) {
      /* The internal subset, if any, is between '[' and "]>". */
      size_t p = i + 9;
      while (p < len && data[p] != '[' && data[p] != '>') {
        if (data[p] == '"' || data[p] == '\'') {
          p = xml_find(data, len, p + 1, data[p] == '"' ? "\"" : "'");
        }
        p++;
      }
      if (p < len && data[p] == '[') {
        /* The subset ends at ']', optional white space, '>'. */
        size_t end = p;
        for (;;) {
          end      = xml_find(data, len, end + 1, "]");
          size_t k = end + 1;
          while (k < len && xml_space(data[k])) {
            k++;
          }
          if (end >= len || (k < len && data[k] == '>')) {
            break;
          }
        }
        st = scan_xml_entities(data, p, end, &ents, source, err);
        if (st != HDC_OK) {
          goto done;
        }
        p = end;
        while (p < len && data[p] != '>') {
          p++;
        }
      }
      i    = p + 1;
      body = i;
    } else if (xml_has(data, len, i, "</")) {
      if (depth > 0) {
        depth--;
      }
      i += 2;
    } else {
      /* A start tag: find its end, minding quoted attribute values. */
      size_t p = i + 1;
      while (p < len && data[p] != '>') {
        if (data[p] == '"' || data[p] == '\'') {
          char q = data[p++];
          while (p < len && data[p] != q) {
            p++;
          }
        }
        p++;
      }
      bool empty = p < len && data[p - 1] == '/';
      if (!empty && ++depth > max_depth) {
        unsigned long line, col;
        position_of(data, i, &line, &col);
        st = hdc_error_set(err,
                           HDC_ERR_LIMIT,
                           source,
                           line,
                           col,
                           "XML elements nested deeper than %llu levels "
                           "(limit nesting_depth)",
                           (unsigned long long)max_depth);
        goto done;
      }
      i = p + 1;
    }
  }

  /* The expansion of the references after the DOCTYPE, as a whole: at most
   * the document-size limit, and at most 1 MiB + 8 times the document (a
   * document using entities for namespace IRIs stays far below). */
  if (ents.n > 0) {
    uint64_t grown = 0;
    for (size_t k = body; k < len;) {
      const char *amp = memchr(data + k, '&', len - k);
      const char *ref;
      size_t      ref_len;
      if (!amp) {
        break;
      }
      k = (size_t)(amp - data);
      if (entity_ref(data, len, k, &ref, &ref_len)) {
        const xml_entity *e = entity_find(&ents, ref, ref_len);
        if (e) {
          grown = size_add(grown, e->size);
        }
      }
      k++;
    }
    uint64_t budget =
      size_add((uint64_t)1 << 20, size_add(len, 7 * (uint64_t)len));
    if (size_add(grown, len) > max_doc || grown > budget) {
      st = hdc_error_set(err,
                         HDC_ERR_LIMIT,
                         source,
                         0,
                         0,
                         "entity references expand the document by %llu "
                         "bytes: entity expansion is limited to 1 MiB plus "
                         "8 times the document (and to limit "
                         "document_bytes)",
                         (unsigned long long)grown);
    }
  }

done:
  hdc_free(ents.slots);
  return st;
}

/* ------------------------------------------------------------------------ */
/* Raptor callbacks                                                         */

static void
ctx_fail(parse_ctx *ctx, hdc_status st)
{
  if (ctx->st == HDC_OK) {
    ctx->st = st;
  }
  if (ctx->parser) {
    raptor_parser_parse_abort(ctx->parser);
  }
}

static void
locator_position(const raptor_locator *loc,
                 unsigned long        *line,
                 unsigned long        *col)
{
  *line = (loc && loc->line > 0) ? (unsigned long)loc->line : 0;
  *col  = (loc && loc->column > 0) ? (unsigned long)loc->column : 0;
}

static void
on_log(void *user_data, raptor_log_message *m)
{
  parse_ctx    *ctx  = user_data;
  const char   *text = (m && m->text) ? m->text : "unknown parser error";
  unsigned long line, col;
  locator_position(m ? m->locator : NULL, &line, &col);
  if (line == 0 && ctx->parser) {
    /* Some messages (undeclared prefixes, libxml2 errors) come without a
     * position: the parser's current one is the best there is. */
    locator_position(raptor_parser_get_locator(ctx->parser), &line, &col);
  }
  if (!m || m->level >= RAPTOR_LOG_LEVEL_ERROR) {
    if (ctx->st == HDC_OK) {
      /* Bison reports a full parser stack as "memory exhausted": it is the
       * parser's own nesting bound, not a lack of memory. */
      bool stack = strstr(text, "memory exhausted") != NULL;
      hdc_error_set(ctx->err,
                    stack ? HDC_ERR_LIMIT : HDC_ERR_SYNTAX,
                    ctx->source,
                    line,
                    col,
                    "%.*s%s",
                    MAX_MESSAGE,
                    text,
                    stack ? " (nesting too deep for the parser)" : "");
      ctx_fail(ctx, stack ? HDC_ERR_LIMIT : HDC_ERR_SYNTAX);
    }
    ctx_fail(ctx, HDC_ERR_SYNTAX);
    return;
  }
  if (m->level == RAPTOR_LOG_LEVEL_WARN) {
    hdc_log(HDC_LOG_WARN,
            "%s:%lu:%lu: %.*s",
            ctx->source ? ctx->source : "<input>",
            line,
            col,
            MAX_MESSAGE,
            text);
  }
}

/* Is [s, s+n) an XML NCName? Non-ASCII bytes are taken as name characters
 * (libxml2 has already checked the document's names). */
static bool
xml_ncname(const char *s, size_t n)
{
  if (n == 0) {
    return false;
  }
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    bool          start =
      (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c >= 0x80;
    if (!(start ||
          (i > 0 && ((c >= '0' && c <= '9') || c == '-' || c == '.')))) {
      return false;
    }
  }
  return true;
}

/*
 * libxml2 reports some errors (those raised outside raptor's parser
 * context, such as "Extra content at the end of the document") to the
 * thread's global handlers, which raptor points at whichever world was
 * opened last on the thread, not the one parsing. During a parse they point
 * here; otherwise the message would be printed on stderr or lost.
 */
static void
on_xml_error(void *user_data, xmlErrorPtr e)
{
  parse_ctx *ctx = user_data;
  if (!e || e->level == XML_ERR_NONE) {
    return;
  }
  const char *msg = e->message ? e->message : "XML error";
  int         n   = (int)strcspn(msg, "\n");
  if (n > MAX_MESSAGE) {
    n = MAX_MESSAGE;
  }
  unsigned long line = e->line > 0 ? (unsigned long)e->line : 0;
  unsigned long col  = e->int2 > 0 ? (unsigned long)e->int2 : 0;
  if (e->level == XML_ERR_WARNING) {
    hdc_log(HDC_LOG_WARN,
            "%s:%lu:%lu: XML warning: %.*s",
            ctx->source ? ctx->source : "<input>",
            line,
            col,
            n,
            msg);
    return;
  }
  if (ctx->st == HDC_OK) {
    hdc_error_set(ctx->err,
                  HDC_ERR_SYNTAX,
                  ctx->source,
                  line,
                  col,
                  "XML error: %.*s",
                  n,
                  msg);
  }
  ctx_fail(ctx, HDC_ERR_SYNTAX);
}

static void on_xml_generic(void *user_data, const char *fmt, ...)
  HDC_PRINTF(2, 3);

static void
on_xml_generic(void *user_data, const char *fmt, ...)
{
  parse_ctx *ctx = user_data;
  char       msg[MAX_MESSAGE];
  va_list    ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  if (ctx->st == HDC_OK) {
    hdc_error_set(ctx->err,
                  HDC_ERR_SYNTAX,
                  ctx->source,
                  0,
                  0,
                  "XML error: %.*s",
                  (int)strcspn(msg, "\n"),
                  msg);
  }
  ctx_fail(ctx, HDC_ERR_SYNTAX);
}

/* Blank-node ids for raptor (see the top of the file). Raptor owns and
 * frees what this returns, so it is allocated with raptor's allocator. */
static unsigned char *
on_bnodeid(void *user_data, unsigned char *user_id)
{
  parse_ctx  *ctx = user_data;
  char        num[24];
  const char *tail;
  size_t      tail_len;
  char        kind;
  if (user_id) {
    tail     = (const char *)user_id;
    tail_len = strlen(tail);
    kind     = 'u';
    /* Raptor checks rdf:nodeID values after asking for the id, so the
     * check would see only the scoped label: it is done here. */
    if (ctx->format == HDC_FORMAT_RDFXML && !xml_ncname(tail, tail_len) &&
        ctx->st == HDC_OK) {
      unsigned long line, col;
      locator_position(raptor_parser_get_locator(ctx->parser), &line, &col);
      hdc_error_set(ctx->err,
                    HDC_ERR_SYNTAX,
                    ctx->source,
                    line,
                    col,
                    "illegal rdf:nodeID value '%.*s' (not an XML name)",
                    (int)(tail_len > 64 ? 64 : tail_len),
                    tail);
      ctx_fail(ctx, HDC_ERR_SYNTAX);
    }
  } else {
    int n = snprintf(num, sizeof num, "%lu", ++ctx->n_generated);
    if (n <= 0) {
      return NULL;
    }
    tail     = num;
    tail_len = (size_t)n;
    kind     = 'g';
  }
  size_t         total = ctx->prefix_len + 1 + tail_len;
  unsigned char *out   = raptor_alloc_memory(total + 1);
  if (out) {
    memcpy(out, ctx->prefix, ctx->prefix_len);
    out[ctx->prefix_len] = (unsigned char)kind;
    memcpy(out + ctx->prefix_len + 1, tail, tail_len);
    out[total] = '\0';
  }
  if (user_id) {
    raptor_free_memory(user_id);
  }
  return out;
}

/* The position of the statement being handled: raptor's for the syntaxes
 * it tracks, else where `text` occurs in the document. */
static void
statement_position(parse_ctx     *ctx,
                   const char    *text,
                   size_t         n,
                   unsigned long *line,
                   unsigned long *col)
{
  if (ctx->nt) {
    *line = ctx->nt_line;
    *col  = 0;
  } else if (ctx->format == HDC_FORMAT_TURTLE ||
             ctx->format == HDC_FORMAT_TRIG) {
    find_position(ctx->data, ctx->len, text, n, line, col);
  } else {
    locator_position(raptor_parser_get_locator(ctx->parser), line, col);
  }
}

/* A limit error for a term of `len` bytes; [text, text+text_len) is what to
 * look for in the document to place it (see statement_position). */
static hdc_status
limit_error(parse_ctx  *ctx,
            const char *what,
            const char *limit_name,
            const char *text,
            size_t      text_len,
            size_t      len,
            uint64_t    max)
{
  unsigned long line, col;
  statement_position(ctx, text, text_len, &line, &col);
  hdc_error_set(ctx->err,
                HDC_ERR_LIMIT,
                ctx->source,
                line,
                col,
                "%s of %zu bytes is longer than %llu (limit %s)",
                what,
                len,
                (unsigned long long)max,
                limit_name);
  return HDC_ERR_LIMIT;
}

/* The IRI with the characters no IRI may hold (hdc_rdf_iri_char_bad(),
 * rdf_internal.h) percent-encoded, as a browser would send
 * it, so every IRI of the graph can be written in every syntax. The view
 * points into ctx->enc (valid until the next call). */
static hdc_str
percent_encode(parse_ctx *ctx, hdc_str iri)
{
  static const char hex[] = "0123456789ABCDEF";
  hdc_buf_reset(&ctx->enc);
  for (size_t i = 0; i < iri.len; i++) {
    unsigned char c = (unsigned char)iri.ptr[i];
    if (hdc_rdf_iri_char_bad(c)) {
      char pct[3] = { '%', hex[c >> 4], hex[c & 15] };
      hdc_buf_append(&ctx->enc, pct, 3);
    } else {
      hdc_buf_putc(&ctx->enc, (char)c);
    }
  }
  if (hdc_buf_status(&ctx->enc) != HDC_OK) {
    ctx_fail(ctx, HDC_ERR_NOMEM);
    return HDC_STR_NULL;
  }
  ctx->n_fixed_iris++;
  return hdc_buf_view(&ctx->enc);
}

/*
 * Raptor interns its URIs (equal IRIs are one raptor_uri), so a small
 * direct-mapped cache from raptor_uri to term skips the rewriting, checks,
 * hashing and lookup for the IRIs that recur: predicates, classes,
 * datatypes. Each cached raptor_uri holds a reference, so its address
 * cannot be reused for another IRI while it is in the cache.
 */
#define IRI_CACHE_BITS 10

typedef struct iri_slot
{
  raptor_uri     *uri;
  const hdc_term *term;
} iri_slot;

static size_t
iri_slot_of(const raptor_uri *uri)
{
  uint64_t x = (uint64_t)(uintptr_t)uri * 0x9E3779B97F4A7C15ULL;
  return (size_t)(x >> (64 - IRI_CACHE_BITS));
}

static void
iri_cache_clear(parse_ctx *ctx)
{
  if (!ctx->iri_cache) {
    return;
  }
  for (size_t i = 0; i < ((size_t)1 << IRI_CACHE_BITS); i++) {
    if (ctx->iri_cache[i].uri) {
      raptor_free_uri(ctx->iri_cache[i].uri);
    }
  }
  hdc_free(ctx->iri_cache);
  ctx->iri_cache = NULL;
}

static const hdc_term *iri_term_uncached(parse_ctx *ctx, raptor_uri *uri);

static const hdc_term *
iri_term(parse_ctx *ctx, raptor_uri *uri)
{
  iri_slot *slot = &ctx->iri_cache[iri_slot_of(uri)];
  if (slot->uri == uri) {
    return slot->term;
  }
  const hdc_term *t = iri_term_uncached(ctx, uri);
  if (t) {
    if (slot->uri) {
      raptor_free_uri(slot->uri);
    }
    slot->uri  = raptor_uri_copy(uri);
    slot->term = slot->uri ? t : NULL;
  }
  return t;
}

static const hdc_term *
iri_term_uncached(parse_ctx *ctx, raptor_uri *uri)
{
  size_t               len = 0;
  const unsigned char *s   = raptor_uri_as_counted_string(uri, &len);
  if (!s) {
    ctx_fail(ctx, HDC_ERR_NOMEM);
    return NULL;
  }
  hdc_str text = { (const char *)s, len };
  if (ctx->map_from.len && hdc_str_has_prefix(text, ctx->map_from)) {
    hdc_buf_reset(&ctx->iri);
    hdc_buf_put_str(&ctx->iri, ctx->map_to);
    hdc_buf_append(&ctx->iri, s + ctx->map_from.len, len - ctx->map_from.len);
    if (hdc_buf_status(&ctx->iri) != HDC_OK) {
      ctx_fail(ctx, HDC_ERR_NOMEM);
      return NULL;
    }
    text = hdc_buf_view(&ctx->iri);
  }
  for (size_t i = 0; i < text.len; i++) {
    if (hdc_rdf_iri_char_bad((unsigned char)text.ptr[i])) {
      text = percent_encode(ctx, text);
      if (!text.ptr) {
        return NULL;
      }
      break;
    }
  }
  if (text.len > ctx->max_iri) {
    /* The end of an IRI is what a relative reference in the text shows. */
    size_t tail = len > 64 ? 64 : len;
    ctx_fail(ctx,
             limit_error(ctx,
                         "an IRI",
                         "iri_bytes",
                         (const char *)s + len - tail,
                         tail,
                         text.len,
                         ctx->max_iri));
    return NULL;
  }
  const hdc_term *t = hdc_world_iri(ctx->w, text);
  if (!t) {
    ctx_fail(ctx, HDC_ERR_NOMEM);
  }
  return t;
}

static const hdc_term *
blank_term(parse_ctx *ctx, const unsigned char *id, size_t len)
{
  hdc_str label = { (const char *)id, len };
  if (len < ctx->prefix_len || memcmp(id, ctx->prefix, ctx->prefix_len) != 0) {
    /* An id that did not come through on_bnodeid: scope it here ('r' keeps
     * it apart from the u/g labels). */
    hdc_buf_reset(&ctx->label);
    hdc_buf_append(&ctx->label, ctx->prefix, ctx->prefix_len);
    hdc_buf_putc(&ctx->label, 'r');
    hdc_buf_append(&ctx->label, id, len);
    if (hdc_buf_status(&ctx->label) != HDC_OK) {
      ctx_fail(ctx, HDC_ERR_NOMEM);
      return NULL;
    }
    label = hdc_buf_view(&ctx->label);
  }
  const hdc_term *t = hdc_world_blank(ctx->w, label);
  if (!t) {
    ctx_fail(ctx, HDC_ERR_NOMEM);
  }
  return t;
}

static const hdc_term *
literal_term(parse_ctx *ctx, const raptor_term *rt)
{
  size_t len = rt->value.literal.string_len;
  if (len > ctx->max_literal) {
    ctx_fail(ctx,
             limit_error(ctx,
                         "a literal",
                         "literal_bytes",
                         (const char *)rt->value.literal.string,
                         len,
                         len,
                         ctx->max_literal));
    return NULL;
  }
  const hdc_term *dt = NULL;
  if (rt->value.literal.datatype) {
    dt = iri_term(ctx, rt->value.literal.datatype);
    if (!dt) {
      return NULL;
    }
  }
  hdc_str lang = HDC_STR_NULL;
  if (rt->value.literal.language && rt->value.literal.language_len) {
    lang = (hdc_str){ (const char *)rt->value.literal.language,
                      rt->value.literal.language_len };
  }
  const char     *lex = (const char *)rt->value.literal.string;
  const hdc_term *t =
    hdc_world_literal(ctx->w, (hdc_str){ lex ? lex : "", len }, dt, lang);
  if (!t) {
    ctx_fail(ctx, HDC_ERR_NOMEM);
  }
  return t;
}

static const hdc_term *
convert_term(parse_ctx *ctx, const raptor_term *rt)
{
  if (!rt) {
    ctx_fail(ctx, HDC_ERR_SYNTAX);
    return NULL;
  }
  switch (rt->type) {
    case RAPTOR_TERM_TYPE_URI: return iri_term(ctx, rt->value.uri);
    case RAPTOR_TERM_TYPE_BLANK:
      return blank_term(
        ctx, rt->value.blank.string, rt->value.blank.string_len);
    case RAPTOR_TERM_TYPE_LITERAL: return literal_term(ctx, rt);
    case RAPTOR_TERM_TYPE_UNKNOWN:
    default: break;
  }
  hdc_error_set(ctx->err,
                HDC_ERR_SYNTAX,
                ctx->source,
                0,
                0,
                "the parser returned a term of unknown kind");
  ctx_fail(ctx, HDC_ERR_SYNTAX);
  return NULL;
}

static void
on_statement(void *user_data, raptor_statement *rs)
{
  parse_ctx *ctx = user_data;
  if (ctx->st != HDC_OK) {
    return; /* raptor may go on after an error: nothing more is taken */
  }
  if (++ctx->n_statements > ctx->max_triples) {
    unsigned long line, col;
    statement_position(ctx, NULL, 0, &line, &col);
    hdc_error_set(ctx->err,
                  HDC_ERR_LIMIT,
                  ctx->source,
                  line,
                  col,
                  "more than %llu triples (limit triples)",
                  (unsigned long long)ctx->max_triples);
    ctx_fail(ctx, HDC_ERR_LIMIT);
    return;
  }
  const hdc_term *s = convert_term(ctx, rs->subject);
  const hdc_term *p = s ? convert_term(ctx, rs->predicate) : NULL;
  const hdc_term *o = p ? convert_term(ctx, rs->object) : NULL;
  if (!o) {
    return; /* convert_term failed the parse */
  }
  /* Named graphs (N-Quads, TriG) are merged: rs->graph is not looked at. */
  hdc_status st = hdc_graph_add(ctx->g, s, p, o);
  if (st == HDC_ERR_NOMEM) {
    ctx_fail(ctx, st);
  } else if (st != HDC_OK && st != HDC_FAILURE) {
    unsigned long line, col;
    statement_position(ctx, NULL, 0, &line, &col);
    hdc_error_set(ctx->err,
                  st,
                  ctx->source,
                  line,
                  col,
                  "statement refused by the graph: %s",
                  hdc_strerror(st));
    ctx_fail(ctx, st);
  }
}

/* ------------------------------------------------------------------------ */
/* N-Triples and N-Quads                                                    */

/*
 * hdcat reads N-Triples and N-Quads itself rather than with raptor: raptor
 * 2.0.15's reader leaks every datatype IRI it interns (a leak per parse,
 * found by the sanitizer build), accepts statements without their final
 * '.' (so a cut file loads as a different graph), and has had out-of-bounds
 * reads (CVE-2024-57822). The grammar is a few lines (RDF 1.1 N-Triples
 * §7, N-Quads §5); this reader follows it strictly, reports the exact line
 * and column of any error, and copies nothing unless a term has escapes.
 * IRIs must be absolute, as the grammar says.
 */

typedef struct nt_reader
{
  parse_ctx    *ctx;
  const char   *p; /* cursor */
  const char   *end;
  const char   *bol; /* start of the current line */
  unsigned long line;
  bool          quads;
  hdc_buf       text[3]; /* unescaped text of up to three terms */
} nt_reader;

static hdc_status
nt_error(nt_reader *r, const char *at, const char *what)
{
  if (r->ctx->st == HDC_OK) {
    unsigned long col = (unsigned long)(at - r->bol) + 1;
    hdc_error_set(
      r->ctx->err, HDC_ERR_SYNTAX, r->ctx->source, r->line, col, "%s", what);
    r->ctx->st = HDC_ERR_SYNTAX;
  }
  return r->ctx->st;
}

static void
nt_skip_space(nt_reader *r)
{
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\t')) {
    r->p++;
  }
}

/* UCHAR at r->p ("\u" + 4 hex or "\U" + 8 hex) into out. */
static hdc_status
nt_uchar(nt_reader *r, hdc_buf *out)
{
  const char *at = r->p;
  size_t      n  = r->p[1] == 'u' ? 4 : 8;
  uint32_t    c  = 0;
  if ((size_t)(r->end - r->p) < n + 2) {
    return nt_error(r, at, "truncated \\u escape");
  }
  for (size_t i = 0; i < n; i++) {
    int h = hdc_hex_value(r->p[2 + i]);
    if (h < 0) {
      return nt_error(r, at, "bad hex digit in \\u escape");
    }
    c = (c << 4) | (uint32_t)h;
  }
  if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
    return nt_error(r, at, "\\u escape is not a Unicode scalar value");
  }
  if (c == 0) {
    /* Raptor cuts Turtle strings at NUL and XML cannot hold it: a graph
     * with NUL could not be written and read back, so none is made. */
    return nt_error(r, at, "NUL character (\\u0000) is not supported");
  }
  hdc_buf_put_utf8(out, c);
  r->p += n + 2;
  return HDC_OK;
}

/* <IRI> at r->p; *iri views the data or `scratch`. */
static hdc_status
nt_iri(nt_reader *r, hdc_buf *scratch, hdc_str *iri)
{
  const char *start = ++r->p; /* past '<' */
  bool        copy  = false;
  hdc_buf_reset(scratch);
  while (r->p < r->end && *r->p != '>') {
    unsigned char c = (unsigned char)*r->p;
    if (c == '\\') {
      if (r->p + 1 >= r->end || (r->p[1] != 'u' && r->p[1] != 'U')) {
        return nt_error(r, r->p, "only \\u escapes are allowed in IRIs");
      }
      if (!copy) {
        hdc_buf_append(scratch, start, (size_t)(r->p - start));
        copy = true;
      }
      if (nt_uchar(r, scratch) != HDC_OK) {
        return r->ctx->st;
      }
      continue;
    }
    if (c <= 0x20 || c == '<' || c == '"' || c == '{' || c == '}' || c == '|' ||
        c == '^' || c == '`') {
      return nt_error(r,
                      r->p,
                      c == '\n' ? "IRI not closed before the end of the line"
                                : "character not allowed in an IRI");
    }
    if (copy) {
      hdc_buf_putc(scratch, (char)c);
    }
    r->p++;
  }
  if (r->p >= r->end) {
    return nt_error(r, start - 1, "IRI not closed");
  }
  if (hdc_buf_status(scratch) != HDC_OK) {
    ctx_fail(r->ctx, HDC_ERR_NOMEM);
    return HDC_ERR_NOMEM;
  }
  *iri =
    copy ? hdc_buf_view(scratch) : (hdc_str){ start, (size_t)(r->p - start) };
  r->p++; /* past '>' */
  /* Absolute: a scheme, then ':'. */
  size_t i = 0;
  while (i < iri->len &&
         ((iri->ptr[i] >= 'a' && iri->ptr[i] <= 'z') ||
          (iri->ptr[i] >= 'A' && iri->ptr[i] <= 'Z') ||
          (i > 0 &&
           ((iri->ptr[i] >= '0' && iri->ptr[i] <= '9') || iri->ptr[i] == '+' ||
            iri->ptr[i] == '-' || iri->ptr[i] == '.')))) {
    i++;
  }
  if (i == 0 || i >= iri->len || iri->ptr[i] != ':') {
    return nt_error(r,
                    start - 1,
                    "relative IRI (N-Triples and N-Quads need absolute "
                    "IRIs)");
  }
  return HDC_OK;
}

static const hdc_term *
nt_iri_term(nt_reader *r, hdc_str iri)
{
  for (size_t i = 0; i < iri.len; i++) {
    if (hdc_rdf_iri_char_bad((unsigned char)iri.ptr[i])) {
      iri = percent_encode(r->ctx, iri); /* from a \u escape */
      if (!iri.ptr) {
        return NULL;
      }
      break;
    }
  }
  if (iri.len > r->ctx->max_iri) {
    ctx_fail(
      r->ctx,
      limit_error(
        r->ctx, "an IRI", "iri_bytes", NULL, 0, iri.len, r->ctx->max_iri));
    return NULL;
  }
  const hdc_term *t = hdc_world_iri(r->ctx->w, iri);
  if (!t) {
    ctx_fail(r->ctx, HDC_ERR_NOMEM);
  }
  return t;
}

static bool
nt_label_char(unsigned char c, bool first)
{
  /* ASCII per the grammar; any non-ASCII byte is taken (the document is
   * valid UTF-8 and PN_CHARS covers nearly all of Unicode). */
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '_' || c >= 0x80 ||
         (!first && (c == '-' || c == '.'));
}

static const hdc_term *
nt_blank(nt_reader *r)
{
  const char *at    = r->p;
  const char *start = r->p + 2; /* past "_:" */
  r->p              = start;
  while (r->p < r->end && nt_label_char((unsigned char)*r->p, r->p == start)) {
    r->p++;
  }
  /* A label cannot end with '.': that is the statement's end. */
  while (r->p > start && r->p[-1] == '.') {
    r->p--;
  }
  if (r->p == start) {
    nt_error(r, at, "empty blank node label");
    return NULL;
  }
  parse_ctx *ctx = r->ctx;
  hdc_buf_reset(&ctx->label);
  hdc_buf_append(&ctx->label, ctx->prefix, ctx->prefix_len);
  hdc_buf_putc(&ctx->label, 'u');
  hdc_buf_append(&ctx->label, start, (size_t)(r->p - start));
  if (hdc_buf_status(&ctx->label) != HDC_OK) {
    ctx_fail(ctx, HDC_ERR_NOMEM);
    return NULL;
  }
  const hdc_term *t = hdc_world_blank(ctx->w, hdc_buf_view(&ctx->label));
  if (!t) {
    ctx_fail(ctx, HDC_ERR_NOMEM);
  }
  return t;
}

static const hdc_term *
nt_literal(nt_reader *r, hdc_buf *scratch)
{
  const char *at    = r->p;
  const char *start = ++r->p; /* past '"' */
  bool        copy  = false;
  hdc_buf_reset(scratch);
  while (r->p < r->end && *r->p != '"') {
    char c = *r->p;
    if (c == '\n' || c == '\r') {
      nt_error(r, at, "string not closed before the end of the line");
      return NULL;
    }
    if (c != '\\') {
      if (copy) {
        hdc_buf_putc(scratch, c);
      }
      r->p++;
      continue;
    }
    if (!copy) {
      hdc_buf_append(scratch, start, (size_t)(r->p - start));
      copy = true;
    }
    char e = r->p + 1 < r->end ? r->p[1] : '\0';
    if (e == 'u' || e == 'U') {
      if (nt_uchar(r, scratch) != HDC_OK) {
        return NULL;
      }
      continue;
    }
    int v = hdc_rdf_echar(e);
    if (v < 0) {
      nt_error(r, r->p, "unknown escape in string");
      return NULL;
    }
    hdc_buf_putc(scratch, (char)v);
    r->p += 2;
  }
  if (r->p >= r->end) {
    nt_error(r, at, "string not closed");
    return NULL;
  }
  hdc_str lex =
    copy ? hdc_buf_view(scratch) : (hdc_str){ start, (size_t)(r->p - start) };
  if (!lex.ptr) {
    lex = HDC_STR("");
  }
  r->p++; /* past '"' */
  if (hdc_buf_status(scratch) != HDC_OK) {
    ctx_fail(r->ctx, HDC_ERR_NOMEM);
    return NULL;
  }
  if (lex.len > r->ctx->max_literal) {
    ctx_fail(r->ctx,
             limit_error(r->ctx,
                         "a literal",
                         "literal_bytes",
                         NULL,
                         0,
                         lex.len,
                         r->ctx->max_literal));
    return NULL;
  }
  const hdc_term *dt   = NULL;
  hdc_str         lang = HDC_STR_NULL;
  if (r->p < r->end && *r->p == '@') {
    const char *ls = ++r->p;
    bool        ok = r->p < r->end && ((*r->p >= 'a' && *r->p <= 'z') ||
                                (*r->p >= 'A' && *r->p <= 'Z'));
    while (r->p < r->end &&
           ((*r->p >= 'a' && *r->p <= 'z') || (*r->p >= 'A' && *r->p <= 'Z') ||
            (*r->p >= '0' && *r->p <= '9') || *r->p == '-')) {
      ok = ok && !(*r->p == '-' && r->p[-1] == '-');
      r->p++;
    }
    if (!ok || r->p[-1] == '-') {
      nt_error(r, ls - 1, "malformed language tag");
      return NULL;
    }
    lang = (hdc_str){ ls, (size_t)(r->p - ls) };
  } else if (r->end - r->p >= 3 && r->p[0] == '^' && r->p[1] == '^') {
    r->p += 2;
    if (*r->p != '<') {
      nt_error(r, r->p, "datatype IRI expected after ^^");
      return NULL;
    }
    /* text[2] may hold the lexical form; the predicate's scratch is free
     * (the predicate is interned already). */
    hdc_str dts;
    if (nt_iri(r, &r->text[1], &dts) != HDC_OK) {
      return NULL;
    }
    dt = nt_iri_term(r, dts);
    if (!dt) {
      return NULL;
    }
  }
  const hdc_term *t = hdc_world_literal(r->ctx->w, lex, dt, lang);
  if (!t) {
    ctx_fail(r->ctx, HDC_ERR_NOMEM);
  }
  return t;
}

/* One term of the given position: 0 subject, 1 predicate, 2 object. */
static const hdc_term *
nt_term(nt_reader *r, int pos)
{
  nt_skip_space(r);
  if (r->p >= r->end) {
    nt_error(r, r->p, "statement cut short");
    return NULL;
  }
  char c = *r->p;
  if (c == '<') {
    hdc_str iri;
    if (nt_iri(r, &r->text[pos], &iri) != HDC_OK) {
      return NULL;
    }
    return nt_iri_term(r, iri);
  }
  if (c == '_' && pos != 1 && r->end - r->p >= 2 && r->p[1] == ':') {
    return nt_blank(r);
  }
  if (c == '"' && pos == 2) {
    return nt_literal(r, &r->text[2]);
  }
  static const char *const what[] = { "subject (IRI or blank node) expected",
                                      "predicate IRI expected",
                                      "object expected" };
  nt_error(r, r->p, what[pos]);
  return NULL;
}

/* An N-Quads graph label: checked, then dropped (graphs are merged), so it
 * is never interned. */
static bool
nt_graph_label(nt_reader *r)
{
  if (*r->p == '<') {
    hdc_str iri;
    return nt_iri(r, &r->text[1], &iri) == HDC_OK;
  }
  if (r->end - r->p >= 2 && r->p[0] == '_' && r->p[1] == ':') {
    const char *start = r->p + 2;
    r->p              = start;
    while (r->p < r->end &&
           nt_label_char((unsigned char)*r->p, r->p == start)) {
      r->p++;
    }
    while (r->p > start && r->p[-1] == '.') {
      r->p--;
    }
    if (r->p > start) {
      return true;
    }
  }
  nt_error(r, r->p, "graph label or '.' expected");
  return false;
}

static hdc_status
parse_nt(parse_ctx *ctx, const char *data, size_t len, bool quads)
{
  nt_reader r;
  memset(&r, 0, sizeof r);
  ctx->nt      = true;
  ctx->nt_line = 1;
  r.ctx        = ctx;
  r.p          = data;
  r.end        = data + len;
  r.bol        = data;
  r.line       = 1;
  r.quads      = quads;
  for (int i = 0; i < 3; i++) {
    hdc_buf_init(&r.text[i]);
  }

  while (r.p < r.end && ctx->st == HDC_OK) {
    nt_skip_space(&r);
    if (r.p < r.end && *r.p != '#' && *r.p != '\n' && *r.p != '\r') {
      const hdc_term *s = nt_term(&r, 0);
      const hdc_term *p = s ? nt_term(&r, 1) : NULL;
      const hdc_term *o = p ? nt_term(&r, 2) : NULL;
      if (!o) {
        break;
      }
      nt_skip_space(&r);
      if (quads && r.p < r.end && *r.p != '.' && !nt_graph_label(&r)) {
        break;
      }
      nt_skip_space(&r);
      if (r.p >= r.end || *r.p != '.') {
        nt_error(&r,
                 r.p,
                 r.p >= r.end ? "statement does not end with '.' (truncated "
                                "document?)"
                              : "'.' expected at the end of the statement");
        break;
      }
      r.p++;
      nt_skip_space(&r);
      if (++ctx->n_statements > ctx->max_triples) {
        hdc_error_set(ctx->err,
                      HDC_ERR_LIMIT,
                      ctx->source,
                      r.line,
                      0,
                      "more than %llu triples (limit triples)",
                      (unsigned long long)ctx->max_triples);
        ctx_fail(ctx, HDC_ERR_LIMIT);
        break;
      }
      hdc_status st = hdc_graph_add(ctx->g, s, p, o);
      if (st != HDC_OK && st != HDC_FAILURE) {
        ctx_fail(ctx, st == HDC_ERR_NOMEM ? st : HDC_ERR_INTERNAL);
        break;
      }
    }
    if (r.p < r.end && *r.p == '#') {
      while (r.p < r.end && *r.p != '\n' && *r.p != '\r') {
        r.p++;
      }
    }
    if (r.p < r.end && *r.p == '\r') {
      r.p++;
    }
    if (r.p < r.end) {
      if (*r.p != '\n') {
        nt_error(&r, r.p, "end of line expected after the statement");
        break;
      }
      r.p++;
      r.line++;
      r.bol        = r.p;
      ctx->nt_line = r.line;
    }
  }
  for (int i = 0; i < 3; i++) {
    if (hdc_buf_status(&r.text[i]) != HDC_OK) {
      ctx_fail(ctx, HDC_ERR_NOMEM);
    }
    hdc_buf_clear(&r.text[i]);
  }
  ctx->nt = false;
  return ctx->st;
}

/* ------------------------------------------------------------------------ */
/* Driving raptor                                                           */

/*
 * Raptor worlds are pooled, never freed. raptor_free_world() calls
 * libxml2's xmlCleanupParser(), which tears down libxml2's global state
 * (dictionaries, their locks, encoding handlers) under any parse running in
 * another thread; and a world must not be shared by two parses at once
 * (its URI table and handlers are unlocked). So each parse takes a world
 * of its own from the pool and gives it back, worlds are created under the
 * lock (the first one initialises libxml2, which is not safe to do from two
 * threads at once), and the pool grows to the number of parses ever run at
 * the same time. Reuse also saves the cost of opening a world (about
 * 40 microseconds, more than parsing a small document).
 */
typedef struct world_node
{
  raptor_world      *world;
  struct world_node *next;
} world_node;

static pthread_mutex_t world_lock = PTHREAD_MUTEX_INITIALIZER;
static world_node     *world_free_list; /* idle worlds */
static world_node     *world_spare;     /* nodes of worlds in use */

static raptor_world *
world_take(void)
{
  raptor_world *rw = NULL;
  pthread_mutex_lock(&world_lock);
  world_node *n = world_free_list;
  if (n) {
    world_free_list = n->next;
    rw              = n->world;
    n->world        = NULL;
    n->next         = world_spare;
    world_spare     = n;
  } else {
    /* A new world and, now, the node it will be kept in, so giving it back
     * never needs memory. */
    n  = hdc_malloc(sizeof *n);
    rw = n ? raptor_new_world() : NULL;
    if (rw && raptor_world_open(rw) != 0) {
      /* Out of memory inside raptor. Freeing the half-open world would
       * clean libxml2 up under the other threads' parses: it is dropped. */
      rw = NULL;
    }
    if (rw) {
      n->world    = NULL;
      n->next     = world_spare;
      world_spare = n;
    } else {
      hdc_free(n);
    }
  }
  pthread_mutex_unlock(&world_lock);
  return rw;
}

static void
world_give(raptor_world *rw)
{
  if (!rw) {
    return;
  }
  /* No handler may point at a finished parse. */
  raptor_world_set_log_handler(rw, NULL, NULL);
  raptor_world_set_generate_bnodeid_handler(rw, NULL, NULL);
  pthread_mutex_lock(&world_lock);
  world_node *n   = world_spare; /* there is one per world in use */
  world_spare     = n->next;
  n->world        = rw;
  n->next         = world_free_list;
  world_free_list = n;
  pthread_mutex_unlock(&world_lock);
}

static const char *
raptor_name(hdc_format f)
{
  switch (f) {
    case HDC_FORMAT_TURTLE: return "turtle";
    case HDC_FORMAT_RDFXML: return "rdfxml";
    case HDC_FORMAT_NTRIPLES: return "ntriples";
    case HDC_FORMAT_NQUADS: return "nquads";
    case HDC_FORMAT_TRIG: return "trig";
    case HDC_FORMAT_UNKNOWN:
    case HDC_FORMAT_JSONLD:
    default: return NULL;
  }
}

static hdc_status
set_option(raptor_parser *p, raptor_option opt, int value)
{
  /* An option this raptor does not know is a failure: it would mean a
   * protection silently missing. */
  return raptor_parser_set_option(p, opt, NULL, value) == 0 ? HDC_OK
                                                            : HDC_ERR_INTERNAL;
}

/* The base to hand raptor for base_iri (see map_from in parse_ctx): the
 * same, or the placeholder form in base_text with ctx->map_from and
 * ctx->map_to set. */
static hdc_status
raptor_base(parse_ctx *ctx, const char **base_iri, hdc_buf *base_text)
{
  const char *colon = strchr(*base_iri, ':');
  if (!colon || colon == *base_iri) {
    return hdc_error_set(ctx->err,
                         HDC_ERR_INVALID_ARG,
                         ctx->source,
                         0,
                         0,
                         "base IRI '%.200s' is not absolute",
                         *base_iri);
  }
  if (strncmp(colon, "://", 3) != 0) {
    hdc_buf_reset(base_text);
    hdc_buf_puts(base_text, PLACEHOLDER_BASE);
    hdc_buf_puts(base_text, colon + 1);
    ctx->map_from = HDC_STR(PLACEHOLDER_BASE);
    ctx->map_to   = (hdc_str){ *base_iri, (size_t)(colon - *base_iri) + 1 };
    if (hdc_buf_status(base_text) != HDC_OK) {
      return HDC_ERR_NOMEM;
    }
    *base_iri = base_text->ptr;
  }
  return HDC_OK;
}

/*
 * The fast Turtle reader (turtle.c) on the document. HDC_OK: the graph is
 * read. Otherwise it declined: the graph is rolled back to n_start and the
 * context left as it was, so raptor can read the document afresh, unless
 * the mode says the fast reader alone answers (its decline is then the
 * error).
 */
static hdc_status
parse_turtle_fast(parse_ctx  *ctx,
                  const char *data,
                  size_t      len,
                  const char *base_iri,
                  size_t      n_start)
{
  hdc_buf   base_text = HDC_BUF_INIT;
  hdc_error declined;
  hdc_error_clear(&declined);
  parse_ctx  saved = *ctx;
  hdc_status st    = raptor_base(ctx, &base_iri, &base_text);
  if (st == HDC_OK) {
    hdc_turtle_in in = {
      .g                = ctx->g,
      .data             = data,
      .len              = len,
      .source           = ctx->source,
      .base_iri         = base_iri,
      .map_from         = ctx->map_from,
      .map_to           = ctx->map_to,
      .blank_prefix     = ctx->prefix,
      .blank_prefix_len = ctx->prefix_len,
      .max_triples      = ctx->max_triples,
      .max_literal      = ctx->max_literal,
      .max_iri          = ctx->max_iri,
    };
    st = hdc_turtle_parse(&in, &declined);
  }
  if (st != HDC_OK) {
    hdc_graph_truncate(ctx->g, n_start);
    if (hdc_rdf_turtle_mode_get() == HDC_TURTLE_FAST) {
      hdc_error_set(ctx->err,
                    st,
                    declined.source[0] ? declined.source : NULL,
                    declined.line,
                    declined.column,
                    "%s",
                    declined.message);
    }
    *ctx = saved;
  }
  hdc_buf_clear(&base_text);
  return st;
}

static hdc_status
parse_raptor(parse_ctx  *ctx,
             hdc_format  f,
             const char *data,
             size_t      len,
             const char *base_iri)
{
  hdc_status             st               = HDC_OK;
  raptor_world          *rw               = NULL;
  raptor_uri            *base             = NULL;
  const char            *pname            = raptor_name(f);
  raptor_parser         *parser           = NULL;
  hdc_buf                base_text        = HDC_BUF_INIT;
  bool                   handlers_set     = false;
  xmlStructuredErrorFunc saved_serror     = NULL;
  void                  *saved_serror_ctx = NULL;
  xmlGenericErrorFunc    saved_gerror     = NULL;
  void                  *saved_gerror_ctx = NULL;

  rw = world_take();
  if (!rw) {
    st = hdc_error_set(ctx->err,
                       HDC_ERR_NOMEM,
                       ctx->source,
                       0,
                       0,
                       "cannot start the RDF parser");
    goto done;
  }
  raptor_world_set_log_handler(rw, ctx, on_log);
  raptor_world_set_generate_bnodeid_handler(rw, ctx, on_bnodeid);

  st = raptor_base(ctx, &base_iri, &base_text);
  if (st != HDC_OK) {
    goto done;
  }
  parser = raptor_new_parser(rw, pname);
  base   = raptor_new_uri(rw, (const unsigned char *)base_iri);
  if (!parser || !base) {
    st = hdc_error_set(ctx->err,
                       HDC_ERR_NOMEM,
                       ctx->source,
                       0,
                       0,
                       "cannot start the %s parser",
                       pname);
    goto done;
  }
  /* Never reach outside the document: no network, no files, no external
   * XML entities (DESIGN.md, "Limits and bad input"). */
  if (set_option(parser, RAPTOR_OPTION_NO_NET, 1) != HDC_OK ||
      set_option(parser, RAPTOR_OPTION_NO_FILE, 1) != HDC_OK ||
      set_option(parser, RAPTOR_OPTION_LOAD_EXTERNAL_ENTITIES, 0) != HDC_OK) {
    st = hdc_error_set(ctx->err,
                       HDC_ERR_INTERNAL,
                       ctx->source,
                       0,
                       0,
                       "the %s parser refused a safety option",
                       pname);
    goto done;
  }
  raptor_parser_set_statement_handler(parser, ctx, on_statement);
  saved_serror     = xmlStructuredError;
  saved_serror_ctx = xmlStructuredErrorContext;
  saved_gerror     = xmlGenericError;
  saved_gerror_ctx = xmlGenericErrorContext;
  xmlSetStructuredErrorFunc(ctx, on_xml_error);
  xmlSetGenericErrorFunc(ctx, on_xml_generic);
  handlers_set   = true;
  ctx->parser    = parser;
  ctx->iri_cache = hdc_calloc((size_t)1 << IRI_CACHE_BITS, sizeof(iri_slot));
  if (!ctx->iri_cache) {
    st = HDC_ERR_NOMEM;
    goto done;
  }

  if (raptor_parser_parse_start(parser, base) != 0) {
    if (ctx->st == HDC_OK) {
      st = hdc_error_set(ctx->err,
                         HDC_ERR_NOMEM,
                         ctx->source,
                         0,
                         0,
                         "cannot start the %s parser",
                         pname);
    }
    ctx_fail(ctx, HDC_ERR_NOMEM);
    goto done;
  }
  /* Fed in chunks: libxml2 refuses a single push of more than 10 MB
   * ("Huge input lookup"). */
  int    rc  = 0;
  size_t off = 0;
  do {
    size_t n = len - off < PARSE_CHUNK ? len - off : PARSE_CHUNK;
    rc       = raptor_parser_parse_chunk(
      parser, (const unsigned char *)data + off, n, off + n == len);
    off += n;
  } while (rc == 0 && ctx->st == HDC_OK && off < len);
  if (rc != 0 && ctx->st == HDC_OK) {
    /* Failed without saying why (raptor does not always log). */
    unsigned long line, col;
    locator_position(raptor_parser_get_locator(parser), &line, &col);
    hdc_error_set(ctx->err,
                  HDC_ERR_SYNTAX,
                  ctx->source,
                  line,
                  col,
                  "the %s parser failed",
                  pname);
    ctx_fail(ctx, HDC_ERR_SYNTAX);
  }

done:
  ctx->parser = NULL;
  if (st == HDC_OK) {
    st = ctx->st;
  }
  if (st == HDC_OK) {
    st = hdc_buf_status(&ctx->label);
  }
  if (st == HDC_OK && ctx->n_fixed_iris > 0) {
    hdc_log(HDC_LOG_WARN,
            "%s: %lu IRIs held spaces or other characters IRIs cannot "
            "contain; they were percent-encoded",
            ctx->source ? ctx->source : "<input>",
            ctx->n_fixed_iris);
  }
  iri_cache_clear(ctx); /* before the world that owns the URIs */
  if (handlers_set) {
    xmlSetStructuredErrorFunc(saved_serror_ctx, saved_serror);
    xmlSetGenericErrorFunc(saved_gerror_ctx, saved_gerror);
  }
  if (base) {
    raptor_free_uri(base);
  }
  if (parser) {
    raptor_free_parser(parser);
  }
  world_give(rw);
  hdc_buf_clear(&base_text);
  return st;
}

/* The format to parse with: given, else from the source's extension, else
 * from the content. */
static hdc_format
choose_format(const hdc_parse_opts *opts, const char *data, size_t len)
{
  hdc_format f = opts ? opts->format : HDC_FORMAT_UNKNOWN;
  if (f == HDC_FORMAT_UNKNOWN && opts && opts->source) {
    f = hdc_format_from_path(opts->source);
  }
  if (f == HDC_FORMAT_UNKNOWN) {
    f = hdc_format_sniff(data, len);
  }
  return f;
}

hdc_status
hdc_rdf_parse(const char           *data,
              size_t                len,
              const hdc_parse_opts *opts,
              hdc_graph            *g,
              hdc_error            *err)
{
  hdc_status        st      = HDC_OK;
  const char       *source  = opts ? opts->source : NULL;
  const hdc_limits *limits  = opts ? opts->limits : NULL;
  const char       *base    = (opts && opts->base_iri && opts->base_iri[0])
                                ? opts->base_iri
                                : DEFAULT_BASE_IRI;
  size_t            n_start = g ? hdc_graph_size(g) : 0;
  parse_ctx         ctx;
  memset(&ctx, 0, sizeof ctx);
  hdc_buf_init(&ctx.label);
  hdc_buf_init(&ctx.iri);
  hdc_buf_init(&ctx.enc);

  if (!g || (!data && len > 0)) {
    st = hdc_error_set(
      err, HDC_ERR_INVALID_ARG, source, 0, 0, "no graph or no data to parse");
    goto done;
  }
  if (!data) {
    data = "";
  }
  uint64_t max_doc = hdc_limits_get(limits, HDC_LIMIT_DOCUMENT_BYTES);
  if (len > max_doc) {
    st = hdc_error_set(err,
                       HDC_ERR_LIMIT,
                       source,
                       0,
                       0,
                       "document of %zu bytes is larger than %llu (limit "
                       "document_bytes)",
                       len,
                       (unsigned long long)max_doc);
    goto done;
  }
  /* A byte-order mark is legal in UTF-8 files but raptor's Turtle reader
   * fails on it at line 1 (seen in real catalogues). */
  if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
    data += 3;
    len -= 3;
  }
  size_t bad = 0;
  if (!hdc_utf8_valid(data, len, &bad)) {
    unsigned long line, col;
    position_of(data, bad, &line, &col);
    st = hdc_error_set(err,
                       HDC_ERR_ENCODING,
                       source,
                       line,
                       col,
                       "invalid UTF-8 (byte 0x%02X at offset %zu); convert "
                       "the document to UTF-8",
                       (unsigned)(unsigned char)data[bad],
                       bad);
    goto done;
  }

  /* No syntax allows a raw NUL byte where raptor would take it (it cuts
   * a Turtle string there and carries on with the rest). */
  const char *nul = memchr(data, '\0', len);
  if (nul) {
    unsigned long line, col;
    position_of(data, (size_t)(nul - data), &line, &col);
    st = hdc_error_set(
      err, HDC_ERR_SYNTAX, source, line, col, "NUL byte in the document");
    goto done;
  }

  hdc_format f = choose_format(opts, data, len);
  if (f == HDC_FORMAT_UNKNOWN) {
    st = hdc_error_set(err,
                       HDC_ERR_INVALID_ARG,
                       source,
                       0,
                       0,
                       "cannot tell the RDF syntax of the document; name it "
                       "(turtle, rdfxml, ntriples, nquads, trig, jsonld)");
    goto done;
  }

  /* This document's blank-node prefix. */
  const hdc_term *fresh = hdc_world_blank_fresh(hdc_graph_world(g));
  if (!fresh) {
    st = hdc_error_set(err, HDC_ERR_NOMEM, source, 0, 0, "out of memory");
    goto done;
  }
  hdc_str fl = hdc_term_text(fresh);
  if (fl.len + 2 > sizeof ctx.prefix) {
    st = hdc_error_set(
      err, HDC_ERR_INTERNAL, source, 0, 0, "blank-node label too long");
    goto done;
  }
  memcpy(ctx.prefix, fl.ptr, fl.len);
  ctx.prefix[fl.len]     = '_';
  ctx.prefix[fl.len + 1] = '\0';
  ctx.prefix_len         = fl.len + 1;

  if (f == HDC_FORMAT_JSONLD) {
    /* The JSON-LD reader wants a table, never NULL. */
    hdc_limits defaults;
    if (!limits) {
      hdc_limits_init(&defaults);
      limits = &defaults;
    }
    st = hdc_jsonld_parse(data, len, base, source, ctx.prefix, limits, g, err);
    goto done;
  }

  uint64_t max_depth = hdc_limits_get(limits, HDC_LIMIT_NESTING_DEPTH);
  if (f == HDC_FORMAT_TURTLE || f == HDC_FORMAT_TRIG) {
    st = scan_turtle_depth(data, len, max_depth, source, err);
  } else if (f == HDC_FORMAT_RDFXML) {
    st = scan_xml(data,
                  len,
                  max_depth,
                  hdc_limits_get(limits, HDC_LIMIT_DOCUMENT_BYTES),
                  source,
                  err);
  }
  if (st != HDC_OK) {
    goto done;
  }

  ctx.g           = g;
  ctx.w           = hdc_graph_world(g);
  ctx.source      = source;
  ctx.err         = err;
  ctx.max_triples = hdc_limits_get(limits, HDC_LIMIT_TRIPLES);
  ctx.max_literal = hdc_limits_get(limits, HDC_LIMIT_LITERAL_BYTES);
  ctx.max_iri     = hdc_limits_get(limits, HDC_LIMIT_IRI_BYTES);
  ctx.format      = f;
  ctx.data        = data;
  ctx.len         = len;
  if (f == HDC_FORMAT_NTRIPLES || f == HDC_FORMAT_NQUADS) {
    st = parse_nt(&ctx, data, len, f == HDC_FORMAT_NQUADS);
  } else if (f == HDC_FORMAT_TURTLE &&
             hdc_rdf_turtle_mode_get() != HDC_TURTLE_RAPTOR) {
    /* Ours first; raptor reads what ours declines (see turtle.c). */
    st = parse_turtle_fast(&ctx, data, len, base, n_start);
    if (st != HDC_OK && hdc_rdf_turtle_mode_get() != HDC_TURTLE_FAST) {
      st = parse_raptor(&ctx, f, data, len, base);
    }
  } else {
    st = parse_raptor(&ctx, f, data, len, base);
  }
  if (st == HDC_ERR_NOMEM) {
    hdc_error_set(err, HDC_ERR_NOMEM, source, 0, 0, "out of memory");
  }

done:
  if (st != HDC_OK && g) {
    hdc_graph_truncate(g, n_start);
  }
  hdc_buf_clear(&ctx.label);
  hdc_buf_clear(&ctx.iri);
  hdc_buf_clear(&ctx.enc);
  return st;
}

/* ------------------------------------------------------------------------ */
/* Files                                                                    */

#define READ_CHUNK 65536

static hdc_status
limit_exceeded(const char *source, uint64_t max_doc, hdc_error *err)
{
  return hdc_error_set(err,
                       HDC_ERR_LIMIT,
                       source,
                       0,
                       0,
                       "document larger than %llu bytes (limit "
                       "document_bytes)",
                       (unsigned long long)max_doc);
}

/*
 * A regular file of @p size bytes (from fstat) into @p doc with one
 * allocation of exactly that size and one read, instead of a buffer grown
 * chunk by chunk (which ends up to half as large again as the file, after
 * copies at each growth). The size limit is checked before anything is
 * allocated. The file may change while it is read: a shorter one is taken
 * as it is, and read_stream() then finds the end; a longer one goes on
 * through read_stream(), which keeps checking the limit.
 */
static hdc_status
read_regular(FILE       *fp,
             uint64_t    size,
             uint64_t    max_doc,
             hdc_buf    *doc,
             const char *source,
             hdc_error  *err)
{
  if (size > max_doc) {
    return limit_exceeded(source, max_doc, err);
  }
  if (size >= SIZE_MAX) {
    return hdc_error_set(
      err, HDC_ERR_NOMEM, source, 0, 0, "out of memory reading the file");
  }
  char *ptr = hdc_malloc((size_t)size + 1);
  if (!ptr) {
    return hdc_error_set(
      err, HDC_ERR_NOMEM, source, 0, 0, "out of memory reading the file");
  }
  /* Handed to the buffer at once, so that every exit frees it. */
  doc->ptr      = ptr;
  doc->cap      = (size_t)size + 1;
  doc->len      = fread(ptr, 1, (size_t)size, fp);
  ptr[doc->len] = '\0';
  if (ferror(fp)) {
    return hdc_error_set(err, HDC_ERR_IO, source, 0, 0, "read error");
  }
  return HDC_OK;
}

/* The rest of @p fp appended to @p doc, the size limit checked while
 * reading, so that an endless stream or a file that keeps growing is cut
 * short instead of filling memory. */
static hdc_status
read_stream(FILE       *fp,
            uint64_t    max_doc,
            hdc_buf    *doc,
            const char *source,
            hdc_error  *err)
{
  if (doc->len > 0) {
    /* After read_regular(): most often the file is all there, and the
     * buffer, exactly as large as the file, is not grown to find it out. */
    int c = getc(fp);
    if (c == EOF) {
      return ferror(fp)
               ? hdc_error_set(err, HDC_ERR_IO, source, 0, 0, "read error")
               : HDC_OK;
    }
    if (ungetc(c, fp) == EOF) {
      return hdc_error_set(err, HDC_ERR_IO, source, 0, 0, "read error");
    }
  }
  for (;;) {
    if (hdc_buf_reserve(doc, READ_CHUNK) != HDC_OK) {
      return hdc_error_set(
        err, HDC_ERR_NOMEM, source, 0, 0, "out of memory reading the file");
    }
    size_t n = fread(doc->ptr + doc->len, 1, READ_CHUNK, fp);
    doc->len += n;
    doc->ptr[doc->len] = '\0';
    if (doc->len > max_doc) {
      return limit_exceeded(source, max_doc, err);
    }
    if (ferror(fp)) {
      return hdc_error_set(err, HDC_ERR_IO, source, 0, 0, "read error");
    }
    if (n == 0 || feof(fp)) {
      return HDC_OK;
    }
  }
}

hdc_status
hdc_rdf_parse_file(const char           *path,
                   const hdc_parse_opts *opts,
                   hdc_graph            *g,
                   hdc_error            *err)
{
  hdc_status     st       = HDC_OK;
  FILE          *fp       = NULL;
  bool           is_stdin = false;
  hdc_buf        doc      = HDC_BUF_INIT;
  hdc_parse_opts o;
  memset(&o, 0, sizeof o);
  if (opts) {
    o = *opts;
  }
  if (!path || !g) {
    st = hdc_error_set(
      err, HDC_ERR_INVALID_ARG, path, 0, 0, "no file or no graph");
    goto done;
  }
  is_stdin = strcmp(path, "-") == 0;
  if (!o.source) {
    o.source = is_stdin ? "<stdin>" : path;
  }
  if (o.format == HDC_FORMAT_UNKNOWN && !is_stdin) {
    o.format = hdc_format_from_path(path);
  }

  if (is_stdin) {
    fp = stdin;
  } else {
    errno = 0;
    fp    = fopen(path, "rb");
    if (!fp) {
      int  e = errno;
      char why[128];
      if (strerror_r(e, why, sizeof why) != 0) {
        snprintf(why, sizeof why, "error %d", e);
      }
      st = hdc_error_set(err,
                         e == ENOENT ? HDC_ERR_NOT_FOUND : HDC_ERR_IO,
                         o.source,
                         0,
                         0,
                         "cannot open: %s",
                         why);
      goto done;
    }
  }

  /* A directory opens but cannot be read: say what is wrong with the
   * argument rather than report an I/O failure. */
  struct stat sb;
  bool        have_stat = !is_stdin && fstat(fileno(fp), &sb) == 0;
  if (have_stat && S_ISDIR(sb.st_mode)) {
    st = hdc_error_set(err,
                       HDC_ERR_INVALID_ARG,
                       o.source,
                       0,
                       0,
                       "is a directory; give an RDF file");
    goto done;
  }

  uint64_t max_doc = hdc_limits_get(o.limits, HDC_LIMIT_DOCUMENT_BYTES);
  if (have_stat && S_ISREG(sb.st_mode) && sb.st_size > 0) {
    st = read_regular(fp, (uint64_t)sb.st_size, max_doc, &doc, o.source, err);
    if (st != HDC_OK) {
      goto done;
    }
  }
  st = read_stream(fp, max_doc, &doc, o.source, err);
  if (st != HDC_OK) {
    goto done;
  }
  st = hdc_rdf_parse(doc.ptr, doc.len, &o, g, err);

done:
  if (fp && !is_stdin) {
    fclose(fp);
  }
  hdc_buf_clear(&doc);
  return st;
}
