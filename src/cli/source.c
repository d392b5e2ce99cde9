// SPDX-License-Identifier: EUPL-1.2
/*
 * `hdcat source`: manage the harvest sources of the catalogue.
 *
 *   add NAME URL [--type http|fdp] [--format F] [--schedule S]
 *   list
 *   show NAME [--runs N]   (the latest runs: counts, errors, warnings,
 *                           invalid records by rule)
 *   remove NAME            (withdraws its records; nothing is erased)
 *
 * Exit codes: 0 done, 2 usage error or unknown source, 3 database failure.
 */
#include "cli.h"
#include "hdcat/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char source_usage[] =
  "Usage: hdcat source add NAME URL [--type http|fdp] [--format F]\n"
  "                        [--schedule daily|weekly|manual] [--db DB]\n"
  "       hdcat source list [--db DB]\n"
  "       hdcat source show NAME [--runs N] [--db DB]\n"
  "       hdcat source remove NAME [--db DB]\n"
  "\n"
  "Manage the sources 'hdcat harvest' takes records from.\n"
  "\n"
  "  add       register a DCAT endpoint: one document or the first page of\n"
  "            a Hydra-paged catalogue (--type http, the default), or a\n"
  "            FAIR Data Point (--type fdp); --format forces the syntax\n"
  "            (turtle, rdfxml, jsonld, ntriples...) when the server's\n"
  "            Content-Type is wrong; --schedule says when 'hdcat harvest\n"
  "            --due' runs it (default manual)\n"
  "  list      every source with its latest run and its record counts\n"
  "  show      a source and its latest runs (default 5): counts, pages,\n"
  "            errors and warnings, invalid records by rule\n"
  "  remove    withdraw the source's records (kept, marked withdrawn) and\n"
  "            stop harvesting it; 'add' brings it back\n"
  "  --db DB   catalogue file (default: $HDCAT_DB, else hdcat.db)\n";

static int
open_store(const char *db, hdc_store **s)
{
  hdc_error           err;
  hdc_limits          limits;
  hdc_store_open_opts oo;
  hdc_status          st;
  hdc_error_clear(&err);
  hdc_limits_init(&limits);
  if ((st = hdc_limits_from_env(&limits, &err))) {
    hdc_cli_print_error(&err);
    return HDC_EXIT_USAGE;
  }
  memset(&oo, 0, sizeof oo);
  oo.limits = &limits;
  if ((st = hdc_store_open(hdc_cli_db_path(db), &oo, s, &err))) {
    hdc_cli_print_error(&err);
    return hdc_cli_exit_code(st);
  }
  return HDC_EXIT_OK;
}

/* Print @p text with every line but the first indented by @p indent. */
static void
print_lines(const char *indent, const char *text)
{
  for (const char *p = text; *p;) {
    size_t n = strcspn(p, "\n");
    printf("%s%.*s\n", indent, (int)n, p);
    p += n;
    if (*p == '\n')
      p++;
  }
}

static void
print_source(const hdc_store_source *x)
{
  printf("source %s\n", x->name);
  printf("  url:       %s\n", x->url[0] ? x->url : "(none: imports only)");
  printf("  type:      %s\n", x->type);
  if (x->format[0])
    printf("  format:    %s\n", x->format);
  printf("  schedule:  %s\n", x->schedule);
  printf("  created:   %s\n", x->created);
  if (x->removed[0])
    printf("  removed:   %s\n", x->removed);
  printf("  records:   %lld active, %lld withdrawn\n",
         (long long)x->active,
         (long long)x->withdrawn);
}

static void
print_run(const hdc_store_run_info *r)
{
  printf("run %lld  %s  %s -> %s\n",
         (long long)r->id,
         r->status,
         r->started,
         r->finished);
  if (!strcmp(r->status, "ok"))
    printf("  %lld added, %lld updated, %lld unchanged, %lld invalid, %lld"
           " withdrawn; %lld pages (%lld unchanged)\n",
           (long long)r->added,
           (long long)r->updated,
           (long long)r->unchanged,
           (long long)r->invalid,
           (long long)r->withdrawn,
           (long long)r->pages,
           (long long)r->pages_unchanged);
  else
    printf("  failed after %lld pages; nothing was changed\n",
           (long long)r->pages);
  if (r->message[0]) {
    printf("  %s:\n", strcmp(r->status, "ok") ? "error" : "warnings");
    print_lines("    ", r->message);
  }
  if (r->n_rules) {
    printf("  invalid records by rule:\n");
    for (size_t i = 0; i < r->n_rules; ++i)
      printf("    %6lld  %s\n", (long long)r->rule_counts[i], r->rules[i]);
  }
}

int
hdc_cli_source(int argc, char **argv)
{
  const char         *db = NULL, *type = NULL, *format = NULL, *schedule = NULL;
  const char         *pos[3] = { NULL, NULL, NULL };
  size_t              n_pos = 0, runs = 5;
  hdc_store          *s = NULL;
  hdc_error           err;
  hdc_status          st   = HDC_OK;
  int                 rc   = HDC_EXIT_OK;
  hdc_store_sources  *list = NULL;
  hdc_store_run_list *rl   = NULL;
  hdc_error_clear(&err);
  for (int i = 1; i < argc; ++i) {
    const char  *a    = argv[i];
    const char **want = NULL;
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      fputs(source_usage, stdout);
      return HDC_EXIT_OK;
    } else if (!strcmp(a, "--db")) {
      want = &db;
    } else if (!strcmp(a, "--type")) {
      want = &type;
    } else if (!strcmp(a, "--format")) {
      want = &format;
    } else if (!strcmp(a, "--schedule")) {
      want = &schedule;
    } else if (!strcmp(a, "--runs")) {
      if (i + 1 >= argc || atoi(argv[i + 1]) <= 0) {
        fprintf(stderr, "hdcat: source: --runs needs a positive number\n");
        return HDC_EXIT_USAGE;
      }
      runs = (size_t)atoi(argv[++i]);
    } else if (a[0] == '-' && a[1]) {
      fprintf(
        stderr, "hdcat: source: unknown option '%s'\n%s", a, source_usage);
      return HDC_EXIT_USAGE;
    } else if (n_pos < 3) {
      pos[n_pos++] = a;
    } else {
      fprintf(stderr, "hdcat: source: too many arguments\n%s", source_usage);
      return HDC_EXIT_USAGE;
    }
    if (want) {
      if (i + 1 >= argc) {
        fprintf(stderr, "hdcat: source: option '%s' needs a value\n", a);
        return HDC_EXIT_USAGE;
      }
      *want = argv[++i];
    }
  }
  const char *verb = pos[0];
  size_t      need = !verb                     ? 0
                     : !strcmp(verb, "add")    ? 3
                     : !strcmp(verb, "list")   ? 1
                     : !strcmp(verb, "show")   ? 2
                     : !strcmp(verb, "remove") ? 2
                                               : 0;
  if (!need || n_pos != need) {
    fprintf(stderr,
            "hdcat: source: %s\n%s",
            !verb   ? "say add, list, show or remove"
            : !need ? "unknown action; say add, list, show or remove"
                    : "wrong number of arguments",
            source_usage);
    return HDC_EXIT_USAGE;
  }
  if ((rc = open_store(db, &s)))
    goto done;
  if (!strcmp(verb, "add")) {
    if ((st = hdc_store_source_add(
           s, pos[1], pos[2], type, format, schedule, &err)))
      goto fail;
    printf("source %s added: %s (%s, %s)\n",
           pos[1],
           pos[2],
           type ? type : "http",
           schedule ? schedule : "manual");
  } else if (!strcmp(verb, "list")) {
    if ((st = hdc_store_source_list(s, &list, &err)))
      goto fail;
    if (!list->n)
      puts("no sources; add one with 'hdcat source add NAME URL'");
    for (size_t i = 0; i < list->n; ++i) {
      const hdc_store_source *x = &list->items[i];
      printf("%-20s %-4s %-7s %6lld active  last run: %s%s%s%s  %s\n",
             x->name,
             x->type,
             x->schedule,
             (long long)x->active,
             x->last_run[0] ? x->last_run : "never",
             x->last_status[0] ? " (" : "",
             x->last_status,
             x->last_status[0] ? ")" : "",
             x->removed[0] ? "REMOVED" : x->url);
    }
  } else if (!strcmp(verb, "show")) {
    if ((st = hdc_store_source_get(s, pos[1], &list, &err)) ||
        (st = hdc_store_source_runs(s, pos[1], runs, &rl, &err)))
      goto fail;
    print_source(&list->items[0]);
    if (!rl->n)
      puts("no runs yet; run 'hdcat harvest NAME'");
    for (size_t i = 0; i < rl->n; ++i)
      print_run(&rl->items[i]);
  } else {
    size_t n = 0;
    if ((st = hdc_store_source_remove(s, pos[1], &n, &err)))
      goto fail;
    printf("source %s removed: %zu records withdrawn (kept, marked"
           " withdrawn)\n",
           pos[1],
           n);
  }
  goto done;
fail:
  hdc_cli_print_error(&err);
  rc = st == HDC_FAILURE ? HDC_EXIT_USAGE : hdc_cli_exit_code(st);
done:
  hdc_store_run_list_free(rl);
  hdc_store_sources_free(list);
  hdc_store_close(s);
  return rc;
}
