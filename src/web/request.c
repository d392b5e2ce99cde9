// SPDX-License-Identifier: EUPL-1.2
/*
 * Reading requests and shaping common answers: strict percent-decoding of
 * the request target (a bad escape, an encoded NUL, bytes that are not
 * UTF-8 or a "." / ".." segment are refused rather than guessed at, so no
 * handler ever sees an ambiguous path), query parameters and form fields,
 * Accept and Accept-Language negotiation, headers, JSON error bodies, and
 * the small escaping and date helpers the machine-side handlers share.
 *
 * Everything is allocated in the request's arena: nothing here frees.
 */
#include "web_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

hdc_status
hdc_web_pct_decode(hdc_arena  *arena,
                   const char *s,
                   size_t      len,
                   bool        plus_is_space,
                   char      **out)
{
  char *d = hdc_arena_alloc(arena, len + 1);
  if (!d)
    return HDC_ERR_NOMEM;
  size_t n = 0;
  for (size_t i = 0; i < len; ++i) {
    char c = s[i];
    if (c == '%') {
      int hi = i + 1 < len ? hdc_hex_value(s[i + 1]) : -1;
      int lo = i + 2 < len ? hdc_hex_value(s[i + 2]) : -1;
      if (hi < 0 || lo < 0)
        return HDC_ERR_SYNTAX;
      c = (char)(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      c = ' ';
    }
    if (c == '\0')
      return HDC_ERR_ENCODING;
    d[n++] = c;
  }
  d[n] = '\0';
  if (!hdc_utf8_valid(d, n, NULL))
    return HDC_ERR_ENCODING;
  *out = d;
  return HDC_OK;
}

/* Split "a=1&b=2" into decoded pairs appended to *pairs. */
static hdc_status
parse_pairs(hdc_arena     *arena,
            const char    *s,
            size_t         len,
            hdc_web_pair **pairs,
            size_t        *n,
            size_t        *cap)
{
  size_t i = 0;
  while (i < len) {
    size_t j = i;
    while (j < len && s[j] != '&')
      ++j;
    if (j > i) {
      const char *eq   = memchr(s + i, '=', j - i);
      size_t      klen = eq ? (size_t)(eq - (s + i)) : j - i;
      char       *k = NULL, *v = NULL;
      hdc_status  st;
      if ((st = hdc_web_pct_decode(arena, s + i, klen, true, &k)))
        return st;
      if (eq) {
        if ((st = hdc_web_pct_decode(
               arena, eq + 1, (size_t)(s + j - eq - 1), true, &v)))
          return st;
      } else {
        v = hdc_arena_strndup(arena, "", 0);
        if (!v)
          return HDC_ERR_NOMEM;
      }
      hdc_web_pair *np = hdc_arena_grow(arena, *pairs, *n, cap, sizeof *np);
      if (!np)
        return HDC_ERR_NOMEM;
      *pairs = np;
      (*pairs)[*n].name  = k;
      (*pairs)[*n].value = v;
      ++*n;
    }
    i = j + 1;
  }
  return HDC_OK;
}

/* Case-insensitive comparison of the media type of a Content-Type value
 * (parameters ignored) with @p type. */
static bool
media_type_is(const char *value, const char *type)
{
  size_t n = strlen(type);
  if (!value || strncasecmp(value, type, n) != 0)
    return false;
  char c = value[n];
  return c == '\0' || c == ';' || c == ' ' || c == '\t';
}

/* "fr" or "en" from an Accept-Language value; NULL if neither is named. */
static const char *
accept_language(const char *v)
{
  double      best_q = 0.0;
  const char *best   = NULL;
  while (v && *v) {
    while (*v == ' ' || *v == ',' || *v == '\t')
      ++v;
    const char *tag = v;
    while (*v && *v != ',' && *v != ';' && *v != ' ')
      ++v;
    size_t tlen = (size_t)(v - tag);
    double q    = 1.0;
    while (*v && *v != ',') {
      if (*v == ';') {
        ++v;
        while (*v == ' ')
          ++v;
        if ((v[0] == 'q' || v[0] == 'Q') && v[1] == '=')
          q = strtod(v + 2, NULL);
      } else {
        ++v;
      }
    }
    const char *lang = NULL;
    if (tlen >= 2 && (tlen == 2 || tag[2] == '-')) {
      if (!strncasecmp(tag, "fr", 2))
        lang = "fr";
      else if (!strncasecmp(tag, "en", 2))
        lang = "en";
    }
    /* First best wins ties: the client lists its preference first. */
    if (lang && q > best_q) {
      best_q = q;
      best   = lang;
    }
  }
  return best;
}

hdc_status
hdc_web_req_parse(hdc_web_req *req, const char *target, const char **why)
{
  size_t        n = 0, cap = 0;
  hdc_web_pair *pairs = NULL;
  hdc_status    st;
  *why = NULL;
  if (!target || target[0] != '/') {
    *why = "the request target must be a path beginning with '/'";
    return HDC_ERR_SYNTAX;
  }
  const char *q    = strchr(target, '?');
  size_t      plen = q ? (size_t)(q - target) : strlen(target);
  const char *frag = memchr(target, '#', plen);
  if (frag)
    plen = (size_t)(frag - target);
  char *path = NULL;
  if ((st = hdc_web_pct_decode(req->arena, target, plen, false, &path))) {
    *why = st == HDC_ERR_SYNTAX
             ? "bad percent-encoding in the path"
             : (st == HDC_ERR_ENCODING ? "the path is not valid UTF-8" : NULL);
    return st;
  }
  /* No control characters, no backslashes (some file systems read them as
   * separators), no "." or ".." segment: a path means one thing. */
  for (const char *p = path; *p; ++p) {
    unsigned char c = (unsigned char)*p;
    if (c < 0x20 || c == 0x7f || c == '\\') {
      *why = "the path holds a control character or a backslash";
      return HDC_ERR_SYNTAX;
    }
  }
  for (const char *seg = path; seg; seg = strchr(seg + 1, '/')) {
    const char *s = seg + 1;
    size_t      l = strcspn(s, "/");
    if ((l == 1 && s[0] == '.') || (l == 2 && s[0] == '.' && s[1] == '.')) {
      *why = "the path holds a '.' or '..' segment";
      return HDC_ERR_SYNTAX;
    }
  }
  req->path  = path;
  req->query = "";
  if (q) {
    const char *qs   = q + 1;
    size_t      qlen = strcspn(qs, "#");
    char       *raw  = hdc_arena_strndup(req->arena, qs, qlen);
    if (!raw)
      return HDC_ERR_NOMEM;
    req->query = raw;
    if ((st = parse_pairs(req->arena, qs, qlen, &pairs, &n, &cap))) {
      *why =
        st == HDC_ERR_SYNTAX
          ? "bad percent-encoding in the query"
          : (st == HDC_ERR_ENCODING ? "the query is not valid UTF-8" : NULL);
      return st;
    }
  }
  if (req->body && req->body_len &&
      media_type_is(hdc_web_req_header(req, "Content-Type"),
                    "application/x-www-form-urlencoded")) {
    if ((st = parse_pairs(
           req->arena, req->body, req->body_len, &pairs, &n, &cap))) {
      *why =
        st == HDC_ERR_SYNTAX
          ? "bad percent-encoding in the form"
          : (st == HDC_ERR_ENCODING ? "the form is not valid UTF-8" : NULL);
      return st;
    }
  }
  req->params   = pairs;
  req->n_params = n;
  const char *l = hdc_web_req_param(req, "lang");
  if (l && (!strcmp(l, "fr") || !strcmp(l, "en")))
    req->lang = !strcmp(l, "en") ? "en" : "fr";
  else {
    const char *al =
      accept_language(hdc_web_req_header(req, "Accept-Language"));
    req->lang = al ? al : "fr";
  }
  return HDC_OK;
}

const char *
hdc_web_req_param(const hdc_web_req *req, const char *name)
{
  for (size_t i = 0; i < req->n_params; ++i)
    if (!strcmp(req->params[i].name, name))
      return req->params[i].value;
  return NULL;
}

const char *
hdc_web_req_header(const hdc_web_req *req, const char *name)
{
  for (size_t i = 0; i < req->n_headers; ++i)
    if (!strcasecmp(req->headers[i].name, name))
      return req->headers[i].value;
  return NULL;
}

/* How well media range [r, r+rlen) matches @p type: 3 exact, 2 "type/ *",
 * 1 "* / *", 0 not at all. */
static int
range_match(const char *r, size_t rlen, const char *type)
{
  size_t tlen = strlen(type);
  if (rlen == tlen && !strncasecmp(r, type, tlen))
    return 3;
  if (rlen == 3 && !strncmp(r, "*/*", 3))
    return 1;
  const char *slash = strchr(type, '/');
  if (slash && rlen == (size_t)(slash - type) + 2 &&
      !strncasecmp(r, type, (size_t)(slash - type) + 1) && r[rlen - 1] == '*')
    return 2;
  return 0;
}

/* The q value the Accept header @p accept gives @p type (the most specific
 * matching range decides); 0 if none matches. */
static double
accept_q(const char *accept, const char *type)
{
  int         best_spec = 0;
  double      best_q    = 0.0;
  const char *v         = accept;
  while (*v) {
    while (*v == ' ' || *v == ',' || *v == '\t')
      ++v;
    if (!*v)
      break;
    const char *r = v;
    while (*v && *v != ',' && *v != ';' && *v != ' ' && *v != '\t')
      ++v;
    size_t rlen = (size_t)(v - r);
    double q    = 1.0;
    while (*v && *v != ',') {
      if (*v == ';') {
        ++v;
        while (*v == ' ' || *v == '\t')
          ++v;
        if ((v[0] == 'q' || v[0] == 'Q') && v[1] == '=') {
          q = strtod(v + 2, NULL);
          if (!(q >= 0.0 && q <= 1.0))
            q = 0.0;
        }
      } else {
        ++v;
      }
    }
    int spec = range_match(r, rlen, type);
    if (spec > best_spec) {
      best_spec = spec;
      best_q    = q;
    }
  }
  return best_q;
}

const char *
hdc_web_req_negotiate(const hdc_web_req *req, const char *const *offered)
{
  const char *accept = hdc_web_req_header(req, "Accept");
  if (!offered || !offered[0])
    return NULL;
  if (!accept || !*accept)
    return offered[0];
  const char *best   = NULL;
  double      best_q = 0.0;
  for (size_t i = 0; offered[i]; ++i) {
    double q = accept_q(accept, offered[i]);
    if (q > best_q) {
      best_q = q;
      best   = offered[i];
    }
  }
  return best;
}

hdc_status
hdc_web_resp_header(hdc_web_req  *req,
                    hdc_web_resp *resp,
                    const char   *name,
                    const char   *value)
{
  if (resp->n_headers >= sizeof resp->headers / sizeof resp->headers[0])
    return HDC_ERR_LIMIT;
  char *n = hdc_arena_strndup(req->arena, name, strlen(name));
  char *v = hdc_arena_strndup(req->arena, value, strlen(value));
  if (!n || !v)
    return HDC_ERR_NOMEM;
  resp->headers[resp->n_headers].name    = n;
  resp->headers[resp->n_headers++].value = v;
  return HDC_OK;
}

void
hdc_web_json_str(hdc_buf *out, const char *z)
{
  static const char hex[] = "0123456789abcdef";
  const unsigned char *p   = (const unsigned char *)(z ? z : "");
  const unsigned char *run = p;
  hdc_buf_putc(out, '"');
  /* Plain bytes are copied in runs: a search answer is mostly text. */
  for (;; ++p) {
    unsigned char c = *p;
    bool plain = c >= 0x20 && c != 0x7f && c != '"' && c != '\\' &&
                 c != '<' && c != '>' && c != '&';
    if (plain)
      continue;
    hdc_buf_append(out, run, (size_t)(p - run));
    run = p + 1;
    if (!c)
      break;
    if (c == '"' || c == '\\') {
      char e[2] = { '\\', (char)c };
      hdc_buf_append(out, e, sizeof e);
    } else if (c == '\n') {
      hdc_buf_puts(out, "\\n");
    } else if (c == '\r') {
      hdc_buf_puts(out, "\\r");
    } else if (c == '\t') {
      hdc_buf_puts(out, "\\t");
    } else {
      /* Other controls, and never markup, even if a page embeds the JSON
       * in a <script>. */
      char u[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
      hdc_buf_append(out, u, sizeof u);
    }
  }
  hdc_buf_putc(out, '"');
}

void
hdc_web_xml_text(hdc_buf *out, const char *z, size_t len)
{
  size_t start = 0;
  for (size_t i = 0; i < len; ++i) {
    const char *rep = NULL;
    switch (z[i]) {
      case '&': rep = "&amp;"; break;
      case '<': rep = "&lt;"; break;
      case '>': rep = "&gt;"; break;
      case '"': rep = "&quot;"; break;
      case '\'': rep = "&apos;"; break;
      case '\r': rep = "&#13;"; break;
      default: break;
    }
    if (rep) {
      hdc_buf_append(out, z + start, i - start);
      hdc_buf_puts(out, rep);
      start = i + 1;
    }
  }
  hdc_buf_append(out, z + start, len - start);
}

hdc_status
hdc_web_resp_json_error(hdc_web_resp *resp,
                        int           status,
                        const char   *code,
                        const char   *fmt,
                        ...)
{
  char    msg[1024];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  if (n < 0)
    msg[0] = '\0';
  /* A message cut in the middle of a UTF-8 sequence is cut before it. */
  size_t len = strlen(msg), bad = 0;
  if (!hdc_utf8_valid(msg, len, &bad))
    msg[bad] = '\0';
  resp->status       = status;
  resp->content_type = "application/json; charset=utf-8";
  resp->stream       = NULL;
  hdc_buf_reset(&resp->body);
  hdc_buf_puts(&resp->body, "{\"error\": {\"code\": ");
  hdc_web_json_str(&resp->body, code);
  hdc_buf_puts(&resp->body, ", \"message\": ");
  hdc_web_json_str(&resp->body, msg);
  hdc_buf_puts(&resp->body, "}}\n");
  return hdc_buf_status(&resp->body);
}

void
hdc_web_http_date(long long t, char out[40])
{
  time_t                   tt = (time_t)t;
  struct tm                tm;
  static const char *const days[]   = { "Sun", "Mon", "Tue", "Wed",
                                        "Thu", "Fri", "Sat" };
  static const char *const months[] = { "Jan", "Feb", "Mar", "Apr",
                                        "May", "Jun", "Jul", "Aug",
                                        "Sep", "Oct", "Nov", "Dec" };
  if (!gmtime_r(&tt, &tm)) {
    snprintf(out, 40, "Thu, 01 Jan 1970 00:00:00 GMT");
    return;
  }
  snprintf(out,
           40,
           "%s, %02d %s %04d %02d:%02d:%02d GMT",
           days[tm.tm_wday],
           tm.tm_mday,
           months[tm.tm_mon],
           tm.tm_year + 1900,
           tm.tm_hour,
           tm.tm_min,
           tm.tm_sec);
}

static bool
digits(const char *s, size_t n)
{
  for (size_t i = 0; i < n; ++i)
    if (s[i] < '0' || s[i] > '9')
      return false;
  return true;
}

bool
hdc_web_iso_parse(const char *s, bool end_of_day, char out[32])
{
  size_t len = s ? strlen(s) : 0;
  if (len < 10 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) ||
      s[7] != '-' || !digits(s + 8, 2))
    return false;
  int mo = (s[5] - '0') * 10 + (s[6] - '0');
  int d  = (s[8] - '0') * 10 + (s[9] - '0');
  if (mo < 1 || mo > 12 || d < 1 || d > 31)
    return false;
  if (len == 10) {
    snprintf(out, 32, "%.10sT%s", s, end_of_day ? "23:59:59Z" : "00:00:00Z");
    return true;
  }
  /* YYYY-MM-DDThh:mm:ssZ, optionally with fractions of a second. */
  if (len < 20 || s[10] != 'T' || !digits(s + 11, 2) || s[13] != ':' ||
      !digits(s + 14, 2) || s[16] != ':' || !digits(s + 17, 2))
    return false;
  size_t i = 19;
  if (s[i] == '.') {
    ++i;
    while (i < len && s[i] >= '0' && s[i] <= '9')
      ++i;
  }
  if (i + 1 != len || s[i] != 'Z')
    return false;
  int h = (s[11] - '0') * 10 + (s[12] - '0');
  int m = (s[14] - '0') * 10 + (s[15] - '0');
  int c = (s[17] - '0') * 10 + (s[18] - '0');
  if (h > 23 || m > 59 || c > 60)
    return false;
  snprintf(out, 32, "%.19sZ", s);
  return true;
}
