-- SPDX-License-Identifier: EUPL-1.2
-- hdcat catalogue schema, migration 6: what the DCAT feed and OAI-PMH need
-- to list records page by page and to answer conditional requests
-- (src/store/list.c).
--
--  * record.changed: when the record last changed in the catalogue (its
--    content hash, status or validity), set by a trigger; '' until the
--    first such change, when first_seen is the answer. Listings filter on
--    max(changed, first_seen), the time a harvester of the feed cares
--    about (a publisher's dct:modified may be missing or wrong).
--  * catalogue_state: one row counting every change of any record, with
--    the time of the last one, so the feed's ETag and Last-Modified cost
--    one row read however large the catalogue is.
--  * record_listing: records in id order within (status, valid), with the
--    change times, so a page of the feed or a date filter reads only the
--    rows it returns.

ALTER TABLE record ADD COLUMN changed TEXT NOT NULL DEFAULT '';

CREATE TABLE catalogue_state (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  version     INTEGER NOT NULL,
  last_change TEXT NOT NULL
);
INSERT INTO catalogue_state (id, version, last_change)
  SELECT 1, count(*), coalesce(max(last_seen), '') FROM record;

CREATE INDEX record_listing ON record(status, valid, id, first_seen, changed);

CREATE TRIGGER record_listing_changed
AFTER UPDATE OF hash, status, valid ON record
WHEN OLD.hash IS NOT NEW.hash OR OLD.status IS NOT NEW.status
     OR OLD.valid IS NOT NEW.valid
BEGIN
  UPDATE record SET changed = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
   WHERE id = NEW.id;
  UPDATE catalogue_state
     SET version = version + 1,
         last_change = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
   WHERE id = 1;
END;

CREATE TRIGGER record_listing_added
AFTER INSERT ON record
BEGIN
  UPDATE catalogue_state
     SET version = version + 1,
         last_change = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
   WHERE id = 1;
END;
