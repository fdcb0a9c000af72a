//! Attachments (signed agreements, policy PDFs, office letters), stored content-addressed.
//!
//! A file is copied to `<data dir>/attachments/<first two hex digits>/<SHA-256 hex>` and recorded
//! with its original name, size and digest. The stored path is derived from the digest alone, so no
//! name a user or an import supplies can make a path that escapes the attachments folder; the same
//! content is stored once however often it is attached. Reading back re-hashes the bytes, so a
//! file altered on disk is reported instead of served.
//!
//! On the office server the contents live in the database instead (`attachment_content`, one row
//! per digest), so every desk opens what any desk attached; the same digest rules hold. `chizai
//! copy` moves contents between the two forms ([`content`], [`put_content`]).

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::store::{AuditEntity, Conn, Engine, OptionalExtension};
use rusqlite::params;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::domain::AttachmentId;
use crate::error::{CoreError, Result};
use crate::store::{Action, Write};

/// Largest attachment accepted (bytes): a scanned agreement is a few MB; this stops a wrong file.
pub const MAX_SIZE: u64 = 200 * 1024 * 1024;

/// One stored attachment.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Attachment {
    pub id: AttachmentId,
    pub entity: String,
    pub entity_id: i64,
    pub file_name: String,
    pub sha256: String,
    pub size_bytes: u64,
    pub added_on: String,
}

/// The attachments folder under a data directory.
pub fn folder(data_dir: &Path) -> PathBuf {
    data_dir.join("attachments")
}

/// Where the content with `sha256` lives; `None` unless `sha256` is 64 lowercase hex digits.
pub fn content_path(data_dir: &Path, sha256: &str) -> Option<PathBuf> {
    let valid = sha256.len() == 64
        && sha256
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    valid.then(|| folder(data_dir).join(&sha256[..2]).join(sha256))
}

/// Only the final component of a supplied name, without control characters: a display name.
fn display_name(source: &Path) -> String {
    let name = source
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "attachment".to_owned());
    let clean: String = name
        .chars()
        .filter(|c| !c.is_control() && *c != '/' && *c != '\\')
        .collect();
    if clean.trim().is_empty() {
        "attachment".to_owned()
    } else {
        clean
    }
}

/// Copies `source` into the store and records it against (`entity`, `entity_id`).
pub fn attach(
    w: &mut Write<'_>,
    data_dir: &Path,
    entity: &str,
    entity_id: i64,
    source: &Path,
) -> Result<AttachmentId> {
    let meta = std::fs::metadata(source).map_err(|e| CoreError::io(source, e))?;
    if !meta.is_file() {
        return Err(CoreError::invalid(
            "attachment",
            format!("{} is not a file", source.display()),
        ));
    }
    if meta.len() > MAX_SIZE {
        return Err(CoreError::invalid(
            "attachment",
            format!(
                "{} is {} MB; at most {} MB are accepted",
                source.display(),
                meta.len() / 1_000_000,
                MAX_SIZE / 1_000_000
            ),
        ));
    }
    let bytes = std::fs::read(source).map_err(|e| CoreError::io(source, e))?;
    let sha = hex::encode(Sha256::digest(&bytes));
    put_content(w.tx(), data_dir, &sha, &bytes)?;
    let name = display_name(source);
    let added_on = w.now().date_naive().to_string();
    w.tx().execute(
        "INSERT INTO attachment (entity, entity_id, file_name, sha256, size_bytes, added_on) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![entity, entity_id, name, sha, bytes.len() as i64, added_on],
    )?;
    let id = AttachmentId(w.tx().last_insert_rowid());
    let record = Attachment {
        id,
        entity: entity.to_owned(),
        entity_id,
        file_name: name,
        sha256: sha,
        size_bytes: bytes.len() as u64,
        added_on,
    };
    w.audit(
        AuditEntity::Attachment,
        id,
        Action::Create,
        None::<&()>,
        Some(&record),
    )?;
    Ok(id)
}

/// Stores `bytes` (whose SHA-256 is `sha`) where this database keeps contents: the server's
/// table (in the caller's transaction), or the file under the digest in `data_dir`.
pub(crate) fn put_content(conn: &Conn, data_dir: &Path, sha: &str, bytes: &[u8]) -> Result<()> {
    if conn.engine() == Engine::Postgres {
        conn.prepare_cached(
            "INSERT INTO attachment_content (sha256, bytes) VALUES (?1, ?2) ON CONFLICT (sha256) DO NOTHING",
        )?
        .execute(params![sha, bytes])?;
        return Ok(());
    }
    let target = content_path(data_dir, sha)
        .ok_or_else(|| CoreError::Integrity(format!("{sha:?} is not a SHA-256 digest")))?;
    // A file already under the digest is kept only if it still holds that content: one damaged
    // or truncated on disk is written again, not trusted by its name.
    if !holds(&target, sha) {
        let dir = target.parent().unwrap_or(data_dir);
        crate::atomic::create_private_dir(dir).map_err(|e| CoreError::io(dir, e))?;
        // A temporary file beside the target, synced, then renamed: a crash never leaves a half
        // file under the digest.
        crate::atomic::write_atomically(&target, bytes, &mut crate::progress::Progress::silent())?;
    }
    Ok(())
}

/// The stored content under `sha`, checked against the digest (`what` names it in errors): from
/// the server's table, or the file in `data_dir`.
pub(crate) fn content(conn: &Conn, data_dir: &Path, sha: &str, what: &str) -> Result<Vec<u8>> {
    let bytes = if conn.engine() == Engine::Postgres {
        conn.query_row(
            "SELECT bytes FROM attachment_content WHERE sha256 = ?1",
            [sha],
            |r| r.get::<_, Vec<u8>>(0),
        )
        .optional()?
        .ok_or_else(|| {
            CoreError::Integrity(format!(
                "the content of {what} is missing on the server; attach the file again"
            ))
        })?
    } else {
        let path = content_path(data_dir, sha)
            .ok_or_else(|| CoreError::Integrity(format!("{what} has a malformed digest")))?;
        let mut bytes = Vec::new();
        std::fs::File::open(&path)
            .and_then(|mut f| f.read_to_end(&mut bytes))
            .map_err(|e| CoreError::io(&path, e))?;
        bytes
    };
    if hex::encode(Sha256::digest(&bytes)) != sha {
        return Err(CoreError::Integrity(format!(
            "the stored content of {what} was altered; restore it from a snapshot or attach it again"
        )));
    }
    Ok(bytes)
}

/// True when the file at `path` exists and its SHA-256 is `sha`.
fn holds(path: &Path, sha: &str) -> bool {
    std::fs::read(path).is_ok_and(|stored| hex::encode(Sha256::digest(&stored)) == sha)
}

fn from_row(r: &crate::store::Row<'_>) -> crate::error::Result<Attachment> {
    Ok(Attachment {
        id: r.get(0)?,
        entity: r.get(1)?,
        entity_id: r.get(2)?,
        file_name: r.get(3)?,
        sha256: r.get(4)?,
        size_bytes: r.get::<_, i64>(5)?.max(0) as u64,
        added_on: r.get(6)?,
    })
}

const COLUMNS: &str = "id, entity, entity_id, file_name, sha256, size_bytes, added_on";

/// The attachments of one record, oldest first.
pub fn list(conn: &Conn, entity: &str, entity_id: i64) -> Result<Vec<Attachment>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM attachment WHERE entity = ?1 AND entity_id = ?2 ORDER BY id"
    ))?;
    let rows = stmt.query_map(params![entity, entity_id], from_row)?;
    rows.collect::<crate::error::Result<_>>()
}

/// Every attachment (for snapshots and exports).
pub fn list_all(conn: &Conn) -> Result<Vec<Attachment>> {
    let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM attachment ORDER BY id"))?;
    let rows = stmt.query_map([], from_row)?;
    rows.collect::<crate::error::Result<_>>()
}

/// The bytes of an attachment, checked against its digest.
pub fn read(conn: &Conn, data_dir: &Path, id: AttachmentId) -> Result<(Attachment, Vec<u8>)> {
    let a = conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM attachment WHERE id = ?1"),
            [id],
            from_row,
        )
        .optional()?
        .ok_or_else(|| CoreError::not_found("attachment", id))?;
    let bytes = content(
        conn,
        data_dir,
        &a.sha256,
        &format!("attachment {id} ({})", a.file_name),
    )?;
    Ok((a, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Actor, Store};

    #[test]
    fn a_damaged_stored_file_is_written_again_when_the_same_content_is_attached() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let src = dir.path().join("契約書.pdf");
        std::fs::write(&src, b"%PDF-1.7 signed agreement").unwrap();
        let mut store = Store::open_in_memory().unwrap();
        let now = chrono::Utc::now();
        let first = store
            .write(&Actor("t".into()), now, "attach", |w| {
                attach(w, &data, "application", 1, &src)
            })
            .unwrap();
        let files = walk(&folder(&data));
        assert_eq!(files.len(), 1, "one stored file");
        // A crash or a disk error left the stored copy truncated.
        std::fs::write(&files[0], b"%PDF-1.7 sig").unwrap();
        store
            .write(&Actor("t".into()), now, "attach", |w| {
                attach(w, &data, "application", 2, &src)
            })
            .unwrap();
        let (_, bytes) = read(store.conn(), &data, first).unwrap();
        assert_eq!(
            bytes.as_slice(),
            b"%PDF-1.7 signed agreement".as_slice(),
            "the damaged copy was not trusted by its name but written again"
        );
        assert_eq!(walk(&folder(&data)).len(), 1, "no temporary file is left");
    }

    #[test]
    fn content_is_stored_once_under_its_digest_and_checked_on_read() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let src = dir.path().join("契約書.pdf");
        std::fs::write(&src, b"%PDF-1.7 signed agreement").unwrap();
        let mut store = Store::open_in_memory().unwrap();
        let now = chrono::Utc::now();
        let (a, b) = store
            .write(&Actor("t".into()), now, "attach", |w| {
                Ok((
                    attach(w, &data, "application", 1, &src)?,
                    attach(w, &data, "application", 2, &src)?,
                ))
            })
            .unwrap();
        let files: Vec<_> = walk(&folder(&data));
        assert_eq!(files.len(), 1, "the same content is stored once");
        let (meta, bytes) = read(store.conn(), &data, a).unwrap();
        assert_eq!(
            (meta.file_name.as_str(), bytes.as_slice()),
            ("契約書.pdf", b"%PDF-1.7 signed agreement".as_slice())
        );
        std::fs::write(&files[0], b"tampered").unwrap();
        let err = read(store.conn(), &data, b).unwrap_err();
        assert!(
            err.to_string().contains("altered"),
            "a file changed on disk is reported, not served: {err}"
        );
    }

    #[test]
    fn no_digest_or_name_can_make_a_path_outside_the_folder() {
        let data = Path::new("/data");
        for bad in [
            "../../etc/passwd",
            "",
            "ABCDEF",
            &"g".repeat(64),
            &format!("../{}", "a".repeat(61)),
        ] {
            assert_eq!(content_path(data, bad), None, "{bad:?} is not a digest");
        }
        let ok = content_path(data, &"ab".repeat(32)).unwrap();
        assert!(
            ok.starts_with(folder(data)),
            "a valid digest stays inside the attachments folder"
        );
        assert_eq!(
            display_name(Path::new("../../secret/../x.pdf")),
            "x.pdf",
            "only the last component is kept as the name"
        );
    }

    fn walk(dir: &Path) -> Vec<PathBuf> {
        let mut out = Vec::new();
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            if e.path().is_dir() {
                out.extend(walk(&e.path()))
            } else {
                out.push(e.path())
            }
        }
        out
    }
}
