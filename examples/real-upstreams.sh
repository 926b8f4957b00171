#!/usr/bin/env bash
# Three local nginx instances as the upstreams of examples/real.yaml (docs/proxy.md): web's one
# endpoint on 127.0.0.1:8081 and api's two on 8082 and 8083. Each answers GET /healthz with 200
# and everything else with a line naming itself.
# Needs Debian's nginx (apt-get install nginx-light, or nginx).
#
#   examples/real-upstreams.sh start   # in the background; prints where their files are
#   examples/real-upstreams.sh stop
set -euo pipefail

dir=${HB_UPSTREAMS_DIR:-${TMPDIR:-/tmp}/healthboard-upstreams}
ports=(8081 8082 8083)

start() {
  command -v nginx >/dev/null || { echo "real-upstreams: nginx is not installed" >&2; exit 1; }
  local user_line=""
  [ "$(id -u)" -eq 0 ] && user_line="user root;"  # workers would otherwise drop to nobody
  for port in "${ports[@]}"; do
    local home="$dir/$port"
    mkdir -p "$home"
    cat >"$home/nginx.conf" <<CONF
$user_line
worker_processes 1;
pid $home/nginx.pid;
error_log $home/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $home/body;
  proxy_temp_path $home/proxy;
  fastcgi_temp_path $home/fastcgi;
  uwsgi_temp_path $home/uwsgi;
  scgi_temp_path $home/scgi;
  default_type text/plain;
  server {
    listen 127.0.0.1:$port;
    location = /healthz { return 200 'ok\n'; }
    location / { return 200 'hello from 127.0.0.1:$port\n'; }
  }
}
CONF
    nginx -p "$home" -e "$home/error.log" -c "$home/nginx.conf"
  done
  echo "real-upstreams: nginx on$(printf " 127.0.0.1:%s" "${ports[@]}") (files in $dir)"
}

stop() {
  for port in "${ports[@]}"; do
    local pid_file="$dir/$port/nginx.pid"
    [ -f "$pid_file" ] && kill "$(cat "$pid_file")" 2>/dev/null || true
  done
  echo "real-upstreams: stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
