#!/usr/bin/env bash
# README "Typed functions" cannot rot: the walkthrough between its
# typed-walkthrough markers runs against a real wasmrtd, from a directory
# laid out as the repository (the runfiles), and every "#=>" line must be
# printed (readme_walkthrough.py). The checker itself is tested first.
set -euo pipefail
here="${TEST_SRCDIR}/wasmrt"
export PYTHONPATH="${here}/tests/service/reflection_py"
/usr/bin/python3 "${here}/tests/service/readme_walkthrough.py" --self-test
exec /usr/bin/python3 "${here}/tests/service/readme_walkthrough.py" \
  --readme "${here}/README.md" --name typed-walkthrough \
  --wasmrtd "${here}/service/wasmrtd" --wasmctl "${here}/tools/wasmctl/wasmctl" \
  --dir "$here"
