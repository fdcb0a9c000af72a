//! What the shell keeps between commands: where the database is.
//!
//! The database path is the CLI's: `CHIZAI_DB` when set, else `chizai.sqlite` in the OS data
//! directory (`directories`' `ProjectDirs`, the same call the CLI makes), so `chizai` and the app
//! always look at the same file.

use std::path::PathBuf;

use crate::error::{CommandError, ErrorCode};

/// Shell state managed by Tauri.
#[derive(Debug)]
pub struct AppState {
    /// The database file this window works on.
    pub db_path: PathBuf,
}

impl AppState {
    /// State for the database named by the environment or the OS default.
    pub fn from_env() -> Result<AppState, CommandError> {
        Ok(AppState {
            db_path: db_path_from_env()?,
        })
    }
}

/// `CHIZAI_DB`, else the OS data directory's `chizai.sqlite`.
pub fn db_path_from_env() -> Result<PathBuf, CommandError> {
    if let Some(path) = std::env::var_os("CHIZAI_DB").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(path));
    }
    directories::ProjectDirs::from("jp.ac", "Chizai", "Chizai")
        .map(|dirs| dirs.data_dir().join("chizai.sqlite"))
        .ok_or_else(|| {
            CommandError::new(
                ErrorCode::Storage,
                "no home directory to keep the database in: set CHIZAI_DB to a file path",
            )
        })
}
