// SPDX-License-Identifier: EUPL-1.2
/*
 * Status codes and located error records.
 *
 * An hdc_error keeps the first error raised during a call: later errors are
 * usually consequences of the first (a parser that goes on after a syntax
 * error), so the first is the one that tells the user what to fix.
 */
#include "hdcat/core.h"

#include <stdio.h>
#include <string.h>

const char *
hdc_strerror(hdc_status st)
{
  switch (st) {
  case HDC_OK: return "success";
  case HDC_FAILURE: return "not found or nothing to do";
  case HDC_ERR_NOMEM: return "out of memory";
  case HDC_ERR_IO: return "input/output error";
  case HDC_ERR_SYNTAX: return "syntax error";
  case HDC_ERR_ENCODING: return "invalid text encoding (UTF-8 expected)";
  case HDC_ERR_INVALID_ARG: return "invalid argument";
  case HDC_ERR_NOT_FOUND: return "not found";
  case HDC_ERR_LIMIT: return "limit exceeded";
  case HDC_ERR_UNSUPPORTED: return "not supported";
  case HDC_ERR_DB: return "database error";
  case HDC_ERR_HTTP: return "network transfer error";
  case HDC_ERR_INTERNAL: return "internal error";
  }
  return "unknown status";
}

void
hdc_error_clear(hdc_error *err)
{
  if (!err) {
    return;
  }
  err->status     = HDC_OK;
  err->line       = 0;
  err->column     = 0;
  err->source[0]  = '\0';
  err->message[0] = '\0';
}

/* Copy a NUL-terminated string into a fixed array, truncating. */
static void
copy_trunc(char *dst, size_t cap, const char *src)
{
  size_t n = src ? strlen(src) : 0;
  if (n >= cap) {
    n = cap - 1;
  }
  if (n) {
    memcpy(dst, src, n);
  }
  dst[n] = '\0';
}

hdc_status
hdc_error_setv(hdc_error *err, hdc_status st, const char *source,
               unsigned long line, unsigned long column, const char *fmt,
               va_list ap)
{
  if (!err) {
    return st;
  }
  err->status = st;
  err->line   = line;
  err->column = column;
  copy_trunc(err->source, sizeof err->source, source);
  if (fmt) {
    int n = vsnprintf(err->message, sizeof err->message, fmt, ap);
    if (n < 0) {
      err->message[0] = '\0';
    }
  } else {
    copy_trunc(err->message, sizeof err->message, hdc_strerror(st));
  }
  return st;
}

hdc_status
hdc_error_set(hdc_error *err, hdc_status st, const char *source,
              unsigned long line, unsigned long column, const char *fmt, ...)
{
  if (!err || err->status != HDC_OK) {
    return st;
  }
  va_list ap;
  va_start(ap, fmt);
  hdc_error_setv(err, st, source, line, column, fmt, ap);
  va_end(ap);
  return st;
}

char *
hdc_error_format(const hdc_error *err, char *out, size_t cap)
{
  if (!out || cap == 0) {
    return out;
  }
  if (!err) {
    out[0] = '\0';
    return out;
  }
  const char *msg = err->message[0] ? err->message : hdc_strerror(err->status);
  const char *src = err->source;
  if (!src[0]) {
    snprintf(out, cap, "error: %s", msg);
  } else if (err->line && err->column) {
    snprintf(out, cap, "%s:%lu:%lu: error: %s", src, err->line, err->column,
             msg);
  } else if (err->line) {
    snprintf(out, cap, "%s:%lu: error: %s", src, err->line, msg);
  } else {
    snprintf(out, cap, "%s: error: %s", src, msg);
  }
  return out;
}
