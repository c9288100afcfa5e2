// Command-line parsing for wasmrun: flags, and function arguments typed by
// the function's signature.
#ifndef WASMRT_TOOLS_WASMRUN_CLI_ARGS_H_
#define WASMRT_TOOLS_WASMRUN_CLI_ARGS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "runtime/base/value.h"

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
  std::vector<DirMapping> dirs;           // --dir / --dir-ro HOST[::GUEST] (WASI)
  std::vector<std::string> envs;          // --env K=V (WASI), checked to have '='

  int64_t fuel = -1;                      // --fuel N
  uint64_t max_memory = 0;                // --max-memory BYTES (0: no cap)
  uint32_t max_stack = 0;                 // --max-stack N call frames (0: default)
  bool help = false;
};

// Parses argv[1..]. InvalidArgument with one clear line on a bad flag.
absl::StatusOr<Options> ParseOptions(const std::vector<std::string>& argv);

// Parses "HOST[::GUEST]"; GUEST defaults to HOST.
absl::StatusOr<DirMapping> ParseDir(const std::string& text, bool read_only);

// Parses one argument as a value of `type` ("-1", "0x10", "1.5", "nan", "inf").
absl::StatusOr<Value> ParseValue(const std::string& text, ValType type);

// Formats a result the way it is printed: i32/i64 signed decimal, floats
// shortest round-trip, references as "null" or "ref".
std::string FormatValue(const Value& v);

extern const char kUsage[];

}  // namespace wasmrt::cli

#endif  // WASMRT_TOOLS_WASMRUN_CLI_ARGS_H_
