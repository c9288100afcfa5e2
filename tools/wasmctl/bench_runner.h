// The load generator behind `wasmctl bench`: drives a CallIssuer in a closed
// loop (N calls in flight) or an open loop (calls started on a fixed
// schedule), and aggregates the finished calls into BenchStats.
//
// Latency is measured from a call's *scheduled* start: in the closed loop
// that is when it was started; in the open loop it is its slot in the
// schedule, so a call that had to start late (the client was held up, or
// --max-in-flight was reached) carries the delay in its latency instead of
// hiding it ("coordinated omission").
#ifndef WASMRT_TOOLS_WASMCTL_BENCH_RUNNER_H_
#define WASMRT_TOOLS_WASMCTL_BENCH_RUNNER_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "tools/wasmctl/bench_cli.h"
#include "tools/wasmctl/histogram.h"

namespace wasmrt::wasmctl {

using BenchClock = std::chrono::steady_clock;

/// What one finished call reported (the runner adds the timing). A call
/// answered with a trap counts as answered whatever its gRPC status: Invoke
/// reports traps in an OK response, a typed method as an error status
/// carrying the wasmrt.v1.Trap.
struct CallResult {
  int grpc_code = 0;          // grpc::StatusCode
  std::string grpc_message;   // for errors
  enum Outcome { kNone, kReturned, kOutput, kTrap, kExit } outcome = kNone;
  std::string trap_kind;      // "unreachable", ... (kTrap)
  int exit_code = 0;          // kExit
  bool has_stats = false;     // the response carried Stats
  uint64_t exec_time_us = 0;
  int64_t fuel_used = 0;
};

/// Starts calls. `done` may run on any thread, at most once per Start, and
/// possibly before Start returns.
class CallIssuer {
 public:
  virtual ~CallIssuer() = default;
  virtual void Start(uint64_t seq, std::function<void(const CallResult&)> done) = 0;
};

/// The aggregate of the measured calls (those scheduled after the warm-up).
struct BenchStats {
  uint64_t calls = 0;        // measured calls that finished
  uint64_t ok = 0;           // answered: gRPC status OK, or a trap
  uint64_t warmup_calls = 0; // finished during the warm-up, not counted
  std::map<std::string, uint64_t> errors;         // gRPC status name -> calls
  std::map<std::string, std::string> error_examples;  // status name -> a message
  uint64_t returned = 0;     // outcome: typed results
  uint64_t output = 0;       // outcome: payload output
  std::map<std::string, uint64_t> traps;          // trap kind -> calls
  std::map<int, uint64_t> exit_codes;             // WASI exit code -> calls
  Histogram latency_us;      // client-side, from the scheduled start
  Histogram exec_time_us;    // server-reported
  Histogram fuel;            // server-reported
  std::vector<uint64_t> per_second_ok;      // by completion second of the measured period
  std::vector<uint64_t> per_second_errors;
  double elapsed_s = 0;      // measured period: its start to the last completion
  uint64_t late_starts = 0;  // open loop: calls started >1 ms after their slot
  bool interrupted = false;  // stopped early by SIGINT
};

/// Live numbers for the progress line.
struct Progress {
  double elapsed_s = 0;  // since the start (warm-up included)
  bool warming_up = false;
  uint64_t calls = 0;
  uint64_t errors = 0;
  uint64_t in_flight = 0;
  double last_second_rate = 0;
  uint64_t p50_us = 0;
  uint64_t p99_us = 0;
};

/// Runs the load described by `opts` (concurrency or rps, duration or count,
/// warm-up, max in flight) against `issuer`. `progress`, when set, is called
/// about once a second from another thread. Returns when every started call
/// has finished.
BenchStats RunLoad(const BenchOptions& opts, CallIssuer& issuer,
                   const std::function<void(const Progress&)>& progress = nullptr);

/// Makes a running RunLoad stop starting calls (for SIGINT); safe in a
/// signal handler.
void RequestStop();

}  // namespace wasmrt::wasmctl

#endif  // WASMRT_TOOLS_WASMCTL_BENCH_RUNNER_H_
