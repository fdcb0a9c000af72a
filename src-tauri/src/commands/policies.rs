//! Policy documents (規程): every document with its versions and which one was in force on a date,
//! and approving a draft version.

use chizai_core::policies::{self, DocumentOn, PolicyVersionId};
use chrono::NaiveDate;
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

/// Every document with its versions and their standing on `on`.
#[tauri::command]
pub fn policy_register(
    state: State<'_, AppState>,
    on: NaiveDate,
) -> CommandResult<Vec<DocumentOn>> {
    state.read(|conn| policies::register_on(conn, on))
}

/// Approves a draft version: it takes effect on `effective_on` and supersedes the one in force.
#[tauri::command]
pub fn approve_policy_version(
    state: State<'_, AppState>,
    id: PolicyVersionId,
    approval_body: String,
    approved_on: NaiveDate,
    effective_on: NaiveDate,
) -> CommandResult<()> {
    state.write("approving a policy version", |w| {
        policies::approve_policy_version(w, id, &approval_body, approved_on, effective_on)
    })
}
