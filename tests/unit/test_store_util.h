// SPDX-License-Identifier: EUPL-1.2
/*
 * Shared by the unit tests that open a catalogue file: remove it with the
 * files SQLite keeps beside it, so every test starts from nothing.
 */
#ifndef HDC_TEST_STORE_UTIL_H
#define HDC_TEST_STORE_UTIL_H

#include <stdio.h>

/* The catalogue at @p path, its WAL, shared-memory index and rollback
 * journal (those that exist). */
static inline void
remove_db(const char *path)
{
  static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
  char                     p[512];
  for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
    snprintf(p, sizeof p, "%s%s", path, suffixes[i]);
    remove(p);
  }
}

#endif /* HDC_TEST_STORE_UTIL_H */
