//! The docket report (期限一覧) for a date range: open deadlines already past first (overdue,
//! in red), then every deadline in the range grouped by week (Monday to Sunday), each with
//! the brief explanation of how its date was reached.
//!
//! Lines are plain, filled by the docket code, so this module decides only order, grouping and
//! emphasis. A missed deadline loses a right for good, so overdue items come before anything
//! else and are counted in the summary.

use chrono::{Datelike, Duration, NaiveDate};

use super::canvas::Align;
use super::doc::Orientation;
use super::format::{date_ja, date_short, thousands};
use super::register::Register;
use super::registers::RegisterHead;
use super::table::{Column, Row};
use crate::deadlines::DeadlineStatus;

/// State of a deadline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeadlineState {
    /// Still to be done.
    Open,
    /// Done (with the date it was done).
    Done(NaiveDate),
    /// Waived (decided not to act).
    Waived,
}

/// One deadline in the docket report.
#[derive(Clone, Debug, PartialEq)]
pub struct DeadlineLine {
    /// Due date (after any roll-forward).
    pub due: NaiveDate,
    /// What is due, in Japanese (`審査請求期限`).
    pub what: String,
    /// Rule code (`jp.exam_request`) or `manual`.
    pub code: String,
    /// The application or agreement it belongs to (`特願2024-123456 高効率…`).
    pub subject: String,
    /// How the date was reached, in brief (`出願日 2023-04-03 + 3年 = 2026-04-03（金）`).
    pub explanation: String,
    /// Responsible person.
    pub responsible: Option<String>,
    /// Open, done or waived.
    pub state: DeadlineState,
}

fn monday(d: NaiveDate) -> NaiveDate {
    d - Duration::days(i64::from(d.weekday().num_days_from_monday()))
}

const WEEKDAYS: [&str; 7] = ["月", "火", "水", "木", "金", "土", "日"];

fn due_cell(d: NaiveDate) -> String {
    format!(
        "{}（{}）",
        date_short(d),
        WEEKDAYS[d.weekday().num_days_from_monday() as usize]
    )
}

fn state_cell(s: DeadlineState) -> String {
    match s {
        DeadlineState::Open => DeadlineStatus::Open.label_ja().to_string(),
        DeadlineState::Done(d) => format!("{} {}", DeadlineStatus::Done.label_ja(), date_short(d)),
        DeadlineState::Waived => DeadlineStatus::Waived.label_ja().to_string(),
    }
}

fn row(l: &DeadlineLine, alert: bool) -> Row {
    let cells = vec![
        due_cell(l.due),
        format!("{}\n{}", l.what, l.code),
        l.subject.clone(),
        l.explanation.clone(),
        l.responsible.clone().unwrap_or_else(|| "—".to_string()),
        state_cell(l.state),
    ];
    if alert {
        Row::alert(cells)
    } else {
        Row::cells(cells)
    }
}

/// The docket report for `from`..=`to`, with open deadlines before `head.as_of` listed first.
pub fn docket_register(
    head: &RegisterHead,
    from: NaiveDate,
    to: NaiveDate,
    lines: &[DeadlineLine],
) -> Register {
    let mut overdue: Vec<&DeadlineLine> = lines
        .iter()
        .filter(|l| l.state == DeadlineState::Open && l.due < head.as_of)
        .collect();
    overdue.sort_by(|a, b| (a.due, &a.subject).cmp(&(b.due, &b.subject)));
    let mut in_range: Vec<&DeadlineLine> = lines
        .iter()
        .filter(|l| l.due >= from && l.due <= to)
        .filter(|l| !(l.state == DeadlineState::Open && l.due < head.as_of))
        .collect();
    in_range.sort_by(|a, b| (a.due, &a.subject).cmp(&(b.due, &b.subject)));

    let mut rows = Vec::with_capacity(overdue.len() + in_range.len() + 60);
    if !overdue.is_empty() {
        rows.push(Row::Group(format!("期限超過・未了（{}件）", overdue.len())));
        rows.extend(overdue.iter().map(|l| row(l, true)));
    }
    let mut week: Option<NaiveDate> = None;
    for l in &in_range {
        let w = monday(l.due);
        if week != Some(w) {
            week = Some(w);
            rows.push(Row::Group(format!(
                "{}（月）〜{}（日）の週",
                date_ja(w),
                date_ja(w + Duration::days(6))
            )));
        }
        rows.push(row(l, false));
    }
    let open = in_range
        .iter()
        .filter(|l| l.state == DeadlineState::Open)
        .count();
    let mut register = Register {
        meta: head.meta("期限一覧", "法定期限・契約期限の一覧"),
        orientation: Orientation::Portrait,
        summary: vec![
            ("期間".into(), format!("{}〜{}", date_short(from), date_short(to))),
            ("期間内の期限".into(), thousands(in_range.len() as i64)),
            ("うち未了".into(), thousands(open as i64)),
            ("期限超過・未了".into(), thousands(overdue.len() as i64)),
        ],
        notes: vec![
            "期限超過・未了を先頭に、期間内の期限を週ごと（月曜〜日曜）に期日順で示す。期日は休日による繰下げ後の日付。"
                .to_string(),
        ],
        columns: vec![
            Column::new("期日", 1.3, Align::Left),
            Column::new("期限", 1.6, Align::Left),
            Column::new("対象", 2.2, Align::Left),
            Column::new("期日の根拠", 3.0, Align::Left),
            Column::new("担当", 0.9, Align::Left),
            Column::new("状態", 0.9, Align::Center),
        ],
        rows,
        size: 7.5,
    };
    register.meta.subject = format!("{}〜{}の期限", date_short(from), date_short(to));
    register
}

/// A docket PDF written to a file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct WrittenPdf {
    /// Where it was written.
    pub path: String,
    /// Pages.
    pub pages: u32,
    /// Its size.
    pub bytes: u32,
    /// The range printed, first day.
    pub from: NaiveDate,
    /// The range printed, last day.
    pub to: NaiveDate,
}

/// "Print" of the docket screen: the docket PDF for `from`..=`to` (default: today and the
/// quarter on), as of `today`, stamped `now` in Japan time, written to `path` by the one path
/// every report takes ([`super::produce_to_file`]: same inputs, same layout, written atomically).
pub fn write_docket_pdf(
    conn: &crate::store::Conn,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    today: NaiveDate,
    now: chrono::DateTime<chrono::Utc>,
    path: &std::path::Path,
) -> Result<WrittenPdf, super::ReportError> {
    let req = super::ReportRequest {
        kind: super::ReportKind::Docket,
        fiscal_year: None,
        as_of: None,
        from,
        to,
    };
    let (from, to) = req.docket_range(today)?;
    let written = super::produce_to_file(
        conn,
        &req,
        today,
        crate::horizons::japan_time(now),
        path,
        &mut crate::progress::Progress::silent(),
    )?;
    Ok(WrittenPdf {
        path: written.path,
        pages: written.pages,
        bytes: written.bytes,
        from,
        to,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn line(due: &str, state: DeadlineState) -> DeadlineLine {
        DeadlineLine {
            due: d(due),
            what: "審査請求期限".into(),
            code: "jp.exam_request".into(),
            subject: format!("特願 {due}"),
            explanation: "出願日 + 3年".into(),
            responsible: None,
            state,
        }
    }

    #[test]
    fn overdue_first_then_weeks_from_monday() {
        let head = RegisterHead {
            institution: "X大学".into(),
            as_of: d("2026-04-08"),
            created: d("2026-04-08").and_hms_opt(9, 0, 0).unwrap(),
        };
        let lines = [
            line("2026-04-13", DeadlineState::Open),
            line("2026-03-02", DeadlineState::Open),
            line("2026-04-09", DeadlineState::Open),
            line("2026-04-06", DeadlineState::Done(d("2026-04-01"))),
            line("2026-03-03", DeadlineState::Done(d("2026-03-01"))),
        ];
        let r = docket_register(&head, d("2026-04-06"), d("2026-04-19"), &lines);
        let shape: Vec<String> = r
            .rows
            .iter()
            .map(|row| match row {
                Row::Group(g) => format!("# {g}"),
                Row::Cells { cells, alert } => {
                    format!("{}{}", if *alert { "!" } else { "" }, cells[0])
                }
            })
            .collect();
        assert_eq!(
            shape,
            [
                "# 期限超過・未了（1件）",
                "!2026/03/02（月）",
                "# 2026年4月6日（月）〜2026年4月12日（日）の週",
                "2026/04/06（月）",
                "2026/04/09（木）",
                "# 2026年4月13日（月）〜2026年4月19日（日）の週",
                "2026/04/13（月）",
            ],
            "an open past deadline leads in red; a done one outside the range is left out; weeks start on Monday"
        );
    }
}
