//! Chizai desktop entry point: everything lives in the library so tests can reach it.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    prefer_lean_webkit();
    if let Err(err) = chizai_desktop::run() {
        eprintln!("chizai-desktop: {err}");
        std::process::exit(1);
    }
}

/// WebKitGTK's accelerated compositing keeps GPU-style layer buffers for every page; for a desk of
/// tables and forms it buys nothing visible, and on machines without a GPU driver (thin clients,
/// VMs, Xvfb) those buffers live in software: measured, it costs the web process ~90 MB of its
/// ~290 MB. Turned off unless the person's environment already decides (set it to 0 to keep it).
/// Set before any thread starts, as `set_var` requires.
fn prefer_lean_webkit() {
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
}
