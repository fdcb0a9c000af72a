#!/usr/bin/env bash
# Runs every test of Chizai on a fresh Debian 12 machine, doing all set-up first: the system
# packages (Tauri's libraries, Xvfb, WebKitWebDriver, poppler, fonts), the UI build (embedded by the
# desktop shell at compile time), tauri-driver for the end-to-end tests; then one
# `cargo build --workspace` and `cargo test --workspace` with the same selection and features, so
# nothing is compiled twice. Tests run under Xvfb so the desktop end-to-end tests have a display.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
"$root/scripts/setup-system.sh"
"$root/scripts/build-ui.sh"
"$root/scripts/install-tauri-driver.sh"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
# In CI the desktop end-to-end tests must run: a missing driver fails instead of skipping.
if [ "${CI:-}" = "true" ]; then export CHIZAI_E2E_REQUIRED=1; fi
cargo build --workspace --locked
xvfb-run -a --server-args="-screen 0 1440x900x24" cargo test --workspace --locked
