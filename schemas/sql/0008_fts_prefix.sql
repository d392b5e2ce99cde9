-- SPDX-License-Identifier: EUPL-1.2
-- hdcat catalogue schema, migration 8: the full-text index without prefix
-- entries.
--
-- record_fts was created with prefix = '2 3': FTS5 then writes, for every
-- word of every record, two more entries (its first two and first three
-- letters), so that a type-ahead prefix is one doclist read. They were a
-- tenth of the index's size and of an import's time, for little: a prefix
-- of two letters matches most of a catalogue ("re" begins a word in 96 %
-- of the bench catalogue's records), so type-ahead now waits for a third
-- letter (src/store/query.c), and FTS5 finds a longer prefix's words in
-- the term index itself, which is fast because few words share it.
--
-- The table is built again with the same columns and tokenizer, from its
-- own stored text (the language marks included); the new table takes the
-- old one's name, and its shadow tables follow.
CREATE VIRTUAL TABLE record_fts_new USING fts5(
  title, keywords, description, publisher, category, coding,
  tokenize = 'hdcat'
);
INSERT INTO record_fts_new(rowid, title, keywords, description, publisher,
                           category, coding)
  SELECT rowid, title, keywords, description, publisher, category, coding
    FROM record_fts;
DROP TABLE record_fts;
ALTER TABLE record_fts_new RENAME TO record_fts;
