//! Progress and cancellation of snapshot work, and the desk's folder: a cancelled snapshot leaves
//! nothing behind, wherever it is stopped; the desk lists, verifies and opens what it made.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{DateTime, NaiveDate, Utc};

use super::desk::{self, SnapshotListing};
use super::*;
use crate::demo::{self, DemoOptions};
use crate::error::CoreError;
use crate::progress::Progress;
use crate::store::Store;

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-06-01T09:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 31).unwrap()
}

fn demo_db(dir: &Path) -> (std::path::PathBuf, Store) {
    let db = dir.join("chizai.sqlite");
    let mut store = Store::open(&db, now()).unwrap();
    let opts = DemoOptions {
        scale: 40,
        seed: 2004,
        today: NaiveDate::from_ymd_opt(2026, 6, 1).unwrap(),
    };
    demo::generate(&mut store, opts, now()).unwrap();
    (db, store)
}

fn opts() -> CreateOptions {
    CreateOptions {
        as_of: as_of(),
        note: Some("FY2025".into()),
        now: now(),
        passphrase: None,
    }
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

fn is_cancelled(e: &SnapshotError) -> bool {
    matches!(e, SnapshotError::Core(CoreError::Cancelled))
}

/// Stopped at each of its steps — and with the flag raised before it starts, which stops the copy
/// of the database — a snapshot leaves the output folder exactly as it was.
#[test]
fn a_cancelled_snapshot_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let (db, store) = demo_db(dir.path());
    let keys = key::key_dir(&db);
    key::create_key_pair(&keys).unwrap();
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    for cancel_at in 0..CREATE_STEPS {
        let out = out_dir.join(format!("cancel-{cancel_at}.chz"));
        let flag = AtomicBool::new(cancel_at == 0);
        let result = {
            let mut progress = Progress::new(|done, _| {
                if done == cancel_at {
                    flag.store(true, Ordering::Relaxed);
                }
            })
            .cancelled_by(&flag);
            create_with_progress(&store, &keys, &out, &opts(), &mut progress)
        };
        let err = result.expect_err("a cancelled snapshot is not made");
        assert!(is_cancelled(&err), "step {cancel_at}: {err}");
        assert!(
            names(&out_dir).is_empty(),
            "step {cancel_at} left {:?}",
            names(&out_dir)
        );
    }
    // The same store and folder then take a whole snapshot, reported to 100 %.
    let mut seen = Vec::new();
    let out = out_dir.join("whole.chz");
    {
        let mut progress = Progress::new(|d, t| seen.push((d, t)));
        create_with_progress(&store, &keys, &out, &opts(), &mut progress).unwrap();
    }
    assert_eq!(seen.last(), Some(&(CREATE_STEPS, CREATE_STEPS)));
    assert_eq!(names(&out_dir), vec!["whole.chz".to_owned()]);
    assert!(open(&out, None).is_ok());
}

#[test]
fn a_verification_reports_the_bytes_checked_and_can_be_cancelled() {
    let dir = tempfile::tempdir().unwrap();
    let (db, store) = demo_db(dir.path());
    let made = desk::create_at_desk(&store, &db, &opts(), &mut Progress::silent()).unwrap();
    let path = std::path::PathBuf::from(&made.path);

    let mut seen = Vec::new();
    {
        let mut progress = Progress::new(|d, t| seen.push((d, t)));
        desk::verify(&path, desk::desk_trusted_key(&db).as_ref(), &mut progress).unwrap();
    }
    let (last_done, total) = *seen.last().unwrap();
    assert_eq!(last_done, total, "verification ends at 100 %");
    assert!(seen.len() >= 2 && seen.windows(2).all(|w| w[0].0 <= w[1].0));

    let flag = AtomicBool::new(true);
    let mut progress = Progress::silent().cancelled_by(&flag);
    let err = desk::verify(&path, None, &mut progress).unwrap_err();
    assert!(is_cancelled(&err), "{err}");
}

#[test]
fn the_desk_lists_verifies_and_opens_its_snapshots() {
    let dir = tempfile::tempdir().unwrap();
    let (db, store) = demo_db(dir.path());
    assert!(
        desk::list(&desk::desk_dir(&db)).unwrap().is_empty(),
        "no folder yet"
    );
    // The desk has no key yet: the first snapshot makes the institution's key pair.
    let first = desk::create_at_desk(&store, &db, &opts(), &mut Progress::silent()).unwrap();
    let later = CreateOptions {
        as_of: NaiveDate::from_ymd_opt(2026, 5, 31).unwrap(),
        note: None,
        now: now() + chrono::Duration::seconds(5),
        passphrase: None,
    };
    let second = desk::create_at_desk(&store, &db, &later, &mut Progress::silent()).unwrap();
    assert_eq!(first.file_name, "snapshot-2026-03-31-20260601T090000Z.chz");
    std::fs::write(desk::desk_dir(&db).join("broken.chz"), b"not a snapshot").unwrap();
    std::fs::write(desk::desk_dir(&db).join("notes.txt"), b"ignored").unwrap();

    let list = desk::list(&desk::desk_dir(&db)).unwrap();
    let named: Vec<&str> = list.iter().map(|l| l.file_name.as_str()).collect();
    assert_eq!(
        named[..2],
        [second.file_name.as_str(), first.file_name.as_str()],
        "newest as-of first"
    );
    let broken: &SnapshotListing = list.iter().find(|l| l.file_name == "broken.chz").unwrap();
    assert!(broken.problem.is_some() && broken.as_of.is_none());
    assert_eq!(list.len(), 3, "other files are not listed");

    let trusted = desk::desk_trusted_key(&db);
    assert!(trusted.is_some(), "the desk trusts the key it made");
    let (snapshot, verified, files) = desk::open_for_audit(
        Path::new(&first.path),
        trusted.as_ref(),
        &mut Progress::silent(),
    )
    .unwrap();
    assert!(snapshot.is_read_only());
    assert!(verified.key_checked);
    assert_eq!(verified.listing.as_of, Some(as_of()));
    assert_eq!(
        verified.listing.signer_fingerprint,
        first.signer_fingerprint
    );
    let held = files.data_dir();
    assert!(held.exists());
    // A snapshot of the snapshot is refused: it is not the desk's database.
    let refused = desk::create_at_desk(&snapshot, &db, &opts(), &mut Progress::silent());
    assert!(
        matches!(refused, Err(SnapshotError::Core(CoreError::ReadOnly(_)))),
        "{refused:?}"
    );
    drop(snapshot);
    drop(files);
    assert!(!held.exists(), "the extracted files go with the session");

    let diff = desk::diff_files(
        Path::new(&first.path),
        Path::new(&second.path),
        trusted.as_ref(),
        &mut Progress::silent(),
    )
    .unwrap();
    assert_eq!(diff.old.as_of, as_of());
}
