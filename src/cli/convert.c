// SPDX-License-Identifier: EUPL-1.2
/*
 * `hdcat convert [--to FMT] [--base IRI] [--input-format F] INPUT`:
 * read one RDF document (a file, standard input or an http(s) URL) and
 * write it to standard output in another syntax. The whole document is
 * parsed before anything is written, so a broken input produces an error
 * and no partial output.
 */
#include "cli.h"
#include "hdcat/graph.h"
#include "hdcat/harvest.h"
#include "hdcat/rdf.h"

#include <stdio.h>
#include <string.h>

static const char convert_usage[] =
  "Usage: hdcat convert [--to turtle|rdfxml|ntriples|jsonld] [--base IRI]\n"
  "                     [--input-format F] INPUT\n"
  "\n"
  "Read the RDF document INPUT (a file, - for standard input, or an http or\n"
  "https URL) and write it to standard output. The input syntax comes from\n"
  "--input-format, else the media type the server sends, else the file\n"
  "extension, else the content. Relative IRIs are resolved against --base\n"
  "(default: the URL of a fetched document after redirects, else\n"
  "urn:hdcat:doc/).\n"
  "\n"
  "Exit codes: 0 success; 2 usage error or unusable input, including a URL\n"
  "that cannot be fetched (unreachable, HTTP error, timeout, too large, too\n"
  "many redirects) or is not RDF; 3 internal or I/O failure.\n";

/* The value of option argv[*i] ("--opt VALUE" or "--opt=VALUE"), or NULL
 * if argv[*i] is not that option. Advances *i past a separate value. */
static const char *
option_value(int argc, char **argv, int *i, const char *name, bool *missing)
{
  size_t n = strlen(name);
  if (strncmp(argv[*i], name, n) != 0) {
    return NULL;
  }
  if (argv[*i][n] == '=') {
    return argv[*i] + n + 1;
  }
  if (argv[*i][n] != '\0') {
    return NULL;
  }
  if (*i + 1 >= argc) {
    *missing = true;
    return NULL;
  }
  return argv[++*i];
}

/* Print err, naming the input when the failing layer did not (a writer
 * knows the triple it could not write, not the file it came from). */
static void
report_error(hdc_error *err, hdc_status st, const char *input)
{
  if (err->status == HDC_OK) {
    hdc_error_set(err, st, input, 0, 0, NULL);
  } else if (!err->source[0]) {
    size_t n = strlen(input);
    if (n >= sizeof err->source) {
      n = sizeof err->source - 1;
    }
    memcpy(err->source, input, n);
    err->source[n] = '\0';
  }
  hdc_cli_print_error(err);
}

int
hdc_cli_convert(int argc, char **argv)
{
  const char *to = "turtle", *base = NULL, *in_fmt = NULL, *input = NULL;
  int         rc = HDC_EXIT_INTERNAL;
  hdc_world  *world = NULL;
  hdc_graph  *graph = NULL;
  hdc_error   err;
  hdc_limits  limits;
  hdc_error_clear(&err);
  hdc_limits_init(&limits);

  for (int i = 1; i < argc; ++i) {
    bool        missing = false;
    const char *v;
    if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
      fputs(convert_usage, stdout);
      return HDC_EXIT_OK;
    } else if ((v = option_value(argc, argv, &i, "--to", &missing))) {
      to = v;
    } else if ((v = option_value(argc, argv, &i, "--base", &missing))) {
      base = v;
    } else if ((v = option_value(argc, argv, &i, "--input-format",
                                 &missing))) {
      in_fmt = v;
    } else if (missing) {
      fprintf(stderr, "hdcat: convert: option '%s' needs a value\n%s",
              argv[i], convert_usage);
      return HDC_EXIT_USAGE;
    } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
      fprintf(stderr, "hdcat: convert: unknown option '%s'\n%s", argv[i],
              convert_usage);
      return HDC_EXIT_USAGE;
    } else if (input) {
      fprintf(stderr, "hdcat: convert: one INPUT only ('%s' and '%s')\n",
              input, argv[i]);
      return HDC_EXIT_USAGE;
    } else {
      input = argv[i];
    }
  }
  if (!input) {
    fprintf(stderr, "hdcat: convert: no INPUT given\n%s", convert_usage);
    return HDC_EXIT_USAGE;
  }
  hdc_format out_format = hdc_format_from_name(to);
  if (out_format == HDC_FORMAT_UNKNOWN || out_format == HDC_FORMAT_NQUADS ||
      out_format == HDC_FORMAT_TRIG) {
    fprintf(stderr,
            "hdcat: convert: unknown output format '%s' (turtle, rdfxml, "
            "ntriples or jsonld)\n",
            to);
    return HDC_EXIT_USAGE;
  }
  hdc_parse_opts opts = {HDC_FORMAT_UNKNOWN, base, input, &limits};
  if (in_fmt) {
    opts.format = hdc_format_from_name(in_fmt);
    if (opts.format == HDC_FORMAT_UNKNOWN) {
      fprintf(stderr, "hdcat: convert: unknown input format '%s'\n", in_fmt);
      return HDC_EXIT_USAGE;
    }
  }
  if (hdc_limits_from_env(&limits, &err) != HDC_OK) {
    hdc_cli_print_error(&err);
    return HDC_EXIT_USAGE;
  }

  world = hdc_world_new();
  graph = world ? hdc_graph_new(world) : NULL;
  if (!graph) {
    fputs("hdcat: out of memory\n", stderr);
    goto done;
  }
  bool       is_url = hdc_harvest_is_url(input);
  hdc_status st =
    is_url ? hdc_harvest_fetch_rdf(NULL, input, NULL, &opts, graph, NULL, &err)
           : hdc_rdf_parse_file(input, &opts, graph, &err);
  if (st != HDC_OK) {
    report_error(&err, st, input);
    /* A URL that cannot be fetched is unusable input, like a missing
     * file: the user fixes the URL, not the installation. */
    rc = is_url && st == HDC_ERR_HTTP ? HDC_EXIT_USAGE
                                      : hdc_cli_exit_code(st);
    goto done;
  }
  st = hdc_rdf_write(graph, out_format, NULL, hdc_sink_file, stdout, &err);
  if (st == HDC_OK && fflush(stdout) != 0) {
    st = hdc_error_set(&err, HDC_ERR_IO, "standard output", 0, 0,
                       "cannot write the output");
  }
  if (st != HDC_OK) {
    report_error(&err, st, input);
    rc = hdc_cli_exit_code(st);
    goto done;
  }
  rc = HDC_EXIT_OK;
done:
  hdc_graph_free(graph);
  hdc_world_free(world);
  return rc;
}
