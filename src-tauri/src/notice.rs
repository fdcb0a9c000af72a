//! The start-up notice: one native notification when deadlines are due today or overdue.
//!
//! Started from the setup hook, after the configured window exists, on its own thread. Nothing
//! here may stop the app from starting: a database that cannot be read or a desktop without a
//! notification service only leaves a line on stderr.

use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_notification::NotificationExt;

use chizai_core::store::health::{self, CheckReason};

use crate::state::{now, today, AppState};

/// Counts today's and overdue deadlines and, if there are any, shows one notification — on its
/// own thread: the setup hook runs before the window shows, and at 100,000 applications the
/// count is a cold read of thousands of rows.
pub fn deadlines_at_start<R: Runtime>(app: &AppHandle<R>) {
    let app = app.clone();
    let spawned = std::thread::Builder::new()
        .name("start-notice".to_owned())
        .spawn(move || notify_deadlines(&app));
    if let Err(err) = spawned {
        eprintln!("chizai: start-up deadline notice thread not started: {err}");
    }
}

fn notify_deadlines<R: Runtime>(app: &AppHandle<R>) {
    let state = app.state::<AppState>();
    let overview = match state
        .stores()
        .read(|conn| chizai_core::deadlines::overview(conn, today()))
    {
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

/// The daily integrity check, on its own thread and its own read-only connection, so the window
/// never waits for it (SQLite's `quick_check` reads the whole file: seconds at 100,000
/// applications). The result is recorded (settings shows it); a failure is also a notification.
pub fn integrity_in_background<R: Runtime>(app: &AppHandle<R>) {
    let app = app.clone();
    let spawned = std::thread::Builder::new()
        .name("integrity-check".to_owned())
        .spawn(move || {
            let state = app.state::<AppState>();
            if state.server.is_some() || state.start_error().is_some() {
                // SQLite's quick_check reads a file; the office server checks itself.
                return;
            }
            match state.stores().read(|conn| health::is_due(conn, now())) {
                Ok(true) => {}
                Ok(false) => return,
                Err(err) => {
                    eprintln!("chizai: integrity check skipped: {}", err.message);
                    return;
                }
            }
            let verdict = match health::quick_check_file(&state.db_path) {
                Ok(v) => v,
                Err(err) => {
                    eprintln!("chizai: integrity check could not run: {err}");
                    return;
                }
            };
            if let Err(err) = state.stores().write("recording an integrity check", |w| {
                health::record(w, CheckReason::Schedule, &verdict)
            }) {
                eprintln!("chizai: integrity check not recorded: {}", err.message);
            }
            if !verdict.ok {
                let body = health::refusal(&state.db_path, &verdict).to_string();
                eprintln!("chizai: INTEGRITY CHECK FAILED: {body}");
                let title = "データベースの検査で異常 / Database integrity check FAILED";
                if let Err(err) = app.notification().builder().title(title).body(body).show() {
                    eprintln!("chizai: notifications are unavailable: {err}");
                }
            }
        });
    if let Err(err) = spawned {
        eprintln!("chizai: integrity check thread not started: {err}");
    }
}
