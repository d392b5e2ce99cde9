// SPDX-License-Identifier: EUPL-1.2
/*
 * The HTML builder: pages are a tree of elements in the request's arena,
 * serialised once at the end. Text and attribute values only ever become
 * escaped text, so nothing a record says (titles, descriptions, IRIs) can
 * turn into markup. URL attributes refuse every scheme but http(s), so a
 * "javascript:" IRI in a record becomes a dead link, not a script. The
 * only <script> elements allowed are external files and JSON-LD data,
 * whose text is escaped for a script context (no "<" at all).
 *
 * Allocation failures are sticky: the first one marks the document and
 * every later call does nothing, so handlers build a whole page and check
 * once, in hdc_html_finish().
 *
 * Also here: the DSFR page skeleton (skip links, header with the service
 * name and the language switch, main, footer) and the HTML error page.
 */
#include "pages.h"

#include <stdio.h>
#include <string.h>

typedef enum node_kind
{
  NODE_ELEMENT,
  NODE_TEXT
} node_kind;

typedef struct html_attr
{
  const char       *name;
  const char       *value;
  struct html_attr *next;
} html_attr;

struct hdc_html_node
{
  node_kind      kind;
  unsigned char  flags; /* NODE_VOID, NODE_SCRIPT, NODE_STYLE */
  const char    *tag;   /* element name, or the text */
  html_attr     *attrs, *attrs_last;
  hdc_html_node *first, *last, *next;
  hdc_html      *doc;
};

struct hdc_html
{
  hdc_web_req   *req;
  hdc_arena     *arena;
  bool           oom;
  bool           bad; /* a refused element (a bug in a handler) */
  hdc_html_node *root, *head, *body, *main;
};

enum
{
  NODE_VOID   = 1,
  NODE_SCRIPT = 2,
  NODE_STYLE  = 4
};

/* What serialising an element must know about it, decided once when it is
 * made (a page has thousands): written without an end tag (void), or a
 * raw-text element (script, style). */
static unsigned char
classify(const char *tag)
{
  static const char *const v[] = { "meta", "link",   "input", "br",  "img",
                                   "hr",   "source", "col",   "wbr", NULL };
  switch (tag[0]) {
    case 'm':
    case 'l':
    case 'i':
    case 'b':
    case 'h':
    case 'c':
    case 'w': break;
    case 's':
      if (!strcmp(tag, "script"))
        return NODE_SCRIPT;
      if (!strcmp(tag, "style"))
        return NODE_STYLE;
      break;
    default: return 0;
  }
  for (size_t i = 0; v[i]; i++)
    if (strcmp(tag, v[i]) == 0)
      return NODE_VOID;
  return 0;
}

/* Names come from code, never from data; still, anything but lower-case
 * letters, digits and '-' (and an event handler) is refused, so a slip in
 * a handler cannot open a hole. */
static bool
name_ok(const char *n)
{
  if (!n || !*n || strncmp(n, "on", 2) == 0)
    return false;
  for (const char *c = n; *c; c++)
    if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-'))
      return false;
  return true;
}

static bool
is_url_attr(const char *n)
{
  return strcmp(n, "href") == 0 || strcmp(n, "src") == 0 ||
         strcmp(n, "action") == 0 || strcmp(n, "formaction") == 0 ||
         strcmp(n, "cite") == 0 || strcmp(n, "poster") == 0;
}

bool
hdc_html_url_safe(const char *url)
{
  if (!url)
    return false;
  /* A scheme is what comes before the first ':' that precedes any '/',
   * '?' or '#'. Browsers ignore tabs and newlines inside it and trim
   * spaces around it ("java\tscript:"), so any such byte before that ':'
   * makes the value refused rather than guessed at. */
  size_t i = 0;
  for (; url[i]; i++) {
    unsigned char c = (unsigned char)url[i];
    if (c == '/' || c == '?' || c == '#')
      return true; /* relative */
    if (c == ':')
      break;
    if (c <= 0x20 || c == 0x7f || c == '\\')
      return false;
  }
  if (!url[i])
    return true; /* relative, no scheme */
  hdc_str scheme = { url, i };
  return hdc_str_eq_nocase(scheme, HDC_STR("http")) ||
         hdc_str_eq_nocase(scheme, HDC_STR("https"));
}

static void *
doc_alloc(hdc_html *doc, size_t n)
{
  if (!doc || doc->oom)
    return NULL;
  void *p = hdc_arena_alloc(doc->arena, n);
  if (!p)
    doc->oom = true;
  return p;
}

static const char *
doc_strdup(hdc_html *doc, const char *s, size_t len)
{
  if (!doc || doc->oom)
    return NULL;
  char *p = hdc_arena_strndup(doc->arena, s, len);
  if (!p)
    doc->oom = true;
  return p;
}

static hdc_html_node *
node_new(hdc_html *doc, node_kind kind, const char *tag)
{
  hdc_html_node *n = doc_alloc(doc, sizeof *n);
  if (!n)
    return NULL;
  memset(n, 0, sizeof *n);
  n->kind = kind;
  n->tag  = tag;
  if (kind == NODE_ELEMENT)
    n->flags = classify(tag);
  n->doc = doc;
  return n;
}

static void
node_append(hdc_html_node *parent, hdc_html_node *child)
{
  if (!parent->first)
    parent->first = child;
  else
    parent->last->next = child;
  parent->last = child;
}

static void
attr_add(hdc_html_node *n, const char *name, const char *value)
{
  hdc_html *doc = n->doc;
  if (!name_ok(name)) {
    doc->bad = true;
    return;
  }
  if (is_url_attr(name) && !hdc_html_url_safe(value))
    return; /* a dead link is better than a live script */
  html_attr  *a  = doc_alloc(doc, sizeof *a);
  const char *nm = doc_strdup(doc, name, strlen(name));
  const char *v  = doc_strdup(doc, value, strlen(value));
  if (!a || !nm || !v)
    return;
  a->name  = nm;
  a->value = v;
  a->next  = NULL;
  if (!n->attrs)
    n->attrs = a;
  else
    n->attrs_last->next = a;
  n->attrs_last = a;
}

static const char *
attr_get(const hdc_html_node *n, const char *name)
{
  for (const html_attr *a = n->attrs; a; a = a->next)
    if (strcmp(a->name, name) == 0)
      return a->value;
  return NULL;
}

hdc_html_node *
hdc_html_elv(hdc_html_node *parent, const char *tag, va_list ap)
{
  if (!parent || parent->doc->oom || parent->kind != NODE_ELEMENT)
    return NULL;
  hdc_html *doc = parent->doc;
  if (!name_ok(tag)) {
    doc->bad = true;
    return NULL;
  }
  const char    *t = doc_strdup(doc, tag, strlen(tag));
  hdc_html_node *n = t ? node_new(doc, NODE_ELEMENT, t) : NULL;
  if (!n)
    return NULL;
  for (;;) {
    const char *name = va_arg(ap, const char *);
    if (!name)
      break;
    const char *value = va_arg(ap, const char *);
    if (value) /* NULL: the attribute is left out (conditional ones) */
      attr_add(n, name, value);
  }
  node_append(parent, n);
  return n;
}

hdc_html_node *
hdc_html_el(hdc_html_node *parent, const char *tag, ...)
{
  va_list ap;
  va_start(ap, tag);
  hdc_html_node *n = hdc_html_elv(parent, tag, ap);
  va_end(ap);
  return n;
}

void
hdc_html_attr(hdc_html_node *n, const char *name, const char *value)
{
  if (n && !n->doc->oom && value)
    attr_add(n, name, value);
}

void
hdc_html_text_len(hdc_html_node *parent, const char *text, size_t len)
{
  if (!parent || parent->doc->oom || !text || !len)
    return;
  const char    *t = doc_strdup(parent->doc, text, len);
  hdc_html_node *n = t ? node_new(parent->doc, NODE_TEXT, t) : NULL;
  if (n)
    node_append(parent, n);
}

void
hdc_html_text(hdc_html_node *parent, const char *text)
{
  if (text)
    hdc_html_text_len(parent, text, strlen(text));
}

void
hdc_html_textf(hdc_html_node *parent, const char *fmt, ...)
{
  if (!parent || parent->doc->oom)
    return;
  char    small[256];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0)
    return;
  if ((size_t)n < sizeof small) {
    hdc_html_text_len(parent, small, (size_t)n);
    return;
  }
  char *big = doc_alloc(parent->doc, (size_t)n + 1);
  if (!big)
    return;
  va_start(ap, fmt);
  vsnprintf(big, (size_t)n + 1, fmt, ap);
  va_end(ap);
  hdc_html_text_len(parent, big, (size_t)n);
}

hdc_html_node *
hdc_html_el_text(hdc_html_node *parent, const char *tag, const char *text)
{
  hdc_html_node *n = hdc_html_el(parent, tag, NULL);
  hdc_html_text(n, text);
  return n;
}

hdc_html_node *
hdc_html_main(hdc_html *doc)
{
  return doc ? doc->main : NULL;
}
hdc_html_node *
hdc_html_head(hdc_html *doc)
{
  return doc ? doc->head : NULL;
}
hdc_web_req *
hdc_html_req(hdc_html *doc)
{
  return doc ? doc->req : NULL;
}

/* ------------------------------------------------------------------------ */
/* Serialisation                                                            */

/* Text and attribute values: the five significant characters become
 * references; C0 controls (not allowed in HTML) are dropped. */
static void
put_escaped(hdc_buf *out, const char *s)
{
  const char *run = s;
  for (const char *c = s; *c; c++) {
    const char *rep = NULL;
    switch (*c) {
      case '&': rep = "&amp;"; break;
      case '<': rep = "&lt;"; break;
      case '>': rep = "&gt;"; break;
      case '"': rep = "&quot;"; break;
      case '\'': rep = "&#39;"; break;
      default:
        if ((unsigned char)*c < 0x20 && *c != '\n' && *c != '\t' && *c != '\r')
          rep = "";
        break;
    }
    if (rep) {
      hdc_buf_append(out, run, (size_t)(c - run));
      hdc_buf_puts(out, rep);
      run = c + 1;
    }
  }
  hdc_buf_puts(out, run);
}

/* Text inside a JSON-LD <script>: a script element ends at the first
 * "</script" whatever its JSON says, so '<', '>' and '&' are written as
 * JSON escapes, legal inside JSON strings (the only place JSON has them). */
static void
put_script_text(hdc_buf *out, const char *s)
{
  const char *run = s;
  for (const char *c = s; *c; c++) {
    const char *rep = NULL;
    if (*c == '<')
      rep = "\\u003c";
    else if (*c == '>')
      rep = "\\u003e";
    else if (*c == '&')
      rep = "\\u0026";
    if (rep) {
      hdc_buf_append(out, run, (size_t)(c - run));
      hdc_buf_puts(out, rep);
      run = c + 1;
    }
  }
  hdc_buf_puts(out, run);
}

static void
serialise(hdc_buf *out, const hdc_html_node *n, bool in_script)
{
  if (n->kind == NODE_TEXT) {
    if (in_script)
      put_script_text(out, n->tag);
    else
      put_escaped(out, n->tag);
    return;
  }
  hdc_buf_putc(out, '<');
  hdc_buf_puts(out, n->tag);
  for (const html_attr *a = n->attrs; a; a = a->next) {
    hdc_buf_putc(out, ' ');
    hdc_buf_puts(out, a->name);
    hdc_buf_puts(out, "=\"");
    put_escaped(out, a->value);
    hdc_buf_putc(out, '"');
  }
  hdc_buf_putc(out, '>');
  if (n->flags & NODE_VOID)
    return;
  bool script = (n->flags & (NODE_SCRIPT | NODE_STYLE)) != 0;
  for (const hdc_html_node *c = n->first; c; c = c->next)
    serialise(out, c, script);
  hdc_buf_puts(out, "</");
  hdc_buf_puts(out, n->tag);
  hdc_buf_putc(out, '>');
}

/* Only two kinds of script: an external file (no text) and JSON-LD data.
 * <style> with text is refused: hdcat's CSS is a file. */
static bool
scripts_ok(const hdc_html_node *n)
{
  if (n->kind != NODE_ELEMENT)
    return true;
  if (n->flags & NODE_SCRIPT) {
    const char *type = attr_get(n, "type");
    bool        json = type && strcmp(type, "application/ld+json") == 0;
    if (!json && (n->first || !attr_get(n, "src")))
      return false;
    for (const hdc_html_node *c = n->first; c; c = c->next)
      if (c->kind != NODE_TEXT)
        return false;
    return true;
  }
  if ((n->flags & NODE_STYLE) && n->first)
    return false;
  for (const hdc_html_node *c = n->first; c; c = c->next)
    if (!scripts_ok(c))
      return false;
  return true;
}

hdc_status
hdc_html_serialise(hdc_html *doc, hdc_buf *out)
{
  if (!doc || doc->oom)
    return HDC_ERR_NOMEM;
  if (doc->bad || !scripts_ok(doc->root))
    return HDC_ERR_INTERNAL;
  hdc_buf_puts(out, "<!DOCTYPE html>\n");
  serialise(out, doc->root, false);
  hdc_buf_putc(out, '\n');
  return hdc_buf_status(out);
}

hdc_status
hdc_html_finish(hdc_html *doc, hdc_web_resp *resp)
{
  if (!resp)
    return HDC_ERR_INVALID_ARG;
  hdc_buf_reset(&resp->body);
  /* Most pages are 10-40 kB: one allocation instead of a dozen. */
  hdc_buf_reserve(&resp->body, 32768);
  hdc_status st = hdc_html_serialise(doc, &resp->body);
  if (st != HDC_OK)
    return st;
  resp->content_type = "text/html; charset=utf-8";
  return HDC_OK;
}

/* ------------------------------------------------------------------------ */
/* Links that keep the page's language                                      */

static void
put_pct(hdc_buf *out, const char *s, bool keep_slash)
{
  static const char hex[] = "0123456789ABCDEF";
  for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
    if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
        (*c >= '0' && *c <= '9') || *c == '-' || *c == '_' || *c == '.' ||
        *c == '~' || (keep_slash && *c == '/')) {
      hdc_buf_putc(out, (char)*c);
    } else {
      hdc_buf_putc(out, '%');
      hdc_buf_putc(out, hex[*c >> 4]);
      hdc_buf_putc(out, hex[*c & 15]);
    }
  }
}

void
hdc_page_url_encode(hdc_buf *out, const char *s)
{
  put_pct(out, s, false);
}

bool
hdc_page_lang_en(const hdc_web_req *req)
{
  return req && req->lang && strcmp(req->lang, "en") == 0;
}

const char *
hdc_page_href(hdc_web_req *req, const char *path, const char *const *pairs)
{
  hdc_buf b = HDC_BUF_INIT;
  put_pct(&b, path, true);
  char sep = '?';
  for (size_t i = 0; pairs && pairs[i]; i += 2) {
    if (!pairs[i + 1])
      continue;
    hdc_buf_putc(&b, sep);
    sep = '&';
    put_pct(&b, pairs[i], false);
    hdc_buf_putc(&b, '=');
    put_pct(&b, pairs[i + 1], false);
  }
  if (hdc_page_lang_en(req)) {
    hdc_buf_putc(&b, sep);
    hdc_buf_puts(&b, "lang=en");
  }
  const char *r = NULL;
  if (hdc_buf_status(&b) == HDC_OK && b.ptr)
    r = hdc_arena_strndup(req->arena, b.ptr, b.len);
  hdc_buf_clear(&b);
  return r;
}

/* The current URL with lang=@p lang instead of the request's lang
 * parameters: the switch keeps the page, the query and the filters. */
static const char *
switch_href(hdc_web_req *req, const char *lang)
{
  hdc_buf b = HDC_BUF_INIT;
  put_pct(&b, req->path ? req->path : "/", true);
  char sep = '?';
  for (size_t i = 0; i < req->n_params; i++) {
    const hdc_web_pair *p = &req->params[i];
    if (!p->name || strcmp(p->name, "lang") == 0)
      continue;
    hdc_buf_putc(&b, sep);
    sep = '&';
    put_pct(&b, p->name, false);
    hdc_buf_putc(&b, '=');
    put_pct(&b, p->value ? p->value : "", false);
  }
  hdc_buf_putc(&b, sep);
  hdc_buf_puts(&b, "lang=");
  hdc_buf_puts(&b, lang);
  const char *r = NULL;
  if (hdc_buf_status(&b) == HDC_OK && b.ptr)
    r = hdc_arena_strndup(req->arena, b.ptr, b.len);
  hdc_buf_clear(&b);
  return r;
}

/* ------------------------------------------------------------------------ */
/* The DSFR skeleton                                                        */

static void
logo(hdc_html_node *parent)
{
  hdc_html_node *p = hdc_html_el(parent, "p", "class", "fr-logo", NULL);
  hdc_html_text(p, "République");
  hdc_html_el(p, "br", NULL);
  hdc_html_text(p, "Française");
}

static void
build_header(hdc_html *doc, hdc_html_node *body, const char *lang)
{
  hdc_web_req   *req = doc->req;
  hdc_html_node *h =
    hdc_html_el(body, "header", "role", "banner", "class", "fr-header", NULL);
  hdc_html_node *b = hdc_html_el(h, "div", "class", "fr-header__body", NULL);
  b                = hdc_html_el(b, "div", "class", "fr-container", NULL);
  b = hdc_html_el(b, "div", "class", "fr-header__body-row", NULL);
  hdc_html_node *brand =
    hdc_html_el(b, "div", "class", "fr-header__brand fr-enlarge-link", NULL);
  hdc_html_node *top =
    hdc_html_el(brand, "div", "class", "fr-header__brand-top", NULL);
  logo(hdc_html_el(top, "div", "class", "fr-header__logo", NULL));
  /* On phones the tool links move into a menu dialog (DSFR's script
   * copies them there); the button opens it. */
  hdc_html_node *navbar =
    hdc_html_el(top, "div", "class", "fr-header__navbar", NULL);
  hdc_html_text(hdc_html_el(navbar,
                            "button",
                            "class",
                            "fr-btn--menu fr-btn",
                            "data-fr-opened",
                            "false",
                            "aria-controls",
                            "modal-menu",
                            "aria-haspopup",
                            "menu",
                            "id",
                            "button-menu",
                            "title",
                            hdc_web_msg(lang, "nav.menu"),
                            "type",
                            "button",
                            NULL),
                hdc_web_msg(lang, "nav.menu"));
  hdc_html_node *svc =
    hdc_html_el(brand, "div", "class", "fr-header__service", NULL);
  hdc_html_node *a = hdc_html_el(svc,
                                 "a",
                                 "href",
                                 hdc_page_href(req, "/", NULL),
                                 "title",
                                 hdc_web_msg(lang, "nav.home_title"),
                                 NULL);
  hdc_html_text(hdc_html_el(a, "p", "class", "fr-header__service-title", NULL),
                hdc_web_msg(lang, "service.name"));
  hdc_html_node *tag =
    hdc_html_el(svc, "p", "class", "fr-header__service-tagline", NULL);
  hdc_html_text(tag, hdc_web_msg(lang, "service.tagline"));

  hdc_html_node *tools =
    hdc_html_el(b, "div", "class", "fr-header__tools", NULL);
  hdc_html_node *links =
    hdc_html_el(tools, "div", "class", "fr-header__tools-links", NULL);
  hdc_html_node *ul = hdc_html_el(links, "ul", "class", "fr-btns-group", NULL);
  hdc_html_node *li = hdc_html_el(ul, "li", NULL);
  hdc_html_text(hdc_html_el(li,
                            "a",
                            "class",
                            "fr-btn fr-icon-search-line",
                            "href",
                            hdc_page_href(req, "/search", NULL),
                            NULL),
                hdc_web_msg(lang, "nav.search"));
  li = hdc_html_el(ul, "li", NULL);
  hdc_html_text(hdc_html_el(li,
                            "a",
                            "class",
                            "fr-btn fr-icon-refresh-line",
                            "href",
                            hdc_page_href(req, "/sources", NULL),
                            NULL),
                hdc_web_msg(lang, "nav.sources"));
  /* The switch names the other language in that language, and says so
   * with lang/hreflang for screen readers. */
  const char *other = strcmp(lang, "en") == 0 ? "fr" : "en";
  li                = hdc_html_el(ul, "li", NULL);
  hdc_html_node *sw = hdc_html_el(li,
                                  "a",
                                  "class",
                                  "fr-btn fr-icon-translate-2",
                                  "id",
                                  "lang-switch",
                                  "href",
                                  switch_href(req, other),
                                  "lang",
                                  other,
                                  "hreflang",
                                  other,
                                  "title",
                                  hdc_web_msg(other, "lang.switch_title"),
                                  NULL);
  hdc_html_text(sw, hdc_web_msg(other, "lang.name"));

  hdc_html_node *menu = hdc_html_el(h,
                                    "div",
                                    "class",
                                    "fr-header__menu fr-modal",
                                    "id",
                                    "modal-menu",
                                    "aria-labelledby",
                                    "button-menu",
                                    NULL);
  hdc_html_node *mc   = hdc_html_el(menu, "div", "class", "fr-container", NULL);
  hdc_html_text(hdc_html_el(mc,
                            "button",
                            "class",
                            "fr-btn--close fr-btn",
                            "aria-controls",
                            "modal-menu",
                            "title",
                            hdc_web_msg(lang, "nav.close"),
                            "type",
                            "button",
                            NULL),
                hdc_web_msg(lang, "nav.close"));
  hdc_html_el(mc, "div", "class", "fr-header__menu-links", NULL);
}

static void
build_footer(hdc_html *doc, hdc_html_node *body, const char *lang)
{
  hdc_web_req   *req = doc->req;
  hdc_html_node *f   = hdc_html_el(body,
                                 "footer",
                                 "class",
                                 "fr-footer",
                                 "role",
                                 "contentinfo",
                                 "id",
                                 "footer",
                                 NULL);
  hdc_html_node *c   = hdc_html_el(f, "div", "class", "fr-container", NULL);
  hdc_html_node *b   = hdc_html_el(c, "div", "class", "fr-footer__body", NULL);
  logo(
    hdc_html_el(b, "div", "class", "fr-footer__brand fr-enlarge-link", NULL));
  hdc_html_node *content =
    hdc_html_el(b, "div", "class", "fr-footer__content", NULL);
  hdc_html_node *d =
    hdc_html_el(content, "p", "class", "fr-footer__content-desc", NULL);
  hdc_html_text(d, hdc_web_msg(lang, "footer.desc"));
  hdc_html_node *bottom =
    hdc_html_el(c, "div", "class", "fr-footer__bottom", NULL);
  hdc_html_node *ul =
    hdc_html_el(bottom, "ul", "class", "fr-footer__bottom-list", NULL);
  static const char *const links[][2] = {
    { "/catalog", "footer.feed" },
    { "/api/v1/openapi.json", "footer.api" },
    { "/oai?verb=Identify", "footer.oai" },
    { "/validate", "footer.validate" },
  };
  for (size_t i = 0; i < sizeof links / sizeof links[0]; i++) {
    hdc_html_node *li =
      hdc_html_el(ul, "li", "class", "fr-footer__bottom-item", NULL);
    hdc_html_node *a = hdc_html_el(
      li, "a", "class", "fr-footer__bottom-link", "href", links[i][0], NULL);
    hdc_html_text(a, hdc_web_msg(lang, links[i][1]));
  }
  (void)req;
  hdc_html_node *copy =
    hdc_html_el(bottom, "div", "class", "fr-footer__bottom-copy", NULL);
  hdc_html_el_text(copy, "p", hdc_web_msg(lang, "footer.licence"));
}

hdc_html *
hdc_html_page(hdc_web_req *req, const char *title)
{
  if (!req || !req->arena)
    return NULL;
  hdc_html *doc = hdc_arena_alloc(req->arena, sizeof *doc);
  if (!doc)
    return NULL;
  memset(doc, 0, sizeof *doc);
  doc->req         = req;
  doc->arena       = req->arena;
  const char *lang = hdc_page_lang_en(req) ? "en" : "fr";

  hdc_html_node *root = node_new(doc, NODE_ELEMENT, "html");
  if (!root)
    return doc; /* oom is set: finish reports it */
  doc->root = root;
  attr_add(root, "lang", lang);
  attr_add(root, "data-fr-scheme", "light");

  hdc_html_node *head = hdc_html_el(root, "head", NULL);
  doc->head           = head;
  hdc_html_el(head, "meta", "charset", "utf-8", NULL);
  hdc_html_el(head,
              "meta",
              "name",
              "viewport",
              "content",
              "width=device-width, initial-scale=1",
              NULL);
  hdc_html_node *t = hdc_html_el(head, "title", NULL);
  if (title && *title) {
    hdc_html_text(t, title);
    hdc_html_text(t, " — ");
  }
  hdc_html_text(t, hdc_web_msg(lang, "service.name"));
  hdc_html_el(head,
              "link",
              "rel",
              "stylesheet",
              "href",
              "/static/dsfr/dsfr.min.css",
              NULL);
  hdc_html_el(
    head, "link", "rel", "stylesheet", "href", "/static/hdcat.css", NULL);
  hdc_html_el(head,
              "link",
              "rel",
              "icon",
              "type",
              "image/svg+xml",
              "href",
              "/static/dsfr/favicon/favicon.svg",
              NULL);

  hdc_html_node *body = hdc_html_el(root, "body", NULL);
  doc->body           = body;
  hdc_html_node *skip = hdc_html_el(body, "div", "class", "fr-skiplinks", NULL);
  hdc_html_node *nav  = hdc_html_el(skip,
                                   "nav",
                                   "class",
                                   "fr-container",
                                   "role",
                                   "navigation",
                                   "aria-label",
                                   hdc_web_msg(lang, "skip.label"),
                                   NULL);
  hdc_html_node *ul =
    hdc_html_el(nav, "ul", "class", "fr-skiplinks__list", NULL);
  static const char *const skips[][2] = {
    { "#content", "skip.content" },
    { "#q", "skip.search" },
    { "#footer", "skip.footer" },
  };
  for (size_t i = 0; i < 3; i++) {
    hdc_html_node *li = hdc_html_el(ul, "li", NULL);
    hdc_html_node *a =
      hdc_html_el(li, "a", "class", "fr-link", "href", skips[i][0], NULL);
    hdc_html_text(a, hdc_web_msg(lang, skips[i][1]));
  }
  build_header(doc, body, lang);
  doc->main = hdc_html_el(body,
                          "main",
                          "id",
                          "content",
                          "role",
                          "main",
                          "tabindex",
                          "-1",
                          "class",
                          "fr-container fr-py-4w",
                          NULL);
  build_footer(doc, body, lang);
  hdc_html_el(body,
              "script",
              "type",
              "module",
              "src",
              "/static/dsfr/dsfr.module.min.js",
              NULL);
  return doc;
}

/* ------------------------------------------------------------------------ */
/* Error pages                                                              */

hdc_status
hdc_web_resp_html_error(hdc_web_req  *req,
                        hdc_web_resp *resp,
                        int           status,
                        const char   *message)
{
  if (!req || !resp)
    return HDC_ERR_INVALID_ARG;
  const char *lang = hdc_page_lang_en(req) ? "en" : "fr";
  char        key[32];
  snprintf(key, sizeof key, "error.%d", status);
  const char *title = hdc_web_msg(lang, key);
  if (title == key || strcmp(title, key) == 0)
    title = hdc_web_msg(lang, "error.other");
  hdc_html      *doc  = hdc_html_page(req, title);
  hdc_html_node *main = hdc_html_main(doc);
  hdc_html_node *h1   = hdc_html_el(main, "h1", NULL);
  hdc_html_text(h1, title);
  hdc_html_node *p = hdc_html_el(main, "p", "class", "fr-text--lead", NULL);
  hdc_html_textf(p, "%s %d", hdc_web_msg(lang, "error.code"), status);
  if (message && *message)
    hdc_html_el_text(main, "p", message);
  hdc_html_node *ul = hdc_html_el(
    main, "ul", "class", "fr-btns-group fr-btns-group--inline-md", NULL);
  hdc_html_node *li = hdc_html_el(ul, "li", NULL);
  hdc_html_node *a  = hdc_html_el(
    li, "a", "class", "fr-btn", "href", hdc_page_href(req, "/", NULL), NULL);
  hdc_html_text(a, hdc_web_msg(lang, "error.back_home"));
  hdc_status st = hdc_html_finish(doc, resp);
  if (st == HDC_OK)
    resp->status = status;
  return st;
}
