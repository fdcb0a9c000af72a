//! A run: the prepared digests sent one by one, each attempt logged in its own write (so a run
//! stopped half way keeps what it sent), and the test mail of the settings screen.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::log::{record_attempt, LogStatus};
use super::plan::Plan;
use super::smtp::{deliver, SmtpTarget};
use crate::domain::PersonId;
use crate::error::{CoreError, Result};
use crate::store::{Actor, Store};

/// What became of one digest in a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Outcome {
    pub person_id: PersonId,
    pub person: String,
    pub recipient: Option<String>,
    pub status: LogStatus,
    pub attempts: u32,
    pub items: u32,
    pub message_id: Option<String>,
    pub error: Option<String>,
}

/// The sender of the digests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sender {
    pub address: String,
    pub name: Option<String>,
}

/// Sends every digest of `plan` through `target` from `sender`, logging each attempt. A store
/// opened read-only (an auditor) refuses before anything is sent.
pub fn send_plan(
    store: &mut Store,
    actor: &Actor,
    now: DateTime<Utc>,
    plan: &Plan,
    target: &SmtpTarget,
    sender: &Sender,
) -> Result<Vec<Outcome>> {
    if store.is_read_only() {
        return Err(CoreError::ReadOnly("sending reminders".to_owned()));
    }
    let mut out = Vec::with_capacity(plan.digests.len());
    for d in &plan.digests {
        let sent = super::compose::message_for(d, &sender.address, sender.name.as_deref(), now)
            .map_err(|e| e.to_string())
            .and_then(|(message, id)| deliver(target, &message).map(|()| id));
        let entry = store.write(actor, now, "recording a reminder", |w| {
            record_attempt(
                w,
                d.person_id,
                d.day,
                d.items(),
                d.recipient.as_deref(),
                sent.as_ref().map(String::as_str).map_err(String::as_str),
            )
        })?;
        out.push(Outcome {
            person_id: d.person_id,
            person: d.person.clone(),
            recipient: d.recipient.clone(),
            status: entry.status,
            attempts: entry.attempts,
            items: entry.items,
            message_id: entry.message_id,
            error: entry.error,
        });
    }
    Ok(out)
}

/// Sends the test mail to `to` through `target`; returns its Message-ID.
pub fn send_test(
    target: &SmtpTarget,
    sender: &Sender,
    to: &str,
    now: DateTime<Utc>,
) -> Result<String> {
    let (message, id) =
        super::compose::test_message(&sender.address, sender.name.as_deref(), to, now)?;
    deliver(target, &message)
        .map_err(|e| CoreError::Server(format!("the test mail was not sent: {e}")))?;
    Ok(id)
}

/// The SMTP server and sender of the settings, or what to set first.
fn from_settings(conn: &crate::store::Conn) -> Result<(SmtpTarget, Sender)> {
    let s = super::get_settings(conn)?;
    let target = SmtpTarget::from_settings(&s).ok_or_else(|| {
        CoreError::invalid("smtp_host", "no SMTP server is set: enter the server first")
    })?;
    let address = s.from_address.clone().ok_or_else(|| {
        CoreError::invalid("from_address", "no sender address is set: enter it first")
    })?;
    Ok((
        target,
        Sender {
            address,
            name: s.from_name,
        },
    ))
}

/// The settings screen's test mail: through the saved server, from the saved sender, to `to`.
pub fn send_test_with_settings(
    conn: &crate::store::Conn,
    to: &str,
    now: DateTime<Utc>,
) -> Result<String> {
    let (target, sender) = from_settings(conn)?;
    send_test(&target, &sender, to, now)
}

/// Keeps the SMTP password of the saved server's user in the OS keyring (never the database).
pub fn store_password(conn: &crate::store::Conn, password: &str) -> Result<()> {
    let s = super::get_settings(conn)?;
    let account = SmtpTarget::from_settings(&s)
        .and_then(|t| t.keyring_account())
        .ok_or_else(|| {
            CoreError::invalid(
                "smtp_user",
                "save the server and its user name before the password",
            )
        })?;
    crate::secrets::store(&account, password).map_err(|e| CoreError::invalid("smtp password", e))
}

/// What the settings screen's reminder panel shows: the settings, whether a password is found
/// (and where), the failures still to be retried and the latest run.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct ReminderPanel {
    pub settings: super::ReminderSettings,
    /// `env`, `keyring`, or none (also none when no user is set).
    pub password_from: Option<String>,
    pub failures: Vec<super::LogEntry>,
    /// The latest log rows (newest first).
    pub recent: Vec<super::LogEntry>,
}

/// The reminder panel of the settings screen.
pub fn panel(conn: &crate::store::Conn) -> Result<ReminderPanel> {
    let settings = super::get_settings(conn)?;
    let password_from = SmtpTarget::from_settings(&settings)
        .and_then(|t| t.keyring_account())
        .and_then(|account| crate::secrets::lookup(super::PASSWORD_ENV, &account).ok())
        .map(|s| match s.source {
            crate::secrets::Source::Env => "env".to_owned(),
            crate::secrets::Source::Keyring => "keyring".to_owned(),
        });
    Ok(ReminderPanel {
        settings,
        password_from,
        failures: super::list_log(conn, 100, true)?,
        recent: super::list_log(conn, 10, false)?,
    })
}
