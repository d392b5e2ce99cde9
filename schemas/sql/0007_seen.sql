-- SPDX-License-Identifier: EUPL-1.2
-- hdcat catalogue schema, migration 7: marking an unchanged record "seen"
-- without rewriting its row.
--
-- A record row is wide (its N-Triples, texts and deflated report, often
-- spilling onto overflow pages), and SQLite rewrites a whole row for any
-- change of it. A harvest that finds a large catalogue unchanged used to
-- spend most of its time and disk writes updating last_seen/last_run_id on
-- every record row. Those two facts now go to this narrow table instead
-- when a record is found unchanged (src/store/import.c, source.c); the
-- record row keeps the values of its last write. So:
--
--  * a record's last seen time is max(record.last_seen, record_seen.seen);
--  * a record was seen by run R when record.last_run_id = R or its
--    record_seen row has run_id = R (withdrawal of the records a complete
--    run did not see).
--
-- Run ids grow, so the later of the two always wins; the table holds at
-- most one row per record.

CREATE TABLE record_seen (
  record_id INTEGER PRIMARY KEY REFERENCES record(id),
  run_id    INTEGER NOT NULL,
  seen      TEXT NOT NULL
);
