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
typedef struct hdc_store_record_outcome hdc_store_record_outcome;

/* ------------------------------------------------------------------------ */
/* Opening                                                                  */

typedef struct hdc_store_open_opts {
  /** Open an existing catalogue for reading only (no migration). */
  bool              read_only;
  /** Bounds on outside input (query length, record size); NULL: defaults. */
  const hdc_limits *limits;
  /** Most memory, in KiB, SQLite's page cache of this connection may fill
   *  (0: 64 MiB, what an import's rewrites of the index pages want). A
   *  server with a connection per worker thread gives each less. */
  size_t            cache_kib;
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
  /** Called once for every record hdc_store_run_add_graph() stores or
   *  finds unchanged, after it is written (inside the run's transaction);
   *  NULL: not called. The outcome and its strings are valid during the
   *  call only. */
  void (*on_record)(void *arg, const hdc_store_record_outcome *o);
  void *on_record_arg;
} hdc_store_run_opts;

/** What a run did with one record (hdc_store_run_opts.on_record). */
typedef enum hdc_store_record_kind {
  HDC_STORE_ADDED = 0, /**< A new record. */
  HDC_STORE_UPDATED,   /**< A known record whose content changed. */
  HDC_STORE_UNCHANGED  /**< Same content hash: only marked seen. */
} hdc_store_record_kind;

struct hdc_store_record_outcome {
  const char *iri;  /**< Dataset IRI ("_:" and the hash for a blank node). */
  int64_t     id;   /**< Record id. */
  int         kind; /**< An hdc_store_record_kind. */
  bool        valid;
  size_t      violations, warnings;
  /** For each violation, a short rule name: the property (or path) and the
   *  constraint, e.g. "dct:publisher minCount"; a node-shape result without
   *  a path is named by its shape, e.g. "dcat:DatasetShape class". Empty
   *  (n_rules 0) for an unchanged record, which is not validated again. */
  const char *const *rules;
  size_t             n_rules;
};

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

/*
 * A source is a named place records come from: a URL the harvester walks
 * (type "http": one document or a Hydra-paged catalogue; "fdp": a FAIR
 * Data Point), or just a name for imports. A source is never deleted:
 * removing it withdraws its records and marks it removed; adding it again
 * brings it back. Strings of the lists below are owned by their arena.
 */

/** One source, with a summary of its latest run. */
typedef struct hdc_store_source {
  int64_t     id;
  const char *name;
  const char *url;       /**< "" for an import-only source. */
  const char *type;      /**< "http" or "fdp". */
  const char *format;    /**< Forced syntax name, or "" (negotiated). */
  const char *schedule;  /**< "manual", "daily" or "weekly". */
  const char *created;
  const char *removed;   /**< "" unless removed. */
  const char *last_run;  /**< Start of the latest run, "" if none. */
  const char *last_status; /**< "ok", "failed" or "". */
  int64_t     active;    /**< Active records. */
  int64_t     withdrawn; /**< Withdrawn records. */
} hdc_store_source;

typedef struct hdc_store_sources {
  hdc_store_source *items;
  size_t            n;
  hdc_arena        *arena; /**< Private: owns everything above. */
} hdc_store_sources;

/** One run of a source, as `hdcat source show` reports it. */
typedef struct hdc_store_run_info {
  int64_t     id;
  const char *started, *finished;
  const char *status;  /**< "ok" or "failed". */
  const char *message; /**< The error of a failed run; warnings of an ok
                          one, one per line; "" if none. */
  int64_t added, updated, unchanged, invalid, withdrawn;
  int64_t pages, pages_unchanged;
  int64_t seen; /**< Records of unchanged pages, only marked seen (also
                   counted in `unchanged`). */
  /** Invalid records by rule, most frequent first. */
  const char *const *rules;
  const int64_t     *rule_counts;
  size_t             n_rules;
} hdc_store_run_info;

typedef struct hdc_store_run_list {
  hdc_store_run_info *items; /**< Newest first. */
  size_t              n;
  hdc_arena          *arena;
} hdc_store_run_list;

/**
 * Add source @p name with @p url (http or https), @p type ("http" or
 * "fdp"; NULL: "http"), @p format (a syntax name forcing the parser, or
 * NULL) and @p schedule (NULL: "manual"). A source that exists without a
 * URL (made by an import) or that was removed gets the new settings;
 * HDC_FAILURE (err says so) if a source of that name is in use.
 * HDC_ERR_INVALID_ARG for a bad name, URL, type or schedule.
 */
hdc_status hdc_store_source_add(hdc_store *s, const char *name,
                                const char *url, const char *type,
                                const char *format, const char *schedule,
                                hdc_error *err);
/** Every source, by name (removed ones too). */
hdc_status hdc_store_source_list(hdc_store *s, hdc_store_sources **out,
                                 hdc_error *err);
/** Source @p name alone (a list of one); HDC_ERR_NOT_FOUND. */
hdc_status hdc_store_source_get(hdc_store *s, const char *name,
                                hdc_store_sources **out, hdc_error *err);
/** No-op on NULL. */
void       hdc_store_sources_free(hdc_store_sources *l);
/**
 * Remove source @p name: withdraw its active records (reason "source
 * removed from the catalogue"), forget its page states, mark it removed;
 * one transaction. *withdrawn (may be NULL) gets the count.
 * HDC_ERR_NOT_FOUND if there is no such source.
 */
hdc_status hdc_store_source_remove(hdc_store *s, const char *name,
                                   size_t *withdrawn, hdc_error *err);
/**
 * The sources with a URL, not removed, whose schedule is due at @p now
 * (seconds since the epoch): "daily" when the latest run started a day or
 * more before (or never), "weekly" a week; "manual" never. The list holds
 * names and URLs as hdc_store_source_list does.
 */
hdc_status hdc_store_source_due(hdc_store *s, int64_t now,
                                hdc_store_sources **out, hdc_error *err);
/** The latest @p limit runs of source @p name (0: 10), newest first. */
hdc_status hdc_store_source_runs(hdc_store *s, const char *name,
                                 size_t limit, hdc_store_run_list **out,
                                 hdc_error *err);
/** No-op on NULL. */
void       hdc_store_run_list_free(hdc_store_run_list *l);

/* What the harvester remembers about one page of a source (see
 * schemas/sql/0004_harvest.sql). Strings are hdc_malloc'ed, never NULL
 * after hdc_store_page_get(); clear with hdc_store_page_clear(). */
typedef struct hdc_store_page {
  char *etag, *last_modified, *hash;
  char *links;   /**< URLs, one per line. */
  char *records; /**< Record ids, space-separated. */
} hdc_store_page;

/** Free what @p p owns and zero it. No-op on NULL. */
void       hdc_store_page_clear(hdc_store_page *p);
/**
 * The remembered state of page @p url of source @p source, in @p out
 * (cleared first); HDC_FAILURE when there is none.
 */
hdc_status hdc_store_page_get(hdc_store *s, const char *source,
                              const char *url, hdc_store_page *out,
                              hdc_error *err);
/**
 * Remember @p p for page @p url of @p source. Call it during the source's
 * open run: it commits or rolls back with the run.
 */
hdc_status hdc_store_page_put(hdc_store *s, const char *source,
                              const char *url, const hdc_store_page *p,
                              hdc_error *err);
/**
 * During open run @p run_id, mark the records of an unchanged page
 * (@p records, ids as in hdc_store_page) seen by the run, as an unchanged
 * record found again would be. Only active records of the run's source
 * are touched; *n gets how many (others were withdrawn since and stay so).
 */
hdc_status hdc_store_page_touch(hdc_store *s, int64_t run_id,
                                const char *records, size_t *n,
                                hdc_error *err);
/**
 * Validate the records of later hdc_store_run_add_graph() calls of @p r
 * with @p profile (the world of the graphs added from then on). A harvest
 * uses it to recycle its term table between pages, bounding memory.
 * HDC_ERR_INVALID_ARG for a failed or committed run.
 */
hdc_status hdc_store_run_set_profile(hdc_store_run           *r,
                                     const hdc_shacl_profile *profile);
/** The id of the run of @p source open on @p s; HDC_ERR_NOT_FOUND. */
hdc_status hdc_store_run_open_id(hdc_store *s, const char *source,
                                 int64_t *id, hdc_error *err);

/** What a harvest adds to its run row (hdc_store_run_note()). */
typedef struct hdc_store_run_note_info {
  int64_t            pages, pages_unchanged, seen;
  const char        *message; /**< Warnings, one per line; NULL: none. */
  const char *const *rules;   /**< Invalid records by rule. */
  const int64_t     *rule_counts;
  size_t             n_rules;
} hdc_store_run_note_info;

/**
 * Write @p info into run @p run_id, during that run (before its commit):
 * it is then counted atomically with the records.
 */
hdc_status hdc_store_run_note(hdc_store *s, int64_t run_id,
                              const hdc_store_run_note_info *info,
                              hdc_error *err);
/**
 * Record a failed run of @p source, started at @p started (ISO 8601 UTC),
 * with @p message, in a transaction of its own: call it after the run was
 * rolled back, so that the failure is reported while nothing else changed.
 * @p pages: documents fetched before the failure. *run_id (may be NULL)
 * gets the new run row's id.
 */
hdc_status hdc_store_run_fail(hdc_store *s, const char *source,
                              const char *started, const char *message,
                              int64_t pages, int64_t *run_id,
                              hdc_error *err);

/* ------------------------------------------------------------------------ */
/* Listing records                                                          */

/*
 * The DCAT feed, OAI-PMH and export walk the catalogue in record id order,
 * a page at a time, without holding anything but the page (list.c). A
 * record's change time is when its content, status or validity last changed
 * in the catalogue (its first_seen until then), in ISO 8601 UTC.
 */

typedef struct hdc_store_list_query {
  /** Only records changed at or after @c since / at or before @c until
   *  ("YYYY-MM-DDThh:mm:ssZ"); NULL: no bound. */
  const char *since;
  const char *until;
  /** Only records with id above this (keyset paging); 0: from the start. */
  int64_t     after_id;
  /** Records to skip first (page numbers); usually 0 with after_id. */
  size_t      offset;
  /** At most this many (0: 100; at most 1000). */
  size_t      limit;
  /** Also list active records that do not conform (flagged). */
  bool        include_invalid;
  /** List every record whatever its status or validity: what the feed
   *  exports and what a harvester must delete (withdrawn or no longer
   *  conforming), told apart by hdc_store_listed.exported (OAI-PMH). */
  bool        include_deleted;
} hdc_store_list_query;

/** One listed record; strings valid during the callback only. */
typedef struct hdc_store_listed {
  int64_t     id;
  const char *iri;
  const char *source;
  const char *ntriples; /**< Canonical N-Triples of the record. */
  const char *changed;  /**< Change time (ISO 8601 UTC). */
  bool        valid;
  bool        exported; /**< Active and conforming: what the feed holds. */
} hdc_store_listed;

/** Called for each listed record; anything but HDC_OK stops the listing
 *  and is returned. */
typedef hdc_status (*hdc_store_list_fn)(void *ctx, const hdc_store_listed *r);

/**
 * Call @p fn for the active records matching @p q (valid ones only unless
 * include_invalid), in ascending id order. *n (may be NULL) gets how many
 * were listed.
 */
hdc_status hdc_store_list(hdc_store *s, const hdc_store_list_query *q,
                          hdc_store_list_fn fn, void *ctx, size_t *n,
                          hdc_error *err);

/** Counts for a listing and the state conditional requests compare. */
typedef struct hdc_store_list_counts {
  size_t  exported;  /**< Active, valid records matching since/until. */
  size_t  held_back; /**< Active records matching that do not conform. */
  size_t  withdrawn; /**< Withdrawn records (all). */
  /** Records matching since/until that are withdrawn or do not conform
   *  (the deletions include_deleted lists beside the exported ones). */
  size_t  deleted;
  int64_t runs;      /**< Source runs recorded. */
  /** Grows with every change of any record (insert, content, status,
   *  validity): equal versions mean an unchanged catalogue. */
  int64_t version;
  char    last_change[32]; /**< Time of that last change ("" if none). */
} hdc_store_list_counts;

/** Fill @p out; @p q (may be NULL) gives since/until for the first two
 *  counts (its other fields are ignored). */
hdc_status hdc_store_list_count(hdc_store *s, const hdc_store_list_query *q,
                                hdc_store_list_counts *out, hdc_error *err);
/**
 * The id of the record at position @p q->offset (0-based) among those
 * hdc_store_list() would list for @p q (limit ignored), read from the
 * index alone, so that a page far into the catalogue starts without
 * reading the rows before it. HDC_ERR_NOT_FOUND if there are fewer.
 * include_deleted is not supported here (ignored).
 */
hdc_status hdc_store_list_nth(hdc_store *s, const hdc_store_list_query *q,
                              int64_t *id, hdc_error *err);
/** The change version alone (see hdc_store_list_counts), one row read:
 *  for caches of what depends only on the records. */
hdc_status hdc_store_list_version(hdc_store *s, int64_t *version,
                                  hdc_error *err);

/* ------------------------------------------------------------------------ */
/* Publishing: tokens and the audit trail                                   */

/*
 * Data holders push records through the API with a bearer token bound to
 * one publisher (an agent IRI). Only the SHA-256 of a token is stored; the
 * token is shown once, at creation. A pushed record is named by a
 * holder-chosen name (the {id} of PUT /api/v1/datasets/{id}), bound on
 * first use to its publisher and dataset IRI, and lives in the publisher's
 * push source ("push:" and the publisher IRI), written through a source
 * run like any other record. Every write, accepted or refused, leaves one
 * audit row; an accepted one writes it in the same transaction as the
 * record.
 */

/** Bytes of randomness in a token (256 bits, from getrandom(2)). */
#define HDC_STORE_TOKEN_BYTES 32
/** Room for a token's text with its NUL: "hdc1_", the token id, "_" and
 *  43 base64url characters. */
#define HDC_STORE_TOKEN_MAX 80
/** Room for a content hash: "sha256:" and 64 hex digits, NUL. */
#define HDC_STORE_SHA256_MAX 72

/** One token (never the token text itself). */
typedef struct hdc_store_token {
  int64_t     id;
  const char *publisher;
  const char *label;
  const char *created;   /**< ISO 8601 UTC. */
  const char *last_used; /**< The last accepted write; "" if none. */
  const char *expires;   /**< "" never. */
  const char *revoked;   /**< When it was revoked; "" in force. */
} hdc_store_token;

typedef struct hdc_store_tokens {
  hdc_store_token *items; /**< By id. */
  size_t           n;
  hdc_arena       *arena; /**< Private: owns everything above. */
} hdc_store_tokens;

/**
 * Create a token for @p publisher (an absolute IRI) with @p label (may be
 * NULL) expiring at @p expires ("YYYY-MM-DD": the end of that day, UTC;
 * "YYYY-MM-DDTHH:MM:SSZ"; NULL or "": never; a past date is accepted, the
 * token is then refused at once). The token text is written to @p token
 * (HDC_STORE_TOKEN_MAX bytes), *id (may be NULL) gets its id.
 * HDC_ERR_INVALID_ARG for a bad publisher, label or date; HDC_ERR_IO if
 * the system gives no randomness.
 */
hdc_status hdc_store_token_create(hdc_store *s, const char *publisher,
                                  const char *label, const char *expires,
                                  char token[HDC_STORE_TOKEN_MAX],
                                  int64_t *id, hdc_error *err);
/** The tokens of @p publisher (NULL: all), by id. */
hdc_status hdc_store_token_list(hdc_store *s, const char *publisher,
                                hdc_store_tokens **out, hdc_error *err);
/** No-op on NULL. */
void       hdc_store_tokens_free(hdc_store_tokens *l);
/** Revoke token @p id, at once (HDC_ERR_NOT_FOUND if none; revoking twice
 *  keeps the first date). */
hdc_status hdc_store_token_revoke(hdc_store *s, int64_t id, hdc_error *err);

typedef enum hdc_store_token_state {
  HDC_STORE_TOKEN_OK = 0,    /**< In force: id and publisher are set. */
  HDC_STORE_TOKEN_MALFORMED, /**< Not the shape of an hdcat token. */
  HDC_STORE_TOKEN_UNKNOWN,   /**< No such token (or a wrong secret). */
  HDC_STORE_TOKEN_REVOKED,
  HDC_STORE_TOKEN_EXPIRED
} hdc_store_token_state;

/** What hdc_store_token_check() found; clear with
 *  hdc_store_token_auth_clear(). */
typedef struct hdc_store_token_auth {
  hdc_store_token_state state;
  int64_t               id;        /**< 0 unless the id named a token. */
  char                 *publisher; /**< hdc_malloc'ed; NULL unless OK. */
} hdc_store_token_auth;

/**
 * Check the token text [token, token+len): the id it carries names the
 * row, and the SHA-256 of its secret part is compared with the stored
 * hash in constant time. Only database failures are errors; any text gives a
 * state.
 */
hdc_status hdc_store_token_check(hdc_store *s, const char *token, size_t len,
                                 hdc_store_token_auth *out, hdc_error *err);
/** Free what @p a holds. No-op on NULL. */
void       hdc_store_token_auth_clear(hdc_store_token_auth *a);

/** Hex SHA-256 of [ptr, ptr+len) as "sha256:" and 64 digits. */
void hdc_store_sha256_hex(const void *ptr, size_t len,
                          char out[HDC_STORE_SHA256_MAX]);
/** A publisher's key in URLs (/publisher/{key}): the first 16 hex digits
 *  of the SHA-256 of its IRI. */
void hdc_store_publisher_key(const char *iri, char out[17]);

/** True if @p name may name a pushed record: 1 to 100 characters of
 *  [A-Za-z0-9._~-], not beginning with '.' (safe as one URL segment). */
bool hdc_store_push_name_valid(const char *name);

/** Why a push was refused (nothing changed but the audit row). */
typedef enum hdc_store_push_refusal {
  HDC_STORE_PUSH_ACCEPTED = 0,
  HDC_STORE_PUSH_NOT_OWNER,  /**< The name belongs to another publisher. */
  HDC_STORE_PUSH_NAME_BOUND, /**< The name is bound to another dataset IRI. */
  HDC_STORE_PUSH_IRI_BOUND,  /**< The publisher pushed this IRI under
                                  another name. */
  HDC_STORE_PUSH_BAD_RECORD, /**< Not one IRI-named dataset whose only
                                  dct:publisher is the token's. */
  HDC_STORE_PUSH_INVALID,    /**< Does not conform to the profile. */
  HDC_STORE_PUSH_NOT_FOUND   /**< DELETE of a name never pushed. */
} hdc_store_push_refusal;

/** One push (PUT or DELETE) as the API received it. */
typedef struct hdc_store_push {
  const char              *name;      /**< The record's name ({id}). */
  const char              *publisher; /**< The token's publisher. */
  int64_t                  token_id;
  const char              *remote;    /**< Client address (audit). */
  /** Profile the record must conform to (NULL: not checked; tests). */
  const hdc_shacl_profile *profile;
} hdc_store_push;

/** What a push did. */
typedef struct hdc_store_push_result {
  hdc_store_push_refusal refusal;
  /** HDC_STORE_ADDED, _UPDATED or _UNCHANGED for a PUT; for a DELETE
   *  _UPDATED when withdrawn now, _UNCHANGED when it already was. */
  int                    kind;
  int                    status;   /**< HTTP status written to the audit. */
  int64_t                record_id;
  int64_t                audit_id;
  char                   iri[512]; /**< Dataset IRI (truncated if longer). */
  char                   hash_before[HDC_STORE_SHA256_MAX]; /**< "" none */
  char                   hash_after[HDC_STORE_SHA256_MAX];
} hdc_store_push_result;

/**
 * Store graph @p g (one dcat:Dataset named by an IRI, whose only
 * dct:publisher is p->publisher; world of the profile) as the record named
 * p->name, in one transaction with its run row, the name's binding, the
 * token's last use and the audit row. A refusal (HDC_FAILURE, out->refusal
 * says why) changes nothing: the caller then audits it with
 * hdc_store_audit_add(). @p g is not modified.
 */
hdc_status hdc_store_push_put(hdc_store *s, const hdc_store_push *p,
                              hdc_graph *g, hdc_store_push_result *out,
                              hdc_error *err);
/**
 * Withdraw (never erase) the record named p->name, with its run row and
 * audit row, in one transaction. HDC_FAILURE with out->refusal for a name
 * never pushed or another publisher's.
 */
hdc_status hdc_store_push_withdraw(hdc_store *s, const hdc_store_push *p,
                                   hdc_store_push_result *out,
                                   hdc_error *err);
/** The owner and dataset IRI of name @p name (hdc_malloc'ed, caller frees
 *  both) and its record id; HDC_FAILURE if the name is free. */
hdc_status hdc_store_push_owner(hdc_store *s, const char *name,
                                char **publisher, char **iri,
                                int64_t *record_id, hdc_error *err);

/** One audit row. */
typedef struct hdc_store_audit_entry {
  int64_t     id;
  const char *at;        /**< ISO 8601 UTC (set by the store). */
  int64_t     token_id;  /**< 0: no token recognised. */
  const char *publisher; /**< The token's publisher, "" if none. */
  const char *record;    /**< The record's name in the request. */
  int64_t     record_id; /**< 0: none. */
  const char *action;    /**< "put" or "delete". */
  int         status;    /**< HTTP status answered. */
  const char *result;    /**< added, updated, unchanged, withdrawn,
                              refused, failed. */
  const char *hash_before, *hash_after; /**< "sha256:..." or "". */
  const char *remote;
  const char *message;
} hdc_store_audit_entry;

typedef struct hdc_store_audit_entries {
  hdc_store_audit_entry *items; /**< Newest first. */
  size_t                 n;
  hdc_arena             *arena;
} hdc_store_audit_entries;

/** Append @p e (its id and at are ignored; NULL strings are ""), in a
 *  transaction of its own. *id (may be NULL) gets the row id. */
hdc_status hdc_store_audit_add(hdc_store *s, const hdc_store_audit_entry *e,
                               int64_t *id, hdc_error *err);
/** The latest @p limit rows (0: all) of @p publisher (NULL: everyone's),
 *  newest first. */
hdc_status hdc_store_audit_list(hdc_store *s, const char *publisher,
                                size_t limit, hdc_store_audit_entries **out,
                                hdc_error *err);
/** Number of audit rows; -1 on error. */
int64_t    hdc_store_audit_count(hdc_store *s);
/** No-op on NULL. */
void       hdc_store_audit_entries_free(hdc_store_audit_entries *l);

/** One record of a publisher, for its page. */
typedef struct hdc_store_publisher_record {
  int64_t     id;
  const char *iri, *title, *source, *status, *modified, *last_seen;
  const char *name; /**< The push name, "" if harvested or imported. */
  bool        valid;
  size_t      violations, warnings;
} hdc_store_publisher_record;

/** A publisher's records and the sources they come from. */
typedef struct hdc_store_publisher_view {
  const char                 *iri;
  const char                 *label; /**< foaf:name seen in a record, or "" */
  hdc_store_publisher_record *records; /**< Active first, then by title. */
  size_t                      n_records;
  const char                **sources; /**< Source names, by name. */
  size_t                      n_sources;
  hdc_arena                  *arena;
} hdc_store_publisher_view;

/**
 * The publisher whose key (hdc_store_publisher_key()) is @p key, or whose
 * IRI is @p key, with its records (any record whose dct:publisher is it,
 * and its pushed ones, withdrawn included) in @p lang ("fr", "en").
 * HDC_ERR_NOT_FOUND if no record or token names it.
 */
hdc_status hdc_store_publisher_get(hdc_store *s, const char *key,
                                   const char *lang,
                                   hdc_store_publisher_view **out,
                                   hdc_error *err);
/** No-op on NULL. */
void       hdc_store_publisher_view_free(hdc_store_publisher_view *v);

#endif /* HDCAT_STORE_H */
