//! Shared helpers for the black-box tests: the built `chizai` binary run in a temp directory with a
//! fixed "today", as a script or an auditor would run it.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod pg;

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The date every test runs "on", so demo data and deadlines are reproducible.
pub const TODAY: &str = "2026-11-28";

/// The `chizai` binary cargo built for this test run (next to the test executable's folder).
pub fn chizai_bin() -> PathBuf {
    let exe = std::env::current_exe().expect("test executable path");
    let dir = exe.parent().and_then(Path::parent).expect("target/debug");
    dir.join(format!("chizai{}", std::env::consts::EXE_SUFFIX))
}

/// A `chizai` command on the database `db`, with a fixed today and no inherited CHIZAI_* settings.
pub fn chizai(db: &Path) -> Command {
    let mut cmd = Command::new(chizai_bin());
    cmd.env_remove("CHIZAI_DB")
        .env("CHIZAI_TODAY", TODAY)
        .env("CHIZAI_ACTOR", "test")
        .arg("--db")
        .arg(db);
    cmd
}

/// A temp dir with the path of a database file inside it (not created yet).
pub fn temp_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("chizai.sqlite");
    (dir, db)
}

/// Runs `chizai ARGS --format json` and parses stdout, failing the test with stderr on error.
pub fn json(db: &Path, args: &[&str]) -> serde_json::Value {
    let out = chizai(db)
        .args(args)
        .args(["--format", "json"])
        .output()
        .expect("run chizai");
    assert!(
        out.status.success(),
        "chizai {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

/// A database filled with the default demo institution.
pub fn demo_db() -> (tempfile::TempDir, PathBuf) {
    let (dir, db) = temp_db();
    chizai(&db).arg("demo").assert().success();
    (dir, db)
}

/// The institution the register tests start from.
pub const INSTITUTION: &str = "国立大学法人 東都大学";

/// `chizai init` of an empty institution at `db`.
pub fn init(db: &Path) {
    chizai(db)
        .args(["init", "--institution", INSTITUTION])
        .assert()
        .success();
}

/// Runs `chizai ARGS` on `db`: (succeeded, stdout, stderr).
pub fn run(db: &Path, args: &[&str]) -> (bool, String, String) {
    let out = chizai(db).args(args).output().expect("run chizai");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The single number `sql` counts in the database file.
pub fn count(db: &Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).expect("open db");
    conn.query_row(sql, [], |r| r.get(0)).expect("count")
}

/// Rows of (reference, number, filed_on, status) as stored, in reference order.
pub fn application_rows(db: &Path) -> Vec<(String, Option<String>, Option<String>, String)> {
    let conn = rusqlite::Connection::open(db).expect("open db");
    let mut stmt = conn
        .prepare("SELECT reference, application_number, filed_on, status FROM application ORDER BY reference")
        .expect("query");
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("read rows")
}

/// A small demo database (scale 5) and the reference of one of its applications.
pub fn small_demo() -> (tempfile::TempDir, PathBuf, String) {
    let (dir, db) = temp_db();
    chizai(&db)
        .args(["demo", "--scale", "5"])
        .assert()
        .success();
    let page = json(&db, &["applications", "list"]);
    let reference = page["rows"][0]["reference"].as_str().unwrap().to_owned();
    (dir, db, reference)
}
