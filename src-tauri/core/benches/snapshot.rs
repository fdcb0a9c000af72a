//! Snapshot speed at 100,000 applications (CHIZAI_BENCH_SCALE=N to change): `create` ≤ 2 s,
//! verify-and-open ≤ 1 s, the file ≤ 1.2 × the database. Run by `bench/snapshot.sh` (release).
#![allow(clippy::unwrap_used, clippy::expect_used)] // a bench: a failure is a panic with its cause

use std::time::{Duration, Instant};

use chizai_core::demo::{self, DemoOptions};
use chizai_core::snapshot::{self, key, CreateOptions, TrustedKey};
use chizai_core::store::Store;
use chrono::{NaiveDate, TimeZone, Utc};

fn main() {
    let scale: u32 = std::env::var("CHIZAI_BENCH_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let now = Utc.with_ymd_and_hms(2026, 11, 28, 9, 0, 0).unwrap();
    let dir = match std::env::var_os("CHIZAI_BENCH_DIR") {
        Some(d) => tempfile::tempdir_in(d).unwrap(),
        None => tempfile::tempdir().unwrap(),
    };
    let db = dir.path().join("chizai.sqlite");
    let mut store = Store::open(&db, now).unwrap();
    let t = Instant::now();
    let opts = DemoOptions {
        scale,
        seed: 2004,
        today: NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(),
    };
    let summary = demo::generate(&mut store, opts, now).unwrap();
    store
        .conn()
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    let db_size = std::fs::metadata(&db).unwrap().len();
    let audit_rows: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
        .unwrap();
    println!(
        "demo: {} applications, {} events, {} costs, {audit_rows} audit rows, database {:.1} MB (generated in {:.1} s)",
        summary.applications,
        summary.events,
        summary.costs,
        db_size as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );
    let keys = key::key_dir(&db);
    key::create_key_pair(&keys).unwrap();
    let trusted = TrustedKey::from_key(&key::load_verifying(&keys).unwrap());

    let runs = 3;
    let mut creates = Vec::new();
    let mut verifies = Vec::new();
    let mut file_size = 0;
    for i in 0..runs {
        let out = dir.path().join(format!("s{i}.chz"));
        let opts = CreateOptions {
            as_of: NaiveDate::from_ymd_opt(2026, 3, 31).unwrap(),
            note: None,
            now,
            passphrase: None,
        };
        let t = Instant::now();
        let created = snapshot::create(&store, &keys, &out, &opts).unwrap();
        creates.push(t.elapsed());
        file_size = created.file_size;
        let t = Instant::now();
        let opened = snapshot::open(&out, Some(&trusted)).unwrap();
        drop(opened);
        verifies.push(t.elapsed());
        std::fs::remove_file(&out).unwrap();
    }
    let median = |v: &mut Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    let (c, v) = (median(&mut creates), median(&mut verifies));
    let ratio = file_size as f64 / db_size as f64;
    let verdict = |ok: bool| if ok { "ok" } else { "OVER BUDGET" };
    println!(
        "create: {:.0} ms median of {runs} (budget 2000 ms) {}",
        c.as_secs_f64() * 1e3,
        verdict(c <= Duration::from_secs(2))
    );
    println!(
        "verify + open read-only: {:.0} ms median of {runs} (budget 1000 ms) {}",
        v.as_secs_f64() * 1e3,
        verdict(v <= Duration::from_secs(1))
    );
    println!(
        "file: {:.1} MB = {ratio:.3} × the database (budget 1.2) {}",
        file_size as f64 / 1e6,
        verdict(ratio <= 1.2)
    );
}
