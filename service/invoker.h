// Runs one InvokeRequest on a leased instance: typed arguments, or the
// payload ABI (input copied in through the guest's malloc, output range
// validated and copied out), under the call's fuel, memory and time limits.
#ifndef WASMRT_SERVICE_INVOKER_H_
#define WASMRT_SERVICE_INVOKER_H_

#include <atomic>
#include <chrono>

#include "absl/status/statusor.h"
#include "proto/wasmrt.pb.h"
#include "service/config.h"
#include "service/instance_pool.h"

namespace wasmrt::service {

// The limits a call runs under, after defaults and caps were applied.
struct CallLimits {
  int64_t fuel = 0;
  uint64_t max_memory_bytes = 0;
  std::chrono::milliseconds timeout{0};  // of the execution, from its start
  // An absolute bound besides the timeout (the gRPC deadline); max() if none.
  std::chrono::steady_clock::time_point deadline;
  // Set when the RPC is cancelled: the guest stops with a TIMEOUT trap.
  const std::atomic<bool>* interrupt = nullptr;
};

// Applies defaults (0 = server default); rejects negative values (also a
// negative number written into the unsigned fields: top bit set) with
// INVALID_ARGUMENT and values above the caps with RESOURCE_EXHAUSTED.
absl::StatusOr<CallLimits> ResolveLimits(const v1::Limits& requested, const ServiceConfig& config);

// Executes the request. A guest trap is a normal response (also one inside
// the guest's malloc or free during a payload call); errors are for the
// request (NOT_FOUND export, INVALID_ARGUMENT args/payload). Sets
// `*reusable` to false when the instance must not be pooled again.
absl::StatusOr<v1::InvokeResponse> Execute(PooledInstance& inst, const v1::InvokeRequest& request,
                                           const CallLimits& limits, const ServiceConfig& config,
                                           bool* reusable);

v1::Trap::Kind TrapKind(TrapCode code);

}  // namespace wasmrt::service

#endif  // WASMRT_SERVICE_INVOKER_H_
