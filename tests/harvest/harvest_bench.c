// SPDX-License-Identifier: EUPL-1.2
/*
 * hdc-harvest-bench: the harvest performance case. The bench's synthetic
 * catalogue (tests/bench/bench_gen.h, fixed seed) is cut into Hydra pages
 * of --per-page datasets (each page repeats the agents and vocabulary
 * declarations, as real paged feeds do, and links the next page by
 * hydra:next), served by a libmicrohttpd server in this process (files on
 * disk, ETag from size and time, 304), and harvested twice into a fresh
 * catalogue:
 *
 *   1. first harvest: every page fetched, parsed, validated, stored;
 *   2. second harvest, nothing changed: every page answers 304.
 *
 * For each: wall time, user CPU time, and the process's peak RSS so far
 * (server included). The program checks its own results (run 1 added one
 * record per dataset, run 2 found them all unchanged with every page
 * skipped) and exits 1 when they disagree; it never judges timings.
 *
 *   hdc-harvest-bench [--size N] [--per-page N] [--workdir DIR]
 *                     [--schemas DIR] [--no-validate] [--keep]
 */
#include "bench_gen.h"
#include "hdcat/harvest.h"
#include "hdcat/store.h"

#include <microhttpd.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#define DATASET_LINE "<https://catalogue.sante.example/dataset/"
#define CATALOG_LINE "<https://catalogue.sante.example/catalogue>"

static char root[1024];

/* ------------------------------------------------------------------------ */
/* Pages                                                                    */

/* Cut the generated catalogue @p src into pages DIR/page-K.ttl of
 * @p per_page datasets. Returns the number of pages, 0 on error. */
static size_t
cut_pages(const char *src, const char *dir, size_t per_page)
{
  FILE   *in   = fopen(src, "rb");
  FILE   *out  = NULL;
  char   *line = NULL;
  size_t  cap = 0, pages = 0, in_page = 0;
  hdc_buf head       = HDC_BUF_INIT;
  bool    in_catalog = false, in_head = true;
  char    path[1200];
  if (!in)
    return 0;
  for (ssize_t n; (n = getline(&line, &cap, in)) > 0;) {
    /* A dataset block starts a line with its IRI; the blocks of its
     * distributions (IRIs below the dataset's) stay with it. */
    bool ds = !strncmp(line, DATASET_LINE, sizeof DATASET_LINE - 1) &&
              !strchr(line + sizeof DATASET_LINE - 1, '/');
    if (in_head && !ds) {
      /* The catalogue node lists every dataset: not repeated per page. */
      if (!strncmp(line, CATALOG_LINE, sizeof CATALOG_LINE - 1))
        in_catalog = true;
      if (!in_catalog)
        hdc_buf_append(&head, line, (size_t)n);
      if (in_catalog && line[0] == '\n')
        in_catalog = false;
      continue;
    }
    if (ds) {
      in_head = false;
      if (!out || in_page == per_page) {
        if (out) {
          fclose(out);
          out = NULL;
        }
        pages++;
        in_page = 0;
        snprintf(path, sizeof path, "%s/page-%zu.ttl", dir, pages);
        if (!(out = fopen(path, "wb")))
          break;
        fwrite(head.ptr, 1, head.len, out);
        fprintf(out,
                "<page-%zu.ttl> a <http://www.w3.org/ns/hydra/core#"
                "PartialCollectionView> ;\n  <http://www.w3.org/ns/hydra/"
                "core#next> <page-%zu.ttl> .\n\n",
                pages,
                pages + 1);
      }
      in_page++;
    }
    if (out)
      fwrite(line, 1, (size_t)n, out);
  }
  if (out)
    fclose(out);
  free(line);
  fclose(in);
  hdc_buf_clear(&head);
  /* The last page must not link a page that does not exist: rewrite its
   * link to itself is wrong (a loop); drop it instead. */
  if (pages) {
    snprintf(path, sizeof path, "%s/page-%zu.ttl", dir, pages);
    FILE *f = fopen(path, "r+b");
    if (f) {
      char  *buf = NULL;
      size_t len = 0;
      fseek(f, 0, SEEK_END);
      len = (size_t)ftell(f);
      fseek(f, 0, SEEK_SET);
      buf = malloc(len + 1);
      if (buf && fread(buf, 1, len, f) == len) {
        buf[len]  = '\0';
        char *lnk = strstr(buf, " ;\n  <http://www.w3.org/ns/hydra/core#next>");
        if (lnk) {
          char *end = strstr(lnk, " .\n");
          memmove(lnk, end, strlen(end) + 1);
          fclose(f);
          f = fopen(path, "wb");
          if (f)
            fwrite(buf, 1, strlen(buf), f);
        }
      }
      free(buf);
      if (f)
        fclose(f);
    }
  }
  return pages;
}

/* ------------------------------------------------------------------------ */
/* Server                                                                   */

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
  (void)cls, (void)method, (void)version, (void)upload, (void)upload_len;
  (void)con_cls;
  char  path[1200];
  FILE *f;
  snprintf(path, sizeof path, "%s%s", root, url);
  if (strstr(url, "..") || !(f = fopen(path, "rb"))) {
    struct MHD_Response *r =
      MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    enum MHD_Result ret = MHD_queue_response(c, 404, r);
    MHD_destroy_response(r);
    return ret;
  }
  /* The ETag from the file's size and modification time, as web servers
   * make it: a 304 costs the server no read, so the second case measures
   * the harvester. */
  struct stat sb;
  char        etag[64];
  if (fstat(fileno(f), &sb)) {
    fclose(f);
    return MHD_NO;
  }
  snprintf(etag,
           sizeof etag,
           "\"%llx-%llx.%09ld\"",
           (unsigned long long)sb.st_size,
           (unsigned long long)sb.st_mtim.tv_sec,
           (long)sb.st_mtim.tv_nsec);
  const char *inm =
    MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-None-Match");
  bool   same = inm && !strcmp(inm, etag);
  size_t n    = same ? 0 : (size_t)sb.st_size;
  char  *body = malloc(n ? n : 1);
  if (!body || fread(body, 1, n, f) != n) {
    free(body);
    fclose(f);
    return MHD_NO;
  }
  fclose(f);
  struct MHD_Response *r =
    MHD_create_response_from_buffer(n, body, MHD_RESPMEM_MUST_FREE);
  MHD_add_response_header(r, "ETag", etag);
  if (!same)
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "text/turtle");
  enum MHD_Result ret = MHD_queue_response(c, same ? 304 : 200, r);
  MHD_destroy_response(r);
  return ret;
}

/* ------------------------------------------------------------------------ */
/* Measures                                                                 */

typedef struct clock_mark
{
  double wall, user, sys;
} clock_mark;

static clock_mark
mark(void)
{
  struct timeval tv;
  struct rusage  ru;
  gettimeofday(&tv, NULL);
  getrusage(RUSAGE_SELF, &ru);
  return (clock_mark){
    (double)tv.tv_sec + (double)tv.tv_usec / 1e6,
    (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6,
    (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6
  };
}

static void
verbose(void *ctx, hdc_log_level level, const char *source, const char *msg)
{
  (void)ctx, (void)level;
  fprintf(stderr, "%s: %s\n", source, msg);
}

static double
peak_mb(void)
{
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return (double)ru.ru_maxrss / 1024.0;
}

int
main(int argc, char **argv)
{
  uint64_t    size = 10000, per_page = 100;
  const char *workdir  = "hdc-harvest-bench-work";
  const char *schemas  = HDC_BENCH_SCHEMAS_DIR;
  bool        validate = true, keep = false;
  int         rc = 1;
  for (int i = 1; i < argc; ++i) {
    if (!strcmp(argv[i], "--size") && i + 1 < argc)
      size = strtoull(argv[++i], NULL, 10);
    else if (!strcmp(argv[i], "--per-page") && i + 1 < argc)
      per_page = strtoull(argv[++i], NULL, 10);
    else if (!strcmp(argv[i], "--workdir") && i + 1 < argc)
      workdir = argv[++i];
    else if (!strcmp(argv[i], "--schemas") && i + 1 < argc)
      schemas = argv[++i];
    else if (!strcmp(argv[i], "--no-validate"))
      validate = false;
    else if (!strcmp(argv[i], "--keep"))
      keep = true;
    else {
      fputs("usage: hdc-harvest-bench [--size N] [--per-page N]"
            " [--workdir DIR] [--schemas DIR] [--no-validate] [--keep]\n",
            stderr);
      return 2;
    }
  }
  if (!size || !per_page)
    return 2;
  char gen[1100], db[1100], cmd[2300];
  snprintf(root, sizeof root, "%s/pages", workdir);
  snprintf(gen, sizeof gen, "%s/catalogue.ttl", workdir);
  snprintf(db, sizeof db, "%s/harvest.db", workdir);
  mkdir(workdir, 0755);
  mkdir(root, 0755);
  unlink(db);

  hdc_error err;
  hdc_error_clear(&err);
  /* Generate and cut in a child process: the peak RSS reported is then
   * the harvest's (and the server's), not the generator's. */
  int   fds[2];
  pid_t pid;
  if (pipe(fds) || (pid = fork()) < 0) {
    perror("hdc-harvest-bench");
    return 1;
  }
  if (pid == 0) {
    hdc_bench_gen_stats gs;
    close(fds[0]);
    if (hdc_bench_gen_write(gen, size, HDC_BENCH_SEED, &gs, &err)) {
      fprintf(stderr, "hdc-harvest-bench: %s\n", err.message);
      _exit(1);
    }
    size_t n = cut_pages(gen, root, (size_t)per_page);
    unlink(gen);
    uint64_t msg[2] = { gs.triples, n };
    _exit(write(fds[1], msg, sizeof msg) == (ssize_t)sizeof msg ? 0 : 1);
  }
  close(fds[1]);
  uint64_t msg[2] = { 0, 0 };
  int      wst    = 0;
  ssize_t  got    = read(fds[0], msg, sizeof msg);
  close(fds[0]);
  waitpid(pid, &wst, 0);
  if (got != (ssize_t)sizeof msg || !WIFEXITED(wst) || WEXITSTATUS(wst)) {
    fputs("hdc-harvest-bench: generating the pages failed\n", stderr);
    return 1;
  }
  size_t pages = (size_t)msg[1];
  printf("catalogue: %llu datasets, %llu triples, %zu pages of %llu\n",
         (unsigned long long)size,
         (unsigned long long)msg[0],
         pages,
         (unsigned long long)per_page);

  struct sockaddr_in sin;
  memset(&sin, 0, sizeof sin);
  sin.sin_family       = AF_INET;
  sin.sin_addr.s_addr  = htonl(INADDR_LOOPBACK);
  struct MHD_Daemon *d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD,
                                          0,
                                          NULL,
                                          NULL,
                                          handle,
                                          NULL,
                                          MHD_OPTION_SOCK_ADDR,
                                          (struct sockaddr *)&sin,
                                          MHD_OPTION_END);
  if (!d) {
    fputs("hdc-harvest-bench: cannot start the server\n", stderr);
    return 1;
  }
  unsigned port = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT)->port;
  char     url[128];
  snprintf(url, sizeof url, "http://127.0.0.1:%u/page-1.ttl", port);
  unsetenv("http_proxy");
  unsetenv("HTTP_PROXY");

  hdc_store         *s = NULL;
  hdc_limits         limits;
  hdc_harvest_opts   o;
  hdc_harvest_result r1, r2;
  hdc_limits_init(&limits);
  /* The page count is the point of the case. */
  hdc_limits_set(&limits, "pages", pages + 10, NULL);
  memset(&o, 0, sizeof o);
  o.limits        = &limits;
  o.page_delay_ms = -1;
  o.schemas_dir   = validate ? schemas : NULL;
  o.no_validate   = !validate;
  if (getenv("HDC_BENCH_VERBOSE"))
    o.log = verbose;
  printf("before the harvest: peak RSS %.0f MB\n", peak_mb());
  hdc_log_set_level(HDC_LOG_ERROR);
  if (hdc_store_open(db, NULL, &s, &err) ||
      hdc_store_source_add(s, "bench", url, NULL, NULL, NULL, &err)) {
    fprintf(stderr, "hdc-harvest-bench: %s\n", err.message);
    goto done;
  }
  clock_mark a = mark();
  if (hdc_harvest_source(s, "bench", &o, &r1, &err)) {
    fprintf(stderr, "hdc-harvest-bench: first harvest: %s\n", err.message);
    goto done;
  }
  clock_mark b = mark();
  printf(
    "1 first harvest:     %8.2f s wall %8.2f s user %6.2f s sys  %zu pages,"
    " %zu added,"
    " %zu invalid  peak RSS %.0f MB\n",
    b.wall - a.wall,
    b.user - a.user,
    b.sys - a.sys,
    r1.pages,
    r1.added,
    r1.invalid,
    peak_mb());
  fflush(stdout);
  if (hdc_harvest_source(s, "bench", &o, &r2, &err)) {
    fprintf(stderr, "hdc-harvest-bench: second harvest: %s\n", err.message);
    goto done;
  }
  clock_mark c = mark();
  printf(
    "2 unchanged harvest: %8.2f s wall %8.2f s user %6.2f s sys  %zu pages (%zu"
    " unchanged), %zu unchanged records  peak RSS %.0f MB\n",
    c.wall - b.wall,
    c.user - b.user,
    c.sys - b.sys,
    r2.pages,
    r2.pages_unchanged,
    r2.unchanged,
    peak_mb());
  rc = 0;
  if (r1.added != size || r1.pages != pages) {
    fprintf(stderr,
            "FAIL: first harvest: %zu added of %llu, %zu pages of"
            " %zu\n",
            r1.added,
            (unsigned long long)size,
            r1.pages,
            pages);
    rc = 1;
  }
  if (r2.unchanged != size || r2.pages_unchanged != pages || r2.added ||
      r2.updated || r2.withdrawn) {
    fprintf(stderr, "FAIL: second harvest changed something\n");
    rc = 1;
  }
done:
  hdc_store_close(s);
  MHD_stop_daemon(d);
  if (!keep) {
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", workdir);
    if (system(cmd) != 0)
      fprintf(stderr, "hdc-harvest-bench: could not remove %s\n", workdir);
  }
  return rc;
}
