// SPDX-License-Identifier: EUPL-1.2
/*
 * Unit tests of the catalogue store: opening and migrations, source runs
 * (added / updated / unchanged / invalid / withdrawn, identity scoped by
 * source, duplicates, rollback), query translation, search relevance in
 * French and English, facet counts checked against filtered searches,
 * sorting, paging, hostile queries and records read back.
 *
 * Each test works on its own catalogue file in the working directory
 * (removed afterwards) built from small inline Turtle descriptions.
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

#define PREFIXES                                                               \
  "@prefix dcat: <http://www.w3.org/ns/dcat#> .\n"                             \
  "@prefix dct: <http://purl.org/dc/terms/> .\n"                               \
  "@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n"                             \
  "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"                       \
  "@prefix h: <http://healthdataportal.eu/ns/health#> .\n"                     \
  "@prefix ar: <http://publications.europa.eu/resource/authority/"             \
  "access-right/> .\n"                                                         \
  "@prefix hc: <https://hdeu-dcat.data.health.europa.eu/resource/"             \
  "authority/healthcategories/> .\n"                                           \
  "@prefix ex: <https://catalogue.example/dataset/> .\n"                       \
  "@prefix ag: <https://catalogue.example/agent/> .\n"

#define AGENTS                                                                 \
  "ag:cnam a foaf:Agent ; foaf:name \"Caisse nationale de l'Assurance "        \
  "Maladie\"@fr .\n"                                                           \
  "ag:inserm a foaf:Agent ; foaf:name \"Inserm\" .\n"

static const char catalogue[] = PREFIXES AGENTS
  "ex:snds a dcat:Dataset ;\n"
  "  dct:title \"Système national des données de santé\"@fr,"
  "    \"National health data system\"@en ;\n"
  "  dct:description \"Données de remboursement de l'assurance maladie, "
  "    chaînées aux séjours hospitaliers.\"@fr ;\n"
  "  dcat:keyword \"assurance maladie\"@fr, \"claims\"@en ;\n"
  "  dct:publisher ag:cnam ; dct:accessRights ar:NON_PUBLIC ;\n"
  "  h:healthCategory hc:EHRS ;\n"
  "  h:numberOfRecords \"70000000\"^^xsd:nonNegativeInteger ;\n"
  "  h:minTypicalAge \"0\"^^xsd:nonNegativeInteger ;\n"
  "  h:maxTypicalAge \"110\"^^xsd:nonNegativeInteger ;\n"
  "  dct:modified \"2024-05-01\"^^xsd:date ;\n"
  "  dct:temporal [ dcat:startDate \"2006-01-01\"^^xsd:date ;"
  "                 dcat:endDate \"2023-12-31\"^^xsd:date ] .\n"
  "ex:pmsi a dcat:Dataset ;\n"
  "  dct:title \"Programme de médicalisation des systèmes "
  "d'information\"@fr, \"Hospital discharge database\"@en ;\n"
  "  dct:description \"Résumés des séjours dans les hôpitaux publics et "
  "privés.\"@fr, \"Summaries of stays in public and private hospitals."
  "\"@en ;\n"
  "  dcat:keyword \"hôpital\"@fr, \"hospital stays\"@en ;\n"
  "  dct:publisher ag:cnam ; dct:accessRights ar:RESTRICTED ;\n"
  "  h:healthCategory hc:EHRS ;\n"
  "  h:numberOfRecords \"25000000\"^^xsd:nonNegativeInteger ;\n"
  "  dct:modified \"2025-01-15\"^^xsd:date .\n"
  "ex:cepidc a dcat:Dataset ;\n"
  "  dct:title \"Causes médicales de décès\"@fr, \"Medical causes of "
  "death\"@en ;\n"
  "  dct:description \"Certificats de décès codés en CIM-10.\"@fr ;\n"
  "  dct:publisher ag:inserm ; dct:accessRights ar:RESTRICTED ;\n"
  "  dct:modified \"2023-03-01\"^^xsd:date .\n"
  "ex:registre a dcat:Dataset ;\n"
  "  dct:title \"Registre national des cancers de l'enfant\"@fr,"
  "    \"National registry of childhood cancers\"@en ;\n"
  "  dct:description \"Tous les cancers diagnostiqués avant 18 ans.\"@fr ;\n"
  "  dct:publisher ag:inserm ; dct:accessRights ar:NON_PUBLIC ;\n"
  "  h:healthCategory hc:RDR ;\n"
  "  h:minTypicalAge \"0\"^^xsd:nonNegativeInteger ;\n"
  "  h:maxTypicalAge \"17\"^^xsd:nonNegativeInteger ;\n"
  "  dct:modified \"2022-06-30\"^^xsd:date .\n"
  "ex:constances a dcat:Dataset ;\n"
  "  dct:title \"Cohorte Constances\"@fr, \"Constances cohort\"@en ;\n"
  "  dct:description \"Cohorte épidémiologique d'adultes : travail, "
  "maladies chroniques et cancer.\"@fr ;\n"
  "  dcat:keyword \"cohorte\"@fr ;\n"
  "  dct:publisher ag:inserm ; dct:accessRights ar:PUBLIC ;\n"
  "  h:minTypicalAge \"18\"^^xsd:nonNegativeInteger ;\n"
  "  h:maxTypicalAge \"69\"^^xsd:nonNegativeInteger ;\n"
  "  dct:modified \"2021-09-09\"^^xsd:date .\n";

typedef struct fixture
{
  char       path[256];
  hdc_world *w;
  hdc_store *s;
} fixture;

static int
setup(void **state)
{
  static int n;
  fixture   *f = calloc(1, sizeof *f);
  hdc_error  err;
  if (!f)
    return -1;
  snprintf(
    f->path, sizeof f->path, "test_store_%ld_%d.db", (long)getpid(), n++);
  remove_db(f->path);
  f->w = hdc_world_new();
  if (!f->w || hdc_store_open(f->path, NULL, &f->s, &err)) {
    free(f);
    return -1;
  }
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

/* Import @p ttl as one run of @p source (no validation). */
static hdc_status
import(fixture             *f,
       const char          *source,
       const char          *ttl,
       bool                 withdraw,
       hdc_store_run_stats *stats)
{
  hdc_graph         *g = hdc_graph_new(f->w);
  hdc_store_run     *r = NULL;
  hdc_error          err;
  hdc_parse_opts     po = { HDC_FORMAT_TURTLE, NULL, "inline", NULL };
  hdc_store_run_opts ro = { .withdraw_missing = withdraw };
  hdc_status         st;
  hdc_error_clear(&err);
  assert_non_null(g);
  assert_int_equal(hdc_rdf_parse(ttl, strlen(ttl), &po, g, &err), HDC_OK);
  if (!(st = hdc_store_run_begin(f->s, source, &ro, &r, &err)) &&
      !(st = hdc_store_run_add_graph(r, g, "inline", &err)))
    st = hdc_store_run_commit(r, stats, &err);
  hdc_store_run_free(r);
  hdc_graph_free(g);
  return st;
}

static hdc_store_results *
search_full(fixture                *f,
            const char             *text,
            bool                    prefix,
            const hdc_store_filter *filters,
            size_t                  n_filters,
            hdc_store_sort          sort)
{
  hdc_store_query    q;
  hdc_store_results *r = NULL;
  hdc_error          err;
  memset(&q, 0, sizeof q);
  q.text      = hdc_str_from(text);
  q.prefix    = prefix;
  q.filters   = filters;
  q.n_filters = n_filters;
  q.sort      = sort;
  q.facets    = true;
  q.limit     = 50;
  hdc_error_clear(&err);
  if (hdc_store_search(f->s, &q, &r, &err))
    print_error("search '%s': %s\n", text, err.message);
  assert_non_null(r);
  return r;
}

static hdc_store_results *
search(fixture *f, const char *text)
{
  return search_full(f, text, false, NULL, 0, HDC_STORE_SORT_RELEVANCE);
}

/* The local name of the first hit's IRI, or "" */
static const char *
first(const hdc_store_results *r)
{
  if (!r->n_hits)
    return "";
  const char *slash = strrchr(r->hits[0].iri, '/');
  return slash ? slash + 1 : r->hits[0].iri;
}

static bool
has(const hdc_store_results *r, const char *name)
{
  for (size_t i = 0; i < r->n_hits; ++i) {
    const char *slash = strrchr(r->hits[i].iri, '/');
    if (slash && !strcmp(slash + 1, name))
      return true;
  }
  return false;
}

/* ------------------------------------------------------------------------ */

static void
test_free_null_is_noop(void **state)
{
  (void)state;
  hdc_store_close(NULL);
  hdc_store_run_free(NULL);
  hdc_store_results_free(NULL);
  hdc_store_record_free(NULL);
}

static void
test_open_creates_schema_latest(void **state)
{
  fixture *f = *state;
  assert_true(hdc_store_schema_latest() >= 1);
  assert_int_equal(hdc_store_schema_version(f->s), hdc_store_schema_latest());
  assert_int_equal(hdc_store_record_count(f->s), 0);
}

static void
test_open_not_a_database_fails(void **state)
{
  (void)state;
  const char *path = "test_store_garbage.db";
  FILE       *fp   = fopen(path, "wb");
  hdc_store  *s    = NULL;
  hdc_error   err;
  hdc_error_clear(&err);
  assert_non_null(fp);
  fputs("this is not an SQLite database, just text long enough to look "
        "like a header of something else entirely ....................",
        fp);
  fclose(fp);
  assert_int_equal(hdc_store_open(path, NULL, &s, &err), HDC_ERR_DB);
  assert_null(s);
  assert_true(err.message[0] != '\0');
  remove_db(path);
  assert_int_equal(hdc_store_open(NULL, NULL, &s, &err), HDC_ERR_INVALID_ARG);
}

static void
test_open_read_only_missing_fails(void **state)
{
  (void)state;
  hdc_store_open_opts o = { .read_only = true };
  hdc_store          *s = NULL;
  hdc_error           err;
  hdc_error_clear(&err);
  assert_int_not_equal(
    hdc_store_open("test_store_no_such_dir/x.db", &o, &s, &err), HDC_OK);
  assert_null(s);
}

static void
test_import_counts_added_unchanged_updated(void **state)
{
  fixture            *f = *state;
  hdc_store_run_stats st;
  assert_int_equal(import(f, "a", catalogue, false, &st), HDC_OK);
  assert_int_equal(st.added, 5);
  assert_int_equal(st.updated + st.unchanged + st.invalid, 0);
  assert_true(st.run_id > 0);
  assert_int_equal(import(f, "a", catalogue, false, &st), HDC_OK);
  assert_int_equal(st.added, 0);
  assert_int_equal(st.unchanged, 5);
  /* Change one title: one update, the rest unchanged. */
  char *changed = strdup(catalogue);
  char *t       = strstr(changed, "Cohorte Constances");
  assert_non_null(t);
  memcpy(t, "Cohorte Constanze ", 18);
  assert_int_equal(import(f, "a", changed, false, &st), HDC_OK);
  assert_int_equal(st.updated, 1);
  assert_int_equal(st.unchanged, 4);
  free(changed);
  assert_int_equal(hdc_store_record_count(f->s), 5);
}

/* An unchanged record found again is marked seen without being rewritten:
 * its last seen time moves on, its content does not, and a later run that
 * sees it again withdraws nothing. */
static void
test_import_unchanged_moves_last_seen_keeps_record(void **state)
{
  fixture            *f = *state;
  hdc_store_run_stats st;
  hdc_error           err;
  int64_t             id     = 0;
  hdc_store_record   *before = NULL, *after = NULL;
  const char         *iri = "https://catalogue.example/dataset/pmsi";
  hdc_error_clear(&err);
  assert_int_equal(import(f, "a", catalogue, false, &st), HDC_OK);
  assert_int_equal(hdc_store_record_find(f->s, "a", iri, &id, &err), HDC_OK);
  assert_int_equal(hdc_store_record_get(f->s, id, NULL, &before, &err), HDC_OK);
  sleep(1); /* timestamps have a resolution of one second */
  assert_int_equal(import(f, "a", catalogue, false, &st), HDC_OK);
  assert_int_equal(st.unchanged, 5);
  assert_int_equal(hdc_store_record_get(f->s, id, NULL, &after, &err), HDC_OK);
  assert_true(strcmp(after->last_seen, before->last_seen) > 0);
  assert_string_equal(after->first_seen, before->first_seen);
  assert_string_equal(after->hash, before->hash);
  assert_string_equal(after->ntriples, before->ntriples);
  hdc_store_record_free(after);
  after = NULL;
  /* Seen by the run through the narrow table: nothing withdrawn. */
  assert_int_equal(import(f, "a", catalogue, true, &st), HDC_OK);
  assert_int_equal(st.unchanged, 5);
  assert_int_equal(st.withdrawn, 0);
  assert_int_equal(hdc_store_record_get(f->s, id, NULL, &after, &err), HDC_OK);
  assert_string_equal(after->status, "active");
  assert_true(strcmp(after->last_seen, before->last_seen) > 0);
  hdc_store_record_free(after);
  hdc_store_record_free(before);
}

static void
test_import_same_iri_two_sources_two_records_linked(void **state)
{
  fixture            *f = *state;
  hdc_store_run_stats st;
  hdc_error           err;
  int64_t             a = 0, b = 0;
  hdc_store_record   *rec = NULL;
  hdc_error_clear(&err);
  assert_int_equal(import(f, "a", catalogue, false, &st), HDC_OK);
  assert_int_equal(import(f, "b", catalogue, false, &st), HDC_OK);
  assert_int_equal(st.added, 5); /* b never overwrites a */
  assert_int_equal(hdc_store_record_count(f->s), 10);
  assert_int_equal(hdc_store_record_find(f->s,
                                         "a",
                                         "https://catalogue.example/dataset/"
                                         "pmsi",
                                         &a,
                                         &err),
                   HDC_OK);
  assert_int_equal(hdc_store_record_find(f->s,
                                         "b",
                                         "https://catalogue.example/dataset/"
                                         "pmsi",
                                         &b,
                                         &err),
                   HDC_OK);
  assert_int_not_equal(a, b);
  assert_int_equal(hdc_store_record_get(f->s, a, "en", &rec, &err), HDC_OK);
  assert_int_equal(rec->n_duplicates, 1);
  assert_int_equal(rec->duplicates[0], b);
  assert_string_equal(rec->source, "a");
  assert_string_equal(rec->title, "Hospital discharge database");
  assert_string_equal(rec->status, "active");
  assert_non_null(strstr(rec->ntriples,
                         "<https://catalogue.example/"
                         "dataset/pmsi>"));
  assert_int_equal(strlen(rec->hash), 16);
  hdc_store_record_free(rec);
  assert_int_equal(hdc_store_record_get(f->s, 999999, NULL, &rec, &err),
                   HDC_ERR_NOT_FOUND);
  assert_null(rec);
  assert_int_equal(hdc_store_record_find(f->s, "c", "https://x/", &a, &err),
                   HDC_ERR_NOT_FOUND);
}

static void
test_run_without_commit_rolls_back(void **state)
{
  fixture            *f = *state;
  hdc_store_run_stats st;
  hdc_store_run      *r = NULL;
  hdc_error           err;
  hdc_parse_opts      po = { HDC_FORMAT_TURTLE, NULL, "inline", NULL };
  hdc_error_clear(&err);
  assert_int_equal(import(f, "a", catalogue, false, &st), HDC_OK);
  hdc_graph *g      = hdc_graph_new(f->w);
  const char more[] = PREFIXES "ex:new a dcat:Dataset ; dct:title \"Nouveau"
                               "\"@fr .\n";
  assert_int_equal(hdc_rdf_parse(more, strlen(more), &po, g, &err), HDC_OK);
  assert_int_equal(hdc_store_run_begin(f->s, "a", NULL, &r, &err), HDC_OK);
  /* Only one run at a time. */
  hdc_store_run *r2 = NULL;
  assert_int_equal(hdc_store_run_begin(f->s, "a", NULL, &r2, &err),
                   HDC_ERR_INVALID_ARG);
  assert_int_equal(hdc_store_run_add_graph(r, g, "more", &err), HDC_OK);
  assert_int_equal(hdc_store_record_count(f->s), 6); /* inside the run */
  hdc_store_run_free(r);
  assert_int_equal(hdc_store_record_count(f->s), 5);
  hdc_store_results *res = search(f, "nouveau");
  assert_int_equal(res->total, 0);
  hdc_store_results_free(res);
  hdc_graph_free(g);
}

/* FTS rows are queued during a run and inserted in batches: a search in
 * the run, an update of a record the run wrote and a rollback must all see
 * the queue as if the rows were in the table. */
static void
test_run_queue_seen_by_search_update_and_rollback(void **state)
{
  fixture       *f = *state;
  hdc_store_run *r = NULL;
  hdc_error      err;
  hdc_parse_opts po = { HDC_FORMAT_TURTLE, NULL, "inline", NULL };
  hdc_error_clear(&err);
  hdc_graph *g1 = hdc_graph_new(f->w), *g2 = hdc_graph_new(f->w);
  const char one[] = PREFIXES "ex:q a dcat:Dataset ; dct:title \"Registre"
                              " ornithologique\"@fr .\n";
  const char two[] = PREFIXES "ex:q a dcat:Dataset ; dct:title \"Registre"
                              " entomologique\"@fr .\n";
  assert_int_equal(hdc_rdf_parse(one, strlen(one), &po, g1, &err), HDC_OK);
  assert_int_equal(hdc_rdf_parse(two, strlen(two), &po, g2, &err), HDC_OK);
  assert_int_equal(hdc_store_run_begin(f->s, "a", NULL, &r, &err), HDC_OK);
  assert_int_equal(hdc_store_run_add_graph(r, g1, "one", &err), HDC_OK);
  hdc_store_results *res = search(f, "ornithologique");
  assert_int_equal(res->total, 1);
  hdc_store_results_free(res);
  /* The same record again with another title, in the same run. */
  assert_int_equal(hdc_store_run_add_graph(r, g2, "two", &err), HDC_OK);
  res = search(f, "ornithologique");
  assert_int_equal(res->total, 0);
  hdc_store_results_free(res);
  res = search(f, "entomologique");
  assert_int_equal(res->total, 1);
  hdc_store_results_free(res);
  hdc_store_run_free(r);
  res = search(f, "entomologique");
  assert_int_equal(res->total, 0);
  hdc_store_results_free(res);
  /* A new run after the rollback starts with an empty queue. */
  hdc_store_run_stats st;
  assert_int_equal(hdc_store_run_begin(f->s, "a", NULL, &r, &err), HDC_OK);
  assert_int_equal(hdc_store_run_add_graph(r, g2, "two", &err), HDC_OK);
  assert_int_equal(hdc_store_run_commit(r, &st, &err), HDC_OK);
  hdc_store_run_free(r);
  assert_int_equal(st.added, 1);
  res = search(f, "entomologique");
  assert_int_equal(res->total, 1);
  hdc_store_results_free(res);
  res = search(f, "ornithologique");
  assert_int_equal(res->total, 0);
  hdc_store_results_free(res);
  hdc_graph_free(g1);
  hdc_graph_free(g2);
}

static void
test_withdraw_missing_removes_from_search(void **state)
{
  fixture            *f = *state;
  hdc_store_run_stats st;
  hdc_error           err;
  int64_t             id;
  hdc_store_record   *rec = NULL;
  hdc_error_clear(&err);
  assert_int_equal(import(f, "a", catalogue, false, &st), HDC_OK);
  const char only[] = PREFIXES AGENTS
    "ex:cepidc a dcat:Dataset ; dct:title \"Causes médicales de décès\"@fr,"
    " \"Medical causes of death\"@en ; dct:description \"Certificats de "
    "décès codés en CIM-10.\"@fr ; dct:publisher ag:inserm ;"
    " dct:accessRights ar:RESTRICTED ;"
    " dct:modified \"2023-03-01\"^^xsd:date .\n";
  assert_int_equal(import(f, "a", only, true, &st), HDC_OK);
  assert_int_equal(st.withdrawn, 4);
  assert_int_equal(st.unchanged, 1);
  hdc_store_results *res = search(f, "");
  assert_int_equal(res->total, 1);
  hdc_store_results_free(res);
  res = search(f, "cohorte");
  assert_int_equal(res->total, 0);
  hdc_store_results_free(res);
  assert_int_equal(
    hdc_store_record_find(
      f->s, "a", "https://catalogue.example/dataset/pmsi", &id, &err),
    HDC_OK);
  assert_int_equal(hdc_store_record_get(f->s, id, NULL, &rec, &err), HDC_OK);
  assert_string_equal(rec->status, "withdrawn");
  assert_string_equal(rec->withdrawn_reason,
                      "no longer published by the source");
  assert_true(rec->withdrawn_date[0] != '\0');
  hdc_store_record_free(rec);
  /* Seen again: active again. */
  assert_int_equal(import(f, "a", catalogue, false, &st), HDC_OK);
  assert_int_equal(st.updated, 4);
  res = search(f, "");
  assert_int_equal(res->total, 5);
  hdc_store_results_free(res);
}

static void
test_import_with_profile_flags_invalid(void **state)
{
  fixture           *f = *state;
  hdc_shacl_profile *p = NULL;
  hdc_error          err;
  hdc_error_clear(&err);
  assert_int_equal(hdc_shacl_profile_load(
                     f->w, SCHEMAS, HDC_SHACL_PROFILE_HEALTHDCAT_AP, &p, &err),
                   HDC_OK);
  hdc_graph          *g  = hdc_graph_new(f->w);
  hdc_parse_opts      po = { HDC_FORMAT_TURTLE, NULL, "inline", NULL };
  hdc_store_run_opts  ro = { .profile = p };
  hdc_store_run      *r  = NULL;
  hdc_store_run_stats st;
  assert_int_equal(hdc_rdf_parse(catalogue, strlen(catalogue), &po, g, &err),
                   HDC_OK);
  assert_int_equal(hdc_store_run_begin(f->s, "v", &ro, &r, &err), HDC_OK);
  assert_int_equal(hdc_store_run_add_graph(r, g, "inline", &err), HDC_OK);
  assert_int_equal(hdc_store_run_commit(r, &st, &err), HDC_OK);
  hdc_store_run_free(r);
  /* The inline records lack many mandatory properties. */
  assert_int_equal(st.added, 5);
  assert_int_equal(st.invalid, 5);
  /* Invalid records are left out of searches unless asked for. */
  hdc_store_results *res = search(f, "constances");
  assert_int_equal(res->total, 0);
  assert_int_equal(res->n_hits, 0);
  hdc_store_results_free(res);
  hdc_store_query q;
  memset(&q, 0, sizeof q);
  q.text            = hdc_str_from("constances");
  q.facets          = true;
  q.include_invalid = true;
  res               = NULL;
  assert_int_equal(hdc_store_search(f->s, &q, &res, &err), HDC_OK);
  assert_int_equal(res->n_hits, 1);
  assert_false(res->hits[0].valid);
  assert_true(res->n_facets > 0);
  hdc_store_record *rec = NULL;
  assert_int_equal(
    hdc_store_record_get(f->s, res->hits[0].id, "fr", &rec, &err), HDC_OK);
  assert_false(rec->valid);
  assert_true(rec->violations > 0);
  assert_non_null(strstr(rec->report, "\"conforms\""));
  hdc_store_record_free(rec);
  hdc_store_results_free(res);
  hdc_graph_free(g);
  hdc_shacl_profile_free(p);
}

/* ------------------------------------------------------------------------ */
/* Query translation                                                        */

static const char *
translate(const char *text, bool prefix, hdc_buf *out, hdc_buf *neg)
{
  hdc_buf_reset(out);
  hdc_buf_reset(neg);
  assert_int_equal(
    hdc_store_query_translate(hdc_str_from(text), prefix, out, neg, NULL, NULL),
    HDC_OK);
  return out->ptr ? out->ptr : "";
}

static void
test_translate_quotes_every_word(void **state)
{
  (void)state;
  hdc_buf out = HDC_BUF_INIT, neg = HDC_BUF_INIT;
  assert_string_equal(translate("Hôpitaux", false, &out, &neg),
                      "(\"hopitaux\")");
  assert_string_equal(translate("a b", false, &out, &neg),
                      "(\"a\") AND (\"b\")");
  assert_string_equal(translate("a OR b c", false, &out, &neg),
                      "(\"a\" OR \"b\") AND (\"c\")");
  assert_string_equal(translate("\"Assurance  Maladie\"", false, &out, &neg),
                      "(\"assurance maladie\")");
  assert_string_equal(translate("cancer -enfant -\"l'été\"", false, &out, &neg),
                      "(\"cancer\")");
  assert_string_equal(neg.ptr, "\"enfant\" OR \"ete\"");
  assert_string_equal(translate("consta", true, &out, &neg), "(\"consta\"*)");
  assert_string_equal(translate("consta ", true, &out, &neg), "(\"consta\")");
  /* A one-letter prefix is left out until a second letter comes. */
  assert_string_equal(translate("registre d", true, &out, &neg),
                      "(\"registre\")");
  assert_string_equal(translate("a OR d", true, &out, &neg), "(\"a\")");
  assert_string_equal(translate("d", true, &out, &neg), "");
  /* Two letters are matched whole until a third one comes. */
  assert_string_equal(translate("registre de", true, &out, &neg),
                      "(\"registre\") AND (\"de\")");
  assert_string_equal(translate("ia", true, &out, &neg), "(\"ia\")");
  assert_string_equal(translate("registre des", true, &out, &neg),
                      "(\"registre\") AND (\"des\"*)");
  assert_string_equal(translate("registre d", false, &out, &neg),
                      "(\"registre\") AND (\"d\")");
  assert_string_equal(translate("NEAR(a b) title:x *", false, &out, &neg),
                      "(\"near a\") AND (\"b\") AND (\"title x\")");
  assert_string_equal(translate("OR OR \"\" - -- ***", false, &out, &neg), "");
  assert_string_equal(translate("\"unbalanced", false, &out, &neg),
                      "(\"unbalanced\")");
  hdc_buf_clear(&out);
  hdc_buf_clear(&neg);
}

/* ------------------------------------------------------------------------ */
/* Search                                                                   */

static void
test_search_relevance_fixtures(void **state)
{
  fixture            *f = *state;
  hdc_store_run_stats st;
  assert_int_equal(import(f, "a", catalogue, false, &st), HDC_OK);
  static const struct
  {
    const char *query, *first;
    size_t      total; /* 0: do not check */
  } cases[] = {
    { "hopitaux", "pmsi", 0 },              /* no accent, French plural */
    { "HÔPITAL", "pmsi", 0 },               /* case and accent */
    { "hospitals", "pmsi", 0 },             /* English plural */
    { "deces", "cepidc", 1 },               /* accent folded */
    { "causes of death", "cepidc", 1 },     /* English */
    { "causes médicales", "cepidc", 1 },    /* French */
    { "\"assurance maladie\"", "snds", 2 }, /* phrase (and publisher) */
    { "cancer", "registre", 2 },            /* title beats description */
    { "cancers -enfant", "constances", 1 }, /* exclusion */
    { "registre OR cohorte", "", 2 },       /* OR */
    { "données santé", "snds", 1 },
    { "Inserm", "", 3 }, /* publisher field */
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; ++i) {
    hdc_store_results *r = search(f, cases[i].query);
    if (*cases[i].first && strcmp(first(r), cases[i].first))
      fail_msg("query '%s': first is '%s', expected '%s'",
               cases[i].query,
               first(r),
               cases[i].first);
    if (cases[i].total && r->total != cases[i].total)
      fail_msg("query '%s': %zu results, expected %zu",
               cases[i].query,
               r->total,
               cases[i].total);
    hdc_store_results_free(r);
  }
  /* A phrase is not two words anywhere. */
  hdc_store_results *r = search(f, "\"maladie assurance\"");
  assert_int_equal(r->total, 0);
  hdc_store_results_free(r);
  /* Exclusion only: everything but. */
  r = search(f, "-cancer");
  assert_int_equal(r->total, 3);
  assert_false(has(r, "registre"));
  hdc_store_results_free(r);
}

static void
test_search_prefix_matches_partial_word(void **state)
{
  fixture            *f = *state;
  hdc_store_run_stats st;
  assert_int_equal(import(f, "a", catalogue, false, &st), HDC_OK);
  hdc_store_results *r = search_full(f, "consta", false, NULL, 0, 0);
  assert_int_equal(r->total, 0);
  hdc_store_results_free(r);
  r = search_full(f, "consta", true, NULL, 0, 0);
  assert_int_equal(r->total, 1);
  assert_string_equal(first(r), "constances");
  hdc_store_results_free(r);
  r = search_full(f, "donnee", true, NULL, 0, 0);
  assert_string_equal(first(r), "snds");
  hdc_store_results_free(r);
}

static void
test_search_snippet_highlights(void **state)
{
  fixture            *f = *state;
  hdc_store_run_stats st;
  assert_int_equal(import(f, "a", catalogue, false, &st), HDC_OK);
  hdc_store_results *r = search(f, "certificats");
  assert_int_equal(r->n_hits, 1);
  assert_non_null(strstr(r->hits[0].snippet, "[Certificats]"));
  assert_null(strchr(r->hits[0].snippet, '\x01'));
  assert_true(r->hits[0].score > 0);
  hdc_store_results_free(r);
}

/* Every facet count equals the total of the same query filtered on it. */
static void
check_facets(fixture *f, const char *text)
{
  hdc_store_results *r = search(f, text);
  assert_true(r->n_facets > 0);
  for (size_t k = 0; k < r->n_facets; ++k) {
    for (size_t i = 0; i < r->facets[k].n_values; ++i) {
      hdc_store_filter flt = { r->facets[k].key, r->facets[k].values[i].value };
      hdc_store_results *g = search_full(f, text, false, &flt, 1, 0);
      if (g->total != r->facets[k].values[i].count)
        fail_msg("query '%s' facet %s=%s: count %zu, filtered total %zu",
                 text,
                 flt.key,
                 flt.value,
                 r->facets[k].values[i].count,
                 g->total);
      hdc_store_results_free(g);
    }
  }
  hdc_store_results_free(r);
}

static void
test_facet_counts_match_filtered_totals(void **state)
{
  fixture            *f = *state;
  hdc_store_run_stats st;
  assert_int_equal(import(f, "a", catalogue, false, &st), HDC_OK);
  check_facets(f, "");
  check_facets(f, "cancer");
  check_facets(f, "-cancer");
  hdc_store_results *r        = search(f, "");
  bool               seen_age = false, seen_records = false;
  for (size_t k = 0; k < r->n_facets; ++k) {
    if (!strcmp(r->facets[k].key, "age_range")) {
      seen_age = true;
      /* snds 0-110 and registre 0-17 overlap 0-17. */
      for (size_t i = 0; i < r->facets[k].n_values; ++i) {
        if (!strcmp(r->facets[k].values[i].value, "0-17"))
          assert_int_equal(r->facets[k].values[i].count, 2);
      }
    }
    if (!strcmp(r->facets[k].key, "records"))
      seen_records = true;
  }
  assert_true(seen_age && seen_records);
  hdc_store_results_free(r);
  /* Two values of one facet are OR-ed, two facets AND-ed. */
  hdc_store_filter two[] = {
    { "access_rights",
      "http://publications.europa.eu/resource/authority/"
      "access-right/PUBLIC" },
    { "access_rights",
      "http://publications.europa.eu/resource/authority/"
      "access-right/RESTRICTED" }
  };
  r = search_full(f, "", false, two, 2, 0);
  assert_int_equal(r->total, 3);
  hdc_store_results_free(r);
  hdc_store_filter both[] = {
    two[1], { "publisher", "https://catalogue.example/agent/inserm" }
  };
  r = search_full(f, "", false, both, 2, 0);
  assert_int_equal(r->total, 1);
  assert_string_equal(first(r), "cepidc");
  hdc_store_results_free(r);
}

static void
test_search_unknown_facet_is_an_error(void **state)
{
  fixture           *f   = *state;
  hdc_store_filter   flt = { "colour", "red" };
  hdc_store_query    q;
  hdc_store_results *r = NULL;
  hdc_error          err;
  memset(&q, 0, sizeof q);
  hdc_error_clear(&err);
  q.filters   = &flt;
  q.n_filters = 1;
  assert_int_equal(hdc_store_search(f->s, &q, &r, &err), HDC_ERR_INVALID_ARG);
  assert_null(r);
  assert_non_null(strstr(err.message, "colour"));
}

static void
test_search_sort_and_paging(void **state)
{
  fixture            *f = *state;
  hdc_store_run_stats st;
  assert_int_equal(import(f, "a", catalogue, false, &st), HDC_OK);
  hdc_store_results *r =
    search_full(f, "", false, NULL, 0, HDC_STORE_SORT_MODIFIED);
  assert_int_equal(r->n_hits, 5);
  assert_string_equal(first(r), "pmsi"); /* 2025 */
  for (size_t i = 1; i < r->n_hits; ++i)
    assert_true(strcmp(r->hits[i - 1].modified, r->hits[i].modified) >= 0);
  hdc_store_results_free(r);
  r = search_full(f, "", false, NULL, 0, HDC_STORE_SORT_TITLE);
  assert_string_equal(first(r), "cepidc"); /* Causes ... */
  hdc_store_results_free(r);
  hdc_store_query q;
  hdc_error       err;
  memset(&q, 0, sizeof q);
  q.sort   = HDC_STORE_SORT_TITLE;
  q.limit  = 2;
  q.offset = 4;
  assert_int_equal(hdc_store_search(f->s, &q, &r, &err), HDC_OK);
  assert_int_equal(r->total, 5);
  assert_int_equal(r->n_hits, 1);
  hdc_store_results_free(r);
}

static void
test_search_hostile_queries_are_sane(void **state)
{
  fixture            *f = *state;
  hdc_store_run_stats st;
  hdc_error           err;
  assert_int_equal(import(f, "a", catalogue, false, &st), HDC_OK);
  static const char *const hostile[] = {
    "\"",
    "\"\"\"",
    "-",
    "--",
    "OR",
    "AND",
    "NOT",
    "NEAR(",
    "NEAR(a b, 2)",
    "a AND",
    "^cancer",
    "cancer*",
    "*",
    "title:cancer",
    "{title}: x",
    "(((",
    ")))",
    "'; DROP TABLE record; --",
    "\\",
    "\x01"
    "fr\x01"
    "x",
    "-\"",
    "a OR OR OR b",
    "+cancer",
    "\xff\xfe",
    "\xc3",
    "col:\"x",
  };
  for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; ++i) {
    hdc_store_results *r =
      search_full(f, hostile[i], i % 2 == 0, NULL, 0, (hdc_store_sort)(i % 3));
    hdc_store_results_free(r);
  }
  /* NUL bytes inside the query. */
  hdc_store_query q;
  memset(&q, 0, sizeof q);
  q.text               = (hdc_str){ "canc\0er\0\"x", 10 };
  hdc_store_results *r = NULL;
  assert_int_equal(hdc_store_search(f->s, &q, &r, &err), HDC_OK);
  hdc_store_results_free(r);
  /* 10 kB: over the default limit, a clear error. */
  char *big = malloc(10241);
  assert_non_null(big);
  for (size_t i = 0; i < 10240; ++i)
    big[i] = "ab \"-*()"[i % 8];
  big[10240] = '\0';
  q.text     = hdc_str_from(big);
  r          = NULL;
  hdc_error_clear(&err);
  assert_int_equal(hdc_store_search(f->s, &q, &r, &err), HDC_ERR_LIMIT);
  assert_null(r);
  assert_non_null(strstr(err.message, "query_bytes"));
  /* Under a raised limit, a sane answer. */
  hdc_store_close(f->s);
  f->s = NULL;
  hdc_limits lim;
  hdc_limits_init(&lim);
  assert_int_equal(hdc_limits_set(&lim, "query_bytes", 65536, &err), HDC_OK);
  hdc_store_open_opts oo = { .limits = &lim };
  assert_int_equal(hdc_store_open(f->path, &oo, &f->s, &err), HDC_OK);
  assert_int_equal(hdc_store_search(f->s, &q, &r, &err), HDC_OK);
  assert_int_equal(r->total, 0);
  hdc_store_results_free(r);
  free(big);
  /* The catalogue is intact. */
  assert_int_equal(hdc_store_record_count(f->s), 5);
}

/* With filters, a facet is counted without its own filters (so its other
 * values show what adding them would give) and with every other one. */
static void
test_facet_counts_are_disjunctive(void **state)
{
  fixture            *f = *state;
  hdc_store_run_stats st;
  assert_int_equal(import(f, "a", catalogue, false, &st), HDC_OK);
  hdc_store_filter flt[] = {
    { "access_rights",
      "http://publications.europa.eu/resource/authority/"
      "access-right/PUBLIC" },
    { "publisher", "https://catalogue.example/agent/inserm" }
  };
  hdc_store_results *r       = search_full(f, "", false, flt, 2, 0);
  size_t             checked = 0;
  for (size_t k = 0; k < r->n_facets; ++k) {
    for (size_t i = 0; i < r->facets[k].n_values; ++i) {
      /* Expected: the filters of other keys, and this value. */
      hdc_store_filter g[3];
      size_t           n = 0;
      for (size_t j = 0; j < 2; ++j)
        if (strcmp(flt[j].key, r->facets[k].key))
          g[n++] = flt[j];
      g[n++] =
        (hdc_store_filter){ r->facets[k].key, r->facets[k].values[i].value };
      hdc_store_results *e = search_full(f, "", false, g, n, 0);
      if (e->total != r->facets[k].values[i].count)
        fail_msg("facet %s=%s: count %zu, expected %zu",
                 r->facets[k].key,
                 r->facets[k].values[i].value,
                 r->facets[k].values[i].count,
                 e->total);
      hdc_store_results_free(e);
      checked++;
    }
    /* The filtered facet still offers more than the chosen value. */
    if (!strcmp(r->facets[k].key, "access_rights"))
      assert_true(r->facets[k].n_values > 1);
  }
  assert_true(checked > 3);
  hdc_store_results_free(r);
}

/* The in-memory search index follows imports, by this handle and by
 * another connection. */
static void
test_search_index_follows_imports(void **state)
{
  fixture            *f = *state;
  hdc_store_run_stats st;
  hdc_store          *other = NULL;
  hdc_error           err;
  hdc_error_clear(&err);
  assert_int_equal(import(f, "a", catalogue, false, &st), HDC_OK);
  hdc_store_results *r      = search(f, "");
  size_t             before = r->total;
  hdc_store_results_free(r);
  static const char more[] =
    PREFIXES "ex:neuf a dcat:Dataset ; dct:title \"Cohorte neuve\"@fr .\n";
  assert_int_equal(import(f, "b", more, false, &st), HDC_OK);
  r = search(f, "");
  assert_int_equal(r->total, before + 1);
  hdc_store_results_free(r);
  r = search(f, "neuve");
  assert_int_equal(r->total, 1);
  hdc_store_results_free(r);
  /* Another connection withdraws source b's records. */
  assert_int_equal(hdc_store_open(f->path, NULL, &other, &err), HDC_OK);
  hdc_graph         *g   = hdc_graph_new(f->w);
  hdc_store_run     *run = NULL;
  hdc_store_run_opts ro  = { .withdraw_missing = true };
  assert_non_null(g);
  assert_int_equal(hdc_store_run_begin(other, "b", &ro, &run, &err), HDC_OK);
  assert_int_equal(hdc_store_run_commit(run, &st, &err), HDC_OK);
  assert_int_equal(st.withdrawn, 1);
  hdc_store_run_free(run);
  hdc_graph_free(g);
  hdc_store_close(other);
  r = search(f, "neuve");
  assert_int_equal(r->total, 0);
  hdc_store_results_free(r);
  r = search(f, "");
  assert_int_equal(r->total, before);
  hdc_store_results_free(r);
}

/* More text matches than the exact ranking takes: records whose title
 * matches come before those that only mention the word, the total and
 * facets stay exact, and paging neither repeats nor skips a record. */
static void
test_search_broad_query_ranks_title_first(void **state)
{
  fixture            *f = *state;
  hdc_store_run_stats st;
  hdc_buf             ttl = HDC_BUF_INIT;
  enum
  {
    N      = 1500,
    TITLED = 6
  }; /* titles: every 250th record */
  hdc_buf_puts(&ttl, PREFIXES);
  for (int i = 0; i < N; ++i)
    hdc_buf_printf(&ttl,
                   "ex:d%d a dcat:Dataset ; dct:title \"%s %d\"@fr ;"
                   " dct:description \"Relevé de la %s des patients.\"@fr ;"
                   " dct:modified \"2020-01-%02d\" ;"
                   " dct:accessRights ar:%s .\n",
                   i,
                   i % (N / TITLED) == 0 ? "Glycémie" : "Relevé",
                   i,
                   "glycémie",
                   1 + i % 28,
                   i % 2 ? "PUBLIC" : "NON_PUBLIC");
  assert_int_equal(hdc_buf_status(&ttl), HDC_OK);
  assert_int_equal(import(f, "a", ttl.ptr, false, &st), HDC_OK);
  hdc_buf_clear(&ttl);
  hdc_store_results *r = search(f, "glycémie");
  assert_int_equal(r->total, N);
  assert_true(r->n_hits >= TITLED);
  for (size_t i = 0; i < TITLED; ++i)
    assert_non_null(strstr(r->hits[i].title, "Glycémie"));
  assert_null(strstr(r->hits[TITLED].title, "Glycémie"));
  assert_true(r->hits[0].score > r->hits[TITLED].score);
  size_t public_count = 0;
  for (size_t k = 0; k < r->n_facets; ++k)
    if (!strcmp(r->facets[k].key, "access_rights"))
      for (size_t i = 0; i < r->facets[k].n_values; ++i)
        if (strstr(r->facets[k].values[i].value, "/PUBLIC"))
          public_count = r->facets[k].values[i].count;
  assert_int_equal(public_count, N / 2);
  hdc_store_results_free(r);
  /* Paging through every match: each record once. */
  char           *seen = calloc(N + 1, 1);
  hdc_store_query q;
  size_t          total_seen = 0;
  assert_non_null(seen);
  memset(&q, 0, sizeof q);
  q.text  = hdc_str_from("glycemie");
  q.limit = 1000;
  for (q.offset = 0; q.offset < N; q.offset += q.limit) {
    hdc_error err;
    r = NULL;
    assert_int_equal(hdc_store_search(f->s, &q, &r, &err), HDC_OK);
    for (size_t i = 0; i < r->n_hits; ++i) {
      int n = atoi(strrchr(r->hits[i].iri, '/') + 2);
      assert_true(n >= 0 && n < N);
      assert_int_equal(seen[n], 0);
      seen[n] = 1;
      total_seen++;
    }
    hdc_store_results_free(r);
  }
  assert_int_equal(total_seen, N);
  free(seen);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_free_null_is_noop),
    cmocka_unit_test(test_open_not_a_database_fails),
    cmocka_unit_test(test_open_read_only_missing_fails),
    cmocka_unit_test(test_translate_quotes_every_word),
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    T(test_open_creates_schema_latest),
    T(test_import_counts_added_unchanged_updated),
    T(test_import_unchanged_moves_last_seen_keeps_record),
    T(test_import_same_iri_two_sources_two_records_linked),
    T(test_run_without_commit_rolls_back),
    T(test_run_queue_seen_by_search_update_and_rollback),
    T(test_withdraw_missing_removes_from_search),
    T(test_import_with_profile_flags_invalid),
    T(test_search_relevance_fixtures),
    T(test_search_prefix_matches_partial_word),
    T(test_search_snippet_highlights),
    T(test_facet_counts_match_filtered_totals),
    T(test_search_unknown_facet_is_an_error),
    T(test_search_sort_and_paging),
    T(test_search_hostile_queries_are_sane),
    T(test_facet_counts_are_disjunctive),
    T(test_search_index_follows_imports),
    T(test_search_broad_query_ranks_title_first),
#undef T
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
