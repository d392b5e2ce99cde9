// SPDX-License-Identifier: EUPL-1.2
/*
 * Translating what people type into a search box into a safe FTS5
 * expression.
 *
 * The user syntax is small: words (all required), "phrases", a leading -
 * to exclude a word or phrase, and OR (upper case) between two terms. The
 * translation never passes user text through as FTS5 syntax: every term is
 * cut into words with the same folding as the indexer (hdc_store_words),
 * and each term is written as an FTS5 string of those words in double
 * quotes. Folded words hold only letters and digits, so no quote,
 * operator, bracket, column filter, star or NUL typed by the user survives
 * as syntax, and the result always parses.
 */
#include "store_internal.h"

#include <string.h>

typedef struct term
{
  size_t start, len; /* in the user's text */
  bool   quoted, negative, or_before;
} term;

typedef struct collect
{
  hdc_buf *out;
  size_t   n;
} collect;

static int
collect_word(void         *ctx,
             const char   *w,
             size_t        n,
             size_t        start,
             size_t        end,
             hdc_stem_lang lang)
{
  collect *c = ctx;
  (void)start;
  (void)end;
  (void)lang;
  if (c->n++)
    hdc_buf_putc(c->out, ' ');
  hdc_buf_append(c->out, w, n);
  return 0;
}

static void truncate_to(hdc_buf *b, size_t len);

/* Append term t as a quoted FTS5 string; returns the number of words
 * (0: nothing appended). */
static size_t
put_term(hdc_buf *out, const char *text, const term *t, bool prefix)
{
  size_t  mark = out->len;
  collect c    = { out, 0 };
  hdc_buf_putc(out, '"');
  hdc_store_words(text + t->start, t->len, collect_word, &c);
  if (!c.n) {
    truncate_to(out, mark);
    return 0;
  }
  hdc_buf_putc(out, '"');
  if (prefix)
    hdc_buf_putc(out, '*');
  return c.n;
}

/* Drop what was appended after the buffer held @p len bytes. */
static void
truncate_to(hdc_buf *b, size_t len)
{
  if (b->ptr && len <= b->len) {
    b->len      = len;
    b->ptr[len] = '\0';
  }
}

static bool
is_space(unsigned char c)
{
  /* Control bytes (NUL included) separate terms like spaces do. */
  return c <= ' ' || c == 0x7F;
}

hdc_status
hdc_store_query_translate(hdc_str  text,
                          bool     prefix,
                          hdc_buf *out,
                          hdc_buf *neg,
                          size_t  *n_positive,
                          size_t  *n_negative)
{
  const char *p     = text.ptr ? text.ptr : "";
  size_t      len   = text.ptr ? text.len : 0;
  size_t      n_pos = 0, n_neg = 0;
  bool        pending_or      = false;
  bool        open_group      = false;
  size_t      i               = 0;
  term        last_pos        = { 0, 0, false, false, false };
  size_t      last_mark       = 0;
  size_t      last_group_mark = 0;
  bool        have_last       = false;
  if (!out || !neg)
    return HDC_ERR_INVALID_ARG;
  while (i < len) {
    while (i < len && is_space((unsigned char)p[i]))
      ++i;
    if (i >= len)
      break;
    term t = { 0, 0, false, false, false };
    if (p[i] == '-' && i + 1 < len && !is_space((unsigned char)p[i + 1])) {
      t.negative = true;
      ++i;
    }
    if (p[i] == '"') {
      t.quoted = true;
      t.start  = ++i;
      while (i < len && p[i] != '"')
        ++i;
      t.len = i - t.start;
      if (i < len)
        ++i; /* the closing quote; an unbalanced one closes at the end */
    } else {
      t.start = i;
      while (i < len && !is_space((unsigned char)p[i]) && p[i] != '"')
        ++i;
      t.len = i - t.start;
    }
    if (!t.quoted && !t.negative && t.len == 2 &&
        !memcmp(p + t.start, "OR", 2)) {
      pending_or = n_pos > 0;
      continue;
    }
    if (t.negative) {
      if (n_neg)
        hdc_buf_puts(neg, " OR ");
      size_t mark = neg->len;
      if (put_term(neg, p, &t, false))
        ++n_neg;
      else if (n_neg)
        truncate_to(neg, mark - 4);
      pending_or = false;
      continue;
    }
    size_t mark = out->len;
    if (n_pos) {
      if (pending_or) {
        hdc_buf_puts(out, " OR ");
      } else {
        if (open_group)
          hdc_buf_putc(out, ')');
        hdc_buf_puts(out, " AND (");
        open_group = true;
      }
    } else {
      hdc_buf_putc(out, '(');
      open_group = true;
    }
    size_t term_mark = out->len;
    if (put_term(out, p, &t, false)) {
      ++n_pos;
      last_pos        = t;
      last_mark       = term_mark;
      last_group_mark = mark;
      have_last       = true;
    } else {
      truncate_to(out, mark);
      if (!n_pos)
        open_group = false;
    }
    pending_or = false;
  }
  /* Type-ahead: the last word, if bare and still being typed, also
   * matches as a prefix. */
  if (prefix && have_last && !last_pos.quoted && len &&
      !is_space((unsigned char)p[len - 1]) && p[len - 1] != '"' &&
      last_pos.start + last_pos.len == len) {
    truncate_to(out, last_mark);
    put_term(out, p, &last_pos, true);
    /* A prefix of one or two letters matches most of the catalogue and
     * makes FTS5 merge the doclists of hundreds of words (the index keeps
     * no prefix entries: see schemas/sql/0008_fts_prefix.sql). A letter
     * alone is left out until a second one comes (with the group it
     * opened); two letters are matched as a whole word (an acronym like
     * "IA") until a third one comes. */
    size_t n = out->len, k = n >= 2 ? n - 2 : 0;
    while (k > 0 && out->ptr[k - 1] != '"' && out->ptr[k - 1] != ' ')
      --k;
    if (n >= 3 && out->ptr[n - 1] == '*' && n - 2 - k == 2)
      truncate_to(out, n - 1);
    else if (n >= 3 && out->ptr[n - 1] == '*' && n - 2 - k < 2) {
      if (n_pos == 1) {
        truncate_to(out, 0);
        open_group = false;
      } else {
        truncate_to(out, last_group_mark);
      }
      --n_pos;
    }
  }
  if (open_group)
    hdc_buf_putc(out, ')');
  if (n_positive)
    *n_positive = n_pos;
  if (n_negative)
    *n_negative = n_neg;
  if (hdc_buf_status(out) || hdc_buf_status(neg))
    return HDC_ERR_NOMEM;
  return HDC_OK;
}
