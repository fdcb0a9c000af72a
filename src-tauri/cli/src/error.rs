//! The CLI's error: one line on stderr and an exit status. Core errors keep their message, which
//! names the input and what to do, and their [`ErrorCode`] chooses the exit status ([`exit_code`]),
//! so a script tells "no such record" from "the database is busy" without reading the text.

pub use chizai_core::error::{ErrorCode, Failure};

/// A failure to report to the user.
#[derive(Debug)]
pub struct CliError {
    pub message: String,
    /// [`exit_code`] of the error's code; 1 for a failed check or a failure the CLI itself found.
    pub exit_code: i32,
}

impl CliError {
    /// An error with exit status 1: a check that found a problem, or a failure of the CLI's own
    /// that no code names (a passphrase it could not read from the terminal).
    pub fn new(message: impl Into<String>) -> Self {
        CliError {
            message: message.into(),
            exit_code: 1,
        }
    }

    /// A command line the CLI refuses (a missing or contradictory argument): exit status 2, as
    /// clap's own usage errors.
    pub fn usage(message: impl Into<String>) -> Self {
        CliError {
            message: message.into(),
            exit_code: EXIT_USAGE,
        }
    }

    /// An error of kind `code`, exiting with that code's status.
    pub fn coded(code: ErrorCode, message: impl Into<String>) -> Self {
        CliError {
            message: message.into(),
            exit_code: exit_code(code),
        }
    }
}

/// The exit status of a usage error (clap's).
pub const EXIT_USAGE: i32 = 2;

/// The exit status of each kind of failure, after sysexits.h where it has a fitting value
/// (README.md, "Exit status"). 0 is success, 1 a failed check, 2 a usage error (clap's).
pub fn exit_code(code: ErrorCode) -> i32 {
    match code {
        // EX_DATAERR: the input data was incorrect.
        ErrorCode::Validation => 65,
        // EX_NOINPUT: the named record (or database) does not exist.
        ErrorCode::NotFound => 66,
        // EX_UNAVAILABLE: a server could not be reached or refused the login.
        ErrorCode::Server => 69,
        // EX_SOFTWARE: a fault in the program itself.
        ErrorCode::Internal => 70,
        // EX_CANTCREAT: the record could not be created as given, it clashes with a stored one.
        ErrorCode::Conflict => 73,
        // EX_IOERR: the database could not be read or written.
        ErrorCode::Storage => 74,
        // EX_TEMPFAIL: another writer held the database; nothing was written, try again later.
        ErrorCode::Busy => 75,
        // EX_PROTOCOL, the nearest free value: stored data or a snapshot failed its checks.
        ErrorCode::Integrity => 76,
        // EX_NOPERM: a write on a read-only database (an auditor snapshot or login).
        ErrorCode::ReadOnly => 77,
        // EX_CONFIG: the database is newer than this program.
        ErrorCode::Version => 78,
        // 128 + SIGINT, as a shell reports a task a person stopped.
        ErrorCode::Cancelled => 130,
    }
}

/// Every error type of the core, with its whole message (a validation error's field in front)
/// and the status of its code.
impl<E: Failure> From<E> for CliError {
    fn from(e: E) -> Self {
        CliError::coded(e.code(), e.to_string())
    }
}

/// The CLI's result.
pub type CliResult<T> = Result<T, CliError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_a_status_of_its_own_apart_from_success_checks_and_usage() {
        let codes = [
            ErrorCode::NotFound,
            ErrorCode::Validation,
            ErrorCode::Conflict,
            ErrorCode::Storage,
            ErrorCode::ReadOnly,
            ErrorCode::Integrity,
            ErrorCode::Version,
            ErrorCode::Cancelled,
            ErrorCode::Busy,
            ErrorCode::Server,
            ErrorCode::Internal,
        ];
        let mut statuses: Vec<i32> = codes.iter().map(|c| exit_code(*c)).collect();
        assert!(
            statuses.iter().all(|s| *s > EXIT_USAGE && *s <= 255),
            "0 is success, 1 a failed check, 2 usage; a status fits in a byte: {statuses:?}"
        );
        statuses.sort_unstable();
        statuses.dedup();
        assert_eq!(statuses.len(), codes.len(), "no two codes share a status");
        assert_eq!(
            exit_code(ErrorCode::Busy),
            75,
            "scripts already retry on 75"
        );
    }
}
