//! Collaboration activities (産学連携活動): per fiscal year, recording one, and what it led to.

use chizai_core::activities::{self, Activity, ActivityId};
use chizai_core::agreements::AgreementId;
use chizai_core::portfolio::{self, Person};
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

/// The activities that took place, or ran, in fiscal year `fiscal_year`, in date order.
#[tauri::command]
pub async fn list_activities(
    state: State<'_, AppState>,
    fiscal_year: i32,
) -> CommandResult<Vec<Activity>> {
    state
        .read(move |conn| activities::list(conn, None, Some(fiscal_year)))
        .await
}

/// Records an activity; validation errors name the field.
#[tauri::command]
pub async fn create_activity(
    state: State<'_, AppState>,
    activity: Activity,
) -> CommandResult<ActivityId> {
    state
        .write("recording an activity", move |w| {
            activities::create_activity(w, &activity)
        })
        .await
}

/// Records what an activity led to: a later activity, an agreement, or (both `None`) nothing.
#[tauri::command]
pub async fn set_activity_led_to(
    state: State<'_, AppState>,
    id: ActivityId,
    activity: Option<ActivityId>,
    agreement: Option<AgreementId>,
) -> CommandResult<()> {
    state
        .write("linking an activity", move |w| {
            activities::set_led_to(w, id, activity, agreement)
        })
        .await
}

/// Every person (researchers and coordinators named on activities).
#[tauri::command]
pub async fn list_people(state: State<'_, AppState>) -> CommandResult<Vec<Person>> {
    state.read(portfolio::list_people).await
}
