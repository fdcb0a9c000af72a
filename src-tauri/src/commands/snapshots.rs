//! Snapshots (監査) and auditor mode.
//!
//! Snapshots live in the desk's `snapshots` folder beside the database. Opening one for an auditor
//! verifies it completely (signed by a key pinned here: the institution's own key when the desk has
//! one, or one pinned in the settings — any other signer is refused), then puts its
//! read-only store in place of the desk's: every screen reads the snapshot and every write is
//! refused by the core (`ReadOnly`). The desk's store and the snapshot's extracted files are kept
//! here until "return to the desk" swaps them back.

use std::path::PathBuf;
use std::sync::Mutex;

use chizai_core::snapshot::desk::{self, HeldFiles, SnapshotListing, Verified};
use chizai_core::snapshot::{trust, CreateOptions, SnapshotDiff, TrustedKey};
use chizai_core::store::Store;
use chrono::NaiveDate;
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, State};
use ts_rs::TS;

use super::tasks::{self, ProgressEvent};
use crate::error::{CommandError, CommandResult, ErrorCode};
use crate::place::Place;
use crate::state::{now, today, AppState};
use crate::stores::ReadFrom;

/// The open auditor snapshot: the desk's store waiting to come back, and the snapshot's files.
struct AuditSession {
    desk: Store,
    verified: Verified,
    // Dropped after the snapshot's store is closed (see `return_to_desk`).
    files: HeldFiles,
}

/// Auditor mode, when on.
#[derive(Default)]
pub struct Auditor(Mutex<Option<AuditSession>>);

impl std::fmt::Debug for Auditor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Auditor")
    }
}

/// Where the attachments of the open database are: the snapshot's own in auditor mode, else
/// the folder beside the desk's database.
pub fn attachments_dir(state: &AppState, auditor: &Auditor) -> CommandResult<std::path::PathBuf> {
    if let Some(session) = lock(auditor)?.as_ref() {
        return Ok(session.files.data_dir());
    }
    Ok(chizai_core::snapshot::data_dir_of(&state.db_path))
}

/// What the window is looking at: the desk, or a verified snapshot in auditor mode.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Session {
    /// The snapshot open in auditor mode (read-only everywhere), if any.
    pub auditor: Option<Verified>,
}

fn lock(auditor: &Auditor) -> CommandResult<std::sync::MutexGuard<'_, Option<AuditSession>>> {
    auditor.0.lock().map_err(|_| {
        CommandError::new(
            ErrorCode::Internal,
            "auditor mode was poisoned by an earlier failure",
        )
    })
}

/// The pinned key that signed `path` (the desk's own, or one pinned in the settings); a snapshot
/// signed by any other key is refused with its signer's fingerprint.
fn pinned_signer(db_path: &std::path::Path, path: &std::path::Path) -> CommandResult<TrustedKey> {
    let pinned = trust::pinned(db_path)?;
    Ok(trust::choose(path, None, &pinned)?)
}

/// The current session: whether auditor mode is on, and which snapshot.
#[tauri::command]
pub fn session(auditor: State<'_, Auditor>) -> CommandResult<Session> {
    Ok(Session {
        auditor: lock(&auditor)?.as_ref().map(|s| s.verified.clone()),
    })
}

/// The snapshots in the desk's folder, newest as-of first.
#[tauri::command]
pub async fn list_snapshots(state: State<'_, AppState>) -> CommandResult<Vec<SnapshotListing>> {
    Ok(desk::list(&desk::desk_dir(&state.db_path))?)
}

/// Takes a snapshot as of `as_of` (default today) into the desk's folder; refused in auditor mode.
/// `passphrase` opens a sealed signing key (`chizai key seal`); without it the environment or the
/// OS keyring is asked, and a refusal has the field `passphrase`, so the form asks for it.
#[tauri::command]
pub async fn create_snapshot(
    app: AppHandle,
    task_id: String,
    on_progress: Channel<ProgressEvent>,
    as_of: Option<NaiveDate>,
    note: Option<String>,
    passphrase: Option<String>,
) -> CommandResult<SnapshotListing> {
    tasks::run(app, task_id, on_progress, move |state, _, progress| {
        let opts = CreateOptions {
            as_of: as_of.unwrap_or_else(today),
            note: note.filter(|n| !n.trim().is_empty()),
            now: now(),
            passphrase: passphrase.filter(|p| !p.is_empty()),
        };
        state
            .stores()
            .with_store(|store| desk::create_at_desk(store, &state.db_path, &opts, progress))
    })
    .await
}

/// Verifies `path` completely: signature (against the institution's key), content, audit chain.
#[tauri::command]
pub async fn verify_snapshot(
    app: AppHandle,
    task_id: String,
    on_progress: Channel<ProgressEvent>,
    path: PathBuf,
) -> CommandResult<Verified> {
    tasks::run(app, task_id, on_progress, move |state, _, progress| {
        let trusted = pinned_signer(&state.db_path, &path)?;
        Ok(desk::verify(&path, Some(&trusted), progress)?)
    })
    .await
}

/// Compares two snapshots (`old` the earlier), section by section.
#[tauri::command]
pub async fn diff_snapshots(
    app: AppHandle,
    task_id: String,
    on_progress: Channel<ProgressEvent>,
    old: PathBuf,
    new: PathBuf,
) -> CommandResult<SnapshotDiff> {
    tasks::run(app, task_id, on_progress, move |state, _, progress| {
        let pinned = trust::pinned(&state.db_path)?;
        Ok(trust::diff_pinned(&old, &new, None, &pinned, progress)?)
    })
    .await
}

/// Verifies `path` and, only if it holds, switches the window to auditor mode on it.
#[tauri::command]
pub async fn open_auditor(
    app: AppHandle,
    task_id: String,
    on_progress: Channel<ProgressEvent>,
    path: PathBuf,
) -> CommandResult<Session> {
    let handle = app.clone();
    tasks::run(app, task_id, on_progress, move |state, _, progress| {
        let auditor = handle.state::<Auditor>();
        let mut current = lock(&auditor)?;
        if current.is_some() {
            return Err(CommandError::new(
                ErrorCode::Conflict,
                "a snapshot is already open in auditor mode: return to the desk first",
            ));
        }
        let trusted = pinned_signer(&state.db_path, &path)?;
        let (store, verified, files) = desk::open_for_audit(&path, Some(&trusted), progress)?;
        let desk = state.stores().replace_store(store, ReadFrom::Store)?;
        *current = Some(AuditSession {
            desk,
            verified: verified.clone(),
            files,
        });
        Ok(Session {
            auditor: Some(verified),
        })
    })
    .await
}

/// Leaves auditor mode: the desk's store comes back and the snapshot's files are removed.
#[tauri::command]
pub async fn return_to_desk(
    state: State<'_, AppState>,
    auditor: State<'_, Auditor>,
) -> CommandResult<Session> {
    let Some(session) = lock(&auditor)?.take() else {
        return Ok(Session { auditor: None });
    };
    let url = match &state.place {
        Place::Server(url) => Some(url.clone()),
        Place::File(_) => None,
    };
    state
        .run(move |stores| {
            let from = ReadFrom::of(&session.desk, url.as_deref());
            let snapshot = stores.replace_store(session.desk, from)?;
            // The snapshot's database closes before its folder is removed (Windows keeps open files).
            drop(snapshot);
            drop(session.files);
            Ok(Session { auditor: None })
        })
        .await
}
