// SPDX-License-Identifier: EUPL-1.2
/*
 * hdc-harvest-serve: a small HTTP server for the harvest system tests. It
 * serves the files of one folder on 127.0.0.1 (port chosen by the system,
 * printed on the first line of standard output) with the Content-Type of
 * their extension and an ETag (a 304 to a matching If-None-Match), until
 * it gets SIGTERM or SIGINT.
 *
 *   hdc-harvest-serve DIR [--delay-ms N]
 *
 * --delay-ms makes every response wait N ms: a slow source, so that a test
 * can kill a harvest while it is running.
 */
#include "hdcat/core.h"

#include <microhttpd.h>

#include <pthread.h>

#include <arpa/inet.h>
#include <signal.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static const char *root;
static long        delay_ms;

static const char *
media_type(const char *path)
{
  static const char *const map[][2] = {
    { ".ttl", "text/turtle" },
    { ".rdf", "application/rdf+xml" },
    { ".xml", "application/rdf+xml" },
    { ".nt", "application/n-triples" },
    { ".trig", "application/trig" },
    { ".nq", "application/n-quads" },
    { ".jsonld", "application/ld+json" },
    { ".html", "text/html" },
  };
  const char *dot = strrchr(path, '.');
  for (size_t i = 0; dot && i < sizeof map / sizeof map[0]; ++i)
    if (!strcmp(dot, map[i][0]))
      return map[i][1];
  return "application/octet-stream";
}

static enum MHD_Result
reply(struct MHD_Connection *c, unsigned status, const char *body)
{
  struct MHD_Response *r = MHD_create_response_from_buffer(
    strlen(body), (void *)(uintptr_t)body, MHD_RESPMEM_MUST_COPY);
  if (!r)
    return MHD_NO;
  MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "text/plain");
  enum MHD_Result ret = MHD_queue_response(c, status, r);
  MHD_destroy_response(r);
  return ret;
}

static enum MHD_Result
handle(void                  *cls,
       struct MHD_Connection *c,
       const char            *url,
       const char            *method,
       const char            *version,
       const char            *upload,
       size_t                *upload_len,
       void                 **con_cls)
{
  (void)cls, (void)version, (void)upload, (void)upload_len, (void)con_cls;
  char  path[4096];
  FILE *f    = NULL;
  char *body = NULL;
  if (strcmp(method, "GET"))
    return reply(c, 405, "GET only\n");
  if (strstr(url, "..") ||
      snprintf(path, sizeof path, "%s%s", root, url) >= (int)sizeof path)
    return reply(c, 404, "not found\n");
  if (delay_ms) {
    struct timespec ts = { delay_ms / 1000, (delay_ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
  }
  if (!(f = fopen(path, "rb")))
    return reply(c, 404, "not found\n");
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  if (n < 0 || !(body = malloc((size_t)n + 1)) ||
      fread(body, 1, (size_t)n, f) != (size_t)n) {
    fclose(f);
    free(body);
    return reply(c, 500, "cannot read\n");
  }
  fclose(f);
  char etag[40];
  snprintf(etag,
           sizeof etag,
           "\"%016llx\"",
           (unsigned long long)hdc_hash64(body, (size_t)n, 0));
  const char *inm =
    MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-None-Match");
  bool                 same = inm && !strcmp(inm, etag);
  struct MHD_Response *r    = MHD_create_response_from_buffer(
    same ? 0 : (size_t)n, body, MHD_RESPMEM_MUST_FREE);
  if (!r) {
    free(body);
    return MHD_NO;
  }
  MHD_add_response_header(r, "ETag", etag);
  if (!same)
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, media_type(path));
  enum MHD_Result ret = MHD_queue_response(c, same ? 304 : 200, r);
  MHD_destroy_response(r);
  return ret;
}

int
main(int argc, char **argv)
{
  struct sockaddr_in sin;
  if (argc < 2) {
    fputs("usage: hdc-harvest-serve DIR [--delay-ms N]\n", stderr);
    return 2;
  }
  root = argv[1];
  for (int i = 2; i + 1 < argc; i += 2)
    if (!strcmp(argv[i], "--delay-ms"))
      delay_ms = atol(argv[i + 1]);
  /* The server threads inherit this mask: only main takes the signals. */
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGTERM);
  sigaddset(&stop, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop, NULL);
  memset(&sin, 0, sizeof sin);
  sin.sin_family       = AF_INET;
  sin.sin_addr.s_addr  = htonl(INADDR_LOOPBACK);
  struct MHD_Daemon *d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD |
                                            MHD_USE_THREAD_PER_CONNECTION,
                                          0,
                                          NULL,
                                          NULL,
                                          handle,
                                          NULL,
                                          MHD_OPTION_SOCK_ADDR,
                                          (struct sockaddr *)&sin,
                                          MHD_OPTION_END);
  if (!d) {
    fputs("hdc-harvest-serve: cannot start the server\n", stderr);
    return 3;
  }
  const union MHD_DaemonInfo *info =
    MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
  printf("%u\n", info ? (unsigned)info->port : 0u);
  fflush(stdout);
  int sig = 0;
  sigwait(&stop, &sig);
  MHD_stop_daemon(d);
  return 0;
}
