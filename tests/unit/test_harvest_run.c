// SPDX-License-Identifier: EUPL-1.2
/*
 * Harvest runs against a real HTTP server (libmicrohttpd in this process,
 * on 127.0.0.1 and a port the system picks) serving the canned responses
 * of fixtures/harvest/: a single document (then changed: updates and
 * withdrawals), catalogues paged in both Hydra dialects, a paging loop,
 * 304s on the second run, 500s then success, 429 with Retry-After, a slow
 * source, a truncated body, a wrong Content-Type, a web page, a redirect
 * loop, an oversized body, paging links and redirects to another host, a
 * FAIR Data Point. Each test checks the records the catalogue ends with
 * and the run report (`hdcat source show`) naming the problem; a failed
 * run must leave the catalogue exactly as it was.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hdcat/harvest.h"
#include "hdcat/store.h"

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

#define FIX HDC_FIXTURES "/harvest/"

/* ------------------------------------------------------------------------ */
/* The test server                                                          */

typedef struct server
{
  struct MHD_Daemon *daemon;
  unsigned short     port;
  char               base[64];
  pthread_mutex_t    lock;
  /* Per-test knobs and counters (under lock). */
  unsigned    flaky_left;   /* 500s still to send on /flaky */
  unsigned    busy_left;    /* 429s still to send on /busy */
  const char *mutable_path; /* what /mutable serves (a path) */
  unsigned    hits, conditional_hits, not_modified;
} server;

static server srv;

static void
sleep_ms(long ms)
{
  struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
  nanosleep(&ts, NULL);
}

/* The fixture file @p name, with {{OTHER}} replaced by a URL of this
 * server under another host name. NULL if absent. */
static char *
load(const char *name, size_t *len)
{
  char  path[512];
  FILE *f;
  snprintf(path, sizeof path, "%s%s", FIX, name);
  if (!(f = fopen(path, "rb")))
    return NULL;
  char  *buf = malloc(1 << 16);
  size_t n   = fread(buf, 1, (1 << 16) - 1, f);
  fclose(f);
  buf[n]       = '\0';
  char *marker = strstr(buf, "{{OTHER}}");
  if (marker) {
    char other[64];
    snprintf(other, sizeof other, "http://localhost:%u", (unsigned)srv.port);
    char  *out = malloc(n + sizeof other);
    size_t pre = (size_t)(marker - buf);
    memcpy(out, buf, pre);
    size_t k = (size_t)snprintf(out + pre, sizeof other, "%s", other);
    strcpy(out + pre + k, marker + 9);
    free(buf);
    buf = out;
    n   = strlen(out);
  }
  *len = n;
  return buf;
}

static enum MHD_Result
reply(struct MHD_Connection *c,
      unsigned               status,
      const char            *ctype,
      const char            *body,
      size_t                 len,
      const char            *hname,
      const char            *hvalue)
{
  struct MHD_Response *r = MHD_create_response_from_buffer(
    len, (void *)(uintptr_t)body, MHD_RESPMEM_MUST_COPY);
  if (!r)
    return MHD_NO;
  if (ctype)
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, ctype);
  if (hname)
    MHD_add_response_header(r, hname, hvalue);
  enum MHD_Result ret = MHD_queue_response(c, status, r);
  MHD_destroy_response(r);
  return ret;
}

/* Serve fixture @p name with an ETag (its content hash): a request with
 * the same If-None-Match gets a 304. */
static enum MHD_Result
serve_file(struct MHD_Connection *c, const char *name, const char *ctype)
{
  size_t len  = 0;
  char  *body = load(name, &len);
  if (!body)
    return reply(c, 404, "text/plain", "no such fixture", 15, NULL, NULL);
  char etag[40];
  snprintf(etag,
           sizeof etag,
           "\"%016llx\"",
           (unsigned long long)hdc_hash64(body, len, 7));
  const char *inm =
    MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-None-Match");
  pthread_mutex_lock(&srv.lock);
  if (inm)
    srv.conditional_hits++;
  bool same = inm && !strcmp(inm, etag);
  if (same)
    srv.not_modified++;
  pthread_mutex_unlock(&srv.lock);
  enum MHD_Result ret = same ? reply(c, 304, NULL, "", 0, "ETag", etag)
                             : reply(c, 200, ctype, body, len, "ETag", etag);
  free(body);
  return ret;
}

static enum MHD_Result
handle(void                  *cls,
       struct MHD_Connection *c,
       const char            *url,
       const char            *method,
       const char            *version,
       const char            *upload,
       size_t                *upload_len,
       void                 **con_cls)
{
  (void)cls, (void)method, (void)version, (void)upload, (void)upload_len;
  (void)con_cls;
  static const char turtle[] = "text/turtle";
  pthread_mutex_lock(&srv.lock);
  srv.hits++;
  pthread_mutex_unlock(&srv.lock);
  if (!strcmp(url, "/single"))
    return serve_file(c, "single.ttl", turtle);
  if (!strcmp(url, "/single-v2"))
    return serve_file(c, "single-v2.ttl", turtle);
  if (!strcmp(url, "/big")) {
    size_t n    = 256 * 1024;
    char  *body = malloc(n);
    memset(body, '#', n); /* one long Turtle comment */
    enum MHD_Result ret = reply(c, 200, turtle, body, n, NULL, NULL);
    free(body);
    return ret;
  }
  if (!strcmp(url, "/mutable")) {
    /* The same source URL answering like another route: a source that
     * changes, or breaks, between two runs. */
    pthread_mutex_lock(&srv.lock);
    const char *p = srv.mutable_path;
    pthread_mutex_unlock(&srv.lock);
    return handle(cls, c, p, method, version, upload, upload_len, con_cls);
  }
  if (!strncmp(url, "/hydra/", 7)) {
    char name[64];
    snprintf(name, sizeof name, "hydra/%s.ttl", url + 7);
    return serve_file(c, name, turtle);
  }
  if (!strcmp(url, "/legacy/catalog")) {
    const char *page =
      MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "page");
    char name[64];
    snprintf(name, sizeof name, "legacy/page%s.ttl", page ? page : "1");
    /* RDF/XML-era servers often say application/octet-stream. */
    return serve_file(c, name, "text/turtle;charset=utf-8");
  }
  if (!strncmp(url, "/dup/", 5)) {
    char name[64];
    snprintf(name, sizeof name, "dup/%s.ttl", url + 5);
    return serve_file(c, name, turtle);
  }
  if (!strncmp(url, "/loop/", 6)) {
    char name[64];
    snprintf(name, sizeof name, "loop/%s.ttl", url + 6);
    return serve_file(c, name, turtle);
  }
  if (!strcmp(url, "/flaky")) {
    pthread_mutex_lock(&srv.lock);
    bool fail = srv.flaky_left > 0;
    if (fail)
      srv.flaky_left--;
    pthread_mutex_unlock(&srv.lock);
    if (fail)
      return reply(c, 500, "text/plain", "oops", 4, NULL, NULL);
    return serve_file(c, "single.ttl", turtle);
  }
  if (!strcmp(url, "/busy")) {
    pthread_mutex_lock(&srv.lock);
    bool busy = srv.busy_left > 0;
    if (busy)
      srv.busy_left--;
    pthread_mutex_unlock(&srv.lock);
    if (busy)
      return reply(c, 429, "text/plain", "slow down", 9, "Retry-After", "1");
    return serve_file(c, "single.ttl", turtle);
  }
  if (!strcmp(url, "/toobusy"))
    return reply(c, 503, "text/plain", "later", 5, "Retry-After", "86400");
  if (!strcmp(url, "/slow")) {
    sleep_ms(400);
    return serve_file(c, "single.ttl", turtle);
  }
  if (!strcmp(url, "/tooslow")) {
    sleep_ms(2500);
    return serve_file(c, "single.ttl", turtle);
  }
  if (!strcmp(url, "/truncated"))
    return serve_file(c, "truncated.ttl", turtle);
  if (!strcmp(url, "/plain.ttl"))
    return serve_file(c, "single.ttl", "text/plain");
  if (!strcmp(url, "/html"))
    return reply(c,
                 200,
                 "text/html",
                 "<html><body>Bienvenue</body></html>",
                 35,
                 NULL,
                 NULL);
  if (!strcmp(url, "/redirloop"))
    return reply(c, 302, "text/plain", "", 0, "Location", "/redirloop");
  if (!strcmp(url, "/offhost"))
    return serve_file(c, "offhost.ttl", turtle);
  if (!strcmp(url, "/redir-offhost")) {
    char loc[96];
    snprintf(loc, sizeof loc, "http://localhost:%u/single", (unsigned)srv.port);
    return reply(c, 302, "text/plain", "", 0, "Location", loc);
  }
  if (!strcmp(url, "/hydra-redir/1"))
    return serve_file(c, "redirect-page1.ttl", turtle);
  if (!strcmp(url, "/hydra-redir/2")) {
    char loc[96];
    snprintf(
      loc, sizeof loc, "http://localhost:%u/hydra/1", (unsigned)srv.port);
    return reply(c, 302, "text/plain", "", 0, "Location", loc);
  }
  if (!strcmp(url, "/fdp/"))
    return serve_file(c, "fdp/repository.ttl", turtle);
  if (!strncmp(url, "/fdp/", 5)) {
    char name[96], kind[32];
    int  n = 0;
    if (sscanf(url + 5, "%31[a-z]/%d", kind, &n) == 2) {
      snprintf(name, sizeof name, "fdp/%s-%d.ttl", kind, n);
      return serve_file(c, name, turtle);
    }
  }
  return reply(c, 404, "text/plain", "not found", 9, NULL, NULL);
}

static int
server_start(void **state)
{
  (void)state;
  struct sockaddr_in sin;
  unsetenv("http_proxy");
  unsetenv("HTTP_PROXY");
  unsetenv("all_proxy");
  unsetenv("ALL_PROXY");
  memset(&srv, 0, sizeof srv);
  pthread_mutex_init(&srv.lock, NULL);
  memset(&sin, 0, sizeof sin);
  sin.sin_family      = AF_INET;
  sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  srv.daemon          = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD |
                                  MHD_USE_THREAD_PER_CONNECTION,
                                0,
                                NULL,
                                NULL,
                                handle,
                                NULL,
                                MHD_OPTION_SOCK_ADDR,
                                (struct sockaddr *)&sin,
                                MHD_OPTION_END);
  if (!srv.daemon)
    return -1;
  const union MHD_DaemonInfo *info =
    MHD_get_daemon_info(srv.daemon, MHD_DAEMON_INFO_BIND_PORT);
  if (!info || !info->port)
    return -1;
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
  pthread_mutex_destroy(&srv.lock);
  return 0;
}

/* ------------------------------------------------------------------------ */
/* Per-test catalogue                                                       */

typedef struct fixture
{
  char             db[256];
  hdc_store       *s;
  hdc_limits       limits;
  hdc_harvest_opts o;
  hdc_error        err;
} fixture;

static int
setup(void **state)
{
  fixture *f = calloc(1, sizeof *f);
  snprintf(f->db, sizeof f->db, "hdc-test-harvest-%ld.db", (long)getpid());
  unlink(f->db);
  hdc_limits_init(&f->limits);
  hdc_error_clear(&f->err);
  if (hdc_store_open(f->db, NULL, &f->s, &f->err))
    return -1;
  f->o.limits        = &f->limits;
  f->o.no_validate   = true;
  f->o.page_delay_ms = -1;
  f->o.retry_base_ms = 10;
  /* Warnings go to the run report; keep the test output quiet. */
  hdc_log_set_level(HDC_LOG_ERROR);
  pthread_mutex_lock(&srv.lock);
  srv.flaky_left = srv.busy_left = 0;
  srv.hits = srv.conditional_hits = srv.not_modified = 0;
  srv.mutable_path                                   = "/single";
  pthread_mutex_unlock(&srv.lock);
  *state = f;
  return 0;
}

static int
teardown(void **state)
{
  fixture *f = *state;
  char     path[300];
  hdc_store_close(f->s);
  unlink(f->db);
  snprintf(path, sizeof path, "%s-wal", f->db);
  unlink(path);
  snprintf(path, sizeof path, "%s-shm", f->db);
  unlink(path);
  free(f);
  return 0;
}

static void
add_source(fixture *f, const char *name, const char *path, const char *type)
{
  char url[256];
  snprintf(url, sizeof url, "%s%s", srv.base, path);
  assert_int_equal(
    hdc_store_source_add(f->s, name, url, type, NULL, NULL, &f->err), HDC_OK);
}

static int64_t
active(fixture *f, const char *name)
{
  hdc_store_sources *l = NULL;
  assert_int_equal(hdc_store_source_get(f->s, name, &l, &f->err), HDC_OK);
  int64_t n = l->items[0].active;
  hdc_store_sources_free(l);
  return n;
}

static int64_t
withdrawn(fixture *f, const char *name)
{
  hdc_store_sources *l = NULL;
  assert_int_equal(hdc_store_source_get(f->s, name, &l, &f->err), HDC_OK);
  int64_t n = l->items[0].withdrawn;
  hdc_store_sources_free(l);
  return n;
}

/* The latest run of @p name: its status, and whether its message holds
 * @p needle (NULL: not checked). */
static void
check_last_run(fixture    *f,
               const char *name,
               const char *status,
               const char *needle)
{
  hdc_store_run_list *rl = NULL;
  assert_int_equal(hdc_store_source_runs(f->s, name, 1, &rl, &f->err), HDC_OK);
  assert_int_equal(rl->n, 1);
  assert_string_equal(rl->items[0].status, status);
  if (needle && !strstr(rl->items[0].message, needle))
    fail_msg("run message '%s' lacks '%s'", rl->items[0].message, needle);
  hdc_store_run_list_free(rl);
}

static bool
has_record(fixture *f, const char *name, const char *path)
{
  char    iri[256];
  int64_t id = 0;
  snprintf(iri, sizeof iri, "%s%s", srv.base, path);
  hdc_error e;
  hdc_error_clear(&e);
  return hdc_store_record_find(f->s, name, iri, &id, &e) == HDC_OK;
}

/* ------------------------------------------------------------------------ */
/* Sources                                                                  */

static void
test_source_add_list_remove_withdraws_records(void **state)
{
  fixture           *f = *state;
  hdc_harvest_result r;
  add_source(f, "one", "/single", NULL);
  /* A second add of a source in use is refused. */
  char url[256];
  snprintf(url, sizeof url, "%s/single", srv.base);
  assert_int_equal(
    hdc_store_source_add(f->s, "one", url, NULL, NULL, NULL, &f->err),
    HDC_FAILURE);
  hdc_error_clear(&f->err);
  assert_int_equal(
    hdc_store_source_add(f->s, "bad name", url, NULL, NULL, NULL, &f->err),
    HDC_ERR_INVALID_ARG);
  hdc_error_clear(&f->err);
  assert_int_equal(
    hdc_store_source_add(
      f->s, "x", "file:///etc/passwd", NULL, NULL, NULL, &f->err),
    HDC_ERR_INVALID_ARG);
  hdc_error_clear(&f->err);
  assert_int_equal(
    hdc_store_source_add(f->s, "x", url, NULL, NULL, "hourly", &f->err),
    HDC_ERR_INVALID_ARG);
  hdc_error_clear(&f->err);
  assert_int_equal(hdc_harvest_source(f->s, "one", &f->o, &r, &f->err), HDC_OK);
  assert_int_equal(r.added, 3);
  assert_int_equal(active(f, "one"), 3);
  size_t n = 0;
  assert_int_equal(hdc_store_source_remove(f->s, "one", &n, &f->err), HDC_OK);
  assert_int_equal(n, 3);
  /* Withdrawn, never erased. */
  assert_int_equal(active(f, "one"), 0);
  assert_int_equal(withdrawn(f, "one"), 3);
  assert_true(has_record(f, "one", "/ds/a"));
  /* A removed source is not harvested until added again. */
  assert_int_equal(hdc_harvest_source(f->s, "one", &f->o, &r, &f->err),
                   HDC_ERR_NOT_FOUND);
  hdc_error_clear(&f->err);
  add_source(f, "one", "/single", NULL);
  assert_int_equal(hdc_harvest_source(f->s, "one", &f->o, &r, &f->err), HDC_OK);
  assert_int_equal(active(f, "one"), 3);
  assert_int_equal(r.updated, 3); /* back from withdrawn */
  assert_int_equal(hdc_store_source_remove(f->s, "nope", NULL, &f->err),
                   HDC_ERR_NOT_FOUND);
}

static void
test_source_due_by_schedule(void **state)
{
  fixture           *f   = *state;
  hdc_store_sources *due = NULL;
  char               url[256];
  snprintf(url, sizeof url, "%s/single", srv.base);
  assert_int_equal(
    hdc_store_source_add(f->s, "d", url, NULL, NULL, "daily", &f->err), HDC_OK);
  assert_int_equal(
    hdc_store_source_add(f->s, "w", url, NULL, NULL, "weekly", &f->err),
    HDC_OK);
  assert_int_equal(
    hdc_store_source_add(f->s, "m", url, NULL, NULL, "manual", &f->err),
    HDC_OK);
  int64_t now = (int64_t)time(NULL);
  assert_int_equal(hdc_store_source_due(f->s, now, &due, &f->err), HDC_OK);
  assert_int_equal(due->n, 2); /* never run: daily and weekly are due */
  hdc_store_sources_free(due);
  hdc_harvest_result r;
  assert_int_equal(hdc_harvest_source(f->s, "d", &f->o, &r, &f->err), HDC_OK);
  assert_int_equal(hdc_store_source_due(f->s, now, &due, &f->err), HDC_OK);
  assert_int_equal(due->n, 1);
  assert_string_equal(due->items[0].name, "w");
  hdc_store_sources_free(due);
  /* Two days later both are due again, a week later too. */
  assert_int_equal(hdc_store_source_due(f->s, now + 2 * 86400, &due, &f->err),
                   HDC_OK);
  assert_int_equal(due->n, 2);
  hdc_store_sources_free(due);
}

static void
test_harvest_due_runs_due_sources(void **state)
{
  fixture *f = *state;
  char     url[256];
  size_t   n_run = 0, n_failed = 0;
  snprintf(url, sizeof url, "%s/single", srv.base);
  assert_int_equal(
    hdc_store_source_add(f->s, "d", url, NULL, NULL, "daily", &f->err), HDC_OK);
  snprintf(url, sizeof url, "%s/html", srv.base);
  assert_int_equal(
    hdc_store_source_add(f->s, "bad", url, NULL, NULL, "daily", &f->err),
    HDC_OK);
  assert_int_equal(
    hdc_store_source_add(f->s, "m", url, NULL, NULL, "manual", &f->err),
    HDC_OK);
  assert_int_equal(hdc_harvest_due(f->db, &f->o, &n_run, &n_failed, &f->err),
                   HDC_ERR_UNSUPPORTED);
  assert_int_equal(n_run, 2);
  assert_int_equal(n_failed, 1);
  assert_int_equal(active(f, "d"), 3);
  /* Nothing is due any more. */
  hdc_error_clear(&f->err);
  assert_int_equal(hdc_harvest_due(f->db, &f->o, &n_run, &n_failed, &f->err),
                   HDC_OK);
  assert_int_equal(n_run, 0);
}

/* ------------------------------------------------------------------------ */
/* One document                                                             */

static void
test_harvest_single_then_unchanged_costs_304(void **state)
{
  fixture           *f = *state;
  hdc_harvest_result r;
  add_source(f, "one", "/single", NULL);
  assert_int_equal(hdc_harvest_source(f->s, "one", &f->o, &r, &f->err), HDC_OK);
  assert_int_equal(r.added, 3);
  assert_int_equal(r.pages, 1);
  assert_true(has_record(f, "one", "/ds/b"));
  assert_int_equal(hdc_harvest_source(f->s, "one", &f->o, &r, &f->err), HDC_OK);
  assert_int_equal(r.added + r.updated + r.withdrawn, 0);
  assert_int_equal(r.unchanged, 3);
  assert_int_equal(r.pages_unchanged, 1);
  assert_int_equal(srv.not_modified, 1);
  assert_int_equal(active(f, "one"), 3);
  check_last_run(f, "one", "ok", NULL);
  /* --full: fetched and parsed again, records still unchanged. */
  f->o.full = true;
  assert_int_equal(hdc_harvest_source(f->s, "one", &f->o, &r, &f->err), HDC_OK);
  assert_int_equal(r.pages_unchanged, 0);
  assert_int_equal(r.unchanged, 3);
}

static void
test_harvest_changed_document_updates_and_withdraws(void **state)
{
  fixture           *f = *state;
  hdc_harvest_result r;
  add_source(f, "mut", "/mutable", NULL);
  assert_int_equal(hdc_harvest_source(f->s, "mut", &f->o, &r, &f->err), HDC_OK);
  assert_int_equal(r.added, 3);
  srv.mutable_path = "/single-v2";
  assert_int_equal(hdc_harvest_source(f->s, "mut", &f->o, &r, &f->err), HDC_OK);
  assert_int_equal(r.unchanged, 1);
  assert_int_equal(r.updated, 1);
  assert_int_equal(r.withdrawn, 1);
  assert_int_equal(active(f, "mut"), 2);
  assert_int_equal(withdrawn(f, "mut"), 1);
  hdc_store_record *rec = NULL;
  int64_t           id  = 0;
  char              iri[256];
  snprintf(iri, sizeof iri, "%s/ds/c", srv.base);
  assert_int_equal(hdc_store_record_find(f->s, "mut", iri, &id, &f->err),
                   HDC_OK);
  assert_int_equal(hdc_store_record_get(f->s, id, NULL, &rec, &f->err), HDC_OK);
  assert_string_equal(rec->status, "withdrawn");
  assert_string_equal(rec->withdrawn_reason,
                      "no longer published by the source");
  assert_true(rec->withdrawn_date[0] != '\0');
  hdc_store_record_free(rec);
}

static void
test_harvest_validates_and_counts_by_rule(void **state)
{
  fixture           *f = *state;
  hdc_harvest_result r;
  f->o.no_validate = false;
  f->o.schemas_dir = HDC_FIXTURES "/../schemas";
  add_source(f, "v", "/single", NULL);
  assert_int_equal(hdc_harvest_source(f->s, "v", &f->o, &r, &f->err), HDC_OK);
  assert_int_equal(r.invalid, 3);
  hdc_store_run_list *rl = NULL;
  assert_int_equal(hdc_store_source_runs(f->s, "v", 5, &rl, &f->err), HDC_OK);
  assert_int_equal(rl->n, 1);
  assert_int_equal(rl->items[0].invalid, 3);
  assert_true(rl->items[0].n_rules > 0);
  bool found = false;
  for (size_t i = 0; i < rl->items[0].n_rules; ++i) {
    assert_true(rl->items[0].rule_counts[i] <= 3);
    if (strstr(rl->items[0].rules[i], "dct:accessRights"))
      found = rl->items[0].rule_counts[i] == 3;
  }
  assert_true(found);
  hdc_store_run_list_free(rl);
}

/* ------------------------------------------------------------------------ */
/* Paging                                                                   */

static void
test_harvest_hydra_partial_collection_view_pages(void **state)
{
  fixture           *f = *state;
  hdc_harvest_result r;
  add_source(f, "h", "/hydra/1", NULL);
  assert_int_equal(hdc_harvest_source(f->s, "h", &f->o, &r, &f->err), HDC_OK);
  assert_int_equal(r.pages, 3);
  assert_int_equal(r.added, 6);
  assert_true(has_record(f, "h", "/hydra/ds/3-2"));
  /* Second run: three 304s, the records of skipped pages still seen. */
  assert_int_equal(hdc_harvest_source(f->s, "h", &f->o, &r, &f->err), HDC_OK);
  assert_int_equal(r.pages, 3);
  assert_int_equal(r.pages_unchanged, 3);
  assert_int_equal(r.unchanged, 6);
  assert_int_equal(r.withdrawn, 0);
  assert_int_equal(active(f, "h"), 6);
  assert_int_equal(srv.not_modified, 3);
}

static void
test_harvest_legacy_paged_collection_next_page_literal(void **state)
{
  fixture           *f = *state;
  hdc_harvest_result r;
  add_source(f, "l", "/legacy/catalog?page=1", NULL);
  assert_int_equal(hdc_harvest_source(f->s, "l", &f->o, &r, &f->err), HDC_OK);
  assert_int_equal(r.pages, 2);
  assert_int_equal(r.added, 4);
  assert_true(has_record(f, "l", "/legacy/ds/legacy-2-2"));
}

static void
test_harvest_paging_loop_ends_with_warning(void **state)
{
  fixture           *f = *state;
  hdc_harvest_result r;
  add_source(f, "loop", "/loop/1", NULL);
  assert_int_equal(hdc_harvest_source(f->s, "loop", &f->o, &r, &f->err),
                   HDC_OK);
  assert_int_equal(r.pages, 2);
  assert_int_equal(r.added, 2);
  assert_true(r.warnings >= 1);
  check_last_run(f, "loop", "ok", "paging loop");
  /* Also when the pages come back as 304s. */
  assert_int_equal(hdc_harvest_source(f->s, "loop", &f->o, &r, &f->err),
                   HDC_OK);
  assert_int_equal(r.pages, 2);
  assert_int_equal(r.unchanged, 2);
  check_last_run(f, "loop", "ok", "paging loop");
}

static void
test_harvest_page_limit_fails_and_changes_nothing(void **state)
{
  fixture           *f = *state;
  hdc_harvest_result r;
  add_source(f, "h", "/hydra/1", NULL);
  assert_int_equal(hdc_limits_set(&f->limits, "pages", 2, &f->err), HDC_OK);
  assert_int_equal(hdc_harvest_source(f->s, "h", &f->o, &r, &f->err),
                   HDC_ERR_LIMIT);
  assert_true(r.failed);
  assert_int_equal(active(f, "h"), 0);
  check_last_run(f, "h", "failed", "limit pages");
}

static void
test_harvest_next_link_to_other_host_fails(void **state)
{
  fixture           *f = *state;
  hdc_harvest_result r;
  add_source(f, "off", "/offhost", NULL);
  assert_int_equal(hdc_harvest_source(f->s, "off", &f->o, &r, &f->err),
                   HDC_ERR_UNSUPPORTED);
  assert_int_equal(active(f, "off"), 0);
  check_last_run(f, "off", "failed", "leaves the source's host");
  /* Only one request was made: the other host was never asked. */
  assert_int_equal(srv.hits, 1);
}

static void
test_harvest_redirect_to_other_host_is_refused_for_pages(void **state)
{
  fixture           *f = *state;
  hdc_harvest_result r;
  /* The source URL itself may redirect (its final host is then allowed
   * too): 127.0.0.1 -> localhost works. */
  char url[256];
  snprintf(url, sizeof url, "%s/redir-offhost", srv.base);
  assert_int_equal(
    hdc_store_source_add(f->s, "r", url, NULL, NULL, NULL, &f->err), HDC_OK);
  assert_int_equal(hdc_harvest_source(f->s, "r", &f->o, &r, &f->err), HDC_OK);
  assert_int_equal(active(f, "r"), 3);
  /* A later page redirected to another host is refused: nothing changes. */
  add_source(f, "p", "/hydra-redir/1", NULL);
  assert_int_equal(hdc_harvest_source(f->s, "p", &f->o, &r, &f->err),
                   HDC_ERR_UNSUPPORTED);
  assert_int_equal(active(f, "p"), 0);
  check_last_run(f, "p", "failed", "redirected to another host");
}

static void
test_harvest_recycles_term_table_between_pages(void **state)
{
  fixture           *f = *state;
  hdc_harvest_result r;
  /* A new term table (and profile) after every page. */
  f->o.term_bytes  = 1;
  f->o.no_validate = false;
  f->o.schemas_dir = HDC_FIXTURES "/../schemas";
  add_source(f, "h", "/hydra/1", NULL);
  assert_int_equal(hdc_harvest_source(f->s, "h", &f->o, &r, &f->err), HDC_OK);
  assert_int_equal(r.pages, 3);
  assert_int_equal(r.added, 6);
  assert_int_equal(r.invalid, 6);
  f->o.full = true;
  assert_int_equal(hdc_harvest_source(f->s, "h", &f->o, &r, &f->err), HDC_OK);
  assert_int_equal(r.unchanged, 6);
  assert_int_equal(r.added + r.updated + r.withdrawn, 0);
}

static void
test_harvest_dataset_on_two_pages_warns(void **state)
{
  fixture           *f = *state;
  hdc_harvest_result r;
  add_source(f, "dup", "/dup/1", NULL);
  assert_int_equal(hdc_harvest_source(f->s, "dup", &f->o, &r, &f->err), HDC_OK);
  assert_int_equal(r.pages, 2);
  assert_int_equal(active(f, "dup"), 2);
  check_last_run(f, "dup", "ok", "described on more than one page");
}

/* ------------------------------------------------------------------------ */
/* Failures                                                                 */

/* Harvest source "s" (3 records), then make its URL answer like @p bad
 * (with limit @p limit set to @p value if not NULL): the run must fail
 * with @p expect, name @p needle, and leave the records as they were. */
static void
fail_keeps_catalogue(fixture    *f,
                     const char *bad,
                     hdc_status  expect,
                     const char *needle,
                     const char *limit,
                     uint64_t    value)
{
  hdc_harvest_result r;
  add_source(f, "s", "/mutable", NULL);
  assert_int_equal(hdc_harvest_source(f->s, "s", &f->o, &r, &f->err), HDC_OK);
  assert_int_equal(active(f, "s"), 3);
  srv.mutable_path = bad;
  if (limit)
    assert_int_equal(hdc_limits_set(&f->limits, limit, value, &f->err), HDC_OK);
  hdc_error_clear(&f->err);
  assert_int_equal(hdc_harvest_source(f->s, "s", &f->o, &r, &f->err), expect);
  assert_true(r.failed);
  if (!strstr(f->err.message, needle))
    fail_msg("error '%s' lacks '%s'", f->err.message, needle);
  assert_int_equal(active(f, "s"), 3);
  assert_int_equal(withdrawn(f, "s"), 0);
  check_last_run(f, "s", "failed", needle);
  /* The run before is still the last good one, and a good run now finds
   * everything unchanged. */
  srv.mutable_path = "/single";
  hdc_limits_init(&f->limits);
  assert_int_equal(hdc_harvest_source(f->s, "s", &f->o, &r, &f->err), HDC_OK);
  assert_int_equal(r.unchanged, 3);
  assert_int_equal(r.added + r.updated + r.withdrawn, 0);
}

static void
test_harvest_truncated_body_fails_unchanged(void **state)
{
  fail_keeps_catalogue(*state, "/truncated", HDC_ERR_SYNTAX, "", NULL, 0);
}

static void
test_harvest_web_page_fails_unchanged(void **state)
{
  fail_keeps_catalogue(
    *state, "/html", HDC_ERR_UNSUPPORTED, "web page", NULL, 0);
}

static void
test_harvest_redirect_loop_fails_unchanged(void **state)
{
  fail_keeps_catalogue(
    *state, "/redirloop", HDC_ERR_LIMIT, "redirect", NULL, 0);
}

static void
test_harvest_oversized_body_fails_unchanged(void **state)
{
  fail_keeps_catalogue(*state,
                       "/big",
                       HDC_ERR_LIMIT,
                       "document_bytes",
                       "document_bytes",
                       64 * 1024);
}

static void
test_harvest_too_slow_source_fails_unchanged(void **state)
{
  fail_keeps_catalogue(
    *state, "/tooslow", HDC_ERR_HTTP, "timed out", "fetch_seconds", 1);
}

static void
test_harvest_slow_source_within_limits_succeeds(void **state)
{
  fixture           *f = *state;
  hdc_harvest_result r;
  add_source(f, "slow", "/slow", NULL);
  assert_int_equal(hdc_harvest_source(f->s, "slow", &f->o, &r, &f->err),
                   HDC_OK);
  assert_int_equal(r.added, 3);
}

static void
test_harvest_500_then_success_retries(void **state)
{
  fixture           *f = *state;
  hdc_harvest_result r;
  srv.flaky_left = 2;
  add_source(f, "flaky", "/flaky", NULL);
  assert_int_equal(hdc_harvest_source(f->s, "flaky", &f->o, &r, &f->err),
                   HDC_OK);
  assert_int_equal(r.added, 3);
  assert_int_equal(r.warnings, 2);
  check_last_run(f, "flaky", "ok", "HTTP 500, retried");
  /* More 500s than retries: the run fails, then the next one succeeds. */
  srv.flaky_left = 10;
  f->o.full      = true;
  assert_int_equal(hdc_harvest_source(f->s, "flaky", &f->o, &r, &f->err),
                   HDC_ERR_HTTP);
  check_last_run(f, "flaky", "failed", "HTTP 500");
  assert_int_equal(active(f, "flaky"), 3);
  srv.flaky_left = 0;
  assert_int_equal(hdc_harvest_source(f->s, "flaky", &f->o, &r, &f->err),
                   HDC_OK);
  check_last_run(f, "flaky", "ok", NULL);
}

static void
test_harvest_429_honours_retry_after(void **state)
{
  fixture           *f = *state;
  hdc_harvest_result r;
  srv.busy_left = 1;
  add_source(f, "busy", "/busy", NULL);
  time_t t0 = time(NULL);
  assert_int_equal(hdc_harvest_source(f->s, "busy", &f->o, &r, &f->err),
                   HDC_OK);
  assert_true(time(NULL) - t0 >= 1 - 1); /* waited (not a timing check) */
  assert_int_equal(r.added, 3);
  check_last_run(f, "busy", "ok", "Retry-After");
}

static void
test_harvest_retry_after_too_long_fails(void **state)
{
  fail_keeps_catalogue(
    *state, "/toobusy", HDC_ERR_HTTP, "retry after", NULL, 0);
}

static void
test_harvest_wrong_content_type_is_sniffed_with_warning(void **state)
{
  fixture           *f = *state;
  hdc_harvest_result r;
  add_source(f, "plain", "/plain.ttl", NULL);
  assert_int_equal(hdc_harvest_source(f->s, "plain", &f->o, &r, &f->err),
                   HDC_OK);
  assert_int_equal(r.added, 3);
  check_last_run(f, "plain", "ok", "not an RDF type");
}

static void
test_harvest_stop_flag_fails_and_changes_nothing(void **state)
{
  fixture           *f    = *state;
  volatile int       stop = 1;
  hdc_harvest_result r;
  add_source(f, "s", "/single", NULL);
  f->o.stop = &stop;
  assert_int_equal(hdc_harvest_source(f->s, "s", &f->o, &r, &f->err),
                   HDC_ERR_IO);
  assert_true(r.failed);
  assert_int_equal(active(f, "s"), 0);
  check_last_run(f, "s", "failed", "stopped");
  assert_int_equal(srv.hits, 0);
}

/* ------------------------------------------------------------------------ */
/* FAIR Data Point                                                          */

static void
test_harvest_fdp_walks_catalogues_datasets_distributions(void **state)
{
  fixture           *f = *state;
  hdc_harvest_result r;
  add_source(f, "fdp", "/fdp/", "fdp");
  assert_int_equal(hdc_harvest_source(f->s, "fdp", &f->o, &r, &f->err), HDC_OK);
  /* repository, catalogue, 2 datasets, 2 distributions */
  assert_int_equal(r.pages, 6);
  assert_int_equal(r.added, 2);
  assert_true(has_record(f, "fdp", "/fdp/dataset/2"));
  /* The record holds its distribution, fetched from its own document. */
  char    iri[256];
  int64_t id = 0;
  snprintf(iri, sizeof iri, "%s/fdp/dataset/1", srv.base);
  assert_int_equal(hdc_store_record_find(f->s, "fdp", iri, &id, &f->err),
                   HDC_OK);
  hdc_store_record *rec = NULL;
  assert_int_equal(hdc_store_record_get(f->s, id, NULL, &rec, &f->err), HDC_OK);
  assert_non_null(strstr(rec->ntriples, "Export CSV 1"));
  hdc_store_record_free(rec);
  /* Again: nothing rewritten. */
  assert_int_equal(hdc_harvest_source(f->s, "fdp", &f->o, &r, &f->err), HDC_OK);
  assert_int_equal(r.unchanged, 2);
  assert_int_equal(r.added + r.updated + r.withdrawn, 0);
}

/* ------------------------------------------------------------------------ */
/* URLs                                                                     */

static void
test_harvest_url_resolve_rfc3986(void **state)
{
  (void)state;
  static const char *const cases[][3] = {
    { "http://a/b/c/d;p?q", "g", "http://a/b/c/g" },
    { "http://a/b/c/d;p?q", "./g", "http://a/b/c/g" },
    { "http://a/b/c/d;p?q", "g/", "http://a/b/c/g/" },
    { "http://a/b/c/d;p?q", "/g", "http://a/g" },
    { "http://a/b/c/d;p?q", "//g", "http://g" },
    { "http://a/b/c/d;p?q", "?y", "http://a/b/c/d;p?y" },
    { "http://a/b/c/d;p?q", "g?y", "http://a/b/c/g?y" },
    { "http://a/b/c/d;p?q", "#s", "http://a/b/c/d;p?q" },
    { "http://a/b/c/d;p?q", "..", "http://a/b/" },
    { "http://a/b/c/d;p?q", "../g", "http://a/b/g" },
    { "http://a/b/c/d;p?q", "../../g", "http://a/g" },
    { "http://a/b/c/d;p?q", "https://x/y?page=2", "https://x/y?page=2" },
    { "http://a/catalog?page=1", "catalog?page=2", "http://a/catalog?page=2" },
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; ++i) {
    hdc_buf b = HDC_BUF_INIT;
    assert_int_equal(hdc_harvest_url_resolve(cases[i][0], cases[i][1], &b),
                     HDC_OK);
    assert_string_equal(b.ptr, cases[i][2]);
    hdc_buf_clear(&b);
  }
  char host[64];
  assert_true(hdc_harvest_url_host(
    "https://User@Data.Example.org:8443/x", host, sizeof host));
  assert_string_equal(host, "data.example.org");
  assert_false(hdc_harvest_url_host("urn:x", host, sizeof host));
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_harvest_url_resolve_rfc3986),
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    T(test_source_add_list_remove_withdraws_records),
    T(test_source_due_by_schedule),
    T(test_harvest_due_runs_due_sources),
    T(test_harvest_single_then_unchanged_costs_304),
    T(test_harvest_changed_document_updates_and_withdraws),
    T(test_harvest_validates_and_counts_by_rule),
    T(test_harvest_hydra_partial_collection_view_pages),
    T(test_harvest_legacy_paged_collection_next_page_literal),
    T(test_harvest_paging_loop_ends_with_warning),
    T(test_harvest_recycles_term_table_between_pages),
    T(test_harvest_dataset_on_two_pages_warns),
    T(test_harvest_page_limit_fails_and_changes_nothing),
    T(test_harvest_next_link_to_other_host_fails),
    T(test_harvest_redirect_to_other_host_is_refused_for_pages),
    T(test_harvest_truncated_body_fails_unchanged),
    T(test_harvest_web_page_fails_unchanged),
    T(test_harvest_redirect_loop_fails_unchanged),
    T(test_harvest_oversized_body_fails_unchanged),
    T(test_harvest_too_slow_source_fails_unchanged),
    T(test_harvest_slow_source_within_limits_succeeds),
    T(test_harvest_500_then_success_retries),
    T(test_harvest_429_honours_retry_after),
    T(test_harvest_retry_after_too_long_fails),
    T(test_harvest_wrong_content_type_is_sniffed_with_warning),
    T(test_harvest_stop_flag_fails_and_changes_nothing),
    T(test_harvest_fdp_walks_catalogues_datasets_distributions),
#undef T
  };
  return cmocka_run_group_tests(tests, server_start, server_stop);
}
