#!/usr/bin/env bash
# Runs the demo scripts against the real healthboard and checks their outcome.
#
#   run_demo.sh /path/to/healthboard /path/to/demo-scripts [CASE...]
#
# CASE (all of them when none is given):
#   demo-faults   run demo-faults.sh with a short pause against a fresh server
#   chaos-test    run chaos-test.sh the same way
#   dead-server   run both scripts against a URL nobody listens on
#   cli           --help, wrong options, and an answer that is not 2xx
#
# demo-faults and chaos-test must exit 0, print a final state whose pods are all Healthy, and
# leave every pod of the server Healthy with no fault (checked with curl). dead-server: exit 1
# within seconds and exactly one line on stderr naming the call and the URL. Each case that
# needs a server starts its own `healthboard serve` on an ephemeral port and always stops it.
set -euo pipefail

readonly binary=${1:?usage: run_demo.sh /path/to/healthboard /path/to/demo-scripts [CASE...]}
readonly script_dir=${2:?usage: run_demo.sh /path/to/healthboard /path/to/demo-scripts [CASE...]}
shift 2
cases=("$@")
((${#cases[@]} > 0)) || cases=(demo-faults chaos-test dead-server cli)

readonly ready_timeout_s=10
readonly script_timeout_s=120 # one script run, far above its ~10 to ~40 s
readonly dead_url=http://127.0.0.1:1

fail() {
  echo "run_demo: FAIL: $*" >&2
  exit 1
}

# The settings the scripts read come from each case, not from the caller's environment.
unset HEALTHBOARD_URL DEMO_PAUSE DEMO_TIMEOUT

for tool in curl jq timeout; do
  command -v "$tool" >/dev/null 2>&1 || fail "'$tool' is not installed"
done
[[ -x $binary ]] || fail "binary '$binary' does not exist or is not executable"
for script in demo-faults.sh chaos-test.sh lib.sh; do
  [[ -f $script_dir/$script ]] || fail "no $script in '$script_dir'"
done

# shellcheck source-path=SCRIPTDIR source=../lib/healthboard.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/healthboard.sh"

workdir=$(mktemp -d "${TMPDIR:-/tmp}/hb_demo.XXXXXX")
server_pid=""
base=""

stop_server() {
  hb_stop_process "$server_pid"
  server_pid=""
}

# shellcheck disable=SC2317  # invoked through the EXIT trap
cleanup() {
  stop_server
  rm -rf "$workdir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start_server SEED: healthboard on an ephemeral port; sets base.
start_server() {
  stop_server
  # stdout (the ready line) to a file; the server's logs go to the server log.
  hb_start_server "$binary" "$workdir/server.stdout" "$ready_timeout_s" --seed "$1" \
    2>"$workdir/server.log" || fail "$(tail -n 1 "$workdir/server.log")"
  server_pid=$HB_SERVER_PID
  base=$HB_SERVER_URL
  echo "run_demo: server on $base (seed $1)"
}

# run_script NAME [ARGS...] with the environment given by the caller: runs it, bounded, with its
# stdout and stderr in $workdir/NAME.out and .err; sets rc and elapsed_s.
run_script() {
  local name=$1
  shift
  local started=$SECONDS
  rc=0
  timeout -k 5 "$script_timeout_s" bash "$script_dir/$name" "$@" \
    >"$workdir/$name.out" 2>"$workdir/$name.err" || rc=$?
  elapsed_s=$((SECONDS - started))
}

show_output() {
  echo "----- $1 stdout -----"
  cat "$workdir/$1.out"
  echo "----- $1 stderr -----"
  cat "$workdir/$1.err"
  echo "-----"
}

# fail_with_output NAME MESSAGE: show what NAME printed, then fail.
fail_with_output() {
  show_output "$1"
  fail "$2"
}

# The last "final state" table of NAME's output: every pod row Healthy, and as many as the server has.
check_final_table() {
  local name=$1 expected_pods=$2
  local heading
  heading=$(grep -nE '^== Step [0-9]+: final state ==$' "$workdir/$name.out" | tail -n1 | cut -d: -f1)
  [[ -n $heading ]] || fail_with_output "$name" "$name printed no final state heading"
  local rows
  rows=$(tail -n +"$heading" "$workdir/$name.out" | grep -E '^  [a-z0-9-]+-pod-[0-9]+ ' || true)
  local count healthy
  count=$(grep -c . <<<"$rows" || true)
  healthy=$(awk '$2 == "Healthy"' <<<"$rows" | grep -c . || true)
  ((count == expected_pods)) || fail_with_output "$name" \
    "$name's final state lists $count pods, the server has $expected_pods"
  ((healthy == count)) || fail_with_output "$name" "$name's final state has pods that are not Healthy:
$(awk '$2 != "Healthy"' <<<"$rows")"
  grep -qE 'every pod is Healthy again\.$' "$workdir/$name.out" ||
    fail_with_output "$name" "$name did not print its closing line"
}

# The server itself: every pod Healthy, Running, without any fault left.
check_server_clean() {
  local pods
  pods=$(curl -fsS --max-time 5 "$base/pods") || fail "GET /pods at $base failed after the script"
  jq -e '(.pods | length) == 9 and all(.pods[]; .status == "Healthy" and .phase == "Running"
           and .delay_ms == 0 and .error_rate == 0 and .killed == false)' >/dev/null <<<"$pods" ||
    fail "after the script, not every pod is Healthy and fault-free:
$(jq -c '.pods[] | {id, status, phase, delay_ms, error_rate, killed, reason}' <<<"$pods")"
}

# case demo-faults / chaos-test
run_demo_case() {
  local name=$1 seed=$2
  start_server "$seed"
  HEALTHBOARD_URL=$base DEMO_PAUSE=0 DEMO_TIMEOUT=30 run_script "$name"
  ((rc == 0)) || fail_with_output "$name" \
    "$name exited $rc after ${elapsed_s}s (124: killed after ${script_timeout_s}s)"
  [[ ! -s $workdir/$name.err ]] || fail_with_output "$name" "$name exited 0 but wrote to stderr"
  check_final_table "$name" 9
  check_server_clean
  local notes
  notes=$(grep -c 'note: not measured' "$workdir/$name.out" || true)
  ((notes == 0)) || echo "run_demo: warning: $name saw $notes expected effects late:" \
    "$(grep 'note: not measured' "$workdir/$name.out")"
  echo "run_demo: $name OK in ${elapsed_s}s ($(grep -c '^== Step' "$workdir/$name.out") steps, every pod Healthy at the end)"
  stop_server
}

# check_fails_clearly NAME EXPECTED_RC EXPECTED_STDERR [ARGS...]: the exit status, stderr exactly
# the one line EXPECTED_STDERR, and no more than 5 s.
check_fails_clearly() {
  local name=$1 want_rc=$2 want_err=$3
  shift 3
  run_script "$name" "$@"
  local err
  err=$(<"$workdir/$name.err")
  ((rc == want_rc)) || fail_with_output "$name" "$name $* exited $rc, expected $want_rc"
  [[ $err == "$want_err" ]] ||
    fail_with_output "$name" "$name $*: stderr is not the expected single line: $want_err"
  ((elapsed_s <= 5)) || fail "$name $* took ${elapsed_s}s to fail; it should fail fast"
  echo "run_demo: $name${*:+ $*} -> exit $rc, stderr: $err"
}

dead_server_case() {
  local name
  for name in demo-faults.sh chaos-test.sh; do
    HEALTHBOARD_URL=$dead_url DEMO_PAUSE=0 check_fails_clearly "$name" 1 \
      "$name: cannot reach healthboard at $dead_url (GET /health): connection refused"
    [[ ! -s $workdir/$name.out ]] || fail "$name printed on stdout although healthboard is down"
  done
  # The flag overrides the environment.
  HEALTHBOARD_URL=http://127.0.0.1:8000 check_fails_clearly demo-faults.sh 1 \
    "demo-faults.sh: cannot reach healthboard at $dead_url (GET /health): connection refused" \
    --url "$dead_url/" --pause 0
}

cli_case() {
  local name
  for name in demo-faults.sh chaos-test.sh; do
    run_script "$name" --help
    ((rc == 0)) || fail "$name --help exited $rc"
    local word
    for word in HEALTHBOARD_URL DEMO_PAUSE DEMO_TIMEOUT --pause --url --timeout; do
      grep -qF -- "$word" "$workdir/$name.out" || fail "$name --help does not mention $word"
    done
    check_fails_clearly "$name" 2 "$name: unknown argument '--bogus' (see $name --help)" --bogus
    check_fails_clearly "$name" 2 \
      "$name: the pause must be a number of seconds, got 'soon' (see $name --help)" --pause soon
    DEMO_TIMEOUT=0 check_fails_clearly "$name" 2 \
      "$name: the timeout must be a whole number of seconds above 0, got '0' (see $name --help)"
  done
  # An answer that is not 2xx: a URL with a path healthboard does not serve.
  start_server 33
  HEALTHBOARD_URL=$base/nope check_fails_clearly demo-faults.sh 1 \
    "demo-faults.sh: GET /health at $base/nope answered HTTP 404: Not Found"
  stop_server
}

for c in "${cases[@]}"; do
  case $c in
    demo-faults) run_demo_case demo-faults.sh 21 ;;
    chaos-test) run_demo_case chaos-test.sh 22 ;;
    dead-server) dead_server_case ;;
    cli) cli_case ;;
    *) fail "unknown case '$c' (demo-faults, chaos-test, dead-server, cli)" ;;
  esac
done
echo "run_demo: all OK (${cases[*]})"
