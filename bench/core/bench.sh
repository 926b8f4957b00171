#!/usr/bin/env bash
# The simulation core's figures against the goals of the scale issue, from Google Benchmark in CPU
# time on one core (bench/core/cluster_bench.cpp). Prints a RESULT line a figure for bench/run.sh
# (RESULT|figure|goal|measured|yes or no). Needs jq. About 30 s.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
cmake --build "$BUILD_DIR" --target hb_core_bench >/dev/null
binary=$BUILD_DIR/bench/core/hb_core_bench

json=$(mktemp)
trap 'rm -f "$json"' EXIT
"$binary" --benchmark_format=json --benchmark_filter='DefaultChain|100x100|PodCount' >"$json"

figure() { jq -r --arg name "$1" --arg field "$2" '.benchmarks[] | select(.name | startswith($name)) | .[$field]' "$json"; }

row() {  # name, goal text, measured text, met (0/1)
  printf 'RESULT|%s|%s|%s|%s\n' "$1" "$2" "$3" "$([[ $4 == 1 ]] && echo yes || echo no)"
}

rps=$(figure BM_DefaultChainAt10kRps items_per_second)
row "simulated service requests/s, default chain at 10,000 client req/s each, one core" ">= 10 M" \
  "$(awk -v v="$rps" 'BEGIN { printf "%.2f M", v / 1e6 }')" "$(awk -v v="$rps" 'BEGIN { print (v >= 1e7) }')"

lab=$(figure BM_Lab100x100At100Rps lab_s_per_s)
row "100 services x 100 pods at 100 client req/s each: CPU share of one core in real time" "< 50 %" \
  "$(awk -v v="$lab" 'BEGIN { printf "%.0f %%", 100 / v }')" "$(awk -v v="$lab" 'BEGIN { print (v >= 2) }')"

big=$(figure BM_PodCount/100000 lab_s_per_s)
row "100,000 pods (1,000 services x 100, 10 client req/s each), 10 min of lab time" "< 5 min" \
  "$(awk -v v="$big" 'BEGIN { printf "%.1f min", 600 / v / 60 }')" "$(awk -v v="$big" 'BEGIN { print (600 / v < 300) }')"

for pods in 9 100 1000 10000 100000; do
  echo "bench/core: $pods pods: $(figure "BM_PodCount/$pods/" lab_s_per_s | awk '{ printf "%.1f", $1 }') s of lab time per CPU second" >&2
done
