//! Report benchmark (issue 5): the board report (budget 0.3 s) and a 1,000-page portfolio register
//! (budget 5 s and 5 MB), both from the sample inputs (engine only) and from demo databases
//! (the demo institution for the board report; `demo --scale 100000` for the register), as
//! `chizai report …` does them minus process start.
//!
//! Run by `bench/report.sh`, which also times Chromium's `--print-to-pdf` on an HTML page with
//! the same board-report content (written here as `board.html`) for comparison.
//!
//! Usage: `report [OUT_DIR] [REGISTER_ROWS]`; `CHIZAI_BENCH_SCALE` sets the big demo's size
//! (default 100000, 0 skips it). Prints one `key=value` line per figure.

use std::time::Instant;

use chizai_core::demo::{self, DemoOptions};
use chizai_core::report::board::BoardReport;
use chizai_core::report::format::{date_with_era, fiscal_year, thousands, yen};
use chizai_core::report::{board_report, register_report};
use chizai_core::report::{from_store, portfolio_register, RegisterHead};
use chizai_core::store::Store;
use chrono::NaiveDate;

#[path = "../src/report/sample.rs"]
mod sample;

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
    let (t, c) = (Instant::now(), cpu_ms());
    for _ in 0..runs {
        board_report(&report)?;
    }
    let warm = t.elapsed() / runs;
    println!("board_warm_cpu_ms={:.1}", (cpu_ms() - c) / f64::from(runs));
    std::fs::write(out.join("board.pdf"), &first)?;
    std::fs::write(out.join("board.html"), board_html(&report))?;
    println!("board_first_ms={:.1}", cold.as_secs_f64() * 1e3);
    println!("board_warm_ms={:.1}", warm.as_secs_f64() * 1e3);
    println!("board_bytes={}", first.len());

    let register = sample::register(rows, as_of, created);
    let (t, c) = (Instant::now(), cpu_ms());
    let pdf = register_report(&register)?;
    let pages = pdf.pages;
    let pdf = pdf.bytes;
    let took = t.elapsed();
    println!("register_cpu_ms={:.0}", cpu_ms() - c);
    std::fs::write(out.join("register.pdf"), &pdf)?;
    println!("register_rows={rows}");
    println!("register_pages={pages}");
    println!("register_ms={:.0}", took.as_secs_f64() * 1e3);
    println!("register_bytes={}", pdf.len());

    let now = chrono::Utc::now();
    let today = NaiveDate::from_ymd_opt(2026, 6, 30).ok_or("date")?;
    let tmp = tempfile::tempdir()?;
    let mut store = Store::open(&tmp.path().join("demo.db"), now)?;
    demo::generate(
        &mut store,
        DemoOptions {
            scale: demo::DEFAULT_SCALE,
            seed: 2004,
            today,
        },
        now,
    )?;
    let t = Instant::now();
    let conn = store.conn();
    let input =
        chizai_core::report::produce::board_input(conn, 2025, as_of, today, created, &mut || {
            Ok(())
        })?;
    let pdf = board_report(&input)?;
    println!("board_demo_ms={:.1}", t.elapsed().as_secs_f64() * 1e3);
    println!("board_demo_pages={}", pdf.pages);
    std::fs::write(out.join("board-demo.pdf"), &pdf.bytes)?;

    let scale: u32 = std::env::var("CHIZAI_BENCH_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    if scale > 0 {
        let mut big = Store::open(&tmp.path().join("big.db"), now)?;
        let t = Instant::now();
        // The date the portfolio benchmark uses at this scale (the demo generator is date-sensitive).
        let big_today = NaiveDate::from_ymd_opt(2026, 11, 28).ok_or("date")?;
        demo::generate(
            &mut big,
            DemoOptions {
                scale,
                seed: 2004,
                today: big_today,
            },
            now,
        )?;
        println!(
            "demo_scale={scale} demo_generate_s={:.1}",
            t.elapsed().as_secs_f64()
        );
        let (t, c) = (Instant::now(), cpu_ms());
        let lines = from_store::portfolio_lines(big.conn())?;
        let read = t.elapsed();
        let head = RegisterHead {
            institution: from_store::institution_name(big.conn())?,
            as_of,
            created,
        };
        let pdf = register_report(&portfolio_register(&head, &lines))?;
        let total = t.elapsed();
        std::fs::write(out.join("portfolio-demo.pdf"), &pdf.bytes)?;
        println!("portfolio_demo_read_ms={:.0}", read.as_secs_f64() * 1e3);
        println!("portfolio_demo_ms={:.0}", total.as_secs_f64() * 1e3);
        println!("portfolio_demo_cpu_ms={:.0}", cpu_ms() - c);
        println!("portfolio_demo_pages={}", pdf.pages);
        println!("portfolio_demo_bytes={}", pdf.bytes.len());
    }
    Ok(())
}

/// CPU time of this process (user + system) in milliseconds, from /proc/self/stat (Linux; 0
/// elsewhere). The machine the figures are taken on is shared, so wall time alone overstates.
fn cpu_ms() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<f64> = after
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0.0))
        .collect();
    // Fields 14 and 15 of the file (utime, stime) are the 12th and 13th after the command name.
    match (f.get(11), f.get(12)) {
        (Some(u), Some(s)) => (u + s) * 10.0,
        _ => 0.0,
    }
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The board report's content as one HTML page (tables and SVG bar charts), for Chromium.
fn board_html(r: &BoardReport) -> String {
    use chizai_core::report::board::KPIS;
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
    for kpi in &KPIS {
        let v = |fy| r.year(fy).map_or(0.0, kpi.value).round() as i64;
        h.push_str(&format!(
            "<tr><td>{}<td class=n>{}<td class=n>{}",
            kpi.label,
            thousands(v(r.fiscal_year - 1)),
            thousands(v(r.fiscal_year))
        ));
    }
    h.push_str("</table><h2>10年間の推移</h2>");
    for kpi in &KPIS {
        let vals: Vec<f64> = r
            .chart_years()
            .iter()
            .map(|fy| r.year(*fy).map_or(0.0, kpi.value))
            .collect();
        let max = vals.iter().cloned().fold(1.0, f64::max);
        h.push_str(&format!(
            "<div class=c><b>{}</b><svg width=250 height=120>",
            kpi.label
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
            a.fee_yen.map_or("—".to_string(), yen)
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
