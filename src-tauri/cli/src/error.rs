//! The CLI's error: one line on stderr and an exit code. Core errors keep their message, which
//! names the input and what to do.

use chizai_core::error::CoreError;
use chizai_core::snapshot::SnapshotError;

/// A failure to report to the user.
#[derive(Debug)]
pub struct CliError {
    pub message: String,
    /// 1 for an error or a failed check; usage errors are clap's (2).
    pub exit_code: i32,
}

impl CliError {
    /// An error with exit code 1.
    pub fn new(message: impl Into<String>) -> Self {
        CliError {
            message: message.into(),
            exit_code: 1,
        }
    }
}

impl From<CoreError> for CliError {
    fn from(e: CoreError) -> Self {
        CliError::new(e.to_string())
    }
}

/// The CLI's result.
pub type CliResult<T> = Result<T, CliError>;

impl From<SnapshotError> for CliError {
    fn from(e: SnapshotError) -> Self {
        CliError::new(e.to_string())
    }
}
