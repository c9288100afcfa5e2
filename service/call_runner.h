// The part of a call that runs guest code, shared by InvocationService.Invoke
// and the typed methods (typed_service.h): bounding the limits by the gRPC
// deadline on admission, and on a worker leasing an instance, running the
// request (invoker.h) and returning the instance.
#ifndef WASMRT_SERVICE_CALL_RUNNER_H_
#define WASMRT_SERVICE_CALL_RUNNER_H_

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "service/grpc_services.h"
#include "service/invoker.h"

namespace wasmrt::service {

// Lowers `limits->deadline` to the RPC's deadline (when it has one), counted
// from `received`. DEADLINE_EXCEEDED when it already passed.
grpc::Status BoundByGrpcDeadline(const grpc::ServerContextBase& context,
                                 std::chrono::steady_clock::time_point received,
                                 CallLimits* limits);

// The outcome a call that ended with an error status is counted as.
Metrics::Outcome FailureOutcome(grpc::StatusCode code);

// Runs `task` in an executor slot: on this thread when one is idle,
// otherwise queued for a worker. False (and `task` not run) when the queue
// is full: the call is then refused with QueueFull().
bool RunOrQueue(Executor& executor, const std::function<void()>& task);
grpc::Status QueueFull();

struct RunResult {
  absl::StatusOr<v1::InvokeResponse> response;
  double seconds = 0;  // execution time
  bool warm = false;   // the instance came from the pool
};

// On a worker: runs `request` in an instance of `module` under `limits`
// (`cancelled` interrupts the guest). An error when the deadline passed or
// the call was cancelled while queued, or no instance could be had.
RunResult RunOnWorker(ServiceContext& ctx, const std::shared_ptr<const StoredModule>& module,
                      const v1::InvokeRequest& request, CallLimits limits,
                      const std::atomic<bool>* cancelled);

}  // namespace wasmrt::service

#endif  // WASMRT_SERVICE_CALL_RUNNER_H_
