//! The institution's Ed25519 key pair: created once (at `chizai init` / the first `chizai demo`),
//! kept in the data directory beside the database, used to sign snapshots.
//!
//! Layout: `<db dir>/keys/institution.ed25519.secret` (the 32-byte seed as hex, mode 0600 on unix, the
//! folder 0700) and `<db dir>/keys/institution.ed25519.pub` (the 32-byte public key as hex). The secret
//! is never copied into a snapshot or an export: snapshots carry only the database file and the
//! attachments folder. The key is handed to auditors as its **fingerprint**: SHA-256 of the 32 public
//! key bytes, hex in groups of four (`ab12 cd34 …`), which `chizai key show` and the board report print.

use std::path::{Path, PathBuf};

use ed25519_dalek::{SigningKey, VerifyingKey};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::error::{Result, SnapshotError};
use super::sealed;

/// The folder beside the database that holds the key pair.
pub const KEY_DIR: &str = "keys";
/// The secret key file name.
pub const SECRET_FILE: &str = "institution.ed25519.secret";
/// The public key file name.
pub const PUBLIC_FILE: &str = "institution.ed25519.pub";
const SECRET_HEADER: &str = "chizai ed25519 secret key v1";

/// A public key as shown to people and handed to auditors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicKeyInfo {
    /// The 32 public-key bytes as 64 hex digits.
    pub public_key: String,
    /// SHA-256 of the public key bytes, hex in groups of four.
    pub fingerprint: String,
}

impl PublicKeyInfo {
    /// The description of `key`.
    pub fn of(key: &VerifyingKey) -> Self {
        PublicKeyInfo {
            public_key: hex::encode(key.as_bytes()),
            fingerprint: fingerprint(key),
        }
    }
}

/// The key folder of the database at `db_path` (`<db dir>/keys`).
pub fn key_dir(db_path: &Path) -> PathBuf {
    db_path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."))
        .join(KEY_DIR)
}

/// The fingerprint of a public key: SHA-256 of its bytes, hex grouped by four.
pub fn fingerprint(key: &VerifyingKey) -> String {
    let digest = hex::encode(Sha256::digest(key.as_bytes()));
    digest
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Creates the key pair in `dir` unless one is there; returns its public key and whether it was made.
pub fn ensure_key_pair(dir: &Path) -> Result<(PublicKeyInfo, bool)> {
    if dir.join(SECRET_FILE).exists() {
        return Ok((load_public(dir)?, false));
    }
    Ok((create_key_pair(dir)?, true))
}

/// Creates a new key pair in `dir`; refuses to replace an existing one (snapshots signed with it
/// would no longer verify against the fingerprint the auditors hold).
pub fn create_key_pair(dir: &Path) -> Result<PublicKeyInfo> {
    let secret_path = dir.join(SECRET_FILE);
    if secret_path.exists() {
        return Err(SnapshotError::Key(format!(
            "{} already exists; the institution keeps one key pair (auditors hold its fingerprint)",
            secret_path.display()
        )));
    }
    create_private_dir(dir)?;
    let signing = SigningKey::generate(&mut rand::rngs::OsRng);
    let secret_text = format!(
        "{SECRET_HEADER}\n{}\n",
        hex::encode(signing.to_bytes().as_slice())
    );
    write_private(&secret_path, secret_text.as_bytes())?;
    let public = signing.verifying_key();
    let public_path = dir.join(PUBLIC_FILE);
    std::fs::write(
        &public_path,
        format!("{}\n", hex::encode(public.as_bytes())),
    )
    .map_err(|e| SnapshotError::io(&public_path, e))?;
    Ok(PublicKeyInfo::of(&public))
}

/// The public key in `dir`.
pub fn load_public(dir: &Path) -> Result<PublicKeyInfo> {
    Ok(PublicKeyInfo::of(&load_verifying(dir)?))
}

/// The public key in `dir`, as a key.
pub fn load_verifying(dir: &Path) -> Result<VerifyingKey> {
    let path = dir.join(PUBLIC_FILE);
    let text = std::fs::read_to_string(&path).map_err(|e| missing_key(&path, e))?;
    parse_public_hex(text.trim()).ok_or_else(|| {
        SnapshotError::Key(format!(
            "{} does not hold an Ed25519 public key (64 hex digits)",
            path.display()
        ))
    })
}

/// The signing key in `dir`; a key sealed by a passphrase is opened with `passphrase`, else the
/// one in `CHIZAI_KEY_PASSPHRASE` or the OS keyring (see [`super::sealed`]).
pub(crate) fn load_signing(dir: &Path, passphrase: Option<&str>) -> Result<SigningKey> {
    let path = dir.join(SECRET_FILE);
    let text = std::fs::read_to_string(&path).map_err(|e| missing_key(&path, e))?;
    if text.starts_with(sealed::SEALED_HEADER) {
        let given = sealed::passphrase(passphrase)?;
        let key = sealed::open(&text, &given, &path.display().to_string())?;
        return matching_public(dir, key);
    }
    let mut lines = text.lines();
    let bad = || {
        SnapshotError::Key(format!(
            "{} is not a Chizai secret key file; restore it from the institution's key backup",
            path.display()
        ))
    };
    if lines.next() != Some(SECRET_HEADER) {
        return Err(bad());
    }
    let bytes = lines
        .next()
        .and_then(|l| hex::decode(l.trim()).ok())
        .ok_or_else(bad)?;
    let seed: [u8; 32] = bytes.try_into().map_err(|_| bad())?;
    Ok(SigningKey::from_bytes(&seed))
}

/// `key` when it belongs to the public key auditors hold (a sealed file from another folder
/// would sign snapshots nobody can verify against the institution's fingerprint).
fn matching_public(dir: &Path, key: SigningKey) -> Result<SigningKey> {
    let public = load_verifying(dir)?;
    if key.verifying_key() != public {
        return Err(SnapshotError::Key(format!(
            "the secret key in {} does not belong to the public key beside it; restore the pair from the institution's key backup",
            dir.display()
        )));
    }
    Ok(key)
}

/// Whether the secret key in `dir` is sealed by a passphrase.
pub fn is_sealed(dir: &Path) -> Result<bool> {
    let path = dir.join(SECRET_FILE);
    let text = std::fs::read_to_string(&path).map_err(|e| missing_key(&path, e))?;
    Ok(text.starts_with(sealed::SEALED_HEADER))
}

/// Seals the secret key in `dir` with `new_passphrase` (or seals it again with a new one: the
/// current passphrase opens it first). The file is replaced atomically and stays 0600.
pub fn seal_key(dir: &Path, current: Option<&str>, new_passphrase: &str) -> Result<()> {
    let key = load_signing(dir, current)?;
    let text = sealed::seal(&key, new_passphrase)?;
    replace_private(&dir.join(SECRET_FILE), text.as_bytes())
}

/// Removes the passphrase: the secret key file holds the seed in the clear again (0600).
pub fn unseal_key(dir: &Path, current: Option<&str>) -> Result<()> {
    let key = load_signing(dir, current)?;
    let text = format!(
        "{SECRET_HEADER}\n{}\n",
        hex::encode(key.to_bytes().as_slice())
    );
    replace_private(&dir.join(SECRET_FILE), text.as_bytes())
}

fn replace_private(path: &Path, bytes: &[u8]) -> Result<()> {
    crate::atomic::write_atomically(path, bytes, &mut crate::progress::Progress::silent())?;
    crate::atomic::make_private(path).map_err(|e| SnapshotError::io(path, e))
}

/// What a verifier trusts, parsed from `--key`: a public key or a fingerprint (64 hex digits, any
/// spacing or colons, an optional `SHA256:` prefix), or a file holding one (e.g. the `.pub` file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustedKey {
    bytes: [u8; 32],
}

impl TrustedKey {
    /// Parses `--key`.
    pub fn parse(input: &str) -> Result<TrustedKey> {
        if let Some(k) = Self::parse_text(input) {
            return Ok(k);
        }
        let path = Path::new(input);
        if path.is_file() {
            let text = std::fs::read_to_string(path).map_err(|e| SnapshotError::io(path, e))?;
            if let Some(k) = Self::parse_text(&text) {
                return Ok(k);
            }
        }
        Err(SnapshotError::invalid(
            "--key",
            format!("{input:?} is neither a public key nor a fingerprint (64 hex digits, as `chizai key show` prints) nor a file holding one"),
        ))
    }

    /// The trust of a known public key.
    pub fn from_key(key: &VerifyingKey) -> Self {
        TrustedKey {
            bytes: *key.as_bytes(),
        }
    }

    /// The 32 bytes as hex in groups of four, as given (a fingerprint, or a public key).
    pub fn grouped(&self) -> String {
        group(&self.to_hex())
    }

    /// The 32 bytes as 64 hex digits (what the pinned-keys file holds).
    pub fn to_hex(&self) -> String {
        hex::encode(self.bytes)
    }

    pub(crate) fn parse_text(text: &str) -> Option<TrustedKey> {
        let text = text.trim();
        let text = text
            .strip_prefix("SHA256:")
            .or_else(|| text.strip_prefix("sha256:"))
            .unwrap_or(text);
        let digits: String = text
            .chars()
            .filter(|c| !c.is_whitespace() && *c != ':')
            .collect();
        let bytes = hex::decode(digits).ok()?;
        Some(TrustedKey {
            bytes: bytes.try_into().ok()?,
        })
    }

    /// True when `key` is this key, or this is `key`'s fingerprint.
    pub fn matches(&self, key: &VerifyingKey) -> bool {
        let digest: [u8; 32] = Sha256::digest(key.as_bytes()).into();
        self.bytes == *key.as_bytes() || self.bytes == digest
    }

    /// How the expected key is shown in a refusal.
    pub fn describe(&self) -> String {
        match VerifyingKey::from_bytes(&self.bytes) {
            Ok(k) => format!("{} (or the key with that fingerprint)", fingerprint(&k)),
            Err(_) => group(&hex::encode(self.bytes)),
        }
    }
}

fn group(hex: &str) -> String {
    hex.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

pub(crate) fn parse_public_hex(text: &str) -> Option<VerifyingKey> {
    let bytes: [u8; 32] = hex::decode(text).ok()?.try_into().ok()?;
    VerifyingKey::from_bytes(&bytes).ok()
}

fn missing_key(path: &Path, e: std::io::Error) -> SnapshotError {
    if e.kind() == std::io::ErrorKind::NotFound {
        SnapshotError::Key(format!(
            "no institution key at {}: create the key pair with `chizai key init` (chizai init does it for a new database)",
            path.display()
        ))
    } else {
        SnapshotError::io(path, e)
    }
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    if dir.is_dir() {
        return Ok(());
    }
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| SnapshotError::io(dir, e))
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| SnapshotError::io(dir, e))
}

fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(|e| SnapshotError::io(path, e))?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|e| SnapshotError::io(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_pair_is_created_once_with_a_private_secret() {
        let dir = tempfile::tempdir().unwrap();
        let keys = dir.path().join("keys");
        let (info, created) = ensure_key_pair(&keys).unwrap();
        assert!(created, "the first call creates the pair");
        let (again, created) = ensure_key_pair(&keys).unwrap();
        assert!(!created, "the second call keeps the existing pair");
        assert_eq!(info, again, "the key must not change once auditors hold it");
        assert!(
            create_key_pair(&keys).is_err(),
            "replacing the pair is refused"
        );
        let signing = load_signing(&keys, None).unwrap();
        assert_eq!(
            PublicKeyInfo::of(&signing.verifying_key()),
            info,
            "the secret and the public file belong together"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(keys.join(SECRET_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600, "only the owner may read the secret");
        }
    }

    #[test]
    fn trusted_key_accepts_key_fingerprint_and_file() {
        let dir = tempfile::tempdir().unwrap();
        let info = create_key_pair(dir.path()).unwrap();
        let key = load_verifying(dir.path()).unwrap();
        let other = SigningKey::from_bytes(&[7; 32]).verifying_key();
        let pub_file = dir.path().join(PUBLIC_FILE);
        for input in [
            info.public_key.clone(),
            info.fingerprint.clone(),
            format!("SHA256:{}", info.fingerprint.replace(' ', ":")),
            pub_file.display().to_string(),
        ] {
            let trusted = TrustedKey::parse(&input).unwrap();
            assert!(trusted.matches(&key), "{input} names the institution key");
            assert!(
                !trusted.matches(&other),
                "{input} must not match another key"
            );
        }
        assert!(TrustedKey::parse("abc").is_err(), "too short to be a key");
        assert_eq!(
            info.fingerprint.split(' ').count(),
            16,
            "64 hex digits in groups of four"
        );
    }
}
