#!/usr/bin/env bash
# Runs the desktop app on the default database (the OS data directory, or CHIZAI_DB); on first
# start with no database the app creates the demo institution. Does all set-up first: system
# packages, the UI build, one `cargo build --workspace` (the same build the tests use).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/setup-system.sh"
"$root/scripts/build-ui.sh"
cd "$root"
cargo build --workspace
target_dir="$(cargo metadata --format-version 1 --no-deps | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')"
exec "$target_dir/debug/chizai-desktop" "$@"
