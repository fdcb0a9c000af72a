//! The live database's pages, streamed from one read transaction: the snapshot's copy of a desk's
//! file without writing a copy to disk first.
//!
//! `VACUUM INTO` rebuilt every table and index into a temporary file that was then read back to be
//! compressed — at 100,000 applications half of a snapshot's time went into that file. SQLite's
//! `sqlite_dbpage` table (compiled in by `.cargo/config.toml`'s `LIBSQLITE3_FLAGS`) hands over each
//! page as the open read transaction sees it (the write-ahead log included), so a writer
//! committing meanwhile neither blocks the copy nor tears it, and the pages go straight to the
//! compressor. The copy is the file page for page, as SQLite's backup API would make it; only its
//! header says "rollback journal" instead of "write-ahead log", so the snapshot's database is one
//! self-contained file that opens read-only without a `-wal` beside it.
//!
//! Unlike `VACUUM INTO`, which read every row and failed on a damaged page, the copy carries a
//! page as it is: a snapshot is as sound as the desk's file, which SQLite's `quick_check` examines
//! after an unclean shutdown, after a migration and daily ([`crate::store::health`]). What a page
//! does not use (deleted rows' bytes) is zeroed on the way ([`super::scrub`]).
//!
//! A build without `sqlite_dbpage` (SQLite compiled elsewhere, without the flag) still makes
//! snapshots, through `VACUUM INTO` ([`available`] says which).

use rusqlite::Connection;

use super::error::{Result, SnapshotError};
use super::scrub::Scrub;
use crate::error::CoreError;
use crate::progress::Progress;

/// Offsets of the file format's write and read versions in the database header: 1 = rollback
/// journal, 2 = write-ahead log (the only header bytes `PRAGMA journal_mode = DELETE` changes).
const FORMAT_VERSIONS: std::ops::Range<usize> = 18..20;

/// Whether this build's SQLite has `sqlite_dbpage`.
pub(super) fn available(conn: &Connection) -> bool {
    conn.prepare("SELECT pgno FROM sqlite_dbpage WHERE pgno = 1")
        .is_ok()
}

/// The size in bytes of the database as the current transaction sees it.
pub(super) fn database_size(conn: &Connection) -> Result<u64> {
    let (pages, page_size): (i64, i64) = conn
        .query_row(
            "SELECT page_count, page_size FROM pragma_page_count, pragma_page_size",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .map_err(CoreError::from)?;
    Ok(u64::try_from(pages * page_size).unwrap_or(0))
}

/// Feeds the database's pages to `sink` in order, gathered into `buf`-sized pieces, and returns
/// the bytes fed. Call it inside the read transaction that [`database_size`] was read in: a size
/// that changed meanwhile is refused rather than written under the wrong claim.
pub(super) fn stream(
    conn: &Connection,
    expected: u64,
    buf: &mut [u8],
    progress: &Progress<'_>,
    mut sink: impl FnMut(&[u8]),
) -> Result<u64> {
    let page = |pgno: u32| -> Result<Vec<u8>> {
        Ok(conn
            .query_row(
                "SELECT data FROM sqlite_dbpage WHERE pgno = ?1",
                [pgno],
                |r| r.get(0),
            )
            .map_err(CoreError::from)?)
    };
    let first = page(1)?;
    let page_count = u32::try_from(expected / first.len().max(1) as u64)
        .map_err(|_| torn("more pages than the file format allows"))?;
    let scrub = Scrub::new(&first, page_count, page)?;
    let mut stmt = conn
        .prepare("SELECT pgno, data FROM sqlite_dbpage ORDER BY pgno")
        .map_err(CoreError::from)?;
    let mut rows = stmt.query([]).map_err(CoreError::from)?;
    let (mut filled, mut total) = (0_usize, 0_u64);
    while let Some(row) = rows.next().map_err(CoreError::from)? {
        if progress.is_cancelled() {
            return Err(CoreError::Cancelled.into());
        }
        let pgno: u32 = row.get(0).map_err(CoreError::from)?;
        let data = row
            .get_ref(1)
            .and_then(|v| Ok(v.as_blob()?))
            .map_err(CoreError::from)?;
        if filled + data.len() > buf.len() {
            sink(&buf[..filled]);
            filled = 0;
        }
        let Some(copy) = buf.get_mut(filled..filled + data.len()) else {
            return Err(torn("a page larger than the copy buffer"));
        };
        copy.copy_from_slice(data);
        scrub.page(pgno, copy);
        if pgno == 1 {
            if let Some(versions) = copy.get_mut(FORMAT_VERSIONS) {
                versions.fill(1);
            }
        }
        filled += data.len();
        total += data.len() as u64;
    }
    sink(&buf[..filled]);
    if total != expected {
        return Err(torn(&format!(
            "{total} bytes of pages, but the database measured {expected} bytes"
        )));
    }
    Ok(total)
}

fn torn(detail: &str) -> SnapshotError {
    SnapshotError::Core(CoreError::Integrity(format!(
        "could not copy the database for the snapshot: {detail}"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_copy_is_the_database_in_rollback_mode_without_the_deleted_rows_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite");
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(
            "PRAGMA journal_mode = WAL;
             CREATE TABLE t (x TEXT);
             CREATE INDEX t_x ON t (x);
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 6000)
             INSERT INTO t SELECT printf('%s %d', CASE WHEN i % 3 = 0 OR i > 4000
                 THEN 'withdrawn-draft' ELSE 'kept-row' END, i) FROM n;
             DELETE FROM t WHERE x LIKE 'withdrawn-draft%';
             PRAGMA wal_checkpoint(TRUNCATE);",
        )
        .unwrap();
        let live = std::fs::read(&path).unwrap();
        let marker = b"withdrawn-draft";
        assert!(
            live.windows(marker.len()).any(|w| w == marker),
            "SQLite leaves deleted rows' bytes in the file (else this test proves nothing)"
        );
        let free: i64 = conn
            .query_row("PRAGMA freelist_count", [], |r| r.get(0))
            .unwrap();
        assert!(free > 0, "whole pages were freed");
        assert!(
            available(&conn),
            "the bundled SQLite has sqlite_dbpage (LIBSQLITE3_FLAGS in .cargo/config.toml)"
        );

        let tx = conn.unchecked_transaction().unwrap();
        let size = database_size(&tx).unwrap();
        let mut copy = Vec::new();
        let mut buf = vec![0_u8; 3 * 4096];
        let n = stream(&tx, size, &mut buf, &Progress::silent(), |d| {
            copy.extend_from_slice(d)
        })
        .unwrap();
        drop(tx);
        assert_eq!((n, copy.len() as u64), (size, size));
        assert_eq!(
            &copy[18..20],
            &[1, 1],
            "the copy's header says rollback journal"
        );
        assert!(
            !copy.windows(marker.len()).any(|w| w == marker),
            "no deleted row travels in the copy"
        );

        let copied = dir.path().join("copy.sqlite");
        std::fs::write(&copied, &copy).unwrap();
        let uri = format!("file:{}?immutable=1", copied.display());
        let flags =
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_URI;
        let read = Connection::open_with_flags(uri, flags).unwrap();
        let (rows, check, free_copy): (i64, String, i64) = read
            .query_row(
                "SELECT (SELECT count(*) FROM t WHERE x LIKE 'kept-row%'),
                        (SELECT integrity_check FROM pragma_integrity_check),
                        (SELECT freelist_count FROM pragma_freelist_count)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!((rows, check.as_str(), free_copy), (2667, "ok", free));
        let mode: String = read
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_ne!(mode, "wal", "opens without a write-ahead log");
    }

    #[test]
    fn a_size_that_changed_under_the_claim_is_refused() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (x)").unwrap();
        let size = database_size(&conn).unwrap();
        let mut buf = vec![0_u8; 1 << 16];
        let err = stream(&conn, size + 4096, &mut buf, &Progress::silent(), |_| {}).unwrap_err();
        assert!(err.to_string().contains("measured"), "{err}");
    }
}
