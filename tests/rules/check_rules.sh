#!/usr/bin/env bash
# Checks the Prometheus rules that `healthboard rules` generates, with promtool.
#
#   check_rules.sh /path/to/healthboard
#
# 1. Generates the rules with the real binary into a temporary directory: for the default lab
#    (SLO window 30d), with --slo-window 7d and 1d (a window among the burn-rate windows), and
#    for a config with per-service SLO overrides. `promtool check rules --lint=all --lint-fatal`
#    must pass each and print nothing but its "Checking" and "SUCCESS" lines.
# 2. Copies every *.test.yaml beside this script next to the default lab's generated rules
#    (they load it as healthboard.rules.yaml, a relative path) and runs `promtool test rules`
#    on each: they drive each of the four burn-rate alerts to fire and resolve on synthetic
#    series (resolving keep_firing_for after the condition goes false), and keep_firing.test.yaml
#    shows a burn rate hovering at a threshold firing throughout instead of flapping. So the
#    generated file is the one tested, never a committed copy.
# 3. The command line: --output writes what standard output gets; a bad --slo-window or a
#    missing --config exits 2 with a message on stderr and prints no rules.
#
# The expected evaluation times in the test files follow from the range semantics of
# promtool 2.42 (Debian 12): a range [t - w, t] includes both ends.
set -euo pipefail

readonly binary=${1:?usage: check_rules.sh /path/to/healthboard}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
readonly here
readonly tag=check_rules

fail() {
  echo "$tag: FAIL: $*" >&2
  exit 1
}

command -v promtool >/dev/null 2>&1 ||
  fail "'promtool' is not installed (on Debian: apt-get install prometheus)"
[[ -x $binary ]] || fail "binary '$binary' does not exist or is not executable"

workdir=$(mktemp -d "${TMPDIR:-/tmp}/hb_rules.XXXXXX")
# shellcheck disable=SC2317  # invoked through the EXIT trap
cleanup() { rm -rf "$workdir"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

status=0

# generate NAME [ARGS...]: healthboard rules ARGS > $workdir/NAME; fails on a non-zero exit or
# anything on stderr.
generate() {
  local name=$1
  shift
  if ! "$binary" rules "$@" >"$workdir/$name" 2>"$workdir/$name.err"; then
    cat "$workdir/$name.err" >&2
    fail "healthboard rules $* exited non-zero"
  fi
  if [[ -s $workdir/$name.err ]]; then
    cat "$workdir/$name.err" >&2
    fail "healthboard rules $* wrote to stderr"
  fi
  [[ -s $workdir/$name ]] || fail "healthboard rules $* printed nothing"
}

# check NAME EXPECTED_RULES: promtool check rules, clean, with the expected number of rules.
check() {
  local name=$1 expected=$2 rc=0 out="$workdir/$1.check"
  (cd "$workdir" && promtool check rules --lint=all --lint-fatal "$name") >"$out" 2>&1 || rc=$?
  local unexpected
  unexpected=$(grep -vxE "Checking $name|  SUCCESS: $expected rules found|" "$out" || true)
  if ((rc != 0)) || [[ -n $unexpected ]] || ! grep -qx "  SUCCESS: $expected rules found" "$out"; then
    echo "$tag: FAIL: promtool check rules $name (exit $rc, expected $expected rules):" >&2
    cat "$out" >&2
    status=1
  else
    echo "$tag: promtool check rules $name OK ($expected rules)"
  fi
}

cat >"$workdir/overrides.yaml" <<'YAML'
services:
  - name: sensor-sim
  - name: planner-sim
    dependencies: [sensor-sim]
    slo:
      latency_threshold_ms: 350
      latency_target: 0.9
  - name: ui-proxy
    dependencies: [planner-sim]
    slo:
      availability_target: 0.999
      latency_threshold_ms: 1000
slo:
  window: 28d
YAML

# Per SLO: 8 error ratios (7 when the SLO window is one of the burn-rate windows), 6 other
# records and 4 alerts; the default lab has 8 SLOs (3 services and the lab, 2 each).
generate healthboard.rules.yaml
generate rules-7d.yaml --slo-window 7d
generate rules-1d.yaml --slo-window 1d
generate rules-overrides.yaml --config "$workdir/overrides.yaml"
check healthboard.rules.yaml 144
check rules-7d.yaml 144
check rules-1d.yaml 136
check rules-overrides.yaml 144
grep -q 'le="0.35"' "$workdir/rules-overrides.yaml" ||
  { echo "$tag: FAIL: the override latency_threshold_ms: 350 gives no le=\"0.35\"" >&2; status=1; }

# The same lab gives the same file, byte for byte.
generate again.yaml
cmp -s "$workdir/healthboard.rules.yaml" "$workdir/again.yaml" ||
  { echo "$tag: FAIL: two runs gave different rules" >&2; status=1; }

# promtool unit tests against the generated file.
shopt -s nullglob
tests=("$here"/*.test.yaml)
((${#tests[@]} > 0)) || fail "no *.test.yaml in $here"
for test in "${tests[@]}"; do
  cp "$test" "$workdir/"
done
for test in "${tests[@]}"; do
  name=$(basename "$test")
  out="$workdir/$name.out"
  if (cd "$workdir" && promtool test rules "$name") >"$out" 2>&1; then
    echo "$tag: promtool test rules $name OK"
  else
    echo "$tag: FAIL: promtool test rules $name:" >&2
    cat "$out" >&2
    status=1
  fi
done

# The command line.
"$binary" rules --output "$workdir/output.yaml" >"$workdir/output.stdout" 2>&1 ||
  fail "healthboard rules --output exited non-zero"
[[ ! -s $workdir/output.stdout ]] || { echo "$tag: FAIL: --output also printed:" >&2; cat "$workdir/output.stdout" >&2; status=1; }
cmp -s "$workdir/healthboard.rules.yaml" "$workdir/output.yaml" ||
  { echo "$tag: FAIL: --output wrote other rules than standard output got" >&2; status=1; }

# expect_refused ARGS...: exit 2, a message naming the flag on stderr, nothing on stdout.
expect_refused() {
  local flag=$1 rc=0
  shift
  "$binary" rules "$@" >"$workdir/refused.out" 2>"$workdir/refused.err" || rc=$?
  if ((rc != 2)) || [[ -s $workdir/refused.out ]] || ! grep -q -- "$flag" "$workdir/refused.err"; then
    echo "$tag: FAIL: healthboard rules $* should exit 2 naming $flag (exit $rc); stderr:" >&2
    cat "$workdir/refused.err" >&2
    status=1
  else
    echo "$tag: healthboard rules $* refused: $(head -1 "$workdir/refused.err")"
  fi
}
expect_refused --slo-window --slo-window fortnight
expect_refused missing.yaml --config "$workdir/missing.yaml"

exit "$status"
