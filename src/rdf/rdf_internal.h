// SPDX-License-Identifier: EUPL-1.2
/*
 * Private interface between the files of the rdf module: the raptor-based
 * reader and writers (parse.c, write.c, format.c), the fast Turtle reader
 * (turtle.c), the JSON-LD reader and writer (jsonld_read.c,
 * jsonld_write.c), plus the prefix table they share.
 */
#ifndef HDC_RDF_INTERNAL_H
#define HDC_RDF_INTERNAL_H

#include "hdcat/core.h"
#include "hdcat/graph.h"
#include "hdcat/rdf.h"

/* A well-known namespace, used to abbreviate Turtle and JSON-LD output. */
typedef struct hdc_rdf_prefix {
  const char *prefix; /* "dcat" */
  const char *ns;     /* "http://www.w3.org/ns/dcat#" */
} hdc_rdf_prefix;

/* The table, ordered by prefix name; defined in write.c. */
extern const hdc_rdf_prefix hdc_rdf_prefixes[];
extern const size_t         hdc_rdf_n_prefixes;

/*
 * Parse a JSON-LD 1.1 document into g (appending). Called by hdc_rdf_parse()
 * after the BOM was stripped and UTF-8 checked. On error the caller rolls g
 * back (hdc_graph_truncate), so this may leave partial triples behind.
 *  - base_iri: never NULL (the caller supplies the default base).
 *  - blank_prefix: prepended to every blank-node label so that labels are
 *    scoped to this document (e.g. "g12_").
 *  - limits: never NULL; triples, literal, IRI and nesting limits apply.
 * Remote contexts are never fetched: HDC_ERR_UNSUPPORTED naming the context.
 * Errors carry the line and column of the offending JSON value where known.
 */
hdc_status hdc_jsonld_parse(const char *data, size_t len, const char *base_iri,
                            const char *source, const char *blank_prefix,
                            const hdc_limits *limits, hdc_graph *g,
                            hdc_error *err);

/* Write g as JSON-LD (an @context of the prefixes in use and a flat @graph
 * of node objects, one per subject). */
hdc_status hdc_jsonld_write(const hdc_graph *g, const hdc_write_opts *opts,
                            hdc_sink_fn sink, void *ctx, hdc_error *err);

/* Characters no IRI may hold (RFC 3987) that raptor's RDF/XML reader lets
 * through (its Turtle and N-Triples readers refuse them): parse.c
 * percent-encodes them. Inline: it runs on every byte of every new IRI. */
static inline bool
hdc_rdf_iri_char_bad(unsigned char c)
{
  return hdc_byte_class[c] & HDC_BYTE_IRI_BAD;
}

/* The character a string escape ECHAR ('\\' then @p e) stands for, or -1
 * when e is not one of tbnrf"'\\ (\\u and \\U are read apart). */
static inline int
hdc_rdf_echar(char e)
{
  switch (e) {
    case 't': return '\t';
    case 'b': return '\b';
    case 'n': return '\n';
    case 'r': return '\r';
    case 'f': return '\f';
    case '"':
    case '\'':
    case '\\': return e;
    default: return -1;
  }
}

/*
 * Input of the fast Turtle reader (turtle.c), which hdc_rdf_parse() tries
 * before raptor. It reads the document into g (appending) and returns
 * HDC_OK, or declines with HDC_ERR_UNSUPPORTED (why and where in err) on
 * anything it does not read exactly as raptor would; the caller then rolls
 * g back and hands the document to raptor. The data has been through the
 * same gate as every document (UTF-8, no NUL, nesting pre-scan).
 */
typedef struct hdc_turtle_in {
  hdc_graph  *g;
  const char *data;
  size_t      len;
  const char *source;
  /* The base as raptor is given it, and the mapping parse.c applies to
   * raptor's IRIs (map_from is empty when the base has an authority). */
  const char *base_iri;
  hdc_str     map_from;
  hdc_str     map_to;
  const char *blank_prefix; /* "b<n>_": labels are "<prefix>u<label>" or
                               "<prefix>g<n>", as for raptor */
  size_t      blank_prefix_len;
  uint64_t    max_triples;
  uint64_t    max_literal;
  uint64_t    max_iri;
} hdc_turtle_in;

hdc_status hdc_turtle_parse(const hdc_turtle_in *in, hdc_error *err);

/* Which reader takes Turtle documents; for tests, which compare them. */
typedef enum hdc_turtle_mode {
  HDC_TURTLE_AUTO = 0, /* the fast reader, raptor when it declines */
  HDC_TURTLE_RAPTOR,   /* raptor only */
  HDC_TURTLE_FAST      /* the fast reader only: its decline is the error */
} hdc_turtle_mode;

void            hdc_rdf_turtle_mode_set(hdc_turtle_mode mode);
hdc_turtle_mode hdc_rdf_turtle_mode_get(void);

#endif /* HDC_RDF_INTERNAL_H */
