-- SPDX-License-Identifier: EUPL-1.2
-- hdcat catalogue schema, migration 4: what the harvester keeps about its
-- sources and runs.
--
--  * source.type says how a source is walked ('http': one document or a
--    Hydra-paged catalogue; 'fdp': a FAIR Data Point); source.removed is
--    the date `hdcat source remove` withdrew its records ('' while the
--    source is in use). A source row is never deleted: records point to it.
--  * run.status is 'ok' for a committed run and 'failed' for a run that was
--    rolled back; a failed run's row is written after the rollback, with
--    the error in run.message. run.pages counts the documents fetched,
--    run.pages_unchanged those that were not parsed again (a 304, or the
--    same content hash), run.seen the records of those pages, which were
--    only marked seen.
--  * run_rule counts, per run, the invalid records by the rule they break.
--  * source_page remembers, per page of a source, what the next harvest
--    needs to skip it when it has not changed: its validators (ETag,
--    Last-Modified), the hash of its body, the links it gave (next page,
--    or the child documents of a FAIR Data Point), and the records it gave
--    (ids, so that a skipped page still counts its records as seen). It is
--    written in the run's transaction: a failed run leaves it as it was.

ALTER TABLE source ADD COLUMN type TEXT NOT NULL DEFAULT 'http'
  CHECK (type IN ('http', 'fdp'));
ALTER TABLE source ADD COLUMN removed TEXT NOT NULL DEFAULT '';

ALTER TABLE run ADD COLUMN status TEXT NOT NULL DEFAULT 'ok'
  CHECK (status IN ('ok', 'failed'));
ALTER TABLE run ADD COLUMN pages INTEGER NOT NULL DEFAULT 0;
ALTER TABLE run ADD COLUMN pages_unchanged INTEGER NOT NULL DEFAULT 0;
ALTER TABLE run ADD COLUMN seen INTEGER NOT NULL DEFAULT 0;

CREATE TABLE run_rule (
  run_id INTEGER NOT NULL REFERENCES run(id),
  rule   TEXT NOT NULL,
  count  INTEGER NOT NULL,
  PRIMARY KEY (run_id, rule)
) WITHOUT ROWID;

CREATE TABLE source_page (
  source_id     INTEGER NOT NULL REFERENCES source(id),
  url           TEXT NOT NULL,
  etag          TEXT NOT NULL DEFAULT '',
  last_modified TEXT NOT NULL DEFAULT '',
  hash          TEXT NOT NULL DEFAULT '',
  links         TEXT NOT NULL DEFAULT '',  -- URLs, one per line
  records       TEXT NOT NULL DEFAULT '',  -- record ids, space-separated
  PRIMARY KEY (source_id, url)
) WITHOUT ROWID;
