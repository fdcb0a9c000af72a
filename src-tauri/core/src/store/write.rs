//! The one write path: a write transaction (SQLite: IMMEDIATE; server: under the portfolio's write
//! lock) that carries an audit writer.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::audit::{self, Content};
use super::{Actor, AuditEntity, Conn};
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

/// An open write: the transaction plus the audit chain's running head. Dropped without
/// [`Write::commit`] (an error, a panic), it rolls the transaction back.
pub struct Write<'c> {
    tx: &'c Conn,
    open: bool,
    actor: Actor,
    now: DateTime<Utc>,
    /// The day taken as today (see [`Write::today`]).
    today: NaiveDate,
    now_text: String,
    head_seq: i64,
    head_hash: String,
    /// Search index entries are held back for one ordered write at the end (a bulk load; see
    /// `search::Deferred`).
    search_deferred: bool,
}

impl<'c> Write<'c> {
    /// Takes over the transaction `tx` has just begun.
    pub(super) fn new(
        tx: &'c Conn,
        actor: Actor,
        now: DateTime<Utc>,
        today: Option<NaiveDate>,
    ) -> Result<Self> {
        let now_text = now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let today = today.unwrap_or_else(|| crate::horizons::japan_time(now).date());
        let mut w = Write {
            tx,
            open: true,
            actor,
            now,
            today,
            now_text,
            head_seq: 0,
            head_hash: String::new(),
            search_deferred: false,
        };
        (w.head_seq, w.head_hash) = audit::head(tx)?;
        Ok(w)
    }

    /// The transaction, to run the writes themselves.
    pub fn tx(&self) -> &'c Conn {
        self.tx
    }

    /// The moment of this write (passed in by the caller, never read from the clock here).
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// The day this write takes as today: the one fixed for the store (`--today`,
    /// `CHIZAI_TODAY`), else Japan's date at [`Write::now`]. What a write computes from "today"
    /// (the docket's recompute after an import or a paid fee) uses it, so a script's fixed day
    /// and the listings agree.
    pub fn today(&self) -> NaiveDate {
        self.today
    }

    /// Whether search index entries are being held back (see `search::Deferred`).
    pub(crate) fn search_deferred(&self) -> bool {
        self.search_deferred
    }

    pub(crate) fn set_search_deferred(&mut self, on: bool) {
        self.search_deferred = on;
    }

    /// Who is writing.
    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// Reads the chain's head again, after rows were put into `audit_log` directly in this
    /// transaction (a copy inserts the source's trail verbatim), so the next row links to them.
    pub(crate) fn reload_audit_head(&mut self) -> Result<()> {
        (self.head_seq, self.head_hash) = audit::head(self.tx)?;
        Ok(())
    }

    /// Appends one audit row for a change of `entity` `entity_id`, in this transaction.
    pub fn audit<B: Serialize, A: Serialize>(
        &mut self,
        entity: AuditEntity,
        entity_id: impl ToString,
        action: Action,
        before: Option<&B>,
        after: Option<&A>,
    ) -> Result<()> {
        let entity = entity.as_str();
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
        let hash = audit::digest(&self.head_hash, &content);
        self.tx
            .prepare_cached(
                "INSERT INTO audit_log (seq, at, actor, entity, entity_id, action, before_json, after_json, hash)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
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
                &hash[..]
            ])?;
        self.head_seq = seq;
        self.head_hash = hex::encode(hash);
        Ok(())
    }

    pub(super) fn commit(mut self) -> Result<()> {
        self.open = false;
        if let Err(e) = self.tx.commit() {
            let _ = self.tx.rollback();
            return Err(e);
        }
        Ok(())
    }
}

impl Drop for Write<'_> {
    fn drop(&mut self) {
        if self.open {
            // Nothing of a failed write is kept; a failed rollback leaves the connection to close.
            let _ = self.tx.rollback();
        }
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
