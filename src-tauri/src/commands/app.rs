//! The application itself: version and which database the window is on.

use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use crate::error::CommandResult;
use crate::state::AppState;

/// What the status bar and the settings screen show about the running app.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AppInfo {
    /// Chizai's version (the workspace version).
    pub version: String,
    /// The database file in use.
    pub db_path: String,
}

/// The running app's version and database path.
#[tauri::command]
pub fn app_info(state: State<'_, AppState>) -> CommandResult<AppInfo> {
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        db_path: state.db_path.display().to_string(),
    })
}
