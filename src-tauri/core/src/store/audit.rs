//! The audit trail: every change — who, when, what, before and after — hash-chained.
//!
//! Row `n` stores `hash = SHA-256(prev_hash ‖ 0x1F ‖ seq ‖ at ‖ actor ‖ entity ‖ entity_id ‖ action ‖
//! before ‖ after)` (fields separated by the unit separator 0x1F) where `prev_hash` is row `n-1`'s
//! hash written as 64 lowercase hex digits (64 zeros for the first row). Editing, inserting or
//! deleting any historic row breaks the hash of that row or the next one, which [`verify`] reports.
//!
//! Stored: the hash as its 32 bytes, and not the predecessor's beside it (migration 0009) — it is
//! the previous row's, which the walk has just read. The API still speaks hex (`AuditEntry`,
//! chain heads signed into snapshots).

use crate::store::{Conn, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::Result;

/// The `prev_hash` of the first row.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One audit row as stored.
#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub entity: String,
    pub entity_id: String,
    pub action: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub prev_hash: String,
    pub hash: String,
}

/// The fields that are hashed, borrowed.
pub(crate) struct Content<'a> {
    pub seq: i64,
    pub at: &'a str,
    pub actor: &'a str,
    pub entity: &'a str,
    pub entity_id: &'a str,
    pub action: &'a str,
    pub before: Option<&'a str>,
    pub after: Option<&'a str>,
}

/// The hash of a row whose predecessor's hash is `prev_hash` (hex), as stored (32 bytes).
pub(crate) fn digest(prev_hash: &str, c: &Content<'_>) -> [u8; 32] {
    let mut h = Sha256::new();
    let seq = c.seq.to_string();
    let parts: [&str; 9] = [
        prev_hash,
        &seq,
        c.at,
        c.actor,
        c.entity,
        c.entity_id,
        c.action,
        c.before.unwrap_or("\u{0}"),
        c.after.unwrap_or("\u{0}"),
    ];
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            h.update([0x1F]);
        }
        h.update(part.as_bytes());
    }
    h.finalize().into()
}

/// A stored hash as its bytes: 32 bytes since migration 0009, 64 hex digits before it — an
/// auditor's snapshot is opened read-only as it was signed, so an older layout is read as it is.
/// Anything else is no hash (an empty value, which never matches).
pub(crate) fn stored_bytes(value: rusqlite::types::ValueRef<'_>) -> Vec<u8> {
    match value {
        rusqlite::types::ValueRef::Blob(b) => b.to_vec(),
        rusqlite::types::ValueRef::Text(t) => hex::decode(t).unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// Whether a stored hash (either layout, see [`stored_bytes`]) is `computed`.
fn stored_is(value: rusqlite::types::ValueRef<'_>, computed: &[u8; 32]) -> bool {
    match value {
        rusqlite::types::ValueRef::Blob(b) => b == computed.as_slice(),
        other => stored_bytes(other) == computed.as_slice(),
    }
}

/// The stored hash column as the hex the chain and its readers speak.
fn stored_hex(r: &crate::store::Row<'_>, i: usize) -> Result<String> {
    Ok(hex::encode(stored_bytes(r.get_ref(i)?)))
}

/// The head of the chain: (last seq, its hash), or (0, GENESIS) for an empty trail.
pub fn head(conn: &Conn) -> Result<(i64, String)> {
    let row = conn
        .query_row(
            "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, stored_hex(r, 1)?)),
        )
        .optional()?;
    Ok(row.unwrap_or((0, GENESIS.to_owned())))
}

/// The outcome of walking the chain.
#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
pub struct ChainReport {
    /// Rows checked.
    pub rows: i64,
    /// Hash of the last row (the chain head).
    pub head: String,
    /// The first broken link, if any.
    pub broken: Option<BrokenLink>,
}

/// Where and why the chain breaks.
#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
pub struct BrokenLink {
    pub seq: i64,
    pub reason: String,
}

/// Walks the whole trail in order and reports the first row whose link or content does not hold.
pub fn verify(conn: &Conn) -> Result<ChainReport> {
    // Page by page (a server hands over a whole result at once: a million-row trail must not be
    // held in memory), each page continuing after the last row checked.
    const PAGE: i64 = 20_000;
    let mut stmt = conn.prepare(
        "SELECT seq, at, actor, entity, entity_id, action, before_json, after_json, hash
         FROM audit_log WHERE seq > ?1 ORDER BY seq LIMIT ?2",
    )?;
    let mut expected_prev = GENESIS.to_owned();
    let mut expected_seq = 1_i64;
    let mut count = 0_i64;
    let mut after = i64::MIN;
    loop {
        let mut rows = stmt.query([after, PAGE])?;
        let mut in_page = 0_i64;
        // Column text is borrowed from the row, not copied: the walk runs over every row of large trails.
        while let Some(r) = rows.next()? {
            in_page += 1;
            let seq: i64 = r.get(0)?;
            let s = |i: usize| -> crate::error::Result<&str> {
                r.get_ref(i)?.as_str().map_err(|e| {
                    crate::error::CoreError::Sqlite(rusqlite::Error::FromSqlConversionFailure(
                        i,
                        rusqlite::types::Type::Text,
                        Box::new(e),
                    ))
                })
            };
            let o = |i: usize| -> crate::error::Result<Option<&str>> {
                r.get_ref(i)?.as_str_or_null().map_err(|e| {
                    crate::error::CoreError::Sqlite(rusqlite::Error::FromSqlConversionFailure(
                        i,
                        rusqlite::types::Type::Text,
                        Box::new(e),
                    ))
                })
            };
            let broken = |reason: String| {
                Ok(ChainReport {
                    rows: count,
                    head: expected_prev.clone(),
                    broken: Some(BrokenLink { seq, reason }),
                })
            };
            if seq != expected_seq {
                return broken(format!("row {expected_seq} is missing (next row is {seq})"));
            }
            let content = Content {
                seq,
                at: s(1)?,
                actor: s(2)?,
                entity: s(3)?,
                entity_id: s(4)?,
                action: s(5)?,
                before: o(6)?,
                after: o(7)?,
            };
            let computed = digest(&expected_prev, &content);
            if !stored_is(r.get_ref(8)?, &computed) {
                // The row's own content, or (when its hash was rewritten to match) the row
                // before it: either way the trail was edited here.
                return broken(
                    "its content does not match its hash (the row, or the one before it, was edited)"
                        .to_owned(),
                );
            }
            // The stored hash is the computed one: the next row's predecessor, as hex, written
            // over the previous (no allocation per row of a million-row walk).
            let mut hex_digits = [0u8; 64];
            if hex::encode_to_slice(computed, &mut hex_digits).is_err() {
                return broken("its hash could not be written as hex".to_owned());
            }
            expected_prev.clear();
            expected_prev.extend(hex_digits.iter().map(|&b| char::from(b)));
            expected_seq += 1;
            count += 1;
            after = seq;
        }
        if in_page < PAGE {
            break;
        }
    }
    Ok(ChainReport {
        rows: count,
        head: expected_prev,
        broken: None,
    })
}

/// The most recent entries, newest first (for the audit-log viewer and `chizai audit list`).
/// Each entry's `prev_hash` is the hash of the row before it, read with one row more than asked.
pub fn list_recent(conn: &Conn, limit: u32) -> Result<Vec<AuditEntry>> {
    let mut stmt = conn.prepare(
        "SELECT seq, at, actor, entity, entity_id, action, before_json, after_json, hash
         FROM audit_log ORDER BY seq DESC LIMIT ?1",
    )?;
    let rows = stmt.query_map([i64::from(limit) + 1], |r| {
        let parse = |s: Option<String>| s.and_then(|s| serde_json::from_str(&s).ok());
        Ok(AuditEntry {
            seq: r.get(0)?,
            at: r.get(1)?,
            actor: r.get(2)?,
            entity: r.get(3)?,
            entity_id: r.get(4)?,
            action: r.get(5)?,
            before: parse(r.get(6)?),
            after: parse(r.get(7)?),
            prev_hash: String::new(),
            hash: stored_hex(r, 8)?,
        })
    })?;
    let mut entries = rows.collect::<crate::error::Result<Vec<_>>>()?;
    // Newest first: each entry's predecessor is the next one in the list.
    for i in 0..entries.len() {
        entries[i].prev_hash = match entries.get(i + 1) {
            Some(older) => older.hash.clone(),
            None if entries[i].seq == 1 => GENESIS.to_owned(),
            None => String::new(),
        };
    }
    entries.truncate(limit as usize);
    Ok(entries)
}
