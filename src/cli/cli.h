// SPDX-License-Identifier: EUPL-1.2
/*
 * The hdcat command line: one function per sub-command, each taking the
 * arguments after the sub-command name and returning the exit code
 * (0 success, 1 does not conform / record errors, 2 usage or unusable input,
 * 3 internal or I/O failure). Only the cli module prints and exits.
 */
#ifndef HDC_CLI_H
#define HDC_CLI_H

#include "hdcat/core.h"

#include <stdbool.h>

enum {
  HDC_EXIT_OK      = 0,
  HDC_EXIT_FAIL    = 1,
  HDC_EXIT_USAGE   = 2,
  HDC_EXIT_INTERNAL = 3
};

int hdc_cli_convert(int argc, char **argv);
int hdc_cli_validate(int argc, char **argv);
int hdc_cli_import(int argc, char **argv);
int hdc_cli_search(int argc, char **argv);
int hdc_cli_token(int argc, char **argv);
int hdc_cli_audit(int argc, char **argv);
int hdc_cli_source(int argc, char **argv);
int hdc_cli_harvest(int argc, char **argv);
int hdc_cli_serve(int argc, char **argv);
int hdc_cli_export(int argc, char **argv);
/* The catalogue file: @p opt, else $HDCAT_DB, else "hdcat.db". */
const char *hdc_cli_db_path(const char *opt);

/* Where the shipped schemas are: @p opt (--schemas) if given, else
 * HDCAT_SCHEMAS, else the directory fixed at build time, else beside the
 * executable. Writes the directory to out; false if none was found. */
bool hdc_cli_schemas_dir(const char *opt, char *out, size_t cap);

/* Print err as "hdcat: source:line:col: error: message" on stderr. */
void hdc_cli_print_error(const hdc_error *err);
/* Exit code for a status: 2 for bad input, 3 for I/O and internal failures. */
int  hdc_cli_exit_code(hdc_status st);

#endif /* HDC_CLI_H */
