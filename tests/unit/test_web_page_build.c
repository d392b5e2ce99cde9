// SPDX-License-Identifier: EUPL-1.2
/*
 * How dataset pages are made fast, checked for doing the same thing as the
 * slow way: the page skeleton's markup kept per language (the same bytes
 * as building it, made once even when threads race, never kept half-made
 * after an allocation failure), the escaping table of the serialiser byte
 * by byte, and the schema.org JSON-LD written as text (the same bytes as
 * jansson's compact ASCII output of the same object) on a record full of
 * quotes, controls and characters beyond the BMP, in a real SQLite
 * catalogue.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "hdcat/core.h"
#include "hdcat/graph.h"
#include "hdcat/store.h"
#include "web/pages.h"

#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- a request built by hand ------------------------------------------ */

typedef struct fake
{
  hdc_web_req  req;
  hdc_web_resp resp;
  hdc_web_ctx  ctx;
  hdc_web_pair params[4];
} fake;

static hdc_store *g_store;
static char       g_db[256];
static char       g_ttl[256];

static void
fake_init(fake *f, const char *path, const char *lang)
{
  memset(f, 0, sizeof *f);
  f->req.method = "GET";
  f->req.path   = path;
  f->req.query  = "";
  f->req.lang   = lang;
  f->req.remote = "127.0.0.1";
  f->req.arena  = hdc_arena_new(0);
  f->ctx.store  = g_store;
  f->req.ctx    = &f->ctx;
  f->req.params = f->params;
}

static void
fake_clear(fake *f)
{
  hdc_buf_clear(&f->resp.body);
  hdc_arena_free(f->req.arena);
}

/* A whole page with a title and a paragraph, as hdc_malloc'd text; NULL
 * if it could not be built (HDC_ERR_NOMEM in *st). */
static char *
plain_page(const char *path, const char *lang, hdc_status *st)
{
  fake f;
  fake_init(&f, path, lang);
  char *r = NULL;
  *st     = HDC_ERR_NOMEM;
  if (f.req.arena) {
    hdc_html *doc = hdc_html_page(&f.req, "Titre <&> \"t\"");
    hdc_html_text(hdc_html_el(hdc_html_main(doc), "p", NULL), "corps");
    *st = hdc_html_finish(doc, &f.resp);
    if (*st == HDC_OK && !(r = hdc_strndup(f.resp.body.ptr, f.resp.body.len)))
      *st = HDC_ERR_NOMEM;
  }
  fake_clear(&f);
  return r;
}

/* ---- the catalogue: one record with hard strings ------------------------ */

/* Quotes, a backslash, a tab, a C0 control, DEL, accents, a character
 * beyond the BMP, and markup, in the fields the JSON-LD carries. */
static const char record_ttl[] =
  "@prefix dcat: <http://www.w3.org/ns/dcat#> .\n"
  "@prefix dct: <http://purl.org/dc/terms/> .\n"
  "@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n"
  "<https://t.example/ds/1> a dcat:Dataset ;\n"
  "  dct:title \"Qualit\\u00E9 \\\"air\\\" \\\\ <b>&amp; \\t"
  "\\u0001\\u007F \\U0001F600\"@fr ;\n"
  "  dct:description \"Ligne 1\\nLigne 2 \\u2028 fin\"@fr ;\n"
  "  dcat:keyword \"\\u00E9t\\u00E9\"@fr, \"summer\"@en, \"\\U0001D11E\" ;\n"
  "  dct:publisher <https://t.example/org> ;\n"
  "  dct:issued \"2021-02-03\" ;\n"
  "  dct:temporal [ dcat:startDate \"2001-01-01\" ] ;\n"
  "  dcat:distribution [ dcat:downloadURL <https://t.example/f.csv> ;\n"
  "    dct:license <https://t.example/licence> ;\n"
  "    dct:format \"CSV \\\"1\\\"\" ] .\n"
  "<https://t.example/org> foaf:name \"Agence \\u00AB A \\u00BB\"@fr .\n";

static int
setup(void **state)
{
  (void)state;
  snprintf(g_db, sizeof g_db, "test_web_page_build_%ld.db", (long)getpid());
  snprintf(g_ttl, sizeof g_ttl, "test_web_page_build_%ld.ttl", (long)getpid());
  unlink(g_db);
  FILE *f = fopen(g_ttl, "w");
  if (!f || fwrite(record_ttl, 1, sizeof record_ttl - 1, f) !=
              sizeof record_ttl - 1) {
    if (f)
      fclose(f);
    return -1;
  }
  fclose(f);
  hdc_error err;
  hdc_error_clear(&err);
  if (hdc_store_open(g_db, NULL, &g_store, &err) != HDC_OK)
    return -1;
  const char *paths[] = { g_ttl };
  hdc_world  *w       = hdc_world_new();
  hdc_status  st =
    hdc_store_import_files(g_store, w, "t", paths, 1, NULL, NULL, &err);
  hdc_world_free(w);
  if (st != HDC_OK) {
    fprintf(stderr, "import: %s\n", err.message);
    return -1;
  }
  return 0;
}

static int
teardown(void **state)
{
  (void)state;
  hdc_store_close(g_store);
  g_store = NULL;
  hdc_html_skeleton_free();
  hdc_web_labels_free();
  char side[300];
  unlink(g_db);
  unlink(g_ttl);
  snprintf(side, sizeof side, "%s-wal", g_db);
  unlink(side);
  snprintf(side, sizeof side, "%s-shm", g_db);
  unlink(side);
  return 0;
}

/* ---- the skeleton ------------------------------------------------------- */

static void
test_skeleton_kept_markup_same_as_first_build(void **state)
{
  (void)state;
  static const char *const langs[] = { "fr", "en" };
  for (size_t l = 0; l < 2; l++) {
    hdc_status st;
    hdc_html_skeleton_free();
    char *first = plain_page("/a", langs[l], &st); /* builds the parts */
    assert_non_null(first);
    char *again = plain_page("/a", langs[l], &st); /* copies them */
    assert_non_null(again);
    assert_string_equal(first, again);
    /* Per request: the title (escaped) and the language switch. */
    assert_non_null(strstr(first, "<title>Titre &lt;&amp;&gt; &quot;t&quot;"));
    char *other = plain_page("/b", langs[l], &st);
    assert_non_null(other);
    assert_non_null(
      strstr(other, l ? "href=\"/b?lang=fr\"" : "href=\"/b?lang=en\""));
    assert_string_not_equal(first, other);
    /* The kept parts are those of the page's language. */
    assert_non_null(strstr(again,
                           l ? "fr-icon-search-line\" href=\"/search?lang=en\""
                             : "fr-icon-search-line\" href=\"/search\""));
    assert_non_null(strstr(again, l ? "Quick access" : "Accès rapide"));
    hdc_free(first);
    hdc_free(again);
    hdc_free(other);
  }
}

static void
test_skeleton_oom_never_keeps_half_markup(void **state)
{
  (void)state;
  hdc_status st;
  hdc_html_skeleton_free();
  char *ref = plain_page("/a", "en", &st);
  assert_non_null(ref);
  /* Fail the Nth allocation for every N while the parts are being made:
   * a page is whole or HDC_ERR_NOMEM, and what is kept afterwards is
   * never a part cut short. */
  bool built = false;
  for (long n = 0; n < 600 && !built; n++) {
    hdc_html_skeleton_free();
    hdc_alloc_fail_after(n);
    char *p = plain_page("/a", "en", &st);
    hdc_alloc_fail_after(-1);
    if (p) {
      built = true;
      assert_string_equal(p, ref);
      hdc_free(p);
    } else {
      assert_int_equal(st, HDC_ERR_NOMEM);
    }
    char *after = plain_page("/a", "en", &st);
    assert_non_null(after);
    assert_string_equal(after, ref);
    hdc_free(after);
  }
  assert_true(built);
  hdc_free(ref);
}

typedef struct race
{
  const char *ref[2];
  int         mismatches;
} race;

static void *
race_pages(void *arg)
{
  race *r = arg;
  for (int i = 0; i < 200; i++) {
    hdc_status st;
    char      *p = plain_page("/a", i % 2 ? "en" : "fr", &st);
    if (!p || strcmp(p, r->ref[i % 2]))
      r->mismatches++;
    hdc_free(p);
  }
  return NULL;
}

static void
test_skeleton_threads_race_to_make_it(void **state)
{
  (void)state;
  hdc_status st;
  char      *ref_fr = plain_page("/a", "fr", &st);
  char      *ref_en = plain_page("/a", "en", &st);
  assert_non_null(ref_fr);
  assert_non_null(ref_en);
  hdc_html_skeleton_free();
  pthread_t t[4];
  race      r[4];
  for (int i = 0; i < 4; i++) {
    r[i] = (race){ { ref_fr, ref_en }, 0 };
    assert_int_equal(pthread_create(&t[i], NULL, race_pages, &r[i]), 0);
  }
  for (int i = 0; i < 4; i++) {
    pthread_join(t[i], NULL);
    assert_int_equal(r[i].mismatches, 0);
  }
  hdc_free(ref_fr);
  hdc_free(ref_en);
}

/* ---- escaping ----------------------------------------------------------- */

static void
test_escape_every_ascii_byte(void **state)
{
  (void)state;
  char all[128];
  for (int c = 1; c < 128; c++)
    all[c - 1] = (char)c;
  all[127] = '\0';
  /* What the serialiser must write for each, worked out here apart from
   * its table. */
  hdc_buf want = HDC_BUF_INIT;
  for (int c = 1; c < 128; c++) {
    if (c == '&')
      hdc_buf_puts(&want, "&amp;");
    else if (c == '<')
      hdc_buf_puts(&want, "&lt;");
    else if (c == '>')
      hdc_buf_puts(&want, "&gt;");
    else if (c == '"')
      hdc_buf_puts(&want, "&quot;");
    else if (c == '\'')
      hdc_buf_puts(&want, "&#39;");
    else if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r')
      hdc_buf_putc(&want, (char)c);
  }
  fake f;
  fake_init(&f, "/", "fr");
  hdc_html      *doc = hdc_html_page(&f.req, NULL);
  hdc_html_node *p   = hdc_html_el(hdc_html_main(doc), "p", "title", all, NULL);
  hdc_html_text(p, all);
  /* Text stops at a NUL inside the given length. */
  hdc_html_text_len(hdc_html_el(hdc_html_main(doc), "i", NULL), "ab\0cd", 5);
  assert_int_equal(hdc_html_finish(doc, &f.resp), HDC_OK);
  hdc_buf expect = HDC_BUF_INIT;
  hdc_buf_puts(&expect, "<p title=\"");
  hdc_buf_append(&expect, want.ptr, want.len);
  hdc_buf_puts(&expect, "\">");
  hdc_buf_append(&expect, want.ptr, want.len);
  hdc_buf_puts(&expect, "</p><i>ab</i></main>");
  assert_non_null(strstr(f.resp.body.ptr, expect.ptr));
  hdc_buf_clear(&want);
  hdc_buf_clear(&expect);
  fake_clear(&f);
}

/* ---- the JSON-LD ----------------------------------------------------------
 */

/* The JSON-LD of the dataset page, with the script escapes undone. */
static char *
page_jsonld(const char *lang)
{
  int64_t id = 0;
  assert_int_equal(
    hdc_store_record_find(g_store, "t", "https://t.example/ds/1", &id, NULL),
    HDC_OK);
  char capture[32];
  snprintf(capture, sizeof capture, "%lld", (long long)id);
  fake f;
  fake_init(&f, "/dataset/x", lang);
  f.req.captures[0] = capture;
  f.req.n_captures  = 1;
  assert_int_equal(hdc_web_page_dataset(&f.req, &f.resp), HDC_OK);
  const char *open = "<script type=\"application/ld+json\">";
  const char *ld   = strstr(f.resp.body.ptr, open);
  assert_non_null(ld);
  ld += strlen(open);
  const char *end = strstr(ld, "</script>");
  assert_non_null(end);
  hdc_buf b = HDC_BUF_INIT;
  for (const char *c = ld; c < end; c++) {
    if (!strncmp(c, "\\u003c", 6) || !strncmp(c, "\\u003e", 6) ||
        !strncmp(c, "\\u0026", 6)) {
      hdc_buf_putc(&b, c[5] == 'c' ? '<' : c[5] == 'e' ? '>' : '&');
      c += 5;
    } else {
      hdc_buf_putc(&b, *c);
    }
  }
  fake_clear(&f);
  return hdc_buf_detach(&b, NULL);
}

static void
test_jsonld_same_bytes_as_jansson(void **state)
{
  (void)state;
  static const char *const langs[] = { "fr", "en" };
  for (size_t l = 0; l < 2; l++) {
    char *text = page_jsonld(langs[l]);
    assert_non_null(text);
    for (const char *c = text; *c; c++)
      assert_true((unsigned char)*c < 0x80); /* ASCII only */
    json_error_t jerr;
    json_t      *d = json_loads(text, 0, &jerr);
    if (!d)
      fail_msg("JSON-LD does not parse: %s in %s", jerr.text, text);
    /* jansson keeps members in the order read, so dumping what was read
     * gives its own bytes for the same object. */
    char *again = json_dumps(d, JSON_COMPACT | JSON_ENSURE_ASCII);
    assert_non_null(again);
    assert_string_equal(text, again);
    assert_string_equal(
      json_string_value(json_object_get(d, "name")),
      "Qualité \"air\" \\ <b>&amp; \t\x01\x7f \xF0\x9F\x98\x80");
    assert_non_null(strstr(text, "\\uD83D\\uDE00"));
    assert_non_null(strstr(text, "\\u0001\x7f"));
    assert_non_null(strstr(text, "\\u2028"));
    assert_string_equal(
      json_string_value(json_object_get(d, "temporalCoverage")),
      "2001-01-01/..");
    assert_string_equal(json_string_value(json_object_get(d, "license")),
                        "https://t.example/licence");
    json_t *pub = json_object_get(d, "publisher");
    assert_string_equal(json_string_value(json_object_get(pub, "name")),
                        "Agence « A »");
    json_t *dist = json_array_get(json_object_get(d, "distribution"), 0);
    assert_string_equal(
      json_string_value(json_object_get(dist, "encodingFormat")), "CSV \"1\"");
    /* Keywords: the page's language and untagged ones. */
    json_t *kw = json_object_get(d, "keywords");
    assert_int_equal(json_array_size(kw), 2);
    assert_string_equal(json_string_value(json_array_get(kw, 0)),
                        l ? "summer" : "été");
    free(again);
    json_decref(d);
    hdc_free(text);
  }
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_skeleton_kept_markup_same_as_first_build),
    cmocka_unit_test(test_skeleton_oom_never_keeps_half_markup),
    cmocka_unit_test(test_skeleton_threads_race_to_make_it),
    cmocka_unit_test(test_escape_every_ascii_byte),
    cmocka_unit_test(test_jsonld_same_bytes_as_jansson),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
