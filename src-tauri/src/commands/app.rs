//! The application itself: version, which database the window is on (and who is signed in on a
//! server, or why it did not open), and the desk's today.

use chizai_core::store::server::ServerSession;
use chrono::NaiveDate;
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use crate::error::{CommandError, CommandResult};
use crate::place::Place;
use crate::state::{today, today_is_fixed, AppState};

/// What the status bar and the settings screen show about the running app.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AppInfo {
    /// Chizai's version (the workspace version).
    pub version: String,
    /// The database in use: the file's path, or the server's `user@host/database`.
    pub db_path: String,
    /// What the header shows: the file's name, or the server's `user@host/database`.
    pub db_label: String,
    /// Who is signed in and with which role, when the desk is on an office server.
    pub server: Option<ServerSession>,
    /// Why the database did not open; the start screen shows it with what to do.
    pub start_error: Option<CommandError>,
    /// True when the file was not there: the start screen asks whether to create an empty
    /// institution or the demo there, or to open another file.
    pub missing_db: bool,
    /// Today at the desk as the core counts it (`CHIZAI_TODAY` when set, else the local date):
    /// every screen's "today" (default dates, the fiscal year, the dashboard) is this day.
    pub today: NaiveDate,
    /// True when `today` is fixed by `CHIZAI_TODAY` (it does not move at midnight).
    pub today_fixed: bool,
}

/// The running app's version and database path.
#[tauri::command]
pub async fn app_info(state: State<'_, AppState>) -> CommandResult<AppInfo> {
    let (db_path, db_label) = match (&state.place, &state.server) {
        (_, Some(server)) => (server.label.clone(), server.label.clone()),
        (Place::Server(url), None) => (url.clone(), url.clone()),
        (Place::File(path), None) => (
            path.display().to_string(),
            path.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.display().to_string()),
        ),
    };
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        db_path,
        db_label,
        server: state.server.clone(),
        start_error: state.start_error(),
        missing_db: state.missing,
        today: today(),
        today_fixed: today_is_fixed(),
    })
}
