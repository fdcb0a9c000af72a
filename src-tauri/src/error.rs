//! The one error type that crosses IPC: `{ code, message, field? }`.
//!
//! `code` is the core's closed [`ErrorCode`] (exported to TypeScript as
//! `ui/src/bindings/ErrorCode.ts`), so the UI picks its translated headline by code and never
//! matches on message strings. `message` is the core's English explanation (it names the input and
//! says what to do), shown beneath that headline. A validation error names its input in `field`,
//! apart from the message, so a form shows the message beside that input as it is.

use serde::Serialize;
use ts_rs::TS;

use chizai_core::error::Failure;

pub use chizai_core::error::ErrorCode;

/// The error every command returns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct CommandError {
    /// What kind of failure this is.
    pub code: ErrorCode,
    /// The detail for a person: what was wrong, what to do. It does not repeat `field`.
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

    /// A validation error on `field`: `message` is shown beside that input.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        CommandError {
            field: Some(field.into()),
            ..CommandError::new(ErrorCode::Validation, message)
        }
    }

    /// Any error of the core, as the desk shows it: its code, its field apart, the message
    /// without the field's name.
    pub fn from_failure(err: &impl Failure) -> Self {
        CommandError {
            code: err.code(),
            message: err.detail(),
            field: err.field().map(str::to_owned),
        }
    }
}

/// Every error type of the core converts the same way (`?` in a command).
impl<E: Failure> From<E> for CommandError {
    fn from(err: E) -> Self {
        CommandError::from_failure(&err)
    }
}

/// What every command returns.
pub type CommandResult<T> = Result<T, CommandError>;
