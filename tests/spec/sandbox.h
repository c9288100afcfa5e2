// Runs a piece of the suite in a forked child so that a crash or a hang of
// the engine costs one command, not the whole run. Outcomes stream to the
// parent over a pipe, one line each.
#ifndef WASMRT_TESTS_SPEC_SANDBOX_H_
#define WASMRT_TESTS_SPEC_SANDBOX_H_

#include <functional>
#include <string>

#include "tests/spec/outcome.h"

namespace wasmrt::spec {

struct ChildExit {
  bool clean = false;  // the body returned and the child exited normally
  int signal = 0;      // the signal that ended it (SIGALRM: a command timed out)
  int last_line = 0;   // the line of the last command that began
  std::string Describe(int command_timeout_s) const;
};

/// Forks; the child runs `body` with a sink whose calls reach `parent_sink`.
/// Each Begin() restarts an alarm of `command_timeout_s` seconds (0: none),
/// so one command that runs longer kills the child with SIGALRM.
ChildExit RunInChild(const std::function<void(OutcomeSink&)>& body, OutcomeSink& parent_sink,
                     int command_timeout_s);

}  // namespace wasmrt::spec

#endif  // WASMRT_TESTS_SPEC_SANDBOX_H_
