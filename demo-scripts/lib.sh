# shellcheck shell=bash
# The single-quoted strings with $ in them are jq programs with jq variables:
# shellcheck disable=SC2016
# lib.sh: what demo-faults.sh and chaos-test.sh share. Sourced by them, not run on its own.
#
# It gives them: the settings (HEALTHBOARD_URL, DEMO_PAUSE, DEMO_TIMEOUT and their flags), one
# checked HTTP call (hb_call: any failure ends the script with a one-line message on stderr),
# fault injection that remembers the pods it touched, bounded waits on the measured figures, and
# the compact pod, service and SLO views printed between steps.
#
# Requires bash 4.4+, curl and jq (1.6 or later).

# The script's own name, for messages.
HB_PROG=${0##*/}

# Settings; the environment first, the flags (hb_parse_args) override it.
HB_URL=${HEALTHBOARD_URL:-http://localhost:8000}
HB_PAUSE=${DEMO_PAUSE:-3}
HB_TIMEOUT=${DEMO_TIMEOUT:-30}

# Fixed limits.
readonly HB_CALL_TIMEOUT_S=10   # one HTTP call
readonly HB_EXPECT_TIMEOUT_S=10 # waiting for a fault's effect to become measurable
readonly HB_POLL_S=0.2          # polling interval of every wait

HB_BODY=""     # body of the latest successful call
HB_TOUCHED=()  # pods the script injected a fault into, in order
HB_STEP=0      # step counter for headings
HB_ERR_FD=2    # the script's stderr, kept for the interrupt handler

# The jq helpers every filter below may use.
readonly HB_JQ_DEFS='
def pod($id): first(.pods[] | select(.id == $id));
def svc($name): first(.services[] | select(.name == $name));
def repeat_str($c; $n): if $n > 0 then $c * $n else "" end;
def spaces($n): repeat_str(" "; $n);
def rpad($n): tostring | . + spaces($n - length);
def lpad($n): tostring | spaces($n - length) + .;
# a number with $d decimals (jq 1.6 has no printf); null is "-"
def fixed($d):
  if . == null then "-"
  else (. * pow(10; $d) | round) as $n
    | (if $n < 0 then "-" else "" end) as $sign
    | ($n | fabs | tostring) as $s
    | repeat_str("0"; $d + 1 - ($s | length)) + $s
    | if $d > 0 then $sign + .[:length - $d] + "." + .[length - $d:] else $sign + . end
  end;
'

hb_die() {
  printf '%s: %s\n' "$HB_PROG" "$*" >&2
  exit 1
}

hb_usage_error() {
  printf '%s: %s (see %s --help)\n' "$HB_PROG" "$*" "$HB_PROG" >&2
  exit 2
}

# The settings part of --help, shared by both scripts.
hb_settings_help() {
  cat <<EOF
Settings (flag, or environment variable):
  --url URL          HEALTHBOARD_URL  the running healthboard (default http://localhost:8000)
  --pause SECONDS    DEMO_PAUSE       pause after each action before showing its effect
                                      (default 3; 0 in tests). However short the pause, the
                                      script waits (up to ${HB_EXPECT_TIMEOUT_S} s) until the effect is
                                      measured: the lab's figures cover the last 2 s.
  --timeout SECONDS  DEMO_TIMEOUT     how long to wait for pods to be Healthy again after a
                                      recovery step (default 30); exceeded, the script fails.
  -h, --help                          this help

Exit status: 0 when every step worked and every pod ended Healthy; 1 when a call failed
(healthboard unreachable, an answer that is not 2xx or not JSON) or a recovery timed out, with a
one-line message on stderr naming the call and the URL; 2 for a wrong option.
Requires curl and jq. Interrupted (Ctrl-C), the script restarts the pods it faulted, then stops.
EOF
}

# hb_parse_args "$@": the shared flags. The calling script defines usage() for --help.
hb_parse_args() {
  while (($# > 0)); do
    case $1 in
      -h | --help)
        usage
        exit 0
        ;;
      --pause | --timeout | --url)
        (($# >= 2)) || hb_usage_error "$1 needs a value"
        hb_set_option "$1" "$2"
        shift 2
        ;;
      --pause=* | --timeout=* | --url=*)
        hb_set_option "${1%%=*}" "${1#*=}"
        shift
        ;;
      *) hb_usage_error "unknown argument '$1'" ;;
    esac
  done
  [[ $HB_PAUSE =~ ^([0-9]+([.][0-9]*)?|[.][0-9]+)$ ]] ||
    hb_usage_error "the pause must be a number of seconds, got '$HB_PAUSE'"
  if [[ ! $HB_TIMEOUT =~ ^[0-9]+$ ]] || ((10#$HB_TIMEOUT == 0)); then
    hb_usage_error "the timeout must be a whole number of seconds above 0, got '$HB_TIMEOUT'"
  fi
  HB_TIMEOUT=$((10#$HB_TIMEOUT))
  [[ $HB_URL =~ ^https?://[^/]+ ]] ||
    hb_usage_error "the URL must start with http:// or https://, got '$HB_URL'"
  HB_URL=${HB_URL%/}
}

hb_set_option() {
  case $1 in
    --pause) HB_PAUSE=$2 ;;
    --timeout) HB_TIMEOUT=$2 ;;
    --url) HB_URL=$2 ;;
  esac
}

# hb_start "$@": parse the flags, check the tools and that healthboard answers, and arrange
# for an interrupted run to restart the pods it faulted.
hb_start() {
  hb_parse_args "$@"
  local tool
  for tool in curl jq; do
    command -v "$tool" >/dev/null 2>&1 ||
      hb_die "'$tool' is not installed (on Debian: apt-get install $tool)"
  done
  # The interrupt handler writes here: stderr may be redirected at the moment it runs.
  exec {HB_ERR_FD}>&2
  trap hb_interrupted INT TERM
  hb_call GET /health
  local status
  status=$(jq -r '.status // "no status"' <<<"$HB_BODY")
  [[ $status == healthy ]] || hb_die "GET /health at $HB_URL answered status '$status', not 'healthy'"
  echo "healthboard at $HB_URL is healthy (pause ${HB_PAUSE} s, recovery timeout ${HB_TIMEOUT} s)"
}

# hb_call METHOD PATH [JSON_BODY]: one call to healthboard. On success HB_BODY holds the answer
# (a JSON object). Anything else ends the script: no connection, no answer in time, a status
# other than 2xx, or an answer that is not a JSON object.
hb_call() {
  local method=$1 path=$2 data=${3-}
  local -a args=(--silent --show-error --connect-timeout 5 --max-time "$HB_CALL_TIMEOUT_S"
    -X "$method" -w '\n%{http_code}')
  if [[ -n $data ]]; then
    args+=(-H 'Content-Type: application/json' --data-binary "$data")
  fi
  local out rc=0
  out=$(curl "${args[@]}" "$HB_URL$path" 2>&1) || rc=$?
  if ((rc != 0)); then
    local why
    case $rc in
      3) why="malformed URL" ;;
      6) why="cannot resolve the host" ;;
      7) why="connection refused" ;;
      28) why="no answer within ${HB_CALL_TIMEOUT_S} s" ;;
      52) why="empty reply from the server" ;;
      55 | 56) why="connection reset" ;;
      *)
        why=$(grep -m1 '^curl: ' <<<"$out" || true)
        why="curl error $rc${why:+: ${why#curl: }}"
        ;;
    esac
    hb_die "cannot reach healthboard at $HB_URL ($method $path): $why"
  fi
  local code=${out##*$'\n'} body=${out%$'\n'*}
  if [[ ! $code =~ ^2[0-9][0-9]$ ]]; then
    local detail
    detail=$(jq -r '.detail // empty' <<<"$body" 2>/dev/null || true)
    [[ -n $detail ]] || detail=$(hb_snippet "$body" 120)
    hb_die "$method $path at $HB_URL answered HTTP $code${detail:+: $detail}"
  fi
  if ! jq -e 'type == "object"' >/dev/null 2>&1 <<<"$body"; then
    hb_die "$method $path at $HB_URL answered HTTP $code with a body that is not a JSON object: $(hb_snippet "$body" 80)"
  fi
  HB_BODY=$body
}

# hb_snippet TEXT N: the first N characters of TEXT on one line, for a message.
hb_snippet() {
  local text
  text=$(tr -s ' \n\r\t' ' ' <<<"${1:0:$2}")
  printf '%s' "${text% }"
}

# hb_jq [jq options...] FILTER: run FILTER (with the helpers above) on HB_BODY.
hb_jq() {
  local filter=${*: -1}
  jq "${@:1:$#-1}" "$HB_JQ_DEFS $filter" <<<"$HB_BODY"
}

hb_require_pods() {
  hb_call GET /pods
  local id missing=()
  for id in "$@"; do
    hb_jq -e --arg id "$id" 'any(.pods[]; .id == $id)' >/dev/null || missing+=("$id")
  done
  ((${#missing[@]} == 0)) ||
    hb_die "the lab at $HB_URL has no pod ${missing[*]}; this demo needs the default lab (3 services of 3 pods)"
}

hb_step() {
  HB_STEP=$((HB_STEP + 1))
  printf '\n== Step %d: %s ==\n' "$HB_STEP" "$*"
}

hb_scenario() {
  printf '\n\n######## %s ########\n' "$*"
}

hb_say() {
  printf '  %s\n' "$*"
}

hb_pause() {
  sleep "$HB_PAUSE"
}

hb_touch() {
  local id
  for id in "${HB_TOUCHED[@]}"; do
    [[ $id == "$1" ]] && return 0
  done
  HB_TOUCHED+=("$1")
}

hb_untouch() {
  local id kept=()
  for id in "${HB_TOUCHED[@]}"; do
    [[ $id == "$1" ]] || kept+=("$id")
  done
  HB_TOUCHED=("${kept[@]}")
}

# hb_fault POD JSON: inject a fault (POST /fault/POD) and remember the pod.
hb_fault() {
  hb_touch "$1"
  hb_call POST "/fault/$1" "$2"
  printf '  POST /fault/%s %s -> %s\n' "$1" "$2" "$(hb_jq -r '.message')"
}

# hb_restart POD...: POST /restart on each; a restarted pod has no fault left.
hb_restart() {
  local id
  for id in "$@"; do
    hb_untouch "$id"
    hb_call POST "/restart/$id"
    printf '  POST /restart/%s -> %s (restarts %s)\n' "$id" "$(hb_jq -r '.message')" \
      "$(hb_jq -r '.pod.restarts')"
  done
}

# hb_poll PATH TIMEOUT_S [jq options...] CONDITION: GET PATH until CONDITION is true, at most
# TIMEOUT_S seconds. Returns 1 on timeout (HB_BODY then holds the latest answer).
hb_poll() {
  local path=$1 timeout=$2
  shift 2
  local deadline=$((SECONDS + timeout))
  while :; do
    hb_call GET "$path"
    hb_jq -e "$@" >/dev/null 2>&1 && return 0
    ((SECONDS < deadline)) || return 1
    sleep "$HB_POLL_S"
  done
}

# hb_expect DESCRIPTION PATH [jq options...] CONDITION: after the pause, wait until the effect of
# the latest action shows in the measured figures. Not seeing it is not an error (a lab with
# other targets may not react the same way): a note says so and the demo goes on.
hb_expect() {
  hb_pause
  hb_check "$@"
}

# hb_check: hb_expect without the pause.
hb_check() {
  local what=$1
  shift
  if hb_poll "$1" "$HB_EXPECT_TIMEOUT_S" "${@:2}"; then
    hb_say "measured: $what"
  else
    hb_say "note: not measured within ${HB_EXPECT_TIMEOUT_S} s: $what"
  fi
}

# hb_wait_healthy: wait until every pod is Healthy, at most DEMO_TIMEOUT seconds; otherwise show
# the pods and fail.
hb_wait_healthy() {
  local started=$SECONDS
  if ! hb_poll /pods "$HB_TIMEOUT" '(.pods | length) > 0 and all(.pods[]; .status == "Healthy")'; then
    hb_print_pods
    local sick
    sick=$(hb_jq -r '[.pods[] | select(.status != "Healthy") | "\(.id) \(.status) (\(.reason))"]
      | join(", ")')
    hb_die "pods not Healthy ${HB_TIMEOUT} s after recovery (GET /pods at $HB_URL): $sick"
  fi
  hb_say "every pod Healthy (waited $((SECONDS - started)) s)"
}

# The views. Each reads the current state with its own call.

hb_print_pods() {
  hb_call GET /pods
  hb_jq -r '
    def faults: [ (if (.delay_ms // 0) > 0 then "delay \(.delay_ms) ms" else empty end),
                  (if (.error_rate // 0) > 0 then "error_rate \(.error_rate)" else empty end),
                  (if .killed then "killed" else empty end) ]
                | if length == 0 then "-" else join(", ") end;
    def state: .status + (if (.phase // "Running") != "Running" then " (\(.phase))" else "" end);
    (([.pods[].id | length] + [3] | max) + 2) as $w
    | ("  " + ("POD" | rpad($w)) + ("STATUS" | rpad(20)) + ("LATENCY_MS" | lpad(10))
        + ("ERROR_RATIO" | lpad(13)) + ("RESTARTS" | lpad(10)) + "  FAULTS"),
      (.pods[] | "  " + (.id | rpad($w)) + (state | rpad(20)) + (.latency_ms | fixed(1) | lpad(10))
        + (.error_ratio | fixed(3) | lpad(13)) + (.restarts | lpad(10)) + "  " + faults)'
}

hb_print_services() {
  hb_call GET /services
  hb_jq -r '
    (([.services[].name | length] + [7] | max) + 2) as $w
    | ("  " + ("SERVICE" | rpad($w)) + ("STATUS" | rpad(10)) + ("READY" | lpad(6))
        + ("REQ/S" | lpad(9)) + ("ERROR_RATIO" | lpad(13)) + ("P95_MS" | lpad(10))),
      (.services[] | "  " + (.name | rpad($w)) + (.status | rpad(10))
        + ("\(.pods_ready)/\(.pods_total)" | lpad(6)) + (.request_rate | fixed(1) | lpad(9))
        + (.error_ratio | fixed(3) | lpad(13)) + (.latency_p95_ms | fixed(1) | lpad(10)))'
}

hb_print_slo() {
  hb_call GET /slo
  hb_jq -r '"  SLO (lab, availability \(.availability_target * 100 | fixed(1))%): availability \(.availability | fixed(5))"
    + ", burn_rate_5m \(.burn_rate_5m | fixed(2)), budget_remaining \(.budget_remaining | fixed(4))"
    + ", indicator \(.indicator)",
    "      latency p95 \(.latency_p95_ms | fixed(1)) ms (target \(.latency_p95_target_ms) ms)"
    + ", alerts firing: " + (.alerts_firing | if length == 0 then "none" else "\(length)"
        + ([.[] | select(.slo == "lab") | .name + (if .sli == "availability" then "" else " (\(.sli))" end)]
          | if length == 0 then "" else ", on the lab: " + join(", ") end) end)'
}

hb_show() {
  hb_print_pods
  hb_print_services
  hb_print_slo
}

# hb_lab_burn_rate: the lab's burn_rate_5m now (0 without traffic).
hb_lab_burn_rate() {
  hb_call GET /slo
  hb_jq -r '.burn_rate_5m // 0'
}

# hb_restore: restart every pod the script faulted, wait until every pod is Healthy, show it.
hb_restore() {
  if ((${#HB_TOUCHED[@]} > 0)); then
    hb_restart "${HB_TOUCHED[@]}"
  fi
  hb_say "waiting (at most ${HB_TIMEOUT} s) for every pod to be Healthy; restarted pods start for ~1 s"
  hb_wait_healthy
}

# On Ctrl-C: best effort to leave the lab as found, then stop.
# shellcheck disable=SC2317  # invoked through the trap
hb_interrupted() {
  trap - INT TERM
  {
    echo
    if ((${#HB_TOUCHED[@]} > 0)); then
      echo "$HB_PROG: interrupted; restarting the faulted pods: ${HB_TOUCHED[*]}"
      local id
      for id in "${HB_TOUCHED[@]}"; do
        curl --silent --max-time 3 -X POST "$HB_URL/restart/$id" >/dev/null 2>&1 ||
          echo "$HB_PROG: could not restart $id"
      done
    else
      echo "$HB_PROG: interrupted"
    fi
  } >&"$HB_ERR_FD" 2>&1
  exit 130
}
