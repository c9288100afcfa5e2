# shellcheck shell=bash
# Sourced by bench/real/build.sh and bench/real/run: where the benchmark
# sources are. $WASMRT_BENCHDATA wins; else ../shared/benchdata next to the
# repository, or next to the main checkout when this is a git worktree.
find_benchdata() {  # REPO_ROOT -> prints the directory, fails if absent
  local root=$1 common
  if [ -n "${WASMRT_BENCHDATA:-}" ]; then
    [ -d "$WASMRT_BENCHDATA/coremark" ] && { echo "$WASMRT_BENCHDATA"; return 0; }
    return 1
  fi
  if [ -d "$root/../shared/benchdata/coremark" ]; then
    (cd "$root/../shared/benchdata" && pwd); return 0
  fi
  common=$(git -C "$root" rev-parse --path-format=absolute --git-common-dir 2>/dev/null || true)
  if [ -n "$common" ] && [ -d "$common/../../shared/benchdata/coremark" ]; then
    (cd "$common/../../shared/benchdata" && pwd); return 0
  fi
  return 1
}

benchdata_missing_banner() {
  cat >&2 <<'MSG'
************************************************************************
* bench/real: NO BENCHMARK SOURCES FOUND -- SKIPPING.                  *
* Looked at $WASMRT_BENCHDATA, then ../shared/benchdata next to the    *
* repository (and next to the main checkout of a git worktree).        *
* Point WASMRT_BENCHDATA at a directory holding coremark/ lua/ sqlite/ *
* quickjs/ zlib/ (bench/real/README.md).                           *
************************************************************************
MSG
}
