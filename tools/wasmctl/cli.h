// wasmctl's command line: global options, the subcommand and its options.
#ifndef WASMRT_TOOLS_WASMCTL_CLI_H_
#define WASMRT_TOOLS_WASMCTL_CLI_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tools/wasmctl/bench_cli.h"

namespace wasmrt::wasmctl {

// Exit statuses (documented in --help).
inline constexpr int kExitOk = 0;
inline constexpr int kExitGuestFailed = 1;  // trap, non-zero WASI exit, application
                                            // error, not SERVING
inline constexpr int kExitUsage = 2;
inline constexpr int kExitRpcFailed = 3;  // the server answered an error status

struct InvokeOptions {
  std::string module;
  std::string function;
  std::vector<std::string> args;  // typed or bare values, in order
  std::optional<std::string> payload_file;  // "-" for stdin
  std::optional<std::string> payload_text;
  std::string type_url;
  std::optional<std::string> stdin_file;
  std::map<std::string, std::string> env;
  std::vector<std::string> wasi_args;
  int64_t fuel = 0;
  uint64_t memory_bytes = 0;
  uint32_t timeout_ms = 0;
  std::optional<std::string> output_file;  // payload output destination
};

// wasmctl call METHOD [JSON]: a typed method with a JSON request.
struct CallOptions {
  std::string method;  // "pkg.Service/Method"
  std::optional<std::string> json;  // none: {} (or --request-file)
  std::optional<std::string> json_file;  // --request-file; "-" for stdin
  int64_t fuel = 0;  // limits sent as request metadata (0: the default)
  uint64_t memory_bytes = 0;
  uint32_t timeout_ms = 0;
};

struct CommandLine {
  // Global options.
  std::string server = "127.0.0.1:50051";
  std::string token;
  std::string ca_cert_file;  // TLS when set
  bool json = false;
  uint32_t rpc_timeout_ms = 0;  // 0: the command's default

  // "upload", "list", "get", "delete", "invoke", "call", "health",
  // "bench", "embed-proto"; "" with help.
  std::string command;
  bool help = false;  // --help: for `command` when set, else the tool

  std::string file;  // upload
  std::string name;  // upload --name
  std::string proto_descriptor_set;  // upload --proto-descriptor-set
  // embed-proto IN DESCRIPTOR_SET OUT
  std::string embed_in, embed_descriptor_set, embed_out;
  std::string id;    // get, delete
  std::string service;  // health [SERVICE]
  InvokeOptions invoke;
  CallOptions call;
  BenchOptions bench;
};

/// Parses argv[1..] (GNU style: `--opt V` or `--opt=V`). Global options may
/// appear anywhere; `--` ends options; words starting with a single dash
/// ("-5", "-inf") are arguments unless they are one of the command's short
/// options.
/// `env_server`/`env_token` are the defaults from WASMCTL_SERVER/WASMCTL_TOKEN.
absl::StatusOr<CommandLine> ParseCommandLine(const std::vector<std::string>& args,
                                             const std::string& env_server = "",
                                             const std::string& env_token = "");

/// "500ms", "2s", "1.5s", "1m", "250" (ms) -> milliseconds.
absl::StatusOr<uint32_t> ParseDurationMs(const std::string& text);

/// "65536", "64Ki", "16Mi", "1Gi" (also K/M/G, KiB/MiB/GiB) -> bytes.
absl::StatusOr<uint64_t> ParseBytes(const std::string& text);

/// --fuel N, --memory BYTES and --timeout D, the per-call limits of
/// invoke, call and bench, parsed into `fuel`, `memory_bytes` and
/// `timeout_ms`.
void AddLimitOptions(CLI::App& app, int64_t* fuel, uint64_t* memory_bytes,
                     uint32_t* timeout_ms);

/// The usage text of the tool ("" command) or of one command.
const char* Usage(const std::string& command);

}  // namespace wasmrt::wasmctl

#endif  // WASMRT_TOOLS_WASMCTL_CLI_H_
