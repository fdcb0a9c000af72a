//! What the shell keeps between commands: the open store.
//!
//! The database is the CLI's (`chizai_core::paths::default_db_path`: `CHIZAI_DB` when set, else
//! `chizai.sqlite` in the OS data directory), so `chizai` and the app look at one file. On first
//! start with no database the demo institution is created, so the desk never opens empty.
//!
//! The store is one SQLite connection behind a `Mutex`: commands are short (a page of rows, one
//! detail) and one person works at the desk, so a queue of one is the right shape.

use std::path::PathBuf;
use std::sync::Mutex;

use chizai_core::demo::{self, DemoOptions};
use chizai_core::error::CoreError;
use chizai_core::store::Store;
use chrono::{Local, Utc};
use rusqlite::Connection;

use crate::error::{CommandError, CommandResult, ErrorCode};

/// The demo's seed: the CLI's default, so `chizai demo` and the app's first start agree.
const DEMO_SEED: u64 = 2004;

/// Shell state managed by Tauri.
#[derive(Debug)]
pub struct AppState {
    /// The database file this window works on.
    pub db_path: PathBuf,
    store: Mutex<Store>,
}

impl AppState {
    /// Opens the default database, creating the demo institution when there is none yet.
    pub fn open() -> CommandResult<AppState> {
        let db_path = chizai_core::paths::default_db_path().ok_or_else(|| {
            CommandError::new(
                ErrorCode::Storage,
                "no home directory to keep the database in: set CHIZAI_DB to a file path",
            )
        })?;
        let fresh = !db_path.exists();
        let now = Utc::now();
        let mut store = Store::open(&db_path, now)?;
        if fresh {
            let opts = DemoOptions {
                scale: demo::DEFAULT_SCALE,
                seed: DEMO_SEED,
                today: Local::now().date_naive(),
            };
            demo::generate(&mut store, opts, now)?;
        }
        Ok(AppState {
            db_path,
            store: Mutex::new(store),
        })
    }

    /// Runs a read against the store.
    pub fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T, CoreError>) -> CommandResult<T> {
        let store = self.store.lock().map_err(|_| poisoned())?;
        Ok(f(store.conn())?)
    }
}

fn poisoned() -> CommandError {
    CommandError::new(
        ErrorCode::Internal,
        "the database handle was poisoned by an earlier failure",
    )
}

impl From<CoreError> for CommandError {
    fn from(err: CoreError) -> Self {
        use chizai_core::error::ErrorCode as Core;
        let code = match err.code() {
            Core::NotFound => ErrorCode::NotFound,
            Core::Validation => ErrorCode::Validation,
            Core::Conflict => ErrorCode::Conflict,
            Core::Storage => ErrorCode::Storage,
            Core::ReadOnly => ErrorCode::ReadOnly,
            Core::Integrity => ErrorCode::Integrity,
            Core::Version => ErrorCode::Version,
        };
        CommandError::new(code, err.to_string())
    }
}
