// SPDX-License-Identifier: EUPL-1.2
/*
 * The pages for people, in-process: the HTML builder's escaping by
 * construction (text, attributes, URL schemes, JSON-LD scripts), its sticky
 * allocation failures, the French/English strings, and the home, search
 * and error pages over a real SQLite catalogue holding the demo records.
 * Requests are built by hand, as the server would hand them over.
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

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- a request built by hand ------------------------------------------ */

typedef struct fake
{
  hdc_web_req  req;
  hdc_web_resp resp;
  hdc_web_ctx  ctx;
  hdc_web_pair params[16];
} fake;

static hdc_store *g_store;
static char       g_db[256];

static void
fake_init(fake *f, const char *path, const char *lang)
{
  memset(f, 0, sizeof *f);
  f->req.method = "GET";
  f->req.path   = path;
  f->req.query  = "";
  f->req.lang   = lang ? lang : "fr";
  f->req.remote = "127.0.0.1";
  f->req.arena  = hdc_arena_new(0);
  assert_non_null(f->req.arena);
  f->ctx.store  = g_store;
  f->req.ctx    = &f->ctx;
  f->req.params = f->params;
}

static void
fake_param(fake *f, const char *name, const char *value)
{
  assert_true(f->req.n_params < 16);
  f->params[f->req.n_params].name    = name;
  f->params[f->req.n_params++].value = value;
}

static const char *
fake_body(fake *f)
{
  return f->resp.body.ptr ? f->resp.body.ptr : "";
}

static void
fake_clear(fake *f)
{
  hdc_buf_clear(&f->resp.body);
  hdc_arena_free(f->req.arena);
}

static size_t
count_of(const char *hay, const char *needle)
{
  size_t n = 0;
  for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
    n++;
  return n;
}

/* ---- the catalogue ----------------------------------------------------- */

static int
cmp_str(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
setup_store(void **state)
{
  (void)state;
  /* The service loads the shipped vocabularies' labels once; so do we,
   * before any page would load them without a schemas directory. */
  char schemas[512];
  snprintf(schemas, sizeof schemas, "%s/../schemas", HDC_FIXTURES);
  if (hdc_web_labels_load(schemas, NULL) != HDC_OK)
    return -1;
  snprintf(g_db, sizeof g_db, "test_web_pages_%ld.db", (long)getpid());
  unlink(g_db);
  hdc_error err;
  hdc_error_clear(&err);
  if (hdc_store_open(g_db, NULL, &g_store, &err) != HDC_OK)
    return -1;
  char   dir[512];
  char  *paths[128];
  size_t n = 0;
  snprintf(dir, sizeof dir, "%s/demo/datasets", HDC_FIXTURES);
  DIR *d = opendir(dir);
  if (!d)
    return -1;
  struct dirent *e;
  while ((e = readdir(d)) && n < 128) {
    size_t l = strlen(e->d_name);
    if (l < 5 || strcmp(e->d_name + l - 4, ".ttl"))
      continue;
    paths[n] = malloc(strlen(dir) + l + 2);
    snprintf(paths[n], strlen(dir) + l + 2, "%s/%s", dir, e->d_name);
    n++;
  }
  closedir(d);
  qsort(paths, n, sizeof paths[0], cmp_str);
  /* The markup-laden record too, so every page is checked against it. */
  char xss[512];
  snprintf(xss, sizeof xss, "%s/xss/xss.ttl", HDC_FIXTURES);
  const char *all[130];
  for (size_t i = 0; i < n; i++)
    all[i] = paths[i];
  size_t n_all = n;
  if (access(xss, R_OK) == 0)
    all[n_all++] = xss;
  hdc_world *w = hdc_world_new();
  hdc_status st =
    hdc_store_import_files(g_store, w, "demo", all, n_all, NULL, NULL, &err);
  hdc_world_free(w);
  for (size_t i = 0; i < n; i++)
    free(paths[i]);
  if (st != HDC_OK) {
    fprintf(stderr, "import: %s\n", err.message);
    return -1;
  }
  return 0;
}

static int
teardown_store(void **state)
{
  (void)state;
  hdc_store_close(g_store);
  g_store = NULL;
  hdc_web_labels_free();
  char side[300];
  unlink(g_db);
  snprintf(side, sizeof side, "%s-wal", g_db);
  unlink(side);
  snprintf(side, sizeof side, "%s-shm", g_db);
  unlink(side);
  return 0;
}

/* ---- the builder ------------------------------------------------------- */

static void
test_html_text_and_attributes_escaped(void **state)
{
  (void)state;
  fake f;
  fake_init(&f, "/", "fr");
  hdc_html      *doc  = hdc_html_page(&f.req, "<b>t</b>");
  hdc_html_node *main = hdc_html_main(doc);
  hdc_html_node *p    = hdc_html_el(
    main, "p", "title", "\"><script>x</script>", "class", "a'b", NULL);
  hdc_html_text(p, "<script>alert(1)</script> & \"quotes\" 'single'");
  hdc_html_textf(p, "%s", "<img src=x onerror=alert(2)>");
  assert_int_equal(hdc_html_finish(doc, &f.resp), HDC_OK);
  const char *b = fake_body(&f);
  assert_null(strstr(b, "<script>alert"));
  assert_null(strstr(b, "<img src=x"));
  assert_null(strstr(b, "<b>t</b>"));
  assert_non_null(strstr(b,
                         "&lt;script&gt;alert(1)&lt;/script&gt; &amp; "
                         "&quot;quotes&quot; &#39;single&#39;"));
  assert_non_null(
    strstr(b, "title=\"&quot;&gt;&lt;script&gt;x&lt;/script&gt;\""));
  assert_non_null(strstr(b, "class=\"a&#39;b\""));
  assert_string_equal(f.resp.content_type, "text/html; charset=utf-8");
  assert_true(strncmp(b, "<!DOCTYPE html>", 15) == 0);
  fake_clear(&f);
}

static void
test_html_unsafe_urls_dropped(void **state)
{
  (void)state;
  static const char *const bad[]  = { "javascript:alert(1)",
                                      "JaVaScRiPt:alert(1)",
                                      " javascript:alert(1)",
                                      "java\tscript:alert(1)",
                                      "java\nscript:x",
                                      "data:text/html,<b>x</b>",
                                      "vbscript:msgbox",
                                      "file:///etc/passwd",
                                      "jar:x",
                                      "\x01javascript:x",
                                      "javascript&colon;alert(1)x:y",
                                      NULL };
  static const char *const good[] = { "https://example.org/a?b=c#d",
                                      "http://example.org",
                                      "HTTPS://E.ORG",
                                      "/dataset/1",
                                      "?q=a:b",
                                      "#content",
                                      "//example.org/x",
                                      "search?q=x:y",
                                      NULL };
  for (size_t i = 0; bad[i]; i++)
    assert_false(hdc_html_url_safe(bad[i]));
  for (size_t i = 0; good[i]; i++)
    assert_true(hdc_html_url_safe(good[i]));
  fake f;
  fake_init(&f, "/", "fr");
  hdc_html      *doc  = hdc_html_page(&f.req, "t");
  hdc_html_node *main = hdc_html_main(doc);
  for (size_t i = 0; bad[i]; i++)
    hdc_html_text(hdc_html_el(main, "a", "href", bad[i], "class", "bad", NULL),
                  "x");
  assert_int_equal(hdc_html_finish(doc, &f.resp), HDC_OK);
  const char *b = fake_body(&f);
  assert_null(strstr(b, "href=\"javascript"));
  assert_null(strstr(b, "href=\"data:"));
  assert_null(strstr(b, "vbscript"));
  assert_int_equal(count_of(b, "<a class=\"bad\">x</a>"),
                   sizeof bad / sizeof bad[0] - 1);
  fake_clear(&f);
}

static void
test_html_jsonld_script_cannot_close(void **state)
{
  (void)state;
  fake f;
  fake_init(&f, "/", "fr");
  hdc_html      *doc = hdc_html_page(&f.req, "t");
  hdc_html_node *s   = hdc_html_el(
    hdc_html_head(doc), "script", "type", "application/ld+json", NULL);
  hdc_html_text(s, "{\"name\": \"</script><script>alert(1)</script> & <!--\"}");
  assert_int_equal(hdc_html_finish(doc, &f.resp), HDC_OK);
  const char *b  = fake_body(&f);
  const char *in = strstr(b, "application/ld+json\">");
  assert_non_null(in);
  const char *end = strstr(in, "</script>");
  assert_non_null(end);
  assert_non_null(
    strstr(in, "\\u003c/script\\u003e\\u003cscript\\u003ealert(1)"));
  assert_non_null(strstr(in, "\\u0026 \\u003c!--"));
  /* Nothing between the start and the real end tag is a '<'. */
  for (const char *c = in + strlen("application/ld+json\">"); c < end; c++)
    assert_true(*c != '<');
  fake_clear(&f);
}

static void
test_html_inline_script_refused(void **state)
{
  (void)state;
  fake f;
  fake_init(&f, "/", "fr");
  hdc_html *doc = hdc_html_page(&f.req, "t");
  hdc_html_text(hdc_html_el(hdc_html_main(doc), "script", NULL), "alert(1)");
  assert_int_equal(hdc_html_finish(doc, &f.resp), HDC_ERR_INTERNAL);
  hdc_buf_clear(&f.resp.body);
  doc = hdc_html_page(&f.req, "t");
  hdc_html_el(hdc_html_main(doc), "div", "onclick", "alert(1)", NULL);
  assert_int_equal(hdc_html_finish(doc, &f.resp), HDC_ERR_INTERNAL);
  hdc_buf_clear(&f.resp.body);
  doc = hdc_html_page(&f.req, "t");
  hdc_html_el(hdc_html_main(doc), "im g", NULL);
  assert_int_equal(hdc_html_finish(doc, &f.resp), HDC_ERR_INTERNAL);
  fake_clear(&f);
}

static void
test_html_oom_is_sticky_and_reported(void **state)
{
  (void)state;
  /* Fail the Nth allocation for every N until a page builds: each attempt
   * must report HDC_ERR_NOMEM (never a half page) and leak nothing. */
  bool built = false;
  for (long n = 0; n < 400 && !built; n++) {
    fake f;
    fake_init(&f, "/search", "en");
    fake_param(&f, "q", "x");
    hdc_alloc_fail_after(n);
    hdc_html      *doc = hdc_html_page(&f.req, "t");
    hdc_html_node *p   = hdc_html_el(hdc_html_main(doc), "p", NULL);
    for (int i = 0; i < 50; i++)
      hdc_html_textf(p, "line %d <", i);
    hdc_status st = hdc_html_finish(doc, &f.resp);
    hdc_alloc_fail_after(-1);
    if (st == HDC_OK) {
      built = true;
      assert_non_null(strstr(fake_body(&f), "line 49 &lt;"));
    } else {
      assert_int_equal(st, HDC_ERR_NOMEM);
    }
    fake_clear(&f);
  }
  assert_true(built);
}

static void
test_page_skeleton_dsfr_and_language_switch(void **state)
{
  (void)state;
  fake f;
  fake_init(&f, "/search", "fr");
  fake_param(&f, "q", "cancer & sein");
  fake_param(&f, "lang", "fr");
  fake_param(&f, "theme", "http://x/a b");
  hdc_html *doc = hdc_html_page(&f.req, "Titre");
  assert_int_equal(hdc_html_finish(doc, &f.resp), HDC_OK);
  const char *b = fake_body(&f);
  assert_non_null(strstr(b, "<html lang=\"fr\""));
  assert_non_null(strstr(b, "fr-skiplinks"));
  assert_non_null(strstr(b, "href=\"#content\""));
  assert_non_null(strstr(b, "<main id=\"content\""));
  assert_non_null(strstr(b, "class=\"fr-header\""));
  assert_non_null(strstr(b, "class=\"fr-footer\""));
  assert_non_null(
    strstr(b, "<title>Titre — Catalogue des données de santé</title>"));
  /* The switch keeps the path, the query and the filters. */
  assert_non_null(strstr(b,
                         "href=\"/search?q=cancer%20%26%20sein&amp;theme="
                         "http%3A%2F%2Fx%2Fa%20b&amp;lang=en\""));
  assert_non_null(strstr(b, ">English</a>"));
  fake_clear(&f);

  fake_init(&f, "/", "en");
  doc = hdc_html_page(&f.req, NULL);
  assert_int_equal(hdc_html_finish(doc, &f.resp), HDC_OK);
  b = fake_body(&f);
  assert_non_null(strstr(b, "<html lang=\"en\""));
  assert_non_null(strstr(b, "href=\"/?lang=fr\""));
  assert_non_null(strstr(b, ">Français</a>"));
  assert_non_null(strstr(b, "Health data catalogue"));
  fake_clear(&f);
}

/* ---- strings ------------------------------------------------------------ */

static size_t
placeholders(const char *s)
{
  return count_of(s, "%s");
}

static void
test_i18n_sorted_complete_same_placeholders(void **state)
{
  (void)state;
  size_t n = hdc_web_msg_count();
  assert_true(n > 100);
  for (size_t i = 0; i < n; i++) {
    const char *k = hdc_web_msg_key(i);
    if (i > 0)
      assert_true(strcmp(hdc_web_msg_key(i - 1), k) < 0);
    const char *fr = hdc_web_msg("fr", k);
    const char *en = hdc_web_msg("en", k);
    assert_true(fr != k && en != k && *fr && *en);
    assert_int_equal(placeholders(fr), placeholders(en));
    assert_null(strchr(fr, '%') && !strstr(fr, "%s") ? fr : NULL);
  }
  assert_string_equal(hdc_web_msg("fr", "nav.search"), "Rechercher");
  assert_string_equal(hdc_web_msg("en", "nav.search"), "Search");
  assert_string_equal(hdc_web_msg("de", "nav.search"), "Rechercher");
  assert_string_equal(hdc_web_msg("en", "no.such.key"), "no.such.key");
  fake f;
  fake_init(&f, "/", "fr");
  assert_string_equal(hdc_page_subst(&f.req, "a %s b %s c %s", "1", "<2>"),
                      "a 1 b <2> c ");
  assert_string_equal(hdc_page_count(&f.req, 1234567),
                      "1\xe2\x80\xaf"
                      "234\xe2\x80\xaf"
                      "567");
  f.req.lang = "en";
  assert_string_equal(hdc_page_count(&f.req, 1234567), "1,234,567");
  assert_string_equal(hdc_page_count(&f.req, 12), "12");
  fake_clear(&f);
}

/* ---- pages over the demo catalogue ------------------------------------ */

static void
test_error_page_readable_and_escaped(void **state)
{
  (void)state;
  fake f;
  fake_init(&f, "/nowhere", "fr");
  assert_int_equal(
    hdc_web_resp_html_error(&f.req, &f.resp, 404, "<script>alert(1)</script>"),
    HDC_OK);
  assert_int_equal(f.resp.status, 404);
  const char *b = fake_body(&f);
  assert_non_null(strstr(b, "Page non trouvée"));
  assert_non_null(strstr(b, "&lt;script&gt;alert(1)"));
  assert_null(strstr(b, "<script>alert"));
  fake_clear(&f);
}

static void
test_search_page_results_marks_facets(void **state)
{
  (void)state;
  fake f;
  fake_init(&f, "/search", "fr");
  fake_param(&f, "q", "cancer");
  assert_int_equal(hdc_web_page_search(&f.req, &f.resp), HDC_OK);
  assert_true(f.resp.status == 0 || f.resp.status == 200);
  const char *b = fake_body(&f);
  assert_non_null(strstr(b, "Résultats pour « cancer »"));
  assert_non_null(strstr(b, "<mark>"));
  assert_non_null(strstr(b, "href=\"/dataset/"));
  assert_non_null(strstr(b, "type=\"checkbox\""));
  assert_non_null(strstr(b, "name=\"health_category\""));
  assert_non_null(strstr(b, "<label class=\"fr-label\" for=\"q\">"));
  assert_non_null(strstr(b, "value=\"cancer\""));
  size_t all = count_of(b, "fr-card__title");
  assert_true(all >= 2);
  /* Take the first health category offered and filter on it. */
  const char *cb = strstr(b, "name=\"health_category\" value=\"");
  assert_non_null(cb);
  cb += strlen("name=\"health_category\" value=\"");
  char   value[256];
  size_t l = strcspn(cb, "\"");
  assert_true(l < sizeof value);
  memcpy(value, cb, l);
  value[l] = '\0';
  fake g;
  fake_init(&g, "/search", "en");
  fake_param(&g, "q", "cancer");
  fake_param(&g, "health_category", value);
  assert_int_equal(hdc_web_page_search(&g.req, &g.resp), HDC_OK);
  const char *b2 = fake_body(&g);
  assert_non_null(strstr(b2, "Results for “cancer”"));
  assert_non_null(strstr(b2, "checked"));
  assert_non_null(strstr(b2, "fr-tag")); /* the active filter */
  assert_true(count_of(b2, "fr-card__title") <= all);
  assert_true(count_of(b2, "fr-card__title") >= 1);
  assert_non_null(strstr(b2, "name=\"lang\" value=\"en\""));
  fake_clear(&g);
  fake_clear(&f);
}

static void
test_search_page_empty_state_and_paging(void **state)
{
  (void)state;
  fake f;
  fake_init(&f, "/search", "fr");
  fake_param(&f, "q", "zzqxjw");
  assert_int_equal(hdc_web_page_search(&f.req, &f.resp), HDC_OK);
  assert_non_null(strstr(fake_body(&f), "Aucun résultat"));
  assert_non_null(strstr(fake_body(&f), "Aucun jeu de données"));
  fake_clear(&f);

  /* Every record: 58+ over pages of 20, so a pagination. */
  fake_init(&f, "/search", "fr");
  fake_param(&f, "page", "2");
  fake_param(&f, "sort", "title");
  assert_int_equal(hdc_web_page_search(&f.req, &f.resp), HDC_OK);
  const char *b = fake_body(&f);
  assert_non_null(strstr(b, "fr-pagination"));
  assert_non_null(strstr(b, "aria-current=\"page\""));
  assert_non_null(strstr(b, "href=\"/search?sort=title&amp;page=3\""));
  assert_int_equal(count_of(b, "fr-card__title"), 20);
  fake_clear(&f);

  fake_init(&f, "/search", "fr");
  fake_param(&f, "page", "-1");
  assert_int_equal(hdc_web_page_search(&f.req, &f.resp), HDC_OK);
  assert_int_equal(f.resp.status, 400);
  fake_clear(&f);
}

static void
test_home_page_glance_and_latest(void **state)
{
  (void)state;
  fake f;
  fake_init(&f, "/", "fr");
  assert_int_equal(hdc_web_page_home(&f.req, &f.resp), HDC_OK);
  const char *b = fake_body(&f);
  assert_non_null(strstr(b, "Trouver des données de santé"));
  assert_non_null(strstr(b, "action=\"/search\""));
  assert_non_null(strstr(b, "href=\"/search?health_category="));
  assert_non_null(strstr(b, "href=\"/search?publisher="));
  assert_non_null(strstr(b, "fr-tile__title"));
  char count[32];
  snprintf(
    count, sizeof count, "%lld", (long long)hdc_store_record_count(g_store));
  (void)count;
  fake_clear(&f);
}

static int64_t
demo_id(const char *slug)
{
  char    iri[256];
  int64_t id = 0;
  snprintf(iri, sizeof iri, "https://catalogue.sante.example/dataset/%s", slug);
  assert_int_equal(hdc_store_record_find(g_store, "demo", iri, &id, NULL),
                   HDC_OK);
  return id;
}

static void
dataset_page(fake *f, int64_t id, const char *lang)
{
  static char capture[32];
  snprintf(capture, sizeof capture, "%lld", (long long)id);
  fake_init(f, "/dataset/x", lang);
  f->req.captures[0] = capture;
  f->req.n_captures  = 1;
  assert_int_equal(hdc_web_page_dataset(&f->req, &f->resp), HDC_OK);
}

static void
test_dataset_page_every_field_readable(void **state)
{
  (void)state;
  int64_t id = demo_id("barometre-sante");
  fake    f;
  dataset_page(&f, id, "fr");
  assert_true(f.resp.status == 0 || f.resp.status == 200);
  const char *b = fake_body(&f);
  assert_non_null(strstr(b, "<h1>Baromètre de Santé publique France</h1>"));
  assert_non_null(strstr(b, "Adultes résidant en France"));
  assert_non_null(strstr(b, "de 18 à 85 ans"));
  assert_non_null(strstr(b, "du 01/01/2000 au 31/12/2024"));
  assert_non_null(strstr(b, ">Santé</a>")); /* theme label */
  assert_non_null(strstr(b, "Restreint"));  /* access rights */
  assert_non_null(strstr(b, "Plateforme des données de santé")); /* HDAB */
  assert_non_null(strstr(b, "Santé publique France"));           /* publisher */
  assert_non_null(strstr(b, "href=\"https://www.santepubliquefrance.fr/\""));
  assert_non_null(strstr(b, "<code>statut_tabagique</code>"));
  assert_non_null(strstr(b, "Mission d&#39;intérêt public")); /* legal basis */
  assert_non_null(strstr(b, "Connaissance des comportements")); /* purpose */
  assert_non_null(strstr(b, "tabagisme"));
  assert_null(strstr(b, ">smoking<")); /* keywords of the page's language */
  /* Health categories come from the shipped vocabulary (the record has
   * no label for them). */
  const char *hc =
    hdc_web_label("https://hdeu-dcat.data.health.europa.eu/resource/authority/"
                  "healthcategories/RQSH",
                  "fr");
  assert_non_null(hc);
  assert_non_null(strstr(hc, "cohortes de recherche"));
  assert_non_null(strstr(b, "cohortes de recherche, de questionnaires"));
  char alt[96];
  snprintf(alt,
           sizeof alt,
           "<link rel=\"alternate\" type=\"text/turtle\" "
           "href=\"/dataset/%lld.ttl\">",
           (long long)id);
  assert_non_null(strstr(b, alt));
  /* The JSON-LD parses and names the dataset. */
  const char *ld = strstr(b, "<script type=\"application/ld+json\">");
  assert_non_null(ld);
  ld += strlen("<script type=\"application/ld+json\">");
  const char *end = strstr(ld, "</script>");
  assert_non_null(end);
  char *json = hdc_strndup(ld, (size_t)(end - ld));
  assert_non_null(strstr(json, "\"@type\":\"Dataset\""));
  assert_non_null(
    strstr(json, "\"temporalCoverage\":\"2000-01-01/2024-12-31\""));
  hdc_free(json);
  fake_clear(&f);

  dataset_page(&f, id, "en");
  b = fake_body(&f);
  assert_non_null(strstr(b, "<h1>Santé publique France Health Barometer</h1>"));
  assert_non_null(strstr(b, "Adults living in France"));
  assert_non_null(strstr(b, "18 to 85 years"));
  assert_non_null(strstr(b, "Restricted"));
  fake_clear(&f);
}

static void
test_dataset_page_unknown_is_404(void **state)
{
  (void)state;
  fake f;
  dataset_page(&f, 999999, "fr");
  assert_int_equal(f.resp.status, 404);
  assert_non_null(strstr(fake_body(&f), "Page non trouvée"));
  fake_clear(&f);
}

/* No markup of the hostile record may survive as markup. */
static void
assert_no_injection(const char *b)
{
  static const char *const bad[] = { "<script>alert",
                                     "<img src=x",
                                     "<svg",
                                     "<iframe",
                                     "<b onmouseover",
                                     "<marquee",
                                     "<h1>Table",
                                     "<b>col",
                                     "<style>",
                                     "<base ",
                                     "href=\"javascript",
                                     "href=\"JaVaScRiPt",
                                     "href=\"data:",
                                     "href=\"vbscript",
                                     "</textarea>",
                                     "<!-- comment",
                                     NULL };
  for (size_t i = 0; bad[i]; i++)
    if (strstr(b, bad[i])) {
      print_error("found %s\n", bad[i]);
      fail();
    }
  /* The only scripts: the DSFR module file and JSON-LD data. */
  size_t scripts = count_of(b, "<script");
  size_t allowed = count_of(b, "<script type=\"module\" src=\"/static/") +
                   count_of(b, "<script type=\"application/ld+json\">");
  assert_int_equal(scripts, allowed);
}

static void
test_xss_record_rendered_as_text_everywhere(void **state)
{
  (void)state;
  char xss[512];
  snprintf(xss, sizeof xss, "%s/xss/xss.ttl", HDC_FIXTURES);
  int64_t id = 0;
  assert_int_equal(hdc_store_record_find(g_store,
                                         "demo",
                                         "https://xss.example/dataset/"
                                         "x'onmouseover='alert(1)",
                                         &id,
                                         NULL),
                   HDC_OK);
  static const char *const langs[] = { "fr", "en" };
  for (size_t l = 0; l < 2; l++) {
    fake f;
    dataset_page(&f, id, langs[l]);
    assert_no_injection(fake_body(&f));
    assert_non_null(strstr(fake_body(&f), "&lt;script&gt;alert(&#39;"));
    /* A literal in another language than the page says so. */
    if (l == 1)
      assert_non_null(
        strstr(fake_body(&f), "<span lang=\"fr\">&lt;marquee&gt;"));
    fake_clear(&f);

    fake_init(&f, "/search", langs[l]);
    fake_param(&f, "q", "xss cancer");
    assert_int_equal(hdc_web_page_search(&f.req, &f.resp), HDC_OK);
    assert_no_injection(fake_body(&f));
    assert_non_null(strstr(fake_body(&f), "Xss &lt;script&gt;"));
    fake_clear(&f);

    fake_init(&f, "/search", langs[l]);
    fake_param(&f, "q", "<script>alert('q')</script>\"'");
    fake_param(&f, "publisher", "\"><script>alert('facet')</script>");
    assert_int_equal(hdc_web_page_search(&f.req, &f.resp), HDC_OK);
    assert_no_injection(fake_body(&f));
    fake_clear(&f);

    fake_init(&f, "/", langs[l]);
    assert_int_equal(hdc_web_page_home(&f.req, &f.resp), HDC_OK);
    assert_no_injection(fake_body(&f));
    fake_clear(&f);
  }
}

static void
test_sources_pages_list_and_runs(void **state)
{
  (void)state;
  fake f;
  fake_init(&f, "/sources", "fr");
  assert_int_equal(hdc_web_page_sources(&f.req, &f.resp), HDC_OK);
  const char *b = fake_body(&f);
  assert_non_null(strstr(b, "<h1>Sources moissonnées</h1>"));
  assert_non_null(strstr(b, "href=\"/sources/demo\""));
  fake_clear(&f);

  fake_init(&f, "/sources/demo", "en");
  f.req.captures[0] = "demo";
  f.req.n_captures  = 1;
  assert_int_equal(hdc_web_page_source(&f.req, &f.resp), HDC_OK);
  b = fake_body(&f);
  assert_non_null(strstr(b, "<h1>demo</h1>"));
  assert_non_null(strstr(b, "<caption>Harvests</caption>"));
  char added[32];
  snprintf(added,
           sizeof added,
           "<td>%lld</td>",
           (long long)hdc_store_record_count(g_store));
  assert_non_null(strstr(b, added)); /* the one import added them all */
  fake_clear(&f);

  fake_init(&f, "/sources/x", "fr");
  f.req.captures[0] = "<script>nope</script>";
  f.req.n_captures  = 1;
  assert_int_equal(hdc_web_page_source(&f.req, &f.resp), HDC_OK);
  assert_int_equal(f.resp.status, 404);
  assert_null(strstr(fake_body(&f), "<script>nope"));
  fake_clear(&f);
}

/* /static/ through the real routes table and request parser. */
static void
test_static_files_only_inside_assets(void **state)
{
  (void)state;
  char dir[256], path[512], outside[512];
  snprintf(dir, sizeof dir, "test_web_pages_assets_%ld", (long)getpid());
  mkdir(dir, 0700);
  snprintf(path, sizeof path, "%s/sub", dir);
  mkdir(path, 0700);
  snprintf(path, sizeof path, "%s/sub/a.css", dir);
  FILE *fp = fopen(path, "w");
  assert_non_null(fp);
  fputs("body{color:red}", fp);
  fclose(fp);
  snprintf(path, sizeof path, "%s/.hidden.css", dir);
  fp = fopen(path, "w");
  fputs("x", fp);
  fclose(fp);
  snprintf(outside, sizeof outside, "%s.secret.css", dir);
  fp = fopen(outside, "w");
  fputs("secret", fp);
  fclose(fp);
  char target[600];
  snprintf(target, sizeof target, "../%s", outside);
  snprintf(path, sizeof path, "%s/link.css", dir);
  assert_int_equal(symlink(target, path), 0);

  hdc_web_config cfg;
  memset(&cfg, 0, sizeof cfg);
  cfg.db_path    = g_db;
  cfg.assets_dir = dir;
  hdc_web  *w    = NULL;
  hdc_error err;
  hdc_error_clear(&err);
  assert_int_equal(hdc_web_new(&cfg, &w, &err), HDC_OK);
  static const struct
  {
    const char *target;
    int         status;
  } cases[] = {
    { "/static/sub/a.css", 200 },    { "/static/sub/../sub/a.css", 400 },
    { "/static/%2e%2e/x.css", 400 }, { "/static/.hidden.css", 404 },
    { "/static/link.css", 404 },     { "/static/sub/missing.css", 404 },
    { "/static/sub", 404 },          { "/static/sub/a.exe", 404 },
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    hdc_web_test_request  rq;
    hdc_web_test_response rs;
    memset(&rq, 0, sizeof rq);
    memset(&rs, 0, sizeof rs);
    rq.method = "GET";
    rq.target = cases[i].target;
    assert_int_equal(hdc_web_inject(w, &rq, &rs, &err), HDC_OK);
    if (rs.status != cases[i].status)
      print_error("%s: %d\n", cases[i].target, rs.status);
    assert_int_equal(rs.status, cases[i].status);
    if (cases[i].status == 200) {
      assert_string_equal(rs.body.ptr, "body{color:red}");
      assert_non_null(
        strstr(hdc_web_test_response_header(&rs, "Content-Type"), "text/css"));
      assert_non_null(
        strstr(hdc_web_test_response_header(&rs, "Cache-Control"), "max-age="));
    } else {
      assert_null(rs.body.ptr ? strstr(rs.body.ptr, "secret") : NULL);
    }
    hdc_web_test_response_clear(&rs);
  }
  hdc_web_free(w);
  unlink(path);
  unlink(outside);
  snprintf(path, sizeof path, "%s/.hidden.css", dir);
  unlink(path);
  snprintf(path, sizeof path, "%s/sub/a.css", dir);
  unlink(path);
  snprintf(path, sizeof path, "%s/sub", dir);
  rmdir(path);
  rmdir(dir);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_html_text_and_attributes_escaped),
    cmocka_unit_test(test_html_unsafe_urls_dropped),
    cmocka_unit_test(test_html_jsonld_script_cannot_close),
    cmocka_unit_test(test_html_inline_script_refused),
    cmocka_unit_test(test_html_oom_is_sticky_and_reported),
    cmocka_unit_test(test_page_skeleton_dsfr_and_language_switch),
    cmocka_unit_test(test_i18n_sorted_complete_same_placeholders),
    cmocka_unit_test(test_error_page_readable_and_escaped),
    cmocka_unit_test(test_search_page_results_marks_facets),
    cmocka_unit_test(test_search_page_empty_state_and_paging),
    cmocka_unit_test(test_home_page_glance_and_latest),
    cmocka_unit_test(test_dataset_page_every_field_readable),
    cmocka_unit_test(test_dataset_page_unknown_is_404),
    cmocka_unit_test(test_xss_record_rendered_as_text_everywhere),
    cmocka_unit_test(test_sources_pages_list_and_runs),
    cmocka_unit_test(test_static_files_only_inside_assets),
  };
  return cmocka_run_group_tests(tests, setup_store, teardown_store);
}
