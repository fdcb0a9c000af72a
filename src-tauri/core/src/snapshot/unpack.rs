//! Format 2's payload, verified and unpacked in one pass.
//!
//! The stored bytes are read a 64 KiB chunk at a time and each chunk is checked against its signed
//! digest *before* the decompressor sees it ([`Verified`]), so altered or missing bytes are named
//! with their place in the file exactly as in format 1, and zstd only ever reads signed bytes. The
//! decompressed content is split into the entries' files and its SHA-256 and size checked against
//! the manifest's `compression` at the end. Decompression and the writing of the files (with the
//! content's digest) run on two threads.

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::sync::mpsc;

use sha2::{Digest, Sha256};

use super::error::{Rejection, Result, SnapshotError};
use super::format::{Compression, Entry, Manifest, CHUNK_SIZE, HEAD_SIZE};
use crate::progress::Progress;

/// Verifies the stored payload of `m` (from the current position of `file`, `available` bytes
/// left in it) and writes the decompressed entries into `dir`.
pub(super) fn extract(
    file: &mut File,
    available: u64,
    payload_offset: u64,
    m: &Manifest,
    c: &Compression,
    dir: &Path,
    progress: &mut Progress<'_>,
) -> Result<()> {
    let mut verified = Verified {
        src: BufReader::with_capacity(1 << 20, file),
        m,
        available,
        payload_offset,
        pos: 0,
        chunk: Vec::with_capacity(CHUNK_SIZE as usize),
        start: 0,
        index: 0,
        total: Sha256::new(),
        head: None,
        failure: None,
        progress,
    };
    // Decompressing and hashing here, writing the files on a second thread (2 cores: the copy into
    // the file system's cache takes about as long as the rest), a few 1 MiB buffers passing
    // between them.
    let (decoded, written) = std::thread::scope(|scope| {
        let (full, incoming) = mpsc::sync_channel::<Vec<u8>>(BUFFERS);
        let (spare, recycled) = mpsc::channel::<Vec<u8>>();
        let writer = scope.spawn(move || write_entries(&m.entries, dir, incoming, spare));
        let decoded = decode(&mut verified, c, full, recycled);
        let written = writer.join().unwrap_or_else(|_| {
            Err(SnapshotError::io(
                dir,
                std::io::Error::other("the thread writing the snapshot's files stopped"),
            ))
        });
        (decoded, written)
    });
    // A rejection of the content comes first; else a failure to write it out.
    let content = decoded?;
    let produced = written?;
    // Whatever the decompressor did not need must still be read and checked.
    loop {
        match verified.fill_buf() {
            Ok([]) => break,
            Ok(rest) => {
                let n = rest.len();
                verified.consume(n);
            }
            Err(e) => return Err(stop(&mut verified, &e)),
        }
    }
    verified.finish()?;
    if produced != c.size || content != c.sha256 {
        return Err(content_altered(
            "the decompressed content differs from the signed digest".to_owned(),
        ));
    }
    Ok(())
}

/// Buffers of decompressed content in flight between the two threads.
const BUFFERS: usize = 4;
/// Bytes of one buffer.
const BUFFER: usize = 1 << 20;

/// Decompresses exactly `c.size` bytes of content from the verified stored bytes and hands them
/// to the writer in full buffers; then makes sure nothing decompresses beyond them. Returns the
/// content's SHA-256 (hex); stops early, with no error of its own (and no digest), when the
/// writer has stopped (its error is the one reported).
fn decode(
    verified: &mut Verified<'_, '_, '_, '_>,
    c: &Compression,
    full: mpsc::SyncSender<Vec<u8>>,
    recycled: mpsc::Receiver<Vec<u8>>,
) -> Result<String> {
    let mut content = Sha256::new();
    let mut decoder =
        zstd::stream::read::Decoder::with_buffer(&mut *verified).map_err(|e| undecodable(&e))?;
    let mut produced = 0_u64;
    while produced < c.size {
        let mut buf = recycled.try_recv().unwrap_or_default();
        buf.resize(((c.size - produced) as usize).min(BUFFER), 0);
        let mut filled = 0;
        while filled < buf.len() {
            match decoder.read(&mut buf[filled..]) {
                Ok(0) => {
                    return Err(content_altered(format!(
                        "the content ends after {} of its {} decompressed bytes",
                        produced + filled as u64,
                        c.size
                    )))
                }
                Ok(n) => filled += n,
                Err(e) => return Err(stop(decoder.get_mut(), &e)),
            }
        }
        produced += filled as u64;
        content.update(&buf);
        if full.send(buf).is_err() {
            return Ok(String::new());
        }
    }
    drop(full);
    match decoder.read(&mut [0_u8]) {
        Ok(0) => Ok(hex::encode(content.finalize())),
        Ok(_) => Err(content_altered(
            "the content decompresses to more than its signed size".to_owned(),
        )),
        Err(e) => Err(stop(decoder.get_mut(), &e)),
    }
}

/// Splits the content arriving in `incoming` into the entries' files under `dir`; returns the
/// bytes written. Each buffer goes back through `spare` once written.
fn write_entries(
    entries: &[Entry],
    dir: &Path,
    incoming: mpsc::Receiver<Vec<u8>>,
    spare: mpsc::Sender<Vec<u8>>,
) -> Result<u64> {
    let mut produced = 0_u64;
    let mut pending: Option<(Vec<u8>, usize)> = None;
    for entry in entries {
        let target = dir.join(&entry.name);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| SnapshotError::io(parent, e))?;
        }
        let mut out = File::create(&target).map_err(|e| SnapshotError::io(&target, e))?;
        let mut left = entry.size;
        while left > 0 {
            let (buf, at) = match pending.take() {
                Some(p) => p,
                // The decoder stopped: its verdict is the one reported.
                None => match incoming.recv() {
                    Ok(buf) => (buf, 0),
                    Err(_) => return Ok(produced),
                },
            };
            let n = ((buf.len() - at) as u64).min(left) as usize;
            out.write_all(&buf[at..at + n])
                .map_err(|e| SnapshotError::io(&target, e))?;
            left -= n as u64;
            produced += n as u64;
            if at + n < buf.len() {
                pending = Some((buf, at + n));
            } else {
                // The decoder may have finished and gone: a buffer nobody takes back is dropped.
                let _ = spare.send(buf);
            }
        }
    }
    Ok(produced)
}

/// The stored payload as a [`BufRead`] that yields a chunk only once its digest is checked. A
/// failure is kept in `failure` (the decompressor only passes an `io::Error` back).
struct Verified<'f, 'm, 'p, 'q> {
    src: BufReader<&'f mut File>,
    m: &'m Manifest,
    available: u64,
    payload_offset: u64,
    /// Stored bytes read so far.
    pos: u64,
    chunk: Vec<u8>,
    start: usize,
    index: usize,
    total: Sha256,
    head: Option<String>,
    failure: Option<SnapshotError>,
    progress: &'p mut Progress<'q>,
}

impl Verified<'_, '_, '_, '_> {
    fn fail(&mut self, e: SnapshotError) -> std::io::Error {
        self.failure = Some(e);
        std::io::Error::other("snapshot payload rejected")
    }

    fn next_chunk(&mut self) -> Result<()> {
        let want = self.m.payload.size;
        let len = (want - self.pos).min(CHUNK_SIZE);
        let can = len.min(self.available.saturating_sub(self.pos));
        self.chunk.resize(can as usize, 0);
        self.src
            .read_exact(&mut self.chunk)
            .map_err(|e| SnapshotError::io("snapshot", e))?;
        if self.index == 0 {
            let head = &self.chunk[..self.chunk.len().min(HEAD_SIZE as usize)];
            if head.len() as u64 == HEAD_SIZE.min(want) {
                self.head = Some(hex::encode(Sha256::digest(head)));
            }
        }
        if can < len {
            if self
                .head
                .as_ref()
                .is_some_and(|h| *h != self.m.payload.head_sha256)
            {
                return Err(content_altered(
                    "the payload is not the content this manifest was signed for".to_owned(),
                ));
            }
            return Err(Rejection::Truncated {
                detail: format!(
                    "the content ends after {} of its {want} bytes (the file should be {} bytes)",
                    self.available,
                    self.payload_offset + want
                ),
            }
            .into());
        }
        let got = hex::encode(Sha256::digest(&self.chunk));
        if self.m.payload.chunk_sha256.get(self.index) != Some(&got) {
            let start = self.index as u64 * CHUNK_SIZE;
            let end = (start + CHUNK_SIZE).min(want);
            return Err(content_altered(format!(
                "bytes {}–{} of the file (the compressed content) differ from the signed digest",
                self.payload_offset + start,
                self.payload_offset + end - 1
            )));
        }
        self.total.update(&self.chunk);
        self.pos += len;
        self.index += 1;
        self.start = 0;
        self.progress
            .step(self.pos as usize, (want + 1) as usize)
            .map_err(SnapshotError::from)?;
        Ok(())
    }

    /// The checks once every stored byte is read: the whole digest, then nothing appended.
    fn finish(&mut self) -> Result<()> {
        let total = std::mem::take(&mut self.total);
        if hex::encode(total.finalize()) != self.m.payload.sha256
            || self.head.as_deref() != Some(self.m.payload.head_sha256.as_str())
        {
            return Err(content_altered(
                "the payload's SHA-256 differs from the manifest's".to_owned(),
            ));
        }
        let want = self.m.payload.size;
        if self.available > want {
            return Err(Rejection::AppendedData {
                extra_bytes: self.available - want,
            }
            .into());
        }
        Ok(())
    }
}

impl Read for Verified<'_, '_, '_, '_> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let data = self.fill_buf()?;
        let n = data.len().min(out.len());
        out[..n].copy_from_slice(&data[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for Verified<'_, '_, '_, '_> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        if self.start == self.chunk.len() && self.pos < self.m.payload.size {
            if let Err(e) = self.next_chunk() {
                return Err(self.fail(e));
            }
        }
        Ok(&self.chunk[self.start..])
    }

    fn consume(&mut self, n: usize) {
        self.start = (self.start + n).min(self.chunk.len());
    }
}

fn content_altered(detail: String) -> SnapshotError {
    Rejection::ContentAltered { detail }.into()
}

fn undecodable(e: &std::io::Error) -> SnapshotError {
    content_altered(format!("the signed content does not decompress: {e}"))
}

/// The error behind a failed read: the verifier's rejection if it raised one, else the
/// decompressor's.
fn stop(v: &mut Verified<'_, '_, '_, '_>, e: &std::io::Error) -> SnapshotError {
    v.failure.take().unwrap_or_else(|| undecodable(e))
}
