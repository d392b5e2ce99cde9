// SPDX-License-Identifier: EUPL-1.2
/*
 * Private to the store module: the store handle, the embedded migrations,
 * the FTS5 tokenizer and the helpers the store's files share. Only this
 * module includes sqlite3.h.
 */
#ifndef HDC_STORE_INTERNAL_H
#define HDC_STORE_INTERNAL_H

#include "hdcat/store.h"

#include <sqlite3.h>

/* One numbered migration of schemas/sql, compiled in (store_migrations.c,
 * generated). The table ends with a zero version. */
typedef struct hdc_store_migration
{
  int                  version;
  const char          *name;
  const unsigned char *sql;
} hdc_store_migration;

extern const hdc_store_migration hdc_store_migrations[];

/* Statements prepared once per connection (hot paths of import and
 * search), finalized at close. */
typedef enum hdc_store_stmt_id
{
  STMT_FTS_DELETE = 0,
  STMT_FTS_INSERT,
  STMT_FACET_DELETE,
  STMT_FACET_INSERT,
  STMT_LABEL_PUT,
  STMT_RECORD_LOOKUP,
  STMT_RECORD_TOUCH,
  STMT_RECORD_INSERT,
  STMT_RECORD_UPDATE,
  STMT_RECORD_SAME_IRI,
  STMT_LINK_INSERT,
  STMT_HIT_ROW,
  STMT_RANK,
  STMT_RANK_LONG,
  STMT_RECORD_GET,
  STMT_RECORD_LINKS,
  STMT__COUNT
} hdc_store_stmt_id;

typedef struct hdc_store_cache hdc_store_cache;

/* A set of active records, one bit per dense record number (the rank of
 * the record id among active ids); the cache's `words` 64-bit words. */
typedef uint64_t hdc_bits;

/* Dictionaries a connection keeps for reading (a catalogue has one per
 * kind of packed column). */
#define HDC_PACK_DDICTS 4

/* The kinds of packed columns, each with its own dictionary (pack.c). */
enum
{
  HDC_PACK_NTRIPLES,
  HDC_PACK_REPORT,
  HDC_PACK__KINDS
};

/* How long a connection waits for another's lock: a writer holds it for a
 * whole run. */
#define HDC_STORE_BUSY_MS 10000

struct hdc_store
{
  sqlite3       *db;
  /* Packed columns (pack.c): the decompression context of record reads
   * (created on first use), the dictionaries the open run packs with, and
   * the last few dictionaries read with (by zstd dictionary ID). */
  struct ZSTD_DCtx_s  *dctx;
  struct ZSTD_CDict_s *cdict[HDC_PACK__KINDS];
  struct ZSTD_DDict_s *ddict[HDC_PACK_DDICTS];
  unsigned             ddict_id[HDC_PACK_DDICTS];
  size_t               ddict_next;
  size_t               dict_samples; /* HDC_PACK_DICT_SAMPLES; 0: never */
  hdc_limits     limits;
  int            version;
  bool           read_only;
  /* The open run is a first load, in rollback-journal mode (import.c). */
  bool           bulk;
  hdc_store_run *run; /* the open run, if any */
  sqlite3_stmt  *stmts[STMT__COUNT];
  /* The in-memory search index (cache.c), NULL until the first search;
   * rebuilt when the catalogue changed since (data_version for other
   * connections, generation for this one's own commits). */
  hdc_store_cache *cache;
  uint64_t         generation;
  /* The set hdc_in_set(rowid) tests in SQL (search.c), registered on the
   * connection by the first search. */
  const hdc_bits *probe;
  bool            probe_registered;
  bool            freq_registered; /* hdc_freq, the frequencies' function */
  /* The idf of each phrase of the query being ranked (hdc_bm25). */
  const double *rank_idf;
  int           rank_n;
  /* The last record hdc_in_set looked up, and its dense number (-1: not
   * active): the rank function and the loop reading its rows ask again. */
  int64_t last_id, last_dense;
  /* FTS rows written by the open run and not yet inserted (index.c): FTS5
   * flushes its pending terms into a new segment at every statement
   * savepoint, so rows inserted one by one between other statements make
   * one tiny segment each and endless merging. They are inserted together,
   * a batch at a time, before anything reads or deletes FTS rows and at
   * commit. Each row: int64 id, then per column a uint32 length and the
   * bytes. */
  hdc_buf  fts_pending;
  size_t   fts_pending_n;
  /* Hashes of the facet labels the open run already wrote (open
   * addressing, 0 = empty): every record repeats the vocabulary labels of
   * its categories and themes, in two dozen languages. */
  uint64_t *labels_seen;
  size_t    labels_seen_n, labels_seen_cap;
};

/* ------------------------------------------------------------------------ */
/* The in-memory search index (cache.c)                                     */

/* One facet value: the records that have it. */
typedef struct hdc_cache_value
{
  const char *value;
  const char *label[3]; /* fr, en, other (or the value) */
  hdc_bits   *bits;
  /* The non-zero words of bits when they are few (NULL otherwise): most
   * values (a publisher, a coding system) hold a small part of the
   * catalogue, and a broad query's count against them needs only those
   * words. */
  uint32_t *nz;
  size_t    n_nz;
} hdc_cache_value;

struct hdc_store_cache
{
  uint64_t         data_version, generation;
  size_t           n;           /* active records */
  size_t           words;       /* (n + 63) / 64 */
  int64_t         *ids;         /* dense number -> record id, ascending */
  hdc_bits        *all;         /* every active record */
  hdc_bits        *valid;       /* active records that conform */
  uint32_t        *by_title;    /* dense numbers, title order */
  uint32_t        *by_modified; /* dense numbers, newest first */
  uint32_t        *length;      /* tokens of each record (load_lengths) */
  double           avg_length;  /* over the records, 0 if one is unknown */
  hdc_cache_value *values[HDC_FACET__COUNT];
  size_t           n_values[HDC_FACET__COUNT];
  /* Match sets of FTS5 expressions already evaluated (LRU). Reading a
   * common word's doclist costs milliseconds and a set n/8 bytes (12 kB at
   * 100,000 records), so up to a thousand are kept, within 32 MB: the
   * words people type repeat much more than whole queries do. */
  struct hdc_cache_term
  {
    char     *key;
    size_t    key_len;
    hdc_bits *bits;
    uint64_t  used;
    /* For ranking (hdc_store_cache_term_freq), NULL until asked: the
     * term's weighted frequency in each record of bits, in dense order
     * (query-independent, so bm25 needs no FTS5 query once a term is
     * known), and the count of bits before each word of bits. */
    uint16_t *freq;
    uint32_t *before;
    size_t    freq_size; /* bytes of freq and before */
  } terms[1024];
  size_t freq_bytes; /* held by the terms' freq and before arrays */
  uint64_t   tick;
  hdc_arena *arena; /* everything above but the term and result entries */
  /* Answers to whole queries (search.c), LRU: the text, filters, sort,
   * language and flags (not the page) -> total, facet counts, the
   * matching set and the exact ranking. A page of results, the next page
   * of the same search or the same search from another visitor costs only
   * the page's rows and snippets. Living here, the answers are dropped
   * with the index when the catalogue changes. */
  struct hdc_cache_result
  {
    char            *key; /* NULL: empty slot */
    size_t           key_len;
    uint64_t         used;
    hdc_arena       *arena; /* everything of the entry but the key */
    size_t           total, text_count;
    hdc_bits        *hits;
    hdc_store_facet *facets;
    size_t           n_facets;
    uint32_t        *ranked; /* exact ranking, all matches, best first */
    double          *scores;
    size_t           n_ranked;
    bool             has_ranked;
  } results[32];
  /* The highlighter's stemmers (created with the index). */
  struct hdc_store_stemmer *stemmer;
};

/* The search index of @p s for the current read transaction's state,
 * (re)built if the catalogue changed. NULL with err set on failure. */
hdc_store_cache *hdc_store_cache_get(hdc_store *s, hdc_error *err);
/* No-op on NULL. */
void hdc_store_cache_free(hdc_store_cache *c);
/* Dense number of record @p id, or -1 if it is not active. */
int64_t hdc_store_cache_dense(const hdc_store_cache *c, int64_t id);
/* The records matching FTS5 expression @p expr (one quoted term, or any
 * expression the store wrote), from the LRU or from FTS5. The set is owned
 * by the cache and valid until the next call. NULL with err set. */
const hdc_bits *hdc_store_cache_match(hdc_store       *s,
                                      hdc_store_cache *c,
                                      const char      *expr,
                                      size_t           len,
                                      hdc_error       *err);
/* hdc_store_cache_match(), with the term's frequencies (struct
 * hdc_cache_term) filled in, unless the term is in too many records (freq
 * stays NULL: rank through FTS5). The entry is the cache's; NULL with err
 * set.
 * Frequencies of terms not used since @p keep_since may be dropped to stay
 * within the cache's budget. */
const struct hdc_cache_term *hdc_store_cache_term_freq(hdc_store       *s,
                                                       hdc_store_cache *c,
                                                       const char      *expr,
                                                       size_t           len,
                                                       uint64_t    keep_since,
                                                       hdc_error  *err);
/* Column weights of ranking: title, keywords, description, publisher,
 * category, coding. */
extern const double hdc_store_rank_weight[6];
/* Number of bits set in @p a (and @p b unless NULL). */
size_t hdc_bits_count(const hdc_bits *a, const hdc_bits *b, size_t words);
/* Number of bits set in both @p a and @p b among the words listed in
 * @p at (the non-zero words of a sparse set). */
size_t hdc_bits_count_at(const hdc_bits *a,
                         const hdc_bits *b,
                         const uint32_t *at,
                         size_t          n_at);

/* Column @p i of the current row of @p st as a NUL-terminated copy in
 * @p a ("" for NULL); NULL on OOM. */
const char *hdc_store_col_dup(hdc_arena *a, sqlite3_stmt *st, int i);

/* The cached statement @p id (prepared from @p sql on first use), reset
 * and with its bindings cleared; NULL with err set on failure. */
sqlite3_stmt *hdc_store_stmt(hdc_store        *s,
                             hdc_store_stmt_id id,
                             const char       *sql,
                             hdc_error        *err);

/* Marker bytes that open a language run in the text handed to FTS5:
 * HDC_LANG_MARK, then the language tag, then HDC_LANG_MARK again. Control
 * characters never occur in indexed text (the indexer replaces them by
 * spaces), so a marker cannot be forged by data. */
#define HDC_LANG_MARK '\x01'

/* Register the 'hdcat' tokenizer on @p db. */
hdc_status hdc_store_tokenizer_register(sqlite3 *db, hdc_error *err);
/* The FTS5 API of @p db's SQLite (NULL if it has none, or too old). */
fts5_api *hdc_store_fts5(sqlite3 *db);

/* Stemmer languages the tokenizer knows. */
typedef enum hdc_stem_lang
{
  HDC_STEM_NONE = 0, /* untagged or another language: both stems */
  HDC_STEM_FR,
  HDC_STEM_EN
} hdc_stem_lang;

/*
 * Fold one word: lower case, accents removed (Latin-1 supplement and Latin
 * Extended-A letters mapped to their base letters, ligatures expanded),
 * appended to @p out. Returns false on OOM.
 */
bool hdc_store_fold_append(hdc_buf *out, const char *ptr, size_t len);

/* Callback of hdc_store_words(): one word [ptr, ptr+len) of the text at
 * byte offsets [start, end). Return non-zero to stop. */
typedef int (*hdc_word_fn)(void         *ctx,
                           const char   *ptr,
                           size_t        len,
                           size_t        start,
                           size_t        end,
                           hdc_stem_lang lang);

/* Split UTF-8 @p text into folded words (letters and digits; language
 * markers switch @p lang), calling @p fn for each. Returns fn's non-zero
 * value or 0; -1 on OOM. */
int hdc_store_words(const char *text, size_t len, hdc_word_fn fn, void *ctx);

/* Longest word kept, in folded bytes (longer words are cut). */
#define HDC_STORE_WORD_MAX 64

/* The tokenizer's Snowball stemmers, with their cache of recent words, for
 * code that must cut text exactly as the index did (the highlighter). */
typedef struct hdc_store_stemmer hdc_store_stemmer;
/* NULL on OOM. */
hdc_store_stemmer *hdc_store_stemmer_new(void);
/* No-op on NULL. */
void hdc_store_stemmer_free(hdc_store_stemmer *st);
/* The stem of folded word @p w (French or English) in @p out, as the
 * index holds it; returns its length. */
size_t hdc_store_stem(hdc_store_stemmer *st,
                      const char        *w,
                      size_t             n,
                      char               out[HDC_STORE_WORD_MAX + 1],
                      bool               french);

/* Snippets (snippet.c): the query's positive terms, cut and stemmed once
 * per search, then matched against the words of each hit's description
 * as FTS5 would match them. */
typedef struct hdc_store_highlight hdc_store_highlight;
/* The terms of translated expression @p expr (quoted terms, '*' for a
 * prefix), allocated in @p a. NULL on OOM. */
hdc_store_highlight *hdc_store_highlight_new(hdc_arena         *a,
                                             hdc_store_stemmer *st,
                                             const char        *expr,
                                             size_t             len);
/* An excerpt of @p text (in language @p lang) around its best run of
 * matching words, each between '[' and ']', in @p a; *matched tells
 * whether any word matched (if not, the excerpt is not made: NULL).
 * NULL with *matched true on OOM. */
const char *hdc_store_highlight_text(const hdc_store_highlight *h,
                                     hdc_arena                 *a,
                                     const char                *text,
                                     hdc_stem_lang              lang,
                                     bool                      *matched);

/* Run SQL text without parameters (transaction control, pragmas). */
hdc_status hdc_store_exec(hdc_store *s, const char *sql, hdc_error *err);

/* Set err from the connection's last error. Returns HDC_ERR_DB. */
hdc_status hdc_store_db_error(sqlite3 *db, hdc_error *err, const char *what);

/* Packed columns (pack.c): a record's N-Triples and report are zstd
 * frames (BLOBs), packed with the catalogue's dictionary of their kind
 * once it has one; readers also take TEXT (catalogues written before) and
 * the older deflate BLOBs (a 4-byte little-endian length, then a zlib
 * stream).
 * hdc_store_pack_with() appends the BLOB of @p text to @p out, with
 * compression context @p cctx (reused across a run's records; NULL: a
 * temporary one) and dictionary @p cdict (NULL: none); hdc_store_pack()
 * uses neither. False on OOM or failure.
 * hdc_store_unpack() gives the text of column @p i of @p st in @p a (NULL
 * on OOM; "" for a corrupt BLOB); hdc_store_unpack_buf() gives it in
 * @p out, or a TEXT column's own text (valid until the next step). Both
 * use the connection's decompression context and dictionaries.
 * hdc_store_pack_load() loads the newest dictionary of each kind into
 * s->cdict (at the start of a run); hdc_store_pack_train() trains one for
 * @p kind from @p n samples (concatenated in @p samples, @p sizes each),
 * stores it in pack_dict (within the open transaction) and makes it
 * s->cdict[kind]; too little to learn from leaves s->cdict[kind] NULL.
 * hdc_store_pack_close() frees the connection's contexts and
 * dictionaries. */
/* Records of one run sampled per kind to train the catalogue's
 * dictionary, when it has none yet (s->dict_samples: tests lower it). */
#define HDC_PACK_DICT_SAMPLES 1000
struct ZSTD_CCtx_s;
struct ZSTD_CDict_s;
bool        hdc_store_pack_with(struct ZSTD_CCtx_s        *cctx,
                                const struct ZSTD_CDict_s *cdict,
                                const char                *text,
                                size_t                     len,
                                hdc_buf                   *out);
bool        hdc_store_pack(const char *text, size_t len, hdc_buf *out);
const char *hdc_store_unpack(hdc_store    *s,
                             hdc_arena    *a,
                             sqlite3_stmt *st,
                             int           i);
const char *hdc_store_unpack_buf(hdc_store    *s,
                                 sqlite3_stmt *st,
                                 int           i,
                                 hdc_buf      *out);
hdc_status  hdc_store_pack_load(hdc_store *s, hdc_error *err);
hdc_status  hdc_store_pack_train(hdc_store    *s,
                                 int           kind,
                                 const char   *samples,
                                 const size_t *sizes,
                                 size_t        n,
                                 hdc_error    *err);
void        hdc_store_pack_close(hdc_store *s);

/* The current UTC time as ISO 8601 ("2025-01-31T12:00:00Z"). */
void hdc_store_now(char out[32]);

/* Extract the searchable text, display fields and facets of a record. */
typedef struct hdc_store_doc
{
  hdc_buf title, keywords, description, publisher, category, coding;
  hdc_buf title_fr, title_en, title_any;
  hdc_buf desc_fr, desc_en, desc_any;
  hdc_buf title_sort;
  hdc_buf modified;
  /* facets: NUL-separated triples facet\0value\0lang\0label\0 */
  hdc_buf facets;
} hdc_store_doc;

void hdc_store_doc_init(hdc_store_doc *d);
void hdc_store_doc_clear(hdc_store_doc *d);
/* Fill @p d from record graph @p rec of @p dataset; @p vocab (may be NULL)
 * gives labels of vocabulary IRIs. */
hdc_status hdc_store_doc_build(hdc_store_doc   *d,
                               const hdc_graph *rec,
                               const hdc_term  *dataset,
                               const hdc_graph *vocab);

/* Index (or re-index, when @p known) record @p id from @p d: FTS row
 * (queued, see fts_pending) and facet rows. */
hdc_status hdc_store_index_put(hdc_store           *s,
                               int64_t              id,
                               const hdc_store_doc *d,
                               bool                 known,
                               hdc_error           *err);
/* Insert the queued FTS rows. */
hdc_status hdc_store_index_flush(hdc_store *s, hdc_error *err);
/* Forget the queued FTS rows and the labels seen (the run rolled back or
 * ended). */
void hdc_store_index_reset(hdc_store *s);
/* Remove record @p id from the FTS table and facet rows. */
hdc_status hdc_store_index_remove(hdc_store *s, int64_t id, hdc_error *err);

#endif /* HDC_STORE_INTERNAL_H */
