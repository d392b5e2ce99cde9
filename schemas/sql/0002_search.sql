-- SPDX-License-Identifier: EUPL-1.2
-- hdcat catalogue schema, migration 2: what the in-memory search index
-- (src/store/cache.c) reads when it is rebuilt after a change, without
-- touching the wide record rows: the active records' validity, from an
-- index that covers it.
CREATE INDEX record_active_valid ON record(status, valid);
