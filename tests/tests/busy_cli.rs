//! A write that meets another writer's lock (another process, here a connection of this test that
//! holds `BEGIN IMMEDIATE`) waits for it and then succeeds; only a lock held longer than the wait
//! fails, with exit code 75 and a message saying what to do — never SQLite's "database is locked".
//! And the database a command is pointed at is never made up: a missing `CHIZAI_DB` file is refused.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::{Duration, Instant};

use common::*;
use predicates::prelude::*;

/// Another writer: a connection of its own holding the write lock until it is dropped or committed.
fn hold_write_lock(db: &std::path::Path) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.execute_batch("BEGIN IMMEDIATE").unwrap();
    conn
}

fn manual_deadlines(db: &std::path::Path) -> usize {
    let all = json(db, &["deadlines", "--status", "all"]);
    let rows = all.as_array().unwrap();
    assert!(!rows.is_empty(), "the demo has a docket");
    rows.iter().filter(|d| d["origin"] == "manual").count()
}

#[test]
fn a_write_waits_for_another_writer_then_succeeds() {
    let (_dir, db, reference) = small_demo();
    let before = manual_deadlines(&db);
    let holder = hold_write_lock(&db);
    let release = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_secs(2));
        holder.execute_batch("COMMIT").unwrap();
    });
    let started = Instant::now();
    chizai(&db)
        .args(["deadlines", "add", "--application", &reference])
        .args(["--title", "発明者面談", "--due", "2026-12-15"])
        .assert()
        .success();
    let waited = started.elapsed();
    release.join().unwrap();
    assert!(
        waited >= Duration::from_millis(1500),
        "the write really met the lock and waited for it ({waited:?})"
    );
    assert_eq!(
        manual_deadlines(&db),
        before + 1,
        "the write went ahead once the other writer let go"
    );
}

#[test]
fn a_lock_held_longer_than_the_wait_fails_with_its_own_exit_code_and_nothing_written() {
    let (_dir, db, reference) = small_demo();
    let before = manual_deadlines(&db);
    let holder = hold_write_lock(&db);
    let started = Instant::now();
    chizai(&db)
        .env("CHIZAI_BUSY_WAIT_SECS", "1")
        .args(["deadlines", "add", "--application", &reference])
        .args(["--title", "発明者面談", "--due", "2026-12-15"])
        .assert()
        .code(75)
        .stderr(
            predicate::str::contains("another program is writing")
                .and(predicate::str::contains("try again"))
                .and(predicate::str::contains("database is locked").not()),
        );
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "it waited the configured second before giving up"
    );
    drop(holder);
    assert_eq!(manual_deadlines(&db), before, "nothing was written");
}

#[test]
fn a_missing_database_named_by_chizai_db_is_never_created_by_a_command() {
    let (dir, _) = temp_db();
    let missing = dir.path().join("typo/chizai.sqlite");
    for args in [
        vec![
            "deadlines",
            "add",
            "--application",
            "X",
            "--title",
            "T",
            "--due",
            "2026-12-01",
        ],
        vec!["applications", "list"],
        vec!["snapshot", "create", "--out", "s.chz"],
        vec!["audit", "verify"],
    ] {
        assert_cmd::Command::new(chizai_bin())
            .env("CHIZAI_DB", &missing)
            .env("CHIZAI_TODAY", TODAY)
            .current_dir(dir.path())
            .args(&args)
            .assert()
            .code(66)
            .stderr(predicate::str::contains("chizai init"));
        assert!(
            !missing.exists() && !missing.parent().is_some_and(|p| p.join("s.chz").exists()),
            "`chizai {}` created nothing at a path that does not exist",
            args.join(" ")
        );
    }
}
