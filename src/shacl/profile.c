// SPDX-License-Identifier: EUPL-1.2
/*
 * The HealthDCAT-AP Release 8 and DCAT-AP 3 profiles: which shipped files
 * make up each access level's shape set, their owl:imports resolved to the
 * local copies (never the network), the shipped vocabularies, and
 * validation of a data graph dataset by dataset against the level its
 * dct:accessRights names.
 *
 * The file lists follow the HealthData@EU validator's configuration
 * (schemas/healthdcat-ap/release-8/validator/config.properties) with two
 * documented differences: the HealthDCAT-AP copy of deprecateduris.ttl is
 * not available, so the DCAT-AP 3.0.0 file of the same name stands in for
 * it, and the background ontologies (DCAT, DCTERMS, FOAF...) are not
 * shipped, so no ontology axiom such as dcat:Catalog ⊑ dcat:Dataset is
 * merged into the data: a catalogue is held to the Catalog rules only.
 */
#include "shacl_internal.h"

#include "hdcat/rdf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HD_DIR "healthdcat-ap/release-8/validator/"
#define AP_DIR "dcat-ap-3/3.0.0/html-shacl/"
#define AP_IRI "https://semiceu.github.io/DCAT-AP/releases/3.0.0/html/shacl/"
#define NAL "http://publications.europa.eu/resource/authority/"
#define HDEU "https://hdeu-dcat.data.health.europa.eu/resource/authority/"
#define ACCESS NAL "access-right/"

/* owl:imports IRIs hdcat resolves to shipped files. Imports not listed
 * here are not loaded: ontologies, and vocabularies not shipped yet (the
 * codelist checks that need them say so in their notes). */
static const struct import_entry
{
  const char *iri;
  const char *file;  /* under the schemas directory */
  bool        vocab; /* a vocabulary (merged into the data), not shapes */
} import_map[] = {
  { AP_IRI "shapes.ttl", AP_DIR "shapes.ttl", false },
  { AP_IRI "range.ttl", AP_DIR "range.ttl", false },
  { AP_IRI "shapes_recommended.ttl", AP_DIR "shapes_recommended.ttl", false },
  { NAL "data-theme",
    "vocabularies/eu-nal-2016-2017/data-theme-skos-ap-act.rdf",
    true },
  { NAL "frequency",
    "vocabularies/eu-nal-2016-2017/frequencies-skos-ap-act.rdf",
    true },
  { NAL "file-type",
    "vocabularies/eu-nal-2016-2017/filetypes-skos-ap-act.rdf",
    true },
  { NAL "continent",
    "vocabularies/eu-nal-2016-2017/continents-skos-ap-act.rdf",
    true },
  { "https://github.com/SEMICeu/ADMS-AP/raw/master/purl.org/"
    "ADMS_SKOS_v1.00.rdf",
    "vocabularies/eu-nal-2016-2017/ADMS_SKOS_v1.00.rdf",
    true },
  { HDEU "healthcategories",
    "vocabularies/healthdcat-ap-r8/healthcategories.rdf",
    true },
  { HDEU "publisher-type",
    "vocabularies/healthdcat-ap-r8/publisher-type.en-extract.ttl",
    true },
};

/* The shape files of each profile; "%s" is the access level's file stem. */
static const char *const hd_files[] = {
  HD_DIR "shapes/graph-guard.ttl",
  HD_DIR "imports/mdr_imports.ttl",
  HD_DIR "imports/imports.ttl",
  HD_DIR "ranges/range.ttl",
  HD_DIR "shapes/%s-shapes.ttl",
  HD_DIR "recommended/%s-shapes_recommended.ttl",
};
/* Codelist checks: left out of healthdcat-ap-core. */
static const char *const hd_codelist_files[] = {
  AP_DIR "deprecateduris.ttl", /* stands in for the missing HD copy */
  HD_DIR "controlled-vocabularies/mdr-vocabularies.shape.ttl",
};
static const char *const ap_files[] = {
  AP_DIR "shapes.ttl",
  AP_DIR "range.ttl",
  AP_DIR "shapes_recommended.ttl",
  AP_DIR "deprecateduris.ttl",
  AP_DIR "mdr-vocabularies.shape.ttl",
  AP_DIR "imports.ttl",
  AP_DIR "mdr_imports.ttl",
};

static const struct level_def
{
  const char *name; /* as in dct:accessRights */
  const char *stem; /* file stem */
} hd_levels[] = {
  { "PUBLIC", "public" },
  { "RESTRICTED", "restricted" },
  { "NON_PUBLIC", "non-public" },
};

#define N_LEVELS 3

typedef struct profile_level
{
  const char     *name;
  const hdc_term *access_right; /* NULL for DCAT-AP */
  hdc_graph      *shapes;
  hdc_shacl_plan *plan;
} profile_level;

struct hdc_shacl_profile
{
  hdc_world             *w;
  hdc_shacl_profile_kind kind;
  profile_level          levels[N_LEVELS];
  size_t                 n_levels;
  hdc_graph             *vocab;
  hdc_graph             *all_shapes; /* union of the levels' graphs */
  bool                   vocab_loaded[sizeof import_map / sizeof import_map[0]];
  hdc_shacl_vocab        v;
  const hdc_term        *dct_access_rights, *skos_in_scheme;
  /* The shapes walk backwards (inverse paths, sh:targetObjectsOf) only
   * over predicates the vocabularies never use, so a small data graph
   * needs only the vocabulary triples reachable from its own terms
   * (merge_vocab). */
  bool forward_only;
};

static bool backwards_only_in_data(const struct hdc_shacl_profile *p);

static const char *const profile_names[] = { "healthdcat-ap",
                                             "healthdcat-ap-core",
                                             "dcat-ap-3" };

const char *
hdc_shacl_profile_name(hdc_shacl_profile_kind k)
{
  if ((unsigned)k > HDC_SHACL_PROFILE_DCAT_AP_3)
    return "unknown";
  return profile_names[k];
}

hdc_status
hdc_shacl_profile_from_name(const char             *name,
                            hdc_shacl_profile_kind *out,
                            hdc_error              *err)
{
  for (unsigned i = 0; i <= HDC_SHACL_PROFILE_DCAT_AP_3; i++) {
    if (name && out && strcmp(name, profile_names[i]) == 0) {
      *out = (hdc_shacl_profile_kind)i;
      return HDC_OK;
    }
  }
  return hdc_error_set(err,
                       HDC_ERR_NOT_FOUND,
                       NULL,
                       0,
                       0,
                       "unknown profile \"%s\" (known: healthdcat-ap, "
                       "healthdcat-ap-core, dcat-ap-3)",
                       name ? name : "");
}

/* ------------------------------------------------------------------------ */
/* Loading                                                                  */

static hdc_status
parse_schema(const char *dir, const char *rel, hdc_graph *g, hdc_error *err)
{
  char           path[4096];
  hdc_parse_opts o;
  int            n = snprintf(path, sizeof path, "%s/%s", dir, rel);
  if (n < 0 || (size_t)n >= sizeof path)
    return hdc_error_set(
      err, HDC_ERR_INVALID_ARG, NULL, 0, 0, "schemas path too long: %s", dir);
  memset(&o, 0, sizeof o);
  o.source = path;
  return hdc_rdf_parse_file(path, &o, g, err);
}

/* Follow the owl:imports of g until every mapped import is loaded. */
static hdc_status
resolve_imports(hdc_shacl_profile *p,
                const char        *dir,
                hdc_graph         *g,
                bool              *loaded_shapes,
                hdc_error         *err)
{
  const hdc_term *owl_imports =
    hdc_world_iri(p->w, HDC_STR(HDC_NS_OWL "imports"));
  bool again = true;
  if (!owl_imports)
    return HDC_ERR_NOMEM;
  /* Each pass may load files that import more; the table is finite, so
   * this ends after at most one pass per entry. */
  while (again) {
    again = false;
    for (size_t i = 0; i < sizeof import_map / sizeof import_map[0]; i++) {
      const struct import_entry *e = &import_map[i];
      const hdc_term *iri = hdc_world_find_iri(p->w, hdc_str_from(e->iri));
      hdc_status      st;
      bool           *done = e->vocab ? &p->vocab_loaded[i] : &loaded_shapes[i];
      if (*done || !iri || !hdc_graph_count(g, NULL, owl_imports, iri))
        continue;
      st = parse_schema(dir, e->file, e->vocab ? p->vocab : g, err);
      if (st)
        return st;
      *done = true;
      again = true;
    }
  }
  return HDC_OK;
}

static hdc_status
load_level(hdc_shacl_profile *p,
           const char        *dir,
           profile_level     *lv,
           const char *const *files,
           size_t             n_files,
           const char        *stem,
           hdc_error         *err)
{
  bool loaded_shapes[sizeof import_map / sizeof import_map[0]];
  hdc_shacl_compile_opts co;
  hdc_status             st;

  memset(loaded_shapes, 0, sizeof loaded_shapes);
  lv->shapes = hdc_graph_new(p->w);
  if (!lv->shapes)
    return HDC_ERR_NOMEM;
  for (size_t i = 0; i < n_files; i++) {
    char rel[512];
    /* File names are fixed in this file; only the level stem varies. */
    if (strstr(files[i], "%s")) {
      const char *at = strstr(files[i], "%s");
      snprintf(rel,
               sizeof rel,
               "%.*s%s%s",
               (int)(at - files[i]),
               files[i],
               stem ? stem : "",
               at + 2);
    } else {
      snprintf(rel, sizeof rel, "%s", files[i]);
    }
    st = parse_schema(dir, rel, lv->shapes, err);
    if (st)
      return st;
  }
  st = resolve_imports(p, dir, lv->shapes, loaded_shapes, err);
  if (st)
    return st;
  memset(&co, 0, sizeof co);
  co.pathless_property_as_node = true;
  co.graph_guard               = true;
  return hdc_shacl_plan_compile(lv->shapes, &co, &lv->plan, err);
}

hdc_status
hdc_shacl_profile_load(hdc_world             *w,
                       const char            *schemas_dir,
                       hdc_shacl_profile_kind kind,
                       hdc_shacl_profile    **out,
                       hdc_error             *err)
{
  hdc_shacl_profile *p = NULL;
  hdc_status         st;

  if (!out || !w || !schemas_dir ||
      (unsigned)kind > HDC_SHACL_PROFILE_DCAT_AP_3)
    return hdc_error_set(
      err, HDC_ERR_INVALID_ARG, NULL, 0, 0, "bad arguments to load a profile");
  *out = NULL;
  p    = hdc_calloc(1, sizeof *p);
  if (!p) {
    st = HDC_ERR_NOMEM;
    goto done;
  }
  p->w     = w;
  p->kind  = kind;
  p->vocab = hdc_graph_new(w);
  if (!p->vocab) {
    st = HDC_ERR_NOMEM;
    goto done;
  }
  if ((st = hdc_shacl_vocab_init(&p->v, w)))
    goto done;
  p->dct_access_rights = hdc_world_iri(w, HDC_STR(HDC_NS_DCT "accessRights"));
  p->skos_in_scheme    = hdc_world_iri(w, HDC_STR(HDC_NS_SKOS "inScheme"));
  if (!p->dct_access_rights || !p->skos_in_scheme) {
    st = HDC_ERR_NOMEM;
    goto done;
  }

  if (kind == HDC_SHACL_PROFILE_DCAT_AP_3) {
    p->n_levels       = 1;
    p->levels[0].name = "DCAT-AP";
    st                = load_level(p,
                    schemas_dir,
                    &p->levels[0],
                    ap_files,
                    sizeof ap_files / sizeof ap_files[0],
                    NULL,
                    err);
    if (st)
      goto done;
  } else {
    p->n_levels = N_LEVELS;
    for (size_t i = 0; i < N_LEVELS; i++) {
      const char *files[sizeof hd_files / sizeof hd_files[0] +
                        sizeof hd_codelist_files / sizeof hd_codelist_files[0]];
      size_t      n = 0;
      char        iri[128];
      for (size_t k = 0; k < sizeof hd_files / sizeof hd_files[0]; k++)
        files[n++] = hd_files[k];
      if (kind == HDC_SHACL_PROFILE_HEALTHDCAT_AP)
        for (size_t k = 0;
             k < sizeof hd_codelist_files / sizeof hd_codelist_files[0];
             k++)
          files[n++] = hd_codelist_files[k];
      p->levels[i].name = hd_levels[i].name;
      snprintf(iri, sizeof iri, ACCESS "%s", hd_levels[i].name);
      p->levels[i].access_right = hdc_world_iri(w, hdc_str_from(iri));
      if (!p->levels[i].access_right) {
        st = HDC_ERR_NOMEM;
        goto done;
      }
      st = load_level(
        p, schemas_dir, &p->levels[i], files, n, hd_levels[i].stem, err);
      if (st)
        goto done;
    }
  }
  /* Result paths name blank nodes of the level they came from; the union
   * lets reports print any of them from one graph. */
  p->all_shapes = hdc_graph_new(w);
  if (!p->all_shapes) {
    st = HDC_ERR_NOMEM;
    goto done;
  }
  for (size_t i = 0; i < p->n_levels; i++)
    if ((st = hdc_graph_add_graph(p->all_shapes, p->levels[i].shapes)) >
        HDC_FAILURE)
      goto done;
  if ((st = hdc_graph_index(p->all_shapes)))
    goto done;
  st = hdc_graph_index(p->vocab);
  if (st)
    goto done;
  p->forward_only = backwards_only_in_data(p);
  *out = p;
  p    = NULL;
done:
  if (st == HDC_ERR_NOMEM)
    hdc_error_set(err,
                  st,
                  NULL,
                  0,
                  0,
                  "out of memory loading profile %s",
                  hdc_shacl_profile_name(kind));
  hdc_shacl_profile_free(p);
  return st;
}

void
hdc_shacl_profile_free(hdc_shacl_profile *p)
{
  if (!p)
    return;
  for (size_t i = 0; i < N_LEVELS; i++) {
    hdc_shacl_plan_free(p->levels[i].plan);
    hdc_graph_free(p->levels[i].shapes);
  }
  hdc_graph_free(p->vocab);
  hdc_graph_free(p->all_shapes);
  hdc_free(p);
}

const hdc_graph *
hdc_shacl_profile_vocabularies(const hdc_shacl_profile *p)
{
  return p ? p->vocab : NULL;
}

static const profile_level *
find_level(const hdc_shacl_profile *p, const char *level)
{
  if (!p)
    return NULL;
  if (p->n_levels == 1)
    return &p->levels[0];
  for (size_t i = 0; i < p->n_levels; i++)
    if (level && strcmp(level, p->levels[i].name) == 0)
      return &p->levels[i];
  return NULL;
}

const hdc_shacl_plan *
hdc_shacl_profile_plan(const hdc_shacl_profile *p, const char *level)
{
  const profile_level *lv = find_level(p, level);
  return lv ? lv->plan : NULL;
}

const hdc_graph *
hdc_shacl_profile_shapes(const hdc_shacl_profile *p, const char *level)
{
  const profile_level *lv;
  if (p && !level)
    return p->all_shapes;
  lv = find_level(p, level);
  return lv ? lv->shapes : NULL;
}

/* ------------------------------------------------------------------------ */
/* Which level each node is checked at                                      */

/* Node -> bit mask of levels (bit i: level i), open addressing. */
typedef struct level_map
{
  const hdc_term **keys;
  uint8_t         *masks;
  size_t           n, cap;
} level_map;

static size_t
lm_hash(const hdc_term *t)
{
  uintptr_t x = (uintptr_t)t;
  x ^= x >> 16;
  x *= (uintptr_t)0x9E3779B97F4A7C15ull;
  x ^= x >> 31;
  return (size_t)x;
}

static uint8_t *
lm_slot(level_map *m, const hdc_term *t, bool create)
{
  size_t i;
  if (create && (m->n + 1) * 2 > m->cap) {
    size_t           n     = m->cap ? m->cap * 2 : 1024;
    const hdc_term **keys  = hdc_calloc(n, sizeof *keys);
    uint8_t         *masks = hdc_calloc(n, 1);
    if (!keys || !masks) {
      hdc_free(keys);
      hdc_free(masks);
      return NULL;
    }
    for (size_t k = 0; k < m->cap; k++) {
      if (!m->keys[k])
        continue;
      i = lm_hash(m->keys[k]) & (n - 1);
      while (keys[i])
        i = (i + 1) & (n - 1);
      keys[i]  = m->keys[k];
      masks[i] = m->masks[k];
    }
    hdc_free(m->keys);
    hdc_free(m->masks);
    m->keys  = keys;
    m->masks = masks;
    m->cap   = n;
  }
  if (!m->cap)
    return NULL;
  i = lm_hash(t) & (m->cap - 1);
  while (m->keys[i]) {
    if (m->keys[i] == t)
      return &m->masks[i];
    i = (i + 1) & (m->cap - 1);
  }
  if (!create)
    return NULL;
  m->keys[i]  = t;
  m->masks[i] = 0;
  m->n++;
  return &m->masks[i];
}

static void
lm_clear(level_map *m)
{
  hdc_free(m->keys);
  hdc_free(m->masks);
  memset(m, 0, sizeof *m);
}

/* Marks in the level map beyond the level bits. */
#define LM_NOT_DESCRIBED 0x80 /* no triple has it as subject: not walked */
#define LM_LEVELS 0x7F

/* Nodes a dataset's record reaches: walk the objects that the data
 * describes, not entering other datasets or catalogues (as
 * hdc_graph_extract_record() does), marking each with the level bit.
 * *shared is set when a node gets a second level. */
static hdc_status
mark_record(const hdc_graph       *data,
            const hdc_term        *dataset,
            uint8_t                bit,
            const hdc_term *const *stop_types,
            size_t                 n_stop,
            const hdc_term        *rdf_type,
            level_map             *m,
            hdc_nodeset           *queue,
            bool                  *shared)
{
  uint8_t *slot = lm_slot(m, dataset, true);
  size_t   next = 0;
  if (!slot)
    return HDC_ERR_NOMEM;
  if (*slot & bit)
    return HDC_OK;
  if (*slot & LM_LEVELS)
    *shared = true;
  *slot |= bit;
  hdc_nodeset_reset(queue);
  hdc_nodeset_push(queue, dataset);
  while (next < queue->n) {
    const hdc_term   *cur = queue->items[next++];
    hdc_iter          it;
    const hdc_triple *t;
    hdc_graph_match(data, cur, NULL, NULL, &it);
    while ((t = hdc_iter_next(&it))) {
      const hdc_term *o    = t->o;
      bool            stop = false;
      if (hdc_term_is_literal(o) || t->p == rdf_type)
        continue;
      /* Code list values are the objects of most triples: remember that
       * they are not described rather than look again each time. */
      slot = lm_slot(m, o, true);
      if (!slot)
        return HDC_ERR_NOMEM;
      if (*slot & (bit | LM_NOT_DESCRIBED))
        continue;
      if (!(*slot & LM_LEVELS) && !hdc_graph_count(data, o, NULL, NULL)) {
        *slot |= LM_NOT_DESCRIBED;
        continue;
      }
      for (size_t k = 0; k < n_stop && !stop; k++)
        stop = hdc_graph_contains(data, o, rdf_type, stop_types[k]);
      if (stop)
        continue;
      if (*slot & LM_LEVELS)
        *shared = true;
      *slot |= bit;
      hdc_nodeset_push(queue, o);
    }
    if (queue->oom)
      return HDC_ERR_NOMEM;
  }
  return HDC_OK;
}

typedef struct focus_ctx
{
  const hdc_nodeset *subjects; /* subjects of the submitted data */
  level_map         *levels;
  uint8_t            bit;
  bool               default_level; /* nodes of no record go here */
} focus_ctx;

static bool
focus_ok(void *ctx, const hdc_term *t)
{
  focus_ctx *c = ctx;
  uint8_t   *mask;
  if (!hdc_nodeset_has(c->subjects, t))
    return false;
  mask = lm_slot(c->levels, t, false);
  if (!mask || !(*mask & LM_LEVELS))
    return c->default_level;
  return (*mask & c->bit) != 0;
}

/* ------------------------------------------------------------------------ */
/* Notes on codelist results                                                */

/* The code list schemes a restriction shape asks for: properties
 * skos:inScheme with sh:hasValue SCHEME, found through sh:property,
 * sh:node and the members of sh:or (the spatial check accepts any of
 * several code lists). */
static void
collect_schemes(const hdc_shacl_profile *p,
                const hdc_graph         *shapes,
                const hdc_term          *shape,
                int                      depth,
                hdc_nodeset             *out)
{
  hdc_iter          it;
  const hdc_triple *t;
  if (depth > 4 || hdc_term_is_literal(shape))
    return;
  hdc_graph_match(shapes, shape, NULL, NULL, &it);
  while ((t = hdc_iter_next(&it))) {
    if (t->p == p->v.sh_has_value && depth > 0 &&
        hdc_graph_object(shapes, shape, p->v.sh_path) == p->skos_in_scheme &&
        hdc_term_is_iri(t->o)) {
      hdc_nodeset_add(out, t->o);
    } else if (t->p == p->v.sh_property || t->p == p->v.sh_node) {
      collect_schemes(p, shapes, t->o, depth + 1, out);
    } else if (t->p == p->v.sh_or) {
      const hdc_term *cell = t->o;
      for (int n = 0; cell && cell != p->v.rdf_nil && n < 64; n++) {
        const hdc_term *m = hdc_graph_object(shapes, cell, p->v.rdf_first);
        if (m)
          collect_schemes(p, shapes, m, depth + 1, out);
        cell = hdc_graph_object(shapes, cell, p->v.rdf_rest);
      }
    }
  }
}

static bool
vocab_shipped(const hdc_shacl_profile *p, const hdc_term *scheme)
{
  return hdc_graph_count(p->vocab, scheme, NULL, NULL) ||
         hdc_graph_count(p->vocab, NULL, p->skos_in_scheme, scheme);
}

/* Notes already worked out, per restriction shape: a large report repeats
 * the same few codelist failures many times. */
typedef struct note_cache
{
  const hdc_term *param[64];
  char           *note[64]; /* NULL: not a codelist shape */
  size_t          n;
} note_cache;

static void
note_cache_clear(note_cache *nc)
{
  for (size_t i = 0; i < nc->n; i++)
    hdc_free(nc->note[i]);
  nc->n = 0;
}

/* If the failed sh:node shape is a code list restriction, say which
 * vocabulary it wants and whether hdcat ships it. */
static hdc_status
codelist_note(const hdc_shacl_profile *p,
              const hdc_graph         *shapes,
              hdc_shacl_report        *r,
              size_t                   i,
              note_cache              *nc)
{
  const hdc_shacl_result *res = &r->results[i];
  hdc_nodeset             schemes;
  hdc_buf                 note    = HDC_BUF_INIT;
  hdc_status              st      = HDC_OK;
  size_t                  missing = 0;

  if (res->component != HDC_SHACL_NODE || !res->param)
    return HDC_OK;
  for (size_t k = 0; k < nc->n; k++)
    if (nc->param[k] == res->param)
      return nc->note[k] ? hdc_shacl_report_set_note(r, i, nc->note[k])
                         : HDC_OK;
  hdc_nodeset_init(&schemes);
  collect_schemes(p, shapes, res->param, 0, &schemes);
  if (schemes.oom) {
    st = HDC_ERR_NOMEM;
    goto done;
  }
  if (!schemes.n) {
    if (nc->n < 64) {
      nc->param[nc->n]  = res->param;
      nc->note[nc->n++] = NULL;
    }
    goto done;
  }
  hdc_buf_puts(
    &note,
    schemes.n > 1
      ? "codelist: the value must be a concept of one of the vocabularies "
      : "codelist: the value must be a concept of the vocabulary ");
  for (size_t k = 0; k < schemes.n; k++) {
    hdc_buf_printf(
      &note, "%s<%s>", k ? ", " : "", hdc_term_text(schemes.items[k]).ptr);
    if (!vocab_shipped(p, schemes.items[k]))
      missing++;
  }
  hdc_buf_puts(&note, " (skos:inScheme)");
  if (missing == schemes.n) {
    hdc_buf_puts(&note,
                 missing > 1 ? "; hdcat does not ship these vocabularies yet"
                             : "; hdcat does not ship this vocabulary yet");
    hdc_buf_puts(&note,
                 ": state skos:inScheme on the value, or validate with the "
                 "healthdcat-ap-core profile");
  } else if (missing) {
    hdc_buf_puts(&note, "; some of them are not shipped with hdcat yet:");
    for (size_t k = 0; k < schemes.n; k++)
      if (!vocab_shipped(p, schemes.items[k]))
        hdc_buf_printf(&note, " <%s>", hdc_term_text(schemes.items[k]).ptr);
  }
  if ((st = hdc_buf_status(&note)))
    goto done;
  st = hdc_shacl_report_set_note(r, i, note.ptr);
  if (!st && nc->n < 64) {
    nc->param[nc->n] = res->param;
    nc->note[nc->n]  = hdc_buf_detach(&note, NULL);
    if (nc->note[nc->n])
      nc->n++;
  }
done:
  hdc_nodeset_clear(&schemes);
  hdc_buf_clear(&note);
  return st;
}

/* ------------------------------------------------------------------------ */
/* Validation                                                               */

static bool
same_result(const hdc_shacl_result *a, const hdc_shacl_result *b)
{
  return a->focus == b->focus && a->path == b->path && a->value == b->value &&
         a->shape == b->shape && a->component == b->component &&
         a->severity == b->severity;
}

static size_t
result_hash(const hdc_shacl_result *r)
{
  uint64_t    h        = 0xCBF29CE484222325ull;
  const void *parts[6] = { r->focus,    r->path,
                           r->value,    r->shape,
                           r->severity, (const void *)(uintptr_t)r->component };
  for (size_t i = 0; i < 6; i++) {
    h ^= (uint64_t)(uintptr_t)parts[i];
    h *= 0x100000001B3ull;
    h ^= h >> 29;
  }
  return (size_t)h;
}

/* Remove repeated results (same focus, path, value, shape, component and
 * severity), keeping the first, in one pass with a hash table of indexes. */
static hdc_status
dedup(hdc_shacl_report *r)
{
  size_t  cap = 16, w = 0;
  size_t *slots;
  while (cap < r->n * 2)
    cap *= 2;
  slots = hdc_malloc(cap * sizeof *slots);
  if (!slots)
    return HDC_ERR_NOMEM;
  for (size_t i = 0; i < cap; i++)
    slots[i] = SIZE_MAX;
  for (size_t i = 0; i < r->n; i++) {
    size_t k   = result_hash(&r->results[i]) & (cap - 1);
    bool   dup = false;
    while (slots[k] != SIZE_MAX) {
      if (same_result(&r->results[slots[k]], &r->results[i])) {
        dup = true;
        break;
      }
      k = (k + 1) & (cap - 1);
    }
    if (dup) {
      r->n_level[r->results[i].level]--;
      continue;
    }
    r->results[w] = r->results[i];
    slots[k]      = w++;
  }
  r->n = w;
  hdc_free(slots);
  return HDC_OK;
}

/* The access level of a dataset: index into p->levels, or -1 with *bad
 * set to the offending value (NULL when missing or repeated). */
static int
dataset_level(const hdc_shacl_profile *p,
              const hdc_graph         *data,
              const hdc_term          *d,
              const hdc_term         **bad,
              size_t                  *n_values)
{
  const hdc_term *v;
  *n_values = hdc_graph_count(data, d, p->dct_access_rights, NULL);
  *bad      = NULL;
  if (*n_values != 1)
    return -1;
  v = hdc_graph_object(data, d, p->dct_access_rights);
  for (size_t i = 0; i < p->n_levels; i++)
    if (p->levels[i].access_right == v)
      return (int)i;
  *bad = v;
  return -1;
}

static hdc_status
access_rights_result(const hdc_shacl_profile *p,
                     hdc_shacl_report        *r,
                     const hdc_term          *d,
                     const hdc_term          *bad,
                     size_t                   n_values)
{
  hdc_shacl_result res;
  const hdc_term  *shape =
    hdc_world_iri(p->w, HDC_STR("urn:hdcat:shape:AccessLevel"));
  const hdc_term *msg = hdc_world_literal(
    p->w,
    HDC_STR("Each dcat:Dataset must have exactly one dct:accessRights: "
            "<" ACCESS "PUBLIC>, <" ACCESS "RESTRICTED> or <" ACCESS
            "NON_PUBLIC>; "
            "it decides which HealthDCAT-AP rules apply."),
    NULL,
    HDC_STR("en"));
  if (!shape || !msg)
    return HDC_ERR_NOMEM;
  memset(&res, 0, sizeof res);
  res.focus      = d;
  res.path       = p->dct_access_rights;
  res.value      = bad;
  res.shape      = shape;
  res.component  = bad        ? HDC_SHACL_IN
                   : n_values ? HDC_SHACL_MAX_COUNT
                              : HDC_SHACL_MIN_COUNT;
  res.severity   = p->v.sh_violation;
  res.level      = HDC_SHACL_VIOLATION;
  res.messages   = &msg;
  res.n_messages = 1;
  res.note = "the access level is unknown, so the record was checked against "
             "the PUBLIC rules";
  return hdc_shacl_report_add(r, &res);
}

/* Whether every backward step the shapes take (sh:inversePath of a
 * predicate, sh:targetObjectsOf) is over a predicate no vocabulary triple
 * has: then walking backwards never meets a vocabulary triple. DCAT-AP's
 * shapes go back over dcat:inSeries, which no code list uses. A complex
 * inverse path (a blank node) counts as meeting one. */
static bool
backwards_only_in_data(const hdc_shacl_profile *p)
{
  const hdc_term *back[2] = { p->v.sh_inverse_path, p->v.sh_target_objects_of };
  for (size_t k = 0; k < 2; k++) {
    hdc_iter it;
    if (!back[k])
      return false;
    hdc_graph_match(p->all_shapes, NULL, back[k], NULL, &it);
    for (const hdc_triple *t; (t = hdc_iter_next(&it));) {
      if (!hdc_term_is_iri(t->o) ||
          hdc_graph_count(p->vocab, NULL, t->o, NULL))
        return false;
    }
  }
  return true;
}

/* Merge into @p data (its first @p n0 triples being the data) the
 * vocabulary triples validation can reach. Walking forwards from a focus
 * node, through any path, class check or nested shape, only reaches the
 * vocabulary triples whose subject is a term of the data or the object of
 * another such triple: when the shapes only walk forwards, those give the
 * same results as the whole vocabulary. A harvested page (a few thousand
 * triples) reaches a few hundred of the 23,000 vocabulary triples, which
 * the validator then no longer hashes, sorts and indexes for every page.
 * A graph bigger than the vocabulary takes it all (cheaper than the walk). */
static hdc_status
merge_vocab(const hdc_shacl_profile *p, hdc_graph *data, size_t n0)
{
  if (!p->forward_only || n0 >= hdc_graph_size(p->vocab))
    return hdc_graph_add_graph(data, p->vocab);
  hdc_status  st = HDC_OK;
  hdc_nodeset seen;
  hdc_nodeset_init(&seen);
  const hdc_triple *tr = hdc_graph_triples(data);
  for (size_t i = 0; i < n0; i++) {
    hdc_nodeset_add(&seen, tr[i].s);
    hdc_nodeset_add(&seen, tr[i].p);
    if (!hdc_term_is_literal(tr[i].o))
      hdc_nodeset_add(&seen, tr[i].o);
  }
  /* seen.items doubles as the queue: terms are walked in the order they
   * were first met, each once. */
  for (size_t k = 0; k < seen.n && !seen.oom; k++) {
    hdc_iter it;
    hdc_graph_match(p->vocab, seen.items[k], NULL, NULL, &it);
    for (const hdc_triple *t; (t = hdc_iter_next(&it));) {
      hdc_status r = hdc_graph_add(data, t->s, t->p, t->o);
      if (r != HDC_OK && r != HDC_FAILURE) {
        st = r;
        goto done;
      }
      if (!hdc_term_is_literal(t->o))
        hdc_nodeset_add(&seen, t->o);
    }
  }
  if (seen.oom)
    st = HDC_ERR_NOMEM;
done:
  if (st)
    hdc_graph_truncate(data, n0);
  hdc_nodeset_clear(&seen);
  return st;
}

hdc_status
hdc_shacl_profile_validate(const hdc_shacl_profile *p,
                           hdc_graph               *data,
                           hdc_shacl_report       **report,
                           hdc_error               *err)
{
  hdc_status        st = HDC_OK;
  size_t            n0;
  hdc_nodeset       subjects, queue;
  level_map         levels;
  hdc_shacl_report *local          = NULL;
  const hdc_term  **datasets       = NULL;
  size_t            n_datasets     = 0;
  bool              used[N_LEVELS] = { false };
  bool              merged = false, shared = false;
  note_cache        notes;

  if (!p || !data || !report)
    return hdc_error_set(
      err,
      HDC_ERR_INVALID_ARG,
      NULL,
      0,
      0,
      "profile validation needs a profile, data and a report");
  if (hdc_graph_world(data) != p->w)
    return hdc_error_set(err,
                         HDC_ERR_INVALID_ARG,
                         NULL,
                         0,
                         0,
                         "the data and the profile do not share a world");
  hdc_nodeset_init(&subjects);
  hdc_nodeset_init(&queue);
  memset(&levels, 0, sizeof levels);
  notes.n = 0;
  n0      = hdc_graph_size(data);
  local   = hdc_shacl_report_new();
  if (!local) {
    st = HDC_ERR_NOMEM;
    goto done;
  }

  /* The submitted data's own subjects: only they are reported on. */
  {
    const hdc_triple *tr = hdc_graph_triples(data);
    for (size_t i = 0; i < n0; i++)
      hdc_nodeset_add(&subjects, tr[i].s);
    if (subjects.oom) {
      st = HDC_ERR_NOMEM;
      goto done;
    }
  }

  /* Levels, from the data alone (before the vocabularies are merged, so a
   * record never reaches into a code list). */
  if ((st = hdc_graph_datasets(data, &datasets, &n_datasets)))
    goto done;
  {
    const hdc_term *stop[4];
    stop[0] = p->v.dcat_dataset;
    stop[1] = hdc_world_iri(p->w, HDC_STR(HDC_NS_DCAT "Catalog"));
    stop[2] = hdc_world_iri(p->w, HDC_STR(HDC_NS_DCAT "DatasetSeries"));
    stop[3] = hdc_world_iri(p->w, HDC_STR(HDC_NS_DCAT "CatalogRecord"));
    if (!stop[1] || !stop[2] || !stop[3]) {
      st = HDC_ERR_NOMEM;
      goto done;
    }
    for (size_t i = 0; i < n_datasets; i++) {
      const hdc_term *bad;
      size_t          n_values;
      int             lv = p->n_levels == 1
                             ? 0
                             : dataset_level(p, data, datasets[i], &bad, &n_values);
      if (lv < 0) {
        st = access_rights_result(p, local, datasets[i], bad, n_values);
        if (st)
          goto done;
        lv = 0; /* PUBLIC */
      }
      used[lv] = true;
      st       = mark_record(data,
                       datasets[i],
                       (uint8_t)(1u << lv),
                       stop,
                       4,
                       p->v.rdf_type,
                       &levels,
                       &queue,
                       &shared);
      if (st)
        goto done;
    }
  }
  used[0] = true; /* nodes of no record, and the graph guard */

  /* Merge the vocabularies for the duration of the checks. */
  if ((st = merge_vocab(p, data, n0)) > HDC_FAILURE)
    goto done;
  merged = true;
  st     = HDC_OK;

  for (size_t i = 0; i < p->n_levels; i++) {
    hdc_shacl_validate_opts vo;
    focus_ctx               fc;
    if (!used[i])
      continue;
    fc.subjects      = &subjects;
    fc.levels        = &levels;
    fc.bit           = (uint8_t)(1u << i);
    fc.default_level = i == 0;
    memset(&vo, 0, sizeof vo);
    vo.focus_filter = focus_ok;
    vo.focus_ctx    = &fc;
    st = hdc_shacl_validate(p->levels[i].plan, data, &vo, &local, err);
    if (st)
      goto done;
  }

  /* A node checked at two levels (an agent shared by a PUBLIC and a
   * NON_PUBLIC dataset) gives the common rules' results twice. */
  if (shared) {
    st = dedup(local);
    if (st)
      goto done;
  }
  for (size_t i = 0; i < local->n && !st; i++)
    st = codelist_note(p, p->all_shapes, local, i, &notes);
  if (st)
    goto done;
  if (!*report) {
    *report = local;
    local   = NULL;
  } else {
    for (size_t i = 0; i < local->n && !st; i++)
      st = hdc_shacl_report_add(*report, &local->results[i]);
    if ((*report)->n && local->truncated)
      (*report)->truncated = true;
  }
done:
  if (merged)
    hdc_graph_truncate(data, n0);
  if (st == HDC_ERR_NOMEM)
    hdc_error_set(err, st, NULL, 0, 0, "out of memory during validation");
  hdc_free(datasets);
  hdc_nodeset_clear(&subjects);
  hdc_nodeset_clear(&queue);
  lm_clear(&levels);
  note_cache_clear(&notes);
  hdc_shacl_report_free(local);
  return st;
}
