#!/usr/bin/env bash
# Runs every bench/*/bench.sh, then prints one table: figure, goal, measured, met. Exits non-zero
# when a goal is missed or a bench fails. Not part of `make test` or CI: `make bench`.
#
#   bench/run.sh                   (BUILD_DIR=build; each bench's own variables pass through)
set -uo pipefail
cd "$(dirname "$0")/.."

results=$(mktemp)
trap 'rm -f "$results"' EXIT
status=0
for bench in bench/*/bench.sh; do
  echo "== $bench" >&2
  bash "$bench" | tee -a "$results" | grep -v '^RESULT|'
  if [ "${PIPESTATUS[0]}" -ne 0 ]; then
    echo "bench: $bench failed" >&2
    printf 'RESULT|%s|%s|%s|%s\n' "$bench" "runs to the end" "failed" "no" >>"$results"
    status=1
  fi
done

echo
printf '%-70s %-22s %-10s %s\n' figure goal measured met?
grep '^RESULT|' "$results" | while IFS='|' read -r _ figure goal measured met; do
  printf '%-70s %-22s %-10s %s\n' "$figure" "$goal" "$measured" "$met"
done
grep -q '^RESULT|.*|no$' "$results" && status=1
exit "$status"
