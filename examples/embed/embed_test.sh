#!/bin/sh
# Runs the walk-through and compares its output with the expected lines.
set -eu
bin="$1"
wasm="$2"
expected="$3"
actual="${TEST_TMPDIR:-/tmp}/embed_output.txt"
"$bin" "$wasm" > "$actual"
if ! diff -u "$expected" "$actual"; then
  echo "embed: output differs from $expected"
  exit 1
fi
echo "embed: output as expected"
