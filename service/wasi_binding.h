// The WASI side of a pooled instance: registers wasi_snapshot_preview1 into
// the instance's linker, applies per-call options (args, env, stdin) and
// hands back the captured stdout/stderr.
#ifndef WASMRT_SERVICE_WASI_BINDING_H_
#define WASMRT_SERVICE_WASI_BINDING_H_

#include <chrono>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "proto/wasmrt.pb.h"
#include "runtime/engine/engine.h"

namespace wasmrt::service {

class WasiBinding {
 public:
  WasiBinding(Store& store, Linker& linker, uint64_t max_stdio_bytes);
  ~WasiBinding();

  // Sets argv = [program, options.args...], the environment and stdin;
  // poll_oneoff never sleeps past `deadline`. InvalidArgument for options
  // WASI cannot represent (an empty variable name, or one with '=').
  absl::Status Configure(const std::string& program, const v1::WasiOptions& options,
                         std::chrono::steady_clock::time_point deadline);
  // The deadline of the context used outside calls (by a start function).
  void SetIdleDeadline(std::chrono::steady_clock::time_point deadline);
  // Moves the captured output into `response`.
  void Collect(v1::InvokeResponse& response);
  // Back to the empty state (no args, env, stdin or captured output).
  void Reset();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Accepts a module whose imports the service can provide (the functions of
// wasi_snapshot_preview1); otherwise InvalidArgument naming the first other.
absl::Status CheckServiceImports(const Module& module);

}  // namespace wasmrt::service

#endif  // WASMRT_SERVICE_WASI_BINDING_H_
