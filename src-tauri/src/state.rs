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
use chizai_core::store::{Actor, Store, Write};
use chrono::{DateTime, Local, NaiveDate, Utc};
use rusqlite::Connection;

use crate::error::{CommandError, CommandResult, ErrorCode};

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
                seed: demo::DEFAULT_SEED,
                today: today(),
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

    /// Runs one audited write transaction as the desk's user (see [`Actor::from_env`]). `what`
    /// names the operation in the refusal an auditor snapshot gives (`ErrorCode::ReadOnly`).
    pub fn write<T>(
        &self,
        what: &str,
        f: impl FnOnce(&mut Write<'_>) -> Result<T, CoreError>,
    ) -> CommandResult<T> {
        let mut store = self.store.lock().map_err(|_| poisoned())?;
        Ok(store.write(&Actor::from_env(), now(), what, f)?)
    }

    /// Runs `f` with the store itself, for core operations that manage their own transaction
    /// (import, snapshot creation, recompute). They refuse on a read-only store themselves.
    pub fn with_store<T, E>(&self, f: impl FnOnce(&mut Store) -> Result<T, E>) -> CommandResult<T>
    where
        CommandError: From<E>,
    {
        let mut store = self.store.lock().map_err(|_| poisoned())?;
        Ok(f(&mut store)?)
    }

    /// Puts `store` in place of the open one (opening an auditor snapshot, returning to the desk),
    /// and gives back the one it replaced.
    pub fn replace_store(&self, store: Store) -> CommandResult<Store> {
        let mut current = self.store.lock().map_err(|_| poisoned())?;
        Ok(std::mem::replace(&mut *current, store))
    }

    /// True while an auditor snapshot is open: every write is refused.
    pub fn is_read_only(&self) -> CommandResult<bool> {
        let store = self.store.lock().map_err(|_| poisoned())?;
        Ok(store.is_read_only())
    }
}

/// Today at the desk: `CHIZAI_TODAY` (YYYY-MM-DD) when set — so the end-to-end tests and a
/// what-if session see a fixed day, as the CLI's `--today` does — else the local date.
pub fn today() -> NaiveDate {
    std::env::var("CHIZAI_TODAY")
        .ok()
        .and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
        .unwrap_or_else(|| Local::now().date_naive())
}

/// Whether `CHIZAI_TODAY` fixes today (else today follows the local clock).
pub fn today_is_fixed() -> bool {
    std::env::var("CHIZAI_TODAY")
        .ok()
        .is_some_and(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").is_ok())
}

/// Now, for audit timestamps.
pub fn now() -> DateTime<Utc> {
    Utc::now()
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
            Core::Cancelled => ErrorCode::Cancelled,
        };
        let field = match &err {
            CoreError::Validation { field, .. } => Some(field.clone()),
            _ => None,
        };
        CommandError {
            field,
            ..CommandError::new(code, err.to_string())
        }
    }
}
