// SPDX-License-Identifier: EUPL-1.2
/*
 * Opening and closing the catalogue: the SQLite connection, WAL mode, the
 * 'hdcat' tokenizer, the numbered migrations, and reading one record back.
 *
 * Migrations are applied in order, each in its own IMMEDIATE transaction
 * that also sets PRAGMA user_version, so a crash between two migrations
 * leaves a catalogue at a known version that the next open carries on from.
 */
#include "store_internal.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <stdint.h>
#include <time.h>

hdc_status
hdc_store_db_error(sqlite3 *db, hdc_error *err, const char *what)
{
  return hdc_error_set(err,
                       HDC_ERR_DB,
                       NULL,
                       0,
                       0,
                       "%s: %s",
                       what,
                       db ? sqlite3_errmsg(db) : "no database");
}

void
hdc_store_now(char out[32])
{
  time_t    t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  if (!strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm))
    out[0] = '\0';
}

int
hdc_store_schema_latest(void)
{
  int v = 0;
  for (const hdc_store_migration *m = hdc_store_migrations; m->version; ++m)
    v = m->version;
  return v;
}

int
hdc_store_schema_version(const hdc_store *s)
{
  return s ? s->version : 0;
}

sqlite3_stmt *
hdc_store_stmt(hdc_store        *s,
               hdc_store_stmt_id id,
               const char       *sql,
               hdc_error        *err)
{
  sqlite3_stmt *st = s->stmts[id];
  if (st) {
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return st;
  }
  if (sqlite3_prepare_v3(
        s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
    hdc_store_db_error(s->db, err, "preparing a statement");
    sqlite3_finalize(st);
    return NULL;
  }
  s->stmts[id] = st;
  return st;
}

/* Run SQL text without parameters (transaction control, pragmas). */
hdc_status
hdc_store_exec(hdc_store *s, const char *sql, hdc_error *err)
{
  if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return hdc_store_db_error(s->db, err, sql);
  return HDC_OK;
}

/*
 * A first load runs in rollback-journal mode (import.c). Killed, it leaves
 * a hot journal, which only a connection that may write can roll back: a
 * read-only open would fail ("attempt to write a readonly database") until
 * some writer came. So the read-only open rolls it back itself, through a
 * short-lived writable connection, which also puts the catalogue back in
 * WAL mode. Returns false if that was not possible (a read-only file).
 */
static bool
roll_back_interrupted_load(const char *path)
{
  sqlite3 *db = NULL;
  bool     ok = false;
  if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                      NULL) == SQLITE_OK) {
    sqlite3_busy_timeout(db, HDC_STORE_BUSY_MS);
    ok = sqlite3_exec(db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL) ==
         SQLITE_OK;
  }
  sqlite3_close(db);
  return ok;
}

static int
read_user_version(sqlite3 *db)
{
  sqlite3_stmt *st = NULL;
  int           v  = -1;
  if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) ==
        SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW)
    v = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  return v;
}

static hdc_status
migrate(hdc_store *s, hdc_error *err)
{
  hdc_status st = HDC_OK;
  for (const hdc_store_migration *m = hdc_store_migrations; m->version; ++m) {
    if (m->version <= s->version)
      continue;
    char pragma[64];
    snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", m->version);
    if ((st = hdc_store_exec(s, "BEGIN IMMEDIATE", err)))
      return st;
    /* Another process may have migrated while we waited for the lock. */
    int now = read_user_version(s->db);
    if (now >= m->version) {
      s->version = now;
      hdc_store_exec(s, "ROLLBACK", NULL);
      continue;
    }
    if (sqlite3_exec(s->db, (const char *)m->sql, NULL, NULL, NULL) !=
        SQLITE_OK) {
      st = hdc_error_set(
        err, HDC_ERR_DB, m->name, 0, 0, "migration: %s", sqlite3_errmsg(s->db));
      hdc_store_exec(s, "ROLLBACK", NULL);
      return st;
    }
    if ((st = hdc_store_exec(s, pragma, err)) ||
        (st = hdc_store_exec(s, "COMMIT", err))) {
      hdc_store_exec(s, "ROLLBACK", NULL);
      return st;
    }
    s->version = m->version;
  }
  return HDC_OK;
}

/* Before SQLite initialises: no allocation statistics. Kept, they take a
 * process-wide mutex on every allocation, which the web server's worker
 * threads (one connection each) then wait on. */
static pthread_once_t sqlite_once = PTHREAD_ONCE_INIT;

static void
sqlite_configure(void)
{
  sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

hdc_status
hdc_store_open(const char                *path,
               const hdc_store_open_opts *opts,
               hdc_store                **out,
               hdc_error                 *err)
{
  hdc_status st = HDC_OK;
  hdc_store *s  = NULL;
  if (!path || !out)
    return hdc_error_set(
      err, HDC_ERR_INVALID_ARG, NULL, 0, 0, "store: no path given");
  *out = NULL;
  s    = hdc_calloc(1, sizeof *s);
  if (!s)
    return hdc_error_set(err, HDC_ERR_NOMEM, path, 0, 0, "out of memory");
  hdc_limits_init(&s->limits);
  if (opts && opts->limits)
    s->limits = *opts->limits;
  s->read_only = opts && opts->read_only;
  s->dict_samples = HDC_PACK_DICT_SAMPLES;
  pthread_once(&sqlite_once, sqlite_configure);
  int flags    = s->read_only ? SQLITE_OPEN_READONLY
                              : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  if (sqlite3_open_v2(path, &s->db, flags | SQLITE_OPEN_NOMUTEX, NULL) !=
      SQLITE_OK) {
    st = hdc_error_set(err,
                       HDC_ERR_DB,
                       path,
                       0,
                       0,
                       "cannot open the catalogue: %s",
                       s->db ? sqlite3_errmsg(s->db) : "out of memory");
    goto done;
  }
  sqlite3_extended_result_codes(s->db, 1);
  /* A writer holds the lock for a whole run; readers and a second writer
   * wait for it rather than fail at once. */
  sqlite3_busy_timeout(s->db, HDC_STORE_BUSY_MS);
  /* Searches read FTS5 doclists again and again, and an import rewrites
   * the same index pages many times in one transaction: a page cache
   * bigger than the 2 MB default (64 MB, filled only as pages are used)
   * keeps them from going back to the file. A failure is harmless. */
  {
    char   pragma[64];
    size_t kib = opts && opts->cache_kib ? opts->cache_kib : 65536;
    if (kib > 4194304) /* 4 GiB */
      kib = 4194304;
    snprintf(pragma, sizeof pragma, "PRAGMA cache_size = -%zu", kib);
    sqlite3_exec(s->db, pragma, NULL, NULL, NULL);
  }
  /* Statement journals (kept for a statement that may have to undo itself
   * inside a run: FTS5 batches, inserts that fire triggers) went to a
   * temporary file, and an import wrote several times the catalogue's
   * size into it. Each lives only as long as its statement: memory holds
   * it. A failure is harmless. */
  sqlite3_exec(s->db, "PRAGMA temp_store = MEMORY", NULL, NULL, NULL);
  if ((st = hdc_store_tokenizer_register(s->db, err)))
    goto done;
  s->version = read_user_version(s->db);
  if (s->version < 0 && s->read_only &&
      sqlite3_extended_errcode(s->db) == SQLITE_READONLY_ROLLBACK) {
    if (!roll_back_interrupted_load(path)) {
      st = hdc_error_set(err,
                         HDC_ERR_DB,
                         path,
                         0,
                         0,
                         "the catalogue was left by an interrupted first "
                         "load and cannot be rolled back (read-only file): "
                         "open it once with write access");
      goto done;
    }
    s->version = read_user_version(s->db);
  }
  if (s->version < 0) {
    st = hdc_error_set(err,
                       HDC_ERR_DB,
                       path,
                       0,
                       0,
                       "not a catalogue (or not an SQLite file): %s",
                       sqlite3_errmsg(s->db));
    goto done;
  }
  if (s->version > hdc_store_schema_latest()) {
    st = hdc_error_set(err,
                       HDC_ERR_UNSUPPORTED,
                       path,
                       0,
                       0,
                       "catalogue schema version %d is newer than this "
                       "hdcat knows (%d): upgrade hdcat",
                       s->version,
                       hdc_store_schema_latest());
    goto done;
  }
  if (!s->read_only) {
    /* WAL: readers never block the writer and a crash mid-run leaves the
     * committed catalogue intact. NORMAL sync is durable up to the last
     * checkpoint-safe commit in WAL mode and much faster than FULL. */
    if (sqlite3_exec(s->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL) !=
        SQLITE_OK) {
      /* Only a first load holds a catalogue in rollback mode for long
       * (import.c): leaving it for WAL mode waits for its end. */
      st = sqlite3_errcode(s->db) == SQLITE_BUSY
             ? hdc_error_set(err,
                             HDC_ERR_DB,
                             path,
                             0,
                             0,
                             "the catalogue is locked by its first load "
                             "(an import into the empty catalogue): try "
                             "again when it has finished")
             : hdc_store_db_error(s->db, err, "PRAGMA journal_mode = WAL");
      goto done;
    }
    if ((st = hdc_store_exec(s, "PRAGMA synchronous = NORMAL", err)) ||
        (st = hdc_store_exec(s, "PRAGMA foreign_keys = ON", err)))
      goto done;
    /* A migration may rewrite a whole table in one statement (8 rebuilds
     * the full-text index): its statement journal, in memory, took 3.6 GB
     * for a million records. On file, for the migrations only. */
    sqlite3_exec(s->db, "PRAGMA temp_store = FILE", NULL, NULL, NULL);
    st = migrate(s, err);
    sqlite3_exec(s->db, "PRAGMA temp_store = MEMORY", NULL, NULL, NULL);
    if (st)
      goto done;
  } else if (s->version == 0) {
    st = hdc_error_set(err,
                       HDC_ERR_NOT_FOUND,
                       path,
                       0,
                       0,
                       "empty catalogue: import records first");
    goto done;
  }
  *out = s;
  s    = NULL;
done:
  hdc_store_close(s);
  return st;
}

void
hdc_store_close(hdc_store *s)
{
  if (!s)
    return;
  if (s->run)
    hdc_store_run_free(s->run);
  hdc_store_index_reset(s);
  for (int i = 0; i < STMT__COUNT; ++i)
    sqlite3_finalize(s->stmts[i]);
  hdc_store_cache_free(s->cache);
  hdc_store_pack_close(s);
  sqlite3_close_v2(s->db);
  hdc_free(s);
}

int64_t
hdc_store_record_count(hdc_store *s)
{
  sqlite3_stmt *st = NULL;
  int64_t       n  = -1;
  if (!s)
    return -1;
  if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM record", -1, &st, NULL) ==
        SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW)
    n = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return n;
}

/* ------------------------------------------------------------------------ */
/* Reading a record back                                                    */

const char *
hdc_store_col_dup(hdc_arena *a, sqlite3_stmt *st, int i)
{
  const char *z = (const char *)sqlite3_column_text(st, i);
  int         n = sqlite3_column_bytes(st, i);
  return hdc_arena_strndup(a, z ? z : "", z ? (size_t)n : 0);
}

/* The first non-empty of the requested language's column and the others. */
static const char *
pick_lang(hdc_arena    *a,
          sqlite3_stmt *st,
          int           fr,
          int           en,
          int           any,
          const char   *lang)
{
  int order[3] = { fr, en, any };
  if (lang && !strcmp(lang, "en")) {
    order[0] = en;
    order[1] = fr;
  }
  for (int i = 0; i < 3; ++i) {
    if (sqlite3_column_bytes(st, order[i]) > 0)
      return hdc_store_col_dup(a, st, order[i]);
  }
  return hdc_arena_strndup(a, "", 0);
}

void
hdc_store_record_free(hdc_store_record *r)
{
  if (!r)
    return;
  hdc_arena_free(r->arena);
  hdc_free(r);
}

hdc_status
hdc_store_record_get(hdc_store         *s,
                     int64_t            id,
                     const char        *lang,
                     hdc_store_record **out,
                     hdc_error         *err)
{
  hdc_status        st = HDC_OK;
  sqlite3_stmt     *q  = NULL;
  hdc_store_record *r  = NULL;
  int               rc = 0;
  static const char sql[] =
    "SELECT r.iri, s.name, r.hash, r.ntriples, r.title_fr, r.title_en,"
    " r.title, r.description_fr, r.description_en, r.description,"
    " r.modified, r.first_seen, max(r.last_seen, coalesce((SELECT rs.seen"
    " FROM record_seen rs WHERE rs.record_id = r.id), '')), r.status,"
    " r.withdrawn_reason,"
    " r.withdrawn_date, r.valid, r.violations, r.warnings, r.report"
    " FROM record r JOIN source s ON s.id = r.source_id WHERE r.id = ?1";
  if (!s || !out)
    return hdc_error_set(
      err, HDC_ERR_INVALID_ARG, NULL, 0, 0, "record: no store");
  *out = NULL;
  r    = hdc_calloc(1, sizeof *r);
  if (!r || !(r->arena = hdc_arena_new(0))) {
    st = hdc_error_set(err, HDC_ERR_NOMEM, NULL, 0, 0, "out of memory");
    goto done;
  }
  /* Kept prepared: a dataset page costs little more than preparing it. */
  if (!(q = hdc_store_stmt(s, STMT_RECORD_GET, sql, err))) {
    st = HDC_ERR_DB;
    goto done;
  }
  sqlite3_bind_int64(q, 1, id);
  rc = sqlite3_step(q);
  if (rc == SQLITE_DONE) {
    st = hdc_error_set(err,
                       HDC_ERR_NOT_FOUND,
                       NULL,
                       0,
                       0,
                       "no record with id %lld",
                       (long long)id);
    goto done;
  }
  if (rc != SQLITE_ROW) {
    st = hdc_store_db_error(s->db, err, "record");
    goto done;
  }
  hdc_arena *a        = r->arena;
  r->id               = id;
  r->iri              = hdc_store_col_dup(a, q, 0);
  r->source           = hdc_store_col_dup(a, q, 1);
  r->hash             = hdc_store_col_dup(a, q, 2);
  r->ntriples         = hdc_store_unpack(s, a, q, 3);
  r->title            = pick_lang(a, q, 4, 5, 6, lang);
  r->description      = pick_lang(a, q, 7, 8, 9, lang);
  r->modified         = hdc_store_col_dup(a, q, 10);
  r->first_seen       = hdc_store_col_dup(a, q, 11);
  r->last_seen        = hdc_store_col_dup(a, q, 12);
  r->status           = hdc_store_col_dup(a, q, 13);
  r->withdrawn_reason = hdc_store_col_dup(a, q, 14);
  r->withdrawn_date   = hdc_store_col_dup(a, q, 15);
  r->valid            = sqlite3_column_int(q, 16) != 0;
  r->violations       = (size_t)sqlite3_column_int64(q, 17);
  r->warnings         = (size_t)sqlite3_column_int64(q, 18);
  r->report           = hdc_store_unpack(s, a, q, 19);
  if (!r->iri || !r->source || !r->hash || !r->ntriples || !r->title ||
      !r->description || !r->modified || !r->first_seen || !r->last_seen ||
      !r->status || !r->withdrawn_reason || !r->withdrawn_date || !r->report) {
    st = hdc_error_set(err, HDC_ERR_NOMEM, NULL, 0, 0, "out of memory");
    goto done;
  }
  sqlite3_reset(q);
  if (!(q = hdc_store_stmt(s,
                           STMT_RECORD_LINKS,
                           "SELECT b FROM record_link WHERE a = ?1 UNION "
                           "SELECT a FROM record_link WHERE b = ?1 ORDER BY 1",
                           err))) {
    st = HDC_ERR_DB;
    goto done;
  }
  sqlite3_bind_int64(q, 1, id);
  size_t   cap  = 0;
  int64_t *dups = NULL;
  while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
    int64_t *nd = hdc_arena_grow(a, dups, r->n_duplicates, &cap, sizeof *nd);
    if (!nd) {
      st = hdc_error_set(err, HDC_ERR_NOMEM, NULL, 0, 0, "out of memory");
      goto done;
    }
    dups = nd;
    dups[r->n_duplicates++] = sqlite3_column_int64(q, 0);
  }
  if (rc != SQLITE_DONE) {
    st = hdc_store_db_error(s->db, err, "record links");
    goto done;
  }
  r->duplicates = dups;
  *out          = r;
  r             = NULL;
done:
  if (q)
    sqlite3_reset(q);
  hdc_store_record_free(r);
  return st;
}

hdc_status
hdc_store_record_find(hdc_store  *s,
                      const char *source,
                      const char *iri,
                      int64_t    *id,
                      hdc_error  *err)
{
  sqlite3_stmt *q  = NULL;
  hdc_status    st = HDC_OK;
  if (!s || !iri || !id)
    return hdc_error_set(
      err, HDC_ERR_INVALID_ARG, NULL, 0, 0, "record: no store or IRI");
  if (sqlite3_prepare_v2(s->db,
                         "SELECT r.id FROM record r JOIN source s ON "
                         "s.id = r.source_id WHERE s.name = ?1 AND r.iri = ?2",
                         -1,
                         &q,
                         NULL) != SQLITE_OK)
    return hdc_store_db_error(s->db, err, "record");
  sqlite3_bind_text(
    q, 1, source && *source ? source : "local", -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 2, iri, -1, SQLITE_STATIC);
  int rc = sqlite3_step(q);
  if (rc == SQLITE_ROW)
    *id = sqlite3_column_int64(q, 0);
  else if (rc == SQLITE_DONE)
    st = hdc_error_set(err,
                       HDC_ERR_NOT_FOUND,
                       iri,
                       0,
                       0,
                       "no record with this IRI in source '%s'",
                       source && *source ? source : "local");
  else
    st = hdc_store_db_error(s->db, err, "record");
  sqlite3_finalize(q);
  return st;
}
