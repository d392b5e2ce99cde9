// SPDX-License-Identifier: EUPL-1.2
/*
 * The HTTP fetch of harvest.h: one bounded GET with libcurl, and the
 * fetch-then-parse step the command line and the harvester share.
 *
 * Everything a hostile or broken server can do is bounded here: the
 * schemes (http and https, also after a redirect), the number of
 * redirects, the total time, the connect time, a stalled transfer, and the
 * body size, which is checked on the decoded bytes as they arrive (a gzip
 * bomb stops at the limit) and on an announced Content-Length before any
 * byte is read. This is the only file of hdcat that includes curl.
 */
#include "hdcat/harvest.h"

#include <curl/curl.h>

#include <stdio.h>
#include <string.h>

/* Defaults for the request fields left at 0. Thirty seconds each: long
 * enough for a slow public server, short enough that a dead one does not
 * hold a scheduled harvest for the whole fetch_seconds budget. */
#define DEFAULT_CONNECT_SECONDS 30u
#define DEFAULT_STALL_SECONDS 30u

struct hdc_harvest_fetcher
{
  CURL *curl;
  char  errbuf[CURL_ERROR_SIZE];
};

/* State shared with the libcurl callbacks during one transfer. */
typedef struct transfer
{
  hdc_buf *body;
  uint64_t max_bytes;
  bool     too_big;       /* the body passed max_bytes: the transfer was cut */
  bool     oom;           /* the body could not grow */
  char     reason[128];   /* reason phrase of the latest status line */
  char     location[512]; /* Location of the latest response, if any */
} transfer;

/* ------------------------------------------------------------------------ */
/* Small utilities                                                          */

bool
hdc_harvest_is_url(const char *s)
{
  if (!s) {
    return false;
  }
  hdc_str v     = hdc_str_from(s);
  hdc_str http  = { s, v.len < 7 ? v.len : 7 };
  hdc_str https = { s, v.len < 8 ? v.len : 8 };
  return (hdc_str_eq_nocase(http, HDC_STR("http://")) && v.len > 7) ||
         (hdc_str_eq_nocase(https, HDC_STR("https://")) && v.len > 8);
}

void
hdc_harvest_response_init(hdc_harvest_response *r)
{
  if (!r) {
    return;
  }
  memset(r, 0, sizeof *r);
  r->retry_after = -1;
  hdc_buf_init(&r->body);
}

void
hdc_harvest_response_clear(hdc_harvest_response *r)
{
  if (!r) {
    return;
  }
  hdc_free(r->url);
  hdc_free(r->content_type);
  hdc_free(r->etag);
  hdc_free(r->last_modified);
  hdc_buf_clear(&r->body);
  hdc_harvest_response_init(r);
}

/* A copy of @p z in *out (NULL stays NULL). False when out of memory. */
static bool
dup_into(char **out, const char *z)
{
  *out = NULL;
  if (!z) {
    return true;
  }
  *out = hdc_strndup(z, strlen(z));
  return *out != NULL;
}

/* Header values come from an earlier response, that is from a server: a
 * CR or LF in them would let that server inject request headers. */
static bool
header_value_ok(const char *v)
{
  return v && !strpbrk(v, "\r\n");
}

/* The reason phrase when the server sent none (HTTP/2 has no reason
 * phrase), so the message is still readable. */
static const char *
standard_reason(long status)
{
  switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 408: return "Request Timeout";
    case 410: return "Gone";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "";
  }
}

/* What a reader of the error can do about an HTTP status. */
static const char *
status_hint(long status)
{
  if (status == 401 || status == 403) {
    return "the document is not public; ask its publisher for an open URL";
  }
  if (status == 404 || status == 410) {
    return "check the URL";
  }
  if (status == 429 || status == 503) {
    return "the server is busy; try again later";
  }
  if (status >= 500) {
    return "the server failed; try again later or tell its operator";
  }
  if (status >= 400) {
    return "the server refused the request";
  }
  return "not a document hdcat can use";
}

/* Copy the printable ASCII of [p, p+n) into out (cap bytes with the NUL),
 * stopping at the line end: header text ends up in terminal output. */
static void
copy_printable(const char *p, size_t n, char *out, size_t cap)
{
  size_t k = 0;
  for (size_t i = 0; i < n && p[i] != '\r' && p[i] != '\n' && k + 1 < cap;
       i++) {
    unsigned char c = (unsigned char)p[i];
    out[k++]        = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
  }
  out[k] = '\0';
}

/* ------------------------------------------------------------------------ */
/* libcurl callbacks                                                        */

static size_t
on_body(char *ptr, size_t size, size_t nmemb, void *ctx)
{
  transfer *t = ctx;
  size_t    n = size * nmemb;
  /* Checked before appending, so memory never holds more than the limit,
   * whatever the compression ratio. */
  if (n > t->max_bytes || t->body->len > t->max_bytes - n) {
    t->too_big = true;
    return n ? 0 : 1; /* any count but n aborts the transfer */
  }
  if (hdc_buf_append(t->body, ptr, n) != HDC_OK) {
    t->oom = true;
    return n ? 0 : 1;
  }
  return n;
}

static size_t
on_header(char *ptr, size_t size, size_t nmemb, void *ctx)
{
  transfer *t = ctx;
  size_t    n = size * nmemb;
  /* A status line starts every response, redirects included: keep the
   * reason phrase of the latest one ("HTTP/1.1 404 Not Found"). */
  if (n > 5 && !memcmp(ptr, "HTTP/", 5)) {
    size_t i = 5;
    while (i < n && ptr[i] != ' ') {
      i++; /* version */
    }
    while (i < n && ptr[i] == ' ') {
      i++;
    }
    while (i < n && ptr[i] != ' ' && ptr[i] != '\r' && ptr[i] != '\n') {
      i++; /* status code */
    }
    while (i < n && ptr[i] == ' ') {
      i++;
    }
    copy_printable(ptr + i, n - i, t->reason, sizeof t->reason);
    t->location[0] = '\0';
  } else if (n > 9 &&
             hdc_str_eq_nocase((hdc_str){ ptr, 9 }, HDC_STR("location:"))) {
    /* Kept to name a redirect that is refused. */
    size_t i = 9;
    while (i < n && (ptr[i] == ' ' || ptr[i] == '\t')) {
      i++;
    }
    copy_printable(ptr + i, n - i, t->location, sizeof t->location);
  }
  return n;
}

/* ------------------------------------------------------------------------ */
/* Fetcher                                                                  */

hdc_harvest_fetcher *
hdc_harvest_fetcher_new(hdc_error *err)
{
  hdc_harvest_fetcher *f      = NULL;
  bool                 global = false;
  /* Reference-counted by libcurl: each fetcher holds one reference. */
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
    hdc_error_set(
      err, HDC_ERR_INTERNAL, NULL, 0, 0, "libcurl could not be initialised");
    goto fail;
  }
  global = true;
  f      = hdc_calloc(1, sizeof *f);
  if (!f) {
    hdc_error_set(err, HDC_ERR_NOMEM, NULL, 0, 0, "out of memory");
    goto fail;
  }
  f->curl = curl_easy_init();
  if (!f->curl) {
    hdc_error_set(err,
                  HDC_ERR_NOMEM,
                  NULL,
                  0,
                  0,
                  "libcurl could not create a transfer handle");
    goto fail;
  }
  return f;
fail:
  hdc_free(f);
  if (global) {
    curl_global_cleanup();
  }
  return NULL;
}

void
hdc_harvest_fetcher_free(hdc_harvest_fetcher *f)
{
  if (!f) {
    return;
  }
  curl_easy_cleanup(f->curl);
  hdc_free(f);
  curl_global_cleanup();
}

/* The Accept and conditional headers of @p req, as a libcurl list. */
static hdc_status
build_headers(const hdc_harvest_request *req,
              const char                *url,
              struct curl_slist        **out,
              hdc_error                 *err)
{
  struct curl_slist *list = NULL, *next;
  hdc_buf            line = HDC_BUF_INIT;
  hdc_status         st   = HDC_OK;
  const char *names[3]    = { "Accept", "If-None-Match", "If-Modified-Since" };
  const char *values[3]   = { req->accept ? req->accept : HDC_HARVEST_ACCEPT,
                            req->if_none_match,
                            req->if_modified_since };

  for (size_t i = 0; i < 3; i++) {
    if (!values[i]) {
      continue;
    }
    if (!header_value_ok(values[i])) {
      st = hdc_error_set(err,
                         HDC_ERR_INVALID_ARG,
                         url,
                         0,
                         0,
                         "the %s header value holds a line break",
                         names[i]);
      goto done;
    }
    hdc_buf_reset(&line);
    hdc_buf_printf(&line, "%s: %s", names[i], values[i]);
    if (hdc_buf_status(&line) != HDC_OK) {
      st = hdc_error_set(err, HDC_ERR_NOMEM, url, 0, 0, "out of memory");
      goto done;
    }
    next = curl_slist_append(list, line.ptr);
    if (!next) {
      st = hdc_error_set(err, HDC_ERR_NOMEM, url, 0, 0, "out of memory");
      goto done;
    }
    list = next;
  }
done:
  hdc_buf_clear(&line);
  if (st != HDC_OK) {
    curl_slist_free_all(list);
    list = NULL;
  }
  *out = list;
  return st;
}

/* Set every option of one transfer; false if libcurl refused one (which
 * means it was built without something hdcat needs). */
static bool
set_options(CURL                      *c,
            const char                *url,
            const hdc_harvest_request *req,
            struct curl_slist         *headers,
            transfer                  *t,
            char                      *errbuf)
{
  uint64_t total     = hdc_limits_get(req->limits, HDC_LIMIT_FETCH_SECONDS);
  uint64_t redirects = hdc_limits_get(req->limits, HDC_LIMIT_REDIRECTS);
  uint64_t connect =
    req->connect_seconds ? req->connect_seconds : DEFAULT_CONNECT_SECONDS;
  uint64_t stall =
    req->stall_seconds ? req->stall_seconds : DEFAULT_STALL_SECONDS;
  uint64_t max = t->max_bytes;
  if (connect > total) {
    connect = total;
  }
  if (max > (uint64_t)INT64_MAX) {
    max = (uint64_t)INT64_MAX;
  }
  CURLcode rc = CURLE_OK;
#define SET(opt, val)                                                          \
  do {                                                                         \
    if (rc == CURLE_OK) {                                                      \
      rc = curl_easy_setopt(c, opt, val);                                      \
    }                                                                          \
  } while (0)
  SET(CURLOPT_URL, url);
  SET(CURLOPT_ERRORBUFFER, errbuf);
  SET(CURLOPT_NOSIGNAL, 1L);
  /* Only the web: never file://, ftp://, ldap://, ... (also after a
   * redirect, which a server controls). */
  SET(CURLOPT_PROTOCOLS_STR, "http,https");
  SET(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  SET(CURLOPT_FOLLOWLOCATION, 1L);
  SET(CURLOPT_MAXREDIRS, (long)redirects);
  SET(CURLOPT_TIMEOUT, (long)total);
  SET(CURLOPT_CONNECTTIMEOUT, (long)connect);
  SET(CURLOPT_LOW_SPEED_LIMIT, 1L);
  SET(CURLOPT_LOW_SPEED_TIME, (long)stall);
  /* Refuses an announced Content-Length above the limit before reading;
   * bodies without one (or compressed ones) are cut in on_body(). */
  SET(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)max);
  SET(CURLOPT_ACCEPT_ENCODING, ""); /* every encoding libcurl decodes */
  SET(CURLOPT_USERAGENT, HDC_HARVEST_USER_AGENT);
  SET(CURLOPT_HTTPHEADER, headers);
  /* Credentials are never sent on the operator's behalf. The cookie
   * engine stays off because no cookie file is set. */
  SET(CURLOPT_NETRC, (long)CURL_NETRC_IGNORED);
  SET(CURLOPT_WRITEFUNCTION, on_body);
  SET(CURLOPT_WRITEDATA, t);
  SET(CURLOPT_HEADERFUNCTION, on_header);
  SET(CURLOPT_HEADERDATA, t);
#undef SET
  return rc == CURLE_OK;
}

/* The value of response header @p name of the last response, or NULL. */
static const char *
last_header(CURL *c, const char *name)
{
  struct curl_header *h = NULL;
  if (curl_easy_header(c, name, 0, CURLH_HEADER, -1, &h) != CURLHE_OK || !h) {
    return NULL;
  }
  return h->value;
}

/* Copy what the transfer learnt into @p resp. */
static hdc_status
collect(CURL *c, hdc_harvest_response *resp, const char *url, hdc_error *err)
{
  char      *eff = NULL, *ctype = NULL;
  long       status = 0, redirects = 0;
  double     secs  = 0;
  curl_off_t retry = 0;

  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_getinfo(c, CURLINFO_EFFECTIVE_URL, &eff);
  curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &ctype);
  curl_easy_getinfo(c, CURLINFO_REDIRECT_COUNT, &redirects);
  curl_easy_getinfo(c, CURLINFO_TOTAL_TIME, &secs);
  resp->status    = status;
  resp->redirects = redirects > 0 ? (unsigned)redirects : 0;
  resp->seconds   = secs;
  if (last_header(c, "Retry-After") &&
      curl_easy_getinfo(c, CURLINFO_RETRY_AFTER, &retry) == CURLE_OK) {
    resp->retry_after = retry > 0 ? (long)retry : 0;
  }
  if (!dup_into(&resp->url, eff ? eff : url) ||
      !dup_into(&resp->content_type, ctype) ||
      !dup_into(&resp->etag, last_header(c, "ETag")) ||
      !dup_into(&resp->last_modified, last_header(c, "Last-Modified"))) {
    return hdc_error_set(err, HDC_ERR_NOMEM, url, 0, 0, "out of memory");
  }
  return HDC_OK;
}

/* An error for a transfer libcurl ended with @p rc. */
static hdc_status
transfer_error(CURL                      *c,
               CURLcode                   rc,
               const transfer            *t,
               const hdc_harvest_request *req,
               const char                *url,
               const char                *errbuf,
               hdc_error                 *err)
{
  const char *why = errbuf[0] ? errbuf : curl_easy_strerror(rc);

  if (t->oom || rc == CURLE_OUT_OF_MEMORY) {
    return hdc_error_set(err, HDC_ERR_NOMEM, url, 0, 0, "out of memory");
  }
  if (t->too_big || rc == CURLE_FILESIZE_EXCEEDED) {
    uint64_t max = t->max_bytes;
    if (!t->too_big) {
      /* Refused on the Content-Length alone, before the body was read. */
      const char *announced = last_header(c, "Content-Length");
      return hdc_error_set(
        err,
        HDC_ERR_LIMIT,
        url,
        0,
        0,
        "the server announces %s bytes, more than the document_bytes "
        "limit (%llu); raise HDCAT_LIMIT_DOCUMENT_BYTES if the document "
        "is genuine",
        announced ? announced : "more",
        (unsigned long long)max);
    }
    return hdc_error_set(
      err,
      HDC_ERR_LIMIT,
      url,
      0,
      0,
      "the document is larger than the document_bytes limit (%llu bytes); "
      "the transfer was stopped; raise HDCAT_LIMIT_DOCUMENT_BYTES if the "
      "document is genuine",
      (unsigned long long)max);
  }
  if (rc == CURLE_TOO_MANY_REDIRECTS) {
    return hdc_error_set(
      err,
      HDC_ERR_LIMIT,
      url,
      0,
      0,
      "more than %llu redirects (the redirects limit), or a redirect loop; "
      "use the final URL of the document",
      (unsigned long long)hdc_limits_get(req->limits, HDC_LIMIT_REDIRECTS));
  }
  if (rc == CURLE_UNSUPPORTED_PROTOCOL) {
    /* The scheme of the URL itself was checked before: this is a redirect,
     * named by the Location header of the response that asked for it. */
    return hdc_error_set(
      err,
      HDC_ERR_HTTP,
      url,
      0,
      0,
      "redirect to '%s' refused: only http and https URLs are fetched",
      t->location[0] ? t->location : "another scheme");
  }
  if (rc == CURLE_OPERATION_TIMEDOUT) {
    return hdc_error_set(
      err,
      HDC_ERR_HTTP,
      url,
      0,
      0,
      "timed out (%s); the fetch_seconds limit is %llu s; raise "
      "HDCAT_LIMIT_FETCH_SECONDS if the server is only slow",
      why,
      (unsigned long long)hdc_limits_get(req->limits, HDC_LIMIT_FETCH_SECONDS));
  }
  return hdc_error_set(err,
                       HDC_ERR_HTTP,
                       url,
                       0,
                       0,
                       "cannot fetch: %s; check the URL and the network",
                       why);
}

hdc_status
hdc_harvest_fetcher_get(hdc_harvest_fetcher       *f,
                        const char                *url,
                        const hdc_harvest_request *req,
                        hdc_harvest_response      *resp,
                        hdc_error                 *err)
{
  hdc_harvest_request defaults;
  struct curl_slist  *headers = NULL;
  transfer            t;
  hdc_status          st = HDC_OK;
  CURLcode            rc;

  if (!f || !url || !resp) {
    return hdc_error_set(
      err, HDC_ERR_INVALID_ARG, url, 0, 0, "no fetcher, URL or response given");
  }
  hdc_harvest_response_clear(resp);
  if (!req) {
    memset(&defaults, 0, sizeof defaults);
    req = &defaults;
  }
  if (!hdc_harvest_is_url(url) || strpbrk(url, " \t\r\n")) {
    return hdc_error_set(
      err, HDC_ERR_INVALID_ARG, url, 0, 0, "not an http or https URL");
  }
  memset(&t, 0, sizeof t);
  t.body      = &resp->body;
  t.max_bytes = hdc_limits_get(req->limits, HDC_LIMIT_DOCUMENT_BYTES);

  st = build_headers(req, url, &headers, err);
  if (st != HDC_OK) {
    goto done;
  }
  /* A reset handle keeps its connection cache: pages of one source reuse
   * the connection, while no option leaks from one request to the next. */
  curl_easy_reset(f->curl);
  f->errbuf[0] = '\0';
  if (!set_options(f->curl, url, req, headers, &t, f->errbuf)) {
    st = hdc_error_set(err,
                       HDC_ERR_INTERNAL,
                       url,
                       0,
                       0,
                       "libcurl lacks a feature hdcat needs (%s)",
                       f->errbuf[0] ? f->errbuf : "an option was refused");
    goto done;
  }
  rc = curl_easy_perform(f->curl);
  st = collect(f->curl, resp, url, err);
  if (st != HDC_OK) {
    goto done;
  }
  if (rc != CURLE_OK) {
    st = transfer_error(f->curl, rc, &t, req, url, f->errbuf, err);
    goto done;
  }
  if (hdc_buf_status(&resp->body) != HDC_OK) {
    st = hdc_error_set(err, HDC_ERR_NOMEM, url, 0, 0, "out of memory");
    goto done;
  }
  if (resp->status == 304 && (req->if_none_match || req->if_modified_since)) {
    goto done; /* unchanged since the earlier fetch: success, no body */
  }
  if (resp->status < 200 || resp->status > 299) {
    const char *reason = t.reason[0] ? t.reason : standard_reason(resp->status);
    hdc_buf     extra  = HDC_BUF_INIT;
    if (resp->redirects && resp->url && strcmp(resp->url, url)) {
      hdc_buf_printf(&extra, " (redirected to %s)", resp->url);
    }
    if (resp->retry_after >= 0) {
      hdc_buf_printf(&extra, " (retry after %ld s)", resp->retry_after);
    }
    st = hdc_error_set(err,
                       HDC_ERR_HTTP,
                       url,
                       0,
                       0,
                       "HTTP %ld%s%s%s; %s",
                       resp->status,
                       reason[0] ? " " : "",
                       reason,
                       extra.ptr && !extra.oom ? extra.ptr : "",
                       status_hint(resp->status));
    hdc_buf_clear(&extra);
    goto done;
  }
done:
  curl_slist_free_all(headers);
  return st;
}

hdc_status
hdc_harvest_fetch(const char                *url,
                  const hdc_harvest_request *req,
                  hdc_harvest_response      *resp,
                  hdc_error                 *err)
{
  hdc_harvest_fetcher *f = hdc_harvest_fetcher_new(err);
  if (!f) {
    return err && err->status != HDC_OK ? err->status : HDC_ERR_NOMEM;
  }
  hdc_status st = hdc_harvest_fetcher_get(f, url, req, resp, err);
  hdc_harvest_fetcher_free(f);
  return st;
}

/* ------------------------------------------------------------------------ */
/* Fetch and parse                                                          */

/* After a parse error, say what the server called the document when that
 * was not an RDF type: "text/html" explains most such failures. */
static void
note_content_type(hdc_error *err, hdc_status st, const char *ctype)
{
  if (!err || err->status != st || !ctype) {
    return;
  }
  size_t n = strlen(err->message);
  snprintf(err->message + n,
           sizeof err->message - n,
           " (the server sent Content-Type '%s', not an RDF type)",
           ctype);
}

/* A web page rather than a document: what a server sends for a login
 * page, an error page served with 200, or a landing page. RDFa is not
 * read, so the extension and sniffing are not tried (an HTML page sniffs
 * as XML and would parse as an empty RDF/XML graph). */
static bool
is_web_page(const char *ctype)
{
  hdc_str v = hdc_str_from(ctype);
  size_t  n = 0;
  while (n < v.len && v.ptr[n] != ';' && v.ptr[n] != ' ') {
    n++;
  }
  v.len = n;
  return hdc_str_eq_nocase(v, HDC_STR("text/html")) ||
         hdc_str_eq_nocase(v, HDC_STR("application/xhtml+xml"));
}

hdc_status
hdc_harvest_response_parse(const hdc_harvest_response *resp,
                           const char                 *url,
                           const hdc_parse_opts       *popts,
                           hdc_graph                  *g,
                           hdc_error                  *err)
{
  hdc_parse_opts o;
  hdc_status     st              = HDC_OK;
  bool           typed_by_server = false;
  if (!resp || !g) {
    return hdc_error_set(
      err, HDC_ERR_INVALID_ARG, url, 0, 0, "no response or graph given");
  }
  memset(&o, 0, sizeof o);
  if (popts) {
    o = *popts;
  }
  o.source = resp->url ? resp->url : url;
  if (!o.base_iri) {
    o.base_iri = o.source;
  }
  if (o.format == HDC_FORMAT_UNKNOWN) {
    o.format = hdc_format_from_media_type(hdc_str_from(resp->content_type));
    typed_by_server = o.format != HDC_FORMAT_UNKNOWN;
    if (!typed_by_server && is_web_page(resp->content_type)) {
      st = hdc_error_set(
        err,
        HDC_ERR_UNSUPPORTED,
        o.source,
        0,
        0,
        "the server sent a web page (Content-Type '%s'), not RDF; check "
        "the URL, or give the syntax with --input-format if it really is "
        "RDF",
        resp->content_type);
      goto done;
    }
  }
  if (o.format == HDC_FORMAT_UNKNOWN) {
    o.format = hdc_format_from_path(o.source);
  }
  if (o.format == HDC_FORMAT_UNKNOWN) {
    o.format = hdc_format_sniff(resp->body.ptr, resp->body.len);
  }
  if (o.format == HDC_FORMAT_UNKNOWN) {
    st = hdc_error_set(
      err,
      HDC_ERR_UNSUPPORTED,
      o.source,
      0,
      0,
      "not a recognisable RDF document%s%s%s; if it is RDF, give its "
      "syntax with --input-format",
      resp->content_type ? " (Content-Type '" : "",
      resp->content_type ? resp->content_type : "",
      resp->content_type ? "')" : "");
    goto done;
  }
  st = hdc_rdf_parse(
    resp->body.ptr ? resp->body.ptr : "", resp->body.len, &o, g, err);
  if (st != HDC_OK && !typed_by_server && !(popts && popts->format)) {
    note_content_type(err, st, resp->content_type);
  }
done:
  return st;
}

hdc_status
hdc_harvest_fetch_rdf(hdc_harvest_fetcher       *f,
                      const char                *url,
                      const hdc_harvest_request *req,
                      const hdc_parse_opts      *popts,
                      hdc_graph                 *g,
                      hdc_harvest_response      *resp,
                      hdc_error                 *err)
{
  hdc_harvest_fetcher *own = NULL;
  hdc_harvest_response local;
  hdc_harvest_request  r;
  hdc_parse_opts       o;
  hdc_status           st;

  hdc_harvest_response_init(&local);
  if (!resp) {
    resp = &local;
  }
  if (!g) {
    st = hdc_error_set(err, HDC_ERR_INVALID_ARG, url, 0, 0, "no graph given");
    goto done;
  }
  if (req) {
    r = *req;
  } else {
    memset(&r, 0, sizeof r);
  }
  memset(&o, 0, sizeof o);
  if (popts) {
    o = *popts;
  }
  if (!r.limits) {
    r.limits = o.limits;
  }
  if (!o.limits) {
    o.limits = r.limits;
  }
  if (!f) {
    own = hdc_harvest_fetcher_new(err);
    if (!own) {
      st = err && err->status != HDC_OK ? err->status : HDC_ERR_NOMEM;
      goto done;
    }
    f = own;
  }
  st = hdc_harvest_fetcher_get(f, url, &r, resp, err);
  if (st != HDC_OK) {
    goto done;
  }
  if (resp->status == 304) {
    st = HDC_FAILURE; /* unchanged: nothing to parse */
    goto done;
  }
  st = hdc_harvest_response_parse(resp, url, &o, g, err);
done:
  hdc_harvest_fetcher_free(own);
  hdc_harvest_response_clear(&local);
  return st;
}
