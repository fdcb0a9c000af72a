//! Docket speed (issue 3), run by `bench/run.sh docket` or `bench/docket.sh`:
//! - `compute` for one application: first call in a fresh process (rule table and holiday
//!   tables built) and steady state; `chizai calc` must answer ≤ 10 ms.
//! - the docket of a synthetic portfolio of `CHIZAI_BENCH_SCALE` applications (default 100,000;
//!   the demo generator is not used because its numbers collide at that scale):
//!   first generation, then a recompute with nothing changed (budget ≤ 2 s), then one after a
//!   corrected date on one application.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use chizai_core::deadlines;
use chizai_core::docket::{compute, compute_bare, Facts, RightType};
use chizai_core::store::{Actor, Store};
use chrono::{NaiveDate, Utc};

fn facts() -> Facts {
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    Facts::new("JP", RightType::Patent)
        .with("filed", d("2019-12-27"))
        .unwrap()
        .with("disclosed", d("2019-06-01"))
        .unwrap()
        .with("oa_dispatched", d("2022-11-01"))
        .unwrap()
        .with("refusal_served", d("2023-05-01"))
        .unwrap()
        .with("grant_decision_served", d("2023-12-01"))
        .unwrap()
        .with("registered", d("2024-01-05"))
        .unwrap()
}

fn engine() {
    let f = facts();
    let cold = Instant::now();
    let first = compute(&f).unwrap();
    let cold = cold.elapsed();
    let n = 20_000u32;
    let warm = Instant::now();
    for _ in 0..n {
        assert_eq!(compute(&f).unwrap().len(), first.len());
    }
    let warm = warm.elapsed();
    let bare = Instant::now();
    for _ in 0..n {
        assert_eq!(compute_bare(&f).unwrap().len(), first.len());
    }
    let bare = bare.elapsed();
    println!(
        "docket compute, first call (tables built)       {:>9.3} ms  budget 10 ms (calc)",
        cold.as_secs_f64() * 1e3
    );
    println!(
        "docket compute, steady state ({} deadlines)     {:>9.1} µs",
        first.len(),
        warm.as_secs_f64() * 1e6 / f64::from(n)
    );
    println!(
        "docket compute_bare (no explanation text)       {:>9.1} µs",
        bare.as_secs_f64() * 1e6 / f64::from(n)
    );
}

/// A synthetic portfolio of `n` applications written straight into the tables (setup only,
/// no audit): JP patents at every stage, PCT, US, EP and JP trademarks, with office actions.
fn synthetic(store: &mut Store, n: u32) {
    use rand::{Rng, SeedableRng};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(2004);
    let base = NaiveDate::from_ymd_opt(2006, 1, 4).unwrap();
    store
        .write(&Actor("bench".into()), Utc::now(), "bench setup", |w| {
            let tx = w.tx();
            tx.execute("INSERT INTO family (id, reference, title) VALUES (1, 'F', 'bench')", [])?;
            let mut app = tx.prepare(
                "INSERT INTO application (id, family_id, reference, office, right_type, title,
                 filed_on, registered_on, exam_requested_on, status, annuities_paid_to)
                 VALUES (?1, 1, ?2, ?3, ?4, 'bench', ?5, ?6, ?7, ?8, ?9)",
            )?;
            let mut event = tx.prepare(
                "INSERT INTO application_event (application_id, kind, occurred_on) VALUES (?1, ?2, ?3)",
            )?;
            let mut claim = tx.prepare(
                "INSERT INTO priority_claim (application_id, position, office, number, filed_on)
                 VALUES (?1, 1, 'JP', 'x', ?2)",
            )?;
            for id in 1..=i64::from(n) {
                let filed = base + chrono::Duration::days(rng.gen_range(0..7500));
                let (office, right) = match rng.gen_range(0..100) {
                    0..=59 => ("JP", "patent"),
                    60..=74 => ("PCT", "patent"),
                    75..=84 => ("US", "patent"),
                    85..=94 => ("EP", "patent"),
                    _ => ("JP", "trademark"),
                };
                let granted = rng.gen_bool(0.4);
                let registered = granted.then(|| filed + chrono::Duration::days(rng.gen_range(700..2000)));
                let exam = (office == "JP" && right == "patent" && rng.gen_bool(0.8))
                    .then(|| filed + chrono::Duration::days(rng.gen_range(30..1000)));
                let status = if granted { "granted" } else { "examination" };
                let paid: Option<u32> = granted.then(|| rng.gen_range(3..8));
                app.execute(rusqlite::params![
                    id,
                    format!("B{id:06}"),
                    office,
                    right,
                    filed,
                    registered,
                    exam,
                    status,
                    paid
                ])?;
                if office != "JP" && rng.gen_bool(0.7) {
                    claim.execute(rusqlite::params![id, filed - chrono::Duration::days(360)])?;
                }
                if office == "PCT" {
                    event.execute(rusqlite::params![id, "isr_transmitted", filed + chrono::Duration::days(120)])?;
                }
                for k in 0..rng.gen_range(0..3) {
                    let oa = filed + chrono::Duration::days(500 + 200 * k);
                    event.execute(rusqlite::params![id, "oa_dispatched", oa])?;
                    if rng.gen_bool(0.8) {
                        event.execute(rusqlite::params![id, "oa_responded", oa + chrono::Duration::days(40)])?;
                    }
                }
            }
            Ok(())
        })
        .unwrap();
}

fn portfolio() {
    let scale: u32 = std::env::var("CHIZAI_BENCH_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.sqlite");
    let mut store = Store::open(&path, Utc::now()).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    synthetic(&mut store, scale);
    let actor = Actor("bench".to_string());
    let run = |store: &mut Store| {
        let t = Instant::now();
        let s = store
            .write(&actor, Utc::now(), "recompute", |w| {
                deadlines::recompute(w, None, today)
            })
            .unwrap();
        (t.elapsed().as_secs_f64(), s)
    };
    let (first, s1) = run(&mut store);
    println!(
        "docket first generation, {} applications        {:>9.2} s   ({} deadlines created)",
        s1.applications, first, s1.created
    );
    let (again, s2) = run(&mut store);
    let verdict = if again <= 2.0 { "ok" } else { "OVER BUDGET" };
    println!(
        "docket recompute, nothing changed                {:>9.2} s   budget 2 s  {verdict}  ({} applications, {} skipped as unchanged, {} written)",
        again,
        s2.applications,
        s2.skipped,
        s2.created + s2.updated + s2.closed + s2.obsoleted
    );
    store
        .write(&actor, Utc::now(), "correct a date", |w| {
            w.tx().execute(
                "UPDATE application SET filed_on = date(filed_on, '+1 day')
                 WHERE id = (SELECT min(id) FROM application WHERE filed_on IS NOT NULL)",
                [],
            )?;
            Ok(())
        })
        .unwrap();
    let (third, s3) = run(&mut store);
    let forced = Instant::now();
    let s4 = store
        .write(&actor, Utc::now(), "recompute every application", |w| {
            deadlines::recompute_forced(w, today)
        })
        .unwrap();
    println!(
        "docket recompute of every application (forced)   {:>9.2} s   ({} deadlines computed and compared, {} written)",
        forced.elapsed().as_secs_f64(),
        s4.computed,
        s4.created + s4.updated + s4.closed + s4.obsoleted
    );
    println!(
        "docket recompute after one corrected date        {:>9.2} s   ({} updated, {} obsolete, {} created)",
        third, s3.updated, s3.obsoleted, s3.created
    );
}

fn main() {
    engine();
    portfolio();
}
