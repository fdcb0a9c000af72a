//! The copy's planning (table order, paging SQL) and a whole copy between two SQLite databases;
//! the copies across engines are tested black-box (`tests/tests/server_copy_cli.rs`).

use super::*;
use crate::store::Store;

fn deps(list: &[(&str, &[&str])]) -> Vec<(String, Vec<String>)> {
    list.iter()
        .map(|(n, ps)| {
            (
                (*n).to_owned(),
                ps.iter().map(|p| (*p).to_owned()).collect(),
            )
        })
        .collect()
}

#[test]
fn tables_come_after_the_tables_they_reference() {
    // Parents first keeps the copy's order stable and its deferred checks few; a self-reference
    // (application → its PCT parent) and a table outside the copy do not hold a table back.
    let order = order_tables(&deps(&[
        ("application", &["family", "application", "person"]),
        ("family", &["disclosure"]),
        ("disclosure", &[]),
        ("person", &[]),
        ("deadline", &["application", "search_index"]),
    ]));
    let at = |n: &str| order.iter().position(|t| t == n).unwrap();
    assert_eq!(order.len(), 5);
    assert!(at("disclosure") < at("family"));
    assert!(at("family") < at("application"));
    assert!(at("person") < at("application"));
    assert!(at("application") < at("deadline"));
}

#[test]
fn a_cycle_is_broken_by_name_and_every_table_still_copied() {
    // A cycle cannot be ordered; the deferred foreign keys hold it, so the copy goes on.
    let order = order_tables(&deps(&[("b", &["a"]), ("a", &["b"]), ("c", &["a"])]));
    assert_eq!(order, vec!["a", "b", "c"]);
}

fn plan_of(key: &[&str]) -> TablePlan {
    TablePlan {
        name: "agreement_party".to_owned(),
        columns: vec!["agreement_id".into(), "position".into(), "name".into()],
        types: Vec::new(),
        key: key.iter().map(|k| (*k).to_owned()).collect(),
    }
}

#[test]
fn pages_follow_the_primary_key_and_resume_after_the_last_key() {
    // Keyset paging: each page starts after the last key read, so no page re-reads or skips a row
    // and none holds more than a page in memory, however large the table.
    let t = plan_of(&["agreement_id", "position"]);
    assert_eq!(
        page_sql(&t, false),
        format!("SELECT \"agreement_id\", \"position\", \"name\" FROM \"agreement_party\" ORDER BY \"agreement_id\", \"position\" LIMIT {PAGE_ROWS}")
    );
    assert_eq!(
        page_sql(&t, true),
        format!("SELECT \"agreement_id\", \"position\", \"name\" FROM \"agreement_party\" WHERE (\"agreement_id\", \"position\") > (?1, ?2) ORDER BY \"agreement_id\", \"position\" LIMIT {PAGE_ROWS}")
    );
    assert_eq!(key_positions(&t), vec![0, 1]);
    // A SQLite table without a primary key pages by rowid, selected after the copied columns.
    let r = plan_of(&[]);
    let r = TablePlan {
        key: vec!["rowid".into()],
        ..r
    };
    assert!(page_sql(&r, true).contains("\"name\", rowid FROM"));
    assert_eq!(key_positions(&r), vec![3]);
}

#[test]
fn a_server_insert_casts_each_value_to_its_column() {
    // A multi-row VALUES list on PostgreSQL types untyped parameters as text; the casts keep
    // integers integers.
    let t = TablePlan {
        types: vec!["bigint".into(), "bigint".into(), "text".into()],
        ..plan_of(&["agreement_id"])
    };
    assert_eq!(
        insert_sql(&t, 2),
        "INSERT INTO \"agreement_party\" (\"agreement_id\", \"position\", \"name\") VALUES \
         (CAST(?1 AS bigint), CAST(?2 AS bigint), CAST(?3 AS text)), (CAST(?4 AS bigint), CAST(?5 AS bigint), CAST(?6 AS text))"
    );
    assert!(insert_sql(&plan_of(&["agreement_id"]), 1).ends_with("VALUES (?1, ?2, ?3)"));
}

fn demo_file(dir: &std::path::Path) -> Store {
    let mut store = Store::open(&dir.join("src.sqlite"), Utc::now()).unwrap();
    let opts = crate::demo::DemoOptions {
        scale: 30,
        seed: 7,
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(),
    };
    crate::demo::generate(&mut store, opts, Utc::now()).unwrap();
    store
}

#[test]
fn a_copy_keeps_every_row_and_the_chain_and_records_the_move_once() {
    // The copy is verbatim: the same rows with the same ids, the audit chain intact with the
    // source's head, plus exactly one audit row naming the move; the search index is rebuilt.
    let dir = tempfile::tempdir().unwrap();
    let source = demo_file(dir.path());
    let mut target = Store::open(&dir.path().join("dst.sqlite"), Utc::now()).unwrap();
    let summary = copy(
        &source,
        &mut target,
        &Actor("test".into()),
        Utc::now(),
        &CopyOptions { record: true },
        &mut Progress::silent(),
    )
    .unwrap();
    let (src_rows, _) = crate::store::audit::head(source.conn()).unwrap();
    assert_eq!(summary.audit_rows, src_rows + 1);
    let report = crate::store::audit::verify(target.conn()).unwrap();
    assert!(report.broken.is_none(), "{report:?}");
    assert_eq!(
        crate::exchange::export(source.conn()).unwrap(),
        crate::exchange::export(target.conn()).unwrap()
    );
    let hits = |s: &Store| crate::search::search(s.conn(), "半導体", 1000).unwrap();
    assert_eq!(hits(&source), hits(&target));
    assert!(summary.search_entries > 0);
    assert!(summary.tables.iter().any(|t| t.table == "audit_log"));
    assert!(!summary
        .tables
        .iter()
        .any(|t| t.table.starts_with("search_index") || t.table == "schema_migration"));

    // Copying again into the now full target is refused and writes nothing.
    let before = crate::store::audit::head(target.conn()).unwrap();
    let err = copy(
        &source,
        &mut target,
        &Actor("test".into()),
        Utc::now(),
        &CopyOptions { record: true },
        &mut Progress::silent(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("not empty"), "{err}");
    assert_eq!(crate::store::audit::head(target.conn()).unwrap(), before);
}

#[test]
fn a_cancelled_copy_leaves_the_target_empty() {
    // One transaction on the target: stopped half way, nothing of it stays.
    let dir = tempfile::tempdir().unwrap();
    let source = demo_file(dir.path());
    let mut target = Store::open(&dir.path().join("dst.sqlite"), Utc::now()).unwrap();
    let flag = std::sync::atomic::AtomicBool::new(false);
    let mut progress = Progress::new(|done, total| {
        if done * 2 > total {
            flag.store(true, std::sync::atomic::Ordering::Relaxed);
        }
    })
    .cancelled_by(&flag);
    let err = copy(
        &source,
        &mut target,
        &Actor("test".into()),
        Utc::now(),
        &CopyOptions::default(),
        &mut progress,
    )
    .unwrap_err();
    assert!(matches!(err, CoreError::Cancelled), "{err}");
    let n: i64 = target
        .conn()
        .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 0);
}
