//! Auditor snapshots: one signed file holding the whole portfolio as of a day.
//!
//! Auditors (監事・監査法人) receive a snapshot, check that it is genuine and unaltered, open it
//! read-only, and compare it with last year's. This module:
//! * [`create`] — a consistent copy of the live database (its pages from one read transaction), the attachments, a manifest
//!   (as-of, created-at, institution, app and schema versions, row counts, audit head, digests) and the
//!   institution's Ed25519 signature, in the container described in [`format`];
//! * [`open`] — verification with a precise [`Rejection`] for every way a file can be wrong, then the
//!   database read-only and immutable ([`Opened`]); `chizai snapshot verify` and `--snapshot` use it;
//! * [`diff`] — what changed between two snapshots;
//! * [`key`] — the institution's key pair beside the database, and its fingerprint;
//! * [`desk`] — the desktop's snapshot folder, its listing, and a snapshot opened for auditor mode;
//! * [`trust`] — which signers a reader accepts (`--key`, else the keys pinned at this desk), and
//!   whether one audit history continues another.
//!
//! Attachments are stored content-addressed beside the database ([`crate::attachments`]:
//! `<data dir>/attachments/<aa>/<sha256>`). A snapshot carries every file the `attachment` table refers
//! to under the same relative path, and [`Opened::data_dir`] lays them out the same way, so the
//! attachment functions read a snapshot as they read the live data directory. Nothing else of the
//! data directory (never the keys) goes in.

#[cfg(test)]
mod compressed_tests;
mod contents;
mod create;
pub mod desk;
pub mod diff;
mod digest;
mod error;
pub mod format;
pub mod key;
mod open;
mod pack;
mod pages;
#[cfg(test)]
mod progress_tests;
mod scrub;
pub mod sealed;
#[cfg(test)]
mod tests;
pub mod trust;
mod unpack;

use std::path::{Path, PathBuf};

pub use create::{create, create_with_progress, CreateOptions, Created, CREATE_STEPS};
pub use diff::{diff, SnapshotDiff};
pub use error::{Rejection, Result, SnapshotError};
pub use format::Manifest;
pub use key::{PublicKeyInfo, TrustedKey};
pub use open::{open, open_with_progress, Opened};

/// The database's name inside a snapshot.
pub const DB_ENTRY: &str = "chizai.sqlite";

/// The data directory of the database at `db_path` (the folder holding it, its attachments and keys).
pub fn data_dir_of(db_path: &Path) -> PathBuf {
    db_path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The name of an attachment inside a snapshot: its path relative to the data directory.
pub(crate) fn attachment_entry(sha256: &str) -> String {
    format!(
        "attachments/{}/{sha256}",
        sha256.get(..2).unwrap_or_default()
    )
}

/// The public key and fingerprint of the institution owning the database at `db_path`, for the
/// board report and `chizai key show`.
pub fn institution_key(db_path: &Path) -> Result<PublicKeyInfo> {
    key::load_public(&key::key_dir(db_path))
}
