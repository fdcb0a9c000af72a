-- The docket: deadlines generated from the rule table (src-tauri/core/src/docket/rules.toml) or
-- entered by hand. A generated deadline is identified within its application by `key`
-- (code|variant|year|target|occurrence), so a recompute after a corrected date updates the same
-- row and keeps what a person recorded on it (done, waived, responsible, notes). A deadline whose
-- trigger disappeared is marked obsolete with the reason, never deleted.

CREATE TABLE IF NOT EXISTS deadline (
    id                  INTEGER PRIMARY KEY,
    origin              TEXT NOT NULL CHECK (origin IN ('generated', 'manual')),
    application_id      INTEGER REFERENCES application (id),
    agreement_ref       TEXT,
    key                 TEXT,
    code                TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 100),
    title               TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
    due                 TEXT NOT NULL,
    unrolled            TEXT NOT NULL,
    basis               TEXT,
    year                INTEGER,
    target              TEXT,
    info                INTEGER NOT NULL DEFAULT 0 CHECK (info IN (0, 1)),
    -- {"ja", "en", "trigger", "period", "convention", "calendar", "rolled_over", "uncertain"}
    explanation_json    TEXT NOT NULL DEFAULT '{}',
    -- what the computed dates depend on; a recompute rewrites a row only when it changes
    fingerprint         INTEGER NOT NULL DEFAULT 0,
    status              TEXT NOT NULL DEFAULT 'open'
                        CHECK (status IN ('open', 'done', 'waived', 'obsolete')),
    done_on             TEXT,
    done_by             TEXT,
    done_note           TEXT,
    waive_reason        TEXT,
    obsolete_reason     TEXT,
    responsible_id      INTEGER REFERENCES person (id),
    notes               TEXT,
    -- days before `due` to remind, e.g. "90,30,7"
    reminders           TEXT NOT NULL DEFAULT '90,30,7',
    CHECK (status <> 'done' OR done_on IS NOT NULL),
    CHECK (status <> 'waived' OR (waive_reason IS NOT NULL AND length(waive_reason) > 0)),
    CHECK (status <> 'obsolete' OR obsolete_reason IS NOT NULL),
    CHECK (origin = 'manual' OR (application_id IS NOT NULL AND key IS NOT NULL)),
    CHECK (origin = 'generated' OR application_id IS NOT NULL OR agreement_ref IS NOT NULL)
) STRICT;
CREATE UNIQUE INDEX IF NOT EXISTS deadline_generated_key ON deadline (application_id, key) WHERE origin = 'generated';
-- covering index for the recompute's comparison: it never reads the wide rows
CREATE INDEX IF NOT EXISTS deadline_recompute ON deadline (origin, application_id, key, status, fingerprint);
CREATE INDEX IF NOT EXISTS deadline_due ON deadline (status, due);
CREATE INDEX IF NOT EXISTS deadline_application ON deadline (application_id);

-- What each application's generated deadlines were last computed from: a hash of its facts and
-- of the rule table, calendars and engine. A recompute skips an application whose hash has not
-- changed (its deadlines cannot have changed). Derived data, rebuilt by any full recompute.
CREATE TABLE IF NOT EXISTS docket_state (
    application_id  INTEGER PRIMARY KEY REFERENCES application (id),
    facts_hash      INTEGER NOT NULL
) STRICT;
