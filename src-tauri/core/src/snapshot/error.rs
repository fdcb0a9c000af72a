//! Why a snapshot was refused, and the other ways the snapshot functions fail.
//!
//! [`Rejection`] is the verdict of verification: each variant is one precise reason an auditor can act
//! on, with a stable code (`content_altered`, `signature_invalid`, …) for scripts and the UI.
//! [`SnapshotError`] wraps it with the failures that are not about the file (no key, a full disk).

use serde::Serialize;

use crate::error::{CoreError, ErrorCode, Failure};

/// The precise reason a file is not a genuine, unaltered snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Rejection {
    /// The file does not start with the snapshot magic bytes.
    #[error("not a Chizai snapshot: {detail}")]
    NotASnapshot { detail: String },
    /// The file ends before the end its header and manifest declare.
    #[error("the file is truncated: {detail}")]
    Truncated { detail: String },
    /// Bytes were added after the end of the signed content.
    #[error("{extra_bytes} bytes were appended after the signed content")]
    AppendedData { extra_bytes: u64 },
    /// The fixed header fails its own checksum (a byte of it was changed).
    #[error("the header was altered (its checksum does not match)")]
    HeaderDamaged,
    /// Written by a newer Chizai (container format or database schema).
    #[error("written by a newer Chizai ({what} version {found}, this program reads up to {supported}): install the newer Chizai to open it")]
    NewerFormat {
        what: String,
        found: u32,
        supported: u32,
    },
    /// The signature does not match the header and manifest: one of them, or the signature, was altered.
    #[error("the signature is invalid: the manifest or the signature was altered after signing")]
    SignatureInvalid,
    /// A valid signature, but by another key than the one the verifier trusts.
    #[error("signed by another key: the file's key has fingerprint {found}, the expected key is {expected}")]
    WrongKey { expected: String, found: String },
    /// The payload (database or attachments) differs from what the manifest's digests describe.
    #[error("the content was altered: {detail}")]
    ContentAltered { detail: String },
    /// The audit trail inside the snapshot does not hold.
    #[error("the audit trail inside is broken at entry {seq}: {reason}")]
    AuditChainBroken { seq: i64, reason: String },
    /// The manifest's claims (counts, audit head, attachments) differ from the database inside.
    #[error("the manifest does not describe the database inside: {detail}")]
    ManifestMismatch { detail: String },
    /// The database inside cannot be read.
    #[error("the database inside is damaged: {detail}")]
    DatabaseDamaged { detail: String },
}

impl Rejection {
    /// The stable code of this reason (the JSON `code`).
    pub fn code(&self) -> &'static str {
        match self {
            Rejection::NotASnapshot { .. } => "not_a_snapshot",
            Rejection::Truncated { .. } => "truncated",
            Rejection::AppendedData { .. } => "appended_data",
            Rejection::HeaderDamaged => "header_damaged",
            Rejection::NewerFormat { .. } => "newer_format",
            Rejection::SignatureInvalid => "signature_invalid",
            Rejection::WrongKey { .. } => "wrong_key",
            Rejection::ContentAltered { .. } => "content_altered",
            Rejection::AuditChainBroken { .. } => "audit_chain_broken",
            Rejection::ManifestMismatch { .. } => "manifest_mismatch",
            Rejection::DatabaseDamaged { .. } => "database_damaged",
        }
    }
}

/// Everything that can go wrong creating, verifying, opening or comparing snapshots.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    /// The file was checked and refused.
    #[error("{0}")]
    Rejected(#[from] Rejection),
    /// The institution's key pair is missing or unreadable, or a `--key` argument is not a key.
    #[error("{0}")]
    Key(String),
    /// An argument is wrong; the message names it.
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    #[error(transparent)]
    Core(#[from] CoreError),
    #[error("file error ({path}): {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

impl SnapshotError {
    pub(crate) fn io(path: impl AsRef<std::path::Path>, source: std::io::Error) -> Self {
        SnapshotError::Io {
            path: path.as_ref().display().to_string(),
            source,
        }
    }

    pub(crate) fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        SnapshotError::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }

    /// The rejection, when the file itself was refused.
    pub fn rejection(&self) -> Option<&Rejection> {
        match self {
            SnapshotError::Rejected(r) => Some(r),
            _ => None,
        }
    }
}

impl Failure for SnapshotError {
    fn code(&self) -> ErrorCode {
        match self {
            SnapshotError::Rejected(Rejection::NewerFormat { .. }) => ErrorCode::Version,
            SnapshotError::Rejected(_) => ErrorCode::Integrity,
            SnapshotError::Key(_) | SnapshotError::Invalid { .. } => ErrorCode::Validation,
            SnapshotError::Core(e) => e.code(),
            SnapshotError::Io { .. } => ErrorCode::Storage,
        }
    }

    fn field(&self) -> Option<&str> {
        match self {
            SnapshotError::Invalid { field, .. } => Some(field),
            SnapshotError::Core(e) => e.field(),
            _ => None,
        }
    }

    fn detail(&self) -> String {
        match self {
            SnapshotError::Invalid { message, .. } => message.clone(),
            SnapshotError::Core(e) => e.detail(),
            other => other.to_string(),
        }
    }
}

impl From<rusqlite::Error> for SnapshotError {
    fn from(e: rusqlite::Error) -> Self {
        SnapshotError::Core(CoreError::from(e))
    }
}

/// Result alias of the snapshot module.
pub type Result<T, E = SnapshotError> = std::result::Result<T, E>;
