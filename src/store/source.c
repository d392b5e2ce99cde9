// SPDX-License-Identifier: EUPL-1.2
/*
 * Sources and the harvester's bookkeeping: adding, listing, showing and
 * removing sources, which of them a schedule makes due, the per-page state
 * that lets a harvest skip an unchanged page (validators, body hash, the
 * links and records the page gave), the harvest's additions to a run row
 * (pages, warnings, invalid records by rule) and the row of a failed run.
 *
 * Everything written during a harvest (page states, run notes, records of
 * skipped pages marked seen) goes through the connection of the open run,
 * inside its transaction, so it commits with the records or not at all. A
 * failed run is written after the rollback, in a transaction of its own.
 * Statements are prepared per call: none of this is a hot path next to
 * storing records (a page costs a handful of statements).
 */
#include "store_internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Prepare @p sql; NULL with err set. */
static sqlite3_stmt *
prep(hdc_store *s, const char *sql, hdc_error *err)
{
  sqlite3_stmt *q = NULL;
  if (sqlite3_prepare_v2(s->db, sql, -1, &q, NULL) != SQLITE_OK) {
    hdc_store_db_error(s->db, err, "preparing a statement");
    sqlite3_finalize(q);
    return NULL;
  }
  return q;
}

static const char *
col_text(sqlite3_stmt *q, int i)
{
  const char *t = (const char *)sqlite3_column_text(q, i);
  return t ? t : "";
}

/* A source name is what people type on the command line and what URLs of
 * the web front-end carry: letters, digits, '-', '_', '.', at most 64. */
static bool
name_ok(const char *name)
{
  size_t n = 0;
  if (!name || !*name || *name == '.' || *name == '-')
    return false;
  for (; name[n]; ++n) {
    char c = name[n];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
          (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'))
      return false;
  }
  return n <= 64;
}

static bool
url_ok(const char *url)
{
  if (!url || strlen(url) > 4096 || strpbrk(url, " \t\r\n"))
    return false;
  return !strncmp(url, "http://", 7)    ? url[7] != '\0'
         : !strncmp(url, "https://", 8) ? url[8] != '\0'
                                        : false;
}

static hdc_status
source_id_of(hdc_store *s, const char *name, int64_t *id, hdc_error *err)
{
  hdc_status    st = HDC_OK;
  sqlite3_stmt *q  = prep(s, "SELECT id FROM source WHERE name = ?1", err);
  if (!q)
    return HDC_ERR_DB;
  sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
  int rc = sqlite3_step(q);
  if (rc == SQLITE_ROW)
    *id = sqlite3_column_int64(q, 0);
  else if (rc == SQLITE_DONE)
    st = hdc_error_set(err,
                       HDC_ERR_NOT_FOUND,
                       NULL,
                       0,
                       0,
                       "no source named '%s'; see 'hdcat source list'",
                       name);
  else
    st = hdc_store_db_error(s->db, err, "source");
  sqlite3_finalize(q);
  return st;
}

/* ------------------------------------------------------------------------ */
/* Adding, listing, removing                                                */

hdc_status
hdc_store_source_add(hdc_store  *s,
                     const char *name,
                     const char *url,
                     const char *type,
                     const char *format,
                     const char *schedule,
                     hdc_error  *err)
{
  sqlite3_stmt *q     = NULL;
  hdc_status    st    = HDC_OK;
  bool          in_tx = false;
  char          now[32];
  if (!s)
    return hdc_error_set(err, HDC_ERR_INVALID_ARG, NULL, 0, 0, "no store");
  if (!name_ok(name))
    return hdc_error_set(err,
                         HDC_ERR_INVALID_ARG,
                         NULL,
                         0,
                         0,
                         "bad source name '%s': use letters, digits, '-',"
                         " '_' and '.' (at most 64, not starting with '-'"
                         " or '.')",
                         name ? name : "");
  if (!url_ok(url))
    return hdc_error_set(err,
                         HDC_ERR_INVALID_ARG,
                         NULL,
                         0,
                         0,
                         "bad source URL '%s': give an http:// or https://"
                         " URL",
                         url ? url : "");
  if (!type)
    type = "http";
  if (strcmp(type, "http") && strcmp(type, "fdp"))
    return hdc_error_set(err,
                         HDC_ERR_INVALID_ARG,
                         NULL,
                         0,
                         0,
                         "unknown source type '%s': use http or fdp",
                         type);
  if (!schedule)
    schedule = "manual";
  if (strcmp(schedule, "manual") && strcmp(schedule, "daily") &&
      strcmp(schedule, "weekly"))
    return hdc_error_set(err,
                         HDC_ERR_INVALID_ARG,
                         NULL,
                         0,
                         0,
                         "unknown schedule '%s': use daily, weekly or manual",
                         schedule);
  if (s->read_only || s->run)
    return hdc_error_set(err,
                         HDC_ERR_INVALID_ARG,
                         NULL,
                         0,
                         0,
                         "the catalogue is read-only or busy with a run");
  hdc_store_now(now);
  if ((st = hdc_store_exec(s, "BEGIN IMMEDIATE", err)))
    goto done;
  in_tx = true;
  if (!(q = prep(s,
                 "SELECT coalesce(url, ''), removed FROM source"
                 " WHERE name = ?1",
                 err))) {
    st = HDC_ERR_DB;
    goto done;
  }
  sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
  int rc = sqlite3_step(q);
  if (rc == SQLITE_ROW && col_text(q, 0)[0] && !col_text(q, 1)[0]) {
    st = hdc_error_set(err,
                       HDC_FAILURE,
                       NULL,
                       0,
                       0,
                       "a source named '%s' already exists (%s); remove it"
                       " first or choose another name",
                       name,
                       col_text(q, 0));
    goto done;
  }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
    st = hdc_store_db_error(s->db, err, "source");
    goto done;
  }
  sqlite3_finalize(q);
  q = prep(s,
           "INSERT INTO source(name, url, type, format, schedule, created)"
           " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(name) DO UPDATE SET"
           " url = ?2, type = ?3, format = ?4, schedule = ?5, removed = ''",
           err);
  if (!q) {
    st = HDC_ERR_DB;
    goto done;
  }
  sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 2, url, -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 3, type, -1, SQLITE_STATIC);
  if (format && *format)
    sqlite3_bind_text(q, 4, format, -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 5, schedule, -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 6, now, -1, SQLITE_STATIC);
  if (sqlite3_step(q) != SQLITE_DONE) {
    st = hdc_store_db_error(s->db, err, "adding the source");
    goto done;
  }
  sqlite3_finalize(q);
  q     = NULL;
  st    = hdc_store_exec(s, "COMMIT", err);
  in_tx = st != HDC_OK;
done:
  sqlite3_finalize(q);
  if (in_tx)
    hdc_store_exec(s, "ROLLBACK", NULL);
  return st;
}

void
hdc_store_sources_free(hdc_store_sources *l)
{
  if (!l)
    return;
  hdc_arena_free(l->arena);
  hdc_free(l);
}

/* The columns every source query selects, in the order read_sources()
 * reads them; ?1 is a name filter (NULL: all), ?2 a due time (NULL: no
 * due filter). */
static const char source_select[] =
  "SELECT s.id, s.name, coalesce(s.url, ''), s.type, coalesce(s.format, ''),"
  " s.schedule, s.created, s.removed,"
  " coalesce((SELECT started FROM run WHERE source_id = s.id"
  "           ORDER BY id DESC LIMIT 1), ''),"
  " coalesce((SELECT status FROM run WHERE source_id = s.id"
  "           ORDER BY id DESC LIMIT 1), ''),"
  " (SELECT count(*) FROM record WHERE source_id = s.id"
  "  AND status = 'active'),"
  " (SELECT count(*) FROM record WHERE source_id = s.id"
  "  AND status = 'withdrawn')"
  " FROM source s WHERE (?1 IS NULL OR s.name = ?1)";

static hdc_status
read_sources(hdc_store          *s,
             sqlite3_stmt       *q,
             hdc_store_sources **out,
             hdc_error          *err)
{
  hdc_status         st  = HDC_OK;
  size_t             cap = 0;
  hdc_store_sources *l   = hdc_calloc(1, sizeof *l);
  int                rc;
  *out = NULL;
  if (!l || !(l->arena = hdc_arena_new(0)))
    goto oom;
  while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
    hdc_store_source *ni =
      hdc_arena_grow(l->arena, l->items, l->n, &cap, sizeof *ni);
    if (!ni)
      goto oom;
    l->items = ni;
    hdc_store_source *x = &l->items[l->n];
    x->id               = sqlite3_column_int64(q, 0);
    x->name             = hdc_store_col_dup(l->arena, q, 1);
    x->url              = hdc_store_col_dup(l->arena, q, 2);
    x->type             = hdc_store_col_dup(l->arena, q, 3);
    x->format           = hdc_store_col_dup(l->arena, q, 4);
    x->schedule         = hdc_store_col_dup(l->arena, q, 5);
    x->created          = hdc_store_col_dup(l->arena, q, 6);
    x->removed          = hdc_store_col_dup(l->arena, q, 7);
    x->last_run         = hdc_store_col_dup(l->arena, q, 8);
    x->last_status      = hdc_store_col_dup(l->arena, q, 9);
    x->active           = sqlite3_column_int64(q, 10);
    x->withdrawn        = sqlite3_column_int64(q, 11);
    if (!x->name || !x->url || !x->type || !x->format || !x->schedule ||
        !x->created || !x->removed || !x->last_run || !x->last_status)
      goto oom;
    l->n++;
  }
  if (rc != SQLITE_DONE) {
    st = hdc_store_db_error(s->db, err, "listing sources");
    goto done;
  }
  *out = l;
  l    = NULL;
  goto done;
oom:
  st = hdc_error_set(err, HDC_ERR_NOMEM, NULL, 0, 0, "out of memory");
done:
  hdc_store_sources_free(l);
  return st;
}

static hdc_status
sources_query(hdc_store          *s,
              const char         *name,
              const char         *tail,
              hdc_store_sources **out,
              hdc_error          *err)
{
  hdc_buf       sql = HDC_BUF_INIT;
  sqlite3_stmt *q   = NULL;
  hdc_status    st  = HDC_OK;
  if (!s || !out)
    return hdc_error_set(err, HDC_ERR_INVALID_ARG, NULL, 0, 0, "no store");
  hdc_buf_puts(&sql, source_select);
  hdc_buf_puts(&sql, tail);
  if (hdc_buf_status(&sql)) {
    st = hdc_error_set(err, HDC_ERR_NOMEM, NULL, 0, 0, "out of memory");
    goto done;
  }
  if (!(q = prep(s, sql.ptr, err))) {
    st = HDC_ERR_DB;
    goto done;
  }
  if (name)
    sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
  st = read_sources(s, q, out, err);
done:
  sqlite3_finalize(q);
  hdc_buf_clear(&sql);
  return st;
}

hdc_status
hdc_store_source_list(hdc_store *s, hdc_store_sources **out, hdc_error *err)
{
  return sources_query(s, NULL, " ORDER BY s.name", out, err);
}

hdc_status
hdc_store_source_get(hdc_store          *s,
                     const char         *name,
                     hdc_store_sources **out,
                     hdc_error          *err)
{
  hdc_status st = sources_query(s, name ? name : "", "", out, err);
  if (st == HDC_OK && (*out)->n == 0) {
    hdc_store_sources_free(*out);
    *out = NULL;
    st   = hdc_error_set(err,
                       HDC_ERR_NOT_FOUND,
                       NULL,
                       0,
                       0,
                       "no source named '%s'; see 'hdcat source list'",
                       name ? name : "");
  }
  return st;
}

/* Seconds since 1970 of a UTC date and time (days from the civil date,
 * H. Hinnant's algorithm): timegm() is not in C11 or POSIX. */
static int64_t
epoch_seconds(int y, int m, int d, int hh, int mm, int ss)
{
  y -= m <= 2;
  int64_t era  = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe  = y - era * 400;
  int64_t doy  = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe  = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  int64_t days = era * 146097 + doe - 719468;
  return days * 86400 + hh * 3600 + mm * 60 + ss;
}

hdc_status
hdc_store_source_due(hdc_store          *s,
                     int64_t             now,
                     hdc_store_sources **out,
                     hdc_error          *err)
{
  hdc_store_sources *all = NULL;
  hdc_status         st  = HDC_OK;
  if ((st = hdc_store_source_list(s, &all, err)))
    return st;
  /* Filter in C: the schedule arithmetic on ISO timestamps is clearer
   * here than in SQL, and sources are few. */
  size_t k = 0;
  for (size_t i = 0; i < all->n; ++i) {
    const hdc_store_source *x      = &all->items[i];
    int64_t                 period = !strcmp(x->schedule, "daily")    ? 86400
                                     : !strcmp(x->schedule, "weekly") ? 604800
                                                                      : 0;
    if (!period || !x->url[0] || x->removed[0])
      continue;
    bool due = !x->last_run[0];
    if (!due) {
      struct tm tm;
      memset(&tm, 0, sizeof tm);
      if (sscanf(x->last_run,
                 "%d-%d-%dT%d:%d:%d",
                 &tm.tm_year,
                 &tm.tm_mon,
                 &tm.tm_mday,
                 &tm.tm_hour,
                 &tm.tm_min,
                 &tm.tm_sec) != 6) {
        due = true;
      } else {
        int64_t last = epoch_seconds(
          tm.tm_year, tm.tm_mon, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
        /* A few minutes of slack, so that a daily cron job that started
         * yesterday a little later than today still finds it due. */
        due = now - last >= period - 600;
      }
    }
    if (due)
      all->items[k++] = *x;
  }
  all->n = k;
  *out   = all;
  return HDC_OK;
}

hdc_status
hdc_store_source_remove(hdc_store  *s,
                        const char *name,
                        size_t     *withdrawn,
                        hdc_error  *err)
{
  sqlite3_stmt *q     = NULL;
  hdc_status    st    = HDC_OK;
  bool          in_tx = false;
  int64_t       id    = 0;
  size_t        n     = 0;
  char          now[32];
  if (withdrawn)
    *withdrawn = 0;
  if (!s || !name)
    return hdc_error_set(err, HDC_ERR_INVALID_ARG, NULL, 0, 0, "no source");
  if (s->read_only || s->run)
    return hdc_error_set(err,
                         HDC_ERR_INVALID_ARG,
                         NULL,
                         0,
                         0,
                         "the catalogue is read-only or busy with a run");
  hdc_store_now(now);
  if ((st = hdc_store_exec(s, "BEGIN IMMEDIATE", err)))
    goto done;
  in_tx = true;
  if ((st = source_id_of(s, name, &id, err)))
    goto done;
  if (!(q = prep(s,
                 "SELECT id FROM record WHERE source_id = ?1"
                 " AND status = 'active'",
                 err))) {
    st = HDC_ERR_DB;
    goto done;
  }
  sqlite3_bind_int64(q, 1, id);
  int rc;
  while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
    if ((st = hdc_store_index_remove(s, sqlite3_column_int64(q, 0), err)))
      goto done;
    n++;
  }
  if (rc != SQLITE_DONE) {
    st = hdc_store_db_error(s->db, err, "removing the source");
    goto done;
  }
  sqlite3_finalize(q);
  q                                = NULL;
  static const char *const steps[] = {
    "UPDATE record SET status = 'withdrawn', withdrawn_reason = 'source"
    " removed from the catalogue', withdrawn_date = ?2 WHERE source_id = ?1"
    " AND status = 'active'",
    "DELETE FROM source_page WHERE source_id = ?1",
    "UPDATE source SET removed = ?2 WHERE id = ?1",
  };
  for (size_t i = 0; i < sizeof steps / sizeof steps[0]; ++i) {
    if (!(q = prep(s, steps[i], err))) {
      st = HDC_ERR_DB;
      goto done;
    }
    sqlite3_bind_int64(q, 1, id);
    sqlite3_bind_text(q, 2, now, -1, SQLITE_STATIC);
    if (sqlite3_step(q) != SQLITE_DONE) {
      st = hdc_store_db_error(s->db, err, "removing the source");
      goto done;
    }
    sqlite3_finalize(q);
    q = NULL;
  }
  if ((st = hdc_store_exec(s, "COMMIT", err)))
    goto done;
  in_tx = false;
  /* The search index must forget the withdrawn records. */
  s->generation++;
  if (withdrawn)
    *withdrawn = n;
done:
  sqlite3_finalize(q);
  if (in_tx)
    hdc_store_exec(s, "ROLLBACK", NULL);
  return st;
}

/* ------------------------------------------------------------------------ */
/* Runs                                                                     */

void
hdc_store_run_list_free(hdc_store_run_list *l)
{
  if (!l)
    return;
  hdc_arena_free(l->arena);
  hdc_free(l);
}

/* Fill the rule counts of run @p x. */
static hdc_status
read_rules(hdc_store *s, hdc_arena *a, hdc_store_run_info *x, hdc_error *err)
{
  hdc_status    st    = HDC_OK;
  sqlite3_stmt *q     = prep(s,
                         "SELECT rule, count FROM run_rule WHERE run_id = ?1"
                             " ORDER BY count DESC, rule LIMIT 50",
                         err);
  size_t        cap   = 0;
  const char  **rules = NULL;
  int64_t      *cnt   = NULL;
  int           rc;
  if (!q)
    return HDC_ERR_DB;
  sqlite3_bind_int64(q, 1, x->id);
  while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
    if (x->n_rules == cap) {
      size_t       ncap = cap ? cap * 2 : 8;
      const char **nr   = hdc_arena_alloc(a, ncap * sizeof *nr);
      int64_t     *nc   = hdc_arena_alloc(a, ncap * sizeof *nc);
      if (!nr || !nc)
        goto oom;
      if (x->n_rules) {
        memcpy(nr, rules, x->n_rules * sizeof *nr);
        memcpy(nc, cnt, x->n_rules * sizeof *nc);
      }
      rules = nr;
      cnt   = nc;
      cap   = ncap;
    }
    if (!(rules[x->n_rules] = hdc_store_col_dup(a, q, 0)))
      goto oom;
    cnt[x->n_rules++] = sqlite3_column_int64(q, 1);
  }
  if (rc != SQLITE_DONE)
    st = hdc_store_db_error(s->db, err, "run rules");
  x->rules       = rules;
  x->rule_counts = cnt;
  goto done;
oom:
  st = hdc_error_set(err, HDC_ERR_NOMEM, NULL, 0, 0, "out of memory");
done:
  sqlite3_finalize(q);
  return st;
}

hdc_status
hdc_store_source_runs(hdc_store           *s,
                      const char          *name,
                      size_t               limit,
                      hdc_store_run_list **out,
                      hdc_error           *err)
{
  hdc_status          st = HDC_OK;
  sqlite3_stmt       *q  = NULL;
  hdc_store_run_list *l  = NULL;
  int64_t             id = 0;
  int                 rc;
  if (!s || !name || !out)
    return hdc_error_set(err, HDC_ERR_INVALID_ARG, NULL, 0, 0, "no source");
  *out = NULL;
  if (!limit)
    limit = 10;
  if (limit > 1000)
    limit = 1000;
  if ((st = source_id_of(s, name, &id, err)))
    return st;
  l = hdc_calloc(1, sizeof *l);
  if (!l || !(l->arena = hdc_arena_new(0)) ||
      !(l->items = hdc_arena_alloc(l->arena, limit * sizeof *l->items)))
    goto oom;
  if (!(q = prep(s,
                 "SELECT id, started, finished, status, coalesce(message, ''),"
                 " added, updated, unchanged + seen, invalid, withdrawn,"
                 " pages, pages_unchanged, seen FROM run WHERE source_id = ?1"
                 " ORDER BY id DESC LIMIT ?2",
                 err))) {
    st = HDC_ERR_DB;
    goto done;
  }
  sqlite3_bind_int64(q, 1, id);
  sqlite3_bind_int64(q, 2, (sqlite3_int64)limit);
  while ((rc = sqlite3_step(q)) == SQLITE_ROW && l->n < limit) {
    hdc_store_run_info *x = &l->items[l->n];
    memset(x, 0, sizeof *x);
    x->id              = sqlite3_column_int64(q, 0);
    x->started         = hdc_store_col_dup(l->arena, q, 1);
    x->finished        = hdc_store_col_dup(l->arena, q, 2);
    x->status          = hdc_store_col_dup(l->arena, q, 3);
    x->message         = hdc_store_col_dup(l->arena, q, 4);
    x->added           = sqlite3_column_int64(q, 5);
    x->updated         = sqlite3_column_int64(q, 6);
    x->unchanged       = sqlite3_column_int64(q, 7);
    x->invalid         = sqlite3_column_int64(q, 8);
    x->withdrawn       = sqlite3_column_int64(q, 9);
    x->pages           = sqlite3_column_int64(q, 10);
    x->pages_unchanged = sqlite3_column_int64(q, 11);
    x->seen            = sqlite3_column_int64(q, 12);
    if (!x->started || !x->finished || !x->status || !x->message)
      goto oom;
    l->n++;
  }
  if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
    st = hdc_store_db_error(s->db, err, "listing runs");
    goto done;
  }
  for (size_t i = 0; i < l->n; ++i)
    if ((st = read_rules(s, l->arena, &l->items[i], err)))
      goto done;
  *out = l;
  l    = NULL;
  goto done;
oom:
  st = hdc_error_set(err, HDC_ERR_NOMEM, NULL, 0, 0, "out of memory");
done:
  sqlite3_finalize(q);
  hdc_store_run_list_free(l);
  return st;
}

hdc_status
hdc_store_run_open_id(hdc_store  *s,
                      const char *source,
                      int64_t    *id,
                      hdc_error  *err)
{
  hdc_status    st = HDC_OK;
  sqlite3_stmt *q  = NULL;
  if (!s || !source || !id)
    return hdc_error_set(err, HDC_ERR_INVALID_ARG, NULL, 0, 0, "no run");
  if (!s->run)
    return hdc_error_set(
      err, HDC_ERR_NOT_FOUND, NULL, 0, 0, "no run is open on the catalogue");
  /* The open run inserted its row in the transaction it holds (BEGIN
   * IMMEDIATE: no other writer), so it is this source's newest row. */
  if (!(q = prep(s,
                 "SELECT max(r.id) FROM run r JOIN source s"
                 " ON s.id = r.source_id WHERE s.name = ?1",
                 err)))
    return HDC_ERR_DB;
  sqlite3_bind_text(q, 1, source, -1, SQLITE_STATIC);
  if (sqlite3_step(q) != SQLITE_ROW || sqlite3_column_type(q, 0) == SQLITE_NULL)
    st = hdc_error_set(
      err, HDC_ERR_NOT_FOUND, NULL, 0, 0, "no run of source '%s'", source);
  else
    *id = sqlite3_column_int64(q, 0);
  sqlite3_finalize(q);
  return st;
}

hdc_status
hdc_store_run_note(hdc_store                     *s,
                   int64_t                        run_id,
                   const hdc_store_run_note_info *info,
                   hdc_error                     *err)
{
  hdc_status    st = HDC_OK;
  sqlite3_stmt *q  = NULL;
  if (!s || !info)
    return hdc_error_set(err, HDC_ERR_INVALID_ARG, NULL, 0, 0, "no run");
  if (!(q = prep(s,
                 "UPDATE run SET pages = ?2, pages_unchanged = ?3, seen = ?4,"
                 " message = ?5 WHERE id = ?1",
                 err)))
    return HDC_ERR_DB;
  sqlite3_bind_int64(q, 1, run_id);
  sqlite3_bind_int64(q, 2, info->pages);
  sqlite3_bind_int64(q, 3, info->pages_unchanged);
  sqlite3_bind_int64(q, 4, info->seen);
  if (info->message && *info->message)
    sqlite3_bind_text(q, 5, info->message, -1, SQLITE_STATIC);
  if (sqlite3_step(q) != SQLITE_DONE) {
    st = hdc_store_db_error(s->db, err, "noting the run");
    goto done;
  }
  sqlite3_finalize(q);
  if (!(q = prep(s,
                 "INSERT INTO run_rule(run_id, rule, count) VALUES (?1, ?2, ?3)"
                 " ON CONFLICT(run_id, rule) DO UPDATE SET count = ?3",
                 err))) {
    st = HDC_ERR_DB;
    goto done;
  }
  for (size_t i = 0; i < info->n_rules; ++i) {
    sqlite3_reset(q);
    sqlite3_bind_int64(q, 1, run_id);
    sqlite3_bind_text(q, 2, info->rules[i], -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 3, info->rule_counts[i]);
    if (sqlite3_step(q) != SQLITE_DONE) {
      st = hdc_store_db_error(s->db, err, "noting the run");
      goto done;
    }
  }
done:
  sqlite3_finalize(q);
  return st;
}

hdc_status
hdc_store_run_fail(hdc_store  *s,
                   const char *source,
                   const char *started,
                   const char *message,
                   int64_t     pages,
                   int64_t    *run_id,
                   hdc_error  *err)
{
  hdc_status    st    = HDC_OK;
  sqlite3_stmt *q     = NULL;
  bool          in_tx = false;
  int64_t       id    = 0;
  char          now[32];
  if (!s || !source)
    return hdc_error_set(err, HDC_ERR_INVALID_ARG, NULL, 0, 0, "no source");
  if (s->run)
    return hdc_error_set(err,
                         HDC_ERR_INVALID_ARG,
                         NULL,
                         0,
                         0,
                         "a failed run is recorded after its rollback");
  hdc_store_now(now);
  if ((st = hdc_store_exec(s, "BEGIN IMMEDIATE", err)))
    goto done;
  in_tx = true;
  if ((st = source_id_of(s, source, &id, err)))
    goto done;
  if (!(q = prep(s,
                 "INSERT INTO run(source_id, started, finished, status,"
                 " message, pages) VALUES (?1, ?2, ?3, 'failed', ?4, ?5)",
                 err))) {
    st = HDC_ERR_DB;
    goto done;
  }
  sqlite3_bind_int64(q, 1, id);
  sqlite3_bind_text(
    q, 2, started && *started ? started : now, -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 3, now, -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 4, message ? message : "", -1, SQLITE_STATIC);
  sqlite3_bind_int64(q, 5, pages);
  if (sqlite3_step(q) != SQLITE_DONE) {
    st = hdc_store_db_error(s->db, err, "recording the failed run");
    goto done;
  }
  if (run_id)
    *run_id = sqlite3_last_insert_rowid(s->db);
  sqlite3_finalize(q);
  q     = NULL;
  st    = hdc_store_exec(s, "COMMIT", err);
  in_tx = st != HDC_OK;
done:
  sqlite3_finalize(q);
  if (in_tx)
    hdc_store_exec(s, "ROLLBACK", NULL);
  return st;
}

/* ------------------------------------------------------------------------ */
/* Page states                                                              */

void
hdc_store_page_clear(hdc_store_page *p)
{
  if (!p)
    return;
  hdc_free(p->etag);
  hdc_free(p->last_modified);
  hdc_free(p->hash);
  hdc_free(p->links);
  hdc_free(p->records);
  memset(p, 0, sizeof *p);
}

static char *
dup_col(sqlite3_stmt *q, int i)
{
  const char *t = col_text(q, i);
  return hdc_strndup(t, strlen(t));
}

hdc_status
hdc_store_page_get(hdc_store      *s,
                   const char     *source,
                   const char     *url,
                   hdc_store_page *out,
                   hdc_error      *err)
{
  hdc_status    st = HDC_OK;
  sqlite3_stmt *q  = NULL;
  if (!s || !source || !url || !out)
    return hdc_error_set(err, HDC_ERR_INVALID_ARG, NULL, 0, 0, "no page");
  hdc_store_page_clear(out);
  if (!(q = prep(s,
                 "SELECT p.etag, p.last_modified, p.hash, p.links, p.records"
                 " FROM source_page p JOIN source s ON s.id = p.source_id"
                 " WHERE s.name = ?1 AND p.url = ?2",
                 err)))
    return HDC_ERR_DB;
  sqlite3_bind_text(q, 1, source, -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 2, url, -1, SQLITE_STATIC);
  int rc = sqlite3_step(q);
  if (rc == SQLITE_DONE) {
    st = HDC_FAILURE;
  } else if (rc != SQLITE_ROW) {
    st = hdc_store_db_error(s->db, err, "page state");
  } else {
    out->etag          = dup_col(q, 0);
    out->last_modified = dup_col(q, 1);
    out->hash          = dup_col(q, 2);
    out->links         = dup_col(q, 3);
    out->records       = dup_col(q, 4);
    if (!out->etag || !out->last_modified || !out->hash || !out->links ||
        !out->records) {
      hdc_store_page_clear(out);
      st = hdc_error_set(err, HDC_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
  }
  sqlite3_finalize(q);
  return st;
}

static void
bind_z(sqlite3_stmt *q, int i, const char *z)
{
  sqlite3_bind_text(q, i, z ? z : "", -1, SQLITE_STATIC);
}

hdc_status
hdc_store_page_put(hdc_store            *s,
                   const char           *source,
                   const char           *url,
                   const hdc_store_page *p,
                   hdc_error            *err)
{
  hdc_status    st = HDC_OK;
  sqlite3_stmt *q  = NULL;
  int64_t       id = 0;
  if (!s || !source || !url || !p)
    return hdc_error_set(err, HDC_ERR_INVALID_ARG, NULL, 0, 0, "no page");
  if ((st = source_id_of(s, source, &id, err)))
    return st;
  if (!(q = prep(s,
                 "INSERT OR REPLACE INTO source_page(source_id, url, etag,"
                 " last_modified, hash, links, records)"
                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                 err)))
    return HDC_ERR_DB;
  sqlite3_bind_int64(q, 1, id);
  sqlite3_bind_text(q, 2, url, -1, SQLITE_STATIC);
  bind_z(q, 3, p->etag);
  bind_z(q, 4, p->last_modified);
  bind_z(q, 5, p->hash);
  bind_z(q, 6, p->links);
  bind_z(q, 7, p->records);
  if (sqlite3_step(q) != SQLITE_DONE)
    st = hdc_store_db_error(s->db, err, "page state");
  sqlite3_finalize(q);
  return st;
}

hdc_status
hdc_store_page_touch(hdc_store  *s,
                     int64_t     run_id,
                     const char *records,
                     size_t     *n,
                     hdc_error  *err)
{
  hdc_status    st  = HDC_OK;
  sqlite3_stmt *q   = NULL;
  hdc_buf       ids = HDC_BUF_INIT;
  char          now[32];
  if (n)
    *n = 0;
  if (!s)
    return hdc_error_set(err, HDC_ERR_INVALID_ARG, NULL, 0, 0, "no store");
  if (!records || !*records)
    return HDC_OK;
  /* One statement per page, the ids as a JSON array (only digits and
   * separators ever get in): a second harvest of an unchanged catalogue
   * is mostly this. */
  hdc_buf_putc(&ids, '[');
  for (const char *p = records; *p; ++p) {
    if (*p >= '0' && *p <= '9')
      hdc_buf_putc(&ids, *p);
    else if (ids.len > 1 && ids.ptr[ids.len - 1] != ',')
      hdc_buf_putc(&ids, ',');
  }
  if (ids.len > 1 && ids.ptr[ids.len - 1] == ',')
    ids.len--;
  hdc_buf_putc(&ids, ']');
  if (hdc_buf_status(&ids)) {
    st = hdc_error_set(err, HDC_ERR_NOMEM, NULL, 0, 0, "out of memory");
    goto done;
  }
  hdc_store_now(now);
  /* The same change an unchanged record found again gets (import.c): a
   * row of the narrow record_seen table, never a rewrite of the wide
   * record row. Only the run's source's active records: an id from a page
   * state can never reach another source's record. The unary '+' keeps
   * SQLite from picking the status index: the ids are the way in. */
  if (!(q = prep(s,
                 "INSERT INTO record_seen(record_id, seen, run_id)"
                 " SELECT id, ?2, ?1 FROM record"
                 " WHERE id IN (SELECT value FROM json_each(?3))"
                 " AND +source_id = (SELECT source_id FROM run WHERE id = ?1)"
                 " AND +status = 'active'"
                 " ON CONFLICT(record_id) DO UPDATE"
                 " SET seen = excluded.seen, run_id = excluded.run_id",
                 err))) {
    st = HDC_ERR_DB;
    goto done;
  }
  sqlite3_bind_int64(q, 1, run_id);
  sqlite3_bind_text(q, 2, now, -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 3, ids.ptr, (int)ids.len, SQLITE_STATIC);
  if (sqlite3_step(q) != SQLITE_DONE) {
    st = hdc_store_db_error(s->db, err, "marking records seen");
    goto done;
  }
  if (n)
    *n = (size_t)sqlite3_changes(s->db);
done:
  sqlite3_finalize(q);
  hdc_buf_clear(&ids);
  return st;
}
