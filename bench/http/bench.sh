#!/usr/bin/env bash
# Throughput of healthboard's GET /pods and GET /health against nginx (Debian's package) serving
# the same bytes as static files, measured with wrk -t2 -c64: three runs of each, alternating
# between the servers, and the median of each. Goals: /pods >= 0.8 of nginx, /health >= 0.9.
#
#   bench/http/bench.sh            (BUILD_DIR=build, RUN_SECONDS=10, RUNS=3)
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

RUN_SECONDS=${RUN_SECONDS:-10}
RUNS=${RUNS:-3}
THREADS=${THREADS:-2}     # healthboard serve --threads, and nginx's worker processes
GOAL_PODS=0.8
GOAL_HEALTH=0.9

bench_require_packages nginx wrk curl
bench_require_binary

work=$(mktemp -d)
trap 'bench_cleanup; rm -rf "$work"' EXIT

bench_start_healthboard --threads "$THREADS"
sleep 1  # a second of traffic, so that the pods carry measured figures
mkdir -p "$work/root" "$work/logs"
curl -sf "http://127.0.0.1:$HB_PORT/pods" >"$work/root/pods"
curl -sf "http://127.0.0.1:$HB_PORT/health" >"$work/root/health"

nginx_port=$(bench_free_port)
cat >"$work/nginx.conf" <<CONF
worker_processes $THREADS;
daemon off;
pid $work/nginx.pid;
error_log $work/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  open_file_cache max=16 inactive=60s;  # no open/stat/close per request: nginx at its best
  open_file_cache_valid 60s;
  keepalive_requests 1000000;
  keepalive_timeout 60s;
  client_body_temp_path $work/tmp;
  proxy_temp_path $work/tmp;
  fastcgi_temp_path $work/tmp;
  uwsgi_temp_path $work/tmp;
  scgi_temp_path $work/tmp;
  default_type application/json;
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/root;
  }
}
CONF
mkdir -p "$work/tmp"
chmod -R a+rX "$work"  # nginx workers run as an unprivileged user
nginx -c "$work/nginx.conf" -p "$work" -e "$work/logs/error.log" &
BENCH_PIDS+=("$!")
bench_wait_port "$nginx_port"

# Requests per second of one wrk run against $1; fails on any error answer.
measure() {
  local out
  out=$(wrk -t2 -c64 -d"${RUN_SECONDS}s" "$1")
  if grep -q "Non-2xx" <<<"$out"; then
    echo "bench: error answers from $1" >&2
    echo "$out" >&2
    return 1
  fi
  awk '/^Requests\/sec:/ { print $2 }' <<<"$out"
}

declare -A runs
for run in $(seq "$RUNS"); do
  for path in pods health; do
    for server in healthboard nginx; do
      port=$HB_PORT
      [ "$server" = nginx ] && port=$nginx_port
      value=$(measure "http://127.0.0.1:$port/$path")
      runs[$server/$path]+=" $value"
      printf '  run %d %-11s GET /%-6s %10.0f req/s\n' "$run" "$server" "$path" "$value" >&2
    done
  done
done

printf '%-28s %12s %12s %8s\n' "wrk -t2 -c64 (median of $RUNS)" healthboard nginx ratio >&2
for path in pods health; do
  hb=$(bench_median ${runs[healthboard/$path]})
  ng=$(bench_median ${runs[nginx/$path]})
  ratio=$(awk -v a="$hb" -v b="$ng" 'BEGIN { printf "%.2f", a / b }')
  goal=$GOAL_PODS
  [ "$path" = health ] && goal=$GOAL_HEALTH
  met=$(awk -v r="$ratio" -v g="$goal" 'BEGIN { print (r >= g) ? "yes" : "no" }')
  printf '%-28s %12.0f %12.0f %8s\n' "GET /$path" "$hb" "$ng" "$ratio" >&2
  bench_result "GET /$path req/s vs nginx ($(printf '%.0f' "$hb") / $(printf '%.0f' "$ng"))" \
    ">= $goal" "$ratio" "$met"
done
