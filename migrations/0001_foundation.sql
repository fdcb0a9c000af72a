-- Chizai foundation: institution, people, organisations, invention disclosures, patent families and
-- applications with their events, co-applicants, priority claims, costs, attachments, the hash-chained
-- audit trail and the full-text index. Dates are ISO-8601 TEXT (YYYY-MM-DD); money is INTEGER yen;
-- shares are INTEGER basis points (10000 = 100 %), so sums are exact.

CREATE TABLE institution (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    name            TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    name_en         TEXT,
    vice_president  TEXT,
    created_at      TEXT NOT NULL
) STRICT;

CREATE TABLE person (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    name_kana       TEXT,
    role            TEXT NOT NULL CHECK (role IN ('inventor', 'staff', 'expert')),
    department      TEXT,
    internal        INTEGER NOT NULL DEFAULT 1 CHECK (internal IN (0, 1)),
    email           TEXT,
    obsolete        INTEGER NOT NULL DEFAULT 0 CHECK (obsolete IN (0, 1))
) STRICT;

CREATE TABLE organisation (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
    kind            TEXT NOT NULL CHECK (kind IN ('company', 'tlo', 'patent_firm', 'law_firm',
                                                  'funding_agency', 'university', 'other')),
    country         TEXT NOT NULL DEFAULT 'JP',
    obsolete        INTEGER NOT NULL DEFAULT 0 CHECK (obsolete IN (0, 1))
) STRICT;

CREATE TABLE disclosure (
    id                  INTEGER PRIMARY KEY,
    number              TEXT NOT NULL UNIQUE,
    title               TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
    received_on         TEXT NOT NULL,
    funding_source      TEXT,
    government_funded   INTEGER NOT NULL DEFAULT 0 CHECK (government_funded IN (0, 1)),
    evaluation          TEXT,
    succession          TEXT NOT NULL DEFAULT 'pending'
                        CHECK (succession IN ('pending', 'succeeded', 'not_succeeded')),
    succession_on       TEXT,
    succession_reason   TEXT,
    confidential        INTEGER NOT NULL DEFAULT 1 CHECK (confidential IN (0, 1)),
    CHECK (succession = 'pending' OR succession_on IS NOT NULL)
) STRICT;

CREATE TABLE disclosure_inventor (
    disclosure_id   INTEGER NOT NULL REFERENCES disclosure (id),
    person_id       INTEGER NOT NULL REFERENCES person (id),
    position        INTEGER NOT NULL,
    share_bp        INTEGER NOT NULL CHECK (share_bp BETWEEN 1 AND 10000),
    PRIMARY KEY (disclosure_id, person_id)
) STRICT;

CREATE TABLE family (
    id              INTEGER PRIMARY KEY,
    reference       TEXT NOT NULL UNIQUE,
    title           TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
    disclosure_id   INTEGER REFERENCES disclosure (id)
) STRICT;

CREATE TABLE application (
    id                      INTEGER PRIMARY KEY,
    family_id               INTEGER NOT NULL REFERENCES family (id),
    reference               TEXT NOT NULL UNIQUE,
    office                  TEXT NOT NULL,
    right_type              TEXT NOT NULL CHECK (right_type IN ('patent', 'utility_model', 'design',
                                                                'trademark', 'provisional')),
    route                   TEXT NOT NULL DEFAULT 'direct'
                            CHECK (route IN ('direct', 'paris', 'pct_national', 'divisional',
                                             'domestic_priority')),
    title                   TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
    application_number      TEXT,
    application_number_raw  TEXT,
    filed_on                TEXT,
    parent_id               INTEGER REFERENCES application (id),
    pct_id                  INTEGER REFERENCES application (id),
    publication_number      TEXT,
    published_on            TEXT,
    exam_requested_on       TEXT,
    registration_number     TEXT,
    registered_on           TEXT,
    status                  TEXT NOT NULL CHECK (status IN ('drafting', 'filed', 'published',
                                'examination', 'granted', 'refused', 'lapsed', 'abandoned',
                                'expired', 'concluded')),
    applicant_residence     TEXT NOT NULL DEFAULT 'domestic'
                            CHECK (applicant_residence IN ('domestic', 'overseas')),
    responsible_id          INTEGER REFERENCES person (id),
    patent_firm_id          INTEGER REFERENCES organisation (id),
    annuities_paid_to       INTEGER,
    notes                   TEXT
) STRICT;
CREATE UNIQUE INDEX application_number_unique ON application (office, application_number)
    WHERE application_number IS NOT NULL;
CREATE INDEX application_family ON application (family_id);
-- The listing filters by office and/or status and sorts by filing date most often: these let a page
-- of 50 out of 100,000 be read in index order without sorting every match.
CREATE INDEX application_office_status_filed ON application (office, status, filed_on);
CREATE INDEX application_status_filed ON application (status, filed_on);
CREATE INDEX application_filed ON application (filed_on);

CREATE TABLE application_inventor (
    application_id  INTEGER NOT NULL REFERENCES application (id),
    person_id       INTEGER NOT NULL REFERENCES person (id),
    position        INTEGER NOT NULL,
    share_bp        INTEGER NOT NULL CHECK (share_bp BETWEEN 1 AND 10000),
    PRIMARY KEY (application_id, person_id)
) STRICT;

CREATE TABLE co_applicant (
    application_id  INTEGER NOT NULL REFERENCES application (id),
    organisation_id INTEGER NOT NULL REFERENCES organisation (id),
    share_bp        INTEGER NOT NULL CHECK (share_bp BETWEEN 1 AND 10000),
    PRIMARY KEY (application_id, organisation_id)
) STRICT;

CREATE TABLE priority_claim (
    application_id          INTEGER NOT NULL REFERENCES application (id),
    position                INTEGER NOT NULL,
    earlier_application_id  INTEGER REFERENCES application (id),
    office                  TEXT NOT NULL,
    number                  TEXT NOT NULL,
    filed_on                TEXT NOT NULL,
    PRIMARY KEY (application_id, position)
) STRICT;

CREATE TABLE application_event (
    id              INTEGER PRIMARY KEY,
    application_id  INTEGER NOT NULL REFERENCES application (id),
    kind            TEXT NOT NULL,
    occurred_on     TEXT NOT NULL,
    note            TEXT,
    obsolete        INTEGER NOT NULL DEFAULT 0 CHECK (obsolete IN (0, 1))
) STRICT;
CREATE INDEX application_event_app ON application_event (application_id, occurred_on);

CREATE TABLE cost (
    id              INTEGER PRIMARY KEY,
    application_id  INTEGER REFERENCES application (id),
    incurred_on     TEXT NOT NULL,
    fiscal_year     INTEGER NOT NULL,
    category        TEXT NOT NULL CHECK (category IN ('filing', 'attorney', 'official_fee',
                                         'annuity', 'translation', 'other')),
    amount_yen      INTEGER NOT NULL CHECK (amount_yen >= 0),
    vendor_id       INTEGER REFERENCES organisation (id),
    note            TEXT
) STRICT;
CREATE INDEX cost_fy ON cost (fiscal_year);
CREATE INDEX cost_app ON cost (application_id);

CREATE TABLE attachment (
    id              INTEGER PRIMARY KEY,
    entity          TEXT NOT NULL,
    entity_id       INTEGER NOT NULL,
    file_name       TEXT NOT NULL,
    sha256          TEXT NOT NULL CHECK (length(sha256) = 64),
    size_bytes      INTEGER NOT NULL CHECK (size_bytes >= 0),
    added_on        TEXT NOT NULL
) STRICT;

CREATE TABLE audit_log (
    seq             INTEGER PRIMARY KEY,
    at              TEXT NOT NULL,
    actor           TEXT NOT NULL,
    entity          TEXT NOT NULL,
    entity_id       TEXT NOT NULL,
    action          TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'obsolete', 'import')),
    before_json     TEXT,
    after_json      TEXT,
    prev_hash       TEXT NOT NULL,
    hash            TEXT NOT NULL
) STRICT;

-- Trigram tokenizer: Japanese has no spaces, so a substring of three or more characters must match
-- anywhere in a title. Shorter queries fall back to LIKE (see search.rs).
CREATE VIRTUAL TABLE search_index USING fts5 (
    entity UNINDEXED, entity_id UNINDEXED, text, tokenize = 'trigram'
);
