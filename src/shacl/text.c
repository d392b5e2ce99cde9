// SPDX-License-Identifier: EUPL-1.2
/*
 * The validation report for people, in French or English. Data holders read
 * it to fix their descriptions, so every result says which property, which
 * value, what the rule wants and how to fix it, grouped by dataset (the
 * dcat:Dataset whose description holds the focus node) and by severity.
 * IRIs are shortened with the usual prefixes.
 */
#include "shacl_internal.h"

#include "hdcat/rdf.h"

#include <stdlib.h>
#include <string.h>

/* Write t shortly: prefixed name, <iri>, _:label or the literal. */
static void
put_term(hdc_buf *b, const hdc_term *t)
{
  hdc_str s;
  if (!t) {
    hdc_buf_puts(b, "-");
    return;
  }
  s = hdc_term_text(t);
  if (hdc_term_is_iri(t)) {
    hdc_str     local;
    const char *pf     = hdc_rdf_prefix_of(s, &local);
    bool        simple = pf != NULL;
    for (size_t k = 0; k < local.len && simple; k++) {
      char c = local.ptr[k];
      simple = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
               (c >= '0' && c <= '9') || c == '_' || c == '-';
    }
    if (simple) {
      hdc_buf_printf(b, "%s:", pf);
      hdc_buf_put_str(b, local);
      return;
    }
    hdc_buf_putc(b, '<');
    hdc_buf_put_str(b, s);
    hdc_buf_putc(b, '>');
  } else if (hdc_term_is_blank(t)) {
    hdc_buf_puts(b, "_:");
    hdc_buf_put_str(b, s);
  } else {
    const hdc_term *dt = hdc_term_datatype(t);
    hdc_buf_putc(b, '"');
    /* Long literals are cut: the report points at them, it need not
     * repeat them. */
    if (s.len > 120) {
      size_t n = 117;
      while (n && ((unsigned char)s.ptr[n] & 0xC0) == 0x80)
        n--;
      hdc_buf_append(b, s.ptr, n);
      hdc_buf_puts(b, "...");
    } else {
      hdc_buf_put_str(b, s);
    }
    hdc_buf_putc(b, '"');
    if (hdc_term_lang(t).len) {
      hdc_buf_putc(b, '@');
      hdc_buf_put_str(b, hdc_term_lang(t));
    } else if (dt && !hdc_str_eq_z(hdc_term_text(dt), HDC_NS_XSD "string")) {
      hdc_buf_puts(b, "^^");
      put_term(b, dt);
    }
  }
}

static void
put_path(hdc_buf *b, const hdc_graph *shapes, const hdc_term *path)
{
  if (hdc_term_is_iri(path) || !shapes) {
    put_term(b, path);
    return;
  }
  if (hdc_shacl_path_write(shapes, path, b))
    put_term(b, path);
}

/* ------------------------------------------------------------------------ */
/* What each component wants, and how to fix it                             */

typedef struct explain
{
  const char *want_en, *want_fr; /* %P: the parameter */
  const char *fix_en, *fix_fr;   /* %P parameter, %R property */
} explain;

static const explain explanations[HDC_SHACL_COMPONENT__COUNT] = {
  [HDC_SHACL_CLASS] = { "a resource of class %P (rdf:type %P, or a subclass)",
                        "une ressource de la classe %P (rdf:type %P, ou une "
                        "sous-classe)",
                        "declare the value's type (rdf:type %P) or use a value "
                        "of that class",
                        "déclarez le type de la valeur (rdf:type %P) ou "
                        "utilisez une valeur de cette classe" },
  [HDC_SHACL_DATATYPE] = { "a literal of datatype %P with a valid lexical form",
                           "un littéral de type %P à la forme lexicale valide",
                           "write the value as \"...\"^^%P, in that datatype's "
                           "format",
                           "écrivez la valeur sous la forme \"...\"^^%P, au "
                           "format de ce type" },
  [HDC_SHACL_NODE_KIND]     = { "a node of kind %P",
                                "un nœud de nature %P",
                                "use a value of kind %P (an IRI in <...>, a "
                                    "\"literal\" or a blank node as asked)",
                                "utilisez une valeur de nature %P (une IRI <...>, "
                                    "un \"littéral\" ou un nœud anonyme selon le "
                                    "cas)" },
  [HDC_SHACL_MIN_COUNT]     = { "at least %P value(s)",
                                "au moins %P valeur(s)",
                                "add %R to the description",
                                "ajoutez %R à la description" },
  [HDC_SHACL_MAX_COUNT]     = { "at most %P value(s)",
                                "au plus %P valeur(s)",
                                "keep only %P value(s) of %R and remove the others",
                                "ne gardez que %P valeur(s) de %R et supprimez les "
                                    "autres" },
  [HDC_SHACL_MIN_EXCLUSIVE] = { "a value greater than %P",
                                "une valeur supérieure à %P",
                                "correct the value",
                                "corrigez la valeur" },
  [HDC_SHACL_MIN_INCLUSIVE] = { "a value of at least %P",
                                "une valeur d'au moins %P",
                                "correct the value",
                                "corrigez la valeur" },
  [HDC_SHACL_MAX_EXCLUSIVE] = { "a value less than %P",
                                "une valeur inférieure à %P",
                                "correct the value",
                                "corrigez la valeur" },
  [HDC_SHACL_MAX_INCLUSIVE] = { "a value of at most %P",
                                "une valeur d'au plus %P",
                                "correct the value",
                                "corrigez la valeur" },
  [HDC_SHACL_MIN_LENGTH]    = { "at least %P characters",
                                "au moins %P caractères",
                                "lengthen the value",
                                "allongez la valeur" },
  [HDC_SHACL_MAX_LENGTH]    = { "at most %P characters",
                                "au plus %P caractères",
                                "shorten the value",
                                "raccourcissez la valeur" },
  [HDC_SHACL_PATTERN]       = { "a value matching the pattern %P",
                                "une valeur conforme au motif %P",
                                "use a value of the expected form (an IRI of the "
                                      "right namespace, for instance)",
                                "utilisez une valeur de la forme attendue (une IRI "
                                      "de l'espace de noms requis, par exemple)" },
  [HDC_SHACL_LANGUAGE_IN]   = { "a literal in one of the allowed languages",
                                "un littéral dans l'une des langues permises",
                                "tag the text with an allowed language "
                                  "(\"...\"@fr)",
                                "indiquez une langue permise (\"...\"@fr)" },
  [HDC_SHACL_UNIQUE_LANG]   = { "at most one value per language",
                                "au plus une valeur par langue",
                                "keep one value for each language",
                                "ne gardez qu'une valeur par langue" },
  [HDC_SHACL_EQUALS]        = { "the same values as %P",
                                "les mêmes valeurs que %P",
                                "make both properties hold the same values",
                                "donnez les mêmes valeurs aux deux propriétés" },
  [HDC_SHACL_DISJOINT]      = { "values different from those of %P",
                                "des valeurs différentes de celles de %P",
                                "remove the value shared with %P",
                                "retirez la valeur commune avec %P" },
  [HDC_SHACL_LESS_THAN]     = { "values less than those of %P",
                                "des valeurs inférieures à celles de %P",
                                "correct the values so that they come before %P",
                                "corrigez les valeurs pour qu'elles précèdent %P" },
  [HDC_SHACL_LESS_THAN_OR_EQUALS] = { "values at most those of %P",
                                      "des valeurs au plus égales à celles de "
                                      "%P",
                                      "correct the values so that they do not "
                                      "exceed %P",
                                      "corrigez les valeurs pour qu'elles ne "
                                      "dépassent pas %P" },
  [HDC_SHACL_NOT]  = { "a value that does not conform to shape %P",
                       "une valeur non conforme à la forme %P",
                       "use another value",
                       "utilisez une autre valeur" },
  [HDC_SHACL_AND]  = { "a value conforming to every listed shape",
                       "une valeur conforme à toutes les formes listées",
                       "complete the value's description",
                       "complétez la description de la valeur" },
  [HDC_SHACL_OR]   = { "a value conforming to at least one of the alternatives",
                       "une valeur conforme à au moins une des variantes",
                       "use one of the accepted forms (see the message)",
                       "utilisez l'une des formes acceptées (voir le message)" },
  [HDC_SHACL_XONE] = { "a value conforming to exactly one of the alternatives",
                       "une valeur conforme à exactement une des variantes",
                       "make the value match exactly one accepted form",
                       "faites correspondre la valeur à exactement une forme "
                       "acceptée" },
  [HDC_SHACL_NODE] = { "a value conforming to shape %P",
                       "une valeur conforme à la forme %P",
                       "complete the description of the value (its own results "
                       "are listed where it is the focus)",
                       "complétez la description de la valeur (ses propres "
                       "résultats sont listés là où elle est le nœud "
                       "examiné)" },
  [HDC_SHACL_PROPERTY]            = { "conformance to a property shape",
                                      "la conformité à une forme de propriété",
                                      "see the nested results",
                                      "voir les résultats imbriqués" },
  [HDC_SHACL_QUALIFIED_MIN_COUNT] = { "at least %P value(s) of the qualified "
                                      "shape",
                                      "au moins %P valeur(s) conformes à la "
                                      "forme qualifiée",
                                      "add values of the expected kind",
                                      "ajoutez des valeurs du genre attendu" },
  [HDC_SHACL_QUALIFIED_MAX_COUNT] = { "at most %P value(s) of the qualified "
                                      "shape",
                                      "au plus %P valeur(s) conformes à la "
                                      "forme qualifiée",
                                      "remove the extra values",
                                      "supprimez les valeurs en trop" },
  [HDC_SHACL_CLOSED]              = { "only the properties the shape declares",
                                      "uniquement les propriétés déclarées par la forme",
                                      "remove this property or move it elsewhere",
                                      "retirez cette propriété ou déplacez-la" },
  [HDC_SHACL_HAS_VALUE]           = { "the value %P among the values",
                                      "la valeur %P parmi les valeurs",
                                      "add %R %P",
                                      "ajoutez %R %P" },
  [HDC_SHACL_IN]                  = { "one of the allowed values",
                                      "l'une des valeurs permises",
                                      "use one of the allowed values",
                                      "utilisez l'une des valeurs permises" },
  [HDC_SHACL_SPARQL]              = { "a graph with at least one dcat:Dataset",
                                      "un graphe contenant au moins un dcat:Dataset",
                                      "submit a description that contains a dcat:Dataset",
                                      "soumettez une description qui contient un "
                                                   "dcat:Dataset" },
};

/* Expand %P (parameter) and %R (property) in a template. */
static void
put_template(hdc_buf                *b,
             const char             *tpl,
             const hdc_shacl_result *r,
             const hdc_graph        *shapes)
{
  for (const char *c = tpl; *c; c++) {
    if (c[0] == '%' && c[1] == 'P') {
      if (r->param && hdc_term_is_literal(r->param))
        hdc_buf_put_str(b, hdc_term_text(r->param));
      else
        put_term(b, r->param);
      c++;
    } else if (c[0] == '%' && c[1] == 'R') {
      if (r->path)
        put_path(b, shapes, r->path);
      else
        hdc_buf_puts(b, "the property");
      c++;
    } else {
      hdc_buf_putc(b, *c);
    }
  }
}

/* The message in the wanted language, else one without a tag, else any. */
static const hdc_term *
pick_message(const hdc_shacl_result *r, const char *lang)
{
  const hdc_term *plain = NULL, *any = NULL;
  for (size_t i = 0; i < r->n_messages; i++) {
    hdc_str l = hdc_term_lang(r->messages[i]);
    if (l.len && hdc_str_eq_z(l, lang))
      return r->messages[i];
    if (!l.len && !plain)
      plain = r->messages[i];
    if (!any)
      any = r->messages[i];
  }
  return plain ? plain : any;
}

/* ------------------------------------------------------------------------ */
/* Grouping by dataset                                                      */

typedef struct owner_map
{
  const hdc_term **keys;
  const hdc_term **vals;
  size_t           n, cap;
} owner_map;

static size_t
om_hash(const hdc_term *t)
{
  uintptr_t x = (uintptr_t)t;
  x ^= x >> 13;
  x *= (uintptr_t)0xC2B2AE3D27D4EB4Full;
  x ^= x >> 29;
  return (size_t)x;
}

static const hdc_term *
om_get(const owner_map *m, const hdc_term *k)
{
  if (!m->cap)
    return NULL;
  for (size_t i = om_hash(k) & (m->cap - 1); m->keys[i];
       i        = (i + 1) & (m->cap - 1))
    if (m->keys[i] == k)
      return m->vals[i];
  return NULL;
}

static bool
om_put(owner_map *m, const hdc_term *k, const hdc_term *v)
{
  size_t i;
  if ((m->n + 1) * 2 > m->cap) {
    size_t           n    = m->cap ? m->cap * 2 : 256;
    const hdc_term **keys = hdc_calloc(n, sizeof *keys);
    const hdc_term **vals = hdc_calloc(n, sizeof *vals);
    if (!keys || !vals) {
      hdc_free(keys);
      hdc_free(vals);
      return false;
    }
    for (size_t j = 0; j < m->cap; j++) {
      if (!m->keys[j])
        continue;
      i = om_hash(m->keys[j]) & (n - 1);
      while (keys[i])
        i = (i + 1) & (n - 1);
      keys[i] = m->keys[j];
      vals[i] = m->vals[j];
    }
    hdc_free(m->keys);
    hdc_free(m->vals);
    m->keys = keys;
    m->vals = vals;
    m->cap  = n;
  }
  for (i = om_hash(k) & (m->cap - 1); m->keys[i]; i = (i + 1) & (m->cap - 1))
    if (m->keys[i] == k)
      return true; /* first owner wins */
  m->keys[i] = k;
  m->vals[i] = v;
  m->n++;
  return true;
}

/* Map every node a dataset's description reaches to that dataset. */
static hdc_status
build_owners(const hdc_graph *data, owner_map *m)
{
  hdc_world       *w    = hdc_graph_world(data);
  const hdc_term  *type = hdc_world_find_iri(w, HDC_STR(HDC_NS_RDF "type"));
  const hdc_term **ds   = NULL;
  size_t           n    = 0;
  hdc_nodeset      queue;
  hdc_status       st;

  hdc_nodeset_init(&queue);
  st = hdc_graph_datasets(data, &ds, &n);
  if (st)
    goto done;
  for (size_t i = 0; i < n; i++)
    if (!om_put(m, ds[i], ds[i])) {
      st = HDC_ERR_NOMEM;
      goto done;
    }
  for (size_t i = 0; i < n; i++) {
    size_t next = 0;
    hdc_nodeset_reset(&queue);
    hdc_nodeset_push(&queue, ds[i]);
    while (next < queue.n) {
      hdc_iter          it;
      const hdc_triple *t;
      hdc_graph_match(data, queue.items[next++], NULL, NULL, &it);
      while ((t = hdc_iter_next(&it))) {
        if (hdc_term_is_literal(t->o) || t->p == type)
          continue;
        if (om_get(m, t->o))
          continue;
        if (!om_put(m, t->o, ds[i])) {
          st = HDC_ERR_NOMEM;
          goto done;
        }
        hdc_nodeset_push(&queue, t->o);
      }
      if (queue.oom) {
        st = HDC_ERR_NOMEM;
        goto done;
      }
    }
  }
done:
  hdc_free(ds);
  hdc_nodeset_clear(&queue);
  return st;
}

typedef struct entry
{
  const hdc_term         *owner;
  const hdc_shacl_result *r;
} entry;

static int
cmp_entry(const void *pa, const void *pb)
{
  const entry *a = pa, *b = pb;
  int          c = hdc_term_compare(a->owner, b->owner);
  if (c)
    return c;
  if (a->r->level != b->r->level)
    return a->r->level > b->r->level ? -1 : 1;
  c = hdc_term_compare(a->r->focus, b->r->focus);
  if (c)
    return c;
  if (a->r->path != b->r->path) {
    if (!a->r->path)
      return -1;
    if (!b->r->path)
      return 1;
    return hdc_term_compare(a->r->path, b->r->path);
  }
  return (int)a->r->component - (int)b->r->component;
}

/* ------------------------------------------------------------------------ */

static const char *const level_en[] = { "Information",
                                        "Warnings",
                                        "Violations" };
static const char *const level_fr[] = { "Informations",
                                        "Avertissements",
                                        "Erreurs" };

hdc_status
hdc_shacl_report_write_text(const hdc_shacl_report *r,
                            const hdc_graph        *data,
                            const hdc_graph        *shapes,
                            const char             *lang,
                            hdc_sink_fn             sink,
                            void                   *ctx,
                            hdc_error              *err)
{
  bool            fr = lang && strncmp(lang, "fr", 2) == 0;
  hdc_buf         b  = HDC_BUF_INIT;
  owner_map       owners;
  entry          *entries = NULL;
  hdc_status      st      = HDC_OK;
  const hdc_term *title   = NULL;

  if (!r || !sink)
    return hdc_error_set(
      err, HDC_ERR_INVALID_ARG, NULL, 0, 0, "no report or no sink");
  memset(&owners, 0, sizeof owners);
  if (data) {
    st = build_owners(data, &owners);
    if (st)
      goto done;
    title =
      hdc_world_find_iri(hdc_graph_world(data), HDC_STR(HDC_NS_DCT "title"));
  }
  if (r->n) {
    entries = hdc_malloc(r->n * sizeof *entries);
    if (!entries) {
      st = HDC_ERR_NOMEM;
      goto done;
    }
  }
  for (size_t i = 0; i < r->n; i++) {
    const hdc_term *o = om_get(&owners, r->results[i].focus);
    entries[i].owner  = o ? o : r->results[i].focus;
    entries[i].r      = &r->results[i];
  }
  if (r->n > 1)
    qsort(entries, r->n, sizeof *entries, cmp_entry);

  for (size_t i = 0; i < r->n; i++) {
    const hdc_shacl_result *res = entries[i].r;
    const explain          *ex  = &explanations[res->component];
    const hdc_term         *msg = pick_message(res, fr ? "fr" : "en");
    bool new_owner = i == 0 || entries[i - 1].owner != entries[i].owner;
    bool new_level = new_owner || entries[i - 1].r->level != res->level;

    if (new_owner) {
      const hdc_term *t =
        data && title ? hdc_graph_object(data, entries[i].owner, title) : NULL;
      hdc_buf_puts(&b, i ? "\n" : "");
      hdc_buf_puts(&b, fr ? "Jeu de données " : "Dataset ");
      put_term(&b, entries[i].owner);
      if (t) {
        hdc_buf_puts(&b, " — ");
        put_term(&b, t);
      }
      hdc_buf_putc(&b, '\n');
    }
    if (new_level) {
      size_t n = 0;
      for (size_t k = i; k < r->n && entries[k].owner == entries[i].owner &&
                         entries[k].r->level == res->level;
           k++)
        n++;
      hdc_buf_printf(&b,
                     "  %s (%zu)\n",
                     fr ? level_fr[res->level] : level_en[res->level],
                     n);
    }
    hdc_buf_puts(&b, fr ? "    - propriété " : "    - property ");
    if (res->path)
      put_path(&b, shapes, res->path);
    else
      hdc_buf_puts(&b, fr ? "(le nœud lui-même)" : "(the node itself)");
    if (res->focus != entries[i].owner) {
      hdc_buf_puts(&b, fr ? " de " : " of ");
      put_term(&b, res->focus);
    }
    hdc_buf_putc(&b, '\n');
    if (res->value) {
      hdc_buf_puts(&b, fr ? "      valeur : " : "      value: ");
      put_term(&b, res->value);
      hdc_buf_putc(&b, '\n');
    }
    hdc_buf_puts(&b, fr ? "      règle : " : "      rule: ");
    put_template(&b, fr ? ex->want_fr : ex->want_en, res, shapes);
    hdc_buf_printf(&b, " (sh:%s)\n", hdc_shacl_component_name(res->component));
    if (msg) {
      hdc_buf_puts(&b, fr ? "      message : " : "      message: ");
      hdc_buf_put_str(&b, hdc_term_text(msg));
      hdc_buf_putc(&b, '\n');
    }
    hdc_buf_puts(&b, fr ? "      correction : " : "      fix: ");
    put_template(&b, fr ? ex->fix_fr : ex->fix_en, res, shapes);
    hdc_buf_putc(&b, '\n');
    if (res->note) {
      hdc_buf_puts(&b, fr ? "      note : " : "      note: ");
      hdc_buf_puts(&b, res->note);
      hdc_buf_putc(&b, '\n');
    }
    if (b.len > 65536) {
      if ((st = hdc_buf_status(&b)) || (st = sink(ctx, b.ptr, b.len)))
        goto done;
      hdc_buf_reset(&b);
    }
  }
  if (r->n)
    hdc_buf_putc(&b, '\n');
  if (fr)
    hdc_buf_printf(
      &b,
      "%s : %zu erreur(s), %zu avertissement(s), %zu information(s)%s\n",
      r->n_level[HDC_SHACL_VIOLATION] ? "Non conforme" : "Conforme",
      r->n_level[HDC_SHACL_VIOLATION],
      r->n_level[HDC_SHACL_WARNING],
      r->n_level[HDC_SHACL_INFO],
      r->truncated ? " (liste tronquée)" : "");
  else
    hdc_buf_printf(&b,
                   "%s: %zu violation(s), %zu warning(s), %zu info(s)%s\n",
                   r->n_level[HDC_SHACL_VIOLATION] ? "Does not conform"
                                                   : "Conforms",
                   r->n_level[HDC_SHACL_VIOLATION],
                   r->n_level[HDC_SHACL_WARNING],
                   r->n_level[HDC_SHACL_INFO],
                   r->truncated ? " (list truncated)" : "");
  if ((st = hdc_buf_status(&b)))
    goto done;
  st = sink(ctx, b.ptr, b.len);
done:
  if (st)
    hdc_error_set(err,
                  st,
                  NULL,
                  0,
                  0,
                  "cannot write the text report: %s",
                  hdc_strerror(st));
  hdc_free(entries);
  hdc_free(owners.keys);
  hdc_free(owners.vals);
  hdc_buf_clear(&b);
  return st;
}
