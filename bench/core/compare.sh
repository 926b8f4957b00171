#!/usr/bin/env bash
# Compares two builds of hb_core_bench on one benchmark in pairs: A, then B, PAIRS times, and
# prints each one's median and the median of the pairs' ratios B / A. On a machine whose speed
# moves by 10 % within minutes (a virtual machine on a shared host), the two runs of a pair see
# the same moment, so the ratios spread far less than the times (docs/benchmarks.md).
#
#   bench/core/compare.sh OLD/hb_core_bench NEW/hb_core_bench [PAIRS] [FILTER]
#
# PAIRS: 9 by default. FILTER: a --benchmark_filter, DefaultChain by default. Each run lasts at
# least a second of CPU time.
set -euo pipefail
if [ $# -lt 2 ]; then
  sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
old=$1 new=$2 pairs=${3:-9} filter=${4:-DefaultChain}

run() {  # the CPU time of an iteration of one run, in its unit, from Google Benchmark's JSON
  "$1" --benchmark_filter="$filter" --benchmark_min_time=1 --benchmark_format=json |
    jq -r '.benchmarks[0] | "\(.cpu_time * 10 | round / 10) \(.time_unit)"'
}
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

olds=() news=() ratios=()
for ((i = 1; i <= pairs; ++i)); do
  read -r a unit < <(run "$old")
  read -r b unit < <(run "$new")
  olds+=("$a") news+=("$b")
  ratios+=("$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.4f", b / a }')")
  echo "pair $i: A $a $unit, B $b $unit, B/A ${ratios[-1]}"
done
echo "A median $(median "${olds[@]}") $unit, B median $(median "${news[@]}") $unit (CPU time an iteration)"
echo "B / A: median of $pairs pairs $(median "${ratios[@]}")"
