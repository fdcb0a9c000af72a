//! The search index's write paths.

use super::*;
use crate::store::{Actor, Store};
use chrono::Utc;

/// The index's rows, in rowid order, as (rowid, entity, entity_id, text).
fn index_rows(store: &Store) -> Vec<(i64, String, i64, String)> {
    store
        .conn()
        .prepare("SELECT rowid, entity, entity_id, text FROM search_index ORDER BY rowid")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_>>()
        .unwrap()
}

/// Puts out of rowid order, a replaced entry and a removed one, written with `defer` or not.
fn put_a_mixed_sequence(store: &mut Store, defer: bool) {
    store
        .write(&Actor("test".into()), Utc::now(), "test", |w| {
            let held = if defer {
                Some(Deferred::begin(w)?)
            } else {
                None
            };
            put(w, "application", 7, Some("半導体 レーザー"))?;
            put(w, "disclosure", 3, Some("発明届 光触媒"))?;
            put(w, "application", 2, Some("電池"))?;
            put(w, "application", 7, Some("半導体 メモリ"))?; // replaces the first
            put(w, "disclosure", 3, None)?; // removes
            put(w, "disclosure", 1, Some("ゲノム編集"))?;
            if let Some(held) = held {
                // Held back: nothing is in the index yet, and a search finds nothing.
                assert!(search(w.tx(), "半導体", 10)?.is_empty());
                held.finish(w)?;
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn entries_held_back_leave_the_index_the_puts_one_by_one_would() {
    // A bulk load writes its index entries at the end, in rowid order (FTS5 merges far fewer
    // segments): the last put of each record wins, a removal included, exactly as without.
    let dir = tempfile::tempdir().unwrap();
    let mut direct = Store::open(&dir.path().join("direct.sqlite"), Utc::now()).unwrap();
    let mut held = Store::open(&dir.path().join("held.sqlite"), Utc::now()).unwrap();
    put_a_mixed_sequence(&mut direct, false);
    put_a_mixed_sequence(&mut held, true);
    let rows = index_rows(&held);
    assert_eq!(rows, index_rows(&direct));
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert!(
        rows.iter().any(|r| r.3.contains("メモリ"))
            && !rows.iter().any(|r| r.3.contains("レーザー"))
    );
    // The index answers after the load, and the temporary table is gone.
    assert_eq!(search(held.conn(), "半導体", 10).unwrap().len(), 1);
    let temp: i64 = held
        .conn()
        .query_row(
            "SELECT count(*) FROM temp.sqlite_master WHERE name = 'search_deferred'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(temp, 0);
}
