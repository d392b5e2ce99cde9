// SPDX-License-Identifier: EUPL-1.2
/*
 * The routes table: every URL the service answers, in the order they are
 * tried, each with the handler that answers it (see web_internal.h).
 */
#include "web_internal.h"

const hdc_web_route hdc_web_routes[] = {
  {NULL, NULL, NULL},
};
