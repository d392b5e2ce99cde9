// SPDX-License-Identifier: EUPL-1.2
/**
 * @file rdf.h
 * Reading and writing RDF documents.
 *
 * Parsing: Turtle, RDF/XML, N-Triples, N-Quads and TriG through raptor2;
 * JSON-LD (expanded, compacted or flattened, with local contexts only) by
 * hdcat's own reader. Every parse is bounded by an hdc_limits table, never
 * touches the network or the file system beyond its input, strips a UTF-8
 * byte-order mark, refuses non-UTF-8 input, and is all-or-nothing: on error
 * the target graph is left exactly as it was.
 *
 * Named graphs (N-Quads, TriG, JSON-LD @graph with @id) are merged into the
 * target graph. Blank-node labels are scoped per document: `_:a` in two
 * parsed documents gives two distinct blank nodes.
 *
 * Writing: Turtle (with prefixes), RDF/XML, N-Triples and JSON-LD, streamed
 * to a sink.
 */
#ifndef HDCAT_RDF_H
#define HDCAT_RDF_H

#include "hdcat/core.h"
#include "hdcat/graph.h"

typedef enum hdc_format {
  HDC_FORMAT_UNKNOWN = 0,
  HDC_FORMAT_TURTLE,
  HDC_FORMAT_RDFXML,
  HDC_FORMAT_NTRIPLES,
  HDC_FORMAT_NQUADS,
  HDC_FORMAT_TRIG,
  HDC_FORMAT_JSONLD
} hdc_format;

/** Canonical short name: "turtle", "rdfxml", "ntriples", "nquads", "trig",
 *  "jsonld" ("unknown" for HDC_FORMAT_UNKNOWN). */
const char *hdc_format_name(hdc_format f);
/** Parse a user-given name: the canonical names and the usual aliases
 *  ("ttl", "xml", "rdf", "nt", "nq", "json-ld"). UNKNOWN if none. */
hdc_format  hdc_format_from_name(const char *name);
/** Preferred media type, e.g. "text/turtle". */
const char *hdc_format_media_type(hdc_format f);
/** From a Content-Type value (parameters ignored). UNKNOWN if none. */
hdc_format  hdc_format_from_media_type(hdc_str media_type);
/** From a file name's extension. UNKNOWN if none. */
hdc_format  hdc_format_from_path(const char *path);
/** Guess from the first bytes of a document. UNKNOWN if no guess. */
hdc_format  hdc_format_sniff(const char *data, size_t len);
/** Usual file extension without the dot, e.g. "ttl". */
const char *hdc_format_extension(hdc_format f);

/* ------------------------------------------------------------------------ */
/* Parsing                                                                  */

typedef struct hdc_parse_opts {
  hdc_format        format;   /**< UNKNOWN: from `source`'s extension, else sniffed. */
  const char       *base_iri; /**< Base for relative IRIs; NULL: see hdc_rdf_parse(). */
  const char       *source;   /**< Name used in error messages (path, URL). */
  const hdc_limits *limits;   /**< NULL: the defaults. */
} hdc_parse_opts;

/**
 * Parse the document [data, data+len) into @p g.
 *
 * Without a base IRI, relative IRIs are resolved against `urn:hdcat:doc/`
 * (so output never depends on where a file happened to be).
 *
 * @return HDC_OK; HDC_ERR_SYNTAX (err has the line and column the parser
 * reported), HDC_ERR_ENCODING (err has the byte offset as column on the
 * line), HDC_ERR_LIMIT (which limit, where), HDC_ERR_UNSUPPORTED (for
 * example a JSON-LD remote context, which is never fetched),
 * HDC_ERR_INVALID_ARG (no format could be determined), HDC_ERR_NOMEM.
 * On any error @p g is unchanged.
 */
hdc_status hdc_rdf_parse(const char *data, size_t len,
                         const hdc_parse_opts *opts, hdc_graph *g,
                         hdc_error *err);

/**
 * Read the file at @p path ("-": standard input) and parse it as
 * hdc_rdf_parse() does; `opts->source` defaults to @p path and the format to
 * the path's extension, else sniffing. The document-size limit is checked
 * while reading. HDC_ERR_IO / HDC_ERR_NOT_FOUND when the file cannot be read.
 */
hdc_status hdc_rdf_parse_file(const char *path, const hdc_parse_opts *opts,
                              hdc_graph *g, hdc_error *err);

/* ------------------------------------------------------------------------ */
/* Writing                                                                  */

/** Receives output bytes; return HDC_OK to go on, anything else to stop
 *  (that status is then returned by the writer). */
typedef hdc_status (*hdc_sink_fn)(void *ctx, const char *ptr, size_t len);

/** A sink appending to an hdc_buf (ctx is the hdc_buf *). */
hdc_status hdc_sink_buf(void *ctx, const char *ptr, size_t len);
/** A sink writing to a stdio FILE * (ctx); HDC_ERR_IO on a short write. */
hdc_status hdc_sink_file(void *ctx, const char *ptr, size_t len);

typedef struct hdc_write_opts {
  /** Triples in hdc_term_compare() order of (s, p, o): canonical, stable
   *  output (N-Triples lines sorted; Turtle subjects sorted). */
  bool sorted;
  /** Base IRI written as @base / xml:base (may be NULL: none). IRIs are
   *  always written absolute. */
  const char *base_iri;
} hdc_write_opts;

/**
 * Serialise @p g in format @p f (Turtle, RDF/XML, N-Triples or JSON-LD;
 * N-Quads and TriG write the default graph) to @p sink.
 * Turtle and JSON-LD use the well-known prefixes (rdf, rdfs, xsd, dcat, dct,
 * foaf, vcard, skos, adms, dcatap, healthdcatap, ...) that occur in @p g.
 * @p opts may be NULL.
 */
hdc_status hdc_rdf_write(const hdc_graph *g, hdc_format f,
                         const hdc_write_opts *opts, hdc_sink_fn sink,
                         void *ctx, hdc_error *err);

/**
 * The well-known prefix (the one Turtle and JSON-LD output use, e.g.
 * "dcat") whose namespace begins @p iri and leaves a non-empty remainder,
 * the longest if several do; NULL if none. *local (if non-NULL) gets the
 * remainder, which the caller must still check is a valid local name.
 */
const char *hdc_rdf_prefix_of(hdc_str iri, hdc_str *local);

/** Write one term in N-Triples syntax (IRIs in <>, `_:label`, escaped
 *  literals with ^^<datatype> or @lang; xsd:string literals plain). */
hdc_status hdc_rdf_write_term_nt(const hdc_term *t, hdc_buf *out);

#endif /* HDCAT_RDF_H */
