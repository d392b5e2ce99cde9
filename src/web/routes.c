// SPDX-License-Identifier: EUPL-1.2
/*
 * The routes table: every URL the service answers, in the order they are
 * tried, each with the handler that answers it (see web_internal.h). A
 * path that matches no pattern is answered 404; a path that matches only
 * under other methods, 405 with Allow. Keep one group per part of the
 * service, one line per route.
 */
#include "web_internal.h"
#include "publish.h"

const hdc_web_route hdc_web_routes[] = {
  /* Operations */
  {"GET", "/healthz", hdc_web_handle_healthz},
  {"GET", "/metrics", hdc_web_handle_metrics},

  /* Machines: JSON API and dataset RDF (the page for people included) */
  {"GET", "/api/v1/search", hdc_web_api_search},
  {"GET", "/api/v1/datasets/{id}", hdc_web_api_dataset},
  {"GET", "/api/v1/openapi.json", hdc_web_api_openapi},
  {"GET", "/dataset/{id}", hdc_web_page_dataset},

  /* Machines: the DCAT feed */
  {"GET", "/catalog", hdc_web_handle_catalog},
  {"GET", "/catalog.ttl", hdc_web_handle_catalog},
  {"GET", "/catalog.rdf", hdc_web_handle_catalog},
  {"GET", "/catalog.jsonld", hdc_web_handle_catalog},
  {"GET", "/catalog.nt", hdc_web_handle_catalog},
  {"GET", "/oai", hdc_web_handle_oai},
  {"POST", "/oai", hdc_web_handle_oai},

  /* Publishing for data holders (publish.c) */
  {"PUT", "/api/v1/datasets/{id}", hdc_web_publish_put},
  {"DELETE", "/api/v1/datasets/{id}", hdc_web_publish_delete},
  {"POST", "/api/v1/validate", hdc_web_publish_validate},
  {"GET", "/validate", hdc_web_page_validate},
  {"POST", "/validate", hdc_web_page_validate},
  {"GET", "/publisher/{id}", hdc_web_page_publisher},

  /* Pages for people */
  {"GET", "/", hdc_web_page_home},
  {"GET", "/search", hdc_web_page_search},
  {"GET", "/static/{a}", hdc_web_static},
  {"GET", "/static/{a}/{b}", hdc_web_static},
  {"GET", "/static/{a}/{b}/{c}", hdc_web_static},
  {"GET", "/static/{a}/{b}/{c}/{d}", hdc_web_static},
  {"GET", "/sources", hdc_web_page_sources},
  {"GET", "/sources/{name}", hdc_web_page_source},

  {NULL, NULL, NULL},
};
