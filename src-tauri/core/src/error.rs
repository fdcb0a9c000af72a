//! The core's error type: one enum for every failure the faces (CLI, desktop) must show a person.
//!
//! Each variant maps to a stable [`ErrorCode`] so the UI and scripts never match on message text.
//! Messages name the input that was wrong and say what to do; they are English here and the UI
//! catalogues give the Japanese for each code.

use serde::Serialize;

/// Stable, closed set of error kinds that cross to the UI and to `chizai`'s exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The named record does not exist.
    NotFound,
    /// The input is wrong; the message names the field.
    Validation,
    /// The input clashes with what is stored (a duplicate number, a record in use).
    Conflict,
    /// The database file could not be read or written.
    Storage,
    /// A write was attempted on a read-only database (an auditor snapshot).
    ReadOnly,
    /// Stored data failed an integrity check (a broken audit chain, an edited migration).
    Integrity,
    /// The database was written by a newer Chizai.
    Version,
    /// A person stopped a long task; nothing it had begun to write was kept.
    Cancelled,
    /// Another writer held the database for longer than a write waits; nothing was written.
    Busy,
}

/// Everything that can go wrong in chizai-core.
#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    #[error("{what} not found: {key}")]
    NotFound { what: &'static str, key: String },
    #[error("{field}: {message}")]
    Validation { field: String, message: String },
    #[error("{0}")]
    Conflict(String),
    #[error("this database is opened read-only (an auditor snapshot, or an auditor's login on the office server): {0} is refused")]
    ReadOnly(String),
    #[error("integrity check failed: {0}")]
    Integrity(String),
    #[error("{0}")]
    Version(String),
    #[error("cancelled: nothing was written")]
    Cancelled,
    #[error("another program is writing to {path} and still held it after {waited_secs} s of waiting; nothing was written — wait for the other task (an import, a recompute, another Chizai window) to finish, then try again")]
    Busy { path: String, waited_secs: u64 },
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The office server could not be reached or refused the login (the message says what to do).
    #[error("{0}")]
    Server(String),
    #[error("{}", crate::error::pg_message(.0))]
    Postgres(#[from] postgres::Error),
    #[error("file error ({path}): {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("JSON error: {0}")]
    Json(#[from] serde_json::Error),
}

impl CoreError {
    /// A validation error on `field`.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        CoreError::Validation {
            field: field.into(),
            message: message.into(),
        }
    }

    /// A missing record of kind `what` identified by `key`.
    pub fn not_found(what: &'static str, key: impl ToString) -> Self {
        CoreError::NotFound {
            what,
            key: key.to_string(),
        }
    }

    /// An I/O error on `path`.
    pub fn io(path: impl AsRef<std::path::Path>, source: std::io::Error) -> Self {
        CoreError::Io {
            path: path.as_ref().display().to_string(),
            source,
        }
    }

    /// The stable code for this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            CoreError::NotFound { .. } => ErrorCode::NotFound,
            CoreError::Validation { .. } | CoreError::Json(_) => ErrorCode::Validation,
            CoreError::Conflict(_) => ErrorCode::Conflict,
            CoreError::ReadOnly(_) => ErrorCode::ReadOnly,
            CoreError::Integrity(_) => ErrorCode::Integrity,
            CoreError::Version(_) => ErrorCode::Version,
            CoreError::Cancelled => ErrorCode::Cancelled,
            CoreError::Busy { .. } => ErrorCode::Busy,
            CoreError::Sqlite(e) if is_constraint(e) => ErrorCode::Conflict,
            CoreError::Sqlite(_) | CoreError::Io { .. } | CoreError::Server(_) => {
                ErrorCode::Storage
            }
            CoreError::Postgres(e) => match e.code() {
                Some(c) if c.code().starts_with("23") => ErrorCode::Conflict,
                Some(c) if *c == postgres::error::SqlState::INSUFFICIENT_PRIVILEGE => {
                    ErrorCode::ReadOnly
                }
                Some(c) if *c == postgres::error::SqlState::LOCK_NOT_AVAILABLE => ErrorCode::Busy,
                _ => ErrorCode::Storage,
            },
        }
    }
}

/// True when SQLite gave up waiting for another connection's lock (`SQLITE_BUSY`/`SQLITE_LOCKED`).
pub fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _)
        if matches!(f.code, rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked))
}

fn is_constraint(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::ConstraintViolation)
}

/// True when the server gave up waiting for another desk's lock (`lock_timeout`).
pub fn is_pg_lock_timeout(e: &postgres::Error) -> bool {
    e.code() == Some(&postgres::error::SqlState::LOCK_NOT_AVAILABLE)
}

/// The server's error as one line a person can act on: its own message (and detail), plus what to
/// do for the failures an office meets (no privilege, server gone).
pub fn pg_message(e: &postgres::Error) -> String {
    use postgres::error::SqlState;
    let Some(db) = e.as_db_error() else {
        return format!(
            "database server error: {e}; check that the server is running and reachable"
        );
    };
    let mut text = format!("database server: {}", db.message());
    if let Some(detail) = db.detail() {
        text.push_str(&format!(" ({detail})"));
    }
    if *db.code() == SqlState::INSUFFICIENT_PRIVILEGE {
        text.push_str("; your login's role does not allow this: ask a Chizai administrator (`chizai server grant LOGIN --as staff|admin`)");
    }
    text
}

/// Result alias used throughout the core.
pub type Result<T, E = CoreError> = std::result::Result<T, E>;
