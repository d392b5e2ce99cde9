// SPDX-License-Identifier: EUPL-1.2
/*
 * Search snippets: an excerpt of a hit's description around the words that
 * matched, each matched word between '[' and ']'.
 *
 * FTS5's snippet() would run the whole query again for every hit and
 * re-read the record's indexed text: at 20 hits a page that was most of a
 * search's cost. The query's terms are known, so they are cut and stemmed
 * once per search (the tokenizer's own code: hdc_store_words and the same
 * Snowball stemmers), and each description is cut into words once and
 * compared with them, with FTS5's rules: a word matches a term when one of
 * the stems the index holds for it equals one of the term's stems, or,
 * for a prefix term, begins with one.
 *
 * The excerpt is the run of SNIPPET_WORDS words holding the most distinct
 * terms (then the most matches), the earliest on a tie, widened around
 * its matches when it is shorter than the text allows.
 */
#include "store_internal.h"

#include <string.h>

/* Words in an excerpt, and the most words of a text that are looked at. */
#define SNIPPET_WORDS 24
#define MAX_WORDS 4096
/* Terms of a query that are highlighted (a query has few). */
#define MAX_TERMS 64

typedef struct hl_term
{
  /* French stem, English stem, and for a prefix the word as typed. */
  char   tok[3][HDC_STORE_WORD_MAX + 1];
  size_t len[3];
  int    n_tok;
  bool   prefix;
  int    id; /* the quoted term it comes from (a phrase: one id) */
} hl_term;

struct hdc_store_highlight
{
  hdc_store_stemmer *st;
  hl_term           *terms;
  size_t             n_terms;
  int                n_ids;
  /* The first bytes of the terms' stems: Snowball only ever rewrites the
   * end of a word, so a word whose first byte is not here matches no term
   * and is not stemmed at all. */
  unsigned char first[256];
};

typedef struct collect_terms
{
  hdc_store_highlight *h;
  bool                 prefix;
  int                  id;
} collect_terms;

/* Query words are stemmed in both languages (the query has none), as the
 * tokenizer does with FTS5_TOKENIZE_QUERY. */
static int
on_query_word(void         *ctx,
              const char   *w,
              size_t        n,
              size_t        start,
              size_t        end,
              hdc_stem_lang lang)
{
  collect_terms       *c = ctx;
  hdc_store_highlight *h = c->h;
  (void)start;
  (void)end;
  (void)lang;
  if (h->n_terms >= MAX_TERMS || n == 0)
    return 1;
  hl_term *t = &h->terms[h->n_terms++];
  t->prefix  = c->prefix;
  t->id      = c->id;
  t->len[0]  = hdc_store_stem(h->st, w, n, t->tok[0], true);
  t->len[1]  = hdc_store_stem(h->st, w, n, t->tok[1], false);
  t->n_tok   = 2;
  if (t->len[1] == t->len[0] && !memcmp(t->tok[0], t->tok[1], t->len[0]))
    t->n_tok = 1;
  if (c->prefix) {
    size_t k = n > HDC_STORE_WORD_MAX ? HDC_STORE_WORD_MAX : n;
    memcpy(t->tok[t->n_tok], w, k);
    t->len[t->n_tok++] = k;
  }
  for (int k = 0; k < t->n_tok; ++k)
    h->first[t->len[k] ? (unsigned char)t->tok[k][0] : 0] = 1;
  return 0;
}

hdc_store_highlight *
hdc_store_highlight_new(hdc_arena         *a,
                        hdc_store_stemmer *st,
                        const char        *expr,
                        size_t             len)
{
  hdc_store_highlight *h = hdc_arena_alloc(a, sizeof *h);
  if (!h)
    return NULL;
  memset(h, 0, sizeof *h);
  h->st    = st;
  h->terms = hdc_arena_alloc(a, MAX_TERMS * sizeof *h->terms);
  if (!h->terms)
    return NULL;
  /* The expression holds quoted folded words, '*' after a prefix term,
   * and operators and brackets outside quotes. */
  for (size_t i = 0; i < len && st;) {
    if (expr[i] != '"') {
      ++i;
      continue;
    }
    size_t j = i + 1;
    while (j < len && expr[j] != '"')
      ++j;
    collect_terms c = { h, j + 1 < len && expr[j + 1] == '*', h->n_ids++ };
    hdc_store_words(expr + i + 1, j - i - 1, on_query_word, &c);
    i = j + 1;
  }
  return h;
}

typedef struct hl_word
{
  size_t start, end; /* bytes of the text */
  int    id;         /* the term it matches, -1 for none */
} hl_word;

typedef struct collect_words
{
  const hdc_store_highlight *h;
  hdc_stem_lang              lang;
  hl_word                   *words;
  size_t                     n;
  size_t                     n_hits;
} collect_words;

static bool
token_matches(const hl_term *t, const char *stem, size_t n)
{
  for (int k = 0; k < t->n_tok; ++k) {
    if (t->prefix ? n >= t->len[k] && !memcmp(stem, t->tok[k], t->len[k])
                  : n == t->len[k] && !memcmp(stem, t->tok[k], n))
      return true;
  }
  return false;
}

/* The stems the index holds for a word of a text in language lang: one in
 * a tagged language, both otherwise. */
static int
on_text_word(void         *ctx,
             const char   *w,
             size_t        n,
             size_t        start,
             size_t        end,
             hdc_stem_lang lang)
{
  collect_words *c = ctx;
  char           s[2][HDC_STORE_WORD_MAX + 1];
  size_t         sn[2];
  int            n_s = 0;
  (void)lang;
  if (c->n >= MAX_WORDS)
    return 1;
  hl_word *o = &c->words[c->n++];
  *o         = (hl_word){ start, end, -1 };
  if (!c->h->first[(unsigned char)w[0]] && !c->h->first[0])
    return 0;
  if (c->lang != HDC_STEM_EN)
    sn[n_s] = hdc_store_stem(c->h->st, w, n, s[n_s], true), n_s++;
  if (c->lang != HDC_STEM_FR)
    sn[n_s] = hdc_store_stem(c->h->st, w, n, s[n_s], false), n_s++;
  for (size_t t = 0; t < c->h->n_terms && o->id < 0; ++t) {
    for (int k = 0; k < n_s; ++k) {
      if (token_matches(&c->h->terms[t], s[k], sn[k])) {
        o->id = c->h->terms[t].id;
        c->n_hits++;
        break;
      }
    }
  }
  return 0;
}

/* Score of the window of words [from, to): distinct terms first. */
static size_t
window_score(const hl_word *w, size_t from, size_t to, unsigned char *seen,
             int n_ids)
{
  size_t distinct = 0, hits = 0;
  memset(seen, 0, (size_t)n_ids);
  for (size_t i = from; i < to; ++i) {
    if (w[i].id < 0)
      continue;
    hits++;
    if (!seen[w[i].id]) {
      seen[w[i].id] = 1;
      distinct++;
    }
  }
  return distinct * (MAX_WORDS + 1) + hits;
}

/* Append text[from, to) with newlines and runs of spaces made one space. */
static void
put_clean(hdc_buf *b, const char *z, size_t from, size_t to)
{
  for (size_t i = from; i < to; ++i) {
    char ch = z[i] == '\n' || z[i] == '\r' || z[i] == '\t' ? ' ' : z[i];
    if (ch == ' ' && (b->len == 0 || b->ptr[b->len - 1] == ' '))
      continue;
    hdc_buf_putc(b, ch);
  }
}

const char *
hdc_store_highlight_text(const hdc_store_highlight *h,
                         hdc_arena                 *a,
                         const char                *text,
                         hdc_stem_lang              lang,
                         bool                      *matched)
{
  size_t         len = text ? strlen(text) : 0;
  hl_word       *w   = NULL;
  unsigned char *seen;
  hdc_buf        b;
  const char    *out = NULL;
  *matched           = false;
  if (!h || !h->n_terms || !len)
    return NULL;
  *matched = true;
  w        = hdc_malloc(MAX_WORDS * sizeof *w);
  seen     = hdc_arena_alloc(a, (size_t)h->n_ids + 1);
  if (!w || !seen) {
    hdc_free(w);
    return NULL;
  }
  collect_words c = { h, lang, w, 0, 0 };
  if (hdc_store_words(text, len, on_text_word, &c) < 0) {
    hdc_free(w);
    return NULL;
  }
  if (!c.n_hits) {
    *matched = false;
    hdc_free(w);
    return NULL;
  }
  /* The best window, then centred on its first and last matches. */
  size_t span = c.n < SNIPPET_WORDS ? c.n : SNIPPET_WORDS;
  size_t best = 0, best_score = 0;
  /* A window that starts on a match is never worse than one starting
   * before it, except at the end of the text. */
  for (size_t k = 0; k < c.n; ++k) {
    if (w[k].id < 0)
      continue;
    size_t i  = k + span <= c.n ? k : c.n - span;
    size_t sc = window_score(w, i, i + span, seen, h->n_ids);
    if (sc > best_score) {
      best_score = sc;
      best       = i;
    }
  }
  size_t first = best, last = best + span - 1;
  while (first < last && w[first].id < 0)
    ++first;
  while (last > first && w[last].id < 0)
    --last;
  size_t slack = span - (last - first + 1);
  size_t from  = first > slack / 2 ? first - slack / 2 : 0;
  if (from + span > c.n)
    from = c.n - span;
  size_t to = from + span;
  hdc_buf_init(&b);
  if (from > 0)
    hdc_buf_puts(&b, "\xE2\x80\xA6 "); /* … */
  size_t at = w[from].start;
  for (size_t i = from; i < to; ++i) {
    put_clean(&b, text, at, w[i].start);
    if (w[i].id >= 0)
      hdc_buf_putc(&b, '[');
    put_clean(&b, text, w[i].start, w[i].end);
    if (w[i].id >= 0)
      hdc_buf_putc(&b, ']');
    at = w[i].end;
  }
  /* The sentence's last stop, when the text ends there. */
  if (to == c.n)
    put_clean(&b, text, at, len);
  while (b.len && b.ptr[b.len - 1] == ' ')
    b.len--;
  if (to < c.n)
    hdc_buf_puts(&b, " \xE2\x80\xA6");
  if (!hdc_buf_status(&b))
    out = hdc_arena_strndup(a, b.ptr ? b.ptr : "", b.len);
  hdc_buf_clear(&b);
  hdc_free(w);
  return out;
}
