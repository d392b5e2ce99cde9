// SPDX-License-Identifier: EUPL-1.2
/*
 * Shared code for the JSON-LD unit tests: build the graph a test expects from
 * a compact N-Triples-like text, run the JSON-LD reader on a string, and
 * compare graphs up to blank-node renaming, printing both on a mismatch so
 * a failing test says what differs.
 *
 * Text notation: one triple per line, `s p o` (a trailing `.` is
 * ignored). Terms: <iri>; prefix:local with the prefixes rdf rdfs xsd dcat
 * dct foaf and ex (http://example.org/); `a` for rdf:type; _:label; and
 * "lexical" with an optional @lang or ^^term. In a lexical form \" \\ \n
 * and \t are escapes.
 */
#ifndef HDC_TEST_JSONLD_UTIL_H
#define HDC_TEST_JSONLD_UTIL_H

#include "hdcat/core.h"
#include "hdcat/graph.h"
#include "hdcat/rdf.h"
#include "../../src/rdf/rdf_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TJ_BASE "urn:hdcat:doc/"
#define TJ_EX "http://example.org/"

static inline const hdc_term*
tj_named(hdc_world* w, const char* p, size_t len)
{
  static const char* const pfx[][2] = {
    { "rdf", HDC_NS_RDF },   { "rdfs", HDC_NS_RDFS }, { "xsd", HDC_NS_XSD },
    { "dcat", HDC_NS_DCAT }, { "dct", HDC_NS_DCT },   { "foaf", HDC_NS_FOAF },
    { "ex", TJ_EX },
  };
  if (len == 1 && p[0] == 'a')
    return hdc_world_iri(w, HDC_STR(HDC_NS_RDF "type"));
  for (size_t i = 0; i < sizeof pfx / sizeof pfx[0]; i++) {
    size_t pl = strlen(pfx[i][0]);
    if (len > pl && memcmp(p, pfx[i][0], pl) == 0 && p[pl] == ':') {
      char buf[1024];
      int  n = snprintf(
        buf, sizeof buf, "%s%.*s", pfx[i][1], (int)(len - pl - 1), p + pl + 1);
      return hdc_world_iri(w, (hdc_str){ buf, (size_t)n });
    }
  }
  return NULL;
}

/* The term at *cur; advances *cur past it. NULL when malformed. */
static inline const hdc_term*
tj_term(hdc_world* w, const char** cur)
{
  const char*     p = *cur;
  const hdc_term* t = NULL;
  while (*p == ' ' || *p == '\t')
    p++;
  if (*p == '<') {
    const char* e = strchr(p, '>');
    if (!e)
      return NULL;
    t = hdc_world_iri(w, (hdc_str){ p + 1, (size_t)(e - p - 1) });
    p = e + 1;
  } else if (p[0] == '_' && p[1] == ':') {
    const char* e = p + 2;
    while (*e && *e != ' ' && *e != '\n')
      e++;
    t = hdc_world_blank(w, (hdc_str){ p + 2, (size_t)(e - p - 2) });
    p = e;
  } else if (*p == '"') {
    char   lex[4096];
    size_t n = 0;
    for (p++; *p && *p != '"' && n < sizeof lex; p++) {
      char c = *p;
      if (c == '\\' && p[1]) {
        p++;
        c = *p == 'n' ? '\n' : *p == 't' ? '\t' : *p;
      }
      lex[n++] = c;
    }
    if (*p != '"')
      return NULL;
    p++;
    if (*p == '@') {
      const char* l = ++p;
      while (*p && *p != ' ' && *p != '\n')
        p++;
      t = hdc_world_literal(
        w, (hdc_str){ lex, n }, NULL, (hdc_str){ l, (size_t)(p - l) });
    } else if (p[0] == '^' && p[1] == '^') {
      p += 2;
      const hdc_term* dt = tj_term(w, &p);
      t =
        dt ? hdc_world_literal(w, (hdc_str){ lex, n }, dt, HDC_STR_NULL) : NULL;
    } else {
      t = hdc_world_literal(w, (hdc_str){ lex, n }, NULL, HDC_STR_NULL);
    }
  } else {
    const char* e = p;
    while (*e && *e != ' ' && *e != '\n')
      e++;
    t = tj_named(w, p, (size_t)(e - p));
    p = e;
  }
  *cur = p;
  return t;
}

/* A new graph over w holding text; NULL if a line is malformed. */
static inline hdc_graph*
tj_graph(hdc_world* w, const char* text)
{
  hdc_graph*  g   = hdc_graph_new(w);
  const char* cur = text;
  while (g && *cur) {
    while (*cur == ' ' || *cur == '\n' || *cur == '\t')
      cur++;
    if (!*cur)
      break;
    const hdc_term* s  = tj_term(w, &cur);
    const hdc_term* p  = s ? tj_term(w, &cur) : NULL;
    const hdc_term* o  = p ? tj_term(w, &cur) : NULL;
    hdc_status      st = o ? hdc_graph_add(g, s, p, o) : HDC_ERR_INVALID_ARG;
    if (st != HDC_OK && st != HDC_FAILURE) {
      fprintf(stderr, "bad expected triple near: %.60s\n", cur);
      hdc_graph_free(g);
      return NULL;
    }
    const char* eol = strchr(cur, '\n');
    cur             = eol ? eol + 1 : cur + strlen(cur);
  }
  return g;
}

static inline void
tj_print_term(FILE* f, const hdc_term* t)
{
  hdc_str s = hdc_term_text(t);
  switch (hdc_term_kind_of(t)) {
    case HDC_TERM_IRI: fprintf(f, "<%.*s>", (int)s.len, s.ptr); break;
    case HDC_TERM_BLANK: fprintf(f, "_:%.*s", (int)s.len, s.ptr); break;
    case HDC_TERM_LITERAL: {
      hdc_str l = hdc_term_lang(t);
      fprintf(f, "\"%.*s\"", (int)s.len, s.ptr);
      if (l.len)
        fprintf(f, "@%.*s", (int)l.len, l.ptr);
      else {
        hdc_str d = hdc_term_text(hdc_term_datatype(t));
        fprintf(f, "^^<%.*s>", (int)d.len, d.ptr);
      }
      break;
    }
  }
}

static inline void
tj_print_graph(FILE* f, const char* title, const hdc_graph* g)
{
  fprintf(f, "-- %s (%zu triples)\n", title, hdc_graph_size(g));
  const hdc_triple* t = hdc_graph_triples(g);
  for (size_t i = 0; i < hdc_graph_size(g); i++) {
    tj_print_term(f, t[i].s);
    fputc(' ', f);
    tj_print_term(f, t[i].p);
    fputc(' ', f);
    tj_print_term(f, t[i].o);
    fputs(" .\n", f);
  }
}

/* True if got and the graph described by text are isomorphic; prints
 * both otherwise. */
static inline bool
tj_same(const hdc_graph* got, const char* text)
{
  hdc_graph* want = tj_graph(hdc_graph_world(got), text);
  bool       ok   = want && hdc_graph_isomorphic(got, want);
  if (!ok) {
    tj_print_graph(stderr, "got", got);
    if (want)
      tj_print_graph(stderr, "want", want);
  }
  hdc_graph_free(want);
  return ok;
}

/* Parse json into g with the default limits (or l) and base TJ_BASE (or
 * base); prints the error when the status is not the one expected. */
static inline hdc_status
tj_parse_full(const char*       json,
              const char*       base,
              const hdc_limits* l,
              hdc_graph*        g,
              hdc_error*        err)
{
  hdc_limits def;
  hdc_limits_init(&def);
  hdc_error_clear(err);
  return hdc_jsonld_parse(json,
                          strlen(json),
                          base ? base : TJ_BASE,
                          "test.jsonld",
                          "t_",
                          l ? l : &def,
                          g,
                          err);
}

static inline hdc_status
tj_parse(const char* json, hdc_graph* g, hdc_error* err)
{
  return tj_parse_full(json, NULL, NULL, g, err);
}

/* Parse json and compare with text; the check is one assert. */
static inline bool
tj_reads_as(const char* json, const char* base, const char* text)
{
  hdc_world* w = hdc_world_new();
  hdc_graph* g = hdc_graph_new(w);
  hdc_error  err;
  hdc_status st = tj_parse_full(json, base, NULL, g, &err);
  bool       ok = st == HDC_OK;
  if (!ok) {
    char msg[2048];
    fprintf(
      stderr, "parse failed: %s\n", hdc_error_format(&err, msg, sizeof msg));
  } else {
    ok = tj_same(g, text);
  }
  hdc_graph_free(g);
  hdc_world_free(w);
  return ok;
}

/* Parse json expecting failure with status want; err gets the error. */
static inline hdc_status
tj_fails(const char* json, const hdc_limits* l, hdc_error* err)
{
  hdc_world* w  = hdc_world_new();
  hdc_graph* g  = hdc_graph_new(w);
  hdc_status st = tj_parse_full(json, NULL, l, g, err);
  hdc_graph_free(g);
  hdc_world_free(w);
  return st;
}

/* Read a whole file (NULL when absent); free with free(). */
static inline char*
tj_slurp(const char* path, size_t* len)
{
  FILE* f = fopen(path, "rb");
  if (!f)
    return NULL;
  char*  buf = NULL;
  size_t cap = 0, n = 0;
  for (;;) {
    if (n + 4096 > cap) {
      cap      = cap ? cap * 2 : 65536;
      char* nb = realloc(buf, cap);
      if (!nb) {
        free(buf);
        fclose(f);
        return NULL;
      }
      buf = nb;
    }
    size_t got = fread(buf + n, 1, cap - n - 1, f);
    n += got;
    if (got == 0)
      break;
  }
  fclose(f);
  buf[n] = '\0';
  *len   = n;
  return buf;
}

#endif /* HDC_TEST_JSONLD_UTIL_H */
