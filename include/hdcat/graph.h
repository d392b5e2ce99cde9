// SPDX-License-Identifier: EUPL-1.2
/**
 * @file graph.h
 * In-memory RDF graphs (RDF 1.1 Concepts, https://www.w3.org/TR/rdf11-concepts/).
 *
 * Terms are interned in an hdc_world: two equal terms are the same pointer,
 * so every comparison is `==`. A world owns its terms and outlives every
 * graph that uses it; graphs that must compare terms (shapes and data,
 * a record and its source page) share one world.
 *
 * A graph is a set of triples (adding a triple twice keeps one) with the
 * indexes SHACL and record extraction need: subject, subject+predicate and
 * predicate+object. Indexes are built lazily on the first lookup after a
 * change; a graph is not safe for concurrent use until hdc_graph_index() has
 * been called after the last change, after which concurrent reads are safe.
 */
#ifndef HDCAT_GRAPH_H
#define HDCAT_GRAPH_H

#include "hdcat/core.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Namespaces used across modules. */
#define HDC_NS_RDF    "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define HDC_NS_RDFS   "http://www.w3.org/2000/01/rdf-schema#"
#define HDC_NS_XSD    "http://www.w3.org/2001/XMLSchema#"
#define HDC_NS_OWL    "http://www.w3.org/2002/07/owl#"
#define HDC_NS_SH     "http://www.w3.org/ns/shacl#"
#define HDC_NS_DCAT   "http://www.w3.org/ns/dcat#"
#define HDC_NS_DCT    "http://purl.org/dc/terms/"
#define HDC_NS_FOAF   "http://xmlns.com/foaf/0.1/"
#define HDC_NS_VCARD  "http://www.w3.org/2006/vcard/ns#"
#define HDC_NS_SKOS   "http://www.w3.org/2004/02/skos/core#"
#define HDC_NS_HEALTH "http://healthdataportal.eu/ns/health#"
#define HDC_NS_DCATAP "http://data.europa.eu/r5r/"
#define HDC_NS_HYDRA  "http://www.w3.org/ns/hydra/core#"

typedef struct hdc_world hdc_world;
typedef struct hdc_term  hdc_term;
typedef struct hdc_graph hdc_graph;

typedef enum hdc_term_kind {
  HDC_TERM_IRI = 1,
  HDC_TERM_BLANK,
  HDC_TERM_LITERAL
} hdc_term_kind;

/** A triple of interned terms. Subjects are IRIs or blank nodes, predicates
 *  IRIs, objects any term. */
typedef struct hdc_triple {
  const hdc_term *s;
  const hdc_term *p;
  const hdc_term *o;
} hdc_triple;

/* ------------------------------------------------------------------------ */
/* World: the term table                                                    */

/** New, empty world; NULL on OOM. Free with hdc_world_free(). */
hdc_world *hdc_world_new(void);
/** Free the world and all its terms. Every graph using it must be freed
 *  first. No-op on NULL. */
void       hdc_world_free(hdc_world *w);

/**
 * The interned IRI @p iri (copied). Returns NULL on OOM.
 * The IRI is taken as given (no resolution, no normalisation).
 */
const hdc_term *hdc_world_iri(hdc_world *w, hdc_str iri);
/** The interned blank node labelled @p label (copied; without "_:"). */
const hdc_term *hdc_world_blank(hdc_world *w, hdc_str label);
/** A blank node whose label no other term of this world has. */
const hdc_term *hdc_world_blank_fresh(hdc_world *w);
/**
 * The interned literal with lexical form @p lexical.
 * With a non-empty @p lang the datatype is rdf:langString and the tag is
 * stored lower-cased (tags compare case-insensitively, RDF 1.1 §3.3).
 * Otherwise the datatype is @p datatype, or xsd:string when NULL (RDF 1.1:
 * a simple literal is an xsd:string). @p datatype must be an IRI of @p w.
 */
const hdc_term *hdc_world_literal(hdc_world *w, hdc_str lexical,
                                  const hdc_term *datatype, hdc_str lang);
/** Look up an IRI without creating it: NULL if @p w has no such term. */
const hdc_term *hdc_world_find_iri(const hdc_world *w, hdc_str iri);
/** Number of distinct terms. */
size_t hdc_world_size(const hdc_world *w);
/** Bytes held by the world (term table and term text), for accounting. */
size_t hdc_world_bytes(const hdc_world *w);

hdc_term_kind   hdc_term_kind_of(const hdc_term *t);
/** IRI text, blank-node label, or literal lexical form. NUL-terminated. */
hdc_str         hdc_term_text(const hdc_term *t);
/** Literal language tag (lower case) or the empty view. */
hdc_str         hdc_term_lang(const hdc_term *t);
/** Literal datatype IRI term (xsd:string, rdf:langString, ...) or NULL for
 *  IRIs and blank nodes. */
const hdc_term *hdc_term_datatype(const hdc_term *t);
/** Hash of the term's content, stable across runs and worlds. */
uint64_t        hdc_term_hash(const hdc_term *t);
static inline bool hdc_term_is_iri(const hdc_term *t)
{
  return t && hdc_term_kind_of(t) == HDC_TERM_IRI;
}
static inline bool hdc_term_is_blank(const hdc_term *t)
{
  return t && hdc_term_kind_of(t) == HDC_TERM_BLANK;
}
static inline bool hdc_term_is_literal(const hdc_term *t)
{
  return t && hdc_term_kind_of(t) == HDC_TERM_LITERAL;
}
/**
 * Total order on terms by content (kind: IRI < blank < literal, then text,
 * then datatype, then language), independent of memory addresses: used for
 * deterministic output. Returns <0, 0, >0.
 */
int hdc_term_compare(const hdc_term *a, const hdc_term *b);

/* ------------------------------------------------------------------------ */
/* Graph                                                                    */

/** New empty graph over @p w (borrowed; must outlive the graph). */
hdc_graph *hdc_graph_new(hdc_world *w);
/** No-op on NULL. */
void       hdc_graph_free(hdc_graph *g);
hdc_world *hdc_graph_world(const hdc_graph *g);

/**
 * Add the triple (s, p, o), all terms of the graph's world.
 * @return HDC_OK if added, HDC_FAILURE if already present, HDC_ERR_NOMEM,
 * HDC_ERR_INVALID_ARG if s is a literal, p is not an IRI, or any is NULL.
 */
hdc_status hdc_graph_add(hdc_graph *g, const hdc_term *s, const hdc_term *p,
                         const hdc_term *o);
/** Add every triple of @p src (same world) to @p dst. */
hdc_status hdc_graph_add_graph(hdc_graph *dst, const hdc_graph *src);
/** Remove every triple (terms stay in the world). */
void       hdc_graph_clear(hdc_graph *g);
/**
 * Remove the triples added after the graph held @p n triples (a rollback
 * point taken with hdc_graph_size()). Used to undo a failed parse.
 */
void       hdc_graph_truncate(hdc_graph *g, size_t n);

/** Number of triples. */
size_t            hdc_graph_size(const hdc_graph *g);
/** The triples in insertion order; valid until the next change. */
const hdc_triple *hdc_graph_triples(const hdc_graph *g);
bool              hdc_graph_contains(const hdc_graph *g, const hdc_term *s,
                                     const hdc_term *p, const hdc_term *o);
/** Bytes held by the graph (triples and indexes, not term text). */
size_t            hdc_graph_bytes(const hdc_graph *g);

/** Build the indexes now (they are otherwise built on first lookup).
 *  After this, concurrent read-only use is safe until the next change. */
hdc_status hdc_graph_index(hdc_graph *g);

/**
 * Iterator over the triples matching a pattern. Treat the fields as private;
 * the struct is public only so iterators live on the stack.
 */
typedef struct hdc_iter {
  const hdc_graph  *graph;
  const hdc_term   *s, *p, *o;
  const uint32_t   *pos;   /* private */
  const uint32_t   *end;   /* private */
  size_t            scan;  /* private */
  int               mode;  /* private */
} hdc_iter;

/**
 * Start iterating the triples matching (s, p, o); NULL is a wildcard.
 * (s,p,*) and (s,*,*) use the subject index, (*,p,o) and (*,p,*) the
 * predicate-object index; other patterns scan. The graph must not change
 * while the iterator is in use.
 */
void              hdc_graph_match(const hdc_graph *g, const hdc_term *s,
                                  const hdc_term *p, const hdc_term *o,
                                  hdc_iter *it);
/** Next matching triple or NULL at the end. */
const hdc_triple *hdc_iter_next(hdc_iter *it);
/** Number of triples matching (s, p, o). */
size_t            hdc_graph_count(const hdc_graph *g, const hdc_term *s,
                                  const hdc_term *p, const hdc_term *o);
/** The object of the first (s, p, *) triple, or NULL. */
const hdc_term   *hdc_graph_object(const hdc_graph *g, const hdc_term *s,
                                   const hdc_term *p);

/* ------------------------------------------------------------------------ */
/* Classes (RDFS entailment of rdf:type through rdfs:subClassOf only)       */

/** True if @p sub is @p super or reaches it by rdfs:subClassOf+ in @p g.
 *  Cycles terminate. */
bool hdc_graph_is_subclass(const hdc_graph *g, const hdc_term *sub,
                           const hdc_term *super);
/** True if @p node has an rdf:type that is a subclass (as above) of @p cls. */
bool hdc_graph_is_instance(const hdc_graph *g, const hdc_term *node,
                           const hdc_term *cls);
/**
 * The instances of @p cls or of any of its subclasses (SHACL class-based
 * targets), each once, in hdc_term_compare() order. *out is allocated with
 * hdc_malloc (caller frees with hdc_free; NULL when *n is 0).
 */
hdc_status hdc_graph_instances(const hdc_graph *g, const hdc_term *cls,
                               const hdc_term ***out, size_t *n);

/* ------------------------------------------------------------------------ */
/* Comparison                                                               */

/**
 * True if @p a and @p b (same world) are isomorphic: equal up to a
 * renaming of blank nodes (RDF 1.1 Concepts §3.6).
 */
bool hdc_graph_isomorphic(const hdc_graph *a, const hdc_graph *b);

/**
 * Add to @p out (empty, same world) a copy of @p g whose blank nodes are
 * relabelled from their structure alone ("c" + hex hash), so that two
 * isomorphic graphs give the same labels in the common case (ties between
 * indistinguishable blank nodes are broken deterministically). Used for
 * content hashes and canonical N-Triples.
 */
hdc_status hdc_graph_canonicalize(const hdc_graph *g, hdc_graph *out);

/* ------------------------------------------------------------------------ */
/* Records                                                                  */

/**
 * The nodes typed dcat:Dataset (explicit rdf:type, no inference) in @p g, in
 * hdc_term_compare() order. *out is allocated with hdc_malloc (caller frees;
 * NULL when *n is 0).
 */
hdc_status hdc_graph_datasets(const hdc_graph *g, const hdc_term ***out,
                              size_t *n);

/**
 * Add to @p out (same world) the triples that describe @p dataset in @p src:
 * its own triples, and, transitively, those of the nodes it reaches that
 * @p src describes (blank nodes and document-local IRIs: distributions,
 * agents, contact points, periods, vocabulary type declarations...).
 * The walk does not enter another node typed dcat:Dataset, dcat:Catalog,
 * dcat:DatasetSeries or dcat:CatalogRecord (the link to it is kept), so a
 * record never pulls in other datasets.
 * HDC_ERR_LIMIT if the record exceeds @p max_triples (0: no limit).
 */
hdc_status hdc_graph_extract_record(const hdc_graph *src,
                                    const hdc_term *dataset,
                                    size_t max_triples, hdc_graph *out);

#endif /* HDCAT_GRAPH_H */
