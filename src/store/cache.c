// SPDX-License-Identifier: EUPL-1.2
/*
 * The in-memory search index: what a search needs besides FTS5, held as
 * bitsets over dense record numbers so that totals, facet filters and
 * facet counts are word-wise AND and popcount instead of SQL joins.
 *
 * Built from the catalogue on the first search, and rebuilt on the first
 * search after a change: another connection's commit changes PRAGMA
 * data_version, this connection's own runs bump the store's generation.
 * Building reads only narrow indexes and the facet table (never the wide
 * record rows), about a tenth of a second per 100,000 records.
 *
 * Dense numbers are the ranks of the active record ids in ascending order,
 * so FTS5 rowids map to them by binary search and a set costs n/8 bytes.
 *
 * FTS5 match sets (one per quoted term of a query, and per term of the
 * title/keyword tier) are kept in an LRU: the broad terms people type
 * most are also the ones whose doclists are longest to read. A term used
 * in ranking also keeps its weighted frequency in each of its records,
 * and the index each record's length, so that bm25 needs no FTS5 query.
 */
#include "store_internal.h"

#include <stdlib.h>
#include <string.h>

/* Most bytes the term sets of a connection take (see term_entry). */
#define TERM_BUDGET (32u << 20)

#define N_TERMS                                                                \
  (sizeof((hdc_store_cache *)0)->terms / sizeof((hdc_store_cache *)0)->terms[0])

/* Without -mpopcnt, __builtin_popcountll is a call into libgcc, and
 * counting is most of a search's CPU time (every facet value's set, every
 * query): on x86-64 with GCC the function is compiled twice and the
 * POPCNT instruction chosen at load time when the CPU has it. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) &&         \
  defined(__has_attribute)
#  if __has_attribute(target_clones)
#    define HDC_POPCNT_CLONES                                                  \
      __attribute__((target_clones("popcnt", "default")))
#  endif
#endif
#ifndef HDC_POPCNT_CLONES
#  define HDC_POPCNT_CLONES
#endif

HDC_POPCNT_CLONES size_t
hdc_bits_count_at(const hdc_bits *a,
                  const hdc_bits *b,
                  const uint32_t *at,
                  size_t          n_at)
{
  size_t n = 0;
  for (size_t i = 0; i < n_at; ++i)
    n += (size_t)__builtin_popcountll(a[at[i]] & b[at[i]]);
  return n;
}

HDC_POPCNT_CLONES size_t
hdc_bits_count(const hdc_bits *a, const hdc_bits *b, size_t words)
{
  size_t n = 0;
  if (b) {
    for (size_t i = 0; i < words; ++i)
      n += (size_t)__builtin_popcountll(a[i] & b[i]);
  } else {
    for (size_t i = 0; i < words; ++i)
      n += (size_t)__builtin_popcountll(a[i]);
  }
  return n;
}

void
hdc_store_cache_free(hdc_store_cache *c)
{
  if (!c)
    return;
  for (size_t i = 0; i < N_TERMS; ++i) {
    hdc_free(c->terms[i].key);
    hdc_free(c->terms[i].bits);
    hdc_free(c->terms[i].freq);
    hdc_free(c->terms[i].before);
  }
  for (size_t i = 0; i < sizeof c->results / sizeof c->results[0]; ++i) {
    hdc_free(c->results[i].key);
    hdc_arena_free(c->results[i].arena);
  }
  hdc_store_stemmer_free(c->stemmer);
  hdc_arena_free(c->arena);
  hdc_free(c);
}

int64_t
hdc_store_cache_dense(const hdc_store_cache *c, int64_t id)
{
  size_t lo = 0, hi = c->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (c->ids[mid] < id)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < c->n && c->ids[lo] == id ? (int64_t)lo : -1;
}

static int
cmp_id(const void *a, const void *b)
{
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return x < y ? -1 : x > y;
}

static hdc_bits *
bits_new(hdc_store_cache *c)
{
  hdc_bits *b = hdc_arena_alloc(c->arena, (c->words ? c->words : 1) * 8);
  if (b)
    memset(b, 0, (c->words ? c->words : 1) * 8);
  return b;
}

static void
bit_set(hdc_bits *b, int64_t d)
{
  b[(uint64_t)d / 64] |= (uint64_t)1 << ((uint64_t)d % 64);
}

static uint64_t
read_u64(sqlite3 *db, const char *sql, bool *ok)
{
  sqlite3_stmt *st = NULL;
  uint64_t      v  = 0;
  *ok              = false;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW) {
    v   = (uint64_t)sqlite3_column_int64(st, 0);
    *ok = true;
  }
  sqlite3_finalize(st);
  return v;
}

/* Dense numbers of the active records in the order of @p sql (which
 * selects their ids) into @p out (c->n entries). */
static hdc_status
load_order(hdc_store       *s,
           hdc_store_cache *c,
           const char      *sql,
           uint32_t        *out,
           hdc_error       *err)
{
  sqlite3_stmt *st = NULL;
  hdc_status    rc = HDC_OK;
  size_t        k  = 0;
  int           step;
  if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
    rc = hdc_store_db_error(s->db, err, "search index");
    goto done;
  }
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    int64_t d = hdc_store_cache_dense(c, sqlite3_column_int64(st, 0));
    if (d >= 0 && k < c->n)
      out[k++] = (uint32_t)d;
  }
  if (step != SQLITE_DONE)
    rc = hdc_store_db_error(s->db, err, "search index");
done:
  sqlite3_finalize(st);
  return rc;
}

static const char *
col_str(hdc_arena *a, sqlite3_stmt *st, int i)
{
  const char *z = (const char *)sqlite3_column_text(st, i);
  return hdc_arena_strndup(
    a, z ? z : "", z ? (size_t)sqlite3_column_bytes(st, i) : 0);
}

/* Facet values and their record sets; record_facet is ordered by (facet,
 * value, record_id), so each value's rows come together. */
static hdc_status
load_facets(hdc_store *s, hdc_store_cache *c, hdc_error *err)
{
  sqlite3_stmt    *st = NULL;
  hdc_status       rc = HDC_OK;
  size_t           cap[HDC_FACET__COUNT];
  hdc_cache_value *cur   = NULL;
  int              cur_k = -1;
  int              step;
  memset(cap, 0, sizeof cap);
  if (sqlite3_prepare_v2(s->db,
                         "SELECT facet, value, record_id FROM record_facet"
                         " ORDER BY facet, value, record_id",
                         -1,
                         &st,
                         NULL) != SQLITE_OK) {
    rc = hdc_store_db_error(s->db, err, "search index");
    goto done;
  }
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    const char          *fk = (const char *)sqlite3_column_text(st, 0);
    const char          *v  = (const char *)sqlite3_column_text(st, 1);
    hdc_store_facet_kind k  = hdc_store_facet_from_key(fk);
    if (k == HDC_FACET__COUNT || !v)
      continue;
    if (!cur || (int)k != cur_k || strcmp(cur->value, v)) {
      hdc_cache_value *nv = hdc_arena_grow(
        c->arena, c->values[k], c->n_values[k], &cap[k], sizeof *nv);
      if (!nv)
        goto oom;
      c->values[k] = nv;
      cur   = &c->values[k][c->n_values[k]++];
      cur_k = (int)k;
      memset(cur, 0, sizeof *cur);
      cur->value = col_str(c->arena, st, 1);
      cur->bits  = bits_new(c);
      if (!cur->value || !cur->bits)
        goto oom;
      cur->label[0] = cur->label[1] = cur->label[2] = cur->value;
    }
    int64_t d = hdc_store_cache_dense(c, sqlite3_column_int64(st, 2));
    if (d >= 0)
      bit_set(cur->bits, d);
  }
  if (step != SQLITE_DONE) {
    rc = hdc_store_db_error(s->db, err, "search index");
    goto done;
  }
  sqlite3_finalize(st);
  st = NULL;
  for (int k = 0; k < HDC_FACET__COUNT; ++k) {
    for (size_t i = 0; i < c->n_values[k]; ++i) {
      hdc_cache_value *cv = &c->values[k][i];
      size_t           n  = 0;
      for (size_t w = 0; w < c->words; ++w)
        n += cv->bits[w] != 0;
      if (n >= c->words / 4)
        continue;
      cv->nz = hdc_arena_alloc(c->arena, (n ? n : 1) * sizeof *cv->nz);
      if (!cv->nz)
        goto oom;
      for (size_t w = 0; w < c->words; ++w)
        if (cv->bits[w])
          cv->nz[cv->n_nz++] = (uint32_t)w;
    }
  }
  /* Labels: the query's language, else untagged, else the first other
   * language (by tag), else the value itself. */
  if (sqlite3_prepare_v2(s->db,
                         "SELECT facet, value, lang, label FROM facet_label"
                         " ORDER BY facet, value, lang DESC",
                         -1,
                         &st,
                         NULL) != SQLITE_OK) {
    rc = hdc_store_db_error(s->db, err, "search index");
    goto done;
  }
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    hdc_store_facet_kind k =
      hdc_store_facet_from_key((const char *)sqlite3_column_text(st, 0));
    const char *v    = (const char *)sqlite3_column_text(st, 1);
    const char *lang = (const char *)sqlite3_column_text(st, 2);
    if (k == HDC_FACET__COUNT || !v || !lang)
      continue;
    /* Values are sorted by strcmp, like SQLite's BINARY collation. */
    size_t lo = 0, hi = c->n_values[k];
    while (lo < hi) {
      size_t mid = lo + (hi - lo) / 2;
      if (strcmp(c->values[k][mid].value, v) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
    if (lo >= c->n_values[k] || strcmp(c->values[k][lo].value, v))
      continue;
    hdc_cache_value *cv = &c->values[k][lo];
    const char      *l  = col_str(c->arena, st, 3);
    if (!l)
      goto oom;
    bool fr = !strcmp(lang, "fr"), en = !strcmp(lang, "en");
    bool untagged = !*lang;
    /* Rows come in descending tag order, so the last "other" language
     * seen is the smallest tag, and untagged comes last of all. */
    if (fr)
      cv->label[0] = l;
    else if (en)
      cv->label[1] = l;
    if (!fr && !en)
      cv->label[2] = l;
    if (untagged) {
      if (cv->label[0] == cv->value)
        cv->label[0] = l;
      if (cv->label[1] == cv->value)
        cv->label[1] = l;
    }
  }
  if (step != SQLITE_DONE) {
    rc = hdc_store_db_error(s->db, err, "search index");
    goto done;
  }
  /* A value without a label in the asked language falls back to the
   * untagged label, then to any other. */
  for (int k = 0; k < HDC_FACET__COUNT; ++k) {
    for (size_t i = 0; i < c->n_values[k]; ++i) {
      hdc_cache_value *cv = &c->values[k][i];
      if (cv->label[0] == cv->value)
        cv->label[0] = cv->label[2];
      if (cv->label[1] == cv->value)
        cv->label[1] = cv->label[2];
    }
  }
  goto done;
oom:
  rc = hdc_error_set(err, HDC_ERR_NOMEM, NULL, 0, 0, "out of memory");
done:
  sqlite3_finalize(st);
  return rc;
}

/* Each record's length in tokens, all columns (what FTS5's xColumnSize
 * gives for column -1), from FTS5's docsize table: a row per record, the
 * column sizes as SQLite varints. Ranking reads it for every record it
 * scores, and FTS5 would look each one up in the table again. A record
 * the table lacks keeps UINT32_MAX (ranking then asks FTS5). */
static hdc_status
load_lengths(hdc_store *s, hdc_store_cache *c, hdc_error *err)
{
  sqlite3_stmt *st = NULL;
  int           step;
  c->length = hdc_arena_alloc(c->arena, (c->n ? c->n : 1) * sizeof *c->length);
  if (!c->length)
    return hdc_error_set(err, HDC_ERR_NOMEM, NULL, 0, 0, "out of memory");
  memset(c->length, 0xFF, (c->n ? c->n : 1) * sizeof *c->length);
  if (sqlite3_prepare_v2(
        s->db, "SELECT id, sz FROM record_fts_docsize", -1, &st, NULL) !=
      SQLITE_OK)
    return hdc_store_db_error(s->db, err, "search index");
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    int64_t d = hdc_store_cache_dense(c, sqlite3_column_int64(st, 0));
    const unsigned char *p = sqlite3_column_blob(st, 1);
    int                  n = sqlite3_column_bytes(st, 1);
    if (d < 0 || !p)
      continue;
    uint64_t total = 0;
    bool     ok    = true;
    for (int i = 0; i < n && ok;) {
      uint64_t v = 0;
      int      k = 0;
      /* Column sizes are far below 2^28: four bytes at most. */
      while (i < n && k < 4 && (p[i] & 0x80))
        v = (v << 7) | (p[i++] & 0x7F), ++k;
      if (i >= n || k >= 4)
        ok = false;
      else
        v = (v << 7) | p[i++];
      total += v;
    }
    if (ok && total < UINT32_MAX)
      c->length[d] = (uint32_t)total;
  }
  sqlite3_finalize(st);
  if (step != SQLITE_DONE)
    return hdc_store_db_error(s->db, err, "search index");
  /* The average over the records, as bm25 takes it (FTS5 divides its
   * token total by its row count); unknown if one length is. */
  double sum = 0.0;
  for (size_t i = 0; i < c->n; ++i) {
    if (c->length[i] == UINT32_MAX) {
      sum = 0.0;
      break;
    }
    sum += (double)c->length[i];
  }
  c->avg_length = c->n && sum > 0.0 ? sum / (double)c->n : 0.0;
  return HDC_OK;
}

static hdc_status
build(hdc_store *s, hdc_store_cache *c, hdc_error *err)
{
  sqlite3_stmt *st  = NULL;
  hdc_status    rc  = HDC_OK;
  size_t        cap = 0;
  int64_t      *tmp = NULL;
  int           step;
  /* Ids from the covering (status, title_sort) index, then sorted. */
  if (sqlite3_prepare_v2(s->db,
                         "SELECT id FROM record WHERE status = 'active'"
                         " ORDER BY title_sort, id",
                         -1,
                         &st,
                         NULL) != SQLITE_OK) {
    rc = hdc_store_db_error(s->db, err, "search index");
    goto done;
  }
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    if (c->n == cap) {
      size_t   ncap = cap ? cap * 2 : 1024;
      int64_t *ni   = hdc_realloc(tmp, ncap * sizeof *ni);
      if (!ni)
        goto oom;
      tmp = ni;
      cap = ncap;
    }
    tmp[c->n++] = sqlite3_column_int64(st, 0);
  }
  if (step != SQLITE_DONE) {
    rc = hdc_store_db_error(s->db, err, "search index");
    goto done;
  }
  sqlite3_finalize(st);
  st = NULL;
  if (c->n > UINT32_MAX) {
    rc = hdc_error_set(
      err, HDC_ERR_LIMIT, NULL, 0, 0, "search index: too many records");
    goto done;
  }
  c->words    = (c->n + 63) / 64;
  c->ids      = hdc_arena_alloc(c->arena, (c->n ? c->n : 1) * sizeof *c->ids);
  c->by_title = hdc_arena_alloc(c->arena, (c->n ? c->n : 1) * 4);
  c->by_modified = hdc_arena_alloc(c->arena, (c->n ? c->n : 1) * 4);
  c->all         = bits_new(c);
  c->valid       = bits_new(c);
  if (!c->ids || !c->by_title || !c->by_modified || !c->all || !c->valid)
    goto oom;
  if (c->n)
    memcpy(c->ids, tmp, c->n * sizeof *c->ids);
  qsort(c->ids, c->n, sizeof *c->ids, cmp_id);
  for (size_t i = 0; i < c->n; ++i)
    bit_set(c->all, (int64_t)i);
  memcpy(c->valid, c->all, c->words * 8);
  if ((rc = load_order(s,
                       c,
                       "SELECT id FROM record WHERE status = 'active'"
                       " ORDER BY title_sort, id",
                       c->by_title,
                       err)) ||
      (rc = load_order(s,
                       c,
                       "SELECT id FROM record WHERE status = 'active'"
                       " ORDER BY modified DESC, id",
                       c->by_modified,
                       err)))
    goto done;
  if (sqlite3_prepare_v2(s->db,
                         "SELECT id FROM record WHERE status = 'active'"
                         " AND valid = 0",
                         -1,
                         &st,
                         NULL) != SQLITE_OK) {
    rc = hdc_store_db_error(s->db, err, "search index");
    goto done;
  }
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    int64_t d = hdc_store_cache_dense(c, sqlite3_column_int64(st, 0));
    if (d >= 0)
      c->valid[d / 64] &= ~((uint64_t)1 << (d % 64));
  }
  if (step != SQLITE_DONE) {
    rc = hdc_store_db_error(s->db, err, "search index");
    goto done;
  }
  if ((rc = load_lengths(s, c, err)))
    goto done;
  rc = load_facets(s, c, err);
  goto done;
oom:
  rc = hdc_error_set(err, HDC_ERR_NOMEM, NULL, 0, 0, "out of memory");
done:
  hdc_free(tmp);
  sqlite3_finalize(st);
  return rc;
}

hdc_store_cache *
hdc_store_cache_get(hdc_store *s, hdc_error *err)
{
  bool     ok;
  uint64_t dv = read_u64(s->db, "PRAGMA data_version", &ok);
  if (!ok) {
    hdc_store_db_error(s->db, err, "search index");
    return NULL;
  }
  if (s->cache && s->cache->data_version == dv &&
      s->cache->generation == s->generation)
    return s->cache;
  hdc_store_cache_free(s->cache);
  s->cache           = NULL;
  hdc_store_cache *c = hdc_calloc(1, sizeof *c);
  if (!c || !(c->arena = hdc_arena_new(0))) {
    hdc_free(c);
    hdc_error_set(err, HDC_ERR_NOMEM, NULL, 0, 0, "out of memory");
    return NULL;
  }
  c->data_version = dv;
  c->generation   = s->generation;
  if (build(s, c, err)) {
    hdc_store_cache_free(c);
    return NULL;
  }
  s->cache = c;
  return c;
}

/* Drop the ranking data of term entry @p t. */
static void
drop_freq(hdc_store_cache *c, struct hdc_cache_term *t)
{
  if (!t->freq && !t->before)
    return;
  c->freq_bytes -= t->freq_size;
  hdc_free(t->freq);
  hdc_free(t->before);
  t->freq      = NULL;
  t->before    = NULL;
  t->freq_size = 0;
}

/* The entry of FTS5 expression @p expr, from the LRU or from FTS5. */
static struct hdc_cache_term *
term_entry(hdc_store       *s,
           hdc_store_cache *c,
           const char      *expr,
           size_t           len,
           hdc_error       *err)
{
  sqlite3_stmt *st   = NULL;
  size_t        slot = 0;
  hdc_bits     *bits = NULL;
  char         *key  = NULL;
  int           step;
  /* As many sets as TERM_BUDGET holds (a set is n/8 bytes): all the
   * slots for a catalogue of 100,000 records, a quarter of them at a
   * million. Never fewer than a query has terms, so that the sets of the
   * query being answered are never the least recently used. */
  size_t cap = TERM_BUDGET / ((c->words ? c->words : 1) * 8);
  if (cap < 128)
    cap = 128;
  if (cap > N_TERMS)
    cap = N_TERMS;
  for (size_t i = 0; i < cap; ++i) {
    if (c->terms[i].key && c->terms[i].key_len == len &&
        !memcmp(c->terms[i].key, expr, len)) {
      c->terms[i].used = ++c->tick;
      return &c->terms[i];
    }
    if (c->terms[i].used < c->terms[slot].used)
      slot = i;
  }
  bits = hdc_calloc(c->words ? c->words : 1, 8);
  key  = hdc_malloc(len + 1);
  if (!bits || !key) {
    hdc_error_set(err, HDC_ERR_NOMEM, NULL, 0, 0, "out of memory");
    goto fail;
  }
  memcpy(key, expr, len);
  key[len] = '\0';
  if (sqlite3_prepare_v2(s->db,
                         "SELECT rowid FROM record_fts WHERE record_fts"
                         " MATCH ?1",
                         -1,
                         &st,
                         NULL) != SQLITE_OK) {
    hdc_store_db_error(s->db, err, "search");
    goto fail;
  }
  sqlite3_bind_text(st, 1, key, (int)len, SQLITE_STATIC);
  /* Rowids come in ascending order, like dense numbers: a merge walk
   * instead of a binary search per row. */
  size_t d = 0;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    int64_t id = sqlite3_column_int64(st, 0);
    while (d < c->n && c->ids[d] < id)
      ++d;
    if (d < c->n && c->ids[d] == id)
      bit_set(bits, (int64_t)d);
  }
  if (step != SQLITE_DONE) {
    hdc_store_db_error(s->db, err, "search");
    goto fail;
  }
  sqlite3_finalize(st);
  drop_freq(c, &c->terms[slot]);
  hdc_free(c->terms[slot].key);
  hdc_free(c->terms[slot].bits);
  c->terms[slot].key     = key;
  c->terms[slot].key_len = len;
  c->terms[slot].bits    = bits;
  c->terms[slot].used    = ++c->tick;
  return &c->terms[slot];
fail:
  sqlite3_finalize(st);
  hdc_free(bits);
  hdc_free(key);
  return NULL;
}

const hdc_bits *
hdc_store_cache_match(hdc_store       *s,
                      hdc_store_cache *c,
                      const char      *expr,
                      size_t           len,
                      hdc_error       *err)
{
  struct hdc_cache_term *t = term_entry(s, c, expr, len, err);
  return t ? t->bits : NULL;
}

const double hdc_store_rank_weight[6] = { 10.0, 5.0, 1.0, 2.0, 3.0, 2.0 };

/* Most bytes of ranking data a connection keeps (every term's frequencies
 * and word counts); the least recently used terms' are dropped first. */
#define FREQ_BUDGET (16u << 20)
/* Terms held by more records than this keep no frequencies. */
#define FREQ_MAX_RECORDS 65536

/* hdc_freq(record_fts): the weighted count of the query's instances in
 * the row (one phrase: a term). */
static void
freq_fn(const Fts5ExtensionApi *api,
        Fts5Context            *fts,
        sqlite3_context        *ctx,
        int                     argc,
        sqlite3_value         **argv)
{
  int    n    = 0;
  double f    = 0.0;
  int    ncol = (int)(sizeof hdc_store_rank_weight /
                      sizeof hdc_store_rank_weight[0]);
  (void)argc;
  (void)argv;
  int rc = api->xInstCount(fts, &n);
  for (int i = 0; rc == SQLITE_OK && i < n; ++i) {
    int ip, ic, io;
    rc = api->xInst(fts, i, &ip, &ic, &io);
    if (rc == SQLITE_OK && ic >= 0 && ic < ncol)
      f += hdc_store_rank_weight[ic];
  }
  if (rc != SQLITE_OK)
    sqlite3_result_error_code(ctx, rc);
  else
    sqlite3_result_double(ctx, f);
}

const struct hdc_cache_term *
hdc_store_cache_term_freq(hdc_store       *s,
                          hdc_store_cache *c,
                          const char      *expr,
                          size_t           len,
                          uint64_t         keep_since,
                          hdc_error       *err)
{
  sqlite3_stmt          *st = NULL;
  struct hdc_cache_term *t  = term_entry(s, c, expr, len, err);
  int                    step;
  if (!t || t->freq)
    return t;
  if (!s->freq_registered) {
    fts5_api *api = hdc_store_fts5(s->db);
    if (!api ||
        api->xCreateFunction(api, "hdc_freq", NULL, freq_fn, NULL) !=
          SQLITE_OK) {
      hdc_store_db_error(s->db, err, "search");
      return NULL;
    }
    s->freq_registered = true;
  }
  size_t words = c->words ? c->words : 1;
  size_t k     = hdc_bits_count(t->bits, NULL, c->words);
  /* A word most of a large catalogue holds costs more to read with its
   * positions than to rank through FTS5 the few records a query keeps;
   * such a term keeps no frequencies (the caller asks FTS5). */
  if (k > FREQ_MAX_RECORDS)
    return t;
  t->before    = hdc_malloc(words * sizeof *t->before);
  t->freq      = hdc_calloc(k ? k : 1, sizeof *t->freq);
  if (!t->before || !t->freq) {
    hdc_error_set(err, HDC_ERR_NOMEM, NULL, 0, 0, "out of memory");
    goto fail;
  }
  t->freq_size = words * sizeof *t->before + (k ? k : 1) * sizeof *t->freq;
  c->freq_bytes += t->freq_size;
  for (size_t w = 0, sum = 0; w < c->words; ++w) {
    t->before[w] = (uint32_t)sum;
    sum += (size_t)__builtin_popcountll(t->bits[w]);
  }
  if (sqlite3_prepare_v2(s->db,
                         "SELECT rowid, hdc_freq(record_fts) FROM record_fts"
                         " WHERE record_fts MATCH ?1",
                         -1,
                         &st,
                         NULL) != SQLITE_OK) {
    hdc_store_db_error(s->db, err, "search");
    goto fail;
  }
  sqlite3_bind_text(st, 1, expr, (int)len, SQLITE_STATIC);
  size_t d = 0;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    int64_t id = sqlite3_column_int64(st, 0);
    double  f  = sqlite3_column_double(st, 1);
    while (d < c->n && c->ids[d] < id)
      ++d;
    if (d >= c->n || c->ids[d] != id || !((t->bits[d / 64] >> (d % 64)) & 1))
      continue;
    if (!(f >= 0.0 && f <= 65535.0) || f != (double)(uint16_t)f) {
      /* Not a small whole number: this term is ranked by FTS5. */
      sqlite3_finalize(st);
      drop_freq(c, t);
      return t;
    }
    uint64_t below = (t->bits[d / 64] & ((UINT64_C(1) << (d % 64)) - 1));
    t->freq[t->before[d / 64] + (size_t)__builtin_popcountll(below)] =
      (uint16_t)f;
  }
  if (step != SQLITE_DONE) {
    hdc_store_db_error(s->db, err, "search");
    goto fail;
  }
  sqlite3_finalize(st);
  /* Over budget: drop the ranking data of the least recently used terms
   * that this search does not use. */
  while (c->freq_bytes > FREQ_BUDGET) {
    struct hdc_cache_term *lru = NULL;
    for (size_t i = 0; i < N_TERMS; ++i) {
      struct hdc_cache_term *e = &c->terms[i];
      if (e->freq && e->used < keep_since && (!lru || e->used < lru->used))
        lru = e;
    }
    if (!lru)
      break;
    drop_freq(c, lru);
  }
  return t;
fail:
  sqlite3_finalize(st);
  drop_freq(c, t);
  return NULL;
}
