#!/usr/bin/env bash
# GET /metrics end to end at 10,000 pods: `healthboard serve` with bench/web/lab-100x100.yaml at
# 10 client req/s a service, then five scrapes a second apart (each to a fresh snapshot), each
# printed as curl's `time_total size_download`.
#
#   bench/metrics/scrape.sh      (HEALTHBOARD=build/healthboard, WARMUP_SECONDS=5, SCRAPES=5)
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

WARMUP_SECONDS=${WARMUP_SECONDS:-5}
SCRAPES=${SCRAPES:-5}
bench_require_binary

config=$(mktemp --suffix=.yaml)
trap 'rm -f "$config"; bench_cleanup' EXIT
sed 's/rate_rps: 100/rate_rps: 10/' "$(dirname "$0")/../web/lab-100x100.yaml" >"$config"

bench_start_healthboard --config "$config" 2>>"${BENCH_LOG:-/dev/null}"
sleep "$WARMUP_SECONDS"
for _ in $(seq "$SCRAPES"); do
  curl -s -o /dev/null -w '%{time_total} %{size_download}\n' "http://127.0.0.1:$HB_PORT/metrics"
  sleep 1
done
