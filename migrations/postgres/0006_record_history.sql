-- A record's history at once (see migrations/0006_record_history.sql): the audit entries of one
-- record, newest first, for optimistic concurrency and the record's history view.
CREATE INDEX IF NOT EXISTS audit_log_record ON audit_log (entity, entity_id, seq);
