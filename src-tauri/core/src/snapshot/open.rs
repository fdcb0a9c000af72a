//! Verifying and opening a snapshot: one pass that checks, in order, what can be trusted so far.
//!
//! 1. the header (magic, checksum, version) — *not a snapshot*, *truncated*, *header altered*,
//!    *newer format*;
//! 2. the signature over header and manifest with the key in the header — *signature invalid*;
//!    then that key against the trusted key, when one is given — *wrong key*;
//! 3. the payload, streamed once: hashed chunk by chunk against the manifest while it is written to
//!    a private temporary folder — *content altered* (with the byte range), *truncated*, *appended*
//!    (format 2 decompresses each chunk once it is checked: see [`unpack`](super::unpack));
//! 4. the database inside, opened read-only and immutable: the audit chain, and the manifest's claims
//!    (counts, audit head, attachments) — *audit chain broken*, *manifest mismatch*; the counts are
//!    read on a second connection while the chain is walked. SQLite's full-scan `quick_check` is
//!    not run: step 3 proved every byte equal to what the institution signed, a copy of its
//!    database, which is itself checked after an unclean shutdown, after a migration and daily
//!    ([`crate::store::health`]); it would double the time of every `--snapshot` command.
//!
//! SQLite needs a real file, so the payload lives in a temporary folder for as long as the
//! [`Opened`] snapshot does, and is removed when it is dropped.

use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use ed25519_dalek::{Signature, VerifyingKey};

use super::contents;
use super::digest::PayloadHasher;
use super::error::{Rejection, Result, SnapshotError};
use super::format::*;
use super::key::{PublicKeyInfo, TrustedKey};
use super::DB_ENTRY;
use crate::error::CoreError;
use crate::progress::Progress;
use crate::store::{audit, migrate, Store};

/// A verified snapshot, open read-only.
#[derive(Debug)]
pub struct Opened {
    /// The database inside, read-only: every `write` is refused.
    pub store: Store,
    pub manifest: Manifest,
    /// The key that signed it.
    pub signer: PublicKeyInfo,
    /// Whether the signer was checked against a trusted key (else only the file's own key).
    pub key_checked: bool,
    pub file_size: u64,
    // Declared last: dropped after the store has closed the file.
    pub(super) dir: tempfile::TempDir,
}

impl Opened {
    /// The snapshot's data directory: its attachments in the live layout, for
    /// [`crate::attachments::read`].
    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().to_path_buf()
    }
}

/// Verifies `path` and opens the database inside read-only. With `trusted`, the signer must be that
/// key; without, the signature is checked against the key the file names (report its fingerprint).
pub fn open(path: &Path, trusted: Option<&TrustedKey>) -> Result<Opened> {
    open_with_progress(path, trusted, &mut Progress::silent())
}

/// [`open`], reporting the bytes of the payload checked so far and stopping when cancelled (the
/// temporary folder is removed: nothing is left behind).
pub fn open_with_progress(
    path: &Path,
    trusted: Option<&TrustedKey>,
    progress: &mut Progress<'_>,
) -> Result<Opened> {
    let mut signed = read_signed(path, trusted)?;
    let (manifest, key, file_len, payload_offset) = (
        signed.manifest,
        signed.key,
        signed.file_len,
        signed.payload_offset,
    );
    let dir = tempfile::Builder::new()
        .prefix("chizai-snapshot-")
        .tempdir()
        .map_err(|e| SnapshotError::io(std::env::temp_dir(), e))?;
    let available = file_len - payload_offset;
    match &manifest.payload.compression {
        Some(c) => super::unpack::extract(
            &mut signed.file,
            available,
            payload_offset,
            &manifest,
            c,
            dir.path(),
            progress,
        )?,
        None => extract(
            &mut signed.file,
            available,
            payload_offset,
            &manifest,
            dir.path(),
            progress,
        )?,
    }

    let db = dir.path().join(DB_ENTRY);
    let store = Store::open_read_only_verified(&db).map_err(|e| match e {
        CoreError::Version(_) => SnapshotError::from(Rejection::NewerFormat {
            what: "database schema".to_owned(),
            found: manifest.schema_version,
            supported: migrate::latest_version(),
        }),
        other => Rejection::DatabaseDamaged {
            detail: other.to_string(),
        }
        .into(),
    })?;
    check_database(&store, &db, &manifest)?;
    let total = manifest.payload.size + 1;
    progress.step(total as usize, total as usize)?;
    Ok(Opened {
        store,
        manifest,
        signer: PublicKeyInfo::of(&key),
        key_checked: trusted.is_some(),
        file_size: file_len,
        dir,
    })
}

/// A snapshot's header and signed manifest, checked, with the file positioned at the payload.
pub(super) struct Signed {
    pub file: File,
    pub manifest: Manifest,
    pub key: VerifyingKey,
    pub file_len: u64,
    pub payload_offset: u64,
}

/// Steps 1 and 2 of the verification: the header, the signature (and signer) and the manifest's
/// shape. Cheap (the payload is not read): the snapshot list uses it.
pub(super) fn read_signed(path: &Path, trusted: Option<&TrustedKey>) -> Result<Signed> {
    let mut file = File::open(path).map_err(|e| SnapshotError::io(path, e))?;
    let file_len = file
        .metadata()
        .map_err(|e| SnapshotError::io(path, e))?
        .len();
    let mut head = Vec::with_capacity(HEADER_LEN);
    (&mut file)
        .take(HEADER_LEN as u64)
        .read_to_end(&mut head)
        .map_err(|e| SnapshotError::io(path, e))?;
    let header = Header::decode(&head, file_len)?;
    let payload_offset = header.payload_offset();
    if file_len < payload_offset {
        return Err(Rejection::Truncated {
            detail: format!(
                "{file_len} bytes, but the manifest and signature alone end at byte {payload_offset}"
            ),
        }
        .into());
    }
    let mut signed = head;
    signed.resize(HEADER_LEN + header.manifest_len as usize, 0);
    let mut sig = [0_u8; SIGNATURE_LEN];
    file.read_exact(&mut signed[HEADER_LEN..])
        .and_then(|()| file.read_exact(&mut sig))
        .map_err(|e| SnapshotError::io(path, e))?;
    let key =
        VerifyingKey::from_bytes(&header.public_key).map_err(|_| Rejection::SignatureInvalid)?;
    key.verify_strict(&signed, &Signature::from_bytes(&sig))
        .map_err(|_| Rejection::SignatureInvalid)?;
    if let Some(t) = trusted {
        if !t.matches(&key) {
            return Err(Rejection::WrongKey {
                expected: t.describe(),
                found: super::key::fingerprint(&key),
            }
            .into());
        }
    }
    let manifest: Manifest =
        serde_json::from_slice(&signed[HEADER_LEN..]).map_err(|e| Rejection::NotASnapshot {
            detail: format!("its signed manifest is not readable: {e}"),
        })?;
    check_manifest_shape(&manifest, header.version)?;
    Ok(Signed {
        file,
        manifest,
        key,
        file_len,
        payload_offset,
    })
}

fn check_manifest_shape(m: &Manifest, version: u16) -> Result<()> {
    let mismatch = |detail: &str| {
        SnapshotError::from(Rejection::ManifestMismatch {
            detail: detail.to_owned(),
        })
    };
    if m.format != MANIFEST_FORMAT {
        return Err(Rejection::NotASnapshot {
            detail: format!("its manifest format is {:?}", m.format),
        }
        .into());
    }
    if m.schema_version > migrate::latest_version() {
        return Err(Rejection::NewerFormat {
            what: "database schema".to_owned(),
            found: m.schema_version,
            supported: migrate::latest_version(),
        }
        .into());
    }
    let compressed = m
        .payload
        .compression
        .as_ref()
        .map(|c| c.method == ZSTD && c.sha256.len() == 64);
    match (version, compressed) {
        (FORMAT_VERSION_PLAIN, None) | (FORMAT_VERSION, Some(true)) => {}
        _ => {
            return Err(mismatch(
                "the payload's compression does not match the format version",
            ))
        }
    }
    if m.payload.chunk_size != CHUNK_SIZE {
        return Err(mismatch("unexpected chunk size"));
    }
    if m.payload.chunk_sha256.len() as u64 != m.payload.size.div_ceil(CHUNK_SIZE) {
        return Err(mismatch("the chunk digests do not cover the payload"));
    }
    let mut at = 0;
    for (i, e) in m.entries.iter().enumerate() {
        let first_is_db = (i == 0) == (e.kind == EntryKind::Database);
        let safe_name = match e.kind {
            EntryKind::Database => e.name == DB_ENTRY,
            EntryKind::Attachment => e.sha256.as_ref().is_some_and(|s| {
                s.len() == 64
                    && s.bytes()
                        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
                    && e.name == super::attachment_entry(s)
            }),
        };
        if e.offset != at || !first_is_db || !safe_name {
            return Err(mismatch(
                "the entries are not the database followed by attachments, back to back",
            ));
        }
        at += e.size;
    }
    if at != m.payload.content_size() || m.entries.is_empty() {
        return Err(mismatch("the entries do not add up to the payload size"));
    }
    Ok(())
}

/// Streams the payload into `dir`, checking every chunk as it completes.
fn extract(
    file: &mut File,
    available: u64,
    payload_offset: u64,
    m: &Manifest,
    dir: &Path,
    progress: &mut Progress<'_>,
) -> Result<()> {
    let want = m.payload.size;
    // One more unit than the payload: the database checks after it.
    let total = (want + 1) as usize;
    let readable = available.min(want);
    let mut hasher = PayloadHasher::default();
    let mut buf = vec![0_u8; 1 << 20];
    let mut pos = 0_u64;
    for entry in &m.entries {
        let target = dir.join(&entry.name);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| SnapshotError::io(parent, e))?;
        }
        let out = File::create(&target).map_err(|e| SnapshotError::io(&target, e))?;
        let mut out = BufWriter::with_capacity(1 << 20, out);
        let end = (entry.offset + entry.size).min(readable);
        while pos < end {
            let n = ((end - pos) as usize).min(buf.len());
            file.read_exact(&mut buf[..n])
                .map_err(|e| SnapshotError::io(&target, e))?;
            let before = hasher.chunks.len();
            hasher.update(&buf[..n]);
            for (i, got) in hasher.chunks.iter().enumerate().skip(before) {
                if m.payload.chunk_sha256.get(i) != Some(got) {
                    return Err(altered(
                        i as u64 * CHUNK_SIZE,
                        CHUNK_SIZE,
                        payload_offset,
                        m,
                    ));
                }
            }
            out.write_all(&buf[..n])
                .map_err(|e| SnapshotError::io(&target, e))?;
            pos += n as u64;
            progress.step(pos as usize, total)?;
        }
        out.flush().map_err(|e| SnapshotError::io(&target, e))?;
    }
    if available < want {
        if hasher.head().is_some_and(|h| h != m.payload.head_sha256) {
            return Err(Rejection::ContentAltered {
                detail: "the payload is not the content this manifest was signed for".to_owned(),
            }
            .into());
        }
        return Err(Rejection::Truncated {
            detail: format!(
                "the content ends after {available} of its {want} bytes (the file should be {} bytes)",
                payload_offset + want
            ),
        }
        .into());
    }
    let last = hasher.chunks.len() as u64;
    let digests = hasher.finish();
    if digests.chunk_sha256 != m.payload.chunk_sha256 {
        return Err(altered(last * CHUNK_SIZE, CHUNK_SIZE, payload_offset, m));
    }
    if digests.sha256 != m.payload.sha256 || digests.head_sha256 != m.payload.head_sha256 {
        return Err(Rejection::ContentAltered {
            detail: "the payload's SHA-256 differs from the manifest's".to_owned(),
        }
        .into());
    }
    if available > want {
        return Err(Rejection::AppendedData {
            extra_bytes: available - want,
        }
        .into());
    }
    Ok(())
}

fn altered(start: u64, len: u64, payload_offset: u64, m: &Manifest) -> SnapshotError {
    let end = (start + len).min(m.payload.size);
    let inside = m
        .entries
        .iter()
        .filter(|e| e.offset < end && start < e.offset + e.size)
        .map(|e| e.name.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    Rejection::ContentAltered {
        detail: format!(
            "bytes {}–{} of the file ({inside}) differ from the signed digest",
            payload_offset + start,
            payload_offset + end - 1
        ),
    }
    .into()
}

fn check_database(store: &Store, db: &Path, m: &Manifest) -> Result<()> {
    // The facts (row counts of every table) are read on a second connection while this one walks
    // the audit chain: two cores, and the two read different tables.
    let (chain, facts) = std::thread::scope(|scope| {
        let facts = scope.spawn(|| -> Result<contents::Contents> {
            let other = Store::open_read_only_verified(db)?;
            Ok(contents::read(other.conn())?)
        });
        let chain = audit::verify(store.conn());
        let facts = facts.join().unwrap_or_else(|_| {
            Err(Rejection::DatabaseDamaged {
                detail: "the thread reading its row counts stopped".to_owned(),
            }
            .into())
        });
        (chain, facts)
    });
    let chain = chain?;
    if let Some(b) = chain.broken {
        return Err(Rejection::AuditChainBroken {
            seq: b.seq,
            reason: b.reason,
        }
        .into());
    }
    let facts = facts?;
    let mismatch = |detail: String| SnapshotError::from(Rejection::ManifestMismatch { detail });
    if chain.rows != m.audit.rows || chain.head != m.audit.head || facts.audit != m.audit {
        return Err(mismatch(format!(
            "the manifest names audit head {} after {} entries, the database holds {} after {}",
            m.audit.head, m.audit.rows, chain.head, chain.rows
        )));
    }
    if facts.counts != m.counts {
        let differing: Vec<String> = facts
            .counts
            .iter()
            .filter(|(t, n)| m.counts.get(*t) != Some(n))
            .map(|(t, n)| format!("{t}: {n} rows, manifest {:?}", m.counts.get(t)))
            .collect();
        return Err(mismatch(format!(
            "row counts differ ({})",
            differing.join("; ")
        )));
    }
    if facts.schema_version != m.schema_version {
        return Err(mismatch(format!(
            "schema version {} inside, {} in the manifest",
            facts.schema_version, m.schema_version
        )));
    }
    let listed: std::collections::BTreeSet<String> =
        m.entries.iter().filter_map(|e| e.sha256.clone()).collect();
    if listed != facts.attachments {
        return Err(mismatch(
            "the attachments in the file are not those the database refers to".to_owned(),
        ));
    }
    Ok(())
}
