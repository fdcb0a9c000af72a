//! Portfolio speed at 100,000 applications (issue 2): `demo --scale 100000` ≤ 30 s, a page of 50
//! sorted and filtered ≤ 20 ms, full-text search ≤ 20 ms. Run by `bench/run.sh`; prints the median
//! and the worst of repeated runs so one slow run does not hide behind an average.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use chizai_core::demo::{self, DemoOptions};
use chizai_core::domain::{Office, Status};
use chizai_core::portfolio::{list_applications, ApplicationQuery, SortKey};
use chizai_core::search;
use chizai_core::store::Store;
use chrono::{NaiveDate, Utc};

fn measure(name: &str, budget_ms: f64, runs: usize, mut f: impl FnMut()) {
    f(); // warm the page cache and the statement cache
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    let median = times[runs / 2].as_secs_f64() * 1000.0;
    let worst = times[runs - 1].as_secs_f64() * 1000.0;
    let verdict = if median <= budget_ms {
        "ok"
    } else {
        "OVER BUDGET"
    };
    println!("{name:<48} median {median:>9.2} ms  worst {worst:>9.2} ms  budget {budget_ms} ms  {verdict}");
}

fn main() {
    let scale: u32 = std::env::var("CHIZAI_BENCH_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.sqlite");
    let mut store = Store::open(&path, Utc::now()).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    let t = Instant::now();
    let summary = demo::generate(
        &mut store,
        DemoOptions {
            scale,
            seed: 2004,
            today,
        },
        Utc::now(),
    )
    .unwrap();
    let secs = t.elapsed().as_secs_f64();
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0)
        + std::fs::metadata(path.with_extension("sqlite-wal"))
            .map(|m| m.len())
            .unwrap_or(0);
    println!(
        "demo --scale {scale:<34} {secs:>9.2} s   budget 30 s  {}   ({} applications, {} events, {} costs, {:.0} MB)",
        if secs <= 30.0 { "ok" } else { "OVER BUDGET" },
        summary.applications,
        summary.events,
        summary.costs,
        size as f64 / 1e6
    );
    let conn = store.conn();
    measure(
        "page of 50: JP, granted, sorted by filing date",
        20.0,
        30,
        || {
            let q = ApplicationQuery {
                office: Some(Office::Jp),
                status: Some(Status::Granted),
                sort: SortKey::FiledOn,
                descending: true,
                limit: 50,
                offset: 200,
                ..Default::default()
            };
            assert_eq!(list_applications(conn, &q).unwrap().rows.len(), 50);
        },
    );
    measure(
        "page of 50: all, sorted by reference, deep page",
        20.0,
        30,
        || {
            let q = ApplicationQuery {
                limit: 50,
                offset: 50_000.min(scale / 2),
                ..Default::default()
            };
            assert_eq!(list_applications(conn, &q).unwrap().rows.len(), 50);
        },
    );
    measure(
        "page of 50: text 半導体 + office JP, by filing date",
        20.0,
        30,
        || {
            let q = ApplicationQuery {
                text: Some("半導体".into()),
                office: Some(Office::Jp),
                sort: SortKey::FiledOn,
                limit: 50,
                ..Default::default()
            };
            list_applications(conn, &q).unwrap();
        },
    );
    measure(
        "FTS search 薄膜トランジスタ (limit 50)",
        20.0,
        30,
        || {
            assert!(!search::search(conn, "薄膜トランジスタ", 50)
                .unwrap()
                .is_empty());
        },
    );
    measure(
        "FTS search by inventor name 佐藤 (2 chars, LIKE)",
        20.0,
        30,
        || {
            search::search(conn, "佐藤", 50).unwrap();
        },
    );
}
