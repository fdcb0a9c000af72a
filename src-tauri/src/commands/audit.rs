//! The audit trail: the latest changes and a walk of the hash chain.

use chizai_core::store::audit::{self, AuditEntry, ChainReport};
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

/// The `limit` most recent audit rows, newest first.
#[tauri::command]
pub async fn recent_audit(
    state: State<'_, AppState>,
    limit: u32,
) -> CommandResult<Vec<AuditEntry>> {
    state
        .read(move |conn| audit::list_recent(conn, limit))
        .await
}

/// Walks the whole chain and reports the first broken link, if any.
#[tauri::command]
pub async fn verify_audit(state: State<'_, AppState>) -> CommandResult<ChainReport> {
    state.read(audit::verify).await
}
