# Helpers shared by bench/*/bench.sh (sourced). Every server a bench starts listens on a loopback
# address and is stopped when the bench exits.

BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$BENCH_ROOT/build}
case "$BUILD_DIR" in /*) ;; *) BUILD_DIR=$BENCH_ROOT/$BUILD_DIR ;; esac
HEALTHBOARD=${HEALTHBOARD:-$BUILD_DIR/healthboard}  # another binary may be measured (a baseline)
BENCH_PIDS=()

bench_cleanup() {
  for pid in "${BENCH_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${BENCH_PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
}
trap bench_cleanup EXIT

# Installs the Debian packages named when they are missing (as scripts/bootstrap.sh does).
bench_require_packages() {
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "bench: run as root or install sudo" >&2; return 1; }
    sudo="sudo"
  fi
  echo "bench: installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
}

bench_require_binary() {
  [ -x "$HEALTHBOARD" ] || { echo "bench: $HEALTHBOARD not built (make build)" >&2; return 1; }
}

# A TCP port on 127.0.0.1 that nothing listens on.
bench_free_port() {
  local port
  for port in $(shuf -i 20000-30000 -n 100); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  echo "bench: no free port found" >&2
  return 1
}

# Starts `healthboard serve` on 127.0.0.1 (a free port, seed 1, nothing kept on disk) with any
# extra arguments; sets HB_PID and HB_PORT once it listens.
bench_start_healthboard() {
  local out
  out=$(mktemp)
  "$HEALTHBOARD" serve --host 127.0.0.1 --port 0 --seed 1 --in-memory --log-level warn "$@" \
    >"$out" &
  HB_PID=$!
  BENCH_PIDS+=("$HB_PID")
  for _ in $(seq 100); do
    if grep -q "listening on" "$out"; then
      HB_PORT=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$out")
      rm -f "$out"
      return 0
    fi
    kill -0 "$HB_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "bench: healthboard did not start" >&2
  return 1
}

# Waits until a TCP server answers on 127.0.0.1:$1.
bench_wait_port() {
  for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "bench: nothing listens on port $1" >&2
  return 1
}

# CPU time (user + system) of process $1 so far, in clock ticks.
bench_cpu_ticks() {
  # Fields after the command name, which is in parentheses: utime and stime are the 12th and 13th.
  sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'
}

# The median of the numbers given.
bench_median() {
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# One result for bench/run.sh's table: figure, goal, measured, met (yes/no).
bench_result() {
  printf 'RESULT|%s|%s|%s|%s\n' "$1" "$2" "$3" "$4"
}
