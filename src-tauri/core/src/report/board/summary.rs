//! Page 1 of the board report: the year's KPIs against the previous year and the target
//! trajectory, progress to the founding targets, and the count of pending decisions.

use chrono::NaiveDate;

use super::{figure_of, BoardReport, KpiTarget, KPIS};
use crate::kpi::KpiMetric;
use crate::report::canvas::{Align, Colour, Stroke, TextStyle};
use crate::report::doc::Document;
use crate::report::format::{date_ja, fiscal_year, thousands, yen};
use crate::report::register::draw_summary;
use crate::report::table::{Column, Row, Table};
use crate::report::ReportError;

fn figure(kpi: KpiMetric, v: f64) -> String {
    match kpi {
        KpiMetric::LicenceIncomeYen => yen(v.round() as i64),
        _ => thousands(v.round() as i64),
    }
}

fn change(kpi: KpiMetric, now: f64, before: Option<f64>) -> String {
    match before {
        Some(b) => {
            let d = (now - b).round() as i64;
            let s = match kpi {
                KpiMetric::LicenceIncomeYen => yen(d),
                _ => thousands(d),
            };
            if d > 0 {
                format!("+{s}")
            } else {
                s
            }
        }
        None => "—".to_string(),
    }
}

pub(super) fn draw(doc: &mut Document, r: &BoardReport) -> Result<(), ReportError> {
    doc.new_page();
    let body = TextStyle::regular(9.5);
    if let Some(vp) = &r.vice_president {
        doc.paragraph(&format!("担当副学長 {vp} 殿"), TextStyle::bold(10.5))?;
        doc.y += 2.0;
    }
    let start = NaiveDate::from_ymd_opt(r.fiscal_year, 4, 1);
    let end = NaiveDate::from_ymd_opt(r.fiscal_year + 1, 3, 31);
    let period = match (start, end) {
        (Some(s), Some(e)) => format!("（{}〜{}）", date_ja(s), date_ja(e)),
        _ => String::new(),
    };
    doc.paragraph(
        &format!(
            "{}{period}の知的財産本部の活動状況を、主要指標（KPI）と目標の進捗、\
             次の四半期に判断が必要な事項に分けて報告します。数値は基準日現在のものです。",
            fiscal_year(r.fiscal_year)
        ),
        body,
    )?;

    doc.heading("主要指標（KPI）", 120.0)?;
    kpi_table(doc, r)?;

    if !r.targets.is_empty() {
        doc.heading("目標の進捗", 60.0)?;
        for t in &r.targets {
            progress(doc, r, t)?;
        }
    }

    doc.heading("次の四半期に判断が必要な事項", 50.0)?;
    let count = |n: Option<usize>| n.map_or("未登録".to_string(), |n| format!("{n}件"));
    let overdue = r.policies.as_ref().map(|ps| {
        ps.iter()
            .filter(|p| p.next_review.is_some_and(|d| d < r.as_of))
            .count()
    });
    let fees = r
        .annuities
        .as_ref()
        .map(|a| a.iter().filter_map(|a| a.fee_yen).sum::<i64>());
    draw_summary(
        doc,
        &[
            (
                "年金納付（実施許諾なし）".into(),
                count(r.annuities.as_ref().map(Vec::len)),
            ),
            (
                "同 年金額合計".into(),
                fees.map_or("未登録".to_string(), yen),
            ),
            (
                "国内移行期限".into(),
                count(r.national_phase.as_ref().map(Vec::len)),
            ),
            (
                "満了する契約".into(),
                count(r.expiring_agreements.as_ref().map(Vec::len)),
            ),
            ("見直し期限超過の規程".into(), count(overdue)),
        ],
    )?;
    doc.paragraph(
        "詳細は「判断事項」の頁に一覧で示します。",
        TextStyle::regular(8.0).colour(Colour::GREY),
    )?;
    Ok(())
}

fn kpi_table(doc: &mut Document, r: &BoardReport) -> Result<(), ReportError> {
    let fy = r.fiscal_year;
    let now = r.year(fy);
    let before = r.year(fy - 1);
    let mut rows = Vec::new();
    for row in &KPIS {
        let kpi = row.metric;
        let Some(now) = now.map(row.value) else {
            continue;
        };
        let prev = before.map(row.value);
        let goal = r.target(kpi).and_then(|t| t.trajectory(fy));
        let (goal_s, rate_s, behind) = match goal {
            Some(g) if g > 0.0 => {
                let rate = now / g * 100.0;
                (figure(kpi, g), format!("{rate:.0}%"), rate < 100.0)
            }
            _ => ("—".to_string(), "—".to_string(), false),
        };
        let cells = vec![
            row.label.to_string(),
            prev.map_or("—".to_string(), |p| figure(kpi, p)),
            figure(kpi, now),
            change(kpi, now, prev),
            goal_s,
            rate_s,
        ];
        rows.push(if behind {
            Row::alert(cells)
        } else {
            Row::cells(cells)
        });
    }
    Table {
        columns: vec![
            Column::new("指標", 3.2, Align::Left),
            Column::new(&fiscal_year(fy - 1), 1.5, Align::Right),
            Column::new(&fiscal_year(fy), 1.5, Align::Right),
            Column::new("前年度比", 1.4, Align::Right),
            Column::new("目標（軌道）", 1.5, Align::Right),
            Column::new("達成率", 1.0, Align::Right),
        ],
        rows,
        size: 8.5,
    }
    .draw(doc)?;
    doc.y += 3.0;
    doc.paragraph(
        "赤字は目標の軌道を下回る指標。目標の軌道は基準年度の実績から目標年度の倍数まで毎年同じ伸び率で結んだ値。",
        TextStyle::regular(7.5).colour(Colour::GREY),
    )
}

fn progress(doc: &mut Document, r: &BoardReport, t: &KpiTarget) -> Result<(), ReportError> {
    let h = 46.0;
    doc.ensure(h);
    let fy = r.fiscal_year;
    if t.base_value <= 0.0 {
        let (left, y) = (doc.left(), doc.y);
        let page = doc.page();
        page.text(
            left,
            y + 10.0,
            Align::Left,
            &t.statement,
            TextStyle::bold(9.5),
        )?;
        let note = format!(
            "基準年度（{}）の実績が0件のため、倍率の目標と軌道は計算できません。",
            fiscal_year(t.base_fiscal_year)
        );
        page.text(
            left,
            y + 22.0,
            Align::Left,
            &note,
            TextStyle::regular(8.0).colour(Colour::GREY),
        )?;
        doc.y += 30.0;
        return Ok(());
    }
    let now = r.year(fy).map(|f| figure_of(t.kpi, f)).unwrap_or(0.0);
    let reached = if t.base_value > 0.0 {
        now / t.base_value
    } else {
        0.0
    };
    let due = t
        .trajectory(fy)
        .map_or(1.0, |g| g / t.base_value.max(f64::EPSILON));
    let (left, right, y) = (doc.left(), doc.right(), doc.y);
    let page = doc.page();
    page.text(
        left,
        y + 10.0,
        Align::Left,
        &t.statement,
        TextStyle::bold(9.5),
    )?;
    // Past its target year a target has no trajectory left: it was achieved or it was not, against
    // the final multiple (before, it read "軌道上の目標 ×1.0").
    let facts = if fy > t.target_fiscal_year {
        format!(
            "基準 {}（{}） → {} {}　×{:.1}（{}までの目標 ×{}：{}）",
            figure(t.kpi, t.base_value),
            fiscal_year(t.base_fiscal_year),
            fiscal_year(fy),
            figure(t.kpi, now),
            reached,
            fiscal_year(t.target_fiscal_year),
            t.multiple,
            if reached >= t.multiple {
                "達成"
            } else {
                "未達"
            }
        )
    } else {
        format!(
            "基準 {}（{}） → {} {}　現在 ×{:.1}（軌道上の目標 ×{:.1}、{}に ×{}）",
            figure(t.kpi, t.base_value),
            fiscal_year(t.base_fiscal_year),
            fiscal_year(fy),
            figure(t.kpi, now),
            reached,
            due,
            fiscal_year(t.target_fiscal_year),
            t.multiple
        )
    };
    let due = if fy > t.target_fiscal_year {
        t.multiple
    } else {
        due
    };
    page.text(left, y + 22.0, Align::Left, &facts, TextStyle::regular(8.0))?;
    let (bx, bw, by, bh) = (left, right - left, y + 28.0, 9.0);
    page.rect(bx, by, bw, bh, Some(Colour::BAND), None);
    let frac = |m: f64| ((m / t.multiple).clamp(0.0, 1.0)) as f32;
    let colour = if reached >= due {
        Colour::GREEN
    } else {
        Colour::OCHRE
    };
    page.rect(bx, by, bw * frac(reached), bh, Some(colour), None);
    let mx = bx + bw * frac(due);
    page.line(
        mx,
        by - 2.0,
        mx,
        by + bh + 2.0,
        Stroke::solid(Colour::RED, 1.2),
    );
    if frac(due) < 0.9 {
        page.text(
            bx + bw,
            by + bh + 8.0,
            Align::Right,
            &format!("×{}", t.multiple),
            TextStyle::regular(6.5).colour(Colour::GREY),
        )?;
    }
    // At the bar's end the label sits left of the mark, inside the page's margin.
    let mark_align = if frac(due) > 0.95 {
        Align::Right
    } else {
        Align::Center
    };
    page.text(
        mx,
        by + bh + 8.0,
        mark_align,
        if fy > t.target_fiscal_year {
            "目標"
        } else {
            "軌道"
        },
        TextStyle::regular(6.5).colour(Colour::RED),
    )?;
    doc.y += h + 4.0;
    Ok(())
}
