//! The start-up notice: one native notification when deadlines are due today or overdue.
//!
//! Called from the setup hook, after the configured window exists. Nothing here may stop the
//! app from starting: a database that cannot be read or a desktop without a notification
//! service only leaves a line on stderr.

use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_notification::NotificationExt;

use crate::state::{today, AppState};

/// Counts today's and overdue deadlines and, if there are any, shows one notification.
pub fn deadlines_at_start<R: Runtime>(app: &AppHandle<R>) {
    let state = app.state::<AppState>();
    let overview = match state.read(|conn| chizai_core::deadlines::overview(conn, today())) {
        Ok(overview) => overview,
        Err(err) => {
            eprintln!("chizai: start-up deadline notice skipped: {}", err.message);
            return;
        }
    };
    let Some((title, body)) = overview.notice() else {
        return;
    };
    eprintln!("chizai: start-up notice: {body}");
    if let Err(err) = app.notification().builder().title(title).body(body).show() {
        eprintln!("chizai: notifications are unavailable: {err}");
    }
}
