//! The container: fixed header, manifest, signature, payload — and the manifest's fields.
//!
//! ```text
//! offset      size  field
//! 0           8     magic 89 43 48 5A 53 4E 41 50 ("\x89CHZSNAP": the high byte catches 7-bit transfers)
//! 8           2     container format version, u16 little-endian (this build writes 2, reads 1–2)
//! 10          2     reserved, 0
//! 12          4     manifest length M, u32 little-endian (at most 16 MiB)
//! 16          32    the signer's Ed25519 public key
//! 48          8     first 8 bytes of SHA-256(bytes 0..48): a damaged header is named before anything
//!                   in it is trusted
//! 56          M     manifest: UTF-8 JSON ([`Manifest`])
//! 56+M        64    Ed25519 signature (RFC 8032) over bytes 0..56+M (header and manifest)
//! 120+M       …     payload: the entries of `manifest.entries` back to back, the database first
//! ```
//!
//! The signature covers the manifest, and the manifest holds the payload's size, its SHA-256, the
//! SHA-256 of its first 4 KiB and of every 64 KiB chunk; so one signature vouches for every byte, and
//! a verifier can say *where* content differs and tell a cut-off file from another file's content:
//! a file that ends early is *truncated* only when every complete chunk it still has matches, else
//! its content is *altered* (64 KiB chunks keep that test sharp while the manifest stays small, about
//! 70 bytes per 64 KiB of database).
//! The 56-byte header layout is frozen: a later format changes the version and what follows it.
//!
//! **Format 2** stores the payload compressed: the entries back to back, as in format 1, streamed
//! through one zstd frame. `payload` (size, SHA-256, head and 64 KiB chunk digests) then describes
//! the bytes *as stored* — so a flipped or missing byte is found, and located, before anything is
//! decompressed — and `payload.compression` the content before compression (its size and SHA-256);
//! the entries' offsets and sizes count in that content. Format 1 files (uncompressed, no
//! `compression`) are still read.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::error::Rejection;

/// The first eight bytes of every snapshot.
pub const MAGIC: [u8; 8] = *b"\x89CHZSNAP";
/// The container version this build writes and the newest it reads.
pub const FORMAT_VERSION: u16 = 2;
/// The uncompressed container version, still read.
pub const FORMAT_VERSION_PLAIN: u16 = 1;
/// The `payload.compression.method` of format 2.
pub const ZSTD: &str = "zstd";
/// Bytes before the manifest.
pub const HEADER_LEN: usize = 56;
/// Bytes of the signature.
pub const SIGNATURE_LEN: usize = 64;
/// The largest manifest accepted.
pub const MAX_MANIFEST: u32 = 16 << 20;
/// Bytes per digested chunk of the payload.
pub const CHUNK_SIZE: u64 = 64 << 10;
/// Bytes of the payload's head digest.
pub const HEAD_SIZE: u64 = 4096;
/// The manifest's `format` marker.
pub const MANIFEST_FORMAT: &str = "chizai-snapshot";

/// The signed description of a snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always `chizai-snapshot`.
    pub format: String,
    /// The date the snapshot stands for (typically a fiscal year end), YYYY-MM-DD.
    pub as_of: chrono::NaiveDate,
    /// When it was taken (UTC, RFC 3339).
    pub created_at: String,
    #[serde(default)]
    pub note: Option<String>,
    pub institution: InstitutionName,
    /// The Chizai version that wrote it.
    pub app_version: String,
    /// The database schema version inside.
    pub schema_version: u32,
    /// Rows per table of the database inside (FTS shadow tables excluded).
    pub counts: std::collections::BTreeMap<String, i64>,
    pub audit: AuditHead,
    pub payload: PayloadDigest,
    /// The files of the payload, in order.
    pub entries: Vec<Entry>,
}

/// The institution named in the manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InstitutionName {
    pub name: String,
    #[serde(default)]
    pub name_en: Option<String>,
}

/// The audit trail's head at the moment of the snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditHead {
    pub rows: i64,
    pub head: String,
}

/// Digests of the whole payload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PayloadDigest {
    pub size: u64,
    /// SHA-256 of the whole payload (hex).
    pub sha256: String,
    /// SHA-256 of its first `min(4096, size)` bytes.
    pub head_sha256: String,
    pub chunk_size: u64,
    /// SHA-256 of each `chunk_size` piece, the last one possibly shorter.
    pub chunk_sha256: Vec<String>,
    /// Format 2: how the stored bytes decompress to the entries (absent in format 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compression: Option<Compression>,
}

/// The content of a compressed payload: what the stored bytes decompress to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Compression {
    /// Always `zstd`.
    pub method: String,
    /// Bytes of the decompressed content (the entries back to back).
    pub size: u64,
    /// SHA-256 of the decompressed content (hex).
    pub sha256: String,
}

impl PayloadDigest {
    /// Bytes of the entries back to back: the decompressed size in format 2, else the payload's.
    pub fn content_size(&self) -> u64 {
        self.compression.as_ref().map_or(self.size, |c| c.size)
    }
}

/// What an entry of the payload holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// The SQLite database (one, first).
    Database,
    /// An attachment file, content-addressed by its SHA-256.
    Attachment,
}

/// One file of the payload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub kind: EntryKind,
    /// Relative path: `chizai.sqlite` or `attachments/<sha256>`.
    pub name: String,
    pub offset: u64,
    pub size: u64,
    /// The attachment's SHA-256 (its name), for attachments.
    #[serde(default)]
    pub sha256: Option<String>,
}

/// The fixed header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub version: u16,
    pub manifest_len: u32,
    pub public_key: [u8; 32],
}

impl Header {
    /// The 56 bytes of this header.
    pub fn encode(&self) -> [u8; HEADER_LEN] {
        let mut out = [0_u8; HEADER_LEN];
        out[..8].copy_from_slice(&MAGIC);
        out[8..10].copy_from_slice(&self.version.to_le_bytes());
        out[12..16].copy_from_slice(&self.manifest_len.to_le_bytes());
        out[16..48].copy_from_slice(&self.public_key);
        let check = Sha256::digest(&out[..48]);
        out[48..56].copy_from_slice(&check[..8]);
        out
    }

    /// Reads the header from the first bytes of a file of `file_len` bytes, naming what is wrong.
    pub fn decode(bytes: &[u8], file_len: u64) -> Result<Header, Rejection> {
        let have = bytes.len().min(MAGIC.len());
        if bytes[..have] != MAGIC[..have] {
            return Err(Rejection::NotASnapshot {
                detail: "it does not start with the snapshot signature bytes".to_owned(),
            });
        }
        if bytes.len() < HEADER_LEN {
            return Err(if bytes.is_empty() {
                Rejection::NotASnapshot {
                    detail: "the file is empty".to_owned(),
                }
            } else {
                Rejection::Truncated {
                    detail: format!("{file_len} bytes, shorter than the {HEADER_LEN}-byte header"),
                }
            });
        }
        let check = Sha256::digest(&bytes[..48]);
        if bytes[48..56] != check[..8] {
            return Err(Rejection::HeaderDamaged);
        }
        let version = u16::from_le_bytes([bytes[8], bytes[9]]);
        if version > FORMAT_VERSION {
            return Err(Rejection::NewerFormat {
                what: "snapshot format".to_owned(),
                found: version.into(),
                supported: FORMAT_VERSION.into(),
            });
        }
        if version == 0 || bytes[10..12] != [0, 0] {
            return Err(Rejection::NotASnapshot {
                detail: format!("format version {version} is not a version Chizai ever wrote"),
            });
        }
        let manifest_len = u32::from_le_bytes([bytes[12], bytes[13], bytes[14], bytes[15]]);
        if manifest_len > MAX_MANIFEST {
            return Err(Rejection::NotASnapshot {
                detail: format!("a manifest of {manifest_len} bytes is beyond any snapshot"),
            });
        }
        let mut public_key = [0_u8; 32];
        public_key.copy_from_slice(&bytes[16..48]);
        Ok(Header {
            version,
            manifest_len,
            public_key,
        })
    }

    /// Offset of the payload.
    pub fn payload_offset(&self) -> u64 {
        (HEADER_LEN + SIGNATURE_LEN) as u64 + u64::from(self.manifest_len)
    }
}
