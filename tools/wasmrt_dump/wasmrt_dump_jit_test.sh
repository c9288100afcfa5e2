#!/usr/bin/env bash
# wasmrt_dump --jit: the disassembly of a compiled function shows its add
# and its return, a function left to the interpreter is marked so, FUNC
# selects one function, and an unknown FUNC is an error.
set -u
DUMP="$1"
MODULE="$2"
failures=0
fail() { echo "FAIL $1"; failures=$((failures + 1)); }

if [ "$(uname -m)" != x86_64 ]; then
  echo "SKIP: no compiled tier on $(uname -m)"
  exit 0
fi
out=$("$DUMP" --jit "$MODULE") || fail "--jit exited $?"
echo "$out"
# func 0 add (N bytes, M instructions), then its code: a 32-bit add of the
# two parameters (one in a register, one in its frame slot or a register)
# and a ret.
add_code=$(echo "$out" | sed -n '/^func 0 add (/,/^func /p')
echo "$out" | grep -Eq '^func 0 add \([0-9]+ bytes, [0-9]+ instructions\)$' || fail "add header"
echo "$add_code" | grep -Eq '^ +[0-9a-f]+  [0-9a-f]+ +add e[a-z0-9]+, (e[a-z0-9]+|dword ptr \[rbx)' \
  || fail "add has no 32-bit add"
echo "$add_code" | grep -Eq '^ +[0-9a-f]+  c3 +ret$' || fail "add has no ret"
# SIMD compiles too (SSE4.1): splat's code broadcasts with pshufd.
echo "$out" | grep -Eq '^func 1 splat \([0-9]+ bytes, [0-9]+ instructions\)$' || fail "splat header"
echo "$out" | sed -n '/^func 1 splat (/,$p' | grep -q 'pshufd' || fail "splat has no pshufd"

# FUNC by name or index: that function only.
one=$("$DUMP" --jit "$MODULE" splat) || fail "--jit splat exited $?"
echo "$one" | head -1 | grep -q '^func 1 splat (' || fail "--jit splat printed '$one'"
[ "$(echo "$one" | grep -c '^func')" = 1 ] || fail "--jit splat printed more than splat"
one=$("$DUMP" --jit "$MODULE" 0) || fail "--jit 0 exited $?"
[ "$(echo "$one" | grep -c '^func')" = 1 ] || fail "--jit 0 printed more than func 0"
echo "$one" | head -1 | grep -q '^func 0 add (' || fail "--jit 0 is not add"

"$DUMP" --jit "$MODULE" nosuch >/dev/null 2>&1 && fail "unknown FUNC succeeded"
"$DUMP" --jit /nonexistent.wasm >/dev/null 2>&1 && fail "missing module succeeded"

[ "$failures" = 0 ] && echo PASS
exit "$failures"
