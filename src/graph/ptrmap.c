// SPDX-License-Identifier: EUPL-1.2
/*
 * A pointer-keyed hash map with uint32 values, private to the graph module:
 * visited sets of the class, record and isomorphism walks and the dense
 * numbering of blank nodes. Open addressing, linear probing, load at most
 * 1/2; keys are hashed by address, which is fine for a map that lives only
 * during one call.
 */
#include "graph_internal.h"

#define PTRMAP_MIN_CAP ((size_t)16)

static size_t
ptr_home(const void *key, size_t cap)
{
  return (size_t)hdc_graph_mix64((uint64_t)(uintptr_t)key) & (cap - 1);
}

static hdc_status
ptrmap_grow(hdc_graph_ptrmap *m)
{
  size_t       cap  = m->cap ? m->cap * 2 : PTRMAP_MIN_CAP;
  const void **keys = hdc_calloc(cap, sizeof *keys);
  uint32_t    *vals = hdc_malloc(cap * sizeof *vals);
  if (!keys || !vals) {
    hdc_free(keys);
    hdc_free(vals);
    return HDC_ERR_NOMEM;
  }
  for (size_t j = 0; j < m->cap; j++) {
    if (m->keys[j]) {
      size_t i = ptr_home(m->keys[j], cap);
      while (keys[i]) {
        i = (i + 1) & (cap - 1);
      }
      keys[i] = m->keys[j];
      vals[i] = m->vals[j];
    }
  }
  hdc_free(m->keys);
  hdc_free(m->vals);
  m->keys = keys;
  m->vals = vals;
  m->cap  = cap;
  return HDC_OK;
}

static size_t
ptrmap_slot(const hdc_graph_ptrmap *m, const void *key)
{
  size_t i = ptr_home(key, m->cap);
  while (m->keys[i] && m->keys[i] != key) {
    i = (i + 1) & (m->cap - 1);
  }
  return i;
}

hdc_status
hdc_graph_ptrmap_put(hdc_graph_ptrmap *m, const void *key, uint32_t val)
{
  if (!m || !key) {
    return HDC_ERR_INVALID_ARG;
  }
  if (m->cap && m->keys[ptrmap_slot(m, key)]) {
    return HDC_FAILURE;
  }
  if ((m->n + 1) * 2 > m->cap && ptrmap_grow(m) != HDC_OK) {
    return HDC_ERR_NOMEM;
  }
  size_t i   = ptrmap_slot(m, key);
  m->keys[i] = key;
  m->vals[i] = val;
  m->n++;
  return HDC_OK;
}

bool
hdc_graph_ptrmap_get(const hdc_graph_ptrmap *m, const void *key, uint32_t *val)
{
  if (!m || !key || !m->cap) {
    return false;
  }
  size_t i = ptrmap_slot(m, key);
  if (!m->keys[i]) {
    return false;
  }
  if (val) {
    *val = m->vals[i];
  }
  return true;
}

void
hdc_graph_ptrmap_free(hdc_graph_ptrmap *m)
{
  if (!m) {
    return;
  }
  hdc_free(m->keys);
  hdc_free(m->vals);
  m->keys = NULL;
  m->vals = NULL;
  m->cap  = 0;
  m->n    = 0;
}
