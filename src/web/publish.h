// SPDX-License-Identifier: EUPL-1.2
/*
 * Inside the web module, publishing for data holders: the publishing API
 * (PUT/DELETE /api/v1/datasets/{id}), the public validator
 * (POST /api/v1/validate and the /validate page), the data holder's page
 * (/publisher/{id}), and the per-key rate limiter they share.
 *
 * Checking a document needs the HealthDCAT-AP profile and an RDF world to
 * parse into. Both are loaded once per process, on first need, and shared
 * by every worker thread under one lock, because interning terms in a
 * world is not thread-safe: a write or a validation holds the lock from
 * parsing to the last use of the report. The world only grows as documents
 * are parsed, so it is rebuilt (with the profile) once it has grown by
 * more than a bound, between two requests.
 */
#ifndef HDC_WEB_PUBLISH_H
#define HDC_WEB_PUBLISH_H

#include "web_internal.h"

#include "hdcat/rdf.h"
#include "hdcat/shacl.h"

#include <stdbool.h>
#include <stddef.h>

/* ------------------------------------------------------------------------ */
/* Rate limiting (ratelimit.c)                                              */

/**
 * Token buckets by key (a token id, a client address): each key may spend
 * @c burst requests at once and gets @c per_minute back per minute. At
 * most @c max_keys keys are remembered; when the table is full the key
 * seen longest ago is forgotten (it comes back with a full bucket).
 * Thread-safe.
 */
typedef struct hdc_web_ratelimit hdc_web_ratelimit;

/** NULL on OOM. @p per_minute 0: no limit. */
hdc_web_ratelimit *hdc_web_ratelimit_new(double per_minute,
                                         double burst,
                                         size_t max_keys);
/** No-op on NULL. */
void hdc_web_ratelimit_free(hdc_web_ratelimit *rl);
/**
 * Spend one request of @p key at time @p now (seconds, monotonic). True if
 * allowed; otherwise *retry_after (may be NULL) gets the whole seconds
 * until the next request would be (at least 1). A NULL limiter allows all.
 */
bool hdc_web_ratelimit_take(hdc_web_ratelimit *rl,
                            const char        *key,
                            double             now,
                            unsigned          *retry_after);
/** The monotonic clock, in seconds. */
double hdc_web_ratelimit_now(void);

/* ------------------------------------------------------------------------ */
/* Handlers (publish.c, page_validate.c, page_publisher.c)                  */

/** PUT /api/v1/datasets/{id}: create or replace a pushed record. */
hdc_status hdc_web_publish_put(hdc_web_req *req, hdc_web_resp *resp);
/** DELETE /api/v1/datasets/{id}: withdraw a pushed record. */
hdc_status hdc_web_publish_delete(hdc_web_req *req, hdc_web_resp *resp);
/** POST /api/v1/validate: the report of an uploaded document. */
hdc_status hdc_web_publish_validate(hdc_web_req *req, hdc_web_resp *resp);
/** GET and POST /validate: the upload form and its report. */
hdc_status hdc_web_page_validate(hdc_web_req *req, hdc_web_resp *resp);
/** GET /publisher/{id}: a data holder's records and sources. */
hdc_status hdc_web_page_publisher(hdc_web_req *req, hdc_web_resp *resp);

/* ------------------------------------------------------------------------ */
/* Checking a document (publish.c)                                          */

/** One result of a check, as text for people (in the request's arena). */
typedef struct hdc_web_problem
{
  const char *severity;    /**< "violation", "warning" or "info" */
  const char *focus;       /**< The node the result is about (IRI or _:b) */
  const char *focus_class; /**< Its DCAT-AP class name ("Dataset"...), ""
                                if none is known */
  const char *path;        /**< Property IRI or SHACL path text; "" none */
  const char *path_short;  /**< "dct:title" when a usual prefix fits */
  const char *value;       /**< The offending value (N-Triples), "" none */
  const char *component;   /**< "MinCount", "Class"... */
  const char *param;       /**< The rule's parameter (N-Triples), "" none */
  const char *message;     /**< The shape's message in the page language
                                (else any), "" none */
  const char *note;        /**< The profile's note, "" none */
  const char *spec_url;    /**< The property's definition in the spec, ""
                                if not a property */
} hdc_web_problem;

/** What to produce besides the problems. */
enum
{
  HDC_WEB_CHECK_JSON = 1, /**< The report as JSON (shacl.h's form). */
  HDC_WEB_CHECK_TEXT = 2, /**< The text report in the request's language. */
  HDC_WEB_CHECK_RDF  = 4  /**< The sh:ValidationReport in @c rdf_format. */
};

typedef struct hdc_web_check
{
  /* In */
  hdc_shacl_profile_kind profile;
  unsigned               want;       /**< HDC_WEB_CHECK_* */
  hdc_format             rdf_format; /**< For HDC_WEB_CHECK_RDF. */
  /* Out */
  hdc_status parse_status; /**< Not HDC_OK: the document does not parse
                                (or breaks a limit); parse_error says
                                where, and nothing else is set. */
  hdc_error parse_error;
  size_t    n_datasets;
  bool      conforms;
  size_t    violations, warnings, infos;
  hdc_buf   json, text, rdf; /**< As asked; cleared by
                                  hdc_web_check_clear(). */
  hdc_web_problem *problems; /**< Violations first (arena). */
  size_t           n_problems;
} hdc_web_check;

/**
 * Parse [doc, doc+len) in format @p fmt (UNKNOWN: sniffed) and validate it
 * with c->profile, filling @p c. A document that does not parse is not an
 * error (c->parse_status says so); HDC_ERR_UNSUPPORTED when the service
 * has no schemas directory; HDC_ERR_NOMEM.
 */
hdc_status hdc_web_publish_check(hdc_web_req   *req,
                                 const char    *doc,
                                 size_t         len,
                                 hdc_format     fmt,
                                 hdc_web_check *c,
                                 hdc_error     *err);
/** Free the buffers of @p c. No-op on NULL. */
void hdc_web_check_clear(hdc_web_check *c);

/** The client-address limiter of the validator (API and page): false and
 *  *retry_after when @p req's address is over its rate. */
bool hdc_web_publish_validate_allowed(hdc_web_req *req, unsigned *retry_after);

#endif /* HDC_WEB_PUBLISH_H */
