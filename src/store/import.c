// SPDX-License-Identifier: EUPL-1.2
/*
 * Source runs: importing records into the catalogue.
 *
 * A run is one SQLite transaction (BEGIN IMMEDIATE at hdc_store_run_begin,
 * COMMIT at hdc_store_run_commit): the run row, every record written and
 * the index change commit together or not at all, so a failure or a crash
 * leaves the catalogue exactly as it was.
 *
 * The catalogue is in WAL mode, so that readers (the web server) go on
 * reading the last committed catalogue while a run writes. The first load
 * of an empty catalogue is made in rollback-journal mode instead (see
 * bulk_begin()): WAL writes every page twice, to the log and then to the
 * database at the checkpoint.
 *
 * Each dcat:Dataset of an added graph becomes one record: its graph
 * (hdc_graph_extract_record) is canonicalised (blank nodes named from
 * their structure) and written as sorted N-Triples, whose 64-bit hash says
 * whether the record changed. An unchanged record is only marked seen (in
 * the narrow record_seen table, migration 7, not in its own row); a
 * new or changed one is validated with the run's profile and stored with
 * its report, flagged invalid when it has violations, and re-indexed.
 *
 * Validation runs once per added graph, not once per record: the profile
 * merges its vocabularies (far bigger than one record) into the data for
 * every call, which made per-record validation cost milliseconds each. The
 * graph's report is then split by focus node: a record's report holds the
 * results about the nodes its graph describes (the subjects of its
 * triples), as validating the record alone would, except that class and
 * codelist checks also see the rest of the document.
 *
 * What made imports slow was writing, not validating: FTS rows are queued
 * and inserted a batch at a time (index.c), facet labels are written once
 * per run, and the N-Triples and the JSON report (a few dozen
 * near-identical results) are stored packed with zstd, with dictionaries
 * the catalogue trains from its first records (pack.c).
 */
#include "store_internal.h"

#include "hdcat/rdf.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

struct hdc_store_run
{
  hdc_store               *store;
  const hdc_shacl_profile *profile;
  bool                     withdraw_missing;
  void (*on_record)(void *arg, const hdc_store_record_outcome *o);
  void               *on_record_arg;
  bool                spoiled;
  bool                committed;
  uint64_t            max_triples;
  int64_t             source_id;
  int64_t             run_id;
  char                started[32];
  hdc_store_run_stats stats;
  /* Packs the N-Triples and reports of the run's records (one context:
   * setting one up costs more than packing a record). NULL until the
   * first record is written. */
  ZSTD_CCtx *cctx;
  hdc_buf    packed_nt;
  /* While the catalogue has no dictionary of a kind (pack.c), the texts
   * of that kind the run packs, kept to train one: the texts end to end,
   * their sizes (size_t each), and how many. */
  bool    sampling[HDC_PACK__KINDS];
  hdc_buf samples[HDC_PACK__KINDS];
  hdc_buf sizes[HDC_PACK__KINDS];
  size_t  n_samples[HDC_PACK__KINDS];
};

/* The id of source @p name, created when absent. */
static hdc_status
source_id(hdc_store  *s,
          const char *name,
          const char *now,
          int64_t    *id,
          hdc_error  *err)
{
  sqlite3_stmt *q  = NULL;
  hdc_status    st = HDC_OK;
  if (sqlite3_prepare_v2(s->db,
                         "INSERT INTO source(name, created) VALUES (?1, ?2)"
                         " ON CONFLICT(name) DO NOTHING",
                         -1,
                         &q,
                         NULL) != SQLITE_OK) {
    st = hdc_store_db_error(s->db, err, "source");
    goto done;
  }
  sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 2, now, -1, SQLITE_STATIC);
  if (sqlite3_step(q) != SQLITE_DONE) {
    st = hdc_store_db_error(s->db, err, "source");
    goto done;
  }
  sqlite3_finalize(q);
  if (sqlite3_prepare_v2(
        s->db, "SELECT id FROM source WHERE name = ?1", -1, &q, NULL) !=
      SQLITE_OK) {
    st = hdc_store_db_error(s->db, err, "source");
    goto done;
  }
  sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
  if (sqlite3_step(q) != SQLITE_ROW) {
    st = hdc_store_db_error(s->db, err, "source");
    goto done;
  }
  *id = sqlite3_column_int64(q, 0);
done:
  sqlite3_finalize(q);
  return st;
}

/* Switch the journal mode; true if the catalogue is now in @p mode. */
static bool
journal_mode(hdc_store *s, const char *mode)
{
  char          sql[48];
  sqlite3_stmt *q  = NULL;
  bool          ok = false;
  snprintf(sql, sizeof sql, "PRAGMA journal_mode = %s", mode);
  if (sqlite3_prepare_v2(s->db, sql, -1, &q, NULL) == SQLITE_OK &&
      sqlite3_step(q) == SQLITE_ROW) {
    const char *now = (const char *)sqlite3_column_text(q, 0);
    ok              = now && !strcmp(now, mode);
  }
  sqlite3_finalize(q);
  return ok;
}

/*
 * A run into an empty catalogue (the first load of a source, often its
 * largest) is made in rollback-journal mode. In WAL mode every page it
 * writes goes to the log, and again to the database at the checkpoint
 * after the commit: a quarter of the time of a 100,000-record import. In
 * rollback mode, the pages past the file's end when the run began need no
 * journal, so each page is written once; a crash or a kill still leaves
 * the catalogue as it was (the journal restores the few pages that
 * existed, and the file is cut back to its old size).
 *
 * Leaving WAL mode needs the only connection to the file, so a catalogue
 * that a server (or anyone) has open stays in WAL mode: the switch fails
 * at once and the run is an ordinary one. During a first load, the
 * catalogue cannot be read (it has nothing to show yet): a reader waits
 * for the lock, and fails after HDC_STORE_BUSY_MS. WAL mode comes back at
 * the end of the run (bulk_end()), or at the next writer's open after a
 * crash (store.c).
 */
static void
bulk_begin(hdc_store *s)
{
  sqlite3_stmt *q     = NULL;
  bool          empty = false;
  if (sqlite3_prepare_v2(s->db,
                         "SELECT NOT EXISTS (SELECT 1 FROM record)",
                         -1,
                         &q,
                         NULL) == SQLITE_OK &&
      sqlite3_step(q) == SQLITE_ROW)
    empty = sqlite3_column_int(q, 0) != 0;
  sqlite3_finalize(q);
  if (!empty)
    return;
  sqlite3_busy_timeout(s->db, 0);
  s->bulk = journal_mode(s, "delete");
  sqlite3_busy_timeout(s->db, HDC_STORE_BUSY_MS);
}

/* After the run's commit or rollback: back to WAL mode. If a reader holds
 * the file for longer than the busy timeout, the catalogue stays in
 * rollback mode (still correct) until the next writer opens it. */
static void
bulk_end(hdc_store *s)
{
  if (!s->bulk)
    return;
  s->bulk = false;
  journal_mode(s, "wal");
}

hdc_status
hdc_store_run_begin(hdc_store                *s,
                    const char               *source,
                    const hdc_store_run_opts *opts,
                    hdc_store_run           **out,
                    hdc_error                *err)
{
  hdc_status     st = HDC_OK;
  hdc_store_run *r  = NULL;
  sqlite3_stmt  *q  = NULL;
  if (!s || !out)
    return hdc_error_set(err, HDC_ERR_INVALID_ARG, NULL, 0, 0, "run: no store");
  *out = NULL;
  if (s->read_only)
    return hdc_error_set(
      err, HDC_ERR_INVALID_ARG, NULL, 0, 0, "the catalogue is open read-only");
  if (s->run)
    return hdc_error_set(err,
                         HDC_ERR_INVALID_ARG,
                         NULL,
                         0,
                         0,
                         "a run is already open on this catalogue");
  if (!source || !*source)
    source = "local";
  r = hdc_calloc(1, sizeof *r);
  if (!r)
    return hdc_error_set(err, HDC_ERR_NOMEM, NULL, 0, 0, "out of memory");
  r->store = s;
  if (opts) {
    r->profile          = opts->profile;
    r->withdraw_missing = opts->withdraw_missing;
    r->on_record        = opts->on_record;
    r->on_record_arg    = opts->on_record_arg;
  }
  r->max_triples = hdc_limits_get(
    opts && opts->limits ? opts->limits : &s->limits, HDC_LIMIT_RECORD_TRIPLES);
  hdc_store_now(r->started);
  bulk_begin(s);
  if ((st = hdc_store_exec(s, "BEGIN IMMEDIATE", err))) {
    bulk_end(s);
    goto done;
  }
  if ((st = hdc_store_pack_load(s, err))) {
    hdc_store_exec(s, "ROLLBACK", NULL);
    bulk_end(s);
    goto done;
  }
  for (int k = 0; k < HDC_PACK__KINDS; ++k)
    r->sampling[k] = !s->cdict[k] && s->dict_samples > 0;
  s->run = r;
  if ((st = source_id(s, source, r->started, &r->source_id, err)))
    goto done;
  if (sqlite3_prepare_v2(s->db,
                         "INSERT INTO run(source_id, started, finished)"
                         " VALUES (?1, ?2, ?2)",
                         -1,
                         &q,
                         NULL) != SQLITE_OK ||
      (sqlite3_bind_int64(q, 1, r->source_id),
       sqlite3_bind_text(q, 2, r->started, -1, SQLITE_STATIC),
       sqlite3_step(q)) != SQLITE_DONE) {
    st = hdc_store_db_error(s->db, err, "run");
    goto done;
  }
  r->run_id       = sqlite3_last_insert_rowid(s->db);
  r->stats.run_id = r->run_id;
  *out            = r;
  r               = NULL;
done:
  sqlite3_finalize(q);
  hdc_store_run_free(r);
  return st;
}

void
hdc_store_run_free(hdc_store_run *r)
{
  if (!r)
    return;
  hdc_store *s = r->store;
  if (s && s->run == r) {
    if (!r->committed) {
      sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
      /* A dictionary the run trained is gone with it. */
      hdc_store_pack_close(s);
    }
    s->run = NULL;
    bulk_end(s);
    hdc_store_index_reset(s);
    /* A search during the run saw its uncommitted records: the search
     * index must be rebuilt either way. PRAGMA data_version only tracks
     * other connections' commits. */
    s->generation++;
  }
  ZSTD_freeCCtx(r->cctx);
  hdc_buf_clear(&r->packed_nt);
  for (int k = 0; k < HDC_PACK__KINDS; ++k) {
    hdc_buf_clear(&r->samples[k]);
    hdc_buf_clear(&r->sizes[k]);
  }
  hdc_free(r);
}

/* ------------------------------------------------------------------------ */
/* One record                                                               */

/* Append the packed @p text of @p kind to @p out, with the catalogue's
 * dictionary of that kind. While there is none, the text is also kept as
 * a sample, and the dictionary is trained when the run has enough: the
 * records after it are packed with it. */
static hdc_status
pack(hdc_store_run *r,
     int            kind,
     const char    *text,
     size_t         len,
     hdc_buf       *out,
     const char    *iri,
     hdc_error     *err)
{
  hdc_store *s = r->store;
  hdc_status st;
  if (r->sampling[kind] && len) {
    hdc_buf_append(&r->samples[kind], text, len);
    hdc_buf_append(&r->sizes[kind], &len, sizeof len);
    if (hdc_buf_status(&r->samples[kind]) || hdc_buf_status(&r->sizes[kind]))
      return hdc_error_set(err, HDC_ERR_NOMEM, iri, 0, 0, "out of memory");
    if (++r->n_samples[kind] >= s->dict_samples) {
      r->sampling[kind] = false;
      st                = hdc_store_pack_train(s,
                                kind,
                                r->samples[kind].ptr,
                                (const size_t *)(void *)r->sizes[kind].ptr,
                                r->n_samples[kind],
                                err);
      hdc_buf_clear(&r->samples[kind]);
      hdc_buf_clear(&r->sizes[kind]);
      if (st)
        return st;
    }
  }
  if (!r->cctx && !(r->cctx = ZSTD_createCCtx()))
    return hdc_error_set(err, HDC_ERR_NOMEM, iri, 0, 0, "out of memory");
  if (!hdc_store_pack_with(r->cctx, s->cdict[kind], text, len, out))
    return hdc_error_set(err, HDC_ERR_NOMEM, iri, 0, 0, "out of memory");
  return HDC_OK;
}

typedef struct existing
{
  int64_t id;
  char    hash[17];
  bool    active;
  bool    found;
  bool    valid;
  size_t  violations, warnings;
} existing;

static hdc_status
lookup(hdc_store_run *r, const char *iri, existing *ex, hdc_error *err)
{
  hdc_store    *s = r->store;
  sqlite3_stmt *q =
    hdc_store_stmt(s,
                   STMT_RECORD_LOOKUP,
                   "SELECT id, hash, status = 'active', valid, violations,"
                   " warnings FROM record WHERE source_id = ?1 AND iri = ?2",
                   err);
  memset(ex, 0, sizeof *ex);
  if (!q)
    return HDC_ERR_DB;
  sqlite3_bind_int64(q, 1, r->source_id);
  sqlite3_bind_text(q, 2, iri, -1, SQLITE_STATIC);
  int rc = sqlite3_step(q);
  if (rc == SQLITE_ROW) {
    ex->found     = true;
    ex->id        = sqlite3_column_int64(q, 0);
    const char *h = (const char *)sqlite3_column_text(q, 1);
    snprintf(ex->hash, sizeof ex->hash, "%s", h ? h : "");
    ex->active     = sqlite3_column_int(q, 2) != 0;
    ex->valid      = sqlite3_column_int(q, 3) != 0;
    ex->violations = (size_t)sqlite3_column_int64(q, 4);
    ex->warnings   = (size_t)sqlite3_column_int64(q, 5);
    rc             = sqlite3_step(q);
  }
  sqlite3_reset(q);
  if (rc != SQLITE_DONE)
    return hdc_store_db_error(s->db, err, "looking up a record");
  return HDC_OK;
}

/* Mark unchanged record @p id seen by the run. The narrow record_seen
 * table (migration 7) takes the run id and time: updating them in the
 * record row would make SQLite rewrite the whole wide row, N-Triples and
 * report included, which was most of the cost of an unchanged harvest. */
static hdc_status
touch(hdc_store_run *r, int64_t id, const char *now, hdc_error *err)
{
  hdc_store    *s = r->store;
  sqlite3_stmt *q =
    hdc_store_stmt(s,
                   STMT_RECORD_TOUCH,
                   "INSERT INTO record_seen(record_id, seen, run_id)"
                   " VALUES (?1, ?2, ?3) ON CONFLICT(record_id) DO UPDATE"
                   " SET seen = excluded.seen, run_id = excluded.run_id",
                   err);
  if (!q)
    return HDC_ERR_DB;
  sqlite3_bind_int64(q, 1, id);
  sqlite3_bind_text(q, 2, now, -1, SQLITE_STATIC);
  sqlite3_bind_int64(q, 3, r->run_id);
  if (sqlite3_step(q) != SQLITE_DONE)
    return hdc_store_db_error(s->db, err, "updating a record");
  return HDC_OK;
}

static void
bind_buf(sqlite3_stmt *q, int i, const hdc_buf *b)
{
  sqlite3_bind_text(q, i, b->ptr ? b->ptr : "", (int)b->len, SQLITE_STATIC);
}

static bool
buf_eq(const hdc_buf *a, const hdc_buf *b)
{
  return a->len == b->len && (!a->len || !memcmp(a->ptr, b->ptr, a->len));
}

/* The any-language title or description is read only when the French and
 * English ones are both empty (the fallback order of every reader), so a
 * copy of one of them is stored as '': the description is the largest
 * text of the row after the N-Triples. */
static void
bind_any(sqlite3_stmt  *q,
         int            i,
         const hdc_buf *any,
         const hdc_buf *fr,
         const hdc_buf *en)
{
  if ((fr->len && buf_eq(any, fr)) || (en->len && buf_eq(any, en)))
    sqlite3_bind_text(q, i, "", 0, SQLITE_STATIC);
  else
    bind_buf(q, i, any);
}

/* Link record id with the records of other sources that have its IRI. */
static hdc_status
link_duplicates(hdc_store_run *r, int64_t id, const char *iri, hdc_error *err)
{
  hdc_store    *s = r->store;
  sqlite3_stmt *q =
    hdc_store_stmt(s,
                   STMT_RECORD_SAME_IRI,
                   "INSERT OR IGNORE INTO record_link(a, b)"
                   " SELECT min(id, ?1), max(id, ?1) FROM record"
                   " WHERE iri = ?2 AND source_id <> ?3",
                   err);
  if (!q)
    return HDC_ERR_DB;
  sqlite3_bind_int64(q, 1, id);
  sqlite3_bind_text(q, 2, iri, -1, SQLITE_STATIC);
  sqlite3_bind_int64(q, 3, r->source_id);
  if (sqlite3_step(q) != SQLITE_DONE)
    return hdc_store_db_error(s->db, err, "linking duplicates");
  return HDC_OK;
}

typedef struct validation
{
  bool    valid;
  size_t  violations, warnings;
  hdc_buf report;
  hdc_buf packed; /* the report packed (hdc_store_pack_with) */
  /* Short rule names of the violations, NUL-separated (only when the run
   * has an on_record callback). */
  hdc_buf rules;
  size_t  n_rules;
} validation;

/* Write IRI @p t as prefix:local when a usual prefix fits, else <iri>. */
static void
put_short(hdc_buf *b, const hdc_term *t)
{
  hdc_str     s      = hdc_term_text(t), local;
  const char *pf     = hdc_term_is_iri(t) ? hdc_rdf_prefix_of(s, &local) : NULL;
  bool        simple = pf != NULL;
  for (size_t k = 0; simple && k < local.len; k++) {
    char c = local.ptr[k];
    simple = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
             (c >= '0' && c <= '9') || c == '_' || c == '-';
  }
  if (simple) {
    hdc_buf_printf(b, "%s:", pf);
    hdc_buf_put_str(b, local);
  } else if (hdc_term_is_iri(t)) {
    hdc_buf_putc(b, '<');
    hdc_buf_put_str(b, s);
    hdc_buf_putc(b, '>');
  } else {
    hdc_buf_puts(b, "_:");
    hdc_buf_put_str(b, s);
  }
}

/* Append the short rule name of @p res and a NUL to @p b: the property or
 * path (else the shape), a space, the constraint ("minCount" from
 * "MinCountConstraintComponent"), as the text report names them. */
static void
put_rule(hdc_buf *b, const hdc_shacl_result *res, const hdc_graph *shapes)
{
  const char *comp = hdc_shacl_component_name(res->component);
  size_t      n    = strlen(comp);
  size_t      sfx  = strlen("ConstraintComponent");
  if (res->path && hdc_term_is_iri(res->path))
    put_short(b, res->path);
  else if (res->path && (!shapes || hdc_shacl_path_write(shapes, res->path, b)))
    put_short(b, res->path);
  else if (!res->path && res->shape)
    put_short(b, res->shape);
  if (n > sfx && !strcmp(comp + n - sfx, "ConstraintComponent"))
    n -= sfx;
  hdc_buf_putc(b, ' ');
  if (n) {
    char first = comp[0];
    if (first >= 'A' && first <= 'Z')
      first = (char)(first - 'A' + 'a');
    hdc_buf_putc(b, first);
    hdc_buf_append(b, comp + 1, n - 1);
  }
  hdc_buf_putc(b, '\0');
}

/* The validation of one added graph, done on first need and shared by its
 * records: the report and its results ordered by focus node. */
typedef struct graph_report
{
  hdc_graph               *g;
  hdc_shacl_report        *rep;
  const hdc_shacl_result **by_focus;
  size_t                   n;
  bool                     done;
} graph_report;

static int
focus_cmp(const void *a, const void *b)
{
  const hdc_shacl_result *x = *(const hdc_shacl_result *const *)a;
  const hdc_shacl_result *y = *(const hdc_shacl_result *const *)b;
  uintptr_t               p = (uintptr_t)x->focus, q = (uintptr_t)y->focus;
  return p < q ? -1 : p > q;
}

static void
graph_report_clear(graph_report *gr)
{
  hdc_shacl_report_free(gr->rep);
  hdc_free(gr->by_focus);
  memset(gr, 0, sizeof *gr);
}

static hdc_status
graph_report_get(hdc_store_run *r, graph_report *gr, hdc_error *err)
{
  hdc_status st = HDC_OK;
  if (gr->done)
    return HDC_OK;
  if ((st = hdc_shacl_profile_validate(r->profile, gr->g, &gr->rep, err)))
    return st;
  gr->n        = hdc_shacl_report_count(gr->rep);
  gr->by_focus = hdc_malloc((gr->n ? gr->n : 1) * sizeof *gr->by_focus);
  if (!gr->by_focus)
    return hdc_error_set(err, HDC_ERR_NOMEM, NULL, 0, 0, "out of memory");
  for (size_t i = 0; i < gr->n; ++i)
    gr->by_focus[i] = hdc_shacl_report_get(gr->rep, i);
  /* Terms are interned in the world: one node, one pointer. */
  qsort(gr->by_focus, gr->n, sizeof *gr->by_focus, focus_cmp);
  gr->done = true;
  return HDC_OK;
}

/* Add to @p out the results of @p gr about @p focus. */
static hdc_status
add_results_of(const graph_report *gr,
               const hdc_term     *focus,
               hdc_shacl_report   *out)
{
  size_t lo = 0, hi = gr->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if ((uintptr_t)gr->by_focus[mid]->focus < (uintptr_t)focus)
      lo = mid + 1;
    else
      hi = mid;
  }
  for (; lo < gr->n && gr->by_focus[lo]->focus == focus; ++lo) {
    hdc_status st = hdc_shacl_report_add(out, gr->by_focus[lo]);
    if (st)
      return st;
  }
  return HDC_OK;
}

static int
ptr_cmp(const void *a, const void *b)
{
  uintptr_t p = (uintptr_t) * (const void *const *)a;
  uintptr_t q = (uintptr_t) * (const void *const *)b;
  return p < q ? -1 : p > q;
}

/* The report of record graph @p rec: the graph report's results about the
 * subjects of @p rec, each subject once. */
static hdc_status
record_report(const graph_report *gr,
              const hdc_graph    *rec,
              hdc_shacl_report  **out,
              hdc_error          *err)
{
  const hdc_term **subj = NULL;
  size_t           n = 0, cap = 0;
  hdc_status       st = HDC_OK;
  hdc_iter         it;
  *out = hdc_shacl_report_new();
  if (!*out)
    goto oom;
  hdc_graph_match(rec, NULL, NULL, NULL, &it);
  for (const hdc_triple *t; (t = hdc_iter_next(&it));) {
    if (n && subj[n - 1] == t->s)
      continue;
    if (n == cap) {
      size_t           ncap = cap ? cap * 2 : 16;
      const hdc_term **ns   = hdc_realloc(subj, ncap * sizeof *ns);
      if (!ns)
        goto oom;
      subj = ns;
      cap  = ncap;
    }
    subj[n++] = t->s;
  }
  qsort(subj, n, sizeof *subj, ptr_cmp);
  for (size_t i = 0; i < n; ++i) {
    if (i && subj[i] == subj[i - 1])
      continue;
    if ((st = add_results_of(gr, subj[i], *out)))
      goto oom;
  }
  goto done;
oom:
  st = hdc_error_set(err, HDC_ERR_NOMEM, NULL, 0, 0, "out of memory");
done:
  hdc_free(subj);
  return st;
}

static hdc_status
validate(hdc_store_run *r,
         graph_report  *gr,
         hdc_graph     *rec,
         validation    *v,
         hdc_error     *err)
{
  hdc_shacl_report *rep = NULL;
  hdc_status        st  = HDC_OK;
  v->valid              = true;
  if (!r->profile)
    return HDC_OK;
  if ((st = graph_report_get(r, gr, err)) ||
      (st = record_report(gr, rec, &rep, err)))
    goto done;
  hdc_shacl_report_sort(rep);
  v->violations = hdc_shacl_report_count_level(rep, HDC_SHACL_VIOLATION);
  v->warnings   = hdc_shacl_report_count_level(rep, HDC_SHACL_WARNING);
  v->valid      = v->violations == 0;
  if (r->on_record) {
    const hdc_graph *shapes = hdc_shacl_profile_shapes(r->profile, NULL);
    size_t           n      = hdc_shacl_report_count(rep);
    for (size_t i = 0; i < n; ++i) {
      const hdc_shacl_result *res = hdc_shacl_report_get(rep, i);
      if (res->level != HDC_SHACL_VIOLATION)
        continue;
      put_rule(&v->rules, res, shapes);
      v->n_rules++;
    }
    if (hdc_buf_status(&v->rules)) {
      st = hdc_error_set(err, HDC_ERR_NOMEM, NULL, 0, 0, "out of memory");
      goto done;
    }
  }
  st = hdc_shacl_report_write_json(rep,
                                   hdc_shacl_profile_shapes(r->profile, NULL),
                                   hdc_sink_buf,
                                   &v->report,
                                   err);
done:
  hdc_shacl_report_free(rep);
  return st;
}

/* Tell the run's on_record callback what happened to record @p id. */
static hdc_status
notify(hdc_store_run    *r,
       const char       *iri,
       int64_t           id,
       int               kind,
       const validation *v,
       hdc_error        *err)
{
  const char **rules = NULL;
  if (!r->on_record)
    return HDC_OK;
  if (v->n_rules) {
    rules = hdc_malloc(v->n_rules * sizeof *rules);
    if (!rules)
      return hdc_error_set(err, HDC_ERR_NOMEM, NULL, 0, 0, "out of memory");
    const char *p = v->rules.ptr;
    for (size_t i = 0; i < v->n_rules; ++i) {
      rules[i] = p;
      p += strlen(p) + 1;
    }
  }
  hdc_store_record_outcome o = { .iri        = iri,
                                 .id         = id,
                                 .kind       = kind,
                                 .valid      = v->valid,
                                 .violations = v->violations,
                                 .warnings   = v->warnings,
                                 .rules      = rules,
                                 .n_rules    = v->n_rules };
  r->on_record(r->on_record_arg, &o);
  hdc_free(rules);
  return HDC_OK;
}

static hdc_status
store_record(hdc_store_run  *r,
             graph_report   *gr,
             hdc_graph      *rec,
             const hdc_term *ds,
             const char     *iri,
             const hdc_buf  *nt,
             const char     *hash,
             const existing *ex,
             const char     *now,
             hdc_error      *err)
{
  hdc_store    *s  = r->store;
  hdc_status    st = HDC_OK;
  hdc_store_doc d;
  validation    v;
  sqlite3_stmt *q  = NULL;
  int64_t       id = ex->id;
  memset(&v, 0, sizeof v);
  hdc_store_doc_init(&d);
  if ((st = hdc_store_doc_build(
         &d,
         rec,
         ds,
         r->profile ? hdc_shacl_profile_vocabularies(r->profile) : NULL))) {
    hdc_error_set(
      err, st, iri, 0, 0, "indexing the record: %s", hdc_strerror(st));
    goto done;
  }
  if ((st = validate(r, gr, rec, &v, err)))
    goto done;
  if (ex->found) {
    q = hdc_store_stmt(
      s,
      STMT_RECORD_UPDATE,
      "UPDATE record SET hash = ?2, ntriples = ?3, title_fr = ?4,"
      " title_en = ?5, title = ?6, description_fr = ?7,"
      " description_en = ?8, description = ?9, title_sort = ?10,"
      " modified = ?11, last_seen = ?12, last_run_id = ?13,"
      " status = 'active', withdrawn_reason = '', withdrawn_date = '',"
      " valid = ?14, violations = ?15, warnings = ?16, report = ?17"
      " WHERE id = ?1",
      err);
  } else {
    q = hdc_store_stmt(
      s,
      STMT_RECORD_INSERT,
      "INSERT INTO record(id, hash, ntriples, title_fr, title_en, title,"
      " description_fr, description_en, description, title_sort, modified,"
      " last_seen, last_run_id, valid, violations, warnings, report,"
      " first_seen, first_run_id, source_id, iri) VALUES (NULL, ?2, ?3,"
      " ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
      " ?12, ?13, ?18, ?19)",
      err);
  }
  if (!q) {
    st = HDC_ERR_DB;
    goto done;
  }
  if (ex->found)
    sqlite3_bind_int64(q, 1, id);
  sqlite3_bind_text(q, 2, hash, -1, SQLITE_STATIC);
  /* Packed, the N-Triples take a quarter of the bytes, which SQLite writes
   * twice (WAL, then checkpoint), and the display columns after them stay
   * on the row's first page more often. The hash is the text's. */
  hdc_buf_reset(&r->packed_nt);
  if ((st = pack(r, HDC_PACK_NTRIPLES, nt->ptr, nt->len, &r->packed_nt, iri,
                 err)))
    goto done;
  sqlite3_bind_blob(
    q, 3, r->packed_nt.ptr, (int)r->packed_nt.len, SQLITE_STATIC);
  bind_buf(q, 4, &d.title_fr);
  bind_buf(q, 5, &d.title_en);
  bind_any(q, 6, &d.title_any, &d.title_fr, &d.title_en);
  bind_buf(q, 7, &d.desc_fr);
  bind_buf(q, 8, &d.desc_en);
  bind_any(q, 9, &d.desc_any, &d.desc_fr, &d.desc_en);
  bind_buf(q, 10, &d.title_sort);
  bind_buf(q, 11, &d.modified);
  sqlite3_bind_text(q, 12, now, -1, SQLITE_STATIC);
  sqlite3_bind_int64(q, 13, r->run_id);
  sqlite3_bind_int(q, 14, v.valid);
  sqlite3_bind_int64(q, 15, (sqlite3_int64)v.violations);
  sqlite3_bind_int64(q, 16, (sqlite3_int64)v.warnings);
  if (v.report.len) {
    if ((st = pack(r, HDC_PACK_REPORT, v.report.ptr, v.report.len, &v.packed,
                   iri, err)))
      goto done;
    sqlite3_bind_blob(q, 17, v.packed.ptr, (int)v.packed.len, SQLITE_STATIC);
  } else {
    sqlite3_bind_text(q, 17, "", 0, SQLITE_STATIC);
  }
  if (!ex->found) {
    sqlite3_bind_int64(q, 18, r->source_id);
    sqlite3_bind_text(q, 19, iri, -1, SQLITE_STATIC);
  }
  if (sqlite3_step(q) != SQLITE_DONE) {
    st = hdc_store_db_error(s->db, err, "storing a record");
    goto done;
  }
  if (!ex->found) {
    id = sqlite3_last_insert_rowid(s->db);
    if ((st = link_duplicates(r, id, iri, err)))
      goto done;
  }
  if ((st = hdc_store_index_put(s, id, &d, ex->found, err)) ||
      (st = notify(
         r, iri, id, ex->found ? HDC_STORE_UPDATED : HDC_STORE_ADDED, &v, err)))
    goto done;
  if (ex->found)
    r->stats.updated++;
  else
    r->stats.added++;
  if (!v.valid)
    r->stats.invalid++;
done:
  hdc_store_doc_clear(&d);
  hdc_buf_clear(&v.report);
  hdc_buf_clear(&v.packed);
  hdc_buf_clear(&v.rules);
  return st;
}

/* Import the record of dataset @p ds of @p g. */
static hdc_status
import_one(hdc_store_run  *r,
           graph_report   *gr,
           hdc_graph      *g,
           const hdc_term *ds,
           const char     *doc,
           const char     *now,
           hdc_error      *err)
{
  hdc_world *w     = hdc_graph_world(g);
  hdc_graph *rec   = hdc_graph_new(w);
  hdc_graph *canon = hdc_graph_new(w);
  hdc_buf    nt    = HDC_BUF_INIT;
  hdc_buf    iri   = HDC_BUF_INIT;
  hdc_status st    = HDC_OK;
  existing   ex;
  char       hash[17];
  if (!rec || !canon) {
    st = hdc_error_set(err, HDC_ERR_NOMEM, doc, 0, 0, "out of memory");
    goto done;
  }
  st = hdc_graph_extract_record(g, ds, (size_t)r->max_triples, rec);
  if (st == HDC_ERR_LIMIT) {
    hdc_error_set(err,
                  st,
                  doc,
                  0,
                  0,
                  "dataset <%s> has more than %" PRIu64
                  " triples (limit record_triples)",
                  hdc_term_text(ds).ptr,
                  r->max_triples);
    goto done;
  }
  if (st)
    goto oom;
  if ((st = hdc_graph_canonicalize(rec, canon)))
    goto oom;
  hdc_write_opts wo = { .sorted = true, .base_iri = NULL };
  if ((st = hdc_rdf_write(
         canon, HDC_FORMAT_NTRIPLES, &wo, hdc_sink_buf, &nt, err)))
    goto done;
  snprintf(hash,
           sizeof hash,
           "%016" PRIx64,
           hdc_hash64(nt.ptr ? nt.ptr : "", nt.len, 0));
  /* A blank-node dataset has no identity of its own: it is named by its
   * content, so a change makes a new record. */
  if (hdc_term_is_iri(ds))
    hdc_buf_put_str(&iri, hdc_term_text(ds));
  else
    hdc_buf_printf(&iri, "_:%s", hash);
  if (hdc_buf_status(&iri))
    goto oom;
  if ((st = lookup(r, iri.ptr, &ex, err)))
    goto done;
  if (ex.found && ex.active && !strcmp(ex.hash, hash)) {
    validation v = { .valid      = ex.valid,
                     .violations = ex.violations,
                     .warnings   = ex.warnings };
    if ((st = touch(r, ex.id, now, err)) ||
        (st = notify(r, iri.ptr, ex.id, HDC_STORE_UNCHANGED, &v, err)))
      goto done;
    r->stats.unchanged++;
    goto done;
  }
  st = store_record(r, gr, rec, ds, iri.ptr, &nt, hash, &ex, now, err);
  goto done;
oom:
  if (st == HDC_ERR_NOMEM)
    hdc_error_set(err, st, doc, 0, 0, "out of memory");
  else
    hdc_error_set(err, st, doc, 0, 0, "%s", hdc_strerror(st));
done:
  hdc_buf_clear(&nt);
  hdc_buf_clear(&iri);
  hdc_graph_free(canon);
  hdc_graph_free(rec);
  return st;
}

hdc_status
hdc_store_run_add_graph(hdc_store_run *r,
                        hdc_graph     *g,
                        const char    *doc,
                        hdc_error     *err)
{
  const hdc_term **ds = NULL;
  size_t           n  = 0;
  hdc_status       st = HDC_OK;
  graph_report     gr;
  char             now[32];
  memset(&gr, 0, sizeof gr);
  gr.g = g;
  if (!r || !g)
    return hdc_error_set(
      err, HDC_ERR_INVALID_ARG, doc, 0, 0, "run: no run or graph");
  if (r->spoiled || r->committed)
    return hdc_error_set(
      err, HDC_ERR_INVALID_ARG, doc, 0, 0, "run: already failed or committed");
  hdc_store_now(now);
  r->store->generation++;
  if ((st = hdc_graph_datasets(g, &ds, &n))) {
    hdc_error_set(err, st, doc, 0, 0, "out of memory");
    goto done;
  }
  for (size_t i = 0; i < n; ++i) {
    if ((st = import_one(r, &gr, g, ds[i], doc, now, err)))
      goto done;
  }
done:
  if (st)
    r->spoiled = true;
  graph_report_clear(&gr);
  hdc_free(ds);
  return st;
}

hdc_status
hdc_store_run_commit(hdc_store_run       *r,
                     hdc_store_run_stats *stats,
                     hdc_error           *err)
{
  hdc_status    st = HDC_OK;
  sqlite3_stmt *q  = NULL;
  char          now[32];
  if (!r)
    return hdc_error_set(err, HDC_ERR_INVALID_ARG, NULL, 0, 0, "no run");
  hdc_store *s = r->store;
  if (r->spoiled || r->committed || s->run != r)
    return hdc_error_set(
      err, HDC_ERR_INVALID_ARG, NULL, 0, 0, "run: already failed or committed");
  hdc_store_now(now);
  if ((st = hdc_store_index_flush(s, err)))
    goto done;
  if (r->withdraw_missing) {
    /* Records of this source that the run did not see. */
    if (sqlite3_prepare_v2(s->db,
                           "SELECT id FROM record WHERE source_id = ?1 AND"
                           " status = 'active' AND last_run_id <> ?2 AND"
                           " NOT EXISTS (SELECT 1 FROM record_seen WHERE"
                           " record_id = record.id AND run_id = ?2)",
                           -1,
                           &q,
                           NULL) != SQLITE_OK) {
      st = hdc_store_db_error(s->db, err, "withdrawing");
      goto done;
    }
    sqlite3_bind_int64(q, 1, r->source_id);
    sqlite3_bind_int64(q, 2, r->run_id);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
      if ((st = hdc_store_index_remove(s, sqlite3_column_int64(q, 0), err)))
        goto done;
      r->stats.withdrawn++;
    }
    if (rc != SQLITE_DONE) {
      st = hdc_store_db_error(s->db, err, "withdrawing");
      goto done;
    }
    sqlite3_finalize(q);
    q = NULL;
    if (sqlite3_prepare_v2(s->db,
                           "UPDATE record SET status = 'withdrawn',"
                           " withdrawn_reason = 'no longer published by the"
                           " source', withdrawn_date = ?3 WHERE"
                           " source_id = ?1 AND status = 'active' AND"
                           " last_run_id <> ?2 AND NOT EXISTS (SELECT 1"
                           " FROM record_seen WHERE record_id = record.id"
                           " AND run_id = ?2)",
                           -1,
                           &q,
                           NULL) != SQLITE_OK ||
        (sqlite3_bind_int64(q, 1, r->source_id),
         sqlite3_bind_int64(q, 2, r->run_id),
         sqlite3_bind_text(q, 3, now, -1, SQLITE_STATIC),
         sqlite3_step(q)) != SQLITE_DONE) {
      st = hdc_store_db_error(s->db, err, "withdrawing");
      goto done;
    }
    sqlite3_finalize(q);
    q = NULL;
  }
  if (sqlite3_prepare_v2(s->db,
                         "UPDATE run SET finished = ?2, added = ?3,"
                         " updated = ?4, unchanged = ?5, invalid = ?6,"
                         " withdrawn = ?7 WHERE id = ?1",
                         -1,
                         &q,
                         NULL) != SQLITE_OK) {
    st = hdc_store_db_error(s->db, err, "run");
    goto done;
  }
  sqlite3_bind_int64(q, 1, r->run_id);
  sqlite3_bind_text(q, 2, now, -1, SQLITE_STATIC);
  sqlite3_bind_int64(q, 3, (sqlite3_int64)r->stats.added);
  sqlite3_bind_int64(q, 4, (sqlite3_int64)r->stats.updated);
  sqlite3_bind_int64(q, 5, (sqlite3_int64)r->stats.unchanged);
  sqlite3_bind_int64(q, 6, (sqlite3_int64)r->stats.invalid);
  sqlite3_bind_int64(q, 7, (sqlite3_int64)r->stats.withdrawn);
  if (sqlite3_step(q) != SQLITE_DONE) {
    st = hdc_store_db_error(s->db, err, "run");
    goto done;
  }
  if ((st = hdc_store_exec(s, "COMMIT", err)))
    goto done;
  r->committed = true;
  bulk_end(s);
  s->generation++;
  if (stats)
    *stats = r->stats;
done:
  sqlite3_finalize(q);
  if (st)
    r->spoiled = true;
  return st;
}

hdc_status
hdc_store_import_files(hdc_store                *s,
                       hdc_world                *w,
                       const char               *source,
                       const char *const        *paths,
                       size_t                    n_paths,
                       const hdc_store_run_opts *opts,
                       hdc_store_run_stats      *stats,
                       hdc_error                *err)
{
  hdc_store_run *r  = NULL;
  hdc_graph     *g  = NULL;
  hdc_status     st = HDC_OK;
  if (!s || !w || (n_paths && !paths))
    return hdc_error_set(
      err, HDC_ERR_INVALID_ARG, NULL, 0, 0, "import: no store, world or files");
  if ((st = hdc_store_run_begin(s, source, opts, &r, err)))
    goto done;
  for (size_t i = 0; i < n_paths; ++i) {
    hdc_parse_opts po = { .format   = HDC_FORMAT_UNKNOWN,
                          .base_iri = NULL,
                          .source   = paths[i],
                          .limits   = &s->limits };
    g                 = hdc_graph_new(w);
    if (!g) {
      st = hdc_error_set(err, HDC_ERR_NOMEM, paths[i], 0, 0, "out of memory");
      goto done;
    }
    if ((st = hdc_rdf_parse_file(paths[i], &po, g, err)) ||
        (st = hdc_store_run_add_graph(r, g, paths[i], err)))
      goto done;
    hdc_graph_free(g);
    g = NULL;
  }
  st = hdc_store_run_commit(r, stats, err);
done:
  hdc_graph_free(g);
  hdc_store_run_free(r);
  return st;
}

/* Swap the profile of an open run (harvest.c): a long harvest recycles
 * its term table (world) every so many pages, which needs the profile
 * reloaded into the new world. Nothing of the run depends on the old
 * profile between two hdc_store_run_add_graph() calls. */
hdc_status
hdc_store_run_set_profile(hdc_store_run *r, const hdc_shacl_profile *profile)
{
  if (!r || r->spoiled || r->committed)
    return HDC_ERR_INVALID_ARG;
  r->profile = profile;
  return HDC_OK;
}
