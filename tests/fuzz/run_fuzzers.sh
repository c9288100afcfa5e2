#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz/ with clang-14 outside Bazel
# (objects and binaries under $OUT, default /tmp/wasmrt_fuzz; Bazel's
# outputs are not touched), prepares seed corpora, and optionally runs them.
#
#   tests/fuzz/run_fuzzers.sh build             # build only
#   tests/fuzz/run_fuzzers.sh seeds             # (re)make the seed corpora
#   tests/fuzz/run_fuzzers.sh run TARGET SECS   # fuzz one target for SECS seconds
#   tests/fuzz/run_fuzzers.sh all SECS          # build, seed, fuzz every target in turn
#   tests/fuzz/run_fuzzers.sh ttf SECS          # binaryen modules, both tiers (after build)
#
# TARGET is compile_fuzzer, exec_fuzzer or path_fuzzer. Crashes land in
# $OUT/artifacts/TARGET/. Run from the repository root.
#
# ttf is a loop, not a libFuzzer run: random bytes -> `wasm-opt -ttf` (a
# valid module, restricted to the features wasmrt runs) -> ttf_fuzzer, which
# runs every export in both tiers and aborts when they disagree. libFuzzer's
# in-process mutation cannot reach binaryen's generator (a separate program;
# running it from inside the target would fork per input and hide its
# coverage), and a random byte string is already a fresh module, so plain
# random inputs cost nothing in depth. Disagreements land in
# $OUT/artifacts/ttf_fuzzer/ (the module and the bytes it came from).
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
              $(ls runtime/jit/*.cc | grep -v -e _test.cc -e x86_disasm.cc)
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
  for t in compile_fuzzer exec_fuzzer ttf_fuzzer; do
    o=$(compile tests/fuzz/$t.cc)
    "$CXX" -fsanitize=fuzzer,address,undefined "$o" "${objs[@]}" "${ABSL[@]}" -o "$OUT/$t"
  done
  o=$(compile tests/fuzz/path_fuzzer.cc)
  "$CXX" -fsanitize=fuzzer,address,undefined "$o" "${wobjs[@]}" "${ABSL[@]}" -o "$OUT/path_fuzzer"
  echo "built $OUT/{compile,exec,ttf,path}_fuzzer" >&2
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

# wasm-opt -ttf's features: Wasm 2.0 as wasmrt runs it (no GC, exceptions,
# tail calls, memory64, multi-memory, threads, ...) except reference types:
# binaryen 108 (Debian) types them its own way (funcref a subtype of
# externref, GC-era type codes), so every module it makes with them is
# invalid (wasm-validate rejects 30 of 30) and would only test the
# validator.
TTF_FEATURES=(--mvp-features --enable-sign-ext --enable-nontrapping-float-to-int
              --enable-bulk-memory --enable-multivalue --enable-simd)

# Runs ttf_fuzzer over modules $2.. in one process; on a disagreement (or a
# crash) saves the module and its seed bytes and goes on after it. Echoes
# how many modules went through, how many disagreed and how many
# instantiated and had their exports called (the rest both tiers refused:
# their reasons collect in $dir/refused.log).
ttf_batch() {
  local dir=$1
  shift
  local files=("$@") ran=0 bad=0 called=0 last status
  while ((${#files[@]} > 0)); do
    status=0
    TTF_FUZZER_VERBOSE=1 "$OUT/ttf_fuzzer" -timeout=30 -rss_limit_mb=2560 "${files[@]}" \
        >"$dir/log" 2>&1 || status=$?
    # libFuzzer runs an input twice when it suspects a leak: count each once.
    awk '/^Running: /{f=$2} /^ttf_fuzzer: ran, /{if(f!=seen){print; seen=f}}' "$dir/log" \
        >>"$dir/ran.log"
    called=$((called + $(awk '/^Running: /{f=$2} /^ttf_fuzzer: ran, /{if(f!=seen){n++; seen=f}}
                              END{print n+0}' "$dir/log")))
    grep '^ttf_fuzzer: \(compile\|instantiate\|import\)' "$dir/log" >>"$dir/refused.log" || true
    if ((status == 0)); then
      ran=$((ran + ${#files[@]}))
      break
    fi
    last=$(grep '^Running: ' "$dir/log" | tail -1 | cut -d' ' -f2-)
    local i
    for i in "${!files[@]}"; do [[ ${files[$i]} == "$last" ]] && break; done
    ran=$((ran + i + 1))
    bad=$((bad + 1))
    local name
    name=ttf-$(sha1sum "$last" | cut -c1-12)
    cp "$last" "$OUT/artifacts/ttf_fuzzer/$name.wasm"
    cp "${last%.wasm}.dat" "$OUT/artifacts/ttf_fuzzer/$name.dat"
    cp "$dir/log" "$OUT/artifacts/ttf_fuzzer/$name.log"
    echo "ttf: DISAGREEMENT $OUT/artifacts/ttf_fuzzer/$name.wasm:" >&2
    grep -A12 'ttf_fuzzer: the tiers disagree\|ERROR: ' "$dir/log" | head -20 >&2
    files=("${files[@]:$((i + 1))}")
  done
  echo "$ran $bad $called"
}

# Random bytes -> wasm-opt -ttf -> both tiers, in batches of 20, until SECS
# have passed. WASMRT_JIT_BASELINE_X86=1 in the environment fuzzes the
# compiler's CPU-extension-free sequences.
ttf() {
  local dir=$OUT/ttf end=$((SECONDS + $1)) made=0 ran=0 bad=0 called=0 r b c
  [[ -x $OUT/ttf_fuzzer ]] || build
  mkdir -p "$dir" "$OUT/artifacts/ttf_fuzzer"
  rm -f "$dir/refused.log" "$dir/ran.log"
  while ((SECONDS < end)); do
    rm -f "$dir"/m*.dat "$dir"/m*.wasm
    local batch=() i
    for i in $(seq 1 20); do
      head -c $((RANDOM % 16000 + 1000)) /dev/urandom >"$dir/m$i.dat"
      # Every other module through a random set of binaryen passes too
      # (-fp): optimised code shapes besides the generator's own.
      local passes=()
      ((i % 2 == 0)) && passes=(-fp)
      wasm-opt "$dir/m$i.dat" -ttf "${passes[@]}" "${TTF_FEATURES[@]}" -o "$dir/m$i.wasm" \
          >/dev/null 2>&1 || continue
      batch+=("$dir/m$i.wasm")
    done
    made=$((made + ${#batch[@]}))
    ((${#batch[@]} > 0)) || continue
    read -r r b c < <(ttf_batch "$dir" "${batch[@]}")
    ran=$((ran + r))
    bad=$((bad + b))
    called=$((called + c))
  done
  echo "ttf: $made modules generated, $ran through both tiers ($called instantiated and" \
       "called, the rest refused alike: $dir/refused.log), $bad disagreements;" \
       "$(awk '{c += $3; k += $5; n += $6} END{print c " calls, " k "/" n}' FS='[ ,/]+' \
          "$dir/ran.log" 2>/dev/null) functions compiled" >&2
}

case ${1:-all} in
  build) build ;;
  seeds) seeds ;;
  run) run "$2" "${3:-60}" ;;
  ttf) ttf "${2:-600}" ;;
  all) build; seeds
       for t in compile_fuzzer exec_fuzzer path_fuzzer; do run $t "${2:-120}" || true; done ;;
  *) echo "usage: $0 build|seeds|run TARGET SECS|all SECS|ttf SECS" >&2; exit 2 ;;
esac
