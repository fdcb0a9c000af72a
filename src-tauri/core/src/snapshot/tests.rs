//! The snapshot's guarantees, end to end in the core: the tamper suite (every kind of damage is named
//! with its precise reason), consistency under a concurrent writer, and the round trip.

use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, Utc};
use ed25519_dalek::{Signer, SigningKey};
use rstest::rstest;
use sha2::{Digest, Sha256};

use super::format::*;
use super::*;
use crate::demo::{self, DemoOptions};
use crate::error::{ErrorCode, Failure};
use crate::exchange;
use crate::store::{Action, Actor, AuditEntity, Store};

pub(super) fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub(super) fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-06-01T09:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

pub(super) struct Fixture {
    _dir: tempfile::TempDir,
    pub db: PathBuf,
    pub keys: PathBuf,
    pub store: Store,
}

impl Fixture {
    /// A small demo database with one attachment and the institution's key pair.
    pub fn new(scale: u32) -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("chizai.sqlite");
        let mut store = Store::open(&db, now()).unwrap();
        let opts = DemoOptions {
            scale,
            seed: 2004,
            today: d("2026-06-01"),
        };
        demo::generate(&mut store, opts, now()).unwrap();
        let keys = key::key_dir(&db);
        key::create_key_pair(&keys).unwrap();
        let f = Fixture {
            _dir: dir,
            db,
            keys,
            store,
        };
        let mut f = f;
        f.attach(b"%PDF-1.7 policy document v1");
        f
    }

    fn attach(&mut self, bytes: &[u8]) -> String {
        let data_dir = data_dir_of(&self.db);
        let source = data_dir.join(format!("upload-{}.pdf", bytes.len()));
        std::fs::write(&source, bytes).unwrap();
        self.store
            .write(&Actor("test".into()), now(), "attach", |w| {
                crate::attachments::attach(w, &data_dir, "application", 1, &source)
            })
            .unwrap();
        hex::encode(Sha256::digest(bytes))
    }

    pub fn snapshot(&self, name: &str) -> PathBuf {
        let out = self.db.parent().unwrap().join(name);
        let opts = CreateOptions {
            as_of: d("2026-03-31"),
            note: Some("FY2025".into()),
            now: now(),
            passphrase: None,
        };
        create(&self.store, &self.keys, &out, &opts).unwrap();
        out
    }

    pub fn trusted(&self) -> TrustedKey {
        TrustedKey::from_key(&key::load_verifying(&self.keys).unwrap())
    }
}

/// The reason `bytes` is refused (panics when it is accepted).
pub(super) fn reason(bytes: &[u8], trusted: Option<&TrustedKey>) -> Rejection {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.chz");
    std::fs::write(&path, bytes).unwrap();
    match open(&path, trusted) {
        Ok(_) => panic!("a damaged snapshot was accepted"),
        Err(SnapshotError::Rejected(r)) => r,
        Err(other) => panic!("refused, but not with a verdict on the file: {other}"),
    }
}

pub(super) fn manifest_len(bytes: &[u8]) -> usize {
    u32::from_le_bytes(bytes[12..16].try_into().unwrap()) as usize
}

/// A container with `manifest` and `payload`, signed by `signing` (the institution's own signer can
/// sign anything: this is how a dishonest or buggy signer is simulated).
fn forge(version: u16, manifest: &Manifest, payload: &[u8], signing: &SigningKey) -> Vec<u8> {
    let json = serde_json::to_vec(manifest).unwrap();
    let header = Header {
        version,
        manifest_len: json.len() as u32,
        public_key: *signing.verifying_key().as_bytes(),
    }
    .encode();
    let mut out = header.to_vec();
    out.extend_from_slice(&json);
    let sig = signing.sign(&out);
    out.extend_from_slice(&sig.to_bytes());
    out.extend_from_slice(payload);
    out
}

fn parts(bytes: &[u8]) -> (Manifest, Vec<u8>) {
    let m = manifest_len(bytes);
    let manifest = serde_json::from_slice(&bytes[HEADER_LEN..HEADER_LEN + m]).unwrap();
    (manifest, bytes[HEADER_LEN + m + SIGNATURE_LEN..].to_vec())
}

#[test]
fn one_flipped_byte_anywhere_is_detected_with_the_reason_of_its_region() {
    let f = Fixture::new(12);
    let bytes = std::fs::read(f.snapshot("s.chz")).unwrap();
    let m = manifest_len(&bytes);
    let payload_at = HEADER_LEN + m + SIGNATURE_LEN;
    let mut offsets: Vec<usize> = (0..HEADER_LEN).collect();
    offsets.extend((HEADER_LEN + m - 2)..(payload_at + 2));
    let step = (bytes.len() / 1000).max(1);
    offsets.extend((0..bytes.len()).step_by(step));
    offsets.push(bytes.len() - 1);
    offsets.sort_unstable();
    offsets.dedup();
    assert!(
        offsets.len() >= 1000,
        "at least 1,000 positions across the file"
    );
    let trusted = f.trusted();
    for at in offsets {
        let mut bad = bytes.clone();
        bad[at] ^= 0x5A;
        let expected = match at {
            0..=7 => "not_a_snapshot",
            8..=55 => "header_damaged",
            _ if at < payload_at => "signature_invalid",
            _ => "content_altered",
        };
        let got = reason(&bad, Some(&trusted));
        assert_eq!(got.code(), expected, "byte {at} flipped: {got}");
    }
}

#[rstest]
#[case::empty(0, "not_a_snapshot")]
#[case::inside_the_magic(5, "truncated")]
#[case::inside_the_header(40, "truncated")]
#[case::inside_the_manifest(HEADER_LEN + 10, "truncated")]
#[case::inside_the_signature(usize::MAX - 1, "truncated")]
#[case::one_byte_short(usize::MAX, "truncated")]
fn a_truncated_file_is_named_truncated(#[case] keep: usize, #[case] expected: &str) {
    let f = Fixture::new(12);
    let bytes = std::fs::read(f.snapshot("s.chz")).unwrap();
    let keep = match keep {
        usize::MAX => bytes.len() - 1,
        k if k == usize::MAX - 1 => HEADER_LEN + manifest_len(&bytes) + 30,
        k => k,
    };
    let got = reason(&bytes[..keep], None);
    assert_eq!(got.code(), expected, "cut to {keep} bytes: {got}");
}

#[test]
fn a_cut_through_the_payload_is_truncated_at_every_point() {
    let f = Fixture::new(12);
    let bytes = std::fs::read(f.snapshot("s.chz")).unwrap();
    let payload_at = HEADER_LEN + manifest_len(&bytes) + SIGNATURE_LEN;
    for keep in [
        payload_at,
        payload_at + 100,
        payload_at + 5000,
        bytes.len() / 2,
        bytes.len() - 20,
    ] {
        let got = reason(&bytes[..keep], None);
        assert_eq!(got.code(), "truncated", "cut to {keep} bytes: {got}");
    }
}

#[rstest]
#[case(1)]
#[case(4096)]
fn appended_bytes_are_named(#[case] extra: usize) {
    let f = Fixture::new(12);
    let mut bytes = std::fs::read(f.snapshot("s.chz")).unwrap();
    bytes.extend(std::iter::repeat_n(0_u8, extra));
    assert_eq!(
        reason(&bytes, None),
        Rejection::AppendedData {
            extra_bytes: extra as u64
        }
    );
}

#[test]
fn the_manifest_of_another_snapshot_does_not_fit_the_content() {
    let mut f = Fixture::new(12);
    let a = std::fs::read(f.snapshot("a.chz")).unwrap();
    f.attach(b"a second document, added after snapshot a");
    let b = std::fs::read(f.snapshot("b.chz")).unwrap();
    let trusted = f.trusted();
    for (signed_part, content) in [(&a, &b), (&b, &a)] {
        let cut = HEADER_LEN + manifest_len(signed_part) + SIGNATURE_LEN;
        let content_at = HEADER_LEN + manifest_len(content) + SIGNATURE_LEN;
        let mut swapped = signed_part[..cut].to_vec();
        swapped.extend_from_slice(&content[content_at..]);
        let got = reason(&swapped, Some(&trusted));
        assert_eq!(got.code(), "content_altered", "swapped manifest: {got}");
    }
}

#[test]
fn another_key_is_named_wrong_key_and_a_forged_header_key_breaks_the_signature() {
    let f = Fixture::new(12);
    let bytes = std::fs::read(f.snapshot("s.chz")).unwrap();
    let (manifest, payload) = parts(&bytes);
    let intruder = SigningKey::from_bytes(&[42; 32]);
    let resigned = forge(FORMAT_VERSION, &manifest, &payload, &intruder);
    let got = reason(&resigned, Some(&f.trusted()));
    assert_eq!(got.code(), "wrong_key", "{got}");
    assert!(
        open_bytes(&resigned, None).is_ok(),
        "without a trusted key the file is only self-consistent: the fingerprint must be compared"
    );

    let mut claimed = resigned.clone();
    claimed[16..48].copy_from_slice(&bytes[16..48]);
    let check = Sha256::digest(&claimed[..48]);
    claimed[48..56].copy_from_slice(&check[..8]);
    let got = reason(&claimed, Some(&f.trusted()));
    assert_eq!(
        got,
        Rejection::SignatureInvalid,
        "the institution's key in the header with an intruder's signature"
    );
}

fn open_bytes(bytes: &[u8], trusted: Option<&TrustedKey>) -> Result<Opened> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.chz");
    std::fs::write(&path, bytes).unwrap();
    open(&path, trusted)
}

#[test]
fn a_newer_format_and_foreign_files_are_named() {
    let f = Fixture::new(12);
    let bytes = std::fs::read(f.snapshot("s.chz")).unwrap();
    let (manifest, payload) = parts(&bytes);
    let signer = key::load_signing(&f.keys, None).unwrap();
    let newer = forge(FORMAT_VERSION + 1, &manifest, &payload, &signer);
    assert_eq!(reason(&newer, None).code(), "newer_format");
    let mut newer_schema = manifest.clone();
    newer_schema.schema_version = crate::store::migrate::latest_version() + 1;
    let got = reason(
        &forge(FORMAT_VERSION, &newer_schema, &payload, &signer),
        None,
    );
    assert_eq!(got.code(), "newer_format", "{got}");
    let sqlite = std::fs::read(&f.db).unwrap();
    assert_eq!(
        reason(&sqlite, None).code(),
        "not_a_snapshot",
        "a bare database"
    );
    assert_eq!(reason(b"hello", None).code(), "not_a_snapshot");
}

#[test]
fn claims_the_database_does_not_bear_out_are_refused_even_when_signed() {
    let f = Fixture::new(12);
    let bytes = std::fs::read(f.snapshot("s.chz")).unwrap();
    let (manifest, payload) = parts(&bytes);
    let signer = key::load_signing(&f.keys, None).unwrap();
    let mut counts = manifest.clone();
    *counts.counts.get_mut("application").unwrap() += 1;
    let got = reason(&forge(FORMAT_VERSION, &counts, &payload, &signer), None);
    assert_eq!(got.code(), "manifest_mismatch", "{got}");
    let mut head = manifest.clone();
    head.audit.head = crate::store::audit::GENESIS.to_owned();
    let got = reason(&forge(FORMAT_VERSION, &head, &payload, &signer), None);
    assert_eq!(got.code(), "manifest_mismatch", "{got}");
}

#[test]
fn an_edited_audit_history_is_caught_inside_a_validly_signed_snapshot() {
    let f = Fixture::new(12);
    f.store
        .conn()
        .execute(
            "UPDATE audit_log SET actor = 'someone else' WHERE seq = 3",
            [],
        )
        .unwrap();
    let bytes = std::fs::read(f.snapshot("s.chz")).unwrap();
    match reason(&bytes, Some(&f.trusted())) {
        Rejection::AuditChainBroken { seq, .. } => assert_eq!(seq, 3, "row 3 was edited"),
        other => panic!("expected a broken audit chain, got {other}"),
    }
}

#[test]
fn round_trip_the_snapshot_reads_exactly_as_the_source_did() {
    let f = Fixture::new(30);
    let before = exchange::export(f.store.conn()).unwrap();
    let path = f.snapshot("s.chz");
    let mut opened = open(&path, Some(&f.trusted())).unwrap();
    assert_eq!(
        exchange::export(opened.store.conn()).unwrap(),
        before,
        "every listing of the snapshot equals the source's at that moment"
    );
    assert_eq!(opened.manifest.as_of, d("2026-03-31"));
    assert_eq!(opened.manifest.institution.name, demo::INSTITUTION);
    let stored = crate::attachments::list_all(opened.store.conn()).unwrap();
    assert_eq!(stored.len(), 1);
    let (_, bytes) =
        crate::attachments::read(opened.store.conn(), &opened.data_dir(), stored[0].id).unwrap();
    assert_eq!(
        bytes, b"%PDF-1.7 policy document v1",
        "attachments travel inside the snapshot and read back as from the live data directory"
    );
    let err = opened
        .store
        .write(&Actor("auditor".into()), now(), "edit", |_| Ok(()))
        .unwrap_err();
    assert_eq!(
        err.code(),
        ErrorCode::ReadOnly,
        "a snapshot is never written"
    );
    let temp = opened.store.path().unwrap().to_owned();
    drop(opened);
    assert!(
        !temp.exists(),
        "the extracted database is removed when the snapshot is closed"
    );
}

#[test]
fn the_secret_key_never_enters_a_snapshot() {
    let f = Fixture::new(12);
    let bytes = std::fs::read(f.snapshot("s.chz")).unwrap();
    let seed = key::load_signing(&f.keys, None).unwrap().to_bytes();
    let seed_hex = hex::encode(seed);
    assert!(
        !bytes.windows(32).any(|w| w == seed),
        "the raw secret is not in the file"
    );
    assert!(
        !bytes.windows(64).any(|w| w == seed_hex.as_bytes()),
        "nor its hex"
    );
}

#[test]
fn existing_output_and_future_as_of_are_refused() {
    let f = Fixture::new(12);
    let path = f.snapshot("s.chz");
    let opts = CreateOptions {
        as_of: d("2026-03-31"),
        note: None,
        now: now(),
        passphrase: None,
    };
    assert!(
        create(&f.store, &f.keys, &path, &opts).is_err(),
        "never overwrite"
    );
    let future = CreateOptions {
        as_of: d("2026-06-02"),
        ..opts
    };
    let other = path.with_file_name("t.chz");
    assert!(create(&f.store, &f.keys, &other, &future).is_err());
    assert!(!other.exists(), "nothing is written when refused");
}

#[test]
fn a_snapshot_taken_while_another_connection_writes_is_a_committed_state() {
    let f = Fixture::new(12);
    let db = f.db.clone();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let stop = stop.clone();
        std::thread::spawn(move || {
            let mut store = Store::open(&db, now()).unwrap();
            let mut batches = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                store
                    .write(&Actor("writer".into()), now(), "batch", |w| {
                        for i in 0..5 {
                            w.tx().execute(
                                "INSERT INTO organisation (name, kind) VALUES (?1, 'company')",
                                [format!("batch {batches} company {i}")],
                            )?;
                            let id = w.tx().last_insert_rowid();
                            w.audit(
                                AuditEntity::Organisation,
                                id,
                                Action::Create,
                                None::<&()>,
                                Some(&id),
                            )?;
                        }
                        Ok(())
                    })
                    .unwrap();
                batches += 1;
            }
            batches
        })
    };
    let base: i64 = f
        .store
        .conn()
        .query_row("SELECT count(*) FROM organisation", [], |r| r.get(0))
        .unwrap();
    let mut seen = Vec::new();
    for i in 0..6 {
        let path = f.snapshot(&format!("c{i}.chz"));
        let opened = open(&path, Some(&f.trusted())).expect("verifies: quick_check, chain, counts");
        let n: i64 = opened
            .store
            .conn()
            .query_row("SELECT count(*) FROM organisation", [], |r| r.get(0))
            .unwrap();
        let check: String = opened
            .store
            .conn()
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok");
        assert_eq!(
            (n - base) % 5,
            0,
            "a batch of 5 is in whole or not at all (n = {n})"
        );
        seen.push(n);
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let batches = writer.join().unwrap();
    assert!(batches > 0, "the writer ran during the snapshots");
    assert!(
        seen.windows(2).all(|w| w[0] <= w[1]),
        "later snapshots see no less: {seen:?}"
    );
}

#[test]
fn diff_names_added_applications_status_changes_and_costs_in_the_window() {
    let mut f = Fixture::new(20);
    let old = f.snapshot("old.chz");
    let (changed, app_id): (String, i64) = f
        .store
        .conn()
        .query_row(
            "SELECT reference, id FROM application WHERE status = 'examination' LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    f.store
        .write(&Actor("test".into()), now(), "grant", |w| {
            w.tx().execute(
                "UPDATE application SET status = 'granted', registration_number = '9999999', registered_on = '2026-05-20' WHERE id = ?1",
                [app_id],
            )?;
            w.tx().execute(
                "INSERT INTO cost (application_id, incurred_on, fiscal_year, category, amount_yen) VALUES (?1, '2026-05-20', 2026, 'official_fee', 12345)",
                [app_id],
            )?;
            w.audit(AuditEntity::Application, app_id, Action::Update, None::<&()>, Some(&"granted"))
        })
        .unwrap();
    let new_path = f.db.parent().unwrap().join("new.chz");
    let opts = CreateOptions {
        as_of: d("2026-05-31"),
        note: None,
        now: now(),
        passphrase: None,
    };
    create(&f.store, &f.keys, &new_path, &opts).unwrap();
    let (a, b) = (open(&old, None).unwrap(), open(&new_path, None).unwrap());
    let diff = diff(&a, &b).unwrap();
    assert_eq!(
        diff.applications.status_changes.len(),
        1,
        "one status changed"
    );
    let c = &diff.applications.status_changes[0];
    assert_eq!(
        (c.reference.as_str(), c.from.as_str(), c.to.as_str()),
        (changed.as_str(), "examination", "granted")
    );
    assert_eq!(diff.applications.registrations.len(), 1);
    assert_eq!(
        diff.applications.registrations[0].registration_number,
        "9999999"
    );
    assert!(diff.applications.added.is_empty() && diff.applications.removed.is_empty());
    assert_eq!(
        diff.money.cost_by_category.get("official_fee"),
        Some(&12345),
        "the only cost dated in (2026-03-31, 2026-05-31] is the one just recorded"
    );
    assert_eq!(
        diff.deadlines.as_ref().map(Vec::len),
        Some(0),
        "both snapshots hold the docket table and no deadline was completed or waived in between"
    );
    assert!(
        super::diff(&b, &a).is_err(),
        "OLD must be the earlier snapshot"
    );
}
