// SPDX-License-Identifier: EUPL-1.2
/*
 * Inside the web module: the request and response every handler sees, the
 * routes table, and the services handlers share (the per-thread catalogue
 * connection, the HTML builder, the language of the page). Only server.c
 * includes microhttpd.h; handlers never see a socket, so each one is tested
 * through hdc_web_inject().
 *
 * Who writes what in src/web/:
 *   server.c routes.c request.c  the daemon, parsing, the routes table,
 *                                 /healthz, /metrics, access log
 *   api.c rdf.c feed.c oai.c      JSON API, OpenAPI, dataset RDF, the DCAT
 *                                 feed, OAI-PMH
 *   html.c i18n.c labels.c        the HTML builder, French/English strings,
 *   page_*.c static.c             vocabulary labels, pages, /static/
 *   publish.c ratelimit.c         the publishing API, /api/v1/validate,
 *   page_validate.c page_publisher.c  /validate and /publisher/{id}
 */
#ifndef HDC_WEB_INTERNAL_H
#define HDC_WEB_INTERNAL_H

#include "hdcat/core.h"
#include "hdcat/store.h"
#include "hdcat/web.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ------------------------------------------------------------------------ */
/* Requests                                                                 */

/** Per worker thread: what a handler may use besides its request. */
typedef struct hdc_web_ctx {
  hdc_web   *app;
  /** This thread's connection to the catalogue (read-write; WAL lets many
   *  readers work beside one writer). Opened lazily by the server. */
  hdc_store *store;
  /** Per-thread caches of the feed's counts and of JSON answers (feed.c,
   *  api.c), keyed by the catalogue's change version; freed by the
   *  server with hdc_web_feed_cache_free() / hdc_web_api_cache_free(). */
  void      *feed_cache;
  void      *api_cache;
} hdc_web_ctx;

void hdc_web_feed_cache_free(void *cache);
void hdc_web_api_cache_free(void *cache);

/** One request, as handlers see it. Everything lives in @c arena, which is
 *  freed when the answer has been sent. */
typedef struct hdc_web_req {
  const char         *method;   /**< "GET", "HEAD", "POST", "PUT", "DELETE" */
  const char         *path;     /**< Percent-decoded, valid UTF-8, no NUL,
                                     no "." or ".." segment. */
  const char         *query;    /**< Raw query string after '?' ("" if none). */
  const hdc_web_pair *params;   /**< Decoded query parameters, in order
                                     (and form fields of an
                                     application/x-www-form-urlencoded body). */
  size_t              n_params;
  const hdc_web_pair *headers;  /**< As received. */
  size_t              n_headers;
  const char         *body;     /**< Request body (NUL-terminated copy). */
  size_t              body_len;
  const char         *remote;   /**< Client address as text. */
  /** Page language: "fr" (default) or "en", from ?lang=, else
   *  Accept-Language. */
  const char         *lang;
  /** Values captured by "{name}" segments of the route's pattern. */
  const char         *captures[4];
  size_t              n_captures;
  hdc_arena          *arena;
  hdc_web_ctx        *ctx;
} hdc_web_req;

/** First value of query parameter @p name, or NULL. */
const char *hdc_web_req_param(const hdc_web_req *req, const char *name);
/** Header @p name (case-insensitive), or NULL. */
const char *hdc_web_req_header(const hdc_web_req *req, const char *name);
/**
 * Pick the best of @p offered media types (NULL-terminated, best first on
 * ties) for the request's Accept header; NULL if none is acceptable. No
 * Accept header: the first offered.
 */
const char *hdc_web_req_negotiate(const hdc_web_req *req,
                                  const char *const *offered);

/* ------------------------------------------------------------------------ */
/* Responses                                                                */

/**
 * A streamed body: called again and again to append the next piece to
 * @p out until it sets *done. Memory stays bounded by one piece (the DCAT
 * feed streams record by record). An error ends the connection.
 */
typedef hdc_status (*hdc_web_stream_fn)(void *state, hdc_buf *out,
                                        bool *done);

typedef struct hdc_web_resp {
  int               status;        /**< 0 means 200. */
  const char       *content_type;  /**< Static or in the request's arena. */
  hdc_buf           body;          /**< Whole body (unless streamed). */
  hdc_web_pair      headers[16];   /**< Extra headers (arena strings). */
  size_t            n_headers;
  hdc_web_stream_fn stream;        /**< Non-NULL: body produced by this. */
  void             *stream_state;
  void            (*stream_free)(void *state);  /**< May be NULL. */
} hdc_web_resp;

/** Add header @p name: @p value (both copied into @p req's arena). */
hdc_status hdc_web_resp_header(hdc_web_req *req, hdc_web_resp *resp,
                               const char *name, const char *value);
/** {"error": {"code": @p code, "message": ...}} with @p status. */
hdc_status hdc_web_resp_json_error(hdc_web_resp *resp, int status,
                                   const char *code, const char *fmt, ...)
  HDC_PRINTF(4, 5);
/** A readable HTML error page in the request's language (html.c). */
hdc_status hdc_web_resp_html_error(hdc_web_req *req, hdc_web_resp *resp,
                                   int status, const char *message);

/* ------------------------------------------------------------------------ */
/* Routes                                                                   */

typedef hdc_status (*hdc_web_handler)(hdc_web_req *req, hdc_web_resp *resp);

/**
 * One route. @c pattern is a path whose segments are literal or "{name}"
 * (one segment, captured in order); a last segment "{name}.{ext}" is not
 * special: handlers split suffixes themselves. @c method "GET" also
 * answers HEAD.
 */
typedef struct hdc_web_route {
  const char     *method;
  const char     *pattern;
  hdc_web_handler handler;
} hdc_web_route;

/** The routes table (routes.c), ended by a zeroed entry. */
extern const hdc_web_route hdc_web_routes[];

/* ------------------------------------------------------------------------ */
/* The service                                                              */

/** The configuration the service was built with. */
const hdc_web_config *hdc_web_app_config(const hdc_web *w);
/** The base URL for links and IRIs (config's, else derived). */
const char           *hdc_web_app_base_url(const hdc_web *w);

/** The catalogue connection of the calling thread, opened on first use
 *  (the server opens it before any handler runs, so req->ctx->store is
 *  normally set already). NULL with @p err set if it cannot be opened. */
hdc_store            *hdc_web_ctx_store(hdc_web_ctx *ctx, hdc_error *err);

/* ------------------------------------------------------------------------ */
/* Parsing helpers (request.c)                                              */

/**
 * Percent-decode [s, s+len) into @p arena: every '%' must be followed by two
 * hex digits, the result must be valid UTF-8 without NUL; with
 * @p plus_is_space, '+' decodes to a space (query strings and forms).
 * HDC_ERR_SYNTAX for a bad escape, HDC_ERR_ENCODING for bad UTF-8 or NUL.
 */
hdc_status hdc_web_pct_decode(hdc_arena *arena, const char *s, size_t len,
                              bool plus_is_space, char **out);
/**
 * Fill req->path, query, params, lang from the raw request target
 * @p target (path and query, percent-encoded) and, for an
 * application/x-www-form-urlencoded body, the form fields; req->headers
 * and body must be set. On error, *why (static English) says what is
 * wrong (answered 400).
 */
hdc_status hdc_web_req_parse(hdc_web_req *req, const char *target,
                             const char **why);
/** Append @p z as a JSON string (quotes included, escaped) to @p out. */
void       hdc_web_json_str(hdc_buf *out, const char *z);
/** Append @p z with &, <, >, " and ' escaped for XML text and attributes. */
void       hdc_web_xml_text(hdc_buf *out, const char *z, size_t len);
/** Format @p t as an HTTP date ("Tue, 15 Nov 1994 08:12:31 GMT"). */
void       hdc_web_http_date(long long t, char out[40]);
/** Parse an ISO 8601 UTC date or date-time ("2025-01-31",
 *  "2025-01-31T12:00:00Z") into the canonical "YYYY-MM-DDThh:mm:ssZ";
 *  @p end_of_day gives 23:59:59 for a bare date. False if malformed. */
bool       hdc_web_iso_parse(const char *s, bool end_of_day, char out[32]);

/* ------------------------------------------------------------------------ */
/* Dataset RDF and content negotiation (rdf.c)                              */

/**
 * GET /dataset/{id}: if the last segment has an RDF suffix (.ttl, .rdf,
 * .jsonld, .nt) or the Accept header prefers an RDF form over text/html,
 * answer with the record's RDF (or 404/406) and set *answered. Otherwise
 * leave @p resp untouched and *answered false: the caller renders the HTML
 * page. The handler of /dataset/{id} calls this first.
 */
hdc_status hdc_web_dataset_rdf(hdc_web_req *req, hdc_web_resp *resp,
                               bool *answered);
/** The record id in "12", "12.ttl"...; false if not a positive number.
 *  *suffix (may be NULL) gets the text after the dot ("" if none). */
bool       hdc_web_dataset_id(const char *capture, int64_t *id,
                              const char **suffix);

/* ------------------------------------------------------------------------ */
/* One listed record as XML, for OAI-PMH (feed.c)                           */

/** Append record @p r as an <rdf:RDF> element (no XML declaration); a
 *  blank-node dataset is named under @p base_url as on /catalog. */
hdc_status hdc_web_record_rdfxml(hdc_buf *out, const hdc_store_listed *r,
                                 const char *base_url);
/** Append record @p r as an <oai_dc:dc> element (the dataset's titles,
 *  descriptions, keywords, dates...). */
hdc_status hdc_web_record_dc(hdc_buf *out, const hdc_store_listed *r);

/* ------------------------------------------------------------------------ */
/* Handlers of the machine side (api.c, rdf.c, feed.c, oai.c, server.c)     */

hdc_status hdc_web_handle_healthz(hdc_web_req *req, hdc_web_resp *resp);
/** GET /api/v1/search, /api/v1/datasets/{id}, /api/v1/openapi.json. */
hdc_status hdc_web_api_search(hdc_web_req *req, hdc_web_resp *resp);
hdc_status hdc_web_api_dataset(hdc_web_req *req, hdc_web_resp *resp);
hdc_status hdc_web_api_openapi(hdc_web_req *req, hdc_web_resp *resp);
/** GET /catalog (and /catalog.ttl, .rdf, .jsonld, .nt): the DCAT feed. */
hdc_status hdc_web_handle_catalog(hdc_web_req *req, hdc_web_resp *resp);
/** GET /oai: OAI-PMH 2.0. */
hdc_status hdc_web_handle_oai(hdc_web_req *req, hdc_web_resp *resp);
hdc_status hdc_web_handle_metrics(hdc_web_req *req, hdc_web_resp *resp);

/* Handlers of the pages for people (page_*.c, static.c). */
hdc_status hdc_web_page_home(hdc_web_req *req, hdc_web_resp *resp);
hdc_status hdc_web_page_search(hdc_web_req *req, hdc_web_resp *resp);
/** GET /dataset/{id}: calls hdc_web_dataset_rdf() first, else the page. */
hdc_status hdc_web_page_dataset(hdc_web_req *req, hdc_web_resp *resp);
hdc_status hdc_web_page_sources(hdc_web_req *req, hdc_web_resp *resp);
hdc_status hdc_web_page_source(hdc_web_req *req, hdc_web_resp *resp);
hdc_status hdc_web_static(hdc_web_req *req, hdc_web_resp *resp);

/* ------------------------------------------------------------------------ */
/* HTML, escaping by construction (html.c)                                   */

/**
 * Pages are built as a tree of elements whose text and attribute values are
 * always escaped when serialised: no literal from a record can become
 * markup. Nodes live in the request's arena.
 */
typedef struct hdc_html      hdc_html;       /* A document being built. */
typedef struct hdc_html_node hdc_html_node;  /* An element. */

/** A DSFR page skeleton (header, language switch, skip link, main,
 *  footer) in @p req's language, titled @p title. */
hdc_html      *hdc_html_page(hdc_web_req *req, const char *title);
/** The page's <main> element, where handlers put their content. */
hdc_html_node *hdc_html_main(hdc_html *doc);
/** The page's <head>, for <link rel="alternate"> and JSON-LD scripts. */
hdc_html_node *hdc_html_head(hdc_html *doc);
/** Append element @p tag to @p parent; attributes as NULL-terminated
 *  name, value pairs (values escaped). */
hdc_html_node *hdc_html_el(hdc_html_node *parent, const char *tag, ...);
/** Append text (escaped) to @p parent. */
void           hdc_html_text(hdc_html_node *parent, const char *text);
/** Append printf-formatted text (escaped) to @p parent. */
void           hdc_html_textf(hdc_html_node *parent, const char *fmt, ...)
  HDC_PRINTF(2, 3);
/** Serialise @p doc as the body of @p resp (text/html; charset=utf-8). */
hdc_status     hdc_html_finish(hdc_html *doc, hdc_web_resp *resp);

/* ------------------------------------------------------------------------ */
/* Languages (i18n.c)                                                       */

/** The interface string @p key in @p lang ("fr" or "en"); the key itself
 *  if unknown. */
const char *hdc_web_msg(const char *lang, const char *key);

#endif /* HDC_WEB_INTERNAL_H */
