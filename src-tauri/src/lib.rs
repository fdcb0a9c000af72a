//! Chizai desktop: the Tauri shell around chizai-core.
//!
//! It opens the window on the UI built into `ui/dist`, registers the plugins the UI uses (dialog,
//! opener, notification, window-state) and the typed commands in [`commands`]. It translates and
//! nothing more: no SQL, rule or business decision lives here.

pub mod commands;
pub mod error;
pub mod state;

#[cfg(test)]
mod bindings;

use state::AppState;

/// Builds and runs the app until its last window closes.
pub fn run() -> Result<(), Box<dyn std::error::Error>> {
    let state = AppState::open()?;
    tauri::Builder::default()
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_notification::init())
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            commands::app::app_info,
            commands::portfolio::list_applications,
            commands::portfolio::application_detail,
            commands::portfolio::list_disclosures,
        ])
        .run(tauri::tauri_build_context!())?;
    Ok(())
}
