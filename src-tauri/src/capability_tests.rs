//! The webview may call exactly the commands the app registers: `generate_handler!` in lib.rs, the
//! app manifest in build.rs and the capability's `allow-…` entries name the same commands. A
//! command added to one list and not the others fails here instead of failing (or being open)
//! at run time.

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

#[test]
fn handler_manifest_and_capability_name_the_same_commands() {
    let lib = include_str!("lib.rs");
    let handler: BTreeSet<String> = lib
        .split("generate_handler![")
        .nth(1)
        .and_then(|rest| rest.split(']').next())
        .unwrap_or_default()
        .split(',')
        .filter_map(|path| path.trim().rsplit("::").next())
        .filter(|name| !name.is_empty())
        .map(str::to_owned)
        .collect();
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
