#!/usr/bin/env bash
# Builds the real-program benchmarks (CoreMark, Lua 5.4, SQLite 3.52, QuickJS,
# zlib) from the unmodified upstream sources in the benchmark data
# (../shared/benchdata next to the repository, or $WASMRT_BENCHDATA; see its
# SOURCE.md), each twice: for wasm32-wasi with clang-14 and natively with
# gcc -O2. Nothing of those sources is in this repository; only our drivers,
# workloads and WASI stand-ins (bench/real/*/, bench/real/wasi/) are.
#
#   bench/real/build.sh [PROGRAM...]     (default: all five)
#
# Output: $WASMRT_REALBENCH_OUT (default bench/real/out)/{wasm,native}/PROGRAM.
# Outside Bazel on purpose: the programs take minutes to compile on two
# cores, and `bazel test //...` must not pay for them.
#
# wasm builds are hermetic: compile with -O2 -c, link without -O (with -O at
# link time clang-14 runs wasm-opt when it is installed, which rewrites the
# code and drops the name section), against a sysroot that holds only
# wasi-libc (else clang-14 also searches the host's /usr/include).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=${WASMRT_REALBENCH_OUT:-$HERE/out}
JOBS=${JOBS:-2}

# shellcheck source=bench/real/benchdata.sh
source "$HERE/benchdata.sh"
BD=$(find_benchdata "$ROOT") || { benchdata_missing_banner; exit 0; }

PROGRAMS=("$@")
[ ${#PROGRAMS[@]} -gt 0 ] || PROGRAMS=(coremark lua sqlite quickjs zlib)

mkdir -p "$OUT/sysroot/include" "$OUT/sysroot/lib" "$OUT/obj" "$OUT/wasm" "$OUT/native"
ln -sfn /usr/include/wasm32-wasi "$OUT/sysroot/include/wasm32-wasi"
ln -sfn /usr/lib/wasm32-wasi "$OUT/sysroot/lib/wasm32-wasi"

WASM_CC=(clang-14 --target=wasm32-wasi "--sysroot=$OUT/sysroot" -O2 -I "$HERE/wasi/include")
NATIVE_CC=(gcc -O2)
# Both builds of a program get the same configuration (COMMON_FLAGS); only
# what WASI forces differs (WASM_FLAGS, WASM_LIBS, WASM_SRCS: our stand-ins).
COMMON_FLAGS=() WASM_FLAGS=() WASM_LIBS=() NATIVE_LIBS=() SRCS=() WASM_SRCS=()

configure() {  # PROGRAM -> SRCS, flags (paths absolute)
  COMMON_FLAGS=() WASM_FLAGS=() WASM_LIBS=() NATIVE_LIBS=() SRCS=() WASM_SRCS=()
  case $1 in
    coremark)
      local d=$BD/coremark
      SRCS=("$d"/core_list_join.c "$d"/core_main.c "$d"/core_matrix.c "$d"/core_state.c
            "$d"/core_util.c "$d"/posix/core_portme.c)
      # Iterations come from the command line (bench/real/run), seeds too.
      COMMON_FLAGS=(-I "$d" -I "$d/posix" -DPERFORMANCE_RUN=1 '-DFLAGS_STR="-O2"')
      WASM_FLAGS=(-D_WASI_EMULATED_PROCESS_CLOCKS)
      WASM_LIBS=(-lwasi-emulated-process-clocks) ;;
    lua)
      # onelua.c: the whole interpreter (lua.c's main included) as one unit.
      # os.execute and io.popen report "not supported": WASI runs no commands.
      # wasm: os.tmpname and io.tmpfile fail (WASI has no temporary directory).
      SRCS=("$BD/lua/onelua.c")
      COMMON_FLAGS=(-I "$BD/lua")
      WASM_FLAGS=(-D_WASI_EMULATED_SIGNAL -D_WASI_EMULATED_PROCESS_CLOCKS
                  '-Dl_system(cmd)=((cmd) == NULL ? 0 : -1)'
                  -DLUA_TMPNAMBUFSIZE=32 '-Dlua_tmpnam(b, e)={ (void)(b); e = 1; }')
      WASM_SRCS=("$HERE/wasi/tmpfile.c")
      WASM_LIBS=(-lwasi-emulated-signal -lwasi-emulated-process-clocks)
      NATIVE_LIBS=(-lm) ;;
    sqlite)
      SRCS=("$BD/sqlite/sqlite3.c" "$BD/sqlite/shell.c")
      COMMON_FLAGS=(-I "$BD/sqlite" -DSQLITE_OMIT_LOAD_EXTENSION -DSQLITE_THREADSAFE=0)
      WASM_FLAGS=(-D_WASI_EMULATED_SIGNAL -D_WASI_EMULATED_PROCESS_CLOCKS
                  -D_WASI_EMULATED_GETPID -D_WASI_EMULATED_MMAN)
      WASM_LIBS=(-lwasi-emulated-signal -lwasi-emulated-process-clocks
                 -lwasi-emulated-getpid -lwasi-emulated-mman)
      WASM_SRCS=("$HERE/wasi/shell_stubs.c")
      NATIVE_LIBS=(-lm) ;;
    quickjs)
      local d=$BD/quickjs
      SRCS=("$d"/quickjs.c "$d"/libregexp.c "$d"/libunicode.c "$d"/cutils.c "$d"/dtoa.c
            "$HERE/quickjs/qjs_main.c")
      COMMON_FLAGS=(-I "$d" -D_GNU_SOURCE "-DCONFIG_VERSION=\"$(cat "$d/VERSION")\"")
      # QuickJS keeps its own 1 MiB stack limit against the C stack, which is
      # wasm's shadow stack in linear memory: give it room beyond that.
      WASM_LIBS=('-Wl,-z,stack-size=8388608')
      NATIVE_LIBS=(-lm) ;;
    zlib)
      local d=$BD/zlib f
      for f in adler32 compress crc32 deflate inflate inftrees inffast trees uncompr zutil; do
        SRCS+=("$d/$f.c")
      done
      SRCS+=("$HERE/zlib/zbench.c")
      COMMON_FLAGS=(-I "$d") ;;
    *) echo "build.sh: unknown program '$1' (coremark lua sqlite quickjs zlib)" >&2; return 2 ;;
  esac
}

# Object file of SRC for TARGET (wasm|native); rebuilt when the source or
# this script is newer (our own headers are few and small: touch to rebuild).
compile_one() {  # TARGET PROGRAM SRC
  local target=$1 prog=$2 src=$3
  local obj
  obj=$OUT/obj/$target/$prog/$(basename "${src%.c}").o
  mkdir -p "$(dirname "$obj")"
  if [ -f "$obj" ] && [ "$obj" -nt "$src" ] && [ "$obj" -nt "$HERE/build.sh" ]; then
    echo "$obj"; return
  fi
  if [ "$target" = wasm ]; then
    "${WASM_CC[@]}" "${COMMON_FLAGS[@]}" "${WASM_FLAGS[@]}" -c "$src" -o "$obj.tmp" >&2
  else
    "${NATIVE_CC[@]}" "${COMMON_FLAGS[@]}" -c "$src" -o "$obj.tmp" >&2
  fi
  mv "$obj.tmp" "$obj"
  echo "$obj"
}

build_program() {  # PROGRAM: both targets, objects compiled JOBS at a time
  local prog=$1 src target
  configure "$prog"
  echo "== $prog" >&2
  local jobs=() pids=() failed=0
  for src in "${SRCS[@]}" "${WASM_SRCS[@]}"; do jobs+=("wasm $src"); done
  for src in "${SRCS[@]}"; do jobs+=("native $src"); done
  for job in "${jobs[@]}"; do
    compile_one "${job%% *}" "$prog" "${job#* }" >/dev/null &
    pids+=($!)
    if [ ${#pids[@]} -ge "$JOBS" ]; then
      wait "${pids[0]}" || failed=1
      pids=("${pids[@]:1}")
    fi
  done
  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
  [ $failed = 0 ] || { echo "build.sh: $prog: compile failed" >&2; return 1; }
  local wasm_objs=() native_objs=()
  for src in "${SRCS[@]}" "${WASM_SRCS[@]}"; do wasm_objs+=("$(compile_one wasm "$prog" "$src")"); done
  for src in "${SRCS[@]}"; do native_objs+=("$(compile_one native "$prog" "$src")"); done
  # No -O here: see the top of this file. --strip-debug drops the DWARF that
  # wasi-libc's objects carry and keeps the name section.
  clang-14 --target=wasm32-wasi "--sysroot=$OUT/sysroot" -Wl,--strip-debug "${wasm_objs[@]}" \
    "${WASM_LIBS[@]}" -o "$OUT/wasm/$prog.wasm"
  gcc "${native_objs[@]}" "${NATIVE_LIBS[@]}" -o "$OUT/native/$prog"
  echo "   $OUT/wasm/$prog.wasm ($(stat -c %s "$OUT/wasm/$prog.wasm") bytes), $OUT/native/$prog" >&2
}

for p in "${PROGRAMS[@]}"; do build_program "$p"; done
