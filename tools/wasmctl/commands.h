// wasmctl's commands: each sends its RPCs and prints the answer.
#ifndef WASMRT_TOOLS_WASMCTL_COMMANDS_H_
#define WASMRT_TOOLS_WASMCTL_COMMANDS_H_

#include <iostream>

#include "tools/wasmctl/cli.h"

namespace wasmrt::wasmctl {

/// Runs `cl.command` against `cl.server`; prints results on `out`, errors
/// (one line each) and diagnostics on `err`. Returns the exit status.
int RunCommand(const CommandLine& cl, std::ostream& out = std::cout,
               std::ostream& err = std::cerr);

/// "NOT_FOUND", "RESOURCE_EXHAUSTED", ... for a gRPC status code number.
const char* StatusCodeName(int code);

}  // namespace wasmrt::wasmctl

#endif  // WASMRT_TOOLS_WASMCTL_COMMANDS_H_
