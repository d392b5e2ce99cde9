// SPDX-License-Identifier: EUPL-1.2
/*
 * The store's own relevance score and snippets, checked against FTS5.
 *
 * Ranking: search.c scores records with hdc_bm25, FTS5's bm25 formula fed
 * with phrase counts from the search index; for every query here each
 * hit's score must equal what FTS5's bm25() gives for that record, read
 * through a second, plain SQLite connection to the same file.
 *
 * Snippets: snippet.c matches a description's words against the query's
 * terms itself; the excerpts must mark the words FTS5 matches (accents,
 * plurals, both languages, prefixes, phrases) and only those, and be cut
 * around them.
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
#include "hdcat/store.h"
#include "store/store_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct fixture
{
  char       path[256];
  hdc_world *w;
  hdc_store *s;
} fixture;

/* Records of different lengths and fields, so that bm25's length
 * normalisation, column weights and idf all matter; one description is
 * longer than 127 words (its length takes two bytes in FTS5's table). */
#define TEN_WORDS "un deux trois quatre cinq six sept huit neuf dix "
#define HUNDRED_WORDS                                                          \
  TEN_WORDS TEN_WORDS TEN_WORDS TEN_WORDS TEN_WORDS TEN_WORDS TEN_WORDS        \
    TEN_WORDS TEN_WORDS TEN_WORDS
static const char catalogue[] =
  "@prefix dcat: <http://www.w3.org/ns/dcat#> .\n"
  "@prefix dct: <http://purl.org/dc/terms/> .\n"
  "@prefix ex: <https://catalogue.example/dataset/> .\n"
  "ex:a a dcat:Dataset ; dct:title \"Registre des cancers du sein\"@fr ;\n"
  "  dct:description \"Cas de cancer du sein enregistrés dans le registre "
  "depuis 1990.\"@fr ; dcat:keyword \"cancer\"@fr, \"oncologie\"@fr .\n"
  "ex:b a dcat:Dataset ; dct:title \"Cohorte de femmes\"@fr ;\n"
  "  dct:description \"Une cohorte suivie pendant trente ans : mode de vie, "
  "alimentation, cancers, maladies cardiovasculaires, santé mentale, "
  "hospitalisations et causes de décès, avec des questionnaires envoyés "
  "tous les deux ans et un appariement aux données de remboursement de "
  "l'assurance maladie pour suivre les soins des participantes.\"@fr .\n"
  "ex:c a dcat:Dataset ; dct:title \"Hospital discharge data\"@en, "
  "\"Données des séjours hospitaliers\"@fr ;\n"
  "  dct:description \"Discharge abstracts of every stay in public and "
  "private hospitals, with diagnoses coded in ICD-10.\"@en, "
  "\"Résumés de sortie de chaque séjour dans les hôpitaux publics et "
  "privés, diagnostics codés en CIM-10.\"@fr ;\n"
  "  dcat:keyword \"hospital\"@en, \"hôpital\"@fr .\n"
  "ex:d a dcat:Dataset ; dct:title \"Épidémies saisonnières\"@fr ;\n"
  "  dct:description \"Surveillance des épidémies de grippe et des "
  "épisodes de canicule par les services d'urgence des hôpitaux.\"@fr .\n"
  "ex:e a dcat:Dataset ; dct:title \"Causes médicales de décès\"@fr ;\n"
  "  dct:description \"Certificats de décès depuis 1968, cause initiale "
  "codée en CIM-10, cancers compris.\"@fr .\n"
  "ex:f a dcat:Dataset ; dct:title \"Registre long\"@fr ;\n"
  "  dct:description \"" HUNDRED_WORDS "cancer " HUNDRED_WORDS HUNDRED_WORDS
  "\"@fr .\n";

static int
setup(void **state)
{
  fixture *f = calloc(1, sizeof *f);
  if (!f)
    return -1;
  snprintf(f->path, sizeof f->path, "test_store_rank_%d.db", (int)getpid());
  remove_db(f->path);
  f->w = hdc_world_new();
  hdc_error err;
  hdc_error_clear(&err);
  if (!f->w || hdc_store_open(f->path, NULL, &f->s, &err))
    return -1;
  hdc_graph     *g = hdc_graph_new(f->w);
  hdc_store_run *r = NULL;
  hdc_parse_opts po = { HDC_FORMAT_TURTLE, NULL, "inline", NULL };
  if (!g ||
      hdc_rdf_parse(catalogue, strlen(catalogue), &po, g, &err) ||
      hdc_store_run_begin(f->s, "rank", NULL, &r, &err) ||
      hdc_store_run_add_graph(r, g, "inline", &err) ||
      hdc_store_run_commit(r, NULL, &err))
    return -1;
  hdc_store_run_free(r);
  hdc_graph_free(g);
  *state = f;
  return 0;
}

static int
teardown(void **state)
{
  fixture *f = *state;
  hdc_store_close(f->s);
  hdc_world_free(f->w);
  remove_db(f->path);
  free(f);
  return 0;
}

static hdc_store_results *
search(fixture *f, const char *text, bool prefix)
{
  hdc_store_query q = { 0 };
  q.text            = (hdc_str){ text, strlen(text) };
  q.limit           = 1000;
  q.prefix          = prefix;
  q.include_invalid = true;
  hdc_store_results *r = NULL;
  hdc_error          err;
  hdc_error_clear(&err);
  assert_int_equal(hdc_store_search(f->s, &q, &r, &err), HDC_OK);
  return r;
}

/* FTS5's own bm25() of record @p id for the translated query. */
static double
fts5_bm25(sqlite3 *db, const char *match, int64_t id)
{
  sqlite3_stmt *st = NULL;
  double        v  = NAN;
  assert_int_equal(sqlite3_prepare_v2(db,
                                      "SELECT -bm25(record_fts, 10.0, 5.0, "
                                      "1.0, 2.0, 3.0, 2.0) FROM record_fts "
                                      "WHERE record_fts MATCH ?1 AND "
                                      "rowid = ?2",
                                      -1,
                                      &st,
                                      NULL),
                   SQLITE_OK);
  sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 2, id);
  if (sqlite3_step(st) == SQLITE_ROW)
    v = sqlite3_column_double(st, 0);
  sqlite3_finalize(st);
  return v;
}

static void
test_rank_equals_fts5_bm25(void **state)
{
  fixture *f  = *state;
  sqlite3 *db = NULL;
  hdc_error err;
  hdc_error_clear(&err);
  assert_int_equal(sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READONLY, NULL),
                   SQLITE_OK);
  assert_int_equal(hdc_store_tokenizer_register(db, &err), HDC_OK);
  static const struct
  {
    const char *text;
    bool        prefix;
  } queries[] = {
    { "cancer", false },           { "cancers sein", false },
    { "registre OR cohorte", false }, { "hôpitaux", false },
    { "hospitals discharge", false }, { "\"cancer du sein\"", false },
    { "épidém", true },            { "cancer -sein", false },
    { "décès cim", false },        { "diagnostics OR diagnoses", false },
  };
  size_t checked = 0;
  for (size_t i = 0; i < sizeof queries / sizeof *queries; ++i) {
    hdc_buf match, neg;
    size_t  n_pos = 0, n_neg = 0;
    hdc_buf_init(&match);
    hdc_buf_init(&neg);
    assert_int_equal(hdc_store_query_translate(
                       (hdc_str){ queries[i].text, strlen(queries[i].text) },
                       queries[i].prefix,
                       &match,
                       &neg,
                       &n_pos,
                       &n_neg),
                     HDC_OK);
    hdc_store_results *r = search(f, queries[i].text, queries[i].prefix);
    assert_true(r->n_hits > 0);
    for (size_t h = 0; h < r->n_hits; ++h) {
      double want = fts5_bm25(db, match.ptr, r->hits[h].id);
      if (fabs(want - r->hits[h].score) > 1e-9 * fabs(want))
        fail_msg("query %s, record %lld: score %.12g, FTS5 bm25 %.12g",
                 queries[i].text,
                 (long long)r->hits[h].id,
                 r->hits[h].score,
                 want);
      if (h)
        assert_true(r->hits[h - 1].score >= r->hits[h].score);
      checked++;
    }
    hdc_store_results_free(r);
    hdc_buf_clear(&match);
    hdc_buf_clear(&neg);
  }
  assert_true(checked >= 10);
  sqlite3_close(db);
}

/* The snippet of the hit whose IRI ends with @p tail. */
static const char *
snippet_of(hdc_store_results *r, const char *tail)
{
  for (size_t i = 0; i < r->n_hits; ++i) {
    size_t n = strlen(r->hits[i].iri), k = strlen(tail);
    if (n >= k && !strcmp(r->hits[i].iri + n - k, tail))
      return r->hits[i].snippet;
  }
  fail_msg("no hit %s", tail);
  return NULL;
}

static void
test_snippet_marks_matching_words(void **state)
{
  fixture           *f = *state;
  hdc_store_results *r = search(f, "cancers sein", false);
  /* Singular and plural meet; every matched word is marked. */
  assert_string_equal(snippet_of(r, "/a"),
                      "Cas de [cancer] du [sein] enregistrés dans le registre "
                      "depuis 1990.");
  hdc_store_results_free(r);
  /* Accents folded, French plural against the query's singular. */
  r = search(f, "hopital", false);
  assert_non_null(strstr(snippet_of(r, "/d"), "[hôpitaux]"));
  hdc_store_results_free(r);
  /* A prefix marks every word it begins. */
  r = search(f, "épidém", true);
  assert_string_equal(snippet_of(r, "/d"),
                      "Surveillance des [épidémies] de grippe et des "
                      "épisodes de canicule par les services d'urgence des "
                      "hôpitaux.");
  hdc_store_results_free(r);
}

static void
test_snippet_reads_the_reader_language_first(void **state)
{
  fixture        *f = *state;
  hdc_store_query q = { 0 };
  q.text            = (hdc_str){ "hospitals", 9 };
  q.lang            = "en";
  hdc_store_results *r = NULL;
  hdc_error          err;
  hdc_error_clear(&err);
  assert_int_equal(hdc_store_search(f->s, &q, &r, &err), HDC_OK);
  assert_int_equal(r->n_hits, 1);
  assert_string_equal(r->hits[0].snippet,
                      "Discharge abstracts of every stay in public and "
                      "private [hospitals], with diagnoses coded in ICD-10.");
  hdc_store_results_free(r);
  /* The French reader gets the French description when it matches too. */
  q.lang = "fr";
  q.text = (hdc_str){ "diagnostics", 11 };
  assert_int_equal(hdc_store_search(f->s, &q, &r, &err), HDC_OK);
  assert_int_equal(r->n_hits, 1);
  assert_non_null(strstr(r->hits[0].snippet, "[diagnostics]"));
  assert_non_null(strstr(r->hits[0].snippet, "Résumés"));
  hdc_store_results_free(r);
}

static void
test_snippet_is_cut_around_the_match(void **state)
{
  fixture           *f = *state;
  hdc_store_results *r = search(f, "hospitalisations", false);
  const char        *s = snippet_of(r, "/b");
  /* The word is in the middle of a long description: the excerpt starts
   * and ends with an ellipsis, holds the word, and is much shorter. */
  assert_non_null(strstr(s, "[hospitalisations]"));
  assert_memory_equal(s, "\xE2\x80\xA6 ", 4);
  assert_string_equal(s + strlen(s) - 4, " \xE2\x80\xA6");
  assert_true(strlen(s) < 220);
  hdc_store_results_free(r);
  /* Near the end: the excerpt runs to the description's last stop. */
  r = search(f, "remboursement", false);
  s = snippet_of(r, "/b");
  assert_non_null(strstr(s, "[remboursement]"));
  assert_memory_equal(s, "\xE2\x80\xA6 ", 4);
  assert_string_equal(s + strlen(s) - 14, "participantes.");
  hdc_store_results_free(r);
  /* A match only in the title: the description's beginning, unmarked. */
  r = search(f, "femmes", false);
  s = snippet_of(r, "/b");
  assert_null(strchr(s, '['));
  assert_memory_equal(s, "Une cohorte", 11);
  hdc_store_results_free(r);
}

static void
test_highlight_direct(void **state)
{
  (void)state;
  hdc_store_stemmer *st = hdc_store_stemmer_new();
  hdc_arena         *a  = hdc_arena_new(0);
  assert_non_null(st);
  assert_non_null(a);
  static const char expr[] = "\"donnees de sante\" AND (\"registre\" OR "
                             "\"cohort\"*)";
  hdc_store_highlight *h = hdc_store_highlight_new(a, st, expr, strlen(expr));
  assert_non_null(h);
  bool        matched = false;
  const char *s       = hdc_store_highlight_text(
    h, a, "Les Données de SANTÉ du registre; cohortes.", HDC_STEM_FR,
    &matched);
  assert_true(matched);
  assert_string_equal(s, "Les [Données] [de] [SANTÉ] du [registre]; "
                         "[cohortes].");
  s = hdc_store_highlight_text(h, a, "Nothing here.", HDC_STEM_EN, &matched);
  assert_false(matched);
  assert_null(s);
  /* Text the index never saw stemmed in English is not matched by the
   * English stem alone: "registries" is not "registre". */
  s = hdc_store_highlight_text(h, a, "Registries.", HDC_STEM_EN, &matched);
  assert_false(matched);
  hdc_arena_free(a);
  hdc_store_stemmer_free(st);
}

/* The page cache bound a server gives each of its connections. */
static void
test_open_cache_bound(void **state)
{
  fixture            *f = *state;
  hdc_store          *s = NULL;
  hdc_error           err;
  hdc_store_open_opts oo = { .cache_kib = 1234 };
  hdc_error_clear(&err);
  assert_int_equal(hdc_store_open(f->path, &oo, &s, &err), HDC_OK);
  sqlite3_stmt *st = NULL;
  assert_int_equal(
    sqlite3_prepare_v2(s->db, "PRAGMA cache_size", -1, &st, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_step(st), SQLITE_ROW);
  assert_int_equal(sqlite3_column_int(st, 0), -1234);
  sqlite3_finalize(st);
  hdc_store_close(s);
  /* The default: 64 MiB. */
  assert_int_equal(
    sqlite3_prepare_v2(f->s->db, "PRAGMA cache_size", -1, &st, NULL),
    SQLITE_OK);
  assert_int_equal(sqlite3_step(st), SQLITE_ROW);
  assert_int_equal(sqlite3_column_int(st, 0), -65536);
  sqlite3_finalize(st);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_rank_equals_fts5_bm25, setup,
                                    teardown),
    cmocka_unit_test_setup_teardown(test_snippet_marks_matching_words, setup,
                                    teardown),
    cmocka_unit_test_setup_teardown(
      test_snippet_reads_the_reader_language_first, setup, teardown),
    cmocka_unit_test_setup_teardown(test_snippet_is_cut_around_the_match,
                                    setup, teardown),
    cmocka_unit_test(test_highlight_direct),
    cmocka_unit_test_setup_teardown(test_open_cache_bound, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
