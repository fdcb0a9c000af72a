//! The store's promises: migrations are checked and backed up, writes are all-or-nothing with an
//! audit row each, and the audit chain exposes any edit of history.

use chrono::{TimeZone, Utc};
use rusqlite::params;

use super::*;
use crate::domain::OrganisationKind;
use crate::error::{ErrorCode, Failure};
use crate::portfolio::{self, Institution, Organisation};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 31, 9, 0, 0)
        .single()
        .unwrap_or_default()
}

fn actor() -> Actor {
    Actor("tester".to_owned())
}

fn org(name: &str) -> Organisation {
    Organisation {
        id: None,
        name: name.to_owned(),
        kind: OrganisationKind::Company,
        country: "JP".to_owned(),
    }
}

#[test]
fn a_new_file_is_migrated_to_the_latest_schema_with_wal_and_foreign_keys() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("c.sqlite"), now()).unwrap();
    let version = migrate::current_version(store.conn()).unwrap();
    assert_eq!(
        version,
        migrate::latest_version(),
        "a new database gets every embedded migration"
    );
    let mode: String = store
        .conn()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        mode, "wal",
        "WAL lets the desktop app read while the CLI writes"
    );
    let fk: i64 = store
        .conn()
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1, "foreign keys must be enforced on every connection");
}

#[test]
fn every_migration_file_in_the_folder_is_embedded() {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations");
    let files = std::fs::read_dir(folder)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "sql"))
        .count();
    assert_eq!(
        files,
        migrate::MIGRATIONS.len(),
        "a migration missing from the binary would silently never run"
    );
}

#[test]
fn an_edited_applied_migration_refuses_to_start() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.sqlite");
    drop(Store::open(&path, now()).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute(
        "UPDATE schema_migration SET checksum = 'edited' WHERE number = 1",
        [],
    )
    .unwrap();
    drop(conn);
    let err = Store::open(&path, now()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Integrity, "{err}");
    assert!(
        err.to_string().contains("0001_foundation"),
        "the message names the migration: {err}"
    );
}

#[test]
fn a_database_from_a_newer_chizai_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.sqlite");
    drop(Store::open(&path, now()).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute(
        "INSERT INTO schema_migration VALUES (999, '0999_future', 'x', 'now')",
        [],
    )
    .unwrap();
    drop(conn);
    let err = Store::open(&path, now()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Version, "{err}");
    assert!(
        err.to_string().contains("newer Chizai"),
        "the message says what to do: {err}"
    );
}

#[test]
fn an_existing_database_is_backed_up_before_a_pending_migration() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.sqlite");
    let mut store = Store::open(&path, now()).unwrap();
    store
        .write(&actor(), now(), "test", |w| {
            portfolio::create_organisation(w, &org("株式会社テスト"))
        })
        .unwrap();
    drop(store);
    // Pretend the last migration is new to this file.
    let conn = rusqlite::Connection::open(&path).unwrap();
    let last = migrate::latest_version();
    conn.execute("DELETE FROM schema_migration WHERE number = ?1", [last])
        .unwrap();
    if last == 1 {
        // Re-running 0001 on a populated file would fail; simulate "nothing applied yet" differently.
        conn.execute_batch("DROP TABLE schema_migration").unwrap();
    }
    drop(conn);
    let reopened = Store::open(&path, now());
    let backups: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".backup-"))
        .collect();
    if last > 1 {
        assert!(
            reopened.is_ok(),
            "the pending migration applies: {:?}",
            reopened.err()
        );
        assert_eq!(
            backups.len(),
            1,
            "one backup beside the file before migrating"
        );
        let copy = rusqlite::Connection::open(backups[0].path()).unwrap();
        let n: i64 = copy
            .query_row("SELECT count(*) FROM organisation", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 1, "the backup holds the data as it was");
    } else {
        assert!(
            reopened.is_err(),
            "0001 cannot run twice over existing tables"
        );
    }
}

#[test]
fn a_failed_write_leaves_nothing_behind_not_even_its_audit_rows() {
    let mut store = Store::open_in_memory().unwrap();
    let result = store.write(&actor(), now(), "test", |w| {
        portfolio::create_organisation(w, &org("株式会社一"))?;
        portfolio::create_organisation(w, &org("株式会社一"))
    });
    assert!(
        result.is_err(),
        "the second organisation of the same name is a conflict"
    );
    let orgs: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM organisation", [], |r| r.get(0))
        .unwrap();
    let audits: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        (orgs, audits),
        (0, 0),
        "the first insert and its audit row were rolled back with the failure"
    );
}

#[test]
fn every_write_appends_a_chained_audit_row_with_before_and_after() {
    let mut store = Store::open_in_memory().unwrap();
    let inst = Institution {
        name: "国立大学法人 試験大学".to_owned(),
        name_en: None,
        vice_president: None,
    };
    store
        .write(&actor(), now(), "t", |w| {
            portfolio::set_institution(w, &inst)
        })
        .unwrap();
    let renamed = Institution {
        name: "国立大学法人 新試験大学".to_owned(),
        ..inst.clone()
    };
    store
        .write(&actor(), now(), "t", |w| {
            portfolio::set_institution(w, &renamed)
        })
        .unwrap();
    let entries = audit::list_recent(store.conn(), 10).unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0].action, "update");
    assert_eq!(
        entries[0].before.as_ref().and_then(|b| b["name"].as_str()),
        Some("国立大学法人 試験大学"),
        "before keeps the old value"
    );
    assert_eq!(
        entries[0].after.as_ref().and_then(|b| b["name"].as_str()),
        Some("国立大学法人 新試験大学")
    );
    assert_eq!(
        entries[0].prev_hash, entries[1].hash,
        "each row links to the previous one"
    );
    assert_eq!(entries[1].prev_hash, audit::GENESIS);
    let report = audit::verify(store.conn()).unwrap();
    assert_eq!((report.rows, report.broken), (2, None));
}

#[test]
fn editing_deleting_or_reordering_history_breaks_the_chain_at_that_row() {
    let mut store = Store::open_in_memory().unwrap();
    for i in 0..5 {
        store
            .write(&actor(), now(), "t", |w| {
                portfolio::create_organisation(w, &org(&format!("株式会社{i}")))
            })
            .unwrap();
    }
    let conn = store.conn();
    conn.execute("UPDATE audit_log SET after_json = replace(after_json, '株式会社2', '株式会社X') WHERE seq = 3", []).unwrap();
    let broken = audit::verify(conn).unwrap().broken.unwrap();
    assert_eq!(broken.seq, 3, "an edited row fails its own hash");
    assert!(broken.reason.contains("edited"), "{}", broken.reason);

    let mut store = Store::open_in_memory().unwrap();
    for i in 0..5 {
        store
            .write(&actor(), now(), "t", |w| {
                portfolio::create_organisation(w, &org(&format!("株式会社{i}")))
            })
            .unwrap();
    }
    store
        .conn()
        .execute("DELETE FROM audit_log WHERE seq = 2", [])
        .unwrap();
    let broken = audit::verify(store.conn()).unwrap().broken.unwrap();
    assert_eq!(broken.seq, 3, "the row after a deleted one reports the gap");
}

#[test]
fn a_read_only_store_refuses_writes_with_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.sqlite");
    let mut store = Store::open(&path, now()).unwrap();
    store
        .write(&actor(), now(), "t", |w| {
            portfolio::create_organisation(w, &org("株式会社読取"))
        })
        .unwrap();
    store
        .conn()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    drop(store);
    let mut ro = Store::open_read_only(&path).unwrap();
    let n: i64 = ro
        .conn()
        .query_row("SELECT count(*) FROM organisation", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1, "reads work");
    let err = ro
        .write(&actor(), now(), "adding an organisation", |w| {
            portfolio::create_organisation(w, &org("x"))
        })
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::ReadOnly);
    assert!(err.to_string().contains("adding an organisation"), "{err}");
    let raw = ro.conn().execute(
        "INSERT INTO organisation (name, kind) VALUES ('y', 'company')",
        params![],
    );
    assert!(
        raw.is_err(),
        "even raw SQL cannot write through a read-only connection"
    );
}

#[test]
fn a_file_that_is_not_a_database_gets_an_integrity_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.sqlite");
    std::fs::write(
        &path,
        b"this is a text file, not SQLite, and long enough to have a header........",
    )
    .unwrap();
    let err = Store::open(&path, now()).unwrap_err();
    assert!(
        err.to_string().contains("notes.sqlite"),
        "the message names the file: {err}"
    );
}

#[test]
fn a_write_behind_a_lock_held_too_long_is_busy_not_database_is_locked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chizai.sqlite");
    let mut store = Store::open(&path, now()).unwrap();
    store.set_busy_wait(Duration::from_millis(300)).unwrap();
    let other = rusqlite::Connection::open(&path).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let err = store
        .write(&actor(), now(), "add organisation", |w| {
            portfolio::create_organisation(w, &org("株式会社テスト"))
        })
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Busy, "{err}");
    let message = err.to_string();
    assert!(
        !message.contains("database is locked") && message.contains("try again"),
        "says what to do, not SQLite's words: {message}"
    );
    other.execute_batch("COMMIT").unwrap();
    let done = store.write(&actor(), now(), "add organisation", |w| {
        portfolio::create_organisation(w, &org("株式会社テスト"))
    });
    assert!(
        done.is_ok(),
        "once the lock is gone the same write goes ahead: {done:?}"
    );
}

#[cfg(unix)]
#[test]
fn a_new_database_and_its_folder_are_readable_by_the_user_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("desk");
    let path = folder.join("chizai.sqlite");
    Store::open(&path, now()).unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&folder), 0o700, "the data folder");
    assert_eq!(mode(&path), 0o600, "the database file");
}

#[test]
fn an_update_is_audited_as_what_changed_and_the_chain_still_verifies() {
    let mut store = Store::open_in_memory().unwrap();
    let inst = Institution {
        name: "国立大学法人 試験大学".to_owned(),
        name_en: Some("Test University".to_owned()),
        vice_president: Some("山田 太郎".to_owned()),
    };
    store
        .write(&actor(), now(), "t", |w| {
            portfolio::set_institution(w, &inst)
        })
        .unwrap();
    let changed = Institution {
        vice_president: Some("佐藤 花子".to_owned()),
        ..inst.clone()
    };
    store
        .write(&actor(), now(), "t", |w| {
            portfolio::set_institution(w, &changed)
        })
        .unwrap();
    let entries = audit::list_recent(store.conn(), 1).unwrap();
    let (before, after) = (
        entries[0].before.clone().unwrap(),
        entries[0].after.clone().unwrap(),
    );
    assert_eq!(
        before["vice_president"], "山田 太郎",
        "the old value is kept"
    );
    assert_eq!(after["vice_president"], "佐藤 花子");
    assert_eq!(
        after["name"], "国立大学法人 試験大学",
        "the identifying name stays, so the entry says which record changed"
    );
    assert!(
        before.get("name_en").is_none() && after.get("name_en").is_none(),
        "an unchanged field is not stored twice: {after}"
    );
    let report = audit::verify(store.conn()).unwrap();
    assert_eq!(
        (report.rows, report.broken),
        (2, None),
        "the chain verifies"
    );
}

fn journal_mode(conn: &Conn) -> String {
    conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_bulk_load_writes_through_a_rollback_journal_and_leaves_the_file_in_wal() {
    // The load itself runs without the log (its pages written once), and whatever happens the
    // file is back in WAL afterwards, the desktop's readers relying on it.
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("b.sqlite"), now()).unwrap();
    let during = store
        .bulk_load(|s| {
            s.write(&actor(), now(), "test", |w| {
                portfolio::create_organisation(w, &org("株式会社一括"))?;
                Ok(())
            })?;
            Ok(journal_mode(s.conn()))
        })
        .unwrap();
    assert_eq!(during, "delete");
    assert_eq!(journal_mode(store.conn()), "wal");
    // A load that fails is rolled back, and the file is in WAL again all the same.
    let failed = store.bulk_load(|s| {
        s.write(&actor(), now(), "test", |w| {
            portfolio::create_organisation(w, &org("株式会社失敗"))?;
            Err::<(), _>(CoreError::invalid("test", "stop here"))
        })
    });
    assert!(failed.is_err());
    assert_eq!(journal_mode(store.conn()), "wal");
    let names: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM organisation WHERE name LIKE '株式会社%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(names, 1, "only the load that succeeded is kept");
}

#[test]
fn a_bulk_load_beside_another_connection_keeps_the_log() {
    // Another program has the file open: SQLite refuses to leave WAL, and the load goes on in it.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.sqlite");
    let mut store = Store::open(&path, now()).unwrap();
    let other = Store::open(&path, now()).unwrap();
    let during = store
        .bulk_load(|s| {
            s.write(&actor(), now(), "test", |w| {
                portfolio::create_organisation(w, &org("株式会社同時"))?;
                Ok(())
            })?;
            Ok(journal_mode(s.conn()))
        })
        .unwrap();
    assert_eq!(during, "wal");
    assert_eq!(journal_mode(other.conn()), "wal");
    let n: i64 = other
        .conn()
        .query_row(
            "SELECT count(*) FROM organisation WHERE name = '株式会社同時'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn a_store_opened_during_a_bulk_load_waits_for_it_instead_of_failing_at_once() {
    // During a bulk load the file is out of WAL, and SQLite refuses a new connection's request
    // for WAL at once: the open waits for the load, as it waits for any writer, and then sees it.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("loading.sqlite");
    let mut store = Store::open(&path, now()).unwrap();
    let (started, wait_for_start) = std::sync::mpsc::channel();
    std::thread::scope(|s| {
        s.spawn(|| {
            store
                .bulk_load(|st| {
                    st.write(&actor(), now(), "test", |w| {
                        portfolio::create_organisation(w, &org("株式会社一括"))?;
                        started.send(()).unwrap();
                        std::thread::sleep(std::time::Duration::from_millis(400));
                        Ok(())
                    })
                })
                .unwrap();
        });
        wait_for_start.recv().unwrap();
        let other = Store::open(&path, now()).unwrap();
        let n: i64 = other
            .conn()
            .query_row(
                "SELECT count(*) FROM organisation WHERE name = '株式会社一括'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 1, "the open waited for the load and reads what it wrote");
        assert_eq!(journal_mode(other.conn()), "wal");
    });
}
