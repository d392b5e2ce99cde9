// SPDX-License-Identifier: EUPL-1.2
/*
 * GET /: the home page. A large search box first (what most visitors came
 * for), then the catalogue at a glance: how many datasets, the health
 * categories, themes and publishers with their counts (each a link to
 * the matching search), and the latest updated records. One store search
 * with facets gives all of it.
 */
#include "pages.h"

#include <stdio.h>
#include <string.h>

#define GLANCE_VALUES 8
#define LATEST 6

static void
glance_group(hdc_web_req             *req,
             hdc_html_node           *parent,
             const hdc_store_results *r,
             const char              *key,
             const char              *title)
{
  const hdc_store_facet *f = NULL;
  for (size_t i = 0; i < r->n_facets; i++)
    if (!strcmp(r->facets[i].key, key))
      f = &r->facets[i];
  if (!f || !f->n_values)
    return;
  const char    *lang = hdc_page_lang(req);
  hdc_html_node *col =
    hdc_html_el(parent, "div", "class", "fr-col-12 fr-col-md-4", NULL);
  hdc_html_text(hdc_html_el(col, "h3", "class", "fr-h5", NULL),
                hdc_web_msg(lang, title));
  hdc_html_node *ul = hdc_html_el(col, "ul", "class", "fr-tags-group", NULL);
  for (size_t i = 0; i < f->n_values && i < GLANCE_VALUES; i++) {
    const hdc_store_facet_value *v       = &f->values[i];
    const char                  *pairs[] = { key, v->value, NULL };
    hdc_html_node               *li      = hdc_html_el(ul, "li", NULL);
    hdc_html_node               *a       = hdc_html_el(li,
                                   "a",
                                   "class",
                                   "fr-tag",
                                   "href",
                                   hdc_page_href(req, "/search", pairs),
                                   NULL);
    hdc_html_text(a, hdc_page_facet_label(req, v));
    hdc_html_textf(a, "\u00a0(%zu)", v->count);
  }
}

hdc_status
hdc_web_page_home(hdc_web_req *req, hdc_web_resp *resp)
{
  const char        *lang  = hdc_page_lang(req);
  hdc_store_results *r     = NULL;
  hdc_store         *store = hdc_page_store(req);
  if (!store)
    return hdc_web_resp_html_error(req, resp, 503, NULL);
  hdc_page_labels(req);
  hdc_store_query q;
  memset(&q, 0, sizeof q);
  q.lang        = lang;
  q.facets      = true;
  q.limit       = LATEST;
  q.sort        = HDC_STORE_SORT_MODIFIED;
  hdc_status st = hdc_store_search(store, &q, &r, NULL);
  if (st != HDC_OK)
    return hdc_page_store_error(req, resp, st);

  hdc_html      *doc  = hdc_html_page(req, hdc_web_msg(lang, "home.title"));
  hdc_html_node *main = hdc_html_main(doc);
  hdc_html_node *hero =
    hdc_html_el(main, "div", "class", "hdc-hero fr-mb-6w", NULL);
  hdc_html_text(hdc_html_el(hero, "h1", NULL),
                hdc_web_msg(lang, "home.heading"));
  hdc_html_text(hdc_html_el(hero, "p", "class", "fr-text--lead", NULL),
                hdc_page_subst(req,
                               hdc_web_msg(lang, "home.lead"),
                               hdc_page_count(req, r->total),
                               NULL));
  hdc_html_node *form =
    hdc_html_el(hero, "form", "method", "get", "action", "/search", NULL);
  hdc_page_lang_hidden(req, form);
  hdc_page_search_bar(req, form, NULL, true);

  hdc_html_node *sec = hdc_html_el(
    main, "section", "class", "fr-mb-6w", "aria-labelledby", "glance", NULL);
  hdc_html_text(hdc_html_el(sec, "h2", "id", "glance", NULL),
                hdc_web_msg(lang, "home.glance"));
  hdc_html_node *row =
    hdc_html_el(sec, "div", "class", "fr-grid-row fr-grid-row--gutters", NULL);
  glance_group(req, row, r, "health_category", "home.by_category");
  glance_group(req, row, r, "theme", "home.by_theme");
  glance_group(req, row, r, "publisher", "home.by_publisher");

  if (r->n_hits) {
    hdc_html_node *latest =
      hdc_html_el(main, "section", "aria-labelledby", "latest", NULL);
    hdc_html_text(hdc_html_el(latest, "h2", "id", "latest", NULL),
                  hdc_web_msg(lang, "home.latest"));
    hdc_html_node *grid = hdc_html_el(latest,
                                      "ul",
                                      "class",
                                      "fr-grid-row fr-grid-row--gutters "
                                      "fr-raw-list",
                                      NULL);
    for (size_t i = 0; i < r->n_hits; i++) {
      const hdc_store_hit *h = &r->hits[i];
      char                 path[40];
      snprintf(path, sizeof path, "/dataset/%lld", (long long)h->id);
      hdc_html_node *li =
        hdc_html_el(grid, "li", "class", "fr-col-12 fr-col-md-4", NULL);
      hdc_html_node *tile =
        hdc_html_el(li, "div", "class", "fr-tile fr-enlarge-link", NULL);
      hdc_html_node *body =
        hdc_html_el(tile, "div", "class", "fr-tile__body", NULL);
      hdc_html_node *c =
        hdc_html_el(body, "div", "class", "fr-tile__content", NULL);
      hdc_html_node *h3 = hdc_html_el(c, "h3", "class", "fr-tile__title", NULL);
      hdc_html_text(
        hdc_html_el(h3, "a", "href", hdc_page_href(req, path, NULL), NULL),
        h->title && *h->title ? h->title : h->iri);
      if (h->modified && *h->modified)
        hdc_html_text(hdc_html_el(c, "p", "class", "fr-tile__detail", NULL),
                      hdc_page_subst(req,
                                     hdc_web_msg(lang, "search.modified"),
                                     hdc_page_date(req, h->modified),
                                     NULL));
    }
    hdc_html_node *more = hdc_html_el(latest, "p", "class", "fr-mt-3w", NULL);
    hdc_html_text(hdc_html_el(more,
                              "a",
                              "class",
                              "fr-link fr-icon-arrow-right-line "
                              "fr-link--icon-right",
                              "href",
                              hdc_page_href(req, "/search", NULL),
                              NULL),
                  hdc_web_msg(lang, "home.see_all"));
  }
  st = hdc_html_finish(doc, resp);
  hdc_store_results_free(r);
  return st;
}
