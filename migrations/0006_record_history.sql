-- A record's history at once: the audit entries of one record, newest first. Optimistic
-- concurrency reads a record's last change on every edit (store/versions.rs), and the record's
-- history view lists them; without this index both scan the whole trail.
CREATE INDEX IF NOT EXISTS audit_log_record ON audit_log (entity, entity_id, seq);
