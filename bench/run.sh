#!/usr/bin/env bash
# Runs Chizai's speed benchmarks in release mode and prints each figure against its budget.
# Usage: bench/run.sh [name ...]   (default: every bench of the workspace)
# CHIZAI_BENCH_SCALE=N changes the portfolio size (default 100000).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$#" -eq 0 ]; then
  cargo bench --workspace
else
  for name in "$@"; do cargo bench --workspace --bench "$name"; done
fi
