// `wasmctl bench`: its options and their parsing.
#ifndef WASMRT_TOOLS_WASMCTL_BENCH_CLI_H_
#define WASMRT_TOOLS_WASMCTL_BENCH_CLI_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace CLI {
class App;
}

namespace wasmrt::wasmctl {

struct BenchOptions {
  // What to call: Invoke of module/function, a typed method (--method), or
  // the Echo RPC.
  bool echo = false;
  uint64_t echo_bytes = 0;  // size of the Echo request's data
  std::string module;
  std::string function;
  std::vector<std::string> args;           // typed or bare values
  std::vector<std::string> payload_files;  // round-robin over these
  std::optional<std::string> payload_text;
  std::string type_url;
  std::string method;  // --method pkg.Service/Method
  // The typed method's request: JSON (the word after the options, or
  // --request-file; default {}), or the payloads as the message's bytes.
  std::optional<std::string> request_json;
  std::optional<std::string> request_file;
  int64_t fuel = 0;
  uint64_t memory_bytes = 0;
  uint32_t timeout_ms = 0;

  // How hard: closed loop with `concurrency` calls in flight, or open loop
  // at `rps` calls per second (when > 0).
  int concurrency = 10;
  double rps = 0;
  int max_in_flight = 10000;  // open loop: calls beyond this wait (and count late)
  int connections = 1;
  uint32_t duration_ms = 10'000;  // measured period, unless `count` is set
  uint64_t count = 0;             // -n: measured calls
  uint32_t warmup_ms = 0;

  // Where results go.
  std::string html_file;
  bool quiet = false;

  // `bench compare A.json B.json`.
  bool compare = false;
  std::vector<std::string> compare_files;
};

/// Adds bench's options to its subcommand; they fill `out` as parsed.
void AddBenchOptions(CLI::App& bench, BenchOptions& out);

/// Takes bench's positional words in order (`ID FUNC ARGS...`, the JSON
/// request with --method, or `compare A B`) and checks that the options fit
/// together.
absl::Status FinishBenchOptions(const std::vector<std::string>& words, BenchOptions& b);

/// The payloads --payload and --payload-file give, in that order (none when
/// neither is given); an error naming a file that cannot be read.
absl::StatusOr<std::vector<std::string>> ReadPayloads(const BenchOptions& b);

/// `wasmctl bench --help`.
extern const char kBenchUsage[];

}  // namespace wasmrt::wasmctl

#endif  // WASMRT_TOOLS_WASMCTL_BENCH_CLI_H_
