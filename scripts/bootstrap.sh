#!/usr/bin/env bash
# Installs the Debian packages healthboard needs to build, run and test. Idempotent, and silent
# when everything is already there.
set -euo pipefail

packages=(
  build-essential cmake make pkg-config clang-format
  clang libclang-rt-14-dev
  libboost-dev nlohmann-json3-dev libcli11-dev libspdlog-dev libfmt-dev libyaml-cpp-dev
  libgtest-dev libgmock-dev libbenchmark-dev zlib1g-dev libsqlite3-dev
  prometheus curl jq
  chromium
)
# The dashboard's build needs Node.js 20 or newer and npm; where the machine has them already
# (possibly from another repository than Debian's), they are left as they are.
command -v node >/dev/null || packages+=(nodejs)
command -v npm >/dev/null || packages+=(npm)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "bootstrap: run as root or install sudo" >&2; exit 1; }
  sudo="sudo"
fi
echo "bootstrap: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
  "${missing[@]}" >/dev/null
