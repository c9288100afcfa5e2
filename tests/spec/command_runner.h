// Executes the commands of one converted spec script (wast2json's JSON) with
// the public engine API, reporting each outcome to an OutcomeSink.
#ifndef WASMRT_TESTS_SPEC_COMMAND_RUNNER_H_
#define WASMRT_TESTS_SPEC_COMMAND_RUNNER_H_

#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "runtime/engine/engine.h"
#include "tests/spec/outcome.h"

namespace wasmrt::spec {

struct RunOptions {
  std::string module_dir;            // where wast2json wrote NAME.N.wasm / NAME.N.wat
  std::string wat2wasm = "wat2wasm"; // for text-format assert_malformed/assert_invalid
  CompileOptions compile;            // the tier the modules run in
};

// Where a rerun after a crash starts: commands up to `replay_through_line`
// run again with their outcomes dropped (they were reported by the crashed
// run), and commands on `skip_lines` (the ones that crashed) are not run.
struct ResumePoint {
  int replay_through_line = 0;
  std::set<int> skip_lines;
};

/// Runs every command of `script` in order, in a fresh Store and Linker that
/// hold the spectest module. Never throws; a malformed command is a failure.
void RunScript(const nlohmann::json& script, const RunOptions& options,
               const ResumePoint& resume, OutcomeSink& sink);

/// "assert_return invoke \"f\"" for the command at `line` of `script`, or
/// "command" when there is none.
std::string DescribeCommandAt(const nlohmann::json& script, int line);

/// Number of checks of `script` after `after_line`: assert_*, module and
/// action commands (what wabt's spectest-interp counts; register is not one).
int CountChecks(const nlohmann::json& script, int after_line = 0);

}  // namespace wasmrt::spec

#endif  // WASMRT_TESTS_SPEC_COMMAND_RUNNER_H_
