// SPDX-License-Identifier: EUPL-1.2
/*
 * Unit tests of the catalogue's journal modes and of migration 8.
 *
 * The first load of an empty catalogue runs in rollback-journal mode
 * (src/store/import.c, bulk_begin): each page is written once instead of
 * twice. These tests check that it happens only then (empty catalogue, no
 * other connection), that the catalogue is in WAL mode again after the
 * run, committed or not, and that a load killed in the middle leaves the
 * catalogue empty and readable, by a read-only open too (which has to roll
 * the hot journal back itself).
 *
 * Migration 8 rebuilt the full-text index without its prefix entries: a
 * catalogue indexed the old way answers the same searches after it.
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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static const char catalogue[] =
  "@prefix dcat: <http://www.w3.org/ns/dcat#> .\n"
  "@prefix dct: <http://purl.org/dc/terms/> .\n"
  "@prefix ex: <https://catalogue.example/dataset/> .\n"
  "ex:snds a dcat:Dataset ;\n"
  "  dct:title \"Système national des données de santé\"@fr ;\n"
  "  dct:description \"Remboursements de l'assurance maladie.\"@fr ;\n"
  "  dcat:keyword \"assurance maladie\"@fr .\n"
  "ex:pmsi a dcat:Dataset ;\n"
  "  dct:title \"Séjours hospitaliers\"@fr, \"Hospital stays\"@en ;\n"
  "  dct:description \"Résumés de sortie des hôpitaux.\"@fr .\n"
  "ex:cepidc a dcat:Dataset ;\n"
  "  dct:title \"Causes médicales de décès\"@fr ;\n"
  "  dct:description \"Certificats de décès depuis 1968.\"@fr .\n";

typedef struct fixture
{
  char       path[256];
  hdc_world *w;
} fixture;

static int
setup(void **state)
{
  static int n;
  fixture   *f = calloc(1, sizeof *f);
  if (!f)
    return -1;
  snprintf(
    f->path, sizeof f->path, "test_store_bulk_%ld_%d.db", (long)getpid(), n++);
  remove_db(f->path);
  if (!(f->w = hdc_world_new())) {
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
  hdc_world_free(f->w);
  remove_db(f->path);
  free(f);
  return 0;
}

static hdc_store *
open_store(fixture *f, bool read_only, size_t cache_kib)
{
  hdc_store          *s = NULL;
  hdc_error           err;
  hdc_store_open_opts oo = { .read_only = read_only, .cache_kib = cache_kib };
  hdc_error_clear(&err);
  if (hdc_store_open(f->path, &oo, &s, &err))
    fprintf(stderr, "open %s: %s\n", f->path, err.message);
  assert_non_null(s);
  return s;
}

/* Begin a run of @p ttl on @p s, added but not committed. */
static hdc_store_run *
run_with(fixture *f, hdc_store *s, const char *ttl)
{
  hdc_graph     *g = hdc_graph_new(f->w);
  hdc_store_run *r = NULL;
  hdc_error      err;
  hdc_parse_opts po = { HDC_FORMAT_TURTLE, NULL, "inline", NULL };
  hdc_error_clear(&err);
  assert_non_null(g);
  assert_int_equal(hdc_rdf_parse(ttl, strlen(ttl), &po, g, &err), HDC_OK);
  assert_int_equal(hdc_store_run_begin(s, "s", NULL, &r, &err), HDC_OK);
  assert_int_equal(hdc_store_run_add_graph(r, g, "inline", &err), HDC_OK);
  hdc_graph_free(g);
  return r;
}

static void
commit(hdc_store_run *r)
{
  hdc_error err;
  hdc_error_clear(&err);
  assert_int_equal(hdc_store_run_commit(r, NULL, &err), HDC_OK);
  hdc_store_run_free(r);
}

/* The journal mode the file itself says, read by a new connection. */
static void
assert_journal_mode(const char *path, const char *want)
{
  sqlite3      *db = NULL;
  sqlite3_stmt *q  = NULL;
  assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL),
                   SQLITE_OK);
  assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &q, NULL),
                   SQLITE_OK);
  assert_int_equal(sqlite3_step(q), SQLITE_ROW);
  assert_string_equal((const char *)sqlite3_column_text(q, 0), want);
  sqlite3_finalize(q);
  sqlite3_close(db);
}

static void
assert_integrity(const char *path)
{
  sqlite3      *db = NULL;
  sqlite3_stmt *q  = NULL;
  hdc_error     err;
  hdc_error_clear(&err);
  assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL),
                   SQLITE_OK);
  assert_int_equal(hdc_store_tokenizer_register(db, &err), HDC_OK);
  assert_int_equal(
    sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &q, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_step(q), SQLITE_ROW);
  assert_string_equal((const char *)sqlite3_column_text(q, 0), "ok");
  sqlite3_finalize(q);
  assert_int_equal(sqlite3_exec(db,
                                "INSERT INTO record_fts(record_fts)"
                                " VALUES ('integrity-check')",
                                NULL,
                                NULL,
                                NULL),
                   SQLITE_OK);
  sqlite3_close(db);
}

static size_t
total(hdc_store *s, const char *text, bool prefix)
{
  hdc_store_query    q;
  hdc_store_results *r = NULL;
  hdc_error          err;
  memset(&q, 0, sizeof q);
  q.text   = hdc_str_from(text);
  q.prefix = prefix;
  q.facets = true;
  q.limit  = 10;
  hdc_error_clear(&err);
  assert_int_equal(hdc_store_search(s, &q, &r, &err), HDC_OK);
  size_t n = r->total;
  hdc_store_results_free(r);
  return n;
}

/* ------------------------------------------------------------------------ */

static void
test_first_load_in_rollback_mode_then_wal(void **state)
{
  fixture       *f = *state;
  hdc_store     *s = open_store(f, false, 0);
  hdc_store_run *r = run_with(f, s, catalogue);
  assert_true(s->bulk);
  commit(r);
  assert_false(s->bulk);
  assert_journal_mode(f->path, "wal");
  assert_int_equal(hdc_store_record_count(s), 3);
  /* Not empty any more: the next run is an ordinary WAL one. */
  r = run_with(f, s, catalogue);
  assert_false(s->bulk);
  commit(r);
  hdc_store_close(s);
  assert_integrity(f->path);
}

static void
test_first_load_rolled_back_leaves_empty_wal(void **state)
{
  fixture       *f = *state;
  hdc_store     *s = open_store(f, false, 0);
  hdc_store_run *r = run_with(f, s, catalogue);
  assert_true(s->bulk);
  hdc_store_run_free(r); /* no commit */
  assert_false(s->bulk);
  assert_int_equal(hdc_store_record_count(s), 0);
  assert_journal_mode(f->path, "wal");
  hdc_store_close(s);
  assert_integrity(f->path);
}

static void
test_first_load_with_a_reader_stays_wal(void **state)
{
  fixture   *f      = *state;
  hdc_store *s      = open_store(f, false, 0);
  hdc_store *reader = open_store(f, true, 0);
  assert_int_equal(total(reader, "", false), 0);
  hdc_store_run *r = run_with(f, s, catalogue);
  assert_false(s->bulk);
  /* WAL: the reader still sees the catalogue as it was. */
  assert_int_equal(total(reader, "", false), 0);
  commit(r);
  assert_int_equal(total(reader, "", false), 3);
  hdc_store_close(reader);
  hdc_store_close(s);
  assert_journal_mode(f->path, "wal");
}

/* A catalogue big enough that the run's pages spill from a small page
 * cache to the file before the commit. */
static char *
big_catalogue(size_t n)
{
  hdc_buf b;
  hdc_buf_init(&b);
  hdc_buf_puts(&b,
               "@prefix dcat: <http://www.w3.org/ns/dcat#> .\n"
               "@prefix dct: <http://purl.org/dc/terms/> .\n");
  for (size_t i = 0; i < n; ++i) {
    char head[160];
    snprintf(head,
             sizeof head,
             "<https://catalogue.example/dataset/big-%zu> a dcat:Dataset ;\n"
             "  dct:title \"Jeu de données %zu\"@fr ;\n  dct:description \"",
             i,
             i);
    hdc_buf_puts(&b, head);
    for (size_t k = 0; k < 40; ++k) {
      char w[32];
      snprintf(w, sizeof w, "mot%zu ", (i * 41 + k * 7) % 5000);
      hdc_buf_puts(&b, w);
    }
    hdc_buf_puts(&b, "\"@fr .\n");
  }
  assert_int_equal(hdc_buf_status(&b), HDC_OK);
  return hdc_buf_detach(&b, NULL);
}

static void
test_killed_first_load_leaves_empty_readable(void **state)
{
  fixture *f   = *state;
  char    *ttl = big_catalogue(3000);
  /* The catalogue exists (schema), empty. */
  hdc_store_close(open_store(f, false, 0));
  fflush(NULL);
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    /* The loader: 256 KiB of page cache, so pages reach the file; then
     * it dies without committing or closing anything. */
    hdc_store *s = open_store(f, false, 256);
    run_with(f, s, ttl);
    if (!s->bulk)
      _exit(2);
    hdc_store_index_flush(s, NULL);
    _exit(0);
  }
  int status = 0;
  assert_int_equal(waitpid(pid, &status, 0), pid);
  assert_true(WIFEXITED(status));
  assert_int_equal(WEXITSTATUS(status), 0);
  hdc_free(ttl);

  /* A hot journal, which SQLite will not roll back read-only. */
  char        journal[300];
  struct stat st;
  snprintf(journal, sizeof journal, "%s-journal", f->path);
  assert_int_equal(stat(journal, &st), 0);
  sqlite3 *raw = NULL;
  assert_int_equal(sqlite3_open_v2(f->path, &raw, SQLITE_OPEN_READONLY, NULL),
                   SQLITE_OK);
  assert_int_not_equal(
    sqlite3_exec(raw, "SELECT count(*) FROM record", NULL, NULL, NULL),
    SQLITE_OK);
  assert_int_equal(sqlite3_extended_errcode(raw), SQLITE_READONLY_ROLLBACK);
  sqlite3_close(raw);

  /* The store's read-only open rolls it back: empty, readable, WAL. */
  hdc_store *s = open_store(f, true, 0);
  assert_int_equal(hdc_store_record_count(s), 0);
  assert_int_equal(total(s, "", false), 0);
  hdc_store_close(s);
  assert_int_not_equal(stat(journal, &st), 0);
  assert_journal_mode(f->path, "wal");
  assert_integrity(f->path);

  /* And the load can be made again. */
  s = open_store(f, false, 0);
  commit(run_with(f, s, catalogue));
  assert_int_equal(total(s, "deces", false), 1);
  hdc_store_close(s);
}

static void
test_migration_8_rebuilds_index_without_prefixes(void **state)
{
  fixture   *f = *state;
  hdc_store *s = open_store(f, false, 0);
  commit(run_with(f, s, catalogue));
  static const struct
  {
    const char *text;
    bool        prefix;
    size_t      want;
  } queries[] = {
    { "assurance maladie", false, 1 },
    { "hopital", false, 1 },
    { "hospital", false, 1 },
    { "rembours", true, 1 },
    { "séj", true, 1 },
    { "deces -1968", false, 0 },
    { "\"causes medicales\"", false, 1 },
  };
  size_t n = sizeof queries / sizeof *queries;
  for (size_t i = 0; i < n; ++i)
    assert_int_equal(total(s, queries[i].text, queries[i].prefix),
                     queries[i].want);
  hdc_store_close(s);

  /* Put the catalogue back as migrations 1-7 left it: an index with
   * prefix entries, no dictionaries. */
  sqlite3  *db = NULL;
  hdc_error err;
  hdc_error_clear(&err);
  assert_int_equal(sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READWRITE, NULL),
                   SQLITE_OK);
  assert_int_equal(hdc_store_tokenizer_register(db, &err), HDC_OK);
  assert_int_equal(
    sqlite3_exec(db,
                 "BEGIN;"
                 "CREATE VIRTUAL TABLE old_fts USING fts5(title, keywords,"
                 " description, publisher, category, coding,"
                 " tokenize = 'hdcat', prefix = '2 3');"
                 "INSERT INTO old_fts(rowid, title, keywords, description,"
                 " publisher, category, coding) SELECT rowid, title,"
                 " keywords, description, publisher, category, coding"
                 " FROM record_fts;"
                 "DROP TABLE record_fts;"
                 "ALTER TABLE old_fts RENAME TO record_fts;"
                 "DROP TABLE pack_dict;"
                 "PRAGMA user_version = 7;"
                 "COMMIT;",
                 NULL,
                 NULL,
                 NULL),
    SQLITE_OK);
  sqlite3_close(db);

  s = open_store(f, false, 0);
  assert_int_equal(hdc_store_schema_version(s), hdc_store_schema_latest());
  assert_true(hdc_store_schema_latest() >= 8);
  sqlite3_stmt *q = NULL;
  assert_int_equal(sqlite3_prepare_v2(s->db,
                                      "SELECT sql FROM sqlite_schema WHERE"
                                      " name = 'record_fts'",
                                      -1,
                                      &q,
                                      NULL),
                   SQLITE_OK);
  assert_int_equal(sqlite3_step(q), SQLITE_ROW);
  const char *sql = (const char *)sqlite3_column_text(q, 0);
  assert_non_null(strstr(sql, "tokenize = 'hdcat'"));
  assert_null(strstr(sql, "prefix"));
  sqlite3_finalize(q);
  for (size_t i = 0; i < n; ++i)
    assert_int_equal(total(s, queries[i].text, queries[i].prefix),
                     queries[i].want);
  hdc_store_close(s);
  assert_integrity(f->path);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    T(test_first_load_in_rollback_mode_then_wal),
    T(test_first_load_rolled_back_leaves_empty_wal),
    T(test_first_load_with_a_reader_stays_wal),
    T(test_killed_first_load_leaves_empty_readable),
    T(test_migration_8_rebuilds_index_without_prefixes),
#undef T
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
