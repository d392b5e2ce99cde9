// SPDX-License-Identifier: EUPL-1.2
/*
 * Allocation wrappers with fault injection.
 *
 * Tests call hdc_alloc_fail_after(n) to make the allocation after the next n
 * fail, then check that the code under test returns HDC_ERR_NOMEM and leaks
 * nothing (SQLite's anomaly tests). The counter is process-wide and not
 * thread-safe: it is a test facility, off (-1) in normal runs, where the
 * check costs one well-predicted branch.
 */
#include "hdcat/core.h"

#include <stdlib.h>
#include <string.h>

static long          fail_countdown = -1;
static unsigned long injected       = 0;

void
hdc_alloc_fail_after(long n)
{
  fail_countdown = n < 0 ? -1 : n;
  if (n < 0) {
    injected = 0;
  }
}

unsigned long
hdc_alloc_injected_failures(void)
{
  return injected;
}

/* True when this allocation must fail by injection. */
static bool
should_fail(void)
{
  if (fail_countdown < 0) {
    return false;
  }
  if (fail_countdown == 0) {
    ++injected;
    return true;
  }
  --fail_countdown;
  return false;
}

void *
hdc_malloc(size_t n)
{
  return should_fail() ? NULL : malloc(n ? n : 1);
}

void *
hdc_calloc(size_t count, size_t size)
{
  return should_fail() ? NULL : calloc(count ? count : 1, size ? size : 1);
}

void *
hdc_realloc(void *ptr, size_t n)
{
  return should_fail() ? NULL : realloc(ptr, n ? n : 1);
}

void
hdc_free(void *ptr)
{
  free(ptr);
}

char *
hdc_strndup(const char *ptr, size_t len)
{
  char *z = hdc_malloc(len + 1);
  if (z) {
    if (len) {
      memcpy(z, ptr, len);
    }
    z[len] = '\0';
  }
  return z;
}
