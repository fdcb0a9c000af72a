-- A record's history at once: the audit entries of one record, newest first. Optimistic
-- concurrency reads a record's last change on every edit (store/versions.rs), and the record's
-- history view lists them; without this index both scan the whole trail.
CREATE INDEX IF NOT EXISTS audit_log_record ON audit_log (entity, entity_id, seq);

-- The links between applications, followed when one application's docket is recomputed (its
-- divisional children, the national phases of a PCT application, the applications claiming its
-- priority): without these, recomputing one application scanned every application at 100,000.
CREATE INDEX IF NOT EXISTS application_parent ON application (parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS application_pct ON application (pct_id) WHERE pct_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS application_number_typed ON application (application_number)
    WHERE application_number IS NOT NULL;
CREATE INDEX IF NOT EXISTS priority_claim_earlier ON priority_claim (earlier_application_id)
    WHERE earlier_application_id IS NOT NULL;

-- The register's sort orders end with the id, as every listing does (ORDER BY key, id): SQLite's
-- indexes carry the rowid implicitly, the server's need it spelled out, or a page of 50 sorts the
-- whole table (a deep page by reference took 150 ms at 100,000). The same indexes on both engines.
CREATE INDEX IF NOT EXISTS application_reference_id ON application (reference, id);
DROP INDEX IF EXISTS application_office_status_filed;
CREATE INDEX IF NOT EXISTS application_office_status_filed_id ON application (office, status, filed_on, id);
DROP INDEX IF EXISTS application_status_filed;
CREATE INDEX IF NOT EXISTS application_status_filed_id ON application (status, filed_on, id);
DROP INDEX IF EXISTS application_filed;
CREATE INDEX IF NOT EXISTS application_filed_id ON application (filed_on, id);
