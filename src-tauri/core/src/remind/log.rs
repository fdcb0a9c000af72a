//! The sent-log: one row per person and day a digest was attempted for. Written through the
//! store's write path (one transaction with its audit row per attempt), so a run that stops half
//! way keeps what it sent and the next run sends only the rest.

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::PersonId;
use crate::error::{CoreError, Result};
use crate::store::{Action, AuditEntity, Conn, OptionalExtension, Write};

/// What became of one person's digest of one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum LogStatus {
    /// Accepted by the SMTP server: never sent again for that day.
    Sent,
    /// Not sent (server refused, unreachable, no address): retried by the next run.
    Failed,
    /// A failed day whose items a later day's digest carried.
    Retried,
}

impl LogStatus {
    fn as_str(self) -> &'static str {
        match self {
            LogStatus::Sent => "sent",
            LogStatus::Failed => "failed",
            LogStatus::Retried => "retried",
        }
    }

    fn parse(text: &str) -> Result<Self> {
        match text {
            "sent" => Ok(LogStatus::Sent),
            "failed" => Ok(LogStatus::Failed),
            "retried" => Ok(LogStatus::Retried),
            other => Err(CoreError::Integrity(format!(
                "reminder_log.status `{other}`"
            ))),
        }
    }
}

/// One row of the sent-log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct LogEntry {
    pub person_id: PersonId,
    pub person: String,
    pub day: NaiveDate,
    pub status: LogStatus,
    /// Attempts so far for this person and day.
    pub attempts: u32,
    /// Deadlines in the digest.
    pub items: u32,
    pub recipient: Option<String>,
    pub message_id: Option<String>,
    /// Why the last attempt failed.
    pub error: Option<String>,
    /// When the row was last written (RFC 3339, UTC).
    pub updated_at: String,
}

/// The latest `limit` log rows, newest day first; with `failed_only`, only the failures still to
/// be retried.
pub fn list_log(conn: &Conn, limit: usize, failed_only: bool) -> Result<Vec<LogEntry>> {
    let filter = if failed_only {
        "WHERE l.status = 'failed'"
    } else {
        ""
    };
    let sql = format!(
        "SELECT l.person_id, p.name, l.day, l.status, l.attempts, l.items, l.recipient,
                l.message_id, l.error, l.updated_at
         FROM reminder_log l JOIN person p ON p.id = l.person_id {filter}
         ORDER BY l.day DESC, l.updated_at DESC, l.id DESC LIMIT ?1"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([i64::try_from(limit).unwrap_or(i64::MAX)], |r| {
        Ok((
            LogEntry {
                person_id: r.get(0)?,
                person: r.get(1)?,
                day: r.get(2)?,
                status: LogStatus::Failed,
                attempts: r.get(4)?,
                items: r.get(5)?,
                recipient: r.get(6)?,
                message_id: r.get(7)?,
                error: r.get(8)?,
                updated_at: r.get(9)?,
            },
            r.get::<_, String>(3)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (mut e, status) = row?;
        e.status = LogStatus::parse(&status)?;
        out.push(e);
    }
    Ok(out)
}

/// Records one attempt at `person`'s digest of `day`: the row is created or its attempts counted
/// up; a success also marks the person's earlier failed days `retried` (this digest carried
/// their items). Refuses to overwrite a day already sent.
pub fn record_attempt(
    w: &mut Write<'_>,
    person: PersonId,
    day: NaiveDate,
    items: usize,
    recipient: Option<&str>,
    outcome: std::result::Result<&str, &str>,
) -> Result<LogEntry> {
    let tx = w.tx();
    let before: Option<(String, u32)> = tx
        .query_row(
            "SELECT status, attempts FROM reminder_log WHERE person_id = ?1 AND day = ?2",
            rusqlite::params![person, day],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if before.as_ref().is_some_and(|(s, _)| s == "sent") {
        return Err(CoreError::Conflict(format!(
            "the digest of {day} for person {person} was already sent; it is never sent twice"
        )));
    }
    let attempts = before.as_ref().map_or(1, |(_, a)| a + 1);
    let (status, message_id, error) = match outcome {
        Ok(id) => (LogStatus::Sent, Some(id), None),
        Err(e) => (LogStatus::Failed, None, Some(e)),
    };
    let now = w.now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let items_i = i64::try_from(items).unwrap_or(i64::MAX);
    tx.execute(
        "INSERT INTO reminder_log (person_id, day, status, attempts, items, recipient, message_id, error, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (person_id, day) DO UPDATE SET status = excluded.status,
             attempts = excluded.attempts, items = excluded.items, recipient = excluded.recipient,
             message_id = excluded.message_id, error = excluded.error, updated_at = excluded.updated_at",
        rusqlite::params![
            person,
            day,
            status.as_str(),
            attempts,
            items_i,
            recipient,
            message_id,
            error,
            now
        ],
    )?;
    let mut retried = 0;
    if status == LogStatus::Sent {
        retried = tx.execute(
            "UPDATE reminder_log SET status = 'retried', updated_at = ?3
             WHERE person_id = ?1 AND day < ?2 AND status = 'failed'",
            rusqlite::params![person, day, now],
        )?;
    }
    let entry = LogEntry {
        person_id: person,
        person: String::new(),
        day,
        status,
        attempts,
        items: u32::try_from(items).unwrap_or(u32::MAX),
        recipient: recipient.map(str::to_owned),
        message_id: message_id.map(str::to_owned),
        error: error.map(str::to_owned),
        updated_at: now,
    };
    let action = if before.is_some() {
        Action::Update
    } else {
        Action::Create
    };
    let audited = serde_json::json!({
        "person_id": person, "day": day, "status": status, "attempts": attempts,
        "items": items, "recipient": recipient, "message_id": message_id, "error": error,
        "earlier_failures_retried": retried,
    });
    w.audit(
        AuditEntity::ReminderLog,
        format!("{person}/{day}"),
        action,
        None::<&()>,
        Some(&audited),
    )?;
    Ok(entry)
}
