#!/usr/bin/env bash
# demo-faults.sh: the three kinds of fault, one on pod 1 of each service, against a running
# healthboard, showing what the lab measures after each; then everything restored.
#
#   demo-scripts/demo-faults.sh                      # healthboard on http://localhost:8000
#   HEALTHBOARD_URL=http://host:9000 demo-scripts/demo-faults.sh --pause 5
#   DEMO_PAUSE=0 demo-scripts/demo-faults.sh         # as fast as the measurements allow
#
# Steps: the initial state; a 1000 ms delay on sensor-sim-pod-1 (it turns Degraded, and so do
# the planner-sim and ui-proxy pods calling it); error_rate 0.4 on planner-sim-pod-1 (its error
# ratio and the lab's burn rate rise); kill ui-proxy-pod-1 (Down at once); then POST /restart on
# the three pods, a wait (bounded by DEMO_TIMEOUT) until every pod is Healthy, and the final
# state. Between steps: the pods (status, latency, error ratio, restarts, faults), the services
# and the lab's availability SLO. `--help` lists the settings. Needs curl and jq.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

usage() {
  cat <<EOF
Usage: $HB_PROG [--url URL] [--pause SECONDS] [--timeout SECONDS]

Walks the fault injection demo against a running healthboard: a 1000 ms delay on
sensor-sim-pod-1, error_rate 0.4 on planner-sim-pod-1, ui-proxy-pod-1 killed, each followed by
the measured pod, service and SLO figures; then restarts the three pods and waits until every
pod is Healthy again. It changes the lab it runs against: run it on a demo lab.

$(hb_settings_help)
EOF
}

hb_start "$@"
hb_require_pods sensor-sim-pod-1 planner-sim-pod-1 ui-proxy-pod-1

hb_step "initial state"
hb_show

hb_step "1000 ms delay on sensor-sim-pod-1"
hb_fault sensor-sim-pod-1 '{"delay_ms": 1000}'
hb_expect "sensor-sim-pod-1 Degraded with a median latency of 1000 ms or more" /pods \
  'pod("sensor-sim-pod-1") | .status == "Degraded" and (.latency_ms // 0) >= 1000'
hb_say "the planner-sim and ui-proxy pods that call it are slow too: their p95 is over 200 ms"
hb_show

hb_step "error_rate 0.4 on planner-sim-pod-1"
hb_fault planner-sim-pod-1 '{"error_rate": 0.4}'
hb_expect "planner-sim-pod-1 failing 20 % of its requests or more" /pods \
  'pod("planner-sim-pod-1") | .status == "Degraded" and (.error_ratio // 0) >= 0.2'
hb_say "failed requests spend the error budget: watch burn_rate_5m and the indicator"
hb_show

hb_step "kill ui-proxy-pod-1"
hb_fault ui-proxy-pod-1 '{"kill": true}'
hb_expect "ui-proxy-pod-1 Down" /pods 'pod("ui-proxy-pod-1").status == "Down"'
hb_say "a killed pod leaves its service's endpoints after 3 s; until then its requests fail"
hb_show

hb_step "restore: restart every faulted pod"
hb_restore

hb_step "final state"
hb_show
echo
echo "Demo complete: every pod is Healthy again."
