// SPDX-License-Identifier: EUPL-1.2
/*
 * Validation reports: the result list, and its three renderings — the
 * sh:ValidationReport graph of SHACL §3.6 (for Turtle / N-Triples output
 * and the W3C conformance suite), JSON for programs, and SHACL path text
 * used by both the JSON and the people's report (text.c).
 */
#include "shacl_internal.h"

#include "hdcat/rdf.h"

#include <stdlib.h>
#include <string.h>

static const char *const component_names[HDC_SHACL_COMPONENT__COUNT] = {
  [HDC_SHACL_CLASS]               = "ClassConstraintComponent",
  [HDC_SHACL_DATATYPE]            = "DatatypeConstraintComponent",
  [HDC_SHACL_NODE_KIND]           = "NodeKindConstraintComponent",
  [HDC_SHACL_MIN_COUNT]           = "MinCountConstraintComponent",
  [HDC_SHACL_MAX_COUNT]           = "MaxCountConstraintComponent",
  [HDC_SHACL_MIN_EXCLUSIVE]       = "MinExclusiveConstraintComponent",
  [HDC_SHACL_MIN_INCLUSIVE]       = "MinInclusiveConstraintComponent",
  [HDC_SHACL_MAX_EXCLUSIVE]       = "MaxExclusiveConstraintComponent",
  [HDC_SHACL_MAX_INCLUSIVE]       = "MaxInclusiveConstraintComponent",
  [HDC_SHACL_MIN_LENGTH]          = "MinLengthConstraintComponent",
  [HDC_SHACL_MAX_LENGTH]          = "MaxLengthConstraintComponent",
  [HDC_SHACL_PATTERN]             = "PatternConstraintComponent",
  [HDC_SHACL_LANGUAGE_IN]         = "LanguageInConstraintComponent",
  [HDC_SHACL_UNIQUE_LANG]         = "UniqueLangConstraintComponent",
  [HDC_SHACL_EQUALS]              = "EqualsConstraintComponent",
  [HDC_SHACL_DISJOINT]            = "DisjointConstraintComponent",
  [HDC_SHACL_LESS_THAN]           = "LessThanConstraintComponent",
  [HDC_SHACL_LESS_THAN_OR_EQUALS] = "LessThanOrEqualsConstraintComponent",
  [HDC_SHACL_NOT]                 = "NotConstraintComponent",
  [HDC_SHACL_AND]                 = "AndConstraintComponent",
  [HDC_SHACL_OR]                  = "OrConstraintComponent",
  [HDC_SHACL_XONE]                = "XoneConstraintComponent",
  [HDC_SHACL_NODE]                = "NodeConstraintComponent",
  [HDC_SHACL_PROPERTY]            = "PropertyConstraintComponent",
  [HDC_SHACL_QUALIFIED_MIN_COUNT] = "QualifiedMinCountConstraintComponent",
  [HDC_SHACL_QUALIFIED_MAX_COUNT] = "QualifiedMaxCountConstraintComponent",
  [HDC_SHACL_CLOSED]              = "ClosedConstraintComponent",
  [HDC_SHACL_HAS_VALUE]           = "HasValueConstraintComponent",
  [HDC_SHACL_IN]                  = "InConstraintComponent",
  [HDC_SHACL_SPARQL]              = "SPARQLConstraintComponent",
};

const char *
hdc_shacl_component_name(hdc_shacl_component c)
{
  if ((unsigned)c >= HDC_SHACL_COMPONENT__COUNT)
    return "UnknownConstraintComponent";
  return component_names[c];
}

const hdc_term *
hdc_shacl_component_iri(hdc_world *w, hdc_shacl_component c)
{
  char        iri[128];
  const char *name = hdc_shacl_component_name(c);
  size_t      ns = sizeof HDC_NS_SH - 1, n = strlen(name);
  memcpy(iri, HDC_NS_SH, ns);
  memcpy(iri + ns, name, n);
  return hdc_world_iri(w, (hdc_str){ iri, ns + n });
}

/* ------------------------------------------------------------------------ */
/* The result list                                                          */

hdc_shacl_report *
hdc_shacl_report_new(void)
{
  hdc_shacl_report *r = hdc_calloc(1, sizeof *r);
  if (!r)
    return NULL;
  r->arena = hdc_arena_new(0);
  if (!r->arena) {
    hdc_free(r);
    return NULL;
  }
  return r;
}

void
hdc_shacl_report_free(hdc_shacl_report *r)
{
  if (!r)
    return;
  hdc_free(r->results);
  hdc_arena_free(r->arena);
  hdc_free(r);
}

bool
hdc_shacl_report_conforms(const hdc_shacl_report *r)
{
  return !r || r->n == 0;
}

size_t
hdc_shacl_report_count(const hdc_shacl_report *r)
{
  return r ? r->n : 0;
}

size_t
hdc_shacl_report_count_level(const hdc_shacl_report *r, hdc_shacl_level level)
{
  if (!r || (unsigned)level > HDC_SHACL_VIOLATION)
    return 0;
  return r->n_level[level];
}

const hdc_shacl_result *
hdc_shacl_report_get(const hdc_shacl_report *r, size_t i)
{
  if (!r || i >= r->n)
    return NULL;
  return &r->results[i];
}

bool
hdc_shacl_report_truncated(const hdc_shacl_report *r)
{
  return r && r->truncated;
}

/* A copy of note owned by the report, shared with earlier equal notes. */
static const char *
keep_note(hdc_shacl_report *r, const char *note)
{
  char *copy;
  for (unsigned k = 0; k < 16; k++)
    if (r->recent_notes[k] && strcmp(r->recent_notes[k], note) == 0)
      return r->recent_notes[k];
  copy = hdc_arena_strndup(r->arena, note, strlen(note));
  if (!copy)
    return NULL;
  r->recent_notes[r->next_note] = copy;
  r->next_note                  = (r->next_note + 1) % 16;
  return copy;
}

static hdc_status report_add(hdc_shacl_report       *r,
                             const hdc_shacl_result *res,
                             bool                    stable);

hdc_status
hdc_shacl_report_add(hdc_shacl_report *r, const hdc_shacl_result *res)
{
  return report_add(r, res, false);
}

hdc_status
hdc_shacl_report_add_stable(hdc_shacl_report *r, const hdc_shacl_result *res)
{
  return report_add(r, res, true);
}

static hdc_status
report_add(hdc_shacl_report *r, const hdc_shacl_result *res, bool stable)
{
  hdc_shacl_result *slot;
  if (!r || !res || !res->focus || !res->shape || !res->severity)
    return HDC_ERR_INVALID_ARG;
  if ((unsigned)res->level > HDC_SHACL_VIOLATION)
    return HDC_ERR_INVALID_ARG;
  if (r->n == r->cap) {
    size_t            n   = r->cap ? r->cap * 2 : 16;
    hdc_shacl_result *arr = hdc_realloc(r->results, n * sizeof *arr);
    if (!arr)
      return HDC_ERR_NOMEM;
    r->results = arr;
    r->cap     = n;
  }
  slot  = &r->results[r->n];
  *slot = *res;
  /* The report must not depend on the plan's lifetime: the message list
   * and the note are copied (the terms live in the world). */
  if (res->n_messages) {
    size_t k = ((uintptr_t)res->messages >> 4) % 64;
    if (stable && r->msg_cache[k].src == res->messages) {
      slot->messages = r->msg_cache[k].copy;
    } else {
      const hdc_term **m =
        hdc_arena_alloc(r->arena, res->n_messages * sizeof *m);
      if (!m)
        return HDC_ERR_NOMEM;
      memcpy(m, res->messages, res->n_messages * sizeof *m);
      slot->messages = m;
      /* Only lists that cannot change are shared (a plan's, for the
       * engine); a caller's list may be reused with other content. */
      r->msg_cache[k].src  = stable ? res->messages : NULL;
      r->msg_cache[k].copy = m;
    }
  } else {
    slot->messages = NULL;
  }
  if (res->note) {
    slot->note = keep_note(r, res->note);
    if (!slot->note)
      return HDC_ERR_NOMEM;
  }
  r->n++;
  r->n_level[res->level]++;
  return HDC_OK;
}

hdc_status
hdc_shacl_report_set_note(hdc_shacl_report *r, size_t i, const char *note)
{
  if (!r || i >= r->n)
    return HDC_ERR_INVALID_ARG;
  if (!note) {
    r->results[i].note = NULL;
    return HDC_OK;
  }
  r->results[i].note = keep_note(r, note);
  return r->results[i].note ? HDC_OK : HDC_ERR_NOMEM;
}

static int
cmp_terms(const hdc_term *a, const hdc_term *b)
{
  if (a == b)
    return 0;
  if (!a)
    return -1;
  if (!b)
    return 1;
  return hdc_term_compare(a, b);
}

static int
cmp_results(const void *pa, const void *pb)
{
  const hdc_shacl_result *a = pa, *b = pb;
  int                     c;
  if ((c = cmp_terms(a->focus, b->focus)))
    return c;
  if (a->level != b->level)
    return a->level > b->level ? -1 : 1;
  if ((c = cmp_terms(a->path, b->path)))
    return c;
  if (a->component != b->component)
    return a->component < b->component ? -1 : 1;
  if ((c = cmp_terms(a->value, b->value)))
    return c;
  return cmp_terms(a->shape, b->shape);
}

/*
 * Sorting. Comparing term texts for every pair of results made large
 * reports slow to sort (a hundred thousand datasets give millions of
 * results over a few hundred thousand distinct terms: most of the time went
 * to hdc_term_compare). So each distinct term is ranked once, in the order
 * hdc_term_compare gives, and the results are sorted by their ranks packed
 * into a 128-bit key, then put in place by following the permutation's
 * cycles (no second copy of the results). The order is the one
 * cmp_results() gives, ties keeping the order the results were added in;
 * cmp_results() itself is what is left when memory is short.
 */

/* Term -> rank, open addressing on the pointer. */
typedef struct rank_map
{
  const hdc_term **keys;
  uint32_t        *ranks;
  size_t           n, cap; /* cap a power of two, load at most 1/2 */
} rank_map;

static size_t
rank_slot(const rank_map *m, const hdc_term *t)
{
  uint64_t x = (uint64_t)(uintptr_t)t * 0x9E3779B97F4A7C15ull;
  size_t   i = (size_t)(x >> 17) & (m->cap - 1);
  while (m->keys[i] && m->keys[i] != t)
    i = (i + 1) & (m->cap - 1);
  return i;
}

static bool
rank_map_add(rank_map *m, const hdc_term *t)
{
  size_t i;
  if (!t)
    return true;
  i = rank_slot(m, t);
  if (m->keys[i])
    return true;
  if ((m->n + 1) * 2 > m->cap) {
    rank_map bigger = { NULL, NULL, m->n, m->cap * 2 };
    bigger.keys     = hdc_calloc(bigger.cap, sizeof *bigger.keys);
    if (!bigger.keys)
      return false;
    for (size_t k = 0; k < m->cap; k++)
      if (m->keys[k])
        bigger.keys[rank_slot(&bigger, m->keys[k])] = m->keys[k];
    hdc_free(m->keys);
    *m = bigger;
    i  = rank_slot(m, t);
  }
  m->keys[i] = t;
  m->n++;
  return true;
}

/* 0 for NULL (which sorts first), else 1 + the term's rank. */
static uint32_t
rank_of(const rank_map *m, const hdc_term *t)
{
  return t ? m->ranks[rank_slot(m, t)] : 0;
}

/* A record's report holds a few dozen distinct terms: qsort spent more in
 * its calls through a pointer than in comparing. */
HDC_DEFINE_PTR_SORT(sort_terms, hdc_term, hdc_term_compare)

/* Rank every term of the map in content order; terms that compare equal
 * (never two of one world, but the order must not depend on it) share a
 * rank. False on OOM. */
static bool
rank_map_rank(rank_map *m)
{
  const hdc_term **buf = hdc_malloc((m->n ? 2 * m->n : 1) * sizeof *buf);
  const hdc_term **sorted;
  size_t           n    = 0;
  uint32_t         rank = 0;
  m->ranks              = hdc_malloc(m->cap * sizeof *m->ranks);
  if (!buf || !m->ranks) {
    hdc_free(buf);
    return false;
  }
  for (size_t k = 0; k < m->cap; k++)
    if (m->keys[k])
      buf[n++] = m->keys[k];
  sorted = sort_terms(buf, buf + n, n);
  for (size_t k = 0; k < n; k++) {
    if (k == 0 || hdc_term_compare(sorted[k - 1], sorted[k]) != 0)
      rank++;
    m->ranks[rank_slot(m, sorted[k])] = rank;
  }
  hdc_free(buf);
  return true;
}

/* The fields of cmp_results(), most significant first, then the result's
 * position before the sort, as one 128-bit number: every key differs, and
 * ties in the fields keep the order the results were added in. */
typedef struct sort_key
{
  uint64_t hi, lo;
} sort_key;

/* Append a field of @p bits bits (1 to 63) to the key. */
static void
key_put(sort_key *k, unsigned bits, uint64_t v)
{
  k->hi = k->hi << bits | k->lo >> (64 - bits);
  k->lo = k->lo << bits | v;
}

static bool
key_less(const sort_key *a, const sort_key *b)
{
  return a->hi < b->hi || (a->hi == b->hi && a->lo < b->lo);
}

/* Bottom-up merge sort of n keys, @p tmp as large: comparisons inlined on
 * two integers, where qsort() would call a function and copy 16 bytes with
 * memcpy for every move. Returns the array that holds the sorted keys. */
static sort_key *
sort_keys(sort_key *keys, sort_key *tmp, size_t n)
{
  sort_key *from = keys, *to = tmp;
  for (size_t width = 1; width < n; width *= 2) {
    for (size_t lo = 0; lo < n; lo += 2 * width) {
      size_t mid = lo + width < n ? lo + width : n;
      size_t hi  = mid + width < n ? mid + width : n;
      size_t i = lo, j = mid, k = lo;
      while (i < mid && j < hi)
        to[k++] = key_less(&from[j], &from[i]) ? from[j++] : from[i++];
      while (i < mid)
        to[k++] = from[i++];
      while (j < hi)
        to[k++] = from[j++];
    }
    sort_key *swap = from;
    from           = to;
    to             = swap;
  }
  return from;
}

/* Bits needed for the numbers 0 to max. */
static unsigned
bits_for(uint64_t max)
{
  unsigned bits = 1;
  while (bits < 64 && (max >> bits) != 0)
    bits++;
  return bits;
}

/* Sort by ranks; false (nothing changed) when memory is short or the
 * fields do not fit the key. */
static bool
sort_by_ranks(hdc_shacl_report *r)
{
  rank_map  m    = { NULL, NULL, 0, 64 };
  sort_key *keys = NULL, *tmp = NULL, *sorted;
  bool      ok = false;
  unsigned  bits, ibits;

  /* Room for the four terms of every result at load 1/2 (up to 1024
   * slots; larger reports grow the map): a record's report of twenty
   * results clears 256 slots, not 1024. */
  while (m.cap < 1024 && m.cap < 8 * r->n)
    m.cap *= 2;
  m.keys = hdc_calloc(m.cap, sizeof *m.keys);
  if (!m.keys)
    goto done;
  for (size_t i = 0; i < r->n; i++) {
    const hdc_shacl_result *res = &r->results[i];
    /* Two bits of level and five of component below. */
    if ((unsigned)res->level > HDC_SHACL_VIOLATION ||
        (unsigned)res->component >= 32)
      goto done;
    if (!rank_map_add(&m, res->focus) || !rank_map_add(&m, res->path) ||
        !rank_map_add(&m, res->value) || !rank_map_add(&m, res->shape))
      goto done;
  }
  /* Four ranks (0 to the number of terms), seven bits of level and
   * component, and the position. */
  bits  = bits_for(m.n);
  ibits = bits_for(r->n - 1);
  if (4 * bits + 7 + ibits > 128 || ibits > 63 || !rank_map_rank(&m))
    goto done;
  /* The keys and the merge buffer in one block. */
  if (r->n > SIZE_MAX / (2 * sizeof *keys))
    goto done;
  keys = hdc_malloc(2 * r->n * sizeof *keys);
  if (!keys)
    goto done;
  tmp = keys + r->n;
  for (size_t i = 0; i < r->n; i++) {
    const hdc_shacl_result *res = &r->results[i];
    sort_key               *k   = &keys[i];
    k->hi = k->lo = 0;
    key_put(k, bits, rank_of(&m, res->focus));
    /* Violations first. */
    key_put(k, 2, (uint64_t)(HDC_SHACL_VIOLATION - res->level));
    key_put(k, bits, rank_of(&m, res->path));
    key_put(k, 5, (uint64_t)res->component);
    key_put(k, bits, rank_of(&m, res->value));
    key_put(k, bits, rank_of(&m, res->shape));
    key_put(k, ibits, i);
  }
  sorted = sort_keys(keys, tmp, r->n);
  /* From here on lo is where results[i] comes from: results[i] takes the
   * result at sorted[i].lo. Follow each cycle of the permutation once,
   * marking the positions done as they are filled. */
  for (size_t i = 0; i < r->n; i++)
    sorted[i].lo &= ((uint64_t)1 << ibits) - 1;
  for (size_t i = 0; i < r->n; i++) {
    size_t           j = i;
    hdc_shacl_result held;
    if (sorted[i].lo == i)
      continue;
    held = r->results[i];
    for (;;) {
      size_t from  = (size_t)sorted[j].lo;
      sorted[j].lo = j;
      if (from == i) {
        r->results[j] = held;
        break;
      }
      r->results[j] = r->results[from];
      j             = from;
    }
  }
  ok = true;
done:
  hdc_free(keys);
  hdc_free(m.keys);
  hdc_free(m.ranks);
  return ok;
}

void
hdc_shacl_report_sort(hdc_shacl_report *r)
{
  if (!r || r->n < 2)
    return;
  if (!sort_by_ranks(r))
    qsort(r->results, r->n, sizeof *r->results, cmp_results);
}

/* ------------------------------------------------------------------------ */
/* Paths as text and as graphs                                              */

/* A term in N-Triples syntax. The module writes its own (rather than
 * hdc_rdf_write_term_nt) so that reports never depend on the serialisers:
 * a report must be printable whatever else is broken. */
static hdc_status
term_nt(const hdc_term *t, hdc_buf *out)
{
  hdc_str s = hdc_term_text(t);
  /* Runs that need no escape are appended at once (reports are written
   * for every record an import stores). */
  size_t from = 0;
  if (hdc_term_is_iri(t)) {
    hdc_buf_putc(out, '<');
    for (size_t i = 0; i < s.len; i++) {
      unsigned char c = (unsigned char)s.ptr[i];
      if (c <= 0x20 || c == '<' || c == '>' || c == '"' || c == '{' ||
          c == '}' || c == '|' || c == '^' || c == '`' || c == '\\') {
        if (i > from)
          hdc_buf_append(out, s.ptr + from, i - from);
        from = i + 1;
        hdc_buf_printf(out, "\\u%04X", c);
      }
    }
    if (s.len > from)
      hdc_buf_append(out, s.ptr + from, s.len - from);
    hdc_buf_putc(out, '>');
  } else if (hdc_term_is_blank(t)) {
    hdc_buf_puts(out, "_:");
    hdc_buf_put_str(out, s);
  } else {
    const hdc_term *dt = hdc_term_datatype(t);
    hdc_buf_putc(out, '"');
    for (size_t i = 0; i < s.len; i++) {
      char        c   = s.ptr[i];
      const char *esc = c == '"'    ? "\\\""
                        : c == '\\' ? "\\\\"
                        : c == '\n'  ? "\\n"
                        : c == '\r'  ? "\\r"
                                     : NULL;
      if (!esc)
        continue;
      if (i > from)
        hdc_buf_append(out, s.ptr + from, i - from);
      from = i + 1;
      hdc_buf_puts(out, esc);
    }
    if (s.len > from)
      hdc_buf_append(out, s.ptr + from, s.len - from);
    hdc_buf_putc(out, '"');
    if (hdc_term_lang(t).len) {
      hdc_buf_putc(out, '@');
      hdc_buf_put_str(out, hdc_term_lang(t));
    } else if (dt && !hdc_str_eq_z(hdc_term_text(dt), HDC_NS_XSD "string")) {
      hdc_buf_puts(out, "^^");
      term_nt(dt, out);
    }
  }
  return hdc_buf_status(out);
}

#define PATH_MAX_DEPTH 64

static hdc_status
path_text(const hdc_graph       *g,
          const hdc_shacl_vocab *v,
          const hdc_term        *p,
          int                    depth,
          hdc_buf               *out)
{
  const hdc_term *o;
  if (depth > PATH_MAX_DEPTH)
    return HDC_ERR_SYNTAX;
  if (!hdc_term_is_blank(p) || !g)
    return term_nt(p, out);
  if (hdc_graph_object(g, p, v->rdf_first) ||
      (o = hdc_graph_object(g, p, v->sh_alternative_path))) {
    bool            seq = hdc_graph_object(g, p, v->rdf_first) != NULL;
    const hdc_term *cur =
      seq ? p : hdc_graph_object(g, p, v->sh_alternative_path);
    bool first = true;
    hdc_buf_putc(out, '(');
    for (int n = 0; cur && cur != v->rdf_nil && n < 1024; n++) {
      const hdc_term *item = hdc_graph_object(g, cur, v->rdf_first);
      hdc_status      st;
      if (!item)
        break;
      if (!first)
        hdc_buf_putc(out, seq ? '/' : '|');
      first = false;
      st    = path_text(g, v, item, depth + 1, out);
      if (st)
        return st;
      cur = hdc_graph_object(g, cur, v->rdf_rest);
    }
    hdc_buf_putc(out, ')');
    return hdc_buf_status(out);
  }
  if ((o = hdc_graph_object(g, p, v->sh_inverse_path))) {
    hdc_buf_putc(out, '^');
    return path_text(g, v, o, depth + 1, out);
  }
  {
    static const struct
    {
      size_t off;
      char   suffix;
    } unary[] = {
      { offsetof(hdc_shacl_vocab, sh_zero_or_more_path), '*' },
      { offsetof(hdc_shacl_vocab, sh_one_or_more_path), '+' },
      { offsetof(hdc_shacl_vocab, sh_zero_or_one_path), '?' },
    };
    for (size_t i = 0; i < 3; i++) {
      const hdc_term *pred =
        *(const hdc_term *const *)((const char *)v + unary[i].off);
      if ((o = hdc_graph_object(g, p, pred))) {
        hdc_status st = path_text(g, v, o, depth + 1, out);
        if (st)
          return st;
        return hdc_buf_putc(out, unary[i].suffix);
      }
    }
  }
  return term_nt(p, out);
}

hdc_status
hdc_shacl_path_write(const hdc_graph *shapes,
                     const hdc_term  *path,
                     hdc_buf         *out)
{
  hdc_shacl_vocab v;
  hdc_status      st;
  if (!path || !out)
    return HDC_ERR_INVALID_ARG;
  /* A predicate path (nearly every result's) needs no vocabulary: interning
   * it would cost seventy IRI lookups per result written. */
  if (!shapes || !hdc_term_is_blank(path))
    return term_nt(path, out);
  st = hdc_shacl_vocab_init(&v, hdc_graph_world(shapes));
  if (st)
    return st;
  return path_text(shapes, &v, path, 0, out);
}

/* Copy the path rooted at p from g into out as a tree of fresh blank nodes;
 * *copy is the new root. */
static hdc_status
path_copy(const hdc_graph       *g,
          const hdc_shacl_vocab *v,
          hdc_graph             *out,
          const hdc_term        *p,
          int                    depth,
          const hdc_term       **copy)
{
  hdc_world      *w = hdc_graph_world(out);
  const hdc_term *o, *node;
  hdc_status      st;

  if (depth > PATH_MAX_DEPTH)
    return HDC_ERR_SYNTAX;
  if (!hdc_term_is_blank(p) || !g) {
    *copy = p;
    return HDC_OK;
  }
  node = hdc_world_blank_fresh(w);
  if (!node)
    return HDC_ERR_NOMEM;
  *copy = node;
  {
    bool            seq = hdc_graph_object(g, p, v->rdf_first) != NULL;
    const hdc_term *list =
      seq ? p : hdc_graph_object(g, p, v->sh_alternative_path);
    if (list) {
      const hdc_term *cell = seq ? node : hdc_world_blank_fresh(w);
      if (!cell)
        return HDC_ERR_NOMEM;
      if (!seq) {
        st = hdc_graph_add(out, node, v->sh_alternative_path, cell);
        if (st > HDC_FAILURE)
          return st;
      }
      for (int n = 0; list && list != v->rdf_nil && n < 1024; n++) {
        const hdc_term *item = hdc_graph_object(g, list, v->rdf_first), *ic;
        const hdc_term *rest = hdc_graph_object(g, list, v->rdf_rest), *next;
        if (!item)
          break;
        st = path_copy(g, v, out, item, depth + 1, &ic);
        if (st)
          return st;
        st = hdc_graph_add(out, cell, v->rdf_first, ic);
        if (st > HDC_FAILURE)
          return st;
        if (!rest || rest == v->rdf_nil) {
          next = v->rdf_nil;
        } else {
          next = hdc_world_blank_fresh(w);
          if (!next)
            return HDC_ERR_NOMEM;
        }
        st = hdc_graph_add(out, cell, v->rdf_rest, next);
        if (st > HDC_FAILURE)
          return st;
        cell = next;
        list = rest;
      }
      return HDC_OK;
    }
  }
  {
    const hdc_term *preds[] = { v->sh_inverse_path,
                                v->sh_zero_or_more_path,
                                v->sh_one_or_more_path,
                                v->sh_zero_or_one_path };
    for (size_t i = 0; i < 4; i++) {
      if ((o = hdc_graph_object(g, p, preds[i]))) {
        const hdc_term *oc;
        st = path_copy(g, v, out, o, depth + 1, &oc);
        if (st)
          return st;
        st = hdc_graph_add(out, node, preds[i], oc);
        return st > HDC_FAILURE ? st : HDC_OK;
      }
    }
  }
  return HDC_OK;
}

hdc_status
hdc_shacl_report_to_graph(const hdc_shacl_report *r,
                          const hdc_graph        *shapes,
                          hdc_graph              *out,
                          hdc_error              *err)
{
  hdc_world      *w;
  hdc_shacl_vocab v;
  hdc_status      st;
  const hdc_term *report, *conforms, *t_report, *t_result, *p_conforms,
    *p_result, *p_focus, *p_path, *p_value, *p_shape, *p_comp, *p_sev, *p_msg,
    *xsd_boolean;

  if (!r || !out)
    return hdc_error_set(
      err, HDC_ERR_INVALID_ARG, NULL, 0, 0, "no report or no output graph");
  w = hdc_graph_world(out);
  if (shapes && hdc_graph_world(shapes) != w)
    return hdc_error_set(
      err,
      HDC_ERR_INVALID_ARG,
      NULL,
      0,
      0,
      "the shapes and the report graph do not share a world");
  st = hdc_shacl_vocab_init(&v, w);
  if (st)
    goto done;
  st = HDC_ERR_NOMEM;
#define IRI(lit) hdc_world_iri(w, HDC_STR(lit))
  t_report    = IRI(HDC_NS_SH "ValidationReport");
  t_result    = IRI(HDC_NS_SH "ValidationResult");
  p_conforms  = IRI(HDC_NS_SH "conforms");
  p_result    = IRI(HDC_NS_SH "result");
  p_focus     = IRI(HDC_NS_SH "focusNode");
  p_path      = IRI(HDC_NS_SH "resultPath");
  p_value     = IRI(HDC_NS_SH "value");
  p_shape     = IRI(HDC_NS_SH "sourceShape");
  p_comp      = IRI(HDC_NS_SH "sourceConstraintComponent");
  p_sev       = IRI(HDC_NS_SH "resultSeverity");
  p_msg       = IRI(HDC_NS_SH "resultMessage");
  xsd_boolean = IRI(HDC_NS_XSD "boolean");
#undef IRI
  if (!t_report || !t_result || !p_conforms || !p_result || !p_focus ||
      !p_path || !p_value || !p_shape || !p_comp || !p_sev || !p_msg ||
      !xsd_boolean)
    goto done;
  report   = hdc_world_blank_fresh(w);
  conforms = hdc_world_literal(
    w, r->n ? HDC_STR("false") : HDC_STR("true"), xsd_boolean, HDC_STR_NULL);
  if (!report || !conforms)
    goto done;

#define ADD(s, p, o)                                                           \
  do {                                                                         \
    st = hdc_graph_add(out, (s), (p), (o));                                    \
    if (st > HDC_FAILURE)                                                      \
      goto done;                                                               \
  } while (0)
  ADD(report, v.rdf_type, t_report);
  ADD(report, p_conforms, conforms);
  for (size_t i = 0; i < r->n; i++) {
    const hdc_shacl_result *res  = &r->results[i];
    const hdc_term         *node = hdc_world_blank_fresh(w);
    const hdc_term         *comp = hdc_shacl_component_iri(w, res->component);
    if (!node || !comp) {
      st = HDC_ERR_NOMEM;
      goto done;
    }
    ADD(report, p_result, node);
    ADD(node, v.rdf_type, t_result);
    ADD(node, p_focus, res->focus);
    if (res->path) {
      const hdc_term *pc;
      st = path_copy(shapes, &v, out, res->path, 0, &pc);
      if (st)
        goto done;
      ADD(node, p_path, pc);
    }
    if (res->value)
      ADD(node, p_value, res->value);
    ADD(node, p_shape, res->shape);
    ADD(node, p_comp, comp);
    ADD(node, p_sev, res->severity);
    for (size_t m = 0; m < res->n_messages; m++)
      ADD(node, p_msg, res->messages[m]);
  }
#undef ADD
  st = HDC_OK;
done:
  if (st == HDC_ERR_NOMEM)
    hdc_error_set(err, st, NULL, 0, 0, "out of memory writing the report");
  else if (st)
    hdc_error_set(err,
                  st,
                  NULL,
                  0,
                  0,
                  "cannot write the report graph: %s",
                  hdc_strerror(st));
  return st;
}

/* ------------------------------------------------------------------------ */
/* JSON                                                                     */

/* True if no byte of @p s is in the classes @p mask (hdc_byte_class). */
static bool
scan_clean(unsigned mask, hdc_str s)
{
  const unsigned char *p   = (const unsigned char *)s.ptr;
  unsigned             hit = 0;
  for (size_t i = 0; i < s.len; i++)
    hit |= hdc_byte_class[p[i]];
  return (hit & mask) == 0;
}

/* hdc_buf_append with the common case inline: the JSON report is built of
 * a few hundred short pieces per record, and an import writes one for
 * every record it stores. */
static inline void
put(hdc_buf *b, const char *p, size_t n)
{
  if (n < b->cap - b->len) { /* room for the bytes and the NUL */
    if (n)
      memcpy(b->ptr + b->len, p, n);
    b->len += n;
    b->ptr[b->len] = '\0';
  } else {
    hdc_buf_append(b, p, n);
  }
}

#define PUT_LIT(b, lit) put((b), (lit), sizeof(lit) - 1)

static void
put_z(hdc_buf *b, const char *z)
{
  put(b, z, strlen(z));
}

static void
json_string(hdc_buf *b, hdc_str s)
{
  /* Runs of characters that need no escape are appended at once: reports
   * are written for every record an import stores. */
  size_t from = 0;
  PUT_LIT(b, "\"");
  if (scan_clean(HDC_BYTE_JSON_ESC, s)) {
    put(b, s.ptr, s.len);
    PUT_LIT(b, "\"");
    return;
  }
  for (size_t i = 0; i < s.len; i++) {
    unsigned char c = (unsigned char)s.ptr[i];
    if (!(hdc_byte_class[c] & HDC_BYTE_JSON_ESC))
      continue;
    if (i > from)
      put(b, s.ptr + from, i - from);
    from = i + 1;
    switch (c) {
      case '"': PUT_LIT(b, "\\\""); break;
      case '\\': PUT_LIT(b, "\\\\"); break;
      case '\n': PUT_LIT(b, "\\n"); break;
      case '\r': PUT_LIT(b, "\\r"); break;
      case '\t': PUT_LIT(b, "\\t"); break;
      default: hdc_buf_printf(b, "\\u%04x", c);
    }
  }
  if (s.len > from)
    put(b, s.ptr + from, s.len - from);
  PUT_LIT(b, "\"");
}

/* The JSON string of term_nt(t) written straight into @p b when neither
 * escaping has anything to do, which is nearly always: IRIs and blank
 * labels of real records hold no quote, backslash or control character.
 * False (nothing written) otherwise. */
static bool
json_term_plain(hdc_buf *b, const hdc_term *t)
{
  hdc_str s = hdc_term_text(t);
  if (hdc_term_is_iri(t)) {
    if (!scan_clean(HDC_BYTE_IRI_BAD, s))
      return false;
    PUT_LIT(b, "\"<");
    put(b, s.ptr, s.len);
    PUT_LIT(b, ">\"");
    return true;
  }
  if (hdc_term_is_blank(t)) {
    if (!scan_clean(HDC_BYTE_JSON_ESC, s))
      return false;
    PUT_LIT(b, "\"_:");
    put(b, s.ptr, s.len);
    PUT_LIT(b, "\"");
    return true;
  }
  hdc_str         lang = hdc_term_lang(t);
  const hdc_term *dt   = hdc_term_datatype(t);
  bool            typed =
    !lang.len && dt && !hdc_str_eq_z(hdc_term_text(dt), HDC_NS_XSD "string");
  /* term_nt escapes only JSON_ESC bytes in a literal's text. */
  if (!scan_clean(HDC_BYTE_JSON_ESC, s) || !scan_clean(HDC_BYTE_JSON_ESC, lang) ||
      (typed && (!hdc_term_is_iri(dt) ||
                 !scan_clean(HDC_BYTE_IRI_BAD, hdc_term_text(dt)))))
    return false;
  PUT_LIT(b, "\"\\\"");
  put(b, s.ptr, s.len);
  PUT_LIT(b, "\\\"");
  if (lang.len) {
    PUT_LIT(b, "@");
    put(b, lang.ptr, lang.len);
  } else if (typed) {
    hdc_str d = hdc_term_text(dt);
    PUT_LIT(b, "^^<");
    put(b, d.ptr, d.len);
    PUT_LIT(b, ">");
  }
  PUT_LIT(b, "\"");
  return true;
}

static hdc_status
json_term(hdc_buf *b, const char *key, const hdc_term *t, hdc_buf *tmp)
{
  hdc_status st;
  if (!t)
    return HDC_OK;
  PUT_LIT(b, ", \"");
  put_z(b, key);
  PUT_LIT(b, "\": ");
  if (json_term_plain(b, t))
    return hdc_buf_status(b);
  hdc_buf_reset(tmp);
  st = term_nt(t, tmp);
  if (st)
    return st;
  json_string(b, hdc_buf_view(tmp));
  return hdc_buf_status(b);
}

hdc_status
hdc_shacl_report_write_json(const hdc_shacl_report *r,
                            const hdc_graph        *shapes,
                            hdc_sink_fn             sink,
                            void                   *ctx,
                            hdc_error              *err)
{
  hdc_buf    b = HDC_BUF_INIT, tmp = HDC_BUF_INIT;
  hdc_status st = HDC_OK;
  /* Into the caller's buffer at once when the sink would only copy there
   * (an import writes a report per record); cut back on failure so the
   * caller sees what a sink would have received. */
  bool       direct = sink == hdc_sink_buf && ctx;
  hdc_buf   *o      = direct ? (hdc_buf *)ctx : &b;
  size_t     start  = o->len;

  if (!r || !sink)
    return hdc_error_set(
      err, HDC_ERR_INVALID_ARG, NULL, 0, 0, "no report or no sink");
  hdc_buf_printf(o,
                 "{\"conforms\": %s, \"violations\": %zu, \"warnings\": %zu, "
                 "\"infos\": %zu, \"truncated\": %s, \"results\": [",
                 r->n ? "false" : "true",
                 r->n_level[HDC_SHACL_VIOLATION],
                 r->n_level[HDC_SHACL_WARNING],
                 r->n_level[HDC_SHACL_INFO],
                 r->truncated ? "true" : "false");
  /* A result takes about 300 bytes: one allocation, not a dozen. */
  hdc_buf_reserve(o, r->n < 200 ? 512 + r->n * 320 : 65536 + 4096);
  for (size_t i = 0; i < r->n; i++) {
    const hdc_shacl_result  *res      = &r->results[i];
    static const char *const levels[] = { "Info", "Warning", "Violation" };
    if (i)
      PUT_LIT(o, ",\n  {");
    else
      PUT_LIT(o, "\n  {");
    PUT_LIT(o, "\"severity\": \"");
    put_z(o, levels[res->level]);
    PUT_LIT(o, "\"");
    if ((st = json_term(o, "focusNode", res->focus, &tmp)))
      goto done;
    if (res->path) {
      hdc_buf_reset(&tmp);
      if ((st = hdc_shacl_path_write(shapes, res->path, &tmp)))
        goto done;
      PUT_LIT(o, ", \"resultPath\": ");
      json_string(o, hdc_buf_view(&tmp));
    }
    if ((st = json_term(o, "value", res->value, &tmp)))
      goto done;
    if ((st = json_term(o, "sourceShape", res->shape, &tmp)))
      goto done;
    PUT_LIT(o, ", \"sourceConstraintComponent\": \"sh:");
    put_z(o, hdc_shacl_component_name(res->component));
    PUT_LIT(o, "\"");
    if ((st = json_term(o, "resultSeverity", res->severity, &tmp)))
      goto done;
    if (res->n_messages) {
      PUT_LIT(o, ", \"messages\": [");
      for (size_t m = 0; m < res->n_messages; m++) {
        if (m)
          PUT_LIT(o, ", ");
        json_string(o, hdc_term_text(res->messages[m]));
      }
      PUT_LIT(o, "]");
    }
    if (res->note) {
      PUT_LIT(o, ", \"note\": ");
      json_string(o, hdc_str_from(res->note));
    }
    PUT_LIT(o, "}");
    /* Flush regularly so a large report never sits whole in memory twice. */
    if (!direct && o->len > 65536) {
      if ((st = hdc_buf_status(o)))
        goto done;
      if ((st = sink(ctx, o->ptr, o->len)))
        goto done;
      hdc_buf_reset(o);
    }
  }
  hdc_buf_puts(o, r->n ? "\n]}\n" : "]}\n");
  if ((st = hdc_buf_status(o)))
    goto done;
  if (!direct)
    st = sink(ctx, o->ptr, o->len);
done:
  if (st && direct && o->ptr && o->len > start) {
    o->len         = start;
    o->ptr[o->len] = '\0';
  }
  if (st)
    hdc_error_set(err,
                  st,
                  NULL,
                  0,
                  0,
                  "cannot write the JSON report: %s",
                  hdc_strerror(st));
  hdc_buf_clear(&b);
  hdc_buf_clear(&tmp);
  return st;
}
