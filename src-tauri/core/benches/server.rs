//! The office server's speed (issue 12) at 100,000 applications over a local socket: each query
//! on PostgreSQL side by side with the same query on the SQLite file of the same seed, with the
//! goal: a page of the register and full-text search within 2× of SQLite, one application's
//! docket recomputed within 50 ms. Run by `bench/server.sh` (which starts a throwaway cluster);
//! the two databases are kept in CHIZAI_BENCH_DIR and the server for the next run.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use chizai_core::demo::{self, DemoOptions};
use chizai_core::domain::{ApplicationId, Office, Status};
use chizai_core::portfolio::{list_applications, ApplicationQuery, SortKey};
use chizai_core::search;
use chizai_core::store::{Actor, Store};
use chrono::{NaiveDate, Utc};

fn median_ms(runs: usize, mut f: impl FnMut()) -> f64 {
    f(); // warm caches and prepared statements
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2].as_secs_f64() * 1000.0
}

fn demo_into(store: &mut Store, scale: u32, today: NaiveDate) {
    let has: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM application", [], |r| r.get(0))
        .unwrap();
    if has > 0 {
        return;
    }
    let t = Instant::now();
    demo::generate(
        store,
        DemoOptions {
            scale,
            seed: 2004,
            today,
        },
        Utc::now(),
    )
    .unwrap();
    eprintln!("demo of {scale} made in {:.1} s", t.elapsed().as_secs_f64());
}

fn main() {
    let Ok(admin) = std::env::var("CHIZAI_BENCH_PG") else {
        eprintln!("CHIZAI_BENCH_PG (a superuser URL) is needed: run bench/server.sh");
        return;
    };
    let scale: u32 = std::env::var("CHIZAI_BENCH_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let dir = std::env::var("CHIZAI_BENCH_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| std::env::temp_dir().join(format!("chizai-bench-server-{scale}")));
    std::fs::create_dir_all(&dir).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();

    let db = format!("chizai_bench_{scale}");
    let mut client = postgres::Client::connect(&admin, postgres::NoTls).unwrap();
    let exists = client
        .query_one(
            "SELECT count(*) FROM pg_database WHERE datname = $1",
            &[&db],
        )
        .unwrap()
        .get::<_, i64>(0)
        > 0;
    if !exists {
        client
            .batch_execute(&format!("CREATE DATABASE {db}"))
            .unwrap();
    }
    let (head, query) = admin.split_once('?').unwrap_or((&admin, ""));
    let url = format!("{}/{db}?{query}", head.rsplit_once('/').unwrap().0);

    let mut file = Store::open(&dir.join("bench.sqlite"), Utc::now()).unwrap();
    demo_into(&mut file, scale, today);
    let mut server = Store::open_server(&url, Utc::now()).unwrap();
    demo_into(&mut server, scale, today);

    println!(
        "{:<52} {:>12} {:>12} {:>8}  goal",
        "", "SQLite", "PostgreSQL", "ratio"
    );
    let row = |name: &str, sqlite: f64, pg: f64, ok: bool, goal: &str| {
        println!(
            "{name:<52} {sqlite:>9.2} ms {pg:>9.2} ms {:>7.2}×  {goal} {}",
            pg / sqlite,
            if ok { "ok" } else { "OVER" }
        );
    };
    let page = ApplicationQuery {
        office: Some(Office::Jp),
        status: Some(Status::Granted),
        sort: SortKey::FiledOn,
        descending: true,
        limit: 50,
        offset: 200,
        ..Default::default()
    };
    let deep = ApplicationQuery {
        limit: 50,
        offset: scale / 2,
        ..Default::default()
    };
    let text = ApplicationQuery {
        text: Some("半導体".into()),
        office: Some(Office::Jp),
        sort: SortKey::FiledOn,
        limit: 50,
        ..Default::default()
    };
    // The window's first page counts no further than 10,000 ("10,000+", issue 15).
    let capped = ApplicationQuery {
        count_cap: Some(10_000),
        ..page.clone()
    };
    let text_capped = ApplicationQuery {
        count_cap: Some(10_000),
        ..text.clone()
    };
    // A two-character name has no trigram: every index entry is read, on both engines.
    let name = ApplicationQuery {
        text: Some("佐藤".into()),
        count_cap: Some(10_000),
        limit: 100,
        ..Default::default()
    };
    // The window counts a list once and fetches the pages it scrolls to without the count: each
    // run here is the next page down, as scrolling asks for them.
    let scrolled = ApplicationQuery {
        skip_count: true,
        ..page.clone()
    };
    for (name, q, step) in [
        (
            "page of 50: JP, granted, by filing date (exact count)",
            &page,
            0,
        ),
        (
            "  the same, count capped at 10,000 (the window)",
            &capped,
            0,
        ),
        (
            "  the next pages as the window scrolls (no count)",
            &scrolled,
            50,
        ),
        ("page of 50: all, by reference, deep page", &deep, 0),
        ("page of 50: text 半導体 + JP, by filing date", &text, 0),
        (
            "  the same, count capped at 10,000 (the window)",
            &text_capped,
            0,
        ),
        ("the window's first 100: text 佐藤, capped count", &name, 0),
    ] {
        let at = |i: &mut u32| {
            let next = ApplicationQuery {
                offset: q.offset + step * (*i % 40),
                ..q.clone()
            };
            *i += 1;
            next
        };
        let (mut i, mut j) = (0, 0);
        let s = median_ms(30, || {
            list_applications(file.conn(), &at(&mut i)).unwrap();
        });
        let p = median_ms(30, || {
            list_applications(server.conn(), &at(&mut j)).unwrap();
        });
        row(name, s, p, p <= 2.0 * s.max(1.0), "≤ 2× SQLite");
    }
    for q in ["薄膜トランジスタ", "佐藤"] {
        let s = median_ms(30, || {
            search::search(file.conn(), q, 50).unwrap();
        });
        let p = median_ms(30, || {
            search::search(server.conn(), q, 50).unwrap();
        });
        row(
            &format!("search {q} (limit 50)"),
            s,
            p,
            p <= 2.0 * s.max(1.0),
            "≤ 2× SQLite",
        );
    }
    let app = ApplicationId(scale as i64 / 2);
    let recompute = |store: &mut Store| {
        median_ms(15, || {
            store
                .write(&Actor("bench".into()), Utc::now(), "recompute", |w| {
                    chizai_core::deadlines::recompute(w, Some(app), today)
                })
                .unwrap();
        })
    };
    let s = recompute(&mut file);
    let p = recompute(&mut server);
    row(
        "docket of one application, recomputed",
        s,
        p,
        p <= 50.0,
        "≤ 50 ms",
    );
}
