#!/usr/bin/env bash
# Builds the UI into ui/dist, which the desktop shell embeds at compile time (frontendDist): run it
# before any `cargo build`/`cargo test` of the workspace. Idempotent and quick when nothing changed:
# `npm ci` runs only when package-lock.json is newer than the installed tree, Vite only when a
# source file is newer than the last build.
set -euo pipefail

cd "$(dirname "$0")/../ui"

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund
fi

stamp=dist/index.html
if [ -f "$stamp" ] && [ -z "$(find src public index.html vite.config.ts svelte.config.js tsconfig.json package-lock.json -newer "$stamp" -print -quit)" ]; then
    echo "ui/dist is up to date"
    exit 0
fi
npx --no-install vite build --logLevel warn
echo "ui/dist built"
