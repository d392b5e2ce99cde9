// SPDX-License-Identifier: EUPL-1.2
/*
 * GET /publisher/{id}: the data holder's view. {id} is the publisher's key
 * (the first 16 hex digits of the SHA-256 of its IRI, see
 * hdc_store_publisher_key(); the publisher IRI itself, percent-encoded,
 * is accepted too). The page lists every record whose dct:publisher is
 * that agent, and its pushed records, withdrawn ones included: title,
 * state, validation result (violations, and warnings as the measure of
 * quality: each is a recommended property missing or malformed), source,
 * push name and dates; then the latest runs of each source the records
 * come from (harvests, imports and pushes alike).
 */
#include "pages.h"
#include "publish.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define RUNS_PER_SOURCE 5

typedef struct words
{
  const char *key, *fr, *en;
} words;

static const words page_words[] = {
  { "title", "Producteur de données", "Data holder" },
  { "records", "Ses descriptions", "Its descriptions" },
  { "summary",
    "%s description(s), dont %s retirée(s)",
    "%s description(s), %s of them withdrawn" },
  { "none", "Aucune description.", "No description." },
  { "col.title", "Titre", "Title" },
  { "col.state", "État", "State" },
  { "col.valid", "Validation", "Validation" },
  { "col.quality", "Qualité", "Quality" },
  { "col.source", "Source", "Source" },
  { "col.name", "Nom de publication", "Published as" },
  { "col.modified", "Modifiée", "Modified" },
  { "col.seen", "Vue le", "Last seen" },
  { "active", "publiée", "published" },
  { "withdrawn", "retirée", "withdrawn" },
  { "valid", "conforme", "conforms" },
  { "invalid", "%s violation(s)", "%s violation(s)" },
  { "quality.ok", "complète", "complete" },
  { "quality.warn",
    "%s recommandation(s) non suivie(s)",
    "%s recommendation(s) not followed" },
  { "sources",
    "Ses sources et leurs dernières collectes",
    "Its sources and their latest runs" },
  { "run.failed", "échec", "failed" },
  { "noruns", "Aucune collecte enregistrée.", "No run recorded." },
  { "unknown",
    "Ce producteur n'est pas connu du catalogue.",
    "This data holder is not known to the catalogue." },
};

static const char *
W(const hdc_web_req *req, const char *key)
{
  bool en = hdc_page_lang_en(req);
  for (size_t i = 0; i < sizeof page_words / sizeof page_words[0]; ++i)
    if (!strcmp(page_words[i].key, key))
      return en ? page_words[i].en : page_words[i].fr;
  return key;
}

static const char *
num(hdc_web_req *req, int64_t n)
{
  return hdc_page_count(req, n < 0 ? 0 : (size_t)n);
}

static void
records_table(hdc_web_req                    *req,
              hdc_html_node                  *sec,
              const hdc_store_publisher_view *v)
{
  hdc_html_node *wrap = hdc_html_el(sec, "div", "class", "fr-table", NULL);
  hdc_html_node *tbl =
    hdc_html_el(wrap, "table", "id", "publisher-records", NULL);
  hdc_html_node *tr = hdc_html_el(hdc_html_el(tbl, "thead", NULL), "tr", NULL);
  static const char *const cols[] = { "col.title",    "col.state",  "col.valid",
                                      "col.quality",  "col.source", "col.name",
                                      "col.modified", "col.seen" };
  for (size_t i = 0; i < sizeof cols / sizeof cols[0]; ++i)
    hdc_html_text(hdc_html_el(tr, "th", "scope", "col", NULL), W(req, cols[i]));
  hdc_html_node *tb = hdc_html_el(tbl, "tbody", NULL);
  for (size_t i = 0; i < v->n_records; ++i) {
    const hdc_store_publisher_record *r = &v->records[i];
    char                              path[40];
    snprintf(path, sizeof path, "/dataset/%" PRId64, r->id);
    hdc_html_node *row = hdc_html_el(tb, "tr", "data-record", path + 9, NULL);
    hdc_html_node *td  = hdc_html_el(row, "td", NULL);
    hdc_html_text(
      hdc_html_el(td, "a", "href", hdc_page_href(req, path, NULL), NULL),
      *r->title ? r->title : r->iri);
    bool active = !strcmp(r->status, "active");
    hdc_html_text(hdc_html_el(hdc_html_el(row, "td", NULL),
                              "span",
                              "class",
                              active ? "fr-badge fr-badge--sm fr-badge--success"
                                     : "fr-badge fr-badge--sm",
                              NULL),
                  W(req, active ? "active" : "withdrawn"));
    hdc_html_node *vt = hdc_html_el(row, "td", NULL);
    if (r->valid)
      hdc_html_text(vt, W(req, "valid"));
    else
      hdc_html_text(
        vt,
        hdc_page_subst(
          req, W(req, "invalid"), hdc_page_count(req, r->violations), NULL));
    hdc_html_node *qt = hdc_html_el(row, "td", NULL);
    if (r->warnings)
      hdc_html_text(
        qt,
        hdc_page_subst(
          req, W(req, "quality.warn"), hdc_page_count(req, r->warnings), NULL));
    else
      hdc_html_text(qt, W(req, "quality.ok"));
    hdc_html_el_text(row, "td", r->source);
    hdc_html_el_text(row, "td", *r->name ? r->name : "—");
    hdc_html_el_text(
      row, "td", *r->modified ? hdc_page_date(req, r->modified) : "—");
    hdc_html_el_text(
      row, "td", *r->last_seen ? hdc_page_date(req, r->last_seen) : "—");
  }
}

static void
source_runs(hdc_web_req   *req,
            hdc_html_node *ul,
            hdc_store     *store,
            const char    *name)
{
  hdc_store_run_list *runs = NULL;
  hdc_html_node      *li   = hdc_html_el(ul, "li", "class", "fr-mb-2w", NULL);
  hdc_html_el_text(
    hdc_html_el(li, "p", "class", "fr-mb-1w", NULL), "strong", name);
  if (hdc_store_source_runs(store, name, RUNS_PER_SOURCE, &runs, NULL) ||
      !runs->n) {
    hdc_html_el_text(li, "p", W(req, "noruns"));
    hdc_store_run_list_free(runs);
    return;
  }
  hdc_html_node *rl = hdc_html_el(li, "ul", NULL);
  for (size_t i = 0; i < runs->n; ++i) {
    const hdc_store_run_info *r    = &runs->items[i];
    hdc_html_node            *item = hdc_html_el(rl, "li", NULL);
    const char               *when = hdc_page_date(req, r->started);
    hdc_html_text(item, when ? when : r->started);
    /* Four numbers: more than hdc_page_subst fills, so one literal format
     * per language. */
    if (hdc_page_lang_en(req))
      hdc_html_textf(item,
                     ": %s added, %s updated, %s unchanged, %s withdrawn",
                     num(req, r->added),
                     num(req, r->updated),
                     num(req, r->unchanged),
                     num(req, r->withdrawn));
    else
      hdc_html_textf(item,
                     " : %s ajoutée(s), %s mise(s) à jour, %s inchangée(s),"
                     " %s retirée(s)",
                     num(req, r->added),
                     num(req, r->updated),
                     num(req, r->unchanged),
                     num(req, r->withdrawn));
    if (r->status && !strcmp(r->status, "failed")) {
      hdc_html_text(item, " — ");
      hdc_html_text(
        hdc_html_el(
          item, "span", "class", "fr-badge fr-badge--sm fr-badge--error", NULL),
        W(req, "run.failed"));
    }
    if (r->message && *r->message) {
      hdc_html_text(item, " — ");
      hdc_html_text(item, r->message);
    }
  }
  hdc_store_run_list_free(runs);
}

hdc_status
hdc_web_page_publisher(hdc_web_req *req, hdc_web_resp *resp)
{
  hdc_store                *store = hdc_page_store(req);
  hdc_store_publisher_view *v     = NULL;
  hdc_status                st;
  if (!store)
    return hdc_web_resp_html_error(req, resp, 503, NULL);
  const char *key = req->n_captures ? req->captures[0] : "";
  st = hdc_store_publisher_get(store, key, hdc_page_lang(req), &v, NULL);
  if (st == HDC_ERR_NOT_FOUND)
    return hdc_web_resp_html_error(req, resp, 404, W(req, "unknown"));
  if (st)
    return hdc_page_store_error(req, resp, st);
  hdc_html      *doc  = hdc_html_page(req, *v->label ? v->label : v->iri);
  hdc_html_node *main = hdc_html_main(doc);
  hdc_html_el_text(main, "p", W(req, "title"));
  hdc_html_el_text(main, "h1", *v->label ? v->label : v->iri);
  hdc_html_node *p = hdc_html_el(main, "p", NULL);
  if (hdc_html_url_safe(v->iri))
    hdc_html_el_text(
      hdc_html_el(p, "a", "href", v->iri, "rel", "noopener", NULL),
      "code",
      v->iri);
  else
    hdc_html_el_text(p, "code", v->iri);

  size_t withdrawn = 0;
  for (size_t i = 0; i < v->n_records; ++i)
    withdrawn += strcmp(v->records[i].status, "active") != 0;
  hdc_html_node *sec = hdc_html_el(main,
                                   "section",
                                   "class",
                                   "fr-mb-6w",
                                   "aria-labelledby",
                                   "records-title",
                                   NULL);
  hdc_html_el_text(hdc_html_el(sec, "h2", "id", "records-title", NULL),
                   "span",
                   W(req, "records"));
  hdc_html_el_text(sec,
                   "p",
                   hdc_page_subst(req,
                                  W(req, "summary"),
                                  hdc_page_count(req, v->n_records),
                                  hdc_page_count(req, withdrawn)));
  if (v->n_records)
    records_table(req, sec, v);
  else
    hdc_html_el_text(sec, "p", W(req, "none"));

  hdc_html_node *src =
    hdc_html_el(main, "section", "aria-labelledby", "sources-title", NULL);
  hdc_html_el_text(hdc_html_el(src, "h2", "id", "sources-title", NULL),
                   "span",
                   W(req, "sources"));
  hdc_html_node *ul = hdc_html_el(src, "ul", "class", "fr-raw-list", NULL);
  for (size_t i = 0; i < v->n_sources; ++i)
    source_runs(req, ul, store, v->sources[i]);
  st = hdc_html_finish(doc, resp);
  hdc_store_publisher_view_free(v);
  return st;
}
