// SPDX-License-Identifier: EUPL-1.2
/*
 * Tests of the machine side through hdc_web_inject(), over a catalogue of
 * the demo records: the JSON API (search, one dataset, errors), the
 * OpenAPI description (valid JSON naming every /api route of the routes
 * table), dataset RDF by suffix and by Accept (406, 304 on the ETag), and
 * the DCAT feed's conditional requests (304 while nothing changed, 200
 * after a change), paging errors and modified_since.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "web/web_internal.h"

#include "hdcat/rdf.h"

#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct fixture
{
  char     dir[256];
  char     db[300];
  hdc_web *web;
} fixture;

/* Import the files of @p dir (those ending in .ttl) as one run, unvalidated
 * (valid) unless @p names is given, in which case only those files. */
static void
import_dir(const char *db, const char *dir)
{
  DIR           *d = opendir(dir);
  struct dirent *e;
  char          *paths[128];
  size_t         n = 0;
  assert_non_null(d);
  while ((e = readdir(d)) && n < 128) {
    size_t l = strlen(e->d_name);
    if (l > 4 && !strcmp(e->d_name + l - 4, ".ttl")) {
      size_t cap = strlen(dir) + l + 2;
      paths[n]   = malloc(cap);
      snprintf(paths[n++], cap, "%s/%s", dir, e->d_name);
    }
  }
  closedir(d);
  hdc_store *s = NULL;
  hdc_error  err;
  hdc_error_clear(&err);
  assert_int_equal(hdc_store_open(db, NULL, &s, &err), HDC_OK);
  hdc_world *w = hdc_world_new();
  assert_int_equal(
    hdc_store_import_files(
      s, w, "demo", (const char *const *)paths, n, NULL, NULL, &err),
    HDC_OK);
  hdc_world_free(w);
  hdc_store_close(s);
  for (size_t i = 0; i < n; ++i)
    free(paths[i]);
}

static void
import_text(const char *db, const char *dir, const char *name, const char *ttl)
{
  char path[400];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs(ttl, f);
  fclose(f);
  hdc_store *s = NULL;
  hdc_error  err;
  hdc_error_clear(&err);
  assert_int_equal(hdc_store_open(db, NULL, &s, &err), HDC_OK);
  hdc_world        *w       = hdc_world_new();
  const char *const paths[] = { path };
  assert_int_equal(
    hdc_store_import_files(s, w, "extra", paths, 1, NULL, NULL, &err), HDC_OK);
  hdc_world_free(w);
  hdc_store_close(s);
  unlink(path);
}

static int
setup(void **state)
{
  fixture *f = calloc(1, sizeof *f);
  assert_non_null(f);
  const char *tmp = getenv("TMPDIR");
  snprintf(
    f->dir, sizeof f->dir, "%s/hdc-web-api-XXXXXX", tmp && *tmp ? tmp : ".");
  assert_non_null(mkdtemp(f->dir));
  snprintf(f->db, sizeof f->db, "%s/cat.db", f->dir);
  import_dir(f->db, HDC_FIXTURES "/demo/datasets");
  hdc_web_config cfg = { .db_path  = f->db,
                         .base_url = "https://cat.example.org" };
  hdc_error      err;
  hdc_error_clear(&err);
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

static void
get(fixture               *f,
    const char            *target,
    const char            *hname,
    const char            *hvalue,
    hdc_web_test_response *out)
{
  hdc_web_pair         h[1] = { { hname, hvalue } };
  hdc_web_test_request req  = {
     .method = "GET", .target = target, .headers = h, .n_headers = hname ? 1 : 0
  };
  hdc_error err;
  hdc_error_clear(&err);
  assert_int_equal(hdc_web_inject(f->web, &req, out, &err), HDC_OK);
}

static json_t *
parse_json(const hdc_web_test_response *r)
{
  json_error_t je;
  json_t      *j = json_loadb(r->body.ptr, r->body.len, 0, &je);
  if (!j)
    fail_msg("not JSON (%s): %.300s", je.text, r->body.ptr);
  return j;
}

static void
test_api_search_json(void **state)
{
  fixture              *f = *state;
  hdc_web_test_response r;
  get(f, "/api/v1/search?q=cancer&limit=3", NULL, NULL, &r);
  assert_int_equal(r.status, 200);
  json_t *j = parse_json(&r);
  assert_true(json_integer_value(json_object_get(j, "total")) > 3);
  json_t *results = json_object_get(j, "results");
  assert_int_equal(json_array_size(results), 3);
  json_t *hit = json_array_get(results, 0);
  assert_non_null(json_string_value(json_object_get(hit, "title")));
  assert_non_null(strstr(json_string_value(json_object_get(hit, "url")),
                         "https://cat.example.org/api/v1/datasets/"));
  assert_true(json_is_object(json_object_get(j, "facets")));
  json_decref(j);
  hdc_web_test_response_clear(&r);
  /* Paging: page 2 of 3 starts at offset 3. */
  get(f, "/api/v1/search?q=&limit=3&page=2&facets=false", NULL, NULL, &r);
  assert_int_equal(r.status, 200);
  j = parse_json(&r);
  assert_int_equal(json_integer_value(json_object_get(j, "offset")), 3);
  assert_int_equal(json_integer_value(json_object_get(j, "total")), 58);
  json_decref(j);
  hdc_web_test_response_clear(&r);
  /* A facet filter narrows. */
  get(f,
      "/api/v1/search?access_rights=http%3A%2F%2Fnowhere.example%2Fx",
      NULL,
      NULL,
      &r);
  assert_int_equal(r.status, 200);
  j = parse_json(&r);
  assert_int_equal(json_integer_value(json_object_get(j, "total")), 0);
  json_decref(j);
  hdc_web_test_response_clear(&r);
}

static void
test_api_search_cache_follows_changes(void **state)
{
  fixture              *f = *state;
  hdc_web_test_response r;
  json_t               *j;
  for (int i = 0; i < 2; ++i) {
    get(f, "/api/v1/search?q=zanzibar", NULL, NULL, &r);
    j = parse_json(&r);
    assert_int_equal(json_integer_value(json_object_get(j, "total")), 0);
    json_decref(j);
    hdc_web_test_response_clear(&r);
  }
  import_text(f->db,
              f->dir,
              "z.ttl",
              "@prefix dcat: <http://www.w3.org/ns/dcat#> .\n"
              "@prefix dct: <http://purl.org/dc/terms/> .\n"
              "<https://example.org/z> a dcat:Dataset ;\n"
              "  dct:title \"Registre de Zanzibar\"@fr .\n");
  get(f, "/api/v1/search?q=zanzibar", NULL, NULL, &r);
  j = parse_json(&r);
  assert_int_equal(json_integer_value(json_object_get(j, "total")), 1);
  json_decref(j);
  hdc_web_test_response_clear(&r);
  /* Same words, other language: its own answer. */
  get(f, "/api/v1/search?q=zanzibar&lang=en", NULL, NULL, &r);
  j = parse_json(&r);
  assert_int_equal(json_integer_value(json_object_get(j, "total")), 1);
  json_decref(j);
  hdc_web_test_response_clear(&r);
}

static void
test_api_search_bad_parameters_400(void **state)
{
  fixture    *f         = *state;
  const char *targets[] = {
    "/api/v1/search?limit=0", "/api/v1/search?limit=1000",
    "/api/v1/search?page=0",  "/api/v1/search?page=-1",
    "/api/v1/search?sort=x",  "/api/v1/search?nosuch=1",
  };
  for (size_t i = 0; i < sizeof targets / sizeof targets[0]; ++i) {
    hdc_web_test_response r;
    get(f, targets[i], NULL, NULL, &r);
    if (r.status != 400)
      fail_msg("%s: %d", targets[i], r.status);
    json_t *j = parse_json(&r);
    assert_string_equal(
      json_string_value(json_object_get(json_object_get(j, "error"), "code")),
      "bad_request");
    json_decref(j);
    hdc_web_test_response_clear(&r);
  }
  /* A query over the length limit is a 400, not a failure. */
  char *q = malloc(5000);
  memcpy(q, "/api/v1/search?q=", 17);
  memset(q + 17, 'a', 4000);
  q[4017] = '\0';
  hdc_web_test_response r;
  get(f, q, NULL, NULL, &r);
  assert_int_equal(r.status, 400);
  hdc_web_test_response_clear(&r);
  free(q);
}

static void
test_api_dataset_and_404(void **state)
{
  fixture              *f = *state;
  hdc_web_test_response r;
  get(f, "/api/v1/datasets/1", NULL, NULL, &r);
  assert_int_equal(r.status, 200);
  json_t *j = parse_json(&r);
  assert_int_equal(json_integer_value(json_object_get(j, "id")), 1);
  assert_string_equal(json_string_value(json_object_get(j, "status")),
                      "active");
  assert_string_equal(
    json_string_value(json_object_get(json_object_get(j, "links"), "turtle")),
    "https://cat.example.org/dataset/1.ttl");
  json_decref(j);
  hdc_web_test_response_clear(&r);
  const char *missing[] = { "/api/v1/datasets/99999",
                            "/api/v1/datasets/0",
                            "/api/v1/datasets/abc",
                            "/api/v1/datasets/1.ttl" };
  for (size_t i = 0; i < 4; ++i) {
    get(f, missing[i], NULL, NULL, &r);
    if (r.status != 404)
      fail_msg("%s: %d", missing[i], r.status);
    hdc_web_test_response_clear(&r);
  }
}

static void
test_openapi_describes_every_api_route(void **state)
{
  fixture              *f = *state;
  hdc_web_test_response r;
  get(f, "/api/v1/openapi.json", NULL, NULL, &r);
  assert_int_equal(r.status, 200);
  json_t *j = parse_json(&r);
  assert_string_equal(json_string_value(json_object_get(j, "openapi")),
                      "3.0.3");
  json_t *paths = json_object_get(j, "paths");
  for (size_t i = 0; hdc_web_routes[i].pattern; ++i) {
    const char *p = hdc_web_routes[i].pattern;
    if (strncmp(p, "/api/", 5))
      continue;
    json_t *item = json_object_get(paths, p);
    if (!item)
      fail_msg("route %s %s is not described", hdc_web_routes[i].method, p);
    char   m[16];
    size_t k = 0;
    for (; hdc_web_routes[i].method[k] && k < 15; ++k)
      m[k] = (char)(hdc_web_routes[i].method[k] - 'A' + 'a');
    m[k] = '\0';
    if (!json_object_get(item, m))
      fail_msg("method %s of %s is not described", m, p);
  }
  /* The publishing routes too, whether or not they are registered yet. */
  assert_non_null(
    json_object_get(json_object_get(paths, "/api/v1/datasets/{id}"), "put"));
  assert_non_null(
    json_object_get(json_object_get(paths, "/api/v1/datasets/{id}"), "delete"));
  assert_non_null(
    json_object_get(json_object_get(paths, "/api/v1/validate"), "post"));
  json_decref(j);
  hdc_web_test_response_clear(&r);
}

static void
test_dataset_rdf_forms_and_negotiation(void **state)
{
  fixture              *f = *state;
  hdc_web_test_response r;
  struct
  {
    const char *target, *accept, *type;
    hdc_format  format;
  } cases[] = {
    { "/dataset/3.ttl", NULL, "text/turtle", HDC_FORMAT_TURTLE },
    { "/dataset/3.rdf", NULL, "application/rdf+xml", HDC_FORMAT_RDFXML },
    { "/dataset/3.jsonld", NULL, "application/ld+json", HDC_FORMAT_JSONLD },
    { "/dataset/3.nt", NULL, "application/n-triples", HDC_FORMAT_NTRIPLES },
    { "/dataset/3", "text/turtle", "text/turtle", HDC_FORMAT_TURTLE },
    { "/dataset/3",
      "application/ld+json;q=0.9, text/html;q=0.5",
      "application/ld+json",
      HDC_FORMAT_JSONLD },
    { "/dataset/3",
      "application/rdf+xml",
      "application/rdf+xml",
      HDC_FORMAT_RDFXML },
  };
  size_t n_triples = 0;
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; ++i) {
    get(f,
        cases[i].target,
        cases[i].accept ? "Accept" : NULL,
        cases[i].accept,
        &r);
    if (r.status != 200)
      fail_msg("%s: %d", cases[i].target, r.status);
    const char *ct = hdc_web_test_response_header(&r, "Content-Type");
    assert_non_null(strstr(ct, cases[i].type));
    /* Parses back, to the same number of triples in every form. */
    hdc_world     *w  = hdc_world_new();
    hdc_graph     *g  = hdc_graph_new(w);
    hdc_parse_opts po = { .format = cases[i].format };
    hdc_error      err;
    hdc_error_clear(&err);
    assert_int_equal(hdc_rdf_parse(r.body.ptr, r.body.len, &po, g, &err),
                     HDC_OK);
    if (!n_triples)
      n_triples = hdc_graph_size(g);
    assert_int_equal(hdc_graph_size(g), n_triples);
    hdc_graph_free(g);
    hdc_world_free(w);
    hdc_web_test_response_clear(&r);
  }
  assert_true(n_triples > 10);
  /* Nothing acceptable: 406. */
  get(f, "/dataset/3", "Accept", "image/png", &r);
  assert_int_equal(r.status, 406);
  hdc_web_test_response_clear(&r);
  /* Unknown suffix, unknown record: 404. */
  get(f, "/dataset/3.xls", NULL, NULL, &r);
  assert_int_equal(r.status, 404);
  hdc_web_test_response_clear(&r);
  get(f, "/dataset/424242.ttl", NULL, NULL, &r);
  assert_int_equal(r.status, 404);
  hdc_web_test_response_clear(&r);
  /* The ETag comes back: 304, no body. */
  get(f, "/dataset/3.ttl", NULL, NULL, &r);
  char etag[200];
  snprintf(etag, sizeof etag, "%s", hdc_web_test_response_header(&r, "ETag"));
  hdc_web_test_response_clear(&r);
  get(f, "/dataset/3.ttl", "If-None-Match", etag, &r);
  assert_int_equal(r.status, 304);
  assert_int_equal(r.body.len, 0);
  hdc_web_test_response_clear(&r);
}

static void
test_feed_conditional_requests_304(void **state)
{
  fixture              *f = *state;
  hdc_web_test_response r;
  get(f, "/catalog.nt?page=2&page_size=10", NULL, NULL, &r);
  assert_int_equal(r.status, 200);
  char etag[200], lm[64];
  snprintf(etag, sizeof etag, "%s", hdc_web_test_response_header(&r, "ETag"));
  snprintf(
    lm, sizeof lm, "%s", hdc_web_test_response_header(&r, "Last-Modified"));
  assert_non_null(strstr(r.body.ptr, "hydra/core#previous>"));
  /* The next link carries a cursor; it gives exactly page 3. */
  const char *np = strstr(r.body.ptr,
                          "hydra/core#nextPage> \""
                          "https://cat.example.org/catalog.nt?"
                          "page=3&page_size=10&after=");
  assert_non_null(np);
  char next[256];
  np = strstr(np, "/catalog.nt?");
  snprintf(next, sizeof next, "%.*s", (int)strcspn(np, "\""), np);
  hdc_web_test_response_clear(&r);
  hdc_web_test_response r3, r3c;
  get(f, "/catalog.nt?page=3&page_size=10", NULL, NULL, &r3);
  get(f, next, NULL, NULL, &r3c);
  assert_int_equal(r3.status, 200);
  assert_int_equal(r3c.status, 200);
  assert_string_equal(r3.body.ptr, r3c.body.ptr);
  hdc_web_test_response_clear(&r3);
  hdc_web_test_response_clear(&r3c);
  get(f, "/catalog.nt?page=2&page_size=10", "If-None-Match", etag, &r);
  assert_int_equal(r.status, 304);
  hdc_web_test_response_clear(&r);
  get(f, "/catalog.nt?page=2&page_size=10", "If-Modified-Since", lm, &r);
  assert_int_equal(r.status, 304);
  hdc_web_test_response_clear(&r);
  /* Another page has another ETag. */
  get(f, "/catalog.nt?page=3&page_size=10", "If-None-Match", etag, &r);
  assert_int_equal(r.status, 200);
  hdc_web_test_response_clear(&r);
  /* A change: the old ETag is stale. */
  import_text(f->db,
              f->dir,
              "new.ttl",
              "@prefix dcat: <http://www.w3.org/ns/dcat#> .\n"
              "<https://example.org/new> a dcat:Dataset .\n");
  get(f, "/catalog.nt?page=2&page_size=10", "If-None-Match", etag, &r);
  assert_int_equal(r.status, 200);
  assert_string_not_equal(hdc_web_test_response_header(&r, "ETag"), etag);
  hdc_web_test_response_clear(&r);
}

static void
test_feed_paging_errors(void **state)
{
  fixture              *f = *state;
  hdc_web_test_response r;
  const struct
  {
    const char *target;
    int         status;
  } cases[] = {
    { "/catalog?page=0", 400 },
    { "/catalog?page=x", 400 },
    { "/catalog?page_size=0", 400 },
    { "/catalog?page_size=5000", 400 },
    { "/catalog?page=7", 404 },
    { "/catalog?modified_since=yesterday", 400 },
    { "/catalog?modified_since=2999-01-01", 200 },
    { "/catalog?page=6&page_size=10", 200 },
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; ++i) {
    get(f, cases[i].target, NULL, NULL, &r);
    if (r.status != cases[i].status)
      fail_msg("%s: %d, want %d", cases[i].target, r.status, cases[i].status);
    hdc_web_test_response_clear(&r);
  }
  /* The last page holds the rest: 58 = 5 x 10 + 8. */
  get(f, "/catalog.nt?page=6&page_size=10", NULL, NULL, &r);
  size_t      n = 0;
  const char *p = r.body.ptr;
  while ((p = strstr(p, "/catalog> <http://www.w3.org/ns/dcat#dataset>"))) {
    ++n;
    ++p;
  }
  assert_int_equal(n, 8);
  assert_null(strstr(r.body.ptr, "hydra/core#next>"));
  hdc_web_test_response_clear(&r);
  /* Accept nothing RDF: 406. */
  get(f, "/catalog", "Accept", "text/html", &r);
  assert_int_equal(r.status, 406);
  hdc_web_test_response_clear(&r);
}

/* JSON strings: quotes, backslashes and controls escaped, markup
 * characters never literal, everything else (UTF-8 included) copied. */
static void
test_json_str_escapes(void **state)
{
  (void)state;
  hdc_buf b;
  hdc_buf_init(&b);
  hdc_web_json_str(&b, "a\"b\\c\n\r\t\x01\x7f<x>&\xC3\xA9 end");
  hdc_web_json_str(&b, NULL);
  hdc_web_json_str(&b, "");
  hdc_web_json_str(&b, "<");
  assert_int_equal(hdc_buf_status(&b), HDC_OK);
  assert_string_equal(b.ptr,
                      "\"a\\\"b\\\\c\\n\\r\\t\\u0001\\u007f"
                      "\\u003cx\\u003e\\u0026\xC3\xA9 end\""
                      "\"\"\"\"\"\\u003c\"");
  json_error_t e;
  hdc_buf_reset(&b);
  hdc_web_json_str(&b, "q\"\\\x02<&>\xC3\xA9");
  json_t *v = json_loadb(b.ptr, b.len, JSON_DECODE_ANY, &e);
  assert_non_null(v);
  assert_string_equal(json_string_value(v), "q\"\\\x02<&>\xC3\xA9");
  json_decref(v);
  hdc_buf_clear(&b);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_json_str_escapes),
    cmocka_unit_test_setup_teardown(test_api_search_json, setup, teardown),
    cmocka_unit_test_setup_teardown(
      test_api_search_cache_follows_changes, setup, teardown),
    cmocka_unit_test_setup_teardown(
      test_api_search_bad_parameters_400, setup, teardown),
    cmocka_unit_test_setup_teardown(test_api_dataset_and_404, setup, teardown),
    cmocka_unit_test_setup_teardown(
      test_openapi_describes_every_api_route, setup, teardown),
    cmocka_unit_test_setup_teardown(
      test_dataset_rdf_forms_and_negotiation, setup, teardown),
    cmocka_unit_test_setup_teardown(
      test_feed_conditional_requests_304, setup, teardown),
    cmocka_unit_test_setup_teardown(test_feed_paging_errors, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
