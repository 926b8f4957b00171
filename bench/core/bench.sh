#!/usr/bin/env bash
# The simulation core's figures against the goals of the scale issue, from Google Benchmark in CPU
# time on one core (bench/core/cluster_bench.cpp). Prints a RESULT line a figure for bench/run.sh
# (RESULT|figure|goal|measured|yes or no). Needs jq. About 3 minutes, most of it the 30-day run
# (MONTH_SAMPLE=6h: about 40 s).
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
cmake --build "$BUILD_DIR" --target hb_core_bench >/dev/null
binary=$BUILD_DIR/bench/core/hb_core_bench

json=$(mktemp)
trap 'rm -f "$json"' EXIT
"$binary" --benchmark_format=json --benchmark_filter='DefaultChain|100x100|PodCount|Pods100k' >"$json"

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

big=$(figure BM_Pods100kFor30s lab_s_per_s)
row "100,000 pods (1,000 services x 100, 10 client req/s each), 10 min of lab time" "< 5 min" \
  "$(awk -v v="$big" 'BEGIN { printf "%.1f min", 600 / v / 60 }')" "$(awk -v v="$big" 'BEGIN { print (600 / v < 300) }')"

# 30 days of the default lab in virtual time: an experiment whose method is MONTH_SAMPLE of lab
# time in pauses of at most a day (a pause's limit), run by the binary. The default is the whole
# month, about 2.5 minutes; a shorter sample (6h, 2d) is scaled to 30 days, which comes out a
# little optimistic (docs/benchmarks.md): the cost of a lab hour does not grow with the lab's age
# (every window is a subtraction, history and events are bounded), but a long run meets more of
# the machine's slow moments.
sample=${MONTH_SAMPLE:-30d}
experiment=$(mktemp --suffix=.yaml)
trap 'rm -f "$json" "$experiment"' EXIT
hours=$(awk -v s="$sample" 'BEGIN { n = s + 0; u = substr(s, length(s)); print (u == "h") ? n : (u == "d") ? n * 24 : n / 60 }')
{
  cat <<YAML
title: The default lab left alone
description: A long quiet stretch, for the 30-day figure of bench/core/bench.sh.
steady-state-hypothesis:
  title: the lab answers
  probes:
    - probe: the lab has a burn rate
      slo: lab
      figure: burn_rate
      window: 5m
      tolerance: {min: 0}
method:
YAML
  if [[ $sample =~ ^([0-9]+)d$ ]]; then  # whole days, a pause each
    for ((day = 0; day < BASH_REMATCH[1]; ++day)); do echo "  - pause: 1d"; done
  else  # one pause (the binary refuses one over a day)
    echo "  - pause: $sample"
  fi
} >"$experiment"
start=$(date +%s.%N)
"$BUILD_DIR/healthboard" experiment run "$experiment" --virtual >/dev/null
wall=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { print e - s }')
month=$(awk -v w="$wall" -v h="$hours" 'BEGIN { print w * 720 / h }')
row "30 days of the default lab in virtual time (${sample} measured: $(printf '%.1f' "$wall") s wall)" "< 3 min" \
  "$(awk -v v="$month" 'BEGIN { printf "%.1f min", v / 60 }')" "$(awk -v v="$month" 'BEGIN { print (v < 180) }')"

for pods in 9 100 1000 10000 100000; do
  echo "bench/core: $pods pods: $(figure "BM_PodCount/$pods/" lab_s_per_s | awk '{ printf "%.1f", $1 }') s of lab time per CPU second" >&2
done
