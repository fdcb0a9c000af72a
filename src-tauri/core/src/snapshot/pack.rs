//! Format 2's payload, written: the entries streamed once through zstd into a temporary file,
//! hashing the content on the way in and the stored (compressed) bytes on the way out.
//!
//! One read of the database does everything (format 1 read it twice: once to hash, once to
//! write). zstd compresses on worker threads, one per core, so the reading and hashing on this
//! thread overlap the compression and on two cores all of it runs on both (at 100,000
//! applications: create 4.3 s with two workers, 8 s with one, on a busy machine). The level is
//! zstd's fast end: SQLite pages of Japanese text shrink to about a fifth at level 1 already
//! (22.8 % of the database at 100,000 applications; level 3: 22.1 % for a third more time).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use sha2::{Digest, Sha256};

use super::create::{feed, Source};
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
    sources: &[Source<'_>],
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
    // Compression runs beside the reading and hashing of this thread, on every core.
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().clamp(1, 8));
    encoder.multithread(workers as u32).map_err(io)?;
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
