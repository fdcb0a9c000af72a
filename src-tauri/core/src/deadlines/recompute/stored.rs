//! The rows a recompute compares with: the applications whose facts changed, and the stored
//! generated deadlines of those applications.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::atomic::AtomicBool;

use super::hash::{facts_hash, key_hash, shipped_hash, PairHasher};
use crate::deadlines::facts::ApplicationFacts;
use crate::deadlines::DeadlineStatus;
use crate::domain::DeadlineId;
use crate::error::Result;
use crate::store::Write;

pub(super) struct Stored {
    pub(super) id: DeadlineId,
    pub(super) status: DeadlineStatus,
    pub(super) fingerprint: i64,
    /// Set by the comparison when the row is still computed (the rest may become obsolete).
    pub(super) seen: AtomicBool,
}

/// The stored rows by (application, key hash). The keys are already well-mixed FNV hashes and
/// ids, so a multiply-shift hasher does; SipHash would cost a third of the comparison.
pub(super) type StoredMap = HashMap<(i64, i64), Stored, BuildHasherDefault<PairHasher>>;

/// The applications whose facts changed since the last recompute (all when `force`), with
/// their new facts hash.
pub(super) fn changed_only(
    w: &Write<'_>,
    all: Vec<ApplicationFacts>,
    force: bool,
) -> Result<Vec<(ApplicationFacts, i64)>> {
    let mut known: HashMap<i64, i64> = HashMap::new();
    if !force {
        let mut stmt = w
            .tx()
            .prepare("SELECT application_id, facts_hash FROM docket_state")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            known.insert(r.get(0)?, r.get(1)?);
        }
    }
    let base = shipped_hash();
    Ok(all
        .into_iter()
        .map(|a| {
            let h = facts_hash(base, &a);
            (a, h)
        })
        .filter(|(a, h)| known.get(&a.id.0) != Some(h))
        .collect())
}

/// The stored generated rows of `apps`: one index scan when most applications changed, one
/// indexed query per application otherwise.
pub(super) fn load_stored(
    w: &Write<'_>,
    apps: &[(ApplicationFacts, i64)],
    total: usize,
) -> Result<StoredMap> {
    // The whole-table scan pays only for many applications: a single one (a saved form, an
    // event) read the docket's every row at 100,000 applications (0.4 s) — `total` is what was
    // loaded, one application when recomputing one.
    let whole_table = apps.len() >= 256 && apps.len() * 4 >= total;
    let mut stored = StoredMap::default();
    if whole_table {
        // About six generated rows per application: sized once rather than grown (rehashing
        // was a twelfth of a forced recompute at 100,000 applications).
        stored.reserve(apps.len() * 6);
    }
    let mut put = |r: &crate::store::Row<'_>| -> Result<()> {
        let key = r.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?;
        stored.insert(
            (r.get(0)?, key_hash(key)),
            Stored {
                id: r.get(2)?,
                status: DeadlineStatus::parse(
                    r.get_ref(3)?.as_str().map_err(rusqlite::Error::from)?,
                )?,
                fingerprint: r.get(4)?,
                seen: AtomicBool::new(false),
            },
        );
        Ok(())
    };
    if whole_table {
        let wanted: std::collections::HashSet<i64> = apps.iter().map(|(a, _)| a.id.0).collect();
        let mut stmt = w.tx().prepare(
            "SELECT application_id, key, id, status, fingerprint FROM deadline
             WHERE origin = 'generated'",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            if wanted.contains(&r.get::<_, i64>(0)?) {
                put(&r)?;
            }
        }
    } else {
        let mut stmt = w.tx().prepare_cached(
            "SELECT application_id, key, id, status, fingerprint FROM deadline
             WHERE origin = 'generated' AND application_id = ?1",
        )?;
        for (a, _) in apps {
            let mut rows = stmt.query([a.id])?;
            while let Some(r) = rows.next()? {
                put(&r)?;
            }
        }
    }
    Ok(stored)
}
