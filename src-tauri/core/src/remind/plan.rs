//! Which deadlines remind whom on day `T` (see the contract in [`super`]): one light scan of the
//! open deadlines near `T` by the `(status, due)` index, the reminder points worked out in memory
//! against the JPO calendar, then the full rows (with their rebuilt explanations, in one bulk
//! pass) only for what goes into a digest and each person's next [`ICS_DAYS`] days.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::Serialize;

use crate::deadlines::{self, Deadline, REMINDERS};
use crate::docket::OfficeCalendar;
use crate::domain::{DeadlineId, PersonId};
use crate::error::Result;
use crate::store::Conn;

use super::{get_settings, ReminderSettings};

/// How far back a run catches up missed days (a longer pause sends only the last month's points;
/// what fell due meanwhile is in the overdue list anyway).
pub const CATCH_UP_DAYS: u64 = 31;

/// The calendar attachment covers the person's open deadlines due in the next this many days.
pub const ICS_DAYS: u64 = 90;

/// Longest run of closed days a send day can be moved back over (年末年始 with a weekend, or
/// Golden Week, is at most 9 days): bounds the scan ahead of `T`.
const LONGEST_CLOSURE: u64 = 16;

/// Why an item is in a digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// A reminder point (`days_before` days before the due date) was reached.
    Reminder,
    /// Open and due before the day of the run.
    Overdue,
}

/// One deadline in a digest.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct DigestItem {
    pub deadline_id: DeadlineId,
    pub kind: ItemKind,
    /// The reminder point reached (days before due), for a reminder.
    pub days_before: Option<u32>,
    /// Days from the run's day to the due date (negative when overdue).
    pub days_left: i64,
    pub due: NaiveDate,
    /// The rule (procedure) code.
    pub code: String,
    pub title: String,
    /// The legal basis of the rule.
    pub basis: Option<String>,
    /// The application's reference (整理番号), or the agreement's.
    pub subject: Option<String>,
    /// The application's office.
    pub office: Option<String>,
    /// The responsible person's name (none: unassigned).
    pub responsible: Option<String>,
    /// The explanation line (Japanese): how the date was reached.
    pub explanation: String,
}

/// One person's digest for one day.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Digest {
    pub person_id: PersonId,
    pub person: String,
    /// The address it goes to (none: it cannot be sent, and the log says so).
    pub recipient: Option<String>,
    pub day: NaiveDate,
    /// Reminder points after this day (and up to `day`) are carried.
    pub since: NaiveDate,
    pub subject: String,
    /// Reminder points reached, by due date.
    pub reminders: Vec<DigestItem>,
    /// The person's own overdue deadlines.
    pub overdue: Vec<DigestItem>,
    /// For the office manager: every other overdue deadline of the office.
    pub office_overdue: Vec<DigestItem>,
    /// Events in the calendar attachment (the person's open deadlines in the next 90 days).
    pub calendar_events: usize,
    /// The plain-text body.
    #[serde(skip)]
    #[ts(skip)]
    pub body: String,
    /// The iCalendar attachment.
    #[serde(skip)]
    #[ts(skip)]
    pub ics: String,
}

impl Digest {
    /// Items in the digest (each deadline once).
    pub fn items(&self) -> usize {
        self.reminders.len() + self.overdue.len() + self.office_overdue.len()
    }
}

/// Every digest of day `T`, ready to send.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    pub day: NaiveDate,
    /// Why the office is closed on `day` (then nothing is sent).
    pub office_closed: Option<String>,
    pub digests: Vec<Digest>,
    /// People already sent their digest for `day` (not sent again).
    pub already_sent: Vec<PersonId>,
    /// Items with nobody to go to (no responsible person and no office manager set).
    pub unassigned: usize,
    #[serde(skip)]
    pub settings: ReminderSettings,
}

/// The send day of reminder point `p` of a deadline due on `due`: `due − p`, moved back to the
/// last day the office is open.
fn send_day(due: NaiveDate, p: u32) -> Option<NaiveDate> {
    let mut day = due.checked_sub_days(Days::new(u64::from(p)))?;
    for _ in 0..=LONGEST_CLOSURE * 4 {
        if !OfficeCalendar::Jpo.is_closed(day) {
            return Some(day);
        }
        day = day.pred_opt()?;
    }
    Some(day)
}

fn max_point() -> u64 {
    REMINDERS
        .iter()
        .flat_map(|(_, r)| r.iter())
        .chain(deadlines::reminders_for("").iter())
        .copied()
        .max()
        .map_or(180, u64::from)
}

/// A person's last day with a sent digest and first day with a failed one.
type Sent = (Option<NaiveDate>, Option<NaiveDate>);

/// Per person: the last day a digest was sent, and the first day still failed.
fn history(conn: &Conn) -> Result<HashMap<PersonId, Sent>> {
    let mut out: HashMap<PersonId, Sent> = HashMap::new();
    let mut stmt = conn.prepare(
        "SELECT person_id, status, max(day), min(day) FROM reminder_log
         WHERE status IN ('sent', 'failed') GROUP BY person_id, status",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, PersonId>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, NaiveDate>(2)?,
            r.get::<_, NaiveDate>(3)?,
        ))
    })?;
    for row in rows {
        let (person, status, max, min) = row?;
        let e = out.entry(person).or_default();
        if status == "sent" {
            e.0 = Some(max);
        } else {
            e.1 = Some(min);
        }
    }
    Ok(out)
}

/// Where person `p`'s catch-up window starts on `today` (exclusive).
fn since_for(
    today: NaiveDate,
    last_sent: Option<NaiveDate>,
    first_failed: Option<NaiveDate>,
) -> NaiveDate {
    let floor = today
        .checked_sub_days(Days::new(CATCH_UP_DAYS))
        .unwrap_or(today);
    let yesterday = today.pred_opt().unwrap_or(today);
    let since = match (last_sent, first_failed) {
        // A success marks the earlier failures retried: what is still failed came after it.
        (Some(s), _) => s,
        (None, Some(f)) => f.pred_opt().unwrap_or(f),
        (None, None) => yesterday,
    };
    since.clamp(floor, yesterday)
}

/// Prepares every digest of day `today` (reads only; `now` stamps the calendar attachment).
pub fn prepare(conn: &Conn, today: NaiveDate, now: DateTime<Utc>) -> Result<Plan> {
    let settings = get_settings(conn)?;
    let office_closed = OfficeCalendar::Jpo
        .closed(today)
        .map(|c| c.name_ja.into_owned());
    let mut plan = Plan {
        day: today,
        office_closed,
        digests: Vec::new(),
        already_sent: Vec::new(),
        unassigned: 0,
        settings,
    };
    if plan.office_closed.is_some() {
        return Ok(plan);
    }
    let manager = plan.settings.office_manager_id;
    let history = history(conn)?;
    let floor = today
        .checked_sub_days(Days::new(CATCH_UP_DAYS))
        .unwrap_or(today);
    let ahead = today
        .checked_add_days(Days::new(max_point() + LONGEST_CLOSURE))
        .unwrap_or(today);

    // The light scan: open deadlines due from the catch-up floor to the farthest reminder point,
    // and every overdue one, from the `deadline_remind` index alone (its order, so no sort).
    let mut reminders: BTreeMap<PersonId, Vec<(DeadlineId, u32)>> = BTreeMap::new();
    let mut overdue: BTreeMap<PersonId, Vec<DeadlineId>> = BTreeMap::new();
    let mut all_overdue: Vec<(DeadlineId, Option<PersonId>)> = Vec::new();
    let mut stmt = conn.prepare(
        "SELECT id, due, reminders, responsible_id FROM deadline
         WHERE status = 'open' AND info = 0 AND due <= ?1
         ORDER BY due, responsible_id, reminders, id",
    )?;
    let rows = stmt.query_map([ahead], |r| {
        Ok((
            r.get::<_, DeadlineId>(0)?,
            r.get::<_, NaiveDate>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<PersonId>>(3)?,
        ))
    })?;
    for row in rows {
        let (id, due, points, responsible) = row?;
        let to = responsible.or(manager);
        if due < today {
            all_overdue.push((id, responsible));
            match to {
                Some(p) if responsible.is_some() => overdue.entry(p).or_default().push(id),
                Some(_) => {}
                None => plan.unassigned += 1,
            }
            continue;
        }
        if due < floor {
            continue;
        }
        let (last_sent, first_failed) = to
            .and_then(|p| history.get(&p).copied())
            .unwrap_or((None, None));
        let since = since_for(today, last_sent, first_failed);
        // The nearest point reached in the window: one line per deadline.
        let reached = points
            .split(',')
            .filter_map(|s| s.trim().parse::<u32>().ok())
            .filter(|p| send_day(due, *p).is_some_and(|s| s > since && s <= today))
            .min();
        if let Some(p) = reached {
            match to {
                Some(person) => reminders.entry(person).or_default().push((id, p)),
                None => plan.unassigned += 1,
            }
        }
    }
    drop(stmt);

    let mut people: BTreeSet<PersonId> = reminders.keys().chain(overdue.keys()).copied().collect();
    if let Some(m) = manager.filter(|_| !all_overdue.is_empty()) {
        people.insert(m);
    }
    let sent_today = sent_on(conn, today)?;
    people.retain(|p| {
        let done = sent_today.contains(p);
        if done {
            plan.already_sent.push(*p);
        }
        !done
    });

    // The full rows of everything shown, explanations rebuilt in one bulk pass.
    let horizon = today.checked_add_days(Days::new(ICS_DAYS)).unwrap_or(today);
    let mut wanted: BTreeSet<DeadlineId> = BTreeSet::new();
    for p in &people {
        wanted.extend(reminders.get(p).into_iter().flatten().map(|(id, _)| *id));
        wanted.extend(overdue.get(p).into_iter().flatten().copied());
    }
    if manager.is_some_and(|m| people.contains(&m)) {
        wanted.extend(all_overdue.iter().map(|(id, _)| *id));
    }
    // The digests' items carry their explanation line (rebuilt from the facts); the calendar
    // attachment's other events carry their rule and basis only, so a person's 90 days (thousands
    // of deadlines at 100,000 applications) cost no fact reads.
    let calendars = calendar_rows(conn, &people, today, horizon)?;
    let mut rows: HashMap<DeadlineId, Deadline> = deadlines::rows_by_id(conn, &wanted, true)?
        .into_iter()
        .map(|d| (d.id, d))
        .collect();
    let plain: BTreeSet<DeadlineId> = calendars
        .values()
        .flatten()
        .filter(|id| !rows.contains_key(id))
        .copied()
        .collect();
    rows.extend(
        deadlines::rows_by_id(conn, &plain, false)?
            .into_iter()
            .map(|d| (d.id, d)),
    );

    let institution: String = conn
        .query_row("SELECT name FROM institution WHERE id = 1", [], |r| {
            r.get(0)
        })
        .unwrap_or_else(|_| "Chizai".to_owned());
    for person in people {
        let (name, email): (String, Option<String>) = conn.query_row(
            "SELECT name, email FROM person WHERE id = ?1",
            [person],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let (last_sent, first_failed) = history.get(&person).copied().unwrap_or((None, None));
        let item = |id: &DeadlineId, kind: ItemKind, p: Option<u32>| {
            rows.get(id).map(|d| to_item(d, kind, p, today))
        };
        let mine: Vec<DigestItem> = reminders
            .get(&person)
            .into_iter()
            .flatten()
            .filter_map(|(id, p)| item(id, ItemKind::Reminder, Some(*p)))
            .collect();
        let own_overdue: Vec<DigestItem> = overdue
            .get(&person)
            .into_iter()
            .flatten()
            .filter_map(|id| item(id, ItemKind::Overdue, None))
            .collect();
        let office_overdue: Vec<DigestItem> = if Some(person) == manager {
            all_overdue
                .iter()
                .filter(|(_, r)| *r != Some(person))
                .filter_map(|(id, _)| item(id, ItemKind::Overdue, None))
                .collect()
        } else {
            Vec::new()
        };
        let calendar: Vec<Deadline> = calendars
            .get(&person)
            .into_iter()
            .flatten()
            .filter_map(|id| rows.get(id).cloned())
            .collect();
        let mut digest = Digest {
            person_id: person,
            person: name,
            recipient: email.filter(|e| !e.trim().is_empty()),
            day: today,
            since: since_for(today, last_sent, first_failed),
            subject: String::new(),
            reminders: mine,
            overdue: own_overdue,
            office_overdue,
            calendar_events: calendar.len(),
            body: String::new(),
            ics: String::new(),
        };
        if digest.items() == 0 {
            continue;
        }
        digest.subject = super::compose::subject(&digest);
        digest.body = super::compose::body(&digest, &institution);
        digest.ics = deadlines::to_ics(&calendar, &institution, now);
        plan.digests.push(digest);
    }
    Ok(plan)
}

/// The people whose digest of `day` was sent.
fn sent_on(conn: &Conn, day: NaiveDate) -> Result<BTreeSet<PersonId>> {
    let mut stmt =
        conn.prepare("SELECT person_id FROM reminder_log WHERE day = ?1 AND status = 'sent'")?;
    let rows = stmt.query_map([day], |r| r.get::<_, PersonId>(0))?;
    let mut out = BTreeSet::new();
    for r in rows {
        out.insert(r?);
    }
    Ok(out)
}

/// Each person's open deadlines (acts, not dates to know) due from `from` to `to` (the calendar
/// attachment).
fn calendar_rows(
    conn: &Conn,
    people: &BTreeSet<PersonId>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<BTreeMap<PersonId, Vec<DeadlineId>>> {
    let mut out: BTreeMap<PersonId, Vec<DeadlineId>> = BTreeMap::new();
    let mut stmt = conn.prepare(
        "SELECT id FROM deadline WHERE status = 'open' AND info = 0 AND due >= ?1 AND due <= ?2
         AND responsible_id = ?3 ORDER BY due, responsible_id, reminders, id",
    )?;
    for p in people {
        let rows = stmt.query_map(rusqlite::params![from, to, p], |r| {
            r.get::<_, DeadlineId>(0)
        })?;
        let ids = out.entry(*p).or_default();
        for r in rows {
            ids.push(r?);
        }
    }
    Ok(out)
}

fn to_item(d: &Deadline, kind: ItemKind, days_before: Option<u32>, today: NaiveDate) -> DigestItem {
    let explanation = d
        .explanation
        .get("ja")
        .and_then(|v| v.as_str())
        .unwrap_or("")
        .lines()
        .next()
        .unwrap_or("")
        .to_owned();
    DigestItem {
        deadline_id: d.id,
        kind,
        days_before,
        days_left: (d.due - today).num_days(),
        due: d.due,
        code: d.code.clone(),
        title: d.title.clone(),
        basis: d.basis.clone(),
        subject: d
            .application_reference
            .clone()
            .or_else(|| d.agreement_ref.clone()),
        office: d.office.clone(),
        responsible: d.responsible.clone(),
        explanation,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_point_on_a_closed_day_moves_back_to_the_last_working_day() {
        assert_eq!(
            send_day(d("2027-01-10"), 7),
            Some(d("2026-12-28")),
            "10 Jan − 7 = 3 Jan, inside 年末年始 (29 Dec – 3 Jan): the last working day before is Mon 28 Dec"
        );
        assert_eq!(
            send_day(d("2026-05-13"), 7),
            Some(d("2026-05-01")),
            "6 May 2026 is a substitute holiday after Golden Week (3–5 May, with 2–3 May a weekend): back to Fri 1 May"
        );
        assert_eq!(
            send_day(d("2026-12-10"), 7),
            Some(d("2026-12-03")),
            "a Thursday stays"
        );
    }

    #[test]
    fn the_window_starts_at_the_last_sent_day_and_never_reaches_back_past_a_month() {
        let today = d("2026-12-03");
        assert_eq!(
            since_for(today, None, None),
            d("2026-12-02"),
            "never sent: today only"
        );
        assert_eq!(
            since_for(today, Some(d("2026-11-30")), None),
            d("2026-11-30"),
            "missed 1–2 Dec are caught up"
        );
        assert_eq!(
            since_for(today, None, Some(d("2026-12-01"))),
            d("2026-11-30"),
            "a failed first day is carried"
        );
        assert_eq!(
            since_for(today, Some(d("2025-01-01")), None),
            d("2026-11-02"),
            "at most 31 days of catch-up"
        );
    }
}
