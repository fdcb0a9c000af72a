//! Settings → Database: which database this desk opens (its own file or the office server), a
//! connection test, and saving the choice to `desk.toml` for the next start (see
//! [`crate::place`]); and the start screen's answers to a missing file (see [`crate::missing`]). No password passes through here: it comes from PGPASSWORD or ~/.pgpass.

use chizai_core::store::{migrate, server, Store};
use serde::Serialize;
use tauri::{AppHandle, State};
use ts_rs::TS;

use crate::error::{CommandError, CommandResult, ErrorCode};
use crate::missing::{self, NewDatabase};
use crate::place::{self, DeskChoice, ServerSettings};
use crate::state::AppState;
use crate::stores::ReadFrom;

/// What the database section shows.
#[derive(Debug, Clone, Serialize, TS)]
pub struct DatabaseSettings {
    /// What `desk.toml` says now (the next start opens it).
    pub choice: DeskChoice,
    /// This desk's own database file.
    pub desk_file: String,
    /// Where the choice is kept.
    pub settings_file: String,
    /// Set when `CHIZAI_DB` names the database: it wins over the saved choice.
    pub env_override: Option<String>,
}

/// What a connection test found.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ConnectionReport {
    /// `user@host/database`.
    pub label: String,
    /// `owner`, `admin`, `staff`, `auditor` or `none`.
    pub role: String,
    /// The server database's schema version (0: empty, not yet made with `chizai`).
    pub schema_version: u32,
    /// The schema version this Chizai writes.
    pub latest_version: u32,
}

fn settings_file() -> CommandResult<std::path::PathBuf> {
    place::desk_file().ok_or_else(|| {
        CommandError::new(
            ErrorCode::Storage,
            "no home directory to keep this desk's settings in",
        )
    })
}

/// The saved choice, this desk's file and whether `CHIZAI_DB` overrides both.
#[tauri::command]
pub async fn database_settings(state: State<'_, AppState>) -> CommandResult<DatabaseSettings> {
    let file = settings_file()?;
    let desk_file = chizai_core::paths::default_data_dir()
        .map(|d| d.join(chizai_core::paths::DB_FILE).display().to_string())
        .unwrap_or_else(|| state.db_path.display().to_string());
    Ok(DatabaseSettings {
        choice: place::load(&file)?,
        desk_file,
        settings_file: file.display().to_string(),
        env_override: std::env::var("CHIZAI_DB").ok().filter(|v| !v.is_empty()),
    })
}

/// Connects to the server `server` names and reports who is signed in and its schema version.
/// Runs off the main thread: an unreachable host waits for the connect timeout.
#[tauri::command]
pub async fn test_database(server: ServerSettings) -> CommandResult<ConnectionReport> {
    let url = server.url()?;
    let probe = tauri::async_runtime::spawn_blocking(move || server::probe(&url))
        .await
        .map_err(|e| CommandError::new(ErrorCode::Internal, format!("connection test: {e}")))??;
    Ok(ConnectionReport {
        label: probe.session.label,
        role: probe.session.role,
        schema_version: probe.schema_version,
        latest_version: migrate::latest_version(),
    })
}

/// Saves the choice to `desk.toml`; it takes effect when Chizai next starts.
#[tauri::command]
pub async fn save_database_settings(choice: DeskChoice) -> CommandResult<()> {
    place::save(&settings_file()?, &choice)
}

/// Keeps the server login's password in this desk's OS keychain (never in Chizai's files); the
/// next connection that the server asks a password of finds it there.
#[tauri::command]
pub async fn save_server_password(server: ServerSettings, password: String) -> CommandResult<()> {
    server.url()?;
    let account = server::keyring_account(
        server.user.trim(),
        server.host.trim(),
        server.port,
        server.database.trim(),
    );
    chizai_core::secrets::store(&account, &password).map_err(|why| {
        CommandError::invalid(
            "server.password",
            format!("{why}: use ~/.pgpass or PGPASSWORD instead"),
        )
    })
}

/// The start screen's first two answers to a missing file: creates an empty institution or the
/// demo where the file should be, and the window goes on to the desk. Refused unless the file
/// was missing at start (see [`crate::missing`]).
#[tauri::command]
pub async fn create_missing_database(
    state: State<'_, AppState>,
    new: NewDatabase,
) -> CommandResult<()> {
    if !state.missing {
        return Err(CommandError::new(
            ErrorCode::Conflict,
            "this window's database was not missing at start; nothing was created",
        ));
    }
    let path = state.db_path.clone();
    state
        .run(move |stores| {
            let store = missing::create(&path, &new)?;
            if let Some(record) = missing::record_file() {
                missing::remember(&record, &path);
            }
            stores.put_store(store, ReadFrom::File(path))
        })
        .await
}

/// The start screen's third answer: opens the existing database file `path` (from the open
/// dialog) instead, from now on: the choice is kept in `desk.toml` and Chizai restarts on it.
#[tauri::command]
pub async fn open_other_database(app: AppHandle, path: String) -> CommandResult<()> {
    if std::env::var_os("CHIZAI_DB").is_some_and(|v| !v.is_empty()) {
        return Err(CommandError::new(
            ErrorCode::Conflict,
            "CHIZAI_DB names the database: correct or remove CHIZAI_DB to open another file",
        ));
    }
    let file = std::path::PathBuf::from(&path);
    let probe = file.clone();
    // A reader refuses what is not a Chizai database (or one newer than this Chizai) and
    // changes nothing in it.
    tauri::async_runtime::spawn_blocking(move || Store::open_reader(&probe))
        .await
        .map_err(|e| CommandError::new(ErrorCode::Internal, format!("opening {path}: {e}")))??;
    let choice = DeskChoice {
        server: None,
        file: Some(file.display().to_string()),
    };
    place::save(&settings_file()?, &choice)?;
    app.restart()
}
