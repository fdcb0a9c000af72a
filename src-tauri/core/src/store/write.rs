//! The one write path: an IMMEDIATE transaction that carries an audit writer.

use chrono::{DateTime, Utc};
use rusqlite::Transaction;
use serde::Serialize;

use super::audit::{self, Content};
use super::Actor;
use crate::error::Result;

/// What an audit row records about a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Create,
    Update,
    /// A record marked obsolete and kept (nothing a person recorded is deleted).
    Obsolete,
    Delete,
    Import,
}

impl Action {
    fn as_str(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::Obsolete => "obsolete",
            Action::Delete => "delete",
            Action::Import => "import",
        }
    }
}

/// An open write: the transaction plus the audit chain's running head.
pub struct Write<'c> {
    tx: Transaction<'c>,
    actor: Actor,
    now: DateTime<Utc>,
    now_text: String,
    head_seq: i64,
    head_hash: String,
}

impl<'c> Write<'c> {
    pub(super) fn new(tx: Transaction<'c>, actor: Actor, now: DateTime<Utc>) -> Result<Self> {
        let (head_seq, head_hash) = audit::head(&tx)?;
        let now_text = now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        Ok(Write {
            tx,
            actor,
            now,
            now_text,
            head_seq,
            head_hash,
        })
    }

    /// The transaction, to run the writes themselves.
    pub fn tx(&self) -> &Transaction<'c> {
        &self.tx
    }

    /// The moment of this write (passed in by the caller, never read from the clock here).
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// Who is writing.
    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// Appends one audit row for a change of `entity` `entity_id`, in this transaction.
    pub fn audit<B: Serialize, A: Serialize>(
        &mut self,
        entity: &str,
        entity_id: impl ToString,
        action: Action,
        before: Option<&B>,
        after: Option<&A>,
    ) -> Result<()> {
        let (before, after) = match (before, after) {
            (Some(b), Some(a)) => changed_only(serde_json::to_value(b)?, serde_json::to_value(a)?)?,
            (b, a) => (
                b.map(serde_json::to_string).transpose()?,
                a.map(serde_json::to_string).transpose()?,
            ),
        };
        let entity_id = entity_id.to_string();
        let seq = self.head_seq + 1;
        let content = Content {
            seq,
            at: &self.now_text,
            actor: &self.actor.0,
            entity,
            entity_id: &entity_id,
            action: action.as_str(),
            before: before.as_deref(),
            after: after.as_deref(),
        };
        let hash = audit::hash(&self.head_hash, &content);
        self.tx
            .prepare_cached(
                "INSERT INTO audit_log (seq, at, actor, entity, entity_id, action, before_json, after_json, prev_hash, hash)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(rusqlite::params![
                seq,
                self.now_text,
                self.actor.0,
                entity,
                entity_id,
                action.as_str(),
                before,
                after,
                self.head_hash,
                hash
            ])?;
        self.head_seq = seq;
        self.head_hash = hash;
        Ok(())
    }

    pub(super) fn commit(self) -> Result<()> {
        self.tx.commit()?;
        Ok(())
    }
}

/// Fields kept in both sides of a change even when equal: they say *which* record changed.
const IDENTITY: &[&str] = &["id", "key", "reference", "code", "number", "name"];

/// An update's before and after reduced to what changed (plus the identifying fields), so the
/// trail records the change, not two whole documents. Non-object values are kept whole.
fn changed_only(
    before: serde_json::Value,
    after: serde_json::Value,
) -> Result<(Option<String>, Option<String>)> {
    let (mut b, mut a) = match (before, after) {
        (serde_json::Value::Object(b), serde_json::Value::Object(a)) => (b, a),
        (b, a) => {
            return Ok((
                Some(serde_json::to_string(&b)?),
                Some(serde_json::to_string(&a)?),
            ))
        }
    };
    let same: Vec<String> = b
        .iter()
        .filter(|(k, v)| a.get(k.as_str()) == Some(v) && !IDENTITY.contains(&k.as_str()))
        .map(|(k, _)| k.clone())
        .collect();
    for k in &same {
        b.remove(k);
        a.remove(k);
    }
    Ok((
        Some(serde_json::to_string(&b)?),
        Some(serde_json::to_string(&a)?),
    ))
}
