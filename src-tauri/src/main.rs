//! Chizai desktop entry point: everything lives in the library so tests can reach it.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    if let Err(err) = chizai_desktop::run() {
        eprintln!("chizai-desktop: {err}");
        std::process::exit(1);
    }
}
