// SPDX-License-Identifier: EUPL-1.2
/*
 * `hdcat import`: store RDF files in the catalogue as one source run.
 *
 * Every file is parsed, split into records (one per dcat:Dataset),
 * validated with the HealthDCAT-AP profile and stored in one transaction:
 * if any file cannot be read or parsed, nothing changes. The run's counts
 * are printed on standard output.
 *
 * Exit codes: 0 every record stored is valid, 1 some records do not
 * validate (they are stored, flagged, with their report), 2 usage error or
 * unusable input, 3 internal, I/O or database failure.
 */
#include "cli.h"
#include "hdcat/graph.h"
#include "hdcat/shacl.h"
#include "hdcat/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char import_usage[] =
  "Usage: hdcat import [--db DB] [--source NAME] [--profile P]\n"
  "                    [--schemas DIR] [--no-validate] [--withdraw-missing]\n"
  "                    FILE...\n"
  "\n"
  "Store the datasets described in the RDF files FILE in the catalogue, as\n"
  "one run of source NAME (default: local). All files are stored or none.\n"
  "\n"
  "  --db DB             catalogue file (default: $HDCAT_DB, else hdcat.db)\n"
  "  --source NAME       the source the records belong to\n"
  "  --profile P         healthdcat-ap-core (default), healthdcat-ap or\n"
  "                      dcat-ap-3; the default leaves out the codelist\n"
  "                      checks until every EU vocabulary is shipped\n"
  "  --schemas DIR       where the shipped shapes are (default: HDCAT_SCHEMAS)\n"
  "  --no-validate       store without validating (trusted copies only)\n"
  "  --withdraw-missing  withdraw the source's records absent from FILEs\n"
  "\n"
  "Exit codes: 0 all records valid, 1 some records invalid (stored and\n"
  "flagged), 2 usage error or unusable input, 3 internal failure.\n";

#define MAX_FILES 4096

const char *
hdc_cli_db_path(const char *opt)
{
  if (opt)
    return opt;
  const char *env = getenv("HDCAT_DB");
  return env && *env ? env : "hdcat.db";
}

int
hdc_cli_import(int argc, char **argv)
{
  const char            *db = NULL, *source = NULL, *profile_name = NULL,
             *schemas = NULL;
  bool                   validate = true, withdraw = false;
  const char           **files    = NULL;
  size_t                 n_files  = 0;
  hdc_world             *w        = NULL;
  hdc_shacl_profile     *profile  = NULL;
  hdc_store             *store    = NULL;
  hdc_error              err;
  hdc_store_run_stats    stats;
  int                    rc = HDC_EXIT_OK;
  hdc_error_clear(&err);
  memset(&stats, 0, sizeof stats);
  files = calloc((size_t)argc + 1, sizeof *files);
  if (!files) {
    fputs("hdcat: import: out of memory\n", stderr);
    return HDC_EXIT_INTERNAL;
  }
  for (int i = 1; i < argc; ++i) {
    const char *a     = argv[i];
    const char **want = NULL;
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      fputs(import_usage, stdout);
      goto done;
    } else if (!strcmp(a, "--db")) {
      want = &db;
    } else if (!strcmp(a, "--source")) {
      want = &source;
    } else if (!strcmp(a, "--profile")) {
      want = &profile_name;
    } else if (!strcmp(a, "--schemas")) {
      want = &schemas;
    } else if (!strcmp(a, "--no-validate")) {
      validate = false;
    } else if (!strcmp(a, "--withdraw-missing")) {
      withdraw = true;
    } else if (!strcmp(a, "--")) {
      while (++i < argc)
        files[n_files++] = argv[i];
    } else if (a[0] == '-' && a[1] != '\0') {
      fprintf(stderr, "hdcat: import: unknown option '%s'\n%s", a,
              import_usage);
      rc = HDC_EXIT_USAGE;
      goto done;
    } else {
      files[n_files++] = a;
    }
    if (want) {
      if (i + 1 >= argc) {
        fprintf(stderr, "hdcat: import: option '%s' needs a value\n%s", a,
                import_usage);
        rc = HDC_EXIT_USAGE;
        goto done;
      }
      *want = argv[++i];
    }
  }
  if (!n_files || n_files > MAX_FILES) {
    fprintf(stderr, "hdcat: import: %s\n%s",
            n_files ? "too many files (at most 4096 per run)"
                    : "no FILE given",
            import_usage);
    rc = HDC_EXIT_USAGE;
    goto done;
  }
  if (!(w = hdc_world_new())) {
    fputs("hdcat: import: out of memory\n", stderr);
    rc = HDC_EXIT_INTERNAL;
    goto done;
  }
  hdc_status st = HDC_OK;
  if (validate) {
    /* The codelist checks need vocabularies hdcat does not ship yet (they
     * would flag every real record), so imports default to the core set. */
    hdc_shacl_profile_kind kind = HDC_SHACL_PROFILE_HEALTHDCAT_AP_CORE;
    if (profile_name &&
        (st = hdc_shacl_profile_from_name(profile_name, &kind, &err))) {
      hdc_cli_print_error(&err);
      rc = HDC_EXIT_USAGE;
      goto done;
    }
    char dir[4096];
    if (!hdc_cli_schemas_dir(schemas, dir, sizeof dir)) {
      fputs("hdcat: import: the shipped schemas/ folder was not found: pass"
            " --schemas DIR or set HDCAT_SCHEMAS\n",
            stderr);
      rc = HDC_EXIT_USAGE;
      goto done;
    }
    if ((st = hdc_shacl_profile_load(w, dir, kind, &profile, &err))) {
      hdc_cli_print_error(&err);
      fputs("hdcat: import: pass --schemas DIR or set HDCAT_SCHEMAS to the"
            " shipped schemas/ folder\n",
            stderr);
      rc = HDC_EXIT_USAGE;
      goto done;
    }
  }
  hdc_limits limits;
  hdc_limits_init(&limits);
  if ((st = hdc_limits_from_env(&limits, &err))) {
    hdc_cli_print_error(&err);
    rc = HDC_EXIT_USAGE;
    goto done;
  }
  hdc_store_open_opts oo = {.read_only = false, .limits = &limits};
  if ((st = hdc_store_open(hdc_cli_db_path(db), &oo, &store, &err))) {
    hdc_cli_print_error(&err);
    rc = hdc_cli_exit_code(st);
    goto done;
  }
  hdc_store_run_opts ro = {
    .profile = profile, .withdraw_missing = withdraw, .limits = &limits};
  if ((st = hdc_store_import_files(store, w, source, files, n_files, &ro,
                                   &stats, &err))) {
    hdc_cli_print_error(&err);
    fputs("hdcat: import: nothing was changed in the catalogue\n", stderr);
    rc = hdc_cli_exit_code(st);
    goto done;
  }
  printf("source %s, run %lld: %zu added, %zu updated, %zu unchanged, "
         "%zu invalid, %zu withdrawn\n",
         source && *source ? source : "local", (long long)stats.run_id,
         stats.added, stats.updated, stats.unchanged, stats.invalid,
         stats.withdrawn);
  if (stats.invalid) {
    fprintf(stderr,
            "hdcat: import: %zu record(s) do not conform to the profile;"
            " they are stored and flagged: run 'hdcat validate FILE' for"
            " what to fix\n",
            stats.invalid);
    rc = HDC_EXIT_FAIL;
  }
done:
  hdc_store_close(store);
  hdc_shacl_profile_free(profile);
  hdc_world_free(w);
  free(files);
  return rc;
}
