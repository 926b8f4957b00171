#!/usr/bin/env bash
# Soak: `healthboard serve` under 256 keep-alive connections of GETs (wrk, bench/soak/mix.lua) for
# SOAK_SECONDS (600) while a loop changes faults twice a second (pod and service faults, timed
# ones, clears, restarts, partitions, resets). Prints the errors on both sides and the server's
# RSS at the start, every minute and at the end. Not part of `make bench` (it takes ten minutes).
#
#   bench/soak/soak.sh             (BUILD_DIR=build, SOAK_SECONDS=600, CONNECTIONS=256)
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

SOAK_SECONDS=${SOAK_SECONDS:-600}
CONNECTIONS=${CONNECTIONS:-256}

bench_require_packages wrk curl
bench_require_binary

work=$(mktemp -d)
trap 'bench_cleanup; rm -rf "$work"' EXIT

rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status"; }

bench_start_healthboard --threads 2 --max-connections 512
base="http://127.0.0.1:$HB_PORT"
echo "soak: healthboard pid $HB_PID on port $HB_PORT, RSS $(rss_kb "$HB_PID") kB at start"

# The changes: every status other than 200 is an error, except 409 (a restart of a pod that is
# starting, say), which the lab answers by design.
changes() {
  local pods=(sensor-sim-pod-1 sensor-sim-pod-2 sensor-sim-pod-3 planner-sim-pod-1
              planner-sim-pod-2 planner-sim-pod-3 ui-proxy-pod-1 ui-proxy-pod-2 ui-proxy-pod-3)
  local services=(sensor-sim planner-sim ui-proxy)
  local sent=0 failed=0 i=0 status
  local end=$((SECONDS + SOAK_SECONDS))
  while [ "$SECONDS" -lt "$end" ]; do
    local pod=${pods[RANDOM % ${#pods[@]}]}
    local service=${services[RANDOM % ${#services[@]}]}
    local request
    case $((i % 8)) in
      0) request=(-X POST "$base/fault/$pod" -d "{\"delay_ms\": $((RANDOM % 1500))}") ;;
      1) request=(-X POST "$base/fault/$pod" -d "{\"error_rate\": 0.$((RANDOM % 10)), \"duration_s\": 5}") ;;
      2) request=(-X POST "$base/fault/service/$service" -d '{"mode": "one", "kill": true, "duration_s": 3}') ;;
      3) request=(-X DELETE "$base/fault/$pod") ;;
      4) request=(-X POST "$base/restart/$pod") ;;
      5) request=(-X POST "$base/partition" -d '{"from": "ui-proxy", "to": "planner-sim", "duration_s": 2}') ;;
      6) request=(-X POST "$base/fault/$pod" -d '{"kill": true, "duration_s": 2}') ;;
      7) request=(-X POST "$base/reset") ;;
    esac
    status=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
      "${request[@]}" || echo 000)
    sent=$((sent + 1))
    case "$status" in 200 | 409) ;; *) failed=$((failed + 1)); echo "soak: $status for ${request[*]}" >&2 ;; esac
    i=$((i + 1))
    sleep 0.5
  done
  echo "$sent $failed" >"$work/changes"
}

changes &
changes_pid=$!
BENCH_PIDS+=("$changes_pid")
(
  for minute in $(seq 1 $((SOAK_SECONDS / 60))); do
    sleep 60
    echo "soak: minute $minute, RSS $(rss_kb "$HB_PID") kB"
  done
) &
BENCH_PIDS+=("$!")

wrk -t2 -c"$CONNECTIONS" -d"${SOAK_SECONDS}s" --timeout 10s -s "$(dirname "$0")/mix.lua" "$base" \
  >"$work/wrk.txt"
wait "$changes_pid"
cat "$work/wrk.txt"
read -r sent failed <"$work/changes"
kill -0 "$HB_PID" 2>/dev/null || { echo "soak: the server died" >&2; exit 1; }
echo "soak: $sent changes sent, $failed failed"
echo "soak: RSS $(rss_kb "$HB_PID") kB at the end"
if grep -q "Non-2xx\|Socket errors" "$work/wrk.txt" || [ "$failed" -ne 0 ]; then
  echo "soak: errors (above)" >&2
  exit 1
fi
