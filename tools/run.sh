#!/usr/bin/env bash
# The main job: installs what is missing, builds, and starts the wasmrtd
# service on 127.0.0.1:50051 with the example modules preloaded (local module
# store in ./wasmrt-data). Stop it with Ctrl-C (SIGINT drains in-flight calls).
# Arguments are passed to wasmrtd (see `tools/run.sh --help`).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/deps.sh
bazel build -c opt //service:wasmrtd //tools/wasmctl:wasmctl //tools/wasmrun:wasmrun \
  //examples:fib_wasm //examples:greet_wasm //examples:shapes_wasm 2>/dev/null ||
  bazel build -c opt //service:wasmrtd //tools/wasmctl:wasmctl //tools/wasmrun:wasmrun \
    //examples:fib_wasm //examples:greet_wasm //examples:shapes_wasm
cat >&2 <<'HELP'
wasmrtd is starting with the examples preloaded. In another terminal:
  bazel-bin/tools/wasmctl/wasmctl invoke fib fib 25          # typed arguments -> 75025
  bazel-bin/tools/wasmctl/wasmctl invoke greet greet --payload world
  bazel-bin/tools/wasmctl/wasmctl call shapes.v1.Shapes/Area '{"w":3,"h":4}'   # typed -> {"area":12}
  bazel-bin/tools/wasmctl/wasmctl list
HELP
exec bazel-bin/service/wasmrtd --data-dir wasmrt-data \
  --preload bazel-bin/examples/fib.wasm=fib \
  --preload bazel-bin/examples/greet.wasm=greet \
  --preload bazel-bin/examples/shapes.wasm=shapes "$@"
