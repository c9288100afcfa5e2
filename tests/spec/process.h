// Runs the wabt command-line tools (wast2json, wat2wasm) as child processes.
#ifndef WASMRT_TESTS_SPEC_PROCESS_H_
#define WASMRT_TESTS_SPEC_PROCESS_H_

#include <string>
#include <string_view>
#include <vector>

namespace wasmrt::spec {

struct ProcessResult {
  bool started = false;     // false when fork/exec failed (tool missing)
  int exit_code = -1;       // when it exited normally
  int signal = 0;           // when a signal ended it
  std::string stderr_text;  // its first 64 KiB of stderr
  bool ok() const { return started && signal == 0 && exit_code == 0; }
};

/// Runs argv[0] (searched in PATH) with `argv`, in `cwd` when not empty, with
/// stdin and stdout on /dev/null, and waits for it.
ProcessResult RunProcess(const std::vector<std::string>& argv, const std::string& cwd = "");

/// The first non-empty line of `text`, or "" when there is none.
std::string FirstLine(std::string_view text);

/// "exit status 1", "killed by signal 6 (Aborted)", "could not start".
std::string DescribeExit(const ProcessResult& r);

}  // namespace wasmrt::spec

#endif  // WASMRT_TESTS_SPEC_PROCESS_H_
