// SPDX-License-Identifier: EUPL-1.2
/*
 * Searching the catalogue: full-text match, facet filters, facet counts,
 * ranking, sorting, paging and snippets.
 *
 * Plan (one read transaction, so every figure describes the same state):
 *  1. The matching set: ids of active records that match the translated
 *     FTS5 expression and every facet filter, without ranking, into the
 *     connection's temp.hit table. Skipped for an empty query without
 *     filters, which is "every active record".
 *  2. total = size of that set; facet counts = one GROUP BY over
 *     record_facet joined with it (or the whole table for everything).
 *  3. The page: by relevance, bm25() with per-field weights computed only
 *     inside FTS5's ORDER BY rank LIMIT (a bounded top-k, no full sort);
 *     by title or date, through the record indexes.
 *  4. A snippet per hit of the page (20 rowid lookups, not one per match).
 */
#include "store_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* bm25 weights of the FTS5 columns: title, keywords, description,
 * publisher, category, coding (DESIGN.md: title > keywords >
 * description). */
#define BM25_WEIGHTS "10.0, 5.0, 1.0, 2.0, 3.0, 2.0"

#define MAX_LIMIT        1000
#define DEFAULT_LIMIT    20
#define MAX_FACET_VALUES 100
#define MAX_FILTERS      64

static const char *const facet_keys[HDC_FACET__COUNT] = {
  "health_category", "theme",    "publisher",   "hdab",
  "access_rights",   "coding_system", "format", "language",
  "age_range",       "records",  "period"};

const char *
hdc_store_facet_key(hdc_store_facet_kind k)
{
  return (unsigned)k < HDC_FACET__COUNT ? facet_keys[k] : "";
}

hdc_store_facet_kind
hdc_store_facet_from_key(const char *key)
{
  for (int i = 0; key && i < HDC_FACET__COUNT; ++i) {
    if (!strcmp(key, facet_keys[i]))
      return (hdc_store_facet_kind)i;
  }
  return HDC_FACET__COUNT;
}

void
hdc_store_results_free(hdc_store_results *r)
{
  if (!r)
    return;
  hdc_arena_free(r->arena);
  hdc_free(r);
}

/* ------------------------------------------------------------------------ */

typedef struct search {
  hdc_store               *s;
  const hdc_store_query   *q;
  hdc_store_results       *res;
  hdc_buf                  match; /* the FTS5 expression, "" if none */
  hdc_buf                  neg;
  hdc_buf                  sql;
  size_t                   n_pos, n_neg;
  const char              *lang;
  bool                     all;   /* every active record: no text, no filter */
  /* Filters grouped by key, in key order. */
  const hdc_store_filter  *filters[MAX_FILTERS];
  size_t                   n_filters;
} search;

static int
filter_cmp(const void *a, const void *b)
{
  const hdc_store_filter *x = *(const hdc_store_filter *const *)a;
  const hdc_store_filter *y = *(const hdc_store_filter *const *)b;
  return strcmp(x->key, y->key);
}

/* The WHERE clause of the matching set over `record r` (parameters:
 * ?1 the FTS5 expression, then the filters' key and values in order). */
static void
put_where(search *x)
{
  hdc_buf *b = &x->sql;
  hdc_buf_puts(b, " WHERE r.status = 'active'");
  if (x->n_pos && x->n_neg)
    hdc_buf_puts(b, " AND r.id IN (SELECT rowid FROM record_fts WHERE"
                    " record_fts MATCH ?1)");
  else if (x->n_pos)
    hdc_buf_puts(b, " AND r.id IN (SELECT rowid FROM record_fts WHERE"
                    " record_fts MATCH ?1)");
  else if (x->n_neg)
    hdc_buf_puts(b, " AND r.id NOT IN (SELECT rowid FROM record_fts WHERE"
                    " record_fts MATCH ?1)");
  int param = 2;
  for (size_t i = 0; i < x->n_filters;) {
    size_t j = i;
    while (j < x->n_filters &&
           !strcmp(x->filters[j]->key, x->filters[i]->key))
      ++j;
    hdc_buf_printf(b,
                   " AND r.id IN (SELECT record_id FROM record_facet"
                   " WHERE facet = ?%d AND value IN (",
                   param++);
    for (size_t k = i; k < j; ++k)
      hdc_buf_printf(b, "%s?%d", k > i ? ", " : "", param++);
    hdc_buf_puts(b, "))");
    i = j;
  }
}

static void
bind_where(search *x, sqlite3_stmt *st)
{
  if (x->match.len)
    sqlite3_bind_text(st, 1, x->match.ptr, (int)x->match.len,
                      SQLITE_STATIC);
  int param = 2;
  for (size_t i = 0; i < x->n_filters;) {
    size_t j = i;
    while (j < x->n_filters &&
           !strcmp(x->filters[j]->key, x->filters[i]->key))
      ++j;
    sqlite3_bind_text(st, param++, x->filters[i]->key, -1, SQLITE_STATIC);
    for (size_t k = i; k < j; ++k)
      sqlite3_bind_text(st, param++,
                        x->filters[k]->value ? x->filters[k]->value : "", -1,
                        SQLITE_STATIC);
    i = j;
  }
}

static hdc_status
prepare(search *x, sqlite3_stmt **st, hdc_error *err)
{
  if (hdc_buf_status(&x->sql))
    return hdc_error_set(err, HDC_ERR_NOMEM, NULL, 0, 0, "out of memory");
  if (sqlite3_prepare_v2(x->s->db, x->sql.ptr, (int)x->sql.len, st, NULL) !=
      SQLITE_OK)
    return hdc_store_db_error(x->s->db, err, "search");
  return HDC_OK;
}

static hdc_status
run(search *x, sqlite3_stmt *st, hdc_error *err)
{
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW)
    ;
  if (rc != SQLITE_DONE)
    return hdc_store_db_error(x->s->db, err, "search");
  return HDC_OK;
}

/* Step 1 and the total. */
static hdc_status
matching_set(search *x, hdc_error *err)
{
  sqlite3_stmt *st = NULL;
  hdc_status    rc = HDC_OK;
  if (x->all) {
    hdc_buf_reset(&x->sql);
    hdc_buf_puts(&x->sql,
                 "SELECT count(*) FROM record r WHERE r.status = 'active'");
    if ((rc = prepare(x, &st, err)))
      goto done;
    if (sqlite3_step(st) != SQLITE_ROW) {
      rc = hdc_store_db_error(x->s->db, err, "search");
      goto done;
    }
    x->res->total = (size_t)sqlite3_column_int64(st, 0);
    goto done;
  }
  if (sqlite3_exec(x->s->db,
                   "CREATE TEMP TABLE IF NOT EXISTS hit(id INTEGER PRIMARY "
                   "KEY); DELETE FROM temp.hit",
                   NULL, NULL, NULL) != SQLITE_OK) {
    rc = hdc_store_db_error(x->s->db, err, "search");
    goto done;
  }
  hdc_buf_reset(&x->sql);
  hdc_buf_puts(&x->sql, "INSERT INTO temp.hit(id) SELECT r.id FROM record r");
  put_where(x);
  if ((rc = prepare(x, &st, err)))
    goto done;
  bind_where(x, st);
  if ((rc = run(x, st, err)))
    goto done;
  x->res->total = (size_t)sqlite3_changes(x->s->db);
done:
  sqlite3_finalize(st);
  return rc;
}

/* Step 2. */
static hdc_status
facet_counts(search *x, hdc_error *err)
{
  sqlite3_stmt      *st  = NULL;
  hdc_status         rc  = HDC_OK;
  hdc_store_results *res = x->res;
  hdc_arena         *a   = res->arena;
  hdc_buf_reset(&x->sql);
  hdc_buf_puts(
    &x->sql,
    "SELECT f.facet, f.value, count(*) AS n, coalesce((SELECT label FROM"
    " facet_label l WHERE l.facet = f.facet AND l.value = f.value ORDER BY"
    " l.lang = ?1 DESC, l.lang = '' DESC, l.lang LIMIT 1), f.value)"
    " FROM record_facet f");
  if (!x->all)
    hdc_buf_puts(&x->sql, " JOIN temp.hit h ON h.id = f.record_id");
  hdc_buf_puts(&x->sql, " GROUP BY f.facet, f.value ORDER BY f.facet, n DESC,"
                        " 4");
  if ((rc = prepare(x, &st, err)))
    goto done;
  sqlite3_bind_text(st, 1, x->lang, -1, SQLITE_STATIC);
  res->facets = hdc_arena_alloc(a, HDC_FACET__COUNT * sizeof *res->facets);
  hdc_store_facet_value *vals[HDC_FACET__COUNT];
  if (!res->facets)
    goto oom;
  for (int k = 0; k < HDC_FACET__COUNT; ++k) {
    vals[k] = hdc_arena_alloc(a, MAX_FACET_VALUES * sizeof *vals[k]);
    res->facets[k] = (hdc_store_facet){facet_keys[k], vals[k], 0};
    if (!vals[k])
      goto oom;
  }
  int step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    hdc_store_facet_kind k =
      hdc_store_facet_from_key((const char *)sqlite3_column_text(st, 0));
    if (k == HDC_FACET__COUNT ||
        res->facets[k].n_values >= MAX_FACET_VALUES)
      continue;
    hdc_store_facet_value *v = &vals[k][res->facets[k].n_values++];
    const char *value        = (const char *)sqlite3_column_text(st, 1);
    const char *label        = (const char *)sqlite3_column_text(st, 3);
    v->value = hdc_arena_strndup(a, value ? value : "", value ? strlen(value) : 0);
    v->label = hdc_arena_strndup(a, label ? label : "", label ? strlen(label) : 0);
    v->count = (size_t)sqlite3_column_int64(st, 2);
    if (!v->value || !v->label)
      goto oom;
  }
  if (step != SQLITE_DONE) {
    rc = hdc_store_db_error(x->s->db, err, "facets");
    goto done;
  }
  /* Keep only facets that have values, in key order. */
  size_t n = 0;
  for (int k = 0; k < HDC_FACET__COUNT; ++k) {
    if (res->facets[k].n_values)
      res->facets[n++] = res->facets[k];
  }
  res->n_facets = n;
  goto done;
oom:
  rc = hdc_error_set(err, HDC_ERR_NOMEM, NULL, 0, 0, "out of memory");
done:
  sqlite3_finalize(st);
  return rc;
}

/* Remove language marks from a snippet and make newlines spaces. */
static char *
clean_snippet(hdc_arena *a, const char *z)
{
  size_t n   = z ? strlen(z) : 0;
  char  *out = hdc_arena_alloc(a, n + 1);
  size_t k   = 0;
  if (!out)
    return NULL;
  for (size_t i = 0; i < n; ++i) {
    if (z[i] == HDC_LANG_MARK) {
      const char *end = memchr(z + i + 1, HDC_LANG_MARK, n - i - 1);
      i               = end ? (size_t)(end - z) : n;
      continue;
    }
    char c = z[i] == '\n' ? ' ' : z[i];
    if (c == ' ' && (k == 0 || out[k - 1] == ' '))
      continue;
    out[k++] = c;
  }
  while (k && out[k - 1] == ' ')
    --k;
  out[k] = '\0';
  return out;
}

/* The first ~200 bytes of s, cut at a UTF-8 boundary and a space. */
static char *
lead(hdc_arena *a, const char *z)
{
  size_t n = z ? strlen(z) : 0;
  if (n > 200) {
    n = 200;
    while (n > 0 && ((unsigned char)z[n] & 0xC0) == 0x80)
      --n;
    size_t sp = n;
    while (sp > 120 && z[sp] != ' ')
      --sp;
    if (z[sp] == ' ')
      n = sp;
  }
  char *out = hdc_arena_alloc(a, n + 4);
  if (!out)
    return NULL;
  memcpy(out, z ? z : "", n);
  if (z && n < strlen(z)) {
    memcpy(out + n, "\xE2\x80\xA6", 3); /* … */
    n += 3;
  }
  out[n] = '\0';
  return out;
}

static const char *
pick(hdc_arena *a, sqlite3_stmt *st, int fr, int en, int any, bool english)
{
  int order[3] = {english ? en : fr, english ? fr : en, any};
  for (int i = 0; i < 3; ++i) {
    const char *z = (const char *)sqlite3_column_text(st, order[i]);
    if (z && *z)
      return hdc_arena_strndup(a, z, strlen(z));
  }
  return hdc_arena_strndup(a, "", 0);
}

/* Steps 3 and 4. */
static hdc_status
page(search *x, hdc_error *err)
{
  const hdc_store_query *q   = x->q;
  hdc_store_results     *res = x->res;
  hdc_arena             *a   = res->arena;
  sqlite3_stmt          *st  = NULL;
  sqlite3_stmt          *sn  = NULL;
  sqlite3_stmt          *rd  = NULL;
  hdc_status             rc  = HDC_OK;
  size_t limit = q->limit ? (q->limit > MAX_LIMIT ? MAX_LIMIT : q->limit)
                          : DEFAULT_LIMIT;
  bool english = !strcmp(x->lang, "en");
  bool ranked  = q->sort == HDC_STORE_SORT_RELEVANCE && x->n_pos;
  if (q->offset >= res->total)
    goto done;
  res->hits = hdc_arena_alloc(a, limit * sizeof *res->hits);
  if (!res->hits)
    goto oom;
  hdc_buf_reset(&x->sql);
  if (ranked) {
    /* FTS5 computes bm25 for the matches and keeps the best
     * offset+limit: the sort is bounded. With filters or exclusions the
     * candidates are restricted to the matching set. */
    hdc_buf_puts(&x->sql, "SELECT rowid, -bm25(record_fts, " BM25_WEIGHTS
                          ") FROM record_fts WHERE record_fts MATCH ?1");
    if (x->n_filters || x->n_neg)
      hdc_buf_puts(&x->sql, " AND rowid IN (SELECT id FROM temp.hit)");
    hdc_buf_puts(&x->sql, " ORDER BY bm25(record_fts, " BM25_WEIGHTS
                          ") LIMIT ?2 OFFSET ?3");
  } else {
    hdc_buf_puts(&x->sql, "SELECT r.id, 0.0 FROM record r");
    if (x->all)
      hdc_buf_puts(&x->sql, " WHERE r.status = 'active'");
    else
      hdc_buf_puts(&x->sql, " WHERE r.id IN (SELECT id FROM temp.hit)");
    if (q->sort == HDC_STORE_SORT_MODIFIED)
      hdc_buf_puts(&x->sql, " ORDER BY r.status, r.modified DESC, r.id");
    else
      hdc_buf_puts(&x->sql, " ORDER BY r.status, r.title_sort, r.id");
    hdc_buf_puts(&x->sql, " LIMIT ?2 OFFSET ?3");
  }
  if ((rc = prepare(x, &st, err)))
    goto done;
  if (ranked)
    sqlite3_bind_text(st, 1, x->match.ptr, (int)x->match.len, SQLITE_STATIC);
  sqlite3_bind_int64(st, 2, (sqlite3_int64)limit);
  sqlite3_bind_int64(st, 3, (sqlite3_int64)q->offset);
  if (sqlite3_prepare_v2(
        x->s->db,
        "SELECT r.iri, s.name, r.title_fr, r.title_en, r.title,"
        " r.description_fr, r.description_en, r.description, r.modified,"
        " r.valid FROM record r JOIN source s ON s.id = r.source_id"
        " WHERE r.id = ?1",
        -1, &rd, NULL) != SQLITE_OK) {
    rc = hdc_store_db_error(x->s->db, err, "search");
    goto done;
  }
  if (x->n_pos &&
      sqlite3_prepare_v2(x->s->db,
                         "SELECT snippet(record_fts, 2, '[', ']',"
                         " '\xE2\x80\xA6', 24) FROM record_fts"
                         " WHERE record_fts MATCH ?1 AND rowid = ?2",
                         -1, &sn, NULL) != SQLITE_OK) {
    rc = hdc_store_db_error(x->s->db, err, "search");
    goto done;
  }
  int step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW && res->n_hits < limit) {
    hdc_store_hit *h = &res->hits[res->n_hits];
    memset(h, 0, sizeof *h);
    h->id    = sqlite3_column_int64(st, 0);
    h->score = sqlite3_column_double(st, 1);
    sqlite3_reset(rd);
    sqlite3_bind_int64(rd, 1, h->id);
    if (sqlite3_step(rd) != SQLITE_ROW) {
      rc = hdc_store_db_error(x->s->db, err, "search");
      goto done;
    }
    const char *iri  = (const char *)sqlite3_column_text(rd, 0);
    const char *src  = (const char *)sqlite3_column_text(rd, 1);
    const char *mod  = (const char *)sqlite3_column_text(rd, 8);
    h->iri           = hdc_arena_strndup(a, iri ? iri : "", iri ? strlen(iri) : 0);
    h->source        = hdc_arena_strndup(a, src ? src : "", src ? strlen(src) : 0);
    h->modified      = hdc_arena_strndup(a, mod ? mod : "", mod ? strlen(mod) : 0);
    h->title         = pick(a, rd, 2, 3, 4, english);
    h->valid         = sqlite3_column_int(rd, 9) != 0;
    if (sn) {
      sqlite3_reset(sn);
      sqlite3_bind_text(sn, 1, x->match.ptr, (int)x->match.len,
                        SQLITE_STATIC);
      sqlite3_bind_int64(sn, 2, h->id);
      if (sqlite3_step(sn) == SQLITE_ROW)
        h->snippet =
          clean_snippet(a, (const char *)sqlite3_column_text(sn, 0));
    }
    if (!h->snippet || !*h->snippet) {
      const char *d = pick(a, rd, 5, 6, 7, english);
      h->snippet    = d ? lead(a, d) : NULL;
    }
    if (!h->iri || !h->source || !h->modified || !h->title || !h->snippet)
      goto oom;
    res->n_hits++;
  }
  if (step != SQLITE_DONE && step != SQLITE_ROW) {
    rc = hdc_store_db_error(x->s->db, err, "search");
    goto done;
  }
  goto done;
oom:
  rc = hdc_error_set(err, HDC_ERR_NOMEM, NULL, 0, 0, "out of memory");
done:
  sqlite3_finalize(st);
  sqlite3_finalize(sn);
  sqlite3_finalize(rd);
  return rc;
}

hdc_status
hdc_store_search(hdc_store *s, const hdc_store_query *q,
                 hdc_store_results **out, hdc_error *err)
{
  hdc_status rc = HDC_OK;
  search     x;
  bool       in_tx = false;
  memset(&x, 0, sizeof x);
  if (!s || !q || !out)
    return hdc_error_set(err, HDC_ERR_INVALID_ARG, NULL, 0, 0,
                         "search: no store or query");
  *out = NULL;
  uint64_t max = hdc_limits_get(&s->limits, HDC_LIMIT_QUERY_BYTES);
  if (q->text.len > max)
    return hdc_error_set(err, HDC_ERR_LIMIT, NULL, 0, 0,
                         "the query is %zu bytes long; at most %llu are"
                         " allowed (limit query_bytes)",
                         q->text.len, (unsigned long long)max);
  if ((unsigned)q->sort > HDC_STORE_SORT_MODIFIED)
    return hdc_error_set(err, HDC_ERR_INVALID_ARG, NULL, 0, 0,
                         "search: unknown sort order");
  if (q->n_filters > MAX_FILTERS)
    return hdc_error_set(err, HDC_ERR_LIMIT, NULL, 0, 0,
                         "at most %d facet filters", MAX_FILTERS);
  for (size_t i = 0; i < q->n_filters; ++i) {
    if (!q->filters[i].key ||
        hdc_store_facet_from_key(q->filters[i].key) == HDC_FACET__COUNT)
      return hdc_error_set(
        err, HDC_ERR_INVALID_ARG, NULL, 0, 0,
        "unknown facet '%s'; the facets are health_category, theme,"
        " publisher, hdab, access_rights, coding_system, format, language,"
        " age_range, records, period",
        q->filters[i].key ? q->filters[i].key : "");
    x.filters[i] = &q->filters[i];
  }
  x.n_filters = q->n_filters;
  qsort(x.filters, x.n_filters, sizeof x.filters[0], filter_cmp);
  x.s    = s;
  x.q    = q;
  x.lang = q->lang && !strcmp(q->lang, "en") ? "en" : "fr";
  x.res  = hdc_calloc(1, sizeof *x.res);
  if (!x.res || !(x.res->arena = hdc_arena_new(0))) {
    rc = hdc_error_set(err, HDC_ERR_NOMEM, NULL, 0, 0, "out of memory");
    goto done;
  }
  if ((rc = hdc_store_query_translate(q->text, q->prefix, &x.match, &x.neg,
                                      &x.n_pos, &x.n_neg))) {
    hdc_error_set(err, rc, NULL, 0, 0, "out of memory");
    goto done;
  }
  if (x.n_pos && x.n_neg) {
    hdc_buf_puts(&x.match, " NOT (");
    hdc_buf_append(&x.match, x.neg.ptr, x.neg.len);
    hdc_buf_putc(&x.match, ')');
  } else if (x.n_neg) {
    hdc_buf_append(&x.match, x.neg.ptr, x.neg.len);
  }
  if (hdc_buf_status(&x.match)) {
    rc = hdc_error_set(err, HDC_ERR_NOMEM, NULL, 0, 0, "out of memory");
    goto done;
  }
  x.res->fts_query = hdc_arena_strndup(x.res->arena, x.match.ptr ? x.match.ptr : "",
                                       x.match.len);
  if (!x.res->fts_query) {
    rc = hdc_error_set(err, HDC_ERR_NOMEM, NULL, 0, 0, "out of memory");
    goto done;
  }
  x.all = !x.n_pos && !x.n_neg && !x.n_filters;
  /* One read transaction: the total, facets and page agree. */
  if (sqlite3_get_autocommit(s->db)) {
    if (sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
      rc = hdc_store_db_error(s->db, err, "search");
      goto done;
    }
    in_tx = true;
  }
  if ((rc = matching_set(&x, err)))
    goto done;
  if (q->facets && (rc = facet_counts(&x, err)))
    goto done;
  if ((rc = page(&x, err)))
    goto done;
  *out  = x.res;
  x.res = NULL;
done:
  if (in_tx)
    sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
  hdc_store_results_free(x.res);
  hdc_buf_clear(&x.match);
  hdc_buf_clear(&x.neg);
  hdc_buf_clear(&x.sql);
  return rc;
}
