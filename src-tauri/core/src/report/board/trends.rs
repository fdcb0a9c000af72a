//! Page 2 of the board report: ten fiscal years of each KPI, two charts per row, with the
//! target trajectory dashed where a target applies.

use super::{BoardReport, FiscalYearFigures};
use crate::kpi::KpiMetric;
use crate::report::canvas::Colour;
use crate::report::chart::{Chart, Series, SeriesKind};
use crate::report::doc::Document;
use crate::report::ReportError;

type Pick = fn(&FiscalYearFigures) -> f64;

/// One chart of the page: its title and unit, its series (label, kind, colour, figure), the
/// target whose trajectory is dashed over it, and whether its bars stack.
struct Trend {
    title: &'static str,
    unit: &'static str,
    series: &'static [(&'static str, SeriesKind, Colour, Pick)],
    target: KpiMetric,
    /// How many of the KPI's own unit make one of the chart's (1,000,000 yen to 百万円): the
    /// target's trajectory is divided by it, as the series' figures are.
    scale: f64,
    stacked: bool,
}

const BAR: SeriesKind = SeriesKind::Bar;

/// The charts, two per row, in reading order.
const TRENDS: [Trend; 8] = [
    Trend {
        title: "発明届出件数",
        unit: "件",
        series: &[("届出", BAR, Colour::NAVY, |f| f64::from(f.disclosures))],
        target: KpiMetric::Disclosures,
        scale: 1.0,
        stacked: false,
    },
    Trend {
        title: "出願件数",
        unit: "件",
        series: &[
            ("国内", BAR, Colour::NAVY, |f| f64::from(f.filings_jp)),
            ("PCT", BAR, Colour::TEAL, |f| f64::from(f.filings_pct)),
            ("外国", BAR, Colour::OCHRE, |f| {
                f64::from(f.filings_foreign)
            }),
        ],
        target: KpiMetric::Filings,
        scale: 1.0,
        stacked: true,
    },
    Trend {
        title: "特許取得件数",
        unit: "件",
        series: &[("取得", BAR, Colour::NAVY, |f| f64::from(f.grants))],
        target: KpiMetric::PatentsGranted,
        scale: 1.0,
        stacked: false,
    },
    Trend {
        title: "実施許諾中の特許とライセンス契約",
        unit: "件",
        series: &[
            ("実施許諾中", BAR, Colour::TEAL, |f| {
                f64::from(f.patents_under_licence)
            }),
            ("新規契約", SeriesKind::Line, Colour::NAVY, |f| {
                f64::from(f.licences)
            }),
        ],
        target: KpiMetric::PatentsUnderLicence,
        scale: 1.0,
        stacked: false,
    },
    Trend {
        title: "知財収入と経費",
        unit: "百万円",
        series: &[
            ("収入", BAR, Colour::GREEN, |f| {
                f.income_yen as f64 / 1_000_000.0
            }),
            ("経費", BAR, Colour::RED, |f| {
                f.cost_yen as f64 / 1_000_000.0
            }),
        ],
        target: KpiMetric::LicenceIncomeYen,
        scale: 1_000_000.0,
        stacked: false,
    },
    Trend {
        title: "共同研究件数",
        unit: "件",
        series: &[("共同研究", BAR, Colour::NAVY, |f| {
            f64::from(f.joint_research)
        })],
        target: KpiMetric::JointResearchNew,
        scale: 1.0,
        stacked: false,
    },
    Trend {
        title: "大学発ベンチャー支援件数",
        unit: "件",
        series: &[("支援", BAR, Colour::TEAL, |f| f64::from(f.startups))],
        target: KpiMetric::StartupsSupported,
        scale: 1.0,
        stacked: false,
    },
    Trend {
        title: "技術相談件数",
        unit: "件",
        series: &[("相談", BAR, Colour::OCHRE, |f| f64::from(f.consultations))],
        target: KpiMetric::Consultations,
        scale: 1.0,
        stacked: false,
    },
];

fn chart(r: &BoardReport, trend: &Trend) -> Chart {
    let years = r.chart_years();
    let series = trend
        .series
        .iter()
        .map(|(label, kind, colour, pick)| Series {
            label: label.to_string(),
            values: years.iter().map(|fy| r.year(*fy).map(pick)).collect(),
            kind: *kind,
            colour: *colour,
        })
        .collect();
    let target = r.target(trend.target).map(|t| {
        years
            .iter()
            .map(|fy| t.trajectory(*fy).map(|v| v / trend.scale))
            .collect()
    });
    Chart {
        title: trend.title.to_string(),
        unit: trend.unit.to_string(),
        categories: years.iter().map(|fy| fy.to_string()).collect(),
        series,
        target,
        stacked: trend.stacked,
    }
}

pub(super) fn draw(doc: &mut Document, r: &BoardReport) -> Result<(), ReportError> {
    doc.new_page();
    doc.heading("10年間の推移（年度）", 0.0)?;
    let charts: Vec<Chart> = TRENDS.iter().map(|t| chart(r, t)).collect();
    let gap = 16.0;
    let w = (doc.body_width() - gap) / 2.0;
    let rows = charts.len().div_ceil(2);
    let h = (doc.remaining() - 4.0) / rows as f32;
    let (left, top) = (doc.left(), doc.y);
    let page = doc.page();
    for (i, c) in charts.iter().enumerate() {
        let x = left + (i % 2) as f32 * (w + gap);
        let y = top + (i / 2) as f32 * h;
        c.draw(page, x, y, w, h - 10.0)?;
    }
    doc.y = top + rows as f32 * h;
    Ok(())
}
