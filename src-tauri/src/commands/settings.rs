//! Settings: the institution, its people (staff, inventors, experts), KPI targets, the foreign
//! offices' closing days and the institution's signing key.

use chizai_core::domain::PersonId;
use chizai_core::kpi::{self, Target, Trajectory};
use chizai_core::portfolio::{self, Institution, Person, PersonEntry};
use chizai_core::settings::{self, OfficeClosingDays, SigningKey};
use chizai_core::store::health::{self, CheckRecord};
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

/// The institution of this database.
#[tauri::command]
pub async fn get_institution(state: State<'_, AppState>) -> CommandResult<Institution> {
    state.read(portfolio::get_institution).await
}

/// Changes the institution's name and officers; `loaded` is what the form showed.
#[tauri::command]
pub async fn set_institution(
    state: State<'_, AppState>,
    institution: Institution,
    loaded: Option<Institution>,
) -> CommandResult<()> {
    state
        .write("set institution", move |w| {
            portfolio::edit_institution(w, &institution, loaded.as_ref())
        })
        .await
}

/// Every person with the obsolete mark (the settings' staff list).
#[tauri::command]
pub async fn list_person_entries(state: State<'_, AppState>) -> CommandResult<Vec<PersonEntry>> {
    state.read(portfolio::list_person_entries).await
}

/// Adds a person (`id` absent) or changes one; returns the id.
#[tauri::command]
pub async fn save_person(
    state: State<'_, AppState>,
    id: Option<PersonId>,
    person: Person,
    loaded: Option<Person>,
) -> CommandResult<PersonId> {
    state
        .write("save person", move |w| match id {
            Some(id) => portfolio::update_person(w, id, &person, loaded.as_ref()).map(|()| id),
            None => portfolio::create_person(w, &person),
        })
        .await
}

/// Marks a person obsolete, or active again; nothing is deleted.
#[tauri::command]
pub async fn set_person_obsolete(
    state: State<'_, AppState>,
    id: PersonId,
    obsolete: bool,
) -> CommandResult<()> {
    state
        .write("mark person obsolete", move |w| {
            portfolio::set_person_obsolete(w, id, obsolete)
        })
        .await
}

/// Every KPI target with its year-by-year trajectory and the actual values.
#[tauri::command]
pub async fn kpi_targets(state: State<'_, AppState>) -> CommandResult<Vec<Trajectory>> {
    state.read(kpi::targets).await
}

/// Adds a KPI target; returns its id.
#[tauri::command]
pub async fn create_kpi_target(state: State<'_, AppState>, target: Target) -> CommandResult<i64> {
    state
        .write("create KPI target", move |w| kpi::create_target(w, &target))
        .await
}

/// The closing days of the USPTO, EPO and WIPO in `year` (read-only data shipped with Chizai).
#[tauri::command]
pub fn foreign_closing_days(year: i32) -> CommandResult<Vec<OfficeClosingDays>> {
    Ok(settings::foreign_closing_days(year)?)
}

/// The institution's public signing key, if one has been made.
#[tauri::command]
pub async fn signing_key(state: State<'_, AppState>) -> CommandResult<Option<SigningKey>> {
    Ok(settings::signing_key(&state.db_path)?)
}

/// The keys whose snapshots this desk opens without asking: its own and those pinned here
/// (fingerprints, as an auditor compares them).
#[tauri::command]
pub async fn trusted_keys(state: State<'_, AppState>) -> CommandResult<Vec<String>> {
    let pinned = chizai_core::snapshot::trust::pinned(&state.db_path)?;
    Ok(pinned.iter().map(|k| k.grouped()).collect())
}

/// Pins the key with `fingerprint` (as the institution handed it over) so that its snapshots open
/// here; `note` says whose it is. Returns how the key is shown.
#[tauri::command]
pub async fn trust_key(
    state: State<'_, AppState>,
    fingerprint: String,
    note: String,
) -> CommandResult<String> {
    let (key, _) = chizai_core::snapshot::trust::pin(&state.db_path, &fingerprint, &note)?;
    Ok(key.grouped())
}

/// The last integrity check of the database (SQLite's quick_check), None before the first.
#[tauri::command]
pub async fn integrity_status(state: State<'_, AppState>) -> CommandResult<Option<CheckRecord>> {
    state.read(health::last).await
}
