//! The application itself: version, which database the window is on, and the desk's today.

use chrono::NaiveDate;
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use crate::error::CommandResult;
use crate::state::{today, today_is_fixed, AppState};

/// What the status bar and the settings screen show about the running app.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AppInfo {
    /// Chizai's version (the workspace version).
    pub version: String,
    /// The database file in use.
    pub db_path: String,
    /// Today at the desk as the core counts it (`CHIZAI_TODAY` when set, else the local date):
    /// every screen's "today" (default dates, the fiscal year, the dashboard) is this day.
    pub today: NaiveDate,
    /// True when `today` is fixed by `CHIZAI_TODAY` (it does not move at midnight).
    pub today_fixed: bool,
}

/// The running app's version and database path.
#[tauri::command]
pub fn app_info(state: State<'_, AppState>) -> CommandResult<AppInfo> {
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        db_path: state.db_path.display().to_string(),
        today: today(),
        today_fixed: today_is_fixed(),
    })
}
