//! The docket as an iCalendar file (RFC 5545), one all-day VEVENT per deadline.
//!
//! The UID is derived from the deadline's id and the institution, so re-importing an updated
//! export into a calendar updates the events instead of duplicating them. DTSTAMP is the `now`
//! passed in (never the clock). Each event carries the explanation and VALARMs for the
//! deadline's reminder windows.

use icalendar::{Alarm, Calendar, Component, Event, EventLike, EventStatus};

use super::{Deadline, DeadlineStatus};

/// Render `deadlines` as an iCalendar document for `institution`, stamped `now`.
pub fn to_ics(
    deadlines: &[Deadline],
    institution: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> String {
    let domain: String = institution
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect::<String>()
        .trim_matches('-')
        .to_string();
    let domain = if domain.is_empty() {
        "chizai".to_string()
    } else {
        domain
    };
    let mut cal = Calendar::new();
    cal.name(&format!("{institution} 期限一覧"));
    for d in deadlines {
        let mut event = Event::new();
        let subject = d
            .application_reference
            .as_deref()
            .or(d.agreement_ref.as_deref())
            .unwrap_or("");
        event
            .uid(&format!("chizai-deadline-{}@{domain}", d.id))
            .timestamp(now)
            .summary(format!("{} {}", subject, d.title).trim())
            .all_day(d.due)
            .add_property("CATEGORIES", d.code.as_str());
        let mut description = String::new();
        if let Some(ja) = d.explanation.get("ja").and_then(|v| v.as_str()) {
            description.push_str(ja);
        }
        if let Some(en) = d.explanation.get("en").and_then(|v| v.as_str()) {
            description.push('\n');
            description.push_str(en);
        }
        if let Some(b) = &d.basis {
            description.push_str(&format!("\n根拠 basis: {b}"));
        }
        event.description(&description);
        match d.status {
            DeadlineStatus::Open => {
                event.status(EventStatus::Confirmed);
                for days in d.reminders.iter().filter(|_| !d.info) {
                    let mut alarm = Alarm::display(
                        &format!("{} まであと{days}日", d.title),
                        -chrono::Duration::days(i64::from(*days)),
                    );
                    alarm
                        .uid(&format!("chizai-deadline-{}-{days}d@{domain}", d.id))
                        .timestamp(now);
                    event.alarm(alarm);
                }
            }
            DeadlineStatus::Obsolete | DeadlineStatus::Waived => {
                event.status(EventStatus::Cancelled);
            }
            DeadlineStatus::Done => {
                event.status(EventStatus::Confirmed);
            }
        }
        cal.push(event.done());
    }
    cal.done().to_string()
}
