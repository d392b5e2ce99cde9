// SPDX-License-Identifier: EUPL-1.2
/*
 * Unit tests for the core module: status and error records, string views,
 * UTF-8 validation, buffers, arenas, allocation fault injection, logging
 * and the limits table.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hdcat/core.h"

#include <stdlib.h>
#include <string.h>

static void
test_strerror_every_status_named(void **state)
{
  (void)state;
  for (int st = HDC_OK; st <= HDC_ERR_INTERNAL; ++st) {
    const char *m = hdc_strerror((hdc_status)st);
    assert_non_null(m);
    assert_true(strlen(m) > 0);
    assert_string_not_equal(m, "unknown status");
  }
  assert_string_equal(hdc_strerror((hdc_status)999), "unknown status");
}

static void
test_error_first_one_kept(void **state)
{
  (void)state;
  hdc_error err;
  hdc_error_clear(&err);
  assert_int_equal(err.status, HDC_OK);
  assert_int_equal(hdc_error_set(&err, HDC_ERR_SYNTAX, "a.ttl", 3, 7,
                                 "expected '%s'", "."),
                   HDC_ERR_SYNTAX);
  assert_int_equal(hdc_error_set(&err, HDC_ERR_IO, "b.ttl", 1, 1, "later"),
                   HDC_ERR_IO);
  assert_int_equal(err.status, HDC_ERR_SYNTAX);
  assert_string_equal(err.source, "a.ttl");
  assert_int_equal(err.line, 3);
  assert_int_equal(err.column, 7);
  assert_string_equal(err.message, "expected '.'");
  char out[256];
  assert_string_equal(hdc_error_format(&err, out, sizeof out),
                      "a.ttl:3:7: error: expected '.'");
  /* NULL error records are accepted everywhere. */
  assert_int_equal(hdc_error_set(NULL, HDC_ERR_IO, NULL, 0, 0, "x"),
                   HDC_ERR_IO);
  hdc_error_clear(NULL);
}

static void
test_error_format_without_position(void **state)
{
  (void)state;
  hdc_error err;
  char      out[256];
  hdc_error_clear(&err);
  hdc_error_set(&err, HDC_ERR_NOT_FOUND, "x.rdf", 0, 0, "no such file");
  assert_string_equal(hdc_error_format(&err, out, sizeof out),
                      "x.rdf: error: no such file");
  hdc_error_clear(&err);
  hdc_error_set(&err, HDC_ERR_SYNTAX, "y.nt", 4, 0, "bad");
  assert_string_equal(hdc_error_format(&err, out, sizeof out),
                      "y.nt:4: error: bad");
  hdc_error_clear(&err);
  hdc_error_set(&err, HDC_ERR_NOMEM, NULL, 0, 0, NULL);
  assert_string_equal(hdc_error_format(&err, out, sizeof out),
                      "error: out of memory");
  /* A tiny output buffer truncates, never overflows. */
  char tiny[5];
  hdc_error_format(&err, tiny, sizeof tiny);
  assert_int_equal(strlen(tiny), 4);
}

static void
test_error_long_message_truncated(void **state)
{
  (void)state;
  hdc_error err;
  hdc_error_clear(&err);
  char long_src[2000];
  memset(long_src, 's', sizeof long_src - 1);
  long_src[sizeof long_src - 1] = '\0';
  hdc_error_set(&err, HDC_ERR_IO, long_src, 1, 1, "%s", long_src);
  assert_int_equal(strlen(err.source), sizeof err.source - 1);
  assert_int_equal(strlen(err.message), sizeof err.message - 1);
}

static void
test_str_views_compare(void **state)
{
  (void)state;
  hdc_str a = HDC_STR("http://purl.org/dc/terms/title");
  assert_true(hdc_str_eq_z(a, "http://purl.org/dc/terms/title"));
  assert_false(hdc_str_eq_z(a, "http://purl.org/dc/terms/"));
  assert_true(hdc_str_has_prefix(a, HDC_STR("http://purl.org/")));
  assert_false(hdc_str_has_prefix(HDC_STR("ab"), HDC_STR("abc")));
  assert_true(hdc_str_has_suffix(a, HDC_STR("/title")));
  assert_true(hdc_str_has_suffix(a, HDC_STR("")));
  assert_true(hdc_str_eq_nocase(HDC_STR("Text/Turtle"), HDC_STR("text/turtle")));
  assert_false(hdc_str_eq_nocase(HDC_STR("text/turtle"), HDC_STR("text/turtl")));
  assert_int_equal(hdc_str_from(NULL).len, 0);
  assert_true(hdc_str_eq(hdc_str_from(NULL), HDC_STR("")));
}

static void
test_utf8_valid_and_invalid(void **state)
{
  (void)state;
  size_t      off = 99;
  const char *ok  = "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 plain ascii text";
  assert_true(hdc_utf8_valid(ok, strlen(ok), &off));
  assert_int_equal(off, 99);
  struct {
    const char *bytes;
    size_t      len;
    size_t      at;
  } bad[] = {
    {"abc\xff", 4, 3},                 /* never valid */
    {"abcdefgh\xc0\xaf", 10, 8},       /* overlong '/' after an ASCII run */
    {"\xe0\x80\xaf", 3, 0},            /* overlong three-byte */
    {"x\xed\xa0\x80", 4, 1},           /* surrogate U+D800 */
    {"\xf4\x90\x80\x80", 4, 0},        /* above U+10FFFF */
    {"ok\xc3", 3, 2},                  /* truncated sequence */
    {"ok\xe2\x82", 4, 2},              /* truncated sequence */
    {"\xc3\x28", 2, 0},                /* bad continuation */
    {"Montr\xe9" "al", 8, 5},          /* Latin-1 e-acute */
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
    off = 99;
    assert_false(hdc_utf8_valid(bad[i].bytes, bad[i].len, &off));
    assert_int_equal(off, bad[i].at);
  }
  assert_true(hdc_utf8_valid("", 0, NULL));
}

static void
test_hash_stable_and_seeded(void **state)
{
  (void)state;
  uint64_t a = hdc_hash64("dcat", 4, 0);
  assert_int_equal(a, hdc_hash64("dcat", 4, 0));
  assert_int_not_equal(a, hdc_hash64("dcat", 4, 1));
  assert_int_not_equal(a, hdc_hash64("dcaT", 4, 0));
  /* FNV-1a of the empty string is the offset basis. */
  assert_int_equal(hdc_hash64("", 0, 0), 0xcbf29ce484222325ULL);
}

static void
test_buf_grows_and_terminates(void **state)
{
  (void)state;
  hdc_buf b = HDC_BUF_INIT;
  assert_int_equal(hdc_buf_view(&b).len, 0);
  for (int i = 0; i < 1000; ++i) {
    assert_int_equal(hdc_buf_printf(&b, "%d,", i), HDC_OK);
  }
  assert_int_equal(b.ptr[b.len], '\0');
  assert_true(hdc_str_has_prefix(hdc_buf_view(&b), HDC_STR("0,1,2,")));
  assert_true(hdc_str_has_suffix(hdc_buf_view(&b), HDC_STR("998,999,")));
  char big[600];
  memset(big, 'x', sizeof big - 1);
  big[sizeof big - 1] = '\0';
  size_t before = b.len;
  assert_int_equal(hdc_buf_printf(&b, "[%s]", big), HDC_OK);
  assert_int_equal(b.len, before + 601);
  assert_int_equal(b.ptr[b.len - 1], ']');
  hdc_buf_reset(&b);
  assert_int_equal(b.len, 0);
  assert_string_equal(b.ptr, "");
  hdc_buf_putc(&b, 'a');
  hdc_buf_puts(&b, "bc");
  hdc_buf_put_str(&b, HDC_STR("de"));
  assert_string_equal(b.ptr, "abcde");
  size_t len = 0;
  char  *p   = hdc_buf_detach(&b, &len);
  assert_string_equal(p, "abcde");
  assert_int_equal(len, 5);
  assert_null(b.ptr);
  hdc_free(p);
  hdc_buf_clear(&b);
  hdc_buf_clear(NULL);
}

static void
test_buf_oom_is_sticky(void **state)
{
  (void)state;
  hdc_buf b = HDC_BUF_INIT;
  hdc_alloc_fail_after(0);
  assert_int_equal(hdc_buf_puts(&b, "hello"), HDC_ERR_NOMEM);
  hdc_alloc_fail_after(-1);
  /* Later appends do nothing once a growth failed. */
  assert_int_equal(hdc_buf_puts(&b, "world"), HDC_ERR_NOMEM);
  assert_int_equal(hdc_buf_status(&b), HDC_ERR_NOMEM);
  size_t len = 7;
  assert_null(hdc_buf_detach(&b, &len));
  assert_int_equal(len, 0);
  assert_false(b.oom);
  /* Overflowing request. */
  assert_int_equal(hdc_buf_reserve(&b, SIZE_MAX), HDC_ERR_NOMEM);
  hdc_buf_clear(&b);
}

static void
test_arena_aligned_and_large(void **state)
{
  (void)state;
  hdc_arena *a = hdc_arena_new(128);
  assert_non_null(a);
  char *prev = NULL;
  for (int i = 1; i < 200; ++i) {
    char *p = hdc_arena_alloc(a, (size_t)(i % 13) + 1);
    assert_non_null(p);
    assert_int_equal((uintptr_t)p % 8, 0);
    memset(p, 'z', (size_t)(i % 13) + 1);
    assert_ptr_not_equal(p, prev);
    prev = p;
  }
  char *small = hdc_arena_alloc(a, 8);
  char *large = hdc_arena_alloc(a, 10000);
  char *after = hdc_arena_alloc(a, 8);
  assert_non_null(large);
  memset(large, 1, 10000);
  /* The large block did not displace the current one. */
  assert_ptr_equal(after, small + 8);
  char *z = hdc_arena_strndup(a, "dataset", 4);
  assert_string_equal(z, "data");
  assert_true(hdc_arena_bytes(a) >= 10000);
  hdc_arena_reset(a);
  assert_true(hdc_arena_bytes(a) < 10000);
  assert_non_null(hdc_arena_alloc(a, 16));
  assert_null(hdc_arena_alloc(a, SIZE_MAX));
  hdc_arena_free(a);
  hdc_arena_free(NULL);
  hdc_arena_reset(NULL);
  assert_int_equal(hdc_arena_bytes(NULL), 0);
}

static void
test_arena_grow_keeps_items(void **state)
{
  (void)state;
  hdc_arena *a   = hdc_arena_new(256);
  int       *v   = NULL;
  size_t     n   = 0, cap = 0;
  for (int i = 0; i < 1000; ++i) {
    int *nv = hdc_arena_grow(a, v, n, &cap, sizeof *nv);
    assert_non_null(nv);
    assert_true(cap > n);
    v      = nv;
    v[n++] = i;
  }
  for (int i = 0; i < 1000; ++i)
    assert_int_equal(v[i], i);
  /* With room left, the same array comes back. */
  size_t before = cap;
  if (n < cap)
    assert_ptr_equal(hdc_arena_grow(a, v, n, &cap, sizeof *v), v);
  assert_int_equal(cap, before);
  /* OOM: NULL, array and capacity unchanged. */
  size_t full = cap;
  hdc_alloc_fail_after(0);
  assert_null(hdc_arena_grow(a, v, full, &cap, 1 << 20));
  hdc_alloc_fail_after(-1);
  assert_int_equal(cap, full);
  /* A size whose doubling overflows is refused. */
  size_t huge = SIZE_MAX / 2 + 1;
  assert_null(hdc_arena_grow(a, v, huge, &huge, 2));
  hdc_arena_free(a);
}

static void
test_arena_oom_returns_null(void **state)
{
  (void)state;
  hdc_alloc_fail_after(0);
  assert_null(hdc_arena_new(0));
  hdc_alloc_fail_after(-1);
  hdc_arena *a = hdc_arena_new(0);
  hdc_alloc_fail_after(0);
  assert_null(hdc_arena_alloc(a, 10));
  assert_true(hdc_alloc_injected_failures() >= 1);
  hdc_alloc_fail_after(-1);
  assert_int_equal(hdc_alloc_injected_failures(), 0);
  assert_non_null(hdc_arena_alloc(a, 10));
  hdc_arena_free(a);
}

static void
test_alloc_fail_after_counts(void **state)
{
  (void)state;
  hdc_alloc_fail_after(2);
  void *a = hdc_malloc(1);
  void *b = hdc_calloc(1, 1);
  void *c = hdc_malloc(1);
  void *d = hdc_strndup("x", 1);
  hdc_alloc_fail_after(-1);
  assert_non_null(a);
  assert_non_null(b);
  assert_null(c);
  assert_null(d);
  hdc_free(a);
  hdc_free(b);
  hdc_free(NULL);
  void *r = hdc_realloc(NULL, 8);
  assert_non_null(r);
  hdc_free(r);
}

static void
test_limits_table_consistent(void **state)
{
  (void)state;
  hdc_limits l;
  hdc_limits_init(&l);
  for (int i = 0; i < HDC_LIMIT__COUNT; ++i) {
    const hdc_limit_info *info = hdc_limit_info_get((hdc_limit)i);
    assert_non_null(info);
    assert_non_null(info->name);
    assert_non_null(info->doc);
    assert_true(info->min <= info->def && info->def <= info->max);
    assert_int_equal(hdc_limits_get(&l, (hdc_limit)i), info->def);
    assert_int_equal(hdc_limits_get(NULL, (hdc_limit)i), info->def);
  }
  assert_null(hdc_limit_info_get(HDC_LIMIT__COUNT));
}

static void
test_limits_set_checks_range(void **state)
{
  (void)state;
  hdc_limits l;
  hdc_error  err;
  hdc_limits_init(&l);
  hdc_error_clear(&err);
  assert_int_equal(hdc_limits_set(&l, "literal_bytes", 4096, &err), HDC_OK);
  assert_int_equal(hdc_limits_get(&l, HDC_LIMIT_LITERAL_BYTES), 4096);
  assert_int_equal(hdc_limits_set(&l, "literal_bytes", 0, &err),
                   HDC_ERR_INVALID_ARG);
  assert_non_null(strstr(err.message, "literal_bytes"));
  hdc_error_clear(&err);
  assert_int_equal(hdc_limits_set(&l, "no_such_limit", 1, &err),
                   HDC_ERR_NOT_FOUND);
  assert_non_null(strstr(err.message, "no_such_limit"));
  assert_int_equal(hdc_limits_get(&l, HDC_LIMIT_LITERAL_BYTES), 4096);
}

/* The RDF parser library's sizes are int-sized: a document limit of 2 GiB
 * or more must be refused, so a huge file fails with a limit error
 * instead of crashing the parser. */
static void
test_limits_document_cap_below_2gib(void **state)
{
  (void)state;
  hdc_limits            l;
  hdc_error             err;
  const hdc_limit_info *info = hdc_limit_info_get(HDC_LIMIT_DOCUMENT_BYTES);
  uint64_t              two_gib = (uint64_t)2 * 1024 * 1024 * 1024;
  hdc_limits_init(&l);
  hdc_error_clear(&err);
  assert_non_null(info);
  assert_true(info->max < two_gib);
  assert_int_equal(hdc_limits_set(&l, "document_bytes", info->max, &err),
                   HDC_OK);
  assert_int_equal(hdc_limits_set(&l, "document_bytes", two_gib, &err),
                   HDC_ERR_INVALID_ARG);
  assert_non_null(strstr(err.message, "document_bytes"));
  hdc_error_clear(&err);
  setenv("HDCAT_LIMIT_DOCUMENT_BYTES", "2545000000", 1);
  assert_int_equal(hdc_limits_from_env(&l, &err), HDC_ERR_INVALID_ARG);
  unsetenv("HDCAT_LIMIT_DOCUMENT_BYTES");
  assert_int_equal(hdc_limits_get(&l, HDC_LIMIT_DOCUMENT_BYTES), info->max);
}

static void
test_limits_from_env(void **state)
{
  (void)state;
  hdc_limits l;
  hdc_error  err;
  hdc_limits_init(&l);
  hdc_error_clear(&err);
  setenv("HDCAT_LIMIT_TRIPLES", "1234", 1);
  assert_int_equal(hdc_limits_from_env(&l, &err), HDC_OK);
  assert_int_equal(hdc_limits_get(&l, HDC_LIMIT_TRIPLES), 1234);
  setenv("HDCAT_LIMIT_TRIPLES", "12x", 1);
  assert_int_equal(hdc_limits_from_env(&l, &err), HDC_ERR_INVALID_ARG);
  assert_string_equal(err.source, "HDCAT_LIMIT_TRIPLES");
  hdc_error_clear(&err);
  setenv("HDCAT_LIMIT_TRIPLES", "-5", 1);
  assert_int_equal(hdc_limits_from_env(&l, &err), HDC_ERR_INVALID_ARG);
  hdc_error_clear(&err);
  setenv("HDCAT_LIMIT_TRIPLES", "0", 1);
  assert_int_equal(hdc_limits_from_env(&l, &err), HDC_ERR_INVALID_ARG);
  assert_string_equal(err.source, "HDCAT_LIMIT_TRIPLES");
  unsetenv("HDCAT_LIMIT_TRIPLES");
}

static int         log_calls;
static char        log_last[256];
static void
capture_log(void *ctx, hdc_log_level level, const char *msg)
{
  (void)ctx;
  (void)level;
  ++log_calls;
  strncpy(log_last, msg, sizeof log_last - 1);
}

static void
test_log_level_filters(void **state)
{
  (void)state;
  hdc_log_set_sink(capture_log, NULL);
  hdc_log_set_level(HDC_LOG_WARN);
  log_calls = 0;
  hdc_log(HDC_LOG_INFO, "dropped");
  hdc_log(HDC_LOG_ERROR, "kept %d", 42);
  assert_int_equal(log_calls, 1);
  assert_string_equal(log_last, "kept 42");
  assert_string_equal(hdc_log_level_name(HDC_LOG_DEBUG), "debug");
  hdc_log_set_sink(NULL, NULL);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_strerror_every_status_named),
    cmocka_unit_test(test_error_first_one_kept),
    cmocka_unit_test(test_error_format_without_position),
    cmocka_unit_test(test_error_long_message_truncated),
    cmocka_unit_test(test_str_views_compare),
    cmocka_unit_test(test_utf8_valid_and_invalid),
    cmocka_unit_test(test_hash_stable_and_seeded),
    cmocka_unit_test(test_buf_grows_and_terminates),
    cmocka_unit_test(test_buf_oom_is_sticky),
    cmocka_unit_test(test_arena_aligned_and_large),
    cmocka_unit_test(test_arena_oom_returns_null),
    cmocka_unit_test(test_arena_grow_keeps_items),
    cmocka_unit_test(test_alloc_fail_after_counts),
    cmocka_unit_test(test_limits_table_consistent),
    cmocka_unit_test(test_limits_set_checks_range),
    cmocka_unit_test(test_limits_from_env),
    cmocka_unit_test(test_limits_document_cap_below_2gib),
    cmocka_unit_test(test_log_level_filters),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
