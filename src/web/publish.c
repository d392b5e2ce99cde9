// SPDX-License-Identifier: EUPL-1.2
/*
 * The publishing API and the public validator's API:
 *
 *   PUT    /api/v1/datasets/{id}   create or replace the record named {id}
 *   DELETE /api/v1/datasets/{id}   withdraw it (never erased)
 *   POST   /api/v1/validate        the report of any uploaded description
 *
 * {id} is a name the data holder chooses for one of its datasets: 1 to 100
 * characters of [A-Za-z0-9._~-] (not beginning with '.'), unique in the
 * catalogue. The first PUT binds it to the token's publisher and to the
 * IRI of the dataset the body describes; afterwards only that publisher
 * may PUT or DELETE it, and only with that dataset. The body is parsed with
 * the request URL as base IRI, so `<>` names the dataset in Turtle.
 *
 * A write is checked in this order, and the first failure answers:
 * the name (400), the bearer token (401, WWW-Authenticate), the token's
 * rate (429, Retry-After), the name's owner (403), the media type (415),
 * the size (413), the syntax (400), one dataset named by an IRI (422), its
 * dct:publisher (422 if absent, 403 if another), the HealthDCAT-AP profile
 * (422 with the full report), then the store's own checks in the write's
 * transaction (403, 409, 422). Every answer to a write, accepted or not,
 * leaves one audit row; a refusal changes nothing else.
 *
 * Rates come from the environment, read once: HDCAT_PUBLISH_RATE (writes
 * per minute per token, default 60) and HDCAT_VALIDATE_RATE (validations
 * per minute per client address, default 30); 0 turns a limit off.
 */
#include "publish.h"

#include "hdcat/store.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define NS_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define NS_DCT "http://purl.org/dc/terms/"
#define NS_DCAT "http://www.w3.org/ns/dcat#"
#define NS_HDCAT "http://healthdataportal.eu/ns/health#"

/* Where a property is defined: the HealthDCAT-AP and DCAT-AP 3.0.0
 * specifications, whose anchors read "#<Class>.<property label>". */
#define SPEC_HEALTHDCAT                                                        \
  "https://healthdataeu.pages.code.europa.eu/healthdcat-ap/releases/"          \
  "release-6/#"
#define SPEC_DCATAP "https://semiceu.github.io/DCAT-AP/releases/3.0.0/#"

/* Rebuild the shared world when documents have grown it by this much. */
#define WORLD_SLACK ((size_t)64 << 20)
/* Problems listed for people; the JSON report has them all. */
#define MAX_PROBLEMS 1000

/* ------------------------------------------------------------------------ */
/* The shared validator and the rate limiters                               */

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static struct
{
  char              *schemas_dir;
  hdc_world         *world;
  hdc_shacl_profile *profiles[3]; /* by hdc_shacl_profile_kind */
  size_t             world_base;
} g_svc;

static pthread_once_t     g_once = PTHREAD_ONCE_INIT;
static hdc_web_ratelimit *g_writes, *g_checks, *g_fails;

static double
env_rate(const char *name, double def)
{
  const char *v = getenv(name);
  char       *end;
  if (!v || !*v)
    return def;
  double d = strtod(v, &end);
  return (*end || d < 0 || d > 1e6) ? def : d;
}

static void
limiters_init(void)
{
  double w = env_rate("HDCAT_PUBLISH_RATE", 60);
  double c = env_rate("HDCAT_VALIDATE_RATE", 30);
  /* A burst of one minute's allowance: a holder pushing its catalogue in
   * one go is not slowed until it exceeds a minute's worth. */
  g_writes = hdc_web_ratelimit_new(w, w, 4096);
  g_checks = hdc_web_ratelimit_new(c, c, 4096);
  /* Failed authentications per client address: each one is audited, so
   * without a bound anyone could fill the audit trail (and probe tokens)
   * at the speed of the network. */
  double f = env_rate("HDCAT_AUTH_FAIL_RATE", 30);
  g_fails  = hdc_web_ratelimit_new(f, f, 4096);
}

static void
svc_drop(void)
{
  for (size_t i = 0; i < 3; ++i) {
    hdc_shacl_profile_free(g_svc.profiles[i]);
    g_svc.profiles[i] = NULL;
  }
  hdc_world_free(g_svc.world);
  g_svc.world = NULL;
}

/* The profile @p kind for @p req's service, loaded on first need. Call
 * with g_lock held. */
static hdc_shacl_profile *
svc_profile(hdc_web_req *req, hdc_shacl_profile_kind kind, hdc_error *err)
{
  const hdc_web_config *cfg = hdc_web_app_config(req->ctx->app);
  const char           *dir = cfg ? cfg->schemas_dir : NULL;
  if (!dir) {
    hdc_error_set(err,
                  HDC_ERR_UNSUPPORTED,
                  NULL,
                  0,
                  0,
                  "this service has no schemas directory: the validator is"
                  " off");
    return NULL;
  }
  if (!g_svc.schemas_dir || strcmp(g_svc.schemas_dir, dir) != 0) {
    svc_drop();
    hdc_free(g_svc.schemas_dir);
    g_svc.schemas_dir = hdc_strndup(dir, strlen(dir));
    if (!g_svc.schemas_dir) {
      hdc_error_set(err, HDC_ERR_NOMEM, NULL, 0, 0, "out of memory");
      return NULL;
    }
  }
  if (!g_svc.world && !(g_svc.world = hdc_world_new())) {
    hdc_error_set(err, HDC_ERR_NOMEM, NULL, 0, 0, "out of memory");
    return NULL;
  }
  if (!g_svc.profiles[kind]) {
    if (hdc_shacl_profile_load(
          g_svc.world, dir, kind, &g_svc.profiles[kind], err))
      return NULL;
    g_svc.world_base = hdc_world_bytes(g_svc.world);
  }
  return g_svc.profiles[kind];
}

/* After a request: forget the world if documents grew it too much (the
 * next request reloads the profile into a fresh one). g_lock held. */
static void
svc_trim(void)
{
  if (g_svc.world &&
      hdc_world_bytes(g_svc.world) > g_svc.world_base + WORLD_SLACK)
    svc_drop();
}

bool
hdc_web_publish_validate_allowed(hdc_web_req *req, unsigned *retry_after)
{
  pthread_once(&g_once, limiters_init);
  return hdc_web_ratelimit_take(
    g_checks, req->remote, hdc_web_ratelimit_now(), retry_after);
}

/* ------------------------------------------------------------------------ */
/* Checking a document                                                      */

void
hdc_web_check_clear(hdc_web_check *c)
{
  if (!c)
    return;
  hdc_buf_clear(&c->json);
  hdc_buf_clear(&c->text);
  hdc_buf_clear(&c->rdf);
}

static const char *
adup(hdc_web_req *req, const char *z, size_t len)
{
  return hdc_arena_strndup(req->arena, z ? z : "", z ? len : 0);
}

static const char *
term_nt(hdc_web_req *req, const hdc_term *t)
{
  hdc_buf     b = HDC_BUF_INIT;
  const char *out;
  if (!t)
    return "";
  hdc_rdf_write_term_nt(t, &b);
  out = hdc_buf_status(&b) ? NULL : adup(req, b.ptr, b.len);
  hdc_buf_clear(&b);
  return out;
}

/* The DCAT-AP class name of @p focus, from its rdf:type in @p data. */
static const char *
focus_class(const hdc_graph *data, const hdc_term *focus)
{
  static const char *const classes[][2] = {
    { NS_DCAT "Dataset", "Dataset" },
    { NS_DCAT "Distribution", "Distribution" },
    { NS_DCAT "Catalog", "Catalogue" },
    { NS_DCAT "DataService", "DataService" },
    { NS_DCAT "DatasetSeries", "DatasetSeries" },
    { NS_DCAT "CatalogRecord", "CatalogueRecord" },
    { "http://xmlns.com/foaf/0.1/Agent", "Agent" },
    { "http://www.w3.org/2006/vcard/ns#Kind", "Kind" },
    { NS_DCT "PeriodOfTime", "PeriodOfTime" },
    { NS_DCT "Location", "Location" },
    { NS_DCT "LicenseDocument", "LicenceDocument" },
    { "http://www.w3.org/ns/adms#Identifier", "Identifier" },
    { "http://www.w3.org/2004/02/skos/core#Concept", "Concept" },
  };
  hdc_world      *w    = hdc_graph_world(data);
  const hdc_term *type = hdc_world_find_iri(w, HDC_STR(NS_RDF "type"));
  if (!type || !focus)
    return "";
  for (size_t i = 0; i < sizeof classes / sizeof classes[0]; ++i) {
    const hdc_term *c = hdc_world_find_iri(w, hdc_str_from(classes[i][0]));
    if (c && hdc_graph_contains(data, focus, type, c))
      return classes[i][1];
  }
  return "";
}

/* The specification's anchor for property @p iri of class @p cls: the
 * property's local name in lower case stands for its label. */
static const char *
spec_url(hdc_web_req *req, const char *iri, const char *cls)
{
  hdc_buf     b     = HDC_BUF_INIT;
  const char *local = strrchr(iri, '#');
  const char *slash = strrchr(iri, '/');
  const char *out;
  if (!local || (slash && slash > local))
    local = slash;
  if (!local || !local[1])
    return "";
  ++local;
  if (!*cls) {
    /* No class known: the vocabulary's own definition. */
    return adup(req, iri, strlen(iri));
  }
  hdc_buf_puts(&b,
               !strncmp(iri, NS_HDCAT, strlen(NS_HDCAT)) ? SPEC_HEALTHDCAT
                                                         : SPEC_DCATAP);
  hdc_buf_puts(&b, cls);
  hdc_buf_putc(&b, '.');
  for (const char *p = local; *p; ++p) {
    char c = *p;
    if (c >= 'A' && c <= 'Z')
      c = (char)(c - 'A' + 'a');
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
      hdc_buf_putc(&b, c);
  }
  out = hdc_buf_status(&b) ? NULL : adup(req, b.ptr, b.len);
  hdc_buf_clear(&b);
  return out;
}

static const char *
short_name(hdc_web_req *req, const char *iri)
{
  hdc_str     local;
  const char *pf = hdc_rdf_prefix_of(hdc_str_from(iri), &local);
  if (!pf)
    return adup(req, iri, strlen(iri));
  for (size_t k = 0; k < local.len; ++k) {
    char c = local.ptr[k];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
          (c >= '0' && c <= '9') || c == '_' || c == '-'))
      return adup(req, iri, strlen(iri));
  }
  hdc_buf     b = HDC_BUF_INIT;
  const char *out;
  hdc_buf_printf(&b, "%s:", pf);
  hdc_buf_put_str(&b, local);
  out = hdc_buf_status(&b) ? NULL : adup(req, b.ptr, b.len);
  hdc_buf_clear(&b);
  return out;
}

/* Fill c->problems from @p rep (violations, then warnings, then infos). */
static hdc_status
problems_fill(hdc_web_req            *req,
              const hdc_shacl_report *rep,
              const hdc_graph        *data,
              const hdc_graph        *shapes,
              hdc_web_check          *c)
{
  size_t                   n     = hdc_shacl_report_count(rep);
  size_t                   cap   = n < MAX_PROBLEMS ? n : MAX_PROBLEMS;
  static const char *const sev[] = { "info", "warning", "violation" };
  c->problems =
    cap ? hdc_arena_alloc(req->arena, cap * sizeof *c->problems) : NULL;
  if (cap && !c->problems)
    return HDC_ERR_NOMEM;
  for (int level = HDC_SHACL_VIOLATION; level >= HDC_SHACL_INFO; --level) {
    for (size_t i = 0; i < n && c->n_problems < cap; ++i) {
      const hdc_shacl_result *r = hdc_shacl_report_get(rep, i);
      if ((int)r->level != level)
        continue;
      hdc_web_problem *p = &c->problems[c->n_problems];
      memset(p, 0, sizeof *p);
      p->severity    = sev[level];
      hdc_str ft     = hdc_term_text(r->focus);
      p->focus       = hdc_term_is_iri(r->focus) ? adup(req, ft.ptr, ft.len)
                                                 : term_nt(req, r->focus);
      p->focus_class = focus_class(data, r->focus);
      p->path = p->path_short = p->spec_url = "";
      if (r->path && hdc_term_is_iri(r->path)) {
        hdc_str pt    = hdc_term_text(r->path);
        p->path       = adup(req, pt.ptr, pt.len);
        p->path_short = p->path ? short_name(req, p->path) : NULL;
        p->spec_url   = p->path ? spec_url(req, p->path, p->focus_class) : NULL;
      } else if (r->path) {
        hdc_buf b = HDC_BUF_INIT;
        hdc_shacl_path_write(shapes, r->path, &b);
        p->path       = hdc_buf_status(&b) ? NULL : adup(req, b.ptr, b.len);
        p->path_short = p->path;
        hdc_buf_clear(&b);
      }
      p->value         = r->value ? term_nt(req, r->value) : "";
      const char *comp = hdc_shacl_component_name(r->component);
      size_t      cl   = strlen(comp);
      if (cl > 19 && !strcmp(comp + cl - 19, "ConstraintComponent"))
        cl -= 19;
      p->component = adup(req, comp, cl);
      p->param     = r->param ? term_nt(req, r->param) : "";
      p->message   = "";
      for (size_t m = 0; m < r->n_messages; ++m) {
        hdc_str text = hdc_term_text(r->messages[m]);
        hdc_str lang = hdc_term_lang(r->messages[m]);
        if (!*p->message || hdc_str_eq_z(lang, req->lang))
          p->message = adup(req, text.ptr, text.len);
        if (!p->message)
          return HDC_ERR_NOMEM;
      }
      p->note = r->note ? adup(req, r->note, strlen(r->note)) : "";
      if (!p->focus || !p->path || !p->path_short || !p->spec_url ||
          !p->value || !p->component || !p->param || !p->note)
        return HDC_ERR_NOMEM;
      c->n_problems++;
    }
  }
  return HDC_OK;
}

/* Parse and validate with g_lock held, into @p c; *rep and *g are the
 * caller's to free. */
static hdc_status
check_locked(hdc_web_req       *req,
             const char        *doc,
             size_t             len,
             hdc_format         fmt,
             const char        *base,
             hdc_web_check     *c,
             hdc_graph        **gout,
             hdc_shacl_report **rep,
             hdc_error         *err)
{
  hdc_shacl_profile *prof = svc_profile(req, c->profile, err);
  const hdc_term   **ds   = NULL;
  hdc_status         st   = HDC_OK;
  hdc_graph         *g    = NULL;
  if (!prof)
    return err ? err->status : HDC_ERR_INTERNAL;
  const hdc_web_config *cfg = hdc_web_app_config(req->ctx->app);
  hdc_parse_opts        po  = { .format   = fmt,
                                .base_iri = base,
                                .source   = "document",
                                .limits   = cfg ? cfg->limits : NULL };
  if (!(g = hdc_graph_new(g_svc.world)))
    return hdc_error_set(err, HDC_ERR_NOMEM, NULL, 0, 0, "out of memory");
  *gout = g;
  hdc_error_clear(&c->parse_error);
  if (fmt == HDC_FORMAT_UNKNOWN)
    po.format = hdc_format_sniff(doc, len);
  c->parse_status = hdc_rdf_parse(doc, len, &po, g, &c->parse_error);
  if (c->parse_status == HDC_ERR_NOMEM)
    return hdc_error_set(err, HDC_ERR_NOMEM, NULL, 0, 0, "out of memory");
  if (c->parse_status)
    return HDC_OK;
  if ((st = hdc_graph_datasets(g, &ds, &c->n_datasets)))
    return hdc_error_set(err, st, NULL, 0, 0, "out of memory");
  hdc_free(ds);
  if ((st = hdc_shacl_profile_validate(prof, g, rep, err)))
    return st;
  hdc_shacl_report_sort(*rep);
  const hdc_graph *shapes = hdc_shacl_profile_shapes(prof, NULL);
  c->violations = hdc_shacl_report_count_level(*rep, HDC_SHACL_VIOLATION);
  c->warnings   = hdc_shacl_report_count_level(*rep, HDC_SHACL_WARNING);
  c->infos      = hdc_shacl_report_count_level(*rep, HDC_SHACL_INFO);
  c->conforms   = c->violations == 0;
  if ((c->want & HDC_WEB_CHECK_JSON) &&
      (st = hdc_shacl_report_write_json(
         *rep, shapes, hdc_sink_buf, &c->json, err)))
    return st;
  if ((c->want & HDC_WEB_CHECK_TEXT) &&
      (st = hdc_shacl_report_write_text(
         *rep, g, shapes, req->lang, hdc_sink_buf, &c->text, err)))
    return st;
  if (c->want & HDC_WEB_CHECK_RDF) {
    hdc_graph *out = hdc_graph_new(g_svc.world);
    if (!out)
      return hdc_error_set(err, HDC_ERR_NOMEM, NULL, 0, 0, "out of memory");
    hdc_write_opts wo = { .sorted = true, .base_iri = NULL };
    st                = hdc_shacl_report_to_graph(*rep, shapes, out, err);
    if (!st)
      st = hdc_rdf_write(out, c->rdf_format, &wo, hdc_sink_buf, &c->rdf, err);
    hdc_graph_free(out);
    if (st)
      return st;
  }
  if ((st = problems_fill(req, *rep, g, shapes, c)))
    return hdc_error_set(err, st, NULL, 0, 0, "out of memory");
  return HDC_OK;
}

hdc_status
hdc_web_publish_check(hdc_web_req   *req,
                      const char    *doc,
                      size_t         len,
                      hdc_format     fmt,
                      hdc_web_check *c,
                      hdc_error     *err)
{
  hdc_graph        *g   = NULL;
  hdc_shacl_report *rep = NULL;
  hdc_status        st;
  pthread_mutex_lock(&g_lock);
  st = check_locked(req, doc, len, fmt, NULL, c, &g, &rep, err);
  hdc_shacl_report_free(rep);
  hdc_graph_free(g);
  svc_trim();
  pthread_mutex_unlock(&g_lock);
  return st;
}

/* ------------------------------------------------------------------------ */
/* Answers and the audit trail                                              */

/* What a write request is, for its audit row. */
typedef struct write_ctx
{
  hdc_web_req *req;
  const char  *action; /* "put", "delete" */
  const char  *name;
  int64_t      token_id;
  const char  *publisher;
} write_ctx;

static void
audit(write_ctx  *w,
      int         status,
      const char *result,
      int64_t     record_id,
      const char *message)
{
  hdc_store_audit_entry e = { .token_id  = w->token_id,
                              .publisher = w->publisher,
                              .record    = w->name,
                              .record_id = record_id,
                              .action    = w->action,
                              .status    = status,
                              .result    = result,
                              .remote    = w->req->remote,
                              .message   = message };
  hdc_error             err;
  hdc_error_clear(&err);
  if (!w->req->ctx->store ||
      hdc_store_audit_add(w->req->ctx->store, &e, NULL, &err))
    hdc_log(HDC_LOG_ERROR,
            "audit trail: %s %s %d: %s",
            w->action,
            w->name ? w->name : "",
            status,
            err.message[0] ? err.message : "no catalogue");
}

/* Answer a refused write with a JSON error and audit it. */
static hdc_status HDC_PRINTF(4, 5)
  refuse(write_ctx *w, hdc_web_resp *resp, int status, const char *fmt, ...)
{
  static const struct
  {
    int         status;
    const char *code;
  } codes[]        = { { 400, "bad_request" },
                       { 401, "unauthorized" },
                       { 403, "forbidden" },
                       { 404, "not_found" },
                       { 409, "conflict" },
                       { 413, "too_large" },
                       { 415, "unsupported_media_type" },
                       { 422, "does_not_validate" },
                       { 429, "too_many_requests" },
                       { 503, "unavailable" } };
  const char *code = "internal";
  char        msg[1024];
  va_list     ap;
  for (size_t i = 0; i < sizeof codes / sizeof codes[0]; ++i)
    if (codes[i].status == status)
      code = codes[i].code;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  hdc_web_resp_json_error(resp, status, code, "%s", msg);
  audit(w, status, status >= 500 ? "failed" : "refused", 0, msg);
  return HDC_OK;
}

/* Append ", \"report\": REPORT}" in place of the error body's last "}". */
static void
attach_report(hdc_web_resp *resp, const hdc_buf *report)
{
  hdc_buf *b = &resp->body;
  while (b->len && (b->ptr[b->len - 1] == '\n' || b->ptr[b->len - 1] == ' '))
    b->len--;
  if (b->len && b->ptr[b->len - 1] == '}')
    b->len--;
  b->ptr[b->len] = '\0';
  hdc_buf_puts(b, ", \"report\": ");
  if (report->len)
    hdc_buf_append(b, report->ptr, report->len);
  else
    hdc_buf_puts(b, "null");
  hdc_buf_puts(b, "}\n");
}

/* Spend one failed authentication of @p w's client address. False when
 * the address is over its allowance: then the request has been answered
 * 429, and not audited (the log has one line), so that a flood of bad
 * tokens cannot grow the audit trail without bound. */
static bool
failure_allowed(write_ctx *w, hdc_web_resp *resp)
{
  char     key[96];
  unsigned retry = 1;
  pthread_once(&g_once, limiters_init);
  snprintf(key, sizeof key, "fail:%s", w->req->remote ? w->req->remote : "");
  if (hdc_web_ratelimit_take(g_fails, key, hdc_web_ratelimit_now(), &retry))
    return true;
  char after[16];
  snprintf(after, sizeof after, "%u", retry);
  hdc_web_resp_json_error(resp,
                          429,
                          "too_many_requests",
                          "too many failed authentications from this "
                          "address: retry in %u s",
                          retry);
  hdc_web_resp_header(w->req, resp, "Retry-After", after);
  hdc_log(HDC_LOG_WARN,
          "publishing: too many failed authentications from %s",
          w->req->remote ? w->req->remote : "?");
  return false;
}

/* The bearer token of @p req: checks it and fills w->token_id and
 * w->publisher (in the request's arena), or answers 401 (429 once the
 * client address has failed too often). True if the request may go on. */
static bool
authenticate(write_ctx *w, hdc_web_resp *resp)
{
  hdc_web_req         *req = w->req;
  const char          *h   = hdc_web_req_header(req, "Authorization");
  hdc_store_token_auth a;
  hdc_error            err;
  const char          *why = NULL;
  bool                 ok  = false;
  memset(&a, 0, sizeof a);
  hdc_error_clear(&err);
  if (!h) {
    if (!failure_allowed(w, resp))
      return false;
    refuse(w,
           resp,
           401,
           "a bearer token is needed: send 'Authorization: Bearer TOKEN'");
    hdc_web_resp_header(
      req, resp, "WWW-Authenticate", "Bearer realm=\"hdcat\"");
    return false;
  }
  /* RFC 6750: "Bearer" (any case), one or more spaces, the token. */
  if (strncasecmp(h, "Bearer ", 7) != 0) {
    why = "malformed Authorization header: expected 'Bearer TOKEN'";
  } else {
    const char *t = h + 7;
    while (*t == ' ')
      ++t;
    size_t len = strlen(t);
    while (len && t[len - 1] == ' ')
      --len;
    if (hdc_store_token_check(req->ctx->store, t, len, &a, &err)) {
      hdc_log(HDC_LOG_ERROR, "token check: %s", err.message);
      refuse(w, resp, 503, "the catalogue is not available");
      goto done;
    }
    switch (a.state) {
      case HDC_STORE_TOKEN_OK: ok = true; break;
      case HDC_STORE_TOKEN_MALFORMED: why = "malformed token"; break;
      case HDC_STORE_TOKEN_UNKNOWN: why = "unknown token"; break;
      case HDC_STORE_TOKEN_REVOKED: why = "this token was revoked"; break;
      case HDC_STORE_TOKEN_EXPIRED: why = "this token has expired"; break;
    }
  }
  w->token_id = a.id;
  if (ok) {
    w->publisher =
      hdc_arena_strndup(req->arena, a.publisher, strlen(a.publisher));
    if (!w->publisher) {
      ok = false;
      refuse(w, resp, 503, "out of memory");
    }
    goto done;
  }
  if (why) {
    if (!failure_allowed(w, resp))
      goto done;
    refuse(w, resp, 401, "%s", why);
    hdc_web_resp_header(req,
                        resp,
                        "WWW-Authenticate",
                        "Bearer realm=\"hdcat\", error=\"invalid_token\"");
  }
done:
  hdc_store_token_auth_clear(&a);
  return ok;
}

/* The per-token rate: true if the write may go on, else answered 429. */
static bool
within_rate(write_ctx *w, hdc_web_resp *resp)
{
  char     key[32];
  unsigned retry = 1;
  pthread_once(&g_once, limiters_init);
  snprintf(key, sizeof key, "token:%" PRId64, w->token_id);
  if (hdc_web_ratelimit_take(g_writes, key, hdc_web_ratelimit_now(), &retry))
    return true;
  char after[16];
  snprintf(after, sizeof after, "%u", retry);
  refuse(w, resp, 429, "too many writes with this token: retry in %u s", retry);
  hdc_web_resp_header(w->req, resp, "Retry-After", after);
  return false;
}

/* The name of the URL, or answered 400. */
static bool
name_ok(write_ctx *w, hdc_web_resp *resp)
{
  if (w->req->n_captures >= 1 && hdc_store_push_name_valid(w->name))
    return true;
  refuse(w,
         resp,
         400,
         "the record's name must be 1 to 100 characters of A-Z a-z 0-9 . _ ~"
         " - and not begin with '.'");
  return false;
}

/* The owner of the name, if any, must be the token's publisher. */
static bool
owner_ok(write_ctx *w, hdc_web_resp *resp)
{
  char      *owner = NULL;
  hdc_error  err;
  hdc_status st;
  hdc_error_clear(&err);
  st =
    hdc_store_push_owner(w->req->ctx->store, w->name, &owner, NULL, NULL, &err);
  if (st == HDC_FAILURE)
    return true;
  if (st) {
    refuse(w, resp, 503, "the catalogue is not available");
    return false;
  }
  bool ok = !strcmp(owner, w->publisher);
  hdc_free(owner);
  if (!ok)
    refuse(
      w, resp, 403, "the record '%s' belongs to another publisher", w->name);
  return ok;
}

static void
json_kv_str(hdc_buf *b, const char *k, const char *v, bool comma)
{
  if (comma)
    hdc_buf_puts(b, ", ");
  hdc_web_json_str(b, k);
  hdc_buf_puts(b, ": ");
  hdc_web_json_str(b, v);
}

/* ------------------------------------------------------------------------ */
/* PUT /api/v1/datasets/{id}                                                */

/* The dct:publisher IRIs of @p ds in @p g: 0 none, 1 exactly @p pub,
 * 2 another or several. */
static int
publisher_match(const hdc_graph *g,
                const hdc_term  *ds,
                const char      *pub,
                const char     **named)
{
  const hdc_term *p =
    hdc_world_find_iri(hdc_graph_world(g), HDC_STR(NS_DCT "publisher"));
  hdc_iter it;
  size_t   n    = 0;
  bool     same = true;
  *named        = NULL;
  if (!p)
    return 0;
  hdc_graph_match(g, ds, p, NULL, &it);
  for (const hdc_triple *t; (t = hdc_iter_next(&it));) {
    ++n;
    bool eq = hdc_term_is_iri(t->o) && hdc_str_eq_z(hdc_term_text(t->o), pub);
    if (!eq && !*named && hdc_term_is_iri(t->o))
      *named = hdc_term_text(t->o).ptr;
    same = same && eq;
  }
  return n == 0 ? 0 : (n == 1 && same) ? 1 : 2;
}

static const char *
profile_label(hdc_shacl_profile_kind k)
{
  return hdc_shacl_profile_name(k);
}

/* Under g_lock: parse, check, store. Answers @p resp in every case. */
static hdc_status
put_locked(write_ctx *w, hdc_web_resp *resp, hdc_format fmt)
{
  hdc_web_req      *req = w->req;
  hdc_web_check     c;
  hdc_graph        *g   = NULL;
  hdc_shacl_report *rep = NULL;
  hdc_error         err;
  hdc_buf           base = HDC_BUF_INIT, out = HDC_BUF_INIT;
  const hdc_term  **ds = NULL;
  size_t            n  = 0;
  hdc_status        st = HDC_OK;
  memset(&c, 0, sizeof c);
  hdc_error_clear(&err);
  c.profile = HDC_SHACL_PROFILE_HEALTHDCAT_AP_CORE;
  c.want    = HDC_WEB_CHECK_JSON;
  hdc_buf_printf(&base,
                 "%s/api/v1/datasets/%s",
                 hdc_web_app_base_url(req->ctx->app),
                 w->name);
  if (hdc_buf_status(&base)) {
    refuse(w, resp, 503, "out of memory");
    goto done;
  }
  st = check_locked(
    req, req->body, req->body_len, fmt, base.ptr, &c, &g, &rep, &err);
  if (st == HDC_ERR_UNSUPPORTED) {
    refuse(w, resp, 503, "%s", err.message);
    st = HDC_OK;
    goto done;
  }
  if (st) {
    hdc_log(HDC_LOG_ERROR, "publish: %s", err.message);
    refuse(w, resp, 503, "the record could not be checked");
    st = HDC_OK;
    goto done;
  }
  if (c.parse_status) {
    char where[1200];
    hdc_error_format(&c.parse_error, where, sizeof where);
    refuse(w,
           resp,
           c.parse_status == HDC_ERR_LIMIT ? 413 : 400,
           "the body is not valid %s: %s",
           hdc_format_name(fmt),
           where);
    goto done;
  }
  if (c.n_datasets != 1) {
    if (c.n_datasets)
      refuse(w,
             resp,
             422,
             "the body describes %zu datasets: PUT one dataset per record",
             c.n_datasets);
    else
      refuse(w,
             resp,
             422,
             "the body describes no dcat:Dataset: describe exactly one");
    goto done;
  }
  if ((st = hdc_graph_datasets(g, &ds, &n)) || n != 1) {
    refuse(w, resp, 503, "out of memory");
    st = HDC_OK;
    goto done;
  }
  if (!hdc_term_is_iri(ds[0])) {
    refuse(w,
           resp,
           422,
           "the dataset must be named by an IRI (in Turtle, <> names the"
           " address this request was sent to)");
    goto done;
  }
  const char *named = NULL;
  switch (publisher_match(g, ds[0], w->publisher, &named)) {
    case 0:
      refuse(w,
             resp,
             422,
             "the dataset must name its publisher: dct:publisher"
             " <%s>",
             w->publisher);
      goto done;
    case 2:
      refuse(w,
             resp,
             403,
             "this token publishes for <%s> only; the record names <%s> as its"
             " publisher",
             w->publisher,
             named ? named : "several publishers");
      goto done;
    default: break;
  }
  if (!c.conforms) {
    refuse(w,
           resp,
           422,
           "the record does not conform to HealthDCAT-AP (profile %s): %zu"
           " violation(s); see the report",
           profile_label(c.profile),
           c.violations);
    attach_report(resp, &c.json);
    goto done;
  }
  hdc_store_push        p = { .name      = w->name,
                              .publisher = w->publisher,
                              .token_id  = w->token_id,
                              .remote    = req->remote,
                              .profile   = g_svc.profiles[c.profile] };
  hdc_store_push_result res;
  st = hdc_store_push_put(req->ctx->store, &p, g, &res, &err);
  if (st == HDC_FAILURE) {
    st = HDC_OK;
    switch (res.refusal) {
      case HDC_STORE_PUSH_NOT_OWNER:
        refuse(w,
               resp,
               403,
               "the record '%s' belongs to another publisher",
               w->name);
        break;
      case HDC_STORE_PUSH_NAME_BOUND:
        refuse(w,
               resp,
               409,
               "the record '%s' is the dataset <%s>: PUT that dataset, or"
               " DELETE this record and choose another name",
               w->name,
               res.iri);
        break;
      case HDC_STORE_PUSH_IRI_BOUND:
        refuse(w,
               resp,
               409,
               "you published this dataset under another name: PUT it there");
        break;
      case HDC_STORE_PUSH_INVALID:
        refuse(w, resp, 422, "the record does not conform to HealthDCAT-AP");
        attach_report(resp, &c.json);
        break;
      default:
        refuse(w, resp, 422, "the body must describe one dataset of yours");
        break;
    }
    goto done;
  }
  if (st) {
    hdc_log(HDC_LOG_ERROR, "publish %s: %s", w->name, err.message);
    refuse(w, resp, 503, "the record could not be stored");
    st = HDC_OK;
    goto done;
  }
  static const char *const kinds[] = { "added", "updated", "unchanged" };
  resp->status                     = res.status;
  resp->content_type               = "application/json; charset=utf-8";
  hdc_buf_reset(&resp->body);
  hdc_buf *b = &resp->body;
  hdc_buf_puts(b, "{");
  json_kv_str(b, "id", w->name, false);
  hdc_buf_printf(b, ", \"record\": %" PRId64, res.record_id);
  json_kv_str(b, "iri", res.iri, true);
  json_kv_str(b, "result", kinds[res.kind], true);
  json_kv_str(b, "hash", res.hash_after, true);
  json_kv_str(b, "previous_hash", res.hash_before, true);
  hdc_buf_printf(b, ", \"warnings\": %zu", c.warnings);
  hdc_buf_printf(&out,
                 "%s/dataset/%" PRId64,
                 hdc_web_app_base_url(req->ctx->app),
                 res.record_id);
  json_kv_str(b, "page", out.ptr ? out.ptr : "", true);
  hdc_buf_puts(b, "}\n");
  hdc_buf_reset(&out);
  hdc_buf_printf(&out,
                 "%s/api/v1/datasets/%s",
                 hdc_web_app_base_url(req->ctx->app),
                 w->name);
  if (res.kind == HDC_STORE_ADDED && out.ptr)
    hdc_web_resp_header(req, resp, "Location", out.ptr);
done:
  hdc_free(ds);
  hdc_shacl_report_free(rep);
  hdc_graph_free(g);
  hdc_web_check_clear(&c);
  hdc_buf_clear(&base);
  hdc_buf_clear(&out);
  return st;
}

/* The RDF syntax of the request's Content-Type: Turtle, RDF/XML,
 * N-Triples or JSON-LD; UNKNOWN for anything else. */
static hdc_format
body_format(hdc_web_req *req)
{
  const char *ct = hdc_web_req_header(req, "Content-Type");
  hdc_format  f =
    ct ? hdc_format_from_media_type(hdc_str_from(ct)) : HDC_FORMAT_UNKNOWN;
  switch (f) {
    case HDC_FORMAT_TURTLE:
    case HDC_FORMAT_RDFXML:
    case HDC_FORMAT_NTRIPLES:
    case HDC_FORMAT_JSONLD: return f;
    default: return HDC_FORMAT_UNKNOWN;
  }
}

hdc_status
hdc_web_publish_put(hdc_web_req *req, hdc_web_resp *resp)
{
  write_ctx  w  = { .req       = req,
                    .action    = "put",
                    .name      = req->n_captures ? req->captures[0] : "",
                    .publisher = "" };
  hdc_status st = HDC_OK;
  if (!name_ok(&w, resp) || !authenticate(&w, resp) || !within_rate(&w, resp) ||
      !owner_ok(&w, resp))
    return HDC_OK;
  hdc_format fmt = body_format(req);
  if (fmt == HDC_FORMAT_UNKNOWN)
    return refuse(&w,
                  resp,
                  415,
                  "send the record as text/turtle, application/rdf+xml,"
                  " application/n-triples or application/ld+json");
  const hdc_web_config *cfg = hdc_web_app_config(req->ctx->app);
  uint64_t              max =
    hdc_limits_get(cfg ? cfg->limits : NULL, HDC_LIMIT_REQUEST_BODY);
  if (req->body_len > max)
    return refuse(
      &w, resp, 413, "the body is larger than %" PRIu64 " bytes", max);
  if (!req->body_len)
    return refuse(&w, resp, 400, "the body is empty: send the record");
  pthread_mutex_lock(&g_lock);
  st = put_locked(&w, resp, fmt);
  svc_trim();
  pthread_mutex_unlock(&g_lock);
  return st;
}

/* ------------------------------------------------------------------------ */
/* DELETE /api/v1/datasets/{id}                                             */

hdc_status
hdc_web_publish_delete(hdc_web_req *req, hdc_web_resp *resp)
{
  write_ctx             w = { .req    = req,
                              .action = "delete",
                              .name   = req->n_captures ? req->captures[0] : "",
                              .publisher = "" };
  hdc_store_push        p;
  hdc_store_push_result res;
  hdc_error             err;
  if (!name_ok(&w, resp) || !authenticate(&w, resp) || !within_rate(&w, resp))
    return HDC_OK;
  hdc_error_clear(&err);
  memset(&p, 0, sizeof p);
  p.name        = w.name;
  p.publisher   = w.publisher;
  p.token_id    = w.token_id;
  p.remote      = req->remote;
  hdc_status st = hdc_store_push_withdraw(req->ctx->store, &p, &res, &err);
  if (st == HDC_FAILURE)
    return res.refusal == HDC_STORE_PUSH_NOT_OWNER
             ? refuse(&w,
                      resp,
                      403,
                      "the record '%s' belongs to another publisher",
                      w.name)
             : refuse(&w, resp, 404, "no record named '%s'", w.name);
  if (st) {
    hdc_log(HDC_LOG_ERROR, "withdraw %s: %s", w.name, err.message);
    return refuse(&w, resp, 503, "the record could not be withdrawn");
  }
  resp->status       = 200;
  resp->content_type = "application/json; charset=utf-8";
  hdc_buf_reset(&resp->body);
  hdc_buf *b = &resp->body;
  hdc_buf_puts(b, "{");
  json_kv_str(b, "id", w.name, false);
  hdc_buf_printf(b, ", \"record\": %" PRId64, res.record_id);
  json_kv_str(b, "iri", res.iri, true);
  json_kv_str(b,
              "result",
              res.kind == HDC_STORE_UPDATED ? "withdrawn" : "unchanged",
              true);
  json_kv_str(b, "previous_hash", res.hash_before, true);
  hdc_buf_puts(b, "}\n");
  return HDC_OK;
}

/* ------------------------------------------------------------------------ */
/* POST /api/v1/validate                                                    */

hdc_status
hdc_web_publish_validate(hdc_web_req *req, hdc_web_resp *resp)
{
  static const char *const offered[] = { "application/json",
                                         "text/turtle",
                                         "application/n-triples",
                                         "application/ld+json",
                                         "application/rdf+xml",
                                         "text/plain",
                                         NULL };
  hdc_web_check            c;
  hdc_error                err;
  unsigned                 retry = 1;
  hdc_status               st    = HDC_OK;
  memset(&c, 0, sizeof c);
  hdc_error_clear(&err);
  if (!hdc_web_publish_validate_allowed(req, &retry)) {
    char after[16];
    snprintf(after, sizeof after, "%u", retry);
    hdc_web_resp_json_error(resp,
                            429,
                            "too_many_requests",
                            "too many validations from your address: retry"
                            " in %u s",
                            retry);
    hdc_web_resp_header(req, resp, "Retry-After", after);
    return HDC_OK;
  }
  const char *want = hdc_web_req_negotiate(req, offered);
  if (!want) {
    hdc_web_resp_json_error(resp,
                            406,
                            "not_acceptable",
                            "the report is given as application/json,"
                            " text/turtle, application/n-triples,"
                            " application/ld+json, application/rdf+xml or"
                            " text/plain");
    return HDC_OK;
  }
  const char *pname = hdc_web_req_param(req, "profile");
  c.profile         = HDC_SHACL_PROFILE_HEALTHDCAT_AP_CORE;
  if (pname && hdc_shacl_profile_from_name(pname, &c.profile, NULL)) {
    hdc_web_resp_json_error(resp,
                            400,
                            "bad_request",
                            "unknown profile '%s': healthdcat-ap-core,"
                            " healthdcat-ap or dcat-ap-3",
                            pname);
    return HDC_OK;
  }
  const char *ct  = hdc_web_req_header(req, "Content-Type");
  hdc_format  fmt = body_format(req);
  if (fmt == HDC_FORMAT_UNKNOWN && ct &&
      hdc_format_from_media_type(hdc_str_from(ct)) == HDC_FORMAT_UNKNOWN &&
      strncasecmp(ct, "text/plain", 10) != 0 &&
      strncasecmp(ct, "application/octet-stream", 24) != 0) {
    hdc_web_resp_json_error(resp,
                            415,
                            "unsupported_media_type",
                            "send the description as text/turtle,"
                            " application/rdf+xml, application/n-triples or"
                            " application/ld+json");
    return HDC_OK;
  }
  if (!req->body_len) {
    hdc_web_resp_json_error(
      resp, 400, "bad_request", "the body is empty: send the description");
    return HDC_OK;
  }
  if (fmt == HDC_FORMAT_UNKNOWN &&
      (fmt = hdc_format_sniff(req->body, req->body_len)) ==
        HDC_FORMAT_UNKNOWN) {
    hdc_web_resp_json_error(resp,
                            415,
                            "unsupported_media_type",
                            "the body's syntax could not be recognised: give"
                            " its media type in Content-Type");
    return HDC_OK;
  }
  hdc_format rdf = hdc_format_from_media_type(hdc_str_from(want));
  if (!strcmp(want, "application/json"))
    c.want = HDC_WEB_CHECK_JSON;
  else if (!strcmp(want, "text/plain"))
    c.want = HDC_WEB_CHECK_TEXT;
  else {
    c.want       = HDC_WEB_CHECK_RDF;
    c.rdf_format = rdf;
  }
  if ((st =
         hdc_web_publish_check(req, req->body, req->body_len, fmt, &c, &err))) {
    if (st == HDC_ERR_UNSUPPORTED) {
      hdc_web_resp_json_error(resp, 503, "unavailable", "%s", err.message);
      st = HDC_OK;
    }
    goto done;
  }
  if (c.parse_status) {
    char where[1200];
    hdc_error_format(&c.parse_error, where, sizeof where);
    hdc_web_resp_json_error(resp,
                            c.parse_status == HDC_ERR_LIMIT ? 413 : 400,
                            c.parse_status == HDC_ERR_LIMIT ? "too_large"
                                                            : "bad_request",
                            "the description is not valid %s: %s",
                            hdc_format_name(fmt),
                            where);
    goto done;
  }
  resp->status = 200;
  hdc_buf_reset(&resp->body);
  hdc_web_resp_header(req, resp, "Vary", "Accept");
  if (c.want == HDC_WEB_CHECK_JSON) {
    resp->content_type = "application/json; charset=utf-8";
    hdc_buf_append(
      &resp->body, c.json.ptr ? c.json.ptr : "{}", c.json.ptr ? c.json.len : 2);
  } else if (c.want == HDC_WEB_CHECK_TEXT) {
    resp->content_type = "text/plain; charset=utf-8";
    if (c.text.len)
      hdc_buf_append(&resp->body, c.text.ptr, c.text.len);
    else
      hdc_buf_puts(&resp->body,
                   strcmp(req->lang, "en") ? "La description est conforme.\n"
                                           : "The description conforms.\n");
  } else {
    resp->content_type = want;
    if (c.rdf.len)
      hdc_buf_append(&resp->body, c.rdf.ptr, c.rdf.len);
  }
done:
  hdc_web_check_clear(&c);
  return st;
}
