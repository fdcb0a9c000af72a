//! The signing key sealed by a passphrase (issue 14): a copied data folder no longer carries a key
//! that signs. Snapshots need the passphrase (refused before anything is written without it or
//! with a wrong one), are signed by the same key (auditors' pinned fingerprint still holds), and
//! the passphrase can be removed again.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use common::*;

const PASSPHRASE: &str = "東都大学 知財本部 2026";

fn snapshot(db: &Path, out: &Path, passphrase: Option<&str>) -> (bool, String) {
    let mut cmd = chizai(db);
    cmd.env_remove("CHIZAI_KEY_PASSPHRASE");
    if let Some(p) = passphrase {
        cmd.env("CHIZAI_KEY_PASSPHRASE", p);
    }
    let out = cmd
        .args(["snapshot", "create", "--out"])
        .arg(out)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_sealed_key_signs_only_with_its_passphrase_and_stays_the_institution_s_key() {
    let (dir, db) = demo_db();
    let secret = dir.path().join("keys/institution.ed25519.secret");
    let clear = std::fs::read_to_string(&secret).unwrap();
    let seed = clear.lines().nth(1).unwrap().to_owned();
    let fingerprint = json(&db, &["key", "show"])["fingerprint"].clone();

    chizai(&db)
        .env("CHIZAI_KEY_NEW_PASSPHRASE", "short")
        .args(["key", "seal"])
        .assert()
        .failure();
    assert_eq!(
        std::fs::read_to_string(&secret).unwrap(),
        clear,
        "a refused passphrase leaves the key file as it was"
    );
    chizai(&db)
        .env("CHIZAI_KEY_NEW_PASSPHRASE", PASSPHRASE)
        .args(["key", "seal"])
        .assert()
        .success();
    let sealed = std::fs::read_to_string(&secret).unwrap();
    assert!(!sealed.contains(&seed), "the seed is no longer in the file");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&secret).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "still readable by its owner only");
    }

    let out = dir.path().join("a.chz");
    let (ok, err) = snapshot(&db, &out, None);
    assert!(!ok && err.contains("CHIZAI_KEY_PASSPHRASE"), "{err}");
    assert!(!out.exists(), "nothing written without the passphrase");
    let (ok, err) = snapshot(&db, &out, Some("東都大学 知財本部 2025"));
    assert!(!ok && err.contains("passphrase"), "{err}");
    assert!(!out.exists(), "nothing written with a wrong one");
    let (ok, err) = snapshot(&db, &out, Some(PASSPHRASE));
    assert!(ok, "{err}");
    let verified = json(
        &db,
        &[
            "snapshot",
            "verify",
            out.to_str().unwrap(),
            "--key",
            fingerprint.as_str().unwrap(),
        ],
    );
    assert_eq!(verified["ok"], true);
    assert_eq!(
        verified["signer"]["fingerprint"], fingerprint,
        "the same key signs: the fingerprint auditors pinned holds"
    );

    chizai(&db)
        .env("CHIZAI_KEY_PASSPHRASE", PASSPHRASE)
        .args(["key", "unseal"])
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(&secret).unwrap(),
        clear,
        "unsealed, the file is the clear key again"
    );
    let (ok, err) = snapshot(&db, &dir.path().join("b.chz"), None);
    assert!(ok, "no passphrase needed any more: {err}");
}
