// SPDX-License-Identifier: EUPL-1.2
/**
 * @file harvest.h
 * Taking in metadata from data holders. This first part is the HTTP fetch
 * every harvest step stands on: one bounded GET of one document.
 *
 * A fetch speaks http and https only (a redirect to any other scheme is
 * refused), follows at most `redirects` redirects, gives up after
 * `fetch_seconds` in total, after a connect timeout and when the transfer
 * stalls, and stops reading as soon as the body grows past
 * `document_bytes` (also when a Content-Length announces more). It accepts
 * gzip and deflate, sends an honest User-Agent and an Accept header that
 * prefers RDF, never reads cookies or .netrc, and reports what a later
 * request needs: the final URL after redirects (the base IRI of the
 * document), the status, Content-Type, ETag, Last-Modified and
 * Retry-After.
 *
 * Conditional requests: pass the ETag and Last-Modified of an earlier fetch
 * in the options; an unchanged document then costs a 304, reported as
 * success with `status == 304` and an empty body.
 *
 * Ownership: an hdc_harvest_response owns its strings and body; release
 * them with hdc_harvest_response_clear(). A fetcher holds one connection
 * cache (pages of one source reuse the connection); it is not thread-safe,
 * but separate fetchers may run on separate threads.
 *
 * No libcurl type appears here.
 */
#ifndef HDCAT_HARVEST_H
#define HDCAT_HARVEST_H

#include "hdcat/core.h"
#include "hdcat/graph.h"
#include "hdcat/rdf.h"
#include "hdcat/store.h"

/** Sent when the caller gives no Accept header: RDF syntaxes first. */
#define HDC_HARVEST_ACCEPT                                                     \
  "text/turtle, application/rdf+xml;q=0.9, application/n-triples;q=0.9, "      \
  "application/ld+json;q=0.8, application/trig;q=0.7, "                        \
  "application/n-quads;q=0.7, application/xml;q=0.5, text/xml;q=0.4, "         \
  "application/json;q=0.3, */*;q=0.1"

/** The User-Agent of every request. */
#define HDC_HARVEST_USER_AGENT                                                 \
  "hdcat/" HDC_VERSION " (+national health data catalogue)"

/** What to ask for. Zero-initialise, then set what matters. */
typedef struct hdc_harvest_request
{
  /** Bounds: document_bytes, redirects, fetch_seconds. NULL: defaults. */
  const hdc_limits *limits;
  /** Accept header; NULL: HDC_HARVEST_ACCEPT. */
  const char *accept;
  /** ETag of an earlier response, sent as If-None-Match; NULL: none. */
  const char *if_none_match;
  /** Last-Modified of an earlier response, sent as If-Modified-Since. */
  const char *if_modified_since;
  /** Seconds to establish the connection; 0: 30 (never more than the
   *  total fetch time). */
  unsigned connect_seconds;
  /** Abort when fewer than one byte per second arrives for this many
   *  seconds; 0: 30. */
  unsigned stall_seconds;
} hdc_harvest_request;

/** What came back. Initialise with hdc_harvest_response_init(). Filled as
 *  far as the transfer went, also when the fetch fails (an HTTP 429 or 503
 *  still has its status and retry_after). */
typedef struct hdc_harvest_response
{
  long     status;        /**< HTTP status of the last response; 0: none. */
  char    *url;           /**< Final URL after redirects; NULL: none. */
  char    *content_type;  /**< Content-Type as sent; NULL: none. */
  char    *etag;          /**< ETag as sent (quotes kept); NULL: none. */
  char    *last_modified; /**< Last-Modified as sent; NULL: none. */
  long     retry_after;   /**< Retry-After in seconds; -1: none. */
  unsigned redirects;     /**< Redirects followed. */
  double   seconds;       /**< Wall time of the transfer. */
  hdc_buf  body;          /**< The (decoded) body; NUL-terminated. */
} hdc_harvest_response;

/** Set @p r to "nothing yet". */
void hdc_harvest_response_init(hdc_harvest_response *r);
/** Free what @p r owns and set it to "nothing yet". No-op on NULL. */
void hdc_harvest_response_clear(hdc_harvest_response *r);

/** A reusable HTTP client (one libcurl handle and its connection cache). */
typedef struct hdc_harvest_fetcher hdc_harvest_fetcher;

/**
 * A new fetcher, or NULL when out of memory or when libcurl cannot start
 * (@p err says which).
 */
hdc_harvest_fetcher *hdc_harvest_fetcher_new(hdc_error *err);
/** Close the connections and free. No-op on NULL. */
void hdc_harvest_fetcher_free(hdc_harvest_fetcher *f);

/**
 * GET @p url. @p req may be NULL (defaults). @p resp is cleared first,
 * then filled.
 *
 * @return HDC_OK for a 2xx response, or a 304 to a conditional request;
 * HDC_ERR_HTTP for any other status (err has the status and reason), for
 * a connection failure or timeout (err has libcurl's description), for a
 * redirect to a scheme other than http(s); HDC_ERR_LIMIT when the body
 * exceeds document_bytes or the redirects exceed `redirects`;
 * HDC_ERR_INVALID_ARG when @p url is not an http(s) URL; HDC_ERR_NOMEM.
 * Every error names the URL.
 */
hdc_status hdc_harvest_fetcher_get(hdc_harvest_fetcher       *f,
                                   const char                *url,
                                   const hdc_harvest_request *req,
                                   hdc_harvest_response      *resp,
                                   hdc_error                 *err);

/** hdc_harvest_fetcher_get() with a fetcher of its own, for one-off use. */
hdc_status hdc_harvest_fetch(const char                *url,
                             const hdc_harvest_request *req,
                             hdc_harvest_response      *resp,
                             hdc_error                 *err);

/** True if @p s starts with "http://" or "https://" (ASCII case ignored):
 *  what the command line treats as a URL rather than a path. */
bool hdc_harvest_is_url(const char *s);

/**
 * Fetch @p url and parse the body into @p g.
 *
 * The syntax is `popts->format` if set, else the Content-Type, else the
 * final URL's extension, else sniffed from the content. The base IRI is
 * `popts->base_iri` if set, else the final URL, so relative IRIs resolve
 * as a browser would. Errors name the final URL (parse errors with line
 * and column). @p popts (may be NULL) also gives the limits when `req` has
 * none; `popts->source` is ignored. @p f may be NULL (a fetcher of its
 * own); @p resp may be NULL (not kept).
 *
 * @return as hdc_harvest_fetcher_get() and hdc_rdf_parse(); a 304 is
 * HDC_FAILURE (nothing to parse, @p g unchanged). On any error @p g is
 * unchanged.
 */
hdc_status hdc_harvest_fetch_rdf(hdc_harvest_fetcher       *f,
                                 const char                *url,
                                 const hdc_harvest_request *req,
                                 const hdc_parse_opts      *popts,
                                 hdc_graph                 *g,
                                 hdc_harvest_response      *resp,
                                 hdc_error                 *err);

/** Parse the body of @p resp (a 2xx response of hdc_harvest_fetcher_get())
 *  into @p g, choosing the syntax and base IRI as hdc_harvest_fetch_rdf()
 *  does. On error @p g is unchanged. */
hdc_status hdc_harvest_response_parse(const hdc_harvest_response *resp,
                                      const char                 *url,
                                      const hdc_parse_opts       *popts,
                                      hdc_graph                  *g,
                                      hdc_error                  *err);

/**
 * Resolve reference @p ref against absolute URL @p base (RFC 3986 §5.2,
 * dot segments removed, fragment dropped), appending to @p out.
 * HDC_ERR_INVALID_ARG when @p base is not absolute.
 */
hdc_status hdc_harvest_url_resolve(const char *base, const char *ref,
                                   hdc_buf *out);
/** The host of absolute URL @p url (lower case, no user or port) into
 *  @p out; false if it has none or it does not fit. */
bool hdc_harvest_url_host(const char *url, char *out, size_t cap);

/* ------------------------------------------------------------------------ */
/* Harvesting sources                                                       */

/*
 * A harvest walks one source of the catalogue (hdc_store_source_add()) and
 * stores what it finds as one run (store.h): every page fetched, parsed
 * with its URL as base IRI, split into records, validated, stored; at the
 * end, the source's records that no page gave are withdrawn. A run that
 * fails anywhere (a page that cannot be fetched or parsed, a paging link
 * to another host, more pages than HDC_LIMIT_PAGES) is rolled back: the
 * catalogue is exactly as before, and a failed run row names the problem.
 *
 * Type "http": the source URL is one document, or the first page of a
 * catalogue paged with Hydra: hydra:next (an IRI, PartialCollectionView)
 * or the legacy hydra:nextPage (often a literal, PagedCollection), resolved
 * against the page's URL. A page seen twice (same URL, or same content)
 * ends the walk with a warning: a paging loop never spins. Paging links
 * and redirects must stay on the source's host.
 *
 * Type "fdp": a FAIR Data Point. The repository document links its
 * catalogues (fdp-o:metadataCatalog, dcat:catalog, r3d:dataCatalog,
 * ldp:contains), each catalogue its datasets (dcat:dataset), each dataset
 * its distributions (dcat:distribution); each is fetched as Turtle by
 * content negotiation, and a dataset is stored with its distributions.
 *
 * Conditional requests: for every page the run remembers its ETag,
 * Last-Modified, body hash, links and records (in the run's transaction).
 * The next harvest sends If-None-Match / If-Modified-Since; a 304, or a
 * body with the same hash, skips the parse: the page's records are marked
 * seen and its remembered links followed. Unchanged records are never
 * rewritten either way (content hash of each record).
 *
 * Politeness: a delay between two requests to the source; retries on 429,
 * 500, 502, 503 and 504, waiting Retry-After when the server gives it
 * (at most retry_max_seconds), else an exponential backoff.
 *
 * Memory: one page's graph at a time (freed once its records are stored),
 * plus the interned terms of the run's world, which is replaced by a fresh
 * one (the profile loaded again) when it has grown past `term_bytes`.
 */

/** A message for the operator during a harvest (warnings: a paging loop, a
 *  retry, a Content-Type that is not RDF...). */
typedef void (*hdc_harvest_log_fn)(void *ctx, hdc_log_level level,
                                   const char *source, const char *msg);

/** How to harvest. Zero-initialise, then set what matters. */
typedef struct hdc_harvest_opts {
  /** Bounds (document_bytes, fetch_seconds, redirects, pages, ...); NULL:
   *  defaults. */
  const hdc_limits *limits;
  /** The shipped schemas/ folder the validation profile is loaded from;
   *  NULL (or no_validate): records are stored unvalidated. */
  const char *schemas_dir;
  /** Profile name (hdc_shacl_profile_from_name()); NULL:
   *  "healthdcat-ap-core", as imports. */
  const char *profile;
  bool        no_validate;
  /** Milliseconds between two requests to a source: 0 means the default
   *  (1000), a negative value no delay (tests, local mirrors). */
  int page_delay_ms;
  /** Retries of one request on 429/5xx; 0: 3. */
  unsigned retries;
  /** First backoff in milliseconds when no Retry-After is given (doubled
   *  each retry); 0: 2000. */
  unsigned retry_base_ms;
  /** Longest Retry-After honoured, in seconds; a server asking for more
   *  fails the run. 0: 120. */
  unsigned retry_max_seconds;
  /** Fetch and parse every page, ignoring what earlier runs remember (use
   *  after changing the profile: skipped pages are not validated again). */
  bool full;
  /** Bytes of interned terms a run may gather beyond its profile's before
   *  it moves to a fresh term table (memory stays bounded whatever the
   *  number of pages); 0: 32 MiB. */
  size_t term_bytes;
  /** Warnings and progress; NULL: hdc_log(). */
  hdc_harvest_log_fn log;
  void              *log_ctx;
  /** When non-NULL and set to non-zero (by another thread or a signal
   *  handler), the harvest stops before its next request and fails
   *  (rolled back, nothing changed). */
  const volatile int *stop;
} hdc_harvest_opts;

/** What a harvest of one source did. */
typedef struct hdc_harvest_result {
  int64_t run_id;   /**< The run row (also for a failed run); 0: none. */
  bool    failed;   /**< Rolled back; err of the call says why. */
  size_t  added, updated, unchanged, invalid, withdrawn;
  size_t  pages;           /**< Documents fetched (304s included). */
  size_t  pages_unchanged; /**< Of which not parsed again. */
  size_t  warnings;
} hdc_harvest_result;

/**
 * Harvest source @p name of the catalogue @p s (no run may be open on it)
 * as one run. @p res (may be NULL) gets the counts.
 * @return HDC_OK when the run committed (some records may be invalid:
 * res->invalid); otherwise the status of the failure (HDC_ERR_HTTP,
 * HDC_ERR_SYNTAX, HDC_ERR_LIMIT, HDC_ERR_UNSUPPORTED, ...), @p err naming
 * the page, after the run was rolled back and recorded as failed;
 * HDC_ERR_NOT_FOUND for an unknown or removed source, HDC_ERR_INVALID_ARG
 * for a source without a URL.
 */
hdc_status hdc_harvest_source(hdc_store *s, const char *name,
                              const hdc_harvest_opts *opts,
                              hdc_harvest_result *res, hdc_error *err);

/**
 * Harvest, one after the other, the sources of the catalogue at @p db_path
 * whose schedule is due now (hdc_store_source_due()). Opens and closes its
 * own connection, so it may run on a background thread of a process that
 * uses the catalogue elsewhere (SQLite WAL: readers go on during a run).
 * *n_run and *n_failed (may be NULL) get the numbers of runs and of failed
 * runs. @return HDC_OK when every due source was harvested (records may be
 * invalid); the first failure's status otherwise (@p err names it; the
 * other sources are still harvested); HDC_ERR_DB if the catalogue cannot
 * be opened.
 */
hdc_status hdc_harvest_due(const char *db_path, const hdc_harvest_opts *opts,
                           size_t *n_run, size_t *n_failed, hdc_error *err);

#endif /* HDCAT_HARVEST_H */
