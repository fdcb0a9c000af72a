//! Black-box tests of the integrity check through the built `chizai` binary: an ordinary open does
//! not read the whole file, an unclean shutdown is detected and checked at the next open, and
//! `chizai check` runs the check on demand, loudly when it fails.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers: a panic is a failed test

mod common;

use common::{chizai, json, temp_db};

fn checks(db: &std::path::Path) -> Vec<(String, i64)> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare("SELECT reason, ok FROM integrity_check ORDER BY id")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

fn session_file(db: &std::path::Path) -> std::path::PathBuf {
    let mut p = db.as_os_str().to_owned();
    p.push(".session");
    p.into()
}

#[test]
fn check_runs_on_demand_and_is_recorded_while_ordinary_opens_are_not_checked() {
    let (_dir, db) = temp_db();
    chizai(&db)
        .args(["init", "--institution", "国立大学法人 試験大学"])
        .assert()
        .success();
    chizai(&db).args(["audit", "list"]).assert().success();
    assert_eq!(
        checks(&db),
        vec![],
        "a cleanly closed database opens without a full-file check"
    );
    let rec = json(&db, &["check"]);
    assert_eq!(rec["ok"], true, "{rec}");
    assert_eq!(rec["reason"], "on_demand");
    assert_eq!(rec["detail"], "ok");
    assert!(rec["millis"].as_i64().is_some() && rec["checked_at"].as_str().is_some());
    assert_eq!(checks(&db), vec![("on_demand".to_owned(), 1)]);
}

#[test]
fn a_session_left_open_by_a_crash_is_checked_at_the_next_open() {
    let (_dir, db) = temp_db();
    chizai(&db)
        .args(["init", "--institution", "国立大学法人 試験大学"])
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(session_file(&db)).unwrap(),
        "closed",
        "a command that ended normally marks the session closed"
    );
    // What a process killed while it held the database leaves behind.
    std::fs::write(session_file(&db), "open").unwrap();
    chizai(&db).args(["audit", "list"]).assert().success();
    assert_eq!(
        checks(&db),
        vec![("unclean_shutdown".to_owned(), 1)],
        "the next open checks the file and records why"
    );
}

#[test]
fn a_damaged_file_fails_check_loudly_with_exit_1() {
    let (_dir, db) = temp_db();
    chizai(&db)
        .args(["demo", "--scale", "20"])
        .assert()
        .success();
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
            .unwrap();
    }
    let mut bytes = std::fs::read(&db).unwrap();
    let len = bytes.len();
    assert!(len > 64 * 4096, "a demo spans many pages ({len} bytes)");
    // Damage the second half of the file: the data written last, not the schema at the start.
    for b in &mut bytes[len / 2..len - 4096] {
        *b = 0x5A;
    }
    std::fs::write(&db, &bytes).unwrap();
    let out = chizai(&db).args(["check"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "a failed check exits 1");
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        all.contains("quick_check") || all.contains("not a readable"),
        "the failure names the check and what to do: {all}"
    );
    assert!(
        all.contains(".backup-"),
        "it says where to restore from: {all}"
    );
}
