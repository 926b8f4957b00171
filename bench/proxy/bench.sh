#!/usr/bin/env bash
# A real lab (healthboard serve --config with listen and endpoints: the proxy, and the lab measuring
# every request it answers) and the bare forwarding proxy (src/proxy, through hb_proxy_bench)
# against nginx's own proxy_pass, all in front of the same three nginx upstreams with HTTP/1.1
# keep-alive to them (issue 14's figures):
#   - throughput: wrk -t2 -c64, three alternating runs each, the medians compared (goal >= 0.7x);
#   - added latency at p50: wrk -t1 -c1 through the proxy against one upstream directly, three
#     alternating runs each, medians compared (goal <= 100 us); nginx's p50 beside them.
# Every server runs from a temporary directory with its own configuration on free loopback ports,
# and is stopped at the end. Not part of `make test`; prints RESULT lines for bench/run.sh.
#
#   bench/proxy/bench.sh      (BUILD_DIR=build DURATION=10s PROXY_THREADS=1 RUNS=3)
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
DURATION=${DURATION:-10s}
PROXY_THREADS=${PROXY_THREADS:-1}  # the proxy's threads, and the comparison nginx's workers
RUNS=${RUNS:-3}

bench_require_packages nginx wrk
cmake --build "$BUILD_DIR" --target hb_proxy_bench healthboard >/dev/null
driver=$BUILD_DIR/bench/proxy/hb_proxy_bench

dir=$(mktemp -d)
trap 'bench_cleanup; rm -rf "$dir"' EXIT
user_line=""
[ "$(id -u)" -eq 0 ] && user_line="user root;"  # workers would otherwise drop to nobody

# nginx_conf NAME HTTP-BLOCK-CONTENT: a configuration of its own under $dir, in the foreground.
nginx_conf() {
  mkdir -p "$dir/$1"
  cat >"$dir/$1/nginx.conf" <<CONF
$user_line
worker_processes ${WORKERS:-1};
daemon off;
pid $dir/$1/nginx.pid;
error_log $dir/$1/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  client_body_temp_path $dir/$1/body;
  proxy_temp_path $dir/$1/proxy;
  fastcgi_temp_path $dir/$1/fastcgi;
  uwsgi_temp_path $dir/$1/uwsgi;
  scgi_temp_path $dir/$1/scgi;
  $2
}
CONF
}

start_nginx() {  # NAME PORT
  nginx -p "$dir/$1" -e "$dir/$1/error.log" -c "$dir/$1/nginx.conf" &
  BENCH_PIDS+=("$!")
  bench_wait_port "$2"
}

upstreams=()
for n in 1 2 3; do
  port=$(bench_free_port)
  nginx_conf "up$n" "server { listen 127.0.0.1:$port; default_type text/plain;
    location / { return 200 'hello from upstream $n\n'; } }"
  start_nginx "up$n" "$port"
  upstreams+=("127.0.0.1:$port")
done

nginx_port=$(bench_free_port)
servers=$(printf 'server %s; ' "${upstreams[@]}")
WORKERS=$PROXY_THREADS nginx_conf proxy "upstream backends { $servers keepalive 32; }
  server { listen 127.0.0.1:$nginx_port;
    location / { proxy_pass http://backends; proxy_http_version 1.1;
                 proxy_set_header Connection \"\"; } }"
start_nginx proxy "$nginx_port"

proxy_port=$(bench_free_port)
"$driver" "$proxy_port" "$PROXY_THREADS" "${upstreams[@]}" >"$dir/driver.log" &
BENCH_PIDS+=("$!")
bench_wait_port "$proxy_port"

# healthboard itself: a real lab of one service in front of the same upstreams, with as many
# threads for its proxy as the others have.
lab_port=$(bench_free_port)
lab_api_port=$(bench_free_port)
endpoints=$(printf '%s, ' "${upstreams[@]}")
cat >"$dir/real.yaml" <<YAML
services:
  - name: web
    listen: 127.0.0.1:$lab_port
    endpoints: [${endpoints%, }]
YAML
"$BUILD_DIR/healthboard" serve --config "$dir/real.yaml" --port "$lab_api_port" --in-memory \
  --threads "$PROXY_THREADS" --log-level warn >"$dir/lab.log" 2>&1 &
BENCH_PIDS+=("$!")
bench_wait_port "$lab_port"

# Requests per second of one wrk run against URL.
rps() { wrk -t2 -c64 -d"$DURATION" "$1" | awk '/^Requests\/sec:/ { print $2 }'; }
# The p50 latency of one wrk -t1 -c1 run against URL, in microseconds.
p50_us() {
  wrk -t1 -c1 -d"$DURATION" --latency "$1" | awk '$1 == "50%" {
    v = $2; unit = v; sub(/[0-9.]+/, "", unit); sub(/[a-z]+$/, "", v);
    if (unit == "ms") v *= 1000; else if (unit == "s") v *= 1000000;
    print v }'
}

lab_rps=(); proxy_rps=(); nginx_rps=(); lab_p50=(); proxy_p50=(); nginx_p50=(); direct_p50=()
for run in $(seq "$RUNS"); do
  echo "bench: throughput run $run of $RUNS" >&2
  lab_rps+=("$(rps "http://127.0.0.1:$lab_port/")")
  proxy_rps+=("$(rps "http://127.0.0.1:$proxy_port/")")
  nginx_rps+=("$(rps "http://127.0.0.1:$nginx_port/")")
done
for run in $(seq "$RUNS"); do
  echo "bench: latency run $run of $RUNS" >&2
  lab_p50+=("$(p50_us "http://127.0.0.1:$lab_port/")")
  proxy_p50+=("$(p50_us "http://127.0.0.1:$proxy_port/")")
  nginx_p50+=("$(p50_us "http://127.0.0.1:$nginx_port/")")
  direct_p50+=("$(p50_us "http://${upstreams[0]}/")")
done

l_rps=$(bench_median "${lab_rps[@]}")
l_p50=$(bench_median "${lab_p50[@]}")
lab_ratio=$(awk -v p="$l_rps" -v n="$(bench_median "${nginx_rps[@]}")" 'BEGIN { printf "%.2f", p / n }')
lab_added=$(awk -v p="$l_p50" -v d="$(bench_median "${direct_p50[@]}")" 'BEGIN { printf "%.0f", p - d }')
p_rps=$(bench_median "${proxy_rps[@]}")
n_rps=$(bench_median "${nginx_rps[@]}")
p_p50=$(bench_median "${proxy_p50[@]}")
n_p50=$(bench_median "${nginx_p50[@]}")
d_p50=$(bench_median "${direct_p50[@]}")
ratio=$(awk -v p="$p_rps" -v n="$n_rps" 'BEGIN { printf "%.2f", p / n }')
added=$(awk -v p="$p_p50" -v d="$d_p50" 'BEGIN { printf "%.0f", p - d }')

printf '\n%-44s %-28s %s\n' "measure (wrk, $DURATION each)" "runs" "median"
printf '%-44s %-28s %s\n' "req/s through healthboard (-t2 -c64)" "${lab_rps[*]}" "$l_rps"
printf '%-44s %-28s %s\n' "req/s through hb_proxy (-t2 -c64)" "${proxy_rps[*]}" "$p_rps"
printf '%-44s %-28s %s\n' "req/s through nginx proxy_pass (-t2 -c64)" "${nginx_rps[*]}" "$n_rps"
printf '%-44s %-28s %s\n' "p50 us through healthboard (-t1 -c1)" "${lab_p50[*]}" "$l_p50"
printf '%-44s %-28s %s\n' "p50 us through hb_proxy (-t1 -c1)" "${proxy_p50[*]}" "$p_p50"
printf '%-44s %-28s %s\n' "p50 us through nginx proxy_pass (-t1 -c1)" "${nginx_p50[*]}" "$n_p50"
printf '%-44s %-28s %s\n' "p50 us upstream direct (-t1 -c1)" "${direct_p50[*]}" "$d_p50"
printf '%-44s %-28s %s\n' "healthboard / nginx throughput; added p50 us" "" "${lab_ratio}x; $lab_added"
printf '%-44s %-28s %s\n\n' "hb_proxy / nginx throughput; added p50 us" "" "${ratio}x; $added"

bench_result "real lab throughput / nginx proxy_pass, wrk -t2 -c64, $PROXY_THREADS thread(s) each" \
  ">= 0.7x" "${lab_ratio}x" "$(awk -v r="$lab_ratio" 'BEGIN { print (r >= 0.7 ? "yes" : "no") }')"
bench_result "real lab added latency at p50, wrk -t1 -c1" "<= 100 us" "$lab_added us" \
  "$(awk -v a="$lab_added" 'BEGIN { print (a <= 100 ? "yes" : "no") }')"

bench_result "proxy throughput / nginx proxy_pass, wrk -t2 -c64, $PROXY_THREADS thread(s) each" \
  ">= 0.7x" "${ratio}x" "$(awk -v r="$ratio" 'BEGIN { print (r >= 0.7 ? "yes" : "no") }')"
bench_result "proxy added latency at p50, wrk -t1 -c1" "<= 100 us" "$added us" \
  "$(awk -v a="$added" 'BEGIN { print (a <= 100 ? "yes" : "no") }')"
