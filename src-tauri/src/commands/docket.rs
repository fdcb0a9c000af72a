//! The docket (期限管理): listing, the month grid, one deadline with its explanation, mark done,
//! waive, add by hand, record an office action (with the recompute it implies), the overview
//! for the dashboard and the start-up notice, and the files the desk saves (CSV, ICS, PDF).
//!
//! Paths come from the native save dialog in the webview and are written here, in Rust: the
//! webview has no file-system or opener permission.

use std::path::PathBuf;

use chizai_core::deadlines::{
    self as dl, Deadline, DeadlineDetail, DeadlineFilter, DeadlineOverview, DeadlineStatus,
    DocketList, DocketMonth, ExportFormat, ExportedFile, ManualDeadline, RecordedEvent,
};
use chizai_core::domain::DeadlineId;
use chizai_core::portfolio::Event;
use chizai_core::report::{self, WrittenPdf};
use chrono::NaiveDate;
use tauri::{AppHandle, State};
use tauri_plugin_opener::OpenerExt;

use crate::error::{CommandError, CommandResult};
use crate::state::{now, today, AppState};

/// The deadlines matching `filter`, each with its state today.
#[tauri::command]
pub async fn list_docket(
    state: State<'_, AppState>,
    filter: DeadlineFilter,
) -> CommandResult<DocketList> {
    state
        .read(move |conn| dl::docket_list(conn, &filter, today()))
        .await
}

/// The month `year`-`month` as whole weeks with the closed days and the deadlines per day.
#[tauri::command]
pub async fn docket_month(
    state: State<'_, AppState>,
    filter: DeadlineFilter,
    year: i32,
    month: u32,
) -> CommandResult<DocketMonth> {
    state
        .read(move |conn| dl::docket_month(conn, &filter, year, month, today()))
        .await
}

/// One deadline with its state and the explanation of its date.
#[tauri::command]
pub async fn deadline_detail(
    state: State<'_, AppState>,
    id: DeadlineId,
) -> CommandResult<DeadlineDetail> {
    state
        .read(move |conn| dl::deadline_view(conn, id, today()))
        .await
}

/// Overdue and next-30-day deadlines (dashboard, navigation badge).
#[tauri::command]
pub async fn deadline_overview(state: State<'_, AppState>) -> CommandResult<DeadlineOverview> {
    state.read(move |conn| dl::overview(conn, today())).await
}

/// Marks a deadline done on `on`, with an optional note; `seen_status` is the status the desk
/// showed (a colleague's settling since is refused).
#[tauri::command]
pub async fn mark_deadline_done(
    state: State<'_, AppState>,
    id: DeadlineId,
    on: NaiveDate,
    note: Option<String>,
    seen_status: Option<DeadlineStatus>,
) -> CommandResult<Deadline> {
    state
        .write("marking a deadline done", move |w| {
            dl::expect_status(w, id, seen_status)?;
            dl::mark_done(w, id, on, note.as_deref())
        })
        .await
}

/// Waives a deadline with the reason (required); `seen_status` as for marking it done.
#[tauri::command]
pub async fn waive_deadline(
    state: State<'_, AppState>,
    id: DeadlineId,
    reason: String,
    seen_status: Option<DeadlineStatus>,
) -> CommandResult<Deadline> {
    state
        .write("waiving a deadline", move |w| {
            dl::expect_status(w, id, seen_status)?;
            dl::waive(w, id, &reason)
        })
        .await
}

/// Adds a deadline by hand to the application named by reference, number or id.
#[tauri::command]
pub async fn add_manual_deadline(
    state: State<'_, AppState>,
    input: ManualDeadline,
) -> CommandResult<Deadline> {
    state
        .write("adding a deadline", move |w| dl::add_manual_for(w, &input))
        .await
}

/// Records an event (拒絶理由通知, 特許査定, …) and recomputes the application's deadlines.
#[tauri::command]
pub async fn record_event(
    state: State<'_, AppState>,
    event: Event,
) -> CommandResult<RecordedEvent> {
    state
        .write("recording an event", move |w| {
            dl::record_event(w, &event, today())
        })
        .await
}

/// Writes the deadlines matching `filter` to `path` (from the save dialog) as CSV or ICS.
#[tauri::command]
pub async fn export_docket(
    state: State<'_, AppState>,
    filter: DeadlineFilter,
    format: ExportFormat,
    path: PathBuf,
) -> CommandResult<ExportedFile> {
    state
        .read(move |conn| dl::export_docket(conn, &filter, format, &path, today(), now()))
        .await
}

/// Writes the docket PDF for `from`..=`to` (default: today and 90 days on) to `path`, then opens
/// it in the system viewer when `open` is set. A viewer that cannot be started is not an
/// error: the file is written and its path returned.
#[tauri::command]
pub async fn print_docket(
    app: AppHandle,
    state: State<'_, AppState>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    path: PathBuf,
    open: bool,
) -> CommandResult<WrittenPdf> {
    let out = path.clone();
    let written = state
        .run(move |stores| {
            stores.read_detached(|conn| {
                report::write_docket_pdf(conn, from, to, today(), now(), &out)
                    .map_err(CommandError::from)
            })
        })
        .await?;
    if open {
        // Best effort: the PDF exists whatever the viewer does.
        let _ = app
            .opener()
            .open_path(path.display().to_string(), None::<&str>);
    }
    Ok(written)
}
