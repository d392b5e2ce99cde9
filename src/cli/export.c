// SPDX-License-Identifier: EUPL-1.2
/*
 * `hdcat export`: the whole catalogue as one DCAT document, the records
 * that conform to their profile under one dcat:Catalog (what /catalog
 * serves page by page), streamed to a file or standard output. A file is
 * written beside its final name and renamed at the end, so a failed export
 * never leaves half a document under that name.
 *
 * Exit codes: 0 success, 2 usage error, 3 the catalogue cannot be read or
 * the output cannot be written.
 */
#include "cli.h"
#include "hdcat/web.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char export_usage[] =
  "Usage: hdcat export [--db DB] [--format turtle|rdfxml|jsonld|ntriples]\n"
  "                    [--base-url URL] [--out FILE]\n"
  "\n"
  "Write every record that conforms to its profile, under one dcat:Catalog,\n"
  "as one document (default: Turtle on standard output).\n"
  "\n"
  "  --db DB          catalogue file (default: $HDCAT_DB, else hdcat.db)\n"
  "  --format F       turtle (default), rdfxml, jsonld or ntriples\n"
  "  --base-url URL   public address the catalogue's IRIs are minted under\n"
  "                   (default http://localhost:8080)\n"
  "  --out FILE       write to FILE instead of standard output\n";

static hdc_status
write_file(void *ctx, const char *ptr, size_t len)
{
  return fwrite(ptr, 1, len, ctx) == len ? HDC_OK : HDC_ERR_IO;
}

int
hdc_cli_export(int argc, char **argv)
{
  const char *db = NULL, *format = "turtle", *out = NULL, *base = NULL;
  char        tmp[4096];
  FILE       *f  = stdout;
  int         rc = HDC_EXIT_OK;
  hdc_error   err;
  hdc_error_clear(&err);
  tmp[0] = '\0';
  for (int i = 1; i < argc; ++i) {
    const char *a   = argv[i];
    bool        val = !strcmp(a, "--db") || !strcmp(a, "--format") ||
               !strcmp(a, "--out") || !strcmp(a, "--base-url");
    if (val && i + 1 >= argc) {
      fprintf(stderr,
              "hdcat: export: option '%s' needs a value\n%s",
              a,
              export_usage);
      return HDC_EXIT_USAGE;
    }
    const char *v = val ? argv[++i] : NULL;
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      fputs(export_usage, stdout);
      return HDC_EXIT_OK;
    } else if (!strcmp(a, "--db")) {
      db = v;
    } else if (!strcmp(a, "--format")) {
      /* The usual aliases too. */
      if (!strcmp(v, "ttl"))
        v = "turtle";
      else if (!strcmp(v, "rdf") || !strcmp(v, "xml"))
        v = "rdfxml";
      else if (!strcmp(v, "nt"))
        v = "ntriples";
      else if (!strcmp(v, "json-ld"))
        v = "jsonld";
      format = v;
    } else if (!strcmp(a, "--out")) {
      out = v;
    } else if (!strcmp(a, "--base-url")) {
      base = v;
    } else {
      fprintf(
        stderr, "hdcat: export: unexpected argument '%s'\n%s", a, export_usage);
      return HDC_EXIT_USAGE;
    }
  }
  if (strcmp(format, "turtle") && strcmp(format, "rdfxml") &&
      strcmp(format, "jsonld") && strcmp(format, "ntriples")) {
    fprintf(stderr,
            "hdcat: export: --format is turtle, rdfxml, jsonld or ntriples, "
            "not '%s'\n",
            format);
    return HDC_EXIT_USAGE;
  }
  if (out && strcmp(out, "-")) {
    int n = snprintf(tmp, sizeof tmp, "%s.part", out);
    if (n < 0 || (size_t)n >= sizeof tmp) {
      fputs("hdcat: export: output path too long\n", stderr);
      return HDC_EXIT_USAGE;
    }
    f = fopen(tmp, "wb");
    if (!f) {
      fprintf(stderr, "hdcat: export: cannot write %s\n", tmp);
      return HDC_EXIT_INTERNAL;
    }
  }
  size_t     n = 0, held = 0;
  hdc_status st = hdc_web_export(
    hdc_cli_db_path(db), base, format, write_file, f, &n, &held, &err);
  if (st) {
    if (st == HDC_ERR_IO && !err.message[0])
      fprintf(stderr,
              "hdcat: export: cannot write %s\n",
              out ? out : "standard output");
    else
      hdc_cli_print_error(&err);
    rc = hdc_cli_exit_code(st);
  }
  if (f != stdout) {
    if (fclose(f) != 0 && !rc) {
      fprintf(stderr, "hdcat: export: cannot write %s\n", tmp);
      rc = HDC_EXIT_INTERNAL;
    }
    if (!rc && rename(tmp, out) != 0) {
      fprintf(stderr, "hdcat: export: cannot rename %s to %s\n", tmp, out);
      rc = HDC_EXIT_INTERNAL;
    }
    if (rc)
      remove(tmp);
  } else if (fflush(stdout) != 0 && !rc) {
    fputs("hdcat: export: cannot write standard output\n", stderr);
    rc = HDC_EXIT_INTERNAL;
  }
  if (!rc)
    fprintf(stderr,
            "hdcat: exported %zu record(s); %zu held back (do not "
            "conform)\n",
            n,
            held);
  return rc;
}
