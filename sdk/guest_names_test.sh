#!/usr/bin/env bash
# Every guest module the build compiles keeps its `name` section. clang-14
# runs binaryen's wasm-opt (which drops that section) when `-O` reaches the
# link step and wasm-opt is on PATH; CI installs binaryen, so a guest rule
# that links with -O fails here instead of making traps lose their names.
set -euo pipefail
failed=0
for wasm in "$@"; do
  sections=$(wasm-objdump -h "$wasm")
  if ! grep -q '"name"' <<<"$sections"; then
    echo "FAIL: $wasm has no name section:"
    echo "$sections"
    failed=1
  else
    echo "ok: $wasm"
  fi
done
exit $failed
