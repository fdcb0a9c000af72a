//! Report engine benchmark: the sample board report and a synthetic 1,000-page register.
//!
//! Run by `bench/report.sh`, which also times Chromium's `--print-to-pdf` on an HTML page with
//! the same board-report content (written here as `board.html`) for comparison.
//!
//! Usage: `report [OUT_DIR] [REGISTER_ROWS]`. Prints one `key=value` line per figure.

use std::time::Instant;

use chizai_core::report::board::BoardReport;
use chizai_core::report::format::{date_with_era, fiscal_year, thousands, yen};
use chizai_core::report::{board_report, register_report, sample};
use chrono::NaiveDate;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    let out = std::path::PathBuf::from(args.next().unwrap_or_else(|| "/tmp/chizai-bench".into()));
    let rows: usize = args
        .next()
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(24_000);
    std::fs::create_dir_all(&out)?;
    let as_of = NaiveDate::from_ymd_opt(2026, 3, 31).ok_or("date")?;
    let created = as_of.and_hms_opt(9, 0, 0).ok_or("time")?;

    let report = sample::board(2025, as_of, created);
    let t = Instant::now();
    let first = board_report(&report)?.bytes;
    let cold = t.elapsed();
    let runs = 5;
    let t = Instant::now();
    for _ in 0..runs {
        board_report(&report)?;
    }
    let warm = t.elapsed() / runs;
    std::fs::write(out.join("board.pdf"), &first)?;
    std::fs::write(out.join("board.html"), board_html(&report))?;
    println!("board_first_ms={:.1}", cold.as_secs_f64() * 1e3);
    println!("board_warm_ms={:.1}", warm.as_secs_f64() * 1e3);
    println!("board_bytes={}", first.len());

    let register = sample::register(rows, as_of, created);
    let t = Instant::now();
    let pdf = register_report(&register)?;
    let pages = pdf.pages;
    let pdf = pdf.bytes;
    let took = t.elapsed();
    std::fs::write(out.join("register.pdf"), &pdf)?;
    println!("register_rows={rows}");
    println!("register_pages={pages}");
    println!("register_ms={:.0}", took.as_secs_f64() * 1e3);
    println!("register_bytes={}", pdf.len());
    Ok(())
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The board report's content as one HTML page (tables and SVG bar charts), for Chromium.
fn board_html(r: &BoardReport) -> String {
    use chizai_core::report::board::Kpi;
    let mut h = String::new();
    h.push_str("<!doctype html><html lang=ja><meta charset=utf-8><style>");
    h.push_str("@page{size:A4;margin:15mm}body{font-family:'BIZ UDGothic';font-size:9pt}");
    h.push_str(
        "table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ccc;padding:2pt}",
    );
    h.push_str("td.n{text-align:right}thead{display:table-header-group}.c{display:inline-block;width:48%}</style>");
    h.push_str(&format!(
        "<header>{} — {} — 基準日 {} — 関係者外秘</header><h1>{}</h1>",
        esc(&r.institution),
        esc(&r.title()),
        date_with_era(r.as_of),
        esc(&r.title())
    ));
    h.push_str("<h2>主要指標（KPI）</h2><table><thead><tr><th>指標<th>前年度<th>当年度</thead>");
    for kpi in Kpi::ALL {
        let v = |fy| r.year(fy).map_or(0.0, |f| kpi.value(f)).round() as i64;
        h.push_str(&format!(
            "<tr><td>{}<td class=n>{}<td class=n>{}",
            kpi.label(),
            thousands(v(r.fiscal_year - 1)),
            thousands(v(r.fiscal_year))
        ));
    }
    h.push_str("</table><h2>10年間の推移</h2>");
    for kpi in Kpi::ALL {
        let vals: Vec<f64> = r
            .chart_years()
            .iter()
            .map(|fy| r.year(*fy).map_or(0.0, |f| kpi.value(f)))
            .collect();
        let max = vals.iter().cloned().fold(1.0, f64::max);
        h.push_str(&format!(
            "<div class=c><b>{}</b><svg width=250 height=120>",
            kpi.label()
        ));
        for (i, v) in vals.iter().enumerate() {
            let bh = v / max * 100.0;
            h.push_str(&format!(
                "<rect x={} y={:.1} width=16 height={:.1} fill=#1c3a6b /><text x={} y=118 font-size=7>{}</text>",
                20 + i * 23,
                105.0 - bh,
                bh,
                20 + i * 23,
                fiscal_year(r.chart_years()[i])
            ));
        }
        h.push_str("</svg></div>");
    }
    h.push_str("<h2>判断事項：年金納付期限</h2><table><thead><tr><th>番号<th>発明の名称<th>期限<th>年金額</thead>");
    for a in r.annuities.iter().flatten() {
        h.push_str(&format!(
            "<tr><td>{}<td>{}<td>{}<td class=n>{}",
            esc(&a.reference),
            esc(&a.title),
            a.due,
            yen(a.fee_yen)
        ));
    }
    h.push_str("</table><h2>規程・ポリシーの状況</h2><table>");
    for p in r.policies.iter().flatten() {
        h.push_str(&format!(
            "<tr><td>{}<td>{}<td>{}",
            esc(&p.title),
            esc(&p.version),
            esc(&p.status)
        ));
    }
    h.push_str("</table></html>");
    h
}
