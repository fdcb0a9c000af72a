#!/usr/bin/env bash
# Runs every test of Chizai on a fresh Debian 12 machine, doing all set-up first: the system
# packages (Tauri's libraries, Xvfb, WebKitWebDriver, poppler, fonts), the UI build (embedded by the
# desktop shell at compile time), tauri-driver for the end-to-end tests; then one build and the
# tests. Tests run under Xvfb so the desktop end-to-end tests have a display.
#
# Why the build step names its targets: the black-box tests need the normal `chizai` and
# `chizai-desktop` binaries, which `cargo test` does not build for another package. A plain
# `cargo build` resolves features WITHOUT the dev-dependencies (fantoccini, tokio's test features,
# proptest …), so `cargo test` afterwards saw other features for syn, tokio, num-traits … and
# recompiled ~150 crates. Building the binaries together with the test targets resolves features
# once, with dev-dependencies, exactly as `cargo test` does: the test step then compiles nothing.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
# Each phase's time is printed at the end (the README's figures come from these lines).
SECONDS=0
"$root/scripts/setup-system.sh"
"$root/scripts/build-ui.sh"
# The UI's types are checked like the Rust: svelte-check (Svelte + TypeScript) fails the run on an error.
(cd "$root/ui" && npx --no-install svelte-check --tsconfig ./tsconfig.json --output human)
"$root/scripts/install-tauri-driver.sh"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
# In CI the desktop end-to-end tests must run: a missing driver fails instead of skipping.
if [ "${CI:-}" = "true" ]; then export CHIZAI_E2E_REQUIRED=1; fi
setup_secs=$SECONDS
cargo build --workspace --locked --lib --bins --tests --examples
build_secs=$((SECONDS - setup_secs))
# A throwaway PostgreSQL for the office-server tests (issue 12): socket only, stopped at exit.
# CHIZAI_TEST_PG is its URL; in CI a missing server fails those tests instead of skipping them.
pg_dir="$(mktemp -d "${TMPDIR:-/tmp}/chizai-pg-test.XXXXXX")"
trap '"$root/scripts/pg-test-cluster.sh" stop "$pg_dir" >/dev/null 2>&1 || true; rm -rf "$pg_dir"' EXIT
CHIZAI_TEST_PG="$("$root/scripts/pg-test-cluster.sh" start "$pg_dir")"
export CHIZAI_TEST_PG
if [ "${CI:-}" = "true" ]; then export CHIZAI_PG_REQUIRED=1; fi
# The reminder tests start their own SMTP sink (aiosmtpd, installed by setup-system.sh); in CI a
# sink that cannot start fails them instead of skipping.
if [ "${CI:-}" = "true" ]; then export CHIZAI_SMTP_REQUIRED=1; fi
xvfb-run -a --server-args="-screen 0 1440x900x24" cargo test --workspace --locked
echo "make test: set-up ${setup_secs}s, build ${build_secs}s, tests $((SECONDS - setup_secs - build_secs))s, total ${SECONDS}s" >&2
