#!/usr/bin/env bash
# Installs the Debian packages the build and the tests need, only those that
# are missing. Everything comes from Debian's archive (no other network).
set -euo pipefail

PACKAGES=(
  bazel-bootstrap g++ git
  libabsl-dev libgtest-dev libgmock-dev nlohmann-json3-dev
  libgrpc++-dev protobuf-compiler-grpc protobuf-compiler libprotobuf-dev
  wabt clang-14 lld-14 wasi-libc libclang-rt-14-dev-wasm32
  libcpp-httplib-dev grpc-proto python3-grpcio python3-protobuf libssl-dev python3-yaml
  libcli11-dev binaryen pkg-config libxbyak-dev libcapstone-dev
)
# The guest SDK examples: nanopb's generator (C), and Rust with prost from
# Debian's crate registry (/usr/share/cargo/registry; examples/geometry_rust).
# WASMRT_DEPS_NO_GUEST_SDKS=1 leaves them out (the container image's build
# stage, which builds no such guest).
GUEST_SDK_PACKAGES=(
  nanopb cargo rustc libstd-rust-dev-wasm32 librust-prost-dev librust-prost-build-dev
)
guest_sdks=1
if [ "${WASMRT_DEPS_NO_GUEST_SDKS:-0}" = 1 ]; then guest_sdks=0; fi
if [ $guest_sdks = 1 ]; then PACKAGES+=("${GUEST_SDK_PACKAGES[@]}"); fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -ne 0 ]; then
  echo "wasmrt: installing missing packages: ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# nanopb's runtime (pb_encode.c, pb_decode.c, pb_common.c) is in no Debian
# binary package for wasm32: the C guests built with nanopb compile it from
# Debian's source package of the installed generator's version, unpacked at
# NANOPB_SRC (WORKSPACE @nanopb). apt fetches it with a deb-src list of its
# own, in a scratch directory: the system's apt configuration is untouched.
NANOPB_SRC=/usr/local/src/nanopb
nanopb_version=$(dpkg-query -W -f='${Version}' nanopb 2>/dev/null || true)
if [ $guest_sdks = 1 ] &&
   [ "$(cat "$NANOPB_SRC/DEBIAN_VERSION" 2>/dev/null)" != "$nanopb_version" ]; then
  echo "wasmrt: fetching Debian's nanopb $nanopb_version source for $NANOPB_SRC" >&2
  scratch=$(mktemp -d)
  trap 'rm -rf "$scratch"' EXIT
  mkdir -p "$scratch/parts" "$scratch/lists/partial" "$scratch/cache" "$scratch/src"
  # shellcheck disable=SC1091
  suite=$(. /etc/os-release && echo "$VERSION_CODENAME")
  cat >"$scratch/parts/deb-src.sources" <<EOS
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: $suite
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOS
  apt_opts=(-o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts="$scratch/parts"
            -o Dir::State::Lists="$scratch/lists" -o Dir::Cache="$scratch/cache"
            -o APT::Sandbox::User=root)
  apt-get "${apt_opts[@]}" update -qq >&2
  (cd "$scratch/src" && apt-get "${apt_opts[@]}" source --download-only -qq "nanopb=$nanopb_version" >&2)
  orig=$(ls "$scratch"/src/nanopb_*.orig.tar.*)
  $SUDO mkdir -p "$NANOPB_SRC.new"
  # Only the runtime and its licence (the tarball's own Bazel files would
  # clash with @nanopb's BUILD file).
  $SUDO tar -xf "$orig" -C "$NANOPB_SRC.new" --strip-components=1 --wildcards --no-wildcards-match-slash \
    '*/pb.h' '*/pb_common.[ch]' '*/pb_encode.[ch]' '*/pb_decode.[ch]' '*/LICENSE.txt'
  echo "$nanopb_version" | $SUDO tee "$NANOPB_SRC.new/DEBIAN_VERSION" >/dev/null
  $SUDO rm -rf "$NANOPB_SRC"
  $SUDO mv "$NANOPB_SRC.new" "$NANOPB_SRC"
fi
