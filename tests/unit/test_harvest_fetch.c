// SPDX-License-Identifier: EUPL-1.2
/*
 * Unit tests for the HTTP fetch of harvest.h, against a real HTTP server
 * (libmicrohttpd, in this process, on 127.0.0.1 and a port the system
 * picks): every RDF media type, the format from the extension or the
 * content when the Content-Type says nothing, 404, 500 and 503 with
 * Retry-After, redirect chains within and beyond the limit, a redirect
 * loop, redirects to file:// and ftp://, bodies over the size limit with
 * and without Content-Length, gzip bodies (and one that inflates past the
 * limit), a slow and a stalled server, relative IRIs resolved against the
 * final URL, conditional requests, the request headers hdcat sends,
 * refused URLs, an unreachable port, allocation failures and free(NULL).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hdcat/harvest.h"

#include <microhttpd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define EX "http://example.org/"
#define RDF_TYPE "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

/* The same two triples in every syntax. */
static const char doc_turtle[] =
  "@prefix ex: <" EX "> .\nex:d a ex:Dataset ; ex:title \"t\" .\n";
static const char doc_rdfxml[] =
  "<?xml version=\"1.0\"?>\n"
  "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"\n"
  "         xmlns:ex=\"" EX "\">\n"
  "  <ex:Dataset rdf:about=\"" EX "d\"><ex:title>t</ex:title></ex:Dataset>\n"
  "</rdf:RDF>\n";
static const char doc_ntriples[] =
  "<" EX "d> <" RDF_TYPE "> <" EX "Dataset> .\n"
  "<" EX "d> <" EX "title> \"t\" .\n";
static const char doc_nquads[] =
  "<" EX "d> <" RDF_TYPE "> <" EX "Dataset> <" EX "g> .\n"
  "<" EX "d> <" EX "title> \"t\" <" EX "g> .\n";
static const char doc_trig[] =
  "@prefix ex: <" EX "> .\nex:g { ex:d a ex:Dataset ; ex:title \"t\" . }\n";
static const char doc_jsonld[] =
  "{\"@id\": \"" EX "d\", \"@type\": \"" EX "Dataset\",\n"
  " \"" EX "title\": \"t\"}\n";
/* Relative IRIs: their meaning depends on the URL the document came from. */
static const char doc_relative[] = "<d> a <../Dataset> ; <#title> \"t\" .\n";
static const char doc_html[] =
  "<!DOCTYPE html>\n<html><body><p>Not here</p></body></html>\n";

/* ------------------------------------------------------------------------ */
/* The test server                                                          */

typedef struct route
{
  const char *path;
  unsigned    status;
  const char *content_type; /* NULL: none sent */
  const char *body;
} route;

static const route routes[] = {
  { "/doc/turtle", 200, "text/turtle; charset=utf-8", doc_turtle },
  { "/doc/rdfxml", 200, "application/rdf+xml", doc_rdfxml },
  { "/doc/ntriples", 200, "application/n-triples", doc_ntriples },
  { "/doc/nquads", 200, "application/n-quads", doc_nquads },
  { "/doc/trig", 200, "application/trig", doc_trig },
  { "/doc/jsonld", 200, "application/ld+json", doc_jsonld },
  /* A server that labels everything generically: the URL decides. */
  { "/generic/catalogue.ttl", 200, "application/octet-stream", doc_turtle },
  { "/generic/catalogue.rdf", 200, "text/plain", doc_rdfxml },
  { "/generic/catalogue.nt", 200, NULL, doc_ntriples },
  /* Nothing but the content to go by. */
  { "/generic/catalogue", 200, "application/octet-stream", doc_rdfxml },
  /* The Content-Type wins over a misleading extension. */
  { "/typed/catalogue.rdf", 200, "text/turtle", doc_turtle },
  { "/html/catalogue.ttl", 200, "text/html; charset=utf-8", doc_html },
  { "/html/page", 200, "text/html", "hello, this is no RDF at all\n" },
  { "/plain/words", 200, "text/csv", "id,name\n1,two words\n" },
  { "/plain/words.ttl", 200, "text/csv", "id,name\n1,two words\n" },
  { "/bad/syntax.ttl",
    200,
    "text/turtle",
    "@prefix ex: <" EX "> .\nex:d ex:p .\n" },
  { "/a/b/relative", 200, "text/turtle", doc_relative },
  { "/missing", 404, "text/html", doc_html },
  { "/broken", 500, "text/plain", "internal error\n" },
};

/* What the last request carried, for the header tests. */
typedef struct seen
{
  pthread_mutex_t lock;
  char            user_agent[256];
  char            accept[512];
  char            accept_encoding[128];
  bool            cookie;
  bool            if_none_match;
  bool            if_modified_since;
  unsigned        hits;
} seen;

typedef struct server
{
  struct MHD_Daemon *daemon;
  unsigned short     port;
  char               base[64]; /* "http://127.0.0.1:PORT" */
  seen               seen;
} server;

static server srv;

/* Streaming body states (MHD callback responses). */
typedef struct stream
{
  size_t total; /* bytes to send; 0: until the client leaves */
  size_t sent;
  long   delay_ms; /* pause before each chunk */
  size_t chunk;    /* bytes per call; 0: send nothing, only wait */
  int    calls;    /* calls left before giving up (bounds every test) */
} stream;

static void
sleep_ms(long ms)
{
  struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
  nanosleep(&ts, NULL);
}

static ssize_t
stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
  stream *s = cls;
  (void)pos;
  if (s->calls-- <= 0) {
    return MHD_CONTENT_READER_END_WITH_ERROR;
  }
  if (s->delay_ms) {
    sleep_ms(s->delay_ms);
  }
  if (s->total && s->sent >= s->total) {
    return MHD_CONTENT_READER_END_OF_STREAM;
  }
  size_t n = s->chunk;
  if (n == 0) {
    /* A stalled server: nothing to send yet. MHD calls again. */
    return 0;
  }
  if (n > max) {
    n = max;
  }
  if (s->total && n > s->total - s->sent) {
    n = s->total - s->sent;
  }
  memset(buf, '#', n); /* a Turtle comment, as long as it is */
  s->sent += n;
  return (ssize_t)n;
}

static void
stream_free(void *cls)
{
  free(cls);
}

/* ---- a minimal gzip writer (fixed-Huffman deflate), for the encoded-body
 * tests: literal bytes, and runs that repeat the previous byte. ---------- */

typedef struct bits
{
  unsigned char buf[4096];
  size_t        len;
  uint32_t      acc;
  int           n;
} bits;

static void
bits_put(bits *b, uint32_t v, int n) /* least significant bit first */
{
  for (int i = 0; i < n; i++) {
    b->acc |= ((v >> i) & 1u) << b->n;
    if (++b->n == 8) {
      assert_true(b->len < sizeof b->buf);
      b->buf[b->len++] = (unsigned char)b->acc;
      b->acc           = 0;
      b->n             = 0;
    }
  }
}

static void
bits_code(bits *b, uint32_t code, int n) /* Huffman codes: MSB first */
{
  for (int i = n - 1; i >= 0; i--) {
    bits_put(b, (code >> i) & 1u, 1);
  }
}

static void
bits_literal(bits *b, unsigned char c)
{
  if (c < 144) {
    bits_code(b, 0x30u + c, 8);
  } else {
    bits_code(b, 0x190u + (c - 144u), 9);
  }
}

static uint32_t
crc32_update(uint32_t crc, const unsigned char *p, size_t n)
{
  crc = ~crc;
  for (size_t i = 0; i < n; i++) {
    crc ^= p[i];
    for (int k = 0; k < 8; k++) {
      crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
  }
  return ~crc;
}

/* gzip of @p text followed by @p repeats runs of 258 copies of its last
 * byte. Returns the length written into @p out (malloc'd). */
static size_t
gzip_make(const char *text, size_t repeats, unsigned char **out)
{
  static const unsigned char head[10] = {
    0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff
  };
  bits    *b    = calloc(1, sizeof *b);
  size_t   tlen = strlen(text);
  uint32_t crc  = crc32_update(0, (const unsigned char *)text, tlen);
  uint32_t size = (uint32_t)(tlen + repeats * 258);
  assert_non_null(b);
  assert_true(tlen > 0);
  bits_put(b, 1, 1); /* final block */
  bits_put(b, 1, 2); /* fixed Huffman codes */
  for (size_t i = 0; i < tlen; i++) {
    bits_literal(b, (unsigned char)text[i]);
  }
  unsigned char run[258];
  memset(run, text[tlen - 1], sizeof run);
  for (size_t i = 0; i < repeats; i++) {
    bits_code(b, 0xC5, 8); /* length 258 (symbol 285) */
    bits_code(b, 0, 5);    /* distance 1 */
    crc = crc32_update(crc, run, sizeof run);
  }
  bits_code(b, 0, 7); /* end of block (symbol 256) */
  if (b->n) {
    bits_put(b, 0, 8 - b->n);
  }
  size_t         n = sizeof head + b->len + 8;
  unsigned char *p = malloc(n);
  assert_non_null(p);
  memcpy(p, head, sizeof head);
  memcpy(p + sizeof head, b->buf, b->len);
  for (int i = 0; i < 4; i++) {
    p[sizeof head + b->len + (size_t)i]     = (unsigned char)(crc >> (8 * i));
    p[sizeof head + b->len + 4 + (size_t)i] = (unsigned char)(size >> (8 * i));
  }
  free(b);
  *out = p;
  return n;
}

static enum MHD_Result
send_buffer(struct MHD_Connection *c,
            unsigned               status,
            const char            *ctype,
            const void            *body,
            size_t                 len,
            const char            *hname,
            const char            *hvalue)
{
  struct MHD_Response *r = MHD_create_response_from_buffer(
    len, (void *)(uintptr_t)body, MHD_RESPMEM_MUST_COPY);
  if (!r) {
    return MHD_NO;
  }
  if (ctype) {
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, ctype);
  }
  if (hname) {
    MHD_add_response_header(r, hname, hvalue);
  }
  enum MHD_Result ret = MHD_queue_response(c, status, r);
  MHD_destroy_response(r);
  return ret;
}

static enum MHD_Result
send_stream(struct MHD_Connection *c,
            const char            *ctype,
            size_t                 total,
            long                   delay_ms,
            size_t                 chunk,
            int                    calls)
{
  stream *s = calloc(1, sizeof *s);
  if (!s) {
    return MHD_NO;
  }
  s->total               = total;
  s->delay_ms            = delay_ms;
  s->chunk               = chunk;
  s->calls               = calls;
  struct MHD_Response *r = MHD_create_response_from_callback(
    MHD_SIZE_UNKNOWN, 4096, stream_read, s, stream_free);
  if (!r) {
    free(s);
    return MHD_NO;
  }
  MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, ctype);
  enum MHD_Result ret = MHD_queue_response(c, MHD_HTTP_OK, r);
  MHD_destroy_response(r);
  return ret;
}

static void
copy_header(struct MHD_Connection *c, const char *name, char *out, size_t cap)
{
  const char *v = MHD_lookup_connection_value(c, MHD_HEADER_KIND, name);
  snprintf(out, cap, "%s", v ? v : "");
}

static enum MHD_Result
handle(void                  *cls,
       struct MHD_Connection *c,
       const char            *url,
       const char            *method,
       const char            *version,
       const char            *upload,
       size_t                *upload_size,
       void                 **state)
{
  char location[256];
  (void)cls;
  (void)method;
  (void)version;
  (void)upload;
  (void)upload_size;
  (void)state;

  pthread_mutex_lock(&srv.seen.lock);
  srv.seen.hits++;
  copy_header(c, "User-Agent", srv.seen.user_agent, sizeof srv.seen.user_agent);
  copy_header(c, "Accept", srv.seen.accept, sizeof srv.seen.accept);
  copy_header(c,
              "Accept-Encoding",
              srv.seen.accept_encoding,
              sizeof srv.seen.accept_encoding);
  srv.seen.cookie =
    MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Cookie") != NULL;
  srv.seen.if_none_match =
    MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-None-Match");
  srv.seen.if_modified_since =
    MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-Modified-Since");
  pthread_mutex_unlock(&srv.seen.lock);

  for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
    if (!strcmp(url, routes[i].path)) {
      return send_buffer(c,
                         routes[i].status,
                         routes[i].content_type,
                         routes[i].body,
                         strlen(routes[i].body),
                         NULL,
                         NULL);
    }
  }
  /* /redirect/N: N redirects, then the Turtle document. */
  if (!strncmp(url, "/redirect/", 10)) {
    int n = atoi(url + 10);
    if (n > 1) {
      snprintf(location, sizeof location, "/redirect/%d", n - 1);
    } else {
      snprintf(location, sizeof location, "/doc/turtle");
    }
    return send_buffer(c, 302, NULL, "", 0, "Location", location);
  }
  if (!strcmp(url, "/loop")) {
    return send_buffer(c, 301, NULL, "", 0, "Location", "/loop");
  }
  if (!strcmp(url, "/to-file")) {
    return send_buffer(c, 302, NULL, "", 0, "Location", "file:///etc/passwd");
  }
  if (!strcmp(url, "/to-ftp")) {
    return send_buffer(
      c, 302, NULL, "", 0, "Location", "ftp://127.0.0.1/catalogue.ttl");
  }
  /* To a document with relative IRIs, in another folder. */
  if (!strcmp(url, "/moved")) {
    return send_buffer(c, 301, NULL, "", 0, "Location", "/a/b/relative");
  }
  /* Sets a cookie on the way: the next request must not send it back. */
  if (!strcmp(url, "/cookie")) {
    struct MHD_Response *r =
      MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    if (!r) {
      return MHD_NO;
    }
    MHD_add_response_header(r, "Set-Cookie", "visit=abc; Path=/");
    MHD_add_response_header(r, "Location", "/doc/turtle");
    enum MHD_Result ret = MHD_queue_response(c, 302, r);
    MHD_destroy_response(r);
    return ret;
  }
  if (!strcmp(url, "/busy")) {
    return send_buffer(c, 503, "text/plain", "busy\n", 5, "Retry-After", "7");
  }
  /* Conditional requests: the document has ETag "v1". */
  if (!strcmp(url, "/etag")) {
    const char *inm =
      MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-None-Match");
    if (inm && !strcmp(inm, "\"v1\"")) {
      return send_buffer(c, 304, NULL, "", 0, "ETag", "\"v1\"");
    }
    struct MHD_Response *r =
      MHD_create_response_from_buffer(strlen(doc_turtle),
                                      (void *)(uintptr_t)doc_turtle,
                                      MHD_RESPMEM_PERSISTENT);
    if (!r) {
      return MHD_NO;
    }
    MHD_add_response_header(r, "Content-Type", "text/turtle");
    MHD_add_response_header(r, "ETag", "\"v1\"");
    MHD_add_response_header(
      r, "Last-Modified", "Tue, 01 Oct 2024 10:00:00 GMT");
    enum MHD_Result ret = MHD_queue_response(c, 200, r);
    MHD_destroy_response(r);
    return ret;
  }
  /* 10,000 bytes with a Content-Length. */
  if (!strcmp(url, "/big/announced")) {
    char *big = malloc(10000);
    if (!big) {
      return MHD_NO;
    }
    memset(big, '#', 10000);
    enum MHD_Result ret =
      send_buffer(c, 200, "text/turtle", big, 10000, NULL, NULL);
    free(big);
    return ret;
  }
  /* 10,000 bytes, chunked: the size shows only while reading. */
  if (!strcmp(url, "/big/chunked")) {
    return send_stream(c, "text/turtle", 10000, 0, 1000, 100);
  }
  /* A byte every 100 ms for up to 10 s. */
  if (!strcmp(url, "/slow")) {
    return send_stream(c, "text/turtle", 0, 100, 1, 100);
  }
  /* Headers, then nothing, for up to 10 s. */
  if (!strcmp(url, "/stall")) {
    return send_stream(c, "text/turtle", 0, 100, 0, 100);
  }
  /* gzip, only when the client said it takes it. */
  if (!strcmp(url, "/gzip") || !strcmp(url, "/gzip-bomb")) {
    const char *ae =
      MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Accept-Encoding");
    if (!ae || !strstr(ae, "gzip")) {
      return send_buffer(c, 406, "text/plain", "gzip only\n", 10, NULL, NULL);
    }
    unsigned char       *gz = NULL;
    size_t               n  = !strcmp(url, "/gzip")
                                ? gzip_make(doc_turtle, 0, &gz)
                 /* "#...": a comment that inflates to about 100 kB */
                                : gzip_make("#", 400, &gz);
    struct MHD_Response *r =
      MHD_create_response_from_buffer(n, gz, MHD_RESPMEM_MUST_FREE);
    if (!r) {
      free(gz);
      return MHD_NO;
    }
    MHD_add_response_header(r, "Content-Type", "text/turtle");
    MHD_add_response_header(r, "Content-Encoding", "gzip");
    enum MHD_Result ret = MHD_queue_response(c, 200, r);
    MHD_destroy_response(r);
    return ret;
  }
  return send_buffer(c, 404, "text/plain", "no such route\n", 14, NULL, NULL);
}

static int
server_start(void **state)
{
  struct sockaddr_in sin;
  (void)state;
  /* A proxy from the environment would take loopback requests away. */
  unsetenv("http_proxy");
  unsetenv("HTTP_PROXY");
  unsetenv("https_proxy");
  unsetenv("HTTPS_PROXY");
  unsetenv("all_proxy");
  unsetenv("ALL_PROXY");
  memset(&srv, 0, sizeof srv);
  pthread_mutex_init(&srv.seen.lock, NULL);
  memset(&sin, 0, sizeof sin);
  sin.sin_family      = AF_INET;
  sin.sin_port        = 0;
  sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  /* A thread per connection: a slow response must not hold the others. */
  srv.daemon = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD |
                                  MHD_USE_THREAD_PER_CONNECTION,
                                0,
                                NULL,
                                NULL,
                                handle,
                                NULL,
                                MHD_OPTION_SOCK_ADDR,
                                (struct sockaddr *)&sin,
                                MHD_OPTION_END);
  if (!srv.daemon) {
    return -1;
  }
  const union MHD_DaemonInfo *info =
    MHD_get_daemon_info(srv.daemon, MHD_DAEMON_INFO_BIND_PORT);
  if (!info || !info->port) {
    return -1;
  }
  srv.port = info->port;
  snprintf(
    srv.base, sizeof srv.base, "http://127.0.0.1:%u", (unsigned)srv.port);
  return 0;
}

static int
server_stop(void **state)
{
  (void)state;
  MHD_stop_daemon(srv.daemon);
  pthread_mutex_destroy(&srv.seen.lock);
  return 0;
}

/* ------------------------------------------------------------------------ */
/* Per-test state                                                           */

typedef struct fixture
{
  hdc_world           *w;
  hdc_graph           *g;
  hdc_harvest_fetcher *f;
  hdc_harvest_response resp;
  hdc_error            err;
  hdc_limits           limits;
  hdc_harvest_request  req;
  char                 url[256];
} fixture;

static int
setup(void **state)
{
  fixture *x = calloc(1, sizeof *x);
  assert_non_null(x);
  x->w = hdc_world_new();
  assert_non_null(x->w);
  x->g = hdc_graph_new(x->w);
  assert_non_null(x->g);
  x->f = hdc_harvest_fetcher_new(NULL);
  assert_non_null(x->f);
  hdc_harvest_response_init(&x->resp);
  hdc_error_clear(&x->err);
  hdc_limits_init(&x->limits);
  x->req.limits = &x->limits;
  *state        = x;
  return 0;
}

static int
teardown(void **state)
{
  fixture *x = *state;
  hdc_harvest_response_clear(&x->resp);
  hdc_harvest_fetcher_free(x->f);
  hdc_graph_free(x->g);
  hdc_world_free(x->w);
  free(x);
  return 0;
}

static const char *
url_of(fixture *x, const char *path)
{
  snprintf(x->url, sizeof x->url, "%s%s", srv.base, path);
  return x->url;
}

static hdc_status
get(fixture *x, const char *path)
{
  hdc_error_clear(&x->err);
  return hdc_harvest_fetcher_get(
    x->f, url_of(x, path), &x->req, &x->resp, &x->err);
}

static hdc_status
get_rdf(fixture *x, const char *path, hdc_format format)
{
  hdc_parse_opts o = { format, NULL, NULL, &x->limits };
  hdc_error_clear(&x->err);
  return hdc_harvest_fetch_rdf(
    x->f, url_of(x, path), &x->req, &o, x->g, &x->resp, &x->err);
}

static bool
has_triple(fixture *x, const char *s, const char *p, const char *o)
{
  const hdc_term *ts = hdc_world_find_iri(x->w, hdc_str_from(s));
  const hdc_term *tp = hdc_world_find_iri(x->w, hdc_str_from(p));
  const hdc_term *to = hdc_world_find_iri(x->w, hdc_str_from(o));
  return ts && tp && to && hdc_graph_contains(x->g, ts, tp, to);
}

static void
assert_two_triples(fixture *x)
{
  assert_int_equal(hdc_graph_size(x->g), 2);
  assert_true(has_triple(x, EX "d", RDF_TYPE, EX "Dataset"));
}

/* The error message says @p what. */
static void
assert_message_has(fixture *x, const char *what)
{
  if (!strstr(x->err.message, what)) {
    print_error("error '%s' lacks '%s'\n", x->err.message, what);
    fail();
  }
}

/* The error names the URL the caller asked for and says @p what. */
static void
assert_error(fixture *x, hdc_status want, const char *what)
{
  assert_int_equal(x->err.status, want);
  if (strcmp(x->err.source, x->url) != 0) {
    print_error("error source '%s', expected '%s'\n", x->err.source, x->url);
    fail();
  }
  assert_message_has(x, what);
}

/* ------------------------------------------------------------------------ */
/* Media types and formats                                                  */

static void
test_fetch_each_media_type_parses(void **state)
{
  static const struct
  {
    const char *path, *ctype;
  } cases[] = {
    { "/doc/turtle", "text/turtle; charset=utf-8" },
    { "/doc/rdfxml", "application/rdf+xml" },
    { "/doc/ntriples", "application/n-triples" },
    { "/doc/nquads", "application/n-quads" },
    { "/doc/trig", "application/trig" },
    { "/doc/jsonld", "application/ld+json" },
  };
  fixture *x = *state;
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    hdc_graph_clear(x->g);
    hdc_status st = get_rdf(x, cases[i].path, HDC_FORMAT_UNKNOWN);
    if (st != HDC_OK) {
      print_error("%s: %s\n", cases[i].path, x->err.message);
    }
    assert_int_equal(st, HDC_OK);
    assert_two_triples(x);
    assert_int_equal(x->resp.status, 200);
    assert_string_equal(x->resp.content_type, cases[i].ctype);
    assert_string_equal(x->resp.url, x->url);
    assert_int_equal(x->resp.redirects, 0);
  }
}

static void
test_fetch_generic_type_uses_extension(void **state)
{
  static const char *const paths[] = { "/generic/catalogue.ttl",
                                       "/generic/catalogue.rdf",
                                       "/generic/catalogue.nt" };
  fixture                 *x       = *state;
  for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
    hdc_graph_clear(x->g);
    hdc_status st = get_rdf(x, paths[i], HDC_FORMAT_UNKNOWN);
    if (st != HDC_OK) {
      print_error("%s: %s\n", paths[i], x->err.message);
    }
    assert_int_equal(st, HDC_OK);
    assert_two_triples(x);
  }
}

static void
test_fetch_no_type_no_extension_sniffs(void **state)
{
  fixture *x = *state;
  assert_int_equal(get_rdf(x, "/generic/catalogue", HDC_FORMAT_UNKNOWN),
                   HDC_OK);
  assert_two_triples(x);
}

static void
test_fetch_content_type_beats_extension(void **state)
{
  fixture *x = *state;
  assert_int_equal(get_rdf(x, "/typed/catalogue.rdf", HDC_FORMAT_UNKNOWN),
                   HDC_OK);
  assert_two_triples(x);
}

static void
test_fetch_explicit_format_beats_content_type(void **state)
{
  fixture *x = *state;
  /* Turtle read as N-Triples fails: proof the given format was used. */
  assert_int_equal(get_rdf(x, "/doc/turtle", HDC_FORMAT_NTRIPLES),
                   HDC_ERR_SYNTAX);
  assert_int_equal(hdc_graph_size(x->g), 0);
  assert_int_equal(get_rdf(x, "/generic/catalogue", HDC_FORMAT_RDFXML), HDC_OK);
  assert_two_triples(x);
}

static void
test_fetch_html_is_refused_naming_type(void **state)
{
  fixture *x = *state;
  /* Neither the .ttl extension nor sniffing makes a web page RDF. */
  assert_int_equal(get_rdf(x, "/html/catalogue.ttl", HDC_FORMAT_UNKNOWN),
                   HDC_ERR_UNSUPPORTED);
  assert_error(x, HDC_ERR_UNSUPPORTED, "text/html");
  assert_int_equal(hdc_graph_size(x->g), 0);
  assert_int_equal(get_rdf(x, "/html/page", HDC_FORMAT_UNKNOWN),
                   HDC_ERR_UNSUPPORTED);
  assert_error(x, HDC_ERR_UNSUPPORTED, "text/html");
  assert_int_equal(hdc_graph_size(x->g), 0);
  /* An explicit syntax is obeyed: the page then fails to parse, with the
   * line and the URL. */
  assert_int_equal(get_rdf(x, "/html/catalogue.ttl", HDC_FORMAT_TURTLE),
                   HDC_ERR_SYNTAX);
  assert_error(x, HDC_ERR_SYNTAX, "");
  assert_true(x->err.line > 0);
  assert_int_equal(hdc_graph_size(x->g), 0);
}

static void
test_fetch_unknown_type_not_rdf_is_refused(void **state)
{
  fixture *x = *state;
  /* Not RDF, no extension, no RDF media type: nothing to go by. */
  assert_int_equal(get_rdf(x, "/plain/words", HDC_FORMAT_UNKNOWN),
                   HDC_ERR_UNSUPPORTED);
  assert_error(x, HDC_ERR_UNSUPPORTED, "not a recognisable RDF document");
  assert_message_has(x, "text/csv");
  /* Named .ttl: parsed as Turtle, and the error says what the server
   * called it. */
  assert_int_equal(get_rdf(x, "/plain/words.ttl", HDC_FORMAT_UNKNOWN),
                   HDC_ERR_SYNTAX);
  assert_error(x, HDC_ERR_SYNTAX, "Content-Type 'text/csv'");
  assert_int_equal(hdc_graph_size(x->g), 0);
}

static void
test_fetch_syntax_error_names_url_and_line(void **state)
{
  fixture *x = *state;
  assert_int_equal(get_rdf(x, "/bad/syntax.ttl", HDC_FORMAT_UNKNOWN),
                   HDC_ERR_SYNTAX);
  assert_string_equal(x->err.source, x->url);
  assert_int_equal(x->err.line, 2);
  assert_int_equal(hdc_graph_size(x->g), 0);
}

/* ------------------------------------------------------------------------ */
/* HTTP errors                                                              */

static void
test_fetch_404_is_http_error(void **state)
{
  fixture *x = *state;
  assert_int_equal(get(x, "/missing"), HDC_ERR_HTTP);
  assert_error(x, HDC_ERR_HTTP, "HTTP 404 Not Found");
  assert_int_equal(x->resp.status, 404);
  /* Through the parse step too, which leaves the graph alone. */
  assert_int_equal(get_rdf(x, "/missing", HDC_FORMAT_UNKNOWN), HDC_ERR_HTTP);
  assert_error(x, HDC_ERR_HTTP, "404");
  assert_int_equal(hdc_graph_size(x->g), 0);
}

static void
test_fetch_500_is_http_error(void **state)
{
  fixture *x = *state;
  assert_int_equal(get(x, "/broken"), HDC_ERR_HTTP);
  assert_error(x, HDC_ERR_HTTP, "HTTP 500 Internal Server Error");
  assert_int_equal(x->resp.status, 500);
  assert_int_equal(x->resp.retry_after, -1);
}

static void
test_fetch_503_reports_retry_after(void **state)
{
  fixture *x = *state;
  assert_int_equal(get(x, "/busy"), HDC_ERR_HTTP);
  assert_error(x, HDC_ERR_HTTP, "HTTP 503");
  assert_int_equal(x->resp.status, 503);
  assert_int_equal(x->resp.retry_after, 7);
  assert_message_has(x, "retry after 7 s");
}

static void
test_fetch_unreachable_is_http_error(void **state)
{
  fixture *x = *state;
  /* A port that was just free: bind, read it back, close. */
  int                fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in sin;
  socklen_t          len = sizeof sin;
  assert_true(fd >= 0);
  memset(&sin, 0, sizeof sin);
  sin.sin_family      = AF_INET;
  sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  assert_int_equal(bind(fd, (struct sockaddr *)&sin, sizeof sin), 0);
  assert_int_equal(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
  close(fd);
  snprintf(x->url,
           sizeof x->url,
           "http://127.0.0.1:%u/doc.ttl",
           (unsigned)ntohs(sin.sin_port));
  hdc_error_clear(&x->err);
  assert_int_equal(
    hdc_harvest_fetcher_get(x->f, x->url, &x->req, &x->resp, &x->err),
    HDC_ERR_HTTP);
  assert_error(x, HDC_ERR_HTTP, "cannot fetch");
  assert_int_equal(x->resp.status, 0);
}

/* ------------------------------------------------------------------------ */
/* Redirects                                                                */

static void
test_fetch_redirects_within_limit_followed(void **state)
{
  fixture *x = *state;
  char     final[128];
  assert_int_equal(hdc_limits_set(&x->limits, "redirects", 3, NULL), HDC_OK);
  assert_int_equal(get_rdf(x, "/redirect/3", HDC_FORMAT_UNKNOWN), HDC_OK);
  assert_two_triples(x);
  assert_int_equal(x->resp.redirects, 3);
  snprintf(final, sizeof final, "%s/doc/turtle", srv.base);
  assert_string_equal(x->resp.url, final);
}

static void
test_fetch_redirects_beyond_limit_refused(void **state)
{
  fixture *x = *state;
  assert_int_equal(hdc_limits_set(&x->limits, "redirects", 3, NULL), HDC_OK);
  assert_int_equal(get_rdf(x, "/redirect/4", HDC_FORMAT_UNKNOWN),
                   HDC_ERR_LIMIT);
  assert_error(x, HDC_ERR_LIMIT, "redirects");
  assert_int_equal(hdc_graph_size(x->g), 0);
  /* No redirect at all allowed. */
  assert_int_equal(hdc_limits_set(&x->limits, "redirects", 0, NULL), HDC_OK);
  assert_int_equal(get(x, "/redirect/1"), HDC_ERR_LIMIT);
  assert_int_equal(get(x, "/doc/turtle"), HDC_OK);
}

static void
test_fetch_redirect_loop_ends(void **state)
{
  fixture *x = *state;
  unsigned before, after;
  pthread_mutex_lock(&srv.seen.lock);
  before = srv.seen.hits;
  pthread_mutex_unlock(&srv.seen.lock);
  assert_int_equal(get(x, "/loop"), HDC_ERR_LIMIT);
  assert_error(x, HDC_ERR_LIMIT, "loop");
  pthread_mutex_lock(&srv.seen.lock);
  after = srv.seen.hits;
  pthread_mutex_unlock(&srv.seen.lock);
  /* The default limit of 5 redirects: 6 requests, not one more. */
  assert_int_equal(after - before, 6);
}

static void
test_fetch_redirect_to_file_refused(void **state)
{
  fixture *x = *state;
  assert_int_equal(get(x, "/to-file"), HDC_ERR_HTTP);
  assert_error(x, HDC_ERR_HTTP, "refused");
  assert_message_has(x, "file:///etc/passwd");
  assert_int_equal(x->resp.body.len, 0);
}

static void
test_fetch_redirect_to_ftp_refused(void **state)
{
  fixture *x = *state;
  assert_int_equal(get_rdf(x, "/to-ftp", HDC_FORMAT_UNKNOWN), HDC_ERR_HTTP);
  assert_error(x, HDC_ERR_HTTP, "refused");
  assert_message_has(x, "ftp://");
}

static void
test_fetch_relative_iris_resolve_against_final_url(void **state)
{
  fixture *x = *state;
  char     d[128], type[128], title[128];
  assert_int_equal(get_rdf(x, "/moved", HDC_FORMAT_UNKNOWN), HDC_OK);
  assert_int_equal(x->resp.redirects, 1);
  snprintf(d, sizeof d, "%s/a/b/d", srv.base);
  snprintf(type, sizeof type, "%s/a/Dataset", srv.base);
  snprintf(title, sizeof title, "%s/a/b/relative#title", srv.base);
  assert_int_equal(hdc_graph_size(x->g), 2);
  assert_true(has_triple(x, d, RDF_TYPE, type));
  assert_non_null(hdc_world_find_iri(x->w, hdc_str_from(title)));
}

static void
test_fetch_base_option_beats_final_url(void **state)
{
  fixture       *x = *state;
  hdc_parse_opts o = {
    HDC_FORMAT_UNKNOWN, "http://base.example/x/y", NULL, NULL
  };
  hdc_error_clear(&x->err);
  assert_int_equal(hdc_harvest_fetch_rdf(
                     x->f, url_of(x, "/moved"), NULL, &o, x->g, NULL, &x->err),
                   HDC_OK);
  assert_true(has_triple(
    x, "http://base.example/x/d", RDF_TYPE, "http://base.example/Dataset"));
}

/* ------------------------------------------------------------------------ */
/* Size, encoding, time                                                     */

static void
test_fetch_announced_too_big_is_limit(void **state)
{
  fixture *x = *state;
  assert_int_equal(hdc_limits_set(&x->limits, "document_bytes", 1000, NULL),
                   HDC_OK);
  assert_int_equal(get(x, "/big/announced"), HDC_ERR_LIMIT);
  assert_error(x, HDC_ERR_LIMIT, "announces 10000 bytes");
  assert_int_equal(x->resp.body.len, 0); /* refused before reading */
  /* The same document fits under a larger limit. */
  assert_int_equal(hdc_limits_set(&x->limits, "document_bytes", 10000, NULL),
                   HDC_OK);
  assert_int_equal(get(x, "/big/announced"), HDC_OK);
  assert_int_equal(x->resp.body.len, 10000);
}

static void
test_fetch_chunked_too_big_is_limit(void **state)
{
  fixture *x = *state;
  assert_int_equal(hdc_limits_set(&x->limits, "document_bytes", 1000, NULL),
                   HDC_OK);
  assert_int_equal(get_rdf(x, "/big/chunked", HDC_FORMAT_UNKNOWN),
                   HDC_ERR_LIMIT);
  assert_error(x, HDC_ERR_LIMIT, "document_bytes");
  assert_true(x->resp.body.len <= 1000);
  assert_int_equal(hdc_graph_size(x->g), 0);
  assert_int_equal(hdc_limits_set(&x->limits, "document_bytes", 10000, NULL),
                   HDC_OK);
  assert_int_equal(get(x, "/big/chunked"), HDC_OK);
  assert_int_equal(x->resp.body.len, 10000);
}

static void
test_fetch_gzip_body_decoded(void **state)
{
  fixture *x = *state;
  assert_int_equal(get_rdf(x, "/gzip", HDC_FORMAT_UNKNOWN), HDC_OK);
  assert_two_triples(x);
  assert_int_equal(x->resp.body.len, strlen(doc_turtle));
  assert_memory_equal(x->resp.body.ptr, doc_turtle, strlen(doc_turtle));
}

static void
test_fetch_gzip_bomb_stops_at_limit(void **state)
{
  fixture *x = *state;
  /* About 150 bytes on the wire, 103,201 once inflated. */
  assert_int_equal(hdc_limits_set(&x->limits, "document_bytes", 50000, NULL),
                   HDC_OK);
  assert_int_equal(get(x, "/gzip-bomb"), HDC_ERR_LIMIT);
  assert_error(x, HDC_ERR_LIMIT, "document_bytes");
  assert_true(x->resp.body.len <= 50000);
  assert_int_equal(hdc_limits_set(&x->limits, "document_bytes", 200000, NULL),
                   HDC_OK);
  assert_int_equal(get(x, "/gzip-bomb"), HDC_OK);
  assert_int_equal(x->resp.body.len, 1 + 400 * 258);
}

static double
now_seconds(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
test_fetch_slow_server_times_out(void **state)
{
  fixture *x = *state;
  assert_int_equal(hdc_limits_set(&x->limits, "fetch_seconds", 1, NULL),
                   HDC_OK);
  double t0 = now_seconds();
  assert_int_equal(get_rdf(x, "/slow", HDC_FORMAT_UNKNOWN), HDC_ERR_HTTP);
  double took = now_seconds() - t0;
  assert_error(x, HDC_ERR_HTTP, "timed out");
  assert_message_has(x, "fetch_seconds");
  assert_true(took >= 0.9 && took < 5.0);
  assert_int_equal(hdc_graph_size(x->g), 0);
}

static void
test_fetch_stalled_server_times_out(void **state)
{
  fixture *x           = *state;
  x->req.stall_seconds = 1;
  double t0            = now_seconds();
  assert_int_equal(get(x, "/stall"), HDC_ERR_HTTP);
  double took = now_seconds() - t0;
  assert_error(x, HDC_ERR_HTTP, "timed out");
  assert_true(took >= 0.9 && took < 5.0);
}

/* ------------------------------------------------------------------------ */
/* Request headers and conditional requests                                 */

static void
test_fetch_sends_honest_headers(void **state)
{
  fixture *x = *state;
  assert_int_equal(get(x, "/doc/turtle"), HDC_OK);
  pthread_mutex_lock(&srv.seen.lock);
  assert_string_equal(srv.seen.user_agent, HDC_HARVEST_USER_AGENT);
  assert_non_null(strstr(srv.seen.user_agent, HDC_VERSION));
  assert_string_equal(srv.seen.accept, HDC_HARVEST_ACCEPT);
  assert_true(!strncmp(srv.seen.accept, "text/turtle", 11));
  assert_non_null(strstr(srv.seen.accept_encoding, "gzip"));
  assert_non_null(strstr(srv.seen.accept_encoding, "deflate"));
  assert_false(srv.seen.if_none_match);
  pthread_mutex_unlock(&srv.seen.lock);

  x->req.accept = "application/ld+json";
  assert_int_equal(get(x, "/doc/jsonld"), HDC_OK);
  pthread_mutex_lock(&srv.seen.lock);
  assert_string_equal(srv.seen.accept, "application/ld+json");
  pthread_mutex_unlock(&srv.seen.lock);
}

static void
test_fetch_cookies_never_sent(void **state)
{
  fixture *x = *state;
  assert_int_equal(get(x, "/cookie"), HDC_OK);
  pthread_mutex_lock(&srv.seen.lock);
  assert_false(srv.seen.cookie);
  pthread_mutex_unlock(&srv.seen.lock);
  assert_int_equal(get(x, "/doc/turtle"), HDC_OK);
  pthread_mutex_lock(&srv.seen.lock);
  assert_false(srv.seen.cookie);
  pthread_mutex_unlock(&srv.seen.lock);
}

static void
test_fetch_conditional_request_gets_304(void **state)
{
  fixture *x = *state;
  char     etag[64], modified[64];
  assert_int_equal(get(x, "/etag"), HDC_OK);
  assert_int_equal(x->resp.status, 200);
  assert_non_null(x->resp.etag);
  assert_non_null(x->resp.last_modified);
  assert_string_equal(x->resp.etag, "\"v1\"");
  assert_string_equal(x->resp.last_modified, "Tue, 01 Oct 2024 10:00:00 GMT");
  snprintf(etag, sizeof etag, "%s", x->resp.etag);
  snprintf(modified, sizeof modified, "%s", x->resp.last_modified);

  x->req.if_none_match     = etag;
  x->req.if_modified_since = modified;
  assert_int_equal(get(x, "/etag"), HDC_OK);
  assert_int_equal(x->resp.status, 304);
  assert_int_equal(x->resp.body.len, 0);
  pthread_mutex_lock(&srv.seen.lock);
  assert_true(srv.seen.if_none_match);
  assert_true(srv.seen.if_modified_since);
  pthread_mutex_unlock(&srv.seen.lock);
  /* fetch_rdf: unchanged, nothing parsed. */
  assert_int_equal(get_rdf(x, "/etag", HDC_FORMAT_UNKNOWN), HDC_FAILURE);
  assert_int_equal(hdc_graph_size(x->g), 0);

  /* A changed ETag gets the document again. */
  x->req.if_none_match     = "\"v0\"";
  x->req.if_modified_since = NULL;
  assert_int_equal(get_rdf(x, "/etag", HDC_FORMAT_UNKNOWN), HDC_OK);
  assert_int_equal(x->resp.status, 200);
  assert_two_triples(x);
}

static void
test_fetch_header_injection_refused(void **state)
{
  fixture *x           = *state;
  x->req.if_none_match = "\"v1\"\r\nX-Evil: 1";
  assert_int_equal(get(x, "/etag"), HDC_ERR_INVALID_ARG);
  assert_error(x, HDC_ERR_INVALID_ARG, "If-None-Match");
}

/* ------------------------------------------------------------------------ */
/* Arguments, reuse, one-off use, allocation failures                      */

static void
test_fetch_non_http_urls_refused(void **state)
{
  static const char *const urls[] = {
    "file:///etc/passwd",   "ftp://127.0.0.1/x.ttl",
    "gopher://h/",          "http://",
    "/etc/passwd",          "",
    "https://exa mple.org/"
  };
  fixture *x = *state;
  for (size_t i = 0; i < sizeof urls / sizeof urls[0]; i++) {
    hdc_error_clear(&x->err);
    assert_int_equal(
      hdc_harvest_fetcher_get(x->f, urls[i], NULL, &x->resp, &x->err),
      HDC_ERR_INVALID_ARG);
    assert_string_equal(x->err.source, urls[i]);
  }
  hdc_error_clear(&x->err);
  assert_int_equal(
    hdc_harvest_fetcher_get(NULL, "http://h/", NULL, &x->resp, &x->err),
    HDC_ERR_INVALID_ARG);
  assert_int_equal(hdc_harvest_fetcher_get(x->f, NULL, NULL, &x->resp, NULL),
                   HDC_ERR_INVALID_ARG);
  assert_int_equal(hdc_harvest_fetcher_get(x->f, "http://h/", NULL, NULL, NULL),
                   HDC_ERR_INVALID_ARG);
  assert_int_equal(
    hdc_harvest_fetch_rdf(
      x->f, url_of(x, "/doc/turtle"), NULL, NULL, NULL, NULL, NULL),
    HDC_ERR_INVALID_ARG);
}

static void
test_fetch_is_url_recognises_http_only(void **state)
{
  (void)state;
  assert_true(hdc_harvest_is_url("http://example.org/x"));
  assert_true(hdc_harvest_is_url("HTTPS://example.org/"));
  assert_false(hdc_harvest_is_url("https://"));
  assert_false(hdc_harvest_is_url("ftp://example.org/"));
  assert_false(hdc_harvest_is_url("catalogue.ttl"));
  assert_false(hdc_harvest_is_url("-"));
  assert_false(hdc_harvest_is_url("http:/x"));
  assert_false(hdc_harvest_is_url(NULL));
}

static void
test_fetch_fetcher_reused_across_requests(void **state)
{
  fixture *x = *state;
  /* Options of one request must not leak into the next. */
  x->req.accept = "text/plain";
  assert_int_equal(get(x, "/missing"), HDC_ERR_HTTP);
  x->req.accept = NULL;
  for (int i = 0; i < 5; i++) {
    hdc_graph_clear(x->g);
    assert_int_equal(get_rdf(x, "/doc/turtle", HDC_FORMAT_UNKNOWN), HDC_OK);
    assert_two_triples(x);
  }
  pthread_mutex_lock(&srv.seen.lock);
  assert_string_equal(srv.seen.accept, HDC_HARVEST_ACCEPT);
  pthread_mutex_unlock(&srv.seen.lock);
}

static void
test_fetch_one_off_without_fetcher(void **state)
{
  fixture *x = *state;
  hdc_error_clear(&x->err);
  assert_int_equal(
    hdc_harvest_fetch(url_of(x, "/doc/ntriples"), NULL, &x->resp, &x->err),
    HDC_OK);
  assert_int_equal(x->resp.body.len, strlen(doc_ntriples));
  assert_int_equal(
    hdc_harvest_fetch_rdf(
      NULL, url_of(x, "/doc/rdfxml"), NULL, NULL, x->g, NULL, &x->err),
    HDC_OK);
  assert_two_triples(x);
}

static void
test_fetch_free_null_is_noop(void **state)
{
  (void)state;
  hdc_harvest_fetcher_free(NULL);
  hdc_harvest_response_clear(NULL);
  hdc_harvest_response_init(NULL);
  hdc_harvest_response r;
  hdc_harvest_response_init(&r);
  assert_int_equal(r.retry_after, -1);
  assert_null(r.url);
  hdc_harvest_response_clear(&r);
  hdc_harvest_response_clear(&r); /* twice: still fine */
}

static void
test_fetch_allocation_failures_return_nomem(void **state)
{
  fixture   *x  = *state;
  hdc_status st = HDC_ERR_NOMEM;
  long       n;
  for (n = 0; n < 100000 && st != HDC_OK; n++) {
    hdc_graph_clear(x->g);
    hdc_error_clear(&x->err);
    hdc_alloc_fail_after(n);
    st = hdc_harvest_fetch_rdf(
      x->f, url_of(x, "/doc/turtle"), &x->req, NULL, x->g, &x->resp, &x->err);
    hdc_alloc_fail_after(-1);
    if (st != HDC_OK) {
      if (st != HDC_ERR_NOMEM) {
        print_error("after %ld allocations: %s (%s)\n",
                    n,
                    hdc_strerror(st),
                    x->err.message);
      }
      assert_int_equal(st, HDC_ERR_NOMEM);
      assert_int_equal(hdc_graph_size(x->g), 0);
    }
  }
  assert_int_equal(st, HDC_OK);
  assert_true(n > 1); /* some allocation was really made to fail */
  assert_two_triples(x);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    T(test_fetch_each_media_type_parses),
    T(test_fetch_generic_type_uses_extension),
    T(test_fetch_no_type_no_extension_sniffs),
    T(test_fetch_content_type_beats_extension),
    T(test_fetch_explicit_format_beats_content_type),
    T(test_fetch_html_is_refused_naming_type),
    T(test_fetch_unknown_type_not_rdf_is_refused),
    T(test_fetch_syntax_error_names_url_and_line),
    T(test_fetch_404_is_http_error),
    T(test_fetch_500_is_http_error),
    T(test_fetch_503_reports_retry_after),
    T(test_fetch_unreachable_is_http_error),
    T(test_fetch_redirects_within_limit_followed),
    T(test_fetch_redirects_beyond_limit_refused),
    T(test_fetch_redirect_loop_ends),
    T(test_fetch_redirect_to_file_refused),
    T(test_fetch_redirect_to_ftp_refused),
    T(test_fetch_relative_iris_resolve_against_final_url),
    T(test_fetch_base_option_beats_final_url),
    T(test_fetch_announced_too_big_is_limit),
    T(test_fetch_chunked_too_big_is_limit),
    T(test_fetch_gzip_body_decoded),
    T(test_fetch_gzip_bomb_stops_at_limit),
    T(test_fetch_slow_server_times_out),
    T(test_fetch_stalled_server_times_out),
    T(test_fetch_sends_honest_headers),
    T(test_fetch_cookies_never_sent),
    T(test_fetch_conditional_request_gets_304),
    T(test_fetch_header_injection_refused),
    T(test_fetch_non_http_urls_refused),
    T(test_fetch_is_url_recognises_http_only),
    T(test_fetch_fetcher_reused_across_requests),
    T(test_fetch_one_off_without_fetcher),
    T(test_fetch_free_null_is_noop),
    T(test_fetch_allocation_failures_return_nomem),
#undef T
  };
  return cmocka_run_group_tests(tests, server_start, server_stop);
}
