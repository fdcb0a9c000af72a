//! Format 2's payload, written: the entries streamed once through zstd into a temporary file,
//! hashing the content on the way in and the stored (compressed) bytes on the way out.
//!
//! One read of the database copy does everything (format 1 read it twice: once to hash, once to
//! write). zstd compresses on a worker thread, so reading and hashing overlap the compression.
//! The level is zstd's fast end: SQLite pages of Japanese text shrink to about a fifth at level 1
//! already, and a higher level costs more time than it saves in bytes written.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::create::feed;
use super::digest::{PayloadDigests, PayloadHasher};
use super::error::{Result, SnapshotError};
use super::format::{Compression, Entry, ZSTD};
use crate::progress::Progress;

/// The zstd level (1 = fastest of the normal levels).
pub const LEVEL: i32 = 1;

/// Writes the entries' files, compressed, to `out`; returns the digests of the stored bytes and
/// the description of the content.
pub(super) fn compress(
    entries: &[Entry],
    sources: &[PathBuf],
    out: &Path,
    buf: &mut [u8],
    progress: &Progress<'_>,
) -> Result<(PayloadDigests, Compression)> {
    let file = File::create(out).map_err(|e| SnapshotError::io(out, e))?;
    let sink = Hashing {
        inner: BufWriter::with_capacity(1 << 20, file),
        hasher: PayloadHasher::default(),
    };
    let io = |e| SnapshotError::io(out, e);
    let mut encoder = zstd::stream::write::Encoder::new(sink, LEVEL).map_err(io)?;
    // One worker: compression runs beside the reading and hashing of this thread.
    encoder.multithread(1).map_err(io)?;
    let mut content = Sha256::new();
    let mut size = 0_u64;
    let mut failed = None;
    feed(entries, sources, buf, progress, |data| {
        content.update(data);
        size += data.len() as u64;
        if failed.is_none() {
            if let Err(e) = encoder.write_all(data) {
                failed = Some(e);
            }
        }
    })?;
    if let Some(e) = failed {
        return Err(io(e));
    }
    let mut sink = encoder.finish().map_err(io)?;
    sink.inner.flush().map_err(io)?;
    let compression = Compression {
        method: ZSTD.to_owned(),
        size,
        sha256: hex::encode(content.finalize()),
    };
    Ok((sink.hasher.finish(), compression))
}

/// A writer that digests what passes through it.
struct Hashing<W: Write> {
    inner: W,
    hasher: PayloadHasher,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(data)?;
        self.hasher.update(&data[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}
