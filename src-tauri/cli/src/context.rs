//! What every command needs: which database, and what "now" and "today" are. This is the only place
//! the CLI reads the clock; `--today` / `CHIZAI_TODAY` fix the date for scripts and tests.

use std::path::PathBuf;

use chizai_core::store::Store;
use chrono::{DateTime, NaiveDate, Utc};

use crate::error::{CliError, CliResult};

/// The resolved global options.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub db: PathBuf,
    pub today: NaiveDate,
    pub now: DateTime<Utc>,
}

impl Ctx {
    /// Resolves `--db` (else `CHIZAI_DB`, else the desktop app's file) and `--today`.
    pub fn new(db: Option<PathBuf>, today: Option<NaiveDate>) -> CliResult<Ctx> {
        let db = match db {
            Some(p) => p,
            None => chizai_core::paths::default_db_path().ok_or_else(|| {
                CliError::new("no data directory on this system: pass --db PATH or set CHIZAI_DB")
            })?,
        };
        let now = Utc::now();
        let today = today.unwrap_or_else(|| chrono::Local::now().date_naive());
        Ok(Ctx { db, today, now })
    }

    /// The folder beside the database that holds its attachments and keys.
    pub fn data_dir(&self) -> PathBuf {
        match self.db.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
            _ => PathBuf::from("."),
        }
    }

    /// Opens (creating and migrating if needed) the database for a command that writes.
    pub fn open_for_write(&self) -> CliResult<Store> {
        Ok(Store::open(&self.db, self.now)?)
    }

    /// Opens an existing database; a missing file is an error that says how to create one.
    pub fn open_existing(&self) -> CliResult<Store> {
        if !self.db.is_file() {
            return Err(CliError::new(format!(
                "no Chizai database at {}: create one with `chizai init --institution NAME` or `chizai demo`, or pass --db PATH",
                self.db.display()
            )));
        }
        Ok(Store::open(&self.db, self.now)?)
    }
}

/// Parses a date argument (YYYY-MM-DD) for clap.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("{s:?} is not a date; write it as YYYY-MM-DD, e.g. 2026-03-31"))
}
