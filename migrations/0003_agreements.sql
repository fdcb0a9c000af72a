-- Agreements and TLO relations, policy documents with versions, collaboration activity, income,
-- inventor compensation and KPI targets. Dates are ISO-8601 TEXT; money is INTEGER yen; shares and
-- rates are INTEGER basis points (10000 = 100 %). Nothing cascades: obsolete records are kept.
-- Statements are IF NOT EXISTS so that re-running the file on a database that has it is harmless.

CREATE TABLE IF NOT EXISTS agreement (
    id                      INTEGER PRIMARY KEY,
    number                  TEXT NOT NULL UNIQUE CHECK (length(number) BETWEEN 1 AND 50),
    title                   TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
    kind                    TEXT NOT NULL CHECK (kind IN ('tlo_mandate', 'licence_exclusive',
                                'licence_non_exclusive', 'option', 'assignment', 'joint_research',
                                'contract_research', 'nda', 'mta')),
    status                  TEXT NOT NULL CHECK (status IN ('negotiating', 'in_force', 'expired',
                                                            'terminated')),
    signed_on               TEXT,
    effective_on            TEXT,
    expires_on              TEXT,
    terminated_on           TEXT,
    auto_renewal            INTEGER NOT NULL DEFAULT 0 CHECK (auto_renewal IN (0, 1)),
    renewal_term_months     INTEGER CHECK (renewal_term_months > 0),
    renewal_notice_days     INTEGER CHECK (renewal_notice_days >= 0),
    field                   TEXT,
    territory               TEXT,
    upfront_yen             INTEGER NOT NULL DEFAULT 0 CHECK (upfront_yen >= 0),
    royalty_rate_bp         INTEGER CHECK (royalty_rate_bp BETWEEN 0 AND 10000),
    royalty_base            TEXT,
    annual_minimum_yen      INTEGER NOT NULL DEFAULT 0 CHECK (annual_minimum_yen >= 0),
    funding_yen             INTEGER NOT NULL DEFAULT 0 CHECK (funding_yen >= 0),
    responsible_id          INTEGER REFERENCES person (id),
    notes                   TEXT,
    CHECK (expires_on IS NULL OR effective_on IS NULL OR expires_on >= effective_on)
) STRICT;
CREATE INDEX IF NOT EXISTS agreement_kind ON agreement (kind, status);

CREATE TABLE IF NOT EXISTS agreement_party (
    agreement_id    INTEGER NOT NULL REFERENCES agreement (id),
    position        INTEGER NOT NULL,
    organisation_id INTEGER NOT NULL REFERENCES organisation (id),
    role            TEXT NOT NULL CHECK (role IN ('licensee', 'licensor', 'tlo', 'partner', 'sponsor',
                                                  'assignee', 'recipient', 'provider', 'other')),
    PRIMARY KEY (agreement_id, position)
) STRICT;
CREATE INDEX IF NOT EXISTS agreement_party_org ON agreement_party (organisation_id);

-- Exactly one of the three targets per row, each a real foreign key.
CREATE TABLE IF NOT EXISTS agreement_link (
    agreement_id    INTEGER NOT NULL REFERENCES agreement (id),
    position        INTEGER NOT NULL,
    application_id  INTEGER REFERENCES application (id),
    family_id       INTEGER REFERENCES family (id),
    disclosure_id   INTEGER REFERENCES disclosure (id),
    PRIMARY KEY (agreement_id, position),
    CHECK ((application_id IS NOT NULL) + (family_id IS NOT NULL) + (disclosure_id IS NOT NULL) = 1)
) STRICT;
CREATE INDEX IF NOT EXISTS agreement_link_app ON agreement_link (application_id);
CREATE INDEX IF NOT EXISTS agreement_link_family ON agreement_link (family_id);
CREATE INDEX IF NOT EXISTS agreement_link_disclosure ON agreement_link (disclosure_id);

CREATE TABLE IF NOT EXISTS agreement_milestone (
    agreement_id    INTEGER NOT NULL REFERENCES agreement (id),
    position        INTEGER NOT NULL,
    description     TEXT NOT NULL,
    amount_yen      INTEGER NOT NULL CHECK (amount_yen >= 0),
    due_on          TEXT,
    PRIMARY KEY (agreement_id, position)
) STRICT;

CREATE TABLE IF NOT EXISTS agreement_report (
    agreement_id    INTEGER NOT NULL REFERENCES agreement (id),
    position        INTEGER NOT NULL,
    what            TEXT NOT NULL,
    every_months    INTEGER NOT NULL CHECK (every_months BETWEEN 1 AND 120),
    first_due_on    TEXT NOT NULL,
    PRIMARY KEY (agreement_id, position)
) STRICT;

CREATE TABLE IF NOT EXISTS policy_document (
    id              INTEGER PRIMARY KEY,
    code            TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 50),
    title           TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
    kind            TEXT NOT NULL CHECK (kind IN ('ip_policy', 'employee_invention',
                        'conflict_of_interest', 'confidentiality', 'joint_research',
                        'model_agreement', 'other')),
    obsolete        INTEGER NOT NULL DEFAULT 0 CHECK (obsolete IN (0, 1))
) STRICT;

-- A version is in force from effective_on until superseded_on (exclusive), which is the next
-- approved version's effective_on; the write path keeps the periods end to end, never overlapping.
CREATE TABLE IF NOT EXISTS policy_version (
    id              INTEGER PRIMARY KEY,
    document_id     INTEGER NOT NULL REFERENCES policy_document (id),
    version         TEXT NOT NULL CHECK (length(version) BETWEEN 1 AND 20),
    approval_body   TEXT,
    approved_on     TEXT,
    effective_on    TEXT,
    superseded_on   TEXT,
    summary         TEXT,
    next_review_on  TEXT,
    -- The file in the content-addressed attachment store (attachments.rs), named by its digest.
    file_name       TEXT,
    sha256          TEXT CHECK (sha256 IS NULL OR length(sha256) = 64),
    UNIQUE (document_id, version),
    CHECK ((approved_on IS NULL) = (effective_on IS NULL)),
    CHECK (superseded_on IS NULL OR superseded_on > effective_on)
) STRICT;
CREATE UNIQUE INDEX IF NOT EXISTS policy_version_effective ON policy_version (document_id, effective_on)
    WHERE effective_on IS NOT NULL;

CREATE TABLE IF NOT EXISTS activity (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('consultation', 'joint_research',
                                                  'startup_support', 'seminar')),
    started_on      TEXT NOT NULL,
    ended_on        TEXT,
    title           TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
    organisation_id INTEGER REFERENCES organisation (id),
    company_name    TEXT,
    researcher_id   INTEGER REFERENCES person (id),
    coordinator_id  INTEGER REFERENCES person (id),
    outcome         TEXT,
    amount_yen      INTEGER NOT NULL DEFAULT 0 CHECK (amount_yen >= 0),
    audience        INTEGER CHECK (audience >= 0),
    support_type    TEXT,
    founders        TEXT,
    equity          INTEGER NOT NULL DEFAULT 0 CHECK (equity IN (0, 1)),
    agreement_id    INTEGER REFERENCES agreement (id),
    led_to_activity_id  INTEGER REFERENCES activity (id),
    led_to_agreement_id INTEGER REFERENCES agreement (id),
    CHECK (ended_on IS NULL OR ended_on >= started_on)
) STRICT;
CREATE INDEX IF NOT EXISTS activity_kind ON activity (kind, started_on);

CREATE TABLE IF NOT EXISTS income (
    id              INTEGER PRIMARY KEY,
    agreement_id    INTEGER NOT NULL REFERENCES agreement (id),
    received_on     TEXT NOT NULL,
    fiscal_year     INTEGER NOT NULL,
    category        TEXT NOT NULL CHECK (category IN ('licence_fee', 'running_royalty', 'milestone',
                        'assignment', 'option_fee', 'joint_research', 'contract_research', 'other')),
    amount_yen      INTEGER NOT NULL CHECK (amount_yen > 0),
    note            TEXT
) STRICT;
CREATE INDEX IF NOT EXISTS income_fy ON income (fiscal_year);
CREATE INDEX IF NOT EXISTS income_agreement ON income (agreement_id);

-- The 職務発明規程's compensation rule as data; the rule in effect for a fiscal year is the one with
-- the latest effective_from on or before 1 April of that year.
CREATE TABLE IF NOT EXISTS compensation_rule (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,
    effective_from  TEXT NOT NULL UNIQUE,
    deduct_costs    INTEGER NOT NULL DEFAULT 1 CHECK (deduct_costs IN (0, 1)),
    policy_document_id INTEGER REFERENCES policy_document (id)
) STRICT;

CREATE TABLE IF NOT EXISTS compensation_tier (
    rule_id         INTEGER NOT NULL REFERENCES compensation_rule (id),
    position        INTEGER NOT NULL,
    up_to_yen       INTEGER CHECK (up_to_yen > 0),
    inventors_bp    INTEGER NOT NULL CHECK (inventors_bp BETWEEN 0 AND 10000),
    department_bp   INTEGER NOT NULL CHECK (department_bp BETWEEN 0 AND 10000),
    institution_bp  INTEGER NOT NULL CHECK (institution_bp BETWEEN 0 AND 10000),
    PRIMARY KEY (rule_id, position),
    CHECK (inventors_bp + department_bp + institution_bp = 10000)
) STRICT;

-- A reviewed line of the distribution, frozen when it is marked paid.
CREATE TABLE IF NOT EXISTS compensation_payment (
    fiscal_year     INTEGER NOT NULL,
    person_id       INTEGER NOT NULL REFERENCES person (id),
    amount_yen      INTEGER NOT NULL CHECK (amount_yen >= 0),
    paid_on         TEXT NOT NULL,
    note            TEXT,
    PRIMARY KEY (fiscal_year, person_id)
) STRICT;

CREATE TABLE IF NOT EXISTS kpi_target (
    id              INTEGER PRIMARY KEY,
    metric          TEXT NOT NULL,
    label           TEXT NOT NULL,
    baseline_fy     INTEGER NOT NULL,
    baseline_value  INTEGER CHECK (baseline_value >= 0),
    multiplier      REAL NOT NULL CHECK (multiplier > 0),
    horizon_years   INTEGER NOT NULL CHECK (horizon_years BETWEEN 1 AND 50),
    UNIQUE (metric, baseline_fy)
) STRICT;
