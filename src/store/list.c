// SPDX-License-Identifier: EUPL-1.2
/*
 * Listing records page by page for the DCAT feed, OAI-PMH and export: in
 * record id order, with a date window on the catalogue change time, and
 * the counts and change version that conditional requests compare.
 *
 * Valid-only listings (the feed) walk the record_listing index of
 * migration 6 in id order, so a page, however far, reads only its own rows
 * (plus index entries for OFFSET); listings that include records that do
 * not conform are rarer and walk the table.
 */
#include "store_internal.h"

#include <stdio.h>
#include <string.h>

#define CHANGED "max(r.changed, r.first_seen)"

static const char sql_valid[] =
  "SELECT r.id, r.iri, s.name, r.ntriples, " CHANGED ", r.valid, r.status"
  " FROM record r INDEXED BY record_listing"
  " JOIN source s ON s.id = r.source_id"
  " WHERE r.status = 'active' AND r.valid = 1 AND r.id > ?1"
  "   AND (?2 IS NULL OR " CHANGED " >= ?2)"
  "   AND (?3 IS NULL OR " CHANGED " <= ?3)"
  " ORDER BY r.id LIMIT ?4 OFFSET ?5";

static const char sql_all[] =
  "SELECT r.id, r.iri, s.name, r.ntriples, " CHANGED ", r.valid, r.status"
  " FROM record r JOIN source s ON s.id = r.source_id"
  " WHERE r.status = 'active' AND r.id > ?1"
  "   AND (?2 IS NULL OR " CHANGED " >= ?2)"
  "   AND (?3 IS NULL OR " CHANGED " <= ?3)"
  " ORDER BY r.id LIMIT ?4 OFFSET ?5";

/* Every record, withdrawn ones too (OAI-PMH reports them as deleted). */
static const char sql_every[] =
  "SELECT r.id, r.iri, s.name, r.ntriples, " CHANGED ", r.valid, r.status"
  " FROM record r JOIN source s ON s.id = r.source_id"
  " WHERE r.id > ?1"
  "   AND (?2 IS NULL OR " CHANGED " >= ?2)"
  "   AND (?3 IS NULL OR " CHANGED " <= ?3)"
  " ORDER BY r.id LIMIT ?4 OFFSET ?5";

static void
bind_window(sqlite3_stmt *q, int first, const hdc_store_list_query *lq)
{
  if (lq && lq->since)
    sqlite3_bind_text(q, first, lq->since, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null(q, first);
  if (lq && lq->until)
    sqlite3_bind_text(q, first + 1, lq->until, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null(q, first + 1);
}

static const char *
text_col(sqlite3_stmt *q, int i)
{
  const unsigned char *t = sqlite3_column_text(q, i);
  return t ? (const char *)t : "";
}

hdc_status
hdc_store_list(hdc_store                  *s,
               const hdc_store_list_query *q,
               hdc_store_list_fn           fn,
               void                       *ctx,
               size_t                     *n,
               hdc_error                  *err)
{
  sqlite3_stmt *st     = NULL;
  hdc_status    status = HDC_OK;
  size_t        count  = 0;
  /* N-Triples are stored packed: one buffer serves every row of the
   * page. */
  hdc_buf nt = HDC_BUF_INIT;
  if (n)
    *n = 0;
  if (!s || !q || !fn)
    return hdc_error_set(
      err, HDC_ERR_INVALID_ARG, NULL, 0, 0, "list: no store or callback");
  size_t limit = q->limit ? q->limit : 100;
  if (limit > 1000)
    limit = 1000;
  const char *sql = q->include_deleted   ? sql_every
                    : q->include_invalid ? sql_all
                                         : sql_valid;
  if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
    status = hdc_store_db_error(s->db, err, "listing records");
    goto done;
  }
  sqlite3_bind_int64(st, 1, q->after_id);
  bind_window(st, 2, q);
  sqlite3_bind_int64(st, 4, (sqlite3_int64)limit);
  sqlite3_bind_int64(st, 5, (sqlite3_int64)q->offset);
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    hdc_store_listed r;
    r.id       = sqlite3_column_int64(st, 0);
    r.iri      = text_col(st, 1);
    r.source   = text_col(st, 2);
    r.ntriples = hdc_store_unpack_buf(s, st, 3, &nt);
    if (!r.ntriples) {
      status = hdc_error_set(err, HDC_ERR_NOMEM, NULL, 0, 0, "out of memory");
      goto done;
    }
    r.changed  = text_col(st, 4);
    r.valid    = sqlite3_column_int(st, 5) != 0;
    r.exported = r.valid && !strcmp(text_col(st, 6), "active");
    ++count;
    if ((status = fn(ctx, &r)) != HDC_OK)
      goto done;
  }
  if (rc != SQLITE_DONE)
    status = hdc_store_db_error(s->db, err, "listing records");
done:
  sqlite3_finalize(st);
  hdc_buf_clear(&nt);
  if (n)
    *n = count;
  return status;
}

/* One integer from @p sql with the date window of @p q bound to ?1, ?2. */
static hdc_status
count_one(hdc_store                  *s,
          const char                 *sql,
          const hdc_store_list_query *q,
          int64_t                    *out,
          hdc_error                  *err)
{
  sqlite3_stmt *st = NULL;
  hdc_status    rv = HDC_OK;
  if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
    return hdc_store_db_error(s->db, err, "counting records");
  if (sqlite3_bind_parameter_count(st) >= 2)
    bind_window(st, 1, q);
  if (sqlite3_step(st) == SQLITE_ROW)
    *out = sqlite3_column_int64(st, 0);
  else
    rv = hdc_store_db_error(s->db, err, "counting records");
  sqlite3_finalize(st);
  return rv;
}

hdc_status
hdc_store_list_count(hdc_store                  *s,
                     const hdc_store_list_query *q,
                     hdc_store_list_counts      *out,
                     hdc_error                  *err)
{
  hdc_status    st;
  int64_t       exported = 0, held = 0, withdrawn = 0, deleted = 0;
  sqlite3_stmt *q1 = NULL;
  if (!s || !out)
    return hdc_error_set(
      err, HDC_ERR_INVALID_ARG, NULL, 0, 0, "count: no store");
  memset(out, 0, sizeof *out);
  /* One read transaction, so the counts and the version agree. */
  if ((st = hdc_store_exec(s, "SAVEPOINT hdc_list_count", err)))
    return st;
  static const char sql_exp[] =
    "SELECT count(*) FROM record r WHERE r.status = 'active' AND r.valid = 1"
    " AND (?1 IS NULL OR " CHANGED " >= ?1)"
    " AND (?2 IS NULL OR " CHANGED " <= ?2)";
  static const char sql_held[] =
    "SELECT count(*) FROM record r WHERE r.status = 'active' AND r.valid = 0"
    " AND (?1 IS NULL OR " CHANGED " >= ?1)"
    " AND (?2 IS NULL OR " CHANGED " <= ?2)";
  static const char sql_deleted[] =
    "SELECT count(*) FROM record r"
    " WHERE NOT (r.status = 'active' AND r.valid = 1)"
    " AND (?1 IS NULL OR " CHANGED " >= ?1)"
    " AND (?2 IS NULL OR " CHANGED " <= ?2)";
  if ((st = count_one(s, sql_exp, q, &exported, err)) ||
      (st = count_one(s, sql_held, q, &held, err)) ||
      (st = count_one(s, sql_deleted, q, &deleted, err)) ||
      (st = count_one(s,
                      "SELECT count(*) FROM record WHERE status = 'withdrawn'",
                      NULL,
                      &withdrawn,
                      err)) ||
      (st = count_one(s, "SELECT count(*) FROM run", NULL, &out->runs, err)))
    goto done;
  out->exported  = (size_t)exported;
  out->held_back = (size_t)held;
  out->withdrawn = (size_t)withdrawn;
  out->deleted   = (size_t)deleted;
  if (sqlite3_prepare_v2(s->db,
                         "SELECT version, last_change FROM catalogue_state"
                         " WHERE id = 1",
                         -1,
                         &q1,
                         NULL) != SQLITE_OK) {
    st = hdc_store_db_error(s->db, err, "catalogue state");
    goto done;
  }
  if (sqlite3_step(q1) == SQLITE_ROW) {
    out->version = sqlite3_column_int64(q1, 0);
    snprintf(out->last_change, sizeof out->last_change, "%s", text_col(q1, 1));
  }
done:
  sqlite3_finalize(q1);
  if (st)
    hdc_store_exec(s, "ROLLBACK TO hdc_list_count", NULL);
  hdc_store_exec(s, "RELEASE hdc_list_count", NULL);
  return st;
}

hdc_status
hdc_store_list_nth(hdc_store                  *s,
                   const hdc_store_list_query *q,
                   int64_t                    *id,
                   hdc_error                  *err)
{
  static const char sql_valid_nth[] =
    "SELECT r.id FROM record r INDEXED BY record_listing"
    " WHERE r.status = 'active' AND r.valid = 1 AND r.id > ?1"
    "   AND (?2 IS NULL OR " CHANGED " >= ?2)"
    "   AND (?3 IS NULL OR " CHANGED " <= ?3)"
    " ORDER BY r.id LIMIT 1 OFFSET ?4";
  static const char sql_all_nth[] = "SELECT r.id FROM record r"
                                    " WHERE r.status = 'active' AND r.id > ?1"
                                    "   AND (?2 IS NULL OR " CHANGED " >= ?2)"
                                    "   AND (?3 IS NULL OR " CHANGED " <= ?3)"
                                    " ORDER BY r.id LIMIT 1 OFFSET ?4";
  sqlite3_stmt     *st            = NULL;
  hdc_status        rv            = HDC_OK;
  if (!s || !q || !id)
    return hdc_error_set(
      err, HDC_ERR_INVALID_ARG, NULL, 0, 0, "list: no store or query");
  if (sqlite3_prepare_v2(s->db,
                         q->include_invalid ? sql_all_nth : sql_valid_nth,
                         -1,
                         &st,
                         NULL) != SQLITE_OK)
    return hdc_store_db_error(s->db, err, "listing records");
  sqlite3_bind_int64(st, 1, q->after_id);
  bind_window(st, 2, q);
  sqlite3_bind_int64(st, 4, (sqlite3_int64)q->offset);
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW)
    *id = sqlite3_column_int64(st, 0);
  else if (rc == SQLITE_DONE)
    rv = hdc_error_set(err, HDC_ERR_NOT_FOUND, NULL, 0, 0, "past the end");
  else
    rv = hdc_store_db_error(s->db, err, "listing records");
  sqlite3_finalize(st);
  return rv;
}

hdc_status
hdc_store_list_version(hdc_store *s, int64_t *version, hdc_error *err)
{
  sqlite3_stmt *st = NULL;
  hdc_status    rv = HDC_OK;
  if (!s || !version)
    return hdc_error_set(
      err, HDC_ERR_INVALID_ARG, NULL, 0, 0, "version: no store");
  *version = 0;
  if (sqlite3_prepare_v2(s->db,
                         "SELECT version FROM catalogue_state WHERE id = 1",
                         -1,
                         &st,
                         NULL) != SQLITE_OK)
    return hdc_store_db_error(s->db, err, "catalogue state");
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW)
    *version = sqlite3_column_int64(st, 0);
  else if (rc != SQLITE_DONE)
    rv = hdc_store_db_error(s->db, err, "catalogue state");
  sqlite3_finalize(st);
  return rv;
}
