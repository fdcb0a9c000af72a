//! An old register imported must not open on thousands of "overdue" priority windows that closed
//! years ago (a migrated 10,000-application register opened with 12,013 overdue, 11,541 of them
//! Paris or domestic priority windows from long ago). An optional procedure whose chance —
//! restoration included — had ended before Chizai first computed it is recorded as passed
//! (waived, with the reason); one still within its restoration period stays an overdue task.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;

#[test]
fn an_imported_register_opens_on_what_can_still_be_done() {
    let (dir, db) = temp_db();
    init(&db);
    let sheet = dir.path().join("register.csv");
    std::fs::write(
        &sheet,
        "整理番号,国・地域,出願番号,出願日,発明の名称,状態\r\n\
         OLD-1,日本,特願2019-010001,2019/4/1,古い出願の表示装置,出願中\r\n\
         NEW-1,日本,特願2025-010002,2025/10/20,回復期間内の出願,出願中\r\n",
    )
    .unwrap();
    chizai(&db).arg("import").arg(&sheet).assert().success();
    let overdue = json(&db, &["deadlines", "--status", "overdue"]);
    let overdue: Vec<(&str, &str)> = overdue
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["application_reference"].as_str().unwrap_or_default(),
                d["code"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert!(
        overdue.contains(&("NEW-1", "paris.priority"))
            && overdue.contains(&("NEW-1", "jp.domestic_priority")),
        "due 2026-10-20, restorable until 2026-12-21: still to decide, and overdue: {overdue:?}"
    );
    assert!(
        !overdue
            .iter()
            .any(|(app, code)| *app == "OLD-1" && code.contains("priority")),
        "2019's windows closed for good in 2020: not overdue: {overdue:?}"
    );
    assert!(
        overdue.contains(&("OLD-1", "jp.exam_request")),
        "an obligation is not a chance: a 2019 application still 出願中 without an examination \
         request is a real finding (deemed withdrawn after 3 years, 特許法第48条の3第4項): {overdue:?}"
    );
    let waived = json(&db, &["deadlines", "--status", "waived"]);
    let old: Vec<&serde_json::Value> = waived
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["application_reference"] == "OLD-1")
        .collect();
    assert_eq!(
        old.len(),
        2,
        "both priority windows of OLD-1 are recorded as passed"
    );
    for d in old {
        let reason = d["waive_reason"].as_str().unwrap_or_default();
        assert!(
            reason.contains("2026-11-28") && reason.contains("回復"),
            "the reason says when it was first computed and that restoration had passed too: {reason}"
        );
    }
}
