// SPDX-License-Identifier: EUPL-1.2
/**
 * @file store.h
 * The catalogue store: one SQLite file (WAL mode) holding sources, source
 * runs and records (one per dcat:Dataset, with its graph as canonical
 * N-Triples, content hash, first/last seen, status and validation
 * summary), the full-text index (FTS5, with hdcat's own tokenizer: accent
 * and case folding, Snowball stemming in French and English chosen by each
 * literal's language tag) and the facet side tables.
 *
 * The schema is created and upgraded by the numbered migrations of
 * schemas/sql/, compiled into the library.
 *
 * A source run is one transaction: hdc_store_run_begin() opens it, every
 * hdc_store_run_add_graph() splits a graph into records, validates and
 * stores them, hdc_store_run_commit() counts the run and commits. Anything
 * that fails, or a run freed without commit, or a crash, leaves the
 * catalogue exactly as it was before the run.
 *
 * Identity is scoped by source: the same dataset IRI from two sources is two
 * records, linked as possible duplicates; one source never overwrites
 * another's records.
 *
 * A store handle is not safe for concurrent use; open one per thread (WAL
 * lets readers work while one writer imports).
 */
#ifndef HDCAT_STORE_H
#define HDCAT_STORE_H

#include "hdcat/core.h"
#include "hdcat/graph.h"
#include "hdcat/shacl.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct hdc_store     hdc_store;
typedef struct hdc_store_run hdc_store_run;

/* ------------------------------------------------------------------------ */
/* Opening                                                                  */

typedef struct hdc_store_open_opts {
  /** Open an existing catalogue for reading only (no migration). */
  bool              read_only;
  /** Bounds on outside input (query length, record size); NULL: defaults. */
  const hdc_limits *limits;
} hdc_store_open_opts;

/**
 * Open (creating it unless read-only) the catalogue at @p path, switch it
 * to WAL mode and apply the migrations it lacks, each in its own
 * transaction. @p opts may be NULL.
 * HDC_ERR_DB (err has SQLite's message) when the file is not a catalogue
 * or cannot be opened; HDC_ERR_UNSUPPORTED when it was written by a newer
 * hdcat (schema version above the newest migration known here).
 */
hdc_status hdc_store_open(const char *path, const hdc_store_open_opts *opts,
                          hdc_store **out, hdc_error *err);
/** Close the catalogue (a run still open is rolled back). No-op on NULL. */
void       hdc_store_close(hdc_store *s);
/** The schema version (number of the last migration applied). */
int        hdc_store_schema_version(const hdc_store *s);
/** The newest schema version this library knows. */
int        hdc_store_schema_latest(void);
/** Number of records (all statuses) in the catalogue; -1 on error. */
int64_t    hdc_store_record_count(hdc_store *s);

/* ------------------------------------------------------------------------ */
/* Source runs (import)                                                     */

typedef struct hdc_store_run_opts {
  /**
   * Profile to validate each record with (its world must be the world of
   * the graphs added). NULL: records are stored unvalidated (valid, with no
   * report); only for tests and trusted copies.
   */
  const hdc_shacl_profile *profile;
  /** At commit, withdraw the source's active records that this run did not
   *  see (a harvest of a whole catalogue); false for imports of a few
   *  files. */
  bool                     withdraw_missing;
  /** Record size bound (HDC_LIMIT_RECORD_TRIPLES); NULL: the store's. */
  const hdc_limits        *limits;
} hdc_store_run_opts;

/** What a run did, as counted in its run row. */
typedef struct hdc_store_run_stats {
  int64_t run_id;
  size_t  added;     /**< New records. */
  size_t  updated;   /**< Known records whose content hash changed. */
  size_t  unchanged; /**< Same hash: not rewritten, last seen updated. */
  size_t  invalid;   /**< Added or updated records that do not validate
                        (stored, flagged, with their report). */
  size_t  withdrawn; /**< Records withdrawn at commit (withdraw_missing). */
} hdc_store_run_stats;

/**
 * Begin a run of source @p source (created on first use; NULL or "" means
 * "local"). Only one run may be open on a store. @p opts may be NULL.
 */
hdc_status hdc_store_run_begin(hdc_store *s, const char *source,
                               const hdc_store_run_opts *opts,
                               hdc_store_run **out, hdc_error *err);
/**
 * Split @p g into records (one per dcat:Dataset, hdc_graph_extract_record),
 * validate each with the run's profile and store it: added, updated or
 * unchanged by content hash of its canonical N-Triples. @p g must not be
 * used by another thread during the call (validation adds and removes the
 * vocabularies). @p doc names the document in errors (may be NULL).
 * On error the run is spoiled: only hdc_store_run_free() is left to call.
 */
hdc_status hdc_store_run_add_graph(hdc_store_run *r, hdc_graph *g,
                                   const char *doc, hdc_error *err);
/** Finish the run: withdraw (if asked), write the run row, commit.
 *  @p stats may be NULL. The run must still be freed. */
hdc_status hdc_store_run_commit(hdc_store_run *r, hdc_store_run_stats *stats,
                                hdc_error *err);
/** Free the run; rolls it back if it was not committed. No-op on NULL. */
void       hdc_store_run_free(hdc_store_run *r);

/**
 * Convenience: one run of @p source over the RDF files @p paths (each
 * parsed on its own, blank nodes scoped per file, into world @p w — the
 * profile's world when validating). A file that cannot be read or parsed
 * aborts the whole run (err names it) and nothing changes.
 */
hdc_status hdc_store_import_files(hdc_store *s, hdc_world *w,
                                  const char *source,
                                  const char *const *paths, size_t n_paths,
                                  const hdc_store_run_opts *opts,
                                  hdc_store_run_stats *stats, hdc_error *err);

/* ------------------------------------------------------------------------ */
/* Search                                                                   */

/** Facet keys, in display order (see hdc_store_facet_key()). */
typedef enum hdc_store_facet_kind {
  HDC_FACET_HEALTH_CATEGORY = 0, /**< "health_category" */
  HDC_FACET_THEME,               /**< "theme" */
  HDC_FACET_PUBLISHER,           /**< "publisher" */
  HDC_FACET_HDAB,                /**< "hdab" */
  HDC_FACET_ACCESS_RIGHTS,       /**< "access_rights" */
  HDC_FACET_CODING_SYSTEM,       /**< "coding_system" */
  HDC_FACET_FORMAT,              /**< "format" */
  HDC_FACET_LANGUAGE,            /**< "language" */
  HDC_FACET_AGE_RANGE,           /**< "age_range" (0-17, 18-64, 65+) */
  HDC_FACET_RECORDS,             /**< "records": number of records, ranges */
  HDC_FACET_PERIOD,              /**< "period": decades covered */
  HDC_FACET__COUNT
} hdc_store_facet_kind;

/** The facet's key as used in filters and JSON, e.g. "health_category". */
const char *hdc_store_facet_key(hdc_store_facet_kind k);
/** The facet named @p key, or HDC_FACET__COUNT if none. */
hdc_store_facet_kind hdc_store_facet_from_key(const char *key);

typedef enum hdc_store_sort {
  HDC_STORE_SORT_RELEVANCE = 0, /**< Best match first (empty query: title). */
  HDC_STORE_SORT_TITLE,         /**< Title, accents and case folded. */
  HDC_STORE_SORT_MODIFIED       /**< Last modification, newest first. */
} hdc_store_sort;

/** One facet filter: records having @p value for facet @p key. Filters of
 *  one key are OR-ed, filters of different keys AND-ed. */
typedef struct hdc_store_filter {
  const char *key;
  const char *value;
} hdc_store_filter;

typedef struct hdc_store_query {
  /** The user's words: words, "phrases", -exclusions, OR (see
   *  hdc_store_query_translate()). Any bytes; empty lists every active
   *  record. Longer than HDC_LIMIT_QUERY_BYTES: HDC_ERR_LIMIT. */
  hdc_str                 text;
  const hdc_store_filter *filters;
  size_t                  n_filters;
  hdc_store_sort          sort;
  size_t                  offset;
  size_t                  limit;   /**< 0: 20. At most 1000. */
  /** Preferred language of titles, snippets and labels ("fr", "en";
   *  NULL: "fr"). */
  const char             *lang;
  /** Match the last word as a prefix too (type-ahead). */
  bool                    prefix;
  /** Compute facet counts for the query. Counts are disjunctive: a
   *  facet's own filters are left out when counting that facet, so its
   *  other values show what choosing them too would add. */
  bool                    facets;
  /** Also list records that do not conform to the profile (stored and
   *  flagged); by default a search finds only valid records. */
  bool                    include_invalid;
} hdc_store_query;

/** One result. Strings are owned by the results and NUL-terminated. */
typedef struct hdc_store_hit {
  int64_t     id;
  const char *iri;
  const char *source;
  const char *title;
  /** Description excerpt, matched words between "[" and "]" (empty query:
   *  the beginning of the description). */
  const char *snippet;
  const char *modified; /**< ISO date or "" */
  double      score;    /**< Higher is better (0 for an empty query). */
  bool        valid;    /**< Conforms to the profile. */
} hdc_store_hit;

typedef struct hdc_store_facet_value {
  const char *value; /**< What to filter on (an IRI, a range name...). */
  const char *label; /**< For people, in the query's language if known. */
  size_t      count; /**< Matching records with this value. */
} hdc_store_facet_value;

typedef struct hdc_store_facet {
  const char            *key;
  hdc_store_facet_value *values; /**< By count, then label. */
  size_t                 n_values;
} hdc_store_facet;

typedef struct hdc_store_results {
  size_t           total; /**< Matching records (not just this page). */
  hdc_store_hit   *hits;
  size_t           n_hits;
  hdc_store_facet *facets; /**< Every facet with at least one value. */
  size_t           n_facets;
  /** The FTS5 expression the query was translated to ("" for none). */
  const char      *fts_query;
  hdc_arena       *arena;  /**< Private: owns everything above. */
} hdc_store_results;

/**
 * Run @p q. HDC_ERR_LIMIT for an over-long query, HDC_ERR_INVALID_ARG for
 * an unknown facet key or sort, HDC_ERR_DB. No query text can cause a
 * syntax error: every word is quoted before it reaches FTS5, and never
 * reaches SQL except as a bound parameter.
 */
hdc_status hdc_store_search(hdc_store *s, const hdc_store_query *q,
                            hdc_store_results **out, hdc_error *err);
/** No-op on NULL. */
void       hdc_store_results_free(hdc_store_results *r);

/**
 * Translate the user's query @p text into an FTS5 expression in @p out
 * (appended). Syntax: words (AND-ed), "phrases", a leading - excludes a
 * word or phrase, OR (upper case) between two terms. Every word becomes a
 * quoted FTS5 string, so FTS5 operators, quotes, brackets, colons and
 * stars typed by the user are only text. Words that fold to nothing
 * (punctuation) are dropped; an unbalanced quote closes at the end.
 * *n_positive / *n_negative (may be NULL) get the number of included and
 * excluded terms; a query with no positive term gives an empty positive
 * expression and the exclusions in @p neg (appended, OR-ed).
 * With @p prefix, the last word (if not quoted, excluded, or followed by
 * a space) also matches as a prefix.
 */
hdc_status hdc_store_query_translate(hdc_str text, bool prefix, hdc_buf *out,
                                     hdc_buf *neg, size_t *n_positive,
                                     size_t *n_negative);

/* ------------------------------------------------------------------------ */
/* Records                                                                  */

typedef struct hdc_store_record {
  int64_t     id;
  const char *iri;
  const char *source;
  const char *hash;        /**< Hex content hash of the canonical graph. */
  const char *ntriples;    /**< Canonical N-Triples, sorted. */
  const char *title;       /**< In the requested language if present. */
  const char *description;
  const char *modified;
  const char *first_seen;  /**< ISO 8601 UTC timestamps. */
  const char *last_seen;
  const char *status;      /**< "active" or "withdrawn" */
  const char *withdrawn_reason; /**< "" unless withdrawn */
  const char *withdrawn_date;
  bool        valid;
  size_t      violations, warnings;
  const char *report;      /**< Validation report as JSON ("" if none). */
  /** Records of other sources with the same IRI (possible duplicates). */
  const int64_t *duplicates;
  size_t         n_duplicates;
  hdc_arena     *arena;    /**< Private: owns everything above. */
} hdc_store_record;

/** The record @p id; HDC_ERR_NOT_FOUND if none. @p lang as in queries. */
hdc_status hdc_store_record_get(hdc_store *s, int64_t id, const char *lang,
                                hdc_store_record **out, hdc_error *err);
/** The record of @p source with dataset IRI @p iri; HDC_ERR_NOT_FOUND. */
hdc_status hdc_store_record_find(hdc_store *s, const char *source,
                                 const char *iri, int64_t *id,
                                 hdc_error *err);
/** No-op on NULL. */
void       hdc_store_record_free(hdc_store_record *r);

/* ------------------------------------------------------------------------ */
/* Sources and harvest runs                                                 */

/* ------------------------------------------------------------------------ */
/* Publishing: tokens and the audit trail                                   */

#endif /* HDCAT_STORE_H */
