// SPDX-License-Identifier: EUPL-1.2
/*
 * The HTTP server: libmicrohttpd behind the routes table. The only file
 * that includes microhttpd.h.
 *
 * One request goes through the same steps whether it came over a socket or
 * through hdc_web_inject(): a per-request arena, strict parsing of the raw
 * request target (request.c), the routes table (404, or 405 with Allow),
 * the handler, then the answer, whole or streamed, an access-log line and
 * the metrics. Handlers never see a socket.
 *
 * Bounds: a thread pool of fixed size, a connection limit
 * (HDC_LIMIT_CONNECTIONS), a per-connection memory limit (which bounds the
 * request line and headers), an idle timeout so a slow client cannot hold
 * a worker, and a request body bound (HDC_LIMIT_REQUEST_BODY: 413 before
 * the body is read when Content-Length says it is too big; the connection
 * is dropped when a chunked body grows past it).
 *
 * Each worker thread has its own catalogue connection, opened on its first
 * request (a store handle is not shared between threads; SQLite WAL lets
 * them read while one writes).
 */
#include "web_internal.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define N_STATUS_SLOTS 32
#define N_BUCKETS 12

static const double latency_bounds[N_BUCKETS] = { 0.001, 0.0025, 0.005, 0.01,
                                                  0.025, 0.05,   0.1,   0.25,
                                                  0.5,   1.0,    2.5,   5.0 };

/* Counters of one route (or of unmatched requests). */
typedef struct route_metrics
{
  int           status[N_STATUS_SLOTS];
  unsigned long count[N_STATUS_SLOTS];
} route_metrics;

struct hdc_web
{
  hdc_web_config     cfg;
  char              *db_path, *listen, *schemas_dir, *assets_dir;
  char               base_url[512];
  bool               base_url_given;
  hdc_limits         limits;
  struct MHD_Daemon *daemon;
  unsigned           port;
  pthread_key_t      key;
  pthread_mutex_t    lock;
  hdc_web_ctx      **ctxs; /* every thread's context, freed with w */
  size_t             n_ctxs, cap_ctxs;
  /* Metrics, under lock. routes[n_routes] counts unmatched requests. */
  size_t         n_routes;
  route_metrics *routes;
  unsigned long  buckets[N_BUCKETS + 1];
  double         latency_sum;
  unsigned long  latency_count;
  long long      started;
  unsigned long  in_flight;
  /* Set by hdc_web_stop: answers then close their connection, so that
   * keep-alive clients let the drain finish instead of sending more. */
  int            stopping;
};

/* One request over a socket: created by the URI callback, freed when both
 * the request completed and its streamed body (if any) was released. */
typedef struct conn_req
{
  hdc_web   *app;
  hdc_arena *arena;
  char      *target;
  char      *method;
  char       remote[64];
  hdc_buf    body;
  bool       started, too_large;
  int        refs;
  int        status;
  int        route;
  uint64_t   bytes;
  double     t0;
  /* Streamed body in progress. */
  hdc_web_stream_fn stream;
  void             *stream_state;
  void (*stream_free)(void *);
  hdc_buf pending;
  size_t  pending_off;
  bool    stream_done;
} conn_req;

static double
now_seconds(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

const hdc_web_config *
hdc_web_app_config(const hdc_web *w)
{
  return &w->cfg;
}

const char *
hdc_web_app_base_url(const hdc_web *w)
{
  return w->base_url;
}

unsigned
hdc_web_port(const hdc_web *w)
{
  return w ? w->port : 0;
}

/* ------------------------------------------------------------------------ */
/* Per-thread contexts                                                      */

static hdc_web_ctx *
thread_ctx(hdc_web *w)
{
  hdc_web_ctx *ctx = pthread_getspecific(w->key);
  if (ctx)
    return ctx;
  ctx = hdc_calloc(1, sizeof *ctx);
  if (!ctx)
    return NULL;
  ctx->app = w;
  pthread_mutex_lock(&w->lock);
  if (w->n_ctxs == w->cap_ctxs) {
    size_t        ncap = w->cap_ctxs ? w->cap_ctxs * 2 : 16;
    hdc_web_ctx **n    = hdc_realloc(w->ctxs, ncap * sizeof *n);
    if (!n) {
      pthread_mutex_unlock(&w->lock);
      hdc_free(ctx);
      return NULL;
    }
    w->ctxs     = n;
    w->cap_ctxs = ncap;
  }
  w->ctxs[w->n_ctxs++] = ctx;
  pthread_mutex_unlock(&w->lock);
  if (pthread_setspecific(w->key, ctx) != 0)
    return NULL; /* still registered: freed with w */
  return ctx;
}

hdc_store *
hdc_web_ctx_store(hdc_web_ctx *ctx, hdc_error *err)
{
  if (!ctx)
    return NULL;
  if (!ctx->store) {
    /* A page cache of 16 MiB per worker (not the 64 MiB an import
     * wants): searches read the in-memory index, pages a few rows, and
     * the server stays within its memory bound with one per thread. */
    hdc_store_open_opts oo = { .read_only = false,
                               .limits    = &ctx->app->limits,
                               .cache_kib = 16384 };
    if (hdc_store_open(ctx->app->db_path, &oo, &ctx->store, err))
      ctx->store = NULL;
  }
  return ctx->store;
}

/* ------------------------------------------------------------------------ */
/* Building and freeing the service                                         */

static char *
dup_or_null(const char *z)
{
  return z ? hdc_strndup(z, strlen(z)) : NULL;
}

/* Split "ADDR:PORT" ("[v6]:PORT" too) into host and port. */
static bool
split_listen(const char *listen,
             char       *host,
             size_t      cap,
             char       *port,
             size_t      pcap)
{
  const char *colon;
  const char *h = listen;
  size_t      hlen;
  if (listen[0] == '[') {
    const char *close = strchr(listen, ']');
    if (!close || close[1] != ':')
      return false;
    h     = listen + 1;
    hlen  = (size_t)(close - h);
    colon = close + 1;
  } else {
    colon = strrchr(listen, ':');
    if (!colon)
      return false;
    hlen = (size_t)(colon - listen);
  }
  size_t plen = strlen(colon + 1);
  if (hlen == 0 || hlen >= cap || plen == 0 || plen >= pcap)
    return false;
  for (size_t i = 0; i < plen; ++i)
    if (colon[1 + i] < '0' || colon[1 + i] > '9')
      return false;
  if (atol(colon + 1) > 65535)
    return false;
  memcpy(host, h, hlen);
  host[hlen] = '\0';
  memcpy(port, colon + 1, plen + 1);
  return true;
}

static void
derive_base_url(hdc_web *w, unsigned port)
{
  char host[256], p[16];
  if (w->base_url_given)
    return;
  if (!split_listen(w->listen, host, sizeof host, p, sizeof p)) {
    snprintf(w->base_url, sizeof w->base_url, "http://localhost");
    return;
  }
  if (!strcmp(host, "0.0.0.0") || !strcmp(host, "::"))
    snprintf(host, sizeof host, "localhost");
  bool v6 = strchr(host, ':') != NULL;
  snprintf(w->base_url,
           sizeof w->base_url,
           "http://%s%s%s:%u",
           v6 ? "[" : "",
           host,
           v6 ? "]" : "",
           port ? port : (unsigned)atoi(p));
}

hdc_status
hdc_web_new(const hdc_web_config *cfg, hdc_web **out, hdc_error *err)
{
  hdc_status st = HDC_OK;
  hdc_web   *w  = NULL;
  hdc_store *s  = NULL;
  *out          = NULL;
  if (!cfg || !cfg->db_path)
    return hdc_error_set(err,
                         HDC_ERR_INVALID_ARG,
                         NULL,
                         0,
                         0,
                         "the web service needs a catalogue file");
  w = hdc_calloc(1, sizeof *w);
  if (!w)
    return hdc_error_set(err, HDC_ERR_NOMEM, NULL, 0, 0, "out of memory");
  w->cfg = *cfg;
  if (pthread_key_create(&w->key, NULL) != 0) {
    hdc_free(w);
    return hdc_error_set(
      err, HDC_ERR_INTERNAL, NULL, 0, 0, "cannot create a thread key");
  }
  pthread_mutex_init(&w->lock, NULL);
  w->db_path     = dup_or_null(cfg->db_path);
  w->listen      = dup_or_null(cfg->listen ? cfg->listen : "127.0.0.1:8080");
  w->schemas_dir = dup_or_null(cfg->schemas_dir);
  w->assets_dir  = dup_or_null(cfg->assets_dir);
  if (!w->db_path || !w->listen || (cfg->schemas_dir && !w->schemas_dir) ||
      (cfg->assets_dir && !w->assets_dir)) {
    st = hdc_error_set(err, HDC_ERR_NOMEM, NULL, 0, 0, "out of memory");
    goto done;
  }
  w->cfg.db_path     = w->db_path;
  w->cfg.listen      = w->listen;
  w->cfg.schemas_dir = w->schemas_dir;
  w->cfg.assets_dir  = w->assets_dir;
  if (cfg->limits)
    w->limits = *cfg->limits;
  else
    hdc_limits_init(&w->limits);
  w->cfg.limits = &w->limits;
  if (cfg->base_url && *cfg->base_url) {
    size_t n = strlen(cfg->base_url);
    while (n && cfg->base_url[n - 1] == '/')
      --n;
    if (n >= sizeof w->base_url) {
      st = hdc_error_set(
        err, HDC_ERR_INVALID_ARG, NULL, 0, 0, "the base URL is too long");
      goto done;
    }
    memcpy(w->base_url, cfg->base_url, n);
    w->base_url[n]    = '\0';
    w->base_url_given = true;
  }
  w->cfg.base_url = w->base_url;
  derive_base_url(w, 0);
  char h[256], p[16];
  if (!split_listen(w->listen, h, sizeof h, p, sizeof p)) {
    st = hdc_error_set(err,
                       HDC_ERR_INVALID_ARG,
                       w->listen,
                       0,
                       0,
                       "listen on ADDR:PORT, e.g. 127.0.0.1:8080");
    goto done;
  }
  while (hdc_web_routes[w->n_routes].pattern)
    ++w->n_routes;
  w->routes = hdc_calloc(w->n_routes + 1, sizeof *w->routes);
  if (!w->routes) {
    st = hdc_error_set(err, HDC_ERR_NOMEM, NULL, 0, 0, "out of memory");
    goto done;
  }
  w->started = (long long)time(NULL);
  /* Opening once checks the file is a catalogue and applies migrations
   * before any worker opens its own connection. */
  hdc_store_open_opts oo = { .read_only = false, .limits = &w->limits };
  if ((st = hdc_store_open(w->db_path, &oo, &s, err)))
    goto done;
done:
  hdc_store_close(s);
  if (st) {
    hdc_web_free(w);
    return st;
  }
  *out = w;
  return HDC_OK;
}

void
hdc_web_free(hdc_web *w)
{
  if (!w)
    return;
  hdc_web_stop(w);
  for (size_t i = 0; i < w->n_ctxs; ++i) {
    hdc_web_feed_cache_free(w->ctxs[i]->feed_cache);
    hdc_web_api_cache_free(w->ctxs[i]->api_cache);
    hdc_store_close(w->ctxs[i]->store);
    hdc_free(w->ctxs[i]);
  }
  /* The calling thread's key value dies with the key. */
  pthread_key_delete(w->key);
  pthread_mutex_destroy(&w->lock);
  hdc_free(w->ctxs);
  hdc_free(w->routes);
  hdc_free(w->db_path);
  hdc_free(w->listen);
  hdc_free(w->schemas_dir);
  hdc_free(w->assets_dir);
  hdc_free(w);
}

/* ------------------------------------------------------------------------ */
/* Metrics and access log                                                   */

static void
record_metrics(hdc_web *w, int route, int status, double seconds)
{
  pthread_mutex_lock(&w->lock);
  size_t         r  = route < 0 ? w->n_routes : (size_t)route;
  route_metrics *rm = &w->routes[r];
  for (int i = 0; i < N_STATUS_SLOTS; ++i) {
    if (rm->status[i] == status || rm->status[i] == 0) {
      rm->status[i] = status;
      rm->count[i]++;
      break;
    }
  }
  size_t b = 0;
  while (b < N_BUCKETS && seconds > latency_bounds[b])
    ++b;
  w->buckets[b]++;
  w->latency_sum += seconds;
  w->latency_count++;
  pthread_mutex_unlock(&w->lock);
}

/* The request target for the log: bytes outside printable ASCII escaped so
 * a request cannot forge log lines. */
static void
log_safe(char *out, size_t cap, const char *z)
{
  static const char hex[] = "0123456789ABCDEF";
  size_t            n     = 0;
  for (const unsigned char *p = (const unsigned char *)(z ? z : "-");
       *p && n + 4 < cap;
       ++p) {
    if (*p < 0x21 || *p > 0x7e || *p == '"') {
      out[n++] = '%';
      out[n++] = hex[*p >> 4];
      out[n++] = hex[*p & 15];
    } else {
      out[n++] = (char)*p;
    }
  }
  out[n] = '\0';
}

static void
finish_request(hdc_web    *w,
               const char *remote,
               const char *method,
               const char *target,
               int         route,
               int         status,
               uint64_t    bytes,
               double      seconds)
{
  record_metrics(w, route, status, seconds);
  if (!w->cfg.access_log)
    return;
  char      when[32], path[600], meth[24];
  time_t    t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
  log_safe(path, sizeof path, target);
  log_safe(meth, sizeof meth, method);
  hdc_log(HDC_LOG_INFO,
          "access %s %s %s %s %d %llu %.1fms",
          when,
          remote ? remote : "-",
          meth,
          path,
          status,
          (unsigned long long)bytes,
          seconds * 1000.0);
}

static void
put_label(hdc_buf *b, const char *z)
{
  for (; *z; ++z) {
    if (*z == '"' || *z == '\\')
      hdc_buf_putc(b, '\\');
    hdc_buf_putc(b, *z);
  }
}

hdc_status
hdc_web_handle_metrics(hdc_web_req *req, hdc_web_resp *resp)
{
  hdc_web *w         = req->ctx->app;
  hdc_buf *b         = &resp->body;
  resp->content_type = "text/plain; version=0.0.4; charset=utf-8";
  hdc_buf_puts(b,
               "# HELP hdcat_http_requests_total Requests answered, by "
               "route and status.\n"
               "# TYPE hdcat_http_requests_total counter\n");
  pthread_mutex_lock(&w->lock);
  for (size_t r = 0; r <= w->n_routes; ++r) {
    const route_metrics *rm = &w->routes[r];
    for (int i = 0; i < N_STATUS_SLOTS && rm->status[i]; ++i) {
      hdc_buf_puts(b, "hdcat_http_requests_total{method=\"");
      put_label(b, r < w->n_routes ? hdc_web_routes[r].method : "");
      hdc_buf_puts(b, "\",route=\"");
      put_label(b, r < w->n_routes ? hdc_web_routes[r].pattern : "unmatched");
      hdc_buf_printf(b, "\",status=\"%d\"} %lu\n", rm->status[i], rm->count[i]);
    }
  }
  hdc_buf_puts(b,
               "# HELP hdcat_http_request_duration_seconds Time from "
               "request to answer.\n"
               "# TYPE hdcat_http_request_duration_seconds histogram\n");
  unsigned long cum = 0;
  for (size_t i = 0; i <= N_BUCKETS; ++i) {
    cum += w->buckets[i];
    if (i < N_BUCKETS)
      hdc_buf_printf(b,
                     "hdcat_http_request_duration_seconds_bucket{le=\"%g\"} "
                     "%lu\n",
                     latency_bounds[i],
                     cum);
    else
      hdc_buf_printf(b,
                     "hdcat_http_request_duration_seconds_bucket{le=\"+Inf\"}"
                     " %lu\n",
                     cum);
  }
  hdc_buf_printf(b,
                 "hdcat_http_request_duration_seconds_sum %.6f\n"
                 "hdcat_http_request_duration_seconds_count %lu\n",
                 w->latency_sum,
                 w->latency_count);
  unsigned long in_flight = w->in_flight;
  pthread_mutex_unlock(&w->lock);
  hdc_buf_printf(b,
                 "# HELP hdcat_http_requests_in_flight Requests being "
                 "answered.\n# TYPE hdcat_http_requests_in_flight gauge\n"
                 "hdcat_http_requests_in_flight %lu\n"
                 "# HELP hdcat_start_time_seconds When the service started "
                 "(Unix time).\n# TYPE hdcat_start_time_seconds gauge\n"
                 "hdcat_start_time_seconds %lld\n",
                 in_flight,
                 w->started);
  hdc_store_list_counts c;
  hdc_error             err;
  hdc_error_clear(&err);
  if (req->ctx->store &&
      hdc_store_list_count(req->ctx->store, NULL, &c, &err) == HDC_OK) {
    hdc_buf_printf(b,
                   "# HELP hdcat_records Records in the catalogue, by "
                   "state.\n# TYPE hdcat_records gauge\n"
                   "hdcat_records{state=\"exported\"} %zu\n"
                   "hdcat_records{state=\"held_back\"} %zu\n"
                   "hdcat_records{state=\"withdrawn\"} %zu\n"
                   "# HELP hdcat_runs_total Source runs (imports and "
                   "harvests) recorded.\n# TYPE hdcat_runs_total counter\n"
                   "hdcat_runs_total %lld\n",
                   c.exported,
                   c.held_back,
                   c.withdrawn,
                   (long long)c.runs);
  }
  return hdc_buf_status(b);
}

hdc_status
hdc_web_handle_healthz(hdc_web_req *req, hdc_web_resp *resp)
{
  resp->content_type = "application/json; charset=utf-8";
  /* One row read: the catalogue answers, without counting anything. */
  int64_t version = 0;
  bool    ok      = req->ctx->store &&
            hdc_store_list_version(req->ctx->store, &version, NULL) == HDC_OK;
  if (!ok)
    return hdc_web_resp_json_error(
      resp, 503, "unavailable", "the catalogue cannot be read");
  hdc_buf_puts(&resp->body,
               "{\"status\": \"ok\", \"version\": \"" HDC_VERSION "\"}\n");
  return hdc_buf_status(&resp->body);
}

/* ------------------------------------------------------------------------ */
/* Routing                                                                  */

/* Match @p path against @p pattern; captures go to req. */
static bool
route_match(const char *pattern, const char *path, hdc_web_req *req)
{
  const char *p = pattern, *s = path;
  size_t      n = 0;
  const char *caps[4];
  size_t      lens[4];
  while (*p && *s) {
    if (*p != '/' || *s != '/')
      return false;
    ++p;
    ++s;
    size_t pl = strcspn(p, "/"), sl = strcspn(s, "/");
    if (pl >= 2 && p[0] == '{' && p[pl - 1] == '}') {
      if (sl == 0 || n == 4)
        return false;
      caps[n]   = s;
      lens[n++] = sl;
    } else if (pl != sl || strncmp(p, s, pl) != 0) {
      return false;
    }
    p += pl;
    s += sl;
  }
  if (*p || *s)
    return false;
  for (size_t i = 0; i < n; ++i) {
    char *c = hdc_arena_strndup(req->arena, caps[i], lens[i]);
    if (!c)
      return false;
    req->captures[i] = c;
  }
  req->n_captures = n;
  return true;
}

/* Routes for machines answer errors in JSON, the others with a page. */
static bool
is_machine_path(const char *path)
{
  return !strncmp(path, "/api/", 5) || !strcmp(path, "/api") ||
         !strncmp(path, "/catalog", 8) || !strncmp(path, "/oai", 4) ||
         !strcmp(path, "/healthz") || !strcmp(path, "/metrics");
}

static const char *
error_code(int status)
{
  switch (status) {
    case 400: return "bad_request";
    case 401: return "unauthorized";
    case 403: return "forbidden";
    case 404: return "not_found";
    case 405: return "method_not_allowed";
    case 406: return "not_acceptable";
    case 413: return "too_large";
    case 415: return "unsupported_media_type";
    case 422: return "does_not_validate";
    case 429: return "too_many_requests";
    case 503: return "unavailable";
    default: return status >= 500 ? "internal" : "error";
  }
}

static void
error_answer(hdc_web_req  *req,
             hdc_web_resp *resp,
             int           status,
             const char   *message)
{
  hdc_buf_reset(&resp->body);
  if (resp->stream_free && resp->stream_state)
    resp->stream_free(resp->stream_state);
  resp->stream       = NULL;
  resp->stream_state = NULL;
  resp->stream_free  = NULL;
  if (!req->path || is_machine_path(req->path) ||
      hdc_web_resp_html_error(req, resp, status, message) != HDC_OK) {
    hdc_web_resp_json_error(resp, status, error_code(status), "%s", message);
  }
  resp->status = status;
}

static int
status_of(hdc_status st)
{
  switch (st) {
    case HDC_ERR_NOT_FOUND: return 404;
    case HDC_ERR_SYNTAX:
    case HDC_ERR_ENCODING:
    case HDC_ERR_INVALID_ARG: return 400;
    case HDC_ERR_LIMIT: return 413;
    case HDC_ERR_UNSUPPORTED: return 415;
    case HDC_ERR_DB: return 503;
    default: return 500;
  }
}

static bool
method_ok(const char *m)
{
  if (!m || !*m || strlen(m) > 16)
    return false;
  for (const char *p = m; *p; ++p)
    if (*p < 'A' || *p > 'Z')
      return false;
  return true;
}

/*
 * Answer one request into @p resp (never left empty: errors become error
 * answers). *route gets the index of the route that answered, -1 if none.
 */
static void
run_request(hdc_web_ctx  *ctx,
            hdc_web_req  *req,
            const char   *target,
            hdc_web_resp *resp,
            int          *route)
{
  hdc_web    *w   = ctx->app;
  const char *why = NULL;
  hdc_status  st;
  *route    = -1;
  req->ctx  = ctx;
  req->lang = "fr";
  if (!method_ok(req->method)) {
    error_answer(req, resp, 400, "malformed method");
    return;
  }
  if ((st = hdc_web_req_parse(req, target, &why))) {
    if (st == HDC_ERR_NOMEM)
      error_answer(req, resp, 500, "out of memory");
    else
      error_answer(req, resp, 400, why ? why : "malformed request target");
    return;
  }
  bool        head = !strcmp(req->method, "HEAD");
  char        allow[128];
  size_t      alen  = 0;
  int         found = -1;
  hdc_web_req probe = *req;
  allow[0]          = '\0';
  for (size_t i = 0; hdc_web_routes[i].pattern; ++i) {
    const hdc_web_route *r = &hdc_web_routes[i];
    probe.n_captures       = 0;
    if (!route_match(r->pattern, req->path, &probe))
      continue;
    if (!strcmp(r->method, req->method) ||
        (head && !strcmp(r->method, "GET"))) {
      found = (int)i;
      *req  = probe;
      break;
    }
    /* Gather the methods this path does answer, for Allow. */
    const char *m = r->method;
    if (!strstr(allow, m)) {
      int k = snprintf(
        allow + alen, sizeof allow - alen, "%s%s", alen ? ", " : "", m);
      if (k > 0 && (size_t)k < sizeof allow - alen)
        alen += (size_t)k;
      if (!strcmp(m, "GET") && !strstr(allow, "HEAD")) {
        k = snprintf(allow + alen, sizeof allow - alen, ", HEAD");
        if (k > 0 && (size_t)k < sizeof allow - alen)
          alen += (size_t)k;
      }
    }
  }
  if (found < 0) {
    if (alen) {
      error_answer(req, resp, 405, "this method is not allowed here");
      hdc_web_resp_header(req, resp, "Allow", allow);
    } else {
      error_answer(req, resp, 404, "no such page");
    }
    return;
  }
  *route = found;
  hdc_error err;
  hdc_error_clear(&err);
  if (!hdc_web_ctx_store(ctx, &err)) {
    hdc_log(HDC_LOG_ERROR, "catalogue %s: %s", w->db_path, err.message);
    error_answer(req, resp, 503, "the catalogue is not available");
    return;
  }
  st = hdc_web_routes[found].handler(req, resp);
  if (st != HDC_OK && (resp->status == 0 || resp->status < 400)) {
    int code = st == HDC_FAILURE ? 404 : status_of(st);
    if (code >= 500)
      hdc_log(
        HDC_LOG_ERROR, "%s %s: %s", req->method, req->path, hdc_strerror(st));
    error_answer(
      req, resp, code, code == 404 ? "no such page" : hdc_strerror(st));
  } else if (hdc_buf_status(&resp->body)) {
    error_answer(req, resp, 500, "out of memory");
  }
}

static void
resp_init(hdc_web_resp *resp)
{
  memset(resp, 0, sizeof *resp);
  hdc_buf_init(&resp->body);
}

/* ------------------------------------------------------------------------ */
/* Injection (tests)                                                        */

hdc_status
hdc_web_inject(hdc_web                    *w,
               const hdc_web_test_request *treq,
               hdc_web_test_response      *out,
               hdc_error                  *err)
{
  hdc_status   st = HDC_OK;
  hdc_web_req  req;
  hdc_web_resp resp;
  int          route = -1;
  double       t0    = now_seconds();
  memset(out, 0, sizeof *out);
  hdc_buf_init(&out->body);
  memset(&req, 0, sizeof req);
  resp_init(&resp);
  hdc_web_ctx *ctx = thread_ctx(w);
  req.arena        = hdc_arena_new(0);
  if (!ctx || !req.arena) {
    st = hdc_error_set(err, HDC_ERR_NOMEM, NULL, 0, 0, "out of memory");
    goto done;
  }
  req.method    = treq->method ? treq->method : "GET";
  req.headers   = treq->headers;
  req.n_headers = treq->n_headers;
  req.remote    = treq->remote ? treq->remote : "127.0.0.1";
  uint64_t max  = hdc_limits_get(&w->limits, HDC_LIMIT_REQUEST_BODY);
  if (treq->body_len > max) {
    const char *t = treq->target ? treq->target : "/";
    req.path      = hdc_arena_strndup(req.arena, t, strcspn(t, "?"));
    error_answer(&req, &resp, 413, "the request body is too large");
  } else {
    char *body = hdc_arena_strndup(
      req.arena, treq->body ? treq->body : "", treq->body_len);
    if (!body) {
      st = hdc_error_set(err, HDC_ERR_NOMEM, NULL, 0, 0, "out of memory");
      goto done;
    }
    req.body     = body;
    req.body_len = treq->body_len;
    __atomic_add_fetch(&w->in_flight, 1, __ATOMIC_RELAXED);
    run_request(ctx, &req, treq->target ? treq->target : "/", &resp, &route);
    __atomic_sub_fetch(&w->in_flight, 1, __ATOMIC_RELAXED);
  }
  out->status  = resp.status ? resp.status : 200;
  size_t nh    = resp.n_headers + 1;
  out->headers = hdc_calloc(nh, sizeof *out->headers);
  if (!out->headers) {
    st = hdc_error_set(err, HDC_ERR_NOMEM, NULL, 0, 0, "out of memory");
    goto done;
  }
  for (size_t i = 0; i < nh; ++i) {
    const char *n = i < resp.n_headers ? resp.headers[i].name : "Content-Type";
    const char *v =
      i < resp.n_headers ? resp.headers[i].value : resp.content_type;
    if (!v)
      continue;
    char *dn = hdc_strndup(n, strlen(n)), *dv = hdc_strndup(v, strlen(v));
    out->headers[out->n_headers].name  = dn;
    out->headers[out->n_headers].value = dv;
    out->n_headers++;
    if (!dn || !dv) {
      st = hdc_error_set(err, HDC_ERR_NOMEM, NULL, 0, 0, "out of memory");
      goto done;
    }
  }
  if (resp.stream) {
    bool fin = false;
    while (!fin) {
      if ((st = resp.stream(resp.stream_state, &out->body, &fin))) {
        hdc_error_set(
          err, st, NULL, 0, 0, "streamed body failed: %s", hdc_strerror(st));
        goto done;
      }
    }
  } else {
    hdc_buf_append(
      &out->body, resp.body.ptr ? resp.body.ptr : "", resp.body.len);
  }
  if (hdc_buf_status(&out->body))
    st = hdc_error_set(err, HDC_ERR_NOMEM, NULL, 0, 0, "out of memory");
  if (!strcmp(req.method ? req.method : "", "HEAD"))
    hdc_buf_reset(&out->body);
done:
  finish_request(w,
                 req.remote,
                 req.method,
                 treq->target,
                 route,
                 out->status,
                 out->body.len,
                 now_seconds() - t0);
  if (resp.stream_free && resp.stream_state)
    resp.stream_free(resp.stream_state);
  hdc_buf_clear(&resp.body);
  hdc_arena_free(req.arena);
  if (st)
    hdc_web_test_response_clear(out);
  return st;
}

const char *
hdc_web_test_response_header(const hdc_web_test_response *resp,
                             const char                  *name)
{
  for (size_t i = 0; resp && i < resp->n_headers; ++i)
    if (!strcasecmp(resp->headers[i].name, name))
      return resp->headers[i].value;
  return NULL;
}

void
hdc_web_test_response_clear(hdc_web_test_response *resp)
{
  if (!resp)
    return;
  for (size_t i = 0; i < resp->n_headers; ++i) {
    hdc_free((void *)resp->headers[i].name);
    hdc_free((void *)resp->headers[i].value);
  }
  hdc_free(resp->headers);
  hdc_buf_clear(&resp->body);
  memset(resp, 0, sizeof *resp);
}

/* ------------------------------------------------------------------------ */
/* libmicrohttpd glue                                                       */

static void
conn_req_release(conn_req *cr)
{
  if (!cr || --cr->refs > 0)
    return;
  if (cr->stream_free && cr->stream_state)
    cr->stream_free(cr->stream_state);
  hdc_buf_clear(&cr->pending);
  hdc_buf_clear(&cr->body);
  hdc_arena_free(cr->arena);
  hdc_free(cr);
}

/* The access handler sees the path still percent-encoded (the unescape
 * callback below leaves it alone) and the query split into arguments;
 * put the raw target back together so request.c parses it strictly. */
static enum MHD_Result
collect_arg(void              *cls,
            enum MHD_ValueKind kind,
            const char        *key,
            size_t             key_size,
            const char        *value,
            size_t             value_size)
{
  (void)kind;
  hdc_buf *b = cls;
  hdc_buf_putc(b, b->len ? '&' : '?');
  hdc_buf_append(b, key, key_size);
  if (value) {
    hdc_buf_putc(b, '=');
    hdc_buf_append(b, value, value_size);
  }
  return MHD_YES;
}

static size_t
unescape_none(void *cls, struct MHD_Connection *c, char *uri)
{
  (void)cls;
  (void)c;
  return strlen(uri);
}

static conn_req *
conn_req_new(hdc_web               *w,
             struct MHD_Connection *c,
             const char            *url,
             const char            *method)
{
  conn_req *cr = hdc_calloc(1, sizeof *cr);
  hdc_buf   q  = HDC_BUF_INIT;
  if (!cr)
    return NULL;
  cr->app   = w;
  cr->refs  = 1;
  cr->route = -1;
  cr->t0    = now_seconds();
  cr->arena = hdc_arena_new(0);
  MHD_get_connection_values_n(c, MHD_GET_ARGUMENT_KIND, collect_arg, &q);
  size_t ulen = url ? strlen(url) : 0;
  char  *t    = cr->arena ? hdc_arena_alloc(cr->arena, ulen + q.len + 1) : NULL;
  cr->method  = cr->arena && method
                  ? hdc_arena_strndup(cr->arena, method, strlen(method))
                  : NULL;
  if (!t || !cr->method || hdc_buf_status(&q)) {
    hdc_buf_clear(&q);
    hdc_arena_free(cr->arena);
    hdc_free(cr);
    return NULL;
  }
  if (ulen)
    memcpy(t, url, ulen);
  if (q.len)
    memcpy(t + ulen, q.ptr, q.len);
  t[ulen + q.len] = '\0';
  cr->target      = t;
  hdc_buf_clear(&q);
  __atomic_add_fetch(&w->in_flight, 1, __ATOMIC_RELAXED);
  return cr;
}

static ssize_t
stream_reader(void *cls, uint64_t pos, char *buf, size_t max)
{
  (void)pos;
  conn_req *cr = cls;
  while (cr->pending_off >= cr->pending.len) {
    if (cr->stream_done)
      return MHD_CONTENT_READER_END_OF_STREAM;
    hdc_buf_reset(&cr->pending);
    cr->pending_off = 0;
    hdc_status st =
      cr->stream(cr->stream_state, &cr->pending, &cr->stream_done);
    if (st || hdc_buf_status(&cr->pending)) {
      hdc_log(HDC_LOG_ERROR,
              "streamed answer to %s failed: %s",
              cr->target,
              hdc_strerror(st ? st : HDC_ERR_NOMEM));
      return MHD_CONTENT_READER_END_WITH_ERROR;
    }
  }
  size_t n = cr->pending.len - cr->pending_off;
  if (n > max)
    n = max;
  memcpy(buf, cr->pending.ptr + cr->pending_off, n);
  cr->pending_off += n;
  cr->bytes += n;
  return (ssize_t)n;
}

static void
stream_release(void *cls)
{
  conn_req_release(cls);
}

static enum MHD_Result
collect_header(void              *cls,
               enum MHD_ValueKind kind,
               const char        *key,
               const char        *value)
{
  (void)kind;
  hdc_web_req *req = cls;
  /* Count first, then fill: see request_headers(). */
  if (req->headers) {
    hdc_web_pair *h = (hdc_web_pair *)&req->headers[req->n_headers];
    h->name         = key;
    h->value        = value ? value : "";
  }
  req->n_headers++;
  return MHD_YES;
}

static hdc_status
request_headers(struct MHD_Connection *c, hdc_web_req *req)
{
  req->headers   = NULL;
  req->n_headers = 0;
  MHD_get_connection_values(c, MHD_HEADER_KIND, collect_header, req);
  size_t n       = req->n_headers;
  req->n_headers = 0;
  req->headers =
    hdc_arena_alloc(req->arena, (n ? n : 1) * sizeof(hdc_web_pair));
  if (!req->headers)
    return HDC_ERR_NOMEM;
  MHD_get_connection_values(c, MHD_HEADER_KIND, collect_header, req);
  return HDC_OK;
}

static enum MHD_Result
queue_answer(struct MHD_Connection *c,
             conn_req              *cr,
             hdc_web_resp          *resp,
             bool                   head)
{
  struct MHD_Response *r      = NULL;
  int                  status = resp->status ? resp->status : 200;
  if (resp->stream && !head) {
    cr->stream         = resp->stream;
    cr->stream_state   = resp->stream_state;
    cr->stream_free    = resp->stream_free;
    resp->stream_state = NULL;
    resp->stream_free  = NULL;
    cr->refs++;
    r = MHD_create_response_from_callback(
      MHD_SIZE_UNKNOWN, 64 * 1024, stream_reader, cr, stream_release);
    if (!r) {
      cr->refs--;
      return MHD_NO;
    }
  } else {
    size_t len = resp->body.len;
    char  *ptr = hdc_buf_detach(&resp->body, &len);
    if (ptr) {
      r =
        MHD_create_response_from_buffer_with_free_callback(len, ptr, hdc_free);
      if (!r)
        hdc_free(ptr);
    } else {
      r =
        MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    }
    cr->bytes = len;
    if (head)
      cr->bytes = 0;
  }
  if (!r)
    return MHD_NO;
  if (resp->content_type)
    MHD_add_response_header(
      r, MHD_HTTP_HEADER_CONTENT_TYPE, resp->content_type);
  for (size_t i = 0; i < resp->n_headers; ++i)
    MHD_add_response_header(r, resp->headers[i].name, resp->headers[i].value);
  MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
  if (__atomic_load_n(&cr->app->stopping, __ATOMIC_RELAXED))
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
  cr->status          = status;
  enum MHD_Result ret = MHD_queue_response(c, (unsigned)status, r);
  MHD_destroy_response(r);
  return ret;
}

static void
client_address(struct MHD_Connection *c, char *out, size_t cap)
{
  const union MHD_ConnectionInfo *ci =
    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  snprintf(out, cap, "-");
  if (!ci || !ci->client_addr)
    return;
  const struct sockaddr *sa = ci->client_addr;
  if (sa->sa_family == AF_INET)
    inet_ntop(AF_INET,
              &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
              out,
              (socklen_t)cap);
  else if (sa->sa_family == AF_INET6)
    inet_ntop(AF_INET6,
              &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
              out,
              (socklen_t)cap);
}

static enum MHD_Result
on_request(void                  *cls,
           struct MHD_Connection *c,
           const char            *url,
           const char            *method,
           const char            *version,
           const char            *upload_data,
           size_t                *upload_data_size,
           void                 **con_cls)
{
  (void)url;
  (void)version;
  hdc_web  *w   = cls;
  conn_req *cr  = *con_cls;
  uint64_t  max = hdc_limits_get(&w->limits, HDC_LIMIT_REQUEST_BODY);
  if (!cr) {
    cr = conn_req_new(w, c, url, method);
    if (!cr)
      return MHD_NO; /* out of memory: drop the connection */
    *con_cls    = cr;
    cr->started = true;
    client_address(c, cr->remote, sizeof cr->remote);
    const char *cl =
      MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
    if (cl && strtoull(cl, NULL, 10) > max) {
      /* Refused before a byte of the body is read. */
      hdc_web_req  req;
      hdc_web_resp resp;
      memset(&req, 0, sizeof req);
      resp_init(&resp);
      req.arena = cr->arena;
      req.path =
        hdc_arena_strndup(cr->arena, cr->target, strcspn(cr->target, "?"));
      error_answer(&req, &resp, 413, "the request body is too large");
      enum MHD_Result ret = queue_answer(c, cr, &resp, false);
      hdc_buf_clear(&resp.body);
      return ret;
    }
    return MHD_YES;
  }
  if (*upload_data_size) {
    if (cr->status) {
      *upload_data_size = 0; /* answered already: drop the rest */
      return MHD_YES;
    }
    if (cr->body.len + *upload_data_size > max) {
      /* A chunked body past the bound: stop reading it. */
      *upload_data_size = 0;
      cr->too_large     = true;
      return MHD_NO;
    }
    hdc_buf_append(&cr->body, upload_data, *upload_data_size);
    *upload_data_size = 0;
    if (hdc_buf_status(&cr->body))
      return MHD_NO;
    return MHD_YES;
  }
  if (cr->status)
    return MHD_YES; /* already answered (413) */
  hdc_web_req  req;
  hdc_web_resp resp;
  int          route = -1;
  memset(&req, 0, sizeof req);
  resp_init(&resp);
  req.arena        = cr->arena;
  req.method       = method;
  req.body         = cr->body.ptr ? cr->body.ptr : "";
  req.body_len     = cr->body.len;
  req.remote       = cr->remote;
  hdc_web_ctx *ctx = thread_ctx(w);
  if (!ctx || request_headers(c, &req))
    return MHD_NO;
  run_request(ctx, &req, cr->target, &resp, &route);
  cr->route           = route;
  enum MHD_Result ret = queue_answer(c, cr, &resp, !strcmp(method, "HEAD"));
  if (resp.stream_free && resp.stream_state)
    resp.stream_free(resp.stream_state);
  hdc_buf_clear(&resp.body);
  return ret;
}

static void
on_completed(void                           *cls,
             struct MHD_Connection          *c,
             void                          **con_cls,
             enum MHD_RequestTerminationCode toe)
{
  (void)c;
  hdc_web  *w  = cls;
  conn_req *cr = *con_cls;
  if (!cr)
    return;
  *con_cls   = NULL;
  int status = cr->status;
  if (!status)
    status = cr->too_large
               ? 413
               : (toe == MHD_REQUEST_TERMINATED_TIMEOUT_REACHED ? 408 : 400);
  finish_request(w,
                 cr->remote,
                 cr->method,
                 cr->target,
                 cr->route,
                 status,
                 cr->bytes,
                 now_seconds() - cr->t0);
  __atomic_sub_fetch(&w->in_flight, 1, __ATOMIC_RELAXED);
  conn_req_release(cr);
}

static void
mhd_log(void *cls, const char *fmt, va_list ap)
{
  (void)cls;
  char msg[512];
  vsnprintf(msg, sizeof msg, fmt, ap);
  size_t n = strlen(msg);
  while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
    msg[--n] = '\0';
  hdc_log(HDC_LOG_DEBUG, "http: %s", msg);
}

hdc_status
hdc_web_start(hdc_web *w, hdc_error *err)
{
  char            host[256], port[16];
  struct addrinfo hints, *ai = NULL;
  hdc_status      st = HDC_OK;
  if (w->daemon)
    return HDC_OK;
  if (!split_listen(w->listen, host, sizeof host, port, sizeof port))
    return hdc_error_set(err,
                         HDC_ERR_INVALID_ARG,
                         w->listen,
                         0,
                         0,
                         "listen on ADDR:PORT, e.g. 127.0.0.1:8080");
  memset(&hints, 0, sizeof hints);
  hints.ai_family   = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags    = AI_PASSIVE;
  int gai           = getaddrinfo(host, port, &hints, &ai);
  if (gai != 0 || !ai)
    return hdc_error_set(err,
                         HDC_ERR_INVALID_ARG,
                         w->listen,
                         0,
                         0,
                         "cannot resolve the listening address: %s",
                         gai_strerror(gai));
  unsigned threads = w->cfg.threads;
  if (!threads) {
    /* Workers never block on anything but the disk, so one per core and
     * one more is enough; each holds its own catalogue connection and
     * search index (about 50 MB at 100,000 records), which bounds them. */
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    threads    = cores > 0 ? (unsigned)cores + 1 : 3;
    if (threads > 8)
      threads = 8;
  }
  unsigned timeout = w->cfg.timeout_seconds ? w->cfg.timeout_seconds : 15;
  unsigned conns = (unsigned)hdc_limits_get(&w->limits, HDC_LIMIT_CONNECTIONS);
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
                   MHD_USE_ITC | MHD_USE_ERROR_LOG;
  if (ai->ai_family == AF_INET6)
    flags |= MHD_USE_IPv6;
  w->daemon = MHD_start_daemon(flags,
                               0,
                               NULL,
                               NULL,
                               on_request,
                               w,
                               MHD_OPTION_SOCK_ADDR,
                               ai->ai_addr,
                               MHD_OPTION_THREAD_POOL_SIZE,
                               threads,
                               MHD_OPTION_CONNECTION_LIMIT,
                               conns,
                               MHD_OPTION_PER_IP_CONNECTION_LIMIT,
                               conns,
                               MHD_OPTION_CONNECTION_TIMEOUT,
                               timeout,
                               MHD_OPTION_CONNECTION_MEMORY_LIMIT,
                               (size_t)(64 * 1024),
                               MHD_OPTION_UNESCAPE_CALLBACK,
                               unescape_none,
                               w,
                               MHD_OPTION_NOTIFY_COMPLETED,
                               on_completed,
                               w,
                               MHD_OPTION_EXTERNAL_LOGGER,
                               mhd_log,
                               w,
                               MHD_OPTION_LISTEN_BACKLOG_SIZE,
                               1024,
                               MHD_OPTION_END);
  freeaddrinfo(ai);
  if (!w->daemon) {
    st = hdc_error_set(err,
                       HDC_ERR_IO,
                       w->listen,
                       0,
                       0,
                       "cannot listen on %s (address in use, or not "
                       "allowed)",
                       w->listen);
    return st;
  }
  const union MHD_DaemonInfo *di =
    MHD_get_daemon_info(w->daemon, MHD_DAEMON_INFO_BIND_PORT);
  w->port = di ? di->port : 0;
  derive_base_url(w, w->port);
  return HDC_OK;
}

void
hdc_web_stop(hdc_web *w)
{
  if (!w || !w->daemon)
    return;
  /* Stop accepting, then give the requests in flight time to finish. */
  __atomic_store_n(&w->stopping, 1, __ATOMIC_RELAXED);
  MHD_socket ls      = MHD_quiesce_daemon(w->daemon);
  unsigned   timeout = w->cfg.timeout_seconds ? w->cfg.timeout_seconds : 15;
  for (unsigned i = 0; i < timeout * 20; ++i) {
    if (__atomic_load_n(&w->in_flight, __ATOMIC_RELAXED) == 0)
      break;
    struct timespec ts = { 0, 50 * 1000 * 1000 };
    nanosleep(&ts, NULL);
  }
  MHD_stop_daemon(w->daemon);
  /* A quiesced daemon leaves its listening socket to the caller. */
  if (ls != MHD_INVALID_SOCKET)
    close(ls);
  w->daemon = NULL;
}
