// SPDX-License-Identifier: EUPL-1.2
/*
 * Splitting a harvested document into records, one per dcat:Dataset.
 *
 * A record is what a breadth-first walk from the dataset collects: the
 * triples of every node it enters. It enters the objects of those triples
 * that the document describes (they are subjects in it): distributions,
 * agents, contact points, periods, even IRIs of document-local vocabulary.
 * It never enters another dataset, catalogue, dataset series or catalogue
 * record (explicitly typed so), which keeps a record to its own dataset even
 * when a catalogue lists everything in one document; the triple linking to
 * such a node is kept. Shared nodes (one publisher for many datasets) are
 * copied into every record that reaches them.
 */
#include "graph_internal.h"

#include <stdlib.h>

static int
term_ptr_cmp(const void *x, const void *y)
{
  return hdc_term_compare(*(const hdc_term *const *)x,
                          *(const hdc_term *const *)y);
}

hdc_status
hdc_graph_datasets(const hdc_graph *g, const hdc_term ***out, size_t *n)
{
  hdc_status       st  = HDC_OK;
  const hdc_term **res = NULL;
  if (out) {
    *out = NULL;
  }
  if (n) {
    *n = 0;
  }
  if (!g || !out || !n) {
    return HDC_ERR_INVALID_ARG;
  }
  const hdc_term *type =
    hdc_world_find_iri(g->world, HDC_STR(HDC_NS_RDF "type"));
  const hdc_term *dataset =
    hdc_world_find_iri(g->world, HDC_STR(HDC_NS_DCAT "Dataset"));
  size_t count = (type && dataset) ? hdc_graph_count(g, NULL, type, dataset)
                                   : 0;
  if (count == 0) {
    goto done;
  }
  res = hdc_malloc(count * sizeof *res);
  if (!res) {
    st = HDC_ERR_NOMEM;
    goto done;
  }
  /* The triples are a set, so each subject appears once. */
  size_t   k = 0;
  hdc_iter it;
  hdc_graph_match(g, NULL, type, dataset, &it);
  const hdc_triple *t;
  while ((t = hdc_iter_next(&it)) != NULL && k < count) {
    res[k++] = t->s;
  }
  qsort((void *)res, k, sizeof *res, term_ptr_cmp);
  *out = res;
  *n   = k;
  res  = NULL;
done:
  hdc_free((void *)res);
  return st;
}

/* The classes whose instances are records (or collections of them) in
 * their own right. */
static const char *const stop_classes[] = {
  HDC_NS_DCAT "Dataset",
  HDC_NS_DCAT "Catalog",
  HDC_NS_DCAT "DatasetSeries",
  HDC_NS_DCAT "CatalogRecord",
};
#define N_STOP (sizeof stop_classes / sizeof stop_classes[0])

static bool
is_stop_node(const hdc_graph *g, const hdc_term *type,
             const hdc_term *const *stops, const hdc_term *node)
{
  for (size_t i = 0; type && i < N_STOP; i++) {
    if (stops[i] && hdc_graph_contains(g, node, type, stops[i])) {
      return true;
    }
  }
  return false;
}

/* Values of the walk's `seen` map. */
enum { ENTERED = 0, REJECTED = 1 };

hdc_status
hdc_graph_extract_record(const hdc_graph *src, const hdc_term *dataset,
                         size_t max_triples, hdc_graph *out)
{
  hdc_status       st    = HDC_OK;
  hdc_graph_ptrmap seen  = {0};
  const hdc_term **queue = NULL;
  size_t           qn = 0, qcap = 0;
  size_t           start = 0, added = 0;

  if (!src || !dataset || !out || src == out || src->world != out->world ||
      dataset->kind == HDC_TERM_LITERAL) {
    return HDC_ERR_INVALID_ARG;
  }
  start = out->n;
  const hdc_term *type =
    hdc_world_find_iri(src->world, HDC_STR(HDC_NS_RDF "type"));
  const hdc_term *stops[N_STOP];
  for (size_t i = 0; i < N_STOP; i++) {
    stops[i] = hdc_world_find_iri(src->world, hdc_str_from(stop_classes[i]));
  }

  qcap  = 16;
  queue = hdc_malloc(qcap * sizeof *queue);
  if (!queue ||
      (st = hdc_graph_ptrmap_put(&seen, dataset, ENTERED)) != HDC_OK) {
    st = HDC_ERR_NOMEM;
    goto done;
  }
  queue[qn++] = dataset;
  for (size_t head = 0; head < qn; head++) {
    hdc_iter it;
    hdc_graph_match(src, queue[head], NULL, NULL, &it);
    const hdc_triple *t;
    while ((t = hdc_iter_next(&it)) != NULL) {
      hdc_status r = hdc_graph_add(out, t->s, t->p, t->o);
      if (r == HDC_OK) {
        if (max_triples && ++added > max_triples) {
          st = HDC_ERR_LIMIT;
          goto done;
        }
      } else if (r != HDC_FAILURE) {
        st = r;
        goto done;
      }
      const hdc_term *o = t->o;
      /* `seen` holds the nodes entered (value ENTERED) and those found not
       * to be entered (REJECTED): whether a node is entered depends on the
       * node alone, and the same vocabulary IRIs come back many times in a
       * record, so each one costs the index lookups once. */
      if (o->kind == HDC_TERM_LITERAL || hdc_graph_ptrmap_get(&seen, o, NULL)) {
        continue;
      }
      if (hdc_graph_count(src, o, NULL, NULL) == 0 ||
          is_stop_node(src, type, stops, o)) {
        if ((st = hdc_graph_ptrmap_put(&seen, o, REJECTED)) != HDC_OK) {
          goto done;
        }
        continue;
      }
      if ((st = hdc_graph_ptrmap_put(&seen, o, ENTERED)) != HDC_OK) {
        goto done;
      }
      if (qn == qcap) {
        const hdc_term **nq = hdc_realloc((void *)queue, 2 * qcap * sizeof *nq);
        if (!nq) {
          st = HDC_ERR_NOMEM;
          goto done;
        }
        queue = nq;
        qcap *= 2;
      }
      queue[qn++] = o;
    }
  }
done:
  if (st != HDC_OK) {
    /* Never a partial record: the caller sees all of it or nothing. */
    hdc_graph_truncate(out, start);
  }
  hdc_graph_ptrmap_free(&seen);
  hdc_free((void *)queue);
  return st;
}
