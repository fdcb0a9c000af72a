//! Creating and changing portfolio records. Each function validates first, then writes and appends
//! its audit row through the caller's [`Write`], so a batch (an import, the demo) is one transaction.

use crate::store::OptionalExtension;
use chrono::{Datelike, NaiveDate};
use rusqlite::params;

use super::model::*;
use super::read::get_application;
use super::validate::{self, MAX_NOTE, MAX_TITLE};
use crate::domain::*;
use crate::error::{CoreError, ErrorCode, Failure, Result};
use crate::search;
use crate::store::{Action, AuditEntity, Write};

/// The fiscal year (年度, April–March) a date falls in, named by its starting year.
pub fn fiscal_year(d: NaiveDate) -> i32 {
    if d.month() >= 4 {
        d.year()
    } else {
        d.year() - 1
    }
}

/// Sets the institution's name and officers from the settings form: `loaded`, what the form
/// showed, refuses the change when another desk changed them since.
pub fn edit_institution(
    w: &mut Write<'_>,
    inst: &Institution,
    loaded: Option<&Institution>,
) -> Result<()> {
    if let Ok(stored) = super::read::get_institution(w.tx()) {
        w.expect_as_loaded("institution", "1", loaded, &stored, "the institution")?;
    }
    set_institution(w, inst)
}

/// Sets the institution's name and officers (the one row of `institution`).
pub fn set_institution(w: &mut Write<'_>, inst: &Institution) -> Result<()> {
    validate::text("institution.name", &inst.name, 200)?;
    let before = super::read::get_institution(w.tx()).ok();
    w.tx().execute(
        "INSERT INTO institution (id, name, name_en, vice_president, created_at) VALUES (1, ?1, ?2, ?3, ?4)
         ON CONFLICT (id) DO UPDATE SET name = ?1, name_en = ?2, vice_president = ?3",
        params![inst.name, inst.name_en, inst.vice_president, w.now().to_rfc3339()],
    )?;
    let action = if before.is_some() {
        Action::Update
    } else {
        Action::Create
    };
    w.audit(
        AuditEntity::Institution,
        1,
        action,
        before.as_ref(),
        Some(inst),
    )
}

/// Adds a person; returns the new id.
pub fn create_person(w: &mut Write<'_>, p: &Person) -> Result<PersonId> {
    validate::text("person.name", &p.name, 200)?;
    validate::optional_text("person.department", &p.department, 200)?;
    w.tx()
        .prepare_cached(
            "INSERT INTO person (id, name, name_kana, role, department, internal, email) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![p.id, p.name, p.name_kana, p.role, p.department, p.internal, p.email])?;
    let id = PersonId(w.tx().last_insert_rowid());
    w.audit(
        AuditEntity::Person,
        id,
        Action::Create,
        None::<&()>,
        Some(&Person {
            id: Some(id),
            ..p.clone()
        }),
    )?;
    Ok(id)
}

/// Adds an organisation; its name must be new.
pub fn create_organisation(w: &mut Write<'_>, o: &Organisation) -> Result<OrganisationId> {
    validate::text("organisation.name", &o.name, 200)?;
    let exists: Option<i64> = w
        .tx()
        .query_row(
            "SELECT id FROM organisation WHERE name = ?1",
            [&o.name],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(existing) = exists {
        return Err(CoreError::Conflict(format!(
            "organisation {:?} already exists (id {existing})",
            o.name
        )));
    }
    w.tx()
        .prepare_cached(
            "INSERT INTO organisation (id, name, kind, country) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![o.id, o.name, o.kind, o.country])?;
    let id = OrganisationId(w.tx().last_insert_rowid());
    w.audit(
        AuditEntity::Organisation,
        id,
        Action::Create,
        None::<&()>,
        Some(&Organisation {
            id: Some(id),
            ..o.clone()
        }),
    )?;
    Ok(id)
}

pub(super) fn validate_disclosure(d: &Disclosure) -> Result<()> {
    validate::text("disclosure.number", &d.number, 50)?;
    validate::text("disclosure.title", &d.title, MAX_TITLE)?;
    validate::date("disclosure.received_on", d.received_on)?;
    validate::optional_text("disclosure.evaluation", &d.evaluation, MAX_NOTE)?;
    validate::inventor_shares("disclosure.inventors", &d.inventors)?;
    validate::order(
        ("received_on", Some(d.received_on)),
        ("disclosure.succession_on", d.succession_on),
    )?;
    if d.succession != Succession::Pending && d.succession_on.is_none() {
        return Err(CoreError::invalid(
            "disclosure.succession_on",
            "a succession decision needs its date",
        ));
    }
    Ok(())
}

/// Records an invention disclosure with its inventors.
pub fn create_disclosure(w: &mut Write<'_>, d: &Disclosure) -> Result<DisclosureId> {
    validate_disclosure(d)?;
    let dup: Option<i64> = w
        .tx()
        .query_row(
            "SELECT id FROM disclosure WHERE number = ?1",
            [&d.number],
            |r| r.get(0),
        )
        .optional()?;
    if dup.is_some() {
        return Err(CoreError::Conflict(format!(
            "disclosure number {} is already recorded",
            d.number
        )));
    }
    w.tx()
        .prepare_cached(
            "INSERT INTO disclosure (id, number, title, received_on, funding_source, government_funded, evaluation,
                 succession, succession_on, succession_reason, confidential)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?
        .execute(params![
            d.id, d.number, d.title, d.received_on, d.funding_source, d.government_funded, d.evaluation,
            d.succession, d.succession_on, d.succession_reason, d.confidential
        ])?;
    let id = DisclosureId(w.tx().last_insert_rowid());
    write_disclosure_inventors(w, id, &d.inventors)?;
    search::index(w, "disclosure", id.0)?;
    w.audit(
        AuditEntity::Disclosure,
        id,
        Action::Create,
        None::<&()>,
        Some(&Disclosure {
            id: Some(id),
            ..d.clone()
        }),
    )?;
    Ok(id)
}

/// Inserts a disclosure's inventors in their order (the disclosure has none yet).
pub(super) fn write_disclosure_inventors(
    w: &mut Write<'_>,
    id: DisclosureId,
    inventors: &[InventorShare],
) -> Result<()> {
    for s in inventors {
        require(w, "person", "disclosure.inventors", s.person_id.0)?;
    }
    for (pos, s) in inventors.iter().enumerate() {
        w.tx()
            .prepare_cached("INSERT INTO disclosure_inventor (disclosure_id, person_id, position, share_bp) VALUES (?1, ?2, ?3, ?4)")?
            .execute(params![id, s.person_id, pos as i64, s.share_bp])
            .map_err(|e| missing_ref(e, "disclosure.inventors", "person", s.person_id.0))?;
    }
    Ok(())
}

/// Adds a patent family.
pub fn create_family(w: &mut Write<'_>, f: &Family) -> Result<FamilyId> {
    validate::text("family.reference", &f.reference, 50)?;
    validate::text("family.title", &f.title, MAX_TITLE)?;
    w.tx()
        .prepare_cached(
            "INSERT INTO family (id, reference, title, disclosure_id) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![f.id, f.reference, f.title, f.disclosure_id])
        .map_err(|e| {
            conflict_or(
                e,
                format!("family reference {} is already used", f.reference),
            )
        })?;
    let id = FamilyId(w.tx().last_insert_rowid());
    w.audit(
        AuditEntity::Family,
        id,
        Action::Create,
        None::<&()>,
        Some(&Family {
            id: Some(id),
            ..f.clone()
        }),
    )?;
    Ok(id)
}

/// Validates an application and fills its normalised number from the raw one. The importer's
/// plan runs it too, so every check the write makes shows in a dry run.
pub(crate) fn prepare_application(a: &Application) -> Result<Application> {
    let mut a = a.clone();
    validate::text("application.reference", &a.reference, 50)?;
    validate::text("application.title", &a.title, MAX_TITLE)?;
    validate::optional_text("application.notes", &a.notes, MAX_NOTE)?;
    for (field, d) in [
        ("application.filed_on", a.filed_on),
        ("application.published_on", a.published_on),
        ("application.exam_requested_on", a.exam_requested_on),
        ("application.registered_on", a.registered_on),
    ] {
        if let Some(d) = d {
            validate::date(field, d)?;
        }
    }
    validate::order(
        ("filed_on", a.filed_on),
        ("application.published_on", a.published_on),
    )?;
    validate::order(
        ("filed_on", a.filed_on),
        ("application.exam_requested_on", a.exam_requested_on),
    )?;
    validate::order(
        ("filed_on", a.filed_on),
        ("application.registered_on", a.registered_on),
    )?;
    for (i, p) in a.priority_claims.iter().enumerate() {
        validate::order(
            (&format!("priority_claims[{i}].filed_on"), Some(p.filed_on)),
            ("application.filed_on", a.filed_on),
        )?;
    }
    validate::inventor_shares("application.inventors", &a.inventors)?;
    validate::co_applicant_shares(&a.co_applicants)?;
    if a.status != Status::Drafting && a.filed_on.is_none() {
        return Err(CoreError::invalid(
            "application.filed_on",
            format!(
                "an application with status {} needs its filing date",
                a.status
            ),
        ));
    }
    let raw = a
        .application_number_raw
        .clone()
        .or_else(|| a.application_number.clone());
    a.application_number = match raw.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
        Some(r) => Some(validate::application_number(a.office, r)?),
        None => None,
    };
    a.application_number_raw = raw.filter(|r| !r.trim().is_empty());
    Ok(a)
}

fn check_number_free(w: &Write<'_>, a: &Application, own: Option<ApplicationId>) -> Result<()> {
    let Some(number) = &a.application_number else {
        return Ok(());
    };
    let other: Option<(i64, String)> = w
        .tx()
        .prepare_cached(
            "SELECT id, reference FROM application WHERE office = ?1 AND application_number = ?2",
        )?
        .query_row(params![a.office, number], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match other {
        Some((id, reference)) if Some(ApplicationId(id)) != own => {
            Err(CoreError::Conflict(format!(
            "application_number: {} {number} is already recorded as {reference}; check the number",
            a.office
        )))
        }
        _ => Ok(()),
    }
}

/// Files a new application record with its inventors, co-applicants and priority claims.
pub fn create_application(w: &mut Write<'_>, input: &Application) -> Result<ApplicationId> {
    let a = prepare_application(input)?;
    check_number_free(w, &a, None)?;
    w.tx()
        .prepare_cached(
            "INSERT INTO application (id, family_id, reference, office, right_type, route, title, application_number,
                 application_number_raw, filed_on, parent_id, pct_id, publication_number, published_on,
                 exam_requested_on, registration_number, registered_on, status, applicant_residence,
                 responsible_id, patent_firm_id, annuities_paid_to, notes)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)",
        )?
        .execute(params![
            a.id, a.family_id, a.reference, a.office, a.right_type, a.route, a.title, a.application_number,
            a.application_number_raw, a.filed_on, a.parent_id, a.pct_id, a.publication_number, a.published_on,
            a.exam_requested_on, a.registration_number, a.registered_on, a.status, a.applicant_residence,
            a.responsible_id, a.patent_firm_id, a.annuities_paid_to, a.notes
        ])
        .map_err(|e| conflict_or(e, format!("application reference {} is already used, or a linked record is missing", a.reference)))?;
    let id = ApplicationId(w.tx().last_insert_rowid());
    write_children(w, id, &a)?;
    search::index(w, "application", id.0)?;
    w.audit(
        AuditEntity::Application,
        id,
        Action::Create,
        None::<&()>,
        Some(&Application { id: Some(id), ..a }),
    )?;
    Ok(id)
}

/// Replaces an application's fields and lists; the audit row keeps the before and after.
pub fn update_application(w: &mut Write<'_>, id: ApplicationId, input: &Application) -> Result<()> {
    let before = get_application(w.tx(), id)?;
    let a = prepare_application(&Application {
        id: Some(id),
        ..input.clone()
    })?;
    check_number_free(w, &a, Some(id))?;
    w.tx().execute(
        "UPDATE application SET family_id = ?2, reference = ?3, office = ?4, right_type = ?5, route = ?6, title = ?7,
             application_number = ?8, application_number_raw = ?9, filed_on = ?10, parent_id = ?11, pct_id = ?12,
             publication_number = ?13, published_on = ?14, exam_requested_on = ?15, registration_number = ?16,
             registered_on = ?17, status = ?18, applicant_residence = ?19, responsible_id = ?20,
             patent_firm_id = ?21, annuities_paid_to = ?22, notes = ?23
         WHERE id = ?1",
        params![
            id, a.family_id, a.reference, a.office, a.right_type, a.route, a.title, a.application_number,
            a.application_number_raw, a.filed_on, a.parent_id, a.pct_id, a.publication_number, a.published_on,
            a.exam_requested_on, a.registration_number, a.registered_on, a.status, a.applicant_residence,
            a.responsible_id, a.patent_firm_id, a.annuities_paid_to, a.notes
        ],
    )?;
    for table in ["application_inventor", "co_applicant", "priority_claim"] {
        w.tx().execute(
            &format!("DELETE FROM {table} WHERE application_id = ?1"),
            [id],
        )?;
    }
    write_children(w, id, &a)?;
    search::index(w, "application", id.0)?;
    w.audit(
        AuditEntity::Application,
        id,
        Action::Update,
        Some(&before),
        Some(&a),
    )
}

/// Fails with a validation error on `field` unless `table` has a row with `id`: a clear message
/// instead of a foreign-key failure (which, deferred during an import, would name nothing).
fn require(w: &Write<'_>, table: &str, field: &str, id: i64) -> Result<()> {
    let found: Option<i64> = w
        .tx()
        .prepare_cached(&format!("SELECT 1 FROM {table} WHERE id = ?1"))?
        .query_row([id], |r| r.get(0))
        .optional()?;
    match found {
        Some(_) => Ok(()),
        None => Err(CoreError::invalid(
            field,
            format!("{table} {id} does not exist"),
        )),
    }
}

fn write_children(w: &mut Write<'_>, id: ApplicationId, a: &Application) -> Result<()> {
    require(w, "family", "application.family_id", a.family_id.0)?;
    for s in &a.inventors {
        require(w, "person", "application.inventors", s.person_id.0)?;
    }
    for c in &a.co_applicants {
        require(
            w,
            "organisation",
            "application.co_applicants",
            c.organisation_id.0,
        )?;
    }
    for (pos, s) in a.inventors.iter().enumerate() {
        w.tx()
            .prepare_cached("INSERT INTO application_inventor (application_id, person_id, position, share_bp) VALUES (?1, ?2, ?3, ?4)")?
            .execute(params![id, s.person_id, pos as i64, s.share_bp])
            .map_err(|e| missing_ref(e, "application.inventors", "person", s.person_id.0))?;
    }
    for c in &a.co_applicants {
        w.tx()
            .prepare_cached("INSERT INTO co_applicant (application_id, organisation_id, share_bp) VALUES (?1, ?2, ?3)")?
            .execute(params![id, c.organisation_id, c.share_bp])
            .map_err(|e| missing_ref(e, "application.co_applicants", "organisation", c.organisation_id.0))?;
    }
    for (pos, p) in a.priority_claims.iter().enumerate() {
        w.tx()
            .prepare_cached(
                "INSERT INTO priority_claim (application_id, position, earlier_application_id, office, number, filed_on)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![id, pos as i64, p.earlier_application_id, p.office, p.number, p.filed_on])?;
    }
    Ok(())
}

/// Records a dated event and carries its consequence into the application's own fields (a
/// registration sets the registration date and status, an abandonment the status, …). A change
/// of the application's fields is audited with its before and after, beside the event's own row.
/// The docket is not recomputed here: the routes that record events
/// ([`crate::deadlines::record_event`]) do it in the same transaction.
pub fn apply_event(w: &mut Write<'_>, e: &Event) -> Result<EventId> {
    validate::date("event.occurred_on", e.occurred_on)?;
    validate::optional_text("event.note", &e.note, MAX_NOTE)?;
    let before = get_application(w.tx(), e.application_id)?;
    if let Some(filed) = before.filed_on {
        if e.occurred_on < filed && !matches!(e.kind, EventKind::Disclosed) {
            return Err(CoreError::invalid(
                "event.occurred_on",
                format!("{} is before the filing date {filed}", e.occurred_on),
            ));
        }
    }
    let id = insert_event(w, e)?;
    let d = e.occurred_on;
    let effect: Option<(&str, Option<Status>)> = match e.kind {
        EventKind::Published => Some(("published_on", None)),
        EventKind::ExamRequested => Some(("exam_requested_on", Some(Status::Examination))),
        EventKind::Registered | EventKind::Granted => {
            Some(("registered_on", Some(Status::Granted)))
        }
        EventKind::RefusalServed => Some(("", Some(Status::Refused))),
        EventKind::AppealFiled => Some(("", Some(Status::Examination))),
        EventKind::Abandoned | EventKind::Withdrawn => Some(("", Some(Status::Abandoned))),
        EventKind::Lapsed => Some(("", Some(Status::Lapsed))),
        _ => None,
    };
    if let Some((column, status)) = effect {
        if !column.is_empty() {
            w.tx().execute(
                &format!("UPDATE application SET {column} = ?2 WHERE id = ?1"),
                params![e.application_id, d],
            )?;
        }
        if let Some(s) = status {
            w.tx().execute(
                "UPDATE application SET status = ?2 WHERE id = ?1",
                params![e.application_id, s],
            )?;
        }
        let after = get_application(w.tx(), e.application_id)?;
        if after != before {
            w.audit(
                AuditEntity::Application,
                e.application_id,
                Action::Update,
                Some(&before),
                Some(&after),
            )?;
        }
    }
    Ok(id)
}

/// Inserts and audits an event as it is, without carrying it into the application's fields: for
/// history whose consequences are already in the application record (import, the demo).
pub fn insert_event(w: &mut Write<'_>, e: &Event) -> Result<EventId> {
    w.tx()
        .prepare_cached("INSERT INTO application_event (id, application_id, kind, occurred_on, note) VALUES (?1, ?2, ?3, ?4, ?5)")?
        .execute(params![e.id, e.application_id, e.kind, e.occurred_on, e.note])
        .map_err(|err| missing_ref(err, "event.application_id", "application", e.application_id.0))?;
    let id = EventId(w.tx().last_insert_rowid());
    w.audit(
        AuditEntity::Event,
        id,
        Action::Create,
        None::<&()>,
        Some(&Event {
            id: Some(id),
            ..e.clone()
        }),
    )?;
    Ok(id)
}

/// Books a cost; the fiscal year follows from its date.
pub fn add_cost(w: &mut Write<'_>, c: &Cost) -> Result<CostId> {
    validate::date("cost.incurred_on", c.incurred_on)?;
    if c.amount_yen < 0 {
        return Err(CoreError::invalid(
            "cost.amount_yen",
            format!("{} is negative; book a refund as income", c.amount_yen),
        ));
    }
    w.tx()
        .prepare_cached(
            "INSERT INTO cost (id, application_id, incurred_on, fiscal_year, category, amount_yen, vendor_id, note)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![c.id, c.application_id, c.incurred_on, fiscal_year(c.incurred_on), c.category, c.amount_yen, c.vendor_id, c.note])?;
    let id = CostId(w.tx().last_insert_rowid());
    w.audit(
        AuditEntity::Cost,
        id,
        Action::Create,
        None::<&()>,
        Some(&Cost {
            id: Some(id),
            ..c.clone()
        }),
    )?;
    Ok(id)
}

fn conflict_or(e: CoreError, message: String) -> CoreError {
    match e {
        err if err.code() == ErrorCode::Conflict => CoreError::Conflict(message),
        err => err,
    }
}

fn missing_ref(e: CoreError, field: &str, what: &str, id: i64) -> CoreError {
    match e {
        err if err.code() == ErrorCode::Conflict => CoreError::invalid(
            field,
            format!("{what} {id} does not exist, or is listed twice"),
        ),
        err => err,
    }
}
