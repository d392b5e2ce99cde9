// SPDX-License-Identifier: EUPL-1.2
/**
 * @file web.h
 * The web front-end: an HTTP server (libmicrohttpd) over one catalogue,
 * serving pages to people (search, dataset pages, the upload validator),
 * JSON to programs (/api/v1), the paged DCAT feed the EU catalogue
 * harvests (/catalog), OAI-PMH (/oai), /healthz and /metrics. Routes and
 * behaviour are those of DESIGN.md.
 *
 * Handlers take a request and fill a response; hdc_web_inject() runs one
 * request through the routes table without any socket, so every handler is
 * tested in-process. hdc_web_start() puts the same table behind a real
 * listening socket.
 */
#ifndef HDCAT_WEB_H
#define HDCAT_WEB_H

#include "hdcat/core.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct hdc_web hdc_web;

typedef struct hdc_web_config {
  /** The catalogue file (opened once per worker thread). */
  const char       *db_path;
  /** "ADDR:PORT" to listen on; port 0 picks a free port (tests).
   *  NULL: "127.0.0.1:8080". */
  const char       *listen;
  /** Public base URL of the service, used to mint stable IRIs in the
   *  feed and links ("https://catalogue.example.org"); NULL: derived from
   *  the listening address. No trailing slash. */
  const char       *base_url;
  /** Directory of the shipped shapes and vocabularies (labels, the
   *  validator); NULL: none (labels fall back to IRIs). */
  const char       *schemas_dir;
  /** Directory of the static assets served under /static/ (the DSFR
   *  distribution, hdcat's own CSS); NULL: no static files. */
  const char       *assets_dir;
  /** Worker threads (0: one per core plus one, at most 8). Each has its
   *  own catalogue connection and search index, about 50 MB at 100,000
   *  records. */
  unsigned          threads;
  /** Seconds a connection may stay idle before it is closed (0: 15). */
  unsigned          timeout_seconds;
  /** Write one access-log line per request to the log (core.h). */
  bool              access_log;
  /** Bounds on requests (HDC_LIMIT_REQUEST_BODY, _CONNECTIONS,
   *  _QUERY_BYTES); NULL: the defaults. */
  const hdc_limits *limits;
} hdc_web_config;

/** Build the service over @p cfg (opens the catalogue to check it, loads
 *  labels and profiles). Nothing listens yet. */
hdc_status hdc_web_new(const hdc_web_config *cfg, hdc_web **out,
                       hdc_error *err);
/** Start listening (thread pool, limits, timeouts). */
hdc_status hdc_web_start(hdc_web *w, hdc_error *err);
/** The port actually listened on (after hdc_web_start); 0 if not. */
unsigned   hdc_web_port(const hdc_web *w);
/** Stop accepting, finish the requests in flight, stop the workers. Safe
 *  to call twice; does not free. */
void       hdc_web_stop(hdc_web *w);
/** Stop if needed and free everything. No-op on NULL. */
void       hdc_web_free(hdc_web *w);

/** Receives the bytes of hdc_web_export(); anything but HDC_OK stops it
 *  (and is returned). */
typedef hdc_status (*hdc_web_write_fn)(void *ctx, const char *ptr,
                                       size_t len);

/**
 * Write the catalogue at @p db_path as one DCAT document: the catalogue's
 * own description (as on /catalog, without paging) and every active
 * record that conforms to its profile, streamed record by record (memory
 * does not grow with the catalogue). @p format: "turtle", "rdfxml",
 * "jsonld" or "ntriples" (HDC_ERR_INVALID_ARG otherwise). @p base_url
 * mints the catalogue's IRIs (NULL: "http://localhost:8080").
 * *n_records and *n_held_back (may be NULL) get the counts.
 */
hdc_status hdc_web_export(const char *db_path, const char *base_url,
                          const char *format, hdc_web_write_fn write,
                          void *ctx, size_t *n_records, size_t *n_held_back,
                          hdc_error *err);

/** One header of an injected request or of its answer. */
typedef struct hdc_web_pair {
  const char *name;
  const char *value;
} hdc_web_pair;

/** A request given to hdc_web_inject(), as a client would send it. */
typedef struct hdc_web_test_request {
  const char         *method;   /**< "GET", "PUT"... */
  const char         *target;   /**< Path and query, still percent-encoded. */
  const hdc_web_pair *headers;
  size_t              n_headers;
  const char         *body;
  size_t              body_len;
  const char         *remote;   /**< Client address; NULL: "127.0.0.1". */
} hdc_web_test_request;

/** The answer of hdc_web_inject(); free with hdc_web_test_response_clear(). */
typedef struct hdc_web_test_response {
  int           status;
  hdc_web_pair *headers;  /**< Owned; names as set by the handler. */
  size_t        n_headers;
  hdc_buf       body;     /**< The whole body, streamed ones included. */
} hdc_web_test_response;

/**
 * Run @p req through the routes table exactly as the server would (same
 * parsing, limits, handlers, streaming, access log and metrics), without
 * any socket. Usable whether or not the server was started.
 */
hdc_status  hdc_web_inject(hdc_web *w, const hdc_web_test_request *req,
                           hdc_web_test_response *resp, hdc_error *err);
/** A header of @p resp by name (case-insensitive); NULL if absent. */
const char *hdc_web_test_response_header(const hdc_web_test_response *resp,
                                         const char                  *name);
/** Free what @p resp holds. No-op on NULL. */
void        hdc_web_test_response_clear(hdc_web_test_response *resp);

#endif /* HDCAT_WEB_H */
