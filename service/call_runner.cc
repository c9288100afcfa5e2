#include "service/call_runner.h"

namespace wasmrt::service {

using Clock = std::chrono::steady_clock;

Metrics::Outcome FailureOutcome(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::UNAUTHENTICATED:
    case grpc::StatusCode::PERMISSION_DENIED: return Metrics::kDenied;
    case grpc::StatusCode::DEADLINE_EXCEEDED:
    case grpc::StatusCode::CANCELLED: return Metrics::kExpired;
    case grpc::StatusCode::UNAVAILABLE: return Metrics::kRejected;  // shutting down
    default: return Metrics::kError;
  }
}

grpc::Status BoundByGrpcDeadline(const grpc::ServerContextBase& context, Clock::time_point received,
                                 CallLimits* limits) {
  auto grpc_deadline = context.deadline();
  auto now_sys = std::chrono::system_clock::now();
  if (grpc_deadline >= now_sys + std::chrono::hours(24 * 365)) return grpc::Status::OK;  // none
  auto remaining = grpc_deadline - now_sys;
  if (remaining <= std::chrono::nanoseconds(0)) {
    return grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED,
                        "the deadline passed before the call started");
  }
  auto d = received + std::chrono::duration_cast<Clock::duration>(remaining);
  if (d < limits->deadline) limits->deadline = d;
  return grpc::Status::OK;
}

bool RunOrQueue(Executor& executor, const std::function<void()>& task) {
  return executor.TryRunHere(task) || executor.TrySubmit(task);
}

grpc::Status QueueFull() {
  return grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                      "the server is at capacity: execution queue full");
}

RunResult RunOnWorker(ServiceContext& ctx, const std::shared_ptr<const StoredModule>& module,
                      const v1::InvokeRequest& request, CallLimits limits,
                      const std::atomic<bool>* cancelled) {
  RunResult out;
  auto started = Clock::now();
  if (started >= limits.deadline) {
    out.response = absl::DeadlineExceededError("the deadline passed while the call was queued");
    return out;
  }
  if (cancelled->load(std::memory_order_relaxed)) {
    out.response = absl::CancelledError("the call was cancelled while queued");
    return out;
  }
  std::shared_ptr<InstancePool> pool = ctx.pools->Get(module);
  auto inst = pool->Acquire(&out.warm);
  if (!inst.ok()) {
    out.response = inst.status();
    return out;
  }
  bool reusable = true;
  limits.interrupt = cancelled;
  out.response = Execute(**inst, request, limits, ctx.config, &reusable);
  // Reset before answering: when the caller hears back, the instance and
  // the worker are ready for its next call (a few microseconds; large
  // memories are zeroed lazily by the kernel).
  pool->Release(std::move(*inst), reusable);
  out.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  return out;
}

}  // namespace wasmrt::service
