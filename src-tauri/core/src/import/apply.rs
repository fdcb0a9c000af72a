//! The applications kind in the import pipeline, and writing its planned rows: inside the
//! pipeline's one transaction, through the portfolio's write functions (validation, audit rows,
//! search index), so a failure anywhere leaves nothing written.

use std::collections::HashMap;

use super::applications::{plan_row, AppRow, Existing, FamilyRef, Plan, FIELDS};
use super::cells::Cells;
use super::columns::Field;
use super::parties::PartyBook;
use super::{Planned, PlannedRow, Planner, Shown};
use crate::domain::{
    ApplicationId, EventKind, FamilyId, OrganisationId, OrganisationKind, PersonId, PersonRole,
};
use crate::error::Result;
use crate::portfolio::{self, Application, CoApplicant, Event, Family, InventorShare};
use crate::store::Write;

/// The applications kind of the import pipeline: what is stored, the people and organisations
/// named so far, the rows seen (a sheet naming one application twice is a problem), and the
/// families created during the write.
pub struct AppPlanner {
    existing: Existing,
    parties: PartyBook,
    seen: HashMap<String, usize>,
    new_families: HashMap<String, FamilyId>,
}

impl AppPlanner {
    /// Loads what planning compares the sheet with.
    pub fn load(conn: &crate::store::Conn) -> Result<AppPlanner> {
        let mut existing = Existing {
            by_id: HashMap::new(),
            by_reference: HashMap::new(),
            by_number: HashMap::new(),
            families: portfolio::list_families(conn)?
                .into_iter()
                .filter_map(|f| Some((f.reference, f.id?)))
                .collect(),
            disclosures: portfolio::list_disclosures(conn, false)?
                .into_iter()
                .filter_map(|d| Some((d.number, d.id?)))
                .collect(),
        };
        for a in portfolio::list_all_applications(conn)? {
            let Some(id) = a.id else { continue };
            existing.by_reference.insert(a.reference.clone(), id);
            if let Some(n) = &a.application_number {
                existing.by_number.insert((a.office, n.clone()), id);
            }
            existing.by_id.insert(id, a);
        }
        Ok(AppPlanner {
            existing,
            parties: PartyBook::load(conn)?,
            seen: HashMap::new(),
            new_families: HashMap::new(),
        })
    }
}

impl PlannedRow for AppRow {
    fn shown(&self) -> Shown<'_> {
        Shown {
            application_number: self.app.application_number.as_deref(),
            ..Shown::new(
                self.row,
                self.plan == Plan::Create,
                &self.changes,
                &self.app.reference,
            )
        }
    }
}

impl Planner for AppPlanner {
    type Row = AppRow;

    const FIELDS: &'static [Field] = &FIELDS;

    fn plan(&mut self, cells: &mut Cells<'_>) -> Planned<AppRow> {
        match plan_row(cells, &self.existing, &mut self.parties, &mut self.seen) {
            Some(row) => Planned::Row(row),
            None => Planned::Invalid,
        }
    }

    fn write(&mut self, w: &mut Write<'_>, row: &AppRow) -> Result<()> {
        write_row(w, row, &mut self.parties, &mut self.new_families)
    }

    /// The docket follows the imported facts in the same transaction: every application whose
    /// facts changed (the created and updated ones) gets its deadlines, as a typed one does.
    fn finish(&mut self, w: &mut Write<'_>, today: chrono::NaiveDate) -> Result<()> {
        crate::deadlines::recompute(w, None, today).map(|_| ())
    }
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
            portfolio::insert_event(w, &event)?;
        }
    }
    Ok(())
}
