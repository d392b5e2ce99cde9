// SPDX-License-Identifier: EUPL-1.2
/*
 * Bump-pointer arena.
 *
 * Blocks form a singly linked list, newest first; allocation takes from the
 * newest block and opens a new one (at least the block size, or the request
 * when larger) when it is full. Nothing is freed before the arena is.
 */
#include "hdcat/core.h"

#include <string.h>

#define ARENA_DEFAULT_BLOCK ((size_t)64 * 1024)
#define ARENA_ALIGN         ((size_t)8)

typedef struct arena_block {
  struct arena_block *next;
  size_t              size; /* usable bytes in data[] */
  size_t              used;
  /* data follows, aligned */
} arena_block;

struct hdc_arena {
  arena_block *head;
  size_t       block_size;
  size_t       bytes; /* obtained from the system */
};

/* Header size rounded up so data[] starts aligned. */
#define BLOCK_HEADER \
  ((sizeof(arena_block) + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1))

static unsigned char *
block_data(arena_block *b)
{
  return (unsigned char *)b + BLOCK_HEADER;
}

hdc_arena *
hdc_arena_new(size_t block_size)
{
  hdc_arena *a = hdc_calloc(1, sizeof *a);
  if (a) {
    a->block_size = block_size ? block_size : ARENA_DEFAULT_BLOCK;
  }
  return a;
}

void
hdc_arena_free(hdc_arena *a)
{
  if (!a) {
    return;
  }
  arena_block *b = a->head;
  while (b) {
    arena_block *next = b->next;
    hdc_free(b);
    b = next;
  }
  hdc_free(a);
}

void
hdc_arena_reset(hdc_arena *a)
{
  if (!a || !a->head) {
    return;
  }
  /* Keep the oldest block (the last in the list): it has the default size
   * unless the first request was large, and reusing it avoids a malloc. */
  arena_block *b = a->head;
  while (b->next) {
    arena_block *next = b->next;
    a->bytes -= BLOCK_HEADER + b->size;
    hdc_free(b);
    b = next;
  }
  b->used = 0;
  a->head = b;
}

void *
hdc_arena_alloc(hdc_arena *a, size_t n)
{
  if (n > SIZE_MAX - ARENA_ALIGN - BLOCK_HEADER) {
    return NULL;
  }
  n = (n + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);
  if (n == 0) {
    n = ARENA_ALIGN;
  }
  arena_block *b = a->head;
  if (!b || b->size - b->used < n) {
    size_t size = n > a->block_size ? n : a->block_size;
    arena_block *nb = hdc_malloc(BLOCK_HEADER + size);
    if (!nb) {
      return NULL;
    }
    nb->size = size;
    nb->used = 0;
    a->bytes += BLOCK_HEADER + size;
    /* A large one-off request gets its own block behind the current one, so
     * the space left in the current block is not wasted. */
    if (b && size > a->block_size) {
      nb->next = b->next;
      b->next  = nb;
    } else {
      nb->next = b;
      a->head  = nb;
    }
    b = nb;
  }
  void *p = block_data(b) + b->used;
  b->used += n;
  return p;
}

void *
hdc_arena_grow(hdc_arena *a, void *items, size_t n, size_t *cap, size_t size)
{
  if (n < *cap)
    return items;
  size_t ncap = *cap ? *cap * 2 : 8;
  if (!size || ncap < *cap || ncap > SIZE_MAX / size)
    return NULL;
  void *ni = hdc_arena_alloc(a, ncap * size);
  if (!ni)
    return NULL;
  if (n)
    memcpy(ni, items, n * size);
  *cap = ncap;
  return ni;
}

char *
hdc_arena_strndup(hdc_arena *a, const char *ptr, size_t len)
{
  if (len == SIZE_MAX) {
    return NULL;
  }
  char *z = hdc_arena_alloc(a, len + 1);
  if (z) {
    if (len) {
      memcpy(z, ptr, len);
    }
    z[len] = '\0';
  }
  return z;
}

size_t
hdc_arena_bytes(const hdc_arena *a)
{
  return a ? a->bytes : 0;
}
