-- SPDX-License-Identifier: EUPL-1.2
-- hdcat catalogue schema, migration 5: publishing by data holders through
-- the API (PUT/DELETE /api/v1/datasets/{id}): bearer tokens, the records
-- pushed under a holder-chosen name, and the audit trail of every write.
--
-- Invariants the store code keeps (src/store/token.c, src/store/audit.c):
--  * token.hash is the hex SHA-256 of the whole token text; the token
--    itself is shown once at creation and never stored. A token is never
--    deleted: revoking it sets token.revoked, so the audit trail keeps
--    naming it.
--  * push_record binds a name ({id} of the URL, unique in the catalogue)
--    to the publisher that first pushed it and to one dataset IRI. The
--    binding outlives a withdrawal: a name once used stays its owner's.
--  * push_source maps each publisher to the one source its pushed records
--    live in (named 'push:' and the publisher IRI), so that identity stays
--    scoped by source as for every other record.
--  * audit rows are only ever inserted. An accepted write inserts its row
--    in the transaction that changes the record, so the trail and the
--    catalogue never disagree; a refused write inserts its row alone and
--    changes nothing else.

CREATE TABLE token (
  id        INTEGER PRIMARY KEY,
  hash      TEXT NOT NULL UNIQUE,
  publisher TEXT NOT NULL,
  label     TEXT NOT NULL DEFAULT '',
  created   TEXT NOT NULL,
  last_used TEXT NOT NULL DEFAULT '',  -- the last accepted write
  expires   TEXT NOT NULL DEFAULT '',  -- ISO 8601 UTC; '' never
  revoked   TEXT NOT NULL DEFAULT ''   -- date of revocation; '' in force
);
CREATE INDEX token_by_publisher ON token(publisher);

CREATE TABLE push_source (
  publisher TEXT PRIMARY KEY,
  source_id INTEGER NOT NULL UNIQUE REFERENCES source(id),
  created   TEXT NOT NULL
);

CREATE TABLE push_record (
  name      TEXT PRIMARY KEY,
  publisher TEXT NOT NULL,
  iri       TEXT NOT NULL,
  record_id INTEGER NOT NULL REFERENCES record(id),
  created   TEXT NOT NULL,
  UNIQUE (publisher, iri)
);

CREATE TABLE audit (
  id          INTEGER PRIMARY KEY,
  at          TEXT NOT NULL,
  token_id    INTEGER,                 -- NULL: no token was recognised
  publisher   TEXT NOT NULL DEFAULT '',
  record      TEXT NOT NULL DEFAULT '',  -- the {id} of the request
  record_id   INTEGER,                 -- the catalogue record, if any
  action      TEXT NOT NULL,           -- 'put', 'delete'
  status      INTEGER NOT NULL,        -- the HTTP status answered
  result      TEXT NOT NULL,           -- added, updated, unchanged,
                                       -- withdrawn, refused, failed
  hash_before TEXT NOT NULL DEFAULT '',  -- SHA-256 of the canonical
  hash_after  TEXT NOT NULL DEFAULT '',  -- N-Triples, '' if none
  remote      TEXT NOT NULL DEFAULT '',
  message     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_by_publisher ON audit(publisher, id);
