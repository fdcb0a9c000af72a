//! `chizai`'s exit status tells a script what kind of failure it met, without reading the message:
//! the table in README.md ("Exit status"), one test per row that a command line can reach. Busy
//! (75) is `busy_cli.rs`'s; a failed check (1) is `health_cli.rs`'s and `snapshot_cli.rs`'s;
//! cancelled (130) and internal (70) have no command that meets them on purpose.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use predicates::prelude::*;

/// An initialised, empty database.
fn initialised() -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, db) = temp_db();
    chizai(&db)
        .args(["init", "--institution", "試験大学"])
        .assert()
        .success();
    (dir, db)
}

/// Changes the database behind chizai's back, as a damaged or newer file would be.
fn sql(db: &std::path::Path, statement: &str) {
    rusqlite::Connection::open(db)
        .unwrap()
        .execute(statement, [])
        .unwrap();
}

#[test]
fn invalid_input_exits_65_and_names_the_field_in_front_of_the_message() {
    let (_dir, db, reference) = small_demo();
    chizai(&db)
        .args(["deadlines", "add", "--application", &reference])
        .args(["--title", " ", "--due", "2026-12-01"])
        .assert()
        .code(65)
        .stderr(predicate::str::starts_with(
            "chizai: error: deadline.title: ",
        ));
}

#[test]
fn a_record_that_does_not_exist_exits_66() {
    let (_dir, db) = initialised();
    chizai(&db)
        .args(["applications", "show", "NO-SUCH"])
        .assert()
        .code(66)
        .stderr(predicate::str::contains("not found: NO-SUCH"));
}

#[test]
fn a_missing_database_exits_66() {
    let (_dir, db) = temp_db();
    chizai(&db)
        .args(["deadlines"])
        .assert()
        .code(66)
        .stderr(predicate::str::contains("chizai init"));
}

#[test]
fn a_server_that_cannot_be_reached_exits_69() {
    chizai(std::path::Path::new(
        "postgres://nobody@localhost/chizai?host=/nonexistent-socket-dir&port=5432",
    ))
    .args(["applications", "list"])
    .assert()
    .code(69)
    .stderr(predicate::str::contains("cannot reach the database server"));
}

#[test]
fn a_clash_with_what_is_stored_exits_73() {
    let (_dir, db) = initialised();
    chizai(&db)
        .args(["init", "--institution", "別の大学"])
        .assert()
        .code(73)
        .stderr(predicate::str::contains("already exists"));
}

#[test]
fn a_file_that_cannot_be_written_exits_74() {
    let (dir, db) = initialised();
    let out = dir.path().join("no-such-folder/applications.xlsx");
    chizai(&db)
        .args(["export", "--kind", "applications", "--out"])
        .arg(&out)
        .assert()
        .code(74)
        .stderr(predicate::str::contains("no-such-folder"));
    assert!(!out.exists());
}

#[test]
fn a_database_that_fails_its_integrity_check_exits_76() {
    let (_dir, db) = initialised();
    sql(
        &db,
        "UPDATE schema_migration SET checksum = 'edited' WHERE number = 1",
    );
    chizai(&db)
        .args(["applications", "list"])
        .assert()
        .code(76)
        .stderr(predicate::str::contains("0001_foundation"));
}

#[test]
fn a_write_on_an_auditor_snapshot_exits_77() {
    let (dir, db) = initialised();
    chizai(&db)
        .arg("--snapshot")
        .arg(dir.path().join("fy2025.chz"))
        .args(["init", "--institution", "別の大学"])
        .assert()
        .code(77)
        .stderr(predicate::str::contains("read-only"));
}

#[test]
fn a_database_from_a_newer_chizai_exits_78() {
    let (_dir, db) = initialised();
    sql(
        &db,
        "INSERT INTO schema_migration VALUES (999, '0999_future', 'x', 'now')",
    );
    chizai(&db)
        .args(["applications", "list"])
        .assert()
        .code(78)
        .stderr(predicate::str::contains("newer Chizai"));
}

#[test]
fn a_command_line_that_cannot_run_exits_2_whether_clap_or_the_command_refuses_it() {
    let (_dir, db) = initialised();
    chizai(&db)
        .args(["applications", "list", "--no-such-flag"])
        .assert()
        .code(2);
    chizai(&db)
        .args(["server", "whoami"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("postgres://"));
}
