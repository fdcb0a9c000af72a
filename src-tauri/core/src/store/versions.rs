//! Optimistic concurrency: a record's version is the audit entry of its last change, so two
//! desks editing one record cannot overwrite each other silently. A form keeps the version it
//! loaded; saving with it refuses when someone changed the record in between, naming who and
//! when ("reload and apply your change again"). Writes are serialised (the file's lock, the
//! server's write lock), so the check and the save are one step for every other desk.

use serde::Serialize;

use super::{Conn, OptionalExtension, Write};
use crate::error::{CoreError, Result};

/// The last change of a record: its audit entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Version {
    /// The audit entry's number (0: no change recorded).
    pub seq: i64,
    pub at: String,
    pub actor: String,
}

/// The last recorded change of `entity` `id`, if any.
pub fn last_change(conn: &Conn, entity: &str, id: &str) -> Result<Option<Version>> {
    conn.query_row(
        "SELECT seq, at, actor FROM audit_log WHERE entity = ?1 AND entity_id = ?2
         ORDER BY seq DESC LIMIT 1",
        [entity, id],
        |r| {
            Ok(Version {
                seq: r.get(0)?,
                at: r.get(1)?,
                actor: r.get(2)?,
            })
        },
    )
    .optional()
}

/// The version number of `entity` `id` (0 when no change is recorded).
pub fn version(conn: &Conn, entity: &str, id: &str) -> Result<i64> {
    Ok(last_change(conn, entity, id)?.map_or(0, |v| v.seq))
}

impl Write<'_> {
    /// Refuses the write when `entity` `id` changed after version `seen` (what the editor
    /// loaded); `label` names the record for the person ("application TT2024-00012-JP").
    pub fn expect_unchanged(&self, entity: &str, id: &str, seen: i64, label: &str) -> Result<()> {
        match last_change(self.tx(), entity, id)? {
            Some(v) if v.seq > seen => Err(CoreError::Conflict(format!(
                "{label} was changed by {} at {} after you opened it (version {seen}, now {}); \
                 nothing was saved: reload it and apply your change again",
                v.actor, v.at, v.seq
            ))),
            _ => Ok(()),
        }
    }

    /// Refuses the write when the stored record is no longer the one the editor loaded
    /// (`loaded`, compared with `stored` as read inside this write). The forms whose records
    /// carry no version send back what they showed: comparing contents catches every change a
    /// colleague saved in between, whichever screen or route it came from. `None` (the CLI,
    /// an import) checks nothing.
    pub fn expect_as_loaded<T: PartialEq>(
        &self,
        entity: &str,
        id: &str,
        loaded: Option<&T>,
        stored: &T,
        label: &str,
    ) -> Result<()> {
        match loaded {
            Some(loaded) if loaded != stored => {
                let who = match last_change(self.tx(), entity, id)? {
                    Some(v) => format!("by {} at {}", v.actor, v.at),
                    None => "on another desk".to_owned(),
                };
                Err(CoreError::Conflict(format!(
                    "{label} was changed {who} after you opened it; nothing was saved: \
                     reload it and apply your change again"
                )))
            }
            _ => Ok(()),
        }
    }
}
