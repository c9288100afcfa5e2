#!/usr/bin/env bash
# Installs the Debian packages the build and the tests need, only those that
# are missing. Everything comes from Debian's archive (no other network).
set -euo pipefail

PACKAGES=(
  bazel-bootstrap g++ git
  libabsl-dev libgtest-dev libgmock-dev nlohmann-json3-dev
  libgrpc++-dev protobuf-compiler-grpc protobuf-compiler libprotobuf-dev
  wabt clang-14 lld-14 wasi-libc libclang-rt-14-dev-wasm32
  libcpp-httplib-dev grpc-proto python3-grpcio python3-protobuf libssl-dev python3-yaml
  libcli11-dev binaryen pkg-config libxbyak-dev libcapstone-dev
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "wasmrt: installing missing packages: ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
