#!/usr/bin/env bash
# Container smoke test: builds the image with podman the way
# ../shared/docs/containers.md describes (local debootstrap base image, runc,
# explicit ulimits), then runs it and checks, from outside the container:
#   1. the image's HEALTHCHECK (wasmctl health) passes, with the server run
#      as deploy/k8s runs it (read-only root, no capabilities),
#   2. the preloaded shapes serves its typed method shapes.v1.Shapes/Area
#      (wasmctl call, through reflection), and a module uploaded through the
#      published gRPC port can be invoked,
#   3. the metrics endpoint answers on the published metrics port,
#   4. a second server sharing the data volume serves that module and the
#      typed method too
#      (the Kubernetes layout: replicas on one ReadWriteMany volume),
#   5. SIGTERM (podman stop) drains and exits 0 with the "stopped" log line.
# Every wait is bounded; containers and the volume are removed on any exit.
# The last line is "smoke test: PASS" or "smoke test: FAIL (...)"; the exit
# status is 0 only on PASS.
#
# Environment:
#   WASMRT_IMAGE        image tag to build (default localhost/wasmrt:latest)
#   WASMRT_IMAGE_CACHE  host directory mounted as /root/.cache during the
#                       build: Bazel's output base and disk cache survive
#                       between builds (default ~/.cache/wasmrt-image-build)
#   SMOKE_SKIP_BUILD=1  test an existing image without rebuilding it
set -uo pipefail
cd "$(dirname "$0")/.."

IMAGE=${WASMRT_IMAGE:-localhost/wasmrt:latest}
CACHE=${WASMRT_IMAGE_CACHE:-$HOME/.cache/wasmrt-image-build}
RUN_ID="wasmrt-smoke-$$"
SERVER_A="$RUN_ID-a"
SERVER_B="$RUN_ID-b"
VOLUME="$RUN_ID-data"
# The ulimits the sandbox allows (containers.md); crun fails here, runc works.
RUN_OPTS=(--runtime runc --ulimit nofile=20000:20000 --ulimit nproc=32768:32768)
# The servers run the way deploy/k8s runs them: read-only root filesystem, no
# capabilities, no privilege escalation.
SERVER_OPTS=("${RUN_OPTS[@]}" --read-only --cap-drop ALL --security-opt no-new-privileges)
# Podman schedules periodic health checks with systemd timers, which do not
# exist here; it says so on stderr for every container that has a HEALTHCHECK
# (harmless). The test runs the image's check itself with `podman healthcheck
# run`, shows podman's stderr only on failure, and gives the throwaway client
# containers --no-healthcheck.

T0=$(date +%s)
step() {  # step TEXT: prints TEXT with the seconds elapsed so far
  echo "smoke: [$(( $(date +%s) - T0 ))s total] $*"
}
fail() {
  echo "smoke: ERROR: $*" >&2
  for c in "$SERVER_A" "$SERVER_B"; do
    if podman container exists "$c" 2>/dev/null; then
      echo "---- logs of $c ----" >&2
      podman logs "$c" 2>&1 | tail -n 40 >&2
    fi
  done
  echo "smoke test: FAIL ($*)"
  exit 1
}
cleanup() {
  for c in "$SERVER_A" "$SERVER_B"; do
    podman rm -f -t 0 "$c" >/dev/null 2>&1 || true
  done
  podman volume rm -f "$VOLUME" >/dev/null 2>&1 || true
  [ -n "${BASE_TMP:-}" ] && rm -rf "$BASE_TMP"
}
trap cleanup EXIT
trap 'fail "interrupted"' INT TERM

# ---- tools --------------------------------------------------------------------
missing=()
for tool in podman:podman buildah:buildah debootstrap:debootstrap runc:runc; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || [ -x "/usr/sbin/${tool%%:*}" ] || missing+=("${tool##*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
  step "installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq || fail "apt-get update"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null ||
    fail "cannot install ${missing[*]}"
fi
export PATH="$PATH:/usr/sbin:/sbin"

# ---- base image (no registry here: Debian's archive via debootstrap) -------------
if ! podman image exists docker.io/library/debian:bookworm ||
   ! podman image exists docker.io/library/debian:bookworm-slim; then
  if ! podman image exists localhost/debian:bookworm; then
    step "creating the Debian bookworm base image with debootstrap"
    MIRROR=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null)
    MIRROR=${MIRROR:-http://deb.debian.org/debian}
    BASE_TMP=$(mktemp -d)
    timeout 600 debootstrap --variant=minbase bookworm "$BASE_TMP/rootfs" "$MIRROR" \
      >"$BASE_TMP/debootstrap.log" 2>&1 || { tail -n 20 "$BASE_TMP/debootstrap.log" >&2; fail "debootstrap"; }
    tar -C "$BASE_TMP/rootfs" -c . | podman import - localhost/debian:bookworm >/dev/null ||
      fail "podman import"
    rm -rf "$BASE_TMP"
  fi
  podman tag localhost/debian:bookworm docker.io/library/debian:bookworm || fail "tag"
  podman tag localhost/debian:bookworm docker.io/library/debian:bookworm-slim || fail "tag"
fi

# ---- build ----------------------------------------------------------------------
if [ "${SMOKE_SKIP_BUILD:-0}" != 1 ]; then
  step "building $IMAGE (Bazel cache: $CACHE)"
  mkdir -p "$CACHE"
  build_start=$(date +%s)
  # --format docker keeps HEALTHCHECK; --pull=never: the base exists locally.
  timeout 3600 podman build --runtime runc --format docker --pull=never \
      --ulimit nofile=20000:20000 \
      -v "$CACHE:/root/.cache" \
      -t "$IMAGE" -f docker/Dockerfile . ||
    fail "image build"
  BUILD_SECONDS=$(( $(date +%s) - build_start ))
  step "image built in ${BUILD_SECONDS}s"
fi
podman image exists "$IMAGE" || fail "no image $IMAGE"
SIZE=$(podman image inspect --format '{{.Size}}' "$IMAGE")
echo "smoke: image $IMAGE is $((SIZE / 1000000)) MB"
[ "$(podman image inspect --format '{{.Config.User}}' "$IMAGE")" = "10001:10001" ] ||
  fail "image does not run as user 10001"
hc=$(podman image inspect --format '{{.Config.Healthcheck}}' "$IMAGE")
grep -q 'wasmctl' <<<"$hc" ||
  fail "image has no wasmctl HEALTHCHECK (built without --format docker?)"

# ---- run ----------------------------------------------------------------------------
wait_healthy() {  # wait_healthy CONTAINER SECONDS: runs the image's HEALTHCHECK
  local c=$1 deadline=$(( $(date +%s) + $2 ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    [ "$(podman inspect --format '{{.State.Running}}' "$c" 2>/dev/null)" = "true" ] ||
      fail "$c exited before becoming healthy"
    if podman healthcheck run "$c" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  fail "$c not healthy after $2 s"
}
# A throwaway client container from the same image on the host network: it
# reaches the servers through the published ports, as any host client would.
client() {
  timeout 60 podman run --rm "${RUN_OPTS[@]}" --no-healthcheck --network=host --entrypoint wasmctl \
    "$IMAGE" --server "127.0.0.1:$GRPC_PORT" "$@"
}

step "starting $SERVER_A"
podman volume create "$VOLUME" >/dev/null || fail "volume create"
out=$(podman run -d --name "$SERVER_A" "${SERVER_OPTS[@]}" \
    -p 127.0.0.1::50051 -p 127.0.0.1::9464 -v "$VOLUME:/var/lib/wasmrt" \
    "$IMAGE" 2>&1) || fail "podman run: $out"
wait_healthy "$SERVER_A" 60
step "$SERVER_A healthy"
# (Output is captured before grep -q: with pipefail, grep closing the pipe
# early would fail the producer.)
logs=$(podman logs "$SERVER_A" 2>&1)
grep -q "listening on 0.0.0.0:50051" <<<"$logs" ||
  fail "no \"listening on 0.0.0.0:50051\" line"
GRPC_PORT=$(podman port "$SERVER_A" 50051/tcp | sed 's/.*://')
METRICS_PORT=$(podman port "$SERVER_A" 9464/tcp | sed 's/.*://')
[ -n "$GRPC_PORT" ] && [ -n "$METRICS_PORT" ] || fail "ports not published"
echo "smoke: gRPC on 127.0.0.1:$GRPC_PORT, metrics on 127.0.0.1:$METRICS_PORT"

client health || fail "wasmctl health through the published port"

# The image preloads examples/fib.wasm as "fib".
out=$(client invoke fib fib 10 2>&1) || fail "invoke preloaded fib: $out"
grep -qw 55 <<<"$out" || fail "fib(10) printed \"$out\", expected 55"

# ... and examples/shapes.wasm as "shapes": its typed method is a gRPC method
# of its own, called with JSON through server reflection.
out=$(client call shapes.v1.Shapes/Area '{"w":3,"h":4}' 2>&1) ||
  fail "typed call of the preloaded shapes: $out"
grep -qxF '{"area":12}' <<<"$out" || fail "shapes.v1.Shapes/Area printed \"$out\", expected {\"area\":12}"
client health shapes.v1.Shapes >/dev/null || fail "health shapes.v1.Shapes is not SERVING"
step "typed call OK (shapes.v1.Shapes/Area {w:3,h:4} = {\"area\":12})"

# Upload from the host's copy of the module (the one inside the image is the
# same build), then invoke it by its new name.
MODULE_DIR=$(mktemp -d)
podman run --rm "${RUN_OPTS[@]}" --no-healthcheck --entrypoint cat "$IMAGE" \
    /usr/local/share/wasmrt/examples/fib.wasm >"$MODULE_DIR/fib.wasm" || fail "extract fib.wasm"
chmod 0755 "$MODULE_DIR"; chmod 0644 "$MODULE_DIR/fib.wasm"
out=$(timeout 60 podman run --rm "${RUN_OPTS[@]}" --no-healthcheck --network=host -v "$MODULE_DIR:/in:ro" \
        --entrypoint wasmctl "$IMAGE" --server "127.0.0.1:$GRPC_PORT" \
        upload /in/fib.wasm --name fib-smoke 2>&1) || fail "upload: $out"
rm -rf "$MODULE_DIR"
grep -q 'sha256:' <<<"$out" || fail "upload printed \"$out\", expected an id"
out=$(client invoke fib-smoke fib 20 2>&1) || fail "invoke fib-smoke: $out"
grep -qw 6765 <<<"$out" || fail "fib(20) printed \"$out\", expected 6765"
step "upload + invoke OK (fib(20) = 6765)"

metrics=$(timeout 10 bash -c "exec 3<>/dev/tcp/127.0.0.1/$METRICS_PORT &&
  printf 'GET /metrics HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3 && cat <&3" 2>&1) ||
  fail "metrics endpoint"
grep -q '^HTTP/1.[01] 200' <<<"$metrics" || fail "metrics: $(head -n1 <<<"$metrics")"
grep -q '^wasmrt_' <<<"$metrics" || fail "metrics: no wasmrt_ series"

# A second replica on the same volume, without the preload: it must find the
# module the first one stored.
out=$(podman run -d --name "$SERVER_B" "${SERVER_OPTS[@]}" -p 127.0.0.1::50051 \
    -v "$VOLUME:/var/lib/wasmrt" "$IMAGE" --shutdown-grace-seconds 5 2>&1) ||
  fail "podman run $SERVER_B: $out"
wait_healthy "$SERVER_B" 60
GRPC_PORT=$(podman port "$SERVER_B" 50051/tcp | sed 's/.*://')
out=$(client invoke fib-smoke fib 12 2>&1) || fail "invoke on the second replica: $out"
grep -qw 144 <<<"$out" || fail "fib(12) on the second replica printed \"$out\", expected 144"
out=$(client call shapes.v1.Shapes/Area '{"w":2,"h":5}' 2>&1) ||
  fail "typed call on the second replica: $out"
grep -qxF '{"area":10}' <<<"$out" || fail "shapes.v1.Shapes/Area on the second replica printed \"$out\""
step "second replica on the shared volume serves fib-smoke and shapes.v1.Shapes/Area"

# ---- SIGTERM --------------------------------------------------------------------------
# A call is in flight when SIGTERM arrives: the server must finish it (drain),
# then exit 0. podman stop sends SIGTERM and waits up to --time seconds before
# SIGKILL; the image's default drain is --shutdown-grace-seconds 10.
GRPC_PORT=$(podman port "$SERVER_A" 50051/tcp | sed 's/.*://')
LONG_OUT=$(mktemp)
client invoke fib-smoke fib 43 --fuel 50000000000 --timeout 60s >"$LONG_OUT" 2>&1 &
long_pid=$!
busy=0
for _ in $(seq 1 100); do  # up to ~10 s for the call to reach a worker
  metrics=$(timeout 5 bash -c "exec 3<>/dev/tcp/127.0.0.1/$METRICS_PORT &&
       printf 'GET /metrics HTTP/1.0\r\n\r\n' >&3 && cat <&3" 2>/dev/null)
  if grep -q '^wasmrt_busy_workers [1-9]' <<<"$metrics"; then
    busy=1
    break
  fi
  kill -0 "$long_pid" 2>/dev/null || break
  sleep 0.1
done
[ "$busy" = 1 ] || { kill "$long_pid" 2>/dev/null; fail "the long call never showed as running: $(cat "$LONG_OUT")"; }
stop_start=$(date +%s.%N)
out=$(timeout 60 podman stop --time 30 "$SERVER_A" 2>&1) || fail "podman stop: $out"
STOP_SECONDS=$(awk -v a="$stop_start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
wait "$long_pid"
long_status=$?
long_out=$(cat "$LONG_OUT"); rm -f "$LONG_OUT"
[ $long_status -eq 0 ] && grep -qw 433494437 <<<"$long_out" ||
  fail "the call in flight at SIGTERM did not complete: \"$long_out\""
code=$(podman inspect --format '{{.State.ExitCode}}' "$SERVER_A")
[ "$code" = 0 ] || fail "exit code $code after SIGTERM (expected 0)"
logs=$(podman logs "$SERVER_A" 2>&1)
grep -q "received signal 15" <<<"$logs" || fail "no \"received signal 15\" log line"
grep -qE " INFO stopped$" <<<"$logs" || fail "no \"stopped\" log line"
out=$(timeout 60 podman kill --signal TERM "$SERVER_B" 2>&1) || fail "podman kill --signal TERM: $out"
out=$(timeout 30 podman wait "$SERVER_B" 2>&1) || fail "podman wait: $out"
code=$(podman inspect --format '{{.State.ExitCode}}' "$SERVER_B")
[ "$code" = 0 ] || fail "$SERVER_B: exit code $code after SIGTERM (expected 0)"
step "SIGTERM: the call in flight finished (fib(43)), both servers exited 0 (podman stop took ${STOP_SECONDS}s)"

cleanup
trap - EXIT
echo "smoke: total $(( $(date +%s) - T0 ))s${BUILD_SECONDS:+ (image build ${BUILD_SECONDS}s)}, image $((SIZE / 1000000)) MB"
echo "smoke test: PASS"
