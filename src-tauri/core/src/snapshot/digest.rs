//! The payload digests, computed in one streaming pass: the whole payload, its first 4 KiB and each
//! 64 KiB chunk (see [`format`](super::format)). Creation and verification share this code, so the two
//! cannot disagree on what is hashed.

use sha2::{Digest, Sha256};

use super::format::{CHUNK_SIZE, HEAD_SIZE};

/// A running digest of the payload.
#[derive(Debug, Clone)]
pub struct PayloadHasher {
    total: Sha256,
    chunk: Sha256,
    head: Sha256,
    in_chunk: u64,
    seen: u64,
    head_hex: Option<String>,
    /// Digests of the chunks completed so far.
    pub chunks: Vec<String>,
}

impl Default for PayloadHasher {
    fn default() -> Self {
        PayloadHasher {
            total: Sha256::new(),
            chunk: Sha256::new(),
            head: Sha256::new(),
            in_chunk: 0,
            seen: 0,
            head_hex: None,
            chunks: Vec::new(),
        }
    }
}

/// The finished digests.
#[derive(Debug, Clone, PartialEq)]
pub struct PayloadDigests {
    pub size: u64,
    pub sha256: String,
    pub head_sha256: String,
    pub chunk_sha256: Vec<String>,
}

impl PayloadHasher {
    /// The head digest, once 4 KiB have been seen.
    pub fn head(&self) -> Option<&str> {
        self.head_hex.as_deref()
    }

    /// Feeds the next bytes of the payload.
    pub fn update(&mut self, mut data: &[u8]) {
        self.total.update(data);
        if self.seen < HEAD_SIZE {
            let take = (HEAD_SIZE - self.seen).min(data.len() as u64) as usize;
            self.head.update(&data[..take]);
            if self.seen + take as u64 == HEAD_SIZE {
                self.head_hex = Some(hex::encode(self.head.clone().finalize()));
            }
        }
        self.seen += data.len() as u64;
        while !data.is_empty() {
            let take = (CHUNK_SIZE - self.in_chunk).min(data.len() as u64) as usize;
            self.chunk.update(&data[..take]);
            self.in_chunk += take as u64;
            data = &data[take..];
            if self.in_chunk == CHUNK_SIZE {
                let done = std::mem::replace(&mut self.chunk, Sha256::new());
                self.chunks.push(hex::encode(done.finalize()));
                self.in_chunk = 0;
            }
        }
    }

    /// Ends the payload.
    pub fn finish(mut self) -> PayloadDigests {
        if self.in_chunk > 0 {
            self.chunks.push(hex::encode(self.chunk.finalize()));
        }
        let head_sha256 = self
            .head_hex
            .unwrap_or_else(|| hex::encode(self.head.finalize()));
        PayloadDigests {
            size: self.seen,
            sha256: hex::encode(self.total.finalize()),
            head_sha256,
            chunk_sha256: self.chunks,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_do_not_depend_on_how_the_bytes_are_fed() {
        let data: Vec<u8> = (0..(CHUNK_SIZE * 2 + 123))
            .map(|i| (i % 251) as u8)
            .collect();
        let mut whole = PayloadHasher::default();
        whole.update(&data);
        let mut pieces = PayloadHasher::default();
        for piece in data.chunks(4093) {
            pieces.update(piece);
        }
        let (a, b) = (whole.finish(), pieces.finish());
        assert_eq!(a, b, "buffer boundaries must not change any digest");
        assert_eq!(
            a.chunk_sha256.len(),
            3,
            "two full chunks and a short last one"
        );
        assert_eq!(
            a.sha256,
            hex::encode(Sha256::digest(&data)),
            "the total is plain SHA-256 of the payload, checkable with sha256sum"
        );
        assert_eq!(a.head_sha256, hex::encode(Sha256::digest(&data[..4096])));
    }
}
