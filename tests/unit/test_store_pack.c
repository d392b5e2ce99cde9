// SPDX-License-Identifier: EUPL-1.2
/*
 * Unit tests of how the catalogue stores a record's canonical N-Triples
 * and validation report: packed with zstd as BLOBs, while catalogues
 * written before (N-Triples as TEXT, reports deflated behind a 4-byte
 * length) still read back the same; the content hash stays the hash of the
 * text; a display column that only repeats the French or English one is
 * not stored twice; a corrupt BLOB reads as empty, not as a failure.
 *
 * Each test imports a small inline catalogue, validated with the
 * HealthDCAT-AP profile (so that records have reports), into its own
 * catalogue file, then looks at and rewrites the rows with SQLite itself.
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
#include "store/store_internal.h"

#include <inttypes.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#define SCHEMAS HDC_FIXTURES "/../schemas"

static const char catalogue[] =
  "@prefix dcat: <http://www.w3.org/ns/dcat#> .\n"
  "@prefix dct: <http://purl.org/dc/terms/> .\n"
  "@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n"
  "@prefix ex: <https://catalogue.example/dataset/> .\n"
  "ex:snds a dcat:Dataset ;\n"
  "  dct:title \"Système national des données de santé\"@fr,"
  "    \"National health data system\"@en ;\n"
  "  dct:description \"Données de remboursement de l'assurance maladie, "
  "chaînées aux séjours hospitaliers.\"@fr ;\n"
  "  dcat:keyword \"assurance maladie\"@fr ;\n"
  "  dct:publisher [ a foaf:Agent ; foaf:name \"Cnam\" ] .\n"
  "ex:untagged a dcat:Dataset ;\n"
  "  dct:title \"Registre sans langue\" ;\n"
  "  dct:description \"Une description sans étiquette de langue.\" .\n";

typedef struct fixture
{
  char               path[256];
  hdc_world         *w;
  hdc_shacl_profile *profile;
  hdc_store         *s;
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
    f->path, sizeof f->path, "test_store_pack_%ld_%d.db", (long)getpid(), n++);
  remove_db(f->path);
  hdc_error_clear(&err);
  f->w = hdc_world_new();
  if (!f->w ||
      hdc_shacl_profile_load(
        f->w, SCHEMAS, HDC_SHACL_PROFILE_HEALTHDCAT_AP, &f->profile, &err) ||
      hdc_store_open(f->path, NULL, &f->s, &err)) {
    print_error("setup: %s\n", err.message);
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
  hdc_shacl_profile_free(f->profile);
  hdc_world_free(f->w);
  remove_db(f->path);
  free(f);
  return 0;
}

static void
import(fixture *f, hdc_store_run_stats *stats)
{
  hdc_graph         *g = hdc_graph_new(f->w);
  hdc_store_run     *r = NULL;
  hdc_error          err;
  hdc_parse_opts     po = { HDC_FORMAT_TURTLE, NULL, "inline", NULL };
  hdc_store_run_opts ro = { .profile = f->profile };
  hdc_error_clear(&err);
  assert_non_null(g);
  assert_int_equal(hdc_rdf_parse(catalogue, strlen(catalogue), &po, g, &err),
                   HDC_OK);
  assert_int_equal(hdc_store_run_begin(f->s, "local", &ro, &r, &err), HDC_OK);
  assert_int_equal(hdc_store_run_add_graph(r, g, "inline", &err), HDC_OK);
  assert_int_equal(hdc_store_run_commit(r, stats, &err), HDC_OK);
  hdc_store_run_free(r);
  hdc_graph_free(g);
}

static int64_t
record_id(fixture *f, const char *iri)
{
  int64_t   id = 0;
  hdc_error err;
  hdc_error_clear(&err);
  assert_int_equal(hdc_store_record_find(f->s, "local", iri, &id, &err),
                   HDC_OK);
  return id;
}

static hdc_store_record *
get(fixture *f, int64_t id)
{
  hdc_store_record *rec = NULL;
  hdc_error         err;
  hdc_error_clear(&err);
  assert_int_equal(hdc_store_record_get(f->s, id, "fr", &rec, &err), HDC_OK);
  return rec;
}

/* A second connection to the catalogue file, as any SQLite tool. */
static sqlite3 *
raw_open(fixture *f)
{
  sqlite3 *db = NULL;
  assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
  sqlite3_busy_timeout(db, 5000);
  return db;
}

/* Column @p col of record @p id: its storage class, and its first bytes
 * into @p head. */
static int
raw_column(sqlite3 *db, const char *col, int64_t id, unsigned char head[4])
{
  char          sql[128];
  sqlite3_stmt *q = NULL;
  snprintf(sql, sizeof sql, "SELECT %s FROM record WHERE id = ?1", col);
  assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
  sqlite3_bind_int64(q, 1, id);
  assert_int_equal(sqlite3_step(q), SQLITE_ROW);
  int type = sqlite3_column_type(q, 0);
  memset(head, 0, 4);
  if (type == SQLITE_BLOB && sqlite3_column_bytes(q, 0) >= 4)
    memcpy(head, sqlite3_column_blob(q, 0), 4);
  sqlite3_finalize(q);
  return type;
}

static void
raw_set(sqlite3    *db,
        const char *col,
        int64_t     id,
        const void *bytes,
        size_t      n,
        bool        blob)
{
  char          sql[128];
  sqlite3_stmt *q = NULL;
  snprintf(sql, sizeof sql, "UPDATE record SET %s = ?2 WHERE id = ?1", col);
  assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
  sqlite3_bind_int64(q, 1, id);
  if (blob)
    sqlite3_bind_blob(q, 2, bytes, (int)n, SQLITE_TRANSIENT);
  else
    sqlite3_bind_text(q, 2, bytes, (int)n, SQLITE_TRANSIENT);
  assert_int_equal(sqlite3_step(q), SQLITE_DONE);
  sqlite3_finalize(q);
}

/* The format reports had before zstd: a 4-byte little-endian length of
 * the text, then a zlib stream. */
static unsigned char *
deflate_old(const char *text, size_t *n)
{
  size_t         len   = strlen(text);
  uLongf         bound = compressBound((uLong)len);
  unsigned char *out   = malloc(4 + bound);
  assert_non_null(out);
  out[0] = (unsigned char)len;
  out[1] = (unsigned char)(len >> 8);
  out[2] = (unsigned char)(len >> 16);
  out[3] = (unsigned char)(len >> 24);
  assert_int_equal(
    compress2(out + 4, &bound, (const Bytef *)text, (uLong)len, 1), Z_OK);
  *n = 4 + bound;
  return out;
}

typedef struct listed
{
  int64_t id;
  char   *ntriples;
} listed;

static hdc_status
on_listed(void *ctx, const hdc_store_listed *r)
{
  listed *l = ctx;
  if (r->id == l->id) {
    free(l->ntriples);
    l->ntriples = strdup(r->ntriples);
  }
  return HDC_OK;
}

/* The N-Triples of record @p id as the feed and OAI-PMH list them. */
static char *
list_ntriples(fixture *f, int64_t id)
{
  listed               l = { .id = id, .ntriples = NULL };
  hdc_store_list_query q;
  hdc_error            err;
  hdc_error_clear(&err);
  memset(&q, 0, sizeof q);
  q.include_invalid = true;
  q.limit           = 100;
  assert_int_equal(hdc_store_list(f->s, &q, on_listed, &l, NULL, &err), HDC_OK);
  assert_non_null(l.ntriples);
  return l.ntriples;
}

static const unsigned char zstd_magic[4] = { 0x28, 0xB5, 0x2F, 0xFD };

/* ------------------------------------------------------------------------ */

static void
test_pack_ntriples_and_report_stored_as_zstd_read_as_text(void **state)
{
  fixture            *f = *state;
  hdc_store_run_stats st;
  unsigned char       head[4];
  import(f, &st);
  assert_int_equal(st.added, 2);
  int64_t  id = record_id(f, "https://catalogue.example/dataset/snds");
  sqlite3 *db = raw_open(f);
  assert_int_equal(raw_column(db, "ntriples", id, head), SQLITE_BLOB);
  assert_memory_equal(head, zstd_magic, 4);
  assert_int_equal(raw_column(db, "report", id, head), SQLITE_BLOB);
  assert_memory_equal(head, zstd_magic, 4);
  sqlite3_close(db);

  hdc_store_record *rec = get(f, id);
  assert_non_null(strstr(rec->ntriples,
                         "<https://catalogue.example/dataset/snds> "
                         "<http://purl.org/dc/terms/title> "));
  assert_non_null(strstr(rec->report, "\"conforms\""));
  /* The change-detection hash is the text's, as before packing. */
  char hash[17];
  snprintf(hash,
           sizeof hash,
           "%016" PRIx64,
           hdc_hash64(rec->ntriples, strlen(rec->ntriples), 0));
  assert_string_equal(rec->hash, hash);
  char *nt = list_ntriples(f, id);
  assert_string_equal(nt, rec->ntriples);
  free(nt);
  hdc_store_record_free(rec);
  /* Packed text changes nothing for change detection. */
  import(f, &st);
  assert_int_equal(st.unchanged, 2);
  assert_int_equal(st.added + st.updated, 0);
}

static void
test_pack_old_text_and_deflate_rows_read_back_the_same(void **state)
{
  fixture            *f = *state;
  hdc_store_run_stats st;
  unsigned char       head[4];
  import(f, &st);
  int64_t           id = record_id(f, "https://catalogue.example/dataset/snds");
  hdc_store_record *before = get(f, id);

  /* Rewrite the row as an older hdcat stored it. */
  sqlite3 *db = raw_open(f);
  raw_set(
    db, "ntriples", id, before->ntriples, strlen(before->ntriples), false);
  size_t         n   = 0;
  unsigned char *old = deflate_old(before->report, &n);
  raw_set(db, "report", id, old, n, true);
  free(old);
  assert_int_equal(raw_column(db, "ntriples", id, head), SQLITE_TEXT);
  sqlite3_close(db);

  hdc_store_record *after = get(f, id);
  assert_string_equal(after->ntriples, before->ntriples);
  assert_string_equal(after->report, before->report);
  char *nt = list_ntriples(f, id);
  assert_string_equal(nt, before->ntriples);
  free(nt);
  hdc_store_record_free(after);
  hdc_store_record_free(before);
  /* A text row is still "unchanged" on the next import (same hash). */
  import(f, &st);
  assert_int_equal(st.unchanged, 2);
}

static void
test_pack_corrupt_blob_reads_as_empty(void **state)
{
  fixture            *f = *state;
  hdc_store_run_stats st;
  import(f, &st);
  int64_t  id = record_id(f, "https://catalogue.example/dataset/snds");
  sqlite3 *db = raw_open(f);
  /* A zstd frame cut short, and an old-format length far too large. */
  const unsigned char cut[]  = { 0x28, 0xB5, 0x2F, 0xFD, 0x20, 0x10, 0x01 };
  const unsigned char huge[] = { 0xFF, 0xFF, 0xFF, 0x7F, 0x78, 0x01 };
  raw_set(db, "ntriples", id, cut, sizeof cut, true);
  raw_set(db, "report", id, huge, sizeof huge, true);
  sqlite3_close(db);
  hdc_store_record *rec = get(f, id);
  assert_string_equal(rec->ntriples, "");
  assert_string_equal(rec->report, "");
  hdc_store_record_free(rec);
}

static void
test_pack_any_language_copy_not_stored_twice(void **state)
{
  fixture            *f = *state;
  hdc_store_run_stats st;
  import(f, &st);
  sqlite3      *db = raw_open(f);
  sqlite3_stmt *q  = NULL;
  assert_int_equal(
    sqlite3_prepare_v2(db,
                       "SELECT iri, title_fr, title_en, title,"
                       " description_fr, description FROM record ORDER BY iri",
                       -1,
                       &q,
                       NULL),
    SQLITE_OK);
  assert_int_equal(sqlite3_step(q), SQLITE_ROW);
  assert_string_equal(sqlite3_column_text(q, 0),
                      "https://catalogue.example/dataset/snds");
  assert_string_equal(sqlite3_column_text(q, 1),
                      "Système national des données de santé");
  assert_string_equal(sqlite3_column_text(q, 2), "National health data system");
  assert_string_equal(sqlite3_column_text(q, 3), "");
  assert_true(sqlite3_column_bytes(q, 4) > 0);
  assert_string_equal(sqlite3_column_text(q, 5), "");
  /* Untagged text has no French or English column to fall back on. */
  assert_int_equal(sqlite3_step(q), SQLITE_ROW);
  assert_string_equal(sqlite3_column_text(q, 3), "Registre sans langue");
  assert_string_equal(sqlite3_column_text(q, 5),
                      "Une description sans étiquette de langue.");
  sqlite3_finalize(q);
  sqlite3_close(db);
  /* Readers still find every title, in either language. */
  hdc_store_record *rec =
    get(f, record_id(f, "https://catalogue.example/dataset/untagged"));
  assert_string_equal(rec->title, "Registre sans langue");
  hdc_store_record_free(rec);
  rec = get(f, record_id(f, "https://catalogue.example/dataset/snds"));
  assert_string_equal(rec->title, "Système national des données de santé");
  assert_non_null(strstr(rec->description, "remboursement"));
  hdc_store_record_free(rec);
}

/* ------------------------------------------------------------------------ */
/* Dictionaries                                                             */

/* A catalogue of @p n datasets, alike as a real catalogue's are. */
static char *
many(size_t n)
{
  hdc_buf b = HDC_BUF_INIT;
  hdc_buf_puts(&b,
               "@prefix dcat: <http://www.w3.org/ns/dcat#> .\n"
               "@prefix dct: <http://purl.org/dc/terms/> .\n"
               "@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n");
  for (size_t i = 0; i < n; ++i)
    hdc_buf_printf(&b,
                   "<https://catalogue.example/dataset/d%zu> a dcat:Dataset ;\n"
                   "  dct:title \"Registre %zu des cancers\"@fr,"
                   " \"Cancer registry %zu\"@en ;\n"
                   "  dct:description \"Cas incidents de la région %zu depuis"
                   " %zu, codés en CIM-O-3.\"@fr ;\n"
                   "  dcat:keyword \"cancer\"@fr, \"registre %zu\"@fr ;\n"
                   "  dct:publisher [ a foaf:Agent ; foaf:name \"Réseau %zu\" ] .\n",
                   i,
                   i,
                   i,
                   i % 13,
                   1975 + i % 40,
                   i % 7,
                   i % 5);
  assert_int_equal(hdc_buf_status(&b), HDC_OK);
  return hdc_buf_detach(&b, NULL);
}

static hdc_graph *
parse(fixture *f, const char *ttl)
{
  hdc_graph     *g = hdc_graph_new(f->w);
  hdc_error      err;
  hdc_parse_opts po = { HDC_FORMAT_TURTLE, NULL, "inline", NULL };
  hdc_error_clear(&err);
  assert_non_null(g);
  assert_int_equal(hdc_rdf_parse(ttl, strlen(ttl), &po, g, &err), HDC_OK);
  return g;
}

/* Begin a run of @p g on @p s, with the profile; added, not committed. */
static hdc_store_run *
run_of(fixture *f, hdc_store *s, hdc_graph *g)
{
  hdc_store_run     *r = NULL;
  hdc_error          err;
  hdc_store_run_opts ro = { .profile = f->profile };
  hdc_error_clear(&err);
  assert_int_equal(hdc_store_run_begin(s, "local", &ro, &r, &err), HDC_OK);
  assert_int_equal(hdc_store_run_add_graph(r, g, "inline", &err), HDC_OK);
  return r;
}

static int64_t
count_of(sqlite3 *db, const char *sql)
{
  sqlite3_stmt *q = NULL;
  assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_step(q), SQLITE_ROW);
  int64_t n = sqlite3_column_int64(q, 0);
  sqlite3_finalize(q);
  return n;
}

/* The zstd dictionary ID column @p col of record @p id names. */
static unsigned
dict_of(sqlite3 *db, const char *col, int64_t id)
{
  char          sql[128];
  sqlite3_stmt *q = NULL;
  snprintf(sql, sizeof sql, "SELECT %s FROM record WHERE id = ?1", col);
  assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
  sqlite3_bind_int64(q, 1, id);
  assert_int_equal(sqlite3_step(q), SQLITE_ROW);
  assert_int_equal(sqlite3_column_type(q, 0), SQLITE_BLOB);
  unsigned d = ZSTD_getDictID_fromFrame(sqlite3_column_blob(q, 0),
                                        (size_t)sqlite3_column_bytes(q, 0));
  sqlite3_finalize(q);
  return d;
}

/* Every record of @p a reads the same as its namesake in @p b. */
static void
assert_same_records(hdc_store *a, hdc_store *b, size_t n)
{
  for (size_t i = 0; i < n; ++i) {
    char              iri[80];
    int64_t           ida = 0, idb = 0;
    hdc_store_record *ra = NULL, *rb = NULL;
    hdc_error         err;
    hdc_error_clear(&err);
    snprintf(iri, sizeof iri, "https://catalogue.example/dataset/d%zu", i);
    assert_int_equal(hdc_store_record_find(a, "local", iri, &ida, &err),
                     HDC_OK);
    assert_int_equal(hdc_store_record_find(b, "local", iri, &idb, &err),
                     HDC_OK);
    assert_int_equal(hdc_store_record_get(a, ida, "fr", &ra, &err), HDC_OK);
    assert_int_equal(hdc_store_record_get(b, idb, "fr", &rb, &err), HDC_OK);
    assert_true(strlen(ra->ntriples) > 100);
    assert_true(strlen(ra->report) > 100);
    assert_string_equal(ra->ntriples, rb->ntriples);
    assert_string_equal(ra->report, rb->report);
    assert_string_equal(ra->hash, rb->hash);
    hdc_store_record_free(ra);
    hdc_store_record_free(rb);
  }
}

static void
test_pack_dictionary_trained_from_first_records(void **state)
{
  fixture   *f   = *state;
  char      *ttl = many(40);
  hdc_graph *g   = parse(f, ttl);
  f->s->dict_samples = 16;
  hdc_store_run *r = run_of(f, f->s, g);
  hdc_error      err;
  hdc_error_clear(&err);
  assert_int_equal(hdc_store_run_commit(r, NULL, &err), HDC_OK);
  hdc_store_run_free(r);

  /* One dictionary per kind, trained at the 16th record: the records
   * before it are packed without, the others with it. */
  sqlite3 *db = raw_open(f);
  assert_int_equal(count_of(db, "SELECT count(*) FROM pack_dict"), 2);
  assert_int_equal(count_of(db,
                            "SELECT count(DISTINCT kind) FROM pack_dict"
                            " WHERE length(dict) > 1000"),
                   2);
  unsigned nt_dict = 0, report_dict = 0;
  for (int64_t id = 1; id <= 40; ++id) {
    unsigned d = dict_of(db, "ntriples", id);
    unsigned e = dict_of(db, "report", id);
    if (id < 16) {
      assert_int_equal(d, 0);
      assert_int_equal(e, 0);
      continue;
    }
    assert_int_not_equal(d, 0);
    assert_int_not_equal(e, 0);
    assert_int_not_equal(d, e);
    if (!nt_dict) {
      nt_dict     = d;
      report_dict = e;
    }
    assert_int_equal(d, nt_dict);
    assert_int_equal(e, report_dict);
  }

  /* The same texts as a catalogue packed without dictionaries. */
  fixture plain = *f;
  snprintf(plain.path,
           sizeof plain.path,
           "test_store_pack_%ld_plain.db",
           (long)getpid());
  remove_db(plain.path);
  assert_int_equal(hdc_store_open(plain.path, NULL, &plain.s, &err), HDC_OK);
  plain.s->dict_samples = 0;
  r                     = run_of(&plain, plain.s, g);
  assert_int_equal(hdc_store_run_commit(r, NULL, &err), HDC_OK);
  hdc_store_run_free(r);
  sqlite3 *pdb = raw_open(&plain);
  assert_int_equal(count_of(pdb, "SELECT count(*) FROM pack_dict"), 0);
  assert_int_equal(dict_of(pdb, "ntriples", 30), 0);
  sqlite3_close(pdb);
  assert_same_records(f->s, plain.s, 40);

  /* A new connection reads them from the catalogue's own dictionaries; a
   * run finds them unchanged and trains no other. */
  hdc_store_close(f->s);
  assert_int_equal(hdc_store_open(f->path, NULL, &f->s, &err), HDC_OK);
  assert_same_records(f->s, plain.s, 40);
  hdc_store_run_stats st;
  r = run_of(f, f->s, g);
  assert_int_equal(hdc_store_run_commit(r, &st, &err), HDC_OK);
  hdc_store_run_free(r);
  assert_int_equal(st.unchanged, 40);
  assert_int_equal(count_of(db, "SELECT count(*) FROM pack_dict"), 2);

  /* Without its dictionary, a frame reads as empty, not as a failure. */
  assert_int_equal(
    sqlite3_exec(db, "DELETE FROM pack_dict", NULL, NULL, NULL), SQLITE_OK);
  hdc_store_close(f->s);
  assert_int_equal(hdc_store_open(f->path, NULL, &f->s, &err), HDC_OK);
  hdc_store_record *rec = get(f, 30);
  assert_string_equal(rec->ntriples, "");
  hdc_store_record_free(rec);
  rec = get(f, 3);
  assert_true(strlen(rec->ntriples) > 100);
  hdc_store_record_free(rec);

  sqlite3_close(db);
  hdc_store_close(plain.s);
  remove_db(plain.path);
  hdc_graph_free(g);
  hdc_free(ttl);
}

static void
test_pack_dictionary_goes_with_a_rolled_back_run(void **state)
{
  fixture   *f   = *state;
  char      *ttl = many(24);
  hdc_graph *g   = parse(f, ttl);
  hdc_error  err;
  hdc_error_clear(&err);
  f->s->dict_samples = 16;
  hdc_store_run_free(run_of(f, f->s, g)); /* no commit */
  sqlite3 *db = raw_open(f);
  assert_int_equal(count_of(db, "SELECT count(*) FROM pack_dict"), 0);
  assert_int_equal(count_of(db, "SELECT count(*) FROM record"), 0);
  /* The next run trains its own, and packs with it. */
  hdc_store_run *r = run_of(f, f->s, g);
  assert_int_equal(hdc_store_run_commit(r, NULL, &err), HDC_OK);
  hdc_store_run_free(r);
  assert_int_equal(count_of(db, "SELECT count(*) FROM pack_dict"), 2);
  int64_t last = count_of(db, "SELECT max(id) FROM record");
  assert_int_not_equal(dict_of(db, "ntriples", last), 0);
  assert_int_equal(
    (int64_t)dict_of(db, "ntriples", last),
    count_of(db, "SELECT dict_id FROM pack_dict WHERE kind = 'ntriples'"));
  sqlite3_close(db);
  hdc_graph_free(g);
  hdc_free(ttl);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(
      test_pack_ntriples_and_report_stored_as_zstd_read_as_text,
      setup,
      teardown),
    cmocka_unit_test_setup_teardown(
      test_pack_old_text_and_deflate_rows_read_back_the_same, setup, teardown),
    cmocka_unit_test_setup_teardown(
      test_pack_corrupt_blob_reads_as_empty, setup, teardown),
    cmocka_unit_test_setup_teardown(
      test_pack_any_language_copy_not_stored_twice, setup, teardown),
    cmocka_unit_test_setup_teardown(
      test_pack_dictionary_trained_from_first_records, setup, teardown),
    cmocka_unit_test_setup_teardown(
      test_pack_dictionary_goes_with_a_rolled_back_run, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
