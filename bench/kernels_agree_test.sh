#!/usr/bin/env bash
# Every benchmark kernel builds and gives the same checksum natively, in
# wasmrt (both tiers) and (when node is installed) in V8, on a tiny input.
# Not a timing.
set -u
cd "${TEST_SRCDIR:-.}/${TEST_WORKSPACE:-wasmrt}" 2>/dev/null || true
declare -A N=([fib]=15 [loops]=3 [mix]=3 [nbody]=100 [matmul]=1 [sha256]=64 [simd_dot]=2)
pass=0
fail=0
for p in fib loops mix nbody matmul sha256 simd_dot; do
  n=${N[$p]}
  native=$(bench/${p}_native "$n" 2>/dev/null)
  ours=$(bench/wasmrt_bench --tier=interp "bench/$p.wasm" "$n" 2>/dev/null)
  if [ -n "$native" ] && [ "$native" = "$ours" ]; then
    echo "ok   $p($n) = $native (native, wasmrt)"
    pass=$((pass + 1))
  else
    echo "FAIL $p($n): native=$native wasmrt=$ours"
    fail=$((fail + 1))
  fi
  compiled=$(bench/wasmrt_bench --tier=jit "bench/$p.wasm" "$n" 2>/dev/null)
  if [ -n "$native" ] && [ "$native" = "$compiled" ]; then
    pass=$((pass + 1))
  else
    echo "FAIL $p($n): native=$native wasmrt --tier=jit=$compiled"
    fail=$((fail + 1))
  fi
  if command -v node >/dev/null; then
    v8=$(node bench/run_node.mjs "bench/$p.wasm" "$n" 2>/dev/null)
    if [ "$v8" = "$native" ]; then
      pass=$((pass + 1))
    else
      echo "FAIL $p($n): native=$native node=$v8"
      fail=$((fail + 1))
    fi
  fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
