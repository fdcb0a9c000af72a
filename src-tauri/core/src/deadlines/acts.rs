//! What a person records on the docket: a deadline marked done (a paid fee advances the years
//! paid, see `fees`), waived with its reason, or entered by hand. Each act is one audited update in
//! the caller's write; the bulk forms (`settle_*`) skip reading the row back with its explanation.

use chrono::NaiveDate;
use rusqlite::params;
use serde::{Deserialize, Serialize};

use super::{fees, get_deadline, get_row, reminders_for, reminders_text, Deadline, DeadlineStatus};
use crate::domain::{ApplicationId, DeadlineId, PersonId};
use crate::error::{CoreError, Result};
use crate::store::{Action, AuditEntity, Write};

/// The part of a deadline an audit row records.
#[derive(Debug, Serialize)]
pub(super) struct AuditView<'a> {
    code: &'a str,
    due: NaiveDate,
    status: &'a str,
    done_on: Option<NaiveDate>,
    done_note: Option<&'a str>,
    waive_reason: Option<&'a str>,
}

pub(super) fn audit_view(d: &Deadline) -> AuditView<'_> {
    AuditView {
        code: &d.code,
        due: d.due,
        status: d.status.as_str(),
        done_on: d.done_on,
        done_note: d.done_note.as_deref(),
        waive_reason: d.waive_reason.as_deref(),
    }
}

pub(super) fn text(field: &str, value: &str, max: usize) -> Result<String> {
    let v = value.trim();
    if v.is_empty() {
        return Err(CoreError::invalid(
            field,
            "must not be empty: write a few words",
        ));
    }
    if v.chars().count() > max {
        return Err(CoreError::invalid(
            field,
            format!("is longer than {max} characters"),
        ));
    }
    Ok(v.to_string())
}

/// Mark a deadline done on `on` by the writing actor, with an optional note. Done on a fee of a
/// year (annuity, renewal, maintenance) or its grace deadline, it advances the application's
/// years paid and recomputes its docket in the same transaction (see `fees`): that year's
/// grace deadline is closed as paid and the next year appears.
pub fn mark_done(
    w: &mut Write<'_>,
    id: DeadlineId,
    on: NaiveDate,
    note: Option<&str>,
) -> Result<Deadline> {
    settle_done(w, id, on, note)?;
    get_deadline(w.tx(), id)
}

/// Refuses to act on a deadline another desk settled (done, waived, made obsolete) after this one
/// showed it in state `seen`: marking it done again would replace the colleague's date, note and
/// name without anyone seeing. `None` (the CLI, scripts) checks nothing.
pub fn expect_status(w: &Write<'_>, id: DeadlineId, seen: Option<DeadlineStatus>) -> Result<()> {
    let Some(seen) = seen else { return Ok(()) };
    let now = get_row(w.tx(), id)?.status;
    if now == seen {
        return Ok(());
    }
    let who = match crate::store::versions::last_change(w.tx(), "deadline", &id.0.to_string())? {
        Some(v) => format!("by {} at {}", v.actor, v.at),
        None => "on another desk".to_owned(),
    };
    Err(CoreError::Conflict(format!(
        "deadline {id} was changed {who} (now {}) after you opened it; nothing was saved: \
         reload it and check before acting again",
        now.label_en()
    )))
}

/// [`mark_done`] without reading the result back with its explanation (bulk settling).
pub(crate) fn settle_done(
    w: &mut Write<'_>,
    id: DeadlineId,
    on: NaiveDate,
    note: Option<&str>,
) -> Result<()> {
    let before = get_row(w.tx(), id)?;
    if before.status == DeadlineStatus::Obsolete {
        return Err(CoreError::Conflict(format!(
            "deadline {id} is obsolete ({}): it cannot be marked done",
            before.obsolete_reason.as_deref().unwrap_or("")
        )));
    }
    let note = note.map(|n| text("deadline.note", n, 2000)).transpose()?;
    let by = w.actor().0.clone();
    w.tx().execute(
        "UPDATE deadline SET status = 'done', done_on = ?2, done_by = ?3, done_note = ?4,
         waive_reason = NULL WHERE id = ?1",
        params![id, on, by, note],
    )?;
    let after = get_row(w.tx(), id)?;
    w.audit(
        AuditEntity::Deadline,
        id,
        Action::Update,
        Some(&audit_view(&before)),
        Some(&audit_view(&after)),
    )?;
    // A fee of a year paid is a fact: the years paid advance and the docket follows.
    let today = w.today();
    fees::after_done(w, &after, today)?;
    Ok(())
}

/// Waive a deadline, with the reason (e.g. 「権利放棄の決定」).
pub fn waive(w: &mut Write<'_>, id: DeadlineId, reason: &str) -> Result<Deadline> {
    settle_waived(w, id, reason)?;
    get_deadline(w.tx(), id)
}

/// [`waive`] without reading the result back with its explanation (bulk settling).
pub(crate) fn settle_waived(w: &mut Write<'_>, id: DeadlineId, reason: &str) -> Result<()> {
    let reason = text("deadline.reason", reason, 2000)?;
    let before = get_row(w.tx(), id)?;
    if before.status == DeadlineStatus::Obsolete {
        return Err(CoreError::Conflict(format!(
            "deadline {id} is obsolete: nothing to waive"
        )));
    }
    w.tx().execute(
        "UPDATE deadline SET status = 'waived', waive_reason = ?2, done_on = NULL, done_by = NULL,
         done_note = NULL WHERE id = ?1",
        params![id, reason],
    )?;
    let after = get_row(w.tx(), id)?;
    w.audit(
        AuditEntity::Deadline,
        id,
        Action::Update,
        Some(&audit_view(&before)),
        Some(&audit_view(&after)),
    )?;
    Ok(())
}

/// A deadline entered by hand.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct NewDeadline {
    /// The application it belongs to (or an agreement reference).
    pub application_id: Option<ApplicationId>,
    /// An agreement reference, for agreement deadlines.
    pub agreement_ref: Option<String>,
    /// A code (e.g. `agreement.report`, or `manual`).
    pub code: Option<String>,
    /// What is due.
    pub title: String,
    /// The date.
    pub due: NaiveDate,
    /// Responsible person.
    pub responsible_id: Option<PersonId>,
    /// Notes.
    pub notes: Option<String>,
}

/// Add a manual deadline (never touched by a recompute).
pub fn add_manual(w: &mut Write<'_>, input: &NewDeadline) -> Result<Deadline> {
    let title = text("deadline.title", &input.title, 500)?;
    let code = input
        .code
        .as_deref()
        .map(|c| text("deadline.code", c, 100))
        .transpose()?;
    let code = code.unwrap_or_else(|| "manual".to_string());
    if input.application_id.is_none() && input.agreement_ref.is_none() {
        return Err(CoreError::invalid(
            "deadline.application",
            "give the application (reference or id) or an agreement reference it belongs to",
        ));
    }
    if let Some(app) = input.application_id {
        crate::portfolio::get_application(w.tx(), app)?;
    }
    let explanation = serde_json::json!({
        "ja": format!("手動で登録: {title}"),
        "en": format!("entered by hand: {title}"),
    });
    w.tx().execute(
        "INSERT INTO deadline (origin, application_id, agreement_ref, code, title, due, unrolled,
         explanation_json, responsible_id, notes, reminders)
         VALUES ('manual', ?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7, ?8, ?9)",
        params![
            input.application_id,
            input.agreement_ref,
            code,
            title,
            input.due,
            explanation.to_string(),
            input.responsible_id,
            input.notes,
            reminders_text(reminders_for(&code)),
        ],
    )?;
    let id = DeadlineId(w.tx().last_insert_rowid());
    let after = get_deadline(w.tx(), id)?;
    w.audit::<AuditView<'_>, _>(
        AuditEntity::Deadline,
        id,
        Action::Create,
        None,
        Some(&audit_view(&after)),
    )?;
    Ok(after)
}
