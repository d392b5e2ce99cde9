// SPDX-License-Identifier: EUPL-1.2
/*
 * The writes data holders make through the publishing API, and their audit
 * trail (see "Publishing" in store.h and schemas/sql/0005_publish.sql).
 *
 * A PUT is an ordinary source run of the publisher's push source, so the
 * record is split, canonicalised, validated and indexed exactly as an
 * imported one; into that run's transaction go the name's binding, the
 * token's last use and the audit row, so the record and its trail commit
 * together or not at all. Every check that can refuse the write (the name
 * belongs to someone else, the record does not conform) is made inside the
 * transaction, and a refusal rolls it back: nothing changes but the audit
 * row the caller then adds on its own.
 *
 * Content hashes in the trail are SHA-256 of the record's canonical
 * N-Triples (not the store's 64-bit change-detection hash), so that the
 * trail can prove what was published.
 */
#include "store_internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define NS_DCT "http://purl.org/dc/terms/"

/* ------------------------------------------------------------------------ */
/* Audit rows                                                               */

static void
bind_z(sqlite3_stmt *q, int i, const char *z)
{
  sqlite3_bind_text(q, i, z ? z : "", -1, SQLITE_TRANSIENT);
}

/* Insert @p e, inside whatever transaction is open (or autocommit). */
static hdc_status
audit_insert(hdc_store                   *s,
             const hdc_store_audit_entry *e,
             int64_t                     *id,
             hdc_error                   *err)
{
  sqlite3_stmt *q  = NULL;
  hdc_status    st = HDC_OK;
  char          now[32];
  hdc_store_now(now);
  if (sqlite3_prepare_v2(
        s->db,
        "INSERT INTO audit(at, token_id, publisher, record, record_id,"
        " action, status, result, hash_before, hash_after, remote, message)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        -1,
        &q,
        NULL) != SQLITE_OK) {
    st = hdc_store_db_error(s->db, err, "writing the audit trail");
    goto done;
  }
  sqlite3_bind_text(q, 1, now, -1, SQLITE_STATIC);
  if (e->token_id > 0)
    sqlite3_bind_int64(q, 2, e->token_id);
  bind_z(q, 3, e->publisher);
  bind_z(q, 4, e->record);
  if (e->record_id > 0)
    sqlite3_bind_int64(q, 5, e->record_id);
  bind_z(q, 6, e->action);
  sqlite3_bind_int(q, 7, e->status);
  bind_z(q, 8, e->result);
  bind_z(q, 9, e->hash_before);
  bind_z(q, 10, e->hash_after);
  bind_z(q, 11, e->remote);
  bind_z(q, 12, e->message);
  if (sqlite3_step(q) != SQLITE_DONE) {
    st = hdc_store_db_error(s->db, err, "writing the audit trail");
    goto done;
  }
  if (id)
    *id = sqlite3_last_insert_rowid(s->db);
done:
  sqlite3_finalize(q);
  return st;
}

hdc_status
hdc_store_audit_add(hdc_store                   *s,
                    const hdc_store_audit_entry *e,
                    int64_t                     *id,
                    hdc_error                   *err)
{
  if (!s || !e)
    return hdc_error_set(
      err, HDC_ERR_INVALID_ARG, NULL, 0, 0, "audit: no store");
  if (s->run)
    return hdc_error_set(err,
                         HDC_ERR_INVALID_ARG,
                         NULL,
                         0,
                         0,
                         "audit: a run is open on this catalogue");
  /* One INSERT in autocommit mode is its own transaction. */
  return audit_insert(s, e, id, err);
}

int64_t
hdc_store_audit_count(hdc_store *s)
{
  sqlite3_stmt *q = NULL;
  int64_t       n = -1;
  if (s &&
      sqlite3_prepare_v2(s->db, "SELECT count(*) FROM audit", -1, &q, NULL) ==
        SQLITE_OK &&
      sqlite3_step(q) == SQLITE_ROW)
    n = sqlite3_column_int64(q, 0);
  sqlite3_finalize(q);
  return n;
}

void
hdc_store_audit_entries_free(hdc_store_audit_entries *l)
{
  if (!l)
    return;
  hdc_arena_free(l->arena);
  hdc_free(l);
}

hdc_status
hdc_store_audit_list(hdc_store                *s,
                     const char               *publisher,
                     size_t                    limit,
                     hdc_store_audit_entries **out,
                     hdc_error                *err)
{
  hdc_status               st  = HDC_OK;
  sqlite3_stmt            *q   = NULL;
  hdc_store_audit_entries *l   = NULL;
  size_t                   cap = 0;
  int                      rc;
  if (!s || !out)
    return hdc_error_set(
      err, HDC_ERR_INVALID_ARG, NULL, 0, 0, "audit: no store");
  *out = NULL;
  l    = hdc_calloc(1, sizeof *l);
  if (!l || !(l->arena = hdc_arena_new(0)))
    goto oom;
  if (sqlite3_prepare_v2(
        s->db,
        "SELECT id, at, coalesce(token_id, 0), publisher, record,"
        " coalesce(record_id, 0), action, status, result, hash_before,"
        " hash_after, remote, message FROM audit"
        " WHERE ?1 IS NULL OR publisher = ?1 ORDER BY id DESC LIMIT ?2",
        -1,
        &q,
        NULL) != SQLITE_OK) {
    st = hdc_store_db_error(s->db, err, "reading the audit trail");
    goto done;
  }
  if (publisher)
    sqlite3_bind_text(q, 1, publisher, -1, SQLITE_STATIC);
  sqlite3_bind_int64(q, 2, limit ? (sqlite3_int64)limit : -1);
  while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
    hdc_store_audit_entry *ni =
      hdc_arena_grow(l->arena, l->items, l->n, &cap, sizeof *ni);
    if (!ni)
      goto oom;
    l->items                 = ni;
    hdc_store_audit_entry *e = &l->items[l->n];
    hdc_arena             *a = l->arena;
    e->id                    = sqlite3_column_int64(q, 0);
    e->at                    = hdc_store_col_dup(a, q, 1);
    e->token_id              = sqlite3_column_int64(q, 2);
    e->publisher             = hdc_store_col_dup(a, q, 3);
    e->record                = hdc_store_col_dup(a, q, 4);
    e->record_id             = sqlite3_column_int64(q, 5);
    e->action                = hdc_store_col_dup(a, q, 6);
    e->status                = sqlite3_column_int(q, 7);
    e->result                = hdc_store_col_dup(a, q, 8);
    e->hash_before           = hdc_store_col_dup(a, q, 9);
    e->hash_after            = hdc_store_col_dup(a, q, 10);
    e->remote                = hdc_store_col_dup(a, q, 11);
    e->message               = hdc_store_col_dup(a, q, 12);
    if (!e->at || !e->publisher || !e->record || !e->action || !e->result ||
        !e->hash_before || !e->hash_after || !e->remote || !e->message)
      goto oom;
    l->n++;
  }
  if (rc != SQLITE_DONE) {
    st = hdc_store_db_error(s->db, err, "reading the audit trail");
    goto done;
  }
  *out = l;
  l    = NULL;
  goto done;
oom:
  st = hdc_error_set(err, HDC_ERR_NOMEM, NULL, 0, 0, "out of memory");
done:
  sqlite3_finalize(q);
  hdc_store_audit_entries_free(l);
  return st;
}

/* ------------------------------------------------------------------------ */
/* Pushed records                                                           */

bool
hdc_store_push_name_valid(const char *name)
{
  size_t n = 0;
  if (!name || name[0] == '.' || !name[0])
    return false;
  for (; name[n]; ++n) {
    char c = name[n];
    if (n >= 100 || !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                      (c >= '0' && c <= '9') || c == '.' || c == '_' ||
                      c == '~' || c == '-'))
      return false;
  }
  return true;
}

/* The binding of @p name; *found false when the name is free. */
typedef struct binding
{
  bool    found;
  char   *publisher, *iri;
  int64_t record_id;
} binding;

static void
binding_clear(binding *b)
{
  hdc_free(b->publisher);
  hdc_free(b->iri);
  memset(b, 0, sizeof *b);
}

static char *
col_strdup(sqlite3_stmt *q, int i)
{
  const char *z = (const char *)sqlite3_column_text(q, i);
  return hdc_strndup(z ? z : "", z ? (size_t)sqlite3_column_bytes(q, i) : 0);
}

static hdc_status
binding_get(hdc_store *s, const char *name, binding *b, hdc_error *err)
{
  sqlite3_stmt *q  = NULL;
  hdc_status    st = HDC_OK;
  int           rc;
  memset(b, 0, sizeof *b);
  if (sqlite3_prepare_v2(s->db,
                         "SELECT publisher, iri, record_id FROM push_record"
                         " WHERE name = ?1",
                         -1,
                         &q,
                         NULL) != SQLITE_OK) {
    st = hdc_store_db_error(s->db, err, "looking up a pushed record");
    goto done;
  }
  sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
  rc = sqlite3_step(q);
  if (rc == SQLITE_ROW) {
    b->found     = true;
    b->publisher = col_strdup(q, 0);
    b->iri       = col_strdup(q, 1);
    b->record_id = sqlite3_column_int64(q, 2);
    if (!b->publisher || !b->iri)
      st = hdc_error_set(err, HDC_ERR_NOMEM, NULL, 0, 0, "out of memory");
  } else if (rc != SQLITE_DONE) {
    st = hdc_store_db_error(s->db, err, "looking up a pushed record");
  }
done:
  sqlite3_finalize(q);
  return st;
}

hdc_status
hdc_store_push_owner(hdc_store  *s,
                     const char *name,
                     char      **publisher,
                     char      **iri,
                     int64_t    *record_id,
                     hdc_error  *err)
{
  binding    b;
  hdc_status st;
  if (!s || !name)
    return hdc_error_set(
      err, HDC_ERR_INVALID_ARG, NULL, 0, 0, "push: no store");
  if ((st = binding_get(s, name, &b, err)))
    goto done;
  if (!b.found) {
    st = HDC_FAILURE;
    goto done;
  }
  if (publisher) {
    *publisher  = b.publisher;
    b.publisher = NULL;
  }
  if (iri) {
    *iri  = b.iri;
    b.iri = NULL;
  }
  if (record_id)
    *record_id = b.record_id;
done:
  binding_clear(&b);
  return st;
}

/* The one dataset of @p g if it is named by an IRI and its only
 * dct:publisher is @p publisher; NULL otherwise. */
static const hdc_term *
single_dataset(const hdc_graph *g, const char *publisher)
{
  const hdc_term **ds  = NULL;
  const hdc_term  *out = NULL;
  size_t           n   = 0;
  hdc_world       *w   = hdc_graph_world(g);
  const hdc_term  *pp  = hdc_world_find_iri(w, HDC_STR(NS_DCT "publisher"));
  if (hdc_graph_datasets(g, &ds, &n) || n != 1 || !hdc_term_is_iri(ds[0]) ||
      !pp)
    goto done;
  hdc_iter it;
  size_t   k  = 0;
  bool     ok = true;
  hdc_graph_match(g, ds[0], pp, NULL, &it);
  for (const hdc_triple *t; (t = hdc_iter_next(&it));) {
    ++k;
    ok = ok && hdc_term_is_iri(t->o) &&
         hdc_str_eq_z(hdc_term_text(t->o), publisher);
  }
  if (k == 1 && ok)
    out = ds[0];
done:
  hdc_free(ds);
  return out;
}

/* The id of the push source of @p publisher (inside the open run, which
 * created the source). */
static hdc_status
push_source_id(hdc_store *s, const char *source, int64_t *id, hdc_error *err)
{
  sqlite3_stmt *q  = NULL;
  hdc_status    st = HDC_OK;
  *id              = 0;
  if (sqlite3_prepare_v2(
        s->db, "SELECT id FROM source WHERE name = ?1", -1, &q, NULL) !=
      SQLITE_OK) {
    st = hdc_store_db_error(s->db, err, "push source");
    goto done;
  }
  sqlite3_bind_text(q, 1, source, -1, SQLITE_STATIC);
  int rc = sqlite3_step(q);
  if (rc == SQLITE_ROW)
    *id = sqlite3_column_int64(q, 0);
  else if (rc != SQLITE_DONE)
    st = hdc_store_db_error(s->db, err, "push source");
done:
  sqlite3_finalize(q);
  return st;
}

/* The state of the record of @p source_id with @p iri. */
typedef struct rec_state
{
  bool    found, active, valid;
  int64_t id;
  char    sha[HDC_STORE_SHA256_MAX];
} rec_state;

static hdc_status
rec_state_get(hdc_store  *s,
              const char *sql,
              int64_t     a,
              const char *iri,
              rec_state  *r,
              hdc_error  *err)
{
  sqlite3_stmt *q    = NULL;
  hdc_status    st   = HDC_OK;
  hdc_buf       text = HDC_BUF_INIT;
  memset(r, 0, sizeof *r);
  if (sqlite3_prepare_v2(s->db, sql, -1, &q, NULL) != SQLITE_OK) {
    st = hdc_store_db_error(s->db, err, "reading a pushed record");
    goto done;
  }
  sqlite3_bind_int64(q, 1, a);
  if (iri)
    sqlite3_bind_text(q, 2, iri, -1, SQLITE_STATIC);
  int rc = sqlite3_step(q);
  if (rc == SQLITE_ROW) {
    r->found  = true;
    r->id     = sqlite3_column_int64(q, 0);
    r->active = sqlite3_column_int(q, 1) != 0;
    r->valid  = sqlite3_column_int(q, 2) != 0;
    /* The hash is over the text, whether stored packed or not. */
    bool        packed = sqlite3_column_type(q, 3) == SQLITE_BLOB;
    const char *nt     = hdc_store_unpack_buf(s, q, 3, &text);
    if (!nt) {
      st = hdc_error_set(err, HDC_ERR_NOMEM, NULL, 0, 0, "out of memory");
      goto done;
    }
    hdc_store_sha256_hex(
      (const unsigned char *)nt,
      packed ? text.len : (size_t)sqlite3_column_bytes(q, 3),
      r->sha);
  } else if (rc != SQLITE_DONE) {
    st = hdc_store_db_error(s->db, err, "reading a pushed record");
  }
done:
  sqlite3_finalize(q);
  hdc_buf_clear(&text);
  return st;
}

#define REC_BY_IRI                                                             \
  "SELECT id, status = 'active', valid, ntriples FROM record"                  \
  " WHERE source_id = ?1 AND iri = ?2"
#define REC_BY_ID                                                              \
  "SELECT id, status = 'active', valid, ntriples FROM record WHERE id = ?1"

/* Run @p sql with ?1 = @p a (text) and ?2 = @p b (text, may be NULL) and
 * ?3 = @p n; for the small writes of a push. */
static hdc_status
exec3(hdc_store  *s,
      const char *sql,
      const char *a,
      const char *b,
      int64_t     n,
      hdc_error  *err)
{
  sqlite3_stmt *q  = NULL;
  hdc_status    st = HDC_OK;
  if (sqlite3_prepare_v2(s->db, sql, -1, &q, NULL) != SQLITE_OK) {
    st = hdc_store_db_error(s->db, err, "publishing");
    goto done;
  }
  if (sqlite3_bind_parameter_count(q) >= 1)
    bind_z(q, 1, a);
  if (sqlite3_bind_parameter_count(q) >= 2)
    bind_z(q, 2, b);
  if (sqlite3_bind_parameter_count(q) >= 3)
    sqlite3_bind_int64(q, 3, n);
  if (sqlite3_step(q) != SQLITE_DONE)
    st = hdc_store_db_error(s->db, err, "publishing");
done:
  sqlite3_finalize(q);
  return st;
}

static void
result_init(hdc_store_push_result *out)
{
  memset(out, 0, sizeof *out);
}

hdc_status
hdc_store_push_put(hdc_store             *s,
                   const hdc_store_push  *p,
                   hdc_graph             *g,
                   hdc_store_push_result *out,
                   hdc_error             *err)
{
  hdc_status      st  = HDC_OK;
  hdc_store_run  *run = NULL;
  hdc_buf         src = HDC_BUF_INIT;
  binding         b;
  rec_state       before, after;
  int64_t         source_id = 0;
  char            now[32];
  const char     *iri;
  const hdc_term *ds;
  memset(&b, 0, sizeof b);
  if (!s || !p || !g || !out || !p->name || !p->publisher)
    return hdc_error_set(err,
                         HDC_ERR_INVALID_ARG,
                         NULL,
                         0,
                         0,
                         "push: no store, record or publisher");
  result_init(out);
  if (!hdc_store_push_name_valid(p->name))
    return hdc_error_set(
      err, HDC_ERR_INVALID_ARG, p->name, 0, 0, "push: invalid record name");
  if (!(ds = single_dataset(g, p->publisher))) {
    out->refusal = HDC_STORE_PUSH_BAD_RECORD;
    return HDC_FAILURE;
  }
  iri = hdc_term_text(ds).ptr;
  snprintf(out->iri, sizeof out->iri, "%s", iri);
  hdc_buf_printf(&src, "push:%s", p->publisher);
  if (hdc_buf_status(&src)) {
    st = hdc_error_set(err, HDC_ERR_NOMEM, NULL, 0, 0, "out of memory");
    goto done;
  }
  hdc_store_run_opts ro = { .profile = p->profile };
  if ((st = hdc_store_run_begin(s, src.ptr, &ro, &run, err)))
    goto done;
  /* Inside the run's transaction (BEGIN IMMEDIATE): no other writer can
   * bind the name between this check and the commit. */
  if ((st = binding_get(s, p->name, &b, err)))
    goto done;
  if (b.found && strcmp(b.publisher, p->publisher) != 0) {
    out->refusal = HDC_STORE_PUSH_NOT_OWNER;
    st           = HDC_FAILURE;
    goto done;
  }
  if (b.found && strcmp(b.iri, iri) != 0) {
    out->refusal = HDC_STORE_PUSH_NAME_BOUND;
    snprintf(out->iri, sizeof out->iri, "%s", b.iri);
    st = HDC_FAILURE;
    goto done;
  }
  if (!b.found) {
    sqlite3_stmt *q = NULL;
    int           rc;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT 1 FROM push_record WHERE publisher = ?1"
                           " AND iri = ?2",
                           -1,
                           &q,
                           NULL) != SQLITE_OK) {
      st = hdc_store_db_error(s->db, err, "publishing");
      goto done;
    }
    sqlite3_bind_text(q, 1, p->publisher, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, iri, -1, SQLITE_STATIC);
    rc = sqlite3_step(q);
    sqlite3_finalize(q);
    if (rc == SQLITE_ROW) {
      out->refusal = HDC_STORE_PUSH_IRI_BOUND;
      st           = HDC_FAILURE;
      goto done;
    }
    if (rc != SQLITE_DONE) {
      st = hdc_store_db_error(s->db, err, "publishing");
      goto done;
    }
  }
  if ((st = push_source_id(s, src.ptr, &source_id, err)) ||
      (st = rec_state_get(s, REC_BY_IRI, source_id, iri, &before, err)) ||
      (st = hdc_store_run_add_graph(run, g, p->name, err)) ||
      (st = rec_state_get(s, REC_BY_IRI, source_id, iri, &after, err)))
    goto done;
  if (!after.found) {
    st = hdc_error_set(
      err, HDC_ERR_INTERNAL, p->name, 0, 0, "push: the record was not stored");
    goto done;
  }
  if (!after.valid) {
    out->refusal = HDC_STORE_PUSH_INVALID;
    st           = HDC_FAILURE;
    goto done;
  }
  out->record_id = after.id;
  if (!before.found)
    out->kind = HDC_STORE_ADDED;
  else if (before.active && !strcmp(before.sha, after.sha))
    out->kind = HDC_STORE_UNCHANGED;
  else
    out->kind = HDC_STORE_UPDATED;
  out->status = out->kind == HDC_STORE_ADDED ? 201 : 200;
  if (before.found)
    snprintf(out->hash_before, sizeof out->hash_before, "%s", before.sha);
  snprintf(out->hash_after, sizeof out->hash_after, "%s", after.sha);
  hdc_store_now(now);
  static const char *const kinds[] = { "added", "updated", "unchanged" };
  hdc_store_audit_entry    e       = {
             .token_id    = p->token_id,
             .publisher   = p->publisher,
             .record      = p->name,
             .record_id   = after.id,
             .action      = "put",
             .status      = out->status,
             .result      = kinds[out->kind],
             .hash_before = out->hash_before,
             .hash_after  = out->hash_after,
             .remote      = p->remote,
             .message     = iri,
  };
  if ((st = exec3(s,
                  "INSERT OR IGNORE INTO push_source(publisher, source_id,"
                  " created) VALUES (?1, ?3, ?2)",
                  p->publisher,
                  now,
                  source_id,
                  err)))
    goto done;
  if (!b.found) {
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(s->db,
                           "INSERT INTO push_record(name, publisher, iri,"
                           " record_id, created) VALUES (?1, ?2, ?3, ?4, ?5)",
                           -1,
                           &q,
                           NULL) != SQLITE_OK ||
        (sqlite3_bind_text(q, 1, p->name, -1, SQLITE_STATIC),
         sqlite3_bind_text(q, 2, p->publisher, -1, SQLITE_STATIC),
         sqlite3_bind_text(q, 3, iri, -1, SQLITE_STATIC),
         sqlite3_bind_int64(q, 4, after.id),
         sqlite3_bind_text(q, 5, now, -1, SQLITE_STATIC),
         sqlite3_step(q)) != SQLITE_DONE) {
      st = hdc_store_db_error(s->db, err, "binding the record's name");
      sqlite3_finalize(q);
      goto done;
    }
    sqlite3_finalize(q);
  }
  if (p->token_id > 0 &&
      (st = exec3(s,
                  "UPDATE token SET last_used = ?1 WHERE id = ?3",
                  now,
                  NULL,
                  p->token_id,
                  err)))
    goto done;
  if ((st = audit_insert(s, &e, &out->audit_id, err)) ||
      (st = hdc_store_run_commit(run, NULL, err)))
    goto done;
done:
  /* Not committed (a refusal or an error): the run's transaction is rolled
   * back here, with the checks and everything written inside it. */
  hdc_store_run_free(run);
  binding_clear(&b);
  hdc_buf_clear(&src);
  return st;
}

hdc_status
hdc_store_push_withdraw(hdc_store             *s,
                        const hdc_store_push  *p,
                        hdc_store_push_result *out,
                        hdc_error             *err)
{
  hdc_status st = HDC_OK;
  binding    b;
  rec_state  rec;
  bool       open = false;
  char       now[32];
  memset(&b, 0, sizeof b);
  if (!s || !p || !out || !p->name || !p->publisher)
    return hdc_error_set(err,
                         HDC_ERR_INVALID_ARG,
                         NULL,
                         0,
                         0,
                         "push: no store, record or publisher");
  result_init(out);
  if (s->read_only || s->run)
    return hdc_error_set(err,
                         HDC_ERR_INVALID_ARG,
                         NULL,
                         0,
                         0,
                         "push: the catalogue is read-only or busy");
  if ((st = hdc_store_exec(s, "BEGIN IMMEDIATE", err)))
    return st;
  open = true;
  if ((st = binding_get(s, p->name, &b, err)))
    goto done;
  if (!b.found) {
    out->refusal = HDC_STORE_PUSH_NOT_FOUND;
    st           = HDC_FAILURE;
    goto done;
  }
  if (strcmp(b.publisher, p->publisher) != 0) {
    out->refusal = HDC_STORE_PUSH_NOT_OWNER;
    st           = HDC_FAILURE;
    goto done;
  }
  snprintf(out->iri, sizeof out->iri, "%s", b.iri);
  if ((st = rec_state_get(s, REC_BY_ID, b.record_id, NULL, &rec, err)))
    goto done;
  if (!rec.found) {
    st = hdc_error_set(err,
                       HDC_ERR_INTERNAL,
                       p->name,
                       0,
                       0,
                       "push: the bound record is missing");
    goto done;
  }
  hdc_store_now(now);
  out->record_id = rec.id;
  out->status    = 200;
  out->kind      = rec.active ? HDC_STORE_UPDATED : HDC_STORE_UNCHANGED;
  if (rec.active) {
    /* The record keeps its content; only its state and the index change. */
    snprintf(out->hash_before, sizeof out->hash_before, "%s", rec.sha);
    sqlite3_stmt *q = NULL;
    if ((st = hdc_store_index_remove(s, rec.id, err)))
      goto done;
    if (sqlite3_prepare_v2(s->db,
                           "UPDATE record SET status = 'withdrawn',"
                           " withdrawn_reason = 'withdrawn by its publisher',"
                           " withdrawn_date = ?2 WHERE id = ?1",
                           -1,
                           &q,
                           NULL) != SQLITE_OK ||
        (sqlite3_bind_int64(q, 1, rec.id),
         sqlite3_bind_text(q, 2, now, -1, SQLITE_STATIC),
         sqlite3_step(q)) != SQLITE_DONE) {
      st = hdc_store_db_error(s->db, err, "withdrawing");
      sqlite3_finalize(q);
      goto done;
    }
    sqlite3_finalize(q);
    /* A run row, so the source's history shows the withdrawal. */
    char msg[160];
    snprintf(msg, sizeof msg, "withdrawn by its publisher: %s", p->name);
    if ((st = exec3(s,
                    "INSERT INTO run(source_id, started, finished, withdrawn,"
                    " message) SELECT source_id, ?1, ?1, 1, ?2 FROM record"
                    " WHERE id = ?3",
                    now,
                    msg,
                    rec.id,
                    err)))
      goto done;
  }
  hdc_store_audit_entry e = {
    .token_id    = p->token_id,
    .publisher   = p->publisher,
    .record      = p->name,
    .record_id   = rec.id,
    .action      = "delete",
    .status      = 200,
    .result      = rec.active ? "withdrawn" : "unchanged",
    .hash_before = out->hash_before,
    .hash_after  = "",
    .remote      = p->remote,
    .message     = b.iri,
  };
  if (p->token_id > 0 &&
      (st = exec3(s,
                  "UPDATE token SET last_used = ?1 WHERE id = ?3",
                  now,
                  NULL,
                  p->token_id,
                  err)))
    goto done;
  if ((st = audit_insert(s, &e, &out->audit_id, err)) ||
      (st = hdc_store_exec(s, "COMMIT", err)))
    goto done;
  open = false;
  s->generation++;
done:
  if (open)
    hdc_store_exec(s, "ROLLBACK", NULL);
  binding_clear(&b);
  return st;
}

/* ------------------------------------------------------------------------ */
/* A publisher's records                                                    */

void
hdc_store_publisher_view_free(hdc_store_publisher_view *v)
{
  if (!v)
    return;
  hdc_arena_free(v->arena);
  hdc_free(v);
}

/* The publisher IRI @p key names (its key or itself), into @p out. */
static hdc_status
publisher_resolve(hdc_store *s, const char *key, hdc_buf *out, hdc_error *err)
{
  sqlite3_stmt *q  = NULL;
  hdc_status    st = HDC_OK;
  int           rc;
  if (sqlite3_prepare_v2(
        s->db,
        "SELECT DISTINCT value FROM record_facet WHERE facet = 'publisher'"
        " UNION SELECT publisher FROM push_source"
        " UNION SELECT publisher FROM token",
        -1,
        &q,
        NULL) != SQLITE_OK) {
    st = hdc_store_db_error(s->db, err, "publishers");
    goto done;
  }
  while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
    const char *iri = (const char *)sqlite3_column_text(q, 0);
    char        k[17];
    if (!iri)
      continue;
    hdc_store_publisher_key(iri, k);
    if (!strcmp(k, key) || !strcmp(iri, key)) {
      hdc_buf_puts(out, iri);
      break;
    }
  }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    st = hdc_store_db_error(s->db, err, "publishers");
  else if (hdc_buf_status(out))
    st = hdc_error_set(err, HDC_ERR_NOMEM, NULL, 0, 0, "out of memory");
  else if (!out->len)
    st = hdc_error_set(
      err, HDC_ERR_NOT_FOUND, NULL, 0, 0, "no publisher with key %s", key);
done:
  sqlite3_finalize(q);
  return st;
}

hdc_status
hdc_store_publisher_get(hdc_store                 *s,
                        const char                *key,
                        const char                *lang,
                        hdc_store_publisher_view **out,
                        hdc_error                 *err)
{
  hdc_status                st  = HDC_OK;
  sqlite3_stmt             *q   = NULL;
  hdc_store_publisher_view *v   = NULL;
  hdc_buf                   iri = HDC_BUF_INIT;
  size_t                    cap = 0, scap = 0;
  int                       rc;
  bool                      en = lang && !strcmp(lang, "en");
  if (!s || !key || !out)
    return hdc_error_set(
      err, HDC_ERR_INVALID_ARG, NULL, 0, 0, "publisher: no store or key");
  *out = NULL;
  if ((st = publisher_resolve(s, key, &iri, err)))
    goto done;
  v = hdc_calloc(1, sizeof *v);
  if (!v || !(v->arena = hdc_arena_new(0)) ||
      !(v->iri = hdc_arena_strndup(v->arena, iri.ptr, iri.len)))
    goto oom;
  /* Label: the publisher facet's label in the page's language if any. */
  if (sqlite3_prepare_v2(s->db,
                         "SELECT label FROM facet_label WHERE facet ="
                         " 'publisher' AND value = ?1 ORDER BY lang = ?2 DESC,"
                         " lang = '' DESC LIMIT 1",
                         -1,
                         &q,
                         NULL) != SQLITE_OK) {
    st = hdc_store_db_error(s->db, err, "publisher");
    goto done;
  }
  sqlite3_bind_text(q, 1, iri.ptr, (int)iri.len, SQLITE_STATIC);
  sqlite3_bind_text(q, 2, en ? "en" : "fr", -1, SQLITE_STATIC);
  rc       = sqlite3_step(q);
  v->label = rc == SQLITE_ROW ? hdc_store_col_dup(v->arena, q, 0)
                              : hdc_arena_strndup(v->arena, "", 0);
  if (!v->label)
    goto oom;
  sqlite3_finalize(q);
  q = NULL;
  if (sqlite3_prepare_v2(
        s->db,
        "SELECT r.id, r.iri, CASE WHEN ?2 = 'en' THEN"
        " coalesce(nullif(r.title_en, ''), nullif(r.title_fr, ''), r.title)"
        " ELSE coalesce(nullif(r.title_fr, ''), nullif(r.title_en, ''),"
        " r.title) END, s.name, r.status, r.modified, max(r.last_seen,"
        " coalesce((SELECT rs.seen FROM record_seen rs"
        " WHERE rs.record_id = r.id), '')),"
        " coalesce(p.name, ''), r.valid, r.violations, r.warnings"
        " FROM record r JOIN source s ON s.id = r.source_id"
        " LEFT JOIN push_record p ON p.record_id = r.id"
        " WHERE r.id IN (SELECT record_id FROM record_facet"
        "   WHERE facet = 'publisher' AND value = ?1)"
        " OR r.source_id IN (SELECT source_id FROM push_source"
        "   WHERE publisher = ?1)"
        " ORDER BY r.status = 'active' DESC, r.title_sort, r.id",
        -1,
        &q,
        NULL) != SQLITE_OK) {
    st = hdc_store_db_error(s->db, err, "publisher records");
    goto done;
  }
  sqlite3_bind_text(q, 1, iri.ptr, (int)iri.len, SQLITE_STATIC);
  sqlite3_bind_text(q, 2, en ? "en" : "fr", -1, SQLITE_STATIC);
  while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
    hdc_store_publisher_record *ni =
      hdc_arena_grow(v->arena, v->records, v->n_records, &cap, sizeof *ni);
    if (!ni)
      goto oom;
    v->records                    = ni;
    hdc_store_publisher_record *r = &v->records[v->n_records];
    hdc_arena                  *a = v->arena;
    r->id                         = sqlite3_column_int64(q, 0);
    r->iri                        = hdc_store_col_dup(a, q, 1);
    r->title                      = hdc_store_col_dup(a, q, 2);
    r->source                     = hdc_store_col_dup(a, q, 3);
    r->status                     = hdc_store_col_dup(a, q, 4);
    r->modified                   = hdc_store_col_dup(a, q, 5);
    r->last_seen                  = hdc_store_col_dup(a, q, 6);
    r->name                       = hdc_store_col_dup(a, q, 7);
    r->valid                      = sqlite3_column_int(q, 8) != 0;
    r->violations                 = (size_t)sqlite3_column_int64(q, 9);
    r->warnings                   = (size_t)sqlite3_column_int64(q, 10);
    if (!r->iri || !r->title || !r->source || !r->status || !r->modified ||
        !r->last_seen || !r->name)
      goto oom;
    v->n_records++;
    /* Sources, each once, kept sorted by insertion into place. */
    size_t k = 0;
    while (k < v->n_sources && strcmp(v->sources[k], r->source) < 0)
      ++k;
    if (k < v->n_sources && !strcmp(v->sources[k], r->source))
      continue;
    const char **ns =
      hdc_arena_grow(v->arena, (void *)v->sources, v->n_sources, &scap, sizeof *ns);
    if (!ns)
      goto oom;
    memmove(ns + k + 1, ns + k, (v->n_sources - k) * sizeof *ns);
    ns[k]      = r->source;
    v->sources = ns;
    v->n_sources++;
  }
  if (rc != SQLITE_DONE) {
    st = hdc_store_db_error(s->db, err, "publisher records");
    goto done;
  }
  *out = v;
  v    = NULL;
  goto done;
oom:
  st = hdc_error_set(err, HDC_ERR_NOMEM, NULL, 0, 0, "out of memory");
done:
  sqlite3_finalize(q);
  hdc_buf_clear(&iri);
  hdc_store_publisher_view_free(v);
  return st;
}
