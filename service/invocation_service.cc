// InvocationService: Invoke is served through the CallQueue (call_queue.h):
// admitted (auth, parsing, module lookup, limits) on the thread that
// received it, and run there when a worker slot is idle, queued for a
// worker otherwise. Every Invoke, whatever its fate, ends in
// InvokeCall::Done, which counts it in wasmrt_calls_total by its final
// outcome.
#include <chrono>

#include "absl/strings/str_cat.h"
#include "service/call_queue.h"
#include "service/call_runner.h"
#include "service/grpc_services.h"
#include "service/invoker.h"
#include "service/log.h"
#include "service/status_text.h"

namespace wasmrt::service {
namespace {

using Clock = std::chrono::steady_clock;

const char* OutcomeName(const v1::InvokeResponse& r) {
  switch (r.outcome_case()) {
    case v1::InvokeResponse::kReturned: return "returned";
    case v1::InvokeResponse::kOutput: return "output";
    case v1::InvokeResponse::kTrap: return "trap";
    case v1::InvokeResponse::kExitCode: return "exit";
    case v1::InvokeResponse::kApplicationError: return "application_error";
    default: return "none";
  }
}

Metrics::Outcome ResponseOutcome(const v1::InvokeResponse& r) {
  switch (r.outcome_case()) {
    case v1::InvokeResponse::kReturned: return Metrics::kReturned;
    case v1::InvokeResponse::kOutput: return Metrics::kOutput;
    case v1::InvokeResponse::kTrap: return Metrics::kTrap;
    case v1::InvokeResponse::kExitCode: return Metrics::kExit;
    case v1::InvokeResponse::kApplicationError: return Metrics::kApplicationError;
    default: return Metrics::kError;
  }
}

}  // namespace

// One Invoke RPC. A cancelled RPC (client gone, deadline passed) interrupts
// the guest, so no worker computes for nobody. The call counts as in flight
// (graceful shutdown) from its arrival until it is answered.
class InvokeCall final : public AsyncCall {
 public:
  explicit InvokeCall(InvocationServiceImpl& service)
      : AsyncCall(service.queue_), service_(service), ctx_(service.ctx_) {
    WatchDone(context_);
    service_.RequestInvoke(&context_, &raw_, &responder_, cq(), cq(), step_tag());
  }

 private:
  void Arrived() override;
  void Stepped(bool) override {}  // no step between arrival and answer
  grpc::Status Admit(const grpc::ByteBuffer& raw);
  void Run();
  void Done(const grpc::Status& status) { Done(status, FailureOutcome(status.error_code())); }
  void Done(const grpc::Status& status, Metrics::Outcome failure);

  InvocationServiceImpl& service_;
  ServiceContext& ctx_;
  grpc::ServerContext context_;
  grpc::ByteBuffer raw_;
  grpc::ServerAsyncResponseWriter<grpc::ByteBuffer> responder_{&context_};
  grpc::ByteBuffer out_;
  Clock::time_point received_;
  v1::InvokeRequest request_;
  v1::InvokeResponse response_;
  std::shared_ptr<const StoredModule> module_;
  CallLimits limits_;
  double seconds_ = 0;  // execution time
  bool warm_ = false;
};

void InvokeCall::Arrived() {
  received_ = Clock::now();
  service_.AcceptOne();  // the next call
  ctx_.in_flight.fetch_add(1);
  grpc::Status admitted = Admit(raw_);
  raw_.Clear();
  if (!admitted.ok()) {
    Done(admitted);
    return;
  }
  if (!RunOrQueue(*ctx_.executor, [this] { Run(); })) Done(QueueFull(), Metrics::kRejected);
}

grpc::Status InvokeCall::Admit(const grpc::ByteBuffer& raw) {
  if (ctx_.draining) return Draining();
  grpc::Status status = ctx_.auth->Check(context_, Role::kInvoker);
  if (status.ok()) status = ParseMessage(raw, &request_);
  if (!status.ok()) return status;
  auto module = ctx_.modules->Find(request_.module());
  if (!module.ok()) return ToGrpc(module.status());
  module_ = *module;
  auto limits = ResolveLimits(request_.limits(), ctx_.config);
  if (!limits.ok()) return ToGrpc(limits.status());
  limits_ = *limits;
  // The gRPC deadline also bounds the execution.
  return BoundByGrpcDeadline(context_, received_, &limits_);
}

// In an executor slot: on a worker, or on the thread that received the call.
void InvokeCall::Run() {
  RunResult run = RunOnWorker(ctx_, module_, request_, limits_, cancelled());
  warm_ = run.warm;
  seconds_ = run.seconds;
  absl::StatusOr<v1::InvokeResponse>& result = run.response;
  if (!result.ok()) {
    Done(ToGrpc(result.status()));
    return;
  }
  result->mutable_stats()->set_warm(warm_);
  if (LogEnabled(LogLevel::kDebug)) {
    Log(LogLevel::kDebug,
        absl::StrCat("invoke module=", module_->id, " function=", Quote(request_.function()),
                     " outcome=", OutcomeName(*result), " us=", int64_t(seconds_ * 1e6),
                     " fuel=", result->stats().fuel_used(), " warm=", warm_));
  }
  response_ = std::move(*result);
  Done(grpc::Status::OK);
}

// Every Invoke ends here, exactly once: counted by its final outcome, then
// finished. `failure` is the outcome counted when `status` is not OK.
void InvokeCall::Done(const grpc::Status& status, Metrics::Outcome failure) {
  if (status.ok()) {
    ctx_.metrics.RecordCall(ResponseOutcome(response_), seconds_, response_.stats().fuel_used(),
                            warm_);
    if (response_.has_trap()) ctx_.metrics.RecordTrap(response_.trap().kind());
    SerializeMessage(response_, &out_);
  } else {
    ctx_.metrics.RecordCall(failure, seconds_, 0, warm_);
  }
  // In a slot, the slot is free from here (otherwise a no-op).
  ctx_.executor->MarkCurrentTaskDone();
  ctx_.in_flight.fetch_sub(1);
  Answering();
  if (status.ok()) {
    responder_.Finish(out_, status, step_tag());
  } else {
    responder_.FinishWithError(status, step_tag());
  }  // `this` may be deleted from here on
}

void InvocationServiceImpl::StartAccepting(int calls) {
  for (int i = 0; i < calls; ++i) AcceptOne();
}

void InvocationServiceImpl::AcceptOne() { new InvokeCall(*this); }  // deletes itself

grpc::ServerUnaryReactor* InvocationServiceImpl::Echo(grpc::CallbackServerContext* context,
                                                      const grpc::ByteBuffer* request,
                                                      grpc::ByteBuffer* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  grpc::Status status = ctx_.auth->Check(*context, Role::kInvoker);
  v1::EchoRequest req;
  if (status.ok()) status = ParseMessage(*request, &req);
  if (status.ok()) {
    v1::EchoResponse reply;
    reply.set_data(std::move(*req.mutable_data()));
    SerializeMessage(reply, response);
  }
  reactor->Finish(status);
  return reactor;
}

}  // namespace wasmrt::service
