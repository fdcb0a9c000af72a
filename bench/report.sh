#!/usr/bin/env bash
# Report engine benchmark (issue 5): board report and a 1,000-page register, with Chromium's
# headless --print-to-pdf of the same board-report content for comparison.
#
#   bench/report.sh [--release] [REGISTER_ROWS]
#
# Without --release the bench runs in the dev profile (dependencies are optimised there too, so
# the figures are indicative); with --release it is the final measurement.
set -euo pipefail
cd "$(dirname "$0")/.."
profile=(--profile dev)
if [[ "${1:-}" == "--release" ]]; then profile=(); shift; fi  # cargo bench's own profile is release
rows="${1:-24000}"
out="${TMPDIR:-/tmp}/chizai-bench"
mkdir -p "$out"

echo "== engine (in process)"
cargo bench --workspace --bench report ${profile[@]+"${profile[@]}"} -- "$out" "$rows" | tee "$out/engine.txt"

board_ms=$(sed -n 's/^board_warm_ms=//p' "$out/engine.txt")

chrome=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [[ -z "$chrome" ]]; then
  echo "chromium not installed (apt-get install -y chromium): no comparison"; exit 0
fi
echo "== chromium --headless --print-to-pdf (same board content, 5 runs)"
start=$(date +%s%N)
for _ in 1 2 3 4 5; do
  "$chrome" --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
    --print-to-pdf="$out/board-chromium.pdf" "file://$out/board.html" >/dev/null 2>&1
done
end=$(date +%s%N)
chrome_ms=$(( (end - start) / 5000000 ))
echo "chromium_ms=$chrome_ms"
echo "chromium_bytes=$(stat -c %s "$out/board-chromium.pdf")"
awk -v c="$chrome_ms" -v b="$board_ms" 'BEGIN { printf "ratio_chromium_over_engine=%.0f\n", c / b }'


echo "== budgets (issue 5): board ≤ 300 ms; 1,000-page register ≤ 5,000 ms and ≤ 5 MB; Chromium ratio ≥ 20"
