#!/usr/bin/env bash
# Runs every test: installs what is missing, builds, runs the unit tests and
# the official spec suite (../shared/testdata or $WASMRT_TESTDATA), and ends
# with one line "N passed, N failed" that counts unit test cases and spec
# assertions together.
set -uo pipefail
cd "$(dirname "$0")/.."
tools/deps.sh || exit 1

if [ -n "${WASMRT_TESTDATA:-}" ]; then
  TESTDATA_ENV=(--test_env=WASMRT_TESTDATA="$WASMRT_TESTDATA")
else
  TESTDATA_ENV=()
fi
bazel test //... "${TESTDATA_ENV[@]}" --test_output=errors
status=$?
# 0: all passed; 3: some tests failed (still counted below); others: build broke.
if [ $status -ne 0 ] && [ $status -ne 3 ]; then
  echo "build failed (bazel exit $status)"
  echo "0 passed, 1 failed"
  exit 1
fi

passed=0
failed=0
# Unit tests: the GoogleTest XML of every test target, except the spec and
# WASI runners whose assertions/tests are counted from their summary lines.
while IFS= read -r xml; do
  case "$xml" in */tests/spec/spec_test/* | */tests/wasi/wasi_test/*) continue ;; esac
  line=$(grep -m1 -o '<testsuites[^>]*>' "$xml" || true)
  t=$(sed -n 's/.* tests="\([0-9]*\)".*/\1/p' <<<"$line")
  f=$(sed -n 's/.* failures="\([0-9]*\)".*/\1/p' <<<"$line")
  e=$(sed -n 's/.* errors="\([0-9]*\)".*/\1/p' <<<"$line")
  if [ -z "$t" ]; then  # not a GoogleTest report: one test target
    line=$(grep -m1 -o '<testsuite [^>]*>' "$xml" || true)
    t=$(sed -n 's/.* tests="\([0-9]*\)".*/\1/p' <<<"$line")
    f=$(sed -n 's/.* failures="\([0-9]*\)".*/\1/p' <<<"$line")
    e=$(sed -n 's/.* errors="\([0-9]*\)".*/\1/p' <<<"$line")
  fi
  t=${t:-0}; f=${f:-0}; e=${e:-0}
  passed=$((passed + t - f - e))
  failed=$((failed + f + e))
done < <(find -L bazel-testlogs/ -name test.xml 2>/dev/null | sort)

spec_log=bazel-testlogs/tests/spec/spec_test/test.log
if [ -f "$spec_log" ]; then
  summary=$(grep -E '^spec: [0-9]+ passed' "$spec_log" | tail -1)
  if [ -n "$summary" ]; then
    echo "$summary"
    sp=$(sed -n 's/^spec: \([0-9]*\) passed.*/\1/p' <<<"$summary")
    sf=$(sed -n 's/^spec: [0-9]* passed, \([0-9]*\) failed.*/\1/p' <<<"$summary")
    passed=$((passed + sp))
    failed=$((failed + sf))
  else
    grep -m1 'SPEC SUITE NOT FOUND' "$spec_log" || true
  fi
fi
wasi_log=bazel-testlogs/tests/wasi/wasi_test/test.log
if [ -f "$wasi_log" ]; then
  summary=$(grep -E '^wasi: [0-9]+ passed' "$wasi_log" | tail -1)
  if [ -n "$summary" ]; then
    echo "$summary"
    wp=$(sed -n 's/^wasi: \([0-9]*\) passed.*/\1/p' <<<"$summary")
    wf=$(sed -n 's/^wasi: [0-9]* passed, \([0-9]*\) failed.*/\1/p' <<<"$summary")
    passed=$((passed + wp))
    failed=$((failed + wf))
  else
    grep -m1 'WASI SUITE NOT FOUND' "$wasi_log" || true
  fi
fi
echo "$passed passed, $failed failed"
[ $status -eq 0 ] && [ $failed -eq 0 ]
