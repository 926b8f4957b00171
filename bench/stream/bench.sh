#!/usr/bin/env bash
# Stream fan-out: 1,000 concurrent GET /stream clients (bench/stream/stream_clients.cpp, one
# thread) on the default lab for 30 s; the server's CPU share over those 30 s, from
# /proc/PID/stat, against the goal of 10 % of one core. The server's CPU share without clients
# is measured first and printed beside it.
#
#   bench/stream/bench.sh          (BUILD_DIR=build, CLIENTS=1000, STREAM_SECONDS=30)
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

CLIENTS=${CLIENTS:-1000}
STREAM_SECONDS=${STREAM_SECONDS:-30}
IDLE_SECONDS=${IDLE_SECONDS:-10}
GOAL_PERCENT=10

bench_require_binary
cmake --build "$BUILD_DIR" --target hb_stream_clients >/dev/null
CLIENT=$BUILD_DIR/bench/hb_stream_clients
ulimit -n "$(( CLIENTS * 2 + 256 ))" 2>/dev/null || ulimit -n "$(ulimit -Hn)"

ticks_per_second=$(getconf CLK_TCK)
# The CPU share (percent of one core) of process $1 over the next $2 seconds.
cpu_share() {
  local before after
  before=$(bench_cpu_ticks "$1")
  sleep "$2"
  after=$(bench_cpu_ticks "$1")
  awk -v t=$((after - before)) -v hz="$ticks_per_second" -v s="$2" \
    'BEGIN { printf "%.1f", 100 * t / hz / s }'
}

# Room for every client: the server's own limits (--max-connections 512, --max-streams 64)
# would turn most of them away.
bench_start_healthboard --max-connections $((CLIENTS + 64)) --max-streams "$CLIENTS"
sleep 2
idle=$(cpu_share "$HB_PID" "$IDLE_SECONDS")
echo "  server without clients: $idle % of a core over ${IDLE_SECONDS} s" >&2

# The clients connect within the first second; the window starts after two and lasts
# STREAM_SECONDS, the clients stop a second after it.
out=$(mktemp)
"$CLIENT" --port "$HB_PORT" --clients "$CLIENTS" --seconds $((STREAM_SECONDS + 3)) >"$out" &
client_pid=$!
BENCH_PIDS+=("$client_pid")
sleep 2
busy=$(cpu_share "$HB_PID" "$STREAM_SECONDS")
wait "$client_pid" && client_ok=yes || client_ok=no
figures=$(cat "$out")
rm -f "$out"
echo "  server with $CLIENTS clients: $busy % of a core over ${STREAM_SECONDS} s" >&2
echo "  clients: $figures" >&2

# Every client must have been sent (nearly) one event a second, or the figure means nothing.
least=$(sed -n 's/.*least_events=\([0-9]*\).*/\1/p' <<<"$figures")
fed=$(awk -v l="${least:-0}" -v s="$STREAM_SECONDS" 'BEGIN { print (l >= s - 2) ? "yes" : "no" }')
[ "$client_ok" = yes ] && [ "$fed" = yes ] || echo "bench: some clients were not fed" >&2
met=$(awk -v b="$busy" -v g="$GOAL_PERCENT" 'BEGIN { print (b < g) ? "yes" : "no" }')
[ "$client_ok" = yes ] && [ "$fed" = yes ] || met=no
bench_result "/stream: server CPU, $CLIENTS clients, ${STREAM_SECONDS} s (idle lab: $idle %)" \
  "< $GOAL_PERCENT % of a core" "$busy %" "$met"
