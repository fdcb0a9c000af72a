//! What a person recorded on a deadline, set as a whole: the import of a deadlines register
//! carries the state of the docket (done on, by whom, waived and why, responsible, notes) from
//! another system. The computed columns (due date, title, basis) are never written here.

use chrono::NaiveDate;
use rusqlite::params;

use super::{audit_view, get_deadline, text, AuditView, Deadline, DeadlineStatus};
use crate::domain::{DeadlineId, PersonId};
use crate::error::{CoreError, Result};
use crate::store::{Action, AuditEntity, Write};

/// The recorded state of a deadline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    /// Open, done or waived (obsolete is the recompute's to decide).
    pub status: DeadlineStatus,
    /// Done on (required when done).
    pub done_on: Option<NaiveDate>,
    /// Done by (default: the writing actor).
    pub done_by: Option<String>,
    /// Note recorded when done.
    pub done_note: Option<String>,
    /// Why it was waived (required when waived).
    pub waive_reason: Option<String>,
    /// Responsible person.
    pub responsible_id: Option<PersonId>,
    /// Free notes.
    pub notes: Option<String>,
}

impl Recorded {
    /// What is recorded on `d` as stored.
    pub fn of(d: &Deadline) -> Recorded {
        Recorded {
            status: d.status,
            done_on: d.done_on,
            done_by: d.done_by.clone(),
            done_note: d.done_note.clone(),
            waive_reason: d.waive_reason.clone(),
            responsible_id: d.responsible_id,
            notes: d.notes.clone(),
        }
    }

    /// The state of a deadline nothing was recorded on yet: open.
    pub fn open() -> Recorded {
        Recorded {
            status: DeadlineStatus::Open,
            done_on: None,
            done_by: None,
            done_note: None,
            waive_reason: None,
            responsible_id: None,
            notes: None,
        }
    }
}

/// Sets the recorded state of deadline `id`; the audit row keeps the before and after.
pub fn record_state(w: &mut Write<'_>, id: DeadlineId, r: &Recorded) -> Result<Deadline> {
    let before = get_deadline(w.tx(), id)?;
    if before.status == DeadlineStatus::Obsolete {
        return Err(CoreError::Conflict(format!(
            "deadline {id} is obsolete ({}): its state cannot be recorded",
            before.obsolete_reason.as_deref().unwrap_or("")
        )));
    }
    let (done_on, done_by, done_note, waive_reason) = match r.status {
        DeadlineStatus::Open => (None, None, None, None),
        DeadlineStatus::Done => {
            let on = r.done_on.ok_or_else(|| {
                CoreError::invalid(
                    "deadline.done_on",
                    "a done deadline needs the date it was done",
                )
            })?;
            crate::portfolio::validate::date("deadline.done_on", on)?;
            let by = r.done_by.clone().unwrap_or_else(|| w.actor().0.clone());
            let note = r
                .done_note
                .as_deref()
                .map(|n| text("deadline.note", n, 2000))
                .transpose()?;
            (Some(on), Some(by), note, None)
        }
        DeadlineStatus::Waived => {
            let reason = text(
                "deadline.reason",
                r.waive_reason.as_deref().unwrap_or_default(),
                2000,
            )?;
            (None, None, None, Some(reason))
        }
        DeadlineStatus::Obsolete => {
            return Err(CoreError::invalid(
                "deadline.status",
                "obsolete is set by the recompute when a deadline's trigger disappears",
            ))
        }
    };
    let notes = r
        .notes
        .as_deref()
        .map(|n| text("deadline.notes", n, 2000))
        .transpose()?;
    w.tx().execute(
        "UPDATE deadline SET status = ?2, done_on = ?3, done_by = ?4, done_note = ?5,
         waive_reason = ?6, responsible_id = ?7, notes = ?8 WHERE id = ?1",
        params![
            id,
            r.status.as_str(),
            done_on,
            done_by,
            done_note,
            waive_reason,
            r.responsible_id,
            notes
        ],
    )?;
    let after = get_deadline(w.tx(), id)?;
    w.audit::<AuditView<'_>, AuditView<'_>>(
        AuditEntity::Deadline,
        id,
        Action::Update,
        Some(&audit_view(&before)),
        Some(&audit_view(&after)),
    )?;
    Ok(after)
}
