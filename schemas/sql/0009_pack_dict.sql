-- SPDX-License-Identifier: EUPL-1.2
-- hdcat catalogue schema, migration 9: the catalogue's zstd dictionaries.
--
-- A record's N-Triples and report are stored as zstd frames
-- (src/store/pack.c). Each frame alone had to learn again what every
-- record of the catalogue repeats (vocabulary IRIs, publishers, the same
-- validation results); packed with a dictionary trained on the
-- catalogue's own records, a record takes a quarter of the bytes, in a
-- third of the time. A frame names its dictionary by its zstd dictionary
-- ID (dict_id); frames without one are read as before. A dictionary is
-- never deleted while a frame may name it: never.
CREATE TABLE pack_dict (
  seq     INTEGER PRIMARY KEY,
  dict_id INTEGER NOT NULL UNIQUE,
  kind    TEXT NOT NULL CHECK (kind IN ('ntriples', 'report')),
  dict    BLOB NOT NULL,
  created TEXT NOT NULL
);
