#!/usr/bin/env bash
# Installs, from Debian 12 packages, whatever igw needs to build and test that is missing.
# Usage: scripts/install-deps.sh [--test]   (--test adds the tools the test suite drives)
set -euo pipefail

build_pkgs=(build-essential cmake pkg-config clang clang-format libclang-rt-14-dev
  libyaml-cpp-dev libcli11-dev libfmt-dev libre2-dev libssl-dev nlohmann-json3-dev
  libboost-dev libboost-system-dev libnghttp2-dev libcpp-httplib-dev libgoogle-perftools-dev
  libgtest-dev libgmock-dev libbenchmark-dev openssl curl ca-certificates)
test_pkgs=(git pre-commit python3 python3-yaml python3-jsonschema python3-h2 nghttp2-client
  socat chromium)

want=("${build_pkgs[@]}")
if [[ "${1:-}" == "--test" ]]; then want+=("${test_pkgs[@]}"); fi

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  echo "igw: all build dependencies are installed"
  exit 0
fi
echo "igw: installing ${missing[*]}"
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=300 update -qq
"${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}"
