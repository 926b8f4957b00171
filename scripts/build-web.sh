#!/usr/bin/env bash
# Builds the dashboard (web/) into web/dist, which the C++ build compiles into healthboard.
# Installs the npm packages when package-lock.json changed, and rebuilds only when a source
# changed since the last build. Quiet when there is nothing to do.
set -euo pipefail

cd "$(dirname "$0")/../web"

# Vite 7 needs Node.js 20.19 or newer.
node_version=$(node -p 'process.versions.node' 2>/dev/null || echo none)
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number);
              process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' 2>/dev/null; then
  echo "build-web: the dashboard needs Node.js 20.19 or newer; this machine has $node_version" >&2
  exit 1
fi

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
