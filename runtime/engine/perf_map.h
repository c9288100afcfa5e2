// Linux perf's map of JIT code (/tmp/perf-PID.map, one "START SIZE NAME"
// line per compiled function), so `perf report` names the functions of
// compiled wasm instead of showing bare addresses. The format is perf's
// (tools/perf/Documentation/jit-interface.txt); wasmtime offers the same
// as `--profile=perfmap`.
#ifndef WASMRT_RUNTIME_ENGINE_PERF_MAP_H_
#define WASMRT_RUNTIME_ENGINE_PERF_MAP_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "runtime/engine/engine.h"

namespace wasmrt {

// "/tmp/perf-<pid>.map" for this process.
std::string PerfMapPath();

// Appends a line for every compiled function of `module` to the file at
// `path` (created if missing). Names are "wasm[LABEL]::NAME" with the name
// section's name, else "wasm[LABEL]::func[INDEX]". A module without
// machine code appends nothing.
absl::Status AppendPerfMap(const CompiledModule& module, std::string_view label,
                           const std::string& path);

}  // namespace wasmrt

#endif  // WASMRT_RUNTIME_ENGINE_PERF_MAP_H_
