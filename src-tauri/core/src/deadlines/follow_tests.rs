//! The docket follows every fact: the form's save recomputes in its own transaction, an event's
//! change of the application row is audited, a paid fee advances the years paid and closes that
//! year's grace deadline, a derived application counts from its deemed filing date, and an
//! office without rules is marked instead of silently empty.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;

use super::*;
use crate::docket::{compute, Facts, RightType};
use crate::domain::{EventKind, FamilyId};
use crate::portfolio::{self as pf, Application, Event, Family};
use crate::store::{Actor, Store};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

const TODAY: &str = "2026-11-28";

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-28T09:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn actor() -> Actor {
    Actor("staff".to_string())
}

fn family(store: &mut Store) -> FamilyId {
    store
        .write(&actor(), now(), "family", |w| {
            pf::create_family(
                w,
                &Family {
                    id: None,
                    reference: "F-1".into(),
                    title: "テスト".into(),
                    disclosure_id: None,
                },
            )
        })
        .unwrap()
}

fn app(family: FamilyId, fields: serde_json::Value) -> Application {
    let mut base = json!({
        "family_id": family.0, "office": "JP", "right_type": "patent", "title": "テスト発明",
        "status": "filed",
    });
    if let (Some(b), Some(f)) = (base.as_object_mut(), fields.as_object()) {
        b.extend(f.clone());
    }
    serde_json::from_value(base).unwrap()
}

/// Saves through the form's core function (new application, no id).
fn save(store: &mut Store, a: &Application) -> ApplicationId {
    store
        .write(&actor(), now(), "save", |w| {
            pf::save_application(w, None, a, None, d(TODAY), None)
        })
        .unwrap()
}

/// (code, year, due) of the application's generated deadlines that are not obsolete, sorted.
fn docket(store: &Store, id: ApplicationId) -> Vec<(String, Option<u32>, NaiveDate)> {
    let mut rows: Vec<_> = list_deadlines(
        store.conn(),
        &DeadlineFilter {
            status: StatusFilter::All,
            application: Some(id),
            ..Default::default()
        },
        d(TODAY),
    )
    .unwrap()
    .into_iter()
    .filter(|x| x.origin == Origin::Generated && x.status != DeadlineStatus::Obsolete)
    .map(|x| (x.code, x.year, x.due))
    .collect();
    rows.sort();
    rows
}

fn computed(facts: &Facts) -> Vec<(String, Option<u32>, NaiveDate)> {
    let mut rows: Vec<_> = compute(facts)
        .unwrap()
        .into_iter()
        .map(|x| (x.code.to_string(), x.year, x.due))
        .collect();
    rows.sort();
    rows
}

fn row(store: &Store, id: ApplicationId, code: &str, year: Option<u32>) -> Deadline {
    list_deadlines(
        store.conn(),
        &DeadlineFilter {
            status: StatusFilter::All,
            application: Some(id),
            ..Default::default()
        },
        d(TODAY),
    )
    .unwrap()
    .into_iter()
    .find(|x| x.code == code && x.year == year && x.origin == Origin::Generated)
    .unwrap_or_else(|| panic!("{code} {year:?} on the docket"))
}

#[test]
fn saving_the_form_computes_the_docket_in_the_same_write() {
    let mut store = Store::open_in_memory().unwrap();
    let f = family(&mut store);
    let a = app(f, json!({"reference": "T-1", "filed_on": "2024-02-20"}));
    let id = save(&mut store, &a);
    let facts = Facts::new("JP", RightType::Patent)
        .with("filed", d("2024-02-20"))
        .unwrap();
    let stored = docket(&store, id);
    assert!(
        stored.iter().any(|r| r.0 == "jp.exam_request"),
        "the new application has its examination request deadline at once: {stored:?}"
    );
    assert_eq!(
        stored,
        computed(&facts),
        "the saved application's docket is what the engine computes from the same facts"
    );

    // A corrected filing date moves every deadline in the same save.
    let mut corrected = pf::get_application(store.conn(), id).unwrap();
    corrected.filed_on = Some(d("2024-03-01"));
    store
        .write(&actor(), now(), "save", |w| {
            pf::save_application(w, Some(id), &corrected, None, d(TODAY), None)
        })
        .unwrap();
    let facts = Facts::new("JP", RightType::Patent)
        .with("filed", d("2024-03-01"))
        .unwrap();
    assert_eq!(docket(&store, id), computed(&facts));
}

#[test]
fn an_event_changing_the_application_row_is_audited_with_before_and_after() {
    let mut store = Store::open_in_memory().unwrap();
    let f = family(&mut store);
    let id = save(
        &mut store,
        &app(f, json!({"reference": "T-1", "filed_on": "2024-02-20"})),
    );
    store
        .write(&actor(), now(), "event", |w| {
            record_event(
                w,
                &Event {
                    id: None,
                    application_id: id,
                    kind: EventKind::ExamRequested,
                    occurred_on: d("2025-01-10"),
                    note: None,
                },
                d(TODAY),
            )
        })
        .unwrap();
    let (before, after): (String, String) = store
        .conn()
        .query_row(
            "SELECT before_json, after_json FROM audit_log
             WHERE entity = 'application' AND action = 'update' ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("the event's change of the application row has its own audit row");
    let before: serde_json::Value = serde_json::from_str(&before).unwrap();
    let after: serde_json::Value = serde_json::from_str(&after).unwrap();
    assert_eq!(before["status"], "filed");
    assert_eq!(before["exam_requested_on"], serde_json::Value::Null);
    assert_eq!(
        after["status"], "examination",
        "an exam request moves the status"
    );
    assert_eq!(after["exam_requested_on"], "2025-01-10");
    let exam = row(&store, id, "jp.exam_request", None);
    assert_eq!(
        exam.status,
        DeadlineStatus::Done,
        "and the docket followed in the same write: the request closes its deadline"
    );
}

/// A JP patent registered 2021-03-01 with years 1–3 paid with the grant fee.
fn granted(store: &mut Store) -> ApplicationId {
    let f = family(store);
    save(
        store,
        &app(
            f,
            json!({"reference": "T-G", "filed_on": "2019-04-10", "exam_requested_on": "2020-01-15",
                   "registered_on": "2021-03-01", "status": "granted", "annuities_paid_to": 3}),
        ),
    )
}

fn done(store: &mut Store, id: DeadlineId, on: &str) {
    store
        .write(&actor(), now(), "done", |w| mark_done(w, id, d(on), None))
        .unwrap();
}

fn years_paid(store: &Store, id: ApplicationId) -> Option<u32> {
    pf::get_application(store.conn(), id)
        .unwrap()
        .annuities_paid_to
}

#[test]
fn a_paid_annuity_advances_the_years_paid_and_closes_that_years_grace_deadline() {
    let mut store = Store::open_in_memory().unwrap();
    let id = granted(&mut store);
    let year4 = row(&store, id, "jp.annuity", Some(4));
    assert_eq!(
        year4.due,
        d("2024-03-01"),
        "year 4 falls due on the 3rd anniversary of registration (108条2項), a Friday"
    );
    let grace4 = row(&store, id, "jp.annuity_grace", Some(4));
    assert_eq!(grace4.status, DeadlineStatus::Open);

    done(&mut store, year4.id, "2024-02-20");
    assert_eq!(years_paid(&store, id), Some(4), "paying year 4 is a fact");
    let grace4 = row(&store, id, "jp.annuity_grace", Some(4));
    assert_eq!(
        grace4.status,
        DeadlineStatus::Done,
        "year 4 is paid: its 追納 deadline (112条) has nothing left to do and never turns overdue"
    );
    assert!(
        grace4
            .done_note
            .as_deref()
            .is_some_and(|n| n.contains("第4年分まで納付済み")),
        "{:?}",
        grace4.done_note
    );
    assert_eq!(
        row(&store, id, "jp.annuity", Some(7)).status,
        DeadlineStatus::Open,
        "the next year comes onto the docket (three open years ahead)"
    );

    // Year 6 paid before year 5: the years paid cannot jump over an unpaid year.
    let year6 = row(&store, id, "jp.annuity", Some(6));
    done(&mut store, year6.id, "2025-02-20");
    assert_eq!(years_paid(&store, id), Some(4), "year 5 is still unpaid");

    // Year 5 paid late, in its grace period at double fee: years 5 and 6 are now paid.
    let grace5 = row(&store, id, "jp.annuity_grace", Some(5));
    done(&mut store, grace5.id, "2025-06-20");
    assert_eq!(years_paid(&store, id), Some(6));
    assert_eq!(
        row(&store, id, "jp.annuity", Some(5)).status,
        DeadlineStatus::Done,
        "the year-5 fee itself is closed as paid, not left overdue"
    );
    let changes: Vec<String> = store
        .conn()
        .prepare(
            "SELECT after_json FROM audit_log WHERE entity = 'application'
             AND before_json LIKE '{\"annuities_paid_to\":%' ORDER BY seq",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<crate::error::Result<_>>()
        .unwrap();
    assert_eq!(
        changes,
        [r#"{"annuities_paid_to":4}"#, r#"{"annuities_paid_to":6}"#],
        "each advance of the years paid is audited with before and after"
    );
}

#[test]
fn a_divisional_counts_from_the_deemed_filing_date_of_its_first_parent() {
    let mut store = Store::open_in_memory().unwrap();
    let f = family(&mut store);
    let parent = save(
        &mut store,
        &app(f, json!({"reference": "P", "filed_on": "2019-06-03"})),
    );
    let child = save(
        &mut store,
        &app(
            f,
            json!({"reference": "P-D1", "route": "divisional", "parent_id": parent.0,
                   "filed_on": "2024-03-15"}),
        ),
    );
    // A divisional of the divisional: deemed filed on the first application's date too.
    let grandchild = save(
        &mut store,
        &app(
            f,
            json!({"reference": "P-D2", "route": "divisional", "parent_id": child.0,
                   "filed_on": "2025-07-01", "registered_on": "2026-02-02",
                   "status": "granted", "annuities_paid_to": 3}),
        ),
    );
    let term = row(&store, child, "jp.term", None);
    assert_eq!(
        term.due,
        d("2039-06-03"),
        "67条: 20 years from the parent's 2019-06-03 (44条2項), not from the actual 2024-03-15"
    );
    let exam = row(&store, child, "jp.exam_request", None);
    assert_eq!(
        exam.due,
        d("2024-04-15"),
        "48条の3: parent + 3 years (2022-06-03) has passed, so 30 days from the actual filing \
         (第2項): 2024-04-14 is a Sunday, rolled to Monday"
    );
    let publication = row(&store, child, "jp.publication", None);
    assert_eq!(
        publication.due,
        d("2020-12-03"),
        "64条: 18 months from the deemed date (information only, never rolled)"
    );
    assert_eq!(
        row(&store, grandchild, "jp.term", None).due,
        d("2039-06-03"),
        "a divisional of a divisional is deemed filed on the first application's date"
    );
    let facts = load_facts(store.conn(), Some(grandchild)).unwrap();
    let facts = &facts.first().expect("the grandchild's facts").facts;
    let year14 = crate::docket::derive_year(facts, "jp.annuity", 14).unwrap();
    assert_eq!(
        year14.map(|y| y.due),
        Some(d("2039-02-02")),
        "year 14 falls due on the 13th anniversary of registration, inside the term"
    );
    assert!(
        crate::docket::derive_year(facts, "jp.annuity", 15)
            .unwrap()
            .is_none(),
        "year 15 would fall due on 2040-02-02, after the term ends on 2039-06-03 (counted from \
         the deemed date, not from the actual 2025-07-01)"
    );
    assert!(
        row(&store, grandchild, "jp.term", None)
            .basis
            .as_deref()
            .is_some_and(|b| b.contains("44条")),
        "the basis names the deeming provision"
    );
}

#[test]
fn an_office_without_rules_is_marked_not_silently_empty() {
    let mut store = Store::open_in_memory().unwrap();
    let f = family(&mut store);
    let tw = save(
        &mut store,
        &app(
            f,
            json!({"reference": "T-1", "office": "TW", "filed_on": "2025-05-01",
                   "priority_claims": [{"office": "JP", "number": "2024-100000",
                                        "filed_on": "2024-05-02"}]}),
        ),
    );
    save(
        &mut store,
        &app(
            f,
            json!({"reference": "D-1", "office": "DE", "filed_on": "2025-05-01"}),
        ),
    );
    // CN has rules of its own since issue 16: its deadlines are computed, it is not marked.
    let cn = save(
        &mut store,
        &app(
            f,
            json!({"reference": "C-1", "office": "CN", "filed_on": "2025-05-01",
                   "priority_claims": [{"office": "JP", "number": "2024-100000",
                                        "filed_on": "2024-05-02"}]}),
        ),
    );
    assert!(
        docket(&store, tw).is_empty(),
        "nothing computed for TW (the priority was claimed, so not even the Paris year)"
    );
    assert!(
        docket(&store, cn)
            .iter()
            .any(|(code, _, due)| code == "cn.exam_request" && *due == d("2027-05-03")),
        "CN: 3 years from the priority date 2024-05-02 end on Sunday 2 May 2027, rolled over the weekend only (the 2027 notice is not in the data, so the docket flags the year): {:?}",
        docket(&store, cn)
    );
    let marks = unruled_offices(store.conn(), &DeadlineFilter::default()).unwrap();
    let offices: Vec<&str> = marks.iter().map(|m| m.office.as_str()).collect();
    assert_eq!(
        offices,
        ["DE", "TW"],
        "both offices without rules are marked, CN is not"
    );
    assert_eq!(marks[1].applications, 1);
    assert_eq!(marks[1].without_deadlines, 1);
    assert_eq!(marks[1].references, ["T-1"]);
    assert_eq!(
        marks[1].message_en,
        "no rules for TW: enter the agent's deadlines by hand"
    );
    let jp_only = DeadlineFilter {
        office: Some("JP".into()),
        ..Default::default()
    };
    assert!(
        unruled_offices(store.conn(), &jp_only).unwrap().is_empty(),
        "a docket filtered to JP has no marker"
    );
}

#[test]
fn an_ep_divisional_pays_renewals_from_the_parents_date() {
    let facts = Facts::new("EP", RightType::Patent)
        .with("filed", d("2024-05-10"))
        .unwrap()
        .with("parent_filed", d("2019-03-15"))
        .unwrap();
    let renewals: Vec<(Option<u32>, NaiveDate)> = compute(&facts)
        .unwrap()
        .into_iter()
        .filter(|x| x.code == "ep.renewal" && x.variant.is_none())
        .map(|x| (x.year, x.due))
        .collect();
    assert_eq!(
        renewals.first(),
        Some(&(Some(3), d("2021-03-31"))),
        "year 3 at the end of the month of the parent's 2nd anniversary (EPC Art. 76(1), R51(1)); \
         R51(3) would allow until 4 months after the divisional's filing: the earlier date is \
         docketed, never the later one counted from the divisional's own filing (2026-05-31)"
    );
}

#[test]
fn an_annuity_paid_event_pays_the_next_fee() {
    let mut store = Store::open_in_memory().unwrap();
    let id = granted(&mut store);
    store
        .write(&actor(), now(), "event", |w| {
            record_event(
                w,
                &Event {
                    id: None,
                    application_id: id,
                    kind: EventKind::AnnuityPaid,
                    occurred_on: d("2024-02-26"),
                    note: None,
                },
                d(TODAY),
            )
        })
        .unwrap();
    assert_eq!(
        years_paid(&store, id),
        Some(4),
        "the event records the payment of year 4, the next fee due"
    );
    let year4 = row(&store, id, "jp.annuity", Some(4));
    assert_eq!(year4.status, DeadlineStatus::Done);
    assert_eq!(
        year4.done_on,
        Some(d("2024-02-26")),
        "paid on the event's date"
    );
}

#[test]
fn saving_a_later_application_closes_the_priority_deadline_of_the_one_it_claims() {
    let mut store = Store::open_in_memory().unwrap();
    let f = family(&mut store);
    let jp = save(
        &mut store,
        &app(f, json!({"reference": "J-1", "filed_on": "2025-06-02"})),
    );
    // Typed in on 2026-11-28, after the 12 months and the 2 months of restoration: the docket
    // records the chance as passed, not as an overdue task nobody can act on.
    let passed = row(&store, jp, "paris.priority", None);
    assert_eq!(passed.status, DeadlineStatus::Waived);
    assert!(
        passed
            .waive_reason
            .as_deref()
            .is_some_and(|r| r.contains("2026-08-03")),
        "the reason names the last day of restoration (2026-08-02 a Sunday): {:?}",
        passed.waive_reason
    );
    save(
        &mut store,
        &app(
            f,
            json!({"reference": "U-1", "office": "US", "filed_on": "2026-05-20",
                   "route": "paris",
                   "priority_claims": [{"earlier_application_id": jp.0, "office": "JP",
                                        "number": "2025-000001", "filed_on": "2025-06-02"}]}),
        ),
    );
    let paris = row(&store, jp, "paris.priority", None);
    assert_eq!(
        (paris.status, paris.done_on),
        (DeadlineStatus::Done, Some(d("2026-05-20"))),
        "the US filing claiming J-1's priority closes J-1's Paris deadline in the same save, \
         though only U-1 was saved: the fact outranks the docket's own \"passed\""
    );
    let within = save(
        &mut store,
        &app(f, json!({"reference": "J-2", "filed_on": "2025-10-20"})),
    );
    let late = row(&store, within, "paris.priority", None);
    assert_eq!(
        (late.status, late.is_overdue(d(TODAY))),
        (DeadlineStatus::Open, true),
        "due 2026-10-20, restorable until 2026-12-21: still a task, and overdue"
    );
}

#[test]
fn a_further_cn_office_action_gets_two_months_and_the_first_keeps_four() {
    // CNIPA practice: 4 months for the first office action, 2 for a further one. Each office
    // action is docketed with its own response, and the one before it tells them apart.
    let mut store = Store::open_in_memory().unwrap();
    let f = family(&mut store);
    let id = save(
        &mut store,
        &app(
            f,
            json!({"reference": "C-2", "office": "CN", "filed_on": "2023-04-03"}),
        ),
    );
    for (kind, on) in [
        (EventKind::OaDispatched, "2025-03-03"),
        (EventKind::OaResponded, "2025-06-20"),
        (EventKind::OaDispatched, "2025-09-01"),
    ] {
        store
            .write(&actor(), now(), "event", |w| {
                record_event(
                    w,
                    &Event {
                        id: None,
                        application_id: id,
                        kind,
                        occurred_on: d(on),
                        note: None,
                    },
                    d(TODAY),
                )
            })
            .unwrap();
    }
    let oas: Vec<(String, Option<u32>, NaiveDate)> = docket(&store, id)
        .into_iter()
        .filter(|(code, _, _)| code == "cn.oa_response")
        .collect();
    let dues: Vec<NaiveDate> = oas.iter().map(|x| x.2).collect();
    assert!(
        dues.contains(&d("2025-07-03")),
        "the first office action: 4 months: {oas:?}"
    );
    assert!(
        dues.contains(&d("2025-11-03")),
        "the further one: 2 months from 1 Sep end on Saturday 1 Nov 2025, rolled to Monday 3 Nov: {oas:?}"
    );
}
