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
  case "$xml" in */tests/spec/spec_test*/* | */tests/wasi/wasi_test*/*) continue ;; esac
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

# The suites, once per tier: each log ends with a line "NAME[TIER]: N passed,
# N failed" (or "NAME: ..."), or says the suite was not found.
suite_summary() {  # LOG NAME
  local log=$1 name=$2 summary p f
  [ -f "$log" ] || return 0
  summary=$(grep -E "^$name(\[[a-z]+\])?: [0-9]+ passed, [0-9]+ failed" "$log" | tail -1)
  if [ -z "$summary" ]; then
    grep -m1 -E 'SUITE NOT FOUND|SUITE SKIPPED' "$log" || true
    return 0
  fi
  echo "$summary"
  p=$(sed -n 's/^[^:]*: \([0-9]*\) passed.*/\1/p' <<<"$summary")
  f=$(sed -n 's/^[^:]*: [0-9]* passed, \([0-9]*\) failed.*/\1/p' <<<"$summary")
  passed=$((passed + p))
  failed=$((failed + f))
}
suite_summary bazel-testlogs/tests/spec/spec_test/test.log spec
suite_summary bazel-testlogs/tests/spec/spec_test_jit/test.log spec
suite_summary bazel-testlogs/tests/wasi/wasi_test/test.log wasi
suite_summary bazel-testlogs/tests/wasi/wasi_test_jit/test.log wasi
echo "$passed passed, $failed failed"
[ $status -eq 0 ] && [ $failed -eq 0 ]
