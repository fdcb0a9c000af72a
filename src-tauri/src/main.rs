//! Chizai desktop: opens the window on the UI in `ui/`. The shell only translates
//! between the webview and chizai-core.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    if let Err(err) = tauri::Builder::default().run(tauri::generate_context!()) {
        eprintln!("chizai-desktop: {err}");
        std::process::exit(1);
    }
}
