//! What the desk shows of the docket, so the UI never counts a day itself: each deadline's state
//! as of today, the explanation as steps, the overdue and next-30-day lists, a month grid with
//! the office's closed days, recording an event together with the recompute it implies, manual
//! deadlines named by reference (the CSV/ICS files it saves are in `files`).

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{
    add_manual, get_deadline, list_deadlines, recompute, Deadline, DeadlineFilter, DeadlineStatus,
    NewDeadline, Origin, RecomputeSummary, StatusFilter,
};
use crate::docket::engine::fact_label;
use crate::docket::{OfficeCalendar, Period};
use crate::domain::{DeadlineId, EventId};
use crate::error::{CoreError, Result};
use crate::portfolio::{self as pf, Event};
use crate::store::Write;

/// How far ahead the dashboard and the start-up notice look: the next 30 days.
pub const OVERVIEW_HORIZON_DAYS: u64 = 30;

/// The rows of each list the overview carries: the dashboard shows the first dozen and the
/// counts; the docket screen lists them all. A 100,000-application portfolio has thousands of
/// each, and the whole lists (megabytes of JSON, read at every start and docket change by the
/// dashboard and the navigation's badge) kept the window busy for a second.
pub const OVERVIEW_LISTED: usize = 20;

/// A deadline's state as the desk shows it on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum DocketState {
    /// Open, due after today.
    Open,
    /// Open and due today: the last day to act.
    DueToday,
    /// Open and due before today.
    Overdue,
    /// A date to know, not an act (never overdue).
    Info,
    /// Done.
    Done,
    /// Waived.
    Waived,
    /// Its trigger disappeared.
    Obsolete,
}

impl DocketState {
    /// The CLI's and the CSV's word for it (due today is still `open` there).
    pub fn csv_label(self) -> &'static str {
        match self {
            DocketState::Open | DocketState::DueToday => "open",
            DocketState::Overdue => "overdue",
            DocketState::Info => "info",
            DocketState::Done => "done",
            DocketState::Waived => "waived",
            DocketState::Obsolete => "obsolete",
        }
    }
}

impl Deadline {
    /// The state on `today`.
    pub fn state(&self, today: NaiveDate) -> DocketState {
        match self.status {
            DeadlineStatus::Open if self.info => DocketState::Info,
            DeadlineStatus::Open if self.due < today => DocketState::Overdue,
            DeadlineStatus::Open if self.due == today => DocketState::DueToday,
            DeadlineStatus::Open => DocketState::Open,
            DeadlineStatus::Done => DocketState::Done,
            DeadlineStatus::Waived => DocketState::Waived,
            DeadlineStatus::Obsolete => DocketState::Obsolete,
        }
    }
}

/// A deadline with its state on the day asked.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct DeadlineView {
    /// The stored deadline.
    pub deadline: Deadline,
    /// Its state today.
    pub state: DocketState,
}

fn views(rows: Vec<Deadline>, today: NaiveDate) -> Vec<DeadlineView> {
    rows.into_iter()
        .map(|deadline| DeadlineView {
            state: deadline.state(today),
            deadline,
        })
        .collect()
}

/// The docket listing for the desk: the rows matching a filter, and the day they were judged on.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct DocketList {
    /// Today at the desk.
    pub today: NaiveDate,
    /// The rows, by due date.
    pub rows: Vec<DeadlineView>,
    /// Offices without rules that hold live applications: a marker, never a silent gap.
    pub no_rules: Vec<super::UnruledOffice>,
}

/// The deadlines matching `filter`, each with its state on `today`.
pub fn docket_list(
    conn: &crate::store::Conn,
    filter: &DeadlineFilter,
    today: NaiveDate,
) -> Result<DocketList> {
    Ok(DocketList {
        today,
        // As stored: the list shows no explanation (the deadline's pane reads its own).
        rows: views(super::list_rows(conn, filter, today)?, today),
        no_rules: super::unruled_offices(conn, filter)?,
    })
}

/// A closed day passed over, or shown in the month grid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct StepDay {
    /// The day.
    pub date: NaiveDate,
    /// Why the office is closed, Japanese (「日曜日」「年末年始」「憲法記念日」).
    pub reason_ja: String,
    /// The same in English.
    pub reason_en: String,
    /// A predicted (not yet official) Japanese holiday.
    pub predicted: bool,
}

/// How a deadline's date was reached, as the core computed it.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct DeadlineExplanation {
    /// The whole explanation, Japanese (as the reports print it).
    pub ja: String,
    /// The whole explanation, English.
    pub en: String,
    /// The Japanese explanation one step per entry.
    pub steps_ja: Vec<String>,
    /// The English explanation one step per entry.
    pub steps_en: Vec<String>,
    /// The fact the period runs from (`oa_dispatched`, …), for a generated deadline.
    pub trigger_fact: Option<String>,
    /// That fact's name, Japanese (「拒絶理由通知等の発送日」).
    pub trigger_ja: Option<String>,
    /// That fact's name, English.
    pub trigger_en: Option<String>,
    /// Its date.
    pub trigger_date: Option<NaiveDate>,
    /// The period counted (`60d`, `3y`, …).
    pub period: Option<String>,
    /// The period in words, Japanese (「60日」「3年」).
    pub period_ja: Option<String>,
    /// The period in words, English.
    pub period_en: Option<String>,
    /// The end of the period before any roll-forward.
    pub unrolled: NaiveDate,
    /// Each closed day the end was rolled over, in order.
    pub rolled_over: Vec<StepDay>,
    /// The office calendar of closed days used (JPO, USPTO, EPO, WIPO, CNIPA, KIPO).
    pub calendar: Option<String>,
    /// The date to act by.
    pub due: NaiveDate,
    /// Legal basis.
    pub basis: Option<String>,
    /// Why the date is uncertain, Japanese.
    pub uncertain_ja: Option<String>,
    /// The same in English.
    pub uncertain_en: Option<String>,
    /// Entered by hand (no computation to show).
    pub manual: bool,
}

/// One deadline opened at the desk: the row, its state and its explanation.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct DeadlineDetail {
    /// Today at the desk (the default date when marking it done).
    pub today: NaiveDate,
    /// The deadline and its state today.
    pub view: DeadlineView,
    /// How its date was reached.
    pub explanation: DeadlineExplanation,
}

fn text_at(v: &serde_json::Value, key: &str) -> Option<String> {
    v.get(key)
        .and_then(serde_json::Value::as_str)
        .map(str::to_string)
}

/// Splits an explanation joined by the engine (`。` in Japanese, `; ` in English) into steps.
fn steps(text: &str, separator: &str) -> Vec<String> {
    text.split(separator)
        .map(|s| s.trim().trim_end_matches('.').trim())
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// The explanation of `d`, read from what the recompute stored with it.
pub fn explanation_of(d: &Deadline) -> DeadlineExplanation {
    let e = &d.explanation;
    let ja = text_at(e, "ja").unwrap_or_default();
    let en = text_at(e, "en").unwrap_or_default();
    let trigger = e.get("trigger");
    let trigger_fact = trigger.and_then(|t| text_at(t, "fact"));
    let labels = trigger_fact.as_deref().map(fact_label);
    let period = text_at(e, "period").and_then(|p| Period::parse(&p).ok());
    let rolled_over = e
        .get("rolled_over")
        .and_then(serde_json::Value::as_array)
        .map(|days| {
            days.iter()
                .filter_map(|r| {
                    Some(StepDay {
                        date: text_at(r, "date")?.parse().ok()?,
                        reason_ja: text_at(r, "reason_ja").unwrap_or_default(),
                        reason_en: text_at(r, "reason_en").unwrap_or_default(),
                        predicted: r
                            .get("predicted")
                            .and_then(serde_json::Value::as_bool)
                            .unwrap_or(false),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    DeadlineExplanation {
        steps_ja: steps(&ja, "。"),
        steps_en: steps(&en, "; "),
        trigger_ja: labels
            .filter(|(j, _)| !j.is_empty())
            .map(|(j, _)| j.to_string()),
        trigger_en: labels
            .filter(|(_, e)| !e.is_empty())
            .map(|(_, e)| e.to_string()),
        trigger_date: trigger
            .and_then(|t| text_at(t, "date"))
            .and_then(|s| s.parse().ok()),
        trigger_fact,
        period_ja: period.map(Period::label_ja),
        period_en: period.map(Period::label_en),
        period: text_at(e, "period"),
        unrolled: d.unrolled,
        rolled_over,
        calendar: text_at(e, "calendar"),
        due: d.due,
        basis: d.basis.clone(),
        uncertain_ja: text_at(e, "uncertain"),
        uncertain_en: text_at(e, "uncertain_en"),
        manual: d.origin == Origin::Manual,
        ja,
        en,
    }
}

/// One deadline with its state on `today` and its explanation.
pub fn deadline_view(
    conn: &crate::store::Conn,
    id: DeadlineId,
    today: NaiveDate,
) -> Result<DeadlineDetail> {
    let deadline = get_deadline(conn, id)?;
    Ok(DeadlineDetail {
        today,
        explanation: explanation_of(&deadline),
        view: DeadlineView {
            state: deadline.state(today),
            deadline,
        },
    })
}

/// What needs attention: overdue deadlines and those due in the next
/// [`OVERVIEW_HORIZON_DAYS`] days (today included). Dates to know (`info`) are left out.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct DeadlineOverview {
    /// Today at the desk.
    pub today: NaiveDate,
    /// The last day of the horizon (today + 30 days).
    pub horizon_end: NaiveDate,
    /// Open and due before today, oldest first: the first [`OVERVIEW_LISTED`].
    pub overdue: Vec<DeadlineView>,
    /// How many are overdue in all.
    pub overdue_total: u32,
    /// Open and due from today to `horizon_end`, soonest first: the first [`OVERVIEW_LISTED`].
    pub upcoming: Vec<DeadlineView>,
    /// How many are due from today to `horizon_end` in all.
    pub upcoming_total: u32,
    /// How many of the upcoming ones (all of them, listed or not) are due today.
    pub due_today: u32,
}

impl DeadlineOverview {
    /// The start-up notice (Japanese, then English), or `None` when nothing is due today or
    /// overdue.
    pub fn notice(&self) -> Option<(String, String)> {
        let overdue = self.overdue_total;
        let today = self.due_today;
        if overdue == 0 && today == 0 {
            return None;
        }
        Some((
            "知財: 期限の確認 / Deadlines".to_string(),
            format!(
                "期限切れ {overdue} 件・本日期限 {today} 件 / {overdue} overdue, {today} due today"
            ),
        ))
    }
}

/// The overdue and next-30-day deadlines on `today`, as stored: the dashboard lists their dates
/// and titles and the start-up notice counts them, neither shows an explanation (the deadline's
/// pane reads its own). Rebuilding the explanations of a 100,000-application portfolio's
/// thousands of overdue and coming deadlines was a third of the desktop's start.
pub fn overview(conn: &crate::store::Conn, today: NaiveDate) -> Result<DeadlineOverview> {
    let horizon_end = today
        .checked_add_days(Days::new(OVERVIEW_HORIZON_DAYS))
        .unwrap_or(today);
    let overdue = super::list_rows(
        conn,
        &DeadlineFilter {
            status: StatusFilter::Overdue,
            ..DeadlineFilter::default()
        },
        today,
    )?;
    let upcoming: Vec<Deadline> = super::list_rows(
        conn,
        &DeadlineFilter {
            status: StatusFilter::Open,
            from: Some(today),
            to: Some(horizon_end),
            ..DeadlineFilter::default()
        },
        today,
    )?
    .into_iter()
    .filter(|d| !d.info)
    .collect();
    let due_today = upcoming.iter().filter(|d| d.due == today).count();
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let first = |mut rows: Vec<Deadline>| {
        rows.truncate(OVERVIEW_LISTED);
        views(rows, today)
    };
    Ok(DeadlineOverview {
        today,
        horizon_end,
        overdue_total: count(overdue.len()),
        upcoming_total: count(upcoming.len()),
        overdue: first(overdue),
        upcoming: first(upcoming),
        due_today: count(due_today),
    })
}

/// One day of the month grid.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct MonthDay {
    /// The day.
    pub date: NaiveDate,
    /// Day of the month (1–31).
    pub day: u32,
    /// Day of the week, 0 = Sunday … 6 = Saturday.
    pub weekday: u32,
    /// In the month shown (the grid starts and ends with neighbouring days).
    pub in_month: bool,
    /// Today at the desk.
    pub is_today: bool,
    /// Why the office is closed that day, if it is.
    pub closed: Option<StepDay>,
    /// The deadlines due that day (matching the filter).
    pub deadlines: Vec<DeadlineView>,
}

/// A month of the docket as a grid of whole weeks (Sunday first).
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct DocketMonth {
    /// The year shown.
    pub year: i32,
    /// The month shown (1–12).
    pub month: u32,
    /// Today at the desk.
    pub today: NaiveDate,
    /// The closed-day calendar shown (the filter's office, else the JPO's).
    pub calendar: String,
    /// The month before, `YYYY-MM`.
    pub previous: String,
    /// The month after, `YYYY-MM`.
    pub next: String,
    /// Whole weeks covering the month, 7 days each.
    pub days: Vec<MonthDay>,
}

/// The month `year`-`month` of the deadlines matching `filter` (its date range is replaced by
/// the grid's), with the closed days of the filter's office (the JPO when none is chosen).
pub fn docket_month(
    conn: &crate::store::Conn,
    filter: &DeadlineFilter,
    year: i32,
    month: u32,
    today: NaiveDate,
) -> Result<DocketMonth> {
    let first = NaiveDate::from_ymd_opt(year, month, 1).ok_or_else(|| {
        CoreError::invalid(
            "docket.month",
            format!("{year}-{month} is not a month: give a year and a month 1–12"),
        )
    })?;
    let out_of_range =
        || CoreError::invalid("docket.month", format!("{year}-{month} is out of range"));
    let next_first = first
        .checked_add_months(Months::new(1))
        .ok_or_else(out_of_range)?;
    let previous_first = first
        .checked_sub_months(Months::new(1))
        .ok_or_else(out_of_range)?;
    let lead = u64::from(first.weekday().num_days_from_sunday());
    let start = first
        .checked_sub_days(Days::new(lead))
        .ok_or_else(out_of_range)?;
    let last = next_first.pred_opt().ok_or_else(out_of_range)?;
    let trail = u64::from(6 - last.weekday().num_days_from_sunday());
    let end = last
        .checked_add_days(Days::new(trail))
        .ok_or_else(out_of_range)?;
    let calendar = OfficeCalendar::for_office(filter.office.as_deref().unwrap_or("JP"));
    // As stored: the grid shows dates and titles (a deadline's pane reads its explanation).
    let in_grid = super::list_rows(
        conn,
        &DeadlineFilter {
            from: Some(start),
            to: Some(end),
            ..filter.clone()
        },
        today,
    )?;
    let mut rows = views(in_grid, today).into_iter().peekable();
    let mut days = Vec::new();
    for date in start.iter_days().take_while(|d| *d <= end) {
        let mut deadlines = Vec::new();
        while let Some(v) = rows.next_if(|v| v.deadline.due == date) {
            deadlines.push(v);
        }
        days.push(MonthDay {
            date,
            day: date.day(),
            weekday: date.weekday().num_days_from_sunday(),
            in_month: date.month() == month,
            is_today: date == today,
            closed: calendar.closed(date).map(|c| StepDay {
                date,
                reason_ja: c.name_ja.into_owned(),
                reason_en: c.name_en.into_owned(),
                predicted: c.predicted,
            }),
            deadlines,
        });
    }
    Ok(DocketMonth {
        year,
        month,
        today,
        calendar: calendar.label().to_string(),
        previous: previous_first.format("%Y-%m").to_string(),
        next: next_first.format("%Y-%m").to_string(),
        days,
    })
}

/// What recording an event did: the event, the recompute of its application, and that
/// application's deadlines afterwards.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct RecordedEvent {
    /// The new event.
    pub event_id: EventId,
    /// What the recompute of the application changed.
    pub summary: RecomputeSummary,
    /// The application's deadlines after the recompute (obsolete ones included).
    pub deadlines: Vec<DeadlineView>,
    /// The deadlines created or changed by this event (a new 応答期限, one closed by a response).
    pub changed: Vec<DeadlineId>,
}

/// Records `event` (status and dates follow, as [`pf::apply_event`] does; `annuity_paid` pays the
/// next fee) and recomputes the application's deadlines in the same transaction.
pub fn record_event(w: &mut Write<'_>, event: &Event, today: NaiveDate) -> Result<RecordedEvent> {
    let mine = DeadlineFilter {
        status: StatusFilter::All,
        application: Some(event.application_id),
        ..DeadlineFilter::default()
    };
    let before = list_deadlines(w.tx(), &mine, today)?;
    let event_id = pf::apply_event(w, event)?;
    if event.kind == crate::domain::EventKind::AnnuityPaid {
        super::fees::pay_next(w, event.application_id, event.occurred_on)?;
    }
    let summary = recompute(w, Some(event.application_id), today)?;
    let after = list_deadlines(w.tx(), &mine, today)?;
    let changed = after
        .iter()
        .filter(|a| !before.iter().any(|b| b == *a))
        .map(|a| a.id)
        .collect();
    Ok(RecordedEvent {
        event_id,
        summary,
        deadlines: views(after, today),
        changed,
    })
}

/// A deadline entered at the desk, its application named as people name it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct ManualDeadline {
    /// The application: reference (整理番号), application number or id.
    pub application: String,
    /// What is due.
    pub title: String,
    /// The date.
    pub due: NaiveDate,
    /// Notes.
    #[serde(default)]
    pub notes: Option<String>,
}

/// Adds a manual deadline to the application `input.application` names.
pub fn add_manual_for(w: &mut Write<'_>, input: &ManualDeadline) -> Result<Deadline> {
    let key = input.application.trim();
    if key.is_empty() {
        return Err(CoreError::invalid(
            "deadline.application",
            "give the application's reference (整理番号), application number or id",
        ));
    }
    let application_id = match pf::find_application(w.tx(), key) {
        Ok(id) => id,
        Err(CoreError::NotFound { .. }) => {
            return Err(CoreError::invalid(
                "deadline.application",
                format!(
                "no application `{key}`: give its reference (整理番号), application number or id"
            ),
            ))
        }
        Err(other) => return Err(other),
    };
    let notes = input
        .notes
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string);
    add_manual(
        w,
        &NewDeadline {
            application_id: Some(application_id),
            title: input.title.clone(),
            due: input.due,
            notes,
            ..NewDeadline::default()
        },
    )
}

#[cfg(test)]
#[path = "desk_tests.rs"]
mod tests;
