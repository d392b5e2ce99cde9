// SPDX-License-Identifier: EUPL-1.2
/*
 * RDF syntaxes by name, media type, file extension and content.
 *
 * One table holds each format's canonical name, preferred media type and
 * extension; aliases (user-typed names, media types seen on real servers,
 * extensions seen in real dumps) live in small side tables. Sniffing looks
 * only at the first few kilobytes and never fails: it answers UNKNOWN when
 * the bytes do not point clearly at one syntax, and the caller then asks the
 * user for --input-format.
 */
#include "rdf_internal.h"

#include <string.h>

typedef struct format_info
{
  const char *name;
  const char *media_type;
  const char *extension;
} format_info;

/* Indexed by hdc_format. */
static const format_info formats[] = {
  [HDC_FORMAT_UNKNOWN]  = { "unknown", "application/octet-stream", "" },
  [HDC_FORMAT_TURTLE]   = { "turtle", "text/turtle", "ttl" },
  [HDC_FORMAT_RDFXML]   = { "rdfxml", "application/rdf+xml", "rdf" },
  [HDC_FORMAT_NTRIPLES] = { "ntriples", "application/n-triples", "nt" },
  [HDC_FORMAT_NQUADS]   = { "nquads", "application/n-quads", "nq" },
  [HDC_FORMAT_TRIG]     = { "trig", "application/trig", "trig" },
  [HDC_FORMAT_JSONLD]   = { "jsonld", "application/ld+json", "jsonld" },
};

typedef struct format_alias
{
  const char *text;
  hdc_format  format;
} format_alias;

/* Names a user may type (--input-format, --to, source configuration). N3 is
 * a superset of Turtle, but what servers label N3 is Turtle in practice. */
static const format_alias name_aliases[] = {
  { "turtle", HDC_FORMAT_TURTLE },     { "ttl", HDC_FORMAT_TURTLE },
  { "n3", HDC_FORMAT_TURTLE },         { "rdfxml", HDC_FORMAT_RDFXML },
  { "rdf/xml", HDC_FORMAT_RDFXML },    { "rdf-xml", HDC_FORMAT_RDFXML },
  { "xml", HDC_FORMAT_RDFXML },        { "rdf", HDC_FORMAT_RDFXML },
  { "ntriples", HDC_FORMAT_NTRIPLES }, { "n-triples", HDC_FORMAT_NTRIPLES },
  { "nt", HDC_FORMAT_NTRIPLES },       { "nquads", HDC_FORMAT_NQUADS },
  { "n-quads", HDC_FORMAT_NQUADS },    { "nq", HDC_FORMAT_NQUADS },
  { "trig", HDC_FORMAT_TRIG },         { "jsonld", HDC_FORMAT_JSONLD },
  { "json-ld", HDC_FORMAT_JSONLD },    { "json", HDC_FORMAT_JSONLD },
};

/* Content-Type values. application/xml and text/xml are what many CKAN and
 * GeoNetwork servers send for RDF/XML; text/plain is too vague to map. */
static const format_alias media_aliases[] = {
  { "text/turtle", HDC_FORMAT_TURTLE },
  { "application/x-turtle", HDC_FORMAT_TURTLE },
  { "application/turtle", HDC_FORMAT_TURTLE },
  { "text/n3", HDC_FORMAT_TURTLE },
  { "text/rdf+n3", HDC_FORMAT_TURTLE },
  { "application/rdf+xml", HDC_FORMAT_RDFXML },
  { "application/xml", HDC_FORMAT_RDFXML },
  { "text/xml", HDC_FORMAT_RDFXML },
  { "application/n-triples", HDC_FORMAT_NTRIPLES },
  { "application/ntriples", HDC_FORMAT_NTRIPLES },
  { "application/n-quads", HDC_FORMAT_NQUADS },
  { "text/x-nquads", HDC_FORMAT_NQUADS },
  { "application/trig", HDC_FORMAT_TRIG },
  { "application/x-trig", HDC_FORMAT_TRIG },
  { "application/ld+json", HDC_FORMAT_JSONLD },
  { "application/json", HDC_FORMAT_JSONLD },
};

static const format_alias extension_aliases[] = {
  { "ttl", HDC_FORMAT_TURTLE },        { "turtle", HDC_FORMAT_TURTLE },
  { "n3", HDC_FORMAT_TURTLE },         { "rdf", HDC_FORMAT_RDFXML },
  { "xml", HDC_FORMAT_RDFXML },        { "owl", HDC_FORMAT_RDFXML },
  { "rdfxml", HDC_FORMAT_RDFXML },     { "nt", HDC_FORMAT_NTRIPLES },
  { "ntriples", HDC_FORMAT_NTRIPLES }, { "nq", HDC_FORMAT_NQUADS },
  { "nquads", HDC_FORMAT_NQUADS },     { "trig", HDC_FORMAT_TRIG },
  { "jsonld", HDC_FORMAT_JSONLD },     { "json-ld", HDC_FORMAT_JSONLD },
  { "json", HDC_FORMAT_JSONLD },
};

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

static bool
format_valid(hdc_format f)
{
  return (unsigned)f < N_ELEMS(formats);
}

static hdc_format
alias_find(const format_alias *table, size_t n, hdc_str text)
{
  for (size_t i = 0; i < n; i++) {
    if (hdc_str_eq_nocase(text, hdc_str_from(table[i].text))) {
      return table[i].format;
    }
  }
  return HDC_FORMAT_UNKNOWN;
}

const char *
hdc_format_name(hdc_format f)
{
  return format_valid(f) ? formats[f].name : formats[0].name;
}

hdc_format
hdc_format_from_name(const char *name)
{
  if (!name) {
    return HDC_FORMAT_UNKNOWN;
  }
  return alias_find(name_aliases, N_ELEMS(name_aliases), hdc_str_from(name));
}

const char *
hdc_format_media_type(hdc_format f)
{
  return format_valid(f) ? formats[f].media_type : formats[0].media_type;
}

static bool
is_space(char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
         c == '\v';
}

hdc_format
hdc_format_from_media_type(hdc_str media_type)
{
  if (!media_type.ptr) {
    return HDC_FORMAT_UNKNOWN;
  }
  /* "text/turtle; charset=utf-8": only the type/subtype counts. */
  size_t end = 0;
  while (end < media_type.len && media_type.ptr[end] != ';') {
    end++;
  }
  size_t start = 0;
  while (start < end && is_space(media_type.ptr[start])) {
    start++;
  }
  while (end > start && is_space(media_type.ptr[end - 1])) {
    end--;
  }
  hdc_str type = { media_type.ptr + start, end - start };
  return alias_find(media_aliases, N_ELEMS(media_aliases), type);
}

hdc_format
hdc_format_from_path(const char *path)
{
  if (!path) {
    return HDC_FORMAT_UNKNOWN;
  }
  /* The extension is what follows the last dot of the last path segment;
   * a URL's query or fragment is not part of it. */
  size_t len = strcspn(path, "?#");
  size_t seg = 0;
  for (size_t i = 0; i < len; i++) {
    if (path[i] == '/' || path[i] == '\\') {
      seg = i + 1;
    }
  }
  size_t dot = len;
  for (size_t i = len; i > seg; i--) {
    if (path[i - 1] == '.') {
      dot = i - 1;
      break;
    }
  }
  if (dot == len || dot == seg) {
    return HDC_FORMAT_UNKNOWN; /* no extension, or a dot file */
  }
  hdc_str ext = { path + dot + 1, len - dot - 1 };
  return alias_find(extension_aliases, N_ELEMS(extension_aliases), ext);
}

const char *
hdc_format_extension(hdc_format f)
{
  return format_valid(f) ? formats[f].extension : formats[0].extension;
}

/* ------------------------------------------------------------------------ */
/* Sniffing                                                                 */

/* The window sniffing looks at: enough to pass a licence header comment. */
#define SNIFF_WINDOW 8192

typedef struct sniff_cursor
{
  const char *p;
  const char *end;
} sniff_cursor;

static void
skip_space(sniff_cursor *c)
{
  while (c->p < c->end && is_space(*c->p)) {
    c->p++;
  }
}

/* Skip white space and '#' comments (Turtle family). */
static void
skip_space_comments(sniff_cursor *c)
{
  for (;;) {
    skip_space(c);
    if (c->p < c->end && *c->p == '#') {
      while (c->p < c->end && *c->p != '\n') {
        c->p++;
      }
      continue;
    }
    return;
  }
}

static bool
starts_with(const sniff_cursor *c, const char *lit)
{
  size_t n = strlen(lit);
  return (size_t)(c->end - c->p) >= n && memcmp(c->p, lit, n) == 0;
}

static bool
starts_with_nocase(const sniff_cursor *c, const char *lit)
{
  size_t n = strlen(lit);
  return (size_t)(c->end - c->p) >= n &&
         hdc_str_eq_nocase((hdc_str){ c->p, n }, (hdc_str){ lit, n });
}

/*
 * One N-Triples/N-Quads term at the cursor: <iri>, _:label or a literal
 * with its optional @lang / ^^<dt>. Returns false if what is there is not
 * such a term (for example a prefixed name, which only Turtle allows).
 */
static bool
skip_nt_term(sniff_cursor *c)
{
  if (c->p >= c->end) {
    return false;
  }
  if (*c->p == '<') {
    while (c->p < c->end && *c->p != '>') {
      if (*c->p == ' ' || *c->p == '\n') {
        return false;
      }
      c->p++;
    }
    if (c->p >= c->end) {
      return false;
    }
    c->p++;
    return true;
  }
  if (starts_with(c, "_:")) {
    while (c->p < c->end && !is_space(*c->p)) {
      c->p++;
    }
    return true;
  }
  if (*c->p == '"') {
    c->p++;
    while (c->p < c->end && *c->p != '"') {
      if (*c->p == '\\') {
        c->p++;
      } else if (*c->p == '\n') {
        return false;
      }
      c->p++;
    }
    if (c->p >= c->end) {
      return false;
    }
    c->p++;
    if (c->p < c->end && *c->p == '@') {
      while (c->p < c->end && !is_space(*c->p)) {
        c->p++;
      }
    } else if (starts_with(c, "^^")) {
      c->p += 2;
      return c->p < c->end && *c->p == '<' && skip_nt_term(c);
    }
    return true;
  }
  return false;
}

/* A line of N-Triples (3 terms) or N-Quads (4 terms) at the cursor? */
static hdc_format
sniff_nt_line(sniff_cursor *c)
{
  int n_terms = 0;
  for (;;) {
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t')) {
      c->p++;
    }
    if (c->p < c->end && *c->p == '.') {
      break;
    }
    if (n_terms == 4 || !skip_nt_term(c)) {
      return HDC_FORMAT_UNKNOWN;
    }
    n_terms++;
  }
  if (n_terms == 3) {
    return HDC_FORMAT_NTRIPLES;
  }
  return n_terms == 4 ? HDC_FORMAT_NQUADS : HDC_FORMAT_UNKNOWN;
}

/* Does a '{' occur outside IRIs, strings and comments? Then it is TriG. */
static bool
has_graph_block(const char *p, const char *end)
{
  while (p < end) {
    char ch = *p++;
    switch (ch) {
      case '{': return true;
      case '#':
        while (p < end && *p != '\n') {
          p++;
        }
        break;
      case '<':
        while (p < end && *p != '>' && *p != '\n') {
          p++;
        }
        break;
      case '"':
      case '\'': {
        /* A long string ("""...""") may span lines; a short one may not. */
        bool lng = end - p >= 2 && p[0] == ch && p[1] == ch;
        if (lng) {
          p += 2;
        }
        while (p < end) {
          if (*p == '\\') {
            p += (end - p >= 2) ? 2 : 1;
          } else if (*p == ch &&
                     (!lng || (end - p >= 3 && p[1] == ch && p[2] == ch))) {
            p += lng ? 3 : 1;
            break;
          } else if (*p == '\n' && !lng) {
            break;
          } else {
            p++;
          }
        }
        break;
      }
      default: break;
    }
  }
  return false;
}

hdc_format
hdc_format_sniff(const char *data, size_t len)
{
  if (!data || len == 0) {
    return HDC_FORMAT_UNKNOWN;
  }
  sniff_cursor c = { data, data + (len < SNIFF_WINDOW ? len : SNIFF_WINDOW) };
  if (starts_with(&c, "\xEF\xBB\xBF")) {
    c.p += 3;
  }
  skip_space(&c);
  if (c.p >= c.end) {
    return HDC_FORMAT_UNKNOWN;
  }

  /* JSON: an object, or an array of objects. TriG may also open with '{',
   * but then a term follows, never a JSON string or '}'. */
  if (*c.p == '{' || *c.p == '[') {
    sniff_cursor j = { c.p + 1, c.end };
    skip_space(&j);
    if (j.p < j.end && (*j.p == '"' || *j.p == '}' || *j.p == ']' ||
                        (*c.p == '[' && *j.p == '{'))) {
      return HDC_FORMAT_JSONLD;
    }
  }

  /* XML: a declaration, a comment, a DOCTYPE or an element name. */
  if (starts_with(&c, "<?xml") || starts_with(&c, "<!--") ||
      starts_with(&c, "<!DOCTYPE") || starts_with(&c, "<rdf:RDF")) {
    return HDC_FORMAT_RDFXML;
  }
  if (*c.p == '<' && c.p + 1 < c.end) {
    /* "<name" with no ':' before '>' or space, or "<prefix:name " followed
     * by attributes, is an element; "<http://...>" is an IRI. An IRI has a
     * scheme followed by ':' and never contains white space. */
    sniff_cursor t = { c.p + 1, c.end };
    while (t.p < t.end && *t.p != '>' && !is_space(*t.p)) {
      t.p++;
    }
    if (t.p < t.end && *t.p != '>') {
      return HDC_FORMAT_RDFXML; /* space before '>': an element's attribute */
    }
    if (t.p < t.end && t.p[-1] == '/') {
      return HDC_FORMAT_RDFXML; /* "<x/>" */
    }
    if (!memchr(c.p + 1, ':', (size_t)(t.p - c.p - 1))) {
      return HDC_FORMAT_RDFXML; /* "<RDF>": no scheme, not an IRI */
    }
    /* Otherwise fall through: an IRI starting a statement. */
  }

  /* Turtle family, after comments. */
  skip_space_comments(&c);
  if (c.p >= c.end) {
    return HDC_FORMAT_UNKNOWN;
  }
  const char *body = c.p;
  if (starts_with(&c, "@prefix") || starts_with(&c, "@base") ||
      starts_with_nocase(&c, "prefix") || starts_with_nocase(&c, "base") ||
      starts_with_nocase(&c, "graph")) {
    return has_graph_block(body, c.end) ? HDC_FORMAT_TRIG : HDC_FORMAT_TURTLE;
  }
  if (*c.p == '<' || starts_with(&c, "_:")) {
    sniff_cursor line = c;
    hdc_format   nt   = sniff_nt_line(&line);
    if (nt != HDC_FORMAT_UNKNOWN) {
      return nt;
    }
    return has_graph_block(body, c.end) ? HDC_FORMAT_TRIG : HDC_FORMAT_TURTLE;
  }
  if (*c.p == '{') {
    return HDC_FORMAT_TRIG;
  }
  if (*c.p == '[' || *c.p == '(') {
    return HDC_FORMAT_TURTLE;
  }
  /* A prefixed name ("dcat:Dataset a ...") only Turtle and TriG allow. */
  sniff_cursor pn = c;
  while (pn.p < pn.end && !is_space(*pn.p) && *pn.p != ':') {
    pn.p++;
  }
  if (pn.p < pn.end && *pn.p == ':') {
    return has_graph_block(body, c.end) ? HDC_FORMAT_TRIG : HDC_FORMAT_TURTLE;
  }
  return HDC_FORMAT_UNKNOWN;
}
