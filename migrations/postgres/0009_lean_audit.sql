-- A lean audit trail (issue 15; see migrations/0009_lean_audit.sql): the predecessor's hash is no
-- longer stored beside each row (it is the previous row's `hash`; the chain check recomputes every
-- row from the one before it), and the hash is kept as its 32 bytes instead of 64 hex characters.
-- What is hashed is unchanged, so heads already signed into snapshots still verify. ALTER TABLE
-- rewrites the table without firing the append-only row triggers; a hash that is not hex fails
-- decode() and the whole migration with it.
-- Written re-runnable, like every migration.
ALTER TABLE audit_log DROP COLUMN IF EXISTS prev_hash;
DO $$
BEGIN
    IF (SELECT data_type FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = 'audit_log' AND column_name = 'hash') = 'text'
    THEN
        ALTER TABLE audit_log ALTER COLUMN hash TYPE BYTEA USING decode(hash, 'hex');
        ALTER TABLE audit_log ADD CONSTRAINT audit_log_hash_length CHECK (octet_length(hash) = 32);
    END IF;
END
$$;
