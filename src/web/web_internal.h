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
} hdc_web_ctx;

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
