// SPDX-License-Identifier: EUPL-1.2
/*
 * Packed columns: a record's canonical N-Triples and its validation report
 * are stored as zstd frames (BLOBs); catalogues written before hold them
 * as TEXT, or as deflate streams behind a 4-byte length, and are still
 * read.
 *
 * Each catalogue trains its own zstd dictionaries, one for N-Triples and
 * one for reports, from the first HDC_PACK_DICT_SAMPLES records of a run
 * that writes that many (pack_dict, migration 9). A record's N-Triples
 * (7 kB) and report (6 kB) repeat what every other record of the
 * catalogue says: the same vocabulary IRIs, publishers and, in reports,
 * the same few dozen results. Alone, each frame had to learn them again:
 * with a dictionary, packing takes a third of the time and a quarter of
 * the bytes (bench catalogue: 21 -> 8 us and 2.4 -> 0.7 kB per record).
 * A frame names its dictionary by ID in its header, so frames written
 * before a dictionary existed, and frames of an older dictionary, are read
 * as they are; dictionaries are never deleted.
 */
#include "store_internal.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>
#define ZDICT_STATIC_LINKING_ONLY /* ZDICT_trainFromBuffer_fastCover */
#include <zdict.h>
#include <zstd.h>

/* Texts bigger than this once unpacked are refused as corrupt: a record
 * within the record_triples limit, and its report, stay far below. */
#define MAX_PACKED_BYTES (256u << 20)

/* zstd level 1: on a record's N-Triples (7 kB) it keeps about a quarter
 * of the bytes at over 300 MB/s, where deflate's fastest level ran at a
 * third of that speed for a worse ratio. */
#define PACK_LEVEL 1

/* A dictionary's size: 64 kB, a hundredth of its samples (zstd's advice
 * is at least a tenth), loaded once per connection. */
#define DICT_BYTES ((size_t)64 << 10)

/* The magic number that opens every zstd frame (RFC 8878), as the first
 * four bytes of a BLOB. Read as the little-endian length of the older
 * deflate format it is over MAX_PACKED_BYTES, so the two never mix up. */
static const unsigned char zstd_magic[4] = { 0x28, 0xB5, 0x2F, 0xFD };

bool
hdc_store_pack_with(ZSTD_CCtx        *cctx,
                    const ZSTD_CDict *cdict,
                    const char       *text,
                    size_t            len,
                    hdc_buf          *out)
{
  ZSTD_CCtx *own = NULL;
  bool       ok  = false;
  if (len > MAX_PACKED_BYTES)
    return false;
  if (!cctx && !(cctx = own = ZSTD_createCCtx()))
    return false;
  /* With a dictionary, its level applies and the frame names it. */
  if (ZSTD_isError(ZSTD_CCtx_refCDict(cctx, cdict)) ||
      ZSTD_isError(
        ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, PACK_LEVEL)) ||
      ZSTD_isError(ZSTD_CCtx_setParameter(cctx, ZSTD_c_contentSizeFlag, 1)) ||
      ZSTD_isError(ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 0)))
    goto done;
  size_t bound = ZSTD_compressBound(len);
  size_t at    = out->len;
  if (hdc_buf_reserve(out, bound))
    goto done;
  size_t n =
    ZSTD_compress2(cctx, out->ptr + at, bound, text ? text : "", len);
  if (ZSTD_isError(n) || n < sizeof zstd_magic)
    goto done;
  out->len = at + n;
  ok       = true;
done:
  if (cctx && !own)
    ZSTD_CCtx_refCDict(cctx, NULL);
  ZSTD_freeCCtx(own);
  return ok;
}

bool
hdc_store_pack(const char *text, size_t len, hdc_buf *out)
{
  return hdc_store_pack_with(NULL, NULL, text, len, out);
}

/* ------------------------------------------------------------------------ */
/* Dictionaries                                                             */

static const char *const kind_names[HDC_PACK__KINDS] = { "ntriples",
                                                         "report" };

static void
cdicts_free(hdc_store *s)
{
  for (int k = 0; k < HDC_PACK__KINDS; ++k) {
    ZSTD_freeCDict(s->cdict[k]);
    s->cdict[k] = NULL;
  }
}

void
hdc_store_pack_close(hdc_store *s)
{
  cdicts_free(s);
  for (size_t i = 0; i < HDC_PACK_DDICTS; ++i) {
    ZSTD_freeDDict(s->ddict[i]);
    s->ddict[i]    = NULL;
    s->ddict_id[i] = 0;
  }
  ZSTD_freeDCtx(s->dctx);
  s->dctx = NULL;
}

hdc_status
hdc_store_pack_load(hdc_store *s, hdc_error *err)
{
  sqlite3_stmt *q  = NULL;
  hdc_status    st = HDC_OK;
  cdicts_free(s);
  if (sqlite3_prepare_v2(s->db,
                         "SELECT dict FROM pack_dict WHERE kind = ?1"
                         " ORDER BY seq DESC LIMIT 1",
                         -1,
                         &q,
                         NULL) != SQLITE_OK)
    return hdc_store_db_error(s->db, err, "reading the pack dictionaries");
  for (int k = 0; k < HDC_PACK__KINDS; ++k) {
    sqlite3_reset(q);
    sqlite3_bind_text(q, 1, kind_names[k], -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
      const void *d = sqlite3_column_blob(q, 0);
      size_t      n = (size_t)sqlite3_column_bytes(q, 0);
      /* An unusable dictionary only means packing without one. */
      if (d && n)
        s->cdict[k] = ZSTD_createCDict(d, n, PACK_LEVEL);
    } else if (rc != SQLITE_DONE) {
      st = hdc_store_db_error(s->db, err, "reading the pack dictionaries");
      break;
    }
  }
  sqlite3_finalize(q);
  return st;
}

hdc_status
hdc_store_pack_train(hdc_store    *s,
                     int           kind,
                     const char   *samples,
                     const size_t *sizes,
                     size_t        n,
                     hdc_error    *err)
{
  hdc_status    st   = HDC_OK;
  sqlite3_stmt *q    = NULL;
  void         *dict = NULL;
  char          now[32];
  if (kind < 0 || kind >= HDC_PACK__KINDS || s->cdict[kind] || !n ||
      n > UINT_MAX)
    return HDC_OK;
  if (!(dict = hdc_malloc(DICT_BYTES)))
    return hdc_error_set(err, HDC_ERR_NOMEM, NULL, 0, 0, "out of memory");
  /* fastCover with fixed parameters: a tenth of a second for a thousand
   * records, where the parameter search of ZDICT_trainFromBuffer() takes
   * five times longer for a few per cent of ratio. */
  ZDICT_fastCover_params_t p;
  memset(&p, 0, sizeof p);
  p.k                            = 200;
  p.d                            = 8;
  p.f                            = 20;
  p.accel                        = 1;
  p.zParams.compressionLevel     = PACK_LEVEL;
  p.zParams.notificationLevel    = 0;
  size_t got = ZDICT_trainFromBuffer_fastCover(
    dict, DICT_BYTES, samples, sizes, (unsigned)n, p);
  unsigned id = ZDICT_isError(got) ? 0 : ZDICT_getDictID(dict, got);
  if (!id)
    goto done; /* too little to learn from: no dictionary */
  hdc_store_now(now);
  if (sqlite3_prepare_v2(s->db,
                         "INSERT INTO pack_dict(dict_id, kind, dict, created)"
                         " VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
                         -1,
                         &q,
                         NULL) != SQLITE_OK) {
    st = hdc_store_db_error(s->db, err, "storing a pack dictionary");
    goto done;
  }
  sqlite3_bind_int64(q, 1, (sqlite3_int64)id);
  sqlite3_bind_text(q, 2, kind_names[kind], -1, SQLITE_STATIC);
  sqlite3_bind_blob(q, 3, dict, (int)got, SQLITE_STATIC);
  sqlite3_bind_text(q, 4, now, -1, SQLITE_STATIC);
  if (sqlite3_step(q) != SQLITE_DONE) {
    st = hdc_store_db_error(s->db, err, "storing a pack dictionary");
    goto done;
  }
  /* Another dictionary with the same ID (one chance in two billion):
   * frames could not tell them apart, so this one is not used. */
  if (sqlite3_changes(s->db) == 1)
    s->cdict[kind] = ZSTD_createCDict(dict, got, PACK_LEVEL);
done:
  sqlite3_finalize(q);
  hdc_free(dict);
  return st;
}

/* The dictionary with ID @p id, for reading; NULL if the catalogue has
 * none with that ID (a corrupt frame) or memory is short. */
static const ZSTD_DDict *
ddict_of(hdc_store *s, unsigned id)
{
  for (size_t i = 0; i < HDC_PACK_DDICTS; ++i)
    if (s->ddict[i] && s->ddict_id[i] == id)
      return s->ddict[i];
  sqlite3_stmt *q = NULL;
  ZSTD_DDict   *d = NULL;
  if (sqlite3_prepare_v2(s->db,
                         "SELECT dict FROM pack_dict WHERE dict_id = ?1",
                         -1,
                         &q,
                         NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_int64(q, 1, (sqlite3_int64)id);
  if (sqlite3_step(q) == SQLITE_ROW) {
    const void *b = sqlite3_column_blob(q, 0);
    size_t      n = (size_t)sqlite3_column_bytes(q, 0);
    if (b && n)
      d = ZSTD_createDDict(b, n);
  }
  sqlite3_finalize(q);
  if (!d)
    return NULL;
  size_t slot = s->ddict_next++ % HDC_PACK_DDICTS;
  ZSTD_freeDDict(s->ddict[slot]);
  s->ddict[slot]    = d;
  s->ddict_id[slot] = id;
  return d;
}

/* ------------------------------------------------------------------------ */
/* Unpacking                                                                */

static voidpf
z_alloc(voidpf opaque, uInt items, uInt size)
{
  (void)opaque;
  return hdc_calloc(items, size);
}

static void
z_free(voidpf opaque, voidpf p)
{
  (void)opaque;
  hdc_free(p);
}

/* Inflate the deflate format written before zstd: a 4-byte little-endian
 * length of the text, then a zlib stream. */
static bool
inflate_old(const unsigned char *b, size_t n, char *dst, size_t len)
{
  z_stream z;
  bool     ok = false;
  memset(&z, 0, sizeof z);
  z.zalloc = z_alloc;
  z.zfree  = z_free;
  if (inflateInit(&z) != Z_OK)
    return false;
  z.next_in   = (Bytef *)(uintptr_t)(b + 4);
  z.avail_in  = (uInt)(n - 4);
  z.next_out  = (Bytef *)dst;
  z.avail_out = (uInt)len;
  ok = inflate(&z, Z_FINISH) == Z_STREAM_END && z.total_out == len;
  inflateEnd(&z);
  return ok;
}

/* The unpacked length of BLOB @p b, or SIZE_MAX when it is corrupt. */
static size_t
packed_len(const unsigned char *b, size_t n)
{
  if (!b || n < 4)
    return SIZE_MAX;
  if (!memcmp(b, zstd_magic, sizeof zstd_magic)) {
    unsigned long long len = ZSTD_getFrameContentSize(b, n);
    if (len == ZSTD_CONTENTSIZE_UNKNOWN || len == ZSTD_CONTENTSIZE_ERROR ||
        len > MAX_PACKED_BYTES)
      return SIZE_MAX;
    return (size_t)len;
  }
  size_t len = (size_t)b[0] | (size_t)b[1] << 8 | (size_t)b[2] << 16 |
               (size_t)b[3] << 24;
  return len > MAX_PACKED_BYTES ? SIZE_MAX : len;
}

/* Unpack BLOB @p b of @p n bytes into @p dst, which holds packed_len()
 * bytes. The connection's decompression context is made on first use:
 * zstd would otherwise allocate and clear one for every column read. */
static bool
unpack_into(hdc_store *s, const unsigned char *b, size_t n, char *dst,
            size_t len)
{
  if (memcmp(b, zstd_magic, sizeof zstd_magic))
    return inflate_old(b, n, dst, len);
  if (!s->dctx && !(s->dctx = ZSTD_createDCtx()))
    return false;
  unsigned id  = ZSTD_getDictID_fromFrame(b, n);
  size_t   got = 0;
  if (id) {
    const ZSTD_DDict *d = ddict_of(s, id);
    if (!d)
      return false;
    got = ZSTD_decompress_usingDDict(s->dctx, dst, len, b, n, d);
  } else {
    got = ZSTD_decompressDCtx(s->dctx, dst, len, b, n);
  }
  return !ZSTD_isError(got) && got == len;
}

const char *
hdc_store_unpack(hdc_store *s, hdc_arena *a, sqlite3_stmt *st, int i)
{
  if (sqlite3_column_type(st, i) != SQLITE_BLOB) {
    const char *z = (const char *)sqlite3_column_text(st, i);
    int         n = sqlite3_column_bytes(st, i);
    return hdc_arena_strndup(a, z ? z : "", z ? (size_t)n : 0);
  }
  /* A corrupt BLOB reads as empty rather than failing the record. */
  const unsigned char *b   = sqlite3_column_blob(st, i);
  size_t               n   = (size_t)sqlite3_column_bytes(st, i);
  size_t               len = packed_len(b, n);
  if (len == SIZE_MAX)
    return hdc_arena_strndup(a, "", 0);
  char *out = hdc_arena_alloc(a, len + 1);
  if (!out)
    return NULL;
  if (!unpack_into(s, b, n, out, len))
    return hdc_arena_strndup(a, "", 0);
  out[len] = '\0';
  return out;
}

const char *
hdc_store_unpack_buf(hdc_store *s, sqlite3_stmt *st, int i, hdc_buf *out)
{
  if (sqlite3_column_type(st, i) != SQLITE_BLOB) {
    const char *z = (const char *)sqlite3_column_text(st, i);
    return z ? z : "";
  }
  const unsigned char *b   = sqlite3_column_blob(st, i);
  size_t               n   = (size_t)sqlite3_column_bytes(st, i);
  size_t               len = packed_len(b, n);
  hdc_buf_reset(out);
  if (len == SIZE_MAX)
    return "";
  if (hdc_buf_reserve(out, len + 1))
    return NULL;
  if (!unpack_into(s, b, n, out->ptr, len))
    return "";
  out->ptr[len] = '\0';
  out->len      = len;
  return out->ptr;
}
