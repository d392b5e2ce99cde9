// SPDX-License-Identifier: EUPL-1.2
/*
 * Harvesting one source as one run (see harvest.h for the contract): the
 * walk over its pages (Hydra paging, or the links of a FAIR Data Point),
 * the polite and bounded fetch of each page (delay, retries on 429/5xx,
 * conditional requests), the skip of pages that did not change, and the
 * run report (warnings, pages, invalid records by rule).
 *
 * Invariants:
 *  - Everything a harvest writes (records, page states, the run's notes)
 *    is written inside the store run's transaction; anything that fails
 *    rolls it all back and only then records the failed run.
 *  - One page's graph is alive at a time; it is freed as soon as its
 *    records are stored. The run remembers per page only hashes and ids.
 *  - No URL is fetched but the source's own URL and the links of its pages
 *    that stay on its host (never an IRI a record merely mentions).
 */
#include "hdcat/harvest.h"

#include "hdcat/shacl.h"
#include "hdcat/store.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DEFAULT_DELAY_MS 1000
#define DEFAULT_RETRIES 3u
#define DEFAULT_RETRY_BASE_MS 2000u
#define DEFAULT_RETRY_MAX_SECONDS 120u
/* The interned terms a run may accumulate above what its profile needs
 * before the world is recycled (see recycle_world()). */
#define WORLD_BUDGET_BYTES (32u << 20)
/* Warnings kept in the run row; later ones are only counted. */
#define MAX_WARNINGS_KEPT 20

#define FDP_O "https://w3id.org/fdp/fdp-o#"
#define R3D "http://www.re3data.org/schema/3-0#"
#define LDP "http://www.w3.org/ns/ldp#"

/* Turtle first: what FAIR Data Points serve by content negotiation. */
static const char fdp_accept[] =
  "text/turtle, application/ld+json;q=0.8, application/rdf+xml;q=0.8, "
  "application/n-triples;q=0.7, */*;q=0.1";

typedef struct rule_count
{
  char   *rule;
  int64_t count;
} rule_count;

/* A set of 64-bit hashes (URLs and page bodies seen in this walk); open
 * addressing, 0 stands for "empty" so hashes are forced non-zero. */
typedef struct hash_set
{
  uint64_t *slots;
  size_t    cap, n;
} hash_set;

typedef struct harvest
{
  hdc_store              *store;
  const char             *source;
  const hdc_store_source *src;
  const hdc_harvest_opts *o;
  const hdc_limits       *limits;
  bool                    fdp;
  hdc_format              format;
  hdc_harvest_fetcher    *fetcher;
  hdc_world              *world;
  size_t                  world_base; /* its bytes with only the profile */
  hdc_shacl_profile      *profile;
  hdc_store_run          *run;
  int64_t                 run_id;
  char                    host[256], host2[256];
  char                    started[32];
  bool                    requested; /* a request was made: delay next */
  bool                    walk_over; /* a loop ended the walk */
  hash_set                urls, bodies;
  hash_set                records; /* record ids stored by this run */
  /* The walk's queue of URLs still to visit (FIFO). */
  char **queue;
  size_t q_head, q_n, q_cap;
  /* Record ids the current page gave (on_record). */
  hdc_buf            page_records;
  rule_count        *rules;
  size_t             n_rules, cap_rules;
  bool               oom; /* in a callback that cannot return it */
  hdc_buf            warnings;
  hdc_harvest_result res;
  size_t             seen;
} harvest;

/* ------------------------------------------------------------------------ */
/* Small utilities                                                          */

static bool
set_add(hash_set *s, uint64_t h)
{
  if (!h)
    h = 1;
  if ((s->n + 1) * 2 > s->cap) {
    size_t    ncap = s->cap ? s->cap * 2 : 64;
    uint64_t *ns   = hdc_calloc(ncap, sizeof *ns);
    if (!ns)
      return false;
    for (size_t i = 0; i < s->cap; ++i) {
      if (!s->slots[i])
        continue;
      size_t j = (size_t)s->slots[i] & (ncap - 1);
      while (ns[j])
        j = (j + 1) & (ncap - 1);
      ns[j] = s->slots[i];
    }
    hdc_free(s->slots);
    s->slots = ns;
    s->cap   = ncap;
  }
  size_t j = (size_t)h & (s->cap - 1);
  while (s->slots[j] && s->slots[j] != h)
    j = (j + 1) & (s->cap - 1);
  if (!s->slots[j]) {
    s->slots[j] = h;
    s->n++;
  }
  return true;
}

static bool
set_has(const hash_set *s, uint64_t h)
{
  if (!h)
    h = 1;
  if (!s->cap)
    return false;
  size_t j = (size_t)h & (s->cap - 1);
  while (s->slots[j]) {
    if (s->slots[j] == h)
      return true;
    j = (j + 1) & (s->cap - 1);
  }
  return false;
}

static uint64_t
hash_z(const char *z)
{
  return hdc_hash64(z, strlen(z), 0);
}

static void
sleep_ms(uint64_t ms)
{
  struct timespec ts = { (time_t)(ms / 1000), (long)(ms % 1000) * 1000000L };
  while (nanosleep(&ts, &ts) != 0) {
  }
}

static bool
stopped(const harvest *h)
{
  return h->o->stop && *h->o->stop;
}

static void say(harvest *h, hdc_log_level level, const char *fmt, ...)
  HDC_PRINTF(3, 4);

/* A message for the operator; warnings are also kept for the run row. */
static void
say(harvest *h, hdc_log_level level, const char *fmt, ...)
{
  char    msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  if (level >= HDC_LOG_WARN) {
    h->res.warnings++;
    if (h->res.warnings <= MAX_WARNINGS_KEPT) {
      if (h->warnings.len)
        hdc_buf_putc(&h->warnings, '\n');
      hdc_buf_puts(&h->warnings, msg);
    }
  }
  if (h->o->log)
    h->o->log(h->o->log_ctx, level, h->source, msg);
  else
    hdc_log(level, "source %s: %s", h->source, msg);
}

static bool
queue_push(harvest *h, const char *url)
{
  if (h->q_n == h->q_cap) {
    size_t ncap = h->q_cap ? h->q_cap * 2 : 16;
    char **nq   = hdc_realloc(h->queue, ncap * sizeof *nq);
    if (!nq)
      return false;
    h->queue = nq;
    h->q_cap = ncap;
  }
  if (!(h->queue[h->q_n] = hdc_strndup(url, strlen(url))))
    return false;
  h->q_n++;
  return true;
}

/* Is @p url on the source's host (or the host its URL redirected to)? */
static bool
on_host(const harvest *h, const char *url)
{
  char host[256];
  if (!hdc_harvest_url_host(url, host, sizeof host))
    return false;
  return !strcmp(host, h->host) || (h->host2[0] && !strcmp(host, h->host2));
}

/* ------------------------------------------------------------------------ */
/* Records and rules                                                        */

static void
on_record(void *arg, const hdc_store_record_outcome *oc)
{
  harvest *h = arg;
  /* A dataset described on two pages is stored twice in the run, the last
   * page's description winning: worth telling the publisher. */
  if (set_has(&h->records, (uint64_t)oc->id))
    say(h,
        HDC_LOG_WARN,
        "dataset <%s> is described on more than one page; the record holds"
        " the description of the last one",
        oc->iri);
  else if (!set_add(&h->records, (uint64_t)oc->id))
    h->oom = true;
  if (h->page_records.len)
    hdc_buf_putc(&h->page_records, ' ');
  hdc_buf_printf(&h->page_records, "%" PRId64, oc->id);
  /* Count each record once per rule it breaks. */
  for (size_t i = 0; i < oc->n_rules; ++i) {
    bool dup = false;
    for (size_t k = 0; k < i && !dup; ++k)
      dup = !strcmp(oc->rules[k], oc->rules[i]);
    if (dup)
      continue;
    size_t j = 0;
    while (j < h->n_rules && strcmp(h->rules[j].rule, oc->rules[i]))
      j++;
    if (j == h->n_rules) {
      if (h->n_rules == h->cap_rules) {
        size_t      ncap = h->cap_rules ? h->cap_rules * 2 : 16;
        rule_count *nr   = hdc_realloc(h->rules, ncap * sizeof *nr);
        if (!nr) {
          h->oom = true;
          return;
        }
        h->rules     = nr;
        h->cap_rules = ncap;
      }
      h->rules[j].rule = hdc_strndup(oc->rules[i], strlen(oc->rules[i]));
      if (!h->rules[j].rule) {
        h->oom = true;
        return;
      }
      h->rules[j].count = 0;
      h->n_rules++;
    }
    h->rules[j].count++;
  }
}

/* ------------------------------------------------------------------------ */
/* Fetching                                                                 */

static bool
retryable(long status)
{
  return status == 429 || status == 500 || status == 502 || status == 503 ||
         status == 504;
}

/* GET @p url politely: the delay since the previous request, conditional
 * headers from @p state, retries on 429/5xx. */
static hdc_status
fetch(harvest              *h,
      const char           *url,
      const hdc_store_page *state,
      hdc_harvest_response *resp,
      hdc_error            *err)
{
  const hdc_harvest_opts *o       = h->o;
  unsigned                retries = o->retries ? o->retries : DEFAULT_RETRIES;
  uint64_t                backoff =
    o->retry_base_ms ? o->retry_base_ms : DEFAULT_RETRY_BASE_MS;
  uint64_t max_wait =
    (uint64_t)(o->retry_max_seconds ? o->retry_max_seconds
                                    : DEFAULT_RETRY_MAX_SECONDS) *
    1000u;
  hdc_harvest_request req;
  hdc_status          st = HDC_OK;
  memset(&req, 0, sizeof req);
  req.limits = h->limits;
  req.accept = h->fdp ? fdp_accept : NULL;
  if (state && state->etag && state->etag[0])
    req.if_none_match = state->etag;
  if (state && state->last_modified && state->last_modified[0])
    req.if_modified_since = state->last_modified;
  for (unsigned attempt = 0;; ++attempt) {
    if (h->requested && o->page_delay_ms >= 0)
      sleep_ms(o->page_delay_ms ? (uint64_t)o->page_delay_ms
                                : DEFAULT_DELAY_MS);
    if (stopped(h))
      return hdc_error_set(err,
                           HDC_ERR_IO,
                           url,
                           0,
                           0,
                           "harvest stopped before its end; nothing was"
                           " changed");
    h->requested = true;
    hdc_error e;
    hdc_error_clear(&e);
    st = hdc_harvest_fetcher_get(h->fetcher, url, &req, resp, &e);
    if (st == HDC_OK || !retryable(resp->status) || attempt >= retries) {
      if (st && err)
        *err = e;
      return st;
    }
    uint64_t wait = resp->retry_after >= 0 ? (uint64_t)resp->retry_after * 1000u
                                           : backoff << attempt;
    if (wait > max_wait) {
      return hdc_error_set(err,
                           HDC_ERR_HTTP,
                           url,
                           0,
                           0,
                           "HTTP %ld: the server asks to retry after %" PRIu64
                           " s, more than the %" PRIu64
                           " s a harvest waits; try again later",
                           resp->status,
                           wait / 1000,
                           max_wait / 1000);
    }
    say(h,
        HDC_LOG_WARN,
        "%s: HTTP %ld, retried after %" PRIu64 " ms%s",
        url,
        resp->status,
        wait,
        resp->retry_after >= 0 ? " (Retry-After)" : "");
    /* The wait replaces the polite delay. */
    sleep_ms(wait);
    h->requested = false;
  }
}

/* ------------------------------------------------------------------------ */
/* Links                                                                    */

/* Append @p ref, resolved against @p base, as one line of @p links. A link
 * off the source's host is never followed: a paging link there fails the
 * run (the rest of the catalogue would be withdrawn otherwise); a FAIR
 * Data Point's link to a document elsewhere is skipped with a warning (that
 * document is not this source's to publish). */
static hdc_status
add_link(harvest    *h,
         const char *base,
         const char *ref,
         hdc_buf    *links,
         const char *what,
         hdc_error  *err)
{
  hdc_buf    abs = HDC_BUF_INIT;
  hdc_status st  = hdc_harvest_url_resolve(base, ref, &abs);
  if (st == HDC_ERR_NOMEM)
    return hdc_error_set(err, st, base, 0, 0, "out of memory");
  if (st || !hdc_harvest_is_url(abs.ptr)) {
    say(h,
        HDC_LOG_WARN,
        "%s: %s '%s' is not an http(s) URL; not followed",
        base,
        what,
        ref);
    hdc_buf_clear(&abs);
    return HDC_OK;
  }
  if (!on_host(h, abs.ptr) && h->fdp) {
    say(h,
        HDC_LOG_WARN,
        "%s: %s '%s' leaves the source's host (%s); not followed",
        base,
        what,
        abs.ptr,
        h->host);
    hdc_buf_clear(&abs);
    return HDC_OK;
  }
  if (!on_host(h, abs.ptr)) {
    hdc_buf_clear(&abs);
    return hdc_error_set(err,
                         HDC_ERR_UNSUPPORTED,
                         base,
                         0,
                         0,
                         "%s '%s' leaves the source's host (%s); hdcat"
                         " follows only links on the host of the source"
                         " URL; register the other host as a source of its"
                         " own",
                         what,
                         ref,
                         h->host);
  }
  if (links->len)
    hdc_buf_putc(links, '\n');
  hdc_buf_puts(links, abs.ptr);
  hdc_buf_clear(&abs);
  return hdc_buf_status(links)
           ? hdc_error_set(err, HDC_ERR_NOMEM, base, 0, 0, "out of memory")
           : HDC_OK;
}

/* The next-page link of a Hydra page: hydra:next (an IRI, the parser
 * resolved it) or, legacy, hydra:nextPage (often a literal), preferring the
 * one whose subject is the page itself. */
static hdc_status
hydra_links(harvest         *h,
            const hdc_graph *g,
            const char      *req_url,
            const char      *final_url,
            hdc_buf         *links,
            hdc_error       *err)
{
  static const char *const preds[] = { HDC_NS_HYDRA "next",
                                       HDC_NS_HYDRA "nextPage" };
  for (size_t k = 0; k < 2; ++k) {
    const hdc_term *p =
      hdc_world_find_iri(hdc_graph_world(g), hdc_str_from(preds[k]));
    const hdc_term *best = NULL;
    size_t          n    = 0;
    hdc_iter        it;
    if (!p)
      continue;
    hdc_graph_match(g, NULL, p, NULL, &it);
    for (const hdc_triple *t; (t = hdc_iter_next(&it));) {
      if (hdc_term_is_blank(t->o))
        continue;
      n++;
      hdc_str s = hdc_term_text(t->s);
      if (!best || (hdc_term_is_iri(t->s) &&
                    (hdc_str_eq_z(s, req_url) || hdc_str_eq_z(s, final_url))))
        best = t->o;
    }
    if (!best)
      continue;
    if (n > 1)
      say(h,
          HDC_LOG_WARN,
          "%s: %zu %s links; following '%s'",
          final_url,
          n,
          k ? "hydra:nextPage" : "hydra:next",
          hdc_term_text(best).ptr);
    /* A literal is resolved against the URL it was asked at. */
    return add_link(h,
                    hdc_term_is_iri(best) ? final_url : req_url,
                    hdc_term_text(best).ptr,
                    links,
                    "paging link",
                    err);
  }
  return HDC_OK;
}

/* The children of a FAIR Data Point document: catalogues of the
 * repository, datasets of a catalogue. */
static hdc_status
fdp_links(harvest         *h,
          const hdc_graph *g,
          const char      *final_url,
          hdc_buf         *links,
          hdc_error       *err)
{
  static const char *const preds[] = { FDP_O "metadataCatalog",
                                       HDC_NS_DCAT "catalog",
                                       R3D "dataCatalog",
                                       LDP "contains",
                                       HDC_NS_DCAT "dataset" };
  hdc_status               st      = HDC_OK;
  for (size_t k = 0; k < sizeof preds / sizeof preds[0] && !st; ++k) {
    const hdc_term *p =
      hdc_world_find_iri(hdc_graph_world(g), hdc_str_from(preds[k]));
    hdc_iter it;
    if (!p)
      continue;
    hdc_graph_match(g, NULL, p, NULL, &it);
    for (const hdc_triple *t; !st && (t = hdc_iter_next(&it));) {
      if (!hdc_term_is_iri(t->o))
        continue;
      st = add_link(h,
                    final_url,
                    hdc_term_text(t->o).ptr,
                    links,
                    "FAIR Data Point link",
                    err);
    }
  }
  return st;
}

/* ------------------------------------------------------------------------ */
/* Pages                                                                    */

/* Enqueue the lines of @p links not visited yet; for a paged catalogue, a
 * next page already visited is a loop: the walk ends. */
static hdc_status
follow(harvest *h, const char *from, const char *links, hdc_error *err)
{
  const char *p = links;
  while (p && *p) {
    size_t n = strcspn(p, "\n");
    char  *u = hdc_strndup(p, n);
    if (!u)
      return hdc_error_set(err, HDC_ERR_NOMEM, from, 0, 0, "out of memory");
    if (set_has(&h->urls, hash_z(u))) {
      if (!h->fdp) {
        say(h,
            HDC_LOG_WARN,
            "%s: its next page %s was already harvested in this run: a"
            " paging loop; the walk ends here",
            from,
            u);
        h->walk_over = true;
      }
    } else if (!set_add(&h->urls, hash_z(u)) || !queue_push(h, u)) {
      hdc_free(u);
      return hdc_error_set(err, HDC_ERR_NOMEM, from, 0, 0, "out of memory");
    }
    hdc_free(u);
    p += n;
    if (*p == '\n')
      p++;
  }
  return HDC_OK;
}

/* Distributions of the datasets of @p g that @p g does not describe: a
 * FAIR Data Point serves each in a document of its own, fetched into @p g
 * so that the record holds them. */
static hdc_status
fdp_distributions(harvest *h, hdc_graph *g, const char *from, hdc_error *err)
{
  const hdc_term **ds   = NULL;
  size_t           nds  = 0;
  hdc_status       st   = HDC_OK;
  hdc_buf          todo = HDC_BUF_INIT;
  const hdc_term  *p =
    hdc_world_find_iri(hdc_graph_world(g), HDC_STR(HDC_NS_DCAT "distribution"));
  if (!p)
    return HDC_OK;
  if ((st = hdc_graph_datasets(g, &ds, &nds)))
    return hdc_error_set(err, st, from, 0, 0, "out of memory");
  for (size_t i = 0; i < nds && !st; ++i) {
    hdc_iter it;
    hdc_graph_match(g, ds[i], p, NULL, &it);
    for (const hdc_triple *t; !st && (t = hdc_iter_next(&it));) {
      if (!hdc_term_is_iri(t->o) || hdc_graph_count(g, t->o, NULL, NULL))
        continue;
      st = add_link(
        h, from, hdc_term_text(t->o).ptr, &todo, "distribution link", err);
    }
  }
  hdc_free(ds);
  for (const char *q = todo.ptr; !st && q && *q;) {
    size_t               n = strcspn(q, "\n");
    char                *u = hdc_strndup(q, n);
    hdc_harvest_response resp;
    hdc_parse_opts       po;
    hdc_harvest_response_init(&resp);
    memset(&po, 0, sizeof po);
    po.format = h->format;
    po.limits = h->limits;
    if (!u) {
      st = hdc_error_set(err, HDC_ERR_NOMEM, from, 0, 0, "out of memory");
      break;
    }
    if (++h->res.pages > hdc_limits_get(h->limits, HDC_LIMIT_PAGES)) {
      st = hdc_error_set(err,
                         HDC_ERR_LIMIT,
                         u,
                         0,
                         0,
                         "more than %" PRIu64 " documents (limit pages);"
                         " raise HDCAT_LIMIT_PAGES if the source is genuine",
                         hdc_limits_get(h->limits, HDC_LIMIT_PAGES));
    } else if (!(st = fetch(h, u, NULL, &resp, err))) {
      if (resp.url && !on_host(h, resp.url))
        st = hdc_error_set(err,
                           HDC_ERR_UNSUPPORTED,
                           u,
                           0,
                           0,
                           "redirected to another host (%s); not followed",
                           resp.url);
      else
        st = hdc_harvest_response_parse(&resp, u, &po, g, err);
    }
    hdc_harvest_response_clear(&resp);
    hdc_free(u);
    q += n;
    if (*q == '\n')
      q++;
  }
  hdc_buf_clear(&todo);
  return st;
}

/* A page that did not change since the last run: its records are marked
 * seen and its links followed, without parsing it. */
static hdc_status
visit_unchanged(harvest              *h,
                const char           *url,
                const hdc_store_page *state,
                const char           *why,
                hdc_error            *err)
{
  size_t     n = 0;
  hdc_status st =
    hdc_store_page_touch(h->store, h->run_id, state->records, &n, err);
  if (st)
    return st;
  h->res.pages_unchanged++;
  h->res.unchanged += n;
  h->seen += n;
  say(h, HDC_LOG_DEBUG, "%s: unchanged (%s), %zu records", url, why, n);
  if (set_has(&h->bodies, strtoull(state->hash, NULL, 16))) {
    say(h,
        HDC_LOG_WARN,
        "%s: same content as an earlier page of this run:"
        " a paging loop; the walk ends here",
        url);
    h->walk_over = true;
    return HDC_OK;
  }
  if (!set_add(&h->bodies, strtoull(state->hash, NULL, 16)))
    return hdc_error_set(err, HDC_ERR_NOMEM, url, 0, 0, "out of memory");
  return follow(h, url, state->links, err);
}

static hdc_status load_profile(harvest            *h,
                               hdc_world          *w,
                               hdc_shacl_profile **out,
                               hdc_error          *err);

/* Terms are interned for the life of a world, and every page brings new
 * ones (titles, descriptions): over a source of 100,000 datasets that is
 * hundreds of megabytes. Between two pages nothing refers to the page's
 * terms any more (the graph is freed, the store keeps text), so once the
 * world has grown past its budget, the run moves to a fresh world with the
 * profile loaded again (a fraction of a second). */
static hdc_status
recycle_world(harvest *h, hdc_error *err)
{
  hdc_world         *w  = NULL;
  hdc_shacl_profile *p  = NULL;
  hdc_status         st = HDC_OK;
  size_t budget = h->o->term_bytes ? h->o->term_bytes : WORLD_BUDGET_BYTES;
  if (hdc_world_bytes(h->world) < h->world_base + budget)
    return HDC_OK;
  if (!(w = hdc_world_new()))
    return hdc_error_set(err, HDC_ERR_NOMEM, NULL, 0, 0, "out of memory");
  if ((st = load_profile(h, w, &p, err)) ||
      (st = hdc_store_run_set_profile(h->run, p))) {
    hdc_shacl_profile_free(p);
    hdc_world_free(w);
    return st == HDC_ERR_INVALID_ARG
             ? hdc_error_set(err, st, NULL, 0, 0, "run: cannot swap profile")
             : st;
  }
  say(h,
      HDC_LOG_DEBUG,
      "term table recycled at %zu bytes",
      hdc_world_bytes(h->world));
  hdc_shacl_profile_free(h->profile);
  hdc_world_free(h->world);
  h->profile    = p;
  h->world      = w;
  h->world_base = hdc_world_bytes(w);
  return HDC_OK;
}

static hdc_status
visit(harvest *h, const char *url, hdc_error *err)
{
  hdc_harvest_response resp;
  hdc_store_page       state, next;
  hdc_graph           *g          = NULL;
  hdc_buf              links      = HDC_BUF_INIT;
  hdc_status           st         = HDC_OK;
  bool                 have_state = false;
  char                 hash[17];
  hdc_harvest_response_init(&resp);
  memset(&state, 0, sizeof state);
  memset(&next, 0, sizeof next);
  if (++h->res.pages > hdc_limits_get(h->limits, HDC_LIMIT_PAGES)) {
    st = hdc_error_set(err,
                       HDC_ERR_LIMIT,
                       url,
                       0,
                       0,
                       "more than %" PRIu64 " pages (limit pages); raise"
                       " HDCAT_LIMIT_PAGES if the source is genuine",
                       hdc_limits_get(h->limits, HDC_LIMIT_PAGES));
    goto done;
  }
  /* A FAIR Data Point's datasets are stored with distributions fetched
   * from other documents: a skipped dataset document would not say
   * whether those changed, so FDP documents are always read (records
   * still are not rewritten unless their content changed). */
  if (!h->o->full && !h->fdp) {
    st = hdc_store_page_get(h->store, h->source, url, &state, err);
    if (st == HDC_OK)
      have_state = true;
    else if (st != HDC_FAILURE)
      goto done;
    st = HDC_OK;
  }
  if ((st = fetch(h, url, have_state ? &state : NULL, &resp, err)))
    goto done;
  if (resp.url && strcmp(resp.url, url)) {
    if (h->res.pages == 1 && !h->host2[0])
      hdc_harvest_url_host(resp.url, h->host2, sizeof h->host2);
    else if (!on_host(h, resp.url)) {
      st = hdc_error_set(err,
                         HDC_ERR_UNSUPPORTED,
                         url,
                         0,
                         0,
                         "redirected to another host (%s); hdcat follows"
                         " only pages on the host of the source URL",
                         resp.url);
      goto done;
    }
  }
  if (resp.status == 304) {
    if (!have_state) {
      st = hdc_error_set(err,
                         HDC_ERR_HTTP,
                         url,
                         0,
                         0,
                         "HTTP 304 to a request that was not conditional");
      goto done;
    }
    st = visit_unchanged(h, url, &state, "HTTP 304", err);
    goto done;
  }
  snprintf(hash,
           sizeof hash,
           "%016" PRIx64,
           hdc_hash64(resp.body.ptr ? resp.body.ptr : "", resp.body.len, 0));
  if (have_state && !strcmp(state.hash, hash)) {
    /* Same bytes: remember the new validators, if any, for next time. */
    if (resp.etag || resp.last_modified) {
      hdc_store_page upd = state;
      upd.etag           = resp.etag ? resp.etag : "";
      upd.last_modified  = resp.last_modified ? resp.last_modified : "";
      if ((st = hdc_store_page_put(h->store, h->source, url, &upd, err)))
        goto done;
    }
    st = visit_unchanged(h, url, &state, "same content", err);
    goto done;
  }
  if (set_has(&h->bodies, strtoull(hash, NULL, 16))) {
    say(h,
        HDC_LOG_WARN,
        "%s: same content as an earlier page of this run:"
        " a paging loop; the walk ends here",
        url);
    h->walk_over = true;
    goto done;
  }
  if (!set_add(&h->bodies, strtoull(hash, NULL, 16)))
    goto oom;
  hdc_parse_opts po;
  memset(&po, 0, sizeof po);
  po.format = h->format;
  po.limits = h->limits;
  if (!(g = hdc_graph_new(h->world)))
    goto oom;
  if ((st = hdc_harvest_response_parse(&resp, url, &po, g, err)))
    goto done;
  if (!h->format && resp.content_type &&
      !hdc_format_from_media_type(hdc_str_from(resp.content_type)))
    say(h,
        HDC_LOG_WARN,
        "%s: Content-Type '%s' is not an RDF type; the"
        " syntax was guessed from the URL or the content",
        url,
        resp.content_type);
  const char *final_url = resp.url ? resp.url : url;
  st                    = h->fdp ? fdp_links(h, g, final_url, &links, err)
                                 : hydra_links(h, g, url, final_url, &links, err);
  if (st)
    goto done;
  if (h->fdp && (st = fdp_distributions(h, g, final_url, err)))
    goto done;
  hdc_buf_reset(&h->page_records);
  if ((st = hdc_store_run_add_graph(h->run, g, final_url, err)))
    goto done;
  if (h->oom || hdc_buf_status(&h->page_records))
    goto oom;
  hdc_graph_free(g);
  g = NULL;
  say(h,
      HDC_LOG_DEBUG,
      "%s: stored; %zu terms (%zu bytes) interned",
      url,
      hdc_world_size(h->world),
      hdc_world_bytes(h->world));
  if ((st = recycle_world(h, err)))
    goto done;
  if (!h->fdp) {
    next.etag          = resp.etag ? resp.etag : "";
    next.last_modified = resp.last_modified ? resp.last_modified : "";
    next.hash          = hash;
    next.links         = links.ptr ? links.ptr : "";
    /* A blank-node dataset is named by its content hash, so its id stays
     * valid only while the page is unchanged: which is when it is used. */
    next.records = h->page_records.ptr ? h->page_records.ptr : "";
    if ((st = hdc_store_page_put(h->store, h->source, url, &next, err)))
      goto done;
  }
  st = follow(h, final_url, links.ptr, err);
  goto done;
oom:
  st = hdc_error_set(err, HDC_ERR_NOMEM, url, 0, 0, "out of memory");
done:
  hdc_graph_free(g);
  hdc_buf_clear(&links);
  hdc_store_page_clear(&state);
  hdc_harvest_response_clear(&resp);
  return st;
}

/* ------------------------------------------------------------------------ */
/* One source                                                               */

static void
harvest_clear(harvest *h)
{
  hdc_store_run_free(h->run);
  hdc_shacl_profile_free(h->profile);
  hdc_world_free(h->world);
  hdc_harvest_fetcher_free(h->fetcher);
  for (size_t i = h->q_head; i < h->q_n; ++i)
    hdc_free(h->queue[i]);
  hdc_free(h->queue);
  for (size_t i = 0; i < h->n_rules; ++i)
    hdc_free(h->rules[i].rule);
  hdc_free(h->rules);
  hdc_free(h->urls.slots);
  hdc_free(h->bodies.slots);
  hdc_free(h->records.slots);
  hdc_buf_clear(&h->page_records);
  hdc_buf_clear(&h->warnings);
}

static int
rule_cmp(const void *a, const void *b)
{
  const rule_count *x = a, *y = b;
  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  return strcmp(x->rule, y->rule);
}

/* Write the harvest's notes into the run row (before the commit). */
static hdc_status
note_run(harvest *h, hdc_error *err)
{
  hdc_store_run_note_info info;
  const char            **rules = NULL;
  int64_t                *cnt   = NULL;
  hdc_status              st    = HDC_OK;
  if (h->n_rules) {
    qsort(h->rules, h->n_rules, sizeof *h->rules, rule_cmp);
    rules = hdc_malloc(h->n_rules * sizeof *rules);
    cnt   = hdc_malloc(h->n_rules * sizeof *cnt);
    if (!rules || !cnt) {
      st = hdc_error_set(err, HDC_ERR_NOMEM, NULL, 0, 0, "out of memory");
      goto done;
    }
    for (size_t i = 0; i < h->n_rules; ++i) {
      rules[i] = h->rules[i].rule;
      cnt[i]   = h->rules[i].count;
    }
  }
  if (h->res.warnings > MAX_WARNINGS_KEPT)
    hdc_buf_printf(&h->warnings,
                   "\n... and %zu more warnings",
                   h->res.warnings - MAX_WARNINGS_KEPT);
  if (hdc_buf_status(&h->warnings)) {
    st = hdc_error_set(err, HDC_ERR_NOMEM, NULL, 0, 0, "out of memory");
    goto done;
  }
  memset(&info, 0, sizeof info);
  info.pages           = (int64_t)h->res.pages;
  info.pages_unchanged = (int64_t)h->res.pages_unchanged;
  info.seen            = (int64_t)h->seen;
  info.message         = h->warnings.ptr;
  info.rules           = rules;
  info.rule_counts     = cnt;
  info.n_rules         = h->n_rules;
  st                   = hdc_store_run_note(h->store, h->run_id, &info, err);
done:
  hdc_free(rules);
  hdc_free(cnt);
  return st;
}

static hdc_status
load_profile(harvest *h, hdc_world *w, hdc_shacl_profile **out, hdc_error *err)
{
  hdc_shacl_profile_kind kind = HDC_SHACL_PROFILE_HEALTHDCAT_AP_CORE;
  hdc_status             st;
  if (h->o->no_validate || !h->o->schemas_dir)
    return HDC_OK;
  if (h->o->profile &&
      (st = hdc_shacl_profile_from_name(h->o->profile, &kind, err)))
    return st;
  return hdc_shacl_profile_load(w, h->o->schemas_dir, kind, out, err);
}

/* The walk of the open run. */
static hdc_status
walk(harvest *h, hdc_error *err)
{
  hdc_status st = HDC_OK;
  if (!set_add(&h->urls, hash_z(h->src->url)) || !queue_push(h, h->src->url))
    return hdc_error_set(err, HDC_ERR_NOMEM, NULL, 0, 0, "out of memory");
  while (h->q_head < h->q_n && !h->walk_over) {
    char *url = h->queue[h->q_head++];
    st        = visit(h, url, err);
    hdc_free(url);
    if (st)
      return st;
  }
  return HDC_OK;
}

hdc_status
hdc_harvest_source(hdc_store              *s,
                   const char             *name,
                   const hdc_harvest_opts *opts,
                   hdc_harvest_result     *res,
                   hdc_error              *err)
{
  hdc_store_sources  *list = NULL;
  hdc_harvest_opts    defaults;
  hdc_store_run_stats stats;
  hdc_status          st = HDC_OK;
  hdc_error           e;
  harvest             h;
  memset(&h, 0, sizeof h);
  hdc_error_clear(&e);
  if (res)
    memset(res, 0, sizeof *res);
  if (!opts) {
    memset(&defaults, 0, sizeof defaults);
    opts = &defaults;
  }
  if (!s || !name)
    return hdc_error_set(
      err, HDC_ERR_INVALID_ARG, NULL, 0, 0, "harvest: no catalogue or source");
  if ((st = hdc_store_source_get(s, name, &list, err)))
    return st;
  h.store  = s;
  h.source = name;
  h.src    = &list->items[0];
  h.o      = opts;
  h.limits = opts->limits;
  h.fdp    = !strcmp(h.src->type, "fdp");
  if (h.src->removed[0]) {
    st = hdc_error_set(err,
                       HDC_ERR_NOT_FOUND,
                       NULL,
                       0,
                       0,
                       "source '%s' was removed on %s; add it again to"
                       " harvest it",
                       name,
                       h.src->removed);
    goto done;
  }
  if (!h.src->url[0] ||
      !hdc_harvest_url_host(h.src->url, h.host, sizeof h.host)) {
    st = hdc_error_set(err,
                       HDC_ERR_INVALID_ARG,
                       NULL,
                       0,
                       0,
                       "source '%s' has no URL to harvest (it was made by an"
                       " import); give it one with 'hdcat source add'",
                       name);
    goto done;
  }
  if (h.src->format[0] && !(h.format = hdc_format_from_name(h.src->format))) {
    st = hdc_error_set(err,
                       HDC_ERR_INVALID_ARG,
                       NULL,
                       0,
                       0,
                       "source '%s': unknown format '%s'",
                       name,
                       h.src->format);
    goto done;
  }
  if (!(h.world = hdc_world_new()) ||
      !(h.fetcher = hdc_harvest_fetcher_new(&e))) {
    st = e.status ? e.status : HDC_ERR_NOMEM;
    if (err && e.status)
      *err = e;
    else
      hdc_error_set(err, st, NULL, 0, 0, "out of memory");
    goto done;
  }
  if ((st = load_profile(&h, h.world, &h.profile, err)))
    goto done;
  h.world_base = hdc_world_bytes(h.world);
  /* Times in run rows come from the store's clock; the failed run's start
   * is taken here, before anything is fetched. */
  time_t    now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  strftime(h.started, sizeof h.started, "%Y-%m-%dT%H:%M:%SZ", &tm);
  hdc_store_run_opts ro;
  memset(&ro, 0, sizeof ro);
  ro.profile          = h.profile;
  ro.withdraw_missing = true;
  ro.limits           = opts->limits;
  ro.on_record        = on_record;
  ro.on_record_arg    = &h;
  if ((st = hdc_store_run_begin(s, name, &ro, &h.run, &e)) ||
      (st = hdc_store_run_open_id(s, name, &h.run_id, &e))) {
    if (err)
      *err = e;
    goto done;
  }
  if ((st = walk(&h, &e)) || (st = note_run(&h, &e)) ||
      (st = hdc_store_run_commit(h.run, &stats, &e)))
    goto failed;
  h.res.run_id  = stats.run_id;
  h.res.added   = stats.added;
  h.res.updated = stats.updated;
  h.res.unchanged += stats.unchanged;
  h.res.invalid   = stats.invalid;
  h.res.withdrawn = stats.withdrawn;
  goto done;
failed:
  /* Roll back first: the failed run row must be the only change. */
  hdc_store_run_free(h.run);
  h.run = NULL;
  {
    char    line[1600];
    hdc_buf msg = HDC_BUF_INIT;
    hdc_buf_puts(&msg, hdc_error_format(&e, line, sizeof line));
    if (h.warnings.len) {
      hdc_buf_puts(&msg, "\n");
      hdc_buf_put_str(&msg, hdc_buf_view(&h.warnings));
    }
    hdc_status fs = hdc_store_run_fail(s,
                                       name,
                                       h.started,
                                       msg.ptr ? msg.ptr : e.message,
                                       (int64_t)h.res.pages,
                                       &h.res.run_id,
                                       NULL);
    if (fs)
      hdc_log(HDC_LOG_ERROR,
              "source %s: the failed run could not be"
              " recorded: %s",
              name,
              hdc_strerror(fs));
    hdc_buf_clear(&msg);
  }
  h.res.failed = true;
  if (err)
    *err = e;
done:
  if (res)
    *res = h.res;
  harvest_clear(&h);
  hdc_store_sources_free(list);
  return st;
}

/* ------------------------------------------------------------------------ */
/* Due sources                                                              */

hdc_status
hdc_harvest_due(const char             *db_path,
                const hdc_harvest_opts *opts,
                size_t                 *n_run,
                size_t                 *n_failed,
                hdc_error              *err)
{
  hdc_store          *s     = NULL;
  hdc_store_sources  *due   = NULL;
  hdc_status          first = HDC_OK;
  hdc_status          st;
  hdc_store_open_opts oo;
  if (n_run)
    *n_run = 0;
  if (n_failed)
    *n_failed = 0;
  memset(&oo, 0, sizeof oo);
  oo.limits = opts ? opts->limits : NULL;
  if ((st = hdc_store_open(db_path, &oo, &s, err)))
    return st;
  if ((st = hdc_store_source_due(s, (int64_t)time(NULL), &due, err))) {
    first = st;
    goto done;
  }
  for (size_t i = 0; i < due->n; ++i) {
    hdc_error e;
    hdc_error_clear(&e);
    if (opts && opts->stop && *opts->stop)
      break;
    st = hdc_harvest_source(s, due->items[i].name, opts, NULL, &e);
    if (n_run)
      (*n_run)++;
    if (st) {
      if (n_failed)
        (*n_failed)++;
      if (!first) {
        first = st;
        if (err)
          *err = e;
      }
    }
  }
done:
  hdc_store_sources_free(due);
  hdc_store_close(s);
  return first;
}
