#!/usr/bin/env bash
# Runs the libFuzzer targets of fuzz/ (built by `make fuzz` in build-fuzz) for FUZZ_SECONDS
# each, FUZZ_JOBS at a time, each on a scratch copy of its seed corpus under fuzz-runs/ (the
# repository is never written). Exits non-zero when any target finds something; the input that
# triggered it is saved as fuzz-runs/<target>/crash-*, and the log is printed.
#
#   scripts/fuzz.sh                    every target
#   scripts/fuzz.sh query_fuzz ...     the named ones
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${FUZZ_BUILD_DIR:-build-fuzz}
runs_dir=${FUZZ_RUNS_DIR:-fuzz-runs}
seconds=${FUZZ_SECONDS:-30}
jobs=${FUZZ_JOBS:-$(nproc)}
all=(http_request_fuzz fault_body_fuzz query_fuzz config_yaml_fuzz experiment_yaml_fuzz lab_ops_fuzz)

if [ $# -eq 0 ]; then
  printf '%s\n' "${all[@]}" | xargs -P "$jobs" -n 1 "$0"
  exit
fi

for target in "$@"; do
  dir=$runs_dir/$target
  mkdir -p "$dir/corpus"
  cp -r "fuzz/corpus/$target/." "$dir/corpus/"
  dict=()
  [ -f "fuzz/dict/$target.dict" ] && dict=(-dict="fuzz/dict/$target.dict")
  # An input that takes over 25 s or 2 GB is a finding too.
  if ! "$build_dir/fuzz/$target" -max_total_time="$seconds" -timeout=25 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$dir/" "${dict[@]}" "$dir/corpus" \
      >"$dir/log" 2>&1; then
    echo "fuzz: $target found something (input saved in $dir/):" >&2
    tail -n 60 "$dir/log" >&2
    exit 1
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log")
  echo "fuzz: $target: ${runs:-?} executions in ${seconds} s, nothing found"
done
