// SPDX-License-Identifier: EUPL-1.2
/*
 * The world: a table of interned RDF terms, so that equal terms are one
 * pointer and every comparison elsewhere is `==`.
 *
 * Terms live in one arena and are never freed before the world. The table is
 * open addressing with linear probing over (term, hash) slots, so that most
 * probes that miss never touch a term. Literals are keyed on (lexical form,
 * datatype, language tag); the tag is stored lower-cased since tags compare
 * case-insensitively.
 *
 * Term hashes depend only on content (little-endian reads of the bytes), so
 * they are stable across runs, worlds and platforms: canonical blank-node
 * labels and content hashes are built from them.
 */
#include "graph_internal.h"

#include <stdio.h>
#include <string.h>

#define WORLD_MIN_CAP ((size_t)64)

/* Per-kind seeds so that an IRI and a blank node with the same text differ. */
#define SEED_IRI     UINT64_C(0x243f6a8885a308d3)
#define SEED_BLANK   UINT64_C(0x13198a2e03707344)
#define SEED_LITERAL UINT64_C(0xa4093822299f31d0)
#define SEED_LANG    UINT64_C(0x082efa98ec4e6c89)

#define MUL1 UINT64_C(0x9e3779b97f4a7c15)
#define MUL2 UINT64_C(0xbf58476d1ce4e5b9)
#define MUL3 UINT64_C(0x94d049bb133111eb)

/* Terms are bounded well below this by the input limits; the ids are 32-bit. */
#define WORLD_MAX_TERMS ((size_t)UINT32_MAX - 1)

static uint64_t
load_le64(const unsigned char *p)
{
  return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 |
         (uint64_t)p[3] << 24 | (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 |
         (uint64_t)p[6] << 48 | (uint64_t)p[7] << 56;
}

static uint64_t
rotl64(uint64_t x, unsigned r)
{
  return (x << r) | (x >> (64 - r));
}

/*
 * A word-at-a-time hash: each 8-byte word is scrambled and folded in with a
 * rotate-multiply step, then the state is finalised with the 64-bit mixer.
 * Much faster than byte-wise FNV on long IRIs, which dominate parse time.
 */
uint64_t
hdc_graph_hash_bytes(const void *ptr, size_t len, uint64_t seed)
{
  const unsigned char *p = ptr;
  uint64_t             h = seed ^ ((uint64_t)len * MUL1);
  while (len >= 8) {
    uint64_t w = load_le64(p) * MUL2;
    w ^= w >> 31;
    h ^= w;
    h = rotl64(h, 27) * MUL1 + MUL3;
    p += 8;
    len -= 8;
  }
  if (len) {
    uint64_t w = 0;
    for (size_t i = 0; i < len; i++) {
      w |= (uint64_t)p[i] << (8 * i);
    }
    w *= MUL2;
    w ^= w >> 31;
    h ^= w;
    h = rotl64(h, 27) * MUL1 + MUL3;
  }
  return hdc_graph_mix64(h);
}

static char
ascii_lower(char c)
{
  return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* Hash of a language tag as if lower-cased, without making a copy. */
static uint64_t
lang_hash(hdc_str lang)
{
  uint64_t h = SEED_LANG;
  for (size_t i = 0; i < lang.len; i++) {
    h = (h ^ (unsigned char)ascii_lower(lang.ptr[i])) * MUL1;
  }
  return hdc_graph_mix64(h);
}

static bool
lang_eq_lower(const hdc_term *t, hdc_str lang)
{
  if (t->lang_len != lang.len) {
    return false;
  }
  const char *stored = hdc_term_lang_ptr(t);
  for (size_t i = 0; i < lang.len; i++) {
    if (stored[i] != ascii_lower(lang.ptr[i])) {
      return false;
    }
  }
  return true;
}

static uint64_t
literal_hash(hdc_str lexical, const hdc_term *datatype, hdc_str lang)
{
  uint64_t h = hdc_graph_hash_bytes(lexical.ptr, lexical.len, SEED_LITERAL);
  h += hdc_graph_mix64(datatype->hash ^ MUL2);
  if (lang.len) {
    h += lang_hash(lang) * MUL3;
  }
  return hdc_graph_mix64(h);
}

/* The lookup key of a term being interned. */
typedef struct term_key {
  hdc_term_kind   kind;
  hdc_str         text;
  const hdc_term *datatype;
  hdc_str         lang;
  uint64_t        hash;
} term_key;

static bool
key_matches(const hdc_term *t, const term_key *k)
{
  if (t->hash != k->hash || t->kind != (uint8_t)k->kind ||
      t->len != k->text.len ||
      (k->text.len && memcmp(t->text, k->text.ptr, k->text.len) != 0)) {
    return false;
  }
  if (k->kind != HDC_TERM_LITERAL) {
    return true;
  }
  return t->datatype == k->datatype && lang_eq_lower(t, k->lang);
}

/* Slot holding the term for k, or the empty slot where it would go. */
static size_t
world_probe(const hdc_world *w, const term_key *k)
{
  size_t mask = w->cap - 1;
  size_t i    = (size_t)k->hash & mask;
  while (w->slots[i].term) {
    if (w->slots[i].hash == k->hash && key_matches(w->slots[i].term, k)) {
      return i;
    }
    i = (i + 1) & mask;
  }
  return i;
}

static hdc_status
world_grow(hdc_world *w)
{
  size_t          cap   = w->cap ? w->cap * 2 : WORLD_MIN_CAP;
  hdc_world_slot *slots = hdc_calloc(cap, sizeof *slots);
  if (!slots) {
    return HDC_ERR_NOMEM;
  }
  for (size_t j = 0; j < w->cap; j++) {
    if (w->slots[j].term) {
      size_t i = (size_t)w->slots[j].hash & (cap - 1);
      while (slots[i].term) {
        i = (i + 1) & (cap - 1);
      }
      slots[i] = w->slots[j];
    }
  }
  hdc_free(w->slots);
  w->slots = slots;
  w->cap   = cap;
  return HDC_OK;
}

/* Find or create the term for k; NULL on OOM or when a bound is exceeded. */
static const hdc_term *
world_intern(hdc_world *w, const term_key *k)
{
  const hdc_term *found = NULL;
  size_t i = world_probe(w, k);
  if (w->slots[i].term) {
    found = w->slots[i].term;
    goto done;
  }
  if (w->n >= WORLD_MAX_TERMS) {
    goto done;
  }
  /* Keep the load at or below 3/4: four slots share a cache line, so even
   * the longer runs of linear probing stay within one or two lines. */
  if ((w->n + 1) * 4 > w->cap * 3) {
    if (world_grow(w) != HDC_OK) {
      goto done;
    }
    i = world_probe(w, k);
  }
  size_t size = offsetof(hdc_term, text) + k->text.len + 1 +
                (k->lang.len ? k->lang.len + 1 : 0);
  hdc_term *t = hdc_arena_alloc(w->arena, size);
  if (!t) {
    goto done;
  }
  t->hash     = k->hash;
  t->datatype = k->datatype;
  t->len      = (uint32_t)k->text.len;
  t->id       = (uint32_t)w->n;
  t->lang_len = (uint32_t)k->lang.len;
  t->kind     = (uint8_t)k->kind;
  if (k->text.len) {
    memcpy(t->text, k->text.ptr, k->text.len);
  }
  t->text[k->text.len] = '\0';
  if (k->lang.len) {
    char *lang = t->text + k->text.len + 1;
    for (size_t j = 0; j < k->lang.len; j++) {
      lang[j] = ascii_lower(k->lang.ptr[j]);
    }
    lang[k->lang.len] = '\0';
  }
  w->slots[i].term = t;
  w->slots[i].hash = k->hash;
  w->n++;
  found = t;
done:
  return found;
}

hdc_world *
hdc_world_new(void)
{
  hdc_world *w = hdc_calloc(1, sizeof *w);
  if (!w) {
    return NULL;
  }
  w->arena = hdc_arena_new(0);
  if (!w->arena || world_grow(w) != HDC_OK) {
    hdc_world_free(w);
    return NULL;
  }
  return w;
}

void
hdc_world_free(hdc_world *w)
{
  if (!w) {
    return;
  }
  hdc_arena_free(w->arena);
  hdc_free(w->slots);
  hdc_free(w);
}

/* A view no term can be made of: NULL bytes, or too long for a term. */
static bool
bad_view(hdc_str v)
{
  return (v.len && !v.ptr) || v.len >= UINT32_MAX;
}

static term_key
simple_key(hdc_term_kind kind, hdc_str text, uint64_t seed)
{
  term_key k = {kind, text, NULL, HDC_STR_NULL, 0};
  k.hash     = hdc_graph_hash_bytes(text.ptr, text.len, seed);
  return k;
}

const hdc_term *
hdc_world_iri(hdc_world *w, hdc_str iri)
{
  if (!w || bad_view(iri)) {
    return NULL;
  }
  term_key k = simple_key(HDC_TERM_IRI, iri, SEED_IRI);
  return world_intern(w, &k);
}

const hdc_term *
hdc_world_blank(hdc_world *w, hdc_str label)
{
  if (!w || bad_view(label)) {
    return NULL;
  }
  term_key k = simple_key(HDC_TERM_BLANK, label, SEED_BLANK);
  return world_intern(w, &k);
}

const hdc_term *
hdc_world_blank_fresh(hdc_world *w)
{
  if (!w) {
    return NULL;
  }
  /* Labels "b<n>": a label already present (from a document, or an earlier
   * fresh node) is skipped, so the result is new to this world. */
  for (;;) {
    char label[32];
    int  len = snprintf(label, sizeof label, "b%lu", w->fresh++);
    if (len <= 0 || (size_t)len >= sizeof label) {
      return NULL;
    }
    term_key k = simple_key(HDC_TERM_BLANK, (hdc_str){label, (size_t)len},
                            SEED_BLANK);
    if (!w->slots[world_probe(w, &k)].term) {
      return world_intern(w, &k);
    }
  }
}

const hdc_term *
hdc_world_literal(hdc_world *w, hdc_str lexical, const hdc_term *datatype,
                  hdc_str lang)
{
  if (!w || bad_view(lexical) || bad_view(lang) ||
      (datatype && datatype->kind != HDC_TERM_IRI)) {
    return NULL;
  }
  if (lang.len) {
    if (!w->rdf_lang_string) {
      w->rdf_lang_string =
        hdc_world_iri(w, HDC_STR(HDC_NS_RDF "langString"));
    }
    datatype = w->rdf_lang_string;
  } else {
    if (!datatype) {
      if (!w->xsd_string) {
        w->xsd_string = hdc_world_iri(w, HDC_STR(HDC_NS_XSD "string"));
      }
      datatype = w->xsd_string;
    }
    lang = HDC_STR_NULL;
  }
  if (!datatype) {
    return NULL;
  }
  term_key k = {HDC_TERM_LITERAL, lexical, datatype, lang, 0};
  k.hash     = literal_hash(lexical, datatype, lang);
  return world_intern(w, &k);
}

const hdc_term *
hdc_world_find_iri(const hdc_world *w, hdc_str iri)
{
  if (!w || bad_view(iri)) {
    return NULL;
  }
  term_key k = simple_key(HDC_TERM_IRI, iri, SEED_IRI);
  return w->slots[world_probe(w, &k)].term;
}

size_t
hdc_world_size(const hdc_world *w)
{
  return w ? w->n : 0;
}

size_t
hdc_world_bytes(const hdc_world *w)
{
  if (!w) {
    return 0;
  }
  return sizeof *w + hdc_arena_bytes(w->arena) + w->cap * sizeof *w->slots;
}

/* ------------------------------------------------------------------------ */
/* Terms                                                                    */

hdc_term_kind
hdc_term_kind_of(const hdc_term *t)
{
  /* 0 is no kind at all: a NULL term is neither IRI, blank nor literal. */
  return t ? (hdc_term_kind)t->kind : (hdc_term_kind)0;
}

hdc_str
hdc_term_text(const hdc_term *t)
{
  if (!t) {
    return HDC_STR_NULL;
  }
  hdc_str s = {t->text, t->len};
  return s;
}

hdc_str
hdc_term_lang(const hdc_term *t)
{
  if (!t || !t->lang_len) {
    hdc_str empty = {"", 0};
    return empty;
  }
  hdc_str s = {hdc_term_lang_ptr(t), t->lang_len};
  return s;
}

const hdc_term *
hdc_term_datatype(const hdc_term *t)
{
  return t ? t->datatype : NULL;
}

uint64_t
hdc_term_hash(const hdc_term *t)
{
  return t ? t->hash : 0;
}

static int
bytes_compare(const char *a, size_t alen, const char *b, size_t blen)
{
  size_t n = alen < blen ? alen : blen;
  int    c = n ? memcmp(a, b, n) : 0;
  if (c != 0) {
    return c < 0 ? -1 : 1;
  }
  return alen < blen ? -1 : (alen > blen ? 1 : 0);
}

int
hdc_term_compare(const hdc_term *a, const hdc_term *b)
{
  if (a == b) {
    return 0;
  }
  /* NULL sorts first, so a caller's NULL never crashes a sort. */
  if (!a || !b) {
    return a ? 1 : -1;
  }
  if (a->kind != b->kind) {
    return a->kind < b->kind ? -1 : 1;
  }
  int c = bytes_compare(a->text, a->len, b->text, b->len);
  if (c != 0 || a->kind != HDC_TERM_LITERAL) {
    return c;
  }
  if (a->datatype != b->datatype) {
    c = hdc_term_compare(a->datatype, b->datatype);
    if (c != 0) {
      return c;
    }
  }
  return bytes_compare(hdc_term_lang_ptr(a), a->lang_len,
                       hdc_term_lang_ptr(b), b->lang_len);
}
