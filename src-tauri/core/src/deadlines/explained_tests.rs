//! The lean docket: generated rows store no explanation, a read rebuilds it from rule, facts and
//! calendar, and never explains a date other than the stored one.

use super::tests::{d, generated, recompute_all, store_with_app};
use super::*;
use crate::docket::{compute, Facts};
use crate::store::Store;

fn stored_explanation(store: &Store, id: DeadlineId) -> String {
    store
        .conn()
        .query_row(
            "SELECT explanation_json FROM deadline WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn a_generated_row_stores_no_explanation_and_a_read_rebuilds_the_engines() {
    let (mut store, _) = store_with_app("2025-12-26");
    recompute_all(&mut store);
    let exam = generated(&store, "jp.exam_request");
    assert_eq!(
        stored_explanation(&store, exam.id),
        "{}",
        "the explanation is derivable, so it is not stored (≈1.2 KB a row)"
    );
    let mut facts = Facts::new("JP", crate::docket::RightType::Patent);
    facts.dates.insert("filed".into(), d("2025-12-26"));
    let engine = compute(&facts)
        .unwrap()
        .into_iter()
        .find(|c| c.code == "jp.exam_request")
        .expect("the engine dockets the examination request");
    assert_eq!(
        exam.explanation["ja"].as_str(),
        Some(engine.explanation.as_str()),
        "the rebuilt explanation is the engine's, word for word"
    );
    assert_eq!(
        exam.explanation["en"].as_str(),
        Some(engine.explanation_en.as_str())
    );
    assert!(
        exam.explanation["trigger"].is_object() && !exam.explanation["period"].is_null(),
        "the structured parts are rebuilt too: {}",
        exam.explanation
    );
    let one = get_deadline(store.conn(), exam.id).unwrap();
    assert_eq!(
        one.explanation, exam.explanation,
        "one row reads as the list does"
    );
}

#[test]
fn facts_changed_without_a_recompute_are_not_explained_as_the_stored_date() {
    let (mut store, app) = store_with_app("2025-12-26");
    recompute_all(&mut store);
    // The facts change behind the docket's back (raw SQL: no write path that would recompute).
    store
        .conn()
        .execute(
            "UPDATE application SET filed_on = '2025-12-29' WHERE id = ?1",
            [app],
        )
        .unwrap();
    let exam = generated(&store, "jp.exam_request");
    assert_eq!(exam.due, d("2028-12-26"));
    assert_eq!(exam.explanation["stale"], serde_json::json!(true));
    let ja = exam.explanation["ja"].as_str().unwrap_or_default();
    assert!(
        ja.contains("2028-12-26") && ja.contains("再計算"),
        "it names the stored date and asks for a recompute instead of explaining 2029-01-04: {ja}"
    );
}

#[test]
fn an_explanation_stored_before_the_lean_docket_is_shown_as_stored() {
    let (mut store, _) = store_with_app("2025-12-26");
    recompute_all(&mut store);
    let exam = generated(&store, "jp.exam_request");
    store
        .conn()
        .execute(
            "UPDATE deadline SET explanation_json = '{\"ja\":\"旧い説明\",\"en\":\"old\"}' WHERE id = ?1",
            [exam.id],
        )
        .unwrap();
    let again = get_deadline(store.conn(), exam.id).unwrap();
    assert_eq!(again.explanation["ja"], "旧い説明");
}

#[test]
fn the_lean_docket_migration_drops_stored_explanations_but_keeps_obsolete_ones() {
    let (mut store, _) = store_with_app("2025-12-26");
    recompute_all(&mut store);
    let exam = generated(&store, "jp.exam_request");
    let term = generated(&store, "jp.term");
    // What a database written before the lean docket holds: a stored explanation on every row.
    store
        .conn()
        .execute_batch(
            "UPDATE deadline SET explanation_json = '{\"ja\":\"保存された説明\",\"en\":\"stored\"}';",
        )
        .unwrap();
    store
        .conn()
        .execute(
            "UPDATE deadline SET status = 'obsolete', obsolete_reason = 'test' WHERE id = ?1",
            [term.id],
        )
        .unwrap();
    let (_, name, sql) = crate::store::migrate::MIGRATIONS
        .iter()
        .find(|m| m.1.ends_with("_lean_docket"))
        .expect("the lean-docket migration is embedded");
    store.conn().execute_batch(sql).unwrap();
    assert_eq!(
        stored_explanation(&store, exam.id),
        "{}",
        "{name} empties the stored explanation of a live row"
    );
    assert_ne!(
        stored_explanation(&store, term.id),
        "{}",
        "an obsolete row keeps it: its trigger is gone and could not explain it again"
    );
    let shown = generated(&store, "jp.exam_request");
    assert!(
        shown.explanation["ja"]
            .as_str()
            .is_some_and(|s| s.contains("特許法第48条の3")),
        "after the migration the explanation is rebuilt: {}",
        shown.explanation
    );
}
