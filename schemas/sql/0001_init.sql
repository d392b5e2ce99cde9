-- SPDX-License-Identifier: EUPL-1.2
-- hdcat catalogue schema, migration 1: sources, source runs, records,
-- duplicate links, facet side tables and the full-text index.
--
-- Invariants the store code keeps:
--  * (source_id, iri) identifies a record: identity is scoped by source, so
--    the same IRI from two sources is two rows, linked in record_link.
--  * A record is never deleted: it is withdrawn (status, reason, date).
--  * record_fts and record_facet hold exactly the active records; their
--    rows are keyed by record.id (FTS5 rowid).
--  * Every run row is written in the same transaction as the records it
--    counts, so a crash never leaves a half-counted run.
-- The tokenizer 'hdcat' is registered by the store on every connection
-- before this migration runs.

CREATE TABLE source (
  id       INTEGER PRIMARY KEY,
  name     TEXT NOT NULL UNIQUE,
  url      TEXT,
  format   TEXT,
  schedule TEXT NOT NULL DEFAULT 'manual'
           CHECK (schedule IN ('manual', 'daily', 'weekly')),
  created  TEXT NOT NULL
);

CREATE TABLE run (
  id        INTEGER PRIMARY KEY,
  source_id INTEGER NOT NULL REFERENCES source(id),
  started   TEXT NOT NULL,
  finished  TEXT NOT NULL,
  added     INTEGER NOT NULL DEFAULT 0,
  updated   INTEGER NOT NULL DEFAULT 0,
  unchanged INTEGER NOT NULL DEFAULT 0,
  invalid   INTEGER NOT NULL DEFAULT 0,
  withdrawn INTEGER NOT NULL DEFAULT 0,
  message   TEXT
);
CREATE INDEX run_by_source ON run(source_id, id);

CREATE TABLE record (
  id               INTEGER PRIMARY KEY,
  source_id        INTEGER NOT NULL REFERENCES source(id),
  iri              TEXT NOT NULL,
  hash             TEXT NOT NULL,
  ntriples         TEXT NOT NULL,
  title_fr         TEXT NOT NULL DEFAULT '',
  title_en         TEXT NOT NULL DEFAULT '',
  title            TEXT NOT NULL DEFAULT '',  -- any language, for fallback
  description_fr   TEXT NOT NULL DEFAULT '',
  description_en   TEXT NOT NULL DEFAULT '',
  description      TEXT NOT NULL DEFAULT '',
  title_sort       TEXT NOT NULL DEFAULT '',  -- folded, for sorting
  modified         TEXT NOT NULL DEFAULT '',  -- dct:modified, else issued
  first_seen       TEXT NOT NULL,
  last_seen        TEXT NOT NULL,
  first_run_id     INTEGER REFERENCES run(id),
  last_run_id      INTEGER REFERENCES run(id),
  status           TEXT NOT NULL DEFAULT 'active'
                   CHECK (status IN ('active', 'withdrawn')),
  withdrawn_reason TEXT NOT NULL DEFAULT '',
  withdrawn_date   TEXT NOT NULL DEFAULT '',
  valid            INTEGER NOT NULL DEFAULT 1,
  violations       INTEGER NOT NULL DEFAULT 0,
  warnings         INTEGER NOT NULL DEFAULT 0,
  report           TEXT NOT NULL DEFAULT '',
  UNIQUE (source_id, iri)
);
CREATE INDEX record_by_iri ON record(iri);
CREATE INDEX record_active_title ON record(status, title_sort);
CREATE INDEX record_active_modified ON record(status, modified);

-- Possible duplicates: same dataset IRI from two sources (a < b).
CREATE TABLE record_link (
  a    INTEGER NOT NULL REFERENCES record(id),
  b    INTEGER NOT NULL REFERENCES record(id),
  kind TEXT NOT NULL DEFAULT 'same-iri',
  PRIMARY KEY (a, b)
) WITHOUT ROWID;

-- One row per (record, facet, value) of an active record.
CREATE TABLE record_facet (
  facet     TEXT NOT NULL,
  value     TEXT NOT NULL,
  record_id INTEGER NOT NULL,
  PRIMARY KEY (facet, value, record_id)
) WITHOUT ROWID;
CREATE INDEX record_facet_by_record ON record_facet(record_id);

-- Labels of facet values, per language ('' when untagged).
CREATE TABLE facet_label (
  facet TEXT NOT NULL,
  value TEXT NOT NULL,
  lang  TEXT NOT NULL,
  label TEXT NOT NULL,
  PRIMARY KEY (facet, value, lang)
) WITHOUT ROWID;

-- The searchable text of active records, one column per field so that
-- bm25() can weigh them. Literals are marked with their language so the
-- tokenizer picks the stemmer (see src/store/tokenizer.c).
CREATE VIRTUAL TABLE record_fts USING fts5(
  title, keywords, description, publisher, category, coding,
  tokenize = 'hdcat', prefix = '2 3'
);
