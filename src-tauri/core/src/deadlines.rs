//! The docket in the store: deadlines generated from the rule engine ([`crate::docket`]) or
//! entered by hand, with what people record on them.
//!
//! Contract:
//! - A generated deadline is identified within its application by a `key`
//!   (`code|variant|year|target|occurrence`), so [`recompute`] after a corrected date updates
//!   the same row. It rewrites only the computed columns (dates, title, basis, explanation); what
//!   a person recorded — done (date, by whom, note), waived (reason), responsible, notes — is
//!   kept. A deadline whose trigger disappeared is marked `obsolete` with the reason, never
//!   deleted; one that reappears is reopened. A second recompute with the same facts writes
//!   nothing (idempotent).
//! - Every write goes through [`crate::store::Store::write`] with an audit row per change.
//! - Overdue = open and due before `today`, which is passed in.

mod acts;
mod coverage;
mod csv;
mod desk;
mod exchanged;
mod explained;
mod facts;
mod fees;
mod files;
mod ics;
mod imported;
mod recompute;

use crate::store::{Conn, OptionalExtension, Row};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::{ApplicationId, DeadlineId, Label, PersonId};
use crate::error::{CoreError, Result};

pub use acts::{add_manual, expect_status, mark_done, waive, NewDeadline};
use acts::{audit_view, text, AuditView};
pub(crate) use acts::{settle_done, settle_waived};
pub use coverage::{unruled_offices, UnruledOffice};
pub use csv::to_csv;
pub use desk::{
    add_manual_for, deadline_view, docket_list, docket_month, explanation_of, overview,
    record_event, DeadlineDetail, DeadlineExplanation, DeadlineOverview, DeadlineView, DocketList,
    DocketMonth, DocketState, ManualDeadline, MonthDay, RecordedEvent, StepDay,
    OVERVIEW_HORIZON_DAYS,
};
pub use exchanged::{list_for_exchange, restore as restore_exchanged, ExchangedDeadline};
pub use facts::{dependents, load_facts, ApplicationFacts};
pub use files::{export_docket, ExportFormat, ExportedFile};
pub use ics::to_ics;
pub use imported::{record_state, Recorded};
pub use recompute::{recompute, recompute_forced, RecomputeSummary};

/// Where a deadline came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// Computed from a rule and the application's facts.
    Generated,
    /// Entered by a person.
    Manual,
}

/// The state of a deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineStatus {
    /// Still to do.
    Open,
    /// Done (date, by whom, note).
    Done,
    /// Deliberately not done (reason), e.g. a right let lapse.
    Waived,
    /// Its trigger disappeared (reason); kept in history.
    Obsolete,
}

impl Origin {
    /// Every origin with its labels (see [`crate::domain::vocabularies`]).
    pub const LABELS: &'static [Label] = &[
        Label {
            code: "generated",
            ja: "自動",
            en: "Computed",
        },
        Label {
            code: "manual",
            ja: "手動",
            en: "Entered by hand",
        },
    ];

    /// The origin as stored (`manual`; anything else was generated).
    fn from_stored(text: &str) -> Origin {
        if text == "manual" {
            Origin::Manual
        } else {
            Origin::Generated
        }
    }

    fn label(self) -> &'static Label {
        &Self::LABELS[match self {
            Origin::Generated => 0,
            Origin::Manual => 1,
        }]
    }

    /// The Japanese label (自動 / 手動), as the docket export writes it.
    pub fn label_ja(self) -> &'static str {
        self.label().ja
    }

    /// The English label.
    pub fn label_en(self) -> &'static str {
        self.label().en
    }
}

impl DeadlineStatus {
    /// Every status with its labels (see [`crate::domain::vocabularies`]).
    pub const LABELS: &'static [Label] = &[
        Label {
            code: "open",
            ja: "未了",
            en: "Open",
        },
        Label {
            code: "done",
            ja: "完了",
            en: "Done",
        },
        Label {
            code: "waived",
            ja: "不要",
            en: "Waived",
        },
        Label {
            code: "obsolete",
            ja: "対象外",
            en: "Obsolete",
        },
    ];

    fn label(self) -> &'static Label {
        &Self::LABELS[match self {
            DeadlineStatus::Open => 0,
            DeadlineStatus::Done => 1,
            DeadlineStatus::Waived => 2,
            DeadlineStatus::Obsolete => 3,
        }]
    }

    /// The Japanese label, as the docket PDF, the export and the desktop print it.
    pub fn label_ja(self) -> &'static str {
        self.label().ja
    }

    /// The English label.
    pub fn label_en(self) -> &'static str {
        self.label().en
    }

    fn as_str(self) -> &'static str {
        match self {
            DeadlineStatus::Open => "open",
            DeadlineStatus::Done => "done",
            DeadlineStatus::Waived => "waived",
            DeadlineStatus::Obsolete => "obsolete",
        }
    }

    fn parse(text: &str) -> Result<Self> {
        match text {
            "open" => Ok(DeadlineStatus::Open),
            "done" => Ok(DeadlineStatus::Done),
            "waived" => Ok(DeadlineStatus::Waived),
            "obsolete" => Ok(DeadlineStatus::Obsolete),
            other => Err(CoreError::Integrity(format!("deadline.status `{other}`"))),
        }
    }
}

/// One stored deadline, with its application's reference and office.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Deadline {
    /// Stable id (also the ICS UID).
    pub id: DeadlineId,
    /// Generated or manual.
    pub origin: Origin,
    /// The application it belongs to.
    pub application_id: Option<ApplicationId>,
    /// The application's reference (整理番号).
    pub application_reference: Option<String>,
    /// The application's office.
    pub office: Option<String>,
    /// An agreement reference, for agreement deadlines.
    pub agreement_ref: Option<String>,
    /// Identity of a generated deadline within its application.
    pub key: Option<String>,
    /// Rule code (rules.md) or a manual code.
    pub code: String,
    /// What is due.
    pub title: String,
    /// What is due, in English: the rule's English title for a generated deadline; a manual one
    /// keeps what was typed.
    #[serde(default)]
    pub title_en: String,
    /// The date to act by.
    pub due: NaiveDate,
    /// The end before any roll-forward.
    pub unrolled: NaiveDate,
    /// Legal basis.
    pub basis: Option<String>,
    /// Annuity/renewal year.
    pub year: Option<u32>,
    /// National-phase target office.
    pub target: Option<String>,
    /// A date to know, not an act.
    pub info: bool,
    /// How the date was reached: `{ja, en, trigger, period, convention, calendar, rolled_over, uncertain}`.
    pub explanation: serde_json::Value,
    /// Open, done, waived or obsolete.
    pub status: DeadlineStatus,
    /// Done on.
    pub done_on: Option<NaiveDate>,
    /// Done by.
    pub done_by: Option<String>,
    /// Note recorded when done.
    pub done_note: Option<String>,
    /// Why it was waived.
    pub waive_reason: Option<String>,
    /// Why it became obsolete.
    pub obsolete_reason: Option<String>,
    /// Responsible person.
    pub responsible_id: Option<PersonId>,
    /// Responsible person's name.
    pub responsible: Option<String>,
    /// Free notes.
    pub notes: Option<String>,
    /// Days before `due` to remind.
    pub reminders: Vec<u32>,
}

impl Deadline {
    /// Open and due before `today` (a date to know, `info`, is never overdue).
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.status == DeadlineStatus::Open && !self.info && self.due < today
    }
}

/// Which deadlines to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum StatusFilter {
    /// Open (the default).
    #[default]
    Open,
    /// Done.
    Done,
    /// Waived.
    Waived,
    /// Open and due before today.
    Overdue,
    /// What needs action: everything open except information notices (参考) whose day has passed.
    /// The docket's default view: listed by due date, so the overdue rows come first, then what
    /// falls due soon; a 2018 publication notice no longer buries them.
    Actionable,
    /// Obsolete ones only.
    Obsolete,
    /// Everything, obsolete included.
    All,
}

/// A listing filter.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
#[serde(default)]
pub struct DeadlineFilter {
    /// Due on or after.
    pub from: Option<NaiveDate>,
    /// Due on or before.
    pub to: Option<NaiveDate>,
    /// Status.
    pub status: StatusFilter,
    /// Office code of the application (JP, PCT, …).
    pub office: Option<String>,
    /// Responsible person: part of the name, or the id.
    pub responsible: Option<String>,
    /// Procedure (rule) code: the code itself or its beginning (`jp.` = every JP rule).
    pub code: Option<String>,
    /// Only this application's deadlines.
    pub application: Option<ApplicationId>,
}

/// Reminder windows (days before due) per rule code: data, reviewed like the rule table.
pub const REMINDERS: &[(&str, &[u32])] = &[
    ("jp.exam_request", &[180, 90, 30, 7]),
    ("jp.national_phase", &[180, 90, 30, 7]),
    ("pct.national_phase", &[180, 90, 30, 7]),
    ("paris.priority", &[120, 60, 30, 7]),
    ("jp.domestic_priority", &[120, 60, 30, 7]),
    ("jp.oa_response", &[30, 14, 7]),
    ("us.oa_response", &[45, 14, 7]),
    ("jp.appeal", &[60, 30, 7]),
    ("jp.grant_fee", &[21, 7]),
];

/// The reminder windows of a code (90/30/7 days unless listed in [`REMINDERS`]).
pub fn reminders_for(code: &str) -> &'static [u32] {
    REMINDERS
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, r)| *r)
        .unwrap_or(&[90, 30, 7])
}

/// The stored reminder days (`"90,30,7"`).
pub(super) fn parse_reminders(text: &str) -> Vec<u32> {
    text.split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect()
}

pub(super) fn reminders_text(r: &[u32]) -> String {
    r.iter().map(u32::to_string).collect::<Vec<_>>().join(",")
}

const COLUMNS: &str =
    "d.id, d.origin, d.application_id, a.reference, a.office, d.agreement_ref, d.key,
    d.code, d.title, d.due, d.unrolled, d.basis, d.year, d.target, d.info, d.explanation_json,
    d.status, d.done_on, d.done_by, d.done_note, d.waive_reason, d.obsolete_reason,
    d.responsible_id, p.name, d.notes, d.reminders
    FROM deadline d LEFT JOIN application a ON a.id = d.application_id
    LEFT JOIN person p ON p.id = d.responsible_id";

fn from_row(r: &Row<'_>) -> crate::error::Result<(Deadline, String, String, String)> {
    let explanation: String = r.get(15)?;
    let origin: String = r.get(1)?;
    let status: String = r.get(16)?;
    let reminders: String = r.get(25)?;
    Ok((
        Deadline {
            id: r.get(0)?,
            origin: Origin::from_stored(&origin),
            application_id: r.get(2)?,
            application_reference: r.get(3)?,
            office: r.get(4)?,
            agreement_ref: r.get(5)?,
            key: r.get(6)?,
            code: r.get(7)?,
            title: r.get(8)?,
            title_en: String::new(),
            due: r.get(9)?,
            unrolled: r.get(10)?,
            basis: r.get(11)?,
            year: r.get(12)?,
            target: r.get(13)?,
            info: r.get::<_, i64>(14)? != 0,
            explanation: serde_json::Value::Null,
            status: DeadlineStatus::Open,
            done_on: r.get(17)?,
            done_by: r.get(18)?,
            done_note: r.get(19)?,
            waive_reason: r.get(20)?,
            obsolete_reason: r.get(21)?,
            responsible_id: r.get(22)?,
            responsible: r.get(23)?,
            notes: r.get(24)?,
            reminders: Vec::new(),
        },
        explanation,
        status,
        reminders,
    ))
}

fn finish(raw: (Deadline, String, String, String)) -> Result<Deadline> {
    let (mut d, explanation, status, reminders) = raw;
    d.title_en = match d.origin {
        Origin::Generated => crate::docket::rules::RuleTable::embedded()
            .ok()
            .and_then(|t| t.title_en(&d.code, &d.title))
            .map_or_else(|| d.title.clone(), str::to_owned),
        Origin::Manual => d.title.clone(),
    };
    d.explanation = serde_json::from_str(&explanation)?;
    d.status = DeadlineStatus::parse(&status)?;
    d.reminders = parse_reminders(&reminders);
    Ok(d)
}

/// One deadline by id, with its explanation.
pub fn get_deadline(conn: &Conn, id: DeadlineId) -> Result<Deadline> {
    let mut one = [get_row(conn, id)?];
    explained::fill(conn, &mut one)?;
    let [d] = one;
    Ok(d)
}

/// One deadline by id as stored (a generated row's explanation left empty: see `explained`).
/// One deadline as stored, without rebuilding its explanation (bulk paths).
pub(crate) fn get_row(conn: &Conn, id: DeadlineId) -> Result<Deadline> {
    let sql = format!("SELECT {COLUMNS} WHERE d.id = ?1");
    let raw = conn
        .query_row(&sql, [id], from_row)
        .optional()?
        .ok_or_else(|| CoreError::not_found("deadline", id))?;
    finish(raw)
}

/// Deadlines matching `filter`, by due date, with their explanations; `today` decides what is
/// overdue.
pub fn list_deadlines(
    conn: &Conn,
    filter: &DeadlineFilter,
    today: NaiveDate,
) -> Result<Vec<Deadline>> {
    let mut rows = list_rows(conn, filter, today)?;
    explained::fill(conn, &mut rows)?;
    Ok(rows)
}

/// [`list_deadlines`] as stored, without rebuilding explanations (for bulk work that shows none).
pub(crate) fn list_rows(
    conn: &Conn,
    filter: &DeadlineFilter,
    today: NaiveDate,
) -> Result<Vec<Deadline>> {
    let mut sql = format!("SELECT {COLUMNS} WHERE 1 = 1");
    let mut args: Vec<Box<dyn rusqlite::ToSql>> = Vec::new();
    let mut push = |clause: &str, value: Box<dyn rusqlite::ToSql>| {
        args.push(value);
        sql.push_str(&clause.replace("?", &format!("?{}", args.len())));
    };
    match filter.status {
        StatusFilter::Open => push(" AND d.status = ?", Box::new("open")),
        StatusFilter::Done => push(" AND d.status = ?", Box::new("done")),
        StatusFilter::Waived => push(" AND d.status = ?", Box::new("waived")),
        StatusFilter::Obsolete => push(" AND d.status = ?", Box::new("obsolete")),
        StatusFilter::Actionable => {
            push(" AND d.status = ?", Box::new("open"));
            push(" AND NOT (d.info = 1 AND d.due < ?)", Box::new(today));
        }
        StatusFilter::Overdue => {
            push(" AND d.status = ?", Box::new("open"));
            push(" AND d.info = 0 AND d.due < ?", Box::new(today));
        }
        StatusFilter::All => {}
    }
    if let Some(from) = filter.from {
        push(" AND d.due >= ?", Box::new(from));
    }
    if let Some(to) = filter.to {
        push(" AND d.due <= ?", Box::new(to));
    }
    if let Some(office) = &filter.office {
        push(
            " AND a.office = ?",
            Box::new(office.trim().to_ascii_uppercase()),
        );
    }
    if let Some(code) = filter
        .code
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        // The code itself, or every code it begins (`jp.` = every JP rule).
        push(" AND (d.code = ?", Box::new(code.to_string()));
        push(
            " OR d.code LIKE ? ESCAPE '\\')",
            Box::new(format!("{}%", like_escape(code))),
        );
    }
    if let Some(app) = filter.application {
        push(" AND d.application_id = ?", Box::new(app));
    }
    if let Some(who) = &filter.responsible {
        match who.trim().parse::<i64>() {
            Ok(id) => push(" AND d.responsible_id = ?", Box::new(id)),
            Err(_) => push(
                " AND p.name LIKE ? ESCAPE '\\'",
                Box::new(format!("%{}%", like_escape(who.trim()))),
            ),
        }
    }
    sql.push_str(" ORDER BY d.due, d.id");
    let mut stmt = conn.prepare(&sql)?;
    let params: Vec<&dyn rusqlite::ToSql> = args.iter().map(|b| b.as_ref()).collect();
    let rows = stmt.query_map(params.as_slice(), from_row)?;
    let mut out = Vec::new();
    for raw in rows {
        out.push(finish(raw?)?);
    }
    Ok(out)
}

/// The deadlines with these ids (the reminder digests and their calendar attachments), with
/// their explanations rebuilt in one pass when `explain`; unknown ids are left out.
pub(crate) fn rows_by_id(
    conn: &Conn,
    ids: &std::collections::BTreeSet<DeadlineId>,
    explain: bool,
) -> Result<Vec<Deadline>> {
    let ids: Vec<DeadlineId> = ids.iter().copied().collect();
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("?{i}")).collect();
        let sql = format!("SELECT {COLUMNS} WHERE d.id IN ({})", marks.join(", "));
        let mut stmt = conn.prepare(&sql)?;
        let params: Vec<&dyn rusqlite::ToSql> =
            chunk.iter().map(|id| id as &dyn rusqlite::ToSql).collect();
        for raw in stmt.query_map(params.as_slice(), from_row)? {
            out.push(finish(raw?)?);
        }
    }
    if explain {
        explained::fill(conn, &mut out)?;
    }
    Ok(out)
}

/// `text` with LIKE's wildcards and the escape character escaped (`ESCAPE '\\'`).
fn like_escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

#[cfg(test)]
mod explained_tests;
#[cfg(test)]
mod follow_tests;
#[cfg(test)]
mod tests;
