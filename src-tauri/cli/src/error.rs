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

/// The exit code of a write that gave up waiting for another writer (sysexits' EX_TEMPFAIL:
/// nothing was written, try again later).
pub const EXIT_BUSY: i32 = 75;

impl From<CoreError> for CliError {
    fn from(e: CoreError) -> Self {
        let exit_code = match e.code() {
            chizai_core::error::ErrorCode::Busy => EXIT_BUSY,
            _ => 1,
        };
        CliError {
            message: e.to_string(),
            exit_code,
        }
    }
}

/// The CLI's result.
pub type CliResult<T> = Result<T, CliError>;

impl From<SnapshotError> for CliError {
    fn from(e: SnapshotError) -> Self {
        match e {
            SnapshotError::Core(core) => core.into(),
            other => CliError::new(other.to_string()),
        }
    }
}
