//! KPI targets as data. The seed's two: 大学発特許取得数を１０年間で１５倍 (patents obtained ×15 in
//! 10 years: metric `patents_granted`, multiplier 15, horizon 10) and 大学発特許実施件数を５年後に
//! １０倍 (patents put into practice ×10 in 5 years: `patents_under_licence`, 10, 5).
//!
//! The trajectory is geometric — the same growth factor every year — so that progress can be judged
//! in any year, not only at the horizon: target(FY) = baseline × multiplier^((FY − baseline_fy) /
//! horizon_years), for FY from the baseline year to baseline_fy + horizon_years. The baseline is the
//! measured KPI of the baseline year unless a value is given (a year before the records start).

use std::collections::BTreeMap;

use crate::store::Conn;
use rusqlite::params;
use serde::{Deserialize, Serialize};

use super::{compute_years, KpiYear};
use crate::domain::vocab;
use crate::error::{CoreError, ErrorCode, Failure, Result};
use crate::portfolio::validate as pv;
use crate::store::{Action, AuditEntity, Write};

vocab!(
    /// A KPI a target can be set on.
    KpiMetric, "kpi_target.metric" {
        Disclosures = "disclosures" ("発明届出件数", "Disclosures"),
        Filings = "filings" ("出願件数", "Filings"),
        PatentsGranted = "patents_granted" ("特許取得件数", "Patents granted"),
        LicensingAgreements = "licensing_agreements" ("ライセンス等契約件数", "Licensing agreements"),
        PatentsUnderLicence = "patents_under_licence" ("実施許諾中の特許件数", "Patents under licence"),
        LicenceIncomeYen = "licence_income_yen" ("知財収入（円）", "Licence income (yen)"),
        JointResearchNew = "joint_research_new" ("共同研究（新規）件数", "New joint research"),
        StartupsSupported = "startups_supported" ("大学発ベンチャー支援件数", "Start-ups supported"),
        Consultations = "consultations" ("技術相談件数", "Consultations"),
    }
);

impl KpiMetric {
    /// This metric's value in a year's KPIs.
    pub fn value(self, k: &KpiYear) -> i64 {
        match self {
            KpiMetric::Disclosures => k.disclosures,
            KpiMetric::Filings => k.filings.total,
            KpiMetric::PatentsGranted => k.patents_granted.total,
            KpiMetric::LicensingAgreements => k.licensing_agreements.total,
            KpiMetric::PatentsUnderLicence => k.patents_under_licence,
            KpiMetric::LicenceIncomeYen => k.licence_income_yen,
            KpiMetric::JointResearchNew => k.joint_research_new,
            KpiMetric::StartupsSupported => k.startups_supported,
            KpiMetric::Consultations => k.consultations,
        }
    }
}

/// A target: multiply `metric` by `multiplier` over `horizon_years` from `baseline_fy`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Target {
    #[serde(default)]
    pub id: Option<i64>,
    pub metric: KpiMetric,
    /// e.g. 大学発特許取得数を10年間で15倍.
    pub label: String,
    pub baseline_fy: i32,
    /// The baseline when it is not measured from the records.
    #[serde(default)]
    pub baseline_value: Option<i64>,
    pub multiplier: f64,
    pub horizon_years: u32,
}

/// One year of a trajectory.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct TargetPoint {
    pub fiscal_year: i32,
    /// The trajectory's value (not rounded: the report decides how to show it).
    pub target: f64,
    pub actual: i64,
}

/// A target with its baseline and trajectory.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Trajectory {
    pub target: Target,
    pub baseline: i64,
    pub points: Vec<TargetPoint>,
}

/// The trajectory value for `fy` (geometric growth from the baseline).
pub fn target_value(
    baseline: i64,
    multiplier: f64,
    horizon_years: u32,
    baseline_fy: i32,
    fy: i32,
) -> f64 {
    let t = f64::from(fy - baseline_fy) / f64::from(horizon_years.max(1));
    baseline as f64 * multiplier.powf(t)
}

/// Stores a target.
pub fn create_target(w: &mut Write<'_>, t: &Target) -> Result<i64> {
    pv::text("kpi_target.label", &t.label, 200)?;
    if !(t.multiplier.is_finite() && t.multiplier > 0.0) {
        return Err(CoreError::invalid(
            "kpi_target.multiplier",
            format!("{} is not a positive number", t.multiplier),
        ));
    }
    if !(1..=50).contains(&t.horizon_years) {
        return Err(CoreError::invalid(
            "kpi_target.horizon_years",
            format!("{} is not between 1 and 50", t.horizon_years),
        ));
    }
    if let Some(v) = t.baseline_value {
        crate::agreements::non_negative("kpi_target.baseline_value", v)?;
    }
    super::fy_bounds(t.baseline_fy)?;
    w.tx()
        .prepare_cached(
            "INSERT INTO kpi_target (id, metric, label, baseline_fy, baseline_value, multiplier, horizon_years)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![t.id, t.metric, t.label, t.baseline_fy, t.baseline_value, t.multiplier, t.horizon_years])
        .map_err(|e| match e {
            err if err.code() == ErrorCode::Conflict => CoreError::Conflict(format!(
                "a {} target from FY{} already exists",
                t.metric, t.baseline_fy
            )),
            err => err,
        })?;
    let id = w.tx().last_insert_rowid();
    w.audit(
        AuditEntity::KpiTarget,
        id,
        Action::Create,
        None::<&()>,
        Some(&Target {
            id: Some(id),
            ..t.clone()
        }),
    )?;
    Ok(id)
}

/// Every target, in id order.
pub fn list_targets(conn: &Conn) -> Result<Vec<Target>> {
    let mut stmt = conn.prepare(
        "SELECT id, metric, label, baseline_fy, baseline_value, multiplier, horizon_years FROM kpi_target ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Target {
            id: r.get(0)?,
            metric: r.get(1)?,
            label: r.get(2)?,
            baseline_fy: r.get(3)?,
            baseline_value: r.get(4)?,
            multiplier: r.get(5)?,
            horizon_years: r.get(6)?,
        })
    })?;
    rows.collect::<crate::error::Result<_>>()
}

/// The fiscal years whose KPIs the targets show: each one's baseline year to its horizon.
fn needed_years(list: &[Target]) -> impl Iterator<Item = i32> + '_ {
    list.iter()
        .flat_map(|t| t.baseline_fy..=t.baseline_fy + t.horizon_years as i32)
}

/// The first and last fiscal year the targets show (none without targets): compute those
/// together with other years, and [`targets_with`] computes nothing more.
pub fn target_years(conn: &Conn) -> Result<Option<(i32, i32)>> {
    let list = list_targets(conn)?;
    Ok(needed_years(&list).min().zip(needed_years(&list).max()))
}

/// Every target with its trajectory from the baseline year to the horizon, and the actual values.
pub fn targets(conn: &Conn) -> Result<Vec<Trajectory>> {
    targets_with(conn, &[])
}

/// [`targets`], reusing the years of `known` (the board report's ten-year series) and computing
/// the others in one pass ([`compute_years`]).
pub fn targets_with(conn: &Conn, known: &[KpiYear]) -> Result<Vec<Trajectory>> {
    let list = list_targets(conn)?;
    let mut years: BTreeMap<i32, KpiYear> =
        known.iter().map(|k| (k.fiscal_year, k.clone())).collect();
    let missing: Vec<i32> = needed_years(&list)
        .filter(|fy| !years.contains_key(fy))
        .collect();
    if let (Some(&first), Some(&last)) = (missing.iter().min(), missing.iter().max()) {
        for k in compute_years(conn, first, last)? {
            years.entry(k.fiscal_year).or_insert(k);
        }
    }
    let kpi = |fy: i32| {
        years
            .get(&fy)
            .ok_or_else(|| CoreError::invalid("fiscal_year", format!("no KPIs for FY{fy}")))
    };
    let mut out = Vec::new();
    for t in list {
        let baseline = match t.baseline_value {
            Some(v) => v,
            None => t.metric.value(kpi(t.baseline_fy)?),
        };
        let mut points = Vec::new();
        for fy in t.baseline_fy..=t.baseline_fy + t.horizon_years as i32 {
            points.push(TargetPoint {
                fiscal_year: fy,
                target: target_value(baseline, t.multiplier, t.horizon_years, t.baseline_fy, fy),
                actual: t.metric.value(kpi(fy)?),
            });
        }
        out.push(Trajectory {
            target: t,
            baseline,
            points,
        });
    }
    Ok(out)
}
