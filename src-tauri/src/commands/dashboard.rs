//! The dashboard: the fiscal year's KPIs.

use chizai_core::kpi::{self, KpiYear};
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

/// The KPIs of fiscal year `fiscal_year` (年度, April–March, named by its first year).
#[tauri::command]
pub async fn kpi_year(state: State<'_, AppState>, fiscal_year: i32) -> CommandResult<KpiYear> {
    state
        .read(move |conn| kpi::compute(conn, fiscal_year))
        .await
}
