//! Taking a snapshot: a consistent copy of the live database, the attachments it refers to, a
//! manifest, a signature.
//!
//! A desk's file is copied page by page from one read transaction straight into the compressor
//! ([`pages`]): a writer committing meanwhile neither blocks the copy nor tears it, and no copy of
//! the database is written to disk first. Where this build's SQLite lacks `sqlite_dbpage`, and for
//! the uncompressed format 1, the copy is `VACUUM INTO` a temporary file (which reads one
//! transaction's view too); a server's database is copied into a temporary SQLite file.
//!
//! The output is written to a temporary file in the target folder and renamed into place only when
//! complete, so a crash never leaves a half-written snapshot under the requested name.

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crate::store::copy::{self as db_copy, CopyOptions};
use crate::store::{Actor, Conn, Engine};
use chrono::{DateTime, NaiveDate, Utc};
use ed25519_dalek::Signer;
use serde::Serialize;

use super::contents;
use super::digest::PayloadHasher;
use super::error::{Result, SnapshotError};
use super::format::*;
use super::key::{self, PublicKeyInfo};
use super::pack;
use super::pages;
use super::{attachment_entry, data_dir_of, DB_ENTRY};
use crate::error::CoreError;
use crate::progress::Progress;
use crate::store::Store;

/// What to put in the manifest besides the facts read from the database.
#[derive(Clone)]
pub struct CreateOptions {
    /// The date the snapshot stands for (not after `now`'s date).
    pub as_of: NaiveDate,
    pub note: Option<String>,
    /// The moment of creation, recorded as `created_at`.
    pub now: DateTime<Utc>,
    /// The passphrase of a sealed signing key (else `CHIZAI_KEY_PASSPHRASE` or the OS keyring).
    pub passphrase: Option<String>,
}

impl std::fmt::Debug for CreateOptions {
    // The passphrase never reaches a log through Debug.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CreateOptions")
            .field("as_of", &self.as_of)
            .field("note", &self.note)
            .field("now", &self.now)
            .field("passphrase", &self.passphrase.as_ref().map(|_| "<hidden>"))
            .finish()
    }
}

/// What was written.
#[derive(Debug, Clone, Serialize)]
pub struct Created {
    pub path: PathBuf,
    pub file_size: u64,
    pub database_size: u64,
    pub signer: PublicKeyInfo,
    pub manifest: Manifest,
}

/// Writes a signed snapshot of `store` (a database on disk) to `out`, signed with the key in
/// `key_dir`. Refuses an existing `out`, a future `as_of`, and attachments missing or changed on disk.
pub fn create(store: &Store, key_dir: &Path, out: &Path, opts: &CreateOptions) -> Result<Created> {
    create_with_progress(store, key_dir, out, opts, &mut Progress::silent())
}

/// Steps of [`create_with_progress`]: the copy, the digests, the file written, renamed into place.
pub const CREATE_STEPS: usize = 4;

/// [`create`], reporting its four steps and stopping when cancelled — during the copy too (the
/// `VACUUM INTO` is interrupted). A cancelled snapshot leaves nothing: the copy and the staged file
/// are temporary and removed, and `out` is only ever made by the final rename.
pub fn create_with_progress(
    store: &Store,
    key_dir: &Path,
    out: &Path,
    opts: &CreateOptions,
    progress: &mut Progress<'_>,
) -> Result<Created> {
    create_as(store, key_dir, out, opts, progress, false)
}

/// [`create_with_progress`] in format 2 (compressed) or, with `plain`, the uncompressed format 1
/// that earlier versions wrote (kept so the tests prove such files still open).
pub(super) fn create_as(
    store: &Store,
    key_dir: &Path,
    out: &Path,
    opts: &CreateOptions,
    progress: &mut Progress<'_>,
    plain: bool,
) -> Result<Created> {
    if store.is_read_only() && store.server().is_none() {
        // An opened snapshot: its database lives in a temporary folder and is not the desk's.
        return Err(CoreError::ReadOnly("taking a snapshot".to_owned()).into());
    }
    // The attachments' files: beside the desk's file; a server's contents are written beside
    // the temporary copy by the copy itself (below).
    let mut data_dir = match (store.path(), store.server()) {
        (Some(db_path), _) => data_dir_of(db_path),
        (None, Some(_)) => key_dir
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf),
        (None, None) => {
            return Err(SnapshotError::invalid(
                "database",
                "an in-memory database cannot be snapshotted",
            ))
        }
    };
    if opts.as_of > opts.now.date_naive() {
        return Err(SnapshotError::invalid(
            "--as-of",
            format!(
                "{} is in the future; a snapshot stands for a day that has come (default: today)",
                opts.as_of
            ),
        ));
    }
    if out.exists() {
        return Err(SnapshotError::invalid(
            "--out",
            format!(
                "{} already exists; snapshots are never overwritten: choose a new file name",
                out.display()
            ),
        ));
    }
    let signing = key::load_signing(key_dir, opts.passphrase.as_deref())?;
    let out_dir = out
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."));
    let work = tempfile::Builder::new()
        .prefix(".chizai-snapshot-")
        .tempdir_in(out_dir)
        .map_err(|e| SnapshotError::io(out_dir, e))?;
    let copy = work.path().join(DB_ENTRY);
    let live = store
        .conn()
        .sqlite()
        .filter(|conn| !plain && pages::available(conn));
    // The one read transaction the manifest's facts and the pages are read in (rolled back, having
    // written nothing, when dropped).
    let reading = live
        .map(rusqlite::Connection::unchecked_transaction)
        .transpose()
        .map_err(CoreError::from)?;
    let (facts, database, database_len) = match live {
        Some(conn) => (
            contents::read(store.conn())?,
            Source::Pages(conn),
            pages::database_size(conn)?,
        ),
        None => {
            if store.conn().engine() == Engine::Postgres {
                server_into(store, &copy, opts.now, progress.cancel_flag())?;
                data_dir = work.path().to_path_buf();
            } else {
                vacuum_into(store.conn(), &copy, progress.cancel_flag())?;
            }
            let conn = Conn::Sqlite(rusqlite::Connection::open(&copy)?);
            // A self-contained file: no -wal beside it, so it opens read-only and immutable.
            conn.query_row("PRAGMA journal_mode = DELETE", [], |_| Ok(()))?;
            let facts = contents::read(&conn)?;
            drop(conn);
            (facts, Source::File(copy.clone()), file_len(&copy)?)
        }
    };
    progress.step(1, CREATE_STEPS)?;

    let mut entries = vec![Entry {
        kind: EntryKind::Database,
        name: DB_ENTRY.to_owned(),
        offset: 0,
        size: database_len,
        sha256: None,
    }];
    let mut sources = vec![database];
    for sha in &facts.attachments {
        let source =
            crate::attachments::content_path(&data_dir, sha).ok_or_else(|| {
                SnapshotError::Core(CoreError::Integrity(format!(
                    "the attachment table holds {sha:?}, which is not a SHA-256; correct the record before taking a snapshot"
                )))
            })?;
        let size = file_len(&source).map_err(|_| {
            SnapshotError::Core(CoreError::Integrity(format!(
                "attachment {sha} is recorded in the database but missing at {}; restore the file before taking a snapshot",
                source.display()
            )))
        })?;
        let offset = entries.iter().map(|e| e.size).sum();
        entries.push(Entry {
            kind: EntryKind::Attachment,
            name: attachment_entry(sha),
            offset,
            size,
            sha256: Some(sha.clone()),
        });
        sources.push(Source::File(source));
    }

    let mut buf = vec![0_u8; 1 << 20];
    let (digests, compression, stored) = if plain {
        let mut hasher = PayloadHasher::default();
        feed(&entries, &sources, &mut buf, progress, |data| {
            hasher.update(data)
        })?;
        let files = sources.iter().filter_map(Source::file).cloned().collect();
        (hasher.finish(), None, files)
    } else {
        let packed = work.path().join("payload.zst");
        let (digests, compression) =
            pack::compress(&entries, &sources, &packed, &mut buf, progress)?;
        (digests, Some(compression), vec![packed])
    };
    drop(reading);
    progress.step(2, CREATE_STEPS)?;
    let manifest = Manifest {
        format: MANIFEST_FORMAT.to_owned(),
        as_of: opts.as_of,
        created_at: opts.now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        note: opts.note.clone(),
        institution: facts.institution,
        app_version: env!("CARGO_PKG_VERSION").to_owned(),
        schema_version: facts.schema_version,
        counts: facts.counts,
        audit: facts.audit,
        payload: PayloadDigest {
            size: digests.size,
            sha256: digests.sha256,
            head_sha256: digests.head_sha256,
            chunk_size: CHUNK_SIZE,
            chunk_sha256: digests.chunk_sha256,
            compression,
        },
        entries,
    };
    let manifest_bytes = serde_json::to_vec(&manifest).map_err(CoreError::from)?;
    let manifest_len = u32::try_from(manifest_bytes.len())
        .ok()
        .filter(|n| *n <= MAX_MANIFEST)
        .ok_or_else(|| SnapshotError::invalid("manifest", "larger than 16 MiB"))?;
    let public = signing.verifying_key();
    let header = Header {
        version: if plain {
            FORMAT_VERSION_PLAIN
        } else {
            FORMAT_VERSION
        },
        manifest_len,
        public_key: *public.as_bytes(),
    }
    .encode();
    let mut signed = Vec::with_capacity(header.len() + manifest_bytes.len());
    signed.extend_from_slice(&header);
    signed.extend_from_slice(&manifest_bytes);
    let signature = signing.sign(&signed);

    let staged = tempfile::Builder::new()
        .prefix(".chizai-snapshot-")
        .tempfile_in(out_dir)
        .map_err(|e| SnapshotError::io(out_dir, e))?;
    {
        let mut file = staged.as_file();
        file.write_all(&signed)
            .and_then(|()| file.write_all(&signature.to_bytes()))
            .map_err(|e| SnapshotError::io(staged.path(), e))?;
        for source in &stored {
            if progress.is_cancelled() {
                return Err(CoreError::Cancelled.into());
            }
            // File to file: the kernel copies (copy_file_range), no pass through a buffer here.
            let mut from = File::open(source).map_err(|e| SnapshotError::io(source, e))?;
            std::io::copy(&mut from, &mut file).map_err(|e| SnapshotError::io(staged.path(), e))?;
        }
    }
    staged
        .as_file()
        .sync_all()
        .map_err(|e| SnapshotError::io(staged.path(), e))?;
    // The last chance to stop: after the rename the snapshot is whole and kept.
    progress.step(3, CREATE_STEPS)?;
    staged
        .persist_noclobber(out)
        .map_err(|e| SnapshotError::io(out, e.error))?;
    progress.report(CREATE_STEPS, CREATE_STEPS);
    let database_size = match store.path() {
        Some(db_path) => file_len(db_path)?,
        None => database_len,
    };
    Ok(Created {
        path: out.to_owned(),
        file_size: file_len(out)?,
        database_size,
        signer: PublicKeyInfo::of(&public),
        manifest,
    })
}

fn file_len(path: &Path) -> Result<u64> {
    Ok(std::fs::metadata(path)
        .map_err(|e| SnapshotError::io(path, e))?
        .len())
}

/// Where an entry's bytes come from.
pub(super) enum Source<'c> {
    /// A file: an attachment, or the database copied to a temporary file.
    File(PathBuf),
    /// The live database's pages, read in the read transaction open on the connection.
    Pages(&'c rusqlite::Connection),
}

impl Source<'_> {
    fn file(&self) -> Option<&PathBuf> {
        match self {
            Source::File(path) => Some(path),
            Source::Pages(_) => None,
        }
    }
}

/// Feeds every entry's bytes to `sink` in order, checking each attachment against its SHA-256 (a
/// file changed on disk since it was recorded is refused, not snapshotted).
pub(super) fn feed(
    entries: &[Entry],
    sources: &[Source<'_>],
    buf: &mut [u8],
    progress: &Progress<'_>,
    mut sink: impl FnMut(&[u8]),
) -> Result<()> {
    for (entry, source) in entries.iter().zip(sources) {
        let source = match source {
            Source::Pages(conn) => {
                pages::stream(conn, entry.size, buf, progress, &mut sink)?;
                continue;
            }
            Source::File(path) => path,
        };
        let mut file_hash = sha2::Sha256::default();
        stream(source, buf, progress, |data| {
            sink(data);
            if entry.kind == EntryKind::Attachment {
                sha2::Digest::update(&mut file_hash, data);
            }
        })?;
        if let Some(expected) = &entry.sha256 {
            let got = hex::encode(sha2::Digest::finalize(file_hash));
            if &got != expected {
                return Err(SnapshotError::Core(CoreError::Integrity(format!(
                    "attachment file {} does not match its recorded SHA-256 {expected} (it was changed on disk)",
                    source.display()
                ))));
            }
        }
    }
    Ok(())
}

/// Feeds `path` to `f` a buffer at a time, stopping when `progress` is cancelled.
fn stream(
    path: &Path,
    buf: &mut [u8],
    progress: &Progress<'_>,
    mut f: impl FnMut(&[u8]),
) -> Result<()> {
    let mut file = File::open(path).map_err(|e| SnapshotError::io(path, e))?;
    loop {
        if progress.is_cancelled() {
            return Err(CoreError::Cancelled.into());
        }
        let n = file.read(buf).map_err(|e| SnapshotError::io(path, e))?;
        if n == 0 {
            return Ok(());
        }
        f(&buf[..n]);
    }
}

/// A server's database copied into the new SQLite file `copy` (one consistent read of the
/// server; the same rows, ids and audit trail, no audit row of its own), so the snapshot is the
/// same single file a desk's would be. Stops when `cancel` is raised.
fn server_into(
    store: &Store,
    copy: &Path,
    now: DateTime<Utc>,
    cancel: Option<&AtomicBool>,
) -> Result<()> {
    let mut target = Store::open(copy, now)?;
    let mut progress = Progress::new(|_, _| {});
    if let Some(flag) = cancel {
        progress = progress.cancelled_by(flag);
    }
    db_copy::copy(
        store,
        &mut target,
        &Actor("chizai".to_owned()),
        now,
        &CopyOptions { record: false },
        &mut progress,
    )?;
    // Closing the file folds its write-ahead log back into it: one self-contained file.
    drop(target);
    Ok(())
}

/// `VACUUM INTO copy`, interrupted through SQLite's interrupt handle as soon as `cancel` is raised
/// (a watcher thread polls the flag while the copy runs: the copy is one statement, so the
/// progress callbacks between steps cannot stop it).
fn vacuum_into(conn: &Conn, copy: &Path, cancel: Option<&AtomicBool>) -> Result<()> {
    let Some(conn) = conn.sqlite() else {
        return Err(CoreError::invalid(
            "snapshot",
            "VACUUM INTO needs the SQLite file; a server's database is copied instead",
        )
        .into());
    };
    let finished = AtomicBool::new(false);
    let handle = conn.get_interrupt_handle();
    let result = std::thread::scope(|scope| {
        if let Some(flag) = cancel {
            let finished = &finished;
            scope.spawn(move || {
                while !finished.load(Ordering::Relaxed) {
                    if flag.load(Ordering::Relaxed) {
                        handle.interrupt();
                        return;
                    }
                    std::thread::sleep(Duration::from_millis(10));
                }
            });
        }
        let result = conn.execute("VACUUM INTO ?1", [copy.display().to_string()]);
        finished.store(true, Ordering::Relaxed);
        result
    });
    match result {
        Ok(_) => Ok(()),
        Err(_) if cancel.is_some_and(|f| f.load(Ordering::Relaxed)) => {
            Err(CoreError::Cancelled.into())
        }
        Err(e) => Err(SnapshotError::Core(CoreError::Integrity(format!(
            "could not copy the database for the snapshot: {e}"
        )))),
    }
}
