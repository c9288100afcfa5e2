#!/usr/bin/env bash
# Lays out built files under an install prefix: the embedding library
# (lib/libwasmrt.a, lib/libwasmrt.so, lib/pkgconfig/wasmrt.pc), its header
# (include/wasm_export.h) and programs (bin/). Builds nothing: tools/install.sh
# runs it on what `bazel build` made, tests/install on a test's runfiles.
#
#   install_tree.sh --prefix DIR --archive libwasmrt.a --link-flags FILE
#                   --shared libwasmrt.so --header wasm_export.h [--bin FILE]...
#
# FILE of --link-flags holds the system libraries the archive needs (written
# by //runtime/capi:libwasmrt_a); they become the .pc's Libs.private
# (with Abseil's own dependencies, in link order).
set -euo pipefail

readonly VERSION=0.1.0

die() {
  echo "install_tree.sh: $*" >&2
  exit 1
}

prefix="" archive="" link_flags="" shared="" header=""
bins=()
while [ $# -gt 0 ]; do
  [ $# -ge 2 ] || die "$1 needs a value"
  case "$1" in
    --prefix) prefix="$2" ;;
    --archive) archive="$2" ;;
    --link-flags) link_flags="$2" ;;
    --shared) shared="$2" ;;
    --header) header="$2" ;;
    --bin) bins+=("$2") ;;
    *) die "unknown option $1" ;;
  esac
  shift 2
done
for what in prefix archive link_flags shared header; do
  [ -n "${!what}" ] || die "--${what//_/-} is required"
done
for f in "$archive" "$link_flags" "$shared" "$header" "${bins[@]}"; do
  [ -f "$f" ] || die "no such file: $f"
done
case "$prefix" in
  /*) ;;
  *) die "the prefix must be an absolute path (it is written into wasmrt.pc): $prefix" ;;
esac

# install(1) with a report line per file.
put() {
  local mode="$1" src="$2" dest="$3"
  install -D -m "$mode" "$src" "$dest" || die "cannot install $dest"
  echo "installed $dest"
}

put 0644 "$archive" "$prefix/lib/libwasmrt.a"
put 0755 "$shared" "$prefix/lib/libwasmrt.so"
put 0644 "$header" "$prefix/include/wasm_export.h"
for b in "${bins[@]}"; do
  put 0755 "$b" "$prefix/bin/$(basename "$b")"
done

# A C program linking the archive needs Abseil, the other system libraries
# of the link flags and, the objects being C++, libstdc++ and libm, in an
# order that works for static archives: Abseil's libraries as pkg-config
# orders them from Debian's libabsl-dev .pc files (Bazel's list is not in
# dependency order), and libstdc++ last, as Abseil needs it too. (With the
# Abseil components in Requires.private instead, pkg-config would put
# libstdc++ before them.)
absl=() others=()
read -r -a flags <"$link_flags" || true  # one line of words
for flag in "${flags[@]}"; do
  case "$flag" in
    -labsl_*) absl+=("${flag#-l}") ;;
    *) others+=("$flag") ;;
  esac
done
absl_libs=""
if [ ${#absl[@]} -gt 0 ]; then
  command -v pkg-config >/dev/null || die "pkg-config is needed to order Abseil's libraries"
  absl_libs=$(pkg-config --libs --static "${absl[@]}") ||
    die "pkg-config does not know Abseil's components (libabsl-dev): ${absl[*]}"
fi
read -r -a absl_words <<<"$absl_libs"  # pkg-config's spacing, normalised
private_libs="${absl_words[*]} ${others[*]} -lstdc++ -lm"
pc="$(mktemp)"
trap 'rm -f "$pc"' EXIT
cat >"$pc" <<EOF
prefix=$prefix
exec_prefix=\${prefix}
libdir=\${exec_prefix}/lib
includedir=\${prefix}/include

Name: wasmrt
Description: WebAssembly runtime with a WAMR-compatible embedding C API (wasm_export.h)
Version: $VERSION
Libs: -L\${libdir} -lwasmrt
Libs.private: $private_libs
Cflags: -I\${includedir}
EOF
put 0644 "$pc" "$prefix/lib/pkgconfig/wasmrt.pc"
