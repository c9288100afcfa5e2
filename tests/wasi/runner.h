// The WASI test suite runner (../shared/testdata/wasi-testsuite, described in
// its SOURCE.md): discovers the tests of a suite directory, reads each
// test's .json expectations, and runs it in-process on a WasiContext.
#ifndef WASMRT_TESTS_WASI_RUNNER_H_
#define WASMRT_TESTS_WASI_RUNNER_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "runtime/engine/engine.h"

namespace wasmrt::wasi_suite {

struct TestCase {
  std::string suite;   // "c", "rust", "assemblyscript"
  std::string name;    // the .wasm stem
  std::string wasm;    // path of the module
  std::vector<std::string> args;
  std::vector<std::pair<std::string, std::string>> env;
  std::optional<std::string> root;  // relative to the suite directory
  int exit_code = 0;
  std::optional<std::string> stdout_prefix;
  std::optional<std::string> stderr_prefix;
};

struct Suite {
  std::string name;
  std::string dir;
  std::string version;  // manifest "version" ("wasm32-wasip1")
  std::vector<TestCase> tests;
  std::string error;    // a .json that could not be read
};

/// Every `tests/*/testsuite/*` directory under `suite_root`, sorted.
std::vector<Suite> DiscoverSuites(const std::string& suite_root);

struct Outcome {
  bool passed = false;
  std::string detail;  // why it failed
  bool machine_code = false;  // the module got compiled code (Tier::kJit)
};

/// Runs one test with its fixture root at `host_root` (a writable copy), or
/// no preopen when the test has no root. `timeout_s` bounds the call; the
/// module is compiled for `tier`.
Outcome RunTest(const TestCase& test, const std::optional<std::string>& host_root,
                int timeout_s, Tier tier = Tier::kInterp);

/// Removes every file or directory named *.cleanup under `root` (symlinks
/// are neither followed nor removed).
void RemoveCleanupFiles(const std::string& root);

}  // namespace wasmrt::wasi_suite

#endif  // WASMRT_TESTS_WASI_RUNNER_H_
