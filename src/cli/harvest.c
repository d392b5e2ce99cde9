// SPDX-License-Identifier: EUPL-1.2
/*
 * `hdcat harvest`: harvest sources of the catalogue, each as one run
 * (harvest.h): the named ones, all of them (--all), or those whose schedule
 * is due (--due, for cron or a systemd timer).
 *
 * One line per source on standard output with the run's counts; warnings
 * (retries, paging loops, wrong Content-Types) and errors on standard
 * error. A failed source does not stop the others.
 *
 * Exit codes: 0 every run committed and every record stored is valid;
 * 1 every run committed but some records do not validate (stored and
 * flagged); 2 usage error, unknown source, or a source that served
 * unusable input (does not parse, breaks a limit, leaves its host); 3 a
 * fetch, I/O or database failure. With several failures, the highest.
 */
#include "cli.h"
#include "hdcat/harvest.h"
#include "hdcat/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char harvest_usage[] =
  "Usage: hdcat harvest [--db DB] [NAME... | --all | --due] [--full]\n"
  "                     [--delay MS] [--profile P] [--schemas DIR]\n"
  "                     [--no-validate]\n"
  "\n"
  "Harvest the sources NAME (see 'hdcat source'), each as one run: every\n"
  "page fetched, parsed, validated and stored; records the source no\n"
  "longer publishes are withdrawn. A run that fails changes nothing.\n"
  "\n"
  "  --all          every source with a URL (removed ones excepted)\n"
  "  --due          the sources whose schedule (daily, weekly) is due\n"
  "  --full         fetch and parse every page even if unchanged (after a\n"
  "                 profile change: skipped pages are not validated again)\n"
  "  --delay MS     pause between two requests to a source (default 1000)\n"
  "  --profile P    healthdcat-ap-core (default), healthdcat-ap, dcat-ap-3\n"
  "  --schemas DIR  where the shipped shapes are (default: HDCAT_SCHEMAS)\n"
  "  --no-validate  store without validating (trusted sources only)\n"
  "  --db DB        catalogue file (default: $HDCAT_DB, else hdcat.db)\n"
  "\n"
  "Exit codes: 0 all runs done, all records valid; 1 some records invalid\n"
  "(stored and flagged); 2 usage error or unusable input from a source;\n"
  "3 fetch, I/O or database failure.\n";

static void
log_line(void *ctx, hdc_log_level level, const char *source, const char *msg)
{
  (void)ctx;
  if (level < HDC_LOG_WARN)
    return;
  fprintf(stderr,
          "hdcat: source %s: %s: %s\n",
          source,
          level >= HDC_LOG_ERROR ? "error" : "warning",
          msg);
}

static int
worse(int a, int b)
{
  return a > b ? a : b;
}

int
hdc_cli_harvest(int argc, char **argv)
{
  const char        *db = NULL, *profile = NULL, *schemas = NULL;
  bool               all = false, due = false, full = false;
  bool               validate = true;
  long               delay    = -2;
  const char       **names    = NULL;
  size_t             n_names  = 0;
  hdc_store         *s        = NULL;
  hdc_store_sources *list     = NULL;
  hdc_error          err;
  hdc_status         st;
  hdc_limits         limits;
  hdc_harvest_opts   ho;
  char               dir[4096];
  int                rc = HDC_EXIT_OK;
  hdc_error_clear(&err);
  names = calloc((size_t)argc + 1, sizeof *names);
  if (!names) {
    fputs("hdcat: harvest: out of memory\n", stderr);
    return HDC_EXIT_INTERNAL;
  }
  for (int i = 1; i < argc; ++i) {
    const char  *a    = argv[i];
    const char **want = NULL;
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      fputs(harvest_usage, stdout);
      goto done;
    } else if (!strcmp(a, "--db")) {
      want = &db;
    } else if (!strcmp(a, "--profile")) {
      want = &profile;
    } else if (!strcmp(a, "--schemas")) {
      want = &schemas;
    } else if (!strcmp(a, "--all")) {
      all = true;
    } else if (!strcmp(a, "--due")) {
      due = true;
    } else if (!strcmp(a, "--full")) {
      full = true;
    } else if (!strcmp(a, "--no-validate")) {
      validate = false;
    } else if (!strcmp(a, "--delay")) {
      char *end = NULL;
      if (i + 1 >= argc || (delay = strtol(argv[i + 1], &end, 10)) < 0 ||
          *end || delay > 600000) {
        fprintf(stderr,
                "hdcat: harvest: --delay needs milliseconds"
                " (0 to 600000)\n");
        rc = HDC_EXIT_USAGE;
        goto done;
      }
      i++;
    } else if (a[0] == '-' && a[1]) {
      fprintf(
        stderr, "hdcat: harvest: unknown option '%s'\n%s", a, harvest_usage);
      rc = HDC_EXIT_USAGE;
      goto done;
    } else {
      names[n_names++] = a;
    }
    if (want) {
      if (i + 1 >= argc) {
        fprintf(stderr, "hdcat: harvest: option '%s' needs a value\n", a);
        rc = HDC_EXIT_USAGE;
        goto done;
      }
      *want = argv[++i];
    }
  }
  if ((n_names > 0) + all + due != 1) {
    fprintf(stderr,
            "hdcat: harvest: give source names, or --all, or --due"
            " (one of them)\n%s",
            harvest_usage);
    rc = HDC_EXIT_USAGE;
    goto done;
  }
  hdc_limits_init(&limits);
  if ((st = hdc_limits_from_env(&limits, &err))) {
    hdc_cli_print_error(&err);
    rc = HDC_EXIT_USAGE;
    goto done;
  }
  memset(&ho, 0, sizeof ho);
  ho.limits        = &limits;
  ho.profile       = profile;
  ho.no_validate   = !validate;
  ho.full          = full;
  ho.page_delay_ms = delay == -2 ? 0 : delay == 0 ? -1 : (int)delay;
  ho.log           = log_line;
  if (validate) {
    if (!hdc_cli_schemas_dir(schemas, dir, sizeof dir)) {
      fputs("hdcat: harvest: the shipped schemas/ folder was not found: pass"
            " --schemas DIR or set HDCAT_SCHEMAS\n",
            stderr);
      rc = HDC_EXIT_USAGE;
      goto done;
    }
    ho.schemas_dir = dir;
  }
  hdc_store_open_opts oo = { .read_only = false, .limits = &limits };
  if ((st = hdc_store_open(hdc_cli_db_path(db), &oo, &s, &err))) {
    hdc_cli_print_error(&err);
    rc = hdc_cli_exit_code(st);
    goto done;
  }
  if (all || due) {
    st = due ? hdc_store_source_due(s, (int64_t)time(NULL), &list, &err)
             : hdc_store_source_list(s, &list, &err);
    if (st) {
      hdc_cli_print_error(&err);
      rc = hdc_cli_exit_code(st);
      goto done;
    }
    n_names = 0;
    for (size_t i = 0; i < list->n; ++i)
      if (list->items[i].url[0] && !list->items[i].removed[0])
        names[n_names++] = list->items[i].name;
    if (!n_names)
      printf("no source to harvest%s\n", due ? " is due" : "");
  }
  for (size_t i = 0; i < n_names; ++i) {
    hdc_harvest_result r;
    hdc_error_clear(&err);
    st = hdc_harvest_source(s, names[i], &ho, &r, &err);
    if (st) {
      hdc_cli_print_error(&err);
      if (r.failed)
        fprintf(stderr,
                "hdcat: harvest: source %s: run %lld failed after %zu"
                " pages; nothing was changed ('hdcat source show %s')\n",
                names[i],
                (long long)r.run_id,
                r.pages,
                names[i]);
      rc = worse(
        rc, st == HDC_ERR_NOT_FOUND ? HDC_EXIT_USAGE : hdc_cli_exit_code(st));
      continue;
    }
    printf("source %s, run %lld: %zu added, %zu updated, %zu unchanged, %zu"
           " invalid, %zu withdrawn; %zu pages (%zu unchanged)%s\n",
           names[i],
           (long long)r.run_id,
           r.added,
           r.updated,
           r.unchanged,
           r.invalid,
           r.withdrawn,
           r.pages,
           r.pages_unchanged,
           r.warnings ? "; warnings: see 'hdcat source show'" : "");
    if (r.invalid) {
      fprintf(stderr,
              "hdcat: harvest: source %s: %zu record(s) do not"
              " conform to the profile; they are stored and flagged"
              " ('hdcat source show %s' counts them by rule)\n",
              names[i],
              r.invalid,
              names[i]);
      rc = worse(rc, HDC_EXIT_FAIL);
    }
  }
done:
  hdc_store_sources_free(list);
  hdc_store_close(s);
  free(names);
  return rc;
}
