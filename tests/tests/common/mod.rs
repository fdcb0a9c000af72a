//! Shared helpers for the black-box tests: the built `chizai` binary run in a temp directory with a
//! fixed "today", as a script or an auditor would run it.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

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
