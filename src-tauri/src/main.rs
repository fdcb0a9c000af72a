//! Chizai desktop entry point: everything lives in the library so tests can reach it.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

// WebKitGTK's accelerated compositing costs the web process ~90 MB (measured under Xvfb), and
// WEBKIT_DISABLE_COMPOSITING_MODE=1 saves it — but with it the web process stopped answering
// (screenshots and clicks hung after the import screen's dry-run table rendered), so the app keeps
// WebKit's compositing. Its painting moves to the CPU on a desk without a GPU (`painting`).
fn main() {
    chizai_desktop::painting::choose();
    if let Err(err) = chizai_desktop::run() {
        eprintln!("chizai-desktop: {err}");
        std::process::exit(1);
    }
}
