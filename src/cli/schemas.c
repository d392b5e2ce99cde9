// SPDX-License-Identifier: EUPL-1.2
/*
 * Finding the shipped shapes and vocabularies (schemas/) for the commands
 * that validate: validate, import.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Where the shipped schemas are: --schemas, HDCAT_SCHEMAS, a directory
 * fixed at build time, else next to the executable (installed layout
 * share/hdcat/schemas, or the source tree for a build inside it). */
bool
hdc_cli_schemas_dir(const char *opt, char *out, size_t cap)
{
  const char              *env = getenv("HDCAT_SCHEMAS");
  char                     exe[4096];
  ssize_t                  n;
  static const char *const rel[] = { "/../share/hdcat/schemas",
                                     "/../schemas",
                                     "/../../schemas",
                                     "/../../../schemas" };
  if (opt)
    return snprintf(out, cap, "%s", opt) < (int)cap;
  if (env && *env)
    return snprintf(out, cap, "%s", env) < (int)cap;
#ifdef HDC_SCHEMA_DIR
  snprintf(out, cap, "%s", HDC_SCHEMA_DIR);
  if (access(out, R_OK) == 0)
    return true;
#endif
  n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0)
    return false;
  exe[n] = '\0';
  if (strrchr(exe, '/'))
    *strrchr(exe, '/') = '\0';
  for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
    char probe[8192];
    snprintf(out, cap, "%s%s", exe, rel[i]);
    snprintf(probe, sizeof probe, "%s/healthdcat-ap/release-8/validator", out);
    if (access(probe, R_OK) == 0)
      return true;
  }
  return false;
}
