-- A lean audit trail (issue 15): at 100,000 applications the trail is over a million rows and was
-- half of the file. Each row carried its predecessor's hash as 64 hex characters (`prev_hash`) and
-- its own as another 64. The predecessor's hash is the previous row's `hash`, so storing it again
-- added nothing the chain check can use: `audit::verify` recomputes every row from the one before
-- it, and an edited, inserted or removed row still fails (its own hash or the next one's). The
-- hash is now kept as its 32 bytes. What is hashed is unchanged (the previous hash as hex text,
-- then the row's fields), so every head already signed into a snapshot still verifies.
-- SQLite cannot change a STRICT column's type in place: the table is rebuilt, ids kept. A hash that
-- is not 64 hex digits (an edited row) makes unhex() NULL and the migration fail: nothing changes.
-- Written re-runnable (a hash already stored as bytes is kept as it is).
CREATE TABLE audit_log_lean (
    seq             INTEGER PRIMARY KEY,
    at              TEXT NOT NULL,
    actor           TEXT NOT NULL,
    entity          TEXT NOT NULL,
    entity_id       TEXT NOT NULL,
    action          TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'obsolete', 'import')),
    before_json     TEXT,
    after_json      TEXT,
    hash            BLOB NOT NULL CHECK (length(hash) = 32)
) STRICT;
INSERT INTO audit_log_lean (seq, at, actor, entity, entity_id, action, before_json, after_json, hash)
    SELECT seq, at, actor, entity, entity_id, action, before_json, after_json,
        CASE WHEN typeof(hash) = 'blob' THEN hash ELSE unhex(hash) END
    FROM audit_log ORDER BY seq;
DROP TABLE audit_log;
ALTER TABLE audit_log_lean RENAME TO audit_log;
CREATE INDEX audit_log_record ON audit_log (entity, entity_id, seq);
