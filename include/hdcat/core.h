// SPDX-License-Identifier: EUPL-1.2
/**
 * @file core.h
 * The ground every hdcat module stands on: status codes, located error
 * records, string views, growable buffers, arenas, allocation wrappers
 * (with fault injection for tests), logging, and the one table of limits
 * that bounds every input from outside.
 *
 * Nothing here depends on anything but libc.
 */
#ifndef HDCAT_CORE_H
#define HDCAT_CORE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__) || defined(__clang__)
#  define HDC_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#  define HDC_PRINTF(fmt, args)
#endif

#define HDC_VERSION "0.1.0"

/* ------------------------------------------------------------------------ */
/* Status codes                                                             */

/**
 * Result of every fallible call. 0 is success; HDC_FAILURE is the one
 * non-error "no" (not found, already present, stop); everything after it is
 * an error.
 */
typedef enum hdc_status {
  HDC_OK = 0,
  HDC_FAILURE,          /**< Not an error: absent, already present, stop. */
  HDC_ERR_NOMEM,        /**< An allocation failed. */
  HDC_ERR_IO,           /**< Reading or writing a file or stream failed. */
  HDC_ERR_SYNTAX,       /**< Input does not parse. */
  HDC_ERR_ENCODING,     /**< Input is not valid UTF-8. */
  HDC_ERR_INVALID_ARG,  /**< A caller passed something meaningless. */
  HDC_ERR_NOT_FOUND,    /**< A named thing (file, record, source) is absent. */
  HDC_ERR_LIMIT,        /**< Input breaks one of the limits in hdc_limits. */
  HDC_ERR_UNSUPPORTED,  /**< Well-formed, but not something hdcat does. */
  HDC_ERR_DB,           /**< The catalogue database failed. */
  HDC_ERR_HTTP,         /**< A network transfer failed. */
  HDC_ERR_INTERNAL      /**< A bug: an invariant did not hold. */
} hdc_status;

/** A short, static, English description of @p st. Never NULL. */
const char *hdc_strerror(hdc_status st);

/* ------------------------------------------------------------------------ */
/* Located errors                                                           */

/**
 * What went wrong and where. Filled by the first error raised in a call that
 * takes an `hdc_error *err` (which may always be NULL). `line` and `column`
 * are 1-based; 0 means unknown.
 */
typedef struct hdc_error {
  hdc_status    status;
  unsigned long line;
  unsigned long column;
  char          source[512];  /**< File path, URL or other input name. */
  char          message[1024];
} hdc_error;

/** Reset @p err to "no error". No-op on NULL. */
void hdc_error_clear(hdc_error *err);

/**
 * Record an error in @p err (if non-NULL and not already holding one: the
 * first error is the one worth reporting). Returns @p st so callers can write
 * `return hdc_error_set(err, HDC_ERR_SYNTAX, ...)`.
 * @p source may be NULL. The message is truncated to fit.
 */
hdc_status hdc_error_set(hdc_error *err, hdc_status st, const char *source,
                         unsigned long line, unsigned long column,
                         const char *fmt, ...) HDC_PRINTF(6, 7);

/** As hdc_error_set(), but overwrites an error already recorded. */
hdc_status hdc_error_setv(hdc_error *err, hdc_status st, const char *source,
                          unsigned long line, unsigned long column,
                          const char *fmt, va_list ap) HDC_PRINTF(6, 0);

/**
 * Format @p err the way compilers do: `source:line:column: error: message`
 * (line and column omitted when unknown). Writes at most @p cap bytes
 * including the NUL; returns @p out.
 */
char *hdc_error_format(const hdc_error *err, char *out, size_t cap);

/* ------------------------------------------------------------------------ */
/* String views                                                             */

/** A borrowed run of bytes; not necessarily NUL-terminated. */
typedef struct hdc_str {
  const char *ptr;
  size_t      len;
} hdc_str;

/** A view of a string literal. */
#define HDC_STR(lit) ((hdc_str){(lit), sizeof(lit) - 1})
#define HDC_STR_NULL ((hdc_str){NULL, 0})

/** A view of a NUL-terminated string (NULL gives the empty view). */
hdc_str hdc_str_from(const char *z);
bool    hdc_str_eq(hdc_str a, hdc_str b);
bool    hdc_str_eq_z(hdc_str a, const char *z);
bool    hdc_str_has_prefix(hdc_str s, hdc_str prefix);
bool    hdc_str_has_suffix(hdc_str s, hdc_str suffix);
/** ASCII case-insensitive equality. */
bool    hdc_str_eq_nocase(hdc_str a, hdc_str b);

/** True if [ptr, ptr+len) is well-formed UTF-8 (no overlongs, no surrogates).
 *  On failure *bad_offset (if non-NULL) gets the offset of the first bad byte. */
bool hdc_utf8_valid(const char *ptr, size_t len, size_t *bad_offset);

/** Classes of bytes, for the writers' escaping: bits of hdc_byte_class[]. */
enum {
  /** No IRI holds it raw (RFC 3987): C0 controls, space, <>"{}|^`, backslash
   *  (every JSON_ESC byte is one) */
  HDC_BYTE_IRI_BAD = 1,
  /** Escaped in a JSON string: C0 controls, '"', backslash */
  HDC_BYTE_JSON_ESC = 2,
  /** Escaped in an N-Triples or Turtle short string: C0 controls, '"',
   *  backslash, DEL */
  HDC_BYTE_NT_ESC = 4
};
/** The classes of each byte value: a table, as every byte of every term
 *  written goes through it. */
extern const unsigned char hdc_byte_class[256];

/** The value of hexadecimal digit @p c, or -1. */
int hdc_hex_value(char c);

/** 64-bit FNV-1a, for hashing terms and result checks (not cryptographic). */
uint64_t hdc_hash64(const void *ptr, size_t len, uint64_t seed);

/* ------------------------------------------------------------------------ */
/* Allocation                                                               */

/**
 * All hdcat allocations go through these, so tests can make the Nth one fail
 * and check that every path returns HDC_ERR_NOMEM and leaks nothing.
 * hdc_free(NULL) is a no-op.
 */
void *hdc_malloc(size_t n);
void *hdc_calloc(size_t count, size_t size);
void *hdc_realloc(void *ptr, size_t n);
void  hdc_free(void *ptr);
/** Copy of [ptr, ptr+len) with a NUL appended; free with hdc_free(). */
char *hdc_strndup(const char *ptr, size_t len);

/**
 * Fault injection, for tests only: after @p n more successful allocations,
 * every allocation fails until reset with a negative @p n (the default).
 * Not thread-safe.
 */
void hdc_alloc_fail_after(long n);
/** Number of allocations that failed by injection since the last reset. */
unsigned long hdc_alloc_injected_failures(void);

/* ------------------------------------------------------------------------ */
/* Growable buffer                                                          */

/**
 * A growable byte buffer, always NUL-terminated once it holds anything.
 * Errors are sticky (SQLite style): after a failed growth `oom` is set and
 * later appends do nothing, so a long run of appends can be checked once.
 */
typedef struct hdc_buf {
  char  *ptr;  /**< NULL until the first append. */
  size_t len;
  size_t cap;
  bool   oom;
} hdc_buf;

#define HDC_BUF_INIT {NULL, 0, 0, false}

void       hdc_buf_init(hdc_buf *b);
/** Free the storage and reset to empty. No-op on NULL. */
void       hdc_buf_clear(hdc_buf *b);
/** Empty the buffer but keep its storage. */
void       hdc_buf_reset(hdc_buf *b);
hdc_status hdc_buf_reserve(hdc_buf *b, size_t extra);
hdc_status hdc_buf_append(hdc_buf *b, const void *ptr, size_t len);
hdc_status hdc_buf_puts(hdc_buf *b, const char *z);
hdc_status hdc_buf_putc(hdc_buf *b, char c);
hdc_status hdc_buf_put_str(hdc_buf *b, hdc_str s);
/** Append code point @p c (at most 0x10FFFF) as UTF-8. */
hdc_status hdc_buf_put_utf8(hdc_buf *b, uint32_t c);
hdc_status hdc_buf_printf(hdc_buf *b, const char *fmt, ...) HDC_PRINTF(2, 3);
/** HDC_ERR_NOMEM if any earlier growth failed, else HDC_OK. */
hdc_status hdc_buf_status(const hdc_buf *b);
/** Hand the storage to the caller (free with hdc_free()); the buffer is
 *  left empty. Returns NULL if empty or after an allocation failure. */
char      *hdc_buf_detach(hdc_buf *b, size_t *len);
hdc_str    hdc_buf_view(const hdc_buf *b);

/* ------------------------------------------------------------------------ */
/* Arena                                                                    */

/**
 * A bump allocator: many small allocations, one free. Used for interned
 * terms, per-request and per-record work. Memory is 8-byte aligned.
 */
typedef struct hdc_arena hdc_arena;

/** New arena whose blocks are at least @p block_size bytes (0: default). */
hdc_arena *hdc_arena_new(size_t block_size);
/** Free the arena and everything allocated from it. No-op on NULL. */
void       hdc_arena_free(hdc_arena *a);
/** Forget every allocation but keep the first block for reuse. */
void       hdc_arena_reset(hdc_arena *a);
/** @p n bytes, 8-byte aligned, uninitialised; NULL on OOM. */
void      *hdc_arena_alloc(hdc_arena *a, size_t n);
/** Copy of [ptr, ptr+len) plus a NUL; NULL on OOM. */
char      *hdc_arena_strndup(hdc_arena *a, const char *ptr, size_t len);
/**
 * Room for one more item in an arena array of @p n items of @p size bytes
 * at @p items with capacity *cap: @p items itself if there is room, else a
 * copy with twice the capacity (the old one stays in the arena until it is
 * freed) and *cap updated. NULL on OOM (the array is unchanged).
 */
void      *hdc_arena_grow(hdc_arena *a, void *items, size_t n, size_t *cap,
                          size_t size);
/** Bytes obtained from the system (blocks), for memory accounting. */
size_t     hdc_arena_bytes(const hdc_arena *a);

/* ------------------------------------------------------------------------ */
/* Logging                                                                  */

typedef enum hdc_log_level {
  HDC_LOG_DEBUG = 0,
  HDC_LOG_INFO,
  HDC_LOG_WARN,
  HDC_LOG_ERROR
} hdc_log_level;

typedef void (*hdc_log_fn)(void *ctx, hdc_log_level level, const char *msg);

/** Messages below @p level are dropped (default HDC_LOG_WARN). */
void hdc_log_set_level(hdc_log_level level);
/** Send messages to @p fn (NULL: standard error, one line each). */
void hdc_log_set_sink(hdc_log_fn fn, void *ctx);
void hdc_log(hdc_log_level level, const char *fmt, ...) HDC_PRINTF(2, 3);
const char *hdc_log_level_name(hdc_log_level level);

/* ------------------------------------------------------------------------ */
/* Limits                                                                   */

/** Every bound on outside input, in one table (see hdc_limit_info()). */
typedef enum hdc_limit {
  HDC_LIMIT_DOCUMENT_BYTES = 0, /**< One RDF document (file, page, upload). */
  HDC_LIMIT_TRIPLES,            /**< Triples in one document. */
  HDC_LIMIT_RECORD_TRIPLES,     /**< Triples in one dataset record. */
  HDC_LIMIT_LITERAL_BYTES,      /**< One literal's lexical form. */
  HDC_LIMIT_IRI_BYTES,          /**< One IRI. */
  HDC_LIMIT_NESTING_DEPTH,      /**< Nested blank nodes / collections / XML. */
  HDC_LIMIT_REDIRECTS,          /**< HTTP redirects followed per fetch. */
  HDC_LIMIT_FETCH_SECONDS,      /**< Total time of one HTTP fetch. */
  HDC_LIMIT_PAGES,              /**< Pages walked in one harvest of a source. */
  HDC_LIMIT_REQUEST_BODY,       /**< One HTTP request body (uploads). */
  HDC_LIMIT_CONNECTIONS,        /**< Concurrent HTTP connections served. */
  HDC_LIMIT_QUERY_BYTES,        /**< One search query. */
  HDC_LIMIT__COUNT
} hdc_limit;

/** A limit's name (as used in `HDCAT_LIMIT_<NAME>`), bounds and default. */
typedef struct hdc_limit_info {
  const char *name;  /**< Lower-case, e.g. "document_bytes". */
  const char *unit;  /**< "bytes", "triples", "seconds", ... */
  uint64_t    min;
  uint64_t    max;
  uint64_t    def;
  const char *doc;   /**< One sentence for --help and the README. */
} hdc_limit_info;

/** Static description of @p which; NULL if out of range. */
const hdc_limit_info *hdc_limit_info_get(hdc_limit which);

/** A set of limit values. Copyable by value. */
typedef struct hdc_limits {
  uint64_t value[HDC_LIMIT__COUNT];
} hdc_limits;

/** Fill @p l with the defaults. */
void hdc_limits_init(hdc_limits *l);
/** The value of @p which in @p l, or its default when @p l is NULL. */
uint64_t hdc_limits_get(const hdc_limits *l, hdc_limit which);
/**
 * Set the limit named @p name (see hdc_limit_info) to @p value.
 * HDC_ERR_NOT_FOUND for an unknown name, HDC_ERR_INVALID_ARG outside
 * [min, max]; @p err says which.
 */
hdc_status hdc_limits_set(hdc_limits *l, const char *name, uint64_t value,
                          hdc_error *err);
/**
 * Apply `HDCAT_LIMIT_<NAME>=<value>` environment variables over @p l.
 * A malformed or out-of-range value is an error naming the variable.
 */
hdc_status hdc_limits_from_env(hdc_limits *l, hdc_error *err);

/* ------------------------------------------------------------------------ */
/* Sorting small arrays of pointers                                         */

/**
 * Define `static const T **NAME(const T **a, const T **tmp, size_t n)`,
 * which sorts the @p n pointers of @p a in the order of `int CMP(const T *,
 * const T *)`, @p tmp holding n more, and returns the array that holds the
 * result (@p a or @p tmp). Insertion sort of runs of eight, then merges:
 * stable, no allocation, and the comparison inlined where qsort would call
 * through a pointer, which is most of the cost for the few dozen elements
 * of a record's triples or a report's terms.
 */
#define HDC_DEFINE_PTR_SORT(NAME, T, CMP)                                      \
  static const T **NAME(const T **a, const T **tmp, size_t n)                  \
  {                                                                            \
    enum { RUN = 8 };                                                          \
    for (size_t lo = 0; lo < n; lo += RUN) {                                   \
      size_t hi = lo + RUN < n ? lo + RUN : n;                                 \
      for (size_t i = lo + 1; i < hi; i++) {                                   \
        const T *x = a[i];                                                     \
        size_t   j = i;                                                        \
        while (j > lo && CMP(x, a[j - 1]) < 0) {                               \
          a[j] = a[j - 1];                                                     \
          j--;                                                                 \
        }                                                                      \
        a[j] = x;                                                              \
      }                                                                        \
    }                                                                          \
    const T **from = a, **to = tmp;                                            \
    for (size_t width = RUN; width < n; width *= 2) {                          \
      for (size_t lo = 0; lo < n; lo += 2 * width) {                           \
        size_t mid = lo + width < n ? lo + width : n;                          \
        size_t hi  = mid + width < n ? mid + width : n;                        \
        size_t i = lo, j = mid, k = lo;                                        \
        while (i < mid && j < hi) {                                            \
          to[k++] = CMP(from[j], from[i]) < 0 ? from[j++] : from[i++];         \
        }                                                                      \
        while (i < mid) {                                                      \
          to[k++] = from[i++];                                                 \
        }                                                                      \
        while (j < hi) {                                                       \
          to[k++] = from[j++];                                                 \
        }                                                                      \
      }                                                                        \
      const T **swap = from;                                                   \
      from           = to;                                                     \
      to             = swap;                                                   \
    }                                                                          \
    return from;                                                               \
  }

#endif /* HDCAT_CORE_H */
