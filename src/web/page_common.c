// SPDX-License-Identifier: EUPL-1.2
/*
 * Pieces several pages share: the DSFR search bar, a store snippet with
 * its "[matched]" words shown as <mark>, the catalogue connection of the
 * request's thread, and small number and date formatting. Everything is
 * built through the HTML builder, so escaping stays by construction.
 */
#include "pages.h"

#include <stdio.h>
#include <string.h>

hdc_store *
hdc_page_store(hdc_web_req *req)
{
  if (!req || !req->ctx)
    return NULL;
  return req->ctx->store ? req->ctx->store : hdc_web_ctx_store(req->ctx, NULL);
}

const char *
hdc_page_lang(const hdc_web_req *req)
{
  return hdc_page_lang_en(req) ? "en" : "fr";
}

void
hdc_page_search_bar(hdc_web_req   *req,
                    hdc_html_node *parent,
                    const char    *q,
                    bool           large)
{
  const char    *lang = hdc_page_lang(req);
  hdc_html_node *bar =
    hdc_html_el(parent,
                "div",
                "class",
                large ? "fr-search-bar fr-search-bar--lg" : "fr-search-bar",
                "id",
                "search-bar",
                "role",
                "search",
                NULL);
  hdc_html_text(
    hdc_html_el(bar, "label", "class", "fr-label", "for", "q", NULL),
    hdc_web_msg(lang, "search.label"));
  hdc_html_el(bar,
              "input",
              "class",
              "fr-input",
              "type",
              "search",
              "id",
              "q",
              "name",
              "q",
              "value",
              q && *q ? q : NULL,
              "placeholder",
              hdc_web_msg(lang, "search.placeholder"),
              "autocomplete",
              "off",
              NULL);
  hdc_html_text(hdc_html_el(bar,
                            "button",
                            "class",
                            "fr-btn",
                            "type",
                            "submit",
                            "title",
                            hdc_web_msg(lang, "search.button"),
                            NULL),
                hdc_web_msg(lang, "search.button"));
}

void
hdc_page_lang_hidden(hdc_web_req *req, hdc_html_node *form)
{
  if (hdc_page_lang_en(req))
    hdc_html_el(
      form, "input", "type", "hidden", "name", "lang", "value", "en", NULL);
}

void
hdc_page_snippet(hdc_html_node *parent, const char *s)
{
  /* The store wraps each matched word in '[' ']'; a bracket the text
   * itself holds only ever becomes text or an unmatched mark, never
   * markup. */
  hdc_html_node *mark = NULL;
  const char    *run  = s;
  for (const char *c = s; c && *c; c++) {
    if (*c == '[' && !mark) {
      hdc_html_text_len(parent, run, (size_t)(c - run));
      mark = hdc_html_el(parent, "mark", NULL);
      if (!mark)
        return;
      run = c + 1;
    } else if (*c == ']' && mark) {
      hdc_html_text_len(mark, run, (size_t)(c - run));
      mark = NULL;
      run  = c + 1;
    }
  }
  if (s)
    hdc_html_text(mark ? mark : parent, run);
}

const char *
hdc_page_count(hdc_web_req *req, size_t n)
{
  /* French groups thousands with a narrow no-break space, English with a
   * comma: 100 000 / 100,000. */
  char digits[32], out[64];
  snprintf(digits, sizeof digits, "%zu", n);
  bool   en  = hdc_page_lang_en(req);
  size_t len = strlen(digits), o = 0;
  for (size_t i = 0; i < len && o + 4 < sizeof out; i++) {
    if (i > 0 && (len - i) % 3 == 0) {
      if (en) {
        out[o++] = ',';
      } else { /* U+202F */
        out[o++] = (char)0xE2;
        out[o++] = (char)0x80;
        out[o++] = (char)0xAF;
      }
    }
    out[o++] = digits[i];
  }
  out[o] = '\0';
  return hdc_arena_strndup(req->arena, out, o);
}

const char *
hdc_page_date(hdc_web_req *req, const char *iso)
{
  /* An ISO date or timestamp shown as a date: 2024-03-01 → 01/03/2024 in
   * French, 2024-03-01 in English (unambiguous). Anything else as is. */
  if (!iso)
    return "";
  size_t n = strlen(iso);
  if (n < 10 || iso[4] != '-' || iso[7] != '-')
    return iso;
  char out[16];
  if (hdc_page_lang_en(req))
    snprintf(out, sizeof out, "%.10s", iso);
  else
    snprintf(out, sizeof out, "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
  const char *r = hdc_arena_strndup(req->arena, out, strlen(out));
  return r ? r : iso;
}

hdc_status
hdc_page_store_error(hdc_web_req *req, hdc_web_resp *resp, hdc_status st)
{
  const char *lang = hdc_page_lang(req);
  switch (st) {
    case HDC_ERR_LIMIT:
      return hdc_web_resp_html_error(
        req, resp, 400, hdc_web_msg(lang, "error.query_too_long"));
    case HDC_ERR_INVALID_ARG:
      return hdc_web_resp_html_error(
        req, resp, 400, hdc_web_msg(lang, "error.bad_facet"));
    case HDC_ERR_NOMEM: return st;
    default: return hdc_web_resp_html_error(req, resp, 503, NULL);
  }
}

void
hdc_page_labels(hdc_web_req *req)
{
  if (hdc_web_labels_loaded())
    return;
  const hdc_web_config *cfg =
    req && req->ctx && req->ctx->app ? hdc_web_app_config(req->ctx->app) : NULL;
  /* A failure (out of memory) only costs labels; the next page retries. */
  hdc_web_labels_load(cfg ? cfg->schemas_dir : NULL, NULL);
}

const char *
hdc_page_facet_label(hdc_web_req *req, const hdc_store_facet_value *v)
{
  /* The store's label comes from the records; when it is only the value
   * (an IRI, a code like "FRA"), the shipped vocabularies know better. */
  const char *l    = v->label;
  bool        weak = !l || !*l || !strcmp(l, v->value);
  if (!weak && !strncmp(v->value, "http", 4)) {
    size_t vl = strlen(v->value), ll = strlen(l);
    weak = ll < vl && !strcmp(v->value + vl - ll, l);
  }
  if (weak) {
    const char *voc = hdc_web_label(v->value, hdc_page_lang(req));
    if (voc)
      return voc;
  }
  return l && *l ? l : v->value;
}
