#include "service/grpc_services.h"

#include <chrono>

#include "absl/strings/str_cat.h"
#include "service/invoker.h"
#include "service/log.h"

namespace wasmrt::service {
namespace {

using Clock = std::chrono::steady_clock;

const char* OutcomeName(const v1::InvokeResponse& r) {
  switch (r.outcome_case()) {
    case v1::InvokeResponse::kReturned: return "returned";
    case v1::InvokeResponse::kOutput: return "output";
    case v1::InvokeResponse::kTrap: return "trap";
    case v1::InvokeResponse::kExitCode: return "exit";
    default: return "none";
  }
}

Metrics::Outcome MetricOutcome(const v1::InvokeResponse& r) {
  switch (r.outcome_case()) {
    case v1::InvokeResponse::kReturned: return Metrics::kReturned;
    case v1::InvokeResponse::kOutput: return Metrics::kOutput;
    case v1::InvokeResponse::kTrap: return Metrics::kTrap;
    case v1::InvokeResponse::kExitCode: return Metrics::kExit;
    default: return Metrics::kError;
  }
}

// A unary reactor that turns a cancelled RPC (client gone, deadline passed)
// into an interruption of the guest, so no worker computes for nobody.
// It also counts itself in flight until it finishes (graceful shutdown).
class InvokeReactor final : public grpc::ServerUnaryReactor {
 public:
  explicit InvokeReactor(std::atomic<int>& in_flight) : in_flight_(in_flight) {
    in_flight_.fetch_add(1);
  }
  void OnCancel() override { cancelled_.store(true, std::memory_order_relaxed); }
  void OnDone() override { delete this; }
  const std::atomic<bool>* cancelled() const { return &cancelled_; }
  // Finish, and no longer in flight.
  void Done(const grpc::Status& status) {
    in_flight_.fetch_sub(1);
    Finish(status);
  }

 private:
  std::atomic<bool> cancelled_{false};
  std::atomic<int>& in_flight_;
};

grpc::Status Draining() {
  return grpc::Status(grpc::StatusCode::UNAVAILABLE, "the server is shutting down");
}

}  // namespace

grpc::Status ToGrpc(const absl::Status& s) {
  if (s.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(s.code()), std::string(s.message()));
}

// ---- ModuleService ----------------------------------------------------------

grpc::Status ModuleServiceImpl::Upload(grpc::ServerContext* context,
                                       grpc::ServerReader<v1::UploadRequest>* reader,
                                       v1::ModuleInfo* response) {
  InFlight in_flight(ctx_);
  if (ctx_.draining) return Draining();
  grpc::Status auth = ctx_.auth->Check(*context, Role::kAdmin);
  if (!auth.ok()) return auth;
  v1::UploadRequest part;
  v1::UploadHeader header;
  std::string bytes;
  bool first = true;
  while (reader->Read(&part)) {
    if (part.has_header()) {
      if (!first) {
        return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                            "the upload header must be the first message");
      }
      header = part.header();
    } else {
      if (bytes.size() + part.chunk().size() > ctx_.config.max_module_bytes) {
        ctx_.metrics.RecordUpload(false);
        return grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                            absl::StrCat("module is larger than the cap of ",
                                         ctx_.config.max_module_bytes, " bytes"));
      }
      bytes += part.chunk();
    }
    first = false;
  }
  if (header.size_bytes() != 0 && header.size_bytes() != bytes.size()) {
    ctx_.metrics.RecordUpload(false);
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        absl::StrCat("received ", bytes.size(), " bytes, the header announced ",
                                     header.size_bytes()));
  }
  auto stored = ctx_.modules->Add(bytes, header.name());
  ctx_.metrics.RecordUpload(stored.ok());
  if (!stored.ok()) {
    Log(LogLevel::kInfo, absl::StrCat("upload rejected bytes=", bytes.size(), " error=\"",
                                      stored.status().message(), "\""));
    return ToGrpc(stored.status());
  }
  Log(LogLevel::kInfo, absl::StrCat("module stored id=", (*stored)->id,
                                    " name=", header.name(), " bytes=", bytes.size()));
  *response = ctx_.modules->Describe(**stored);
  return grpc::Status::OK;
}

grpc::Status ModuleServiceImpl::Get(grpc::ServerContext* context,
                                    const v1::GetModuleRequest* request,
                                    v1::ModuleInfo* response) {
  InFlight in_flight(ctx_);
  if (ctx_.draining) return Draining();
  grpc::Status auth = ctx_.auth->Check(*context, Role::kInvoker);
  if (!auth.ok()) return auth;
  auto m = ctx_.modules->Find(request->module());
  if (!m.ok()) return ToGrpc(m.status());
  *response = ctx_.modules->Describe(**m);
  return grpc::Status::OK;
}

grpc::Status ModuleServiceImpl::List(grpc::ServerContext* context, const v1::ListModulesRequest*,
                                     v1::ListModulesResponse* response) {
  InFlight in_flight(ctx_);
  if (ctx_.draining) return Draining();
  grpc::Status auth = ctx_.auth->Check(*context, Role::kInvoker);
  if (!auth.ok()) return auth;
  for (const auto& m : ctx_.modules->List()) *response->add_modules() = ctx_.modules->Describe(*m);
  return grpc::Status::OK;
}

grpc::Status ModuleServiceImpl::Delete(grpc::ServerContext* context,
                                       const v1::DeleteModuleRequest* request,
                                       v1::DeleteModuleResponse* response) {
  InFlight in_flight(ctx_);
  if (ctx_.draining) return Draining();
  grpc::Status auth = ctx_.auth->Check(*context, Role::kAdmin);
  if (!auth.ok()) return auth;
  auto id = ctx_.modules->Delete(request->module());
  if (!id.ok()) return ToGrpc(id.status());
  ctx_.pools->Remove(*id);
  Log(LogLevel::kInfo, absl::StrCat("module deleted id=", *id));
  response->set_id(*id);
  return grpc::Status::OK;
}

// ---- InvocationService ------------------------------------------------------

grpc::ServerUnaryReactor* InvocationServiceImpl::Invoke(grpc::CallbackServerContext* context,
                                                        const v1::InvokeRequest* request,
                                                        v1::InvokeResponse* response) {
  auto* reactor = new InvokeReactor(ctx_.in_flight);  // deletes itself in OnDone
  if (ctx_.draining) {
    reactor->Done(Draining());
    return reactor;
  }
  auto received = Clock::now();
  grpc::Status auth = ctx_.auth->Check(*context, Role::kInvoker);
  if (!auth.ok()) {
    reactor->Done(auth);
    return reactor;
  }
  auto module = ctx_.modules->Find(request->module());
  if (!module.ok()) {
    ctx_.metrics.RecordCall(Metrics::kError, 0, 0, false);
    reactor->Done(ToGrpc(module.status()));
    return reactor;
  }
  auto limits = ResolveLimits(request->limits(), ctx_.config, received);
  if (!limits.ok()) {
    ctx_.metrics.RecordCall(Metrics::kError, 0, 0, false);
    reactor->Done(ToGrpc(limits.status()));
    return reactor;
  }
  // The gRPC deadline also bounds the execution.
  auto grpc_deadline = context->deadline();
  auto now_sys = std::chrono::system_clock::now();
  if (grpc_deadline < now_sys + std::chrono::hours(24 * 365)) {
    auto remaining = grpc_deadline - now_sys;
    if (remaining <= std::chrono::nanoseconds(0)) {
      reactor->Done(grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED,
                                   "the deadline passed before the call started"));
      return reactor;
    }
    auto d = received + std::chrono::duration_cast<Clock::duration>(remaining);
    if (d < limits->deadline) limits->deadline = d;
  }
  std::shared_ptr<const StoredModule> mod = *module;
  CallLimits lim = *limits;
  bool queued = ctx_.executor->TrySubmit([this, context, request, response, reactor, mod, lim] {
    auto started = Clock::now();
    if (started >= lim.deadline) {  // the gRPC deadline passed in the queue
      reactor->Done(grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED,
                                   "the deadline passed while the call was queued"));
      return;
    }
    std::shared_ptr<InstancePool> pool = ctx_.pools->Get(mod);
    bool warm = false;
    auto inst = pool->Acquire(&warm);
    if (!inst.ok()) {
      ctx_.metrics.RecordCall(Metrics::kError, 0, 0, false);
      reactor->Done(ToGrpc(inst.status()));
      return;
    }
    bool reusable = true;
    CallLimits call_limits = lim;
    call_limits.interrupt = reactor->cancelled();
    auto result = Execute(**inst, *request, call_limits, ctx_.config, &reusable);
    // Reset before answering: when the caller hears back, the instance and
    // the worker are ready for its next call (a few microseconds; large
    // memories are zeroed lazily by the kernel).
    pool->Release(std::move(*inst), reusable);
    double seconds = std::chrono::duration<double>(Clock::now() - started).count();
    if (!result.ok()) {
      ctx_.metrics.RecordCall(Metrics::kError, seconds, 0, warm);
      ctx_.executor->MarkCurrentTaskDone();
      reactor->Done(ToGrpc(result.status()));
      return;
    }
    result->mutable_stats()->set_warm(warm);
    ctx_.metrics.RecordCall(MetricOutcome(*result), seconds, result->stats().fuel_used(), warm);
    if (result->has_trap()) ctx_.metrics.RecordTrap(result->trap().kind());
    if (LogEnabled(LogLevel::kDebug)) {
      Log(LogLevel::kDebug,
          absl::StrCat("invoke module=", mod->id, " function=", request->function(),
                       " outcome=", OutcomeName(*result), " us=", int64_t(seconds * 1e6),
                       " fuel=", result->stats().fuel_used(), " warm=", warm));
    }
    *response = std::move(*result);
    ctx_.executor->MarkCurrentTaskDone();
    reactor->Done(grpc::Status::OK);
  });
  if (!queued) {
    ctx_.metrics.RecordCall(Metrics::kRejected, 0, 0, false);
    reactor->Done(grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                                 "the server is at capacity: execution queue full"));
  }
  return reactor;
}

grpc::ServerUnaryReactor* InvocationServiceImpl::Echo(grpc::CallbackServerContext* context,
                                                      const v1::EchoRequest* request,
                                                      v1::EchoResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  grpc::Status auth = ctx_.auth->Check(*context, Role::kInvoker);
  if (auth.ok()) response->set_data(request->data());
  reactor->Finish(auth);
  return reactor;
}

}  // namespace wasmrt::service
