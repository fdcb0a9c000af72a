//! Migration 0009 (the lean audit trail): a trail written in the old layout (the predecessor's
//! hash beside each row, hashes as hex) keeps its head and verifies after the migration, and the
//! chain still catches what the stored predecessor used to catch — a row rewritten together with
//! a matching hash.

use chrono::{TimeZone, Utc};

use super::audit::{self, Content};
use super::*;
use crate::domain::OrganisationKind;
use crate::portfolio::{self, Organisation};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 31, 9, 0, 0)
        .single()
        .unwrap_or_default()
}

fn five_organisations(store: &mut Store) {
    for i in 0..5 {
        store
            .write(&Actor("tester".to_owned()), now(), "t", |w| {
                portfolio::create_organisation(
                    w,
                    &Organisation {
                        id: None,
                        name: format!("株式会社{i}"),
                        kind: OrganisationKind::Company,
                        country: "JP".to_owned(),
                    },
                )
            })
            .unwrap();
    }
}

/// Puts `path`'s audit trail back into the layout before migration 0009 and forgets 0009.
fn back_to_the_old_layout(path: &Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(
        "CREATE TABLE audit_old (
             seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, entity TEXT NOT NULL,
             entity_id TEXT NOT NULL,
             action TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'obsolete', 'import')),
             before_json TEXT, after_json TEXT, prev_hash TEXT NOT NULL, hash TEXT NOT NULL) STRICT;
         INSERT INTO audit_old SELECT a.seq, a.at, a.actor, a.entity, a.entity_id, a.action,
             a.before_json, a.after_json,
             coalesce((SELECT lower(hex(p.hash)) FROM audit_log p WHERE p.seq = a.seq - 1),
                      '0000000000000000000000000000000000000000000000000000000000000000'),
             lower(hex(a.hash))
         FROM audit_log a;
         DROP TABLE audit_log;
         ALTER TABLE audit_old RENAME TO audit_log;
         CREATE INDEX audit_log_record ON audit_log (entity, entity_id, seq);
         DELETE FROM schema_migration WHERE number = 9;",
    )
    .unwrap();
}

#[test]
fn an_old_trail_keeps_its_head_and_verifies_after_the_migration() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.sqlite");
    let mut store = Store::open(&path, now()).unwrap();
    five_organisations(&mut store);
    let before = audit::verify(store.conn()).unwrap();
    let listed = audit::list_recent(store.conn(), 3).unwrap();
    drop(store);
    back_to_the_old_layout(&path);
    let old_bytes = std::fs::metadata(&path).unwrap().len();

    let store = Store::open(&path, now()).unwrap();
    let after = audit::verify(store.conn()).unwrap();
    assert_eq!(after.broken, None, "the migrated chain verifies");
    // The open after a migration records its integrity check: the old rows come first, unchanged.
    assert!(after.rows >= before.rows);
    let old_head: Vec<u8> = store
        .conn()
        .query_row(
            "SELECT hash FROM audit_log WHERE seq = ?1",
            [before.rows],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        hex::encode(old_head),
        before.head,
        "the old head is where it was: signed snapshots of this trail still match it"
    );
    let relisted = audit::list_recent(store.conn(), 100).unwrap();
    let relisted: Vec<_> = relisted
        .into_iter()
        .filter(|e| e.seq <= before.rows)
        .take(3)
        .collect();
    assert_eq!(
        relisted, listed,
        "the listing (prev_hash included) reads as before"
    );
    let stored: (String, i64) = store
        .conn()
        .query_row(
            "SELECT typeof(hash), length(hash) FROM audit_log WHERE seq = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        stored,
        ("blob".to_owned(), 32),
        "hashes are stored as bytes"
    );
    let columns: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM pragma_table_info('audit_log') WHERE name = 'prev_hash'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(columns, 0, "the predecessor's hash is not stored twice");
    assert!(old_bytes > 0);
}

#[test]
fn an_old_trail_with_an_edited_hash_is_not_migrated() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.sqlite");
    let mut store = Store::open(&path, now()).unwrap();
    five_organisations(&mut store);
    drop(store);
    back_to_the_old_layout(&path);
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute("UPDATE audit_log SET hash = 'not a hash' WHERE seq = 2", [])
        .unwrap();
    drop(conn);
    let Err(err) = Store::open(&path, now()) else {
        panic!("an edited hash must stop the migration")
    };
    assert!(
        err.to_string().contains("0009"),
        "names the migration: {err}"
    );
    let conn = rusqlite::Connection::open(&path).unwrap();
    let hash: String = conn
        .query_row("SELECT hash FROM audit_log WHERE seq = 2", [], |r| r.get(0))
        .unwrap();
    assert_eq!(hash, "not a hash", "nothing of the migration was kept");
}

#[test]
fn a_row_rewritten_with_a_matching_hash_breaks_the_next_row() {
    // Without the predecessor stored beside each row, an edit that also recomputes the edited
    // row's own hash must still be caught: the next row's hash was made from the old one.
    let mut store = Store::open_in_memory().unwrap();
    five_organisations(&mut store);
    let conn = store.conn();
    let prev = audit::list_recent(conn, 5).unwrap()[2].prev_hash.clone();
    let row3: (String, String, String, String, String, Option<String>) = conn
        .query_row(
            "SELECT at, actor, entity, entity_id, action, after_json FROM audit_log WHERE seq = 3",
            [],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            },
        )
        .unwrap();
    let forged_after = row3.5.unwrap().replace("株式会社2", "株式会社X");
    let forged = audit::digest(
        &prev,
        &Content {
            seq: 3,
            at: &row3.0,
            actor: &row3.1,
            entity: &row3.2,
            entity_id: &row3.3,
            action: &row3.4,
            before: None,
            after: Some(&forged_after),
        },
    );
    conn.execute(
        "UPDATE audit_log SET after_json = ?1, hash = ?2 WHERE seq = 3",
        rusqlite::params![forged_after, &forged[..]],
    )
    .unwrap();
    let broken = audit::verify(conn).unwrap().broken.unwrap();
    assert_eq!(
        broken.seq, 4,
        "the forged row's successor no longer follows"
    );
    assert!(broken.reason.contains("edited"), "{}", broken.reason);
}
