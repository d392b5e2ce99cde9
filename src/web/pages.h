// SPDX-License-Identifier: EUPL-1.2
/*
 * Inside the pages for people: the HTML builder's extra calls, links that
 * keep the page's language, vocabulary labels, and the page handlers the
 * routes table names. Everything here builds on web_internal.h; nothing
 * here writes markup by hand.
 */
#ifndef HDC_WEB_PAGES_H
#define HDC_WEB_PAGES_H

#include "web_internal.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/* ---- html.c ------------------------------------------------------------- */

/** hdc_html_el() with a va_list. */
hdc_html_node *hdc_html_elv(hdc_html_node *parent, const char *tag, va_list ap);
/** Element @p tag with @p text (escaped) as its content. */
hdc_html_node *hdc_html_el_text(hdc_html_node *parent,
                                const char    *tag,
                                const char    *text);
/** Add one attribute (NULL value: none; URL attributes checked). */
void hdc_html_attr(hdc_html_node *n, const char *name, const char *value);
/** Append [text, text+len) (escaped). */
void hdc_html_text_len(hdc_html_node *parent, const char *text, size_t len);
/** The request the page is built for. */
hdc_web_req *hdc_html_req(hdc_html *doc);
/** Serialise @p doc into @p out (appended). HDC_ERR_NOMEM after any
 *  allocation failure while building, HDC_ERR_INTERNAL if a handler asked
 *  for something the builder refuses (an inline script, a bad name). */
hdc_status hdc_html_serialise(hdc_html *doc, hdc_buf *out);
/** True if @p url may be an href: relative, or http(s). */
bool hdc_html_url_safe(const char *url);
/** Free the page skeleton's kept markup (made again on the next page);
 *  at exit, not while pages are served. */
void hdc_html_skeleton_free(void);

/** True if the page is in English. */
bool hdc_page_lang_en(const hdc_web_req *req);
/** "@p path?k=v&..." from NULL-terminated key, value pairs (a NULL value
 *  skips its pair), percent-encoded, plus lang=en on English pages; in the
 *  request's arena (NULL on OOM). */
const char *hdc_page_href(hdc_web_req       *req,
                          const char        *path,
                          const char *const *pairs);
/** Percent-encode @p s for a query value or path segment (appended). */
void hdc_page_url_encode(hdc_buf *out, const char *s);

/* ---- i18n.c ------------------------------------------------------------- */

/** @p tmpl with its first two "%s" replaced by @p a and @p b (NULL: ""),
 *  in the request's arena; NULL on OOM. */
const char *hdc_page_subst(hdc_web_req *req,
                           const char  *tmpl,
                           const char  *a,
                           const char  *b);
/** Number of interface strings, and the key of the @p i-th (tests). */
size_t      hdc_web_msg_count(void);
const char *hdc_web_msg_key(size_t i);

/* ---- labels.c ----------------------------------------------------------- */

/**
 * The label of vocabulary IRI @p iri in @p lang ("fr"/"en"), falling back
 * to English, then any language; NULL if the shipped vocabularies have
 * none. The table is loaded once (hdc_web_labels_load) and read-only after.
 */
const char *hdc_web_label(const char *iri, const char *lang);
/** Load the labels of the SKOS/RDFS vocabularies under @p schemas_dir
 *  (NULL: only the built-in ones). Safe to call more than once: the first
 *  successful call wins. */
hdc_status hdc_web_labels_load(const char *schemas_dir, hdc_error *err);
/** True once the table is loaded. */
bool hdc_web_labels_loaded(void);
/** Free the table (at exit; not while pages are served). */
void hdc_web_labels_free(void);

/* ---- page_common.c ------------------------------------------------------ */

/** The request thread's catalogue, or NULL. */
hdc_store *hdc_page_store(hdc_web_req *req);
/** "fr" or "en". */
const char *hdc_page_lang(const hdc_web_req *req);
/** The DSFR search bar (label, input id "q" name "q", button). */
void hdc_page_search_bar(hdc_web_req   *req,
                         hdc_html_node *parent,
                         const char    *q,
                         bool           large);
/** A hidden lang=en field on English pages, so forms keep the language. */
void hdc_page_lang_hidden(hdc_web_req *req, hdc_html_node *form);
/** A store snippet, its "[word]" marks as <mark>. */
void hdc_page_snippet(hdc_html_node *parent, const char *s);
/** @p n with thousands grouped the page language's way. */
const char *hdc_page_count(hdc_web_req *req, size_t n);
/** An ISO date as people of the page's language write it. */
const char *hdc_page_date(hdc_web_req *req, const char *iso);
/** Load the vocabulary labels if no page has yet (from the service's
 *  schemas directory). */
void hdc_page_labels(hdc_web_req *req);
/** The label to show for a facet value: the store's, else the shipped
 *  vocabularies', else the value. */
const char *hdc_page_facet_label(hdc_web_req                 *req,
                                 const hdc_store_facet_value *v);
/** The error page for a store failure (400 for a bad query, 503 else). */
hdc_status hdc_page_store_error(hdc_web_req  *req,
                                hdc_web_resp *resp,
                                hdc_status    st);

/* ---- static.c ----------------------------------------------------------- */

/** The Content-Type served for file @p name, by extension; NULL: the
 *  file is not served. */
const char *hdc_web_static_type(const char *name);

#endif /* HDC_WEB_PAGES_H */
