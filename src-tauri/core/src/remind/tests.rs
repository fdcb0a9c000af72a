//! The reminder plan and log against a small demo portfolio.

use chrono::{NaiveDate, TimeZone, Utc};

use super::*;
use crate::demo::{self, DemoOptions};
use crate::store::{Actor, Store};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn demo_store(today: NaiveDate) -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 12, 3, 0, 0, 0).unwrap();
    demo::generate(
        &mut store,
        DemoOptions {
            scale: 60,
            seed: demo::DEFAULT_SEED,
            today,
        },
        now,
    )
    .unwrap();
    store
}

#[test]
fn settings_round_trip_and_refuse_a_url_for_a_host() {
    let mut store = Store::open_in_memory().unwrap();
    let now = Utc::now();
    let saved = store
        .write(&Actor("t".into()), now, "settings", |w| {
            set_settings(
                w,
                &ReminderSettings {
                    smtp_host: Some(" mail.example.ac.jp ".into()),
                    smtp_port: Some(2525),
                    smtp_security: SmtpSecurity::None,
                    from_address: Some("chizai@example.ac.jp".into()),
                    ..ReminderSettings::default()
                },
            )
        })
        .unwrap();
    assert_eq!(
        saved.smtp_host.as_deref(),
        Some("mail.example.ac.jp"),
        "trimmed"
    );
    assert_eq!(get_settings(store.conn()).unwrap(), saved);
    let err = store
        .write(&Actor("t".into()), now, "settings", |w| {
            set_settings(
                w,
                &ReminderSettings {
                    smtp_host: Some("smtp://mail.example.ac.jp:25".into()),
                    ..ReminderSettings::default()
                },
            )
        })
        .unwrap_err();
    assert!(err.to_string().contains("smtp_host"), "{err}");
}

#[test]
fn the_demo_reminds_its_staff_and_a_second_day_is_not_sent_twice() {
    let today = d("2026-12-03");
    let mut store = demo_store(today);
    let now = Utc.with_ymd_and_hms(2026, 12, 3, 0, 0, 0).unwrap();
    let plan = prepare(store.conn(), today, now).unwrap();
    assert!(plan.office_closed.is_none(), "3 Dec 2026 is a Thursday");
    assert!(
        !plan.digests.is_empty(),
        "the demo has open deadlines near today"
    );
    for dg in &plan.digests {
        assert!(dg.recipient.as_deref().unwrap().ends_with("@example.ac.jp"));
        for i in &dg.reminders {
            assert!(
                i.days_left >= 0,
                "a reminder is never for an overdue deadline"
            );
        }
        assert!(dg.ics.starts_with("BEGIN:VCALENDAR"));
    }
    let manager = plan.settings.office_manager_id.unwrap();
    let first = &plan.digests[0];
    store
        .write(&Actor("t".into()), now, "log", |w| {
            record_attempt(w, first.person_id, today, first.items(), None, Ok("<id@x>"))
        })
        .unwrap();
    let again = prepare(store.conn(), today, now).unwrap();
    assert!(again.already_sent.contains(&first.person_id));
    assert!(again.digests.iter().all(|x| x.person_id != first.person_id));
    assert!(manager.0 > 0);
}

#[test]
fn a_failed_day_is_retried_and_then_marked_retried() {
    let today = d("2026-12-03");
    let mut store = demo_store(today);
    let now = Utc::now();
    let plan = prepare(store.conn(), today, now).unwrap();
    let p = plan.digests[0].person_id;
    let yesterday = d("2026-12-02");
    store
        .write(&Actor("t".into()), now, "log", |w| {
            record_attempt(w, p, yesterday, 3, None, Err("refused"))
        })
        .unwrap();
    let plan = prepare(store.conn(), today, now).unwrap();
    let dg = plan.digests.iter().find(|x| x.person_id == p).unwrap();
    assert_eq!(
        dg.since,
        d("2026-12-01"),
        "the failed day's points are carried"
    );
    store
        .write(&Actor("t".into()), now, "log", |w| {
            record_attempt(w, p, today, 3, None, Ok("<a@b>"))
        })
        .unwrap();
    let log = list_log(store.conn(), 10, false).unwrap();
    assert!(log
        .iter()
        .any(|e| e.day == yesterday && e.status == LogStatus::Retried));
    assert!(
        list_log(store.conn(), 10, true).unwrap().is_empty(),
        "no failure left"
    );
}

#[test]
fn done_and_waived_deadlines_stop_reminding() {
    let mut store = demo_store(d("2026-11-28"));
    let now = Utc::now();
    // The first day of December on which the small demo has two of one person's items.
    let (today, items) = d("2026-12-01")
        .iter_days()
        .take(31)
        .find_map(|day| {
            let plan = prepare(store.conn(), day, now).unwrap();
            let items: Vec<_> = plan
                .digests
                .iter()
                .flat_map(|g| g.reminders.iter().chain(g.overdue.iter()))
                .map(|i| i.deadline_id)
                .collect();
            (items.len() >= 2).then_some((day, items))
        })
        .expect("the demo reminds of something in December");
    store
        .write(&Actor("t".into()), now, "settle", |w| {
            crate::deadlines::mark_done(w, items[0], today, None)?;
            crate::deadlines::waive(w, items[1], "test")
        })
        .unwrap();
    let again = prepare(store.conn(), today, now).unwrap();
    let left: Vec<_> = again
        .digests
        .iter()
        .flat_map(|g| {
            g.reminders
                .iter()
                .chain(g.overdue.iter())
                .chain(g.office_overdue.iter())
        })
        .map(|i| i.deadline_id)
        .collect();
    assert!(
        !left.contains(&items[0]),
        "a done deadline no longer reminds"
    );
    assert!(
        !left.contains(&items[1]),
        "a waived deadline no longer reminds"
    );
}
