//! Whose snapshots a reader accepts, and whether histories continue each other.
//!
//! A snapshot proves only that *some* key signed it; what makes it the institution's is that the
//! key is the one the reader expects. So every reader (`--snapshot`, `snapshot verify`/`diff`, the
//! auditor desk) checks the signer against, in this order: the key given for this one command
//! (`--key`), else the keys **pinned** at this desk — the institution's own public key when this
//! desk has the key pair, and every key pinned with `chizai key trust FINGERPRINT` (or the settings
//! screen), kept one per line in `<data dir>/keys/trusted.txt`. A file signed by any other key is
//! refused with the signer's fingerprint and how to pin it; the fingerprint is never hidden.
//!
//! The audit trail is checked across time too: [`check_continues`] proves a later history starts
//! with an earlier one (the row an earlier snapshot signed as its head is still there, with the same
//! hash), which `audit verify` applies to the live database against the newest snapshot, and
//! `snapshot diff` to two snapshots.

use std::io::Write as _;
use std::path::Path;

use crate::store::{Conn, OptionalExtension};

use super::format::AuditHead;
use super::key::{self, TrustedKey};
use super::open::{open_with_progress, read_signed, Opened};
use super::{diff, Rejection, Result, SnapshotDiff, SnapshotError};
use crate::progress::Progress;

/// The file of pinned keys in the key folder.
pub const TRUSTED_FILE: &str = "trusted.txt";

/// The keys a reader at the database `db_path` accepts without `--key`: the desk's own public key
/// (if it has a key pair) and every pinned one.
pub fn pinned(db_path: &Path) -> Result<Vec<TrustedKey>> {
    let dir = key::key_dir(db_path);
    let mut keys = Vec::new();
    if dir.join(key::PUBLIC_FILE).exists() {
        // Kept as its fingerprint, which is how people see and compare it.
        let own = key::fingerprint(&key::load_verifying(&dir)?);
        keys.extend(TrustedKey::parse_text(&own));
    }
    let file = dir.join(TRUSTED_FILE);
    match std::fs::read_to_string(&file) {
        Ok(text) => {
            for (n, line) in text.lines().enumerate() {
                let line = line.split('#').next().unwrap_or_default().trim();
                if line.is_empty() {
                    continue;
                }
                let k = TrustedKey::parse_text(line).ok_or_else(|| {
                    SnapshotError::Key(format!(
                        "{} line {}: {line:?} is not a key or fingerprint (64 hex digits); correct or delete the line",
                        file.display(),
                        n + 1
                    ))
                })?;
                keys.push(k);
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(SnapshotError::io(&file, e)),
    }
    Ok(keys)
}

/// Pins `input` (a fingerprint, a public key, or a file holding one) at the desk of `db_path`;
/// returns the key and whether it was new. The key folder is created private (0700) if missing.
pub fn pin(db_path: &Path, input: &str, note: &str) -> Result<(TrustedKey, bool)> {
    let trusted = TrustedKey::parse(input)?;
    if pinned(db_path)?.contains(&trusted) {
        return Ok((trusted, false));
    }
    let dir = key::key_dir(db_path);
    crate::atomic::create_private_dir(&dir).map_err(|e| SnapshotError::io(&dir, e))?;
    let file = dir.join(TRUSTED_FILE);
    let mut out = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&file)
        .map_err(|e| SnapshotError::io(&file, e))?;
    let note = note.replace(['\n', '\r'], " ");
    writeln!(out, "{}  # {note}", trusted.to_hex())
        .and_then(|()| out.sync_all())
        .map_err(|e| SnapshotError::io(&file, e))?;
    Ok((trusted, true))
}

/// The key `path` must be checked against: `explicit` when given, else the pinned key that signed
/// it; a signer that is neither is refused with its fingerprint and how to pin it.
pub fn choose(
    path: &Path,
    explicit: Option<&TrustedKey>,
    pinned: &[TrustedKey],
) -> Result<TrustedKey> {
    if let Some(k) = explicit {
        return Ok(k.clone());
    }
    let signer = read_signed(path, None)?.key;
    if let Some(k) = pinned.iter().find(|k| k.matches(&signer)) {
        return Ok(k.clone());
    }
    let found = key::fingerprint(&signer);
    let expected = if pinned.is_empty() {
        format!("a key pinned on this computer, and none is: if {found} is the fingerprint the institution gave you, pin it with `chizai key trust {found}` (or in the settings), or pass --key")
    } else {
        let list: Vec<String> = pinned.iter().map(TrustedKey::grouped).collect();
        format!(
            "one pinned on this computer ({}): if {found} is genuinely the institution's, pin it with `chizai key trust {found}` (or in the settings), or pass --key",
            list.join("; ")
        )
    };
    Err(Rejection::WrongKey { expected, found }.into())
}

/// Verifies and opens `path` against `explicit` or the pinned keys (see [`choose`]).
pub fn open_pinned(
    path: &Path,
    explicit: Option<&TrustedKey>,
    pinned: &[TrustedKey],
    progress: &mut Progress<'_>,
) -> Result<Opened> {
    let key = choose(path, explicit, pinned)?;
    open_with_progress(path, Some(&key), progress)
}

/// Opens two snapshots against `explicit` or the pinned keys and compares them ([`diff`] checks
/// the newer history continues the older one).
pub fn diff_pinned(
    old: &Path,
    new: &Path,
    explicit: Option<&TrustedKey>,
    pinned: &[TrustedKey],
    progress: &mut Progress<'_>,
) -> Result<SnapshotDiff> {
    let a = open_pinned(old, explicit, pinned, progress)?;
    let b = open_pinned(new, explicit, pinned, progress)?;
    diff(&a, &b)
}

/// What `audit verify` checked the live history against: the newest trusted snapshot's signed head.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CheckedAgainst {
    /// The snapshot file.
    pub file: String,
    /// The day it stands for.
    pub as_of: chrono::NaiveDate,
    /// The audit rows and head signed into it.
    pub rows: i64,
    pub head: String,
}

/// The newest snapshot (by the moment it was taken) in the desk's snapshot folder, if any.
pub fn latest_desk_snapshot(db_path: &Path) -> Option<std::path::PathBuf> {
    let listed = super::desk::list(&super::desk::desk_dir(db_path)).ok()?;
    listed
        .into_iter()
        .filter(|l| l.problem.is_none())
        .max_by(|a, b| a.created_at.cmp(&b.created_at))
        .map(|l| std::path::PathBuf::from(l.path))
}

/// Checks the live history in `conn` continues the one signed into `snapshot` (whose signer must
/// be pinned, see [`choose`]); a rewritten or truncated history since is an
/// [`Rejection::AuditChainBroken`].
pub fn check_live_against(
    conn: &Conn,
    snapshot: &Path,
    pinned: &[TrustedKey],
) -> Result<CheckedAgainst> {
    let key = choose(snapshot, None, pinned)?;
    let signed = read_signed(snapshot, Some(&key))?;
    let m = &signed.manifest;
    check_continues(
        conn,
        &m.audit,
        &format!("the live audit trail, against {}", snapshot.display()),
    )?;
    Ok(CheckedAgainst {
        file: snapshot.display().to_string(),
        as_of: m.as_of,
        rows: m.audit.rows,
        head: m.audit.head.clone(),
    })
}

/// Checks that the history in `conn` starts with the one `earlier` was signed with: its row
/// `earlier.rows` is there with the hash `earlier.head` (every row before it is bound to it by the
/// chain, which [`crate::store::audit::verify`] walks). A rewritten or truncated history is refused.
pub fn check_continues(conn: &Conn, earlier: &AuditHead, what: &str) -> Result<()> {
    if earlier.rows == 0 {
        return Ok(());
    }
    let hash: Option<String> = conn
        .query_row(
            "SELECT hash FROM audit_log WHERE seq = ?1",
            [earlier.rows],
            |r| {
                Ok(hex::encode(crate::store::audit::stored_bytes(
                    r.get_ref(0)?,
                )))
            },
        )
        .optional()?;
    match hash {
        Some(h) if h == earlier.head => Ok(()),
        Some(h) => Err(Rejection::AuditChainBroken {
            seq: earlier.rows,
            reason: format!(
                "{what}: entry {} has hash {h}, but {} was signed into the earlier snapshot — the history was rewritten since",
                earlier.rows, earlier.head
            ),
        }
        .into()),
        None => Err(Rejection::AuditChainBroken {
            seq: earlier.rows,
            reason: format!(
                "{what}: the earlier snapshot's history has {} entries and this one stops before them — the history was truncated since",
                earlier.rows
            ),
        }
        .into()),
    }
}

#[cfg(test)]
mod tests;
