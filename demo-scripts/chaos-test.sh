#!/usr/bin/env bash
# chaos-test.sh: four chaos scenarios against a running healthboard, each shown as the lab
# measures it, and a final state where every pod is Healthy again.
#
#   demo-scripts/chaos-test.sh                       # healthboard on http://localhost:8000
#   HEALTHBOARD_URL=http://host:9000 demo-scripts/chaos-test.sh --pause 5
#   DEMO_PAUSE=0 demo-scripts/chaos-test.sh          # as fast as the measurements allow
#
# 1. gradual degradation: delay 200, 500, 1000, 2000 ms on sensor-sim-pod-2, then lifted;
# 2. error storm: error_rate 0.1, 0.3, 0.5, 0.7 on planner-sim-pod-2, then lifted;
# 3. complete failure and recovery: every planner-sim pod killed (the service is Down, ui-proxy
#    fails with it, the lab's burn rate climbs), then restarted;
# 4. mixed faults at once: a delay on sensor-sim-pod-3, errors on planner-sim-pod-1, ui-proxy-pod-2
#    killed;
# then every pod still touched is restarted, and the script waits (bounded by DEMO_TIMEOUT) until
# GET /pods shows every pod Healthy, and prints it. `--help` lists the settings. Needs curl and jq.

# The single-quoted strings with $ in them are jq programs with jq variables:
# shellcheck disable=SC2016
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

usage() {
  cat <<EOF
Usage: $HB_PROG [--url URL] [--pause SECONDS] [--timeout SECONDS]

Runs four chaos scenarios against a running healthboard and shows the measured pod, service and
SLO figures after each step: gradual degradation (delays 200 to 2000 ms on one pod), an error
storm (error_rate 0.1 to 0.7 on one pod), complete failure of a service (all its pods killed)
and its recovery, and mixed faults across services. It ends by restarting the pods it touched
and waiting until every pod is Healthy. It changes the lab it runs against: run it on a demo lab.

$(hb_settings_help)
EOF
}

readonly slow_pod=sensor-sim-pod-2
readonly failing_pod=planner-sim-pod-2
readonly failed_service=planner-sim

hb_start "$@"
hb_require_pods "$slow_pod" "$failing_pod" sensor-sim-pod-3 planner-sim-pod-1 ui-proxy-pod-2

hb_step "initial state"
hb_show

hb_scenario "Scenario 1: gradual degradation of $slow_pod"
for delay in 200 500 1000 2000; do
  hb_step "delay ${delay} ms on $slow_pod"
  hb_fault "$slow_pod" "{\"delay_ms\": $delay}"
  hb_expect "$slow_pod Degraded with a median latency of ${delay} ms or more" /pods \
    --arg id "$slow_pod" --argjson d "$delay" \
    'pod($id) | .status == "Degraded" and (.latency_ms // 0) >= $d'
  hb_show
done
hb_step "lift the delay"
hb_fault "$slow_pod" '{"delay_ms": 0}'
hb_say "requests already delayed finish first, then the 2 s window clears"
hb_wait_healthy
hb_print_services

hb_scenario "Scenario 2: error storm on $failing_pod"
for rate in 0.1 0.3 0.5 0.7; do
  hb_step "error_rate $rate on $failing_pod"
  hb_fault "$failing_pod" "{\"error_rate\": $rate}"
  hb_expect "$failing_pod failing at least half of the injected rate" /pods \
    --arg id "$failing_pod" --argjson r "$rate" \
    'pod($id) | .status == "Degraded" and (.error_ratio // 0) >= $r / 2'
  hb_show
done
hb_step "lift the error rate"
hb_fault "$failing_pod" '{"error_rate": 0}'
hb_wait_healthy
hb_print_services
hb_print_slo

hb_scenario "Scenario 3: complete failure of $failed_service, and recovery"
hb_call GET /pods
mapfile -t service_pods < <(hb_jq -r --arg s "$failed_service" '.pods[] | select(.service == $s) | .id')
((${#service_pods[@]} > 0)) || hb_die "the lab at $HB_URL has no pod of $failed_service"
burn_before=$(hb_lab_burn_rate)
hb_step "kill every $failed_service pod: ${service_pods[*]}"
for id in "${service_pods[@]}"; do
  hb_fault "$id" '{"kill": true}'
done
hb_expect "$failed_service Down, with no ready pod" /services \
  --arg s "$failed_service" 'svc($s).status == "Down"'
hb_check "the lab's burn_rate_5m climbing above $burn_before" /slo \
  --argjson b "$burn_before" '(.burn_rate_5m // 0) > $b'
hb_say "ui-proxy calls $failed_service, so its requests fail too; sensor-sim carries on"
hb_show

hb_step "restart every $failed_service pod"
hb_restart "${service_pods[@]}"
hb_say "waiting (at most ${HB_TIMEOUT} s) for the service to recover; restarted pods start for ~1 s"
hb_wait_healthy
hb_say "recovered; burn_rate_5m covers 5 minutes, so it comes down slowly"
hb_show

hb_scenario "Scenario 4: mixed faults across services"
hb_step "delay 1500 ms on sensor-sim-pod-3, error_rate 0.4 on planner-sim-pod-1, kill ui-proxy-pod-2"
hb_fault sensor-sim-pod-3 '{"delay_ms": 1500}'
hb_fault planner-sim-pod-1 '{"error_rate": 0.4}'
hb_fault ui-proxy-pod-2 '{"kill": true}'
hb_expect "the three pods slow, failing and Down" /pods \
  '(pod("sensor-sim-pod-3") | .status == "Degraded" and (.latency_ms // 0) >= 1500)
   and (pod("planner-sim-pod-1") | .status == "Degraded" and (.error_ratio // 0) >= 0.2)
   and pod("ui-proxy-pod-2").status == "Down"'
hb_show

hb_scenario "Final state: everything healthy again"
hb_step "restart every pod the test touched: ${HB_TOUCHED[*]}"
hb_restore
hb_step "final state"
hb_show
echo
echo "Chaos test complete: every pod is Healthy again."
