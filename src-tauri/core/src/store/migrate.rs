//! Forward-only schema migrations, embedded from the repository's `migrations/` folder (SQLite)
//! and `migrations/postgres/` (the same migrations for an office server).
//!
//! Written here rather than taken from `rusqlite_migration` (which pins an older rusqlite) because
//! the house rules need three things it lacks: a recorded SHA-256 per migration so an edited,
//! already-applied migration refuses to start; a clear refusal of a database written by a newer
//! binary; and a backup of the file before anything is migrated.

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use std::path::Path;

use crate::store::{Conn, Engine};

use crate::error::{CoreError, Result};

include!(concat!(env!("OUT_DIR"), "/migrations.rs"));

/// The schema version this binary writes: the number of the last embedded migration.
pub fn latest_version() -> u32 {
    MIGRATIONS.last().map(|m| m.0).unwrap_or(0)
}

/// The migrations of `conn`'s engine.
fn embedded(conn: &Conn) -> &'static [(u32, &'static str, &'static str)] {
    match conn.engine() {
        Engine::Sqlite => MIGRATIONS,
        Engine::Postgres => PG_MIGRATIONS,
    }
}

/// The schema version recorded in a database (0 for an empty one).
pub fn current_version(conn: &Conn) -> Result<u32> {
    let probe = match conn.engine() {
        Engine::Sqlite => {
            "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migration'"
        }
        Engine::Postgres => "SELECT to_regclass('schema_migration') IS NOT NULL",
    };
    let exists: bool = conn.query_row(probe, [], |r| r.get(0))?;
    if !exists {
        return Ok(0);
    }
    conn.query_row(
        "SELECT coalesce(max(number), 0) FROM schema_migration",
        [],
        |r| r.get(0),
    )
}

fn checksum(sql: &str) -> String {
    hex::encode(Sha256::digest(sql.as_bytes()))
}

/// Refuses a database that is newer than this binary or whose applied migrations were edited.
fn verify_applied(conn: &Conn) -> Result<()> {
    let version = current_version(conn)?;
    if version > latest_version() {
        return Err(CoreError::Version(format!(
            "this database has schema version {version}, written by a newer Chizai; this program knows \
             up to version {}: install the newer Chizai to open it",
            latest_version()
        )));
    }
    if version == 0 {
        return Ok(());
    }
    let mut stmt =
        conn.prepare("SELECT number, name, checksum FROM schema_migration ORDER BY number")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, u32>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    for row in rows {
        let (number, name, recorded) = row?;
        let embedded = embedded(conn).iter().find(|m| m.0 == number);
        match embedded {
            Some((_, _, sql)) if checksum(sql) == recorded => {}
            Some(_) => {
                return Err(CoreError::Integrity(format!(
                    "migration {name} was changed after it was applied to this database; restore the \
                     original migrations/{name}.sql (migrations are forward-only: add a new one instead)"
                )))
            }
            None => return Err(CoreError::Integrity(format!("applied migration {name} is unknown to this program"))),
        }
    }
    Ok(())
}

/// Checks that a read-only database can be read by this binary (no newer schema, no edits).
pub fn check_readable(conn: &Conn) -> Result<()> {
    verify_applied(conn)?;
    if current_version(conn)? == 0 {
        return Err(CoreError::Integrity(
            "this file holds no Chizai database".to_owned(),
        ));
    }
    Ok(())
}

/// Applies every pending migration, each in its own transaction. When `backup_of` names an existing
/// database file and something is pending, the file is first copied beside itself. On a server
/// the migrations run under the portfolio's write lock, so two desks starting a newer Chizai at
/// once migrate it once.
pub fn run(conn: &Conn, backup_of: Option<&Path>, now: DateTime<Utc>) -> Result<()> {
    // Checked first: creating even an existing table needs the CREATE privilege on a server.
    let has_table = current_version(conn)? > 0;
    if !has_table {
        conn.execute_batch(match conn.engine() {
        Engine::Sqlite => {
            "CREATE TABLE IF NOT EXISTS schema_migration (
                 number INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL
             ) STRICT;"
        }
        Engine::Postgres => {
            "CREATE TABLE IF NOT EXISTS schema_migration (
                 number BIGINT PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL
             );"
        }
    })?;
    }
    verify_applied(conn)?;
    let version = current_version(conn)?;
    let pending: Vec<_> = embedded(conn).iter().filter(|m| m.0 > version).collect();
    if pending.is_empty() {
        return Ok(());
    }
    if let Some(path) = backup_of.filter(|_| version > 0) {
        backup(conn, path, now)?;
    }
    for (number, name, sql) in pending {
        conn.begin_write()?;
        let applied = (|| {
            // Another desk may have applied it while this one waited for the lock.
            if current_version(conn)? >= *number {
                return Ok(());
            }
            conn.execute_batch(sql)
                .map_err(|e| CoreError::Integrity(format!("migration {name} failed: {e}")))?;
            conn.execute(
                "INSERT INTO schema_migration (number, name, checksum, applied_at) VALUES (?1, ?2, ?3, ?4)",
                rusqlite::params![number, name, checksum(sql), now.to_rfc3339()],
            )?;
            Ok(())
        })();
        match applied {
            Ok(()) => conn.commit()?,
            Err(e) => {
                let _ = conn.rollback();
                return Err(e);
            }
        }
    }
    Ok(())
}

/// A consistent copy of the database next to it, named `FILE.backup-YYYYMMDDTHHMMSS`.
fn backup(conn: &Conn, path: &Path, now: DateTime<Utc>) -> Result<()> {
    // A server's backups are the server's (its administrators run them); only a file is copied.
    let Some(conn) = conn.sqlite() else {
        return Ok(());
    };
    let mut target = path.as_os_str().to_owned();
    target.push(format!(".backup-{}", now.format("%Y%m%dT%H%M%S")));
    let target = std::path::PathBuf::from(target);
    if target.exists() {
        return Ok(());
    }
    conn.execute("VACUUM INTO ?1", [target.display().to_string()])
        .map_err(|e| {
            CoreError::Integrity(format!(
                "could not back up {} before migrating: {e}",
                path.display()
            ))
        })?;
    crate::atomic::make_private(&target).map_err(|e| CoreError::io(&target, e))?;
    Ok(())
}
