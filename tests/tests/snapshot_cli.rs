//! Black-box tests of auditor snapshots through the built `chizai` binary: `snapshot create`,
//! `snapshot verify`, `snapshot diff`, `key show`, and the global `--snapshot FILE` read-only mode.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers: a panic is a failed test

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;
use serde_json::Value;

const TODAY: &str = "2026-06-01";

/// The `chizai` binary built next to this test executable (target/debug/chizai), run in `dir`.
fn chizai(dir: &Path) -> Command {
    let exe = std::env::current_exe().unwrap();
    let bin_dir: PathBuf = exe.parent().unwrap().parent().unwrap().to_path_buf();
    let mut cmd = Command::new(bin_dir.join(format!("chizai{}", std::env::consts::EXE_SUFFIX)));
    cmd.current_dir(dir)
        .env("HOME", dir)
        .env("XDG_DATA_HOME", dir.join(".local/share"))
        .env("CHIZAI_TODAY", TODAY)
        .env_remove("CHIZAI_DB");
    cmd
}

fn stdout(cmd: &mut Command) -> String {
    let out = cmd.assert().success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

fn json(cmd: &mut Command) -> Value {
    serde_json::from_str(&stdout(cmd)).unwrap()
}

/// A demo database at `<dir>/data/chizai.sqlite` and a snapshot of it at `<dir>/fy2025.chz`; the
/// institution's fingerprint is pinned at the default desk of `dir` (as an auditor does once with
/// `chizai key trust`), so commands run there without --db read its snapshots.
fn demo_with_snapshot(dir: &Path) -> (PathBuf, PathBuf) {
    let (db, snap) = demo_with_unpinned_snapshot(dir);
    chizai(dir)
        .args(["key", "trust", &fingerprint(dir, &db), "--note", "東都大学"])
        .assert()
        .success()
        .stdout(contains("pinned"));
    (db, snap)
}

/// [`demo_with_snapshot`] without the pin.
fn demo_with_unpinned_snapshot(dir: &Path) -> (PathBuf, PathBuf) {
    let db = dir.join("data/chizai.sqlite");
    chizai(dir)
        .args(["--db", db.to_str().unwrap(), "demo", "--scale", "60"])
        .assert()
        .success()
        .stderr(contains("created the institution signing key"));
    let snap = dir.join("fy2025.chz");
    chizai(dir)
        .args(["--db", db.to_str().unwrap(), "snapshot", "create"])
        .args(["--out", snap.to_str().unwrap(), "--as-of", "2026-03-31"])
        .args(["--note", "FY2025 year end"])
        .assert()
        .success()
        .stdout(contains("as of 2026-03-31"));
    (db, snap)
}

fn fingerprint(dir: &Path, db: &Path) -> String {
    let key = json(chizai(dir).args([
        "--db",
        db.to_str().unwrap(),
        "key",
        "show",
        "--format",
        "json",
    ]));
    key["fingerprint"].as_str().unwrap().to_owned()
}

#[test]
fn create_then_verify_with_and_without_the_institution_key() {
    let tmp = tempfile::tempdir().unwrap();
    let (db, snap) = demo_with_snapshot(tmp.path());
    let fp = fingerprint(tmp.path(), &db);
    assert_eq!(
        fp.split(' ').count(),
        16,
        "SHA-256 fingerprint in 16 groups of four"
    );

    chizai(tmp.path())
        .args(["snapshot", "verify", snap.to_str().unwrap()])
        .assert()
        .success()
        .stdout(contains("snapshot OK"))
        .stdout(contains(format!("signed by {fp} (the expected key")));
    let v = json(chizai(tmp.path()).args([
        "snapshot",
        "verify",
        snap.to_str().unwrap(),
        "--key",
        &fp,
        "--format",
        "json",
    ]));
    assert_eq!(v["ok"], true);
    assert_eq!(v["key_checked"], true, "--key was checked");
    assert_eq!(v["signer"]["fingerprint"], fp.as_str());
    assert_eq!(v["manifest"]["as_of"], "2026-03-31");
    assert_eq!(v["manifest"]["note"], "FY2025 year end");
    assert_eq!(
        v["manifest"]["counts"]["application"], 60,
        "demo --scale 60"
    );
    let keys = db.parent().unwrap().join("keys");
    chizai(tmp.path())
        .args(["snapshot", "verify", snap.to_str().unwrap(), "--key"])
        .arg(keys.join("institution.ed25519.pub"))
        .assert()
        .success();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(keys.join("institution.ed25519.secret"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(
            mode & 0o777,
            0o600,
            "the secret key is readable by its owner only"
        );
    }
}

#[test]
fn every_kind_of_damage_exits_1_with_its_reason() {
    let tmp = tempfile::tempdir().unwrap();
    let (db, snap) = demo_with_snapshot(tmp.path());
    let bytes = std::fs::read(&snap).unwrap();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "flipped payload byte",
            flip(&bytes, bytes.len() - 1000),
            "content_altered",
        ),
        (
            "flipped manifest byte",
            flip(&bytes, 100),
            "signature_invalid",
        ),
        ("flipped header byte", flip(&bytes, 20), "header_damaged"),
        ("truncated", bytes[..bytes.len() / 2].to_vec(), "truncated"),
        (
            "appended",
            [bytes.clone(), b"extra".to_vec()].concat(),
            "appended_data",
        ),
        (
            "not a snapshot",
            std::fs::read(&db).unwrap(),
            "not_a_snapshot",
        ),
    ];
    for (what, content, code) in cases {
        let path = tmp.path().join(format!("{code}.chz"));
        std::fs::write(&path, content).unwrap();
        let out = chizai(tmp.path())
            .args([
                "snapshot",
                "verify",
                path.to_str().unwrap(),
                "--format",
                "json",
            ])
            .assert()
            .code(1)
            .stderr(contains("NOT a valid snapshot"));
        let v: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
        assert_eq!(v["ok"], false, "{what}");
        assert_eq!(v["code"], code, "{what}: {}", v["reason"]);
    }
}

fn flip(bytes: &[u8], at: usize) -> Vec<u8> {
    let mut out = bytes.to_vec();
    out[at] ^= 0x01;
    out
}

#[test]
fn a_snapshot_signed_by_another_institution_is_the_wrong_key() {
    let tmp = tempfile::tempdir().unwrap();
    let (db, _) = demo_with_snapshot(tmp.path());
    let other_db = tmp.path().join("elsewhere/chizai.sqlite");
    chizai(tmp.path())
        .args([
            "--db",
            other_db.to_str().unwrap(),
            "init",
            "--institution",
            "別の大学",
        ])
        .assert()
        .success();
    let other = tmp.path().join("other.chz");
    chizai(tmp.path())
        .args([
            "--db",
            other_db.to_str().unwrap(),
            "snapshot",
            "create",
            "--out",
        ])
        .arg(&other)
        .assert()
        .success();
    chizai(tmp.path())
        .args([
            "snapshot",
            "verify",
            other.to_str().unwrap(),
            "--key",
            &fingerprint(tmp.path(), &db),
        ])
        .assert()
        .code(1)
        .stderr(contains("signed by another key"));
}

#[test]
fn read_commands_work_on_a_snapshot_exactly_as_on_the_database() {
    let tmp = tempfile::tempdir().unwrap();
    let (db, snap) = demo_with_snapshot(tmp.path());
    for args in [
        vec!["applications", "list", "--format", "json"],
        vec!["applications", "show", "1", "--format", "json"],
        vec!["disclosures", "list", "--format", "json"],
        vec!["search", "蛍光", "--format", "json"],
        vec!["audit", "verify", "--format", "json"],
        vec!["audit", "list", "--format", "json"],
        vec!["export", "--out", "-"],
    ] {
        let live = stdout(
            chizai(tmp.path())
                .args(["--db", db.to_str().unwrap()])
                .args(&args),
        );
        let frozen = stdout(
            chizai(tmp.path())
                .args(["--snapshot", snap.to_str().unwrap()])
                .args(&args),
        );
        assert_eq!(
            live,
            frozen,
            "`{}` reads the same from the snapshot",
            args.join(" ")
        );
    }
}

#[test]
fn write_commands_are_refused_on_a_snapshot() {
    let tmp = tempfile::tempdir().unwrap();
    let (_, snap) = demo_with_snapshot(tmp.path());
    let export = tmp.path().join("e.json");
    std::fs::write(&export, r#"{"format":"chizai-export","version":1}"#).unwrap();
    for args in [
        vec!["demo"],
        vec!["init", "--institution", "X"],
        vec!["import", export.to_str().unwrap()],
        vec!["key", "init"],
        vec!["snapshot", "create", "--out", "again.chz"],
    ] {
        chizai(tmp.path())
            .args(["--snapshot", snap.to_str().unwrap()])
            .args(&args)
            .assert()
            .code(77)
            .stderr(contains("opened read-only"));
    }
    assert!(!tmp.path().join("again.chz").exists());
}

#[test]
fn diff_of_two_snapshots() {
    let tmp = tempfile::tempdir().unwrap();
    let (db, old) = demo_with_snapshot(tmp.path());
    let new = tmp.path().join("now.chz");
    chizai(tmp.path())
        .args(["--db", db.to_str().unwrap(), "snapshot", "create", "--out"])
        .arg(&new)
        .assert()
        .success();
    let d = json(
        chizai(tmp.path())
            .args(["snapshot", "diff"])
            .arg(&old)
            .arg(&new)
            .args(["--format", "json"]),
    );
    assert_eq!(d["old"]["as_of"], "2026-03-31");
    assert_eq!(d["new"]["as_of"], TODAY, "--as-of defaults to today");
    for list in ["added", "removed", "status_changes", "registrations"] {
        assert_eq!(
            d["applications"][list].as_array().unwrap().len(),
            0,
            "the same database twice: no {list}"
        );
    }
    let costs =
        stdout(chizai(tmp.path()).args(["--db", db.to_str().unwrap(), "export", "--out", "-"]));
    let costs: Value = serde_json::from_str(&costs).unwrap();
    let expected: i64 = costs["costs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| {
            let on = c["incurred_on"].as_str().unwrap();
            on > "2026-03-31" && on <= TODAY
        })
        .map(|c| c["amount_yen"].as_i64().unwrap())
        .sum();
    assert_eq!(
        d["money"]["cost_yen"], expected,
        "costs dated in (old as-of, new as-of]"
    );
    assert_eq!(
        d["deadlines"].as_array().map(Vec::len),
        Some(0),
        "the same database twice: no deadline completed or waived in between"
    );
    chizai(tmp.path())
        .args(["snapshot", "diff"])
        .arg(&new)
        .arg(&old)
        .assert()
        .code(65)
        .stderr(contains("give the earlier snapshot first"));
    chizai(tmp.path())
        .args(["snapshot", "diff"])
        .arg(&old)
        .arg(&new)
        .assert()
        .success()
        .stdout(contains("状態の変更 (status changes): 0"));
}

#[test]
fn attachments_travel_in_the_snapshot_and_a_missing_one_stops_creation() {
    let tmp = tempfile::tempdir().unwrap();
    let (db, _) = demo_with_snapshot(tmp.path());
    let pdf = tmp.path().join("licence.pdf");
    std::fs::write(&pdf, b"%PDF-1.7 exclusive licence, signed").unwrap();
    chizai(tmp.path())
        .args(["--db", db.to_str().unwrap(), "applications", "attach", "1"])
        .arg(&pdf)
        .assert()
        .success();
    let snap = tmp.path().join("with-attachment.chz");
    chizai(tmp.path())
        .args(["--db", db.to_str().unwrap(), "snapshot", "create", "--out"])
        .arg(&snap)
        .assert()
        .success()
        .stdout(contains("1 attachments"));
    let v = json(chizai(tmp.path()).args([
        "snapshot",
        "verify",
        snap.to_str().unwrap(),
        "--format",
        "json",
    ]));
    let entries = v["manifest"]["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 2, "the database and the one attachment");
    assert_eq!(entries[1]["kind"], "attachment");
    let bytes = std::fs::read(&snap).unwrap();
    // Format 2 stores the payload zstd-compressed after header (56), manifest (M) and signature (64).
    let manifest_len = u32::from_le_bytes(bytes[12..16].try_into().unwrap()) as usize;
    let content = zstd::decode_all(&bytes[56 + manifest_len + 64..]).unwrap();
    assert!(
        content.windows(10).any(|w| w == b"%PDF-1.7 e"),
        "the attachment's bytes are inside the file"
    );

    let stored = db.parent().unwrap().join("attachments");
    std::fs::remove_dir_all(&stored).unwrap();
    chizai(tmp.path())
        .args([
            "--db",
            db.to_str().unwrap(),
            "snapshot",
            "create",
            "--out",
            "broken.chz",
        ])
        .assert()
        .code(76)
        .stderr(contains("missing"));
    assert!(
        !tmp.path().join("broken.chz").exists(),
        "nothing is written when refused"
    );
}

#[test]
fn a_snapshot_whose_signer_is_not_pinned_is_refused_naming_the_signer_until_pinned() {
    let tmp = tempfile::tempdir().unwrap();
    let (db, snap) = demo_with_unpinned_snapshot(tmp.path());
    let fp = fingerprint(tmp.path(), &db);
    // An auditor's computer: no key pair, nothing pinned. Every reader refuses, naming the signer:
    // `verify` as a check that failed (1), the readers as an integrity failure (76).
    let auditor = tempfile::tempdir().unwrap();
    for (args, status) in [
        (vec!["snapshot", "verify", snap.to_str().unwrap()], 1),
        (
            vec!["--snapshot", snap.to_str().unwrap(), "applications", "list"],
            76,
        ),
        (
            vec![
                "snapshot",
                "diff",
                snap.to_str().unwrap(),
                snap.to_str().unwrap(),
            ],
            76,
        ),
    ] {
        chizai(auditor.path())
            .args(&args)
            .assert()
            .code(status)
            .stderr(contains(fp.as_str()).and(contains("chizai key trust")));
    }
    // Given explicitly for one command, it is read and the signer is shown.
    chizai(auditor.path())
        .args(["--snapshot", snap.to_str().unwrap(), "--snapshot-key", &fp])
        .args(["applications", "list"])
        .assert()
        .success()
        .stderr(contains(format!("signed by {fp}")));
    // Pinned once, every later read is checked against it.
    chizai(auditor.path())
        .args(["key", "trust", &fp])
        .assert()
        .success();
    chizai(auditor.path())
        .args(["--snapshot", snap.to_str().unwrap(), "applications", "list"])
        .assert()
        .success()
        .stderr(contains(format!("signed by {fp}")));
    // Another institution's snapshot is still refused there.
    let other_db = tmp.path().join("elsewhere/chizai.sqlite");
    chizai(tmp.path())
        .args([
            "--db",
            other_db.to_str().unwrap(),
            "init",
            "--institution",
            "別の大学",
        ])
        .assert()
        .success();
    let other = tmp.path().join("other.chz");
    chizai(tmp.path())
        .args([
            "--db",
            other_db.to_str().unwrap(),
            "snapshot",
            "create",
            "--out",
        ])
        .arg(&other)
        .assert()
        .success();
    chizai(auditor.path())
        .args(["snapshot", "verify", other.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(contains("signed by another key"));
}

#[test]
fn audit_verify_catches_a_history_rewritten_since_the_newest_snapshot() {
    let tmp = tempfile::tempdir().unwrap();
    let (db, snap) = demo_with_snapshot(tmp.path());
    let db_arg = ["--db", db.to_str().unwrap()];
    chizai(tmp.path())
        .args(db_arg)
        .args(["audit", "verify", "--against", snap.to_str().unwrap()])
        .assert()
        .success()
        .stdout(contains("continues the history signed into"));
    // Someone with the file rewrites the whole chain consistently from entry 1: the chain alone
    // still holds, but it is no longer the history the snapshot signed.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch(
        "DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;",
    )
    .unwrap();
    let signed_rows: i64 = conn
        .query_row("SELECT COUNT(*) FROM audit_log", [], |r| r.get(0))
        .unwrap();
    assert!(signed_rows > 1, "the demo has a history");
    conn.execute("DELETE FROM audit_log WHERE seq >= ?1", [signed_rows - 1])
        .unwrap();
    drop(conn);
    chizai(tmp.path())
        .args(db_arg)
        .args(["audit", "verify", "--against", snap.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(contains("truncated"));
}
