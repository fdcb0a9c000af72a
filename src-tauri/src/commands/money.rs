//! Income and inventor compensation (収入・補償): income per fiscal year, the year's computed
//! compensation per inventor, and marking an inventor's compensation paid.

use chizai_core::domain::PersonId;
use chizai_core::money::compensation::{self, Distribution, Payment};
use chizai_core::money::{self, Income, IncomeId, IncomeRow};
use chrono::NaiveDate;
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

/// Income entries of fiscal year `fiscal_year`, by date.
#[tauri::command]
pub fn list_income(state: State<'_, AppState>, fiscal_year: i32) -> CommandResult<Vec<IncomeRow>> {
    state.read(|conn| money::list_income(conn, Some(fiscal_year)))
}

/// Books an income entry (licence fee, royalty, research fund…) against its agreement.
#[tauri::command]
pub fn create_income(state: State<'_, AppState>, income: Income) -> CommandResult<IncomeId> {
    state.write("recording income", |w| money::create_income(w, &income))
}

/// The compensation owed to inventors for `fiscal_year` under the rule in effect then.
#[tauri::command]
pub fn compensation(state: State<'_, AppState>, fiscal_year: i32) -> CommandResult<Distribution> {
    state.read(|conn| compensation::compute(conn, fiscal_year))
}

/// Marks `person`'s compensation for `fiscal_year` paid on `paid_on`, freezing the amount.
#[tauri::command]
pub fn mark_compensation_paid(
    state: State<'_, AppState>,
    fiscal_year: i32,
    person: PersonId,
    paid_on: NaiveDate,
) -> CommandResult<Payment> {
    state.write("marking compensation paid", |w| {
        compensation::mark_paid(w, fiscal_year, person, paid_on)
    })
}
