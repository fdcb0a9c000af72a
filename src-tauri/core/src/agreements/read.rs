//! Reading agreements back: one agreement with its lists, the register, and the detail view.

use std::collections::{HashMap, HashSet};

use crate::store::{Conn, OptionalExtension, Row};
use chrono::NaiveDate;
use rusqlite::params;
use serde::Serialize;

use super::model::*;
use super::obligations::{self, Obligation};
use crate::domain::{ApplicationId, OrganisationId};
use crate::error::{CoreError, Result};

const COLUMNS: &str = "id, number, title, kind, status, signed_on, effective_on, expires_on, terminated_on,
    auto_renewal, renewal_term_months, renewal_notice_days, field, territory, upfront_yen, royalty_rate_bp,
    royalty_base, annual_minimum_yen, funding_yen, responsible_id, notes";

fn from_row(r: &Row<'_>) -> crate::error::Result<Agreement> {
    Ok(Agreement {
        id: r.get(0)?,
        number: r.get(1)?,
        title: r.get(2)?,
        kind: r.get(3)?,
        status: r.get(4)?,
        signed_on: r.get(5)?,
        effective_on: r.get(6)?,
        expires_on: r.get(7)?,
        terminated_on: r.get(8)?,
        auto_renewal: r.get(9)?,
        renewal_term_months: r.get(10)?,
        renewal_notice_days: r.get(11)?,
        field: r.get(12)?,
        territory: r.get(13)?,
        terms: Terms {
            upfront_yen: r.get(14)?,
            royalty_rate_bp: r.get(15)?,
            royalty_base: r.get(16)?,
            annual_minimum_yen: r.get(17)?,
            funding_yen: r.get(18)?,
            milestones: Vec::new(),
        },
        responsible_id: r.get(19)?,
        notes: r.get(20)?,
        parties: Vec::new(),
        links: Vec::new(),
        reports: Vec::new(),
        attachments: Vec::new(),
    })
}

fn fill(conn: &Conn, a: &mut Agreement) -> Result<()> {
    let Some(id) = a.id else { return Ok(()) };
    a.parties = conn
        .prepare_cached("SELECT organisation_id, role FROM agreement_party WHERE agreement_id = ?1 ORDER BY position")?
        .query_map([id], |r| Ok(Party { organisation_id: r.get(0)?, role: r.get(1)? }))?
        .collect::<crate::error::Result<_>>()?;
    a.links = conn
        .prepare_cached(
            "SELECT application_id, family_id, disclosure_id FROM agreement_link WHERE agreement_id = ?1 ORDER BY position",
        )?
        .query_map([id], |r| {
            let (app, fam, dis): (Option<i64>, Option<i64>, Option<i64>) = (r.get(0)?, r.get(1)?, r.get(2)?);
            Ok(match (app, fam, dis) {
                (Some(x), _, _) => Link::Application(crate::domain::ApplicationId(x)),
                (_, Some(x), _) => Link::Family(crate::domain::FamilyId(x)),
                (_, _, x) => Link::Disclosure(crate::domain::DisclosureId(x.unwrap_or_default())),
            })
        })?
        .collect::<crate::error::Result<_>>()?;
    a.terms.milestones = conn
        .prepare_cached(
            "SELECT description, amount_yen, due_on FROM agreement_milestone WHERE agreement_id = ?1 ORDER BY position",
        )?
        .query_map([id], |r| Ok(Milestone { description: r.get(0)?, amount_yen: r.get(1)?, due_on: r.get(2)? }))?
        .collect::<crate::error::Result<_>>()?;
    a.reports = conn
        .prepare_cached(
            "SELECT what, every_months, first_due_on FROM agreement_report WHERE agreement_id = ?1 ORDER BY position",
        )?
        .query_map([id], |r| {
            Ok(ReportObligation { what: r.get(0)?, every_months: r.get(1)?, first_due_on: r.get(2)? })
        })?
        .collect::<crate::error::Result<_>>()?;
    a.attachments = crate::attachments::list(conn, "agreement", id.0)?;
    Ok(())
}

/// One agreement with all its lists.
pub fn get_agreement(conn: &Conn, id: AgreementId) -> Result<Agreement> {
    let sql = format!("SELECT {COLUMNS} FROM agreement WHERE id = ?1");
    let mut a = conn
        .prepare_cached(&sql)?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| CoreError::not_found("agreement", id))?;
    fill(conn, &mut a)?;
    Ok(a)
}

/// Finds an agreement by its number or id.
pub fn find_agreement(conn: &Conn, key: &str) -> Result<AgreementId> {
    let key = key.trim();
    conn.query_row(
        "SELECT id FROM agreement WHERE number = ?1 OR CAST(id AS TEXT) = ?1 ORDER BY (number = ?1) DESC LIMIT 1",
        [key],
        |r| r.get(0),
    )
    .optional()?
    .map(AgreementId)
    .ok_or_else(|| CoreError::not_found("agreement", key))
}

/// Every agreement with its lists, in id order (for export and the KPIs).
pub fn list_all(conn: &Conn) -> Result<Vec<Agreement>> {
    let sql = format!("SELECT {COLUMNS} FROM agreement ORDER BY id");
    let mut all = conn
        .prepare(&sql)?
        .query_map([], from_row)?
        .collect::<crate::error::Result<Vec<_>>>()?;
    for a in &mut all {
        fill(conn, a)?;
    }
    Ok(all)
}

/// The agreement register, filtered, ordered by number.
pub fn list(conn: &Conn, q: &AgreementQuery) -> Result<Vec<AgreementRow>> {
    let mut rows = Vec::new();
    for a in list_all(conn)? {
        if q.kind.is_some_and(|k| k != a.kind) || q.status.is_some_and(|s| s != a.status) {
            continue;
        }
        if let Some(org) = q.organisation_id {
            if !a.parties.iter().any(|p| p.organisation_id == org) {
                continue;
            }
        }
        if let Some(on) = q.in_force_on {
            if !a.in_force_during(on, on) {
                continue;
            }
        }
        let Some(id) = a.id else { continue };
        rows.push(AgreementRow {
            id,
            number: a.number.clone(),
            title: a.title.clone(),
            kind: a.kind,
            status: a.status,
            signed_on: a.signed_on,
            effective_on: a.effective_on,
            expires_on: a.expires_on,
            auto_renewal: a.auto_renewal,
            parties: party_names(conn, &a.parties)?.join("・"),
            links: a.links.len(),
            income_yen: conn.query_row(
                "SELECT coalesce(sum(amount_yen), 0) FROM income WHERE agreement_id = ?1",
                [id],
                |r| r.get(0),
            )?,
        });
    }
    rows.sort_by(|a, b| a.number.cmp(&b.number));
    Ok(rows)
}

/// The register filtered as [`list`] does, then by where each agreement stands on `today`
/// (`None`: every standing). Expiring uses the current term's end, so an auto-renewing agreement
/// is expiring when its running term ends within [`EXPIRING_WITHIN_DAYS`] days.
pub fn list_standing(
    conn: &Conn,
    q: &AgreementQuery,
    standing: Option<Standing>,
    today: NaiveDate,
) -> Result<Vec<AgreementRow>> {
    let rows = list(conn, q)?;
    let Some(standing) = standing else {
        return Ok(rows);
    };
    let keep: HashSet<AgreementId> = match standing {
        Standing::Expiring => {
            let to = today
                .checked_add_days(chrono::Days::new(EXPIRING_WITHIN_DAYS))
                .unwrap_or(today);
            expiring(conn, today, to)?
                .into_iter()
                .map(|e| e.id)
                .collect()
        }
        Standing::InForce => list_all(conn)?
            .into_iter()
            .filter(|a| a.in_force_during(today, today))
            .filter_map(|a| a.id)
            .collect(),
        Standing::Ended => list_all(conn)?
            .into_iter()
            .filter(|a| {
                matches!(
                    a.status,
                    AgreementStatus::Expired | AgreementStatus::Terminated
                ) || (a.status != AgreementStatus::Negotiating
                    && a.end().is_some_and(|e| e < today))
            })
            .filter_map(|a| a.id)
            .collect(),
    };
    Ok(rows.into_iter().filter(|r| keep.contains(&r.id)).collect())
}

fn party_names(conn: &Conn, parties: &[Party]) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT name FROM organisation WHERE id = ?1")?;
    parties
        .iter()
        .map(|p| stmt.query_row([p.organisation_id], |r| r.get(0)))
        .collect()
}

/// What agreements cover: the applications linked directly, through their family, or through
/// the disclosure their family grew from, as (agreement, application) pairs without duplicates;
/// `one` narrows it to agreement `?1`.
fn coverage_sql(one: bool) -> String {
    let only = if one { "AND l.agreement_id = ?1" } else { "" };
    format!(
        "SELECT l.agreement_id, l.application_id FROM agreement_link l
          WHERE l.application_id IS NOT NULL {only}
         UNION SELECT l.agreement_id, a.id FROM agreement_link l
          JOIN application a ON a.family_id = l.family_id WHERE l.family_id IS NOT NULL {only}
         UNION SELECT l.agreement_id, a.id FROM agreement_link l
          JOIN family f ON f.disclosure_id = l.disclosure_id JOIN application a ON a.family_id = f.id
          WHERE l.disclosure_id IS NOT NULL {only}
         ORDER BY 1, 2"
    )
}

/// Every application an agreement covers: linked directly, through its family, or through the
/// disclosure its family grew from. Sorted, without duplicates.
pub fn covered_applications(conn: &Conn, id: AgreementId) -> Result<Vec<ApplicationId>> {
    let mut stmt = conn.prepare_cached(&coverage_sql(true))?;
    let rows = stmt.query_map([id], |r| r.get(1))?;
    rows.collect::<crate::error::Result<_>>()
}

/// [`covered_applications`] of every agreement at once, in one statement: the families of linked
/// disclosures are found in one pass over the applications, not one per agreement (the KPIs and
/// the board report ask for every licence; at 100,000 applications that was 20 ms per agreement).
pub fn coverage(conn: &Conn) -> Result<HashMap<AgreementId, Vec<ApplicationId>>> {
    let mut out: HashMap<AgreementId, Vec<ApplicationId>> = HashMap::new();
    let mut stmt = conn.prepare_cached(&coverage_sql(false))?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    for row in rows {
        let (agreement, application) = row?;
        out.entry(agreement).or_default().push(application);
    }
    Ok(out)
}

/// A party with its name, for display.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct NamedParty {
    pub organisation_id: OrganisationId,
    pub name: String,
    pub role: PartyRole,
}

/// A covered application, for display.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct CoveredApplication {
    pub id: ApplicationId,
    pub reference: String,
    pub office: String,
    pub status: String,
    pub title: String,
}

/// One agreement as `agreements show` and the detail pane present it.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct AgreementDetail {
    pub agreement: Agreement,
    pub parties: Vec<NamedParty>,
    pub covered_applications: Vec<CoveredApplication>,
    pub income_yen: i64,
    /// The dated obligations up to `until` (see [`obligations::of_agreement`]).
    pub obligations: Vec<Obligation>,
}

/// The detail view, with obligations listed up to `until`.
pub fn get_detail(conn: &Conn, id: AgreementId, until: NaiveDate) -> Result<AgreementDetail> {
    let agreement = get_agreement(conn, id)?;
    let names = party_names(conn, &agreement.parties)?;
    let parties = agreement
        .parties
        .iter()
        .zip(names)
        .map(|(p, name)| NamedParty {
            organisation_id: p.organisation_id,
            name,
            role: p.role,
        })
        .collect();
    let mut covered = Vec::new();
    for app in covered_applications(conn, id)? {
        covered.push(conn.query_row(
            "SELECT reference, office, status, title FROM application WHERE id = ?1",
            params![app],
            |r| {
                Ok(CoveredApplication {
                    id: app,
                    reference: r.get(0)?,
                    office: r.get(1)?,
                    status: r.get(2)?,
                    title: r.get(3)?,
                })
            },
        )?);
    }
    let income_yen = conn.query_row(
        "SELECT coalesce(sum(amount_yen), 0) FROM income WHERE agreement_id = ?1",
        [id],
        |r| r.get(0),
    )?;
    let obligations = obligations::of_agreement(&agreement, until);
    Ok(AgreementDetail {
        agreement,
        parties,
        covered_applications: covered,
        income_yen,
        obligations,
    })
}

/// Every dated obligation of every agreement in force and every policy document, up to `until`, in
/// date order: what the docket materialises as `agreement.*` and `policy.review` deadlines.
pub fn list_obligations(conn: &Conn, until: NaiveDate) -> Result<Vec<Obligation>> {
    let mut out = Vec::new();
    for a in list_all(conn)? {
        out.extend(obligations::of_agreement(&a, until));
    }
    for d in crate::policies::list_all(conn)? {
        out.extend(
            crate::policies::obligations(&d)
                .into_iter()
                .filter(|o| o.due_on <= until),
        );
    }
    out.sort_by(|x, y| {
        x.due_on
            .cmp(&y.due_on)
            .then(x.entity_id.cmp(&y.entity_id))
            .then(x.code.cmp(y.code))
    });
    Ok(out)
}

/// An agreement whose term ends in a window, for the board report's "coming quarter".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Expiring {
    pub id: AgreementId,
    pub number: String,
    pub kind: AgreementKind,
    /// Kind in Japanese (`独占実施許諾`, `共同研究`, …).
    pub kind_ja: &'static str,
    /// The other parties' names joined with 「・」.
    pub counterparty: String,
    /// The end of the term (for an auto-renewing agreement, of the current term).
    pub ends_on: NaiveDate,
    pub auto_renewal: bool,
    /// The last day to give notice (renewal or non-renewal), if the agreement sets one.
    pub notice_by: Option<NaiveDate>,
}

/// Agreements in force whose term ends between `from` and `to` (inclusive), by end date.
pub fn expiring(conn: &Conn, from: NaiveDate, to: NaiveDate) -> Result<Vec<Expiring>> {
    let mut out = Vec::new();
    for a in list_all(conn)? {
        let Some(id) = a.id.filter(|_| a.status == AgreementStatus::InForce) else {
            continue;
        };
        let Some(first_end) = a.expires_on else {
            continue;
        };
        let ends_on = if a.auto_renewal {
            let term = a.renewal_term_months.unwrap_or(12).max(1);
            let mut end = first_end;
            let mut k = 0_u32;
            while end < from {
                k += 1;
                match first_end.checked_add_months(chrono::Months::new(term.saturating_mul(k))) {
                    Some(e) => end = e,
                    None => break,
                }
            }
            end
        } else {
            first_end
        };
        if ends_on < from || ends_on > to {
            continue;
        }
        let notice_by = a
            .renewal_notice_days
            .and_then(|n| ends_on.checked_sub_days(chrono::Days::new(u64::from(n))));
        out.push(Expiring {
            id,
            number: a.number.clone(),
            kind: a.kind,
            kind_ja: a.kind.label_ja(),
            counterparty: party_names(conn, &a.parties)?.join("・"),
            ends_on,
            auto_renewal: a.auto_renewal,
            notice_by,
        });
    }
    out.sort_by(|x, y| x.ends_on.cmp(&y.ends_on).then(x.number.cmp(&y.number)));
    Ok(out)
}
