//! Agreements (契約): the register with its quick filters, one agreement's detail, recording,
//! editing and terminating, and the organisations that can be parties.

use chizai_core::agreements::{
    self as ag, Agreement, AgreementDetail, AgreementId, AgreementQuery, AgreementRow, Standing,
};
use chrono::NaiveDate;
use tauri::State;

use crate::error::CommandResult;
use crate::state::{today, AppState};

/// The register filtered by `query` and by where each agreement stands today.
#[tauri::command]
pub async fn list_agreements(
    state: State<'_, AppState>,
    query: AgreementQuery,
    standing: Option<Standing>,
) -> CommandResult<Vec<AgreementRow>> {
    state
        .read(move |conn| ag::list_standing(conn, &query, standing, today()))
        .await
}

/// One agreement with its parties' names, covered applications, income and obligations.
#[tauri::command]
pub async fn agreement_detail(
    state: State<'_, AppState>,
    id: AgreementId,
) -> CommandResult<AgreementDetail> {
    let until = chizai_core::horizons::obligations_until(today());
    state
        .read(move |conn| ag::get_detail(conn, id, until))
        .await
}

/// Records a new agreement; validation errors name the field.
#[tauri::command]
pub async fn create_agreement(
    state: State<'_, AppState>,
    agreement: Agreement,
) -> CommandResult<AgreementId> {
    state
        .write("recording an agreement", move |w| {
            ag::create_agreement(w, &agreement)
        })
        .await
}

/// Replaces an agreement's fields, parties, links and terms; `loaded` is the agreement as the
/// form showed it (a colleague's change since is refused).
#[tauri::command]
pub async fn update_agreement(
    state: State<'_, AppState>,
    id: AgreementId,
    agreement: Agreement,
    loaded: Option<Agreement>,
) -> CommandResult<()> {
    state
        .write("editing an agreement", move |w| {
            ag::edit_agreement(w, id, &agreement, loaded.as_ref())
        })
        .await
}

/// Ends an agreement early (解約) on `on`.
#[tauri::command]
pub async fn terminate_agreement(
    state: State<'_, AppState>,
    id: AgreementId,
    on: NaiveDate,
) -> CommandResult<()> {
    state
        .write("terminating an agreement", move |w| {
            ag::terminate_agreement(w, id, on)
        })
        .await
}

/// The application, family or disclosure a typed text names (the form's "covers" list).
#[tauri::command]
pub async fn resolve_agreement_link(
    state: State<'_, AppState>,
    text: String,
) -> CommandResult<ag::LinkTarget> {
    state.read(move |conn| ag::resolve_link(conn, &text)).await
}

/// The stored links of an agreement with their labels, for the form.
#[tauri::command]
pub async fn describe_agreement_links(
    state: State<'_, AppState>,
    links: Vec<ag::Link>,
) -> CommandResult<Vec<ag::LinkTarget>> {
    state
        .read(move |conn| ag::describe_links(conn, &links))
        .await
}
