#!/usr/bin/env bash
# Checks that a real Prometheus, scraping a live healthboard once a second while errors are
# injected, computes from healthboard's counters the same error ratios and burn rates that
# healthboard's GET /slo reports.
#
#   slo_agreement.sh /path/to/healthboard
#
# 1. Picks two free loopback ports. Starts /usr/bin/prometheus on one (127.0.0.1 only), scraping
#    127.0.0.1:<the other> every second, and waits until its scrape loop is polling that port.
# 2. Starts `healthboard serve --port <the other>` and, once it prints its ready line, injects
#    error_rate 0.4 on planner-sim-pod-1 and 0.2 on sensor-sim-pod-2. Waits until the target is up
#    and Prometheus holds at least min_samples scrapes taken since the faults.
# 3. Pairs a scrape with a GET /slo read from the same 100 ms lab snapshot (see below), and
#    evaluates PromQL at the timestamp of that scrape, two ways:
#      counters: sum(5xx) / sum(all) of the plain counter values. The counters start at 0 with
#                the server and /slo's 5-minute window still covers the whole run, so this is
#                exactly /slo's ratio.
#      increase: sum(increase(5xx[5m])) / sum(increase(all[5m])), the usual SLO query.
#    for the whole lab (healthboard_lab_requests_total vs error_ratio_5m and burn_rate_5m, and
#    vs the "lab" entry of `.slos`) and per service (healthboard_requests_total by service vs
#    the sensor-sim and planner-sim entries of `.slos`: .availability.error_ratio["5m"] and
#    .availability.burn_rate["5m"]). A /slo without `.slos` fails the test.
#    Burn rate = PromQL's error ratio / (1 - availability target), the target taken from /slo.
# 4. Every pair must agree within rel_tol (relative to the larger of the two), or within
#    abs_tol_ratio in ratio terms (abs_tol_ratio / (1 - target) for a burn rate) when both are
#    tiny. Prints a side-by-side table and one summary line; exits 1 naming each mismatch.
#
# What increase() cannot see: it starts from the first sample of each series, so the requests
# before Prometheus' first successful scrape are in /slo's window but not in increase()'s,
# except as far as Prometheus extrapolates back. Three things keep that harmless:
#  - the head is short (under a second: see the start-up comment below);
#  - Prometheus extrapolates a counter back to zero when zero lies within 1.1 scrape intervals
#    before its first sample, which makes increase() recover a short head entirely (in practice
#    increase() comes out equal to the plain counters, or a few tenths of a per cent off when
#    some series' zero lies just beyond that limit and it extrapolates only half an interval);
#  - the faults go in as soon as healthboard listens, before that first scrape, so the error
#    ratio is the same all along and whatever head is missed shifts the ratio by sampling noise
#    only. Faults injected after the first scrape would leave an error-free head counted by
#    /slo alone, and pull its ratio below Prometheus' by several per cent.
#
# Both processes are always stopped and the temporary directory removed.
set -euo pipefail

readonly binary=${1:?usage: slo_agreement.sh /path/to/healthboard}
readonly tag=prometheus_slo_agreement
readonly hb_ready_timeout_s=10
readonly prom_ready_timeout_s=30
readonly min_samples=30
readonly samples_timeout_s=120
readonly rel_tol=0.02
readonly abs_tol_ratio=0.0005
readonly min_visible_error_ratio=0.01 # the faults must show, or the comparison proves nothing
readonly services=(sensor-sim planner-sim)

log() { echo "$tag: $*"; }
fail() {
  echo "$tag: FAIL: $*" >&2
  exit 1
}

for tool in prometheus curl jq; do
  command -v "$tool" >/dev/null 2>&1 ||
    fail "'$tool' is not installed (on Debian: apt-get install $tool)"
done
[[ -x $binary ]] || fail "binary '$binary' does not exist or is not executable"

workdir=$(mktemp -d "${TMPDIR:-/tmp}/hb_prometheus.XXXXXX")
hb_pid=""
prom_pid=""

# shellcheck source-path=SCRIPTDIR source=../lib/healthboard.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/healthboard.sh"

# shellcheck disable=SC2317  # invoked through the EXIT trap
cleanup() {
  local status=$?
  hb_stop_process "$prom_pid"
  hb_stop_process "$hb_pid"
  if ((status != 0)) && [[ -s $workdir/hb.stderr ]]; then
    echo "$tag: healthboard's log (stderr):" >&2
    cat "$workdir/hb.stderr" >&2
  fi
  rm -rf "$workdir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now_s() { echo "${EPOCHREALTIME%.*}"; }

# ---------------------------------------------------------------------------------------------
# Start-up. Prometheus comes first, on a config naming the port healthboard will get: its scrape
# manager applies new targets on a 5-second tick, so started second it would take its first
# sample some 6 s into healthboard's traffic (about 15 % of a 40 s run, all invisible to
# increase()). Started first, with its scrape loop already polling the still closed port, it
# takes the first sample within a second of healthboard starting to listen.

# port_in_use PORT: something accepts connections on 127.0.0.1:PORT.
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# pick_port [EXCEPT]: a port on 127.0.0.1 that nothing accepts connections on, other than EXCEPT.
# From 20000-30000, below the kernel's ephemeral range (32768-60999 by default): a port in that
# range may be the local end of some client's connection, which nothing listens on but which
# still makes a bind to it fail (this test failed once so, on port 39296).
pick_port() {
  local port
  for _ in $(seq 50); do
    port=$((20000 + RANDOM % 10000))
    [[ $port != "${1:-}" ]] && ! port_in_use "$port" && echo "$port" && return 0
  done
  return 1
}

# start_prometheus PORT HB_PORT: 0 once it is ready and scraping 127.0.0.1:HB_PORT (still down),
# 2 when PORT was taken; fails otherwise.
start_prometheus() {
  local port=$1 target_port=$2 deadline
  rm -rf "$workdir/tsdb"
  mkdir -p "$workdir/tsdb"
  cat >"$workdir/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: healthboard
    static_configs:
      - targets: ['127.0.0.1:$target_port']
EOF
  prometheus --config.file="$workdir/prometheus.yml" --storage.tsdb.path="$workdir/tsdb" \
    --web.listen-address="127.0.0.1:$port" --log.level=warn \
    >"$workdir/prometheus.log" 2>&1 &
  prom_pid=$!
  deadline=$((SECONDS + prom_ready_timeout_s))
  # Ready, and the scrape loop has tried the target at least once.
  until curl -fsS --max-time 2 "http://127.0.0.1:$port/api/v1/targets?state=active" 2>/dev/null |
    jq -e 'any(.data.activeTargets[]; .labels.job == "healthboard"
               and (.lastScrape | startswith("0001-") | not))' >/dev/null 2>&1; do
    if ! kill -0 "$prom_pid" 2>/dev/null; then
      wait "$prom_pid" 2>/dev/null || true
      prom_pid=""
      grep -q 'address already in use' "$workdir/prometheus.log" && return 2
      cat "$workdir/prometheus.log" >&2
      fail "prometheus exited during start-up"
    fi
    if ((SECONDS >= deadline)); then
      cat "$workdir/prometheus.log" >&2
      fail "prometheus was not ready and scraping within ${prom_ready_timeout_s}s"
    fi
    sleep 0.1
  done
}

# start_healthboard PORT: 0 once it printed its ready line, 2 when PORT was taken; fails otherwise.
start_healthboard() {
  local port=$1 deadline line
  # stdout (the ready line) to a file, created first so that it can be read at once; logs on
  # stderr to a file too, shown if the test fails.
  : >"$workdir/hb.stdout"
  : >"$workdir/hb.stderr"
  rm -rf "$workdir/hb.data"
  "$binary" serve --host 127.0.0.1 --port "$port" --seed 5 --data-dir "$workdir/hb.data" \
    >"$workdir/hb.stdout" 2>"$workdir/hb.stderr" &
  hb_pid=$!
  deadline=$((SECONDS + hb_ready_timeout_s))
  while :; do
    while IFS= read -r line; do
      [[ $line == "healthboard listening on http://127.0.0.1:$port" ]] && return 0
    done <"$workdir/hb.stdout"
    if ! kill -0 "$hb_pid" 2>/dev/null; then
      wait "$hb_pid" 2>/dev/null || true
      hb_pid=""
      # Taken: something listens there now, or the bind failed for any other holder of the port.
      if port_in_use "$port" || grep -q "cannot listen on .*Address already in use" \
        "$workdir/hb.stderr"; then
        return 2
      fi
      fail "healthboard exited before printing its ready line"
    fi
    ((SECONDS < deadline)) ||
      fail "no 'healthboard listening on http://127.0.0.1:$port' line within ${hb_ready_timeout_s}s"
    sleep 0.05
  done
}

hb_port=""
prom_port=""
for attempt in 1 2 3 4 5; do
  hb_candidate=$(pick_port) || fail "found no free port on 127.0.0.1"
  prom_candidate=$(pick_port "$hb_candidate") || fail "found no free port on 127.0.0.1"
  rc=0
  start_prometheus "$prom_candidate" "$hb_candidate" || rc=$?
  if ((rc == 2)); then
    log "port $prom_candidate for prometheus was taken meanwhile (attempt $attempt); trying others"
    continue
  fi
  rc=0
  start_healthboard "$hb_candidate" || rc=$?
  if ((rc == 2)); then
    log "port $hb_candidate for healthboard was taken meanwhile (attempt $attempt); trying others"
    hb_stop_process "$prom_pid"
    prom_pid=""
    continue
  fi
  hb_port=$hb_candidate
  prom_port=$prom_candidate
  break
done
[[ -n $hb_port ]] || fail "could not start both servers on free ports in 5 attempts"
readonly hb="http://127.0.0.1:$hb_port" prom="http://127.0.0.1:$prom_port"
log "prometheus $(prometheus --version 2>&1 | head -n1 | cut -d' ' -f3) on $prom"
log "healthboard on $hb"

# inject_fault POD ERROR_RATE
inject_fault() {
  local pod=$1 rate=$2 answer
  answer=$(curl -fsS --max-time 5 -X POST "$hb/fault/$pod" -H 'Content-Type: application/json' -d "{\"error_rate\": $rate}") ||
    fail "POST /fault/$pod did not answer 200"
  jq -e --argjson rate "$rate" '.pod.error_rate == $rate' <<<"$answer" >/dev/null ||
    fail "POST /fault/$pod: the answer does not show error_rate $rate: $answer"
}
inject_fault planner-sim-pod-1 0.4
inject_fault sensor-sim-pod-2 0.2
fault_s=$(now_s)
log "faults injected: planner-sim-pod-1 error_rate 0.4, sensor-sim-pod-2 error_rate 0.2"

# prom_query EXPR [TIME]: the .data.result of an instant query; fails unless status is success.
prom_query() {
  local expr=$1 time=${2:-} answer
  local args=(--data-urlencode "query=$expr")
  [[ -n $time ]] && args+=(--data-urlencode "time=$time")
  answer=$(curl -fsS --max-time 5 -G "$prom/api/v1/query" "${args[@]}") ||
    fail "prometheus query failed: $expr"
  jq -e '.status == "success"' <<<"$answer" >/dev/null ||
    fail "prometheus query not successful: $expr: $answer"
  jq -c '.data.result' <<<"$answer"
}

# prom_scalar EXPR [TIME]: the value of a one-element vector, or "" when it is empty.
prom_scalar() { prom_query "$@" | jq -r '.[0].value[1] // ""'; }

# Target up.
deadline=$((SECONDS + prom_ready_timeout_s))
until curl -fsS --max-time 5 "$prom/api/v1/targets?state=active" 2>/dev/null |
  jq -e 'any(.data.activeTargets[]; .labels.job == "healthboard" and .health == "up")' \
    >/dev/null 2>&1; do
  kill -0 "$prom_pid" 2>/dev/null || fail "prometheus exited while waiting for the target"
  if ((SECONDS >= deadline)); then
    curl -fsS --max-time 5 "$prom/api/v1/targets" >&2 || true
    fail "the healthboard target was not up within ${prom_ready_timeout_s}s"
  fi
  sleep 0.2
done
log "target 127.0.0.1:$hb_port is up"

# Enough samples since the faults.
deadline=$((SECONDS + samples_timeout_s))
samples=0
while :; do
  kill -0 "$hb_pid" 2>/dev/null || fail "healthboard exited while being scraped"
  kill -0 "$prom_pid" 2>/dev/null || fail "prometheus exited while scraping"
  since=$(($(now_s) - fault_s + 1))
  samples=$(prom_scalar "count_over_time(healthboard_scrapes_total[${since}s])")
  samples=${samples:-0}
  ((samples >= min_samples)) && break
  ((SECONDS < deadline)) ||
    fail "only $samples samples since the faults after ${samples_timeout_s}s (want $min_samples)"
  sleep 1
done
log "$samples samples since the faults"

# ---------------------------------------------------------------------------------------------
# Read both sides from the same instant. healthboard publishes a snapshot of the lab every
# 100 ms and serves both /metrics and /slo from the latest one, so the aim is a /slo body from
# the very snapshot that a scrape saw: then both sides count exactly the same requests. So: read
# /slo as fast as curl goes for 3 s (bash and curl only, so that a loaded machine still reads
# every snapshot), keeping each body under its requests_5m; then fetch the raw samples of the
# lab counters of those seconds and take the latest scrape whose total equals a kept body's
# requests_5m. Up to 3 rounds; then fall back to the closest pair (the drift is logged).

# scrape_totals: [[scrape timestamp, lab requests total], ...] of the last 10 s, oldest first.
scrape_totals() {
  prom_query 'healthboard_lab_requests_total[10s]' | jq -c '
    [ .[].values[] ] | group_by(.[0])
    | map([.[0][0], (map(.[1] | tonumber) | add)]) | sort_by(.[0])'
}

scrape_ts=""
slo_file=""
for round in 1 2 3; do
  poll_end=$((SECONDS + 3))
  while ((SECONDS < poll_end)); do
    body=$(curl -fsS --max-time 5 "$hb/slo") || fail "GET /slo did not answer 200"
    [[ $body =~ \"requests_5m\":[[:space:]]*([0-9]+) ]] ||
      fail "GET /slo has no requests_5m: $body"
    printf '%s\n' "$body" >"$workdir/slo.${BASH_REMATCH[1]}.json"
  done
  # Wait until Prometheus has stored a scrape taken after the polling ended: then it holds every
  # scrape of the polled seconds (a fixed pause guessed that, and a loaded machine can miss it).
  polled_until=$EPOCHREALTIME
  stored_deadline=$((SECONDS + 15))
  until latest=$(prom_scalar 'max(timestamp(healthboard_scrapes_total))') &&
    [[ -n $latest ]] &&
    jq -en --argjson latest "$latest" --argjson until "$polled_until" '$latest > $until' \
      >/dev/null; do
    kill -0 "$prom_pid" 2>/dev/null || fail "prometheus exited while scraping"
    ((SECONDS < stored_deadline)) ||
      fail "prometheus stored no scrape taken after $polled_until within 15 s (latest: ${latest:-none})"
    sleep 0.2
  done
  totals=$(scrape_totals)
  while read -r ts total; do
    if [[ -f $workdir/slo.$total.json ]]; then
      scrape_ts=$ts
      slo_file=$workdir/slo.$total.json
    fi
  done < <(jq -r '.[] | "\(.[0]) \(.[1])"' <<<"$totals")
  if [[ -n $scrape_ts ]]; then
    log "GET /slo read from the same lab snapshot as the scrape at $scrape_ts" \
      "($(jq -r '.requests_5m' "$slo_file") lab requests; round $round)"
    break
  fi
  log "no GET /slo matched a scrape's snapshot in round $round"
done
if [[ -z $scrape_ts ]]; then
  # The closest pair of a scrape and a kept /slo body, by their request totals.
  kept=$(for f in "$workdir"/slo.*.json; do f=${f##*/slo.}; echo "${f%.json}"; done | jq -sc .)
  read -r scrape_ts slo_total < <(jq -r --argjson kept "$kept" '
    [ .[] as [$ts, $total] | $kept[] | {ts: $ts, slo: ., d: (. - $total | fabs)} ]
    | min_by(.d) | "\(.ts) \(.slo)"' <<<"$totals")
  slo_file=$workdir/slo.$slo_total.json
  log "comparing the closest pair instead: the scrape at $scrape_ts" \
    "($(prom_scalar 'sum(healthboard_lab_requests_total)' "$scrape_ts") lab requests)" \
    "and a GET /slo with $slo_total"
fi
readonly scrape_ts slo_file

# prom_by_key EXPR: {"<service or lab>": value} of EXPR at the scrape; NaN and Inf become null.
prom_by_key() {
  prom_query "$1" "$scrape_ts" | jq -c 'map({
      key: (.metric.service // "lab"),
      value: (.value[1] | if test("^[-+]?[0-9.]+([eE][-+]?[0-9]+)?$") then tonumber else null end)
    }) | from_entries'
}

# ratio_expr METRIC BY WRAP: sum(5xx) / sum(all), each term wrapped as WRAP (SERIES stands for the
# selector); a key without any 5xx series counts 0 errors rather than vanishing.
ratio_expr() {
  local metric=$1 by=$2 wrap=$3
  local bad_series="$metric{code=~\"5..\"}"
  local bad=${wrap//SERIES/"$bad_series"} all=${wrap//SERIES/"$metric"}
  echo "(sum$by ($bad) or 0 * sum$by ($all)) / sum$by ($all)"
}

lab_counters=$(prom_by_key "$(ratio_expr healthboard_lab_requests_total "" SERIES)")
lab_increase=$(prom_by_key "$(ratio_expr healthboard_lab_requests_total "" "increase(SERIES[5m])")")
svc_counters=$(prom_by_key "$(ratio_expr healthboard_requests_total " by (service)" SERIES)")
svc_increase=$(prom_by_key \
  "$(ratio_expr healthboard_requests_total " by (service)" "increase(SERIES[5m])")")

# The head that increase() cannot see: lab requests before Prometheus' first sample.
lab_total=$(prom_scalar 'sum(healthboard_lab_requests_total)' "$scrape_ts")
lab_first=$(prom_scalar 'sum(min_over_time(healthboard_lab_requests_total[5m]))' "$scrape_ts")
first_ts=$(prom_scalar 'min_over_time(timestamp(healthboard_scrapes_total)[5m:100ms])' "$scrape_ts")
jq -nr --arg total "$lab_total" --arg first "$lab_first" --arg first_ts "$first_ts" \
  --arg fault_s "$fault_s" '
  "first scrape \(($first_ts | tonumber) - ($fault_s | tonumber) | . * 10 | round / 10) s after"
  + " the faults, with \($first) of the \($total) lab requests compared (" +
  (($first | tonumber) / ($total | tonumber) * 1000 | round / 10 | tostring) + " %) already counted"
  ' | sed "s/^/$tag: /"

# ---------------------------------------------------------------------------------------------
# Compare.

services_json=$(printf '%s\n' "${services[@]}" | jq -R . | jq -sc .)

# The checks as rows: figure, /slo value, the two PromQL values, tolerance; and the failures.
# shellcheck disable=SC2016  # jq program, not shell
report=$(jq -c \
  --argjson lab_c "$lab_counters" --argjson lab_i "$lab_increase" \
  --argjson svc_c "$svc_counters" --argjson svc_i "$svc_increase" \
  --argjson services "$services_json" \
  --argjson rel_tol "$rel_tol" --argjson abs_tol "$abs_tol_ratio" \
  --argjson min_visible "$min_visible_error_ratio" '
  . as $slo
  | def burn($ratio; $target):
      if $ratio == null or ($target | type) != "number" or $target >= 1 then null
      else $ratio / (1 - $target) end;
    def pair($figure; $hb; $c; $i; $tol):
      {figure: $figure, hb: $hb, counters: $c, increase: $i, abs_tol: $tol};
    # rows for one SLO: error ratio and burn rate
    def rows($name; $hb_ratio; $hb_burn; $target; $c; $i):
      pair("\($name) error ratio 5m"; $hb_ratio; $c; $i; $abs_tol),
      pair("\($name) burn rate 5m"; $hb_burn; burn($c; $target); burn($i; $target);
           if ($target | type) == "number" and $target < 1 then $abs_tol / (1 - $target) else 0 end);
    [ rows("lab"; $slo.error_ratio_5m; $slo.burn_rate_5m; $slo.availability_target;
           $lab_c.lab; $lab_i.lab) ] as $lab_rows
  | ( if ($slo.slos | type) == "array" then
        [ (["lab"] + $services)[] as $name
          | ($slo.slos | map(select(.name == $name)) | first) as $e
          | if $e == null then empty
            else rows("slos[\($name)]"; $e.availability.error_ratio["5m"];
                      $e.availability.burn_rate["5m"]; $e.availability.target;
                      (if $name == "lab" then $lab_c.lab else $svc_c[$name] end);
                      (if $name == "lab" then $lab_i.lab else $svc_i[$name] end))
            end ]
      else [] end ) as $svc_rows
  | ($lab_rows + $svc_rows) as $rows
  | def agree($a; $b; $tol):
      $a != null and $b != null and
      ((($a - $b) | fabs) <= $rel_tol * ([($a | fabs), ($b | fabs)] | max)
       or (($a - $b) | fabs) < $tol);
    def rel($a; $b):
      if $a == null or $b == null then null
      elif $a == 0 and $b == 0 then 0
      else (($a - $b) | fabs) / ([($a | fabs), ($b | fabs)] | max) end;
  { rows: [ $rows[] | . + { rel_counters: rel(.counters; .hb), rel_increase: rel(.increase; .hb) } ],
    failures: (
      [ $rows[] | . as $r | ("counters", "increase") as $way
        | select(agree($r[$way]; $r.hb; $r.abs_tol) | not)
        | "\($r.figure): PromQL (\($way)) \($r[$way]) vs /slo \($r.hb)"
          + (rel($r[$way]; $r.hb) as $d | if $d == null then "" else
               ", \($d * 10000 | round / 100) % apart" end) ]
      + [ if ($slo.slos | type) != "array" then
            "GET /slo has no .slos array (the per-service SLOs): cannot compare \($services | join(", "))"
          else empty end ]
      + [ if ($slo.slos | type) == "array" then
            (["lab"] + $services)[] as $name
            | select(($slo.slos | map(select(.name == $name)) | length) != 1)
            | "GET /slo .slos has no single entry named \"\($name)\": names are \($slo.slos | map(.name))"
          else empty end ]
      + [ if ($slo.slos | type) == "array" then
            $slo.slos[] | select(.name as $n | ["lab"] + $services | index([$n]))
            | select(.availability.target | type != "number")
            | "GET /slo .slos entry \"\(.name)\" has no numeric availability.target: \(.availability)"
          else empty end ]
      + [ $rows[] | select(.figure | endswith("error ratio 5m"))
          | select((.hb // 0) < $min_visible)
          | "\(.figure): /slo says \(.hb), below \($min_visible): the injected errors do not show" ] ),
    checks: (($rows | length) * 2) }
  ' "$slo_file") || fail "could not compare: /slo answered $(cat "$slo_file")"

# The table.
jq -r '
  def fmt: if . == null then "null" elif type == "number" then (. * 1e6 | round / 1e6 | tostring)
           else tostring end;
  def pct: if . == null then "-" else (. * 100000 | round / 1000 | tostring) + " %" end;
  def pad($n): tostring | if length < $n then . + (" " * ($n - length)) else . end;
  (["figure", "/slo", "PromQL counters", "diff", "PromQL increase", "diff"] as $h
   | "\($h[0] | pad(34)) \($h[1] | pad(12)) \($h[2] | pad(16)) \($h[3] | pad(8)) \($h[4] | pad(16)) \($h[5])"),
  (.rows[] | "\(.figure | pad(34)) \(.hb | fmt | pad(12)) \(.counters | fmt | pad(16)) \(.rel_counters | pct | pad(8)) \(.increase | fmt | pad(16)) \(.rel_increase | pct)")
  ' <<<"$report" | sed "s/^/$tag:   /"

checks=$(jq '.checks' <<<"$report")
if jq -e '.failures | length > 0' <<<"$report" >/dev/null; then
  jq -r '.failures[]' <<<"$report" | sed "s/^/$tag: FAIL: /" >&2
  echo "$tag: $(jq '.failures | length' <<<"$report") problem(s) (tolerance: ${rel_tol} relative, or ${abs_tol_ratio} absolute in ratio)" >&2
  exit 1
fi
log "$checks checks, all within $(jq -n "$rel_tol * 100") %"
