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
typedef struct hdc_store_migration {
  int                  version;
  const char          *name;
  const unsigned char *sql;
} hdc_store_migration;

extern const hdc_store_migration hdc_store_migrations[];

/* Statements prepared once per connection (hot paths of import and
 * search), finalized at close. */
typedef enum hdc_store_stmt_id {
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
  STMT__COUNT
} hdc_store_stmt_id;

struct hdc_store {
  sqlite3       *db;
  hdc_limits     limits;
  int            version;
  bool           read_only;
  hdc_store_run *run; /* the open run, if any */
  sqlite3_stmt  *stmts[STMT__COUNT];
};

/* The cached statement @p id (prepared from @p sql on first use), reset
 * and with its bindings cleared; NULL with err set on failure. */
sqlite3_stmt *hdc_store_stmt(hdc_store *s, hdc_store_stmt_id id,
                             const char *sql, hdc_error *err);

/* Marker bytes that open a language run in the text handed to FTS5:
 * HDC_LANG_MARK, then the language tag, then HDC_LANG_MARK again. Control
 * characters never occur in indexed text (the indexer replaces them by
 * spaces), so a marker cannot be forged by data. */
#define HDC_LANG_MARK '\x01'

/* Register the 'hdcat' tokenizer on @p db. */
hdc_status hdc_store_tokenizer_register(sqlite3 *db, hdc_error *err);

/* Stemmer languages the tokenizer knows. */
typedef enum hdc_stem_lang {
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
typedef int (*hdc_word_fn)(void *ctx, const char *ptr, size_t len,
                           size_t start, size_t end, hdc_stem_lang lang);

/* Split UTF-8 @p text into folded words (letters and digits; language
 * markers switch @p lang), calling @p fn for each. Returns fn's non-zero
 * value or 0; -1 on OOM. */
int hdc_store_words(const char *text, size_t len, hdc_word_fn fn, void *ctx);

/* Set err from the connection's last error. Returns HDC_ERR_DB. */
hdc_status hdc_store_db_error(sqlite3 *db, hdc_error *err, const char *what);

/* The current UTC time as ISO 8601 ("2025-01-31T12:00:00Z"). */
void hdc_store_now(char out[32]);

/* Extract the searchable text, display fields and facets of a record. */
typedef struct hdc_store_doc {
  hdc_buf title, keywords, description, publisher, category, coding;
  hdc_buf title_fr, title_en, title_any;
  hdc_buf desc_fr, desc_en, desc_any;
  hdc_buf title_sort;
  hdc_buf modified;
  /* facets: NUL-separated triples facet\0value\0lang\0label\0 */
  hdc_buf facets;
} hdc_store_doc;

void       hdc_store_doc_init(hdc_store_doc *d);
void       hdc_store_doc_clear(hdc_store_doc *d);
/* Fill @p d from record graph @p rec of @p dataset; @p vocab (may be NULL)
 * gives labels of vocabulary IRIs. */
hdc_status hdc_store_doc_build(hdc_store_doc *d, const hdc_graph *rec,
                               const hdc_term *dataset,
                               const hdc_graph *vocab);

/* Index (or re-index) record @p id from @p d: FTS row and facet rows. */
hdc_status hdc_store_index_put(hdc_store *s, int64_t id,
                               const hdc_store_doc *d, hdc_error *err);
/* Remove record @p id from the FTS table and facet rows. */
hdc_status hdc_store_index_remove(hdc_store *s, int64_t id, hdc_error *err);

#endif /* HDC_STORE_INTERNAL_H */
