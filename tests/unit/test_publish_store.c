// SPDX-License-Identifier: EUPL-1.2
/*
 * Unit tests of publishing in the store: tokens (creation from the CSPRNG,
 * only a hash stored, checks of malformed, unknown, revoked and expired
 * tokens), pushed records (added, unchanged, updated, withdrawn, brought
 * back; refusals for another publisher's name, a name or IRI bound
 * elsewhere, a record naming another publisher, two datasets or none, a
 * record that does not conform), the audit trail, and a publisher's view.
 *
 * Each test works on its own catalogue file in the working directory,
 * removed afterwards; records are the demo catalogue's descriptions.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_store_util.h"

#include "hdcat/core.h"
#include "hdcat/graph.h"
#include "hdcat/rdf.h"
#include "hdcat/shacl.h"
#include "hdcat/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SCHEMAS HDC_FIXTURES "/../schemas"
#define DEMO HDC_FIXTURES "/demo/datasets/"
#define PUB "https://catalogue.sante.example/agent/gustave-roussy"
#define OTHER "https://catalogue.sante.example/agent/inserm"
#define DS "https://catalogue.sante.example/dataset/canto"

typedef struct fx
{
  char               path[64];
  hdc_store         *s;
  hdc_world         *w;
  hdc_shacl_profile *profile; /* loaded once for all tests */
} fx;

static hdc_world         *g_world;
static hdc_shacl_profile *g_profile;

static int
group_setup(void **state)
{
  (void)state;
  hdc_error err;
  hdc_error_clear(&err);
  g_world = hdc_world_new();
  if (!g_world || hdc_shacl_profile_load(g_world,
                                         SCHEMAS,
                                         HDC_SHACL_PROFILE_HEALTHDCAT_AP_CORE,
                                         &g_profile,
                                         &err)) {
    fprintf(stderr, "profile: %s\n", err.message);
    return -1;
  }
  return 0;
}

static int
group_teardown(void **state)
{
  (void)state;
  hdc_shacl_profile_free(g_profile);
  hdc_world_free(g_world);
  return 0;
}

static int
setup(void **state)
{
  static int n;
  fx        *f = calloc(1, sizeof *f);
  hdc_error  err;
  if (!f)
    return -1;
  snprintf(
    f->path, sizeof f->path, "test_publish_store_%d_%d.db", (int)getpid(), ++n);
  remove_db(f->path);
  if (hdc_store_open(f->path, NULL, &f->s, &err))
    return -1;
  f->w       = g_world;
  f->profile = g_profile;
  *state     = f;
  return 0;
}

static int
teardown(void **state)
{
  fx *f = *state;
  hdc_store_close(f->s);
  remove_db(f->path);
  free(f);
  return 0;
}

/* The whole file at @p path, NUL-terminated (caller frees). */
static char *
slurp(const char *path, size_t *len)
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
      if (len)
        *len = (size_t)n;
    }
  }
  fclose(fp);
  return buf;
}

/* The CANTO description, with @p extra Turtle appended and every
 * occurrence of @p from replaced by @p to (both may be NULL). */
static char *
canto(const char *extra, const char *from, const char *to)
{
  char   *base = slurp(DEMO "canto.ttl", NULL);
  hdc_buf b    = HDC_BUF_INIT;
  assert_non_null(base);
  const char *p = base;
  if (from) {
    const char *q;
    while ((q = strstr(p, from))) {
      hdc_buf_append(&b, p, (size_t)(q - p));
      hdc_buf_puts(&b, to);
      p = q + strlen(from);
    }
  }
  hdc_buf_puts(&b, p);
  if (extra)
    hdc_buf_puts(&b, extra);
  free(base);
  assert_int_equal(hdc_buf_status(&b), HDC_OK);
  return hdc_buf_detach(&b, NULL);
}

static hdc_graph *
parse(fx *f, const char *ttl)
{
  hdc_graph     *g  = hdc_graph_new(f->w);
  hdc_parse_opts po = { .format = HDC_FORMAT_TURTLE, .source = "test" };
  hdc_error      err;
  hdc_error_clear(&err);
  assert_non_null(g);
  if (hdc_rdf_parse(ttl, strlen(ttl), &po, g, &err))
    fail_msg("parse: %s", err.message);
  return g;
}

static char *
read_all_db(const fx *f)
{
  /* The catalogue and its write-ahead log, as one text to search. */
  char   p[96];
  size_t n1 = 0, n2 = 0;
  char  *a = slurp(f->path, &n1);
  snprintf(p, sizeof p, "%s-wal", f->path);
  char *b   = slurp(p, &n2);
  char *out = malloc(n1 + n2 + 1);
  assert_non_null(out);
  if (a)
    memcpy(out, a, n1);
  if (b)
    memcpy(out + n1, b, n2);
  out[n1 + n2] = '\0';
  /* NUL bytes inside the file must not end the search early. */
  for (size_t i = 0; i < n1 + n2; ++i)
    if (!out[i])
      out[i] = ' ';
  free(a);
  free(b);
  return out;
}

/* The secret part of a token "hdc1_<id>_<secret>" (which may itself hold
 * '_', a base64url character). */
static const char *
secret_of(const char *token)
{
  const char *p = strchr(token + 5, '_');
  assert_non_null(p);
  return p + 1;
}

/* ------------------------------------------------------------------------ */

static void
test_sha256_fips_vectors(void **state)
{
  (void)state;
  char h[HDC_STORE_SHA256_MAX];
  hdc_store_sha256_hex("abc", 3, h);
  assert_string_equal(h,
                      "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177"
                      "a9cb410ff61f20015ad");
  hdc_store_sha256_hex("", 0, h);
  assert_string_equal(h,
                      "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b9"
                      "34ca495991b7852b855");
  const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  hdc_store_sha256_hex(two, strlen(two), h);
  assert_string_equal(h,
                      "sha256:248d6a61d20638b8e5c026930c3e6039a33ce45964ff2"
                      "167f6ecedd419db06c1");
  char k[17];
  hdc_store_publisher_key(PUB, k);
  assert_int_equal(strlen(k), 16);
}

static void
test_token_create_shows_secret_once_and_stores_hash(void **state)
{
  fx     *f = *state;
  char    t1[HDC_STORE_TOKEN_MAX], t2[HDC_STORE_TOKEN_MAX];
  int64_t id1 = 0, id2 = 0;
  assert_int_equal(
    hdc_store_token_create(f->s, PUB, "CANTO team", NULL, t1, &id1, NULL),
    HDC_OK);
  assert_int_equal(
    hdc_store_token_create(f->s, PUB, NULL, "2099-12-31", t2, &id2, NULL),
    HDC_OK);
  assert_true(id1 > 0 && id2 > id1);
  assert_true(strncmp(t1, "hdc1_", 5) == 0);
  assert_string_not_equal(t1, t2);
  /* 43 base64url characters carry 258 bits, at least the 256 asked. */
  const char *secret = secret_of(t1);
  assert_int_equal(strlen(secret), 43);
  /* The secret is nowhere in the catalogue file. */
  char *all = read_all_db(f);
  assert_null(strstr(all, secret));
  assert_null(strstr(all, secret_of(t2)));
  free(all);
  hdc_store_tokens *l = NULL;
  assert_int_equal(hdc_store_token_list(f->s, NULL, &l, NULL), HDC_OK);
  assert_int_equal(l->n, 2);
  assert_int_equal(l->items[0].id, id1);
  assert_string_equal(l->items[0].publisher, PUB);
  assert_string_equal(l->items[0].label, "CANTO team");
  assert_string_equal(l->items[0].expires, "");
  assert_string_equal(l->items[1].expires, "2099-12-31T23:59:59Z");
  assert_string_equal(l->items[1].last_used, "");
  hdc_store_tokens_free(l);
  assert_int_equal(hdc_store_token_list(f->s, OTHER, &l, NULL), HDC_OK);
  assert_int_equal(l->n, 0);
  hdc_store_tokens_free(l);
}

static void
test_token_create_refuses_bad_arguments(void **state)
{
  fx         *f = *state;
  char        t[HDC_STORE_TOKEN_MAX];
  hdc_error   err;
  const char *bad_pub[] = {
    "",         "gustave-roussy", "https://a b", "https://x/<y>",
    ":nothing", "1http://x"
  };
  for (size_t i = 0; i < sizeof bad_pub / sizeof *bad_pub; ++i) {
    hdc_error_clear(&err);
    assert_int_equal(
      hdc_store_token_create(f->s, bad_pub[i], NULL, NULL, t, NULL, &err),
      HDC_ERR_INVALID_ARG);
  }
  const char *bad_date[] = { "2025-02-30", "2025-13-01",           "tomorrow",
                             "2025-1-01",  "2025-01-01T25:00:00Z", "+025-01-01",
                             "2025-01-01 " };
  for (size_t i = 0; i < sizeof bad_date / sizeof *bad_date; ++i) {
    hdc_error_clear(&err);
    assert_int_equal(
      hdc_store_token_create(f->s, PUB, NULL, bad_date[i], t, NULL, &err),
      HDC_ERR_INVALID_ARG);
  }
  assert_int_equal(
    hdc_store_token_create(f->s, PUB, "bad\nlabel", NULL, t, NULL, &err),
    HDC_ERR_INVALID_ARG);
  assert_int_equal(
    hdc_store_token_create(f->s, PUB, NULL, "2024-02-29", t, NULL, NULL),
    HDC_OK);
  hdc_store_tokens *l = NULL;
  assert_int_equal(hdc_store_token_list(f->s, NULL, &l, NULL), HDC_OK);
  assert_int_equal(l->n, 1);
  hdc_store_tokens_free(l);
}

static hdc_store_token_state
check(fx *f, const char *token, char **publisher, int64_t *id)
{
  hdc_store_token_auth a;
  assert_int_equal(hdc_store_token_check(f->s, token, strlen(token), &a, NULL),
                   HDC_OK);
  hdc_store_token_state st = a.state;
  if (publisher)
    *publisher = a.publisher ? strdup(a.publisher) : NULL;
  if (id)
    *id = a.id;
  hdc_store_token_auth_clear(&a);
  return st;
}

static void
test_token_check_states(void **state)
{
  fx  *f = *state;
  char ok[HDC_STORE_TOKEN_MAX], old[HDC_STORE_TOKEN_MAX],
    rev[HDC_STORE_TOKEN_MAX];
  int64_t id_ok, id_old, id_rev, id;
  char   *pub = NULL;
  assert_int_equal(
    hdc_store_token_create(f->s, PUB, NULL, NULL, ok, &id_ok, NULL), HDC_OK);
  assert_int_equal(
    hdc_store_token_create(f->s, PUB, NULL, "2020-01-01", old, &id_old, NULL),
    HDC_OK);
  assert_int_equal(
    hdc_store_token_create(f->s, OTHER, NULL, NULL, rev, &id_rev, NULL),
    HDC_OK);
  assert_int_equal(check(f, ok, &pub, &id), HDC_STORE_TOKEN_OK);
  assert_string_equal(pub, PUB);
  assert_int_equal(id, id_ok);
  free(pub);
  assert_int_equal(check(f, old, NULL, &id), HDC_STORE_TOKEN_EXPIRED);
  assert_int_equal(id, id_old);
  assert_int_equal(check(f, rev, NULL, NULL), HDC_STORE_TOKEN_OK);
  assert_int_equal(hdc_store_token_revoke(f->s, id_rev, NULL), HDC_OK);
  assert_int_equal(check(f, rev, &pub, NULL), HDC_STORE_TOKEN_REVOKED);
  assert_null(pub);
  assert_int_equal(hdc_store_token_revoke(f->s, 999, NULL), HDC_ERR_NOT_FOUND);

  /* One character of the secret changed: unknown, and no id given. */
  char wrong[HDC_STORE_TOKEN_MAX];
  snprintf(wrong, sizeof wrong, "%s", ok);
  size_t last = strlen(wrong) - 1;
  wrong[last] = wrong[last] == 'A' ? 'B' : 'A';
  assert_int_equal(check(f, wrong, NULL, &id), HDC_STORE_TOKEN_UNKNOWN);
  assert_int_equal(id, 0);
  /* The right secret under another id. */
  char moved[HDC_STORE_TOKEN_MAX];
  snprintf(
    moved, sizeof moved, "hdc1_%lld_%s", (long long)id_old, secret_of(ok));
  assert_int_equal(check(f, moved, NULL, NULL), HDC_STORE_TOKEN_UNKNOWN);
  snprintf(moved, sizeof moved, "hdc1_9999_%s", secret_of(ok));
  assert_int_equal(check(f, moved, NULL, NULL), HDC_STORE_TOKEN_UNKNOWN);

  const char *malformed[] = {
    "", "x", "hdc1_", "hdc1__abc", "Bearer hdc1_1_aaaa", "hdc2_1_"
  };
  for (size_t i = 0; i < sizeof malformed / sizeof *malformed; ++i)
    assert_int_equal(check(f, malformed[i], NULL, NULL),
                     HDC_STORE_TOKEN_MALFORMED);
  /* A secret with a character outside base64url, or one too long. */
  char odd[HDC_STORE_TOKEN_MAX + 8];
  snprintf(odd, sizeof odd, "%s", ok);
  odd[strlen(odd) - 2] = '%';
  assert_int_equal(check(f, odd, NULL, NULL), HDC_STORE_TOKEN_MALFORMED);
  snprintf(odd, sizeof odd, "%sA", ok);
  assert_int_equal(check(f, odd, NULL, NULL), HDC_STORE_TOKEN_MALFORMED);
}

static void
test_push_name_rules(void **state)
{
  (void)state;
  assert_true(hdc_store_push_name_valid("canto"));
  assert_true(hdc_store_push_name_valid("CANTO-2024_v1.2~x"));
  assert_false(hdc_store_push_name_valid(""));
  assert_false(hdc_store_push_name_valid(".hidden"));
  assert_false(hdc_store_push_name_valid(".."));
  assert_false(hdc_store_push_name_valid("a/b"));
  assert_false(hdc_store_push_name_valid("a b"));
  assert_false(hdc_store_push_name_valid("é"));
  char longname[102];
  memset(longname, 'a', 101);
  longname[101] = '\0';
  assert_false(hdc_store_push_name_valid(longname));
  longname[100] = '\0';
  assert_true(hdc_store_push_name_valid(longname));
}

static hdc_status
put(fx                    *f,
    const char            *name,
    const char            *pub,
    const char            *ttl,
    hdc_store_push_result *res)
{
  hdc_graph     *g = parse(f, ttl);
  hdc_error      err;
  hdc_store_push p = { .name      = name,
                       .publisher = pub,
                       .token_id  = 1,
                       .remote    = "192.0.2.1",
                       .profile   = f->profile };
  hdc_error_clear(&err);
  hdc_status st = hdc_store_push_put(f->s, &p, g, res, &err);
  if (st && st != HDC_FAILURE)
    fail_msg("push: %s", err.message);
  hdc_graph_free(g);
  return st;
}

static int64_t
count(fx *f, const char *sql)
{
  /* Through the public API only: the record count, the audit count, and a
   * search for the active records. */
  if (!strcmp(sql, "records"))
    return hdc_store_record_count(f->s);
  if (!strcmp(sql, "audit"))
    return hdc_store_audit_count(f->s);
  hdc_store_query    q = { .text = HDC_STR_NULL, .include_invalid = true };
  hdc_store_results *r = NULL;
  assert_int_equal(hdc_store_search(f->s, &q, &r, NULL), HDC_OK);
  int64_t n = (int64_t)r->total;
  hdc_store_results_free(r);
  return n;
}

static void
test_push_put_added_unchanged_updated(void **state)
{
  fx                   *f = *state;
  hdc_store_push_result r;
  char                 *v1 = canto(NULL, NULL, NULL);
  char *v2 = canto("<" DS "> <http://www.w3.org/ns/dcat#keyword> \"nouveau\"@fr"
                   " .\n",
                   NULL,
                   NULL);
  int64_t tid;
  char    tok[HDC_STORE_TOKEN_MAX];
  assert_int_equal(
    hdc_store_token_create(f->s, PUB, NULL, NULL, tok, &tid, NULL), HDC_OK);
  assert_int_equal(tid, 1);

  assert_int_equal(put(f, "canto", PUB, v1, &r), HDC_OK);
  assert_int_equal(r.refusal, HDC_STORE_PUSH_ACCEPTED);
  assert_int_equal(r.kind, HDC_STORE_ADDED);
  assert_int_equal(r.status, 201);
  assert_string_equal(r.iri, DS);
  assert_string_equal(r.hash_before, "");
  assert_true(strncmp(r.hash_after, "sha256:", 7) == 0);
  int64_t rec = r.record_id;
  char    h1[HDC_STORE_SHA256_MAX];
  memcpy(h1, r.hash_after, sizeof h1);
  assert_int_equal(count(f, "active"), 1);

  assert_int_equal(put(f, "canto", PUB, v1, &r), HDC_OK);
  assert_int_equal(r.kind, HDC_STORE_UNCHANGED);
  assert_int_equal(r.status, 200);
  assert_string_equal(r.hash_before, h1);
  assert_string_equal(r.hash_after, h1);

  assert_int_equal(put(f, "canto", PUB, v2, &r), HDC_OK);
  assert_int_equal(r.kind, HDC_STORE_UPDATED);
  assert_int_equal(r.record_id, rec);
  assert_string_equal(r.hash_before, h1);
  assert_string_not_equal(r.hash_after, h1);
  assert_int_equal(count(f, "records"), 1);
  assert_int_equal(count(f, "audit"), 3);

  char   *owner = NULL, *iri = NULL;
  int64_t rid = 0;
  assert_int_equal(
    hdc_store_push_owner(f->s, "canto", &owner, &iri, &rid, NULL), HDC_OK);
  assert_string_equal(owner, PUB);
  assert_string_equal(iri, DS);
  assert_int_equal(rid, rec);
  hdc_free(owner);
  hdc_free(iri);
  assert_int_equal(hdc_store_push_owner(f->s, "nobody", NULL, NULL, NULL, NULL),
                   HDC_FAILURE);

  /* The record lives in the publisher's push source. */
  hdc_store_record *rr = NULL;
  assert_int_equal(hdc_store_record_get(f->s, rec, "fr", &rr, NULL), HDC_OK);
  assert_string_equal(rr->source, "push:" PUB);
  assert_string_equal(rr->status, "active");
  assert_true(rr->valid);
  hdc_store_record_free(rr);

  /* The trail, newest first, with the token's last use set. */
  hdc_store_audit_entries *a = NULL;
  assert_int_equal(hdc_store_audit_list(f->s, PUB, 0, &a, NULL), HDC_OK);
  assert_int_equal(a->n, 3);
  assert_string_equal(a->items[0].result, "updated");
  assert_string_equal(a->items[1].result, "unchanged");
  assert_string_equal(a->items[2].result, "added");
  assert_int_equal(a->items[2].status, 201);
  assert_int_equal(a->items[2].token_id, 1);
  assert_string_equal(a->items[2].record, "canto");
  assert_string_equal(a->items[2].remote, "192.0.2.1");
  assert_string_equal(a->items[0].hash_before, h1);
  hdc_store_audit_entries_free(a);
  assert_int_equal(hdc_store_audit_list(f->s, OTHER, 0, &a, NULL), HDC_OK);
  assert_int_equal(a->n, 0);
  hdc_store_audit_entries_free(a);
  assert_int_equal(hdc_store_audit_list(f->s, NULL, 1, &a, NULL), HDC_OK);
  assert_int_equal(a->n, 1);
  hdc_store_audit_entries_free(a);
  hdc_store_tokens *l = NULL;
  assert_int_equal(hdc_store_token_list(f->s, PUB, &l, NULL), HDC_OK);
  assert_string_not_equal(l->items[0].last_used, "");
  hdc_store_tokens_free(l);
  free(v1);
  free(v2);
}

static void
test_push_refusals_change_nothing(void **state)
{
  fx                   *f = *state;
  hdc_store_push_result r;
  char                 *v1 = canto(NULL, NULL, NULL);
  assert_int_equal(put(f, "canto", PUB, v1, &r), HDC_OK);
  int64_t           records = count(f, "records"), audit = count(f, "audit");
  hdc_store_record *before = NULL;
  assert_int_equal(hdc_store_record_get(f->s, r.record_id, "fr", &before, NULL),
                   HDC_OK);

  /* Another publisher's name: refused even with a record of its own. */
  char *theirs = canto(NULL, PUB, OTHER);
  assert_int_equal(put(f, "canto", OTHER, theirs, &r), HDC_FAILURE);
  assert_int_equal(r.refusal, HDC_STORE_PUSH_NOT_OWNER);
  /* A record that names another publisher than the token's. */
  assert_int_equal(put(f, "canto", PUB, theirs, &r), HDC_FAILURE);
  assert_int_equal(r.refusal, HDC_STORE_PUSH_BAD_RECORD);
  /* The name bound to another IRI, and the IRI under another name. */
  char *moved = canto(NULL, DS ">", DS "-2>");
  assert_int_equal(put(f, "canto", PUB, moved, &r), HDC_FAILURE);
  assert_int_equal(r.refusal, HDC_STORE_PUSH_NAME_BOUND);
  assert_string_equal(r.iri, DS);
  assert_int_equal(put(f, "canto-bis", PUB, v1, &r), HDC_FAILURE);
  assert_int_equal(r.refusal, HDC_STORE_PUSH_IRI_BOUND);
  /* Two datasets, none. */
  char *two = canto("<" DS "-3> a <http://www.w3.org/ns/dcat#Dataset> ;"
                    " <http://purl.org/dc/terms/publisher> <" PUB "> .\n",
                    NULL,
                    NULL);
  assert_int_equal(put(f, "canto", PUB, two, &r), HDC_FAILURE);
  assert_int_equal(r.refusal, HDC_STORE_PUSH_BAD_RECORD);
  assert_int_equal(put(f,
                       "canto",
                       PUB,
                       "<http://x/a> <http://purl.org/dc/terms/title> \"a\" .",
                       &r),
                   HDC_FAILURE);
  assert_int_equal(r.refusal, HDC_STORE_PUSH_BAD_RECORD);
  /* Two publishers on the one dataset. */
  char *both =
    canto("<" DS "> <http://purl.org/dc/terms/publisher> <" OTHER "> .\n",
          NULL,
          NULL);
  assert_int_equal(put(f, "canto", PUB, both, &r), HDC_FAILURE);
  assert_int_equal(r.refusal, HDC_STORE_PUSH_BAD_RECORD);
  /* A record that does not conform: two access rights. */
  char *bad = canto("<" DS "> <http://purl.org/dc/terms/accessRights>"
                    " <http://publications.europa.eu/resource/authority/"
                    "access-right/PUBLIC> .\n",
                    NULL,
                    NULL);
  assert_int_equal(put(f, "canto", PUB, bad, &r), HDC_FAILURE);
  assert_int_equal(r.refusal, HDC_STORE_PUSH_INVALID);
  /* Nor as a new record. */
  char *bad_new = canto("<" DS "-new> <http://purl.org/dc/terms/accessRights>"
                        " <http://publications.europa.eu/resource/authority/"
                        "access-right/PUBLIC> .\n",
                        DS ">",
                        DS "-new>");
  assert_int_equal(put(f, "canto-new", PUB, bad_new, &r), HDC_FAILURE);
  assert_int_equal(r.refusal, HDC_STORE_PUSH_INVALID);
  assert_int_equal(
    hdc_store_push_owner(f->s, "canto-new", NULL, NULL, NULL, NULL),
    HDC_FAILURE);

  assert_int_equal(count(f, "records"), records);
  assert_int_equal(count(f, "audit"), audit);
  hdc_store_record *after = NULL;
  assert_int_equal(hdc_store_record_get(f->s, before->id, "fr", &after, NULL),
                   HDC_OK);
  assert_string_equal(after->hash, before->hash);
  assert_string_equal(after->last_seen, before->last_seen);
  assert_string_equal(after->status, "active");
  hdc_store_record_free(after);
  hdc_store_record_free(before);
  free(v1);
  free(theirs);
  free(moved);
  free(two);
  free(both);
  free(bad);
  free(bad_new);
}

static void
test_push_withdraw_never_erases(void **state)
{
  fx                   *f = *state;
  hdc_store_push_result r;
  char                 *v1 = canto(NULL, NULL, NULL);
  hdc_store_push        p  = { .name = "canto", .publisher = PUB };
  assert_int_equal(hdc_store_push_withdraw(f->s, &p, &r, NULL), HDC_FAILURE);
  assert_int_equal(r.refusal, HDC_STORE_PUSH_NOT_FOUND);
  assert_int_equal(put(f, "canto", PUB, v1, &r), HDC_OK);
  int64_t rec = r.record_id;
  char    h1[HDC_STORE_SHA256_MAX];
  memcpy(h1, r.hash_after, sizeof h1);
  hdc_store_push other = { .name = "canto", .publisher = OTHER };
  assert_int_equal(hdc_store_push_withdraw(f->s, &other, &r, NULL),
                   HDC_FAILURE);
  assert_int_equal(r.refusal, HDC_STORE_PUSH_NOT_OWNER);
  assert_int_equal(count(f, "active"), 1);

  assert_int_equal(hdc_store_push_withdraw(f->s, &p, &r, NULL), HDC_OK);
  assert_int_equal(r.kind, HDC_STORE_UPDATED);
  assert_int_equal(r.record_id, rec);
  assert_string_equal(r.hash_before, h1);
  assert_int_equal(count(f, "active"), 0);
  assert_int_equal(count(f, "records"), 1);
  hdc_store_record *rr = NULL;
  assert_int_equal(hdc_store_record_get(f->s, rec, "fr", &rr, NULL), HDC_OK);
  assert_string_equal(rr->status, "withdrawn");
  assert_string_equal(rr->withdrawn_reason, "withdrawn by its publisher");
  assert_non_null(strstr(rr->ntriples, DS));
  hdc_store_record_free(rr);

  assert_int_equal(hdc_store_push_withdraw(f->s, &p, &r, NULL), HDC_OK);
  assert_int_equal(r.kind, HDC_STORE_UNCHANGED);

  /* The publisher's view still lists it, withdrawn. */
  char key[17];
  hdc_store_publisher_key(PUB, key);
  hdc_store_publisher_view *v = NULL;
  assert_int_equal(hdc_store_publisher_get(f->s, key, "en", &v, NULL), HDC_OK);
  assert_string_equal(v->iri, PUB);
  assert_int_equal(v->n_records, 1);
  assert_string_equal(v->records[0].status, "withdrawn");
  assert_string_equal(v->records[0].name, "canto");
  assert_int_equal(v->n_sources, 1);
  assert_string_equal(v->sources[0], "push:" PUB);
  hdc_store_publisher_view_free(v);

  /* Pushed again, the same record comes back. */
  assert_int_equal(put(f, "canto", PUB, v1, &r), HDC_OK);
  assert_int_equal(r.kind, HDC_STORE_UPDATED);
  assert_int_equal(r.record_id, rec);
  assert_int_equal(count(f, "active"), 1);

  assert_int_equal(hdc_store_publisher_get(f->s, PUB, "fr", &v, NULL), HDC_OK);
  assert_string_equal(v->records[0].status, "active");
  assert_string_equal(v->label, "Gustave Roussy");
  assert_non_null(strstr(v->records[0].title, "Cohorte CANTO"));
  hdc_store_publisher_view_free(v);
  assert_int_equal(
    hdc_store_publisher_get(f->s, "0000000000000000", "fr", &v, NULL),
    HDC_ERR_NOT_FOUND);
  hdc_store_audit_entries *a = NULL;
  assert_int_equal(hdc_store_audit_list(f->s, NULL, 0, &a, NULL), HDC_OK);
  assert_int_equal(a->n, 4);
  assert_string_equal(a->items[1].action, "delete");
  assert_string_equal(a->items[1].result, "unchanged");
  assert_string_equal(a->items[2].result, "withdrawn");
  assert_int_equal(a->items[2].status, 200);
  hdc_store_audit_entries_free(a);
  free(v1);
}

static void
test_audit_add_refusal(void **state)
{
  fx                   *f  = *state;
  hdc_store_audit_entry e  = { .action  = "put",
                               .status  = 401,
                               .result  = "refused",
                               .record  = "canto",
                               .remote  = "198.51.100.7",
                               .message = "no token" };
  int64_t               id = 0;
  assert_int_equal(hdc_store_audit_add(f->s, &e, &id, NULL), HDC_OK);
  assert_true(id > 0);
  hdc_store_audit_entries *a = NULL;
  assert_int_equal(hdc_store_audit_list(f->s, NULL, 0, &a, NULL), HDC_OK);
  assert_int_equal(a->n, 1);
  assert_int_equal(a->items[0].token_id, 0);
  assert_int_equal(a->items[0].record_id, 0);
  assert_int_equal(a->items[0].status, 401);
  assert_string_equal(a->items[0].publisher, "");
  assert_string_equal(a->items[0].message, "no token");
  assert_int_equal(strlen(a->items[0].at), 20);
  hdc_store_audit_entries_free(a);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_sha256_fips_vectors),
    cmocka_unit_test(test_push_name_rules),
    cmocka_unit_test_setup_teardown(
      test_token_create_shows_secret_once_and_stores_hash, setup, teardown),
    cmocka_unit_test_setup_teardown(
      test_token_create_refuses_bad_arguments, setup, teardown),
    cmocka_unit_test_setup_teardown(test_token_check_states, setup, teardown),
    cmocka_unit_test_setup_teardown(
      test_push_put_added_unchanged_updated, setup, teardown),
    cmocka_unit_test_setup_teardown(
      test_push_refusals_change_nothing, setup, teardown),
    cmocka_unit_test_setup_teardown(
      test_push_withdraw_never_erases, setup, teardown),
    cmocka_unit_test_setup_teardown(test_audit_add_refusal, setup, teardown),
  };
  return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
