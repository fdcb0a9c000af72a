-- A record's history at once, and the links between applications followed when one
-- application's docket is recomputed (see migrations/0006_record_history.sql).
CREATE INDEX IF NOT EXISTS audit_log_record ON audit_log (entity, entity_id, seq);
CREATE INDEX IF NOT EXISTS application_parent ON application (parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS application_pct ON application (pct_id) WHERE pct_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS application_number_typed ON application (application_number)
    WHERE application_number IS NOT NULL;
CREATE INDEX IF NOT EXISTS priority_claim_earlier ON priority_claim (earlier_application_id)
    WHERE earlier_application_id IS NOT NULL;
