// SPDX-License-Identifier: EUPL-1.2
/*
 * What the catalogue indexes of a record: the text of each search field
 * (title, keywords, description, publisher, health category and theme
 * labels, coding systems), the display fields (titles and descriptions per
 * language, a folded title for sorting, the modification date) and the
 * facet values with their labels; and writing them into record_fts and the
 * facet side tables.
 *
 * Literal text goes into FTS5 prefixed with its language mark (see
 * tokenizer.c); control characters in data are replaced by spaces first,
 * so data can never forge a mark.
 */
#include "store_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
hdc_store_doc_init(hdc_store_doc *d)
{
  memset(d, 0, sizeof *d);
}

void
hdc_store_doc_clear(hdc_store_doc *d)
{
  if (!d)
    return;
  hdc_buf *all[] = {&d->title,    &d->keywords,  &d->description,
                    &d->publisher, &d->category, &d->coding,
                    &d->title_fr,  &d->title_en,  &d->title_any,
                    &d->desc_fr,   &d->desc_en,   &d->desc_any,
                    &d->title_sort, &d->modified, &d->facets};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; ++i)
    hdc_buf_clear(all[i]);
}

/* Predicates and classes the extraction reads, interned once per call. */
typedef struct preds {
  const hdc_term *title, *description, *keyword, *publisher, *hdab, *theme,
    *health_theme, *category, *access, *coding, *code_values, *distribution,
    *format, *media_type, *language, *min_age, *max_age, *n_records,
    *temporal, *start, *end, *modified, *issued, *name, *pref_label, *label,
    *skos_notation;
} preds;

static bool
preds_init(preds *p, hdc_world *w)
{
#define P(field, iri) (p->field = hdc_world_iri(w, HDC_STR(iri))) != NULL
  return P(title, HDC_NS_DCT "title") &&
         P(description, HDC_NS_DCT "description") &&
         P(keyword, HDC_NS_DCAT "keyword") &&
         P(publisher, HDC_NS_DCT "publisher") &&
         P(hdab, HDC_NS_HEALTH "hdab") && P(theme, HDC_NS_DCAT "theme") &&
         P(health_theme, HDC_NS_HEALTH "healthTheme") &&
         P(category, HDC_NS_HEALTH "healthCategory") &&
         P(access, HDC_NS_DCT "accessRights") &&
         P(coding, HDC_NS_HEALTH "hasCodingSystem") &&
         P(code_values, HDC_NS_HEALTH "hasCodeValues") &&
         P(distribution, HDC_NS_DCAT "distribution") &&
         P(format, HDC_NS_DCT "format") &&
         P(media_type, HDC_NS_DCAT "mediaType") &&
         P(language, HDC_NS_DCT "language") &&
         P(min_age, HDC_NS_HEALTH "minTypicalAge") &&
         P(max_age, HDC_NS_HEALTH "maxTypicalAge") &&
         P(n_records, HDC_NS_HEALTH "numberOfRecords") &&
         P(temporal, HDC_NS_DCT "temporal") &&
         P(start, HDC_NS_DCAT "startDate") && P(end, HDC_NS_DCAT "endDate") &&
         P(modified, HDC_NS_DCT "modified") &&
         P(issued, HDC_NS_DCT "issued") && P(name, HDC_NS_FOAF "name") &&
         P(pref_label, HDC_NS_SKOS "prefLabel") &&
         P(label, HDC_NS_RDFS "label") &&
         P(skos_notation, HDC_NS_SKOS "notation");
#undef P
}

/* Append literal text for FTS5: language mark, text with control bytes as
 * spaces, a separating newline. */
static void
put_text(hdc_buf *b, const hdc_term *lit)
{
  hdc_str text = hdc_term_text(lit);
  hdc_str lang = hdc_term_lang(lit);
  hdc_buf_putc(b, HDC_LANG_MARK);
  for (size_t i = 0; i < lang.len && i < 16; ++i) {
    char c = lang.ptr[i];
    hdc_buf_putc(b, (unsigned char)c < 0x20 ? '-' : c);
  }
  hdc_buf_putc(b, HDC_LANG_MARK);
  size_t from = 0;
  for (size_t i = 0; i < text.len; ++i) {
    if ((unsigned char)text.ptr[i] < 0x20) {
      hdc_buf_append(b, text.ptr + from, i - from);
      hdc_buf_putc(b, ' ');
      from = i + 1;
    }
  }
  hdc_buf_append(b, text.ptr + from, text.len - from);
  hdc_buf_putc(b, '\n');
}

/* The part of an IRI after its last '/' or '#'. */
static hdc_str
local_name(hdc_str iri)
{
  size_t i = iri.len;
  while (i > 0 && iri.ptr[i - 1] != '/' && iri.ptr[i - 1] != '#' &&
         iri.ptr[i - 1] != ':')
    --i;
  if (i == iri.len)
    return iri;
  return (hdc_str){iri.ptr + i, iri.len - i};
}

static void
put_facet(hdc_buf *f, const char *facet, hdc_str value, hdc_str lang,
          hdc_str label)
{
  hdc_buf_puts(f, facet);
  hdc_buf_putc(f, '\0');
  hdc_buf_put_str(f, value);
  hdc_buf_putc(f, '\0');
  hdc_buf_put_str(f, lang);
  hdc_buf_putc(f, '\0');
  hdc_buf_put_str(f, label);
  hdc_buf_putc(f, '\0');
}

/* Label literals of node n in graph g through predicate p (into text when
 * non-NULL and facets when facet is non-NULL); returns how many. */
static size_t
labels_from(const hdc_graph *g, const hdc_term *n, const hdc_term *p,
            hdc_buf *text, hdc_buf *facets, const char *facet, hdc_str value)
{
  size_t   k = 0;
  hdc_iter it;
  if (!g)
    return 0;
  hdc_graph_match(g, n, p, NULL, &it);
  for (const hdc_triple *t; (t = hdc_iter_next(&it));) {
    if (!hdc_term_is_literal(t->o))
      continue;
    if (text)
      put_text(text, t->o);
    if (facets)
      put_facet(facets, facet, value, hdc_term_lang(t->o),
                hdc_term_text(t->o));
    ++k;
  }
  return k;
}

/* Whether literal @p t is French, English or untagged: the languages the
 * catalogue is searched in. */
static bool
searched_lang(const hdc_term *t)
{
  hdc_str lang = hdc_term_lang(t);
  return !lang.len || hdc_str_eq_z(lang, "fr") || hdc_str_eq_z(lang, "en") ||
         hdc_str_has_prefix(lang, HDC_STR("fr-")) ||
         hdc_str_has_prefix(lang, HDC_STR("en-"));
}

/* Vocabulary labels of node n through predicate p. The EU vocabularies
 * label each concept in two dozen languages, which would more than double
 * what is indexed of a record and written as facet labels: the text gets
 * only the French, English and untagged labels (all of them if there are
 * none of those), and so do the facets when both French and English are
 * there (else every language, for the fallback label). Returns how many
 * labels the node has. */
static size_t
vocab_labels(const hdc_graph *g, const hdc_term *n, const hdc_term *p,
             hdc_buf *text, hdc_buf *facets, const char *facet, hdc_str value)
{
  size_t   k = 0, searched = 0;
  bool     fr = false, en = false;
  hdc_iter it;
  hdc_graph_match(g, n, p, NULL, &it);
  for (const hdc_triple *t; (t = hdc_iter_next(&it));) {
    if (!hdc_term_is_literal(t->o))
      continue;
    ++k;
    if (searched_lang(t->o))
      ++searched;
    hdc_str lang = hdc_term_lang(t->o);
    fr           = fr || hdc_str_eq_z(lang, "fr");
    en           = en || hdc_str_eq_z(lang, "en");
  }
  if (!k)
    return 0;
  hdc_graph_match(g, n, p, NULL, &it);
  for (const hdc_triple *t; (t = hdc_iter_next(&it));) {
    if (!hdc_term_is_literal(t->o))
      continue;
    bool keep = searched_lang(t->o);
    if (text && (keep || !searched))
      put_text(text, t->o);
    if (facets && (keep || !(fr && en)))
      put_facet(facets, facet, value, hdc_term_lang(t->o),
                hdc_term_text(t->o));
  }
  return k;
}

/* A node's labels (foaf:name, skos:prefLabel, rdfs:label, dct:title; from
 * the record, else the vocabularies), else its IRI's local name. */
static void
node_labels(const preds *p, const hdc_graph *rec, const hdc_graph *vocab,
            const hdc_term *n, hdc_buf *text, hdc_buf *facets,
            const char *facet, hdc_str value)
{
  const hdc_term *label_preds[] = {p->name, p->pref_label, p->label,
                                   p->title};
  for (int pass = 0; pass < 2; ++pass) {
    const hdc_graph *g = pass ? vocab : rec;
    for (size_t i = 0; g && i < 4; ++i) {
      if (pass ? vocab_labels(g, n, label_preds[i], text, facets, facet, value)
               : labels_from(g, n, label_preds[i], text, facets, facet, value))
        return;
    }
  }
  if (hdc_term_is_iri(n)) {
    hdc_str ln = local_name(hdc_term_text(n));
    if (text) {
      hdc_buf_puts(text, "\x01\x01");
      hdc_buf_put_str(text, ln);
      hdc_buf_putc(text, '\n');
    }
    if (facets)
      put_facet(facets, facet, value, HDC_STR(""), ln);
  }
}

/* One facet value per object of (subject, pred), with labels. */
static void
facet_objects(const preds *p, const hdc_graph *rec, const hdc_graph *vocab,
              const hdc_term *subject, const hdc_term *pred,
              const char *facet, hdc_buf *text, hdc_buf *facets)
{
  hdc_iter it;
  hdc_graph_match(rec, subject, pred, NULL, &it);
  for (const hdc_triple *t; (t = hdc_iter_next(&it));) {
    hdc_str value = hdc_term_text(t->o);
    if (hdc_term_is_blank(t->o)) {
      /* An agent without IRI is known by its name. */
      const hdc_term *nm = hdc_graph_object(rec, t->o, p->name);
      if (!nm)
        continue;
      value = hdc_term_text(nm);
    }
    if (hdc_term_is_literal(t->o)) {
      if (text)
        put_text(text, t->o);
      put_facet(facets, facet, value, HDC_STR(""), value);
      continue;
    }
    put_facet(facets, facet, value, HDC_STR(""), HDC_STR(""));
    node_labels(p, rec, vocab, t->o, text, facets, facet, value);
  }
}

/* A non-negative integer literal, or -1. */
static long long
int_of(const hdc_term *t)
{
  if (!hdc_term_is_literal(t))
    return -1;
  hdc_str s = hdc_term_text(t);
  if (!s.len || s.len > 18)
    return -1;
  long long v = 0;
  for (size_t i = 0; i < s.len; ++i) {
    if (s.ptr[i] < '0' || s.ptr[i] > '9')
      return -1;
    v = v * 10 + (s.ptr[i] - '0');
  }
  return v;
}

/* The year of an xsd:date / dateTime / gYear literal, or -1. */
static int
year_of(const hdc_term *t)
{
  if (!hdc_term_is_literal(t))
    return -1;
  hdc_str s = hdc_term_text(t);
  if (s.len < 4)
    return -1;
  int y = 0;
  for (int i = 0; i < 4; ++i) {
    if (s.ptr[i] < '0' || s.ptr[i] > '9')
      return -1;
    y = y * 10 + (s.ptr[i] - '0');
  }
  return y;
}

static void
put_range_facets(const preds *p, const hdc_graph *rec, const hdc_term *ds,
                 hdc_buf *f)
{
  /* Age: the buckets the typical age range overlaps. */
  long long lo = int_of(hdc_graph_object(rec, ds, p->min_age));
  long long hi = int_of(hdc_graph_object(rec, ds, p->max_age));
  if (lo >= 0 || hi >= 0) {
    if (lo < 0)
      lo = 0;
    if (hi < 0)
      hi = 200;
    static const struct {
      const char *v, *fr, *en;
      long long   lo, hi;
    } ages[] = {{"0-17", "0 à 17 ans", "0 to 17 years", 0, 17},
                {"18-64", "18 à 64 ans", "18 to 64 years", 18, 64},
                {"65+", "65 ans et plus", "65 years and over", 65, 1000}};
    for (size_t i = 0; i < 3; ++i) {
      if (lo <= ages[i].hi && hi >= ages[i].lo) {
        put_facet(f, "age_range", hdc_str_from(ages[i].v), HDC_STR("fr"),
                  hdc_str_from(ages[i].fr));
        put_facet(f, "age_range", hdc_str_from(ages[i].v), HDC_STR("en"),
                  hdc_str_from(ages[i].en));
      }
    }
  }
  /* Number of records: orders of magnitude. */
  long long n = int_of(hdc_graph_object(rec, ds, p->n_records));
  if (n >= 0) {
    static const struct {
      const char *v, *fr, *en;
      long long   below;
    } sizes[] = {
      {"lt1k", "moins de 1 000", "under 1,000", 1000},
      {"1k-100k", "1 000 à 100 000", "1,000 to 100,000", 100000},
      {"100k-1M", "100 000 à 1 million", "100,000 to 1 million", 1000000},
      {"1M-10M", "1 à 10 millions", "1 to 10 million", 10000000},
      {"ge10M", "10 millions et plus", "10 million and more", -1}};
    for (size_t i = 0; i < 5; ++i) {
      if (sizes[i].below < 0 || n < sizes[i].below) {
        put_facet(f, "records", hdc_str_from(sizes[i].v), HDC_STR("fr"),
                  hdc_str_from(sizes[i].fr));
        put_facet(f, "records", hdc_str_from(sizes[i].v), HDC_STR("en"),
                  hdc_str_from(sizes[i].en));
        break;
      }
    }
  }
  /* Period: the decades the temporal coverage overlaps (at most 30). */
  hdc_iter it;
  hdc_graph_match(rec, ds, p->temporal, NULL, &it);
  for (const hdc_triple *t; (t = hdc_iter_next(&it));) {
    int y0 = year_of(hdc_graph_object(rec, t->o, p->start));
    int y1 = year_of(hdc_graph_object(rec, t->o, p->end));
    if (y0 < 0 && y1 < 0)
      continue;
    if (y0 < 0)
      y0 = y1;
    if (y1 < 0 || y1 < y0)
      y1 = y0;
    if (y1 - y0 > 300)
      y0 = y1 - 300;
    for (int d = y0 / 10 * 10; d <= y1; d += 10) {
      char v[16], label[32];
      snprintf(v, sizeof v, "%ds", d);
      snprintf(label, sizeof label, "%d-%d", d, d + 9);
      put_facet(f, "period", hdc_str_from(v), HDC_STR(""),
                hdc_str_from(label));
    }
  }
}

/* Display fields: first literal per language. */
static void
display(const hdc_graph *rec, const hdc_term *ds, const hdc_term *pred,
        hdc_buf *fr, hdc_buf *en, hdc_buf *any)
{
  hdc_iter it;
  hdc_graph_match(rec, ds, pred, NULL, &it);
  for (const hdc_triple *t; (t = hdc_iter_next(&it));) {
    if (!hdc_term_is_literal(t->o))
      continue;
    hdc_str lang = hdc_term_lang(t->o);
    hdc_buf *b   = any;
    if (hdc_str_eq_z(lang, "fr") || hdc_str_has_prefix(lang, HDC_STR("fr-")))
      b = fr;
    else if (hdc_str_eq_z(lang, "en") ||
             hdc_str_has_prefix(lang, HDC_STR("en-")))
      b = en;
    if (!b->len)
      hdc_buf_put_str(b, hdc_term_text(t->o));
    if (!any->len)
      hdc_buf_put_str(any, hdc_term_text(t->o));
  }
}

hdc_status
hdc_store_doc_build(hdc_store_doc *d, const hdc_graph *rec,
                    const hdc_term *ds, const hdc_graph *vocab)
{
  preds p;
  if (!preds_init(&p, hdc_graph_world(rec)))
    return HDC_ERR_NOMEM;
  labels_from(rec, ds, p.title, &d->title, NULL, NULL, HDC_STR_NULL);
  labels_from(rec, ds, p.keyword, &d->keywords, NULL, NULL, HDC_STR_NULL);
  labels_from(rec, ds, p.description, &d->description, NULL, NULL,
              HDC_STR_NULL);
  display(rec, ds, p.title, &d->title_fr, &d->title_en, &d->title_any);
  display(rec, ds, p.description, &d->desc_fr, &d->desc_en, &d->desc_any);
  /* Sort key: the French title (the catalogue's first language), folded. */
  hdc_buf *t = d->title_fr.len ? &d->title_fr : &d->title_any;
  if (t->len)
    hdc_store_fold_append(&d->title_sort, t->ptr, t->len);
  const hdc_term *m = hdc_graph_object(rec, ds, p.modified);
  if (!hdc_term_is_literal(m))
    m = hdc_graph_object(rec, ds, p.issued);
  if (hdc_term_is_literal(m))
    hdc_buf_put_str(&d->modified, hdc_term_text(m));

  hdc_buf *f = &d->facets;
  facet_objects(&p, rec, vocab, ds, p.category, "health_category",
                &d->category, f);
  facet_objects(&p, rec, vocab, ds, p.theme, "theme", &d->category, f);
  facet_objects(&p, rec, vocab, ds, p.health_theme, "theme", &d->category,
                f);
  facet_objects(&p, rec, vocab, ds, p.publisher, "publisher", &d->publisher,
                f);
  facet_objects(&p, rec, vocab, ds, p.hdab, "hdab", &d->publisher, f);
  facet_objects(&p, rec, vocab, ds, p.access, "access_rights", NULL, f);
  facet_objects(&p, rec, vocab, ds, p.coding, "coding_system", &d->coding,
                f);
  labels_from(rec, ds, p.code_values, &d->coding, NULL, NULL, HDC_STR_NULL);
  facet_objects(&p, rec, vocab, ds, p.language, "language", NULL, f);
  hdc_iter it;
  hdc_graph_match(rec, ds, p.distribution, NULL, &it);
  for (const hdc_triple *dt; (dt = hdc_iter_next(&it));) {
    facet_objects(&p, rec, vocab, dt->o, p.format, "format", NULL, f);
    facet_objects(&p, rec, vocab, dt->o, p.media_type, "format", NULL, f);
  }
  put_range_facets(&p, rec, ds, f);

  hdc_buf *all[] = {&d->title,    &d->keywords,  &d->description,
                    &d->publisher, &d->category, &d->coding,
                    &d->title_fr,  &d->title_en,  &d->title_any,
                    &d->desc_fr,   &d->desc_en,   &d->desc_any,
                    &d->title_sort, &d->modified, &d->facets};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; ++i) {
    if (hdc_buf_status(all[i]))
      return HDC_ERR_NOMEM;
  }
  return HDC_OK;
}

/* ------------------------------------------------------------------------ */
/* Writing the index                                                        */

/* Column count of record_fts. */
#define FTS_COLUMNS 6
/* Queued FTS rows are inserted when this many are waiting, or this many
 * bytes: big enough for few, large segments (each batch becomes at least
 * one, and FTS5 merges them again and again as they pile up: 1,000 rows
 * cost 3 % more of a 100,000-record import), small enough to stay tens of
 * megabytes of memory (a record's text is about 2 kB). */
#define FTS_BATCH_ROWS 10000
#define FTS_BATCH_BYTES (32u << 20)

static bool
get_u64(const char **p, const char *end, uint64_t *v)
{
  if ((size_t)(end - *p) < sizeof *v)
    return false;
  memcpy(v, *p, sizeof *v);
  *p += sizeof *v;
  return true;
}

hdc_status
hdc_store_index_flush(hdc_store *s, hdc_error *err)
{
  hdc_status  st  = HDC_OK;
  const char *p   = s->fts_pending.ptr;
  const char *end = p ? p + s->fts_pending.len : NULL;
  if (!s->fts_pending_n)
    return HDC_OK;
  sqlite3_stmt *q = hdc_store_stmt(
    s, STMT_FTS_INSERT,
    "INSERT INTO record_fts(rowid, title, keywords, description, publisher,"
    " category, coding) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    err);
  if (!q) {
    st = HDC_ERR_DB;
    goto done;
  }
  while (p < end) {
    uint64_t id;
    if (!get_u64(&p, end, &id))
      break;
    sqlite3_bind_int64(q, 1, (sqlite3_int64)id);
    for (int c = 0; c < FTS_COLUMNS; ++c) {
      uint64_t len = 0;
      if (!get_u64(&p, end, &len) || len > (uint64_t)(end - p))
        len = 0;
      sqlite3_bind_text(q, 2 + c, p, (int)len, SQLITE_STATIC);
      p += len;
    }
    int rc = sqlite3_step(q);
    sqlite3_reset(q);
    if (rc != SQLITE_DONE) {
      st = hdc_store_db_error(s->db, err, "indexing a record");
      goto done;
    }
  }
  sqlite3_clear_bindings(q);
done:
  hdc_buf_reset(&s->fts_pending);
  s->fts_pending_n = 0;
  return st;
}

void
hdc_store_index_reset(hdc_store *s)
{
  if (!s)
    return;
  hdc_buf_clear(&s->fts_pending);
  s->fts_pending_n = 0;
  hdc_free(s->labels_seen);
  s->labels_seen     = NULL;
  s->labels_seen_n   = 0;
  s->labels_seen_cap = 0;
}

/* Whether the run already wrote this label; if not, remember it. Memory
 * short: "not seen", so the label is written again (harmless). */
static bool
label_seen(hdc_store *s, const char *facet, const char *value,
           const char *lang, const char *label)
{
  uint64_t h = hdc_hash64(facet, strlen(facet), 1);
  h          = hdc_hash64(value, strlen(value), h);
  h          = hdc_hash64(lang, strlen(lang), h);
  h          = hdc_hash64(label, strlen(label), h);
  if (!h)
    h = 1;
  if ((s->labels_seen_n + 1) * 2 > s->labels_seen_cap) {
    size_t    ncap = s->labels_seen_cap ? s->labels_seen_cap * 2 : 1024;
    uint64_t *n    = hdc_calloc(ncap, sizeof *n);
    if (!n)
      return false;
    for (size_t i = 0; i < s->labels_seen_cap; ++i) {
      uint64_t v = s->labels_seen[i];
      if (!v)
        continue;
      size_t j = (size_t)v & (ncap - 1);
      while (n[j])
        j = (j + 1) & (ncap - 1);
      n[j] = v;
    }
    hdc_free(s->labels_seen);
    s->labels_seen     = n;
    s->labels_seen_cap = ncap;
  }
  size_t j = (size_t)h & (s->labels_seen_cap - 1);
  for (; s->labels_seen[j]; j = (j + 1) & (s->labels_seen_cap - 1))
    if (s->labels_seen[j] == h)
      return true;
  s->labels_seen[j] = h;
  s->labels_seen_n++;
  return false;
}

hdc_status
hdc_store_index_remove(hdc_store *s, int64_t id, hdc_error *err)
{
  /* The row to delete may still be queued. */
  hdc_status rc = hdc_store_index_flush(s, err);
  if (rc)
    return rc;
  sqlite3_stmt *st = hdc_store_stmt(
    s, STMT_FTS_DELETE, "DELETE FROM record_fts WHERE rowid = ?1", err);
  if (!st)
    return HDC_ERR_DB;
  sqlite3_bind_int64(st, 1, id);
  if (sqlite3_step(st) != SQLITE_DONE)
    return hdc_store_db_error(s->db, err, "removing from the index");
  st = hdc_store_stmt(s, STMT_FACET_DELETE,
                      "DELETE FROM record_facet WHERE record_id = ?1", err);
  if (!st)
    return HDC_ERR_DB;
  sqlite3_bind_int64(st, 1, id);
  if (sqlite3_step(st) != SQLITE_DONE)
    return hdc_store_db_error(s->db, err, "removing facets");
  return HDC_OK;
}

hdc_status
hdc_store_index_put(hdc_store *s, int64_t id, const hdc_store_doc *d,
                    bool known, hdc_error *err)
{
  hdc_status    st;
  sqlite3_stmt *q;
  if (known && (st = hdc_store_index_remove(s, id, err)))
    return st;
  const hdc_buf *cols[FTS_COLUMNS] = {&d->title,     &d->keywords,
                                      &d->description, &d->publisher,
                                      &d->category,  &d->coding};
  uint64_t       v                 = (uint64_t)id;
  hdc_buf_append(&s->fts_pending, &v, sizeof v);
  for (int c = 0; c < FTS_COLUMNS; ++c) {
    v = cols[c]->len;
    hdc_buf_append(&s->fts_pending, &v, sizeof v);
    if (cols[c]->len)
      hdc_buf_append(&s->fts_pending, cols[c]->ptr, cols[c]->len);
  }
  if (hdc_buf_status(&s->fts_pending)) {
    hdc_buf_clear(&s->fts_pending);
    s->fts_pending_n = 0;
    return hdc_error_set(err, HDC_ERR_NOMEM, NULL, 0, 0, "out of memory");
  }
  s->fts_pending_n++;
  if ((s->fts_pending_n >= FTS_BATCH_ROWS ||
       s->fts_pending.len >= FTS_BATCH_BYTES) &&
      (st = hdc_store_index_flush(s, err)))
    return st;
  /* Facets: facet\0value\0lang\0label\0 ... */
  const char *p   = d->facets.ptr;
  const char *end = p ? p + d->facets.len : NULL;
  const char *prev_facet = NULL, *prev_value = NULL;
  while (p && p < end) {
    const char *facet = p;
    const char *value = facet + strlen(facet) + 1;
    const char *lang  = value + strlen(value) + 1;
    const char *label = lang + strlen(lang) + 1;
    p                 = label + strlen(label) + 1;
    if (!*value)
      continue;
    /* A value's labels follow it: its row is written once. */
    bool same = prev_facet && !strcmp(prev_facet, facet) &&
                !strcmp(prev_value, value);
    prev_facet = facet;
    prev_value = value;
    if (!same) {
      q = hdc_store_stmt(s, STMT_FACET_INSERT,
                         "INSERT OR IGNORE INTO record_facet(facet, value,"
                         " record_id) VALUES (?1, ?2, ?3)",
                         err);
      if (!q)
        return HDC_ERR_DB;
      sqlite3_bind_text(q, 1, facet, -1, SQLITE_STATIC);
      sqlite3_bind_text(q, 2, value, -1, SQLITE_STATIC);
      sqlite3_bind_int64(q, 3, id);
      if (sqlite3_step(q) != SQLITE_DONE)
        return hdc_store_db_error(s->db, err, "indexing facets");
    }
    if (!*label || label_seen(s, facet, value, lang, label))
      continue;
    q = hdc_store_stmt(s, STMT_LABEL_PUT,
                       "INSERT OR REPLACE INTO facet_label(facet, value,"
                       " lang, label) VALUES (?1, ?2, ?3, ?4)",
                       err);
    if (!q)
      return HDC_ERR_DB;
    sqlite3_bind_text(q, 1, facet, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, value, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, lang, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 4, label, -1, SQLITE_STATIC);
    if (sqlite3_step(q) != SQLITE_DONE)
      return hdc_store_db_error(s->db, err, "indexing facet labels");
  }
  return HDC_OK;
}
