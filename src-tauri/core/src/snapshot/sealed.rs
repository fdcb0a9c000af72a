//! The signing key sealed by a passphrase, so a copied data folder (a backup, a lost laptop) does
//! not carry a usable key: whoever signs a snapshot must also know the passphrase.
//!
//! File (`keys/institution.ed25519.secret`, 0600):
//! ```text
//! chizai ed25519 secret key v2 argon2id m=19456 t=2 p=1
//! <salt: 16 bytes hex>
//! <nonce: 12 bytes hex>
//! <the 32-byte seed sealed by ChaCha20-Poly1305, with its tag: 48 bytes hex>
//! ```
//! The key-encryption key is Argon2id over the passphrase and the salt, with the parameters on the
//! header line (OWASP's minimum for Argon2id: 19 MiB, 2 passes, 1 lane), so stronger ones can be
//! chosen later without a new format. The AEAD tag makes a wrong passphrase a clear refusal,
//! never a wrong key that would sign snapshots auditors then reject.
//!
//! The passphrase comes from the caller (the desktop asks for it), else `CHIZAI_KEY_PASSPHRASE`,
//! else the OS keyring (service `chizai`, account [`KEYRING_ACCOUNT`]).

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use ed25519_dalek::SigningKey;
use rand::RngCore;
use zeroize::Zeroizing;

use super::error::{Result, SnapshotError};

/// The first line of a sealed secret key file (without its parameters).
pub const SEALED_HEADER: &str = "chizai ed25519 secret key v2 argon2id";
/// The environment variable a scheduled job gives the passphrase in.
pub const PASSPHRASE_ENV: &str = "CHIZAI_KEY_PASSPHRASE";
/// The OS keyring account that may hold the passphrase (service `chizai`).
pub const KEYRING_ACCOUNT: &str = "signing-key";
/// The shortest passphrase accepted when sealing.
pub const MIN_PASSPHRASE_CHARS: usize = 10;

const M_COST_KIB: u32 = 19_456;
const T_COST: u32 = 2;
const P_COST: u32 = 1;

/// The seed sealed with `passphrase`, as the file's text.
pub(crate) fn seal(signing: &SigningKey, passphrase: &str) -> Result<String> {
    if passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(SnapshotError::invalid(
            "passphrase",
            format!("is shorter than {MIN_PASSPHRASE_CHARS} characters: choose a longer one (a few words)"),
        ));
    }
    let mut salt = [0u8; 16];
    let mut nonce = [0u8; 12];
    rand::rngs::OsRng.fill_bytes(&mut salt);
    rand::rngs::OsRng.fill_bytes(&mut nonce);
    let kek = derive(passphrase, &salt, M_COST_KIB, T_COST, P_COST)?;
    let sealed = ChaCha20Poly1305::new(Key::from_slice(kek.as_slice()))
        .encrypt(Nonce::from_slice(&nonce), signing.to_bytes().as_slice())
        .map_err(|_| SnapshotError::Key("the key could not be sealed".to_owned()))?;
    Ok(format!(
        "{SEALED_HEADER} m={M_COST_KIB} t={T_COST} p={P_COST}\n{}\n{}\n{}\n",
        hex::encode(salt),
        hex::encode(nonce),
        hex::encode(sealed)
    ))
}

/// Opens a sealed key file's text (everything after the header line's prefix is read here).
pub(crate) fn open(text: &str, passphrase: &str, file: &str) -> Result<SigningKey> {
    let bad = || {
        SnapshotError::Key(format!(
            "{file} is not a readable sealed key file; restore it from the institution's key backup"
        ))
    };
    let mut lines = text.lines();
    let header = lines.next().ok_or_else(bad)?;
    let params = header.strip_prefix(SEALED_HEADER).ok_or_else(bad)?;
    let mut cost = [M_COST_KIB, T_COST, P_COST];
    for part in params.split_whitespace() {
        let (name, value) = part.split_once('=').ok_or_else(bad)?;
        let value: u32 = value.parse().map_err(|_| bad())?;
        match name {
            "m" => cost[0] = value,
            "t" => cost[1] = value,
            "p" => cost[2] = value,
            _ => return Err(bad()),
        }
    }
    let mut field = || lines.next().and_then(|l| hex::decode(l.trim()).ok());
    let salt = field().ok_or_else(bad)?;
    let nonce: [u8; 12] = field().ok_or_else(bad)?.try_into().map_err(|_| bad())?;
    let sealed = field().ok_or_else(bad)?;
    let kek = derive(passphrase, &salt, cost[0], cost[1], cost[2])?;
    let seed = Zeroizing::new(
        ChaCha20Poly1305::new(Key::from_slice(kek.as_slice()))
            .decrypt(Nonce::from_slice(&nonce), sealed.as_slice())
            .map_err(|_| {
                SnapshotError::invalid(
                    "passphrase",
                    "does not open the institution's signing key: check it and try again (nothing was written)",
                )
            })?,
    );
    let seed: [u8; 32] = seed.as_slice().try_into().map_err(|_| bad())?;
    Ok(SigningKey::from_bytes(&seed))
}

/// The passphrase to open the key with: the one given, else the environment, else the keyring.
pub(crate) fn passphrase(given: Option<&str>) -> Result<Zeroizing<String>> {
    if let Some(p) = given.filter(|p| !p.is_empty()) {
        return Ok(Zeroizing::new(p.to_owned()));
    }
    crate::secrets::lookup(PASSPHRASE_ENV, KEYRING_ACCOUNT)
        .map(|s| Zeroizing::new(s.value))
        .map_err(|why| {
            SnapshotError::invalid(
                "passphrase",
                format!("the institution's signing key is sealed by a passphrase and none was given ({why}): type it when asked, or set {PASSPHRASE_ENV} for a scheduled job"),
            )
        })
}

fn derive(passphrase: &str, salt: &[u8], m: u32, t: u32, p: u32) -> Result<Zeroizing<[u8; 32]>> {
    // Bounds keep a crafted header from asking for gigabytes or hours before the tag says no.
    if !(8..=1_048_576).contains(&m) || !(1..=16).contains(&t) || !(1..=8).contains(&p) {
        return Err(SnapshotError::Key(format!(
            "the sealed key's parameters m={m} t={t} p={p} are outside what Chizai accepts"
        )));
    }
    let params = Params::new(m, t, p, Some(32))
        .map_err(|e| SnapshotError::Key(format!("the sealed key's parameters: {e}")))?;
    let mut out = Zeroizing::new([0u8; 32]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(passphrase.as_bytes(), salt, out.as_mut_slice())
        .map_err(|e| SnapshotError::Key(format!("the passphrase could not be stretched: {e}")))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_right_passphrase_opens_the_key_and_a_wrong_one_is_refused_by_name() {
        let key = SigningKey::from_bytes(&[9; 32]);
        let text = seal(&key, "correct horse battery").unwrap();
        assert!(
            !text.contains(&hex::encode([9u8; 32])),
            "the seed is not in the file in the clear"
        );
        let opened = open(&text, "correct horse battery", "k").unwrap();
        assert_eq!(opened.to_bytes(), key.to_bytes());
        let wrong = open(&text, "correct horse battery!", "k").err().unwrap();
        assert!(
            matches!(&wrong, SnapshotError::Invalid { field, .. } if field == "passphrase"),
            "{wrong}"
        );
        assert!(seal(&key, "short").is_err(), "a too short passphrase");
    }

    #[test]
    fn a_crafted_header_cannot_ask_for_unbounded_work() {
        let key = SigningKey::from_bytes(&[3; 32]);
        let text = seal(&key, "correct horse battery").unwrap();
        let greedy = text.replacen("m=19456", "m=4000000000", 1);
        let err = open(&greedy, "correct horse battery", "k").err().unwrap();
        assert!(err.to_string().contains("outside"), "{err}");
        let flipped = {
            let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
            let last = lines.len() - 1;
            let flip = if lines[last].starts_with("00") {
                "01"
            } else {
                "00"
            };
            lines[last].replace_range(0..2, flip);
            lines.join("\n")
        };
        assert!(
            open(&flipped, "correct horse battery", "k").is_err(),
            "a changed byte of the sealed key is refused by the tag"
        );
    }
}
