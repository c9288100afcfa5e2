#!/usr/bin/env bash
# Builds wasmrt (bazel, opt mode) and installs the embedding library and the
# programs under PREFIX, for embedders that build with make or CMake.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: tools/install.sh [--help] PREFIX

Builds wasmrt with bazel (-c opt) and installs:
  PREFIX/lib/libwasmrt.a            the C API, runtime and their dependencies in one archive
  PREFIX/lib/libwasmrt.so           the same as a shared library (exports only wasm_runtime_*
                                    and operator new/delete; needs Abseil's shared libraries)
  PREFIX/lib/pkgconfig/wasmrt.pc    for pkg-config (Libs.private lists Abseil and libstdc++)
  PREFIX/include/wasm_export.h      the C API header
  PREFIX/bin/wasmrun, wasmctl, wasmrtd

Then, with PKG_CONFIG_PATH=PREFIX/lib/pkgconfig:
  cc main.c $(pkg-config --cflags --libs wasmrt)                  # libwasmrt.so
  cc -static main.c $(pkg-config --cflags --libs --static wasmrt) # libwasmrt.a
USAGE
}

die() {
  echo "install.sh: $*" >&2
  exit 1
}

case "${1:-}" in
  -h | --help) usage; exit 0 ;;
  "") usage >&2; exit 2 ;;
  -*) echo "install.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
esac
[ $# -eq 1 ] || { usage >&2; exit 2; }
prefix="$1"
mkdir -p "$prefix" || die "cannot create $prefix"
prefix="$(cd "$prefix" && pwd)"

cd "$(dirname "$0")/.."
command -v bazel >/dev/null || die "bazel not found (tools/deps.sh installs it)"
targets=(
  //runtime/capi:libwasmrt.so
  //runtime/capi:libwasmrt_a
  //tools/wasmrun
  //tools/wasmctl
  //service:wasmrtd
)
echo "building ${targets[*]} (bazel -c opt)"
bazel build -c opt "${targets[@]}" || die "bazel build failed"
bin="$(bazel info -c opt bazel-bin 2>/dev/null)" || die "bazel info bazel-bin failed"

tools/install/install_tree.sh --prefix "$prefix" \
  --archive "$bin/runtime/capi/libwasmrt.a" \
  --link-flags "$bin/runtime/capi/libwasmrt.a.link_flags" \
  --shared "$bin/runtime/capi/libwasmrt.so" \
  --header runtime/include/wasm_export.h \
  --bin "$bin/tools/wasmrun/wasmrun" \
  --bin "$bin/tools/wasmctl/wasmctl" \
  --bin "$bin/service/wasmrtd" || die "installing into $prefix failed"
echo "wasmrt installed in $prefix"
