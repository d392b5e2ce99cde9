// SPDX-License-Identifier: EUPL-1.2
/**
 * @file shacl.h
 * SHACL Core validation (W3C Recommendation 2017-07-20,
 * https://www.w3.org/TR/shacl/) and the HealthDCAT-AP / DCAT-AP profiles.
 *
 * Use: compile a shapes graph once into a plan (shapes, targets, paths and
 * constraint parameters as C structs whose terms are interned, so every
 * comparison during validation is a pointer comparison), then validate any
 * number of data graphs with it. A validation yields a report: a list of
 * results that can be read directly, or written as a sh:ValidationReport
 * graph, as JSON, or as a text report for people (French or English).
 *
 * The shapes graph and every data graph validated with a plan must share one
 * hdc_world (terms are compared by pointer). The plan borrows the shapes
 * graph's world, not the shapes graph itself: the shapes graph may be freed
 * once the plan is compiled. A report borrows the terms of the world; it must
 * be freed before the world. A compiled plan is read-only during validation,
 * so several threads may validate with one plan (each with its own data
 * graph, or one data graph indexed beforehand with hdc_graph_index()).
 */
#ifndef HDCAT_SHACL_H
#define HDCAT_SHACL_H

#include "hdcat/core.h"
#include "hdcat/graph.h"
#include "hdcat/rdf.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct hdc_shacl_plan    hdc_shacl_plan;
typedef struct hdc_shacl_report  hdc_shacl_report;
typedef struct hdc_shacl_profile hdc_shacl_profile;

/** Severity of a result, from the shape's sh:severity. */
typedef enum hdc_shacl_level
{
  HDC_SHACL_INFO = 0, /**< sh:Info */
  HDC_SHACL_WARNING,  /**< sh:Warning */
  HDC_SHACL_VIOLATION /**< sh:Violation, the default, and any other IRI */
} hdc_shacl_level;

/** The SHACL Core constraint components (sh:sourceConstraintComponent). */
typedef enum hdc_shacl_component
{
  HDC_SHACL_CLASS = 0,
  HDC_SHACL_DATATYPE,
  HDC_SHACL_NODE_KIND,
  HDC_SHACL_MIN_COUNT,
  HDC_SHACL_MAX_COUNT,
  HDC_SHACL_MIN_EXCLUSIVE,
  HDC_SHACL_MIN_INCLUSIVE,
  HDC_SHACL_MAX_EXCLUSIVE,
  HDC_SHACL_MAX_INCLUSIVE,
  HDC_SHACL_MIN_LENGTH,
  HDC_SHACL_MAX_LENGTH,
  HDC_SHACL_PATTERN,
  HDC_SHACL_LANGUAGE_IN,
  HDC_SHACL_UNIQUE_LANG,
  HDC_SHACL_EQUALS,
  HDC_SHACL_DISJOINT,
  HDC_SHACL_LESS_THAN,
  HDC_SHACL_LESS_THAN_OR_EQUALS,
  HDC_SHACL_NOT,
  HDC_SHACL_AND,
  HDC_SHACL_OR,
  HDC_SHACL_XONE,
  HDC_SHACL_NODE,
  HDC_SHACL_PROPERTY,
  HDC_SHACL_QUALIFIED_MIN_COUNT,
  HDC_SHACL_QUALIFIED_MAX_COUNT,
  HDC_SHACL_CLOSED,
  HDC_SHACL_HAS_VALUE,
  HDC_SHACL_IN,
  /** Not SHACL Core: the HealthDCAT-AP graph guard (at least one
   *  dcat:Dataset), reported as sh:SPARQLConstraintComponent. */
  HDC_SHACL_SPARQL,
  HDC_SHACL_COMPONENT__COUNT
} hdc_shacl_component;

/** Local name of a component's IRI, e.g. "MinCountConstraintComponent". */
const char *hdc_shacl_component_name(hdc_shacl_component c);

/**
 * One validation result (sh:ValidationResult). Every term belongs to the
 * plan's world. Borrowed from the report that holds it.
 */
typedef struct hdc_shacl_result
{
  const hdc_term *focus; /**< sh:focusNode */
  /** sh:resultPath: the path node of the shapes graph (an IRI for a
   *  predicate path, a blank node for the others; see
   *  hdc_shacl_report_to_graph() for how its structure is written), the
   *  offending predicate for sh:closed, NULL for other node-shape results. */
  const hdc_term     *path;
  const hdc_term     *value; /**< sh:value, NULL when the component has none */
  const hdc_term     *shape; /**< sh:sourceShape */
  hdc_shacl_component component; /**< sh:sourceConstraintComponent */
  /** The constraint's parameter value (the class of sh:class, the number of
   *  sh:minCount, the list node of sh:in...), for explanations; may be NULL. */
  const hdc_term        *param;
  const hdc_term        *severity; /**< sh:resultSeverity (an IRI) */
  hdc_shacl_level        level;
  const hdc_term *const *messages; /**< the shape's sh:message literals */
  size_t                 n_messages;
  /** An explanation added by a profile (e.g. which vocabulary a codelist
   *  check needs), or NULL. NUL-terminated, owned by the report. */
  const char *note;
} hdc_shacl_result;

/* ------------------------------------------------------------------------ */
/* Plans                                                                    */

typedef struct hdc_shacl_compile_opts
{
  /**
   * A property shape (the value of sh:property) without sh:path is
   * ill-formed SHACL and refused with HDC_ERR_SYNTAX. With this flag it is
   * compiled as a node shape applied to the focus node itself: the evident
   * intent of the one such shape in the HealthDCAT-AP Release 8 files.
   */
  bool pathless_property_as_node;
  /**
   * Recognise the HealthDCAT-AP graph guard (a node shape whose sh:sparql
   * query asks for the absence of a dcat:Dataset) and evaluate it natively.
   * Without this flag, and for every other sh:sparql constraint,
   * compilation fails with HDC_ERR_UNSUPPORTED (SHACL-SPARQL is not
   * implemented).
   */
  bool graph_guard;
} hdc_shacl_compile_opts;

/**
 * Compile the shapes of @p shapes into a plan.
 *
 * Shapes are the nodes typed sh:NodeShape or sh:PropertyShape, the subjects
 * of target and constraint parameters, and the nodes reached through
 * sh:node, sh:property, sh:not, sh:and, sh:or, sh:xone and
 * sh:qualifiedValueShape. Shapes with the same IRI are one shape (the
 * shapes graph is a set of triples, so files merged into it unite their
 * constraints). sh:deactivated true shapes are kept but never evaluated.
 *
 * Errors (HDC_ERR_SYNTAX, with @p err naming the shape and what is wrong):
 * a malformed path (not an IRI, a list or one of the path forms; a cyclic
 * or ill-formed list), a property shape with zero or several paths, a
 * parameter of the wrong kind (sh:minCount "x", sh:class "lit", an
 * sh:pattern that does not compile, sh:in not a list, unknown sh:nodeKind).
 * @p opts may be NULL.
 */
hdc_status hdc_shacl_plan_compile(const hdc_graph              *shapes,
                                  const hdc_shacl_compile_opts *opts,
                                  hdc_shacl_plan              **out,
                                  hdc_error                    *err);
/** No-op on NULL. */
void hdc_shacl_plan_free(hdc_shacl_plan *plan);
/** Number of compiled shapes (node and property shapes). */
size_t     hdc_shacl_plan_shape_count(const hdc_shacl_plan *plan);
hdc_world *hdc_shacl_plan_world(const hdc_shacl_plan *plan);

/* ------------------------------------------------------------------------ */
/* Validation                                                               */

/** Decides whether a target focus node is validated (ctx from the opts). */
typedef bool (*hdc_shacl_focus_fn)(void *ctx, const hdc_term *focus);

typedef struct hdc_shacl_validate_opts
{
  /**
   * Only focus nodes of targets for which this returns true are validated
   * (nested shapes still see every node). NULL: all of them. Used to report
   * only on the submitted data when vocabularies were merged into the data
   * graph, and to apply one plan per access level.
   */
  hdc_shacl_focus_fn focus_filter;
  void              *focus_ctx;
  /** Stop after this many results (0: no limit); the report says so. */
  size_t max_results;
} hdc_shacl_validate_opts;

/**
 * Validate @p data (same world as the plan) against @p plan and append the
 * results to *report (a new report is created when *report is NULL), so one
 * report can gather several plans' results. @p opts may be NULL.
 * Recursive shapes terminate: a node being checked against a shape that is
 * already being checked for that node is taken as conforming.
 * HDC_ERR_INVALID_ARG if the worlds differ; HDC_ERR_NOMEM.
 */
hdc_status hdc_shacl_validate(const hdc_shacl_plan          *plan,
                              const hdc_graph               *data,
                              const hdc_shacl_validate_opts *opts,
                              hdc_shacl_report             **report,
                              hdc_error                     *err);

/* ------------------------------------------------------------------------ */
/* Reports                                                                  */

/** New empty report (conforms). NULL on OOM. */
hdc_shacl_report *hdc_shacl_report_new(void);
/** No-op on NULL. */
void hdc_shacl_report_free(hdc_shacl_report *r);
/** sh:conforms: true when the report holds no result at all. */
bool   hdc_shacl_report_conforms(const hdc_shacl_report *r);
size_t hdc_shacl_report_count(const hdc_shacl_report *r);
/** Results of level @p level. */
size_t hdc_shacl_report_count_level(const hdc_shacl_report *r,
                                    hdc_shacl_level         level);
/** The @p i-th result, NULL when out of range. */
const hdc_shacl_result *hdc_shacl_report_get(const hdc_shacl_report *r,
                                             size_t                  i);
/** True if validation stopped at opts.max_results. */
bool hdc_shacl_report_truncated(const hdc_shacl_report *r);
/**
 * Append a result (copied; its terms are borrowed, note is copied).
 * For profiles and tests; the engine uses it too.
 */
hdc_status hdc_shacl_report_add(hdc_shacl_report       *r,
                                const hdc_shacl_result *res);
/** Set the note of result @p i (copied); HDC_ERR_INVALID_ARG if no such
 *  result. */
hdc_status hdc_shacl_report_set_note(hdc_shacl_report *r,
                                     size_t            i,
                                     const char       *note);
/**
 * Sort the results in a stable, readable order: by focus node, then
 * severity (violations first), path, component, value (term content order,
 * independent of memory addresses).
 */
void hdc_shacl_report_sort(hdc_shacl_report *r);

/**
 * Add to @p out (same world) the sh:ValidationReport graph of @p r: a blank
 * report node with sh:conforms and one blank sh:ValidationResult per result
 * carrying sh:focusNode, sh:resultPath, sh:value, sh:sourceShape,
 * sh:sourceConstraintComponent, sh:resultSeverity and sh:resultMessage.
 * A non-predicate path is copied from @p shapes (the graph the plan was
 * compiled from; NULL: only the path node is written) as a fresh tree of
 * blank nodes for each result, so that the report stands on its own.
 */
hdc_status hdc_shacl_report_to_graph(const hdc_shacl_report *r,
                                     const hdc_graph        *shapes,
                                     hdc_graph              *out,
                                     hdc_error              *err);

/**
 * Write @p r as JSON:
 * `{"conforms": bool, "violations": N, "warnings": N, "infos": N,
 *   "truncated": bool, "results": [{"focusNode", "resultPath", "value",
 *   "sourceShape", "sourceConstraintComponent", "severity", "messages",
 *   "note"}]}`; terms are written in N-Triples syntax, absent fields omitted.
 * Paths that are not predicates are written as SHACL path text
 * (`^p`, `p1/p2`, `p1|p2`, `p*`...), which needs @p shapes (may be NULL).
 */
hdc_status hdc_shacl_report_write_json(const hdc_shacl_report *r,
                                       const hdc_graph        *shapes,
                                       hdc_sink_fn             sink,
                                       void                   *ctx,
                                       hdc_error              *err);

/**
 * Write @p r as a report for people in @p lang ("fr" or "en"; anything
 * else is English): results grouped by dataset (the dcat:Dataset of @p data
 * the focus node belongs to, else the focus node itself) then by severity,
 * each saying which property, which value, what the rule wants and how to
 * fix it. @p data and @p shapes are used for labels and paths (may be NULL).
 */
hdc_status hdc_shacl_report_write_text(const hdc_shacl_report *r,
                                       const hdc_graph        *data,
                                       const hdc_graph        *shapes,
                                       const char             *lang,
                                       hdc_sink_fn             sink,
                                       void                   *ctx,
                                       hdc_error              *err);

/**
 * Write @p path (a path node of @p shapes) in SHACL path text, e.g.
 * `<http://x/p>/^<http://x/q>` or `(<a>|<b>)*`.
 */
hdc_status hdc_shacl_path_write(const hdc_graph *shapes,
                                const hdc_term  *path,
                                hdc_buf         *out);

/* ------------------------------------------------------------------------ */
/* Profiles: HealthDCAT-AP Release 8 and DCAT-AP 3                           */

typedef enum hdc_shacl_profile_kind
{
  /** HealthDCAT-AP Release 8, one shape set per access level (PUBLIC,
   *  RESTRICTED, NON_PUBLIC), with the codelist checks. */
  HDC_SHACL_PROFILE_HEALTHDCAT_AP = 0,
  /** The same without the codelist checks (controlled vocabularies). */
  HDC_SHACL_PROFILE_HEALTHDCAT_AP_CORE,
  /** DCAT-AP 3.0.0 (shapes, ranges and recommendations). */
  HDC_SHACL_PROFILE_DCAT_AP_3
} hdc_shacl_profile_kind;

/** "healthdcat-ap", "healthdcat-ap-core", "dcat-ap-3". */
const char *hdc_shacl_profile_name(hdc_shacl_profile_kind k);
/** Parse a profile name; HDC_ERR_NOT_FOUND (err lists the names). */
hdc_status hdc_shacl_profile_from_name(const char             *name,
                                       hdc_shacl_profile_kind *out,
                                       hdc_error              *err);

/**
 * Load profile @p kind from the shipped schemas directory @p schemas_dir
 * (the project's `schemas/` folder): parse the shape files of each access
 * level with their owl:imports resolved to the local copies (never the
 * network), merge same-IRI shapes, compile one plan per level, and load the
 * shipped vocabularies into one graph. Everything uses world @p w.
 * HDC_ERR_NOT_FOUND / HDC_ERR_IO when a file is missing, HDC_ERR_SYNTAX
 * when a file does not parse or a shape is malformed.
 */
hdc_status hdc_shacl_profile_load(hdc_world             *w,
                                  const char            *schemas_dir,
                                  hdc_shacl_profile_kind kind,
                                  hdc_shacl_profile    **out,
                                  hdc_error             *err);
/** No-op on NULL. */
void hdc_shacl_profile_free(hdc_shacl_profile *p);
/** The vocabularies graph (merged into data before validation). */
const hdc_graph *hdc_shacl_profile_vocabularies(const hdc_shacl_profile *p);

/**
 * Validate @p data with the profile, appending to *report (created when
 * NULL):
 *  - like the EU validator, the vocabularies are merged into the data for
 *    the checks (codelist membership and class axioms become visible), but
 *    only results whose focus node is a subject of the submitted data are
 *    reported. The vocabulary triples are added to @p data for the duration
 *    of the call and removed before it returns (hdc_graph_truncate), so
 *    @p data ends with exactly its own triples, and no copy of a large
 *    graph is ever made;
 *  - HealthDCAT-AP: each dcat:Dataset's record (the nodes it reaches, as
 *    hdc_graph_extract_record() walks them) is checked against the shapes
 *    of the level its dct:accessRights names; a missing, repeated or
 *    unknown value is a violation of its own, and that record is then
 *    checked against the PUBLIC set; nodes outside every record
 *    (catalogues, orphans) are checked against the PUBLIC set too;
 *  - a graph without any dcat:Dataset fails the graph guard;
 *  - dcat:Catalog is held to the Catalog rules only, not to the Dataset
 *    rules: no DCAT ontology is loaded, so no Catalog ⊑ Dataset axiom
 *    (the EU validator, which loads it, does hold catalogues to them);
 *  - a failed codelist check gets a note naming the vocabulary, and saying
 *    when hdcat does not ship that vocabulary yet.
 * A node shared by records of two levels (an agent, say) is checked at
 * both; the duplicate results this gives are removed. Results are not
 * sorted: call hdc_shacl_report_sort() for a stable order.
 */
hdc_status hdc_shacl_profile_validate(const hdc_shacl_profile *p,
                                      hdc_graph               *data,
                                      hdc_shacl_report       **report,
                                      hdc_error               *err);

/** The plan used for one access level ("PUBLIC", "RESTRICTED",
 *  "NON_PUBLIC"; DCAT-AP 3 has a single plan returned for any level), and
 *  the merged shapes graph it was compiled from. NULL if unknown. With a
 *  NULL level, hdc_shacl_profile_shapes() gives the union of every level's
 *  shapes graph: the one to pass to the report writers. */
const hdc_shacl_plan *hdc_shacl_profile_plan(const hdc_shacl_profile *p,
                                             const char              *level);
const hdc_graph      *hdc_shacl_profile_shapes(const hdc_shacl_profile *p,
                                               const char              *level);

#endif /* HDCAT_SHACL_H */
