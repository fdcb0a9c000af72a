//! Where Chizai keeps its files: the same place for the desktop app and the CLI.
//!
//! The data directory is the OS data dir joined with the app identifier — exactly what Tauri's
//! `app_data_dir()` gives the desktop app (Linux `~/.local/share/jp.ac.chizai.desktop`, Windows
//! `%APPDATA%\jp.ac.chizai.desktop`) — so both faces open one database. `CHIZAI_DB` overrides it.

use std::path::PathBuf;

/// The desktop app's identifier (tauri.conf.json), also the data folder's name.
pub const APP_IDENTIFIER: &str = "jp.ac.chizai.desktop";

/// The database file name inside the data directory.
pub const DB_FILE: &str = "chizai.sqlite";

/// The default data directory, if the OS has one.
pub fn default_data_dir() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|b| b.data_dir().join(APP_IDENTIFIER))
}

/// The database to open: `CHIZAI_DB` if set, else the default data directory's `chizai.sqlite`.
pub fn default_db_path() -> Option<PathBuf> {
    match std::env::var_os("CHIZAI_DB") {
        Some(p) if !p.is_empty() => Some(PathBuf::from(p)),
        _ => default_data_dir().map(|d| d.join(DB_FILE)),
    }
}
