//! The portfolio: the application listing (search, filters, pages), one application's detail,
//! the invention disclosures.

use chizai_core::domain::ApplicationId;
use chizai_core::portfolio::{
    self, ApplicationDetail, ApplicationQuery, ApplicationRow, Disclosure, Page,
};
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

/// A page of applications matching `query` (Japanese substrings match through the FTS index).
#[tauri::command]
pub fn list_applications(
    state: State<'_, AppState>,
    query: ApplicationQuery,
) -> CommandResult<Page<ApplicationRow>> {
    state.read(|conn| portfolio::list_applications(conn, &query))
}

/// One application with its family, events, inventors, co-applicants and costs.
#[tauri::command]
pub fn application_detail(
    state: State<'_, AppState>,
    id: ApplicationId,
) -> CommandResult<ApplicationDetail> {
    state.read(|conn| portfolio::get_application_detail(conn, id))
}

/// Every invention disclosure, newest first.
#[tauri::command]
pub fn list_disclosures(state: State<'_, AppState>) -> CommandResult<Vec<Disclosure>> {
    state.read(|conn| portfolio::list_disclosures(conn, true))
}
