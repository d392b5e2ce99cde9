// SPDX-License-Identifier: EUPL-1.2
/*
 * Publishing tokens: creating, listing, revoking and checking the bearer
 * tokens data holders push records with (see "Publishing" in store.h).
 *
 * A token reads "hdc1_<id>_<secret>": the id names its row, so a check is
 * one primary-key lookup, and the secret is 32 bytes from getrandom(2) in
 * base64url (43 characters). Only the SHA-256 of the secret is stored, so
 * a copy of the catalogue gives no usable token; the check compares hashes
 * in constant time, so the time an answer takes says nothing about how
 * much of a guess was right.
 */
#include "store_internal.h"

#include <nettle/sha2.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#define TOKEN_PREFIX "hdc1_"
#define SECRET_CHARS 43 /* base64url of 32 bytes, no padding */
#define LABEL_MAX 200

void
hdc_store_sha256_hex(const void *ptr,
                     size_t      len,
                     char        out[HDC_STORE_SHA256_MAX])
{
  static const char hex[] = "0123456789abcdef";
  struct sha256_ctx ctx;
  uint8_t           d[SHA256_DIGEST_SIZE];
  sha256_init(&ctx);
  sha256_update(&ctx, len, ptr ? (const uint8_t *)ptr : (const uint8_t *)"");
  sha256_digest(&ctx, sizeof d, d);
  memcpy(out, "sha256:", 7);
  for (size_t i = 0; i < sizeof d; ++i) {
    out[7 + 2 * i]     = hex[d[i] >> 4];
    out[7 + 2 * i + 1] = hex[d[i] & 15];
  }
  out[7 + 2 * sizeof d] = '\0';
}

void
hdc_store_publisher_key(const char *iri, char out[17])
{
  char h[HDC_STORE_SHA256_MAX];
  hdc_store_sha256_hex(iri, iri ? strlen(iri) : 0, h);
  memcpy(out, h + 7, 16);
  out[16] = '\0';
}

/* Equal strings of equal length, in time that depends only on the length:
 * every byte is looked at whatever the first difference. */
static bool
equal_ct(const char *a, const char *b, size_t n)
{
  volatile unsigned char diff = 0;
  for (size_t i = 0; i < n; ++i)
    diff |= (unsigned char)(a[i] ^ b[i]);
  return diff == 0;
}

/* An absolute IRI a data holder can be named by: a scheme, ':', then no
 * space, control character or character IRIs forbid. */
static bool
iri_ok(const char *iri, size_t max)
{
  size_t n = 0;
  if (!iri || !((*iri >= 'a' && *iri <= 'z') || (*iri >= 'A' && *iri <= 'Z')))
    return false;
  while ((iri[n] >= 'a' && iri[n] <= 'z') || (iri[n] >= 'A' && iri[n] <= 'Z') ||
         (iri[n] >= '0' && iri[n] <= '9') || iri[n] == '+' || iri[n] == '-' ||
         iri[n] == '.')
    ++n;
  if (iri[n] != ':' || !iri[n + 1])
    return false;
  size_t len = strlen(iri);
  if (len > max || !hdc_utf8_valid(iri, len, NULL))
    return false;
  for (const unsigned char *p = (const unsigned char *)iri; *p; ++p) {
    if (*p <= ' ' || *p == 0x7f || strchr("<>\"{}|\\^`", *p))
      return false;
  }
  return true;
}

/* Normalise an expiry date to "YYYY-MM-DDTHH:MM:SSZ" (UTC); a bare date
 * means the end of that day. False if @p in is neither form or not a real
 * date. */
static bool
expiry_parse(const char *in, char out[64])
{
  int    y, mo, d, h = 23, mi = 59, s = 59, used = 0;
  size_t len = strlen(in);
  if (len == 10) {
    if (sscanf(in, "%4d-%2d-%2d%n", &y, &mo, &d, &used) != 3 || used != 10)
      return false;
  } else if (len == 20 && in[10] == 'T' && in[19] == 'Z') {
    if (sscanf(
          in, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &y, &mo, &d, &h, &mi, &s, &used) !=
          6 ||
        used != 20)
      return false;
  } else {
    return false;
  }
  for (size_t i = 0; i < len; ++i) {
    /* sscanf accepts signs and spaces inside %d: refuse them. */
    if (!((in[i] >= '0' && in[i] <= '9') || in[i] == '-' || in[i] == ':' ||
          in[i] == 'T' || in[i] == 'Z'))
      return false;
  }
  static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  bool             leap    = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] ||
      (mo == 2 && d == 29 && !leap) || h > 23 || mi > 59 || s > 59)
    return false;
  snprintf(out, 64, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, d, h, mi, s);
  return true;
}

static void
base64url(const uint8_t *in, size_t n, char *out)
{
  static const char tab[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  size_t o = 0, i = 0;
  for (; i + 3 <= n; i += 3) {
    uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
    out[o++]   = tab[v >> 18 & 63];
    out[o++]   = tab[v >> 12 & 63];
    out[o++]   = tab[v >> 6 & 63];
    out[o++]   = tab[v & 63];
  }
  if (n - i == 2) {
    uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8;
    out[o++]   = tab[v >> 18 & 63];
    out[o++]   = tab[v >> 12 & 63];
    out[o++]   = tab[v >> 6 & 63];
  } else if (n - i == 1) {
    uint32_t v = (uint32_t)in[i] << 16;
    out[o++]   = tab[v >> 18 & 63];
    out[o++]   = tab[v >> 12 & 63];
  }
  out[o] = '\0';
}

/* @p n bytes from the kernel's CSPRNG; getrandom(2) blocks only until the
 * pool is first initialised, and may return less on a signal. */
static bool
random_bytes(uint8_t *buf, size_t n)
{
  size_t got = 0;
  while (got < n) {
    ssize_t r = getrandom(buf + got, n - got, 0);
    if (r < 0) {
      if (errno == EINTR)
        continue;
      return false;
    }
    got += (size_t)r;
  }
  return true;
}

hdc_status
hdc_store_token_create(hdc_store  *s,
                       const char *publisher,
                       const char *label,
                       const char *expires,
                       char        token[HDC_STORE_TOKEN_MAX],
                       int64_t    *id,
                       hdc_error  *err)
{
  hdc_status    st = HDC_OK;
  sqlite3_stmt *q  = NULL;
  uint8_t       raw[HDC_STORE_TOKEN_BYTES];
  char          secret[SECRET_CHARS + 1];
  char          hash[HDC_STORE_SHA256_MAX];
  char          exp[64] = "";
  char          now[32];
  if (!s || !token)
    return hdc_error_set(
      err, HDC_ERR_INVALID_ARG, NULL, 0, 0, "token: no store");
  token[0] = '\0';
  if (!iri_ok(publisher, hdc_limits_get(&s->limits, HDC_LIMIT_IRI_BYTES)))
    return hdc_error_set(err,
                         HDC_ERR_INVALID_ARG,
                         NULL,
                         0,
                         0,
                         "the publisher must be an absolute IRI, such as"
                         " https://example.org/agent/1");
  if (!label)
    label = "";
  if (strlen(label) > LABEL_MAX || !hdc_utf8_valid(label, strlen(label), NULL))
    return hdc_error_set(err,
                         HDC_ERR_INVALID_ARG,
                         NULL,
                         0,
                         0,
                         "the label must be UTF-8 text of at most %d bytes",
                         LABEL_MAX);
  for (const unsigned char *p = (const unsigned char *)label; *p; ++p) {
    if (*p < ' ' || *p == 0x7f)
      return hdc_error_set(err,
                           HDC_ERR_INVALID_ARG,
                           NULL,
                           0,
                           0,
                           "the label must not hold control characters");
  }
  if (expires && *expires && !expiry_parse(expires, exp))
    return hdc_error_set(err,
                         HDC_ERR_INVALID_ARG,
                         NULL,
                         0,
                         0,
                         "bad expiry date '%s': write YYYY-MM-DD or"
                         " YYYY-MM-DDTHH:MM:SSZ (UTC)",
                         expires);
  if (!random_bytes(raw, sizeof raw))
    return hdc_error_set(err,
                         HDC_ERR_IO,
                         NULL,
                         0,
                         0,
                         "the system gave no random bytes: %s",
                         strerror(errno));
  base64url(raw, sizeof raw, secret);
  hdc_store_sha256_hex(secret, SECRET_CHARS, hash);
  hdc_store_now(now);
  if (sqlite3_prepare_v2(s->db,
                         "INSERT INTO token(hash, publisher, label, created,"
                         " expires) VALUES (?1, ?2, ?3, ?4, ?5)",
                         -1,
                         &q,
                         NULL) != SQLITE_OK) {
    st = hdc_store_db_error(s->db, err, "creating a token");
    goto done;
  }
  sqlite3_bind_text(q, 1, hash, -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 2, publisher, -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 3, label, -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 4, now, -1, SQLITE_STATIC);
  sqlite3_bind_text(q, 5, exp, -1, SQLITE_STATIC);
  if (sqlite3_step(q) != SQLITE_DONE) {
    st = hdc_store_db_error(s->db, err, "creating a token");
    goto done;
  }
  int64_t tid = sqlite3_last_insert_rowid(s->db);
  snprintf(
    token, HDC_STORE_TOKEN_MAX, TOKEN_PREFIX "%" PRId64 "_%s", tid, secret);
  if (id)
    *id = tid;
done:
  /* The secret must not linger in freed stack memory longer than needed. */
  memset(raw, 0, sizeof raw);
  memset(secret, 0, sizeof secret);
  sqlite3_finalize(q);
  return st;
}

void
hdc_store_tokens_free(hdc_store_tokens *l)
{
  if (!l)
    return;
  hdc_arena_free(l->arena);
  hdc_free(l);
}

hdc_status
hdc_store_token_list(hdc_store         *s,
                     const char        *publisher,
                     hdc_store_tokens **out,
                     hdc_error         *err)
{
  hdc_status        st  = HDC_OK;
  sqlite3_stmt     *q   = NULL;
  hdc_store_tokens *l   = NULL;
  size_t            cap = 0;
  int               rc;
  if (!s || !out)
    return hdc_error_set(
      err, HDC_ERR_INVALID_ARG, NULL, 0, 0, "token: no store");
  *out = NULL;
  l    = hdc_calloc(1, sizeof *l);
  if (!l || !(l->arena = hdc_arena_new(0)))
    goto oom;
  if (sqlite3_prepare_v2(s->db,
                         "SELECT id, publisher, label, created, last_used,"
                         " expires, revoked FROM token"
                         " WHERE ?1 IS NULL OR publisher = ?1 ORDER BY id",
                         -1,
                         &q,
                         NULL) != SQLITE_OK) {
    st = hdc_store_db_error(s->db, err, "listing tokens");
    goto done;
  }
  if (publisher)
    sqlite3_bind_text(q, 1, publisher, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
    hdc_store_token *ni =
      hdc_arena_grow(l->arena, l->items, l->n, &cap, sizeof *ni);
    if (!ni)
      goto oom;
    l->items = ni;
    hdc_store_token *t = &l->items[l->n];
    t->id              = sqlite3_column_int64(q, 0);
    t->publisher       = hdc_store_col_dup(l->arena, q, 1);
    t->label           = hdc_store_col_dup(l->arena, q, 2);
    t->created         = hdc_store_col_dup(l->arena, q, 3);
    t->last_used       = hdc_store_col_dup(l->arena, q, 4);
    t->expires         = hdc_store_col_dup(l->arena, q, 5);
    t->revoked         = hdc_store_col_dup(l->arena, q, 6);
    if (!t->publisher || !t->label || !t->created || !t->last_used ||
        !t->expires || !t->revoked)
      goto oom;
    l->n++;
  }
  if (rc != SQLITE_DONE) {
    st = hdc_store_db_error(s->db, err, "listing tokens");
    goto done;
  }
  *out = l;
  l    = NULL;
  goto done;
oom:
  st = hdc_error_set(err, HDC_ERR_NOMEM, NULL, 0, 0, "out of memory");
done:
  sqlite3_finalize(q);
  hdc_store_tokens_free(l);
  return st;
}

hdc_status
hdc_store_token_revoke(hdc_store *s, int64_t id, hdc_error *err)
{
  hdc_status    st = HDC_OK;
  sqlite3_stmt *q  = NULL;
  char          now[32];
  if (!s)
    return hdc_error_set(
      err, HDC_ERR_INVALID_ARG, NULL, 0, 0, "token: no store");
  hdc_store_now(now);
  /* Revoking twice keeps the first date: the audit trail dates refusals
   * from it. */
  if (sqlite3_prepare_v2(s->db,
                         "UPDATE token SET revoked = CASE revoked WHEN ''"
                         " THEN ?2 ELSE revoked END WHERE id = ?1",
                         -1,
                         &q,
                         NULL) != SQLITE_OK) {
    st = hdc_store_db_error(s->db, err, "revoking a token");
    goto done;
  }
  sqlite3_bind_int64(q, 1, id);
  sqlite3_bind_text(q, 2, now, -1, SQLITE_STATIC);
  if (sqlite3_step(q) != SQLITE_DONE) {
    st = hdc_store_db_error(s->db, err, "revoking a token");
    goto done;
  }
  if (sqlite3_changes(s->db) == 0)
    st = hdc_error_set(err,
                       HDC_ERR_NOT_FOUND,
                       NULL,
                       0,
                       0,
                       "no token with id %" PRId64 " (see 'hdcat token list')",
                       id);
done:
  sqlite3_finalize(q);
  return st;
}

void
hdc_store_token_auth_clear(hdc_store_token_auth *a)
{
  if (!a)
    return;
  hdc_free(a->publisher);
  memset(a, 0, sizeof *a);
}

/* Split "hdc1_<id>_<secret>"; false if the text has another shape. */
static bool
token_split(const char *t, size_t len, int64_t *id, const char **secret)
{
  size_t  p = sizeof TOKEN_PREFIX - 1, digits = 0;
  int64_t v = 0;
  if (len < p + 2 + SECRET_CHARS || memcmp(t, TOKEN_PREFIX, p) != 0)
    return false;
  while (p < len && t[p] >= '0' && t[p] <= '9') {
    if (++digits > 18)
      return false;
    v = v * 10 + (t[p] - '0');
    ++p;
  }
  if (!digits || t[p] != '_' || len - p - 1 != SECRET_CHARS || v <= 0)
    return false;
  for (size_t i = p + 1; i < len; ++i) {
    char c = t[i];
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
          (c >= '0' && c <= '9') || c == '-' || c == '_'))
      return false;
  }
  *id     = v;
  *secret = t + p + 1;
  return true;
}

hdc_status
hdc_store_token_check(hdc_store            *s,
                      const char           *token,
                      size_t                len,
                      hdc_store_token_auth *out,
                      hdc_error            *err)
{
  hdc_status    st = HDC_OK;
  sqlite3_stmt *q  = NULL;
  const char   *secret;
  int64_t       id;
  char          hash[HDC_STORE_SHA256_MAX];
  char          now[32];
  int           rc;
  if (!s || !out)
    return hdc_error_set(
      err, HDC_ERR_INVALID_ARG, NULL, 0, 0, "token: no store");
  memset(out, 0, sizeof *out);
  out->state = HDC_STORE_TOKEN_MALFORMED;
  if (!token || !token_split(token, len, &id, &secret))
    return HDC_OK;
  out->state = HDC_STORE_TOKEN_UNKNOWN;
  hdc_store_sha256_hex(secret, SECRET_CHARS, hash);
  if (sqlite3_prepare_v2(s->db,
                         "SELECT hash, publisher, expires, revoked FROM token"
                         " WHERE id = ?1",
                         -1,
                         &q,
                         NULL) != SQLITE_OK) {
    st = hdc_store_db_error(s->db, err, "checking a token");
    goto done;
  }
  sqlite3_bind_int64(q, 1, id);
  rc = sqlite3_step(q);
  if (rc == SQLITE_DONE)
    goto done;
  if (rc != SQLITE_ROW) {
    st = hdc_store_db_error(s->db, err, "checking a token");
    goto done;
  }
  const char *stored = (const char *)sqlite3_column_text(q, 0);
  if (!stored || (size_t)sqlite3_column_bytes(q, 0) != strlen(hash) ||
      !equal_ct(stored, hash, strlen(hash)))
    goto done;
  /* From here the caller proved they hold the token: it is theirs even if
   * no longer in force, so the id may be named in the audit trail. */
  out->id             = id;
  const char *expires = (const char *)sqlite3_column_text(q, 2);
  const char *revoked = (const char *)sqlite3_column_text(q, 3);
  hdc_store_now(now);
  if (revoked && *revoked) {
    out->state = HDC_STORE_TOKEN_REVOKED;
    goto done;
  }
  if (expires && *expires && strcmp(now, expires) > 0) {
    out->state = HDC_STORE_TOKEN_EXPIRED;
    goto done;
  }
  const char *pub = (const char *)sqlite3_column_text(q, 1);
  out->publisher  = hdc_strndup(pub ? pub : "", pub ? strlen(pub) : 0);
  if (!out->publisher) {
    out->id = 0;
    st      = hdc_error_set(err, HDC_ERR_NOMEM, NULL, 0, 0, "out of memory");
    goto done;
  }
  out->state = HDC_STORE_TOKEN_OK;
done:
  sqlite3_finalize(q);
  return st;
}
