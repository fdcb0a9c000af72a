//! The desk's view of the docket: states on a day, an office action recorded with its response
//! deadline computed in the same write, the explanation as steps, the month grid with closed
//! days, the overview, filters by code, manual deadlines by reference, the files written.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;

use super::*;
use crate::deadlines::{export_docket, mark_done, ExportFormat};
use crate::domain::{ApplicationId, EventKind};
use crate::portfolio::{Application, Family};
use crate::store::{Actor, Store};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-28T09:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

const TODAY: &str = "2026-11-28";

fn actor() -> Actor {
    Actor("staff".to_string())
}

/// A store with one JP patent application `T-001-JP` filed on 2024-04-01, docket computed.
fn store() -> (Store, ApplicationId) {
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
            let a: Application = serde_json::from_value(json!({
                "family_id": 1,
                "reference": "T-001-JP",
                "office": "JP",
                "right_type": "patent",
                "title": "テスト発明",
                "filed_on": "2024-04-01",
                "status": "examination",
            }))
            .unwrap();
            let id = pf::create_application(w, &a)?;
            recompute(w, None, d(TODAY))?;
            Ok(id)
        })
        .unwrap();
    (store, id)
}

fn oa(app: ApplicationId, on: &str) -> Event {
    Event {
        id: None,
        application_id: app,
        kind: EventKind::OaDispatched,
        occurred_on: d(on),
        note: None,
    }
}

fn record(store: &mut Store, event: &Event) -> Result<RecordedEvent> {
    store.write(&actor(), now(), "record", |w| {
        record_event(w, event, d(TODAY))
    })
}

fn response(r: &RecordedEvent) -> &DeadlineView {
    r.deadlines
        .iter()
        .find(|v| {
            v.deadline.code == "jp.oa_response"
                && v.deadline.title.contains("意見書")
                && r.changed.contains(&v.deadline.id)
        })
        .expect("a new jp.oa_response deadline")
}

#[test]
fn recording_an_office_action_computes_its_response_deadline_with_the_steps() {
    let (mut store, app) = store();
    // 2026-10-06 + 60 days (初日不算入) ends on Saturday 2026-12-05; the JPO is closed on the
    // 5th and 6th, so the deadline is Monday 2026-12-07.
    let r = record(&mut store, &oa(app, "2026-10-06")).unwrap();
    assert!(r.summary.created >= 1, "{:?}", r.summary);
    let v = response(&r);
    assert_eq!(v.deadline.unrolled, d("2026-12-05"));
    assert_eq!(v.deadline.due, d("2026-12-07"));
    assert_eq!(v.state, DocketState::Open);

    let detail = deadline_view(store.conn(), v.deadline.id, d(TODAY)).unwrap();
    let e = &detail.explanation;
    assert!(!e.manual);
    assert_eq!(e.trigger_fact.as_deref(), Some("oa_dispatched"));
    assert_eq!(e.trigger_ja.as_deref(), Some("拒絶理由通知等の発送日"));
    assert_eq!(e.trigger_date, Some(d("2026-10-06")));
    assert_eq!(e.period.as_deref(), Some("60d"));
    assert_eq!(e.period_ja.as_deref(), Some("60日"));
    assert_eq!(e.calendar.as_deref(), Some("JPO"));
    let rolled: Vec<(NaiveDate, &str)> = e
        .rolled_over
        .iter()
        .map(|r| (r.date, r.reason_ja.as_str()))
        .collect();
    assert_eq!(
        rolled,
        [(d("2026-12-05"), "土曜日"), (d("2026-12-06"), "日曜日")]
    );
    assert!(e.steps_ja.len() >= 3, "{:?}", e.steps_ja);
    assert!(
        e.steps_ja.iter().any(|s| s.contains("特許法第50条")),
        "{:?}",
        e.steps_ja
    );
    assert!(
        e.steps_ja.iter().any(|s| s.contains("繰り下げ")),
        "{:?}",
        e.steps_ja
    );
    assert_eq!(
        e.steps_ja.len(),
        e.steps_en.len(),
        "{:?} / {:?}",
        e.steps_ja,
        e.steps_en
    );
    assert!(e.steps_en.iter().all(|s| !s.ends_with('.')));
}

#[test]
fn an_event_the_core_refuses_writes_nothing() {
    let (mut store, app) = store();
    let before = docket_list(store.conn(), &DeadlineFilter::default(), d(TODAY)).unwrap();
    let err = record(&mut store, &oa(app, "2020-01-06")).unwrap_err();
    assert!(
        err.to_string().starts_with("event.occurred_on:"),
        "the message names the field: {err}"
    );
    let after = docket_list(store.conn(), &DeadlineFilter::default(), d(TODAY)).unwrap();
    assert_eq!(before, after);
    let events = pf::get_application_detail(store.conn(), app)
        .unwrap()
        .events;
    assert!(events.is_empty());
}

#[test]
fn a_response_filed_closes_the_deadline_and_reports_it_changed() {
    let (mut store, app) = store();
    let r = record(&mut store, &oa(app, "2026-10-06")).unwrap();
    let id = response(&r).deadline.id;
    let mut responded = oa(app, "2026-11-20");
    responded.kind = EventKind::OaResponded;
    let r2 = record(&mut store, &responded).unwrap();
    assert!(r2.changed.contains(&id));
    let v = r2.deadlines.iter().find(|v| v.deadline.id == id).unwrap();
    assert_eq!(v.state, DocketState::Done);
}

#[test]
fn states_on_a_day() {
    let (mut store, app) = store();
    let r = record(&mut store, &oa(app, "2026-10-06")).unwrap();
    let v = response(&r).deadline.clone();
    assert_eq!(v.state(d("2026-12-06")), DocketState::Open);
    assert_eq!(v.state(d("2026-12-07")), DocketState::DueToday);
    assert_eq!(v.state(d("2026-12-08")), DocketState::Overdue);
    assert_eq!(DocketState::DueToday.csv_label(), "open");
    let done = store
        .write(&actor(), now(), "done", |w| {
            mark_done(w, v.id, d("2026-12-01"), Some("意見書提出"))
        })
        .unwrap();
    assert_eq!(done.state(d("2026-12-08")), DocketState::Done);
}

#[test]
fn overview_lists_overdue_and_the_next_thirty_days_and_makes_the_notice() {
    let (mut store, app) = store();
    record(&mut store, &oa(app, "2026-10-06")).unwrap();
    // On 2026-12-08 the response (due 12-07) is overdue.
    let late = overview(store.conn(), d("2026-12-08")).unwrap();
    assert!(late
        .overdue
        .iter()
        .any(|v| v.deadline.code == "jp.oa_response" && v.state == DocketState::Overdue));
    assert_eq!(late.horizon_end, d("2027-01-07"));
    assert!(late
        .upcoming
        .iter()
        .all(|v| v.deadline.due >= d("2026-12-08") && v.deadline.due <= d("2027-01-07")));
    let (_, body) = late.notice().unwrap();
    assert!(
        body.contains(&format!("期限切れ {} 件", late.overdue_total)),
        "{body}"
    );
    // On the day itself it is due today, not overdue.
    let on_the_day = overview(store.conn(), d("2026-12-07")).unwrap();
    assert!(on_the_day.due_today >= 1);
    assert!(on_the_day
        .upcoming
        .iter()
        .any(|v| v.deadline.code == "jp.oa_response" && v.state == DocketState::DueToday));
    assert!(!on_the_day
        .overdue
        .iter()
        .any(|v| v.deadline.code == "jp.oa_response"));
    // Nothing open at all: no notice.
    let empty = Store::open_in_memory().unwrap();
    assert_eq!(overview(empty.conn(), d(TODAY)).unwrap().notice(), None);
}

#[test]
fn the_desks_lists_are_the_dockets_rows_without_rebuilding_explanations() {
    // The dashboard, the docket list and the month grid show dates, titles and states; each
    // deadline's pane reads its explanation. Their rows are the docket's own, field for field,
    // with the explanation left as stored (rebuilding thousands of them at 100,000 applications
    // was a third of the desktop's start).
    let (mut store, app) = store();
    record(&mut store, &oa(app, "2026-10-06")).unwrap();
    let today = d("2026-12-08");
    let shown = overview(store.conn(), today).unwrap();
    let filter = DeadlineFilter {
        status: StatusFilter::Overdue,
        ..DeadlineFilter::default()
    };
    let full = crate::deadlines::list_deadlines(store.conn(), &filter, today).unwrap();
    assert!(!full.is_empty());
    assert_eq!(shown.overdue_total as usize, full.len());
    assert_eq!(shown.overdue.len(), full.len().min(OVERVIEW_LISTED));
    for (v, f) in shown.overdue.iter().zip(&full) {
        assert_eq!(
            (
                v.deadline.id,
                v.deadline.due,
                &v.deadline.title,
                &v.deadline.title_en,
                v.deadline.status
            ),
            (f.id, f.due, &f.title, &f.title_en, f.status)
        );
        assert!(
            f.explanation.get("ja").is_some(),
            "the docket's own listing explains"
        );
    }
    let listed = docket_list(store.conn(), &filter, today).unwrap();
    assert_eq!(
        listed
            .rows
            .iter()
            .map(|v| v.deadline.id)
            .collect::<Vec<_>>(),
        full.iter().map(|f| f.id).collect::<Vec<_>>()
    );
}

#[test]
fn month_grid_has_whole_weeks_the_closed_days_and_each_deadline_on_its_day() {
    let (mut store, app) = store();
    record(&mut store, &oa(app, "2026-10-06")).unwrap();
    let m = docket_month(store.conn(), &DeadlineFilter::default(), 2026, 11, d(TODAY)).unwrap();
    assert_eq!(m.days.len() % 7, 0);
    assert_eq!(m.days[0].weekday, 0, "weeks start on Sunday");
    assert_eq!(m.days[0].date, d("2026-11-01"), "1 Nov 2026 is a Sunday");
    assert_eq!(
        (m.previous.as_str(), m.next.as_str()),
        ("2026-10", "2026-12")
    );
    assert_eq!(m.calendar, "JPO");
    let day = |s: &str| m.days.iter().find(|x| x.date == d(s)).unwrap();
    assert_eq!(
        day("2026-11-03").closed.as_ref().unwrap().reason_ja,
        "文化の日"
    );
    assert!(day("2026-11-04").closed.is_none());
    assert!(day(TODAY).is_today);
    assert!(!m.days.last().unwrap().in_month || m.days.last().unwrap().date == d("2026-11-30"));

    let dec = docket_month(store.conn(), &DeadlineFilter::default(), 2026, 12, d(TODAY)).unwrap();
    let seventh = dec.days.iter().find(|x| x.date == d("2026-12-07")).unwrap();
    assert!(seventh
        .deadlines
        .iter()
        .any(|v| v.deadline.code == "jp.oa_response"));
    assert!(dec
        .days
        .iter()
        .all(|x| x.deadlines.iter().all(|v| v.deadline.due == x.date)));
    let year_end = dec.days.iter().find(|x| x.date == d("2026-12-29")).unwrap();
    assert_eq!(year_end.closed.as_ref().unwrap().reason_ja, "年末年始");
    assert!(docket_month(store.conn(), &DeadlineFilter::default(), 2026, 13, d(TODAY)).is_err());
}

#[test]
fn code_filter_matches_the_code_or_its_beginning_literally() {
    let (mut store, app) = store();
    record(&mut store, &oa(app, "2026-10-06")).unwrap();
    let list = |code: &str| {
        list_deadlines(
            store.conn(),
            &DeadlineFilter {
                status: StatusFilter::All,
                code: Some(code.to_string()),
                ..DeadlineFilter::default()
            },
            d(TODAY),
        )
        .unwrap()
    };
    let exact = list("jp.oa_response");
    assert!(!exact.is_empty());
    assert!(exact.iter().all(|x| x.code == "jp.oa_response"));
    let prefix = list("jp.");
    assert!(prefix.len() > exact.len());
    assert!(prefix.iter().all(|x| x.code.starts_with("jp.")));
    assert!(list("%").is_empty(), "a wildcard is taken literally");
    let mine = list_deadlines(
        store.conn(),
        &DeadlineFilter {
            status: StatusFilter::All,
            application: Some(app),
            ..DeadlineFilter::default()
        },
        d(TODAY),
    )
    .unwrap();
    assert!(mine.iter().all(|x| x.application_id == Some(app)));
    assert!(!mine.is_empty());
}

#[test]
fn manual_deadline_by_reference_and_an_unknown_reference_names_the_field() {
    let (mut store, app) = store();
    let added = store
        .write(&actor(), now(), "add", |w| {
            add_manual_for(
                w,
                &ManualDeadline {
                    application: " T-001-JP ".into(),
                    title: "共同出願人への報告".into(),
                    due: d("2026-12-15"),
                    notes: Some("  ".into()),
                },
            )
        })
        .unwrap();
    assert_eq!(added.application_id, Some(app));
    assert_eq!(added.notes, None, "blank notes are not stored");
    let e = explanation_of(&added);
    assert!(e.manual);
    assert_eq!(e.steps_ja, ["手動で登録: 共同出願人への報告"]);
    let err = store
        .write(&actor(), now(), "add", |w| {
            add_manual_for(
                w,
                &ManualDeadline {
                    application: "NOPE-9".into(),
                    title: "x".into(),
                    due: d("2026-12-15"),
                    notes: None,
                },
            )
        })
        .unwrap_err();
    assert!(
        err.to_string().starts_with("deadline.application:"),
        "{err}"
    );
}

#[test]
fn exports_write_csv_with_a_bom_and_ics() {
    let (mut store, app) = store();
    record(&mut store, &oa(app, "2026-10-06")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let filter = DeadlineFilter {
        code: Some("jp.oa_response".into()),
        ..DeadlineFilter::default()
    };
    let csv_path = dir.path().join("docket.csv");
    let csv = export_docket(
        store.conn(),
        &filter,
        ExportFormat::Csv,
        &csv_path,
        d(TODAY),
        now(),
    )
    .unwrap();
    let text = std::fs::read_to_string(&csv_path).unwrap();
    assert!(text.starts_with("\u{feff}id,due,"));
    assert_eq!(text.lines().count(), 1 + csv.rows as usize);
    assert!(text.contains("2026-12-07"));
    let ics_path = dir.path().join("docket.ics");
    let ics = export_docket(
        store.conn(),
        &filter,
        ExportFormat::Ics,
        &ics_path,
        d(TODAY),
        now(),
    )
    .unwrap();
    let text = std::fs::read_to_string(&ics_path).unwrap();
    assert!(text.starts_with("BEGIN:VCALENDAR"));
    assert_eq!(text.matches("BEGIN:VEVENT").count(), ics.rows as usize);
    assert!(text.contains("DTSTART;VALUE=DATE:20261207"), "{text}");
    let bad = export_docket(
        store.conn(),
        &filter,
        ExportFormat::Csv,
        &dir.path().join("missing/dir/x.csv"),
        d(TODAY),
        now(),
    );
    assert!(matches!(bad, Err(CoreError::Io { .. })));
}
