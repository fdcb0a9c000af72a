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
mod years;

use crate::store::Conn;
use chrono::NaiveDate;
use serde::Serialize;

use crate::error::{CoreError, Result};
pub use targets::*;
pub use years::compute_years;

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

/// Computes every KPI of fiscal year `fy`.
pub fn compute(conn: &Conn, fy: i32) -> Result<KpiYear> {
    compute_years(conn, fy, fy)?
        .pop()
        .ok_or_else(|| CoreError::invalid("fiscal_year", format!("no KPIs for FY{fy}")))
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
    compute_years(conn, last_fy - (years as i32 - 1), last_fy)
}

#[cfg(test)]
pub(crate) mod fixture;
#[cfg(test)]
mod tests;
