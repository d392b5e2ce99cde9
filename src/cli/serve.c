// SPDX-License-Identifier: EUPL-1.2
/*
 * `hdcat serve`: the catalogue on the web (pages, JSON API, DCAT feed,
 * OAI-PMH, /healthz, /metrics) until SIGTERM or SIGINT, which stop it
 * gracefully: no new connection is accepted and the requests in flight
 * are finished. With --harvest, a background thread runs the harvests
 * that are due every few minutes, on its own catalogue connection.
 *
 * Signals are blocked before any thread starts, so every thread inherits
 * the mask and the main thread alone receives them, with sigwait().
 *
 * Exit codes: 0 after a clean stop, 2 usage error, 3 the catalogue cannot
 * be opened or the address cannot be listened on.
 */
#include "cli.h"
#include "hdcat/harvest.h"
#include "hdcat/web.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char serve_usage[] =
  "Usage: hdcat serve [--db DB] [--listen ADDR:PORT] [--base-url URL]\n"
  "                   [--assets DIR] [--schemas DIR] [--threads N]\n"
  "                   [--harvest] [--harvest-minutes N] [--quiet]\n"
  "\n"
  "Serve the catalogue over HTTP until SIGTERM or SIGINT (Ctrl-C).\n"
  "\n"
  "  --db DB            catalogue file (default: $HDCAT_DB, else hdcat.db)\n"
  "  --listen A:P       address and port (default 127.0.0.1:8080; port 0\n"
  "                     picks a free one, printed on standard output)\n"
  "  --base-url URL     public address, for links and the feed's IRIs\n"
  "                     (default: from --listen)\n"
  "  --assets DIR       static files served under /static/ (default:\n"
  "                     $HDCAT_ASSETS)\n"
  "  --schemas DIR      shipped shapes and vocabularies\n"
  "  --threads N        worker threads (default: one per core plus one,\n"
  "                     at most 8; each holds a search index)\n"
  "  --harvest          run due harvests in the background\n"
  "  --harvest-minutes N  how often to look for due harvests (default 5)\n"
  "  --quiet            no access log\n";

typedef struct harvester
{
  const char     *db;
  const char     *schemas;
  unsigned        minutes;
  volatile int    stop;
  pthread_mutex_t lock;
  pthread_cond_t  wake;
} harvester;

static void *
harvest_loop(void *arg)
{
  harvester *h = arg;
  pthread_mutex_lock(&h->lock);
  while (!h->stop) {
    pthread_mutex_unlock(&h->lock);
    hdc_harvest_opts opts;
    memset(&opts, 0, sizeof opts);
    opts.schemas_dir = h->schemas;
    opts.stop        = &h->stop;
    size_t    n_run = 0, n_failed = 0;
    hdc_error err;
    hdc_error_clear(&err);
    hdc_status st = hdc_harvest_due(h->db, &opts, &n_run, &n_failed, &err);
    if (st && !h->stop)
      hdc_log(HDC_LOG_WARN, "scheduled harvest: %s", err.message);
    else if (n_run)
      hdc_log(HDC_LOG_INFO,
              "scheduled harvest: %zu run(s), %zu failed",
              n_run,
              n_failed);
    pthread_mutex_lock(&h->lock);
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += (time_t)h->minutes * 60;
    while (!h->stop &&
           pthread_cond_timedwait(&h->wake, &h->lock, &until) != ETIMEDOUT)
      ;
  }
  pthread_mutex_unlock(&h->lock);
  return NULL;
}

static bool
parse_uint(const char *v, unsigned max, unsigned *out)
{
  char         *end = NULL;
  unsigned long n   = strtoul(v, &end, 10);
  if (!*v || *end || v[0] == '-' || n > max)
    return false;
  *out = (unsigned)n;
  return true;
}

int
hdc_cli_serve(int argc, char **argv)
{
  const char    *db = NULL, *schemas_opt = NULL;
  hdc_web_config cfg;
  hdc_web       *web = NULL;
  hdc_limits     limits;
  hdc_error      err;
  bool           harvest = false, quiet = false;
  unsigned       minutes = 5;
  harvester      h;
  bool           h_started = false;
  pthread_t      h_thread;
  char           schemas[4096];
  int            rc = HDC_EXIT_OK;
  hdc_status     st;
  memset(&cfg, 0, sizeof cfg);
  memset(&h, 0, sizeof h);
  hdc_error_clear(&err);
  cfg.assets_dir = getenv("HDCAT_ASSETS");
  for (int i = 1; i < argc; ++i) {
    const char *a   = argv[i];
    bool        val = !strcmp(a, "--db") || !strcmp(a, "--listen") ||
               !strcmp(a, "--base-url") || !strcmp(a, "--assets") ||
               !strcmp(a, "--schemas") || !strcmp(a, "--threads") ||
               !strcmp(a, "--harvest-minutes");
    if (val && i + 1 >= argc) {
      fprintf(
        stderr, "hdcat: serve: option '%s' needs a value\n%s", a, serve_usage);
      return HDC_EXIT_USAGE;
    }
    const char *v = val ? argv[++i] : NULL;
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      fputs(serve_usage, stdout);
      return HDC_EXIT_OK;
    } else if (!strcmp(a, "--db")) {
      db = v;
    } else if (!strcmp(a, "--listen")) {
      cfg.listen = v;
    } else if (!strcmp(a, "--base-url")) {
      cfg.base_url = v;
    } else if (!strcmp(a, "--assets")) {
      cfg.assets_dir = v;
    } else if (!strcmp(a, "--schemas")) {
      schemas_opt = v;
    } else if (!strcmp(a, "--threads")) {
      if (!parse_uint(v, 256, &cfg.threads)) {
        fprintf(
          stderr, "hdcat: serve: --threads needs 0 to 256, not '%s'\n", v);
        return HDC_EXIT_USAGE;
      }
    } else if (!strcmp(a, "--harvest-minutes")) {
      if (!parse_uint(v, 100000, &minutes) || minutes == 0) {
        fprintf(stderr,
                "hdcat: serve: --harvest-minutes needs a positive number, "
                "not '%s'\n",
                v);
        return HDC_EXIT_USAGE;
      }
    } else if (!strcmp(a, "--harvest")) {
      harvest = true;
    } else if (!strcmp(a, "--quiet")) {
      quiet = true;
    } else {
      fprintf(
        stderr, "hdcat: serve: unexpected argument '%s'\n%s", a, serve_usage);
      return HDC_EXIT_USAGE;
    }
  }
  hdc_limits_init(&limits);
  if (hdc_limits_from_env(&limits, &err)) {
    hdc_cli_print_error(&err);
    return HDC_EXIT_USAGE;
  }
  cfg.db_path    = hdc_cli_db_path(db);
  cfg.limits     = &limits;
  cfg.access_log = !quiet;
  if (hdc_cli_schemas_dir(schemas_opt, schemas, sizeof schemas))
    cfg.schemas_dir = schemas;
  hdc_log_set_level(HDC_LOG_INFO);

  /* Before any thread exists: only this thread takes the signals. */
  sigset_t sigs;
  sigemptyset(&sigs);
  sigaddset(&sigs, SIGINT);
  sigaddset(&sigs, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &sigs, NULL);
  signal(SIGPIPE, SIG_IGN);

  if ((st = hdc_web_new(&cfg, &web, &err)) || (st = hdc_web_start(web, &err))) {
    hdc_cli_print_error(&err);
    rc = st == HDC_ERR_INVALID_ARG ? HDC_EXIT_USAGE : HDC_EXIT_INTERNAL;
    goto done;
  }
  printf("hdcat: serving %s on port %u (Ctrl-C to stop)\n",
         cfg.db_path,
         hdc_web_port(web));
  fflush(stdout);
  if (harvest) {
    h.db      = cfg.db_path;
    h.schemas = cfg.schemas_dir;
    h.minutes = minutes;
    pthread_mutex_init(&h.lock, NULL);
    pthread_cond_init(&h.wake, NULL);
    if (pthread_create(&h_thread, NULL, harvest_loop, &h) == 0)
      h_started = true;
    else
      fputs("hdcat: serve: cannot start the harvest thread\n", stderr);
  }
  int sig = 0;
  while (sigwait(&sigs, &sig) != 0)
    ;
  hdc_log(HDC_LOG_INFO, "signal %d: stopping", sig);
done:
  if (h_started) {
    pthread_mutex_lock(&h.lock);
    h.stop = 1;
    pthread_cond_signal(&h.wake);
    pthread_mutex_unlock(&h.lock);
    pthread_join(h_thread, NULL);
    pthread_cond_destroy(&h.wake);
    pthread_mutex_destroy(&h.lock);
  }
  hdc_web_stop(web);
  hdc_web_free(web);
  return rc;
}
