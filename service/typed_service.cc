#include "service/typed_service.h"

#include <chrono>
#include <memory>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "service/call_queue.h"
#include "service/call_runner.h"
#include "service/log.h"
#include "service/rpc_status.h"
#include "service/status_text.h"
#include "service/typed_router.h"

namespace wasmrt::service {
namespace {

using Clock = std::chrono::steady_clock;

grpc::Status InvalidMetadata(const char* key, std::string why) {
  return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                      absl::StrCat("metadata ", key, ": ", why));
}

// One metadata limit: absent (0), or a non-negative decimal integer.
grpc::Status ReadLimit(const std::multimap<grpc::string_ref, grpc::string_ref>& md,
                       const char* key, int64_t* out) {
  auto [first, last] = md.equal_range(key);
  if (first == last) return grpc::Status::OK;
  if (std::next(first) != last) return InvalidMetadata(key, "given more than once");
  absl::string_view text(first->second.data(), first->second.size());
  if (!absl::SimpleAtoi(text, out)) {
    return InvalidMetadata(key, absl::StrCat(Quote(text), " is not an integer"));
  }
  if (*out < 0) {
    return InvalidMetadata(key, absl::StrCat(*out, " is negative (0 means the server's default)"));
  }
  return grpc::Status::OK;
}

// The status code of a trap: limits are RESOURCE_EXHAUSTED or
// DEADLINE_EXCEEDED, a fault of the guest INTERNAL.
grpc::StatusCode TrapStatusCode(v1::Trap::Kind kind) {
  switch (kind) {
    case v1::Trap::FUEL_EXHAUSTED:
    case v1::Trap::OUT_OF_MEMORY: return grpc::StatusCode::RESOURCE_EXHAUSTED;
    case v1::Trap::TIMEOUT: return grpc::StatusCode::DEADLINE_EXCEEDED;
    default: return grpc::StatusCode::INTERNAL;
  }
}

}  // namespace

// One call of a typed method: arrived, its request read, run (here, or
// queued for a worker), answered. Counts as in flight (graceful shutdown)
// from its arrival until it is answered; a cancelled RPC interrupts the
// guest.
class TypedCall final : public AsyncCall {
 public:
  explicit TypedCall(TypedMethodService& service)
      : AsyncCall(service.queue_), service_(service), ctx_(service.ctx_) {
    WatchDone(context_);
    service_.service_.RequestCall(&context_, &stream_, cq(), cq(), step_tag());
  }

 private:
  void Arrived() override;
  void Stepped(bool ok) override { OnReadDone(ok); }  // the only step between
  void OnReadDone(bool ok);
  grpc::Status Admit();
  grpc::Status TakeRequest();
  void Run();
  void Answer(const v1::InvokeResponse& response);
  void AddStats(const v1::Stats& stats);
  void Done(const grpc::Status& status, Metrics::Outcome outcome);

  TypedMethodService& service_;
  ServiceContext& ctx_;
  grpc::GenericServerContext context_;
  grpc::GenericServerAsyncReaderWriter stream_{&context_};
  Clock::time_point received_;
  std::shared_ptr<const TypedRoute> route_;
  CallLimits limits_;
  grpc::ByteBuffer in_;
  grpc::ByteBuffer out_;
  v1::InvokeRequest request_;
  double seconds_ = 0;
  int64_t fuel_used_ = 0;
  bool warm_ = false;
};

void TypedCall::Arrived() {
  received_ = Clock::now();
  service_.AcceptOne();  // the next call
  ctx_.in_flight.fetch_add(1);
  grpc::Status admitted = Admit();
  if (!admitted.ok()) {
    Done(admitted, FailureOutcome(admitted.error_code()));
    return;
  }
  stream_.Read(&in_, step_tag());
}

void TypedCall::OnReadDone(bool ok) {
  grpc::Status s = ok ? TakeRequest()
                      : grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                     "the call ended without a request message");
  if (s.ok()) s = BoundByGrpcDeadline(context_, received_, &limits_);
  if (!s.ok()) {
    Done(s, FailureOutcome(s.error_code()));
    return;
  }
  if (!RunOrQueue(*ctx_.executor, [this] { Run(); })) Done(QueueFull(), Metrics::kRejected);
}

grpc::Status TypedCall::Admit() {
  if (ctx_.draining) return Draining();
  grpc::Status s = ctx_.auth->Check(context_, Role::kInvoker);
  if (!s.ok()) return s;
  route_ = ctx_.typed->Find(context_.method());
  if (route_ == nullptr) {
    return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                        absl::StrCat("unknown method ", Quote(context_.method()),
                                     ": no module uploaded under a name serves it"));
  }
  auto requested = LimitsFromMetadata(context_.client_metadata());
  if (!requested.ok()) return ToGrpc(requested.status());
  auto limits = ResolveLimits(*requested, ctx_.config);
  if (!limits.ok()) return ToGrpc(limits.status());
  limits_ = *limits;
  return grpc::Status::OK;
}

// The request message's bytes become the payload, unchanged.
grpc::Status TypedCall::TakeRequest() {
  size_t size = in_.Length();
  if (size > ctx_.config.max_payload_bytes) {
    return grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                        absl::StrCat("request of ", size, " bytes is above the cap ",
                                     ctx_.config.max_payload_bytes));
  }
  request_.set_function(route_->method->export_name);
  std::string* bytes = request_.mutable_payload()->mutable_value();
  grpc::Slice single;
  if (in_.TrySingleSlice(&single).ok()) {  // the usual case: no slice vector
    bytes->assign(reinterpret_cast<const char*>(single.begin()), single.size());
  } else {
    std::vector<grpc::Slice> slices;
    if (!in_.Dump(&slices).ok()) {
      return grpc::Status(grpc::StatusCode::INTERNAL, "cannot read the request message");
    }
    bytes->reserve(size);
    for (const grpc::Slice& s : slices) {
      bytes->append(reinterpret_cast<const char*>(s.begin()), s.size());
    }
  }
  in_.Clear();
  return grpc::Status::OK;
}

// In an executor slot: on a worker, or on the thread that read the request.
void TypedCall::Run() {
  RunResult run = RunOnWorker(ctx_, route_->module, request_, limits_, cancelled());
  seconds_ = run.seconds;
  warm_ = run.warm;
  if (!run.response.ok()) {
    grpc::Status s = ToGrpc(run.response.status());
    Done(s, FailureOutcome(s.error_code()));
    return;
  }
  Answer(*run.response);
}

void TypedCall::Answer(const v1::InvokeResponse& response) {
  AddStats(response.stats());
  const TypedMethod& method = *route_->method;
  if (response.has_trap()) {
    ctx_.metrics.RecordTrap(response.trap().kind());
    Done(TrapStatus(response.trap(), method.export_name), Metrics::kTrap);
    return;
  }
  if (response.has_exit_code()) {
    Done(grpc::Status(grpc::StatusCode::INTERNAL,
                      absl::StrCat(method.export_name, " exited (WASI proc_exit ",
                                   response.exit_code(), ") instead of answering")),
         Metrics::kExit);
    return;
  }
  if (response.has_application_error()) {
    // The guest's own answer (wasmrt.set_status): its code and message as
    // they are, validated by the host function (1..16, UTF-8, capped).
    const v1::ApplicationError& error = response.application_error();
    Done(grpc::Status(grpc::StatusCode(error.code()), error.message()),
         Metrics::kApplicationError);
    return;
  }
  const std::string& bytes = response.output().value();
  absl::Status parsed = route_->api->CheckOutput(method, bytes);
  if (!parsed.ok()) {
    v1::Trap trap;
    trap.set_kind(v1::Trap::BAD_OUTPUT);
    trap.set_message(std::string(parsed.message()));
    trap.set_function(method.export_name);
    ctx_.metrics.RecordTrap(trap.kind());
    std::string message = CapMessage(parsed.message());
    Done(grpc::Status(grpc::StatusCode::INTERNAL, message,
                      EncodeRpcStatus(int(grpc::StatusCode::INTERNAL), message, trap)),
         Metrics::kTrap);
    return;
  }
  grpc::Slice slice(bytes);
  out_ = grpc::ByteBuffer(&slice, 1);
  Done(grpc::Status::OK, Metrics::kOutput);
}

void TypedCall::AddStats(const v1::Stats& stats) {
  fuel_used_ = stats.fuel_used();
  context_.AddTrailingMetadata("wasmrt-fuel-used", absl::StrCat(stats.fuel_used()));
  context_.AddTrailingMetadata("wasmrt-exec-time-us", absl::StrCat(stats.exec_time_us()));
  context_.AddTrailingMetadata("wasmrt-peak-memory-bytes",
                                absl::StrCat(stats.peak_memory_bytes()));
  context_.AddTrailingMetadata("wasmrt-warm", warm_ ? "true" : "false");
}

// Every typed call ends here, exactly once: counted, then finished.
void TypedCall::Done(const grpc::Status& status, Metrics::Outcome outcome) {
  ctx_.metrics.RecordCall(outcome, seconds_, fuel_used_, warm_);
  // In a slot, the slot is free from here (otherwise a no-op).
  ctx_.executor->MarkCurrentTaskDone();
  ctx_.in_flight.fetch_sub(1);
  Answering();
  if (status.ok()) {
    stream_.WriteAndFinish(out_, grpc::WriteOptions(), status, step_tag());
  } else {
    stream_.Finish(status, step_tag());
  }  // `this` may be deleted from here on
}

absl::StatusOr<v1::Limits> LimitsFromMetadata(
    const std::multimap<grpc::string_ref, grpc::string_ref>& metadata) {
  int64_t fuel = 0, memory = 0, timeout = 0;
  for (auto [key, out] : {std::pair<const char*, int64_t*>{"wasmrt-fuel", &fuel},
                          {"wasmrt-memory-bytes", &memory},
                          {"wasmrt-timeout-ms", &timeout}}) {
    grpc::Status s = ReadLimit(metadata, key, out);
    if (!s.ok()) return absl::InvalidArgumentError(s.error_message());
  }
  if (timeout > INT32_MAX) {  // the proto field is 32 bits
    return absl::ResourceExhaustedError(
        absl::StrCat("metadata wasmrt-timeout-ms: ", timeout, " is above the cap"));
  }
  v1::Limits limits;
  limits.set_fuel(fuel);
  limits.set_max_memory_bytes(uint64_t(memory));
  limits.set_timeout_ms(uint32_t(timeout));
  return limits;
}

grpc::Status TrapStatus(const v1::Trap& trap, const std::string& method) {
  grpc::StatusCode code = TrapStatusCode(trap.kind());
  std::string message =
      CapMessage(absl::StrCat(method, " trapped", trap.function().empty() ? "" : " in ",
                              trap.function(), ": ", trap.message()));
  return grpc::Status(code, message, EncodeRpcStatus(int(code), message, trap));
}

void TypedMethodService::Register(grpc::ServerBuilder& builder) {
  builder.RegisterAsyncGenericService(&service_);
}

void TypedMethodService::StartAccepting(int calls) {
  for (int i = 0; i < calls; ++i) AcceptOne();
}

void TypedMethodService::AcceptOne() { new TypedCall(*this); }  // deletes itself

}  // namespace wasmrt::service
