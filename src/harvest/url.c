// SPDX-License-Identifier: EUPL-1.2
/*
 * URL arithmetic the harvester needs and nothing more: resolving a paging
 * link against the URL of the page that gave it (RFC 3986 §5.2; a legacy
 * hydra:nextPage is often a relative literal, which no parser resolves),
 * and the host of a URL, which paging links must keep.
 */
#include "hdcat/harvest.h"

#include <string.h>

/* The parts of an absolute URL: [ptr, ptr+len) views into it. */
typedef struct url_parts
{
  hdc_str scheme, authority, path, query;
  bool    has_authority, has_query;
} url_parts;

static void
split(const char *u, url_parts *p)
{
  memset(p, 0, sizeof *p);
  const char *s = u;
  const char *c = strpbrk(s, ":/?#");
  if (c && *c == ':' && c > s) {
    p->scheme = (hdc_str){ s, (size_t)(c - s) };
    s         = c + 1;
  }
  if (s[0] == '/' && s[1] == '/') {
    s += 2;
    size_t n         = strcspn(s, "/?#");
    p->authority     = (hdc_str){ s, n };
    p->has_authority = true;
    s += n;
  }
  size_t n = strcspn(s, "?#");
  p->path  = (hdc_str){ s, n };
  s += n;
  if (*s == '?') {
    s++;
    size_t m     = strcspn(s, "#");
    p->query     = (hdc_str){ s, m };
    p->has_query = true;
  }
}

/* Append @p path to @p out with its dot segments removed (RFC 3986
 * §5.2.4), segment by segment. */
static void
put_path(hdc_buf *out, hdc_str path)
{
  size_t base = out->len;
  size_t i    = 0;
  while (i < path.len) {
    size_t j = i + 1;
    while (j < path.len && path.ptr[j] != '/')
      j++;
    /* Segment [i, j) starts with '/' except possibly the first. */
    hdc_str seg = { path.ptr + i, j - i };
    if (hdc_str_eq(seg, HDC_STR("/.")) || hdc_str_eq(seg, HDC_STR("."))) {
      if (j == path.len)
        hdc_buf_putc(out, '/');
    } else if (hdc_str_eq(seg, HDC_STR("/..")) ||
               hdc_str_eq(seg, HDC_STR(".."))) {
      while (out->len > base && out->ptr[out->len - 1] != '/')
        out->len--;
      if (out->len > base)
        out->len--;
      if (j == path.len)
        hdc_buf_putc(out, '/');
    } else {
      hdc_buf_put_str(out, seg);
    }
    i = j;
  }
  if (out->ptr && !out->oom)
    out->ptr[out->len] = '\0';
}

hdc_status
hdc_harvest_url_resolve(const char *base, const char *ref, hdc_buf *out)
{
  url_parts b, r;
  if (!base || !ref || !out)
    return HDC_ERR_INVALID_ARG;
  split(base, &b);
  if (!b.scheme.len || !b.has_authority)
    return HDC_ERR_INVALID_ARG;
  while (*ref == ' ' || *ref == '\t' || *ref == '\n' || *ref == '\r')
    ref++;
  split(ref, &r);
  if (r.scheme.len) {
    hdc_buf_put_str(out, r.scheme);
    hdc_buf_putc(out, ':');
    if (r.has_authority) {
      hdc_buf_puts(out, "//");
      hdc_buf_put_str(out, r.authority);
    }
    put_path(out, r.path);
    if (r.has_query) {
      hdc_buf_putc(out, '?');
      hdc_buf_put_str(out, r.query);
    }
    return hdc_buf_status(out);
  }
  hdc_buf_put_str(out, b.scheme);
  hdc_buf_puts(out, "://");
  if (r.has_authority) {
    hdc_buf_put_str(out, r.authority);
    put_path(out, r.path);
  } else {
    hdc_buf_put_str(out, b.authority);
    if (!r.path.len) {
      hdc_buf_put_str(out, b.path);
      if (!r.has_query && b.has_query) {
        hdc_buf_putc(out, '?');
        hdc_buf_put_str(out, b.query);
      }
    } else if (r.path.ptr[0] == '/') {
      put_path(out, r.path);
    } else {
      /* Merge: the base path up to its last '/', then the reference. */
      hdc_buf merged = HDC_BUF_INIT;
      size_t  k      = b.path.len;
      while (k > 0 && b.path.ptr[k - 1] != '/')
        k--;
      if (!k)
        hdc_buf_putc(&merged, '/');
      else
        hdc_buf_append(&merged, b.path.ptr, k);
      hdc_buf_put_str(&merged, r.path);
      if (hdc_buf_status(&merged)) {
        hdc_buf_clear(&merged);
        return HDC_ERR_NOMEM;
      }
      put_path(out, hdc_buf_view(&merged));
      hdc_buf_clear(&merged);
    }
  }
  if (r.has_query) {
    hdc_buf_putc(out, '?');
    hdc_buf_put_str(out, r.query);
  }
  return hdc_buf_status(out);
}

bool
hdc_harvest_url_host(const char *url, char *out, size_t cap)
{
  url_parts p;
  if (!url || !out || !cap)
    return false;
  split(url, &p);
  if (!p.has_authority)
    return false;
  hdc_str     a  = p.authority;
  const char *at = memchr(a.ptr, '@', a.len);
  if (at) {
    a.len -= (size_t)(at + 1 - a.ptr);
    a.ptr = at + 1;
  }
  size_t n = a.len;
  if (n && a.ptr[0] == '[') {
    const char *close = memchr(a.ptr, ']', a.len);
    n                 = close ? (size_t)(close - a.ptr) + 1 : a.len;
  } else {
    const char *colon = memchr(a.ptr, ':', a.len);
    if (colon)
      n = (size_t)(colon - a.ptr);
  }
  if (!n || n >= cap)
    return false;
  for (size_t i = 0; i < n; ++i) {
    char c = a.ptr[i];
    out[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
  }
  out[n] = '\0';
  return true;
}
