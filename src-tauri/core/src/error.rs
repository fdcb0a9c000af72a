//! The core's error type: one enum for every failure the faces (CLI, desktop) must show a person.
//!
//! Each variant maps to a stable [`ErrorCode`] so the UI and scripts never match on message text;
//! the code is the one closed set both faces use (the desk's `CommandError.code`, exported to
//! TypeScript as `ErrorCode`; `chizai`'s exit status). Every error type of the core answers the
//! same three questions through [`Failure`]: its code, the input a validation error is about, and
//! the message without that input's name in front. Messages name the input that was wrong and say
//! what to do; they are English here and the UI catalogues give the Japanese headline for each code.

use serde::Serialize;
use ts_rs::TS;

/// Every kind of failure the faces distinguish: the desk picks its translated headline by it,
/// `chizai` its exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The named record does not exist.
    NotFound,
    /// The input is wrong; `field` names the input.
    Validation,
    /// The input clashes with what is stored (a duplicate number, a record in use).
    Conflict,
    /// The database file could not be read or written.
    Storage,
    /// A write was attempted on a read-only database (an auditor snapshot, an auditor's login).
    ReadOnly,
    /// Stored data failed an integrity check (audit chain, snapshot signature, migration checksum).
    Integrity,
    /// The database was written by a newer Chizai.
    Version,
    /// A person stopped a long task; nothing it had begun to write was kept.
    Cancelled,
    /// Another writer held the database for longer than a write waits (30 s); nothing was written.
    Busy,
    /// A server could not be reached or refused the login: the office's database server, or the
    /// mail server of the reminders.
    Server,
    /// A fault in the program itself (a damaged binary, a lock poisoned by an earlier panic).
    Internal,
}

/// What a face needs of any error the core returns. `Display` gives the whole line (with a
/// validation error's field in front, as the CLI and the logs print it); a face that shows the
/// field apart — the desk's form, beside its input — takes [`Failure::field`] and
/// [`Failure::detail`] instead and never cuts the line apart.
pub trait Failure: std::error::Error {
    /// The stable code.
    fn code(&self) -> ErrorCode;
    /// The input a validation error is about (`application.filed_on`); None for other failures.
    fn field(&self) -> Option<&str> {
        None
    }
    /// The message without the field's name in front.
    fn detail(&self) -> String {
        self.to_string()
    }
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
    /// A server (the office's database server, the reminders' mail server) could not be reached
    /// or refused the login; the message says what to do.
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
}

impl Failure for CoreError {
    fn code(&self) -> ErrorCode {
        match self {
            CoreError::NotFound { .. } => ErrorCode::NotFound,
            CoreError::Validation { .. } | CoreError::Json(_) => ErrorCode::Validation,
            CoreError::Conflict(_) => ErrorCode::Conflict,
            CoreError::ReadOnly(_) => ErrorCode::ReadOnly,
            CoreError::Integrity(_) => ErrorCode::Integrity,
            CoreError::Version(_) => ErrorCode::Version,
            CoreError::Cancelled => ErrorCode::Cancelled,
            CoreError::Busy { .. } => ErrorCode::Busy,
            CoreError::Server(_) => ErrorCode::Server,
            CoreError::Sqlite(e) if is_constraint(e) => ErrorCode::Conflict,
            CoreError::Sqlite(_) | CoreError::Io { .. } => ErrorCode::Storage,
            CoreError::Postgres(e) => pg_code(e),
        }
    }

    fn field(&self) -> Option<&str> {
        match self {
            CoreError::Validation { field, .. } => Some(field),
            _ => None,
        }
    }

    fn detail(&self) -> String {
        match self {
            CoreError::Validation { message, .. } => message.clone(),
            other => other.to_string(),
        }
    }
}

/// The code of a server's error: its SQLSTATE class, or [`ErrorCode::Server`] when the
/// connection itself was lost (no SQLSTATE, a closed connection or a network error).
fn pg_code(e: &postgres::Error) -> ErrorCode {
    use postgres::error::SqlState;
    match e.code() {
        Some(c) if c.code().starts_with("23") => ErrorCode::Conflict,
        // Class 08: connection exception.
        Some(c) if c.code().starts_with("08") => ErrorCode::Server,
        Some(c) if *c == SqlState::INSUFFICIENT_PRIVILEGE => ErrorCode::ReadOnly,
        Some(c) if *c == SqlState::LOCK_NOT_AVAILABLE => ErrorCode::Busy,
        Some(_) => ErrorCode::Storage,
        None if e.is_closed()
            || std::error::Error::source(e).is_some_and(|s| s.is::<std::io::Error>()) =>
        {
            ErrorCode::Server
        }
        None => ErrorCode::Storage,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_validation_error_gives_its_field_apart_and_the_whole_line_when_displayed() {
        let err = CoreError::invalid("application.filed_on", "2024-02-30 is not a date");
        assert_eq!(err.code(), ErrorCode::Validation);
        assert_eq!(err.field(), Some("application.filed_on"));
        assert_eq!(
            err.detail(),
            "2024-02-30 is not a date",
            "the desk shows the message beside the field, without the field's name"
        );
        assert_eq!(
            err.to_string(),
            "application.filed_on: 2024-02-30 is not a date",
            "the CLI and the logs print the field in front"
        );
    }

    #[test]
    fn other_errors_have_no_field_and_their_detail_is_the_whole_message() {
        let err = CoreError::not_found("application", "A-1");
        assert_eq!(err.field(), None);
        assert_eq!(err.detail(), err.to_string());
        assert_eq!(err.code(), ErrorCode::NotFound);
    }

    #[test]
    fn a_server_that_cannot_be_reached_has_a_code_of_its_own_not_storage() {
        let err = CoreError::Server("cannot reach the database server at db.example".into());
        assert_eq!(err.code(), ErrorCode::Server);
    }
}
