// SPDX-License-Identifier: EUPL-1.2
/*
 * The publishing API's authorisation matrix and hostile bodies, against a
 * live `hdcat serve` on a free loopback port, driven over plain sockets.
 *
 * Tokens are made with `hdcat token create` / `revoke` (the operator's
 * commands) in a fresh catalogue that also holds imported records. Every
 * refusal must answer its status and leave every table but the audit
 * trail exactly as it was (a dump of all tables, value by value, compared
 * before and after), with one more audit row carrying that status. An
 * accepted update must change only its own record (plus the run, the
 * index, the push tables and the token's last use). A DELETE withdraws
 * the record and keeps it. Revoking a token takes effect at once.
 *
 * Usage: hdc-publish-live HDCAT   (exit 0 pass, 1 fail, 77 skip)
 * The dump reads the catalogue with SQLite directly: a test may look under
 * the store's API, the product may not.
 */
#include "hdcat/core.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PUB "https://catalogue.sante.example/agent/gustave-roussy"
#define OTHER "https://catalogue.sante.example/agent/inserm"
#define DS "https://catalogue.sante.example/dataset/canto"

static const char *g_hdcat;
static char        g_dir[64], g_db[128];
static unsigned    g_port;
static pid_t       g_server = -1;
static int         g_failures;

#define CHECK(cond, ...)                                                       \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                     \
      fprintf(stderr, __VA_ARGS__);                                            \
      fputc('\n', stderr);                                                     \
      g_failures++;                                                            \
    }                                                                          \
  } while (0)

/* ------------------------------------------------------------------------ */
/* Files and processes                                                      */

static char *
slurp(const char *path, size_t *len)
{
  FILE *fp  = fopen(path, "rb");
  char *buf = NULL;
  long  n;
  if (!fp)
    return NULL;
  if (fseek(fp, 0, SEEK_END) == 0 && (n = ftell(fp)) >= 0 &&
      fseek(fp, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1))) {
    if (fread(buf, 1, (size_t)n, fp) != (size_t)n) {
      free(buf);
      buf = NULL;
    } else {
      buf[n] = '\0';
      if (len)
        *len = (size_t)n;
    }
  }
  fclose(fp);
  return buf;
}

/* Run hdcat with @p args (NULL-terminated); its standard output's first
 * line goes to @p out (may be NULL). Returns the exit status. */
static int
run_hdcat(char *out, size_t cap, const char *const *args)
{
  int    fd[2];
  char  *argv[16];
  size_t n  = 0;
  argv[n++] = (char *)g_hdcat;
  for (; args[n - 1] && n < 15; ++n)
    argv[n] = (char *)args[n - 1];
  argv[n] = NULL;
  if (pipe(fd) != 0)
    return -1;
  pid_t pid = fork();
  if (pid == 0) {
    dup2(fd[1], 1);
    close(fd[0]);
    close(fd[1]);
    execv(g_hdcat, argv);
    _exit(127);
  }
  close(fd[1]);
  size_t  got = 0;
  ssize_t r;
  char    tmp[4096];
  while ((r = read(fd[0], tmp, sizeof tmp)) > 0) {
    for (ssize_t i = 0; i < r && out && got + 1 < cap; ++i)
      out[got++] = tmp[i];
  }
  close(fd[0]);
  if (out) {
    out[got] = '\0';
    char *nl = strchr(out, '\n');
    if (nl)
      *nl = '\0';
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int
start_server(void)
{
  int fd[2];
  if (pipe(fd) != 0)
    return -1;
  g_server = fork();
  if (g_server == 0) {
    dup2(fd[1], 1);
    close(fd[0]);
    close(fd[1]);
    /* Small enough to send an oversized body quickly; the demo records
     * are far below it. */
    setenv("HDCAT_LIMIT_REQUEST_BODY", "262144", 1);
    setenv("HDCAT_PUBLISH_RATE", "40", 1);
    execl(g_hdcat,
          g_hdcat,
          "serve",
          "--db",
          g_db,
          "--listen",
          "127.0.0.1:0",
          "--schemas",
          HDC_SCHEMAS,
          "--quiet",
          (char *)NULL);
    _exit(127);
  }
  close(fd[1]);
  char   line[512];
  size_t got = 0;
  char   c;
  while (got + 1 < sizeof line && read(fd[0], &c, 1) == 1 && c != '\n')
    line[got++] = c;
  line[got] = '\0';
  close(fd[0]);
  const char *p = strstr(line, " on port ");
  if (!p || sscanf(p, " on port %u", &g_port) != 1 || !g_port) {
    fprintf(stderr, "the server did not start: '%s'\n", line);
    return -1;
  }
  return 0;
}

static int
stop_server(void)
{
  int status = 0;
  if (g_server <= 0)
    return 0;
  kill(g_server, SIGTERM);
  waitpid(g_server, &status, 0);
  g_server = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* ------------------------------------------------------------------------ */
/* HTTP over a socket                                                       */

typedef struct answer
{
  int   status;
  char *head; /* status line and headers */
  char *body;
} answer;

static void
answer_clear(answer *a)
{
  free(a->head);
  free(a->body);
  memset(a, 0, sizeof *a);
}

/* The value of header @p name in @p a ("" if absent), in a static buffer. */
static const char *
header(const answer *a, const char *name)
{
  static char v[512];
  size_t      n = strlen(name);
  v[0]          = '\0';
  for (const char *p = a->head ? a->head : ""; (p = strchr(p, '\n'));) {
    ++p;
    if (!strncasecmp(p, name, n) && p[n] == ':') {
      p += n + 1;
      while (*p == ' ')
        ++p;
      size_t k = strcspn(p, "\r\n");
      if (k >= sizeof v)
        k = sizeof v - 1;
      memcpy(v, p, k);
      v[k] = '\0';
      break;
    }
  }
  return v;
}

static int
http(const char *method,
     const char *target,
     const char *extra_headers,
     const char *body,
     size_t      body_len,
     answer     *out)
{
  int                fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in sa;
  char               req[2048];
  memset(out, 0, sizeof *out);
  memset(&sa, 0, sizeof sa);
  sa.sin_family      = AF_INET;
  sa.sin_port        = htons((uint16_t)g_port);
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
    if (fd >= 0)
      close(fd);
    return -1;
  }
  int n = snprintf(req,
                   sizeof req,
                   "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\n%s"
                   "Content-Length: %zu\r\nConnection: close\r\n\r\n",
                   method,
                   target,
                   extra_headers ? extra_headers : "",
                   body_len);
  if (n <= 0 || (size_t)n >= sizeof req || write(fd, req, (size_t)n) != n) {
    close(fd);
    return -1;
  }
  /* A refused oversized body may be cut short by the server: ignore
   * write errors once the headers are out. */
  size_t off = 0;
  while (off < body_len) {
    ssize_t w = send(fd, body + off, body_len - off, MSG_NOSIGNAL);
    if (w <= 0)
      break;
    off += (size_t)w;
  }
  hdc_buf in = HDC_BUF_INIT;
  char    tmp[8192];
  ssize_t r;
  while ((r = read(fd, tmp, sizeof tmp)) > 0)
    hdc_buf_append(&in, tmp, (size_t)r);
  close(fd);
  if (!in.ptr) {
    return -1;
  }
  char *sep = strstr(in.ptr, "\r\n\r\n");
  if (!sep || sscanf(in.ptr, "HTTP/1.%*c %d", &out->status) != 1) {
    hdc_buf_clear(&in);
    return -1;
  }
  out->head = strndup(in.ptr, (size_t)(sep - in.ptr) + 2);
  out->body = strdup(sep + 4);
  /* A chunked body (not expected here) is kept as received. */
  hdc_buf_clear(&in);
  return 0;
}

/* ------------------------------------------------------------------------ */
/* The catalogue, dumped                                                    */

/* Every row of every table (virtual tables aside: their shadow tables are
 * dumped), "table\tvalue\tvalue...", tables by name, rows by all columns;
 * the audit table is left out and its row count returned in *audit. */
static char *
dump(int64_t *audit)
{
  sqlite3      *db = NULL;
  sqlite3_stmt *t  = NULL;
  hdc_buf       b  = HDC_BUF_INIT;
  if (sqlite3_open_v2(g_db, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    goto done;
  sqlite3_busy_timeout(db, 10000);
  /* One read transaction: a consistent snapshot of all tables. */
  sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
  if (sqlite3_prepare_v2(db,
                         "SELECT name FROM sqlite_schema WHERE type = 'table'"
                         " AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name",
                         -1,
                         &t,
                         NULL) != SQLITE_OK)
    goto done;
  while (sqlite3_step(t) == SQLITE_ROW) {
    const char   *name = (const char *)sqlite3_column_text(t, 0);
    sqlite3_stmt *q    = NULL;
    char          sql[512];
    if (!strcmp(name, "audit")) {
      snprintf(sql, sizeof sql, "SELECT count(*) FROM audit");
      if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK &&
          sqlite3_step(q) == SQLITE_ROW)
        *audit = sqlite3_column_int64(q, 0);
      sqlite3_finalize(q);
      continue;
    }
    snprintf(sql, sizeof sql, "SELECT * FROM \"%s\" LIMIT 0", name);
    if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
      continue;
    int ncol = sqlite3_column_count(q);
    sqlite3_finalize(q);
    int k = snprintf(sql, sizeof sql, "SELECT * FROM \"%s\" ORDER BY 1", name);
    for (int i = 2; i <= ncol && k > 0 && (size_t)k < sizeof sql - 8; ++i)
      k += snprintf(sql + k, sizeof sql - (size_t)k, ",%d", i);
    if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
      continue;
    while (sqlite3_step(q) == SQLITE_ROW) {
      hdc_buf_puts(&b, name);
      for (int i = 0; i < ncol; ++i) {
        hdc_buf_putc(&b, '\t');
        int type = sqlite3_column_type(q, i);
        if (type == SQLITE_NULL) {
          hdc_buf_puts(&b, "NULL");
        } else if (type == SQLITE_BLOB) {
          const unsigned char *p = sqlite3_column_blob(q, i);
          int                  n = sqlite3_column_bytes(q, i);
          hdc_buf_puts(&b, "x'");
          for (int j = 0; j < n; ++j)
            hdc_buf_printf(&b, "%02x", p[j]);
          hdc_buf_putc(&b, '\'');
        } else {
          /* Text with its tabs and newlines made visible, so that one
           * row is one line. */
          const unsigned char *p = sqlite3_column_text(q, i);
          for (; p && *p; ++p) {
            if (*p == '\n')
              hdc_buf_puts(&b, "\\n");
            else if (*p == '\t')
              hdc_buf_puts(&b, "\\t");
            else
              hdc_buf_putc(&b, (char)*p);
          }
        }
      }
      hdc_buf_putc(&b, '\n');
    }
    sqlite3_finalize(q);
  }
done:
  sqlite3_finalize(t);
  sqlite3_close(db);
  return hdc_buf_detach(&b, NULL);
}

/* The latest audit row as "status\tresult\trecord\ttoken_id". */
static void
last_audit(char *out, size_t cap)
{
  sqlite3      *db = NULL;
  sqlite3_stmt *q  = NULL;
  out[0]           = '\0';
  if (sqlite3_open_v2(g_db, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2(db,
                         "SELECT status || char(9) || result || char(9) ||"
                         " record || char(9) || coalesce(token_id, 0)"
                         " FROM audit ORDER BY id DESC LIMIT 1",
                         -1,
                         &q,
                         NULL) == SQLITE_OK &&
      sqlite3_step(q) == SQLITE_ROW)
    snprintf(out, cap, "%s", (const char *)sqlite3_column_text(q, 0));
  sqlite3_finalize(q);
  sqlite3_close(db);
}

/* ------------------------------------------------------------------------ */
/* The matrix                                                               */

static char g_tok_right[128], g_tok_other[128], g_tok_revoked[128],
  g_tok_expired[128], g_tok_late[128];

static int
auth_header(char *out, size_t cap, const char *token, const char *ctype)
{
  size_t k = 0;
  out[0]   = '\0';
  if (token)
    k += (size_t)snprintf(out, cap, "Authorization: %s\r\n", token);
  if (ctype && k < cap)
    snprintf(out + k, cap - k, "Content-Type: %s\r\n", ctype);
  return 0;
}

/* A request that must be refused with @p status: nothing but one audit
 * row may change. @p authz is the whole Authorization value (NULL: none).
 * Returns the answer's body (caller frees) for more checks. */
static char *
refused(const char *what,
        const char *method,
        const char *name,
        const char *authz,
        const char *ctype,
        const char *body,
        size_t      body_len,
        int         status)
{
  /* A body over the server's limit is refused before any handler runs,
   * so that refusal alone leaves no audit row. */
  int64_t audited = status == 413 ? 0 : 1;
  char    target[256], hdr[1024], last[512];
  int64_t a0 = -1, a1 = -1;
  answer  r;
  snprintf(target, sizeof target, "/api/v1/datasets/%s", name);
  auth_header(hdr, sizeof hdr, authz, ctype);
  char *before = dump(&a0);
  int   rc     = http(method, target, hdr, body, body_len, &r);
  char *after  = dump(&a1);
  CHECK(rc == 0, "%s: no answer", what);
  CHECK(r.status == status,
        "%s: status %d, expected %d: %.300s",
        what,
        r.status,
        status,
        r.body ? r.body : "");
  CHECK(before && after && !strcmp(before, after),
        "%s: the catalogue changed",
        what);
  CHECK(a1 == a0 + audited,
        "%s: %lld audit rows added, expected %lld",
        what,
        (long long)(a1 - a0),
        (long long)audited);
  last_audit(last, sizeof last);
  char want[32];
  snprintf(want, sizeof want, "%d\trefused\t", status);
  CHECK(!audited || !strncmp(last, want, strlen(want)),
        "%s: last audit row '%s'",
        what,
        last);
  if (status == 401)
    CHECK(!strncmp(header(&r, "WWW-Authenticate"), "Bearer", 6),
          "%s: no WWW-Authenticate: Bearer",
          what);
  if (rc == 0 && r.body && !strstr(r.body, "\"error\""))
    CHECK(0, "%s: no JSON error: %.200s", what, r.body);
  printf("ok %-58s %d\n", what, r.status);
  char *out = r.body;
  r.body    = NULL;
  answer_clear(&r);
  free(before);
  free(after);
  return out;
}

/* Lines of @p a missing from @p b, NUL-separated into *out; count. */
static size_t
lines_missing(const char *a, const char *b, hdc_buf *out)
{
  size_t n = 0;
  for (const char *p = a; p && *p;) {
    const char *e   = strchr(p, '\n');
    size_t      len = e ? (size_t)(e - p) : strlen(p);
    /* Look for the whole line in b. */
    bool found = false;
    for (const char *q = b; q && *q;) {
      const char *f = strchr(q, '\n');
      size_t      l = f ? (size_t)(f - q) : strlen(q);
      if (l == len && !memcmp(p, q, len)) {
        found = true;
        break;
      }
      q = f ? f + 1 : NULL;
    }
    if (!found) {
      hdc_buf_append(out, p, len);
      hdc_buf_putc(out, '\0');
      ++n;
    }
    p = e ? e + 1 : NULL;
  }
  return n;
}

/* Each changed row must belong to record @p rec or to the tables a write
 * touches anyway. */
static void
only_record_changed(const char *what,
                    const char *before,
                    const char *after,
                    long long   rec)
{
  static const char *const free_tables[] = {
    "run\t",         "token\t",          "push_", "record_fts_", "source\t",
    "facet_label\t", "catalogue_state\t"
  };
  hdc_buf diff = HDC_BUF_INIT;
  size_t  n    = lines_missing(before, after, &diff);
  n += lines_missing(after, before, &diff);
  char recid[32], facet_tail[32];
  snprintf(recid, sizeof recid, "record\t%lld\t", rec);
  snprintf(facet_tail, sizeof facet_tail, "\t%lld", rec);
  const char *p = diff.ptr;
  for (size_t i = 0; i < n; ++i, p += strlen(p) + 1) {
    bool ok = !strncmp(p, recid, strlen(recid));
    for (size_t k = 0; !ok && k < sizeof free_tables / sizeof *free_tables; ++k)
      ok = !strncmp(p, free_tables[k], strlen(free_tables[k]));
    if (!ok && !strncmp(p, "record_facet\t", 13)) {
      size_t l = strlen(p), t = strlen(facet_tail);
      ok = l > t && !strcmp(p + l - t, facet_tail);
    }
    CHECK(ok, "%s: a row not of record %lld changed: %.200s", what, rec, p);
  }
  CHECK(n > 0, "%s: nothing changed", what);
  hdc_buf_clear(&diff);
}

/* An accepted write; returns the record id from the answer (0 if none). */
static long long
accepted(const char *what,
         const char *method,
         const char *name,
         const char *token,
         const char *body,
         int         status,
         const char *result,
         bool        check_scope)
{
  char      target[256], hdr[1024], last[512], authz[200];
  int64_t   a0 = -1, a1 = -1;
  answer    r;
  long long rec = 0;
  snprintf(target, sizeof target, "/api/v1/datasets/%s", name);
  snprintf(authz, sizeof authz, "Bearer %s", token);
  auth_header(hdr, sizeof hdr, authz, body ? "text/turtle" : NULL);
  char *before = dump(&a0);
  int   rc     = http(method, target, hdr, body, body ? strlen(body) : 0, &r);
  char *after  = dump(&a1);
  CHECK(rc == 0 && r.status == status,
        "%s: status %d, expected %d: %.300s",
        what,
        r.status,
        status,
        r.body ? r.body : "");
  const char *p = r.body ? strstr(r.body, "\"record\": ") : NULL;
  if (p)
    rec = strtoll(p + 10, NULL, 10);
  char want[64];
  snprintf(want, sizeof want, "\"result\": \"%s\"", result);
  CHECK(r.body && strstr(r.body, want),
        "%s: no %s in %.300s",
        what,
        want,
        r.body ? r.body : "");
  CHECK(a1 == a0 + 1, "%s: %lld audit rows added", what, (long long)(a1 - a0));
  last_audit(last, sizeof last);
  snprintf(want, sizeof want, "%d\t%s\t%s\t", status, result, name);
  CHECK(
    !strncmp(last, want, strlen(want)), "%s: last audit row '%s'", what, last);
  if (check_scope && before && after)
    only_record_changed(what, before, after, rec);
  printf("ok %-58s %d\n", what, r.status);
  answer_clear(&r);
  free(before);
  free(after);
  return rec;
}

static char *
with_extra(const char *base, const char *extra)
{
  size_t n   = strlen(base) + strlen(extra) + 1;
  char  *out = malloc(n);
  if (out)
    snprintf(out, n, "%s%s", base, extra);
  return out;
}

static char *
replace(const char *text, const char *from, const char *to)
{
  hdc_buf     b = HDC_BUF_INIT;
  const char *p = text, *q;
  while ((q = strstr(p, from))) {
    hdc_buf_append(&b, p, (size_t)(q - p));
    hdc_buf_puts(&b, to);
    p = q + strlen(from);
  }
  hdc_buf_puts(&b, p);
  return hdc_buf_detach(&b, NULL);
}

static int
make_token(char *out, const char *pub, const char *label, const char *exp)
{
  char        line[128];
  const char *args[] = { "token",   "create",      "--db",
                         g_db,      "--publisher", pub,
                         "--label", label,         exp ? "--expires" : NULL,
                         exp,       NULL };
  if (run_hdcat(line, sizeof line, args) != 0 || strncmp(line, "hdc1_", 5))
    return -1;
  snprintf(out, 128, "%s", line);
  return 0;
}

static int
token_id(const char *tok)
{
  return atoi(tok + 5);
}

static void
matrix(void)
{
  char *canto = slurp(HDC_FIXTURES "/demo/datasets/canto.ttl", NULL);
  char  bearer[5][200];
  snprintf(bearer[0], sizeof bearer[0], "Bearer %s", g_tok_right);
  snprintf(bearer[1], sizeof bearer[1], "Bearer %s", g_tok_other);
  snprintf(bearer[2], sizeof bearer[2], "Bearer %s", g_tok_revoked);
  snprintf(bearer[3], sizeof bearer[3], "Bearer %s", g_tok_expired);
  snprintf(bearer[4], sizeof bearer[4], "Bearer %s", g_tok_late);
  size_t len     = strlen(canto);
  char  *unknown = strdup(g_tok_right);
  unknown[strlen(unknown) - 1] =
    unknown[strlen(unknown) - 1] == 'A' ? 'B' : 'A';
  char unknown_b[200];
  snprintf(unknown_b, sizeof unknown_b, "Bearer %s", unknown);
  const char *tt = "text/turtle";

  /* Who may write: nobody but the right token, whatever the body. */
  free(refused("PUT new, no token", "PUT", "canto", NULL, tt, canto, len, 401));
  free(refused("PUT new, malformed header (Basic)",
               "PUT",
               "canto",
               "Basic dXNlcjpwYXNz",
               tt,
               canto,
               len,
               401));
  free(refused("PUT new, malformed header (no token)",
               "PUT",
               "canto",
               "Bearer",
               tt,
               canto,
               len,
               401));
  free(refused(
    "PUT new, unknown token", "PUT", "canto", unknown_b, tt, canto, len, 401));
  free(refused(
    "PUT new, revoked token", "PUT", "canto", bearer[2], tt, canto, len, 401));
  free(refused(
    "PUT new, expired token", "PUT", "canto", bearer[3], tt, canto, len, 401));
  free(refused("PUT new, another publisher's token",
               "PUT",
               "canto",
               bearer[1],
               tt,
               canto,
               len,
               403));
  free(refused("DELETE unknown record, right token",
               "DELETE",
               "canto",
               bearer[0],
               NULL,
               NULL,
               0,
               404));

  /* Hostile bodies with the right token. */
  char *big = malloc(300000);
  memset(big, '#', 300000);
  free(refused(
    "PUT oversized body", "PUT", "canto", bearer[0], tt, big, 300000, 413));
  free(big);
  free(refused("PUT wrong media type",
               "PUT",
               "canto",
               bearer[0],
               "application/pdf",
               canto,
               len,
               415));
  free(refused(
    "PUT no media type", "PUT", "canto", bearer[0], NULL, canto, len, 415));
  free(refused("PUT malformed RDF",
               "PUT",
               "canto",
               bearer[0],
               tt,
               "@prefix dcat: <http://www.w3.org/ns/dcat#> .\n<a> a dcat:",
               56,
               400));
  free(refused("PUT malformed RDF/XML",
               "PUT",
               "canto",
               bearer[0],
               "application/rdf+xml",
               "<rdf:RDF><unclosed>",
               19,
               400));
  char *theirs = replace(canto, PUB, OTHER);
  free(refused("PUT record naming another publisher",
               "PUT",
               "canto",
               bearer[0],
               tt,
               theirs,
               strlen(theirs),
               403));
  char *second = replace(canto, DS ">", DS "-bis>");
  char *two    = with_extra(canto, second);
  char *body   = refused(
    "PUT two datasets", "PUT", "canto", bearer[0], tt, two, strlen(two), 422);
  CHECK(body && strstr(body, "2 datasets"), "two datasets: %s", body);
  free(body);
  body = refused("PUT no dataset",
                 "PUT",
                 "canto",
                 bearer[0],
                 tt,
                 "<http://x/a> <http://purl.org/dc/terms/title> \"a\" .",
                 51,
                 422);
  CHECK(body && strstr(body, "no dcat:Dataset"), "no dataset: %s", body);
  free(body);
  /* Invalid: no access rights and a bad age; the report names each. */
  char *inv1 = replace(canto, "dct:accessRights", "dct:rights");
  char *inv =
    replace(inv1,
            "healthdcatap:minTypicalAge \"18\"^^xsd:nonNegativeInteger",
            "healthdcatap:minTypicalAge \"dix-huit\"");
  body = refused(
    "PUT invalid record", "PUT", "canto", bearer[0], tt, inv, strlen(inv), 422);
  CHECK(body && strstr(body, "\"report\": {"),
        "no report: %.200s",
        body ? body : "(none)");
  CHECK(body && strstr(body, "health#minTypicalAge"),
        "report does not name minTypicalAge");
  CHECK(body && strstr(body, "terms/accessRights"),
        "report does not name accessRights");
  if (body) {
    /* As many results of severity Violation as the count says. */
    const char *v     = strstr(body, "\"violations\": ");
    long        count = v ? strtol(v + 14, NULL, 10) : -1, seen = 0;
    for (const char *q = body; (q = strstr(q, "\"severity\": \"Violation\""));
         ++q)
      ++seen;
    CHECK(
      count > 1 && count == seen, "violations %ld, listed %ld", count, seen);
  }
  free(body);

  /* The right token: PUT new, PUT the same, PUT a change. */
  long long rec = accepted("PUT new, right token",
                           "PUT",
                           "canto",
                           g_tok_right,
                           canto,
                           201,
                           "added",
                           false);
  CHECK(rec > 0, "no record id");
  accepted("PUT existing, same content",
           "PUT",
           "canto",
           g_tok_right,
           canto,
           200,
           "unchanged",
           false);
  char     *v2   = with_extra(canto,
                        "<" DS "> <http://www.w3.org/ns/dcat#keyword>"
                              " \"mise à jour\"@fr .\n");
  long long rec2 = accepted("PUT existing, changed (only it changes)",
                            "PUT",
                            "canto",
                            g_tok_right,
                            v2,
                            200,
                            "updated",
                            true);
  CHECK(rec2 == rec, "the update made another record");

  /* Someone else's record, now that it exists. */
  free(refused("PUT someone else's record",
               "PUT",
               "canto",
               bearer[1],
               tt,
               theirs,
               strlen(theirs),
               403));
  free(refused(
    "PUT existing, no token", "PUT", "canto", NULL, tt, v2, strlen(v2), 401));
  free(refused("PUT existing, expired token",
               "PUT",
               "canto",
               bearer[3],
               tt,
               v2,
               strlen(v2),
               401));
  free(refused("PUT existing, invalid record",
               "PUT",
               "canto",
               bearer[0],
               tt,
               inv,
               strlen(inv),
               422));
  free(refused("PUT existing, another dataset IRI",
               "PUT",
               "canto",
               bearer[0],
               tt,
               second,
               strlen(second),
               409));
  free(refused("DELETE someone else's record",
               "DELETE",
               "canto",
               bearer[1],
               NULL,
               NULL,
               0,
               403));
  free(
    refused("DELETE, no token", "DELETE", "canto", NULL, NULL, NULL, 0, 401));
  free(refused(
    "DELETE, revoked token", "DELETE", "canto", bearer[2], NULL, NULL, 0, 401));

  /* Revocation takes effect at once. */
  accepted("PUT with a second token of the publisher",
           "PUT",
           "canto",
           g_tok_late,
           canto,
           200,
           "updated",
           true);
  char idtext[16];
  snprintf(idtext, sizeof idtext, "%d", token_id(g_tok_late));
  const char *rev[] = { "token", "revoke", "--db", g_db, idtext, NULL };
  CHECK(run_hdcat(NULL, 0, rev) == 0, "token revoke failed");
  free(refused("PUT just after the token was revoked",
               "PUT",
               "canto",
               bearer[4],
               tt,
               canto,
               len,
               401));

  /* DELETE withdraws and keeps the record. */
  long long drec = accepted("DELETE, right token",
                            "DELETE",
                            "canto",
                            g_tok_right,
                            NULL,
                            200,
                            "withdrawn",
                            true);
  CHECK(drec == rec, "DELETE answered another record");
  char *d = dump(&(int64_t){ 0 });
  char  recline[64];
  snprintf(recline, sizeof recline, "\nrecord\t%lld\t", rec);
  const char *row = d ? strstr(d, recline) : NULL;
  CHECK(row && strstr(row, "\twithdrawn\twithdrawn by its publisher\t"),
        "the withdrawn record is not kept as withdrawn");
  free(d);
  accepted("DELETE again",
           "DELETE",
           "canto",
           g_tok_right,
           NULL,
           200,
           "unchanged",
           false);

  /* The per-token rate: the server allows 40 writes a minute. */
  int    limited = 0;
  answer r;
  char   hdr[512];
  auth_header(hdr, sizeof hdr, bearer[1], "application/pdf");
  for (int i = 0; i < 45 && !limited; ++i) {
    if (http("PUT", "/api/v1/datasets/rate", hdr, "x", 1, &r) == 0 &&
        r.status == 429) {
      limited = i + 1;
      CHECK(*header(&r, "Retry-After"), "429 without Retry-After");
    }
    answer_clear(&r);
  }
  CHECK(limited > 30, "no 429 within 45 quick writes (%d)", limited);
  printf("ok %-58s %d\n", "too many writes with one token", 429);

  free(canto);
  free(unknown);
  free(theirs);
  free(second);
  free(two);
  free(inv1);
  free(inv);
  free(v2);
}

int
main(int argc, char **argv)
{
  if (argc < 2) {
    fprintf(stderr, "usage: %s HDCAT\n", argv[0]);
    return 2;
  }
  g_hdcat = argv[1];
  if (access(HDC_SCHEMAS, R_OK) != 0)
    return 77;
  snprintf(g_dir, sizeof g_dir, "publish_live_XXXXXX");
  if (!mkdtemp(g_dir)) {
    perror("mkdtemp");
    return 1;
  }
  snprintf(g_db, sizeof g_db, "%s/hdcat.db", g_dir);
  /* Records from a harvest-like import beside the pushed ones. */
  const char *imp[] = { "import",
                        "--db",
                        g_db,
                        "--schemas",
                        HDC_SCHEMAS,
                        HDC_FIXTURES "/demo/datasets/constances.ttl",
                        HDC_FIXTURES "/demo/datasets/e3n.ttl",
                        NULL };
  int         rc    = run_hdcat(NULL, 0, imp);
  if (rc != 0 && rc != 1) {
    fprintf(stderr, "import failed (%d)\n", rc);
    return 1;
  }
  char      late_expiry[32];
  time_t    t = time(NULL) + 86400 * 30;
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(late_expiry, sizeof late_expiry, "%Y-%m-%d", &tm);
  if (make_token(g_tok_right, PUB, "right", NULL) ||
      make_token(g_tok_other, OTHER, "other", NULL) ||
      make_token(g_tok_revoked, PUB, "revoked", NULL) ||
      make_token(g_tok_expired, PUB, "expired", "2021-01-31") ||
      make_token(g_tok_late, PUB, "second", late_expiry)) {
    fprintf(stderr, "token create failed\n");
    return 1;
  }
  char idtext[16];
  snprintf(idtext, sizeof idtext, "%d", token_id(g_tok_revoked));
  const char *rev[] = { "token", "revoke", "--db", g_db, idtext, NULL };
  if (run_hdcat(NULL, 0, rev) != 0) {
    fprintf(stderr, "token revoke failed\n");
    return 1;
  }
  if (start_server() != 0)
    return 1;
  /* The server answers once it has printed its port; wait for /healthz
   * anyway in case the workers are still starting. */
  for (int i = 0; i < 100; ++i) {
    answer r;
    int ok = http("GET", "/healthz", NULL, NULL, 0, &r) == 0 && r.status == 200;
    answer_clear(&r);
    if (ok)
      break;
    nanosleep(&(struct timespec){ 0, 100000000L }, NULL);
  }
  matrix();
  /* The audit trail as the operator reads it. */
  const char *aud[] = { "audit", "--db", g_db, "--publisher", PUB, NULL };
  char        line[256];
  CHECK(run_hdcat(line, sizeof line, aud) == 0 && !strncmp(line, "WHEN", 4),
        "hdcat audit: '%s'",
        line);
  CHECK(stop_server() == 0, "the server did not stop cleanly");
  if (!g_failures) {
    char        p[160];
    const char *sfx[] = { "", "-wal", "-shm" };
    for (size_t i = 0; i < 3; ++i) {
      snprintf(p, sizeof p, "%s%s", g_db, sfx[i]);
      unlink(p);
    }
    rmdir(g_dir);
  } else {
    fprintf(stderr, "%d failure(s); catalogue kept in %s\n", g_failures, g_dir);
  }
  return g_failures ? 1 : 0;
}
