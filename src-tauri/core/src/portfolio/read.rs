//! Reading portfolio records back: single records with their lists, and the detail view.

use crate::store::{Conn, OptionalExtension, Row};
use serde::Serialize;

use super::model::*;
use crate::domain::*;
use crate::error::{CoreError, Result};

/// The institution of this database.
pub fn get_institution(conn: &Conn) -> Result<Institution> {
    conn.query_row(
        "SELECT name, name_en, vice_president FROM institution WHERE id = 1",
        [],
        |r| {
            Ok(Institution {
                name: r.get(0)?,
                name_en: r.get(1)?,
                vice_president: r.get(2)?,
            })
        },
    )
    .optional()?
    .ok_or_else(|| {
        CoreError::not_found(
            "institution",
            "run `chizai init --institution NAME` or `chizai demo` first",
        )
    })
}

const APPLICATION_COLUMNS: &str = "id, family_id, reference, office, right_type, route, title, application_number,
    application_number_raw, filed_on, parent_id, pct_id, publication_number, published_on, exam_requested_on,
    registration_number, registered_on, status, applicant_residence, responsible_id, patent_firm_id,
    annuities_paid_to, notes";

fn application_from_row(r: &Row<'_>) -> crate::error::Result<Application> {
    Ok(Application {
        id: r.get(0)?,
        family_id: r.get(1)?,
        reference: r.get(2)?,
        office: r.get(3)?,
        right_type: r.get(4)?,
        route: r.get(5)?,
        title: r.get(6)?,
        application_number: r.get(7)?,
        application_number_raw: r.get(8)?,
        filed_on: r.get(9)?,
        parent_id: r.get(10)?,
        pct_id: r.get(11)?,
        publication_number: r.get(12)?,
        published_on: r.get(13)?,
        exam_requested_on: r.get(14)?,
        registration_number: r.get(15)?,
        registered_on: r.get(16)?,
        status: r.get(17)?,
        applicant_residence: r.get(18)?,
        responsible_id: r.get(19)?,
        patent_firm_id: r.get(20)?,
        annuities_paid_to: r.get(21)?,
        notes: r.get(22)?,
        inventors: Vec::new(),
        co_applicants: Vec::new(),
        priority_claims: Vec::new(),
    })
}

fn fill_application_lists(conn: &Conn, a: &mut Application) -> Result<()> {
    let Some(id) = a.id else { return Ok(()) };
    let mut stmt = conn.prepare_cached(
        "SELECT person_id, share_bp FROM application_inventor WHERE application_id = ?1 ORDER BY position",
    )?;
    a.inventors = stmt
        .query_map([id], |r| {
            Ok(InventorShare {
                person_id: r.get(0)?,
                share_bp: r.get(1)?,
            })
        })?
        .collect::<crate::error::Result<_>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT organisation_id, share_bp FROM co_applicant WHERE application_id = ?1 ORDER BY organisation_id",
    )?;
    a.co_applicants = stmt
        .query_map([id], |r| {
            Ok(CoApplicant {
                organisation_id: r.get(0)?,
                share_bp: r.get(1)?,
            })
        })?
        .collect::<crate::error::Result<_>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT earlier_application_id, office, number, filed_on FROM priority_claim WHERE application_id = ?1 ORDER BY position",
    )?;
    a.priority_claims = stmt
        .query_map([id], |r| {
            Ok(PriorityClaim {
                earlier_application_id: r.get(0)?,
                office: r.get(1)?,
                number: r.get(2)?,
                filed_on: r.get(3)?,
            })
        })?
        .collect::<crate::error::Result<_>>()?;
    Ok(())
}

/// One application with its inventors, co-applicants and priority claims.
pub fn get_application(conn: &Conn, id: ApplicationId) -> Result<Application> {
    let sql = format!("SELECT {APPLICATION_COLUMNS} FROM application WHERE id = ?1");
    let mut a = conn
        .prepare_cached(&sql)?
        .query_row([id], application_from_row)
        .optional()?
        .ok_or_else(|| CoreError::not_found("application", id))?;
    fill_application_lists(conn, &mut a)?;
    Ok(a)
}

/// Finds an application by id, reference (整理番号) or application number as typed.
/// Three indexed lookups in that order of preference (one query with `OR CAST(id AS TEXT) = ?`
/// read every application: a second of the 100,000-application docket's recompute went there).
pub fn find_application(conn: &Conn, key: &str) -> Result<ApplicationId> {
    let key = key.trim();
    let normalized = super::validate::normalize_number_text(key);
    let one = |sql: &str, value: &dyn rusqlite::ToSql| -> Result<Option<i64>> {
        conn.query_row(sql, [value], |r| r.get(0)).optional()
    };
    let mut found = one("SELECT id FROM application WHERE reference = ?1", &key)?;
    if found.is_none() {
        if let Ok(id) = key.parse::<i64>() {
            found = one("SELECT id FROM application WHERE id = ?1", &id)?;
        }
    }
    if found.is_none() {
        found = one(
            "SELECT id FROM application WHERE application_number = ?1 ORDER BY id LIMIT 1",
            &normalized,
        )?;
    }
    found
        .map(ApplicationId)
        .ok_or_else(|| CoreError::not_found("application", key))
}

/// Every application, in id order (for export).
pub fn list_all_applications(conn: &Conn) -> Result<Vec<Application>> {
    let sql = format!("SELECT {APPLICATION_COLUMNS} FROM application ORDER BY id");
    let mut stmt = conn.prepare(&sql)?;
    let mut apps = stmt
        .query_map([], application_from_row)?
        .collect::<crate::error::Result<Vec<_>>>()?;
    for a in &mut apps {
        fill_application_lists(conn, a)?;
    }
    Ok(apps)
}

/// Every person, in id order.
pub fn list_people(conn: &Conn) -> Result<Vec<Person>> {
    let mut stmt = conn.prepare(
        "SELECT id, name, name_kana, role, department, internal, email FROM person ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Person {
            id: r.get(0)?,
            name: r.get(1)?,
            name_kana: r.get(2)?,
            role: r.get(3)?,
            department: r.get(4)?,
            internal: r.get(5)?,
            email: r.get(6)?,
        })
    })?;
    rows.collect::<crate::error::Result<_>>()
}

/// Every organisation, in id order.
pub fn list_organisations(conn: &Conn) -> Result<Vec<Organisation>> {
    let mut stmt = conn.prepare("SELECT id, name, kind, country FROM organisation ORDER BY id")?;
    let rows = stmt.query_map([], |r| {
        Ok(Organisation {
            id: r.get(0)?,
            name: r.get(1)?,
            kind: r.get(2)?,
            country: r.get(3)?,
        })
    })?;
    rows.collect::<crate::error::Result<_>>()
}

/// Every family, in id order.
pub fn list_families(conn: &Conn) -> Result<Vec<Family>> {
    let mut stmt =
        conn.prepare("SELECT id, reference, title, disclosure_id FROM family ORDER BY id")?;
    let rows = stmt.query_map([], |r| {
        Ok(Family {
            id: r.get(0)?,
            reference: r.get(1)?,
            title: r.get(2)?,
            disclosure_id: r.get(3)?,
        })
    })?;
    rows.collect::<crate::error::Result<_>>()
}

const DISCLOSURE_COLUMNS: &str =
    "id, number, title, received_on, funding_source, government_funded, evaluation,
    succession, succession_on, succession_reason, confidential";

fn disclosure_from_row(r: &Row<'_>) -> crate::error::Result<Disclosure> {
    Ok(Disclosure {
        id: r.get(0)?,
        number: r.get(1)?,
        title: r.get(2)?,
        received_on: r.get(3)?,
        funding_source: r.get(4)?,
        government_funded: r.get(5)?,
        evaluation: r.get(6)?,
        succession: r.get(7)?,
        succession_on: r.get(8)?,
        succession_reason: r.get(9)?,
        confidential: r.get(10)?,
        inventors: Vec::new(),
    })
}

fn disclosure_inventors(conn: &Conn, id: DisclosureId) -> Result<Vec<InventorShare>> {
    let mut stmt = conn.prepare_cached(
        "SELECT person_id, share_bp FROM disclosure_inventor WHERE disclosure_id = ?1 ORDER BY position",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok(InventorShare {
            person_id: r.get(0)?,
            share_bp: r.get(1)?,
        })
    })?;
    rows.collect::<crate::error::Result<_>>()
}

/// Every disclosure with its inventors, newest first when `newest_first`.
pub fn list_disclosures(conn: &Conn, newest_first: bool) -> Result<Vec<Disclosure>> {
    let order = if newest_first {
        "received_on DESC, id DESC"
    } else {
        "id"
    };
    let mut stmt = conn.prepare(&format!(
        "SELECT {DISCLOSURE_COLUMNS} FROM disclosure ORDER BY {order}"
    ))?;
    let mut list = stmt
        .query_map([], disclosure_from_row)?
        .collect::<crate::error::Result<Vec<_>>>()?;
    for d in &mut list {
        if let Some(id) = d.id {
            d.inventors = disclosure_inventors(conn, id)?;
        }
    }
    Ok(list)
}

/// One disclosure by id or number.
pub fn get_disclosure(conn: &Conn, key: &str) -> Result<Disclosure> {
    let mut d = conn
        .query_row(
            &format!("SELECT {DISCLOSURE_COLUMNS} FROM disclosure WHERE number = ?1 OR CAST(id AS TEXT) = ?1 LIMIT 1"),
            [key.trim()],
            disclosure_from_row,
        )
        .optional()?
        .ok_or_else(|| CoreError::not_found("disclosure", key))?;
    if let Some(id) = d.id {
        d.inventors = disclosure_inventors(conn, id)?;
    }
    Ok(d)
}

/// Every event, in id order (for export).
pub fn list_all_events(conn: &Conn) -> Result<Vec<Event>> {
    let mut stmt = conn.prepare(
        "SELECT id, application_id, kind, occurred_on, note FROM application_event ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Event {
            id: r.get(0)?,
            application_id: r.get(1)?,
            kind: r.get(2)?,
            occurred_on: r.get(3)?,
            note: r.get(4)?,
        })
    })?;
    rows.collect::<crate::error::Result<_>>()
}

/// The events of one application, oldest first.
pub fn list_events(conn: &Conn, id: ApplicationId) -> Result<Vec<Event>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, application_id, kind, occurred_on, note FROM application_event
         WHERE application_id = ?1 AND obsolete = 0 ORDER BY occurred_on, id",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok(Event {
            id: r.get(0)?,
            application_id: r.get(1)?,
            kind: r.get(2)?,
            occurred_on: r.get(3)?,
            note: r.get(4)?,
        })
    })?;
    rows.collect::<crate::error::Result<_>>()
}

/// Every cost, in id order (for export); of one application when `application` is given.
pub fn list_costs(conn: &Conn, application: Option<ApplicationId>) -> Result<Vec<Cost>> {
    let mut stmt = conn.prepare(
        "SELECT id, application_id, incurred_on, category, amount_yen, vendor_id, note FROM cost
         WHERE CAST(?1 AS BIGINT) IS NULL OR application_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([application], |r| {
        Ok(Cost {
            id: r.get(0)?,
            application_id: r.get(1)?,
            incurred_on: r.get(2)?,
            category: r.get(3)?,
            amount_yen: r.get(4)?,
            vendor_id: r.get(5)?,
            note: r.get(6)?,
        })
    })?;
    rows.collect::<crate::error::Result<_>>()
}

/// A name with the inventor's share, for display.
#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
pub struct NamedShare {
    pub id: i64,
    pub name: String,
    pub share_bp: u32,
}

/// What the detail view of an application shows.
#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
pub struct ApplicationDetail {
    pub application: Application,
    pub family_reference: String,
    pub inventors: Vec<NamedShare>,
    pub co_applicants: Vec<NamedShare>,
    pub events: Vec<Event>,
    pub costs: Vec<Cost>,
    /// Other applications of the same family (priority → PCT → national phases).
    pub family: Vec<FamilyMember>,
    pub attachments: Vec<crate::attachments::Attachment>,
    /// The version loaded (the audit entry of the last change): pass it back when saving an edit,
    /// so a colleague's change in between is refused rather than overwritten.
    pub version: i64,
}

/// One member of a family, for the family tree.
#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
pub struct FamilyMember {
    pub id: ApplicationId,
    pub reference: String,
    pub office: Office,
    pub route: Route,
    pub application_number: Option<String>,
    pub filed_on: Option<chrono::NaiveDate>,
    pub status: Status,
    pub pct_id: Option<ApplicationId>,
    pub parent_id: Option<ApplicationId>,
}

/// The detail of one application, with names resolved.
pub fn get_application_detail(conn: &Conn, id: ApplicationId) -> Result<ApplicationDetail> {
    let application = get_application(conn, id)?;
    let family_reference: String = conn.query_row(
        "SELECT reference FROM family WHERE id = ?1",
        [application.family_id],
        |r| r.get(0),
    )?;
    let mut stmt = conn.prepare(
        "SELECT p.id, p.name, i.share_bp FROM application_inventor i JOIN person p ON p.id = i.person_id
         WHERE i.application_id = ?1 ORDER BY i.position",
    )?;
    let inventors = stmt
        .query_map([id], |r| {
            Ok(NamedShare {
                id: r.get(0)?,
                name: r.get(1)?,
                share_bp: r.get(2)?,
            })
        })?
        .collect::<crate::error::Result<_>>()?;
    let mut stmt = conn.prepare(
        "SELECT o.id, o.name, c.share_bp FROM co_applicant c JOIN organisation o ON o.id = c.organisation_id
         WHERE c.application_id = ?1 ORDER BY o.id",
    )?;
    let co_applicants = stmt
        .query_map([id], |r| {
            Ok(NamedShare {
                id: r.get(0)?,
                name: r.get(1)?,
                share_bp: r.get(2)?,
            })
        })?
        .collect::<crate::error::Result<_>>()?;
    let mut stmt = conn.prepare(
        "SELECT id, reference, office, route, application_number, filed_on, status, pct_id, parent_id
         FROM application WHERE family_id = ?1 ORDER BY filed_on NULLS FIRST, id",
    )?;
    let family = stmt
        .query_map([application.family_id], |r| {
            Ok(FamilyMember {
                id: r.get(0)?,
                reference: r.get(1)?,
                office: r.get(2)?,
                route: r.get(3)?,
                application_number: r.get(4)?,
                filed_on: r.get(5)?,
                status: r.get(6)?,
                pct_id: r.get(7)?,
                parent_id: r.get(8)?,
            })
        })?
        .collect::<crate::error::Result<_>>()?;
    Ok(ApplicationDetail {
        version: crate::store::versions::version(conn, "application", &id.0.to_string())?,
        events: list_events(conn, id)?,
        costs: list_costs(conn, Some(id))?,
        attachments: crate::attachments::list(conn, "application", id.0)?,
        application,
        family_reference,
        inventors,
        co_applicants,
        family,
    })
}
