// SPDX-License-Identifier: EUPL-1.2
/*
 * Searching the catalogue: full-text match, facet filters, facet counts,
 * ranking, sorting, paging and snippets.
 *
 * Plan (one read transaction, so every figure describes the same state),
 * over the in-memory search index of cache.c (bitsets over dense record
 * numbers):
 *  1. The text match: each quoted term of the translated query is one
 *     FTS5 rowid scan (no ranking, cached), combined as bitsets (AND of
 *     OR-groups, minus the exclusions); invalid records are left out
 *     unless asked for.
 *  2. Facet filters: the OR of a key's value sets, AND-ed across keys.
 *     total = popcount. Facet counts = popcount of the match set with
 *     each value's set; a facet that has filters is counted without its
 *     own (disjunctive counts).
 *  3. The page. By relevance: when the text matches at most SCAN_MAX
 *     records, exact bm25 with per-field weights over the records of the
 *     match set: from the index alone when every term's frequencies are
 *     known (rank_from_index), else computed by FTS5 for those records
 *     only (hdc_bm25; the others are skipped by hdc_in_set()). A broader
 *     text is ranked in two tiers without bm25 (reading every position
 *     list of a term that most records contain costs about 1 us per
 *     record): records whose title or keywords match first (per-term
 *     column sets, cached like the others), then the rest, each tier
 *     newest first. By title or date: the precomputed orders, filtered
 *     by the match set.
 *  4. Each hit's row, and its snippet cut by snippet.c from the
 *     description (no FTS5 query).
 * Steps 1-3 depend on the query, not on the page: their outcome (total,
 * facet counts, matching set, exact ranking) is kept in the index's
 * answer cache, so the next page of a search costs only step 4.
 */
#include "store_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* bm25 weights of the FTS5 columns: title, keywords, description,
 * publisher, category, coding (DESIGN.md: title > keywords >
 * description). */
#define BM25_WEIGHTS "10.0, 5.0, 1.0, 2.0, 3.0, 2.0"
/* Phrases of a query that hdc_bm25 ranks; a longer query is ranked by
 * FTS5's bm25(). */
#define MAX_PHRASES 64

#define MAX_LIMIT 1000
#define DEFAULT_LIMIT 20
#define MAX_FACET_VALUES 100
#define MAX_FILTERS 64
/* Above this many text matches, relevance uses the two tiers instead of
 * bm25 over every match (see the plan above). */
#define SCAN_MAX 1000

static const char *const facet_keys[HDC_FACET__COUNT] = {
  "health_category", "theme",         "publisher", "hdab",
  "access_rights",   "coding_system", "format",    "language",
  "age_range",       "records",       "period"
};

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

typedef struct search
{
  hdc_store             *s;
  hdc_store_cache       *c;
  const hdc_store_query *q;
  hdc_store_results     *res;
  hdc_buf                match; /* positive FTS5 expression, "" if none */
  hdc_buf                neg;
  hdc_buf                full; /* match NOT (neg), as reported */
  hdc_buf                tier; /* the title/keywords tier expression */
  size_t                 n_pos, n_neg;
  const char            *lang;
  /* Filters grouped by key, in key order. */
  const hdc_store_filter *filters[MAX_FILTERS];
  size_t                  n_filters;
  /* Sets, c->words words each. */
  hdc_bits *text;                   /* text match (and validity) */
  hdc_bits *hits;                   /* text and every filter */
  hdc_bits *other;                  /* scratch */
  hdc_bits *fkey[HDC_FACET__COUNT]; /* per filtered key */
  size_t    text_count;             /* positive text matches, all */
  /* The page, as dense numbers and scores. */
  uint32_t *page;
  double   *score;
  size_t    n_page;
  /* The exact ranking of every match (rank_exact), or the cached one. */
  const uint32_t *ranked;
  const double   *scores;
  size_t          n_ranked;
  bool            has_ranked;
  /* The answer cache entry of this query (a hit), NULL on a miss. */
  struct hdc_cache_result *entry;
} search;

static int
filter_cmp(const void *a, const void *b)
{
  const hdc_store_filter *x = *(const hdc_store_filter *const *)a;
  const hdc_store_filter *y = *(const hdc_store_filter *const *)b;
  return strcmp(x->key, y->key);
}

static hdc_status
oom(hdc_error *err)
{
  return hdc_error_set(err, HDC_ERR_NOMEM, NULL, 0, 0, "out of memory");
}

static bool
bit_get(const hdc_bits *b, size_t d)
{
  return (b[d / 64] >> (d % 64)) & 1;
}

/* Dense number of record @p id in the store's index, remembered for the
 * next question about the same record. */
static int64_t
dense_of(hdc_store *s, int64_t id)
{
  if (id != s->last_id || s->last_dense < -1) {
    s->last_id    = id;
    s->last_dense = hdc_store_cache_dense(s->cache, id);
  }
  return s->last_dense;
}

/* SQL function hdc_in_set(rowid): whether the record is in the store's
 * probe set. Lets FTS5 skip the ranking of records a filter excludes. */
static void
in_set_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
  hdc_store *s = sqlite3_user_data(ctx);
  int64_t    d = -1;
  (void)argc;
  if (s->cache && s->probe)
    d = dense_of(s, sqlite3_value_int64(argv[0]));
  sqlite3_result_int(ctx, d >= 0 && bit_get(s->probe, (size_t)d));
}

/* Where the quoted term that opens at e[i] ends: past its closing quote
 * (the end of @p e if it has none) and a prefix star. */
static size_t
phrase_end(const char *e, size_t len, size_t i)
{
  size_t j = i + 1;
  while (j < len && e[j] != '"')
    ++j;
  j += j < len;
  j += j < len && e[j] == '*';
  return j;
}

/* bm25's idf of a phrase that @p hit of the @p rows records hold. */
static double
idf_of(double rows, double hit)
{
  double v = log((rows - hit + 0.5) / (hit + 0.5));
  return v <= 0.0 ? 1e-6 : v;
}

/* Evaluate a translated expression: groups joined by AND, each an OR of
 * quoted terms (the shapes hdc_store_query_translate() writes), into
 * @p out. With @p columns (an FTS5 column filter such as "{title}"), each
 * term is matched in those columns only: FTS5 gives the same set for the
 * filter applied to the whole expression, but the terms' sets are kept
 * and shared by every query that uses them. */
static hdc_status
eval(search     *x,
     const char *e,
     size_t      len,
     const char *columns,
     hdc_bits   *out,
     hdc_error  *err)
{
  size_t    words = x->c->words;
  hdc_bits *group = x->other;
  bool      first = true, in_group = false;
  size_t    i = 0;
  memset(group, 0, words * 8);
  for (;;) {
    bool at_and = i + 3 <= len && !memcmp(e + i, "AND", 3);
    if ((i >= len || at_and) && in_group) {
      if (first)
        memcpy(out, group, words * 8);
      else
        for (size_t w = 0; w < words; ++w)
          out[w] &= group[w];
      first    = false;
      in_group = false;
      memset(group, 0, words * 8);
    }
    if (i >= len)
      break;
    if (e[i] != '"') {
      /* Brackets, spaces, OR (a group is an OR of its terms) and AND. */
      i += at_and ? 3 : 1;
      continue;
    }
    size_t j = phrase_end(e, len, i);
    const char *key = e + i;
    size_t      klen = j - i;
    if (columns) {
      hdc_buf_reset(&x->tier);
      hdc_buf_puts(&x->tier, columns);
      hdc_buf_puts(&x->tier, " : ");
      hdc_buf_append(&x->tier, e + i, j - i);
      if (hdc_buf_status(&x->tier))
        return oom(err);
      key  = x->tier.ptr;
      klen = x->tier.len;
    }
    const hdc_bits *t = hdc_store_cache_match(x->s, x->c, key, klen, err);
    if (!t)
      return HDC_ERR_DB;
    for (size_t w = 0; w < words; ++w)
      group[w] |= t[w];
    in_group = true;
    i        = j;
  }
  if (first)
    memset(out, 0, words * 8);
  return HDC_OK;
}

/* Steps 1 and 2 (without facet counts). */
static hdc_status
matching_set(search *x, hdc_error *err)
{
  hdc_store_cache *c     = x->c;
  size_t           words = c->words;
  hdc_status       rc    = HDC_OK;
  const hdc_bits  *base  = x->q->include_invalid ? c->all : c->valid;
  if (x->n_pos) {
    if ((rc = eval(x, x->match.ptr, x->match.len, NULL, x->text, err)))
      return rc;
    x->text_count = hdc_bits_count(x->text, NULL, words);
    for (size_t w = 0; w < words; ++w)
      x->text[w] &= base[w];
  } else {
    memcpy(x->text, base, words * 8);
  }
  if (x->n_neg) {
    if ((rc = eval(x, x->neg.ptr, x->neg.len, NULL, x->hits, err)))
      return rc;
    for (size_t w = 0; w < words; ++w)
      x->text[w] &= ~x->hits[w];
  }
  memcpy(x->hits, x->text, words * 8);
  for (size_t i = 0; i < x->n_filters;) {
    size_t j = i;
    while (j < x->n_filters && !strcmp(x->filters[j]->key, x->filters[i]->key))
      ++j;
    hdc_store_facet_kind k = hdc_store_facet_from_key(x->filters[i]->key);
    hdc_bits *f = hdc_arena_alloc(x->res->arena, (words ? words : 1) * 8);
    if (!f)
      return oom(err);
    memset(f, 0, (words ? words : 1) * 8);
    for (size_t m = i; m < j; ++m) {
      const char *v = x->filters[m]->value ? x->filters[m]->value : "";
      for (size_t vi = 0; vi < c->n_values[k]; ++vi) {
        if (!strcmp(c->values[k][vi].value, v)) {
          for (size_t w = 0; w < words; ++w)
            f[w] |= c->values[k][vi].bits[w];
          break;
        }
      }
    }
    x->fkey[k] = f;
    for (size_t w = 0; w < words; ++w)
      x->hits[w] &= f[w];
    i = j;
  }
  x->res->total = hdc_bits_count(x->hits, NULL, words);
  return HDC_OK;
}

typedef struct ranked_value
{
  const hdc_cache_value *v;
  size_t                 count;
  const char            *label;
} ranked_value;

static int
ranked_value_cmp(const void *a, const void *b)
{
  const ranked_value *x = a, *y = b;
  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  return strcmp(x->label, y->label);
}

/* Step 2: facet counts. */
static hdc_status
facet_counts(search *x, hdc_error *err)
{
  hdc_store_cache   *c     = x->c;
  hdc_store_results *res   = x->res;
  hdc_arena         *a     = res->arena;
  size_t             words = c->words;
  int                li    = !strcmp(x->lang, "en") ? 1 : 0;
  /* The non-zero words of the set last listed (nz_of, NULL if none). */
  uint32_t       *nz    = hdc_arena_alloc(a, (words ? words : 1) * sizeof *nz);
  size_t          n_nz  = 0;
  const hdc_bits *nz_of = NULL;
  res->facets = hdc_arena_alloc(a, HDC_FACET__COUNT * sizeof *res->facets);
  if (!res->facets || !nz)
    return oom(err);
  for (int k = 0; k < HDC_FACET__COUNT; ++k) {
    const hdc_bits *set = x->hits;
    if (!c->n_values[k])
      continue;
    if (x->fkey[k]) {
      /* Disjunctive: every filter but this facet's own. */
      memcpy(x->other, x->text, words * 8);
      for (int j = 0; j < HDC_FACET__COUNT; ++j) {
        if (j == k || !x->fkey[j])
          continue;
        for (size_t w = 0; w < words; ++w)
          x->other[w] &= x->fkey[j][w];
      }
      set = x->other;
    }
    /* Most queries match few records: only the set's non-zero words
     * need counting against each value. */
    if (set != nz_of) {
      n_nz = 0;
      for (size_t w = 0; w < words; ++w)
        if (set[w])
          nz[n_nz++] = (uint32_t)w;
      nz_of = set == x->hits ? set : NULL;
    }
    ranked_value *rv = hdc_arena_alloc(a, c->n_values[k] * sizeof *rv);
    if (!rv)
      return oom(err);
    size_t n = 0;
    for (size_t i = 0; i < c->n_values[k]; ++i) {
      /* Only the words where both sets may have bits: the fewer of the
       * query set's non-zero words and the value's. */
      const hdc_cache_value *cv = &c->values[k][i];
      size_t                 cnt;
      if (cv->nz && (n_nz >= words / 2 || cv->n_nz < n_nz))
        cnt = hdc_bits_count_at(set, cv->bits, cv->nz, cv->n_nz);
      else if (n_nz < words / 2)
        cnt = hdc_bits_count_at(set, cv->bits, nz, n_nz);
      else
        cnt = hdc_bits_count(set, cv->bits, words);
      if (cnt)
        rv[n++] = (ranked_value){ cv, cnt, cv->label[li] };
    }
    if (!n)
      continue;
    qsort(rv, n, sizeof *rv, ranked_value_cmp);
    if (n > MAX_FACET_VALUES)
      n = MAX_FACET_VALUES;
    hdc_store_facet_value *vals = hdc_arena_alloc(a, n * sizeof *vals);
    if (!vals)
      return oom(err);
    /* Copied: the results outlive the index (a later search may rebuild
     * it, closing the store frees it). */
    for (size_t i = 0; i < n; ++i) {
      vals[i] = (hdc_store_facet_value){
        hdc_arena_strndup(a, rv[i].v->value, strlen(rv[i].v->value)),
        hdc_arena_strndup(a, rv[i].label, strlen(rv[i].label)),
        rv[i].count
      };
      if (!vals[i].value || !vals[i].label)
        return oom(err);
    }
    res->facets[res->n_facets++] = (hdc_store_facet){ facet_keys[k], vals, n };
  }
  return HDC_OK;
}

typedef struct scored
{
  double   score;
  int64_t  id;
  uint32_t dense;
} scored;

static int
scored_cmp(const void *a, const void *b)
{
  const scored *x = a, *y = b;
  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

/* hdc_bm25(record_fts): FTS5's bm25() (k1 = 1.2, b = 0.75, the column
 * weights above), computed the same way, except that each phrase's idf
 * comes from the store (s->rank_idf) instead of FTS5's own count: bm25()
 * counts the rows holding each phrase by reading the phrase's whole
 * doclist again on every query, which for a word most records contain
 * cost more than ranking; the search index already knows that count. */
static void
bm25_fn(const Fts5ExtensionApi *api,
        Fts5Context            *fts,
        sqlite3_context        *ctx,
        int                     argc,
        sqlite3_value         **argv)
{
  hdc_store *s = api->xUserData(fts);
  int        n_phrase = api->xPhraseCount(fts);
  int        n_inst = 0, n_col = api->xColumnCount(fts);
  double     freq[MAX_PHRASES];
  sqlite3_int64 n_row = 0, n_tok = 0;
  int           size = 0;
  (void)argc;
  (void)argv;
  if (n_phrase > (int)(sizeof freq / sizeof freq[0]) ||
      n_phrase != s->rank_n || !s->rank_idf) {
    sqlite3_result_error(ctx, "hdc_bm25: the query's phrases are not known",
                         -1);
    return;
  }
  memset(freq, 0, sizeof freq);
  int rc = api->xInstCount(fts, &n_inst);
  for (int i = 0; rc == SQLITE_OK && i < n_inst; ++i) {
    int ip, ic, io;
    rc = api->xInst(fts, i, &ip, &ic, &io);
    if (rc == SQLITE_OK && ip >= 0 && ip < n_phrase && ic >= 0 &&
        ic < n_col && ic < 6)
      freq[ip] += hdc_store_rank_weight[ic];
  }
  if (rc == SQLITE_OK)
    rc = api->xRowCount(fts, &n_row);
  if (rc == SQLITE_OK)
    rc = api->xColumnTotalSize(fts, -1, &n_tok);
  if (rc == SQLITE_OK) {
    /* The length from the search index, else FTS5's. */
    int64_t d = s->cache ? dense_of(s, api->xRowid(fts)) : -1;
    if (d >= 0 && s->cache->length[d] != UINT32_MAX)
      size = (int)s->cache->length[d];
    else
      rc = api->xColumnSize(fts, -1, &size);
  }
  if (rc != SQLITE_OK) {
    sqlite3_result_error_code(ctx, rc);
    return;
  }
  const double k1 = 1.2, b = 0.75;
  double avgdl = n_row > 0 ? (double)n_tok / (double)n_row : 1.0;
  double score = 0.0;
  for (int i = 0; i < n_phrase; ++i)
    score += s->rank_idf[i] * (freq[i] * (k1 + 1.0)) /
             (freq[i] + k1 * (1.0 - b + b * (double)size / avgdl));
  sqlite3_result_double(ctx, score);
}

/* The idf of each phrase of expression @p e, in FTS5's phrase order (as
 * they are written), as bm25() computes it; *n is -1 when there are more
 * than MAX_PHRASES. */
static hdc_status
phrase_idf(search *x, const char *e, size_t len, double *idf, int *n,
           hdc_error *err)
{
  double rows = (double)x->c->n;
  *n          = 0;
  for (size_t i = 0; i < len;) {
    if (e[i] != '"') {
      ++i;
      continue;
    }
    size_t j = phrase_end(e, len, i);
    if (*n >= MAX_PHRASES) {
      *n = -1;
      return HDC_OK;
    }
    const hdc_bits *t = hdc_store_cache_match(x->s, x->c, e + i, j - i, err);
    if (!t)
      return HDC_ERR_DB;
    idf[(*n)++] = idf_of(rows, (double)hdc_bits_count(t, NULL, x->c->words));
    i           = j;
  }
  return HDC_OK;
}

/* bm25 of every record of the match set from the search index alone:
 * each phrase's frequencies per record are kept with its set
 * (hdc_store_cache_term_freq), the records' lengths with the index, and
 * bm25 is a sum over phrases of what a phrase and a record give. Same
 * formula and order of operations as bm25_fn, so the same scores.
 * *done is false when some phrase has no frequencies (the caller then
 * asks FTS5). */
static hdc_status
rank_from_index(search *x, scored *sc, size_t cap, size_t *n_out, bool *done,
                hdc_error *err)
{
  hdc_store_cache             *c = x->c;
  const struct hdc_cache_term *ph[MAX_PHRASES];
  double                       idf[MAX_PHRASES];
  int                          n_ph  = 0;
  uint64_t                     since = c->tick + 1;
  const char                  *e = x->match.ptr;
  size_t                       len = x->match.len;
  *done                        = false;
  *n_out                       = 0;
  if (c->avg_length <= 0.0)
    return HDC_OK;
  for (size_t i = 0; i < len;) {
    if (e[i] != '"') {
      ++i;
      continue;
    }
    size_t j = phrase_end(e, len, i);
    if (n_ph >= MAX_PHRASES)
      return HDC_OK;
    const struct hdc_cache_term *t =
      hdc_store_cache_term_freq(x->s, c, e + i, j - i, since, err);
    if (!t)
      return HDC_ERR_DB;
    if (!t->freq)
      return HDC_OK;
    idf[n_ph] =
      idf_of((double)c->n, (double)hdc_bits_count(t->bits, NULL, c->words));
    ph[n_ph++] = t;
    i          = j;
  }
  const double k1 = 1.2, b = 0.75;
  size_t       n  = 0;
  for (size_t w = 0; w < c->words && n < cap; ++w) {
    for (uint64_t m = x->hits[w]; m && n < cap; m &= m - 1) {
      size_t d     = w * 64 + (size_t)__builtin_ctzll(m);
      double norm  = k1 * (1.0 - b + b * (double)c->length[d] / c->avg_length);
      double score = 0.0;
      for (int p = 0; p < n_ph; ++p) {
        const struct hdc_cache_term *t = ph[p];
        double                       f = 0.0;
        if ((t->bits[w] >> (d % 64)) & 1) {
          uint64_t below = t->bits[w] & ((UINT64_C(1) << (d % 64)) - 1);
          f = (double)t->freq[t->before[w] + (size_t)__builtin_popcountll(below)];
        }
        score += idf[p] * (f * (k1 + 1.0)) / (f + norm);
      }
      sc[n++] = (scored){ score, c->ids[d], (uint32_t)d };
    }
  }
  *n_out = n;
  *done  = true;
  return HDC_OK;
}

/* Exact ranking: bm25 of the match set's records, best first. */
static hdc_status
rank_exact(search *x, size_t want, hdc_error *err)
{
  hdc_store    *s  = x->s;
  sqlite3_stmt *st = NULL;
  hdc_status    rc = HDC_OK;
  scored       *sc = NULL;
  size_t        n = 0, cap = x->res->total;
  int           step;
  double        idf[MAX_PHRASES];
  int           n_idf = 0;
  bool          from_index = false;
  if (x->has_ranked)
    goto slice;
  sc = hdc_malloc((cap ? cap : 1) * sizeof *sc);
  if (!sc)
    return oom(err);
  if ((rc = rank_from_index(x, sc, cap, &n, &from_index, err)))
    goto done;
  if (from_index)
    goto sort;
  if (!s->probe_registered) {
    fts5_api *fts = hdc_store_fts5(s->db);
    if (!fts ||
        fts->xCreateFunction(fts, "hdc_bm25", s, bm25_fn, NULL) !=
          SQLITE_OK ||
        sqlite3_create_function(s->db,
                                "hdc_in_set",
                                1,
                                SQLITE_UTF8 | SQLITE_DIRECTONLY,
                                s,
                                in_set_fn,
                                NULL,
                                NULL) != SQLITE_OK) {
      rc = hdc_store_db_error(s->db, err, "search");
      goto done;
    }
    s->probe_registered = true;
  }
  if ((rc = phrase_idf(x, x->match.ptr, x->match.len, idf, &n_idf, err)))
    goto done;
  st = n_idf >= 0 ? hdc_store_stmt(s,
                                   STMT_RANK,
                                   "SELECT rowid, hdc_bm25(record_fts)"
                                   " FROM record_fts WHERE record_fts MATCH ?1"
                                   " AND hdc_in_set(rowid)",
                                   err)
                  : hdc_store_stmt(s,
                                   STMT_RANK_LONG,
                                   "SELECT rowid, -bm25(record_fts, "
                                   BM25_WEIGHTS ") FROM record_fts"
                                   " WHERE record_fts MATCH ?1"
                                   " AND hdc_in_set(rowid)",
                                   err);
  if (!st) {
    rc = HDC_ERR_DB;
    goto done;
  }
  sqlite3_bind_text(st, 1, x->match.ptr, (int)x->match.len, SQLITE_STATIC);
  s->probe      = x->hits;
  s->last_dense = -2; /* the index may have been rebuilt: forget */
  s->rank_idf   = idf;
  s->rank_n   = n_idf;
  while ((step = sqlite3_step(st)) == SQLITE_ROW && n < cap) {
    int64_t id = sqlite3_column_int64(st, 0);
    sc[n++]    = (scored){ sqlite3_column_double(st, 1),
                           id,
                           (uint32_t)dense_of(s, id) };
  }
  s->probe = NULL;
  if (step != SQLITE_DONE && step != SQLITE_ROW) {
    rc = hdc_store_db_error(s->db, err, "search");
    goto done;
  }
sort:
  qsort(sc, n, sizeof *sc, scored_cmp);
  /* The whole ranking is kept for the answer cache: the next page of
   * this search is a slice of it. */
  uint32_t *rk = hdc_arena_alloc(x->res->arena, (n ? n : 1) * sizeof *rk);
  double   *sv = hdc_arena_alloc(x->res->arena, (n ? n : 1) * sizeof *sv);
  if (!rk || !sv) {
    rc = oom(err);
    goto done;
  }
  for (size_t i = 0; i < n; ++i) {
    rk[i] = sc[i].dense;
    sv[i] = sc[i].score;
  }
  x->ranked     = rk;
  x->scores     = sv;
  x->n_ranked   = n;
  x->has_ranked = true;
slice:
  for (size_t i = x->q->offset; i < x->n_ranked && x->n_page < want; ++i) {
    x->page[x->n_page]  = x->ranked[i];
    x->score[x->n_page] = x->scores[i];
    x->n_page++;
  }
done:
  s->probe    = NULL;
  s->rank_idf = NULL;
  s->rank_n   = 0;
  if (st)
    sqlite3_reset(st);
  hdc_free(sc);
  return rc;
}

/* Walk @p order, keeping the records of @p in (and, unless NULL, of
 * @p tier, or not of it when @p outside) after skipping *skip of them. */
static void
walk(search         *x,
     const uint32_t *order,
     const hdc_bits *in,
     const hdc_bits *tier,
     bool            outside,
     size_t         *skip,
     size_t          want,
     double          score)
{
  for (size_t i = 0; i < x->c->n && x->n_page < want; ++i) {
    uint32_t d = order[i];
    if (!bit_get(in, d))
      continue;
    if (tier && bit_get(tier, d) == outside)
      continue;
    if (*skip) {
      --*skip;
      continue;
    }
    x->page[x->n_page]  = d;
    x->score[x->n_page] = score;
    x->n_page++;
  }
}

/* Step 3: the page's records, as dense numbers. */
static hdc_status
select_page(search *x, size_t limit, hdc_error *err)
{
  const hdc_store_query *q    = x->q;
  size_t                 skip = q->offset;
  hdc_status             rc   = HDC_OK;
  x->page  = hdc_arena_alloc(x->res->arena, limit * sizeof *x->page);
  x->score = hdc_arena_alloc(x->res->arena, limit * sizeof *x->score);
  if (!x->page || !x->score)
    return oom(err);
  if (q->sort == HDC_STORE_SORT_RELEVANCE && x->n_pos) {
    if (x->text_count <= SCAN_MAX)
      return rank_exact(x, limit, err);
    /* Two tiers: title or keywords match, then the rest; newest first. */
    hdc_bits *t =
      hdc_arena_alloc(x->res->arena, (x->c->words ? x->c->words : 1) * 8);
    if (!x->other) /* an answer from the cache: no scratch set yet */
      x->other =
        hdc_arena_alloc(x->res->arena, (x->c->words ? x->c->words : 1) * 8);
    if (!t || !x->other)
      return oom(err);
    if ((rc = eval(x, x->match.ptr, x->match.len, "{title keywords}", t,
                   err)))
      return rc;
    walk(x, x->c->by_modified, x->hits, t, false, &skip, limit, 2.0);
    walk(x, x->c->by_modified, x->hits, t, true, &skip, limit, 1.0);
    return rc;
  }
  walk(x,
       q->sort == HDC_STORE_SORT_MODIFIED ? x->c->by_modified : x->c->by_title,
       x->hits,
       NULL,
       false,
       &skip,
       limit,
       0.0);
  return rc;
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

/* The hit's snippet: its description in the reader's language, else in
 * the other, else untagged, excerpted around the query's words in the
 * first that holds any (columns fr, en, any of @p st); else the
 * beginning of the first description there is. */
static const char *
hit_snippet(search                    *x,
            const hdc_store_highlight *hl,
            sqlite3_stmt              *st,
            bool                       english)
{
  hdc_arena          *a        = x->res->arena;
  const int           col[3]   = { english ? 6 : 5, english ? 5 : 6, 7 };
  const hdc_stem_lang lang[3]  = { english ? HDC_STEM_EN : HDC_STEM_FR,
                                   english ? HDC_STEM_FR : HDC_STEM_EN,
                                   HDC_STEM_NONE };
  const char         *first    = NULL;
  for (int i = 0; i < 3; ++i) {
    const char *z = (const char *)sqlite3_column_text(st, col[i]);
    if (!z || !*z)
      continue;
    if (!first)
      first = z;
    bool        matched = false;
    const char *sn = hdc_store_highlight_text(hl, a, z, lang[i], &matched);
    if (matched)
      return sn;
  }
  return lead(a, first ? first : "");
}

/* Step 4: the hits of the page, with their display fields and snippets. */
static hdc_status
page(search *x, hdc_error *err)
{
  const hdc_store_query *q   = x->q;
  hdc_store_results     *res = x->res;
  hdc_arena             *a   = res->arena;
  hdc_status             rc  = HDC_OK;
  hdc_store_highlight   *hl  = NULL;
  size_t                 limit =
    q->limit ? (q->limit > MAX_LIMIT ? MAX_LIMIT : q->limit) : DEFAULT_LIMIT;
  bool english = !strcmp(x->lang, "en");
  if (q->offset >= res->total)
    return HDC_OK;
  if ((rc = select_page(x, limit, err)))
    return rc;
  res->hits = hdc_arena_alloc(a, limit * sizeof *res->hits);
  if (!res->hits)
    return oom(err);
  if (x->n_pos && x->n_page) {
    if (!x->c->stemmer && !(x->c->stemmer = hdc_store_stemmer_new()))
      return oom(err);
    if (!(hl = hdc_store_highlight_new(
            a, x->c->stemmer, x->match.ptr, x->match.len)))
      return oom(err);
  }
  for (size_t i = 0; i < x->n_page; ++i) {
    hdc_store_hit *h = &res->hits[res->n_hits];
    memset(h, 0, sizeof *h);
    h->id            = x->c->ids[x->page[i]];
    h->score         = x->score[i];
    sqlite3_stmt *rd = hdc_store_stmt(
      x->s,
      STMT_HIT_ROW,
      "SELECT r.iri, s.name, r.title_fr, r.title_en, r.title,"
      " r.description_fr, r.description_en, r.description, r.modified,"
      " r.valid FROM record r JOIN source s ON s.id = r.source_id"
      " WHERE r.id = ?1",
      err);
    if (!rd)
      return HDC_ERR_DB;
    sqlite3_bind_int64(rd, 1, h->id);
    if (sqlite3_step(rd) != SQLITE_ROW)
      return hdc_store_db_error(x->s->db, err, "search");
    h->iri      = hdc_store_col_dup(a, rd, 0);
    h->source   = hdc_store_col_dup(a, rd, 1);
    h->modified = hdc_store_col_dup(a, rd, 8);
    h->valid    = sqlite3_column_int(rd, 9) != 0;
    /* Title: the reader's language, the other, then any. */
    const int tcol[3] = { english ? 3 : 2, english ? 2 : 3, 4 };
    for (int k = 0; k < 3 && !h->title; ++k) {
      const char *z = (const char *)sqlite3_column_text(rd, tcol[k]);
      if (z && *z)
        h->title = hdc_arena_strndup(a, z, strlen(z));
    }
    if (!h->title)
      h->title = hdc_arena_strndup(a, "", 0);
    h->snippet = hit_snippet(x, hl, rd, english);
    sqlite3_reset(rd);
    if (!h->iri || !h->source || !h->modified || !h->title || !h->snippet)
      return oom(err);
    res->n_hits++;
  }
  return HDC_OK;
}

/* ------------------------------------------------------------------------ */
/* The answer cache (see struct hdc_store_cache)                            */

#define N_RESULTS                                                              \
  (sizeof((hdc_store_cache *)0)->results /                                     \
   sizeof((hdc_store_cache *)0)->results[0])

/* Append a length-prefixed field, so that no two queries share a key. */
static void
key_field(hdc_buf *k, const char *z, size_t len)
{
  char num[24];
  snprintf(num, sizeof num, "%zu:", len);
  hdc_buf_puts(k, num);
  hdc_buf_append(k, z ? z : "", len);
}

/* Everything but the page that decides an answer: the translated
 * expressions (so queries that mean the same share an entry), the filters
 * in key order, sort, language and flags. */
static bool
result_key(search *x, hdc_buf *k)
{
  const hdc_store_query *q = x->q;
  char                   flags[8];
  snprintf(flags,
           sizeof flags,
           "%d%d%d",
           (int)q->sort,
           q->facets ? 1 : 0,
           q->include_invalid ? 1 : 0);
  hdc_buf_puts(k, flags);
  key_field(k, x->lang, strlen(x->lang));
  key_field(k, x->match.ptr, x->match.len);
  key_field(k, x->neg.ptr, x->neg.len);
  for (size_t i = 0; i < x->n_filters; ++i) {
    const char *v = x->filters[i]->value ? x->filters[i]->value : "";
    key_field(k, x->filters[i]->key, strlen(x->filters[i]->key));
    key_field(k, v, strlen(v));
  }
  return hdc_buf_status(k) == HDC_OK;
}

static struct hdc_cache_result *
result_find(hdc_store_cache *c, const hdc_buf *k)
{
  for (size_t i = 0; i < N_RESULTS; ++i) {
    struct hdc_cache_result *e = &c->results[i];
    if (e->key && e->key_len == k->len && !memcmp(e->key, k->ptr, k->len)) {
      e->used = ++c->tick;
      return e;
    }
  }
  return NULL;
}

static void
result_clear(struct hdc_cache_result *e)
{
  hdc_free(e->key);
  hdc_arena_free(e->arena);
  memset(e, 0, sizeof *e);
}

/* Attach the ranking just computed to @p e (best effort). */
static void
result_keep_ranking(struct hdc_cache_result *e, const search *x)
{
  if (e->has_ranked || !x->has_ranked)
    return;
  size_t    n  = x->n_ranked ? x->n_ranked : 1;
  uint32_t *rk = hdc_arena_alloc(e->arena, n * sizeof *rk);
  double   *sv = hdc_arena_alloc(e->arena, n * sizeof *sv);
  if (!rk || !sv)
    return;
  if (x->n_ranked) {
    memcpy(rk, x->ranked, x->n_ranked * sizeof *rk);
    memcpy(sv, x->scores, x->n_ranked * sizeof *sv);
  }
  e->ranked     = rk;
  e->scores     = sv;
  e->n_ranked   = x->n_ranked;
  e->has_ranked = true;
}

/* Keep the answer of a search that missed (best effort: without memory,
 * the next one computes it again). */
static void
result_store(hdc_store_cache *c, const hdc_buf *k, const search *x)
{
  size_t slot = 0;
  for (size_t i = 0; i < N_RESULTS; ++i) {
    if (!c->results[i].key) {
      slot = i;
      break;
    }
    if (c->results[i].used < c->results[slot].used)
      slot = i;
  }
  struct hdc_cache_result *e = &c->results[slot];
  result_clear(e);
  size_t bytes = (c->words ? c->words : 1) * 8;
  e->arena     = hdc_arena_new(0);
  e->key       = hdc_malloc(k->len ? k->len : 1);
  e->hits      = e->arena ? hdc_arena_alloc(e->arena, bytes) : NULL;
  if (!e->key || !e->hits)
    goto fail;
  memcpy(e->key, k->ptr, k->len);
  e->key_len = k->len;
  memcpy(e->hits, x->hits, bytes);
  e->total      = x->res->total;
  e->text_count = x->text_count;
  if (x->res->n_facets) {
    const hdc_store_results *r = x->res;
    e->facets = hdc_arena_alloc(e->arena, r->n_facets * sizeof *e->facets);
    if (!e->facets)
      goto fail;
    for (size_t i = 0; i < r->n_facets; ++i) {
      e->facets[i]        = r->facets[i];
      e->facets[i].values = hdc_arena_alloc(
        e->arena, r->facets[i].n_values * sizeof(*r->facets[i].values));
      if (!e->facets[i].values)
        goto fail;
      for (size_t j = 0; j < r->facets[i].n_values; ++j) {
        const hdc_store_facet_value *v = &r->facets[i].values[j];
        e->facets[i].values[j]         = (hdc_store_facet_value){
                  hdc_arena_strndup(e->arena, v->value, strlen(v->value)),
                  hdc_arena_strndup(e->arena, v->label, strlen(v->label)),
                  v->count
        };
        if (!e->facets[i].values[j].value || !e->facets[i].values[j].label)
          goto fail;
      }
    }
    e->n_facets = r->n_facets;
  }
  result_keep_ranking(e, x);
  e->used = ++c->tick;
  return;
fail:
  result_clear(e);
}

/* Fill @p x from cache entry @p e: total and facet counts (copied into
 * the results, which outlive the index), the matching set and the
 * ranking. */
static hdc_status
result_use(search *x, struct hdc_cache_result *e, hdc_error *err)
{
  hdc_store_results *r = x->res;
  hdc_arena         *a = r->arena;
  x->hits              = e->hits;
  x->text_count        = e->text_count;
  r->total             = e->total;
  if (e->has_ranked) {
    x->ranked     = e->ranked;
    x->scores     = e->scores;
    x->n_ranked   = e->n_ranked;
    x->has_ranked = true;
  }
  if (!e->n_facets)
    return HDC_OK;
  r->facets = hdc_arena_alloc(a, e->n_facets * sizeof *r->facets);
  if (!r->facets)
    return oom(err);
  for (size_t i = 0; i < e->n_facets; ++i) {
    const hdc_store_facet *f = &e->facets[i];
    hdc_store_facet_value *v = hdc_arena_alloc(a, f->n_values * sizeof *v);
    if (!v)
      return oom(err);
    for (size_t j = 0; j < f->n_values; ++j) {
      v[j].value =
        hdc_arena_strndup(a, f->values[j].value, strlen(f->values[j].value));
      v[j].label =
        hdc_arena_strndup(a, f->values[j].label, strlen(f->values[j].label));
      v[j].count = f->values[j].count;
      if (!v[j].value || !v[j].label)
        return oom(err);
    }
    r->facets[i] = (hdc_store_facet){ f->key, v, f->n_values };
  }
  r->n_facets = e->n_facets;
  return HDC_OK;
}

hdc_status
hdc_store_search(hdc_store             *s,
                 const hdc_store_query *q,
                 hdc_store_results    **out,
                 hdc_error             *err)
{
  hdc_status rc = HDC_OK;
  search     x;
  bool       in_tx = false;
  hdc_buf    key;
  hdc_buf_init(&key);
  memset(&x, 0, sizeof x);
  if (!s || !q || !out)
    return hdc_error_set(
      err, HDC_ERR_INVALID_ARG, NULL, 0, 0, "search: no store or query");
  *out         = NULL;
  uint64_t max = hdc_limits_get(&s->limits, HDC_LIMIT_QUERY_BYTES);
  if (q->text.len > max)
    return hdc_error_set(err,
                         HDC_ERR_LIMIT,
                         NULL,
                         0,
                         0,
                         "the query is %zu bytes long; at most %llu are"
                         " allowed (limit query_bytes)",
                         q->text.len,
                         (unsigned long long)max);
  if ((unsigned)q->sort > HDC_STORE_SORT_MODIFIED)
    return hdc_error_set(
      err, HDC_ERR_INVALID_ARG, NULL, 0, 0, "search: unknown sort order");
  /* A search inside a run sees the run's records, queued FTS rows too. */
  if ((rc = hdc_store_index_flush(s, err)))
    return rc;
  if (q->n_filters > MAX_FILTERS)
    return hdc_error_set(
      err, HDC_ERR_LIMIT, NULL, 0, 0, "at most %d facet filters", MAX_FILTERS);
  for (size_t i = 0; i < q->n_filters; ++i) {
    if (!q->filters[i].key ||
        hdc_store_facet_from_key(q->filters[i].key) == HDC_FACET__COUNT)
      return hdc_error_set(
        err,
        HDC_ERR_INVALID_ARG,
        NULL,
        0,
        0,
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
    rc = oom(err);
    goto done;
  }
  if ((rc = hdc_store_query_translate(
         q->text, q->prefix, &x.match, &x.neg, &x.n_pos, &x.n_neg))) {
    hdc_error_set(err, rc, NULL, 0, 0, "out of memory");
    goto done;
  }
  hdc_buf_append(&x.full, x.match.ptr ? x.match.ptr : "", x.match.len);
  if (x.n_pos && x.n_neg) {
    hdc_buf_puts(&x.full, " NOT (");
    hdc_buf_append(&x.full, x.neg.ptr, x.neg.len);
    hdc_buf_putc(&x.full, ')');
  } else if (x.n_neg) {
    hdc_buf_append(&x.full, x.neg.ptr, x.neg.len);
  }
  if (hdc_buf_status(&x.full)) {
    rc = oom(err);
    goto done;
  }
  x.res->fts_query =
    hdc_arena_strndup(x.res->arena, x.full.ptr ? x.full.ptr : "", x.full.len);
  if (!x.res->fts_query) {
    rc = oom(err);
    goto done;
  }
  /* One read transaction: the search index, total, facets and page
   * agree. */
  if (sqlite3_get_autocommit(s->db)) {
    if (sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
      rc = hdc_store_db_error(s->db, err, "search");
      goto done;
    }
    in_tx = true;
  }
  if (!(x.c = hdc_store_cache_get(s, err))) {
    rc = err && err->status ? err->status : HDC_ERR_DB;
    goto done;
  }
  bool keyed = result_key(&x, &key);
  if (keyed && (x.entry = result_find(x.c, &key))) {
    if ((rc = result_use(&x, x.entry, err)))
      goto done;
    if ((rc = page(&x, err)))
      goto done;
    result_keep_ranking(x.entry, &x);
  } else {
    size_t bytes = (x.c->words ? x.c->words : 1) * 8;
    x.text       = hdc_arena_alloc(x.res->arena, bytes);
    x.hits       = hdc_arena_alloc(x.res->arena, bytes);
    x.other      = hdc_arena_alloc(x.res->arena, bytes);
    if (!x.text || !x.hits || !x.other) {
      rc = oom(err);
      goto done;
    }
    memset(x.text, 0, bytes);
    memset(x.hits, 0, bytes);
    if ((rc = matching_set(&x, err)))
      goto done;
    if (q->facets && (rc = facet_counts(&x, err)))
      goto done;
    if ((rc = page(&x, err)))
      goto done;
    if (keyed)
      result_store(x.c, &key, &x);
  }
  *out  = x.res;
  x.res = NULL;
done:
  if (in_tx)
    sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
  hdc_store_results_free(x.res);
  hdc_buf_clear(&x.match);
  hdc_buf_clear(&x.neg);
  hdc_buf_clear(&x.full);
  hdc_buf_clear(&x.tier);
  hdc_buf_clear(&key);
  return rc;
}
