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

#endif /* HDCAT_HARVEST_H */
