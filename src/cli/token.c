// SPDX-License-Identifier: EUPL-1.2
/*
 * `hdcat token`: the operator's commands for the bearer tokens data
 * holders publish with (PUT/DELETE /api/v1/datasets/{id}).
 *
 *   hdcat token create --publisher IRI [--label TEXT] [--expires DATE]
 *   hdcat token list [--publisher IRI] [--json]
 *   hdcat token revoke ID
 *
 * `create` prints the token on standard output, alone on its line, and
 * nowhere else: only its hash is stored, so it cannot be shown again.
 * Revocation takes effect at the next request.
 */
#include "cli.h"
#include "hdcat/store.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char token_usage[] =
  "Usage: hdcat token create --publisher IRI [--label TEXT] [--expires DATE]\n"
  "       hdcat token list [--publisher IRI] [--json]\n"
  "       hdcat token revoke ID\n"
  "\n"
  "Manage the tokens data holders publish with (PUT and DELETE on\n"
  "/api/v1/datasets/{id}, header 'Authorization: Bearer TOKEN'). A token\n"
  "may only publish records whose dct:publisher is its publisher.\n"
  "\n"
  "  --db DB           catalogue file (default: $HDCAT_DB, else hdcat.db)\n"
  "  --publisher IRI   the publisher (the dct:publisher of its records)\n"
  "  --label TEXT      a note for operators (who holds the token)\n"
  "  --expires DATE    YYYY-MM-DD (valid through that day, UTC) or\n"
  "                    YYYY-MM-DDTHH:MM:SSZ; default: never\n"
  "  --json            list as JSON\n"
  "\n"
  "'create' prints the token once: only its hash is kept.\n";

typedef struct token_args
{
  const char *db, *publisher, *label, *expires;
  bool        json;
  const char *positional[2];
  size_t      n_positional;
} token_args;

/* Parse options after the sub-command; returns an exit code or -1 to go
 * on. */
static int
parse(int argc, char **argv, token_args *a)
{
  for (int i = 2; i < argc; ++i) {
    const char  *o    = argv[i];
    const char **want = NULL;
    if (!strcmp(o, "--help") || !strcmp(o, "-h")) {
      fputs(token_usage, stdout);
      return HDC_EXIT_OK;
    } else if (!strcmp(o, "--db")) {
      want = &a->db;
    } else if (!strcmp(o, "--publisher")) {
      want = &a->publisher;
    } else if (!strcmp(o, "--label")) {
      want = &a->label;
    } else if (!strcmp(o, "--expires")) {
      want = &a->expires;
    } else if (!strcmp(o, "--json")) {
      a->json = true;
    } else if (o[0] == '-' && o[1]) {
      fprintf(stderr, "hdcat: token: unknown option '%s'\n%s", o, token_usage);
      return HDC_EXIT_USAGE;
    } else if (a->n_positional < 2) {
      a->positional[a->n_positional++] = o;
    } else {
      fprintf(stderr, "hdcat: token: unexpected argument '%s'\n", o);
      return HDC_EXIT_USAGE;
    }
    if (want) {
      if (i + 1 >= argc) {
        fprintf(stderr, "hdcat: token: option '%s' needs a value\n", o);
        return HDC_EXIT_USAGE;
      }
      *want = argv[++i];
    }
  }
  return -1;
}

static int
open_store(const token_args *a, hdc_store **s)
{
  hdc_error err;
  hdc_error_clear(&err);
  hdc_store_open_opts oo = { .read_only = false, .limits = NULL };
  hdc_status          st = hdc_store_open(hdc_cli_db_path(a->db), &oo, s, &err);
  if (st) {
    hdc_cli_print_error(&err);
    return hdc_cli_exit_code(st);
  }
  return -1;
}

static const char *
token_state(const hdc_store_token *t, const char *now)
{
  if (*t->revoked)
    return "revoked";
  if (*t->expires && strcmp(now, t->expires) > 0)
    return "expired";
  return "active";
}

static void
now_iso(char out[32])
{
  time_t    t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  if (!strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm))
    out[0] = '\0';
}

static int
print_list(const hdc_store_tokens *l, bool json)
{
  char now[32];
  now_iso(now);
  if (json) {
    json_t *arr = json_array();
    if (!arr)
      return HDC_EXIT_INTERNAL;
    for (size_t i = 0; i < l->n; ++i) {
      const hdc_store_token *t = &l->items[i];
      json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
                            "id",
                            (json_int_t)t->id,
                            "publisher",
                            t->publisher,
                            "label",
                            t->label,
                            "created",
                            t->created,
                            "last_used",
                            t->last_used,
                            "expires",
                            t->expires,
                            "revoked",
                            t->revoked,
                            "state",
                            token_state(t, now));
      if (!o || json_array_append_new(arr, o)) {
        json_decref(arr);
        return HDC_EXIT_INTERNAL;
      }
    }
    char *text = json_dumps(arr, JSON_INDENT(2));
    json_decref(arr);
    if (!text)
      return HDC_EXIT_INTERNAL;
    puts(text);
    free(text);
    return HDC_EXIT_OK;
  }
  if (!l->n) {
    puts("no tokens (create one with 'hdcat token create --publisher IRI')");
    return HDC_EXIT_OK;
  }
  printf("%-5s %-8s %-20s %-20s %-20s %-20s %s\n",
         "ID",
         "STATE",
         "CREATED",
         "LAST USED",
         "EXPIRES",
         "LABEL",
         "PUBLISHER");
  for (size_t i = 0; i < l->n; ++i) {
    const hdc_store_token *t = &l->items[i];
    printf("%-5" PRId64 " %-8s %-20s %-20s %-20s %-20s %s\n",
           t->id,
           token_state(t, now),
           t->created,
           *t->last_used ? t->last_used : "-",
           *t->expires ? t->expires : "never",
           *t->label ? t->label : "-",
           t->publisher);
  }
  return HDC_EXIT_OK;
}

int
hdc_cli_token(int argc, char **argv)
{
  token_args        a;
  hdc_store        *s = NULL;
  hdc_store_tokens *l = NULL;
  hdc_error         err;
  int               rc = HDC_EXIT_OK;
  memset(&a, 0, sizeof a);
  hdc_error_clear(&err);
  if (argc < 2) {
    fputs(token_usage, stderr);
    return HDC_EXIT_USAGE;
  }
  const char *sub = argv[1];
  if (!strcmp(sub, "--help") || !strcmp(sub, "-h")) {
    fputs(token_usage, stdout);
    return HDC_EXIT_OK;
  }
  if ((rc = parse(argc, argv, &a)) >= 0)
    return rc;
  rc = HDC_EXIT_OK;
  if (!strcmp(sub, "create")) {
    char    token[HDC_STORE_TOKEN_MAX];
    int64_t id = 0;
    if (!a.publisher || a.n_positional) {
      fprintf(stderr,
              "hdcat: token create: %s\n%s",
              a.publisher ? "unexpected argument" : "--publisher IRI is needed",
              token_usage);
      return HDC_EXIT_USAGE;
    }
    if ((rc = open_store(&a, &s)) >= 0)
      goto done;
    rc            = HDC_EXIT_OK;
    hdc_status st = hdc_store_token_create(
      s, a.publisher, a.label, a.expires, token, &id, &err);
    if (st) {
      hdc_cli_print_error(&err);
      rc = hdc_cli_exit_code(st);
      goto done;
    }
    puts(token);
    hdc_store_tokens *mine = NULL;
    char              now[32];
    now_iso(now);
    /* Say so when the date given is already past: such a token is refused
     * at once (useful to test a client, surprising otherwise). */
    if (!hdc_store_token_list(s, a.publisher, &mine, NULL)) {
      for (size_t i = 0; i < mine->n; ++i)
        if (mine->items[i].id == id && *mine->items[i].expires &&
            strcmp(now, mine->items[i].expires) > 0)
          fprintf(stderr,
                  "hdcat: warning: token %" PRId64 " has already"
                  " expired (%s)\n",
                  id,
                  mine->items[i].expires);
      hdc_store_tokens_free(mine);
    }
    fprintf(stderr,
            "hdcat: token %" PRId64 " created for %s; it is shown only"
            " this once: hand it to the data holder now\n",
            id,
            a.publisher);
    memset(token, 0, sizeof token);
  } else if (!strcmp(sub, "list")) {
    if (a.n_positional) {
      fprintf(
        stderr, "hdcat: token list: unexpected argument\n%s", token_usage);
      return HDC_EXIT_USAGE;
    }
    if ((rc = open_store(&a, &s)) >= 0)
      goto done;
    rc            = HDC_EXIT_OK;
    hdc_status st = hdc_store_token_list(s, a.publisher, &l, &err);
    if (st) {
      hdc_cli_print_error(&err);
      rc = hdc_cli_exit_code(st);
      goto done;
    }
    rc = print_list(l, a.json);
  } else if (!strcmp(sub, "revoke")) {
    char     *end = NULL;
    long long id  = 0;
    if (a.n_positional == 1)
      id = strtoll(a.positional[0], &end, 10);
    if (a.n_positional != 1 || !end || *end || id <= 0) {
      fprintf(stderr,
              "hdcat: token revoke: give one token ID (see 'hdcat"
              " token list')\n");
      return HDC_EXIT_USAGE;
    }
    if ((rc = open_store(&a, &s)) >= 0)
      goto done;
    rc            = HDC_EXIT_OK;
    hdc_status st = hdc_store_token_revoke(s, (int64_t)id, &err);
    if (st) {
      hdc_cli_print_error(&err);
      rc = hdc_cli_exit_code(st);
      goto done;
    }
    printf("token %lld revoked\n", id);
  } else {
    fprintf(
      stderr, "hdcat: token: unknown sub-command '%s'\n%s", sub, token_usage);
    return HDC_EXIT_USAGE;
  }
done:
  hdc_store_tokens_free(l);
  hdc_store_close(s);
  return rc;
}
