// SPDX-License-Identifier: EUPL-1.2
/*
 * Shared by the graph unit tests: build a graph from a compact,
 * N-Triples-like text without depending on the rdf module, so graph tests
 * stay independent of the parser.
 *
 * One triple per line: `s p o .` with terms written as <iri>, prefix:local
 * (prefixes rdf rdfs xsd dcat dct foaf ex, `ex:` being
 * http://example.org/), `a` for rdf:type, _:label, and "lexical" with an
 * optional @lang or ^^term (no escapes). Blank lines are skipped.
 */
#ifndef HDC_TEST_GRAPH_UTIL_H
#define HDC_TEST_GRAPH_UTIL_H

#include "hdcat/graph.h"

#include <stdio.h>
#include <string.h>

/* The IRI written prefix:local (or `a`); NULL for an unknown prefix. */
static inline const hdc_term *
tg_named(hdc_world *w, const char *p, size_t len)
{
  static const char *const pfx[][2] = {
    {"rdf", HDC_NS_RDF},
    {"rdfs", HDC_NS_RDFS},
    {"xsd", HDC_NS_XSD},
    {"dcat", HDC_NS_DCAT},
    {"dct", HDC_NS_DCT},
    {"foaf", HDC_NS_FOAF},
    {"ex", "http://example.org/"},
  };
  if (len == 1 && p[0] == 'a') {
    return hdc_world_iri(w, HDC_STR(HDC_NS_RDF "type"));
  }
  for (size_t i = 0; i < sizeof pfx / sizeof pfx[0]; i++) {
    size_t pl = strlen(pfx[i][0]);
    if (len > pl && memcmp(p, pfx[i][0], pl) == 0 && p[pl] == ':') {
      char buf[512];
      int  n = snprintf(
        buf, sizeof buf, "%s%.*s", pfx[i][1], (int)(len - pl - 1), p + pl + 1);
      return hdc_world_iri(w, (hdc_str){buf, (size_t)n});
    }
  }
  return NULL;
}

/* The term whose text starts at *cur; advances *cur past it. */
static inline const hdc_term *
tg_term(hdc_world *w, const char **cur)
{
  const char *p = *cur;
  while (*p == ' ' || *p == '\t') {
    p++;
  }
  const hdc_term *t = NULL;
  if (*p == '<') {
    const char *e = strchr(p, '>');
    t             = hdc_world_iri(w, (hdc_str){p + 1, (size_t)(e - p - 1)});
    p             = e + 1;
  } else if (p[0] == '_' && p[1] == ':') {
    const char *e = p + 2;
    while (*e && *e != ' ' && *e != '\n') {
      e++;
    }
    t = hdc_world_blank(w, (hdc_str){p + 2, (size_t)(e - p - 2)});
    p = e;
  } else if (*p == '"') {
    const char *e   = strchr(p + 1, '"');
    hdc_str     lex = {p + 1, (size_t)(e - p - 1)};
    p               = e + 1;
    if (*p == '@') {
      const char *l = ++p;
      while (*p && *p != ' ' && *p != '\n') {
        p++;
      }
      t = hdc_world_literal(w, lex, NULL, (hdc_str){l, (size_t)(p - l)});
    } else if (p[0] == '^' && p[1] == '^') {
      p += 2;
      const hdc_term *dt = tg_term(w, &p);
      t                  = hdc_world_literal(w, lex, dt, HDC_STR_NULL);
    } else {
      t = hdc_world_literal(w, lex, NULL, HDC_STR_NULL);
    }
  } else {
    const char *e = p;
    while (*e && *e != ' ' && *e != '\n') {
      e++;
    }
    t = tg_named(w, p, (size_t)(e - p));
    p = e;
  }
  *cur = p;
  return t;
}

/* Add the triples of `text` to g; returns the number of lines that did not
 * give a triple (0 when all is well). */
static inline int
tg_load(hdc_graph *g, const char *text)
{
  hdc_world  *w   = hdc_graph_world(g);
  const char *cur = text;
  int         bad = 0;
  while (*cur) {
    while (*cur == ' ' || *cur == '\n' || *cur == '\t') {
      cur++;
    }
    if (!*cur) {
      break;
    }
    const hdc_term *s  = tg_term(w, &cur);
    const hdc_term *p  = tg_term(w, &cur);
    const hdc_term *o  = tg_term(w, &cur);
    hdc_status      st = hdc_graph_add(g, s, p, o);
    if (st != HDC_OK && st != HDC_FAILURE) {
      bad++;
    }
    const char *eol = strchr(cur, '\n');
    cur             = eol ? eol + 1 : cur + strlen(cur);
  }
  return bad;
}

/* A new graph over w holding `text` (NULL if the text is malformed). */
static inline hdc_graph *
tg_graph(hdc_world *w, const char *text)
{
  hdc_graph *g = hdc_graph_new(w);
  if (g && tg_load(g, text) != 0) {
    hdc_graph_free(g);
    g = NULL;
  }
  return g;
}

static inline const hdc_term *
tg_iri(hdc_world *w, const char *name)
{
  return tg_named(w, name, strlen(name));
}

#endif /* HDC_TEST_GRAPH_UTIL_H */
