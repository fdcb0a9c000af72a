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
pub async fn list_income(
    state: State<'_, AppState>,
    fiscal_year: i32,
) -> CommandResult<Vec<IncomeRow>> {
    state
        .read(move |conn| money::list_income(conn, Some(fiscal_year)))
        .await
}

/// Books an income entry (licence fee, royalty, research fund…) against its agreement.
#[tauri::command]
pub async fn create_income(state: State<'_, AppState>, income: Income) -> CommandResult<IncomeId> {
    state
        .write("recording income", move |w| {
            money::create_income(w, &income)
        })
        .await
}

/// The compensation owed to inventors for `fiscal_year` under the rule in effect then.
#[tauri::command]
pub async fn compensation(
    state: State<'_, AppState>,
    fiscal_year: i32,
) -> CommandResult<Distribution> {
    state
        .read(move |conn| compensation::compute(conn, fiscal_year))
        .await
}

/// Marks `person`'s compensation for `fiscal_year` paid on `paid_on`, freezing the amount.
#[tauri::command]
pub async fn mark_compensation_paid(
    state: State<'_, AppState>,
    fiscal_year: i32,
    person: PersonId,
    paid_on: NaiveDate,
) -> CommandResult<Payment> {
    state
        .write("marking compensation paid", move |w| {
            compensation::mark_paid(w, fiscal_year, person, paid_on)
        })
        .await
}
