//! The SQLite store: one file, one connection setup, one write path.
//!
//! * [`Store::open`] creates or opens the file, backs it up and migrates it forward (see
//!   [`migrate`]). It runs SQLite's full-file `quick_check` only when there is a reason to (after an
//!   unclean shutdown, after a migration, while the last check failed; see [`health`]), so an open
//!   costs milliseconds at any size. Connections always run with WAL, `foreign_keys = ON` and a
//!   busy timeout.
//! * Reads take `&Store` and use [`Store::conn`]. Every mutation goes through [`Store::write`]: an
//!   IMMEDIATE transaction in which the closure writes and appends to the audit trail
//!   ([`audit`]), committed together or not at all — so a mutation shows in the signature (`&mut`).
//! * A write that meets another writer's lock waits for it ([`DEFAULT_BUSY_WAIT`], 30 s, or what
//!   [`Store::set_busy_wait`] sets) and then goes ahead; only a lock held longer fails, with
//!   [`CoreError::Busy`] (its own code), never SQLite's bare "database is locked".
//! * A store opened read-only (an auditor snapshot) refuses `write` with [`CoreError::ReadOnly`].

pub mod audit;
mod audit_entity;
mod conn;
pub mod copy;
mod dialect;
pub mod health;
pub mod migrate;
mod pg;
pub mod roles;
pub mod server;
mod tls;
pub mod versions;
mod write;

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OpenFlags};

use crate::error::{CoreError, Result};
pub use audit_entity::AuditEntity;
pub use conn::{
    no_rows, params_from_iter, Args, ColIndex, Conn, Engine, MappedRows, OptionalExtension,
    ReadView, Row, Rows, Stmt,
};
pub use write::{Action, Write};

/// Prepared statements kept per connection (rusqlite's default is 16).
const STATEMENT_CACHE: usize = 256;

/// How long a write waits for another writer's lock before it gives up with [`CoreError::Busy`].
pub const DEFAULT_BUSY_WAIT: Duration = Duration::from_secs(30);

/// How long a write with a wait notice (see [`Store::on_wait`]) tries for the lock before it tells
/// the notice that it is waiting: long enough that an ordinary brief overlap says nothing.
pub const WAIT_NOTICE_AFTER: Duration = Duration::from_secs(1);

/// What [`Store::on_wait`] calls: `true` when a write starts waiting for another writer's lock,
/// `false` when it stops (it got the lock, or gave up).
struct WaitNotice(Box<dyn Fn(bool) + Send + Sync>);

impl std::fmt::Debug for WaitNotice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WaitNotice")
    }
}

/// Who makes a change, recorded in the audit trail (a login name or a tool such as `import`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor(pub String);

impl Actor {
    /// The actor for the current OS user, as the CLI and the desktop app record it.
    pub fn from_env() -> Actor {
        let name = std::env::var("CHIZAI_ACTOR")
            .or_else(|_| std::env::var("USER"))
            .or_else(|_| std::env::var("USERNAME"))
            .unwrap_or_else(|_| "unknown".to_owned());
        Actor(name)
    }
}

/// An open Chizai database.
#[derive(Debug)]
pub struct Store {
    conn: Conn,
    path: Option<PathBuf>,
    read_only: bool,
    busy_wait: Duration,
    /// Who is signed in, on an office server (None for a file).
    server: Option<server::ServerSession>,
    /// The day taken as today by the writes (`--today`, `CHIZAI_TODAY`); none = Japan's date at
    /// each write's `now`. Imports and acts date their docket recompute by it.
    today: Option<NaiveDate>,
    /// Told when a write waits for another writer (the desktop shows it); none in the CLI.
    on_wait: Option<WaitNotice>,
    // Declared after `conn`: the session is marked closed only once the connection has closed.
    _session: Option<health::Session>,
}

impl Store {
    /// Opens (creating if absent) the database at `path` and migrates it to this binary's schema.
    /// An existing database is copied to `NAME.backup-YYYYMMDDTHHMMSS` before a migration runs.
    pub fn open(path: &Path, now: DateTime<Utc>) -> Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            crate::atomic::create_private_dir(dir).map_err(|e| CoreError::io(dir, e))?;
        }
        let existed = path.exists()
            && std::fs::metadata(path)
                .map(|m| m.len() > 0)
                .unwrap_or(false);
        if !path.exists() {
            // Created readable by the user only; SQLite gives its -wal and -shm files the same mode.
            std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)
                .and_then(|_| crate::atomic::make_private(path))
                .map_err(|e| CoreError::io(path, e))?;
        }
        let conn = Connection::open(path)?;
        configure(&conn).map_err(|e| match e {
            // Another writer holding the file past the wait is not a damaged file.
            CoreError::Sqlite(ref s) if crate::error::is_busy(s) => {
                busy(e, Some(path), DEFAULT_BUSY_WAIT)
            }
            // The first statement reads the header: a file that is not SQLite fails here.
            CoreError::Sqlite(e) if existed => CoreError::Integrity(format!(
                "{} is not a readable Chizai database: {e}; if it was one, restore it from a backup \
                 (files named *.backup-*) or a snapshot",
                path.display()
            )),
            other => other,
        })?;
        let (session, unclean) = health::Session::begin(path);
        let mut checks = Vec::new();
        let sqlite = conn;
        let conn = Conn::Sqlite(sqlite);
        if let (true, Some(file)) = (existed, conn.sqlite()) {
            let reason = if unclean {
                Some(health::CheckReason::UncleanShutdown)
            } else if health::last(&conn).ok().flatten().is_some_and(|c| !c.ok) {
                Some(health::CheckReason::PreviousFailure)
            } else {
                None
            };
            if let Some(reason) = reason {
                checks.push((reason, checked(file, path)?));
            }
        }
        let mut store = Store {
            conn,
            path: Some(path.to_owned()),
            read_only: false,
            busy_wait: DEFAULT_BUSY_WAIT,
            server: None,
            on_wait: None,
            _session: Some(session),
            today: None,
        };
        let before = migrate::current_version(&store.conn)?;
        migrate::run(&store.conn, existed.then_some(path), now)
            .map_err(|e| busy(e, Some(path), DEFAULT_BUSY_WAIT))?;
        if existed && before > 0 && before < migrate::latest_version() {
            if let Some(conn) = store.conn.sqlite() {
                vacuum_if_sparse(conn)?;
                checks.push((health::CheckReason::Migration, checked(conn, path)?));
            }
        }
        if !checks.is_empty() {
            store.write(
                &Actor("chizai".to_owned()),
                now,
                "recording an integrity check",
                |w| {
                    for (reason, verdict) in &checks {
                        health::record(w, *reason, verdict)?;
                    }
                    Ok(())
                },
            )?;
        }
        Ok(store)
    }

    /// Opens the office server's database named by `url` (`postgres://…`) and migrates it forward
    /// when the signed-in login owns it; anyone else meets an older schema with a refusal that
    /// names the owner's step. An auditor's login opens read-only (the server refuses its writes
    /// anyway; the desk says so first).
    pub fn open_server(url: &str, now: DateTime<Utc>) -> Result<Store> {
        let (conn, session) = server::connect(url)?;
        let version = migrate::current_version(&conn)?;
        if version < migrate::latest_version() && session.role != "owner" {
            return Err(CoreError::Version(format!(
                "{}: the server's database is at schema version {version} and this Chizai needs {}; \
                 its owner must open it once with this Chizai (`chizai --db URL check`) to upgrade it",
                session.label,
                migrate::latest_version()
            )));
        }
        migrate::run(&conn, None, now)?;
        if version < migrate::latest_version() && version > 0 && roles::groups_exist(&conn)? {
            // A migration may have added tables: the roles get their privileges on them too.
            roles::ensure_groups(&conn)?;
        }
        Ok(Store {
            conn,
            path: None,
            read_only: !session.may_write(),
            busy_wait: DEFAULT_BUSY_WAIT,
            server: Some(session),
            on_wait: None,
            _session: None,
            today: None,
        })
    }

    /// Runs `f`, a bulk load into a file nobody else has open (the demo into a new file), with
    /// a rollback journal instead of the write-ahead log: the load's pages are written once,
    /// into the file, rather than into the log and then again into the file at the checkpoint
    /// (the demo at 100,000 applications writes 900 MB; the checkpoint was a tenth of its time).
    /// A crash part-way leaves the journal, which rolls the file back to what it was. When
    /// another connection has the file open, the load stays in the log; either way the file is
    /// back in WAL mode afterwards. A server does nothing special.
    pub fn bulk_load<T>(&mut self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        if self.conn.engine() != Engine::Sqlite || self.read_only {
            return f(self);
        }
        // Another connection to the file (the desktop's readers) keeps it in the log.
        let left_wal = set_journal_mode(&self.conn, "DELETE")?.is_some_and(|mode| mode != "wal");
        if !left_wal {
            return f(self);
        }
        let result = f(self);
        // The load's outcome comes first. A connection opened meanwhile keeps the file out of
        // WAL until it is opened again (each open asks for WAL).
        let back = set_journal_mode(&self.conn, "WAL");
        let value = result?;
        back?;
        Ok(value)
    }

    /// After a bulk load (the demo, a copy, an import): a server gathers its planner statistics at
    /// once (`ANALYZE`), so the first listings are not planned blind until autovacuum gets to it.
    /// The file needs nothing.
    pub fn after_bulk_load(&self) -> Result<()> {
        match self.conn.engine() {
            Engine::Postgres => self.conn.execute_batch("ANALYZE"),
            Engine::Sqlite => Ok(()),
        }
    }

    /// Fixes the day the writes take as today (`--today`, `CHIZAI_TODAY`); `None` follows the
    /// clock (Japan's date at each write's `now`).
    pub fn set_today(&mut self, today: Option<NaiveDate>) {
        self.today = today;
    }

    /// Who is signed in, when this store is an office server's database.
    pub fn server(&self) -> Option<&server::ServerSession> {
        self.server.as_ref()
    }

    /// A fresh in-memory database, migrated: for tests and the `calc`-style what-ifs.
    pub fn open_in_memory() -> Result<Store> {
        let conn = Connection::open_in_memory()?;
        configure(&conn)?;
        let conn = Conn::Sqlite(conn);
        migrate::run(&conn, None, Utc::now())?;
        Ok(Store {
            conn,
            path: None,
            read_only: false,
            busy_wait: DEFAULT_BUSY_WAIT,
            server: None,
            on_wait: None,
            _session: None,
            today: None,
        })
    }

    /// Opens `path` read-only and immutable (an auditor snapshot): no migration, no writes.
    pub fn open_read_only(path: &Path) -> Result<Store> {
        let store = Self::open_read_only_verified(path)?;
        if let Some(conn) = store.conn.sqlite() {
            quick_check(conn, path)?;
        }
        Ok(store)
    }

    /// As [`Store::open_read_only`] without SQLite's full-scan `quick_check`: for a file whose every
    /// byte has just been proven equal to a signed digest (a verified auditor snapshot, made by
    /// `VACUUM INTO`, which reads every row as it copies).
    pub fn open_read_only_verified(path: &Path) -> Result<Store> {
        if !path.is_file() {
            return Err(CoreError::not_found("database file", path.display()));
        }
        let uri = format!("file:{}?immutable=1", uri_path(path));
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI;
        let conn = Connection::open_with_flags(uri, flags)?;
        conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA query_only = ON;")?;
        let conn = Conn::Sqlite(conn);
        migrate::check_readable(&conn)?;
        Ok(Store {
            conn,
            path: Some(path.to_owned()),
            read_only: true,
            busy_wait: DEFAULT_BUSY_WAIT,
            server: None,
            on_wait: None,
            _session: None,
            today: None,
        })
    }

    /// How long a write waits for another writer's lock (default [`DEFAULT_BUSY_WAIT`]); scripts
    /// that would rather fail fast set less (`CHIZAI_BUSY_WAIT_SECS` in the CLI).
    pub fn set_busy_wait(&mut self, wait: Duration) -> Result<()> {
        self.set_conn_wait(wait)?;
        self.busy_wait = wait;
        Ok(())
    }

    fn set_conn_wait(&self, wait: Duration) -> Result<()> {
        match &self.conn {
            Conn::Sqlite(conn) => conn.busy_timeout(wait)?,
            Conn::Postgres(conn) => conn.set_lock_wait(wait),
        }
        Ok(())
    }

    /// Has every write tell `notice` when it starts waiting for another writer's lock (after
    /// [`WAIT_NOTICE_AFTER`]) and when it stops; `None` removes it. The wait itself is unchanged.
    pub fn on_wait<F: Fn(bool) + Send + Sync + 'static>(&mut self, notice: Option<F>) {
        self.on_wait = notice.map(|f| WaitNotice(Box::new(f)));
    }

    /// A second, read-only connection to the live database at `path` (WAL: it reads one consistent
    /// state while the main connection goes on writing), for reads that should not wait behind the
    /// desk's store (the desktop's screens, long reports); it refuses every write.
    pub fn open_reader(path: &Path) -> Result<Store> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)?;
        conn.busy_timeout(DEFAULT_BUSY_WAIT)?;
        // The same page cache as the main connection: the desktop's screens read through these.
        conn.execute_batch(
            "PRAGMA foreign_keys = ON; PRAGMA query_only = ON;
             PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;",
        )?;
        let conn = Conn::Sqlite(conn);
        migrate::check_readable(&conn)?;
        Ok(Store {
            conn,
            path: Some(path.to_owned()),
            read_only: true,
            busy_wait: DEFAULT_BUSY_WAIT,
            server: None,
            on_wait: None,
            _session: None,
            today: None,
        })
    }

    /// The connection, for reads.
    pub fn conn(&self) -> &Conn {
        &self.conn
    }

    /// The file behind this store (None in memory).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// True for an auditor snapshot.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Runs `f` in one IMMEDIATE transaction with an audit writer; commits only if `f` succeeds.
    /// `what` names the operation for the read-only refusal message.
    pub fn write<T>(
        &mut self,
        actor: &Actor,
        now: DateTime<Utc>,
        what: &str,
        f: impl FnOnce(&mut Write<'_>) -> Result<T>,
    ) -> Result<T> {
        if self.read_only {
            return Err(CoreError::ReadOnly(what.to_owned()));
        }
        let wait = self.busy_wait;
        // What "another program is writing to …" names: the file, or the server's database.
        let path = self.path.clone().or_else(|| {
            self.server
                .as_ref()
                .map(|s| PathBuf::from(format!("the server database {}", s.label)))
        });
        self.begin_write(wait)
            .map_err(|e| busy(e, path.as_deref(), wait))?;
        // From here the transaction is open: `Write` rolls it back unless it is committed.
        let mut w = Write::new(&self.conn, actor.clone(), now, self.today)?;
        let value = f(&mut w)?;
        w.commit().map_err(|e| busy(e, path.as_deref(), wait))?;
        Ok(value)
    }
}

impl Store {
    /// Opens the write transaction, waiting up to `wait` for another writer. With a wait notice,
    /// it first tries for [`WAIT_NOTICE_AFTER`] only, so the notice hears of real waits alone.
    fn begin_write(&self, wait: Duration) -> Result<()> {
        let Some(notice) = self.on_wait.as_ref().filter(|_| wait > WAIT_NOTICE_AFTER) else {
            return self.conn.begin_write();
        };
        self.set_conn_wait(WAIT_NOTICE_AFTER)?;
        let begun = match self.conn.begin_write() {
            Err(e) if is_lock_wait(&e) => {
                (notice.0)(true);
                let again = self
                    .set_conn_wait(wait.saturating_sub(WAIT_NOTICE_AFTER))
                    .and_then(|()| self.conn.begin_write());
                (notice.0)(false);
                again
            }
            other => other,
        };
        // The connection's own wait is the whole wait again, for the statements inside.
        self.set_conn_wait(wait)?;
        begun
    }
}

/// Whether `e` is the end of a wait for another writer's lock (SQLite busy, server lock timeout).
fn is_lock_wait(e: &CoreError) -> bool {
    match e {
        CoreError::Sqlite(s) => crate::error::is_busy(s),
        CoreError::Postgres(s) => crate::error::is_pg_lock_timeout(s),
        _ => false,
    }
}

/// The one connection setup: WAL for concurrent readers, enforced foreign keys, a busy timeout so a
/// second process waits instead of failing at once, and a 64 MiB page cache (SQLite's default 2 MiB
/// makes a 100,000-application portfolio re-read its index pages on every listing and bulk write).
fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(DEFAULT_BUSY_WAIT)?;
    // Every statement the write paths run stays prepared: with rusqlite's default of 16, a write
    // touching more kinds of rows than that parsed its SQL again each time (the demo at 100,000
    // applications: 58 s -> 48 s).
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    // Asking for WAL while another connection writes through a rollback journal (a bulk load,
    // `Store::bulk_load`) answers "locked" at once, without SQLite's busy wait: wait here as any
    // other access would, so an open during the demo waits for it instead of failing.
    let asked = std::time::Instant::now();
    loop {
        match conn.execute_batch("PRAGMA journal_mode = WAL") {
            Err(e) if crate::error::is_busy(&e) && asked.elapsed() < DEFAULT_BUSY_WAIT => {
                std::thread::sleep(Duration::from_millis(50));
            }
            other => break other?,
        }
    }
    conn.execute_batch(
        "PRAGMA foreign_keys = ON;
         PRAGMA synchronous = NORMAL;
         PRAGMA cache_size = -65536;
         PRAGMA temp_store = MEMORY;",
    )?;
    Ok(())
}

/// Asks for the journal `mode` and returns the mode now in force; `None` when another connection
/// has the file open and SQLite answers "locked" (the mode is then unchanged).
fn set_journal_mode(conn: &Conn, mode: &str) -> Result<Option<String>> {
    match conn.query_row(&format!("PRAGMA journal_mode = {mode}"), [], |r| r.get(0)) {
        Ok(now) => Ok(Some(now)),
        Err(CoreError::Sqlite(e)) if crate::error::is_busy(&e) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Turns SQLite's "database is locked" (and the server's lock timeout) after the wait into
/// [`CoreError::Busy`].
fn busy(e: CoreError, path: Option<&Path>, waited: Duration) -> CoreError {
    match e {
        CoreError::Sqlite(ref s) if crate::error::is_busy(s) => CoreError::Busy {
            path: path.map_or_else(|| "the database".to_owned(), |p| p.display().to_string()),
            waited_secs: waited.as_secs(),
        },
        CoreError::Postgres(ref s) if crate::error::is_pg_lock_timeout(s) => CoreError::Busy {
            path: path.map_or_else(|| "the database".to_owned(), |p| p.display().to_string()),
            waited_secs: waited.as_secs(),
        },
        other => other,
    }
}

/// Returns the space a migration freed to the file system (the lean-docket migration frees most
/// of a large database) when more than a quarter of the file is free pages.
fn vacuum_if_sparse(conn: &Connection) -> Result<()> {
    let free: i64 = conn.query_row("PRAGMA freelist_count", [], |r| r.get(0))?;
    let pages: i64 = conn.query_row("PRAGMA page_count", [], |r| r.get(0))?;
    if free * 4 > pages {
        conn.execute_batch("VACUUM")?;
    }
    Ok(())
}

fn quick_check(conn: &Connection, path: &Path) -> Result<()> {
    checked(conn, path).map(|_| ())
}

/// Runs `quick_check`, refusing the database when it fails; the verdict is returned for the record.
fn checked(conn: &Connection, path: &Path) -> Result<health::Verdict> {
    let verdict = health::quick_check(conn);
    if verdict.ok {
        Ok(verdict)
    } else {
        Err(health::refusal(path, &verdict))
    }
}

fn uri_path(path: &Path) -> String {
    let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
    abs.display()
        .to_string()
        .replace('%', "%25")
        .replace('?', "%3f")
        .replace('#', "%23")
}

#[cfg(test)]
mod edit_conflict_tests;
#[cfg(test)]
mod engine_tests;
#[cfg(test)]
mod health_tests;
#[cfg(test)]
mod lean_audit_tests;
#[cfg(test)]
mod tests;
