//! Report inputs from the domain modules: KPIs and targets (`kpi`), agreements and policy
//! documents (`agreements`, `policies`). The report shows exactly their definitions, so the
//! board report's KPI table and `chizai kpi` can never disagree.

use std::collections::HashMap;

use crate::store::Conn;
use chrono::NaiveDate;

use super::board::{ExpiringAgreement, FiscalYearFigures, KpiTarget, PolicyState};
use super::registers::{AgreementLine, PolicyLine};
use super::ReportError;
use crate::agreements::{self, AgreementKind, AgreementQuery, AgreementStatus};
use crate::kpi::{self, KpiYear};
use crate::policies;

fn figures(k: &KpiYear) -> FiscalYearFigures {
    let n = |v: i64| u32::try_from(v.max(0)).unwrap_or(u32::MAX);
    FiscalYearFigures {
        fiscal_year: k.fiscal_year,
        disclosures: n(k.disclosures),
        filings_jp: n(k.filings.jp),
        filings_pct: n(k.filings.pct),
        filings_foreign: n(k.filings.foreign),
        grants: n(k.patents_granted.total),
        licences: n(k.licensing_agreements.total),
        patents_under_licence: n(k.patents_under_licence),
        income_yen: k.licence_income_yen,
        cost_yen: k.cost_yen,
        joint_research: n(k.joint_research_new),
        startups: n(k.startups_supported),
        consultations: n(k.consultations),
    }
}

/// The ten fiscal years up to `fy`, with the `kpi` module's definitions (income = licence
/// income: fees, royalties, milestones, assignments, options), and the institution's recorded
/// targets with their measured baselines (the years the series holds are not computed again).
pub fn kpi_figures_and_targets(
    conn: &Conn,
    fy: i32,
) -> Result<(Vec<FiscalYearFigures>, Vec<KpiTarget>), ReportError> {
    // The targets' years and the ten charted, computed together.
    let (first, last) = match kpi::target_years(conn)? {
        Some((from, to)) => (from.min(fy - 9), to.max(fy)),
        None => (fy - 9, fy),
    };
    let years = kpi::compute_years(conn, first, last)?;
    let series: Vec<&kpi::KpiYear> = years
        .iter()
        .filter(|k| k.fiscal_year > fy - 10 && k.fiscal_year <= fy)
        .collect();
    let targets = kpi::targets_with(conn, &years)?
        .into_iter()
        .map(|t| KpiTarget {
            kpi: t.target.metric,
            statement: t.target.label.clone(),
            base_fiscal_year: t.target.baseline_fy,
            base_value: t.baseline as f64,
            multiple: t.target.multiplier,
            target_fiscal_year: t.target.baseline_fy + t.target.horizon_years as i32,
        })
        .collect();
    Ok((series.into_iter().map(figures).collect(), targets))
}

/// Agreements in force whose (current) term ends in `from..=to`.
pub fn expiring_agreements(
    conn: &Conn,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<ExpiringAgreement>, ReportError> {
    Ok(agreements::expiring(conn, from, to)?
        .into_iter()
        .map(|e| ExpiringAgreement {
            reference: e.number,
            kind: if e.auto_renewal {
                format!("{}（自動更新）", e.kind_ja)
            } else {
                e.kind_ja.to_string()
            },
            counterparty: e.counterparty,
            expiry: e.ends_on,
            notice_by: e.notice_by,
        })
        .collect())
}

/// Applications covered (directly, through their family or its disclosure) by a licence,
/// option or assignment in force on `as_of`, with the kind of the strongest one in Japanese
/// (exclusive before non-exclusive before option); keyed by application id.
pub fn licences_on(conn: &Conn, as_of: NaiveDate) -> Result<HashMap<i64, String>, ReportError> {
    let rank = |k: AgreementKind| match k {
        AgreementKind::Assignment => 0,
        AgreementKind::LicenceExclusive => 1,
        AgreementKind::LicenceNonExclusive => 2,
        _ => 3,
    };
    let mut best: HashMap<i64, AgreementKind> = HashMap::new();
    let mut coverage = agreements::coverage(conn)?;
    for a in agreements::list(conn, &AgreementQuery::default())? {
        let in_force = a.status == AgreementStatus::InForce
            && a.effective_on.or(a.signed_on).is_none_or(|d| d <= as_of)
            && (a.auto_renewal || a.expires_on.is_none_or(|d| d >= as_of));
        if !a.kind.is_licensing() || !in_force {
            continue;
        }
        for app in coverage.remove(&a.id).unwrap_or_default() {
            let slot = best.entry(app.0).or_insert(a.kind);
            if rank(a.kind) < rank(*slot) {
                *slot = a.kind;
            }
        }
    }
    Ok(best
        .into_iter()
        .map(|(id, k)| (id, k.label_ja().to_string()))
        .collect())
}

/// Every agreement as an agreement-register line.
pub fn agreement_lines(conn: &Conn) -> Result<Vec<AgreementLine>, ReportError> {
    Ok(agreements::list(conn, &AgreementQuery::default())?
        .into_iter()
        .map(|a| AgreementLine {
            reference: a.number,
            kind: a.kind.label_ja().to_string(),
            title: a.title,
            counterparties: a.parties.split('・').map(str::to_string).collect(),
            signed_on: a.signed_on,
            effective_on: a.effective_on,
            expires_on: a.expires_on,
            status: a.status.label_ja().to_string(),
            linked: if a.links == 0 {
                Vec::new()
            } else {
                vec![format!("{}件", a.links)]
            },
            terms: (a.income_yen > 0)
                .then(|| format!("収入累計 {}", super::format::yen(a.income_yen))),
        })
        .collect())
}

/// Every policy document as a policy-register line, with the version in force on `as_of`.
pub fn policy_lines(conn: &Conn, as_of: NaiveDate) -> Result<Vec<PolicyLine>, ReportError> {
    Ok(policies::list(conn, Some(as_of))?
        .into_iter()
        .map(|p| {
            let status = if p.obsolete {
                "廃止"
            } else if p.version.is_some() && p.drafts > 0 {
                "施行中（改定案あり）"
            } else if p.version.is_some() {
                "施行中"
            } else {
                "未施行"
            };
            PolicyLine {
                title: p.title,
                kind: p.kind.label_ja().to_string(),
                version: p.version.unwrap_or_else(|| "—".to_string()),
                approved_by: p.approval_body,
                approved_on: p.approved_on,
                effective_on: p.effective_on,
                next_review: p.next_review_on,
                status: status.to_string(),
                sha256: None,
            }
        })
        .collect())
}

/// The policy documents as the board report's state list.
pub fn policy_states(conn: &Conn, as_of: NaiveDate) -> Result<Vec<PolicyState>, ReportError> {
    Ok(policy_lines(conn, as_of)?
        .into_iter()
        .map(|l| PolicyState {
            title: l.title,
            version: l.version,
            status: l.status,
            effective: l.effective_on,
            next_review: l.next_review,
        })
        .collect())
}

/// Deadlines for the docket report: open ones before `as_of` (overdue, whatever `from` is) and
/// every deadline due in `from..=to` (done and waived included, obsolete and dates-to-know left
/// out), with the basis and the roll-forward as the brief explanation.
pub fn deadline_lines(
    conn: &Conn,
    from: NaiveDate,
    to: NaiveDate,
    as_of: NaiveDate,
) -> Result<Vec<super::deadlines::DeadlineLine>, ReportError> {
    use super::deadlines::{DeadlineLine, DeadlineState};
    use super::format::date_short;
    use crate::deadlines::{self, DeadlineFilter, DeadlineStatus, StatusFilter};
    let overdue = deadlines::list_rows(
        conn,
        &DeadlineFilter {
            status: StatusFilter::Overdue,
            ..DeadlineFilter::default()
        },
        as_of,
    )?;
    let in_range = deadlines::list_rows(
        conn,
        &DeadlineFilter {
            from: Some(from),
            to: Some(to),
            status: StatusFilter::All,
            ..DeadlineFilter::default()
        },
        as_of,
    )?;
    let mut seen = std::collections::HashSet::new();
    Ok(overdue
        .into_iter()
        .chain(in_range)
        .filter(|d| !d.info && d.status != DeadlineStatus::Obsolete && seen.insert(d.id))
        .map(|d| {
            let rolled = if d.unrolled != d.due {
                format!(
                    "；本来の期日 {} は閉庁日のため {} に繰下げ",
                    date_short(d.unrolled),
                    date_short(d.due)
                )
            } else {
                String::new()
            };
            DeadlineLine {
                due: d.due,
                what: d.title.clone(),
                code: d.code.clone(),
                subject: d
                    .application_reference
                    .clone()
                    .or_else(|| d.agreement_ref.clone())
                    .unwrap_or_else(|| "—".to_string()),
                explanation: format!("{}{rolled}", d.basis.clone().unwrap_or_default()),
                responsible: d.responsible.clone(),
                state: match d.status {
                    DeadlineStatus::Done => DeadlineState::Done(d.done_on.unwrap_or(d.due)),
                    DeadlineStatus::Waived => DeadlineState::Waived,
                    _ => DeadlineState::Open,
                },
            }
        })
        .collect())
}
