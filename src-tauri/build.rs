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
    let attributes = tauri_build::Attributes::new().codegen(tauri_build::CodegenContext::new());
    if let Err(err) = tauri_build::try_build(attributes) {
        println!("cargo:warning=tauri-build failed: {err:#}");
        std::process::exit(1);
    }
}
