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
use super::values::{self, Problem};
use crate::domain::{ApplicationId, FamilyId, Office, RightType, Status};
use crate::numbers::{
    self, parse_application_number, parse_publication_number, parse_registration_number,
};
use crate::portfolio::Application;

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
#[allow(clippy::too_many_lines)]
pub fn plan_row(
    c: &mut Cells<'_>,
    existing: &Existing,
    parties: &mut PartyBook,
    seen: &mut HashMap<String, usize>,
) -> Option<AppRow> {
    let raw_number = c.text(Field::ApplicationNumber);
    let office = match c.text(Field::Office) {
        Some(t) => match Office::parse(&t) {
            Ok(o) => Some(o),
            Err(e) => {
                c.problem(Field::Office, format!("{t} is not an office: {e}"));
                None
            }
        },
        None => Some(
            raw_number
                .as_deref()
                .and_then(numbers::infer_office)
                .unwrap_or(Office::Jp),
        ),
    };
    let parsed = match (&office, &raw_number) {
        (Some(office), Some(raw)) => match parse_application_number(office, raw) {
            Ok(n) => Some(n),
            Err(e) => {
                c.problem(Field::ApplicationNumber, e.to_string());
                None
            }
        },
        _ => None,
    };
    let right_from_number = parsed.as_ref().and_then(|n| n.right_type);
    let right_type = match c.text(Field::RightType) {
        Some(t) => RightType::parse(&t)
            .map_err(|e| c.problem(Field::RightType, format!("{t} is not a kind of right: {e}")))
            .ok(),
        None => right_from_number,
    };
    let normalized = parsed.as_ref().map(|n| n.normalized.clone());
    let reference = c.text(Field::Reference).or_else(|| {
        let office = office.as_ref()?;
        normalized
            .as_ref()
            .map(|n| format!("{}-{n}", office.as_str()))
    });
    if reference.is_none() && raw_number.is_none() {
        c.problems.push(Problem {
            row: c.number(),
            column: String::new(),
            message:
                "the row has neither 整理番号 nor 出願番号: one of them identifies the application"
                    .into(),
        });
    }

    let by_reference = reference
        .as_ref()
        .and_then(|r| existing.by_reference.get(r).copied());
    let by_number = match (&office, &normalized) {
        (Some(o), Some(n)) => existing.by_number.get(&(*o, n.clone())).copied(),
        _ => None,
    };
    if let (Some(a), Some(b)) = (by_reference, by_number) {
        if a != b {
            let other = existing
                .by_id
                .get(&b)
                .map(|x| x.reference.clone())
                .unwrap_or_default();
            c.problem(
                Field::ApplicationNumber,
                format!(
                    "{} is recorded as {other}, but 整理番号 {} is another application; correct one of the two",
                    raw_number.clone().unwrap_or_default(),
                    reference.clone().unwrap_or_default()
                ),
            );
        }
    }
    let matched = by_reference.or(by_number);
    let stored = matched.and_then(|id| existing.by_id.get(&id));

    for key in [
        reference.clone().map(|r| format!("ref:{r}")),
        normalized
            .as_ref()
            .zip(office.as_ref())
            .map(|(n, o)| format!("no:{o}:{n}")),
    ]
    .into_iter()
    .flatten()
    {
        if let Some(first) = seen.get(&key) {
            c.problems.push(Problem {
                row: c.number(),
                column: String::new(),
                message: format!(
                    "the same application as row {first} ({})",
                    key.split_once(':').map(|x| x.1).unwrap_or("")
                ),
            });
        } else {
            seen.insert(key, c.number());
        }
    }

    let title = c.text(Field::Title);
    let filed_on = c.date(Field::FiledOn);
    let published_on = c.date(Field::PublishedOn);
    let exam_requested_on = c.date(Field::ExamRequestedOn);
    let registered_on = c.date(Field::RegisteredOn);
    let publication_number = c
        .text(Field::PublicationNumber)
        .and_then(|t| match &office {
            Some(o) => parse_publication_number(o, &t)
                .map(|n| n.normalized)
                .map_err(|e| c.problem(Field::PublicationNumber, e.to_string()))
                .ok(),
            None => Some(t),
        });
    let registration_number = c
        .text(Field::RegistrationNumber)
        .and_then(|t| match &office {
            Some(o) => parse_registration_number(o, &t)
                .map(|n| n.normalized)
                .map_err(|e| c.problem(Field::RegistrationNumber, e.to_string()))
                .ok(),
            None => Some(t),
        });
    let status = c.text(Field::Status).and_then(|t| match values::status_code(&t).and_then(|s| Status::parse(s).ok()) {
        Some(s) => Some(s),
        None => {
            c.problem(Field::Status, format!("{t} is not a status: write 出願中, 審査中, 登録, 放棄, 拒絶, 満了 (or filed, examination, granted, …)"));
            None
        }
    });
    let annuities = c.whole(Field::AnnuitiesPaidTo);
    let inventors = c
        .text(Field::Inventors)
        .and_then(|t| super::parties::people_with_shares(c, parties, &t));
    let co_applicants = c
        .text(Field::Applicants)
        .and_then(|t| match values::named_shares(&t) {
            Ok(list) => {
                let (own, others): (Vec<_>, Vec<_>) = list
                    .into_iter()
                    .partition(|n| parties.is_institution(&n.name));
                let own_share: Option<u32> = if own.is_empty() {
                    None
                } else {
                    own.iter().map(|n| n.share_bp).sum()
                };
                let given: u32 = others.iter().filter_map(|n| n.share_bp).sum();
                let total = if others.iter().all(|n| n.share_bp.is_none()) {
                    10_000 - 10_000 / (others.len() as u32 + 1)
                } else if others.iter().all(|n| n.share_bp.is_some())
                    && own_share.is_none_or(|o| o + given == 10_000)
                    && given <= 10_000
                {
                    given
                } else {
                    10_000 - own_share.unwrap_or(0)
                };
                match values::resolve_shares(&others, total) {
                    Ok(shares) => {
                        let mut v: Vec<_> = others
                            .iter()
                            .zip(shares)
                            .map(|(n, s)| (parties.organisation(&n.name), s))
                            .collect();
                        v.sort_by_key(|(p, _)| p.sort_key());
                        Some(v)
                    }
                    Err(m) => {
                        c.problem(Field::Applicants, format!("{t}: {m}"));
                        None
                    }
                }
            }
            Err(m) => {
                c.problem(Field::Applicants, m);
                None
            }
        });
    let patent_firm = c.text(Field::PatentFirm).map(|n| parties.patent_firm(&n));
    let responsible = c
        .text(Field::Responsible)
        .and_then(|n| match parties.person_checked(&n) {
            Ok(p) => Some(p),
            Err(m) => {
                c.problem(Field::Responsible, m);
                None
            }
        });
    let notes = c.text(Field::Notes);

    if stored.is_none() && title.is_none() {
        if c.has(Field::Title) {
            c.problem(
                Field::Title,
                "the title is empty: a new application needs its title".into(),
            );
        } else {
            c.problems.push(Problem {
                row: c.number(),
                column: String::new(),
                message: "the sheet has no 発明の名称 column: a new application needs its title"
                    .into(),
            });
        }
    }
    if !c.problems.is_empty() {
        return None;
    }
    let (office, reference) = (office?, reference?);

    let mut app = match stored {
        Some(s) => s.clone(),
        None => Application {
            id: None,
            family_id: FamilyId(0),
            reference: reference.clone(),
            office,
            right_type: right_type.unwrap_or(RightType::Patent),
            route: crate::domain::Route::Direct,
            title: title.clone().unwrap_or_default(),
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
        },
    };
    let mut changes = Vec::new();
    macro_rules! set {
        ($field:ident, $value:expr, $name:literal) => {
            if let Some(v) = $value {
                if app.$field != v {
                    app.$field = v;
                    changes.push($name);
                }
            }
        };
    }
    set!(reference, Some(reference.clone()), "reference");
    set!(office, Some(office), "office");
    set!(right_type, right_type, "right_type");
    set!(title, title, "title");
    if let Some(n) = &parsed {
        if app.application_number.as_deref() != Some(n.normalized.as_str()) {
            app.application_number = Some(n.normalized.clone());
            app.application_number_raw = Some(n.raw.trim().to_string());
            changes.push("application_number");
        }
    }
    set!(filed_on, filed_on.map(Some), "filed_on");
    set!(
        publication_number,
        publication_number.map(Some),
        "publication_number"
    );
    set!(published_on, published_on.map(Some), "published_on");
    set!(
        exam_requested_on,
        exam_requested_on.map(Some),
        "exam_requested_on"
    );
    set!(
        registration_number,
        registration_number.map(Some),
        "registration_number"
    );
    set!(registered_on, registered_on.map(Some), "registered_on");
    set!(annuities_paid_to, annuities.map(Some), "annuities_paid_to");
    set!(notes, notes.map(Some), "notes");
    let derived = derive_status(&app);
    let status = status.or(if stored.is_none() {
        Some(derived)
    } else {
        None
    });
    set!(status, status, "status");
    if let Some(list) = &inventors {
        if !same_parties(
            list,
            app.inventors.iter().map(|s| (s.person_id.0, s.share_bp)),
        ) {
            changes.push("inventors");
        }
    }
    if let Some(list) = &co_applicants {
        if !same_parties(
            list,
            app.co_applicants
                .iter()
                .map(|s| (s.organisation_id.0, s.share_bp)),
        ) {
            changes.push("co_applicants");
        }
    }
    if let Some(p) = &patent_firm {
        if p.existing_id() != app.patent_firm_id.map(|i| i.0) || p.existing_id().is_none() {
            changes.push("patent_firm");
        }
    }
    if let Some(p) = &responsible {
        if p.existing_id() != app.responsible_id.map(|i| i.0) || p.existing_id().is_none() {
            changes.push("responsible");
        }
    }
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
        write_checks(c, &app);
    }
    if !c.problems.is_empty() {
        return None;
    }
    let family = match stored {
        Some(s) => FamilyRef::Existing(s.family_id),
        None => {
            let family_reference = c.text(Field::Family).unwrap_or_else(|| reference.clone());
            match existing.families.get(&family_reference) {
                Some(id) => FamilyRef::Existing(*id),
                None => FamilyRef::New {
                    reference: family_reference,
                    title: app.title.clone(),
                    disclosure_id: c
                        .text(Field::DisclosureNumber)
                        .and_then(|n| existing.disclosures.get(&n).copied()),
                },
            }
        }
    };
    let plan = match (matched, changes.is_empty()) {
        (None, _) => Plan::Create,
        (Some(id), true) => Plan::Unchanged(id),
        (Some(id), false) => Plan::Update(id),
    };
    Some(AppRow {
        row: c.number(),
        plan,
        app,
        family,
        inventors,
        co_applicants,
        patent_firm,
        responsible,
        changes: if matches!(plan, Plan::Create | Plan::Unchanged(_)) {
            Vec::new()
        } else {
            changes
        },
    })
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
