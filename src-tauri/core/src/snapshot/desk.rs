//! Snapshots as the desk keeps them: a `snapshots` folder beside the database, a listing read from
//! each file's signed manifest, and an opened snapshot taken apart for auditor mode.
//!
//! The desktop lists and creates snapshots here so that staff never type a path; the CLI's
//! `--out` remains free. Verification trusts the institution's own key when the desk has one, so
//! a snapshot signed by another key is refused with *wrong key* rather than only fingerprinted.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::create::{create_with_progress, CreateOptions};
use super::data_dir_of;
use super::diff::{diff, SnapshotDiff};
use super::error::Result;
use super::format::Manifest;
use super::key::{self, TrustedKey};
use super::open::{open_with_progress, read_signed, Opened};
use crate::progress::Progress;
use crate::store::Store;

/// The desk's snapshot folder name, beside the database.
pub const DESK_DIR: &str = "snapshots";
/// The extension of a snapshot file.
pub const EXTENSION: &str = "chz";

/// The folder the desk keeps snapshots in: `<data dir>/snapshots`.
pub fn desk_dir(db_path: &Path) -> PathBuf {
    data_dir_of(db_path).join(DESK_DIR)
}

/// A snapshot in a list: what its signed manifest says. `problem` is set (and the rest is blank)
/// for a file in the folder that is not a readable, signed snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct SnapshotListing {
    /// The file.
    pub path: String,
    /// Its name, for the list.
    pub file_name: String,
    /// Its size in bytes.
    pub file_size: u64,
    /// The day it stands for.
    pub as_of: Option<NaiveDate>,
    /// When it was taken (UTC, RFC 3339).
    pub created_at: String,
    /// The note kept in the manifest.
    pub note: Option<String>,
    /// The institution named in it.
    pub institution: String,
    /// The fingerprint of the key that signed it.
    pub signer_fingerprint: String,
    /// Why the file could not be read as a snapshot.
    pub problem: Option<String>,
}

impl SnapshotListing {
    fn of(path: &Path, file_size: u64, manifest: &Manifest, fingerprint: String) -> Self {
        SnapshotListing {
            path: path.display().to_string(),
            file_name: file_name(path),
            file_size,
            as_of: Some(manifest.as_of),
            created_at: manifest.created_at.clone(),
            note: manifest.note.clone(),
            institution: manifest.institution.name.clone(),
            signer_fingerprint: fingerprint,
            problem: None,
        }
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The snapshots in `dir` (header, signature and manifest checked; the payload is not read — that
/// is [`verify`]), newest as-of first. A missing folder is an empty list.
pub fn list(dir: &Path) -> Result<Vec<SnapshotListing>> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some(EXTENSION) {
            continue;
        }
        let listing = match read_signed(&path, None) {
            Ok(s) => SnapshotListing::of(&path, s.file_len, &s.manifest, key::fingerprint(&s.key)),
            Err(e) => SnapshotListing {
                path: path.display().to_string(),
                file_name: file_name(&path),
                file_size: entry.metadata().map(|m| m.len()).unwrap_or(0),
                as_of: None,
                created_at: String::new(),
                note: None,
                institution: String::new(),
                signer_fingerprint: String::new(),
                problem: Some(e.to_string()),
            },
        };
        out.push(listing);
    }
    out.sort_by(|a, b| {
        (b.as_of, &b.created_at, &b.file_name).cmp(&(a.as_of, &a.created_at, &a.file_name))
    });
    Ok(out)
}

/// The institution's own key as the trusted signer, when the desk has one.
pub fn desk_trusted_key(db_path: &Path) -> Option<TrustedKey> {
    key::load_verifying(&key::key_dir(db_path))
        .ok()
        .map(|k| TrustedKey::from_key(&k))
}

/// Takes a snapshot of the desk's database into [`desk_dir`], named by its as-of date and the
/// moment it was taken (`snapshot-2026-03-31-20260401T093000Z.chz`). The institution's key pair is
/// created first if the desk has none yet (as `chizai demo` does).
pub fn create_at_desk(
    store: &Store,
    db_path: &Path,
    opts: &CreateOptions,
    progress: &mut Progress<'_>,
) -> Result<SnapshotListing> {
    // In auditor mode the open store is someone else's snapshot: refused before anything is
    // written — above all before a key pair is made here, after which the institution's genuine
    // snapshots would no longer be the only ones this desk trusts.
    if store.is_read_only() {
        return Err(crate::error::CoreError::ReadOnly(
            "creating a snapshot (close the auditor snapshot and take it at the institution's own desk)".into(),
        )
        .into());
    }
    let keys = key::key_dir(db_path);
    key::ensure_key_pair(&keys)?;
    let dir = desk_dir(db_path);
    crate::atomic::create_private_dir(&dir).map_err(|e| super::SnapshotError::io(&dir, e))?;
    let out = dir.join(desk_file_name(opts.as_of, opts.now));
    let created = create_with_progress(store, &keys, &out, opts, progress)?;
    Ok(SnapshotListing::of(
        &created.path,
        created.file_size,
        &created.manifest,
        created.signer.fingerprint,
    ))
}

/// `snapshot-<as-of>-<taken, UTC>.chz`: sorts by as-of date, and two snapshots of one day differ.
pub fn desk_file_name(as_of: NaiveDate, now: DateTime<Utc>) -> String {
    format!(
        "snapshot-{as_of}-{}.{EXTENSION}",
        now.format("%Y%m%dT%H%M%SZ")
    )
}

/// The result of verifying a snapshot: who signed it and what it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Verified {
    /// The file, as in the list.
    pub listing: SnapshotListing,
    /// Whether the signer was checked against the institution's key (else only the file's own).
    pub key_checked: bool,
    /// Entries in the audit trail inside, and its head hash.
    pub audit_rows: i64,
    /// The audit trail's head hash.
    pub audit_head: String,
    /// SHA-256 of the payload.
    pub content_sha256: String,
    /// Rows per table (tables with rows only).
    pub counts: BTreeMap<String, i64>,
}

impl Verified {
    /// The summary of an opened (hence verified) snapshot read from `path`.
    pub fn of(path: &Path, opened: &Opened) -> Self {
        let m = &opened.manifest;
        Verified {
            listing: SnapshotListing::of(
                path,
                opened.file_size,
                m,
                opened.signer.fingerprint.clone(),
            ),
            key_checked: opened.key_checked,
            audit_rows: m.audit.rows,
            audit_head: m.audit.head.clone(),
            content_sha256: m.payload.sha256.clone(),
            counts: m
                .counts
                .iter()
                .filter(|(_, n)| **n > 0)
                .map(|(t, n)| (t.clone(), *n))
                .collect(),
        }
    }
}

/// Verifies `path` completely (as `chizai snapshot verify`), trusting `trusted` when given.
pub fn verify(
    path: &Path,
    trusted: Option<&TrustedKey>,
    progress: &mut Progress<'_>,
) -> Result<Verified> {
    let opened = open_with_progress(path, trusted, progress)?;
    Ok(Verified::of(path, &opened))
}

/// Opens and compares two snapshots (the earlier first); progress runs over both files.
pub fn diff_files(
    old: &Path,
    new: &Path,
    trusted: Option<&TrustedKey>,
    progress: &mut Progress<'_>,
) -> Result<SnapshotDiff> {
    let a = open_with_progress(old, trusted, progress)?;
    let b = open_with_progress(new, trusted, progress)?;
    diff(&a, &b)
}

/// The files of an opened snapshot (its database and attachments in a temporary folder), kept for
/// as long as its store is in use and removed when dropped. Drop it after the store.
#[derive(Debug)]
pub struct HeldFiles {
    dir: tempfile::TempDir,
}

impl HeldFiles {
    /// The snapshot's data directory (attachments in the live layout).
    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().to_path_buf()
    }
}

impl Opened {
    /// Takes the snapshot apart for auditor mode: the read-only store to put in place of the
    /// desk's, the summary for the banner, and the files to keep until the store is closed.
    pub fn into_parts(self, path: &Path) -> (Store, Verified, HeldFiles) {
        let verified = Verified::of(path, &self);
        (self.store, verified, HeldFiles { dir: self.dir })
    }
}

/// Verifies `path` and opens it for auditor mode (see [`Opened::into_parts`]).
pub fn open_for_audit(
    path: &Path,
    trusted: Option<&TrustedKey>,
    progress: &mut Progress<'_>,
) -> Result<(Store, Verified, HeldFiles)> {
    Ok(open_with_progress(path, trusted, progress)?.into_parts(path))
}
