// SPDX-License-Identifier: EUPL-1.2
/*
 * Tests of the HTTP server core: request parsing (percent-decoding,
 * parameters, negotiation, language), routing (404, 405 with Allow),
 * /healthz and /metrics through hdc_web_inject(), and a live daemon on
 * port 0 fed raw, malformed requests over a socket: bad methods, huge
 * headers, invalid percent-encoding, path traversal, a slow client and
 * oversized bodies.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "web/web_internal.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <time.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

typedef struct fixture
{
  char       dir[256];
  char       db[300];
  hdc_web   *web;
  hdc_limits limits;
} fixture;

static int
setup(void **state)
{
  fixture *f = calloc(1, sizeof *f);
  assert_non_null(f);
  const char *tmp = getenv("TMPDIR");
  snprintf(f->dir, sizeof f->dir, "%s/hdc-web-XXXXXX", tmp && *tmp ? tmp : ".");
  assert_non_null(mkdtemp(f->dir));
  snprintf(f->db, sizeof f->db, "%s/cat.db", f->dir);
  hdc_limits_init(&f->limits);
  hdc_error err;
  hdc_error_clear(&err);
  assert_int_equal(hdc_limits_set(&f->limits, "request_body", 1000, &err),
                   HDC_OK);
  hdc_web_config cfg = { .db_path         = f->db,
                         .listen          = "127.0.0.1:0",
                         .threads         = 2,
                         .timeout_seconds = 1,
                         .limits          = &f->limits,
                         .base_url        = "https://cat.example.org/" };
  assert_int_equal(hdc_web_new(&cfg, &f->web, &err), HDC_OK);
  *state = f;
  return 0;
}

static int
teardown(void **state)
{
  fixture *f = *state;
  hdc_web_free(f->web);
  char        path[400];
  const char *files[] = { "cat.db", "cat.db-wal", "cat.db-shm" };
  for (size_t i = 0; i < 3; ++i) {
    snprintf(path, sizeof path, "%s/%s", f->dir, files[i]);
    unlink(path);
  }
  rmdir(f->dir);
  free(f);
  return 0;
}

/* Inject one request; the caller clears @p out. */
static void
inject(fixture               *f,
       const char            *method,
       const char            *target,
       const hdc_web_pair    *headers,
       size_t                 n_headers,
       const char            *body,
       hdc_web_test_response *out)
{
  hdc_web_test_request req = { .method    = method,
                               .target    = target,
                               .headers   = headers,
                               .n_headers = n_headers,
                               .body      = body,
                               .body_len  = body ? strlen(body) : 0 };
  hdc_error            err;
  hdc_error_clear(&err);
  assert_int_equal(hdc_web_inject(f->web, &req, out, &err), HDC_OK);
}

static void
test_healthz_answers_ok(void **state)
{
  fixture              *f = *state;
  hdc_web_test_response r;
  inject(f, "GET", "/healthz", NULL, 0, NULL, &r);
  assert_int_equal(r.status, 200);
  assert_non_null(strstr(r.body.ptr, "\"ok\""));
  assert_non_null(strstr(hdc_web_test_response_header(&r, "content-type"),
                         "application/json"));
  hdc_web_test_response_clear(&r);
  /* HEAD: same status, no body. */
  inject(f, "HEAD", "/healthz", NULL, 0, NULL, &r);
  assert_int_equal(r.status, 200);
  assert_int_equal(r.body.len, 0);
  hdc_web_test_response_clear(&r);
}

static void
test_unknown_path_404(void **state)
{
  fixture              *f = *state;
  hdc_web_test_response r;
  inject(f, "GET", "/api/v1/nothing-here", NULL, 0, NULL, &r);
  assert_int_equal(r.status, 404);
  assert_non_null(strstr(r.body.ptr, "\"code\": \"not_found\""));
  hdc_web_test_response_clear(&r);
  /* A page path gets a page, which never echoes the path unescaped. */
  inject(f, "GET", "/no-such-page-%3Cscript%3E", NULL, 0, NULL, &r);
  assert_int_equal(r.status, 404);
  assert_null(strstr(r.body.ptr, "<script>"));
  hdc_web_test_response_clear(&r);
}

static void
test_wrong_method_405_with_allow(void **state)
{
  fixture              *f = *state;
  hdc_web_test_response r;
  inject(f, "DELETE", "/healthz", NULL, 0, NULL, &r);
  assert_int_equal(r.status, 405);
  const char *allow = hdc_web_test_response_header(&r, "Allow");
  assert_non_null(allow);
  assert_non_null(strstr(allow, "GET"));
  assert_non_null(strstr(allow, "HEAD"));
  assert_non_null(strstr(r.body.ptr, "method_not_allowed"));
  hdc_web_test_response_clear(&r);
}

static void
test_bad_targets_400(void **state)
{
  fixture    *f         = *state;
  const char *targets[] = {
    "/healthz%zz", /* not hex */
    "/healthz%4",  /* cut short */
    "/a%00b",      /* encoded NUL */
    "/%C3%28",     /* not UTF-8 */
    "/static/../etc/passwd",
    "/static/%2e%2e/%2e%2e/etc/passwd",
    "/static/..%2f..%2fetc/passwd",
    "/./healthz",
    "/a%5cb",         /* backslash */
    "/healthz?q=%ff", /* query not UTF-8 */
    "/healthz?q=%",
    "healthz", /* not a path */
  };
  for (size_t i = 0; i < sizeof targets / sizeof targets[0]; ++i) {
    hdc_web_test_response r;
    inject(f, "GET", targets[i], NULL, 0, NULL, &r);
    if (r.status != 400)
      fail_msg("%s gave %d, not 400", targets[i], r.status);
    hdc_web_test_response_clear(&r);
  }
}

static void
test_body_over_limit_413(void **state)
{
  fixture *f    = *state;
  char    *body = malloc(2001);
  assert_non_null(body);
  memset(body, 'a', 2000);
  body[2000] = '\0';
  hdc_web_test_response r;
  inject(f, "POST", "/api/v1/validate", NULL, 0, body, &r);
  assert_int_equal(r.status, 413);
  assert_non_null(strstr(r.body.ptr, "too_large"));
  hdc_web_test_response_clear(&r);
  free(body);
}

/* A request as handlers see it, for the parsing helpers. */
static hdc_web_req *
make_req(hdc_arena          *a,
         const hdc_web_pair *h,
         size_t              n,
         const char         *target,
         const char         *body)
{
  hdc_web_req *req = hdc_arena_alloc(a, sizeof *req);
  memset(req, 0, sizeof *req);
  req->arena      = a;
  req->method     = "GET";
  req->headers    = h;
  req->n_headers  = n;
  req->body       = body ? body : "";
  req->body_len   = body ? strlen(body) : 0;
  const char *why = NULL;
  assert_int_equal(hdc_web_req_parse(req, target, &why), HDC_OK);
  return req;
}

static void
test_params_and_forms_decoded(void **state)
{
  (void)state;
  hdc_arena         *a      = hdc_arena_new(0);
  const hdc_web_pair form[] = {
    { "Content-Type", "application/x-www-form-urlencoded; charset=utf-8" }
  };
  hdc_web_req *req = make_req(a,
                              form,
                              1,
                              "/search%20page?q=caf%C3%A9+cr%C3%A8me&x&empty=",
                              "token=a%2Bb&q=second");
  assert_string_equal(req->path, "/search page");
  assert_string_equal(hdc_web_req_param(req, "q"), "café crème");
  assert_string_equal(hdc_web_req_param(req, "x"), "");
  assert_string_equal(hdc_web_req_param(req, "empty"), "");
  assert_string_equal(hdc_web_req_param(req, "token"), "a+b");
  assert_null(hdc_web_req_param(req, "absent"));
  assert_int_equal(req->n_params, 5);
  assert_string_equal(req->query, "q=caf%C3%A9+cr%C3%A8me&x&empty=");
  char *out = NULL;
  assert_int_equal(hdc_web_pct_decode(a, "%41%4a%4A", 9, false, &out), HDC_OK);
  assert_string_equal(out, "AJJ");
  assert_int_equal(hdc_web_pct_decode(a, "a+b", 3, false, &out), HDC_OK);
  assert_string_equal(out, "a+b");
  assert_int_equal(hdc_web_pct_decode(a, "%G1", 3, false, &out),
                   HDC_ERR_SYNTAX);
  assert_int_equal(hdc_web_pct_decode(a, "%ED%A0%80", 9, false, &out),
                   HDC_ERR_ENCODING);
  hdc_arena_free(a);
}

static void
test_accept_negotiation(void **state)
{
  (void)state;
  hdc_arena        *a         = hdc_arena_new(0);
  const char *const offered[] = { "text/html",
                                  "text/turtle",
                                  "application/rdf+xml",
                                  "application/ld+json",
                                  NULL };
  struct
  {
    const char *accept;
    const char *want;
  } cases[] = {
    { NULL, "text/html" },
    { "text/turtle", "text/turtle" },
    { "application/rdf+xml;q=0.9, text/turtle;q=0.5", "application/rdf+xml" },
    { "text/*;q=0.3, application/ld+json", "application/ld+json" },
    { "*/*", "text/html" },
    { "text/turtle;q=0, */*;q=0.1", "text/html" },
    { "image/png", NULL },
    { "TEXT/TURTLE", "text/turtle" },
    { "text/html;q=0.5, text/*;q=1", "text/turtle" },
    { "application/json", NULL },
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; ++i) {
    hdc_web_pair h[] = { { "Accept", cases[i].accept } };
    hdc_web_req *req = make_req(a, h, cases[i].accept ? 1 : 0, "/", NULL);
    const char  *got = hdc_web_req_negotiate(req, offered);
    if (cases[i].want == NULL ? got != NULL
                              : (!got || strcmp(got, cases[i].want)))
      fail_msg("Accept %s: got %s, want %s",
               cases[i].accept,
               got ? got : "none",
               cases[i].want ? cases[i].want : "none");
  }
  hdc_arena_free(a);
}

static void
test_language_choice(void **state)
{
  (void)state;
  hdc_arena   *a    = hdc_arena_new(0);
  hdc_web_pair en[] = { { "Accept-Language", "en-GB,en;q=0.9,fr;q=0.5" } };
  hdc_web_pair fr[] = { { "Accept-Language", "de, fr-CA;q=0.8, en;q=0.7" } };
  hdc_web_pair de[] = { { "accept-language", "de" } };
  assert_string_equal(make_req(a, NULL, 0, "/", NULL)->lang, "fr");
  assert_string_equal(make_req(a, en, 1, "/", NULL)->lang, "en");
  assert_string_equal(make_req(a, fr, 1, "/", NULL)->lang, "fr");
  assert_string_equal(make_req(a, de, 1, "/", NULL)->lang, "fr");
  assert_string_equal(make_req(a, en, 1, "/?lang=fr", NULL)->lang, "fr");
  assert_string_equal(make_req(a, NULL, 0, "/?lang=en", NULL)->lang, "en");
  assert_string_equal(make_req(a, NULL, 0, "/?lang=xx", NULL)->lang, "fr");
  hdc_arena_free(a);
}

static void
test_iso_dates_parsed(void **state)
{
  (void)state;
  char out[32];
  assert_true(hdc_web_iso_parse("2024-02-29", false, out));
  assert_string_equal(out, "2024-02-29T00:00:00Z");
  assert_true(hdc_web_iso_parse("2024-02-29", true, out));
  assert_string_equal(out, "2024-02-29T23:59:59Z");
  assert_true(hdc_web_iso_parse("2024-02-29T10:11:12.345Z", false, out));
  assert_string_equal(out, "2024-02-29T10:11:12Z");
  assert_false(hdc_web_iso_parse("2024-13-01", false, out));
  assert_false(hdc_web_iso_parse("2024-01-01T10:11:12", false, out));
  assert_false(hdc_web_iso_parse("2024-01-01T10:11:12+02:00", false, out));
  assert_false(hdc_web_iso_parse("yesterday", false, out));
  assert_false(hdc_web_iso_parse("", false, out));
}

static void
test_metrics_count_requests(void **state)
{
  fixture              *f = *state;
  hdc_web_test_response r;
  inject(f, "GET", "/healthz", NULL, 0, NULL, &r);
  hdc_web_test_response_clear(&r);
  inject(f, "GET", "/nowhere", NULL, 0, NULL, &r);
  hdc_web_test_response_clear(&r);
  inject(f, "GET", "/metrics", NULL, 0, NULL, &r);
  assert_int_equal(r.status, 200);
  assert_non_null(strstr(r.body.ptr,
                         "hdcat_http_requests_total{method=\"GET\","
                         "route=\"/healthz\",status=\"200\"} 1"));
  assert_non_null(strstr(r.body.ptr, "route=\"unmatched\",status=\"404\"} 1"));
  assert_non_null(
    strstr(r.body.ptr, "hdcat_http_request_duration_seconds_count 2"));
  assert_non_null(strstr(r.body.ptr, "hdcat_records{state=\"exported\"} 0"));
  assert_non_null(strstr(r.body.ptr, "hdcat_runs_total 0"));
  hdc_web_test_response_clear(&r);
}

/* ------------------------------------------------------------------------ */
/* A live daemon                                                            */

static int
connect_to(unsigned port)
{
  int                fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in sa;
  assert_true(fd >= 0);
  memset(&sa, 0, sizeof sa);
  sa.sin_family      = AF_INET;
  sa.sin_port        = htons((uint16_t)port);
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
  return fd;
}

static void
send_all(int fd, const char *p, size_t n)
{
  while (n) {
    ssize_t k = send(fd, p, n, MSG_NOSIGNAL);
    if (k <= 0)
      return; /* the server may close early: that is an answer too */
    p += k;
    n -= (size_t)k;
  }
}

/* Read until the peer closes or @p secs pass; returns bytes read. */
static size_t
read_all(int fd, char *buf, size_t cap, int secs)
{
  size_t n = 0;
  for (;;) {
    struct pollfd p = { .fd = fd, .events = POLLIN };
    if (poll(&p, 1, secs * 1000) <= 0)
      break;
    ssize_t k = recv(fd, buf + n, cap - 1 - n, 0);
    if (k <= 0)
      break;
    n += (size_t)k;
    if (n + 1 >= cap)
      break;
  }
  buf[n] = '\0';
  return n;
}

/* Send @p raw on a new connection and return the status of the answer
 * (0 if the connection was closed without one). */
static int
raw_status(unsigned port, const char *raw, size_t len, char *buf, size_t cap)
{
  int fd = connect_to(port);
  send_all(fd, raw, len);
  shutdown(fd, SHUT_WR);
  read_all(fd, buf, cap, 10);
  close(fd);
  int status = 0;
  if (!strncmp(buf, "HTTP/1.", 7))
    status = atoi(buf + 9);
  return status;
}

static void
test_live_daemon_refuses_malformed_requests(void **state)
{
  fixture  *f = *state;
  hdc_error err;
  hdc_error_clear(&err);
  assert_int_equal(hdc_web_start(f->web, &err), HDC_OK);
  unsigned port = hdc_web_port(f->web);
  assert_true(port > 0);
  static char buf[65536];
  const char  ok[] = "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close"
                     "\r\n\r\n";
  assert_int_equal(raw_status(port, ok, strlen(ok), buf, sizeof buf), 200);
  assert_non_null(strstr(buf, "\"ok\""));
  struct
  {
    const char *raw;
    int         want;
  } cases[] = {
    { "BREW /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 405 },
    { "GET /nowhere HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 404 },
    { "GET /healthz%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 400 },
    { "GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
      400 },
    { "GET /static/%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: x\r\n"
      "Connection: close\r\n\r\n",
      400 },
    { "GET /healthz?x=%C0%AF HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
      400 },
    { "POST /api/v1/validate HTTP/1.1\r\nHost: x\r\nContent-Length: "
      "999999999\r\nConnection: close\r\n\r\nabc",
      413 },
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; ++i) {
    int st =
      raw_status(port, cases[i].raw, strlen(cases[i].raw), buf, sizeof buf);
    if (st != cases[i].want)
      fail_msg(
        "case %zu: status %d, want %d: %.200s", i, st, cases[i].want, buf);
  }
  /* Garbage instead of a request line: refused, never a 200. */
  const char junk[] = "\x01\x02 nonsense\r\n\r\n";
  int        st     = raw_status(port, junk, sizeof junk - 1, buf, sizeof buf);
  assert_true(st == 0 || st == 400 || st == 505);
  /* Headers far above the per-connection memory: refused. */
  size_t big  = 200 * 1024;
  char  *huge = malloc(big + 128);
  assert_non_null(huge);
  int n = snprintf(huge, 128, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ");
  memset(huge + n, 'a', big);
  memcpy(huge + n + big, "\r\n\r\n", 4);
  st = raw_status(port, huge, (size_t)n + big + 4, buf, sizeof buf);
  assert_true(st == 0 || st == 413 || st == 414 || st == 431 || st == 400);
  free(huge);
  /* A chunked body past the limit: never accepted. */
  hdc_buf chunked = HDC_BUF_INIT;
  hdc_buf_puts(&chunked,
               "POST /api/v1/validate HTTP/1.1\r\nHost: x\r\n"
               "Transfer-Encoding: chunked\r\n\r\n");
  for (int i = 0; i < 10; ++i) {
    hdc_buf_puts(&chunked, "200\r\n");
    for (int k = 0; k < 0x200; ++k)
      hdc_buf_putc(&chunked, 'x');
    hdc_buf_puts(&chunked, "\r\n");
  }
  hdc_buf_puts(&chunked, "0\r\n\r\n");
  st = raw_status(port, chunked.ptr, chunked.len, buf, sizeof buf);
  assert_true(st == 0 || st == 413);
  hdc_buf_clear(&chunked);
  /* The server still answers. */
  assert_int_equal(raw_status(port, ok, strlen(ok), buf, sizeof buf), 200);
  hdc_web_stop(f->web);
  hdc_web_stop(f->web); /* twice is fine */
}

static void
test_live_slow_client_is_dropped(void **state)
{
  fixture  *f = *state;
  hdc_error err;
  hdc_error_clear(&err);
  assert_int_equal(hdc_web_start(f->web, &err), HDC_OK);
  unsigned port = hdc_web_port(f->web);
  /* Half a request line, then silence: the idle timeout (1 s here) closes
   * the connection instead of holding a worker for ever. */
  int slow[4];
  for (int i = 0; i < 4; ++i) {
    slow[i] = connect_to(port);
    send_all(slow[i], "GET /heal", 9);
  }
  /* Meanwhile others are served. */
  static char buf[8192];
  const char  ok[] = "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close"
                     "\r\n\r\n";
  assert_int_equal(raw_status(port, ok, strlen(ok), buf, sizeof buf), 200);
  for (int i = 0; i < 4; ++i) {
    char   b[256];
    size_t n = read_all(slow[i], b, sizeof b, 20);
    (void)n;
    /* Closed by the server: a further read gives end of file or error. */
    struct pollfd p = { .fd = slow[i], .events = POLLIN };
    assert_true(poll(&p, 1, 20000) == 1);
    assert_true(recv(slow[i], b, sizeof b, 0) <= 0);
    close(slow[i]);
  }
  hdc_web_stop(f->web);
}

static void *
stop_thread(void *arg)
{
  hdc_web_stop(arg);
  return NULL;
}

static void
test_live_stop_closes_keepalive_connections(void **state)
{
  fixture  *f = *state;
  hdc_error err;
  hdc_error_clear(&err);
  assert_int_equal(hdc_web_start(f->web, &err), HDC_OK);
  unsigned port = hdc_web_port(f->web);
  /* A request whose body is still coming keeps the drain waiting (until
   * the 1 s idle timeout), as a busy server would. */
  int         hold = connect_to(port);
  const char  partial[] = "POST /api/v1/validate HTTP/1.1\r\nHost: x\r\n"
                          "Content-Type: text/turtle\r\n"
                          "Content-Length: 100\r\n\r\n<a> <b> ";
  send_all(hold, partial, strlen(partial));
  /* A keep-alive client: before the stop its answers keep the
   * connection open... */
  static char buf[8192];
  const char  ka[] = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
  int         fd   = connect_to(port);
  send_all(fd, ka, strlen(ka));
  struct pollfd p = { .fd = fd, .events = POLLIN };
  assert_true(poll(&p, 1, 10000) == 1);
  ssize_t k = recv(fd, buf, sizeof buf - 1, 0);
  assert_true(k > 0);
  buf[k] = '\0';
  assert_non_null(strstr(buf, "200"));
  assert_null(strstr(buf, "Connection: close"));
  /* ...once the stop has begun, the next answer closes it, so clients
   * that keep sending cannot hold the drain. */
  pthread_t t;
  assert_int_equal(pthread_create(&t, NULL, stop_thread, f->web), 0);
  bool closed_by_header = false;
  for (int i = 0; i < 200 && !closed_by_header; ++i) {
    struct timespec ts = { 0, 5 * 1000 * 1000 };
    nanosleep(&ts, NULL);
    send_all(fd, ka, strlen(ka));
    struct pollfd q = { .fd = fd, .events = POLLIN };
    if (poll(&q, 1, 10000) != 1)
      break;
    k = recv(fd, buf, sizeof buf - 1, 0);
    if (k <= 0)
      break; /* closed before the stop was seen in an answer */
    buf[k] = '\0';
    closed_by_header = strstr(buf, "Connection: close") != NULL;
  }
  assert_int_equal(pthread_join(t, NULL), 0);
  assert_true(closed_by_header);
  close(fd);
  close(hold);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_healthz_answers_ok, setup, teardown),
    cmocka_unit_test_setup_teardown(test_unknown_path_404, setup, teardown),
    cmocka_unit_test_setup_teardown(
      test_wrong_method_405_with_allow, setup, teardown),
    cmocka_unit_test_setup_teardown(test_bad_targets_400, setup, teardown),
    cmocka_unit_test_setup_teardown(test_body_over_limit_413, setup, teardown),
    cmocka_unit_test(test_params_and_forms_decoded),
    cmocka_unit_test(test_accept_negotiation),
    cmocka_unit_test(test_language_choice),
    cmocka_unit_test(test_iso_dates_parsed),
    cmocka_unit_test_setup_teardown(
      test_metrics_count_requests, setup, teardown),
    cmocka_unit_test_setup_teardown(
      test_live_daemon_refuses_malformed_requests, setup, teardown),
    cmocka_unit_test_setup_teardown(
      test_live_slow_client_is_dropped, setup, teardown),
    cmocka_unit_test_setup_teardown(
      test_live_stop_closes_keepalive_connections, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
