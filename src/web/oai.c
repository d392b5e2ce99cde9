// SPDX-License-Identifier: EUPL-1.2
/*
 * OAI-PMH 2.0 data provider at /oai (GET and POST): Identify,
 * ListMetadataFormats, ListSets, ListIdentifiers, ListRecords and
 * GetRecord, with metadataPrefix dcat_ap (the record's DCAT-AP graph in
 * RDF/XML) and oai_dc (Dublin Core from the dataset's own properties).
 *
 * Items are the records the feed exports (active, conforming), identified
 * as oai:HOST:ID; their datestamp is the catalogue change time (second
 * granularity, UTC). Lists are paged by resumption tokens that carry the
 * whole state ("after id, from, until, prefix, cursor"), so the server
 * keeps nothing between requests and a token stays valid whatever else
 * happens; a malformed token is badResumptionToken. Records are never
 * erased, so deletions are persistent (deletedRecord "persistent"): a
 * record withdrawn, or no longer conforming and so no longer exported, is
 * listed with a header of status "deleted" and no metadata, dated by the
 * change, so that a harvester that took it removes it.
 *
 * Errors follow the protocol: an HTTP 200 with <error code="..."> and,
 * for badVerb and badArgument, a <request> element without attributes.
 */
#include "web_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define OAI_PAGE 100

typedef struct oai
{
  hdc_web_req *req;
  hdc_buf     *out;
  const char  *base; /* .../oai */
  char         host[256];
  const char  *verb;
  bool         error;
} oai;

static void
xml(hdc_buf *b, const char *z)
{
  hdc_web_xml_text(b, z, strlen(z));
}

static void
open_response(oai *o, bool with_args)
{
  char      now[32];
  time_t    t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
  hdc_buf *b = o->out;
  hdc_buf_puts(b,
               "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\" "
               "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
               "xsi:schemaLocation=\"http://www.openarchives.org/OAI/2.0/ "
               "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd\">\n"
               "  <responseDate>");
  hdc_buf_puts(b, now);
  hdc_buf_puts(b, "</responseDate>\n  <request");
  if (with_args) {
    for (size_t i = 0; i < o->req->n_params; ++i) {
      const hdc_web_pair *p = &o->req->params[i];
      hdc_buf_printf(b, " %s=\"", p->name);
      xml(b, p->value);
      hdc_buf_putc(b, '"');
    }
  }
  hdc_buf_putc(b, '>');
  xml(b, o->base);
  hdc_buf_puts(b, "</request>\n");
}

static hdc_status
error_response(oai *o, const char *code, const char *message)
{
  bool args = strcmp(code, "badVerb") && strcmp(code, "badArgument");
  hdc_buf_reset(o->out);
  open_response(o, args);
  hdc_buf_printf(o->out, "  <error code=\"%s\">", code);
  xml(o->out, message);
  hdc_buf_puts(o->out, "</error>\n</OAI-PMH>\n");
  o->error = true;
  return hdc_buf_status(o->out);
}

/* Arguments: each at most once, only those allowed for the verb. */
static bool
check_args(oai *o, const char *const *allowed)
{
  for (size_t i = 0; i < o->req->n_params; ++i) {
    const char *n  = o->req->params[i].name;
    bool        ok = !strcmp(n, "verb");
    for (size_t k = 0; allowed[k] && !ok; ++k)
      ok = !strcmp(n, allowed[k]);
    if (!ok)
      return false;
    for (size_t j = 0; j < i; ++j)
      if (!strcmp(o->req->params[j].name, n))
        return false;
  }
  return true;
}

static const char *
arg(oai *o, const char *name)
{
  return hdc_web_req_param(o->req, name);
}

/* oai:HOST:ID to the record id; false if not one of ours. */
static bool
parse_identifier(oai *o, const char *id, int64_t *out)
{
  size_t hl = strlen(o->host);
  if (strncmp(id, "oai:", 4) || strncmp(id + 4, o->host, hl) ||
      id[4 + hl] != ':')
    return false;
  return hdc_web_dataset_id(id + 5 + hl, out, NULL) &&
         !strchr(id + 5 + hl, '.');
}

/* The record header (status "deleted" for what is no longer exported). */
static void
header(oai *o, const hdc_store_listed *r)
{
  hdc_buf_printf(o->out,
                 "    <header%s>\n      <identifier>oai:%s:%lld"
                 "</identifier>\n      <datestamp>",
                 r->exported ? "" : " status=\"deleted\"",
                 o->host,
                 (long long)r->id);
  xml(o->out, r->changed);
  hdc_buf_puts(o->out, "</datestamp>\n    </header>\n");
}

typedef struct list_ctx
{
  oai       *o;
  bool       records;
  bool       dc;
  int64_t    last_id;
  size_t     n;
  hdc_status st;
} list_ctx;

static hdc_status
list_one(void *ctx, const hdc_store_listed *r)
{
  list_ctx *l = ctx;
  l->last_id  = r->id;
  l->n++;
  if (!l->records) {
    header(l->o, r);
    return HDC_OK;
  }
  hdc_buf_puts(l->o->out, "   <record>\n");
  header(l->o, r);
  if (!r->exported) {
    hdc_buf_puts(l->o->out, "   </record>\n");
    return HDC_OK;
  }
  hdc_buf_puts(l->o->out, "    <metadata>\n");
  hdc_status st =
    l->dc ? hdc_web_record_dc(l->o->out, r)
          : hdc_web_record_rdfxml(
              l->o->out, r, hdc_web_app_base_url(l->o->req->ctx->app));
  hdc_buf_puts(l->o->out, "    </metadata>\n   </record>\n");
  return st;
}

static bool
known_prefix(const char *p)
{
  return p && (!strcmp(p, "dcat_ap") || !strcmp(p, "oai_dc"));
}

/* A date argument: YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ only. */
static bool
oai_date(const char *v, bool until, char out[32], bool *day)
{
  size_t n = strlen(v);
  if (n != 10 && n != 20)
    return false;
  *day = n == 10;
  return hdc_web_iso_parse(v, until, out);
}

static hdc_status
list(oai *o, bool records)
{
  static const char *const allowed[] = { "metadataPrefix",  "from",
                                         "until",           "set",
                                         "resumptionToken", NULL };
  if (!check_args(o, allowed))
    return error_response(o, "badArgument", "illegal or repeated argument");
  const char *token    = arg(o, "resumptionToken");
  const char *prefix   = arg(o, "metadataPrefix");
  const char *from     = arg(o, "from");
  const char *until    = arg(o, "until");
  char        fbuf[32] = "", ubuf[32] = "", pbuf[16] = "";
  long long   after  = 0;
  size_t      cursor = 0;
  if (token) {
    /* The token is exclusive: no other argument beside it. */
    if (o->req->n_params != 2)
      return error_response(
        o, "badArgument", "resumptionToken is an exclusive argument");
    char f1[32], u1[32];
    int  used = 0;
    if (sscanf(token,
               "%lld!%31[^!]!%31[^!]!%15[^!]!%zu%n",
               &after,
               f1,
               u1,
               pbuf,
               &cursor,
               &used) != 5 ||
        (size_t)used != strlen(token) || after < 0 || !known_prefix(pbuf) ||
        (strcmp(f1, "-") && !hdc_web_iso_parse(f1, false, fbuf)) ||
        (strcmp(u1, "-") && !hdc_web_iso_parse(u1, false, ubuf)))
      return error_response(
        o, "badResumptionToken", "this resumption token is not one of ours");
    prefix = pbuf;
  } else {
    if (!prefix)
      return error_response(o, "badArgument", "metadataPrefix is required");
    bool fd = false, ud = false;
    if ((from && !oai_date(from, false, fbuf, &fd)) ||
        (until && !oai_date(until, true, ubuf, &ud)))
      return error_response(o,
                            "badArgument",
                            "from and until are YYYY-MM-DD or "
                            "YYYY-MM-DDThh:mm:ssZ");
    if (from && until && (fd != ud || strcmp(fbuf, ubuf) > 0))
      return error_response(o,
                            "badArgument",
                            "from and until differ in granularity or from "
                            "is after until");
    if (arg(o, "set"))
      return error_response(o, "noSetHierarchy", "this repository has no sets");
    if (!known_prefix(prefix))
      return error_response(
        o, "cannotDisseminateFormat", "metadataPrefix is dcat_ap or oai_dc");
  }
  hdc_store_list_query  q;
  hdc_store_list_counts c;
  hdc_error             err;
  hdc_error_clear(&err);
  memset(&q, 0, sizeof q);
  q.since    = *fbuf ? fbuf : NULL;
  q.until    = *ubuf ? ubuf : NULL;
  q.after_id        = after;
  q.limit           = OAI_PAGE;
  q.include_deleted = true;
  if (hdc_store_list_count(o->req->ctx->store, &q, &c, &err))
    return HDC_ERR_DB;
  size_t total = c.exported + c.deleted;
  if (total == 0)
    return error_response(
      o, "noRecordsMatch", "no record matches these arguments");
  open_response(o, true);
  hdc_buf_printf(
    o->out, "  <%s>\n", records ? "ListRecords" : "ListIdentifiers");
  list_ctx   l = { o, records, !strcmp(prefix, "oai_dc"), after, 0, HDC_OK };
  hdc_status st =
    hdc_store_list(o->req->ctx->store, &q, list_one, &l, NULL, &err);
  if (st)
    return st;
  size_t done = cursor + l.n;
  if (done < total && l.n == OAI_PAGE) {
    hdc_buf_printf(o->out,
                   "    <resumptionToken completeListSize=\"%zu\" "
                   "cursor=\"%zu\">%lld!%s!%s!%s!%zu</resumptionToken>\n",
                   total,
                   cursor,
                   (long long)l.last_id,
                   *fbuf ? fbuf : "-",
                   *ubuf ? ubuf : "-",
                   prefix,
                   done);
  } else if (token) {
    /* The last part of a list: an empty token closes it. */
    hdc_buf_printf(o->out,
                   "    <resumptionToken completeListSize=\"%zu\" "
                   "cursor=\"%zu\"/>\n",
                   total,
                   cursor);
  }
  hdc_buf_printf(o->out,
                 "  </%s>\n</OAI-PMH>\n",
                 records ? "ListRecords" : "ListIdentifiers");
  return hdc_buf_status(o->out);
}

/* The exported record @p id, through the listing (so only conforming,
 * active records are items). */
typedef struct one_ctx
{
  int64_t id;
  bool    found;
  oai    *o;
  bool    dc;
} one_ctx;

static hdc_status
get_one(void *ctx, const hdc_store_listed *r)
{
  one_ctx *g = ctx;
  if (r->id != g->id)
    return HDC_OK;
  g->found = true;
  open_response(g->o, true);
  hdc_buf_puts(g->o->out, "  <GetRecord>\n   <record>\n");
  header(g->o, r);
  if (!r->exported) {
    hdc_buf_puts(g->o->out, "   </record>\n  </GetRecord>\n</OAI-PMH>\n");
    return HDC_OK;
  }
  hdc_buf_puts(g->o->out, "    <metadata>\n");
  hdc_status st =
    g->dc ? hdc_web_record_dc(g->o->out, r)
          : hdc_web_record_rdfxml(
              g->o->out, r, hdc_web_app_base_url(g->o->req->ctx->app));
  hdc_buf_puts(g->o->out,
               "    </metadata>\n   </record>\n  </GetRecord>\n</OAI-PMH>\n");
  return st;
}

static hdc_status
get_record(oai *o)
{
  static const char *const allowed[] = { "identifier", "metadataPrefix", NULL };
  const char              *id        = arg(o, "identifier");
  const char              *prefix    = arg(o, "metadataPrefix");
  if (!check_args(o, allowed) || !id || !prefix)
    return error_response(
      o, "badArgument", "GetRecord needs identifier and metadataPrefix");
  if (!known_prefix(prefix))
    return error_response(
      o, "cannotDisseminateFormat", "metadataPrefix is dcat_ap or oai_dc");
  int64_t n = 0;
  if (!parse_identifier(o, id, &n))
    return error_response(o, "idDoesNotExist", "no such item");
  hdc_store_list_query q;
  hdc_error            err;
  hdc_error_clear(&err);
  memset(&q, 0, sizeof q);
  q.after_id        = n - 1;
  q.limit           = 1;
  q.include_deleted = true;
  one_ctx    g = { n, false, o, !strcmp(prefix, "oai_dc") };
  hdc_status st =
    hdc_store_list(o->req->ctx->store, &q, get_one, &g, NULL, &err);
  if (st)
    return st;
  if (!g.found)
    return error_response(o, "idDoesNotExist", "no such item");
  return hdc_buf_status(o->out);
}

static hdc_status
identify(oai *o)
{
  static const char *const none[] = { NULL };
  if (!check_args(o, none))
    return error_response(o, "badArgument", "Identify takes no argument");
  open_response(o, true);
  hdc_buf *b = o->out;
  hdc_buf_puts(b,
               "  <Identify>\n    <repositoryName>Catalogue national des "
               "données de santé</repositoryName>\n    <baseURL>");
  xml(b, o->base);
  hdc_buf_printf(b,
                 "</baseURL>\n    <protocolVersion>2.0</protocolVersion>\n"
                 "    <adminEmail>catalogue@%s</adminEmail>\n"
                 "    <earliestDatestamp>1970-01-01T00:00:00Z"
                 "</earliestDatestamp>\n"
                 "    <deletedRecord>persistent</deletedRecord>\n"
                 "    <granularity>YYYY-MM-DDThh:mm:ssZ</granularity>\n"
                 "    <description>\n"
                 "      <oai-identifier xmlns=\"http://www.openarchives.org/"
                 "OAI/2.0/oai-identifier\" xmlns:xsi=\"http://www.w3.org/2001/"
                 "XMLSchema-instance\" xsi:schemaLocation=\"http://"
                 "www.openarchives.org/OAI/2.0/oai-identifier http://"
                 "www.openarchives.org/OAI/2.0/oai-identifier.xsd\">\n"
                 "        <scheme>oai</scheme>\n"
                 "        <repositoryIdentifier>%s</repositoryIdentifier>\n"
                 "        <delimiter>:</delimiter>\n"
                 "        <sampleIdentifier>oai:%s:1</sampleIdentifier>\n"
                 "      </oai-identifier>\n    </description>\n"
                 "  </Identify>\n</OAI-PMH>\n",
                 o->host,
                 o->host,
                 o->host);
  return hdc_buf_status(b);
}

static hdc_status
list_formats(oai *o)
{
  static const char *const allowed[] = { "identifier", NULL };
  if (!check_args(o, allowed))
    return error_response(o, "badArgument", "illegal or repeated argument");
  const char *id = arg(o, "identifier");
  if (id) {
    int64_t   n = 0;
    hdc_error err;
    hdc_error_clear(&err);
    if (!parse_identifier(o, id, &n))
      return error_response(o, "idDoesNotExist", "no such item");
    hdc_store_record *rec = NULL;
    if (hdc_store_record_get(o->req->ctx->store, n, NULL, &rec, &err) ||
        strcmp(rec->status, "active") || !rec->valid) {
      hdc_store_record_free(rec);
      return error_response(o, "idDoesNotExist", "no such item");
    }
    hdc_store_record_free(rec);
  }
  open_response(o, true);
  hdc_buf_puts(
    o->out,
    "  <ListMetadataFormats>\n"
    "    <metadataFormat>\n"
    "      <metadataPrefix>dcat_ap</metadataPrefix>\n"
    "      <schema>https://www.w3.org/2000/07/rdf.xsd</schema>\n"
    "      <metadataNamespace>http://www.w3.org/ns/dcat#"
    "</metadataNamespace>\n"
    "    </metadataFormat>\n"
    "    <metadataFormat>\n"
    "      <metadataPrefix>oai_dc</metadataPrefix>\n"
    "      <schema>http://www.openarchives.org/OAI/2.0/oai_dc.xsd</schema>\n"
    "      <metadataNamespace>http://www.openarchives.org/OAI/2.0/oai_dc/"
    "</metadataNamespace>\n"
    "    </metadataFormat>\n"
    "  </ListMetadataFormats>\n</OAI-PMH>\n");
  return hdc_buf_status(o->out);
}

hdc_status
hdc_web_handle_oai(hdc_web_req *req, hdc_web_resp *resp)
{
  oai o;
  memset(&o, 0, sizeof o);
  o.req              = req;
  o.out              = &resp->body;
  resp->content_type = "text/xml; charset=utf-8";
  const char *base   = hdc_web_app_base_url(req->ctx->app);
  char       *b      = hdc_arena_alloc(req->arena, strlen(base) + 8);
  if (!b)
    return HDC_ERR_NOMEM;
  snprintf(b, strlen(base) + 8, "%s/oai", base);
  o.base = b;
  /* The repository identifier is the host of the base URL. */
  const char *h = strstr(base, "://");
  h             = h ? h + 3 : base;
  size_t hl     = strcspn(h, ":/[]");
  if (h[0] == '[')
    hl = 0;
  snprintf(
    o.host, sizeof o.host, "%.*s", (int)(hl ? hl : 9), hl ? h : "localhost");
  const char *verb  = hdc_web_req_param(req, "verb");
  size_t      nverb = 0;
  for (size_t i = 0; i < req->n_params; ++i)
    nverb += !strcmp(req->params[i].name, "verb");
  if (!verb || nverb != 1)
    return error_response(&o, "badVerb", "verb is missing or repeated");
  if (!strcmp(verb, "Identify"))
    return identify(&o);
  if (!strcmp(verb, "ListMetadataFormats"))
    return list_formats(&o);
  if (!strcmp(verb, "ListSets")) {
    static const char *const allowed[] = { "resumptionToken", NULL };
    if (!check_args(&o, allowed))
      return error_response(&o, "badArgument", "illegal argument");
    if (arg(&o, "resumptionToken"))
      return error_response(&o, "badResumptionToken", "no such token");
    return error_response(&o, "noSetHierarchy", "this repository has no sets");
  }
  if (!strcmp(verb, "ListIdentifiers"))
    return list(&o, false);
  if (!strcmp(verb, "ListRecords"))
    return list(&o, true);
  if (!strcmp(verb, "GetRecord"))
    return get_record(&o);
  return error_response(&o, "badVerb", "no such verb");
}
