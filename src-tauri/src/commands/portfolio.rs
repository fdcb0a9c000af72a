//! The portfolio: the application listing (search, filters, pages), one application's detail,
//! the invention disclosures, and the saves and previews behind their forms.

use chizai_core::domain::{ApplicationId, DisclosureId, Office};
use chizai_core::portfolio::{
    self, Application, ApplicationDetail, ApplicationQuery, ApplicationRow, Disclosure, Family,
    Organisation, Page,
};
use chrono::NaiveDate;
use tauri::State;

use crate::error::CommandResult;
use crate::state::{today, AppState};

/// A page of applications matching `query` (Japanese substrings match through the FTS index).
#[tauri::command]
pub async fn list_applications(
    state: State<'_, AppState>,
    query: ApplicationQuery,
) -> CommandResult<Page<ApplicationRow>> {
    state
        .read(move |conn| portfolio::list_applications(conn, &query))
        .await
}

/// One application with its family, events, inventors, co-applicants and costs.
#[tauri::command]
pub async fn application_detail(
    state: State<'_, AppState>,
    id: ApplicationId,
) -> CommandResult<ApplicationDetail> {
    state
        .read(move |conn| portfolio::get_application_detail(conn, id))
        .await
}

/// Every invention disclosure, newest first.
#[tauri::command]
pub async fn list_disclosures(state: State<'_, AppState>) -> CommandResult<Vec<Disclosure>> {
    state
        .read(move |conn| portfolio::list_disclosures(conn, true))
        .await
}

/// Creates (`id` absent) or updates an application, opening `new_family` first when given, and
/// recomputes its deadlines; one audited transaction. Returns the application's id.
#[tauri::command]
pub async fn save_application(
    state: State<'_, AppState>,
    id: Option<ApplicationId>,
    application: Application,
    new_family: Option<Family>,
    seen_version: Option<i64>,
) -> CommandResult<ApplicationId> {
    state
        .write("save application", move |w| {
            portfolio::save_application(
                w,
                id,
                &application,
                new_family.as_ref(),
                today(),
                seen_version,
            )
        })
        .await
}

/// Creates (`id` absent) or updates a disclosure: intake, evaluation and succession decision.
/// `loaded` is the record as the form showed it (a colleague's change since is refused).
#[tauri::command]
pub async fn save_disclosure(
    state: State<'_, AppState>,
    id: Option<DisclosureId>,
    disclosure: Disclosure,
    loaded: Option<Disclosure>,
) -> CommandResult<DisclosureId> {
    state
        .write("save disclosure", move |w| {
            portfolio::save_disclosure(w, id, &disclosure, loaded.as_ref())
        })
        .await
}

/// Every patent family (the application form's family picker).
#[tauri::command]
pub async fn list_families(state: State<'_, AppState>) -> CommandResult<Vec<Family>> {
    state.read(portfolio::list_families).await
}

/// Every organisation (co-applicants, patent firms).
#[tauri::command]
pub async fn list_organisations(state: State<'_, AppState>) -> CommandResult<Vec<Organisation>> {
    state.read(portfolio::list_organisations).await
}

/// A date as typed (西暦, 和暦, R6.4.1 …) read by the core, or a validation error on `field`.
#[tauri::command]
pub fn parse_typed_date(field: String, text: String) -> CommandResult<NaiveDate> {
    Ok(portfolio::parse_typed_date(&field, &text)?)
}

/// The application number as the core will store it for `office`.
#[tauri::command]
pub fn preview_application_number(office: Office, raw: String) -> CommandResult<String> {
    Ok(portfolio::preview_application_number(office, &raw)?)
}
