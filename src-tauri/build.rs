//! Generates the Tauri context (config, ACL, embedded UI) in the build script rather than in
//! `generate_context!`, so that cargo's `rerun-if-changed` on `ui/dist` re-embeds a rebuilt UI
//! without touching any Rust file.
//!
//! When `ui/dist` has not been built yet (a fresh clone where `scripts/build-ui.sh` has not run),
//! a one-page placeholder is written there so the workspace still compiles; the page says how to
//! build the real UI, and the end-to-end tests fail on it loudly.
use std::path::Path;

const PLACEHOLDER: &str = "<!doctype html><html lang=\"ja\"><head><meta charset=\"utf-8\">\
<title>Chizai</title></head><body data-placeholder=\"true\"><h1>Chizai 知財</h1>\
<p>The UI has not been built: run <code>scripts/build-ui.sh</code>, then build again.</p>\
</body></html>\n";

/// Every command in `generate_handler!` (src/lib.rs). Tauri generates an `allow-…` permission for
/// each, and once an app manifest exists only the commands a capability allows can be called from
/// the webview: `capabilities/default.json` lists them (a test checks the three lists agree).
const COMMANDS: &[&str] = &[
    "app_info",
    "database_settings",
    "test_database",
    "save_database_settings",
    "save_server_password",
    "create_missing_database",
    "open_other_database",
    "integrity_status",
    "open_policy_document",
    "recent_audit",
    "verify_audit",
    "kpi_year",
    "list_docket",
    "docket_month",
    "deadline_detail",
    "deadline_overview",
    "mark_deadline_done",
    "waive_deadline",
    "add_manual_deadline",
    "record_event",
    "export_docket",
    "print_docket",
    "list_applications",
    "application_detail",
    "list_disclosures",
    "list_agreements",
    "agreement_detail",
    "create_agreement",
    "update_agreement",
    "resolve_agreement_link",
    "describe_agreement_links",
    "terminate_agreement",
    "policy_register",
    "approve_policy_version",
    "list_activities",
    "create_activity",
    "set_activity_led_to",
    "list_people",
    "list_income",
    "create_income",
    "compensation",
    "mark_compensation_paid",
    "cancel_task",
    "report_kinds",
    "generate_report",
    "open_output",
    "import_kinds",
    "export_registers",
    "import_sheet",
    "export_register",
    "session",
    "list_snapshots",
    "create_snapshot",
    "verify_snapshot",
    "diff_snapshots",
    "open_auditor",
    "return_to_desk",
    "save_application",
    "save_disclosure",
    "list_families",
    "list_organisations",
    "parse_typed_date",
    "preview_application_number",
    "get_institution",
    "set_institution",
    "list_person_entries",
    "save_person",
    "set_person_obsolete",
    "kpi_targets",
    "create_kpi_target",
    "foreign_closing_days",
    "signing_key",
    "trusted_keys",
    "trust_key",
    "reminder_panel",
    "save_reminder_settings",
    "save_smtp_password",
    "send_test_mail",
];

fn main() {
    let dist = Path::new("../ui/dist");
    let index = dist.join("index.html");
    if !index.exists() {
        println!("cargo:warning=ui/dist is missing: embedding a placeholder page; run scripts/build-ui.sh");
        if let Err(err) =
            std::fs::create_dir_all(dist).and_then(|()| std::fs::write(&index, PLACEHOLDER))
        {
            println!("cargo:warning=could not write the ui/dist placeholder: {err}");
        }
    }
    println!("cargo:rerun-if-changed=../ui/dist");
    let attributes = tauri_build::Attributes::new()
        .codegen(tauri_build::CodegenContext::new())
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(err) = tauri_build::try_build(attributes) {
        println!("cargo:warning=tauri-build failed: {err:#}");
        std::process::exit(1);
    }
}
