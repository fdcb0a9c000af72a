//! The one error type that crosses IPC: `{ code, message }`.
//!
//! `code` is a closed enum exported to TypeScript (`ui/src/bindings/ErrorCode.ts`), so the UI picks
//! its translated text by code and never matches on message strings. `message` is the core's
//! English explanation (it names the input and says what to do), shown beneath the translated
//! headline for the details a catalogue cannot know.

use serde::Serialize;
use ts_rs::TS;

/// Every kind of failure the UI distinguishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The named record does not exist.
    NotFound,
    /// The input is wrong; the message names the field.
    Validation,
    /// The input clashes with what is stored (a duplicate number, a record in use).
    Conflict,
    /// The database file could not be read or written.
    Storage,
    /// A write was attempted in auditor mode (a read-only snapshot).
    ReadOnly,
    /// Stored data failed an integrity check (audit chain, snapshot signature, migration checksum).
    Integrity,
    /// The database was written by a newer Chizai.
    Version,
    /// The user cancelled a long task.
    Cancelled,
    /// Another writer held the database longer than a write waits (30 s); nothing was written.
    Busy,
    /// A fault in the app itself (a lock poisoned by an earlier panic); restart the app.
    Internal,
}

/// The error every command returns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct CommandError {
    /// What kind of failure this is.
    pub code: ErrorCode,
    /// The detail for a person: which input, what to do.
    pub message: String,
    /// The input a validation error is about (`application.inventors`, `filed_on`, …), so a form
    /// shows the message beside that input; absent for every other kind of failure.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub field: Option<String>,
}

impl CommandError {
    /// An error of kind `code` with `message`.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        CommandError {
            code,
            message: message.into(),
            field: None,
        }
    }
}

/// What every command returns.
pub type CommandResult<T> = Result<T, CommandError>;
