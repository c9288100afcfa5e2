#include "tools/wasmctl/bench_grpc.h"

#include <chrono>

#include "absl/strings/str_cat.h"
#include "tools/wasmctl/connection.h"
#include "tools/wasmctl/output.h"
#include "tools/wasmctl/values.h"

namespace wasmrt::wasmctl {
namespace {

std::unique_ptr<grpc::ClientContext> NewContext(const std::string& token, uint32_t deadline_ms) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(deadline_ms));
  if (!token.empty()) ctx->AddMetadata("authorization", "Bearer " + token);
  return ctx;
}

// The parameter types of `function`, for bare arguments.
absl::StatusOr<std::vector<std::string>> ParamTypes(const CommandLine& cl,
                                                    const BenchOptions& opts,
                                                    grpc::Channel& channel) {
  auto stub = v1::ModuleService::NewStub(std::shared_ptr<grpc::Channel>(&channel, [](auto*) {}));
  auto ctx = NewContext(cl.token, cl.rpc_timeout_ms != 0 ? cl.rpc_timeout_ms : 30'000);
  v1::GetModuleRequest get;
  get.set_module(opts.module);
  v1::ModuleInfo info;
  grpc::Status s = stub->Get(ctx.get(), get, &info);
  if (!s.ok()) return absl::Status(absl::StatusCode(s.error_code()), s.error_message());
  for (const auto& e : info.exports()) {
    if (e.name() != opts.function || e.kind() != "func") continue;
    auto sig = ParseSignature(e.type());
    if (!sig.ok()) return sig.status();
    if (sig->params.size() != opts.args.size()) {
      return absl::InvalidArgumentError(absl::StrCat("\"", opts.function, "\" takes ",
                                                     sig->params.size(), " arguments ",
                                                     e.type(), ", got ", opts.args.size()));
    }
    return sig->params;
  }
  return absl::NotFoundError(
      absl::StrCat("module has no exported function \"", opts.function, "\""));
}

}  // namespace

absl::StatusOr<std::vector<std::shared_ptr<grpc::Channel>>> MakeBenchChannels(
    const CommandLine& cl, int count) {
  std::shared_ptr<grpc::ChannelCredentials> creds = grpc::InsecureChannelCredentials();
  if (!cl.ca_cert_file.empty()) {
    auto ca = ReadAll(cl.ca_cert_file);
    if (!ca.ok()) return ca.status();
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = *ca;
    creds = grpc::SslCredentials(ssl);
  }
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  for (int i = 0; i < count; ++i) {
    grpc::ChannelArguments args;
    args.SetMaxReceiveMessageSize(-1);
    args.SetMaxSendMessageSize(-1);
    // Channels with equal arguments may share a subchannel (one TCP
    // connection); a distinct argument and a private pool keep them apart.
    args.SetInt("wasmctl.bench_channel", i);
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    channels.push_back(grpc::CreateCustomChannel(cl.server, creds, args));
  }
  return channels;
}

absl::StatusOr<std::vector<v1::InvokeRequest>> BuildBenchRequests(const CommandLine& cl,
                                                                  const BenchOptions& opts,
                                                                  grpc::Channel& channel) {
  v1::InvokeRequest base;
  base.set_module(opts.module);
  base.set_function(opts.function);
  base.mutable_limits()->set_fuel(opts.fuel);
  base.mutable_limits()->set_max_memory_bytes(opts.memory_bytes);
  base.mutable_limits()->set_timeout_ms(opts.timeout_ms);
  std::vector<v1::InvokeRequest> requests;
  auto payloads = ReadPayloads(opts);
  if (!payloads.ok()) return payloads.status();
  if (!payloads->empty()) {
    for (std::string& p : *payloads) {
      v1::InvokeRequest r = base;
      r.mutable_payload()->set_type_url(opts.type_url);
      r.mutable_payload()->set_value(std::move(p));
      requests.push_back(std::move(r));
    }
    return requests;
  }
  bool bare = false;
  for (const std::string& a : opts.args) bare |= !HasTypePrefix(a);
  std::vector<std::string> types(opts.args.size());
  if (bare) {
    auto t = ParamTypes(cl, opts, channel);
    if (!t.ok()) return t.status();
    types = *t;
  }
  v1::Arguments* args = base.mutable_args();
  for (size_t i = 0; i < opts.args.size(); ++i) {
    auto v = ParseValue(opts.args[i], types[i]);
    if (!v.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("argument ", i, ": ", v.status().message()));
    }
    *args->add_values() = *v;
  }
  requests.push_back(std::move(base));
  return requests;
}

GrpcIssuer::GrpcIssuer(std::vector<std::shared_ptr<grpc::Channel>> channels,
                       std::vector<v1::InvokeRequest> requests, bool echo, uint64_t echo_bytes,
                       std::string token, uint32_t deadline_ms)
    : requests_(std::move(requests)),
      echo_(echo),
      token_(std::move(token)),
      deadline_ms_(deadline_ms) {
  for (auto& c : channels) stubs_.push_back(v1::InvocationService::NewStub(c));
  echo_request_.set_data(std::string(echo_bytes, 'x'));
}

CallResult ResultOf(const grpc::Status& status, const v1::InvokeResponse* response) {
  CallResult r;
  r.grpc_code = int(status.error_code());
  if (!status.ok()) {
    r.grpc_message = status.error_message();
    return r;
  }
  if (response == nullptr) return r;
  switch (response->outcome_case()) {
    case v1::InvokeResponse::kReturned: r.outcome = CallResult::kReturned; break;
    case v1::InvokeResponse::kOutput: r.outcome = CallResult::kOutput; break;
    case v1::InvokeResponse::kTrap:
      r.outcome = CallResult::kTrap;
      r.trap_kind = TrapKindName(response->trap().kind());
      break;
    case v1::InvokeResponse::kExitCode:
      r.outcome = CallResult::kExit;
      r.exit_code = response->exit_code();
      break;
    case v1::InvokeResponse::kApplicationError:  // counted by no outcome bucket
    case v1::InvokeResponse::OUTCOME_NOT_SET: break;
  }
  if (response->has_stats()) {
    r.has_stats = true;
    r.exec_time_us = response->stats().exec_time_us();
    r.fuel_used = response->stats().fuel_used();
  }
  return r;
}

namespace {

// One call's state, alive until its callback has run. The callback frees
// it before reporting the result: once the last result is reported the
// bench may tear down and exit, so no call state may outlive that moment.
struct InvokeCall {
  std::unique_ptr<grpc::ClientContext> ctx;
  v1::InvokeResponse response;
  std::function<void(const CallResult&)> done;
};

struct EchoCall {
  std::unique_ptr<grpc::ClientContext> ctx;
  v1::EchoResponse response;
  std::function<void(const CallResult&)> done;
};

}  // namespace

void GrpcIssuer::Start(uint64_t seq, std::function<void(const CallResult&)> done) {
  v1::InvocationService::Stub& stub = *stubs_[seq % stubs_.size()];
  if (echo_) {
    auto* call = new EchoCall{NewContext(token_, deadline_ms_), {}, std::move(done)};
    stub.async()->Echo(call->ctx.get(), &echo_request_, &call->response,
                       [call](grpc::Status s) {
                         std::function<void(const CallResult&)> done = std::move(call->done);
                         delete call;
                         done(ResultOf(s, nullptr));
                       });
    return;
  }
  const v1::InvokeRequest& req = requests_[seq % requests_.size()];
  auto* call = new InvokeCall{NewContext(token_, deadline_ms_), {}, std::move(done)};
  stub.async()->Invoke(call->ctx.get(), &req, &call->response, [call](grpc::Status s) {
    CallResult result = ResultOf(s, &call->response);
    std::function<void(const CallResult&)> done = std::move(call->done);
    delete call;
    done(result);
  });
}

}  // namespace wasmrt::wasmctl
