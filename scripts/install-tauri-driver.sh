#!/usr/bin/env bash
# Installs tauri-driver (the WebDriver bridge the desktop e2e tests talk to), pinned to 2.x:
# without the pin cargo picks a 3.0 alpha. Idempotent: does nothing when a 2.x is on PATH.
set -euo pipefail

export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
# tauri-driver has no --version flag: ask cargo what it installed.
if command -v tauri-driver >/dev/null 2>&1 \
    && cargo install --list 2>/dev/null | grep -Eq '^tauri-driver v2\.'; then
    echo "tauri-driver 2.x present"
    exit 0
fi
# Built from /tmp so the workspace's shared target dir and config stay out of it.
cd /tmp
cargo install tauri-driver --version '~2.1' --locked
