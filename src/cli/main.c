// SPDX-License-Identifier: EUPL-1.2
/*
 * hdcat: the command line. Dispatches to one function per sub-command
 * (see cli.h) and maps statuses to the exit codes of DESIGN.md.
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>

typedef struct command {
  const char *name;
  int (*run)(int argc, char **argv);
  const char *summary;
} command;

static const command commands[] = {
  {"convert", hdc_cli_convert, "convert an RDF document to another syntax"},
  {"validate", hdc_cli_validate,
   "check descriptions against HealthDCAT-AP or any SHACL shapes"},
  {"import", hdc_cli_import, "store RDF files in the catalogue (one run)"},
  {"search", hdc_cli_search, "search the catalogue"},
  {"token", hdc_cli_token, "create, list and revoke publishing tokens"},
  {"audit", hdc_cli_audit, "list the writes made through the publishing API"},
  {"source", hdc_cli_source, "add, list, show or remove harvest sources"},
  {"harvest", hdc_cli_harvest, "harvest sources into the catalogue"},
  {"serve", hdc_cli_serve, "serve the catalogue over HTTP"},
  {"export", hdc_cli_export, "write the conforming records as one DCAT document"},
};

#define N_COMMANDS (sizeof commands / sizeof commands[0])

static void
print_help(FILE *out)
{
  fputs("hdcat " HDC_VERSION
        " - the national catalogue of health datasets\n"
        "\n"
        "Usage: hdcat COMMAND [OPTIONS] [ARGS]\n"
        "\n"
        "Commands:\n",
        out);
  for (size_t i = 0; i < N_COMMANDS; ++i) {
    fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
  }
  fputs("\n"
        "Run 'hdcat COMMAND --help' for the options of a command.\n"
        "\n"
        "Exit codes: 0 success, 1 input does not conform, 2 usage error or\n"
        "unusable input, 3 internal or I/O failure.\n"
        "\n"
        "Limits on input are set with HDCAT_LIMIT_<NAME>=<value> in the\n"
        "environment; see 'hdcat --limits'.\n",
        out);
}

static void
print_limits(FILE *out)
{
  fputs("Limits (environment variable, default, range, meaning):\n", out);
  for (int i = 0; i < HDC_LIMIT__COUNT; ++i) {
    const hdc_limit_info *info = hdc_limit_info_get((hdc_limit)i);
    char                  var[64];
    size_t                k = 0;
    for (; info->name[k] && k < sizeof var - 1; ++k) {
      char c = info->name[k];
      var[k] = (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
    }
    var[k] = '\0';
    fprintf(out, "  HDCAT_LIMIT_%-15s %12llu %s  [%llu..%llu]  %s\n", var,
            (unsigned long long)info->def, info->unit,
            (unsigned long long)info->min, (unsigned long long)info->max,
            info->doc);
  }
}

void
hdc_cli_print_error(const hdc_error *err)
{
  char line[2048];
  fprintf(stderr, "hdcat: %s\n", hdc_error_format(err, line, sizeof line));
}

int
hdc_cli_exit_code(hdc_status st)
{
  switch (st) {
  case HDC_OK: return HDC_EXIT_OK;
  case HDC_FAILURE: return HDC_EXIT_FAIL;
  case HDC_ERR_SYNTAX:
  case HDC_ERR_ENCODING:
  case HDC_ERR_INVALID_ARG:
  case HDC_ERR_NOT_FOUND:
  case HDC_ERR_LIMIT:
  case HDC_ERR_UNSUPPORTED: return HDC_EXIT_USAGE;
  case HDC_ERR_NOMEM:
  case HDC_ERR_IO:
  case HDC_ERR_DB:
  case HDC_ERR_HTTP:
  case HDC_ERR_INTERNAL: return HDC_EXIT_INTERNAL;
  }
  return HDC_EXIT_INTERNAL;
}

int
main(int argc, char **argv)
{
  if (argc < 2) {
    print_help(stderr);
    return HDC_EXIT_USAGE;
  }
  const char *cmd = argv[1];
  if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
    print_help(stdout);
    return HDC_EXIT_OK;
  }
  if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V")) {
    puts("hdcat " HDC_VERSION);
    return HDC_EXIT_OK;
  }
  if (!strcmp(cmd, "--limits")) {
    print_limits(stdout);
    return HDC_EXIT_OK;
  }
  for (size_t i = 0; i < N_COMMANDS; ++i) {
    if (!strcmp(cmd, commands[i].name)) {
      return commands[i].run(argc - 1, argv + 1);
    }
  }
  fprintf(stderr, "hdcat: unknown command '%s'; run 'hdcat --help'\n", cmd);
  return HDC_EXIT_USAGE;
}
