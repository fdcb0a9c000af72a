#!/usr/bin/env bash
# Docket speed: the engine bench (in-process) and `chizai calc` end to end (process start
# included), both on release builds. Target: calc ≤ 10 ms.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench --workspace --bench docket
cargo build --workspace --release --bin chizai
target_dir="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
bin="$target_dir/release/chizai"
runs=50
start=$(date +%s%N)
for _ in $(seq "$runs"); do
  "$bin" calc --office JP --event filed=2019-12-27 --event registered=2024-01-05 \
    --event oa_dispatched=2022-11-01 --format json >/dev/null
done
end=$(date +%s%N)
echo "chizai calc end to end: $(( (end - start) / runs / 1000 )) µs per run (mean of $runs, process start included)"
