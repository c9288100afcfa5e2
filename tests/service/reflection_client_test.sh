#!/usr/bin/env bash
# A client that knows nothing of wasmrt (reflection_client.py: server
# reflection only, messages built from the descriptors it gets) against the
# real wasmrtd: shapes.wasm uploaded with wasmctl under a name is listed,
# described and called with JSON; a trap is an error status; after the
# delete the service is gone. The server is killed on any exit.
set -euo pipefail
here="${TEST_SRCDIR}/wasmrt"
wasmrtd="${here}/service/wasmrtd"
wasmctl="${here}/tools/wasmctl/wasmctl"
export PYTHONPATH="${here}/tests/service/reflection_py"
client=(/usr/bin/python3 "${here}/tests/service/reflection_client.py")
tmp="${TEST_TMPDIR}/reflection_client"
mkdir -p "$tmp"

"$wasmrtd" --listen 127.0.0.1:0 --metrics-listen "" --data-dir "$tmp/data" \
  >"$tmp/out" 2>"$tmp/log" &
pid=$!
trap 'kill -9 $pid 2>/dev/null || true' EXIT
fail() {
  echo "FAIL: $*" >&2
  echo "--- wasmrtd log ---" >&2
  cat "$tmp/log" >&2
  exit 1
}
for _ in $(seq 200); do  # at most 20 s
  grep -q "^listening on " "$tmp/out" && break
  kill -0 $pid 2>/dev/null || fail "wasmrtd exited"
  sleep 0.1
done
addr=$(sed -n 's/^listening on //p' "$tmp/out")
[ -n "$addr" ] || fail "wasmrtd did not start"

"$wasmctl" --server "$addr" upload --name shapes "${here}/examples/shapes.wasm" >/dev/null \
  || fail "upload"

services=$("${client[@]}" "$addr" list) || fail "list"
echo "$services" | grep -qx "shapes.v1.Shapes" || fail "list lacks shapes.v1.Shapes: $services"
echo "$services" | grep -qx "wasmrt.v1.ModuleService" || fail "list lacks the built-ins"

described=$("${client[@]}" "$addr" describe shapes.v1.Shapes) || fail "describe"
want='  rpc Area(shapes.v1.AreaRequest) returns (shapes.v1.AreaResponse);'
echo "$described" | grep -qxF "$want" || fail "describe: $described"

answer=$("${client[@]}" "$addr" call shapes.v1.Shapes/Area '{"w":3,"h":4}') || fail "call"
[ "$answer" = '{"area": 12.0}' ] || fail "call answered $answer"
answer=$("${client[@]}" "$addr" call shapes.v1.Shapes/Area '{"w":2.5}') || fail "call"
[ "$answer" = '{}' ] || fail "2.5 x 0 answered $answer"  # proto3: 0 is not written

# A negative side traps: an INTERNAL status naming the method.
if "${client[@]}" "$addr" call shapes.v1.Shapes/Area '{"w":-1,"h":4}' 2>"$tmp/err"; then
  fail "a trap answered"
fi
grep -q "^ERROR INTERNAL: .*shapes.v1.Shapes/Area trapped" "$tmp/err" || fail "trap: $(cat "$tmp/err")"
# A field the request type lacks is refused by the client's JSON parser.
if "${client[@]}" "$addr" call shapes.v1.Shapes/Area '{"depth":1}' 2>"$tmp/err"; then
  fail "an unknown field was accepted"
fi
grep -q "depth" "$tmp/err" || fail "unknown field: $(cat "$tmp/err")"

"$wasmctl" --server "$addr" delete shapes >/dev/null || fail "delete"
services=$("${client[@]}" "$addr" list) || fail "list"
if echo "$services" | grep -qx "shapes.v1.Shapes"; then fail "still listed after delete"; fi
if "${client[@]}" "$addr" describe shapes.v1.Shapes 2>"$tmp/err"; then fail "described after delete"; fi
grep -q "not known" "$tmp/err" || fail "describe after delete: $(cat "$tmp/err")"
echo PASS
