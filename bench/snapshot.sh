#!/usr/bin/env bash
# Snapshot speed (release bench): a demo database of 100,000 applications, then snapshot create,
# verify-and-open, and the file size against the database. Budgets: create ≤ 2 s, verify ≤ 1 s,
# file ≤ 1.2 × database. CHIZAI_BENCH_SCALE=N changes the portfolio size; CHIZAI_BENCH_DIR the
# folder for the temporary database (default: the system temp folder; removed afterwards).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench --workspace --bench snapshot
