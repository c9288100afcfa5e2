#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz/ with clang-14 outside Bazel
# (objects and binaries under $OUT, default /tmp/wasmrt_fuzz; Bazel's
# outputs are not touched), prepares seed corpora, and optionally runs them.
#
#   tests/fuzz/run_fuzzers.sh build             # build only
#   tests/fuzz/run_fuzzers.sh seeds             # (re)make the seed corpora
#   tests/fuzz/run_fuzzers.sh run TARGET SECS   # fuzz one target for SECS seconds
#   tests/fuzz/run_fuzzers.sh all SECS          # build, seed, fuzz every target in turn
#
# TARGET is compile_fuzzer, exec_fuzzer or path_fuzzer. Crashes land in
# $OUT/artifacts/TARGET/. Run from the repository root.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-/tmp/wasmrt_fuzz}
CXX=${CXX:-clang++-14}
FLAGS=(-std=c++20 -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize=vptr
       -fno-sanitize-recover=undefined -fno-omit-frame-pointer -O1 -g -I. -DXBYAK_NO_EXCEPTION)
ABSL=(-labsl_statusor -labsl_status -labsl_str_format_internal -labsl_strings
      -labsl_strings_internal -labsl_cord -labsl_cord_internal -labsl_cordz_functions
      -labsl_cordz_handle -labsl_cordz_info -labsl_raw_hash_set -labsl_hashtablez_sampler
      -labsl_hash -labsl_city -labsl_low_level_hash -labsl_synchronization
      -labsl_graphcycles_internal -labsl_stacktrace -labsl_symbolize
      -labsl_debugging_internal -labsl_demangle_internal -labsl_malloc_internal -labsl_time
      -labsl_civil_time -labsl_time_zone -labsl_exponential_biased -labsl_bad_optional_access
      -labsl_bad_variant_access -labsl_int128 -labsl_strerror -labsl_throw_delegate
      -labsl_base -labsl_spinlock_wait -labsl_raw_logging_internal -labsl_log_severity
      -latomic -lrt -lpthread)
RUNTIME_SRCS=(runtime/base/types.cc runtime/base/trap.cc runtime/binary/decoder.cc runtime/binary/instr_reader.cc
              runtime/binary/name_section.cc runtime/binary/opcode.cc
              $(ls runtime/validate/*.cc | grep -v _test.cc) runtime/objects/linear_memory.cc runtime/objects/type_registry.cc
              $(ls runtime/interp/*.cc | grep -v _test.cc)
              $(ls runtime/jit/*.cc | grep -v _test.cc)
              $(ls runtime/engine/*.cc | grep -v _test.cc))
WASI_SRCS=(wasi/path_resolver.cc wasi/fd_table.cc wasi/errno.cc wasi/stdio.cc)

# Compiles $1 to $OUT/obj/<path>.o when the source or any header is newer.
compile() {
  local src=$1 obj=$OUT/obj/${1%.cc}.o
  mkdir -p "$(dirname "$obj")"
  if [[ ! -f $obj || $src -nt $obj || $NEWEST_HDR -nt $obj ]]; then
    local extra=()
    # The dispatch loop is one huge function of computed gotos: clang's -O1
    # passes take longer than ten minutes on it, -O0 takes seconds.
    [[ $src == runtime/interp/interpreter.cc ]] && extra=(-O0)
    echo "  CXX $src" >&2
    "$CXX" "${FLAGS[@]}" "${extra[@]}" -c "$src" -o "$obj" -w
    [[ -f $obj ]]
  fi
  echo "$obj"
}

build() {
  local objs=() o
  NEWEST_HDR=$(find runtime wasi \( -name '*.h' -o -name '*.def' -o -name '*.inc' \) \
               -printf '%T@ %p\n' | sort -n | tail -1 | cut -d' ' -f2)
  for s in "${RUNTIME_SRCS[@]}"; do objs+=("$(compile "$s")"); done
  local wobjs=()
  for s in "${WASI_SRCS[@]}"; do wobjs+=("$(compile "$s")"); done
  for t in compile_fuzzer exec_fuzzer; do
    o=$(compile tests/fuzz/$t.cc)
    "$CXX" -fsanitize=fuzzer,address,undefined "$o" "${objs[@]}" "${ABSL[@]}" -o "$OUT/$t"
  done
  o=$(compile tests/fuzz/path_fuzzer.cc)
  "$CXX" -fsanitize=fuzzer,address,undefined "$o" "${wobjs[@]}" "${ABSL[@]}" -o "$OUT/path_fuzzer"
  echo "built $OUT/{compile,exec,path}_fuzzer" >&2
}

# Seeds: the build's modules and a handful of spec-suite modules via wast2json.
seeds() {
  local wasm=$OUT/corpus/wasm paths=$OUT/corpus/path
  mkdir -p "$wasm" "$paths" "$OUT/spec"
  cp -f bazel-bin/bench/*.wasm bazel-bin/examples/*.wasm "$wasm"/ 2>/dev/null || true
  find bazel-bin/runtime bazel-bin/tests -name '*.wasm' -exec cp -f {} "$wasm"/ \; 2>/dev/null || true
  local testdata=${WASMRT_TESTDATA:-/work/shared/testdata}
  for w in address br_table call_indirect memory_grow loop if table_grow bulk \
           memory_copy simd_load simd_lane global elem data func select; do
    [[ -f $testdata/spec/core/$w.wast ]] || continue
    (cd "$OUT/spec" && wast2json --enable-all "$testdata/spec/core/$w.wast" -o "$w.json" \
       >/dev/null 2>&1) || true
  done
  find "$OUT/spec" -name '*.wasm' -exec cp -f {} "$wasm"/ \;
  printf 'a' >"$paths/1"; printf 'sub/../a' >"$paths/2"; printf 'out/x' >"$paths/3"
  printf 'loop/a' >"$paths/4"; printf 'sub/up/../../x' >"$paths/5"; printf '../x' >"$paths/6"
  printf 'sub/./abs' >"$paths/7"; printf 'rel/' >"$paths/8"
  echo "seeds: $(ls "$wasm" | wc -l) modules, $(ls "$paths" | wc -l) paths" >&2
}

run() {
  local t=$1 secs=$2 corpus=$OUT/corpus/wasm
  [[ $t == path_fuzzer ]] && corpus=$OUT/corpus/path
  mkdir -p "$OUT/artifacts/$t" "$OUT/work/$t"
  cp -n "$corpus"/* "$OUT/work/$t"/ 2>/dev/null || true
  "$OUT/$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2560 -max_len=65536 \
      -artifact_prefix="$OUT/artifacts/$t/" -print_final_stats=1 "$OUT/work/$t"
}

case ${1:-all} in
  build) build ;;
  seeds) seeds ;;
  run) run "$2" "${3:-60}" ;;
  all) build; seeds
       for t in compile_fuzzer exec_fuzzer path_fuzzer; do run $t "${2:-120}" || true; done ;;
  *) echo "usage: $0 build|seeds|run TARGET SECS|all SECS" >&2; exit 2 ;;
esac
