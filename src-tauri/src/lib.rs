//! Chizai desktop: the Tauri shell around chizai-core.
//!
//! It opens the window on the UI built into `ui/dist`, registers the plugins the UI uses (dialog,
//! opener, notification, window-state) and the typed commands in [`commands`]. It translates and
//! nothing more: no SQL, rule or business decision lives here.

pub mod commands;
pub mod error;
pub mod missing;
pub mod notice;
pub mod painting;
pub mod place;
pub mod state;
pub mod stores;

#[cfg(test)]
mod bindings;
#[cfg(test)]
mod capability_tests;

use state::AppState;
use tauri::Manager;

/// Builds and runs the app until its last window closes.
pub fn run() -> Result<(), Box<dyn std::error::Error>> {
    let state = AppState::open();
    tauri::Builder::default()
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_notification::init())
        .manage(state)
        .manage(commands::tasks::Tasks::default())
        .manage(commands::snapshots::Auditor::default())
        .setup(|app| {
            app.state::<AppState>().announce_waits(app.handle());
            notice::deadlines_at_start(app.handle());
            notice::integrity_in_background(app.handle());
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app::app_info,
            commands::database::database_settings,
            commands::database::test_database,
            commands::database::save_database_settings,
            commands::database::save_server_password,
            commands::database::create_missing_database,
            commands::database::open_other_database,
            commands::settings::integrity_status,
            commands::audit::recent_audit,
            commands::audit::verify_audit,
            commands::dashboard::kpi_year,
            commands::docket::list_docket,
            commands::docket::docket_month,
            commands::docket::deadline_detail,
            commands::docket::deadline_overview,
            commands::docket::mark_deadline_done,
            commands::docket::waive_deadline,
            commands::docket::add_manual_deadline,
            commands::docket::record_event,
            commands::docket::export_docket,
            commands::docket::print_docket,
            commands::portfolio::list_applications,
            commands::portfolio::application_detail,
            commands::portfolio::list_disclosures,
            commands::agreements::list_agreements,
            commands::agreements::agreement_detail,
            commands::agreements::create_agreement,
            commands::agreements::update_agreement,
            commands::agreements::resolve_agreement_link,
            commands::agreements::describe_agreement_links,
            commands::agreements::terminate_agreement,
            commands::policies::policy_register,
            commands::policies::approve_policy_version,
            commands::policies::open_policy_document,
            commands::activities::list_activities,
            commands::activities::create_activity,
            commands::activities::set_activity_led_to,
            commands::activities::list_people,
            commands::money::list_income,
            commands::money::create_income,
            commands::money::compensation,
            commands::money::mark_compensation_paid,
            commands::tasks::cancel_task,
            commands::reports::report_kinds,
            commands::reports::generate_report,
            commands::reports::open_output,
            commands::transfer::import_kinds,
            commands::transfer::export_registers,
            commands::transfer::import_sheet,
            commands::transfer::export_register,
            commands::snapshots::session,
            commands::snapshots::list_snapshots,
            commands::snapshots::create_snapshot,
            commands::snapshots::verify_snapshot,
            commands::snapshots::diff_snapshots,
            commands::snapshots::open_auditor,
            commands::snapshots::return_to_desk,
            commands::portfolio::save_application,
            commands::portfolio::save_disclosure,
            commands::portfolio::list_families,
            commands::portfolio::list_organisations,
            commands::portfolio::parse_typed_date,
            commands::portfolio::preview_application_number,
            commands::settings::get_institution,
            commands::settings::set_institution,
            commands::settings::list_person_entries,
            commands::settings::save_person,
            commands::settings::set_person_obsolete,
            commands::settings::kpi_targets,
            commands::settings::create_kpi_target,
            commands::settings::foreign_closing_days,
            commands::settings::signing_key,
            commands::settings::trusted_keys,
            commands::settings::trust_key,
            commands::reminders::reminder_panel,
            commands::reminders::save_reminder_settings,
            commands::reminders::save_smtp_password,
            commands::reminders::send_test_mail,
        ])
        .run(context())?;
    Ok(())
}

/// The context generated by build.rs (config, ACL, embedded UI). Tauri's generated code unwraps
/// values it has itself validated at build time; clippy sees it because it is `include!`d.
#[allow(clippy::unwrap_used, clippy::expect_used)]
fn context() -> tauri::Context<tauri::Wry> {
    tauri::tauri_build_context!()
}
