// SPDX-License-Identifier: EUPL-1.2
/*
 * GET /sources and /sources/{name}: where the catalogue's records come
 * from. The list shows every harvest source with its schedule, how many
 * records it holds and how its latest harvest went; a source's page adds
 * its recent runs (what each added, updated, withdrew, and why records
 * were refused), so a data holder can see its own harvest history.
 */
#include "pages.h"

#include <stdio.h>
#include <string.h>

#define RUNS_SHOWN 20

static const char *
schedule_label(const char *lang, const char *schedule)
{
  if (!strcmp(schedule, "daily"))
    return hdc_web_msg(lang, "src.schedule_daily");
  if (!strcmp(schedule, "weekly"))
    return hdc_web_msg(lang, "src.schedule_weekly");
  return hdc_web_msg(lang, "src.schedule_manual");
}

static void
status_badge(const char *lang, hdc_html_node *parent, const char *status)
{
  if (!status || !*status) {
    hdc_html_text(parent, hdc_web_msg(lang, "src.never"));
    return;
  }
  bool ok = !strcmp(status, "ok");
  hdc_html_text(hdc_html_el(parent,
                            "p",
                            "class",
                            ok ? "fr-badge fr-badge--success fr-badge--sm"
                               : "fr-badge fr-badge--error fr-badge--sm",
                            NULL),
                hdc_web_msg(lang, ok ? "src.ok" : "src.failed"));
}

static hdc_html_node *
table(hdc_html_node     *parent,
      const char        *caption,
      const char        *lang,
      const char *const *heads,
      size_t             n)
{
  hdc_html_node *wrap = hdc_html_el(parent, "div", "class", "fr-table", NULL);
  hdc_html_node *t    = hdc_html_el(wrap, "table", NULL);
  hdc_html_text(hdc_html_el(t, "caption", NULL), caption);
  hdc_html_node *tr = hdc_html_el(hdc_html_el(t, "thead", NULL), "tr", NULL);
  for (size_t i = 0; i < n; i++)
    hdc_html_text(hdc_html_el(tr, "th", "scope", "col", NULL),
                  hdc_web_msg(lang, heads[i]));
  return hdc_html_el(t, "tbody", NULL);
}

static void
url_cell(hdc_html_node *td, const char *url)
{
  if (url && *url)
    hdc_html_text(hdc_html_el(td,
                              "a",
                              "class",
                              "fr-link",
                              "href",
                              url,
                              "rel",
                              "noopener nofollow",
                              NULL),
                  url);
}

hdc_status
hdc_web_page_sources(hdc_web_req *req, hdc_web_resp *resp)
{
  const char        *lang  = hdc_page_lang(req);
  hdc_store         *store = hdc_page_store(req);
  hdc_store_sources *l     = NULL;
  if (!store)
    return hdc_web_resp_html_error(req, resp, 503, NULL);
  hdc_status st = hdc_store_source_list(store, &l, NULL);
  if (st != HDC_OK)
    return hdc_page_store_error(req, resp, st);
  hdc_html      *doc  = hdc_html_page(req, hdc_web_msg(lang, "src.title"));
  hdc_html_node *main = hdc_html_main(doc);
  hdc_html_text(hdc_html_el(main, "h1", NULL), hdc_web_msg(lang, "src.title"));
  if (!l->n) {
    hdc_html_text(hdc_html_el(main, "p", NULL), hdc_web_msg(lang, "src.none"));
  } else {
    static const char *const heads[] = { "src.name",     "src.url",
                                         "src.schedule", "src.records",
                                         "src.last_run", "src.status" };
    hdc_html_node           *body =
      table(main, hdc_web_msg(lang, "src.title"), lang, heads, 6);
    for (size_t i = 0; i < l->n; i++) {
      const hdc_store_source *s  = &l->items[i];
      hdc_html_node          *tr = hdc_html_el(body, "tr", NULL);
      char                    path[300];
      hdc_buf                 b = HDC_BUF_INIT;
      hdc_page_url_encode(&b, s->name);
      snprintf(path, sizeof path, "/sources/%s", b.ptr ? b.ptr : "");
      hdc_buf_clear(&b);
      hdc_html_node *td = hdc_html_el(tr, "td", NULL);
      hdc_html_text(
        hdc_html_el(td, "a", "href", hdc_page_href(req, path, NULL), NULL),
        s->name);
      if (s->removed && *s->removed) {
        hdc_html_text(td, " ");
        hdc_html_text(
          hdc_html_el(td, "span", "class", "fr-badge fr-badge--sm", NULL),
          hdc_web_msg(lang, "src.removed"));
      }
      url_cell(hdc_html_el(tr, "td", NULL), s->url);
      hdc_html_text(hdc_html_el(tr, "td", NULL),
                    schedule_label(lang, s->schedule));
      hdc_html_text(hdc_html_el(tr, "td", NULL),
                    hdc_page_count(req, (size_t)s->active));
      hdc_html_text(hdc_html_el(tr, "td", NULL),
                    s->last_run && *s->last_run
                      ? hdc_page_date(req, s->last_run)
                      : hdc_web_msg(lang, "src.never"));
      status_badge(lang, hdc_html_el(tr, "td", NULL), s->last_status);
    }
  }
  st = hdc_html_finish(doc, resp);
  hdc_store_sources_free(l);
  return st;
}

static void
fieldrow(hdc_html_node *dl,
         const char    *lang,
         const char    *key,
         const char    *value)
{
  hdc_html_node *row = hdc_html_el(dl, "div", "class", "hdc-field", NULL);
  hdc_html_text(hdc_html_el(row, "dt", NULL), hdc_web_msg(lang, key));
  hdc_html_text(hdc_html_el(row, "dd", NULL), value);
}

hdc_status
hdc_web_page_source(hdc_web_req *req, hdc_web_resp *resp)
{
  const char         *lang  = hdc_page_lang(req);
  hdc_store          *store = hdc_page_store(req);
  hdc_store_sources  *l     = NULL;
  hdc_store_run_list *runs  = NULL;
  if (!store)
    return hdc_web_resp_html_error(req, resp, 503, NULL);
  if (req->n_captures < 1)
    return hdc_web_resp_html_error(req, resp, 404, NULL);
  const char *name = req->captures[0];
  hdc_status  st   = hdc_store_source_get(store, name, &l, NULL);
  if (st == HDC_ERR_NOT_FOUND || (st == HDC_OK && !l->n)) {
    hdc_store_sources_free(l);
    return hdc_web_resp_html_error(
      req, resp, 404, hdc_web_msg(lang, "src.not_found"));
  }
  if (st != HDC_OK)
    return hdc_page_store_error(req, resp, st);
  if ((st = hdc_store_source_runs(store, name, RUNS_SHOWN, &runs, NULL))) {
    hdc_store_sources_free(l);
    return hdc_page_store_error(req, resp, st);
  }
  const hdc_store_source *s    = &l->items[0];
  hdc_html               *doc  = hdc_html_page(req, s->name);
  hdc_html_node          *main = hdc_html_main(doc);
  hdc_html_node          *bc   = hdc_html_el(main,
                                  "nav",
                                  "role",
                                  "navigation",
                                  "class",
                                  "fr-breadcrumb",
                                  "aria-label",
                                  hdc_web_msg(lang, "ds.you_are_here"),
                                  NULL);
  hdc_html_node          *bl =
    hdc_html_el(bc, "ol", "class", "fr-breadcrumb__list", NULL);
  hdc_html_text(hdc_html_el(hdc_html_el(bl, "li", NULL),
                            "a",
                            "class",
                            "fr-breadcrumb__link",
                            "href",
                            hdc_page_href(req, "/sources", NULL),
                            NULL),
                hdc_web_msg(lang, "src.title"));
  hdc_html_text(hdc_html_el(hdc_html_el(bl, "li", NULL),
                            "a",
                            "class",
                            "fr-breadcrumb__link",
                            "aria-current",
                            "page",
                            NULL),
                s->name);
  hdc_html_text(hdc_html_el(main, "h1", NULL), s->name);
  hdc_html_node *dl = hdc_html_el(main, "dl", "class", "hdc-fields", NULL);
  if (s->url && *s->url) {
    hdc_html_node *row = hdc_html_el(dl, "div", "class", "hdc-field", NULL);
    hdc_html_text(hdc_html_el(row, "dt", NULL), hdc_web_msg(lang, "src.url"));
    url_cell(hdc_html_el(row, "dd", NULL), s->url);
  }
  fieldrow(dl, lang, "src.schedule", schedule_label(lang, s->schedule));
  fieldrow(dl, lang, "src.records", hdc_page_count(req, (size_t)s->active));
  fieldrow(
    dl, lang, "src.withdrawn", hdc_page_count(req, (size_t)s->withdrawn));
  if (s->removed && *s->removed)
    fieldrow(dl, lang, "src.removed", hdc_page_date(req, s->removed));

  hdc_html_text(hdc_html_el(main, "h2", "class", "fr-h3", NULL),
                hdc_web_msg(lang, "src.runs"));
  if (!runs->n) {
    hdc_html_text(hdc_html_el(main, "p", NULL), hdc_web_msg(lang, "src.never"));
  } else {
    static const char *const heads[] = { "src.started",   "src.status",
                                         "src.added",     "src.updated",
                                         "src.unchanged", "src.invalid",
                                         "src.withdrawn", "src.errors" };
    hdc_html_node           *body =
      table(main, hdc_web_msg(lang, "src.runs"), lang, heads, 8);
    for (size_t i = 0; i < runs->n; i++) {
      const hdc_store_run_info *r  = &runs->items[i];
      hdc_html_node            *tr = hdc_html_el(body, "tr", NULL);
      hdc_html_text(hdc_html_el(tr, "td", NULL), r->started);
      status_badge(lang, hdc_html_el(tr, "td", NULL), r->status);
      const int64_t counts[] = {
        r->added, r->updated, r->unchanged, r->invalid, r->withdrawn
      };
      for (size_t k = 0; k < 5; k++)
        hdc_html_text(hdc_html_el(tr, "td", NULL),
                      hdc_page_count(req, (size_t)counts[k]));
      hdc_html_node *td = hdc_html_el(tr, "td", NULL);
      if (r->message && *r->message)
        hdc_html_text(
          hdc_html_el(td, "p", "class", "fr-text--sm fr-mb-1v", NULL),
          r->message);
      for (size_t k = 0; k < r->n_rules; k++)
        hdc_html_textf(
          hdc_html_el(td, "p", "class", "fr-text--sm fr-mb-0", NULL),
          "%s × %lld",
          r->rules[k],
          (long long)r->rule_counts[k]);
    }
  }
  st = hdc_html_finish(doc, resp);
  hdc_store_run_list_free(runs);
  hdc_store_sources_free(l);
  return st;
}
