#!/usr/bin/env bash
# The installed embedding library works for a make/CMake embedder: lays out
# the Bazel-built files with tools/install/install_tree.sh (the step
# tools/install.sh runs after `bazel build`) into a temporary prefix, then
# builds examples/embed/main.c with cc and pkg-config: fully static
# (libwasmrt.a), with libwasmrt.a but shared system libraries, and against
# libwasmrt.so; runs each on the guest and compares the output with the
# expected lines. Ends with
# "install: N passed, N failed".
#
# Arguments (from BUILD.bazel, in any order): the built files, told apart by
# their names.
set -uo pipefail

tree="" shared="" archive="" link_flags="" header="" main_c="" guest="" expected=""
bins=()
for f in "$@"; do
  case "$f" in
    */install_tree.sh) tree="$f" ;;
    */libwasmrt.so) shared="$f" ;;
    */libwasmrt.a) archive="$f" ;;
    */libwasmrt.a.link_flags) link_flags="$f" ;;
    */wasm_export.h) header="$f" ;;
    */main.c) main_c="$f" ;;
    */guest.wasm) guest="$f" ;;
    */expected_output.txt) expected="$f" ;;
    */wasmrun | */wasmctl | */wasmrtd) bins+=(--bin "$f") ;;
    *) echo "install_test: unexpected argument $f" >&2; exit 2 ;;
  esac
done

for v in tree shared archive link_flags header main_c guest expected; do
  [ -n "${!v}" ] || { echo "install_test: no $v among the arguments" >&2; exit 2; }
done
[ ${#bins[@]} -eq 6 ] || { echo "install_test: wasmrun, wasmctl and wasmrtd expected" >&2; exit 2; }

work="${TEST_TMPDIR:-$(mktemp -d)}/install"
rm -rf "$work"
mkdir -p "$work"
prefix="$work/prefix"
passed=0
failed=0

check() {  # check NAME COMMAND...: runs it, counts, shows output on failure
  local name="$1"
  shift
  local out
  if out=$("$@" 2>&1); then
    passed=$((passed + 1))
    echo "PASS $name"
  else
    failed=$((failed + 1))
    echo "FAIL $name"
    echo "$out" | sed 's/^/    /' | head -40
  fi
}

install_all() {
  "$tree" --prefix "$prefix" --archive "$archive" --link-flags "$link_flags" \
    --shared "$shared" --header "$header" "${bins[@]}" >"$work/install.log" &&
    cat "$work/install.log" &&
    for f in lib/libwasmrt.a lib/libwasmrt.so lib/pkgconfig/wasmrt.pc include/wasm_export.h \
      bin/wasmrun bin/wasmctl bin/wasmrtd; do
      [ -f "$prefix/$f" ] || { echo "missing $prefix/$f"; return 1; }
      grep -qx "installed $prefix/$f" "$work/install.log" || { echo "not reported: $f"; return 1; }
    done
}

# Every function wasm_export.h declares is exported, and nothing of its own
# besides: the replaced operator new/delete (_Znw/_Zna/_Zdl/_Zda), and
# standard library template instantiations that libstdc++ exports too (gold
# keeps those global because libstdc++ defines them; they are the same code).
exports_only_the_api() {
  local declared exported libstdcxx others missing
  [ -f "$prefix/lib/libwasmrt.so" ] || { echo "no libwasmrt.so installed"; return 1; }
  declared=$(grep -o '\bwasm_runtime_[a-z_]*(' "$prefix/include/wasm_export.h" | tr -d '(' |
    sort -u)
  exported=$(readelf -W --dyn-syms "$prefix/lib/libwasmrt.so" |
    awk '$5 != "LOCAL" && $7 != "UND" && NF >= 8 {print $8}' | sort -u)
  libstdcxx=$(readelf -W --dyn-syms "$(cc -print-file-name=libstdc++.so.6)" |
    awk '$7 != "UND" && NF >= 8 {sub(/@.*/, "", $8); print $8}' | sort -u)
  others=$(grep -v -e '^wasm_runtime_' -e '^_Zn[wa]' -e '^_Zd[la]' <<<"$exported" |
    comm -23 - <(echo "$libstdcxx"))
  [ -z "$others" ] || { echo "exported beyond the API:"; echo "$others"; return 1; }
  missing=$(comm -23 <(echo "$declared") <(grep '^wasm_runtime_' <<<"$exported"))
  [ -z "$missing" ] || { echo "declared but not exported:"; echo "$missing"; return 1; }
  [ "$(wc -l <<<"$declared")" -ge 30 ] || { echo "too few declarations found"; return 1; }
  echo "$(grep -c '^wasm_runtime_' <<<"$exported") API functions exported"
}

pc() { PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config "$@"; }

build_static() {
  # shellcheck disable=SC2046  # pkg-config's words are separate arguments
  cc -static -o "$work/embed_static" "$main_c" $(pc --cflags --libs --static wasmrt) &&
    ! readelf -d "$work/embed_static" | grep -q NEEDED
}

build_shared() {
  # shellcheck disable=SC2046
  cc -o "$work/embed_shared" "$main_c" $(pc --cflags --libs wasmrt) \
    -Wl,-rpath,"$prefix/lib" &&
    readelf -d "$work/embed_shared" | grep NEEDED | grep -q 'libwasmrt\.so'
}

build_archive_dynamic_system_libs() {
  # shellcheck disable=SC2046
  cc -o "$work/embed_archive" "$main_c" $(pc --cflags wasmrt) "$prefix/lib/libwasmrt.a" \
    $(pc --libs-only-l --static wasmrt | sed 's/-lwasmrt//') &&
    ! readelf -d "$work/embed_archive" | grep NEEDED | grep -q 'libwasmrt'
}

runs_as_expected() {  # runs_as_expected BINARY
  "$1" "$guest" >"$1.out" && diff -u "$expected" "$1.out"
}

rejects() {  # rejects MESSAGE ARGS...: install_tree.sh fails saying MESSAGE
  local message="$1"
  shift
  local out
  if out=$("$tree" "$@" 2>&1); then echo "accepted: $*"; return 1; fi
  grep -qF -e "$message" <<<"$out" || { echo "unexpected error: $out"; return 1; }
}

check "install_tree.sh installs and reports every file" install_all
check "libwasmrt.so exports the C API only" exports_only_the_api
check "pkg-config knows wasmrt" pc --exists wasmrt
check "Libs.private names Abseil and libstdc++" \
  bash -c "grep -q '^Libs.private:.*-labsl_status .*-lstdc++' '$prefix/lib/pkgconfig/wasmrt.pc'"
check "static build (libwasmrt.a, cc -static)" build_static
check "static build runs the walk-through" runs_as_expected "$work/embed_static"
check "archive with shared system libraries" build_archive_dynamic_system_libs
check "that build runs the walk-through" runs_as_expected "$work/embed_archive"
check "shared build (libwasmrt.so, rpath)" build_shared
check "shared build runs the walk-through" runs_as_expected "$work/embed_shared"
check "installed wasmrun runs" "$prefix/bin/wasmrun" --help
check "installed wasmctl runs" "$prefix/bin/wasmctl" --help
check "installed wasmrtd runs" "$prefix/bin/wasmrtd" --help
check "a missing file is refused" rejects "no such file: $work/nope.a" \
  --prefix "$work/p2" --archive "$work/nope.a" --link-flags "$link_flags" \
  --shared "$shared" --header "$header"
check "a relative prefix is refused" rejects "must be an absolute path" \
  --prefix rel --archive "$archive" --link-flags "$link_flags" --shared "$shared" \
  --header "$header"
check "a missing option is refused" rejects "--shared is required" \
  --prefix "$work/p3" --archive "$archive" --link-flags "$link_flags" --header "$header"

echo "install: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
