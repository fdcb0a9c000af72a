//! Writing planned rows: inside the caller's one transaction, through the portfolio's write
//! functions (validation, audit rows, search index), so a failure anywhere leaves nothing written.

use std::collections::HashMap;

use super::applications::{AppRow, FamilyRef, Plan};
use super::parties::PartyBook;
use crate::domain::{
    ApplicationId, EventKind, FamilyId, OrganisationId, OrganisationKind, PersonId, PersonRole,
};
use crate::error::{CoreError, Result};
use crate::portfolio::{self, Application, CoApplicant, Event, Family, InventorShare};
use crate::progress::Progress;
use crate::store::Write;

/// Writes every planned row that creates or updates; reports progress as `(done, total)`.
pub(super) fn write_rows(
    w: &mut Write<'_>,
    rows: &[&AppRow],
    parties: &mut PartyBook,
    progress: &mut Progress<'_>,
) -> Result<()> {
    let mut new_families: HashMap<String, FamilyId> = HashMap::new();
    for (done, row) in rows.iter().enumerate() {
        write_row(w, row, parties, &mut new_families).map_err(|e| CoreError::Validation {
            field: format!("row {}", row.row),
            message: e.to_string(),
        })?;
        if done % 500 == 0 || done + 1 == rows.len() {
            progress.step(done + 1, rows.len())?;
        }
    }
    Ok(())
}

fn write_row(
    w: &mut Write<'_>,
    row: &AppRow,
    parties: &mut PartyBook,
    new_families: &mut HashMap<String, FamilyId>,
) -> Result<()> {
    let mut app = row.app.clone();
    if row.plan == Plan::Create {
        app.family_id = match &row.family {
            FamilyRef::Existing(id) => *id,
            FamilyRef::New {
                reference,
                title,
                disclosure_id,
            } => match new_families.get(reference) {
                Some(id) => *id,
                None => {
                    let family = Family {
                        id: None,
                        reference: reference.clone(),
                        title: title.clone(),
                        disclosure_id: *disclosure_id,
                    };
                    let id = portfolio::create_family(w, &family)?;
                    new_families.insert(reference.clone(), id);
                    id
                }
            },
        };
    }
    if let Some(list) = &row.inventors {
        app.inventors = list
            .iter()
            .map(|(p, share)| {
                Ok(InventorShare {
                    person_id: PersonId(parties.person_id(w, p, PersonRole::Inventor)?),
                    share_bp: *share,
                })
            })
            .collect::<Result<_>>()?;
    }
    if let Some(list) = &row.co_applicants {
        let mut co: Vec<CoApplicant> = list
            .iter()
            .map(|(p, share)| {
                Ok(CoApplicant {
                    organisation_id: OrganisationId(parties.organisation_id(
                        w,
                        p,
                        OrganisationKind::Company,
                    )?),
                    share_bp: *share,
                })
            })
            .collect::<Result<_>>()?;
        co.sort_by_key(|c| c.organisation_id);
        app.co_applicants = co;
    }
    if let Some(p) = &row.patent_firm {
        app.patent_firm_id = Some(OrganisationId(parties.organisation_id(
            w,
            p,
            OrganisationKind::PatentFirm,
        )?));
    }
    if let Some(p) = &row.responsible {
        app.responsible_id = Some(PersonId(parties.person_id(w, p, PersonRole::Staff)?));
    }
    let id = match row.plan {
        Plan::Create => portfolio::create_application(w, &app)?,
        Plan::Update(id) => {
            portfolio::update_application(w, id, &app)?;
            id
        }
        Plan::Unchanged(_) => return Ok(()),
    };
    record_dated_facts(w, id, &app, row)
}

/// Records the dated facts the row set (filing, publication, examination request, registration)
/// as events too, as typing them does, so the docket sees imported facts like typed ones. A fact
/// already recorded on the same day is not recorded twice.
fn record_dated_facts(
    w: &mut Write<'_>,
    id: ApplicationId,
    app: &Application,
    row: &AppRow,
) -> Result<()> {
    let facts = [
        ("filed_on", EventKind::Filed, app.filed_on),
        ("published_on", EventKind::Published, app.published_on),
        (
            "exam_requested_on",
            EventKind::ExamRequested,
            app.exam_requested_on,
        ),
        ("registered_on", EventKind::Registered, app.registered_on),
    ];
    for (field, kind, date) in facts {
        let Some(date) = date else { continue };
        if row.plan != Plan::Create && !row.changes.contains(&field) {
            continue;
        }
        let known: i64 = if row.plan == Plan::Create {
            0
        } else {
            w.tx().query_row(
            "SELECT COUNT(*) FROM application_event WHERE application_id = ?1 AND kind = ?2 AND occurred_on = ?3",
            rusqlite::params![id, kind, date],
            |r| r.get(0),
            )?
        };
        if known == 0 {
            let event = Event {
                id: None,
                application_id: id,
                kind,
                occurred_on: date,
                note: Some("import".into()),
            };
            portfolio::record_event(w, &event)?;
        }
    }
    Ok(())
}
