//! Import and export (取込・出力): a register sheet planned (dry run) and imported, a register
//! exported to the file the save dialog gave.

use std::path::PathBuf;

use chizai_core::export;
use chizai_core::import::{self, ImportOptions, ImportReport, Kind};
use chizai_core::store::Actor;
use tauri::ipc::Channel;
use tauri::AppHandle;

use super::tasks::{self, ProgressEvent};
use crate::error::CommandResult;
use crate::state::now;

/// The kinds a sheet can be imported as (whatever the core offers).
#[tauri::command]
pub fn import_kinds() -> Vec<Kind> {
    Kind::ALL.to_vec()
}

/// The registers that can be exported (their `kind` names).
#[tauri::command]
pub fn export_registers() -> Vec<&'static str> {
    export::registers()
}

/// Plans (`dry_run`) or imports the sheet `path` as `kind`: the report lists what is created,
/// updated and unchanged and every problem by row and column. A real import writes only when
/// there are no problems (or `skip_invalid`), in one audited transaction; refused in auditor mode.
#[tauri::command]
#[allow(clippy::too_many_arguments)]
pub async fn import_sheet(
    app: AppHandle,
    task_id: String,
    on_progress: Channel<ProgressEvent>,
    path: PathBuf,
    kind: String,
    sheet: Option<String>,
    dry_run: bool,
    skip_invalid: bool,
) -> CommandResult<ImportReport> {
    tasks::run(app, task_id, on_progress, move |state, _, progress| {
        let opts = ImportOptions {
            kind: Kind::parse(&kind)?,
            sheet: sheet.filter(|s| !s.trim().is_empty()),
            mapping: Default::default(),
            dry_run,
            skip_invalid,
        };
        // The file is read and checked before the store is locked: other commands keep working
        // while a large sheet is parsed, and a hostile one never fails while holding the lock.
        let table = import::sheet::read_table(&path, opts.sheet.as_deref())?;
        state.stores().with_store(|store| {
            import::import_table(store, &table, &opts, &Actor::from_env(), now(), progress)
        })
    })
    .await
}

/// Exports the register `kind` as `format` (xlsx, csv, json) to `path`; returns the bytes written.
#[tauri::command]
pub async fn export_register(
    app: AppHandle,
    task_id: String,
    on_progress: Channel<ProgressEvent>,
    kind: String,
    format: String,
    path: PathBuf,
) -> CommandResult<u64> {
    tasks::run(app, task_id, on_progress, move |state, tasks, progress| {
        let bytes = state
            .stores()
            .read_detached(|conn| export::export_to_file(conn, &kind, &format, &path, progress))?;
        tasks.remember(&path);
        Ok(bytes)
    })
    .await
}
