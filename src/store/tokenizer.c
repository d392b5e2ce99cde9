// SPDX-License-Identifier: EUPL-1.2
/*
 * The 'hdcat' FTS5 tokenizer: splits UTF-8 text into words of letters and
 * digits, folds case and accents (so "Hôpitaux" and "hopitaux" meet), and
 * stems each word with Snowball (libstemmer) in the language of the literal
 * it comes from.
 *
 * FTS5 hands a tokenizer only text, so the indexer marks language runs in
 * the text itself: HDC_LANG_MARK, a tag, HDC_LANG_MARK ("\1fr\1"). A run
 * tagged fr* is stemmed in French, en* in English; an untagged run (or any
 * other language) gets both stems at the same position (FTS5 colocated
 * tokens), so it is found whichever language the query is read in.
 *
 * Queries carry no language: each query word is expanded to its French and
 * English stems as colocated synonyms, which FTS5 matches as alternatives.
 * A prefix query word (type-ahead) also keeps its unstemmed form, because a
 * typed prefix may be longer than the stem of the word it begins
 * ("donnee" for "données", stemmed "don").
 *
 * The same folding (hdc_store_words) is used to translate user queries, so
 * what the user typed and what was indexed are cut the same way.
 */
#include "store_internal.h"

#include <libstemmer.h>
#include <string.h>

/* Longest word kept, in folded bytes; longer words are cut (both at
 * indexing and at query time, so they still match each other). */
#define WORD_MAX HDC_STORE_WORD_MAX

/* Base letters of U+0100..U+017F (Latin Extended-A); 'I' stands for the
 * ligature "ij", 'O' for "oe". */
static const char latin_ext_a[129] =
  "aaaaaa" "cccccccc" "dddd" "eeeeeeeeee" "gggggggg" "hhhh" "iiiiiiiiii"
  "II" "jj" "kkk" "llllllllll" "nnnnnnnnn" "oooooo" "OO" "rrrrrr"
  "ssssssss" "tttttt" "uuuuuuuuuuuu" "ww" "yyy" "zzzzzz" "s";

/* Base letters of U+00C0..U+00FF; '.' is not a letter (× ÷), 'A' is "ae",
 * 'T' is "th", 'S' is "ss". */
static const char latin1[65] = "aaaaaaAceeeeiiiidnooooo.ouuuuyTS"
                               "aaaaaaAceeeeiiiidnooooo.ouuuuyTy";

/* Decode one UTF-8 sequence at p (n bytes left); invalid bytes decode as
 * themselves with length 1 (indexed text is checked UTF-8 already). */
static size_t
decode(const unsigned char *p, size_t n, uint32_t *cp)
{
  unsigned c = p[0];
  if (c < 0x80 || n < 2) {
    *cp = c;
    return 1;
  }
  if ((c & 0xE0) == 0xC0) {
    *cp = ((c & 0x1Fu) << 6) | (p[1] & 0x3Fu);
    return 2;
  }
  if ((c & 0xF0) == 0xE0 && n >= 3) {
    *cp = ((c & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
    return 3;
  }
  if ((c & 0xF8) == 0xF0 && n >= 4) {
    *cp = ((c & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12) |
          ((p[2] & 0x3Fu) << 6) | (p[3] & 0x3Fu);
    return 4;
  }
  *cp = c;
  return 1;
}

/* How code point cp reads in a word: writes its folded form to out (up to
 * 3 bytes) and returns the length; 0 for a separator; -1 for a mark that
 * belongs to the word but folds to nothing (combining accents). */
static int
fold_cp(uint32_t cp, const unsigned char *src, size_t srclen, char out[4])
{
  if (cp < 0x80) {
    if (cp >= 'A' && cp <= 'Z') {
      out[0] = (char)(cp - 'A' + 'a');
      return 1;
    }
    if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
      out[0] = (char)cp;
      return 1;
    }
    return 0;
  }
  if (cp < 0xC0)
    return 0; /* C1 controls, Latin-1 punctuation and symbols */
  if (cp <= 0xFF) {
    char c = latin1[cp - 0xC0];
    switch (c) {
    case '.': return 0;
    case 'A': memcpy(out, "ae", 2); return 2;
    case 'T': memcpy(out, "th", 2); return 2;
    case 'S': memcpy(out, "ss", 2); return 2;
    default: out[0] = c; return 1;
    }
  }
  if (cp <= 0x17F) {
    char c = latin_ext_a[cp - 0x100];
    if (c == 'I') {
      memcpy(out, "ij", 2);
      return 2;
    }
    if (c == 'O') {
      memcpy(out, "oe", 2);
      return 2;
    }
    out[0] = c;
    return 1;
  }
  if (cp >= 0x300 && cp <= 0x36F)
    return -1; /* combining diacritics: decomposed accents */
  if ((cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x3000 && cp <= 0x303F) ||
      cp == 0xFEFF || (cp >= 0xFF00 && cp <= 0xFF0F))
    return 0; /* punctuation and spaces */
  /* Any other letter (Greek, Cyrillic, ...) is kept as it is. */
  if (srclen > 4)
    return 0;
  memcpy(out, src, srclen);
  return (int)srclen;
}

bool
hdc_store_fold_append(hdc_buf *out, const char *ptr, size_t len)
{
  const unsigned char *p = (const unsigned char *)ptr;
  size_t               i = 0;
  while (i < len) {
    uint32_t cp;
    size_t   n = decode(p + i, len - i, &cp);
    char     f[4];
    int      k = fold_cp(cp, p + i, n, f);
    if (k > 0)
      hdc_buf_append(out, f, (size_t)k);
    else if (k == 0)
      hdc_buf_putc(out, ' ');
    i += n;
  }
  return hdc_buf_status(out) == HDC_OK;
}

static hdc_stem_lang
lang_of(const char *tag, size_t n)
{
  if (n >= 2 && (tag[0] == 'f' || tag[0] == 'F') &&
      (tag[1] == 'r' || tag[1] == 'R') && (n == 2 || tag[2] == '-'))
    return HDC_STEM_FR;
  if (n >= 2 && (tag[0] == 'e' || tag[0] == 'E') &&
      (tag[1] == 'n' || tag[1] == 'N') && (n == 2 || tag[2] == '-'))
    return HDC_STEM_EN;
  return HDC_STEM_NONE;
}

int
hdc_store_words(const char *text, size_t len, hdc_word_fn fn, void *ctx)
{
  const unsigned char *p     = (const unsigned char *)text;
  hdc_stem_lang        lang  = HDC_STEM_NONE;
  char                 word[WORD_MAX + 4];
  size_t               wlen  = 0;
  size_t               start = 0;
  bool                 in    = false;
  size_t               i     = 0;
  while (i <= len) {
    uint32_t cp = 0;
    size_t   n  = 1;
    int      k  = 0;
    char     f[4];
    if (i < len) {
      n = decode(p + i, len - i, &cp);
      if (cp == (unsigned char)HDC_LANG_MARK) {
        /* A language run: \1tag\1. An unterminated mark is a separator. */
        const char *end = memchr(text + i + 1, HDC_LANG_MARK, len - i - 1);
        if (end) {
          size_t tag_len = (size_t)(end - (text + i + 1));
          if (in) {
            int rc = fn(ctx, word, wlen, start, i, lang);
            if (rc)
              return rc;
            in = false;
          }
          lang = lang_of(text + i + 1, tag_len);
          i += tag_len + 2;
          continue;
        }
      }
      k = fold_cp(cp, p + i, n, f);
    }
    if (k != 0) {
      if (!in) {
        in    = true;
        wlen  = 0;
        start = i;
      }
      if (k > 0 && wlen + (size_t)k <= WORD_MAX) {
        memcpy(word + wlen, f, (size_t)k);
        wlen += (size_t)k;
      }
    } else if (in) {
      in = false;
      /* French elision: "l'hôpital", "d'assurance": the lone letter before
       * an apostrophe is not a word worth indexing. */
      bool elided = wlen == 1 && i < len &&
                    (cp == '\'' || cp == 0x2019);
      if (wlen && !elided) {
        int rc = fn(ctx, word, wlen, start, i, lang);
        if (rc)
          return rc;
      }
    }
    i += n;
  }
  return 0;
}

/* ------------------------------------------------------------------------ */
/* The FTS5 tokenizer                                                       */

/* Stems of recent words, per language: a catalogue repeats the same few
 * thousand words (titles, category labels, agency names) in every record,
 * and Snowball stemming was a good part of indexing them. Direct-mapped by
 * a hash of the word; words longer than STEM_CACHE_WORD bytes are stemmed
 * every time. */
#define STEM_CACHE_SLOTS 4096
#define STEM_CACHE_WORD 31

typedef struct stem_slot {
  unsigned char wn, sn; /* 0 wn: empty */
  char          word[STEM_CACHE_WORD];
  char          stem[STEM_CACHE_WORD];
} stem_slot;

/* The tokenizer is a pair of stemmers and their cache; the search's
 * highlighter uses one of its own (hdc_store_stemmer_new). */
typedef struct hdc_store_stemmer {
  struct sb_stemmer *fr;
  struct sb_stemmer *en;
  stem_slot          cache[2][STEM_CACHE_SLOTS];
} tokenizer;

typedef struct tok_ctx {
  tokenizer *t;
  void      *fts_ctx;
  int (*x_token)(void *, int, const char *, int, int, int);
  int        flags;
} tok_ctx;

static bool
has_digit(const char *w, size_t n)
{
  for (size_t i = 0; i < n; ++i) {
    if (w[i] >= '0' && w[i] <= '9')
      return true;
  }
  return false;
}

/* Stem w with st into out (NUL-terminated, at most WORD_MAX bytes);
 * returns its length, or the word unchanged when it should not be stemmed
 * or the stemmer fails. */
static size_t
stem(struct sb_stemmer *st, const char *w, size_t n, char *out,
     bool french)
{
  /* The French Snowball stemmer reads some singular nouns as verbs in -er
   * ("cancer" gives "canc") but not their plurals ("cancers" gives
   * "cancer"). Dropping a final plural s first makes singular and plural
   * meet; it is done the same way on both sides, so it cannot hide a
   * match. */
  if (french && n > 3 && w[n - 1] == 's' && w[n - 2] != 's')
    --n;
  if (st && n > 2 && !has_digit(w, n)) {
    const sb_symbol *s = sb_stemmer_stem(st, (const sb_symbol *)w, (int)n);
    int              k = sb_stemmer_length(st);
    if (s && k > 0 && (size_t)k <= WORD_MAX) {
      memcpy(out, s, (size_t)k);
      return (size_t)k;
    }
  }
  memcpy(out, w, n);
  return n;
}

/* stem() through the tokenizer's cache (@p french picks the language). */
static size_t
stem_cached(tokenizer *t, const char *w, size_t n, char *out, bool french)
{
  struct sb_stemmer *st = french ? t->fr : t->en;
  if (n == 0 || n > STEM_CACHE_WORD)
    return stem(st, w, n, out, french);
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; ++i)
    h = (h ^ (unsigned char)w[i]) * 16777619u;
  stem_slot *e = &t->cache[french][h & (STEM_CACHE_SLOTS - 1)];
  if (e->wn == n && !memcmp(e->word, w, n)) {
    memcpy(out, e->stem, e->sn);
    return e->sn;
  }
  size_t k = stem(st, w, n, out, french);
  if (k <= STEM_CACHE_WORD) {
    e->wn = (unsigned char)n;
    e->sn = (unsigned char)k;
    memcpy(e->word, w, n);
    memcpy(e->stem, out, k);
  }
  return k;
}

static int
on_word(void *vctx, const char *w, size_t n, size_t start, size_t end,
        hdc_stem_lang lang)
{
  tok_ctx *c = vctx;
  char     a[WORD_MAX + 1], b[WORD_MAX + 1];
  size_t   na = 0, nb = 0;
  bool     query = (c->flags & FTS5_TOKENIZE_QUERY) != 0;
  int      rc;
  if (!query && lang == HDC_STEM_FR)
    na = stem_cached(c->t, w, n, a, true);
  else if (!query && lang == HDC_STEM_EN)
    na = stem_cached(c->t, w, n, a, false);
  else {
    na = stem_cached(c->t, w, n, a, true);
    nb = stem_cached(c->t, w, n, b, false);
    if (nb == na && !memcmp(a, b, na))
      nb = 0;
  }
  rc = c->x_token(c->fts_ctx, 0, a, (int)na, (int)start, (int)end);
  if (rc == SQLITE_OK && nb)
    rc = c->x_token(c->fts_ctx, FTS5_TOKEN_COLOCATED, b, (int)nb, (int)start,
                    (int)end);
  if (rc == SQLITE_OK && query && (c->flags & FTS5_TOKENIZE_PREFIX) &&
      !(n == na && !memcmp(w, a, n)) && !(nb && n == nb && !memcmp(w, b, n)))
    rc = c->x_token(c->fts_ctx, FTS5_TOKEN_COLOCATED, w, (int)n, (int)start,
                    (int)end);
  return rc;
}

hdc_store_stemmer *
hdc_store_stemmer_new(void)
{
  tokenizer *t = hdc_calloc(1, sizeof *t);
  if (!t)
    return NULL;
  t->fr = sb_stemmer_new("french", "UTF_8");
  t->en = sb_stemmer_new("english", "UTF_8");
  if (!t->fr || !t->en) {
    hdc_store_stemmer_free(t);
    return NULL;
  }
  return t;
}

void
hdc_store_stemmer_free(hdc_store_stemmer *t)
{
  if (!t)
    return;
  sb_stemmer_delete(t->fr);
  sb_stemmer_delete(t->en);
  hdc_free(t);
}

size_t
hdc_store_stem(hdc_store_stemmer *t, const char *w, size_t n,
               char out[HDC_STORE_WORD_MAX + 1], bool french)
{
  return stem_cached(t, w, n > WORD_MAX ? WORD_MAX : n, out, french);
}

static int
tok_create(void *unused, const char **argv, int argc, Fts5Tokenizer **out)
{
  (void)unused;
  (void)argv;
  (void)argc;
  tokenizer *t = hdc_store_stemmer_new();
  if (!t)
    return SQLITE_ERROR;
  *out = (Fts5Tokenizer *)t;
  return SQLITE_OK;
}

static void
tok_delete(Fts5Tokenizer *p)
{
  hdc_store_stemmer_free((tokenizer *)p);
}

static int
tok_tokenize(Fts5Tokenizer *p, void *ctx, int flags, const char *text,
             int len,
             int (*x_token)(void *, int, const char *, int, int, int))
{
  tok_ctx c = {(tokenizer *)p, ctx, x_token, flags};
  if (len <= 0)
    return SQLITE_OK;
  int rc = hdc_store_words(text, (size_t)len, on_word, &c);
  return rc < 0 ? SQLITE_NOMEM : rc;
}

fts5_api *
hdc_store_fts5(sqlite3 *db)
{
  fts5_api     *api = NULL;
  sqlite3_stmt *st  = NULL;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK) {
    sqlite3_finalize(st);
    return NULL;
  }
  sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
  sqlite3_step(st);
  sqlite3_finalize(st);
  return api && api->iVersion >= 2 ? api : NULL;
}

hdc_status
hdc_store_tokenizer_register(sqlite3 *db, hdc_error *err)
{
  static fts5_tokenizer tok = {tok_create, tok_delete, tok_tokenize};
  fts5_api             *api = hdc_store_fts5(db);
  if (!api)
    return hdc_error_set(err, HDC_ERR_UNSUPPORTED, NULL, 0, 0,
                         "this SQLite has no FTS5, or too old a one: %s",
                         sqlite3_errmsg(db));
  if (api->xCreateTokenizer(api, "hdcat", NULL, &tok, NULL) != SQLITE_OK)
    return hdc_store_db_error(db, err, "registering the tokenizer");
  return HDC_OK;
}
