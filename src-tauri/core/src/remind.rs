//! E-mail reminders (issue 16): each responsible person gets one digest a day of what falls due
//! at their reminder points and what is overdue; the office manager also gets every overdue
//! deadline of the office. Sent over SMTP (lettre), logged in `reminder_log`.
//!
//! Contract:
//! - **Which items.** For each open deadline (not a date to know, `info`) and each reminder point
//!   `p` of its list (`deadline.reminders`, e.g. 90/30/7 days), the send day is `due − p` moved
//!   back to the last working day on or before it — the office follows the JPO calendar (weekends,
//!   national holidays, 29 Dec – 3 Jan; 行政機関の休日に関する法律第1条), so a point that falls on a
//!   closed day goes out on the working day before. A run on day `T` carries the points whose send
//!   day is in `(since, T]`, where `since` is the person's last day with a sent digest (a missed
//!   cron day is caught up, not lost), at most [`CATCH_UP_DAYS`] back, and `T − 1` for someone
//!   never sent to. Overdue = open and due before `T`; an overdue deadline is listed as overdue,
//!   not as a reminder. Done, waived and obsolete deadlines never remind.
//! - **Who.** The deadline's responsible person; a deadline without one goes to the office manager
//!   (settings). A person without an e-mail address gets a failed log row saying so, every run.
//! - **When.** On a day the office is closed nothing is sent (the points were moved to working
//!   days already, and overdue lists wait for the next working day).
//! - **Once.** One digest per person and day: a (person, day) logged `sent` is never sent again; a
//!   `failed` one is retried by the next run (the same day, or folded into a later day's digest,
//!   which marks it `retried`). Every log write goes through [`Store::write`] (audited); a
//!   read-only store (auditor) refuses to send.
//! - **Secrets.** The SMTP password never reaches the database: `CHIZAI_SMTP_PASSWORD` or the OS
//!   keyring ([`crate::secrets`]); a URL that carries one is refused.
//!
//! Preparing (reading and composing) is separate from sending, so a dry run writes nothing and the
//! benchmark measures the preparation alone.

mod compose;
mod log;
mod plan;
mod run;
mod smtp;

use serde::{Deserialize, Serialize};

use crate::domain::PersonId;
use crate::error::{CoreError, Result};
use crate::store::{Action, AuditEntity, Conn, OptionalExtension, Write};

pub use compose::{message_for, test_message};
pub use log::{list_log, record_attempt, LogEntry, LogStatus};
pub use plan::{prepare, Digest, DigestItem, ItemKind, Plan, CATCH_UP_DAYS, ICS_DAYS};
pub use run::{
    panel, send_plan, send_test, send_test_with_settings, store_password, Outcome, ReminderPanel,
    Sender,
};
pub use smtp::{deliver, SmtpTarget, PASSWORD_ENV};

pub(crate) use smtp::parse_mailbox;

/// How the connection to the SMTP server is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum SmtpSecurity {
    /// Plain connection upgraded with STARTTLS (required: a server that does not offer it is
    /// refused). Port 587 unless given.
    #[default]
    Starttls,
    /// Implicit TLS from the first byte (`smtps://`). Port 465 unless given.
    Tls,
    /// No encryption (a relay on the office server's own loopback or LAN). Port 25 unless given.
    None,
}

impl SmtpSecurity {
    fn as_str(self) -> &'static str {
        match self {
            SmtpSecurity::Starttls => "starttls",
            SmtpSecurity::Tls => "tls",
            SmtpSecurity::None => "none",
        }
    }

    fn parse(text: &str) -> Result<Self> {
        match text {
            "starttls" => Ok(SmtpSecurity::Starttls),
            "tls" => Ok(SmtpSecurity::Tls),
            "none" => Ok(SmtpSecurity::None),
            other => Err(CoreError::invalid(
                "smtp_security",
                format!("`{other}` is not one of starttls, tls, none"),
            )),
        }
    }

    /// The usual port for this kind of connection.
    pub fn default_port(self) -> u16 {
        match self {
            SmtpSecurity::Starttls => 587,
            SmtpSecurity::Tls => 465,
            SmtpSecurity::None => 25,
        }
    }
}

/// The office's reminder settings (one row; the password is never here).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, ts_rs::TS)]
#[serde(default)]
pub struct ReminderSettings {
    /// The SMTP server's host name (no scheme); none = reminders not configured.
    pub smtp_host: Option<String>,
    /// Its port (default by security: 587, 465 or 25).
    pub smtp_port: Option<u16>,
    pub smtp_security: SmtpSecurity,
    /// The login on the SMTP server, if it asks for one (the password: OS keyring or
    /// `CHIZAI_SMTP_PASSWORD`).
    pub smtp_user: Option<String>,
    /// The sender address of the digests, e.g. `chizai@example.ac.jp`.
    pub from_address: Option<String>,
    /// The sender's display name, e.g. 知的財産本部.
    pub from_name: Option<String>,
    /// Who receives every overdue deadline of the office (and the unassigned ones).
    pub office_manager_id: Option<PersonId>,
    /// The office manager's name (read only; ignored when saving).
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub office_manager: Option<String>,
}

/// The reminder settings (all empty before anyone set them).
pub fn get_settings(conn: &Conn) -> Result<ReminderSettings> {
    let row = conn
        .query_row(
            "SELECT s.smtp_host, s.smtp_port, s.smtp_security, s.smtp_user, s.from_address,
                    s.from_name, s.office_manager_id, p.name
             FROM reminder_settings s LEFT JOIN person p ON p.id = s.office_manager_id
             WHERE s.id = 1",
            [],
            |r| {
                Ok((
                    ReminderSettings {
                        smtp_host: r.get(0)?,
                        smtp_port: r
                            .get::<_, Option<i64>>(1)?
                            .and_then(|p| u16::try_from(p).ok()),
                        smtp_security: SmtpSecurity::default(),
                        smtp_user: r.get(3)?,
                        from_address: r.get(4)?,
                        from_name: r.get(5)?,
                        office_manager_id: r.get(6)?,
                        office_manager: r.get(7)?,
                    },
                    r.get::<_, String>(2)?,
                ))
            },
        )
        .optional()?;
    match row {
        Some((mut s, security)) => {
            s.smtp_security = SmtpSecurity::parse(&security)?;
            Ok(s)
        }
        None => Ok(ReminderSettings::default()),
    }
}

/// Saves the reminder settings (validated; audited). Returns them as stored.
pub fn set_settings(w: &mut Write<'_>, s: &ReminderSettings) -> Result<ReminderSettings> {
    let clean = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
    };
    let host = clean(&s.smtp_host);
    if let Some(h) = &host {
        if h.contains("://") || h.contains(['/', ' ', '@', ':']) {
            return Err(CoreError::invalid(
                "smtp_host",
                format!("`{h}` is not a host name: give the name alone, e.g. smtp.example.ac.jp (port and security have their own fields)"),
            ));
        }
    }
    if s.smtp_port == Some(0) {
        return Err(CoreError::invalid("smtp_port", "0 is not a port: 1–65535"));
    }
    let from = clean(&s.from_address);
    if let Some(f) = &from {
        parse_mailbox(f, "from_address")?;
    }
    if let Some(id) = s.office_manager_id {
        let known: Option<String> = w
            .tx()
            .query_row("SELECT email FROM person WHERE id = ?1", [id], |r| r.get(0))
            .optional()?
            .ok_or_else(|| CoreError::not_found("office manager (person)", id))?;
        if known.as_deref().is_none_or(|e| e.trim().is_empty()) {
            return Err(CoreError::invalid(
                "office_manager_id",
                format!("person {id} has no e-mail address: add one to the person first"),
            ));
        }
    }
    let before = get_settings(w.tx())?;
    let stored = ReminderSettings {
        smtp_host: host,
        smtp_port: s.smtp_port,
        smtp_security: s.smtp_security,
        smtp_user: clean(&s.smtp_user),
        from_address: from,
        from_name: clean(&s.from_name),
        office_manager_id: s.office_manager_id,
        office_manager: None,
    };
    w.tx().execute(
        "INSERT INTO reminder_settings (id, smtp_host, smtp_port, smtp_security, smtp_user,
             from_address, from_name, office_manager_id)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (id) DO UPDATE SET smtp_host = excluded.smtp_host,
             smtp_port = excluded.smtp_port, smtp_security = excluded.smtp_security,
             smtp_user = excluded.smtp_user, from_address = excluded.from_address,
             from_name = excluded.from_name, office_manager_id = excluded.office_manager_id",
        rusqlite::params![
            stored.smtp_host,
            stored.smtp_port.map(i64::from),
            stored.smtp_security.as_str(),
            stored.smtp_user,
            stored.from_address,
            stored.from_name,
            stored.office_manager_id,
        ],
    )?;
    let mut before = before;
    before.office_manager = None;
    w.audit(
        AuditEntity::ReminderSettings,
        1,
        Action::Update,
        Some(&before),
        Some(&stored),
    )?;
    get_settings(w.tx())
}

#[cfg(test)]
mod tests;
