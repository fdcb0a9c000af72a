//! The webview may call exactly the commands the app registers: `generate_handler!` in lib.rs, the
//! app manifest in build.rs and the capability's `allow-…` entries name the same commands. A
//! command added to one list and not the others fails here instead of failing (or being open)
//! at run time. The UI names commands only through the generated `Command` type (see
//! `bindings.rs`), and every registered command is called from the UI.

use std::collections::BTreeSet;

fn quoted_after(text: &str, start: &str, end: &str) -> BTreeSet<String> {
    let body = text
        .split_once(start)
        .and_then(|(_, rest)| rest.split_once(end))
        .map(|(body, _)| body)
        .unwrap_or_default();
    body.split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

/// The commands in `generate_handler!` (lib.rs), by name.
pub(crate) fn handler_commands() -> BTreeSet<String> {
    include_str!("lib.rs")
        .split("generate_handler![")
        .nth(1)
        .and_then(|rest| rest.split(']').next())
        .unwrap_or_default()
        .split(',')
        .filter_map(|path| path.trim().rsplit("::").next())
        .filter(|name| !name.is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn handler_manifest_and_capability_name_the_same_commands() {
    let handler = handler_commands();
    assert!(
        handler.len() > 50,
        "the handler list was found: {}",
        handler.len()
    );
    let manifest = quoted_after(include_str!("../build.rs"), "const COMMANDS", "];");
    assert_eq!(manifest, handler, "build.rs COMMANDS = generate_handler!");
    let capability: serde_json::Value =
        serde_json::from_str(include_str!("../capabilities/default.json")).unwrap_or_default();
    let allowed: BTreeSet<String> = capability["permissions"]
        .as_array()
        .map(|list| {
            list.iter()
                .filter_map(|p| p.as_str())
                .filter_map(|p| p.strip_prefix("allow-"))
                .map(|c| c.replace('-', "_"))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        allowed, handler,
        "capabilities/default.json allows each command, and no other"
    );
}

/// Every command file, as the compiler sees it.
const COMMAND_FILES: [(&str, &str); 16] = [
    ("activities", include_str!("commands/activities.rs")),
    ("agreements", include_str!("commands/agreements.rs")),
    ("app", include_str!("commands/app.rs")),
    ("audit", include_str!("commands/audit.rs")),
    ("dashboard", include_str!("commands/dashboard.rs")),
    ("database", include_str!("commands/database.rs")),
    ("docket", include_str!("commands/docket.rs")),
    ("money", include_str!("commands/money.rs")),
    ("policies", include_str!("commands/policies.rs")),
    ("portfolio", include_str!("commands/portfolio.rs")),
    ("reminders", include_str!("commands/reminders.rs")),
    ("reports", include_str!("commands/reports.rs")),
    ("settings", include_str!("commands/settings.rs")),
    ("snapshots", include_str!("commands/snapshots.rs")),
    ("tasks", include_str!("commands/tasks.rs")),
    ("transfer", include_str!("commands/transfer.rs")),
];

/// Each command's signature (from `pub` to the body's brace), by file.
pub(crate) fn command_signatures() -> Vec<(&'static str, &'static str)> {
    let mut out = Vec::new();
    for (file, text) in COMMAND_FILES {
        for item in text.split("#[tauri::command]").skip(1) {
            let signature = item
                .split_once("pub ")
                .and_then(|(_, rest)| rest.split_once('{'))
                .map(|(sig, _)| sig)
                .unwrap_or_default();
            out.push((file, signature));
        }
    }
    out
}

#[test]
fn every_command_on_the_store_runs_off_the_main_thread() {
    // Tauri runs a sync command on the main thread, where a wait for the database freezes the
    // window; an `async` one runs on its pool, and `AppState` sends the work to a blocking worker.
    let signatures = command_signatures();
    let on_store: Vec<_> = signatures
        .iter()
        .filter(|(_, sig)| sig.contains("AppState"))
        .collect();
    assert!(
        on_store.len() > 50,
        "the commands on the store were found: {}",
        on_store.len()
    );
    let sync: Vec<String> = on_store
        .iter()
        .filter(|(_, sig)| !sig.starts_with("async fn"))
        .map(|(file, sig)| {
            format!(
                "commands/{file}.rs: {}",
                sig.lines().next().unwrap_or_default()
            )
        })
        .collect();
    assert!(sync.is_empty(), "sync commands on the store: {sync:#?}");
}

/// Every `.ts` and `.svelte` file of the UI outside the generated bindings.
fn ui_sources(dir: &std::path::Path, out: &mut Vec<(String, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if !path.ends_with("bindings") {
                ui_sources(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "ts" || e == "svelte") {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            out.push((path.display().to_string(), text));
        }
    }
}

/// The functions a UI source imports by name from the generated bindings, as (function, the
/// name it is called by there): `import { a, b as c } from '../bindings/commands'`.
fn imported_commands(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("import {") {
        rest = &rest[at + "import {".len()..];
        let Some(close) = rest.find('}') else { break };
        let (names, after) = rest.split_at(close);
        let from_bindings = after
            .lines()
            .next()
            .is_some_and(|l| l.contains("bindings/commands'") || l.contains("bindings/commands\""));
        if from_bindings {
            for item in names.split(',').map(str::trim).filter(|i| !i.is_empty()) {
                let mut parts = item.split(" as ").map(str::trim);
                let function = parts.next().unwrap_or_default().to_owned();
                let local = parts.next().map_or_else(|| function.clone(), str::to_owned);
                out.push((function, local));
            }
        }
    }
    out
}

#[test]
fn named_imports_of_the_bindings_count_as_calls() {
    // The check below must see `import { a, b as c } from '…/bindings/commands'` — and only
    // imports from the bindings.
    let text = "import { appInfo, cancelTask as stop } from '../bindings/commands';\n\
                import { other } from '../lib/api';\n";
    assert_eq!(
        imported_commands(text),
        [
            ("appInfo".to_owned(), "appInfo".to_owned()),
            ("cancelTask".to_owned(), "stop".to_owned())
        ]
    );
}

#[test]
fn every_registered_command_is_called_from_the_ui() {
    // A command the UI never calls is surface for nothing (the capability allows it); the names
    // the UI calls are checked against the registered ones by svelte-check (`Command`).
    let mut sources = Vec::new();
    ui_sources(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src"),
        &mut sources,
    );
    assert!(
        sources.len() > 20,
        "the UI sources were found: {}",
        sources.len()
    );
    // Called through its typed function in the generated bindings: `commands.kpiYear(…)`, or
    // `kpiYear(…)` (under its own or another name) after `import { kpiYear } from
    // '…/bindings/commands'`; or by its name (`call('kpi_year', …)`).
    let unused: Vec<String> = handler_commands()
        .into_iter()
        .filter(|name| {
            let camel = crate::bindings::camel(name);
            let uses = [
                format!("'{name}'"),
                format!("\"{name}\""),
                format!("commands.{camel}("),
            ];
            !sources.iter().any(|(_, text)| {
                uses.iter().any(|q| text.contains(q.as_str()))
                    || imported_commands(text)
                        .iter()
                        .any(|(f, local)| *f == camel && text.contains(&format!("{local}(")))
            })
        })
        .collect();
    assert!(
        unused.is_empty(),
        "registered but never called from ui/src: {unused:?}"
    );
}
