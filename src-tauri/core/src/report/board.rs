//! The board report (知的財産本部 活動報告) for one fiscal year.
//!
//! Built from a plain input struct, [`BoardReport`], of per-fiscal-year figures, targets and
//! the lists of pending decisions, so it can be fed by whatever computes the KPIs (the `kpi`
//! module, a spreadsheet import, a test) without this module knowing the store.
//!
//! Pages, in the order the vice-president reads them:
//! 1. 概要: the fiscal year's KPIs against the previous year and the target trajectory, the
//!    progress towards the founding targets (×15 patents obtained in 10 years, ×10 patents put
//!    into practice in 5 years: MEXT 総合的産学官連携推進事業), and how many decisions are due.
//! 2. 推移: ten fiscal years of each KPI as charts, with the target trajectory dashed.
//! 3. 判断事項 (next quarter): annuities due on patents with no licence (keep or drop, with the
//!    fee), national-phase entries due, agreements expiring — a list of more than fifty
//!    summarised, with the thirty to decide first; then the policy documents (in force, review
//!    overdue) and the snapshot fingerprint when there is one.
//!
//! The target trajectory grows by the same factor every year from the base year's figure to
//! base × multiple in the target year, the definition of the `kpi` module (so the report and
//! `chizai kpi` show the same targets); there is no trajectory outside those years.

mod decisions;
mod long_lists;
mod summary;
mod trends;

use chrono::{NaiveDate, NaiveDateTime};

use super::doc::{Document, Orientation, Pdf, ReportMeta};
use super::format::fiscal_year;
use super::ReportError;
use crate::kpi::KpiMetric;

/// The figures of one fiscal year (April–March, named by its starting year).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FiscalYearFigures {
    /// Fiscal year, e.g. 2025 for April 2025 – March 2026.
    pub fiscal_year: i32,
    /// Invention disclosures received (発明届出).
    pub disclosures: u32,
    /// Applications filed at the JPO (国内出願).
    pub filings_jp: u32,
    /// PCT applications filed (PCT出願).
    pub filings_pct: u32,
    /// Foreign filings: national-phase entries and direct foreign filings (外国出願).
    pub filings_foreign: u32,
    /// Patents obtained: rights registered in the year (特許取得).
    pub grants: u32,
    /// Licence and assignment agreements concluded in the year (ライセンス契約).
    pub licences: u32,
    /// Patents under licence at year end (実施許諾中の特許).
    pub patents_under_licence: u32,
    /// Income from licences, royalties and assignments, in yen (知財収入).
    pub income_yen: i64,
    /// Cost of filing, prosecution, attorneys and annuities, in yen (知財経費).
    pub cost_yen: i64,
    /// Joint research projects started (共同研究).
    pub joint_research: u32,
    /// Start-ups supported (大学発ベンチャー支援).
    pub startups: u32,
    /// Technical consultations (技術相談).
    pub consultations: u32,
}

/// How the board report shows one KPI: the summary's row label and the figure it reads from a
/// year's figures.
pub struct BoardKpi {
    /// The metric (the one a target is set on).
    pub metric: KpiMetric,
    /// The label of its row in the summary table.
    pub label: &'static str,
    /// Its figure in a year's figures (yen for licence income).
    pub value: fn(&FiscalYearFigures) -> f64,
}

/// The board report's KPIs, in the order of the summary table: one row per metric a target can
/// be set on ([`KpiMetric::ALL`], in its order).
pub const KPIS: [BoardKpi; 9] = [
    BoardKpi {
        metric: KpiMetric::Disclosures,
        label: "発明届出件数",
        value: |f| f64::from(f.disclosures),
    },
    BoardKpi {
        metric: KpiMetric::Filings,
        label: "出願件数（国内・PCT・外国）",
        value: |f| f64::from(f.filings_jp + f.filings_pct + f.filings_foreign),
    },
    BoardKpi {
        metric: KpiMetric::PatentsGranted,
        label: "特許取得件数",
        value: |f| f64::from(f.grants),
    },
    BoardKpi {
        metric: KpiMetric::LicensingAgreements,
        label: "ライセンス契約件数",
        value: |f| f64::from(f.licences),
    },
    BoardKpi {
        metric: KpiMetric::PatentsUnderLicence,
        label: "実施許諾中の特許件数",
        value: |f| f64::from(f.patents_under_licence),
    },
    BoardKpi {
        metric: KpiMetric::LicenceIncomeYen,
        label: "知財収入",
        value: |f| f.income_yen as f64,
    },
    BoardKpi {
        metric: KpiMetric::JointResearchNew,
        label: "共同研究件数",
        value: |f| f64::from(f.joint_research),
    },
    BoardKpi {
        metric: KpiMetric::StartupsSupported,
        label: "大学発ベンチャー支援件数",
        value: |f| f64::from(f.startups),
    },
    BoardKpi {
        metric: KpiMetric::Consultations,
        label: "技術相談件数",
        value: |f| f64::from(f.consultations),
    },
];

/// The figure of `metric` in `f`, as the board report shows it (yen for licence income).
pub fn figure_of(metric: KpiMetric, f: &FiscalYearFigures) -> f64 {
    KPIS.iter()
        .find(|k| k.metric == metric)
        .map_or(0.0, |k| (k.value)(f))
}

/// A multiplicative target: `multiple` × the base year's figure by the target year.
#[derive(Clone, Debug, PartialEq)]
pub struct KpiTarget {
    /// The KPI it applies to.
    pub kpi: KpiMetric,
    /// What the target says, e.g. `大学発特許取得数を10年間で15倍`.
    pub statement: String,
    /// The base fiscal year.
    pub base_fiscal_year: i32,
    /// The figure in the base year.
    pub base_value: f64,
    /// The multiple to reach (15 for ×15).
    pub multiple: f64,
    /// The fiscal year by which it is to be reached.
    pub target_fiscal_year: i32,
}

impl KpiTarget {
    /// The value the trajectory asks for in `fy`: base × multiple^((fy − base) / (target − base)),
    /// `None` outside the base..=target years or when the base is zero.
    pub fn trajectory(&self, fy: i32) -> Option<f64> {
        if fy < self.base_fiscal_year || fy > self.target_fiscal_year || self.base_value <= 0.0 {
            return None;
        }
        let span = f64::from((self.target_fiscal_year - self.base_fiscal_year).max(1));
        let t = f64::from(fy - self.base_fiscal_year) / span;
        Some(self.base_value * self.multiple.powf(t))
    }
}

/// The founding document's two targets (MEXT 総合的産学官連携推進事業, FY2005): patents obtained
/// ×15 in 10 years and patents put into practice ×10 in 5 years, based on this institution's
/// own figures ten and five years before the year after `fy`, so that the target year is the
/// next fiscal year and the chart's ten years show the whole trajectory. Used until the
/// institution records its own targets. A base of zero gives no trajectory (a multiple of
/// nothing is nothing); the report says so instead of inventing a base.
pub fn seed_targets(years: &[FiscalYearFigures], fy: i32) -> Vec<KpiTarget> {
    let base = |year: i32, kpi: KpiMetric| {
        years
            .iter()
            .find(|f| f.fiscal_year == year)
            .map_or(0.0, |f| figure_of(kpi, f))
    };
    vec![
        KpiTarget {
            kpi: KpiMetric::PatentsGranted,
            statement: "大学発特許取得数を10年間で15倍".to_string(),
            base_fiscal_year: fy - 9,
            base_value: base(fy - 9, KpiMetric::PatentsGranted),
            multiple: 15.0,
            target_fiscal_year: fy + 1,
        },
        KpiTarget {
            kpi: KpiMetric::PatentsUnderLicence,
            statement: "大学発特許実施件数を5年後に10倍".to_string(),
            base_fiscal_year: fy - 4,
            base_value: base(fy - 4, KpiMetric::PatentsUnderLicence),
            multiple: 10.0,
            target_fiscal_year: fy + 1,
        },
    ]
}

/// An annuity due on a granted patent that earns nothing: keep (pay) or drop (let lapse).
#[derive(Clone, Debug, PartialEq)]
pub struct AnnuityDecision {
    /// Registration number or family reference, e.g. `特許第7123456号`.
    pub reference: String,
    /// Title of the invention.
    pub title: String,
    /// Office (JP, US, EP…).
    pub office: String,
    /// The annuity year paid for (第N年分; 0 when the rule gives none).
    pub year: u32,
    /// Due date (after holiday roll-forward).
    pub due: NaiveDate,
    /// Fee to keep it, in yen; `None` when no cost on record allows an estimate.
    pub fee_yen: Option<i64>,
    /// Years already paid (年金納付済), as recorded on the application.
    pub paid_to: Option<u32>,
    /// The due date is the end of the grace period (追納, surcharge): the fee itself is late.
    pub grace: bool,
}

/// A PCT application whose national phase must be entered (or not).
#[derive(Clone, Debug, PartialEq)]
pub struct NationalPhaseDue {
    /// PCT number, e.g. `PCT/JP2024/012345`.
    pub reference: String,
    /// Title of the invention.
    pub title: String,
    /// Offices under consideration (`US, EP, CN`).
    pub offices: String,
    /// Deadline (30/31 months from priority).
    pub due: NaiveDate,
    /// Estimated cost of entering, in yen, if known.
    pub estimated_cost_yen: Option<i64>,
}

/// An agreement that ends in the coming quarter.
#[derive(Clone, Debug, PartialEq)]
pub struct ExpiringAgreement {
    /// Agreement reference.
    pub reference: String,
    /// Kind in Japanese (`共同研究契約`, `ライセンス契約（独占）`).
    pub kind: String,
    /// The other party.
    pub counterparty: String,
    /// Expiry date.
    pub expiry: NaiveDate,
    /// Last day to give notice of renewal or termination, if any.
    pub notice_by: Option<NaiveDate>,
}

/// The state of one policy document.
#[derive(Clone, Debug, PartialEq)]
pub struct PolicyState {
    /// Title (`知的財産ポリシー`, `職務発明規程`).
    pub title: String,
    /// Version in force (`第3版`).
    pub version: String,
    /// Status in Japanese (`施行中`, `改定案審議中`).
    pub status: String,
    /// Effective date of the version in force.
    pub effective: Option<NaiveDate>,
    /// Next scheduled review.
    pub next_review: Option<NaiveDate>,
}

/// Everything the board report shows.
#[derive(Clone, Debug, PartialEq)]
pub struct BoardReport {
    /// Institution name (frame, PDF author).
    pub institution: String,
    /// The fiscal year reported on.
    pub fiscal_year: i32,
    /// As-of date of the figures (usually the end of the fiscal year or today).
    pub as_of: NaiveDate,
    /// When the report is produced (Japan time), passed in.
    pub created: NaiveDateTime,
    /// The vice-president it is addressed to (担当副学長), if known.
    pub vice_president: Option<String>,
    /// Figures per fiscal year, any order; the last ten up to `fiscal_year` are charted.
    pub years: Vec<FiscalYearFigures>,
    /// Targets with their trajectories.
    pub targets: Vec<KpiTarget>,
    /// Annuities due next quarter on patents with no licence.
    /// `None` for these four lists: the data is not recorded in this database (the module that
    /// holds it is not in use), which the report states instead of printing "none due".
    pub annuities: Option<Vec<AnnuityDecision>>,
    /// National-phase entries due next quarter.
    pub national_phase: Option<Vec<NationalPhaseDue>>,
    /// Agreements expiring next quarter.
    pub expiring_agreements: Option<Vec<ExpiringAgreement>>,
    /// Policy documents.
    pub policies: Option<Vec<PolicyState>>,
    /// The days the decision lists cover (the next quarter from the day printed), if known.
    pub decision_window: Option<(NaiveDate, NaiveDate)>,
    /// Fingerprint (SHA-256) of the signed snapshot this report was made from, if any.
    pub snapshot_fingerprint: Option<String>,
}

impl BoardReport {
    /// The report title printed on every page.
    pub fn title(&self) -> String {
        format!("知的財産本部 活動報告（{}）", fiscal_year(self.fiscal_year))
    }

    /// The figures of `fy`, if given.
    pub fn year(&self, fy: i32) -> Option<&FiscalYearFigures> {
        self.years.iter().find(|y| y.fiscal_year == fy)
    }

    /// The ten fiscal years charted, oldest first.
    pub fn chart_years(&self) -> Vec<i32> {
        ((self.fiscal_year - 9)..=self.fiscal_year).collect()
    }

    /// The target for `kpi`, if one is set.
    pub fn target(&self, kpi: KpiMetric) -> Option<&KpiTarget> {
        self.targets.iter().find(|t| t.kpi == kpi)
    }
}

/// Lays out the board report and returns the PDF.
pub fn board_report(report: &BoardReport) -> Result<Pdf, ReportError> {
    if report.year(report.fiscal_year).is_none() {
        return Err(ReportError::Input(format!(
            "no figures for fiscal year {}: pass that year's figures in `years`",
            report.fiscal_year
        )));
    }
    let meta = ReportMeta {
        title: report.title(),
        institution: report.institution.clone(),
        as_of: report.as_of,
        created: report.created,
        subject: format!("{}の知的財産活動とKPI", fiscal_year(report.fiscal_year)),
    };
    let mut doc = Document::new(meta, Orientation::Portrait)?;
    summary::draw(&mut doc, report)?;
    trends::draw(&mut doc, report)?;
    decisions::draw(&mut doc, report)?;
    doc.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_board_shows_every_metric_a_target_can_be_set_on_in_its_order() {
        let shown: Vec<KpiMetric> = KPIS.iter().map(|k| k.metric).collect();
        assert_eq!(
            shown,
            KpiMetric::ALL.to_vec(),
            "a target on a metric the board does not show would never be drawn"
        );
    }

    #[test]
    fn trajectory_grows_by_the_same_factor_each_year_to_the_multiple() {
        let t = KpiTarget {
            kpi: KpiMetric::PatentsGranted,
            statement: "×15".into(),
            base_fiscal_year: 2016,
            base_value: 2.0,
            multiple: 15.0,
            target_fiscal_year: 2026,
        };
        assert_eq!(t.trajectory(2015), None, "no target before the base year");
        assert_eq!(t.trajectory(2016), Some(2.0), "starts at the base figure");
        let half = t.trajectory(2021).unwrap();
        assert!(
            (half - 2.0 * 15f64.sqrt()).abs() < 1e-9,
            "half way: 2 × √15, got {half}"
        );
        assert!(
            (t.trajectory(2026).unwrap() - 30.0).abs() < 1e-9,
            "ends at 15 × the base"
        );
        assert_eq!(
            t.trajectory(2030),
            None,
            "no trajectory after the target year"
        );
        let zero = KpiTarget {
            base_value: 0.0,
            ..t
        };
        assert_eq!(zero.trajectory(2021), None, "no multiple of a zero base");
    }
}
