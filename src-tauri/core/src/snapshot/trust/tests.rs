//! A foreign signer is refused unless given or pinned; pinning is remembered; an auditor desk
//! writes nothing when asked for a snapshot; a rewritten or truncated history is caught.

use chrono::{DateTime, NaiveDate, Utc};

use super::*;
use crate::error::{ErrorCode, Failure};
use crate::snapshot::{create, desk, CreateOptions};
use crate::store::{audit, Actor, Store};

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-06-01T09:00:00Z")
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_default()
}

fn opts() -> CreateOptions {
    CreateOptions {
        as_of: NaiveDate::from_ymd_opt(2026, 3, 31).unwrap_or_default(),
        note: None,
        now: now(),
        passphrase: None,
    }
}

/// An institution's desk (database and key pair) in `root/name/` and a snapshot of it.
fn institution(root: &Path, name: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let db = root.join(name).join("chizai.sqlite");
    let mut store = Store::open(&db, now()).unwrap();
    store
        .write(&Actor("t".into()), now(), "init", |w| {
            crate::portfolio::set_institution(
                w,
                &crate::portfolio::Institution {
                    name: format!("{name}大学"),
                    name_en: None,
                    vice_president: None,
                },
            )
        })
        .unwrap();
    let keys = key::key_dir(&db);
    key::create_key_pair(&keys).unwrap();
    let snap = root.join(format!("{name}.chz"));
    create(&store, &keys, &snap, &opts()).unwrap();
    (db, snap)
}

#[test]
fn a_snapshot_signed_by_an_unpinned_key_is_refused_until_it_is_pinned() {
    let tmp = tempfile::tempdir().unwrap();
    let (home_db, home_snap) = institution(tmp.path(), "home");
    let (_, foreign_snap) = institution(tmp.path(), "foreign");
    let silent = &mut Progress::silent();

    let home_pins = pinned(&home_db).unwrap();
    assert_eq!(
        home_pins.len(),
        1,
        "the desk's own key is pinned by having it"
    );
    assert!(open_pinned(&home_snap, None, &home_pins, silent)
        .map(|o| o.key_checked)
        .unwrap_or(false));
    let refused = open_pinned(&foreign_snap, None, &home_pins, silent).err();
    let message = refused
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default();
    assert_eq!(
        refused
            .as_ref()
            .and_then(|e| e.rejection())
            .map(Rejection::code),
        Some("wrong_key"),
        "a foreign signer is not read silently: {message}"
    );
    assert!(
        message.contains("chizai key trust"),
        "says how to pin: {message}"
    );

    // An auditor's desk: no key pair, nothing pinned — every snapshot is refused, naming its signer.
    let auditor_db = tmp.path().join("auditor/chizai.sqlite");
    assert!(pinned(&auditor_db).unwrap().is_empty());
    let message = open_pinned(&home_snap, None, &[], silent)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    let signer = read_signed(&home_snap, None)
        .map(|s| key::fingerprint(&s.key))
        .unwrap_or_default();
    assert!(
        !signer.is_empty() && message.contains(&signer),
        "names the signer: {message}"
    );

    // Pinned once, trusted from then on; pinning twice keeps one line.
    let (_, new) = pin(&auditor_db, &signer, "東都大学 (given on paper 2026-04-01)").unwrap();
    assert!(new);
    let (_, again) = pin(&auditor_db, &signer, "again").unwrap();
    assert!(!again, "already pinned");
    let pins = pinned(&auditor_db).unwrap();
    assert_eq!(pins.len(), 1);
    let opened = open_pinned(&home_snap, None, &pins, silent);
    assert!(
        opened.map(|o| o.key_checked).unwrap_or(false),
        "checked against the pin"
    );
    assert!(
        open_pinned(&foreign_snap, None, &pins, silent).is_err(),
        "the pin trusts that key only"
    );
    // An explicit key still decides for one command.
    let foreign_key = read_signed(&foreign_snap, None)
        .map(|s| TrustedKey::from_key(&s.key))
        .ok();
    assert!(open_pinned(&foreign_snap, foreign_key.as_ref(), &pins, silent).is_ok());
}

#[test]
fn an_auditor_desk_refuses_to_create_a_snapshot_before_writing_anything() {
    let tmp = tempfile::tempdir().unwrap();
    let (_, snap) = institution(tmp.path(), "home");
    let key = read_signed(&snap, None)
        .map(|s| TrustedKey::from_key(&s.key))
        .ok();
    let opened = open_pinned(&snap, key.as_ref(), &[], &mut Progress::silent()).unwrap();
    let auditor_db = tmp.path().join("auditor/chizai.sqlite");
    let result = desk::create_at_desk(&opened.store, &auditor_db, &opts(), &mut Progress::silent());
    assert_eq!(
        result.err().map(|e| e.code()),
        Some(ErrorCode::ReadOnly),
        "refused as auditor mode"
    );
    assert!(
        !key::key_dir(&auditor_db).exists() && !desk::desk_dir(&auditor_db).exists(),
        "no key pair and no snapshot folder were made on the auditor's machine"
    );
}

#[test]
fn a_history_that_does_not_continue_the_signed_one_is_caught() {
    let mut store = Store::open_in_memory().unwrap();
    for name in ["一", "二"] {
        store
            .write(&Actor("t".into()), now(), "add", |w| {
                crate::portfolio::create_organisation(
                    w,
                    &crate::portfolio::Organisation {
                        id: None,
                        name: format!("株式会社{name}"),
                        kind: crate::domain::OrganisationKind::Company,
                        country: "JP".into(),
                    },
                )
            })
            .unwrap();
    }
    let (rows, head) = audit::head(store.conn()).unwrap();
    assert!(rows >= 2, "two writes, two audit rows at least");
    let signed = AuditHead { rows, head };
    assert!(
        check_continues(store.conn(), &signed, "live").is_ok(),
        "the same history"
    );
    // Rewritten: the signed head row now carries another hash.
    let rewritten = AuditHead {
        rows,
        head: "0".repeat(64),
    };
    let err = check_continues(store.conn(), &rewritten, "live").err();
    assert_eq!(
        err.as_ref()
            .and_then(|e| e.rejection())
            .map(Rejection::code),
        Some("audit_chain_broken")
    );
    // Truncated: the signed history is longer than what is there.
    let longer = AuditHead {
        rows: rows + 5,
        head: signed.head.clone(),
    };
    let err = check_continues(store.conn(), &longer, "live")
        .err()
        .map(|e| e.to_string());
    assert!(err.unwrap_or_default().contains("truncated"));
}
