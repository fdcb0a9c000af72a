//! The KPIs an IP headquarters reports to its board, per fiscal year (年度: 1 April FY – 31 March
//! FY+1), with every definition here and in the README's KPI section. All counts are of records whose
//! date falls in the fiscal year unless the definition says "during" (a period overlapping it).
//!
//! | field | definition |
//! |---|---|
//! | `disclosures` | invention disclosures (発明届出) whose `received_on` is in FY |
//! | `filings` | applications whose `filed_on` is in FY, by application: `jp` (office JP), `pct` (PCT international applications), `foreign` (every other office, national or regional: US, EP, CN, … including US provisionals), `total` |
//! | `filing_families` | the same, counting distinct families: a family with two US filings in FY counts once under `foreign`; `total` counts each family once |
//! | `new_families` | families whose earliest `filed_on` is in FY (first filings of new inventions) |
//! | `patents_granted` | rights of type patent whose `registered_on` is in FY (特許取得数, the seed's "patents obtained"): `jp`, `foreign` (every non-JP office), `total` |
//! | `licensing_agreements` | licences (exclusive and non-exclusive), options and assignments executed in FY: `signed_on` (else `effective_on`) in FY, not still negotiating; `licences`, `options`, `assignments` split it |
//! | `patents_under_licence` | 実施許諾中の特許数, the seed's "patents put into practice": distinct non-PCT applications and rights filed by the end of FY and covered (directly, through their family, or through the family's disclosure) by a licence, option or assignment in force during FY |
//! | `granted_under_licence` | of those, the ones registered by the end of FY |
//! | `licence_income_yen` | income of IP categories (licence fee, running royalty, milestone, assignment, option fee) received in FY |
//! | `income_yen` | all income received in FY, research funds included |
//! | `cost_yen` | cost-ledger entries incurred in FY (filing, attorney, official, annuity, translation, other) |
//! | `licence_income_to_cost` | `licence_income_yen / cost_yen` (None when there was no cost) |
//! | `joint_research_new` / `_amount_yen` | joint research projects starting in FY, and their research funds |
//! | `joint_research_ongoing` | joint research projects running on any day of FY (new ones included) |
//! | `startups_supported` | start-up support records dated in FY |
//! | `consultations` | technical consultations dated in FY |
//! | `seminars` / `seminar_audience` | seminars dated in FY and their audience |
//!
//! Targets ([`targets`]) are data: a baseline fiscal year (its value measured, or given), a
//! multiplier and a horizon in years, giving the geometric trajectory
//! `baseline × multiplier^((FY − baseline_fy) / horizon)`.

mod targets;

use std::collections::BTreeSet;

use crate::store::Conn;
use chrono::NaiveDate;
use rusqlite::params;
use serde::Serialize;

use crate::activities::{self, ActivityKind};
use crate::agreements::{self, AgreementKind, AgreementStatus};
use crate::error::{CoreError, Result};
pub use targets::*;

/// Counts split by where an application was filed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct ByOffice {
    pub jp: i64,
    pub pct: i64,
    pub foreign: i64,
    pub total: i64,
}

/// Patents granted, JP and abroad.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Granted {
    pub jp: i64,
    pub foreign: i64,
    pub total: i64,
}

/// Licensing agreements executed, by kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Licensing {
    pub licences: i64,
    pub options: i64,
    pub assignments: i64,
    pub total: i64,
}

/// Every KPI of one fiscal year (definitions in the module docs).
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct KpiYear {
    pub fiscal_year: i32,
    pub disclosures: i64,
    pub filings: ByOffice,
    pub filing_families: ByOffice,
    pub new_families: i64,
    pub patents_granted: Granted,
    pub licensing_agreements: Licensing,
    pub patents_under_licence: i64,
    pub granted_under_licence: i64,
    pub licence_income_yen: i64,
    pub income_yen: i64,
    pub cost_yen: i64,
    pub licence_income_to_cost: Option<f64>,
    pub joint_research_new: i64,
    pub joint_research_ongoing: i64,
    pub joint_research_amount_yen: i64,
    pub startups_supported: i64,
    pub consultations: i64,
    pub seminars: i64,
    pub seminar_audience: i64,
}

/// First and last day of fiscal year `fy`.
pub fn fy_bounds(fy: i32) -> Result<(NaiveDate, NaiveDate)> {
    let from = NaiveDate::from_ymd_opt(fy, 4, 1);
    let to = NaiveDate::from_ymd_opt(fy + 1, 3, 31);
    match (from, to) {
        (Some(f), Some(t)) if (1900..2200).contains(&fy) => Ok((f, t)),
        _ => Err(CoreError::invalid(
            "fiscal_year",
            format!("{fy} is not a fiscal year between 1900 and 2199"),
        )),
    }
}

fn count(conn: &Conn, sql: &str, from: NaiveDate, to: NaiveDate) -> Result<i64> {
    conn.prepare_cached(sql)?
        .query_row(params![from, to], |r| r.get(0))
}

fn by_office(conn: &Conn, what: &str, from: NaiveDate, to: NaiveDate) -> Result<ByOffice> {
    let sql = format!(
        "SELECT count({what} CASE WHEN office = 'JP' THEN {col} END), count({what} CASE WHEN office = 'PCT' THEN {col} END),
                count({what} CASE WHEN office NOT IN ('JP', 'PCT') THEN {col} END), count({what} {col})
         FROM application WHERE filed_on BETWEEN ?1 AND ?2",
        col = if what.is_empty() { "id" } else { "family_id" },
    );
    conn.prepare_cached(&sql)?
        .query_row(params![from, to], |r| {
            Ok(ByOffice {
                jp: r.get(0)?,
                pct: r.get(1)?,
                foreign: r.get(2)?,
                total: r.get(3)?,
            })
        })
}

/// The licensing agreements with the applications each covers, loaded once for several years.
pub(crate) struct Licences(Vec<(agreements::Agreement, Vec<i64>)>);

impl Licences {
    pub(crate) fn load(conn: &Conn) -> Result<Licences> {
        let mut out = Vec::new();
        for a in agreements::list_all(conn)? {
            if let Some(id) = a.id.filter(|_| a.kind.is_licensing()) {
                let covered = agreements::covered_applications(conn, id)?;
                out.push((a, covered.into_iter().map(|x| x.0).collect()));
            }
        }
        Ok(Licences(out))
    }
}

/// Computes every KPI of fiscal year `fy`.
pub fn compute(conn: &Conn, fy: i32) -> Result<KpiYear> {
    compute_with(conn, fy, &Licences::load(conn)?)
}

pub(crate) fn compute_with(conn: &Conn, fy: i32, licences: &Licences) -> Result<KpiYear> {
    let (from, to) = fy_bounds(fy)?;
    let disclosures = count(
        conn,
        "SELECT count(*) FROM disclosure WHERE received_on BETWEEN ?1 AND ?2",
        from,
        to,
    )?;
    let filings = by_office(conn, "", from, to)?;
    let filing_families = by_office(conn, "DISTINCT", from, to)?;
    let new_families = count(
        conn,
        "SELECT count(*) FROM (SELECT family_id, min(filed_on) AS first FROM application WHERE filed_on IS NOT NULL
         GROUP BY family_id) AS f WHERE first BETWEEN ?1 AND ?2",
        from,
        to,
    )?;
    let patents_granted = conn
        .prepare_cached(
            "SELECT count(CASE WHEN office = 'JP' THEN 1 END), count(CASE WHEN office <> 'JP' THEN 1 END), count(*)
             FROM application WHERE right_type = 'patent' AND registered_on BETWEEN ?1 AND ?2",
        )?
        .query_row(params![from, to], |r| Ok(Granted { jp: r.get(0)?, foreign: r.get(1)?, total: r.get(2)? }))?;

    let mut licensing = Licensing::default();
    let mut covered: BTreeSet<i64> = BTreeSet::new();
    for (a, apps) in &licences.0 {
        let executed = a.signed_on.or(a.effective_on);
        if a.status != AgreementStatus::Negotiating
            && executed.is_some_and(|d| d >= from && d <= to)
        {
            match a.kind {
                AgreementKind::Option => licensing.options += 1,
                AgreementKind::Assignment => licensing.assignments += 1,
                _ => licensing.licences += 1,
            }
            licensing.total += 1;
        }
        if a.in_force_during(from, to) {
            covered.extend(apps.iter().copied());
        }
    }
    let (mut under_licence, mut granted_under_licence) = (0, 0);
    let mut stmt = conn
        .prepare_cached("SELECT office, filed_on, registered_on FROM application WHERE id = ?1")?;
    for id in covered {
        let (office, filed, registered): (String, Option<NaiveDate>, Option<NaiveDate>) =
            stmt.query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        if office == "PCT" || filed.is_none_or(|f| f > to) {
            continue;
        }
        under_licence += 1;
        if registered.is_some_and(|r| r <= to) {
            granted_under_licence += 1;
        }
    }

    let (licence_income_yen, income_yen): (i64, i64) = conn.prepare_cached(
        "SELECT coalesce(sum(CASE WHEN category IN ('licence_fee', 'running_royalty', 'milestone', 'assignment', 'option_fee')
                              THEN amount_yen END), 0), coalesce(sum(amount_yen), 0)
         FROM income WHERE fiscal_year = ?1",
    )?
    .query_row([fy], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let cost_yen: i64 = conn.query_row(
        "SELECT coalesce(sum(amount_yen), 0) FROM cost WHERE fiscal_year = ?1",
        [fy],
        |r| r.get(0),
    )?;

    let acts = activities::list(conn, None, Some(fy))?;
    let started_in = |a: &&activities::Activity| a.started_on >= from && a.started_on <= to;
    let of = |k: ActivityKind| acts.iter().filter(move |a| a.kind == k);
    Ok(KpiYear {
        fiscal_year: fy,
        disclosures,
        filings,
        filing_families,
        new_families,
        patents_granted,
        licensing_agreements: licensing,
        patents_under_licence: under_licence,
        granted_under_licence,
        licence_income_yen,
        income_yen,
        cost_yen,
        licence_income_to_cost: (cost_yen > 0).then(|| licence_income_yen as f64 / cost_yen as f64),
        joint_research_new: of(ActivityKind::JointResearch).filter(started_in).count() as i64,
        joint_research_ongoing: of(ActivityKind::JointResearch).count() as i64,
        joint_research_amount_yen: of(ActivityKind::JointResearch)
            .filter(started_in)
            .map(|a| a.amount_yen)
            .sum(),
        startups_supported: of(ActivityKind::StartupSupport).count() as i64,
        consultations: of(ActivityKind::Consultation).count() as i64,
        seminars: of(ActivityKind::Seminar).count() as i64,
        seminar_audience: of(ActivityKind::Seminar)
            .map(|a| i64::from(a.audience.unwrap_or(0)))
            .sum(),
    })
}

/// The KPIs of the `years` fiscal years ending with `last_fy`, oldest first (the board report's
/// ten-year charts).
pub fn series(conn: &Conn, last_fy: i32, years: u32) -> Result<Vec<KpiYear>> {
    if years == 0 || years > 50 {
        return Err(CoreError::invalid(
            "years",
            format!("{years} is not between 1 and 50"),
        ));
    }
    let licences = Licences::load(conn)?;
    (0..years as i32)
        .rev()
        .map(|k| compute_with(conn, last_fy - k, &licences))
        .collect()
}

#[cfg(test)]
pub(crate) mod fixture;
#[cfg(test)]
mod tests;
