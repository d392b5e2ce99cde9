// SPDX-License-Identifier: EUPL-1.2
/*
 * The JSON API for programs: GET /api/v1/search (the store's search with
 * facets, as `hdcat search --json` prints it, plus paging and links),
 * GET /api/v1/datasets/{id} (one record: what the catalogue knows about
 * it, its validation summary and report, links to its page and RDF
 * forms), and /api/v1/openapi.json, the OpenAPI 3 description of every
 * /api route (the publishing ones included).
 *
 * JSON is written with hdc_web_json_str(), which escapes <, > and & too,
 * so an answer stays inert even if someone embeds it in a page.
 */
#include "web_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JSON_TYPE "application/json; charset=utf-8"

/* A non-negative integer parameter; false if present and malformed. */
static bool
param_size(const hdc_web_req *req, const char *name, size_t max, size_t *out)
{
  const char *v = hdc_web_req_param(req, name);
  if (!v)
    return true;
  char              *end = NULL;
  unsigned long long n   = strtoull(v, &end, 10);
  if (!*v || *end || v[0] == '-' || v[0] == '+' || n > max)
    return false;
  *out = (size_t)n;
  return true;
}

/* ------------------------------------------------------------------------ */
/* A per-thread cache of search answers                                     */

/* Searches repeat (the same few queries and facet clicks make most of the
 * traffic) and their answers depend only on the records: each worker
 * thread keeps its recent answers, keyed by language and raw query
 * string, and drops them all when the catalogue's change version moves. */
#define API_CACHE_SLOTS 256
#define API_CACHE_BYTES (8u << 20)

typedef struct api_entry
{
  uint64_t hash;
  char    *key;
  char    *body;
  size_t   len;
  uint64_t used;
} api_entry;

typedef struct api_cache
{
  int64_t   version;
  uint64_t  tick;
  size_t    bytes;
  api_entry e[API_CACHE_SLOTS];
} api_cache;

static void
entry_clear(api_cache *c, api_entry *e)
{
  c->bytes -= e->len + (e->key ? strlen(e->key) : 0);
  hdc_free(e->key);
  hdc_free(e->body);
  memset(e, 0, sizeof *e);
}

void
hdc_web_api_cache_free(void *cache)
{
  api_cache *c = cache;
  if (!c)
    return;
  for (size_t i = 0; i < API_CACHE_SLOTS; ++i)
    entry_clear(c, &c->e[i]);
  hdc_free(c);
}

/* The cache of this thread, emptied if the catalogue changed; NULL if
 * there is none (no memory, or the version cannot be read). */
static api_cache *
cache_get(hdc_web_req *req)
{
  api_cache *c = req->ctx->api_cache;
  int64_t    v = 0;
  if (!c) {
    c = req->ctx->api_cache = hdc_calloc(1, sizeof *c);
    if (!c)
      return NULL;
  }
  if (hdc_store_list_version(req->ctx->store, &v, NULL))
    return NULL;
  if (v != c->version) {
    for (size_t i = 0; i < API_CACHE_SLOTS; ++i)
      entry_clear(c, &c->e[i]);
    c->version = v;
  }
  return c;
}

static void
cache_key(hdc_web_req *req, hdc_buf *key)
{
  hdc_buf_puts(key, req->lang);
  hdc_buf_putc(key, '?');
  hdc_buf_puts(key, req->query);
}

static api_entry *
cache_find(api_cache *c, const hdc_buf *key)
{
  uint64_t h = hdc_hash64(key->ptr, key->len, 0);
  for (size_t i = 0; i < API_CACHE_SLOTS; ++i) {
    api_entry *e = &c->e[i];
    if (e->key && e->hash == h && !strcmp(e->key, key->ptr)) {
      e->used = ++c->tick;
      return e;
    }
  }
  return NULL;
}

static void
cache_put(api_cache *c, const hdc_buf *key, const hdc_buf *body)
{
  size_t need = body->len + key->len;
  if (need > API_CACHE_BYTES / 8)
    return;
  /* Evict the least recently used until the new answer fits. */
  for (;;) {
    api_entry *lru       = NULL;
    api_entry *free_slot = NULL;
    for (size_t i = 0; i < API_CACHE_SLOTS; ++i) {
      api_entry *e = &c->e[i];
      if (!e->key) {
        free_slot = free_slot ? free_slot : e;
        continue;
      }
      if (!lru || e->used < lru->used)
        lru = e;
    }
    if (free_slot && c->bytes + need <= API_CACHE_BYTES) {
      free_slot->key  = hdc_strndup(key->ptr, key->len);
      free_slot->body = hdc_strndup(body->ptr, body->len);
      if (!free_slot->key || !free_slot->body) {
        hdc_free(free_slot->key);
        hdc_free(free_slot->body);
        memset(free_slot, 0, sizeof *free_slot);
        return;
      }
      free_slot->hash = hdc_hash64(key->ptr, key->len, 0);
      free_slot->len  = body->len;
      free_slot->used = ++c->tick;
      c->bytes += need;
      return;
    }
    if (!lru)
      return;
    entry_clear(c, lru);
  }
}

static hdc_status search_answer(hdc_web_req *req, hdc_web_resp *resp);

hdc_status
hdc_web_api_search(hdc_web_req *req, hdc_web_resp *resp)
{
  api_cache *c   = cache_get(req);
  hdc_buf    key = HDC_BUF_INIT;
  hdc_status st;
  if (c) {
    cache_key(req, &key);
    api_entry *e = hdc_buf_status(&key) ? NULL : cache_find(c, &key);
    if (e) {
      resp->content_type = JSON_TYPE;
      hdc_buf_clear(&key);
      return hdc_buf_append(&resp->body, e->body, e->len);
    }
  }
  st = search_answer(req, resp);
  if (c && st == HDC_OK && (resp->status == 0 || resp->status == 200) &&
      !hdc_buf_status(&key))
    cache_put(c, &key, &resp->body);
  hdc_buf_clear(&key);
  return st;
}

static hdc_status
search_answer(hdc_web_req *req, hdc_web_resp *resp)
{
  hdc_store_query    q;
  hdc_store_results *res = NULL;
  hdc_error          err;
  hdc_status         st;
  memset(&q, 0, sizeof q);
  hdc_error_clear(&err);
  size_t page = 1, limit = 20, offset = 0;
  if (!param_size(req, "page", 100000, &page) || page == 0 ||
      !param_size(req, "limit", 100, &limit) || limit == 0 ||
      !param_size(req, "offset", 10000000, &offset))
    return hdc_web_resp_json_error(resp,
                                   400,
                                   "bad_request",
                                   "page (from 1), limit (1 to 100) and "
                                   "offset are whole numbers");
  if (!hdc_web_req_param(req, "offset"))
    offset = (page - 1) * limit;
  hdc_store_filter *filters =
    hdc_arena_alloc(req->arena, (req->n_params + 1) * sizeof *filters);
  if (!filters)
    return HDC_ERR_NOMEM;
  for (size_t i = 0; i < req->n_params; ++i) {
    const char *k = req->params[i].name;
    if (hdc_store_facet_from_key(k) != HDC_FACET__COUNT) {
      filters[q.n_filters].key     = k;
      filters[q.n_filters++].value = req->params[i].value;
    } else if (strcmp(k, "q") && strcmp(k, "page") && strcmp(k, "limit") &&
               strcmp(k, "offset") && strcmp(k, "sort") && strcmp(k, "lang") &&
               strcmp(k, "prefix") && strcmp(k, "facets") &&
               strcmp(k, "include_invalid")) {
      return hdc_web_resp_json_error(
        resp, 400, "bad_request", "unknown parameter '%s'", k);
    }
  }
  const char *sort = hdc_web_req_param(req, "sort");
  if (!sort || !strcmp(sort, "relevance"))
    q.sort = HDC_STORE_SORT_RELEVANCE;
  else if (!strcmp(sort, "title"))
    q.sort = HDC_STORE_SORT_TITLE;
  else if (!strcmp(sort, "modified"))
    q.sort = HDC_STORE_SORT_MODIFIED;
  else
    return hdc_web_resp_json_error(
      resp, 400, "bad_request", "sort is relevance, title or modified");
  const char *text = hdc_web_req_param(req, "q");
  const char *fac  = hdc_web_req_param(req, "facets");
  const char *pre  = hdc_web_req_param(req, "prefix");
  q.text           = hdc_str_from(text ? text : "");
  q.filters        = filters;
  q.offset         = offset;
  q.limit          = limit;
  q.lang           = req->lang;
  q.facets         = !fac || strcmp(fac, "false");
  q.prefix         = pre && (!strcmp(pre, "true") || !strcmp(pre, "1"));
  const char *inv  = hdc_web_req_param(req, "include_invalid");
  q.include_invalid = inv && (!strcmp(inv, "true") || !strcmp(inv, "1"));
  st               = hdc_store_search(req->ctx->store, &q, &res, &err);
  if (st == HDC_ERR_LIMIT || st == HDC_ERR_INVALID_ARG)
    return hdc_web_resp_json_error(resp, 400, "bad_request", "%s", err.message);
  if (st)
    return hdc_web_resp_json_error(
      resp, 503, "unavailable", "the search failed");
  const char *base   = hdc_web_app_base_url(req->ctx->app);
  hdc_buf    *b      = &resp->body;
  resp->content_type = JSON_TYPE;
  hdc_buf_printf(b,
                 "{\"total\": %zu, \"offset\": %zu, \"limit\": %zu, ",
                 res->total,
                 offset,
                 limit);
  hdc_buf_puts(b, "\"results\": [");
  for (size_t i = 0; i < res->n_hits; ++i) {
    const hdc_store_hit *h = &res->hits[i];
    hdc_buf_printf(
      b, "%s{\"id\": %lld, \"iri\": ", i ? ", " : "", (long long)h->id);
    hdc_web_json_str(b, h->iri);
    hdc_buf_puts(b, ", \"title\": ");
    hdc_web_json_str(b, h->title);
    hdc_buf_printf(b, ", \"score\": %.6g, \"source\": ", h->score);
    hdc_web_json_str(b, h->source);
    hdc_buf_puts(b, ", \"snippet\": ");
    hdc_web_json_str(b, h->snippet);
    hdc_buf_puts(b, ", \"modified\": ");
    hdc_web_json_str(b, h->modified);
    hdc_buf_printf(b,
                   ", \"valid\": %s, \"url\": \"%s/api/v1/datasets/%lld\", "
                   "\"page\": \"%s/dataset/%lld\"}",
                   h->valid ? "true" : "false",
                   base,
                   (long long)h->id,
                   base,
                   (long long)h->id);
  }
  hdc_buf_puts(b, "], \"facets\": {");
  for (size_t k = 0; k < res->n_facets; ++k) {
    hdc_buf_puts(b, k ? ", " : "");
    hdc_web_json_str(b, res->facets[k].key);
    hdc_buf_puts(b, ": [");
    for (size_t i = 0; i < res->facets[k].n_values; ++i) {
      const hdc_store_facet_value *v = &res->facets[k].values[i];
      hdc_buf_puts(b, i ? ", {\"value\": " : "{\"value\": ");
      hdc_web_json_str(b, v->value);
      hdc_buf_puts(b, ", \"label\": ");
      hdc_web_json_str(b, v->label);
      hdc_buf_printf(b, ", \"count\": %zu}", v->count);
    }
    hdc_buf_puts(b, "]");
  }
  hdc_buf_puts(b, "}}\n");
  hdc_store_results_free(res);
  return hdc_buf_status(b);
}

hdc_status
hdc_web_api_dataset(hdc_web_req *req, hdc_web_resp *resp)
{
  int64_t           id  = 0;
  hdc_store_record *rec = NULL;
  hdc_error         err;
  hdc_error_clear(&err);
  /* {id} is the record's number, or the name its publisher gave it with
   * PUT (the number wins if a name is all digits). */
  if (req->n_captures < 1)
    return hdc_web_resp_json_error(resp, 404, "not_found", "no dataset");
  const char *cap = req->captures[0];
  if (!hdc_web_dataset_id(cap, &id, NULL) || strchr(cap, '.')) {
    char      *publisher = NULL, *iri = NULL;
    hdc_status ps = HDC_FAILURE;
    if (hdc_store_push_name_valid(cap))
      ps =
        hdc_store_push_owner(req->ctx->store, cap, &publisher, &iri, &id, &err);
    hdc_free(publisher);
    hdc_free(iri);
    if (ps != HDC_OK)
      return hdc_web_resp_json_error(
        resp, 404, "not_found", "no dataset with this number or name");
  }
  hdc_status st =
    hdc_store_record_get(req->ctx->store, id, req->lang, &rec, &err);
  if (st == HDC_ERR_NOT_FOUND)
    return hdc_web_resp_json_error(
      resp, 404, "not_found", "no dataset with id %lld", (long long)id);
  if (st)
    return hdc_web_resp_json_error(
      resp, 503, "unavailable", "the catalogue cannot be read");
  const char *base   = hdc_web_app_base_url(req->ctx->app);
  hdc_buf    *b      = &resp->body;
  resp->content_type = JSON_TYPE;
  hdc_buf_printf(b, "{\"id\": %lld, \"iri\": ", (long long)id);
  hdc_web_json_str(b, rec->iri);
  const struct
  {
    const char *key, *value;
  } fields[] = {
    { "source", rec->source },
    { "title", rec->title },
    { "description", rec->description },
    { "modified", rec->modified },
    { "first_seen", rec->first_seen },
    { "last_seen", rec->last_seen },
    { "status", rec->status },
    { "withdrawn_reason", rec->withdrawn_reason },
    { "withdrawn_date", rec->withdrawn_date },
    { "hash", rec->hash },
  };
  for (size_t i = 0; i < sizeof fields / sizeof fields[0]; ++i) {
    hdc_buf_printf(b, ", \"%s\": ", fields[i].key);
    hdc_web_json_str(b, fields[i].value);
  }
  hdc_buf_printf(b,
                 ", \"valid\": %s, \"violations\": %zu, \"warnings\": %zu",
                 rec->valid ? "true" : "false",
                 rec->violations,
                 rec->warnings);
  /* The stored report is JSON the validator wrote; it is passed on as a
   * string so this answer never depends on its shape. */
  hdc_buf_puts(b, ", \"report\": ");
  hdc_web_json_str(b, rec->report);
  hdc_buf_puts(b, ", \"duplicates\": [");
  for (size_t i = 0; i < rec->n_duplicates; ++i)
    hdc_buf_printf(b, "%s%lld", i ? ", " : "", (long long)rec->duplicates[i]);
  hdc_buf_printf(b,
                 "], \"links\": {\"page\": \"%s/dataset/%lld\", "
                 "\"turtle\": \"%s/dataset/%lld.ttl\", "
                 "\"rdfxml\": \"%s/dataset/%lld.rdf\", "
                 "\"jsonld\": \"%s/dataset/%lld.jsonld\", "
                 "\"ntriples\": \"%s/dataset/%lld.nt\"}}\n",
                 base,
                 (long long)id,
                 base,
                 (long long)id,
                 base,
                 (long long)id,
                 base,
                 (long long)id,
                 base,
                 (long long)id);
  hdc_store_record_free(rec);
  return hdc_buf_status(b);
}

/* The OpenAPI description. The server URL is filled in at request time. */
static const char openapi_head[] =
  "{\n"
  "  \"openapi\": \"3.0.3\",\n"
  "  \"info\": {\n"
  "    \"title\": \"hdcat\",\n"
  "    \"version\": \"" HDC_VERSION "\",\n"
  "    \"description\": \"The national catalogue of health datasets: search, "
  "dataset records, validation and publishing of HealthDCAT-AP "
  "descriptions.\",\n"
  "    \"license\": {\"name\": \"EUPL-1.2\"}\n"
  "  },\n";

static const char *const openapi_body[] = {
  "  \"paths\": {\n",
  "    \"/api/v1/search\": {\n",
  "      \"get\": {\n",
  "        \"summary\": \"Search the catalogue\",\n",
  "        \"description\": \"Words (all required), \\\"phrases\\\", -word to "
  "exclude, OR between two terms; accents and case do not matter. Facet "
  "filters of one key are OR-ed, of different keys AND-ed. Only records that "
  "conform to their profile are found.\",\n",
  "        \"operationId\": \"search\",\n",
  "        \"parameters\": [\n",
  "          {\"name\": \"q\", \"in\": \"query\", \"schema\": {\"type\": "
  "\"string\", \"maxLength\": 2048}, \"description\": \"The query; empty "
  "lists every record.\"},\n",
  "          {\"name\": \"page\", \"in\": \"query\", \"schema\": {\"type\": "
  "\"integer\", \"minimum\": 1, \"default\": 1}},\n",
  "          {\"name\": \"limit\", \"in\": \"query\", \"schema\": {\"type\": "
  "\"integer\", \"minimum\": 1, \"maximum\": 100, \"default\": 20}},\n",
  "          {\"name\": \"offset\", \"in\": \"query\", \"schema\": {\"type\": "
  "\"integer\", \"minimum\": 0}, \"description\": \"Overrides page.\"},\n",
  "          {\"name\": \"sort\", \"in\": \"query\", \"schema\": {\"type\": "
  "\"string\", \"enum\": [\"relevance\", \"title\", \"modified\"]}},\n",
  "          {\"name\": \"lang\", \"in\": \"query\", \"schema\": {\"type\": "
  "\"string\", \"enum\": [\"fr\", \"en\"]}, \"description\": \"Language of "
  "titles and labels; default from Accept-Language, else fr.\"},\n",
  "          {\"name\": \"prefix\", \"in\": \"query\", \"schema\": {\"type\": "
  "\"boolean\"}, \"description\": \"The last word may be the beginning of a "
  "word.\"},\n",
  "          {\"name\": \"facets\", \"in\": \"query\", \"schema\": {\"type\": "
  "\"boolean\", \"default\": true}},\n",
  "          {\"name\": \"include_invalid\", \"in\": \"query\", \"schema\": "
  "{\"type\": \"boolean\", \"default\": false}, \"description\": \"Also "
  "list records that do not conform to their profile (flagged valid: "
  "false).\"},\n",
  "%s",
  "        ],\n",
  "        \"responses\": {\n",
  "          \"200\": {\"description\": \"Results and facet counts\", "
  "\"content\": {\"application/json\": {\"schema\": {\"$ref\": "
  "\"#/components/schemas/SearchResults\"}}}},\n",
  "          \"400\": {\"$ref\": \"#/components/responses/Error\"},\n",
  "          \"503\": {\"$ref\": \"#/components/responses/Error\"}\n",
  "        }\n",
  "      }\n",
  "    },\n",
  "    \"/api/v1/datasets/{id}\": {\n",
  "      \"parameters\": [{\"name\": \"id\", \"in\": \"path\", \"required\": "
  "true, \"schema\": {\"type\": \"string\", \"pattern\": "
  "\"^[A-Za-z0-9_~-][A-Za-z0-9._~-]{0,99}$\"}, \"description\": \"GET: the "
  "record's number (as in search results) or the name its publisher gave "
  "it; PUT and DELETE: the name the publisher chooses for its dataset "
  "(bound to the publisher and the dataset IRI by the first PUT).\"}],\n",
  "      \"get\": {\n",
  "        \"summary\": \"One dataset record\",\n",
  "        \"operationId\": \"getDataset\",\n",
  "        \"responses\": {\n",
  "          \"200\": {\"description\": \"The record\", \"content\": "
  "{\"application/json\": {\"schema\": {\"$ref\": "
  "\"#/components/schemas/Dataset\"}}}},\n",
  "          \"404\": {\"$ref\": \"#/components/responses/Error\"}\n",
  "        }\n",
  "      },\n",
  "      \"put\": {\n",
  "        \"summary\": \"Publish or replace a dataset description\",\n",
  "        \"description\": \"The body is one RDF document describing one "
  "dcat:Dataset of the token's publisher. It is stored only if it validates "
  "against its HealthDCAT-AP profile; every write is audited.\",\n",
  "        \"operationId\": \"putDataset\",\n",
  "        \"security\": [{\"bearer\": []}],\n",
  "        \"requestBody\": {\"required\": true, \"content\": {"
  "\"text/turtle\": {\"schema\": {\"type\": \"string\"}}, "
  "\"application/rdf+xml\": {\"schema\": {\"type\": \"string\"}}, "
  "\"application/ld+json\": {\"schema\": {\"type\": \"object\"}}, "
  "\"application/n-triples\": {\"schema\": {\"type\": \"string\"}}}},\n",
  "        \"responses\": {\n",
  "          \"200\": {\"description\": \"Replaced\"},\n",
  "          \"201\": {\"description\": \"Created\"},\n",
  "          \"400\": {\"$ref\": \"#/components/responses/Error\"},\n",
  "          \"401\": {\"$ref\": \"#/components/responses/Error\"},\n",
  "          \"403\": {\"$ref\": \"#/components/responses/Error\"},\n",
  "          \"413\": {\"$ref\": \"#/components/responses/Error\"},\n",
  "          \"415\": {\"$ref\": \"#/components/responses/Error\"},\n",
  "          \"422\": {\"description\": \"Does not validate; the body is the "
  "validation report\"},\n",
  "          \"429\": {\"$ref\": \"#/components/responses/Error\"}\n",
  "        }\n",
  "      },\n",
  "      \"delete\": {\n",
  "        \"summary\": \"Withdraw a dataset of the token's publisher\",\n",
  "        \"operationId\": \"deleteDataset\",\n",
  "        \"security\": [{\"bearer\": []}],\n",
  "        \"responses\": {\n",
  "          \"204\": {\"description\": \"Withdrawn (kept, marked "
  "withdrawn)\"},\n",
  "          \"401\": {\"$ref\": \"#/components/responses/Error\"},\n",
  "          \"403\": {\"$ref\": \"#/components/responses/Error\"},\n",
  "          \"404\": {\"$ref\": \"#/components/responses/Error\"},\n",
  "          \"429\": {\"$ref\": \"#/components/responses/Error\"}\n",
  "        }\n",
  "      }\n",
  "    },\n",
  "    \"/api/v1/validate\": {\n",
  "      \"post\": {\n",
  "        \"summary\": \"Validate an RDF document against HealthDCAT-AP\",\n",
  "        \"description\": \"Nothing is stored. The report is JSON, or a "
  "sh:ValidationReport graph when Accept asks for an RDF syntax.\",\n",
  "        \"operationId\": \"validate\",\n",
  "        \"parameters\": [{\"name\": \"profile\", \"in\": \"query\", "
  "\"schema\": {\"type\": \"string\", \"enum\": [\"healthdcat-ap\", "
  "\"healthdcat-ap-core\", \"dcat-ap-3\"]}}],\n",
  "        \"requestBody\": {\"required\": true, \"content\": {"
  "\"text/turtle\": {\"schema\": {\"type\": \"string\"}}, "
  "\"application/rdf+xml\": {\"schema\": {\"type\": \"string\"}}, "
  "\"application/ld+json\": {\"schema\": {\"type\": \"object\"}}, "
  "\"application/n-triples\": {\"schema\": {\"type\": \"string\"}}}},\n",
  "        \"responses\": {\n",
  "          \"200\": {\"description\": \"The validation report (conforms "
  "or not)\", \"content\": {\"application/json\": {\"schema\": {\"type\": "
  "\"object\"}}, \"text/turtle\": {\"schema\": {\"type\": "
  "\"string\"}}}},\n",
  "          \"400\": {\"$ref\": \"#/components/responses/Error\"},\n",
  "          \"413\": {\"$ref\": \"#/components/responses/Error\"},\n",
  "          \"415\": {\"$ref\": \"#/components/responses/Error\"},\n",
  "          \"429\": {\"$ref\": \"#/components/responses/Error\"}\n",
  "        }\n",
  "      }\n",
  "    },\n",
  "    \"/api/v1/openapi.json\": {\n",
  "      \"get\": {\"summary\": \"This description\", \"operationId\": "
  "\"openapi\", \"responses\": {\"200\": {\"description\": \"OpenAPI 3 "
  "document\", \"content\": {\"application/json\": {}}}}}\n",
  "    }\n",
  "  },\n",
  "  \"components\": {\n",
  "    \"securitySchemes\": {\"bearer\": {\"type\": \"http\", \"scheme\": "
  "\"bearer\", \"description\": \"A token bound to one publisher (hdcat "
  "token create).\"}},\n",
  "    \"responses\": {\"Error\": {\"description\": \"An error\", "
  "\"content\": {\"application/json\": {\"schema\": {\"$ref\": "
  "\"#/components/schemas/Error\"}}}}},\n",
  "    \"schemas\": {\n",
  "      \"Error\": {\"type\": \"object\", \"required\": [\"error\"], "
  "\"properties\": {\"error\": {\"type\": \"object\", \"required\": "
  "[\"code\", \"message\"], \"properties\": {\"code\": {\"type\": "
  "\"string\"}, \"message\": {\"type\": \"string\"}}}}},\n",
  "      \"Hit\": {\"type\": \"object\", \"properties\": {\"id\": {\"type\": "
  "\"integer\"}, \"iri\": {\"type\": \"string\"}, \"title\": {\"type\": "
  "\"string\"}, \"score\": {\"type\": \"number\"}, \"source\": {\"type\": "
  "\"string\"}, \"snippet\": {\"type\": \"string\", \"description\": "
  "\"Matched words between [ and ]\"}, \"modified\": {\"type\": "
  "\"string\"}, \"valid\": {\"type\": \"boolean\"}, \"url\": {\"type\": "
  "\"string\"}, \"page\": {\"type\": \"string\"}}},\n",
  "      \"FacetValue\": {\"type\": \"object\", \"properties\": {\"value\": "
  "{\"type\": \"string\"}, \"label\": {\"type\": \"string\"}, \"count\": "
  "{\"type\": \"integer\"}}},\n",
  "      \"SearchResults\": {\"type\": \"object\", \"properties\": "
  "{\"total\": {\"type\": \"integer\"}, \"offset\": {\"type\": "
  "\"integer\"}, \"limit\": {\"type\": \"integer\"}, \"results\": "
  "{\"type\": \"array\", \"items\": {\"$ref\": \"#/components/schemas/Hit\"}}"
  ", \"facets\": {\"type\": \"object\", \"additionalProperties\": "
  "{\"type\": \"array\", \"items\": {\"$ref\": "
  "\"#/components/schemas/FacetValue\"}}}}},\n",
  "      \"Dataset\": {\"type\": \"object\", \"properties\": {\"id\": "
  "{\"type\": \"integer\"}, \"iri\": {\"type\": \"string\"}, \"source\": "
  "{\"type\": \"string\"}, \"title\": {\"type\": \"string\"}, "
  "\"description\": {\"type\": \"string\"}, \"modified\": {\"type\": "
  "\"string\"}, \"first_seen\": {\"type\": \"string\", \"format\": "
  "\"date-time\"}, \"last_seen\": {\"type\": \"string\", \"format\": "
  "\"date-time\"}, \"status\": {\"type\": \"string\", \"enum\": "
  "[\"active\", \"withdrawn\"]}, \"withdrawn_reason\": {\"type\": "
  "\"string\"}, \"withdrawn_date\": {\"type\": \"string\"}, \"hash\": "
  "{\"type\": \"string\"}, \"valid\": {\"type\": \"boolean\"}, "
  "\"violations\": {\"type\": \"integer\"}, \"warnings\": {\"type\": "
  "\"integer\"}, \"report\": {\"type\": \"string\", \"description\": \"The "
  "validation report as JSON text\"}, \"duplicates\": {\"type\": \"array\", "
  "\"items\": {\"type\": \"integer\"}}, \"links\": {\"type\": \"object\", "
  "\"additionalProperties\": {\"type\": \"string\"}}}}\n",
  "    }\n",
  "  }\n",
  "}\n",
  NULL
};

hdc_status
hdc_web_api_openapi(hdc_web_req *req, hdc_web_resp *resp)
{
  hdc_buf *b         = &resp->body;
  resp->content_type = JSON_TYPE;
  hdc_buf_puts(b, openapi_head);
  hdc_buf_puts(b, "  \"servers\": [{\"url\": ");
  hdc_web_json_str(b, hdc_web_app_base_url(req->ctx->app));
  hdc_buf_puts(b, "}],\n");
  /* One parameter per facet key, from the store's own list. */
  hdc_buf facets = HDC_BUF_INIT;
  for (int k = 0; k < HDC_FACET__COUNT; ++k)
    hdc_buf_printf(&facets,
                   "          {\"name\": \"%s\", \"in\": \"query\", "
                   "\"schema\": {\"type\": \"string\"}, \"description\": "
                   "\"Facet filter (repeatable)\"}%s\n",
                   hdc_store_facet_key((hdc_store_facet_kind)k),
                   k + 1 < HDC_FACET__COUNT ? "," : "");
  /* One piece of the body is "%s": the facet parameters go there. */
  for (size_t i = 0; openapi_body[i]; ++i) {
    if (!strcmp(openapi_body[i], "%s"))
      hdc_buf_append(b, facets.ptr ? facets.ptr : "", facets.len);
    else
      hdc_buf_puts(b, openapi_body[i]);
  }
  hdc_status st = hdc_buf_status(&facets);
  hdc_buf_clear(&facets);
  return st ? st : hdc_buf_status(b);
}
