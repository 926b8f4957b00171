#!/usr/bin/env bash
# The dashboard in headless Chromium (Debian's chromium, driven by playwright-core from web/):
#
#  1. the page on a lab of 100 services x 100 pods (bench/web/lab-100x100.yaml, served by
#     `healthboard serve --config` on a loopback port) at 1400x1000: time to live, DOM nodes and
#     main-thread busy share (web/bench/large.ts). Goals: live within 10 s, at most 5,000 DOM
#     nodes, main thread at most 25 % busy.
#  2. the main-thread time of one live update of the default lab, page as opened, against the
#     plain-JS floor of the same content (web/bench/floor) measured in the same run
#     (web/bench/update.ts). Goal: at most 1.25 times the floor.
#
# The page is the dashboard compiled into the binary (HB_WEB_DIST=<a vite build> measures
# another build of it, see web/README.md).
#
#   bench/web/bench.sh     (BUILD_DIR=build, RUNS=3, LARGE_SECONDS=20, UPDATE_SECONDS=120,
#                           WARMUP=300: seconds of lab history before the update is measured)
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

RUNS=${RUNS:-3}
LARGE_SECONDS=${LARGE_SECONDS:-20}
UPDATE_SECONDS=${UPDATE_SECONDS:-120}
WARMUP=${WARMUP:-300}
WEB=$BENCH_ROOT/web

bench_require_binary
[ -x "${HB_CHROMIUM:-/usr/bin/chromium}" ] || bench_require_packages chromium
if [ ! -d "$WEB/node_modules" ]; then
  echo "bench: installing the dashboard's npm packages" >&2
  npm --prefix "$WEB" ci --no-audit --no-fund --loglevel=error >&2
fi

# RESULT lines to stdout (bench/run.sh's table), everything else to stderr, line by line.
split_results() {
  local line
  while IFS= read -r line; do
    case $line in
      RESULT\|*) printf '%s\n' "$line" ;;
      *) printf '%s\n' "$line" >&2 ;;
    esac
  done
}

echo "bench: the page at 10,000 pods" >&2
# The large lab logs every alert it fires (hundreds) on stderr: kept out of the way.
server_log=$(mktemp)
trap 'bench_cleanup; rm -f "$server_log"' EXIT
bench_start_healthboard --config "$BENCH_ROOT/bench/web/lab-100x100.yaml" 2>"$server_log" ||
  { tail -n 20 "$server_log" >&2; exit 1; }
HB_BENCH_URL="http://127.0.0.1:$HB_PORT" HB_BENCH_RUNS="$RUNS" HB_BENCH_SECONDS="$LARGE_SECONDS" \
  npm --prefix "$WEB" run --silent bench:large | split_results
kill "$HB_PID"
wait "$HB_PID" 2>/dev/null || true

echo "bench: one live update against the plain-JS floor ($WARMUP s of warm-up first)" >&2
HB_BINARY=$HEALTHBOARD HB_BENCH_WARMUP="$WARMUP" HB_BENCH_RUNS="$RUNS" \
  HB_BENCH_SECONDS="$UPDATE_SECONDS" HB_BENCH_VIEWS=top \
  npm --prefix "$WEB" run --silent bench:update | split_results
