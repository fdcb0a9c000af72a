//! Reports (帳票): a PDF produced in the core and written to the path the save dialog gave, and
//! that file opened in the system viewer.

use std::path::PathBuf;

use chizai_core::horizons::japan_time;
use chizai_core::report::{self, ReportKind, ReportRequest, ReportWritten};
use tauri::ipc::Channel;
use tauri::{AppHandle, State};
use tauri_plugin_opener::OpenerExt;

use super::tasks::{self, ProgressEvent, Tasks};
use crate::error::{CommandError, CommandResult, ErrorCode};
use crate::state::{now, today};

/// The reports the core offers, in menu order.
#[tauri::command]
pub fn report_kinds() -> Vec<ReportKind> {
    ReportKind::ALL.to_vec()
}

/// Produces `request` into the PDF file `path` (from the save dialog), as task `task_id`.
#[tauri::command]
pub async fn generate_report(
    app: AppHandle,
    task_id: String,
    on_progress: Channel<ProgressEvent>,
    request: ReportRequest,
    path: PathBuf,
) -> CommandResult<ReportWritten> {
    tasks::run(app, task_id, on_progress, move |state, tasks, progress| {
        // Read and rendered on a connection of its own: other commands are not held up meanwhile.
        let written = state.stores().read_detached(|conn| {
            report::produce_to_file(conn, &request, today(), japan_time(now()), &path, progress)
        })?;
        tasks.remember(&path);
        Ok(written)
    })
    .await
}

/// Opens a file this session wrote (a report, an export) in the system's viewer. Other paths are
/// refused: the webview has no opener permission of its own and gets none through here.
#[tauri::command]
pub fn open_output(app: AppHandle, tasks: State<'_, Tasks>, path: PathBuf) -> CommandResult<()> {
    if !tasks.wrote(&path) {
        return Err(CommandError::new(
            ErrorCode::Validation,
            format!(
                "{} was not written by this window; only reports and exports made here are opened",
                path.display()
            ),
        ));
    }
    // Only the kinds Chizai writes: never an executable or a script, even one this window wrote.
    let kind = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if !matches!(kind.as_str(), "pdf" | "xlsx" | "csv" | "json" | "ics") {
        return Err(CommandError::new(
            ErrorCode::Validation,
            format!(
                "{} is not a report or export (.pdf, .xlsx, .csv, .json, .ics); it is not opened",
                path.display()
            ),
        ));
    }
    app.opener()
        .open_path(path.display().to_string(), None::<&str>)
        .map_err(|e| {
            CommandError::new(
                ErrorCode::Storage,
                format!("the system could not open {}: {e}", path.display()),
            )
        })
}
