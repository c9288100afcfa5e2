// `wasmctl bench` and `wasmctl bench compare`: run a load test and report it.
#ifndef WASMRT_TOOLS_WASMCTL_BENCH_COMMAND_H_
#define WASMRT_TOOLS_WASMCTL_BENCH_COMMAND_H_

#include <ostream>

#include "tools/wasmctl/cli.h"

namespace wasmrt::wasmctl {

/// Runs `cl.bench` against `cl.server`: the report on `out` (text, or
/// JSON with --json), the progress line and errors on `err`, the HTML page
/// to --html. Returns the exit status.
int RunBench(const CommandLine& cl, std::ostream& out, std::ostream& err);

}  // namespace wasmrt::wasmctl

#endif  // WASMRT_TOOLS_WASMCTL_BENCH_COMMAND_H_
