#!/usr/bin/env bash
# Builds the dashboard (web/) into web/dist, which the C++ build compiles into healthboard.
# Installs the npm packages when package-lock.json changed, and rebuilds only when a source
# changed since the last build. Quiet when there is nothing to do.
set -euo pipefail

cd "$(dirname "$0")/../web"

if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "build-web: installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi

stamp=dist/index.html
if [[ -f $stamp ]] &&
  [[ -z $(find src public index.html package.json package-lock.json tsconfig*.json vite.config.ts \
    -newer "$stamp" -print -quit 2>/dev/null) ]]; then
  exit 0
fi
echo "build-web: building the dashboard"
npm run --silent build
