#!/usr/bin/env bash
# Runs wasmrun on a WASI C program built by the build (testdata/wasi_demo.c)
# and checks stdout, exit status, args/env, --dir file access, the sandbox
# and the trap message.
set -u
WASMRUN="$1"
DEMO="$2"
NATIVE="${3:-}"
TMP="${TEST_TMPDIR:-$(mktemp -d)}/wasmrun_wasi"
rm -rf "$TMP" && mkdir -p "$TMP/data" "$TMP/outside"
printf 'hello from the host\n' > "$TMP/data/in.txt"
printf 'secret\n' > "$TMP/outside/secret.txt"
ln -s ../outside/secret.txt "$TMP/data/link_out"
ln -s "$TMP/outside/secret.txt" "$TMP/data/abs_link_out"
ln -s loop_b "$TMP/data/loop_a"
ln -s loop_a "$TMP/data/loop_b"

failures=0
# expect NAME WANT_STATUS WANT_STDOUT_SUBSTRING -- wasmrun args...
expect() {
  local name="$1" want_status="$2" want_out="$3"
  shift 4
  local out err status
  out=$("$WASMRUN" "$@" 2>"$TMP/stderr")
  status=$?
  err=$(cat "$TMP/stderr")
  if [ "$status" != "$want_status" ] || [[ "$out$err" != *"$want_out"* ]]; then
    echo "FAIL $name: status $status (want $want_status), output: $out $err (want \"$want_out\")"
    failures=$((failures + 1))
  else
    echo "PASS $name"
  fi
}

expect exit_code 3 "bye" -- "$DEMO" exit 3
expect args 0 $'argc=4\nargv[1]=args\nargv[2]=one\nargv[3]=two words' -- "$DEMO" args one "two words"
expect env 0 "GREETING=hi there count=2" -- --env GREETING="hi there" --env B=2 "$DEMO" env GREETING
expect env_equals_form 0 "GREETING=hi count=1" -- --env=GREETING=hi "$DEMO" env GREETING
expect guest_args_look_like_flags 0 $'argc=5\nargv[1]=args\nargv[2]=--foo\nargv[3]=--fuel=1\nargv[4]=--' -- "$DEMO" args --foo --fuel=1 --
expect env_not_inherited 0 "HOME=(unset) count=0" -- "$DEMO" env HOME
expect cat_through_dir 0 "hello from the host" -- --dir "$TMP/data::/sandbox" "$DEMO" cat /sandbox/in.txt
expect cat_dir_equals_form 0 "hello from the host" -- --dir="$TMP/data::/sandbox" "$DEMO" cat /sandbox/in.txt
expect cat_default_guest_name 0 "hello from the host" -- --dir "$TMP/data" "$DEMO" cat "$TMP/data/in.txt"
expect no_dir_no_access 1 "cannot open" -- "$DEMO" cat "$TMP/data/in.txt"
expect write_through_dir 0 "" -- --dir "$TMP/data::/d" "$DEMO" write /d/out.txt
if [ "$(cat "$TMP/data/out.txt" 2>/dev/null)" != "written" ]; then
  echo "FAIL write_through_dir: file not written"; failures=$((failures + 1))
fi
expect read_only_dir 1 "cannot create" -- --dir-ro "$TMP/data::/d" "$DEMO" write /d/out2.txt
expect escape_dotdot 0 "ENOTCAPABLE" -- --dir "$TMP/data::/d" "$DEMO" escape /d/../outside/secret.txt
expect escape_symlink 0 "ENOTCAPABLE" -- --dir "$TMP/data::/d" "$DEMO" escape /d/link_out
expect escape_absolute_symlink 0 "ENOTCAPABLE" -- --dir "$TMP/data::/d" "$DEMO" escape /d/abs_link_out
expect escape_absolute_path 0 "ENOTCAPABLE" -- --dir "$TMP/data::/d" "$DEMO" escape "$TMP/outside/secret.txt"
expect symlink_loop 0 "ELOOP" -- --dir "$TMP/data::/d" "$DEMO" escape /d/loop_a
expect rename_out 0 "ENOTCAPABLE" -- --dir "$TMP/data::/d" "$DEMO" rename /d/in.txt /d/../outside/moved.txt
expect link_out 0 "ENOTCAPABLE" -- --dir "$TMP/data::/d" "$DEMO" link /d/in.txt /d/../outside/linked.txt
expect rename_inside 0 "ok" -- --dir "$TMP/data::/d" "$DEMO" rename /d/out.txt /d/renamed.txt
if [ -e "$TMP/outside/moved.txt" ] || [ -e "$TMP/outside/linked.txt" ] || [ ! -e "$TMP/data/in.txt" ]; then
  echo "FAIL rename/link escaped the preopen"; failures=$((failures + 1))
fi
expect trap 1 "error: unreachable in" -- "$DEMO" trap
expect bad_flag 2 "unknown option --bogus" -- --bogus "$DEMO"
expect bad_env 2 "--env: expected K=V" -- --env NOEQUALS "$DEMO"
expect unreadable 1 "error: cannot read $TMP/missing.wasm" -- "$TMP/missing.wasm"
printf 'not wasm' > "$TMP/bad.wasm"
expect invalid 1 "error: $TMP/bad.wasm:" -- "$TMP/bad.wasm"
expect missing_dir 1 "cannot open directory" -- --dir "$TMP/nope" "$DEMO" args
expect help 0 "--dir HOST[::GUEST]" -- --help

# The same C program built natively behaves identically: output and status.
if [ -n "$NATIVE" ]; then
  want=$("$NATIVE" catexit "$TMP/data/in.txt" 3); want_status=$?
  got=$("$WASMRUN" --dir "$TMP/data" "$DEMO" catexit "$TMP/data/in.txt" 3); got_status=$?
  if [ "$want" != "$got" ] || [ "$want_status" != 3 ] || [ "$got_status" != 3 ]; then
    echo "FAIL native_parity: native ($want_status) '$want' vs wasmrun ($got_status) '$got'"
    failures=$((failures + 1))
  else
    echo "PASS native_parity"
  fi
fi

# --tier=jit runs the same WASI command to the same stdout, stderr and exit
# status as the interpreter (and the flag does not reach the guest).
same_in_both_tiers() {
  local name="$1" want got
  shift
  want=$("$WASMRUN" --tier=interp "$@" 2>&1; echo "status $?")
  got=$("$WASMRUN" --tier=jit "$@" 2>&1; echo "status $?")
  if [ "$want" != "$got" ]; then
    echo "FAIL jit_$name: interp '$want' vs jit '$got'"; failures=$((failures + 1))
  else
    echo "PASS jit_$name"
  fi
}
same_in_both_tiers args "$DEMO" args one "two words" --tier=interp
same_in_both_tiers env --env GREETING=hi "$DEMO" env GREETING
same_in_both_tiers cat --dir "$TMP/data::/d" "$DEMO" cat /d/in.txt
same_in_both_tiers catexit --dir "$TMP/data" "$DEMO" catexit "$TMP/data/in.txt" 3
same_in_both_tiers escape --dir "$TMP/data::/d" "$DEMO" escape /d/link_out
same_in_both_tiers exit "$DEMO" exit 3
same_in_both_tiers trap "$DEMO" trap
expect tier_after_module_is_the_guests 0 $'argc=3\nargv[1]=args\nargv[2]=--tier=interp' -- --tier=jit "$DEMO" args --tier=interp
expect bad_tier 2 "--tier: unknown tier \"llvm\" (expected auto, interp or jit)" -- --tier llvm "$DEMO"

if [ "$(grep -c '' <<<"$("$WASMRUN" --bogus x 2>&1)")" != 1 ]; then
  echo "FAIL bad_flag_one_line"; failures=$((failures + 1))
fi
echo "$failures failed"
[ "$failures" -eq 0 ]
