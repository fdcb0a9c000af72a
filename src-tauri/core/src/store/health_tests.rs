//! When the full-file integrity check runs: only with a reason (unclean shutdown, migration,
//! an earlier failure, the schedule, on demand) — never on an ordinary open.

use chrono::{Duration, TimeZone, Utc};

use super::health::{self, CheckReason};
use super::*;
use crate::domain::OrganisationKind;
use crate::error::{ErrorCode, Failure};
use crate::portfolio::{self, Organisation};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 31, 9, 0, 0)
        .single()
        .unwrap_or_default()
}

fn checks(store: &Store) -> Vec<(String, bool)> {
    let mut stmt = store
        .conn()
        .prepare("SELECT reason, ok FROM integrity_check ORDER BY id")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<crate::error::Result<_>>()
        .unwrap()
}

fn session_word(db: &Path) -> String {
    std::fs::read_to_string(health::session_path(db)).unwrap()
}

/// A database with a few hundred rows, so it has pages beyond the first to damage.
fn populated(db: &Path) {
    let mut store = Store::open(db, now()).unwrap();
    store
        .write(&Actor("t".into()), now(), "test", |w| {
            for i in 0..400 {
                portfolio::create_organisation(
                    w,
                    &Organisation {
                        id: None,
                        name: format!("株式会社テスト{i:04} 研究開発センター"),
                        kind: OrganisationKind::Company,
                        country: "JP".to_owned(),
                    },
                )?;
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn a_cleanly_closed_database_opens_without_a_full_check() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.sqlite");
    populated(&db);
    assert_eq!(
        session_word(&db),
        "closed",
        "the last holder marks a clean close"
    );
    let store = Store::open(&db, now()).unwrap();
    assert_eq!(
        checks(&store),
        vec![],
        "no reason to suspect the file: the open must not read it whole"
    );
    assert_eq!(session_word(&db), "open", "an open session is marked");
}

#[test]
fn an_unclean_shutdown_is_detected_and_checked_at_the_next_open() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.sqlite");
    populated(&db);
    // What a process that crashed while holding the database leaves behind.
    std::fs::write(health::session_path(&db), "open").unwrap();
    let store = Store::open(&db, now()).unwrap();
    assert_eq!(
        checks(&store),
        vec![("unclean_shutdown".to_owned(), true)],
        "the session was never closed, so the file is checked once and the result recorded"
    );
    drop(store);
    let store = Store::open(&db, now()).unwrap();
    assert_eq!(
        checks(&store).len(),
        1,
        "after a clean close, no further check"
    );
}

#[test]
fn a_second_holder_closing_does_not_mark_the_session_closed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.sqlite");
    populated(&db);
    let first = Store::open(&db, now()).unwrap();
    let second = Store::open(&db, now()).unwrap();
    drop(second);
    assert_eq!(
        session_word(&db),
        "open",
        "the first holder is still open: a crash of it must still be detected"
    );
    drop(first);
    assert_eq!(session_word(&db), "closed");
}

#[test]
fn a_damaged_file_after_an_unclean_shutdown_is_refused_naming_the_backups() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.sqlite");
    populated(&db);
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
            .unwrap();
    }
    let mut bytes = std::fs::read(&db).unwrap();
    let page = 4096;
    assert!(bytes.len() > 4 * page, "the table spans several pages");
    // Scribble over the b-tree pages after the schema page (the header stays readable).
    let end = bytes.len() - page;
    for b in &mut bytes[2 * page..end] {
        *b = 0x5A;
    }
    std::fs::write(&db, &bytes).unwrap();
    std::fs::write(health::session_path(&db), "open").unwrap();
    let err = Store::open(&db, now()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Integrity, "{err}");
    assert!(
        err.to_string().contains("c.sqlite") && err.to_string().contains(".backup-"),
        "the refusal names the file and where to restore from: {err}"
    );
}

#[test]
fn a_migration_is_followed_by_a_check() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.sqlite");
    populated(&db);
    let conn = rusqlite::Connection::open(&db).unwrap();
    // Pretend the last migration is new to this file (every migration is written re-runnable).
    conn.execute(
        "DELETE FROM schema_migration WHERE number = ?1",
        [migrate::latest_version()],
    )
    .unwrap();
    drop(conn);
    let store = Store::open(&db, now()).unwrap();
    assert!(
        checks(&store).contains(&("migration".to_owned(), true)),
        "a migrated file is checked: {:?}",
        checks(&store)
    );
}

#[test]
fn the_scheduled_check_is_due_daily_and_on_demand_checks_are_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.sqlite");
    populated(&db);
    let mut store = Store::open(&db, now()).unwrap();
    assert!(
        health::is_due(store.conn(), now()).unwrap(),
        "never checked: due"
    );
    let rec = health::check_and_record(&mut store, now(), CheckReason::OnDemand).unwrap();
    assert!(rec.ok && rec.detail == "ok", "{rec:?}");
    assert_eq!(health::last(store.conn()).unwrap(), Some(rec));
    assert!(
        !health::is_due(store.conn(), now() + Duration::hours(23)).unwrap(),
        "checked within the day: not due"
    );
    assert!(
        health::is_due(store.conn(), now() + Duration::hours(24)).unwrap(),
        "a day later: due again"
    );
    let audited: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE entity = 'integrity_check'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        audited, 1,
        "the record is written through the audited write path"
    );
}
