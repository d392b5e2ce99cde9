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
 * name and the language switch, main, footer), whose fixed parts are
 * serialised once per language and copied into every page, and the HTML
 * error page.
 */
#include "pages.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef enum node_kind
{
  NODE_ELEMENT,
  NODE_TEXT,
  /* Markup this file's serialiser wrote earlier (the page skeleton's
   * fixed parts, made once per language): copied as it is. Never made
   * from anything a handler passes. */
  NODE_MARKUP
} node_kind;

typedef struct html_attr
{
  const char       *name;
  const char       *value;
  size_t            name_len, value_len;
  struct html_attr *next;
} html_attr;

struct hdc_html_node
{
  node_kind      kind;
  unsigned char  flags; /* NODE_VOID, NODE_SCRIPT, NODE_STYLE */
  const char    *tag;   /* element name, the text, or the markup */
  size_t         len;   /* of tag */
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
classify(const char *tag, size_t len)
{
  /* By length first: most tags (div, p, li, a, span, dd) end here. */
  switch (len) {
    case 2:
      return !memcmp(tag, "br", 2) || !memcmp(tag, "hr", 2) ? NODE_VOID : 0;
    case 3:
      return !memcmp(tag, "img", 3) || !memcmp(tag, "col", 3) ||
                 !memcmp(tag, "wbr", 3)
               ? NODE_VOID
               : 0;
    case 4:
      return !memcmp(tag, "meta", 4) || !memcmp(tag, "link", 4) ? NODE_VOID : 0;
    case 5:
      if (!memcmp(tag, "input", 5))
        return NODE_VOID;
      return !memcmp(tag, "style", 5) ? NODE_STYLE : 0;
    case 6:
      if (!memcmp(tag, "source", 6))
        return NODE_VOID;
      return !memcmp(tag, "script", 6) ? NODE_SCRIPT : 0;
    default: return 0;
  }
}

/* Names come from code, never from data; still, anything but lower-case
 * letters, digits and '-' (and an event handler) is refused, so a slip in
 * a handler cannot open a hole. The length, or 0 if refused. */
static size_t
name_ok(const char *n)
{
  if (!n || !*n || (n[0] == 'o' && n[1] == 'n'))
    return 0;
  const char *c = n;
  for (; *c; c++)
    if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-'))
      return 0;
  return (size_t)(c - n);
}

static bool
is_url_attr(const char *n, size_t len)
{
  switch (len) {
    case 3: return !memcmp(n, "src", 3);
    case 4: return !memcmp(n, "href", 4) || !memcmp(n, "cite", 4);
    case 6: return !memcmp(n, "action", 6) || !memcmp(n, "poster", 6);
    case 10: return !memcmp(n, "formaction", 10);
    default: return false;
  }
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

/* A node whose text (a tag name, text or markup) is copied into the
 * document's arena with it, in one allocation. */
static hdc_html_node *
node_new(hdc_html *doc, node_kind kind, const char *tag, size_t len)
{
  if (!doc || doc->oom)
    return NULL;
  if (len > SIZE_MAX - sizeof(hdc_html_node) - 1) {
    doc->oom = true;
    return NULL;
  }
  hdc_html_node *n = doc_alloc(doc, sizeof *n + len + 1);
  if (!n)
    return NULL;
  memset(n, 0, sizeof *n);
  char *t = (char *)(n + 1);
  memcpy(t, tag, len);
  t[len]  = '\0';
  n->kind = kind;
  n->tag  = t;
  n->len  = len;
  if (kind == NODE_ELEMENT)
    n->flags = classify(t, len);
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
  size_t    nl  = name_ok(name);
  if (!nl) {
    doc->bad = true;
    return;
  }
  if (is_url_attr(name, nl) && !hdc_html_url_safe(value))
    return; /* a dead link is better than a live script */
  /* The attribute, its name and its value in one allocation. */
  size_t vl = strlen(value);
  if (vl > SIZE_MAX - sizeof(html_attr) - nl - 2) {
    doc->oom = true;
    return;
  }
  html_attr *a = doc_alloc(doc, sizeof *a + nl + vl + 2);
  if (!a)
    return;
  char *nm = (char *)(a + 1);
  char *v  = nm + nl + 1;
  memcpy(nm, name, nl + 1);
  memcpy(v, value, vl + 1);
  a->name      = nm;
  a->name_len  = nl;
  a->value     = v;
  a->value_len = vl;
  a->next      = NULL;
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
  size_t    tl  = name_ok(tag);
  if (!tl) {
    doc->bad = true;
    return NULL;
  }
  hdc_html_node *n = node_new(doc, NODE_ELEMENT, tag, tl);
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
  if (!parent || parent->doc->oom || !text || !len ||
      parent->kind != NODE_ELEMENT)
    return;
  len = strnlen(text, len); /* the text ends at a NUL, as it always did */
  hdc_html_node *n = node_new(parent->doc, NODE_TEXT, text, len);
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

/* Append [p, p+n) to @p out. A page is some thousands of small pieces:
 * the common case (room left) is a copy here, not a call; growth and
 * allocation failure are left to hdc_buf_append(). */
static inline void
out_put(hdc_buf *out, const void *p, size_t n)
{
  if (!out->oom && out->ptr && n < out->cap - out->len) {
    memcpy(out->ptr + out->len, p, n);
    out->len += n;
    out->ptr[out->len] = '\0';
  } else {
    hdc_buf_append(out, p, n);
  }
}

static inline void
out_putc(hdc_buf *out, char c)
{
  out_put(out, &c, 1);
}

/* What put_escaped() writes for each byte: NULL to copy it, "" to drop it
 * (C0 controls but tab, line feed and carriage return: not allowed in
 * HTML), else the reference for the five significant characters. */
static const char *const escapes[256] = {
  [0] = "",         [1] = "",         [2] = "",       [3] = "",
  [4] = "",         [5] = "",         [6] = "",       [7] = "",
  [8] = "",         [11] = "",        [12] = "",      [14] = "",
  [15] = "",        [16] = "",        [17] = "",      [18] = "",
  [19] = "",        [20] = "",        [21] = "",      [22] = "",
  [23] = "",        [24] = "",        [25] = "",      [26] = "",
  [27] = "",        [28] = "",        [29] = "",      [30] = "",
  [31] = "",        ['&'] = "&amp;",  ['<'] = "&lt;", ['>'] = "&gt;",
  ['"'] = "&quot;", ['\''] = "&#39;",
};

/* Text and attribute values [s, s+len): the five significant characters
 * become references; C0 controls are dropped. Runs of plain bytes are
 * copied at once: most text has nothing to escape. */
static void
put_escaped(hdc_buf *out, const char *s, size_t len)
{
  const unsigned char *p   = (const unsigned char *)s;
  const unsigned char *end = p + len;
  while (p < end) {
    const unsigned char *run = p;
    while (p < end && !escapes[*p])
      p++;
    if (p > run)
      out_put(out, run, (size_t)(p - run));
    if (p == end)
      break;
    const char *rep = escapes[*p++];
    if (*rep)
      out_put(out, rep, strlen(rep));
  }
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
  if (n->kind == NODE_MARKUP) {
    out_put(out, n->tag, n->len);
    return;
  }
  if (n->kind == NODE_TEXT) {
    if (in_script)
      put_script_text(out, n->tag);
    else
      put_escaped(out, n->tag, n->len);
    return;
  }
  out_putc(out, '<');
  out_put(out, n->tag, n->len);
  for (const html_attr *a = n->attrs; a; a = a->next) {
    out_putc(out, ' ');
    out_put(out, a->name, a->name_len);
    out_put(out, "=\"", 2);
    put_escaped(out, a->value, a->value_len);
    out_putc(out, '"');
  }
  out_putc(out, '>');
  if (n->flags & NODE_VOID)
    return;
  bool script = (n->flags & (NODE_SCRIPT | NODE_STYLE)) != 0;
  for (const hdc_html_node *c = n->first; c; c = c->next)
    serialise(out, c, script);
  out_put(out, "</", 2);
  out_put(out, n->tag, n->len);
  out_putc(out, '>');
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

static bool
pct_keep(unsigned char c, bool keep_slash)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
         c == '~' || (keep_slash && c == '/');
}

static void
put_pct(hdc_buf *out, const char *s, bool keep_slash)
{
  static const char hex[] = "0123456789ABCDEF";
  for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
    if (pct_keep(*c, keep_slash)) {
      hdc_buf_putc(out, (char)*c);
    } else {
      hdc_buf_putc(out, '%');
      hdc_buf_putc(out, hex[*c >> 4]);
      hdc_buf_putc(out, hex[*c & 15]);
    }
  }
}

/* put_pct() into memory: the length it writes, then the writing. */
static size_t
pct_len(const char *s, bool keep_slash)
{
  size_t n = 0;
  for (const unsigned char *c = (const unsigned char *)s; *c; c++)
    n += pct_keep(*c, keep_slash) ? 1 : 3;
  return n;
}

static char *
pct_write(char *o, const char *s, bool keep_slash)
{
  static const char hex[] = "0123456789ABCDEF";
  for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
    if (pct_keep(*c, keep_slash)) {
      *o++ = (char)*c;
    } else {
      *o++ = '%';
      *o++ = hex[*c >> 4];
      *o++ = hex[*c & 15];
    }
  }
  return o;
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
  /* Measured, then written straight into the request's arena: a page
   * makes dozens of links, and a buffer for each cost an allocation and a
   * copy. Lengths are bounded by the request and record limits, far from
   * overflowing. */
  bool   en = hdc_page_lang_en(req);
  size_t n  = pct_len(path, true);
  for (size_t i = 0; pairs && pairs[i]; i += 2)
    if (pairs[i + 1])
      n += 2 + pct_len(pairs[i], false) + pct_len(pairs[i + 1], false);
  if (en)
    n += 8; /* "?lang=en" */
  char *r = hdc_arena_alloc(req->arena, n + 1);
  if (!r)
    return NULL;
  char *o   = pct_write(r, path, true);
  char  sep = '?';
  for (size_t i = 0; pairs && pairs[i]; i += 2) {
    if (!pairs[i + 1])
      continue;
    *o++ = sep;
    sep  = '&';
    o    = pct_write(o, pairs[i], false);
    *o++ = '=';
    o    = pct_write(o, pairs[i + 1], false);
  }
  if (en) {
    *o++ = sep;
    memcpy(o, "lang=en", 7);
    o += 7;
  }
  *o = '\0';
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
/*
 * Most of the skeleton is the same on every page of a language: the head's
 * meta and style links, the skip links, the header's brand, tool links and
 * menu, the footer. Those parts are built with the same calls as the rest,
 * serialised once per language into markup kept for the life of the
 * process, and copied into each page; only what depends on the request
 * (the title, the language switch's link) is built per page. The markup
 * comes from this file's serialiser alone, so it is escaped like the rest.
 */

typedef enum frag_id
{
  FRAG_HEAD_META,  /* charset, viewport */
  FRAG_HEAD_LINKS, /* style sheets, icon */
  FRAG_SKIP,       /* the skip links */
  FRAG_BRAND,      /* logo, menu button, service name and tagline */
  FRAG_TOOLS,      /* the search and sources tool links */
  FRAG_MENU,       /* the phone menu dialog */
  FRAG_FOOTER,     /* the footer and the DSFR script */
  N_FRAGS
} frag_id;

typedef struct frag
{
  const char *markup;
  size_t      len;
} frag;

static pthread_mutex_t g_frag_lock = PTHREAD_MUTEX_INITIALIZER;
/* Index 0 French, 1 English. Published with release order once complete,
 * then only read. */
static _Atomic(frag *) g_frags[2][N_FRAGS];

/* Links of the skeleton: the page language's form of @p path, known
 * without a request ("/search" or "/search?lang=en"). */
static const char *
skel_href(const char *lang, const char *path_fr, const char *path_en)
{
  return strcmp(lang, "en") == 0 ? path_en : path_fr;
}

static void
logo(hdc_html_node *parent)
{
  hdc_html_node *p = hdc_html_el(parent, "p", "class", "fr-logo", NULL);
  hdc_html_text(p, "République");
  hdc_html_el(p, "br", NULL);
  hdc_html_text(p, "Française");
}

static void
build_frag(frag_id id, hdc_html_node *parent, const char *lang)
{
  switch (id) {
    case FRAG_HEAD_META:
      hdc_html_el(parent, "meta", "charset", "utf-8", NULL);
      hdc_html_el(parent,
                  "meta",
                  "name",
                  "viewport",
                  "content",
                  "width=device-width, initial-scale=1",
                  NULL);
      break;
    case FRAG_HEAD_LINKS:
      hdc_html_el(parent,
                  "link",
                  "rel",
                  "stylesheet",
                  "href",
                  "/static/dsfr/dsfr.min.css",
                  NULL);
      hdc_html_el(
        parent, "link", "rel", "stylesheet", "href", "/static/hdcat.css", NULL);
      hdc_html_el(parent,
                  "link",
                  "rel",
                  "icon",
                  "type",
                  "image/svg+xml",
                  "href",
                  "/static/dsfr/favicon/favicon.svg",
                  NULL);
      break;
    case FRAG_SKIP: {
      hdc_html_node *skip =
        hdc_html_el(parent, "div", "class", "fr-skiplinks", NULL);
      hdc_html_node *nav = hdc_html_el(skip,
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
      break;
    }
    case FRAG_BRAND: {
      hdc_html_node *brand = hdc_html_el(
        parent, "div", "class", "fr-header__brand fr-enlarge-link", NULL);
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
                                     skel_href(lang, "/", "/?lang=en"),
                                     "title",
                                     hdc_web_msg(lang, "nav.home_title"),
                                     NULL);
      hdc_html_text(
        hdc_html_el(a, "p", "class", "fr-header__service-title", NULL),
        hdc_web_msg(lang, "service.name"));
      hdc_html_node *tag =
        hdc_html_el(svc, "p", "class", "fr-header__service-tagline", NULL);
      hdc_html_text(tag, hdc_web_msg(lang, "service.tagline"));
      break;
    }
    case FRAG_TOOLS: {
      hdc_html_node *li = hdc_html_el(parent, "li", NULL);
      hdc_html_text(hdc_html_el(li,
                                "a",
                                "class",
                                "fr-btn fr-icon-search-line",
                                "href",
                                skel_href(lang, "/search", "/search?lang=en"),
                                NULL),
                    hdc_web_msg(lang, "nav.search"));
      li = hdc_html_el(parent, "li", NULL);
      hdc_html_text(hdc_html_el(li,
                                "a",
                                "class",
                                "fr-btn fr-icon-refresh-line",
                                "href",
                                skel_href(lang, "/sources", "/sources?lang=en"),
                                NULL),
                    hdc_web_msg(lang, "nav.sources"));
      break;
    }
    case FRAG_MENU: {
      hdc_html_node *menu = hdc_html_el(parent,
                                        "div",
                                        "class",
                                        "fr-header__menu fr-modal",
                                        "id",
                                        "modal-menu",
                                        "aria-labelledby",
                                        "button-menu",
                                        NULL);
      hdc_html_node *mc =
        hdc_html_el(menu, "div", "class", "fr-container", NULL);
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
      break;
    }
    case FRAG_FOOTER: {
      hdc_html_node *f = hdc_html_el(parent,
                                     "footer",
                                     "class",
                                     "fr-footer",
                                     "role",
                                     "contentinfo",
                                     "id",
                                     "footer",
                                     NULL);
      hdc_html_node *c = hdc_html_el(f, "div", "class", "fr-container", NULL);
      hdc_html_node *b =
        hdc_html_el(c, "div", "class", "fr-footer__body", NULL);
      logo(hdc_html_el(
        b, "div", "class", "fr-footer__brand fr-enlarge-link", NULL));
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
        hdc_html_node *a = hdc_html_el(li,
                                       "a",
                                       "class",
                                       "fr-footer__bottom-link",
                                       "href",
                                       links[i][0],
                                       NULL);
        hdc_html_text(a, hdc_web_msg(lang, links[i][1]));
      }
      hdc_html_node *copy =
        hdc_html_el(bottom, "div", "class", "fr-footer__bottom-copy", NULL);
      hdc_html_el_text(copy, "p", hdc_web_msg(lang, "footer.licence"));
      hdc_html_el(parent,
                  "script",
                  "type",
                  "module",
                  "src",
                  "/static/dsfr/dsfr.module.min.js",
                  NULL);
      break;
    }
    case N_FRAGS: break;
  }
}

/* Build fragment @p id of language @p li alone and serialise it; NULL on
 * OOM (the caller then builds it in the page). */
static frag *
frag_make(frag_id id, int li)
{
  const char *lang = li ? "en" : "fr";
  frag       *f    = NULL;
  hdc_buf     out  = HDC_BUF_INIT;
  hdc_html    doc;
  memset(&doc, 0, sizeof doc);
  doc.arena = hdc_arena_new(16384);
  if (!doc.arena)
    goto done;
  /* A holder element whose children are the fragment; never serialised
   * itself. */
  hdc_html_node *holder = node_new(&doc, NODE_ELEMENT, "div", 3);
  if (!holder)
    goto done;
  build_frag(id, holder, lang);
  if (doc.oom || doc.bad || !scripts_ok(holder))
    goto done;
  for (const hdc_html_node *c = holder->first; c; c = c->next)
    serialise(&out, c, false);
  if (hdc_buf_status(&out) != HDC_OK || !out.ptr)
    goto done;
  f = hdc_malloc(sizeof *f);
  if (!f)
    goto done;
  f->len    = out.len;
  f->markup = hdc_buf_detach(&out, NULL);
  if (!f->markup) {
    hdc_free(f);
    f = NULL;
  }
done:
  hdc_buf_clear(&out);
  hdc_arena_free(doc.arena);
  return f;
}

/* Append fragment @p id to @p parent: the kept markup, made on first use;
 * built in place if it cannot be made. */
static void
put_frag(hdc_html_node *parent, frag_id id, const char *lang)
{
  if (!parent || parent->doc->oom)
    return;
  int   li = strcmp(lang, "en") == 0;
  frag *f  = atomic_load_explicit(&g_frags[li][id], memory_order_acquire);
  if (!f) {
    pthread_mutex_lock(&g_frag_lock);
    f = atomic_load_explicit(&g_frags[li][id], memory_order_relaxed);
    if (!f && (f = frag_make(id, li)))
      atomic_store_explicit(&g_frags[li][id], f, memory_order_release);
    pthread_mutex_unlock(&g_frag_lock);
  }
  if (!f) {
    build_frag(id, parent, lang);
    return;
  }
  /* The markup is kept for the life of the process: the node points at
   * it rather than copying it. */
  hdc_html_node *n = doc_alloc(parent->doc, sizeof *n);
  if (!n)
    return;
  memset(n, 0, sizeof *n);
  n->kind = NODE_MARKUP;
  n->tag  = f->markup;
  n->len  = f->len;
  n->doc  = parent->doc;
  node_append(parent, n);
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
  put_frag(b, FRAG_BRAND, lang);
  hdc_html_node *tools =
    hdc_html_el(b, "div", "class", "fr-header__tools", NULL);
  hdc_html_node *links =
    hdc_html_el(tools, "div", "class", "fr-header__tools-links", NULL);
  hdc_html_node *ul = hdc_html_el(links, "ul", "class", "fr-btns-group", NULL);
  put_frag(ul, FRAG_TOOLS, lang);
  /* The switch names the other language in that language, and says so
   * with lang/hreflang for screen readers. It keeps the request's page
   * and query, so it is the one part built for each page. */
  const char    *other = strcmp(lang, "en") == 0 ? "fr" : "en";
  hdc_html_node *li    = hdc_html_el(ul, "li", NULL);
  hdc_html_node *sw    = hdc_html_el(li,
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
  put_frag(h, FRAG_MENU, lang);
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

  hdc_html_node *root = node_new(doc, NODE_ELEMENT, "html", 4);
  if (!root)
    return doc; /* oom is set: finish reports it */
  doc->root = root;
  attr_add(root, "lang", lang);
  attr_add(root, "data-fr-scheme", "light");

  hdc_html_node *head = hdc_html_el(root, "head", NULL);
  doc->head           = head;
  put_frag(head, FRAG_HEAD_META, lang);
  hdc_html_node *t = hdc_html_el(head, "title", NULL);
  if (title && *title) {
    hdc_html_text(t, title);
    hdc_html_text(t, " — ");
  }
  hdc_html_text(t, hdc_web_msg(lang, "service.name"));
  put_frag(head, FRAG_HEAD_LINKS, lang);

  hdc_html_node *body = hdc_html_el(root, "body", NULL);
  doc->body           = body;
  put_frag(body, FRAG_SKIP, lang);
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
  put_frag(body, FRAG_FOOTER, lang);
  return doc;
}

void
hdc_html_skeleton_free(void)
{
  pthread_mutex_lock(&g_frag_lock);
  for (size_t l = 0; l < 2; l++)
    for (size_t i = 0; i < N_FRAGS; i++) {
      frag *f = atomic_exchange(&g_frags[l][i], NULL);
      if (f) {
        hdc_free((void *)f->markup);
        hdc_free(f);
      }
    }
  pthread_mutex_unlock(&g_frag_lock);
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
