#!/usr/bin/env bash
# Test driver for `healthboard experiment run` (registered by CMakeLists.txt beside it).
# Usage: run_experiments.sh BINARY SOURCE_DIR CASE [FILE]
#   virtual FILE  FILE runs with --virtual: exit 0, a journal with status "completed", the
#                 hypothesis held before and after, every method probe with a tolerance held,
#                 every action answered 2xx
#   deviating     tests/experiments/deviating.yaml: exit 1, status "deviated"
#   invalid       tests/experiments/invalid.yaml: exit 2, the message names line and field
#   flags         wrong flags: exit 2 with a message; a lab flag with --server, whatever its value
#   windows       tests/experiments/invalid_window.yaml (a 7d window) and a 10m variant: exit 2
#                 with the exact message and nothing run, unless the SLO window is 7d (--slo-window
#                 with --virtual, GET /slo of a server started with --slo-window 7d)
#   live          tests/experiments/live.yaml against `healthboard serve` on port 0: exit 0
#   same-verdict  tests/experiments/restart_pause.yaml (a pause exactly as long as a start-up),
#                 five times with --virtual and five times against one server: the same verdict
#                 (completed) and the same figure every time, in both modes
#   dead-server   --server at a port nobody listens on: exit 1, status "aborted"
set -euo pipefail

readonly binary=$1 source_dir=$2 case_name=$3
readonly tests_dir=$source_dir/tests/experiments
# shellcheck source-path=SCRIPTDIR source=../lib/healthboard.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/healthboard.sh"

work=$(mktemp -d)
HB_SERVER_PID=""
# shellcheck disable=SC2317  # invoked through the EXIT trap
cleanup() {
  hb_stop_process "$HB_SERVER_PID"
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# run_experiment EXPECTED_EXIT ARGS...: runs `experiment run ARGS...` with stdout in
# $work/out and stderr in $work/err, and checks the exit code.
run_experiment() {
  local expected=$1
  shift
  local code=0
  "$binary" experiment run "$@" >"$work/out" 2>"$work/err" || code=$?
  cat "$work/out"
  cat "$work/err" >&2
  ((code == expected)) || fail "experiment run $* exited $code, expected $expected"
}

# check_journal FILE JQ_EXPRESSION DESCRIPTION: the expression must be true of the journal.
check_journal() {
  local journal=$1 expression=$2 what=$3
  jq -e . "$journal" >/dev/null || fail "$journal is not valid JSON"
  jq -e "$expression" "$journal" >/dev/null || fail "journal: $what; got $(jq -c \
    '{status, reason, before: .steady_state_before.held, after: .steady_state_after.held}' \
    "$journal")"
}

# Every check a completed run's journal must pass.
check_completed() {
  local journal=$1 kind=$2
  check_journal "$journal" '.status == "completed" and .reason == null' 'status is completed'
  check_journal "$journal" ".mode.kind == \"$kind\"" "mode.kind is $kind"
  check_journal "$journal" '.steady_state_before.held == true and .steady_state_after.held == true' \
    'the hypothesis held before and after'
  check_journal "$journal" '[.method[] | select(.type == "probe" and .tolerance != null)
    | .held] | all' 'every method probe with a tolerance held'
  check_journal "$journal" '[.method[], .rollbacks[] | select(.type == "action") | .ok] | all' \
    'every action answered 2xx'
  check_journal "$journal" '.duration.lab_s >= 0 and (.started.wall_utc | test("Z$"))' \
    'start and end times are recorded'
}

case $case_name in
  virtual)
    file=$4
    run_experiment 0 "$file" --virtual --journal "$work/journal.json"
    check_completed "$work/journal.json" virtual
    check_journal "$work/journal.json" '.mode.seed == 42' 'the default seed is recorded'
    ;;
  deviating)
    run_experiment 1 "$tests_dir/deviating.yaml" --virtual --journal "$work/journal.json"
    check_journal "$work/journal.json" '.status == "deviated"' 'status is deviated'
    check_journal "$work/journal.json" '.steady_state_before.held == true and
      .steady_state_after.held == false' 'it held before and not after'
    check_journal "$work/journal.json" '.reason | test("did not hold after the method")' \
      'the reason says where it deviated'
    check_journal "$work/journal.json" '.rollbacks[0].ok == true' 'the rollback ran'
    grep -q '^Status: deviated' "$work/out" || fail "no 'Status: deviated' line in the report"
    ;;
  invalid)
    run_experiment 2 "$tests_dir/invalid.yaml" --virtual --journal "$work/journal.json"
    expected="healthboard: $tests_dir/invalid.yaml:13: method[1].delay_ms: must be an integer"
    expected+=" from 0 to 600000 (milliseconds), got 700000"
    [[ $(cat "$work/err") == "$expected" ]] || fail "expected the message: $expected"
    [[ ! -s $work/out ]] || fail "an invalid file must not start a run"
    [[ ! -e $work/journal.json ]] || fail "an invalid file must not leave a journal"
    ;;
  flags)
    run_experiment 2 "$tests_dir/live.yaml"
    grep -q 'give --server URL or --virtual' "$work/err" || fail "no message about the mode"
    run_experiment 2 "$tests_dir/live.yaml" --server http://127.0.0.1:1 --virtual
    # Refused whenever given with --server, even with the value --virtual would default to.
    for flag in "--seed 42" "--warmup 1m" "--slo-window 30d" "--config $source_dir/examples/lab.yaml" \
      "--seed=7"; do
      read -ra words <<<"$flag"
      run_experiment 2 "$tests_dir/live.yaml" --server http://127.0.0.1:1 "${words[@]}"
      name=${words[0]%%=*}
      expected="healthboard: $name: is only for --virtual; a server runs its own lab"
      [[ $(cat "$work/err") == "$expected" ]] || fail "expected the message: $expected"
      [[ ! -s $work/out ]] || fail "a wrong flag must not start a run"
    done
    run_experiment 2 "$tests_dir/live.yaml" --server ftp://x
    grep -q -- '--server: must be a URL' "$work/err" || fail "no message about the URL"
    run_experiment 2 "$tests_dir/live.yaml" --virtual --warmup soon
    run_experiment 2 "$tests_dir/live.yaml" --virtual --no-such-flag
    run_experiment 2 "$work/missing.yaml" --virtual
    grep -q 'missing.yaml: cannot be read' "$work/err" || fail "no message about the file"
    run_experiment 2 "$tests_dir/live.yaml" --virtual --journal "$work/no/such/dir/j.json"
    ;;
  live)
    hb_start_server "$binary" "$work/server.out" 20 --seed 7 2>"$work/server.err" ||
      fail "the server did not start: $(cat "$work/server.err")"
    # A little traffic first, so that every figure has data.
    deadline=$((SECONDS + 20))
    until [[ $(curl -sf "$HB_SERVER_URL/slo" | jq '.requests_5m > 100') == true ]]; do
      ((SECONDS < deadline)) || fail "the server's lab served no traffic within 20 s"
      sleep 0.05
    done
    run_experiment 0 "$tests_dir/live.yaml" --server "$HB_SERVER_URL" --journal "$work/journal.json"
    check_completed "$work/journal.json" server
    check_journal "$work/journal.json" ".mode.url == \"$HB_SERVER_URL\"" 'the URL is recorded'
    check_journal "$work/journal.json" '[.method[] | select(.type == "action") | .action] ==
      ["fault", "service-fault", "partition", "clear", "restart", "reset"]' 'every action ran'
    check_journal "$work/journal.json" '.method[] | select(.action == "service-fault")
      | .response.pods | length == 2' 'the service fault hit two pods'
    check_journal "$work/journal.json" '.duration.wall_s >= 5' 'the pauses took real time'
    ;;
  windows)
    file=$tests_dir/invalid_window.yaml
    sed 's/window: 7d/window: 10m/' "$file" >"$work/ten_minutes.yaml"
    rule="must be a window the SLO has: 5m, 30m, 1h, 2h, 6h, 1d, 3d or the SLO window"
    field="steady-state-hypothesis.probes[0].window"
    run_experiment 2 "$file" --virtual --journal "$work/journal.json"
    expected="healthboard: $file:11: $field: $rule, 30d (the default; --slo-window sets it), got 7d"
    [[ $(cat "$work/err") == "$expected" ]] || fail "expected the message: $expected"
    [[ ! -s $work/out && ! -e $work/journal.json ]] || fail "an invalid file must not start a run"
    run_experiment 2 "$work/ten_minutes.yaml" --virtual --slo-window 7d
    expected="healthboard: $work/ten_minutes.yaml:11: $field: $rule, 7d (--slo-window), got 10m"
    [[ $(cat "$work/err") == "$expected" ]] || fail "expected the message: $expected"
    run_experiment 0 "$file" --virtual --slo-window 7d

    # Against a server: its SLO window, from GET /slo, before anything runs.
    hb_start_server "$binary" "$work/server.out" 20 2>"$work/server.err" ||
      fail "the server did not start: $(cat "$work/server.err")"
    run_experiment 2 "$file" --server "$HB_SERVER_URL" --journal "$work/journal.json"
    expected="healthboard: $file:11: $field: $rule, 30d (the server's, from GET /slo), got 7d"
    [[ $(cat "$work/err") == "$expected" ]] || fail "expected the message: $expected"
    [[ ! -s $work/out && ! -e $work/journal.json ]] || fail "an invalid file must not start a run"
    killed=$(curl -sf "$HB_SERVER_URL/pods/sensor-sim-pod-1" | jq .killed)
    [[ $killed == false ]] || fail "the method ran: sensor-sim-pod-1 killed is $killed"
    hb_stop_process "$HB_SERVER_PID"
    hb_start_server "$binary" "$work/server.out" 20 --slo-window 7d 2>"$work/server.err" ||
      fail "the server did not start: $(cat "$work/server.err")"
    run_experiment 0 "$file" --server "$HB_SERVER_URL"
    run_experiment 2 "$work/ten_minutes.yaml" --server "$HB_SERVER_URL"
    expected="healthboard: $work/ten_minutes.yaml:11: $field: $rule, 7d (the server's, from GET"
    expected+=" /slo), got 10m"
    [[ $(cat "$work/err") == "$expected" ]] || fail "expected the message: $expected"
    ;;
  same-verdict)
    file=$tests_dir/restart_pause.yaml
    hb_start_server "$binary" "$work/server.out" 20 2>"$work/server.err" ||
      fail "the server did not start: $(cat "$work/server.err")"
    for run in 1 2 3 4 5; do
      for mode in virtual server; do
        args=(--virtual)
        [[ $mode == server ]] && args=(--server "$HB_SERVER_URL")
        run_experiment 0 "$file" "${args[@]}" --journal "$work/$mode-$run.json"
        check_completed "$work/$mode-$run.json" "$mode"
        check_journal "$work/$mode-$run.json" '.steady_state_after.probes[0].value == "Healthy"' \
          "run $run with --$mode: the pod is Healthy after the pause"
      done
    done
    ;;
  dead-server)
    run_experiment 1 "$tests_dir/live.yaml" --server http://127.0.0.1:1 --journal "$work/journal.json"
    check_journal "$work/journal.json" '.status == "aborted"' 'status is aborted'
    check_journal "$work/journal.json" '.reason | test("could not be reached")' \
      'the reason says the server could not be reached'
    ;;
  *)
    fail "unknown case $case_name"
    ;;
esac
echo "ok: $case_name ${4:-}"
