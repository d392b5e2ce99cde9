// SPDX-License-Identifier: EUPL-1.2
/*
 * Private interface of the shacl module: the compiled plan (shapes, paths,
 * constraints as C structs over interned terms), the vocabulary of the
 * SHACL namespace interned once per plan, the report's inner layout, and the
 * helpers shared by compile.c, path.c, literal.c, validate.c, report.c and
 * profile.c.
 */
#ifndef HDC_SHACL_INTERNAL_H
#define HDC_SHACL_INTERNAL_H

#include "hdcat/core.h"
#include "hdcat/graph.h"
#include "hdcat/shacl.h"

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ------------------------------------------------------------------------ */
/* Terms interned once per plan                                             */

/* Each entry names a term of the world the plan was compiled in. The list is
 * an X-macro so the table of IRIs and the struct fields cannot drift apart. */
#define HDC_SHACL_VOCAB(X)                                                     \
  X(rdf_type, HDC_NS_RDF "type")                                               \
  X(rdf_first, HDC_NS_RDF "first")                                             \
  X(rdf_rest, HDC_NS_RDF "rest")                                               \
  X(rdf_nil, HDC_NS_RDF "nil")                                                 \
  X(rdf_lang_string, HDC_NS_RDF "langString")                                  \
  X(rdfs_class, HDC_NS_RDFS "Class")                                           \
  X(rdfs_subclass_of, HDC_NS_RDFS "subClassOf")                                \
  X(xsd_string, HDC_NS_XSD "string")                                           \
  X(xsd_boolean, HDC_NS_XSD "boolean")                                         \
  X(xsd_integer, HDC_NS_XSD "integer")                                         \
  X(sh_node_shape, HDC_NS_SH "NodeShape")                                      \
  X(sh_property_shape, HDC_NS_SH "PropertyShape")                              \
  X(sh_target_class, HDC_NS_SH "targetClass")                                  \
  X(sh_target_node, HDC_NS_SH "targetNode")                                    \
  X(sh_target_subjects_of, HDC_NS_SH "targetSubjectsOf")                       \
  X(sh_target_objects_of, HDC_NS_SH "targetObjectsOf")                         \
  X(sh_path, HDC_NS_SH "path")                                                 \
  X(sh_inverse_path, HDC_NS_SH "inversePath")                                  \
  X(sh_alternative_path, HDC_NS_SH "alternativePath")                          \
  X(sh_zero_or_more_path, HDC_NS_SH "zeroOrMorePath")                          \
  X(sh_one_or_more_path, HDC_NS_SH "oneOrMorePath")                            \
  X(sh_zero_or_one_path, HDC_NS_SH "zeroOrOnePath")                            \
  X(sh_property, HDC_NS_SH "property")                                         \
  X(sh_node, HDC_NS_SH "node")                                                 \
  X(sh_not, HDC_NS_SH "not")                                                   \
  X(sh_and, HDC_NS_SH "and")                                                   \
  X(sh_or, HDC_NS_SH "or")                                                     \
  X(sh_xone, HDC_NS_SH "xone")                                                 \
  X(sh_class, HDC_NS_SH "class")                                               \
  X(sh_datatype, HDC_NS_SH "datatype")                                         \
  X(sh_node_kind, HDC_NS_SH "nodeKind")                                        \
  X(sh_min_count, HDC_NS_SH "minCount")                                        \
  X(sh_max_count, HDC_NS_SH "maxCount")                                        \
  X(sh_min_exclusive, HDC_NS_SH "minExclusive")                                \
  X(sh_min_inclusive, HDC_NS_SH "minInclusive")                                \
  X(sh_max_exclusive, HDC_NS_SH "maxExclusive")                                \
  X(sh_max_inclusive, HDC_NS_SH "maxInclusive")                                \
  X(sh_min_length, HDC_NS_SH "minLength")                                      \
  X(sh_max_length, HDC_NS_SH "maxLength")                                      \
  X(sh_pattern, HDC_NS_SH "pattern")                                           \
  X(sh_flags, HDC_NS_SH "flags")                                               \
  X(sh_language_in, HDC_NS_SH "languageIn")                                    \
  X(sh_unique_lang, HDC_NS_SH "uniqueLang")                                    \
  X(sh_equals, HDC_NS_SH "equals")                                             \
  X(sh_disjoint, HDC_NS_SH "disjoint")                                         \
  X(sh_less_than, HDC_NS_SH "lessThan")                                        \
  X(sh_less_than_or_equals, HDC_NS_SH "lessThanOrEquals")                      \
  X(sh_qualified_value_shape, HDC_NS_SH "qualifiedValueShape")                 \
  X(sh_qualified_min_count, HDC_NS_SH "qualifiedMinCount")                     \
  X(sh_qualified_max_count, HDC_NS_SH "qualifiedMaxCount")                     \
  X(sh_qualified_disjoint, HDC_NS_SH "qualifiedValueShapesDisjoint")           \
  X(sh_closed, HDC_NS_SH "closed")                                             \
  X(sh_ignored_properties, HDC_NS_SH "ignoredProperties")                      \
  X(sh_has_value, HDC_NS_SH "hasValue")                                        \
  X(sh_in, HDC_NS_SH "in")                                                     \
  X(sh_severity, HDC_NS_SH "severity")                                         \
  X(sh_message, HDC_NS_SH "message")                                           \
  X(sh_deactivated, HDC_NS_SH "deactivated")                                   \
  X(sh_sparql, HDC_NS_SH "sparql")                                             \
  X(sh_select, HDC_NS_SH "select")                                             \
  X(sh_violation, HDC_NS_SH "Violation")                                       \
  X(sh_warning, HDC_NS_SH "Warning")                                           \
  X(sh_info, HDC_NS_SH "Info")                                                 \
  X(sh_iri, HDC_NS_SH "IRI")                                                   \
  X(sh_blank_node, HDC_NS_SH "BlankNode")                                      \
  X(sh_literal, HDC_NS_SH "Literal")                                           \
  X(sh_blank_node_or_iri, HDC_NS_SH "BlankNodeOrIRI")                          \
  X(sh_blank_node_or_literal, HDC_NS_SH "BlankNodeOrLiteral")                  \
  X(sh_iri_or_literal, HDC_NS_SH "IRIOrLiteral")                               \
  X(dcat_dataset, HDC_NS_DCAT "Dataset")

typedef struct hdc_shacl_vocab
{
#define HDC_SHACL_VOCAB_FIELD(name, iri) const hdc_term *name;
  HDC_SHACL_VOCAB(HDC_SHACL_VOCAB_FIELD)
#undef HDC_SHACL_VOCAB_FIELD
} hdc_shacl_vocab;

/* Intern every term of the table in w. HDC_ERR_NOMEM on failure. */
hdc_status hdc_shacl_vocab_init(hdc_shacl_vocab *v, hdc_world *w);

/* ------------------------------------------------------------------------ */
/* Paths                                                                    */

typedef enum hdc_shacl_path_kind
{
  HDC_PATH_PREDICATE = 0,
  HDC_PATH_INVERSE,
  HDC_PATH_SEQUENCE,
  HDC_PATH_ALTERNATIVE,
  HDC_PATH_ZERO_OR_MORE,
  HDC_PATH_ONE_OR_MORE,
  HDC_PATH_ZERO_OR_ONE
} hdc_shacl_path_kind;

typedef struct hdc_shacl_path hdc_shacl_path;
struct hdc_shacl_path
{
  hdc_shacl_path_kind kind;
  const hdc_term     *node; /* the path node of the shapes graph */
  const hdc_term     *pred; /* HDC_PATH_PREDICATE */
  hdc_shacl_path    **sub;  /* one for the unary forms, n for the lists */
  size_t              n_sub;
};

/* A growable set of terms in insertion order, with a hash index once it
 * grows past a few entries (small sets, the common case, stay linear). */
typedef struct hdc_nodeset
{
  const hdc_term **items;
  size_t           n;
  size_t           cap;
  const hdc_term **slots; /* open addressing, NULL = empty; or NULL */
  size_t           n_slots;
  bool             oom;
} hdc_nodeset;

void hdc_nodeset_init(hdc_nodeset *s);
void hdc_nodeset_clear(hdc_nodeset *s);
/* Empty s, keeping its memory. Inline: the validator empties a scratch set
 * for every (shape, node) it evaluates. The slots go stale; they are
 * rebuilt when the set next outgrows the linear size (hdc_nodeset_push). */
static inline void
hdc_nodeset_reset(hdc_nodeset *s)
{
  s->n   = 0;
  s->oom = false;
}
/* True if added, false if present (or on OOM: s->oom is then set). */
bool hdc_nodeset_add(hdc_nodeset *s, const hdc_term *t);
bool hdc_nodeset_has(const hdc_nodeset *s, const hdc_term *t);
/* Append without checking for duplicates (caller knows it is new). */
void hdc_nodeset_push(hdc_nodeset *s, const hdc_term *t);

/* Add to out the nodes reached from node by path in g. */
hdc_status hdc_shacl_path_eval(const hdc_graph      *g,
                               const hdc_shacl_path *p,
                               const hdc_term       *node,
                               hdc_nodeset          *out);

/* ------------------------------------------------------------------------ */
/* Shapes and constraints                                                   */

typedef struct hdc_shacl_shape hdc_shacl_shape;

typedef struct hdc_shacl_constraint
{
  hdc_shacl_component comp;
  const hdc_term     *param; /* the parameter value as written */
  const hdc_term     *term;  /* class, datatype, nodeKind, hasValue, the
                                property of equals/disjoint/lessThan, the
                                bound of the value ranges */
  size_t           count;    /* min/maxCount, min/maxLength, qualified */
  regex_t         *regex;    /* sh:pattern, compiled */
  const hdc_term **terms;    /* sh:in members, sh:languageIn tags,
                                sh:closed allowed predicates */
  size_t            n_terms;
  hdc_shacl_shape **shapes; /* node, not, and, or, xone, qualified */
  size_t            n_shapes;
  /* qualifiedValueShapesDisjoint: the sibling shapes to stay out of. */
  hdc_shacl_shape **siblings;
  size_t            n_siblings;
  bool              disjoint;
  bool              flag; /* uniqueLang true, closed true */
} hdc_shacl_constraint;

struct hdc_shacl_shape
{
  const hdc_term  *node;
  uint32_t         id;
  bool             is_property;
  bool             deactivated;
  bool             compiled;
  hdc_shacl_path  *path; /* property shapes */
  const hdc_term  *severity;
  hdc_shacl_level  level;
  const hdc_term **messages;
  size_t           n_messages;
  /* Targets. */
  const hdc_term **t_nodes;
  size_t           n_t_nodes;
  const hdc_term **t_classes; /* explicit and implicit */
  size_t           n_t_classes;
  const hdc_term **t_subjects_of;
  size_t           n_t_subjects_of;
  const hdc_term **t_objects_of;
  size_t           n_t_objects_of;
  /* Constraints, in a fixed order; sh:property shapes separately. */
  hdc_shacl_constraint *cons;
  size_t                n_cons;
  hdc_shacl_shape     **props;
  size_t                n_props;
  /* Indexes into props of the property shapes whose path is a single
   * predicate, sorted by predicate address: the validator finds all their
   * values in one merge walk over the focus node's triples (sorted the
   * same way) instead of one search per property shape. */
  uint32_t *pred_props;
  size_t    n_pred_props;
  /* The HealthDCAT-AP graph guard, evaluated natively (see shacl.h). */
  bool             guard;
  const hdc_term  *guard_node; /* the sh:sparql node */
  const hdc_term  *guard_severity;
  hdc_shacl_level  guard_level;
  const hdc_term **guard_messages;
  size_t           n_guard_messages;
};

struct hdc_shacl_plan
{
  hdc_world        *world;
  hdc_arena        *arena; /* every struct and array of the plan */
  hdc_shacl_vocab   v;
  hdc_shacl_shape **shapes; /* all compiled shapes, by id */
  size_t            n_shapes;
  size_t            cap_shapes;
  /* Shape lookup by node during compilation (open addressing). */
  hdc_shacl_shape **index;
  size_t            n_index;
  /* Shapes with at least one target, not deactivated. */
  hdc_shacl_shape **targeted;
  size_t            n_targeted;
  /* Regexes to regfree() at the end. */
  regex_t **regexes;
  size_t    n_regexes;
  size_t    cap_regexes;
};

/* ------------------------------------------------------------------------ */
/* Literals                                                                 */

/* True if lexical is a valid lexical form of the XSD / RDF datatype named
 * by dt_iri (unknown datatypes: true, nothing to check). */
bool hdc_shacl_lexical_valid(hdc_str dt_iri, hdc_str lexical);

/* Compare two literals the way SPARQL's < does for numbers, strings,
 * booleans and date/time values. Returns false when they are not
 * comparable; otherwise *cmp is <0, 0 or >0. */
bool hdc_shacl_literal_compare(const hdc_term *a, const hdc_term *b, int *cmp);

/* Number of Unicode code points in a UTF-8 string. */
size_t hdc_shacl_utf8_length(hdc_str s);

/* SPARQL langMatches(tag, range) (RFC 4647 basic filtering). */
bool hdc_shacl_lang_matches(hdc_str tag, hdc_str range);

/* ------------------------------------------------------------------------ */
/* Reports                                                                  */

struct hdc_shacl_report
{
  hdc_shacl_result *results;
  size_t            n;
  size_t            cap;
  size_t            n_level[3];
  bool              truncated;
  hdc_arena        *arena; /* notes, message lists */
  /* Recently stored notes: a profile gives the same note to thousands of
   * results, which then share one copy. */
  const char *recent_notes[16];
  unsigned    next_note;
  /* Copies of message lists, by the address of the list copied (a shape's
   * list), direct-mapped: results of one shape share one copy. */
  struct
  {
    const hdc_term *const *src;
    const hdc_term       **copy;
  } msg_cache[64];
};

/* As hdc_shacl_report_add(), for results whose message list belongs to a
 * compiled plan (fixed while the plan lives): equal lists are copied once. */
hdc_status hdc_shacl_report_add_stable(hdc_shacl_report       *r,
                                       const hdc_shacl_result *res);

/* The IRI of a component, interned in w (NULL on OOM). */
const hdc_term *hdc_shacl_component_iri(hdc_world *w, hdc_shacl_component c);

/* Collect the members of the RDF list at head in g into out (arena
 * allocated). HDC_ERR_SYNTAX if it is not a well-formed list. */
hdc_status hdc_shacl_list_collect(const hdc_graph       *g,
                                  const hdc_shacl_vocab *v,
                                  const hdc_term        *head,
                                  hdc_arena             *arena,
                                  const hdc_term      ***out,
                                  size_t                *n);

#endif /* HDC_SHACL_INTERNAL_H */
