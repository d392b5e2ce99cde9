// SPDX-License-Identifier: EUPL-1.2
/*
 * One dataset's RDF: /dataset/{id}.ttl, .rdf, .jsonld and .nt, and content
 * negotiation on /dataset/{id} (an Accept header that prefers an RDF form
 * to text/html gets that form; the page for people is the default). The
 * record is served as stored: its canonical graph, whether or not it
 * conforms (its page says so; the feed exports only conforming ones).
 *
 * The ETag is the record's content hash and the form, so a client that
 * has the record already gets a 304 without the graph being parsed.
 */
#include "web_internal.h"

#include "hdcat/rdf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The forms, with the suffix and media type of each. */
static const struct
{
  const char *suffix;
  const char *media;
  hdc_format  format;
} forms[] = {
  { "ttl", "text/turtle", HDC_FORMAT_TURTLE },
  { "rdf", "application/rdf+xml", HDC_FORMAT_RDFXML },
  { "jsonld", "application/ld+json", HDC_FORMAT_JSONLD },
  { "nt", "application/n-triples", HDC_FORMAT_NTRIPLES },
};

#define N_FORMS (sizeof forms / sizeof forms[0])

bool
hdc_web_dataset_id(const char *capture, int64_t *id, const char **suffix)
{
  const char *p = capture;
  int64_t     n = 0;
  if (!p || *p < '1' || *p > '9')
    return false;
  while (*p >= '0' && *p <= '9') {
    if (n > (INT64_MAX - 9) / 10)
      return false;
    n = n * 10 + (*p++ - '0');
  }
  if (*p && *p != '.')
    return false;
  *id = n;
  if (suffix)
    *suffix = *p ? p + 1 : "";
  return true;
}

/* Answer the record @p id in @p format (already chosen). */
static hdc_status
answer_record(hdc_web_req *req, hdc_web_resp *resp, int64_t id, size_t form)
{
  hdc_store_record *rec   = NULL;
  hdc_world        *world = NULL;
  hdc_graph        *g     = NULL;
  hdc_error         err;
  hdc_status        st;
  hdc_error_clear(&err);
  st = hdc_store_record_get(req->ctx->store, id, req->lang, &rec, &err);
  if (st == HDC_ERR_NOT_FOUND) {
    st = hdc_web_resp_json_error(
      resp, 404, "not_found", "no dataset with id %lld", (long long)id);
    goto done;
  }
  if (st)
    goto done;
  if (!strcmp(rec->status, "withdrawn")) {
    st = hdc_web_resp_json_error(resp,
                                 410,
                                 "withdrawn",
                                 "dataset %lld was withdrawn on %s: %s",
                                 (long long)id,
                                 rec->withdrawn_date,
                                 rec->withdrawn_reason);
    goto done;
  }
  char etag[160];
  snprintf(etag, sizeof etag, "\"%.64s-%s\"", rec->hash, forms[form].suffix);
  hdc_web_resp_header(req, resp, "ETag", etag);
  hdc_web_resp_header(req, resp, "Vary", "Accept");
  const char *inm = hdc_web_req_header(req, "If-None-Match");
  if (inm && (strstr(inm, etag) || !strcmp(inm, "*"))) {
    resp->status = 304;
    goto done;
  }
  world = hdc_world_new();
  g     = world ? hdc_graph_new(world) : NULL;
  if (!g) {
    st = HDC_ERR_NOMEM;
    goto done;
  }
  hdc_parse_opts po = { .format = HDC_FORMAT_NTRIPLES, .source = rec->iri };
  if ((st =
         hdc_rdf_parse(rec->ntriples, strlen(rec->ntriples), &po, g, &err))) {
    hdc_log(HDC_LOG_ERROR,
            "record %lld: stored graph does not parse: %s",
            (long long)id,
            err.message);
    goto done;
  }
  hdc_write_opts wo = { .sorted = true };
  if ((st = hdc_rdf_write(
         g, forms[form].format, &wo, hdc_sink_buf, &resp->body, &err)))
    goto done;
  switch (forms[form].format) {
    case HDC_FORMAT_TURTLE:
      resp->content_type = "text/turtle; charset=utf-8";
      break;
    case HDC_FORMAT_RDFXML:
      resp->content_type = "application/rdf+xml; charset=utf-8";
      break;
    case HDC_FORMAT_JSONLD:
      resp->content_type = "application/ld+json; charset=utf-8";
      break;
    default: resp->content_type = "application/n-triples; charset=utf-8"; break;
  }
done:
  hdc_graph_free(g);
  hdc_world_free(world);
  hdc_store_record_free(rec);
  return st;
}

hdc_status
hdc_web_dataset_rdf(hdc_web_req *req, hdc_web_resp *resp, bool *answered)
{
  int64_t     id     = 0;
  const char *suffix = "";
  *answered          = false;
  if (req->n_captures < 1 ||
      !hdc_web_dataset_id(req->captures[0], &id, &suffix)) {
    *answered = true;
    return hdc_web_resp_html_error(req, resp, 404, NULL);
  }
  if (*suffix) {
    for (size_t i = 0; i < N_FORMS; ++i) {
      if (!strcmp(suffix, forms[i].suffix)) {
        *answered = true;
        return answer_record(req, resp, id, i);
      }
    }
    *answered = true;
    return hdc_web_resp_html_error(req, resp, 404, NULL);
  }
  static const char *const offered[] = { "text/html",
                                         "application/xhtml+xml",
                                         "text/turtle",
                                         "application/rdf+xml",
                                         "application/ld+json",
                                         "application/n-triples",
                                         NULL };
  const char              *best      = hdc_web_req_negotiate(req, offered);
  if (!best) {
    *answered = true;
    return hdc_web_resp_json_error(resp,
                                   406,
                                   "not_acceptable",
                                   "dataset %lld is available as text/html, "
                                   "text/turtle, application/rdf+xml, "
                                   "application/ld+json and "
                                   "application/n-triples",
                                   (long long)id);
  }
  for (size_t i = 0; i < N_FORMS; ++i) {
    if (!strcmp(best, forms[i].media)) {
      *answered = true;
      return answer_record(req, resp, id, i);
    }
  }
  /* The page for people: the caller renders it. */
  return HDC_OK;
}
