// SPDX-License-Identifier: EUPL-1.2
/*
 * `hdcat search`: query the catalogue from the command line, as text for
 * people or as JSON for scripts:
 * {"total": N, "results": [{"id", "iri", "title", "score", ...}],
 *  "facets": {KEY: [{"value", "label", "count"}]}} (DESIGN.md).
 *
 * The words after the options are the query (joined by spaces); no words
 * lists every active record.
 *
 * Exit codes: 0 success (even with no result), 2 usage error or a query
 * that breaks a limit, 3 database failure.
 */
#include "cli.h"
#include "hdcat/store.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char search_usage[] =
  "Usage: hdcat search [--db DB] [--json] [--limit N] [--offset N]\n"
  "                    [--sort relevance|title|modified] [--lang fr|en]\n"
  "                    [--prefix] [--include-invalid] [--facet KEY=VALUE]...\n"
  "                    [QUERY...]\n"
  "\n"
  "Search the catalogue. QUERY: words (all required), \"phrases\",\n"
  "-word to exclude, OR between two terms. Accents and case do not matter;\n"
  "French and English words match their other forms (plurals...).\n"
  "\n"
  "  --db DB           catalogue file (default: $HDCAT_DB, else hdcat.db)\n"
  "  --json            print JSON\n"
  "  --limit N         results per page (default 20, at most 1000)\n"
  "  --offset N        skip the first N results\n"
  "  --sort S          relevance (default), title or modified\n"
  "  --lang L          language of titles and labels (default fr)\n"
  "  --prefix          the last word may be the beginning of a word\n"
  "  --include-invalid also list records that do not conform to the profile\n"
  "                    (stored and flagged; left out by default)\n"
  "  --facet K=V       only records with value V for facet K (repeatable);\n"
  "                    facets: health_category, theme, publisher, hdab,\n"
  "                    access_rights, coding_system, format, language,\n"
  "                    age_range, records, period\n";

static bool
parse_size(const char *v, size_t *out)
{
  char              *end = NULL;
  unsigned long long n   = strtoull(v, &end, 10);
  if (!*v || *end || v[0] == '-' || n > 100000000ULL)
    return false;
  *out = (size_t)n;
  return true;
}

static int
print_json(const hdc_store_results *r)
{
  json_t *root = json_object(), *results = json_array(),
         *facets = json_object();
  int     rc     = HDC_EXIT_OK;
  if (!root || !results || !facets)
    goto oom;
  json_object_set_new(root, "total", json_integer((json_int_t)r->total));
  for (size_t i = 0; i < r->n_hits; ++i) {
    const hdc_store_hit *h = &r->hits[i];
    json_t *o = json_pack("{s:I, s:s, s:s, s:f, s:s, s:s, s:s, s:b}", "id",
                          (json_int_t)h->id, "iri", h->iri, "title", h->title,
                          "score", h->score, "source", h->source, "snippet",
                          h->snippet, "modified", h->modified, "valid",
                          h->valid);
    if (!o || json_array_append_new(results, o))
      goto oom;
  }
  for (size_t k = 0; k < r->n_facets; ++k) {
    json_t *arr = json_array();
    if (!arr)
      goto oom;
    for (size_t i = 0; i < r->facets[k].n_values; ++i) {
      const hdc_store_facet_value *v = &r->facets[k].values[i];
      json_t *o = json_pack("{s:s, s:s, s:I}", "value", v->value, "label",
                            v->label, "count", (json_int_t)v->count);
      if (!o || json_array_append_new(arr, o)) {
        json_decref(arr);
        goto oom;
      }
    }
    json_object_set_new(facets, r->facets[k].key, arr);
  }
  json_object_set_new(root, "results", results);
  json_object_set_new(root, "facets", facets);
  results = facets = NULL;
  if (json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER) ||
      fputc('\n', stdout) == EOF)
    rc = HDC_EXIT_INTERNAL;
  goto done;
oom:
  fputs("hdcat: search: out of memory\n", stderr);
  rc = HDC_EXIT_INTERNAL;
done:
  json_decref(results);
  json_decref(facets);
  json_decref(root);
  return rc;
}

static void
print_text(const hdc_store_results *r, size_t offset)
{
  printf("%zu result%s\n", r->total, r->total == 1 ? "" : "s");
  for (size_t i = 0; i < r->n_hits; ++i) {
    const hdc_store_hit *h = &r->hits[i];
    printf("\n%3zu. %s%s\n     #%lld %s\n", offset + i + 1, h->title,
           h->valid ? "" : "  (does not conform)", (long long)h->id, h->iri);
    if (*h->snippet)
      printf("     %s\n", h->snippet);
  }
  for (size_t k = 0; k < r->n_facets; ++k) {
    printf("%s%s:", k ? "" : "\nFacets (--facet KEY=VALUE):\n",
           r->facets[k].key);
    for (size_t i = 0; i < r->facets[k].n_values && i < 8; ++i)
      printf("%s %s (%zu)", i ? "," : "", r->facets[k].values[i].label,
             r->facets[k].values[i].count);
    if (r->facets[k].n_values > 8)
      printf(", ... %zu more", r->facets[k].n_values - 8);
    putchar('\n');
  }
}

int
hdc_cli_search(int argc, char **argv)
{
  const char        *db = NULL;
  bool               json = false;
  hdc_store_query    q;
  hdc_store_filter  *filters = NULL;
  hdc_buf            text    = HDC_BUF_INIT;
  hdc_store         *store   = NULL;
  hdc_store_results *res     = NULL;
  hdc_error          err;
  int                rc = HDC_EXIT_OK;
  memset(&q, 0, sizeof q);
  hdc_error_clear(&err);
  q.facets = true;
  filters  = calloc((size_t)argc + 1, sizeof *filters);
  if (!filters) {
    fputs("hdcat: search: out of memory\n", stderr);
    return HDC_EXIT_INTERNAL;
  }
  for (int i = 1; i < argc; ++i) {
    const char *a   = argv[i];
    bool        val = !strcmp(a, "--db") || !strcmp(a, "--limit") ||
               !strcmp(a, "--offset") || !strcmp(a, "--sort") ||
               !strcmp(a, "--lang") || !strcmp(a, "--facet");
    if (val && i + 1 >= argc) {
      fprintf(stderr, "hdcat: search: option '%s' needs a value\n%s", a,
              search_usage);
      rc = HDC_EXIT_USAGE;
      goto done;
    }
    const char *v = val ? argv[++i] : NULL;
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      fputs(search_usage, stdout);
      goto done;
    } else if (!strcmp(a, "--db")) {
      db = v;
    } else if (!strcmp(a, "--json")) {
      json = true;
    } else if (!strcmp(a, "--prefix")) {
      q.prefix = true;
    } else if (!strcmp(a, "--include-invalid")) {
      q.include_invalid = true;
    } else if (!strcmp(a, "--lang")) {
      q.lang = v;
    } else if (!strcmp(a, "--limit") || !strcmp(a, "--offset")) {
      if (!parse_size(v, a[2] == 'l' ? &q.limit : &q.offset)) {
        fprintf(stderr, "hdcat: search: %s needs a number, not '%s'\n", a,
                v);
        rc = HDC_EXIT_USAGE;
        goto done;
      }
    } else if (!strcmp(a, "--sort")) {
      if (!strcmp(v, "relevance"))
        q.sort = HDC_STORE_SORT_RELEVANCE;
      else if (!strcmp(v, "title"))
        q.sort = HDC_STORE_SORT_TITLE;
      else if (!strcmp(v, "modified"))
        q.sort = HDC_STORE_SORT_MODIFIED;
      else {
        fprintf(stderr,
                "hdcat: search: --sort is relevance, title or modified, "
                "not '%s'\n",
                v);
        rc = HDC_EXIT_USAGE;
        goto done;
      }
    } else if (!strcmp(a, "--facet")) {
      const char *eq = strchr(v, '=');
      if (!eq || eq == v) {
        fprintf(stderr, "hdcat: search: --facet needs KEY=VALUE, not '%s'\n",
                v);
        rc = HDC_EXIT_USAGE;
        goto done;
      }
      /* argv strings are ours to cut. */
      argv[i][eq - v] = '\0';
      filters[q.n_filters].key     = argv[i];
      filters[q.n_filters++].value = eq + 1;
    } else if (!strcmp(a, "--")) {
      while (++i < argc) {
        if (text.len)
          hdc_buf_putc(&text, ' ');
        hdc_buf_puts(&text, argv[i]);
      }
    } else if (a[0] == '-' && a[1] == '-') {
      fprintf(stderr, "hdcat: search: unknown option '%s'\n%s", a,
              search_usage);
      rc = HDC_EXIT_USAGE;
      goto done;
    } else {
      /* Query words; a single '-' word is an exclusion, not an option. */
      if (text.len)
        hdc_buf_putc(&text, ' ');
      hdc_buf_puts(&text, a);
    }
  }
  if (hdc_buf_status(&text)) {
    fputs("hdcat: search: out of memory\n", stderr);
    rc = HDC_EXIT_INTERNAL;
    goto done;
  }
  q.text    = hdc_buf_view(&text);
  q.filters = filters;
  hdc_limits limits;
  hdc_limits_init(&limits);
  hdc_status st;
  if ((st = hdc_limits_from_env(&limits, &err))) {
    hdc_cli_print_error(&err);
    rc = HDC_EXIT_USAGE;
    goto done;
  }
  hdc_store_open_opts oo = {.read_only = true, .limits = &limits};
  if ((st = hdc_store_open(hdc_cli_db_path(db), &oo, &store, &err)) ||
      (st = hdc_store_search(store, &q, &res, &err))) {
    hdc_cli_print_error(&err);
    rc = hdc_cli_exit_code(st);
    goto done;
  }
  if (json)
    rc = print_json(res);
  else
    print_text(res, q.offset);
done:
  hdc_store_results_free(res);
  hdc_store_close(store);
  hdc_buf_clear(&text);
  free(filters);
  return rc;
}
