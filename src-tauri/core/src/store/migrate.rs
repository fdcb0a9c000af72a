//! Forward-only schema migrations, embedded from the repository's `migrations/` folder.
//!
//! Written here rather than taken from `rusqlite_migration` (which pins an older rusqlite) because
//! the house rules need three things it lacks: a recorded SHA-256 per migration so an edited,
//! already-applied migration refuses to start; a clear refusal of a database written by a newer
//! binary; and a backup of the file before anything is migrated.

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use sha2::{Digest, Sha256};
use std::path::Path;

use crate::error::{CoreError, Result};

include!(concat!(env!("OUT_DIR"), "/migrations.rs"));

/// The schema version this binary writes: the number of the last embedded migration.
pub fn latest_version() -> u32 {
    MIGRATIONS.last().map(|m| m.0).unwrap_or(0)
}

/// The schema version recorded in a database (0 for an empty one).
pub fn current_version(conn: &Connection) -> Result<u32> {
    let exists: bool = conn.query_row(
        "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migration'",
        [],
        |r| r.get(0),
    )?;
    if !exists {
        return Ok(0);
    }
    Ok(conn.query_row(
        "SELECT coalesce(max(number), 0) FROM schema_migration",
        [],
        |r| r.get(0),
    )?)
}

fn checksum(sql: &str) -> String {
    hex::encode(Sha256::digest(sql.as_bytes()))
}

/// Refuses a database that is newer than this binary or whose applied migrations were edited.
fn verify_applied(conn: &Connection) -> Result<()> {
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
        let embedded = MIGRATIONS.iter().find(|m| m.0 == number);
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
pub fn check_readable(conn: &Connection) -> Result<()> {
    verify_applied(conn)?;
    if current_version(conn)? == 0 {
        return Err(CoreError::Integrity(
            "this file holds no Chizai database".to_owned(),
        ));
    }
    Ok(())
}

/// Applies every pending migration, each in its own transaction. When `backup_of` names an existing
/// database file and something is pending, the file is first copied beside itself.
pub fn run(conn: &mut Connection, backup_of: Option<&Path>, now: DateTime<Utc>) -> Result<()> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migration (
             number INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL
         ) STRICT;",
    )?;
    verify_applied(conn)?;
    let version = current_version(conn)?;
    let pending: Vec<_> = MIGRATIONS.iter().filter(|m| m.0 > version).collect();
    if pending.is_empty() {
        return Ok(());
    }
    if let Some(path) = backup_of.filter(|_| version > 0) {
        backup(conn, path, now)?;
    }
    for (number, name, sql) in pending {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)
            .map_err(|e| CoreError::Integrity(format!("migration {name} failed: {e}")))?;
        tx.execute(
            "INSERT INTO schema_migration (number, name, checksum, applied_at) VALUES (?1, ?2, ?3, ?4)",
            rusqlite::params![number, name, checksum(sql), now.to_rfc3339()],
        )?;
        tx.commit()?;
    }
    Ok(())
}

/// A consistent copy of the database next to it, named `FILE.backup-YYYYMMDDTHHMMSS`.
fn backup(conn: &Connection, path: &Path, now: DateTime<Utc>) -> Result<()> {
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
