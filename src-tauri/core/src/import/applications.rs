//! Planning an application register: what each row creates, updates or leaves alone.
//!
//! Contract:
//! - A row is matched to a stored application by its 整理番号 (reference) or, failing that, by its
//!   office and normalised application number; a row matching two different records is a problem.
//! - A row without a reference gets `OFFICE-NUMBER` (e.g. `JP-2024-123456`) so that re-importing
//!   the same sheet finds it again.
//! - A blank cell never erases what is stored: importing adds and corrects, it does not delete.
//! - The institution itself in the 出願人 column is not a co-applicant; co-applicants without
//!   shares split the right equally with the institution.
//! - Every problem of every row is collected; planning reads the database and writes nothing.

use std::collections::HashMap;

use super::cells::Cells;
use super::columns::Field;
use super::parties::{PartyBook, PartyRef};
use super::Changes;
use crate::domain::{ApplicationId, FamilyId, Office, RightType, Status};
use crate::portfolio::Application;

mod identify;
mod read;

/// The fields an application register can have.
pub const FIELDS: [Field; 20] = [
    Field::Reference,
    Field::Family,
    Field::Office,
    Field::RightType,
    Field::Title,
    Field::ApplicationNumber,
    Field::FiledOn,
    Field::PublicationNumber,
    Field::PublishedOn,
    Field::ExamRequestedOn,
    Field::RegistrationNumber,
    Field::RegisteredOn,
    Field::Status,
    Field::Inventors,
    Field::Applicants,
    Field::PatentFirm,
    Field::Responsible,
    Field::AnnuitiesPaidTo,
    Field::Notes,
    Field::DisclosureNumber,
];

/// What a planned row does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plan {
    /// A new application.
    Create,
    /// Changes to a stored application.
    Update(ApplicationId),
    /// The row says what is stored already.
    Unchanged(ApplicationId),
}

/// Where a new application's family comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum FamilyRef {
    /// A stored family.
    Existing(FamilyId),
    /// A family to create (or to share with an earlier row of the same import).
    New {
        /// Its reference.
        reference: String,
        /// Its title (the first row's title).
        title: String,
        /// The disclosure it comes from, when the row names one that is stored.
        disclosure_id: Option<crate::domain::DisclosureId>,
    },
}

/// One row's plan, ready to write.
#[derive(Debug, Clone)]
pub struct AppRow {
    /// The row number as Excel shows it.
    pub row: usize,
    /// What the row does.
    pub plan: Plan,
    /// The application as it will be stored (`family_id` is filled on write for a new family).
    pub app: Application,
    /// The family.
    pub family: FamilyRef,
    /// Inventors with shares (basis points), when the sheet has the column and the cell a value.
    pub inventors: Option<Vec<(PartyRef, u32)>>,
    /// Co-applicants with shares, likewise.
    pub co_applicants: Option<Vec<(PartyRef, u32)>>,
    /// The patent firm.
    pub patent_firm: Option<PartyRef>,
    /// The responsible staff member.
    pub responsible: Option<PartyRef>,
    /// The fields that change (for updates).
    pub changes: Vec<&'static str>,
}

/// What the planner knows about the database.
pub struct Existing {
    /// Every stored application by id.
    pub by_id: HashMap<ApplicationId, Application>,
    /// Reference → id.
    pub by_reference: HashMap<String, ApplicationId>,
    /// (office, normalised number) → id.
    pub by_number: HashMap<(Office, String), ApplicationId>,
    /// Family reference → id.
    pub families: HashMap<String, FamilyId>,
    /// Disclosure number → id.
    pub disclosures: HashMap<String, crate::domain::DisclosureId>,
}

/// Plans one data row. Problems go to the row's `c`; `None` when the row cannot be imported.
///
/// The row is read field group by field group — what identifies it ([`identify`]), its dates
/// and numbers and its people ([`read`]) — so every problem of the row is recorded before any
/// is acted on; then the sheet's values are taken over the stored application (or a new one)
/// and the result is checked as a whole.
pub fn plan_row(
    c: &mut Cells<'_>,
    existing: &Existing,
    parties: &mut PartyBook,
    seen: &mut HashMap<String, usize>,
) -> Option<AppRow> {
    let id = identify::identify(c, existing, seen);
    let stored = id.matched.and_then(|m| existing.by_id.get(&m));
    let facts = read::facts(c, id.office.as_ref());
    let people = read::people(c, parties);
    if stored.is_none() && facts.title.is_none() {
        require_title(c);
    }
    if !c.problems.is_empty() {
        return None;
    }
    let (office, reference) = (id.office?, id.reference.clone()?);
    let mut app = match stored {
        Some(s) => s.clone(),
        None => new_application(&reference, office, &id, &facts),
    };
    let mut changes = Changes::default();
    take_facts(&mut app, &mut changes, &id, facts, stored.is_none());
    compare_people(&app, &mut changes, &people);
    check_application(c, &app);
    if !c.problems.is_empty() {
        return None;
    }
    let family = match stored {
        Some(s) => FamilyRef::Existing(s.family_id),
        None => new_family(c, existing, &reference, &app.title),
    };
    let plan = match (id.matched, changes.is_empty()) {
        (None, _) => Plan::Create,
        (Some(id), true) => Plan::Unchanged(id),
        (Some(id), false) => Plan::Update(id),
    };
    Some(AppRow {
        row: c.number(),
        plan,
        app,
        family,
        inventors: people.inventors,
        co_applicants: people.co_applicants,
        patent_firm: people.patent_firm,
        responsible: people.responsible,
        changes: if matches!(plan, Plan::Create | Plan::Unchanged(_)) {
            Vec::new()
        } else {
            changes.into_names()
        },
    })
}

/// The problem of a new application without a title: in the column, or with the row when the
/// sheet has no title column at all.
fn require_title(c: &mut Cells<'_>) {
    if c.has(Field::Title) {
        c.problem(
            Field::Title,
            "the title is empty: a new application needs its title".into(),
        );
    } else {
        c.row_problem(
            "the sheet has no 発明の名称 column: a new application needs its title".into(),
        );
    }
}

/// A new application as the row identifies it, before the sheet's other values are taken over.
fn new_application(
    reference: &str,
    office: Office,
    id: &identify::Identity,
    facts: &read::Facts,
) -> Application {
    Application {
        id: None,
        family_id: FamilyId(0),
        reference: reference.to_string(),
        office,
        right_type: id.right_type.unwrap_or(RightType::Patent),
        route: crate::domain::Route::Direct,
        title: facts.title.clone().unwrap_or_default(),
        application_number: None,
        application_number_raw: None,
        filed_on: None,
        parent_id: None,
        pct_id: None,
        publication_number: None,
        published_on: None,
        exam_requested_on: None,
        registration_number: None,
        registered_on: None,
        status: Status::Drafting,
        applicant_residence: crate::domain::Residence::Domestic,
        responsible_id: None,
        patent_firm_id: None,
        annuities_paid_to: None,
        notes: None,
        inventors: Vec::new(),
        co_applicants: Vec::new(),
        priority_claims: Vec::new(),
    }
}

/// Takes the row's identity and facts over `app`. A new application without a status column
/// gets the status its dates imply.
fn take_facts(
    app: &mut Application,
    changes: &mut Changes,
    id: &identify::Identity,
    facts: read::Facts,
    is_new: bool,
) {
    changes.set("reference", &mut app.reference, id.reference.clone());
    changes.set("office", &mut app.office, id.office);
    changes.set("right_type", &mut app.right_type, id.right_type);
    changes.set("title", &mut app.title, facts.title);
    if let Some(n) = &id.number {
        if app.application_number.as_deref() != Some(n.normalized.as_str()) {
            app.application_number = Some(n.normalized.clone());
            app.application_number_raw = Some(n.raw.trim().to_string());
            changes.note("application_number");
        }
    }
    changes.set("filed_on", &mut app.filed_on, facts.filed_on.map(Some));
    changes.set(
        "publication_number",
        &mut app.publication_number,
        facts.publication_number.map(Some),
    );
    changes.set(
        "published_on",
        &mut app.published_on,
        facts.published_on.map(Some),
    );
    changes.set(
        "exam_requested_on",
        &mut app.exam_requested_on,
        facts.exam_requested_on.map(Some),
    );
    changes.set(
        "registration_number",
        &mut app.registration_number,
        facts.registration_number.map(Some),
    );
    changes.set(
        "registered_on",
        &mut app.registered_on,
        facts.registered_on.map(Some),
    );
    changes.set(
        "annuities_paid_to",
        &mut app.annuities_paid_to,
        facts.annuities_paid_to.map(Some),
    );
    changes.set("notes", &mut app.notes, facts.notes.map(Some));
    let derived = derive_status(app);
    let status = facts.status.or(if is_new { Some(derived) } else { None });
    changes.set("status", &mut app.status, status);
}

/// Notes which of the row's people differ from the stored ones (they are resolved on write).
fn compare_people(app: &Application, changes: &mut Changes, people: &read::People) {
    if let Some(list) = &people.inventors {
        if !same_parties(
            list,
            app.inventors.iter().map(|s| (s.person_id.0, s.share_bp)),
        ) {
            changes.note("inventors");
        }
    }
    if let Some(list) = &people.co_applicants {
        if !same_parties(
            list,
            app.co_applicants
                .iter()
                .map(|s| (s.organisation_id.0, s.share_bp)),
        ) {
            changes.note("co_applicants");
        }
    }
    if let Some(p) = &people.patent_firm {
        if p.existing_id() != app.patent_firm_id.map(|i| i.0) || p.existing_id().is_none() {
            changes.note("patent_firm");
        }
    }
    if let Some(p) = &people.responsible {
        if p.existing_id() != app.responsible_id.map(|i| i.0) || p.existing_id().is_none() {
            changes.note("responsible");
        }
    }
}

/// Checks the application the row makes as a whole: the filing date its status needs, the order
/// of its dates, then the write's own checks.
fn check_application(c: &mut Cells<'_>, app: &Application) {
    if app.status != Status::Drafting && app.filed_on.is_none() {
        let field = if c.has(Field::FiledOn) {
            Field::FiledOn
        } else {
            Field::Status
        };
        c.problem(
            field,
            format!(
                "an application with status {} needs its filing date (出願日)",
                app.status
            ),
        );
    }
    for (field, date) in [
        (Field::PublishedOn, app.published_on),
        (Field::ExamRequestedOn, app.exam_requested_on),
        (Field::RegisteredOn, app.registered_on),
    ] {
        if let (Some(filed), Some(d)) = (app.filed_on, date) {
            if d < filed {
                c.problem(
                    field,
                    format!("{d} is before the filing date {filed}; the dates are reversed"),
                );
            }
        }
    }
    if c.problems.is_empty() {
        write_checks(c, app);
    }
}

/// The family of a new application: the ファミリー column's (else its own reference), stored or
/// to create with the disclosure the row names.
fn new_family(c: &Cells<'_>, existing: &Existing, reference: &str, title: &str) -> FamilyRef {
    let family_reference = c
        .text(Field::Family)
        .unwrap_or_else(|| reference.to_string());
    match existing.families.get(&family_reference) {
        Some(id) => FamilyRef::Existing(*id),
        None => FamilyRef::New {
            reference: family_reference,
            title: title.to_string(),
            disclosure_id: c
                .text(Field::DisclosureNumber)
                .and_then(|n| existing.disclosures.get(&n).copied()),
        },
    }
}

/// Runs the checks the write makes on the planned application (lengths, date order, the
/// filing date a status needs, the number's format), so a row the write would refuse is a
/// problem of the plan — shown by row and column in a dry run, skipped by `--skip-invalid` —
/// rather than an error halfway through the import. Inventors and co-applicants are checked
/// where they are read.
fn write_checks(c: &mut Cells<'_>, app: &Application) {
    let bare = Application {
        inventors: Vec::new(),
        co_applicants: Vec::new(),
        ..app.clone()
    };
    let Err(e) = crate::portfolio::prepare_application(&bare) else {
        return;
    };
    let (field, message) = match e {
        crate::error::CoreError::Validation { field, message } => (field, message),
        other => (String::new(), other.to_string()),
    };
    let column = [
        ("reference", Field::Reference),
        ("title", Field::Title),
        ("notes", Field::Notes),
        ("filed_on", Field::FiledOn),
        ("published_on", Field::PublishedOn),
        ("exam_requested_on", Field::ExamRequestedOn),
        ("registered_on", Field::RegisteredOn),
        ("application_number", Field::ApplicationNumber),
    ]
    .into_iter()
    .find(|(name, _)| field.ends_with(name))
    .map(|(_, f)| f);
    match column {
        Some(f) if c.has(f) => c.problem(f, message),
        _ => c.row_problem(format!("{field}: {message}")),
    }
}

pub(super) fn same_parties(
    list: &[(PartyRef, u32)],
    stored: impl Iterator<Item = (i64, u32)>,
) -> bool {
    let wanted: Vec<Option<(i64, u32)>> = list
        .iter()
        .map(|(p, s)| p.existing_id().map(|id| (id, *s)))
        .collect();
    let stored: Vec<Option<(i64, u32)>> = stored.map(Some).collect();
    wanted == stored
}

/// The status a new application's dates imply when the sheet has no status column.
pub fn derive_status(app: &Application) -> Status {
    if app.registered_on.is_some() || app.registration_number.is_some() {
        Status::Granted
    } else if app.exam_requested_on.is_some() {
        Status::Examination
    } else if app.published_on.is_some() || app.publication_number.is_some() {
        Status::Published
    } else if app.filed_on.is_some() {
        Status::Filed
    } else {
        Status::Drafting
    }
}
pub use super::apply::AppPlanner;
