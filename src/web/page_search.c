// SPDX-License-Identifier: EUPL-1.2
/*
 * GET /search: the search page. One GET form holds the search bar, the
 * sort order and the facet checkboxes, so searching, filtering, sorting
 * and paging all work without JavaScript and every state has a URL that
 * can be bookmarked or shared. Facet counts are the store's disjunctive
 * ones (what ticking one more value would give). Active filters are also
 * shown as tags that remove themselves when followed.
 */
#include "pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_SIZE 20
#define MAX_FILTERS 64
#define MAX_PAGE 500 /* deeper pages are not for people */
#define FACET_SHOWN 12

typedef struct search_state
{
  hdc_web_req     *req;
  const char      *q;
  const char      *sort;
  size_t           page;
  hdc_store_filter filters[MAX_FILTERS];
  size_t           n_filters;
} search_state;

static bool
filter_on(const search_state *s, const char *key, const char *value)
{
  for (size_t i = 0; i < s->n_filters; i++)
    if (!strcmp(s->filters[i].key, key) && !strcmp(s->filters[i].value, value))
      return true;
  return false;
}

/* The URL of this search with its query and filters, minus filter @p skip
 * (NULL: none), at page @p page (0: first, left out), sorted by s->sort. */
static const char *
search_href(const search_state *s, const hdc_store_filter *skip, size_t page)
{
  const char *pairs[2 * (MAX_FILTERS + 3) + 1];
  size_t      n = 0;
  char        pg[24];
  if (s->q && *s->q) {
    pairs[n++] = "q";
    pairs[n++] = s->q;
  }
  for (size_t i = 0; i < s->n_filters; i++) {
    if (skip == &s->filters[i])
      continue;
    pairs[n++] = s->filters[i].key;
    pairs[n++] = s->filters[i].value;
  }
  if (s->sort) {
    pairs[n++] = "sort";
    pairs[n++] = s->sort;
  }
  if (page > 1) {
    snprintf(pg, sizeof pg, "%zu", page);
    pairs[n++] = "page";
    pairs[n++] = pg;
  }
  pairs[n] = NULL;
  return hdc_page_href(s->req, "/search", pairs);
}

static void
render_facet(search_state          *s,
             hdc_html_node         *parent,
             const hdc_store_facet *f,
             size_t                 idx)
{
  const char *lang = hdc_page_lang(s->req);
  char        key[64];
  snprintf(key, sizeof key, "facet.%s", f->key);
  hdc_html_node *fs =
    hdc_html_el(parent,
                "fieldset",
                "class",
                "fr-fieldset",
                "id",
                hdc_page_subst(s->req, "facet-%s", f->key, NULL),
                NULL);
  hdc_html_node *legend =
    hdc_html_el(fs, "legend", "class", "fr-fieldset__legend fr-text--md", NULL);
  hdc_html_text(legend, hdc_web_msg(lang, key));
  for (size_t i = 0; i < f->n_values; i++) {
    const hdc_store_facet_value *v  = &f->values[i];
    bool                         on = filter_on(s, f->key, v->value);
    if (i >= FACET_SHOWN && !on)
      continue;
    char id[48];
    snprintf(id, sizeof id, "f%zu-%zu", idx, i);
    hdc_html_node *el =
      hdc_html_el(fs, "div", "class", "fr-fieldset__element", NULL);
    hdc_html_node *g = hdc_html_el(
      el, "div", "class", "fr-checkbox-group fr-checkbox-group--sm", NULL);
    hdc_html_el(g,
                "input",
                "type",
                "checkbox",
                "id",
                id,
                "name",
                f->key,
                "value",
                v->value,
                "checked",
                on ? "" : NULL,
                NULL);
    hdc_html_node *label =
      hdc_html_el(g, "label", "class", "fr-label", "for", id, NULL);
    hdc_html_text(label, hdc_page_facet_label(s->req, v));
    hdc_html_textf(hdc_html_el(label, "span", "class", "hdc-count", NULL),
                   "\u00a0(%zu)",
                   v->count);
  }
}

static void
render_active(search_state            *s,
              hdc_html_node           *parent,
              const hdc_store_results *r)
{
  if (!s->n_filters)
    return;
  const char    *lang = hdc_page_lang(s->req);
  hdc_html_node *ul   = hdc_html_el(parent,
                                  "ul",
                                  "class",
                                  "fr-tags-group",
                                  "aria-label",
                                  hdc_web_msg(lang, "search.active_filters"),
                                  NULL);
  for (size_t i = 0; i < s->n_filters; i++) {
    const hdc_store_filter *f     = &s->filters[i];
    const char             *label = f->value;
    for (size_t k = 0; r && k < r->n_facets; k++) {
      if (strcmp(r->facets[k].key, f->key))
        continue;
      for (size_t j = 0; j < r->facets[k].n_values; j++)
        if (!strcmp(r->facets[k].values[j].value, f->value))
          label = hdc_page_facet_label(s->req, &r->facets[k].values[j]);
    }
    hdc_html_node *li = hdc_html_el(ul, "li", NULL);
    hdc_html_node *a  = hdc_html_el(
      li,
      "a",
      "class",
      "fr-tag fr-tag--sm fr-icon-close-line fr-tag--icon-left",
      "href",
      search_href(s, f, 1),
      "aria-label",
      hdc_page_subst(
        s->req, hdc_web_msg(lang, "search.remove_filter"), label, NULL),
      NULL);
    hdc_html_text(a, label);
  }
  hdc_html_node *li      = hdc_html_el(ul, "li", NULL);
  const char    *pairs[] = { "q", s->q && *s->q ? s->q : NULL, NULL };
  hdc_html_text(hdc_html_el(li,
                            "a",
                            "class",
                            "fr-link fr-link--sm",
                            "href",
                            hdc_page_href(s->req, "/search", pairs),
                            NULL),
                hdc_web_msg(lang, "search.clear"));
}

static void
render_hit(search_state *s, hdc_html_node *ul, const hdc_store_hit *h)
{
  const char *lang = hdc_page_lang(s->req);
  char        path[40];
  snprintf(path, sizeof path, "/dataset/%lld", (long long)h->id);
  hdc_html_node *li   = hdc_html_el(ul, "li", "class", "fr-mb-3w", NULL);
  hdc_html_node *card = hdc_html_el(
    li, "div", "class", "fr-card fr-card--horizontal fr-enlarge-link", NULL);
  hdc_html_node *body =
    hdc_html_el(card, "div", "class", "fr-card__body", NULL);
  hdc_html_node *c =
    hdc_html_el(body, "div", "class", "fr-card__content", NULL);
  hdc_html_node *h3 = hdc_html_el(c, "h3", "class", "fr-card__title", NULL);
  hdc_html_text(
    hdc_html_el(h3, "a", "href", hdc_page_href(s->req, path, NULL), NULL),
    h->title && *h->title ? h->title : h->iri);
  hdc_html_node *desc = hdc_html_el(c, "p", "class", "fr-card__desc", NULL);
  hdc_page_snippet(desc, h->snippet);
  hdc_html_node *start = hdc_html_el(c, "div", "class", "fr-card__start", NULL);
  hdc_html_node *d     = hdc_html_el(
    start, "p", "class", "fr-card__detail fr-icon-calendar-line", NULL);
  if (h->modified && *h->modified)
    hdc_html_text(d,
                  hdc_page_subst(s->req,
                                 hdc_web_msg(lang, "search.modified"),
                                 hdc_page_date(s->req, h->modified),
                                 NULL));
  if (h->source && *h->source) {
    hdc_html_text(d, " · ");
    hdc_html_text(d, h->source);
  }
  if (!h->valid) {
    hdc_html_node *end =
      hdc_html_el(body, "div", "class", "fr-card__end", NULL);
    hdc_html_text(
      hdc_html_el(
        end, "p", "class", "fr-badge fr-badge--warning fr-badge--sm", NULL),
      hdc_web_msg(lang, "search.invalid"));
  }
}

static void
page_item(search_state  *s,
          hdc_html_node *ul,
          size_t         page,
          const char    *cls,
          const char    *key,
          bool           enabled)
{
  const char    *lang = hdc_page_lang(s->req);
  hdc_html_node *li   = hdc_html_el(ul, "li", NULL);
  hdc_html_node *a    = hdc_html_el(li,
                                 "a",
                                 "class",
                                 cls,
                                 "href",
                                 enabled ? search_href(s, NULL, page) : NULL,
                                 "aria-disabled",
                                 enabled ? NULL : "true",
                                 "role",
                                 enabled ? NULL : "link",
                                 NULL);
  hdc_html_text(a, hdc_web_msg(lang, key));
}

static void
render_pagination(search_state *s, hdc_html_node *parent, size_t pages)
{
  if (pages <= 1)
    return;
  const char    *lang = hdc_page_lang(s->req);
  hdc_html_node *nav  = hdc_html_el(parent,
                                   "nav",
                                   "role",
                                   "navigation",
                                   "class",
                                   "fr-pagination",
                                   "aria-label",
                                   hdc_web_msg(lang, "search.pagination"),
                                   NULL);
  hdc_html_node *ul =
    hdc_html_el(nav, "ul", "class", "fr-pagination__list", NULL);
  page_item(s,
            ul,
            1,
            "fr-pagination__link fr-pagination__link--first",
            "search.page_first",
            s->page > 1);
  page_item(s,
            ul,
            s->page - 1,
            "fr-pagination__link fr-pagination__link--prev "
            "fr-pagination__link--lg-label",
            "search.page_prev",
            s->page > 1);
  size_t from = s->page > 2 ? s->page - 2 : 1;
  size_t to   = from + 4 < pages ? from + 4 : pages;
  for (size_t p = from; p <= to; p++) {
    char num[24];
    snprintf(num, sizeof num, "%zu", p);
    hdc_html_node *li = hdc_html_el(ul, "li", NULL);
    hdc_html_node *a  = hdc_html_el(
      li,
      "a",
      "class",
      "fr-pagination__link",
      "href",
      search_href(s, NULL, p),
      "title",
      hdc_page_subst(s->req, hdc_web_msg(lang, "search.page_n"), num, NULL),
      "aria-current",
      p == s->page ? "page" : NULL,
      NULL);
    hdc_html_text(a, num);
  }
  page_item(s,
            ul,
            s->page + 1,
            "fr-pagination__link fr-pagination__link--next "
            "fr-pagination__link--lg-label",
            "search.page_next",
            s->page < pages);
  page_item(s,
            ul,
            pages,
            "fr-pagination__link fr-pagination__link--last",
            "search.page_last",
            s->page < pages);
}

static void
render_sort(search_state *s, hdc_html_node *form)
{
  const char    *lang = hdc_page_lang(s->req);
  hdc_html_node *g =
    hdc_html_el(form, "div", "class", "fr-select-group hdc-sort", NULL);
  hdc_html_text(
    hdc_html_el(g, "label", "class", "fr-label", "for", "sort", NULL),
    hdc_web_msg(lang, "search.sort"));
  hdc_html_node *sel = hdc_html_el(
    g, "select", "class", "fr-select", "id", "sort", "name", "sort", NULL);
  static const char *const opts[][2] = {
    { "relevance", "search.sort_relevance" },
    { "title", "search.sort_title" },
    { "modified", "search.sort_modified" }
  };
  for (size_t i = 0; i < 3; i++) {
    bool sel_on = s->sort ? !strcmp(s->sort, opts[i][0]) : i == 0;
    hdc_html_text(hdc_html_el(sel,
                              "option",
                              "value",
                              opts[i][0],
                              "selected",
                              sel_on ? "" : NULL,
                              NULL),
                  hdc_web_msg(lang, opts[i][1]));
  }
}

hdc_status
hdc_web_page_search(hdc_web_req *req, hdc_web_resp *resp)
{
  hdc_status         st   = HDC_OK;
  hdc_store_results *r    = NULL;
  const char        *lang = hdc_page_lang(req);
  search_state       s;
  memset(&s, 0, sizeof s);
  s.req  = req;
  s.q    = hdc_web_req_param(req, "q");
  s.page = 1;
  hdc_store_query q;
  memset(&q, 0, sizeof q);
  q.text   = hdc_str_from(s.q);
  q.lang   = lang;
  q.facets = true;
  q.limit  = PAGE_SIZE;

  const char *sort = hdc_web_req_param(req, "sort");
  if (sort && !strcmp(sort, "title")) {
    q.sort = HDC_STORE_SORT_TITLE;
    s.sort = "title";
  } else if (sort && !strcmp(sort, "modified")) {
    q.sort = HDC_STORE_SORT_MODIFIED;
    s.sort = "modified";
  }
  const char *pg = hdc_web_req_param(req, "page");
  if (pg && *pg) {
    char         *end = NULL;
    unsigned long v   = strtoul(pg, &end, 10);
    if (*end || v < 1 || v > MAX_PAGE || pg[0] == '-')
      return hdc_web_resp_html_error(req, resp, 400, NULL);
    s.page = v;
  }
  for (size_t i = 0; i < req->n_params; i++) {
    const hdc_web_pair *p = &req->params[i];
    if (hdc_store_facet_from_key(p->name) == HDC_FACET__COUNT || !p->value ||
        !*p->value || filter_on(&s, p->name, p->value))
      continue;
    if (s.n_filters == MAX_FILTERS)
      return hdc_web_resp_html_error(req, resp, 400, NULL);
    s.filters[s.n_filters].key     = p->name;
    s.filters[s.n_filters++].value = p->value;
  }
  q.filters   = s.filters;
  q.n_filters = s.n_filters;
  q.offset    = (s.page - 1) * PAGE_SIZE;

  hdc_store *store = hdc_page_store(req);
  if (!store)
    return hdc_web_resp_html_error(req, resp, 503, NULL);
  hdc_page_labels(req);
  st = hdc_store_search(store, &q, &r, NULL);
  if (st != HDC_OK)
    return hdc_page_store_error(req, resp, st);

  const char *title =
    s.q && *s.q
      ? hdc_page_subst(req, hdc_web_msg(lang, "search.results_for"), s.q, NULL)
      : hdc_web_msg(lang, "search.all");
  hdc_html      *doc  = hdc_html_page(req, title);
  hdc_html_node *main = hdc_html_main(doc);
  hdc_html_text(hdc_html_el(main, "h1", NULL), title);

  hdc_html_node *form = hdc_html_el(main,
                                    "form",
                                    "method",
                                    "get",
                                    "action",
                                    "/search",
                                    "id",
                                    "search-form",
                                    NULL);
  hdc_page_lang_hidden(req, form);
  hdc_page_search_bar(req, form, s.q, true);

  hdc_html_node *row = hdc_html_el(
    form, "div", "class", "fr-grid-row fr-grid-row--gutters fr-mt-3w", NULL);
  hdc_html_node *side    = hdc_html_el(row,
                                    "div",
                                    "class",
                                    "fr-col-12 fr-col-md-4 hdc-facets",
                                    "id",
                                    "filters",
                                    NULL);
  hdc_html_node *results = hdc_html_el(row,
                                       "div",
                                       "class",
                                       "fr-col-12 fr-col-md-8 "
                                       "hdc-main-results",
                                       NULL);

  hdc_html_text(hdc_html_el(side, "h2", "class", "fr-h4", NULL),
                hdc_web_msg(lang, "search.filters"));
  render_sort(&s, side);
  for (size_t i = 0; i < r->n_facets; i++)
    render_facet(&s, side, &r->facets[i], i);
  hdc_html_text(hdc_html_el(side,
                            "button",
                            "class",
                            "fr-btn fr-btn--secondary",
                            "type",
                            "submit",
                            "id",
                            "apply-filters",
                            NULL),
                hdc_web_msg(lang, "search.apply"));

  hdc_html_text(hdc_html_el(results, "h2", "class", "fr-sr-only", NULL),
                hdc_web_msg(lang, "search.results"));
  hdc_html_node *count = hdc_html_el(results,
                                     "p",
                                     "class",
                                     "fr-text--lead hdc-total",
                                     "role",
                                     "status",
                                     "id",
                                     "result-count",
                                     NULL);
  if (r->total == 0)
    hdc_html_text(count, hdc_web_msg(lang, "search.count_0"));
  else if (r->total == 1)
    hdc_html_text(count, hdc_web_msg(lang, "search.count_1"));
  else
    hdc_html_text(count,
                  hdc_page_subst(req,
                                 hdc_web_msg(lang, "search.count_n"),
                                 hdc_page_count(req, r->total),
                                 NULL));
  hdc_html_text(hdc_html_el(results,
                            "a",
                            "class",
                            "fr-link hdc-to-filters",
                            "href",
                            "#filters",
                            NULL),
                hdc_web_msg(lang, "search.filters"));
  render_active(&s, results, r);

  if (r->n_hits == 0) {
    hdc_html_node *empty =
      hdc_html_el(results, "div", "class", "fr-callout hdc-empty", NULL);
    hdc_html_text(hdc_html_el(empty, "h3", "class", "fr-callout__title", NULL),
                  hdc_web_msg(lang, "search.empty_title"));
    hdc_html_text(hdc_html_el(empty, "p", "class", "fr-callout__text", NULL),
                  hdc_web_msg(lang, "search.empty_help"));
  } else {
    hdc_html_node *ul =
      hdc_html_el(results, "ul", "class", "fr-raw-list hdc-results", NULL);
    for (size_t i = 0; i < r->n_hits; i++)
      render_hit(&s, ul, &r->hits[i]);
  }
  size_t pages = (r->total + PAGE_SIZE - 1) / PAGE_SIZE;
  if (pages > MAX_PAGE)
    pages = MAX_PAGE;
  render_pagination(&s, results, pages);
  st = hdc_html_finish(doc, resp);
  hdc_store_results_free(r);
  return st;
}
