# shellcheck shell=bash
# Shared by the shell test drivers: start `healthboard serve` on an ephemeral port and stop a
# process politely. Source it; it defines functions only.

# hb_stop_process PID: TERM, up to 5 s to exit, then KILL; reaps it.
hb_stop_process() {
  local pid=$1
  [[ -n $pid ]] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

# hb_start_server BINARY STDOUT_FILE TIMEOUT_S [SERVE_ARGS...]: starts
# `BINARY serve --host 127.0.0.1 --port 0 --data-dir DIR SERVE_ARGS...` in the background, its
# lab kept in a new directory beside STDOUT_FILE (STDOUT_FILE.data), with its stdout in
# STDOUT_FILE (stderr is the caller's) and waits for its ready line. Sets HB_SERVER_PID at once
# and HB_SERVER_URL when ready. Returns 1 with a message on stderr when the server exits first or
# prints no ready line within TIMEOUT_S seconds.
# shellcheck disable=SC2034  # HB_SERVER_PID and HB_SERVER_URL are for the caller
hb_start_server() {
  # Prefixed names: callers often have a readonly `binary`, which `local` may not shadow.
  local hb_binary=$1 hb_stdout=$2 hb_timeout_s=$3
  shift 3
  : >"$hb_stdout"
  rm -rf "$hb_stdout.data"
  "$hb_binary" serve --host 127.0.0.1 --port 0 --data-dir "$hb_stdout.data" "$@" >"$hb_stdout" &
  HB_SERVER_PID=$!
  HB_SERVER_URL=""
  local hb_line hb_deadline=$((SECONDS + hb_timeout_s))
  while true; do
    while IFS= read -r hb_line; do
      if [[ $hb_line =~ ^healthboard\ listening\ on\ (http://127\.0\.0\.1:[0-9]+)$ ]]; then
        HB_SERVER_URL=${BASH_REMATCH[1]}
        return 0
      fi
    done <"$hb_stdout"
    if ! kill -0 "$HB_SERVER_PID" 2>/dev/null; then
      echo "healthboard exited before printing the ready line" >&2
      return 1
    fi
    if ((SECONDS >= hb_deadline)); then
      echo "no 'healthboard listening on http://127.0.0.1:PORT' line within ${hb_timeout_s}s" >&2
      return 1
    fi
    sleep 0.1
  done
}
