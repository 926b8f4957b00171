#!/usr/bin/env bash
# The 10,000-pod lab in real time: `healthboard serve` with 100 services x 100 pods (100 client
# req/s each, chains of ten), left to run for WARMUP_SECONDS, then measured for RUN_SECONDS:
# the server's CPU share (from /proc/PID/stat), its RSS at the end, and how far the lab is
# behind real time: GET /readyz's `lag_s` (the time since the lab last caught up with the
# clock), less the 100 ms tick between catch-ups, at its largest over ten reads a second. The default lab's RSS after a minute is measured the same way. Needs curl and jq.
#
#   bench/realtime/bench.sh      (BUILD_DIR=build, WARMUP_SECONDS=10, RUN_SECONDS=30)
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

WARMUP_SECONDS=${WARMUP_SECONDS:-10}
RUN_SECONDS=${RUN_SECONDS:-30}
DEFAULT_LAB_SECONDS=${DEFAULT_LAB_SECONDS:-60}
bench_require_binary

config=$(mktemp --suffix=.yaml)
trap 'rm -f "$config"; bench_cleanup' EXIT
{
  echo "services:"
  for s in $(seq 0 99); do
    next=""
    [ $((s % 10)) -ne 9 ] && next="svc-$((s + 1))"
    printf '  - {name: svc-%d, replicas: 100, rate_rps: 100, latency_median_ms: 20, dependencies: [%s]}\n' \
      "$s" "$next"
  done
} >"$config"

rss_mb() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
hz=$(getconf CLK_TCK)

bench_start_healthboard --config "$config" 2>>"${BENCH_LOG:-/dev/null}"
sleep "$WARMUP_SECONDS"
before=$(bench_cpu_ticks "$HB_PID")
worst=0
for _ in $(seq $((RUN_SECONDS * 10))); do
  age=$(curl -s "http://127.0.0.1:$HB_PORT/readyz" | jq -r .lag_s)
  worst=$(awk -v a="$age" -v w="$worst" 'BEGIN { print (a > w) ? a : w }')
  sleep 0.1
done
after=$(bench_cpu_ticks "$HB_PID")
# The reads took a little longer than RUN_SECONDS; the share uses the CPU time over the loop's
# own length, which the sleeps dominate.
share=$(awk -v t=$((after - before)) -v hz="$hz" -v s="$RUN_SECONDS" 'BEGIN { printf "%.0f", 100 * t / hz / s }')
rss=$(rss_mb "$HB_PID")
behind_ms=$(awk -v w="$worst" 'BEGIN { v = (w - 0.1) * 1000; printf "%.0f", (v < 0) ? 0 : v }')
kill "$HB_PID"
wait "$HB_PID" 2>/dev/null || true

bench_result "10,000 pods in real time: server CPU over ${RUN_SECONDS} s" "< 50 % of a core" \
  "$share %" "$(awk -v v="$share" 'BEGIN { print (v < 50) ? "yes" : "no" }')"
bench_result "10,000 pods in real time: most behind real time (/readyz lag_s - tick)" "<= 100 ms" \
  "$behind_ms ms" "$(awk -v v="$behind_ms" 'BEGIN { print (v <= 100) ? "yes" : "no" }')"
bench_result "10,000 pods in real time: RSS after $((WARMUP_SECONDS + RUN_SECONDS)) s" "<= 200 MB" \
  "$rss MB" "$(awk -v v="$rss" 'BEGIN { print (v <= 200) ? "yes" : "no" }')"

bench_start_healthboard 2>>"${BENCH_LOG:-/dev/null}"
sleep "$DEFAULT_LAB_SECONDS"
rss=$(rss_mb "$HB_PID")
bench_result "default lab: RSS after $DEFAULT_LAB_SECONDS s" "<= 16 MB" "$rss MB" \
  "$(awk -v v="$rss" 'BEGIN { print (v <= 16) ? "yes" : "no" }')"
