// SPDX-License-Identifier: EUPL-1.2
/*
 * Private interface between the files of the rdf module: the raptor-based
 * reader and writers (parse.c, write.c, format.c) and the JSON-LD reader and
 * writer (jsonld_read.c, jsonld_write.c), plus the prefix table they share.
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

#endif /* HDC_RDF_INTERNAL_H */
