#!/usr/bin/env bash
# The main job: installs what is missing, builds, and runs a WebAssembly
# function with wasmrun. Without arguments it runs the bundled example
# (fib(25) from examples/fib.c); with arguments they go to wasmrun as-is:
#   tools/run.sh --invoke fib bazel-bin/examples/fib.wasm 30
set -euo pipefail
cd "$(dirname "$0")/.."
tools/deps.sh
bazel build -c opt //tools/wasmrun //examples:fib_wasm >&2 2>/dev/null || bazel build -c opt //tools/wasmrun //examples:fib_wasm
if [ $# -eq 0 ]; then
  set -- --invoke fib bazel-bin/examples/fib.wasm 25
fi
exec bazel-bin/tools/wasmrun/wasmrun "$@"
