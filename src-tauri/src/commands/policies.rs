//! Policy documents (規程): every document with its versions and which one was in force on a date,
//! and approving a draft version.

use chizai_core::policies::{self, DocumentOn, PolicyVersionId};
use chrono::NaiveDate;
use tauri::{AppHandle, State};
use tauri_plugin_opener::OpenerExt;

use super::snapshots::{attachments_dir, Auditor};
use super::tasks::Tasks;
use crate::error::{CommandError, CommandResult, ErrorCode};
use crate::state::AppState;

/// Every document with its versions and their standing on `on`.
#[tauri::command]
pub async fn policy_register(
    state: State<'_, AppState>,
    on: NaiveDate,
) -> CommandResult<Vec<DocumentOn>> {
    state
        .read(move |conn| policies::register_on(conn, on))
        .await
}

/// Approves a draft version: it takes effect on `effective_on` and supersedes the one in force.
#[tauri::command]
pub async fn approve_policy_version(
    state: State<'_, AppState>,
    id: PolicyVersionId,
    approval_body: String,
    approved_on: NaiveDate,
    effective_on: NaiveDate,
) -> CommandResult<()> {
    state
        .write("approving a policy version", move |w| {
            policies::approve_policy_version(w, id, &approval_body, approved_on, effective_on)
        })
        .await
}

/// Opens the document of version `id` in the system viewer: the core checks it against the
/// digest on the version (a file altered on disk is refused), writes a copy to a temporary
/// folder, and that copy is opened. Returns the copy's path. In auditor mode the file comes from
/// the snapshot.
#[tauri::command]
pub async fn open_policy_document(
    app: AppHandle,
    state: State<'_, AppState>,
    auditor: State<'_, Auditor>,
    tasks: State<'_, Tasks>,
    id: PolicyVersionId,
) -> CommandResult<String> {
    let data_dir = attachments_dir(&state, &auditor)?;
    let out_dir = std::env::temp_dir().join("chizai-documents");
    let path = state
        .read(move |conn| policies::write_document(conn, &data_dir, id, &out_dir))
        .await?;
    tasks.remember(&path);
    app.opener()
        .open_path(path.display().to_string(), None::<&str>)
        .map_err(|e| {
            CommandError::new(
                ErrorCode::Storage,
                format!("the system could not open {}: {e}", path.display()),
            )
        })?;
    Ok(path.display().to_string())
}
