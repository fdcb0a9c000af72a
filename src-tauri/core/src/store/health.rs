//! Integrity checks without reading the whole file on every open.
//!
//! SQLite's `PRAGMA quick_check` reads every page: at 100,000 applications that is seconds, and it
//! used to run on every open (every CLI command, every desktop start). It now runs only when there
//! is a reason to suspect the file:
//! * **after an unclean shutdown** — detected with a session file beside the database
//!   (`NAME.session`): each process holding the database open keeps a shared lock on it, and the
//!   last one to close cleanly writes `closed` into it. An opener that finds no other holder and
//!   the word `open` knows the previous session ended without closing (a crash, a kill, a power cut);
//! * **after a migration**, which rewrites tables;
//! * **while the last recorded check failed**, so a damaged file stays refused until restored;
//! * **on a schedule** ([`is_due`]: once a day), which the desktop runs in the background on its own
//!   read-only connection, and **on demand** (`chizai check`).
//!
//! Every check that runs is recorded in `integrity_check` (when, why, the verdict, how long) through
//! the audited write path, so settings can show the last result. A failed check at open refuses the
//! database with [`CoreError::Integrity`], naming the backups to restore from.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write as _};
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::store::{AuditEntity, Conn, OptionalExtension};
use chrono::{DateTime, Duration, Utc};
use rusqlite::OpenFlags;
use serde::Serialize;

use super::{Action, Write};
use crate::error::{CoreError, Result};

/// How long a check result stays fresh before the background check runs again.
pub const CHECK_INTERVAL_HOURS: i64 = 24;

/// Why a check ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum CheckReason {
    /// The previous session did not close the database.
    UncleanShutdown,
    /// A migration changed the schema.
    Migration,
    /// The last recorded check had failed.
    PreviousFailure,
    /// The daily background check.
    Schedule,
    /// Asked for (`chizai check`).
    OnDemand,
}

impl CheckReason {
    fn as_str(self) -> &'static str {
        match self {
            CheckReason::UncleanShutdown => "unclean_shutdown",
            CheckReason::Migration => "migration",
            CheckReason::PreviousFailure => "previous_failure",
            CheckReason::Schedule => "schedule",
            CheckReason::OnDemand => "on_demand",
        }
    }

    fn parse(s: &str) -> CheckReason {
        match s {
            "unclean_shutdown" => CheckReason::UncleanShutdown,
            "migration" => CheckReason::Migration,
            "previous_failure" => CheckReason::PreviousFailure,
            "schedule" => CheckReason::Schedule,
            _ => CheckReason::OnDemand,
        }
    }
}

/// One recorded check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct CheckRecord {
    /// When it ran (UTC, RFC 3339).
    pub checked_at: String,
    pub reason: CheckReason,
    /// True when SQLite answered `ok`.
    pub ok: bool,
    /// `ok`, or what SQLite found wrong.
    pub detail: String,
    /// How long the check took.
    pub millis: i64,
}

/// The verdict of one `quick_check`, before it is recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub ok: bool,
    pub detail: String,
    pub millis: i64,
}

/// Runs `PRAGMA quick_check` on `conn`. An unreadable file is a failed verdict, not an error.
pub fn quick_check(conn: &rusqlite::Connection) -> Verdict {
    let started = Instant::now();
    let result: rusqlite::Result<Vec<String>> =
        conn.prepare("PRAGMA quick_check").and_then(|mut s| {
            let lines = s
                .query_map([], |r| r.get::<_, String>(0))?
                .take(20)
                .collect::<rusqlite::Result<Vec<String>>>();
            lines
        });
    let millis = i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX);
    match result {
        Ok(lines) if lines.len() == 1 && lines[0] == "ok" => Verdict {
            ok: true,
            detail: "ok".to_owned(),
            millis,
        },
        Ok(lines) => Verdict {
            ok: false,
            detail: lines.join("; "),
            millis,
        },
        Err(e) => Verdict {
            ok: false,
            detail: format!("not a readable SQLite database: {e}"),
            millis,
        },
    }
}

/// Runs `quick_check` on its own read-only connection to `path`, so a long check holds no lock a
/// writer waits for and needs nothing of the caller's store (the desktop runs it on a thread).
pub fn quick_check_file(path: &Path) -> Result<Verdict> {
    if !path.is_file() {
        return Err(CoreError::not_found("database file", path.display()));
    }
    let conn = rusqlite::Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(quick_check(&conn))
}

/// The refusal for a failed verdict.
pub fn refusal(path: &Path, v: &Verdict) -> CoreError {
    CoreError::Integrity(format!(
        "{} failed SQLite's quick_check ({}); restore it from a backup (files named *.backup-*) or a snapshot",
        path.display(),
        v.detail
    ))
}

/// Records a verdict in `integrity_check`, with its audit row, and returns the record.
pub fn record(w: &mut Write<'_>, reason: CheckReason, v: &Verdict) -> Result<CheckRecord> {
    let rec = CheckRecord {
        checked_at: w.now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        reason,
        ok: v.ok,
        detail: v.detail.clone(),
        millis: v.millis,
    };
    w.tx().execute(
        "INSERT INTO integrity_check (checked_at, reason, ok, detail, millis) VALUES (?1, ?2, ?3, ?4, ?5)",
        rusqlite::params![rec.checked_at, reason.as_str(), rec.ok, rec.detail, rec.millis],
    )?;
    let id = w.tx().last_insert_rowid();
    w.audit::<CheckRecord, _>(
        AuditEntity::IntegrityCheck,
        id,
        Action::Create,
        None,
        Some(&rec),
    )?;
    Ok(rec)
}

/// The most recent recorded check, if any (None too for a database older than the table).
pub fn last(conn: &Conn) -> Result<Option<CheckRecord>> {
    let exists: bool = conn.query_row(
        "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'integrity_check'",
        [],
        |r| r.get(0),
    )?;
    if !exists {
        return Ok(None);
    }
    conn
        .query_row(
            "SELECT checked_at, reason, ok, detail, millis FROM integrity_check ORDER BY id DESC LIMIT 1",
            [],
            |r| {
                Ok(CheckRecord {
                    checked_at: r.get(0)?,
                    reason: CheckReason::parse(&r.get::<_, String>(1)?),
                    ok: r.get(2)?,
                    detail: r.get(3)?,
                    millis: r.get(4)?,
                })
            },
        )
        .optional()
}

/// True when no check is recorded or the last one is older than [`CHECK_INTERVAL_HOURS`].
pub fn is_due(conn: &Conn, now: DateTime<Utc>) -> Result<bool> {
    Ok(match last(conn)? {
        None => true,
        Some(rec) => DateTime::parse_from_rfc3339(&rec.checked_at)
            .map(|at| now.signed_duration_since(at) >= Duration::hours(CHECK_INTERVAL_HOURS))
            .unwrap_or(true),
    })
}

/// A process's hold on the database: a shared lock on `NAME.session`, released on drop, when the
/// last holder marks the session `closed`.
#[derive(Debug)]
pub(super) struct Session {
    file: Option<File>,
}

const OPEN: &[u8] = b"open";
const CLOSED: &[u8] = b"closed";

impl Session {
    /// Takes the session lock of `db`; the flag says the previous session ended uncleanly. When
    /// the session file cannot be made (a read-only folder), the session is untracked and the
    /// flag is true: without evidence of a clean close, check.
    pub(super) fn begin(db: &Path) -> (Session, bool) {
        match Self::try_begin(db) {
            Ok((s, unclean)) => (s, unclean),
            Err(_) => (Session { file: None }, true),
        }
    }

    fn try_begin(db: &Path) -> std::io::Result<(Session, bool)> {
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(session_path(db))?;
        let mut unclean = false;
        if file.try_lock().is_ok() {
            // No other process holds the database: the word left in the file is the last session's.
            let mut word = Vec::new();
            file.read_to_end(&mut word)?;
            unclean = word != CLOSED && !word.is_empty();
            put(&mut file, OPEN)?;
            file.unlock()?;
        }
        file.lock_shared()?;
        Ok((Session { file: Some(file) }, unclean))
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let Some(mut file) = self.file.take() else {
            return;
        };
        // Errors are ignored: at worst the next open checks once more.
        let _ = file.unlock();
        if file.try_lock().is_ok() {
            let _ = put(&mut file, CLOSED);
            let _ = file.unlock();
        }
    }
}

fn put(file: &mut File, word: &[u8]) -> std::io::Result<()> {
    file.seek(SeekFrom::Start(0))?;
    file.set_len(0)?;
    file.write_all(word)?;
    file.sync_data()
}

/// `NAME.session` beside the database `NAME`.
pub fn session_path(db: &Path) -> PathBuf {
    let mut p = db.as_os_str().to_owned();
    p.push(".session");
    PathBuf::from(p)
}

/// Runs a check now on its own connection (the store's own for an in-memory database) and records
/// it; a failed verdict is recorded too and returned (`ok: false`) for the caller to report loudly.
pub fn check_and_record(
    store: &mut super::Store,
    now: DateTime<Utc>,
    reason: CheckReason,
) -> Result<CheckRecord> {
    let verdict = match (store.path(), store.conn().sqlite()) {
        (Some(path), Some(_)) if !store.is_read_only() => quick_check_file(path)?,
        (_, Some(conn)) => quick_check(conn),
        // A server checks its own pages (and is backed up by its administrators): the record
        // says so rather than claiming a check that did not run.
        (_, None) => Verdict {
            ok: true,
            detail: "server database: page checks are the server's".to_owned(),
            millis: 0,
        },
    };
    let recorded = store.write(
        &super::Actor("chizai".to_owned()),
        now,
        "recording an integrity check",
        |w| record(w, reason, &verdict),
    );
    match recorded {
        Ok(rec) => Ok(rec),
        // A damaged file may refuse the record too: the failed verdict is what must be reported.
        Err(e) if !verdict.ok => Ok(CheckRecord {
            checked_at: now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            reason,
            ok: false,
            detail: format!("{} (the result could not be recorded: {e})", verdict.detail),
            millis: verdict.millis,
        }),
        Err(e) => Err(e),
    }
}
