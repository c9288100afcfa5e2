#!/usr/bin/env bash
# wasmrun's limits hold for every guest (a start function or _initialize that
# never returns, a loop in WASI calls), --typed-results shows exact bits, and
# options take "--opt=VALUE" as well as "--opt VALUE". The deadline cases
# assert only the outcome, never how long it took (bazel's test timeout
# catches a hang).
set -u
WASMRUN="$1"
START_LOOP="$2"
YIELD_LOOP="$3"
REACTOR_LOOP="$4"
RESULTS="$5"
START_GROW="$6"
TIERS="$7"
TMP="${TEST_TMPDIR:-$(mktemp -d)}/wasmrun_limits"
rm -rf "$TMP" && mkdir -p "$TMP"

failures=0
# expect NAME WANT_STATUS WANT_OUTPUT -- wasmrun args...: WANT_OUTPUT must be
# the whole stdout when the run succeeds, else a substring of stdout+stderr.
expect() {
  local name="$1" want_status="$2" want_out="$3"
  shift 4
  local out err status ok=1
  out=$("$WASMRUN" "$@" 2>"$TMP/stderr")
  status=$?
  err=$(cat "$TMP/stderr")
  if [ "$status" != "$want_status" ]; then
    ok=0
  elif [ "$status" = 0 ]; then
    [ "$out" = "$want_out" ] || ok=0
  else
    [[ "$out$err" == *"$want_out"* ]] || ok=0
  fi
  if [ "$ok" = 1 ]; then
    echo "PASS $name"
  else
    echo "FAIL $name: status $status (want $want_status), stdout: '$out' stderr: '$err' (want '$want_out')"
    failures=$((failures + 1))
  fi
}

# A start function that never returns.
expect start_fuel 1 "error: fuel exhausted in" -- --fuel 1000 "$START_LOOP"
expect start_fuel_equals 1 "error: fuel exhausted in" -- --fuel=1000 "$START_LOOP"
expect start_timeout 1 "error: execution timed out in" -- --timeout 1s "$START_LOOP"
expect start_timeout_equals 1 "error: execution timed out in" -- --timeout=500ms "$START_LOOP"
# --max-memory holds for the start function (which traps if its grow works).
expect start_memory_capped 0 "" -- --max-memory 131072 "$START_GROW"
expect start_memory_uncapped 1 "error: unreachable in" -- "$START_GROW"
# A guest looping on sched_yield (its time is in the host, not in wasm).
expect yield_timeout 1 "error: execution timed out in" -- --timeout 1s "$YIELD_LOOP"
# A reactor whose _initialize never returns, before --invoke.
expect initialize_fuel 1 "error: fuel exhausted in" -- --fuel 1000 --invoke answer "$REACTOR_LOOP"
expect initialize_timeout 1 "error: execution timed out in" -- --invoke=answer --timeout=1s "$REACTOR_LOOP"

# --typed-results: exact bits of floats, signed decimal integers.
expect typed_f32_nan_payload 0 "f32:0x7fa00001" -- --typed-results --invoke f32_nan_payload "$RESULTS"
expect typed_f32_neg_zero 0 "f32:0x80000000" -- --typed-results --invoke f32_neg_zero "$RESULTS"
expect typed_f64_neg_nan_payload 0 "f64:0xfff4000000000001" -- --typed-results --invoke=f64_neg_nan_payload "$RESULTS"
expect typed_f64_neg_zero 0 "f64:0x8000000000000000" -- --typed-results --invoke f64_neg_zero "$RESULTS"
expect typed_arg_nan 0 "f32:0x7fc00000" -- --typed-results --invoke id_f32 "$RESULTS" nan
expect typed_arg_neg_zero 0 "f32:0x80000000" -- --typed-results --invoke id_f32 "$RESULTS" -0
expect typed_mixed 0 $'i32:-1\ni64:-9223372036854775808\nf32:0x3fc00000\nf64:0x3fb999999999999a' \
  -- --typed-results --invoke mixed "$RESULTS"
# The default printing is unchanged.
expect plain_nan 0 "nan" -- --invoke f32_nan_payload "$RESULTS"
expect plain_neg_zero 0 "-0" -- --invoke f64_neg_zero "$RESULTS"
expect plain_mixed 0 $'-1\n-9223372036854775808\n1.5\n0.1' -- --invoke mixed "$RESULTS"

# Bad values: one line on stderr, exit 2.
expect bad_duration 2 "wasmrun: --timeout: not a positive duration" -- --timeout 5 "$START_LOOP"
expect bad_duration_equals 2 "wasmrun: --timeout: not a positive duration" -- --timeout=soon "$START_LOOP"
expect zero_duration 2 "wasmrun: --timeout: not a positive duration" -- --timeout 0s "$START_LOOP"
expect empty_value 2 "wasmrun: option --fuel needs a value" -- --fuel= "$START_LOOP"
expect missing_value 2 "wasmrun: option --timeout needs a value" -- --timeout
for args in "--timeout 5" "--timeout=" "--bogus=1" "--fuel=-1" "--tier=fast"; do
  # shellcheck disable=SC2086
  lines=$("$WASMRUN" $args "$START_LOOP" 2>&1 | grep -c '')
  if [ "$lines" != 1 ]; then
    echo "FAIL one_line ($args): $lines lines"; failures=$((failures + 1))
  fi
done
if ! "$WASMRUN" --help | grep -q -- "--timeout D" || ! "$WASMRUN" --help | grep -q -- "--typed-results" ||
   ! "$WASMRUN" --help | grep -q -- "--tier T"; then
  echo "FAIL help_lists_new_flags"; failures=$((failures + 1))
fi

# --tier: the compiling tier gives what the interpreter gives (results,
# traps, the fuel at which a call runs out), and the other flags still work.
expect jit_fib 0 "6765" -- --tier=jit --invoke fib "$TIERS" 20
expect jit_squares 0 "328350" -- --tier jit --invoke squares "$TIERS" 100
expect jit_div_trap 1 "error: integer divide by zero in \$div" -- --tier=jit --invoke div "$TIERS" 7 0
expect jit_fuel_trap 1 "error: fuel exhausted in \$fib" -- --tier=jit --fuel 1000 --invoke fib "$TIERS" 20
expect jit_start_fuel 1 "error: fuel exhausted in" -- --tier=jit --fuel 1000 "$START_LOOP"
expect jit_start_timeout 1 "error: execution timed out in" -- --tier=jit --timeout 1s "$START_LOOP"
expect auto_fib 0 "6765" -- --tier=auto --invoke fib "$TIERS" 20
expect bad_tier 2 "wasmrun: --tier: unknown tier \"fast\" (expected auto, interp or jit)" \
  -- --tier=fast --invoke fib "$TIERS" 1
expect empty_tier 2 "wasmrun: option --tier needs a value" -- --tier= "$TIERS"
# run TIER ARGS...: "status|stdout|stderr" of one run.
run() {
  local tier="$1" out
  shift
  out=$("$WASMRUN" --tier="$tier" "$@" 2>"$TMP/stderr")
  echo "$?|$out|$(cat "$TMP/stderr")"
}
for call in "fib 25" "squares 1000" "squares 0" "div -9 2" "div -2147483648 -1" "div 1 0"; do
  # shellcheck disable=SC2086
  want=$(run interp --invoke $call "$TIERS")
  # shellcheck disable=SC2086
  got=$(run jit --invoke $call "$TIERS")
  if [ "$want" != "$got" ]; then
    echo "FAIL tiers_agree ($call): interp '$want' jit '$got'"; failures=$((failures + 1))
  fi
done
# The least fuel fib(15) runs with in the interpreter (a binary search)
# is exactly enough in the compiling tier too, and one unit less is not.
lo=1 hi=1000000
while [ $((hi - lo)) -gt 0 ]; do
  mid=$(((lo + hi) / 2))
  if "$WASMRUN" --tier=interp --fuel "$mid" --invoke fib "$TIERS" 15 >/dev/null 2>&1; then
    hi=$mid
  else
    lo=$((mid + 1))
  fi
done
expect jit_exact_fuel 0 "610" -- --tier=jit --fuel "$lo" --invoke fib "$TIERS" 15
expect jit_fuel_one_less 1 "error: fuel exhausted in \$fib" -- --tier=jit --fuel $((lo - 1)) --invoke fib "$TIERS" 15

# --profile=perfmap: perf's map of this process's compiled functions.
"$WASMRUN" --tier=jit --profile=perfmap --invoke fib "$TIERS" 10 >"$TMP/perf_out" &
pid=$!
wait "$pid"
map="/tmp/perf-$pid.map"
if [ "$(cat "$TMP/perf_out")" = 55 ] && grep -Eq '^[0-9a-f]+ [0-9a-f]+ wasm\[tiers\.wasm\]::fib$' "$map"; then
  echo "PASS perf_map"
else
  echo "FAIL perf_map: output '$(cat "$TMP/perf_out")', map: $(cat "$map" 2>&1)"
  failures=$((failures + 1))
fi
rm -f "$map"
expect bad_profiler 2 'wasmrun: --profile: unknown profiler "vtune" (expected perfmap)' -- --profile=vtune "$TIERS"

echo "$failures failed"
[ "$failures" -eq 0 ]
