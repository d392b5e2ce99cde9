// SPDX-License-Identifier: EUPL-1.2
/*
 * Labels of vocabulary IRIs (themes, health categories, access rights,
 * languages, formats, frequencies, publisher types, legal acts...) in
 * French and English, so pages show "Santé" rather than an IRI. They come
 * from the SKOS/RDFS vocabularies shipped under schemas/vocabularies/
 * (skos:prefLabel, then rdfs:label, dct:title) and from a small built-in
 * table for the EU vocabularies hdcat does not ship yet. Records may carry
 * their own labels; the dataset page prefers those.
 *
 * The table is built once (the first page that needs it, or the server at
 * start) under a mutex, and only read afterwards, so every worker thread
 * shares it without locking.
 */
#include "pages.h"

#include "hdcat/graph.h"
#include "hdcat/rdf.h"

#include <dirent.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct label_entry
{
  const char *iri;
  const char *fr, *en, *any;
} label_entry;

typedef struct label_table
{
  hdc_arena   *arena;
  label_entry *slots; /* open addressing, power of two */
  size_t       cap, n;
} label_table;

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
/* Published once with release order after the table is complete, then
 * only read (acquire), so lookups take no lock. */
static _Atomic(label_table *) g_table;

/* Labels of EU vocabularies hdcat does not ship (access rights, legal
 * acts, languages and countries it meets most). */
static const char *const builtin[][3] = {
  { "http://publications.europa.eu/resource/authority/access-right/PUBLIC",
    "Public",
    "Public" },
  { "http://publications.europa.eu/resource/authority/access-right/RESTRICTED",
    "Restreint",
    "Restricted" },
  { "http://publications.europa.eu/resource/authority/access-right/NON_PUBLIC",
    "Non public",
    "Non-public" },
  { "http://publications.europa.eu/resource/authority/access-right/"
    "CONFIDENTIAL",
    "Confidentiel",
    "Confidential" },
  { "http://publications.europa.eu/resource/authority/language/FRA",
    "Français",
    "French" },
  { "http://publications.europa.eu/resource/authority/language/ENG",
    "Anglais",
    "English" },
  { "http://publications.europa.eu/resource/authority/language/DEU",
    "Allemand",
    "German" },
  { "http://publications.europa.eu/resource/authority/language/SPA",
    "Espagnol",
    "Spanish" },
  { "http://publications.europa.eu/resource/authority/language/ITA",
    "Italien",
    "Italian" },
  { "http://publications.europa.eu/resource/authority/country/FRA",
    "France",
    "France" },
  { "http://data.europa.eu/eli/reg/2016/679/oj",
    "Règlement général sur la protection des données (UE) 2016/679",
    "General Data Protection Regulation (EU) 2016/679" },
  { "http://data.europa.eu/eli/reg/2025/327/oj",
    "Règlement (UE) 2025/327 relatif à l'espace européen des données de santé",
    "Regulation (EU) 2025/327 on the European Health Data Space" },
  { "http://data.europa.eu/eli/reg/2022/868/oj",
    "Règlement (UE) 2022/868 sur la gouvernance des données",
    "Data Governance Act (EU) 2022/868" },
  { "http://publications.europa.eu/resource/authority/dataset-type/STATISTICAL",
    "Statistiques",
    "Statistical" },
  { "http://publications.europa.eu/resource/authority/planned-availability/"
    "AVAILABLE",
    "Disponible",
    "Available" },
  { "http://publications.europa.eu/resource/authority/planned-availability/"
    "STABLE",
    "Stable",
    "Stable" },
};

static size_t
slot_of(const label_table *t, const char *iri, size_t len)
{
  uint64_t h = hdc_hash64(iri, len, 0);
  size_t   i = (size_t)h & (t->cap - 1);
  while (t->slots[i].iri && !(strlen(t->slots[i].iri) == len &&
                              !memcmp(t->slots[i].iri, iri, len)))
    i = (i + 1) & (t->cap - 1);
  return i;
}

static hdc_status
table_grow(label_table *t)
{
  size_t       cap   = t->cap ? t->cap * 2 : 1024;
  label_entry *slots = hdc_calloc(cap, sizeof *slots);
  if (!slots)
    return HDC_ERR_NOMEM;
  label_entry *old = t->slots;
  size_t       oc  = t->cap;
  t->slots         = slots;
  t->cap           = cap;
  for (size_t i = 0; i < oc; i++)
    if (old[i].iri)
      t->slots[slot_of(t, old[i].iri, strlen(old[i].iri))] = old[i];
  hdc_free(old);
  return HDC_OK;
}

/* Record @p label (@p lang, "" if untagged) for @p iri; the first label
 * seen per language wins (skos:prefLabel is offered first). */
static hdc_status
table_put(label_table *t, hdc_str iri, hdc_str label, hdc_str lang)
{
  if ((t->n + 1) * 2 > t->cap && table_grow(t) != HDC_OK)
    return HDC_ERR_NOMEM;
  size_t       i = slot_of(t, iri.ptr, iri.len);
  label_entry *e = &t->slots[i];
  if (!e->iri) {
    e->iri = hdc_arena_strndup(t->arena, iri.ptr, iri.len);
    if (!e->iri)
      return HDC_ERR_NOMEM;
    t->n++;
  }
  const char **dst = NULL;
  if (hdc_str_eq_z(lang, "fr") || hdc_str_has_prefix(lang, HDC_STR("fr-")))
    dst = &e->fr;
  else if (hdc_str_eq_z(lang, "en") || hdc_str_has_prefix(lang, HDC_STR("en-")))
    dst = &e->en;
  if (dst && !*dst) {
    *dst = hdc_arena_strndup(t->arena, label.ptr, label.len);
    if (!*dst)
      return HDC_ERR_NOMEM;
  }
  /* Untagged labels are the best fallback; otherwise any first label. */
  if (!e->any || (lang.len == 0 && !dst)) {
    const char *a =
      dst && *dst ? *dst : hdc_arena_strndup(t->arena, label.ptr, label.len);
    if (!a)
      return HDC_ERR_NOMEM;
    e->any = a;
  }
  return HDC_OK;
}

static hdc_status
load_file(label_table *t, const char *path)
{
  hdc_status st = HDC_ERR_NOMEM;
  hdc_world *w  = hdc_world_new();
  hdc_graph *g  = w ? hdc_graph_new(w) : NULL;
  if (!g)
    goto done;
  hdc_parse_opts opts;
  memset(&opts, 0, sizeof opts);
  opts.source = path;
  if ((st = hdc_rdf_parse_file(path, &opts, g, NULL)) != HDC_OK) {
    /* A vocabulary that does not parse costs labels, not the service. */
    hdc_log(HDC_LOG_WARN, "labels: %s: %s", path, hdc_strerror(st));
    st = HDC_OK;
    goto done;
  }
  static const char *const preds[] = { HDC_NS_SKOS "prefLabel",
                                       HDC_NS_RDFS "label",
                                       HDC_NS_DCT "title" };
  for (size_t k = 0; k < 3; k++) {
    const hdc_term *p = hdc_world_find_iri(w, hdc_str_from(preds[k]));
    if (!p)
      continue;
    hdc_iter it;
    hdc_graph_match(g, NULL, p, NULL, &it);
    for (const hdc_triple *tr; (tr = hdc_iter_next(&it));) {
      if (!hdc_term_is_iri(tr->s) || !hdc_term_is_literal(tr->o))
        continue;
      if ((st = table_put(t,
                          hdc_term_text(tr->s),
                          hdc_term_text(tr->o),
                          hdc_term_lang(tr->o))) != HDC_OK)
        goto done;
    }
  }
  st = HDC_OK;
done:
  hdc_graph_free(g);
  hdc_world_free(w);
  return st;
}

static bool
has_suffix(const char *name, const char *suffix)
{
  size_t n = strlen(name), s = strlen(suffix);
  return n > s && !strcmp(name + n - s, suffix);
}

/* Every .rdf and .ttl file of @p dir and of its sub-folders (one level
 * is how schemas/vocabularies/ is laid out), in name order so which
 * label wins never depends on the file system. */
static hdc_status
load_dir(label_table *t, const char *dir, int depth)
{
  struct dirent **names = NULL;
  int             n     = scandir(dir, &names, NULL, alphasort);
  if (n < 0)
    return HDC_OK; /* no vocabularies: labels fall back to IRIs */
  hdc_status st = HDC_OK;
  for (int i = 0; i < n; i++) {
    const char *name = names[i]->d_name;
    char        path[1024];
    if (name[0] != '.' && st == HDC_OK &&
        (size_t)snprintf(path, sizeof path, "%s/%s", dir, name) < sizeof path) {
      if (has_suffix(name, ".rdf") || has_suffix(name, ".ttl"))
        st = load_file(t, path);
      else if (depth < 1)
        st = load_dir(t, path, depth + 1);
    }
    free(names[i]);
  }
  free(names);
  return st;
}

static void
table_free(label_table *t)
{
  if (!t)
    return;
  hdc_free(t->slots);
  hdc_arena_free(t->arena);
  hdc_free(t);
}

hdc_status
hdc_web_labels_load(const char *schemas_dir, hdc_error *err)
{
  hdc_status st = HDC_OK;
  pthread_mutex_lock(&g_lock);
  if (atomic_load_explicit(&g_table, memory_order_acquire))
    goto done;
  label_table *t = hdc_calloc(1, sizeof *t);
  if (!t || !(t->arena = hdc_arena_new(0)) || table_grow(t) != HDC_OK) {
    table_free(t);
    st = hdc_error_set(err, HDC_ERR_NOMEM, NULL, 0, 0, "labels: out of memory");
    goto done;
  }
  for (size_t i = 0; i < sizeof builtin / sizeof builtin[0] && !st; i++) {
    st = table_put(t,
                   hdc_str_from(builtin[i][0]),
                   hdc_str_from(builtin[i][1]),
                   HDC_STR("fr"));
    if (!st)
      st = table_put(t,
                     hdc_str_from(builtin[i][0]),
                     hdc_str_from(builtin[i][2]),
                     HDC_STR("en"));
  }
  if (!st && schemas_dir) {
    char dir[1024];
    if ((size_t)snprintf(dir, sizeof dir, "%s/vocabularies", schemas_dir) <
        sizeof dir)
      st = load_dir(t, dir, 0);
  }
  if (st) {
    table_free(t);
    hdc_error_set(err, st, schemas_dir, 0, 0, "labels: %s", hdc_strerror(st));
    goto done;
  }
  atomic_store_explicit(&g_table, t, memory_order_release);
done:
  pthread_mutex_unlock(&g_lock);
  return st;
}

void
hdc_web_labels_free(void)
{
  pthread_mutex_lock(&g_lock);
  table_free(atomic_exchange(&g_table, NULL));
  pthread_mutex_unlock(&g_lock);
}

const char *
hdc_web_label(const char *iri, const char *lang)
{
  const label_table *t = atomic_load_explicit(&g_table, memory_order_acquire);
  if (!t || !iri)
    return NULL;
  size_t             len = strlen(iri);
  const label_entry *e   = &t->slots[slot_of(t, iri, len)];
  if (!e->iri)
    return NULL;
  bool en = lang && !strcmp(lang, "en");
  if (en)
    return e->en ? e->en : (e->fr ? e->fr : e->any);
  return e->fr ? e->fr : (e->en ? e->en : e->any);
}

bool
hdc_web_labels_loaded(void)
{
  return atomic_load_explicit(&g_table, memory_order_acquire) != NULL;
}
