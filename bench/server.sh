#!/usr/bin/env bash
# The office server's speed table (issue 12): PostgreSQL over a local socket side by side with the
# SQLite file of the same seed, at 100,000 applications (CHIZAI_BENCH_SCALE to change). Starts a
# throwaway cluster (scripts/pg-test-cluster.sh) kept in CHIZAI_BENCH_DIR with the two demo
# databases, so a second run measures at once.
set -euo pipefail
cd "$(dirname "$0")/.."
scale="${CHIZAI_BENCH_SCALE:-100000}"
export CHIZAI_BENCH_SCALE="$scale"
export CHIZAI_BENCH_DIR="${CHIZAI_BENCH_DIR:-${TMPDIR:-/tmp}/chizai-bench-server-$scale}"
mkdir -p "$CHIZAI_BENCH_DIR"
CHIZAI_BENCH_PG="$(scripts/pg-test-cluster.sh start "$CHIZAI_BENCH_DIR/pg")"
export CHIZAI_BENCH_PG
trap 'scripts/pg-test-cluster.sh stop "$CHIZAI_BENCH_DIR/pg" >/dev/null 2>&1 || true' EXIT
cargo bench --workspace --bench server
