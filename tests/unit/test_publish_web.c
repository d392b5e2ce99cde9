// SPDX-License-Identifier: EUPL-1.2
/*
 * Handler tests of the publishing API and the validator API, through
 * hdc_web_inject() (the routes table, parsing and limits the server uses,
 * without a socket): authentication answers, the checks of a PUT in
 * order, the audit row each write leaves, DELETE, the per-token rate, and
 * POST /api/v1/validate in JSON, Turtle and text. Also the rate limiter
 * alone. One catalogue file for the whole program, removed at the end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_store_util.h"

#include "hdcat/core.h"
#include "hdcat/store.h"
#include "hdcat/web.h"
#include "web/publish.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SCHEMAS HDC_FIXTURES "/../schemas"
#define DEMO HDC_FIXTURES "/demo/datasets/"
#define PUB "https://catalogue.sante.example/agent/gustave-roussy"
#define OTHER "https://catalogue.sante.example/agent/inserm"
#define DS "https://catalogue.sante.example/dataset/canto"

static char     g_db[64];
static hdc_web *g_web;
static char     g_tok[4][HDC_STORE_TOKEN_MAX]; /* pub, other, revoked, old */
static char    *g_canto;

static char *
slurp(const char *path)
{
  FILE *fp  = fopen(path, "rb");
  char *buf = NULL;
  long  n;
  if (!fp)
    return NULL;
  if (fseek(fp, 0, SEEK_END) == 0 && (n = ftell(fp)) >= 0 &&
      fseek(fp, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1))) {
    if (fread(buf, 1, (size_t)n, fp) != (size_t)n) {
      free(buf);
      buf = NULL;
    } else {
      buf[n] = '\0';
    }
  }
  fclose(fp);
  return buf;
}

static void
remove_g_db(void)
{
  remove_db(g_db);
}

static int
group_setup(void **state)
{
  (void)state;
  hdc_store *s = NULL;
  hdc_error  err;
  int64_t    id;
  hdc_error_clear(&err);
  snprintf(g_db, sizeof g_db, "test_publish_web_%d.db", (int)getpid());
  remove_g_db();
  if (hdc_store_open(g_db, NULL, &s, &err) ||
      hdc_store_token_create(s, PUB, "right", NULL, g_tok[0], NULL, &err) ||
      hdc_store_token_create(s, OTHER, "other", NULL, g_tok[1], NULL, &err) ||
      hdc_store_token_create(s, PUB, "revoked", NULL, g_tok[2], &id, &err) ||
      hdc_store_token_revoke(s, id, &err) ||
      hdc_store_token_create(
        s, PUB, "old", "2021-06-30", g_tok[3], NULL, &err)) {
    fprintf(stderr, "setup: %s\n", err.message);
    hdc_store_close(s);
    return -1;
  }
  hdc_store_close(s);
  hdc_web_config cfg = { .db_path     = g_db,
                         .listen      = "127.0.0.1:0",
                         .base_url    = "https://catalogue.example",
                         .schemas_dir = SCHEMAS };
  if (hdc_web_new(&cfg, &g_web, &err)) {
    fprintf(stderr, "web: %s\n", err.message);
    return -1;
  }
  g_canto = slurp(DEMO "canto.ttl");
  return g_canto ? 0 : -1;
}

static int
group_teardown(void **state)
{
  (void)state;
  hdc_web_free(g_web);
  free(g_canto);
  remove_g_db();
  return 0;
}

/* Send one request; the answer goes to @p r (clear it after). */
static void
send_req(const char            *method,
         const char            *target,
         const char            *token,
         const char            *ctype,
         const char            *accept,
         const char            *body,
         hdc_web_test_response *r)
{
  hdc_web_pair h[3];
  size_t       n = 0;
  char         auth[200];
  if (token) {
    snprintf(auth, sizeof auth, "Bearer %s", token);
    h[n++] = (hdc_web_pair){ "Authorization", auth };
  }
  if (ctype)
    h[n++] = (hdc_web_pair){ "Content-Type", ctype };
  if (accept)
    h[n++] = (hdc_web_pair){ "Accept", accept };
  hdc_web_test_request req = { .method    = method,
                               .target    = target,
                               .headers   = h,
                               .n_headers = n,
                               .body      = body,
                               .body_len  = body ? strlen(body) : 0,
                               .remote    = "192.0.2.10" };
  hdc_error            err;
  hdc_error_clear(&err);
  memset(r, 0, sizeof *r);
  assert_int_equal(hdc_web_inject(g_web, &req, r, &err), HDC_OK);
}

static int64_t
audit_count(void)
{
  hdc_store *s = NULL;
  assert_int_equal(hdc_store_open(g_db, NULL, &s, NULL), HDC_OK);
  int64_t n = hdc_store_audit_count(s);
  hdc_store_close(s);
  return n;
}

static int64_t
record_count(void)
{
  hdc_store *s = NULL;
  assert_int_equal(hdc_store_open(g_db, NULL, &s, NULL), HDC_OK);
  int64_t n = hdc_store_record_count(s);
  hdc_store_close(s);
  return n;
}

/* The latest audit row's status and result. */
static void
last_audit(int *status, char result[32])
{
  hdc_store               *s = NULL;
  hdc_store_audit_entries *l = NULL;
  assert_int_equal(hdc_store_open(g_db, NULL, &s, NULL), HDC_OK);
  assert_int_equal(hdc_store_audit_list(s, NULL, 1, &l, NULL), HDC_OK);
  assert_int_equal(l->n, 1);
  *status = l->items[0].status;
  snprintf(result, 32, "%s", l->items[0].result);
  hdc_store_audit_entries_free(l);
  hdc_store_close(s);
}

/* PUT @p body as Turtle with @p token and check the status, that one
 * audit row was added with it, and whether records changed. */
static void
put_expect(const char            *name,
           const char            *token,
           const char            *ctype,
           const char            *body,
           int                    status,
           hdc_web_test_response *r)
{
  char    target[128], result[32];
  int64_t before = audit_count(), records = record_count();
  int     st;
  snprintf(target, sizeof target, "/api/v1/datasets/%s", name);
  send_req("PUT", target, token, ctype, NULL, body, r);
  if (r->status != status)
    fail_msg("PUT %s: %d instead of %d: %.*s",
             name,
             r->status,
             status,
             (int)r->body.len,
             r->body.ptr);
  assert_int_equal(audit_count(), before + 1);
  last_audit(&st, result);
  assert_int_equal(st, status);
  if (status >= 400) {
    assert_string_equal(result, "refused");
    assert_int_equal(record_count(), records);
    assert_non_null(strstr(r->body.ptr, "\"error\""));
  }
}

static char *
replace(const char *text, const char *from, const char *to)
{
  hdc_buf     b = HDC_BUF_INIT;
  const char *p = text, *q;
  while ((q = strstr(p, from))) {
    hdc_buf_append(&b, p, (size_t)(q - p));
    hdc_buf_puts(&b, to);
    p = q + strlen(from);
  }
  hdc_buf_puts(&b, p);
  return hdc_buf_detach(&b, NULL);
}

/* ------------------------------------------------------------------------ */

static void
test_ratelimit_bucket_refills(void **state)
{
  (void)state;
  hdc_web_ratelimit *rl    = hdc_web_ratelimit_new(60, 3, 16);
  unsigned           retry = 0;
  assert_non_null(rl);
  for (int i = 0; i < 3; ++i)
    assert_true(hdc_web_ratelimit_take(rl, "a", 100.0, NULL));
  assert_false(hdc_web_ratelimit_take(rl, "a", 100.0, &retry));
  assert_int_equal(retry, 1);
  /* Another key has its own bucket. */
  assert_true(hdc_web_ratelimit_take(rl, "b", 100.0, NULL));
  /* One per second comes back. */
  assert_true(hdc_web_ratelimit_take(rl, "a", 101.01, NULL));
  assert_false(hdc_web_ratelimit_take(rl, "a", 101.02, NULL));
  /* Many keys in a small table: old ones are forgotten, never refused. */
  for (int i = 0; i < 1000; ++i) {
    char k[16];
    snprintf(k, sizeof k, "k%d", i);
    assert_true(hdc_web_ratelimit_take(rl, k, 200.0 + i, NULL));
  }
  hdc_web_ratelimit_free(rl);
  hdc_web_ratelimit_free(NULL);
  assert_true(hdc_web_ratelimit_take(NULL, "x", 0, NULL));
}

static void
test_put_without_right_token_is_401(void **state)
{
  (void)state;
  hdc_web_test_response r;
  put_expect("canto", NULL, "text/turtle", g_canto, 401, &r);
  assert_string_equal(hdc_web_test_response_header(&r, "WWW-Authenticate"),
                      "Bearer realm=\"hdcat\"");
  hdc_web_test_response_clear(&r);
  const char *bad[] = { "hdc1_999_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                        "not-a-token",
                        g_tok[2],
                        g_tok[3] };
  const char *why[] = {
    "unknown token", "malformed token", "revoked", "expired"
  };
  for (size_t i = 0; i < 4; ++i) {
    put_expect("canto", bad[i], "text/turtle", g_canto, 401, &r);
    assert_non_null(strstr(r.body.ptr, why[i]));
    assert_non_null(strstr(hdc_web_test_response_header(&r, "WWW-Authenticate"),
                           "invalid_token"));
    hdc_web_test_response_clear(&r);
  }
  /* Another scheme. */
  hdc_web_pair         h[] = { { "Authorization", "Basic dXNlcjpwYXNz" },
                               { "Content-Type", "text/turtle" } };
  hdc_web_test_request req = { .method    = "PUT",
                               .target    = "/api/v1/datasets/canto",
                               .headers   = h,
                               .n_headers = 2,
                               .body      = g_canto,
                               .body_len  = strlen(g_canto) };
  assert_int_equal(hdc_web_inject(g_web, &req, &r, NULL), HDC_OK);
  assert_int_equal(r.status, 401);
  assert_non_null(strstr(r.body.ptr, "malformed Authorization"));
  hdc_web_test_response_clear(&r);
}

static void
test_put_checks_body(void **state)
{
  (void)state;
  hdc_web_test_response r;
  put_expect("canto", g_tok[0], "text/plain", g_canto, 415, &r);
  hdc_web_test_response_clear(&r);
  put_expect("canto", g_tok[0], NULL, g_canto, 415, &r);
  hdc_web_test_response_clear(&r);
  put_expect("canto", g_tok[0], "text/turtle", "<a> <b> .", 400, &r);
  assert_non_null(strstr(r.body.ptr, "not valid turtle"));
  hdc_web_test_response_clear(&r);
  put_expect("canto", g_tok[0], "text/turtle", "", 400, &r);
  hdc_web_test_response_clear(&r);
  put_expect("bad%20name", g_tok[0], "text/turtle", g_canto, 400, &r);
  hdc_web_test_response_clear(&r);
  put_expect("canto",
             g_tok[0],
             "text/turtle",
             "<http://x/a> <http://purl.org/dc/terms/title> \"a\" .",
             422,
             &r);
  assert_non_null(strstr(r.body.ptr, "no dcat:Dataset"));
  hdc_web_test_response_clear(&r);
  char  *other_ds = replace(g_canto, DS ">", DS "-2>");
  size_t cap      = strlen(g_canto) + strlen(other_ds) + 1;
  char  *two      = malloc(cap);
  assert_non_null(two);
  snprintf(two, cap, "%s%s", g_canto, other_ds);
  put_expect("canto", g_tok[0], "text/turtle", two, 422, &r);
  assert_non_null(strstr(r.body.ptr, "2 datasets"));
  hdc_web_test_response_clear(&r);
  free(two);
  free(other_ds);
  /* A record naming another publisher. */
  char *theirs = replace(g_canto, PUB, OTHER);
  put_expect("canto", g_tok[0], "text/turtle", theirs, 403, &r);
  assert_non_null(strstr(r.body.ptr, OTHER));
  hdc_web_test_response_clear(&r);
  free(theirs);
  /* Not conforming: the full report comes with the refusal. */
  char *bad = malloc(strlen(g_canto) + 256);
  assert_non_null(bad);
  snprintf(bad,
           strlen(g_canto) + 256,
           "%s<" DS "> <http://purl.org/dc/terms/accessRights> "
           "<http://publications.europa.eu/resource/authority/access-right/"
           "PUBLIC> .\n",
           g_canto);
  put_expect("canto", g_tok[0], "text/turtle", bad, 422, &r);
  assert_non_null(strstr(r.body.ptr, "\"report\": {"));
  assert_non_null(strstr(r.body.ptr, "MaxCountConstraintComponent"));
  assert_non_null(strstr(r.body.ptr, "\"conforms\": false"));
  hdc_web_test_response_clear(&r);
  free(bad);
}

static void
test_put_delete_cycle(void **state)
{
  (void)state;
  hdc_web_test_response r;
  put_expect("canto", g_tok[0], "text/turtle; charset=utf-8", g_canto, 201, &r);
  assert_string_equal(hdc_web_test_response_header(&r, "Location"),
                      "https://catalogue.example/api/v1/datasets/canto");
  assert_non_null(strstr(r.body.ptr, "\"result\": \"added\""));
  assert_non_null(strstr(r.body.ptr, "\"iri\": \"" DS "\""));
  hdc_web_test_response_clear(&r);
  put_expect("canto", g_tok[0], "text/turtle", g_canto, 200, &r);
  assert_non_null(strstr(r.body.ptr, "\"result\": \"unchanged\""));
  hdc_web_test_response_clear(&r);
  /* The same record as N-Triples is the same content. */
  char *v2 = malloc(strlen(g_canto) + 128);
  assert_non_null(v2);
  snprintf(v2,
           strlen(g_canto) + 128,
           "%s<" DS "> <http://www.w3.org/ns/dcat#keyword> \"nouveau\"@fr .\n",
           g_canto);
  put_expect("canto", g_tok[0], "text/turtle", v2, 200, &r);
  assert_non_null(strstr(r.body.ptr, "\"result\": \"updated\""));
  hdc_web_test_response_clear(&r);
  free(v2);
  /* The other publisher can neither replace nor withdraw it. */
  char *theirs = replace(g_canto, PUB, OTHER);
  put_expect("canto", g_tok[1], "text/turtle", theirs, 403, &r);
  assert_non_null(strstr(r.body.ptr, "another publisher"));
  hdc_web_test_response_clear(&r);
  free(theirs);
  int64_t before = audit_count();
  send_req("DELETE", "/api/v1/datasets/canto", g_tok[1], NULL, NULL, NULL, &r);
  assert_int_equal(r.status, 403);
  hdc_web_test_response_clear(&r);
  send_req(
    "DELETE", "/api/v1/datasets/nothing", g_tok[0], NULL, NULL, NULL, &r);
  assert_int_equal(r.status, 404);
  hdc_web_test_response_clear(&r);
  send_req("DELETE", "/api/v1/datasets/canto", NULL, NULL, NULL, NULL, &r);
  assert_int_equal(r.status, 401);
  hdc_web_test_response_clear(&r);
  assert_int_equal(audit_count(), before + 3);
  send_req("DELETE", "/api/v1/datasets/canto", g_tok[0], NULL, NULL, NULL, &r);
  assert_int_equal(r.status, 200);
  assert_non_null(strstr(r.body.ptr, "\"result\": \"withdrawn\""));
  hdc_web_test_response_clear(&r);
  send_req("DELETE", "/api/v1/datasets/canto", g_tok[0], NULL, NULL, NULL, &r);
  assert_int_equal(r.status, 200);
  assert_non_null(strstr(r.body.ptr, "\"result\": \"unchanged\""));
  hdc_web_test_response_clear(&r);
  assert_int_equal(record_count(), 1);
}

static void
test_validate_api(void **state)
{
  (void)state;
  hdc_web_test_response r;
  send_req("POST", "/api/v1/validate", NULL, "text/turtle", NULL, g_canto, &r);
  assert_int_equal(r.status, 200);
  /* sh:conforms is false as soon as there is a warning: the violations
   * count says whether the record would be accepted. */
  assert_non_null(strstr(r.body.ptr, "\"violations\": 0,"));
  hdc_web_test_response_clear(&r);
  char *bad = replace(g_canto, "dct:accessRights", "dct:rights");
  send_req("POST", "/api/v1/validate", NULL, NULL, NULL, bad, &r);
  assert_int_equal(r.status, 200);
  assert_null(strstr(r.body.ptr, "\"violations\": 0,"));
  assert_non_null(strstr(r.body.ptr, "accessRights"));
  hdc_web_test_response_clear(&r);
  send_req(
    "POST", "/api/v1/validate", NULL, "text/turtle", "text/turtle", bad, &r);
  assert_int_equal(r.status, 200);
  assert_non_null(strstr(r.body.ptr, "ValidationReport"));
  assert_string_equal(hdc_web_test_response_header(&r, "Vary"), "Accept");
  hdc_web_test_response_clear(&r);
  send_req("POST",
           "/api/v1/validate?lang=en",
           NULL,
           "text/turtle",
           "text/plain",
           bad,
           &r);
  assert_int_equal(r.status, 200);
  assert_non_null(strstr(r.body.ptr, "dct:accessRights"));
  hdc_web_test_response_clear(&r);
  free(bad);
  send_req("POST",
           "/api/v1/validate",
           NULL,
           "text/turtle",
           NULL,
           "@prefix broken",
           &r);
  assert_int_equal(r.status, 400);
  hdc_web_test_response_clear(&r);
  send_req("POST", "/api/v1/validate", NULL, "image/png", NULL, "x", &r);
  assert_int_equal(r.status, 415);
  hdc_web_test_response_clear(&r);
  send_req("POST",
           "/api/v1/validate?profile=nope",
           NULL,
           "text/turtle",
           NULL,
           g_canto,
           &r);
  assert_int_equal(r.status, 400);
  hdc_web_test_response_clear(&r);
}

static void
test_validate_page_multipart_and_form(void **state)
{
  (void)state;
  hdc_web_test_response r;
  send_req("GET", "/validate", NULL, NULL, NULL, NULL, &r);
  assert_int_equal(r.status, 200);
  assert_non_null(strstr(r.body.ptr, "id=\"validate-form\""));
  assert_non_null(strstr(r.body.ptr, "multipart/form-data"));
  hdc_web_test_response_clear(&r);

  /* A faulty file, as a browser sends it, beside an empty text area. */
  char   *bad = replace(g_canto, "dct:accessRights", "dct:rights");
  hdc_buf b   = HDC_BUF_INIT;
  hdc_buf_puts(&b,
               "--XyZ\r\nContent-Disposition: form-data; name=\"document\""
               "\r\n\r\n\r\n--XyZ\r\nContent-Disposition: form-data;"
               " name=\"file\"; filename=\"canto.ttl\"\r\nContent-Type:"
               " text/turtle\r\n\r\n");
  hdc_buf_puts(&b, bad);
  hdc_buf_puts(&b,
               "\r\n--XyZ\r\nContent-Disposition: form-data;"
               " name=\"profile\"\r\n\r\nhealthdcat-ap-core\r\n--XyZ--\r\n");
  send_req("POST",
           "/validate?lang=en",
           NULL,
           "multipart/form-data; boundary=XyZ",
           NULL,
           b.ptr,
           &r);
  assert_int_equal(r.status, 200);
  assert_non_null(strstr(r.body.ptr, "id=\"validate-summary\""));
  assert_non_null(strstr(r.body.ptr, "does not conform"));
  assert_non_null(strstr(r.body.ptr, "data-severity=\"violation\""));
  assert_non_null(strstr(r.body.ptr, "#Dataset.accessrights"));
  hdc_web_test_response_clear(&r);
  hdc_buf_clear(&b);

  /* The text area alone, urlencoded. */
  hdc_buf_puts(&b, "format=turtle&document=");
  for (const unsigned char *p = (const unsigned char *)g_canto; *p; ++p) {
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
        (*p >= '0' && *p <= '9'))
      hdc_buf_putc(&b, (char)*p);
    else
      hdc_buf_printf(&b, "%%%02X", *p);
  }
  send_req("POST",
           "/validate",
           NULL,
           "application/x-www-form-urlencoded",
           NULL,
           b.ptr,
           &r);
  assert_int_equal(r.status, 200);
  assert_non_null(strstr(r.body.ptr, "fr-alert--success"));
  assert_null(strstr(r.body.ptr, "data-severity=\"violation\""));
  hdc_web_test_response_clear(&r);
  hdc_buf_clear(&b);

  send_req("POST",
           "/validate",
           NULL,
           "application/x-www-form-urlencoded",
           NULL,
           "document=",
           &r);
  assert_int_equal(r.status, 400);
  hdc_web_test_response_clear(&r);
  free(bad);
}

static void
test_publisher_page_lists_pushed_records(void **state)
{
  (void)state;
  hdc_web_test_response r;
  char                  key[17], target[64];
  hdc_store_publisher_key(PUB, key);
  snprintf(target, sizeof target, "/publisher/%s?lang=en", key);
  send_req("GET", target, NULL, NULL, NULL, NULL, &r);
  assert_int_equal(r.status, 200);
  assert_non_null(strstr(r.body.ptr, "id=\"publisher-records\""));
  assert_non_null(strstr(r.body.ptr, "CANTO cohort"));
  assert_non_null(strstr(r.body.ptr, "withdrawn"));
  assert_non_null(strstr(r.body.ptr, "push:" PUB));
  hdc_web_test_response_clear(&r);
  send_req("GET", "/publisher/0000000000000000", NULL, NULL, NULL, NULL, &r);
  assert_int_equal(r.status, 404);
  hdc_web_test_response_clear(&r);
}

static void
test_put_rate_per_token_is_429(void **state)
{
  (void)state;
  hdc_web_test_response r;
  int                   refused = 0;
  /* The default allowance is 60 writes a minute: the 61st in a row is
   * refused, with the time to wait. */
  for (int i = 0; i < 61 && !refused; ++i) {
    send_req("PUT",
             "/api/v1/datasets/rate-test",
             g_tok[1],
             "text/plain",
             NULL,
             "x",
             &r);
    if (r.status == 429) {
      refused = i + 1;
      assert_non_null(hdc_web_test_response_header(&r, "Retry-After"));
    } else {
      assert_int_equal(r.status, 415);
    }
    hdc_web_test_response_clear(&r);
  }
  /* Token 1 already wrote twice in the earlier tests. */
  assert_true(refused > 50 && refused <= 61);
  /* Another token is not slowed. */
  send_req(
    "PUT", "/api/v1/datasets/rate-test", g_tok[0], "text/plain", NULL, "x", &r);
  assert_int_equal(r.status, 415);
  hdc_web_test_response_clear(&r);
}

static void
test_failed_auth_flood_is_429_and_not_audited(void **state)
{
  (void)state;
  /* The default allowance is 30 failed authentications a minute per
   * address; past it the answer is 429 and the audit trail stops
   * growing, so bad tokens cannot fill it. */
  hdc_web_pair         h[2] = { { "Authorization", "Bearer hdc1_1_nope" },
                                { "Content-Type", "text/turtle" } };
  hdc_web_test_request req  = { .method    = "PUT",
                                .target    = "/api/v1/datasets/flood",
                                .headers   = h,
                                .n_headers = 2,
                                .body      = "x",
                                .body_len  = 1,
                                .remote    = "198.51.100.9" };
  int64_t              before = audit_count();
  int                  first_429 = 0;
  for (int i = 1; i <= 40; ++i) {
    hdc_web_test_response r;
    hdc_error             err;
    hdc_error_clear(&err);
    memset(&r, 0, sizeof r);
    assert_int_equal(hdc_web_inject(g_web, &req, &r, &err), HDC_OK);
    if (r.status == 429 && !first_429) {
      first_429 = i;
      assert_non_null(hdc_web_test_response_header(&r, "Retry-After"));
    }
    if (!first_429)
      assert_int_equal(r.status, 401);
    else
      assert_int_equal(r.status, 429);
    hdc_web_test_response_clear(&r);
  }
  assert_int_equal(first_429, 31);
  assert_int_equal(audit_count(), before + 30);
  /* Another address is not affected. */
  hdc_web_test_response r;
  send_req("PUT", "/api/v1/datasets/flood", "hdc1_1_nope", "text/turtle",
           NULL, "x", &r);
  assert_int_equal(r.status, 401);
  hdc_web_test_response_clear(&r);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_ratelimit_bucket_refills),
    cmocka_unit_test(test_put_without_right_token_is_401),
    cmocka_unit_test(test_put_checks_body),
    cmocka_unit_test(test_put_delete_cycle),
    cmocka_unit_test(test_validate_api),
    cmocka_unit_test(test_validate_page_multipart_and_form),
    cmocka_unit_test(test_publisher_page_lists_pushed_records),
    cmocka_unit_test(test_put_rate_per_token_is_429),
    cmocka_unit_test(test_failed_auth_flood_is_429_and_not_audited),
  };
  return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
