// Command-line parsing for wasmrun (CLI11): `wasmrun [OPTIONS] MODULE [ARGS...]`,
// where everything after MODULE goes to the guest untouched.
#ifndef WASMRT_TOOLS_WASMRUN_CLI_ARGS_H_
#define WASMRT_TOOLS_WASMRUN_CLI_ARGS_H_

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "runtime/engine/engine.h"

namespace wasmrt::cli {

// A --dir / --dir-ro mapping: the host directory and the name the guest sees.
struct DirMapping {
  std::string host;
  std::string guest;
  bool read_only = false;
};

struct Options {
  std::string module_path;
  std::optional<std::string> invoke;      // --invoke FUNC
  std::vector<std::string> args;          // after the module path
  std::vector<DirMapping> dirs;           // --dir / --dir-ro HOST[::GUEST] (WASI), in order
  std::vector<std::string> envs;          // --env K=V (WASI), checked to have '='

  int64_t fuel = -1;                      // --fuel N
  std::optional<std::chrono::nanoseconds> timeout;  // --timeout D (wall clock)
  uint64_t max_memory = 0;                // --max-memory BYTES (0: no cap)
  uint32_t max_stack = 0;                 // --max-stack N call frames (0: default)
  bool typed_results = false;             // --typed-results
  bool perf_map = false;                  // --profile=perfmap
  Tier tier = Tier::kAuto;              // --tier auto|interp|jit
  bool help = false;
};

// Parses argv[1..]. `--flag value` and `--flag=value` both work; the first
// argument that is not an option (or the one after "--") is the module.
// InvalidArgument with one clear line on a bad flag.
absl::StatusOr<Options> ParseOptions(const std::vector<std::string>& argv);

// Parses "HOST[::GUEST]"; GUEST defaults to HOST.
absl::StatusOr<DirMapping> ParseDir(const std::string& text, bool read_only);

// Parses a positive duration with a unit: "500ms", "3s", "1m", "1.5s", "1h".
absl::StatusOr<std::chrono::nanoseconds> ParseTimeout(const std::string& text);

extern const char kUsage[];

}  // namespace wasmrt::cli

#endif  // WASMRT_TOOLS_WASMRUN_CLI_ARGS_H_
