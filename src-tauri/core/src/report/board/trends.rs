//! Page 2 of the board report: ten fiscal years of each KPI, two charts per row, with the
//! target trajectory dashed where a target applies.

use super::{BoardReport, FiscalYearFigures, Kpi};
use crate::report::canvas::Colour;
use crate::report::chart::{Chart, Series, SeriesKind};
use crate::report::doc::Document;
use crate::report::ReportError;

type Pick = fn(&FiscalYearFigures) -> f64;

fn series(r: &BoardReport, label: &str, kind: SeriesKind, colour: Colour, pick: Pick) -> Series {
    Series {
        label: label.to_string(),
        values: r
            .chart_years()
            .iter()
            .map(|fy| r.year(*fy).map(pick))
            .collect(),
        kind,
        colour,
    }
}

fn target(r: &BoardReport, kpi: Kpi) -> Option<Vec<Option<f64>>> {
    let t = r.target(kpi)?;
    Some(r.chart_years().iter().map(|fy| t.trajectory(*fy)).collect())
}

fn charts(r: &BoardReport) -> Vec<Chart> {
    let categories: Vec<String> = r.chart_years().iter().map(|fy| fy.to_string()).collect();
    let chart = |title: &str, unit: &str, series: Vec<Series>, target, stacked| Chart {
        title: title.to_string(),
        unit: unit.to_string(),
        categories: categories.clone(),
        series,
        target,
        stacked,
    };
    let bar = SeriesKind::Bar;
    let million = |yen: i64| yen as f64 / 1_000_000.0;
    vec![
        chart(
            "発明届出件数",
            "件",
            vec![series(r, "届出", bar, Colour::NAVY, |f| {
                f64::from(f.disclosures)
            })],
            target(r, Kpi::Disclosures),
            false,
        ),
        chart(
            "出願件数",
            "件",
            vec![
                series(r, "国内", bar, Colour::NAVY, |f| f64::from(f.filings_jp)),
                series(r, "PCT", bar, Colour::TEAL, |f| f64::from(f.filings_pct)),
                series(r, "外国", bar, Colour::OCHRE, |f| {
                    f64::from(f.filings_foreign)
                }),
            ],
            target(r, Kpi::Filings),
            true,
        ),
        chart(
            "特許取得件数",
            "件",
            vec![series(r, "取得", bar, Colour::NAVY, |f| {
                f64::from(f.grants)
            })],
            target(r, Kpi::Grants),
            false,
        ),
        chart(
            "実施許諾中の特許とライセンス契約",
            "件",
            vec![
                series(r, "実施許諾中", bar, Colour::TEAL, |f| {
                    f64::from(f.patents_under_licence)
                }),
                series(r, "新規契約", SeriesKind::Line, Colour::NAVY, |f| {
                    f64::from(f.licences)
                }),
            ],
            target(r, Kpi::PatentsUnderLicence),
            false,
        ),
        chart(
            "知財収入と経費",
            "百万円",
            vec![
                Series {
                    values: r
                        .chart_years()
                        .iter()
                        .map(|fy| r.year(*fy).map(|f| million(f.income_yen)))
                        .collect(),
                    ..series(r, "収入", bar, Colour::GREEN, |_| 0.0)
                },
                Series {
                    values: r
                        .chart_years()
                        .iter()
                        .map(|fy| r.year(*fy).map(|f| million(f.cost_yen)))
                        .collect(),
                    ..series(r, "経費", bar, Colour::RED, |_| 0.0)
                },
            ],
            target(r, Kpi::Income)
                .map(|t| t.into_iter().map(|v| v.map(|y| y / 1_000_000.0)).collect()),
            false,
        ),
        chart(
            "共同研究件数",
            "件",
            vec![series(r, "共同研究", bar, Colour::NAVY, |f| {
                f64::from(f.joint_research)
            })],
            target(r, Kpi::JointResearch),
            false,
        ),
        chart(
            "大学発ベンチャー支援件数",
            "件",
            vec![series(r, "支援", bar, Colour::TEAL, |f| {
                f64::from(f.startups)
            })],
            target(r, Kpi::Startups),
            false,
        ),
        chart(
            "技術相談件数",
            "件",
            vec![series(r, "相談", bar, Colour::OCHRE, |f| {
                f64::from(f.consultations)
            })],
            target(r, Kpi::Consultations),
            false,
        ),
    ]
}

pub(super) fn draw(doc: &mut Document, r: &BoardReport) -> Result<(), ReportError> {
    doc.new_page();
    doc.heading("10年間の推移（年度）", 0.0)?;
    let charts = charts(r);
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
