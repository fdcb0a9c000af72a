//! The docket in the store: recompute keeps what people recorded, never deletes, is idempotent;
//! done/waive/add go through the write path with audit rows.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;

use super::*;
use crate::portfolio::{self as pf, Application, Event, Family};
use crate::store::{Actor, Store};

pub(super) fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub(super) fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-28T09:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

pub(super) fn actor() -> Actor {
    Actor("staff".to_string())
}

fn app_json(filed: &str) -> serde_json::Value {
    json!({
        "family_id": 1,
        "reference": "T-001-JP",
        "office": "JP",
        "right_type": "patent",
        "title": "テスト発明",
        "filed_on": filed,
        "status": "filed",
    })
}

/// A store with one JP patent application filed on `filed`.
pub(super) fn store_with_app(filed: &str) -> (Store, ApplicationId) {
    let mut store = Store::open_in_memory().unwrap();
    let id = store
        .write(&actor(), now(), "setup", |w| {
            pf::create_family(
                w,
                &Family {
                    id: None,
                    reference: "F-001".into(),
                    title: "テスト".into(),
                    disclosure_id: None,
                },
            )?;
            let a: Application = serde_json::from_value(app_json(filed)).unwrap();
            pf::create_application(w, &a)
        })
        .unwrap();
    (store, id)
}

pub(super) fn recompute_all(store: &mut Store) -> RecomputeSummary {
    store
        .write(&actor(), now(), "recompute", |w| {
            recompute(w, None, d("2026-11-28"))
        })
        .unwrap()
}

pub(super) fn generated(store: &Store, code: &str) -> Deadline {
    let all = list_deadlines(
        store.conn(),
        &DeadlineFilter {
            status: StatusFilter::All,
            ..Default::default()
        },
        d("2026-11-28"),
    )
    .unwrap();
    all.into_iter()
        .find(|x| x.code == code && x.origin == Origin::Generated)
        .unwrap_or_else(|| panic!("{code} generated"))
}

/// Audit rows about deadlines: their own (moved, closed, obsolete, a person's act) and their
/// applications' docket entries (the rows a recompute created).
fn audit_rows(store: &Store) -> i64 {
    store
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE entity IN ('deadline', 'docket')",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn recompute_generates_and_is_idempotent() {
    let (mut store, _) = store_with_app("2025-12-26");
    let first = recompute_all(&mut store);
    assert!(
        first.created >= 4,
        "exam request, priorities, publication, term: {first:?}"
    );
    let exam = generated(&store, "jp.exam_request");
    assert_eq!(
        exam.due,
        d("2028-12-26"),
        "3 years from 2025-12-26, a Tuesday"
    );
    assert_eq!(
        exam.explanation["ja"]
            .as_str()
            .map(|s| s.contains("特許法第48条の3")),
        Some(true)
    );
    assert_eq!(
        exam.reminders,
        [180, 90, 30, 7],
        "reminder windows of the code"
    );
    let rows = audit_rows(&store);
    assert_eq!(rows, 1, "one audit row for the application's new docket");
    // That row records every created deadline: its id, key, dates and status.
    let created: String = store
        .conn()
        .query_row(
            "SELECT after_json FROM audit_log WHERE entity = 'docket' AND action = 'create'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let created: serde_json::Value = serde_json::from_str(&created).unwrap();
    let created = created["created"].as_array().unwrap();
    assert_eq!(
        created.len(),
        first.created,
        "each created deadline is in it"
    );
    let recorded = created
        .iter()
        .find(|c| c["id"] == serde_json::json!(exam.id.0))
        .expect("the exam request's creation is recorded");
    assert_eq!(recorded["due"], "2028-12-26");
    assert_eq!(recorded["key"], "jp.exam_request|||");
    // Left out when they say what most rows say: not rolled over, open.
    assert_eq!(recorded.get("unrolled"), None);
    assert_eq!(recorded.get("status"), None);
    let rolled = created
        .iter()
        .filter(|c| c.get("unrolled").is_some())
        .all(|c| c["unrolled"] != c["due"]);
    assert!(
        rolled,
        "an unrolled date is recorded only when it differs: {created:?}"
    );
    let state_rows: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE entity = 'docket_state'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        state_rows, 1,
        "one audit row for the recomputed facts hashes"
    );
    let second = recompute_all(&mut store);
    assert_eq!(
        second.skipped, 1,
        "facts unchanged since the last recompute: skipped"
    );
    assert_eq!(
        (second.created, second.updated, second.obsoleted),
        (0, 0, 0),
        "nothing changes"
    );
    assert_eq!(
        audit_rows(&store),
        rows,
        "an idempotent recompute writes no audit row"
    );
}

#[test]
fn corrected_date_moves_the_deadline_and_keeps_what_a_person_recorded() {
    let (mut store, app) = store_with_app("2025-12-26");
    recompute_all(&mut store);
    let exam = generated(&store, "jp.exam_request");
    store
        .write(&actor(), now(), "note", |w| {
            w.tx().execute(
                "UPDATE deadline SET notes = '弁理士に依頼済み' WHERE id = ?1",
                [exam.id],
            )?;
            Ok(())
        })
        .unwrap();
    store
        .write(&actor(), now(), "waive", |w| {
            waive(w, exam.id, "審査請求しない方針")
        })
        .unwrap();
    store
        .write(&actor(), now(), "correct the filing date", |w| {
            let mut a = pf::get_application(w.tx(), app)?;
            a.filed_on = Some(d("2025-12-29"));
            pf::update_application(w, app, &a)
        })
        .unwrap();
    let s = recompute_all(&mut store);
    assert!(s.updated >= 1, "the exam request moved: {s:?}");
    let after = generated(&store, "jp.exam_request");
    assert_eq!(after.id, exam.id, "the same row, not a new one");
    assert_eq!(
        after.due,
        d("2029-01-04"),
        "2028-12-29 is 年末年始; closed to 3 Jan"
    );
    assert_eq!(
        after.status,
        DeadlineStatus::Waived,
        "the person's decision is kept"
    );
    assert_eq!(after.waive_reason.as_deref(), Some("審査請求しない方針"));
    assert_eq!(
        after.notes.as_deref(),
        Some("弁理士に依頼済み"),
        "notes are kept"
    );
}

#[test]
fn a_vanished_trigger_makes_the_deadline_obsolete_and_a_returning_one_reopens_it() {
    let (mut store, app) = store_with_app("2025-12-26");
    let event = store
        .write(&actor(), now(), "oa", |w| {
            pf::apply_event(
                w,
                &Event {
                    id: None,
                    application_id: app,
                    kind: crate::domain::EventKind::OaDispatched,
                    occurred_on: d("2026-10-01"),
                    note: None,
                },
            )
        })
        .unwrap();
    recompute_all(&mut store);
    let oa = generated(&store, "jp.oa_response");
    assert_eq!(oa.due, d("2026-11-30"), "60 days from 2026-10-01");
    assert!(oa.is_overdue(d("2026-12-01")) && !oa.is_overdue(d("2026-11-30")));
    store
        .write(&actor(), now(), "event entered by mistake", |w| {
            w.tx().execute(
                "UPDATE application_event SET obsolete = 1 WHERE id = ?1",
                [event],
            )?;
            Ok(())
        })
        .unwrap();
    let s = recompute_all(&mut store);
    assert_eq!(
        s.obsoleted, 2,
        "the response and its extended variant: {s:?}"
    );
    let gone = generated(&store, "jp.oa_response");
    assert_eq!(gone.status, DeadlineStatus::Obsolete, "marked, not deleted");
    assert!(gone.obsolete_reason.is_some(), "with the reason");
    store
        .write(&actor(), now(), "event restored", |w| {
            w.tx().execute(
                "UPDATE application_event SET obsolete = 0 WHERE id = ?1",
                [event],
            )?;
            Ok(())
        })
        .unwrap();
    recompute_all(&mut store);
    let back = generated(&store, "jp.oa_response");
    assert_eq!(
        (back.id, back.status),
        (oa.id, DeadlineStatus::Open),
        "reopened, same row"
    );
}

#[test]
fn each_office_action_has_its_own_response_deadline_closed_by_its_response() {
    let (mut store, app) = store_with_app("2024-01-10");
    store
        .write(&actor(), now(), "events", |w| {
            for (kind, on) in [
                (crate::domain::EventKind::OaDispatched, "2025-03-03"),
                (crate::domain::EventKind::OaResponded, "2025-04-20"),
                (crate::domain::EventKind::OaDispatched, "2025-09-01"),
            ] {
                pf::apply_event(
                    w,
                    &Event {
                        id: None,
                        application_id: app,
                        kind,
                        occurred_on: d(on),
                        note: None,
                    },
                )?;
            }
            Ok(())
        })
        .unwrap();
    recompute_all(&mut store);
    let all = list_deadlines(
        store.conn(),
        &DeadlineFilter {
            status: StatusFilter::All,
            ..Default::default()
        },
        d("2026-11-28"),
    )
    .unwrap();
    let oas: Vec<&Deadline> = all
        .iter()
        .filter(|x| {
            x.code == "jp.oa_response"
                && x.key
                    .as_deref()
                    .is_some_and(|k| k.starts_with("jp.oa_response||"))
        })
        .collect();
    assert_eq!(
        oas.len(),
        2,
        "two office actions, two base response deadlines: {oas:#?}"
    );
    assert_eq!(
        oas[0].status,
        DeadlineStatus::Done,
        "the first was answered on 2025-04-20"
    );
    assert_eq!(oas[0].done_by.as_deref(), Some("docket"));
    assert_eq!(
        oas[1].status,
        DeadlineStatus::Open,
        "the second is still open"
    );
}

#[test]
fn done_waive_and_manual_deadlines_are_audited() {
    let (mut store, app) = store_with_app("2025-12-26");
    recompute_all(&mut store);
    let exam = generated(&store, "jp.exam_request");
    let before = audit_rows(&store);
    let done = store
        .write(&actor(), now(), "done", |w| {
            mark_done(w, exam.id, d("2026-02-01"), Some("請求済み"))
        })
        .unwrap();
    assert_eq!(
        (done.status, done.done_by.as_deref()),
        (DeadlineStatus::Done, Some("staff"))
    );
    let err = store
        .write(&actor(), now(), "waive", |w| waive(w, exam.id, "  "))
        .unwrap_err();
    assert!(
        err.to_string().contains("deadline.reason"),
        "names the field: {err}"
    );
    let manual = store
        .write(&actor(), now(), "add", |w| {
            add_manual(
                w,
                &NewDeadline {
                    application_id: Some(app),
                    title: "発明者と面談".into(),
                    due: d("2026-12-10"),
                    ..Default::default()
                },
            )
        })
        .unwrap();
    assert_eq!(
        (manual.origin, manual.code.as_str()),
        (Origin::Manual, "manual")
    );
    assert_eq!(
        audit_rows(&store),
        before + 2,
        "done and add each audited; the refused waive not"
    );
    let s = recompute_all(&mut store);
    assert_eq!(s.obsoleted, 0, "a recompute never touches manual deadlines");
    let open = list_deadlines(store.conn(), &DeadlineFilter::default(), d("2026-11-28")).unwrap();
    assert!(
        open.iter().any(|x| x.id == manual.id),
        "manual deadline listed as open"
    );
}

#[test]
fn ics_export_has_stable_uids_and_one_event_per_deadline() {
    let (mut store, _) = store_with_app("2025-12-26");
    recompute_all(&mut store);
    let all = list_deadlines(store.conn(), &DeadlineFilter::default(), d("2026-11-28")).unwrap();
    let ics = to_ics(&all, "東都大学 Toto University", now());
    assert_eq!(
        ics.matches("BEGIN:VEVENT").count(),
        all.len(),
        "one VEVENT per deadline"
    );
    let uid = format!("UID:chizai-deadline-{}@toto-university", all[0].id);
    assert!(ics.contains(&uid), "stable UID from the id: {ics}");
    assert_eq!(
        ics,
        to_ics(&all, "東都大学 Toto University", now()),
        "same input, same file"
    );
    assert_eq!(
        ics.matches("DTSTAMP:").count(),
        ics.matches("DTSTAMP:20261128T090000Z").count(),
        "every DTSTAMP, alarms included, is the time passed in"
    );
}

#[test]
fn the_actionable_view_puts_overdue_first_and_hides_past_information_notices() {
    // Filed 2021-06-01: the publication notice (参考, 18 months) fell in 2022 and the request for
    // examination (3 years, 特許法48条の3) was due in 2024, so on 2026-11-28 it is overdue.
    let (mut store, _) = store_with_app("2021-06-01");
    recompute_all(&mut store);
    let today = d("2026-11-28");
    let list = |status| {
        list_deadlines(
            store.conn(),
            &DeadlineFilter {
                status,
                ..Default::default()
            },
            today,
        )
        .unwrap()
    };
    let open = list(StatusFilter::Open);
    let actionable = list(StatusFilter::Actionable);
    let past_info = open.iter().filter(|x| x.info && x.due < today).count();
    assert!(
        past_info > 0,
        "the fixture must have a past information notice, else this test proves nothing: {open:#?}"
    );
    assert_eq!(
        actionable.len(),
        open.len() - past_info,
        "actionable = open minus the information notices whose day has passed"
    );
    assert!(
        actionable.iter().all(|x| !(x.info && x.due < today)),
        "no past 参考 row in the default view"
    );
    let first = actionable.first().expect("the exam request is still open");
    assert!(
        !first.info && first.due < today,
        "the first row needs action now (overdue): {first:#?}"
    );
    let due: Vec<_> = actionable.iter().map(|x| x.due).collect();
    assert!(due.windows(2).all(|w| w[0] <= w[1]), "then by due date");
}
