//! What every command needs: which database, and what "now" and "today" are. This is the only place
//! the CLI reads the clock; `--today` / `CHIZAI_TODAY` fix the date for scripts and tests.
//!
//! `--snapshot FILE` swaps the live database for an auditor snapshot: [`Ctx::open_existing`] verifies
//! the file and opens the database inside read-only, so every read command works on it unchanged, and
//! [`Ctx::open_for_write`] refuses, naming the option — no per-command code.

use std::ops::{Deref, DerefMut};
use std::path::PathBuf;

use chizai_core::snapshot::{self, Opened};
use chizai_core::store::{server, Store};
use chrono::{DateTime, NaiveDate, Utc};

use crate::error::{CliError, CliResult, ErrorCode, Failure};

/// The resolved global options.
#[derive(Debug, Clone)]
pub struct Ctx {
    /// The database file, or on an office server this desk's data folder's file (keys, pins).
    pub db: PathBuf,
    /// The office server's URL when `--db` / `CHIZAI_DB` is `postgres://…`.
    pub server: Option<String>,
    /// An auditor snapshot to read instead of the database (`--snapshot`).
    pub snapshot: Option<PathBuf>,
    /// The key `--snapshot` must be signed by (`--snapshot-key`); else the pinned keys decide.
    pub snapshot_key: Option<String>,
    pub today: NaiveDate,
    /// Whether `--today` / `CHIZAI_TODAY` fixed `today` (the writes then take it as today too).
    pub today_fixed: bool,
    pub now: DateTime<Utc>,
}

/// An open database: the live one, or the read-only database inside a verified snapshot (whose
/// temporary copy is removed when this is dropped). Dereferences to the [`Store`].
#[derive(Debug)]
pub enum Db {
    /// Boxed: a store is many times the size of the snapshot's box.
    Live(Box<Store>),
    Snapshot(Box<Opened>),
}

impl Deref for Db {
    type Target = Store;
    fn deref(&self) -> &Store {
        match self {
            Db::Live(s) => s,
            Db::Snapshot(o) => &o.store,
        }
    }
}

impl DerefMut for Db {
    fn deref_mut(&mut self) -> &mut Store {
        match self {
            Db::Live(s) => s,
            Db::Snapshot(o) => &mut o.store,
        }
    }
}

impl Ctx {
    /// Resolves `--db` (else `CHIZAI_DB`, else the desktop app's file) and `--today`.
    pub fn new(
        db: Option<PathBuf>,
        snapshot: Option<PathBuf>,
        today: Option<NaiveDate>,
    ) -> CliResult<Ctx> {
        // A URL is never taken for a file name.
        let server = db
            .as_ref()
            .and_then(|p| p.to_str())
            .filter(|t| server::is_server_url(t))
            .map(str::to_owned);
        let local = || {
            chizai_core::paths::default_data_dir()
                .map(|d| d.join(chizai_core::paths::DB_FILE))
                .ok_or_else(|| {
                    CliError::usage(
                        "no data directory on this system: pass --db PATH or set CHIZAI_DB",
                    )
                })
        };
        let db = match db {
            _ if server.is_some() => local()?,
            Some(p) => p,
            None => chizai_core::paths::default_db_path()
                .filter(|p| !p.to_str().is_some_and(server::is_server_url))
                .map_or_else(local, Ok)?,
        };
        let now = Utc::now();
        let today_fixed = today.is_some();
        let today = today.unwrap_or_else(|| chrono::Local::now().date_naive());
        Ok(Ctx {
            db,
            server,
            snapshot,
            snapshot_key: None,
            today,
            today_fixed,
            now,
        })
    }

    /// What the database is, for messages: the server URL or the file's path.
    pub fn db_label(&self) -> String {
        match &self.server {
            Some(url) => url.clone(),
            None => self.db.display().to_string(),
        }
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
        self.refuse_snapshot()?;
        if let Some(url) = &self.server {
            return self.prepared(Store::open_server(url, self.now)?);
        }
        self.prepared(Store::open(&self.db, self.now)?)
    }

    /// A store opened for this command: the busy wait of the environment and, when `--today`
    /// fixed it, the day its writes take as today.
    pub fn prepared(&self, store: Store) -> CliResult<Store> {
        let mut store = with_busy_wait(store)?;
        store.set_today(self.today_fixed.then_some(self.today));
        Ok(store)
    }

    /// Refuses a command that writes, or that needs the live database, under `--snapshot`.
    pub fn refuse_snapshot(&self) -> CliResult<()> {
        match &self.snapshot {
            Some(file) => Err(CliError::coded(ErrorCode::ReadOnly, format!(
                "--snapshot {} is an auditor snapshot, opened read-only: this command changes data and is refused; run it without --snapshot on the live database",
                file.display()
            ))),
            None => Ok(()),
        }
    }

    /// Opens an existing database; a missing file is an error that says how to create one.
    pub fn open_existing(&self) -> CliResult<Db> {
        if let Some(file) = &self.snapshot {
            let explicit = self
                .snapshot_key
                .as_deref()
                .map(snapshot::TrustedKey::parse)
                .transpose()?;
            let pinned = snapshot::trust::pinned(&self.db)?;
            let opened = snapshot::trust::open_pinned(
                file,
                explicit.as_ref(),
                &pinned,
                &mut chizai_core::progress::Progress::silent(),
            )
            .map_err(|e| {
                CliError::coded(e.code(), format!("--snapshot {}: {e}", file.display()))
            })?;
            // The signer is always shown (on stderr, so the output reads as the database's would).
            eprintln!(
                "chizai: reading snapshot {} signed by {} ({})",
                file.display(),
                opened.signer.fingerprint,
                if explicit.is_some() {
                    "the key given with --snapshot-key"
                } else {
                    "a key pinned here"
                }
            );
            return Ok(Db::Snapshot(Box::new(opened)));
        }
        if let Some(url) = &self.server {
            return Ok(Db::Live(Box::new(
                self.prepared(Store::open_server(url, self.now)?)?,
            )));
        }
        if !self.db.is_file() {
            return Err(CliError::coded(ErrorCode::NotFound, format!(
                "no Chizai database at {}: create one with `chizai init --institution NAME` or `chizai demo`, or pass --db PATH",
                self.db.display()
            )));
        }
        Ok(Db::Live(Box::new(
            self.prepared(Store::open(&self.db, self.now)?)?,
        )))
    }
}

/// How long a write waits for another writer's lock: `CHIZAI_BUSY_WAIT_SECS` when set (scripts
/// that would rather fail fast, and the tests), else the core's 30 s.
fn with_busy_wait(mut store: Store) -> CliResult<Store> {
    if let Some(secs) = std::env::var("CHIZAI_BUSY_WAIT_SECS")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
    {
        store.set_busy_wait(std::time::Duration::from_secs(secs))?;
    }
    Ok(store)
}

/// Parses a date argument (YYYY-MM-DD) for clap.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("{s:?} is not a date; write it as YYYY-MM-DD, e.g. 2026-03-31"))
}
