// SPDX-License-Identifier: EUPL-1.2
/*
 * Growable byte buffer.
 *
 * Invariants: cap == 0 iff ptr == NULL; when ptr != NULL, ptr[len] == '\0'
 * and len < cap. Growth is by half again (at least the request), checked
 * for overflow. A failed growth sets the sticky `oom` flag.
 */
#include "hdcat/core.h"

#include <stdio.h>
#include <string.h>

void
hdc_buf_init(hdc_buf *b)
{
  b->ptr = NULL;
  b->len = 0;
  b->cap = 0;
  b->oom = false;
}

void
hdc_buf_clear(hdc_buf *b)
{
  if (!b) {
    return;
  }
  hdc_free(b->ptr);
  hdc_buf_init(b);
}

void
hdc_buf_reset(hdc_buf *b)
{
  b->len = 0;
  if (b->ptr) {
    b->ptr[0] = '\0';
  }
}

hdc_status
hdc_buf_reserve(hdc_buf *b, size_t extra)
{
  if (b->oom) {
    return HDC_ERR_NOMEM;
  }
  if (extra > SIZE_MAX - b->len - 1) {
    b->oom = true;
    return HDC_ERR_NOMEM;
  }
  size_t need = b->len + extra + 1;
  if (need <= b->cap) {
    return HDC_OK;
  }
  size_t cap = b->cap < 64 ? 64 : b->cap;
  while (cap < need) {
    cap = cap > SIZE_MAX / 3 * 2 ? need : cap + cap / 2;
  }
  char *p = hdc_realloc(b->ptr, cap);
  if (!p) {
    b->oom = true;
    return HDC_ERR_NOMEM;
  }
  b->ptr = p;
  b->cap = cap;
  return HDC_OK;
}

hdc_status
hdc_buf_append(hdc_buf *b, const void *ptr, size_t len)
{
  if (hdc_buf_reserve(b, len) != HDC_OK) {
    return HDC_ERR_NOMEM;
  }
  if (len) {
    memcpy(b->ptr + b->len, ptr, len);
  }
  b->len += len;
  b->ptr[b->len] = '\0';
  return HDC_OK;
}

hdc_status
hdc_buf_puts(hdc_buf *b, const char *z)
{
  return hdc_buf_append(b, z, strlen(z));
}

hdc_status
hdc_buf_put_utf8(hdc_buf *b, uint32_t c)
{
  char   u[4];
  size_t n;
  if (c < 0x80) {
    u[0] = (char)c;
    n    = 1;
  } else if (c < 0x800) {
    u[0] = (char)(0xC0 | (c >> 6));
    u[1] = (char)(0x80 | (c & 0x3F));
    n    = 2;
  } else if (c < 0x10000) {
    u[0] = (char)(0xE0 | (c >> 12));
    u[1] = (char)(0x80 | ((c >> 6) & 0x3F));
    u[2] = (char)(0x80 | (c & 0x3F));
    n    = 3;
  } else {
    u[0] = (char)(0xF0 | (c >> 18));
    u[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    u[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    u[3] = (char)(0x80 | (c & 0x3F));
    n    = 4;
  }
  return hdc_buf_append(b, u, n);
}

hdc_status
hdc_buf_putc(hdc_buf *b, char c)
{
  return hdc_buf_append(b, &c, 1);
}

hdc_status
hdc_buf_put_str(hdc_buf *b, hdc_str s)
{
  return hdc_buf_append(b, s.ptr, s.len);
}

hdc_status
hdc_buf_printf(hdc_buf *b, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  char small[256];
  int  n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) {
    return HDC_ERR_INVALID_ARG;
  }
  if ((size_t)n < sizeof small) {
    return hdc_buf_append(b, small, (size_t)n);
  }
  if (hdc_buf_reserve(b, (size_t)n) != HDC_OK) {
    return HDC_ERR_NOMEM;
  }
  va_start(ap, fmt);
  vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
  return HDC_OK;
}

hdc_status
hdc_buf_status(const hdc_buf *b)
{
  return b->oom ? HDC_ERR_NOMEM : HDC_OK;
}

char *
hdc_buf_detach(hdc_buf *b, size_t *len)
{
  char *p = b->oom ? NULL : b->ptr;
  if (len) {
    *len = p ? b->len : 0;
  }
  if (!p) {
    hdc_free(b->ptr);
  }
  hdc_buf_init(b);
  return p;
}

hdc_str
hdc_buf_view(const hdc_buf *b)
{
  hdc_str s = {b->ptr ? b->ptr : "", b->len};
  return s;
}
