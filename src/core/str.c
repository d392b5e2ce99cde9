// SPDX-License-Identifier: EUPL-1.2
/*
 * String views, UTF-8 validation and hashing.
 *
 * Views borrow their bytes; nothing here allocates.
 */
#include "hdcat/core.h"

#include <string.h>

hdc_str
hdc_str_from(const char *z)
{
  hdc_str s = {z ? z : "", z ? strlen(z) : 0};
  return s;
}

bool
hdc_str_eq(hdc_str a, hdc_str b)
{
  return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

bool
hdc_str_eq_z(hdc_str a, const char *z)
{
  return hdc_str_eq(a, hdc_str_from(z));
}

bool
hdc_str_has_prefix(hdc_str s, hdc_str prefix)
{
  return s.len >= prefix.len &&
         (prefix.len == 0 || memcmp(s.ptr, prefix.ptr, prefix.len) == 0);
}

bool
hdc_str_has_suffix(hdc_str s, hdc_str suffix)
{
  return s.len >= suffix.len &&
         (suffix.len == 0 ||
          memcmp(s.ptr + s.len - suffix.len, suffix.ptr, suffix.len) == 0);
}

static unsigned char
ascii_lower(unsigned char c)
{
  return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + ('a' - 'A')) : c;
}

/* 7: IRI_BAD | JSON_ESC | NT_ESC (C0 controls, '"', backslash); 1: IRI_BAD
 * only (space <>^`{|}); 4: NT_ESC only (DEL). */
const unsigned char hdc_byte_class[256] = {
  7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, /* 0x00 */
  7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, /* 0x10 */
  1, 0, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x20 */
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, /* 0x30 */
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x40 */
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7, 0, 1, 0, /* 0x50 */
  1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x60 */
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 4, /* 0x70 */
  /* 0x80-0xFF: 0 */
};

int
hdc_hex_value(char c)
{
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

bool
hdc_str_eq_nocase(hdc_str a, hdc_str b)
{
  if (a.len != b.len) {
    return false;
  }
  for (size_t i = 0; i < a.len; ++i) {
    if (ascii_lower((unsigned char)a.ptr[i]) !=
        ascii_lower((unsigned char)b.ptr[i])) {
      return false;
    }
  }
  return true;
}

/*
 * UTF-8 as RFC 3629 defines it: no overlong forms, no surrogates
 * (U+D800..U+DFFF), nothing above U+10FFFF. ASCII runs are skipped eight
 * bytes at a time, since most RDF is ASCII.
 */
bool
hdc_utf8_valid(const char *ptr, size_t len, size_t *bad_offset)
{
  const unsigned char *s = (const unsigned char *)ptr;
  size_t               i = 0;
  while (i < len) {
    if (i + 8 <= len) {
      uint64_t w;
      memcpy(&w, s + i, 8);
      if ((w & 0x8080808080808080ULL) == 0) {
        i += 8;
        continue;
      }
    }
    unsigned char c = s[i];
    size_t        n;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c < 0x80) {
      ++i;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      n = 1;
    } else if (c == 0xE0) {
      n  = 2;
      lo = 0xA0;
    } else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
      n = 2;
    } else if (c == 0xED) {
      n  = 2;
      hi = 0x9F;
    } else if (c == 0xF0) {
      n  = 3;
      lo = 0x90;
    } else if (c >= 0xF1 && c <= 0xF3) {
      n = 3;
    } else if (c == 0xF4) {
      n  = 3;
      hi = 0x8F;
    } else {
      goto bad;
    }
    if (len - i <= n) {
      goto bad;
    }
    if (s[i + 1] < lo || s[i + 1] > hi) {
      goto bad;
    }
    for (size_t k = 2; k <= n; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) {
        goto bad;
      }
    }
    i += n + 1;
  }
  return true;
bad:
  if (bad_offset) {
    *bad_offset = i;
  }
  return false;
}

uint64_t
hdc_hash64(const void *ptr, size_t len, uint64_t seed)
{
  const unsigned char *p = (const unsigned char *)ptr;
  uint64_t             h = 0xcbf29ce484222325ULL ^ seed;
  for (size_t i = 0; i < len; ++i) {
    h ^= p[i];
    h *= 0x100000001b3ULL;
  }
  return h;
}
