// SPDX-License-Identifier: EUPL-1.2
/*
 * The limits table: every bound on outside input, with its range and
 * default, in one place (Redis's config table). Operators change a limit
 * with HDCAT_LIMIT_<NAME>=<value> in the environment; the README lists them.
 *
 * Defaults are sized for a national catalogue: a harvested page or an upload
 * is far below them, while the full bench catalogue (100,000 datasets,
 * about 220 MB of Turtle, 2.3 M triples) still fits through `hdcat convert`.
 */
#include "hdcat/core.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define KiB ((uint64_t)1024)
#define MiB (KiB * 1024)
#define GiB (MiB * 1024)

static const hdc_limit_info limit_table[HDC_LIMIT__COUNT] = {
  /* The maximum stays below 2 GiB: the RDF parser library keeps buffer
   * sizes and offsets in int, and a larger document crashed it mid-parse
   * instead of failing; refused up front it is a clean limit error. */
  [HDC_LIMIT_DOCUMENT_BYTES] = {"document_bytes", "bytes", 1,
                                2 * GiB - 1 * MiB, 512 * MiB,
                                "Size of one RDF document (at most 2047 MiB:"
                                " the RDF parser's sizes are int-sized)."},
  [HDC_LIMIT_TRIPLES] = {"triples", "triples", 1, 1000000000, 20000000,
                         "Triples in one RDF document."},
  [HDC_LIMIT_RECORD_TRIPLES] = {"record_triples", "triples", 1, 100000000,
                                100000,
                                "Triples describing one dataset record."},
  [HDC_LIMIT_LITERAL_BYTES] = {"literal_bytes", "bytes", 1, 1 * GiB, 1 * MiB,
                               "Length of one literal."},
  [HDC_LIMIT_IRI_BYTES] = {"iri_bytes", "bytes", 16, 64 * MiB, 8 * KiB,
                           "Length of one IRI."},
  [HDC_LIMIT_NESTING_DEPTH] = {"nesting_depth", "levels", 1, 100000, 256,
                               "Nesting of blank nodes, collections, XML "
                               "elements or JSON values."},
  [HDC_LIMIT_REDIRECTS] = {"redirects", "redirects", 0, 20, 5,
                           "HTTP redirects followed by one fetch."},
  [HDC_LIMIT_FETCH_SECONDS] = {"fetch_seconds", "seconds", 1, 3600, 120,
                               "Total time of one HTTP fetch."},
  [HDC_LIMIT_PAGES] = {"pages", "pages", 1, 1000000, 10000,
                       "Pages walked in one harvest of a source."},
  [HDC_LIMIT_REQUEST_BODY] = {"request_body", "bytes", 1, 1 * GiB, 8 * MiB,
                              "Body of one HTTP request (uploads)."},
  [HDC_LIMIT_CONNECTIONS] = {"connections", "connections", 1, 100000, 256,
                             "Concurrent HTTP connections served."},
  [HDC_LIMIT_QUERY_BYTES] = {"query_bytes", "bytes", 1, 1 * MiB, 2 * KiB,
                             "Length of one search query."},
};

const hdc_limit_info *
hdc_limit_info_get(hdc_limit which)
{
  if ((unsigned)which >= HDC_LIMIT__COUNT) {
    return NULL;
  }
  return &limit_table[which];
}

void
hdc_limits_init(hdc_limits *l)
{
  for (int i = 0; i < HDC_LIMIT__COUNT; ++i) {
    l->value[i] = limit_table[i].def;
  }
}

uint64_t
hdc_limits_get(const hdc_limits *l, hdc_limit which)
{
  if ((unsigned)which >= HDC_LIMIT__COUNT) {
    return 0;
  }
  return l ? l->value[which] : limit_table[which].def;
}

static int
find_limit(const char *name)
{
  for (int i = 0; i < HDC_LIMIT__COUNT; ++i) {
    if (strcmp(limit_table[i].name, name) == 0) {
      return i;
    }
  }
  return -1;
}

hdc_status
hdc_limits_set(hdc_limits *l, const char *name, uint64_t value,
               hdc_error *err)
{
  int i = find_limit(name);
  if (i < 0) {
    return hdc_error_set(err, HDC_ERR_NOT_FOUND, NULL, 0, 0,
                         "unknown limit '%s'", name);
  }
  const hdc_limit_info *info = &limit_table[i];
  if (value < info->min || value > info->max) {
    return hdc_error_set(err, HDC_ERR_INVALID_ARG, NULL, 0, 0,
                         "limit '%s' must be between %llu and %llu %s",
                         name, (unsigned long long)info->min,
                         (unsigned long long)info->max, info->unit);
  }
  l->value[i] = value;
  return HDC_OK;
}

hdc_status
hdc_limits_from_env(hdc_limits *l, hdc_error *err)
{
  for (int i = 0; i < HDC_LIMIT__COUNT; ++i) {
    char        var[64] = "HDCAT_LIMIT_";
    size_t      off     = strlen(var);
    const char *name    = limit_table[i].name;
    for (size_t k = 0; name[k] && off + 1 < sizeof var; ++k) {
      var[off++] = (char)toupper((unsigned char)name[k]);
    }
    var[off] = '\0';
    const char *v = getenv(var);
    if (!v) {
      continue;
    }
    char              *end = NULL;
    errno                  = 0;
    unsigned long long n   = strtoull(v, &end, 10);
    if (errno || end == v || *end != '\0' || v[0] == '-') {
      return hdc_error_set(err, HDC_ERR_INVALID_ARG, var, 0, 0,
                           "'%s' is not a whole number", v);
    }
    hdc_status st = hdc_limits_set(l, name, (uint64_t)n, err);
    if (st != HDC_OK) {
      if (err) {
        /* Name the variable the operator set, not only the limit. */
        size_t len = strlen(var);
        if (len < sizeof err->source) {
          memcpy(err->source, var, len + 1);
        }
      }
      return st;
    }
  }
  return HDC_OK;
}
