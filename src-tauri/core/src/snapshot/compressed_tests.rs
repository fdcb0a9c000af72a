//! Format 2 (compressed payload): smaller files, the same tamper detection, and the uncompressed
//! format 1 still read.

use super::create::create_as;
use super::format::*;
use super::tests::{d, manifest_len, now, reason, Fixture};
use super::*;
use crate::exchange;
use crate::progress::Progress;

fn options() -> CreateOptions {
    CreateOptions {
        as_of: d("2026-03-31"),
        note: None,
        now: now(),
        passphrase: None,
    }
}

#[test]
fn a_snapshot_is_compressed_to_a_quarter_of_its_database_or_less() {
    let f = Fixture::new(120);
    let path = f.snapshot("s.chz");
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(
        u16::from_le_bytes([bytes[8], bytes[9]]),
        FORMAT_VERSION,
        "new snapshots are written in the compressed format"
    );
    let opened = open(&path, Some(&f.trusted())).unwrap();
    let m = &opened.manifest;
    let c = m
        .payload
        .compression
        .as_ref()
        .expect("format 2 names its compression");
    assert_eq!(c.method, ZSTD);
    let database = m.entries[0].size;
    assert!(
        (bytes.len() as u64) * 4 <= database,
        "the whole file ({} bytes) must be at most 25 % of the database it holds ({database} bytes)",
        bytes.len()
    );
    assert_eq!(c.size, m.entries.iter().map(|e| e.size).sum::<u64>());
}

#[test]
fn a_flipped_byte_inside_any_compressed_chunk_is_located() {
    let f = Fixture::new(400);
    let bytes = std::fs::read(f.snapshot("s.chz")).unwrap();
    let payload_at = HEADER_LEN + manifest_len(&bytes) + SIGNATURE_LEN;
    let stored = bytes.len() - payload_at;
    assert!(
        stored as u64 > 2 * CHUNK_SIZE,
        "the compressed payload spans at least three chunks ({stored} bytes)"
    );
    let inside = [
        0,
        1,
        CHUNK_SIZE as usize - 1,
        CHUNK_SIZE as usize,
        CHUNK_SIZE as usize + 777,
        stored / 2,
        stored - 2,
        stored - 1,
    ];
    let trusted = f.trusted();
    for off in inside {
        let mut bad = bytes.clone();
        bad[payload_at + off] ^= 0x01;
        let chunk = off as u64 / CHUNK_SIZE;
        let start = payload_at as u64 + chunk * CHUNK_SIZE;
        match reason(&bad, Some(&trusted)) {
            Rejection::ContentAltered { detail } => assert!(
                detail.contains(&format!("bytes {start}–")),
                "byte {off} of the payload lies in the chunk starting at file byte {start}: {detail}"
            ),
            other => panic!("byte {off} of the payload flipped: expected content_altered, got {other}"),
        }
    }
}

#[test]
fn an_uncompressed_format_1_snapshot_still_opens() {
    let f = Fixture::new(30);
    let out = f.db.parent().unwrap().join("v1.chz");
    create_as(
        &f.store,
        &f.keys,
        &out,
        &options(),
        &mut Progress::silent(),
        true,
    )
    .unwrap();
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(
        u16::from_le_bytes([bytes[8], bytes[9]]),
        FORMAT_VERSION_PLAIN
    );
    let opened = open(&out, Some(&f.trusted())).expect("format 1 is still read");
    assert!(opened.manifest.payload.compression.is_none());
    assert_eq!(
        exchange::export(opened.store.conn()).unwrap(),
        exchange::export(f.store.conn()).unwrap(),
        "the plain snapshot reads as its source"
    );
    let mut bad = bytes.clone();
    let last = bad.len() - 1;
    bad[last] ^= 0x01;
    assert_eq!(reason(&bad, None).code(), "content_altered");
}

/// A snapshot written by the release before format 2 (`chizai init` + `snapshot create`, format 1,
/// committed zstd-compressed because its database is mostly empty pages).
#[test]
fn a_snapshot_made_by_the_previous_release_still_opens() {
    let packed = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/format1-before-compression.chz.zst");
    let bytes = zstd::decode_all(std::fs::File::open(&packed).unwrap()).unwrap();
    assert_eq!(
        u16::from_le_bytes([bytes[8], bytes[9]]),
        FORMAT_VERSION_PLAIN
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.chz");
    std::fs::write(&path, &bytes).unwrap();
    let opened = open(&path, None).expect("a format 1 file from the previous release opens");
    assert!(opened.manifest.payload.compression.is_none());
    assert_eq!(opened.manifest.institution.name, "国立大学法人 試験大学");
    assert_eq!(
        opened.manifest.note.as_deref(),
        Some("format 1, written before compression")
    );
    let mut bad = bytes.clone();
    let at = bad.len() - 1000;
    bad[at] ^= 0x01;
    assert_eq!(
        reason(&bad, None).code(),
        "content_altered",
        "a flipped byte in an old file is still found"
    );
}
