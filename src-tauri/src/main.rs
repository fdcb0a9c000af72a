//! Chizai desktop entry point: everything lives in the library so tests can reach it.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

// WebKitGTK's accelerated compositing costs the web process ~90 MB (measured under Xvfb), and
// WEBKIT_DISABLE_COMPOSITING_MODE=1 saves it — but with it the web process stopped answering
// (screenshots and clicks hung after the import screen's dry-run table rendered), so the app keeps
// WebKit's default. See the issue notes for the memory figures.
fn main() {
    if let Err(err) = chizai_desktop::run() {
        eprintln!("chizai-desktop: {err}");
        std::process::exit(1);
    }
}
