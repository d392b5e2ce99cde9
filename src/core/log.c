// SPDX-License-Identifier: EUPL-1.2
/*
 * Logging: one line per event, four levels, one sink.
 *
 * The level and sink are process settings chosen once by the program at
 * start-up (the CLI or the server), before threads exist.
 */
#include "hdcat/core.h"

#include <stdio.h>

static hdc_log_level log_level = HDC_LOG_WARN;
static hdc_log_fn    log_sink  = NULL;
static void         *log_ctx   = NULL;

void
hdc_log_set_level(hdc_log_level level)
{
  log_level = level;
}

void
hdc_log_set_sink(hdc_log_fn fn, void *ctx)
{
  log_sink = fn;
  log_ctx  = ctx;
}

const char *
hdc_log_level_name(hdc_log_level level)
{
  switch (level) {
  case HDC_LOG_DEBUG: return "debug";
  case HDC_LOG_INFO: return "info";
  case HDC_LOG_WARN: return "warning";
  case HDC_LOG_ERROR: return "error";
  }
  return "log";
}

void
hdc_log(hdc_log_level level, const char *fmt, ...)
{
  if (level < log_level) {
    return;
  }
  char    msg[2048];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  if (n < 0) {
    return;
  }
  if (log_sink) {
    log_sink(log_ctx, level, msg);
  } else {
    fprintf(stderr, "hdcat: %s: %s\n", hdc_log_level_name(level), msg);
  }
}
