#!/usr/bin/env bash
# Builds the Debian package of the desktop app (a release build with the embedded UI) with the
# npm Tauri CLI from ui/node_modules — `cargo install tauri-cli` would take ~11 minutes.
# The .deb lands in <target>/release/bundle/deb/.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/build-ui.sh"
cd "$root/src-tauri"
"$root/ui/node_modules/.bin/tauri" build --bundles deb --ci
