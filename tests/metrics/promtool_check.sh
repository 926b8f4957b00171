#!/usr/bin/env bash
# Lints the Prometheus exposition of a running healthboard with `promtool check metrics`.
#
#   promtool_check.sh /path/to/healthboard
#
# Starts `healthboard serve` on an ephemeral port, waits until /pods shows traffic, then scrapes
# /metrics and /metrics/legacy. Fails when promtool is missing, when promtool exits non-zero or
# prints anything, or when an endpoint does not answer. The one exception: promtool's lint
# findings on the three legacy names ending in "_ms", which the contract fixes (see below).
# The server is always stopped.
set -euo pipefail

readonly binary=${1:?usage: promtool_check.sh /path/to/healthboard}
readonly ready_timeout_s=10
readonly traffic_timeout_s=20

fail() {
  echo "promtool_check: FAIL: $*" >&2
  exit 1
}

for tool in promtool curl jq; do
  command -v "$tool" >/dev/null 2>&1 ||
    fail "'$tool' is not installed (on Debian: apt-get install ${tool/promtool/prometheus})"
done
[[ -x $binary ]] || fail "binary '$binary' does not exist or is not executable"

# shellcheck source-path=SCRIPTDIR source=../lib/healthboard.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/healthboard.sh"

workdir=$(mktemp -d "${TMPDIR:-/tmp}/hb_promtool.XXXXXX")
HB_SERVER_PID=""

# shellcheck disable=SC2317  # invoked through the EXIT trap
cleanup() {
  hb_stop_process "$HB_SERVER_PID"
  rm -rf "$workdir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# stdout (the ready line) to a file; logs on stderr pass through.
hb_start_server "$binary" "$workdir/stdout" "$ready_timeout_s" --seed 11 || fail "cannot start healthboard (the line above says why)"
server_pid=$HB_SERVER_PID
base=$HB_SERVER_URL
echo "promtool_check: server on $base"

# Wait until every pod has seen traffic, so that all series carry data.
deadline=$((SECONDS + traffic_timeout_s))
until curl -fsS --max-time 5 "$base/pods" 2>/dev/null |
  jq -e '(.pods | length) == 9 and all(.pods[]; (.request_rate > 0) and (.error_ratio != null))' \
    >/dev/null 2>&1; do
  ((SECONDS < deadline)) || fail "/pods showed no traffic on every pod within ${traffic_timeout_s}s"
  kill -0 "$server_pid" 2>/dev/null || fail "healthboard exited while waiting for traffic"
  sleep 0.2
done

# The legacy endpoint must keep the original dashboard's metric names, three of which end in
# "_ms". promtool's linter flags exactly those names; these findings (and only these) are
# expected for /metrics/legacy. Anything else promtool prints is a failure.
readonly legacy_name_findings='pod_latency_ms metric names should not contain abbreviated units
service_latency_ms metric names should not contain abbreviated units
slo_latency_p95_target_ms metric names should not contain abbreviated units'

status=0
# check_endpoint PATH REQUIRED_SERIES_REGEXES (one a line) [EXPECTED_LINT_FINDINGS]
check_endpoint() {
  local path=$1 required=$2 expected_findings=${3:-}
  local body="$workdir/scrape" headers="$workdir/headers" lint="$workdir/lint"
  if ! curl -fsS --max-time 10 -D "$headers" -o "$body" "$base$path"; then
    echo "promtool_check: FAIL: GET $path did not answer 200" >&2
    status=1
    return
  fi
  if ! grep -qiE '^content-type: text/plain' "$headers"; then
    echo "promtool_check: FAIL: GET $path Content-Type is not text/plain:" >&2
    grep -i '^content-type' "$headers" >&2 || echo "(no Content-Type)" >&2
    status=1
  fi
  local pattern
  while IFS= read -r pattern; do
    if ! grep -qE "$pattern" "$body"; then
      echo "promtool_check: FAIL: GET $path has no sample matching /$pattern/" >&2
      status=1
    fi
  done <<<"$required"
  local rc=0
  promtool check metrics <"$body" >"$lint" 2>&1 || rc=$?
  if [[ -n $expected_findings ]] && ((rc == 3)); then
    # Exit 3 means lint findings only (no parse error). Drop the expected ones.
    local unexpected
    unexpected=$(grep -vxF -f <(printf '%s\n' "$expected_findings") "$lint" || true)
    echo "promtool_check: note: $path has the expected lint findings for the contracted legacy names:"
    grep -xF -f <(printf '%s\n' "$expected_findings") "$lint" | sed 's/^/  /' || true
    printf '%s' "$unexpected" >"$lint"
    [[ -z $unexpected ]] && rc=0
  fi
  if ((rc != 0)) || [[ -s $lint ]]; then
    echo "promtool_check: FAIL: promtool check metrics on $path (exit $rc):" >&2
    cat "$lint" >&2
    status=1
  else
    echo "promtool_check: $path OK ($(grep -vc '^#' "$body") samples)"
  fi
}

# /metrics carries the original's series whose names pass promtool, with the original's labels.
check_endpoint /metrics '^healthboard_requests_total\{
^pod_healthy\{pod_id="sensor-sim-pod-1",service="sensor-sim"\} [01]$
^slo_burn_rate_5m '
check_endpoint /metrics/legacy '^pod_healthy\{' "$legacy_name_findings"

exit "$status"
