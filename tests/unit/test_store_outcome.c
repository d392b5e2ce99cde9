// SPDX-License-Identifier: EUPL-1.2
/*
 * Unit tests of the per-record outcome callback of source runs
 * (hdc_store_run_opts.on_record): harvest reports count invalid records by
 * rule and list what each run did, so every stored or unchanged record must
 * be reported once, with its kind, validity, counts and the short names of
 * the rules it breaks, matching what the catalogue stored.
 *
 * Each test works on its own catalogue file in the working directory
 * (removed afterwards).
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
  "@prefix ar: <http://publications.europa.eu/resource/authority/"             \
  "access-right/> .\n"                                                         \
  "@prefix ex: <https://catalogue.example/dataset/> .\n"

/* Two datasets, incomplete (no distribution...), b also without a
 * description. */
static const char two[] = PREFIXES
  "ex:a a dcat:Dataset ; dct:title \"Registre A\"@fr ;\n"
  "  dct:description \"Un registre.\"@fr ; dct:accessRights ar:PUBLIC .\n"
  "ex:b a dcat:Dataset ; dct:title \"Cohorte B\"@fr ;\n"
  "  dct:accessRights ar:PUBLIC ;\n"
  "  dct:publisher [ a foaf:Agent ; foaf:name \"Inserm\" ] .\n";

#define MAX_SEEN 8

typedef struct seen
{
  size_t n;
  struct
  {
    char    iri[128];
    int64_t id;
    int     kind;
    bool    valid;
    size_t  violations, warnings, n_rules;
    bool    has_distribution_rule, has_description_rule, rules_well_formed;
  } rec[MAX_SEEN];
} seen;

static void
on_record(void *arg, const hdc_store_record_outcome *o)
{
  seen *s = arg;
  if (s->n == MAX_SEEN)
    return;
  snprintf(s->rec[s->n].iri, sizeof s->rec[s->n].iri, "%s", o->iri);
  s->rec[s->n].id                = o->id;
  s->rec[s->n].kind              = o->kind;
  s->rec[s->n].valid             = o->valid;
  s->rec[s->n].violations        = o->violations;
  s->rec[s->n].warnings          = o->warnings;
  s->rec[s->n].n_rules           = o->n_rules;
  s->rec[s->n].rules_well_formed = true;
  for (size_t i = 0; i < o->n_rules; ++i) {
    const char *sp = strchr(o->rules[i], ' ');
    /* "<property> <constraint>", both non-empty */
    if (!sp || sp == o->rules[i] || !sp[1])
      s->rec[s->n].rules_well_formed = false;
    if (!strcmp(o->rules[i], "dcat:distribution minCount"))
      s->rec[s->n].has_distribution_rule = true;
    if (!strcmp(o->rules[i], "dct:description minCount"))
      s->rec[s->n].has_description_rule = true;
  }
  s->n++;
}

typedef struct fixture
{
  char               path[256];
  hdc_world         *w;
  hdc_store         *s;
  hdc_shacl_profile *p;
} fixture;

static int
setup(void **state)
{
  static int n;
  fixture   *f = calloc(1, sizeof *f);
  hdc_error  err;
  if (!f)
    return -1;
  snprintf(f->path,
           sizeof f->path,
           "test_store_outcome_%ld_%d.db",
           (long)getpid(),
           n++);
  remove_db(f->path);
  f->w = hdc_world_new();
  if (!f->w || hdc_store_open(f->path, NULL, &f->s, &err) ||
      hdc_shacl_profile_load(
        f->w, SCHEMAS, HDC_SHACL_PROFILE_HEALTHDCAT_AP_CORE, &f->p, &err)) {
    hdc_store_close(f->s);
    hdc_world_free(f->w);
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
  hdc_shacl_profile_free(f->p);
  hdc_store_close(f->s);
  hdc_world_free(f->w);
  remove_db(f->path);
  free(f);
  return 0;
}

/* One run of @p ttl, validated (or not, without @p profile), reporting to
 * @p out. */
static void
run(fixture *f, const char *ttl, bool profile, seen *out)
{
  hdc_graph         *g  = hdc_graph_new(f->w);
  hdc_store_run     *r  = NULL;
  hdc_parse_opts     po = { HDC_FORMAT_TURTLE, NULL, "inline", NULL };
  hdc_store_run_opts ro;
  hdc_error          err;
  memset(&ro, 0, sizeof ro);
  memset(out, 0, sizeof *out);
  ro.profile       = profile ? f->p : NULL;
  ro.on_record     = on_record;
  ro.on_record_arg = out;
  hdc_error_clear(&err);
  assert_non_null(g);
  assert_int_equal(hdc_rdf_parse(ttl, strlen(ttl), &po, g, &err), HDC_OK);
  assert_int_equal(hdc_store_run_begin(f->s, "src", &ro, &r, &err), HDC_OK);
  assert_int_equal(hdc_store_run_add_graph(r, g, "inline", &err), HDC_OK);
  assert_int_equal(hdc_store_run_commit(r, NULL, &err), HDC_OK);
  hdc_store_run_free(r);
  hdc_graph_free(g);
}

/* The outcome of dataset @p local ("a", "b") in @p s; fails if absent. */
static int
find(const seen *s, const char *local)
{
  for (size_t i = 0; i < s->n; ++i) {
    const char *slash = strrchr(s->rec[i].iri, '/');
    if (slash && !strcmp(slash + 1, local))
      return (int)i;
  }
  fail_msg("no outcome for %s", local);
  return -1;
}

static void
test_outcome_reports_kind_validity_and_rules(void **state)
{
  fixture  *f = *state;
  seen      s;
  hdc_error err;
  hdc_error_clear(&err);
  run(f, two, true, &s);
  assert_int_equal(s.n, 2);
  int a = find(&s, "a"), b = find(&s, "b");
  assert_int_equal(s.rec[a].kind, HDC_STORE_ADDED);
  assert_int_equal(s.rec[b].kind, HDC_STORE_ADDED);
  assert_false(s.rec[a].valid);
  assert_false(s.rec[b].valid);
  /* Neither has a distribution; only b lacks a description. */
  assert_true(s.rec[a].has_distribution_rule);
  assert_true(s.rec[b].has_distribution_rule);
  assert_false(s.rec[a].has_description_rule);
  assert_true(s.rec[b].has_description_rule);
  for (int i = 0; i < 2; ++i) {
    /* One rule name per violation, as stored in the record. */
    hdc_store_record *rec = NULL;
    assert_true(s.rec[i].rules_well_formed);
    assert_int_equal(s.rec[i].n_rules, s.rec[i].violations);
    assert_int_equal(hdc_store_record_get(f->s, s.rec[i].id, "fr", &rec, &err),
                     HDC_OK);
    assert_string_equal(rec->iri, s.rec[i].iri);
    assert_int_equal(rec->violations, s.rec[i].violations);
    assert_int_equal(rec->warnings, s.rec[i].warnings);
    hdc_store_record_free(rec);
  }
}

static void
test_outcome_unchanged_gives_stored_counts_without_rules(void **state)
{
  fixture *f = *state;
  seen     first, again;
  run(f, two, true, &first);
  run(f, two, true, &again);
  assert_int_equal(again.n, 2);
  for (size_t i = 0; i < again.n; ++i) {
    int j = find(&first, strrchr(again.rec[i].iri, '/') + 1);
    assert_int_equal(again.rec[i].kind, HDC_STORE_UNCHANGED);
    assert_int_equal(again.rec[i].id, first.rec[j].id);
    assert_int_equal(again.rec[i].valid, first.rec[j].valid);
    assert_int_equal(again.rec[i].violations, first.rec[j].violations);
    assert_int_equal(again.rec[i].warnings, first.rec[j].warnings);
    assert_int_equal(again.rec[i].n_rules, 0);
  }
}

static void
test_outcome_update_and_unvalidated_run(void **state)
{
  fixture *f = *state;
  seen     s;
  run(f, two, false, &s);
  assert_int_equal(s.n, 2);
  /* Without a profile every record is valid and has no rules. */
  for (size_t i = 0; i < s.n; ++i) {
    assert_true(s.rec[i].valid);
    assert_int_equal(s.rec[i].n_rules, 0);
  }
  char *changed = strdup(two);
  assert_non_null(changed);
  char *t = strstr(changed, "Registre A");
  assert_non_null(t);
  t[9] = 'Z';
  run(f, changed, false, &s);
  free(changed);
  assert_int_equal(s.rec[find(&s, "a")].kind, HDC_STORE_UPDATED);
  assert_int_equal(s.rec[find(&s, "b")].kind, HDC_STORE_UNCHANGED);
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
  const struct CMUnitTest tests[] = {
    T(test_outcome_reports_kind_validity_and_rules),
    T(test_outcome_unchanged_gives_stored_counts_without_rules),
    T(test_outcome_update_and_unvalidated_run),
  };
#undef T
  return cmocka_run_group_tests(tests, NULL, NULL);
}
