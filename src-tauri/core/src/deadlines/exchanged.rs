//! The docket in the JSON exchange: every deadline row as stored, so what people recorded on
//! the docket (done on, by whom, waived and why, responsible, notes, reminder days), the deadlines
//! they entered by hand and the obsolete rows kept as history all survive an export → import.
//!
//! On import the rows are written with their ids first; the recompute that follows in the same
//! transaction is the authority on every computed column of a generated row (a generated row is
//! written "not yet compared", so an edited or stale due date in a file cannot survive it), while
//! the recorded state is the file's.

use chrono::NaiveDate;
use rusqlite::params;
use serde::{Deserialize, Serialize};

use super::{
    audit_view, get_row, parse_reminders, reminders_for, reminders_text, text, AuditView,
    DeadlineStatus, Origin,
};
use crate::domain::{ApplicationId, DeadlineId, PersonId};
use crate::error::{CoreError, Result};
use crate::store::{Action, AuditEntity, Conn, OptionalExtension, Write};

/// One deadline as the exchange file carries it (the stored row, without derived data).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExchangedDeadline {
    pub id: DeadlineId,
    pub origin: Origin,
    #[serde(default)]
    pub application_id: Option<ApplicationId>,
    #[serde(default)]
    pub agreement_ref: Option<String>,
    /// Identity of a generated deadline within its application.
    #[serde(default)]
    pub key: Option<String>,
    pub code: String,
    pub title: String,
    pub due: NaiveDate,
    pub unrolled: NaiveDate,
    #[serde(default)]
    pub basis: Option<String>,
    #[serde(default)]
    pub year: Option<u32>,
    #[serde(default)]
    pub target: Option<String>,
    #[serde(default)]
    pub info: bool,
    /// What a manual or obsolete row stored to explain itself (a live generated row's
    /// explanation is rebuilt from its rule when shown, so it carries none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explanation: Option<serde_json::Value>,
    pub status: DeadlineStatus,
    #[serde(default)]
    pub done_on: Option<NaiveDate>,
    #[serde(default)]
    pub done_by: Option<String>,
    #[serde(default)]
    pub done_note: Option<String>,
    #[serde(default)]
    pub waive_reason: Option<String>,
    #[serde(default)]
    pub obsolete_reason: Option<String>,
    #[serde(default)]
    pub responsible_id: Option<PersonId>,
    #[serde(default)]
    pub notes: Option<String>,
    /// Days before `due` to remind; missing = the rule's default windows.
    #[serde(default)]
    pub reminders: Option<Vec<u32>>,
}

/// Every deadline row, in id order.
pub fn list_for_exchange(conn: &Conn) -> Result<Vec<ExchangedDeadline>> {
    let mut stmt = conn.prepare(
        "SELECT id, origin, application_id, agreement_ref, key, code, title, due, unrolled, basis,
                year, target, info, explanation_json, status, done_on, done_by, done_note,
                waive_reason, obsolete_reason, responsible_id, notes, reminders
         FROM deadline ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            ExchangedDeadline {
                id: r.get(0)?,
                origin: Origin::Generated,
                application_id: r.get(2)?,
                agreement_ref: r.get(3)?,
                key: r.get(4)?,
                code: r.get(5)?,
                title: r.get(6)?,
                due: r.get(7)?,
                unrolled: r.get(8)?,
                basis: r.get(9)?,
                year: r.get(10)?,
                target: r.get(11)?,
                info: r.get::<_, i64>(12)? != 0,
                explanation: None,
                status: DeadlineStatus::Open,
                done_on: r.get(15)?,
                done_by: r.get(16)?,
                done_note: r.get(17)?,
                waive_reason: r.get(18)?,
                obsolete_reason: r.get(19)?,
                responsible_id: r.get(20)?,
                notes: r.get(21)?,
                reminders: None,
            },
            r.get::<_, String>(1)?,
            r.get::<_, String>(13)?,
            r.get::<_, String>(14)?,
            r.get::<_, String>(22)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (mut d, origin, explanation, status, reminders) = row?;
        d.origin = Origin::from_stored(&origin);
        d.status = DeadlineStatus::parse(&status)?;
        if explanation != "{}" {
            d.explanation = Some(serde_json::from_str(&explanation)?);
        }
        d.reminders = Some(parse_reminders(&reminders));
        out.push(d);
    }
    Ok(out)
}

/// Writes one deadline of an exchange file with its id, checked as a person's entry would be.
/// Generated rows get fingerprint 0 so the recompute that follows rewrites their computed columns.
pub fn restore(w: &mut Write<'_>, d: &ExchangedDeadline) -> Result<()> {
    let title = text("title", &d.title, 500)?;
    let code = text("code", &d.code, 100)?;
    crate::portfolio::validate::date("due", d.due)?;
    crate::portfolio::validate::date("unrolled", d.unrolled)?;
    let key = match (d.origin, d.key.as_deref().map(str::trim)) {
        (Origin::Generated, Some(k)) if !k.is_empty() => Some(k.to_owned()),
        (Origin::Generated, _) => {
            return Err(CoreError::invalid(
                "key",
                "a generated deadline needs its key (its identity within the application)",
            ))
        }
        (Origin::Manual, k) => k.filter(|k| !k.is_empty()).map(str::to_owned),
    };
    if d.origin == Origin::Generated && d.application_id.is_none() {
        return Err(CoreError::invalid(
            "application_id",
            "a generated deadline belongs to an application: give its id",
        ));
    }
    if d.application_id.is_none() && d.agreement_ref.is_none() {
        return Err(CoreError::invalid(
            "application_id",
            "give the application id or the agreement reference the deadline belongs to",
        ));
    }
    let recorded = Recorded::checked(d)?;
    let notes = d
        .notes
        .as_deref()
        .map(|n| text("notes", n, 2000))
        .transpose()?;
    let explanation = match (&d.explanation, d.origin) {
        (Some(e), _) => e.to_string(),
        (None, Origin::Manual) => serde_json::json!({
            "ja": format!("手動で登録: {title}"),
            "en": format!("entered by hand: {title}"),
        })
        .to_string(),
        (None, Origin::Generated) => "{}".to_owned(),
    };
    let reminders = match &d.reminders {
        Some(days) => reminders_text(days),
        None => reminders_text(reminders_for(&code)),
    };
    let twice: Option<i64> = w
        .tx()
        .query_row("SELECT id FROM deadline WHERE id = ?1", [d.id], |r| {
            r.get(0)
        })
        .optional()?;
    if twice.is_some() {
        return Err(CoreError::invalid(
            "id",
            format!(
                "deadline id {} appears twice in the file; ids are unique",
                d.id
            ),
        ));
    }
    let taken: Option<i64> = w
        .tx()
        .query_row(
            "SELECT id FROM deadline WHERE origin = 'generated' AND application_id = ?1 AND key = ?2",
            params![d.application_id, key],
            |r| r.get(0),
        )
        .optional()?;
    if let (Origin::Generated, Some(other)) = (d.origin, taken) {
        return Err(CoreError::invalid(
            "key",
            format!(
                "deadline {other} of application {} already has the key {:?}: a key is unique within its application",
                d.application_id.map_or(0, |a| a.0),
                key.as_deref().unwrap_or_default()
            ),
        ));
    }
    w.tx().execute(
        "INSERT INTO deadline (id, origin, application_id, agreement_ref, key, code, title, due,
         unrolled, basis, year, target, info, explanation_json, fingerprint, status, done_on,
         done_by, done_note, waive_reason, obsolete_reason, responsible_id, notes, reminders)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, 0, ?15, ?16, ?17,
         ?18, ?19, ?20, ?21, ?22, ?23)",
        params![
            d.id,
            if d.origin == Origin::Manual {
                "manual"
            } else {
                "generated"
            },
            d.application_id,
            d.agreement_ref,
            key,
            code,
            title,
            d.due,
            d.unrolled,
            d.basis,
            d.year,
            d.target,
            i64::from(d.info),
            explanation,
            d.status.as_str(),
            recorded.done_on,
            recorded.done_by,
            recorded.done_note,
            recorded.waive_reason,
            recorded.obsolete_reason,
            d.responsible_id,
            notes,
            reminders,
        ],
    )?;
    let after = get_row(w.tx(), d.id)?;
    w.audit::<AuditView<'_>, _>(
        AuditEntity::Deadline,
        d.id,
        Action::Create,
        None,
        Some(&audit_view(&after)),
    )?;
    Ok(())
}

/// The status columns of a row, consistent with its status (the table's checks, said in words).
struct Recorded {
    done_on: Option<NaiveDate>,
    done_by: Option<String>,
    done_note: Option<String>,
    waive_reason: Option<String>,
    obsolete_reason: Option<String>,
}

impl Recorded {
    fn checked(d: &ExchangedDeadline) -> Result<Recorded> {
        let note = |field: &str, v: &Option<String>| {
            v.as_deref().map(|n| text(field, n, 2000)).transpose()
        };
        let mut r = Recorded {
            done_on: None,
            done_by: None,
            done_note: None,
            waive_reason: None,
            obsolete_reason: None,
        };
        match d.status {
            DeadlineStatus::Open => {}
            DeadlineStatus::Done => {
                let on = d.done_on.ok_or_else(|| {
                    CoreError::invalid("done_on", "a done deadline needs the date it was done")
                })?;
                crate::portfolio::validate::date("done_on", on)?;
                r.done_on = Some(on);
                r.done_by = note("done_by", &d.done_by)?;
                r.done_note = note("done_note", &d.done_note)?;
            }
            DeadlineStatus::Waived => {
                r.waive_reason = Some(text(
                    "waive_reason",
                    d.waive_reason.as_deref().unwrap_or_default(),
                    2000,
                )?);
            }
            DeadlineStatus::Obsolete => {
                r.obsolete_reason = Some(text(
                    "obsolete_reason",
                    d.obsolete_reason.as_deref().unwrap_or_default(),
                    2000,
                )?);
                // An obsolete row keeps what was recorded before its trigger went away.
                r.done_on = d.done_on;
                r.done_by = note("done_by", &d.done_by)?;
                r.done_note = note("done_note", &d.done_note)?;
                r.waive_reason = note("waive_reason", &d.waive_reason)?;
            }
        }
        Ok(r)
    }
}
