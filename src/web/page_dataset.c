// SPDX-License-Identifier: EUPL-1.2
/*
 * GET /dataset/{id} for people: every HealthDCAT-AP field a project lead
 * needs to judge a database and ask for it, in readable form. The
 * record's canonical N-Triples are parsed back into a graph and read
 * property by property; vocabulary IRIs are shown by their labels (the
 * record's own, else the shipped vocabularies', else the IRI's last
 * segment). Literals in another language than the page carry a lang
 * attribute, for screen readers.
 *
 * The head links the RDF forms (rel="alternate") and embeds a schema.org
 * Dataset in JSON-LD, written straight to text, so general dataset search
 * engines index the catalogue. RDF asked for by suffix or Accept header is
 * answered by hdc_web_dataset_rdf() before any of this.
 */
#include "pages.h"

#include "hdcat/graph.h"
#include "hdcat/rdf.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NS_HEALTH HDC_NS_HEALTH
#define NS_DPV "https://w3id.org/dpv#"
#define NS_CSVW "http://www.w3.org/ns/csvw#"
#define NS_CV "http://data.europa.eu/m8g/"
#define NS_GEODCAT "http://data.europa.eu/930/"
#define NS_ADMS "http://www.w3.org/ns/adms#"
#define MAX_VALUES 200  /* values of one field shown */
#define MAX_COLUMNS 500 /* variables listed per table */
#define MAX_RESULTS 200 /* validation results listed */

#define PRED_SLOTS 64 /* a power of two */

typedef struct ds_page
{
  hdc_web_req      *req;
  const char       *lang;
  hdc_world        *w;
  hdc_graph        *g;
  const hdc_term   *ds;
  hdc_store_record *rec;
  /* The page asks for the same few dozen predicates again and again (a
   * node's name alone tries eight): their terms, by the address of the
   * IRI constant asked with, so a repeat costs no hashing of the IRI. */
  struct
  {
    const char     *iri;
    const hdc_term *term;
  } preds[PRED_SLOTS];
} ds_page;

/* ---- reading the graph -------------------------------------------------- */

static const hdc_term *
pred(ds_page *c, const char *iri)
{
  /* Only string constants are passed here, so an address stands for one
   * IRI for the whole page; a collision only costs a lookup. The graph
   * does not change while the page is built, so a term (or its absence,
   * NULL) stays right. */
  size_t h = ((uintptr_t)iri >> 3) & (PRED_SLOTS - 1);
  if (c->preds[h].iri != iri) {
    c->preds[h].iri  = iri;
    c->preds[h].term = hdc_world_find_iri(c->w, hdc_str_from(iri));
  }
  return c->preds[h].term;
}

/* The objects of (s, p): at most @p max, in the graph's order. */
static size_t
objects(ds_page         *c,
        const hdc_term  *s,
        const char      *p_iri,
        const hdc_term **out,
        size_t           max)
{
  const hdc_term *p = pred(c, p_iri);
  size_t          n = 0;
  if (!p || !s)
    return 0; /* a NULL predicate would match everything */
  hdc_iter it;
  hdc_graph_match(c->g, s, p, NULL, &it);
  for (const hdc_triple *t; (t = hdc_iter_next(&it)) && n < max;)
    out[n++] = t->o;
  return n;
}

static const hdc_term *
object(ds_page *c, const hdc_term *s, const char *p_iri)
{
  const hdc_term *o = NULL;
  objects(c, s, p_iri, &o, 1);
  return o;
}

/* How well a literal's language suits the page: its language, then no
 * language, then the other of French/English, then anything. */
static int
lang_score(ds_page *c, const hdc_term *t)
{
  hdc_str l = hdc_term_lang(t);
  if (!l.len)
    return 2;
  if (hdc_str_eq_z(l, c->lang) ||
      (l.len > 2 && l.ptr[2] == '-' && !strncmp(l.ptr, c->lang, 2)))
    return 3;
  if (hdc_str_eq_z(l, "en") || hdc_str_eq_z(l, "fr"))
    return 1;
  return 0;
}

static const hdc_term *
best_literal(ds_page *c, const hdc_term *s, const char *p_iri)
{
  const hdc_term *v[MAX_VALUES];
  size_t          n    = objects(c, s, p_iri, v, MAX_VALUES);
  const hdc_term *best = NULL;
  int             bs   = -1;
  for (size_t i = 0; i < n; i++) {
    if (!hdc_term_is_literal(v[i]))
      continue;
    int sc = lang_score(c, v[i]);
    if (sc > bs) {
      bs   = sc;
      best = v[i];
    }
  }
  return best;
}

/* The literal that names @p node, from the record itself. */
static const hdc_term *
node_name(ds_page *c, const hdc_term *node)
{
  static const char *const preds[] = { HDC_NS_SKOS "prefLabel",
                                       HDC_NS_FOAF "name",
                                       HDC_NS_VCARD "fn",
                                       HDC_NS_VCARD "organization-name",
                                       HDC_NS_RDFS "label",
                                       HDC_NS_DCT "title",
                                       NS_CSVW "title",
                                       HDC_NS_DCT "description",
                                       NULL };
  for (size_t i = 0; preds[i]; i++) {
    const hdc_term *l = best_literal(c, node, preds[i]);
    if (l)
      return l;
  }
  return NULL;
}

/* The IRI's last path segment or fragment, a readable fallback
 * ("RESTRICTED", "ATC"). */
static const char *
iri_tail(ds_page *c, const char *iri)
{
  size_t n = strlen(iri);
  while (n && (iri[n - 1] == '/' || iri[n - 1] == '#'))
    n--;
  size_t b = n;
  while (b && iri[b - 1] != '/' && iri[b - 1] != '#' && iri[b - 1] != ':')
    b--;
  if (b == n)
    return iri;
  const char *t = hdc_arena_strndup(c->req->arena, iri + b, n - b);
  return t ? t : iri;
}

/* Append the label of @p node to @p parent (a lang attribute on a span
 * when the label is in another language than the page). */
static void
put_label(ds_page *c, hdc_html_node *parent, const hdc_term *node)
{
  const hdc_term *lit = hdc_term_is_literal(node) ? node : node_name(c, node);
  if (lit) {
    hdc_str l = hdc_term_lang(lit);
    if (l.len && lang_score(c, lit) < 3) {
      const char *lang = hdc_arena_strndup(c->req->arena, l.ptr, l.len);
      hdc_html_text(hdc_html_el(parent, "span", "lang", lang, NULL),
                    hdc_term_text(lit).ptr);
    } else {
      hdc_html_text(parent, hdc_term_text(lit).ptr);
    }
    return;
  }
  if (!hdc_term_is_iri(node)) {
    hdc_html_text(parent, hdc_web_msg(c->lang, "ds.not_given"));
    return;
  }
  const char *iri   = hdc_term_text(node).ptr;
  const char *label = hdc_web_label(iri, c->lang);
  hdc_html_text(parent, label ? label : iri_tail(c, iri));
}

static const char *
label_text(ds_page *c, const hdc_term *node)
{
  const hdc_term *lit = hdc_term_is_literal(node) ? node : node_name(c, node);
  if (lit)
    return hdc_term_text(lit).ptr;
  if (!hdc_term_is_iri(node))
    return "";
  const char *label = hdc_web_label(hdc_term_text(node).ptr, c->lang);
  return label ? label : iri_tail(c, hdc_term_text(node).ptr);
}

static bool
is_web_iri(const hdc_term *t)
{
  if (!hdc_term_is_iri(t))
    return false;
  hdc_str s = hdc_term_text(t);
  return hdc_str_has_prefix(s, HDC_STR("http://")) ||
         hdc_str_has_prefix(s, HDC_STR("https://"));
}

/* ---- building blocks ---------------------------------------------------- */

/* One row of a field list: <dt>label</dt><dd>…</dd>; returns the dd. */
static hdc_html_node *
field(ds_page *c, hdc_html_node *dl, const char *key)
{
  hdc_html_node *row = hdc_html_el(dl, "div", "class", "hdc-field", NULL);
  hdc_html_text(hdc_html_el(row, "dt", NULL), hdc_web_msg(c->lang, key));
  return hdc_html_el(row, "dd", NULL);
}

/* A text field: the best literal of (s, p), paragraphs kept. */
static void
field_text(ds_page        *c,
           hdc_html_node  *dl,
           const hdc_term *s,
           const char     *p,
           const char     *key)
{
  const hdc_term *v[MAX_VALUES];
  size_t          n = objects(c, s, p, v, MAX_VALUES);
  if (!n)
    return;
  hdc_html_node  *dd  = field(c, dl, key);
  const hdc_term *lit = best_literal(c, s, p);
  if (lit) {
    put_label(c, dd, lit);
    return;
  }
  /* Nodes (a legal basis, a purpose...) are read through their
   * descriptions or labels. */
  for (size_t i = 0; i < n; i++) {
    hdc_html_node *p_el = hdc_html_el(dd, "p", "class", "fr-mb-1v", NULL);
    put_label(c, p_el, v[i]);
  }
}

/* A list of values (labels); with @p facet, each links to the search
 * filtered on it. */
static void
field_values(ds_page        *c,
             hdc_html_node  *dl,
             const hdc_term *s,
             const char     *p,
             const char     *key,
             const char     *facet)
{
  const hdc_term *v[MAX_VALUES];
  size_t          n = objects(c, s, p, v, MAX_VALUES);
  if (!n)
    return;
  /* Literals (keywords) in several languages: only those of the best
   * language for the page. */
  int best = -1;
  for (size_t i = 0; i < n; i++)
    if (hdc_term_is_literal(v[i]) && lang_score(c, v[i]) > best)
      best = lang_score(c, v[i]);
  hdc_html_node *dd = field(c, dl, key);
  hdc_html_node *ul = hdc_html_el(dd, "ul", "class", "fr-tags-group", NULL);
  for (size_t i = 0; i < n; i++) {
    if (hdc_term_is_literal(v[i]) && lang_score(c, v[i]) < best)
      continue;
    hdc_html_node *li = hdc_html_el(ul, "li", NULL);
    if (facet && hdc_term_is_iri(v[i])) {
      const char    *pairs[] = { facet, hdc_term_text(v[i]).ptr, NULL };
      hdc_html_node *a       = hdc_html_el(li,
                                     "a",
                                     "class",
                                     "fr-tag",
                                     "href",
                                     hdc_page_href(c->req, "/search", pairs),
                                     NULL);
      put_label(c, a, v[i]);
    } else {
      put_label(c, hdc_html_el(li, "p", "class", "fr-tag", NULL), v[i]);
    }
  }
}

/* A link field: each web IRI as a link, anything else as text. */
static void
field_links(ds_page        *c,
            hdc_html_node  *dl,
            const hdc_term *s,
            const char     *p,
            const char     *key)
{
  const hdc_term *v[MAX_VALUES];
  size_t          n = objects(c, s, p, v, MAX_VALUES);
  if (!n)
    return;
  hdc_html_node *dd = field(c, dl, key);
  for (size_t i = 0; i < n; i++) {
    hdc_html_node *p_el = hdc_html_el(dd, "p", "class", "fr-mb-1v", NULL);
    if (is_web_iri(v[i])) {
      hdc_html_node  *a    = hdc_html_el(p_el,
                                     "a",
                                     "class",
                                     "fr-link",
                                     "href",
                                     hdc_term_text(v[i]).ptr,
                                     "rel",
                                     "noopener nofollow",
                                     NULL);
      const hdc_term *name = node_name(c, v[i]);
      hdc_html_text(a,
                    name ? hdc_term_text(name).ptr : hdc_term_text(v[i]).ptr);
    } else {
      put_label(c, p_el, v[i]);
    }
  }
}

static hdc_html_node *
section(ds_page *c, hdc_html_node *parent, const char *id, const char *key)
{
  hdc_html_node *sec = hdc_html_el(parent,
                                   "section",
                                   "id",
                                   id,
                                   "class",
                                   "fr-mb-6w",
                                   "aria-labelledby",
                                   hdc_page_subst(c->req, "%s-h", id, NULL),
                                   NULL);
  hdc_html_text(hdc_html_el(sec,
                            "h2",
                            "id",
                            hdc_page_subst(c->req, "%s-h", id, NULL),
                            "class",
                            "fr-h3",
                            NULL),
                hdc_web_msg(c->lang, key));
  return sec;
}

static hdc_html_node *
dlist(hdc_html_node *parent)
{
  return hdc_html_el(parent, "dl", "class", "hdc-fields", NULL);
}

/* ---- sections ------------------------------------------------------------ */

static void
render_agent(ds_page        *c,
             hdc_html_node  *dl,
             const hdc_term *agent,
             const char     *key)
{
  hdc_html_node *dd = field(c, dl, key);
  hdc_html_node *p =
    hdc_html_el(dd, "p", "class", "fr-mb-1v fr-text--bold", NULL);
  put_label(c, p, agent);
  const hdc_term *type = object(c, agent, HDC_NS_DCT "type");
  if (type)
    put_label(
      c, hdc_html_el(dd, "p", "class", "fr-mb-1v fr-text--sm", NULL), type);
  const hdc_term *cps[8];
  size_t          n = objects(c, agent, NS_CV "contactPoint", cps, 8);
  for (size_t i = 0; i < n; i++) {
    const hdc_term *page = object(c, cps[i], NS_CV "contactPage");
    if (is_web_iri(page))
      hdc_html_text(hdc_html_el(hdc_html_el(dd, "p", "class", "fr-mb-1v", NULL),
                                "a",
                                "class",
                                "fr-link",
                                "href",
                                hdc_term_text(page).ptr,
                                "rel",
                                "noopener nofollow",
                                NULL),
                    hdc_term_text(page).ptr);
    const hdc_term *mail = object(c, cps[i], NS_CV "email");
    if (mail)
      hdc_html_text(hdc_html_el(dd, "p", "class", "fr-mb-1v", NULL),
                    hdc_term_text(mail).ptr);
  }
  if (is_web_iri(agent) && !n) {
    const hdc_term *home = object(c, agent, HDC_NS_FOAF "homepage");
    if (is_web_iri(home))
      hdc_html_text(hdc_html_el(hdc_html_el(dd, "p", NULL),
                                "a",
                                "class",
                                "fr-link",
                                "href",
                                hdc_term_text(home).ptr,
                                NULL),
                    hdc_term_text(home).ptr);
  }
}

static void
render_contact(ds_page *c, hdc_html_node *dl, const hdc_term *cp)
{
  hdc_html_node  *dd   = field(c, dl, "ds.contact");
  const hdc_term *name = best_literal(c, cp, HDC_NS_VCARD "fn");
  if (!name)
    name = best_literal(c, cp, HDC_NS_VCARD "organization-name");
  if (name)
    put_label(
      c, hdc_html_el(dd, "p", "class", "fr-mb-1v fr-text--bold", NULL), name);
  const hdc_term *v[8];
  size_t          n = objects(c, cp, HDC_NS_VCARD "hasEmail", v, 8);
  for (size_t i = 0; i < n; i++) {
    /* Shown as text: only http(s) links are ever made from a record. */
    const char *m = hdc_term_text(v[i]).ptr;
    if (!strncmp(m, "mailto:", 7))
      m += 7;
    hdc_html_node *p = hdc_html_el(dd, "p", "class", "fr-mb-1v", NULL);
    hdc_html_text(p, hdc_web_msg(c->lang, "ds.email"));
    hdc_html_text(p, " : ");
    hdc_html_text(p, m);
  }
  n = objects(c, cp, HDC_NS_VCARD "hasTelephone", v, 8);
  for (size_t i = 0; i < n; i++) {
    const hdc_term *num = hdc_term_is_literal(v[i])
                            ? v[i]
                            : object(c, v[i], HDC_NS_VCARD "hasValue");
    const char     *t = num ? hdc_term_text(num).ptr : hdc_term_text(v[i]).ptr;
    if (!strncmp(t, "tel:", 4))
      t += 4;
    hdc_html_node *p = hdc_html_el(dd, "p", "class", "fr-mb-1v", NULL);
    hdc_html_text(p, hdc_web_msg(c->lang, "ds.phone"));
    hdc_html_text(p, " : ");
    hdc_html_text(p, t);
  }
  n = objects(c, cp, HDC_NS_VCARD "hasURL", v, 8);
  for (size_t i = 0; i < n; i++)
    if (is_web_iri(v[i]))
      hdc_html_text(hdc_html_el(hdc_html_el(dd, "p", "class", "fr-mb-1v", NULL),
                                "a",
                                "class",
                                "fr-link",
                                "href",
                                hdc_term_text(v[i]).ptr,
                                "rel",
                                "noopener nofollow",
                                NULL),
                    hdc_term_text(v[i]).ptr);
}

static void
render_coverage(ds_page *c, hdc_html_node *main)
{
  hdc_html_node  *sec = section(c, main, "coverage", "ds.coverage");
  hdc_html_node  *dl  = dlist(sec);
  const hdc_term *ds  = c->ds;
  field_text(c, dl, ds, NS_HEALTH "populationCoverage", "ds.population");
  field_text(c, dl, ds, NS_HEALTH "numberOfRecords", "ds.records");
  field_text(
    c, dl, ds, NS_HEALTH "numberOfUniqueIndividuals", "ds.unique_individuals");
  const hdc_term *lo = object(c, ds, NS_HEALTH "minTypicalAge");
  const hdc_term *hi = object(c, ds, NS_HEALTH "maxTypicalAge");
  if (lo || hi) {
    const char *a = lo ? hdc_term_text(lo).ptr : NULL;
    const char *b = hi ? hdc_term_text(hi).ptr : NULL;
    const char *key =
      a && b ? "ds.age_from_to" : (a ? "ds.age_from" : "ds.age_to");
    hdc_html_text(
      field(c, dl, "ds.age_range"),
      hdc_page_subst(c->req, hdc_web_msg(c->lang, key), a ? a : b, b));
  }
  const hdc_term *periods[8];
  size_t          np = objects(c, ds, HDC_NS_DCT "temporal", periods, 8);
  for (size_t i = 0; i < np; i++) {
    const hdc_term *s = object(c, periods[i], HDC_NS_DCAT "startDate");
    const hdc_term *e = object(c, periods[i], HDC_NS_DCAT "endDate");
    if (!s)
      s = object(c, periods[i], "http://www.w3.org/2006/time#hasBeginning");
    if (!s && !e)
      continue;
    const char *a = s ? hdc_page_date(c->req, hdc_term_text(s).ptr) : NULL;
    const char *b = e ? hdc_page_date(c->req, hdc_term_text(e).ptr) : NULL;
    const char *key =
      a && b ? "ds.period_from_to" : (a ? "ds.period_from" : "ds.period_to");
    hdc_html_text(
      field(c, dl, "ds.period"),
      hdc_page_subst(c->req, hdc_web_msg(c->lang, key), a ? a : b, b));
  }
  field_values(c, dl, ds, HDC_NS_DCT "spatial", "ds.spatial", NULL);
  field_values(c,
               dl,
               ds,
               NS_HEALTH "healthCategory",
               "ds.health_category",
               "health_category");
  field_values(c, dl, ds, NS_HEALTH "healthTheme", "ds.health_theme", NULL);
  field_values(c, dl, ds, HDC_NS_DCAT "theme", "ds.theme", "theme");
  field_values(c,
               dl,
               ds,
               NS_HEALTH "hasCodingSystem",
               "ds.coding_system",
               "coding_system");
  field_values(c, dl, ds, NS_HEALTH "hasCodeValues", "ds.code_values", NULL);
  field_values(c, dl, ds, HDC_NS_DCT "language", "ds.language", "language");
  field_values(
    c, dl, ds, HDC_NS_DCT "accrualPeriodicity", "ds.frequency", NULL);
  field_values(c, dl, ds, HDC_NS_DCT "type", "ds.type", NULL);
  const hdc_term *v = object(c, ds, HDC_NS_DCT "issued");
  if (v)
    hdc_html_text(field(c, dl, "ds.issued"),
                  hdc_page_date(c->req, hdc_term_text(v).ptr));
  v = object(c, ds, HDC_NS_DCT "modified");
  if (v)
    hdc_html_text(field(c, dl, "ds.modified"),
                  hdc_page_date(c->req, hdc_term_text(v).ptr));
  field_text(c, dl, ds, HDC_NS_DCAT "version", "ds.version");
  field_text(c, dl, ds, HDC_NS_DCT "identifier", "ds.identifier");
}

static void
render_access(ds_page *c, hdc_html_node *main)
{
  hdc_html_node  *sec = section(c, main, "access", "ds.access");
  hdc_html_node  *dl  = dlist(sec);
  const hdc_term *ds  = c->ds;
  field_values(
    c, dl, ds, HDC_NS_DCT "accessRights", "ds.access_rights", "access_rights");
  field_text(c, dl, ds, NS_DPV "hasLegalBasis", "ds.legal_basis");
  field_values(
    c, dl, ds, HDC_NS_DCATAP "applicableLegislation", "ds.legal_basis", NULL);
  field_text(c, dl, ds, NS_DPV "hasPurpose", "ds.purpose");
  field_values(c, dl, ds, NS_DPV "hasPersonalData", "ds.personal_data", NULL);
  const hdc_term *hdabs[8];
  size_t          n = objects(c, ds, NS_HEALTH "hdab", hdabs, 8);
  for (size_t i = 0; i < n; i++)
    render_agent(c, dl, hdabs[i], "ds.hdab");
  field_links(c, dl, ds, HDC_NS_DCAT "landingPage", "ds.landing_page");
  field_links(c, dl, ds, HDC_NS_FOAF "page", "ds.documentation");
  if (n) {
    hdc_html_node *call = hdc_html_el(sec, "div", "class", "fr-callout", NULL);
    hdc_html_text(hdc_html_el(call, "h3", "class", "fr-callout__title", NULL),
                  hdc_web_msg(c->lang, "ds.how_to_access"));
    hdc_html_node *p =
      hdc_html_el(call, "p", "class", "fr-callout__text", NULL);
    hdc_html_text(p, hdc_web_msg(c->lang, "ds.how_to_access_text"));
    hdc_html_text(p, " ");
    put_label(c, hdc_html_el(p, "strong", NULL), hdabs[0]);
    const hdc_term *cp = object(c, hdabs[0], NS_CV "contactPoint");
    const hdc_term *pg = cp ? object(c, cp, NS_CV "contactPage") : NULL;
    if (is_web_iri(pg)) {
      hdc_html_node *btn = hdc_html_el(call, "p", NULL);
      hdc_html_text(hdc_html_el(btn,
                                "a",
                                "class",
                                "fr-btn",
                                "href",
                                hdc_term_text(pg).ptr,
                                "rel",
                                "noopener nofollow",
                                NULL),
                    hdc_web_msg(c->lang, "ds.contact_hdab"));
    }
  }
}

static void
render_holder(ds_page *c, hdc_html_node *main)
{
  hdc_html_node  *sec = section(c, main, "holder", "ds.holder");
  hdc_html_node  *dl  = dlist(sec);
  const hdc_term *v[8];
  size_t          n = objects(c, c->ds, HDC_NS_DCT "publisher", v, 8);
  for (size_t i = 0; i < n; i++)
    render_agent(c, dl, v[i], "ds.publisher");
  n = objects(c, c->ds, HDC_NS_DCT "creator", v, 8);
  for (size_t i = 0; i < n; i++)
    render_agent(c, dl, v[i], "ds.creator");
  n = objects(c, c->ds, HDC_NS_DCAT "contactPoint", v, 8);
  for (size_t i = 0; i < n; i++)
    render_contact(c, dl, v[i]);
}

static void
render_distributions(ds_page *c, hdc_html_node *main)
{
  hdc_html_node  *sec = section(c, main, "distributions", "ds.distributions");
  const hdc_term *d[64];
  size_t          n = objects(c, c->ds, HDC_NS_DCAT "distribution", d, 64);
  if (!n) {
    hdc_html_text(hdc_html_el(sec, "p", NULL),
                  hdc_web_msg(c->lang, "ds.no_distribution"));
    return;
  }
  for (size_t i = 0; i < n; i++) {
    hdc_html_node *box = hdc_html_el(
      sec, "div", "class", "hdc-distribution fr-p-3w fr-mb-3w", NULL);
    hdc_html_node  *h = hdc_html_el(box, "h3", "class", "fr-h5", NULL);
    const hdc_term *t = best_literal(c, d[i], HDC_NS_DCT "title");
    if (t)
      put_label(c, h, t);
    else
      hdc_html_textf(
        h, "%s %zu", hdc_web_msg(c->lang, "ds.distributions"), i + 1);
    const hdc_term *desc = best_literal(c, d[i], HDC_NS_DCT "description");
    if (desc)
      put_label(c, hdc_html_el(box, "p", NULL), desc);
    hdc_html_node *dl = dlist(box);
    field_values(c, dl, d[i], HDC_NS_DCT "format", "ds.format", "format");
    field_values(c, dl, d[i], HDC_NS_DCAT "mediaType", "ds.media_type", NULL);
    field_links(c, dl, d[i], HDC_NS_DCT "license", "ds.licence");
    field_text(c, dl, d[i], HDC_NS_DCT "rights", "ds.access_rights");
    field_links(c, dl, d[i], HDC_NS_DCAT "accessURL", "ds.access_url");
    field_links(c, dl, d[i], HDC_NS_DCAT "downloadURL", "ds.download_url");
    field_text(c, dl, d[i], HDC_NS_DCAT "byteSize", "ds.byte_size");
  }
}

static void
render_table(ds_page *c, hdc_html_node *sec, const hdc_term *table)
{
  const hdc_term **cols =
    hdc_arena_alloc(c->req->arena, MAX_COLUMNS * sizeof *cols);
  if (!cols)
    return;
  size_t n = objects(c, table, NS_CSVW "column", cols, MAX_COLUMNS);
  if (!n)
    return;
  hdc_html_node  *wrap  = hdc_html_el(sec, "div", "class", "fr-table", NULL);
  hdc_html_node  *tbl   = hdc_html_el(wrap, "table", NULL);
  hdc_html_node  *cap   = hdc_html_el(tbl, "caption", NULL);
  const hdc_term *title = best_literal(c, table, HDC_NS_DCT "title");
  if (title)
    put_label(c, cap, title);
  else
    hdc_html_text(cap, hdc_web_msg(c->lang, "ds.variables"));
  hdc_html_node *tr = hdc_html_el(hdc_html_el(tbl, "thead", NULL), "tr", NULL);
  static const char *const heads[] = {
    "src.name", "ds.variables", "ds.type", "ds.description"
  };
  for (size_t i = 0; i < 4; i++)
    hdc_html_text(hdc_html_el(tr, "th", "scope", "col", NULL),
                  hdc_web_msg(c->lang, heads[i]));
  hdc_html_node *body = hdc_html_el(tbl, "tbody", NULL);
  for (size_t i = 0; i < n; i++) {
    tr                 = hdc_html_el(body, "tr", NULL);
    const hdc_term *v  = best_literal(c, cols[i], NS_CSVW "name");
    hdc_html_node  *td = hdc_html_el(tr, "td", NULL);
    if (v)
      hdc_html_text(hdc_html_el(td, "code", NULL), hdc_term_text(v).ptr);
    td = hdc_html_el(tr, "td", NULL);
    if ((v = best_literal(c, cols[i], NS_CSVW "title")))
      put_label(c, td, v);
    td = hdc_html_el(tr, "td", NULL);
    if ((v = object(c, cols[i], NS_CSVW "datatype")))
      hdc_html_text(td, label_text(c, v));
    td = hdc_html_el(tr, "td", NULL);
    if ((v = best_literal(c, cols[i], HDC_NS_DCT "description")))
      put_label(c, td, v);
  }
}

static void
render_structure(ds_page *c, hdc_html_node *main)
{
  const hdc_term *vars[16];
  size_t          nv = objects(c, c->ds, NS_HEALTH "hasVariables", vars, 16);
  const hdc_term *structured = object(c, c->ds, NS_HEALTH "hasStructuredData");
  const hdc_term *conforms[16];
  size_t          nc = objects(c, c->ds, HDC_NS_DCT "conformsTo", conforms, 16);
  if (!nv && !structured && !nc)
    return;
  hdc_html_node *sec = section(c, main, "structure", "ds.structure");
  hdc_html_node *dl  = dlist(sec);
  if (structured)
    hdc_html_text(field(c, dl, "ds.structured"),
                  hdc_web_msg(c->lang,
                              hdc_str_eq_z(hdc_term_text(structured), "true") ||
                                  hdc_str_eq_z(hdc_term_text(structured), "1")
                                ? "ds.yes"
                                : "ds.no"));
  field_links(c, dl, c->ds, HDC_NS_DCT "conformsTo", "ds.conforms_to");
  for (size_t i = 0; i < nv; i++) {
    const hdc_term *tables[16];
    size_t          nt = objects(c, vars[i], NS_CSVW "table", tables, 16);
    if (!nt)
      render_table(c, sec, vars[i]);
    for (size_t k = 0; k < nt; k++)
      render_table(c, sec, tables[k]);
  }
}

/* The share of the fields a project lead looks for that the record
 * fills in: a plain completeness measure, explained on the page. */
static const char *const quality_fields[] = { HDC_NS_DCT "description",
                                              HDC_NS_DCAT "keyword",
                                              HDC_NS_DCAT "theme",
                                              NS_HEALTH "healthCategory",
                                              HDC_NS_DCT "publisher",
                                              HDC_NS_DCAT "contactPoint",
                                              HDC_NS_DCT "accessRights",
                                              HDC_NS_DCT "temporal",
                                              HDC_NS_DCT "spatial",
                                              HDC_NS_DCT "language",
                                              HDC_NS_DCT "accrualPeriodicity",
                                              HDC_NS_DCAT "distribution",
                                              NS_HEALTH "populationCoverage",
                                              NS_HEALTH "minTypicalAge",
                                              NS_HEALTH "hasCodingSystem",
                                              NS_HEALTH "hasVariables",
                                              NS_HEALTH "hdab",
                                              NS_DPV "hasLegalBasis",
                                              NS_DPV "hasPurpose",
                                              HDC_NS_DCT "modified",
                                              NULL };

static void
render_report(ds_page *c, hdc_html_node *sec, const char *report)
{
  json_error_t jerr;
  json_t      *root = report && *report ? json_loads(report, 0, &jerr) : NULL;
  json_t      *res  = root ? json_object_get(root, "results") : NULL;
  if (!json_is_array(res) || !json_array_size(res)) {
    json_decref(root);
    return;
  }
  hdc_html_node *acc = hdc_html_el(sec, "details", "class", "hdc-report", NULL);
  hdc_html_text(hdc_html_el(acc, "summary", "class", "fr-text--bold", NULL),
                hdc_web_msg(c->lang, "ds.report"));
  hdc_html_node *wrap = hdc_html_el(acc, "div", "class", "fr-table", NULL);
  hdc_html_node *tbl  = hdc_html_el(wrap, "table", NULL);
  hdc_html_node *tr = hdc_html_el(hdc_html_el(tbl, "thead", NULL), "tr", NULL);
  static const char *const heads[] = { "ds.severity", "ds.path", "ds.message" };
  for (size_t i = 0; i < 3; i++)
    hdc_html_text(hdc_html_el(tr, "th", "scope", "col", NULL),
                  hdc_web_msg(c->lang, heads[i]));
  hdc_html_node *body = hdc_html_el(tbl, "tbody", NULL);
  size_t         i;
  json_t        *r;
  json_array_foreach(res, i, r)
  {
    if (i >= MAX_RESULTS)
      break;
    tr              = hdc_html_el(body, "tr", NULL);
    const char *sev = json_string_value(json_object_get(r, "severity"));
    hdc_html_text(hdc_html_el(tr, "td", NULL),
                  sev && !strcmp(sev, "Violation")
                    ? hdc_web_msg(c->lang, "ds.violations")
                    : hdc_web_msg(c->lang, "ds.warnings"));
    const char    *path = json_string_value(json_object_get(r, "resultPath"));
    hdc_html_node *td   = hdc_html_el(tr, "td", NULL);
    if (path)
      hdc_html_text(hdc_html_el(td, "code", NULL), path);
    td               = hdc_html_el(tr, "td", NULL);
    json_t     *msgs = json_object_get(r, "messages");
    const char *msg  = json_string_value(json_array_get(msgs, 0));
    const char *note = json_string_value(json_object_get(r, "note"));
    const char *comp =
      json_string_value(json_object_get(r, "sourceConstraintComponent"));
    hdc_html_text(td, msg ? msg : (note ? note : (comp ? comp : "")));
    if (msg && note) {
      hdc_html_text(td, " — ");
      hdc_html_text(td, note);
    }
  }
  json_decref(root);
}

static void
render_quality(ds_page *c, hdc_html_node *main)
{
  hdc_html_node    *sec = section(c, main, "quality", "ds.quality");
  hdc_store_record *rec = c->rec;
  hdc_html_node    *alert =
    hdc_html_el(sec,
                "div",
                "class",
                rec->valid ? "fr-alert fr-alert--success fr-alert--sm fr-mb-3w"
                           : "fr-alert fr-alert--warning fr-alert--sm fr-mb-3w",
                NULL);
  hdc_html_text(hdc_html_el(alert, "p", NULL),
                hdc_web_msg(c->lang, rec->valid ? "ds.valid" : "ds.invalid"));
  hdc_html_node *dl = dlist(sec);
  hdc_html_textf(field(c, dl, "ds.violations"), "%zu", rec->violations);
  hdc_html_textf(field(c, dl, "ds.warnings"), "%zu", rec->warnings);
  size_t have = 0, all = 0;
  for (size_t i = 0; quality_fields[i]; i++, all++) {
    const hdc_term *v;
    if (objects(c, c->ds, quality_fields[i], &v, 1))
      have++;
  }
  hdc_html_node *dd = field(c, dl, "ds.quality_score");
  hdc_html_textf(dd, "%zu %% (%zu/%zu)", all ? have * 100 / all : 0, have, all);
  hdc_html_text(hdc_html_el(dd, "p", "class", "fr-text--xs fr-mb-0", NULL),
                hdc_web_msg(c->lang, "ds.quality_help"));
  render_report(c, sec, rec->report);
}

static void
render_provenance(ds_page *c, hdc_html_node *main)
{
  hdc_html_node    *sec = section(c, main, "provenance", "ds.provenance");
  hdc_html_node    *dl  = dlist(sec);
  hdc_store_record *rec = c->rec;
  if (rec->source && *rec->source) {
    char path[300];
    snprintf(path, sizeof path, "/sources/%s", rec->source);
    hdc_html_text(hdc_html_el(field(c, dl, "ds.source"),
                              "a",
                              "class",
                              "fr-link",
                              "href",
                              hdc_page_href(c->req, path, NULL),
                              NULL),
                  rec->source);
  }
  hdc_html_node *dd = field(c, dl, "ds.iri");
  hdc_html_text(hdc_html_el(dd, "code", "class", "hdc-iri", NULL), rec->iri);
  field_text(c, dl, c->ds, HDC_NS_DCT "provenance", "ds.provenance");
  if (rec->first_seen && *rec->first_seen)
    hdc_html_text(field(c, dl, "ds.first_seen"),
                  hdc_page_date(c->req, rec->first_seen));
  if (rec->last_seen && *rec->last_seen)
    hdc_html_text(field(c, dl, "ds.last_seen"),
                  hdc_page_date(c->req, rec->last_seen));
  for (size_t i = 0; i < rec->n_duplicates; i++) {
    char path[40];
    snprintf(path, sizeof path, "/dataset/%lld", (long long)rec->duplicates[i]);
    hdc_html_node *p = hdc_html_el(field(c, dl, "ds.duplicates"),
                                   "a",
                                   "class",
                                   "fr-link",
                                   "href",
                                   hdc_page_href(c->req, path, NULL),
                                   NULL);
    hdc_html_text(p, hdc_web_msg(c->lang, "ds.duplicate_of"));
    hdc_html_textf(p, " (%lld)", (long long)rec->duplicates[i]);
  }
}

static const char *const rdf_forms[][3] = {
  { "ttl", "text/turtle", "Turtle" },
  { "rdf", "application/rdf+xml", "RDF/XML" },
  { "jsonld", "application/ld+json", "JSON-LD" },
  { "nt", "application/n-triples", "N-Triples" },
};

static void
render_forms(ds_page *c, hdc_html_node *main, hdc_html_node *head)
{
  hdc_html_node *sec = section(c, main, "rdf", "ds.other_forms");
  hdc_html_node *ul  = hdc_html_el(sec,
                                  "ul",
                                  "class",
                                  "fr-btns-group "
                                   "fr-btns-group--inline-sm",
                                  NULL);
  for (size_t i = 0; i < 4; i++) {
    char href[64];
    snprintf(href,
             sizeof href,
             "/dataset/%lld.%s",
             (long long)c->rec->id,
             rdf_forms[i][0]);
    hdc_html_el(head,
                "link",
                "rel",
                "alternate",
                "type",
                rdf_forms[i][1],
                "href",
                href,
                NULL);
    hdc_html_text(hdc_html_el(hdc_html_el(ul, "li", NULL),
                              "a",
                              "class",
                              "fr-btn fr-btn--tertiary fr-btn--sm",
                              "href",
                              href,
                              "type",
                              rdf_forms[i][1],
                              NULL),
                  rdf_forms[i][2]);
  }
}

/* ---- schema.org -------------------------------------------------------- */

/* The JSON is written straight into a buffer rather than built as a
 * jansson tree: a tree costs an allocation per value, and on a page served
 * thousands of times a second that was a tenth of the page's CPU time. The
 * output is what json_dumps(JSON_COMPACT | JSON_ENSURE_ASCII) gave: members
 * in the order they are written, every non-ASCII character as \uXXXX
 * (a surrogate pair beyond the BMP), empty and non-UTF-8 strings left out. */
typedef struct json_out
{
  hdc_buf *b;
  bool     first; /* no member or element written yet at this level */
} json_out;

static void
json_put_string(hdc_buf *b, const char *s)
{
  static const char    hex[] = "0123456789ABCDEF";
  const unsigned char *p     = (const unsigned char *)s;
  hdc_buf_putc(b, '"');
  while (*p) {
    const unsigned char *run = p;
    while (*p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\')
      p++;
    hdc_buf_append(b, run, (size_t)(p - run));
    if (!*p)
      break;
    uint32_t cp = *p;
    size_t   n  = 1;
    if (cp >= 0xf0) {
      cp = ((cp & 0x07u) << 18) | ((p[1] & 0x3fu) << 12) |
           ((p[2] & 0x3fu) << 6) | (p[3] & 0x3fu);
      n = 4;
    } else if (cp >= 0xe0) {
      cp = ((cp & 0x0fu) << 12) | ((p[1] & 0x3fu) << 6) | (p[2] & 0x3fu);
      n  = 3;
    } else if (cp >= 0xc0) {
      cp = ((cp & 0x1fu) << 6) | (p[1] & 0x3fu);
      n  = 2;
    }
    p += n;
    const char *rep = NULL;
    switch (cp) {
      case '"': rep = "\\\""; break;
      case '\\': rep = "\\\\"; break;
      case '\b': rep = "\\b"; break;
      case '\f': rep = "\\f"; break;
      case '\n': rep = "\\n"; break;
      case '\r': rep = "\\r"; break;
      case '\t': rep = "\\t"; break;
      case 0x7f: rep = "\x7f"; break; /* ASCII: written as it is */
      default: break;
    }
    if (rep) {
      hdc_buf_puts(b, rep);
      continue;
    }
    uint32_t units[2] = { cp, 0 };
    size_t   nu       = 1;
    if (cp >= 0x10000) {
      units[0] = 0xd800 + ((cp - 0x10000) >> 10);
      units[1] = 0xdc00 + ((cp - 0x10000) & 0x3ff);
      nu       = 2;
    }
    for (size_t i = 0; i < nu; i++) {
      char u[6] = { '\\',
                    'u',
                    hex[(units[i] >> 12) & 15],
                    hex[(units[i] >> 8) & 15],
                    hex[(units[i] >> 4) & 15],
                    hex[units[i] & 15] };
      hdc_buf_append(b, u, sizeof u);
    }
  }
  hdc_buf_putc(b, '"');
}

/* A string usable as a JSON value: non-empty, valid UTF-8 (a value
 * jansson refused was left out, and so is it here). */
static bool
json_ok(const char *v)
{
  return v && *v && hdc_utf8_valid(v, strlen(v), NULL);
}

static void
json_sep(json_out *o)
{
  if (!o->first)
    hdc_buf_putc(o->b, ',');
  o->first = false;
}

/* "k": (the separator first when needed). */
static void
json_key(json_out *o, const char *k)
{
  json_sep(o);
  json_put_string(o->b, k);
  hdc_buf_putc(o->b, ':');
}

/* Member "k": "v", left out when v is NULL, empty or not UTF-8. */
static void
json_member(json_out *o, const char *k, const char *v)
{
  if (!json_ok(v))
    return;
  json_key(o, k);
  json_put_string(o->b, v);
}

static void
org_json(ds_page *c, json_out *parent, const char *key, const hdc_term *agent)
{
  json_key(parent, key);
  json_out o = { parent->b, true };
  hdc_buf_putc(o.b, '{');
  json_member(&o, "@type", "Organization");
  json_member(&o, "name", label_text(c, agent));
  hdc_buf_putc(o.b, '}');
}

static const char *
jsonld(ds_page *c, const char *title, const char *desc)
{
  hdc_buf     b    = HDC_BUF_INIT;
  hdc_buf     dist = HDC_BUF_INIT;
  const char *r    = NULL;
  json_out    d    = { &b, true };
  hdc_buf_reserve(&b, 2048);
  hdc_buf_putc(&b, '{');
  json_member(&d, "@context", "https://schema.org/");
  json_member(&d, "@type", "Dataset");
  json_member(&d, "name", title);
  json_member(&d, "description", desc);
  const char *base = c->req->ctx && c->req->ctx->app
                       ? hdc_web_app_base_url(c->req->ctx->app)
                       : NULL;
  char        url[512];
  snprintf(url,
           sizeof url,
           "%s/dataset/%lld",
           base ? base : "",
           (long long)c->rec->id);
  json_member(&d, "url", url);
  json_member(&d, "identifier", c->rec->iri);
  const hdc_term *v[MAX_VALUES];
  size_t          n = objects(c, c->ds, HDC_NS_DCAT "keyword", v, MAX_VALUES);
  json_key(&d, "keywords");
  json_out kw = { &b, true };
  hdc_buf_putc(&b, '[');
  for (size_t i = 0; i < n; i++) {
    const char *k = hdc_term_text(v[i]).ptr;
    if (lang_score(c, v[i]) >= 2 && hdc_utf8_valid(k, strlen(k), NULL)) {
      json_sep(&kw);
      json_put_string(&b, k);
    }
  }
  hdc_buf_putc(&b, ']');
  const hdc_term *pub = object(c, c->ds, HDC_NS_DCT "publisher");
  if (pub) {
    org_json(c, &d, "publisher", pub);
    org_json(c, &d, "creator", pub);
  }
  const hdc_term *t = object(c, c->ds, HDC_NS_DCT "temporal");
  const hdc_term *s = t ? object(c, t, HDC_NS_DCAT "startDate") : NULL;
  const hdc_term *e = t ? object(c, t, HDC_NS_DCAT "endDate") : NULL;
  if (s || e) {
    char tc[128];
    snprintf(tc,
             sizeof tc,
             "%s/%s",
             s ? hdc_term_text(s).ptr : "..",
             e ? hdc_term_text(e).ptr : "..");
    json_member(&d, "temporalCoverage", tc);
  }
  const hdc_term *sp = object(c, c->ds, HDC_NS_DCT "spatial");
  if (sp)
    json_member(&d, "spatialCoverage", label_text(c, sp));
  if ((t = object(c, c->ds, HDC_NS_DCT "modified")))
    json_member(&d, "dateModified", hdc_term_text(t).ptr);
  if ((t = object(c, c->ds, HDC_NS_DCT "issued")))
    json_member(&d, "datePublished", hdc_term_text(t).ptr);
  /* The distributions go to their own buffer: the licence, found among
   * them, comes before them in the object. */
  n                   = objects(c, c->ds, HDC_NS_DCAT "distribution", v, 64);
  json_out    dl      = { &dist, true };
  const char *licence = NULL;
  for (size_t i = 0; i < n; i++) {
    const hdc_term *u = object(c, v[i], HDC_NS_DCAT "downloadURL");
    if (!is_web_iri(u))
      u = object(c, v[i], HDC_NS_DCAT "accessURL");
    if (!is_web_iri(u))
      continue;
    json_sep(&dl);
    json_out o = { &dist, true };
    hdc_buf_putc(&dist, '{');
    json_member(&o, "@type", "DataDownload");
    json_member(&o, "contentUrl", hdc_term_text(u).ptr);
    const hdc_term *f = object(c, v[i], HDC_NS_DCT "format");
    if (f)
      json_member(&o, "encodingFormat", label_text(c, f));
    hdc_buf_putc(&dist, '}');
    const hdc_term *lic = object(c, v[i], HDC_NS_DCT "license");
    if (is_web_iri(lic) && !licence && json_ok(hdc_term_text(lic).ptr))
      licence = hdc_term_text(lic).ptr;
  }
  json_member(&d, "license", licence);
  json_key(&d, "distribution");
  hdc_buf_putc(&b, '[');
  if (dist.len)
    hdc_buf_append(&b, dist.ptr, dist.len);
  hdc_buf_putc(&b, ']');
  json_key(&d, "includedInDataCatalog");
  json_out cat = { &b, true };
  hdc_buf_putc(&b, '{');
  json_member(&cat, "@type", "DataCatalog");
  json_member(&cat, "name", hdc_web_msg(c->lang, "service.name"));
  hdc_buf_putc(&b, '}');
  hdc_buf_putc(&b, '}');
  if (hdc_buf_status(&b) == HDC_OK && hdc_buf_status(&dist) == HDC_OK)
    r = hdc_arena_strndup(c->req->arena, b.ptr, b.len);
  hdc_buf_clear(&dist);
  hdc_buf_clear(&b);
  return r;
}

/* ---- the page ----------------------------------------------------------- */

static void
sidemenu(ds_page *c, hdc_html_node *col)
{
  static const char *const items[][2] = {
    { "#coverage", "ds.coverage" },
    { "#access", "ds.access" },
    { "#holder", "ds.holder" },
    { "#distributions", "ds.distributions" },
    { "#structure", "ds.structure" },
    { "#quality", "ds.quality" },
    { "#provenance", "ds.provenance" },
    { "#rdf", "ds.other_forms" }
  };
  hdc_html_node *nav = hdc_html_el(col,
                                   "nav",
                                   "class",
                                   "fr-sidemenu fr-sidemenu--sticky",
                                   "aria-labelledby",
                                   "sidemenu-title",
                                   NULL);
  hdc_html_node *inner =
    hdc_html_el(nav, "div", "class", "fr-sidemenu__inner", NULL);
  hdc_html_text(
    hdc_html_el(
      inner, "p", "class", "fr-sidemenu__title", "id", "sidemenu-title", NULL),
    hdc_web_msg(c->lang, "ds.summary"));
  hdc_html_node *ul =
    hdc_html_el(inner, "ul", "class", "fr-sidemenu__list", NULL);
  for (size_t i = 0; i < sizeof items / sizeof items[0]; i++) {
    hdc_html_node *li =
      hdc_html_el(ul, "li", "class", "fr-sidemenu__item", NULL);
    hdc_html_text(
      hdc_html_el(
        li, "a", "class", "fr-sidemenu__link", "href", items[i][0], NULL),
      hdc_web_msg(c->lang, items[i][1]));
  }
}

static hdc_status
render(ds_page *c, hdc_web_resp *resp)
{
  hdc_store_record *rec     = c->rec;
  const hdc_term   *title   = best_literal(c, c->ds, HDC_NS_DCT "title");
  const hdc_term   *desc    = best_literal(c, c->ds, HDC_NS_DCT "description");
  const char       *title_s = title
                                ? hdc_term_text(title).ptr
                                : (rec->title && *rec->title ? rec->title : rec->iri);
  hdc_html         *doc     = hdc_html_page(c->req, title_s);
  hdc_html_node    *main    = hdc_html_main(doc);
  hdc_html_node    *head    = hdc_html_head(doc);

  /* Breadcrumb: home, search, this dataset. */
  hdc_html_node *bc = hdc_html_el(main,
                                  "nav",
                                  "role",
                                  "navigation",
                                  "class",
                                  "fr-breadcrumb",
                                  "aria-label",
                                  hdc_web_msg(c->lang, "ds.you_are_here"),
                                  NULL);
  hdc_html_node *bl =
    hdc_html_el(bc, "ol", "class", "fr-breadcrumb__list", NULL);
  hdc_html_text(hdc_html_el(hdc_html_el(bl, "li", NULL),
                            "a",
                            "class",
                            "fr-breadcrumb__link",
                            "href",
                            hdc_page_href(c->req, "/", NULL),
                            NULL),
                hdc_web_msg(c->lang, "ds.home"));
  hdc_html_text(hdc_html_el(hdc_html_el(bl, "li", NULL),
                            "a",
                            "class",
                            "fr-breadcrumb__link",
                            "href",
                            hdc_page_href(c->req, "/search", NULL),
                            NULL),
                hdc_web_msg(c->lang, "search.title"));
  hdc_html_node *cur = hdc_html_el(hdc_html_el(bl, "li", NULL),
                                   "a",
                                   "class",
                                   "fr-breadcrumb__link",
                                   "aria-current",
                                   "page",
                                   NULL);
  hdc_html_text(cur, title_s);

  hdc_html_node *h1 = hdc_html_el(main, "h1", NULL);
  if (title)
    put_label(c, h1, title);
  else
    hdc_html_text(h1, title_s);

  hdc_html_node *badges =
    hdc_html_el(main, "ul", "class", "fr-badges-group fr-mb-3w", NULL);
  const hdc_term *ar = object(c, c->ds, HDC_NS_DCT "accessRights");
  if (ar)
    put_label(c,
              hdc_html_el(hdc_html_el(badges, "li", NULL),
                          "p",
                          "class",
                          "fr-badge fr-badge--info",
                          NULL),
              ar);
  hdc_html_text(hdc_html_el(hdc_html_el(badges, "li", NULL),
                            "p",
                            "class",
                            rec->valid ? "fr-badge fr-badge--success"
                                       : "fr-badge fr-badge--warning",
                            NULL),
                hdc_web_msg(c->lang, rec->valid ? "ds.valid" : "ds.invalid"));
  if (rec->status && !strcmp(rec->status, "withdrawn")) {
    hdc_html_node *al = hdc_html_el(
      main, "div", "class", "fr-alert fr-alert--error fr-mb-3w", NULL);
    hdc_html_text(hdc_html_el(al, "p", NULL),
                  hdc_page_subst(c->req,
                                 hdc_web_msg(c->lang, "ds.withdrawn"),
                                 hdc_page_date(c->req, rec->withdrawn_date),
                                 rec->withdrawn_reason));
  }
  if (desc) {
    hdc_html_node *p =
      hdc_html_el(main, "div", "class", "fr-text--lead hdc-description", NULL);
    put_label(c, p, desc);
  }
  hdc_html_node *kw = dlist(main);
  field_values(c, kw, c->ds, HDC_NS_DCAT "keyword", "ds.keywords", NULL);

  hdc_html_node *row =
    hdc_html_el(main, "div", "class", "fr-grid-row fr-grid-row--gutters", NULL);
  sidemenu(c, hdc_html_el(row, "div", "class", "fr-col-12 fr-col-md-3", NULL));
  hdc_html_node *col =
    hdc_html_el(row, "div", "class", "fr-col-12 fr-col-md-9", NULL);
  render_coverage(c, col);
  render_access(c, col);
  render_holder(c, col);
  render_distributions(c, col);
  render_structure(c, col);
  render_quality(c, col);
  render_provenance(c, col);
  render_forms(c, col, head);

  const char *ld = jsonld(c, title_s, desc ? hdc_term_text(desc).ptr : NULL);
  if (ld)
    hdc_html_text(
      hdc_html_el(head, "script", "type", "application/ld+json", NULL), ld);
  return hdc_html_finish(doc, resp);
}

hdc_status
hdc_web_page_dataset(hdc_web_req *req, hdc_web_resp *resp)
{
  hdc_status st       = HDC_OK;
  bool       answered = false;
  ds_page    c;
  memset(&c, 0, sizeof c);
  c.req  = req;
  c.lang = hdc_page_lang(req);
  if ((st = hdc_web_dataset_rdf(req, resp, &answered)) != HDC_OK || answered)
    return st;
  int64_t id = 0;
  if (req->n_captures < 1 || !hdc_web_dataset_id(req->captures[0], &id, NULL))
    return hdc_web_resp_html_error(
      req, resp, 404, hdc_web_msg(c.lang, "error.not_found_dataset"));
  hdc_store *store = hdc_page_store(req);
  if (!store)
    return hdc_web_resp_html_error(req, resp, 503, NULL);
  hdc_page_labels(req);
  st = hdc_store_record_get(store, id, c.lang, &c.rec, NULL);
  if (st == HDC_ERR_NOT_FOUND)
    return hdc_web_resp_html_error(
      req, resp, 404, hdc_web_msg(c.lang, "error.not_found_dataset"));
  if (st != HDC_OK)
    return st == HDC_ERR_NOMEM ? st
                               : hdc_web_resp_html_error(req, resp, 503, NULL);
  c.w = hdc_world_new();
  c.g = c.w ? hdc_graph_new(c.w) : NULL;
  if (!c.g) {
    st = HDC_ERR_NOMEM;
    goto done;
  }
  hdc_parse_opts opts;
  memset(&opts, 0, sizeof opts);
  opts.format = HDC_FORMAT_NTRIPLES;
  opts.source = c.rec->iri;
  if ((st = hdc_rdf_parse(
         c.rec->ntriples, strlen(c.rec->ntriples), &opts, c.g, NULL)) !=
      HDC_OK) {
    st =
      st == HDC_ERR_NOMEM ? st : hdc_web_resp_html_error(req, resp, 500, NULL);
    goto done;
  }
  c.ds = hdc_world_find_iri(c.w, hdc_str_from(c.rec->iri));
  if (!c.ds)
    c.ds = hdc_world_iri(c.w, hdc_str_from(c.rec->iri));
  st = render(&c, resp);
done:
  hdc_graph_free(c.g);
  hdc_world_free(c.w);
  hdc_store_record_free(c.rec);
  return st;
}
