// SPDX-License-Identifier: EUPL-1.2
/*
 * `hdcat audit`: the trail of every write made through the publishing API,
 * accepted or refused (when, which token and publisher, which record, what
 * was asked, the answer, the content hashes before and after), newest
 * first.
 */
#include "cli.h"
#include "hdcat/store.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char audit_usage[] =
  "Usage: hdcat audit [--db DB] [--publisher IRI] [--limit N] [--json]\n"
  "\n"
  "List the writes made through the publishing API (PUT and DELETE on\n"
  "/api/v1/datasets/{id}), accepted or refused, newest first.\n"
  "\n"
  "  --db DB           catalogue file (default: $HDCAT_DB, else hdcat.db)\n"
  "  --publisher IRI   only the writes made with this publisher's tokens\n"
  "  --limit N         at most N rows (default: all)\n"
  "  --json            print JSON\n";

static int
print_json(const hdc_store_audit_entries *l)
{
  json_t *arr = json_array();
  if (!arr)
    return HDC_EXIT_INTERNAL;
  for (size_t i = 0; i < l->n; ++i) {
    const hdc_store_audit_entry *e = &l->items[i];
    json_t                      *o = json_pack(
      "{s:I, s:s, s:I, s:s, s:s, s:I, s:s, s:i, s:s, s:s, s:s, s:s, s:s}",
      "id",
      (json_int_t)e->id,
      "at",
      e->at,
      "token_id",
      (json_int_t)e->token_id,
      "publisher",
      e->publisher,
      "record",
      e->record,
      "record_id",
      (json_int_t)e->record_id,
      "action",
      e->action,
      "status",
      e->status,
      "result",
      e->result,
      "hash_before",
      e->hash_before,
      "hash_after",
      e->hash_after,
      "remote",
      e->remote,
      "message",
      e->message);
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

/* A hash shortened for the table: the first 12 digits say enough to tell
 * versions apart; --json gives the whole. */
static const char *
short_hash(const char *h, char out[16])
{
  if (!*h)
    return "-";
  snprintf(out, 16, "%.12s", h + (strncmp(h, "sha256:", 7) ? 0 : 7));
  return out;
}

static void
print_text(const hdc_store_audit_entries *l)
{
  if (!l->n) {
    puts("no writes recorded");
    return;
  }
  printf("%-20s %-6s %-6s %-4s %-10s %-12s %-12s %-15s %s\n",
         "WHEN",
         "TOKEN",
         "ACTION",
         "HTTP",
         "RESULT",
         "BEFORE",
         "AFTER",
         "CLIENT",
         "RECORD / PUBLISHER / MESSAGE");
  for (size_t i = 0; i < l->n; ++i) {
    const hdc_store_audit_entry *e = &l->items[i];
    char                         tok[24], b[16], a[16];
    if (e->token_id)
      snprintf(tok, sizeof tok, "%" PRId64, e->token_id);
    else
      snprintf(tok, sizeof tok, "-");
    printf("%-20s %-6s %-6s %-4d %-10s %-12s %-12s %-15s %s  %s  %s\n",
           e->at,
           tok,
           e->action,
           e->status,
           e->result,
           short_hash(e->hash_before, b),
           short_hash(e->hash_after, a),
           *e->remote ? e->remote : "-",
           *e->record ? e->record : "-",
           *e->publisher ? e->publisher : "-",
           e->message);
  }
}

int
hdc_cli_audit(int argc, char **argv)
{
  const char              *db = NULL, *publisher = NULL, *limit_s = NULL;
  bool                     json = false;
  hdc_store               *s    = NULL;
  hdc_store_audit_entries *l    = NULL;
  hdc_error                err;
  int                      rc    = HDC_EXIT_OK;
  unsigned long            limit = 0;
  hdc_error_clear(&err);
  for (int i = 1; i < argc; ++i) {
    const char  *o    = argv[i];
    const char **want = NULL;
    if (!strcmp(o, "--help") || !strcmp(o, "-h")) {
      fputs(audit_usage, stdout);
      return HDC_EXIT_OK;
    } else if (!strcmp(o, "--db")) {
      want = &db;
    } else if (!strcmp(o, "--publisher")) {
      want = &publisher;
    } else if (!strcmp(o, "--limit")) {
      want = &limit_s;
    } else if (!strcmp(o, "--json")) {
      json = true;
    } else {
      fprintf(
        stderr, "hdcat: audit: unknown argument '%s'\n%s", o, audit_usage);
      return HDC_EXIT_USAGE;
    }
    if (want) {
      if (i + 1 >= argc) {
        fprintf(stderr, "hdcat: audit: option '%s' needs a value\n", o);
        return HDC_EXIT_USAGE;
      }
      *want = argv[++i];
    }
  }
  if (limit_s) {
    char *end = NULL;
    limit     = strtoul(limit_s, &end, 10);
    if (!*limit_s || *end || limit_s[0] == '-' || limit == 0) {
      fprintf(stderr, "hdcat: audit: --limit wants a positive number\n");
      return HDC_EXIT_USAGE;
    }
  }
  hdc_store_open_opts oo = { .read_only = false, .limits = NULL };
  hdc_status          st = hdc_store_open(hdc_cli_db_path(db), &oo, &s, &err);
  if (st || (st = hdc_store_audit_list(s, publisher, limit, &l, &err))) {
    hdc_cli_print_error(&err);
    rc = hdc_cli_exit_code(st);
    goto done;
  }
  if (json)
    rc = print_json(l);
  else
    print_text(l);
done:
  hdc_store_audit_entries_free(l);
  hdc_store_close(s);
  return rc;
}
