//! E-mail reminders in settings: the SMTP server, sender and office manager, the password kept in
//! the OS keyring, a test mail, and the sent-log's failures (issue 16).

use chizai_core::remind::{self, ReminderPanel, ReminderSettings};
use tauri::State;

use crate::error::CommandResult;
use crate::state::{now, AppState};

/// The reminder settings with the password's source and the log's failures and latest rows.
#[tauri::command]
pub async fn reminder_panel(state: State<'_, AppState>) -> CommandResult<ReminderPanel> {
    state.read(remind::panel).await
}

/// Saves the reminder settings (audited; no password here).
#[tauri::command]
pub async fn save_reminder_settings(
    state: State<'_, AppState>,
    settings: ReminderSettings,
) -> CommandResult<ReminderSettings> {
    state
        .write("save reminder settings", move |w| {
            remind::set_settings(w, &settings)
        })
        .await
}

/// Keeps the SMTP password in the OS keyring for the saved server's user.
#[tauri::command]
pub async fn save_smtp_password(state: State<'_, AppState>, password: String) -> CommandResult<()> {
    state
        .read(move |conn| remind::store_password(conn, &password))
        .await
}

/// Sends a test mail to `to` through the saved server; returns its Message-ID.
#[tauri::command]
pub async fn send_test_mail(state: State<'_, AppState>, to: String) -> CommandResult<String> {
    state
        .read(move |conn| remind::send_test_with_settings(conn, &to, now()))
        .await
}
