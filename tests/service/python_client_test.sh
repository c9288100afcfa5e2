#!/usr/bin/env bash
# Runs the independent Python client under Debian's Python (the one with
# python3-grpcio and python3-protobuf; `python3` on PATH may be another).
set -euo pipefail
here="${TEST_SRCDIR}/wasmrt"
export PYTHONPATH="${here}/tests/service/py"
exec /usr/bin/python3 "${here}/tests/service/python_client_test.py" \
  --wasmrtd "${here}/service/wasmrtd" \
  --greet "${here}/examples/greet.wasm" \
  --shapes "${here}/examples/shapes.wasm"
