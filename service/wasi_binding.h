// The WASI side of a pooled instance: the wasi_snapshot_preview1 functions
// exist once per process (ServiceLinker); each instance's binding holds its
// WASI state, applies per-call options (args, env, stdin) and hands back the
// captured stdout/stderr.
#ifndef WASMRT_SERVICE_WASI_BINDING_H_
#define WASMRT_SERVICE_WASI_BINDING_H_

#include <chrono>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "proto/wasmrt.pb.h"
#include "runtime/engine/engine.h"
#include "service/guest_status.h"

namespace wasmrt::service {

// The linker of every service instance: wasi_snapshot_preview1 and the
// "wasmrt" host module (guest_status.h) as linker-owned functions, created
// on first use. A function finds the
// context of the current call through the calling store's host data, which
// a WasiBinding sets: no state is captured at creation.
const Linker& ServiceLinker();

class WasiBinding {
 public:
  // Makes `store`'s host data this binding's, so that ServiceLinker's
  // functions called from `store` use this binding's current context.
  // `store` must outlive calls through it; the binding must outlive calls.
  WasiBinding(Store& store, uint64_t max_stdio_bytes);
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
  // Back to the empty state (no args, env, stdin, captured output or
  // guest status).
  void Reset();
  // What the guest set with wasmrt.set_status during the current call
  // (cleared by Configure and Reset).
  GuestStatus& guest_status();

  struct State;  // internal (wasi_binding.cc), the store's host data

 private:
  std::unique_ptr<State> state_;
};

// Accepts a module whose imports the service can provide (the functions of
// wasi_snapshot_preview1 and wasmrt.set_status); otherwise InvalidArgument
// naming the first other.
absl::Status CheckServiceImports(const CompiledModule& module);

}  // namespace wasmrt::service

#endif  // WASMRT_SERVICE_WASI_BINDING_H_
